"""The library's file as the front ends meet it before and around opening it: one window per
data folder (an OS lock, never stale), what the window can show before the library is properly
open, moving a damaged library aside, and what a database error met while working means.

Imports nothing heavy at the top: the window calls ``library_preview`` while SQLAlchemy and
SQLModel are still loading on another thread. The rows are read-only and replaced by the live
ones a moment later.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from watchtracker.domain.models import LibraryRow
from watchtracker.errors import DataDirNotWritable, StorageError
from watchtracker.storage.files import InstanceLock, instance_lock_held, move_aside, os_reason, take_instance_lock
from watchtracker.storage.library_sql import peek_library
from watchtracker.storage.revisions import SCHEMA_HEAD

__all__ = [
    "InstanceLock",
    "explain_database_error",
    "instance_lock_held",
    "library_preview",
    "move_damaged_aside",
    "take_instance_lock",
]


def library_preview(database: Path, now: datetime | None = None) -> list[LibraryRow] | None:
    """The library as it is on disk, or None if it cannot be read that way (missing, older
    schema, locked ...): then the window waits for the library to open."""
    now = now or datetime.now(UTC)
    return peek_library(database, SCHEMA_HEAD, now, now.astimezone().date())


def move_damaged_aside(database: Path) -> Path:
    """Rename a damaged library (and its -wal, -shm) so that a new one can start; never over
    another file. Returns where it is kept; raises DataDirNotWritable (one line) if it cannot."""
    try:
        return move_aside(database)
    except OSError as exc:
        raise DataDirNotWritable(
            f"The library could not be moved aside ({os_reason(exc)}); it is as it was, at {database}."
        ) from exc


def explain_database_error(exc: BaseException, database: Path) -> StorageError | None:
    """A database error met while working, as a message a person can act on (locked, disk full,
    read-only, damaged); None when it is not the environment's fault (a bug)."""
    from sqlalchemy.exc import DBAPIError

    from watchtracker.storage.database import explain_db_error

    if not isinstance(exc, DBAPIError):
        return None
    return explain_db_error(exc, database)
