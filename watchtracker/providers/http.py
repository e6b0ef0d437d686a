"""One polite HTTP client for the whole app.

A User-Agent with the app's version; connect and read timeouts; at most ``max_requests`` per
``per_seconds`` to each host; on 429 it waits as long as Retry-After says (within reason); a few
retries with backoff on server errors and network errors; answers larger than ``max_bytes`` are
cut off and refused. Thread-safe: one instance is shared by every worker.

Nothing outside can hold a fetch for ever or send it where the viewer did not mean to go:

- A deadline per fetch (``Politeness.deadline``), for all its attempts and the waits between
  them: a read timeout alone restarts with every byte, so a server dripping one byte every few
  seconds would never be given up. Every connect, read and write is given at most the time left
  (the network backend below); past the deadline the fetch ends with one line and is not retried.
  One deadline for the whole fetch rather than per attempt, so that the worst a source can cost a
  refresh is one deadline, whatever the retries.
- Redirects are followed here, one hop at a time (at most ``MAX_REDIRECTS``): the body of a
  redirect is never read, and one to a non-web address (file:, ftp:) is named, not retried.
- The address the viewer gave (a feed they added, the TVmaze address they set) is trusted as
  host:port, wherever it is. Any other host:port (a redirect elsewhere, a poster address that came
  in an answer) must be public: its name is resolved, every address checked (loopback, private,
  link-local, shared, reserved, multicast, unspecified, and those hidden in IPv4-mapped, 6to4 and
  NAT64 IPv6), and the connection made to the address checked, at connect time, so a redirect hop
  or a name that changes its answer (DNS rebinding) gets no way round it. A kept-alive connection
  to a trusted local server is not reused for a request that does not trust it.
"""

from __future__ import annotations

import contextlib
import email.utils
import functools
import ipaddress
import json
import logging
import socket
import threading
import time
import urllib.request
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpcore
import httpx

from watchtracker import __version__
from watchtracker.domain.text import clean_line
from watchtracker.errors import (
    AddressRefused,
    BadResponse,
    Interrupted,
    NetworkDown,
    NotFoundOnline,
    ProviderError,
    RateLimited,
    ResponseTooLarge,
    ServiceUnavailable,
    TookTooLong,
)

log = logging.getLogger(__name__)

# a query string: a dict, or (name, value) pairs when a name repeats (TVmaze's embed[]=...)
QueryParams = dict[str, Any] | list[tuple[str, Any]]

USER_AGENT = f"watchtracker/{__version__} (desktop TV series tracker; python-httpx)"
MAX_REDIRECTS = 10
WEB_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class Politeness:
    max_requests: int = 20  # TVmaze allows about 20 calls per 10 s per IP
    per_seconds: float = 10.0
    retries: int = 2
    backoff: float = 0.5  # first wait after a failure; doubles each time
    max_retry_after: float = 60.0  # a longer Retry-After is reported, not slept through
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    max_bytes: int = 5_000_000
    deadline: float = 60.0  # one fetch, all attempts and waits included (a 5 MB feed at 100 kB/s)


