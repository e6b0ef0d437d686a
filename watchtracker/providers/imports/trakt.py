"""Trakt's data export (a zip or folder of JSON files, the shapes of Trakt's API) -> ImportBatch.

Each JSON file's role comes from its name when Trakt's (``watched-history.json``,
``lists-watchlist.json`` ...), otherwise from the shape of its items, so a lone renamed file still
reads. What is taken:

- history (``watched-history.json``, ``history-*.json``): one viewing per play, UTC date. The same
  history id twice, or the same episode at the same instant twice, is a duplicate: dropped, counted.
- watched shows (``watched-shows.json``): per episode ``plays`` and ``last_watched_at``. History
  wins: an episode's history plays are kept and watched-shows only adds the plays history lacks
  (none when history has them all), undated, except that an episode absent from history gets its
  ``last_watched_at`` on one viewing. So both files together never count a play twice.
- watchlist (``lists-watchlist.json``; seasons and episodes on it put their show there), favourites
  (``lists-favorites.json``), show ratings (``ratings-shows.json``, or a watchlist ``my_rating``).
- Left out, each with a line in ``skipped``: movies, episode and season ratings (ratings are kept
  per series), custom lists, and files that are not read (profile, comments ...).
Season 0 (specials) stays season 0.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from watchtracker.domain.dates import as_utc_or_none
from watchtracker.domain.transfer import ExternalIds, ImportBatch, ImportedShow, ImportedViewing, NotAnExport
from watchtracker.providers.imports.files import Source

FORMAT = "trakt"

# role by file name (lower case); None: a Trakt file that holds nothing for a series tracker
_ROLE_BY_NAME: dict[str, str | None] = {
    "watched-history.json": "history",
    "history.json": "history",
    "watched-shows.json": "watched",
    "lists-watchlist.json": "watchlist",
    "lists-favorites.json": "favorites",
    "ratings-shows.json": "ratings",
    "ratings-episodes.json": "ratings",
    "ratings-seasons.json": "ratings",
    "ratings-movies.json": "ratings",
    "watched-movies.json": "watched",
    "collection-movies.json": None,
    "collection-shows.json": None,
    "lists-lists.json": None,
    "lists-collaborations.json": None,
    "user-profile.json": None,
    "user-stats.json": None,
}
_NAME_PATTERNS = (
    (re.compile(r"^(watched-)?history(-\d+)?\.json$"), "history"),
    (re.compile(r"^lists-list-.+\.json$"), None),
    (re.compile(r"^comments-.+\.json$"), None),
)
# markers in the first bytes of a Trakt JSON array, one set per role
_MARKERS = (
    ("history", (b'"watched_at"', b'"action"')),
    ("watched", (b'"last_watched_at"', b'"plays"')),
    ("ratings", (b'"rated_at"', b'"rating"')),
    ("watchlist", (b'"listed_at"',)),
)
_SNIFF = 16_384


def looks_like(source: Source) -> bool:
    """True when one of the files is a Trakt export file: by its Trakt name and a JSON array
    inside, or by the shape of its first item."""
    return any(_role(source, name) for name in source.names()[:200])


def read(source: Source) -> ImportBatch:
    roles: dict[str, list[str]] = defaultdict(list)
    not_read: list[str] = []
    for name in source.names():
        role = _role(source, name)
        (roles[role].append(name) if role else not_read.append(name))
    if not roles:
        if len(source.names()) == 1:
            source.read_json(source.names()[0])  # binary, not JSON, cut off ...: says so
        raise NotAnExport(
            f"{source.label}: not a Trakt export (no watched history, watched shows, watchlist or ratings file)"
        )
    acc = _Accumulator()
    for role in ("history", "watched", "watchlist", "favorites", "ratings"):
        for name in roles.get(role, ()):
            items = source.read_json(name)
            if not isinstance(items, list):
                raise NotAnExport(f"{source.describe(name)}: not a Trakt export file (expected a list)")
            acc.file = name.rsplit("/", 1)[-1]
            for i in range(len(items)):  # each item let go once taken: the file is not held twice
                item, items[i] = items[i], None
                acc.take(item, role)
            del items
            acc.flush_file_notes()
    acc.merge_watched()
    if not_read:
        acc.skipped.append(
            f"files not read: {', '.join(n.rsplit('/', 1)[-1] for n in not_read[:12])}"
            + (f" and {len(not_read) - 12} more" if len(not_read) > 12 else "")
        )
    return ImportBatch(format=FORMAT, shows=acc.shows(), skipped=tuple(acc.skipped), source=source.label)


def _role(source: Source, name: str) -> str | None:
    base = name.rsplit("/", 1)[-1].lower()
    try:
        head = source.head(name, _SNIFF)
    except NotAnExport:
        return None
    body = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not body.startswith(b"["):
        return None
    if base in _ROLE_BY_NAME:
        return _ROLE_BY_NAME[base]
    for pattern, role in _NAME_PATTERNS:
        if pattern.match(base):
            return role
    for role, markers in _MARKERS:
        if all(m in body for m in markers) and (b'"show"' in body or b'"movie"' in body or b'"episode"' in body):
            return role
    return None


@dataclass
class _Show:
    key: str
    title: str
    year: int | None
    ids: ExternalIds
    history: list[ImportedViewing] = field(default_factory=list)
    watched: dict[tuple[int, int], tuple[int, datetime | None]] = field(default_factory=dict)
    rating: int | None = None
    favourite: bool = False
    watchlist: bool = False
    notes: str = ""


class _Accumulator:
    def __init__(self) -> None:
        self._shows: dict[str, _Show] = {}
        self.skipped: list[str] = []
        self.file = ""
        self._seen_history_ids: set[int] = set()
        self._seen_plays: set[tuple[str, int, int, datetime | None]] = set()
        self._counts: dict[str, int] = defaultdict(int)

    # -- one item -----------------------------------------------------------------------------
    def take(self, item: Any, role: str) -> None:
        if not isinstance(item, dict):
            self._counts["not an entry"] += 1
            return
        kind = item.get("type") or ("show" if "seasons" in item else None)
        if kind == "movie" or "movie" in item and "show" not in item:
            self._counts["movie"] += 1
            return
        if role == "ratings" and kind not in (None, "show"):
            self._counts[f"{kind} rating"] += 1
            return
        show = self._show(item.get("show"))
        if show is None:
            self._counts["without a show"] += 1
            return
        if role == "history":
            self._take_play(show, item)
        elif role == "watched":
            self._take_watched(show, item)
        elif role == "watchlist":
            show.watchlist = True
            if isinstance(item.get("notes"), str) and item["notes"].strip():
                show.notes = item["notes"].strip()
            if kind == "show" and show.rating is None:
                show.rating = _rating(item.get("my_rating"))
        elif role == "favorites":
            show.favourite = True
        elif role == "ratings":
            rating = _rating(item.get("rating"))
            if rating is None:
                self._counts["rating out of 1-10"] += 1
            else:
                show.rating = rating

    def _take_play(self, show: _Show, item: dict) -> None:
        ep = _obj(item.get("episode"))
        season, number = _int(ep.get("season")), _int(ep.get("number"))
        if season is None or number is None or season < 0 or number < 0:
            self._counts["play without a season and episode number"] += 1
            return
        watched_at = _date(item.get("watched_at"))
        if watched_at is None:
            self._counts["undated play"] += 1
        hid = _id(item.get("id"))
        if hid is not None and hid in self._seen_history_ids:
            self._counts["duplicate play"] += 1
            return
        play_key = (show.key, season, number, watched_at)
        if watched_at is not None and play_key in self._seen_plays:
            self._counts["duplicate play"] += 1
            return
        if hid is not None:
            self._seen_history_ids.add(hid)
        self._seen_plays.add(play_key)
        ids = _obj(ep.get("ids"))
        title = _text(ep.get("title"))
        show.history.append(ImportedViewing(season, number, watched_at, title, _id(ids.get("tvdb"))))

    def _take_watched(self, show: _Show, item: dict) -> None:
        seasons = item.get("seasons")
        for s in seasons if isinstance(seasons, list) else ():
            season = _int(s.get("number")) if isinstance(s, dict) else None
            episodes = s.get("episodes") if isinstance(s, dict) else None
            if season is None or season < 0 or not isinstance(episodes, list):
                self._counts["watched season without a number"] += 1
                continue
            for e in episodes:
                number = _int(e.get("number")) if isinstance(e, dict) else None
                if number is None or number < 0:
                    self._counts["watched episode without a number"] += 1
                    continue
                plays = _int(e.get("plays"))
                plays = 1 if plays is None or plays < 1 else min(plays, 1000)
                old_plays, old_at = show.watched.get((season, number), (0, None))
                at = _date(e.get("last_watched_at"))
                show.watched[(season, number)] = (max(old_plays, plays), max(filter(None, (old_at, at)), default=None))

    def flush_file_notes(self) -> None:
        for what, n in sorted(self._counts.items()):
            self.skipped.append(f"{self.file}: {_NOTES.get(what, what)}: {n:,}")
        self._counts.clear()

    # -- history wins over watched-shows ----------------------------------------------------
    def merge_watched(self) -> None:
        for show in self._shows.values():
            have: dict[tuple[int, int], int] = defaultdict(int)
            for v in show.history:
                have[(v.season, v.number)] += 1
            for (season, number), (plays, last_at) in sorted(show.watched.items()):
                got = have[(season, number)]
                for i in range(max(plays - got, 0)):
                    at = last_at if got == 0 and i == 0 else None
                    show.history.append(ImportedViewing(season, number, at))

    def shows(self) -> tuple[ImportedShow, ...]:
        out = []
        for s in self._shows.values():
            viewings = sorted(
                s.history, key=lambda v: (v.watched_at is None, v.watched_at or _EPOCH, v.season, v.number)
            )
            out.append(
                ImportedShow(
                    key=s.key,
                    title=s.title,
                    year=s.year,
                    ids=s.ids,
                    viewings=tuple(viewings),
                    rating=s.rating,
                    favourite=s.favourite,
                    watchlist=s.watchlist,
                    notes=s.notes,
                )
            )
        return tuple(sorted(out, key=lambda s: (s.title.casefold(), s.key)))

    def _show(self, raw: Any) -> _Show | None:
        if not isinstance(raw, dict):
            return None
        ids_raw = _obj(raw.get("ids"))
        imdb = ids_raw.get("imdb")
        ids = ExternalIds(
            thetvdb=_id(ids_raw.get("tvdb")),
            tmdb=_id(ids_raw.get("tmdb")),
            trakt=_id(ids_raw.get("trakt")),
            imdb=imdb.strip() if isinstance(imdb, str) and re.fullmatch(r"\s*tt\d+\s*", imdb) else None,
        )
        title = _text(raw.get("title"))
        year = _int(raw.get("year"))
        year = year if year is not None and 1800 < year < 3000 else None
        slug = ids_raw.get("slug") if isinstance(ids_raw.get("slug"), str) else None
        if ids.trakt is not None:
            key = f"trakt:{ids.trakt}"
        elif ids.thetvdb is not None:
            key = f"tvdb:{ids.thetvdb}"
        elif ids.imdb:
            key = f"imdb:{ids.imdb}"
        elif ids.tmdb is not None:
            key = f"tmdb:{ids.tmdb}"
        elif slug:
            key = f"slug:{slug}"
        elif title.strip():
            key = f"title:{title.strip().casefold()} ({year or '?'})"
        else:
            return None
        show = self._shows.get(key)
        if show is None:
            show = self._shows[key] = _Show(key, title.strip() or slug or key, year, ids)
        elif not show.ids.imdb and ids.imdb or show.year is None and year is not None:
            show.ids = replace(show.ids, imdb=show.ids.imdb or ids.imdb)
            show.year = show.year or year
        return show


_NOTES = {
    "movie": "movies (watchtracker tracks series)",
    "duplicate play": "duplicate plays dropped",
    "undated play": "plays with no readable date kept without a date",
    "episode rating": "episode ratings (ratings are kept per series)",
    "season rating": "season ratings (ratings are kept per series)",
    "rating out of 1-10": "ratings outside 1-10",
    "without a show": "entries without a show",
    "not an entry": "entries that are not objects",
    "play without a season and episode number": "plays without a season and episode number",
    "watched season without a number": "watched seasons without a number",
    "watched episode without a number": "watched episodes without a number",
}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _obj(value: Any) -> dict:
    """A JSON object, or an empty one in place of anything else."""
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    """A JSON string, or "" in place of anything else."""
    return value if isinstance(value, str) else ""


def _int(value: Any) -> int | None:
    """A whole number from JSON: ints, or strings of ASCII digits ("²".isdigit() is True too)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if abs(value) < 10**15 else None
    if isinstance(value, str):
        text = value.strip()
        if text.isascii() and text.isdigit() and len(text) < 16:
            return int(text)
    return None


def _id(value: Any) -> int | None:
    """An id: a positive whole number (Trakt's 0 and below mean none)."""
    n = _int(value)
    return n if n is not None and n > 0 else None


def _rating(value: Any) -> int | None:
    n = _int(value)
    return n if n is not None and 1 <= n <= 10 else None


def _date(value: Any) -> datetime | None:
    """Trakt's "2014-03-31T09:28:53.000Z" as aware UTC; None when absent or unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return as_utc_or_none(dt)  # None for year 9999 at -05:00: no UTC time
