"""watchtracker's own export format: the whole library as one JSON document, and its import.

The format is the viewer's data, so it is documented here field by field, kept stable, and
versioned. ``watchtracker export --format json FILE`` writes it; ``watchtracker import FILE``
reads it back. Importing an export into an empty library gives back the same library; importing
it into a library that already holds some of it adds only what is missing.

The document
============

A UTF-8 JSON object (no byte order mark is written; one is accepted)::

    {
      "format": "watchtracker",        always this string: what the file is
      "version": 1,                    the format's version (see "Versions" below)
      "exported_at": "2026-12-03T06:45:44Z",
      "app_version": "0.1.0",          the watchtracker that wrote it (for information)
      "series": [...],                 every series in the library, followed or not
      "franchises": [...],
      "relations": [...],
      "announcements": [...],          the alerts, read or not, dismissed or not
      "feeds": [...],                  the news feeds subscribed to
      "muted_kinds": [...],            alert kinds the viewer muted
      "pending_imports": [...]         shows of other trackers' exports not matched yet
    }

Values: a time is UTC in ISO 8601 with a ``Z`` ("2015-02-15T21:10:00Z", with a fraction of a
second when the library has one); a date is "YYYY-MM-DD"; a *partial date* is the canonical text
of a date known only roughly: "2026", "2026-spring" (also "-summer", "-fall", "-winter", "-q1" ..
"-q4", "-early", "-mid", "-late", "-h1", "-h2"), "2026-05" or "2026-05-06". Absent values are
``null`` (text fields that can be empty are ``""``). The file is indented by two spaces, its
lists in a stable order, so that two exports can be compared with diff.

Every field below is always written. When reading, only these are required: ``format``,
``version``, a series' ``key`` and ``title``, an episode's ``season`` and ``number``, a season's
``number``, a cast member's ``name``, a franchise's ``name``, a feed's ``url``, an
announcement's ``fingerprint``, ``kind`` and ``headline``, a pending import's ``format`` and
``key``. Any other field may be left out: it is then empty (null, "", false, [] or 0), a
series' status "announced", an entry's state "plan_to_watch", a viewing's source "manual", a
feed enabled, and a time of creation the time of the import. Unknown fields are ignored.

Series are named inside the file by a *series key*, "s1", "s2" ... in the order they are listed
(the library's own ids are not exported: they mean nothing in another library). Relations,
franchises and announcements refer to series by these keys.

``series[]``
    key              "s1": the series key (unique in the file)
    title            the title
    aliases          other titles, list of text
    overview         the summary, text
    status           rumored | announced | in_production | upcoming | airing | hiatus | ended |
                     cancelled
    premiere         partial date or null: the series' first episode, at the precision known
    ended            partial date or null
    network          network or streaming service, text
    country          country code ("US"), text
    language         "English", text
    genres           list of text
    content_rating   "TV-MA", text
    runtime          minutes per episode, integer or null
    poster_url       the poster's address, or null (the picture itself is cached, not exported)
    external_ids     {"tvmaze": int|null, "thetvdb": int|null, "imdb": "tt0944947"|null,
                     "tmdb": int|null}; each id belongs to one series only
    remote_updated   TVmaze's last-updated stamp (unix seconds) of the data held, or null
    created_at       time the series entered the library
    updated_at       time its data last changed
    entry            the viewer's side, or null when the series is not followed (known only
                     through a relation, an announcement or a franchise):
        state        watching | plan_to_watch | on_hold | dropped | completed
        favourite    true/false
        rating       1..10 or null
        notes        text
        added_at     time it was followed
        alerts_muted true/false: its alerts are kept but neither counted nor notified
    seasons          [{"number": 1 (0 = specials), "name": text, "premiere": date|null,
                     "episode_order": planned number of episodes|null, "tvmaze_id": int|null}]
    episodes         every episode, by season then number:
        season       season number (0 = specials)
        number       episode number within the season
        title, summary   text
        air_date     date or null: the day it aired in the broadcaster's calendar
        airstamp     time or null: when it aired, exactly
        runtime      minutes or null
        tvmaze_id    int or null
        viewings     one per time it was watched (rewatches count); undated ones first, then
                     oldest first:
                     [{"watched_at": time or null (null: watched, date unknown),
                       "source": "manual" | "example" | the import it came from ...}]
    cast             [{"name": text, "character": text, "role": "actor" ..., "position": order
                     in the credits (int), "person_tvmaze_id": int|null, "image_url": text|null}]

``franchises[]``
    name             unique among franchises
    description      text
    followed         true/false: new series joining it are followed
    created_at       time
    members          series keys; a series belongs to at most one franchise

``relations[]``
    {"from": series key, "kind": spin_off_of | sequel_of | prequel_of | revival_of | remake_of |
    same_universe, "to": series key} — "from is a <kind> to": {"from": "s3", "kind":
    "spin_off_of", "to": "s1"} says s3 is a spin-off of s1.

``announcements[]``
    fingerprint      unique text identifying the news item (the same news is stored once)
    kind             spin_off | renewed | cancelled | ended | premiere_date | new_season |
                     new_episode | status_change | casting | trailer | news | episode_aired |
                     season_complete | premiere_soon | franchise_join
    headline, summary, source   text
    url              text or null
    published_at     time or null
    created_at       time it was recorded
    read, dismissed  true/false
    reason           why it concerns its series, text
    premiere         partial date or null: a premiere date the news gives
    spin_off_title   text or null: the new series a spin-off item names
    feed             the url of the feed it came from (see feeds), or null
    series           series keys it concerns

``feeds[]``
    url              unique; name (text); enabled (true/false); etag, last_modified (text or
    null: what the feed's server last said, for conditional requests); last_polled_at,
    last_ok_at (time or null); last_error (text or null); items_seen (int); created_at (time)

``muted_kinds``
    announcement kinds (see above) the viewer muted, sorted.

``pending_imports[]``
    shows from another tracker's export that an import could not match to a series yet, kept
    so that none of the viewer's history is lost (``watchtracker import --retry-pending``):
    format           tvtime | trakt | seriesguide | imdb | watchtracker: the export it came from
    key              the show's key in that export; (format, key) is unique
    title            text;  year: int or null
    ids              object: the ids the export gave (tvmaze, thetvdb, imdb, tmdb, trakt)
    show             object: the show as read (its viewings, rating, state ...), kept as the
                     import wrote it
    created_at       time;  error: why it is not matched yet, text

Not exported: database ids, the cached poster files, and the bookkeeping of the last refresh and
the last library check (a restored library asks TVmaze again and starts its checks afresh).

Versions
========
``version`` changes when a field is removed or renamed, its meaning changes, or a vocabulary
(status, state, kinds) gains a value. Adding an optional field does not change it: older readers
ignore fields they do not know. A reader refuses a version newer than its own, and a file that
is not complete and valid, before anything is written.

Importing
=========
Into an empty library the import recreates the library as it was. Into a non-empty one it merges:
a series is the same when TVmaze id, TheTVDB id, IMDb id or TMDB id agree, else when the title
agrees (case and spacing aside) and no external id contradicts it; the library's own data for a
matched series is kept and only what is missing is added (seasons, episodes, missing external
ids, cast when it has none, the viewer's entry when it has none; into an entry it has: a rating
when it has none, notes when it has none, favourite when set). A library series is matched by
title to one series of the file at most. Viewings count by (episode, watched_at): a viewing of
the file that the library already holds (as many times as it holds it) is not added again, so
importing the same file twice adds nothing the second time. Franchises match by name, feeds by
url, announcements by fingerprint, relations by (from, kind, to), pending imports by (format,
key); muted kinds are added to the library's. The import is one transaction: it succeeds whole
or changes nothing. ``preview_own`` computes the same summary without writing anything.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from watchtracker import __version__
from watchtracker.domain.dates import InvalidDate, parse_partial_date
from watchtracker.domain.enums import AnnouncementKind, LifecycleStatus, RelationKind, ViewerState
from watchtracker.domain.transfer import NotAnExport
from watchtracker.services.changes import Changes
from watchtracker.services.errors import InvalidInput
from watchtracker.storage.database import session_scope
from watchtracker.storage.tables import (
    Announcement,
    AnnouncementSeries,
    Credit,
    Episode,
    Feed,
    Franchise,
    LibraryEntry,
    MutedKind,
    PendingImport,
    Person,
    Relation,
    Season,
    Series,
    Viewing,
    utcnow,
)

FORMAT = "watchtracker"
VERSION = 1
MAX_BYTES = 512 * 1024 * 1024  # far beyond any real library (50,000 viewings is a few MB)
EXTERNAL_IDS = ("tvmaze", "thetvdb", "imdb", "tmdb")
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


class OwnFormatError(InvalidInput, NotAnExport):
    """The file is not a complete, valid watchtracker export; one line says why and where.
    Nothing was changed."""


class OwnFormatTooNew(OwnFormatError):
    """Written by a newer watchtracker in a version of the format this one cannot read."""


# -- times ------------------------------------------------------------------------------------


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def time_text(value: datetime | None) -> str | None:
    """A time as the format writes it: UTC, ISO 8601, ``Z``. Naive values are UTC (SQLite)."""
    if value is None:
        return None
    if value.tzinfo is None:  # as SQLite gives them back: already UTC
        return value.isoformat() + "Z"
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def _date_text(value: date | str | None) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else value.isoformat()


# -- writing ----------------------------------------------------------------------------------


def build_export(session: Session, exported_at: datetime | None = None) -> dict[str, Any]:
    """The whole library as the document described above (plain JSON types)."""
    series_rows = list(session.exec(select(Series).order_by(Series.id)))
    keys = {s.id: f"s{i}" for i, s in enumerate(series_rows, 1)}
    entries = {e.series_id: e for e in session.exec(select(LibraryEntry))}
    seasons: dict[int, list[Season]] = {}
    for s in session.exec(select(Season).order_by(Season.series_id, Season.number)):
        seasons.setdefault(s.series_id, []).append(s)
    # the big tables as plain rows, not ORM objects: a long history exports in seconds
    viewings: dict[int, list[tuple[datetime | None, str]]] = {}
    for episode_id, at, source in session.exec(
        select(Viewing.episode_id, Viewing.watched_at, Viewing.source).order_by(Viewing.episode_id, Viewing.id)
    ):
        viewings.setdefault(episode_id, []).append((at and _utc(at), source))
    episodes: dict[int, list[Any]] = {}
    for e in session.exec(
        select(Episode.id, Episode.series_id, Episode.season, Episode.number, Episode.title, Episode.summary,
               Episode.air_date, Episode.airstamp, Episode.runtime, Episode.tvmaze_id)
        .order_by(Episode.series_id, Episode.season, Episode.number)
    ):
        episodes.setdefault(e.series_id, []).append(e)
    cast: dict[int, list[tuple[Credit, Person]]] = {}
    for c, p in session.exec(
        select(Credit, Person).join(Person, Person.id == Credit.person_id).order_by(
            Credit.series_id, Credit.position, Credit.id)
    ):
        cast.setdefault(c.series_id, []).append((c, p))

    def viewing_order(v: tuple[datetime | None, str]):  # undated first, then oldest first
        return (v[0] is not None, v[0] or _EPOCH, v[1])

    def series_doc(s: Series) -> dict[str, Any]:
        entry = entries.get(s.id)
        return {
            "key": keys[s.id],
            "title": s.title,
            "aliases": list(s.aliases or []),
            "overview": s.overview,
            "status": s.status,
            "premiere": s.premiere,
            "ended": s.ended,
            "network": s.network,
            "country": s.country,
            "language": s.language,
            "genres": list(s.genres or []),
            "content_rating": s.content_rating,
            "runtime": s.runtime,
            "poster_url": s.poster_url,
            "external_ids": {"tvmaze": s.tvmaze_id, "thetvdb": s.thetvdb_id, "imdb": s.imdb_id,
                             "tmdb": s.tmdb_id},
            "remote_updated": s.remote_updated,
            "created_at": time_text(s.created_at),
            "updated_at": time_text(s.updated_at),
            "entry": None if entry is None else {
                "state": entry.state,
                "favourite": entry.favourite,
                "rating": entry.rating,
                "notes": entry.notes,
                "added_at": time_text(entry.added_at),
                "alerts_muted": entry.alerts_muted,
            },
            "seasons": [
                {"number": x.number, "name": x.name, "premiere": _date_text(x.premiere),
                 "episode_order": x.episode_order, "tvmaze_id": x.tvmaze_id}
                for x in seasons.get(s.id, [])
            ],
            "episodes": [
                {
                    "season": e.season,
                    "number": e.number,
                    "title": e.title,
                    "summary": e.summary,
                    "air_date": _date_text(e.air_date),
                    "airstamp": time_text(e.airstamp),
                    "runtime": e.runtime,
                    "tvmaze_id": e.tvmaze_id,
                    "viewings": [
                        {"watched_at": time_text(at), "source": source}
                        for at, source in sorted(viewings.get(e.id, []), key=viewing_order)
                    ],
                }
                for e in episodes.get(s.id, [])
            ],
            "cast": [
                {"name": p.name, "character": c.character, "role": c.role, "position": c.position,
                 "person_tvmaze_id": p.tvmaze_id, "image_url": p.image_url}
                for c, p in cast.get(s.id, [])
            ],
        }

    members: dict[int, list[str]] = {}
    for s in series_rows:
        if s.franchise_id is not None:
            members.setdefault(s.franchise_id, []).append(keys[s.id])
    feeds = list(session.exec(select(Feed).order_by(Feed.id)))
    feed_urls = {f.id: f.url for f in feeds}
    links: dict[int, list[str]] = {}
    for a_id, s_id in session.exec(
        select(AnnouncementSeries.announcement_id, AnnouncementSeries.series_id)
    ):
        links.setdefault(a_id, []).append(keys[s_id])
    relations = sorted(
        ({"from": keys[r.from_series_id], "kind": r.kind, "to": keys[r.to_series_id]}
         for r in session.exec(select(Relation))),
        key=lambda r: (int(r["from"][1:]), r["kind"], int(r["to"][1:])),
    )
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": time_text((exported_at or utcnow()).replace(microsecond=0)),
        "app_version": __version__,
        "series": [series_doc(s) for s in series_rows],
        "franchises": [
            {"name": f.name, "description": f.description, "followed": f.followed,
             "created_at": time_text(f.created_at), "members": members.get(f.id, [])}
            for f in session.exec(select(Franchise).order_by(Franchise.id))
        ],
        "relations": relations,
        "announcements": [
            {
                "fingerprint": a.fingerprint,
                "kind": a.kind,
                "headline": a.headline,
                "summary": a.summary,
                "source": a.source,
                "url": a.url,
                "published_at": time_text(a.published_at),
                "created_at": time_text(a.created_at),
                "read": a.read,
                "dismissed": a.dismissed,
                "reason": a.reason,
                "premiere": a.premiere,
                "spin_off_title": a.spin_off_title,
                "feed": feed_urls.get(a.feed_id),
                "series": sorted(links.get(a.id, []), key=lambda k: int(k[1:])),
            }
            for a in session.exec(select(Announcement).order_by(Announcement.id))
        ],
        "feeds": [
            {
                "url": f.url, "name": f.name, "enabled": f.enabled, "etag": f.etag,
                "last_modified": f.last_modified, "last_polled_at": time_text(f.last_polled_at),
                "last_ok_at": time_text(f.last_ok_at), "last_error": f.last_error,
                "items_seen": f.items_seen, "created_at": time_text(f.created_at),
            }
            for f in feeds
        ],
        "muted_kinds": sorted(session.exec(select(MutedKind.kind))),
        "pending_imports": [
            {"format": p.format, "key": p.key, "title": p.title, "year": p.year, "ids": p.ids,
             "show": p.show, "created_at": time_text(p.created_at), "error": p.error}
            for p in session.exec(select(PendingImport).order_by(PendingImport.id))
        ],
    }


def export_document(engine: Engine, exported_at: datetime | None = None) -> dict[str, Any]:
    """Read the library in one short session."""
    with Session(engine) as session:
        return build_export(session, exported_at)


def dump_document(doc: dict[str, Any]) -> bytes:
    """The document as UTF-8 JSON text: indented, so a person can read and diff it."""
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# -- reading ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesRecord:
    """One series of the file, checked; ``fields`` are the series table's columns."""

    key: str
    fields: dict[str, Any]
    entry: dict[str, Any] | None
    seasons: tuple[dict[str, Any], ...]
    episodes: tuple[tuple[dict[str, Any], tuple[tuple[datetime | None, str], ...]], ...]
    cast: tuple[tuple[dict[str, Any], dict[str, Any]], ...]  # (person, credit)

    @property
    def title(self) -> str:
        return self.fields["title"]


