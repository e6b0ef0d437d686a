"""Importing another tracker's history: recognise the file, match its shows to series, preview,
then write everything in one transaction.

The steps, each callable from a worker thread (a future wizard runs them one after the other):

1. ``read(path, format=None) -> ImportBatch``: the format is recognised from the content (each
   reader's ``looks_like``; our own export by its ``"format": "watchtracker"`` key). A reader
   module that is not installed is simply not offered.
2. ``plan(batch, offline=..., duplicates=...) -> ImportPlan``: matching, in this order: ids the
   library already knows (instant, offline); TVmaze's lookup by TheTVDB then IMDb id (only for
   the shows still unmatched; skipped with ``offline`` or once the network is down); title and
   year among the library's series (rapidfuzz, high threshold, years must agree when both are
   known). A show found on TVmaze but not in the library is fetched in full here, so that the
   preview can count its episodes and ``apply`` needs no network. ``plan.report`` is the
   preview: nothing has been written.
3. ``apply(plan, progress=, cancel=) -> ImportReport``: a backup first, then one transaction.
   Cancelled (``cancel.set()``) or failed, the library is exactly as before.

What cannot be matched is kept in ``pending_import`` with the reason, and tried again by
``plan_pending()`` (``watchtracker import --retry-pending``). Our own export goes through
``services.own_format`` (``read_own_export``/``preview_own``/``import_own``) instead.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import re
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, delete, select

from watchtracker.domain.enums import LifecycleStatus, ViewerState
from watchtracker.domain.transfer import (
    FORMAT_LABELS,
    FORMATS,
    ExternalIds,
    ImportBatch,
    ImportedShow,
    ImportedViewing,
    NotAnExport,
)
from watchtracker.providers.errors import BadResponse, NotFoundOnline, ProviderError
from watchtracker.services.changes import Changes
from watchtracker.services.errors import InvalidInput, UserError
from watchtracker.storage.database import backup_to, session_scope
from watchtracker.storage.files import prune_backups
from watchtracker.storage.tables import (
    Episode,
    LibraryEntry,
    PendingImport,
    Series,
    Viewing,
    utcnow,
)

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]  # done, total, what

# reader modules under providers/imports, by the format each reads
READER_MODULES = {"tvtime": "tvtime", "trakt": "trakt", "seriesguide": "seriesguide", "imdb": "imdb"}
OWN_FORMAT = "watchtracker"
TITLE_THRESHOLD = 92  # rapidfuzz ratio on normalised titles, 0..100
SAME_TIME_S = 60  # two viewings of an episode this close are the same viewing
DUPLICATE_POLICIES = ("keep", "skip")  # a viewing at another time than the library's
PENDING_FORMAT = "pending"  # ImportBatch.format of a retry of the shows kept for later

# how a show was matched (stable values, printed by the CLI's JSON)
HOW_LABELS = {
    "tvmaze": "TVmaze id in the library",
    "thetvdb": "TheTVDB id in the library",
    "imdb": "IMDb id in the library",
    "tmdb": "TMDB id in the library",
    "lookup": "found on TVmaze",
    "title": "title and year",
}


class UnknownFormat(UserError):
    """The file is none of the formats this version reads (or its reader is not installed)."""


class ImportCancelled(UserError):
    def __init__(self) -> None:
        super().__init__("The import was cancelled; nothing was changed.")


# -- what a plan and an import say ----------------------------------------------------------


@dataclass(frozen=True)
class MatchedShow:
    show: ImportedShow
    format: str
    how: str  # a key of HOW_LABELS
    series_id: int | None  # None: not in the library yet, followed from TVmaze by apply
    series_title: str
    tvmaze_id: int | None = None  # set when apply follows it from TVmaze
    via: str = ""  # lookup: which id found it ("thetvdb", "imdb", "tvmaze")
    followed: bool = False  # apply followed it from TVmaze

    @property
    def new(self) -> bool:
        """Not in the library before: followed from TVmaze (by apply, or when applied)."""
        return self.tvmaze_id is not None and (self.series_id is None or self.followed)


@dataclass(frozen=True)
class PendingShow:
    show: ImportedShow
    format: str
    reason: str


@dataclass(frozen=True)
class ImportReport:
    """The preview (``dry_run``) or the outcome of an import: the same shape, so one page of a
    wizard can show both."""

    format: str
    source: str
    shows: int  # in the file
    episodes: int  # distinct episodes the file has viewings of
    viewings: int
    ratings: int
    matched: tuple[MatchedShow, ...]
    pending: tuple[PendingShow, ...]
    viewings_added: int = 0
    duplicates: int = 0  # already in the library at the same time: skipped
    conflicts: int = 0  # the episode was watched at another time: kept both, or skipped
    duplicate_policy: str = "keep"
    unplaced: int = 0  # no such episode on the matched series (numbering differs): not added
    unplaced_examples: tuple[str, ...] = ()
    ratings_set: int = 0
    skipped: tuple[str, ...] = ()  # what the reader left out, a line each
    online: bool = True  # whether TVmaze was asked
    dry_run: bool = True
    backup: Path | None = None
    changes: Changes = field(default_factory=Changes)


@dataclass(frozen=True)
class ImportPlan:
    batch: ImportBatch
    matched: tuple[MatchedShow, ...]
    pending: tuple[PendingShow, ...]
    fetched: dict  # tvmaze id -> OnlineShow, followed by apply
    report: ImportReport  # the preview
    duplicates: str = "keep"


# -- the service ----------------------------------------------------------------------------


class ImportService:
    """Import use cases; plain Python, safe on a worker thread (each step opens its own session)."""

    def __init__(
        self,
        engine: Engine,
        online: Any = None,  # OnlineService, or None: offline only
        backups: Path | None = None,
        *,
        keep_backups: int = 5,
        clock: Callable[[], datetime] | None = None,
        readers: dict[str, Any] | None = None,
    ):
        self.engine = engine
        self.online = online
        self.backups = backups
        self.keep_backups = keep_backups
        self.clock = clock or (lambda: datetime.now(timezone.utc))
        self._readers = readers

    # -- reading ---------------------------------------------------------------------------
    def readers(self) -> dict[str, Any]:
        return self._readers if self._readers is not None else available_readers()

    def formats(self) -> list[str]:
        """The formats this installation can read."""
        out = [f for f in FORMATS if f in self.readers()]
        if own_format_module() is not None:
            out.append(OWN_FORMAT)
        return out

    def detect(self, path: Path) -> str:
        """The format of a file or folder, from its content; UnknownFormat if none fits."""
        path = Path(path)
        if not path.exists():
            raise InvalidInput(f"{path} does not exist.")
        if _looks_like_own(path):
            if own_format_module() is None:
                raise UnknownFormat(f"{path} is a watchtracker export, but this version cannot read it.")
            return OWN_FORMAT
        readers = self.readers()
        with open_source(path) as source:
            for fmt in FORMATS:
                reader = readers.get(fmt)
                if reader is None:
                    continue
                try:
                    if reader.looks_like(source):
                        return fmt
                except NotAnExport:
                    continue
        known = ", ".join(FORMAT_LABELS[f] for f in self.formats()) or "none"
        raise UnknownFormat(f"{path.name} is not an export this version can read (it reads: {known}).")

    def read(self, path: Path, format: str | None = None) -> ImportBatch:
        """Read a file (not our own format: see ``read_own``) into an ImportBatch."""
        path = Path(path)
        fmt = format or self.detect(path)
        if fmt == OWN_FORMAT:
            raise InvalidInput("A watchtracker export is imported with read_own/import_own.")
        reader = self.readers().get(fmt)
        if reader is None:
            raise UnknownFormat(f"This version cannot read {FORMAT_LABELS.get(fmt, fmt)} exports.")
        if not path.exists():
            raise InvalidInput(f"{path} does not exist.")
        with open_source(path) as source:
            batch = reader.read(source)
        return batch if batch.source else replace(batch, source=str(path))

    # -- matching (the preview) ----------------------------------------------------------
    def plan(
        self,
        batch: ImportBatch,
        *,
        offline: bool = False,
        duplicates: str = "keep",
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> ImportPlan:
        """Match every show and count what an import would do. Writes nothing."""
        fmt_of = {s.key: batch.format for s in batch.shows}
        return self._plan(batch, fmt_of, offline=offline, duplicates=duplicates,
                          progress=progress, cancel=cancel)

    def _plan(self, batch, fmt_of, *, offline, duplicates, progress, cancel) -> ImportPlan:
        if duplicates not in DUPLICATE_POLICIES:
            raise InvalidInput(f"duplicates is one of {', '.join(DUPLICATE_POLICIES)}, not {duplicates!r}.")
        with Session(self.engine) as session:
            index = _LibraryIndex.load(session)
        matched: list[MatchedShow] = []
        unmatched: list[ImportedShow] = []
        for show in batch.shows:
            m = index.by_ids(show)
            if m is not None:
                sid, how = m
                matched.append(MatchedShow(show, fmt_of[show.key], how, sid, index.titles[sid]))
            else:
                unmatched.append(show)

        fetched: dict[int, Any] = {}
        reasons: dict[str, str] = {}
        online = not offline and self.online is not None
        if unmatched and online:
            still, reasons = self._look_up(unmatched, index, matched, fetched, fmt_of, progress, cancel)
            online = not any(r == _OFFLINE_REASON for r in reasons.values())
            unmatched = still
        pending: list[PendingShow] = []
        for show in unmatched:
            found = index.by_title(show)
            if isinstance(found, int):
                matched.append(MatchedShow(show, fmt_of[show.key], "title", found, index.titles[found]))
                continue
            reason = reasons.get(show.key) or (found if isinstance(found, str) else "")
            if not reason and not (show.ids.tvmaze or show.ids.thetvdb or show.ids.imdb):
                reason = "no TVmaze, TheTVDB or IMDb id to look it up by, and no library series of that title"
            elif not reason:
                reason = ("not looked up on TVmaze (offline)" if offline or self.online is None
                          else "TVmaze does not know its ids")
            pending.append(PendingShow(show, fmt_of[show.key], reason))

        with Session(self.engine) as session:
            placed = _place(session, matched, fetched, duplicates)
        report = ImportReport(
            format=batch.format,
            source=batch.source,
            shows=len(batch.shows),
            episodes=len({(s.key, v.season, v.number) for s in batch.shows for v in s.viewings}),
            viewings=batch.viewing_count,
            ratings=batch.rating_count,
            matched=tuple(matched),
            pending=tuple(pending),
            viewings_added=len(placed.rows),
            duplicates=placed.duplicates,
            conflicts=placed.conflicts,
            duplicate_policy=duplicates,
            unplaced=placed.unplaced,
            unplaced_examples=tuple(placed.examples),
            ratings_set=sum(1 for m in matched if _rating(m.show.rating) is not None),
            skipped=batch.skipped,
            online=online,
            dry_run=True,
        )
        return ImportPlan(batch, tuple(matched), tuple(pending), fetched, report, duplicates)

    def _look_up(self, shows, index, matched, fetched, fmt_of, progress, cancel):
        """TVmaze for the shows the library does not know by id: by TVmaze id, then the lookup
        by TheTVDB and IMDb ids; a show not in the library is fetched in full."""
        tvmaze = self.online.tvmaze
        still: list[ImportedShow] = []
        reasons: dict[str, str] = {}
        down = False
        askable = sum(1 for s in shows if s.ids.tvmaze or s.ids.thetvdb or s.ids.imdb)
        asked = 0
        for show in shows:
            _check(cancel)
            if down or not (show.ids.tvmaze or show.ids.thetvdb or show.ids.imdb):
                still.append(show)
                if down:
                    reasons[show.key] = _OFFLINE_REASON
                continue
            if progress:
                progress(asked, askable, f"Looking up {show.title} on TVmaze…")
            asked += 1
            try:
                tid, via = None, ""
                if show.ids.tvmaze is not None:
                    tid, via = show.ids.tvmaze, "tvmaze"
                if tid is None and show.ids.thetvdb is not None:
                    tid, via = tvmaze.lookup(thetvdb=show.ids.thetvdb), "thetvdb"
                if tid is None and show.ids.imdb:
                    tid, via = tvmaze.lookup(imdb=show.ids.imdb), "imdb"
                if tid is None:
                    still.append(show)
                    reasons[show.key] = "TVmaze does not know its ids"
                    continue
                sid = index.tvmaze.get(tid)
                if sid is not None:
                    matched.append(MatchedShow(show, fmt_of[show.key], "lookup", sid, index.titles[sid], via=via))
                    continue
                if tid not in fetched:
                    fetched[tid] = tvmaze.show(tid)
                online_show = fetched[tid]
                sid = index.by_online(online_show)
                if sid is not None:  # the library knows it by the ids TVmaze gives
                    matched.append(MatchedShow(show, fmt_of[show.key], "lookup", sid, index.titles[sid],
                                               tvmaze_id=tid, via=via))
                else:
                    matched.append(MatchedShow(show, fmt_of[show.key], "lookup", None, online_show.title,
                                               tvmaze_id=tid, via=via))
            except (BadResponse, NotFoundOnline) as exc:
                still.append(show)
                reasons[show.key] = f"TVmaze: {exc}"
            except ProviderError as exc:  # down, refused, rate limited: ask no more this time
                log.info("import: TVmaze lookups stopped: %s", exc)
                down = True
                still.append(show)
                reasons[show.key] = _OFFLINE_REASON
        if progress and askable:
            progress(askable, askable, "Matched.")
        return still, reasons

    # -- kept for later ------------------------------------------------------------------
    def pending(self) -> list[PendingImport]:
        with Session(self.engine) as session:
            return list(session.exec(select(PendingImport).order_by(PendingImport.id)))

    def plan_pending(self, *, offline: bool = False, duplicates: str = "keep",
                     progress: Progress | None = None, cancel: threading.Event | None = None) -> ImportPlan:
        """The shows kept from earlier imports, matched again (``apply`` then removes those
        matched from the table and keeps the others)."""
        rows = self.pending()
        shows, fmt_of = [], {}
        for r in rows:
            show = replace(show_from_json(r.show), key=f"{r.format}:{r.key}")
            shows.append(show)
            fmt_of[show.key] = r.format
        batch = ImportBatch(format=PENDING_FORMAT, shows=tuple(shows), source="shows kept for later")
        return self._plan(batch, fmt_of, offline=offline, duplicates=duplicates,
                          progress=progress, cancel=cancel)

    # -- writing -------------------------------------------------------------------------
    def apply(
        self,
        plan: ImportPlan,
        *,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
        backup: bool = True,
    ) -> ImportReport:
        """Write the plan in one transaction, after a backup. Cancel or fail: nothing changes."""
        from watchtracker.services import online as online_service  # applying a fetched show

        _check(cancel)
        copy = self._backup() if backup else None
        now = self.clock()
        total = max(plan.report.viewings_added, 1)
        with session_scope(self.engine) as session:
            matched = list(plan.matched)
            added_series: set[int] = set()
            # shows found on TVmaze and new to the library: followed, with their episodes
            for i, m in enumerate(matched):
                if m.tvmaze_id is None or m.tvmaze_id not in plan.fetched:
                    continue
                _check(cancel)
                if progress:
                    progress(0, total, f"Following {m.series_title} from TVmaze…")
                show = plan.fetched[m.tvmaze_id]
                series = session.exec(select(Series).where(Series.tvmaze_id == show.tvmaze_id)).first()
                if series is None:
                    series = online_service._match_by_external_ids(session, show) or Series(title=show.title)
                if series.id is None or series.remote_updated is None:
                    online_service._apply_and_announce(session, series, show, now.date())
                matched[i] = replace(m, series_id=series.id, series_title=series.title,
                                     followed=m.series_id is None)

            placed = _place(session, matched, {}, plan.duplicates)
            _check(cancel)
            written = 0
            chunk = 5000
            for start in range(0, len(placed.rows), chunk):
                _check(cancel)
                rows = placed.rows[start:start + chunk]
                session.execute(insert(Viewing.__table__), rows)  # Core: 50,000 rows in a blink
                written += len(rows)
                if progress:
                    progress(written, total, f"Added {written} of {len(placed.rows)} viewings…")

            touched: set[int] = set()
            ratings = 0
            by_series: dict[int, list[MatchedShow]] = defaultdict(list)
            for m in matched:
                by_series[m.series_id].append(m)
            watched_now = _watched_series(placed)
            over = _finished(session, list(by_series), now)
            entries: dict[int, LibraryEntry] = {}
            alive: set[int] = set()  # a series deleted since the preview gets nothing
            for part in _chunks(list(by_series)):
                alive.update(session.exec(select(Series.id).where(col(Series.id).in_(part))))
                entries.update((e.series_id, e) for e in session.exec(
                    select(LibraryEntry).where(col(LibraryEntry.series_id).in_(part))))
            for sid, ms in by_series.items():
                _check(cancel)
                if sid not in alive:
                    continue
                entry = entries.get(sid)
                if entry is None:
                    first = min((m.show.followed_at for m in ms if m.show.followed_at), default=None)
                    entry = LibraryEntry(series_id=sid, state=ViewerState.PLAN_TO_WATCH.value,
                                         added_at=first or utcnow())
                    added_series.add(sid)
                before = (entry.state, entry.rating, entry.favourite, entry.notes)
                for m in ms:
                    s = m.show
                    if _rating(s.rating) is not None:
                        entry.rating = _rating(s.rating)
                        ratings += 1
                    if s.favourite:
                        entry.favourite = True
                    note = (s.notes or "").strip()
                    if note and note not in (entry.notes or ""):
                        entry.notes = f"{entry.notes.rstrip()}\n\n{note}" if entry.notes else note
                stated = [m.show.state for m in ms if m.show.state is not None]
                if stated:
                    entry.state = ViewerState(stated[-1]).value
                elif sid in watched_now:
                    if entry.state in (ViewerState.PLAN_TO_WATCH.value, ViewerState.WATCHING.value):
                        entry.state = (ViewerState.COMPLETED if sid in over else ViewerState.WATCHING).value
                session.add(entry)
                if sid in added_series or before != (entry.state, entry.rating, entry.favourite, entry.notes) \
                        or sid in watched_now:
                    touched.add(sid)

            # what is matched now leaves the pending table; what is not is kept, with the reason
            done: dict[str, list[str]] = defaultdict(list)
            for m in matched:
                fmt, key = _pending_key(plan, m.format, m.show.key)
                done[fmt].append(key)
            for fmt, keys in done.items():
                for part in _chunks(keys):
                    session.exec(delete(PendingImport).where(PendingImport.format == fmt,
                                                             col(PendingImport.key).in_(part)))
            for p in plan.pending:
                fmt, key = _pending_key(plan, p.format, p.show.key)
                row = session.exec(select(PendingImport).where(
                    PendingImport.format == fmt, PendingImport.key == key)).first()
                data = show_to_json(replace(p.show, key=key))
                if row is None:
                    row = PendingImport(format=fmt, key=key, title=p.show.title, year=p.show.year,
                                        ids=data["ids"], show=data)
                row.title, row.year, row.ids, row.show, row.error = p.show.title, p.show.year, data["ids"], data, p.reason
                session.add(row)
            _check(cancel)
            session.flush()
        if progress:
            progress(total, total, "Imported.")
        report = replace(
            plan.report,
            matched=tuple(matched),
            viewings_added=len(placed.rows),
            duplicates=placed.duplicates,
            conflicts=placed.conflicts,
            unplaced=placed.unplaced,
            unplaced_examples=tuple(placed.examples),
            ratings_set=ratings,
            dry_run=False,
            backup=copy,
            changes=Changes(series=frozenset(touched | added_series), added=frozenset(added_series)),
        )
        log.info("imported %s: %d shows matched, %d pending, %d viewings added", report.format,
                 len(report.matched), len(report.pending), report.viewings_added)
        return report

    # -- our own format ------------------------------------------------------------------
    def read_own(self, path: Path) -> Any:
        module = own_format_module()
        if module is None:
            raise UnknownFormat("This version cannot read watchtracker exports.")
        return module.read_own_export(Path(path))

    def preview_own(self, doc: Any) -> Any:
        return own_format_module().preview_own(self.engine, doc)

    def import_own(self, doc: Any, *, backup: bool = True) -> tuple[Any, Changes, Path | None]:
        """(what own_format's import reports, what changed, the backup taken first)."""
        copy = self._backup() if backup else None
        result = own_format_module().import_own(self.engine, doc)
        summary, changes = result if isinstance(result, tuple) else (result, Changes(everything=True))
        return summary, changes, copy

    def _backup(self) -> Path | None:
        """A copy of the library before an import, in the backups folder, named like the other
        backups (``library-before-import-<UTC stamp>Z.sqlite``); old ones pruned."""
        if self.backups is None:
            return None
        name = f"library-before-import-{datetime.now(timezone.utc):%Y%m%d-%H%M%S}Z"
        target, n = self.backups / f"{name}.sqlite", 1
        while target.exists():
            n += 1
            target = self.backups / f"{name}-{n}.sqlite"
        copy = backup_to(self.engine, target)
        prune_backups(self.backups, self.keep_backups)
        return copy


_OFFLINE_REASON = "TVmaze could not be reached"


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise ImportCancelled()


def _rating(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 10 else None


def _pending_key(plan: ImportPlan, fmt: str, key: str) -> tuple[str, str]:
    """A retry's keys carry their format ("tvtime:123"); the table keeps them apart."""
    if plan.batch.format == PENDING_FORMAT and key.startswith(f"{fmt}:"):
        return fmt, key[len(fmt) + 1:]
    return fmt, key


# -- matching ---------------------------------------------------------------------------------


def normalise_title(title: str) -> str:
    text = unicodedata.normalize("NFKD", title or "").encode("ascii", "ignore").decode("ascii")
    text = text.casefold().replace("&", " and ")
    text = re.sub(r"\(\s*(19|20)\d\d\s*\)\s*$", "", text)  # "Doctor Who (2005)"
    text = re.sub(r"[^\w\s]", " ", text)
    text = re.sub(r"^the\s+", "", text.strip())
    return " ".join(text.split())


def _title_year(title: str) -> int | None:
    m = re.search(r"\(\s*((?:19|20)\d\d)\s*\)\s*$", title or "")
    return int(m.group(1)) if m else None


class _LibraryIndex:
    """Every series of the library by its ids and normalised titles, read once."""

    def __init__(self):
        self.titles: dict[int, str] = {}
        self.years: dict[int, int | None] = {}
        self.tvmaze: dict[int, int] = {}
        self.thetvdb: dict[int, int] = {}
        self.imdb: dict[str, int] = {}
        self.tmdb: dict[int, int] = {}
        self.names: list[tuple[str, int]] = []  # (normalised title or alias, series id)

    @classmethod
    def load(cls, session: Session) -> _LibraryIndex:
        ix = cls()
        for sid, title, aliases, tv, tvdb, imdb, tmdb, premiere in session.exec(select(
            Series.id, Series.title, Series.aliases, Series.tvmaze_id, Series.thetvdb_id,
            Series.imdb_id, Series.tmdb_id, Series.premiere_sort,
        )):
            ix.titles[sid] = title
            ix.years[sid] = premiere.year if premiere else None
            for table, value in ((ix.tvmaze, tv), (ix.thetvdb, tvdb), (ix.imdb, imdb), (ix.tmdb, tmdb)):
                if value is not None:
                    table[value] = sid
            for name in {title, *(aliases or [])}:
                ix.names.append((normalise_title(name), sid))
        return ix

    def by_ids(self, show: ImportedShow) -> tuple[int, str] | None:
        ids = show.ids
        for how, table, value in (("tvmaze", self.tvmaze, ids.tvmaze), ("thetvdb", self.thetvdb, ids.thetvdb),
                                  ("imdb", self.imdb, ids.imdb), ("tmdb", self.tmdb, ids.tmdb)):
            if value is not None and value in table:
                return table[value], how
        return None

    def by_online(self, show: Any) -> int | None:
        for table, value in ((self.tvmaze, show.tvmaze_id), (self.thetvdb, show.thetvdb_id), (self.imdb, show.imdb_id)):
            if value is not None and value in table:
                return table[value]
        return None

    def by_title(self, show: ImportedShow) -> int | str | None:
        """The one library series with this title (and year, when both are known); a reason
        when several are; None when none is."""
        wanted = normalise_title(show.title)
        if not wanted:
            return None
        year = show.year or _title_year(show.title)
        best: dict[int, float] = {}
        for name, sid in self.names:
            score = fuzz.ratio(wanted, name, score_cutoff=TITLE_THRESHOLD)
            if not score:
                continue
            known = self.years.get(sid)
            if year is not None and known is not None and year != known:
                continue
            best[sid] = max(best.get(sid, 0), score)
        if not best:
            return None
        top = max(best.values())
        winners = [sid for sid, score in best.items() if score == top]
        if len(winners) > 1:
            return f"several library series are called {show.title!r}"
        return winners[0]


# -- placing viewings on episodes -------------------------------------------------------------


@dataclass
class _Placed:
    rows: list[dict] = field(default_factory=list)  # Viewing rows to insert
    duplicates: int = 0
    conflicts: int = 0
    unplaced: int = 0
    examples: list[str] = field(default_factory=list)
    series_of_row: list[int] = field(default_factory=list)


def _chunks(items: list, n: int = 500) -> Iterator[list]:
    for i in range(0, len(items), n):
        yield items[i:i + n]


def _place(session: Session, matched: list[MatchedShow], fetched: dict, duplicates: str) -> _Placed:
    """Which viewings of the matched shows would be added, which are duplicates, conflicts, or
    have no episode to go on. Shows still to be followed count against their fetched episodes."""
    sids = sorted({m.series_id for m in matched if m.series_id is not None})
    episodes: dict[tuple[Any, int, int], Any] = {}
    for part in _chunks(sids):
        for eid, sid, season, number in session.exec(
            select(Episode.id, Episode.series_id, Episode.season, Episode.number)
            .where(col(Episode.series_id).in_(part))
        ):
            episodes[(sid, season, number)] = eid
    seen: dict[Any, list[datetime | None]] = defaultdict(list)
    eids = list(episodes.values())
    for part in _chunks(eids, 900):
        for eid, when in session.exec(
            select(Viewing.episode_id, Viewing.watched_at).where(col(Viewing.episode_id).in_(part))
        ):
            seen[eid].append(when)
    for m in matched:  # not in the library yet: its episodes as TVmaze lists them
        if m.series_id is None and m.tvmaze_id in fetched:
            for e in fetched[m.tvmaze_id].episodes:
                episodes.setdefault((("new", m.tvmaze_id), e.season, e.number), ("new", m.tvmaze_id, e.season, e.number))

    out = _Placed()
    for m in matched:
        target = m.series_id if m.series_id is not None else ("new", m.tvmaze_id)
        source = f"import:{m.format}"
        for v in m.show.viewings:
            eid = episodes.get((target, v.season, v.number))
            if eid is None:
                out.unplaced += 1
                if len(out.examples) < 20:
                    out.examples.append(f"{m.show.title} S{v.season:02d}E{v.number:02d}")
                continue
            when = _utc(v.watched_at)
            before = seen[eid]
            if before and _same(when, before):
                out.duplicates += 1
                continue
            if before:
                out.conflicts += 1
                if duplicates == "skip":
                    continue
            before.append(when)
            out.rows.append({"episode_id": eid, "watched_at": when, "source": source})
            out.series_of_row.append(target)
    return out


def _same(when: datetime | None, before: list[datetime | None]) -> bool:
    """The same viewing: at the same time (within a minute), or the file says only "watched"."""
    if when is None:
        return True
    for other in before:
        if other is not None and abs((_utc(other) - when).total_seconds()) < SAME_TIME_S:
            return True
    return False


def _utc(when: datetime | None) -> datetime | None:
    if when is None:
        return None
    return when.replace(tzinfo=timezone.utc) if when.utcoffset() is None else when.astimezone(timezone.utc)


def _watched_series(placed: _Placed) -> set[int]:
    return {sid for sid in placed.series_of_row if isinstance(sid, int)}


def _finished(session: Session, sids: list[int], now: datetime) -> set[int]:
    """Series over (ended, cancelled) whose every aired regular episode has a viewing."""
    over: set[int] = set()
    today = now.date()
    for part in _chunks(sids):
        statuses = dict(session.exec(select(Series.id, Series.status).where(col(Series.id).in_(part))).all())
        done_status = {sid for sid, st in statuses.items()
                       if st in (LifecycleStatus.ENDED.value, LifecycleStatus.CANCELLED.value)}
        if not done_status:
            continue
        aired: dict[int, int] = defaultdict(int)
        watched: dict[int, int] = defaultdict(int)
        watched_ids = set(session.exec(
            select(Viewing.episode_id).join(Episode, Episode.id == Viewing.episode_id)
            .where(col(Episode.series_id).in_(list(done_status)))
        ))
        for eid, sid, season, stamp_, day in session.exec(
            select(Episode.id, Episode.series_id, Episode.season, Episode.airstamp, Episode.air_date)
            .where(col(Episode.series_id).in_(list(done_status)), Episode.season > 0)
        ):
            if (stamp_ is not None and _utc(stamp_) <= now) or (stamp_ is None and day is not None and day <= today):
                aired[sid] += 1
                watched[sid] += eid in watched_ids
        over |= {sid for sid in done_status if aired[sid] and watched[sid] >= aired[sid]}
    return over


# -- the shows kept for later, as JSON --------------------------------------------------------


def show_to_json(show: ImportedShow) -> dict:
    ids = {k: v for k, v in (("tvmaze", show.ids.tvmaze), ("thetvdb", show.ids.thetvdb), ("imdb", show.ids.imdb),
                             ("tmdb", show.ids.tmdb), ("trakt", show.ids.trakt)) if v is not None}
    return {
        "key": show.key, "title": show.title, "year": show.year, "ids": ids,
        "viewings": [[v.season, v.number, v.watched_at.isoformat() if v.watched_at else None,
                      v.episode_title, v.thetvdb_episode] for v in show.viewings],
        "rating": show.rating, "favourite": show.favourite, "watchlist": show.watchlist,
        "state": show.state.value if show.state else None, "notes": show.notes,
        "followed_at": show.followed_at.isoformat() if show.followed_at else None,
    }


def show_from_json(data: dict) -> ImportedShow:
    def when(text):
        return datetime.fromisoformat(text) if text else None

    return ImportedShow(
        key=data["key"], title=data["title"], year=data.get("year"),
        ids=ExternalIds(**data.get("ids") or {}),
        viewings=tuple(ImportedViewing(s, n, when(w), t or "", tv) for s, n, w, t, tv in data.get("viewings") or ()),
        rating=data.get("rating"), favourite=bool(data.get("favourite")), watchlist=bool(data.get("watchlist")),
        state=ViewerState(data["state"]) if data.get("state") else None, notes=data.get("notes") or "",
        followed_at=when(data.get("followed_at")),
    )


# -- the readers, where installed -------------------------------------------------------------


def _optional(module: str) -> Any:
    """A module, or None when it is not installed (a reader another version adds)."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and (module == exc.name or module.startswith(exc.name + ".")):
            return None
        raise


def available_readers() -> dict[str, Any]:
    """Format -> reader module (``looks_like(source)``, ``read(source)``), for those installed."""
    out = {}
    for fmt, name in READER_MODULES.items():
        module = _optional(f"watchtracker.providers.imports.{name}")
        if module is not None and hasattr(module, "looks_like") and hasattr(module, "read"):
            out[fmt] = module
    return out


def own_format_module() -> Any:
    module = _optional("watchtracker.services.own_format")
    return module if module is not None and hasattr(module, "read_own_export") else None


@contextlib.contextmanager
def open_source(path: Path) -> Iterator[Any]:
    """``providers.imports.files.open_source`` (a file, a zip or a folder), closed after use;
    the path itself while that module is not installed."""
    files = _optional("watchtracker.providers.imports.files")
    if files is None:
        yield path
        return
    source = files.open_source(path)
    if hasattr(source, "__enter__"):
        with source as opened:
            yield opened
    else:
        try:
            yield source
        finally:
            close = getattr(source, "close", None)
            if callable(close):
                close()


def _looks_like_own(path: Path) -> bool:
    """Our own export is JSON with ``"format": "watchtracker"`` near its start."""
    if not path.is_file():
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(65536)
    except OSError:
        return False
    text = head.decode("utf-8", "ignore").lstrip("\ufeff \t\r\n")
    return text.startswith("{") and re.search(r'"format"\s*:\s*"watchtracker"', text) is not None


def report_json(report: ImportReport) -> dict[str, Any]:
    """The CLI's ``--json`` (stable keys, documented in ``watchtracker import --help``)."""
    return {
        "format": report.format,
        "source": report.source,
        "shows": report.shows,
        "episodes": report.episodes,
        "viewings": report.viewings,
        "ratings": report.ratings,
        "matched": [
            {"key": m.show.key, "title": m.show.title, "series_id": m.series_id, "series_title": m.series_title,
             "how": m.how, "via": m.via or None, "tvmaze_id": m.tvmaze_id, "new": m.new}
            for m in report.matched
        ],
        "pending": [{"key": p.show.key, "title": p.show.title, "year": p.show.year, "reason": p.reason}
                    for p in report.pending],
        "unplaced": report.unplaced,
        "viewings_added": report.viewings_added,
        "duplicates": report.duplicates,
        "conflicts": report.conflicts,
        "duplicate_policy": report.duplicate_policy,
        "ratings_set": report.ratings_set,
        "skipped": list(report.skipped),
        "online": report.online,
        "dry_run": report.dry_run,
        "backup": str(report.backup) if report.backup else None,
    }


__all__ = ["ImportService", "ImportPlan", "ImportReport", "MatchedShow", "PendingShow", "UnknownFormat",
           "ImportCancelled", "available_readers", "report_json", "show_to_json", "show_from_json"]
