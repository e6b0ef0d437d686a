"""Starting the window: Qt application, crash handler, one copy per data folder, the library
opened with a clear message for every way that can fail."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from watchtracker import APP_NAME, __version__
from watchtracker.paths import AppPaths, resource_path
from watchtracker.storage.database import acquire_instance_lock, move_aside
from watchtracker.storage.errors import AlreadyRunning, DatabaseDamaged, StorageError
from watchtracker.ui.crash import CrashHandler
from watchtracker.ui.main_window import MainWindow
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


def open_with_dialogs(paths: AppPaths, open_services: Callable):
    """Open the library; on a damaged file offer to move it aside (nothing is deleted)."""
    while True:
        try:
            return open_services()
        except DatabaseDamaged as exc:
            log.error("damaged library: %s", exc)
            box = QMessageBox(QMessageBox.Icon.Critical, "watchtracker", str(exc))
            fresh = box.addButton("Move it aside and start a new library", QMessageBox.ButtonRole.AcceptRole)
            box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if box.clickedButton() is not fresh:
                return None
            aside = move_aside(paths.database)
            QMessageBox.information(
                None, "watchtracker", f"The damaged library was kept as:\n{aside}\n\nA new, empty library was started."
            )
        except StorageError as exc:
            log.error("cannot open library: %s", exc)
            QMessageBox.critical(None, "watchtracker", str(exc))
            return None


def run_gui(paths: AppPaths, open_services: Callable) -> int:
    app = make_qapplication()
    crash = CrashHandler(paths.log_file)
    crash.install()
    try:
        lock = acquire_instance_lock(paths.lock_file)
    except AlreadyRunning as exc:
        QMessageBox.information(None, "watchtracker", str(exc))
        return 1
    except StorageError as exc:
        QMessageBox.critical(None, "watchtracker", str(exc))
        return 1
    try:
        services = open_with_dialogs(paths, open_services)
        if services is None:
            return 1
        runner = TaskRunner()
        window = MainWindow(
            services.library, services.catalog, runner, ui_state(paths),
            database_path=paths.database, crash_handler=crash,
        )
        window.show()
        QTimer.singleShot(0, window.reload_library)
        code = app.exec()
        runner.wait()
        services.close()
        return code
    finally:
        lock.release()