class PoliteClient:
    def __init__(
        self,
        politeness: Politeness = Politeness(),
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.politeness = politeness
        self._sleep = sleep
        self._clock = clock
        self._cancel = threading.local()  # per thread: the event that cuts this thread's waits short
        self._lock = threading.Lock()
        self._sent: dict[str, deque[float]] = {}
        self.requests_sent = 0  # for tests and the benchmark
        p = politeness
        self._client = httpx.Client(
            # only the codings whose output is measured as it comes (see read_capped)
            headers={"User-Agent": USER_AGENT, "Accept": "application/json", "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(p.read_timeout, connect=p.connect_timeout),
            follow_redirects=False,  # followed in _attempt, hop by hop
            transport=transport or guarded_transport(),
            event_hooks={"response": [_check_location]},
        )

    def close(self) -> None:
        self._client.close()

    @property
    def closed(self) -> bool:
        """Closed (the end of the run): a fetch would fail, and not for the source's fault."""
        return self._client.is_closed

    @contextlib.contextmanager
    def cancelled_by(self, cancel: threading.Event | None) -> Iterator[None]:
        """Within the block, on this thread, a wait (Retry-After, rate limit, backoff) ends as
        soon as ``cancel`` is set, with ``Interrupted``; other threads wait as before."""
        before = getattr(self._cancel, "event", None)
        self._cancel.event = cancel
        try:
            yield
        finally:
            self._cancel.event = before

    def _pause(self, seconds: float) -> None:
        cancel = getattr(self._cancel, "event", None)
        if cancel is None:
            self._sleep(seconds)
            return
        if self._sleep is time.sleep:
            cancel.wait(seconds)
        else:  # a test's clock: its sleep, then a look at the event
            self._sleep(seconds)
        if cancel.is_set():
            raise Interrupted("cancelled")

    # -- politeness ------------------------------------------------------------------------
    def _wait_for_turn(self, host: str) -> None:
        """Sliding window: never more than max_requests in any per_seconds span, per host."""
        p = self.politeness
        while True:
            with self._lock:
                now = self._clock()
                sent = self._sent.setdefault(host, deque())
                while sent and now - sent[0] >= p.per_seconds:
                    sent.popleft()
                if len(sent) < p.max_requests:
                    sent.append(now)
                    self.requests_sent += 1
                    return
                wait = p.per_seconds - (now - sent[0])
            self._pause(max(wait, 0.01))

    # -- requests --------------------------------------------------------------------------
    def get_json(self, url: str, params: QueryParams | None = None, *, what: str = "the service") -> Any:
        body = self.get_bytes(url, params, what=what)
        try:
            return json.loads(body)
        except ValueError:
            raise BadResponse(f"{what} sent an answer that is not valid JSON (cut off?).") from None
        except RecursionError:
            raise BadResponse(f"{what} sent an answer nested too deeply to read.") from None

    def get_bytes(
        self,
        url: str,
        params: QueryParams | None = None,
        *,
        what: str = "the service",
        max_bytes: int | None = None,
        trust_url: bool = True,
        trusted: Iterable[str] = (),
    ) -> bytes:
        return self.fetch(url, params, what=what, max_bytes=max_bytes, trust_url=trust_url, trusted=trusted).body

    def fetch(
        self,
        url: str,
        params: QueryParams | None = None,
        *,
        what: str = "the service",
        max_bytes: int | None = None,
        headers: dict[str, str] | None = None,
        trust_url: bool = True,
        trusted: Iterable[str] = (),
    ) -> Fetched:
        """GET with the house rules. ``headers`` are added to the request (e.g. a conditional
        GET's If-None-Match); a 304 answer comes back as ``Fetched(status=304, body=b"")``.

        ``trust_url``: the address is the viewer's own (a feed they added, the TVmaze address they
        set), so its host:port may be on this machine or their network. Give False for an address
        that came from outside (a poster in a TVmaze answer): it must then be public, unless its
        host:port is one of ``trusted`` (addresses the viewer gave). A redirect to another
        host:port must be public too."""
        allowed = frozenset(o for u in ((url,) if trust_url else ()) + tuple(trusted) if (o := origin(u)))
        saved = (_context.deadline, _context.trusted, _context.gave_up)
        _context.deadline, _context.trusted, _context.gave_up = None, allowed, False
        try:
            return self._fetch(url, params, what, max_bytes or self.politeness.max_bytes, headers)
        finally:
            _context.deadline, _context.trusted, _context.gave_up = saved

    def _fetch(
        self, url: str, params: QueryParams | None, what: str, limit: int, headers: dict[str, str] | None
    ) -> Fetched:
        p = self.politeness
        host = urlsplit(url).netloc
        delay = p.backoff
        last_error: ProviderError | None = None
        for attempt in range(p.retries + 1):
            self._wait_for_turn(host)
            if _context.deadline is None:  # from the first attempt on (the rate limit's wait is ours)
                _context.deadline = time.monotonic() + p.deadline
            deadline = _context.deadline
            wait = delay
            try:
                return self._attempt(url, params, headers, limit, what, delay)
            except _TryAgain as again:
                last_error = again.error
                wait = delay if again.wait is None else again.wait
                if again.final or attempt == p.retries:
                    raise again.error from None
            except TookTooLong:
                raise
            except httpx.TimeoutException:
                if _context.gave_up:
                    raise self._too_long(what) from None
                last_error = NetworkDown(f"{what} did not answer in time; check your connection.")
            except httpx.TransportError as exc:
                if _broke_http(exc):
                    raise BadResponse(f"{what} sent an answer that breaks the rules of HTTP; not read.") from None
                last_error = NetworkDown(f"Cannot reach {what} ({_reason(exc)}); check your connection.")
            except NetworkDown as exc:  # cut off halfway: worth another try
                last_error = exc
            except httpx.DecodingError as exc:
                raise BadResponse(f"{what} sent an answer we cannot read ({_reason(exc)}).") from None
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                raise NetworkDown(f"Cannot reach {what} ({_reason(exc)}).") from None
            if attempt < p.retries:
                if time.monotonic() + wait >= deadline:
                    break  # the wait alone would pass the deadline: say what we have
                log.info("retrying %s after %s (%.1f s)", url, last_error, wait)
                self._pause(wait)
                delay *= 2
        assert last_error is not None
        raise last_error

    def _attempt(
        self, url: str, params: QueryParams | None, headers: dict[str, str] | None, limit: int, what: str, delay: float
    ) -> Fetched:
        for hop in range(MAX_REDIRECTS + 1):
            try:
                with self._client.stream("GET", url, params=params, headers=headers) as response:
                    following = response.next_request
                    if following is None:
                        return self._answer(response, url, limit, what, delay)
            except _UnreadableLocation:
                raise BadResponse(f"{what} sent us on to an address we cannot read; not followed.") from None
            except _Refused as exc:
                said = f"{what} sent us on to {exc.where}" if hop else f"{what} is at {exc.where}"
                raise AddressRefused(f"{said}, a local or private address; not followed.") from None
            # a redirect: its body is not read (closing the answer drops it)
            target = following.url
            if target.scheme not in WEB_SCHEMES:
                raise AddressRefused(
                    f"{what} sent us on to a {target.scheme[:20]}: address; only web "
                    f"addresses (http, https) are followed."
                )
            url, params = str(target), None
        raise BadResponse(f"{what} sent us through too many redirects.")

    def _answer(self, response: httpx.Response, url: str, limit: int, what: str, delay: float) -> Fetched:
        p = self.politeness
        status = response.status_code
        if status == 429:
            wait = _retry_after(response.headers.get("Retry-After"), default=delay)
            log.info("429 from %s: waiting %.1f s", urlsplit(url).netloc, wait)
            raise _TryAgain(
                RateLimited(f"{what} asks us to slow down (wait {wait:.0f} s); try again later."),
                wait,
                final=wait > p.max_retry_after,
            )
        if status == 404:
            raise NotFoundOnline(f"{what} has no such entry ({url}).")
        if status >= 500:
            raise _TryAgain(ServiceUnavailable(f"{what} is having trouble (HTTP {status}); try again later."))
        if status >= 400:
            raise BadResponse(f"{what} refused the request (HTTP {status}).")
        if status == 304:
            return Fetched(304, response.headers, b"")
        try:
            return Fetched(status, response.headers, read_capped(response, limit, what))
        except NetworkDown:
            if _context.gave_up:
                raise self._too_long(what) from None
            raise

    def _too_long(self, what: str) -> TookTooLong:
        return TookTooLong(f"{what} took longer than {self.politeness.deadline:g} s; gave up.")


@dataclass(frozen=True)
class Fetched:
    status: int
    headers: httpx.Headers
    body: bytes


class _UnreadableLocation(Exception):
    pass


def _check_location(response: httpx.Response) -> None:
    """A redirect whose Location httpx cannot read (e.g. 0177.0.0.1) is the server's fault: not
    a network error to retry."""
    if response.has_redirect_location:
        try:
            httpx.URL(response.headers["Location"])
        except (httpx.InvalidURL, ValueError):
            raise _UnreadableLocation from None


class _TryAgain(Exception):
    """A server error or a 429: worth another attempt after ``wait`` (None: the backoff)."""

    def __init__(self, error: ProviderError, wait: float | None = None, final: bool = False):
        super().__init__(str(error))
        self.error, self.wait, self.final = error, wait, final


def read_capped(response: httpx.Response, limit: int, what: str) -> bytes:
    """The body, read as it comes, or ResponseTooLarge past ``limit`` bytes (declared or sent)."""
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ResponseTooLarge(f"{what} sent an answer too large to use ({int(declared) // 1_000_000} MB).")
    chunks, size = [], 0
    try:
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise ResponseTooLarge(f"{what} sent an answer too large to use (over {limit // 1_000_000} MB).")
            chunks.append(chunk)
    except httpx.TimeoutException:
        raise NetworkDown(f"{what} stopped answering halfway; check your connection.") from None
    except httpx.TransportError as exc:
        raise NetworkDown(f"The answer from {what} was cut off ({_reason(exc)}).") from None
    return b"".join(chunks)


def _retry_after(value: str | None, default: float) -> float:
    if not value:
        return default
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    if when.tzinfo is None:  # "-0000": UTC, says RFC 5322
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - time.time())


def _broke_http(exc: BaseException) -> bool:
    """The server's answer broke HTTP (h11 said so: headers over its 16 kB limit, a malformed
    status line...): not a network fault, not worth asking again. A server that hung up without
    answering is a network fault (no h11 error behind it)."""
    seen: BaseException | None = exc
    while seen is not None:
        if type(seen).__module__.split(".")[0] == "h11":
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:120]


