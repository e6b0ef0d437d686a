"""Live between computers (issue 16): on a PostgreSQL server every change is announced by
migration 0010's triggers, and a listener on another computer (here: a second engine on the same
database) hears it as ``Changes`` within a second; it says when the server is gone, tries again by
itself and, once back, asks for everything to be read again, once."""

from __future__ import annotations

import json
import queue
import statistics
import threading
import time

import psycopg
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlmodel import SQLModel

from watchtracker.app import Services, open_services
from watchtracker.services.changes import Changes
from watchtracker.services.live import listener_for
from watchtracker.settings import Settings
from watchtracker.storage.database import alembic_config
from watchtracker.storage.listen import (
    BACK,
    CONNECTED,
    LOST,
    ChangeListener,
    LinkState,
    connection_kwargs,
)
from watchtracker.storage.listen import (
    changes_of as heard_of,
)
from watchtracker.storage.server import parse_server_url

ON_SERVER = pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
LIVE_APP = "watchtracker (live)"  # the listener's application_name


def changes_of(text: str, sender: int = 0, own=()) -> Changes:
    """What a payload means, as the views' Changes."""
    return heard_of(text, sender, own)


def payload(table: str, op: str = "u", ids=None, pid: int = 1, **more) -> str:
    data = {"t": table, "o": op, "p": pid, **more}
    if ids is not None:
        data["s"] = ids
    return json.dumps(data)


# -- what a payload means --------------------------------------------------------------------


def test_a_payload_becomes_the_changes_the_views_know():
    assert changes_of(payload("viewing", "i", [4, 2])) == Changes(series=frozenset({2, 4}))
    assert changes_of(payload("library_entry", "i", [3])) == Changes(series=frozenset({3}), added=frozenset({3}))
    assert changes_of(payload("library_entry", "d", [3])) == Changes(series=frozenset({3}), removed=frozenset({3}))
    assert changes_of(payload("library_entry", "u", [3])) == Changes(series=frozenset({3}))
    assert changes_of(payload("series", "d", [5])) == Changes(series=frozenset({5}), removed=frozenset({5}))
    assert changes_of(payload("announcement", "u")) == Changes(announcements=True)
    assert changes_of(payload("feed", "u")) == Changes(announcements=True)
    assert changes_of(payload("announcement_series", "i", [7])) == Changes(series=frozenset({7}), announcements=True)
    assert changes_of(payload("franchise", "u")) == Changes(everything=True)
    # a viewing whose episode went in the same statement: the episode's own notification names it
    assert not changes_of(payload("viewing", "d", []))


@pytest.mark.parametrize(
    "text",
    [
        payload("some_new_table", "i", [1]),
        payload("episode", "u", all=True),
        payload("episode", "t"),
        payload("episode", "u"),  # a series table without its ids
        payload("episode", "u", ["x"]),
        "not json",
        json.dumps([1, 2]),
        json.dumps({"o": "i"}),
    ],
)
def test_what_is_not_understood_means_everything(text):
    assert changes_of(text) == Changes(everything=True)


def test_what_this_program_wrote_itself_is_not_heard_again():
    assert changes_of(payload("viewing", "i", [1], pid=42), 42, own={42}) == Changes()
    assert changes_of(payload("viewing", "i", [1], pid=42), 42, own={41}) == Changes.of(1)


def test_the_listeners_connection_notices_a_dead_network_and_keeps_the_librarys_settings():
    location = parse_server_url("postgresql://viewer@nas.example:5433/tv?sslmode=require")
    kwargs = connection_kwargs(location.with_password("secret"))
    assert kwargs["host"] == "nas.example" and kwargs["port"] == 5433 and kwargs["dbname"] == "tv"
    assert kwargs["user"] == "viewer" and kwargs["password"] == "secret" and kwargs["sslmode"] == "require"
    assert kwargs["keepalives"] == 1 and kwargs["tcp_user_timeout"] > 0 and kwargs["connect_timeout"] > 0
    assert kwargs["application_name"] == LIVE_APP


# -- the triggers ----------------------------------------------------------------------------


def _live_triggers(conn) -> set[str]:
    rows = conn.execute(text("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'watchtracker_live_%%'"))
    return {r[0] for r in rows}


@ON_SERVER
def test_the_triggers_are_there_at_head_and_go_with_a_downgrade(services):
    engine = services.engine
    with engine.begin() as conn:
        assert len(_live_triggers(conn)) == 14 * 4
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0009")
        assert _live_triggers(conn) == set()
        assert (
            conn.execute(text("SELECT count(*) FROM pg_proc WHERE proname = 'watchtracker_notify_changes'")).scalar()
            == 0
        )
        command.upgrade(cfg, "head")
        assert len(_live_triggers(conn)) == 14 * 4


def test_on_sqlite_the_migration_adds_nothing(services):
    with services.engine.connect() as conn:
        names = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))}
    assert names and not {n for n in names if "live" in n or "notify" in n}


# -- two computers on one library ------------------------------------------------------------


