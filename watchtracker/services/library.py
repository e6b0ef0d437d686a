"""Reading the library and recording what the viewer watched.

Plain Python, safe to call from a worker thread: every call opens its own short session.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, delete, select

from watchtracker.domain import progress
from watchtracker.domain.enums import ViewerState
from watchtracker.domain.i18n import translate
from watchtracker.domain.models import EpisodeCode, EpisodeView, LibraryRow, SeriesDetail
from watchtracker.errors import Ambiguous, ChangedElsewhere, InvalidInput, NotFound
from watchtracker.services.changes import Changes
from watchtracker.storage import queries
from watchtracker.storage.database import session_scope, write_first
from watchtracker.storage.tables import (
    Episode,
    LibraryEntry,
    Series,
    Viewing,
    not_null,
    saved_id,
    utcnow,
)

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class ViewingRecord:
    """A viewing as it was, so that an undo can put it back."""

    id: int
    episode_id: int
    watched_at: datetime | None
    source: str


@dataclass(frozen=True)
class WatchResult:
    changes: Changes
    added: tuple[int, ...] = ()  # viewing ids created
    removed: tuple[ViewingRecord, ...] = ()  # viewings deleted
    # series whose library entry this created (state None) or moved to watching (its old state)
    states_before: tuple[tuple[int, str | None], ...] = ()

    @property
    def count(self) -> int:
        return len(self.added) or len(self.removed)


class LibraryService:
    def __init__(self, engine: Engine, clock: Clock = system_clock):
        self.engine = engine
        self.clock = clock

    def now_today(self) -> tuple[datetime, date]:
        """The moment and the viewer's day the library's rows are read at."""
        now = self.clock().astimezone(UTC)
        return now, now.astimezone().date()

    def airs_between(self, start: datetime, end: datetime) -> bool:
        """Whether an episode's air time falls after the earlier of the two moments and at or
        before the later: between them, a library row could have changed by the clock alone."""
        with Session(self.engine) as session:
            return queries.airs_between(session, min(start, end), max(start, end))

    # -- reading -------------------------------------------------------------------------
    def library(self, series_ids: Iterable[int] | None = None) -> list[LibraryRow]:
        now, today = self.now_today()
        with Session(self.engine) as session:
            return queries.library_rows(session, now, today, series_ids)

    def detail(self, series_id: int) -> SeriesDetail:
        """The series' page; ``version`` and ``entry_version`` are those of what it shows (read
        first: a change made meanwhile makes them older than the page, never newer)."""
        with Session(self.engine) as session:
            versions = session.exec(
                select(Series.version, LibraryEntry.version)
                .join(LibraryEntry, LibraryEntry.series_id == Series.id, isouter=True)  # type: ignore[arg-type]
                .where(Series.id == series_id)
            ).first()
            detail = queries.series_detail(session, series_id)
        if detail is None or versions is None:
            raise NotFound(
                translate("LibraryService", "There is no series with id {id} (was it deleted?).").format(id=series_id)
            )
        return replace(detail, version=versions[0], entry_version=versions[1] if detail.followed else None)

    def find(self, title: str) -> int:
        """The one series this title names, or NotFound / Ambiguous listing the candidates."""
        with Session(self.engine) as session:
            found = queries.find_series(session, title)
        if not found:
            raise NotFound(
                translate("LibraryService", "No series called {title} in the library.").format(title=repr(title))
            )
        if len(found) > 1:
            raise Ambiguous(title, found)
        return found[0][0]

    def titles(self) -> list[tuple[int, str]]:
        with Session(self.engine) as session:
            return list(session.exec(select(not_null(Series.id), col(Series.title)).order_by(col(Series.title))))

    def is_empty(self) -> bool:
        with Session(self.engine) as session:
            return session.exec(select(Series.id).limit(1)).first() is None

    def has_aired(self, episode: EpisodeView) -> bool:
        now, today = self.now_today()
        return progress.has_aired(episode, now, today)

    # -- choosing episodes ---------------------------------------------------------------
    def select_episodes(
        self,
        series_id: int,
        *,
        everything: bool = False,
        season: int | None = None,
        episode: str | EpisodeCode | None = None,
        up_to: str | EpisodeCode | None = None,
        aired_only: bool = True,
    ) -> list[EpisodeView]:
        """The episodes a CLI option names. Ranges (all, a season, up to) keep to aired ones
        unless ``aired_only`` is False (to unmark); a single episode is taken as asked."""
        detail = self.detail(series_id)
        eps = detail.episodes()
        now, today = self.now_today()
        aired = [e for e in eps if not aired_only or e.watched or progress.has_aired(e, now, today)]
        if everything:
            chosen = progress.regular(aired)
        elif season is not None:
            if not any(s.number == season for s in detail.seasons):
                raise InvalidInput(
                    translate("LibraryService", "{title} has no season {season}.").format(
                        title=detail.title, season=season
                    )
                )
            chosen = [e for e in aired if e.season == season]
        elif episode is not None:
            code = episode if isinstance(episode, EpisodeCode) else _code(episode)
            chosen = [e for e in eps if e.code == code]
            if not chosen:
                raise InvalidInput(
                    translate("LibraryService", "{title} has no episode {code}.").format(title=detail.title, code=code)
                )
        elif up_to is not None:
            code = up_to if isinstance(up_to, EpisodeCode) else _code(up_to)
            target = next((e for e in eps if e.code == code), None)
            if target is None:
                raise InvalidInput(
                    translate("LibraryService", "{title} has no episode {code}.").format(title=detail.title, code=code)
                )
            chosen = [e for e in progress.episodes_up_to(aired, target)]
        else:
            raise InvalidInput(
                translate("LibraryService", "Say which episodes: all, a season, an episode, or up to one.")
            )
        return chosen

    # -- watching ------------------------------------------------------------------------
    def mark_watched(self, episode_ids: Sequence[int], when: datetime | None = None) -> WatchResult:
        """Record a viewing for each episode not watched yet (watched ones are left alone)."""
        return self._add_viewings(episode_ids, when, only_unwatched=True)

    def rewatch(self, episode_ids: Sequence[int], when: datetime | None = None) -> WatchResult:
        """Record one more viewing of each episode, watched or not."""
        return self._add_viewings(episode_ids, when, only_unwatched=False)

    def _add_viewings(self, episode_ids: Sequence[int], when: datetime | None, *, only_unwatched: bool) -> WatchResult:
        ids = list(dict.fromkeys(episode_ids))
        if not ids:
            return WatchResult(Changes())
        when = when or self.clock()
        with session_scope(self.engine) as session:
            query = select(not_null(Episode.id), not_null(Episode.series_id)).where(col(Episode.id).in_(ids))
            if only_unwatched:
                # another computer or window marking the same episode at the same moment waits,
                # then finds it watched (one viewing, not a rewatch): on a server the episodes stay
                # locked until this is committed; a SQLite file's one writer is taken first
                write_first(session)
                query = query.order_by(col(Episode.id)).with_for_update()
            rows = session.exec(query).all()
            series_of = dict(rows)
            missing = [i for i in ids if i not in series_of]
            if missing:
                raise NotFound(translate("LibraryService", "Episode {id} no longer exists.").format(id=missing[0]))
            if only_unwatched:
                seen = set(session.exec(select(Viewing.episode_id).where(col(Viewing.episode_id).in_(ids))))
                ids = [i for i in ids if i not in seen]
            viewings = [Viewing(episode_id=i, watched_at=when) for i in ids]
            session.add_all(viewings)
            session.flush()
            added = tuple(saved_id(v.id) for v in viewings)
            series = {series_of[i] for i in ids}
            before = _started_watching(session, series)
        followed = frozenset(sid for sid, state in before if state is None)
        return WatchResult(Changes(series=frozenset(series), added=followed), added=added, states_before=tuple(before))

    def restore_states(self, states_before: Sequence[tuple[int, str | None]]) -> Changes:
        """Undo what watching did to the library: unfollow again, or put the old state back."""
        removed = set()
        with session_scope(self.engine) as session:
            for sid, state in states_before:
                entry = session.get(LibraryEntry, sid)
                if entry is None:
                    continue
                if state is None:
                    session.delete(entry)
                    removed.add(sid)
                else:
                    entry.state = state
                    session.add(entry)
        return Changes(series=frozenset(sid for sid, _ in states_before), removed=frozenset(removed))

    def mark_unwatched(self, episode_ids: Sequence[int]) -> WatchResult:
        """Forget every viewing of these episodes."""
        with session_scope(self.engine) as session:
            viewings = session.exec(select(Viewing).where(col(Viewing.episode_id).in_(list(episode_ids)))).all()
            return self._delete_viewings(session, viewings)

    def remove_viewings(self, viewing_ids: Sequence[int]) -> WatchResult:
        """Undo of a mark: delete exactly these viewings."""
        with session_scope(self.engine) as session:
            viewings = session.exec(select(Viewing).where(col(Viewing.id).in_(list(viewing_ids)))).all()
            return self._delete_viewings(session, viewings)

    def _delete_viewings(self, session: Session, viewings: Sequence[Viewing]) -> WatchResult:
        if not viewings:
            return WatchResult(Changes())
        records = tuple(ViewingRecord(saved_id(v.id), saved_id(v.episode_id), v.watched_at, v.source) for v in viewings)
        series = _series_of(session, {r.episode_id for r in records})
        session.exec(delete(Viewing).where(col(Viewing.id).in_([r.id for r in records])))
        return WatchResult(Changes(series=frozenset(series)), removed=records)

    def restore_viewings(self, records: Sequence[ViewingRecord]) -> WatchResult:
        """Undo of an unmark: put the viewings back as they were, under their old ids (ids are
        never reused, so they are free), so that an older undo that deletes them by id (a mark's,
        a watch again's) still finds them. One that is back already is left alone."""
        with session_scope(self.engine) as session:
            existing = set(
                session.exec(select(not_null(Episode.id)).where(col(Episode.id).in_([r.episode_id for r in records])))
            )
            back = set(session.exec(select(not_null(Viewing.id)).where(col(Viewing.id).in_([r.id for r in records]))))
            viewings = [
                Viewing(id=r.id, episode_id=r.episode_id, watched_at=r.watched_at, source=r.source)
                for r in records
                if r.episode_id in existing and r.id not in back
            ]
            session.add_all(viewings)
            session.flush()
            series = _series_of(session, existing)
            return WatchResult(Changes(series=frozenset(series)), added=tuple(saved_id(v.id) for v in viewings))

    # -- the viewer's side ---------------------------------------------------------------
    def follow(self, series_id: int, state: ViewerState = ViewerState.PLAN_TO_WATCH) -> Changes:
        with session_scope(self.engine) as session:
            if session.get(Series, series_id) is None:
                raise NotFound(translate("LibraryService", "There is no series with id {id}.").format(id=series_id))
            entry = session.get(LibraryEntry, series_id)
            if entry is not None:
                return Changes()
            session.add(LibraryEntry(series_id=series_id, state=state.value, added_at=utcnow()))
        return Changes(series=frozenset({series_id}), added=frozenset({series_id}))

    def unfollow(self, series_id: int) -> tuple[dict | None, Changes]:
        """Leave the library; the series and its viewings stay. Returns the viewer's entry as
        it was, for ``restore_entry`` (undo)."""
        with session_scope(self.engine) as session:
            entry = session.get(LibraryEntry, series_id)
            if entry is None:
                return None, Changes()
            snapshot = entry.model_dump()
            session.delete(entry)
        return snapshot, Changes(series=frozenset({series_id}), removed=frozenset({series_id}))

    def restore_entry(self, snapshot: dict) -> Changes:
        sid = snapshot["series_id"]
        with session_scope(self.engine) as session:
            if session.get(LibraryEntry, sid) is None:
                session.add(LibraryEntry.model_validate(snapshot))
        return Changes(series=frozenset({sid}), added=frozenset({sid}))

    def update_entry(
        self,
        series_id: int,
        *,
        state: ViewerState | None = None,
        favourite: bool | None = None,
        rating: int | None | str = "keep",
        notes: str | None = None,
        expected_version: int | None = None,
    ) -> Changes:
        """Change the viewer's state, favourite, rating (1–10, None clears) or notes.

        ``expected_version``: the entry's version the caller read (SeriesDetail.entry_version);
        when the entry changed since, ChangedElsewhere and nothing is saved. A save with it makes
        the version ``expected_version + 1`` (even when nothing differed), so that the caller
        knows the version of what it saved. None: no check."""
        if rating not in ("keep", None) and not (isinstance(rating, int) and 1 <= rating <= 10):
            raise InvalidInput(
                translate("LibraryService", "A rating is a whole number from 1 to 10, not {rating}.").format(
                    rating=repr(rating)
                )
            )
        wanted: dict[str, object] = {}
        if state is not None:
            wanted["state"] = ViewerState(state).value
        if favourite is not None:
            wanted["favourite"] = favourite
        if rating != "keep":
            wanted["rating"] = rating if isinstance(rating, int) else None  # (checked above)
        if notes is not None:
            wanted["notes"] = notes
        with session_scope(self.engine) as session:
            # locked on a server until saved: the version compared is the one overwritten
            if expected_version is not None:
                write_first(session)
            entry = session.get(LibraryEntry, series_id, with_for_update=expected_version is not None)
            if entry is None:
                raise InvalidInput(translate("LibraryService", "Follow the series first."))
            if expected_version is not None and entry.version != expected_version:
                title = session.exec(select(Series.title).where(Series.id == series_id)).first() or ""
                raise _entry_changed(entry, title, wanted)
            for key, value in wanted.items():
                setattr(entry, key, value)
            if expected_version is not None:
                entry.version = expected_version + 1
            session.add(entry)
        return Changes.of(series_id)


def changed_elsewhere(
    what: str, version: int, differences: Sequence[tuple[str, str, str]] = (), current: dict | None = None
) -> ChangedElsewhere:
    """ChangedElsewhere, said in the viewer's language: ``what`` starts the sentence."""
    message = translate(
        "ChangedElsewhere",
        "{what} was changed on another computer (or by another window) since you opened it; nothing was saved.",
    ).format(what=what)
    return ChangedElsewhere(what, version=version, differences=tuple(differences), current=current, message=message)


def _entry_text(key: str, value: object) -> str:
    if key == "state":
        return ViewerState(str(value)).label
    if key == "favourite":
        return translate("LibraryService", "yes") if value else translate("LibraryService", "no")
    if key == "rating":
        return (
            translate("LibraryService", "{rating} / 10").format(rating=value)
            if value
            else translate("LibraryService", "not rated")
        )
    return str(value or "")


def _entry_changed(entry: LibraryEntry, title: str, wanted: dict[str, object]) -> ChangedElsewhere:
    labels = {
        "state": translate("LibraryService", "State"),
        "favourite": translate("LibraryService", "Favourite"),
        "rating": translate("LibraryService", "Rating"),
        "notes": translate("LibraryService", "Notes"),
    }
    current = {key: getattr(entry, key) for key in labels}
    differences = [
        (labels[key], _entry_text(key, current[key]), _entry_text(key, value))
        for key, value in wanted.items()
        if current[key] != value
    ]
    what = translate("LibraryService", "Your entry for {title}").format(title=title)
    return changed_elsewhere(what, entry.version, differences, current)


def _code(text: str) -> EpisodeCode:
    try:
        return EpisodeCode.parse(text)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None


def _series_of(session: Session, episode_ids: Iterable[int]) -> set[int]:
    ids = list(episode_ids)
    if not ids:
        return set()
    return set(session.exec(select(not_null(Episode.series_id)).where(col(Episode.id).in_(ids))))


def _started_watching(session: Session, series_ids: Iterable[int]) -> list[tuple[int, str | None]]:
    """Watching an episode of a series planned (or not yet followed) means watching it.
    Returns what it changed: (series, previous state), None where it was not followed."""
    before: list[tuple[int, str | None]] = []
    for sid in sorted(series_ids):
        entry = session.get(LibraryEntry, sid)
        if entry is None:
            session.add(LibraryEntry(series_id=sid, state=ViewerState.WATCHING.value))
            before.append((sid, None))
        elif entry.state == ViewerState.PLAN_TO_WATCH.value:
            before.append((sid, entry.state))
            entry.state = ViewerState.WATCHING.value
            session.add(entry)
    return before
