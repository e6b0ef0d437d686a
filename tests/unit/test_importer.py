"""The import service: matching (ids, TVmaze's lookup, title and year), the preview, one
transaction (cancel, failure), duplicates and conflicts, the shows kept for later — with
ImportBatch objects built here (the readers are tested on their own) and a local TVmaze."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sqlite3
import threading
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from tests.conftest import NOW
from tests.fixtures import tvmaze_payloads as tv
from watchtracker.domain.enums import ViewerState
from watchtracker.domain.transfer import ExternalIds, ImportBatch, ImportedShow, ImportedViewing, NotAnExport
from watchtracker.providers.http import PoliteClient, Politeness
from watchtracker.providers.tvmaze import TvmazeClient
from watchtracker.services.online import OnlineService
from watchtracker.services.transfer import importer as importer_module
from watchtracker.services.transfer import placing as import_placing
from watchtracker.services.transfer.export import ExportService
from watchtracker.services.transfer.importer import (
    ImportCancelled,
    ImportService,
    UnknownFormat,
    _changes_made,
    normalise_title,
    show_from_json,
    show_to_json,
)
from watchtracker.storage.database import alembic_config, head_revision, open_database, session_scope
from watchtracker.storage.tables import Episode, LibraryEntry, PendingImport, Series, SQLModel, Viewing

pytestmark = pytest.mark.both_backends

T = datetime(2024, 3, 1, 20, 0, tzinfo=UTC)


# -- helpers ----------------------------------------------------------------------------------


def add_series(
    engine,
    title: str,
    *,
    year: int | None = 2014,
    seasons: int = 2,
    episodes: int = 3,
    status: str = "ended",
    followed: bool = True,
    state: str = "plan_to_watch",
    **ids,
) -> int:
    """A series with aired episodes, straight into the library."""
    with session_scope(engine) as session:
        s = Series(
            title=title,
            status=status,
            premiere=str(year) if year else None,
            premiere_precision="year" if year else None,
            premiere_sort=date(year, 1, 1) if year else None,
            **ids,
        )
        session.add(s)
        session.flush()
        for n in range(1, seasons + 1):
            for k in range(1, episodes + 1):
                session.add(
                    Episode(
                        series_id=s.id, season=n, number=k, air_date=date(2015, 1, 1) + timedelta(days=n * 1000 + k)
                    )
                )
        if followed:
            session.add(LibraryEntry(series_id=s.id, state=state))
        return s.id


def watch(engine, sid: int, season: int, number: int, when: datetime | None) -> None:
    with session_scope(engine) as session:
        eid = session.exec(
            select(Episode.id).where(Episode.series_id == sid, Episode.season == season, Episode.number == number)
        ).one()
        session.add(Viewing(episode_id=eid, watched_at=when))


def viewings(season: int, count: int, start: datetime = T) -> tuple[ImportedViewing, ...]:
    return tuple(ImportedViewing(season, k, start + timedelta(days=k)) for k in range(1, count + 1))


def batch(*shows: ImportedShow, fmt: str = "trakt") -> ImportBatch:
    return ImportBatch(format=fmt, shows=tuple(shows), source="test-export.json")


def plays(engine, sid: int) -> list[tuple[int, int, datetime | None, str]]:
    with Session(engine) as session:
        return sorted(
            [
                (s, n, w, src)
                for s, n, w, src in session.exec(
                    select(Episode.season, Episode.number, Viewing.watched_at, Viewing.source)
                    .join(Viewing, Viewing.episode_id == Episode.id)
                    .where(Episode.series_id == sid)
                )
            ],
            key=lambda r: (r[0], r[1], r[2] or datetime.min.replace(tzinfo=UTC)),
        )


def entry(engine, sid: int) -> LibraryEntry | None:
    with Session(engine) as session:
        return session.get(LibraryEntry, sid)


def dump(engine, *, leave_out: tuple[str, ...] = ()) -> list:
    """Every table's rows as the database holds them (a SQLite file or a PostgreSQL database)."""
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            listed = "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
        else:
            listed = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1"
        tables = [r[0] for r in conn.exec_driver_sql(listed) if r[0] not in leave_out]
        return [(t, sorted(repr(tuple(r)) for r in conn.exec_driver_sql(f'SELECT * FROM "{t}"'))) for t in tables]


