"""TVmaze's public API (no key): search, a show with its seasons, episodes and cast, lookups by
TheTVDB or IMDb id, and the update feed. JSON in, plain dataclasses out; shapes are checked and
an answer that is not what TVmaze sends is refused with BadResponse."""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from html.parser import HTMLParser
from typing import Any

from watchtracker.domain.dates import PartialDate
from watchtracker.domain.enums import LifecycleStatus
from watchtracker.providers.errors import BadResponse, NotFoundOnline
from watchtracker.providers.http import PoliteClient

DEFAULT_URL = "https://api.tvmaze.com"
ENV_URL = "WATCHTRACKER_TVMAZE_URL"
NAME = "TVmaze"


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

    def _get(self, path: str, params: dict | None = None) -> Any:
        return self.http.get_json(f"{self.url}{path}", params, what=NAME)

    def search(self, query: str) -> list[SearchResult]:
        data = self._get("/search/shows", {"q": query})
        if not isinstance(data, list):
            raise BadResponse(f"{NAME} sent search results in a shape we do not know.")
        out = []
        for item in data:
            if isinstance(item, dict) and isinstance(item.get("show"), dict):
                out.append(SearchResult(float(item.get("score") or 0), parse_show(item["show"])))
        return out

    def show(self, tvmaze_id: int) -> OnlineShow:
        data = self._get(
            f"/shows/{int(tvmaze_id)}",
            [("embed[]", "seasons"), ("embed[]", "episodes"), ("embed[]", "cast")],
        )
        return parse_show(data, embedded=True)

    def lookup(self, *, thetvdb: int | None = None, imdb: str | None = None) -> int | None:
        """TVmaze's id for a show known by another id, or None."""
        params = {"thetvdb": thetvdb} if thetvdb is not None else {"imdb": imdb}
        try:
            data = self._get("/lookup/shows", params)
        except NotFoundOnline:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("id"), int):
            raise BadResponse(f"{NAME} sent a lookup answer in a shape we do not know.")
        return data["id"]

    def updates(self, since: str = "week") -> dict[int, int]:
        """Show id -> last update (unix seconds) for shows changed in the last day, week or month."""
        data = self._get("/updates/shows", {"since": since})
        if not isinstance(data, dict):
            raise BadResponse(f"{NAME} sent an update list in a shape we do not know.")
        out = {}
        for key, value in data.items():
            if str(key).isdigit() and isinstance(value, int):
                out[int(key)] = value
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
        today = today or datetime.now(timezone.utc).date()
        if premiere.earliest() > today:
            return LifecycleStatus.UPCOMING  # in development, with a premiere date ahead
    return status


def parse_show(data: Any, *, embedded: bool = False) -> OnlineShow:
    if not isinstance(data, dict) or not isinstance(data.get("id"), int) or not isinstance(data.get("name"), str):
        raise BadResponse(f"{NAME} sent a show in a shape we do not know.")
    try:
        premiere = _partial(data.get("premiered"))
        channel = data.get("network") or data.get("webChannel") or {}
        country = (channel.get("country") or {}) if isinstance(channel, dict) else {}
        externals = data.get("externals") or {}
        image = data.get("image") or {}
        emb = data.get("_embedded") or {} if embedded else {}
        seasons = tuple(_season(s) for s in emb.get("seasons", []) if isinstance(s, dict))
        episodes = tuple(
            e for e in (_episode(x) for x in emb.get("episodes", []) if isinstance(x, dict)) if e is not None
        )
        cast = tuple(_credit(c) for c in emb.get("cast", []) if isinstance(c, dict))
        thetvdb = externals.get("thetvdb")
        imdb = externals.get("imdb")
        return OnlineShow(
            tvmaze_id=data["id"],
            title=data["name"].strip(),
            overview=html_to_text(data.get("summary")),
            status=map_status(data.get("status") or "", premiere),
            remote_status=data.get("status") or "",
            premiere=premiere,
            ended=_partial(data.get("ended")),
            network=(channel.get("name") or "") if isinstance(channel, dict) else "",
            country=country.get("code") or "",
            language=data.get("language") or "",
            genres=tuple(g for g in data.get("genres") or () if isinstance(g, str)),
            runtime=data.get("runtime") or data.get("averageRuntime"),
            poster_url=image.get("original") or image.get("medium"),
            thumb_url=image.get("medium") or image.get("original"),
            thetvdb_id=thetvdb if isinstance(thetvdb, int) else None,
            imdb_id=imdb if isinstance(imdb, str) and re.fullmatch(r"tt\d{5,10}", imdb) else None,
            updated=data.get("updated") if isinstance(data.get("updated"), int) else None,
            seasons=seasons,
            episodes=episodes,
            cast=cast,
        )
    except (AttributeError, TypeError, ValueError, KeyError) as exc:
        raise BadResponse(f"{NAME} sent a show in a shape we do not know ({exc}).") from None


def _partial(text: Any) -> PartialDate | None:
    if not text or not isinstance(text, str):
        return None
    return PartialDate.from_date(date.fromisoformat(text[:10]))


def _date(text: Any) -> date | None:
    return date.fromisoformat(text[:10]) if isinstance(text, str) and text else None


def _season(s: dict) -> OnlineSeason:
    return OnlineSeason(
        tvmaze_id=int(s["id"]),
        number=int(s["number"]),
        name=s.get("name") or "",
        premiere=_date(s.get("premiereDate")),
        episode_order=s.get("episodeOrder"),
    )


def _episode(e: dict) -> OnlineEpisode | None:
    number = e.get("number")
    if number is None:  # a special without a number: no place in the S/E grid
        return None
    stamp = None
    # without an air time the episode is date-only: its airstamp would be an invented midnight
    if e.get("airtime") and isinstance(e.get("airstamp"), str) and e["airstamp"]:
        stamp = datetime.fromisoformat(e["airstamp"].replace("Z", "+00:00"))
        stamp = (stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)
    return OnlineEpisode(
        tvmaze_id=int(e["id"]),
        season=int(e["season"]),
        number=int(number),
        title=(e.get("name") or "").strip(),
        summary=html_to_text(e.get("summary")),
        air_date=_date(e.get("airdate")),
        airstamp=stamp,
        runtime=e.get("runtime"),
    )


def _credit(c: dict) -> OnlineCredit:
    person = c.get("person") or {}
    character = c.get("character") or {}
    image = person.get("image") or {}
    return OnlineCredit(
        person_id=person.get("id") if isinstance(person.get("id"), int) else None,
        person=(person.get("name") or "").strip(),
        character=(character.get("name") or "").strip(),
        image_url=image.get("medium"),
    )


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag, attrs) -> None:
        if tag in ("br", "p", "li") and self.parts:
            self.parts.append("\n" if tag == "br" else "\n\n")


def html_to_text(value: Any) -> str:
    """TVmaze summaries are HTML: keep the text, drop every tag (nothing is ever rendered)."""
    if not value or not isinstance(value, str):
        return ""
    parser = _Text()
    parser.feed(value)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t]+", " ", html.unescape(text))
    return re.sub(r"\n{3,}", "\n\n", text).strip()