@dataclass(frozen=True)
class OwnExport:
    """A watchtracker export, read and checked whole; nothing in it can fail to import for being
    malformed. Plain data."""

    version: int
    exported_at: datetime | None
    app_version: str
    series: tuple[SeriesRecord, ...]
    franchises: tuple[dict[str, Any], ...]
    relations: tuple[tuple[str, str, str], ...]
    announcements: tuple[dict[str, Any], ...]
    feeds: tuple[dict[str, Any], ...]
    muted_kinds: tuple[str, ...]
    pending_imports: tuple[dict[str, Any], ...] = ()
    source: str = ""

    @property
    def episode_count(self) -> int:
        return sum(len(s.episodes) for s in self.series)

    @property
    def viewing_count(self) -> int:
        return sum(len(v) for s in self.series for _, v in s.episodes)

    @property
    def rating_count(self) -> int:
        return sum(1 for s in self.series if s.entry and s.entry["rating"] is not None)


def looks_like_own_export(head: bytes) -> bool:
    """Whether the first bytes of a file look like this format (for recognising formats)."""
    text = head[:4096].decode("utf-8", "ignore").lstrip("\ufeff \t\r\n")
    return text.startswith("{") and '"format"' in text and '"watchtracker"' in text


def read_own_export(path: Path | str) -> OwnExport:
    """Read and check a file. Raises OwnFormatError (OwnFormatTooNew for a newer version)."""
    path = Path(path).expanduser()
    try:
        if path.is_dir():
            raise OwnFormatError(f"{path} is a folder, not a watchtracker export.")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise OwnFormatError(f"{path} is too big to be a watchtracker export "
                                 f"({size // (1024 * 1024)} MB).")
        data = path.read_bytes()
    except OSError as exc:
        raise OwnFormatError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return parse_own_export(data, str(path))


