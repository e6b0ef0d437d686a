"""Add a media server (or sign in to one again): its kind, its address, how to sign in. The
server is asked on the lane the viewer waits for; a refusal is said in the dialog, in one line,
and what was typed stays there to be corrected."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QVBoxLayout,
)
from shiboken6 import isValid

from watchtracker.domain.media import KIND_LABELS, KINDS

from watchtracker.ui.common import theme
from watchtracker.ui.transfer.common import EXPLAINED, wrapped_label

if TYPE_CHECKING:
    from watchtracker.services.media import Connection, MediaServerService

Run = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], None]

PORTS = {"jellyfin": 8096, "emby": 8096, "plex": 32400, "kodi": 8080}


class AddServerDialog(QDialog):
    """``ask`` runs the sign-in on the lane the viewer waits for. Given ``again`` (a connection),
    it signs in to that one again: its kind, address and user are fixed.

    Signals: ``added(Connection)`` once the server let us in and the connection is kept (the
    dialog is accepted then); ``refused(str)`` with the line shown, for tests."""

    added = Signal(object)
    refused = Signal(str)

    def __init__(
        self,
        media: MediaServerService,
        ask: Run,
        *,
        again: Connection | None = None,
        on_added: Callable[[Connection], None] | None = None,
        parent=None,
    ):
        """``on_added(connection)`` is told of a connection kept even when the dialog was closed
        while the server was being asked (Cancel does not wait for the network)."""
        super().__init__(parent)
        self.media, self.ask, self.again, self.on_added = media, ask, again, on_added
        self.connection: Connection | None = None
        self.busy = False
        self._gone = False
        self.finished.connect(lambda _r: setattr(self, "_gone", True))
        self.setWindowTitle(
            self.tr("Sign in to {name} again").format(name=again.name) if again else self.tr("Add a media server")
        )
        self.setMinimumWidth(460)
        v = QVBoxLayout(self)
        v.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.form = form = QFormLayout()

        self.kind_box = QComboBox()
        self.kind_box.setObjectName("serverKind")
        for kind in KINDS:
            self.kind_box.addItem(KIND_LABELS[kind], kind)
        form.addRow(self.tr("&Kind"), self.kind_box)
        self.address = QLineEdit()
        self.address.setObjectName("serverAddress")
        form.addRow(self.tr("&Address"), self.address)
        self.user = QLineEdit()
        self.user.setObjectName("serverUser")
        form.addRow(self.tr("&User name"), self.user)
        self.password = QLineEdit()
        self.password.setObjectName("serverPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("&Password"), self.password)
        self.token = QLineEdit()
        self.token.setObjectName("serverToken")
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_label = QLabel()
        self.token_label.setBuddy(self.token)
        form.addRow(self.token_label, self.token)
        self.either = QLabel(self.tr("A user name and password, or an API key."))
        theme.set_secondary(self.either)
        form.addRow("", self.either)
        self.name = QLineEdit()
        self.name.setObjectName("serverName")
        self.name.setPlaceholderText(self.tr("As the server calls itself"))
        form.addRow(self.tr("&Name (optional)"), self.name)
        self.write_back = QCheckBox(self.tr("Mark played there what I mark watched here"))
        self.write_back.setObjectName("serverWriteBack")
        form.addRow("", self.write_back)
        v.addLayout(form)

        self.status = wrapped_label(name="serverAddStatus")
        v.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.addButton(
            self.tr("Sign in") if again else self.tr("Add"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setObjectName("serverAddButton")
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        v.addWidget(self.buttons)

        for label, widget in (
            (self.tr("Kind"), self.kind_box),
            (self.tr("Address"), self.address),
            (self.tr("User name"), self.user),
            (self.tr("Password"), self.password),
            (self.tr("Name"), self.name),
        ):
            widget.setAccessibleName(label)
        self.kind_box.currentIndexChanged.connect(lambda _i: self._fit_kind())
        if again is not None:
            self.kind_box.setCurrentIndex(max(0, self.kind_box.findData(again.kind)))
            self.address.setText(again.url)
            self.user.setText(again.user)
            for widget in (self.kind_box, self.address, self.user):
                widget.setEnabled(False)
            form.setRowVisible(self.name, False)
            form.setRowVisible(self.write_back, False)
        self._fit_kind()

    @property
    def kind(self) -> str:
        return self.kind_box.currentData()

    def _fit_kind(self) -> None:
        """The fields the kind signs in with: Plex a token; Kodi a user and password; Jellyfin
        and Emby either."""
        kind = self.kind
        self.address.setPlaceholderText(self.tr("like http://192.168.1.10:{port}").format(port=PORTS.get(kind, 8096)))
        plex, kodi = kind == "plex", kind == "kodi"
        user_fixed = self.again is not None
        self.form.setRowVisible(self.user, not plex and (not user_fixed or bool(self.user.text())))
        self.form.setRowVisible(self.password, not plex)
        self.form.setRowVisible(self.token, not kodi)
        self.form.setRowVisible(self.either, not (plex or kodi))
        self.token_label.setText(self.tr("&Token (X-Plex-Token)") if plex else self.tr("API &key"))
        self.token.setAccessibleName(self.tr("Token") if plex else self.tr("API key"))

    def _values(self) -> dict[str, str]:
        kind = self.kind
        return dict(
            user="" if kind == "plex" else self.user.text(),
            password="" if kind == "plex" else self.password.text(),
            token="" if kind == "kodi" else self.token.text(),
        )

    def submit(self) -> None:
        if self.busy:
            return
        media, values, again = self.media, self._values(), self.again
        if again is not None:
            where = again.url

            def work() -> Connection:
                return media.sign_in_again(again.id, password=values["password"], token=values["token"])
        else:
            kind, url, name, write_back = self.kind, self.address.text(), self.name.text(), self.write_back.isChecked()
            where = url.strip()

            def work() -> Connection:
                return media.add(kind, url, name=name, write_back=write_back, **values)

        self._set_busy(True)
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Connecting to {address}…").format(address=where[:200]))
        self.ask(work, self._done, self._failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.ok_button.setEnabled(not busy)

    def _done(self, connection: Connection) -> None:
        self.connection = connection
        if self.on_added is not None:
            self.on_added(connection)  # first: the dialog may be gone by now
        if self._gone or not isValid(self):
            return
        self._set_busy(False)
        self.added.emit(connection)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, EXPLAINED):
            raise exc  # a bug: the crash handler reports it
        if self._gone or not isValid(self):
            return
        self._set_busy(False)
        line = " ".join(str(exc).split()) or type(exc).__name__
        theme.set_error(self.status)
        self.status.setText(line)
        self.refused.emit(line)


__all__ = ["AddServerDialog", "PORTS"]
