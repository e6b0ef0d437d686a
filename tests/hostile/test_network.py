"""Hostile servers: answers that drip a byte at a time (headers or body), redirects and poster
addresses aimed at this machine or its network (loopback, LAN, 169.254.169.254, odd spellings of
an address, DNS that changes its mind), redirects to file:, compression bombs, endless redirect
bodies, JSON nested past Python's recursion limit, huge headers.

Every server here is local: a few lines of socket code where a server must misbehave on the wire,
pytest-httpserver where it only says something odd."""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from pytest_httpserver import HTTPServer
from sqlmodel import Session, select
from werkzeug import Response

from tests.conftest import NOW
from tests.fixtures import tvmaze_payloads as tv
from watchtracker.errors import (
    AddressRefused,
    BadResponse,
    NetworkDown,
    ProviderError,
    ResponseTooLarge,
    TookTooLong,
)
from watchtracker.providers import http as http_module
from watchtracker.providers.feeds import FeedClient
from watchtracker.providers.http import PoliteClient, Politeness, is_public_address
from watchtracker.providers.tvmaze import TvmazeClient
from watchtracker.services.feeds import FeedService
from watchtracker.services.online import LAST_REFRESH, OnlineService
from watchtracker.storage.database import session_scope
from watchtracker.storage.tables import Episode, LibraryEntry, Series, SyncState

FEED = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><title>'
    b"\xe2\x80\x98Bosch\xe2\x80\x99 renewed</title><link>https://wire.example/1</link></item></channel></rss>"
)


class SocketServer:
    """A server that does exactly what ``serve(conn, stop)`` does with each connection (after the
    request's head is read); every connection counted in ``connections``."""

    def __init__(self, serve: Callable[[socket.socket, threading.Event], None]):
        self.serve = serve
        self.stop = threading.Event()
        self.connections = 0
        self.request = threading.local()  # .path: what the connection served in this thread asked for
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            try:
                conn.settimeout(5)
                head = b""
                while b"\r\n\r\n" not in head:
                    chunk = conn.recv(4096)
                    if not chunk:
                        return
                    head += chunk
                self.request.path = head.split(b" ", 2)[1].decode("latin-1")
                self.serve(conn, self.stop)
            except OSError:
                pass

    def close(self) -> None:
        self.stop.set()
        self.sock.close()
        self.thread.join(2)


@pytest.fixture
def servers():
    made: list[SocketServer] = []

    def make(serve):
        made.append(SocketServer(serve))
        return made[-1]

    yield make
    for server in made:
        server.close()


@pytest.fixture
def other_server():
    """A second local HTTP server: what a hostile redirect or poster address aims at."""
    server = HTTPServer(host="127.0.0.1")
    server.expect_request("/secret").respond_with_data("internal data")
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


