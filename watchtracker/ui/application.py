"""Starting the window: Qt application, crash handler, one copy per data folder, the library
opened with a clear message for every way that can fail."""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLockFile, QSettings, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from watchtracker import APP_NAME, __version__
from watchtracker.paths import AppPaths, resource_path
from watchtracker.settings import Settings
from watchtracker.services.startup import library_preview
from watchtracker.storage.files import check_writable, move_aside
from watchtracker.storage.errors import AlreadyRunning, DatabaseDamaged, DataDirNotWritable, StorageError
from watchtracker.ui import messages
from watchtracker.ui.crash import CrashHandler
from watchtracker.ui.main_window import MainWindow, Views
from watchtracker.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


def make_qapplication() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("watchtracker")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_NAME)
    icon = resource_path("icons", "watchtracker.svg")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def ui_state(paths: AppPaths) -> QSettings:
    paths.config.mkdir(parents=True, exist_ok=True)
    return QSettings(str(paths.ui_state_file), QSettings.Format.IniFormat)


def acquire_instance_lock(lock_file: Path) -> QLockFile:
    """One copy of the app per data folder. A lock left by a copy that crashed is taken over."""
    check_writable(lock_file.parent)
    lock = QLockFile(str(lock_file))
    lock.setStaleLockTime(0)  # never stale by age: only when its process is gone
    if not lock.tryLock(0):
        if lock.error() == QLockFile.LockError.LockFailedError:
            raise AlreadyRunning(
                f"watchtracker is already open on the data folder {lock_file.parent}. "
                "Switch to that window, or close it first."
            )
        raise DataDirNotWritable(f"watchtracker cannot create its lock file {lock_file}.")
    return lock


def ask_to_move_aside(parent, paths: AppPaths, exc: DatabaseDamaged) -> bool:
    """A damaged library: offer to move it aside and start anew (nothing is deleted)."""
    log.error("damaged library: %s", exc)
    box = QMessageBox(QMessageBox.Icon.Critical, "watchtracker", str(exc), parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    fresh = box.addButton("Move it aside and start a new library", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not fresh:
        return False
    aside = move_aside(paths.database)
    messages.information(
        parent, f"The damaged library was kept as:\n{aside}\n\nA new, empty library was started."
    )
    return True


def launch(
    paths: AppPaths, open_services: Callable, crash: CrashHandler, give_up: Callable[[int], None],
    settings: Settings | None = None,
) -> tuple[MainWindow, list]:
    """Show the window at once, then open the library on a worker thread (importing the
    database libraries and checking the schema take longer than drawing the window).
    Returns the window and a list that receives the opened services; ``give_up(code)`` is
    called when the library cannot be opened (after the user was told why)."""
    opened: list = []
    runner = TaskRunner()
    settings = settings or Settings()
    window = MainWindow(None, None, runner, ui_state(paths), database_path=paths.database, crash_handler=crash,
                        settings=settings, save_settings=lambda s: s.save(paths.settings_file))
    window.refresh_hours = settings.refresh_hours
    window.feeds_minutes = settings.feeds_minutes
    window.show()

    def attach(services) -> None:
        opened.append(services)
        window.attach(services.library, services.catalog, services.online, services.alerts, services.feeds,
                      views=views_of(services))
        window.start_refreshing()

    def failed(exc: BaseException) -> None:
        if isinstance(exc, DatabaseDamaged) and ask_to_move_aside(window, paths, exc):
            runner.run(open_services, attach, failed)
            return
        if isinstance(exc, StorageError):
            log.error("cannot open library: %s", exc)
            messages.critical(window, str(exc))
        else:
            crash.handle(type(exc), exc, exc.__traceback__)
        give_up(1)

    # first the read-only preview (stdlib sqlite3: no imports to wait for), then the real opening
    def previewed(rows) -> None:
        window.show_preview(rows)
        runner.run(open_services, attach, failed)

    runner.run(lambda: library_preview(paths.database), previewed, lambda exc: previewed(None))
    return window, opened


def views_of(services) -> Views:
    """What the window's pages and its Import…, Export… and Backups… need."""
    from watchtracker.services.calendar_export import CalendarExportService
    from watchtracker.services.export import ExportService

    return Views(schedule=services.schedule, export=CalendarExportService(services.schedule),
                 franchises=services.franchises, stats=services.stats, importer=services.importer,
                 backups=services.backups, library_export=ExportService(services.engine))


def run_gui(paths: AppPaths, open_services: Callable, settings: Settings | None = None) -> int:
    app = make_qapplication()
    crash = CrashHandler(paths.log_file)
    crash.install()
    try:
        lock = acquire_instance_lock(paths.lock_file)
    except AlreadyRunning as exc:
        messages.information(None, str(exc))
        return 1
    except StorageError as exc:
        messages.critical(None, str(exc))
        return 1
    try:
        window, opened = launch(paths, open_services, crash, app.exit, settings)
        # Ctrl+C in the terminal closes the window properly (saving its layout); the timer lets
        # Python look at signals while Qt waits for events
        signal.signal(signal.SIGINT, lambda *_: window.close())
        wake = QTimer(interval=300)
        wake.timeout.connect(lambda: None)
        wake.start()
        code = app.exec()
        window.net.wait(20_000)  # a request under way ends within its timeouts
        window.ask.wait(20_000)
        window.runner.wait()  # however long: a schema upgrade must not be cut off
        app.processEvents()  # deliver what finished meanwhile, so it is closed below
        for services in opened:
            services.close()
        return code
    finally:
        lock.unlock()
