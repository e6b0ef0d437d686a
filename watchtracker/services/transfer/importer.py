"""Importing another tracker's history: recognise the file, match its shows to series, preview,
then write everything in one transaction.

The steps, each callable from a worker thread (a future wizard runs them one after the other):

1. ``read(path, format=None) -> ImportBatch``: the format is recognised from the content (each
   reader's ``looks_like``; our own export by its ``"format": "watchtracker"`` key).
2. ``plan(batch, offline=..., duplicates=...) -> ImportPlan``: the file's text made safe and its
   impossible dates (year 1, year 9999) taken away (``plausible_dates``), matching
   (``import_matching``: ids the library knows, title and year in the library, then TVmaze's
   lookup; a show found on TVmaze but not in the library is fetched in full here, so that
   ``apply`` needs no network), and counting where the viewings would go (``import_placing``).
   ``plan.report`` is the preview: nothing is written. A series matched by its title takes the
   show's ids when applied.
3. ``apply(plan, progress=, cancel=) -> ImportReport``: a backup first, then one transaction.
   Cancelled (``cancel.set()``) or failed, the library is exactly as before.

What cannot be matched is kept in ``pending_import`` with the reason (``import_pending``), and
tried again by ``plan_pending()`` (``watchtracker import --retry-pending``). Our own export goes
through ``services.transfer.own_format`` (``read_own``/``preview_own``/``import_own`` here) instead.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import stat
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from watchtracker.domain.dates import plausible_viewing
from watchtracker.domain.i18n import translate
from watchtracker.domain.text import clean_line, clean_text
from watchtracker.domain.transfer import FORMAT_LABELS, FORMATS, ImportBatch, NotAnExport
from watchtracker.errors import Interrupted, InvalidInput
from watchtracker.providers.imports import imdb, seriesguide, trakt, tvtime
from watchtracker.providers.imports.files import open_regular, open_source
from watchtracker.services.backups import BackupReason, BackupService, ServerBackupService
from watchtracker.services.changes import Changes
from watchtracker.services.media.reconcile import link_server_shows
from watchtracker.services.online import follow_fetched
from watchtracker.services.pace import Pace
from watchtracker.services.transfer import own_format
from watchtracker.services.transfer.errors import ImportCancelled, UnknownFormat, check_cancel
from watchtracker.services.transfer.matching import (
    HOW_LABELS,
    LibraryIndex,
    MatchedShow,
    Matching,
    PendingShow,
    how_label,
    match_shows,
    normalise_title,
)
from watchtracker.services.transfer.pending import (
    PENDING_FORMAT,
    keep_pending,
    pending_batch,
    show_from_json,
    show_to_json,
)
from watchtracker.services.transfer.placing import adopt_ids, chunks, place, rating_of, update_entries
from watchtracker.storage.database import session_scope
from watchtracker.storage.tables import PendingImport, Series, Viewing, not_null

log = logging.getLogger(__name__)

DELETED_SINCE_PREVIEW = "its series was deleted from the library after the preview"

Progress = Callable[[int, int, str], None]  # done, total, what

OWN_FORMAT = "watchtracker"
DUPLICATE_POLICIES = ("keep", "skip")  # a viewing at another time than the library's


# -- what a plan and an import say ----------------------------------------------------------


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
    nothing_new: bool = False  # applied, and nothing in the file was new: nothing written, no backup made


@dataclass(frozen=True)
class ImportPlan:
    batch: ImportBatch
    matched: tuple[MatchedShow, ...]
    pending: tuple[PendingShow, ...]
    fetched: dict  # tvmaze id -> OnlineShow, followed by apply
    report: ImportReport  # the preview
    duplicates: str = "keep"


# -- the service ----------------------------------------------------------------------------


def _follow_found(
    session: Session,
    plan: ImportPlan,
    now: datetime,
    total: int,
    progress: Progress | None,
    cancel: threading.Event | None,
) -> list[MatchedShow]:
    """The plan's matches, those found on TVmaze followed (with their episodes) and pointing at
    the series that follows them."""
    matched = list(plan.matched)
    for i, m in enumerate(matched):
        if m.tvmaze_id is None or m.tvmaze_id not in plan.fetched:
            continue
        check_cancel(cancel)
        if progress:
            progress(
                0, total, translate("ImportService", "Following {title} from TVmaze…").format(title=m.series_title)
            )
        series = follow_fetched(session, plan.fetched[m.tvmaze_id], now.date())
        matched[i] = replace(m, series_id=series.id, series_title=series.title, followed=m.series_id is None)
    return matched


def _drop_deleted(
    session: Session, matched: list[MatchedShow], pending: tuple[PendingShow, ...]
) -> tuple[list[MatchedShow], tuple[PendingShow, ...]]:
    """A series deleted since the preview: its show is kept for later, not lost."""
    alive: set[int] = set()
    for part in chunks(sorted({m.series_id for m in matched})):
        alive.update(session.exec(select(not_null(Series.id)).where(col(Series.id).in_(part))))
    gone = [m for m in matched if m.series_id not in alive]
    kept = pending + tuple(PendingShow(m.show, m.format, DELETED_SINCE_PREVIEW) for m in gone)
    return [m for m in matched if m.series_id in alive], kept


def _insert_viewings(
    session: Session,
    rows: list[dict],
    total: int,
    pace: Pace,
    progress: Progress | None,
    cancel: threading.Event | None,
) -> None:
    written = 0
    chunk = 1000
    for start in range(0, len(rows), chunk):
        check_cancel(cancel)
        pace()
        part = rows[start : start + chunk]
        # Core: 50,000 rows in a blink (SQLAlchemy sets __table__ on the class; sqlmodel does not declare it)
        session.execute(insert(Viewing.__table__), part)  # type: ignore[attr-defined]
        written += len(part)
        if progress:
            progress(
                written,
                total,
                translate("ImportService", "Added {count} of {total} viewings…").format(count=written, total=len(rows)),
            )


def _changes_made(session: Session) -> int | None:
    """How many rows the session's connection has inserted, changed or deleted so far (SQLite's
    total_changes; None if it cannot be told): the same before and after, the stages wrote nothing.
    On PostgreSQL a transaction gets its id at its first write (an insert, update or delete, even
    one rolled back to a savepoint, as total_changes counts it): 0 while it has none, else None."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        xid = connection.exec_driver_sql("SELECT txid_current_if_assigned()").scalar()
        return 0 if xid is None else None
    driver = connection.connection.driver_connection
    return getattr(driver, "total_changes", None)


