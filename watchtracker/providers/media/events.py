"""Jellyfin's and Emby's WebSocket: the server says at once when the user's played state changes
(``UserDataChanged``), so a play reaches the library in about a second instead of at the next
poll. Events are a shortcut, not the truth: a missed one (the socket was down, the computer
asleep) is made right by the next full sync, which the window runs at start-up and on a timer.

One listener per connection, on its own daemon thread: it connects, answers the server's
keep-alive, hands the changed items' keys to ``on_changed`` (on that thread), and reconnects
with a growing pause (1 s to 60 s) when the socket drops. ``stop()`` ends it within a second.

The address: Jellyfin ``ws(s)://host[:port][/base]/socket?ApiKey=<token>&deviceId=…`` (what its
TypeScript SDK opens), Emby the server's address with ws(s) for http(s),
``?api_key=<token>&deviceId=…`` (Emby SDK, Documentation/doc/restapi/Web-Socket.html); the
sign-in header is sent too. The messages' shapes are those of Jellyfin's API description
(``UserDataChangedMessage``, ``ForceKeepAliveMessage``, ``InboundKeepAliveMessage``).
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from watchtracker.providers.media import ServerAccess

log = logging.getLogger(__name__)

MIN_RETRY_S, MAX_RETRY_S = 1.0, 60.0
KEEP_ALIVE_S = 30.0  # until the server says (ForceKeepAlive: its timeout; we answer at half of it)
POLL_S = 0.5  # how often the loop looks up from the socket (how fast stop() is heard)

_DASHED_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def socket_url(access: ServerAccess) -> str:
    """The WebSocket address of a Jellyfin or Emby server."""
    parts = urlsplit(access.url)
    scheme = "wss" if parts.scheme == "https" else "ws"
    emby = access.kind == "emby"
    path = parts.path.rstrip("/") + ("" if emby else "/socket")
    token = quote(access.token, safe="")
    query = f"{'api_key' if emby else 'ApiKey'}={token}&deviceId={quote(access.device_id, safe='')}"
    return urlunsplit((scheme, parts.netloc, path, query, ""))


def item_key(value: str) -> str:
    """An item id as the items' answers write it: Jellyfin writes ids as 32 hex digits; a dashed
    form (a GUID as another serializer writes it) is brought to that."""
    return value.replace("-", "").lower() if _DASHED_UUID.match(value) else value


def changed_items(message: dict[str, Any], user_id: str) -> list[str] | None:
    """The keys a ``UserDataChanged`` message of ``user_id`` names; None for another message or
    another user."""
    if message.get("MessageType") != "UserDataChanged":
        return None
    data = message.get("Data")
    if not isinstance(data, dict):
        return None
    who = data.get("UserId")
    if isinstance(who, str) and user_id and item_key(who) != item_key(user_id):
        return None
    items = data.get("UserDataList")
    if not isinstance(items, list):
        return None
    keys = [item_key(d["ItemId"]) for d in items if isinstance(d, dict) and isinstance(d.get("ItemId"), str)]
    return list(dict.fromkeys(k for k in keys if k))


class ServerEvents:
    """Listens to one server; ``on_changed(keys)`` and ``on_state(connected, why)`` are called on
    the listener's thread."""

    def __init__(
        self,
        access: ServerAccess,
        on_changed: Callable[[list[str]], None],
        *,
        on_state: Callable[[bool, str], None] | None = None,
        headers: dict[str, str] | None = None,
        url: str | None = None,
    ):
        self.access = access
        wanted = socket_url(access)
        # another socket address (a test's, a proxy's) still carries the sign-in and device
        self.url = f"{url}?{urlsplit(wanted).query}" if url and "?" not in url else (url or wanted)
        self.on_changed = on_changed
        self.on_state = on_state or (lambda _connected, _why: None)
        self.headers = dict(headers or {})
        self.connected = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name=f"events {urlsplit(self.url).netloc}", daemon=True)
        self._thread.start()

    def stop(self, wait: float = 2.0) -> None:
        """Stop listening: the thread sees it within POLL_S and closes the socket itself (closing
        waits for the server's answer: not on the caller's thread, a window's). ``wait``: how
        long to wait for the thread to end (0: not at all)."""
        self._stop.set()
        if self._thread is not None and wait > 0:
            self._thread.join(wait)

    def _run(self) -> None:
        from websockets.exceptions import WebSocketException
        from websockets.sync.client import connect

        delay = MIN_RETRY_S
        while not self._stop.is_set():
            try:
                with connect(self.url, additional_headers=self.headers, open_timeout=10, close_timeout=1) as sock:
                    self.connected = True
                    delay = MIN_RETRY_S
                    self.on_state(True, "")
                    self._listen(sock)
            except (OSError, TimeoutError, WebSocketException) as exc:
                if not self._stop.is_set():
                    why = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
                    log.info("events from %s: %s; again in %.0f s", urlsplit(self.url).netloc, why, delay)
                    self.on_state(False, why)
            finally:
                self.connected = False
            if self._stop.wait(delay):
                break
            delay = min(delay * 2, MAX_RETRY_S)

    def _listen(self, sock: Any) -> None:
        keep_alive = KEEP_ALIVE_S
        next_beat = time.monotonic() + keep_alive
        while not self._stop.is_set():
            try:
                raw = sock.recv(timeout=POLL_S)
            except TimeoutError:
                raw = None
            if raw is not None:
                try:
                    message = json.loads(raw)
                except ValueError:
                    log.info("events: a message that is not JSON, left alone")
                    message = None
                if isinstance(message, dict):
                    if message.get("MessageType") == "ForceKeepAlive" and isinstance(message.get("Data"), int):
                        # half the server's timeout; the description does not say its unit (the
                        # TypeScript SDK waits Data/2 milliseconds): never longer than KEEP_ALIVE_S
                        keep_alive = max(1.0, min(message["Data"] / 2, KEEP_ALIVE_S))
                        next_beat = min(next_beat, time.monotonic() + keep_alive)
                    keys = changed_items(message, self.access.user_id)
                    if keys:
                        try:
                            self.on_changed(keys)
                        except Exception:  # the receiver's fault must not end the listening
                            log.exception("events: the change handler failed")
            if time.monotonic() >= next_beat:
                sock.send(json.dumps({"MessageType": "KeepAlive"}))
                next_beat = time.monotonic() + keep_alive