def drip(first: bytes, step: bytes = b"x", every: float = 0.05, for_seconds: float = 5.0):
    def serve(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(first)
        end = time.monotonic() + for_seconds
        while not stop.is_set() and time.monotonic() < end:
            conn.sendall(step)
            stop.wait(every)

    return serve


def polite(**overrides) -> PoliteClient:
    settings: dict = {"deadline": 0.6, "read_timeout": 0.3, "connect_timeout": 0.3, "retries": 2, "backoff": 0.01}
    settings.update(overrides)
    return PoliteClient(Politeness(**settings))


# -- 3. an overall deadline -------------------------------------------------------------------


@pytest.mark.parametrize(
    "first",
    [
        b"HTTP/1.1 200 OK\r\nX-Slow: ",  # the headers never end
        b"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: 100000\r\n\r\n<rss>",  # nor the body
    ],
    ids=["headers", "body"],
)
def test_a_server_dripping_a_byte_at_a_time_is_given_up_at_the_deadline(servers, first):
    server = servers(drip(first))
    http = polite()
    started = time.monotonic()
    with pytest.raises(NetworkDown) as err:
        http.fetch(server.url("/feed"), what="the feed Drip")
    took = time.monotonic() - started
    http.close()
    assert str(err.value) == "the feed Drip took longer than 0.6 s; gave up."
    assert took < 0.6 + 1.0  # (a drip lasts 5 s: without the deadline, 5 s or more)
    assert server.connections == 1  # given up, not tried again


def test_the_deadline_covers_the_retries_too(servers):
    def slow_error(conn, stop):  # a server error after a wait: retried, but not past the deadline
        stop.wait(0.25)
        conn.sendall(b"HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n")

    server = servers(slow_error)
    http = polite(retries=10, backoff=0.05)
    started = time.monotonic()
    with pytest.raises(ProviderError):
        http.fetch(server.url("/x"))
    assert time.monotonic() - started < 0.6 + 1.0
    http.close()


def test_a_dripping_feed_does_not_stop_the_others(example, servers, httpserver):
    server = servers(drip(b"HTTP/1.1 200 OK\r\nX-Slow: "))
    httpserver.expect_request("/good").respond_with_data(FEED, content_type="application/rss+xml")
    http = polite()
    feeds = FeedService(example.engine, FeedClient(http), clock=lambda: NOW)
    feeds.add(server.url("/feed"), name="Drip")
    feeds.add(httpserver.url_for("/good"), name="Good")
    started = time.monotonic()
    report = feeds.poll()
    assert time.monotonic() - started < 0.6 + 1.5
    state = {f.name: f for f in feeds.feeds()}
    assert state["Drip"].last_error == "The feed Drip took longer than 0.6 s; gave up."
    assert state["Good"].last_error is None and report.feeds_ok == 1
    http.close()


def test_a_dripping_tvmaze_answer_is_given_up(servers):
    server = servers(drip(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 9999\r\n\r\n["))
    http = polite()
    with pytest.raises(NetworkDown, match=r"^TVmaze took longer than 0.6 s; gave up\.$"):
        TvmazeClient(http, server.url("").rstrip("/")).show(5002)
    http.close()


# -- 9. requests aimed at this machine or its network -------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.1.2.3",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "0.0.0.0",
        "100.64.0.1",
        "224.0.0.1",
        "239.255.255.250",
        "255.255.255.255",
        "240.0.0.1",
        "192.0.2.1",
        "::1",
        "::",
        "fe80::1",
        "fe80::1%lo",
        "fc00::1",
        "fd12:3456::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "2002:7f00:1::1",
        "64:ff9b::a9fe:a9fe",
        "2001:db8::1",
    ],
)
def test_local_private_and_reserved_addresses_are_not_public(address):
    assert not is_public_address(address)


@pytest.mark.parametrize(
    "address", ["8.8.8.8", "151.101.1.69", "2606:4700::1111", "2a00:1450:4001::200e", "::ffff:8.8.8.8"]
)
def test_public_addresses_are(address):
    assert is_public_address(address)


@pytest.mark.parametrize(
    "spelling", ["127.0.0.1", "2130706433", "0x7f.1", "0177.0.0.1", "[::ffff:127.0.0.1]", "localhost"]
)
def test_a_feed_redirecting_to_another_local_port_is_refused(httpserver, other_server, spelling):
    target = f"http://{spelling}:{other_server.port}/secret"
    httpserver.expect_request("/feed").respond_with_response(Response(status=302, headers={"Location": target}))
    http = polite()
    with pytest.raises(BadResponse) as err:
        FeedClient(http).fetch(httpserver.url_for("/feed"), name="Wire")
    http.close()
    message = str(err.value)
    assert message.startswith("the feed Wire sent us on to ") and "\n" not in message
    if spelling == "0177.0.0.1":  # httpx does not read octal: the address itself is refused
        assert "cannot read" in message
    else:
        assert isinstance(err.value, AddressRefused) and "local or private" in message
    assert other_server.log == []  # not a byte sent there
    assert len(httpserver.log) == 1  # and not tried again


def test_the_same_server_under_the_address_the_viewer_typed_is_followed(httpserver):
    httpserver.expect_request("/old").respond_with_response(Response(status=301, headers={"Location": "/feed"}))
    httpserver.expect_request("/feed").respond_with_data(FEED, content_type="application/rss+xml")
    http = polite()
    answer = FeedClient(http).fetch(httpserver.url_for("/old"))
    assert answer.document is not None and answer.document.title == "Wire"
    http.close()


@pytest.fixture
def connects(monkeypatch):
    """Every address a socket connects to in this test."""
    seen: list = []
    real = socket.socket.connect

    def connect(self, address):
        seen.append(address)
        return real(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return seen


def test_a_redirect_to_the_cloud_metadata_address_is_refused_without_connecting(httpserver, connects):
    httpserver.expect_request("/feed").respond_with_response(
        Response(status=307, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    )
    http = polite(connect_timeout=5, deadline=30)
    started = time.monotonic()
    with pytest.raises(AddressRefused, match="169.254.169.254"):
        http.fetch(httpserver.url_for("/feed"), what="the feed Wire")
    assert time.monotonic() - started < 1.0
    assert not any(a[0] == "169.254.169.254" for a in connects)
    http.close()


def test_a_name_that_resolves_to_a_local_address_is_refused(httpserver, other_server, monkeypatch):
    real = socket.getaddrinfo

    def resolve(host, *args, **kwargs):
        if host == "news.rebind.example":
            return real("127.0.0.1", *args, **kwargs)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    httpserver.expect_request("/feed").respond_with_response(
        Response(status=302, headers={"Location": f"http://news.rebind.example:{other_server.port}/secret"})
    )
    http = polite()
    with pytest.raises(AddressRefused, match="news.rebind.example"):
        http.fetch(httpserver.url_for("/feed"))
    assert other_server.log == []
    http.close()


def test_the_address_checked_is_the_address_connected_to(monkeypatch, connects):
    """DNS rebinding: a name that answers a public address for the check and a local one right
    after gets no second question; the connection goes to the address that was checked."""
    answers = iter(["93.184.216.34", "127.0.0.1", "127.0.0.1"])
    real = socket.getaddrinfo

    def resolve(host, port, *args, **kwargs):
        if host == "rebind.example":
            return real(next(answers), port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    def refuse(self, address):  # nothing leaves this machine
        connects.append(address)
        raise ConnectionRefusedError(111, "refused")

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    http = polite(retries=0)
    with pytest.raises(NetworkDown):
        http.fetch("http://rebind.example/feed", trust_url=False)
    assert [a[0] for a in connects] == ["93.184.216.34"]
    http.close()


def test_a_kept_alive_connection_to_a_trusted_local_server_is_not_reused_for_an_untrusted_address(servers):
    def keep_alive(conn, stop):
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        head = b""
        while b"\r\n\r\n" not in head:  # a second request on the same connection
            chunk = conn.recv(4096)
            if not chunk:
                return
            head += chunk
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecret")

    server = servers(keep_alive)
    http = polite()
    assert http.get_bytes(server.url("/feed")) == b"ok"  # the viewer's own address
    with pytest.raises(AddressRefused, match=r"^the service is at 127\.0\.0\.1:\d+, a local or private address"):
        http.get_bytes(server.url("/other"), trust_url=False)  # e.g. a poster address from TVmaze
    http.close()


def test_a_poster_address_on_another_local_port_is_not_fetched(services, httpserver, other_server, tmp_path):
    http = polite()
    online = OnlineService(
        services.engine,
        TvmazeClient(http, httpserver.url_for("").rstrip("/")),
        clock=lambda: NOW,
        posters=tmp_path / "posters",
    )
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    other_server.expect_request("/poster.png").respond_with_data(png, content_type="image/png")
    httpserver.expect_request("/poster.png").respond_with_data(png, content_type="image/png")
    show = tv.show(5002, "Bosch: Legacy", status="Running")
    show["image"] = {"medium": None, "original": other_server.url_for("/poster.png")}
    httpserver.expect_request("/shows/5002").respond_with_json(show)
    online.follow(5002)
    assert online.thumbnail(other_server.url_for("/poster.png")) is None
    assert online.fetch_posters().series == frozenset()
    assert other_server.log == []
    # the TVmaze stand-in's own address is the viewer's: its posters come
    assert online.thumbnail(httpserver.url_for("/poster.png")) is not None
    http.close()


# -- 17. a redirect to something that is not the web ---------------------------------------------


@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://files.example/feed", "gopher://x.example/"])
def test_a_redirect_to_a_non_web_address_is_named_once_and_not_retried(httpserver, location):
    httpserver.expect_request("/feed").respond_with_response(Response(status=302, headers={"Location": location}))
    http = polite()
    with pytest.raises(AddressRefused) as err:
        FeedClient(http).fetch(httpserver.url_for("/feed"), name="Wire")
    scheme = location.split(":")[0]
    assert str(err.value) == (
        f"the feed Wire sent us on to a {scheme}: address; only web addresses (http, https) are followed."
    )
    assert len(httpserver.log) == 1
    http.close()


def test_endless_redirects_are_cut_short(httpserver):
    httpserver.expect_request("/loop").respond_with_response(Response(status=302, headers={"Location": "/loop"}))
    http = polite()
    with pytest.raises(BadResponse, match="too many redirects"):
        http.fetch(httpserver.url_for("/loop"), what="the feed Loop")
    assert len(httpserver.log) <= 11
    http.close()


# -- same class: unbounded reads and parses ---------------------------------------------------


def test_a_redirect_with_an_endless_body_is_not_read(httpserver):
    def endless(request):
        def chunks():
            for _ in range(200):
                yield b" " * 1_000_000

        return Response(chunks(), status=302, headers={"Location": "/feed"})

    httpserver.expect_request("/old").respond_with_handler(endless)
    httpserver.expect_request("/feed").respond_with_data(FEED)
    http = polite(deadline=20)
    tracemalloc.start()
    try:
        body = http.get_bytes(httpserver.url_for("/old"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert body == FEED and peak < 20_000_000
    http.close()


def test_a_compression_bomb_is_measured_after_decompression(httpserver):
    bomb = gzip.compress(b"\x00" * 30_000_000)  # 30 kB on the wire
    httpserver.expect_request("/feed").respond_with_data(bomb, headers={"Content-Encoding": "gzip"})
    http = polite(deadline=20)
    tracemalloc.start()
    try:
        with pytest.raises(ResponseTooLarge):
            http.get_bytes(httpserver.url_for("/feed"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100_000_000, peak
    http.close()


def test_we_ask_only_for_compressions_we_bound(httpserver):
    httpserver.expect_request("/x").respond_with_data("{}")
    http = polite()
    http.get_bytes(httpserver.url_for("/x"))
    codings = {c.strip() for c in httpserver.log[0][0].headers["Accept-Encoding"].split(",")}
    assert codings <= {"gzip", "deflate", "identity"}
    http.close()


def test_json_nested_deeper_than_python_recurses_is_a_bad_response(httpserver):
    httpserver.expect_request("/shows/1").respond_with_data(
        "[" * 200_000 + "]" * 200_000, content_type="application/json"
    )
    http = polite()
    with pytest.raises(BadResponse) as err:
        http.get_json(httpserver.url_for("/shows/1"), what="TVmaze")
    assert "\n" not in str(err.value) and "recursion" not in str(err.value)
    http.close()


def test_a_huge_header_is_a_one_line_error_quickly(servers):
    server = servers(lambda conn, stop: conn.sendall(b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * 1_000_000 + b"\r\n\r\n"))
    http = polite(deadline=5)
    started = time.monotonic()
    with pytest.raises(BadResponse) as err:
        http.fetch(server.url("/x"), what="the feed Big")
    assert str(err.value) == "the feed Big sent an answer that breaks the rules of HTTP; not read."
    assert time.monotonic() - started < 2.0
    assert server.connections == 1  # the server's fault: not asked again
    http.close()


def test_the_deadline_is_per_fetch_and_a_later_fetch_has_its_own(httpserver):
    httpserver.expect_request("/x").respond_with_data("ok")
    http = polite(deadline=0.5)
    for _ in range(3):
        assert http.get_bytes(httpserver.url_for("/x")) == b"ok"
        time.sleep(0.2)  # the client idles between fetches: a deadline must not carry over
    assert http_module._context.deadline is None
    http.close()


def test_now_is_used_by_the_service(example, httpserver):
    """The service hands its clock to the parser: a date a week after the service's now is dropped."""
    item = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><title>'
        b"\xe2\x80\x98Bosch\xe2\x80\x99 Season 9 renewed</title><link>https://wire.example/9</link>"
        b"<pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate></item></channel></rss>"
    )
    httpserver.expect_request("/f").respond_with_data(item, content_type="application/rss+xml")
    http = polite()
    feeds = FeedService(example.engine, FeedClient(http), clock=lambda: datetime(2026, 11, 24, tzinfo=UTC))
    feeds.add(httpserver.url_for("/f"))
    feeds.poll()
    got = [a for a in example.alerts.alerts() if a.url == "https://wire.example/9"]
    assert got and got[0].published == datetime(2026, 11, 24, tzinfo=UTC)
    http.close()


def test_a_dripping_poster_server_holds_the_posters_up_for_one_deadline_not_one_each(services, servers, tmp_path):
    from sqlmodel import Session

    from watchtracker.domain.enums import LifecycleStatus, ViewerState
    from watchtracker.domain.inputs import SeriesInput
    from watchtracker.storage.tables import Series

    server = servers(drip(b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 5000\r\n\r\n\x89PNG"))
    ids = [
        services.catalog.add_series(
            SeriesInput(title=f"Show {n}", status=LifecycleStatus.AIRING, follow_state=ViewerState.WATCHING)
        )[0]
        for n in range(5)
    ]
    with Session(services.engine) as session:
        for n, sid in enumerate(ids):
            series = session.get(Series, sid)
            series.poster_url = server.url(f"/poster-{n}.png")
            session.add(series)
        session.commit()
    http = polite()
    online = OnlineService(
        services.engine, TvmazeClient(http, server.url("").rstrip("/")), clock=lambda: NOW, posters=tmp_path / "posters"
    )
    started = time.monotonic()
    assert online.fetch_posters().series == frozenset()
    assert time.monotonic() - started < 0.6 + 1.0
    assert server.connections == 1  # the others wait for the next time
    http.close()


def test_a_proxy_from_the_environment_is_used_and_checked(servers, httpserver, monkeypatch):
    lines: list[bytes] = []

    def proxy(conn, stop):  # a forwarding proxy: answers for whatever it is asked
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 7\r\nConnection: close\r\n\r\nproxied")

    server = servers(proxy)
    real = server.serve

    def record(conn, stop):
        lines.append(b"seen")
        real(conn, stop)

    server.serve = record
    monkeypatch.setenv("HTTP_PROXY", server.url("").rstrip("/"))
    monkeypatch.setenv("NO_PROXY", "localhost")
    httpserver.expect_request("/direct").respond_with_data("direct")
    http = polite()
    assert http.get_bytes("http://feeds.invalid/feed") == b"proxied"  # the proxy resolves the name
    assert http.get_bytes(httpserver.url_for("/direct")) == b"direct"  # NO_PROXY: straight there
    with pytest.raises(AddressRefused):  # a local address is refused before the proxy is asked
        http.get_bytes("http://10.1.2.3/secret", trust_url=False)
    assert len(lines) == 1
    http.close()


# -- a dripping TVmaze answer for one show ------------------------------------------------------


def answer(data) -> Callable[[socket.socket, threading.Event], None]:
    body = json.dumps(data).encode()
    head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    return lambda conn, stop: conn.sendall(head.encode() + body)


def tvmaze(servers, shows: dict[int, Callable]) -> SocketServer:
    """A TVmaze whose update feed says every show in ``shows`` changed; each show is answered by
    its own ``serve`` (a JSON answer, a drip, a hang-up)."""
    routes = {f"/shows/{tid}": serve for tid, serve in shows.items()}
    routes["/updates/shows"] = answer({str(tid): 1_800_000_000 for tid in shows})

    def route(conn, stop):
        routes[server.request.path.split("?")[0]](conn, stop)

    server = servers(route)
    server.routes = routes  # type: ignore[attr-defined]
    return server


def follow_shows(services, ids) -> None:
    with session_scope(services.engine) as session:
        for tid in ids:
            series = Series(title=f"Show {tid}", status="airing", tvmaze_id=tid, remote_updated=1_700_000_000)
            session.add(series)
            session.flush()
            session.add(LibraryEntry(series_id=series.id))
        state = session.get(SyncState, LAST_REFRESH) or SyncState(key=LAST_REFRESH, value="")
        state.value = (NOW - timedelta(hours=3)).isoformat()
        session.add(state)


def remote_updated(services) -> dict[int, int | None]:
    with Session(services.engine) as session:
        return dict(session.exec(select(Series.tvmaze_id, Series.remote_updated)).all())


def episode_ids(services) -> dict[int, list[int]]:
    with Session(services.engine) as session:
        rows = session.exec(select(Series.tvmaze_id, Episode.tvmaze_id).join(Episode, Episode.series_id == Series.id))
        found: dict[int, list[int]] = {}
        for show, episode in rows:
            found.setdefault(show, []).append(episode)
        return found


def changed(tid: int) -> Callable:
    return answer(
        tv.show(
            tid,
            f"Show {tid}",
            status="Running",
            updated=1_800_000_000,
            seasons=[tv.season(tid * 10, 1, "2026-01-01", 8)],
            episodes=[tv.episode(tid * 100, 1, 1, "2026-01-01")],
        )
    )


DRIP = drip(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")


def test_a_show_whose_answer_drips_is_skipped_and_the_others_are_fetched(services, servers):
    server = tvmaze(servers, {100: DRIP, 200: changed(200), 300: DRIP, 400: changed(400)})
    follow_shows(services, [100, 200, 300, 400])
    http = polite(deadline=0.5)
    online = OnlineService(services.engine, TvmazeClient(http, server.url("").rstrip("/")), clock=lambda: NOW)
    started = time.monotonic()
    report = online.refresh()
    assert time.monotonic() - started < 2 * 0.5 + 1.0
    assert report.updated == ["Show 200", "Show 400"]
    assert report.skipped == [
        f"TVmaze #{tid}: TVmaze took longer than 0.5 s; gave up. It will be asked again." for tid in (100, 300)
    ]
    assert remote_updated(services) == {100: None, 200: 1_800_000_000, 300: None, 400: 1_800_000_000}
    assert episode_ids(services) == {200: [20_000], 400: [40_000]}  # the new episodes
    http.close()


def test_after_two_dripping_shows_in_a_row_the_others_wait_for_the_next_refresh(services, servers):
    shows = {100: changed(100), 200: DRIP, 300: DRIP, 400: changed(400), 500: changed(500)}
    server = tvmaze(servers, shows)
    follow_shows(services, list(shows))
    http = polite(deadline=0.5)
    online = OnlineService(services.engine, TvmazeClient(http, server.url("").rstrip("/")), clock=lambda: NOW)
    started = time.monotonic()
    report = online.refresh()
    assert time.monotonic() - started < 2 * 0.5 + 1.0
    assert report.updated == ["Show 100"]
    assert report.skipped[:2] == [
        f"TVmaze #{tid}: TVmaze took longer than 0.5 s; gave up. It will be asked again." for tid in (200, 300)
    ]
    assert report.skipped[2:] == [
        ("TVmaze answered two series in a row too slowly: the other 2 are left for the next refresh.")
    ]
    assert server.connections == 1 + 3  # the update feed, 100, 200, 300; not 400 and 500
    # the ones left are asked next time, whatever the update feed says then
    assert remote_updated(services) == {100: 1_800_000_000, 200: None, 300: None, 400: None, 500: None}
    server.routes.update(
        {"/shows/200": changed(200), "/shows/300": changed(300), "/updates/shows": answer({})}
    )  # an update feed that lists nothing
    with session_scope(services.engine) as session:
        session.get(SyncState, LAST_REFRESH).value = (NOW - timedelta(hours=3)).isoformat()
    assert sorted(online.refresh().updated) == ["Show 200", "Show 300", "Show 400", "Show 500"]
    http.close()


def test_when_tvmaze_hangs_up_on_a_show_the_refresh_still_stops_and_changes_nothing(services, servers):
    server = tvmaze(servers, {100: changed(100), 200: lambda conn, stop: None, 300: changed(300)})
    follow_shows(services, [100, 200, 300])
    http = polite(deadline=5)
    online = OnlineService(services.engine, TvmazeClient(http, server.url("").rstrip("/")), clock=lambda: NOW)
    with pytest.raises(NetworkDown) as err:
        online.refresh()
    assert not isinstance(err.value, TookTooLong) and "\n" not in str(err.value)
    assert remote_updated(services) == {100: 1_700_000_000, 200: 1_700_000_000, 300: 1_700_000_000}
    http.close()
