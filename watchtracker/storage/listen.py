"""Live between computers: what another computer changed in a library on a PostgreSQL server,
heard as it is committed.

Migration 0010's triggers announce every write to the tables the window shows on the channel
``watchtracker_changes`` (a compact JSON payload: the table, the operation, the series ids). A
``ChangeListener`` keeps its own connection (autocommit, outside the engine's pool) on its own
thread, LISTENs there, turns what it hears into ``Changes`` (a burst of them coalesced into one)
and hands them to a callback. When the server goes away it says so (``on_state``), tries again
with a growing pause, and once back hands over ``Changes(everything=True)``: what was announced
meanwhile was not heard. Nothing here knows about the window; the callbacks run on the
listener's thread.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import psycopg

from watchtracker.domain.changes import Changes
from watchtracker.storage.server import ServerLocation, connect_args, first_line

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

CHANNEL = "watchtracker_changes"

# what a table's rows changing means to the views (the payload's "t")
SERIES_TABLES = frozenset(
    {
        "series",
        "library_entry",
        "season",
        "episode",
        "viewing",
        "credit",
        "relation",
        "announcement_series",
        "false_match",
    }
)
ANNOUNCEMENT_TABLES = frozenset(
    {"announcement", "announcement_series", "false_match", "kind_example", "muted_kind", "feed"}
)

CONNECTED, LOST, BACK = "connected", "lost", "back"


@dataclass(frozen=True)
class LinkState:
    """How the listener's link to the server is: ``kind`` CONNECTED (the first time), LOST (with
    ``reason``, one line, and ``last_heard``: when the server last answered, None if never) or
    BACK (after a loss; ``Changes(everything=True)`` follows)."""

    kind: str
    reason: str = ""
    last_heard: datetime | None = None


def changes_of(payload: str, sender: int = 0, own: Collection[int] = ()) -> Changes:
    """What one notification's payload means as ``Changes``; empty for one sent by a connection
    of ``own`` (this program's own writes, which it published itself). Anything not understood
    means everything."""
    try:
        data = json.loads(payload)
        table, op = str(data["t"]), str(data.get("o", ""))
        pid = int(data.get("p", sender))
    except (ValueError, TypeError, KeyError):
        log.warning("a change notification not understood: %.200r", payload)
        return Changes(everything=True)
    if pid in own or sender in own:
        return Changes()
    if table not in SERIES_TABLES and table not in ANNOUNCEMENT_TABLES:
        return Changes(everything=True)
    if data.get("all") or op == "t":
        return Changes(everything=True)
    announcements = table in ANNOUNCEMENT_TABLES
    if table not in SERIES_TABLES:
        return Changes(announcements=announcements)
    raw = data.get("s")
    if not isinstance(raw, list):
        return Changes(everything=True)
    try:
        ids = frozenset(int(i) for i in raw)
    except (ValueError, TypeError):
        return Changes(everything=True)
    added = ids if table == "library_entry" and op == "i" else frozenset()
    removed = ids if (table == "library_entry" or table == "series") and op == "d" else frozenset()
    return Changes(series=ids, added=added, removed=removed, announcements=announcements and bool(ids))


def connection_kwargs(location: ServerLocation) -> dict[str, Any]:
    """What ``psycopg.connect`` is given for the listener's connection: the library's URL and
    connect arguments (TLS, password, time limit), a name of its own in pg_stat_activity, and TCP
    keepalives so that a dead network is noticed within seconds, not hours."""
    _args, given = location.url.get_dialect()().create_connect_args(location.url)
    kwargs = dict(given)
    kwargs.update(connect_args(location))
    kwargs["application_name"] = "watchtracker (live)"
    for key, value in (
        ("keepalives", 1),
        ("keepalives_idle", 5),
        ("keepalives_interval", 2),
        ("keepalives_count", 2),
        ("tcp_user_timeout", 9000),
    ):
        kwargs.setdefault(key, value)
    return kwargs


def connector(location: ServerLocation) -> Callable[[], psycopg.Connection]:
    """Opens the listener's connection to the library at ``location`` (autocommit)."""
    kwargs = connection_kwargs(location)
    return lambda: psycopg.connect(autocommit=True, **kwargs)


@dataclass
class OwnBackends:
    """The server process ids of this program's own connections to the library (``watch``):
    what they wrote, the program published itself, and a notification of it is not needed."""

    pids: set[int] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def watch(self, engine: Engine) -> OwnBackends:
        from sqlalchemy import event

        def taken(dbapi_conn, _record, _proxy) -> None:
            pid = getattr(getattr(dbapi_conn, "info", None), "backend_pid", None)
            if isinstance(pid, int):
                with self.lock:
                    self.pids.add(pid)

        def gone(dbapi_conn, _record, *_rest) -> None:
            pid = getattr(getattr(dbapi_conn, "info", None), "backend_pid", None)
            with self.lock:
                self.pids.discard(pid)

        event.listen(engine, "checkout", taken)
        for name in ("close", "invalidate", "close_detached"):
            event.listen(engine, name, gone if name != "close_detached" else (lambda conn: gone(conn, None)))
        return self

    def __call__(self) -> frozenset[int]:
        with self.lock:
            return frozenset(self.pids)


class ChangeListener:
    """LISTENs for the library's changes on a connection of its own, on a thread of its own.

    ``on_changes(Changes)`` gets what other connections changed, a burst within ``coalesce_s``
    merged into one; ``on_state(LinkState)`` how the link is. Both are called on the listener's
    thread, never after ``stop``. ``own()`` gives the process ids whose changes are skipped."""

    def __init__(
        self,
        connect: Callable[[], psycopg.Connection],
        on_changes: Callable[[Changes], None],
        on_state: Callable[[LinkState], None] = lambda state: None,
        *,
        own: Callable[[], Collection[int]] = frozenset,
        coalesce_s: float = 0.1,
        poll_s: float = 0.25,
        ping_s: float = 5.0,
        backoff_s: tuple[float, float] = (0.5, 10.0),
    ):
        self._connect, self._on_changes, self._on_state, self._own = connect, on_changes, on_state, own
        self.coalesce_s, self.poll_s, self.ping_s, self.backoff_s = coalesce_s, poll_s, ping_s, backoff_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_heard: datetime | None = None
        self.state: str = ""

    def start(self) -> ChangeListener:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="watchtracker-listen", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 1.0) -> bool:
        """Stop listening: no callback is called after this returns. Waits up to ``timeout``
        seconds for the thread (which ends by itself a little later when the network holds it);
        True when it ended."""
        self._stop.set()
        thread = self._thread
        if thread is None or thread is threading.current_thread():
            return True
        thread.join(timeout)
        return not thread.is_alive()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and not self._stop.is_set()

    # -- the thread --------------------------------------------------------------------------
    def _run(self) -> None:
        delay, lost = self.backoff_s[0], False
        while not self._stop.is_set():
            conn = None
            try:
                conn = self._connect()
                conn.execute(f"LISTEN {CHANNEL}")
                self._heard()
                delay = self.backoff_s[0]
                if lost:
                    lost = False
                    self._say(LinkState(BACK))
                    self._hand(Changes(everything=True))  # what was announced meanwhile was missed
                else:
                    self._say(LinkState(CONNECTED))
                self._listen(conn)
            except Exception as exc:  # noqa: BLE001 - whatever ends the link, it is tried again
                if self._stop.is_set():
                    break
                reason = _one_line(exc)
                if not isinstance(exc, (psycopg.Error, OSError)):
                    log.exception("the change listener failed")
                if not lost:
                    lost = True
                    log.warning("live changes: the server cannot be reached (%s); trying again", reason)
                    self._say(LinkState(LOST, reason, self.last_heard))
                else:
                    log.debug("live changes: still no server (%s); next try in %.1f s", reason, delay)
                self._stop.wait(delay)
                delay = min(delay * 2, self.backoff_s[1])
            finally:
                if conn is not None:
                    try:
                        conn.close()
                    except Exception:  # noqa: BLE001 - a broken connection may fail to close
                        pass

    def _listen(self, conn: psycopg.Connection) -> None:
        """Until stopped, or the link breaks (raises)."""
        pending, due = Changes(), None  # due: when what is pending is handed over
        pinged = time.monotonic()
        while not self._stop.is_set():
            now = time.monotonic()
            wait = self.poll_s if due is None else max(0.0, min(self.poll_s, due - now))
            for note in conn.notifies(timeout=wait):
                self._heard()
                pinged = time.monotonic()
                changed = changes_of(note.payload, note.pid, self._own())
                if changed:
                    pending = pending | changed
                if changed and due is None:  # the burst's first: wait for the rest of it, no longer
                    due = time.monotonic() + self.coalesce_s
                    break
                if due is not None and time.monotonic() >= due:
                    break
            now = time.monotonic()
            if due is not None and now >= due:
                self._hand(pending)
                pending, due = Changes(), None
            if now - pinged >= self.ping_s:  # a quiet link: is the server still there?
                conn.execute("SELECT 1")
                self._heard()
                pinged = now

    def _heard(self) -> None:
        self.last_heard = datetime.now(UTC)

    def _say(self, state: LinkState) -> None:
        if self._stop.is_set():
            return
        self.state = state.kind
        try:
            self._on_state(state)
        except Exception:  # noqa: BLE001 - the listener goes on
            log.exception("live changes: the state callback failed")

    def _hand(self, changes: Changes) -> None:
        if self._stop.is_set() or not changes:
            return
        try:
            self._on_changes(changes)
        except Exception:  # noqa: BLE001 - the listener goes on
            log.exception("live changes: the changes callback failed")


def _one_line(exc: BaseException) -> str:
    return first_line(str(exc)) if str(exc).strip() else type(exc).__name__


def listener_for(
    location: ServerLocation,
    on_changes: Callable[[Changes], None],
    on_state: Callable[[LinkState], None],
    engine: Engine | None = None,
) -> ChangeListener:
    """A listener (not started) on the library at ``location``; with ``engine`` (the library's own)
    what this program wrote through it is skipped."""
    own: Callable[[], Collection[int]] = OwnBackends().watch(engine) if engine is not None else frozenset
    return ChangeListener(connector(location), on_changes, on_state, own=own)


__all__ = [
    "BACK",
    "CHANNEL",
    "CONNECTED",
    "LOST",
    "ChangeListener",
    "LinkState",
    "OwnBackends",
    "changes_of",
    "connector",
    "listener_for",
]
