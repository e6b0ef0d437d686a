"""The logic behind the Statistics page: which days a period covers, asking StatsService on the
read lane, turning its rows into chart data, and reloading only when the history changed and
the page is on screen. The GUI thread never waits on the counting."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, Signal

from watchtracker.domain.dates import month_abbreviation, month_year
from watchtracker.domain.i18n import translate
from watchtracker.services.changes import Changes
from watchtracker.services.stats import DEFAULT_RUNTIME, NO_GENRE, Period, Share, StatsService, WatchStats

from watchtracker.ui.stats.page import (
    ALL_TIME,
    LAST_12_MONTHS,
    THIS_YEAR,
    Bar,
    ChartData,
    StatsDisplay,
    StatsPage,
    format_hours,
)
from watchtracker.ui.tasks import Lane

log = logging.getLogger(__name__)

_STALE = object()  # what a load returns when a newer one was asked for before it started


class StatsController(QObject):
    """Signals: ``loaded()`` when the page shows the numbers of the latest reload."""

    loaded = Signal()

    def __init__(
        self,
        page: StatsPage,
        stats: StatsService,
        *,
        library_lane: Lane,
        open_series: Callable[[int], None],
        report_error: Callable[[BaseException], None],
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.page, self.stats, self.library_lane = page, stats, library_lane
        self.open_series, self.report_error = open_series, report_error
        self.dirty = True  # nothing loaded yet: the first showing loads
        self._generation = 0
        page.filters_changed.connect(self.reload)
        page.reload_requested.connect(self.reload)
        page.series_requested.connect(lambda sid: self.open_series(sid))
        page.shown.connect(self._on_shown)

    def reload(self) -> None:
        """Count again for the page's period and genre (on the read lane). Of reloads that
        overlap only the newest reaches the page; older ones still queued do no work."""
        self.dirty = False
        self._generation += 1
        token = self._generation
        filters = self.page.filters()  # read here, on the GUI thread; the worker gets plain values
        service = self.stats

        def load():
            if token != self._generation:
                return _STALE
            return compute(service, filters["period"], filters["genre"])

        def done(display: StatsDisplay | None) -> None:
            if token != self._generation or display is _STALE:
                return
            self.page.set_busy(False)
            if display is None:
                self.page.show_empty()
            else:
                self.page.show_stats(display)
            self.loaded.emit()

        def failed(exc: BaseException) -> None:
            if token != self._generation:
                return
            self.page.set_busy(False)
            self.page.show_failed()
            self.report_error(exc)

        self.page.set_busy(True)
        self.library_lane.run(load, done, failed)

    def on_changes(self, changes: Changes) -> None:
        """Viewings, runtimes, genres or series changed: count again now if the page is on screen,
        otherwise when it next is."""
        if not (changes.series or changes.added or changes.removed or changes.everything):
            return  # alerts and the like: nothing counted here
        self.dirty = True
        if self.page.isVisible():
            self.reload()

    def _on_shown(self) -> None:
        if self.dirty:
            self.reload()


# -- the counting, on the worker ----------------------------------------------------------------


def period_bounds(period, today: date) -> tuple[date | None, date | None]:
    """The local days (first, last) a period choice covers; (None, None) for all time."""
    if period == THIS_YEAR:
        return date(today.year, 1, 1), today
    if period == LAST_12_MONTHS:
        return _add_months(today.replace(day=1), -11), today
    if isinstance(period, int):
        year = min(max(period, date.min.year), date.max.year)
        return date(year, 1, 1), min(date(year, 12, 31), max(today, date(year, 1, 1)))
    return None, None


def compute(service: StatsService, period, genre: str | None) -> StatsDisplay | None:
    """What the page shows; None when there is no viewing at all. Runs on a worker."""
    genres = service.genres()
    if not genres:
        return None
    whole = service.stats(genre=genre)  # all time: the years, the current streak, today
    everything = whole if genre is None else service.stats()
    start, end = period_bounds(period, whole.today)
    chosen = whole if start is None else service.stats(start=start, end=end, genre=genre)
    months = _month_range(chosen, start, end)
    shown_years = set(range(start.year, end.year + 1)) if start and end else None
    return StatsDisplay(
        stats=chosen,
        current_streak=whole.current_streak,
        period=period,
        genre=genre,
        range_text=_range_text(period, months, whole.today),
        months=month_chart(chosen.by_month, months),
        years=year_chart(whole.by_year, shown_years),
        series=series_list(chosen.by_series),
        genres=genre_list(chosen.by_genre, genre),
        notes=notes(chosen),
        genre_note=(
            translate("StatsController", "A series counts in each of its genres.")
            if sum(g.minutes for g in chosen.by_genre) > chosen.minutes
            else ""
        ),
        no_match=no_match_text(period, genre, whole.today),
        year_choices=tuple(y.start.year for y in everything.by_year),
        genre_choices=tuple(genres),
    )


def month_chart(by_month: tuple[Period, ...], months: list[date]) -> ChartData:
    counted = {p.start: p for p in by_month}
    nothing = translate("StatsController", "nothing watched")
    bars = []
    for m in months:
        p = counted.get(m)
        what = _hours_and_episodes(p.minutes, p.episodes) if p and p.episodes else nothing
        bars.append(Bar(month_abbreviation(m.month), p.hours if p else 0.0, f"{_month(m)}\n{what}", m))
    if not bars:
        return ChartData((), translate("StatsController", "Hours per month: none of these viewings has a date."))
    best = max(bars, key=lambda b: b.value)
    shown, idle = len(bars), sum(1 for b in bars if b.value <= 0)
    summary = translate(
        "StatsController",
        "Hours per month, {first} to {last}: {hours} hours in {months}; the most in {best}, {best_hours} hours; "
        "{idle}.",
    ).format(
        first=_month(bars[0].key),
        last=_month(bars[-1].key),
        hours=format_hours(sum(b.value for b in bars)),
        months=translate("StatsController", "%Ln month(s)", "", shown),
        best=_month(best.key),
        best_hours=format_hours(best.value),
        idle=translate("StatsController", "%Ln month(s) with nothing watched", "", idle),
    )
    return ChartData(tuple(bars), summary)


def year_chart(by_year: tuple[Period, ...], shown: set[int] | None) -> ChartData:
    nothing = translate("StatsController", "nothing watched")
    alone = translate("StatsController", "Click to see {year} alone")
    bars = tuple(
        Bar(
            str(p.start.year),
            p.hours,
            f"{p.start.year}\n{_hours_and_episodes(p.minutes, p.episodes) if p.episodes else nothing}"
            + ("" if shown == {p.start.year} else "\n" + alone.format(year=p.start.year)),
            p.start.year,
            muted=shown is not None and p.start.year not in shown,
        )
        for p in by_year
    )
    if not bars:
        return ChartData((), translate("StatsController", "Hours per year: none of these viewings has a date."))
    year = translate("StatsController", "{year}, {hours} hours")
    years = "; ".join(year.format(year=b.label, hours=format_hours(b.value)) for b in bars)
    return ChartData(bars, translate("StatsController", "Hours per year: {years}.").format(years=years))


def series_list(by_series: tuple[Share, ...]) -> ChartData:
    click, hours = translate("StatsController", "Click to open it"), translate("StatsController", "{hours} h")
    bars = tuple(
        Bar(
            s.label,
            s.hours,
            f"{s.label}\n{_hours_and_episodes(s.minutes, s.episodes)}\n{click}",
            s.series_id,
            hours.format(hours=format_hours(s.hours)),
        )
        for s in by_series
    )
    if not bars:
        return ChartData(bars, "")
    one = translate("StatsController", "{rank}. {title}, {hours} hours")
    top = "; ".join(one.format(rank=n, title=b.label, hours=format_hours(b.value)) for n, b in enumerate(bars[:10], 1))
    more = len(bars) - 10
    if more > 0:
        summary = translate("StatsController", "Series by hours watched: {top}; and %Ln more series.", "", more)
    else:
        summary = translate("StatsController", "Series by hours watched: {top}.")
    return ChartData(bars, summary.format(top=top))


def genre_list(by_genre: tuple[Share, ...], chosen: str | None) -> ChartData:
    only, hours = (
        translate("StatsController", "Click to count only {series}"),
        translate("StatsController", "{hours} h"),
    )
    bars = tuple(
        Bar(
            _genre_name(g.label),
            g.hours,
            f"{_genre_name(g.label)}\n{_hours_and_episodes(g.minutes, g.episodes)}"
            + ("" if g.label == chosen else "\n" + only.format(series=_genre_words(g.label))),
            g.label,
            hours.format(hours=format_hours(g.hours)),
        )
        for g in by_genre
    )
    if not bars:
        return ChartData(bars, "")
    genre = translate("StatsController", "{genre}, {hours} hours")
    genres = "; ".join(genre.format(genre=b.label, hours=format_hours(b.value)) for b in bars)
    return ChartData(bars, translate("StatsController", "Hours by genre: {genres}.").format(genres=genres))


def notes(st: WatchStats) -> tuple[str, ...]:
    """What the viewer should know about how the numbers were made."""
    out = []
    estimated, undated = st.estimated, st.undated  # plain names: lupdate reads no other expression as the count
    if estimated:
        text = translate(
            "StatsController",
            "%Ln viewing(s) (was|were) of an episode with no runtime: counted at its series' usual length, "
            "or {minutes} min where that is unknown too.",
            "",
            estimated,
        )
        out.append(text.format(minutes=DEFAULT_RUNTIME))
    if undated:
        out.append(
            translate(
                "StatsController",
                "%Ln viewing(s) with no date (counts|count) in the totals and by series and genre, but in no "
                "month, year or streak.",
                "",
                undated,
            )
        )
    return tuple(out)


def no_match_text(period, genre: str | None, today: date) -> str:
    if genre:
        if period == ALL_TIME:
            text = translate("StatsController", "Nothing watched among {series}.")
        elif period == THIS_YEAR:
            text = translate("StatsController", "Nothing watched in {year} so far among {series}.")
        elif period == LAST_12_MONTHS:
            text = translate("StatsController", "Nothing watched in the last 12 months among {series}.")
        else:
            text = translate("StatsController", "Nothing watched in {year} among {series}.")
    elif period == ALL_TIME:
        text = translate("StatsController", "Nothing watched.")
    elif period == THIS_YEAR:
        text = translate("StatsController", "Nothing watched in {year} so far.")
    elif period == LAST_12_MONTHS:
        text = translate("StatsController", "Nothing watched in the last 12 months.")
    else:
        text = translate("StatsController", "Nothing watched in {year}.")
    year = today.year if period == THIS_YEAR else period
    return text.format(year=year, series=_genre_words(genre) if genre else "")


# -- helpers ------------------------------------------------------------------------------------


def _month_range(st: WatchStats, start: date | None, end: date | None) -> list[date]:
    """The months the chart shows: the whole period when it has bounds (empty months included),
    otherwise from the first month with a viewing to the last."""
    if start is None or end is None:
        return [p.start for p in st.by_month]
    out, m = [], start.replace(day=1)
    while m <= end:
        out.append(m)
        if m.year == date.max.year and m.month == 12:
            break  # December 9999: there is no next month
        m = _add_months(m, 1)
    return out


def _range_text(period, months: list[date], today: date) -> str:
    if not months:
        return ""
    first, last = months[0], months[-1]
    month = translate("StatsController", "{month} {year}", "abbreviated month")
    a = month.format(month=month_abbreviation(first.month), year=first.year)
    b = month.format(month=month_abbreviation(last.month), year=last.year)
    so_far = translate("StatsController", "{year} so far")
    if isinstance(period, int):
        return so_far.format(year=period) if period == today.year else str(period)
    if period == THIS_YEAR:
        return so_far.format(year=today.year)
    return a if a == b else f"{a} – {b}"


def _hours_and_episodes(minutes: int, episodes: int) -> str:
    """ "1 hour · 2 episodes", "7.5 hours · 10 episodes"."""
    hours = format_hours(minutes / 60)
    hours_text = (
        translate("StatsController", "1 hour")
        if hours == "1"
        else translate("StatsController", "{hours} hours").format(hours=hours)
    )
    episodes_text = translate("StatsController", "%Ln episode(s)", "", episodes)
    return f"{hours_text} · {episodes_text}"


def _month(first: date) -> str:
    """ "March 2015"."""
    return month_year(first.month, first.year)


def _genre_name(genre: str) -> str:
    """A genre as shown: the series with none under "No genre" in the viewer's language."""
    return translate("StatsController", "No genre") if genre == NO_GENRE else genre


def _genre_words(genre: str) -> str:
    if genre == NO_GENRE:
        return translate("StatsController", "series with no genre")
    return translate("StatsController", "{genre} series").format(genre=genre)


def _add_months(d: date, n: int) -> date:
    """The first of the month ``n`` months from ``d``'s, kept within the calendar (years 1-9999)."""
    k = min(max(d.year * 12 + d.month - 1 + n, date.min.year * 12), date.max.year * 12 + 11)
    return date(k // 12, k % 12 + 1, 1)


__all__ = [
    "StatsController",
    "compute",
    "period_bounds",
    "month_chart",
    "year_chart",
    "series_list",
    "genre_list",
    "notes",
    "no_match_text",
]