def empty_library(request, backend: str, folder):
    """Another library, empty, on the test's backend (made by a first start there): its engine.
    On PostgreSQL a new database of its own on the session's server, dropped afterwards."""
    if backend != "postgresql":
        return open_database(folder / "library.sqlite")
    import uuid

    import psycopg

    from watchtracker.storage.server import open_server_library, parse_server_url

    pg = request.getfixturevalue("pg")
    name = "t_" + uuid.uuid4().hex[:12]

    def run(sql: str) -> None:
        with psycopg.connect(pg.conninfo(), autocommit=True) as conn:
            conn.execute(sql)

    run(f'CREATE DATABASE "{name}"')
    request.addfinalizer(lambda: run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    return open_server_library(parse_server_url(pg.url(name))).engine


def library_engine(paths):
    """The test's library opened as the app opens it: its SQLite file, or its database on the server."""
    if paths.server_url:
        from watchtracker.storage.server import open_server_library, parse_server_url

        return open_server_library(parse_server_url(paths.server_url)).engine
    return open_database(paths.database)


@pytest.fixture
def imp(services, paths) -> ImportService:
    return ImportService(services.engine, None, paths.backups, clock=lambda: NOW)


@pytest.fixture
def online_imp(services, paths, httpserver):
    http = PoliteClient(Politeness(read_timeout=0.5), sleep=lambda s: None)
    online = OnlineService(services.engine, TvmazeClient(http, httpserver.url_for("").rstrip("/")), clock=lambda: NOW)
    yield ImportService(services.engine, online, paths.backups, clock=lambda: NOW)
    http.close()


# -- matching ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, ids, series_ids",
    [
        ("tvmaze", ExternalIds(tvmaze=5001), {"tvmaze_id": 5001}),
        ("thetvdb", ExternalIds(thetvdb=277165), {"thetvdb_id": 277165}),
        ("imdb", ExternalIds(imdb="tt3502248"), {"imdb_id": "tt3502248"}),
        ("tmdb", ExternalIds(tmdb=60735, thetvdb=1), {"tmdb_id": 60735}),
    ],
)
def test_a_show_is_matched_by_each_id_the_library_knows(services, imp, kind, ids, series_ids):
    sid = add_series(services.engine, "Bosch", **series_ids)
    add_series(services.engine, "Bosch", year=1999)  # same title, no ids: never chosen over an id
    plan = imp.plan(batch(ImportedShow("k1", "Some Other Name", ids=ids, viewings=viewings(1, 2))))
    [m] = plan.matched
    assert (m.series_id, m.how, m.series_title) == (sid, kind, "Bosch")
    assert plan.report.viewings_added == 2 and not plan.pending


def test_title_and_year_match_and_their_limits(services, imp):
    bosch = add_series(services.engine, "Bosch", year=2014)
    office_us = add_series(services.engine, "The Office", year=2005)
    add_series(services.engine, "The Office", year=2001)
    doctor = add_series(services.engine, "Doctor Who", year=2005)
    plan = imp.plan(
        batch(
            ImportedShow("a", "BOSCH", year=2014),
            ImportedShow("b", "Office", year=2005),  # "The" and case do not matter
            ImportedShow("c", "Doctor Who (2005)"),  # the year in the title counts
            ImportedShow("d", "Bosch", year=2016),  # the years disagree: not matched
            ImportedShow("e", "The Office"),  # no year, two candidates: not guessed
            ImportedShow("f", "Boschh Legacy Extended", year=2014),  # not close enough
        )
    )
    assert {m.show.key: (m.series_id, m.how) for m in plan.matched} == {
        "a": (bosch, "title"),
        "b": (office_us, "title"),
        "c": (doctor, "title"),
    }
    reasons = {p.show.key: p.reason for p in plan.pending}
    assert set(reasons) == {"d", "e", "f"}
    assert "several library series" in reasons["e"]


def test_normalised_titles():
    assert normalise_title("The Office (2005)") == "office"
    assert normalise_title("Law & Order: SVU") == "law and order svu"
    assert normalise_title("Pokémon") == "pokemon"


def test_lookup_by_thetvdb_then_imdb_follows_a_show_not_in_the_library(services, online_imp, httpserver):
    httpserver.expect_request("/lookup/shows", query_string="thetvdb=123").respond_with_data("", status=404)
    httpserver.expect_request("/lookup/shows", query_string="imdb=tt9000002").respond_with_json(
        tv.show(5002, "Bosch: Legacy", embed=False)
    )
    httpserver.expect_request("/shows/5002").respond_with_json(tv.legacy())
    show = ImportedShow(
        "legacy",
        "Bosch Legacy",
        year=2022,
        ids=ExternalIds(thetvdb=123, imdb="tt9000002"),
        viewings=viewings(1, 3) + (ImportedViewing(4, 1, T),),
        rating=8,
    )
    plan = online_imp.plan(batch(show))
    [m] = plan.matched
    assert (m.how, m.via, m.series_id, m.tvmaze_id, m.new) == ("lookup", "imdb", None, 5002, True)
    assert (plan.report.viewings_added, plan.report.unplaced) == (3, 1)  # S04E01: TVmaze has no such episode
    with Session(services.engine) as session:
        assert session.exec(select(Series)).first() is None  # the preview wrote nothing
    report = online_imp.apply(plan)
    [m] = report.matched
    assert m.series_id is not None and m.followed and m.new
    assert report.changes.added == {m.series_id}
    d = services.library.detail(m.series_id)
    assert (d.title, len(d.episodes())) == ("Bosch: Legacy", 30)
    assert [(s, n) for s, n, _, _ in plays(services.engine, m.series_id)] == [(1, 1), (1, 2), (1, 3)]
    e = entry(services.engine, m.series_id)
    assert (e.state, e.rating) == ("watching", 8)
    assert report.unplaced == 1 and report.unplaced_examples == ("Bosch Legacy S04E01",)


