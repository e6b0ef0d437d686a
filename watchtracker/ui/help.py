"""Help → Keyboard shortcuts and Help → About: what every key does (read from the window's own
actions, so the list cannot drift from the menus), the licence, and credit to the sources the
data comes from."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from watchtracker import __version__

from watchtracker.ui.common.html import esc

#: keys that act where the focus is (a list's own keys), not through a menu
LIST_KEYS = (
    ("Library", "Enter", "Open the selected series"),
    ("Library", "Delete", "Delete the selected series (asks first)"),
    ("Library", "Down (in the filter box)", "Move into the list"),
    ("Up next", "Space or Enter", "Mark the selected episode watched"),
    ("Series page", "Space", "Mark the selected episode watched or not watched"),
    ("Alerts", "Delete", "Dismiss the selected alerts"),
    (
        "Lists",
        "Menu key or Shift+F10",
        "The selected row's actions (Library, Up next, Upcoming, Alerts, episodes, Franchises)",
    ),
)

LICENCE = "GPL-3.0-or-later"


def menu_shortcuts(menu_bar: QMenuBar) -> list[tuple[str, str, str]]:
    """(menu, action, keys) for every action of the menus that has a key."""
    rows = []
    for top in menu_bar.actions():
        menu = top.menu()
        if menu is None:
            continue
        for action in menu.actions():
            keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty()]
            if keys and action.text():
                rows.append((_plain(top.text()), _plain(action.text()), " or ".join(keys)))
    return rows


def _plain(text: str) -> str:
    """A menu text without its mnemonic ("&Library" → "Library", "Law && Order" stays)."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


class ShortcutsDialog(QDialog):
    def __init__(self, actions_of: QMenuBar, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(560, 520)
        rows = [(m, a, k) for m, a, k in menu_shortcuts(actions_of)] + [(w, what, k) for w, k, what in LIST_KEYS]
        self.table = QTableWidget(len(rows), 3)
        self.table.setObjectName("shortcutsTable")
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(("Where", "What", "Keys"))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        for r, (where, what, keys) in enumerate(rows):
            for c, text in enumerate((where, what, keys)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)


def about_html(database_path: str | None) -> str:
    where = f"<p>Your library: {esc(database_path)}</p>" if database_path else ""
    return (
        f"<h3>watchtracker {esc(__version__)}</h3>"
        "<p>A watchlist and release tracker for TV series. Your data stays on your computer.</p>"
        f"{where}"
        "<p>Series, seasons, episodes and cast come from "
        "<a href='https://www.tvmaze.com'>TVmaze</a>, used under its "
        "<a href='https://www.tvmaze.com/api#licensing'>CC BY-SA 4.0 licence</a>. "
        "News comes from the RSS and Atom feeds you add (Library → News feeds…); each alert links "
        "to its source.</p>"
        f"<p>Licence: {LICENCE}. Built with Qt for Python (PySide6, LGPL) and SQLite.</p>"
    )


def show_about(parent: QWidget, database_path: str | None) -> None:
    box = QDialog(parent)
    box.setWindowTitle("About watchtracker")
    text = QLabel(about_html(database_path))
    text.setObjectName("aboutText")
    text.setTextFormat(Qt.TextFormat.RichText)
    text.setOpenExternalLinks(True)  # only the two fixed https links above are links
    text.setWordWrap(True)
    text.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(box.reject)
    layout = QVBoxLayout(box)
    layout.addWidget(text)
    layout.addWidget(buttons)
    box.setMinimumWidth(440)
    box.exec()


def keys(*items: str | QKeySequence | QKeySequence.StandardKey) -> list[QKeySequence]:
    """Key sequences for an action: a standard key stands for all of the platform's bindings
    (none, on some platforms: then the explicit ones shown in the menu come first); duplicates
    and empty ones are dropped (a key given twice is ambiguous to Qt and does nothing)."""
    out: list[QKeySequence] = []
    for item in items:
        found = QKeySequence.keyBindings(item) if isinstance(item, QKeySequence.StandardKey) else [QKeySequence(item)]
        for k in found:
            if not k.isEmpty() and k not in out:
                out.append(k)
    return out


__all__ = ["LIST_KEYS", "ShortcutsDialog", "about_html", "keys", "menu_shortcuts", "show_about"]
