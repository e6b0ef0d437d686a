"""Up next's item model: one row per series being watched (services.schedule.up_next), updated
in place when one series changes, so the row the viewer works on does not jump around under the
cursor. It only shows; times are put in the viewer's zone with the ``local`` function it is
given."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from watchtracker.domain.i18n import QT_TRANSLATE_NOOP, translate
from watchtracker.domain.models import (
    UpNextRow,
)

from watchtracker.ui.common.formatting import episode_text, long_day, relative_day, runtime_text
from watchtracker.ui.common.html import plain_tooltip
from watchtracker.ui.common.posters import poster_pixmap
from watchtracker.ui.common.schedule_roles import (
    KEY_ROLE,
    POSTER_SIZE,
    ROW_ROLE,
    SERIES_ID_ROLE,
    Local,
    _Index,
    _local_default,
)
from watchtracker.ui.crash import guard_qt

UP_NEXT_COLUMNS = (
    QT_TRANSLATE_NOOP("UpNextModel", "Series"),
    QT_TRANSLATE_NOOP("UpNextModel", "Next episode"),
    QT_TRANSLATE_NOOP("UpNextModel", "Aired"),
    QT_TRANSLATE_NOOP("UpNextModel", "Runtime"),
    QT_TRANSLATE_NOOP("UpNextModel", "Left"),
    QT_TRANSLATE_NOOP("UpNextModel", "Last watched"),
    "",  # the Watched buttons
)
U_SERIES, U_EPISODE, U_AIRED, U_RUNTIME, U_LEFT, U_LAST, U_WATCH = range(len(UP_NEXT_COLUMNS))
NEW_DAYS = 7  # an episode that aired within a week of today, after the last viewing, is "new"


@guard_qt
class UpNextModel(QAbstractTableModel):
    """Rows in the order given (the service's: new episodes after a pause on top). ``update``
    replaces a series' row where it is, drops it when it is None (caught up), and places a
    series that was not there by its activity."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[UpNextRow] = []
        self._row_of: dict[int, int] = {}
        self._today = date.today()
        self._local: Local = _local_default
        self._bold = QFont()
        self._bold.setBold(True)
        # what data() says again and again, translated once
        self._not_started = translate("UpNextModel", "Not started")
        self._watched = translate("UpNextModel", "Watched", "the button")
        self._mark = translate("UpNextModel", "Mark {episode} watched")
        self._press = translate("UpNextModel", "Press Space or Enter to mark it watched")
        self._new = translate("UpNextModel", "{title}, new episode")
        self._left: dict[int, str] = {}  # "3 left", per number

    # -- content ---------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[UpNextRow], today: date | None = None, local: Local | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if today is not None:
            self._today = today
        if local is not None:
            self._local = local
        self._reindex()
        self.endResetModel()

    def update(self, rows: dict[int, UpNextRow | None], today: date | None = None) -> None:
        """``rows``: series id -> its row now (None: it left Up next)."""
        if today is not None and today != self._today:
            self._today = today
            if self._rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(UP_NEXT_COLUMNS) - 1))
        for sid, row in rows.items():
            i = self._row_of.get(sid)
            if row is None:
                if i is not None:
                    self.beginRemoveRows(QModelIndex(), i, i)
                    del self._rows[i]
                    self._reindex()
                    self.endRemoveRows()
            elif i is not None:
                self._rows[i] = row
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(UP_NEXT_COLUMNS) - 1))
            else:
                at = next((k for k, r in enumerate(self._rows) if _order(row) < _order(r)), len(self._rows))
                self.beginInsertRows(QModelIndex(), at, at)
                self._rows.insert(at, row)
                self._reindex()
                self.endInsertRows()

    def _reindex(self) -> None:
        self._row_of = {r.series_id: i for i, r in enumerate(self._rows)}

    def rows(self) -> list[UpNextRow]:
        return list(self._rows)

    def row_at(self, index: _Index | int) -> UpNextRow | None:
        i = index if isinstance(index, int) else (index.row() if index.isValid() else -1)
        return self._rows[i] if 0 <= i < len(self._rows) else None

    def row_for(self, series_id: int) -> int | None:
        return self._row_of.get(series_id)

    def is_new(self, r: UpNextRow) -> bool:
        """New episodes since the viewer last watched, the newest of them out this past week."""
        if r.newest_aired is None:
            return False
        if r.last_watched is not None and r.newest_aired <= r.last_watched:
            return False
        return (self._today - self._air_day(r.newest_aired, None)).days < NEW_DAYS

    def _air_day(self, stamp: datetime | None, day: date | None) -> date | None:
        return self._local(stamp).date() if stamp is not None else day

    # -- Qt model ----------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(UP_NEXT_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(UP_NEXT_COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                name = UP_NEXT_COLUMNS[section]
                return translate("UpNextModel", name) if name else ""
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == ROW_ROLE:
            return r
        if role == SERIES_ID_ROLE:
            return r.series_id
        if role == KEY_ROLE:
            return r.series_id
        if role == Qt.ItemDataRole.DecorationRole and col == U_SERIES:
            return poster_pixmap(r.title, r.poster_path, POSTER_SIZE)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(self._tooltip(r, col)) or None
        if role == Qt.ItemDataRole.FontRole and col == U_SERIES and self.is_new(r):
            return self._bold
        if role == Qt.ItemDataRole.AccessibleTextRole and col == U_WATCH:
            return self._mark.format(episode=r.code)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and col == U_WATCH:
            return self._press
        if role == Qt.ItemDataRole.AccessibleTextRole and col == U_SERIES and self.is_new(r):
            return self._new.format(title=r.title)  # what the bold says
        return None

    def _display(self, r: UpNextRow, col: int) -> str:
        if col == U_SERIES:
            return r.title
        if col == U_EPISODE:
            return episode_text(r.season, r.number, r.episode_title)
        if col == U_AIRED:
            return relative_day(self._air_day(r.airstamp, r.air_date), self._today)
        if col == U_RUNTIME:
            return runtime_text(r.runtime)
        if col == U_LEFT:
            n = r.left  # a plain name: lupdate reads no other expression as the count
            left = self._left.get(n)
            if left is None:
                left = self._left[n] = translate("UpNextModel", "%n left", "episodes", n)
            return left
        if col == U_LAST:
            return (
                relative_day(self._local(r.last_watched).date(), self._today) if r.last_watched else self._not_started
            )
        if col == U_WATCH:
            return self._watched
        return ""

    def _tooltip(self, r: UpNextRow, col: int) -> str:
        if col == U_SERIES:
            lines = [r.title]
            if r.network:
                lines.append(r.network)
            if self.is_new(r) and r.newest_aired is not None:
                when = relative_day(self._air_day(r.newest_aired, None), self._today)
                lines.append(translate("UpNextModel", "New: an episode aired {when}").format(when=when.lower()))
            return "\n".join(lines)
        if col == U_EPISODE:
            episode = f"{r.code} {r.episode_title}".rstrip()
            return (
                translate("UpNextModel", "{episode} (a special)").format(episode=episode) if r.is_special else episode
            )
        if col == U_AIRED:
            if r.airstamp is not None:
                at = self._local(r.airstamp)
                return f"{long_day(at.date())}, {at:%H:%M}"
            return long_day(r.air_date) if r.air_date else ""
        if col == U_LEFT:
            n = r.left
            return translate("UpNextModel", "%n aired episode(s) not watched yet, this one included", "", n)
        if col == U_LAST and r.last_watched is not None:
            at = self._local(r.last_watched)
            return translate("UpNextModel", "Last watched {day}, {time}").format(
                day=long_day(at.date()), time=f"{at:%H:%M}"
            )
        if col == U_WATCH:
            return translate("UpNextModel", "Mark {episode} watched (Space)").format(episode=r.code)
        return ""


def _order(r: UpNextRow):
    return (-r.activity.timestamp(), r.title.casefold(), r.series_id)
