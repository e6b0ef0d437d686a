"""LibraryFilter holds its shown rows itself (issue 15: a keystroke ran Python for every row).
It must say every change as the QSortFilterProxyModel it replaced did, so that a view keeps or
moves its selection, current row and scroll position the same: both are driven side by side
through random typing, state changes, sorting and row updates, and compared after each step."""

from __future__ import annotations

import dataclasses
import random

import pytest
from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate, QStyleOptionViewItem, QTableView

from watchtracker.domain.enums import LifecycleStatus, ViewerState
from watchtracker.domain.models import LibraryRow

from watchtracker.ui.library.model import COLUMNS, SERIES_ID_ROLE, TITLE, LibraryFilter, LibraryModel

WORDS = "night river empire signal harbor legacy north house crown shadow city code line".split()
NETWORKS = ["HBO", "Prime Video", "Netflix", "BBC One", "AMC"]


class Reference(QSortFilterProxyModel):
    """The filter as it was before issue 15: Qt's proxy, asked per row."""

    def __init__(self):
        super().__init__()
        self.text, self.state = "", None
        self.setDynamicSortFilter(False)

    def sort(self, column, order=Qt.SortOrder.AscendingOrder):
        self.sourceModel().sort(column, order)

    def set_text(self, text):
        self.beginFilterChange()
        self.text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_state(self, state):
        self.beginFilterChange()
        self.state = state
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row, source_parent):  # noqa: N802 - Qt's name
        row = self.sourceModel().series_row(source_row)
        if self.state is not None and row.state != self.state:
            return False
        return not self.text or self.text in f"{row.title}\n{row.network}".casefold()


def make_row(rnd: random.Random, sid: int) -> LibraryRow:
    return LibraryRow(
        series_id=sid,
        title=f"{rnd.choice(WORDS).title()} {rnd.choice(WORDS).title()} {sid}",
        status=rnd.choice(list(LifecycleStatus)),
        network=rnd.choice(NETWORKS),
        poster_path=None,
        state=rnd.choice(list(ViewerState)),
        favourite=rnd.random() < 0.1,
        seasons=1,
        episodes_aired=rnd.randrange(0, 30),
        episodes_watched=rnd.randrange(0, 10),
        next_episode=None,
        last_watched=None,
        added_at=None,
        premiere=None,
    )


def view_on(qtbot, model) -> tuple[QTableView, list]:
    view = QTableView()
    qtbot.addWidget(view)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setSortingEnabled(True)
    view.verticalHeader().setDefaultSectionSize(40)
    view.setModel(model)
    view.resize(600, 400)
    view.show()
    said: list = []
    for name in ("rowsRemoved", "rowsInserted", "layoutChanged", "modelReset", "dataChanged"):
        signal = getattr(model, name)
        if name == "dataChanged":
            signal.connect(lambda tl, br, roles=(), said=said: said.append(("dataChanged", tl.row(), br.row())))
        elif name in ("layoutChanged", "modelReset"):
            signal.connect(lambda *args, name=name, said=said: said.append((name,)))
        else:
            signal.connect(lambda parent, first, last, name=name, said=said: said.append((name, first, last)))
    return view, said


def seen(view: QTableView) -> tuple:
    """What the viewer sees: the rows, the current and selected rows, the scroll position."""
    model = view.model()
    ids = [model.index(r, TITLE).data(SERIES_ID_ROLE) for r in range(model.rowCount())]
    titles = [model.index(r, TITLE).data() for r in range(model.rowCount())]
    painted = []  # what a delegate paints each cell of the first rows from (LibraryFilter answers it in one call)
    delegate = QStyledItemDelegate()
    for r in range(min(model.rowCount(), 12)):
        for c in range(len(COLUMNS)):
            option = QStyleOptionViewItem()
            delegate.initStyleOption(option, model.index(r, c))
            painted.append((option.text, option.icon.isNull(), option.features.value, option.displayAlignment.value))
    current = view.currentIndex()
    selected = [i.data(SERIES_ID_ROLE) for i in view.selectionModel().selectedRows()]
    return (
        ids,
        titles,
        painted,
        current.data(SERIES_ID_ROLE) if current.isValid() else None,
        current.column() if current.isValid() else None,
        selected,
        view.verticalScrollBar().value(),
    )


