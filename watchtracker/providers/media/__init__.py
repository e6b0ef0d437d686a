"""Clients of the viewer's media servers: what they played, and marking played/unplayed there.

Every client follows ``MediaServerClient``; ``make_client`` builds the one for a kind. They read
the server into ``domain.media`` shapes and know nothing of the library.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import httpx

from watchtracker.domain.media import ServerEpisode, ServerIdentity, ServerSnapshot, SignedIn

Progress = Callable[[int, int], None]  # items read, items in all (0: not known)
BREATHE_EVERY = 200  # items read between two progress calls while a page is turned into episodes


@dataclass(frozen=True)
class ServerAccess:
    """How to reach one server: its kind and address, and who we are there. ``token`` comes
    from the keyring (Jellyfin/Emby access token or API key, Plex token); ``password`` is Kodi's
    (HTTP Basic) or one given once to sign in."""

    kind: str
    url: str
    user: str = ""
    user_id: str = ""
    token: str = ""
    password: str = ""
    device_id: str = "watchtracker"


class MediaServerClient(Protocol):
    what: str  # "Jellyfin at http://nas:8096", for messages

    @property
    def requests_sent(self) -> int:
        """Requests made so far (for the report and the benchmark)."""
        ...

    def identify(self) -> ServerIdentity:
        """Who the server is (and that it answers). Needs no sign-in where the server allows."""
        ...

    def sign_in(self) -> SignedIn:
        """Check the access (user and password, token or API key) and say whose it is; Jellyfin and
        Emby exchange a user name and password for a token here. SignInRefused when refused."""
        ...

    def played(self, progress: Progress | None = None) -> ServerSnapshot:
        """Every episode the user played, with their shows (``complete`` snapshot)."""
        ...

    def episodes(self, keys: list[str]) -> list[ServerEpisode]:
        """These episodes as the server has them now, played or not; a key the server no longer
        has is left out (deleted there)."""
        ...

    def episode_key(self, show_key: str, season: int, number: int) -> str | None:
        """The server's key of an episode of a show (for marking it played there), or None."""
        ...

    def mark_played(self, key: str, when: datetime) -> None: ...

    def mark_unplayed(self, key: str) -> None: ...

    def close(self) -> None: ...


def make_client(
    access: ServerAccess,
    *,
    transport: httpx.BaseTransport | None = None,
    cancel: threading.Event | None = None,
    page_size: int | None = None,
) -> MediaServerClient:
    """The client for ``access.kind`` (one of ``domain.media.KINDS``)."""
    if access.kind in ("jellyfin", "emby"):
        from watchtracker.providers.media.jellyfin import JellyfinClient

        return JellyfinClient(access, transport=transport, cancel=cancel, page_size=page_size)
    if access.kind == "plex":
        from watchtracker.providers.media.plex import PlexClient

        return PlexClient(access, transport=transport, cancel=cancel, page_size=page_size)
    if access.kind == "kodi":
        from watchtracker.providers.media.kodi import KodiClient

        return KodiClient(access, transport=transport, cancel=cancel, page_size=page_size)
    raise ValueError(f"unknown media server kind {access.kind!r}")
