"""One polite HTTP client for the whole app.

A User-Agent with the app's version; connect and read timeouts; at most ``max_requests`` per
``per_seconds`` to each host; on 429 it waits as long as Retry-After says (within reason); a few
retries with backoff on server errors and network errors; answers larger than ``max_bytes`` are
cut off and refused. Thread-safe: one instance is shared by every worker.
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timezone
from typing import Any
from urllib.parse import urlsplit

import httpx

from watchtracker import __version__
from watchtracker.providers.errors import (
    BadResponse,
    Interrupted,
    NetworkDown,
    NotFoundOnline,
    RateLimited,
    ResponseTooLarge,
    ServiceUnavailable,
)

log = logging.getLogger(__name__)

USER_AGENT = f"watchtracker/{__version__} (desktop TV series tracker; python-httpx)"


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
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            timeout=httpx.Timeout(p.read_timeout, connect=p.connect_timeout),
            follow_redirects=True,
            transport=transport,
        )

    def close(self) -> None:
        self._client.close()

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
    def get_json(self, url: str, params: dict[str, Any] | None = None, *, what: str = "the service") -> Any:
        body = self.get_bytes(url, params, what=what)
        try:
            return json.loads(body)
        except ValueError:
            raise BadResponse(f"{what} sent an answer that is not valid JSON (cut off?).") from None

    def get_bytes(self, url: str, params: dict[str, Any] | None = None, *, what: str = "the service",
                  max_bytes: int | None = None) -> bytes:
        return self.fetch(url, params, what=what, max_bytes=max_bytes).body

    def fetch(self, url: str, params: dict[str, Any] | None = None, *, what: str = "the service",
              max_bytes: int | None = None, headers: dict[str, str] | None = None) -> Fetched:
        """GET with the house rules. ``headers`` are added to the request (e.g. a conditional
        GET's If-None-Match); a 304 answer comes back as ``Fetched(status=304, body=b"")``."""
        p = self.politeness
        host = urlsplit(url).netloc
        limit = max_bytes or p.max_bytes
        delay = p.backoff
        last_error: Exception | None = None
        for attempt in range(p.retries + 1):
            self._wait_for_turn(host)
            try:
                with self._client.stream("GET", url, params=params, headers=headers) as response:
                    status = response.status_code
                    if status == 429:
                        wait = _retry_after(response.headers.get("Retry-After"), default=delay)
                        if wait > p.max_retry_after or attempt == p.retries:
                            raise RateLimited(
                                f"{what} asks us to slow down (wait {wait:.0f} s); try again later."
                            )
                        log.info("429 from %s: waiting %.1f s", host, wait)
                        self._pause(wait)
                        delay *= 2
                        continue
                    if status == 404:
                        raise NotFoundOnline(f"{what} has no such entry ({url}).")
                    if status >= 500:
                        last_error = ServiceUnavailable(f"{what} is having trouble (HTTP {status}); try again later.")
                        raise _Retry()
                    if status >= 400:
                        raise BadResponse(f"{what} refused the request (HTTP {status}).")
                    if status == 304:
                        return Fetched(304, response.headers, b"")
                    return Fetched(status, response.headers, _read_capped(response, limit, what))
            except _Retry:
                pass
            except httpx.TimeoutException:
                last_error = NetworkDown(f"{what} did not answer in time; check your connection.")
            except httpx.TransportError as exc:
                last_error = NetworkDown(f"Cannot reach {what} ({_reason(exc)}); check your connection.")
            except NetworkDown as exc:  # cut off halfway: worth another try
                last_error = exc
            except (httpx.DecodingError, httpx.TooManyRedirects) as exc:
                raise BadResponse(f"{what} sent an answer we cannot read ({_reason(exc)}).") from None
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                raise NetworkDown(f"Cannot reach {what} ({_reason(exc)}).") from None
            if attempt < p.retries:
                log.info("retrying %s after %s (%.1f s)", url, last_error, delay)
                self._pause(delay)
                delay *= 2
        assert last_error is not None
        raise last_error


@dataclass(frozen=True)
class Fetched:
    status: int
    headers: httpx.Headers
    body: bytes


class _Retry(Exception):
    pass


def _read_capped(response: httpx.Response, limit: int, what: str) -> bytes:
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
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, when.timestamp() - time.time())


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:120]