class ImportService:
    """Import use cases; plain Python, safe on a worker thread (each step opens its own session)."""

    def __init__(
        self,
        engine: Engine,
        online: Any = None,  # OnlineService, or None: offline only
        backups: BackupService
        | ServerBackupService
        | Path
        | None = None,  # the app's, or the backups folder; None: no copy
        *,
        keep_backups: int = 5,  # with a folder: how many copies it keeps
        clock: Callable[[], datetime] | None = None,
        readers: dict[str, Any] | None = None,
    ):
        self.engine = engine
        self.online = online
        if isinstance(backups, (str, Path)):  # a folder: a copy of the file, or a server's export
            backups = (
                BackupService(engine, Path(engine.url.database or ""), Path(backups), keep_backups)
                if engine.dialect.name == "sqlite"
                else ServerBackupService(engine, Path(backups), keep_backups)
            )
        self.backups = backups
        self.clock = clock or (lambda: datetime.now(UTC))
        self._readers = readers

    def without_network(self) -> ImportService:
        """The same importer that never asks TVmaze (``import --offline``)."""
        return ImportService(self.engine, None, self.backups, clock=self.clock, readers=self._readers)

    # -- reading ---------------------------------------------------------------------------
    def readers(self) -> dict[str, Any]:
        return self._readers if self._readers is not None else available_readers()

    def formats(self) -> list[str]:
        """The formats this installation can read."""
        return [f for f in FORMATS if f in self.readers()] + [OWN_FORMAT]

    def detect(self, path: Path) -> str:
        """The format of a file or folder, from its content; UnknownFormat if none fits."""
        path = Path(path)
        if not os.path.lexists(path):
            raise InvalidInput(translate("ImportService", "{path} does not exist.").format(path=path))
        if _looks_like_own(path):
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
        known = ", ".join(FORMAT_LABELS[f] for f in self.formats()) or translate("ImportService", "none")
        raise UnknownFormat(
            translate("ImportService", "{name} is not an export this version can read (it reads: {known}).").format(
                name=path.name, known=known
            )
        )

    def read(self, path: Path, format: str | None = None) -> ImportBatch:
        """Read a file (not our own format: see ``read_own``) into an ImportBatch."""
        path = Path(path)
        fmt = format or self.detect(path)
        if fmt == OWN_FORMAT:
            raise InvalidInput(
                translate("ImportService", "A watchtracker export is imported with read_own/import_own.")
            )
        reader = self.readers().get(fmt)
        if reader is None:
            raise UnknownFormat(
                translate("ImportService", "This version cannot read {format} exports.").format(
                    format=FORMAT_LABELS.get(fmt, fmt)
                )
            )
        if not os.path.lexists(path):
            raise InvalidInput(translate("ImportService", "{path} does not exist.").format(path=path))
        with open_source(path) as source:
            batch = reader.read(source)
            left_out = tuple(getattr(source, "skipped", ()))  # special files, links (a stand-in has none)
            if left_out:
                batch = replace(batch, skipped=left_out + batch.skipped)
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
        return self._plan(batch, fmt_of, offline=offline, duplicates=duplicates, progress=progress, cancel=cancel)

    def _plan(self, batch, fmt_of, *, offline, duplicates, progress, cancel) -> ImportPlan:
        _check_policy(duplicates)
        batch = plausible_dates(batch, self.clock())
        with Session(self.engine) as session:
            index = LibraryIndex.load(session)
        tvmaze = None if offline or self.online is None else self.online.tvmaze
        waits = tvmaze.http.cancelled_by(cancel) if tvmaze is not None else contextlib.nullcontext()
        try:
            with waits:  # a cancel also ends a wait for TVmaze (a Retry-After of a minute, say)
                found = match_shows(batch.shows, fmt_of, index, tvmaze, progress, cancel)
        except Interrupted:
            raise ImportCancelled() from None
        return self._counted(batch, found, duplicates, progress)

    def _counted(
        self, batch: ImportBatch, found: Matching, duplicates: str, progress: Progress | None = None
    ) -> ImportPlan:
        """The plan of what was matched: the viewings placed and counted (the preview)."""
        with Session(self.engine) as session:
            placed = place(session, found.matched, found.fetched, duplicates, Pace.of(progress))
        report = ImportReport(
            format=batch.format,
            source=batch.source,
            shows=len(batch.shows),
            episodes=len({(s.key, v.season, v.number) for s in batch.shows for v in s.viewings}),
            viewings=batch.viewing_count,
            ratings=batch.rating_count,
            matched=tuple(found.matched),
            pending=tuple(found.pending),
            viewings_added=len(placed.rows),
            duplicates=placed.duplicates,
            conflicts=placed.conflicts,
            duplicate_policy=duplicates,
            unplaced=placed.unplaced,
            unplaced_examples=tuple(placed.examples),
            ratings_set=sum(1 for m in found.matched if rating_of(m.show.rating) is not None),
            skipped=batch.skipped,
            online=found.online,
            dry_run=True,
        )
        return ImportPlan(batch, tuple(found.matched), tuple(found.pending), found.fetched, report, duplicates)

    def match_by_hand(
        self, pending_id: int, *, series_id: int | None = None, tvmaze_id: int | None = None, duplicates: str = "keep"
    ) -> ImportPlan:
        """A plan for one show kept for later, matched by the viewer: to a series of the library
        (``series_id``) or to a show on TVmaze (``tvmaze_id``: fetched here, followed by
        ``apply``, or the library's series when it has it already). ``apply`` writes it and takes
        it off the kept shows. Writes nothing."""
        if (series_id is None) == (tvmaze_id is None):
            raise InvalidInput(
                translate("ImportService", "Match it to a series of the library or to a show on TVmaze.")
            )
        _check_policy(duplicates)
        with Session(self.engine) as session:
            row = session.get(PendingImport, pending_id)
            if row is None:
                raise InvalidInput(
                    translate(
                        "ImportService", "That show is no longer kept for later (matched or forgotten meanwhile)."
                    )
                )
            index = LibraryIndex.load(session)
        batch, fmt_of = pending_batch([row])
        batch = plausible_dates(batch, self.clock())
        show = batch.shows[0]
        fetched: dict[int, Any] = {}
        if series_id is not None:
            if series_id not in index.titles:
                raise InvalidInput(translate("ImportService", "That series is not in the library any more."))
            match = MatchedShow(show, fmt_of[show.key], "hand", series_id, index.titles[series_id])
        else:
            assert tvmaze_id is not None  # one of the two is given (checked above)
            if self.online is None:
                raise InvalidInput(translate("ImportService", "TVmaze cannot be asked here (offline)."))
            online_show = self.online.tvmaze.show(tvmaze_id)
            sid = index.by_online(online_show)
            if sid is None:
                fetched[tvmaze_id] = online_show
            match = MatchedShow(
                show,
                fmt_of[show.key],
                "hand",
                sid,
                index.titles[sid] if sid is not None else online_show.title,
                tvmaze_id=tvmaze_id if sid is None else None,
            )
        return self._counted(batch, Matching([match], [], fetched, online=tvmaze_id is not None), duplicates)

    def forget_pending(self, pending_ids: list[int]) -> int:
        """Stop keeping these shows for later (a movie the reader took for a show, say)."""
        with session_scope(self.engine) as session:
            rows = [r for r in (session.get(PendingImport, i) for i in pending_ids) if r is not None]
            for r in rows:
                session.delete(r)
        return len(rows)

    def with_duplicates(self, plan: ImportPlan, duplicates: str) -> ImportPlan:
        """The same plan with another answer for viewings of episodes the library has watched
        at another time ("keep" both, or "skip" the file's): counted again, not matched again
        (no network). Writes nothing."""
        _check_policy(duplicates)
        with Session(self.engine) as session:
            placed = place(session, list(plan.matched), plan.fetched, duplicates)
        report = replace(
            plan.report,
            viewings_added=len(placed.rows),
            duplicates=placed.duplicates,
            conflicts=placed.conflicts,
            duplicate_policy=duplicates,
            unplaced=placed.unplaced,
            unplaced_examples=tuple(placed.examples),
        )
        return replace(plan, report=report, duplicates=duplicates)

    # -- kept for later ------------------------------------------------------------------
    def pending(self) -> list[PendingImport]:
        with Session(self.engine) as session:
            return list(session.exec(select(PendingImport).order_by(col(PendingImport.id))))

    def source_names(self) -> dict[str, str]:
        """What the kept shows' formats that are media servers ("server:<id>") are called now."""
        from watchtracker.domain.media import viewing_source
        from watchtracker.storage.tables import MediaServer

        with Session(self.engine) as session:
            return {
                viewing_source(sid): name
                for sid, name in session.exec(select(not_null(MediaServer.id), col(MediaServer.name)))
            }

    def plan_pending(
        self,
        *,
        offline: bool = False,
        duplicates: str = "keep",
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> ImportPlan:
        """The shows kept from earlier imports, matched again (``apply`` then removes those
        matched from the table and keeps the others)."""
        batch, fmt_of = pending_batch(self.pending())
        return self._plan(batch, fmt_of, offline=offline, duplicates=duplicates, progress=progress, cancel=cancel)

    # -- writing -------------------------------------------------------------------------
    def apply(
        self,
        plan: ImportPlan,
        *,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
        backup: bool = True,
    ) -> ImportReport:
        """Write the plan in one transaction, after a backup. Cancel or fail: nothing changes.
        The stages: follow the shows found on TVmaze, keep for later those whose series went
        since the preview, give the file's ids to series matched by title, add the viewings,
        then the library entries and the shows kept for later.

        The backup is taken once the stages have run, before the transaction is committed, and
        only if they changed something (the copy reads the library as last committed: WAL
        readers do not see a transaction still open). An import that would write nothing (the
        same file again) makes no copy and says so (``nothing_new``)."""
        check_cancel(cancel)
        copy = None
        now = self.clock()
        total = max(plan.report.viewings_added, 1)
        with session_scope(self.engine) as session:
            changes_before = _changes_made(session)
            matched = _follow_found(session, plan, now, total, progress, cancel)
            matched, pending = _drop_deleted(session, matched, plan.pending)
            linked = adopt_ids(session, matched)  # a series matched by title takes the file's ids
            pace = Pace.of(progress)
            placed = place(session, matched, {}, plan.duplicates, pace)
            check_cancel(cancel)
            _insert_viewings(session, placed.rows, total, pace, progress, cancel)
            touched, added, ratings = update_entries(session, matched, placed, now, cancel)
            keep_pending(session, plan.batch.format, matched, pending)
            link_server_shows(session, plan.batch.format, matched)  # a media server's show, matched by hand
            check_cancel(cancel)
            session.flush()
            nothing_new = changes_before is not None and _changes_made(session) == changes_before
            if backup and not nothing_new:
                copy = self._backup()
        if progress:
            progress(
                total,
                total,
                translate("ImportService", "Nothing to import.")
                if nothing_new
                else translate("ImportService", "Imported."),
            )
        report = replace(
            plan.report,
            matched=tuple(matched),
            pending=pending,
            viewings_added=len(placed.rows),
            duplicates=placed.duplicates,
            conflicts=placed.conflicts,
            unplaced=placed.unplaced,
            unplaced_examples=tuple(placed.examples),
            ratings_set=ratings,
            dry_run=False,
            backup=copy,
            changes=Changes(series=frozenset(touched | added | linked), added=frozenset(added)),
            nothing_new=nothing_new,
        )
        log.info(
            "imported %s: %d shows matched, %d pending, %d viewings added",
            report.format,
            len(report.matched),
            len(report.pending),
            report.viewings_added,
        )
        return report

    # -- our own format ------------------------------------------------------------------
    def read_own(self, path: Path) -> own_format.OwnExport:
        return own_format.read_own_export(Path(path), now=self.clock())

    def preview_own(self, doc: own_format.OwnExport) -> own_format.OwnImportSummary:
        return own_format.preview_own(self.engine, doc)

    def import_own(
        self,
        doc: own_format.OwnExport,
        *,
        backup: bool = True,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> tuple[own_format.OwnImportSummary, Changes, Path | None]:
        """(what own_format's import reports, what changed, the backup taken first). Cancelled
        (ImportCancelled) or failed, the library is exactly as before."""
        check_cancel(cancel)
        copy = self._backup() if backup else None
        summary, changes = own_format.import_own(self.engine, doc, progress=progress, cancel=cancel)
        return summary, changes, copy

    def _backup(self) -> Path | None:
        """A copy of the library before an import (``library-before-import-<UTC stamp>.sqlite``
        in the backups folder, old ones pruned)."""
        return self.backups.backup(BackupReason.BEFORE_IMPORT).path if self.backups is not None else None


def _check_policy(duplicates: str) -> None:
    if duplicates not in DUPLICATE_POLICIES:
        raise InvalidInput(
            translate("ImportService", "duplicates is one of {policies}, not {duplicates}.").format(
                policies=", ".join(DUPLICATE_POLICIES), duplicates=repr(duplicates)
            )
        )


# -- dates no one can have watched at -------------------------------------------------------------


def plausible_dates(batch: ImportBatch, now: datetime) -> ImportBatch:
    """The batch as the library may take it: text from the file made safe to keep and show
    (``domain.text``: no terminal controls, no bidi overrides, no invisible characters in titles,
    notes and the reader's lines), and every viewing date and follow date no one can have watched
    or followed at (before 1928, days after ``now``: year 1 or 9999 in a file) taken away: the
    viewing is kept, as "watched, date unknown", as the readers keep one whose date they cannot
    read. One line in ``skipped`` says how many dates."""
    dropped = 0
    shows = []
    for show in batch.shows:
        viewings = []
        for v in show.viewings:
            at = v.watched_at
            if at is not None and plausible_viewing(at, now) is None:
                dropped += 1
                at = None
            title = clean_line(v.episode_title)
            viewings.append(
                v if (at, title) == (v.watched_at, v.episode_title) else replace(v, watched_at=at, episode_title=title)
            )
        followed = show.followed_at
        if followed is not None and plausible_viewing(followed, now) is None:
            dropped += 1
            followed = None
        shows.append(
            replace(
                show,
                title=clean_line(show.title),
                notes=clean_text(show.notes).strip(),
                viewings=tuple(viewings),
                followed_at=followed,
            )
        )
    skipped = tuple(clean_line(line) for line in batch.skipped)
    if dropped:
        skipped += (
            translate("ImportService", "dates before 1928 or in the future, kept without a date: {count:,}").format(
                count=dropped
            ),
        )
    return replace(batch, shows=tuple(shows), skipped=skipped)


# -- recognising a file -----------------------------------------------------------------------


def available_readers() -> dict[str, Any]:
    """Format -> reader module (``looks_like(source)``, ``read(source)``)."""
    return {"tvtime": tvtime, "trakt": trakt, "seriesguide": seriesguide, "imdb": imdb}


def _looks_like_own(path: Path) -> bool:
    """Our own export is JSON with ``"format": "watchtracker"`` near its start."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with open_regular(path) as fh:  # non-blocking: a FIFO swapped in is refused, not waited on
            head = fh.read(65536)
    except (OSError, NotAnExport):
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
            {
                "key": m.show.key,
                "title": m.show.title,
                "series_id": m.series_id,
                "series_title": m.series_title,
                "how": m.how,
                "via": m.via or None,
                "tvmaze_id": m.tvmaze_id,
                "new": m.new,
            }
            for m in report.matched
        ],
        "pending": [
            {"key": p.show.key, "title": p.show.title, "year": p.show.year, "reason": p.reason} for p in report.pending
        ],
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


__all__ = [
    "ImportService",
    "ImportPlan",
    "ImportReport",
    "MatchedShow",
    "PendingShow",
    "UnknownFormat",
    "ImportCancelled",
    "HOW_LABELS",
    "how_label",
    "OWN_FORMAT",
    "DUPLICATE_POLICIES",
    "PENDING_FORMAT",
    "available_readers",
    "normalise_title",
    "report_json",
    "show_to_json",
    "show_from_json",
]
