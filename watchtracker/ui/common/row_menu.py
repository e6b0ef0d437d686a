"""The context menu of a list, a table or a tree: the actions on the row under the pointer (a right
click) or on the current row (the Menu key, Shift+F10).

The Menu key reaches a widget as a context-menu event (the platform sends it to the focused
widget); Shift+F10 is a key press that Qt on Linux leaves alone, so it is turned into the same
event here. Either way the menu is over the current row, not where the pointer happens to be.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QMenu

from watchtracker.ui.crash import guard_qt

Fill = Callable[[QMenu, QModelIndex], None]


def menu_text(text: str) -> str:
    """Text from data (a title) in a menu entry: "&" marks a mnemonic there ("Law & Order")."""
    return text.replace("&", "&&")


def with_key(text: str, key: str) -> str:
    """An entry that says the key doing the same ("Delete…" and "Del"), without binding the key
    a second time: a key bound twice in a window does nothing at all."""
    return f"{text}\t{key}"


@guard_qt
class RowMenu(QObject):
    """``fill(menu, index)`` puts the actions for the row at ``index`` in ``menu``; a menu left
    empty is not shown. A right click on a row not selected selects it first, so the actions,
    which act on the selection as the buttons and keys do, act on the row clicked.

    ``menu`` is the menu on screen (None before the first one), for tests."""

    def __init__(self, view: QAbstractItemView, fill: Fill):
        super().__init__(view)
        self.view, self.fill = view, fill
        self.menu: QMenu | None = None
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)
        view.installEventFilter(self)
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ContextMenu and watched in (self.view, self.view.viewport()):
            assert isinstance(event, QContextMenuEvent)
            if event.reason() == QContextMenuEvent.Reason.Mouse:
                self._open_under(event.globalPos())
            else:
                self.open_current()
            return True
        if kind == QEvent.Type.KeyPress and watched is self.view:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_F10 and event.modifiers() == Qt.KeyboardModifier.ShiftModifier:
                self.open_current()
                return True
        return False

    def _open_under(self, global_pos: QPoint) -> None:
        view = self.view
        pos = view.viewport().mapFromGlobal(global_pos)
        index = view.indexAt(pos) if view.viewport().rect().contains(pos) else QModelIndex()
        if not index.isValid():
            return
        selection = view.selectionModel()
        if selection is not None and not selection.isSelected(index):
            flags = selection.SelectionFlag
            rows = (
                flags.Rows
                if view.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows
                else flags.NoUpdate
            )
            selection.setCurrentIndex(index, flags.ClearAndSelect | rows)
        self._show(index, global_pos)

    def open_current(self) -> None:
        """The menu of the current row, over it (the keyboard's way)."""
        view = self.view
        index = view.currentIndex()
        if not index.isValid() and view.selectionModel() is not None:
            selected = view.selectionModel().selectedIndexes()
            index = selected[0] if selected else QModelIndex()
        if not index.isValid():
            return
        view.scrollTo(index)
        rect = view.visualRect(index).intersected(view.viewport().rect())
        at = QPoint(rect.left() + min(rect.width() // 2, 24), rect.bottom()) if rect.isValid() else QPoint(0, 0)
        self._show(index, view.viewport().mapToGlobal(at))

    def _show(self, index: QModelIndex, global_pos: QPoint) -> None:
        menu = QMenu(self.view)
        self.fill(menu, index)
        if menu.isEmpty():
            menu.deleteLater()
            return
        menu.aboutToHide.connect(menu.deleteLater)  # after the chosen action ran: deletion waits for the loop
        self.menu = menu
        menu.popup(global_pos)


__all__ = ["RowMenu", "menu_text", "with_key"]
