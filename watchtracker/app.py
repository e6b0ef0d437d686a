"""Composition root: args -> paths -> logging -> settings -> database -> services -> CLI or UI.

The only module that knows every layer, and the one place services are built: ``open_services``
builds every one once, for the open library; ``closed_library_backups`` the backups of a library
that is not open (restoring one replaces its file). The window and the CLI are handed them.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from watchtracker import __version__
from watchtracker.errors import StorageError
from watchtracker.paths import AppPaths
from watchtracker.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from watchtracker.services.alerts import AlertService
    from watchtracker.services.backups import BackupService, ServerBackupService
    from watchtracker.services.catalog import CatalogService
    from watchtracker.services.feeds import FeedService
    from watchtracker.services.franchises import FranchiseService
    from watchtracker.services.library import LibraryService
    from watchtracker.services.media import MediaServerService
    from watchtracker.services.online import OnlineService
    from watchtracker.services.schedule import ScheduleService
    from watchtracker.services.stats import StatsService
    from watchtracker.services.transfer.calendar_export import CalendarExportService
    from watchtracker.services.transfer.export import ExportService
    from watchtracker.services.transfer.importer import ImportService
    from watchtracker.storage.server import ServerLocation

log = logging.getLogger("watchtracker")

EXIT_UNEXPECTED = 3


@dataclass
class Services:
    """What the UI and the CLI are given: the use cases, nothing else."""

    library: LibraryService
    catalog: CatalogService
    online: OnlineService
    feeds: FeedService
    alerts: AlertService
    engine: Engine
    schedule: ScheduleService  # Up next, Upcoming, catch-up (the .ics export builds on it)
    franchises: FranchiseService
    stats: StatsService
    importer: ImportService  # other trackers' exports: read, match, preview, apply (one transaction)
    backups: BackupService | ServerBackupService  # copies of the library: daily, before an import or upgrade; restore
    exports: ExportService  # the whole library as JSON (our own format) or CSV (one row per viewing)
    calendar: CalendarExportService  # what airs next as an .ics calendar
    media: MediaServerService  # the viewer's media servers (Jellyfin, Emby, Plex, Kodi): their plays as viewings
    read_only: bool = False  # the library's file or folder cannot be written: it is only read
    notes: tuple[str, ...] = ()  # what the user is told once, e.g. an empty file became a new library
    server: ServerLocation | None = None  # the library is on this PostgreSQL server (None: a SQLite file)

    def close(self) -> None:
        self.online.tvmaze.http.close()
        self.engine.dispose()


def setup_logging(paths: AppPaths) -> None:
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for handler in list(root.handlers):
        if getattr(handler, "_watchtracker", False):
            root.removeHandler(handler)
            handler.close()
    try:
        paths.logs.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            paths.log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        # no log folder: still say what went wrong, but not every INFO line on the terminal
        handler = logging.StreamHandler(sys.stderr)
        handler.setLevel(logging.WARNING)
    handler.setFormatter(_CleanFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._watchtracker = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # we log the upgrade ourselves


class _CleanFormatter(logging.Formatter):
    """Log lines quote outside text (a feed's name, a headline): what a terminal would obey is
    removed, so that reading the log with ``tail`` or ``less -R`` is safe."""

    def format(self, record: logging.LogRecord) -> str:
        from watchtracker.domain.text import clean_text

        return clean_text(super().format(record))


@dataclass
class OpenLibrary:
    """The first stage of opening: the library file open and checked, and what the Library page
    needs to act (its rows, a series' page, marking). SQLAlchemy and SQLModel are loaded by now;
    the feeds, TVmaze, the importers and the calendar are not: ``open_the_rest`` adds them."""

    engine: Engine
    library: LibraryService
    catalog: CatalogService
    read_only: bool = False
    notes: tuple[str, ...] = ()
    server: ServerLocation | None = None  # the library is on this PostgreSQL server

    def close(self) -> None:
        self.engine.dispose()


def server_location(paths: AppPaths, settings: Settings) -> ServerLocation | None:
    """Where the library's server is, when the library is on one: --database or
    WATCHTRACKER_DATABASE (``paths``), else Preferences (``settings.library_url``); None for a
    SQLite file. Raises ServerRefused for a URL that is not one."""
    url = paths.library_url(settings.library_url)
    if not url:
        return None
    from watchtracker.storage.secrets import with_kept_password
    from watchtracker.storage.server import parse_server_url

    return with_kept_password(parse_server_url(url))


def open_library_first(paths: AppPaths, settings: Settings) -> OpenLibrary:
    """Open (and if needed upgrade) the library; raises StorageError with a clear message."""
    from watchtracker.services.catalog import CatalogService
    from watchtracker.services.library import LibraryService

    location = server_location(paths, settings)
    if location is not None:
        from watchtracker.storage.server import open_server_library

        on_server = open_server_library(location)
        engine = on_server.engine
        return OpenLibrary(
            engine,
            LibraryService(engine),
            CatalogService(engine),
            read_only=on_server.read_only,
            notes=on_server.notes,
            server=location,
        )
    from watchtracker.storage.database import open_library

    opened = open_library(paths.database, paths.backups, keep_backups=settings.backups_to_keep)
    engine = opened.engine
    return OpenLibrary(
        engine, LibraryService(engine), CatalogService(engine), read_only=opened.read_only, notes=opened.notes
    )


def open_the_rest(first: OpenLibrary, paths: AppPaths, settings: Settings) -> Services:
    """The second stage: every other service, on the library ``open_library_first`` opened, and
    the daily backup. On a server that goes away meanwhile, a StorageError saying so (as the
    first stage's), not the driver's error."""
    if first.server is None:
        return _the_rest(first, paths, settings)
    from sqlalchemy.exc import DBAPIError

    from watchtracker.storage.server import explain_server_error

    try:
        return _the_rest(first, paths, settings)
    except DBAPIError as exc:
        explained = explain_server_error(exc, first.server, "open the library")
        if explained is None:
            raise
        raise explained from exc


def _the_rest(first: OpenLibrary, paths: AppPaths, settings: Settings) -> Services:
    from watchtracker.providers.feeds import FeedClient
    from watchtracker.providers.http import PoliteClient
    from watchtracker.providers.tvmaze import TvmazeClient, base_url
    from watchtracker.services.alerts import AlertService
    from watchtracker.services.backups import BackupService, ServerBackupService
    from watchtracker.services.feeds import FeedService
    from watchtracker.services.franchises import FranchiseService
    from watchtracker.services.media import MediaServerService
    from watchtracker.services.online import OnlineService
    from watchtracker.services.schedule import ScheduleService
    from watchtracker.services.stats import StatsService
    from watchtracker.services.transfer.calendar_export import CalendarExportService
    from watchtracker.services.transfer.export import ExportService
    from watchtracker.services.transfer.importer import ImportService

    engine, library = first.engine, first.library
    backups: BackupService | ServerBackupService = (
        BackupService(engine, paths.database, paths.backups, settings.backups_to_keep)
        if first.server is None
        else ServerBackupService(engine, paths.backups, settings.backups_to_keep)  # own-format exports
    )
    backups.remove_leftovers()  # of copies cut short by a crash or a full disk
    if first.server is None:  # a server's (a whole export) is made by the window later, in the background
        try:
            backups.daily()  # at most one a day: the window opens the library on a worker, the CLI before its command
        except StorageError as exc:
            log.warning("daily backup not made: %s", exc)
    http = PoliteClient()  # one polite client for every source
    tvmaze = TvmazeClient(http, base_url(settings.tvmaze_url))
    online = OnlineService(engine, tvmaze, posters=paths.cache / "posters")
    schedule = ScheduleService(engine, library)  # the library's clock; the system's zone
    return Services(
        library=library,
        catalog=first.catalog,
        online=online,
        feeds=FeedService(engine, FeedClient(http)),
        alerts=AlertService(engine),
        engine=engine,
        schedule=schedule,
        franchises=FranchiseService(engine),
        stats=StatsService(engine),  # the computer's time zone
        importer=ImportService(engine, online, backups),
        backups=backups,
        exports=ExportService(engine),
        calendar=CalendarExportService(schedule),
        media=MediaServerService(engine, tvmaze=tvmaze),
        read_only=first.read_only,
        notes=first.notes,
        server=first.server,
    )


def open_services(paths: AppPaths, settings: Settings) -> Services:
    """Open (and if needed upgrade) the library and build every service on it; raises
    StorageError with a clear message. The window does the same in two stages (``staged``)."""
    first = open_library_first(paths, settings)
    try:
        return open_the_rest(first, paths, settings)
    except BaseException:
        first.close()  # the server's connections, too
        raise


def staged(paths: AppPaths, settings: Settings):
    """How the window opens the library: the Library page acts as soon as the first stage is
    done; the rest (feeds, TVmaze, importers ...) is built after the rows are read."""
    from watchtracker.ui.application import StagedOpen

    return StagedOpen(lambda: open_library_first(paths, settings), lambda first: open_the_rest(first, paths, settings))


def closed_library_backups(
    paths: AppPaths, keep: int, settings: Settings | None = None
) -> BackupService | ServerBackupService:
    """The backups of a library that is not open: to restore one (the file is replaced), or
    before the library could be opened at all (a damaged or too-new one can be replaced too).
    With the library on a server (``settings`` given): its own-format exports, restored into the
    server's library, which is opened only when a backup is restored (on the caller's worker)."""
    from watchtracker.services.backups import BackupService, ServerBackupService

    location = server_location(paths, settings) if settings is not None else None
    if location is None:
        return BackupService(None, paths.database, paths.backups, keep)
    from watchtracker.storage.server import open_server_library

    return ServerBackupService(lambda: open_server_library(location).engine, paths.backups, keep)


def cli_context(services: Services):
    """What a command is given: the services of the open library."""
    from watchtracker import cli

    return cli.CliContext(
        services.library,
        services.catalog,
        services.online,
        services.feeds,
        services.alerts,
        schedule=services.schedule,
        importer=services.importer,
        backups=services.backups,
        exports=services.exports,
        calendar=services.calendar,
        franchises=services.franchises,
        media=services.media,
    )


def main(argv: Sequence[str] | None = None) -> int:
    from watchtracker import cli

    args = cli.parse_args(argv)
    paths = AppPaths.resolve(getattr(args, "data_dir", None), getattr(args, "database", None))
    setup_logging(paths)
    log.info("watchtracker %s starting (%s)", __version__, args.command or "window")
    settings = Settings.load(paths.settings_file)

    if args.command is None:
        if not _has_display():
            print(
                "watchtracker: no display to open the window on. Use the commands instead "
                "(watchtracker --help), or run it on a desktop.",
                file=sys.stderr,
            )
            return cli.EXIT_ERROR
        from watchtracker.ui import platform_check

        check = platform_check.start()  # ldd runs while the window's modules are imported
        from watchtracker.ui.application import run_gui

        missing = check.missing()
        if missing:  # said in one line, instead of Qt's abort that blames the installation
            log.error("display libraries missing: %s", ", ".join(missing))
            print(f"watchtracker: {platform_check.explain(missing)}", file=sys.stderr)
            return cli.EXIT_ERROR

        return run_gui(
            paths,
            staged(paths, settings),
            settings,
            restore_backups=lambda keep: closed_library_backups(paths, keep, settings),
            hidden=bool(getattr(args, "background", False)),
        )

    from sqlalchemy.exc import DBAPIError

    from watchtracker.storage.database import explain_db_error

    if args.command == "desktop":  # the applications menu: no library needed, none opened or made
        return cli.desktop_command(args)
    if args.command == "restore":  # without opening the library: a damaged or too-new one can be replaced too
        try:
            backups = closed_library_backups(paths, settings.backups_to_keep, settings)
        except StorageError as exc:  # a URL that is not one
            print(f"watchtracker: {exc}", file=sys.stderr)
            return cli.EXIT_ERROR
        # a server's library is restored in one transaction while others use it: no folder lock to ask
        lock = paths.lock_file if paths.library_url(settings.library_url) == "" else None
        return cli.restore_command(args, backups, lock)
    try:
        services = open_services(paths, settings)
    except StorageError as exc:
        print(f"watchtracker: {exc}", file=sys.stderr)
        return cli.EXIT_ERROR
    for note in services.notes:  # said once, e.g. an empty library file was made a new library
        print(f"watchtracker: {note}", file=sys.stderr)
    try:
        return cli.run(args, cli_context(services))
    except StorageError as exc:
        print(f"watchtracker: {exc}", file=sys.stderr)
        return cli.EXIT_ERROR
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return cli.EXIT_OK
    except DBAPIError as exc:
        explained = explain_db_error(exc, paths.database, services.server)
        if explained is None:
            return _unexpected(args.command, paths)
        log.warning("database error in %s: %s", args.command, getattr(exc, "orig", exc))  # not the SQL
        print(f"watchtracker: {explained}", file=sys.stderr)
        return cli.EXIT_ERROR
    except Exception:
        return _unexpected(args.command, paths)
    finally:
        services.close()


def _has_display() -> bool:
    """On Linux and the BSDs Qt needs X11 or Wayland (or a platform chosen explicitly)."""
    import os

    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return True
    return any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def _unexpected(command: str, paths: AppPaths) -> int:
    """A bug: the details go to the log, the user gets one line."""
    log.exception("unexpected error in %s", command)
    print(
        f"watchtracker: an unexpected error stopped '{command}'; nothing was changed. "
        f"This is a bug; the details are in {paths.log_file}.",
        file=sys.stderr,
    )
    return EXIT_UNEXPECTED
