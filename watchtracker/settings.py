"""User preferences, declared once and versioned. (Window geometry and column layouts are UI
state, kept by the UI apart from these.)"""

from __future__ import annotations

import json
import logging
import math
import os
import stat
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from watchtracker.paths import is_server_url
from watchtracker.storage.files import write_atomically

log = logging.getLogger(__name__)

SETTINGS_VERSION = 1
MAX_BYTES = 64_000  # a settings file is a few hundred bytes; anything far larger is not ours


ON_CLOSE = ("ask", "keep", "quit")


@dataclass(frozen=True)
class Settings:
    # copies of the library kept before a schema upgrade (older ones are deleted)
    backups_to_keep: int = 5
    # where TVmaze's API is (WATCHTRACKER_TVMAZE_URL overrides it)
    tvmaze_url: str = "https://api.tvmaze.com"
    # the window asks TVmaze what changed at start-up and then every so many hours
    refresh_hours: float = 6.0
    # the window reads the news feeds at start-up and then every so many minutes
    feeds_minutes: float = 60.0
    # specials (season 0) in Up next and Upcoming
    include_specials: bool = False
    # how far ahead Upcoming looks, in days
    upcoming_days: int = 30
    # closing the window: "ask" (once, when there are alerts), "keep" (keep running in the
    # background: refreshes and feeds go on, alerts arrive as notifications) or "quit"
    on_close: str = "ask"
    # start in the background when you log in (an autostart entry; Preferences writes it)
    start_at_login: bool = False
    # the library on a PostgreSQL server: its URL, never with a password (that is kept in the
    # system's keyring or ~/.pgpass); empty: the SQLite file in the data folder
    library_url: str = ""
    # the window syncs the media servers (Jellyfin, Emby, Plex, Kodi) at start-up and then every
    # so many minutes
    media_sync_minutes: int = 15

    @classmethod
    def load(cls, path: Path) -> Settings:
        """Unknown keys are ignored and bad values fall back to defaults: a damaged settings
        file never stops the app (it is kept aside for the user to look at)."""
        try:
            raw = json.loads(_read_small(path))
        except FileNotFoundError:
            return cls()
        except _NotAFile as exc:  # a folder, a FIFO, a device: never opened, never moved
            log.warning("settings file %s is %s; using defaults", path, exc)
            return cls()
        except (OSError, ValueError, RecursionError) as exc:
            log.warning("settings file %s unreadable (%s); using defaults", path, exc)
            _keep_aside(path)
            return cls()
        if not isinstance(raw, dict):
            _keep_aside(path)
            return cls()
        values = {}
        for f in fields(cls):
            default = getattr(cls(), f.name)
            value = raw.get(f.name)
            if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
                value = float(value) if abs(value) < 10**9 else math.inf
            if isinstance(value, float) and not math.isfinite(value):
                continue  # NaN or infinity: the default
            if f.name in raw and type(value) is type(default):
                values[f.name] = value
        settings = cls(**values)
        return replace(
            settings,
            backups_to_keep=max(1, min(settings.backups_to_keep, 100)),
            refresh_hours=max(1.0, min(settings.refresh_hours, 168.0)),  # politely, at least hourly
            feeds_minutes=max(15.0, min(settings.feeds_minutes, 1440.0)),  # feeds: every 15 min at most
            upcoming_days=max(1, min(settings.upcoming_days, 366)),
            media_sync_minutes=max(1, min(settings.media_sync_minutes, 1440)),
            on_close=settings.on_close if settings.on_close in ON_CLOSE else "ask",
            library_url=_server_url_or_nothing(settings.library_url),
        )

    def save(self, path: Path) -> None:
        """Whole or not at all (storage.files.write_atomically); an OSError says why not. A
        password in the library's URL is never written."""
        path.parent.mkdir(parents=True, exist_ok=True)
        kept = replace(self, library_url=without_password(self.library_url))
        data = json.dumps({"version": SETTINGS_VERSION, **asdict(kept)}, indent=2)
        write_atomically(path, data.encode("utf-8"))


def _server_url_or_nothing(url: str) -> str:
    """A hand-edited library_url that names no PostgreSQL server is dropped (the library file is
    used, and the log says why): a window that cannot start is no place to fix a setting."""
    if not url.strip():
        return ""
    if not is_server_url(url):
        log.warning("library_url in the settings is not a PostgreSQL URL; using the library file")
        return ""
    return without_password(url)


def without_password(url: str) -> str:
    """``url`` with any password taken out (user:secret@host -> user@host)."""
    scheme, sep, rest = url.strip().partition("://")
    if not sep:
        return url.strip()
    authority, slash, tail = rest.partition("/")
    if "@" not in authority:
        return url.strip()
    userinfo, _, host = authority.rpartition("@")
    return f"{scheme}://{userinfo.split(':', 1)[0]}@{host}{slash}{tail}"


class _NotAFile(OSError):
    pass


def _read_small(path: Path) -> bytes:
    """The file's bytes, if it is a regular file of a sane size (else ValueError, kept aside).
    Opened without blocking, so a FIFO put in its place cannot hold up start-up."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _NotAFile("a folder" if stat.S_ISDIR(mode) else "not a regular file")
        data = os.read(fd, MAX_BYTES + 1)
    finally:
        os.close(fd)
    if len(data) > MAX_BYTES:
        raise ValueError(f"larger than {MAX_BYTES // 1000} kB")
    return data


def _keep_aside(path: Path) -> None:
    """Kept for the viewer to look at, under a name no earlier copy has."""
    target, n = path.with_suffix(".unreadable.json"), 1
    while target.exists():
        n += 1
        target = path.with_suffix(f".unreadable-{n}.json")
    try:
        os.rename(path, target)
    except OSError:
        pass
