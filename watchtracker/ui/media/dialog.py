"""Library → Media servers…: the connections, with when each last synced or why it did not;
add one, sync it now, pause it, sign in again, mark played there what is marked watched here,
remove it, and the shows its syncs kept for later. Reads and small writes go on the library's
lane, anything that asks a server on the lane the viewer waits for."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from watchtracker.ui.common import messages, theme
from watchtracker.ui.common.empty_state import EmptyState
from watchtracker.ui.media.add_dialog import AddServerDialog, Run
from watchtracker.ui.media.model import (
    ADDRESS,
    FAILED,
    KEPT,
    KIND,
    NAME,
    PLAYED,
    STATE,
    ServerRow,
    ServersModel,
    server_row,
)
from watchtracker.ui.tasks import Breathing, ProgressRelay
from watchtracker.ui.transfer.common import EXPLAINED, wrapped_label

if TYPE_CHECKING:
    from watchtracker.services.media import Connection, MediaServerService, SyncReport

EMPTY, LIST = 0, 1


class MediaServersDialog(QDialog):
    """``read`` runs database work on the library's lane, ``ask`` network work on the lane the
    viewer waits for. ``open_kept(parent)`` opens the shows kept for later (None: not offered).
    ``on_synced(report)`` is told of each sync made here (its changes go to the bus);
    ``on_connections(list)`` of the connections each time they are read.

    Signals: ``done_step(str)`` ("loaded", "added", "synced", "failed", "paused", "write_back",
    "removed") for tests."""

    done_step = Signal(str)

    def __init__(
        self,
        media: MediaServerService,
        *,
        read: Run,
        ask: Run,
        open_kept: Callable[[QWidget], Any] | None = None,
        on_synced: Callable[[SyncReport], None] | None = None,
        on_connections: Callable[[list[Connection]], None] | None = None,
        parent=None,
    ):
        super().__init__(parent)
        self._relay = ProgressRelay(self)  # Sync now lets the window paint meanwhile (services.pace)
        self.media, self.read, self.ask = media, read, ask
        self.open_kept, self.on_synced, self.on_connections = open_kept, on_synced, on_connections
        self.connections: list[Connection] = []
        self.busy = False
        self._gone = False
        self.finished.connect(lambda _r: setattr(self, "_gone", True))
        self.setWindowTitle(self.tr("Media servers"))
        self.resize(900, 460)
        v = QVBoxLayout(self)

        self.stack = QStackedWidget()
        self.empty = EmptyState(
            self.tr("No media servers yet"),
            self.tr("Add Jellyfin, Emby, Plex or Kodi: what you play there is marked watched here, automatically."),
            [self.tr("Add a media server…")],
            text_width=460,
        )
        self.empty.setObjectName("serversEmpty")
        self.stack.addWidget(self.empty)

        page = QWidget()
        pv = QVBoxLayout(page)
        pv.setContentsMargins(0, 0, 0, 0)
        self.model = ServersModel(self)
        self.view = QTableView()
        self.view.setObjectName("mediaServers")
        self.view.setAccessibleName(self.tr("Media servers"))
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setTabKeyNavigation(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setMinimumSectionSize(60)
        for column in (KIND, PLAYED, KEPT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column in (NAME, ADDRESS, STATE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        pv.addWidget(self.view, 1)
        # the selected connection's last error, whole (the table's cell is one line, elided)
        self.problem = wrapped_label(name="serverProblem")
        theme.set_error(self.problem)
        pv.addWidget(self.problem)

        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add…"))
        self.sync_button = QPushButton(self.tr("Sync now"))
        self.pause_button = QPushButton(self.tr("Pause"))
        self.sign_in_button = QPushButton(self.tr("Sign in again…"))
        self.remove_button = QPushButton(self.tr("Remove…"))
        self.kept_button = QPushButton(self.tr("Shows kept for later…"))
        self.kept_button.setVisible(open_kept is not None)
        for b in (self.add_button, self.sync_button, self.pause_button, self.sign_in_button, self.remove_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.kept_button)
        pv.addLayout(row)
        self.write_back = QCheckBox(self.tr("Mark played there what I mark watched here"))
        self.write_back.setObjectName("serverWriteBack")
        pv.addWidget(self.write_back)
        self.stack.addWidget(page)
        v.addWidget(self.stack, 1)

        self.status = wrapped_label(name="serversStatus")
        v.addWidget(self.status)
        close_row = QHBoxLayout()
        close_row.addStretch(1)
        self.close_button = QPushButton(self.tr("Close"))
        close_row.addWidget(self.close_button)
        v.addLayout(close_row)

        self.empty.buttons[0].clicked.connect(self.add)
        self.add_button.clicked.connect(self.add)
        self.sync_button.clicked.connect(self.sync_selected)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.sign_in_button.clicked.connect(self.sign_in_again)
        self.remove_button.clicked.connect(self.remove_selected)
        self.kept_button.clicked.connect(lambda: self.open_kept(self) if self.open_kept else None)
        self.write_back.clicked.connect(self.set_write_back)
        self.close_button.clicked.connect(self.reject)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.stack.setCurrentIndex(LIST)
        self._update_buttons()
        self.reload()

    # -- state ---------------------------------------------------------------------------
    def reload(self, select: int | None = None, step: str = "loaded") -> None:
        """Read the connections (library lane); ``select`` a connection's id to select."""
        keep = select if select is not None else (self.selected().id if self.selected() else None)
        self.read(self.media.connections, lambda rows: self._show(rows, keep, step), self._failed)

    def _show(self, connections: list[Connection], select: int | None, step: str) -> None:
        if self.on_connections is not None:
            self.on_connections(connections)
        if self._gone or not isValid(self):
            return
        self.connections = connections
        self.model.set_rows([server_row(c) for c in connections])
        self.stack.setCurrentIndex(LIST if connections else EMPTY)
        at = self.model.row_of(select) if select is not None else None
        if connections:
            self.view.selectRow(at if at is not None else 0)
        self._update_buttons()
        self.done_step.emit(step)

    def selected(self) -> ServerRow | None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return self.model.rows[rows[0].row()] if rows and rows[0].row() < len(self.model.rows) else None

    def _connection(self, row: ServerRow) -> Connection | None:
        return next((c for c in self.connections if c.id == row.id), None)

    def _update_buttons(self) -> None:
        row, idle = self.selected(), not self.busy
        some = row is not None and idle
        self.add_button.setEnabled(idle)
        self.empty.buttons[0].setEnabled(idle)
        self.sync_button.setEnabled(some and not (row and row.paused))
        self.pause_button.setEnabled(some)
        self.pause_button.setText(self.tr("Resume") if row is not None and row.paused else self.tr("Pause"))
        self.sign_in_button.setEnabled(some)
        self.remove_button.setEnabled(some)
        self.write_back.setEnabled(some)
        self.write_back.setChecked(bool(row and row.write_back))
        failed = row is not None and row.how == FAILED
        self.problem.setText(self.tr("{name}: {error}").format(name=row.name, error=row.state) if failed else "")
        self.problem.setVisible(failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._update_buttons()

    def say(self, text: str, *, error: bool = False) -> None:
        if error:
            theme.set_error(self.status)
        else:
            self.status.setStyleSheet("")
        self.status.setText(text)

    # -- actions -------------------------------------------------------------------------
    def add(self) -> None:
        if self.busy:
            return
        dialog = AddServerDialog(self.media, self.ask, on_added=self._added, parent=self)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()

    def _added(self, connection: Connection) -> None:
        if self._gone or not isValid(self):
            if self.on_connections is not None:  # the window's flag (write-back) follows all the same
                self.read(self.media.connections, self.on_connections, lambda _exc: None)
            return
        self.say(self.tr("Added {name}. Its plays come in with the next sync.").format(name=connection.name))
        self.reload(connection.id, "added")

        def kept(in_keyring: bool) -> None:
            if not in_keyring and not self._gone and isValid(self):
                self.say(
                    self.tr(
                        "Added {name}. This system offers no keyring to keep its sign-in in: it is kept until "
                        "watchtracker quits, then Sign in again… asks for it."
                    ).format(name=connection.name)
                )

        self.read(lambda: self.media.keeps_sign_in(connection.id), kept, lambda _exc: None)

    def sign_in_again(self) -> None:
        row = self.selected()
        connection = self._connection(row) if row else None
        if connection is None or self.busy:
            return
        dialog = AddServerDialog(self.media, self.ask, again=connection, on_added=self._signed_in, parent=self)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()

    def _signed_in(self, connection: Connection) -> None:
        if self._gone or not isValid(self):
            return
        self.say(self.tr("Signed in to {name} again.").format(name=connection.name))
        self.reload(connection.id, "signed_in")

    def sync_selected(self) -> None:
        row = self.selected()
        if row is None or self.busy:
            return
        media = self.media
        self._set_busy(True)
        self.say(self.tr("Syncing {name}…").format(name=row.name))

        def done(report: SyncReport) -> None:
            if self.on_synced is not None:
                self.on_synced(report)  # first: the dialog may be gone by now
            if self._gone or not isValid(self):
                return
            self._set_busy(False)
            self.say(report.line())
            self.reload(row.id, "synced")

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, EXPLAINED):
                raise exc
            if self._gone or not isValid(self):
                return
            self._set_busy(False)
            self.say(self.tr("{name}: {error}").format(name=row.name, error=" ".join(str(exc).split())), error=True)
            self.reload(row.id, "failed")  # the error is kept on the connection

        breath = Breathing(self._relay)
        self.ask(lambda: media.sync(row.id, progress=breath), done, failed)

    def toggle_pause(self) -> None:
        row = self.selected()
        if row is None or self.busy:
            return
        media, paused = self.media, not row.paused
        said = self.tr("Paused {name}.") if paused else self.tr("Resumed {name}.")
        self._write(lambda: media.set_paused(row.id, paused), row.id, said.format(name=row.name), "paused")

    def set_write_back(self, on: bool) -> None:
        row = self.selected()
        if row is None or self.busy:
            return
        media = self.media
        said = (
            self.tr("What you mark watched here is marked played on {name}.")
            if on
            else self.tr("{name} is no longer told what you mark watched here.")
        )
        self._write(lambda: media.set_write_back(row.id, on), row.id, said.format(name=row.name), "write_back")

    def remove_selected(self) -> None:
        row = self.selected()
        if row is None or self.busy or not self.confirm_remove(row):
            return
        media = self.media
        said = self.tr("Removed {name}; the viewings it recorded stay.").format(name=row.name)
        self._write(lambda: media.remove(row.id), None, said, "removed")

    def confirm_remove(self, row: ServerRow) -> bool:
        """Asked before a removal (tests replace this method)."""
        return messages.confirm(
            self,
            self.tr("Remove the media server {name}?").format(name=row.name),
            self.tr("Remove"),
            self.tr(
                "The viewings it recorded stay in your library; its sign-in and the shows it kept for later "
                "are forgotten. Nothing changes on the server."
            ),
        )

    def _write(self, work: Callable[[], Any], select: int | None, said: str, step: str) -> None:
        self._set_busy(True)

        def done(_result: Any) -> None:
            if self._gone or not isValid(self):
                return
            self._set_busy(False)
            self.say(said)
            self.reload(select, step)

        self.read(work, done, self._failed)

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, EXPLAINED):
            raise exc  # a bug: the crash handler reports it
        if self._gone or not isValid(self):
            return
        self._set_busy(False)
        self.say(" ".join(str(exc).split()), error=True)
        self.done_step.emit("failed")


__all__ = ["MediaServersDialog"]
