"""Opening the library: engine, pragmas, schema migrations, consistent copies.

``open_database`` is the only way in. It refuses a database written by a newer version, never
alters a file it cannot read, and keeps a copy before it upgrades the schema.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError, OperationalError
from filelock import FileLock, Timeout
from sqlmodel import Session, create_engine

from watchtracker.storage.errors import (
    AlreadyRunning,
    DatabaseDamaged,
    DatabaseLocked,
    DatabaseTooNew,
    DataDirNotWritable,
    StorageError,
)

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 5.0
DB_FILENAME = "library.sqlite"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "watchtracker.storage:migrations")
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


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


def check_writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise DataDirNotWritable(
            f"watchtracker cannot write to its data folder {folder}: {exc.strerror or exc}. "
            "Choose another folder with --data-dir, or fix the folder's permissions."
        ) from exc


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
            current = MigrationContext.configure(conn).get_current_revision()
            tables = set(inspect(conn).get_table_names())
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
            copy = backups / f"library-before-upgrade-from-{current}-{_stamp()}.sqlite"
            backup_to(engine, copy)
            prune_backups(backups, keep_backups)
            log.info("kept a copy of the library before upgrading: %s", copy)
        log.info("upgrading library schema %s -> %s", current, head)
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


def _damaged(path: Path, exc: Exception) -> DatabaseDamaged:
    return DatabaseDamaged(
        f"The library {path} cannot be read ({getattr(exc, 'orig', exc)}). It was left untouched. "
        "Move it aside to start a new library, or restore a backup."
    )


def explain_db_error(exc: Exception, path: Path) -> StorageError:
    """Turn a database error met while working into a message a person can act on."""
    text = str(getattr(exc, "orig", exc)).lower()
    if "locked" in text or "busy" in text:
        return DatabaseLocked(
            f"The library {path} stayed locked by another program for {BUSY_TIMEOUT_S:.0f} s; "
            "nothing was changed. Try again in a moment."
        )
    if "readonly" in text or "read-only" in text or "disk i/o" in text or "full" in text:
        return DataDirNotWritable(
            f"watchtracker could not write to {path} ({getattr(exc, 'orig', exc)}); "
            "nothing was changed. Check the disk space and the folder's permissions."
        )
    return _damaged(path, exc)


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


def backup_to(engine: Engine, target: Path) -> Path:
    """A consistent copy through SQLite's online backup API, safe while the app runs."""
    target.parent.mkdir(parents=True, exist_ok=True)
    raw = engine.raw_connection()
    try:
        dst = sqlite3.connect(target)
        try:
            raw.driver_connection.backup(dst)
        finally:
            dst.close()
    finally:
        raw.close()
    return target


def prune_backups(folder: Path, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest copies in ``folder``; returns what was deleted."""
    copies = sorted(folder.glob("library-*.sqlite"), key=lambda p: p.stat().st_mtime, reverse=True)
    old = copies[max(keep, 1):]
    for p in old:
        p.unlink(missing_ok=True)
    return old


def acquire_instance_lock(lock_file: Path) -> FileLock:
    """Hold the data folder for this process; a second copy of the app gets AlreadyRunning."""
    check_writable(lock_file.parent)
    lock = FileLock(lock_file, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise AlreadyRunning(
            f"watchtracker is already open on the data folder {lock_file.parent}. "
            "Switch to that window, or close it first."
        ) from None
    return lock


def move_aside(path: Path) -> Path:
    """Rename a damaged library (and its WAL files) so a new one can start; nothing is deleted."""
    aside = path.with_name(f"{path.stem}.damaged-{_stamp()}{path.suffix}")
    path.rename(aside)
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            extra.rename(aside.with_name(aside.name + suffix))
    return aside


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

