"""Alerts as a two-level item model: days (newest first), and under each day its alerts.

Over immutable rows (services.alerts.AlertRow); the service does the filtering, this only shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from watchtracker.domain.dates import month_name, safe_local, weekday_name
from watchtracker.domain.enums import AnnouncementKind
from watchtracker.domain.i18n import QT_TRANSLATE_NOOP, translate

from watchtracker.ui.common import theme
from watchtracker.ui.common.html import plain_tooltip
from watchtracker.ui.crash import guard_qt

if TYPE_CHECKING:
    from watchtracker.services.alerts import AlertRow

ALERT_ROLE = Qt.ItemDataRole.UserRole + 1  # the AlertRow of an alert row, None on a day row
KIND_ROLE = Qt.ItemDataRole.UserRole + 2  # an AnnouncementKind, for the chip delegate
KINDS_ROLE = Qt.ItemDataRole.UserRole + 3  # every kind of the alert, main first (a tuple), for the chips

COLUMNS = (
    QT_TRANSLATE_NOOP("AlertsModel", "Kind"),
    QT_TRANSLATE_NOOP("AlertsModel", "Headline"),
    QT_TRANSLATE_NOOP("AlertsModel", "Series"),
    QT_TRANSLATE_NOOP("AlertsModel", "Source"),
    QT_TRANSLATE_NOOP("AlertsModel", "Time"),
)
KIND, HEADLINE, SERIES, SOURCE, TIME = range(len(COLUMNS))
_NO_DAY = 0  # internalId of a day row; an alert row holds its day's number + 1 (ids are unsigned)

_Index = QModelIndex | QPersistentModelIndex

# one colour per family of news, readable on light and dark palettes
KIND_COLOURS = {
    AnnouncementKind.SPIN_OFF: "#8a4fbf",
    AnnouncementKind.RENEWED: "#2e8b57",
    AnnouncementKind.CANCELLED: "#c0392b",
    AnnouncementKind.ENDED: "#7f6a5a",
    AnnouncementKind.PREMIERE_DATE: "#2a7bbf",
    AnnouncementKind.PREMIERE_SOON: "#2a7bbf",
    AnnouncementKind.NEW_SEASON: "#1f9aa8",
    AnnouncementKind.NEW_EPISODE: "#1f9aa8",
    AnnouncementKind.EPISODE_AIRED: "#1f9aa8",
    AnnouncementKind.SEASON_COMPLETE: "#1f9aa8",
    AnnouncementKind.TRAILER: "#d4790f",
    AnnouncementKind.CASTING: "#b8860b",
    AnnouncementKind.STATUS_CHANGE: "#6c7a89",
    AnnouncementKind.NEWS: "#6c7a89",
}


def long_date(day: date, *, year: bool = True) -> str:
    """ "Wednesday 15 October 2025" (``year``: False leaves the year out), the weekday and the
    month in the viewer's language: strftime would say them in English whatever the language."""
    names = {"weekday": weekday_name(day), "month": month_name(day.month)}  # the domain's, translated
    if year:
        return translate("dates", "{weekday} {day} {month} {year}").format(day=day.day, year=day.year, **names)
    return translate("dates", "{weekday} {day} {month}").format(day=day.day, **names)


def kinds_text(kinds: Sequence[AnnouncementKind]) -> str:
    """ "Renewed", or every kind, main first: "Renewed · Premiere date"."""
    return " · ".join(k.label for k in kinds)


def kinds_sentence(kinds: Sequence[AnnouncementKind]) -> str:
    """ "Renewed", or the main kind and the others: "Renewed, also Premiere date, Casting"."""
    if len(kinds) < 2:
        return kinds[0].label if kinds else ""
    return translate("AlertsModel", "{main}, also {others}").format(
        main=kinds[0].label, others=", ".join(k.label for k in kinds[1:])
    )


def day_label(day: date, today: date) -> str:
    delta = (today - day).days
    if delta == 0:
        return translate("AlertsModel", "Today")
    if delta == 1:
        return translate("AlertsModel", "Yesterday")
    return long_date(day, year=day.year != today.year)


