"""Cast with characters, as a flat table."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from watchtracker.domain.i18n import QT_TRANSLATE_NOOP, translate
from watchtracker.domain.models import CastCredit

from watchtracker.ui.crash import guard_qt

_Index = QModelIndex | QPersistentModelIndex


@guard_qt
class CastModel(QAbstractTableModel):
    HEADERS = (QT_TRANSLATE_NOOP("CastModel", "Actor"), QT_TRANSLATE_NOOP("CastModel", "Character"))

    def __init__(self, parent=None):
        super().__init__(parent)
        self._credits: list[CastCredit] = []

    def set_credits(self, credits: Sequence[CastCredit]) -> None:
        self.beginResetModel()
        self._credits = list(credits)
        self.endResetModel()

    @property
    def credits(self) -> list[CastCredit]:
        return self._credits

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._credits)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 2:
            return translate("CastModel", self.HEADERS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        c = self._credits[index.row()]
        return c.person if index.column() == 0 else c.character
