"""Library > Backups… in the window: the dialog, "Back up now", and restoring a backup through
the application (the window lets go of the library, the backup is put in place, a new window
opens it)."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
import shiboken6

from watchtracker.app import Services, closed_library_backups, open_services
from watchtracker.domain.inputs import SeriesInput
from watchtracker.settings import Settings

from watchtracker.ui import application
from watchtracker.ui.application import CurrentWindow
from watchtracker.ui.common import messages
from watchtracker.ui.transfer.backups_dialog import describe_backup

SHOTS = Path("/tmp")


def titles_in_window(window) -> list[str]:
    model = window.library_page.model
    return sorted(model.series_row(r).title for r in range(model.rowCount()))


def titles_in_file(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return sorted(t for (t,) in con.execute("SELECT title FROM series"))
    finally:
        con.close()


@pytest.fixture
def current(qtbot, paths, crash):
    """The window as run_gui starts it, on the test's data folder, with its library open."""
    gave_up: list[int] = []
    cw = CurrentWindow(
        paths,
        lambda: open_services(paths, Settings()),
        crash,
        gave_up.append,
        Settings(),
        restore_backups=lambda keep: closed_library_backups(paths, keep),
    )
    window = cw.start()
    with qtbot.waitSignal(window.library_loaded, timeout=15_000):
        pass
    cw.gave_up = gave_up
    yield cw
    cw.wait()
    cw.close_services()
    if shiboken6.isValid(cw.window):
        cw.window.close()
        cw.window.deleteLater()
    assert gave_up == []
    assert crash.last is None, crash.last


def add(cw: CurrentWindow, qtbot, title: str) -> None:
    _, changes = cw.opened[0].catalog.add_series(SeriesInput(title=title))
    with qtbot.waitSignal(cw.window.changes_applied, timeout=5_000):
        cw.window.apply_changes(changes)
    qtbot.waitUntil(lambda: title in titles_in_window(cw.window), timeout=5_000)


def settled(window, qtbot) -> None:
    """Wait until the library lane is done: the dialog reads the backups folder there."""
    qtbot.waitUntil(lambda: not window.library_lane.busy, timeout=10_000)


def open_backups(window, qtbot):
    assert window.actions.backups.isEnabled()
    window.actions.backups.trigger()
    dialog = window.transfer_controller.backups_dialog
    assert dialog is not None and dialog.isVisible()
    settled(window, qtbot)  # the list fills in once the folder is read
    dialog.confirm = lambda parent, info: True  # the question is the dialog's own (tested there)
    return dialog


def back_up_now(dialog, qtbot):
    with qtbot.waitSignal(dialog.backup_made, timeout=10_000) as made:
        dialog.backup_button.click()
    settled(dialog.parent(), qtbot)  # the list is read again, the new copy selected
    return made.args[0]


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the open dialog is raised
def test_backups_opens_the_dialog_and_backs_up_through_the_menu(current, qtbot, paths):
    window = current.window
    assert window.actions.export_library.isEnabled()
    dialog = open_backups(window, qtbot)
    assert dialog.backups.backups_dir == paths.backups
    daily = [dialog.model.rows[i].label for i in range(dialog.model.rowCount())]
    assert daily == ["Daily"]  # made when the library opened
    window.actions.backups.trigger()  # a second time: the same dialog
    assert window.transfer_controller.backups_dialog is dialog

    info = back_up_now(dialog, qtbot)
    assert info.path.is_file() and info.path.parent == paths.backups
    assert dialog.model.rowCount() == 2 and dialog.selected().path == info.path
    assert "Backed up" in dialog.status.text()
    assert window.statusBar().currentMessage() == f"Backed up the library: {info.path.name}."
    dialog.grab().save(str(SHOTS / "shot_backups.png"))
    dialog.reject()
    qtbot.waitUntil(lambda: window.transfer_controller.backups_dialog is None)


