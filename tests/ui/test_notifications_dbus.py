"""Desktop notifications through the desktop's notification service (org.freedesktop.Notifications),
on a private session bus started by the test, with a stand-in server that follows the Desktop
Notifications Specification (https://specifications.freedesktop.org/notification-spec/).

The stand-in is a QtDBus object: a method is only called when the call's signature is exactly the
spec's (Notify: ``susssasa{sv}i``), as a strict server (GNOME Shell) requires; any other is an
error reply, which the window would take as a refusal."""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import ClassInfo, QObject, Signal, Slot
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QSystemTrayIcon

from tests.conftest import NOW
from watchtracker.domain.enums import AnnouncementKind
from watchtracker.services.alerts import AlertRow
from watchtracker.services.feeds import PollReport
from watchtracker.storage.database import session_scope
from watchtracker.storage.tables import Announcement, AnnouncementSeries

from watchtracker.ui.alerts import desktop_notifications
from watchtracker.ui.alerts.notifier import Notifier

K = AnnouncementKind
SERVICE = PATH_INTERFACE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith(desktop_notifications.DBUS_SYSTEMS),
    reason="notifications go by D-Bus on Linux and the BSDs only (Windows and macOS use the tray)",
)

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir={tmp}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""  # no <servicedir>: nothing installed on this machine can be started on it (a real notification daemon)

_names = itertools.count(1)


