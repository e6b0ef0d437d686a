"""Library → Media servers…: the dialog (empty, adding, refused, last error, pause, remove,
write-back), the add dialog's fields by kind, the window's syncs in the background (changes on
the bus, a status line) and write-back after a mark watched, only when asked for; and the
Preferences row. The servers are the in-memory fakes of tests/unit/test_media_sync.py.

Rendered offscreen to /tmp/media_ui/*.png (empty, three connections with a long error and a
very long name; 1280x800 and 1024x640; light and dark) to be looked at."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget
from sqlmodel import Session, col, select

from tests.media.fake_server import FakeClient, FakeServer, bosch_on
from tests.ui.test_dark_palette import dark_palette
from tests.unit.test_importer import add_series
from watchtracker.errors import ServiceUnavailable
from watchtracker.services.media import MediaServerService
from watchtracker.settings import Settings
from watchtracker.storage.tables import Episode, Viewing

from watchtracker.ui.changes import ChangeBus
from watchtracker.ui.commands import UndoStack, WatchCommand, start
from watchtracker.ui.common import theme
from watchtracker.ui.media.add_dialog import AddServerDialog
from watchtracker.ui.media.controller import MediaController
from watchtracker.ui.media.dialog import EMPTY, LIST, MediaServersDialog
from watchtracker.ui.media.model import STATE
from watchtracker.ui.preferences import PreferencesDialog
from watchtracker.ui.tasks import SyncLane

T = datetime(2025, 5, 1, 20, 0, tzinfo=UTC)
PNG = Path("/tmp/media_ui")


@pytest.fixture
def servers(memory_keyring):
    return {}


@pytest.fixture
def media(services, servers):
    def factory(access, **_kw):
        return FakeClient(servers.setdefault(access.url, FakeServer()), access)

    return MediaServerService(services.engine, client_factory=factory, clock=lambda: T)


@pytest.fixture
def dialog(qtbot, media):
    lane = SyncLane()
    d = MediaServersDialog(media, read=lane.run, ask=lane.run, open_kept=lambda parent: None)
    qtbot.addWidget(d)
    d.show()
    return d


def add_dialog(qtbot, media, **kw) -> AddServerDialog:
    d = AddServerDialog(media, SyncLane().run, **kw)
    qtbot.addWidget(d)
    d.show()
    return d


def connect(media, servers, url="http://nas:8096", **kw):
    server = servers.setdefault(url, FakeServer())
    return media.add("jellyfin", url, user="ann", password="secret", **kw), server


def state_of(d: MediaServersDialog, row: int = 0):
    index = d.model.index(row, STATE)
    return d.model.data(index), d.model.data(index, Qt.ItemDataRole.ForegroundRole)


# -- the dialog ----------------------------------------------------------------------------------


def test_no_servers_shows_a_deliberate_empty_state(dialog):
    assert dialog.stack.currentIndex() == EMPTY
    assert "Add Jellyfin, Emby, Plex or Kodi" in dialog.empty.text.text()
    assert dialog.empty.buttons[0].isEnabled()


def test_add_a_server_lists_it(qtbot, qtmodeltester, dialog, media, servers):
    servers["http://nas:8096"] = FakeServer()
    d = add_dialog(qtbot, media)
    d.address.setText("nas:8096")
    d.user.setText("ann")
    d.password.setText("secret")
    d.write_back.setChecked(True)
    with qtbot.waitSignal(d.added):
        d.ok_button.click()
    assert d.result() == d.DialogCode.Accepted
    [c] = media.connections()
    assert (c.name, c.url, c.write_back) == ("Living room", "http://nas:8096", True)
    dialog.reload()
    assert dialog.stack.currentIndex() == LIST
    qtmodeltester.check(dialog.model)
    assert dialog.model.data(dialog.model.index(0, 0)) == "Living room"
    assert state_of(dialog)[0] == "Never synced"
    assert dialog.write_back.isChecked()


def test_a_refused_sign_in_stays_in_the_dialog_and_keeps_nothing(qtbot, media, servers):
    servers["http://nas:8096"] = FakeServer()
    d = add_dialog(qtbot, media)
    d.address.setText("http://nas:8096")
    d.user.setText("ann")
    d.password.setText("wrong")
    with qtbot.waitSignal(d.refused) as said:
        d.ok_button.click()
    assert said.args == ["wrong password"]
    assert d.isVisible() and d.status.text() == "wrong password"
    assert (d.address.text(), d.user.text(), d.password.text()) == ("http://nas:8096", "ann", "wrong")
    assert d.ok_button.isEnabled()
    assert media.connections() == []


def test_the_fields_fit_the_kind(qtbot, media):
    d = add_dialog(qtbot, media)
    assert d.password.echoMode() == QLineEdit.EchoMode.Password
    assert d.token.echoMode() == QLineEdit.EchoMode.Password
    shown = {}
    for kind, port in (("jellyfin", 8096), ("emby", 8096), ("plex", 32400), ("kodi", 8080)):
        d.kind_box.setCurrentIndex(d.kind_box.findData(kind))
        assert str(port) in d.address.placeholderText()
        shown[kind] = (d.user.isVisibleTo(d), d.password.isVisibleTo(d), d.token.isVisibleTo(d))
    assert shown == {
        "jellyfin": (True, True, True),
        "emby": (True, True, True),
        "plex": (False, False, True),
        "kodi": (True, True, False),
    }
    assert not d.write_back.isChecked()


def test_sign_in_again_fixes_kind_and_address(qtbot, media, servers):
    c, _server = connect(media, servers)
    d = add_dialog(qtbot, media, again=c)
    assert not d.kind_box.isEnabled() and not d.address.isEnabled()
    assert d.address.text() == "http://nas:8096" and not d.name.isVisibleTo(d)
    d.password.setText("secret")
    with qtbot.waitSignal(d.added):
        d.ok_button.click()


def test_sync_now_shows_its_line_and_the_last_error_in_the_error_colour(qtbot, dialog, media, servers, services):
    _c, server = connect(media, servers)
    add_series(services.engine, "Bosch", thetvdb_id=277928)
    bosch_on(server)
    server.play("b-1-1", T)
    dialog.reload()
    with qtbot.waitSignal(dialog.done_step) as step:
        dialog.sync_button.click()
    assert step.args == ["synced"]
    assert "1 viewings added" in dialog.status.text()
    assert state_of(dialog)[0].startswith("Synced: ")
    server.fail = ServiceUnavailable("The server answered 500 Internal Server Error.")
    with qtbot.waitSignal(dialog.done_step) as step:
        dialog.sync_button.click()
    assert step.args == ["failed"]
    text, colour = state_of(dialog)
    assert text == "The server answered 500 Internal Server Error."
    assert colour == theme.error()
    assert dialog.problem.isVisibleTo(dialog) and "500" in dialog.problem.text()
    assert "500" in dialog.status.text()


def test_pause_and_resume(qtbot, dialog, media, servers):
    connect(media, servers)
    dialog.reload()
    assert dialog.pause_button.text() == "Pause"
    dialog.pause_button.click()
    assert media.connections()[0].paused
    assert state_of(dialog)[0] == "Paused" and dialog.pause_button.text() == "Resume"
    assert not dialog.sync_button.isEnabled()
    dialog.pause_button.click()
    assert not media.connections()[0].paused and dialog.sync_button.isEnabled()


def test_remove_asks_first_and_keeps_the_viewings(qtbot, dialog, media, servers, services, monkeypatch):
    _c, server = connect(media, servers)
    add_series(services.engine, "Bosch", thetvdb_id=277928)
    bosch_on(server)
    server.play("b-1-1", T)
    dialog.reload()
    dialog.sync_button.click()
    asked = []
    monkeypatch.setattr(dialog, "confirm_remove", lambda row: asked.append(row.name) or False)
    dialog.remove_button.click()
    assert asked == ["Living room"] and len(media.connections()) == 1
    monkeypatch.setattr(dialog, "confirm_remove", lambda row: True)
    dialog.remove_button.click()
    assert media.connections() == [] and dialog.stack.currentIndex() == EMPTY
    assert "stay" in dialog.status.text()
    with Session(services.engine) as session:
        assert len(session.exec(select(Viewing)).all()) == 1


def test_write_back_toggle_reaches_the_connection_and_the_window_flag(qtbot, media, servers):
    connect(media, servers)
    lane = SyncLane()
    seen = []
    d = MediaServersDialog(
        media, read=lane.run, ask=lane.run, on_connections=lambda cs: seen.append(any(c.write_back for c in cs))
    )
    qtbot.addWidget(d)
    assert not d.write_back.isChecked()
    d.write_back.click()
    assert media.connections()[0].write_back and d.write_back.isChecked()
    assert seen[-1] is True


# -- the window's syncs and write-back ----------------------------------------------------------


class Host:
    def __init__(self, bus):
        self.library_lane, self.bus, self.errors = SyncLane(), bus, []

    def apply_changes(self, changes):
        self.bus.publish(changes)

    def report_error(self, exc):
        self.errors.append(exc)


_MADE: list[MediaController] = []


@pytest.fixture(autouse=True)
def _stop_controllers():
    """Each controller's event listeners stop with its test (a fake connection's would otherwise
    go on trying to reach a server that is not there)."""
    yield
    while _MADE:
        _MADE.pop().stop()


def controller_of(media, bus, said):
    lane = SyncLane()
    c = MediaController(
        QWidget(), library_lane=lane, online_lane=lane, refresh_lane=lane, bus=bus,
        status=lambda text, _ms: said.append(text), report_error=lambda exc: (_ for _ in ()).throw(exc),
    )  # fmt: skip
    c.attach(media, None, None)
    _MADE.append(c)
    return c


def test_a_background_sync_publishes_its_changes_and_a_line(qtbot, media, servers, services):
    _c, server = connect(media, servers)
    sid = add_series(services.engine, "Bosch", thetvdb_id=277928)
    bosch_on(server)
    server.play("b-1-1", T)
    bus, said = ChangeBus(), []
    controller = controller_of(media, bus, said)
    with qtbot.waitSignal(bus.changed) as published:
        controller.sync_all()
    assert sid in published.args[0].series
    assert len(said) == 1 and "1 viewings added" in said[0]
    controller.sync_all()  # nothing new: no line
    assert len(said) == 1
    server.fail = ServiceUnavailable("The server answered 500.")
    controller.sync_all()  # a failure: a line, never a dialog
    assert said[-1] == "Living room: The server answered 500."


def test_no_connection_no_sync(media, services):
    said: list[str] = []
    controller = controller_of(media, ChangeBus(), said)
    controller.sync_all()
    assert len(controller.refresh_lane.ran) == 1  # the reading of the connections, no sync
    assert said == []


@pytest.mark.parametrize("on", [False, True])
def test_write_back_after_marking_watched_only_when_asked(qtbot, media, servers, services, on):
    c, server = connect(media, servers, write_back=on)
    sid = add_series(services.engine, "Bosch", thetvdb_id=277928)
    bosch_on(server)
    server.play("b-1-1", T)
    bus, said = ChangeBus(), []
    controller = controller_of(media, bus, said)
    controller.sync_all()  # links the show; reads the flag
    assert controller.writes_back is on
    stack = UndoStack()
    controller.follow(stack)
    with Session(services.engine) as session:
        [eid] = session.exec(
            select(Episode.id).where(col(Episode.series_id) == sid, Episode.season == 1, Episode.number == 2)
        ).all()
    host = Host(bus)
    start(host, stack, WatchCommand(host, services.library, "mark", [eid], "Mark"))
    assert server.marked == ([("played", "b-1-2")] if on else [])
    stack.undo()
    assert server.marked == ([("played", "b-1-2"), ("unplayed", "b-1-2")] if on else [])
    # "watch again" of one played there already: one more play there (a plain mark would not be)
    [first] = [e for e in services.library.detail(sid).episodes() if (e.season, e.number) == (1, 1)]
    start(host, stack, WatchCommand(host, services.library, "mark", [first.id], "Mark"))
    start(host, stack, WatchCommand(host, services.library, "rewatch", [first.id], "Watch again"))
    assert server.marked[-1:] == ([("played", "b-1-1")] if on else [])
    assert server.marked.count(("played", "b-1-1")) == (1 if on else 0)
    assert host.errors == []


def test_media_sync_minutes_setting_row_is_saved(qtbot, make_window, small, paths):
    d = PreferencesDialog(Settings())
    qtbot.addWidget(d)
    assert d.media_minutes.value() == 15 and (d.media_minutes.minimum(), d.media_minutes.maximum()) == (1, 1440)
    d.media_minutes.setValue(30)
    assert d.chosen().media_sync_minutes == 30
    w = make_window(small)
    w.apply_settings(replace(w.settings, media_sync_minutes=45))
    assert Settings.load(paths.settings_file).media_sync_minutes == 45
    assert w.media_controller.minutes == 45


def test_the_menu_opens_the_dialog(qtbot, make_window, small, media):
    small.media = media
    w = make_window(small)
    assert w.actions.media_servers.isEnabled()
    w.actions.media_servers.trigger()
    dialog = w.media_controller.dialog
    assert dialog is not None and dialog.windowModality() == Qt.WindowModality.WindowModal
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == EMPTY)
    w.actions.media_servers.trigger()  # a second time: the same dialog
    assert w.media_controller.dialog is dialog
    dialog.reject()


# -- look at it ----------------------------------------------------------------------------------


def _three(media, servers) -> None:
    connect(media, servers, "http://nas:8096")
    c, server = connect(
        media,
        servers,
        "http://basement-media-server.home.example.org:8920/jellyfin",
        name="The very long named Jellyfin server in the basement behind the washing machine, second shelf",
    )
    server.fail = ServiceUnavailable(
        "The server answered 503 Service Unavailable after 3 tries over 45 s; it may be starting up or "
        "overloaded — the library was left as it was."
    )
    with pytest.raises(ServiceUnavailable):
        media.sync(c.id)
    k, _ = connect(media, servers, "http://192.168.1.20:8096", name="Bedroom")
    media.set_paused(k.id, True)


@pytest.mark.parametrize("palette", ["light", "dark"])
@pytest.mark.parametrize("size", [(1280, 800), (1024, 640)])
@pytest.mark.parametrize("filled", [False, True])
def test_render(qtbot, qapp, media, servers, palette, size, filled):
    PNG.mkdir(parents=True, exist_ok=True)
    before = qapp.palette()
    if palette == "dark":
        qapp.setPalette(dark_palette())
    try:
        if filled:
            _three(media, servers)
        window = QWidget()
        window.resize(*size)
        qtbot.addWidget(window)
        window.show()
        lane = SyncLane()
        d = MediaServersDialog(media, read=lane.run, ask=lane.run, open_kept=lambda parent: None, parent=window)
        d.open()
        qtbot.waitExposed(d)
        if filled:
            d.view.selectRow(2)  # the one with the long error
        name = f"{'three' if filled else 'empty'}-{size[0]}x{size[1]}-{palette}"
        assert d.width() <= size[0] and d.height() <= size[1]
        d.grab().save(str(PNG / f"servers-{name}.png"))
        a = AddServerDialog(media, lane.run, parent=d)
        a.open()
        qtbot.waitExposed(a)
        if filled:
            a.address.setText("http://nas:8096")
            a.user.setText("ann")
            a.password.setText("wrong")
            servers.setdefault("http://nas:8096", FakeServer())
            a.ok_button.click()
        assert a.width() <= size[0] and a.height() <= size[1]
        a.grab().save(str(PNG / f"add-{name}.png"))
        a.reject()
        d.reject()
    finally:
        qapp.setPalette(before)


def test_a_play_on_jellyfin_reaches_the_window_through_its_socket(
    qtbot, services, httpserver, memory_keyring, monkeypatch
):
    """The controller listens to a Jellyfin connection's WebSocket; an event's items are synced at
    once and the change published (the stand-ins follow Jellyfin's API description)."""
    from tests.media.jellyfin_socket import JellyfinSocket
    from tests.media.jellyfin_standin import JellyfinStandin
    from watchtracker.providers.media import events as events_module

    monkeypatch.setattr(events_module, "POLL_S", 0.05)
    stand = JellyfinStandin(httpserver)
    sock = JellyfinSocket(stand)
    try:
        sid = add_series(services.engine, "Bosch", thetvdb_id=277928)
        show = stand.add_series("Bosch", 2014, {"Tvdb": "277928"})
        episode = stand.add_episode(show, 1, 1)
        media = MediaServerService(services.engine)
        c = media.add("jellyfin", stand.url, user="Alice", password="secret")
        media.socket_urls[c.id] = sock.url
        bus, said = ChangeBus(), []
        controller = controller_of(media, bus, said)
        controller.sync_all()  # the catch-up; it also starts the listener
        assert sock.connected.wait(5)
        stand.play(episode, 1, T)
        with qtbot.waitSignal(bus.changed, timeout=5000) as published:
            sock.user_data_changed([episode])
        assert sid in published.args[0].series
        assert said and "1 viewings added" in said[-1]
        listener = controller.listeners[c.id]
        controller.stop()
        qtbot.waitUntil(lambda: not listener._thread.is_alive())
    finally:
        sock.close()
    assert stand.check_all() > 0


def test_shows_kept_for_later_say_which_server_they_came_from(media, servers, services):
    from watchtracker.ui.transfer.pending_dialog import pending_rows

    c, server = connect(media, servers)
    server.show("x", "Unknown Show", 2020)
    server.play(server.episode("x", 1, 1), T)
    media.sync(c.id, offline=True)
    [row] = pending_rows(services.importer.pending(), services.importer.source_names())
    assert row[:3] == ("Unknown Show (2020)", "Living room", "1")
    media.remove(c.id)
    assert services.importer.pending() == []  # its shows kept for later go with it


def test_adding_without_a_keyring_says_the_sign_in_lasts_this_run(qtbot, dialog, media, servers, monkeypatch):
    import keyring
    from keyring.backends import fail

    servers["http://nas:8096"] = FakeServer()
    keyring.set_keyring(fail.Keyring())  # the memory_keyring fixture puts its own back afterwards
    d = add_dialog(qtbot, media, on_added=dialog._added)
    d.address.setText("http://nas:8096")
    d.user.setText("ann")
    d.password.setText("secret")
    with qtbot.waitSignal(d.added):
        d.ok_button.click()
    assert "no keyring" in dialog.status.text() and "Sign in again" in dialog.status.text()
    assert media.sync(media.connections()[0].id).played == 0  # usable for this run all the same