def test_lookup_finding_a_library_series_by_its_tvmaze_id(services, online_imp, httpserver):
    sid = add_series(services.engine, "Bosch", tvmaze_id=5001)
    httpserver.expect_request("/lookup/shows", query_string="thetvdb=777").respond_with_json(
        tv.show(5001, "Bosch", embed=False)
    )
    # another title in the file (a library series of the same title would be taken first, unasked)
    plan = online_imp.plan(
        batch(ImportedShow("b", "Harry Bosch", ids=ExternalIds(thetvdb=777), viewings=viewings(1, 1)))
    )
    assert [(m.series_id, m.how, m.via) for m in plan.matched] == [(sid, "lookup", "thetvdb")]
    assert len(httpserver.log) == 1  # no full fetch for a series the library has


# -- a library series of the same title wins over TVmaze (issue 11, defect 16) -----------------------


def _tvtime_bosch(folder) -> None:
    """A TV Time export of two Bosch viewings (TheTVDB's id 277928; TV Time gives no year)."""
    folder.mkdir()
    (folder / "seen_episode.csv").write_text(
        "tv_show_id,tv_show_name,episode_season_number,episode_number,episode_id,created_at,updated_at\n"
        "277928,Bosch,1,1,4815162,2015-02-15 21:10:00,2015-02-15 21:10:00\n"
        "277928,Bosch,7,1,4815163,2021-06-26 20:00:00,2021-06-26 20:00:00\n",
        encoding="utf-8",
    )


def _tvmaze_knows_bosch(httpserver) -> None:
    httpserver.expect_request("/lookup/shows", query_string="thetvdb=277928").respond_with_json(
        tv.show(5001, "Bosch", premiered="2014-02-06", thetvdb=277928, imdb="tt3502248", embed=False)
    )
    httpserver.expect_request("/shows/5001").respond_with_json(
        tv.show(5001, "Bosch", premiered="2014-02-06", thetvdb=277928, imdb="tt3502248")
    )


def test_a_library_series_of_the_same_title_wins_over_tvmaze_and_gets_the_ids(
    example, online_imp, httpserver, tmp_path
):
    bosch = example.library.find("Bosch")  # the example's series carry no external ids
    _tvmaze_knows_bosch(httpserver)
    _tvtime_bosch(tmp_path / "tvtime")
    plan = online_imp.plan(online_imp.read(tmp_path / "tvtime"))
    [m] = plan.matched
    assert (m.series_id, m.how, m.new, m.tvmaze_id) == (bosch, "title", False, None)
    assert plan.fetched == {} and len(httpserver.log) == 0  # TVmaze not even asked
    report = online_imp.apply(plan)
    assert report.changes.added == frozenset()
    with Session(example.engine) as session:
        assert session.exec(select(Series.id).where(Series.title == "Bosch")).all() == [bosch]
        assert session.get(Series, bosch).thetvdb_id == 277928  # the next import matches it by id
    again = online_imp.plan(online_imp.read(tmp_path / "tvtime"))
    assert [(m.series_id, m.how) for m in again.matched] == [(bosch, "thetvdb")]


def test_a_trakt_show_of_the_same_title_and_year_gets_every_id_the_library_lacks(example, online_imp, httpserver):
    bosch = example.library.find("Bosch")
    show = ImportedShow(
        "trakt:1",
        "Bosch",
        2014,
        ExternalIds(thetvdb=277928, imdb="tt3502248", tmdb=60735, trakt=1),
        viewings=(ImportedViewing(1, 2, T),),
    )
    plan = online_imp.plan(batch(show))
    assert [(m.series_id, m.how) for m in plan.matched] == [(bosch, "title")] and not httpserver.log
    online_imp.apply(plan)
    with Session(example.engine) as session:
        s = session.get(Series, bosch)
        assert (s.thetvdb_id, s.imdb_id, s.tmdb_id, s.tvmaze_id) == (277928, "tt3502248", 60735, None)


