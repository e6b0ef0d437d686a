"""Franchises: list them, read one as a graph with its orders, create, rename and delete them,
put series in and take them out, relate series, and follow a franchise as a whole.

Every mutation returns what changed (``Changes``) and what an undo needs. A series entering a
franchise always goes through ``catalog.join_franchise`` (the hook that follows it and raises the
alert when the franchise is followed); relations are validated by the catalogue's own checks.

Changes: a franchise has no flag of its own in ``Changes``, so a change to a franchise reports its
member series (their detail names the franchise); a change to a franchise with no members at all
reports ``everything``, so that the views still hear of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

from sqlalchemy import case, func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from watchtracker.domain.dates import partial_date_or_none
from watchtracker.domain.enums import LifecycleStatus, RelationKind, ViewerState
from watchtracker.domain.franchise import (
    DeletedFranchise,
    FranchiseEdge,
    FranchiseFollow,
    FranchiseGraph,
    FranchiseNode,
    FranchiseSummary,
    Joined,
    build_tree,
    release_key,
    release_order,
    watch_order,
)
from watchtracker.domain.i18n import translate
from watchtracker.domain.inputs import MAX_TEXT, MAX_TITLE
from watchtracker.errors import InvalidInput, NotFound
from watchtracker.services.catalog import (
    _add_relation,
    _find_relation,
    join_by_relation,
    join_franchise,
    joined_changes,
)
from watchtracker.services.changes import Changes
from watchtracker.services.library import Clock, changed_elsewhere, system_clock
from watchtracker.storage.database import session_scope, write_first
from watchtracker.storage.tables import (
    Announcement,
    Episode,
    Franchise,
    LibraryEntry,
    Relation,
    Series,
    Viewing,
    not_null,
    saved_id,
)


class FranchiseService:
    def __init__(self, engine: Engine, clock: Clock = system_clock):
        self.engine = engine
        self.clock = clock

    # -- reading ----------------------------------------------------------------------------
    def franchises(self) -> list[FranchiseSummary]:
        """Every franchise, by name."""
        with Session(self.engine) as session:
            franchises = session.exec(select(Franchise)).all()
            members: dict[int | None, list[Series]] = {}  # (the query leaves None out)
            for s in session.exec(select(Series).where(col(Series.franchise_id).is_not(None))):
                members.setdefault(s.franchise_id, []).append(s)
            followed = set(session.exec(select(not_null(LibraryEntry.series_id))))
        out = []
        for f in franchises:
            dated = [(partial_date_or_none(s.premiere), s) for s in members.get(f.id, ())]
            dated.sort(key=lambda ps: release_key(ps[0], ps[1].title))
            years = sorted({p.year for p, _ in dated if p is not None})
            span = "" if not years else str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"
            out.append(
                FranchiseSummary(
                    id=saved_id(f.id),
                    name=f.name,
                    description=f.description,
                    followed=f.followed,
                    titles=tuple(s.title for _, s in dated),
                    followed_count=sum(1 for _, s in dated if s.id in followed),
                    years=span,
                )
            )
        return sorted(out, key=lambda f: f.name.casefold())

    def franchise(self, franchise_id: int) -> FranchiseGraph:
        """One franchise: its series with the viewer's progress, the relations between them, as a
        tree, and in release, suggested watch and story order (domain.franchise says how)."""
        now = self.clock().astimezone(UTC)
        today = now.astimezone().date()
        with Session(self.engine) as session:
            f = _franchise(session, franchise_id)
            series = session.exec(select(Series).where(Series.franchise_id == franchise_id)).all()
            ids = [saved_id(s.id) for s in series]
            entries = {
                e.series_id: e for e in session.exec(select(LibraryEntry).where(col(LibraryEntry.series_id).in_(ids)))
            }
            progress = _progress(session, ids, now, today)
            relations = session.exec(
                select(Relation).where(col(Relation.from_series_id).in_(ids), col(Relation.to_series_id).in_(ids))
            ).all()
        nodes = [
            FranchiseNode(
                series_id=sid,
                title=s.title,
                status=LifecycleStatus(s.status),
                premiere=partial_date_or_none(s.premiere),
                ended=partial_date_or_none(s.ended),
                followed=sid in entries,
                state=ViewerState(entries[sid].state) if sid in entries else None,
                watched=progress.get(sid, (0, 0))[0],
                aired=progress.get(sid, (0, 0))[1],
            )
            for sid, s in zip(ids, series, strict=True)
        ]
        nodes.sort(key=lambda n: release_key(n.premiere, n.title))
        position = {n.series_id: i for i, n in enumerate(nodes)}
        edges = sorted(
            (
                FranchiseEdge(saved_id(r.from_series_id), saved_id(r.to_series_id), RelationKind(r.kind))
                for r in relations
            ),
            key=lambda e: (not e.directed, position[e.from_id], position[e.to_id], e.kind.value),
        )
        return FranchiseGraph(
            id=saved_id(f.id),
            name=f.name,
            description=f.description,
            followed=f.followed,
            nodes=tuple(nodes),
            edges=tuple(edges),
            tree=build_tree(nodes, edges),
            release_order=release_order(nodes),
            watch_order=watch_order(nodes, edges),
            story_order=watch_order(nodes, edges, story=True),
            version=f.version,
        )

    def franchise_of(self, series_id: int) -> int | None:
        with Session(self.engine) as session:
            series = session.get(Series, series_id)
            if series is None:
                raise NotFound(translate("FranchiseService", "There is no series with id {id}.").format(id=series_id))
            return series.franchise_id

    def candidates(self, franchise_id: int) -> list[tuple[int, str]]:
        """Series in no franchise, by title: what "Add a series" offers."""
        with Session(self.engine) as session:
            _franchise(session, franchise_id)
            rows = session.exec(
                select(not_null(Series.id), col(Series.title)).where(col(Series.franchise_id).is_(None))
            ).all()
        return sorted(((i, t) for i, t in rows), key=lambda r: r[1].casefold())

    # -- the franchise itself -----------------------------------------------------------------
    def create_franchise(self, name: str, description: str = "") -> tuple[int, Changes]:
        """Undo: ``delete_franchise`` (it has no members yet)."""
        name, description = _clean_name(name), _clean_description(description)
        with session_scope(self.engine) as session:
            _refuse_taken(session, name)
            f = Franchise(name=name, description=description, followed=False)
            session.add(f)
            session.flush()
            fid = saved_id(f.id)
        return fid, Changes(everything=True)

    def rename_franchise(
        self, franchise_id: int, name: str, description: str | None = None, *, expected_version: int | None = None
    ) -> tuple[tuple[str, str], Changes]:
        """Returns the name and description it had (undo: rename back).

        ``expected_version``: the franchise's version the caller read (FranchiseGraph.version); when
        it changed since, ChangedElsewhere and nothing is saved. A save with it makes the version
        ``expected_version + 1``. None: no check."""
        name = _clean_name(name)
        with session_scope(self.engine) as session:
            f = _franchise(session, franchise_id, lock=expected_version is not None)
            if expected_version is not None and f.version != expected_version:
                labels = (translate("FranchiseService", "Name"), translate("FranchiseService", "Description"))
                wanted = (name, f.description if description is None else _clean_description(description))
                differences = [
                    (label, theirs, mine)
                    for label, theirs, mine in zip(labels, (f.name, f.description), wanted, strict=True)
                    if theirs != mine
                ]
                what = translate("FranchiseService", "The franchise {name}").format(name=f.name)
                current = {"name": f.name, "description": f.description, "followed": f.followed}
                raise changed_elsewhere(what, f.version, differences, current)
            before = (f.name, f.description)
            if name.casefold() != f.name.casefold():
                _refuse_taken(session, name)
            f.name = name
            if description is not None:
                f.description = _clean_description(description)
            if expected_version is not None:
                f.version = expected_version + 1
            session.add(f)
            members = _members(session, franchise_id)
        return before, _franchise_changes(members)

    def delete_franchise(self, franchise_id: int) -> tuple[DeletedFranchise, Changes]:
        """The series stay in the library, in no franchise; their relations stay too.
        Undo: ``restore_franchise``."""
        with session_scope(self.engine) as session:
            f = _franchise(session, franchise_id)
            members = _members(session, franchise_id)
            snapshot = DeletedFranchise(
                franchise_id, f.name, f.description, f.followed, f.created_at, tuple(sorted(members))
            )
            for s in session.exec(select(Series).where(Series.franchise_id == franchise_id)):
                s.franchise_id = None
                session.add(s)
            session.delete(f)
        return snapshot, _franchise_changes(members)

    def restore_franchise(self, snapshot: DeletedFranchise) -> tuple[int, Changes]:
        """Back under its old id, with the members that are still in the library and in no
        franchise (quietly: coming back is not news)."""
        with session_scope(self.engine) as session:
            if session.get(Franchise, snapshot.id) is not None:
                raise InvalidInput(translate("FranchiseService", "{name} is already back.").format(name=snapshot.name))
            _refuse_taken(session, snapshot.name)
            session.add(
                Franchise(
                    id=snapshot.id,
                    name=snapshot.name,
                    description=snapshot.description,
                    followed=snapshot.followed,
                    created_at=snapshot.created_at,
                )
            )
            session.flush()
            back = []
            for s in session.exec(select(Series).where(col(Series.id).in_(snapshot.members))):
                if s.franchise_id is None:
                    s.franchise_id = snapshot.id
                    session.add(s)
                    back.append(saved_id(s.id))
        return snapshot.id, _franchise_changes(back)

    # -- members ------------------------------------------------------------------------------
    def add_member(self, franchise_id: int, series_id: int) -> tuple[Joined | None, Changes]:
        """Put a series in the franchise (out of the one it was in, if any). In a followed
        franchise it is followed and an alert says so. None when it was a member already.
        Undo: ``undo_join``."""
        with session_scope(self.engine) as session:
            _franchise(session, franchise_id)
            mates = _members(session, franchise_id)
            joined = join_franchise(session, series_id, franchise_id, now=self.clock())
            if joined is not None and joined.previous_franchise_id is not None:
                mates |= _members(session, joined.previous_franchise_id)
        if joined is None:
            return None, Changes()
        return joined, joined_changes(joined) | Changes(series=frozenset(mates))

    def undo_join(self, joined: Joined) -> Changes:
        """Take back a join: the series goes back where it was, is unfollowed if the join followed
        it, and the alert it raised goes (a later join may raise it again)."""
        with session_scope(self.engine) as session:
            series = session.get(Series, joined.series_id)
            if series is None:
                return Changes()
            touched = {joined.series_id} | _members(session, joined.franchise_id)
            if series.franchise_id == joined.franchise_id:
                previous = joined.previous_franchise_id
                if previous is not None and session.get(Franchise, previous) is None:
                    previous = None
                series.franchise_id = previous
                session.add(series)
                if previous is not None:
                    touched |= _members(session, previous)
            removed: frozenset[int] = frozenset()
            if joined.followed and (entry := session.get(LibraryEntry, joined.series_id)) is not None:
                session.delete(entry)
                removed = frozenset({joined.series_id})
            alert = session.get(Announcement, joined.alert_id) if joined.alert_id is not None else None
            if alert is not None:
                session.delete(alert)
        return Changes(series=frozenset(touched), removed=removed, announcements=alert is not None)

    def remove_member(self, series_id: int) -> tuple[int | None, Changes]:
        """Take a series out of its franchise (it stays in the library, with its relations).
        Returns the franchise it was in; undo: ``restore_member``."""
        with session_scope(self.engine) as session:
            series = session.get(Series, series_id)
            if series is None:
                raise NotFound(translate("FranchiseService", "There is no series with id {id}.").format(id=series_id))
            previous = series.franchise_id
            if previous is None:
                return None, Changes()
            mates = _members(session, previous)
            series.franchise_id = None
            session.add(series)
        return previous, Changes(series=frozenset(mates | {series_id}))

    def restore_member(self, series_id: int, franchise_id: int) -> Changes:
        """Put a series back in the franchise it was taken out of, quietly (no follow, no alert)."""
        with session_scope(self.engine) as session:
            series = session.get(Series, series_id)
            if series is None:
                raise NotFound(translate("FranchiseService", "There is no series with id {id}.").format(id=series_id))
            _franchise(session, franchise_id)
            series.franchise_id = franchise_id
            session.add(series)
            mates = _members(session, franchise_id)
        return Changes(series=frozenset(mates | {series_id}))

    # -- relations ----------------------------------------------------------------------------
    def add_relation(self, from_id: int, kind: RelationKind | str, to_id: int) -> tuple[Joined | None, Changes]:
        """``from_id`` <kind> ``to_id`` ("Ballard", spin_off_of, "Bosch"), checked as the
        catalogue checks: both exist, not to itself, not twice, never its own ancestor. When only
        one of the two is in a franchise, the other joins it (``Joined``, else None).
        Undo: ``remove_relation``, then ``undo_join`` with the ``Joined``."""
        kind = _kind(kind)
        with session_scope(self.engine) as session:
            _add_relation(session, from_id, kind, to_id)
            joined = join_by_relation(session, from_id, to_id, now=self.clock())
            touched = _members_of_either(session, from_id, to_id)
        return joined, joined_changes(joined) | Changes(series=frozenset(touched | {from_id, to_id}))

    def remove_relation(self, from_id: int, kind: RelationKind | str, to_id: int) -> Changes:
        """Franchise membership stays. Undo: ``add_relation`` (it will not join anything: the
        series are where they were)."""
        kind = _kind(kind)
        with session_scope(self.engine) as session:
            found = _find_relation(session, from_id, kind, to_id)
            if found is None:
                for sid in (from_id, to_id):
                    if session.get(Series, sid) is None:
                        raise NotFound(translate("FranchiseService", "There is no series with id {id}.").format(id=sid))
                raise InvalidInput(translate("FranchiseService", "These two series are not related that way."))
            session.delete(found)
            touched = _members_of_either(session, from_id, to_id)
        return Changes(series=frozenset(touched | {from_id, to_id}))

    # -- following ----------------------------------------------------------------------------
    def follow_franchise(self, franchise_id: int) -> tuple[FranchiseFollow, Changes]:
        """Follow the franchise and every member not followed yet (plan to watch); a series that
        joins it later is followed then. Undo: ``undo_follow``."""
        now = self.clock()
        with session_scope(self.engine) as session:
            f = _franchise(session, franchise_id)
            was = f.followed
            f.followed = True
            session.add(f)
            members = _members(session, franchise_id)
            have = set(session.exec(select(LibraryEntry.series_id).where(col(LibraryEntry.series_id).in_(members))))
            new = sorted(members - have)
            session.add_all(
                LibraryEntry(series_id=sid, state=ViewerState.PLAN_TO_WATCH.value, added_at=now) for sid in new
            )
        result = FranchiseFollow(franchise_id, was, tuple(new))
        return result, Changes(series=frozenset(members), added=frozenset(new), everything=not members)

    def unfollow_franchise(self, franchise_id: int, *, unfollow: Iterable[int] = ()) -> Changes:
        """Stop following the franchise: no series is followed because it joins. Its series stay
        followed, except those in ``unfollow`` (members only), which leave the library."""
        with session_scope(self.engine) as session:
            f = _franchise(session, franchise_id)
            f.followed = False
            session.add(f)
            members = _members(session, franchise_id)
            gone = []
            for sid in set(unfollow) & members:
                entry = session.get(LibraryEntry, sid)
                if entry is not None:
                    session.delete(entry)
                    gone.append(sid)
        return Changes(series=frozenset(members), removed=frozenset(gone), everything=not members)

    def undo_follow(self, follow: FranchiseFollow) -> Changes:
        if follow.was_followed:
            return Changes()
        return self.unfollow_franchise(follow.franchise_id, unfollow=follow.followed)


# -- helpers -----------------------------------------------------------------------------------


def _franchise(session: Session, franchise_id: int, *, lock: bool = False) -> Franchise:
    if lock:
        write_first(session)
    f = session.get(Franchise, franchise_id, with_for_update=lock)
    if f is None:
        raise NotFound(translate("FranchiseService", "There is no franchise with id {id}.").format(id=franchise_id))
    return f


def _members(session: Session, franchise_id: int) -> set[int]:
    return set(session.exec(select(not_null(Series.id)).where(Series.franchise_id == franchise_id)))


def _members_of_either(session: Session, *series_ids: int) -> set[int]:
    franchises = {
        fid
        for fid in session.exec(select(Series.franchise_id).where(col(Series.id).in_(series_ids)))
        if fid is not None
    }
    return (
        set(session.exec(select(not_null(Series.id)).where(col(Series.franchise_id).in_(franchises))))
        if franchises
        else set()
    )


def _franchise_changes(members: Iterable[int]) -> Changes:
    members = frozenset(members)
    return Changes(series=members, everything=not members)


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput(translate("FranchiseService", "A franchise needs a name."))
    if len(name) > MAX_TITLE:
        raise InvalidInput(
            translate("FranchiseService", "A franchise name can be at most {count} characters long.").format(
                count=MAX_TITLE
            )
        )
    return name


def _clean_description(text: str) -> str:
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise InvalidInput(
            translate("FranchiseService", "The description can be at most {count} characters long.").format(
                count=MAX_TEXT
            )
        )
    return text


def _refuse_taken(session: Session, name: str) -> None:
    key = name.casefold()
    for existing in session.exec(select(Franchise.name)):
        if " ".join(existing.split()).casefold() == key:
            raise InvalidInput(
                translate("FranchiseService", "There is a franchise called “{name}” already.").format(name=existing)
            )


def _kind(kind: RelationKind | str) -> RelationKind:
    try:
        return RelationKind(kind)
    except ValueError:
        allowed = ", ".join(k.value for k in RelationKind)
        raise InvalidInput(
            translate("FranchiseService", "Unknown relation {kind}; use one of: {allowed}.").format(
                kind=repr(kind), allowed=allowed
            )
        ) from None


def _progress(session: Session, ids: list[int], now: datetime, today: date) -> dict[int, tuple[int, int]]:
    """(watched, aired) regular episodes per series, by the rules of domain.progress: out once its
    UTC air time has passed, with only a date on that day; a watched episode counts as out."""
    if not ids:
        return {}
    watched = func.max(case((col(Viewing.id).is_not(None), 1), else_=0))
    per_episode = (
        # sqlmodel types select() for at most 4 columns: these rows are untyped
        select(Episode.series_id, Episode.id, Episode.airstamp, Episode.air_date, watched.label("w"))  # type: ignore[call-overload]
        .join(Viewing, Viewing.episode_id == Episode.id, isouter=True)
        .where(col(Episode.series_id).in_(ids), Episode.season > 0)
        .group_by(Episode.id)
    )
    out: dict[int, list[int]] = {}
    for sid, _eid, airstamp, air_date, w in session.exec(per_episode):
        if airstamp is not None:
            stamp = airstamp if airstamp.tzinfo else airstamp.replace(tzinfo=UTC)
            aired = stamp <= now
        else:
            aired = air_date is not None and air_date <= today
        got = out.setdefault(sid, [0, 0])
        got[0] += bool(w)
        got[1] += bool(w or aired)
    return {sid: (w, a) for sid, (w, a) in out.items()}


__all__ = ["FranchiseService"]
