"""A sync's writing half: what a server said, matched to the library, written in ONE transaction —
the viewings its new plays are, the viewings its unplays take away (only its own), which series
its shows are, and the shows kept for later. ``MediaServerService.sync`` reads the server first
(no transaction open while the network is asked) and calls ``apply``.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import delete, insert, update
from sqlmodel import Session, col, select

from watchtracker.domain.changes import Changes
from watchtracker.domain.enums import ViewerState
from watchtracker.domain.media import ServerEpisode, ServerSnapshot, connection_of_source, viewing_source
from watchtracker.domain.transfer import ImportedShow, ImportedViewing
from watchtracker.services.media.placing import SAME_PLAY_S, EpisodeIndex, Seen, account, as_utc
from watchtracker.services.pace import Pace
from watchtracker.services.transfer.matching import MatchedShow, PendingShow
from watchtracker.services.transfer.pending import keep_pending, pending_key
from watchtracker.services.transfer.placing import adopt_ids, chunks
from watchtracker.storage.database import write_first
from watchtracker.storage.tables import (
    Episode,
    LibraryEntry,
    MediaServer,
    ServerPlay,
    ServerShow,
    Viewing,
    not_null,
)

log = logging.getLogger(__name__)

WRITE_CHUNK = 400  # rows a statement: a window waits for one statement at most (~15 ms)


@dataclass
class Outcome:
    """What ``apply`` did, counted."""

    added: int = 0  # viewings added
    removed: int = 0  # viewings removed (unplayed on the server)
    already: int = 0  # plays that were viewings already (same time: by hand, an import, another server)
    dated: int = 0  # viewings without a time that took the play's
    unplaced: int = 0  # played episodes of matched shows the library has no episode for
    unplaced_examples: list[str] = field(default_factory=list)
    forgotten: int = 0  # played episodes deleted from the server: no longer followed (viewings kept)
    series: set[int] = field(default_factory=set)


def imported_show(show_title: str, key: str, year, ids, episodes: list[ServerEpisode]) -> ImportedShow:
    """A server's show as an import's show (its plays as viewings), to be kept for later."""
    viewings: list[ImportedViewing] = []
    for e in episodes:
        if e.season is None or e.number is None or not e.plays:
            continue
        viewings.append(ImportedViewing(e.season, e.number, as_utc(e.last_played), e.title))
        viewings.extend(ImportedViewing(e.season, e.number, None, e.title) for _ in range(e.plays - 1))
    return ImportedShow(key=key, title=show_title, year=year, ids=ids, viewings=tuple(viewings))


def apply(
    session: Session,
    server_id: int,
    snapshot: ServerSnapshot,
    placed_shows: dict[str, int],
    title_matches: list[MatchedShow],
    kept: list[PendingShow],
    now_state: list[ServerEpisode],
    gone: list[str],
    now: datetime,
    pace: Pace,
) -> Outcome:
    """Write one sync (the caller's transaction; nothing is committed here).

    ``placed_shows``: server show key -> followed series; ``title_matches``: those matched by
    title (they take the show's ids); ``kept``: shows kept for later; ``now_state``: the episodes
    played before that this sync asked about again (played or not now); ``gone``: their keys."""
    write_first(session)
    source = viewing_source(server_id)
    out = Outcome()

    # which series the server's shows are
    links = {r.key: r for r in session.exec(select(ServerShow).where(col(ServerShow.server_id) == server_id))}
    for key, sid in placed_shows.items():
        show = snapshot.shows.get(key)
        row = links.get(key) or ServerShow(server_id=server_id, key=key)
        row.series_id = sid
        if show is not None:
            row.title, row.year = show.title, show.year
        session.add(row)
    for p in kept:
        row = links.get(p.show.key) or ServerShow(server_id=server_id, key=p.show.key)
        row.series_id, row.title, row.year = None, p.show.title, p.show.year
        session.add(row)
    adopt_ids(session, title_matches)
    done = [MatchedShow(ImportedShow(key=k, title=""), source, "hand", sid, "") for k, sid in placed_shows.items()]
    keep_pending(session, source, done, tuple(kept))
    session.flush()

    # where the played episodes go
    index = EpisodeIndex(_episodes_of(session, set(placed_shows.values()), pace))
    # one key once (a page read twice while the server's library changed): the most it says
    latest: dict[str, ServerEpisode] = {}
    for ep in snapshot.episodes:
        had = latest.get(ep.key)
        if had is None or (ep.plays, _stamp(ep.last_played)) > (had.plays, _stamp(had.last_played)):
            latest[ep.key] = ep
    placed_at: dict[str, int] = {}  # key -> the library episode its play is
    for ep in latest.values():
        pace()
        if not ep.plays or ep.show_key not in placed_shows:
            continue
        eid = index.find(placed_shows[ep.show_key], ep)
        if eid is None:
            out.unplaced += 1
            if len(out.unplaced_examples) < 10:
                title = snapshot.shows[ep.show_key].title if ep.show_key in snapshot.shows else ep.show_key
                out.unplaced_examples.append(f"{title} S{ep.season or 0:02d}E{ep.number or 0:02d}")
            continue
        placed_at[ep.key] = eid
    unplayed = {e.key for e in now_state if e.plays == 0}
    still_there = {e.key for e in now_state}
    dropped = {k for k in gone if k not in still_there}  # deleted on the server: their viewings stay

    # what the library knew: every row (a whole snapshot), or (a few items) theirs and every other
    # row of this server on the same episodes — the server's items of one episode are one episode
    if snapshot.complete:
        plays = _plays_of(session, server_id, pace, None)
    else:
        plays = _plays_of(session, server_id, pace, [*latest, *unplayed])
        touched = set(placed_at.values()) | {p.episode_id for p in plays.values() if p.episode_id is not None}
        plays.update(_plays_on(session, server_id, touched))
    affected: set[int] = set(placed_at.values())
    for key in (*latest, *unplayed, *dropped):
        prev = plays.get(key)
        if prev is not None and prev.episode_id is not None:
            affected.add(prev.episode_id)
    if snapshot.complete:
        affected |= {p.episode_id for p in plays.values() if p.episode_id is not None}
    pace()
    seen = _viewings_of(session, affected, pace)
    series_of = _series_of(session, affected, pace)

    # the states after this sync: a key played now is where it was placed; unplayed, gone or
    # deleted there, it has none; one this sync says nothing of stays as it was
    new_state: dict[str, Prev] = {}
    for i, (key, prev) in enumerate(plays.items()):
        if i % 500 == 0:
            pace()
        if key not in dropped and key not in unplayed:
            new_state[key] = prev  # not placed now (its show unlinked), or not part of an event: unchanged
    for i, (key, eid) in enumerate(placed_at.items()):
        if i % 500 == 0:
            pace()
        ep = latest[key]
        new_state[key] = Prev(ep.show_key, eid, ep.plays, as_utc(ep.last_played))

    # an episode TVmaze renumbered: the viewing a key made moves with the key to its new episode,
    # unless another item still on the old one played at that time (then it is that item's too)
    moved_to: dict[str, int] = {}  # key -> the episode its earlier plays now count on
    moves: list[tuple[list[int], int]] = []
    on_episode: dict[int, list[tuple[str, Prev]]] = defaultdict(list)
    for i, (k, st) in enumerate(new_state.items()):
        if i % 500 == 0:
            pace()
        if st.episode_id is not None:
            on_episode[st.episode_id].append((k, st))
    for i, (key, eid) in enumerate(placed_at.items()):
        if i % 500 == 0:
            pace()
        prev = plays.get(key)
        if prev is None or prev.episode_id is None or prev.episode_id == eid:
            continue
        old = prev.episode_id
        staying = [st for k, st in on_episode.get(old, ()) if k != key]
        mine = [v for v in seen[old] if v.source == source]
        take: list[Seen] = []
        if prev.last_played is not None:
            dated = [v for v in mine if v.when is not None and _close(v.when, prev.last_played)]
            if dated and not any(
                s.last_played is not None and _close(s.last_played, prev.last_played) for s in staying
            ):
                take.append(dated[0])
        room = len(mine) - len(take) - max((s.plays for s in staying), default=0)
        take.extend([v for v in mine if v.when is None and v not in take][: max(0, min(room, prev.plays - len(take)))])
        if take:
            moves.append(([v.id for v in take], eid))
            seen[old] = [v for v in seen[old] if v not in take]
            seen[eid].extend(take)
            out.series |= {series_of[old], series_of[eid]}
            moved_to[key] = eid

    # per episode, the plays counted (the most any of its items says) and the last play's time:
    # before this sync (a moved key's on its new episode; a key deleted there counts nowhere) and after
    def totals(states: dict[str, Prev], before: bool) -> dict[int, tuple[int, datetime | None]]:
        found: dict[int, tuple[int, datetime | None]] = {}
        for i, (k, st) in enumerate(states.items()):
            if i % 500 == 0:
                pace()
            eid = moved_to.get(k, st.episode_id) if before else st.episode_id
            if eid is None or eid not in affected or (before and k in dropped):
                continue
            n, last = found.get(eid, (0, None))
            if st.last_played is not None and (last is None or st.last_played > last):
                last = st.last_played
            found[eid] = (max(n, st.plays), last)
        return found

    before_totals, after_totals = totals(plays, True), totals(new_state, False)

    inserts: list[dict] = []
    dated_now: list[tuple[int, datetime]] = []
    removals: list[int] = []
    resourced: list[tuple[int, str]] = []
    pace()
    owners = _other_owners(session, server_id, sorted(affected))
    pace()
    for eid in sorted(affected):
        pace()
        before_n, before_last = before_totals.get(eid, (0, None))
        after_n, after_last = after_totals.get(eid, (0, None))
        if after_n > before_n:
            got = account(
                seen[eid],
                after_n - before_n,
                after_last,
                before_last if before_n else None,
                counted=source if before_n else "",
            )
            out.already += got.claimed
            for when in got.insert:
                inserts.append({"episode_id": eid, "watched_at": when, "source": source})
            for vid in got.dated:
                dated_now.append((vid, after_last))  # type: ignore[arg-type]
            if got.insert or got.dated:
                out.series.add(series_of[eid])
        elif after_n < before_n:  # fewer plays than before (unplayed there, or forgotten): as many of its own go
            own = sorted(
                (v for v in seen[eid] if v.source == source), key=lambda v: (v.when is not None, as_utc(v.when) or now)
            )[: before_n - after_n]
            other = owners.get(eid)
            if other is not None:  # another server still has it played: what it lacks of its own becomes its
                theirs = sum(1 for v in seen[eid] if v.source == viewing_source(other[0]))
                keep = own[: max(0, other[1] - theirs)]
                resourced.extend((v.id, viewing_source(other[0])) for v in keep)
                own = own[len(keep) :]
            removals.extend(v.id for v in own)
            if own:
                out.series.add(series_of[eid])
    out.dated = len(dated_now)

    pace()
    rows = [
        {"server_id": server_id, "key": key, **state._asdict()}
        for key, state in new_state.items()
        if plays.get(key) != state
    ]
    pace()
    forget = [key for key in plays if key not in new_state or plays[key] != new_state[key]]
    pace()
    out.forgotten = sum(1 for key in dropped if key in plays)
    for part in chunks(forget, 500):
        pace()
        session.execute(delete(ServerPlay).where(col(ServerPlay.server_id) == server_id, col(ServerPlay.key).in_(part)))
    for part in chunks(rows, WRITE_CHUNK):
        pace()
        session.execute(insert(ServerPlay.__table__), part)  # type: ignore[attr-defined]

    for ids, eid in moves:
        session.execute(update(Viewing).where(col(Viewing.id).in_(ids)).values(episode_id=eid))
    for vid, other_source in resourced:
        session.execute(update(Viewing).where(col(Viewing.id) == vid).values(source=other_source))
    for part in chunks(removals, 500):
        pace()
        session.execute(delete(Viewing).where(col(Viewing.id).in_(part)))
    out.removed = len(set(removals))
    for vid, when in dated_now:
        session.execute(update(Viewing).where(col(Viewing.id) == vid).values(watched_at=when))
    for part in chunks(inserts, WRITE_CHUNK):
        pace()
        session.execute(insert(Viewing.__table__), part)  # type: ignore[attr-defined]
    out.added = len(inserts)
    _start_watching(session, {series_of[r["episode_id"]] for r in inserts})
    server = session.get(MediaServer, server_id)
    if server is not None:
        server.last_sync_at, server.last_error, server.last_error_at = now, "", None
        session.add(server)
    return out


def _close(a: datetime, b: datetime) -> bool:
    return abs((as_utc(a) - as_utc(b)).total_seconds()) <= SAME_PLAY_S  # type: ignore[operator]


def _plays_on(session: Session, server_id: int, eids: set[int]) -> dict[str, Prev]:
    """This server's rows on these episodes (an event's items' neighbours on one episode)."""
    found: dict[str, Prev] = {}
    for part in chunks(sorted(eids), 500):
        for key, show_key, eid, n, last in session.exec(
            select(  # type: ignore[call-overload]
                col(ServerPlay.key),
                col(ServerPlay.show_key),
                col(ServerPlay.episode_id),
                col(ServerPlay.plays),
                col(ServerPlay.last_played),
            ).where(col(ServerPlay.server_id) == server_id, col(ServerPlay.episode_id).in_(part))
        ):
            found[key] = Prev(show_key, eid, n, as_utc(last))
    return found


def _stamp(when: datetime | None) -> float:
    return as_utc(when).timestamp() if when is not None else float("-inf")  # type: ignore[union-attr]


def _other_owners(session: Session, server_id: int, eids: Sequence[int | None]) -> dict[int, tuple[int, int]]:
    """Episode -> (another connection, its plays) for the episodes another server still has played."""
    wanted = sorted({e for e in eids if e is not None})
    found: dict[int, tuple[int, int]] = {}
    for part in chunks(wanted, 500):
        for other, eid, n in session.exec(
            select(not_null(ServerPlay.server_id), not_null(ServerPlay.episode_id), col(ServerPlay.plays)).where(
                col(ServerPlay.episode_id).in_(part), col(ServerPlay.server_id) != server_id, col(ServerPlay.plays) > 0
            )
        ):
            if eid not in found or n > found[eid][1]:
                found[eid] = (other, n)
    return found


class Prev(NamedTuple):
    """What the library knew of a played episode of the server (a server_play row)."""

    show_key: str
    episode_id: int | None
    plays: int
    last_played: datetime | None


def _plays_of(session: Session, server_id: int, pace: Pace, keys: list[str] | None) -> dict[str, Prev]:
    """The server's rows (``keys``: only those; None: all)."""
    found: dict[str, Prev] = {}
    # sqlmodel types select() for at most 4 columns: these rows are untyped
    query = select(  # type: ignore[call-overload]
        col(ServerPlay.key),
        col(ServerPlay.show_key),
        col(ServerPlay.episode_id),
        col(ServerPlay.plays),
        col(ServerPlay.last_played),
    ).where(col(ServerPlay.server_id) == server_id)
    for part in [None] if keys is None else chunks(sorted(set(keys)), 500):
        for key, show_key, eid, n, last in session.exec(
            query if part is None else query.where(col(ServerPlay.key).in_(part))
        ):
            if len(found) % 500 == 0:
                pace()
            found[key] = Prev(show_key, eid, n, as_utc(last))
    return found


def changes_of(out: Outcome) -> Changes:
    return Changes(series=frozenset(out.series))


def _episodes_of(session: Session, sids: set[int], pace: Pace) -> list[tuple[int, int, int, int, date | None]]:
    rows: list = []
    for part in chunks(sorted(sids), 200):
        pace()
        rows.extend(
            session.exec(
                select(
                    not_null(Episode.id),
                    not_null(Episode.series_id),
                    col(Episode.season),
                    col(Episode.number),
                    col(Episode.air_date),
                ).where(col(Episode.series_id).in_(part))  # type: ignore[call-overload]
            ).all()
        )
    return rows


def _viewings_of(session: Session, eids: set, pace: Pace) -> dict[int, list[Seen]]:
    seen: dict[int, list[Seen]] = defaultdict(list)
    for part in chunks(sorted(eids), 900):
        pace()
        for vid, eid, when, source in session.exec(
            select(not_null(Viewing.id), not_null(Viewing.episode_id), col(Viewing.watched_at), col(Viewing.source))
            .where(col(Viewing.episode_id).in_(part))
            .order_by(col(Viewing.id))
        ):
            seen[eid].append(Seen(vid, when, source))
    return seen


def _series_of(session: Session, eids: set, pace: Pace) -> dict[int, int]:
    found: dict[int, int] = {}
    for part in chunks(sorted(eids), 900):
        pace()
        found.update(
            session.exec(
                select(not_null(Episode.id), not_null(Episode.series_id)).where(col(Episode.id).in_(part))
            ).all()
        )
    return found


def _start_watching(session: Session, sids: set[int]) -> None:
    """A followed series with a play added moves on from plan to watch to watching."""
    for part in chunks(sorted(sids), 500):
        session.execute(
            update(LibraryEntry)
            .where(
                col(LibraryEntry.series_id).in_(part),
                col(LibraryEntry.state) == ViewerState.PLAN_TO_WATCH.value,
            )
            .values(state=ViewerState.WATCHING.value, version=LibraryEntry.version + 1)
        )


def link_server_shows(session: Session, batch_format: str, matched: list[MatchedShow]) -> None:
    """Shows of a media server kept for later and now matched (by hand, or a retry): their server
    knows from now on which series they are, and its next sync places their plays there."""
    for m in matched:
        fmt, key = pending_key(batch_format, m.format, m.show.key)
        server_id = connection_of_source(fmt)
        if server_id is None or m.series_id is None or session.get(MediaServer, server_id) is None:
            continue
        row = session.get(ServerShow, (server_id, key)) or ServerShow(server_id=server_id, key=key)
        row.series_id, row.title, row.year = m.series_id, m.show.title, m.show.year
        session.add(row)
