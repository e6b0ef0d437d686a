"""Starting the app: one copy per data folder, a damaged library, a crash."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from watchtracker.app import setup_logging
from watchtracker.errors import AlreadyRunning, DatabaseDamaged
from watchtracker.storage.database import open_database

from watchtracker.ui import application
from watchtracker.ui.application import acquire_instance_lock, ask_to_move_aside
from watchtracker.ui.common import messages
from watchtracker.ui.crash import CrashDialog


def test_second_copy_of_the_app_on_the_same_folder_is_told_so(tmp_path):
    lock_file = tmp_path / "watchtracker.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import time
            from PySide6.QtCore import QLockFile
            lock = QLockFile({str(lock_file)!r}); assert lock.tryLock(0)
            print("held", flush=True); time.sleep(30)
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(AlreadyRunning, match="already open on the data folder"):
            acquire_instance_lock(lock_file)
    finally:
        holder.kill()
        holder.wait()
    # the other copy died without unlocking: its lock is stale and is taken over
    deadline = time.monotonic() + 5
    while True:
        try:
            acquire_instance_lock(lock_file).unlock()
            break
        except AlreadyRunning:
            assert time.monotonic() < deadline
            time.sleep(0.05)


def _answer_message_box(button_text: str, seen: list[str]):
    def answer():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(box.text())
        for button in box.buttons():
            if button.text().startswith(button_text):
                button.click()
                return
        box.buttons()[0].click()

    QTimer.singleShot(20, answer)


@pytest.mark.empty_data_dir
def test_damaged_library_can_be_moved_aside_and_nothing_is_lost(qtbot, paths):
    paths.data.mkdir(parents=True)
    paths.database.write_bytes(b"not a database at all" * 50)
    with pytest.raises(DatabaseDamaged) as info:
        open_database(paths.database)
    seen: list[str] = []
    _answer_message_box("Move it aside", seen)
    aside = ask_to_move_aside(None, paths, info.value)
    assert "not a SQLite database" in seen[0] and len(seen) == 1  # no "started" before it is so
    kept = list(paths.data.glob("library.damaged-*.sqlite"))
    assert kept == [aside] and kept[0].read_bytes() == b"not a database at all" * 50
    open_database(paths.database).dispose()  # a new library opens


@pytest.mark.empty_data_dir
def test_damaged_library_quit_leaves_it_alone(qtbot, paths):
    paths.data.mkdir(parents=True)
    paths.database.write_bytes(b"junk" * 100)
    seen: list[str] = []
    _answer_message_box("Quit", seen)
    assert ask_to_move_aside(None, paths, DatabaseDamaged("damaged")) is None
    assert paths.database.read_bytes() == b"junk" * 100


def test_a_bug_is_logged_and_shown_with_copy_details(qtbot, crash, paths):
    setup_logging(paths)
    try:
        try:
            raise RuntimeError("boom")
        except RuntimeError as exc:
            crash.handle(type(exc), exc, exc.__traceback__)
    finally:
        for handler in list(logging.getLogger().handlers):
            if getattr(handler, "_watchtracker", False):
                logging.getLogger().removeHandler(handler)
                handler.close()
    assert "RuntimeError: boom" in crash.last
    assert "RuntimeError: boom" in paths.log_file.read_text()  # the log has the details too
    dialog = CrashDialog(crash.last, paths.log_file)
    qtbot.addWidget(dialog)
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "This is a bug" in texts and str(paths.log_file) in texts
    assert "Traceback" in dialog.details.toPlainText()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == crash.last
    assert dialog.copy_button.text() == "Copied"
    crash.last = None  # handled here: the fixture checks that nothing else crashed


def test_launch_shows_the_window_before_the_library_is_open(qtbot, paths, crash):
    from watchtracker.app import open_services
    from watchtracker.services.example import load_example
    from watchtracker.settings import Settings

    services = open_services(paths, Settings())
    load_example(services.engine)
    services.close()
    from watchtracker.ui.main_window import MainWindow

    opened_when_shown = []
    previewed = threading.Event()

    def open_on_worker():
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        opened_when_shown.append([w.isVisible() for w in windows])
        # the preview runs beside the opening: here the opening waits for it, as a real one
        # does while SQLAlchemy loads (this process has it loaded already)
        assert previewed.wait(10)
        return open_services(paths, Settings())

    window, opened = application.launch(paths, open_on_worker, crash, give_up=pytest.fail)
    qtbot.addWidget(window)
    events = []
    window.preview_shown.connect(lambda: events.append(("preview", window.library_page.model.rowCount())))
    window.preview_shown.connect(previewed.set)
    window.library_loaded.connect(lambda: events.append(("live", window.library_page.model.rowCount())))
    assert window.isVisible()
    assert not window.library_page.search.isEnabled()  # nothing to search yet
    with qtbot.waitSignal(window.preview_shown, timeout=10_000):
        pass
    # the rows read before the library is open can be filtered, and a click is kept for later
    assert window.library_page.search.isEnabled() and not window.actions.add.isEnabled()
    legacy = next(r for r in range(3) if window.library_page.model.series_row(r).title == "Bosch: Legacy")
    window.open_series(window.library_page.model.series_row(legacy).series_id)
    with qtbot.waitSignal(window.detail_shown, timeout=10_000):
        pass
    assert events == [("preview", 3), ("live", 3)]  # the example follows its three series
    assert window.detail_page.detail.title == "Bosch: Legacy"
    assert opened_when_shown == [[True]]  # the window was up while the library opened
    assert window.library_page.search.isEnabled()
    assert window.library_page.model.rowCount() == 3
    window.library_lane.wait()
    for s in opened:
        s.close()


def _example_library(paths):
    from watchtracker.app import open_services
    from watchtracker.services.example import load_example
    from watchtracker.settings import Settings

    services = open_services(paths, Settings())
    load_example(services.engine)
    services.close()


def test_staged_opening_lets_the_library_act_before_the_rest_is_built(qtbot, paths, crash):
    """As the app starts (``app.staged``): the Library page is live after the first stage; a
    section asked for before the rest is built is shown when it is; then everything is open."""
    from watchtracker import app
    from watchtracker.settings import Settings

    _example_library(paths)
    rest_may_start = threading.Event()

    def rest(first):
        assert rest_may_start.wait(10)
        return app.open_the_rest(first, paths, Settings())

    fully_open = []
    staged = application.StagedOpen(lambda: app.open_library_first(paths, Settings()), rest)
    window, opened = application.launch(paths, staged, crash, give_up=pytest.fail, on_open=fully_open.append)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.library_loaded, timeout=10_000):
        pass
    # the library acts: rows, a series' page, and the first stage is what would be closed
    assert window.library_page.model.rowCount() == 3
    assert isinstance(opened[0], app.OpenLibrary) and not fully_open
    assert window.sections is None and window.alerts_controller is None
    assert window.actions.add.isEnabled() and not window.actions.import_history.isEnabled()
    row = next(r for r in range(3) if window.library_page.model.series_row(r).title == "Ballard")
    with qtbot.waitSignal(window.detail_shown, timeout=10_000):
        window.open_series(window.library_page.model.series_row(row).series_id)
    assert window.detail_page.detail.title == "Ballard"
    # Up next is clicked while the rest is being built: it comes when it can
    window.nav.setCurrentRow(1)
    assert window.pages.currentWidget() is window.detail_page
    rest_may_start.set()
    qtbot.waitUntil(lambda: bool(fully_open), timeout=10_000)
    assert fully_open == [window]
    assert window.sections is not None and window.alerts_controller is not None
    assert window.pages.currentWidget() is window.sections.upnext_page
    assert window.actions.import_history.isEnabled() and window.actions.backups.isEnabled()
    assert len(opened) == 1 and isinstance(opened[0], app.Services)
    assert opened[0].library is window.library_service  # one library service, not a second one
    window.library_lane.wait()
    opened[0].close()


def test_staged_opening_that_fails_in_its_second_stage_says_so(qtbot, paths, crash, monkeypatch):
    from watchtracker import app
    from watchtracker.errors import StorageError
    from watchtracker.settings import Settings

    _example_library(paths)
    shown, gave_up = [], []
    monkeypatch.setattr(messages, "critical", lambda parent, text: shown.append(text))

    def rest(first):
        first.close()
        raise StorageError("The disk is full.")

    staged = application.StagedOpen(lambda: app.open_library_first(paths, Settings()), rest)
    window, opened = application.launch(paths, staged, crash, gave_up.append)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(gave_up), timeout=10_000)
    assert gave_up == [1] and shown == ["The disk is full."]
    window.library_lane.wait()


def test_launch_with_a_library_from_a_newer_version_says_so(qtbot, paths, crash, monkeypatch):
    from watchtracker.app import open_services
    from watchtracker.settings import Settings

    open_services(paths, Settings()).close()
    con = sqlite3.connect(paths.database)
    con.execute("UPDATE alembic_version SET version_num = 'from-the-future'")
    con.commit()
    con.close()
    shown = []
    monkeypatch.setattr(messages, "critical", lambda parent, text: shown.append(text))
    gave_up = []
    window, opened = application.launch(paths, lambda: open_services(paths, Settings()), crash, gave_up.append)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(gave_up), timeout=10_000)
    assert gave_up == [1]
    assert "newer version of watchtracker" in shown[0]
    assert opened == []
    window.library_lane.wait()


def test_the_window_module_does_not_load_the_database_libraries():
    """The window is drawn before SQLAlchemy and SQLModel are imported (they load on a worker
    while the library opens): no page may import them at module level."""
    code = (
        "import sys, os\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "import watchtracker.ui.application, watchtracker.ui.main_window\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'sqlmodel', 'alembic'))\n"
        "assert not heavy, heavy[:5]\n"
        "assert 'PySide6.QtNetwork' not in sys.modules  # the second-launch messenger: after the window\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]


def _sleeper():
    """Another Python process, alive for the test."""
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])


def test_a_stale_lock_naming_a_live_python_process_does_not_stop_the_window(tmp_path):
    """A window that crashed left its lock file; its PID now belongs to another Python process.
    The lock file is written as Qt's QLockFile of earlier versions wrote it, with that process."""
    from PySide6.QtCore import QLockFile

    lock_file = tmp_path / "watchtracker.lock"
    qt_lock = QLockFile(str(tmp_path / "format.lock"))
    assert qt_lock.tryLock(0)
    lines = (tmp_path / "format.lock").read_text().split("\n")
    qt_lock.unlock()
    other = _sleeper()
    try:
        lines[0] = str(other.pid)
        lines[1] = Path(os.readlink(f"/proc/{other.pid}/exe")).name if Path("/proc").is_dir() else lines[1]
        lock_file.write_text("\n".join(lines))
        lock = acquire_instance_lock(lock_file)
        try:
            assert lock_file.read_text().split("\n")[0] == str(os.getpid())  # ours now
        finally:
            lock.unlock()
    finally:
        other.kill()
        other.wait()