def parse_own_export(data: bytes | str, source: str = "the file") -> OwnExport:
    """Check a whole document and turn it into an :class:`OwnExport`."""
    name = source or "the file"
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.lstrip("\ufeff")
    except UnicodeDecodeError:
        raise OwnFormatError(f"{name} is not a watchtracker export (it is not UTF-8 text).") from None
    if not text.strip():
        raise OwnFormatError(f"{name} is empty.")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        # the scanner says "Unterminated string" only when the text ends inside one
        if len(text.rstrip()) - exc.pos <= 5 or exc.msg.startswith("Unterminated string"):
            raise OwnFormatError(f"{name} ends too early: it was cut off (truncated) and cannot be "
                                 "imported.") from None
        raise OwnFormatError(f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno}: "
                             f"{exc.msg}); it may be damaged.") from None
    except RecursionError:
        raise OwnFormatError(f"{name} is not a watchtracker export (nested too deeply).") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise OwnFormatError(f"{name} is not a watchtracker export (no \"format\": \"{FORMAT}\").")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise OwnFormatError(f"{name}: \"version\" should be a whole number from 1, not {version!r}.")
    if version > VERSION:
        raise OwnFormatTooNew(
            f"{name} was written by a newer watchtracker (format version {version}); this version "
            f"reads version {VERSION} and has not changed anything. Update watchtracker to import it."
        )
    try:
        return _Checker(name).document(doc)
    except _Bad as exc:
        raise OwnFormatError(f"{name} is not a valid watchtracker export: {exc}") from None


