"""Importing our own export (read and checked by ``services.transfer.own_format_read``) into the library:
into an empty one it recreates the library as it was, into a non-empty one it merges, adding only
what is missing (``services.transfer.own_format``'s docstring, "Importing", says how items are matched).
One transaction: all or nothing."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

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


def import_own(engine: Engine, doc: OwnExport, *, progress: Progress | None = None,
               cancel: threading.Event | None = None) -> tuple[OwnImportSummary, Changes]:
    """Import a checked export into the library in one transaction (all or nothing).
    ``progress(done, total, what)`` is told as each series goes in; once ``cancel`` is set the
    import stops with ImportCancelled and the library is left as it was."""
    with session_scope(engine) as session:
        result = _merge(session, doc, progress, cancel)
    if progress:
        progress(len(doc.series), len(doc.series), "Imported.")
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


def _merge(session: Session, doc: OwnExport, progress: Progress | None = None,
           cancel: threading.Event | None = None) -> tuple[OwnImportSummary, Changes]:
    summary = OwnImportSummary(dates_out_of_range=doc.dates_out_of_range)
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
    for i, rec in enumerate(doc.series):
        check_cancel(cancel)
        if progress:
            progress(i, len(doc.series), f"Importing {rec.title}…")
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

    check_cancel(cancel)
    if progress:
        progress(len(doc.series), len(doc.series), "Importing franchises, relations and alerts…")
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
    check_cancel(cancel)
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
            have[(episode_id, as_utc(at) if at else None)] += 1
    new_episodes: list[dict[str, Any]] = []
    waiting: list[tuple[tuple[int, int], tuple]] = []  # viewings of episodes not inserted yet
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
        for start in range(0, len(new_episodes), _CHUNK):  # in pieces: a long series, little memory
            session.execute(insert(Episode), new_episodes[start:start + _CHUNK])
        summary.episodes_new += len(new_episodes)
        episodes = _episode_ids(session, sid)
        added += [{"episode_id": episodes[code], "watched_at": at, "source": source}
                  for code, viewings in waiting for at, source in viewings]
    if added:
        for start in range(0, len(added), _CHUNK):
            session.execute(insert(Viewing), added[start:start + _CHUNK])
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