def test_a_lock_held_by_another_process_says_which_and_how_to_recover(tmp_path):
    lock_file = tmp_path / "watchtracker.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import time
            from pathlib import Path
            from watchtracker.storage.files import take_instance_lock
            lock = take_instance_lock(Path({str(lock_file)!r}))
            print("held", flush=True); time.sleep(60)
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(AlreadyRunning) as refused:
            acquire_instance_lock(lock_file)
        text = str(refused.value)
        assert f"process {holder.pid}" in text and str(lock_file) in text and "end process" in text
        from watchtracker.storage.files import instance_lock_held

        assert instance_lock_held(lock_file)  # what the command line asks sees the same lock
    finally:
        holder.kill()
        holder.wait()
    # killed without unlocking: the system released its lock
    acquire_instance_lock(lock_file).unlock()
    from watchtracker.storage.files import instance_lock_held

    assert not instance_lock_held(lock_file)


def test_a_second_window_in_the_same_process_is_refused_too(tmp_path):
    lock_file = tmp_path / "watchtracker.lock"
    first = acquire_instance_lock(lock_file)
    try:
        with pytest.raises(AlreadyRunning, match=f"process {os.getpid()}"):
            acquire_instance_lock(lock_file)
    finally:
        first.unlock()
    acquire_instance_lock(lock_file).unlock()


