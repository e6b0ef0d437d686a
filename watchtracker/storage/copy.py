"""Moving a library between a SQLite file and a PostgreSQL server, losslessly.

``copy_library`` copies every table of the library (the models' tables, in the order their
foreign keys need) from one library into an EMPTY library at the same schema head, keeping
every id, in ONE transaction on the target: all of it arrives, or nothing. The source is only
read, in one snapshot (a consistent state even while a window writes to it).

``series_progress`` is not copied: it is counted afresh from the copied viewings at the end, in
the same transaction (see ``_count_progress``: the triggers on ``viewing`` and ``episode``,
migration 0009, fire meanwhile, but PostgreSQL's miscount rows that arrive in one statement). ``alembic_version`` is not copied either: both libraries must be
at this version's head, and the target has its own.

On PostgreSQL each id's sequence is then set past both the largest id copied and the source's
own counter (ids are never reused, see storage/tables.py); SQLite's AUTOINCREMENT counters
(``sqlite_sequence``) are set the same way.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.engine import Connection, Engine, Row
from sqlmodel import SQLModel

from watchtracker.errors import StorageError
from watchtracker.storage.revisions import SCHEMA_REVISIONS

log = logging.getLogger(__name__)

BATCH_ROWS = 2_000
NOT_COPIED = frozenset({"series_progress"})  # kept by triggers on the target as the viewings arrive

Progress = Callable[[int, int, str], None]  # rows done, rows in all, the table being copied

# what series_progress must hold: the same count as migration 0009's backfill (a copy: a migration
# is a frozen snapshot of its time, never imported by the code that follows)
_FRESH_PROGRESS = """
SELECT e.series_id,
       COUNT(DISTINCT CASE WHEN e.season > 0 THEN e.id END),
       COALESCE(MAX(CASE WHEN e.season > 0 THEN e.season * 100000 + e.number END), 0),
       MAX(v.watched_at)
FROM viewing v JOIN episode e ON e.id = v.episode_id
GROUP BY e.series_id
HAVING COUNT(DISTINCT CASE WHEN e.season > 0 THEN e.id END) > 0 OR MAX(v.watched_at) IS NOT NULL
"""


@dataclass(frozen=True)
class CopyReport:
    """What was copied: rows per table, in the order they were copied, and how long it took."""

    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def library_tables() -> list[Table]:
    """The library's tables in dependency order (a table after those it refers to), as copied."""
    import watchtracker.storage.tables  # noqa: F401  (the models register their tables)

    return [t for t in SQLModel.metadata.sorted_tables if t.name not in NOT_COPIED]


def _revision(conn: Connection) -> str | None:
    try:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception:  # no such table: not a library
        return None


def _rows_in(conn: Connection, tables: Iterable[Table]) -> list[str]:
    """The tables that hold at least one row."""
    return [t.name for t in tables if conn.execute(select(1).select_from(t).limit(1)).first() is not None]


def _next_ids(conn: Connection, tables: Iterable[Table]) -> dict[str, int]:
    """Per table with an id counter, the next id its library would give (never reused)."""
    found: dict[str, int] = {}
    if conn.dialect.name == "sqlite":
        rows = conn.execute(text("SELECT name, seq FROM sqlite_sequence")).all()
        return {str(r[0]): int(str(r[1])) + 1 for r in rows if r[1] is not None}
    for t in tables:
        seq = _pg_sequence(conn, t)
        if seq is None:
            continue
        row = conn.execute(text(f"SELECT last_value, is_called FROM {seq}")).one()
        found[t.name] = int(str(row[0])) + (1 if row[1] else 0)
    return found


def _id_column(t: Table) -> str | None:
    pk = list(t.primary_key.columns)
    if len(pk) == 1 and pk[0].name == "id" and pk[0].autoincrement in (True, "auto"):
        return "id"
    return None


def _pg_sequence(conn: Connection, t: Table) -> str | None:
    if _id_column(t) is None:
        return None
    return conn.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": t.name}).scalar()


