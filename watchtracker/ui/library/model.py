"""The library as a table: an item model over immutable rows, and the proxy that filters it."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from datetime import datetime, time, timedelta
from time import time as _now

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
)

from watchtracker.domain.dates import month_abbreviation, safe_local
from watchtracker.domain.enums import ViewerState
from watchtracker.domain.i18n import QT_TRANSLATE_NOOP, translate
from watchtracker.domain.models import LibraryRow

from watchtracker.ui.common.delegates import PROGRESS_ROLE
from watchtracker.ui.common.html import plain_tooltip
from watchtracker.ui.common.posters import poster_pixmap
from watchtracker.ui.crash import guard_qt, guarded

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
_N_COLUMNS = len(COLUMNS)
# the roles data() answers: the others (font, colours, alignment, check state ... asked for every cell painted) are None
_ROLES = frozenset(
    int(r)
    for r in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.AccessibleTextRole,
        SORT_ROLE,
        SERIES_ID_ROLE,
        ROW_ROLE,
        PROGRESS_ROLE,
    )
)
POSTER_SIZE = QSize(24, 34)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)

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
        self.version = 0  # changes with any row, key or order: LibraryFilter's cached matches follow it
        self._sort: tuple[int, Qt.SortOrder] = (TITLE, Qt.SortOrder.AscendingOrder)
        # what a painted cell shows, per row object (rows are immutable: a changed row is a new object):
        # id(row) -> (row, its columns' texts); the "Last watched" texts say "Today", so it is emptied at midnight
        self._texts: dict[int, tuple[LibraryRow, tuple[str, ...]]] = {}
        self._texts_until = 0.0  # the time.time() of the next local midnight

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
                self.version += 1
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(COLUMNS) - 1))
        self.sort(*self._sort)  # keep changed and new rows in order

    def _reindex(self) -> None:
        self._row_of = {r.series_id: i for i, r in enumerate(self._rows)}
        self._keys = [_filter_key(r) for r in self._rows]
        self.version += 1
        if len(self._texts) > 2 * len(self._rows) + 64:  # rows replaced or gone: their texts go
            live = {id(r) for r in self._rows}
            self._texts = {k: v for k, v in self._texts.items() if k in live}

    def row_for(self, series_id: int) -> int | None:
        return self._row_of.get(series_id)

    def series_row(self, row: int) -> LibraryRow:
        return self._rows[row]

    def filter_key(self, row: int) -> str:
        return self._keys[row]

    def matching(self, text: str, state: ViewerState | None, among: Iterable[int] | None = None) -> list[int]:
        """The rows (of ``among``, default all) whose casefolded title or network holds ``text``
        and whose state is ``state`` (any, if None): one pass, in row order."""
        keys, rows = self._keys, self._rows
        candidates = range(len(keys)) if among is None else among
        if text:
            candidates = [i for i in candidates if text in keys[i]]
        if state is not None:
            candidates = [i for i in candidates if rows[i].state == state]
        return list(candidates)

    # -- Qt model ------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else _N_COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(COLUMNS):
                return translate("LibraryModel", COLUMNS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in _ROLES or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self.row_data(index.row(), index.column(), role)

    def row_data(self, row: int, col: int, role: int):
        """data() for a row and column (LibraryFilter asks this directly: no index to make)."""
        r = self._rows[row]
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

    def painted(self, row: int, col: int) -> tuple[str, object]:
        """The display text and decoration of a cell, as data() gives them, the texts kept per row:
        a repaint asks them for every visible cell, and the next repaint mostly for the same rows."""
        r = self._rows[row]
        if _now() >= self._texts_until:  # a new day: "Today" is "Yesterday" now
            self._texts.clear()
            tomorrow = datetime.now().date() + timedelta(days=1)
            self._texts_until = datetime.combine(tomorrow, time.min).timestamp()
        cached = self._texts.get(id(r))
        if cached is None or cached[0] is not r:
            cached = self._texts[id(r)] = (r, tuple(self._display(r, c) for c in range(_N_COLUMNS)))
        if col == TITLE:
            return cached[1][TITLE], poster_pixmap(r.title, r.poster_path, POSTER_SIZE)
        return cached[1][col], None

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
class LibraryFilter(QAbstractTableModel):
    """Filter as you type (title and network) and by the viewer's state: the source's rows that
    match, in the source's order (the source sorts).

    It holds the list of shown source rows itself. A keystroke finds the matches in one Python pass
    over the source's casefolded keys (only over the last matches when the new text holds the old
    one), where a QSortFilterProxyModel called filterAcceptsRow from Qt for each of the 2,000 rows;
    a painted cell is one call (multiData), where that proxy made three per role, seven roles a cell
    (the source's data(), and its index() asking rowCount() and columnCount()). It says
    each change as QSortFilterProxyModel (without dynamic sorting) does, with the same runs of rows
    removed and inserted in the same order, so a view keeps or moves its selection, current row
    and scroll position exactly as it did."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._text = ""
        self._state: ViewerState | None = None
        self._source: LibraryModel | None = None
        self._shown: list[int] = []  # source rows, ascending: proxy row i shows source row _shown[i]
        self._saved: list[tuple[QModelIndex, QPersistentModelIndex]] = []  # across a source layout change
        # the last text's matches, for narrowing: (source version, text) and the source rows (None: all)
        self._text_key: tuple[int, str] | None = None
        self._text_rows: list[int] | None = None

    # -- filtering -------------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The source model sorts; the proxy only filters and keeps its order."""
        if self._source is not None:
            self._source.sort(column, order)

    def set_text(self, text: str) -> None:
        text = text.strip().casefold()
        if text != self._text:
            self._text = text
            self._refilter()

    def set_state(self, state: ViewerState | None) -> None:
        if state != self._state:
            self._state = state
            self._refilter()

    @property
    def text(self) -> str:
        return self._text

    def _matches(self) -> list[int]:
        """The source rows that pass the filter, ascending."""
        source = self._source
        if source is None:
            return []
        text, key = self._text, self._text_key
        if not text:
            text_rows = None
        elif key is not None and key[0] == source.version and key[1] in text and self._text_rows is not None:
            text_rows = source.matching(text, None, self._text_rows)  # narrowing: only the last matches can match
        else:
            text_rows = source.matching(text, None)
        self._text_key, self._text_rows = (source.version, text), text_rows
        if text_rows is None and self._state is None:
            return list(range(source.rowCount()))
        return source.matching("", self._state, text_rows)

    def _refilter(self) -> None:
        """As QSortFilterProxyModel's filter_changed: the runs of rows that go, last run first;
        then the runs that come, last run first, where they fall in the source's order."""
        new = self._matches()
        shown = self._shown
        keep = set(new)
        gone = [i for i, row in enumerate(shown) if row not in keep]
        for first, last in reversed(_runs(gone)):
            self.beginRemoveRows(QModelIndex(), first, last)
            del shown[first : last + 1]
            self.endRemoveRows()
        if len(shown) == len(new):
            return
        kept = set(shown)
        groups: list[tuple[int, list[int]]] = []  # (proxy row, the source rows inserted there)
        for row in new:
            if row in kept:
                continue
            at = bisect_left(shown, row)
            if groups and groups[-1][0] == at:
                groups[-1][1].append(row)
            else:
                groups.append((at, [row]))
        for at, rows in reversed(groups):
            self.beginInsertRows(QModelIndex(), at, at + len(rows) - 1)
            shown[at:at] = rows
            self.endInsertRows()

    # -- the source --------------------------------------------------------------------------
    def setSourceModel(self, model: LibraryModel) -> None:
        self.beginResetModel()
        if self._source is not None:
            for signal, slot in self._wiring(self._source):
                signal.disconnect(slot)
        self._source = model
        for signal, slot in self._wiring(model):
            signal.connect(slot)
        self._text_key = None
        self._shown = self._matches()
        self.endResetModel()

    def sourceModel(self) -> LibraryModel | None:
        return self._source

    def _wiring(self, model: LibraryModel):
        return (
            (model.modelAboutToBeReset, self.beginResetModel),
            (model.modelReset, self._on_reset),
            (model.layoutAboutToBeChanged, self._on_layout_about_to_change),
            (model.layoutChanged, self._on_layout_changed),
            (model.rowsAboutToBeRemoved, self._on_rows_about_to_be_removed),
            (model.rowsRemoved, self._on_rows_removed),
            (model.rowsInserted, self._on_rows_inserted),
            (model.dataChanged, self._on_data_changed),
            (model.headerDataChanged, self.headerDataChanged),
        )

    def _on_reset(self) -> None:
        self._shown = self._matches()
        self.endResetModel()

    def _on_layout_about_to_change(self, *args) -> None:
        """The source re-sorts: the persistent indexes (selection, current row) follow their rows."""
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        self._saved = [(i, QPersistentModelIndex(self.mapToSource(i))) for i in old]

    def _on_layout_changed(self, *args) -> None:
        self._shown = self._matches()  # a row that changed meanwhile is filtered again, as the proxy did
        saved, self._saved = self._saved, []
        self.changePersistentIndexList([p for p, _ in saved], [self.mapFromSource(s) for _, s in saved])
        self.layoutChanged.emit()

    def _on_rows_about_to_be_removed(self, parent: QModelIndex, first: int, last: int) -> None:
        shown = self._shown
        lo, hi = bisect_left(shown, first), bisect_left(shown, last + 1)
        if lo < hi:
            self.beginRemoveRows(QModelIndex(), lo, hi - 1)
            del shown[lo:hi]
            self.endRemoveRows()

    def _on_rows_removed(self, parent: QModelIndex, first: int, last: int) -> None:
        n = last - first + 1
        self._shown = [r - n if r > last else r for r in self._shown]

    def _on_rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        n = last - first + 1
        self._shown = [r + n if r >= first else r for r in self._shown]
        new = [r for r in self._matches() if first <= r <= last]
        if new:
            at = bisect_left(self._shown, first)
            self.beginInsertRows(QModelIndex(), at, at + len(new) - 1)
            self._shown[at:at] = new
            self.endInsertRows()

    def _on_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, roles=()) -> None:
        shown = self._shown
        lo, hi = bisect_left(shown, top_left.row()), bisect_left(shown, bottom_right.row() + 1)
        if lo < hi:
            self.dataChanged.emit(self.index(lo, top_left.column()), self.index(hi - 1, bottom_right.column()), roles)

    def mapToSource(self, index: _Index) -> QModelIndex:
        if self._source is None or not index.isValid() or not 0 <= index.row() < len(self._shown):
            return QModelIndex()
        return self._source.index(self._shown[index.row()], index.column())

    def mapFromSource(self, index: _Index) -> QModelIndex:
        if not index.isValid():
            return QModelIndex()
        at = bisect_left(self._shown, index.row())
        if at < len(self._shown) and self._shown[at] == index.row():
            return self.index(at, index.column())
        return QModelIndex()

    # -- Qt model ------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:
        if 0 <= row < len(self._shown) and 0 <= column < _N_COLUMNS and not parent.isValid():
            return self.createIndex(row, column)
        return QModelIndex()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or self._source is None else _N_COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if self._source is None:
            return None
        if orientation == Qt.Orientation.Vertical:  # the source row's, as QSortFilterProxyModel says
            if not 0 <= section < len(self._shown):
                return None
            section = self._shown[section]
        return self._source.headerData(section, orientation, role)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in _ROLES or not index.isValid():  # most roles a delegate asks are none of ours
            return None
        row, source = index.row(), self._source
        if source is None or not 0 <= row < len(self._shown):
            return None
        return source.row_data(self._shown[row], index.column(), role)

    @guarded(lambda: None)
    def multiData(self, index: _Index, roleDataSpan) -> None:  # noqa: N802, N803 - Qt's names
        """All the roles a delegate asks to paint a cell (seven), in one call rather than seven.
        The span is read by position: iterating it ends on an IndexError, dearer than the rest."""
        source, row, column = self._source, index.row(), index.column()  # an invalid index: row -1
        if source is None or not 0 <= row < len(self._shown) or not 0 <= column < _N_COLUMNS:
            for i in range(len(roleDataSpan)):
                roleDataSpan[i].clearData()
            return
        row = self._shown[row]
        text, decoration = source.painted(row, column)
        for i in range(len(roleDataSpan)):
            role_data = roleDataSpan[i]
            role = role_data.role()
            if role == _DISPLAY:
                role_data.setData(text)
            elif role == _DECORATION:
                role_data.setData(decoration)
            elif role in _ROLES:
                role_data.setData(source.row_data(row, column, role))
            else:
                role_data.clearData()


def _runs(positions: list[int]) -> list[tuple[int, int]]:
    """Ascending positions as runs of consecutive ones: [1, 2, 3, 7] -> [(1, 3), (7, 7)]."""
    runs: list[tuple[int, int]] = []
    for p in positions:
        if runs and runs[-1][1] == p - 1:
            runs[-1] = (runs[-1][0], p)
        else:
            runs.append((p, p))
    return runs