def test_a_library_series_linked_to_another_show_is_not_taken_by_its_title(services, online_imp, httpserver):
    old = add_series(services.engine, "Bosch", year=None, thetvdb_id=111)  # another Bosch, by TheTVDB
    _tvmaze_knows_bosch(httpserver)
    plan = online_imp.plan(batch(ImportedShow("b", "Bosch", ids=ExternalIds(thetvdb=277928), viewings=viewings(1, 1))))
    [m] = plan.matched
    assert (m.how, m.via, m.tvmaze_id, m.new) == ("lookup", "thetvdb", 5001, True)
    assert m.series_id != old


def test_two_shows_of_one_title_with_different_ids_take_the_library_series_once(services, imp):
    sid = add_series(services.engine, "Bosch", year=None)
    plan = imp.plan(
        batch(
            ImportedShow("a", "Bosch", ids=ExternalIds(thetvdb=1), viewings=viewings(1, 1)),
            ImportedShow("b", "Bosch", ids=ExternalIds(thetvdb=2), viewings=viewings(1, 1)),
        )
    )
    assert [(m.show.key, m.series_id, m.how) for m in plan.matched] == [("a", sid, "title")]
    assert [p.show.key for p in plan.pending] == ["b"]
    imp.apply(plan)
    with Session(services.engine) as session:
        assert session.get(Series, sid).thetvdb_id == 1


def test_the_dry_run_says_the_library_series_is_taken(example, httpserver, tmp_path, cli_run, monkeypatch):
    _tvmaze_knows_bosch(httpserver)
    _tvtime_bosch(tmp_path / "tvtime")
    monkeypatch.setenv("WATCHTRACKER_TVMAZE_URL", httpserver.url_for("").rstrip("/"))
    assert cli_run("demo")[0] == 0
    code, out, err = cli_run("import", str(tmp_path / "tvtime"), "--dry-run")
    assert code == 0, err
    assert "Bosch → Bosch (title and year)" in out
    assert "would be followed" not in out


# -- offline, pending, retry ------------------------------------------------------------------


def test_offline_import_keeps_the_unmatched_whole_and_retry_matches_them(services, paths, imp, httpserver):
    bosch = add_series(services.engine, "Bosch", tvmaze_id=5001)
    legacy = ImportedShow(
        "trakt-77",
        "Bosch: Legacy",
        year=2022,
        ids=ExternalIds(thetvdb=900002, trakt=77),
        viewings=viewings(1, 2) + (ImportedViewing(2, 1, None, "Chapter 1", 4242),),
        rating=9,
        favourite=True,
        notes="with Maddie",
        state=ViewerState.WATCHING,
        followed_at=T,
    )
    nothing = ImportedShow("trakt-78", "Unknown Show", ids=ExternalIds(imdb="tt0000001"))
    report = imp.apply(
        imp.plan(
            batch(ImportedShow("b", "Bosch", ids=ExternalIds(tvmaze=5001), viewings=viewings(1, 1)), legacy, nothing)
        )
    )
    assert [m.series_id for m in report.matched] == [bosch]
    assert {p.show.key: p.reason for p in report.pending} == {
        "trakt-77": "not looked up on TVmaze (offline)",
        "trakt-78": "not looked up on TVmaze (offline)",
    }
    kept = imp.pending()
    assert [(r.format, r.key, r.title, r.year, r.ids) for r in kept] == [
        ("trakt", "trakt-77", "Bosch: Legacy", 2022, {"thetvdb": 900002, "trakt": 77}),
        ("trakt", "trakt-78", "Unknown Show", None, {"imdb": "tt0000001"}),
    ]
    assert show_from_json(kept[0].show) == legacy  # nothing lost
    # importing the same file again does not keep them twice
    imp.apply(imp.plan(batch(legacy, nothing)))
    assert len(imp.pending()) == 2

    httpserver.expect_request("/lookup/shows", query_string="thetvdb=900002").respond_with_json(
        tv.show(5002, "Bosch: Legacy", embed=False)
    )
    httpserver.expect_request("/lookup/shows", query_string="imdb=tt0000001").respond_with_data("", status=404)
    httpserver.expect_request("/shows/5002").respond_with_json(tv.legacy())
    http = PoliteClient(Politeness(read_timeout=0.5), sleep=lambda s: None)
    online = OnlineService(services.engine, TvmazeClient(http, httpserver.url_for("").rstrip("/")), clock=lambda: NOW)
    retry = ImportService(services.engine, online, paths.backups, clock=lambda: NOW)
    plan = retry.plan_pending()
    assert [m.show.title for m in plan.matched] == ["Bosch: Legacy"]
    report = retry.apply(plan)
    http.close()
    [m] = report.matched
    assert [(s, n) for s, n, _, src in plays(services.engine, m.series_id)] == [(1, 1), (1, 2), (2, 1)]
    assert {src for *_, src in plays(services.engine, m.series_id)} == {"import:trakt"}
    e = entry(services.engine, m.series_id)
    assert (e.state, e.rating, e.favourite, e.notes) == ("watching", 9, True, "with Maddie")
    assert e.added_at == T
    assert [(r.key, r.error) for r in retry.pending()] == [("trakt-78", "TVmaze does not know its ids")]


