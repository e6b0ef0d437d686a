"""Changed on another computer: an edit on a series' page based on what another computer changed
since is not saved; the dialog shows theirs and yours, Reload shows theirs, Keep mine saves again."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QPushButton

from tests.ui.test_main_window import open_by_title
from watchtracker.app import open_services
from watchtracker.settings import Settings


def conflict_box(qtbot, w) -> QMessageBox:
    qtbot.waitUntil(lambda: w.findChild(QMessageBox, "changedElsewhere") is not None, timeout=10_000)
    box = w.findChild(QMessageBox, "changedElsewhere")
    qtbot.waitUntil(box.isVisible, timeout=5_000)
    return box


def test_reload_shows_theirs_and_keep_mine_saves_mine(qtbot, make_window, example, paths):
    w = make_window(example)
    open_by_title(qtbot, w, "Bosch")
    page = w.detail_page
    bosch = page.detail.id
    other = open_services(paths, Settings())  # the command line, or another computer, on the same file
    try:
        other.library.update_entry(bosch, rating=2)

        page.rating.setValue(5)  # based on the page read before: refused
        box = conflict_box(qtbot, w)
        assert box.windowTitle() == "Changed on another computer"
        assert "Your entry for Bosch was changed on another computer" in box.text()
        assert "Rating: “2 / 10” there, “5 / 10” yours" in box.informativeText()
        assert other.library.detail(bosch).rating == 2  # nothing saved
        with qtbot.waitSignal(w.detail_controller.detail_shown, timeout=10_000):
            box.findChild(QPushButton, "reload").click()
        assert page.rating.value() == 2  # theirs, shown
        assert other.library.detail(bosch).rating == 2

        # the page now knows their version: an edit is saved, and the next one too (its own version)
        with qtbot.waitSignal(w.detail_controller.detail_shown, timeout=10_000):
            page.favourite.setChecked(not page.favourite.isChecked())
        page.rating.setValue(8)
        qtbot.waitUntil(lambda: other.library.detail(bosch).rating == 8, timeout=10_000)

        other.library.update_entry(bosch, rating=3)
        page.rating.setValue(6)
        box = conflict_box(qtbot, w)
        assert "Rating: “3 / 10” there, “6 / 10” yours" in box.informativeText()
        box.findChild(QPushButton, "keepMine").click()
        qtbot.waitUntil(lambda: other.library.detail(bosch).rating == 6, timeout=10_000)  # mine, over theirs
        qtbot.waitUntil(lambda: w.idle, timeout=10_000)
        assert page.rating.value() == 6
        assert not any(b.isVisible() for b in w.findChildren(QMessageBox, "changedElsewhere"))
    finally:
        other.close()