def _set_counters(conn: Connection, tables: Iterable[Table], source_next: dict[str, int]) -> None:
    """Each id counter of the target past the largest id copied and the source's own counter."""
    for t in tables:
        if _id_column(t) is None:
            continue
        top = conn.execute(select(func.max(t.c.id))).scalar() or 0
        nxt = max(top + 1, source_next.get(t.name, 1))
        if conn.dialect.name == "postgresql":
            seq = _pg_sequence(conn, t)
            if seq is not None:
                conn.execute(text("SELECT setval(:seq, :n, false)"), {"seq": seq, "n": nxt})
        elif nxt > 1:
            # the inserts have set it to the largest id; AUTOINCREMENT tables all have a row there then
            conn.execute(text("DELETE FROM sqlite_sequence WHERE name = :t"), {"t": t.name})
            conn.execute(text("INSERT INTO sqlite_sequence (name, seq) VALUES (:t, :s)"), {"t": t.name, "s": nxt - 1})


def _count_progress(conn: Connection) -> None:
    """series_progress made afresh from the copied viewings (as migration 0009's backfill does),
    once, in the same transaction: the copy does not depend on how each backend's triggers kept it
    as the rows arrived (rightly on both; a test compares it with a fresh count)."""
    conn.execute(text("DELETE FROM series_progress"))
    conn.execute(
        text(
            f"INSERT INTO series_progress (series_id, watched_regular, furthest_key, last_watched_at) {_FRESH_PROGRESS}"
        )
    )


def _snapshot(conn: Connection) -> None:
    """Make every read on ``conn`` see one state of the source."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN")  # pysqlite begins nothing for reads: one read transaction by hand
    else:
        conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


def describe(engine: Engine) -> str:
    """A library's place as a person would say it (no password)."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        return str(Path(url.database or ""))
    user = f"{url.username}@" if url.username else ""
    port = f":{url.port}" if url.port else ""
    return f"{user}{url.host or 'this computer'}{port}/{url.database or ''}"


@dataclass
class CopyTarget:
    """A library opened to be copied into: its engine, how to name it to ``--database`` (never with
    a password), and the SQLite file opening it made (None: it was there before, or a server)."""

    engine: Engine
    shown: str
    made_file: Path | None = None

    def discard(self) -> None:
        """After a failed copy: a SQLite file made for it goes again (it holds no row)."""
        self.engine.dispose()
        if self.made_file is not None:
            for suffix in ("", "-wal", "-shm", "-journal"):
                self.made_file.with_name(self.made_file.name + suffix).unlink(missing_ok=True)


def open_copy_target(where: str) -> CopyTarget:
    """The library to copy into, made or upgraded to this version's head first: a PostgreSQL URL
    (an empty database becomes a library) or a SQLite file's path (a new file becomes one).
    Raises StorageError when it cannot be opened or written."""
    from watchtracker.paths import is_server_url

    if is_server_url(where):
        from watchtracker.storage.secrets import with_kept_password
        from watchtracker.storage.server import open_server_library, parse_server_url

        location = with_kept_password(parse_server_url(where))
        opened = open_server_library(location)
        if opened.read_only:
            opened.engine.dispose()
            raise StorageError(
                f"The role {location.url.username or ''} may not write the library {location.display}: "
                "nothing can be copied there. Nothing was changed."
            )
        return CopyTarget(opened.engine, location.kept_url)
    from watchtracker.storage.database import open_library

    path = Path(where).expanduser().absolute()
    if path.is_dir():
        raise StorageError(f"{path} is a folder: give the path of a new SQLite file, e.g. {path / 'library.sqlite'}.")
    existed = path.exists()
    opened_file = open_library(path)
    if opened_file.read_only:
        opened_file.engine.dispose()
        raise StorageError(f"The file {path} cannot be written: nothing can be copied there. Nothing was changed.")
    return CopyTarget(opened_file.engine, str(path), None if existed else path)