def test_a_kept_show_is_matched_by_hand_to_a_library_series(services, imp):
    bosch = add_series(services.engine, "Bosch", tvmaze_id=5001)
    odd = ImportedShow("tv-9", "Harry Bosch (US)", ids=ExternalIds(imdb="tt9999999"), viewings=viewings(1, 2), rating=8)
    imp.apply(imp.plan(batch(odd)))
    [kept] = imp.pending()
    plan = imp.match_by_hand(kept.id, series_id=bosch)
    [m] = plan.report.matched
    assert (m.how, m.series_id, m.series_title, plan.report.viewings_added) == ("hand", bosch, "Bosch", 2)
    assert len(imp.pending()) == 1  # the plan wrote nothing
    report = imp.apply(plan)
    assert report.viewings_added == 2 and report.ratings_set == 1
    assert [(s, n) for s, n, _, _ in plays(services.engine, bosch)] == [(1, 1), (1, 2)]
    assert imp.pending() == []  # matched: no longer kept
    with pytest.raises(Exception, match="no longer kept"):
        imp.match_by_hand(kept.id, series_id=bosch)


def test_matching_by_hand_refuses_nonsense(services, imp):
    sid = add_series(services.engine, "Bosch", tvmaze_id=5001)
    imp.apply(imp.plan(batch(ImportedShow("x", "Whatever", viewings=viewings(1, 1)))))
    [kept] = imp.pending()
    with pytest.raises(Exception, match="a series of the library or to a show on TVmaze"):
        imp.match_by_hand(kept.id)
    with pytest.raises(Exception, match="a series of the library or to a show on TVmaze"):
        imp.match_by_hand(kept.id, series_id=sid, tvmaze_id=5001)
    with pytest.raises(Exception, match="not in the library any more"):
        imp.match_by_hand(kept.id, series_id=sid + 100)
    with pytest.raises(Exception, match="offline"):
        imp.match_by_hand(kept.id, tvmaze_id=5001)  # this importer has no TVmaze
    assert imp.forget_pending([kept.id, kept.id + 50]) == 1
    assert imp.pending() == []


def test_a_kept_show_is_matched_by_hand_to_a_tvmaze_show_and_followed(services, online_imp, httpserver):
    online_imp.apply(online_imp.plan(batch(ImportedShow("x", "Legacy??", viewings=viewings(1, 2))), offline=True))
    [kept] = online_imp.pending()
    httpserver.expect_request("/shows/5002").respond_with_json(tv.legacy())
    plan = online_imp.match_by_hand(kept.id, tvmaze_id=5002)
    [m] = plan.report.matched
    assert m.how == "hand" and m.new and m.series_title == "Bosch: Legacy"
    report = online_imp.apply(plan)
    [m] = report.matched
    assert m.followed and report.viewings_added == 2
    assert [(s, n) for s, n, _, _ in plays(services.engine, m.series_id)] == [(1, 1), (1, 2)]
    assert online_imp.pending() == []


def test_network_down_keeps_the_shows_for_later(services, paths):
    http = PoliteClient(Politeness(read_timeout=0.2, connect_timeout=0.2, retries=0), sleep=lambda s: None)
    online = OnlineService(services.engine, TvmazeClient(http, "http://127.0.0.1:9"), clock=lambda: NOW)
    imp = ImportService(services.engine, online, paths.backups, clock=lambda: NOW)
    shows = [ImportedShow(f"k{i}", f"Show {i}", ids=ExternalIds(thetvdb=i)) for i in range(1, 4)]
    plan = imp.plan(batch(*shows))
    http.close()
    assert [p.reason for p in plan.pending] == ["TVmaze could not be reached"] * 3
    assert not plan.report.online
    assert http.requests_sent == 1  # the first failure stops the lookups


def test_json_round_trip_of_a_show():
    show = ImportedShow(
        "k",
        "T",
        2020,
        ExternalIds(tvmaze=1, imdb="tt1234567"),
        (ImportedViewing(0, 3, None), ImportedViewing(1, 1, T, "Pilot", 99)),
        rating=7,
        favourite=True,
        watchlist=True,
        state=ViewerState.ON_HOLD,
        notes="n",
        followed_at=T,
    )
    assert show_from_json(show_to_json(show)) == show


