"""What to watch now, what comes out soon, and what it takes to catch up before a premiere.

Plain Python, safe to call from a worker thread: every call opens its own short session. Times
are stored in UTC; the viewer's day is found with the injected ``tz`` (a ``zoneinfo.ZoneInfo``;
None means the system's zone, taken per instant so that a daylight-saving change is honoured).
An episode known only by its date stays on that date, whatever the zone.

Which series take part:

* **Up next** shows the series the viewer is *watching*. "Plan to watch" ones are not started
  (marking an episode of one watched moves it to watching, and so into Up next); "on hold" and
  "dropped" ones were put aside on purpose; "completed" ones have nothing left. Pass ``states``
  to widen it (e.g. to add ON_HOLD).
* **Upcoming** and the **.ics export** cover every followed series except dropped ones: a
  completed series that gets a new season is news the viewer wants.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from itertools import groupby
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from watchtracker.domain import progress
from watchtracker.domain.dates import (
    partial_date_or_none,
    plausible_viewing,
    safe_local,
)
from watchtracker.domain.enums import ViewerState
from watchtracker.domain.i18n import translate
from watchtracker.domain.models import (
    AnnouncedSeries,
    CatchUpPlan,
    CatchUpSeries,
    Countdown,
    EpisodeView,
    ReleaseKind,
    Upcoming,
    UpcomingDay,
    UpcomingItem,
    UpNextRow,
)
from watchtracker.errors import InvalidInput, NotFound
from watchtracker.services.library import LibraryService, WatchResult
from watchtracker.storage import queries

Clock = Callable[[], datetime]

UP_NEXT_STATES: tuple[ViewerState, ...] = (ViewerState.WATCHING,)
UPCOMING_STATES: tuple[ViewerState, ...] = tuple(s for s in ViewerState if s is not ViewerState.DROPPED)
DEFAULT_DAYS = 30
MAX_DAYS = 3660  # ten years: a calendar further ahead than that is not a schedule


@dataclass(frozen=True)
class UpNextWatched:
    """What "mark watched" in Up next did: the library's change (for undo and the other views)
    and the series' row as it is now, None when nothing aired is left to watch."""

    result: WatchResult
    row: UpNextRow | None


