from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from watchtracker.services.example import load_example
from watchtracker.services.transfer.importer import ImportService
from watchtracker.settings import Settings

from watchtracker.ui.application import views_of
from watchtracker.ui.crash import CrashHandler
from watchtracker.ui.main_window import MainWindow
from watchtracker.ui.tasks import TaskRunner
from watchtracker.ui.transfer.import_wizard import ImportDialog

SMALL = Path(__file__).parent.parent / "fixtures" / "small-library.json"


@pytest.fixture
def crash(paths):
    return CrashHandler(paths.log_file, show_dialog=False)


@pytest.fixture
def make_window(qtbot, paths, crash):
    """Build a main window on the test's data folder, as the app does, and wait for the library."""
    windows = []

    def _make(services, *, wait=True) -> MainWindow:
        runner = TaskRunner()
        state = QSettings(str(paths.ui_state_file), QSettings.Format.IniFormat)
        views = views_of(services) if hasattr(services, "schedule") else None
        w = MainWindow(
            services.library,
            services.catalog,
            runner,
            state,
            paths.database,
            crash,
            online=getattr(services, "online", None),
            alerts=getattr(services, "alerts", None),
            feeds=getattr(services, "feeds", None),
            views=views,
            settings=Settings(),
            save_settings=lambda s: s.save(paths.settings_file),
        )
        qtbot.addWidget(w)
        w.show()
        if wait:
            with qtbot.waitSignal(w.library_loaded, timeout=10_000):
                w.reload_library()
        windows.append(w)
        return w

    yield _make
    for w in windows:
        w.library_lane.wait()
        w.refresh_lane.wait()
        w.online_lane.wait()
    assert crash.last is None, crash.last


@pytest.fixture
def small(services):
    load_example(services.engine, SMALL)
    return services


@pytest.fixture(autouse=True)
def _qt_application(qapp):
    """Every UI test runs with the QApplication in place (pixmaps need it)."""
    return qapp


@pytest.fixture
def dialog_of(qtbot, paths):
    """An ImportDialog on the services' importer with its own two lanes (as the window gives it)."""
    made = []

    def _make(services, importer=None, online=False) -> ImportDialog:
        ask, write = TaskRunner(), TaskRunner()
        importer = importer or ImportService(services.engine, None, paths.backups)
        d = ImportDialog(importer, ask=ask.run, write=write.run, online=online)
        qtbot.addWidget(d)
        d.show()
        made.append((d, ask, write))
        return d

    yield _make
    for _d, ask, write in made:
        ask.wait()
        write.wait()


@pytest.fixture(autouse=True)
def _no_desktop_session_bus(monkeypatch):
    """No UI test reaches the desktop's session bus: a window whose alerts arrive in the background
    would put a notification on the developer's screen. The tests of desktop notifications start
    a private bus of their own (test_notifications_dbus.py)."""
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:")
