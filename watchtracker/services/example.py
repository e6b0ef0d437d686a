"""The example library: the Bosch universe, shipped as data in resources/example/.

The file says when its facts are from (``facts_as_of``, also in ``snapshot_note``) and lists its
``sources``. Two things it may say that a library cannot store as they are:

* A news item's ``published`` may be a day alone ("2025-10-06") when the source gives no time.
  It is stored at 12:00 UTC that day (the column holds a time), which is the same calendar day
  everywhere from UTC-11 to UTC+11, so the item is placed and grouped on its day, and marked as
  having no time (``published_has_time``), so Alerts shows its day alone. A time, when given, is
  kept as it is.
* A season's ``runtime_range`` ([shortest, longest] minutes, as a source states it for the
  season) gives each of its episodes that has no runtime of its own the middle of that range,
  rounded half up: closer than what Statistics would guess, and the file says where it came from.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from watchtracker.domain.dates import parse_partial_date
from watchtracker.domain.enums import AnnouncementKind, LifecycleStatus, RelationKind, ViewerState
from watchtracker.domain.i18n import translate
from watchtracker.errors import InvalidInput
from watchtracker.paths import resource_path
from watchtracker.services.changes import Changes
from watchtracker.storage.database import session_scope
from watchtracker.storage.tables import (
    Announcement,
    AnnouncementSeries,
    Credit,
    Episode,
    Franchise,
    LibraryEntry,
    Person,
    Relation,
    Season,
    Series,
    Viewing,
    not_null,
    saved_id,
)

EXAMPLE_FILE = ("example", "bosch-universe.json")


def example_path() -> Path:
    return resource_path(*EXAMPLE_FILE)


def load_example(engine: Engine, path: Path | None = None) -> tuple[int, Changes]:
    """Add the example series that are not in the library yet (matched by title).

    Returns how many series were added. Loading twice adds nothing the second time.
    """
    data = json.loads((path or example_path()).read_text(encoding="utf-8"))
    if data.get("format") != "watchtracker-example":
        raise InvalidInput(translate("example", "That file is not a watchtracker example library."))
    with session_scope(engine) as session:
        existing = {t.casefold(): i for i, t in session.exec(select(not_null(Series.id), col(Series.title)))}
        franchises = {f["key"]: _franchise(session, f) for f in data.get("franchises", [])}
        ids: dict[str, int] = {}
        added: list[int] = []
        for item in data["series"]:
            if item["title"].casefold() in existing:  # already there: keep the viewer's own
                ids[item["key"]] = existing[item["title"].casefold()]
                continue
            sid = _add_series(session, item, franchises)
            ids[item["key"]] = sid
            added.append(sid)
        if not added:
            return 0, Changes()
        for rel in data.get("relations", []):
            a, b = ids.get(rel["from"]), ids.get(rel["to"])
            kind = RelationKind(rel["kind"]).value
            if a is None or b is None or not (a in added or b in added):
                continue
            if (
                session.exec(
                    select(Relation).where(
                        Relation.from_series_id == a, Relation.to_series_id == b, Relation.kind == kind
                    )
                ).first()
                is None
            ):
                session.add(Relation(from_series_id=a, to_series_id=b, kind=kind))
        for ann in data.get("announcements", []):
            _announcement(session, ann, ids)
        followed = set(session.exec(select(LibraryEntry.series_id)))
    return len(added), Changes(series=frozenset(added), added=frozenset(set(added) & followed), announcements=True)


def _franchise(session: Session, data: dict[str, Any]) -> int:
    found = session.exec(select(Franchise).where(Franchise.name == data["name"])).first()
    if found is None:
        found = Franchise(name=data["name"], description=data.get("description", ""))
        session.add(found)
        session.flush()
    return saved_id(found.id)


def _add_series(session: Session, item: dict[str, Any], franchises: dict[str, int]) -> int:
    premiere = parse_partial_date(item["premiere"]) if item.get("premiere") else None
    ended = parse_partial_date(item["ended"]) if item.get("ended") else None
    ext = item.get("external_ids", {})
    series = Series(
        title=item["title"],
        aliases=list(item.get("aliases", [])),
        overview=item.get("overview", ""),
        status=LifecycleStatus(item["status"]).value,
        premiere=premiere.to_text() if premiere else None,
        premiere_precision=premiere.precision.value if premiere else None,
        premiere_sort=premiere.earliest() if premiere else None,
        ended=ended.to_text() if ended else None,
        network=item.get("network", ""),
        country=item.get("country", ""),
        language=item.get("language", ""),
        genres=list(item.get("genres", [])),
        content_rating=item.get("content_rating", ""),
        runtime=item.get("runtime"),
        franchise_id=franchises.get(item["franchise"]) if item.get("franchise") is not None else None,
        imdb_id=ext.get("imdb"),
        tvmaze_id=ext.get("tvmaze"),
        thetvdb_id=ext.get("thetvdb"),
        tmdb_id=ext.get("tmdb"),
    )
    session.add(series)
    session.flush()
    for s in item.get("seasons", []):
        in_range = _runtime_middle(s, item["title"])
        season = Season(
            series_id=series.id,
            number=s["number"],
            name=s.get("name", ""),
            premiere=date.fromisoformat(s["premiere"]) if s.get("premiere") else None,
            episode_order=len(s.get("episodes", [])) or None,
        )
        session.add(season)
        session.flush()
        for e in s.get("episodes", []):
            ep = Episode(
                series_id=series.id,
                season_id=season.id,
                season=s["number"],
                number=e["number"],
                title=e.get("title", ""),
                summary=e.get("summary", ""),
                air_date=date.fromisoformat(e["air_date"]) if e.get("air_date") else None,
                runtime=e["runtime"] if e.get("runtime") is not None else in_range,
            )
            session.add(ep)
            session.flush()
            for when in e.get("viewings", []):
                session.add(Viewing(episode_id=ep.id, watched_at=_utc(when), source="example"))
    for position, c in enumerate(item.get("cast", [])):
        person = session.exec(select(Person).where(Person.name == c["name"])).first()
        if person is None:
            person = Person(name=c["name"])
            session.add(person)
            session.flush()
        session.add(
            Credit(series_id=series.id, person_id=person.id, character=c.get("character", ""), position=position)
        )
    if follow := item.get("follow"):
        entry = LibraryEntry(
            series_id=series.id,
            state=ViewerState(follow["state"]).value,
            favourite=bool(follow.get("favourite")),
            rating=follow.get("rating"),
            notes=follow.get("notes", ""),
        )
        if follow.get("added"):  # else the default, now: added_at=None would break NOT NULL
            entry.added_at = _utc(follow["added"])
        session.add(entry)
    return saved_id(series.id)


def _runtime_middle(season: dict[str, Any], title: str) -> int | None:
    """The middle of a season's ``runtime_range``, rounded half up; None without one."""
    raw = season.get("runtime_range")
    if raw is None:
        return None
    if not (
        isinstance(raw, list)
        and len(raw) == 2
        and all(isinstance(m, int) and not isinstance(m, bool) and 0 < m <= 1000 for m in raw)
        and raw[0] <= raw[1]
    ):
        raise InvalidInput(
            translate(
                "example",
                "Season {number} of {title}: a runtime range is two numbers of minutes, the shorter first.",
            ).format(number=season.get("number"), title=title)
        )
    shortest, longest = raw
    return (shortest + longest + 1) // 2


