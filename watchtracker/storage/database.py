"""Opening the library: engine, pragmas, schema migrations, consistent copies.

``open_library`` (``open_database``: its engine) is the only way in. It first finds out what
the file is, reading it read-only, and only then changes anything: a file that is not SQLite,
another program's database and a library of a newer watchtracker are refused and left as they
are, byte for byte. A full or failing disk is told apart from a damaged library (only SQLite,
reading the file, says "damaged"). A library that cannot be written is opened read-only, and
says so. A copy is kept before the schema is upgraded.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import PoolProxiedConnection, QueuePool
from sqlmodel import Session, create_engine

from watchtracker.errors import (
    DatabaseDamaged,
    DatabaseLocked,
    DatabaseTooNew,
    DataDirNotWritable,
    DiskProblem,
    LibraryReadOnly,
    NotALibrary,
    StorageError,
)
from watchtracker.storage.files import (
    check_writable,
    file_writable,
    free_backup_path,
    in_wal_mode,
    os_reason,
    prune_backups,
    read_only_uri,
    rename_to_free_name,
)
from watchtracker.storage.revisions import SCHEMA_REVISIONS

if TYPE_CHECKING:
    from watchtracker.storage.server import ServerLocation

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 5.0
DB_FILENAME = "library.sqlite"
SQLITE_HEADER = b"SQLite format 3\x00"
# tables every watchtracker library has had since its first schema: with an unknown revision
# they make it a newer watchtracker's library; without them it is another program's database
CORE_TABLES = frozenset({"series", "episode", "viewing"})
NEARLY_FULL_BYTES = 1 << 20  # less free than this, and a "disk I/O error" is a full disk

_DAMAGE_WORDS = ("malformed", "not a database", "file is encrypted")


def alembic_config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "watchtracker.storage:migrations")
    return cfg


def head_revision() -> str:
    return SCHEMA_REVISIONS[-1]


def known_revisions() -> set[str]:
    return set(SCHEMA_REVISIONS)


def _on_connect(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(path: Path, *, read_only_uri: str | None = None) -> Engine:
    """The library's engine; with ``read_only_uri`` (see ``_read_only``) every connection is
    opened read-only: SQLite refuses any write ("attempt to write a readonly database")."""
    if read_only_uri is None:
        engine = create_engine(
            f"sqlite:///{path}",
            connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False},
        )
    else:
        engine = create_engine(
            "sqlite://",
            poolclass=QueuePool,
            creator=lambda: sqlite3.connect(read_only_uri, uri=True, timeout=BUSY_TIMEOUT_S, check_same_thread=False),
        )
    event.listen(engine, "connect", _on_connect)
    return engine


# -- telling the environment's faults from damage -------------------------------------------


def _sqlite_text(exc: BaseException) -> str:
    return str(getattr(exc, "orig", None) or exc).lower()


def _free_text(folder: Path) -> str:
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return ""
    return f" ({free // 1024} kB free in {folder})"


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def environment_error(exc: BaseException, path: Path, doing: str, what: str = "the library") -> StorageError | None:
    """A SQLite error that is the environment's fault (locked, full disk, input/output error,
    read-only) as a message a person can act on, for when watchtracker tried ``doing`` ("open
    the library", "save the change" ...) with ``what`` at ``path``; None for anything else
    (damage, or a bug)."""
    explained = _environment_error(_sqlite_text(exc), path, doing, what)
    if explained is not None:
        log.warning("could not %s (%s): %s", doing, path, _sqlite_text(exc))
    return explained


def _environment_error(text: str, path: Path, doing: str, what: str) -> StorageError | None:
    if "locked" in text or "busy" in text:
        return DatabaseLocked(
            f"The library {path} stayed locked by another program for {BUSY_TIMEOUT_S:.0f} s, so "
            f"watchtracker could not {doing}; nothing was changed. Close the other program, or try "
            "again in a moment."
        )
    full = "disk is full" in text or "quota" in text
    if full or ("disk i/o error" in text and _nearly_full(path.parent)):
        return DiskProblem(
            f"The disk is full{_free_text(path.parent)}, so watchtracker could not {doing}; nothing was "
            "changed, and the library is not damaged. Free some disk space, then try again."
        )
    if "disk i/o error" in text:
        return DiskProblem(
            f"The disk reported an input/output error when watchtracker tried to {doing} ({path}); "
            "nothing was changed, and this is no sign that the library is damaged. Check the disk "
            "(or the network share it is on), then try again."
        )
    if "readonly" in text or "read-only" in text:
        return LibraryReadOnly(
            f"{what[0].upper()}{what[1:]} {path} is read-only (the file or its folder cannot be "
            f"written), so watchtracker could not {doing}; nothing was changed."
        )
    if "unable to open" in text:
        return DataDirNotWritable(
            f"watchtracker could not open {what} {path} to {doing} (its folder may have been moved, "
            "or may not be readable); nothing was changed."
        )
    return None


def _is_damage(exc: BaseException) -> bool:
    text = _sqlite_text(exc)
    return any(w in text for w in _DAMAGE_WORDS)


def _damaged(path: Path, exc: BaseException | None = None) -> DatabaseDamaged:
    if exc is not None:
        log.error("SQLite reports the library %s damaged: %s", path, _sqlite_text(exc))
    return DatabaseDamaged(
        f"The library {path} is damaged: SQLite cannot read it. It was left untouched. "
        "Move it aside to start a new library, or restore a backup."
    )


def _cannot_read(path: Path, exc: BaseException) -> StorageError:
    log.error("cannot read the library %s: %s", path, _sqlite_text(exc))
    return StorageError(
        f"watchtracker could not read the library {path}. Nothing was changed. Try again; the log file has the details."
    )


# -- finding out what the file is, read-only ------------------------------------------------


@dataclass(frozen=True)
class OpenedLibrary:
    """What ``open_library`` opened: the engine; whether the library can only be read; what the
    user should be told once (a line each), e.g. that an empty file became a new library."""

    engine: Engine
    read_only: bool = False
    notes: tuple[str, ...] = ()


def _connect_read_only(
    path: Path, folder_writable: bool, *, make_nothing: bool = False
) -> tuple[sqlite3.Connection, str]:
    """A read-only connection that has read the schema, and its URI. A database in WAL mode
    needs a -shm file beside it, which SQLite makes even to read. ``make_nothing``: a WAL-mode
    file with no -wal (no connection has it open, nothing is waiting to be folded in) is read as
    an unchanging file instead, so that looking at another program's database makes no file
    beside it. In a folder that cannot be written no -shm can be made, and no one can be writing
    the library there either: it is read as an unchanging file too."""
    wal = path.with_name(path.name + "-wal")
    immutable = make_nothing and in_wal_mode(path) and not wal.exists()
    uri = read_only_uri(path, immutable)
    con = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S)
    try:
        con.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        return con, uri
    except sqlite3.OperationalError as exc:
        con.close()
        if immutable or folder_writable or "unable to open" not in _sqlite_text(exc):
            raise
    uri = read_only_uri(path, immutable=True)
    con = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S)
    try:
        con.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except BaseException:
        con.close()
        raise
    return con, uri


def _read_identity(con: sqlite3.Connection) -> tuple[str | None, set[str]]:
    tables = {
        r[0]
        for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not r[0].startswith("sqlite_")
    }
    revision = None
    if "alembic_version" in tables:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else None
    return revision, tables


def _refuse_unless_ours(path: Path, revision: str | None, tables: set[str]) -> None:
    """Refuse another program's database (NotALibrary) and a newer watchtracker's library
    (DatabaseTooNew). An empty database (no tables) is ours to fill."""
    others = tables - {"alembic_version"}
    if not others and revision is None:
        return
    if not others:  # a schema version and nothing else: neither an empty file nor a library
        raise NotALibrary(
            f"{path} is a SQLite database that holds only a schema version ({revision}) and none of "
            "a watchtracker library's tables, so watchtracker does not know what wrote it. It was "
            "left untouched. Move it elsewhere, or choose another folder with --data-dir."
        )
    if not CORE_TABLES <= tables:
        raise NotALibrary(
            f"{path} is a SQLite database of another program, not a watchtracker library (it holds "
            f"tables {', '.join(sorted(others)[:5])}). It was left untouched. Move it elsewhere, "
            "or choose another folder with --data-dir."
        )
    if revision is None:
        raise NotALibrary(
            f"{path} has tables like a watchtracker library's but no schema version, so watchtracker "
            "does not know what wrote it. It was left untouched."
        )
    if revision not in known_revisions():
        raise DatabaseTooNew(
            f"The library {path} was written by a newer version of watchtracker "
            f"(schema {revision}). This version cannot read it and has not changed it. "
            "Install the newer version, or use another --data-dir."
        )


def _confirm_damage(path: Path, folder_writable: bool, first: BaseException) -> StorageError:
    """SQLite said "malformed" or "not a database": check the file read-only (its header, then
    SQLite's quick check) before calling it damaged; the disk's own faults are told apart."""
    if not _has_sqlite_header(path):
        return _damaged(path, first)
    try:
        con, _ = _connect_read_only(path, folder_writable, make_nothing=True)
        try:
            problems = [r[0] for r in con.execute("PRAGMA quick_check(3)").fetchall()]
        finally:
            con.close()
    except sqlite3.Error as exc:
        if _is_damage(exc):
            return _damaged(path, exc)
        return environment_error(exc, path, "read the library") or _cannot_read(path, exc)
    if problems != ["ok"]:
        log.error("quick_check of %s: %s", path, "; ".join(problems))
        return _damaged(path, first)
    return _cannot_read(path, first)  # the file checks out: it was something else


def _explain_open_error(path: Path, folder_writable: bool, exc: BaseException) -> StorageError | None:
    if _is_damage(exc):
        return _confirm_damage(path, folder_writable, exc)
    return environment_error(exc, path, "open the library")


def _identify(path: Path, folder_writable: bool) -> tuple[str | None, set[str]]:
    """The library's schema revision and its tables; raises a StorageError for anything that is
    not a watchtracker library of ours. Writes nothing, makes no file."""
    try:
        con, _ = _connect_read_only(path, folder_writable, make_nothing=True)
        try:
            revision, tables = _read_identity(con)
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise (_explain_open_error(path, folder_writable, exc) or _cannot_read(path, exc)) from exc
    _refuse_unless_ours(path, revision, tables)
    return revision, tables


def _folder_writable(folder: Path) -> bool:
    """Whether files can be made in ``folder`` (made if missing). A full disk is no answer: it
    raises DiskProblem."""
    try:
        check_writable(folder)
    except DiskProblem:
        raise
    except DataDirNotWritable:
        if not folder.is_dir():
            raise
        return False
    return True


def _library_file(path: Path) -> int | None:
    """The file's size, None when there is none; refuses a file that is not SQLite (read-only:
    its first 16 bytes) before SQLite gets a chance to write to it."""
    try:
        with path.open("rb") as fh:
            header = fh.read(16)
            size = fh.seek(0, 2)
    except FileNotFoundError:
        return None
    except OSError as exc:
        error = DiskProblem if _is_disk_errno(exc) else DataDirNotWritable
        raise error(f"watchtracker cannot read its library {path}: {os_reason(exc)}; nothing was changed.") from exc
    if header and header != SQLITE_HEADER:
        raise DatabaseDamaged(
            f"{path} is not a SQLite database (it may be damaged, or another file was put in its "
            "place). It was left untouched. Move it aside to start a new library, or restore "
            "a backup."
        )
    return size


def _forget_what_we_made(path: Path, sidecars: list[Path], had: list[bool], *, new: bool) -> None:
    """After a failed start: the -wal and -shm we made just now (empty) go, and so does a library
    file we were making (``new``) that holds no table yet; nothing else is touched."""
    if not any(had) and not _has_content(sidecars[0]):
        for p in sidecars:
            _remove(p)
    if new and not _holds_tables(path):
        _remove(path)


def _holds_tables(path: Path) -> bool:
    """Whether the file holds any table (read-only; an unreadable file counts as holding some,
    so that it is never removed)."""
    try:
        con = sqlite3.connect(read_only_uri(path, immutable=True), uri=True)
        try:
            return con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
        finally:
            con.close()
    except sqlite3.Error:
        return _has_content(path)


def _has_content(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


# -- opening ----------------------------------------------------------------------------------


def open_database(path: Path, backups: Path | None = None, *, keep_backups: int = 5, migrate: bool = True) -> Engine:
    """Open (creating if needed) and upgrade the library at ``path``: ``open_library``'s engine."""
    return open_library(path, backups, keep_backups=keep_backups, migrate=migrate).engine


def open_library(
    path: Path, backups: Path | None = None, *, keep_backups: int = 5, migrate: bool = True
) -> OpenedLibrary:
    """Open (creating if needed) and upgrade the library at ``path``. What the file is, is
    found out read-only first; a library that cannot be written is opened read-only (and an
    older one that would need an upgrade is refused). Raises a StorageError for every way it can
    fail, having changed nothing: DatabaseDamaged only when SQLite, reading the file, says so."""
    folder_writable = _folder_writable(path.parent)
    size = _library_file(path)
    notes: list[str] = []
    wal = path.with_name(path.name + "-wal")
    if size == 0 and not _has_content(wal):
        # what a crash (or a full disk) while the library was being created leaves behind
        log.warning("the library %s is an empty file (0 bytes): starting a new library there", path)
        notes.append(
            f"The library file {path} was empty (0 bytes), as a crash while it was being created "
            "leaves it, so a new library was started. If you had series in it, restore a backup "
            "(Library > Backups…, or: watchtracker restore --list)."
        )
    elif size is not None:
        revision, _tables = _identify(path, folder_writable)
        if not folder_writable or not file_writable(path):
            return _open_read_only(path, folder_writable, revision, migrate)
    if not folder_writable:
        raise DataDirNotWritable(
            f"watchtracker cannot write to its data folder {path.parent}, so it cannot start a library "
            "there. Choose another folder with --data-dir, or fix the folder's permissions."
        )

    sidecars = [path.with_name(path.name + s) for s in ("-wal", "-shm")]
    had = [p.exists() for p in sidecars]
    engine = make_engine(path)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
            revision, tables = _read_identity(_sqlite(conn.connection))
    except (DBAPIError, sqlite3.Error) as exc:  # _read_identity speaks to the driver directly
        engine.dispose()
        _forget_what_we_made(path, sidecars, had, new=size is None)
        raise (_explain_open_error(path, folder_writable, exc) or _cannot_read(path, exc)) from exc
    try:
        _refuse_unless_ours(path, revision, tables)  # (changed since it was identified)
        _upgrade(engine, path, revision, backups, keep_backups, migrate)
    except BaseException:
        engine.dispose()
        _forget_what_we_made(path, sidecars, had, new=size is None)
        raise
    return OpenedLibrary(engine, read_only=False, notes=tuple(notes))


def _open_read_only(path: Path, folder_writable: bool, revision: str | None, migrate: bool) -> OpenedLibrary:
    if migrate and revision != head_revision():
        raise LibraryReadOnly(
            f"The library {path} is read-only (the file or its folder cannot be written), and this "
            f"version of watchtracker must first upgrade its schema ({revision or 'none'}). Nothing "
            "was changed. Make the file and its folder writable, then start again."
        )
    try:
        con, uri = _connect_read_only(path, folder_writable)
        con.close()
    except sqlite3.Error as exc:
        raise (_explain_open_error(path, folder_writable, exc) or _cannot_read(path, exc)) from exc
    log.warning("the library %s cannot be written: opened read-only", path)
    return OpenedLibrary(make_engine(path, read_only_uri=uri), read_only=True)


def _upgrade(
    engine: Engine, path: Path, current: str | None, backups: Path | None, keep_backups: int, migrate: bool
) -> None:
    head = head_revision()
    if not migrate or current == head:
        return
    if current is not None and backups is not None:
        copy = free_backup_path(backups, "before-upgrade", from_revision=current)
        copy = backup_to(engine, copy)
        prune_backups(backups, keep_backups, protect=[copy])
        log.info("kept a copy of the library before upgrading: %s", copy)
    log.info("upgrading library schema %s -> %s", current, head)
    from alembic import command

    upgrading = _transactional_ddl_engine(path)
    try:
        with upgrading.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except DBAPIError as exc:
        explained = environment_error(exc, path, "upgrade the library")
        if explained is None and _is_damage(exc):
            explained = _damaged(path, exc)
        if explained is None:
            raise
        raise explained from exc
    finally:
        upgrading.dispose()


def _transactional_ddl_engine(path: Path) -> Engine:
    """An engine whose transactions hold DDL too. Python's sqlite3 (its legacy transaction
    handling) runs CREATE/DROP/ALTER outside any transaction, so an upgrade cut short (a full
    disk, a crash) would leave a half-made schema (an ``_alembic_tmp_`` table, a new table
    without its version) that the next start cannot upgrade. SQLAlchemy's recipe for pysqlite:
    the driver begins nothing, SQLAlchemy's BEGIN does."""
    engine = make_engine(path)

    @event.listens_for(engine, "connect")
    def _driver_begins_nothing(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _has_sqlite_header(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(16) == SQLITE_HEADER
    except OSError as exc:
        raise DataDirNotWritable(f"watchtracker cannot read {path}: {os_reason(exc)}.") from exc


def explain_db_error(exc: Exception, path: Path, server: ServerLocation | None = None) -> StorageError | None:
    """A database error met while working, as a message a person can act on; None when it is
    not the environment's fault (a constraint broken by our own code is a bug, not damage).
    ``server``: the library is on that PostgreSQL server, not in the file at ``path``."""
    if server is not None:
        from watchtracker.storage.server import explain_server_error

        return explain_server_error(exc, server, "finish what was asked")
    explained = environment_error(exc, path, "save the change")
    if explained is not None:
        return explained
    if _is_damage(exc):  # found while working: the file opened, a part of it cannot be read
        log.error("SQLite reports the library %s damaged: %s", path, _sqlite_text(exc))
        return DatabaseDamaged(
            f"The library {path} is damaged: SQLite cannot read a part of it. Nothing was changed. "
            "Restore a backup (Library > Backups…, or: watchtracker restore --list)."
        )
    return None


def _sqlite(pooled: PoolProxiedConnection) -> sqlite3.Connection:
    """The sqlite3 connection under a pooled one; it is there while the pooled one is open."""
    driver = pooled.driver_connection
    if driver is None:
        raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
    return driver


def backup_to(engine: Engine, target: Path) -> Path:
    """A consistent copy through SQLite's online backup API, safe while the app runs."""
    raw = engine.raw_connection()
    try:
        return copy_database(_sqlite(raw), target)
    finally:
        raw.close()


def backup_file(source: Path, target: Path) -> Path:
    """The same copy taken from the library file itself (its engine closed, or none opened)."""
    try:
        con = sqlite3.connect(source, timeout=BUSY_TIMEOUT_S)
    except sqlite3.Error as exc:
        raise environment_error(exc, source, "read the library") or _damaged(source, exc) from exc
    try:
        return copy_database(con, target)
    finally:
        con.close()


def _backup_pages(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    # every page in one step: one read transaction, so the copy is one committed state even
    # while another connection is writing (WAL readers never wait for writers)
    source.backup(target)


def _remove_database_file(path: Path) -> None:
    for p in (path, *(path.with_name(path.name + s) for s in ("-journal", "-wal", "-shm"))):
        _remove(p)


def copy_database(source: sqlite3.Connection, target: Path) -> Path:
    """Copy ``source`` into ``target`` as one self-contained file (rollback journal, no -wal),
    checked with ``PRAGMA integrity_check``. Written beside the target first (``<name>.<pid>.part``,
    so two processes never share one) and renamed into place, never over a file: a name taken
    meanwhile gets -2, -3 ... Returns the path written. A failure (disk full, folder not
    writable) leaves no half copy and raises a StorageError with a message a person can act on."""
    check_writable(target.parent)
    part = target.with_name(f"{target.name}.{os.getpid()}.part")
    try:
        dst = sqlite3.connect(part)
        try:
            _backup_pages(source, dst)
            dst.execute("PRAGMA journal_mode=DELETE")
            problems = [r[0] for r in dst.execute("PRAGMA integrity_check").fetchall()]
        finally:
            dst.close()
        if problems != ["ok"]:
            log.error("integrity check of a copy of the library: %s", "; ".join(problems[:10]))
            raise DatabaseDamaged(
                "The copy of the library failed SQLite's integrity check. The library itself was not "
                "changed; it may be damaged."
            )
        return rename_to_free_name(part, target)
    except sqlite3.Error as exc:
        _remove_database_file(part)
        if _is_damage(exc):
            log.error("cannot copy the library: %s", exc)
            raise DatabaseDamaged(
                "The library cannot be copied: SQLite reports it damaged. Nothing was changed."
            ) from exc
        explained = environment_error(exc, target, "write the backup", "the backup")
        if explained is not None and not isinstance(explained, DatabaseLocked):
            raise explained from exc
        raise DataDirNotWritable(
            f"watchtracker could not write the backup {target}. Nothing was changed. "
            "Check the disk space and the folder's permissions."
        ) from exc
    except OSError as exc:
        _remove_database_file(part)
        error = DiskProblem if _is_disk_errno(exc) else DataDirNotWritable
        raise error(
            f"watchtracker could not write the backup {target}: {os_reason(exc)}. Nothing was "
            "changed. Check the disk space and the folder's permissions."
        ) from exc
    except BaseException:
        _remove_database_file(part)
        raise


def _is_disk_errno(exc: OSError) -> bool:
    import errno

    return exc.errno in (errno.ENOSPC, errno.EIO, getattr(errno, "EDQUOT", errno.ENOSPC))


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def _sqlite_refusal(exc: sqlite3.Error, path: Path, name: Path, doing: str) -> StorageError:
    """A chosen file SQLite could not handle: the disk's fault, or not a library we can read."""
    explained = environment_error(exc, path, doing)
    if explained is not None and not isinstance(explained, LibraryReadOnly):
        return explained
    log.warning("cannot read %s as a library: %s", name, exc)
    if _is_damage(exc):
        return DatabaseDamaged(f"{name} is damaged: SQLite cannot read it.")
    return DatabaseDamaged(f"{name} cannot be read as a watchtracker library.")


def library_revision(path: Path, shown_as: Path | None = None) -> str:
    """The schema revision of the watchtracker library at ``path``, after checking that it is
    one: a SQLite file, intact, with a revision this version knows. Opens it read-write, so use
    it on a copy (see ``stage_library``). Raises DatabaseDamaged, NotALibrary or DatabaseTooNew,
    naming ``shown_as`` (the file the user chose) rather than the copy; DiskProblem when the disk
    is at fault."""
    name = shown_as or path
    if not _has_sqlite_header(path):
        raise DatabaseDamaged(f"{name} is not a watchtracker library (not a SQLite database).")
    try:
        con = sqlite3.connect(path)
        try:
            problems = [r[0] for r in con.execute("PRAGMA integrity_check").fetchall()]
            if problems != ["ok"]:
                log.warning("integrity check of %s: %s", name, "; ".join(problems[:10]))
                raise DatabaseDamaged(f"{name} is damaged: SQLite's integrity check finds faults in it.")
            revision, tables = _read_identity(con)
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise _sqlite_refusal(exc, path, name, "check the backup") from exc
    if not tables - {"alembic_version"}:
        raise NotALibrary(f"{name} is an empty SQLite database, not a watchtracker library.")
    try:
        _refuse_unless_ours(name, revision, tables)
    except NotALibrary as exc:
        raise NotALibrary(f"{name} is a SQLite database, but not a watchtracker library.") from exc
    except DatabaseTooNew as exc:
        raise DatabaseTooNew(
            f"{name} was written by a newer version of watchtracker (schema {revision}); this version cannot read it."
        ) from exc
    assert revision is not None
    return revision


def stage_library(source: Path, staged: Path) -> str:
    """Copy a library file chosen by the user to ``staged`` (its -wal too, if it has one), make the
    copy one self-contained file and check it (``library_revision``). The source is only read.
    On any refusal the staged copy is removed and the error raised; returns the revision."""
    if not _has_sqlite_header(source):
        raise DatabaseDamaged(f"{source} is not a watchtracker library (not a SQLite database).")
    check_writable(staged.parent)
    wal = staged.with_name(staged.name + "-wal")
    try:
        _remove_database_file(staged)
        try:
            shutil.copyfile(source, staged)
            source_wal = source.with_name(source.name + "-wal")
            if source_wal.is_file():
                shutil.copyfile(source_wal, wal)
        except OSError as exc:
            error = DiskProblem if _is_disk_errno(exc) else DataDirNotWritable
            raise error(
                f"watchtracker could not copy {source} into its data folder: {os_reason(exc)}. "
                "Nothing was changed. Check the disk space and the folder's permissions."
            ) from exc
        try:
            con = sqlite3.connect(staged)
            try:
                con.execute("PRAGMA journal_mode=DELETE")  # folds a -wal into the file
            finally:
                con.close()
        except sqlite3.Error as exc:
            raise _sqlite_refusal(exc, staged, source, "prepare the backup") from exc
        return library_revision(staged, shown_as=source)
    except BaseException:
        _remove_database_file(staged)
        raise


def write_first(session: Session) -> None:
    """Before reading what a write depends on (is the episode watched? which version is the row?):
    on a SQLite file, take its one writer now (a write that changes nothing begins the write
    transaction; the reads after it see the latest), so that another program's or window's write
    cannot fall between the reading and the writing. On a server, ``FOR UPDATE`` on the rows read
    does the same (SQLite leaves that out)."""
    if session.connection().dialect.name == "sqlite":
        session.execute(text("UPDATE alembic_version SET version_num = version_num WHERE 0"))


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One short unit of work: committed on success, rolled back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
