"""Dates from anywhere: viewing dates of year 1 or 9999 (with and without an offset) in every
importer's files and in our own export, and extreme times written straight into the library,
then every view that does date arithmetic on them: statistics (months, years, streaks, this
year, the last 12 months, a chosen year), Up next, Upcoming, the catch-up planner, the detail,
and the CLI. Nothing may raise; a viewing date no one can have watched at is kept as "watched,
date unknown"."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from tests.conftest import NOW
from watchtracker.domain.transfer import (
    ExternalIds,
    ImportBatch,
    ImportedShow,
    ImportedViewing,
)
from watchtracker.providers.imports import tvtime
from watchtracker.providers.imports.files import open_source
from watchtracker.services.stats import StatsService
from watchtracker.services.transfer.importer import ImportService
from watchtracker.services.transfer.own_format import parse_own_export
from watchtracker.storage.database import session_scope
from watchtracker.storage.tables import Episode, LibraryEntry, Season, Viewing

UTC = UTC
ZONES = [
    ZoneInfo("Europe/Berlin"),
    ZoneInfo("America/New_York"),
    ZoneInfo("Pacific/Kiritimati"),
    ZoneInfo("Pacific/Pago_Pago"),
    UTC,
    None,
]
# as the importers meet them: text with and without an offset
EXTREME_TEXTS = [
    "9999-12-31T23:59:59Z",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:00:00-05:00",
    "0001-01-01T00:00:00+05:00",
    "9999-12-31 23:59:59",
    "0001-01-01 00:00:00",
    "1900-01-01T00:00:00Z",
    "2200-01-01T00:00:00Z",
]
# as a library may hold them (SQLite keeps naive UTC text)
STORED = [
    "0001-01-01 00:00:00.000000",
    "9999-12-31 23:59:59.999999",
    "0001-01-01 00:00:00",
    "9999-12-31 23:59:59",
    "1000-06-15 12:00:00.000000",
    "2999-01-01 00:00:00.000000",
]


# -- the rule -----------------------------------------------------------------------------------


def test_a_viewing_date_is_plausible_from_1928_to_two_days_ahead():
    from watchtracker.domain.dates import plausible_viewing

    assert plausible_viewing(datetime(2015, 2, 15, 21, 10, tzinfo=UTC), NOW) == datetime(
        2015, 2, 15, 21, 10, tzinfo=UTC
    )
    assert plausible_viewing(datetime(1928, 1, 1, tzinfo=UTC), NOW) is not None
    assert plausible_viewing(datetime(1927, 12, 31, tzinfo=UTC), NOW) is None
    assert plausible_viewing(NOW + timedelta(days=1), NOW) is not None  # a clock a little ahead
    assert plausible_viewing(NOW + timedelta(days=3), NOW) is None
    for extreme in (
        datetime.min,
        datetime.max,
        datetime.min.replace(tzinfo=UTC),
        datetime.max.replace(tzinfo=UTC),
        datetime(9999, 12, 31, tzinfo=timezone(timedelta(hours=-5))),
        datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5))),
    ):
        assert plausible_viewing(extreme, NOW) is None
    assert plausible_viewing(None, NOW) is None
    assert plausible_viewing(datetime(2020, 1, 1), datetime.max.replace(tzinfo=UTC)) is not None


@pytest.mark.parametrize("tz", ZONES)
def test_safe_local_never_overflows(tz):
    from watchtracker.domain.dates import safe_local

    for moment in (datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)):
        local = safe_local(moment, tz)
        assert local.tzinfo is not None and abs(local - moment) == timedelta(0)


# -- the importers ------------------------------------------------------------------------------


def _trakt_play(i: int, watched_at: str) -> dict:
    return {
        "id": 1000 + i,
        "watched_at": watched_at,
        "action": "watch",
        "type": "episode",
        "episode": {"season": 1, "number": i + 1, "title": f"Chapter {i + 1}", "ids": {"trakt": 50 + i}},
        "show": {"title": "Bosch", "year": 2014, "ids": {"trakt": 1, "tvdb": 277928}},
    }


def test_trakt_dates_out_of_range_are_kept_without_a_date(tmp_path, services, paths):
    folder = tmp_path / "trakt"
    folder.mkdir()
    plays = [_trakt_play(i, t) for i, t in enumerate(EXTREME_TEXTS)] + [_trakt_play(9, "2015-02-15T21:10:00Z")]
    (folder / "watched-history.json").write_text(json.dumps(plays), encoding="utf-8")
    imp = ImportService(services.engine, None, paths.backups, clock=lambda: NOW)
    batch = imp.read(folder)  # year 9999 at -05:00 used to raise OverflowError here
    plan = imp.plan(batch, offline=True)
    [show] = [p.show for p in plan.pending]
    dated = [v.watched_at for v in show.viewings if v.watched_at is not None]
    assert dated == [datetime(2015, 2, 15, 21, 10, tzinfo=UTC)]
    assert len(show.viewings) == len(EXTREME_TEXTS) + 1  # nothing lost: the rest undated
    assert any("before 1928 or in the future, kept without a date" in line for line in plan.report.skipped)
    # year 9999 at -05:00 and year 1 at +05:00 have no UTC time: the reader cannot read them
    assert any("no readable date kept without a date: 2" in line for line in plan.report.skipped)


def test_tvtime_dates_out_of_range_are_kept_without_a_date(tmp_path, services, paths):
    folder = tmp_path / "tvtime"
    folder.mkdir()
    rows = ["tv_show_id,tv_show_name,episode_season_number,episode_number,episode_id,created_at,updated_at"]
    rows += [f"277928,Bosch,1,{i + 1},{900 + i},{t},{t}" for i, t in enumerate(EXTREME_TEXTS)]
    (folder / "seen_episode.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    with open_source(folder) as src:
        batch = tvtime.read(src)  # year 1 at +05:00 used to raise OverflowError here
    imp = ImportService(services.engine, None, paths.backups, clock=lambda: NOW)
    plan = imp.plan(batch, offline=True)
    [pending] = plan.pending
    assert len(pending.show.viewings) == len(EXTREME_TEXTS)
    assert all(v.watched_at is None for v in pending.show.viewings)


def test_an_import_never_writes_an_implausible_date(example, paths):
    imp = ImportService(example.engine, None, paths.backups, clock=lambda: NOW)
    legacy = example.library.find("Bosch: Legacy")
    odd = [
        datetime.min.replace(tzinfo=UTC),
        datetime.max.replace(tzinfo=UTC),
        datetime(1900, 1, 1, tzinfo=UTC),
        NOW + timedelta(days=30),
    ]
    show = ImportedShow(
        "b",
        "Bosch: Legacy",
        2022,
        ExternalIds(),
        tuple(ImportedViewing(3, k + 1, w) for k, w in enumerate(odd)),
        followed_at=datetime.max.replace(tzinfo=UTC),
    )
    report = imp.apply(imp.plan(ImportBatch("trakt", (show,), source="x"), offline=True))
    assert report.viewings_added == 4
    with Session(example.engine) as session:
        added = session.exec(
            select(Viewing.watched_at)
            .join(Episode)
            .where(Episode.series_id == legacy, Episode.season == 3, Viewing.source == "import:trakt")
        ).all()
    assert added == [None] * 4


def test_our_own_export_with_dates_out_of_range_imports_them_undated(services):
    views = [
        {
            "watched_at": t.replace(" ", "T") + ("" if t.endswith("Z") or "+" in t[10:] or t.count("-") > 2 else "Z"),
            "source": "manual",
        }
        for t in EXTREME_TEXTS
    ]
    doc = {
        "format": "watchtracker",
        "version": 1,
        "series": [
            {
                "key": "s1",
                "title": "Bosch",
                "status": "ended",
                "entry": {"state": "watching", "added_at": "9999-12-31T23:59:59Z"},
                "seasons": [{"number": 1, "premiere": "9999-12-31"}],
                "episodes": [
                    {
                        "season": 1,
                        "number": 1,
                        "airstamp": "9999-12-31T23:00:00-05:00",
                        "air_date": "0001-01-01",
                        "viewings": views,
                    }
                ],
            }
        ],
    }
    export = parse_own_export(json.dumps(doc))  # -05:00 in year 9999 used to raise OverflowError
    imp = ImportService(services.engine, None, None, clock=lambda: NOW)
    summary, _, _ = imp.import_own(export)
    assert summary.viewings_new == len(EXTREME_TEXTS)
    assert summary.dates_out_of_range >= len(EXTREME_TEXTS)
    with Session(services.engine) as session:
        assert session.exec(select(Viewing.watched_at)).all() == [None] * len(EXTREME_TEXTS)
        entry = session.exec(select(LibraryEntry)).one()
        assert entry.added_at.year < 9999
        episode = session.exec(select(Episode)).one()
        assert episode.airstamp is None and episode.air_date is None


# -- every view, over any date stored ---------------------------------------------------------


def _store_extremes(services, stored: str) -> None:
    """Bosch: Legacy (watching) gets a viewing at ``stored``; other date columns get it too."""
    legacy = services.library.find("Bosch: Legacy")
    with session_scope(services.engine) as session:
        _, second = session.exec(
            select(Episode.id).where(Episode.series_id == legacy).order_by(Episode.season, Episode.number).limit(2)
        ).all()
        session.add(Season(series_id=legacy, number=9, name="odd"))
    con = sqlite3.connect(services.engine.url.database)
    con.execute("INSERT INTO viewing (episode_id, watched_at, source) VALUES (?, ?, 'manual')", (second, stored))
    con.execute(
        "UPDATE episode SET airstamp = ?, air_date = ? WHERE series_id = ? AND season = 3",
        (stored, stored[:10], legacy),
    )
    con.execute("UPDATE season SET premiere = ? WHERE number = 9", (stored[:10],))
    con.execute("UPDATE library_entry SET added_at = ? WHERE series_id = ?", (stored, legacy))
    con.commit()
    con.close()


@pytest.mark.parametrize("stored", STORED)
def test_statistics_cope_with_any_date_stored(example, stored):
    from watchtracker.ui.stats.controller import (
        ALL_TIME,
        LAST_12_MONTHS,
        THIS_YEAR,
        compute,
    )

    _store_extremes(example, stored)
    for tz in ZONES:
        service = StatsService(example.engine, clock=lambda: NOW, tz=tz)
        st = service.stats()
        assert st.undated == 1  # the odd date counts as "watched, date unknown"
        assert st.by_year[0].start.year == 2015 and st.by_year[-1].start.year == 2025  # Ballard, July 2025
        assert st.last_watched.year == 2025
        for period in (ALL_TIME, THIS_YEAR, LAST_12_MONTHS, 2015, 2026, 1, 9999):
            shown = compute(service, period, None)
            assert shown is not None
        service.stats(start=date(1, 1, 1), end=date(9999, 12, 31))


@pytest.mark.parametrize("stored", STORED)
def test_up_next_upcoming_and_the_detail_cope_with_any_date_stored(example, stored):
    _store_extremes(example, stored)
    legacy = example.library.find("Bosch: Legacy")
    for tz in ZONES:
        example.schedule.tz = tz
        rows = example.schedule.up_next()
        [row] = [r for r in rows if r.series_id == legacy]
        assert row.activity.year < 9999  # the odd date does not put it on top for ever
        if row.last_watched is not None:
            example.schedule.local(row.last_watched)
        example.schedule.up_next_row(legacy)
        upcoming = example.schedule.upcoming(days=3660)
        example.schedule.countdown(upcoming)
        example.schedule.catch_up(legacy)
        example.schedule.start_of_day(date.max)
        example.schedule.start_of_day(date.min)
    detail = example.library.detail(legacy)
    assert detail.title == "Bosch: Legacy"
    example.library.library()


@pytest.mark.parametrize("stored", STORED[:4])
def test_the_cli_copes_with_any_date_stored(cli_run, stored, tmp_path):
    assert cli_run("demo")[0] == 0
    from watchtracker.app import open_services
    from watchtracker.paths import AppPaths
    from watchtracker.settings import Settings

    services = open_services(AppPaths.under(cli_run.data), Settings())
    try:
        _store_extremes(services, stored)
    finally:
        services.close()
    for args in (
        ["show", "Bosch: Legacy"],
        ["show", "Bosch: Legacy", "--json"],
        ["list"],
        ["list", "--json"],
        ["export", "--format", "csv", str(tmp_path / "v.csv")],
        ["export", "--format", "json", str(tmp_path / "l.json")],
        ["export", "--format", "ics", str(tmp_path / "c.ics")],
        ["import", str(tmp_path / "l.json"), "--dry-run"],
    ):
        code, _, err = cli_run(*args)
        assert code == 0, (args, err)
        assert "Traceback" not in err


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York"])
def test_the_library_and_the_detail_show_any_last_viewing_in_any_zone(monkeypatch, zone):
    """Their "last watched" column: the computer's own zone, at both ends of the calendar."""
    import time

    from watchtracker.ui.library.model import relative_day

    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        for moment in (datetime.max.replace(tzinfo=UTC), datetime.min.replace(tzinfo=UTC)):
            assert relative_day(moment) in ("31 Dec 9999", "1 Jan 1")
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.parametrize("premiere", ["9999-12-31", "1850", "junk", "2026-13-45"])
def test_a_premiere_edited_by_hand_is_shown_as_unknown(example, cli_run, premiere):
    """A premiere no version of watchtracker writes (a library edited by hand) reads as unknown
    in the detail, the library, Upcoming, Franchises and the CLI, instead of failing."""
    from watchtracker.app import main

    con = sqlite3.connect(example.engine.url.database)
    con.execute("UPDATE series SET premiere = ? WHERE title = 'Ballard'", (premiere,))
    con.commit()
    con.close()
    ballard = example.library.find("Ballard")
    example.library.follow(ballard)
    assert example.library.detail(ballard).premiere is None
    assert any(r.title == "Ballard" and r.premiere is None for r in example.library.library())
    example.schedule.upcoming(days=365)
    for summary in example.franchises.franchises():
        example.franchises.franchise(summary.id)
    data = Path(example.engine.url.database).parent
    assert main(["show", "Ballard", "--data-dir", str(data)]) == 0
    assert main(["show", "Bosch: Legacy", "--data-dir", str(data)]) == 0  # Ballard among its relations
