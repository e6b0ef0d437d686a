"""The Franchises page, driven as a viewer would: the example's Bosch universe as a tree and in
its three orders, editing franchises, members and relations (with validation and undo), following
a franchise, and opening a series from it. Its models pass the model tester."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialogButtonBox

from tests.conftest import NOW
from watchtracker.domain.dates import parse_partial_date
from watchtracker.domain.enums import AnnouncementKind, LifecycleStatus, RelationKind, ViewerState
from watchtracker.domain.franchise import (
    FranchiseEdge,
    FranchiseGraph,
    FranchiseNode,
    FranchiseSummary,
    build_tree,
    release_order,
    watch_order,
)
from watchtracker.domain.inputs import SeriesInput
from watchtracker.services.changes import Changes
from watchtracker.services.franchises import FranchiseService

from watchtracker.ui.common.delegates import PROGRESS_ROLE
from watchtracker.ui.franchises.controller import FranchisesController
from watchtracker.ui.franchises.dialogs import AddSeriesDialog, NameDialog, RelationDialog
from watchtracker.ui.franchises.model import (
    FOLLOWED_ROLE,
    SUBTITLE_ROLE,
    T_PROGRESS,
    T_RELATION,
    T_STATE,
    T_STATUS,
    T_TITLE,
    T_YEARS,
    CandidatesModel,
    FranchiseListModel,
    FranchiseTreeModel,
    Order,
    OrderModel,
)
from watchtracker.ui.franchises.page import (
    CONTENT,
    EMPTY,
    FOLLOW_TEXT,
    FOLLOWING_TEXT,
    MEMBERS,
    NO_MEMBERS,
    FranchisesPage,
)
from watchtracker.ui.tasks import TaskRunner

K = RelationKind
LONG = (
    "The Extraordinarily Long-Winded Chronicles of Detective Harry Bosch and the Los Angeles Night "
    "Shift That Never Ends <b>(Director's Cut)</b>"
)


# -- a page with its controller, wired as the window wires it -----------------------------------


@dataclass
class Rig:
    services: object
    fs: FranchiseService
    page: FranchisesPage
    controller: FranchisesController
    runner: TaskRunner
    stack: QUndoStack | None
    changes: list = field(default_factory=list)
    opened: list = field(default_factory=list)
    statuses: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.statuses[-1] if self.statuses else ""


@pytest.fixture
def make_rig(qtbot):
    rigs: list[Rig] = []

    def _make(services, *, undo: bool = True) -> Rig:
        fs = FranchiseService(services.engine, clock=lambda: NOW)
        page = FranchisesPage()
        qtbot.addWidget(page)
        page.resize(1150, 720)
        page.show()
        runner = TaskRunner()
        # Owned by the page, as the window owns its stack: Qt deletes it, and the commands on it,
        # when qtbot deletes the page. A stack without a parent would be left to Python's cycle
        # collector (the rig is in a cycle), and PySide6 may then clear a command's wrapper before
        # the stack's, hand the command back to Python and delete it, and the stack deletes it
        # again: a segfault in QUndoStack::clear in whichever test the collector happens to run in.
        stack = QUndoStack(page) if undo else None
        rig = Rig(services, fs, page, None, runner, stack)  # type: ignore[arg-type]

        def apply(changes: Changes) -> None:  # the window: every view hears of it
            rig.changes.append(changes)
            rig.controller.on_changes(changes)

        rig.controller = FranchisesController(
            page,
            fs,
            library_lane=runner,
            apply_changes=apply,
            open_series=rig.opened.append,
            status=lambda text, ms: rig.statuses.append(text),
            report_error=rig.errors.append,
            undo_stack=stack,
        )
        with qtbot.waitSignal(rig.controller.loaded, timeout=10_000):
            rig.controller.reload()
        rigs.append(rig)
        return rig

    yield _make
    for rig in rigs:
        rig.runner.wait()
        assert rig.errors == [], rig.errors


def idle(qtbot, rig: Rig) -> None:
    qtbot.waitUntil(lambda: not rig.runner.busy and not rig.controller._soon.isActive(), timeout=10_000)


def act(qtbot, rig: Rig, gesture) -> None:
    """Do what the viewer does and wait until the page shows its outcome."""
    idle(qtbot, rig)
    with qtbot.waitSignal(rig.controller.loaded, timeout=10_000):
        gesture()
    idle(qtbot, rig)


def open_dialog(qtbot, rig: Rig, gesture, kind):
    idle(qtbot, rig)
    gesture()
    qtbot.waitUntil(
        lambda: isinstance(rig.controller.dialog, kind) and rig.controller.dialog.isVisible(), timeout=10_000
    )
    return rig.controller.dialog


def press_ok(qtbot, rig: Rig, dialog, *, closes: bool = True) -> None:
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled()
    if closes:
        with qtbot.waitSignal(rig.controller.loaded, timeout=10_000):
            qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        idle(qtbot, rig)
        assert rig.controller.dialog is None  # closed (and gone)
    else:
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
        idle(qtbot, rig)
        assert dialog.isVisible()


def undo(qtbot, rig: Rig) -> None:
    act(qtbot, rig, rig.stack.undo)


def redo(qtbot, rig: Rig) -> None:
    act(qtbot, rig, rig.stack.redo)


def ids(services) -> dict[str, int]:
    return {title: sid for sid, title in services.library.titles()}


def franchise_names(page: FranchisesPage) -> list[str]:
    m = page.list_model
    return [m.index(r).data() for r in range(m.rowCount())]


def tree_rows(page: FranchisesPage, parent=None, depth: int = 0) -> list[tuple]:
    """(depth, title, relation, status, years, progress, you) in tree order."""
    m = page.tree_model
    parent = parent or QModelIndex()
    out = []
    for r in range(m.rowCount(parent)):
        index = m.index(r, 0, parent)
        out.append(
            (
                depth,
                *(m.index(r, c, parent).data() for c in (T_TITLE, T_RELATION, T_STATUS, T_YEARS, T_PROGRESS, T_STATE)),
            )
        )
        out.extend(tree_rows(page, index, depth + 1))
    return out


def order_titles(page: FranchisesPage, order: Order) -> list[str]:
    m = page.order_models[order]
    return [m.index(r, 1).data() for r in range(m.rowCount())]


def choose(combo, value) -> None:
    at = combo.findData(value)
    assert at >= 0, value
    combo.setCurrentIndex(at)


# -- the models ---------------------------------------------------------------------------------


def _node(
    sid: int, title: str, premiere: str | None, status=LifecycleStatus.ENDED, watched=0, aired=0, state=None
) -> FranchiseNode:
    return FranchiseNode(
        sid,
        title,
        status,
        parse_partial_date(premiere) if premiere else None,
        None,
        state is not None,
        state,
        watched,
        aired,
    )


def _graph(nodes, edges, name="Universe") -> FranchiseGraph:
    return FranchiseGraph(
        1,
        name,
        "",
        False,
        tuple(sorted(nodes, key=lambda n: release_order(nodes).index(n.series_id))),
        tuple(edges),
        build_tree(nodes, edges),
        release_order(nodes),
        watch_order(nodes, edges),
        watch_order(nodes, edges, story=True),
    )


def test_the_models_pass_the_model_tester(qtmodeltester):
    nodes = [
        _node(1, "Original", "2010", watched=10, aired=10, state=ViewerState.COMPLETED),
        _node(2, "Sequel", "2012", watched=3, aired=8, state=ViewerState.WATCHING),
        _node(3, "Prequel", "2015"),
        _node(4, "Spin-off of the sequel", "2020"),
        _node(5, "Same universe", "2008"),
        _node(6, "Revival", None, status=LifecycleStatus.ANNOUNCED),
    ]
    edges = [
        FranchiseEdge(2, 1, K.SEQUEL_OF),
        FranchiseEdge(3, 1, K.PREQUEL_OF),
        FranchiseEdge(4, 2, K.SPIN_OFF_OF),
        FranchiseEdge(5, 1, K.SAME_UNIVERSE),
        FranchiseEdge(6, 1, K.REVIVAL_OF),
        FranchiseEdge(4, 1, K.SAME_UNIVERSE),
    ]
    graph = _graph(nodes, edges)

    tree = FranchiseTreeModel()
    qtmodeltester.check(tree)  # empty
    tree.set_graph(graph)
    qtmodeltester.check(tree)
    assert tree.rowCount() == 2  # "Same universe" (2008) and "Original" (2010) are the roots
    original = tree.index_of(1)
    assert tree.rowCount(original) == 3 and tree.parent(tree.index_of(4)) == tree.index_of(2)
    assert tree.index_of(4, T_RELATION).data() == "Spin-off of Sequel; same universe as Original"
    assert tree.index_of(2, T_PROGRESS).data(PROGRESS_ROLE) == (3, 8)
    assert (
        tree.index_of(6, T_PROGRESS).data() == "not out yet"
        and tree.index_of(6, T_PROGRESS).data(PROGRESS_ROLE) is None
    )
    assert tree.index_of(3, T_STATE).data() == "Not followed"
    tree.set_graph(None)
    qtmodeltester.check(tree)

    for order in Order:
        model = OrderModel(order)
        qtmodeltester.check(model)
        model.set_graph(graph)
        qtmodeltester.check(model)
        assert model.series_ids() == list(order.of(graph))
        assert model.index(0, 0).data() == "1."
    story = OrderModel(Order.STORY)
    story.set_graph(graph)
    assert story.series_ids() == [5, 3, 1, 2, 4, 6]

    candidates = CandidatesModel()
    qtmodeltester.check(candidates)
    candidates.set_rows([(7, "The Lincoln Lawyer"), (8, LONG)])
    qtmodeltester.check(candidates)
    assert candidates.series_at(candidates.index(1)) == 8
    assert "&lt;b&gt;" in candidates.index(1).data(Qt.ItemDataRole.ToolTipRole)

    lists = FranchiseListModel()
    qtmodeltester.check(lists)
    lists.set_rows(
        [
            FranchiseSummary(1, "Bosch universe", "", True, ("Bosch", "Ballard"), 2, "2014–2025"),
            FranchiseSummary(2, "Empty", "", False, (), 0, ""),
        ]
    )
    qtmodeltester.check(lists)
    assert lists.index(0).data(SUBTITLE_ROLE) == "2 series · 2014–2025 · you follow all"
    assert lists.index(0).data(FOLLOWED_ROLE) is True
    assert lists.index(1).data(SUBTITLE_ROLE) == "no series yet"


def test_dropping_a_series_onto_another_asks_for_a_relation_and_moves_nothing(qtbot):
    nodes = [_node(1, "A", "2010"), _node(2, "B", "2012")]
    model = FranchiseTreeModel()
    model.set_graph(_graph(nodes, []))
    a, b = model.index_of(1), model.index_of(2)
    data = model.mimeData([b])
    assert not model.canDropMimeData(data, Qt.DropAction.LinkAction, -1, -1, b)  # onto itself
    assert not model.canDropMimeData(data, Qt.DropAction.LinkAction, 0, 0, a)  # between rows
    assert not model.canDropMimeData(QMimeData(), Qt.DropAction.LinkAction, -1, -1, a)  # not a series
    with qtbot.waitSignal(model.series_dropped) as dropped:
        assert model.dropMimeData(data, Qt.DropAction.LinkAction, -1, -1, a)
    assert dropped.args == [2, 1]
    assert model.rowCount() == 2


# -- the example's Bosch universe ---------------------------------------------------------------


def test_the_bosch_universe_as_a_tree_and_in_three_orders(qtbot, make_rig, example):
    rig = make_rig(example)
    page = rig.page
    assert page.stack.currentIndex() == CONTENT and page.body.currentIndex() == MEMBERS
    assert franchise_names(page) == ["Bosch universe"]
    assert page.list_model.index(0).data(SUBTITLE_ROLE) == "3 series · 2014–2025 · you follow all"
    assert page.current_franchise_id() == page.graph.id
    assert page.name_label.full_text() == "Bosch universe"
    assert page.meta_label.full_text().startswith("3 series · 2014–2025 · you follow all of them")
    assert tree_rows(page) == [
        (0, "Bosch", "", "Ended", "2014–2021", "68/68", "Completed"),
        (1, "Bosch: Legacy", "Spin-off of Bosch", "Ended", "2022–2025", "2/30", "Watching"),
        (1, "Ballard", "Spin-off of Bosch", "On hiatus", "2025–", "4/10", "Watching"),
    ]
    s = ids(example)
    for order in Order:
        assert order_titles(page, order) == ["Bosch", "Bosch: Legacy", "Ballard"]
        assert page.order_models[order].index(2, 0).data() == "3."
    assert [page.orders.tabText(i) for i in range(3)] == ["Release order", "Suggested watch order", "Story order"]
    assert page.follow_button.text() == FOLLOW_TEXT and not page.follow_button.isChecked()

    # a spin-off announced for 2025 and not followed, as Ballard was in the example before it came out
    sid, changes = example.catalog.add_series(
        SeriesInput(
            title="Bosch: Origins",
            premiere="2025",
            relation_kind=K.SPIN_OFF_OF,
            related_series_id=s["Bosch"],
            follow_state=None,
        )
    )
    act(qtbot, rig, lambda: rig.controller.on_changes(changes))
    assert (
        1,
        "Bosch: Origins",
        "Spin-off of Bosch",
        "Announced",
        "2025",
        "expected, no date since",
        "Not followed",
    ) in tree_rows(page)
    origins_years = page.tree_model.index_of(sid, T_YEARS)
    assert "Expected 2025 — no date since" in origins_years.data(Qt.ItemDataRole.ToolTipRole)  # over: overdue


def test_a_node_opens_its_detail_view(qtbot, make_rig, example):
    rig = make_rig(example)
    page, s = rig.page, ids(example)
    legacy = page.tree_model.index_of(s["Bosch: Legacy"])
    page.tree.setFocus()
    page.tree.setCurrentIndex(legacy)
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    assert rig.opened == [s["Bosch: Legacy"]]
    ballard = page.tree_model.index_of(s["Ballard"])
    page.tree.scrollTo(ballard)
    point = page.tree.visualRect(ballard).center()
    qtbot.mouseClick(page.tree.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(page.tree.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert rig.opened[-1] == s["Ballard"]
    # from a numbered order too
    view = page.order_views[Order.WATCH]
    view.activated.emit(page.order_models[Order.WATCH].index(0, 1))
    assert rig.opened[-1] == s["Bosch"]


# -- editing franchises -------------------------------------------------------------------------


def test_an_empty_library_explains_franchises_and_makes_one(qtbot, make_rig, services):
    rig = make_rig(services)
    page = rig.page
    assert page.stack.currentIndex() == EMPTY
    assert "A franchise gathers the series of one universe" in page.empty_text.text()
    assert page.empty_new_button.isVisible()
    dialog = open_dialog(qtbot, rig, page.empty_new_button.click, NameDialog)
    assert not dialog.ok_button.isEnabled()  # no name yet
    dialog.name.setText("  Harry   Bosch ")
    press_ok(qtbot, rig, dialog)
    assert page.stack.currentIndex() == CONTENT and franchise_names(page) == ["Harry Bosch"]
    assert page.body.currentIndex() == NO_MEMBERS
    assert "No series in Harry Bosch yet" in page.no_members_label.text()
    assert rig.status.startswith("Made the franchise Harry Bosch")
    undo(qtbot, rig)
    assert page.stack.currentIndex() == EMPTY


def test_create_rename_and_delete_a_franchise_with_undo(qtbot, make_rig, example):
    rig = make_rig(example)
    page = rig.page
    universe = page.current_franchise_id()

    # a taken name: said in the dialog, nothing saved
    dialog = open_dialog(qtbot, rig, page.new_button.click, NameDialog)
    dialog.name.setText(" bosch  UNIVERSE")
    press_ok(qtbot, rig, dialog, closes=False)
    assert dialog.error.isVisible() and dialog.error.text() == "There is a franchise called “Bosch universe” already."
    assert rig.fs.franchises()[0].name == "Bosch universe" and len(rig.fs.franchises()) == 1
    dialog.name.setText("Connelly")
    dialog.description.setPlainText("The Lincoln Lawyer and friends")
    press_ok(qtbot, rig, dialog)
    assert franchise_names(page) == ["Bosch universe", "Connelly"]
    assert page.name_label.full_text() == "Connelly"  # the new one is chosen
    connelly = page.current_franchise_id()

    dialog = open_dialog(qtbot, rig, page.rename_button.click, NameDialog)
    assert dialog.name.text() == "Connelly" and dialog.description.toPlainText() == "The Lincoln Lawyer and friends"
    dialog.name.setText("Michael Connelly on screen")
    press_ok(qtbot, rig, dialog)
    assert franchise_names(page) == ["Bosch universe", "Michael Connelly on screen"]
    undo(qtbot, rig)
    assert franchise_names(page) == ["Bosch universe", "Connelly"]
    redo(qtbot, rig)
    assert franchise_names(page) == ["Bosch universe", "Michael Connelly on screen"]

    page.select_franchise(universe)
    qtbot.waitUntil(lambda: page.graph is not None and page.graph.id == universe, timeout=10_000)
    act(qtbot, rig, page.delete_button.click)
    assert franchise_names(page) == ["Michael Connelly on screen"]
    assert rig.status == "Deleted Bosch universe; its series stay in your library. Undo with Ctrl+Z."
    assert len(example.library.titles()) == 3
    assert rig.stack.undoText() == "Delete Bosch universe"
    undo(qtbot, rig)
    assert franchise_names(page) == ["Bosch universe", "Michael Connelly on screen"]
    page.select_franchise(universe)
    qtbot.waitUntil(lambda: page.graph is not None and page.graph.id == universe, timeout=10_000)
    assert [r[1] for r in tree_rows(page)] == ["Bosch", "Bosch: Legacy", "Ballard"]
    assert connelly != universe


# -- members and relations ----------------------------------------------------------------------


def test_add_a_relation_in_the_dialog_with_validation_and_undo(qtbot, make_rig, example):
    rig = make_rig(example)
    page, s = rig.page, ids(example)
    lawyer, _ = example.catalog.add_series(SeriesInput(title="The Lincoln Lawyer", premiere="2022-05-13"))

    dialog = open_dialog(qtbot, rig, page.add_relation_button.click, RelationDialog)
    # a cycle: Bosch a sequel of its own spin-off
    choose(dialog.from_series, s["Bosch"])
    choose(dialog.kind, K.SEQUEL_OF)
    choose(dialog.to_series, s["Ballard"])
    assert dialog.sentence.text() == "Bosch is a sequel of Ballard."
    before = rig.fs.franchise(page.graph.id)
    press_ok(qtbot, rig, dialog, closes=False)
    assert dialog.error.text() == "That relation would make a series its own ancestor."
    # a duplicate
    choose(dialog.from_series, s["Ballard"])
    choose(dialog.kind, K.SPIN_OFF_OF)
    choose(dialog.to_series, s["Bosch"])
    press_ok(qtbot, rig, dialog, closes=False)
    assert dialog.error.text() == "These two series are already related that way."
    assert rig.fs.franchise(page.graph.id) == before  # nothing saved
    # to itself: the dialog says so before anything is sent
    choose(dialog.to_series, s["Ballard"])
    assert not dialog.ok_button.isEnabled()
    assert "cannot be related to itself" in dialog.sentence.text()
    # a loose series of the library, related to a member, joins the franchise
    choose(dialog.from_series, lawyer)
    choose(dialog.kind, K.SAME_UNIVERSE)
    choose(dialog.to_series, s["Bosch"])
    assert dialog.sentence.text() == "The Lincoln Lawyer is in the same universe as Bosch."
    press_ok(qtbot, rig, dialog)
    assert rig.status == "The Lincoln Lawyer: same universe as Bosch; The Lincoln Lawyer joined Bosch universe."
    assert ("The Lincoln Lawyer", "Same universe as Bosch") in [(r[1], r[2]) for r in tree_rows(page)]
    assert order_titles(page, Order.RELEASE) == ["Bosch", "Bosch: Legacy", "The Lincoln Lawyer", "Ballard"]
    undo(qtbot, rig)  # the relation goes, and the join with it
    assert [r[1] for r in tree_rows(page)] == ["Bosch", "Bosch: Legacy", "Ballard"]
    assert rig.fs.franchise_of(lawyer) is None
    redo(qtbot, rig)
    assert "The Lincoln Lawyer" in order_titles(page, Order.RELEASE)


def test_drag_a_series_onto_another_then_choose_the_kind(qtbot, make_rig, example):
    rig = make_rig(example)
    page, s = rig.page, ids(example)
    m = page.tree_model
    data = m.mimeData([m.index_of(s["Ballard"])])
    dialog = open_dialog(
        qtbot,
        rig,
        lambda: m.dropMimeData(data, Qt.DropAction.LinkAction, -1, -1, m.index_of(s["Bosch: Legacy"])),
        RelationDialog,
    )
    assert (dialog.from_series.currentData(), dialog.to_series.currentData()) == (s["Ballard"], s["Bosch: Legacy"])
    choose(dialog.kind, K.SAME_UNIVERSE)
    press_ok(qtbot, rig, dialog)
    assert m.index_of(s["Ballard"], T_RELATION).data() == "Spin-off of Bosch; same universe as Bosch: Legacy"

    # and take it away again from the Remove relation menu
    page.select_series(s["Ballard"])
    actions = {a.text(): a for a in page.remove_relation_button.menu().actions()}
    assert set(actions) == {"Ballard: spin-off of Bosch", "Ballard: same universe as Bosch: Legacy"}
    act(qtbot, rig, actions["Ballard: same universe as Bosch: Legacy"].trigger)
    assert m.index_of(s["Ballard"], T_RELATION).data() == "Spin-off of Bosch"
    act(
        qtbot,
        rig,
        {a.text(): a for a in page.remove_relation_button.menu().actions()}["Ballard: spin-off of Bosch"].trigger,
    )
    assert [(r[0], r[1]) for r in tree_rows(page)] == [(0, "Bosch"), (1, "Bosch: Legacy"), (0, "Ballard")]
    assert rig.fs.franchise_of(s["Ballard"]) == page.graph.id  # membership stays
    undo(qtbot, rig)
    assert [(r[0], r[1]) for r in tree_rows(page)] == [(0, "Bosch"), (1, "Bosch: Legacy"), (1, "Ballard")]


def test_add_and_remove_members_with_undo(qtbot, make_rig, example):
    rig = make_rig(example)
    page, s = rig.page, ids(example)
    example.catalog.add_series(SeriesInput(title="The Lincoln Lawyer", premiere="2022-05-13"))
    example.catalog.add_series(SeriesInput(title=LONG, premiere="Spring 2027"))

    dialog = open_dialog(qtbot, rig, page.add_series_button.click, AddSeriesDialog)
    assert [dialog.proxy.index(r, 0).data() for r in range(dialog.proxy.rowCount())] == [
        "The Extraordinarily Long-Winded Chronicles of Detective Harry Bosch and the Los Angeles Night Shift That Never Ends <b>(Director's Cut)</b>",
        "The Lincoln Lawyer",
    ]
    dialog.filter.setText("lincoln")
    assert dialog.proxy.rowCount() == 1
    dialog.filter.clear()
    dialog.select_titles("The Lincoln Lawyer", LONG)
    press_ok(qtbot, rig, dialog)
    assert order_titles(page, Order.RELEASE) == ["Bosch", "Bosch: Legacy", "The Lincoln Lawyer", "Ballard", LONG]
    assert rig.status.startswith("Added ") and "Bosch universe." in rig.status
    undo(qtbot, rig)
    assert order_titles(page, Order.RELEASE) == ["Bosch", "Bosch: Legacy", "Ballard"]

    page.select_series(s["Ballard"])
    act(qtbot, rig, page.remove_member_button.click)
    assert order_titles(page, Order.RELEASE) == ["Bosch", "Bosch: Legacy"]
    assert rig.status == "Took Ballard out of Bosch universe; it stays in your library. Undo with Ctrl+Z."
    undo(qtbot, rig)
    assert order_titles(page, Order.RELEASE) == ["Bosch", "Bosch: Legacy", "Ballard"]


def test_no_candidates_is_said_in_the_dialog(qtbot, make_rig, example):
    rig = make_rig(example)
    dialog = open_dialog(qtbot, rig, rig.page.add_series_button.click, AddSeriesDialog)
    assert dialog.empty.isVisible() and not dialog.list.isVisible()
    assert not dialog.ok_button.isEnabled()
    dialog.reject()


# -- following a franchise ----------------------------------------------------------------------


def test_follow_the_franchise_then_a_spin_off_added_by_hand_is_followed_and_alerted(qtbot, make_rig, example):
    example.library.unfollow(example.library.find("Ballard"))  # the example follows it: this viewer does not
    rig = make_rig(example)
    page, s = rig.page, ids(example)
    act(qtbot, rig, page.follow_button.click)
    assert (
        rig.status
        == "Following Bosch universe: 1 more series followed (Ballard). A series that joins it is followed too."
    )
    assert page.follow_button.isChecked() and page.follow_button.text() == FOLLOWING_TEXT
    assert page.list_model.index(0).data(FOLLOWED_ROLE) is True
    assert page.tree_model.index_of(s["Ballard"], T_STATE).data() == "Plan to watch"
    assert s["Ballard"] in rig.changes[-1].added

    # a spin-off of Bosch added by hand (the window's Add series dialog does this)
    sid, changes = example.catalog.add_series(
        SeriesInput(
            title="Bosch: Origins",
            premiere="2027",
            relation_kind=K.SPIN_OFF_OF,
            related_series_id=s["Bosch"],
            follow_state=None,
        )
    )
    act(qtbot, rig, lambda: rig.controller.on_changes(changes))
    assert (1, "Bosch: Origins", "Spin-off of Bosch", "Announced", "2027", "not out yet", "Plan to watch") in tree_rows(
        page
    )
    assert example.library.detail(sid).followed
    [alert] = example.alerts.alerts(kind=AnnouncementKind.FRANCHISE_JOIN)
    assert alert.headline == "Bosch: Origins joined Bosch universe"

    # undo the follow: Ballard, which it followed, is unfollowed; Origins stays (it came by itself)
    undo(qtbot, rig)
    assert not page.follow_button.isChecked() and page.follow_button.text() == FOLLOW_TEXT
    assert page.tree_model.index_of(s["Ballard"], T_STATE).data() == "Not followed"
    assert page.tree_model.index_of(sid, T_STATE).data() == "Plan to watch"

    # follow, then stop: the series stay followed
    act(qtbot, rig, page.follow_button.click)
    act(qtbot, rig, page.follow_button.click)
    assert rig.status == "Stopped following Bosch universe; its series stay in your library."
    assert not page.follow_button.isChecked()
    assert page.tree_model.index_of(s["Ballard"], T_STATE).data() == "Plan to watch"


# -- what reloads the page ----------------------------------------------------------------------


def test_changes_elsewhere_reload_only_when_they_concern_franchises(qtbot, make_rig, example):
    rig = make_rig(example)
    s = ids(example)
    loose, _ = example.catalog.add_series(SeriesInput(title="The Lincoln Lawyer"))
    act(qtbot, rig, rig.controller.reload)
    rig.controller.on_changes(Changes.of(loose))  # a series in no franchise
    rig.controller.on_changes(Changes(announcements=True))
    assert not rig.controller._soon.isActive()
    rig.controller.on_changes(Changes.of(s["Bosch: Legacy"]))  # a member: its progress, say
    assert rig.controller._soon.isActive()
    idle(qtbot, rig)
    rig.controller.on_changes(Changes(everything=True))
    assert rig.controller._soon.isActive()
    idle(qtbot, rig)


def test_watching_an_episode_elsewhere_updates_the_progress(qtbot, make_rig, example):
    rig = make_rig(example)
    page, s = rig.page, ids(example)
    legacy = example.library.detail(s["Bosch: Legacy"])
    unwatched = [e.id for season in legacy.seasons for e in season.episodes if not e.watched][:2]
    result = example.library.mark_watched(unwatched)
    act(qtbot, rig, lambda: rig.controller.on_changes(result.changes))
    assert page.tree_model.index_of(s["Bosch: Legacy"], T_PROGRESS).data() == "4/30"


# -- long titles --------------------------------------------------------------------------------


def test_long_titles_are_elided_with_the_whole_in_a_tooltip(qtbot, make_rig, example):
    rig = make_rig(example)
    page, s = rig.page, ids(example)
    rig.fs.rename_franchise(page.graph.id, LONG, "Amazon's " * 300)
    sid, changes = example.catalog.add_series(
        SeriesInput(
            title=LONG + " II", premiere="Spring 2027", relation_kind=K.SPIN_OFF_OF, related_series_id=s["Ballard"]
        )
    )
    act(qtbot, rig, lambda: rig.controller.on_changes(Changes(everything=True)))
    width = page.width()
    assert page.name_label.text().endswith("…") and page.name_label.full_text() == LONG
    assert "&lt;b&gt;" in page.name_label.toolTip()  # data shown as it is, never as markup
    assert page.description_label.text().endswith("…")
    assert page.description_label.height() <= 2 * page.description_label.fontMetrics().lineSpacing() + 4
    assert page.tree_model.index_of(sid).data(Qt.ItemDataRole.ToolTipRole).count("&lt;b&gt;") == 1
    assert page.width() == width and page.minimumSizeHint().width() < 900


# -- without an undo stack, and when an undo cannot be done ---------------------------------------


def test_without_an_undo_stack_deleting_asks_first(qtbot, make_rig, example):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    rig = make_rig(example, undo=False)
    page = rig.page

    def answer(button) -> None:
        def step():
            box = QApplication.activeModalWidget()
            if not isinstance(box, QMessageBox):
                QTimer.singleShot(20, step)
                return
            assert "Its series stay in your library" in box.text()
            box.button(button).click()

        QTimer.singleShot(20, step)

    answer(QMessageBox.StandardButton.Cancel)
    page.delete_button.click()
    idle(qtbot, rig)
    assert franchise_names(page) == ["Bosch universe"]
    answer(QMessageBox.StandardButton.Yes)
    act(qtbot, rig, page.delete_button.click)
    assert page.stack.currentIndex() == EMPTY
    assert rig.status == "Deleted Bosch universe; its series stay in your library."


def test_an_undo_that_cannot_be_done_is_reported_and_stays_on_the_stack(qtbot, make_rig, example):
    rig = make_rig(example)
    page = rig.page
    dialog = open_dialog(qtbot, rig, page.new_button.click, NameDialog)
    dialog.name.setText("Connelly")
    press_ok(qtbot, rig, dialog)
    fid = page.current_franchise_id()
    rig.fs.delete_franchise(fid)  # elsewhere (the command line, say)
    rig.stack.undo()  # "New franchise Connelly": nothing left to delete
    qtbot.waitUntil(lambda: rig.status == f"There is no franchise with id {fid}.", timeout=10_000)
    qtbot.waitUntil(lambda: rig.stack.index() == 1, timeout=10_000)  # moved back: the next undo tries again
    idle(qtbot, rig)
    assert franchise_names(page) == ["Bosch universe"]  # the page shows what is


def test_a_franchise_deleted_elsewhere_while_chosen(qtbot, make_rig, example):
    rig = make_rig(example)
    page = rig.page
    other, _ = rig.fs.create_franchise("Connelly")
    act(qtbot, rig, rig.controller.reload)
    rig.fs.delete_franchise(other)
    act(qtbot, rig, lambda: page.select_franchise(other))
    assert franchise_names(page) == ["Bosch universe"]
    assert page.name_label.full_text() == "Bosch universe"


def test_a_folded_branch_stays_folded_across_reloads(qtbot, make_rig, example):
    rig = make_rig(example)
    page, s = rig.page, ids(example)
    bosch = page.tree_model.index_of(s["Bosch"])
    assert page.tree.isExpanded(bosch)
    page.tree.collapse(bosch)
    act(qtbot, rig, rig.controller.reload)
    assert not page.tree.isExpanded(page.tree_model.index_of(s["Bosch"]))
    page.tree.expand(page.tree_model.index_of(s["Bosch"]))
    act(qtbot, rig, rig.controller.reload)
    assert page.tree.isExpanded(page.tree_model.index_of(s["Bosch"]))
