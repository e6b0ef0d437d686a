"""What a command is given (the services, the streams) and the exit codes it returns."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from watchtracker.services.alerts import AlertService
    from watchtracker.services.catalog import CatalogService
    from watchtracker.services.feeds import FeedService
    from watchtracker.services.library import LibraryService
    from watchtracker.services.online import OnlineService
    from watchtracker.services.schedule import ScheduleService

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


@dataclass
class CliContext:
    library: LibraryService
    catalog: CatalogService
    online: OnlineService | None = None
    feeds: FeedService | None = None
    alerts: AlertService | None = None
    schedule: ScheduleService | None = None
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
