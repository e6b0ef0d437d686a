"""Where the library is, for the window and the command line: a SQLite file on this computer, or
a PostgreSQL server (``storage/server.py``); the server's password kept in the system's keyring
or for this run only (``storage/secrets.py``), never in the settings file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from watchtracker.errors import StorageError
from watchtracker.storage.secrets import remember_for_session, store_password, with_kept_password
from watchtracker.storage.server import Probe, ServerLocation, parse_server_url, probe

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

Progress = Callable[[int, int, str], None]  # rows done, rows in all, the table being copied

__all__ = [
    "Copied",
    "Probe",
    "ServerLocation",
    "copy_library_to",
    "explain_server_problem",
    "keep_password",
    "kept_url",
    "location_to_test",
    "parse_server_url",
    "probe",
]


def location_to_test(url: str, password: str = "") -> ServerLocation:
    """The server at ``url`` with the password typed, else the one kept (keyring, this run);
    ServerRefused for a URL that is not one."""
    location = parse_server_url(url)
    return location.with_password(password) if password else with_kept_password(location)


def keep_password(url: str, password: str, remember: bool) -> str | None:
    """Use ``password`` for the server at ``url`` from now on: for this run, and in the system's
    keyring when ``remember``. Returns a line to tell the viewer when the keyring could not take
    it (it then serves this run only); None otherwise."""
    if not url or not password:
        return None
    location = parse_server_url(url)
    remember_for_session(location, password)
    if not remember:
        return None
    try:
        store_password(location, password)
    except StorageError as exc:
        return str(exc)
    return None


def kept_url(url: str) -> str:
    """A server's URL as it is kept and compared (postgres://, postgresql:// and a password in it
    give the same text); the text itself when it is not a URL."""
    try:
        return parse_server_url(url).kept_url
    except StorageError:
        return url


def explain_server_problem(exc: BaseException, location: ServerLocation, doing: str) -> StorageError | None:
    """A database error met while working on a server's library, as one line a person can act on
    (unreachable, refused, rights, a conflict); None for a bug."""
    from sqlalchemy.exc import DBAPIError

    from watchtracker.storage.server import explain_server_error

    if not isinstance(exc, DBAPIError):
        return None
    return explain_server_error(exc, location, doing)


@dataclass(frozen=True)
class Copied:
    """What ``copy_library_to`` did: rows per table, the time it took, where (no password)."""

    counts: dict[str, int]
    seconds: float
    where: str  # as --database takes it
    place: str  # as a person says it: user@host:port/database, or the file's path

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def copy_library_to(engine: Engine, where: str, progress: Progress | None = None) -> Copied:
    """Copy the library at ``engine`` into an empty library at ``where`` (a PostgreSQL URL, or a
    new SQLite file's path), made or upgraded first; the source is only read. All or nothing:
    StorageError with nothing written (a new file made for it is removed again)."""
    from watchtracker.storage.copy import copy_library, describe, open_copy_target

    target = open_copy_target(where)
    try:
        report = copy_library(engine, target.engine, progress)
    except BaseException:
        target.discard()
        raise
    finally:
        target.engine.dispose()
    return Copied(report.counts, report.seconds, target.shown, describe(target.engine))