# -- where a fetch may go, and for how long ----------------------------------------------------


class _Context(threading.local):
    """What the fetch running on this thread allows. Set by ``PoliteClient.fetch``; read by the
    network backend, which httpcore calls on the same thread."""

    deadline: float | None = None  # time.monotonic() when the fetch gives up; None: no fetch
    trusted: frozenset[tuple[str, int]] = frozenset()  # host:port the viewer gave
    gave_up: bool = False  # a timeout came from the deadline, not from one quiet read


_context = _Context()


class _Refused(Exception):
    """A connection we will not make (turned into AddressRefused with the fetch's words)."""

    def __init__(self, host: str, port: int):
        super().__init__(host)
        host = clean_line(host)[:100]
        self.where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def origin(url: str) -> tuple[str, int] | None:
    """(host, port) of a web address, as httpcore will connect to it; None if it is not one."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError):
        return None
    if parsed.scheme not in WEB_SCHEMES or not parsed.raw_host:
        return None
    return parsed.raw_host.decode("ascii").lower(), parsed.port or (443 if parsed.scheme == "https" else 80)


_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def is_public_address(address: str) -> bool:
    """Whether an IP address is on the public internet: not this machine, a private or
    link-local network, a shared (CGNAT), documentation, reserved, multicast or unspecified range;
    IPv4 hidden in IPv6 (mapped, 6to4, NAT64, Teredo) is judged as that IPv4 address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return is_public_address(str(ip.ipv4_mapped))
        hidden = ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if ip in _NAT64:
            hidden = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if hidden is not None and not is_public_address(str(hidden)):
            return False
    return ip.is_global and not (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified
    )


