"""Reading our own export back (``services.transfer.own_format`` documents the format): the whole file is
checked before anything is written, and turned into plain data (:class:`OwnExport`); a file that
is not complete and valid is refused with one line saying why and where.

Memory: a file of up to ``MAX_BYTES`` with up to ``MAX_ENTRIES`` objects and lists, both said in
the message that refuses one beyond them. The text is held one byte per character
(``files.json_text``), freed once parsed; each series' parsed data is let go as soon as it is
checked, so the parsed and the checked forms are not held whole at once; identical undated
viewings share one record. An export as watchtracker writes it takes about three times its size
(``tests/benchmarks/bench_import_memory.py`` measures it).

Times no one can have watched or recorded anything at (year 1, year 9999: before 1928 or days
after now) are read as no time, and counted in ``OwnExport.dates_out_of_range``; so are air dates
and times outside 1900..2200 (``domain.dates``).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from watchtracker.domain.dates import (
    InvalidDate,
    parse_partial_date,
    plausible_air_date,
    plausible_air_time,
    plausible_viewing,
)
from watchtracker.domain.enums import (
    AnnouncementKind,
    LifecycleStatus,
    RelationKind,
    ViewerState,
)
from watchtracker.domain.i18n import translate
from watchtracker.domain.text import clean_line, clean_text
from watchtracker.domain.transfer import NotAnExport
from watchtracker.errors import InvalidInput
from watchtracker.providers.imports.files import (
    CHUNK_BYTES,
    json_text,
    open_regular,
    share_empty,
    text_end,
)

FORMAT = "watchtracker"  # the document's "format"
VERSION = 1  # the newest version of the format this one reads and writes
MB = 1024 * 1024
# A library of 2,000 series with every episode listed (300,000 episodes) exports to about 200 MB;
# 50,000 viewings is a few MB. Reading takes about 3 times the file in memory.
MAX_BYTES = 256 * MB
MAX_ENTRIES = 2_000_000  # objects and lists: a file of countless tiny ones ("viewings": [{}, {}, ...])
# would otherwise take 20 times its size; that library has about a million
MAX_EPISODES = 100_000  # in one series (the longest-running soaps have about 15,000)
MAX_VIEWINGS = 10_000  # of one episode
EXTERNAL_IDS = ("tvmaze", "thetvdb", "imdb", "tmdb")


class OwnFormatError(InvalidInput, NotAnExport):
    """The file is not a complete, valid watchtracker export; one line says why and where.
    Nothing was changed."""


class OwnFormatTooNew(OwnFormatError):
    """Written by a newer watchtracker in a version of the format this one cannot read."""


def as_utc(value: datetime) -> datetime:
    """An aware UTC time; a naive one is taken as UTC (SQLite gives them back naive)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class EpisodeFields(NamedTuple):
    """An episode of the file, checked: the episode table's columns (a tuple: a long list of
    episodes is held in a third of the memory of dicts). ``_asdict()`` gives the columns."""

    season: int
    number: int
    title: str
    summary: str
    air_date: date | None
    airstamp: datetime | None
    runtime: int | None
    tvmaze_id: int | None


@dataclass(frozen=True)
class SeriesRecord:
    """One series of the file, checked; ``fields`` are the series table's columns."""

    key: str
    fields: dict[str, Any]
    entry: dict[str, Any] | None
    seasons: tuple[dict[str, Any], ...]
    # (fields, viewings): a viewing is (watched_at, source); the list is the parsed one, checked in place
    episodes: tuple[tuple[EpisodeFields, Sequence[tuple[datetime | None, str]]], ...]
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
    dates_out_of_range: int = 0  # times and dates read as none: before 1928 or in the future ...

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


def _size_text(n: int) -> str:
    if n >= MB:
        return translate("own_format", "{size} MB").format(size=f"{n / MB:,.0f}")
    return translate("own_format", "{size} bytes").format(size=f"{n:,}")


def _too_big(name: str, size: int | None = None) -> OwnFormatError:
    if size is None:
        text = translate("own_format", "{name} is too big to import: a watchtracker export may be up to {most}.")
    else:
        text = translate(
            "own_format", "{name} is too big ({size}) to import: a watchtracker export may be up to {most}."
        )
    return OwnFormatError(text.format(name=name, size=_size_text(size or 0), most=_size_text(MAX_BYTES)))


