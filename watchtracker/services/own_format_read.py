"""Reading our own export back (``services.own_format`` documents the format): the whole file is
checked before anything is written, and turned into plain data (:class:`OwnExport`); a file that
is not complete and valid is refused with one line saying why and where."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from watchtracker.domain.dates import InvalidDate, parse_partial_date
from watchtracker.domain.enums import AnnouncementKind, LifecycleStatus, RelationKind, ViewerState
from watchtracker.domain.transfer import NotAnExport
from watchtracker.services.errors import InvalidInput

FORMAT = "watchtracker"  # the document's "format"
VERSION = 1  # the newest version of the format this one reads and writes
MAX_BYTES = 512 * 1024 * 1024  # far beyond any real library (50,000 viewings is a few MB)
EXTERNAL_IDS = ("tvmaze", "thetvdb", "imdb", "tmdb")


class OwnFormatError(InvalidInput, NotAnExport):
    """The file is not a complete, valid watchtracker export; one line says why and where.
    Nothing was changed."""


class OwnFormatTooNew(OwnFormatError):
    """Written by a newer watchtracker in a version of the format this one cannot read."""


def as_utc(value: datetime) -> datetime:
    """An aware UTC time; a naive one is taken as UTC (SQLite gives them back naive)."""
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


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
            return as_utc(datetime.fromisoformat(value.replace("Z", "+00:00")))
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
