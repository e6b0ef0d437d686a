"""The Backups dialog: the list, "Back up now", and "Restore…" asking first and handing the path
to the window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from watchtracker.errors import DataDirNotWritable
from watchtracker.services.backups import BackupReason, BackupService
from watchtracker.storage.database import open_database

from watchtracker.ui.tasks import TaskRunner
from watchtracker.ui.transfer.backups_dialog import BackupsDialog


class Clock:
    def __init__(self):
        self.now = datetime.now(UTC) - timedelta(days=5)

    def __call__(self):
        return self.now


@pytest.fixture
def service(tmp_path, new_library):
    engine = open_database(new_library(tmp_path / "library.sqlite"), tmp_path / "backups")
    s = BackupService(engine, tmp_path / "library.sqlite", tmp_path / "backups", keep=5, clock=Clock())
    yield s
    engine.dispose()


def make_some(service: BackupService) -> list:
    made = []
    for reason, hours in (
        (BackupReason.DAILY, 0),
        (BackupReason.BEFORE_IMPORT, 20),
        (BackupReason.DAILY, 30),
        (BackupReason.BEFORE_RESTORE, 50),
    ):
        service.clock.now += timedelta(hours=hours)
        made.append(service.backup(reason))
    return made


@pytest.fixture
def dialog(qtbot, service):
    calls: list[Path] = []

    def _make(confirm=lambda parent, info: True, **kw) -> BackupsDialog:
        d = BackupsDialog(service, calls.append, confirm=confirm, **kw)
        qtbot.addWidget(d)
        d.calls = calls
        return d

    return _make


def test_the_dialog_lists_the_backups_newest_first(dialog, service, qtmodeltester):
    made = make_some(service)
    d = dialog()
    d.show()
    assert d.stack.currentWidget() is d.view
    rows = [d.model.rows[i].path for i in range(d.model.rowCount())]
    assert rows == [b.path for b in reversed(made)]
    whys = [d.model.index(i, 1).data() for i in range(d.model.rowCount())]
    assert whys == ["Before restore", "Daily", "Before import", "Daily"]
    assert d.model.index(0, 2).data().endswith("KB")
    assert str(made[-1].path) in d.model.index(0, 0).data(0x03)  # the tooltip names the file
    assert d.selected() == d.model.rows[0] and d.restore_button.isEnabled()
    qtmodeltester.check(d.model)


def test_no_backups_shows_an_empty_state(dialog):
    d = dialog()
    d.show()
    assert d.stack.currentWidget() is d.empty
    assert not d.restore_button.isEnabled() and d.backup_button.isEnabled()


def test_back_up_now_adds_one_and_selects_it(dialog, service, qtbot):
    make_some(service)
    d = dialog()
    with qtbot.waitSignal(d.backup_made) as made:
        d.backup_button.click()
    info = made.args[0]
    assert info.reason is BackupReason.MANUAL
    assert d.model.rowCount() == 5 and d.selected().path == info.path
    assert "Backed up" in d.status.text()


def test_back_up_now_on_the_worker_thread(dialog, service, qtbot):
    runner = TaskRunner()
    d = dialog(run=runner.run)
    d.show()
    qtbot.waitUntil(lambda: not runner.busy, timeout=10_000)  # the folder is read on the lane
    assert d.stack.currentWidget() is d.empty
    with qtbot.waitSignal(d.backup_made, timeout=10_000):
        d.backup_button.click()
        assert not d.backup_button.isEnabled()  # one at a time
    runner.wait()
    qtbot.waitUntil(lambda: not runner.busy, timeout=10_000)  # the list read again, on the lane
    assert d.model.rowCount() == 1 and d.stack.currentWidget() is d.view
    assert d.backup_button.isEnabled() and d.restore_button.isEnabled()


def test_a_failed_backup_is_explained_in_the_dialog(dialog, service, monkeypatch):
    def refuse(reason):
        raise DataDirNotWritable("watchtracker could not write the backup: disk full. Nothing was changed.")

    monkeypatch.setattr(service, "backup", refuse)
    d = dialog()
    d.backup_button.click()
    assert "disk full" in d.status.text()
    assert d.backup_button.isEnabled() and d.model.rowCount() == 0


def test_restore_asks_first_and_hands_the_path_to_the_window(dialog, service):
    made = make_some(service)
    asked = []
    answer = [False]
    d = dialog(confirm=lambda parent, info: asked.append(info) or answer[0])
    d.show()
    d.view.setCurrentIndex(d.model.index(2, 0))
    d.restore_button.click()
    assert [a.path for a in asked] == [made[1].path] and d.calls == []  # cancelled: nothing
    assert d.isVisible()
    answer[0] = True
    d.restore_button.click()
    assert d.calls == [made[1].path]
    assert d.result() == QDialog.DialogCode.Accepted and not d.isVisible()


def test_the_confirmation_names_the_backup_and_can_be_cancelled(dialog, service):
    make_some(service)
    d = dialog(confirm=BackupsDialog.__init__.__kwdefaults__["confirm"])
    d.show()
    seen = []

    def answer(button_text):
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        next(b for b in box.buttons() if b.text().replace("&", "") == button_text).click()

    QTimer.singleShot(0, lambda: answer("Cancel"))
    d.restore_button.click()
    assert d.calls == [] and "before restore" in seen[0] and "kept as one more backup" in seen[0]
    QTimer.singleShot(0, lambda: answer("Restore"))
    d.restore_button.click()
    assert d.calls == [d.model.rows[0].path]


def test_render_the_dialog(dialog, service, qtbot, tmp_path):
    made = make_some(service)
    service.clock.now = datetime.now(UTC) - timedelta(minutes=5)
    service.backup(BackupReason.MANUAL)
    d = dialog()
    d.show()
    qtbot.waitExposed(d)
    d._say(f"Backed up: {made[0].path.name} (212.0 KB).")
    assert d.grab().save("/tmp/backups_dialog.png")
    empty = BackupsDialog(BackupService(None, tmp_path / "none.sqlite", tmp_path / "nothing"), print)
    qtbot.addWidget(empty)
    empty.show()
    assert empty.grab().save("/tmp/backups_dialog_empty.png")