class ScheduleService:
    """Up next, Upcoming, countdowns and the catch-up planner.

    ``clock`` defaults to the library's clock, read at each call, so a test or the UI that sets
    ``library.clock`` moves both. ``tz`` is the viewer's time zone (None: the system's).
    """

    def __init__(
        self,
        engine: Engine,
        library: LibraryService,
        clock: Clock | None = None,
        tz: tzinfo | None = None,
    ):
        self.engine = engine
        self.library = library
        self._clock = clock
        self.tz = tz

    # -- time ----------------------------------------------------------------------------
    def now(self) -> datetime:
        clock = self._clock or self.library.clock
        return clock().astimezone(UTC)

    def local(self, moment: datetime) -> datetime:
        """An aware time in the viewer's zone (the same instant in UTC where the zone would take
        it out of the calendar: a time of year 1 or 9999 stored by an old import)."""
        return safe_local(moment, self.tz)

    def today(self, now: datetime | None = None) -> date:
        return self.local(now or self.now()).date()

    def start_of_day(self, day: date) -> datetime:
        """00:00 of a local day, as an aware UTC time (00:00 UTC on the first and last days of the
        calendar, where the zone's offset has no UTC equivalent)."""
        try:
            if self.tz is not None:
                start = datetime.combine(day, time(0), tzinfo=self.tz)
            else:
                start = datetime.combine(day, time(0)).astimezone()
            return start.astimezone(UTC)
        except (OverflowError, ValueError, OSError):
            return datetime.combine(day, time(0), tzinfo=UTC)

    # -- Up next -------------------------------------------------------------------------
    def up_next(
        self, *, include_specials: bool = False, states: Collection[ViewerState] = UP_NEXT_STATES
    ) -> list[UpNextRow]:
        """One row per series in ``states`` with an aired episode left to watch.

        The next episode is the first aired, unwatched regular one after the furthest watched
        (as in the library). With ``include_specials``, the unwatched specials that aired after
        the furthest regular episode watched join the queue in air order (one airing the same
        day as the next regular episode comes after it); older specials stay skipped.

        Sorted by ``activity`` descending: the later of the last viewing and the air time of the
        newest episode waiting. A series the viewer is in the middle of stays near the top, and
        one that comes back from a break with new episodes jumps to the top; then by title.
        """
        rows = self._up_next_rows(None, include_specials, states)
        return sorted(rows, key=lambda r: (-r.activity.timestamp(), r.title.casefold(), r.series_id))

    def up_next_row(
        self,
        series_id: int,
        *,
        include_specials: bool = False,
        states: Collection[ViewerState] = UP_NEXT_STATES,
    ) -> UpNextRow | None:
        """The row of one series as it is now (None: nothing aired left, or not in ``states``)."""
        rows = self._up_next_rows([series_id], include_specials, states)
        return rows[0] if rows else None

    def watch_next(
        self,
        row: UpNextRow,
        *,
        include_specials: bool = False,
        when: datetime | None = None,
        states: Collection[ViewerState] = UP_NEXT_STATES,
    ) -> UpNextWatched:
        """Mark the row's episode watched (through the library, so undo works as everywhere)
        and return the series' next row, for the view to move on."""
        result = self.library.mark_watched([row.episode_id], when)
        return UpNextWatched(result, self.up_next_row(row.series_id, include_specials=include_specials, states=states))

    def _up_next_rows(
        self, series_ids: Iterable[int] | None, include_specials: bool, states: Collection[ViewerState]
    ) -> list[UpNextRow]:
        now = self.now()
        today = self.today(now)
        with Session(self.engine) as session:
            facts = queries.up_next_facts(session, now, today, states, series_ids, caught_up_too=include_specials)
            specials = (
                queries.aired_unwatched_specials(session, now, today, states, series_ids) if include_specials else {}
            )
        rows: list[UpNextRow] = []
        add = rows.append
        for f in facts:
            row = _up_next_row(f, specials.get(f.series_id, ()) if specials else (), now)
            if row is not None:
                add(row)
        return rows

    # -- Upcoming ------------------------------------------------------------------------
    def upcoming(
        self,
        days: int = DEFAULT_DAYS,
        *,
        premieres_only: bool = False,
        include_specials: bool = False,
        states: Collection[ViewerState] = UPCOMING_STATES,
    ) -> Upcoming:
        """Episodes and premieres from now to ``days`` days ahead, grouped by the viewer's local
        day, then the announced series whose premiere is not a day in that window.

        A timed episode counts from now on (one that aired an hour ago has gone); one known only
        by date counts from today on. Premieres: episode 1 of a regular season (S01E01 opens the
        series), a season's premiere date when its first episode is not listed yet, and the
        series' own premiere date when it is an exact day and S01E01 is not listed.
        """
        if not 1 <= days <= MAX_DAYS:
            raise InvalidInput(
                translate("ScheduleService", "Say how many days ahead, from 1 to {most} (not {days}).").format(
                    most=MAX_DAYS, days=days
                )
            )
        now = self.now()
        until = now + timedelta(days=days)
        today, last_day = self.today(now), self.local(until).date()
        with Session(self.engine) as session:
            episodes = queries.dated_episodes(
                session,
                now,
                until,
                today,
                last_day,
                states,
                include_specials=include_specials,
                premieres_only=premieres_only,
            )
            seasons = queries.dated_seasons(session, today, last_day, states)
            series = queries.premiere_facts(session, today, last_day, states)

        items = [self._episode_item(d) for d in episodes]
        covered = {i.series_id for i in items if i.kind is ReleaseKind.SERIES_PREMIERE}
        for s in seasons:
            kind = ReleaseKind.SERIES_PREMIERE if s.number == 1 else ReleaseKind.SEASON_PREMIERE
            if kind is ReleaseKind.SERIES_PREMIERE:
                covered.add(s.series_id)
            items.append(
                UpcomingItem(
                    key=f"season-{s.season_id}",
                    kind=kind,
                    series_id=s.series_id,
                    series_title=s.series_title,
                    network=s.network,
                    day=s.premiere,
                    airstamp=None,
                    local_time=None,
                    episode_id=None,
                    season=s.number,
                    number=None,
                    title="",
                    runtime=s.series_runtime,
                )
            )
        announced = []
        for p in series:
            premiere = partial_date_or_none(p.premiere)
            exact = premiere.as_date() if premiere else None
            if exact is not None and today <= exact <= last_day:
                if not p.has_pilot and p.series_id not in covered:
                    covered.add(p.series_id)
                    items.append(
                        UpcomingItem(
                            key=f"series-{p.series_id}",
                            kind=ReleaseKind.SERIES_PREMIERE,
                            series_id=p.series_id,
                            series_title=p.title,
                            network=p.network,
                            day=exact,
                            airstamp=None,
                            local_time=None,
                            episode_id=None,
                            season=None,
                            number=None,
                            title="",
                            runtime=p.series_runtime,
                        )
                    )
                continue
            if p.status.is_unreleased and p.series_id not in covered:
                announced.append(
                    AnnouncedSeries(
                        series_id=p.series_id,
                        title=p.title,
                        network=p.network,
                        status=p.status,
                        premiere=premiere,
                        franchise=p.franchise,
                        overdue=premiere is not None and premiere.overdue(today),
                    )
                )

        items.sort(key=_item_order)
        grouped = tuple(UpcomingDay(day, tuple(group)) for day, group in groupby(items, key=lambda i: i.day))
        announced.sort(  # the overdue ones apart, after those still to come
            key=lambda a: (
                a.overdue,
                a.premiere is None,
                a.premiere.earliest() if a.premiere else date.max,
                a.premiere.latest() if a.premiere else date.max,
                a.title.casefold(),
            )
        )
        return Upcoming(start=now, until=until, days=grouped, announced=tuple(announced))

    def _episode_item(self, d: queries.DatedEpisode) -> UpcomingItem:
        e = d.episode
        local = self.local(e.airstamp) if e.airstamp is not None else None
        day = local.date() if local is not None else e.air_date
        if day is None:  # not so: dated_episodes gives the dated ones
            raise ValueError(f"episode {e.id} has no air date")
        return UpcomingItem(
            key=f"episode-{e.id}",
            kind=progress.release_kind(e.season, e.number),
            series_id=d.series_id,
            series_title=d.series_title,
            network=d.network,
            day=day,
            airstamp=e.airstamp,
            local_time=local,
            episode_id=e.id,
            season=e.season,
            number=e.number,
            title=e.title,
            runtime=e.runtime or d.series_runtime,
        )

    def countdown(
        self, upcoming: Upcoming | Iterable[UpcomingItem], limit: int = 3, now: datetime | None = None
    ) -> list[Countdown]:
        """The next ``limit`` items still ahead at ``now`` (default: the clock), in the order
        Upcoming lists them; cheap enough for the UI to call on a timer with the same items."""
        now = (now or self.now()).astimezone(UTC)
        today = self.today(now)
        items = upcoming.items if isinstance(upcoming, Upcoming) else list(upcoming)
        found: list[Countdown] = []
        for item in items:
            if len(found) >= limit:
                break
            if item.airstamp is not None:
                if item.airstamp < now:
                    continue
                remaining, exact = item.airstamp - now, True
            else:
                if item.day < today:
                    continue
                remaining, exact = max(self.start_of_day(item.day) - now, timedelta(0)), False
            found.append(Countdown(item, remaining, exact, (item.day - today).days))
        return found

    # -- catch-up ------------------------------------------------------------------------
    def catch_up(self, series_id: int | None = None, *, franchise_id: int | None = None) -> CatchUpPlan | None:
        """What to watch before the next dated premiere of a series, or of any series of a
        franchise; None when no premiere ahead has an exact date.

        The backlog: for a series, its own episodes (followed or not); for a franchise, those
        of its followed series (dropped ones aside). From each, the regular episodes after the
        furthest watched that are unwatched and out before the premiere (those still to air
        before it count too). Minutes: the episode's runtime, else the series', else
        ``progress.DEFAULT_RUNTIME`` (45); ``estimated`` says how many were guessed.
        """
        if (series_id is None) == (franchise_id is None):
            raise InvalidInput(translate("ScheduleService", "Say which series or which franchise to plan for."))
        now = self.now()
        today = self.today(now)
        with Session(self.engine) as session:
            scope = queries.series_in_scope(session, series_id, franchise_id)
            if not scope:
                if franchise_id is None or queries.franchise_name(session, franchise_id) is None:
                    if series_id is not None:
                        text = translate("ScheduleService", "There is no series with id {id} (was it deleted?).")
                    else:
                        text = translate("ScheduleService", "There is no franchise with id {id} (was it deleted?).")
                    raise NotFound(text.format(id=series_id if series_id is not None else franchise_id))
                return None
            episodes = {s.series_id: queries.episodes_with_plays(session, s.series_id) for s in scope}
            season_dates = queries.season_premieres(session, list(episodes))

        target = self._next_premiere(scope, episodes, season_dates, now, today)
        if target is None:
            return None
        day, airstamp, premiere_series, kind, season = target
        deadline = airstamp or self.start_of_day(day)

        def before_premiere(e: EpisodeView) -> bool:
            if e.airstamp is not None:
                return e.airstamp < deadline
            return e.air_date is not None and e.air_date < day

        parts: list[CatchUpSeries] = []
        estimated = 0
        for s in scope:
            if franchise_id is not None and s.state in (None, ViewerState.DROPPED):
                continue
            eps = sorted(progress.regular(episodes[s.series_id]), key=lambda e: e.code)
            furthest = max((e.code for e in eps if e.watched), default=None)
            todo = [e for e in eps if not e.watched and (furthest is None or e.code > furthest) and before_premiere(e)]
            if not todo:
                continue
            minutes = 0
            for e in todo:
                m, guessed = progress.minutes_of(e.runtime, s.runtime)
                minutes += m
                estimated += guessed
            parts.append(CatchUpSeries(s.series_id, s.title, len(todo), minutes, todo[0].code))
        return CatchUpPlan(
            premiere_series_id=premiere_series.series_id,
            premiere_title=premiere_series.title,
            premiere_kind=kind,
            premiere_season=season,
            premiere_day=day,
            premiere_at=airstamp,
            days=max((day - today).days, 0),
            episodes=sum(p.episodes for p in parts),
            minutes=sum(p.minutes for p in parts),
            estimated=estimated,
            series=tuple(parts),
        )

    def _next_premiere(self, scope, episodes, season_dates, now: datetime, today: date):
        """(local day, UTC air time or None, series, kind, season) of the first dated premiere
        ahead among ``scope``: a first episode not aired yet, a season's date, the series'."""
        found: list[tuple[date, datetime | None, Any, ReleaseKind, int | None]] = []
        by_series = {s.series_id: s for s in scope}
        dated_seasons: set[tuple[int, int]] = set()
        for s in scope:
            for e in progress.regular(episodes[s.series_id]):
                if e.number != 1:
                    continue
                day = self.local(e.airstamp).date() if e.airstamp else e.air_date
                if day is None:  # no air time, no date
                    continue
                dated_seasons.add((s.series_id, e.season))
                if progress.has_aired(e, now, today):
                    continue
                found.append((day, e.airstamp, s, progress.release_kind(e.season, 1), e.season))
        for sid, number, day in season_dates:
            if (sid, number) not in dated_seasons and day > today:
                dated_seasons.add((sid, number))
                kind = ReleaseKind.SERIES_PREMIERE if number == 1 else ReleaseKind.SEASON_PREMIERE
                found.append((day, None, by_series[sid], kind, number))
        for s in scope:
            premiere = partial_date_or_none(s.premiere)
            exact = premiere.as_date() if premiere else None
            if exact is not None and exact > today and (s.series_id, 1) not in dated_seasons:
                found.append((exact, None, s, ReleaseKind.SERIES_PREMIERE, None))
        if not found:
            return None
        return min(found, key=lambda t: (t[0], t[1] or self.start_of_day(t[0]), t[2].title.casefold()))


