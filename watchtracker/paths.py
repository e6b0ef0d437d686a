"""Where things live: the platform's folders, or one folder given by --data-dir / WATCHTRACKER_HOME."""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import platformdirs

from watchtracker import APP_NAME

ENV_HOME = "WATCHTRACKER_HOME"


@dataclass(frozen=True)
class AppPaths:
    data: Path
    config: Path
    cache: Path
    logs: Path

    @property
    def database(self) -> Path:
        return self.data / "library.sqlite"

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

    @classmethod
    def resolve(cls, data_dir: str | os.PathLike | None = None) -> AppPaths:
        """--data-dir wins, then WATCHTRACKER_HOME, then the platform's folders."""
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
