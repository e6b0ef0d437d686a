"""Preferences → Library location: a file on this computer, or a PostgreSQL server shared by
several computers. *Test connection* asks the server on a worker (the window never waits on the
network) and says what it found; the password goes to the system's keyring (or is used for
this run only), never to the settings file. The choice takes effect when watchtracker starts
again."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from watchtracker.errors import StorageError

from watchtracker.ui.common.html import plain

log = logging.getLogger(__name__)

URL_HINT = "postgresql://user@host:5432/watchtracker"


@dataclass(frozen=True)
class LocationChoice:
    """What the dialog gives: ``url`` empty for the file on this computer; the password typed
    (empty: none typed, use the keyring's or ~/.pgpass); whether to keep it in the keyring."""

    url: str
    password: str = ""
    remember: bool = True
    copy: bool = False  # copy this computer's library there first (Move to a server)


class LibraryLocationDialog(QDialog):
    """``run(fn, on_done, on_error)`` runs *Test connection* off the GUI thread (a lane)."""

    def __init__(
        self,
        current_url: str,
        library_file: Path,
        run: Callable,
        parent: QWidget | None = None,
        *,
        can_copy: bool = False,
    ):
        super().__init__(parent)
        self.run = run
        self.setWindowTitle(self.tr("Library location"))
        self.setMinimumWidth(560)
        v = QVBoxLayout(self)
        v.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # grows with what Test connection says

        self.on_file = QRadioButton(self.tr("A file on this computer"))
        self.on_file.setObjectName("locationFile")
        self.on_server = QRadioButton(self.tr("A PostgreSQL server, shared by your computers"))
        self.on_server.setObjectName("locationServer")
        group = QButtonGroup(self)
        group.addButton(self.on_file)
        group.addButton(self.on_server)
        file_label = QLabel(str(library_file))
        file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        file_label.setIndent(24)
        plain(file_label)
        v.addWidget(self.on_file)
        v.addWidget(file_label)
        v.addWidget(self.on_server)

        self.server_box = QWidget()
        form = QFormLayout(self.server_box)
        form.setContentsMargins(24, 0, 0, 0)
        self.url = QLineEdit(current_url)
        self.url.setObjectName("locationUrl")
        self.url.setPlaceholderText(URL_HINT)
        form.addRow(self.tr("Server URL"), self.url)
        self.password = QLineEdit()
        self.password.setObjectName("locationPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Leave empty to use the one kept, or ~/.pgpass"))
        form.addRow(self.tr("Password"), self.password)
        self.remember = QCheckBox(self.tr("Keep the password in the system's keyring"))
        self.remember.setObjectName("locationRemember")
        self.remember.setChecked(True)
        form.addRow("", self.remember)
        self.copy_here = QCheckBox(self.tr("Copy the library on this computer there (into an empty database)"))
        self.copy_here.setObjectName("locationCopy")
        self.copy_here.setToolTip(
            self.tr(
                "Every series, viewing, rating, note, franchise and alert, in one transaction; the file on this "
                "computer is kept as it is."
            )
        )
        self.copy_here.setVisible(can_copy)
        form.addRow("", self.copy_here)
        test_row = QHBoxLayout()
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.setObjectName("locationTest")
        self.test_button.clicked.connect(self.test_connection)
        test_row.addWidget(self.test_button)
        test_row.addStretch(1)
        form.addRow("", test_row)
        self.test_result = QLabel()
        self.test_result.setObjectName("locationResult")
        self.test_result.setWordWrap(True)
        plain(self.test_result)
        form.addRow("", self.test_result)
        v.addWidget(self.server_box)

        note = QLabel(
            self.tr(
                "The library is opened there the next time watchtracker starts. A server's library is "
                "live on every computer that uses it; the password is never written to the settings file."
            )
        )
        note.setWordWrap(True)
        note.setEnabled(False)
        v.addWidget(note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept_if_valid)
        self.buttons.rejected.connect(self.reject)
        v.addWidget(self.buttons)

        (self.on_server if current_url else self.on_file).setChecked(True)
        self.on_server.toggled.connect(self._follow_choice)
        self._follow_choice()
        self._testing = False

    def _follow_choice(self) -> None:
        self.server_box.setEnabled(self.on_server.isChecked())
        if self.on_server.isChecked():
            self.url.setFocus()

    def _location(self):
        """The URL typed as a ServerLocation with the password typed; StorageError if it is not one."""
        from watchtracker.services.location import location_to_test

        return location_to_test(self.url.text(), self.password.text())

    def test_connection(self) -> None:
        if self._testing:
            return
        try:
            location = self._location()
        except StorageError as exc:
            self._say(str(exc), ok=False)
            return
        from watchtracker.services.location import probe

        self._testing = True
        self.test_button.setEnabled(False)
        self._say(self.tr("Connecting to {host}…").format(host=location.host), ok=None)
        self.run(lambda: probe(location), self._tested, self._failed)

    def _tested(self, found) -> None:
        self._testing = False
        self.test_button.setEnabled(True)
        self._say(found.summary, ok=True)

    def _failed(self, exc: BaseException) -> None:
        self._testing = False
        self.test_button.setEnabled(True)
        if not isinstance(exc, StorageError):
            log.error("testing the connection failed unexpectedly", exc_info=exc)
        self._say(
            str(exc)
            if isinstance(exc, StorageError)
            else self.tr("The test failed: {problem}").format(problem=type(exc).__name__),
            ok=False,
        )

    def _say(self, text: str, *, ok: bool | None) -> None:
        self.test_result.setText(text)
        self.test_result.setProperty("state", {True: "ok", False: "error", None: "busy"}[ok])
        if self.isVisible():  # a wrapped answer of several lines: the dialog grows to show it whole
            self.adjustSize()

    def accept_if_valid(self) -> None:
        if self.on_server.isChecked():
            try:
                self._location()
            except StorageError as exc:
                self._say(str(exc), ok=False)
                return
        self.accept()

    def chosen(self) -> LocationChoice:
        if not self.on_server.isChecked():
            return LocationChoice("")
        return LocationChoice(
            self.url.text().strip(),
            self.password.text(),
            self.remember.isChecked(),
            self.copy_here.isVisibleTo(self) and self.copy_here.isChecked(),
        )


def keep_choice(choice: LocationChoice) -> str | None:
    """Keep the password the way chosen (keyring, or this run only); returns a line to tell the
    viewer when the keyring could not take it (it is then used for this run only)."""
    from watchtracker.services.location import keep_password

    return keep_password(choice.url, choice.password, choice.remember)
