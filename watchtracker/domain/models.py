"""Read models: immutable rows handed from the services to the UI and the CLI."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from watchtracker.domain.dates import PartialDate
from watchtracker.domain.enums import (
    AnnouncementKind,
    LifecycleStatus,
    RelationKind,
    ViewerState,
)

_CODE = re.compile(r"^\s*s(\d{1,3})\s*e(\d{1,4})\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True, order=True)
class EpisodeCode:
    season: int
    number: int

    @classmethod
    def parse(cls, text: str) -> EpisodeCode:
        m = _CODE.match(text or "")
        if not m:
            raise ValueError(f"{text!r} is not an episode code; write it like S01E02")
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
        return "Specials" if self.number == 0 else f"Season {self.number}"


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
            return f"Also in the {self.via}"
        if self.via is not None:
            return f"Also a {self.kind.label.lower()} {self.via}"
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