def _public_addresses(host: str, port: int) -> list[str]:
    """The addresses of ``host``, all of them public, or _Refused."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise httpcore.ConnectError(str(exc) or "the name does not resolve") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
    if not addresses or not all(is_public_address(a) for a in addresses):
        raise _Refused(host, port)
    return addresses


_T = TypeVar("_T")


def _within_deadline(
    timeout_error: type[Exception], timeout: float | None, operation: Callable[[float | None], _T]
) -> _T:
    """Run a network operation with at most the time left before the fetch's deadline."""
    deadline = _context.deadline
    if deadline is None:
        return operation(timeout)
    left = deadline - time.monotonic()
    if left <= 0:
        _context.gave_up = True
        raise timeout_error("the deadline of this fetch has passed")
    bound = timeout is None or left < timeout
    try:
        return operation(left if bound else timeout)
    except httpcore.TimeoutException:
        if bound:
            _context.gave_up = True
        raise


class _GuardedStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, where: tuple[str, int], public: bool):
        self._inner, self._where, self._public = inner, where, public

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return _within_deadline(httpcore.ReadTimeout, timeout, lambda t: self._inner.read(max_bytes, t))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        # every request starts with a write: a pooled connection made for a trusted local
        # address serves only the fetches that trust it
        if not self._public and self._where not in _context.trusted:
            raise _Refused(*self._where)
        _within_deadline(httpcore.WriteTimeout, timeout, lambda t: self._inner.write(buffer, t))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        inner = _within_deadline(
            httpcore.ConnectTimeout, timeout, lambda t: self._inner.start_tls(ssl_context, server_hostname, t)
        )
        return _GuardedStream(inner, self._where, self._public)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.NetworkBackend):
    """httpcore's own socket backend, with the deadline and the address check around it.
    ``always`` (a proxy's host:port) is trusted by every fetch."""

    def __init__(self, always: frozenset[tuple[str, int]] = frozenset()):
        self._inner = httpcore.SyncBackend()
        self._always = always

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        where = (host.lower(), port)
        if where in self._always or where in _context.trusted:
            stream = _within_deadline(
                httpcore.ConnectTimeout,
                timeout,
                lambda t: self._inner.connect_tcp(host, port, t, local_address, socket_options),
            )
            peer = stream.get_extra_info("server_addr")
            public = where in self._always or bool(peer) and is_public_address(str(peer[0]))
            return _GuardedStream(stream, where, public)
        failure: Exception | None = None
        for address in _public_addresses(host, port):  # connect to what was checked, not the name
            connect = functools.partial(
                self._inner.connect_tcp, address, port, local_address=local_address, socket_options=socket_options
            )
            try:
                stream = _within_deadline(httpcore.ConnectTimeout, timeout, connect)
            except httpcore.ConnectError as exc:
                failure = exc
                continue
            return _GuardedStream(stream, where, True)
        raise failure or httpcore.ConnectError(f"cannot connect to {host}")

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("no local sockets")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _PoolTransport(httpx.HTTPTransport):
    """httpx's transport (request and answer conversion, error mapping: all of it works on
    ``self._pool``) over an httpcore pool built here with the guarded backend, which
    ``HTTPTransport.__init__`` has no way to be given."""

    def __init__(self, pool: httpcore.ConnectionPool):
        self._pool = pool  # not super().__init__(): it would build a pool of its own, unguarded


