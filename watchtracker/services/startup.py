"""The library's file as the front ends meet it before and around opening it: one window per
data folder (an OS lock, never stale, and the name a second launch uses to reach that window),
what the window can show before the library is properly open, moving a damaged library aside,
and what a database error met while working means.

Imports nothing heavy at the top: the window calls ``take_preview`` while SQLAlchemy and
SQLModel are still loading on another thread. The rows are read-only and replaced by the live
ones a moment later.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from watchtracker.domain.i18n import translate
from watchtracker.domain.models import LibraryRow
from watchtracker.errors import DataDirNotWritable, StorageError
from watchtracker.storage.files import InstanceLock, instance_lock_held, move_aside, os_reason, take_instance_lock
from watchtracker.storage.library_sql import peek_library
from watchtracker.storage.revisions import SCHEMA_HEAD

if TYPE_CHECKING:  # loaded on a worker, later: see the module's docstring
    from watchtracker.services.library import LibraryService

__all__ = [
    "InstanceLock",
    "explain_database_error",
    "instance_channel_name",
    "instance_lock_held",
    "Preview",
    "preview_still_current",
    "take_preview",
    "move_damaged_aside",
    "take_instance_lock",
]


def instance_channel_name(data_folder: Path) -> str:
    """The name the window that holds ``data_folder``'s lock listens on, for a second launch on
    the same folder to ask it to come forward (a local socket or pipe: the lock stays the only
    authority on who has the folder). Made from the folder's full path and, where there is one,
    the user's id: one name per folder and per user, short enough for any socket path."""
    try:
        folder = data_folder.resolve()
    except (OSError, RuntimeError):  # a loop of links: the path as given
        folder = data_folder.absolute()
    user = str(os.getuid()) if hasattr(os, "getuid") else ""
    key = f"{user}:{os.path.normcase(folder)}".encode("utf-8", "surrogateescape")
    return f"watchtracker-{hashlib.sha256(key).hexdigest()[:24]}"


@dataclass(frozen=True)
class Preview:
    """The library's rows read before it was open, with what tells whether a reading now would
    give the same: the moment and day they were read at, and the state of the file and its -wal
    just before (None when they changed while it was read)."""

    rows: list[LibraryRow]
    now: datetime
    today: date
    files: tuple | None


def _file_state(database: Path) -> tuple:
    """(size, mtime, inode) of the file and (size, mtime) of its -wal, None for one that is not there."""

    def stat(path: Path) -> os.stat_result | None:
        try:
            return path.stat()
        except OSError:
            return None

    main, wal = stat(database), stat(database.with_name(database.name + "-wal"))
    return (
        None if main is None else (main.st_size, main.st_mtime_ns, main.st_ino),
        None if wal is None else (wal.st_size, wal.st_mtime_ns),
    )


def take_preview(database: Path, now: datetime | None = None, *, server_url: str | None = None) -> Preview | None:
    """The library as it is on disk, or None if it cannot be read that way (missing, older
    schema, locked ...): then the window waits for the library to open. A library on a
    PostgreSQL server (``server_url``) has no file to peek into: None, nothing is read."""
    if server_url:
        return None
    now = now or datetime.now(UTC)
    today = now.astimezone().date()
    before = _file_state(database)
    rows = peek_library(database, SCHEMA_HEAD, now, today)
    if rows is None:
        return None
    return Preview(rows, now, today, before if _file_state(database) == before else None)


def preview_still_current(preview: Preview, database: Path, library: LibraryService) -> bool:
    """Whether reading the library now (``library``, open on ``database``) would give the
    preview's rows: nothing was written since (in WAL mode a commit writes to the -wal, which
    opening the library makes empty if there was none; a checkpoint rewrites the file itself),
    it is the same day for the viewer, and no episode aired in between. False when unsure."""
    if preview.files is None:
        return False
    main, wal = preview.files
    now_main, now_wal = _file_state(database)
    if now_main != main or not (now_wal == wal or (wal is None and (now_wal is None or now_wal[0] == 0))):
        return False
    now, today = library.now_today()
    return today == preview.today and not library.airs_between(preview.now, now)


def move_damaged_aside(database: Path) -> Path:
    """Rename a damaged library (and its -wal, -shm) so that a new one can start; never over
    another file. Returns where it is kept; raises DataDirNotWritable (one line) if it cannot."""
    try:
        return move_aside(database)
    except OSError as exc:
        raise DataDirNotWritable(
            translate("startup", "The library could not be moved aside ({reason}); it is as it was, at {path}.").format(
                reason=os_reason(exc), path=database
            )
        ) from exc


def explain_database_error(exc: BaseException, database: Path) -> StorageError | None:
    """A database error met while working, as a message a person can act on (locked, disk full,
    read-only, damaged); None when it is not the environment's fault (a bug)."""
    from sqlalchemy.exc import DBAPIError

    from watchtracker.storage.database import explain_db_error

    if not isinstance(exc, DBAPIError):
        return None
    return explain_db_error(exc, database)
