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
import json
import logging
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from watchtracker.domain.dates import PartialDate
from watchtracker.domain.enums import LifecycleStatus, ViewerState
from watchtracker.domain.i18n import translate
from watchtracker.domain.models import EpisodeCode, LibraryRow, NextEpisode
from watchtracker.errors import DataDirNotWritable, StorageError
from watchtracker.storage.files import (
    InstanceLock,
    instance_lock_held,
    move_aside,
    os_reason,
    take_instance_lock,
    write_atomically,
)
from watchtracker.storage.library_sql import peek_library
from watchtracker.storage.revisions import SCHEMA_HEAD

if TYPE_CHECKING:  # loaded on a worker, later: see the module's docstring
    from watchtracker.services.library import LibraryService

log = logging.getLogger(__name__)

__all__ = [
    "InstanceLock",
    "explain_database_error",
    "instance_channel_name",
    "instance_lock_held",
    "Preview",
    "load_server_rows",
    "preview_still_current",
    "save_server_rows",
    "server_rows_key",
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


# -- the last rows read from a library server, kept on this computer ------------------------------
# A library on a server has no file to peek into before it is open: the window shows the rows it
# read last time instead (read-only, replaced by the live ones; kept when the server cannot be
# reached at start). One small JSON file per server in the cache folder; nothing about a password.
SERVER_ROWS_FORMAT = "watchtracker-server-rows"
SERVER_ROWS_VERSION = 1
SERVER_ROWS_MAX_BYTES = 20 * 1024 * 1024  # a bigger file is not ours (2,000 series make ~0.5 MB)
_SECRET_PARAMETERS = ("password", "sslpassword")  # libpq's, in a URL's query


def server_rows_key(url: str) -> str:
    """The server's URL without any password (in its user part or its query): what the cached rows
    are kept under. Parsed with the standard library: this runs before SQLAlchemy is loaded."""
    from urllib.parse import parse_qsl, urlencode, urlsplit

    text = url.strip()
    try:
        parts = urlsplit(text)
        netloc = parts.netloc
        if "@" in netloc:
            user, _, host = netloc.rpartition("@")
            netloc = f"{user.partition(':')[0]}@{host}"
        query = [
            (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in _SECRET_PARAMETERS
        ]
        scheme = parts.scheme.lower().partition("+")[0]
        scheme = "postgresql" if scheme == "postgres" else scheme
        kept = urlencode(query)
        return f"{scheme}://{netloc}{parts.path}" + (f"?{kept}" if kept else "")
    except ValueError:  # not a URL one can take apart: no name to keep rows under
        return ""


def _server_rows_file(cache_dir: Path, server_key: str) -> tuple[Path, str]:
    digest = hashlib.sha1(server_rows_key(server_key).encode("utf-8", "surrogateescape")).hexdigest()
    return cache_dir / f"server-rows-{digest[:16]}.json", digest


def _when(value: datetime | None) -> list | None:
    """A datetime as [ISO text, zone name or None]: the zone's name too, so a ZoneInfo comes back as it was."""
    if value is None:
        return None
    zone = getattr(value.tzinfo, "key", None)
    return [value.isoformat(), zone if isinstance(zone, str) else None]


def _from_when(value: object) -> datetime | None:
    if value is None:
        return None
    text, zone = _typed(value, list)
    moment = datetime.fromisoformat(_typed(text, str))
    if zone is not None:
        from zoneinfo import ZoneInfo

        moment = moment.astimezone(ZoneInfo(_typed(zone, str)))
    return moment


def _typed(value, kind):
    """``value`` if it is a ``kind`` (a bool is not an int), else TypeError: a damaged file."""
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise TypeError(f"{kind.__name__} expected, found {type(value).__name__}")
    return value


def _optional(value, kind):
    return None if value is None else _typed(value, kind)


def _row_out(row: LibraryRow) -> list:
    nxt, premiere = row.next_episode, row.premiere
    return [
        row.series_id,
        row.title,
        row.status.value,
        row.network,
        row.poster_path,
        row.state.value,
        row.favourite,
        row.seasons,
        row.episodes_aired,
        row.episodes_watched,
        None
        if nxt is None
        else [nxt.code.season, nxt.code.number, nxt.title, None if nxt.air_date is None else nxt.air_date.isoformat()],
        _when(row.last_watched),
        _when(row.added_at),
        None if premiere is None else [premiere.year, premiere.month, premiere.day, premiere.part],
        row.linked,
    ]


def _row_in(item: object) -> LibraryRow:
    fields = _typed(item, list)
    if len(fields) != 15:
        raise ValueError(f"{len(fields)} fields in a row")
    sid, title, status, network, poster, state, fav, seasons, aired, watched, nxt, last, added, prem, linked = fields
    next_episode = None
    if nxt is not None:
        season, number, ep_title, air = _typed(nxt, list)
        next_episode = NextEpisode(
            EpisodeCode(_typed(season, int), _typed(number, int)),
            _typed(ep_title, str),
            None if air is None else date.fromisoformat(_typed(air, str)),
        )
    premiere = None
    if prem is not None:
        year, month, day, part = _typed(prem, list)
        premiere = PartialDate(_typed(year, int), _optional(month, int), _optional(day, int), _optional(part, str))
    return LibraryRow(
        series_id=_typed(sid, int),
        title=_typed(title, str),
        status=LifecycleStatus(_typed(status, str)),
        network=_typed(network, str),
        poster_path=_optional(poster, str),
        state=ViewerState(_typed(state, str)),
        favourite=_typed(fav, bool),
        seasons=_typed(seasons, int),
        episodes_aired=_typed(aired, int),
        episodes_watched=_typed(watched, int),
        next_episode=next_episode,
        last_watched=_from_when(last),
        added_at=_from_when(added),
        premiere=premiere,
        linked=_typed(linked, bool),
    )


def save_server_rows(cache_dir: Path, server_key: str, rows: list[LibraryRow], read_at: datetime) -> Path:
    """Keep ``rows``, read from the library on the server ``server_key`` (its URL; a password in it
    is left out) at ``read_at``, for the next start to show before the server answers. Written
    whole or not at all; returns the file. OSError as the system gave it (the caller logs it)."""
    path, digest = _server_rows_file(cache_dir, server_key)
    document = {
        "format": SERVER_ROWS_FORMAT,
        "version": SERVER_ROWS_VERSION,
        "server": digest,  # which server's rows, by the hash of its URL (no password) only
        "read_at": _when(read_at),
        "rows": [_row_out(row) for row in rows],
    }
    data = json.dumps(document, separators=(",", ":"), allow_nan=False).encode("ascii")  # \u-escapes: any title
    cache_dir.mkdir(parents=True, exist_ok=True)
    write_atomically(path, data)
    return path


def load_server_rows(cache_dir: Path, server_key: str) -> Preview | None:
    """The rows last kept for the server ``server_key`` (``save_server_rows``) as a preview (never
    current: ``files`` is None), or None when there are none that can be trusted: no file, a
    damaged, foreign, too big or other-version one. Never raises for what the file holds."""
    path, digest = _server_rows_file(cache_dir, server_key)
    try:
        with path.open("rb") as file:
            data = file.read(SERVER_ROWS_MAX_BYTES + 1)
    except OSError as exc:  # none yet, mostly
        log.debug("no rows kept for the library's server (%s): %s", path, exc)
        return None
    if len(data) > SERVER_ROWS_MAX_BYTES:
        log.warning("the rows kept for the library's server (%s) are too big: not shown", path)
        return None
    try:
        document = _typed(json.loads(data.decode("ascii")), dict)
        if document.get("format") != SERVER_ROWS_FORMAT or document.get("server") != digest:
            raise ValueError("not this server's rows")
        if document.get("version") != SERVER_ROWS_VERSION or type(document.get("version")) is not int:
            raise ValueError(f"version {document.get('version')!r}")
        read_at = _from_when(document["read_at"])
        if read_at is None:
            raise ValueError("no time read")
        rows = [_row_in(item) for item in _typed(document["rows"], list)]
        today = read_at.astimezone().date() if read_at.tzinfo else read_at.date()
    except (ValueError, TypeError, KeyError, LookupError, OverflowError, RecursionError, ArithmeticError) as exc:
        log.warning("the rows kept for the library's server (%s) cannot be used: %s", path, exc)
        return None
    return Preview(rows, read_at, today, None)
