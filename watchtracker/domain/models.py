"""Read models: immutable rows handed from the services to the UI and the CLI."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from watchtracker.domain.dates import PartialDate, day_month_year, month_name, weekday_name
from watchtracker.domain.enums import (
    AnnouncementKind,
    LifecycleStatus,
    RelationKind,
    ViewerState,
)
from watchtracker.domain.i18n import QT_TRANSLATE_NOOP, translate

_CODE = re.compile(r"^\s*s(\d{1,3})\s*e(\d{1,4})\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True, order=True)
class EpisodeCode:
    season: int
    number: int

    @classmethod
    def parse(cls, text: str) -> EpisodeCode:
        m = _CODE.match(text or "")
        if not m:
            raise ValueError(
                translate("EpisodeCode", "{text} is not an episode code; write it like S01E02").format(text=repr(text))
            )
        return cls(int(m.group(1)), int(m.group(2)))

    def __str__(self) -> str:
        return f"S{self.season:02d}E{self.number:02d}"


@dataclass(frozen=True, slots=True)
class NextEpisode:
    code: EpisodeCode
    title: str
    air_date: date | None


@dataclass(frozen=True, slots=True)
class LibraryRow:
    """One followed series as the library shows it."""

    series_id: int
    title: str
    status: LifecycleStatus
    network: str
    poster_path: str | None
    state: ViewerState
    favourite: bool
    seasons: int
    episodes_aired: int
    episodes_watched: int
    next_episode: NextEpisode | None
    last_watched: datetime | None
    added_at: datetime | None
    premiere: PartialDate | None
    linked: bool = True  # to TVmaze, so refreshed from it (False: added by hand, or the example, until linked)

    @property
    def progress(self) -> float:
        return self.episodes_watched / self.episodes_aired if self.episodes_aired else 0.0


@dataclass(frozen=True, slots=True)
class EpisodeView:
    id: int
    season: int
    number: int
    title: str
    summary: str
    air_date: date | None
    airstamp: datetime | None  # aware, UTC
    runtime: int | None
    plays: int = 0
    last_watched: datetime | None = None

    @property
    def code(self) -> EpisodeCode:
        return EpisodeCode(self.season, self.number)

    @property
    def watched(self) -> bool:
        return self.plays > 0


@dataclass(frozen=True, slots=True)
class SeasonView:
    number: int
    name: str
    episodes: tuple[EpisodeView, ...]

    @property
    def label(self) -> str:
        if self.name:
            return self.name
        if self.number == 0:
            return translate("SeasonView", "Specials")
        return translate("SeasonView", "Season {number}").format(number=self.number)


@dataclass(frozen=True, slots=True)
class CastCredit:
    person: str
    character: str


@dataclass(frozen=True, slots=True)
class RelatedSeries:
    """A series related to the one being shown.

    A direct edge: ``outgoing`` means this series is the subject ("this is a spin-off of X"),
    otherwise X is ("X is a spin-off of this"). A sibling shares a parent through the same kind
    of edge (``via`` names the parent: "also a spin-off of Bosch"). A franchise mate is only in
    the same franchise (``kind`` SAME_UNIVERSE, ``via`` the franchise).
    """

    series_id: int
    title: str
    kind: RelationKind
    outgoing: bool
    status: LifecycleStatus
    premiere: PartialDate | None
    followed: bool
    via: str | None = None
    direct: bool = True

    @property
    def label(self) -> str:
        if self.via is not None and self.kind is RelationKind.SAME_UNIVERSE:
            return translate("RelatedSeries", "Also in the {franchise}").format(franchise=self.via)
        if self.via is not None:  # "Also a spin-off of Bosch"
            return translate("RelatedSeries", "Also a {relation} {series}").format(
                relation=self.kind.label.lower(), series=self.via
            )
        return self.kind.label if self.outgoing else self.kind.inverse_label


@dataclass(frozen=True, slots=True)
class AnnouncementView:
    id: int
    kind: AnnouncementKind
    headline: str
    summary: str
    source: str
    url: str | None
    published: datetime | None
    read: bool
    dismissed: bool
    series: tuple[str, ...] = ()
    published_has_time: bool = True  # False: the news gave its day alone; show ``published``'s date only
    kinds: tuple[AnnouncementKind, ...] = ()  # every kind of news in it, main first; empty: just ``kind``


@dataclass(frozen=True, slots=True)
class SeriesDetail:
    id: int
    title: str
    aliases: tuple[str, ...]
    overview: str
    status: LifecycleStatus
    premiere: PartialDate | None
    ended: PartialDate | None
    network: str
    country: str
    language: str
    genres: tuple[str, ...]
    content_rating: str
    runtime: int | None
    poster_path: str | None
    external_ids: dict[str, str]
    franchise: str | None
    # the viewer's side; followed is False for a series known only through a relation
    followed: bool
    state: ViewerState | None
    favourite: bool
    rating: int | None
    notes: str
    added_at: datetime | None
    seasons: tuple[SeasonView, ...] = ()
    cast: tuple[CastCredit, ...] = ()
    related: tuple[RelatedSeries, ...] = ()
    announcements: tuple[AnnouncementView, ...] = ()
    by_hand: bool = field(default=True)
    # bookkeeping, not what the page shows: left out of ==
    # the series row's: an edit based on another is refused (errors.ChangedElsewhere)
    version: int = field(default=1, compare=False)
    entry_version: int | None = field(default=None, compare=False)  # the viewer's entry's, when followed

    @property
    def years(self) -> str:
        """ "2014–2021", "2022–", "2026" (announced) or ""."""
        if self.premiere is None:
            return ""
        start = str(self.premiere.year)
        if self.ended is not None:
            end = str(self.ended.year)
            return start if end == start else f"{start}–{end}"
        if self.status.is_unreleased:
            return self.premiere.label()
        if self.status in (LifecycleStatus.ENDED, LifecycleStatus.CANCELLED):
            return start  # over, but we do not know when
        return f"{start}–"

    def episodes(self) -> list[EpisodeView]:
        return [e for s in self.seasons for e in s.episodes]


# -- Up next, Upcoming and the catch-up planner (services.schedule) ---------------------------


class ReleaseKind(StrEnum):
    """What an upcoming date is: an episode, the first episode of a season, or of the series."""

    EPISODE = "episode"
    SEASON_PREMIERE = "season_premiere"
    SERIES_PREMIERE = "series_premiere"

    @property
    def label(self) -> str:
        return translate("ReleaseKind", _RELEASE_LABELS[self.value])

    @property
    def english_label(self) -> str:
        """Always English: for what is written to a file (the .ics export)."""
        return _RELEASE_LABELS[self.value]


_RELEASE_LABELS = {
    "episode": QT_TRANSLATE_NOOP("ReleaseKind", "Episode"),
    "season_premiere": QT_TRANSLATE_NOOP("ReleaseKind", "Season premiere"),
    "series_premiere": QT_TRANSLATE_NOOP("ReleaseKind", "Series premiere"),
}


@dataclass(frozen=True, slots=True)
class UpNextRow:
    """One series being watched and the episode to watch next.

    ``left`` counts the aired, unwatched episodes from ``code`` on (the next one included);
    ``activity`` is what the list is sorted by: the later of the last viewing and the air time
    of the newest episode waiting, so a series with new episodes after a pause comes back on top.
    """

    series_id: int
    title: str
    network: str
    poster_path: str | None
    state: ViewerState
    episode_id: int
    season: int
    number: int
    episode_title: str
    air_date: date | None
    airstamp: datetime | None  # aware, UTC
    runtime: int | None  # minutes: the episode's, else the series'
    left: int
    last_watched: datetime | None
    newest_aired: datetime | None  # air time of the newest episode waiting (date-only: 00:00 UTC)
    activity: datetime

    @property
    def code(self) -> EpisodeCode:
        return EpisodeCode(self.season, self.number)

    @property
    def is_special(self) -> bool:
        return self.season == 0


@dataclass(frozen=True, slots=True)
class UpcomingItem:
    """An episode or a premiere ahead, placed on the viewer's local day.

    A premiere known only by its date (a season or series with no episode listed yet) has no
    episode: ``episode_id``, ``number`` (and for a series premiere ``season``) are None.
    ``key`` is stable across runs ("episode-12", "season-4", "series-7"): the .ics UID and the
    UI's identity for the row.
    """

    key: str
    kind: ReleaseKind
    series_id: int
    series_title: str
    network: str
    day: date  # the viewer's local day; an episode known only by date stays on its date
    airstamp: datetime | None  # aware, UTC; None when only the date is known
    local_time: datetime | None  # airstamp in the viewer's time zone
    episode_id: int | None
    season: int | None
    number: int | None
    title: str
    runtime: int | None  # minutes: the episode's, else the series'

    @property
    def timed(self) -> bool:
        return self.airstamp is not None

    @property
    def code(self) -> EpisodeCode | None:
        if self.season is None or self.number is None:
            return None
        return EpisodeCode(self.season, self.number)

    @property
    def is_premiere(self) -> bool:
        return self.kind is not ReleaseKind.EPISODE

    @property
    def label(self) -> str:
        """ "Bosch — S02E03 Title", "Ballard — Series premiere", "Bosch — Season 8 premiere"."""
        if self.code is None and self.kind is ReleaseKind.SEASON_PREMIERE and self.season is not None:
            what = translate("UpcomingItem", "Season {number} premiere").format(number=self.season)
            return f"{self.series_title} — {what}"
        return self._label(self.kind.label)

    @property
    def english_label(self) -> str:
        """``label`` in English whatever the viewer's language: for the .ics export."""
        if self.code is None and self.kind is ReleaseKind.SEASON_PREMIERE and self.season is not None:
            return f"{self.series_title} — Season {self.season} premiere"
        return self._label(self.kind.english_label)

    def _label(self, kind: str) -> str:
        what = f"{self.code} {self.title}".rstrip() if self.code is not None else kind
        return f"{self.series_title} — {what}"


