"""Marking played (or unplayed) on a media server what the viewer marks watched (or unwatched)
here, for the connections that ask for it: the server's key of each episode is the one its sync
recorded, else asked of the server by show, season and number."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from watchtracker.errors import ProviderError
from watchtracker.providers.media import MediaServerClient
from watchtracker.services.media.connections import Connection
from watchtracker.storage.tables import Episode, ServerPlay, ServerShow, Viewing, not_null

Places = dict[int, tuple[int, int, int]]  # episode id -> (series id, season, number)


def places_of(engine: Engine, episode_ids: list[int]) -> Places:
    with Session(engine) as session:
        return {
            eid: (sid, season, number)
            for eid, sid, season, number in session.exec(
                select(
                    not_null(Episode.id), not_null(Episode.series_id), col(Episode.season), col(Episode.number)
                ).where(col(Episode.id).in_(episode_ids))
            )
        }


def write_back_to(
    engine: Engine,
    client: MediaServerClient,
    c: Connection,
    episodes: Places,
    watched: bool,
    clock: Callable[[], datetime],
    *,
    again: bool = False,
) -> list[str]:
    """Mark ``episodes`` on ``c``'s server through ``client``; a line per problem (the first
    failure stops the rest: the server is likely down). Watched: an episode played there already
    is left alone (servers count a mark as one more play: it would come back as a rewatch).
    ``again`` (a rewatch marked here): played there once more all the same — the next sync finds that
    play to be the rewatch's viewing. Unwatched: only an episode with no viewing left here is marked
    unplayed there."""
    with Session(engine) as session:
        known: dict[int, str] = {}
        played_there: set[int] = set()
        for eid, server_key, n in session.exec(
            select(not_null(ServerPlay.episode_id), ServerPlay.key, ServerPlay.plays).where(
                col(ServerPlay.server_id) == c.id, col(ServerPlay.episode_id).in_(list(episodes))
            )
        ):
            known[eid] = server_key
            if n > 0:
                played_there.add(eid)
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
    problems: list[str] = []
    for eid, (sid, season, number) in episodes.items():
        if not watched and eid in still_watched:
            continue  # another viewing of it is left: still watched
        if watched and not again and eid in played_there:
            continue  # played there already: marking it again would count a rewatch there
        try:
            key = known.get(eid)
            if key is None and sid in shows:
                key = client.episode_key(shows[sid], season, number)
            if key is None:
                continue  # not on that server
            if watched:
                if not again and eid not in known and any(e.plays for e in client.episodes([key])):
                    continue  # played there, not synced yet: the same
                client.mark_played(key, clock())
            else:
                client.mark_unplayed(key)
        except ProviderError as exc:
            problems.append(f"{c.name}: {exc}")
            break
    return problems
