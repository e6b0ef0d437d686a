"""The window against odd stored values and against bugs in its own item models: a Python
exception inside a Qt virtual method (data, paint, sizeHint, lessThan, filterAcceptsRow ...)
never takes the process down, and the crash dialog never opens inside the Qt call that failed.

Why it was a segfault: with PySide6 6.11 on Python 3.11, an exception raised by C code (``sum``
over a text runtime: TypeError) inside a Python override that Qt calls while Python code is
waiting on Qt (``collapseAll()`` in a slot, ``grab()``) is kept by shiboken to be raised again,
and shiboken reads its arguments as if it were a normalised exception object: SIGSEGV in
``PepException_GetArgs``. From the event loop the same exception went to ``sys.excepthook``,
which opened the modal crash dialog synchronously inside the paint event."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QStyleOptionViewItem, QTableView, QTreeView

from watchtracker.domain.models import EpisodeView, SeasonView
from watchtracker.services.example import load_example

from watchtracker.ui import crash as crash_module
from watchtracker.ui.crash import CrashHandler

ROOT = Path(__file__).resolve().parents[2]

_WINDOW = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    from watchtracker.app import open_services
    from watchtracker.paths import AppPaths
    from watchtracker.settings import Settings
    from watchtracker.ui.application import views_of
    from watchtracker.ui.crash import CrashHandler
    from watchtracker.ui.main_window import MainWindow
    from watchtracker.ui.tasks import TaskRunner

    paths = AppPaths.under(Path(sys.argv[1]))
    services = open_services(paths, Settings())
    app = QApplication([])
    crash = CrashHandler(paths.log_file, show_dialog=False)
    crash.install()
    w = MainWindow(services.library, services.catalog, TaskRunner(),
                   QSettings(str(paths.ui_state_file), QSettings.Format.IniFormat), paths.database, crash,
                   online=services.online, alerts=services.alerts, feeds=services.feeds, views=views_of(services),
                   settings=Settings(), save_settings=lambda s: None)
    w.resize(1024, 640)
    w.show()

    def settle(what):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            app.processEvents()
            if not (w.library_lane.busy or w.online_lane.busy) and what():
                break
        w.grab()  # a paint asked for by Python code: the path that crashed

    w.reload_library()
    settle(lambda: w.library_page.model.rowCount() > 0)
    shown = []
    w.detail_shown.connect(shown.append)
    w.open_series(services.library.find("Bosch"))
    settle(lambda: bool(shown))
    loaded = []
    for section in ("upnext", "upcoming", "stats"):
        controller = w.sections.controllers[section]
        controller.loaded.connect(lambda section=section: loaded.append(section))
        w.show_section(section)
        settle(lambda: section in loaded)
    print("SHOWN", shown, "LOADED", loaded, "CRASH", crash.last)
""")


@pytest.fixture
def odd_library(services):
    """The example library with what an older version stored from TVmaze unchecked."""
    load_example(services.engine)
    con = sqlite3.connect(services.engine.url.database)
    con.execute("UPDATE series SET runtime = 'fifty'")
    con.execute("UPDATE episode SET runtime = 'fifty' WHERE id % 2 = 0")
    con.execute("UPDATE season SET episode_order = 'ten'")
    con.commit()
    con.close()
    return services


def test_a_text_runtime_stored_by_an_older_version_does_not_kill_the_window(odd_library, paths):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-X", "faulthandler", "-c", _WINDOW, str(paths.data)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-3000:]  # was -11 (SIGSEGV) opening the series
    assert "SHOWN [1] LOADED ['upnext', 'upcoming', 'stats'] CRASH None" in done.stdout, (
        done.stdout + done.stderr[-3000:]
    )


# -- the crash dialog is never opened inside the call that failed -------------------------------


def test_the_crash_dialog_is_queued_not_opened_inside_the_failing_call(qtbot, paths, monkeypatch):
    opened = []
    monkeypatch.setattr(crash_module.CrashDialog, "exec", lambda self: opened.append(self.details.toPlainText()))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back afterwards
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    handler = CrashHandler(paths.log_file, show_dialog=True)
    handler.install()
    try:
        raise ValueError("boom")
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)  # what PySide calls from a paint event
    assert opened == []  # not now: maybe inside a paint event or a model call
    qtbot.waitUntil(lambda: len(opened) == 1)
    assert "ValueError: boom" in opened[0]


