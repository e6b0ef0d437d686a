"""The WebSocket of the Jellyfin stand-in: a small server (the ``websockets`` package) that lets in
a token the stand-in knows (``?ApiKey=``), says ``ForceKeepAlive`` first, and sends
``UserDataChanged`` messages built from the stand-in's own user data; it records what it sent and
received, for the check against Jellyfin's description (``UserDataChangedMessage`` and the
keep-alive messages, tests/fixtures/specs/jellyfin-websocket-10.11.11.json)."""

from __future__ import annotations

import json
import threading
import uuid
from typing import Any
from urllib.parse import parse_qs, urlsplit

from websockets.http11 import Request, Response
from websockets.sync.server import ServerConnection, serve

from tests.media.jellyfin_standin import Episode, JellyfinStandin, User


class JellyfinSocket:
    def __init__(self, standin: JellyfinStandin, *, keep_alive_s: int = 60):
        self.standin = standin
        self.keep_alive_s = keep_alive_s
        self.sent: list[dict[str, Any]] = []
        self.received: list[Any] = []
        self.refused = 0
        self.connections: list[ServerConnection] = []
        self.connected = threading.Event()
        self._server = serve(self._handle, "127.0.0.1", 0, process_request=self._check)
        self._thread = threading.Thread(target=self._server.serve_forever, name="jellyfin socket", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.socket.getsockname()[:2]
        return f"ws://{host}:{port}/socket"

    def close(self) -> None:
        self._server.shutdown()
        self._thread.join(5)

    def drop(self) -> None:
        """Every client's connection closes (the server restarting)."""
        self.connected.clear()
        for c in list(self.connections):
            c.close()
        self.connections.clear()

    def _check(self, connection: ServerConnection, request: Request) -> Response | None:
        """The upgrade is refused (HTTP 401, as the server's authentication refuses any request)
        without a token it knows; another path is not there (404)."""
        parts = urlsplit(request.path)
        token = (parse_qs(parts.query).get("ApiKey") or [""])[0]
        if parts.path != "/socket":
            return connection.respond(404, "no such socket\n")
        if token not in self.standin.tokens:
            self.refused += 1
            return connection.respond(401, "not signed in\n")
        return None

    def _handle(self, connection: ServerConnection) -> None:
        self.connections.append(connection)
        self._send(
            connection, {"MessageType": "ForceKeepAlive", "MessageId": str(uuid.uuid4()), "Data": self.keep_alive_s}
        )
        self.connected.set()
        try:
            for raw in connection:
                self.received.append(json.loads(raw))
        except Exception:  # the client went away
            pass

    def _send(self, connection: ServerConnection, message: dict[str, Any]) -> None:
        self.sent.append(message)
        connection.send(json.dumps(message))

    def user_data_changed(self, episodes: list[Episode], user: User | None = None, *, dashed: bool = False) -> None:
        """Tell every client that the user's data of ``episodes`` changed (as they are now)."""
        user = user or self.standin.user
        items = []
        for e in episodes:
            data = self.standin.user_data(e.id, self.standin.state(e, user))
            if dashed:
                data["ItemId"] = str(uuid.UUID(hex=e.id))
            items.append(data)
        message = {
            "MessageType": "UserDataChanged",
            "MessageId": str(uuid.uuid4()),
            "Data": {"UserId": user.id, "UserDataList": items},
        }
        for c in list(self.connections):
            self._send(c, message)
