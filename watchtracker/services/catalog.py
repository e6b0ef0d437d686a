"""Creating, editing and deleting series by hand, and the typed relations between them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, or_, select

from watchtracker.domain.dates import InvalidDate, parse_partial_date
from watchtracker.domain.enums import LifecycleStatus, RelationKind, ViewerState
from watchtracker.domain.inputs import MAX_TEXT, MAX_TITLE, SeriesInput
from watchtracker.services.changes import Changes
from watchtracker.services.errors import InvalidInput, NotFound
from watchtracker.storage.database import session_scope
from watchtracker.storage.tables import (
    Announcement,
    AnnouncementSeries,
    Credit,
    Episode,
    LibraryEntry,
    Relation,
    Season,
    Series,
    Viewing,
    utcnow,
)

# relations that give a direction in time: following them must never lead back to the start
DIRECTED = {
    RelationKind.SPIN_OFF_OF,
    RelationKind.SEQUEL_OF,
    RelationKind.PREQUEL_OF,
    RelationKind.REVIVAL_OF,
    RelationKind.REMAKE_OF,
}


@dataclass(frozen=True)
class DeletedSeries:
    """Everything a deleted series took with it, so that undo can bring it back."""

    title: str
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


class CatalogService:
    def __init__(self, engine: Engine):
        self.engine = engine

    def add_series(self, data: SeriesInput, *, allow_duplicate: bool = False) -> tuple[int, Changes]:
        """A title already in the library is refused unless ``allow_duplicate`` (a remake can
        share its title: tell them apart with a year, "Shogun (2024)")."""
        clean = _validate(data)
        with session_scope(self.engine) as session:
            if not allow_duplicate:
                _refuse_duplicate_title(session, clean["fields"]["title"])
            series = Series(**clean["fields"])
            session.add(series)
            session.flush()
            if data.follow_state is not None:
                session.add(LibraryEntry(series_id=series.id, state=ViewerState(data.follow_state).value))
            if clean["relation"]:
                kind, other = clean["relation"]
                _add_relation(session, series.id, kind, other)
                parent = session.get(Series, other)
                if parent is not None and parent.franchise_id is not None:
                    series.franchise_id = parent.franchise_id  # a spin-off joins its universe
                    session.add(series)
            sid = series.id
        added = frozenset({sid}) if data.follow_state is not None else frozenset()
        return sid, Changes(series=frozenset({sid}), added=added)

    def edit_series(self, series_id: int, data: SeriesInput) -> Changes:
        clean = _validate(data, editing=series_id)
        with session_scope(self.engine) as session:
            series = session.get(Series, series_id)
            if series is None:
                raise NotFound(f"There is no series with id {series_id}.")
            if clean["fields"]["title"].casefold() != series.title.casefold():
                _refuse_duplicate_title(session, clean["fields"]["title"])
            for key, value in clean["fields"].items():
                setattr(series, key, value)
            series.updated_at = utcnow()
            session.add(series)
            if clean["relation"]:
                kind, other = clean["relation"]
                _add_relation(session, series_id, kind, other, if_missing=True)
        return Changes.of(series_id)

    def add_relation(self, from_id: int, kind: RelationKind, to_id: int) -> Changes:
        with session_scope(self.engine) as session:
            _add_relation(session, from_id, RelationKind(kind), to_id)
        return Changes.of(from_id, to_id)

    def has_relation(self, from_id: int, kind: RelationKind, to_id: int) -> bool:
        with Session(self.engine) as session:
            return _find_relation(session, from_id, RelationKind(kind), to_id) is not None

    def remove_relation(self, from_id: int, kind: RelationKind, to_id: int) -> Changes:
        with session_scope(self.engine) as session:
            found = _find_relation(session, from_id, RelationKind(kind), to_id)
            if found is None:
                return Changes()
            session.delete(found)
        return Changes.of(from_id, to_id)

    def delete_series(self, series_id: int) -> tuple[DeletedSeries, Changes]:
        with session_scope(self.engine) as session:
            series = session.get(Series, series_id)
            if series is None:
                raise NotFound(f"There is no series with id {series_id}.")
            snapshot = DeletedSeries(series.title, _snapshot(session, series_id))
            related = {
                r["from_series_id"] if r["to_series_id"] == series_id else r["to_series_id"]
                for r in snapshot.rows["relation"]
            }
            session.delete(series)  # the foreign keys cascade to everything it owns
        return snapshot, Changes(
            series=frozenset(related | {series_id}), removed=frozenset({series_id})
        )

    def restore_series(self, snapshot: DeletedSeries) -> tuple[int, Changes]:
        """Put a deleted series back with everything it had, under the same ids (ids are never
        reused, so they are free), so whatever still refers to them finds them again."""
        rows = snapshot.rows
        sid = rows["series"][0]["id"]
        with session_scope(self.engine) as session:
            if session.get(Series, sid) is not None:
                raise InvalidInput(f"{snapshot.title} is already back in the library.")
            session.add(Series.model_validate(rows["series"][0]))
            session.flush()
            for table, model in (("season", Season), ("episode", Episode), ("viewing", Viewing),
                                 ("library_entry", LibraryEntry), ("credit", Credit)):
                session.add_all(model.model_validate(data) for data in rows[table])
                session.flush()
            present = set(session.exec(select(Series.id)))
            related = set()
            for data in rows["relation"]:
                if data["from_series_id"] in present and data["to_series_id"] in present:
                    session.add(Relation.model_validate(data))
                    related |= {data["from_series_id"], data["to_series_id"]}
            announcements = set(session.exec(select(Announcement.id)))
            session.add_all(
                AnnouncementSeries.model_validate(data)
                for data in rows["announcement_series"]
                if data["announcement_id"] in announcements
            )
        followed = frozenset({sid}) if rows["library_entry"] else frozenset()
        return sid, Changes(series=frozenset(related | {sid}), added=followed, announcements=True)


def _snapshot(session: Session, sid: int) -> dict[str, list[dict[str, Any]]]:
    def dump(rows) -> list[dict[str, Any]]:
        return [r.model_dump() for r in rows]

    episodes = session.exec(select(Episode).where(Episode.series_id == sid)).all()
    ep_ids = [e.id for e in episodes]
    return {
        "series": dump([session.get(Series, sid)]),
        "library_entry": dump(session.exec(select(LibraryEntry).where(LibraryEntry.series_id == sid))),
        "season": dump(session.exec(select(Season).where(Season.series_id == sid))),
        "episode": dump(episodes),
        "viewing": dump(session.exec(select(Viewing).where(col(Viewing.episode_id).in_(ep_ids)))),
        "credit": dump(session.exec(select(Credit).where(Credit.series_id == sid))),
        "relation": dump(
            session.exec(
                select(Relation).where(
                    or_(Relation.from_series_id == sid, Relation.to_series_id == sid)
                )
            )
        ),
        "announcement_series": dump(
            session.exec(select(AnnouncementSeries).where(AnnouncementSeries.series_id == sid))
        ),
    }


def _validate(data: SeriesInput, editing: int | None = None) -> dict[str, Any]:
    title = " ".join((data.title or "").split())
    if not title:
        raise InvalidInput("A series needs a title.")
    if len(title) > MAX_TITLE:
        raise InvalidInput(f"A title can be at most {MAX_TITLE} characters long.")
    try:
        status = LifecycleStatus(data.status)
    except ValueError:
        allowed = ", ".join(s.value for s in LifecycleStatus)
        raise InvalidInput(f"Unknown status {data.status!r}; use one of: {allowed}.") from None
    premiere = None
    if (data.premiere or "").strip():
        try:
            premiere = parse_partial_date(data.premiere)
        except InvalidDate as exc:
            raise InvalidInput(f"Premiere date {exc}") from None
    network = " ".join((data.network or "").split())
    if len(network) > MAX_TITLE:
        raise InvalidInput(f"A network name can be at most {MAX_TITLE} characters long.")
    overview = (data.overview or "").strip()
    if len(overview) > MAX_TEXT:
        raise InvalidInput(f"The overview can be at most {MAX_TEXT} characters long.")
    relation = None
    if data.related_series_id is not None:
        try:
            kind = RelationKind(data.relation_kind or RelationKind.SPIN_OFF_OF)
        except ValueError:
            allowed = ", ".join(k.value for k in RelationKind)
            raise InvalidInput(f"Unknown relation {data.relation_kind!r}; use one of: {allowed}.") from None
        if editing is not None and data.related_series_id == editing:
            raise InvalidInput("A series cannot be related to itself.")
        relation = (kind, data.related_series_id)
    fields: dict[str, Any] = {
        "title": title,
        "status": status.value,
        "premiere": premiere.to_text() if premiere else None,
        "premiere_precision": premiere.precision.value if premiere else None,
        "premiere_sort": premiere.earliest() if premiere else None,
        "network": network,
        "overview": overview,
    }
    return {"fields": fields, "relation": relation}


def _add_relation(
    session: Session, from_id: int, kind: RelationKind, to_id: int, *, if_missing: bool = False
) -> None:
    """Validated: not to itself, not twice (``if_missing``: quietly), never a cycle."""
    if from_id == to_id:
        raise InvalidInput("A series cannot be related to itself.")
    for sid in (from_id, to_id):
        if session.get(Series, sid) is None:
            raise NotFound(f"There is no series with id {sid}.")
    if _find_relation(session, from_id, kind, to_id) is not None:
        if if_missing:
            return
        raise InvalidInput("These two series are already related that way.")
    if kind in DIRECTED and _reaches(session, to_id, from_id):
        raise InvalidInput("That relation would make a series its own ancestor.")
    session.add(Relation(from_series_id=from_id, to_series_id=to_id, kind=kind.value))


def _refuse_duplicate_title(session: Session, title: str) -> None:
    key = title.casefold()
    for existing in session.exec(select(Series.title)):
        if " ".join(existing.split()).casefold() == key:
            raise InvalidInput(
                f"A series called “{existing}” is already in the library. "
                "To add another, tell them apart, e.g. with its year."
            )


def _find_relation(session: Session, from_id: int, kind: RelationKind, to_id: int) -> Relation | None:
    return session.exec(
        select(Relation).where(
            Relation.from_series_id == from_id,
            Relation.to_series_id == to_id,
            Relation.kind == kind.value,
        )
    ).first()


def _reaches(session: Session, start: int, goal: int) -> bool:
    """Does following directed relations from ``start`` arrive at ``goal``?"""
    edges: dict[int, list[int]] = {}
    for a, b in session.exec(
        select(Relation.from_series_id, Relation.to_series_id).where(
            col(Relation.kind).in_([k.value for k in DIRECTED])
        )
    ):
        edges.setdefault(a, []).append(b)
    seen, stack = set(), [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            stack.extend(edges.get(node, ()))
    return False
