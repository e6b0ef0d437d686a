"""Opening the library: engine, pragmas, schema migrations, consistent copies.

``open_database`` is the only way in. It refuses a database written by a newer version, never
alters a file it cannot read, and keeps a copy before it upgrades the schema.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlmodel import Session, create_engine

from watchtracker.storage.errors import (
    DatabaseDamaged,
    DatabaseLocked,
    DatabaseTooNew,
    DataDirNotWritable,
    StorageError,
)
from watchtracker.storage.files import check_writable, free_backup_path, prune_backups
from watchtracker.storage.revisions import SCHEMA_REVISIONS

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 5.0
DB_FILENAME = "library.sqlite"




def alembic_config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "watchtracker.storage:migrations")
    return cfg


def head_revision() -> str:
    return SCHEMA_REVISIONS[-1]


def known_revisions() -> set[str]:
    return set(SCHEMA_REVISIONS)


def _current_revision(conn) -> str | None:
    if not conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).first():
        return None
    return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def _on_connect(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False},
    )
    event.listen(engine, "connect", _on_connect)
    return engine


def open_database(
    path: Path, backups: Path | None = None, *, keep_backups: int = 5, migrate: bool = True
) -> Engine:
    """Open (creating if needed) and upgrade the library at ``path``."""
    check_writable(path.parent)
    _check_is_sqlite(path)
    engine = make_engine(path)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
            current = _current_revision(conn)
            tables = {
                r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")
                if not r[0].startswith("sqlite_")
            }
    except OperationalError as exc:
        engine.dispose()
        if "locked" in str(exc).lower():
            raise DatabaseLocked(
                f"The library {path} is locked by another program. Close it and try again."
            ) from exc
        raise _damaged(path, exc) from exc
    except DatabaseError as exc:
        engine.dispose()
        raise _damaged(path, exc) from exc

    if current is None and tables - {"alembic_version"}:
        engine.dispose()
        raise DatabaseDamaged(
            f"{path} is a SQLite database, but not a watchtracker library "
            f"(it holds tables {', '.join(sorted(tables)[:5])}). It was left untouched."
        )
    if current is not None and current not in known_revisions():
        engine.dispose()
        raise DatabaseTooNew(
            f"The library {path} was written by a newer version of watchtracker "
            f"(schema {current}). This version cannot read it and has not changed it. "
            "Install the newer version, or use another --data-dir."
        )
    head = head_revision()
    if migrate and current != head:
        if current is not None and backups is not None:
            copy = free_backup_path(backups, "before-upgrade", from_revision=current)
            try:
                backup_to(engine, copy)
            except StorageError:
                engine.dispose()
                raise
            prune_backups(backups, keep_backups, protect=[copy])
            log.info("kept a copy of the library before upgrading: %s", copy)
        log.info("upgrading library schema %s -> %s", current, head)
        from alembic import command

        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    return engine


def _check_is_sqlite(path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite gets a chance to write to it."""
    try:
        with path.open("rb") as fh:
            header = fh.read(16)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise DataDirNotWritable(f"watchtracker cannot read its library {path}: {exc}") from exc
    if header and header != b"SQLite format 3\x00":
        raise DatabaseDamaged(
            f"{path} is not a SQLite database (it may be damaged, or another file was put in its "
            "place). It was left untouched. Move it aside to start a new library, or restore "
            "a backup."
        )