def test_the_same_error_again_and_again_is_logged_and_shown_once(qtbot, paths, monkeypatch, caplog):
    opened = []
    monkeypatch.setattr(crash_module.CrashDialog, "exec", lambda self: opened.append(1))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    handler = CrashHandler(paths.log_file, show_dialog=True)
    handler.install()
    for row in range(200):  # a view painting 200 rows, each asking a broken data()
        try:
            int(f"fifty-{row}")
        except ValueError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    qtbot.waitUntil(lambda: bool(opened))
    qtbot.wait(20)
    assert opened == [1]
    assert sum("unexpected error" in r.getMessage() for r in caplog.records) == 1
    assert "invalid literal" in handler.last


# -- every model method is guarded -----------------------------------------------------------------


def _episode(runtime) -> EpisodeView:
    from datetime import date

    return EpisodeView(
        id=1,
        season=1,
        number=1,
        title="One",
        summary="",
        air_date=date(2024, 1, 1),
        airstamp=None,
        runtime=runtime,
        plays=0,
    )


def test_a_broken_data_in_a_tree_expanded_from_python_is_reported_not_fatal(qtbot):
    """The exact path of the segfault: collapseAll() from Python, data() raising a C-level TypeError."""
    from watchtracker.ui.detail.episodes_model import EpisodesModel

    model = EpisodesModel()
    view = QTreeView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.show()
    model.set_seasons([SeasonView(number=1, name="", episodes=(_episode("fifty"), _episode(30)))])
    with qtbot.capture_exceptions() as caught:
        view.collapseAll()
        view.expandAll()
        view.grab()
    assert caught, "the error is reported (sys.excepthook: the crash handler in the app)"
    assert all(isinstance(exc, TypeError) for _, exc, _ in caught)


def test_every_qt_method_written_in_python_is_guarded():
    """Every Qt virtual method written in Python anywhere in ui/ (models, delegates, painted
    widgets, event filters, dialogs) goes through the guard."""
    import importlib
    import pkgutil

    import watchtracker.ui as ui_package

    unguarded = []
    for info in pkgutil.walk_packages(ui_package.__path__, ui_package.__name__ + "."):
        module = importlib.import_module(info.name)
        for cls in vars(module).values():
            if not isinstance(cls, type) or cls.__module__ != module.__name__:
                continue
            for name, fn in vars(cls).items():
                if name in crash_module._QT_FALLBACK and callable(fn) and not getattr(fn, "__guarded__", False):
                    unguarded.append(f"{module.__name__}.{cls.__name__}.{name}")
    assert unguarded == []


def test_a_delegate_whose_paint_fails_leaves_the_view_alive(qtbot):
    from watchtracker.ui.common.delegates import PROGRESS_ROLE, ProgressDelegate
    from watchtracker.ui.library.model import PROGRESS, LibraryModel

    class Odd(LibraryModel):
        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            if role == PROGRESS_ROLE:
                return ("three", 5)  # what a bug could hand the delegate
            return None

        def rowCount(self, parent=QModelIndex()):
            return 0 if parent.isValid() else 3

    model = Odd()
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    delegate = ProgressDelegate(view)
    view.setItemDelegateForColumn(PROGRESS, delegate)
    view.show()
    with qtbot.capture_exceptions() as caught:
        view.grab()
        pixmap = QPixmap(100, 20)
        painter = QPainter(pixmap)
        option = QStyleOptionViewItem()
        delegate.paint(painter, option, model.index(0, PROGRESS))
        painter.end()  # the painter was left usable: save() and restore() balanced
    assert caught and all(isinstance(exc, TypeError) for _, exc, _ in caught)


def test_a_chart_with_impossible_values_paints(qtbot):
    from watchtracker.ui.stats.charts import Bar, BarChart, BarList, ChartData

    for chart in (BarChart("Hours", months=False), BarList("Series")):
        qtbot.addWidget(chart)
        chart.resize(600, 220)
        chart.set_data(ChartData(bars=(Bar("a", float("nan"), ""), Bar("b", float("inf"), ""), Bar("c", 2.0, ""))))
        chart.show()
        with qtbot.capture_exceptions():
            chart.grab()
            assert isinstance(chart.sizeHint(), QSize)