# -- the preview and the transaction ----------------------------------------------------------


def test_dry_run_changes_nothing(services, imp):
    sid = add_series(services.engine, "Bosch", tvmaze_id=5001)
    before = dump(services.engine)
    plan = imp.plan(
        batch(
            ImportedShow("b", "Bosch", ids=ExternalIds(tvmaze=5001), viewings=viewings(1, 3), rating=7),
            ImportedShow("x", "Nowhere", ids=ExternalIds(imdb="tt0000009")),
        )
    )
    r = plan.report
    assert (r.shows, r.episodes, r.viewings, r.ratings) == (2, 3, 3, 1)
    assert (r.viewings_added, r.ratings_set, len(r.pending), r.dry_run) == (3, 1, 1, True)
    assert dump(services.engine) == before
    assert plays(services.engine, sid) == []


def test_duplicates_are_skipped_and_conflicts_kept_or_skipped(services, imp):
    sid = add_series(services.engine, "Bosch", tvmaze_id=5001, state="watching")
    watch(services.engine, sid, 1, 1, T + timedelta(days=1, seconds=20))  # the same viewing
    watch(services.engine, sid, 1, 2, T - timedelta(days=30))  # watched before, another time
    show = ImportedShow(
        "b", "Bosch", ids=ExternalIds(tvmaze=5001), viewings=viewings(1, 3) + (ImportedViewing(1, 1, None),)
    )  # "watched", no date
    skip = imp.plan(batch(show), duplicates="skip").report
    assert (skip.viewings_added, skip.duplicates, skip.conflicts) == (1, 2, 1)
    report = imp.apply(imp.plan(batch(show)))  # keep (default)
    assert (report.viewings_added, report.duplicates, report.conflicts) == (2, 2, 1)
    assert [(s, n) for s, n, _, _ in plays(services.engine, sid)] == [(1, 1), (1, 2), (1, 2), (1, 3)]
    again = imp.apply(imp.plan(batch(show)))  # the same file twice adds nothing
    assert (again.viewings_added, again.duplicates) == (0, 4)


def test_the_answer_for_conflicts_can_change_after_the_preview_without_matching_again(services, imp):
    sid = add_series(services.engine, "Bosch", tvmaze_id=5001, state="watching")
    watch(services.engine, sid, 1, 2, T - timedelta(days=30))  # watched before, another time
    show = ImportedShow("b", "Bosch", ids=ExternalIds(tvmaze=5001), viewings=viewings(1, 3))
    keep = imp.plan(batch(show))
    skip = imp.with_duplicates(keep, "skip")
    assert (keep.report.viewings_added, keep.report.conflicts) == (3, 1)
    assert (skip.report.viewings_added, skip.report.conflicts, skip.report.duplicate_policy) == (2, 1, "skip")
    assert skip.matched == keep.matched and skip.duplicates == "skip"
    with pytest.raises(Exception, match="duplicates is one of"):
        imp.with_duplicates(keep, "maybe")
    done = imp.apply(skip)
    assert done.viewings_added == 2
    assert [(s, n) for s, n, _, _ in plays(services.engine, sid)] == [(1, 1), (1, 2), (1, 3)]


def test_rewatches_in_the_file_are_kept(services, imp):
    sid = add_series(services.engine, "Bosch", tvmaze_id=5001)
    show = ImportedShow(
        "b",
        "Bosch",
        ids=ExternalIds(tvmaze=5001),
        viewings=(ImportedViewing(1, 1, T), ImportedViewing(1, 1, T + timedelta(days=300))),
    )
    assert imp.apply(imp.plan(batch(show))).viewings_added == 2
    assert len(plays(services.engine, sid)) == 2


def test_entry_states_ratings_favourites_notes_and_watchlist(services, imp):
    done = add_series(services.engine, "Done", tvmaze_id=1, seasons=1, episodes=2, status="ended")
    running = add_series(services.engine, "Running", tvmaze_id=2, status="airing", followed=False)
    wanted = add_series(services.engine, "Wanted", tvmaze_id=3, followed=False)
    noted = add_series(services.engine, "Noted", tvmaze_id=4, state="dropped")
    with session_scope(services.engine) as session:
        e = session.get(LibraryEntry, noted)
        e.notes, e.rating = "mine", 3
    report = imp.apply(
        imp.plan(
            batch(
                ImportedShow("1", "Done", ids=ExternalIds(tvmaze=1), viewings=viewings(1, 2)),
                ImportedShow("2", "Running", ids=ExternalIds(tvmaze=2), viewings=viewings(1, 1), favourite=True),
                ImportedShow("3", "Wanted", ids=ExternalIds(tvmaze=3), watchlist=True),
                ImportedShow(
                    "4", "Noted", ids=ExternalIds(tvmaze=4), rating=9, notes="theirs", viewings=viewings(1, 1)
                ),
            )
        )
    )
    assert entry(services.engine, done).state == "completed"
    r = entry(services.engine, running)
    assert (r.state, r.favourite) == ("watching", True)
    assert entry(services.engine, wanted).state == "plan_to_watch"
    n = entry(services.engine, noted)
    assert (n.state, n.rating, n.notes) == ("dropped", 9, "mine\n\ntheirs")  # appended, state kept
    assert report.changes.added == {running, wanted}
    assert report.changes.series >= {done, running, wanted, noted}
    assert report.ratings_set == 1


