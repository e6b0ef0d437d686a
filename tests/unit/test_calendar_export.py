"""The .ics export: built, parsed back with icalendar and checked; and the `export` command."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from tests.conftest import NOW
from tests.unit.test_schedule import add_episodes, add_series, generate, ny, weekly
from watchtracker.app import open_services
from watchtracker.domain.enums import LifecycleStatus
from watchtracker.paths import AppPaths
from watchtracker.services.schedule import ScheduleService
from watchtracker.services.transfer.calendar_export import PRODID, CalendarExportService, ExportError
from watchtracker.settings import Settings

pytestmark = pytest.mark.both_backends

UTC = UTC
UID = re.compile(r"^watchtracker-(episode|season|series)-\d+@watchtracker$")


@pytest.fixture
def export(services) -> CalendarExportService:
    return CalendarExportService(ScheduleService(services.engine, services.library, tz=ZoneInfo("Europe/Berlin")))


def events_of(data: bytes) -> tuple[Calendar, list]:
    cal = Calendar.from_ical(data)
    assert cal.name == "VCALENDAR"
    return cal, [c for c in cal.walk("VEVENT")]


def a_schedule(engine) -> dict[str, int]:
    """Timed and date-only episodes, a season premiere, a premiere known only by date, and an
    announced series with an imprecise date."""
    late = add_series(engine, "Late Show", runtime=60)
    add_episodes(
        engine,
        late,
        2,
        [
            {"number": 3, "title": "Night", "airstamp": ny(2026, 11, 26), "runtime": 42},
            {"number": 4, "title": "Day", "air_date": date(2026, 12, 3)},  # date only
        ],
    )
    back = add_series(engine, "Back Again")  # no runtime anywhere: 45 min
    add_episodes(engine, back, 3, [{"number": 1, "title": "Return", "airstamp": datetime(2026, 12, 1, 20, tzinfo=UTC)}])
    new = add_series(engine, "Brand New", status=LifecycleStatus.UPCOMING, premiere="2026-12-10")
    add_series(engine, "Someday", status=LifecycleStatus.ANNOUNCED, premiere="Spring 2027")
    add_series(engine, "Far Off", status=LifecycleStatus.UPCOMING, premiere="2027-06-01")  # beyond the range
    return {"late": late, "back": back, "new": new}


def test_the_calendar_parses_back_with_the_right_events(export, services):
    ids = a_schedule(services.engine)
    data, result = export.ics()
    cal, events = events_of(data)
    assert str(cal["PRODID"]) == PRODID and str(cal["VERSION"]) == "2.0"
    assert (result.events, result.timed, result.all_day, result.not_exported) == (4, 2, 2, 1)
    assert len(events) == 4
    by_summary = {str(ev["SUMMARY"]): ev for ev in events}
    assert set(by_summary) == {
        "Late Show — S02E03 Night",
        "Late Show — S02E04 Day",
        "Back Again — S03E01 Return",
        "Brand New — Series premiere",
    }
    uids = [str(ev["UID"]) for ev in events]
    assert len(set(uids)) == len(uids) and all(UID.match(u) for u in uids)
    for ev in events:
        assert ev.decoded("DTSTAMP") == NOW

    night = by_summary["Late Show — S02E03 Night"]
    start = night.decoded("DTSTART")
    assert isinstance(start, datetime) and start.utcoffset() == timedelta(0)
    assert start == datetime(2026, 11, 27, 3, tzinfo=UTC)  # 22:00 in New York
    assert night.decoded("DTEND") - start == timedelta(minutes=42)  # the episode's own runtime
    assert "DTSTART:20261127T030000Z" in data.decode()
    assert by_summary["Back Again — S03E01 Return"].decoded("DTEND") - datetime(
        2026, 12, 1, 20, tzinfo=UTC
    ) == timedelta(minutes=45)

    day = by_summary["Late Show — S02E04 Day"]
    assert type(day.decoded("DTSTART")) is date and day.decoded("DTSTART") == date(2026, 12, 3)
    assert day.decoded("DTEND") == date(2026, 12, 4)
    assert "DTSTART;VALUE=DATE:20261203" in data.decode()
    premiere = by_summary["Brand New — Series premiere"]
    assert premiere.decoded("DTSTART") == date(2026, 12, 10)
    assert str(premiere["UID"]) == f"watchtracker-series-{ids['new']}@watchtracker"
    assert "Someday" not in data.decode()  # "Spring 2027" is never turned into a day


def test_uids_are_stable_between_exports(export, services):
    a_schedule(services.engine)
    first = [str(ev["UID"]) for ev in events_of(export.ics()[0])[1]]
    services.library.clock = lambda: NOW + timedelta(hours=1)
    second = [str(ev["UID"]) for ev in events_of(export.ics()[0])[1]]
    assert first == second


def test_premieres_only(export, services):
    a_schedule(services.engine)
    data, result = export.ics(premieres_only=True)
    _, events = events_of(data)
    assert sorted(str(ev["SUMMARY"]) for ev in events) == ["Back Again — S03E01 Return", "Brand New — Series premiere"]
    assert result.premieres_only and result.events == 2


def test_an_empty_library_gives_a_valid_empty_calendar(export):
    data, result = export.ics()
    cal, events = events_of(data)
    assert events == [] and result.events == 0
    assert str(cal["PRODID"]) == PRODID


def test_write_ics_and_unwritable_paths(export, services, tmp_path):
    a_schedule(services.engine)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "upcoming.ics"
    result = export.write_ics(target, days=8)
    assert result.path == target and result.events == 2  # the 26 Nov and 1 Dec ones
    assert len(events_of(target.read_bytes())[1]) == 2
    assert [p.name for p in folder.iterdir()] == ["upcoming.ics"]  # no temporary file left
    with pytest.raises(ExportError, match="does not exist"):
        export.write_ics(folder / "missing" / "x.ics")
    with pytest.raises(ExportError, match="is a folder"):
        export.write_ics(folder)


def test_a_generated_library_exports_every_upcoming_item(export, services):
    generate(services.engine, 60, seed=5)
    upcoming = export.schedule.upcoming(days=60)
    data, result = export.ics(days=60)
    _, events = events_of(data)
    assert len(events) == len(upcoming.items) == result.events > 20
    timed = [ev for ev in events if isinstance(ev.decoded("DTSTART"), datetime)]
    assert len(timed) == result.timed and 0 < result.timed < result.events
    assert len({str(ev["UID"]) for ev in events}) == len(events)


# -- the command ---------------------------------------------------------------------------------


@pytest.fixture
def run(cli_run, paths):
    cli_run.paths = paths  # the library the commands use: a file in the data folder, or on a server
    return cli_run


def _add_upcoming(paths: AppPaths) -> None:
    """The CLI runs on the real clock: episodes from tomorrow on, added to its library."""
    s = open_services(paths, Settings())
    try:
        now = datetime.now(UTC).replace(second=0, microsecond=0)
        sid = s.library.find("Bosch: Legacy")
        add_episodes(s.engine, sid, 4, weekly(now + timedelta(days=1), 3, runtime=50))
        add_episodes(s.engine, sid, 5, [{"number": 1, "air_date": (now + timedelta(days=200)).date()}])
    finally:
        s.close()


def test_cli_export_writes_a_calendar_that_parses(run, tmp_path):
    assert run("demo")[0] == 0
    _add_upcoming(run.paths)
    target = tmp_path / "up.ics"
    code, out, err = run("export", "--format", "ics", str(target))
    assert code == 0 and err == ""
    assert out.strip() == f"Exported 3 events (episodes and premieres in the next 30 days) to {target}."
    _, events = events_of(target.read_bytes())
    assert [str(ev["SUMMARY"]) for ev in events] == [f"Bosch: Legacy — S04E0{n} Episode {n}" for n in (1, 2, 3)]
    assert all(ev.decoded("DTEND") - ev.decoded("DTSTART") == timedelta(minutes=50) for ev in events)
    code, out, _ = run("export", "--format", "ics", str(target), "--days", "365", "--premieres-only")
    assert code == 0 and "Exported 2 events (premieres in the next 365 days)" in out
    assert len(events_of(target.read_bytes())[1]) == 2


def test_cli_export_to_standard_output(run):
    assert run("demo")[0] == 0
    _add_upcoming(run.paths)
    code, out, err = run("export", "--format", "ics", "-", "--days", "10")
    assert code == 0 and "Exported 2 events" in err
    assert len(events_of(out.encode())[1]) == 2


def test_cli_export_of_an_empty_library_is_a_valid_empty_calendar(run, tmp_path):
    target = tmp_path / "empty.ics"
    code, out, _ = run("export", "--format", "ics", str(target))
    assert code == 0 and "Exported 0 events" in out
    cal, events = events_of(target.read_bytes())
    assert events == [] and str(cal["VERSION"]) == "2.0"


def test_cli_export_to_a_bad_path_says_so_in_one_line(run, tmp_path):
    code, out, err = run("export", "--format", "ics", str(tmp_path / "no" / "such" / "dir" / "x.ics"))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("watchtracker: cannot write ")
    assert "does not exist" in err
    code, _, err = run("export", "--format", "ics", str(tmp_path))
    assert code == 1 and "is a folder" in err and err.count("\n") == 1


def test_cli_export_usage_errors(run, tmp_path):
    for args in (["--format", "xml"], [], ["--format", "ics", "--days", "0"]):
        with pytest.raises(SystemExit) as info:
            run("export", str(tmp_path / "x"), *args)
        assert info.value.code == 2
    assert not (tmp_path / "x").exists()