class _Bad(Exception):
    pass


_MISSING = object()


class _Checker:
    """Checks each value with the path to it, so the message says where the file is wrong."""

    def __init__(self, name: str):
        self.name = name

    # primitives ------------------------------------------------------------------------------
    @staticmethod
    def _get(d: dict, key: str, where: str, default: Any) -> Any:
        value = d.get(key, _MISSING)
        if value is _MISSING:
            if default is _MISSING:
                raise _Bad(f"{where}: \"{key}\" is missing")
            return default
        return value

    def obj(self, value: Any, where: str) -> dict:
        if not isinstance(value, dict):
            raise _Bad(f"{where} should be an object")
        return value

    def items(self, d: dict, key: str, where: str) -> list:
        value = self._get(d, key, where, [])
        if not isinstance(value, list):
            raise _Bad(f"{where}.{key} should be a list")
        return value

    def text(self, d: dict, key: str, where: str, default: Any = "", *, null: bool = False) -> Any:
        value = self._get(d, key, where, default)
        if value is None and null:
            return None
        if not isinstance(value, str):
            raise _Bad(f"{where}.{key} should be text, not {value!r}")
        return value

    def integer(self, d: dict, key: str, where: str, default: Any = None, *, null: bool = True,
                low: int | None = None, high: int | None = None) -> Any:
        value = self._get(d, key, where, default)
        if value is None and null:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            raise _Bad(f"{where}.{key} should be a whole number, not {value!r}")
        if (low is not None and value < low) or (high is not None and value > high):
            raise _Bad(f"{where}.{key} is out of range ({value})")
        return value

    def flag(self, d: dict, key: str, where: str, default: Any = False) -> bool:
        value = self._get(d, key, where, default)
        if not isinstance(value, bool):
            raise _Bad(f"{where}.{key} should be true or false, not {value!r}")
        return value

    def time(self, d: dict, key: str, where: str, default: Any = None, *, null: bool = True):
        value = self._get(d, key, where, default)
        if value is None and null:
            return None
        try:
            return _utc(datetime.fromisoformat(value.replace("Z", "+00:00")))
        except (AttributeError, ValueError):
            raise _Bad(f"{where}.{key} should be a UTC time like 2015-02-15T21:10:00Z, not {value!r}") from None

    def day(self, d: dict, key: str, where: str) -> date | None:
        value = self._get(d, key, where, None)
        if value is None:
            return None
        try:
            if not isinstance(value, str) or len(value) != 10:
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            raise _Bad(f"{where}.{key} should be a date like 2014-02-06, not {value!r}") from None

    def partial(self, d: dict, key: str, where: str):
        value = self._get(d, key, where, None)
        if value is None:
            return None
        try:
            if not isinstance(value, str):
                raise InvalidDate("not text")
            return parse_partial_date(value)
        except InvalidDate as exc:
            raise _Bad(f"{where}.{key} is not a date like \"2026\", \"2026-spring\", \"2026-05\" or "
                       f"\"2026-05-06\" ({exc})") from None

    def choice(self, d: dict, key: str, where: str, vocabulary, default: Any = _MISSING) -> str:
        value = self._get(d, key, where, default)
        try:
            return vocabulary(value).value
        except ValueError:
            allowed = ", ".join(v.value for v in vocabulary)
            raise _Bad(f"{where}.{key}: {value!r} is not one of {allowed}") from None

    def texts(self, d: dict, key: str, where: str) -> list[str]:
        values = self.items(d, key, where)
        if not all(isinstance(v, str) for v in values):
            raise _Bad(f"{where}.{key} should be a list of text")
        return list(values)

    # the document ----------------------------------------------------------------------------
    def document(self, doc: dict) -> OwnExport:
        series = tuple(self.series(self.obj(s, f"series[{i}]"), f"series[{i}]")
                       for i, s in enumerate(self.items(doc, "series", "the document")))
        keys = [s.key for s in series]
        if len(set(keys)) != len(keys):
            dup = next(k for k, n in Counter(keys).items() if n > 1)
            raise _Bad(f"the series key {dup!r} is used twice")
        for ext in EXTERNAL_IDS:
            seen: dict[Any, str] = {}
            for s in series:
                value = s.fields[f"{ext}_id"]
                if value is not None and value in seen:
                    raise _Bad(f"series {seen[value]!r} and {s.key!r} have the same {ext} id {value!r}")
                if value is not None:
                    seen[value] = s.key
        known = set(keys)

        def key_of(value: Any, where: str) -> str:
            if not isinstance(value, str) or value not in known:
                raise _Bad(f"{where} names a series {value!r} that is not in the file")
            return value

        franchises, owner = [], {}
        for i, f in enumerate(self.items(doc, "franchises", "the document")):
            where = f"franchises[{i}]"
            f = self.obj(f, where)
            members = [key_of(k, f"{where}.members") for k in self.items(f, "members", where)]
            name = self.text(f, "name", where, _MISSING).strip()
            if not name:
                raise _Bad(f"{where}.name is empty")
            for k in members:
                if owner.setdefault(k, name) != name:
                    raise _Bad(f"the series {k!r} is in two franchises ({owner[k]!r} and {name!r})")
            franchises.append({
                "name": name, "description": self.text(f, "description", where),
                "followed": self.flag(f, "followed", where), "created_at": self.time(f, "created_at", where),
                "members": tuple(dict.fromkeys(members)),
            })
        names = [f["name"] for f in franchises]
        if len(set(names)) != len(names):
            raise _Bad("two franchises have the same name")

        relations = []
        for i, r in enumerate(self.items(doc, "relations", "the document")):
            where = f"relations[{i}]"
            r = self.obj(r, where)
            a, b = key_of(r.get("from"), f"{where}.from"), key_of(r.get("to"), f"{where}.to")
            if a == b:
                raise _Bad(f"{where} relates a series to itself")
            relations.append((a, self.choice(r, "kind", where, RelationKind), b))

        feeds = []
        for i, f in enumerate(self.items(doc, "feeds", "the document")):
            where = f"feeds[{i}]"
            f = self.obj(f, where)
            feeds.append({
                "url": self.text(f, "url", where, _MISSING), "name": self.text(f, "name", where),
                "enabled": self.flag(f, "enabled", where, True),
                "etag": self.text(f, "etag", where, None, null=True),
                "last_modified": self.text(f, "last_modified", where, None, null=True),
                "last_polled_at": self.time(f, "last_polled_at", where),
                "last_ok_at": self.time(f, "last_ok_at", where),
                "last_error": self.text(f, "last_error", where, None, null=True),
                "items_seen": self.integer(f, "items_seen", where, 0, null=False, low=0),
                "created_at": self.time(f, "created_at", where),
            })
        urls = [f["url"] for f in feeds]
        if len(set(urls)) != len(urls):
            raise _Bad("two feeds have the same url")

        announcements = []
        for i, a in enumerate(self.items(doc, "announcements", "the document")):
            where = f"announcements[{i}]"
            a = self.obj(a, where)
            premiere = self.partial(a, "premiere", where)
            feed = self.text(a, "feed", where, None, null=True)
            if feed is not None and feed not in urls:
                raise _Bad(f"{where}.feed names a feed {feed!r} that is not in the file")
            fingerprint = self.text(a, "fingerprint", where, _MISSING)
            if not fingerprint:
                raise _Bad(f"{where}.fingerprint is empty")
            announcements.append({
                "fingerprint": fingerprint,
                "kind": self.choice(a, "kind", where, AnnouncementKind),
                "headline": self.text(a, "headline", where, _MISSING),
                "summary": self.text(a, "summary", where),
                "source": self.text(a, "source", where),
                "url": self.text(a, "url", where, None, null=True),
                "published_at": self.time(a, "published_at", where),
                "created_at": self.time(a, "created_at", where),
                "read": self.flag(a, "read", where),
                "dismissed": self.flag(a, "dismissed", where),
                "reason": self.text(a, "reason", where),
                "premiere": premiere.to_text() if premiere else None,
                "spin_off_title": self.text(a, "spin_off_title", where, None, null=True),
                "feed": feed,
                "series": tuple(dict.fromkeys(key_of(k, f"{where}.series")
                                              for k in self.items(a, "series", where))),
            })
        prints = [a["fingerprint"] for a in announcements]
        if len(set(prints)) != len(prints):
            raise _Bad("two announcements have the same fingerprint")

        muted = tuple(sorted({self.choice({"kind": k}, "kind", f"muted_kinds[{i}]", AnnouncementKind)
                              for i, k in enumerate(self.items(doc, "muted_kinds", "the document"))}))
        pending = []
        for i, p in enumerate(self.items(doc, "pending_imports", "the document")):
            where = f"pending_imports[{i}]"
            p = self.obj(p, where)
            pending.append({
                "format": self.text(p, "format", where, _MISSING), "key": self.text(p, "key", where, _MISSING),
                "title": self.text(p, "title", where), "year": self.integer(p, "year", where),
                "ids": self.obj(self._get(p, "ids", where, {}), f"{where}.ids"),
                "show": self.obj(self._get(p, "show", where, {}), f"{where}.show"),
                "created_at": self.time(p, "created_at", where), "error": self.text(p, "error", where),
            })
        pairs = [(p["format"], p["key"]) for p in pending]
        if len(set(pairs)) != len(pairs):
            raise _Bad("pending_imports lists a show twice")
        app_version = doc.get("app_version")
        return OwnExport(
            version=doc["version"],
            exported_at=self.time(doc, "exported_at", "the document"),
            app_version=app_version if isinstance(app_version, str) else "",
            series=series,
            franchises=tuple(franchises),
            relations=tuple(dict.fromkeys(relations)),
            announcements=tuple(announcements),
            feeds=tuple(feeds),
            muted_kinds=muted,
            pending_imports=tuple(pending),
            source=self.name,
        )

    def series(self, s: dict, where: str) -> SeriesRecord:
        key = self.text(s, "key", where, _MISSING)
        title = self.text(s, "title", where, _MISSING)
        if not key or not title.strip():
            raise _Bad(f"{where}: the key and the title cannot be empty")
        premiere = self.partial(s, "premiere", where)
        ended = self.partial(s, "ended", where)
        ext = self.obj(self._get(s, "external_ids", where, {}), f"{where}.external_ids")
        imdb = self.text(ext, "imdb", f"{where}.external_ids", None, null=True)
        fields = {
            "title": title,
            "aliases": self.texts(s, "aliases", where),
            "overview": self.text(s, "overview", where),
            "status": self.choice(s, "status", where, LifecycleStatus, LifecycleStatus.ANNOUNCED.value),
            "premiere": premiere.to_text() if premiere else None,
            "premiere_precision": premiere.precision.value if premiere else None,
            "premiere_sort": premiere.earliest() if premiere else None,
            "ended": ended.to_text() if ended else None,
            "network": self.text(s, "network", where),
            "country": self.text(s, "country", where),
            "language": self.text(s, "language", where),
            "genres": self.texts(s, "genres", where),
            "content_rating": self.text(s, "content_rating", where),
            "runtime": self.integer(s, "runtime", where, low=0),
            "poster_url": self.text(s, "poster_url", where, None, null=True),
            "tvmaze_id": self.integer(ext, "tvmaze", f"{where}.external_ids"),
            "thetvdb_id": self.integer(ext, "thetvdb", f"{where}.external_ids"),
            "imdb_id": imdb or None,
            "tmdb_id": self.integer(ext, "tmdb", f"{where}.external_ids"),
            "remote_updated": self.integer(s, "remote_updated", where),
        }
        for stamp in ("created_at", "updated_at"):
            if (value := self.time(s, stamp, where)) is not None:
                fields[stamp] = value
        entry = self._get(s, "entry", where, None)
        if entry is not None:
            w = f"{where}.entry"
            entry = self.obj(entry, w)
            entry = {
                "state": self.choice(entry, "state", w, ViewerState, ViewerState.PLAN_TO_WATCH.value),
                "favourite": self.flag(entry, "favourite", w),
                "rating": self.integer(entry, "rating", w, low=1, high=10),
                "notes": self.text(entry, "notes", w),
                "added_at": self.time(entry, "added_at", w),
                "alerts_muted": self.flag(entry, "alerts_muted", w),
            }
        seasons = []
        for i, x in enumerate(self.items(s, "seasons", where)):
            w = f"{where}.seasons[{i}]"
            x = self.obj(x, w)
            seasons.append({
                "number": self.integer(x, "number", w, _MISSING, null=False, low=0),
                "name": self.text(x, "name", w), "premiere": self.day(x, "premiere", w),
                "episode_order": self.integer(x, "episode_order", w, low=0),
                "tvmaze_id": self.integer(x, "tvmaze_id", w),
            })
        if len({x["number"] for x in seasons}) != len(seasons):
            raise _Bad(f"{where}.seasons lists a season twice")
        episodes = []
        for i, e in enumerate(self.items(s, "episodes", where)):
            w = f"{where}.episodes[{i}]"
            e = self.obj(e, w)
            viewings = []
            for j, v in enumerate(self.items(e, "viewings", w)):
                wv = f"{w}.viewings[{j}]"
                v = self.obj(v, wv)
                viewings.append((self.time(v, "watched_at", wv), self.text(v, "source", wv, "manual")))
            episodes.append(({
                "season": self.integer(e, "season", w, _MISSING, null=False, low=0),
                "number": self.integer(e, "number", w, _MISSING, null=False),
                "title": self.text(e, "title", w), "summary": self.text(e, "summary", w),
                "air_date": self.day(e, "air_date", w), "airstamp": self.time(e, "airstamp", w),
                "runtime": self.integer(e, "runtime", w, low=0),
                "tvmaze_id": self.integer(e, "tvmaze_id", w),
            }, tuple(viewings)))
        codes = [(e["season"], e["number"]) for e, _ in episodes]
        if len(set(codes)) != len(codes):
            dup = next(c for c, n in Counter(codes).items() if n > 1)
            raise _Bad(f"{where}.episodes lists S{dup[0]:02d}E{dup[1]:02d} twice")
        cast = []
        for i, c in enumerate(self.items(s, "cast", where)):
            w = f"{where}.cast[{i}]"
            c = self.obj(c, w)
            cast.append((
                {"name": self.text(c, "name", w, _MISSING),
                 "tvmaze_id": self.integer(c, "person_tvmaze_id", w),
                 "image_url": self.text(c, "image_url", w, None, null=True)},
                {"character": self.text(c, "character", w), "role": self.text(c, "role", w, "actor"),
                 "position": self.integer(c, "position", w, i, null=False)},
            ))
        return SeriesRecord(key=key, fields=fields, entry=entry, seasons=tuple(seasons),
                            episodes=tuple(episodes), cast=tuple(cast))