@dataclass(frozen=True, slots=True)
class UpcomingDay:
    day: date
    items: tuple[UpcomingItem, ...]

    def label(self, today: date) -> str:
        """ "Today", "Tomorrow", "Thursday 26 November" (with the year when it is not this year's)."""
        delta = (self.day - today).days
        if delta == 0:
            return translate("UpcomingDay", "Today")
        if delta == 1:
            return translate("UpcomingDay", "Tomorrow")
        d = self.day
        if d.year == today.year:
            return translate("UpcomingDay", "{weekday} {day} {month}").format(
                weekday=weekday_name(d), day=d.day, month=month_name(d.month)
            )
        return translate("UpcomingDay", "{weekday} {day} {month} {year}").format(
            weekday=weekday_name(d), day=d.day, month=month_name(d.month), year=d.year
        )


@dataclass(frozen=True, slots=True)
class AnnouncedSeries:
    """A followed series not out yet whose premiere is not in the window: shown at the precision
    it is known ("2026", "Spring 2026", "May 2026"), never as a made-up day."""

    series_id: int
    title: str
    network: str
    status: LifecycleStatus
    premiere: PartialDate | None
    franchise: str | None
    overdue: bool = False  # the period its premiere was expected in is over, and no date came

    @property
    def when(self) -> str:
        if self.premiere is None:
            return translate("AnnouncedSeries", "Date not announced")
        return self.premiere.overdue_label() if self.overdue else self.premiere.label()