def copy_library(source: Engine, target: Engine, progress: Progress | None = None) -> CopyReport:
    """Copy the library at ``source`` into the empty library at ``target`` (both at this
    version's schema head; see the module's docstring). Raises StorageError, having written
    nothing, when the target holds rows, when either is at another schema, or when anything
    fails on the way."""
    if source.url == target.url:
        raise StorageError(f"The library {describe(source)} cannot be copied onto itself; nothing was changed.")
    tables = library_tables()
    head = SCHEMA_REVISIONS[-1]
    started = time.perf_counter()
    counts: dict[str, int] = {}
    with source.connect() as src, target.begin() as dst:
        _snapshot(src)
        for conn, where in ((src, describe(source)), (dst, describe(target))):
            revision = _revision(conn)
            if revision != head:
                raise StorageError(
                    f"The library {where} is at schema {revision or 'none'}, not {head}: open it once with this "
                    "version of watchtracker first. Nothing was changed."
                )
        held = _rows_in(dst, [*tables, *_progress_table()])
        if held:
            raise StorageError(
                f"The target {describe(target)} is not empty (it holds rows in {', '.join(held[:5])}): "
                "watchtracker copies a library only into an empty one. Nothing was changed."
            )
        sizes = {t.name: src.execute(select(func.count()).select_from(t)).scalar() or 0 for t in tables}
        total, done = sum(sizes.values()), 0
        for t in tables:
            counts[t.name] = 0
            order = list(t.primary_key.columns)
            result = src.execution_options(yield_per=BATCH_ROWS).execute(select(t).order_by(*order))
            for batch in result.partitions(BATCH_ROWS):
                _insert(dst, t, batch)
                counts[t.name] += len(batch)
                done += len(batch)
                if progress:
                    progress(done, total, t.name)
            if progress and not sizes[t.name]:
                progress(done, total, t.name)
        _set_counters(dst, tables, _next_ids(src, tables))
        _count_progress(dst)
        counts["series_progress"] = dst.execute(text("SELECT COUNT(*) FROM series_progress")).scalar() or 0
    seconds = time.perf_counter() - started
    log.info(
        "copied the library %s to %s: %d rows in %.1f s",
        describe(source),
        describe(target),
        sum(counts.values()),
        seconds,
    )
    return CopyReport(counts, seconds)


def _insert(conn: Connection, t: Table, rows: Sequence[Row[Any]]) -> None:
    """Rows of ``t`` (as ``select(t)`` reads them) into ``t``. On PostgreSQL through COPY on the
    transaction's own connection: one statement for the batch instead of one per row, the values
    made by the columns' own types as an INSERT binds them; on SQLite (in-process, no round
    trips) an INSERT per row."""
    if conn.dialect.name != "postgresql":
        conn.execute(insert(t), [r._asdict() for r in rows])
        return
    columns = list(t.columns)
    procs = [c.type.dialect_impl(conn.dialect).bind_processor(conn.dialect) for c in columns]
    typed = [(i, p) for i, p in enumerate(procs) if p is not None]
    quote = conn.dialect.identifier_preparer
    names = ", ".join(quote.quote(c.name) for c in columns)
    cursor = _driver(conn).cursor()
    try:
        with cursor.copy(f"COPY {quote.format_table(t)} ({names}) FROM STDIN") as copy:
            for row in rows:
                values = list(row)
                for i, proc in typed:
                    if values[i] is not None:
                        values[i] = proc(values[i])
                copy.write_row(values)
    finally:
        cursor.close()


def _driver(conn: Connection) -> Any:
    driver = conn.connection.driver_connection
    if driver is None:
        raise StorageError("The connection to the target closed during the copy; nothing was written.")
    return driver


def _progress_table() -> list[Table]:
    return [t for t in SQLModel.metadata.sorted_tables if t.name in NOT_COPIED]
