"""Every error a user is told about, in one place, by whose fault it is.

``WatchtrackerError`` is their base: ``str(exc)`` is one plain line a person can act on, and
nothing was changed. The front ends show it as it is; anything else that reaches them is a bug
(the crash dialog and the log). Three families:

- ``UserError``: what was asked cannot be done (bad input, not found, ambiguous);
- ``ProviderError``: a source on the network failed (offline, too slow, 429, 500, a bad answer);
- ``StorageError``: the library's file, its folder or the disk (locked, full, read-only, damaged,
  another program's, a newer version's).

Any layer may import this module; it imports nothing of the app.
"""

from __future__ import annotations


class WatchtrackerError(Exception):
    """Base of every error a user is told about."""


# -- what was asked ------------------------------------------------------------------------------


class UserError(WatchtrackerError):
    """Bad input or a request that cannot be met."""


class NotFound(UserError):
    pass


class Ambiguous(UserError):
    def __init__(self, query: str, candidates: list[tuple[int, str]]):
        self.candidates = candidates
        names = "\n".join(f"  {title}" for _, title in candidates[:20])
        more = f"\n  … and {len(candidates) - 20} more" if len(candidates) > 20 else ""
        super().__init__(f"{query!r} matches {len(candidates)} series:\n{names}{more}")


class InvalidInput(UserError):
    pass


class ChangedElsewhere(UserError):
    """A write based on an older reading of a row another computer (or window) changed since:
    nothing was saved. ``version``: the row's version now (save again with it to keep yours);
    ``differences``: (what, theirs, yours) as text, for the fields the write would have set;
    ``current``: the row's fresh values, by field name."""

    def __init__(
        self,
        what: str,
        *,
        version: int,
        differences: tuple[tuple[str, str, str], ...] = (),
        current: dict[str, object] | None = None,
        message: str | None = None,
    ):
        self.what, self.version = what, version
        self.differences, self.current = differences, dict(current or {})
        super().__init__(
            message
            or f"{what} was changed on another computer (or by another window) since you opened it; nothing was saved."
        )


# -- the network --------------------------------------------------------------------------------


class ProviderError(WatchtrackerError):
    """A source on the network: offline, 429, 500, an answer we cannot use."""


class NetworkDown(ProviderError):
    """No answer: offline, DNS, refused, timed out."""


class TookTooLong(NetworkDown):
    """The answer did not arrive whole within the fetch's deadline (a server dripping bytes)."""


class ServiceUnavailable(ProviderError):
    """The service answered with a server error, even after retries."""


class RateLimited(ProviderError):
    """The service asked us to wait longer than we are willing to."""


class BadResponse(ProviderError):
    """An answer we cannot use: not JSON, truncated, an unexpected shape."""


class ResponseTooLarge(BadResponse):
    pass


class AddressRefused(BadResponse):
    """An answer sent us on (a redirect), or gave us an address (a poster), to a place we will not
    go: this machine, its local network, a reserved range, or something that is not the web."""


class NotFoundOnline(ProviderError):
    pass


class SignInRefused(ProviderError):
    """A media server refused us: a wrong user name or password, a token revoked or expired."""


class Interrupted(Exception):
    """A wait (a Retry-After, the rate limit, a backoff) was cut short because the work it
    was part of was cancelled (see ``PoliteClient.cancelled_by``). Not a problem of the source."""


# -- the library's file and the disk ----------------------------------------------------------


class StorageError(WatchtrackerError):
    """The library's file, its folder or the disk: the environment's fault, not a bug."""


class DataDirNotWritable(StorageError):
    pass


class DiskProblem(DataDirNotWritable):
    """The disk refused (full, or an input/output error): the library is not at fault, there is
    nothing to repair, and nothing was changed."""


class LibraryReadOnly(DataDirNotWritable):
    """The library's file or its folder cannot be written: it can be read, not changed."""


class DatabaseDamaged(StorageError):
    """The file is not a SQLite database, or SQLite, reading it read-only, reports it malformed.
    Only this error is met with the offer to move the file aside."""


class NotALibrary(StorageError):
    """A SQLite database of another program: left alone, not moved, not called damaged."""


class DatabaseTooNew(StorageError):
    """Written by a newer watchtracker: we refuse to touch it."""


class DatabaseLocked(StorageError):
    pass


class ServerUnreachable(StorageError):
    """The library's PostgreSQL server does not answer (down, the network, a restart): what the
    window shows stays; writes are refused until it answers again."""


class ServerRefused(StorageError):
    """The library's PostgreSQL server answered no: a wrong password, no such database, too few
    rights, a certificate that cannot be trusted, a URL that is not one."""


class AlreadyRunning(StorageError):
    """Another copy of the app has this data folder open."""


# errors a viewer can act on that are not about the library's file
USER_FACING = (UserError, ProviderError)