@pytest.mark.empty_data_dir
def test_without_a_log_folder_only_warnings_reach_the_terminal(paths, capsys):
    paths.data.mkdir(parents=True)
    paths.logs.write_text("a file where the log folder should be")
    try:
        setup_logging(paths)
        log = logging.getLogger("watchtracker.test")
        log.info("an ordinary start-up line")
        log.warning("something the user should see")
    finally:
        for handler in list(logging.getLogger().handlers):
            if getattr(handler, "_watchtracker", False):
                logging.getLogger().removeHandler(handler)
                handler.close()
    err = capsys.readouterr().err
    assert "something the user should see" in err
    assert "an ordinary start-up line" not in err


@pytest.mark.empty_data_dir
def test_a_library_that_cannot_be_moved_aside_is_said_and_left(qtbot, paths, monkeypatch):
    paths.data.mkdir(parents=True)
    paths.database.write_bytes(b"junk" * 100)
    seen: list[str] = []
    monkeypatch.setattr(messages, "critical", lambda parent, text: seen.append(text))

    def refuse(path):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("watchtracker.services.startup.move_aside", refuse)
    _answer_message_box("Move it aside", [])
    assert ask_to_move_aside(None, paths, DatabaseDamaged("damaged")) is None
    assert len(seen) == 1 and "could not be moved aside" in seen[0] and "Errno" not in seen[0]
    assert paths.database.read_bytes() == b"junk" * 100


