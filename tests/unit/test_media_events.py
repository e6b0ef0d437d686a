"""Jellyfin's WebSocket: a play or an unplay on the server reaches the library within about a
second (a UserDataChanged event, then only those items read and written); another user's events
are not ours; a new show makes a full sync; the socket dropping reconnects; every message either
side sent follows Jellyfin's description (tests/fixtures/specs/jellyfin-websocket-10.11.11.json)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from tests.media import openapi_check
from tests.media.jellyfin_socket import JellyfinSocket
from tests.media.jellyfin_standin import JellyfinStandin
from tests.unit.test_importer import add_series, plays
from watchtracker.providers.media import ServerAccess
from watchtracker.providers.media import events as events_module
from watchtracker.providers.media.events import ServerEvents, changed_items, item_key, socket_url
from watchtracker.services.media import MediaServerService
from watchtracker.storage.tables import Viewing

T = datetime(2025, 6, 1, 21, 0, tzinfo=UTC)
SPEC = "jellyfin-websocket-10.11.11"


@pytest.fixture(autouse=True)
def _quick(monkeypatch):
    monkeypatch.setattr("watchtracker.providers.media.http.BACKOFF_S", 0.0)
    monkeypatch.setattr(events_module, "MIN_RETRY_S", 0.05)
    monkeypatch.setattr(events_module, "POLL_S", 0.05)


@pytest.fixture
def standin(httpserver):
    stand = JellyfinStandin(httpserver)
    yield stand
    stand.check_all()  # every HTTP exchange there was (some tests here have none)


@pytest.fixture
def socket(standin):
    sock = JellyfinSocket(standin)
    yield sock
    sock.close()
    spec = openapi_check.load_spec(SPEC)
    for message in sock.sent:
        name = "UserDataChangedMessage" if message["MessageType"] == "UserDataChanged" else "ForceKeepAliveMessage"
        openapi_check.check_component(spec, name, message)
    for message in sock.received:
        openapi_check.check_component(spec, "InboundKeepAliveMessage", message)


@pytest.fixture
def connected(services, standin, socket, memory_keyring):
    """The library, a connection to the stand-in with Bosch on it, a first sync done, and the
    connection's listener started: it hands changed keys to ``sync_items`` (as the window does)."""
    sid = add_series(services.engine, "Bosch", thetvdb_id=277928)
    bosch = standin.add_series("Bosch", 2014, {"Tvdb": "277928"})
    eps = {n: standin.add_episode(bosch, 1, n) for n in (1, 2, 3)}
    standin.play(eps[1], 1, T)
    media = MediaServerService(services.engine)
    c = media.add("jellyfin", standin.url, user="Alice", password="secret")
    media.sync(c.id, offline=True)
    media.socket_urls[c.id] = socket.url
    done: list = []
    synced = threading.Event()

    def on_changed(keys):
        done.append(media.sync_items(c.id, keys))
        synced.set()

    listener = media.events(c.id, on_changed)
    assert listener is not None
    listener.start()
    assert socket.connected.wait(5)
    yield media, c.id, sid, eps, listener, done, synced
    listener.stop()


def test_a_played_event_reaches_the_library_in_about_a_second(connected, standin, socket, services):
    media, cid, sid, eps, _listener, done, synced = connected
    standin.play(eps[2], 1, T + timedelta(hours=1))
    started = time.perf_counter()
    socket.user_data_changed([eps[2]])
    assert synced.wait(5)
    took = time.perf_counter() - started
    assert done[-1].added == 1 and done[-1].changes.series == frozenset({sid})
    assert [(s, n, w) for s, n, w, _src in plays(services.engine, sid)] == [(1, 1, T), (1, 2, T + timedelta(hours=1))]
    assert took < 3.0, took  # the aim is 1 s (the figure is in bench_media.py's note); 3 s bounds a busy machine
    assert len(standin.requests("GET", "/Items")) >= 1


def test_an_unplayed_event_removes_the_servers_viewing(connected, standin, socket, services):
    media, cid, sid, eps, _listener, done, synced = connected
    standin.unplay(eps[1])
    socket.user_data_changed([eps[1]], dashed=True)  # a dashed GUID names the same item
    assert synced.wait(5)
    assert done[-1].removed == 1
    assert plays(services.engine, sid) == []


