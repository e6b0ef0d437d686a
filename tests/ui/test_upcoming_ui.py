"""The Upcoming page, driven as a viewer would, with hand-built series and the test clock: local
days across time zones, premieres only, announced series at their precision, the countdown, the
catch-up line and the .ics export."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from PySide6.QtCore import Qt

from tests.conftest import NOW
from tests.ui.test_upnext_ui import double_click
from tests.unit.test_schedule import add_episodes, add_series, ny, weekly
from watchtracker.domain.enums import LifecycleStatus
from watchtracker.domain.models import ReleaseKind
from watchtracker.services.changes import Changes
from watchtracker.services.schedule import ScheduleService
from watchtracker.services.transfer.calendar_export import CalendarExportService, ExportError
from watchtracker.storage.database import session_scope
from watchtracker.storage.tables import Series

from watchtracker.ui.common.schedule_roles import BADGE_ROLE, KEY_ROLE
from watchtracker.ui.tasks import TaskRunner
from watchtracker.ui.upcoming import controller as upcoming_controller
from watchtracker.ui.upcoming.controller import UpcomingController
from watchtracker.ui.upcoming.model import (
    ANNOUNCED_LABEL,
    C_EPISODE,
    C_KIND,
    C_SERIES,
    C_WHEN,
    OVERDUE_LABEL,
    UpcomingModel,
)
from watchtracker.ui.upcoming.page import EMPTY, LIST, UpcomingPage

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


class UpcomingHarness:
    def __init__(self, qtbot, services, *, tz=BERLIN, franchises=None, path=None, days=30):
        self.qtbot = qtbot
        self.services = services
        self.page = UpcomingPage()  # Qt objects hang off it: see test_upnext_ui.UpNext
        self.library_lane = TaskRunner(self.page)
        qtbot.addWidget(self.page, before_close_func=lambda _: self.library_lane.wait())
        self.page.resize(1100, 640)
        self.page.show()
        self.schedule = ScheduleService(services.engine, services.library, tz=tz)
        self.statuses: list[str] = []
        self.errors: list[BaseException] = []
        self.opened: list[int] = []
        self.path = path
        self.asked: list[str] = []
        self.controller = UpcomingController(
            self.page,
            self.schedule,
            CalendarExportService(self.schedule),
            library_lane=self.library_lane,
            open_series=self.opened.append,
            status=lambda text, ms=0: self.statuses.append(text),
            report_error=self.errors.append,
            days=days,
            franchises=franchises,
            choose_path=self._choose,
            parent=self.page,
        )

    def _choose(self, parent, suggested: str):
        self.asked.append(suggested)
        return None if self.path is None else str(self.path)

    def load(self, gesture=None) -> UpcomingHarness:
        with self.qtbot.waitSignal(self.controller.loaded, timeout=10_000):
            (gesture or self.controller.reload)()
        return self

    def groups(self) -> list[str]:
        m = self.page.model
        return [m.group_label(g) for g in range(m.group_count())]

    def rows(self, column: int = C_SERIES) -> list[tuple[str, list[str]]]:
        """(heading, the column's text of each row under it)."""
        m = self.page.model
        out: list[tuple[str, list[str]]] = []
        for r in range(m.rowCount()):
            if m.is_heading(r):
                out.append((m.group_label(len(out)), []))
            else:
                out[-1][1].append(m.index(r, column).data())
        return out

    def index_of(self, series: str, column: int = C_SERIES):
        m = self.page.model
        for r in range(m.rowCount()):
            if not m.is_heading(r) and m.index(r, C_SERIES).data() == series:
                return m.index(r, column)
        raise AssertionError(f"{series!r} is not on the Upcoming page")

    def cards(self) -> list[tuple[str, str, str]]:
        return [(c.when.text(), c.what.text(), c.at.text()) for c in self.page.cards if not c.isHidden()]

    def select(self, series: str):
        with self.qtbot.waitSignal(self.controller.catch_up_shown, timeout=10_000) as shown:
            self.page.table.setCurrentIndex(self.index_of(series))
        return shown.args[0]


@pytest.fixture
def make_upcoming(qtbot):
    made: list[UpcomingHarness] = []

    def _make(services, **kw) -> UpcomingHarness:
        h = UpcomingHarness(qtbot, services, **kw)
        made.append(h)
        return h

    yield _make
    for h in made:  # the lanes were emptied before the pages closed
        assert not h.errors, h.errors


# -- the model ------------------------------------------------------------------------------------


def test_upcoming_model(qtmodeltester, services):
    e = services.engine
    sid = add_series(e, "Alpha")
    add_episodes(e, sid, 1, weekly(NOW + timedelta(hours=3), 3))
    add_series(e, "Spring Thing", status=LifecycleStatus.ANNOUNCED, premiere="Spring 2027")
    sched = ScheduleService(e, services.library, tz=BERLIN)
    model = UpcomingModel()
    qtmodeltester.check(model)
    model.set_upcoming(sched.upcoming(), sched.today())
    qtmodeltester.check(model)
    assert model.item_count == 3 and model.announced_count == 1
    assert model.group_label(model.group_count() - 1) == ANNOUNCED_LABEL
    assert model.heading_rows() == [0, 2, 4, 6]  # three days a week apart, then the announced
    assert model.rowCount() == 8 and model.flags(model.index(0, 0)) == Qt.ItemFlag.ItemIsEnabled
    assert model.index(0, 0).data(Qt.ItemDataRole.FontRole).bold()
    first = model.index(1, C_KIND)
    assert first.data(BADGE_ROLE) == ReleaseKind.SERIES_PREMIERE
    assert model.index(3, C_KIND).data(BADGE_ROLE) is None
    assert model.index_of(first.siblingAtColumn(0).data(KEY_ROLE)) == first.siblingAtColumn(0)
    assert model.entry_at(0) is None and model.entry_at(first).number == 1
    assert [a.title for a in model.group_entries(3)] == ["Spring Thing"]
    model.set_upcoming(None, sched.today())
    qtmodeltester.check(model)
    assert model.rowCount() == 0


# -- local days -------------------------------------------------------------------------------------


def _late_show(services) -> int:
    e = services.engine
    sid = add_series(e, "Late Show")
    add_episodes(
        e,
        sid,
        1,
        [
            {"number": 1, "airstamp": NOW + timedelta(hours=2)},  # 15:00 in Berlin, today
            {"number": 2, "air_date": date(2026, 11, 25)},  # date only: tomorrow everywhere
            {"number": 3, "airstamp": ny(2026, 11, 26, 22)},  # Thursday 22:00 in New York
            {"number": 4, "air_date": date(2026, 12, 3)},
        ],
    )
    return sid


def test_days_are_the_viewers_local_days(make_upcoming, services):
    _late_show(services)
    berlin = make_upcoming(services).load()
    assert berlin.page.stack.currentIndex() == LIST
    assert berlin.groups() == ["Today", "Tomorrow", "Friday 27 November", "Thursday 3 December"]
    assert berlin.rows(C_WHEN) == [
        ("Today", ["15:00"]),
        ("Tomorrow", ["all day"]),
        ("Friday 27 November", ["04:00"]),
        ("Thursday 3 December", ["all day"]),
    ]
    assert berlin.rows(C_EPISODE)[2] == ("Friday 27 November", ["S01E03 · Episode 3"])
    new_york = make_upcoming(services, tz=NEW_YORK).load()
    assert new_york.groups() == ["Today", "Tomorrow", "Thursday 26 November", "Thursday 3 December"]
    assert new_york.rows(C_WHEN)[:3] == [
        ("Today", ["09:00"]),
        ("Tomorrow", ["all day"]),
        ("Thursday 26 November", ["22:00"]),
    ]
    tip = berlin.index_of("Late Show", C_WHEN).data(Qt.ItemDataRole.ToolTipRole)
    assert "Tuesday 24 November 2026, 15:00 your time" in tip
    assert berlin.page.count_label.text() == "3 episodes and 1 premiere in the next 30 days"


def test_range_choice(make_upcoming, services):
    _late_show(services)
    h = make_upcoming(services, days=7).load()
    assert h.page.days() == 7 and h.groups() == ["Today", "Tomorrow", "Friday 27 November"]
    with h.qtbot.waitSignal(h.controller.days_changed) as changed:
        h.load(lambda: h.page.range.setCurrentIndex(h.page.range.findData(30)))
    assert changed.args == [30]
    assert h.groups()[-1] == "Thursday 3 December"
    with h.qtbot.assertNotEmitted(h.controller.days_changed):
        h.load()
    assert [h.page.range.itemText(i) for i in range(h.page.range.count())] == [
        "Next 7 days",
        "Next 30 days",
        "Next 90 days",
        "Next year",
    ]
    odd = make_upcoming(services, days=14)  # a setting not on the list gets its own entry
    assert odd.page.days() == 14 and odd.page.range.currentText() == "Next 14 days"


# -- premieres, announced series --------------------------------------------------------------------


def test_premieres_only(make_upcoming, services):
    e = services.engine
    running = add_series(e, "Running")
    add_episodes(e, running, 2, weekly(NOW + timedelta(days=1), 3))  # S02E01: a season premiere
    add_series(e, "Brand New", status=LifecycleStatus.UPCOMING, premiere="2026-12-10", runtime=30)
    h = make_upcoming(services).load()
    assert [s for _, names in h.rows() for s in names] == ["Running", "Running", "Running", "Brand New"]
    assert h.index_of("Brand New", C_KIND).data() == "Series premiere"
    assert h.index_of("Brand New", C_KIND).data(BADGE_ROLE) == ReleaseKind.SERIES_PREMIERE
    assert h.index_of("Brand New", C_WHEN).data() == "all day"
    h.load(lambda: h.page.premieres_only.setChecked(True))
    assert h.rows(C_KIND) == [("Tomorrow", ["Season premiere"]), ("Thursday 10 December", ["Series premiere"])]
    assert h.page.count_label.text() == "2 premieres in the next 30 days"
    h.load(lambda: h.page.premieres_only.setChecked(False))
    assert len([s for _, names in h.rows() for s in names]) == 4


def test_announced_series_keep_their_precision(make_upcoming, services):
    e = services.engine
    add_series(e, "Spring Thing", status=LifecycleStatus.ANNOUNCED, premiere="Spring 2027")
    add_series(e, "No Date", status=LifecycleStatus.RUMORED)
    h = make_upcoming(services).load()
    assert h.page.stack.currentIndex() == LIST
    assert h.groups() == [ANNOUNCED_LABEL]  # no day: never a made-up date
    assert h.rows(C_WHEN) == [(ANNOUNCED_LABEL, ["Spring 2027", "Date not announced"])]
    assert h.rows(C_EPISODE) == [(ANNOUNCED_LABEL, ["Announced", "Rumored"])]
    assert "premieres in spring 2027" in h.index_of("Spring Thing").data(Qt.ItemDataRole.ToolTipRole)
    assert h.page.nothing_dated.isVisible()
    assert h.page.nothing_dated.text() == "No episodes or premieres in the next 30 days."
    assert h.page.count_label.text() == "2 announced series without an exact date"
    assert "2027-" not in " ".join(h.rows(C_WHEN)[0][1])


def _announced_spin_off(example, premiere: str) -> int:
    """A spin-off in the Bosch universe, announced and followed, as Ballard was in the example before
    it came out (the example's Ballard is out now, and no date is known for its second season)."""
    universe = example.franchises.franchise_of(example.library.find("Bosch"))
    sid = add_series(
        example.engine,
        "Bosch: Origins",
        state=None,
        status=LifecycleStatus.ANNOUNCED,
        premiere=premiere,
        franchise_id=universe,
    )
    example.library.follow(sid)
    return sid


def test_the_example_library_shows_ballard_expected_in_2025_with_no_date_since(make_upcoming, example):
    _announced_spin_off(example, "2025")
    h = make_upcoming(example).load()
    assert h.rows(C_WHEN) == [(OVERDUE_LABEL, ["Expected 2025 — no date since"])]
    assert h.rows(C_EPISODE) == [(OVERDUE_LABEL, ["Announced · Bosch universe"])]


# -- the countdown ----------------------------------------------------------------------------------


def test_countdown_for_the_next_few_ticks_without_the_database(make_upcoming, services, monkeypatch):
    e = services.engine
    sid = add_series(e, "Soon", network="HBO")
    add_episodes(
        e,
        sid,
        1,
        [
            {"number": 1, "airstamp": NOW + timedelta(minutes=35)},
            {"number": 2, "airstamp": NOW + timedelta(hours=5, minutes=20)},
            {"number": 3, "air_date": date(2026, 11, 25)},
            {"number": 4, "airstamp": NOW + timedelta(days=4)},
            {"number": 5, "air_date": date(2026, 11, 24)},
        ],
    )
    h = make_upcoming(services).load()
    assert h.cards() == [
        ("today", "Soon — S01E05 Episode 5", "all day · HBO"),
        ("in 35 min", "Soon — S01E01 Episode 1", "Today, 13:35 · Series premiere"),
        ("in 5 h 20 min", "Soon — S01E02 Episode 2", "Today, 18:20 · HBO"),
        ("tomorrow", "Soon — S01E03 Episode 3", "all day · HBO"),
    ]
    assert h.page.countdown.isVisible()
    assert h.controller._ticker.isActive() and h.controller._ticker.interval() == 60_000

    def no_database(*args, **kwargs):
        raise AssertionError("the countdown read the database")

    monkeypatch.setattr(h.schedule, "upcoming", no_database)
    services.library.clock = lambda: NOW + timedelta(hours=1)  # an hour of ticks later
    h.controller.tick()
    assert [c[0] for c in h.cards()] == ["today", "in 4 h 20 min", "tomorrow", "in 4 days"]
    assert h.cards()[3][2] == "Sat 28 Nov, 13:00 · HBO"
    monkeypatch.undo()
    # past midnight the day labels are wrong: the page reads again
    services.library.clock = lambda: NOW + timedelta(days=1)
    with h.qtbot.waitSignal(h.controller.loaded, timeout=10_000):
        h.controller.tick()
    assert h.groups()[0] == "Today" and h.rows(C_EPISODE)[0][1] == ["S01E03 · Episode 3"]


def test_a_card_selects_its_item(make_upcoming, services):
    _late_show(services)
    h = make_upcoming(services).load()
    card = h.page.cards[2]
    h.qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert h.page.current_entry().key == card.key
    assert h.page.current_entry().number == 3


# -- catch-up -----------------------------------------------------------------------------------------


def test_catch_up_line_for_the_selected_series(make_upcoming, services):
    e = services.engine
    sid = add_series(e, "Returning", runtime=50)
    add_episodes(
        e,
        sid,
        1,
        [
            {"number": 1, "air_date": date(2025, 1, 1), "runtime": 40, "watched": NOW - timedelta(days=100)},
            {"number": 2, "air_date": date(2025, 1, 8), "runtime": 40},
            {"number": 3, "air_date": date(2025, 1, 15)},
        ],
    )
    add_episodes(e, sid, 2, [{"number": 1, "airstamp": ny(2026, 12, 4, 21)}])
    other = add_series(e, "Nothing Dated")
    add_episodes(e, other, 1, weekly(NOW + timedelta(days=2), 1, first=5))
    h = make_upcoming(services).load()
    assert "Select a series" in h.page.catch_up_text.text()
    found = h.select("Returning")
    assert found.plan.episodes == 2
    assert h.page.catch_up_title.text() == "Catch up before season 2 of Returning"
    assert h.page.catch_up_text.text() == (
        "2 episodes, 1.5 hours to watch before 5 December 2026 — about 8 min a day for 11 days. "
        "Start with Returning S01E02 (the runtime of 1 episode is a guess)."
    )
    found = h.select("Nothing Dated")
    assert found.plan is None
    assert h.page.catch_up_text.text() == "No dated premiere ahead for Nothing Dated: nothing to plan."
    # back to the first: from memory, no second read
    h.page.table.setCurrentIndex(h.index_of("Returning"))
    assert h.page.catch_up_title.text() == "Catch up before season 2 of Returning"


def test_catch_up_with_the_franchise_before_a_spin_off(make_upcoming, example):
    origins = _announced_spin_off(example, "2025")
    with session_scope(example.engine) as session:
        s = session.get(Series, origins)
        s.premiere, s.premiere_precision, s.premiere_sort = "2027-01-15", "day", date(2027, 1, 15)
        session.add(s)
    h = make_upcoming(example, franchises=example.franchises, days=90).load()
    assert h.rows(C_WHEN) == [("Friday 15 January 2027", ["all day"])]
    found = h.select("Bosch: Origins")
    # Bosch: Legacy from S01E03 (28 episodes), Ballard from S01E05 (6)
    assert found.plan.caught_up and found.franchise_plan.episodes == 28 + 6
    assert h.page.catch_up_title.text() == "Catch up with the Bosch universe before the premiere of Bosch: Origins"
    assert h.page.catch_up_text.text().startswith("34 episodes, ")
    assert "to watch before 15 January 2027 — about " in h.page.catch_up_text.text()
    assert "Start with Bosch: Legacy S01E03" in h.page.catch_up_text.text()
    # without the franchise service: the new series' own plan, nothing to watch
    alone = make_upcoming(example, days=90).load()
    alone.select("Bosch: Origins")
    assert alone.page.catch_up_text.text() == "You are caught up: nothing to watch before 15 January 2027."


# -- export -----------------------------------------------------------------------------------------


def _events(path) -> list:
    cal = Calendar.from_ical(path.read_bytes())
    return [c for c in cal.walk() if c.name == "VEVENT"]


def test_export_writes_a_calendar_that_parses_back(make_upcoming, services, tmp_path, qtbot):
    _late_show(services)
    add_series(services.engine, "Spring Thing", status=LifecycleStatus.ANNOUNCED, premiere="Spring 2027")
    h = make_upcoming(services, path=tmp_path / "upcoming").load()  # no suffix: .ics is added
    with qtbot.waitSignal(h.controller.exported, timeout=10_000) as done:
        h.page.export_button.click()
    written = tmp_path / "upcoming.ics"
    assert done.args[0].events == 4 and written.exists()
    events = _events(written)
    assert len(events) == 4  # the announced series has no day: not exported
    assert sorted(str(ev["summary"]) for ev in events)[0] == "Late Show — S01E01 Episode 1"
    assert h.statuses[-1] == f"Wrote 4 events to {written} (the next 30 days)."
    assert h.page.export_button.isEnabled()
    assert h.asked[0].endswith("watchtracker-upcoming.ics")
    # premieres only: what the page shows is what is written; the last place is offered again
    h.load(lambda: h.page.premieres_only.setChecked(True))
    with qtbot.waitSignal(h.controller.exported, timeout=10_000):
        h.page.export_button.click()
    assert len(_events(written)) == 1
    assert h.statuses[-1] == f"Wrote 1 event to {written} (premieres in the next 30 days)."
    assert h.asked[1] == str(written)


def test_export_to_a_place_that_cannot_be_written_says_why(make_upcoming, services, tmp_path, qtbot):
    _late_show(services)
    h = make_upcoming(services, path=tmp_path / "no such folder" / "upcoming.ics").load()
    with qtbot.waitSignal(h.controller.exported, timeout=10_000) as done:
        h.page.export_button.click()
    assert isinstance(done.args[0], ExportError)
    assert len(h.errors) == 1 and isinstance(h.errors[0], ExportError)
    assert "does not exist" in str(h.errors[0])
    assert h.statuses[-1].startswith("The calendar was not exported: cannot write ")
    assert h.page.export_button.isEnabled()
    h.errors.clear()
    h.path = None  # the viewer cancels the dialog: nothing happens
    h.page.export_button.click()
    assert not h.library_lane.busy and len(h.statuses) == 2


def test_the_default_path_chooser_is_a_save_dialog(monkeypatch, qtbot):
    asked = []

    def fake(parent, caption, suggested, filters):
        asked.append((caption, suggested, filters))
        return "", ""

    monkeypatch.setattr(upcoming_controller.QFileDialog, "getSaveFileName", fake)
    assert upcoming_controller.choose_ics_path(None, "/tmp/x.ics") is None
    assert asked == [("Export the upcoming calendar", "/tmp/x.ics", "iCalendar files (*.ics);;All files (*)")]


# -- the rest -------------------------------------------------------------------------------------


def test_empty_state(make_upcoming, services):
    h = make_upcoming(services).load()
    assert h.page.stack.currentIndex() == EMPTY
    assert h.page.empty_heading.text() == "Nothing in the next 30 days"
    assert "follow a series that is airing" in h.page.empty_text.text()
    assert not h.page.catch_up.isVisible() and not h.page.countdown.isVisible()
    assert h.page.longer_button.isVisible() and not h.page.all_button.isVisible()
    h.load(lambda: h.page.premieres_only.setChecked(True))
    assert h.page.empty_heading.text() == "No premieres in the next 30 days"
    assert h.page.all_button.isVisible()
    h.load(h.page.longer_button.click)
    assert h.page.days() == 365 and h.page.empty_heading.text() == "No premieres in the next year"
    assert not h.page.longer_button.isVisible()


def test_double_click_opens_the_series(make_upcoming, services):
    sid = _late_show(services)
    h = make_upcoming(services).load()
    table = h.page.table
    index = h.index_of("Late Show", C_EPISODE)
    double_click(h.qtbot, table, table.visualRect(index).center())
    assert h.opened == [sid]
    day = h.page.model.index(0, 0)  # a day heading opens nothing
    assert h.page.model.is_heading(0) and table.columnSpan(0, 0) == 5
    double_click(h.qtbot, table, table.visualRect(day).center())
    assert h.opened == [sid]


def test_changes_reload_now_or_when_the_page_comes_back(make_upcoming, services, qtbot):
    h = make_upcoming(services).load()
    assert h.page.stack.currentIndex() == EMPTY
    _late_show(services)
    h.load(lambda: h.controller.on_changes(Changes(everything=True)))
    assert h.groups()[0] == "Today"
    h.page.hide()
    add_series(services.engine, "Spring Thing", status=LifecycleStatus.ANNOUNCED, premiere="Spring 2027")
    with qtbot.assertNotEmitted(h.controller.loaded, wait=50):
        h.controller.on_changes(Changes(added=frozenset({99})))
    h.load(h.page.show)
    assert h.groups()[-1] == ANNOUNCED_LABEL
    # midnight passes while the page is hidden: read again when it is back, not before
    h.page.hide()
    services.library.clock = lambda: NOW + timedelta(days=1)
    with qtbot.assertNotEmitted(h.controller.loaded, wait=50):
        h.controller.tick()
    h.load(h.page.show)
    assert h.groups()[0] == "Today" and h.rows(C_WHEN)[0][1] == ["all day"]  # yesterday's tomorrow
    with qtbot.assertNotEmitted(h.controller.loaded, wait=50):
        h.controller.on_changes(Changes())


def test_titles_are_plain_and_long_ones_elide(make_upcoming, services):
    e = services.engine
    title = "<i>Not italic</i> & a title that goes on " + "and on " * 20
    sid = add_series(e, title)
    add_episodes(e, sid, 1, weekly(NOW + timedelta(hours=1), 2))
    h = make_upcoming(services).load()
    index = h.index_of(title)
    assert index.data() == title
    assert "&lt;i&gt;" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert h.page.table.textElideMode() == Qt.TextElideMode.ElideRight
    card = h.page.cards[0]
    h.select(title)
    assert h.page.catch_up_title.text().endswith(title)
    assert h.page.minimumSizeHint().width() < 800  # a long title does not widen the window
    assert card.what.text().startswith("<i>Not italic</i>")
    assert card.what.width() < card.what.fontMetrics().horizontalAdvance(card.what.text())
    assert "&lt;i&gt;" in card.what.toolTip()
