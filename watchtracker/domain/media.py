"""What a media server (Jellyfin, Emby, Plex, Kodi) says the viewer played, read into one shape
before anything touches the library. Plain data: no I/O, no database.

Each client in ``providers.media`` reads its server into a ``ServerSnapshot``; the sync service
(``services.media_servers``) matches its shows to series the way an import does, places the plays
on the library's episodes and writes them as viewings whose ``source`` names the connection.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from watchtracker.domain.transfer import ExternalIds

KINDS = ("jellyfin", "emby", "plex", "kodi")
KIND_LABELS = {"jellyfin": "Jellyfin", "emby": "Emby", "plex": "Plex", "kodi": "Kodi"}
SOURCE_PREFIX = "server:"  # a viewing's source: "server:<connection id>"


def viewing_source(connection_id: int) -> str:
    """The ``source`` of the viewings a connection makes: the only ones its unplays remove."""
    return f"{SOURCE_PREFIX}{connection_id}"


def connection_of_source(source: str) -> int | None:
    """The connection id in a viewing's source, or None (a viewing made by hand, an import ...)."""
    if not source.startswith(SOURCE_PREFIX):
        return None
    rest = source[len(SOURCE_PREFIX) :]
    return int(rest) if rest.isdigit() else None


@dataclass(frozen=True)
class ServerShow:
    """A series as the server knows it. ``key`` is the server's own id for it (Jellyfin's item id,
    Plex's ratingKey, Kodi's tvshowid), stable for that server."""

    key: str
    title: str
    year: int | None = None
    ids: ExternalIds = field(default_factory=ExternalIds)


@dataclass(frozen=True)
class ServerEpisode:
    """An episode and the viewer's state of it on the server.

    ``played`` with ``play_count`` 0 happens (an episode marked played by hand on some servers):
    it counts as one play. ``last_played`` is aware UTC, or None when the server does not say.
    ``number_end``: the last number of a double episode stored as one file (Jellyfin's
    IndexNumberEnd). ``absolute``: the server's absolute number when it has one."""

    key: str
    show_key: str
    season: int | None
    number: int | None
    played: bool
    play_count: int = 0
    last_played: datetime | None = None
    title: str = ""
    aired: date | None = None
    number_end: int | None = None
    absolute: int | None = None

    @property
    def plays(self) -> int:
        """How many times it was played: 0 when not played; a played one counts once at least."""
        if not self.played:
            return 0
        return max(1, self.play_count)


@dataclass(frozen=True)
class ServerSnapshot:
    """What a sync read from a server: the shows and their played episodes (``complete``: every
    played episode of the viewer; otherwise only those changed since the last sync, played or
    not). ``checked`` are episodes asked about by key that the server still has (played or
    not): one missing from them and from ``episodes`` was deleted from the server, not
    unplayed."""

    shows: dict[str, ServerShow]
    episodes: tuple[ServerEpisode, ...]
    complete: bool = True
    skipped: tuple[str, ...] = ()  # a line each: items left out and why (a movie, no numbers ...)


@dataclass(frozen=True)
class ServerIdentity:
    """What a server says about itself when asked who it is."""

    name: str
    version: str = ""
    server_id: str = ""


@dataclass(frozen=True)
class SignedIn:
    """The outcome of signing in: the token to keep (in the keyring) and whose it is."""

    token: str
    user_id: str = ""
    user_name: str = ""