@pytest.fixture
def session_bus(tmp_path, monkeypatch):
    """A private session bus for the test (its own dbus-daemon), stopped after it; the test's
    DBUS_SESSION_BUS_ADDRESS points at it."""
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.skip("dbus-daemon is not installed: the desktop notifications need a session bus to be tested on")
    assert desktop_notifications.supported(), "QtDBus cannot send the spec's uint32 on this system"
    config = tmp_path / "session-bus.conf"
    config.write_text(BUS_CONFIG.format(tmp=tempfile.gettempdir()), encoding="utf-8")
    said = tmp_path / "session-bus.log"  # what the daemon says (as root: that it cannot raise its fd limit)
    with said.open("w") as err:
        bus = subprocess.Popen(
            [daemon, f"--config-file={config}", "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
        )
    try:
        address = bus.stdout.readline().strip()
        assert address.startswith("unix:"), said.read_text()
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        yield address
    finally:
        bus.terminate()
        bus.wait(10)
        bus.stdout.close()


INTROSPECTION = """
<interface name="org.freedesktop.Notifications">
  <method name="GetCapabilities"><arg direction="out" name="capabilities" type="as"/></method>
  <method name="Notify">
    <arg direction="in" name="app_name" type="s"/><arg direction="in" name="replaces_id" type="u"/>
    <arg direction="in" name="app_icon" type="s"/><arg direction="in" name="summary" type="s"/>
    <arg direction="in" name="body" type="s"/><arg direction="in" name="actions" type="as"/>
    <arg direction="in" name="hints" type="a{sv}"/><arg direction="in" name="expire_timeout" type="i"/>
    <arg direction="out" name="id" type="u"/>
  </method>
  <method name="CloseNotification"><arg direction="in" name="id" type="u"/></method>
  <method name="GetServerInformation">
    <arg direction="out" name="name" type="s"/><arg direction="out" name="vendor" type="s"/>
    <arg direction="out" name="version" type="s"/><arg direction="out" name="spec_version" type="s"/>
  </method>
  <signal name="NotificationClosed"><arg name="id" type="u"/><arg name="reason" type="u"/></signal>
  <signal name="ActionInvoked"><arg name="id" type="u"/><arg name="action_key" type="s"/></signal>
</interface>
"""


@ClassInfo({"D-Bus Interface": SERVICE, "D-Bus Introspection": INTROSPECTION})
class NotificationServer(QObject):
    """A notification server as the spec has it: ids from 1, never 0; a notification stays open
    until it expires, is clicked or closed; closing says why (1 expired, 2 dismissed by the user,
    3 closed by CloseNotification). Records every Notify in ``notified``."""

    ActionInvoked = Signal("uint", str)
    NotificationClosed = Signal("uint", "uint")

    def __init__(self, bus, capabilities=("actions", "body", "body-markup")):
        super().__init__()
        self.bus = bus
        self.capabilities = list(capabilities)
        self.notified: list[dict] = []
        self.open: set[int] = set()
        self._ids = itertools.count(1)

    @Slot(result="QStringList")
    def GetCapabilities(self):  # noqa: N802 - the spec's names
        return self.capabilities

    @Slot(str, "uint", str, str, str, "QStringList", "QVariantMap", int, result="uint")
    def Notify(self, app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout):  # noqa: N802
        nid = replaces_id if replaces_id in self.open else next(self._ids)
        self.open.add(nid)
        self.notified.append(
            dict(
                id=nid,
                app_name=app_name,
                replaces_id=replaces_id,
                app_icon=app_icon,
                summary=summary,
                body=body,
                actions=list(actions),
                hints=dict(hints),
                expire_timeout=expire_timeout,
            )
        )
        return nid

    @Slot("uint")
    def CloseNotification(self, nid):  # noqa: N802
        if nid in self.open:
            self.open.discard(nid)
            self.NotificationClosed.emit(nid, 3)

    @Slot("QDBusMessage")
    def GetServerInformation(self, message):  # noqa: N802 - four out arguments: answered by hand
        message.setDelayedReply(True)
        reply = message.createReply()
        reply.setArguments(["watchtracker-tests", "watchtracker", "1.0", "1.2"])
        self.bus.send(reply)

    def click(self, nid: int, action: str = "default") -> None:
        """The viewer clicks the notification: the action, then it closes (dismissed by the user)."""
        self.ActionInvoked.emit(nid, action)
        if nid in self.open:
            self.open.discard(nid)
            self.NotificationClosed.emit(nid, 2)


def start_server(address: str, **kwargs):
    from PySide6.QtDBus import QDBusConnection

    name = f"stand-in-{next(_names)}"
    bus = QDBusConnection.connectToBus(address, name)
    assert bus.isConnected(), bus.lastError().message()
    server = NotificationServer(bus, **kwargs)
    options = QDBusConnection.RegisterOption.ExportAllSlots | QDBusConnection.RegisterOption.ExportAllSignals
    assert bus.registerObject(PATH, server, options)
    assert bus.registerService(SERVICE)
    return server, name


@pytest.fixture
def server(session_bus):
    from PySide6.QtDBus import QDBusConnection

    made, name = start_server(session_bus)
    yield made
    QDBusConnection.disconnectFromBus(name)


def add_alert(services, headline: str, *, kind: K = K.NEWS, series: tuple[int, ...] = ()) -> int:
    with session_scope(services.engine) as session:
        ann = Announcement(
            kind=kind.value,
            headline=headline,
            summary="",
            source="Test Wire",
            published_at=NOW,
            created_at=NOW,
            fingerprint=f"test:{headline}",
        )
        session.add(ann)
        session.flush()
        for sid in series:
            session.add(AnnouncementSeries(announcement_id=ann.id, series_id=sid))
        return ann.id


def row(aid: int, headline: str, *, series=((1, "Bosch"),), kind: K = K.NEWS) -> AlertRow:
    return AlertRow(
        id=aid,
        kind=kind,
        series=series,
        headline=headline,
        summary="",
        source="Test Wire",
        url=None,
        published=datetime(2026, 11, 24, 12, tzinfo=UTC),
        read=False,
        dismissed=False,
        muted=False,
        reason="",
        premiere=None,
        spin_off_title=None,
    )


def in_the_background(w, monkeypatch) -> Notifier:
    """The window's notifier, with the viewer looking elsewhere (another application is active)."""
    notifier = w.alerts_controller.notifier
    monkeypatch.setattr(notifier, "viewer_is_looking", lambda: False)
    return notifier


def poll_bringing(qtbot, w, services, monkeypatch, ids: list[int]) -> None:
    """A feeds poll (the window's own, on its network lane) that brings these new alerts."""
    monkeypatch.setattr(services.feeds, "poll", lambda cancel=None: PollReport(alerts=list(ids)))
    monkeypatch.setattr(services.alerts, "check_library", lambda: [])
    with qtbot.waitSignal(w.alerts_controller.polled, timeout=10_000):
        w.alerts_controller.poll()


def settle(qtbot, w) -> None:
    qtbot.waitUntil(lambda: not w.library_lane.busy and not w.refresh_lane.busy, timeout=10_000)


# -- the tests ------------------------------------------------------------------------------------


@pytest.fixture
def desktop_file_name():
    """The application's desktop file name (its desktop entry's id), as the app sets it."""
    was = QGuiApplication.desktopFileName()
    QGuiApplication.setDesktopFileName("io.example.watchtracker-test")
    yield "io.example.watchtracker-test"
    QGuiApplication.setDesktopFileName(was)


def test_a_new_alert_is_sent_to_the_desktops_notification_service(
    qtbot, make_window, example, server, monkeypatch, desktop_file_name
):
    w = make_window(example)
    notifier = in_the_background(w, monkeypatch)
    bosch = example.library.find("Bosch")
    aid = add_alert(example, "Bosch & Ballard: <b>crossover</b> confirmed", kind=K.RENEWED, series=(bosch,))
    poll_bringing(qtbot, w, example, monkeypatch, [aid])
    qtbot.waitUntil(lambda: len(server.notified) == 1, timeout=5_000)
    sent = server.notified[0]
    assert sent["app_name"] == "watchtracker"
    assert sent["replaces_id"] == 0
    assert sent["summary"] == "Renewed: Bosch"  # plain text: the spec has no markup in the summary
    assert sent["body"] == "Bosch &amp; Ballard: &lt;b&gt;crossover&lt;/b&gt; confirmed"  # this server reads markup
    assert sent["actions"] == ["default", "Open"]
    assert sent["hints"] == {"desktop-entry": desktop_file_name, "category": "x-watchtracker.alert"}
    assert sent["expire_timeout"] == -1
    assert sent["app_icon"].startswith("file://") and sent["app_icon"].endswith("watchtracker.svg")
    assert notifier.shown_by == "desktop"
    qtbot.waitUntil(lambda: notifier.desktop.shown == {sent["id"]}, timeout=5_000)


def test_a_server_without_markup_gets_the_text_as_it_is(qtbot, session_bus, monkeypatch):
    from PySide6.QtDBus import QDBusConnection

    server, name = start_server(session_bus, capabilities=("actions", "body"))
    try:
        notifier = Notifier(QIcon(), lambda: None)
        monkeypatch.setattr(notifier, "viewer_is_looking", lambda: False)
        assert notifier.notify([row(1, "Law & Order: <i>renewed</i>", series=((2, "Law & Order"),))])
        qtbot.waitUntil(lambda: len(server.notified) == 1, timeout=5_000)
        assert server.notified[0]["summary"] == "News: Law & Order"
        assert server.notified[0]["body"] == "Law & Order: <i>renewed</i>"
    finally:
        QDBusConnection.disconnectFromBus(name)


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the window is raised
def test_clicking_the_notification_brings_the_alerts_page_up(qtbot, make_window, example, server, monkeypatch):
    w = make_window(example)
    notifier = in_the_background(w, monkeypatch)
    aid = add_alert(example, "Ballard renewed", kind=K.RENEWED, series=(example.library.find("Bosch"),))
    poll_bringing(qtbot, w, example, monkeypatch, [aid])
    qtbot.waitUntil(lambda: len(server.notified) == 1 and bool(notifier.desktop.shown), timeout=5_000)
    nid = server.notified[0]["id"]
    w.show_library()
    w.showMinimized()
    assert w.pages.currentWidget() is not w.alerts_page

    server.click(nid + 100)  # another application's notification: not ours
    qtbot.wait(200)
    assert w.pages.currentWidget() is not w.alerts_page

    server.click(nid)
    qtbot.waitUntil(lambda: w.pages.currentWidget() is w.alerts_page, timeout=5_000)
    assert not w.isMinimized()
    qtbot.waitUntil(lambda: not notifier.desktop.shown, timeout=5_000)  # closed: its id forgotten


def test_muted_kinds_and_series_send_nothing(qtbot, make_window, example, server, monkeypatch):
    w = make_window(example)
    in_the_background(w, monkeypatch)
    legacy, bosch = example.library.find("Bosch: Legacy"), example.library.find("Bosch")
    example.alerts.mute_series(legacy)
    example.alerts.mute_kind(K.CASTING)
    muted = [
        add_alert(example, "Legacy news", series=(legacy,)),
        add_alert(example, "Bosch casting news", kind=K.CASTING, series=(bosch,)),
    ]
    poll_bringing(qtbot, w, example, monkeypatch, muted)
    settle(qtbot, w)
    loud = add_alert(example, "Bosch news", series=(bosch,))
    poll_bringing(qtbot, w, example, monkeypatch, [loud])
    qtbot.waitUntil(lambda: len(server.notified) >= 1, timeout=5_000)
    qtbot.wait(200)
    # the muted ones were neither sent on their own nor grouped with the next
    assert [(n["summary"], n["body"]) for n in server.notified] == [("News: Bosch", "Bosch news")]


def test_a_burst_of_alerts_is_one_notification(qtbot, make_window, example, server, monkeypatch):
    w = make_window(example)
    in_the_background(w, monkeypatch)
    bosch, legacy = example.library.find("Bosch"), example.library.find("Bosch: Legacy")
    ids = [add_alert(example, f"Legacy news {i}", series=(legacy,)) for i in range(5)]
    ids += [add_alert(example, f"Bosch news {i}", series=(bosch,)) for i in range(2)]
    poll_bringing(qtbot, w, example, monkeypatch, ids)
    qtbot.waitUntil(lambda: len(server.notified) >= 1, timeout=5_000)
    qtbot.wait(200)
    assert len(server.notified) == 1
    assert server.notified[0]["summary"] == "7 new alerts"
    assert server.notified[0]["body"] == "About Bosch: Legacy (5), Bosch (2)."


def test_while_the_viewer_looks_at_the_window_nothing_is_sent(qtbot, session_bus, server, monkeypatch):
    notifier = Notifier(QIcon(), lambda: None)
    monkeypatch.setattr(notifier, "viewer_is_looking", lambda: True)
    assert not notifier.notify([row(1, "Bosch news")])
    qtbot.wait(200)
    assert server.notified == []


class TrayMessages:
    def __init__(self, notifier: Notifier):
        self.said: list[tuple[str, str]] = []
        notifier.tray.showMessage = lambda title, text, *rest: self.said.append((title, text))
        notifier.tray.show = lambda: None


def with_a_tray(monkeypatch) -> tuple[Notifier, TrayMessages]:
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    notifier = Notifier(QIcon(), lambda: None)
    monkeypatch.setattr(notifier, "viewer_is_looking", lambda: False)
    return notifier, TrayMessages(notifier)


def test_no_notification_service_on_the_bus_falls_back_to_the_tray(qtbot, session_bus, monkeypatch):
    notifier, tray = with_a_tray(monkeypatch)
    assert notifier.notify([row(1, "Bosch <news>")])
    assert notifier.shown_by == "tray"
    assert tray.said == [("News: Bosch", "Bosch ‹news›")]  # as before: the tray's text holds no markup


def test_no_notification_service_and_no_tray_shows_nothing_without_error(qtbot, session_bus, monkeypatch):
    notifier = Notifier(QIcon(), lambda: None)
    monkeypatch.setattr(notifier, "viewer_is_looking", lambda: False)
    assert notifier.tray is None  # the offscreen platform has no tray
    assert not notifier.notify([row(1, "Bosch news")])
    assert notifier.shown_by is None and notifier.last == ("News: Bosch", "Bosch news")


def test_no_session_bus_at_all_falls_back_to_the_tray(qtbot, monkeypatch):
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:")
    notifier, tray = with_a_tray(monkeypatch)
    assert notifier.notify([row(1, "Bosch news")])
    assert tray.said == [("News: Bosch", "Bosch news")]


def test_a_service_that_does_not_answer_falls_back_to_the_tray(qtbot, session_bus, monkeypatch):
    """The name is on the bus but nothing there serves the spec (a broken or half-started server):
    the alert is still said, by the tray, once the call has failed."""
    from PySide6.QtDBus import QDBusConnection

    squatter = QDBusConnection.connectToBus(session_bus, "squatter")
    try:
        assert squatter.registerService(SERVICE)
        notifier, tray = with_a_tray(monkeypatch)
        assert notifier.notify([row(1, "Bosch news")])
        qtbot.waitUntil(lambda: tray.said == [("News: Bosch", "Bosch news")], timeout=5_000)
        assert notifier.shown_by == "tray"
    finally:
        QDBusConnection.disconnectFromBus("squatter")


def test_the_session_bus_address_is_found_as_libdbus_finds_it(tmp_path):
    address = desktop_notifications.session_bus_address
    assert address({"DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/x"}) == "unix:path=/run/x"
    assert address({"DBUS_SESSION_BUS_ADDRESS": "disabled:"}) is None
    assert address({"XDG_RUNTIME_DIR": str(tmp_path)}) is None  # no bus there
    runtime = tmp_path / "run dir~"
    runtime.mkdir()
    (runtime / "bus").touch()
    assert address({"XDG_RUNTIME_DIR": str(runtime)}) == f"unix:path={tmp_path}/run%20dir%7e/bus"
