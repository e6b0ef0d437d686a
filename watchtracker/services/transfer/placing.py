"""Where the matched shows of an import go, for ``services.importer``: their viewings placed on
the library's episodes (duplicates, conflicts, episodes that do not exist), then the viewer's
library entries (followed, rating, favourite, notes, state)."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, overload

from sqlmodel import Session, col, select

from watchtracker.domain.enums import LifecycleStatus, ViewerState
from watchtracker.domain.media import SOURCE_PREFIX
from watchtracker.domain.transfer import SAME_VIEWING_S
from watchtracker.services.pace import no_pace
from watchtracker.services.transfer.errors import check_cancel
from watchtracker.storage.tables import (
    Episode,
    LibraryEntry,
    Series,
    Viewing,
    not_null,
    saved_id,
    utcnow,
)

if TYPE_CHECKING:
    from watchtracker.services.transfer.matching import MatchedShow

SAME_TIME_S = SAME_VIEWING_S  # two viewings of an episode this close are the same viewing


@dataclass
class Placed:
    rows: list[dict] = field(default_factory=list)  # Viewing rows to insert
    duplicates: int = 0
    conflicts: int = 0
    unplaced: int = 0
    examples: list[str] = field(default_factory=list)
    series_of_row: list[int | tuple[str, int | None]] = field(default_factory=list)  # ("new", tvmaze id): to follow


def chunks(items: list, n: int = 500) -> Iterator[list]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def rating_of(value: Any) -> int | None:
    """An imported rating the library can hold (1..10), or None."""
    return value if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 10 else None


def place(
    session: Session, matched: list[MatchedShow], fetched: dict, duplicates: str, pace: Callable[[], None] = no_pace
) -> Placed:
    """Which viewings of the matched shows would be added, which are duplicates, conflicts, or
    have no episode to go on. Shows still to be followed count against their fetched episodes.
    ``pace`` is called often (see services.pace)."""
    sids = sorted({m.series_id for m in matched if m.series_id is not None})
    episodes: dict[tuple[Any, int, int], Any] = {}
    for part in chunks(sids, 50):
        pace()
        for eid, sid, season, number in session.exec(
            select(Episode.id, Episode.series_id, Episode.season, Episode.number).where(
                col(Episode.series_id).in_(part)
            )
        ):
            episodes[(sid, season, number)] = eid
    seen: dict[Any, list[datetime | None]] = defaultdict(list)
    eids = list(episodes.values())
    for part in chunks(eids, 900):
        pace()
        for eid, when in session.exec(
            select(Viewing.episode_id, Viewing.watched_at).where(col(Viewing.episode_id).in_(part))
        ):
            seen[eid].append(when)
    for m in matched:  # not in the library yet: its episodes as TVmaze lists them
        if m.series_id is None and m.tvmaze_id in fetched:
            for e in fetched[m.tvmaze_id].episodes:
                episodes.setdefault(
                    (("new", m.tvmaze_id), e.season, e.number), ("new", m.tvmaze_id, e.season, e.number)
                )

    out = Placed()
    for m in matched:
        target = m.series_id if m.series_id is not None else ("new", m.tvmaze_id)
        source = import_source(m.format)
        for v in m.show.viewings:
            pace()
            eid = episodes.get((target, v.season, v.number))
            if eid is None:
                out.unplaced += 1
                if len(out.examples) < 20:
                    out.examples.append(f"{m.show.title} S{v.season:02d}E{v.number:02d}")
                continue
            when = _utc(v.watched_at)
            before = seen[eid]
            if before and _same(when, before):
                out.duplicates += 1
                continue
            if before:
                out.conflicts += 1
                if duplicates == "skip":
                    continue
            before.append(when)
            out.rows.append({"episode_id": eid, "watched_at": when, "source": source})
            out.series_of_row.append(target)
    return out


def import_source(fmt: str) -> str:
    """The ``source`` of an imported viewing: "import:<format>"; a media server's show kept for
    later and matched by hand keeps its server's ("server:<id>": its unplays remove them)."""
    return fmt if fmt.startswith(SOURCE_PREFIX) else f"import:{fmt}"


def _same(when: datetime | None, before: list[datetime | None]) -> bool:
    """The same viewing: at the same time (within a few minutes), or the file says only "watched"."""
    if when is None:
        return True
    for other in before:
        if other is not None and abs((_utc(other) - when).total_seconds()) < SAME_TIME_S:
            return True
    return False


@overload
def _utc(when: datetime) -> datetime: ...
@overload
def _utc(when: None) -> None: ...
@overload
def _utc(when: datetime | None) -> datetime | None: ...
def _utc(when: datetime | None) -> datetime | None:
    if when is None:
        return None
    return when.replace(tzinfo=UTC) if when.utcoffset() is None else when.astimezone(UTC)


# -- the ids a series matched by title takes --------------------------------------------------------


