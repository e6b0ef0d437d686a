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
feed enabled, an announcement's published_has_time true, and a time of creation the time of the
import. Unknown fields are ignored.

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
                     season_complete | premiere_soon | franchise_join: the main kind
    kinds            every kind of news in it, main first (kinds as above); when left out,
                     [kind]
    headline, summary, source   text
    url              text or null
    published_at     time or null
    published_has_time  true/false: false when the news gave a day without a time
                     (published_at is then 12:00 UTC that day and only the day is shown); when
                     left out, true
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

Limits and odd values: a file may be up to 256 MB, with up to 2,000,000 objects and lists, a
series up to 100,000 episodes and an episode up to 10,000 viewings (a whole library of 2,000
series is about 200 MB); a file beyond them is refused with a line naming the limit. Numbers must
fit the library (64 bits). Text is made safe as all outside text is (``domain.text``). A time no
one can have watched or recorded anything at (before 1928, or days after now: year 1, year
9999), and an air date or time outside 1900..2200, is read as none (a viewing is kept as
"watched, date unknown"), and counted in the summary's ``dates_out_of_range``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar, overload

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from watchtracker import __version__
from watchtracker.services.transfer.own_format_read import (  # the format's name, version and checks
    EXTERNAL_IDS,
    FORMAT,
    MAX_BYTES,
    VERSION,
    OwnExport,
    OwnFormatError,
    OwnFormatTooNew,
    SeriesRecord,
    as_utc,
    looks_like_own_export,
    parse_own_export,
    read_own_export,
)
from watchtracker.services.transfer.own_import import OwnImportSummary, SeriesMatch, import_own, preview_own
from watchtracker.storage.queries import as_minutes
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
    not_null,
    saved_id,
    utcnow,
)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


# -- times ------------------------------------------------------------------------------------


@overload
def time_text(value: datetime) -> str: ...
@overload
def time_text(value: datetime | None) -> str | None: ...
def time_text(value: datetime | None) -> str | None:
    """A time as the format writes it: UTC, ISO 8601, ``Z``. Naive values are UTC (SQLite)."""
    if value is None:
        return None
    if value.tzinfo is None:  # as SQLite gives them back: already UTC
        return value.isoformat() + "Z"
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _date_text(value: date | str | None) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else value.isoformat()


# -- writing ----------------------------------------------------------------------------------


def build_export(session: Session, exported_at: datetime | None = None) -> dict[str, Any]:
    """The whole library as the document described above (plain JSON types)."""
    series_rows = list(session.exec(select(Series).order_by(col(Series.id))))
    keys = {saved_id(s.id): f"s{i}" for i, s in enumerate(series_rows, 1)}
    held = _Held.read(session)
    feeds = list(session.exec(select(Feed).order_by(col(Feed.id))))
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": time_text((exported_at or utcnow()).replace(microsecond=0)),
        "app_version": __version__,
        "series": [_series_doc(s, keys[saved_id(s.id)], held) for s in series_rows],
        "franchises": _franchises_doc(session, series_rows, keys),
        "relations": _relations_doc(session, keys),
        "announcements": _announcements_doc(session, keys, {saved_id(f.id): f.url for f in feeds}),
        "feeds": [_feed_doc(f) for f in feeds],
        "muted_kinds": sorted(session.exec(select(MutedKind.kind))),
        "pending_imports": [
            _pending_doc(p) for p in session.exec(select(PendingImport).order_by(col(PendingImport.id)))
        ],
    }


T = TypeVar("T")


def _grouped(pairs: Iterable[tuple[int, T]]) -> dict[int, list[T]]:
    """Values by their id, in the order they come."""
    groups: dict[int, list[T]] = {}
    for key, value in pairs:
        groups.setdefault(key, []).append(value)
    return groups