# -- importing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesMatch:
    """A series of the file found in the library: how (tvmaze, thetvdb, imdb, tmdb or title)."""

    title: str
    series_id: int
    library_title: str
    by: str


@dataclass
class OwnImportSummary:
    """What an import adds (or, for a preview, would add). Counts are of the file's items."""

    series_new: int = 0
    series_matched: int = 0
    followed_new: int = 0  # series that entered the library (gained an entry)
    episodes_new: int = 0
    viewings_new: int = 0
    viewings_duplicate: int = 0  # already in the library: not added again
    ratings_new: int = 0
    ratings_kept: int = 0  # the library had another rating for the series: kept
    franchises_new: int = 0
    relations_new: int = 0
    announcements_new: int = 0
    feeds_new: int = 0
    muted_kinds_new: int = 0
    pending_imports_new: int = 0
    matches: list[SeriesMatch] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any((self.series_new, self.followed_new, self.episodes_new, self.viewings_new,
                    self.ratings_new, self.franchises_new, self.relations_new,
                    self.announcements_new, self.feeds_new, self.muted_kinds_new,
                    self.pending_imports_new))

    def as_dict(self) -> dict[str, Any]:
        """For ``--json`` output: the counts, and the matches as {title, series_id, library_title, by}."""
        data = {k: v for k, v in self.__dict__.items() if k != "matches"}
        data["matches"] = [m.__dict__.copy() for m in self.matches]
        return data


