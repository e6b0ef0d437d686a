"""The Up next page, driven as a viewer would: the example library's Bosch: Legacy, marking
watched (undoable through the undo stack), caught-up series leaving, specials, the empty state."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from tests.conftest import NOW
from tests.unit.test_schedule import add_episodes, add_series, weekly
from watchtracker.domain.enums import ViewerState
from watchtracker.domain.models import EpisodeCode
from watchtracker.errors import NotFound
from watchtracker.services.schedule import ScheduleService
from watchtracker.storage.database import session_scope
from watchtracker.storage.tables import Episode

from watchtracker.ui.common.formatting import episode_text, relative_day, runtime_text
from watchtracker.ui.common.schedule_roles import ROW_ROLE, SERIES_ID_ROLE
from watchtracker.ui.tasks import TaskRunner
from watchtracker.ui.upnext.controller import UpNextController
from watchtracker.ui.upnext.model import U_AIRED, U_EPISODE, U_LAST, U_LEFT, U_RUNTIME, U_SERIES, U_WATCH, UpNextModel
from watchtracker.ui.upnext.page import EMPTY, LIST, UpNextPage

BERLIN = ZoneInfo("Europe/Berlin")
UTC = UTC


class UpNext:
    """The page and its controller, wired as the window wires them: every change goes back to
    ``on_changes`` (the window's apply_changes hands it to every view)."""

    def __init__(self, qtbot, services, *, undo: bool = True, specials: bool = False):
        self.qtbot = qtbot
        self.services = services
        # everything Qt hangs off the page, which pytest-qt deletes on the GUI thread: a Python
        # object collected later on a worker thread must not take a timer or a pool with it
        self.page = UpNextPage()
        self.library_lane = TaskRunner(self.page)
        qtbot.addWidget(self.page, before_close_func=lambda _: self.library_lane.wait())
        self.page.resize(1100, 520)
        self.page.show()
        self.stack = QUndoStack(self.page) if undo else None
        self.schedule = ScheduleService(services.engine, services.library, tz=BERLIN)
        self.statuses: list[str] = []
        self.errors: list[BaseException] = []
        self.opened: list[int] = []
        self.applied = []
        self.controller = UpNextController(
            self.page,
            self.schedule,
            services.library,
            library_lane=self.library_lane,
            apply_changes=self.apply,
            open_series=self.opened.append,
            status=lambda text, ms=0: self.statuses.append(text),
            report_error=self.errors.append,
            undo_stack=self.stack,
            include_specials=specials,
            parent=self.page,
        )

    def apply(self, changes) -> None:
        self.applied.append(changes)
        self.controller.on_changes(changes)

    def load(self) -> UpNext:
        with self.qtbot.waitSignal(self.controller.loaded, timeout=10_000):
            self.controller.reload()
        return self

    def rows_after(self, gesture) -> None:
        with self.qtbot.waitSignal(self.controller.rows_updated, timeout=10_000):
            gesture()
        self.idle()

    def idle(self) -> None:
        self.qtbot.waitUntil(lambda: not self.library_lane.busy, timeout=10_000)

    def titles(self) -> list[str]:
        m = self.page.model
        return [m.index(r, U_SERIES).data() for r in range(m.rowCount())]

    def cell(self, title: str, column: int) -> str:
        m = self.page.model
        for r in range(m.rowCount()):
            if m.index(r, U_SERIES).data() == title:
                return m.index(r, column).data()
        raise AssertionError(f"{title!r} is not in Up next: {self.titles()}")

    def click_watched(self, title: str) -> None:
        m = self.page.model
        row = next(r for r in range(m.rowCount()) if m.index(r, U_SERIES).data() == title)
        table = self.page.table
        rect = table.visualRect(m.index(row, U_WATCH))
        assert rect.isValid() and rect.width() > 40, rect
        self.qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def double_click(qtbot, view, pos) -> None:
    """As a mouse does it: press, release, then the double click (a view only opens what was pressed)."""
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


@pytest.fixture
def make_upnext(qtbot):
    made: list[UpNext] = []

    def _make(services, **kw) -> UpNext:
        u = UpNext(qtbot, services, **kw)
        made.append(u)
        return u

    yield _make
    for u in made:  # the lanes were emptied before the pages closed
        assert not u.errors, u.errors


# -- the model ------------------------------------------------------------------------------------


def test_up_next_model(qtmodeltester, example):
    model = UpNextModel()
    qtmodeltester.check(model)
    sched = ScheduleService(example.engine, example.library, tz=BERLIN)
    rows = sched.up_next()
    model.set_rows(rows, sched.today(), sched.local)
    qtmodeltester.check(model)
    row = rows[0]  # Ballard, watched last (July 2025); then Bosch: Legacy
    assert model.index(0, U_SERIES).data(ROW_ROLE) == row
    assert model.index(0, U_SERIES).data(SERIES_ID_ROLE) == row.series_id
    assert model.index(0, U_SERIES).data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.index(0, U_EPISODE).data() == "S01E05 · What's Done in the Dark"
    assert model.index(0, U_LEFT).data() == "6 left"
    assert model.index(1, U_EPISODE).data().startswith("S01E03 · ") and model.index(1, U_LEFT).data() == "28 left"
    # a series that was not there takes its place by activity; None: it leaves
    moved = sched.watch_next(row).row
    model.update({row.series_id: moved})
    assert model.index(0, U_EPISODE).data().startswith("S01E06")
    model.update({row.series_id: None})
    assert model.rowCount() == 1
    model.update({row.series_id: row})
    assert model.rowCount() == 2 and model.index(0, U_SERIES).data(ROW_ROLE) == row
    qtmodeltester.check(model)


def test_words_for_times():
    today = date(2026, 11, 24)
    assert [relative_day(today - timedelta(days=d), today) for d in (0, 1, 3, 9, 20, 60, -1, -3)] == [
        "Today",
        "Yesterday",
        "3 days ago",
        "1 week ago",
        "2 weeks ago",
        "25 Sep 2026",
        "Tomorrow",
        "in 3 days",
    ]
    assert relative_day(None, today) == ""
    assert [runtime_text(m) for m in (None, 0, 45, 60, 90, 27.4)] == ["", "", "45 min", "1 h", "1 h 30 min", "27 min"]
    assert episode_text(1, 3, "The Title") == "S01E03 · The Title"
    assert episode_text(0, 2, "Holiday") == "Special 2 · Holiday"
    assert episode_text(2, None, "") == "Season 2"
    assert episode_text(1, 4, "") == "S01E04"


# -- the page -------------------------------------------------------------------------------------


def test_bosch_legacy_is_up_next_and_watching_moves_it_on_and_undo_brings_it_back(make_upnext, example):
    u = make_upnext(example).load()
    assert u.page.stack.currentIndex() == LIST
    assert u.titles() == ["Ballard", "Bosch: Legacy"]  # by activity: Ballard was watched last
    assert u.cell("Bosch: Legacy", U_EPISODE).startswith("S01E03")
    assert u.cell("Bosch: Legacy", U_LEFT) == "28 left"
    assert u.cell("Ballard", U_RUNTIME) == runtime_text(u.page.current_row().runtime) == "46 min"
    assert u.cell("Bosch: Legacy", U_RUNTIME) == runtime_text(None)  # S01E03 has no runtime
    assert u.cell("Bosch: Legacy", U_AIRED)  # aired long ago: a date
    assert u.cell("Bosch: Legacy", U_LAST)
    assert u.page.current_row().title == "Ballard"  # the first row is selected
    assert "2 series · 34 episodes to watch" == u.page.summary.text()

    u.rows_after(lambda: u.click_watched("Bosch: Legacy"))
    assert u.cell("Bosch: Legacy", U_EPISODE).startswith("S01E04")
    assert u.cell("Bosch: Legacy", U_LEFT) == "27 left"
    assert u.cell("Bosch: Legacy", U_LAST) == "Today"  # the library's clock: NOW
    assert u.stack.count() == 1 and u.stack.undoText() == "Mark Bosch: Legacy S01E03 watched"
    assert u.statuses[-1] == "Watched Bosch: Legacy S01E03. Undo with Ctrl+Z."
    assert [c.series for c in u.applied] == [frozenset({u.page.current_row().series_id})]

    u.rows_after(u.stack.undo)
    assert u.cell("Bosch: Legacy", U_EPISODE).startswith("S01E03")
    assert u.cell("Bosch: Legacy", U_LEFT) == "28 left"
    u.rows_after(u.stack.redo)
    assert u.cell("Bosch: Legacy", U_EPISODE).startswith("S01E04")
    assert u.page.current_row().code == EpisodeCode(1, 4)  # still selected


def test_space_marks_the_selected_row_watched(make_upnext, example):
    u = make_upnext(example).load()
    assert u.page.focusProxy() is u.page.table  # the window focuses the page: the list gets the keys
    u.page.setFocus()
    u.rows_after(lambda: u.qtbot.keyClick(u.page.table, Qt.Key.Key_Space))  # the first row: Ballard
    assert u.cell("Ballard", U_EPISODE).startswith("S01E06")
    u.rows_after(lambda: u.qtbot.keyClick(u.page.table, Qt.Key.Key_Return))
    assert u.cell("Ballard", U_EPISODE).startswith("S01E07")
    assert u.stack.count() == 2


def test_without_an_undo_stack_it_still_moves_on(make_upnext, example):
    u = make_upnext(example, undo=False).load()
    u.rows_after(u.page.watch_current)  # the first row: Ballard
    assert u.cell("Ballard", U_EPISODE).startswith("S01E06")
    assert u.statuses[-1] == "Watched Ballard S01E05."


def test_the_row_moves_on_even_when_the_change_is_not_handed_back(qtbot, make_upnext, example):
    """A host that does not route changes back to on_changes: the controller reads the row itself."""
    u = make_upnext(example)
    u.controller._host.apply_changes = u.applied.append
    u.load()
    u.rows_after(u.page.watch_current)  # the first row: Ballard
    assert u.cell("Ballard", U_EPISODE).startswith("S01E06")


def test_double_click_opens_the_series(make_upnext, example):
    u = make_upnext(example).load()
    table = u.page.table
    rect = table.visualRect(u.page.model.index(0, U_EPISODE))
    double_click(u.qtbot, table, rect.center())
    assert u.opened == [example.library.find("Ballard")]  # the first row
    # a double click on the button marks once and opens nothing
    rect = table.visualRect(u.page.model.index(0, U_WATCH))
    u.rows_after(lambda: double_click(u.qtbot, table, rect.center()))
    assert u.stack.count() == 1
    assert u.opened == [example.library.find("Ballard")]


def test_a_caught_up_series_leaves_and_the_selection_moves_to_the_next(make_upnext, services):
    e = services.engine
    a = add_series(e, "Almost Done")
    add_episodes(e, a, 1, weekly(NOW - timedelta(weeks=3), 3, watched=2, when=NOW - timedelta(hours=2)))
    b = add_series(e, "Long Way")
    add_episodes(e, b, 1, weekly(NOW - timedelta(weeks=10), 8, watched=1, when=NOW - timedelta(days=3)))
    u = make_upnext(services).load()
    assert u.titles() == ["Almost Done", "Long Way"]  # the one watched most recently first
    assert u.cell("Almost Done", U_LEFT) == "1 left"
    assert u.page.current_series_id() == a
    u.rows_after(lambda: u.click_watched("Almost Done"))
    assert u.titles() == ["Long Way"]
    assert u.page.current_series_id() == b  # the row that took its place
    assert u.page.table.selectionModel().isRowSelected(0)
    u.rows_after(u.stack.undo)
    assert u.titles() == ["Almost Done", "Long Way"]
    assert u.page.current_series_id() == b  # the selection stays where the viewer is
    # the last one: caught up with everything, the page says so
    for _ in range(7):
        u.rows_after(lambda: u.click_watched("Long Way"))
    assert u.titles() == ["Almost Done"]
    u.rows_after(lambda: u.click_watched("Almost Done"))
    assert u.titles() == [] and u.page.stack.currentIndex() == EMPTY


def test_a_series_that_starts_being_watched_joins_by_its_activity(make_upnext, services):
    e = services.engine
    old = add_series(e, "Old Habit")
    add_episodes(e, old, 1, weekly(NOW - timedelta(weeks=30), 5, watched=1, when=NOW - timedelta(days=60)))
    new = add_series(e, "New Find", state=ViewerState.PLAN_TO_WATCH)
    ids = add_episodes(e, new, 1, weekly(NOW - timedelta(weeks=5), 4))
    u = make_upnext(services).load()
    assert u.titles() == ["Old Habit"]
    # watched elsewhere (the detail page): the library moves it to Watching; the change comes here
    result = services.library.mark_watched(ids[:1])
    u.rows_after(lambda: u.apply(result.changes))
    assert u.titles() == ["New Find", "Old Habit"]
    assert u.cell("New Find", U_EPISODE).startswith("S01E02")
    assert u.page.current_series_id() == old  # the selection did not jump


def test_specials_toggle(make_upnext, services, qtbot):
    e = services.engine
    sid = add_series(e, "With specials", runtime=50)
    add_episodes(e, sid, 1, weekly(datetime(2026, 1, 1, 2, tzinfo=UTC), 4, watched=2))
    add_episodes(e, sid, 0, [{"number": 2, "airstamp": datetime(2026, 1, 10, 2, tzinfo=UTC), "title": "Holiday"}])
    u = make_upnext(services).load()
    assert not u.page.specials.isChecked()
    assert u.cell("With specials", U_EPISODE).startswith("S01E03")
    with (
        qtbot.waitSignal(u.controller.specials_changed) as changed,
        qtbot.waitSignal(u.controller.loaded, timeout=10_000),
    ):
        u.page.specials.setChecked(True)
    assert changed.args == [True]
    assert u.cell("With specials", U_EPISODE) == "Special 2 · Holiday"
    assert u.cell("With specials", U_LEFT) == "3 left"
    # from the window (the setting): the box follows, and no second signal for the same value
    with qtbot.assertNotEmitted(u.controller.specials_changed):
        u.controller.set_include_specials(True)
    with qtbot.waitSignal(u.controller.loaded, timeout=10_000):
        u.controller.set_include_specials(False)
    assert not u.page.specials.isChecked()
    assert u.cell("With specials", U_EPISODE).startswith("S01E03")


def test_the_setting_is_shown_from_the_start(make_upnext, services):
    u = make_upnext(services, specials=True)
    assert u.page.specials.isChecked() and u.controller.include_specials


def test_empty_state(make_upnext, services):
    u = make_upnext(services).load()
    assert u.page.stack.currentIndex() == EMPTY
    assert "Nothing to watch next" in [w.text() for w in u.page.stack.widget(EMPTY).findChildren(type(u.page.summary))]
    assert "set a series to Watching" in u.page.empty_text.text()
    assert not u.page.hint.isVisible()
    u.page.watch_current()  # nothing selected: nothing happens
    assert u.stack.count() == 0


def test_new_episodes_after_a_pause_are_bold_and_on_top(make_upnext, services):
    e = services.engine
    busy = add_series(e, "Busy")
    add_episodes(e, busy, 1, weekly(NOW - timedelta(weeks=20), 10, watched=4, when=NOW - timedelta(days=7)))
    back = add_series(e, "Back")
    add_episodes(
        e, back, 1, weekly(datetime(2025, 1, 1, 2, tzinfo=UTC), 6, watched=6, when=datetime(2025, 3, 1, tzinfo=UTC))
    )
    add_episodes(e, back, 2, weekly(NOW - timedelta(days=1), 1))
    u = make_upnext(services).load()
    assert u.titles() == ["Back", "Busy"]
    m = u.page.model
    assert m.index(0, U_SERIES).data(Qt.ItemDataRole.FontRole).bold()
    assert m.index(1, U_SERIES).data(Qt.ItemDataRole.FontRole) is None
    assert "New: an episode aired yesterday" in m.index(0, U_SERIES).data(Qt.ItemDataRole.ToolTipRole)
    assert u.cell("Back", U_AIRED) == "Yesterday"


def test_marking_an_episode_deleted_meanwhile_is_explained(make_upnext, example):
    u = make_upnext(example).load()
    row = u.page.current_row()
    with session_scope(example.engine) as session:
        session.delete(session.get(Episode, row.episode_id))
    u.page.watch_current()
    u.qtbot.waitUntil(lambda: bool(u.errors), timeout=10_000)  # marked on the library lane
    assert len(u.errors) == 1 and isinstance(u.errors[0], NotFound)
    assert u.stack.count() == 0
    u.errors.clear()


def test_titles_are_plain_text_and_long_ones_elide(make_upnext, services):
    e = services.engine
    sid = add_series(e, "<b>Not bold</b> & a very long title " + "that goes on " * 12)
    add_episodes(e, sid, 1, weekly(NOW - timedelta(weeks=2), 2))
    u = make_upnext(services).load()
    index = u.page.model.index(0, U_SERIES)
    assert index.data().startswith("<b>Not bold</b>")
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;" in tip and "<b>" not in tip.replace("<p style='white-space:pre-wrap'>", "")
    assert u.page.table.textElideMode() == Qt.TextElideMode.ElideRight
    assert u.page.table.visualRect(index).width() < u.page.table.fontMetrics().horizontalAdvance(index.data())
