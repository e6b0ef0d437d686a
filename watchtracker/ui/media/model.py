"""The connections as the Media servers dialog lists them: frozen rows, one per connection."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from watchtracker.domain.i18n import translate

from watchtracker.ui.common import theme
from watchtracker.ui.common.formatting import relative_day
from watchtracker.ui.common.html import plain_tooltip
from watchtracker.ui.crash import guard_qt

if TYPE_CHECKING:
    from watchtracker.services.media import Connection

_Index = QModelIndex | QPersistentModelIndex

NAME, KIND, ADDRESS, STATE, PLAYED, KEPT = range(6)
OK, NEVER, PAUSED, FAILED = "ok", "never", "paused", "error"


def local_time(when: datetime) -> str:
    """A moment in the viewer's zone, as the other views say one: "Today, 20:15", "3 days ago, 09:02",
    "12 Mar 2025, 20:15" (the month in the viewer's language)."""
    if when.tzinfo is None:  # kept as UTC without its zone (SQLite's text)
        when = when.replace(tzinfo=UTC)
    local = when.astimezone()
    return f"{relative_day(local.date(), datetime.now(local.tzinfo).date())}, {local:%H:%M}"


@dataclass(frozen=True)
class ServerRow:
    """A connection as a row: ``state`` is one line; ``how`` one of OK, NEVER, PAUSED, FAILED."""

    id: int
    name: str
    kind: str
    url: str
    state: str
    how: str
    played: int
    kept: int
    paused: bool
    write_back: bool


def server_row(c: Connection, time_text: Callable[[datetime], str] = local_time) -> ServerRow:
    if c.paused:
        state, how = translate("MediaServers", "Paused"), PAUSED
    elif c.last_error:
        state, how = " ".join(c.last_error.split()), FAILED  # one line, whatever the server said
    elif c.last_sync_at is not None:
        state, how = translate("MediaServers", "Synced: {time}").format(time=time_text(c.last_sync_at)), OK
    else:
        state, how = translate("MediaServers", "Never synced"), NEVER
    return ServerRow(c.id, c.name, c.kind_label, c.url, state, how, c.played, c.unmatched, c.paused, c.write_back)


@guard_qt
class ServersModel(QAbstractTableModel):
    """The connections, in the service's order (by name)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[ServerRow] = []
        self.headers = (
            self.tr("Name"),
            self.tr("Kind"),
            self.tr("Address"),
            self.tr("State"),
            self.tr("Played episodes"),
            self.tr("Kept for later"),
        )

    def set_rows(self, rows: Sequence[ServerRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_of(self, connection_id: int) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.id == connection_id), None)

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
        row, column = self.rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = (row.name, row.kind, row.url, row.state, f"{row.played:,}", f"{row.kept:,}")[column]
            return text if role == Qt.ItemDataRole.DisplayRole else plain_tooltip(text)
        if role == Qt.ItemDataRole.ForegroundRole and column == STATE:
            if row.how == FAILED:
                return theme.error()
            if row.how in (NEVER, PAUSED):
                return theme.secondary()
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (PLAYED, KEPT):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


__all__ = ["ServerRow", "ServersModel", "local_time", "server_row"]