class Heard:
    """What a listener handed over, and its states, as they came (from its thread)."""

    def __init__(self):
        self.changes: queue.Queue[tuple[float, Changes]] = queue.Queue()
        self.states: list[LinkState] = []
        self.state_seen = threading.Condition()

    def on_changes(self, changes: Changes) -> None:
        self.changes.put((time.perf_counter(), changes))

    def on_state(self, state: LinkState) -> None:
        with self.state_seen:
            self.states.append(state)
            self.state_seen.notify_all()

    def wait_state(self, kind: str, timeout: float = 10.0) -> LinkState:
        with self.state_seen:
            assert self.state_seen.wait_for(lambda: any(s.kind == kind for s in self.states), timeout), self.states
            return next(s for s in self.states if s.kind == kind)

    def next(self, timeout: float = 1.0) -> Changes:
        return self.changes.get(timeout=timeout)[1]

    def until(self, wanted, timeout: float = 1.0) -> Changes:
        """The changes heard until ``wanted(changes)`` (all of them merged), within ``timeout``."""
        deadline, got = time.monotonic() + timeout, Changes()
        while True:
            left = deadline - time.monotonic()
            assert left > 0, f"not heard within {timeout} s: {got}"
            try:
                got = got | self.next(left)
            except queue.Empty:
                continue
            if wanted(got):
                return got

    def quiet(self, seconds: float = 0.4) -> list[Changes]:
        time.sleep(seconds)
        found = []
        while not self.changes.empty():
            found.append(self.changes.get_nowait()[1])
        return found


@pytest.fixture
def computers(example, paths):
    """Computer A (the example library on the server, ``example``) and computer B (its own
    services on the same database), B listening."""
    a: Services = example
    b: Services = open_services(paths, Settings())
    heard = Heard()
    listener = listener_for(b.server, heard.on_changes, heard.on_state, b.engine).start()
    heard.wait_state(CONNECTED)
    yield a, b, heard, listener
    assert listener.stop(1.0)
    b.close()


def _unwatched_episode(services: Services) -> tuple[int, int]:
    with services.engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT e.id, e.series_id FROM episode e JOIN library_entry l ON l.series_id = e.series_id "
                "WHERE e.season > 0 AND NOT EXISTS (SELECT 1 FROM viewing v WHERE v.episode_id = e.id) "
                "ORDER BY e.series_id, e.season, e.number LIMIT 1"
            )
        ).one()
    return row[0], row[1]


@ON_SERVER
def test_a_mark_watched_on_one_computer_reaches_the_other_within_a_second(computers):
    a, _b, heard, _listener = computers
    episode, series = _unwatched_episode(a)
    started = time.perf_counter()
    a.library.mark_watched([episode])
    got = heard.until(lambda c: series in c.series, timeout=1.0)
    assert time.perf_counter() - started < 1.0
    assert not got.everything and not got.added and not got.removed


@ON_SERVER
def test_a_burst_of_writes_comes_merged(computers):
    a, _b, heard, listener = computers
    with a.engine.connect() as conn:
        series = [r[0] for r in conn.execute(text("SELECT series_id FROM library_entry ORDER BY series_id"))]
        for i in range(20):  # twenty transactions in a row, each its own notification
            conn.execute(
                text("UPDATE library_entry SET notes = :n WHERE series_id = :s"),
                {"n": f"n{i}", "s": series[i % len(series)]},
            )
            conn.commit()
    got = heard.until(lambda c: set(series) <= c.series, timeout=1.0)
    handed = [got, *heard.quiet()]
    assert got.series == set(series) and all(not c.everything for c in handed)
    assert len(handed) <= 5 and listener.coalesce_s == 0.1  # merged over 100 ms, not one call each


@ON_SERVER
def test_following_and_unfollowing_are_heard_as_added_and_removed(computers):
    a, _b, heard, _listener = computers
    _episode, series = _unwatched_episode(a)
    a.library.unfollow(series)
    assert series in heard.until(lambda c: series in c.removed).removed
    a.library.follow(series)
    assert series in heard.until(lambda c: series in c.added).added


@ON_SERVER
def test_an_alert_read_on_one_computer_is_heard_on_the_other(computers):
    a, _b, heard, _listener = computers
    with a.engine.connect() as conn:
        alert = conn.execute(text("SELECT id FROM announcement ORDER BY id LIMIT 1")).scalar_one()
    a.alerts.mark_read([alert])
    assert heard.until(lambda c: c.announcements).announcements


@ON_SERVER
def test_what_a_computer_wrote_itself_is_not_heard_again_there(computers):
    _a, b, heard, _listener = computers
    episode, _series = _unwatched_episode(b)
    b.library.mark_watched([episode])  # B published it itself
    assert heard.quiet(0.5) == []


@ON_SERVER
def test_a_statement_touching_more_series_than_a_payload_carries_means_everything(computers):
    a, _b, heard, _listener = computers
    with a.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO series (title, aliases, overview, status, network, country, language, genres, "
                "content_rating, created_at, updated_at) "
                "SELECT 'Bulk ' || g, '[]', '', 'announced', '', '', '', '[]', '', now(), now() "
                "FROM generate_series(1, 700) g"
            )
        )
    assert heard.until(lambda c: c.everything).everything


