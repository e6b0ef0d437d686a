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
from watchtracker.storage.files import check_writable, prune_backups, stamp
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
            copy = backups / f"library-before-upgrade-from-{current}-{stamp()}.sqlite"
            backup_to(engine, copy)
            prune_backups(backups, keep_backups)
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

