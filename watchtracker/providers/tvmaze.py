"""TVmaze's public API (no key): search, a show with its seasons, episodes and cast, lookups by
TheTVDB or IMDb id, and the update feed. JSON in, plain dataclasses out.

Every field is checked here, at the boundary, for its type and a sane range (see FORMATS.md
§1 for what TVmaze sends): text is cleaned (``domain.text``) and capped, addresses are http(s),
dates are real dates in the years a PartialDate takes. A bad optional field becomes empty and
the show is kept; an episode or a season whose identity (id, season, number) is unusable is left
out and the show is marked ``partial``, so that applying it removes nothing on that account; a
show without a usable id or name, or listing two episodes under one id, is refused with
BadResponse, one plain line (the details go to the log). A season listed twice (by id or by
number) or two episodes in one place: the first is kept, the others are left out (``partial``)
and one line says so in ``notes``."""

from __future__ import annotations

import logging
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

from watchtracker.domain.dates import MAX_YEAR, MIN_YEAR, PartialDate
from watchtracker.domain.enums import LifecycleStatus
from watchtracker.domain.text import clean_line, clean_text
from watchtracker.errors import BadResponse, NotFoundOnline
from watchtracker.providers.http import PoliteClient, QueryParams
from watchtracker.providers.text import html_to_text

DEFAULT_URL = "https://api.tvmaze.com"
ENV_URL = "WATCHTRACKER_TVMAZE_URL"
NAME = "TVmaze"

log = logging.getLogger(__name__)

# What a value from TVmaze may be. Ids are far below 2**31; a season may be numbered by its year;
# an episode number stays below 100000 (the library's sort key is season * 100000 + number).
MAX_ID = 2**31 - 1
MAX_SEASON = 3000
MAX_NUMBER = 99_999
MIN_RUNTIME, MAX_RUNTIME = 1, 1000  # minutes
MAX_UPDATED = 2**32  # unix seconds (the year 2106)
MAX_TITLE = 500
MAX_LINE = 200  # a network, a person, a character, a language, a status
MAX_GENRE, MAX_GENRES = 100, 20
MAX_SUMMARY = 20_000
MAX_URL = 2048
MAX_CAST = 500


def base_url(setting: str | None = None) -> str:
    """The environment variable wins (tests, the CLI against a local server), then the setting."""
    return (os.environ.get(ENV_URL) or setting or DEFAULT_URL).rstrip("/")


@dataclass(frozen=True)
class OnlineEpisode:
    tvmaze_id: int
    season: int
    number: int
    title: str
    summary: str
    air_date: date | None
    airstamp: datetime | None  # aware UTC
    runtime: int | None


@dataclass(frozen=True)
class OnlineSeason:
    tvmaze_id: int
    number: int
    name: str
    premiere: date | None
    episode_order: int | None


@dataclass(frozen=True)
class OnlineCredit:
    person_id: int | None
    person: str
    character: str
    image_url: str | None


@dataclass(frozen=True)
class OnlineShow:
    tvmaze_id: int
    title: str
    overview: str
    status: LifecycleStatus
    premiere: PartialDate | None
    ended: PartialDate | None
    network: str
    country: str
    language: str
    genres: tuple[str, ...]
    runtime: int | None
    poster_url: str | None
    thumb_url: str | None
    thetvdb_id: int | None
    imdb_id: str | None
    updated: int | None
    remote_status: str
    seasons: tuple[OnlineSeason, ...] = ()
    episodes: tuple[OnlineEpisode, ...] = ()
    cast: tuple[OnlineCredit, ...] = ()
    partial: bool = False  # an episode or a season was left out as unusable: remove nothing for it
    notes: tuple[str, ...] = ()  # one line each on what was left out, for the refresh's report

    @property
    def year(self) -> int | None:
        return self.premiere.year if self.premiere else None


@dataclass(frozen=True)
class SearchResult:
    score: float
    show: OnlineShow = field(repr=False)


