"""TV Time's data export (a zip or folder of CSVs; the format changed over the years) -> ImportBatch.

Columns are found by header name, never by position; a file's role comes from its header:

- episode rows (season + episode number + a show id or name): ``tracking-prod-records-v2.csv``,
  the episode variant of ``tracking-prod-records.csv``, ``seen_episode.csv``,
  ``seen_episode_source.csv``, ``watched_on_episode.csv``. These files repeat the same viewings,
  so they are read in that order and an episode already read from an earlier file is not taken
  again from a later one (a line in ``skipped`` says how many). Within a file, rows of the same
  episode with distinct times are separate viewings (rewatches); an exact repeat (same episode,
  same time) is dropped and counted. When a row says the episode was watched more often
  (``ep_watch_count``, ``1 + rewatch_count``) than it has dated rows, the rest are added undated.
  Time: ``created_at`` in the v2 file, ``updated_at`` (else ``created_at``) in the older ones, as
  "%Y-%m-%d %H:%M:%S" in UTC.
- show rows (``followed_tv_show.csv``, ``user_tv_show_data.csv``, show-level v2 rows,
  ``user_show_special_status.csv``): followed, favourite, archived, "for later".
  Followed (or for later) with nothing watched -> ``watchlist`` (plan to watch). Archived -> state
  DROPPED: TV Time's archive is its "stop watching" shelf. For later with viewings -> ON_HOLD.
- ``tv_show_rate.csv``: the show's rating; a file whose ratings are all 1-5 is a five-star scale and
  is doubled onto 1-10.
- Left out with a line: movies, episode votes (ratings are kept per series), custom lists, files
  not read.

``tv_show_id`` / ``s_id`` are TheTVDB series ids; ``episode_id`` / ``ep_id`` TheTVDB episode ids.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from watchtracker.domain.dates import as_utc_or_none
from watchtracker.domain.enums import ViewerState
from watchtracker.domain.transfer import ExternalIds, ImportBatch, ImportedShow, ImportedViewing, NotAnExport
from watchtracker.providers.imports.files import Source

FORMAT = "tvtime"

_SHOW_ID = ("tv_show_id", "s_id", "series_id", "show_id")
_SHOW_NAME = ("tv_show_name", "series_name", "show_name")
_SEASON = ("episode_season_number", "season_number", "s_no")
_NUMBER = ("episode_number", "ep_no")
_EPISODE_ID = ("episode_id", "ep_id")
_MARKERS = {"tv_show_id", "tv_show_name", "s_id", "series_name", "episode_season_number"}
_VIEWING_ORDER = (
    "tracking-prod-records-v2.csv",
    "tracking-prod-records.csv",
    "seen_episode.csv",
    "seen_episode_source.csv",
    "watched_on_episode.csv",
)
_ROLES = ("episodes", "shows", "rates", "votes", "lists")
_TRUE = {"1", "true", "yes", "t", "y"}
_MAX_PLAYS = 1000


def looks_like(source: Source) -> bool:
    """True when one of the files has a TV Time CSV header (show ids and names, TheTVDB
    season/episode columns, or the movie/episode tracking records)."""
    return any(_role(name, source.csv_header(name)) in _ROLES for name in source.names()[:200])


def read(source: Source) -> ImportBatch:
    files: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)
    for name in source.names():
        header = source.csv_header(name)
        files[_role(name, header) or "not read"].append((name, header or []))
    if not any(files.get(r) for r in _ROLES):
        if len(source.names()) == 1:
            with source.open_text(source.names()[0]):
                pass  # binary data, too big ...: says so
        raise NotAnExport(f"{source.label}: not a TV Time export (no file with TV Time's show or episode columns)")
    reader = _Reader(source)
    for name, _header in files.get("shows", []):
        reader.read_shows(name)
    for name, _header in files.get("rates", []):
        reader.read_rates(name)
    for name, header in sorted(files.get("episodes", []), key=lambda f: _viewing_rank(f[0])):
        reader.read_episodes(name, header)
    for name, _ in files.get("votes", []):
        reader.note(name, "episode ratings (ratings are kept per series)", reader.count_rows(name))
    for name, _ in files.get("lists", []):
        reader.note(name, "custom lists", reader.count_rows(name))
    not_read = [n for n, _ in files.get("not read", []) + files.get("other", [])]
    if not_read:
        reader.skipped.append(
            f"files not read: {', '.join(n.rsplit('/', 1)[-1] for n in not_read[:12])}"
            + (f" and {len(not_read) - 12} more" if len(not_read) > 12 else "")
        )
    return ImportBatch(format=FORMAT, shows=reader.shows(), skipped=tuple(reader.skipped), source=source.label)


def _role(name: str, header: list[str] | None) -> str | None:
    if not header:
        return None
    cols = set(header)
    base = name.rsplit("/", 1)[-1].lower()
    if base.startswith("lists-") and "objects" in cols:
        return "lists"
    if "vote_key" in cols or "episode_votes" in base:
        return "votes" if cols & _MARKERS or "vote_key" in cols else None
    if cols & set(_SEASON) and cols & set(_NUMBER) and cols & (set(_SHOW_ID) | set(_SHOW_NAME)):
        return "episodes"
    if "movie_name" in cols and "entity_type" in cols:
        return "episodes"  # tracking-prod-records.csv, movie variant: each row counted as a movie
    if cols & set(_SHOW_ID) and "rating" in cols:
        return "rates"
    if cols & set(_SHOW_ID):
        return "shows"
    return "other" if cols & _MARKERS else None


def _viewing_rank(name: str) -> tuple[int, str]:
    base = name.rsplit("/", 1)[-1].lower()
    return (_VIEWING_ORDER.index(base) if base in _VIEWING_ORDER else len(_VIEWING_ORDER), base)


@dataclass
class _Show:
    key: str
    title: str
    tvdb: int | None
    viewings: list[ImportedViewing] = field(default_factory=list)
    followed: bool = False
    followed_at: datetime | None = None
    favourite: bool = False
    archived: bool = False
    for_later: bool = False
    seen_count: int | None = None
    rating: int | None = None


class _Reader:
    def __init__(self, source: Source) -> None:
        self.source = source
        self.skipped: list[str] = []
        self._shows: dict[str, _Show] = {}
        self._ids_by_name: dict[str, int] = {}
        self._read_from: dict[tuple[str, int, int], str] = {}  # episode -> the file it came from
        self._show_cache: dict[tuple[str | None, ...], _Show] = {}

    def note(self, name: str, what: str, n: int) -> None:
        if n:
            self.skipped.append(f"{name.rsplit('/', 1)[-1]}: {what}: {n:,}")

    def count_rows(self, name: str) -> int:
        return sum(1 for _ in self.source.csv_rows(name))

    # -- shows --------------------------------------------------------------------------------
    def read_shows(self, name: str) -> None:
        base = name.rsplit("/", 1)[-1].lower()
        without = 0
        for row in self.source.csv_rows(name):
            show = self._show(row)
            if show is None:
                without += 1
                continue
            self._take_flags(show, row, followed_default=base == "followed_tv_show.csv")
        self.note(name, "rows without a show", without)

    def _take_flags(self, show: _Show, row: dict[str, str], followed_default: bool = False) -> None:
        flag = row.get("is_followed")
        follows = flag.lower() in _TRUE if flag else followed_default
        if follows:
            show.followed = True
            since = _time(row.get("created_at"))
            if since is not None and (show.followed_at is None or since < show.followed_at):
                show.followed_at = since
        show.favourite = show.favourite or _true(row, "is_favorited", "is_favourite", "is_favorite")
        show.archived = show.archived or _true(row, "archived", "is_archived")
        show.for_later = (
            show.for_later or _true(row, "is_for_later") or row.get("status", "").lower() in ("for_later", "for later")
        )
        seen = _int(row.get("nb_episodes_seen"))
        if seen is not None:
            show.seen_count = max(show.seen_count or 0, seen)

    def read_rates(self, name: str) -> None:
        rated: list[tuple[_Show, int]] = []
        bad = 0
        for row in self.source.csv_rows(name):
            show, value = self._show(row), _int(row.get("rating"))
            if show is None or value is None or not 1 <= value <= 10:
                bad += 1
                continue
            rated.append((show, value))
        five_star = bool(rated) and all(v <= 5 for _, v in rated)
        for show, value in rated:
            show.rating = value * 2 if five_star else value
        self.note(name, "ratings without a show or outside 1-10", bad)

    # -- viewings -----------------------------------------------------------------------------
    def read_episodes(self, name: str, header: list[str]) -> None:
        base = name.rsplit("/", 1)[-1]
        time_cols = (
            ("created_at", "updated_at")
            if base.lower().startswith("tracking-prod-records-v2")
            else ("updated_at", "created_at")
        )
        file_viewings: dict[tuple[str, int, int], list[ImportedViewing]] = defaultdict(list)
        wanted_plays: dict[tuple[str, int, int], int] = {}
        seen_rows: set[tuple[str, int, int, datetime | None]] = set()
        counts: dict[str, int] = defaultdict(int)
        width = len({h for h in header if h})
        for row in self.source.csv_rows(name):
            if len(row) < width:
                counts["incomplete rows (cut off)"] += 1
                continue
            entity = (row.get("entity_type") or "").lower()
            if entity not in ("", "episode", "series", "show", "tv_show") or row.get("movie_name"):
                counts["movies (watchtracker tracks series)"] += 1
                continue
            show = self._show(row)
            if show is None:
                counts["rows without a show"] += 1
                continue
            season, number = _first_int(row, _SEASON), _first_int(row, _NUMBER)
            if season is None and number is None:
                self._take_flags(show, row)  # a show-level record (follow, archive, for later)
                continue
            if season is None or number is None:
                counts["rows without a season or episode number"] += 1
                continue
            raw_time = next((row[c] for c in time_cols if row.get(c)), "")
            at = _time(raw_time)
            if raw_time and at is None:
                counts["rows with an unreadable date kept without a date"] += 1
            episode = (show.key, season, number)
            if (*episode, at) in seen_rows:
                counts["duplicate rows dropped"] += 1
                continue
            seen_rows.add((*episode, at))
            file_viewings[episode].append(
                ImportedViewing(season, number, at, thetvdb_episode=_first_int(row, _EPISODE_ID) or None)
            )
            plays = max(_int(row.get("ep_watch_count")) or 0, 1 + (_int(row.get("rewatch_count")) or 0))
            wanted_plays[episode] = min(max(wanted_plays.get(episode, 0), plays), _MAX_PLAYS)
        already: dict[str, int] = defaultdict(int)
        for episode, viewings in file_viewings.items():
            earlier = self._read_from.get(episode)
            if earlier is not None and earlier != base:
                already[earlier] += len(viewings)
                continue
            self._read_from[episode] = base
            extra = wanted_plays.get(episode, 1) - len(viewings)
            viewings += [
                ImportedViewing(episode[1], episode[2], None, thetvdb_episode=viewings[0].thetvdb_episode)
                for _ in range(max(extra, 0))
            ]
            self._shows[episode[0]].viewings.extend(viewings)
        for what, n in counts.items():
            self.note(name, what, n)
        for earlier, n in already.items():
            self.note(name, f"viewings already read from {earlier}", n)

    # -- shows by id or name ------------------------------------------------------------------
    def _show(self, row: dict[str, str]) -> _Show | None:
        cache_key = tuple(row.get(c) for c in _SHOW_ID + _SHOW_NAME)
        cached = self._show_cache.get(cache_key)
        if cached is not None:
            return cached
        tvdb = _first_int(row, _SHOW_ID)
        title = next((row[c] for c in _SHOW_NAME if row.get(c)), "")
        folded = title.casefold()
        if tvdb is not None and tvdb > 0:
            if folded:
                self._ids_by_name.setdefault(folded, tvdb)
        elif folded:
            tvdb = self._ids_by_name.get(folded)
        else:
            return None
        key = f"tvdb:{tvdb}" if tvdb else f"name:{folded}"
        show = self._shows.get(key)
        if show is None:
            show = self._shows[key] = _Show(key, title, tvdb)
        elif not show.title:
            show.title = title
        if tvdb and len(self._show_cache) < 100_000:
            self._show_cache[cache_key] = show  # by id: the same row values always mean this show
        return show

    def shows(self) -> tuple[ImportedShow, ...]:
        # a show first met by name only, whose TheTVDB id a later file gave: fold it in
        for key in [k for k in self._shows if k.startswith("name:")]:
            tvdb = self._ids_by_name.get(key[5:])
            if tvdb is not None and f"tvdb:{tvdb}" in self._shows:
                _merge(self._shows[f"tvdb:{tvdb}"], self._shows.pop(key))
        out = []
        counted_but_missing = 0
        for s in self._shows.values():
            watched = bool(s.viewings)
            if not watched and s.seen_count:
                counted_but_missing += 1
            state = None
            if s.archived:
                state = ViewerState.DROPPED
            elif s.for_later and watched:
                state = ViewerState.ON_HOLD
            watchlist = (s.followed or s.for_later) and not watched and not s.seen_count and not s.archived
            viewings = sorted(
                s.viewings, key=lambda v: (v.watched_at is None, v.watched_at or _EPOCH, v.season, v.number)
            )
            out.append(
                ImportedShow(
                    key=s.key,
                    title=s.title or f"TheTVDB {s.tvdb}",
                    ids=ExternalIds(thetvdb=s.tvdb),
                    viewings=tuple(viewings),
                    rating=s.rating,
                    favourite=s.favourite,
                    watchlist=watchlist,
                    state=state,
                    followed_at=s.followed_at,
                )
            )
        if counted_but_missing:
            self.skipped.append(
                "shows TV Time counts as seen whose episodes the export does not list "
                f"(imported without viewings): {counted_but_missing:,}"
            )
        return tuple(sorted(out, key=lambda s: (s.title.casefold(), s.key)))


def _merge(into: _Show, other: _Show) -> None:
    have = {(v.season, v.number) for v in into.viewings}
    into.viewings += [v for v in other.viewings if (v.season, v.number) not in have]
    into.followed |= other.followed
    into.favourite |= other.favourite
    into.archived |= other.archived
    into.for_later |= other.for_later
    into.followed_at = into.followed_at or other.followed_at
    into.rating = into.rating or other.rating
    into.seen_count = into.seen_count or other.seen_count


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _true(row: dict[str, str], *cols: str) -> bool:
    return any((row.get(c) or "").lower() in _TRUE for c in cols)


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    value = value.strip()
    if value.endswith(".0"):
        value = value[:-2]
    return int(value) if value.isascii() and value.isdigit() and len(value) < 12 else None  # not "²"


def _first_int(row: dict[str, str], cols: tuple[str, ...]) -> int | None:
    for c in cols:
        if row.get(c):
            return _int(row[c])
    return None


def _time(value: str | None) -> datetime | None:
    """TV Time's "2021-01-01 10:00:00" (UTC assumed); ISO with an offset is honoured too."""
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.strip())  # "%Y-%m-%d %H:%M:%S", and ISO with "T" / "Z"
    except ValueError:
        return None
    return as_utc_or_none(dt)  # None for year 1 at +05:00: no UTC time
