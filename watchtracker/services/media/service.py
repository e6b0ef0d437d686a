"""The viewer's media servers: connections (add, sign in, pause, remove), syncs that turn their
plays into viewings, and marking played there what is marked watched here (write-back).

Every method may run on a worker thread; the network is asked with no transaction open, and a
sync writes in one transaction (``reconcile.apply``): a failed sync leaves the library as it was
and says why in one line, kept on the connection (``last_error``).
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import delete, func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from watchtracker.domain.changes import Changes
from watchtracker.domain.i18n import translate
from watchtracker.domain.media import KIND_LABELS, KINDS, ServerEpisode, ServerSnapshot, viewing_source
from watchtracker.domain.transfer import ExternalIds
from watchtracker.errors import InvalidInput, NotFound, ProviderError, SignInRefused, WatchtrackerError
from watchtracker.providers.media import MediaServerClient, Progress, ServerAccess, make_client
from watchtracker.providers.media.events import ServerEvents
from watchtracker.services.media import reconcile
from watchtracker.services.pace import Pace
from watchtracker.services.transfer.matching import LibraryIndex, MatchedShow, PendingShow, match_shows
from watchtracker.storage import secrets
from watchtracker.storage.database import session_scope
from watchtracker.storage.jobs import shared_job
from watchtracker.storage.tables import (
    Episode,
    LibraryEntry,
    MediaServer,
    PendingImport,
    ServerPlay,
    ServerShow,
    Viewing,
    not_null,
    saved_id,
)

log = logging.getLogger(__name__)

ClientFactory = Callable[..., MediaServerClient]
MAX_NAME = 80


@dataclass(frozen=True)
class Connection:
    """A connection as the list shows it."""

    id: int
    name: str
    kind: str
    url: str
    user: str
    paused: bool
    write_back: bool
    last_sync_at: datetime | None
    last_error: str
    last_error_at: datetime | None
    played: int  # played episodes of the server the library follows
    unmatched: int  # shows of the server not matched to a followed series (kept for later)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True)
class SyncReport:
    """What one sync did (or why it did nothing)."""

    id: int
    name: str
    added: int = 0
    removed: int = 0
    already: int = 0
    dated: int = 0
    unplaced: int = 0
    unplaced_examples: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()  # shows kept for later (not followed, not matched): their titles
    forgotten: int = 0
    skipped: tuple[str, ...] = ()  # what the server's answer had that could not be read
    played: int = 0  # played episodes the server listed
    requests: int = 0
    elsewhere: bool = False  # another computer was syncing this server: nothing done here
    changes: Changes = field(default_factory=Changes)

    def line(self) -> str:
        """One line for the status bar and the CLI."""
        if self.elsewhere:
            return translate("MediaServers", "{name}: another computer is syncing it.").format(name=self.name)
        parts = [
            translate("MediaServers", "{name}: {played} played episodes read").format(
                name=self.name, played=self.played
            )
        ]
        if self.added:
            parts.append(translate("MediaServers", "{count} viewings added").format(count=self.added))
        if self.removed:
            parts.append(translate("MediaServers", "{count} removed (unplayed there)").format(count=self.removed))
        if self.already:
            parts.append(translate("MediaServers", "{count} already recorded").format(count=self.already))
        if self.unplaced:
            parts.append(translate("MediaServers", "{count} not placed (numbering)").format(count=self.unplaced))
        if self.kept:
            parts.append(translate("MediaServers", "{count} shows kept for later").format(count=len(self.kept)))
        if len(parts) == 1:
            parts.append(translate("MediaServers", "nothing new"))
        return ", ".join(parts) + "."


def normalise_url(url: str) -> str:
    """A server's address as kept: http(s)://host[:port][/path], no trailing slash."""
    text = (url or "").strip()
    if text and "://" not in text:
        text = "http://" + text
    parts = urlsplit(text)
    try:
        port_ok = parts.port is None or 0 < parts.port < 65536
    except ValueError:
        port_ok = False
    if parts.scheme not in ("http", "https") or not parts.hostname or not port_ok or parts.query or parts.fragment:
        raise InvalidInput(
            translate("MediaServers", "“{url}” is not a server address (like http://192.168.1.10:8096).").format(
                url=url[:100]
            )
        )
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


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
        return [_view(r, played.get(saved_id(r.id), 0), unmatched.get(saved_id(r.id), 0)) for r in rows]

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
        _check_credentials(kind, user, password, token)
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
        _check_credentials(c.kind, c.user, password, token)
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
        placed, title_matches, kept = self._match(c.id, snapshot, offline, cancel)
        pace()
        with session_scope(self.engine) as session:
            out = reconcile.apply(
                session, c.id, snapshot, placed, title_matches, kept, now_state, gone, self.clock(), pace
            )
        log.info("media server %s synced: %s", c.name, out)
        return SyncReport(
            id=c.id,
            name=c.name,
            added=out.added,
            removed=out.removed,
            already=out.already,
            dated=out.dated,
            unplaced=out.unplaced,
            unplaced_examples=tuple(out.unplaced_examples),
            kept=tuple(p.show.title for p in kept),
            forgotten=out.forgotten,
            skipped=snapshot.skipped,
            played=len(played_now),
            requests=requests,
            changes=reconcile.changes_of(out),
        )

    def sync_items(self, ref: int | str, keys: list[str], cancel: threading.Event | None = None) -> SyncReport:
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
                    return self._sync(c, False, None, cancel)
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
                        Pace(),
                    )
        except WatchtrackerError as exc:
            self._failed(c.id, str(exc))
            raise
        return SyncReport(
            id=c.id,
            name=c.name,
            added=out.added,
            removed=out.removed,
            already=out.already,
            dated=out.dated,
            unplaced=out.unplaced,
            unplaced_examples=tuple(out.unplaced_examples),
            played=len(played),
            requests=requests,
            changes=reconcile.changes_of(out),
        )

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

    def _match(
        self, server_id: int, snapshot: ServerSnapshot, offline: bool, cancel: threading.Event | None
    ) -> tuple[dict[str, int], list[MatchedShow], list[PendingShow]]:
        """Which followed series each played show is: the links made before (by any means, by
        hand too), then ids, title and year, TVmaze (as an import matches). A show not followed
        (on TVmaze only, or in the library without being followed) is kept for later, offered."""
        source = viewing_source(server_id)
        by_show: dict[str, list[ServerEpisode]] = {}
        for e in snapshot.episodes:
            if e.plays:
                by_show.setdefault(e.show_key, []).append(e)
        with Session(self.engine) as session:
            followed = set(session.exec(select(not_null(LibraryEntry.series_id))))
            links = dict(
                session.exec(
                    select(ServerShow.key, not_null(ServerShow.series_id)).where(
                        col(ServerShow.server_id) == server_id, col(ServerShow.series_id).is_not(None)
                    )
                ).all()
            )
            # kept for later before: not asked of TVmaze again at every sync (it answered already);
            # matched again in the library only (a series followed meanwhile), keeping the reason
            known_kept = set(
                session.exec(
                    select(ServerShow.key).where(
                        col(ServerShow.server_id) == server_id, col(ServerShow.series_id).is_(None)
                    )
                )
            )
            reasons = dict(
                session.exec(
                    select(PendingImport.key, PendingImport.error).where(col(PendingImport.format) == source)
                ).all()
            )
            index = LibraryIndex.load(session)
        placed: dict[str, int] = {}
        shows = []
        for key, episodes in by_show.items():
            if links.get(key) in followed:
                placed[key] = links[key]
                continue
            show = snapshot.shows.get(key)
            title = show.title if show is not None else (episodes[0].title or key)
            shows.append(
                reconcile.imported_show(
                    title, key, show.year if show else None, show.ids if show else ExternalIds(), episodes
                )
            )
        tvmaze = None if offline else self.tvmaze
        fresh = tuple(s for s in shows if s.key not in known_kept)
        again = tuple(s for s in shows if s.key in known_kept)
        found = match_shows(fresh, {s.key: source for s in fresh}, index, tvmaze, cancel=cancel)
        found_again = match_shows(again, {s.key: source for s in again}, index, None, cancel=cancel)
        title_matches: list[MatchedShow] = []
        kept: list[PendingShow] = list(found.pending) + [
            PendingShow(p.show, p.format, reasons.get(p.show.key) or p.reason) for p in found_again.pending
        ]
        for m in [*found.matched, *found_again.matched]:
            if m.series_id is not None and m.series_id in followed:
                placed[m.show.key] = m.series_id
                if m.how == "title":
                    title_matches.append(m)
            elif m.series_id is not None:
                kept.append(
                    PendingShow(
                        m.show,
                        source,
                        translate("MediaServers", "in your library as “{title}” but not followed").format(
                            title=m.series_title
                        ),
                    )
                )
            else:
                kept.append(
                    PendingShow(
                        m.show,
                        source,
                        translate("MediaServers", "on TVmaze as “{title}”, not followed").format(title=m.series_title),
                    )
                )
        return placed, title_matches, kept

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
        except WatchtrackerError as exc:  # the library itself cannot be written: the raise says enough
            log.warning("could not keep the media server's error: %s", exc)

    # -- marking played there -----------------------------------------------------------------
    def write_back(self, episode_ids: list[int], watched: bool, cancel: threading.Event | None = None) -> list[str]:
        """Mark these episodes played (or unplayed) on every connection that asks for it (not
        paused). Returns a line per problem; never raises for a server's fault (marking here
        has already happened)."""
        targets = [c for c in self.connections() if c.write_back and not c.paused]
        if not targets or not episode_ids:
            return []
        problems: list[str] = []
        with Session(self.engine) as session:
            episodes = {
                eid: (sid, season, number)
                for eid, sid, season, number in session.exec(
                    select(
                        not_null(Episode.id), not_null(Episode.series_id), col(Episode.season), col(Episode.number)
                    ).where(col(Episode.id).in_(episode_ids))
                )
            }
        for c in targets:
            try:
                problems.extend(self._write_back_one(c, episodes, watched, cancel))
            except WatchtrackerError as exc:
                problems.append(f"{c.name}: {exc}")
        return problems

    def _write_back_one(
        self, c: Connection, episodes: dict[int, tuple[int, int, int]], watched: bool, cancel: threading.Event | None
    ) -> list[str]:
        with Session(self.engine) as session:
            known = dict(
                session.exec(
                    select(not_null(ServerPlay.episode_id), ServerPlay.key).where(
                        col(ServerPlay.server_id) == c.id, col(ServerPlay.episode_id).in_(list(episodes))
                    )
                ).all()
            )
            shows = dict(
                session.exec(
                    select(not_null(ServerShow.series_id), ServerShow.key).where(
                        col(ServerShow.server_id) == c.id, col(ServerShow.series_id).is_not(None)
                    )
                ).all()
            )
            still_watched = set()
            if not watched:
                still_watched = set(
                    session.exec(select(Viewing.episode_id).where(col(Viewing.episode_id).in_(list(episodes))))
                )
        client = self.client_factory(self._access(c), cancel=cancel)
        problems: list[str] = []
        try:
            for eid, (sid, season, number) in episodes.items():
                if not watched and eid in still_watched:
                    continue  # another viewing of it is left: still watched
                key = known.get(eid)
                if key is None and sid in shows:
                    key = client.episode_key(shows[sid], season, number)
                if key is None:
                    continue  # not on that server
                try:
                    if watched:
                        client.mark_played(key, self.clock())
                    else:
                        client.mark_unplayed(key)
                except ProviderError as exc:
                    problems.append(f"{c.name}: {exc}")
                    break
        finally:
            client.close()
        return problems


def _check_credentials(kind: str, user: str, password: str, token: str) -> None:
    if kind == "plex" and not token.strip():
        raise InvalidInput(translate("MediaServers", "Plex needs a token (X-Plex-Token)."))
    if kind == "kodi" and not user:
        raise InvalidInput(translate("MediaServers", "Kodi needs the user name of its web server (often “kodi”)."))
    if kind in ("jellyfin", "emby") and not (token.strip() or (user and password)):
        raise InvalidInput(
            translate("MediaServers", "{kind} needs a user name and password, or an API key.").format(
                kind=KIND_LABELS[kind]
            )
        )
    if re.search(r"[\r\n]", user + password + token):
        raise InvalidInput(translate("MediaServers", "A user name, password or token cannot span lines."))


def _view(row: MediaServer, played: int, unmatched: int) -> Connection:
    return Connection(
        id=saved_id(row.id),
        name=row.name,
        kind=row.kind,
        url=row.url,
        user=row.user,
        paused=row.paused,
        write_back=row.write_back,
        last_sync_at=row.last_sync_at,
        last_error=row.last_error,
        last_error_at=row.last_error_at,
        played=played,
        unmatched=unmatched,
    )