def test_restore_replaces_the_window_and_keeps_the_library_as_it_was(current, qtbot, paths, monkeypatch):
    closed: list[Services] = []
    real_close = Services.close
    monkeypatch.setattr(Services, "close", lambda self: (closed.append(self), real_close(self)))
    add(current, qtbot, "Alpha")
    dialog = open_backups(current.window, qtbot)
    backup = back_up_now(dialog, qtbot)
    add(current, qtbot, "Beta")
    old, old_services = current.window, current.opened[0]
    assert titles_in_window(old) == ["Alpha", "Beta"]

    with qtbot.waitSignal(current.restored, timeout=20_000) as done:
        dialog.restore_button.click()
    kept = done.args[0]
    new = current.window
    assert new is not old and new.isVisible()
    qtbot.waitUntil(lambda: titles_in_window(new) == ["Alpha"], timeout=10_000)
    # the library as it was is one more backup, and says so
    assert kept.path.name.startswith("library-before-restore-")
    assert titles_in_file(kept.path) == ["Alpha", "Beta"]
    assert titles_in_file(backup.path) == ["Alpha"]
    assert new.statusBar().currentMessage() == (
        f"Restored {describe_backup(backup.path)}. The library as it was is kept as a “Before restore” backup."
    )
    assert describe_backup(backup.path).startswith("the backup made today, ")
    assert describe_backup(backup.path).endswith(" (by hand)")
    # the old window let go of its library and is gone
    assert closed[0] is old_services
    assert current.opened and current.opened[0] is not old_services
    qtbot.waitUntil(lambda: not shiboken6.isValid(old), timeout=5_000)
    # the new window works: its menu, the backups listed (the restored one, the one kept)
    assert new.actions.add.isEnabled() and new.actions.backups.isEnabled()
    dialog = open_backups(new, qtbot)
    listed = {dialog.model.rows[i].path for i in range(dialog.model.rowCount())}
    assert {backup.path, kept.path} <= listed
    dialog.reject()
    new.grab().save(str(SHOTS / "shot_after_restore.png"))


def test_the_window_waits_for_work_under_way_before_letting_go(current, qtbot, paths):
    """A job still on a lane when Restore is confirmed finishes first; the library is closed
    after it, never under it."""
    import threading

    add(current, qtbot, "Alpha")
    backup = current.opened[0].backups.backup()
    window = current.window
    release = threading.Event()
    finished: list[str] = []
    window.refresh_lane.run(lambda: release.wait(10), lambda _r: finished.append("net"), pytest.fail)
    window.restore_requested.emit(backup.path)
    qtbot.wait(200)
    assert current.window is window and current.opened  # still waiting
    assert "once TVmaze has answered" in window.statusBar().currentMessage()
    assert not window.menuBar().isEnabled() and not window.actions.add.isEnabled()
    window.close()  # not while the library is being replaced
    assert window.isVisible()
    with qtbot.waitSignal(current.restored, timeout=20_000):
        release.set()
    assert finished == ["net"]
    assert current.window is not window


@pytest.mark.parametrize("kind", ["damaged", "foreign"])
def test_a_damaged_or_foreign_backup_is_refused_and_nothing_changes(current, qtbot, paths, monkeypatch, kind):
    shown: list[str] = []
    monkeypatch.setattr(messages, "critical", lambda parent, text: shown.append(text))
    add(current, qtbot, "Alpha")
    add(current, qtbot, "Beta")
    paths.backups.mkdir(parents=True, exist_ok=True)
    bad = paths.backups / "library-manual-20200101-120000Z.sqlite"  # listed like any backup
    if kind == "damaged":
        bad.write_bytes(b"SQLite format 3\x00" + b"\xde\xad" * 4000)
    else:
        con = sqlite3.connect(bad)
        con.execute("CREATE TABLE recipes (name TEXT)")
        con.commit()
        con.close()
    before = sorted(p.name for p in paths.backups.iterdir())
    local = datetime(2020, 1, 1, 12, 0, tzinfo=UTC).astimezone()
    bad_when = f"{local.strftime('%d %b %Y').lstrip('0')}, {local:%H:%M}"
    old = current.window
    dialog = open_backups(old, qtbot)
    row = next(i for i in range(dialog.model.rowCount()) if dialog.model.rows[i].path == bad)
    dialog.view.setCurrentIndex(dialog.model.index(row, 0))
    with qtbot.waitSignal(current.restored, timeout=20_000) as done:
        dialog.restore_button.click()
    assert isinstance(done.args[0], application.StorageError)
    new = current.window
    qtbot.waitUntil(lambda: titles_in_window(new) == ["Alpha", "Beta"], timeout=10_000)
    assert len(shown) == 1 and "Not restored" in shown[0] and "not changed" in shown[0]
    assert new.statusBar().currentMessage() == (
        f"The backup made {bad_when} (by hand) was not restored; the library is as it was."
    )
    assert sorted(p.name for p in paths.backups.iterdir()) == before  # no "before restore" copy left
    assert new.actions.add.isEnabled() and new.actions.export_library.isEnabled()
    add(current, qtbot, "Gamma")  # the window is usable
    assert titles_in_file(paths.database) == ["Alpha", "Beta", "Gamma"]


