"""One rule for writes (and reads): every database call the window makes runs on its library lane,
never on the GUI thread. Checked where it would fail: every SQL statement the library's engine
sends during a session of ordinary gestures is recorded with the thread that sent it."""

from __future__ import annotations

import threading

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from sqlalchemy import event

from tests.ui.test_main_window import library_titles

from watchtracker.ui.alerts.feeds_dialog import FeedsDialog
from watchtracker.ui.library.series_dialog import SeriesDialog
from watchtracker.ui.transfer.backups_dialog import BackupsDialog


def when_open(kind, action) -> None:
    """Run ``action`` on the modal dialog of this class once it is open."""

    def step() -> None:
        dialog = next((d for d in QApplication.topLevelWidgets() if isinstance(d, kind) and d.isVisible()), None)
        if dialog is None:
            QTimer.singleShot(20, step)
            return
        action(dialog)

    QTimer.singleShot(20, step)


def test_a_session_of_gestures_sends_no_sql_from_the_gui_thread(qtbot, make_window, example, monkeypatch):
    from watchtracker.ui.library import controller

    monkeypatch.setattr(controller.messages, "confirm", lambda *a, **k: True)  # Delete asks first
    legacy = example.library.find("Bosch: Legacy")
    bosch = example.library.find("Bosch")
    unwatched = [e.id for e in example.library.detail(legacy).episodes() if not e.watched][:2]
    w = make_window(example)
    sent: list[tuple[str, str]] = []  # (thread name, statement) of every statement sent

    def record(_conn, _cursor, statement, *_args) -> None:
        sent.append((threading.current_thread().name, statement.split("\n")[0][:80]))

    event.listen(example.engine, "before_cursor_execute", record)
    try:

        def idle() -> None:
            qtbot.waitUntil(lambda: w.idle, timeout=10_000)

        with qtbot.waitSignal(w.detail_shown, timeout=10_000):
            w.open_series(legacy)
        w.detail_controller.watch("mark", unwatched, "Mark two watched")
        idle()
        w.undo_stack.undo()
        idle()
        w.undo_stack.redo()
        idle()
        w.detail_controller.set_followed(legacy, False)
        idle()
        w.undo_stack.undo()
        idle()
        w.detail_controller.edit_entry(legacy, {"notes": "with Dad", "rating": 8})
        idle()

        seen = {}

        def edit(dialog: SeriesDialog) -> None:
            dialog.network.setText("Freevee")
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
            qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
            seen["edited"] = True

        when_open(SeriesDialog, edit)
        w.detail_controller.edit_series(legacy)
        qtbot.waitUntil(lambda: "edited" in seen, timeout=10_000)
        idle()

        def add(dialog: SeriesDialog) -> None:
            dialog.title.setText("Bosch: Origins")
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
            seen["added"] = True

        when_open(SeriesDialog, add)
        w.library_controller.add_series()
        qtbot.waitUntil(lambda: "added" in seen, timeout=10_000)
        idle()
        w.library_controller.delete_series(bosch)
        idle()
        w.undo_stack.undo()
        idle()

        for name in ("upnext", "upcoming", "alerts", "franchises", "stats", "library"):
            w.show_section(name)
            idle()

        def feeds(dialog: FeedsDialog) -> None:
            qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
            dialog.url.setText("https://tvwire.example/feed/")
            dialog.add_button.click()
            qtbot.waitUntil(lambda: not dialog.busy and dialog.table.rowCount() == 1, timeout=10_000)
            seen["feeds"] = dialog.table.rowCount()
            dialog.reject()

        when_open(FeedsDialog, feeds)
        w.manage_feeds()
        qtbot.waitUntil(lambda: "feeds" in seen, timeout=10_000)
        idle()

        w.transfer_controller.show_backups()
        backups = next(d for d in QApplication.topLevelWidgets() if isinstance(d, BackupsDialog) and d.isVisible())
        idle()
        backups.backup_button.click()
        qtbot.waitUntil(lambda: backups.backup_button.isEnabled(), timeout=10_000)
        backups.reject()
        idle()
        w.reload_everything()
        idle()
    finally:
        event.remove(example.engine, "before_cursor_execute", record)

    assert seen == {"edited": True, "added": True, "feeds": 1}
    assert "Bosch: Origins" in library_titles(w) and "Bosch" in library_titles(w)  # the gestures happened
    assert len(sent) > 50  # and they went to the database
    gui = threading.main_thread().name
    on_gui = [statement for thread, statement in sent if thread == gui]
    assert on_gui == [], on_gui[:10]