def preview_own(engine: Engine, doc: OwnExport) -> OwnImportSummary:
    """What :func:`import_own` would do, computed by doing it and rolling back: the preview can
    never disagree with the import. Nothing is written."""
    with Session(engine) as session:
        try:
            summary, _ = _merge(session, doc)
        finally:
            session.rollback()
    return summary


def import_own(engine: Engine, doc: OwnExport) -> tuple[OwnImportSummary, Changes]:
    """Import a checked export into the library in one transaction (all or nothing)."""
    with session_scope(engine) as session:
        return _merge(session, doc)


def _norm_title(text: str) -> str:
    return " ".join(text.casefold().split())


class _Index:
    """The library's series, by each way a series of the file can be recognised. A series is
    matched by title to one series of the file at most, and never to one the import created:
    two series of the same title in the file stay two."""

    def __init__(self, session: Session):
        self.by: dict[str, dict[Any, int]] = {k: {} for k in EXTERNAL_IDS}
        self.titles: dict[str, list[int]] = {}
        self.rows: dict[int, Series] = {}
        self.claimed: set[int] = set()
        for s in session.exec(select(Series).order_by(Series.id)):
            self.add(s)
            self.titles.setdefault(_norm_title(s.title), []).append(s.id)

    def add(self, s: Series) -> None:
        self.rows[s.id] = s
        for ext in EXTERNAL_IDS:
            if (value := getattr(s, f"{ext}_id")) is not None:
                self.by[ext][value] = s.id

    def match(self, fields: dict[str, Any]) -> tuple[int | None, str]:
        for ext in EXTERNAL_IDS:
            value = fields[f"{ext}_id"]
            if value is not None and value in self.by[ext]:
                self.claimed.add(self.by[ext][value])
                return self.by[ext][value], ext
        for sid in self.titles.get(_norm_title(fields["title"]), ()):
            row = self.rows[sid]
            # the same title, but another show by some id: not the same series
            if sid in self.claimed or any(
                getattr(row, f"{ext}_id") is not None and fields[f"{ext}_id"] is not None
                and getattr(row, f"{ext}_id") != fields[f"{ext}_id"] for ext in EXTERNAL_IDS
            ):
                continue
            self.claimed.add(sid)
            return sid, "title"
        return None, ""


