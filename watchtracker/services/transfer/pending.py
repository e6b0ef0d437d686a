"""The shows an import could not match, kept for later in the ``pending_import`` table (the show
as JSON, with the reason) and matched again by ``ImportService.plan_pending``
(``watchtracker import --retry-pending``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import datetime

from sqlmodel import Session, col, delete, select

from watchtracker.domain.dates import as_utc_or_none
from watchtracker.domain.enums import ViewerState
from watchtracker.domain.i18n import translate
from watchtracker.domain.transfer import ExternalIds, ImportBatch, ImportedShow, ImportedViewing
from watchtracker.services.transfer.matching import MatchedShow, PendingShow
from watchtracker.services.transfer.placing import chunks
from watchtracker.storage.tables import PendingImport

PENDING_FORMAT = "pending"  # ImportBatch.format of a retry of the shows kept for later


def show_to_json(show: ImportedShow) -> dict:
    ids = {
        k: v
        for k, v in (
            ("tvmaze", show.ids.tvmaze),
            ("thetvdb", show.ids.thetvdb),
            ("imdb", show.ids.imdb),
            ("tmdb", show.ids.tmdb),
            ("trakt", show.ids.trakt),
        )
        if v is not None
    }
    return {
        "key": show.key,
        "title": show.title,
        "year": show.year,
        "ids": ids,
        "viewings": [
            [v.season, v.number, v.watched_at.isoformat() if v.watched_at else None, v.episode_title, v.thetvdb_episode]
            for v in show.viewings
        ],
        "rating": show.rating,
        "favourite": show.favourite,
        "watchlist": show.watchlist,
        "state": show.state.value if show.state else None,
        "notes": show.notes,
        "followed_at": show.followed_at.isoformat() if show.followed_at else None,
    }


def show_from_json(data: dict) -> ImportedShow:
    """The show as ``show_to_json`` wrote it. What another hand wrote there (a pending import of
    our own export is taken as it is) is read as far as it makes sense: a value of the wrong
    kind is left out, never raised on."""
    data = data if isinstance(data, dict) else {}

    def when(text):
        if not isinstance(text, str):
            return None
        try:
            return as_utc_or_none(datetime.fromisoformat(text))
        except ValueError:
            return None

    def number(value, low=None, high=None):
        ok = isinstance(value, int) and not isinstance(value, bool) and -(2**63) <= value < 2**63
        return value if ok and (low is None or value >= low) and (high is None or value <= high) else None

    def text(value):
        return value if isinstance(value, str) else ""

    raw_ids = data.get("ids")
    raw_ids = raw_ids if isinstance(raw_ids, dict) else {}
    ids = ExternalIds(
        tvmaze=number(raw_ids.get("tvmaze"), 1),
        thetvdb=number(raw_ids.get("thetvdb"), 1),
        imdb=raw_ids.get("imdb") if isinstance(raw_ids.get("imdb"), str) else None,
        tmdb=number(raw_ids.get("tmdb"), 1),
        trakt=number(raw_ids.get("trakt"), 1),
    )
    viewings = []
    raw_viewings = data.get("viewings")
    for v in raw_viewings if isinstance(raw_viewings, list) else ():
        if not isinstance(v, list) or len(v) != 5:
            continue
        season, episode, watched, title, tvdb = v
        if number(season, 0) is None or number(episode, 0) is None:
            continue
        viewings.append(ImportedViewing(season, episode, when(watched), text(title), number(tvdb, 1)))
    try:
        state = ViewerState(data["state"]) if data.get("state") else None
    except ValueError:
        state = None
    return ImportedShow(
        key=text(data.get("key")),
        title=text(data.get("title")),
        year=number(data.get("year"), 1800, 3000),
        ids=ids,
        viewings=tuple(viewings),
        rating=number(data.get("rating"), 1, 10),
        favourite=data.get("favourite") is True,
        watchlist=data.get("watchlist") is True,
        state=state,
        notes=text(data.get("notes")),
        followed_at=when(data.get("followed_at")),
    )


def pending_batch(rows: list[PendingImport]) -> tuple[ImportBatch, dict[str, str]]:
    """The kept shows as one batch (keys "<format>:<key>": two exports may use the same key),
    and the format each came from."""
    shows, fmt_of = [], {}
    for r in rows:
        show = replace(show_from_json(r.show), key=f"{r.format}:{r.key}")
        shows.append(show)
        fmt_of[show.key] = r.format
    return ImportBatch(
        format=PENDING_FORMAT, shows=tuple(shows), source=translate("pending", "shows kept for later")
    ), fmt_of


def keep_pending(
    session: Session, batch_format: str, matched: list[MatchedShow], pending: tuple[PendingShow, ...]
) -> None:
    """What is matched now leaves the pending table; what is not is kept (or kept again), with
    the reason."""
    done: dict[str, list[str]] = defaultdict(list)
    for m in matched:
        fmt, key = pending_key(batch_format, m.format, m.show.key)
        done[fmt].append(key)
    for fmt, keys in done.items():
        for part in chunks(keys):
            session.exec(
                delete(PendingImport).where(col(PendingImport.format) == fmt, col(PendingImport.key).in_(part))
            )
    for p in pending:
        fmt, key = pending_key(batch_format, p.format, p.show.key)
        row = session.exec(select(PendingImport).where(PendingImport.format == fmt, PendingImport.key == key)).first()
        data = show_to_json(replace(p.show, key=key))
        if row is None:
            row = PendingImport(format=fmt, key=key, title=p.show.title, year=p.show.year, ids=data["ids"], show=data)
        row.title, row.year, row.ids, row.show, row.error = p.show.title, p.show.year, data["ids"], data, p.reason
        session.add(row)


def pending_key(batch_format: str, fmt: str, key: str) -> tuple[str, str]:
    """(format, key) of a show in the pending table. A retry's keys carry their format ("tvtime:123"); the table keeps them apart."""
    if batch_format == PENDING_FORMAT and key.startswith(f"{fmt}:"):
        return fmt, key[len(fmt) + 1 :]
    return fmt, key
