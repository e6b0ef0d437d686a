"""A sync's writing half: what a server said, matched to the library, written in ONE transaction —
the viewings its new plays are, the viewings its unplays take away (only its own), which series
its shows are, and the shows kept for later. ``MediaServerService.sync`` reads the server first
(no transaction open while the network is asked) and calls ``apply``.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import delete, insert, update
from sqlmodel import Session, col, select

from watchtracker.domain.changes import Changes
from watchtracker.domain.enums import ViewerState
from watchtracker.domain.media import ServerEpisode, ServerSnapshot, connection_of_source, viewing_source
from watchtracker.domain.transfer import ImportedShow, ImportedViewing
from watchtracker.services.media.placing import EpisodeIndex, Seen, account, as_utc
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
    # a whole snapshot meets every row kept; a few items (an event), only theirs
    plays = _plays_of(
        session, server_id, pace, None if snapshot.complete else [e.key for e in (*snapshot.episodes, *now_state)]
    )
    # one key once (a page read twice while the server's library changed): the most it says
    latest: dict[str, ServerEpisode] = {}
    for ep in snapshot.episodes:
        had = latest.get(ep.key)
        if had is None or (ep.plays, _stamp(ep.last_played)) > (had.plays, _stamp(had.last_played)):
            latest[ep.key] = ep
    by_eid: dict[int, list[ServerEpisode]] = defaultdict(list)
    for ep in latest.values():
        pace()
        if not ep.plays or ep.show_key not in placed_shows:
            continue
        sid = placed_shows[ep.show_key]
        eid = index.find(sid, ep)
        if eid is None:
            out.unplaced += 1
            if len(out.unplaced_examples) < 10:
                title = snapshot.shows[ep.show_key].title if ep.show_key in snapshot.shows else ep.show_key
                out.unplaced_examples.append(f"{title} S{ep.season or 0:02d}E{ep.number or 0:02d}")
            continue
        by_eid[eid].append(ep)
    unplayed = [e for e in now_state if e.plays == 0 and e.key in plays]
    still_there = {e.key for e in now_state}
    eids = set(by_eid) | {plays[e.key].episode_id for e in unplayed if plays[e.key].episode_id is not None}
    eids |= {
        known.episode_id
        for e in latest.values()
        if (known := plays.get(e.key)) is not None and known.episode_id is not None
    }
    seen = _viewings_of(session, eids, pace)
    series_of = _series_of(session, eids, pace)

    inserts: list[dict] = []
    dated: list[tuple[int, datetime]] = []
    removals: list[int] = []
    moves: list[tuple[list[int], int]] = []  # this server's viewings to another episode (renumbered)
    rows: list[dict] = []  # server_play rows new or changed
    for eid, eps in by_eid.items():
        # several items of the server on one episode (a show in two of its libraries): one episode
        pace()
        now_plays = max(e.plays for e in eps)
        stamps = [e.last_played for e in eps if e.last_played is not None]
        now_last = as_utc(max(stamps)) if stamps else None
        prevs = [plays[e.key] for e in eps if e.key in plays]
        counted = [p for p in prevs if p.episode_id == eid]
        moved = [p for p in prevs if p.episode_id is not None and p.episode_id != eid]
        if not counted and moved and moved[0].episode_id not in by_eid:
            # TVmaze renumbered the episodes since: what this server recorded moves with its play
            old = moved[0].episode_id
            assert old is not None
            mine = [v for v in seen[old] if v.source == source][: max(p.plays for p in moved)]
            if mine:
                moves.append(([v.id for v in mine], eid))
                seen[old] = [v for v in seen[old] if v not in mine]
                seen[eid].extend(mine)
                out.series |= {series_of[old], series_of[eid]}
            counted = moved
        if counted:
            new = now_plays - max(p.plays for p in counted)
            after = max((p.last_played for p in counted if p.last_played is not None), default=None)
        else:
            new, after = now_plays, None
        if new > 0:
            got = account(seen[eid], new, now_last, after, counted=source if counted else "")
            out.already += got.claimed
            for when in got.insert:
                inserts.append({"episode_id": eid, "watched_at": when, "source": source})
            for vid in got.dated:
                dated.append((vid, now_last))  # type: ignore[arg-type]
            if got.insert or got.dated:
                out.series.add(series_of[eid])
        elif new < 0:  # fewer plays than before (the server forgot some): take away as many of its own
            own = sorted(
                (s for s in seen[eid] if s.source == source), key=lambda s: (s.when is not None, as_utc(s.when) or now)
            )
            removals.extend(s.id for s in own[:-new])
            if own[:-new]:
                out.series.add(series_of[eid])
        for ep in eps:
            prev = plays.get(ep.key)
            state = Prev(ep.show_key, eid, ep.plays, as_utc(ep.last_played))
            if prev is None or prev != state:
                rows.append({"server_id": server_id, "key": ep.key, **state._asdict()})
    out.dated = len(dated)

    # unplayed there: this server's viewings of the episode go, no one else's; one another
    # server still counts (the same play, seen on both) becomes that server's
    forget: list[str] = [r["key"] for r in rows if r["key"] in plays]  # rewritten below
    owners = _other_owners(session, server_id, [plays[e.key].episode_id for e in unplayed])
    resourced: list[tuple[int, str]] = []
    for ep in unplayed:
        forget.append(ep.key)
        eid_before = plays[ep.key].episode_id
        if eid_before is None or eid_before in by_eid:
            continue  # another of its items still has that episode played
        gone_ids = [v.id for v in seen[eid_before] if v.source == source]
        other = owners.get(eid_before)
        if other is not None:
            kept_ids = gone_ids[: other[1]]
            resourced.extend((vid, viewing_source(other[0])) for vid in kept_ids)
            gone_ids = gone_ids[len(kept_ids) :]
        removals.extend(gone_ids)
        if gone_ids:
            out.series.add(series_of[eid_before])
    # deleted from the server (not unplayed): forgotten, the viewings stay the viewer's history
    for key in gone:
        if key not in still_there and key in plays:
            forget.append(key)
            out.forgotten += 1
    for part in chunks(forget, 500):
        pace()
        session.execute(delete(ServerPlay).where(col(ServerPlay.server_id) == server_id, col(ServerPlay.key).in_(part)))
    for part in chunks(rows, 1000):
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
    for vid, when in dated:
        session.execute(update(Viewing).where(col(Viewing.id) == vid).values(watched_at=when))
    for part in chunks(inserts, 1000):
        pace()
        session.execute(insert(Viewing.__table__), part)  # type: ignore[attr-defined]
    out.added = len(inserts)
    _start_watching(session, {series_of[r["episode_id"]] for r in inserts})
    server = session.get(MediaServer, server_id)
    if server is not None:
        server.last_sync_at, server.last_error, server.last_error_at = now, "", None
        session.add(server)
    return out


def _stamp(when: datetime | None) -> float:
    return as_utc(when).timestamp() if when is not None else float("-inf")  # type: ignore[union-attr]


def _other_owners(session: Session, server_id: int, eids: list[int | None]) -> dict[int, tuple[int, int]]:
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
