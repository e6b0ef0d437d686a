"""The desktop's own notifications: ``org.freedesktop.Notifications`` on the session bus (the
Desktop Notifications Specification, https://specifications.freedesktop.org/notification-spec/),
spoken to through QtDBus. Linux and the BSDs only; a desktop without a tray has them too (GNOME).

Nothing here waits on the GUI thread for the notification server: ``GetCapabilities`` and
``Notify`` are asynchronous calls. Only the bus itself is asked, briefly, whether the service is
there (or can be started) before a notification is sent.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import SLOT, QObject, Signal, Slot
from PySide6.QtGui import QGuiApplication

try:
    from PySide6.QtDBus import (
        QDBusArgument,
        QDBusConnection,
        QDBusMessage,
        QDBusPendingCallWatcher,
        QDBusServiceWatcher,
    )
except ImportError:  # a PySide6 built without QtDBus: the tray is used
    QDBusConnection = None  # type: ignore[assignment,misc]

log = logging.getLogger(__name__)

SERVICE = INTERFACE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
DEFAULT_ACTION = "default"  # the spec's key for clicking the notification itself
CATEGORY = "x-watchtracker.alert"  # the spec names no category for news; "x-vendor.class" is its form for others
DBUS_SYSTEMS = ("linux", "freebsd", "openbsd", "netbsd", "dragonfly")
# bytes a D-Bus address may carry unescaped (the D-Bus specification, "Server Addresses")
_ADDRESS_SAFE = frozenset(b"-_/.\\*0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def escape_markup(text: str) -> str:
    """Plain text as the body of a notification whose server reads markup ("body-markup"): a
    headline holding "<b>", "<a href=…>" or "&amp;" reads as it was written."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def session_bus_address(environ=os.environ) -> str | None:
    """Where the session bus is, as libdbus finds it: DBUS_SESSION_BUS_ADDRESS, else the user's bus
    at $XDG_RUNTIME_DIR/bus (systemd, dbus-broker). None when there is none, or it is "disabled:".
    Read each time (not QDBusConnection.sessionBus(), which keeps the first one for good)."""
    address = environ.get("DBUS_SESSION_BUS_ADDRESS", "").strip()
    if address:
        return None if address.startswith("disabled:") else address
    runtime = environ.get("XDG_RUNTIME_DIR", "")
    if runtime and Path(runtime, "bus").exists():
        path = os.fsencode(Path(runtime, "bus"))
        return "unix:path=" + "".join(chr(b) if b in _ADDRESS_SAFE else f"%{b:02x}" for b in path)
    return None


def _uint32_marshaller() -> Callable[[int], object] | None:
    """A D-Bus ``uint32`` argument, which PySide6 cannot otherwise send: an int becomes an
    ``int32`` ('i') and ``QDBusArgument << int`` writes a ``uint16`` ('q'). The spec's Notify
    takes its ``replaces_id`` as a uint32, and a strict server (GDBus: GNOME Shell, xfce4-notifyd)
    refuses the call with any other signature. So Qt's own public
    ``QDBusArgument::operator<<(uint)`` is called through ctypes on the argument's C++ object
    (the Itanium C++ ABI of Linux and the BSDs). None if that cannot be done: then no
    notification goes by D-Bus, the tray is used."""
    if QDBusConnection is None:
        return None
    try:
        from shiboken6 import Shiboken

        write = ctypes.CDLL("libQt6DBus.so.6")._ZN13QDBusArgumentlsEj  # already loaded by QtDBus
    except (ImportError, OSError, AttributeError) as exc:
        log.info("desktop notifications by D-Bus are not available: %s", exc)
        return None
    write.restype = ctypes.c_void_p
    write.argtypes = [ctypes.c_void_p, ctypes.c_uint32]

    def uint32(value: int) -> object:
        argument = QDBusArgument()
        write(Shiboken.getCppPointer(argument)[0], value)
        return argument

    if uint32(1).currentSignature() != "u":  # as it was meant, or not at all
        log.info("desktop notifications by D-Bus are not available: no uint32 from QtDBus")
        return None
    return uint32


_uint32: Callable[[int], object] | None = None
_probed = False


def uint32(value: int) -> object:
    """``value`` as a D-Bus uint32 argument for QDBusMessage.setArguments (``supported()`` first)."""
    assert _uint32 is not None
    return _uint32(value)


def supported() -> bool:
    """This system has desktop notifications by D-Bus (Windows and macOS have the tray's)."""
    global _uint32, _probed
    if not sys.platform.startswith(DBUS_SYSTEMS):
        return False
    if not _probed:
        _uint32, _probed = _uint32_marshaller(), True
    return _uint32 is not None