def test_a_failure_in_the_middle_leaves_the_library_as_it_was(services, imp, monkeypatch):
    sid = add_series(services.engine, "Bosch", tvmaze_id=5001)
    watch(services.engine, sid, 1, 1, T)
    plan = imp.plan(
        batch(
            ImportedShow("b", "Bosch", ids=ExternalIds(tvmaze=5001), viewings=viewings(2, 3), rating=5),
            ImportedShow("x", "Nowhere", ids=ExternalIds(imdb="tt0000009")),
        )
    )
    before = dump(services.engine)

    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(import_placing, "_finished", boom)  # after the viewings went in
    with pytest.raises(RuntimeError):
        imp.apply(plan)
    assert dump(services.engine) == before
    assert imp.pending() == []


def test_cancel_rolls_everything_back(services, imp):
    sid = add_series(services.engine, "Bosch", tvmaze_id=5001, seasons=10, episodes=1000)
    show = ImportedShow(
        "b",
        "Bosch",
        ids=ExternalIds(tvmaze=5001),
        viewings=tuple(ImportedViewing(s, k, T) for s in range(1, 11) for k in range(1, 1001)),
    )
    plan = imp.plan(batch(show))
    before = dump(services.engine)
    cancel = threading.Event()
    seen = []

    def progress(done, total, what):
        seen.append(done)
        if done >= 5000:  # the first chunk of viewings is in: cancel
            cancel.set()

    with pytest.raises(ImportCancelled):
        imp.apply(plan, progress=progress, cancel=cancel)
    assert 5000 in seen
    assert dump(services.engine) == before
    assert plays(services.engine, sid) == []


def test_apply_takes_a_backup_first(services, imp, paths, backend):
    add_series(services.engine, "Bosch", tvmaze_id=5001)
    report = imp.apply(
        imp.plan(batch(ImportedShow("b", "Bosch", ids=ExternalIds(tvmaze=5001), viewings=viewings(1, 1))))
    )
    assert report.backup is not None and report.backup.parent == paths.backups
    if backend == "sqlite":  # a copy of the file
        con = sqlite3.connect(report.backup)
        assert con.execute("SELECT COUNT(*) FROM viewing").fetchone() == (0,)  # the library before
        con.close()
    else:  # on a server: the own-format export

        def viewings_in(exported: dict) -> int:
            return sum(len(e.get("viewings", [])) for s in exported["series"] for e in s["episodes"])

        exported = json.loads(report.backup.read_text(encoding="utf-8"))
        assert exported["format"] == "watchtracker"
        assert [s["title"] for s in exported["series"]] == ["Bosch"]
        assert viewings_in(exported) == 0  # the library before
        now, _ = ExportService(services.engine).json_bytes()
        assert viewings_in(json.loads(now)) == 1  # the library after


# -- recognising the format -------------------------------------------------------------------


def fake_reader(fmt: str, marker: str, shows=()):
    return SimpleNamespace(
        looks_like=lambda path: marker in path.read_text(encoding="utf-8", errors="ignore"),
        read=lambda path: ImportBatch(format=fmt, shows=tuple(shows)),
    )


def test_detect_asks_each_reader_and_knows_our_own_format(services, tmp_path, monkeypatch):
    imp = ImportService(
        services.engine,
        readers={"trakt": fake_reader("trakt", "trakt"), "imdb": fake_reader("imdb", "Const,Your Rating")},
    )
    monkeypatch.setattr(importer_module, "open_source", contextlib.nullcontext)  # the fake readers read the path
    (tmp_path / "a.json").write_text('[{"trakt": 1}]')
    (tmp_path / "b.csv").write_text("Const,Your Rating,Title\n")
    (tmp_path / "c.json").write_text('{"version": 1, "format": "watchtracker", "series": []}')
    (tmp_path / "d.bin").write_bytes(b"\x00\x01garbage")
    assert imp.detect(tmp_path / "a.json") == "trakt"
    assert imp.detect(tmp_path / "b.csv") == "imdb"
    assert imp.detect(tmp_path / "c.json") == "watchtracker"
    with pytest.raises(UnknownFormat, match="d.bin is not an export"):
        imp.detect(tmp_path / "d.bin")
    assert imp.read(tmp_path / "a.json").source == str(tmp_path / "a.json")


