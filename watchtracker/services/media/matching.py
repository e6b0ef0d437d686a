"""Which followed series a server's played shows are: the links made before (by any means, by
hand too), then ids, title and year, TVmaze's lookup — as an import matches (services.transfer).
A show not followed, or not matched, is kept for later with the imports' shows; one kept before is
not asked of TVmaze again at every sync."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from watchtracker.domain.i18n import translate
from watchtracker.domain.media import ServerEpisode, ServerSnapshot, viewing_source
from watchtracker.domain.transfer import ExternalIds, ImportedShow
from watchtracker.services.media import reconcile
from watchtracker.services.pace import no_pace
from watchtracker.services.transfer.matching import LibraryIndex, MatchedShow, PendingShow, match_shows
from watchtracker.storage.tables import LibraryEntry, PendingImport, ServerShow, not_null


def match_played(
    engine: Engine,
    server_id: int,
    snapshot: ServerSnapshot,
    tvmaze: Any,
    cancel: threading.Event | None,
    pace: Callable[[], None] = no_pace,
) -> tuple[dict[str, int], list[MatchedShow], list[PendingShow]]:
    """Which followed series each played show is: the links made before (by any means, by
    hand too), then ids, title and year, TVmaze (as an import matches). A show not followed
    (on TVmaze only, or in the library without being followed) is kept for later, offered."""
    source = viewing_source(server_id)
    by_show: dict[str, list[ServerEpisode]] = {}
    for i, e in enumerate(snapshot.episodes):
        if i % 500 == 0:
            pace()
        if e.plays:
            by_show.setdefault(e.show_key, []).append(e)
    with Session(engine) as session:
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
    pace()
    placed: dict[str, int] = {}
    shows = []
    for key, episodes in by_show.items():
        if links.get(key) in followed:
            placed[key] = links[key]
            continue
        show = snapshot.shows.get(key)
        title = show.title if show is not None else (episodes[0].title or key)
        # matched by what it is (ids, title, year); its plays are attached only if it is kept
        shows.append(ImportedShow(key, title, show.year if show else None, show.ids if show else ExternalIds()))
    pace()
    fresh = tuple(s for s in shows if s.key not in known_kept)
    again = tuple(s for s in shows if s.key in known_kept)
    found = match_shows(fresh, {s.key: source for s in fresh}, index, tvmaze, cancel=cancel)
    pace()
    found_again = match_shows(again, {s.key: source for s in again}, index, None, cancel=cancel)
    pace()
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
    kept = [
        replace(p, show=reconcile.imported_show(p.show.title, p.show.key, p.show.year, p.show.ids, by_show[p.show.key]))
        for p in kept
    ]
    return placed, title_matches, kept