def _has_sqlite_header(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError as exc:
        raise DataDirNotWritable(f"watchtracker cannot read {path}: {exc.strerror or exc}") from exc


def _damaged(path: Path, exc: Exception) -> DatabaseDamaged:
    return DatabaseDamaged(
        f"The library {path} cannot be read ({getattr(exc, 'orig', exc)}). It was left untouched. "
        "Move it aside to start a new library, or restore a backup."
    )


def explain_db_error(exc: Exception, path: Path) -> StorageError | None:
    """A database error met while working, as a message a person can act on; None when it is
    not the environment's fault (a constraint broken by our own code is a bug, not damage)."""
    text = str(getattr(exc, "orig", exc)).lower()
    if "locked" in text or "busy" in text:
        return DatabaseLocked(
            f"The library {path} stayed locked by another program for {BUSY_TIMEOUT_S:.0f} s; "
            "nothing was changed. Try again in a moment."
        )
    if any(w in text for w in ("readonly", "read-only", "disk i/o", "database or disk is full")):
        return DataDirNotWritable(
            f"watchtracker could not write to {path} ({getattr(exc, 'orig', exc)}); "
            "nothing was changed. Check the disk space and the folder's permissions."
        )
    if any(w in text for w in ("malformed", "not a database", "file is encrypted", "unable to open")):
        return _damaged(path, exc)
    return None


def backup_to(engine: Engine, target: Path) -> Path:
    """A consistent copy through SQLite's online backup API, safe while the app runs."""
    raw = engine.raw_connection()
    try:
        return copy_database(raw.driver_connection, target)
    finally:
        raw.close()


def backup_file(source: Path, target: Path) -> Path:
    """The same copy taken from the library file itself (its engine closed, or none opened)."""
    try:
        con = sqlite3.connect(source, timeout=BUSY_TIMEOUT_S)
    except sqlite3.Error as exc:
        raise _damaged(source, exc) from exc
    try:
        return copy_database(con, target)
    finally:
        con.close()


def _backup_pages(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    # every page in one step: one read transaction, so the copy is one committed state even
    # while another connection is writing (WAL readers never wait for writers)
    source.backup(target)


def copy_database(source: sqlite3.Connection, target: Path) -> Path:
    """Copy ``source`` into ``target`` as one self-contained file (rollback journal, no -wal),
    checked with ``PRAGMA integrity_check``. Written beside the target first and renamed into
    place, so a failure (disk full, folder not writable) leaves no half copy and raises a
    StorageError with a message a person can act on."""
    check_writable(target.parent)
    part = target.with_name(target.name + ".part")
    try:
        dst = sqlite3.connect(part)
        try:
            _backup_pages(source, dst)
            dst.execute("PRAGMA journal_mode=DELETE")
            problems = [r[0] for r in dst.execute("PRAGMA integrity_check").fetchall()]
        finally:
            dst.close()
        if problems != ["ok"]:
            raise DatabaseDamaged(
                f"The copy of the library failed SQLite's integrity check ({'; '.join(problems[:3])}). "
                "The library itself was not changed; it may be damaged."
            )
        os.replace(part, target)
    except sqlite3.Error as exc:
        _remove(part)
        text = str(exc).lower()
        if "malformed" in text or "not a database" in text:
            raise DatabaseDamaged(
                f"The library cannot be copied: SQLite reports it damaged ({exc}). Nothing was changed."
            ) from exc
        raise DataDirNotWritable(
            f"watchtracker could not write the backup {target} ({exc}). Nothing was changed. "
            "Check the disk space and the folder's permissions."
        ) from exc
    except OSError as exc:
        _remove(part)
        raise DataDirNotWritable(
            f"watchtracker could not write the backup {target} ({exc.strerror or exc}). Nothing was "
            "changed. Check the disk space and the folder's permissions."
        ) from exc
    except BaseException:
        _remove(part)
        raise
    return target


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def library_revision(path: Path, shown_as: Path | None = None) -> str:
    """The schema revision of the watchtracker library at ``path``, after checking that it is
    one: a SQLite file, intact, with a revision this version knows. Opens it read-write, so use
    it on a copy (see ``stage_library``). Raises DatabaseDamaged or DatabaseTooNew, naming
    ``shown_as`` (the file the user chose) rather than the copy."""
    name = shown_as or path
    if not _has_sqlite_header(path):
        raise DatabaseDamaged(f"{name} is not a watchtracker library (not a SQLite database).")
    try:
        con = sqlite3.connect(path)
        try:
            problems = [r[0] for r in con.execute("PRAGMA integrity_check").fetchall()]
            if problems != ["ok"]:
                raise DatabaseDamaged(
                    f"{name} is damaged: SQLite's integrity check reports {'; '.join(problems[:3])}."
                )
            has_version = con.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()
            row = con.execute("SELECT version_num FROM alembic_version").fetchone() if has_version else None
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise DatabaseDamaged(f"{name} cannot be read as a watchtracker library ({exc}).") from exc
    if row is None:
        raise DatabaseDamaged(f"{name} is a SQLite database, but not a watchtracker library.")
    if row[0] not in known_revisions():
        raise DatabaseTooNew(
            f"{name} was written by a newer version of watchtracker (schema {row[0]}); this "
            "version cannot read it."
        )
    return row[0]


def stage_library(source: Path, staged: Path) -> str:
    """Copy a library file chosen by the user to ``staged`` (its -wal too, if it has one), make the
    copy one self-contained file and check it (``library_revision``). The source is only read.
    On any refusal the staged copy is removed and the error raised; returns the revision."""
    if not _has_sqlite_header(source):
        raise DatabaseDamaged(f"{source} is not a watchtracker library (not a SQLite database).")
    check_writable(staged.parent)
    wal = staged.with_name(staged.name + "-wal")
    try:
        for p in (staged, wal, staged.with_name(staged.name + "-shm")):
            _remove(p)
        try:
            shutil.copyfile(source, staged)
            source_wal = source.with_name(source.name + "-wal")
            if source_wal.is_file():
                shutil.copyfile(source_wal, wal)
        except OSError as exc:
            raise DataDirNotWritable(
                f"watchtracker could not copy {source} into its data folder ({exc.strerror or exc}). "
                "Nothing was changed. Check the disk space and the folder's permissions."
            ) from exc
        try:
            con = sqlite3.connect(staged)
            try:
                con.execute("PRAGMA journal_mode=DELETE")  # folds a -wal into the file
            finally:
                con.close()
        except sqlite3.Error as exc:
            raise DatabaseDamaged(f"{source} cannot be read as a watchtracker library ({exc}).") from exc
        return library_revision(staged, shown_as=source)
    except BaseException:
        for p in (staged, wal, staged.with_name(staged.name + "-shm")):
            _remove(p)
        raise


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