@guard_qt
class AlertsModel(QAbstractItemModel):
    def __init__(self, parent=None, today: date | None = None):
        super().__init__(parent)
        self._days: list[tuple[date, list[AlertRow]]] = []
        self._today = today
        self._bold = QFont()
        self._bold.setBold(True)
        self._headers = tuple(translate("AlertsModel", c) for c in COLUMNS)

    # -- content ---------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[AlertRow]) -> None:
        """Rows come newest first; they are grouped by their day in the viewer's time zone."""
        self.beginResetModel()
        days: dict[date, list[AlertRow]] = {}
        for row in rows:
            days.setdefault(safe_local(row.published).date(), []).append(row)
        self._days = sorted(days.items(), key=lambda d: d[0], reverse=True)
        self.endResetModel()

    def alert_count(self) -> int:
        return sum(len(rows) for _, rows in self._days)

    def alert_at(self, index: _Index) -> AlertRow | None:
        if not index.isValid() or index.internalId() == _NO_DAY:
            return None
        return self._days[index.internalId() - 1][1][index.row()]

    def index_of(self, alert_id: int) -> QModelIndex:
        for d, (_, rows) in enumerate(self._days):
            for r, row in enumerate(rows):
                if row.id == alert_id:
                    return self.createIndex(r, 0, d + 1)
        return QModelIndex()

    def day_index(self, number: int) -> QModelIndex:
        return self.createIndex(number, 0, _NO_DAY)

    # -- QAbstractItemModel ----------------------------------------------------------------
    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _NO_DAY)
        if parent.internalId() == _NO_DAY:
            return self.createIndex(row, column, parent.row() + 1)
        return QModelIndex()

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == _NO_DAY:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _NO_DAY)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._days)
        if parent.column() != 0:
            return 0
        if parent.internalId() == _NO_DAY:
            return len(self._days[parent.row()][1])
        return 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return len(COLUMNS)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == _NO_DAY:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if index.internalId() == _NO_DAY:
            return self._day_data(index, role)
        row = self._days[index.internalId() - 1][1][index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == KIND:
                return kinds_text(row.kinds)
            if col == HEADLINE:
                return row.headline
            if col == SERIES:
                return ", ".join(row.series_titles)
            if col == SOURCE:
                return row.source
            if col == TIME:  # a day alone (no time given): the day row says it all
                return safe_local(row.published).strftime("%H:%M") if row.published_has_time else ""
            return None
        if role == Qt.ItemDataRole.FontRole and not row.read:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == HEADLINE:
                return plain_tooltip(
                    "\n\n".join(
                        x
                        for x in (
                            row.headline,
                            row.summary[:400],
                            translate("AlertsModel", "Why: {reason}").format(reason=row.reason) if row.reason else "",
                        )
                        if x
                    )
                )
            if col == TIME:
                local = safe_local(row.published)
                day = long_date(local.date())
                return f"{day}, {local:%H:%M}" if row.published_has_time else day
            if col == SERIES:
                return plain_tooltip("\n".join(row.series_titles)) or None
            if col == KIND and len(row.kinds) > 1:
                return kinds_sentence(row.kinds)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and row.muted:
            return theme.secondary()
        if role == KIND_ROLE and col == KIND:
            return row.kind
        if role == KINDS_ROLE and col == KIND:
            return row.kinds
        if role == ALERT_ROLE:
            return row
        if role == Qt.ItemDataRole.AccessibleTextRole and col == HEADLINE:
            kind = kinds_sentence(row.kinds)
            if row.read:
                return f"{kind}: {row.headline}"
            return translate("AlertsModel", "Unread: {kind}: {headline}").format(kind=kind, headline=row.headline)
        return None

    def _day_data(self, index: _Index, role: int):
        day, rows = self._days[index.row()]
        if index.column() != 0:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            unread = sum(1 for r in rows if not r.read and not r.muted)  # as the navigation counts
            today = self._today or datetime.now().astimezone().date()
            label = day_label(day, today)
            if not unread:
                return label
            return translate("AlertsModel", "{day}  ·  %n unread", "", unread).format(day=label)
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        return None