@dataclass(frozen=True)
class _Held:
    """What the series hold, each table read in one query: entries, seasons, episodes and cast by
    series id, viewings by episode id."""

    entries: dict[int, LibraryEntry]
    seasons: dict[int, list[Season]]
    viewings: dict[int, list[tuple[datetime | None, str]]]
    episodes: dict[int, list[Any]]
    cast: dict[int, list[tuple[Credit, Person]]]

    @classmethod
    def read(cls, session: Session) -> _Held:
        # the big tables as plain rows, not ORM objects: a long history exports in seconds
        entries = {saved_id(e.series_id): e for e in session.exec(select(LibraryEntry))}
        seasons = _grouped(
            (saved_id(s.series_id), s)
            for s in session.exec(select(Season).order_by(col(Season.series_id), col(Season.number)))
        )
        viewings = _grouped(
            (episode_id, (at and as_utc(at), source))
            for episode_id, at, source in session.exec(
                select(not_null(Viewing.episode_id), col(Viewing.watched_at), col(Viewing.source)).order_by(
                    col(Viewing.episode_id), col(Viewing.id)
                )
            )
        )
        # rows read by attribute (Row objects); sqlmodel types select() for at most 4 columns
        episode_rows: Iterable[Any] = session.exec(
            select(
                col(Episode.id),
                col(Episode.series_id),
                col(Episode.season),
                col(Episode.number),  # type: ignore[call-overload]
                col(Episode.title),
                col(Episode.summary),
                col(Episode.air_date),
                col(Episode.airstamp),
                col(Episode.runtime),
                col(Episode.tvmaze_id),
            ).order_by(Episode.series_id, Episode.season, Episode.number)
        )
        episodes = _grouped((e.series_id, e) for e in episode_rows)
        cast = _grouped(
            (saved_id(c.series_id), (c, p))
            for c, p in session.exec(
                select(Credit, Person)
                .join(Person, col(Person.id) == col(Credit.person_id))
                .order_by(col(Credit.series_id), col(Credit.position), col(Credit.id))
            )
        )
        return cls(entries=entries, seasons=seasons, viewings=viewings, episodes=episodes, cast=cast)


def _series_doc(s: Series, key: str, held: _Held) -> dict[str, Any]:
    sid = saved_id(s.id)
    entry = held.entries.get(sid)
    return {
        "key": key,
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
        "runtime": as_minutes(s.runtime),  # what an older version stored unchecked: null
        "poster_url": s.poster_url,
        "external_ids": {"tvmaze": s.tvmaze_id, "thetvdb": s.thetvdb_id, "imdb": s.imdb_id, "tmdb": s.tmdb_id},
        "remote_updated": s.remote_updated,
        "created_at": time_text(s.created_at),
        "updated_at": time_text(s.updated_at),
        "entry": None if entry is None else _entry_doc(entry),
        "seasons": [_season_doc(x) for x in held.seasons.get(sid, [])],
        "episodes": [_episode_doc(e, held.viewings.get(e.id, [])) for e in held.episodes.get(sid, [])],
        "cast": [_cast_doc(c, p) for c, p in held.cast.get(sid, [])],
    }


def _entry_doc(entry: LibraryEntry) -> dict[str, Any]:
    return {
        "state": entry.state,
        "favourite": entry.favourite,
        "rating": entry.rating,
        "notes": entry.notes,
        "added_at": time_text(entry.added_at),
        "alerts_muted": entry.alerts_muted,
    }


def _season_doc(x: Season) -> dict[str, Any]:
    return {
        "number": x.number,
        "name": x.name,
        "premiere": _date_text(x.premiere),
        "episode_order": x.episode_order if isinstance(x.episode_order, int) and x.episode_order >= 0 else None,
        "tvmaze_id": x.tvmaze_id,
    }


def _viewing_order(v: tuple[datetime | None, str]):  # undated first, then oldest first
    return (v[0] is not None, v[0] or _EPOCH, v[1])


def _episode_doc(e: Any, viewings: list[tuple[datetime | None, str]]) -> dict[str, Any]:
    return {
        "season": e.season,
        "number": e.number,
        "title": e.title,
        "summary": e.summary,
        "air_date": _date_text(e.air_date),
        "airstamp": time_text(e.airstamp),
        "runtime": as_minutes(e.runtime),
        "tvmaze_id": e.tvmaze_id,
        "viewings": [
            {"watched_at": time_text(at), "source": source} for at, source in sorted(viewings, key=_viewing_order)
        ],
    }


