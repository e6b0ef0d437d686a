"""Help: every menu shortcut shows in its menu and in Help → Keyboard shortcuts, which is read
from the menus themselves; About names the licence and credits TVmaze (its data licence asks for
attribution with a link) and the news sources."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from watchtracker.ui import help as help_module
from watchtracker.ui.help import ShortcutsDialog, about_html


def test_every_action_given_a_key_shows_it_in_its_menu(qtbot, make_window, example):
    w = make_window(example)
    missing = []
    for top in w.menuBar().actions():
        for action in top.menu().actions():
            keys = action.shortcuts()
            if keys and keys[0].isEmpty():  # the menu shows the first one: nothing shown
                missing.append(action.text())
    assert missing == []
    assert w.actions.preferences.shortcut().toString() == "Ctrl+,"


def test_the_shortcuts_reference_lists_the_menus_keys_and_the_lists_keys(qtbot, make_window, example):
    w = make_window(example)
    dialog = ShortcutsDialog(w.menuBar(), w)
    qtbot.addWidget(dialog)
    table = dialog.table
    rows = [tuple(table.item(r, c).text() for c in range(3)) for r in range(table.rowCount())]
    assert ("Edit", "Preferences…", "Ctrl+,") in rows
    assert any(what == "Back" and "Alt+Left" in keys for _where, what, keys in rows)
    assert ("Up next", "Mark the selected episode watched", "Space or Enter") in rows
    assert any(what == "Keyboard shortcuts" for _w, what, _k in rows)  # itself, Ctrl+/


def test_about_credits_tvmaze_with_a_link_and_names_the_licence(qtbot, make_window, example, monkeypatch):
    html = about_html("/home/me/library.sqlite")
    assert "<a href='https://www.tvmaze.com'>TVmaze</a>" in html and "CC BY-SA 4.0" in html
    assert "GPL-3.0-or-later" in html and "feeds" in html and "/home/me/library.sqlite" in html
    assert about_html("<b>odd</b>").count("<b>") == 0  # a path is text
    shown = []
    monkeypatch.setattr(help_module.QDialog, "exec", lambda self: shown.append(self.findChild(QLabel).text()))
    w = make_window(example)
    w.about()
    assert shown and "TVmaze" in shown[0]
