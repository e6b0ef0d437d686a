"""Item models for Up next and Upcoming, over the schedule service's immutable rows.

``UpNextModel``: one row per series being watched (services.schedule.up_next), updated in place
when one series changes, so the row the viewer works on does not jump around under the cursor.
``UpcomingModel``: an agenda, a heading row for each of the viewer's local days (then one for the
announced series with no exact date) followed by its items. The models only show; times arrive already in the viewer's
zone (UpcomingItem.local_time) or are put there with the ``local`` function they are given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from watchtracker.domain.dates import safe_local
from watchtracker.domain.models import (
    AnnouncedSeries,
    ReleaseKind,
    Upcoming,
    UpcomingItem,
    UpNextRow,
)
from watchtracker.ui.crash import guard_qt
from watchtracker.ui.html import plain_tooltip
from watchtracker.ui.posters import poster_pixmap

_Index = QModelIndex | QPersistentModelIndex
Local = Callable[[datetime], datetime]

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the UpNextRow / UpcomingItem / AnnouncedSeries of a row
SERIES_ID_ROLE = Qt.ItemDataRole.UserRole + 2
BADGE_ROLE = Qt.ItemDataRole.UserRole + 3  # a premiere's ReleaseKind value (a str) for its badge, else None
KEY_ROLE = Qt.ItemDataRole.UserRole + 4  # a row's identity that survives a reload

POSTER_SIZE = QSize(28, 40)
UPCOMING_ROW_HEIGHT = 26  # a little air between the lines of a calendar
_GROUP_BACKGROUND = QColor(128, 128, 128, 38)  # a tint that reads on light and dark palettes

BADGE_COLOURS = {
    ReleaseKind.SERIES_PREMIERE: "#8a4fbf",
    ReleaseKind.SEASON_PREMIERE: "#2a7bbf",
}


def _local_default(moment: datetime) -> datetime:
    return safe_local(moment)


# -- words for times ------------------------------------------------------------------------------


def relative_day(day: date | None, today: date) -> str:
    """ "Today", "Yesterday", "3 days ago", "2 weeks ago", "12 Mar 2025"; ahead: "Tomorrow", "in 3 days"."""
    if day is None:
        return ""
    delta = (today - day).days
    if delta == 0:
        return "Today"
    if delta == 1:
        return "Yesterday"
    if delta == -1:
        return "Tomorrow"
    if -7 < delta < 0:
        return f"in {-delta} days"
    if 1 < delta < 7:
        return f"{delta} days ago"
    if 7 <= delta < 35:
        weeks = delta // 7
        return f"{weeks} week{'s' if weeks != 1 else ''} ago"
    return f"{day.day} {day.strftime('%b %Y')}"


def long_day(day: date) -> str:
    """ "Thursday 26 November 2026"."""
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}"


def runtime_text(minutes: float | None) -> str:
    """ "45 min", "1 h", "1 h 30 min"; "" when not known."""
    if not minutes:
        return ""
    minutes = round(minutes)
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def episode_text(season: int | None, number: int | None, title: str) -> str:
    """ "S01E03 · The Title", "Special 2 · Holiday", "Season 2" (a season known only by its date)."""
    if season is None:
        return title
    if number is None:
        return f"Season {season}" + (f" · {title}" if title else "")
    code = f"Special {number}" if season == 0 else f"S{season:02d}E{number:02d}"
    return f"{code} · {title}" if title else code


# -- Up next ----------------------------------------------------------------------------------------

UP_NEXT_COLUMNS = ("Series", "Next episode", "Aired", "Runtime", "Left", "Last watched", "")
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
                return UP_NEXT_COLUMNS[section]
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
            return f"Mark {r.code} watched"
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
            return f"{r.left} left"
        if col == U_LAST:
            return relative_day(self._local(r.last_watched).date(), self._today) if r.last_watched else "Not started"
        if col == U_WATCH:
            return "Watched"
        return ""

    def _tooltip(self, r: UpNextRow, col: int) -> str:
        if col == U_SERIES:
            lines = [r.title]
            if r.network:
                lines.append(r.network)
            if self.is_new(r) and r.newest_aired is not None:
                when = relative_day(self._air_day(r.newest_aired, None), self._today)
                lines.append(f"New: an episode aired {when.lower()}")
            return "\n".join(lines)
        if col == U_EPISODE:
            return f"{r.code} {r.episode_title}".rstrip() + (" (a special)" if r.is_special else "")
        if col == U_AIRED:
            if r.airstamp is not None:
                at = self._local(r.airstamp)
                return f"{long_day(at.date())}, {at:%H:%M}"
            return long_day(r.air_date) if r.air_date else ""
        if col == U_LEFT:
            return f"{r.left} aired episode{'s' if r.left != 1 else ''} not watched yet, this one included"
        if col == U_LAST and r.last_watched is not None:
            at = self._local(r.last_watched)
            return f"Last watched {long_day(at.date())}, {at:%H:%M}"
        if col == U_WATCH:
            return f"Mark {r.code} watched (Space)"
        return ""


def _order(r: UpNextRow):
    return (-r.activity.timestamp(), r.title.casefold(), r.series_id)


# -- Upcoming -----------------------------------------------------------------------------------

UPCOMING_COLUMNS = ("When", "Series", "Episode", "Kind", "Network")
C_WHEN, C_SERIES, C_EPISODE, C_KIND, C_NETWORK = range(len(UPCOMING_COLUMNS))
ANNOUNCED_LABEL = "Announced, no exact date yet"
_COLUMN_COUNT = len(UPCOMING_COLUMNS)
_HEADING_FLAGS = Qt.ItemFlag.ItemIsEnabled
_ITEM_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


@dataclass(frozen=True, slots=True)
class Heading:
    """A row that names the day (or the announced section) of the rows under it."""

    label: str
    count: int
    announced: bool = False

    @property
    def text(self) -> str:
        return f"{self.label}  ·  {self.count} series" if self.announced else self.label


@guard_qt
class UpcomingModel(QAbstractTableModel):
    """An agenda: a heading row for each local day with something on it ("Today", "Tomorrow",
    "Friday 27 November") followed by its items, then a heading for the announced series and
    those, at the precision their premiere is known ("Spring 2027").

    Flat rather than a tree: a view asks a table only about the rows on screen, where a tree
    walks every row to lay itself out, which a year of a large library makes slow."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[Heading | UpcomingItem | AnnouncedSeries] = []
        self._headings: list[int] = []
        self._row_of: dict[str, int] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._items = 0
        self._announced = 0

    # -- content ---------------------------------------------------------------------------
    def set_upcoming(self, upcoming: Upcoming | None, today: date) -> None:
        self.beginResetModel()
        rows: list[Heading | UpcomingItem | AnnouncedSeries] = []
        headings: list[int] = []
        self._items = self._announced = 0
        if upcoming is not None:
            for day in upcoming.days:
                headings.append(len(rows))
                rows.append(Heading(day.label(today), len(day.items)))
                rows.extend(day.items)
                self._items += len(day.items)
            if upcoming.announced:
                headings.append(len(rows))
                rows.append(Heading(ANNOUNCED_LABEL, len(upcoming.announced), announced=True))
                rows.extend(upcoming.announced)
                self._announced = len(upcoming.announced)
        self._rows, self._headings = rows, headings
        self._row_of = {_key(r): i for i, r in enumerate(rows) if not isinstance(r, Heading)}
        self.endResetModel()

    @property
    def item_count(self) -> int:
        return self._items

    @property
    def announced_count(self) -> int:
        return self._announced

    def heading_rows(self) -> list[int]:
        return list(self._headings)

    def group_count(self) -> int:
        return len(self._headings)

    def group_label(self, number: int) -> str:
        return self._rows[self._headings[number]].label

    def group_entries(self, number: int) -> list[UpcomingItem | AnnouncedSeries]:
        start = self._headings[number] + 1
        end = self._headings[number + 1] if number + 1 < len(self._headings) else len(self._rows)
        return self._rows[start:end]  # type: ignore[return-value]

    def is_heading(self, row: int) -> bool:
        return 0 <= row < len(self._rows) and isinstance(self._rows[row], Heading)

    def entry_at(self, index: _Index | int) -> UpcomingItem | AnnouncedSeries | None:
        row = index if isinstance(index, int) else (index.row() if index.isValid() else -1)
        if not 0 <= row < len(self._rows):
            return None
        entry = self._rows[row]
        return None if isinstance(entry, Heading) else entry

    def index_of(self, key: str, column: int = 0) -> QModelIndex:
        row = self._row_of.get(key)
        return QModelIndex() if row is None else self.index(row, column)

    # -- Qt model ----------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else _COLUMN_COUNT

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _HEADING_FLAGS if isinstance(self._rows[index.row()], Heading) else _ITEM_FLAGS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < _COLUMN_COUNT:
                return UPCOMING_COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        if isinstance(entry, Heading):
            return self._heading_data(entry, index.column(), role)
        if role == ROW_ROLE:
            return entry
        if role == SERIES_ID_ROLE:
            return entry.series_id
        if role == KEY_ROLE:
            return _key(entry)
        if isinstance(entry, AnnouncedSeries):
            return self._announced_data(entry, index.column(), role)
        return self._item_data(entry, index.column(), role)

    def _heading_data(self, heading: Heading, col: int, role: int):
        if role == Qt.ItemDataRole.BackgroundRole:
            return _GROUP_BACKGROUND
        if col != 0:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return heading.text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return heading.label
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        return None

    def _item_data(self, item: UpcomingItem, col: int, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            if col == C_WHEN:
                return item.local_time.strftime("%H:%M") if item.local_time is not None else "all day"
            if col == C_SERIES:
                return item.series_title
            if col == C_EPISODE:
                return episode_text(item.season, item.number, item.title)  # a series premiere: its badge says it
            if col == C_KIND:
                return item.kind.label if item.is_premiere else ""
            if col == C_NETWORK:
                return item.network
            return None
        if role == BADGE_ROLE and col == C_KIND and item.is_premiere:
            return item.kind.value
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(self._item_tooltip(item, col)) or None
        if role == Qt.ItemDataRole.ForegroundRole and col == C_WHEN and item.local_time is None:
            return QColor("#7a7a7a")
        if role == Qt.ItemDataRole.FontRole and col == C_SERIES and item.is_premiere:
            return self._bold
        return None

    @staticmethod
    def _item_tooltip(item: UpcomingItem, col: int) -> str:
        if col == C_WHEN:
            if item.local_time is not None:
                return f"{long_day(item.day)}, {item.local_time:%H:%M} your time"
            return f"{long_day(item.day)}; no air time known"
        if col in (C_SERIES, C_EPISODE):
            extra = [item.kind.label]
            if item.runtime:
                extra.append(runtime_text(item.runtime))
            return f"{item.label}\n{' · '.join(extra)}"
        return ""

    def _announced_data(self, a: AnnouncedSeries, col: int, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            if col == C_WHEN:
                return a.when
            if col == C_SERIES:
                return a.title
            if col == C_EPISODE:
                return f"{a.status.label} · {a.franchise}" if a.franchise else a.status.label
            if col == C_NETWORK:
                return a.network
            return ""
        if role == Qt.ItemDataRole.ToolTipRole and col in (C_WHEN, C_SERIES, C_EPISODE):
            when = a.premiere.phrase() if a.premiere else "at a date not announced yet"
            return plain_tooltip(f"{a.title}: {a.status.label.lower()}, premieres {when}")
        if role == Qt.ItemDataRole.ForegroundRole and col == C_WHEN:
            return QColor("#7a7a7a")
        return None


def _key(entry: UpcomingItem | AnnouncedSeries) -> str:
    return entry.key if isinstance(entry, UpcomingItem) else f"announced-{entry.series_id}"


def items_of(upcoming: Upcoming | None) -> Iterable[UpcomingItem]:
    return upcoming.items if upcoming is not None else ()
