"""The library as a table: an item model over immutable rows, and the proxy that filters it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
)

from watchtracker.domain.dates import month_abbreviation, safe_local
from watchtracker.domain.enums import ViewerState
from watchtracker.domain.i18n import QT_TRANSLATE_NOOP, translate
from watchtracker.domain.models import LibraryRow

from watchtracker.ui.common.delegates import PROGRESS_ROLE
from watchtracker.ui.common.html import plain_tooltip
from watchtracker.ui.common.posters import poster_pixmap
from watchtracker.ui.crash import guard_qt

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
SERIES_ID_ROLE = Qt.ItemDataRole.UserRole + 2
ROW_ROLE = Qt.ItemDataRole.UserRole + 3

COLUMNS = (
    QT_TRANSLATE_NOOP("LibraryModel", "Title"),
    QT_TRANSLATE_NOOP("LibraryModel", "Status"),
    QT_TRANSLATE_NOOP("LibraryModel", "Network"),
    QT_TRANSLATE_NOOP("LibraryModel", "Progress"),
    QT_TRANSLATE_NOOP("LibraryModel", "Next episode"),
    QT_TRANSLATE_NOOP("LibraryModel", "Last watched"),
    QT_TRANSLATE_NOOP("LibraryModel", "State"),
)
TITLE, STATUS, NETWORK, PROGRESS, NEXT, LAST, STATE = range(len(COLUMNS))
POSTER_SIZE = QSize(24, 34)

_Index = QModelIndex | QPersistentModelIndex


def relative_day(when: datetime | None, now: datetime | None = None) -> str:
    if when is None:
        return ""
    now = now or datetime.now(when.tzinfo)
    local = safe_local(when)  # a year 1 or 9999 an old import stored: no OverflowError
    days = (now.astimezone().date() - local.date()).days
    if days == 0:
        return translate("relative_day", "Today")
    if days == 1:
        return translate("relative_day", "Yesterday")
    if 1 < days < 7:
        return translate("relative_day", "%n day(s) ago", "", days)
    return translate("formatting", "{day} {month} {year}", "abbreviated month").format(
        day=local.day, month=month_abbreviation(local.month), year=local.year
    )


@guard_qt
class LibraryModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[LibraryRow] = []
        self._row_of: dict[int, int] = {}
        self._keys: list[str] = []
        self._sort: tuple[int, Qt.SortOrder] = (TITLE, Qt.SortOrder.AscendingOrder)

    # -- content -------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[LibraryRow]) -> None:
        self.beginResetModel()
        self._rows = self._sorted(rows)
        self._reindex()
        self.endResetModel()

    def _sorted(self, rows) -> list[LibraryRow]:
        column, order = self._sort
        return sorted(
            rows,
            key=lambda r: (self._sort_key(r, column), r.title.casefold()),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting here, in one Python sort, is far faster than the proxy asking data() for
        every comparison; the proxy keeps this order (see LibraryFilter.sort)."""
        if not 0 <= column < len(COLUMNS):
            return
        self._sort = (column, order)
        rows = self._sorted(self._rows)  # before the layout is said to change: a failure changes nothing
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        ids = [self._rows[i.row()].series_id for i in old]
        self._rows = rows
        self._reindex()
        self.changePersistentIndexList(
            old, [self.index(self._row_of[sid], i.column()) for sid, i in zip(ids, old, strict=True)]
        )
        self.layoutChanged.emit()

    def replace_all(self, rows: Sequence[LibraryRow]) -> None:
        """Like set_rows, but in place: only what differs is signalled."""
        new = {r.series_id: r for r in rows}
        current = {r.series_id: r for r in self._rows}
        if new == current:
            return
        changed = [r for sid, r in new.items() if current.get(sid) != r]
        self.update_rows(changed, removed=[sid for sid in current if sid not in new])

    def update_rows(self, rows: Iterable[LibraryRow], removed: Iterable[int] = ()) -> None:
        """Replace changed rows in place, append new ones, drop removed ones."""
        for sid in removed:
            i = self._row_of.get(sid)
            if i is not None:
                self.beginRemoveRows(QModelIndex(), i, i)
                del self._rows[i]
                self._reindex()
                self.endRemoveRows()
        for row in rows:
            i = self._row_of.get(row.series_id)
            if i is None:
                n = len(self._rows)
                self.beginInsertRows(QModelIndex(), n, n)
                self._rows.append(row)
                self._reindex()
                self.endInsertRows()
            else:
                self._rows[i] = row
                self._keys[i] = _filter_key(row)
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(COLUMNS) - 1))
        self.sort(*self._sort)  # keep changed and new rows in order

    def _reindex(self) -> None:
        self._row_of = {r.series_id: i for i, r in enumerate(self._rows)}
        self._keys = [_filter_key(r) for r in self._rows]

    def row_for(self, series_id: int) -> int | None:
        return self._row_of.get(series_id)

    def series_row(self, row: int) -> LibraryRow:
        return self._rows[row]

    def filter_key(self, row: int) -> str:
        return self._keys[row]

    # -- Qt model ------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(COLUMNS):
                return translate("LibraryModel", COLUMNS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == SORT_ROLE:
            return self._sort_key(r, col)
        if role == SERIES_ID_ROLE:
            return r.series_id
        if role == ROW_ROLE:
            return r
        if role == PROGRESS_ROLE and col == PROGRESS:
            return (r.episodes_watched, r.episodes_aired) if r.episodes_aired else None
        if role == Qt.ItemDataRole.DecorationRole and col == TITLE:
            return poster_pixmap(r.title, r.poster_path, POSTER_SIZE)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(self._tooltip(r, col)) or None
        if role == Qt.ItemDataRole.AccessibleTextRole and col == TITLE:  # the star, in words
            return translate("LibraryModel", "{title}, favourite").format(title=r.title) if r.favourite else r.title
        return None

    @staticmethod
    def _display(r: LibraryRow, col: int) -> str:
        if col == TITLE:
            return ("★ " if r.favourite else "") + r.title
        if col == STATUS:
            if r.status.is_unreleased and r.premiere:
                status = translate("LibraryModel", "{status} · {premiere}").format(
                    status=r.status.label, premiere=r.premiere.label()
                )
            else:
                status = r.status.label
            return status if r.linked else translate("LibraryModel", "{status} · unlinked").format(status=status)
        if col == NETWORK:
            return r.network
        if col == PROGRESS:
            return "" if r.episodes_aired else translate("LibraryModel", "No episodes yet")
        if col == NEXT:
            if r.next_episode:
                title = f" {r.next_episode.title}" if r.next_episode.title else ""
                return f"{r.next_episode.code}{title}"
            if r.episodes_aired and r.episodes_watched >= r.episodes_aired:
                return translate("LibraryModel", "All caught up")
            return ""
        if col == LAST:
            return relative_day(r.last_watched)
        if col == STATE:
            return r.state.label
        return ""

    @staticmethod
    def _sort_key(r: LibraryRow, col: int):
        if col == TITLE:
            return r.title.casefold()
        if col == STATUS:
            return r.status.label
        if col == NETWORK:
            return r.network.casefold()
        if col == PROGRESS:
            return r.progress if r.episodes_aired else -1.0
        if col == NEXT:
            return r.next_episode.code.season * 100_000 + r.next_episode.code.number if r.next_episode else 1 << 40
        if col == LAST:
            return r.last_watched.timestamp() if r.last_watched else 0.0
        if col == STATE:
            return list(ViewerState).index(r.state)
        return 0

    @staticmethod
    def _tooltip(r: LibraryRow, col: int) -> str | None:
        if col == TITLE:
            return r.title
        if col == STATUS and not r.linked:
            return translate(
                "LibraryModel",
                "Not linked to TVmaze, so it is not refreshed. "
                "Find on TVmaze… (in this row's menu) links it; your history is kept.",
            )
        if col == PROGRESS and r.episodes_aired:
            aired = r.episodes_aired
            return translate("LibraryModel", "{watched} of %n aired episode(s) watched", "", aired).format(
                watched=r.episodes_watched
            )
        if col == NEXT and r.next_episode and r.next_episode.air_date:
            return translate("LibraryModel", "{episode} aired {date}").format(
                episode=r.next_episode.code, date=r.next_episode.air_date.isoformat()
            )
        return None


def _filter_key(r: LibraryRow) -> str:
    return f"{r.title}\n{r.network}".casefold()


@guard_qt
class LibraryFilter(QSortFilterProxyModel):
    """Filter as you type (title and network) and by the viewer's state."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._text = ""
        self._state: ViewerState | None = None
        self.setDynamicSortFilter(False)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The source model sorts; the proxy only filters and keeps its order."""
        self.sourceModel().sort(column, order)

    def set_text(self, text: str) -> None:
        text = text.strip().casefold()
        if text != self._text:
            self._change(lambda: setattr(self, "_text", text))

    def set_state(self, state: ViewerState | None) -> None:
        if state != self._state:
            self._change(lambda: setattr(self, "_state", state))

    def _change(self, apply) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.9
            self.beginFilterChange()
            apply()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            apply()
            self.invalidateRowsFilter()

    @property
    def text(self) -> str:
        return self._text

    def setSourceModel(self, model: LibraryModel) -> None:  # type: ignore[override]
        self._source = model  # kept on the Python side: filterAcceptsRow runs once per row
        super().setSourceModel(model)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        source = self._source
        if self._state is not None and source._rows[source_row].state != self._state:
            return False
        return not self._text or self._text in source._keys[source_row]