def test_a_missing_reader_is_not_offered(services, tmp_path):
    imp = ImportService(services.engine, readers={})
    (tmp_path / "a.json").write_text("[]")
    with pytest.raises(UnknownFormat):
        imp.read(tmp_path / "a.json", "trakt")
    assert "trakt" not in imp.formats()


def test_a_reader_refusing_the_file_is_not_a_match(services, tmp_path):
    def refuse(_):
        raise NotAnExport("truncated")

    imp = ImportService(services.engine, readers={"trakt": SimpleNamespace(looks_like=refuse, read=refuse)})
    (tmp_path / "a.json").write_text("[")
    with pytest.raises(UnknownFormat):
        imp.detect(tmp_path / "a.json")


# -- schema -----------------------------------------------------------------------------------


def test_migration_0005_upgrades_a_0004_library_and_matches_the_models(tmp_path):
    path = tmp_path / "library.sqlite"
    raw = create_engine(f"sqlite:///{path}")
    with raw.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
        conn.exec_driver_sql(
            "INSERT INTO series (id, title, aliases, overview, status, network, country, language, genres,"
            " content_rating, created_at, updated_at) VALUES (1, 'Kept', '[]', '', 'ended', '', '', '', '[]',"
            " '', '2020-01-01', '2020-01-01')"
        )
    raw.dispose()
    engine = open_database(path, tmp_path / "backups")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()
        assert conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE name = 'pending_import'").scalar()
        assert conn.exec_driver_sql("SELECT title FROM series").scalar() == "Kept"
        context = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        assert compare_metadata(context, SQLModel.metadata) == []
    with session_scope(engine) as session:
        session.add(PendingImport(format="trakt", key="1", title="T", ids={"imdb": "tt1"}, show={"key": "1"}))
    with pytest.raises(IntegrityError):  # one row per (format, key)
        with session_scope(engine) as session:
            session.add(PendingImport(format="trakt", key="1", title="T"))
    engine.dispose()
    assert list((tmp_path / "backups").glob("library-before-upgrade-from-0004-*.sqlite"))


def test_a_series_deleted_after_the_preview_keeps_its_show_for_later(services, imp):
    sid = add_series(services.engine, "Bosch", tvmaze_id=5001)
    plan = imp.plan(batch(ImportedShow("b", "Bosch", ids=ExternalIds(tvmaze=5001), viewings=viewings(1, 2), rating=4)))
    services.catalog.delete_series(sid)
    report = imp.apply(plan)
    assert (report.viewings_added, report.unplaced, report.matched) == (0, 0, ())
    assert [(p.show.title, p.reason) for p in report.pending] == [
        ("Bosch", "its series was deleted from the library after the preview")
    ]
    assert entry(services.engine, sid) is None
    kept = imp.pending()
    assert [k.title for k in kept] == ["Bosch"] and len(kept[0].show["viewings"]) == 2


def test_an_import_that_writes_nothing_is_told_apart_from_one_that_writes(services):
    """``nothing_new`` on both backends: SQLite counts the rows changed, PostgreSQL tells whether
    the transaction has written anything. The same file again writes nothing; a new viewing does."""
    imp = ImportService(services.engine, None, None, clock=lambda: NOW)
    sid = add_series(services.engine, "Bosch", tvmaze_id=5001)
    show = ImportedShow("b", "Bosch", ids=ExternalIds(tvmaze=5001), viewings=viewings(1, 2), rating=4)
    first = imp.apply(imp.plan(batch(show)))
    assert (first.viewings_added, first.nothing_new) == (2, False)
    again = imp.apply(imp.plan(batch(show)))
    assert (again.viewings_added, again.nothing_new, again.backup) == (0, True, None)
    more = imp.apply(imp.plan(batch(dataclasses.replace(show, viewings=viewings(1, 3)))))
    assert (more.viewings_added, more.nothing_new) == (1, False)
    assert len(plays(services.engine, sid)) == 3
    with session_scope(services.engine) as session:
        before = _changes_made(session)
        assert before is not None  # both backends can tell, at the start of a transaction
        session.exec(select(Series).where(Series.id == sid)).one()
        assert _changes_made(session) == before  # reading is not writing
        entry_row = session.get(LibraryEntry, sid)
        assert entry_row is not None
        entry_row.notes = "changed"
        session.add(entry_row)
        session.flush()
        assert _changes_made(session) != before
