"""Back goes where you came from: the series opened before, else the section the series was opened
from (Up next, Upcoming, Alerts, Franchises, or the Library); Alt+Left does it; no two actions
share a key (Qt then finds the shortcut ambiguous and neither works)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction


def idle(qtbot, w) -> None:
    qtbot.waitUntil(lambda: w.idle, timeout=10_000)


def test_no_two_actions_of_the_window_share_a_key(qtbot, make_window, example):
    w = make_window(example)
    seen: dict[str, str] = {}
    clashes = []
    window_wide = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)
    for action in w.findChildren(QAction):
        if action.shortcutContext() not in window_wide:
            continue  # a list's own keys (Space in Up next, in the episodes) act only where the focus is
        for key in action.shortcuts():
            text = key.toString()
            if text in seen and seen[text] != action.text():
                clashes.append((text, seen[text], action.text()))
            elif text in seen:
                clashes.append((text, "the same action twice", action.text()))
            seen[text] = action.text()
    assert clashes == []
    assert "Alt+Left" in [k.toString() for k in w.actions.back.shortcuts()]


def test_alt_left_goes_back_to_the_section_the_series_was_opened_from(qtbot, make_window, example):
    w = make_window(example)
    legacy = example.library.find("Bosch: Legacy")
    w.show_section("upnext")
    idle(qtbot, w)
    assert w.pages.currentWidget() is w.sections.upnext_page
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        w.open_series(legacy)
    assert w.detail_page.back_button.text() == "← Up next"
    w.activateWindow()
    qtbot.keyClick(w, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    idle(qtbot, w)
    assert w.pages.currentWidget() is w.sections.upnext_page
    assert w.nav.currentItem().text().startswith("Up next")


def test_back_walks_the_series_opened_before_then_the_section(qtbot, make_window, example):
    w = make_window(example)
    legacy, bosch = example.library.find("Bosch: Legacy"), example.library.find("Bosch")
    w.show_alerts()
    idle(qtbot, w)
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        w.open_series(legacy)
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        w.detail_page.series_requested.emit(bosch)  # a related series' link
    assert w.detail_page.back_button.text() == "← Alerts"  # where the first one was opened from
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        w.detail_page.back_button.click()
    assert w.detail_page.detail.id == legacy
    w.detail_page.back_button.click()
    idle(qtbot, w)
    assert w.pages.currentWidget() is w.alerts_page


def test_from_the_library_back_still_returns_to_the_library(qtbot, make_window, example):
    w = make_window(example)
    legacy = example.library.find("Bosch: Legacy")
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        w.open_series(legacy)
    assert w.detail_page.back_button.text() == "← Library"
    w.actions.back.trigger()
    idle(qtbot, w)
    assert w.pages.currentWidget() is w.library_page
    assert w.library_page.current_series_id() == legacy  # the row of the series just left