def _published(text: str) -> tuple[datetime, str]:
    """When a news item was published, and the text its fingerprint is made of.

    A day alone is placed at 12:00 UTC, and fingerprinted as the 2025 file wrote that same
    moment ("2020-02-13T12:00:00Z"), so news loaded from that file is not stored twice."""
    if len(text) == len("2025-10-06"):
        day = date.fromisoformat(text)
        return datetime.combine(day, time(12), UTC), f"{day.isoformat()}T12:00:00Z"
    return _utc(text), text


def _announcement(session: Session, ann: dict[str, Any], ids: dict[str, int]) -> None:
    published, stamp = _published(ann["published"]) if ann.get("published") else (None, "")
    has_time = published is None or stamp == ann["published"]  # _published rewrites a day alone only
    fingerprint = "example:" + hashlib.sha256((ann["headline"] + stamp).encode()).hexdigest()[:32]
    found = session.exec(select(Announcement).where(Announcement.fingerprint == fingerprint)).first()
    if found is None:
        found = Announcement(
            kind=AnnouncementKind(ann["kind"]).value,
            headline=ann["headline"],
            summary=ann.get("summary", ""),
            source=ann.get("source", ""),
            url=ann.get("url"),
            published_at=published,
            published_has_time=has_time,
            fingerprint=fingerprint,
            spin_off_title=ann.get("spin_off_title"),  # the new series a spin-off item names: it can be tracked
        )
        session.add(found)
        session.flush()
    elif not has_time and found.published_has_time:  # loaded before the time could be left unknown
        found.published_has_time = False
        session.add(found)
    linked = set(
        session.exec(select(AnnouncementSeries.series_id).where(AnnouncementSeries.announcement_id == found.id))
    )
    for key in ann.get("series", []):
        sid = ids.get(key)
        if sid is not None and sid not in linked:
            session.add(AnnouncementSeries(announcement_id=found.id, series_id=sid))


def _utc(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)
