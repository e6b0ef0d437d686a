"""The backups of the library: when each was made, why, how big; "Back up now" and "Restore…".

Restoring replaces the library the window has open, so the dialog does not do it: after the
viewer confirms, it closes and calls ``restore_requested(path)``; the window closes its services,
calls ``BackupService.restore(path)`` and opens the library again (see services/backups.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
)

from watchtracker.domain.i18n import QT_TRANSLATE_NOOP, translate
from watchtracker.errors import StorageError
from watchtracker.services.backups import BackupInfo, BackupReason, BackupService, backup_info, size_text

from watchtracker.ui.common import theme
from watchtracker.ui.common.labels import SelectableLabel
from watchtracker.ui.crash import guard_qt
from watchtracker.ui.library.model import relative_day

# English, marked for translation; the model shows them translated
COLUMNS = (
    QT_TRANSLATE_NOOP("BackupsModel", "When"),
    QT_TRANSLATE_NOOP("BackupsModel", "Why"),
    QT_TRANSLATE_NOOP("BackupsModel", "Size"),
)


log = logging.getLogger(__name__)


def when_text(when: datetime, now: datetime | None = None) -> str:
    """ "Today, 14:02", "3 Mar 2026, 09:15"."""
    return _day_and_time(relative_day(when, now), when.astimezone().strftime("%H:%M"))


def _day_and_time(day: str, time: str) -> str:
    return translate("backups_dialog", "{day}, {time}").format(day=day, time=time)


def describe_backup(path: Path, now: datetime | None = None) -> str:
    """A backup as the list shows it: "the backup made today, 14:02 (by hand)"; a file not
    named like one of ours: "the file NAME"."""
    name = Path(path).name
    info = backup_info(Path(path))
    if info is None:
        return translate("backups_dialog", "the file {name}").format(name=name)
    label = info.label
    day = relative_day(info.when, now)
    if day in (translate("relative_day", "Today"), translate("relative_day", "Yesterday")):
        day = day[:1].lower() + day[1:]
    when = _day_and_time(day, info.when.astimezone().strftime("%H:%M"))
    return translate("backups_dialog", "the backup made {when} ({why})").format(
        when=when, why=label[:1].lower() + label[1:]
    )


@guard_qt
class BackupsModel(QAbstractTableModel):
    """The backups, newest first, as immutable rows."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: tuple[BackupInfo, ...] = ()
        self.headers = tuple(translate("BackupsModel", column) for column in COLUMNS)

    def set_rows(self, rows: Sequence[BackupInfo]) -> None:
        self.beginResetModel()
        self.rows = tuple(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        b = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (when_text(b.when), b.label, size_text(b.size))[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{b.when.astimezone():%Y-%m-%d %H:%M:%S %Z}\n{b.path}"
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return b
        return None


def _confirm_restore(parent, info: BackupInfo) -> bool:
    box = QMessageBox(
        QMessageBox.Icon.Question,
        translate("backups_dialog", "Restore a backup"),
        translate(
            "backups_dialog",
            "Replace the library with the backup made {when} ({why})?\n\n"
            "Everything changed since then is set aside: the library as it is now is kept as one "
            "more backup first, so this can be undone by restoring that one. The window opens the "
            "library again afterwards.",
        ).format(when=when_text(info.when).lower(), why=info.label.lower()),
        parent=parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    restore = box.addButton(translate("backups_dialog", "Restore"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is restore


class BackupsDialog(QDialog):
    """Lists the backups and makes one on demand; restoring is the caller's (the library must be
    closed), through ``restore_requested(path)``, called after the viewer confirmed.

    ``run(fn, on_done, on_error)`` runs the copy off the GUI thread (a TaskRunner's ``run``);
    without it the copy runs here. ``confirm(parent, info)`` asks before restoring.

    ``made(info)`` is told of a copy "Back up now" made, even when the dialog was closed before
    the copy was done (the window says it in its status bar).

    Signals: ``backup_made(BackupInfo)`` after "Back up now" succeeded, while the dialog is open."""

    backup_made = Signal(object)

    def __init__(
        self,
        backups: BackupService,
        restore_requested: Callable[[Path], None],
        parent=None,
        *,
        run: Callable | None = None,
        confirm: Callable[[object, BackupInfo], bool] = _confirm_restore,
        made: Callable[[BackupInfo], None] | None = None,
    ):
        super().__init__(parent)
        self.made = made
        self._gone = False  # closed: a copy that finishes later is not shown here
        self.finished.connect(self._on_finished)
        self.backups = backups
        self.restore_requested = restore_requested
        self.run = run
        self.confirm = confirm
        self.setWindowTitle(self.tr("Backups"))
        self.resize(620, 420)
        layout = QVBoxLayout(self)

        keep = backups.keep  # lupdate takes a count only as a plain name
        intro = QLabel(
            translate(
                "BackupsDialog",
                "A copy of the library is made every day, before each import and before an upgrade. "
                "The newest %n are kept (a setting). Restoring one keeps the library as it "
                "is now as one more backup first.",
                "",
                keep,
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.model = BackupsModel(self)
        self.view = QTreeView()
        self.view.setObjectName("backupsView")
        self.view.setAccessibleName(self.tr("Backups"))
        self.view.setModel(self.model)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        fm = self.view.fontMetrics()
        header.resizeSection(
            0, fm.horizontalAdvance(_day_and_time(translate("relative_day", "Yesterday"), "00:00")) + 40
        )
        header.resizeSection(2, fm.horizontalAdvance("000.0 MB") + 32)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.empty = QLabel(
            self.tr(
                "No backups yet.\nThe first daily copy is made when watchtracker starts; “Back up now” makes one at once."
            )
        )
        self.empty.setObjectName("backupsEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setEnabled(False)  # drawn in the dimmed text colour
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)
        layout.addWidget(self.stack, 1)

        self.status = SelectableLabel()  # no focus stop while it says nothing
        self.status.setObjectName("backupsStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        buttons = QHBoxLayout()
        self.backup_button = QPushButton(self.tr("Back up now"))
        self.restore_button = QPushButton(self.tr("Restore…"))
        self.folder_button = QPushButton(self.tr("Show folder"))
        self.folder_button.setToolTip(str(backups.backups_dir))
        for b in (self.backup_button, self.restore_button, self.folder_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons.addWidget(close)
        layout.addLayout(buttons)

        self.backup_button.clicked.connect(self._on_backup_clicked)
        self.restore_button.clicked.connect(self._on_restore_clicked)
        self.folder_button.clicked.connect(self._on_folder_clicked)
        self.view.doubleClicked.connect(lambda _index: self._on_restore_clicked())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.reload()

    # -- state -------------------------------------------------------------------------------

    def reload(self, select: Path | None = None) -> None:
        """The backups folder read again (on the lane given as ``run``, else here)."""
        if self.run is None:
            self._fill(self.backups.list(), select)
            return

        def filled(rows: list[BackupInfo]) -> None:
            if not self._gone:
                self._fill(rows, select)

        def failed(exc: BaseException) -> None:
            if not self._gone:
                self._say(str(exc), error=True)

        self.run(self.backups.list, filled, failed)

    def _fill(self, rows: list[BackupInfo], select: Path | None) -> None:
        self.model.set_rows(rows)
        self.stack.setCurrentWidget(self.view if rows else self.empty)
        row = next((i for i, b in enumerate(rows) if b.path == select), 0 if rows else None)
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, 0))
        self._update_buttons()

    def selected(self) -> BackupInfo | None:
        index = self.view.currentIndex()
        if not index.isValid() or not self.view.selectionModel().hasSelection():
            return None
        return self.model.rows[index.row()]

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None and self.backup_button.isEnabled())

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {theme.error(self.palette()).name()};" if error else "")

    # -- actions -----------------------------------------------------------------------------

    def _on_backup_clicked(self) -> None:
        self.backup_button.setEnabled(False)
        self._update_buttons()
        self._say(self.tr("Backing up…"))
        job = lambda: self.backups.backup(BackupReason.MANUAL)  # noqa: E731
        if self.run is None:
            try:
                info = job()
            except StorageError as exc:
                self._on_backup_failed(exc)
            else:
                self._on_backup_done(info)
        else:
            self.run(job, self._on_backup_done, self._on_backup_failed)

    def _on_finished(self, _result: int) -> None:
        self._gone = True

    def _on_backup_done(self, info: BackupInfo) -> None:
        if self.made is not None:
            self.made(info)
        if self._gone:
            return
        self.backup_button.setEnabled(True)
        self.reload(select=info.path)
        self._say(self.tr("Backed up: {name} ({size}).").format(name=info.path.name, size=size_text(info.size)))
        self.backup_made.emit(info)

    def _on_backup_failed(self, exc: BaseException) -> None:
        if self._gone:
            if not isinstance(exc, StorageError):
                raise exc  # a bug: the crash handler reports it
            log.warning("backup not made: %s", exc)
            return
        self.backup_button.setEnabled(True)
        self._update_buttons()
        if not isinstance(exc, StorageError):
            self._say("")
            raise exc  # a bug: the crash handler reports it
        self._say(str(exc), error=True)

    def _on_restore_clicked(self) -> None:
        info = self.selected()
        if info is None or not self.restore_button.isEnabled():
            return
        if not self.confirm(self, info):
            return
        self.accept()
        self.restore_requested(info.path)

    def _on_folder_clicked(self) -> None:
        self.backups.backups_dir.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.backups.backups_dir)))
