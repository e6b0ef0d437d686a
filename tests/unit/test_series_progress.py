"""series_progress (migration 0009), what Up next reads for the furthest episode watched and the
last viewing, is kept by triggers on viewing and episode. After writes of every kind, raw SQL and
through the services (mark, unmark, watch again, undo, delete a series and its undo, imports,
episodes renumbered, moved or deleted, specials, viewings at no known time), the table is exactly
what the viewings give, computed afresh here in Python. Dropping any one trigger is caught."""

from __future__ import annotations

import random
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlmodel import SQLModel, create_engine

from watchtracker.domain.transfer import ExternalIds, ImportBatch, ImportedShow, ImportedViewing
from watchtracker.services.catalog import CatalogService
from watchtracker.services.library import LibraryService
from watchtracker.services.transfer.export import ExportService
from watchtracker.services.transfer.importer import ImportService
from watchtracker.services.transfer.own_format import read_own_export
from watchtracker.services.transfer.own_import import import_own
from watchtracker.storage.database import alembic_config, backup_to, open_database

# the exact names: a batch migration that rebuilds viewing or episode drops them (see 0009)
TRIGGERS = {
    "series_progress_viewing_insert": "viewing",
    "series_progress_viewing_delete": "viewing",
    "series_progress_viewing_update": "viewing",
    "series_progress_episode_insert": "episode",
    "series_progress_episode_delete": "episode",
    "series_progress_episode_update": "episode",
}
NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)


def expected(con: sqlite3.Connection) -> dict[int, tuple[int, int, str | None]]:
    """The table afresh, from the viewings, in Python: per series, the regular episodes watched,
    season * 100000 + number of the furthest, the last viewing (specials too); a series only
    when it holds something (a regular episode watched, or a viewing with a time)."""
    watched: dict[int, set[int]] = {}
    furthest: dict[int, int] = {}
    last: dict[int, str | None] = {}
    for sid, eid, season, number, at in con.execute(
        "SELECT e.series_id, e.id, e.season, e.number, v.watched_at FROM viewing v JOIN episode e ON e.id = v.episode_id"
    ):
        if season > 0:
            watched.setdefault(sid, set()).add(eid)
            furthest[sid] = max(furthest.get(sid, 0), season * 100000 + number)
        if at is not None and (last.get(sid) is None or at > last[sid]):  # type: ignore[operator]
            last[sid] = at
    return {
        sid: (len(watched.get(sid, ())), furthest.get(sid, 0), last.get(sid))
        for sid in set(watched) | {s for s, at in last.items() if at is not None}
    }


def stored(con: sqlite3.Connection) -> dict[int, tuple[int, int, str | None]]:
    rows = con.execute("SELECT series_id, watched_regular, furthest_key, last_watched_at FROM series_progress")
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def drift(path: Path) -> list:
    con = sqlite3.connect(path)
    try:
        return drift_of(con)
    finally:
        con.close()


def drift_of(con) -> list:
    got, want = stored(con), expected(con)
    return sorted((sid, got.get(sid), want.get(sid)) for sid in set(got) | set(want) if got.get(sid) != want.get(sid))


def read(path: Path) -> dict[int, tuple[int, int, str | None]]:
    con = sqlite3.connect(path)
    try:
        return stored(con)
    finally:
        con.close()


