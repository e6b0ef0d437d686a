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
from watchtracker.domain.i18n import QT_TRANSLATE_NOOP, translate

from watchtracker.ui.common.html import esc

#: keys that act where the focus is (a list's own keys), not through a menu; English, marked for
#: translation (shown translated by ``ShortcutsDialog``)
LIST_KEYS = (
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Library"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Enter"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Open the selected series"),
    ),
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Library"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Delete"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Delete the selected series (asks first)"),
    ),
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Library"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Down (in the filter box)"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Move into the list"),
    ),
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Up next"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Space or Enter"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Mark the selected episode watched"),
    ),
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Series page"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Space"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Mark the selected episode watched or not watched"),
    ),
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Alerts"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Delete"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Dismiss the selected alerts"),
    ),
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Lists"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Menu key or Shift+F10"),
        QT_TRANSLATE_NOOP(
            "ShortcutsDialog", "The selected row's actions (Library, Up next, Upcoming, Alerts, episodes, Franchises)"
        ),
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
                rows.append((_plain(top.text()), _plain(action.text()), _either(keys)))
    return rows


def _either(keys: list[str]) -> str:
    """ "Ctrl+W or Ctrl+F4": the keys of one action, any of which does it."""
    text = keys[0]
    for key in keys[1:]:
        text = translate("ShortcutsDialog", "{keys} or {key}").format(keys=text, key=key)
    return text


def _plain(text: str) -> str:
    """A menu text without its mnemonic ("&Library" → "Library", "Law && Order" stays)."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


class ShortcutsDialog(QDialog):
    def __init__(self, actions_of: QMenuBar, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.resize(560, 520)
        rows = [(m, a, k) for m, a, k in menu_shortcuts(actions_of)] + [
            (translate("ShortcutsDialog", w), translate("ShortcutsDialog", what), translate("ShortcutsDialog", k))
            for w, k, what in LIST_KEYS
        ]
        self.table = QTableWidget(len(rows), 3)
        self.table.setObjectName("shortcutsTable")
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels((self.tr("Where"), self.tr("What"), self.tr("Keys")))
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
    where = translate("help", "<p>Your library: {path}</p>").format(path=esc(database_path)) if database_path else ""
    return (
        f"<h3>watchtracker {esc(__version__)}</h3>"
        + translate("help", "<p>A watchlist and release tracker for TV series. Your data stays on your computer.</p>")
        + where
        + translate(
            "help",
            "<p>Series, seasons, episodes and cast come from "
            "<a href='https://www.tvmaze.com'>TVmaze</a>, used under its "
            "<a href='https://www.tvmaze.com/api#licensing'>CC BY-SA 4.0 licence</a>. "
            "News comes from the RSS and Atom feeds you add (Library → News feeds…); each alert links "
            "to its source.</p>",
        )
        + translate("help", "<p>Licence: {licence}. Built with Qt for Python (PySide6, LGPL) and SQLite.</p>").format(
            licence=LICENCE
        )
    )


def show_about(parent: QWidget, database_path: str | None) -> None:
    box = QDialog(parent)
    box.setWindowTitle(translate("help", "About watchtracker"))
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