def read_own_export(path: Path | str, *, now: datetime | None = None) -> OwnExport:
    """Read and check a file. Raises OwnFormatError (OwnFormatTooNew for a newer version).
    ``now``: what "in the future" is measured from (default: the clock)."""
    path = Path(path).expanduser()
    name = str(path)
    try:
        if path.is_dir():
            raise OwnFormatError(
                translate("own_format", "{path} is a folder, not a watchtracker export.").format(path=path)
            )
        with open_regular(path, name) as fh:  # a FIFO or a device is refused, never waited on
            size = os.fstat(fh.fileno()).st_size
            if size > MAX_BYTES:
                raise _too_big(name, size)
            text = [json_text(_chunks(fh, name), "utf-8-sig", "strict")]
    except OwnFormatError:
        raise
    except UnicodeDecodeError:
        raise OwnFormatError(
            translate("own_format", "{name} is not a watchtracker export (it is not UTF-8 text).").format(name=name)
        ) from None
    except NotAnExport as exc:
        raise OwnFormatError(str(exc)) from None
    except OSError as exc:
        raise OwnFormatError(
            translate("own_format", "cannot read {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from exc
    return _parse(text, name, now)


def _chunks(fh, name: str):
    """The file piece by piece, no more than MAX_BYTES (it may grow while it is read)."""
    total = 0
    while chunk := fh.read(CHUNK_BYTES):
        total += len(chunk)
        if total > MAX_BYTES:
            raise _too_big(name)
        yield chunk


def parse_own_export(data: bytes | str, source: str = "", *, now: datetime | None = None) -> OwnExport:
    """Check a whole document and turn it into an :class:`OwnExport` (``source``: its name in
    messages, "the file" when not given)."""
    name = source or translate("own_format", "the file")
    if len(data) > MAX_BYTES:
        raise _too_big(name, len(data))
    if isinstance(data, str):
        text = data.lstrip("\ufeff")
    else:
        view = memoryview(data)
        try:
            text = json_text(
                (view[i : i + CHUNK_BYTES] for i in range(0, len(view), CHUNK_BYTES)), "utf-8-sig", "strict"
            )
        except UnicodeDecodeError:
            raise OwnFormatError(
                translate("own_format", "{name} is not a watchtracker export (it is not UTF-8 text).").format(name=name)
            ) from None
    return _parse([text], name, now)


def _parse(holder: list[str], name: str, now: datetime | None) -> OwnExport:
    """``holder`` holds the text (so that it can be let go once parsed)."""
    text = holder.pop()
    if not text or text.isspace():
        raise OwnFormatError(translate("own_format", "{name} is empty.").format(name=name))
    if text.count("{") + text.count("[") > MAX_ENTRIES:  # brackets inside text count too: an upper bound
        raise OwnFormatError(
            translate(
                "own_format",
                "{name} has more than {most:,} objects and lists, the most a "
                "watchtracker export may have; it cannot be imported.",
            ).format(name=name, most=MAX_ENTRIES)
        )
    try:
        doc = json.loads(text, object_hook=share_empty)
    except json.JSONDecodeError as exc:
        # the scanner says "Unterminated string" only when the text ends inside one
        if text_end(text) - exc.pos <= 5 or exc.msg.startswith("Unterminated string"):
            raise OwnFormatError(
                translate(
                    "own_format", "{name} ends too early: it was cut off (truncated) and cannot be imported."
                ).format(name=name)
            ) from None
        raise OwnFormatError(
            translate(
                "own_format", "{name} is not valid JSON (line {line}, column {column}: {problem}); it may be damaged."
            ).format(name=name, line=exc.lineno, column=exc.colno, problem=exc.msg)
        ) from None
    except RecursionError:
        raise OwnFormatError(
            translate("own_format", "{name} is not a watchtracker export (nested too deeply).").format(name=name)
        ) from None
    except ValueError:  # a number of thousands of digits
        raise OwnFormatError(
            translate("own_format", "{name} is not a watchtracker export (a number far too long).").format(name=name)
        ) from None
    del text  # the parsed document is what is held from here on
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise OwnFormatError(
            translate("own_format", '{name} is not a watchtracker export (no "format": "{format}").').format(
                name=name, format=FORMAT
            )
        )
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise OwnFormatError(
            translate("own_format", '{name}: "version" should be a whole number from 1, not {version}.').format(
                name=name, version=_shown(version)
            )
        )
    if version > VERSION:
        raise OwnFormatTooNew(
            translate(
                "own_format",
                "{name} was written by a newer watchtracker (format version {version}); this version "
                "reads version {known} and has not changed anything. Update watchtracker to import it.",
            ).format(name=name, version=version, known=VERSION)
        )
    try:
        return _Checker(name, now).document(doc)
    except _Bad as exc:
        raise OwnFormatError(
            translate("own_format", "{name} is not a valid watchtracker export: {problem}").format(
                name=name, problem=exc
            )
        ) from None


def _shown(value: Any) -> str:
    """A value as a message shows it: its repr, cut short."""
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}..."


class _Bad(Exception):
    pass


_MISSING = object()


class _Checker:
    """Checks each value with the path to it, so the message says where the file is wrong."""

    def __init__(self, name: str, now: datetime | None = None):
        self.name = name
        self.now = now or datetime.now(UTC)
        self.out_of_range = 0  # times and dates read as none
        self._undated: dict[str, tuple[None, str]] = {}  # one record per source, shared
        self._sources: dict[str, str] = {}

    # primitives ------------------------------------------------------------------------------
    @staticmethod
    def _get(d: dict, key: str, where: str, default: Any) -> Any:
        value = d.get(key, _MISSING)
        if value is _MISSING:
            if default is _MISSING:
                raise _Bad(translate("own_format", '{where}: "{key}" is missing').format(where=where, key=key))
            return default
        return value

    def obj(self, value: Any, where: str) -> dict:
        if not isinstance(value, dict):
            raise _Bad(translate("own_format", "{where} should be an object").format(where=where))
        return value

    def items(self, d: dict, key: str, where: str) -> list:
        value = self._get(d, key, where, [])
        if not isinstance(value, list):
            raise _Bad(translate("own_format", "{where}.{key} should be a list").format(where=where, key=key))
        return value

    def text(self, d: dict, key: str, where: str, default: Any = "", *, null: bool = False) -> Any:
        value = self._get(d, key, where, default)
        if value is None and null:
            return None
        if not isinstance(value, str):
            raise _Bad(
                translate("own_format", "{where}.{key} should be text, not {value}").format(
                    where=where, key=key, value=_shown(value)
                )
            )
        return clean_text(value)  # no terminal controls, bidi overrides or invisible characters

    def integer(
        self,
        d: dict,
        key: str,
        where: str,
        default: Any = None,
        *,
        null: bool = True,
        low: int | None = None,
        high: int | None = None,
    ) -> Any:
        value = self._get(d, key, where, default)
        if value is None and null:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            raise _Bad(
                translate("own_format", "{where}.{key} should be a whole number, not {value}").format(
                    where=where, key=key, value=_shown(value)
                )
            )
        if (
            (low is not None and value < low) or (high is not None and value > high) or not -(2**63) <= value < 2**63
        ):  # what the library can hold
            raise _Bad(
                translate("own_format", "{where}.{key} is out of range ({value})").format(
                    where=where, key=key, value=_shown(value)
                )
            )
        return value

    def flag(self, d: dict, key: str, where: str, default: Any = False) -> bool:
        value = self._get(d, key, where, default)
        if not isinstance(value, bool):
            raise _Bad(
                translate("own_format", "{where}.{key} should be true or false, not {value}").format(
                    where=where, key=key, value=_shown(value)
                )
            )
        return value

    def time(self, d: dict, key: str, where: str, default: Any = None, *, null: bool = True, air: bool = False):
        """A time, aware UTC. One no one can have recorded anything at (before 1928, days after
        now; for an air time, ``air``: outside 1900..2200) is read as none and counted."""
        value = self._get(d, key, where, default)
        if value is None and null:
            return None
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except (AttributeError, ValueError):
            raise _Bad(
                translate(
                    "own_format", "{where}.{key} should be a UTC time like 2015-02-15T21:10:00Z, not {value}"
                ).format(where=where, key=key, value=_shown(value))
            ) from None
        moment = plausible_air_time(parsed) if air else plausible_viewing(parsed, self.now)
        if moment is None:
            self.out_of_range += 1
        return moment

    def day(self, d: dict, key: str, where: str) -> date | None:
        """An air or premiere date; one outside 1900..2200 is read as none and counted."""
        value = self._get(d, key, where, None)
        if value is None:
            return None
        try:
            if not isinstance(value, str) or len(value) != 10:
                raise ValueError
            day = date.fromisoformat(value)
        except ValueError:
            raise _Bad(
                translate("own_format", "{where}.{key} should be a date like 2014-02-06, not {value}").format(
                    where=where, key=key, value=_shown(value)
                )
            ) from None
        if plausible_air_date(day) is None:
            self.out_of_range += 1
            return None
        return day

    def viewing(self, v: Any, episode: str, j: int) -> tuple[datetime | None, str]:
        """(watched_at, source) of ``{episode}.viewings[j]``, checked as ``time`` and ``text``
        would (the path to it is only made for a message: a long history is read fast); the
        undated viewings of one source share one record, and every source its text."""
        if not isinstance(v, dict):
            raise _Bad(
                translate("own_format", "{episode}.viewings[{index}] should be an object").format(
                    episode=episode, index=j
                )
            )
        value = v.get("watched_at")
        at = None
        if value is not None:
            try:
                parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except (AttributeError, ValueError):
                raise _Bad(
                    translate(
                        "own_format",
                        "{episode}.viewings[{index}].watched_at should be a UTC time like 2015-02-15T21:10:00Z, "
                        "not {value}",
                    ).format(episode=episode, index=j, value=_shown(value))
                ) from None
            at = plausible_viewing(parsed, self.now)
            if at is None:
                self.out_of_range += 1
        raw = v.get("source", "manual")
        source = self._sources.get(raw) if isinstance(raw, str) else None
        if source is None:
            if not isinstance(raw, str):
                raise _Bad(
                    translate("own_format", "{episode}.viewings[{index}].source should be text, not {value}").format(
                        episode=episode, index=j, value=_shown(raw)
                    )
                )
            source = clean_text(raw)
            if len(self._sources) < 10_000:
                self._sources[raw] = source
        if at is not None:
            return at, source
        shared = self._undated.get(source)
        if shared is None:
            shared = (None, source)
            if len(self._undated) < 10_000:
                self._undated[source] = shared
        return shared

    def partial(self, d: dict, key: str, where: str):
        value = self._get(d, key, where, None)
        if value is None:
            return None
        try:
            if not isinstance(value, str):
                raise InvalidDate(translate("own_format", "not text"))
            return parse_partial_date(value)
        except InvalidDate as exc:
            raise _Bad(
                translate(
                    "own_format",
                    '{where}.{key} is not a date like "2026", "2026-spring", "2026-05" or "2026-05-06" ({problem})',
                ).format(where=where, key=key, problem=exc)
            ) from None

    def choice(self, d: dict, key: str, where: str, vocabulary, default: Any = _MISSING) -> str:
        value = self._get(d, key, where, default)
        try:
            return vocabulary(value).value
        except ValueError:
            allowed = ", ".join(v.value for v in vocabulary)
            raise _Bad(
                translate("own_format", "{where}.{key}: {value} is not one of {allowed}").format(
                    where=where, key=key, value=_shown(value), allowed=allowed
                )
            ) from None

    def texts(self, d: dict, key: str, where: str) -> list[str]:
        values = self.items(d, key, where)
        if not all(isinstance(v, str) for v in values):
            raise _Bad(translate("own_format", "{where}.{key} should be a list of text").format(where=where, key=key))
        return [clean_line(v) for v in values]  # aliases and genres: names, one line each

    # the document ----------------------------------------------------------------------------
    def document(self, doc: dict) -> OwnExport:
        """Each part in turn (the series first: the others name them by key), each refused at the
        first fault found in it."""
        series = self.all_series(doc)
        known = {s.key for s in series}
        franchises = self.franchises(doc, known)
        relations = self.relations(doc, known)
        feeds = self.feeds(doc)
        announcements = self.announcements(doc, known, {f["url"] for f in feeds})
        muted = tuple(
            sorted(
                {
                    self.choice({"kind": k}, "kind", f"muted_kinds[{i}]", AnnouncementKind)
                    for i, k in enumerate(self.items(doc, "muted_kinds", "the document"))
                }
            )
        )
        pending = self.pending_imports(doc)
        app_version = doc.get("app_version")
        return OwnExport(
            version=doc["version"],
            exported_at=self.time(doc, "exported_at", "the document"),
            app_version=app_version if isinstance(app_version, str) else "",
            series=series,
            franchises=franchises,
            relations=relations,
            announcements=announcements,
            feeds=feeds,
            muted_kinds=muted,
            pending_imports=pending,
            source=self.name,
            dates_out_of_range=self.out_of_range,
        )

    @staticmethod
    def _series_key(value: Any, where: str, known: set[str]) -> str:
        if not isinstance(value, str) or value not in known:
            raise _Bad(
                translate("own_format", "{where} names a series {key} that is not in the file").format(
                    where=where, key=_shown(value)
                )
            )
        return value

    def all_series(self, doc: dict) -> tuple[SeriesRecord, ...]:
        """Every series, each key used once, each external id by one series only."""
        raw_series = self.items(doc, "series", "the document")
        checked = []
        for i in range(len(raw_series)):
            checked.append(self.series(self.obj(raw_series[i], f"series[{i}]"), f"series[{i}]"))
            raw_series[i] = None  # let go of the parsed series: it is held once, parsed or checked
        series = tuple(checked)
        keys = [s.key for s in series]
        if len(set(keys)) != len(keys):
            dup = next(k for k, n in Counter(keys).items() if n > 1)
            raise _Bad(translate("own_format", "the series key {key} is used twice").format(key=_shown(dup)))
        for ext in EXTERNAL_IDS:
            seen: dict[Any, str] = {}
            for s in series:
                value = s.fields[f"{ext}_id"]
                if value is not None and value in seen:
                    raise _Bad(
                        translate("own_format", "series {first} and {second} have the same {service} id {id}").format(
                            first=_shown(seen[value]), second=_shown(s.key), service=ext, id=_shown(value)
                        )
                    )
                if value is not None:
                    seen[value] = s.key
        return series

    def franchises(self, doc: dict, known: set[str]) -> tuple[dict, ...]:
        """Franchises of distinct names; a series in one franchise at most."""
        franchises: list[dict] = []
        owner: dict[str, str] = {}  # series key -> the name of its franchise
        for i, f in enumerate(self.items(doc, "franchises", "the document")):
            where = f"franchises[{i}]"
            f = self.obj(f, where)
            members = [self._series_key(k, f"{where}.members", known) for k in self.items(f, "members", where)]
            name = self.text(f, "name", where, _MISSING).strip()
            if not name:
                raise _Bad(translate("own_format", "{where}.name is empty").format(where=where))
            for k in members:
                if owner.setdefault(k, name) != name:
                    raise _Bad(
                        translate("own_format", "the series {key} is in two franchises ({first} and {second})").format(
                            key=_shown(k), first=_shown(owner[k]), second=_shown(name)
                        )
                    )
            franchises.append(
                {
                    "name": name,
                    "description": self.text(f, "description", where),
                    "followed": self.flag(f, "followed", where),
                    "created_at": self.time(f, "created_at", where),
                    "members": tuple(dict.fromkeys(members)),
                }
            )
        names = [f["name"] for f in franchises]
        if len(set(names)) != len(names):
            raise _Bad(translate("own_format", "two franchises have the same name"))
        return tuple(franchises)

    def relations(self, doc: dict, known: set[str]) -> tuple[tuple[str, str, str], ...]:
        """(from, kind, to) between two series of the file, each once; never a series to itself."""
        relations = []
        for i, r in enumerate(self.items(doc, "relations", "the document")):
            where = f"relations[{i}]"
            r = self.obj(r, where)
            a = self._series_key(r.get("from"), f"{where}.from", known)
            b = self._series_key(r.get("to"), f"{where}.to", known)
            if a == b:
                raise _Bad(translate("own_format", "{where} relates a series to itself").format(where=where))
            relations.append((a, self.choice(r, "kind", where, RelationKind), b))
        return tuple(dict.fromkeys(relations))

    def feeds(self, doc: dict) -> tuple[dict, ...]:
        """Feeds of distinct addresses."""
        feeds = []
        for i, f in enumerate(self.items(doc, "feeds", "the document")):
            where = f"feeds[{i}]"
            f = self.obj(f, where)
            feeds.append(
                {
                    "url": self.text(f, "url", where, _MISSING),
                    "name": self.text(f, "name", where),
                    "enabled": self.flag(f, "enabled", where, True),
                    "etag": self.text(f, "etag", where, None, null=True),
                    "last_modified": self.text(f, "last_modified", where, None, null=True),
                    "last_polled_at": self.time(f, "last_polled_at", where),
                    "last_ok_at": self.time(f, "last_ok_at", where),
                    "last_error": self.text(f, "last_error", where, None, null=True),
                    "items_seen": self.integer(f, "items_seen", where, 0, null=False, low=0),
                    "created_at": self.time(f, "created_at", where),
                }
            )
        urls = [f["url"] for f in feeds]
        if len(set(urls)) != len(urls):
            raise _Bad(translate("own_format", "two feeds have the same url"))
        return tuple(feeds)

    def announcements(self, doc: dict, known: set[str], urls: set[str]) -> tuple[dict, ...]:
        """Announcements of distinct fingerprints, from feeds of the file, about its series."""
        announcements = []
        for i, a in enumerate(self.items(doc, "announcements", "the document")):
            where = f"announcements[{i}]"
            a = self.obj(a, where)
            premiere = self.partial(a, "premiere", where)
            feed = self.text(a, "feed", where, None, null=True)
            if feed is not None and feed not in urls:
                raise _Bad(
                    translate("own_format", "{where}.feed names a feed {feed} that is not in the file").format(
                        where=where, feed=_shown(feed)
                    )
                )
            fingerprint = self.text(a, "fingerprint", where, _MISSING)
            if not fingerprint:
                raise _Bad(translate("own_format", "{where}.fingerprint is empty").format(where=where))
            kind = self.choice(a, "kind", where, AnnouncementKind)
            kinds = [kind]  # the main one first; a file from before kinds has it alone
            for n, value in enumerate(self.items(a, "kinds", where)):
                other = self.choice({"kind": value}, "kind", f"{where}.kinds[{n}]", AnnouncementKind)
                if other not in kinds:
                    kinds.append(other)
            announcements.append(
                {
                    "fingerprint": fingerprint,
                    "kind": kind,
                    "kinds": kinds,
                    "headline": self.text(a, "headline", where, _MISSING),
                    "summary": self.text(a, "summary", where),
                    "source": self.text(a, "source", where),
                    "url": self.text(a, "url", where, None, null=True),
                    "published_at": self.time(a, "published_at", where),
                    "published_has_time": self.flag(a, "published_has_time", where, True),
                    "created_at": self.time(a, "created_at", where),
                    "read": self.flag(a, "read", where),
                    "dismissed": self.flag(a, "dismissed", where),
                    "reason": self.text(a, "reason", where),
                    "premiere": premiere.to_text() if premiere else None,
                    "spin_off_title": self.text(a, "spin_off_title", where, None, null=True),
                    "feed": feed,
                    "series": tuple(
                        dict.fromkeys(
                            self._series_key(k, f"{where}.series", known) for k in self.items(a, "series", where)
                        )
                    ),
                }
            )
        prints = [a["fingerprint"] for a in announcements]
        if len(set(prints)) != len(prints):
            raise _Bad(translate("own_format", "two announcements have the same fingerprint"))
        return tuple(announcements)

    def pending_imports(self, doc: dict) -> tuple[dict, ...]:
        """Shows kept for later, each (format, key) once."""
        pending = []
        for i, p in enumerate(self.items(doc, "pending_imports", "the document")):
            where = f"pending_imports[{i}]"
            p = self.obj(p, where)
            pending.append(
                {
                    "format": self.text(p, "format", where, _MISSING),
                    "key": self.text(p, "key", where, _MISSING),
                    "title": self.text(p, "title", where),
                    "year": self.integer(p, "year", where),
                    "ids": self.obj(self._get(p, "ids", where, {}), f"{where}.ids"),
                    "show": self.obj(self._get(p, "show", where, {}), f"{where}.show"),
                    "created_at": self.time(p, "created_at", where),
                    "error": self.text(p, "error", where),
                }
            )
        pairs = [(p["format"], p["key"]) for p in pending]
        if len(set(pairs)) != len(pairs):
            raise _Bad(translate("own_format", "pending_imports lists a show twice"))
        return tuple(pending)

    # one series --------------------------------------------------------------------------------
    def series(self, s: dict, where: str) -> SeriesRecord:
        key = self.text(s, "key", where, _MISSING)
        title = self.text(s, "title", where, _MISSING)
        if not key or not title.strip():
            raise _Bad(translate("own_format", "{where}: the key and the title cannot be empty").format(where=where))
        fields = self.series_fields(s, where, title)
        entry = self._get(s, "entry", where, None)
        if entry is not None:
            entry = self.entry(self.obj(entry, f"{where}.entry"), f"{where}.entry")
        return SeriesRecord(
            key=key,
            fields=fields,
            entry=entry,
            seasons=self.seasons(s, where),
            episodes=self.episodes(s, where),
            cast=self.cast(s, where),
        )

    def series_fields(self, s: dict, where: str, title: str) -> dict[str, Any]:
        """The series' own columns (its title already checked)."""
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
        return fields

    def entry(self, entry: dict, w: str) -> dict[str, Any]:
        return {
            "state": self.choice(entry, "state", w, ViewerState, ViewerState.PLAN_TO_WATCH.value),
            "favourite": self.flag(entry, "favourite", w),
            "rating": self.integer(entry, "rating", w, low=1, high=10),
            "notes": self.text(entry, "notes", w),
            "added_at": self.time(entry, "added_at", w),
            "alerts_muted": self.flag(entry, "alerts_muted", w),
        }

    def seasons(self, s: dict, where: str) -> tuple[dict, ...]:
        """The series' seasons, each number once."""
        seasons = []
        for i, x in enumerate(self.items(s, "seasons", where)):
            w = f"{where}.seasons[{i}]"
            x = self.obj(x, w)
            seasons.append(
                {
                    "number": self.integer(x, "number", w, _MISSING, null=False, low=0),
                    "name": self.text(x, "name", w),
                    "premiere": self.day(x, "premiere", w),
                    "episode_order": self.integer(x, "episode_order", w, low=0),
                    "tvmaze_id": self.integer(x, "tvmaze_id", w),
                }
            )
        if len({x["number"] for x in seasons}) != len(seasons):
            raise _Bad(translate("own_format", "{where}.seasons lists a season twice").format(where=where))
        return tuple(seasons)

    def episodes(self, s: dict, where: str) -> tuple[tuple[EpisodeFields, Sequence], ...]:
        """The series' episodes with their viewings, each (season, number) once."""
        episodes = []
        raw_episodes = self.items(s, "episodes", where)
        if len(raw_episodes) > MAX_EPISODES:
            raise _Bad(
                translate("own_format", "{where} lists more than {most:,} episodes, more than any series has").format(
                    where=where, most=MAX_EPISODES
                )
            )
        for i in range(len(raw_episodes)):
            w = f"{where}.episodes[{i}]"
            e = self.obj(raw_episodes[i], w)
            raw_episodes[i] = None  # let go of the parsed episode once checked (e holds it till then)
            episodes.append(self.episode(e, w))
        codes = [(e.season, e.number) for e, _ in episodes]
        if len(set(codes)) != len(codes):
            dup = next(c for c, n in Counter(codes).items() if n > 1)
            raise _Bad(
                translate("own_format", "{where}.episodes lists S{season:02d}E{number:02d} twice").format(
                    where=where, season=dup[0], number=dup[1]
                )
            )
        return tuple(episodes)

    def episode(self, e: dict, w: str) -> tuple[EpisodeFields, Sequence]:
        viewings = self.items(e, "viewings", w)
        if len(viewings) > MAX_VIEWINGS:
            raise _Bad(
                translate("own_format", "{where} lists more than {most:,} viewings of one episode").format(
                    where=w, most=MAX_VIEWINGS
                )
            )
        for j in range(len(viewings)):  # in place: the parsed list becomes the checked one
            viewings[j] = self.viewing(viewings[j], w, j)
        return EpisodeFields(
            season=self.integer(e, "season", w, _MISSING, null=False, low=0),
            number=self.integer(e, "number", w, _MISSING, null=False),
            title=self.text(e, "title", w),
            summary=self.text(e, "summary", w),
            air_date=self.day(e, "air_date", w),
            airstamp=self.time(e, "airstamp", w, air=True),
            runtime=self.integer(e, "runtime", w, low=0),
            tvmaze_id=self.integer(e, "tvmaze_id", w),
        ), viewings or ()

    def cast(self, s: dict, where: str) -> tuple[tuple[dict, dict], ...]:
        """(person, credit) of each cast member, in the file's order."""
        cast = []
        for i, c in enumerate(self.items(s, "cast", where)):
            w = f"{where}.cast[{i}]"
            c = self.obj(c, w)
            cast.append(
                (
                    {
                        "name": self.text(c, "name", w, _MISSING),
                        "tvmaze_id": self.integer(c, "person_tvmaze_id", w),
                        "image_url": self.text(c, "image_url", w, None, null=True),
                    },
                    {
                        "character": self.text(c, "character", w),
                        "role": self.text(c, "role", w, "actor"),
                        "position": self.integer(c, "position", w, i, null=False),
                    },
                )
            )
        return tuple(cast)
