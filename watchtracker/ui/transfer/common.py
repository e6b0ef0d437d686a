"""What the import wizard and the shows-kept-for-later dialog share: the errors they explain,
the sortable tables of the preview, wrapped labels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
)

from watchtracker.domain.transfer import NotAnExport
from watchtracker.errors import USER_FACING, StorageError

from watchtracker.ui.common.html import plain_tooltip
from watchtracker.ui.common.labels import SelectableLabel
from watchtracker.ui.crash import guard_qt

if TYPE_CHECKING:
    pass

_Index = QModelIndex | QPersistentModelIndex

# the errors a viewer can act on: said in the dialog; anything else is a bug for the crash handler
EXPLAINED = (*USER_FACING, NotAnExport, StorageError, OSError)


@guard_qt
class RowsModel(QAbstractTableModel):
    """Rows of text, sortable through a proxy; numbers in the last column sort as numbers."""

    def __init__(self, headers: Sequence[str], parent=None):
        super().__init__(parent)
        self.headers = tuple(headers)
        self.rows: list[tuple[str, ...]] = []

    def set_rows(self, rows: Sequence[tuple[str, ...]]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None

    def data(self, index: _Index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        text = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(text)
        if role == Qt.ItemDataRole.UserRole:  # the sort key
            digits = text.replace(",", "")
            return int(digits) if digits.isdigit() else text.casefold()
        if (
            role == Qt.ItemDataRole.TextAlignmentRole
            and index.column() == len(self.headers) - 1
            and text.replace(",", "").isdigit()
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def rows_table(model: RowsModel, name: str, stretch: int, label: str = "") -> QTableView:
    """A sortable table of the rows; ``label`` is what a screen reader calls it."""
    proxy = QSortFilterProxyModel(model)
    proxy.setSourceModel(model)
    proxy.setSortRole(Qt.ItemDataRole.UserRole)
    view = QTableView()
    view.setObjectName(name)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the file's order until a header is clicked
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setTabKeyNavigation(False)  # Tab goes on to the next control; the arrows move in the table
    if label:
        view.setAccessibleName(label)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    for column in range(len(model.headers)):
        mode = QHeaderView.ResizeMode.Stretch if column in (0, stretch) else QHeaderView.ResizeMode.Interactive
        header.setSectionResizeMode(column, mode)
    return view


def wrapped_label(text: str = "", name: str = "") -> QLabel:
    label = SelectableLabel(text)  # plain text; no focus stop while empty
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label