@pytest.mark.parametrize("seed", range(6))
def test_the_filter_says_every_change_as_qt_s_proxy_did(qtbot, seed):
    rnd = random.Random(seed)
    model = LibraryModel()
    rows = [make_row(rnd, sid) for sid in range(1, 120)]
    next_id = len(rows) + 1
    model.set_rows(rows)
    ours, reference = LibraryFilter(), Reference()
    ours.setSourceModel(model)
    reference.setSourceModel(model)
    view, said = view_on(qtbot, ours)
    ref_view, ref_said = view_on(qtbot, reference)
    assert seen(view) == seen(ref_view)
    text = ""
    steps = 0
    for _ in range(150):
        op = rnd.random()
        if op < 0.45:  # typing: a letter more, one less, or a new word
            choice = rnd.random()
            if choice < 0.6:
                text += rnd.choice("aeinorst h")
            elif choice < 0.85:
                text = text[:-1]
            else:
                text = rnd.choice(["", "ni", "Night R", "  hbo ", "city 1", "zzz"])
            ours.set_text(text)
            reference.set_text(text)
        elif op < 0.55:
            state = rnd.choice([None, *ViewerState])
            ours.set_state(state)
            reference.set_state(state)
        elif op < 0.7 and ours.rowCount():  # the viewer picks a row, maybe far down
            row, column = rnd.randrange(ours.rowCount()), rnd.randrange(len(COLUMNS))
            view.setCurrentIndex(ours.index(row, column))
            ref_view.setCurrentIndex(reference.index(row, column))
        elif op < 0.78:
            column, order = rnd.randrange(len(COLUMNS)), rnd.choice(list(Qt.SortOrder))
            view.sortByColumn(column, order)  # the source sorts once; the reference follows the same signals
        elif op < 0.9:  # a reload: some rows change (title, state), one may go, one may come
            changed = [
                dataclasses.replace(
                    model.series_row(i),
                    title=f"{rnd.choice(WORDS).title()} {model.series_row(i).series_id}",
                    state=rnd.choice(list(ViewerState)),
                )
                for i in rnd.sample(range(model.rowCount()), min(3, model.rowCount()))
            ]
            removed = [model.series_row(rnd.randrange(model.rowCount())).series_id] if rnd.random() < 0.5 else []
            changed = [r for r in changed if r.series_id not in removed]
            if rnd.random() < 0.5:
                changed.append(make_row(rnd, next_id))
                next_id += 1
            model.update_rows(changed, removed)
        else:
            view.verticalScrollBar().setValue(rnd.randrange(view.verticalScrollBar().maximum() + 1))
            ref_view.verticalScrollBar().setValue(view.verticalScrollBar().value())
        qtbot.wait(0)
        assert said == ref_said, f"seed {seed}, step {steps}"
        assert seen(view) == seen(ref_view), f"seed {seed}, step {steps}"
        steps += 1
    assert len(said) > 50  # the walk did change what was shown, many times


def test_narrowing_finds_what_a_full_pass_finds(qtbot):
    """Typing on reuses the last matches; after the rows change it must not."""
    rnd = random.Random(3)
    model = LibraryModel()
    model.set_rows([make_row(rnd, sid) for sid in range(1, 60)])
    proxy = LibraryFilter()
    proxy.setSourceModel(model)
    proxy.set_text("n")
    before = proxy.rowCount()
    # rows that did not match "n" now match "ni": the last matches no longer hold all that can match
    plain = [model.series_row(r) for r in range(model.rowCount()) if "n" not in model.filter_key(r)]
    model.update_rows([dataclasses.replace(row, title=f"Zebra Nights {row.series_id}") for row in plain])
    proxy.set_text("ni")
    titles = [proxy.index(r, TITLE).data() for r in range(proxy.rowCount())]
    expected = [
        model.index(r, TITLE).data()
        for r in range(model.rowCount())
        if "ni" in f"{model.series_row(r).title}\n{model.series_row(r).network}".casefold()
    ]
    assert plain and before > 0 and titles == expected
    assert sum("Zebra Nights" in t for t in titles) == len(plain)  # a favourite shows "★ " first
