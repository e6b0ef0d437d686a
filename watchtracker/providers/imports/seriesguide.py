"""SeriesGuide's JSON backup read into an ``ImportBatch``.

SeriesGuide writes three files, each one JSON array (see ``FORMATS.md`` section 2): shows (with
seasons and episodes), lists and movies. Any of them may come alone, or together in a folder or a
zip. Gson wrote them: ``\\u0027``/``\\u0026`` escapes (any JSON parser undoes them) and optional
fields left out when null, so every field here is read as "may be missing, may be the wrong type".

What is read, and how:

- A show's ids are ``tmdb_id``, ``tvdb_id`` (older backups have only this), ``imdb_id`` (``""``
  or a non-``tt`` value means none) and ``trakt_id``. Its key is the first of
  ``tmdb:`` / ``tvdb:`` / ``trakt:`` / ``imdb:`` it has, else ``title:<title>``; a show with
  neither an id nor a title is skipped with a line, a second copy of a key is skipped with a line.
- Year: from the show's ``first_aired`` (ISO-8601; epoch milliseconds are taken too).
  ``rating_user`` 1-10 is the rating, 0 is "not rated". ``favorite`` is the favourite flag,
  ``user_note`` the notes. SeriesGuide has no date a show was added: ``followed_at`` stays None.
- ``hidden`` (SeriesGuide's "archived"): the viewer put the show away. It becomes
  ``COMPLETED`` when every regular (season >= 1) episode listed is watched or skipped, else
  ``DROPPED``. A show that is not hidden has no state: the import decides from its viewings.
- Episodes: ``skipped`` wins over ``watched`` (as in SeriesGuide) and is not a viewing. A watched
  episode gives ``plays`` viewings (at least one, at most ``MAX_PLAYS``). SeriesGuide keeps no
  date per play, so ``watched_at`` is None - except one: the show's ``last_watched_ms`` is the
  time the viewer last marked an episode of it watched, which is almost always the last regular
  episode watched, so that episode's last play gets that time, provided the episode had aired by
  then (``first_aired`` <= ``last_watched_ms``). Specials never get it.
  An episode without season or episode number (the minimal import format has only TMDB ids) cannot
  be placed: it is counted in a line. An episode listed twice counts once (a line says so).
  Episode ratings have no place in the batch: counted in a line.
- Lists: a ``tmdb-show`` (TMDB id) or legacy ``show`` (TheTVDB id) item whose show is in the
  shows file adds nothing. One that is not (a lists file read alone) becomes a show on the
  watchlist, known only by its id (its title is empty: the import matches it by id). Seasons and
  episodes in lists are counted in a line and left out.
- Movies: counted in a line and left out (watchtracker follows series).
- A source is recognised by the first bytes of its files (an array of objects with SeriesGuide's
  keys, not Trakt's ``show``/``ids``); ``read`` then parses every JSON array in it and names the
  other files in a line. One broken (cut off) backup file refuses the whole source.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from watchtracker.domain.enums import ViewerState
from watchtracker.domain.transfer import (
    ExternalIds,
    ImportBatch,
    ImportedShow,
    ImportedViewing,
    NotAnExport,
)
from watchtracker.providers.imports.files import SNIFF_BYTES, Source

FORMAT = "seriesguide"
NOT_JSON = object()  # a file of the source that is not a JSON array, for ``read_documents``
MAX_PLAYS = 100  # more plays of one episode than this is a broken file, not a viewer

# Keys of a SeriesGuide show that other JSON (TVmaze's, Trakt's) does not use; two of them, or
# "seasons", make an object a show.
_SHOW_KEYS = frozenset(
    {
        "tmdb_id",
        "tvdb_id",
        "seasons",
        "release_time",
        "release_weekday",
        "release_timezone",
        "last_watched_ms",
        "rating_user",
        "trakt_id",
        "user_note",
        "user_note_trakt_id",
        "custom_release_time",
        "custom_release_day_offset",
        "custom_release_timezone",
        "content_rating",
        "rating_tmdb",
        "rating_tmdb_votes",
    }
)
_MOVIE_KEYS = frozenset({"released_utc_ms", "runtime_min", "in_collection", "in_watchlist", "last_updated_ms"})
# Keys of other trackers' JSON (Trakt's items wrap a "show"/"movie" with "ids").
_FOREIGN_KEYS = frozenset({"show", "movie", "ids", "episode", "number"})
_PLURALS = {"show without a usable id": "shows without a usable id"}
_MAX_MS = 4_102_444_800_000  # 2100-01-01: later (Long.MAX_VALUE means unknown) is no date


# -- values -----------------------------------------------------------------------------------


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit() and len(value.strip()) <= 18:
        return int(value.strip())
    return None


def _id(value: Any) -> int | None:
    number = _int(value)
    return number if number is not None and 0 < number < 2**63 else None


def _str(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _imdb(value: Any) -> str | None:
    text = _str(value)
    tail = text[2:]
    return text if text.startswith("tt") and tail.isascii() and tail.isdigit() and 7 <= len(tail) <= 8 else None


def _ms(value: Any) -> datetime | None:
    number = _int(value)
    if number is None or not 0 < number < _MAX_MS:
        return None
    return datetime.fromtimestamp(number / 1000, tz=UTC)


def _year(value: Any) -> int | None:
    """From an ISO date (the show's ``first_aired``), or epoch milliseconds (older backups)."""
    aired = _ms(value) if isinstance(value, int) and value > 10**10 else None  # not 2005 as ms
    if aired is not None:
        return aired.year
    text = _str(value)
    head = text[:4]
    if len(head) == 4 and head.isascii() and head.isdigit() and 1870 <= int(head) <= 2100:
        return int(head)
    return None


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


# -- recognising ------------------------------------------------------------------------------


def kind_of(data: Any) -> str | None:
    """``"shows"``, ``"lists"`` or ``"movies"`` when ``data`` (parsed JSON) is that SeriesGuide
    file, else None. An empty array is none of them: it says nothing about where it came from."""
    if not isinstance(data, list):
        return None
    votes: Counter[str] = Counter()
    for item in data:
        kind = _item_kind(item)
        if kind:
            votes[kind] += 1
    if not votes:
        return None
    return votes.most_common(1)[0][0]


def _item_kind(item: Any) -> str | None:
    if not isinstance(item, dict) or _FOREIGN_KEYS & item.keys():
        return None
    if "list_id" in item and isinstance(item.get("items", []), list):
        return "lists"
    if isinstance(item.get("seasons"), list) or len(_SHOW_KEYS & item.keys()) >= 2:
        return "shows"
    if _MOVIE_KEYS & item.keys():
        return "movies"
    return None


# -- reading ----------------------------------------------------------------------------------


def read_documents(documents: Iterable[tuple[str, Any]], source: str = "") -> ImportBatch:
    """The batch from parsed JSON files, each ``(name, data)``. Files that are not SeriesGuide's
    are named in ``skipped``; when none of them is, NotAnExport. Empty arrays are empty files."""
    shows: list[ImportedShow] = []
    skipped: list[str] = []
    lists: list[tuple[str, list]] = []
    recognised = False
    for name, data in documents:
        kind = kind_of(data)
        label = f"{name}: " if name else ""
        if kind is None:
            if data is NOT_JSON:
                skipped.append(f"{name or 'a file'}: not JSON; left out")
            elif data == []:
                recognised = True  # an empty backup file: nothing in it, nothing wrong with it
            else:
                skipped.append(f"{name or 'a file'}: not a SeriesGuide backup file; left out")
            continue
        recognised = True
        if kind == "shows":
            _read_shows(data, label, shows, skipped)
        elif kind == "lists":
            lists.append((label, data))
        else:
            _count_movies(data, label, skipped)
    if not recognised:
        where = f"{source}: " if source else ""
        raise NotAnExport(f"{where}not a SeriesGuide backup (no array of shows, lists or movies)")
    for label, data in lists:
        _read_lists(data, label, shows, skipped)
    return ImportBatch(format=FORMAT, shows=tuple(shows), skipped=tuple(skipped), source=source)


def _key(ids: ExternalIds, title: str) -> str | None:
    for prefix, value in (("tmdb", ids.tmdb), ("tvdb", ids.thetvdb), ("trakt", ids.trakt), ("imdb", ids.imdb)):
        if value is not None:
            return f"{prefix}:{value}"
    return f"title:{title}" if title else None


def _read_shows(data: list, label: str, shows: list[ImportedShow], skipped: list[str]) -> None:
    keys = {s.key for s in shows}
    for index in range(1, len(data) + 1):
        item, data[index - 1] = data[index - 1], None  # let go of each show once read
        if _item_kind(item) != "shows":
            skipped.append(f"{label}item {index} is not a show; left out")
            continue
        ids = ExternalIds(
            tmdb=_id(item.get("tmdb_id")),
            thetvdb=_id(item.get("tvdb_id")),
            imdb=_imdb(item.get("imdb_id")),
            trakt=_id(item.get("trakt_id")),
        )
        title = _str(item.get("title"))
        key = _key(ids, title)
        if key is None:
            skipped.append(f"{label}show {index} has neither an id nor a title; left out")
            continue
        name = f"“{title}”" if title else key
        if key in keys:
            also = f" ({key})" if title else ""
            skipped.append(f"{label}show {name}{also} appears again as show {index}; the second copy is left out")
            continue
        keys.add(key)
        viewings, regular_done, notes = _read_seasons(item, name, label)
        skipped.extend(notes)
        rating = _int(item.get("rating_user"))
        state = None
        if item.get("hidden") is True:
            state = ViewerState.COMPLETED if regular_done else ViewerState.DROPPED
        shows.append(
            ImportedShow(
                key=key,
                title=title,
                year=_year(item.get("first_aired")),
                ids=ids,
                viewings=viewings,
                rating=rating if rating is not None and 1 <= rating <= 10 else None,
                favourite=item.get("favorite") is True,
                state=state,
                notes=_str(item.get("user_note")),
            )
        )


def _read_seasons(show: dict, name: str, label: str) -> tuple[tuple[ImportedViewing, ...], bool, list[str]]:
    """The show's viewings; whether every regular episode listed is watched or skipped (False
    when it lists none); and the lines for what could not be placed."""
    viewings: list[ImportedViewing] = []
    unplaced = rated = capped = repeated = 0
    regular = regular_done = 0
    seen: set[tuple[int, int]] = set()
    last: tuple[int, int, int, datetime | None] | None = None  # (season, number, index, aired)
    seasons = show.get("seasons")
    for season in seasons if isinstance(seasons, list) else ():
        if not isinstance(season, dict):
            continue
        season_number = _int(season.get("season"))
        episodes = season.get("episodes")
        for episode in episodes if isinstance(episodes, list) else ():
            if not isinstance(episode, dict):
                continue
            number = _int(episode.get("episode"))
            place = (
                (season_number, number)
                if season_number is not None and season_number >= 0 and number is not None and number >= 0
                else None
            )  # (season, number)
            if place is not None:
                if place in seen:
                    repeated += 1
                    continue
                seen.add(place)
            skipped = episode.get("skipped") is True
            watched = episode.get("watched") is True and not skipped
            episode_rating = _int(episode.get("rating_user"))
            if episode_rating is not None and 1 <= episode_rating <= 10:
                rated += 1
            if place is not None and place[0] >= 1:
                regular += 1
                regular_done += watched or skipped
            if not watched:
                continue
            if place is None:
                unplaced += 1
                continue
            plays = _int(episode.get("plays")) or 1
            if plays > MAX_PLAYS:
                capped += 1
            plays = min(max(plays, 1), MAX_PLAYS)
            viewing = ImportedViewing(
                season=place[0],
                number=place[1],
                episode_title=_str(episode.get("title")),
                thetvdb_episode=_id(episode.get("tvdb_id")),
            )
            viewings.extend([viewing] * plays)
            if place[0] >= 1 and (last is None or place > last[:2]):
                last = (place[0], place[1], len(viewings) - 1, _ms(episode.get("first_aired")))
    last_watched = _ms(show.get("last_watched_ms"))
    if last is not None and last_watched is not None and (last[3] is None or last[3] <= last_watched):
        index = last[2]
        viewings[index] = ImportedViewing(
            season=viewings[index].season,
            number=viewings[index].number,
            watched_at=last_watched,
            episode_title=viewings[index].episode_title,
            thetvdb_episode=viewings[index].thetvdb_episode,
        )
    notes = []
    if unplaced:
        notes.append(
            f"{label}{name}: {_plural(unplaced, 'watched episode')} without season or episode number; left out"
        )
    if repeated:
        notes.append(f"{label}{name}: {_plural(repeated, 'episode')} listed again; the second copy left out")
    if capped:
        notes.append(f"{label}{name}: {_plural(capped, 'episode')} with more than {MAX_PLAYS} plays; {MAX_PLAYS} kept")
    if rated:
        notes.append(f"{label}{name}: {_plural(rated, 'episode rating')} not imported (only series are rated here)")
    return tuple(viewings), regular > 0 and regular_done == regular, notes


def _read_lists(data: list, label: str, shows: list[ImportedShow], skipped: list[str]) -> None:
    by_tmdb = {s.ids.tmdb: s for s in shows if s.ids.tmdb is not None}
    by_tvdb = {s.ids.thetvdb: s for s in shows if s.ids.thetvdb is not None}
    keys = {s.key for s in shows}
    for index, entry in enumerate(data, start=1):
        if _item_kind(entry) != "lists":
            skipped.append(f"{label}item {index} is not a list; left out")
            continue
        list_name = _str(entry.get("name")) or _str(entry.get("list_id")) or f"list {index}"
        items = entry.get("items")
        left_out: Counter[str] = Counter()
        for item in items if isinstance(items, list) else ():
            kind = _str(item.get("type")) if isinstance(item, dict) else ""
            external = _id(item.get("externalId")) if isinstance(item, dict) else None
            if kind not in ("tmdb-show", "show"):
                left_out[kind if kind in ("season", "episode") else "other item"] += 1
                continue
            if external is None:
                left_out["show without a usable id"] += 1
                continue
            if kind == "tmdb-show":
                known, ids, key = by_tmdb.get(external), ExternalIds(tmdb=external), f"tmdb:{external}"
            else:
                known, ids, key = by_tvdb.get(external), ExternalIds(thetvdb=external), f"tvdb:{external}"
            if known is not None or key in keys:
                continue  # already in the shows file: being on a list adds nothing to it
            keys.add(key)
            shows.append(ImportedShow(key=key, title="", ids=ids, watchlist=True))
        if left_out:
            what = ", ".join(_plural(n, k, _PLURALS.get(k)) for k, n in sorted(left_out.items()))
            skipped.append(f"{label}list “{list_name}”: {what} left out (only whole shows are imported)")


def _count_movies(data: list, label: str, skipped: list[str]) -> None:
    movies = sum(1 for item in data if _item_kind(item) == "movies")
    others = len(data) - movies
    skipped.append(f"{label}{_plural(movies, 'movie')} left out (watchtracker follows series)")
    if others:
        skipped.append(f"{label}{_plural(others, 'item')} that are not movies left out")


# -- the reader's face ------------------------------------------------------------------------

_KEY = re.compile(rb'"([A-Za-z_]{2,40})"\s*:')


def _sniff(head: bytes) -> str | None:
    """What the first bytes of a file say it is: ``"shows"``/``"lists"``/``"movies"`` for a
    SeriesGuide file, ``"json"`` for another JSON array, None for anything else."""
    body = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not body.startswith(b"["):
        return None
    keys = {k.decode("ascii") for k in _KEY.findall(body)}
    if not body[1:].lstrip(b" \t\r\n").startswith(b"{") or keys & {"show", "movie", "ids"}:
        return "json"
    if "list_id" in keys:
        return "lists"
    if "seasons" in keys or len((_SHOW_KEYS - {"seasons"}) & keys) >= 2:
        return "shows"
    if len(_MOVIE_KEYS & keys) >= 2:
        return "movies"
    return "json"


def _documents(source: Source) -> Iterator[tuple[str, Any]]:
    """Every JSON array of ``source`` as ``(name, data)``; other files as ``(name, NOT_JSON)``."""
    for name in source.names():
        try:
            head = source.head(name, SNIFF_BYTES)
        except NotAnExport:
            head = b""
        if _sniff(head) is None:
            yield source.describe(name), NOT_JSON
        else:
            yield source.describe(name), source.read_json(name)


def looks_like(source: Source) -> bool:
    """True when the first bytes of some file of ``source`` are those of a SeriesGuide shows,
    lists or movies backup (an array of objects with SeriesGuide's keys)."""
    for name in source.names():
        try:
            if _sniff(source.head(name, SNIFF_BYTES)) in ("shows", "lists", "movies"):
                return True
        except NotAnExport:
            continue
    return False


def read(source: Source) -> ImportBatch:
    """The whole backup in ``source``, or NotAnExport with one line saying why not."""
    return read_documents(_documents(source), source=source.label)
