"""The .ics written line by line (render_calendar) is, byte for byte, what icalendar writes for the
same calendar (build_calendar(...).to_ical()), including the events it hands back to icalendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from tests.conftest import NOW
from tests.unit.test_calendar_export import a_schedule
from tests.unit.test_schedule import generate
from watchtracker.domain.models import ReleaseKind, UpcomingItem
from watchtracker.services.schedule import ScheduleService
from watchtracker.services.transfer.calendar_export import (
    CalendarExportService,
    _plain_event,
    build_calendar,
    render_calendar,
    uid_for,
)


def item(title: str = "Bosch", episode: str = "Pilot", **changes) -> UpcomingItem:
    fields = {
        "key": "episode-12",
        "kind": ReleaseKind.EPISODE,
        "series_id": 3,
        "series_title": title,
        "network": "Prime Video",
        "day": date(2026, 11, 27),
        "airstamp": datetime(2026, 11, 27, 3, tzinfo=UTC),
        "local_time": None,
        "episode_id": 12,
        "season": 2,
        "number": 3,
        "title": episode,
        "runtime": 42,
    }
    fields.update(changes)
    return UpcomingItem(**fields)


def reference(items: list[UpcomingItem], stamp: datetime = NOW) -> bytes:
    return build_calendar(items, stamp).to_ical()


def ordinary(it: UpcomingItem) -> bool:
    """Whether render_calendar writes the event itself (else icalendar does)."""
    return _plain_event(it, "DTSTAMP:20261124T120000Z") is not None


def test_ordinary_events_are_written_as_icalendar_writes_them():
    items = [
        item(),
        item(airstamp=None, key="episode-13", day=date(2026, 12, 31)),  # all day, over the year's end
        item(network="", runtime=None, key="episode-14"),  # no details; 45 minutes
        item(airstamp=datetime(2026, 11, 27, 3, 4, 5, 678, tzinfo=UTC)),  # seconds kept, fraction dropped
        item(airstamp=datetime(2026, 11, 27, 22, tzinfo=ZoneInfo("America/New_York"))),  # to UTC
        item(airstamp=datetime(2026, 3, 29, 2, 30, tzinfo=timezone(timedelta(hours=5, minutes=30)))),
        item(airstamp=None, day=date(5, 1, 2)),  # a year under 1000: four digits
        item(airstamp=datetime(999, 1, 2, 3, tzinfo=UTC)),
        item(kind=ReleaseKind.SEASON_PREMIERE, key="season-4", season=8, number=None, episode_id=None, airstamp=None),
        item(kind=ReleaseKind.SERIES_PREMIERE, key="series-7", season=None, number=None, airstamp=None, title=""),
        item("Dark — Ünïcödé 東京 ☂", "Résumé"),
        item("x" * 44, "y" * 10),  # the longest SUMMARY line that fits: 74 octets
    ]
    assert all(ordinary(i) for i in items)
    assert len(f"SUMMARY:{items[-1].english_label}".encode()) == 74
    for stamp in (NOW, datetime(2026, 11, 24, 13, 0, 59, 999999, tzinfo=ZoneInfo("Europe/Berlin"))):
        assert render_calendar(items, stamp) == reference(items, stamp)


@pytest.mark.parametrize(
    "odd",
    [
        item("A, B; C"),  # text to escape
        item("Back\\slash"),
        item("Lit\\N", "eral"),
        item("Two", "lines\nin one"),
        item("Carriage", "return\r\nand\rlone"),
        item(network="HBO, Max"),
        item(key="episode-1;2"),
        item("x" * 45, "y" * 10),  # 75 octets: folded
        item("Dark", "東京" * 30),  # several folds, multi-octet characters
        item("x" * 51, "ab\\c" + "z" * 20),  # an escape where the line folds
        item("y" * 51, "ab;c" + "z" * 20),
        item("y" * 52, "ab;c" + "z" * 20),
    ],
)
def test_text_to_escape_or_fold_goes_through_icalendar(odd):
    assert not ordinary(odd)
    items = [item(key="episode-1"), odd, item(key="episode-2", airstamp=None)]
    data = render_calendar(items, NOW)
    assert data == reference(items)
    events = Calendar.from_ical(data).walk("VEVENT")
    assert [str(ev["UID"]) for ev in events] == [uid_for(i) for i in items]  # and the file parses


def test_an_empty_calendar_is_icalendars():
    assert render_calendar([], NOW) == reference([])


@pytest.fixture
def export(services) -> CalendarExportService:
    return CalendarExportService(ScheduleService(services.engine, services.library, tz=ZoneInfo("Europe/Berlin")))


def test_the_export_of_a_library_is_icalendars_calendar(export, services):
    a_schedule(services.engine)
    generate(services.engine, 60, seed=5)
    for days, premieres_only, specials in ((60, False, False), (365, False, True), (365, True, False)):
        items = export.schedule.upcoming(days, premieres_only=premieres_only, include_specials=specials).items
        assert len(items) > 5 and any(ordinary(i) for i in items)
        data, result = export.ics(days, premieres_only=premieres_only, include_specials=specials)
        assert result.events == len(items)
        assert data == reference(list(items))