def _dated_moment(episode: EpisodeView) -> datetime:
    """progress.air_moment of an episode known to be dated (aired, or a special in reach)."""
    moment = progress.air_moment(episode)
    if moment is None:
        raise ValueError(f"episode {episode.id} has no air date")
    return moment


def _up_next_row(f: queries.UpNextFacts, specials: Sequence[EpisodeView], now: datetime) -> UpNextRow | None:
    nxt, left, newest = f.next, f.left, f.newest
    if specials:
        extra = progress.specials_in_reach(specials, f.furthest_at)
        if extra:
            left += len(extra)
            last_special = _dated_moment(extra[-1])
            newest = max(newest, last_special) if newest else last_special
            if nxt is None or _dated_moment(extra[0]) < _dated_moment(nxt):
                nxt = extra[0]
    if nxt is None:
        return None
    # a last viewing no one can have watched at (year 9999 from an old import) keeps no series on top
    watched = plausible_viewing(f.last_watched, now) if f.last_watched is not None else None
    aired = nxt.airstamp if nxt.airstamp is not None else progress.air_moment(nxt)
    activity = max(m for m in (watched, newest, aired) if m is not None)
    return UpNextRow(
        series_id=f.series_id,
        title=f.title,
        network=f.network,
        poster_path=f.poster_path,
        state=f.state,
        episode_id=nxt.id,
        season=nxt.season,
        number=nxt.number,
        episode_title=nxt.title,
        air_date=nxt.air_date,
        airstamp=nxt.airstamp,
        runtime=nxt.runtime or f.series_runtime,
        left=left,
        last_watched=f.last_watched,
        newest_aired=newest,
        activity=activity,
    )


def _item_order(item: UpcomingItem):
    """By day; in a day, what has no time first (like a calendar's all-day row), then by time."""
    at = item.airstamp or datetime.min.replace(tzinfo=UTC)
    return (item.day, item.timed, at, item.series_title.casefold(), item.season or 0, item.number or 0)