def test_another_users_event_is_not_ours(connected, standin, socket, services):
    media, cid, sid, eps, _listener, done, synced = connected
    bob = standin.add_user("Bob", "pw")
    standin.play(eps[3], 1, T, user=bob)
    socket.user_data_changed([eps[3]], user=bob)
    assert not synced.wait(0.5)
    assert len(plays(services.engine, sid)) == 1


def test_an_event_of_a_new_show_makes_a_full_sync(connected, standin, socket, services):
    media, cid, sid, eps, _listener, done, synced = connected
    legacy_sid = add_series(services.engine, "Bosch: Legacy", year=2022, thetvdb_id=400719)
    legacy = standin.add_series("Bosch: Legacy", 2022, {"Tvdb": "400719"})
    ep = standin.add_episode(legacy, 1, 1)
    standin.play(ep, 1, T)
    socket.user_data_changed([ep])
    assert synced.wait(5)
    assert done[-1].added == 1 and done[-1].played == 2  # every played episode was read
    assert len(plays(services.engine, legacy_sid)) == 1


def test_the_socket_dropping_reconnects_and_a_missed_event_is_caught_up(connected, standin, socket, services):
    media, cid, sid, eps, listener, done, synced = connected
    socket.drop()
    standin.play(eps[3], 1, T + timedelta(days=1))  # while the socket was down: no event ever comes
    assert socket.connected.wait(5)  # the listener came back by itself
    report = media.sync(cid, offline=True)  # the catch-up (at start-up, on the timer)
    assert report.added == 1
    standin.play(eps[2], 1, T + timedelta(days=2))
    socket.user_data_changed([eps[2]])
    assert synced.wait(5)
    with Session(services.engine) as session:
        assert len(session.exec(select(Viewing)).all()) == 3


def test_the_keep_alive_is_answered(standin, memory_keyring):
    sock = JellyfinSocket(standin, keep_alive_s=2)  # the client answers every second
    try:
        access = ServerAccess("jellyfin", standin.url, token=standin.token_for(), user_id=standin.user.id)
        listener = ServerEvents(access, lambda keys: None, url=sock.url)
        listener.start()
        deadline = time.monotonic() + 5
        while not sock.received and time.monotonic() < deadline:
            time.sleep(0.05)
        started = time.perf_counter()
        listener.stop()
        assert time.perf_counter() - started < 2
        assert sock.received and sock.received[0] == {"MessageType": "KeepAlive"}
        spec = openapi_check.load_spec(SPEC)
        openapi_check.check_component(spec, "InboundKeepAliveMessage", sock.received[0])
    finally:
        sock.close()


def test_a_token_the_server_does_not_know_is_refused_and_retried_quietly(standin, socket):
    states: list[tuple[bool, str]] = []
    access = ServerAccess("jellyfin", standin.url, token="expired", user_id=standin.user.id)
    listener = ServerEvents(
        access, lambda keys: None, on_state=lambda ok, why: states.append((ok, why)), url=socket.url
    )
    listener.start()
    deadline = time.monotonic() + 5
    while socket.refused < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    listener.stop()
    assert socket.refused >= 2
    assert states and not any(ok for ok, _why in states)


def test_socket_url_follows_the_address():
    j = ServerAccess("jellyfin", "https://media.example/jf", token="a b", device_id="dev")
    assert socket_url(j) == "wss://media.example/jf/socket?ApiKey=a%20b&deviceId=dev"
    e = ServerAccess("emby", "http://nas:8096", token="t", device_id="d")
    assert socket_url(e) == "ws://nas:8096?api_key=t&deviceId=d"  # as Emby's SDK documentation says


def test_changed_items_reads_only_user_data_of_the_user():
    me = "0000abc0000000000000000000000001"
    message = {
        "MessageType": "UserDataChanged",
        "Data": {
            "UserId": "0000abc0-0000-0000-0000-000000000001",
            "UserDataList": [{"ItemId": "A-1"}, {"x": 1}, "junk"],
        },
    }
    assert changed_items(message, me) == ["A-1"]
    assert changed_items({**message, "MessageType": "Sessions"}, me) is None
    assert changed_items({"MessageType": "UserDataChanged", "Data": {"UserId": "other"}}, me) is None
    assert changed_items({"MessageType": "UserDataChanged", "Data": "junk"}, me) is None
    assert item_key("0000ABC0-0000-0000-0000-000000000001") == me
