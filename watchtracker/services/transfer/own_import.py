"""Importing our own export (read and checked by ``services.transfer.own_format_read``) into the library:
into an empty one it recreates the library as it was, into a non-empty one it merges, adding only
what is missing (``services.transfer.own_format``'s docstring, "Importing", says how items are matched).
One transaction: all or nothing."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from watchtracker.domain.i18n import translate
from watchtracker.services.changes import Changes
from watchtracker.services.transfer.errors import check_cancel
from watchtracker.services.transfer.own_format_read import EXTERNAL_IDS, OwnExport, SeriesRecord, as_utc
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
    not_null,
    saved_id,
)

Progress = Callable[[int, int, str], None]  # done, total, what
_CHUNK = 5_000  # rows per bulk insert


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
    dates_out_of_range: int = 0  # times and dates of the file read as none (year 1, year 9999 ...)
    matches: list[SeriesMatch] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(
            (
                self.series_new,
                self.followed_new,
                self.episodes_new,
                self.viewings_new,
                self.ratings_new,
                self.franchises_new,
                self.relations_new,
                self.announcements_new,
                self.feeds_new,
                self.muted_kinds_new,
                self.pending_imports_new,
            )
        )

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


def import_own(
    engine: Engine, doc: OwnExport, *, progress: Progress | None = None, cancel: threading.Event | None = None
) -> tuple[OwnImportSummary, Changes]:
    """Import a checked export into the library in one transaction (all or nothing).
    ``progress(done, total, what)`` is told as each series goes in; once ``cancel`` is set the
    import stops with ImportCancelled and the library is left as it was."""
    with session_scope(engine) as session:
        result = _merge(session, doc, progress, cancel)
    if progress:
        progress(len(doc.series), len(doc.series), translate("own_import", "Imported."))
    return result


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
        for s in session.exec(select(Series).order_by(col(Series.id))):
            self.add(s)
            self.titles.setdefault(_norm_title(s.title), []).append(saved_id(s.id))

    def add(self, s: Series) -> None:
        sid = saved_id(s.id)
        self.rows[sid] = s
        for ext in EXTERNAL_IDS:
            if (value := getattr(s, f"{ext}_id")) is not None:
                self.by[ext][value] = sid

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
                getattr(row, f"{ext}_id") is not None
                and fields[f"{ext}_id"] is not None
                and getattr(row, f"{ext}_id") != fields[f"{ext}_id"]
                for ext in EXTERNAL_IDS
            ):
                continue
            self.claimed.add(sid)
            return sid, "title"
        return None, ""


def _merge(
    session: Session, doc: OwnExport, progress: Progress | None = None, cancel: threading.Event | None = None
) -> tuple[OwnImportSummary, Changes]:
    """The stages, in the order their rows refer to each other: the feeds (announcements point at
    them), the series with all they hold, then what links series (franchises, relations,
    announcements), last the muted kinds and the shows kept for later."""
    merge = _Merge(session, doc)
    merge.feeds()
    merge.all_series(progress, cancel)
    check_cancel(cancel)
    if progress:
        progress(
            len(doc.series), len(doc.series), translate("own_import", "Importing franchises, relations and alerts…")
        )
    merge.franchises()
    merge.relations()
    merge.announcements()
    merge.muted_kinds()
    merge.pending_imports()
    check_cancel(cancel)
    session.flush()
    return merge.summary, merge.changes()


class _Merge:
    """One import under way: what it counted (``summary``), the library's id of each series of the
    file (``ids``, by the file's key) and of each feed (``feed_ids``, by address), and what it
    changed, for the Changes it reports. Each public method is one stage of ``_merge``."""

    def __init__(self, session: Session, doc: OwnExport):
        self.session, self.doc = session, doc
        self.summary = OwnImportSummary(dates_out_of_range=doc.dates_out_of_range)
        self.ids: dict[str, int] = {}
        self.feed_ids: dict[str, int] = {}
        self.touched: set[int] = set()  # series changed
        self.followed: set[int] = set()  # series that entered the library
        self.everything = False  # franchises, relations or muted kinds changed: every view may show them
        self.announced = False  # announcements added or linked to more series

    def changes(self) -> Changes:
        return Changes(
            series=frozenset(self.touched),
            added=frozenset(self.followed),
            announcements=self.announced or bool(self.summary.muted_kinds_new),
            everything=self.everything,
        )

    def feeds(self) -> None:
        """The feeds the library lacks, by address."""
        self.feed_ids = {f.url: saved_id(f.id) for f in self.session.exec(select(Feed))}
        for f in self.doc.feeds:
            if f["url"] not in self.feed_ids:
                row = Feed(**{k: v for k, v in f.items() if v is not None or k not in ("created_at",)})
                self.session.add(row)
                self.session.flush()
                self.feed_ids[f["url"]] = saved_id(row.id)
                self.summary.feeds_new += 1

    def all_series(self, progress: Progress | None, cancel: threading.Event | None) -> None:
        """Each series of the file: found in the library or made, then what it holds merged
        into it (seasons, episodes, viewings, cast), then its library entry."""
        index = _Index(self.session)
        people = _People(self.session)
        for i, rec in enumerate(self.doc.series):
            check_cancel(cancel)
            if progress:
                progress(i, len(self.doc.series), translate("own_import", "Importing {title}…").format(title=rec.title))
            sid, new = self._place(index, rec)
            self.ids[rec.key] = sid
            if _merge_series(self.session, sid, new, rec, self.summary, people):
                self.touched.add(sid)
            if rec.entry is not None:
                self._entry(sid, rec.entry)

    def _place(self, index: _Index, rec: SeriesRecord) -> tuple[int, bool]:
        """The library's series for ``rec`` (it takes the ids it lacks), or a new one; whether new."""
        sid, by = index.match(rec.fields)
        if sid is None:
            row = Series(**rec.fields)
            self.session.add(row)
            self.session.flush()
            index.add(row)
            self.summary.series_new += 1
            self.touched.add(saved_id(row.id))
            return saved_id(row.id), True
        self.summary.series_matched += 1
        row = index.rows[sid]
        self.summary.matches.append(SeriesMatch(rec.title, sid, row.title, by))
        for ext in EXTERNAL_IDS:  # an id the library lacks, unless another series has it
            value = rec.fields[f"{ext}_id"]
            if getattr(row, f"{ext}_id") is None and value is not None and value not in index.by[ext]:
                setattr(row, f"{ext}_id", value)
                index.by[ext][value] = sid
                self.session.add(row)
                self.touched.add(sid)
        return sid, False

    def _entry(self, sid: int, theirs: dict[str, Any]) -> None:
        """The series' library entry: made as the file has it, or the library's own kept, gaining
        only what it lacks (a rating, the favourite mark, notes)."""
        entry = self.session.get(LibraryEntry, sid)
        if entry is None:
            values = {k: v for k, v in theirs.items() if v is not None or k != "added_at"}
            self.session.add(LibraryEntry(series_id=sid, **values))
            self.summary.followed_new += 1
            self.summary.ratings_new += theirs["rating"] is not None
            self.followed.add(sid)
            self.touched.add(sid)
            return
        rating = theirs["rating"]
        if entry.rating is None and rating is not None:
            entry.rating = rating
            self.summary.ratings_new += 1
            self.touched.add(sid)
        elif rating is not None and rating != entry.rating:
            self.summary.ratings_kept += 1
        if theirs["favourite"] and not entry.favourite:
            entry.favourite = True
            self.touched.add(sid)
        if theirs["notes"] and not entry.notes:
            entry.notes = theirs["notes"]
            self.touched.add(sid)
        self.session.add(entry)

    def franchises(self) -> None:
        """The franchises the library lacks, by name; a member series not in a franchise joins it."""
        for f in self.doc.franchises:
            row = self.session.exec(select(Franchise).where(Franchise.name == f["name"])).first()
            if row is None:
                values = {k: v for k, v in f.items() if k != "members" and (v is not None or k != "created_at")}
                row = Franchise(**values)
                self.session.add(row)
                self.session.flush()
                self.summary.franchises_new += 1
                self.everything = True
            for key in f["members"]:
                series = self.session.get(Series, self.ids[key])  # placed by all_series
                if series is not None and series.franchise_id is None:
                    series.franchise_id = row.id
                    self.session.add(series)
                    self.touched.add(self.ids[key])
                    self.everything = True

    def relations(self) -> None:
        """The relations the library lacks (never a series to itself)."""
        existing = set(self.session.exec(select(Relation.from_series_id, Relation.kind, Relation.to_series_id)))
        for a, kind, b in self.doc.relations:
            edge = (self.ids[a], kind, self.ids[b])
            if edge[0] != edge[2] and edge not in existing:
                self.session.add(Relation(from_series_id=edge[0], kind=kind, to_series_id=edge[2]))
                existing.add(edge)
                self.summary.relations_new += 1
                self.touched.update((edge[0], edge[2]))
                self.everything = True

    def announcements(self) -> None:
        """The announcements the library lacks, by fingerprint, each linked to its series."""
        known = {a.fingerprint: a.id for a in self.session.exec(select(Announcement))}
        for a in self.doc.announcements:
            aid = known.get(a["fingerprint"])
            if aid is None:
                values = {
                    k: v for k, v in a.items() if k not in ("feed", "series") and (v is not None or k != "created_at")
                }
                row = Announcement(**values, feed_id=self.feed_ids.get(a["feed"]))
                self.session.add(row)
                self.session.flush()
                aid = known[a["fingerprint"]] = row.id
                self.summary.announcements_new += 1
                self.announced = True
            linked = set(
                self.session.exec(select(AnnouncementSeries.series_id).where(AnnouncementSeries.announcement_id == aid))
            )
            for key in a["series"]:
                if self.ids[key] not in linked:
                    self.session.add(AnnouncementSeries(announcement_id=aid, series_id=self.ids[key]))
                    linked.add(self.ids[key])
                    self.announced = True

    def muted_kinds(self) -> None:
        muted = set(self.session.exec(select(MutedKind.kind)))
        for kind in self.doc.muted_kinds:
            if kind not in muted:
                self.session.add(MutedKind(kind=kind))
                self.summary.muted_kinds_new += 1
                self.everything = True

    def pending_imports(self) -> None:
        """The shows kept for later the library does not keep yet, by format and key."""
        kept = set(self.session.exec(select(PendingImport.format, PendingImport.key)))
        for p in self.doc.pending_imports:
            if (p["format"], p["key"]) not in kept:
                self.session.add(PendingImport(**{k: v for k, v in p.items() if v is not None or k != "created_at"}))
                kept.add((p["format"], p["key"]))
                self.summary.pending_imports_new += 1


class _People:
    """The library's people, by TVmaze id, and those without one by name (the first of a name)."""

    def __init__(self, session: Session):
        self.session = session
        self.by_tvmaze = {p.tvmaze_id: p for p in session.exec(select(Person)) if p.tvmaze_id is not None}
        self.by_name: dict[str, Person] = {}
        for p in session.exec(select(Person).where(Person.tvmaze_id == None).order_by(col(Person.id))):  # noqa: E711
            self.by_name.setdefault(p.name, p)

    def get_or_add(self, person: dict[str, Any]) -> Person:
        found = (
            self.by_tvmaze.get(person["tvmaze_id"])
            if person["tvmaze_id"] is not None
            else self.by_name.get(person["name"])
        )
        if found is None:
            found = Person(**person)
            self.session.add(found)
            self.session.flush()
            if found.tvmaze_id is not None:
                self.by_tvmaze[found.tvmaze_id] = found
            else:
                self.by_name[found.name] = found
        return found


def _episode_ids(session: Session, sid: int) -> dict[tuple[int, int], int]:
    return {
        (season, number): eid
        for eid, season, number in session.exec(
            select(not_null(Episode.id), col(Episode.season), col(Episode.number)).where(Episode.series_id == sid)
        )
    }


def _merge_series(
    session: Session, sid: int, new: bool, rec: SeriesRecord, summary: OwnImportSummary, people: _People
) -> bool:
    """Seasons, episodes, viewings and cast of one series; whether anything was added."""
    seasons, seasons_added = _merge_seasons(session, sid, rec)
    episodes_added = _merge_episodes(session, sid, new, rec, summary, seasons)
    cast_added = _merge_cast(session, sid, new, rec, people)
    return seasons_added or episodes_added or cast_added


def _merge_seasons(session: Session, sid: int, rec: SeriesRecord) -> tuple[dict[int, Season], bool]:
    """The series' seasons by number, those it lacked added; whether any was."""
    changed = False
    seasons = {s.number: s for s in session.exec(select(Season).where(Season.series_id == sid))}
    for x in rec.seasons:
        if x["number"] not in seasons:
            row = Season(series_id=sid, **x)
            session.add(row)
            seasons[x["number"]] = row
            changed = True
    session.flush()
    return seasons, changed


def _merge_episodes(
    session: Session, sid: int, new: bool, rec: SeriesRecord, summary: OwnImportSummary, seasons: dict[int, Season]
) -> bool:
    """The episodes the series lacks, by season and number, and the viewings: one the library
    holds already (the same episode at the same time) is counted once per viewing held, not
    added again. Whether anything was added."""
    # episodes and viewings go in as plain bulk inserts: ORM objects would make a long history slow
    episodes = _episode_ids(session, sid)
    have = _viewings_held(session, sid) if not new and episodes else Counter()
    new_episodes: list[dict[str, Any]] = []
    waiting: list[
        tuple[tuple[int, int], Sequence[tuple[datetime | None, str]]]
    ] = []  # viewings of episodes not inserted yet
    added: list[dict[str, Any]] = []
    for fields, viewings in rec.episodes:
        code = (fields.season, fields.number)
        if code in episodes:
            for at, source in viewings:
                if have[(episodes[code], at)] > 0:  # already there: counted once per viewing held
                    have[(episodes[code], at)] -= 1
                    summary.viewings_duplicate += 1
                else:
                    added.append({"episode_id": episodes[code], "watched_at": at, "source": source})
        else:
            season = seasons.get(fields.season)
            new_episodes.append({"series_id": sid, "season_id": season.id if season else None, **fields._asdict()})
            waiting.append((code, viewings))
    if new_episodes:
        _insert_in_chunks(session, Episode, new_episodes)
        summary.episodes_new += len(new_episodes)
        episodes = _episode_ids(session, sid)
        added += [
            {"episode_id": episodes[code], "watched_at": at, "source": source}
            for code, viewings in waiting
            for at, source in viewings
        ]
    if added:
        _insert_in_chunks(session, Viewing, added)
        summary.viewings_new += len(added)
    return bool(new_episodes or added)


def _viewings_held(session: Session, sid: int) -> Counter:
    """How many viewings the library holds of each (episode id, time in UTC) of the series."""
    have: Counter = Counter()
    for episode_id, at in session.exec(
        select(Viewing.episode_id, Viewing.watched_at)
        .join(Episode, col(Episode.id) == col(Viewing.episode_id))
        .where(Episode.series_id == sid)
    ):
        have[(episode_id, as_utc(at) if at else None)] += 1
    return have


def _insert_in_chunks(session: Session, table: type, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), _CHUNK):  # in pieces: a long series, little memory
        session.execute(insert(table), rows[start : start + _CHUNK])


def _merge_cast(session: Session, sid: int, new: bool, rec: SeriesRecord, people: _People) -> bool:
    """The file's cast, for a series that has none yet (a cast is taken whole or not at all);
    whether it was added."""
    if not rec.cast or not (new or session.exec(select(Credit.id).where(Credit.series_id == sid)).first() is None):
        return False
    for person, credit in rec.cast:
        session.add(Credit(series_id=sid, person_id=people.get_or_add(person).id, **credit))
    return True
