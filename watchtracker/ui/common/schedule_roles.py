"""What the Up next and Upcoming models share with their pages: item-data roles, the poster
size, badge colours, and how a time is put in the viewer's zone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor

from watchtracker.domain.dates import safe_local
from watchtracker.domain.models import (
    ReleaseKind,
)

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
