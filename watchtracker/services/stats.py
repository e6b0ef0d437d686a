"""Statistics from the watch history: hours and episodes per month and per year, by series and
by genre, streaks and totals, as plain frozen rows the UI can chart.

The rules:

* Every viewing counts, rewatches included: watching an episode twice is two episodes and twice
  its runtime.
* Runtime of a viewing: the episode's runtime; failing that the series' runtime; failing that the
  series' typical episode (the average of its episodes with a runtime); failing that
  ``DEFAULT_RUNTIME`` minutes. Viewings that needed any fallback are counted in ``estimated``.
* A viewing belongs to the month, year and day of its *local* time, in the time zone given (by
  default the computer's own, daylight saving included): a viewing at 23:30 on 31 January in
  Berlin is January there, February in Helsinki.
* A viewing with no time ("watched some time") counts in the totals, by series and by genre, but in
  no month, year or streak (``undated``); with a date range given it is left out. So does one
  stored with a time no one can have watched at (before 1928, or days after the clock's now:
  ``domain.dates.plausible_viewing``): a year 1 or 9999 an old import let in moves no chart.
* A series with several genres counts in each of them, so the genres add up to more than the
  total; a series with none counts under ``NO_GENRE``.
* A streak is a run of consecutive local days with at least one viewing. The current streak is the
  run that ends today, or yesterday (today is not over yet); otherwise it is 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from watchtracker.domain.dates import month_abbreviation, plausible_viewing, safe_local
from watchtracker.domain.i18n import QT_TRANSLATE_NOOP, translate
from watchtracker.errors import InvalidInput
from watchtracker.services.library import Clock, system_clock
from watchtracker.storage.queries import as_minutes
from watchtracker.storage.tables import Episode, Series, Viewing, not_null

DEFAULT_RUNTIME = 45  # minutes: an hour-long drama slot without the adverts
# a key (the genre filter compares it) as well as a label: English here, translated where shown
# (``translate("StatsService", NO_GENRE)``)
NO_GENRE = QT_TRANSLATE_NOOP("StatsService", "No genre")


@dataclass(frozen=True, slots=True)
class Period:
    """A month (``start`` is its first day) or a year (1 January)."""

    start: date
    is_year: bool
    episodes: int
    minutes: int

    @property
    def hours(self) -> float:
        return self.minutes / 60

    @property
    def label(self) -> str:
        """ "2015" or "Feb 2015" (in the viewer's language)."""
        if self.is_year:
            return str(self.start.year)
        return translate("Period", "{month} {year}").format(
            month=month_abbreviation(self.start.month), year=self.start.year
        )


@dataclass(frozen=True, slots=True)
class Share:
    """What one series (``series_id``) or one genre (``series_id`` None) accounts for."""

    label: str
    series_id: int | None
    episodes: int
    minutes: int

    @property
    def hours(self) -> float:
        return self.minutes / 60


@dataclass(frozen=True, slots=True)
class Streak:
    days: int = 0
    first: date | None = None
    last: date | None = None


@dataclass(frozen=True, slots=True)
class WatchStats:
    time_zone: str  # its name, or "local"
    today: date  # in that time zone
    episodes: int  # viewings, rewatches included
    minutes: int
    distinct_episodes: int
    series: int  # series with at least one viewing
    days: int  # local days with at least one viewing
    undated: int  # viewings with no time: in the totals, in no month, year or streak
    estimated: int  # viewings whose runtime was not the episode's own
    first_watched: datetime | None  # in that time zone
    last_watched: datetime | None
    by_month: tuple[Period, ...]  # oldest first, months with nothing included between
    by_year: tuple[Period, ...]  # oldest first, years with nothing included between
    by_series: tuple[Share, ...]  # most time first
    by_genre: tuple[Share, ...]  # most time first
    current_streak: Streak
    longest_streak: Streak  # the latest of the longest

    @property
    def hours(self) -> float:
        return self.minutes / 60

    @property
    def rewatches(self) -> int:
        return self.episodes - self.distinct_episodes


class StatsService:
    def __init__(self, engine: Engine, clock: Clock = system_clock, tz: tzinfo | None = None):
        """``tz``: the viewer's time zone (a ``zoneinfo.ZoneInfo``); None: the computer's."""
        self.engine = engine
        self.clock = clock
        self.tz = tz

    def stats(
        self,
        *,
        start: date | None = None,
        end: date | None = None,
        series_ids: Iterable[int] | None = None,
        genre: str | None = None,
        tz: tzinfo | None = None,
    ) -> WatchStats:
        """The whole history, or only local days ``start``..``end`` (both included), only some
        series, only one genre (``NO_GENRE`` for series with none)."""
        if start is not None and end is not None and start > end:
            raise InvalidInput(translate("StatsService", "The first day comes after the last one."))
        tz = tz or self.tz
        local = _localiser(tz)
        now = self.clock()
        now = now if now.utcoffset() is not None else now.replace(tzinfo=UTC)
        today = local(now).date()
        wanted = set(series_ids) if series_ids is not None else None
        with Session(self.engine) as session:
            viewings = session.exec(
                select(
                    not_null(Viewing.episode_id),
                    col(Viewing.watched_at),
                    col(Episode.runtime),
                    not_null(Episode.series_id),
                ).join(Episode, col(Episode.id) == col(Viewing.episode_id))
            ).all()
            ids = {sid for *_, sid in viewings if wanted is None or sid in wanted}
            series = {
                sid: (title, as_minutes(runtime), genres)
                for sid, title, runtime, genres in session.exec(
                    select(Series.id, Series.title, Series.runtime, Series.genres).where(col(Series.id).in_(ids))
                )
            }
            # whole minutes only: SQLite may hold what an older version stored unchecked ("fifty");
            # PostgreSQL's integer column holds nothing else
            whole = (
                func.typeof(Episode.runtime) == "integer"
                if session.connection().dialect.name == "sqlite"
                else col(Episode.runtime).is_not(None)
            )
            typical = {
                sid: float(average)  # PostgreSQL's average is a Decimal
                for sid, average in session.exec(
                    select(Episode.series_id, func.avg(Episode.runtime))
                    .where(col(Episode.series_id).in_(ids), whole)
                    .group_by(col(Episode.series_id))
                ).all()
                if average is not None
            }

        def genres_of(sid: int) -> list[str]:
            return list(dict.fromkeys(series[sid][2] or ())) or [NO_GENRE]

        months: dict[date, list[int]] = {}
        days: set[date] = set()
        per_series: dict[int, list[int]] = {}
        per_genre: dict[str, list[int]] = {}
        episodes = minutes = undated = estimated = 0
        distinct: set[int] = set()
        first = last = None
        for episode_id, watched_at, runtime, sid in viewings:
            if sid not in ids or (genre is not None and genre not in genres_of(sid)):
                continue
            dated = plausible_viewing(watched_at, now)
            when = local(dated) if dated is not None else None
            if when is None:
                if start is not None or end is not None:
                    continue
            elif (start is not None and when.date() < start) or (end is not None and when.date() > end):
                continue
            length = as_minutes(runtime)  # what an older version stored unchecked counts as unknown
            if length is None:
                estimated += 1
                _, series_runtime, _ = series[sid]
                length = series_runtime or (round(typical[sid]) if typical.get(sid) else None) or DEFAULT_RUNTIME
            episodes += 1
            minutes += length
            distinct.add(episode_id)
            _add(per_series.setdefault(sid, [0, 0]), length)
            for g in genres_of(sid):
                _add(per_genre.setdefault(g, [0, 0]), length)
            if when is None:
                undated += 1
                continue
            days.add(when.date())
            _add(months.setdefault(when.date().replace(day=1), [0, 0]), length)
            first = when if first is None or when < first else first
            last = when if last is None or when > last else last

        by_month = tuple(Period(m, False, *months.get(m, (0, 0))) for m in _months(months))
        years: dict[int, list[int]] = {}
        for m, (n, mins) in months.items():
            y = years.setdefault(m.year, [0, 0])
            y[0] += n
            y[1] += mins
        by_year = tuple(
            Period(date(y, 1, 1), True, *years.get(y, (0, 0)))
            for y in (range(min(years), max(years) + 1) if years else ())
        )
        by_series = tuple(
            sorted(
                (Share(series[sid][0], sid, n, mins) for sid, (n, mins) in per_series.items()),
                key=lambda s: (-s.minutes, -s.episodes, s.label.casefold()),
            )
        )
        by_genre = tuple(
            sorted(
                (Share(g, None, n, mins) for g, (n, mins) in per_genre.items()),
                key=lambda s: (-s.minutes, -s.episodes, s.label.casefold()),
            )
        )
        current, longest = streaks(days, today)
        return WatchStats(
            time_zone=getattr(tz, "key", None) or (str(tz) if tz else "local"),
            today=today,
            episodes=episodes,
            minutes=minutes,
            distinct_episodes=len(distinct),
            series=len(per_series),
            days=len(days),
            undated=undated,
            estimated=estimated,
            first_watched=first,
            last_watched=last,
            by_month=by_month,
            by_year=by_year,
            by_series=by_series,
            by_genre=by_genre,
            current_streak=current,
            longest_streak=longest,
        )

    def genres(self) -> list[str]:
        """Every genre of a series with a viewing, by name: the choices of a genre filter."""
        with Session(self.engine) as session:
            rows = session.exec(
                select(Series.genres).where(
                    col(Series.id).in_(
                        select(Episode.series_id).join(Viewing, col(Viewing.episode_id) == col(Episode.id))
                    )
                )
            ).all()
        found = {g for genres in rows for g in (genres or ())}
        if any(not genres for genres in rows):
            found.add(NO_GENRE)
        return sorted(found, key=str.casefold)


def streaks(days: Iterable[date], today: date) -> tuple[Streak, Streak]:
    """(current, longest) runs of consecutive days; see the module docstring."""
    ordered = sorted(set(days))
    runs: list[Streak] = []
    for d in ordered:  # differences of dates, never a date minus a day: date.min has no day before
        if runs and runs[-1].last is not None and (d - runs[-1].last).days == 1:
            runs[-1] = Streak(runs[-1].days + 1, runs[-1].first, d)
        else:
            runs.append(Streak(1, d, d))
    longest = Streak()
    for run in runs:
        if run.days >= longest.days:
            longest = run
    current = Streak()
    if runs and runs[-1].last is not None and (today - runs[-1].last).days in (0, 1):
        current = runs[-1]
    return current, longest


def _add(bucket: list[int], minutes: int) -> None:
    bucket[0] += 1
    bucket[1] += minutes


def _months(months: Iterable[date]) -> list[date]:
    """Every first-of-month from the earliest to the latest given."""
    months = sorted(months)
    if not months:
        return []
    out, cur = [], months[0]
    while cur <= months[-1]:
        out.append(cur)
        if cur.year == date.max.year and cur.month == 12:
            break  # December 9999: there is no next month
        cur = date(cur.year + (cur.month == 12), cur.month % 12 + 1, 1)
    return out


def _localiser(tz: tzinfo | None):
    """Stored times are UTC (naive when SQLite gives them back)."""

    def local(value: datetime) -> datetime:
        return safe_local(value, tz)

    return local


__all__ = ["StatsService", "WatchStats", "Period", "Share", "Streak", "DEFAULT_RUNTIME", "NO_GENRE", "streaks"]