def _cast_doc(c: Credit, p: Person) -> dict[str, Any]:
    return {
        "name": p.name,
        "character": c.character,
        "role": c.role,
        "position": c.position,
        "person_tvmaze_id": p.tvmaze_id,
        "image_url": p.image_url,
    }


def _franchises_doc(session: Session, series_rows: list[Series], keys: dict[int, str]) -> list[dict[str, Any]]:
    members = _grouped((s.franchise_id, keys[saved_id(s.id)]) for s in series_rows if s.franchise_id is not None)
    return [
        {
            "name": f.name,
            "description": f.description,
            "followed": f.followed,
            "created_at": time_text(f.created_at),
            "members": members.get(saved_id(f.id), []),
        }
        for f in session.exec(select(Franchise).order_by(col(Franchise.id)))
    ]


def _relations_doc(session: Session, keys: dict[int, str]) -> list[dict[str, Any]]:
    return sorted(
        (
            {"from": keys[saved_id(r.from_series_id)], "kind": r.kind, "to": keys[saved_id(r.to_series_id)]}
            for r in session.exec(select(Relation))
        ),
        key=lambda r: (int(r["from"][1:]), r["kind"], int(r["to"][1:])),
    )


def _announcements_doc(session: Session, keys: dict[int, str], feed_urls: dict[int, str]) -> list[dict[str, Any]]:
    links = _grouped(
        (a_id, keys[s_id])
        for a_id, s_id in session.exec(
            select(not_null(AnnouncementSeries.announcement_id), not_null(AnnouncementSeries.series_id))
        )
    )
    return [
        {
            "fingerprint": a.fingerprint,
            "kind": a.kind,
            "kinds": list(a.kinds or [a.kind]),
            "headline": a.headline,
            "summary": a.summary,
            "source": a.source,
            "url": a.url,
            "published_at": time_text(a.published_at),
            "published_has_time": a.published_has_time,
            "created_at": time_text(a.created_at),
            "read": a.read,
            "dismissed": a.dismissed,
            "reason": a.reason,
            "premiere": a.premiere,
            "spin_off_title": a.spin_off_title,
            "feed": feed_urls.get(a.feed_id) if a.feed_id is not None else None,
            "series": sorted(links.get(saved_id(a.id), []), key=lambda k: int(k[1:])),
        }
        for a in session.exec(select(Announcement).order_by(col(Announcement.id)))
    ]


def _feed_doc(f: Feed) -> dict[str, Any]:
    return {
        "url": f.url,
        "name": f.name,
        "enabled": f.enabled,
        "etag": f.etag,
        "last_modified": f.last_modified,
        "last_polled_at": time_text(f.last_polled_at),
        "last_ok_at": time_text(f.last_ok_at),
        "last_error": f.last_error,
        "items_seen": f.items_seen,
        "created_at": time_text(f.created_at),
    }


def _pending_doc(p: PendingImport) -> dict[str, Any]:
    return {
        "format": p.format,
        "key": p.key,
        "title": p.title,
        "year": p.year,
        "ids": p.ids,
        "show": p.show,
        "created_at": time_text(p.created_at),
        "error": p.error,
    }


def export_document(engine: Engine, exported_at: datetime | None = None) -> dict[str, Any]:
    """Read the library in one short session."""
    with Session(engine) as session:
        return build_export(session, exported_at)


def dump_document(doc: dict[str, Any]) -> bytes:
    """The document as UTF-8 JSON text: indented, so a person can read and diff it."""
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


__all__ = [
    "FORMAT",
    "VERSION",
    "MAX_BYTES",
    "EXTERNAL_IDS",
    "OwnFormatError",
    "OwnFormatTooNew",
    "build_export",
    "export_document",
    "dump_document",
    "time_text",
    "OwnExport",
    "SeriesRecord",
    "looks_like_own_export",
    "read_own_export",
    "parse_own_export",
    "OwnImportSummary",
    "SeriesMatch",
    "preview_own",
    "import_own",
]
