"""What a command is given (the services, the streams) and the exit codes it returns."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO, TypeVar

if TYPE_CHECKING:
    from watchtracker.services.alerts import AlertService
    from watchtracker.services.backups import BackupService
    from watchtracker.services.catalog import CatalogService
    from watchtracker.services.feeds import FeedService
    from watchtracker.services.franchises import FranchiseService
    from watchtracker.services.library import LibraryService
    from watchtracker.services.media import MediaServerService
    from watchtracker.services.online import OnlineService
    from watchtracker.services.schedule import ScheduleService
    from watchtracker.services.transfer.calendar_export import CalendarExportService
    from watchtracker.services.transfer.export import ExportService
    from watchtracker.services.transfer.importer import ImportService

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2

T = TypeVar("T")


@dataclass
class CliContext:
    """The services of the open library (built once, by ``app.open_services``) and the streams.
    A command that needs a service it was not given says so (``need``)."""

    library: LibraryService
    catalog: CatalogService
    online: OnlineService | None = None
    feeds: FeedService | None = None
    alerts: AlertService | None = None
    schedule: ScheduleService | None = None
    importer: ImportService | None = None
    backups: BackupService | None = None
    exports: ExportService | None = None
    calendar: CalendarExportService | None = None
    franchises: FranchiseService | None = None
    media: MediaServerService | None = None
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)


def need(service: T | None, what: str) -> T:
    """A service the command cannot do without; a context built without it is a programming error."""
    if service is None:
        raise RuntimeError(f"this command needs the {what} service, and the context was built without it")
    return service


def find_series(ctx: CliContext, text: str) -> int:
    """A library series by its id or its title (a UserError when it names none, or several)."""
    if text.isascii() and text.isdigit() and int(text) in dict(ctx.library.titles()):
        return int(text)  # an id; a title made of digits ("1923") is found by title below
    return ctx.library.find(text)