# -- Backups… while a copy is being made, and while standing down for a restore ----------------


class SlowBackups:
    """The window's BackupService, its "Back up now" held until the test lets it go."""

    def __init__(self, real):
        self.real = real
        self.started = threading.Event()
        self.go = threading.Event()

    def __getattr__(self, name):
        return getattr(self.real, name)

    def backup(self, *args, **kw):
        self.started.set()
        self.go.wait(10)
        return self.real.backup(*args, **kw)


def test_closing_backups_while_backing_up(qtbot, make_window, example, monkeypatch):
    w = make_window(example)
    slow = SlowBackups(w.views.backups)
    monkeypatch.setattr(w.transfer_controller, "backups", slow)
    w.transfer_controller.show_backups()
    dialog = w.transfer_controller.backups_dialog
    dialog.backup_button.click()
    qtbot.waitUntil(slow.started.is_set, timeout=10_000)
    dialog.reject()  # Close while the copy is being made
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=5_000)
    with qtbot.captureExceptions() as raised:
        slow.go.set()
        w.library_lane.wait()
        qtbot.wait(50)
    assert raised == [], [str(e[1]) for e in raised]
    assert w.statusBar().currentMessage().startswith("Backed up the library")  # still said somewhere


def test_restore_is_not_offered_while_back_up_now_runs(qtbot, make_window, example, monkeypatch):
    w = make_window(example)
    slow = SlowBackups(w.views.backups)
    monkeypatch.setattr(w.transfer_controller, "backups", slow)
    w.transfer_controller.show_backups()
    dialog = w.transfer_controller.backups_dialog
    settled(w, qtbot)
    dialog.confirm = lambda parent, info: pytest.fail("asked to restore while backing up")
    asked: list = []
    dialog.restore_requested = asked.append
    dialog.backup_button.click()
    qtbot.waitUntil(slow.started.is_set, timeout=10_000)
    assert not dialog.restore_button.isEnabled()
    dialog._on_restore_clicked()  # a double click on a row
    assert asked == []
    with qtbot.waitSignal(dialog.backup_made, timeout=10_000):
        slow.go.set()
    settled(w, qtbot)  # the list read again after the copy
    assert dialog.restore_button.isEnabled()
    dialog.reject()
    qtbot.waitUntil(lambda: w.transfer_controller.backups_dialog is None, timeout=5_000)


def test_while_standing_down_for_a_restore_the_wizard_and_backups_cannot_be_opened(qtbot, make_window, example):
    w = make_window(example)
    w.stand_down("Restoring the backup…")
    assert not w.actions.import_history.isEnabled() and not w.actions.backups.isEnabled()
    assert not w.actions.export_library.isEnabled()
    w.actions.import_history.trigger()
    w.actions.backups.trigger()
    w.actions.export_library.trigger()
    assert (
        w.transfer_controller.import_dialog is None
        and w.transfer_controller.backups_dialog is None
        and not w.transfer_controller.exporting
    )
    assert not w.library_page.empty_import_button.isEnabled()
    assert w.idle
