"""What another tracker's export says, read into one shape before anything touches the library.

Each reader (TV Time, Trakt, SeriesGuide, IMDb) turns its files into an ``ImportBatch``; the
import service matches its shows to series (by external ids, then by title and year), shows a
preview and writes it in one transaction. Plain data: no I/O, no database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from watchtracker.domain.enums import ViewerState
from watchtracker.domain.i18n import translate

FORMATS = ("tvtime", "trakt", "seriesguide", "imdb", "watchtracker")
FORMAT_LABELS = {
    "tvtime": "TV Time",
    "trakt": "Trakt",
    "seriesguide": "SeriesGuide",
    "imdb": "IMDb",
    "watchtracker": "watchtracker",
}

# two viewings of one episode this close are one viewing: an import, a media server's play and a
# mark made by hand while the credits roll see the same watch a few minutes apart
SAME_VIEWING_S = 5 * 60


def format_label(fmt: str, names: dict[str, str] | None = None) -> str:
    """Where a show kept for later came from, for people: the tracker's name, or a media server's
    (kept as "server:<id>", see domain.media: its name from ``names``, else "media server")."""
    if fmt.startswith("server:"):
        return (names or {}).get(fmt) or translate("transfer", "media server")
    return FORMAT_LABELS.get(fmt, fmt)


@dataclass(frozen=True)
class ExternalIds:
    """The ids another service gives a show. Any of them may be missing."""

    tvmaze: int | None = None
    thetvdb: int | None = None
    imdb: str | None = None  # "tt0944947"
    tmdb: int | None = None
    trakt: int | None = None

    def __bool__(self) -> bool:
        return any(v is not None for v in (self.tvmaze, self.thetvdb, self.imdb, self.tmdb, self.trakt))


@dataclass(frozen=True)
class ImportedViewing:
    """One time an episode was watched. ``watched_at`` is aware UTC, or None when the export
    only says "watched" (SeriesGuide without plays' dates, a TV Time count)."""

    season: int  # 0: specials
    number: int
    watched_at: datetime | None = None
    episode_title: str = ""
    thetvdb_episode: int | None = None  # TV Time's episode ids are TheTVDB's


@dataclass(frozen=True)
class ImportedShow:
    """One show of the export with everything the viewer did with it.

    ``key`` is unique within the batch (the source's own id, or title+year) and names the show
    in the preview and in what could not be matched."""

    key: str
    title: str
    year: int | None = None
    ids: ExternalIds = field(default_factory=ExternalIds)
    viewings: tuple[ImportedViewing, ...] = ()
    rating: int | None = None  # 1..10
    favourite: bool = False
    watchlist: bool = False  # wanted, not started: plan to watch
    state: ViewerState | None = None  # when the source says (archived, for later, stopped ...)
    notes: str = ""
    followed_at: datetime | None = None


@dataclass(frozen=True)
class ImportBatch:
    """A whole export, read. ``skipped`` says, a line each, what was left out and why (movies,
    rows without a show, duplicate rows dropped ...); nothing is left out silently."""

    format: str  # one of FORMATS
    shows: tuple[ImportedShow, ...]
    skipped: tuple[str, ...] = ()
    source: str = ""  # the file or folder read, for messages

    @property
    def viewing_count(self) -> int:
        return sum(len(s.viewings) for s in self.shows)

    @property
    def rating_count(self) -> int:
        return sum(1 for s in self.shows if s.rating is not None)


class NotAnExport(ValueError):
    """A file that is not what it claims, or cannot be read safely (wrong format, truncated,
    binary, a zip bomb, too big): one line saying which and why. Nothing was read from it."""
