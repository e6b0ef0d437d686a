"""Where things live: the platform's folders, or one folder given by --data-dir / WATCHTRACKER_HOME;
the library in it, or where --database / WATCHTRACKER_DATABASE says (a SQLite file, or a
PostgreSQL server's URL)."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

import platformdirs

from watchtracker import APP_NAME

ENV_HOME = "WATCHTRACKER_HOME"
ENV_DATABASE = "WATCHTRACKER_DATABASE"
SERVER_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


def server_host(url: str) -> str:
    """The server's name in ``url`` as a person would say it, without parsing it in full."""
    from urllib.parse import parse_qs, urlsplit

    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or parse_qs(parts.query).get("host", [""])[0]
    except ValueError:
        return "the server"
    return host if host and not host.startswith("/") else "this computer"


def is_server_url(text: str) -> bool:
    """Whether ``text`` names a PostgreSQL server rather than a SQLite file."""
    scheme, sep, _ = text.strip().partition("://")
    return bool(sep) and scheme.lower() in SERVER_SCHEMES


@dataclass(frozen=True)
class AppPaths:
    data: Path
    config: Path
    cache: Path
    logs: Path
    library_file: Path | None = None  # --database FILE: the library elsewhere than in the data folder
    server_url: str | None = None  # --database URL: the library on a PostgreSQL server

    @property
    def database(self) -> Path:
        """The library's SQLite file (unused while the library is on a server)."""
        return self.library_file or self.data / "library.sqlite"

    @property
    def backups(self) -> Path:
        return self.data / "backups"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def ui_state_file(self) -> Path:
        return self.config / "ui-state.ini"

    @property
    def lock_file(self) -> Path:
        return self.data / "watchtracker.lock"

    @property
    def log_file(self) -> Path:
        return self.logs / "watchtracker.log"

    @classmethod
    def under(cls, root: Path) -> AppPaths:
        root = root.expanduser().resolve()
        return cls(data=root, config=root / "config", cache=root / "cache", logs=root / "logs")

    def with_database(self, database: str | os.PathLike | None) -> AppPaths:
        """The library where ``database`` says: a PostgreSQL URL, or a SQLite file's path."""
        if not database or not str(database).strip():
            return self
        text = str(database).strip()
        if is_server_url(text):
            return replace(self, library_file=None, server_url=text)
        return replace(self, library_file=Path(text).expanduser().resolve(), server_url=None)

    def library_url(self, setting: str) -> str:
        """The server's URL when the library is on one: --database / WATCHTRACKER_DATABASE, else the
        setting (Preferences), unless a library file was given; "" for a SQLite file."""
        return self.server_url or ("" if self.library_file is not None else setting.strip())

    @classmethod
    def resolve(cls, data_dir: str | os.PathLike | None = None, database: str | None = None) -> AppPaths:
        """--data-dir wins, then WATCHTRACKER_HOME, then the platform's folders; the library
        where --database says, then WATCHTRACKER_DATABASE, else in the data folder."""
        return cls._folders(data_dir).with_database(database or os.environ.get(ENV_DATABASE))

    @classmethod
    def _folders(cls, data_dir: str | os.PathLike | None) -> AppPaths:
        override = data_dir or os.environ.get(ENV_HOME)
        if override:
            return cls.under(Path(override))
        return cls(
            data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            cache=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
            logs=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        )


def resource_path(*parts: str) -> Path:
    """A file under resources/: inside the installed package, or beside it in a checkout."""
    packaged = Path(str(resources.files("watchtracker"))) / "_resources"
    base = packaged if packaged.is_dir() else Path(__file__).resolve().parents[1] / "resources"
    return base.joinpath(*parts)