class TvmazeClient:
    def __init__(self, http: PoliteClient, url: str | None = None):
        self.http = http
        self.url = (url or base_url()).rstrip("/")

    def _get(self, path: str, params: QueryParams | None = None) -> Any:
        return self.http.get_json(f"{self.url}{path}", params, what=NAME)

    def search(self, query: str) -> list[SearchResult]:
        """The results TVmaze gives, best first; one it describes oddly is left out."""
        data = self._get("/search/shows", {"q": query})
        if not isinstance(data, list):
            raise BadResponse(f"{NAME} sent search results in a shape we do not know.")
        out = []
        for item in data:
            if not isinstance(item, dict):
                continue
            try:
                show = parse_show(item.get("show"))
            except BadResponse as exc:
                log.info("a search result from %s left out: %s", NAME, exc)
                continue
            out.append(SearchResult(_score(item.get("score")), show))
        return out

    def show(self, tvmaze_id: int) -> OnlineShow:
        asked = int(tvmaze_id)
        data = self._get(
            f"/shows/{asked}",
            [("embed[]", "seasons"), ("embed[]", "episodes"), ("embed[]", "cast")],
        )
        show = parse_show(data, embedded=True)
        if show.tvmaze_id != asked:
            raise BadResponse(f"{NAME} answered with another show (#{show.tvmaze_id}) when asked for #{asked}.")
        return show

    def lookup(self, *, thetvdb: int | None = None, imdb: str | None = None) -> int | None:
        """TVmaze's id for a show known by another id, or None."""
        params = {"thetvdb": thetvdb} if thetvdb is not None else {"imdb": imdb}
        try:
            data = self._get("/lookup/shows", params)
        except NotFoundOnline:
            return None
        found = _id(data.get("id")) if isinstance(data, dict) else None
        if found is None:
            raise BadResponse(f"{NAME} sent a lookup answer in a shape we do not know.")
        return found

    def updates(self, since: str = "week") -> dict[int, int]:
        """Show id -> last update (unix seconds) for shows changed in the last day, week or month."""
        data = self._get("/updates/shows", {"since": since})
        if not isinstance(data, dict):
            raise BadResponse(f"{NAME} sent an update list in a shape we do not know.")
        out = {}
        for key, value in data.items():
            if not (isinstance(key, str) and key.isascii() and key.isdigit() and len(key) <= 10):
                continue
            show_id, updated = _id(int(key)), _whole(value, 1, MAX_UPDATED)
            if show_id is not None and updated is not None:
                out[show_id] = updated
        return out


# -- parsing ------------------------------------------------------------------------------

_STATUS = {
    "Running": LifecycleStatus.AIRING,
    "Ended": LifecycleStatus.ENDED,
    "To Be Determined": LifecycleStatus.HIATUS,
    "In Development": LifecycleStatus.ANNOUNCED,
}


def map_status(remote: str, premiere: PartialDate | None, today: date | None = None) -> LifecycleStatus:
    status = _STATUS.get(remote, LifecycleStatus.AIRING if remote else LifecycleStatus.ANNOUNCED)
    if status is LifecycleStatus.ANNOUNCED and premiere is not None:
        today = today or datetime.now(UTC).date()
        if premiere.earliest() > today:
            return LifecycleStatus.UPCOMING  # in development, with a premiere date ahead
    return status


class _Unusable(Exception):
    """An entry (an episode, a season, a credit) whose identity cannot be used: left out."""


def _shape(what: str = "a show") -> BadResponse:
    return BadResponse(f"{NAME} sent {what} in a shape we do not know.")


def parse_show(data: Any, *, embedded: bool = False) -> OnlineShow:
    if not isinstance(data, dict):
        raise _shape()
    tvmaze_id, title = _id(data.get("id")), _line(data.get("name"), MAX_TITLE)
    if tvmaze_id is None or not title:
        log.info("%s show refused: id %.40r, name %.80r", NAME, data.get("id"), data.get("name"))
        raise _shape()
    try:
        return _parse_show(data, tvmaze_id, title, embedded)
    except BadResponse:
        raise
    except (AttributeError, TypeError, ValueError, KeyError, IndexError, OverflowError) as exc:
        # a shape not foreseen: the person reads one plain line; the details are for the log
        log.warning("%s show #%s not understood: %r", NAME, tvmaze_id, exc, exc_info=True)
        raise _shape() from None


