"""Creating, editing and deleting series by hand, the typed relations between them, and the one
way a series enters a franchise (``join_franchise``: following it when the franchise is followed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, or_, select

from watchtracker.domain.dates import InvalidDate, parse_partial_date
from watchtracker.domain.enums import AnnouncementKind, LifecycleStatus, RelationKind, ViewerState
from watchtracker.domain.franchise import DIRECTED, Joined
from watchtracker.domain.i18n import translate
from watchtracker.domain.inputs import MAX_TEXT, MAX_TITLE, SeriesInput
from watchtracker.errors import ChangedElsewhere, InvalidInput, NotFound
from watchtracker.services.changes import Changes
from watchtracker.services.library import changed_elsewhere
from watchtracker.storage.database import session_scope, write_first
from watchtracker.storage.tables import (
    Announcement,
    AnnouncementSeries,
    Credit,
    Episode,
    Franchise,
    LibraryEntry,
    Relation,
    Season,
    Series,
    Viewing,
    not_null,
    saved_id,
    utcnow,
)

# DIRECTED (from domain.franchise): relations that give a direction in time; following them must
# never lead back to the start.

# The source of the alerts the library raises by itself (alerts.LIBRARY_SOURCE is this).
LIBRARY_SOURCE = "Your library"


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
            sid = saved_id(series.id)
            if data.follow_state is not None:
                session.add(LibraryEntry(series_id=sid, state=ViewerState(data.follow_state).value))
            joined = None
            if clean["relation"]:
                kind, other = clean["relation"]
                _add_relation(session, sid, kind, other)
                joined = join_by_relation(session, sid, other)  # a spin-off joins its universe
        added = frozenset({sid}) if data.follow_state is not None else frozenset()
        return sid, Changes(series=frozenset({sid}), added=added) | joined_changes(joined)

    def edit_series(self, series_id: int, data: SeriesInput, *, expected_version: int | None = None) -> Changes:
        """``expected_version``: the series' version the form was filled from (SeriesDetail.version);
        when the series changed since (another computer, a refresh), ChangedElsewhere and nothing is
        saved. A save with it makes the version ``expected_version + 1``. None: no check."""
        clean = _validate(data, editing=series_id)
        with session_scope(self.engine) as session:
            if expected_version is not None:
                write_first(session)
            series = session.get(Series, series_id, with_for_update=expected_version is not None)
            if series is None:
                raise NotFound(translate("CatalogService", "There is no series with id {id}.").format(id=series_id))
            if expected_version is not None and series.version != expected_version:
                raise _series_changed(series, clean["fields"])
            if clean["fields"]["title"].casefold() != series.title.casefold():
                _refuse_duplicate_title(session, clean["fields"]["title"])
            for key, value in clean["fields"].items():
                setattr(series, key, value)
            series.updated_at = utcnow()
            if expected_version is not None:
                series.version = expected_version + 1
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
                raise NotFound(translate("CatalogService", "There is no series with id {id}.").format(id=series_id))
            snapshot = DeletedSeries(series.title, _snapshot(session, series_id))
            related = {
                r["from_series_id"] if r["to_series_id"] == series_id else r["to_series_id"]
                for r in snapshot.rows["relation"]
            }
            for ann_id in _join_alerts_of(session, series_id):  # news about it joining: stale now
                session.delete(session.get(Announcement, ann_id))
            session.delete(series)  # the foreign keys cascade to everything it owns
        return snapshot, Changes(series=frozenset(related | {series_id}), removed=frozenset({series_id}))

    def restore_series(self, snapshot: DeletedSeries) -> tuple[int, Changes]:
        """Put a deleted series back with everything it had, under the same ids (ids are never
        reused, so they are free), so whatever still refers to them finds them again."""
        rows = snapshot.rows
        sid = rows["series"][0]["id"]
        with session_scope(self.engine) as session:
            if session.get(Series, sid) is not None:
                raise InvalidInput(
                    translate("CatalogService", "{title} is already back in the library.").format(title=snapshot.title)
                )
            series = Series.model_validate(rows["series"][0])
            if series.franchise_id is not None and session.get(Franchise, series.franchise_id) is None:
                series.franchise_id = None  # its franchise was deleted meanwhile
            session.add(series)
            session.flush()
            for table, model in (
                ("season", Season),
                ("episode", Episode),
                ("viewing", Viewing),
                ("library_entry", LibraryEntry),
                ("credit", Credit),
            ):
                session.add_all(model.model_validate(data) for data in rows[table])
                session.flush()
            present = set(session.exec(select(Series.id)))
            related = set()
            for data in rows["relation"]:
                if data["from_series_id"] in present and data["to_series_id"] in present:
                    session.add(Relation.model_validate(data))
                    related |= {data["from_series_id"], data["to_series_id"]}
            announcements = set(session.exec(select(Announcement.id)))
            for data in rows.get("announcement", []):
                if data["id"] not in announcements:
                    session.add(Announcement.model_validate(data))
                    announcements.add(data["id"])
            session.flush()
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
            session.exec(select(Relation).where(or_(Relation.from_series_id == sid, Relation.to_series_id == sid)))
        ),
        "announcement_series": dump(
            session.exec(select(AnnouncementSeries).where(AnnouncementSeries.series_id == sid))
        ),
        "announcement": dump(
            session.exec(select(Announcement).where(col(Announcement.id).in_(_join_alerts_of(session, sid))))
        ),
    }


def _series_changed(series: Series, wanted: dict[str, Any]) -> ChangedElsewhere:
    labels = {
        "title": translate("CatalogService", "Title"),
        "status": translate("CatalogService", "Status"),
        "premiere": translate("CatalogService", "Premiere"),
        "network": translate("CatalogService", "Network"),
        "overview": translate("CatalogService", "Overview"),
    }

    def text(key: str, value: Any) -> str:
        if key == "status":
            try:
                return LifecycleStatus(value).label
            except ValueError:
                return str(value)
        return str(value or "")

    current = {key: getattr(series, key) for key in labels}
    differences = [
        (label, text(key, current[key]), text(key, wanted[key]))
        for key, label in labels.items()
        if current[key] != wanted[key]
    ]
    return changed_elsewhere(series.title, series.version, differences, current)


def _validate(data: SeriesInput, editing: int | None = None) -> dict[str, Any]:
    title = " ".join((data.title or "").split())
    if not title:
        raise InvalidInput(translate("CatalogService", "A series needs a title."))
    if len(title) > MAX_TITLE:
        raise InvalidInput(
            translate("CatalogService", "A title can be at most {count} characters long.").format(count=MAX_TITLE)
        )
    try:
        status = LifecycleStatus(data.status)
    except ValueError:
        allowed = ", ".join(s.value for s in LifecycleStatus)
        raise InvalidInput(
            translate("CatalogService", "Unknown status {status}; use one of: {allowed}.").format(
                status=repr(data.status), allowed=allowed
            )
        ) from None
    premiere = None
    if (data.premiere or "").strip():
        try:
            premiere = parse_partial_date(data.premiere)
        except InvalidDate as exc:
            raise InvalidInput(translate("CatalogService", "Premiere date {problem}").format(problem=exc)) from None
    network = " ".join((data.network or "").split())
    if len(network) > MAX_TITLE:
        raise InvalidInput(
            translate("CatalogService", "A network name can be at most {count} characters long.").format(
                count=MAX_TITLE
            )
        )
    overview = (data.overview or "").strip()
    if len(overview) > MAX_TEXT:
        raise InvalidInput(
            translate("CatalogService", "The overview can be at most {count} characters long.").format(count=MAX_TEXT)
        )
    relation = None
    if data.related_series_id is not None:
        try:
            kind = RelationKind(data.relation_kind or RelationKind.SPIN_OFF_OF)
        except ValueError:
            allowed = ", ".join(k.value for k in RelationKind)
            raise InvalidInput(
                translate("CatalogService", "Unknown relation {kind}; use one of: {allowed}.").format(
                    kind=repr(data.relation_kind), allowed=allowed
                )
            ) from None
        if editing is not None and data.related_series_id == editing:
            raise InvalidInput(translate("CatalogService", "A series cannot be related to itself."))
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


def _add_relation(session: Session, from_id: int, kind: RelationKind, to_id: int, *, if_missing: bool = False) -> None:
    """Validated: not to itself, not twice (``if_missing``: quietly), never a cycle."""
    if from_id == to_id:
        raise InvalidInput(translate("CatalogService", "A series cannot be related to itself."))
    for sid in (from_id, to_id):
        if session.get(Series, sid) is None:
            raise NotFound(translate("CatalogService", "There is no series with id {id}.").format(id=sid))
    if _find_relation(session, from_id, kind, to_id) is not None:
        if if_missing:
            return
        raise InvalidInput(translate("CatalogService", "These two series are already related that way."))
    if kind in DIRECTED and _reaches(session, to_id, from_id):
        raise InvalidInput(translate("CatalogService", "That relation would make a series its own ancestor."))
    session.add(Relation(from_series_id=from_id, to_series_id=to_id, kind=kind.value))


def _refuse_duplicate_title(session: Session, title: str) -> None:
    key = title.casefold()
    for existing in session.exec(select(Series.title)):
        if " ".join(existing.split()).casefold() == key:
            raise InvalidInput(
                translate(
                    "CatalogService",
                    "A series called “{title}” is already in the library. "
                    "To add another, tell them apart, e.g. with its year.",
                ).format(title=existing)
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
        select(not_null(Relation.from_series_id), not_null(Relation.to_series_id)).where(
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


# -- franchise membership: the one way in ---------------------------------------------------------


def join_franchise(
    session: Session, series_id: int, franchise_id: int, *, now: datetime | None = None
) -> Joined | None:
    """Put a series in a franchise (moving it from another one). When the franchise is followed,
    the series is followed too and a ``franchise_join`` alert is raised, once per series and
    franchise ever (its fingerprint is unique). Every way a series enters a franchise comes here:
    added by hand as a spin-off, "Track this spin-off", or added to the franchise explicitly.
    Returns None when it was in that franchise already."""
    series = session.get(Series, series_id)
    if series is None:
        raise NotFound(translate("CatalogService", "There is no series with id {id}.").format(id=series_id))
    franchise = session.get(Franchise, franchise_id)
    if franchise is None:
        raise NotFound(translate("CatalogService", "There is no franchise with id {id}.").format(id=franchise_id))
    if series.franchise_id == franchise_id:
        return None
    now = now or utcnow()
    previous = series.franchise_id
    series.franchise_id = franchise_id
    session.add(series)
    followed = False
    alert_id = None
    if franchise.followed:
        if session.get(LibraryEntry, series_id) is None:
            session.add(LibraryEntry(series_id=series_id, state=ViewerState.PLAN_TO_WATCH.value, added_at=now))
            followed = True
        alert_id = _join_alert(session, series, franchise, followed, now)
    session.flush()
    return Joined(series_id, franchise_id, previous, followed, alert_id)


def join_by_relation(session: Session, a: int, b: int, *, now: datetime | None = None) -> Joined | None:
    """Two series were just related: when only one of them is in a franchise, the other joins it."""
    first, second = session.get(Series, a), session.get(Series, b)
    if first is None or second is None:
        return None
    if first.franchise_id is None and second.franchise_id is not None:
        newcomer, franchise_id = first, second.franchise_id
    elif second.franchise_id is None and first.franchise_id is not None:
        newcomer, franchise_id = second, first.franchise_id
    else:  # both in a franchise, or neither
        return None
    return join_franchise(session, saved_id(newcomer.id), franchise_id, now=now)


def joined_changes(joined: Joined | None) -> Changes:
    if joined is None:
        return Changes()
    return Changes(
        series=frozenset({joined.series_id}),
        added=frozenset({joined.series_id}) if joined.followed else frozenset(),
        announcements=joined.alert_id is not None,
    )


def join_fingerprint(series_id: int, franchise_id: int) -> str:
    return f"franchise_join:{franchise_id}:{series_id}"


def _join_alert(session: Session, series: Series, franchise: Franchise, followed: bool, now: datetime) -> int | None:
    fingerprint = join_fingerprint(saved_id(series.id), saved_id(franchise.id))
    if session.exec(select(Announcement.id).where(Announcement.fingerprint == fingerprint)).first():
        return None
    summary = (
        f"You follow {franchise.name}, so {series.title} is followed too."
        if followed
        else f"You follow {franchise.name}; {series.title} is in your library already."
    )
    ann = Announcement(
        kind=AnnouncementKind.FRANCHISE_JOIN.value,
        headline=f"{series.title} joined {franchise.name}",
        summary=summary,
        source=LIBRARY_SOURCE,
        url=None,
        published_at=now,
        fingerprint=fingerprint,
        created_at=now,
        reason="you follow its franchise",
    )
    session.add(ann)
    session.flush()
    session.add(AnnouncementSeries(announcement_id=ann.id, series_id=series.id))
    return ann.id


def _join_alerts_of(session: Session, series_id: int) -> list[int]:
    """The franchise_join alerts about this series (they are about it alone)."""
    return list(
        session.exec(
            select(not_null(Announcement.id))
            .join(AnnouncementSeries, col(AnnouncementSeries.announcement_id) == col(Announcement.id))
            .where(
                AnnouncementSeries.series_id == series_id, Announcement.kind == AnnouncementKind.FRANCHISE_JOIN.value
            )
        )
    )
