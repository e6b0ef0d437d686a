"""One small HTTP client for the viewer's own media servers (Jellyfin, Emby, Plex, Kodi).

Not the polite client of ``providers.http``: these servers are the viewer's, usually on their
own network, and are not rate limited by anyone; what they need is the same care about answers —
timeouts, a size cap, redirects not followed, a 500 asked once more, and every failure turned
into one line that names the server (``what``)."""

from __future__ import annotations

import json
import logging
import ssl
import threading
import time
from typing import Any

import httpx

from watchtracker import __version__
from watchtracker.errors import (
    BadResponse,
    Interrupted,
    NetworkDown,
    NotFoundOnline,
    ProviderError,
    ServiceUnavailable,
    SignInRefused,
)
from watchtracker.providers.http import read_capped

log = logging.getLogger(__name__)

USER_AGENT = f"watchtracker/{__version__} (desktop TV series tracker; python-httpx)"
MAX_BYTES = 64_000_000  # one page of a big library is a few MB
RETRIES = 1  # a 500, a 502 while the server restarts, a dropped connection: asked once more
BACKOFF_S = 0.5


_SSL: ssl.SSLContext | None = None
_SSL_LOCK = threading.Lock()


def _ssl_context() -> ssl.SSLContext:
    """One verifying TLS context for every client: making one reads the system's certificates
    (~30 ms), and a client is made for every sync and every event."""
    global _SSL
    with _SSL_LOCK:
        if _SSL is None:
            _SSL = httpx.create_ssl_context()
        return _SSL


class ServerHttp:
    """JSON over HTTP to one server at ``base_url`` with ``headers`` on every request."""

    def __init__(
        self,
        base_url: str,
        what: str,
        *,
        headers: dict[str, str] | None = None,
        auth: httpx.Auth | tuple[str, str] | None = None,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
        cancel: threading.Event | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.what = what
        self.cancel = cancel
        self.requests_sent = 0
        self._client = httpx.Client(
            headers={"User-Agent": USER_AGENT, "Accept": "application/json", **(headers or {})},
            auth=auth,
            timeout=httpx.Timeout(timeout, connect=5.0),
            follow_redirects=False,
            transport=transport,
            verify=_ssl_context(),
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> ServerHttp:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        body: Any = None,
        headers: dict[str, str] | None = None,
        expect_json: bool = True,
    ) -> Any:
        """The parsed JSON answer (None when ``expect_json`` is False or the answer is empty)."""
        url = f"{self.base_url}/{path.lstrip('/')}"
        last: ProviderError | None = None
        for attempt in range(RETRIES + 1):
            if self.cancel is not None and self.cancel.is_set():
                raise Interrupted()
            try:
                return self._once(method, url, params, body, headers, expect_json)
            except UntrustedCertificate:
                raise
            except (ServiceUnavailable, NetworkDown) as exc:
                last = exc
                if attempt < RETRIES:
                    log.info("%s: %s; asking once more", self.what, exc)
                    time.sleep(BACKOFF_S)
        assert last is not None
        raise last

    def _once(
        self,
        method: str,
        url: str,
        params: dict[str, Any] | None,
        body: Any,
        headers: dict[str, str] | None,
        expect_json: bool,
    ) -> Any:
        what = self.what
        self.requests_sent += 1
        try:
            with self._client.stream(
                method,
                url,
                params=params,
                content=None if body is None else json.dumps(body).encode(),
                headers={**({"Content-Type": "application/json"} if body is not None else {}), **(headers or {})},
            ) as response:
                status = response.status_code
                if status in (401, 403):
                    raise SignInRefused(
                        f"{what} refused the sign-in (HTTP {status}): the user name, password or token is "
                        "wrong, or the token expired. Sign in again."
                    )
                if status == 404:
                    raise NotFoundOnline(f"{what} has no {response.request.url.path} (HTTP 404).")
                if status == 429 or status >= 500:
                    raise ServiceUnavailable(f"{what} answered with an error (HTTP {status}); try again later.")
                if 300 <= status < 400:
                    raise BadResponse(f"{what} sent us elsewhere (HTTP {status}); check its address.")
                if status >= 400:
                    raise BadResponse(f"{what} refused the request (HTTP {status}).")
                data = read_capped(response, MAX_BYTES, what)
        except httpx.TimeoutException:
            raise NetworkDown(f"{what} did not answer in time; is it running?") from None
        except httpx.TransportError as exc:
            if _untrusted_certificate(exc):
                raise UntrustedCertificate(
                    f"{what} answered with a certificate this computer does not trust (self-signed, or made "
                    f"for another name: {_reason(exc)}). Use its http:// address on your own network, or give "
                    "it a certificate from a known authority."
                ) from None
            raise NetworkDown(
                f"Cannot reach {what} ({_reason(exc)}); is it running, and is the address right?"
            ) from None
        except httpx.InvalidURL as exc:
            raise BadResponse(f"The address of {what} is not a web address ({_reason(exc)}).") from None
        if not expect_json or not data.strip():
            return None
        try:
            return json.loads(data)
        except (ValueError, RecursionError):
            raise BadResponse(f"{what} sent an answer that is not valid JSON (cut off?).") from None


class UntrustedCertificate(NetworkDown):
    """The server's TLS certificate is not one this computer trusts: asking again will not help."""


def _untrusted_certificate(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:120]


def shape_error(what: str, detail: str) -> BadResponse:
    """An answer of the wrong shape (a list where an object belongs, a field missing)."""
    return BadResponse(f"{what} sent an answer we cannot read ({detail}).")