def _merge(session: Session, doc: OwnExport) -> tuple[OwnImportSummary, Changes]:
    summary = OwnImportSummary()
    touched: set[int] = set()
    followed: set[int] = set()

    feed_ids = {f.url: f.id for f in session.exec(select(Feed))}
    for f in doc.feeds:
        if f["url"] not in feed_ids:
            row = Feed(**{k: v for k, v in f.items() if v is not None or k not in ("created_at",)})
            session.add(row)
            session.flush()
            feed_ids[f["url"]] = row.id
            summary.feeds_new += 1

    index = _Index(session)
    people_by_tvmaze = {p.tvmaze_id: p for p in session.exec(select(Person)) if p.tvmaze_id is not None}
    people_by_name: dict[str, Person] = {}
    for p in session.exec(select(Person).where(Person.tvmaze_id == None).order_by(Person.id)):  # noqa: E711
        people_by_name.setdefault(p.name, p)
    ids: dict[str, int] = {}
    for rec in doc.series:
        sid, by = index.match(rec.fields)
        if sid is None:
            row = Series(**rec.fields)
            session.add(row)
            session.flush()
            index.add(row)
            sid, new = row.id, True
            summary.series_new += 1
            touched.add(sid)
        else:
            new = False
            summary.series_matched += 1
            row = index.rows[sid]
            summary.matches.append(SeriesMatch(rec.title, sid, row.title, by))
            for ext in EXTERNAL_IDS:  # an id the library lacks, unless another series has it
                value = rec.fields[f"{ext}_id"]
                if getattr(row, f"{ext}_id") is None and value is not None and value not in index.by[ext]:
                    setattr(row, f"{ext}_id", value)
                    index.by[ext][value] = sid
                    session.add(row)
                    touched.add(sid)
        ids[rec.key] = sid
        if _merge_series(session, sid, new, rec, summary, people_by_tvmaze, people_by_name):
            touched.add(sid)
        if rec.entry is not None:
            entry = session.get(LibraryEntry, sid)
            if entry is None:
                values = {k: v for k, v in rec.entry.items() if v is not None or k != "added_at"}
                session.add(LibraryEntry(series_id=sid, **values))
                summary.followed_new += 1
                summary.ratings_new += rec.entry["rating"] is not None
                followed.add(sid)
                touched.add(sid)
            else:
                theirs = rec.entry["rating"]
                if entry.rating is None and theirs is not None:
                    entry.rating = theirs
                    summary.ratings_new += 1
                    touched.add(sid)
                elif theirs is not None and theirs != entry.rating:
                    summary.ratings_kept += 1
                if rec.entry["favourite"] and not entry.favourite:
                    entry.favourite = True
                    touched.add(sid)
                if rec.entry["notes"] and not entry.notes:
                    entry.notes = rec.entry["notes"]
                    touched.add(sid)
                session.add(entry)

    everything = False
    for f in doc.franchises:
        row = session.exec(select(Franchise).where(Franchise.name == f["name"])).first()
        if row is None:
            values = {k: v for k, v in f.items() if k != "members" and (v is not None or k != "created_at")}
            row = Franchise(**values)
            session.add(row)
            session.flush()
            summary.franchises_new += 1
            everything = True
        for key in f["members"]:
            series = session.get(Series, ids[key])
            if series.franchise_id is None:
                series.franchise_id = row.id
                session.add(series)
                touched.add(series.id)
                everything = True

    existing = set(session.exec(select(Relation.from_series_id, Relation.kind, Relation.to_series_id)))
    for a, kind, b in doc.relations:
        edge = (ids[a], kind, ids[b])
        if edge[0] != edge[2] and edge not in existing:
            session.add(Relation(from_series_id=edge[0], kind=kind, to_series_id=edge[2]))
            existing.add(edge)
            summary.relations_new += 1
            touched.update((edge[0], edge[2]))
            everything = True

    announced = False
    known = {a.fingerprint: a.id for a in session.exec(select(Announcement))}
    for a in doc.announcements:
        aid = known.get(a["fingerprint"])
        if aid is None:
            values = {k: v for k, v in a.items() if k not in ("feed", "series")
                      and (v is not None or k != "created_at")}
            row = Announcement(**values, feed_id=feed_ids.get(a["feed"]))
            session.add(row)
            session.flush()
            aid = known[a["fingerprint"]] = row.id
            summary.announcements_new += 1
            announced = True
        linked = set(session.exec(
            select(AnnouncementSeries.series_id).where(AnnouncementSeries.announcement_id == aid)))
        for key in a["series"]:
            if ids[key] not in linked:
                session.add(AnnouncementSeries(announcement_id=aid, series_id=ids[key]))
                linked.add(ids[key])
                announced = True

    muted = set(session.exec(select(MutedKind.kind)))
    for kind in doc.muted_kinds:
        if kind not in muted:
            session.add(MutedKind(kind=kind))
            summary.muted_kinds_new += 1
            everything = True
    kept = set(session.exec(select(PendingImport.format, PendingImport.key)))
    for p in doc.pending_imports:
        if (p["format"], p["key"]) not in kept:
            session.add(PendingImport(**{k: v for k, v in p.items() if v is not None or k != "created_at"}))
            kept.add((p["format"], p["key"]))
            summary.pending_imports_new += 1
    session.flush()
    return summary, Changes(series=frozenset(touched), added=frozenset(followed),
                            announcements=announced or bool(summary.muted_kinds_new),
                            everything=everything)