@ON_SERVER
def test_nothing_is_heard_of_a_write_rolled_back(computers):
    a, _b, heard, _listener = computers
    with a.engine.connect() as conn:
        conn.execute(text("UPDATE library_entry SET notes = 'never'"))
        conn.rollback()
    assert heard.quiet(0.5) == []


def _superuser(pg):
    return psycopg.connect(pg.conninfo(), autocommit=True)


def _database(paths) -> str:
    return parse_server_url(paths.server_url).url.database


@ON_SERVER
def test_a_lost_server_is_said_once_tried_again_and_everything_read_once_back(computers, pg, paths):
    a, _b, heard, listener = computers
    db = _database(paths)
    with _superuser(pg) as su:
        su.execute(f'ALTER DATABASE "{db}" ALLOW_CONNECTIONS false')  # no reconnecting for now
        try:
            killed = su.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND application_name = %s",
                (db, LIVE_APP),
            ).fetchall()
            assert killed == [(True,)]
            lost = heard.wait_state(LOST, 5.0)
            assert lost.reason and lost.last_heard is not None
            time.sleep(1.6)  # a few tries meanwhile: still said once
            assert [s.kind for s in heard.states] == [CONNECTED, LOST]
        finally:
            su.execute(f'ALTER DATABASE "{db}" ALLOW_CONNECTIONS true')
    heard.wait_state(BACK, 15.0)
    assert [s.kind for s in heard.states] == [CONNECTED, LOST, BACK]
    assert heard.next(1.0) == Changes(everything=True)  # what was said meanwhile was missed
    assert heard.quiet() == []  # once
    episode, series = _unwatched_episode(a)  # and it listens again
    a.library.mark_watched([episode])
    assert series in heard.until(lambda c: series in c.series).series
    assert listener.running


def test_a_server_that_cannot_be_reached_is_said_and_stopping_is_prompt():
    heard = Heard()
    with __import__("socket").socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    tries = []

    def connect():
        tries.append(time.monotonic())
        return psycopg.connect(f"host=127.0.0.1 port={port} dbname=x user=x connect_timeout=2", autocommit=True)

    listener = ChangeListener(connect, heard.on_changes, heard.on_state, backoff_s=(0.1, 0.4)).start()
    lost = heard.wait_state(LOST, 5.0)
    assert "refused" in lost.reason.lower() or "connect" in lost.reason.lower()
    assert lost.last_heard is None
    time.sleep(1.2)
    gaps = [b - a for a, b in zip(tries, tries[1:], strict=False)]
    assert len(tries) >= 3 and max(gaps) < 0.7  # backing off, up to its longest pause
    started = time.monotonic()
    assert listener.stop(1.0)
    assert time.monotonic() - started < 1.0
    assert [s.kind for s in heard.states] == [LOST] and heard.changes.empty()


@ON_SERVER
def test_stopping_a_listening_listener_is_prompt(computers):
    _a, _b, _heard, listener = computers
    started = time.monotonic()
    assert listener.stop(1.0)
    assert time.monotonic() - started < 1.0 and not listener.running


@ON_SERVER
def test_latency_from_a_write_on_one_computer_to_the_other(computers, capsys):
    """Measured, for the notes: a write committed on A to the callback on B, 20 times."""
    a, _b, heard, _listener = computers
    with a.engine.connect() as conn:
        series = conn.execute(text("SELECT series_id FROM library_entry ORDER BY series_id LIMIT 1")).scalar_one()
    took = []
    for i in range(20):
        with a.engine.begin() as conn:
            conn.execute(text("UPDATE library_entry SET notes = :n WHERE series_id = :s"), {"n": f"n{i}", "s": series})
            committed = time.perf_counter()  # the commit is when the block ends: measured from just before
        at, changes = heard.changes.get(timeout=1.0)
        assert changes == Changes.of(series)
        took.append(at - committed)
    with capsys.disabled():
        print(
            f"\nlive latency over 20 writes: min {min(took) * 1000:.0f} ms, median "
            f"{statistics.median(took) * 1000:.0f} ms, max {max(took) * 1000:.0f} ms"
        )
    assert max(took) < 1.0


def test_a_listener_on_a_migrated_server_database_hears_a_plain_engine(pg_database):
    """The same on a library made from an empty database (the app's first start on a server)."""
    from watchtracker.storage.server import open_server_library

    location = parse_server_url(pg_database)
    opened = open_server_library(location)
    heard = Heard()
    listener = listener_for(location, heard.on_changes, heard.on_state).start()
    try:
        heard.wait_state(CONNECTED)
        other = create_engine(location.url, connect_args={"password": location.password})
        with other.begin() as conn:
            conn.execute(text("INSERT INTO muted_kind (kind) VALUES ('casting')"))
        other.dispose()
        assert heard.next(1.0) == Changes(announcements=True)
    finally:
        assert listener.stop(1.0)
        opened.engine.dispose()
