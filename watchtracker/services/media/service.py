"""The viewer's media servers: connections (add, sign in, pause, remove), syncs that turn their
plays into viewings, and marking played there what is marked watched here (write-back).

Every method may run on a worker thread; the network is asked with no transaction open, and a
sync writes in one transaction (``reconcile.apply``): a failed sync leaves the library as it was
and says why in one line, kept on the connection (``last_error``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import delete, func
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, select

from watchtracker.domain.i18n import translate
from watchtracker.domain.media import KIND_LABELS, KINDS, ServerSnapshot, viewing_source
from watchtracker.errors import InvalidInput, NotFound, SignInRefused, StorageError, WatchtrackerError
from watchtracker.providers.media import MediaServerClient, Progress, ServerAccess, make_client
from watchtracker.providers.media.events import ServerEvents
from watchtracker.services.media import reconcile
from watchtracker.services.media.connections import (
    MAX_NAME,
    Connection,
    SyncReport,
    check_credentials,
    connection_view,
    normalise_url,
)
from watchtracker.services.media.matching import match_played
from watchtracker.services.media.write_back import places_of, write_back_to
from watchtracker.services.pace import Pace
from watchtracker.storage import secrets
from watchtracker.storage.database import session_scope
from watchtracker.storage.jobs import shared_job
from watchtracker.storage.tables import (
    LibraryEntry,
    MediaServer,
    PendingImport,
    ServerPlay,
    ServerShow,
    not_null,
    saved_id,
)

log = logging.getLogger(__name__)

ClientFactory = Callable[..., MediaServerClient]


class MediaServerService:
    def __init__(
        self,
        engine: Engine,
        *,
        tvmaze: Any = None,  # TvmazeClient for looking up shows the library does not know; None: offline
        client_factory: ClientFactory = make_client,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ):
        self.engine = engine
        self.tvmaze = tvmaze
        self.client_factory = client_factory
        self.clock = clock
        self._lock = threading.Lock()  # one sync of a connection at a time on this computer
        self.socket_urls: dict[int, str] = {}  # a connection's WebSocket elsewhere than its address says (tests)

    # -- the connections ----------------------------------------------------------------------
    def connections(self) -> list[Connection]:
        with Session(self.engine) as session:
            rows = list(session.exec(select(MediaServer).order_by(col(MediaServer.name))))
            played = dict(
                session.exec(
                    select(not_null(ServerPlay.server_id), func.count())
                    .where(col(ServerPlay.plays) > 0)
                    .group_by(col(ServerPlay.server_id))
                ).all()
            )
            unmatched = dict(
                session.exec(
                    select(not_null(ServerShow.server_id), func.count())
                    .where(col(ServerShow.series_id).is_(None))
                    .group_by(col(ServerShow.server_id))
                ).all()
            )
        return [connection_view(r, played.get(saved_id(r.id), 0), unmatched.get(saved_id(r.id), 0)) for r in rows]

    def connection(self, ref: int | str) -> Connection:
        """A connection by id or by name (case-insensitive)."""
        for c in self.connections():
            if c.id == ref or (isinstance(ref, str) and (c.name.casefold() == ref.casefold() or str(c.id) == ref)):
                return c
        raise NotFound(translate("MediaServers", "No media server called “{name}”.").format(name=str(ref)[:80]))

    def add(
        self,
        kind: str,
        url: str,
        *,
        user: str = "",
        password: str = "",
        token: str = "",
        name: str = "",
        write_back: bool = False,
        cancel: threading.Event | None = None,
    ) -> Connection:
        """Check the server answers and lets us in (network), keep its token in the keyring, and
        add the connection. Nothing is kept when the server refuses."""
        kind = (kind or "").strip().lower()
        if kind not in KINDS:
            raise InvalidInput(
                translate("MediaServers", "“{kind}” is not a media server we know (one of: {kinds}).").format(
                    kind=kind[:40], kinds=", ".join(KINDS)
                )
            )
        url = normalise_url(url)
        user = (user or "").strip()
        check_credentials(kind, user, password, token)
        name = " ".join((name or "").split())[:MAX_NAME]
        access = ServerAccess(kind=kind, url=url, user=user, token=token.strip(), password=password)
        client = self.client_factory(access, cancel=cancel)
        try:
            identity = client.identify()
            signed = client.sign_in()
        finally:
            client.close()
        secret = password if kind == "kodi" else signed.token
        with session_scope(self.engine) as session:
            taken = {n.casefold() for n in session.exec(select(MediaServer.name))}
            base = name or identity.name or f"{KIND_LABELS[kind]} ({urlsplit(url).hostname})"
            base = " ".join(base.split())[:MAX_NAME]
            if name and name.casefold() in taken:
                raise InvalidInput(
                    translate("MediaServers", "There is a media server called “{name}” already.").format(name=name)
                )
            final, n = base, 2
            while final.casefold() in taken:
                final, n = f"{base} {n}", n + 1
            row = MediaServer(
                name=final,
                kind=kind,
                url=url,
                user=signed.user_name or user,
                user_id=signed.user_id,
                server_id=identity.server_id,
                write_back=write_back,
            )
            session.add(row)
            session.flush()
            new_id = saved_id(row.id)
        if secret:
            secrets.store_media_secret(secrets.media_account(kind, url, row.user), secret)
        return self.connection(new_id)

    def sign_in_again(
        self, ref: int | str, *, password: str = "", token: str = "", cancel: threading.Event | None = None
    ) -> Connection:
        """New credentials for a connection whose token expired or was revoked."""
        c = self.connection(ref)
        check_credentials(c.kind, c.user, password, token)
        access = ServerAccess(kind=c.kind, url=c.url, user=c.user, token=token.strip(), password=password)
        client = self.client_factory(access, cancel=cancel)
        try:
            signed = client.sign_in()
        finally:
            client.close()
        secret = password if c.kind == "kodi" else signed.token
        secrets.store_media_secret(secrets.media_account(c.kind, c.url, c.user), secret)
        with session_scope(self.engine) as session:
            row = session.get(MediaServer, c.id)
            if row is not None:
                row.user_id = signed.user_id or row.user_id
                row.last_error, row.last_error_at = "", None
                session.add(row)
        return self.connection(c.id)

    def keeps_sign_in(self, ref: int | str) -> bool:
        """Whether this computer keeps the connection's sign-in across runs (in the system's
        keyring); False: for this run only (no keyring), or none."""
        c = self.connection(ref)
        return secrets.media_secret_kept(secrets.media_account(c.kind, c.url, c.user))

    def remove(self, ref: int | str) -> Connection:
        """Forget a connection: its token, what it knew of the server, its shows kept for later.
        The viewings it made stay: they are the viewer's history."""
        c = self.connection(ref)
        with session_scope(self.engine) as session:
            row = session.get(MediaServer, c.id)
            if row is not None:
                session.execute(delete(PendingImport).where(col(PendingImport.format) == viewing_source(c.id)))
                session.execute(delete(ServerPlay).where(col(ServerPlay.server_id) == c.id))
                session.execute(delete(ServerShow).where(col(ServerShow.server_id) == c.id))
                session.delete(row)
        secrets.forget_media_secret(secrets.media_account(c.kind, c.url, c.user))
        return c

    def set_paused(self, ref: int | str, paused: bool) -> Connection:
        return self._set(ref, paused=paused)

    def set_write_back(self, ref: int | str, on: bool) -> Connection:
        return self._set(ref, write_back=on)

    def _set(self, ref: int | str, **values: bool) -> Connection:
        c = self.connection(ref)
        with session_scope(self.engine) as session:
            row = session.get(MediaServer, c.id)
            if row is None:
                raise NotFound(translate("MediaServers", "That media server was removed meanwhile."))
            for k, v in values.items():
                setattr(row, k, v)
            session.add(row)
        return self.connection(c.id)

    # -- syncing ------------------------------------------------------------------------------
    def sync_all(
        self, *, offline: bool = False, progress: Progress | None = None, cancel: threading.Event | None = None
    ) -> list[SyncReport | WatchtrackerError]:
        """Every connection not paused, one after the other; a failure is its connection's
        (kept on it, returned in the list), the others go on."""
        out: list[SyncReport | WatchtrackerError] = []
        for c in self.connections():
            if c.paused:
                continue
            try:
                out.append(self.sync(c.id, offline=offline, progress=progress, cancel=cancel))
            except WatchtrackerError as exc:
                out.append(exc)
        return out

    def sync(
        self,
        ref: int | str,
        *,
        offline: bool = False,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> SyncReport:
        """Read the server (every played episode), match, and write what changed in one
        transaction. A failure (the server, the sign-in, the library) is kept on the connection
        as one line and raised; the library is unchanged."""
        c = self.connection(ref)
        try:
            with self._lock, shared_job(self.engine, f"media-sync-{c.id}") as ours:
                if not ours:
                    return SyncReport(c.id, c.name, elsewhere=True)
                return self._sync(c, offline, progress, cancel)
        except WatchtrackerError as exc:
            self._failed(c.id, str(exc))
            raise
        except SQLAlchemyError as exc:
            raise self._library_failed(c.id, exc) from exc

    def _sync(
        self, c: Connection, offline: bool, progress: Progress | None, cancel: threading.Event | None
    ) -> SyncReport:
        pace = Pace.of(progress)

        def step(done: int, total: int) -> None:  # the client's progress: a window breathes there too
            pace()
            if progress is not None:
                progress(done, total)

        client = self.client_factory(self._access(c), cancel=cancel)
        try:
            snapshot = client.played(step)
            played_now = {e.key for e in snapshot.episodes if e.plays}
            known = self._known(c.id)
            gone = sorted(k for k in known if k not in played_now)
            now_state = client.episodes(gone) if gone else []
            requests = client.requests_sent
        finally:
            client.close()
        pace()
        placed, title_matches, kept = match_played(
            self.engine, c.id, snapshot, None if offline else self.tvmaze, cancel, pace
        )
        pace()
        with session_scope(self.engine) as session:
            out = reconcile.apply(
                session, c.id, snapshot, placed, title_matches, kept, now_state, gone, self.clock(), pace
            )
        log.info("media server %s synced: %s", c.name, out)
        return _report(
            c, out, len(played_now), requests, kept=tuple(p.show.title for p in kept), skipped=snapshot.skipped
        )

    def sync_items(
        self,
        ref: int | str,
        keys: list[str],
        cancel: threading.Event | None = None,
        progress: Progress | None = None,
    ) -> SyncReport:
        """A few items the server said changed (a WebSocket event): read them alone and write what
        changed, in one transaction. An item of a show not yet placed (a new show) makes it a
        full sync, which also matches that show."""
        c = self.connection(ref)
        try:
            with self._lock, shared_job(self.engine, f"media-sync-{c.id}") as ours:
                if not ours:
                    return SyncReport(c.id, c.name, elsewhere=True)
                client = self.client_factory(self._access(c), cancel=cancel)
                try:
                    now = client.episodes(list(dict.fromkeys(keys)))
                    requests = client.requests_sent
                finally:
                    client.close()
                with Session(self.engine) as session:
                    followed = set(session.exec(select(not_null(LibraryEntry.series_id))))
                    links = {
                        k: sid
                        for k, sid in session.exec(
                            select(ServerShow.key, not_null(ServerShow.series_id)).where(
                                col(ServerShow.server_id) == c.id, col(ServerShow.series_id).is_not(None)
                            )
                        )
                        if sid in followed
                    }
                if any(e.plays and e.show_key not in links for e in now):
                    return self._sync(c, False, progress, cancel)
                played = tuple(e for e in now if e.plays)
                placed = {e.show_key: links[e.show_key] for e in played}
                snapshot = ServerSnapshot(shows={}, episodes=played, complete=False)
                with session_scope(self.engine) as session:
                    out = reconcile.apply(
                        session,
                        c.id,
                        snapshot,
                        placed,
                        [],
                        [],
                        [e for e in now if not e.plays],
                        [],
                        self.clock(),
                        Pace.of(progress),
                    )
        except WatchtrackerError as exc:
            self._failed(c.id, str(exc))
            raise
        except SQLAlchemyError as exc:
            raise self._library_failed(c.id, exc) from exc
        return _report(c, out, len(played), requests)

    def events(
        self,
        ref: int | str,
        on_changed: Callable[[list[str]], None],
        on_state: Callable[[bool, str], None] | None = None,
    ) -> ServerEvents | None:
        """A listener to the server's WebSocket (Jellyfin and Emby; None for the others, which
        are polled), not started: ``on_changed(keys)`` is called on its thread (hand the keys to
        ``sync_items``). Raises SignInRefused when no sign-in is kept here."""
        c = self.connection(ref)
        if c.kind not in ("jellyfin", "emby"):
            return None
        access = self._access(c)
        from watchtracker.providers.media.jellyfin import JellyfinClient

        client = JellyfinClient(access)
        try:
            headers = client.auth_headers()
        finally:
            client.close()
        return ServerEvents(access, on_changed, on_state=on_state, headers=headers, url=self.socket_urls.get(c.id))

    def _known(self, server_id: int) -> set[str]:
        with Session(self.engine) as session:
            return set(
                session.exec(
                    select(ServerPlay.key).where(col(ServerPlay.server_id) == server_id, col(ServerPlay.plays) > 0)
                )
            )

    def _access(self, c: Connection) -> ServerAccess:
        secret = secrets.media_secret(secrets.media_account(c.kind, c.url, c.user))
        if secret is None:
            raise SignInRefused(
                translate("MediaServers", "No sign-in is kept for {name} on this computer: sign in again.").format(
                    name=c.name
                )
            )
        with Session(self.engine) as session:
            row = session.get(MediaServer, c.id)
            user_id = row.user_id if row else ""
        if c.kind == "kodi":
            return ServerAccess(kind=c.kind, url=c.url, user=c.user, password=secret)
        return ServerAccess(kind=c.kind, url=c.url, user=c.user, user_id=user_id, token=secret)

    def _failed(self, server_id: int, why: str) -> None:
        try:
            with session_scope(self.engine) as session:
                row = session.get(MediaServer, server_id)
                if row is not None:
                    row.last_error, row.last_error_at = why.splitlines()[0][:300] if why else "?", self.clock()
                    session.add(row)
        except (
            WatchtrackerError,
            SQLAlchemyError,
        ) as exc:  # the library itself cannot be written: the raise says enough
            log.warning("could not keep the media server's error: %s", exc)

    def _library_failed(self, server_id: int, exc: SQLAlchemyError) -> StorageError:
        """A sync the library refused (locked, the disk full, a constraint): one line, kept on the
        connection; the transaction was rolled back, nothing of the sync was kept."""
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0][:200] or type(exc).__name__
        log.warning("media server sync not written: %s", exc)
        error = StorageError(
            translate("MediaServers", "The library did not take this sync ({reason}); nothing of it was kept.").format(
                reason=reason
            )
        )
        self._failed(server_id, str(error))
        return error

    # -- marking played there -----------------------------------------------------------------
    def write_back(
        self, episode_ids: list[int], watched: bool, cancel: threading.Event | None = None, *, again: bool = False
    ) -> list[str]:
        """Mark these episodes played (or unplayed) on every connection that asks for it (not
        paused); ``again``: watched once more here (a rewatch: one more play there too, even of an
        episode played there already). Returns a line per problem; never raises for a server's
        fault (marking here has already happened)."""
        targets = [c for c in self.connections() if c.write_back and not c.paused]
        if not targets or not episode_ids:
            return []
        episodes = places_of(self.engine, list(episode_ids))
        problems: list[str] = []
        for c in targets:
            try:
                client = self.client_factory(self._access(c), cancel=cancel)
                try:
                    problems.extend(write_back_to(self.engine, client, c, episodes, watched, self.clock, again=again))
                finally:
                    client.close()
            except WatchtrackerError as exc:
                problems.append(f"{c.name}: {exc}")
        return problems


def _report(
    c: Connection,
    out: reconcile.Outcome,
    played: int,
    requests: int,
    *,
    kept: tuple[str, ...] = (),
    skipped: tuple[str, ...] = (),
) -> SyncReport:
    return SyncReport(
        id=c.id,
        name=c.name,
        added=out.added,
        removed=out.removed,
        already=out.already,
        dated=out.dated,
        unplaced=out.unplaced,
        unplaced_examples=tuple(out.unplaced_examples),
        kept=kept,
        forgotten=out.forgotten,
        skipped=tuple(skipped),
        played=played,
        requests=requests,
        changes=reconcile.changes_of(out),
    )