class _ProxyAware(httpx.BaseTransport):
    """Direct, or through the proxy the environment names for the scheme (NO_PROXY honoured);
    the proxy makes the connection, so the name is checked here before the request."""

    def __init__(self, direct: httpx.BaseTransport, proxies: dict[str, httpx.BaseTransport]):
        self._direct, self._proxies = direct, proxies

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        proxy = self._proxies.get(request.url.scheme) or self._proxies.get("all")
        host = request.url.host
        if proxy is None or urllib.request.proxy_bypass(host):
            return self._direct.handle_request(request)
        where = origin(str(request.url))
        if where is not None and where not in _context.trusted:
            with contextlib.suppress(httpcore.ConnectError):  # a name only the proxy can resolve
                _public_addresses(*where)
        return proxy.handle_request(request)

    def close(self) -> None:
        for transport in (self._direct, *self._proxies.values()):
            transport.close()


def guarded_transport() -> httpx.BaseTransport:
    ssl_context = httpx.create_ssl_context()
    limits: dict[str, Any] = {"max_connections": 100, "max_keepalive_connections": 20, "keepalive_expiry": 5.0}
    direct = _PoolTransport(
        httpcore.ConnectionPool(ssl_context=ssl_context, network_backend=_GuardedBackend(), **limits)
    )
    proxies: dict[str, httpx.BaseTransport] = {}
    for scheme, url in urllib.request.getproxies().items():
        where = origin(url)
        if scheme in ("http", "https", "all") and where is not None:  # http(s) proxies; not socks
            parts = urlsplit(url)
            auth = (parts.username, parts.password or "") if parts.username else None
            proxies[scheme] = _PoolTransport(
                httpcore.ConnectionPool(
                    ssl_context=ssl_context,
                    proxy=httpcore.Proxy(url, auth=auth),
                    network_backend=_GuardedBackend(frozenset({where})),
                    **limits,
                )
            )
    return _ProxyAware(direct, proxies) if proxies else direct