def _episode_ids(session: Session, sid: int) -> dict[tuple[int, int], int]:
    return {(season, number): eid for eid, season, number in session.exec(
        select(Episode.id, Episode.season, Episode.number).where(Episode.series_id == sid))}


def _merge_series(session: Session, sid: int, new: bool, rec: SeriesRecord, summary: OwnImportSummary,
                  people_by_tvmaze: dict[int, Person], people_by_name: dict[str, Person]) -> bool:
    """Seasons, episodes, viewings and cast of one series; whether anything was added."""
    changed = False
    seasons = {s.number: s for s in session.exec(select(Season).where(Season.series_id == sid))}
    for x in rec.seasons:
        if x["number"] not in seasons:
            row = Season(series_id=sid, **x)
            session.add(row)
            seasons[x["number"]] = row
            changed = True
    session.flush()
    # episodes and viewings go in as plain bulk inserts: ORM objects would make a long history slow
    episodes = _episode_ids(session, sid)
    have: Counter = Counter()
    if not new and episodes:
        for episode_id, at in session.exec(
            select(Viewing.episode_id, Viewing.watched_at).join(Episode, Episode.id == Viewing.episode_id)
            .where(Episode.series_id == sid)
        ):
            have[(episode_id, _utc(at) if at else None)] += 1
    new_episodes: list[dict[str, Any]] = []
    waiting: list[tuple[tuple[int, int], tuple]] = []  # viewings of episodes not inserted yet
    added: list[dict[str, Any]] = []
    for fields, viewings in rec.episodes:
        code = (fields["season"], fields["number"])
        if code in episodes:
            for at, source in viewings:
                if have[(episodes[code], at)] > 0:  # already there: counted once per viewing held
                    have[(episodes[code], at)] -= 1
                    summary.viewings_duplicate += 1
                else:
                    added.append({"episode_id": episodes[code], "watched_at": at, "source": source})
        else:
            season = seasons.get(fields["season"])
            new_episodes.append({"series_id": sid, "season_id": season.id if season else None, **fields})
            waiting.append((code, viewings))
    if new_episodes:
        session.execute(insert(Episode), new_episodes)
        summary.episodes_new += len(new_episodes)
        episodes = _episode_ids(session, sid)
        added += [{"episode_id": episodes[code], "watched_at": at, "source": source}
                  for code, viewings in waiting for at, source in viewings]
    if added:
        session.execute(insert(Viewing), added)
        summary.viewings_new += len(added)
    changed = changed or bool(new_episodes or added)
    if rec.cast and (new or session.exec(select(Credit.id).where(Credit.series_id == sid)).first() is None):
        for person, credit in rec.cast:
            found = (people_by_tvmaze.get(person["tvmaze_id"]) if person["tvmaze_id"] is not None
                     else people_by_name.get(person["name"]))
            if found is None:
                found = Person(**person)
                session.add(found)
                session.flush()
                if found.tvmaze_id is not None:
                    people_by_tvmaze[found.tvmaze_id] = found
                else:
                    people_by_name[found.name] = found
            session.add(Credit(series_id=sid, person_id=found.id, **credit))
        changed = True
    return changed