def _parse_show(data: dict, tvmaze_id: int, title: str, embedded: bool) -> OnlineShow:
    premiere = _partial(data.get("premiered"))
    channel = next((c for c in (data.get("network"), data.get("webChannel")) if isinstance(c, dict)), {})
    country = channel.get("country")
    code = country.get("code") if isinstance(country, dict) else None
    externals = _dict(data.get("externals"))
    image = _dict(data.get("image"))
    emb = data.get("_embedded") if embedded else None
    if emb is None:
        emb = {}
    if not isinstance(emb, dict):
        raise _shape()
    partial = False
    seasons = []
    for item in _listed(emb, "seasons"):
        try:
            seasons.append(_season(item))
        except _Unusable as exc:
            partial = True
            log.info("%s show #%s: a season left out (%s)", NAME, tvmaze_id, exc)
    episodes = []
    for item in _listed(emb, "episodes"):
        try:
            episode = _episode(item)
        except _Unusable as exc:
            partial = True
            log.info("%s show #%s: an episode left out (%s)", NAME, tvmaze_id, exc)
            continue
        if episode is not None:
            episodes.append(episode)
    if len({e.tvmaze_id for e in episodes}) != len(episodes):
        raise BadResponse(f"{NAME} listed two episodes of {title} under one id; not used this time.")
    notes = []
    seasons, twice = _first_of_each(seasons, lambda s: s.tvmaze_id)
    if twice:
        numbers = [str(s.number) for s in twice]
        notes.append(
            f"{NAME} listed two seasons of {title} under one id; left out: "
            f"season{'s' if len(numbers) > 1 else ''} {_listing(numbers)}."
        )
    seasons, twice = _first_of_each(seasons, lambda s: s.number)
    if twice:
        numbers = [str(s.number) for s in twice]
        notes.append(
            f"{NAME} listed season{'s' if len(set(numbers)) > 1 else ''} {_listing(numbers)} of "
            f"{title} twice; the first was kept."
        )
    episodes, twice = _first_of_each(episodes, lambda e: (e.season, e.number))
    if twice:
        places = [f"S{e.season:02d}E{e.number:02d}" for e in twice]
        notes.append(f"{NAME} listed two episodes of {title} as {_listing(places)}; the first was kept.")
    for note in notes:
        log.info("%s show #%s: %s", NAME, tvmaze_id, note)
    cast = []
    for item in _listed(emb, "cast")[:MAX_CAST]:
        try:
            cast.append(_credit(item))
        except _Unusable:
            continue
    remote_status = _line(data.get("status"), MAX_LINE)
    imdb = externals.get("imdb")
    return OnlineShow(
        tvmaze_id=tvmaze_id,
        title=title,
        overview=_summary(data.get("summary")),
        status=map_status(remote_status, premiere),
        remote_status=remote_status,
        premiere=premiere,
        ended=_partial(data.get("ended")),
        network=_line(channel.get("name"), MAX_LINE),
        country=code if isinstance(code, str) and re.fullmatch(r"[A-Z]{2}", code) else "",
        language=_line(data.get("language"), MAX_LINE),
        genres=_genres(data.get("genres")),
        runtime=_minutes(data.get("runtime")) or _minutes(data.get("averageRuntime")),
        poster_url=_url(image.get("original")) or _url(image.get("medium")),
        thumb_url=_url(image.get("medium")) or _url(image.get("original")),
        thetvdb_id=_id(externals.get("thetvdb")),
        imdb_id=imdb if isinstance(imdb, str) and re.fullmatch(r"tt\d{5,10}", imdb) else None,
        updated=_whole(data.get("updated"), 1, MAX_UPDATED),
        seasons=tuple(seasons),
        episodes=tuple(episodes),
        cast=tuple(cast),
        partial=partial or bool(notes),
        notes=tuple(notes),
    )


def _first_of_each(items: list, key: Callable[[Any], Any]) -> tuple[list, list]:
    """The items whose key was not seen before them, and the others."""
    kept: list = []
    others: list = []
    seen = set()
    for item in items:
        k = key(item)
        (others if k in seen else kept).append(item)
        seen.add(k)
    return kept, others


def _listing(values: list[str], shown: int = 5) -> str:
    distinct = list(dict.fromkeys(values))
    more = f" and {len(distinct) - shown:,} more" if len(distinct) > shown else ""
    return ", ".join(distinct[:shown]) + more


# -- one value each -------------------------------------------------------------------------


def _whole(value: Any, low: int, high: int) -> int | None:
    """A JSON integer (not a bool, not a float, not a string of digits) from low to high."""
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return value
    return None


def _id(value: Any) -> int | None:
    return _whole(value, 1, MAX_ID)


def _minutes(value: Any) -> int | None:
    return _whole(value, MIN_RUNTIME, MAX_RUNTIME)


