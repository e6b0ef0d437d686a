"""What the window can show before the library is properly open.

Imports nothing heavy: the window calls this while SQLAlchemy and SQLModel are still loading on
another thread. The rows are read-only and replaced by the live ones a moment later.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from watchtracker.domain.models import LibraryRow
from watchtracker.storage.library_sql import peek_library
from watchtracker.storage.revisions import SCHEMA_HEAD


def library_preview(database: Path, now: datetime | None = None) -> list[LibraryRow] | None:
    """The library as it is on disk, or None if it cannot be read that way (missing, older
    schema, locked ...): then the window waits for the library to open."""
    now = now or datetime.now(timezone.utc)
    return peek_library(database, SCHEMA_HEAD, now, now.astimezone().date())
