"""Upcoming's item model: an agenda, a heading row for each of the viewer's local days (then one
for the announced series with no exact date) followed by its items. Times arrive already in the
viewer's zone (UpcomingItem.local_time)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from watchtracker.domain.i18n import QT_TRANSLATE_NOOP, translate
from watchtracker.domain.models import (
    AnnouncedSeries,
    Upcoming,
    UpcomingItem,
)

from watchtracker.ui.common import theme
from watchtracker.ui.common.formatting import episode_text, long_day, runtime_text
from watchtracker.ui.common.html import plain_tooltip
from watchtracker.ui.common.schedule_roles import (
    _GROUP_BACKGROUND,
    BADGE_ROLE,
    KEY_ROLE,
    ROW_ROLE,
    SERIES_ID_ROLE,
    _Index,
)
from watchtracker.ui.crash import guard_qt

UPCOMING_COLUMNS = (
    QT_TRANSLATE_NOOP("UpcomingModel", "When"),
    QT_TRANSLATE_NOOP("UpcomingModel", "Series"),
    QT_TRANSLATE_NOOP("UpcomingModel", "Episode"),
    QT_TRANSLATE_NOOP("UpcomingModel", "Kind"),
    QT_TRANSLATE_NOOP("UpcomingModel", "Network"),
)
C_WHEN, C_SERIES, C_EPISODE, C_KIND, C_NETWORK = range(len(UPCOMING_COLUMNS))
ANNOUNCED_LABEL = QT_TRANSLATE_NOOP("UpcomingModel", "Announced, no exact date yet")
# the period their premiere was expected in is over
OVERDUE_LABEL = QT_TRANSLATE_NOOP("UpcomingModel", "Expected, but no date since")
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
        if self.announced:
            count = self.count  # a plain name: lupdate reads no other expression as the count
            return translate("UpcomingModel", "{label}  ·  %n series", "", count).format(label=self.label)
        return self.label


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
        self._all_day = translate("UpcomingModel", "all day")  # data() says it again and again

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
            coming = [a for a in upcoming.announced if not a.overdue]
            overdue = [a for a in upcoming.announced if a.overdue]
            for label, group in ((ANNOUNCED_LABEL, coming), (OVERDUE_LABEL, overdue)):
                if group:
                    headings.append(len(rows))
                    rows.append(Heading(translate("UpcomingModel", label), len(group), announced=True))
                    rows.extend(group)
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
                return translate("UpcomingModel", UPCOMING_COLUMNS[section])
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
                return item.local_time.strftime("%H:%M") if item.local_time is not None else self._all_day
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
            return theme.secondary()
        return None

    @staticmethod
    def _item_tooltip(item: UpcomingItem, col: int) -> str:
        if col == C_WHEN:
            if item.local_time is not None:
                return translate("UpcomingModel", "{day}, {time} your time").format(
                    day=long_day(item.day), time=f"{item.local_time:%H:%M}"
                )
            return translate("UpcomingModel", "{day}; no air time known").format(day=long_day(item.day))
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
            if a.overdue and a.premiere is not None:
                return plain_tooltip(
                    translate(
                        "UpcomingModel",
                        "{title} was expected to premiere {when}; no date has been announced since. Open it and "
                        "use Find on TVmaze: it may know more.",
                    ).format(title=a.title, when=a.premiere.phrase())
                )
            status = a.status.label.lower()
            if a.premiere:
                text = translate("UpcomingModel", "{title}: {status}, premieres {when}").format(
                    title=a.title, status=status, when=a.premiere.phrase()
                )
            else:
                text = translate("UpcomingModel", "{title}: {status}, premieres at a date not announced yet").format(
                    title=a.title, status=status
                )
            return plain_tooltip(text)
        if role == Qt.ItemDataRole.ForegroundRole and col == C_WHEN:
            return theme.secondary()
        return None


def _key(entry: UpcomingItem | AnnouncedSeries) -> str:
    return entry.key if isinstance(entry, UpcomingItem) else f"announced-{entry.series_id}"


def items_of(upcoming: Upcoming | None) -> Iterable[UpcomingItem]:
    return upcoming.items if upcoming is not None else ()