def _score(value: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            score = float(value)
        except OverflowError:
            return 0.0
        return score if math.isfinite(score) else 0.0
    return 0.0


def _line(value: Any, limit: int = MAX_LINE) -> str:
    """One line of safe text, capped; "" for anything but a string."""
    if not isinstance(value, str):
        return ""
    return clean_line(value[: limit * 4])[:limit].rstrip()


def _summary(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    return clean_text(html_to_text(value[: MAX_SUMMARY * 5]))[:MAX_SUMMARY].strip()


def _genres(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    names = (_line(g, MAX_GENRE) for g in value[: MAX_GENRES * 5])
    return tuple(dict.fromkeys(g for g in names if g))[:MAX_GENRES]


def _url(value: Any) -> str | None:
    """An http(s) address with a host, nothing that a header or a log line could be split by."""
    if not isinstance(value, str) or not value or len(value) > MAX_URL or not value.isascii():
        return None
    if any(c.isspace() or not c.isprintable() for c in value):
        return None
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        return None
    return value if parts.scheme.lower() in ("http", "https") and host else None


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _listed(embedded: dict, key: str) -> list:
    value = embedded.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise _shape()
    return value


def _date(text: Any) -> date | None:
    """A calendar date ("2014-04-06"), in the years the library takes; None for anything else."""
    if not isinstance(text, str) or len(text) < 10:
        return None
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return None
    return day if MIN_YEAR <= day.year <= MAX_YEAR else None


def _partial(text: Any) -> PartialDate | None:
    day = _date(text)
    return PartialDate.from_date(day) if day else None


def _moment(text: Any) -> datetime | None:
    """An ISO 8601 moment as aware UTC (naive: taken as UTC); None when impossible or out of range."""
    if not isinstance(text, str) or not 10 <= len(text) <= 40:
        return None
    try:
        stamp = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if not MIN_YEAR <= stamp.year <= MAX_YEAR:  # 9999-12-31T23:00-05:00 cannot be made UTC
        return None
    return (stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)).astimezone(UTC)


def _season(s: Any) -> OnlineSeason:
    if not isinstance(s, dict):
        raise _Unusable("not an object")
    tvmaze_id, number = _id(s.get("id")), _whole(s.get("number"), 0, MAX_SEASON)
    if tvmaze_id is None or number is None:
        raise _Unusable(f"id {s.get('id')!r:.40}, number {s.get('number')!r:.40}")
    return OnlineSeason(
        tvmaze_id=tvmaze_id,
        number=number,
        name=_line(s.get("name"), MAX_TITLE),
        premiere=_date(s.get("premiereDate")),
        episode_order=_whole(s.get("episodeOrder"), 1, MAX_NUMBER),
    )


def _episode(e: Any) -> OnlineEpisode | None:
    """An episode with its place in the grid; None for a special without a number (it has no
    place there); _Unusable when its id, season or number cannot be used."""
    if not isinstance(e, dict):
        raise _Unusable("not an object")
    tvmaze_id, season = _id(e.get("id")), _whole(e.get("season"), 0, MAX_SEASON)
    number = e.get("number")
    if tvmaze_id is not None and season is not None and number is None:
        return None
    number = _whole(number, 0, MAX_NUMBER)
    if tvmaze_id is None or season is None or number is None:
        raise _Unusable(f"id {e.get('id')!r:.40}, season {e.get('season')!r:.40}, number {e.get('number')!r:.40}")
    airtime = e.get("airtime")
    # without an air time the episode is date-only: its airstamp would be an invented midnight
    stamp = _moment(e.get("airstamp")) if isinstance(airtime, str) and airtime else None
    return OnlineEpisode(
        tvmaze_id=tvmaze_id,
        season=season,
        number=number,
        title=_line(e.get("name"), MAX_TITLE),
        summary=_summary(e.get("summary")),
        air_date=_date(e.get("airdate")),
        airstamp=stamp,
        runtime=_minutes(e.get("runtime")),
    )


def _credit(c: Any) -> OnlineCredit:
    person = c.get("person") if isinstance(c, dict) else None
    if not isinstance(person, dict):
        raise _Unusable("no person")
    name = _line(person.get("name"), MAX_LINE)
    if not name:
        raise _Unusable("no name")
    character = _dict(c.get("character"))
    return OnlineCredit(
        person_id=_id(person.get("id")),
        person=name,
        character=_line(character.get("name"), MAX_LINE),
        image_url=_url(_dict(person.get("image")).get("medium")),
    )