def adopt_ids(session: Session, matched: list[MatchedShow]) -> set[int]:
    """A series matched by its title takes the ids of the show it was matched to that it lacks
    (TVmaze, TheTVDB, IMDb, TMDB) and no other series has, so that the next import, and TVmaze,
    know it by them. Returns the series changed."""
    touched: set[int] = set()
    for m in matched:
        if m.how != "title" or m.series_id is None:
            continue
        series = session.get(Series, m.series_id)
        if series is None:
            continue
        ids = m.show.ids
        for column, value in (
            ("tvmaze_id", ids.tvmaze),
            ("thetvdb_id", ids.thetvdb),
            ("imdb_id", ids.imdb),
            ("tmdb_id", ids.tmdb),
        ):
            if value is None or getattr(series, column) is not None:
                continue
            if session.exec(select(Series.id).where(getattr(Series, column) == value)).first() is None:
                setattr(series, column, value)
                session.add(series)
                session.flush()
                touched.add(m.series_id)
    return touched


# -- the library entries ----------------------------------------------------------------------


def update_entries(
    session: Session, matched: list[MatchedShow], placed: Placed, now: datetime, cancel: threading.Event | None = None
) -> tuple[set[int], set[int], int]:
    """The entries of the matched series (a series deleted since the preview gets nothing): a
    series not followed yet is (from the earliest time the file says it was); the file's rating,
    favourite and notes go in; its state is taken, else a series with viewings added moves on from
    plan to watch to watching (completed when it is over and every aired episode is watched).
    Returns (the series touched, those followed now, the ratings set)."""
    touched: set[int] = set()
    added: set[int] = set()
    ratings = 0
    by_series: dict[int, list[MatchedShow]] = defaultdict(list)
    for m in matched:
        if m.series_id is not None:  # (one not in the library would have nothing to update)
            by_series[m.series_id].append(m)
    watched_now = {sid for sid in placed.series_of_row if isinstance(sid, int)}
    over = _finished(session, list(by_series), now)
    entries: dict[int, LibraryEntry] = {}
    alive: set[int] = set()
    for part in chunks(list(by_series)):
        alive.update(session.exec(select(not_null(Series.id)).where(col(Series.id).in_(part))))
        entries.update(
            (saved_id(e.series_id), e)
            for e in session.exec(select(LibraryEntry).where(col(LibraryEntry.series_id).in_(part)))
        )
    for sid, ms in by_series.items():
        check_cancel(cancel)
        if sid not in alive:
            continue
        entry = entries.get(sid)
        if entry is None:
            first = min((m.show.followed_at for m in ms if m.show.followed_at), default=None)
            entry = LibraryEntry(series_id=sid, state=ViewerState.PLAN_TO_WATCH.value, added_at=first or utcnow())
            added.add(sid)
        before = (entry.state, entry.rating, entry.favourite, entry.notes)
        for m in ms:
            s = m.show
            if rating_of(s.rating) is not None:
                entry.rating = rating_of(s.rating)
                ratings += 1
            if s.favourite:
                entry.favourite = True
            note = (s.notes or "").strip()
            if note and note not in (entry.notes or ""):
                entry.notes = f"{entry.notes.rstrip()}\n\n{note}" if entry.notes else note
        stated = [m.show.state for m in ms if m.show.state is not None]
        if stated:
            entry.state = ViewerState(stated[-1]).value
        elif sid in watched_now:
            if entry.state in (ViewerState.PLAN_TO_WATCH.value, ViewerState.WATCHING.value):
                entry.state = (ViewerState.COMPLETED if sid in over else ViewerState.WATCHING).value
        session.add(entry)
        if sid in added or before != (entry.state, entry.rating, entry.favourite, entry.notes) or sid in watched_now:
            touched.add(sid)
    return touched, added, ratings


def _finished(session: Session, sids: list[int], now: datetime) -> set[int]:
    """Series over (ended, cancelled) whose every aired regular episode has a viewing."""
    over: set[int] = set()
    today = now.date()
    for part in chunks(sids):
        statuses = dict(
            session.exec(select(not_null(Series.id), col(Series.status)).where(col(Series.id).in_(part))).all()
        )
        done_status = {
            sid for sid, st in statuses.items() if st in (LifecycleStatus.ENDED.value, LifecycleStatus.CANCELLED.value)
        }
        if not done_status:
            continue
        aired: dict[int, int] = defaultdict(int)
        watched: dict[int, int] = defaultdict(int)
        watched_ids = set(
            session.exec(
                select(Viewing.episode_id)
                .join(Episode, col(Episode.id) == col(Viewing.episode_id))
                .where(col(Episode.series_id).in_(list(done_status)))
            )
        )
        for eid, sid, _season, stamp_, day in session.exec(
            # sqlmodel types select() for at most 4 columns: these rows are untyped
            select(Episode.id, Episode.series_id, Episode.season, Episode.airstamp, Episode.air_date).where(  # type: ignore[call-overload]
                col(Episode.series_id).in_(list(done_status)), Episode.season > 0
            )
        ):
            if (stamp_ is not None and _utc(stamp_) <= now) or (stamp_ is None and day is not None and day <= today):
                aired[sid] += 1
                watched[sid] += eid in watched_ids
        over |= {sid for sid in done_status if aired[sid] and watched[sid] >= aired[sid]}
    return over