@dataclass(frozen=True, slots=True)
class Upcoming:
    """What comes out from ``start`` to ``until``, by the viewer's local day, then the
    announced series with no date in that window."""

    start: datetime  # aware, UTC
    until: datetime
    days: tuple[UpcomingDay, ...]
    announced: tuple[AnnouncedSeries, ...] = ()

    @property
    def items(self) -> list[UpcomingItem]:
        return [i for d in self.days for i in d.items]


@dataclass(frozen=True, slots=True)
class Countdown:
    """Time until an upcoming item: to its air time, or for a date-only one to the start of its
    day in the viewer's time zone (``exact`` False)."""

    item: UpcomingItem
    remaining: timedelta
    exact: bool
    days_away: int  # calendar days from the viewer's today

    @property
    def label(self) -> str:
        """ "in 35 min", "in 5 h 20 min", "in 3 days", "today", "tomorrow"."""
        if not self.exact or self.remaining >= timedelta(days=2):
            if self.days_away <= 0:
                return translate("Countdown", "today")
            if self.days_away == 1:
                return translate("Countdown", "tomorrow")
            days = self.days_away  # a plain name: lupdate drops a call whose count is an attribute
            return translate("Countdown", "in %n day(s)", "", days)
        minutes = max(int(self.remaining.total_seconds() // 60), 0)
        if minutes < 1:
            return translate("Countdown", "now")
        hours, minutes = divmod(minutes, 60)
        if hours == 0:
            return translate("Countdown", "in {minutes} min").format(minutes=minutes)
        if minutes:
            return translate("Countdown", "in {hours} h {minutes} min").format(hours=hours, minutes=minutes)
        return translate("Countdown", "in {hours} h").format(hours=hours)


@dataclass(frozen=True, slots=True)
class CatchUpSeries:
    """One series' share of a catch-up plan."""

    series_id: int
    title: str
    episodes: int
    minutes: int
    first: EpisodeCode | None  # where to start


@dataclass(frozen=True, slots=True)
class CatchUpPlan:
    """ "N episodes, H hours to watch before <date>", and what that asks per day.

    ``premiere_series_id``/``premiere_title`` name the series whose premiere is the deadline
    (for a franchise, the first dated premiere ahead among its series). ``days`` counts the
    whole days left before the premiere's local day (0: it is today). ``estimated`` counts the
    episodes whose runtime was not known and was taken from the series or assumed.
    """

    premiere_series_id: int
    premiere_title: str
    premiere_kind: ReleaseKind
    premiere_season: int | None
    premiere_day: date  # the viewer's local day
    premiere_at: datetime | None  # aware UTC, when the air time is known
    days: int
    episodes: int
    minutes: int
    estimated: int
    series: tuple[CatchUpSeries, ...]

    @property
    def hours(self) -> float:
        return self.minutes / 60

    @property
    def episodes_per_day(self) -> float:
        return self.episodes / self.days if self.days > 0 else float(self.episodes)

    @property
    def minutes_per_day(self) -> float:
        return self.minutes / self.days if self.days > 0 else float(self.minutes)

    @property
    def caught_up(self) -> bool:
        return self.episodes == 0

    def label(self) -> str:
        """ "12 episodes, 9.5 hours to watch before 6 May 2027"."""
        hours = f"{self.hours:.1f}".removesuffix(".0")
        when = day_month_year(self.premiere_day)
        episodes = self.episodes  # a plain name: lupdate drops a call whose count is an attribute
        if hours == "1":
            text = translate("CatchUpPlan", "%n episode(s), 1 hour to watch before {date}", "", episodes)
        else:
            text = translate("CatchUpPlan", "%n episode(s), {hours} hours to watch before {date}", "", episodes)
        return text.format(hours=hours, date=when)