def test_the_opening_waits_for_the_first_paint_and_not_forever(qtbot):
    from PySide6.QtWidgets import QWidget

    painted, called = [], []

    class Window(QWidget):
        def paintEvent(self, event):  # noqa: N802 - Qt's name
            painted.append(True)

    shown = Window()
    qtbot.addWidget(shown)
    application._AfterFirstPaint(shown, lambda: called.append(bool(painted)))
    shown.show()
    qtbot.waitUntil(lambda: bool(called), timeout=5_000)
    assert called == [True]  # after the window was painted, once
    qtbot.wait(50)
    shown.update()
    qtbot.wait(50)
    assert called == [True]
    never_shown = QWidget()
    qtbot.addWidget(never_shown)
    later = []
    application._AfterFirstPaint(never_shown, lambda: later.append(True))
    qtbot.wait(200)
    assert later == []
    qtbot.waitUntil(lambda: later == [True], timeout=3_000)  # the fallback: a second


def _staged_after_preview(paths, calls, before_first=None):
    """A two-stage opening whose first stage waits for the preview to be on the page (as when
    SQLAlchemy takes its time); ``calls`` counts readings of the whole library."""
    from watchtracker import app
    from watchtracker.settings import Settings

    previewed = threading.Event()

    def first():
        assert previewed.wait(10)
        if before_first is not None:
            before_first()
        opened = app.open_library_first(paths, Settings())
        reading = opened.library.library
        opened.library.library = lambda *a: (calls.append(a), reading(*a))[1]
        return opened

    return application.StagedOpen(first, lambda f: app.open_the_rest(f, paths, Settings())), previewed


def _favourites(window) -> dict[int, bool]:
    rows = (window.library_page.model.series_row(r) for r in range(window.library_page.model.rowCount()))
    return {r.series_id: r.favourite for r in rows}


def test_the_previews_rows_become_the_live_ones_when_nothing_changed(qtbot, paths, crash):
    _example_library(paths)
    calls: list = []
    staged, previewed = _staged_after_preview(paths, calls)
    fully_open = []
    window, opened = application.launch(paths, staged, crash, give_up=pytest.fail, on_open=fully_open.append)
    qtbot.addWidget(window)
    window.preview_shown.connect(previewed.set)
    with qtbot.waitSignal(window.library_loaded, timeout=10_000):
        pass
    assert calls == []  # not read a second time
    shown = sorted((window.library_page.model.series_row(r) for r in range(3)), key=lambda r: r.series_id)
    qtbot.waitUntil(lambda: bool(fully_open), timeout=10_000)
    assert shown == sorted(opened[0].library.library(), key=lambda r: r.series_id)
    window.library_lane.wait()
    opened[0].close()


def test_a_library_changed_after_the_preview_is_read_again(qtbot, paths, crash):
    _example_library(paths)

    def change_it():  # as another program would, between the preview and the opening
        con = sqlite3.connect(paths.database)
        con.execute("UPDATE library_entry SET favourite = 1 - favourite")
        con.commit()
        con.close()

    calls: list = []
    staged, previewed = _staged_after_preview(paths, calls, before_first=change_it)
    fully_open, in_preview = [], []
    window, opened = application.launch(paths, staged, crash, give_up=pytest.fail, on_open=fully_open.append)
    qtbot.addWidget(window)
    window.preview_shown.connect(lambda: in_preview.append(_favourites(window)))
    window.preview_shown.connect(previewed.set)
    with qtbot.waitSignal(window.library_loaded, timeout=10_000):
        pass
    assert calls == [()]  # read again
    qtbot.waitUntil(lambda: bool(fully_open), timeout=10_000)
    live = {r.series_id: r.favourite for r in opened[0].library.library()}
    assert _favourites(window) == live
    assert in_preview == [{sid: not fav for sid, fav in live.items()}]  # the preview had them the other way
    window.library_lane.wait()
    opened[0].close()