class DesktopNotifications(QObject):
    """Notifications through the desktop's notification service. ``available()`` says whether
    there is one on the session bus now; ``show`` sends one; ``activated`` is emitted when the
    viewer clicks one of those sent here (its "default" action). The ids the server gave are kept
    while it shows them (``shown``) and forgotten when it says one was closed."""

    activated = Signal()

    def __init__(self, app_name: str, desktop_entry: str, icon: str = "", parent=None):
        super().__init__(parent)
        self.app_name, self.desktop_entry, self.icon = app_name, desktop_entry, icon
        self.shown: set[int] = set()
        self.capabilities: frozenset[str] | None = None  # the server's, once asked
        self._bus = None
        self._name = f"watchtracker-notifications-{id(self):x}"
        self._waiting: list[tuple[str, str, Callable[[], None]]] = []  # until the capabilities are known
        self._calls: set[QDBusPendingCallWatcher] = set()
        self._owner_watcher = None
        name = self._name
        if QDBusConnection is not None:
            self.destroyed.connect(lambda *_: QDBusConnection.disconnectFromBus(name))

    # -- the bus ---------------------------------------------------------------------------------
    def _connect(self):
        if self._bus is not None:
            if self._bus.isConnected():
                return self._bus
            self._forget_bus()
        if not supported():
            return None
        address = session_bus_address()
        if address is None:
            return None
        bus = QDBusConnection.connectToBus(address, self._name)
        if not bus.isConnected():
            log.info("no session bus for notifications at %s: %s", address, bus.lastError().message())
            QDBusConnection.disconnectFromBus(self._name)
            return None
        for signal, slot in (
            ("ActionInvoked", "_on_action(uint,QString)"),
            ("ActivationToken", "_on_activation_token(uint,QString)"),
            ("NotificationClosed", "_on_closed(uint,uint)"),
        ):
            if not bus.connect(SERVICE, PATH, INTERFACE, signal, self, SLOT(slot)):
                log.info("the notification service's %s cannot be listened to", signal)
        watcher = QDBusServiceWatcher(SERVICE, bus, QDBusServiceWatcher.WatchModeFlag.WatchForOwnerChange, self)
        watcher.serviceOwnerChanged.connect(self._server_changed)
        self._bus, self._owner_watcher = bus, watcher
        return bus

    def _forget_bus(self) -> None:
        if self._owner_watcher is not None:
            self._owner_watcher.deleteLater()
        self._bus = self._owner_watcher = None
        self.capabilities = None
        self.shown.clear()
        QDBusConnection.disconnectFromBus(self._name)

    def available(self) -> bool:
        """A notification service is on the session bus, or the bus can start one."""
        bus = self._connect()
        if bus is None:
            return False
        bus_daemon = bus.interface()
        registered = bus_daemon.isServiceRegistered(SERVICE)
        if registered.isValid() and registered.value():
            return True
        startable = bus_daemon.activatableServiceNames()
        return startable.isValid() and SERVICE in startable.value()

    # -- sending ---------------------------------------------------------------------------------
    def show(self, summary: str, body: str, failed: Callable[[], None]) -> None:
        """Send a notification (plain text); ``failed()`` is called if the server refuses it or
        cannot be reached, so that it can be said another way."""
        bus = self._connect()
        if bus is None:
            failed()
            return
        self._waiting.append((summary, body, failed))
        if self.capabilities is not None:
            self._send_waiting()
        elif len(self._waiting) == 1:  # the first: ask what the server can do (starts it if need be)
            self._call(
                QDBusMessage.createMethodCall(SERVICE, PATH, INTERFACE, "GetCapabilities"),
                self._got_capabilities,
                self._no_capabilities,
            )

    def _got_capabilities(self, reply) -> None:
        arguments = reply.arguments()
        self.capabilities = frozenset(arguments[0]) if arguments and isinstance(arguments[0], list) else frozenset()
        self._send_waiting()

    def _no_capabilities(self, message: str) -> None:
        log.warning("the desktop's notification service did not answer: %s", message)
        waiting, self._waiting = self._waiting, []
        for _summary, _body, failed in waiting:
            failed()

    def _send_waiting(self) -> None:
        waiting, self._waiting = self._waiting, []
        for summary, body, failed in waiting:
            self._notify(summary, body, failed)

    def _notify(self, summary: str, body: str, failed: Callable[[], None]) -> None:
        markup = "body-markup" in (self.capabilities or ())
        call = QDBusMessage.createMethodCall(SERVICE, PATH, INTERFACE, "Notify")
        call.setArguments(
            [
                self.app_name,
                uint32(0),  # replaces_id: a new notification
                self.icon,
                summary,  # plain text in every server
                escape_markup(body) if markup else body,
                [DEFAULT_ACTION, self.tr("Open", "a notification's action")],
                {"desktop-entry": self.desktop_entry, "category": CATEGORY},
                -1,  # expire_timeout: as the desktop is set to
            ]
        )

        def refused(message: str) -> None:
            log.warning("the desktop's notification service refused a notification: %s", message)
            failed()

        self._call(call, self._sent, refused)

    def _sent(self, reply) -> None:
        arguments = reply.arguments()
        if arguments and isinstance(arguments[0], int):
            self.shown.add(arguments[0])

    def _call(self, message, answered: Callable, failed: Callable[[str], None]) -> None:
        watcher = QDBusPendingCallWatcher(self._bus.asyncCall(message), self)
        self._calls.add(watcher)

        def finished(w) -> None:
            self._calls.discard(watcher)
            watcher.deleteLater()
            if watcher.isError():
                failed(watcher.error().message())
            else:
                answered(watcher.reply())

        watcher.finished.connect(finished)

    # -- what the server says ----------------------------------------------------------------
    @Slot("uint", str)
    def _on_action(self, notification: int, action: str) -> None:
        if notification in self.shown and action == DEFAULT_ACTION:
            self.activated.emit()

    @Slot("uint", str)
    def _on_activation_token(self, notification: int, token: str) -> None:
        # sent just before ActionInvoked: on Wayland, Qt activates the window with it
        if notification in self.shown and token and QGuiApplication.platformName() == "wayland":
            os.environ["XDG_ACTIVATION_TOKEN"] = token

    @Slot("uint", "uint")
    def _on_closed(self, notification: int, _reason: int) -> None:
        self.shown.discard(notification)

    def _server_changed(self, _service: str, _old: str, _new: str) -> None:
        # another server (or none): its ids and capabilities are not the last one's
        self.shown.clear()
        self.capabilities = None
