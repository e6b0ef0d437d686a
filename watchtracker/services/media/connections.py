"""What the media servers' service hands out: a connection as the list shows it, what a sync did
(and its one line), and the checks made on what the viewer types before the network is asked."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from watchtracker.domain.changes import Changes
from watchtracker.domain.i18n import translate
from watchtracker.domain.media import KIND_LABELS
from watchtracker.errors import InvalidInput
from watchtracker.storage.tables import MediaServer, saved_id

MAX_NAME = 80  # a connection's name, in characters


@dataclass(frozen=True)
class Connection:
    """A connection as the list shows it."""

    id: int
    name: str
    kind: str
    url: str
    user: str
    paused: bool
    write_back: bool
    last_sync_at: datetime | None
    last_error: str
    last_error_at: datetime | None
    played: int  # played episodes of the server the library follows
    unmatched: int  # shows of the server not matched to a followed series (kept for later)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True)
class SyncReport:
    """What one sync did (or why it did nothing)."""

    id: int
    name: str
    added: int = 0
    removed: int = 0
    already: int = 0
    dated: int = 0
    unplaced: int = 0
    unplaced_examples: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()  # shows kept for later (not followed, not matched): their titles
    forgotten: int = 0
    skipped: tuple[str, ...] = ()  # what the server's answer had that could not be read
    played: int = 0  # played episodes the server listed
    requests: int = 0
    elsewhere: bool = False  # another computer was syncing this server: nothing done here
    changes: Changes = field(default_factory=Changes)

    def line(self) -> str:
        """One line for the status bar and the CLI."""
        if self.elsewhere:
            return translate("MediaServers", "{name}: another computer is syncing it.").format(name=self.name)
        parts = [
            translate("MediaServers", "{name}: {played} played episodes read").format(
                name=self.name, played=self.played
            )
        ]
        if self.added:
            parts.append(translate("MediaServers", "{count} viewings added").format(count=self.added))
        if self.removed:
            parts.append(translate("MediaServers", "{count} removed (unplayed there)").format(count=self.removed))
        if self.already:
            parts.append(translate("MediaServers", "{count} already recorded").format(count=self.already))
        if self.unplaced:
            parts.append(translate("MediaServers", "{count} not placed (numbering)").format(count=self.unplaced))
        if self.kept:
            parts.append(translate("MediaServers", "{count} shows kept for later").format(count=len(self.kept)))
        if len(parts) == 1:
            parts.append(translate("MediaServers", "nothing new"))
        return ", ".join(parts) + "."


def normalise_url(url: str) -> str:
    """A server's address as kept: http(s)://host[:port][/path], no trailing slash."""
    text = (url or "").strip()
    if text and "://" not in text:
        text = "http://" + text
    parts = urlsplit(text)
    try:
        port_ok = parts.port is None or 0 < parts.port < 65536
    except ValueError:
        port_ok = False
    if parts.scheme not in ("http", "https") or not parts.hostname or not port_ok or parts.query or parts.fragment:
        raise InvalidInput(
            translate("MediaServers", "“{url}” is not a server address (like http://192.168.1.10:8096).").format(
                url=url[:100]
            )
        )
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def check_credentials(kind: str, user: str, password: str, token: str) -> None:
    if kind == "plex" and not token.strip():
        raise InvalidInput(translate("MediaServers", "Plex needs a token (X-Plex-Token)."))
    if kind == "kodi" and not user:
        raise InvalidInput(translate("MediaServers", "Kodi needs the user name of its web server (often “kodi”)."))
    if kind in ("jellyfin", "emby") and not (token.strip() or (user and password)):
        raise InvalidInput(
            translate("MediaServers", "{kind} needs a user name and password, or an API key.").format(
                kind=KIND_LABELS[kind]
            )
        )
    if re.search(r"[\r\n]", user + password + token):
        raise InvalidInput(translate("MediaServers", "A user name, password or token cannot span lines."))


def connection_view(row: MediaServer, played: int, unmatched: int) -> Connection:
    return Connection(
        id=saved_id(row.id),
        name=row.name,
        kind=row.kind,
        url=row.url,
        user=row.user,
        paused=row.paused,
        write_back=row.write_back,
        last_sync_at=row.last_sync_at,
        last_error=row.last_error,
        last_error_at=row.last_error_at,
        played=played,
        unmatched=unmatched,
    )