def triggers(con) -> dict[str, str]:
    return dict(con.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'").fetchall())


def _ts(day: int) -> str:
    return (NOW + timedelta(days=day)).strftime("%Y-%m-%d %H:%M:%S.%f")


def _fill(con: sqlite3.Connection, rnd: random.Random, series: int = 30) -> None:
    """Series with seasons, specials, gaps; a third of the episodes watched, some twice, some at
    no known time."""
    eid = 0
    for sid in range(1, series + 1):
        con.execute(
            "INSERT INTO series (id, title, aliases, overview, status, network, country, language, genres,"
            " content_rating, tvmaze_id, created_at, updated_at)"
            " VALUES (?, ?, '[]', '', 'airing', '', '', '', '[]', '', ?, '2020-01-01', '2020-01-01')",
            (sid, f"Show {sid}", 5000 + sid),
        )
        con.execute(
            "INSERT INTO library_entry (series_id, state, favourite, notes, added_at, alerts_muted)"
            " VALUES (?, 'watching', FALSE, '', '2020-01-01 00:00:00.000000', FALSE)",
            (sid,),
        )
        for season in range(0, rnd.randint(1, 4)):
            for number in range(1, rnd.randint(2, 9)):
                eid += 1
                con.execute(
                    "INSERT INTO episode (id, series_id, season, number, title, summary, air_date)"
                    " VALUES (?, ?, ?, ?, '', '', '2020-01-01')",
                    (eid, sid, season, number),
                )
                for _ in range(rnd.choice((0, 0, 1, 2))):
                    at = None if rnd.random() < 0.1 else _ts(rnd.randint(-900, 30))
                    con.execute("INSERT INTO viewing (episode_id, watched_at, source) VALUES (?, ?, 'test')", (eid, at))


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("series_progress") / "library.sqlite"
    open_database(path).dispose()
    con = sqlite3.connect(path)
    _fill(con, random.Random(15))
    con.commit()
    con.close()
    return path


@pytest.fixture
def library(template, tmp_path) -> Path:
    path = tmp_path / "library.sqlite"
    shutil.copyfile(template, path)
    return path


def test_the_triggers_are_there_at_head_under_their_names(library_template):
    con = sqlite3.connect(library_template)
    try:
        assert triggers(con) == TRIGGERS
        assert con.execute("SELECT name FROM sqlite_master WHERE name = 'series_progress'").fetchone()
    finally:
        con.close()


def test_the_fixture_library_holds_every_kind_of_row(template):
    con = sqlite3.connect(template)
    try:
        want = expected(con)
        assert stored(con) == want and len(want) > 20
        assert any(w[0] == 0 and w[2] for w in want.values())  # only specials watched
        assert con.execute("SELECT COUNT(*) FROM viewing WHERE watched_at IS NULL").fetchone()[0] > 5
    finally:
        con.close()


def _random_write(con: sqlite3.Connection, rnd: random.Random, op: str) -> None:
    """One committed write of the kind ``op`` (autocommit connection, foreign keys on)."""
    eps = [r[0] for r in con.execute("SELECT id FROM episode")]
    series = [r[0] for r in con.execute("SELECT id FROM series")]
    viewing = "(SELECT id FROM viewing ORDER BY random() LIMIT 1)"
    if op == "mark":
        at = None if rnd.random() < 0.15 else _ts(rnd.randint(-900, 900))
        con.execute("INSERT INTO viewing (episode_id, watched_at, source) VALUES (?, ?, 't')", (rnd.choice(eps), at))
    elif op == "bulk mark":
        rows = [(rnd.choice(eps), _ts(rnd.randint(-900, 900))) for _ in range(rnd.randint(2, 40))]
        con.execute("BEGIN")
        con.executemany("INSERT INTO viewing (episode_id, watched_at, source) VALUES (?, ?, 't')", rows)
        con.execute("COMMIT")
    elif op == "unmark":
        con.execute(
            "DELETE FROM viewing WHERE id IN (SELECT id FROM viewing ORDER BY random() LIMIT ?)", (rnd.randint(1, 8),)
        )
    elif op == "move viewing":
        con.execute(f"UPDATE viewing SET episode_id = ? WHERE id = {viewing}", (rnd.choice(eps),))
    elif op == "retime":
        at = rnd.choice((None, _ts(rnd.randint(-900, 900)), "2099-01-01 00:00:00.000000"))
        con.execute(f"UPDATE viewing SET watched_at = ? WHERE id = {viewing}", (at,))
    elif op == "source only":  # a column the triggers do not watch
        con.execute(f"UPDATE viewing SET source = 'x' WHERE id = {viewing}")
    elif op == "renumber":  # a season moved (one it runs into refuses it: the unique constraint)
        sid = rnd.choice(series)
        con.execute(
            "UPDATE episode SET season = season + ? WHERE series_id = ?"
            " AND season = (SELECT MAX(season) FROM episode WHERE series_id = ?)",
            (rnd.choice((-1, 1, 3, 40)), sid, sid),
        )
    elif op == "to specials":
        con.execute(
            "UPDATE episode SET season = 0, number = 3000 + id"
            " WHERE id = (SELECT episode_id FROM viewing ORDER BY random() LIMIT 1)"
        )
    elif op == "number":
        con.execute(
            "UPDATE episode SET number = ? WHERE id = (SELECT episode_id FROM viewing ORDER BY random() LIMIT 1)",
            (rnd.randint(1, 99999),),
        )
    elif op == "reseries":
        con.execute(
            "UPDATE episode SET series_id = ?, season = 70 + id % 5, number = id WHERE id = ?",
            (rnd.choice(series), rnd.choice(eps)),
        )
    elif op == "title only":
        con.execute("UPDATE episode SET title = 'new' WHERE id = ?", (rnd.choice(eps),))
    elif op == "delete episodes":
        con.execute(
            "DELETE FROM episode WHERE id IN (SELECT episode_id FROM viewing ORDER BY random() LIMIT ?)",
            (rnd.randint(1, 3),),
        )
    elif op == "delete series":
        con.execute("DELETE FROM series WHERE id = ?", (rnd.choice(series),))
    elif op == "new episode":
        sid = rnd.choice(series)
        con.execute(
            "INSERT INTO episode (series_id, season, number, title, summary) VALUES (?, ?, ?, '', '')",
            (sid, rnd.randint(0, 5), rnd.randint(1, 99999)),
        )
    elif op == "one statement":  # several rows in one INSERT, the same episode twice among them
        ep = rnd.choice(eps)
        rows = [ep, ep, *(rnd.choice(eps) for _ in range(rnd.randint(0, 4)))]
        values = ", ".join("(?, ?, 't')" for _ in rows)
        stamps = [_ts(rnd.randint(-900, 900)) for _ in rows]
        con.execute(
            f"INSERT INTO viewing (episode_id, watched_at, source) VALUES {values}",
            [x for pair in zip(rows, stamps, strict=True) for x in pair],
        )
    elif op == "foreign keys off":  # a viewing before its episode (only possible without them)
        new = con.execute("SELECT seq FROM sqlite_sequence WHERE name = 'episode'").fetchone()[0] + 1
        con.execute("PRAGMA foreign_keys=OFF")
        con.execute("INSERT INTO viewing (episode_id, watched_at, source) VALUES (?, ?, 't')", (new, _ts(5)))
        con.execute(
            "INSERT INTO episode (id, series_id, season, number, title, summary) VALUES (?, ?, 9, ?, '', '')",
            (new, rnd.choice(series), new),
        )
        con.execute("PRAGMA foreign_keys=ON")
    else:
        raise AssertionError(op)


OPS = (
    ["mark"] * 6
    + ["bulk mark", "unmark", "unmark", "move viewing", "retime", "source only", "renumber", "to specials", "number"]
    + ["reseries", "title only", "delete episodes", "new episode", "one statement", "foreign keys off"]
)


def _write_randomly(path: Path, steps: int, seed: int = 5) -> tuple[list, dict[str, int]]:
    """``steps`` random writes (a series deleted now and then); the first drift found, and how
    many writes of each kind were made."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA foreign_keys=ON")
    try:
        return _write_randomly_on(con, steps, seed, OPS, sqlite3.IntegrityError, lambda: drift(path))
    finally:
        con.close()


def _write_randomly_on(con, steps: int, seed: int, ops, refused, check) -> tuple[list, dict[str, int]]:
    rnd = random.Random(seed)
    done: dict[str, int] = {}
    for step in range(steps):
        op = "delete series" if step % 40 == 39 else rnd.choice(ops)
        try:
            _random_write(con, rnd, op)
        except refused:  # a number taken: refused whole, triggers' work too
            op = f"{op} (refused)"
            if con.in_transaction:
                con.execute("ROLLBACK")
        done[op] = done.get(op, 0) + 1
        if found := check():
            return [(step, op), *found], done
    return [], done


def test_random_raw_writes_keep_it_what_the_viewings_give(library):
    found, done = _write_randomly(library, 400)
    assert found == []
    assert {*OPS, "delete series"} <= set(done)


@pytest.mark.parametrize("name", sorted(TRIGGERS))
def test_without_any_one_trigger_it_drifts(library, name):
    """The check above can fail: the same writes, one trigger missing."""
    con = sqlite3.connect(library)
    con.execute(f"DROP TRIGGER {name}")
    con.commit()
    con.close()
    found, _ = _write_randomly(library, 400)
    assert found


def test_an_update_that_changes_nothing_it_watches_costs_nothing(library):
    """The WHEN clauses: an UPDATE of other columns, or to the same values, runs no recompute
    (seen as: a row made wrong on purpose is left wrong)."""
    con = sqlite3.connect(library, isolation_level=None)
    sid, eid = con.execute("SELECT e.series_id, e.id FROM viewing v JOIN episode e ON e.id = v.episode_id").fetchone()
    con.execute("UPDATE series_progress SET furthest_key = -1 WHERE series_id = ?", (sid,))
    con.execute(
        "UPDATE episode SET season = season, number = number, series_id = series_id, title = 'x' WHERE id = ?", (eid,)
    )
    con.execute(
        "UPDATE viewing SET episode_id = episode_id, watched_at = watched_at, source = 'y' WHERE episode_id = ?", (eid,)
    )
    assert con.execute("SELECT furthest_key FROM series_progress WHERE series_id = ?", (sid,)).fetchone() == (-1,)
    con.execute("UPDATE episode SET number = number + 5000 WHERE id = ?", (eid,))  # a real change: recomputed
    con.close()
    assert drift(library) == []


def test_writes_through_the_services_keep_it_what_the_viewings_give(library, tmp_path):
    engine = open_database(library)
    try:
        lib = LibraryService(engine, clock=lambda: NOW)
        catalog = CatalogService(engine)
        con = sqlite3.connect(library)
        episodes = {
            sid: [
                r[0] for r in con.execute("SELECT id FROM episode WHERE series_id = ? ORDER BY season, number", (sid,))
            ]
            for sid in range(1, 31)
        }
        con.close()
        assert drift(library) == []

        marked = lib.mark_watched(episodes[3])  # a season, and the undo
        assert drift(library) == []
        lib.remove_viewings(marked.added)
        assert drift(library) == []
        again = lib.rewatch(episodes[4][:3], NOW + timedelta(days=1))  # watch again
        assert drift(library) == []
        unmarked = lib.mark_unwatched(episodes[4][1:5])
        assert unmarked.removed and drift(library) == []
        lib.restore_viewings(unmarked.removed)  # undo of the unmark, old ids back
        assert drift(library) == []
        lib.remove_viewings(again.added)
        lib.mark_watched(episodes[5][-1:], NOW + timedelta(days=3))
        assert drift(library) == []

        snapshot, _ = catalog.delete_series(4)  # and its undo: every row back through the ORM
        assert 4 not in read(library) and drift(library) == []
        catalog.restore_series(snapshot)
        assert 4 in read(library) and drift(library) == []

        # another tracker's history, one transaction (the insert trigger, many times)
        shows = []
        for sid in (1, 2, 6, 7):
            views = tuple(
                ImportedViewing(s, n, NOW - timedelta(days=s * 10 + n)) for s in (0, 1, 2) for n in range(1, 6)
            )
            shows.append(ImportedShow(f"t-{sid}", f"Show {sid}", None, ExternalIds(tvmaze=5000 + sid), views))
        importer = ImportService(engine, None, tmp_path / "backups")
        report = importer.apply(importer.plan(ImportBatch(format="trakt", shows=tuple(shows), source="test")))
        assert report.viewings_added > 20
        assert drift(library) == []

        # the backup is the whole file: triggers and table come along
        copy = backup_to(engine, tmp_path / "copy.sqlite")
        con = sqlite3.connect(copy)
        assert triggers(con) == TRIGGERS and stored(con) == expected(con)
        con.close()

        # our own format into another library: rows through the ORM, the triggers fire
        ExportService(engine).write_json(tmp_path / "export.json")
        other = tmp_path / "other.sqlite"
        other_engine = open_database(other)
        try:
            summary, _ = import_own(other_engine, read_own_export(tmp_path / "export.json"))
            assert summary.viewings_new > 100
        finally:
            other_engine.dispose()
        assert drift(other) == [] and len(read(other)) > 20
    finally:
        engine.dispose()


def test_upgrading_fills_it_and_downgrading_drops_it(tmp_path):
    path = tmp_path / "library.sqlite"
    raw = create_engine(f"sqlite:///{path}")
    cfg = alembic_config()
    with raw.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0008")
    raw.dispose()
    con = sqlite3.connect(path)
    _fill(con, random.Random(3), series=12)
    con.commit()
    con.close()

    open_database(path).dispose()  # the app's own upgrade
    con = sqlite3.connect(path)
    assert triggers(con) == TRIGGERS
    assert stored(con) == expected(con) and len(expected(con)) > 5
    con.close()
    raw = create_engine(f"sqlite:///{path}")
    with raw.begin() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        assert compare_metadata(context, SQLModel.metadata) == []
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0008")
    with raw.connect() as conn:
        names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
        assert "series_progress" not in names and not names & set(TRIGGERS)
    with raw.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    raw.dispose()
    assert drift(path) == []


def test_a_batch_migration_that_rebuilds_series_still_works(library):
    """The triggers name viewing, episode and series_progress only: a later migration may copy
    series ("move and copy", as Alembic's batch mode does) with them in place."""
    raw = create_engine(f"sqlite:///{library}")
    with raw.begin() as conn:
        with Operations(MigrationContext.configure(conn)).batch_alter_table("series", recreate="always") as batch:
            batch.add_column(sa.Column("test_only", sa.Integer(), nullable=True))
    raw.dispose()
    con = sqlite3.connect(library, isolation_level=None)
    try:
        assert triggers(con) == TRIGGERS and con.execute("SELECT COUNT(*) FROM series").fetchone()[0] == 30
        con.execute("PRAGMA foreign_keys=ON")
        con.execute(
            "INSERT INTO viewing (episode_id, watched_at, source) VALUES (1, '2031-01-01 00:00:00.000000', 't')"
        )
        con.execute("DELETE FROM series WHERE id = 2")
    finally:
        con.close()
    assert drift(library) == []


# -- the same on PostgreSQL: the plpgsql functions and row triggers of 0009 --------------------


class _Pg:
    """A psycopg connection (autocommit) that takes the sqlite3 forms the writes above use: ``?``
    parameters, times as stored text (bound as the moments they are)."""

    def __init__(self, conn):
        self.conn = conn

    @staticmethod
    def _sql(sql: str) -> str:
        return sql.replace("%", "%%").replace("?", "%s")

    @staticmethod
    def _values(params) -> list:
        return [
            datetime.fromisoformat(v).replace(tzinfo=UTC) if isinstance(v, str) and len(v) == 26 else v for v in params
        ]

    def execute(self, sql: str, params=None):
        if params is None:
            return self.conn.execute(sql)
        return self.conn.execute(self._sql(sql), self._values(params))

    def executemany(self, sql: str, rows) -> None:
        self.conn.cursor().executemany(self._sql(sql), [self._values(r) for r in rows])

    @property
    def in_transaction(self) -> bool:
        import psycopg

        return self.conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE


PG_OPS = [op for op in OPS if op != "foreign keys off"]  # they cannot be turned off for a session


@pytest.fixture
def pg_library(pg_database):
    """The fixture library (``_fill``, same seed) on a new database at head: (engine, connection)."""
    import psycopg

    from watchtracker.storage.server import open_server_library, parse_server_url

    opened = open_server_library(parse_server_url(pg_database))
    conn = psycopg.connect(pg_database.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)
    try:
        conn.execute("SELECT setseed(0.25)")  # the statements' random(): the same writes every run
        con = _Pg(conn)
        _fill(con, random.Random(15))  # type: ignore[arg-type]
        for table in ("series", "episode"):  # the ids given by hand: new rows after them
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
        yield opened.engine, con
    finally:
        conn.close()
        opened.engine.dispose()


def test_on_postgresql_random_raw_writes_keep_it_what_the_viewings_give(pg_library):
    import psycopg

    _, con = pg_library
    want = expected(con)
    assert stored(con) == want and len(want) > 20
    found, done = _write_randomly_on(con, 400, 5, PG_OPS, psycopg.errors.IntegrityError, lambda: drift_of(con))
    assert found == []
    assert {*PG_OPS, "delete series"} <= set(done)


def test_on_postgresql_the_check_can_fail(pg_library):
    """Without the viewing trigger the same writes drift: the check above can fail."""
    import psycopg

    _, con = pg_library
    con.execute("DROP TRIGGER series_progress_viewing ON viewing")
    found, _ = _write_randomly_on(con, 400, 5, PG_OPS, psycopg.errors.IntegrityError, lambda: drift_of(con))
    assert found


def test_on_postgresql_writes_through_the_services_keep_it_what_the_viewings_give(pg_library, tmp_path):
    engine, con = pg_library
    lib = LibraryService(engine, clock=lambda: NOW)
    catalog = CatalogService(engine)
    episodes = {
        sid: [r[0] for r in con.execute(f"SELECT id FROM episode WHERE series_id = {sid} ORDER BY season, number")]
        for sid in range(1, 31)
    }
    assert drift_of(con) == []
    marked = lib.mark_watched(episodes[3])  # a season, and the undo
    assert drift_of(con) == []
    lib.remove_viewings(marked.added)
    assert drift_of(con) == []
    again = lib.rewatch(episodes[4][:3], NOW + timedelta(days=1))
    assert drift_of(con) == []
    unmarked = lib.mark_unwatched(episodes[4][1:5])
    assert unmarked.removed and drift_of(con) == []
    lib.restore_viewings(unmarked.removed)
    assert drift_of(con) == []
    lib.remove_viewings(again.added)
    lib.mark_watched(episodes[5][-1:], NOW + timedelta(days=3))
    assert drift_of(con) == []

    snapshot, _ = catalog.delete_series(4)
    assert 4 not in stored(con) and drift_of(con) == []
    catalog.restore_series(snapshot)
    assert 4 in stored(con) and drift_of(con) == []

    shows = []  # another tracker's history, one transaction, each episode watched once
    for sid in (1, 2, 6, 7):
        views = tuple(ImportedViewing(s, n, NOW - timedelta(days=s * 10 + n)) for s in (0, 1, 2) for n in range(1, 6))
        shows.append(ImportedShow(f"t-{sid}", f"Show {sid}", None, ExternalIds(tvmaze=5000 + sid), views))
    importer = ImportService(engine, None, None)  # a backup copies a SQLite file: none here
    report = importer.apply(importer.plan(ImportBatch(format="trakt", shows=tuple(shows), source="test")))
    assert report.viewings_added > 20
    assert drift_of(con) == []


def test_on_postgresql_two_viewings_of_an_episode_in_one_statement(pg_library):
    """Row triggers run after the whole statement on PostgreSQL: each new viewing sees the other
    (a row trigger that counted the episode only when no other viewing had it counted it not at all)."""
    _, con = pg_library
    sid, eid = next(
        iter(
            con.execute(
                "SELECT e.series_id, e.id FROM episode e WHERE e.season > 0"
                " AND NOT EXISTS (SELECT 1 FROM viewing v WHERE v.episode_id = e.id) ORDER BY e.id LIMIT 1"
            )
        )
    )
    con.execute(
        "INSERT INTO viewing (episode_id, watched_at, source) VALUES (?, ?, 't'), (?, ?, 't')",
        (eid, _ts(1), eid, _ts(2)),
    )
    assert stored(con)[sid] == expected(con)[sid]
