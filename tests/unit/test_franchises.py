"""FranchiseService: the franchise as a graph with its orders, editing franchises, members and
relations with validation and undo, following a franchise, and the join hook (follow + one alert)."""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine
from sqlmodel import Session, select

from tests.conftest import NOW
from watchtracker.domain.dates import PartialDate, parse_partial_date
from watchtracker.domain.enums import AnnouncementKind, LifecycleStatus, RelationKind, ViewerState
from watchtracker.domain.franchise import (
    FranchiseEdge,
    FranchiseNode,
    build_tree,
    release_key,
    release_order,
    watch_order,
)
from watchtracker.domain.inputs import SeriesInput
from watchtracker.errors import InvalidInput, NotFound
from watchtracker.services.alerts import LIBRARY_SOURCE
from watchtracker.services.catalog import join_fingerprint
from watchtracker.services.franchises import FranchiseService
from watchtracker.storage.database import alembic_config, head_revision, open_database, session_scope
from watchtracker.storage.tables import Announcement, AnnouncementSeries, SQLModel

pytestmark = pytest.mark.both_backends

K = RelationKind
JOIN = AnnouncementKind.FRANCHISE_JOIN


@pytest.fixture
def fs(services) -> FranchiseService:
    return FranchiseService(services.engine, clock=lambda: NOW)


def ids(services) -> dict[str, int]:
    return {title: sid for sid, title in services.library.titles()}


def join_alerts(services) -> list:
    return [a for a in services.alerts.alerts(kind=JOIN, include_dismissed=True)]


def bosch_universe(fs) -> int:
    [summary] = [f for f in fs.franchises() if f.name == "Bosch universe"]
    return summary.id


def add(services, title: str, premiere: str = "", follow: bool = False) -> int:
    sid, _ = services.catalog.add_series(
        SeriesInput(title=title, premiere=premiere, follow_state=ViewerState.PLAN_TO_WATCH if follow else None)
    )
    return sid


# -- reading: the example's Bosch universe --------------------------------------------------------


def test_the_bosch_universe_as_a_graph(example, fs):
    s = ids(example)
    [summary] = fs.franchises()
    assert summary.name == "Bosch universe" and not summary.followed
    assert summary.titles == ("Bosch", "Bosch: Legacy", "Ballard")
    assert (summary.series_count, summary.followed_count, summary.years) == (3, 3, "2014–2025")

    g = fs.franchise(summary.id)
    bosch, legacy, ballard = s["Bosch"], s["Bosch: Legacy"], s["Ballard"]
    assert [n.title for n in g.nodes] == ["Bosch", "Bosch: Legacy", "Ballard"]
    assert g.release_order == g.watch_order == g.story_order == (bosch, legacy, ballard)
    assert {(e.from_id, e.kind, e.to_id) for e in g.edges} == {
        (legacy, K.SPIN_OFF_OF, bosch),
        (ballard, K.SPIN_OFF_OF, bosch),
    }
    assert all(e.label == "Spin-off of" for e in g.edges)
    # a tree: Bosch with its two spin-offs under it, in release order
    [root] = g.tree
    assert root.series_id == bosch and root.kind is None
    assert [(c.series_id, c.kind) for c in root.children] == [(legacy, K.SPIN_OFF_OF), (ballard, K.SPIN_OFF_OF)]
    assert g.years == "2014–2025"

    nodes = {n.title: n for n in g.nodes}
    assert (nodes["Bosch"].years, nodes["Bosch: Legacy"].years, nodes["Ballard"].years) == (
        "2014–2021",
        "2022–2025",
        "2025–",  # out, renewed, not ended
    )
    assert nodes["Ballard"].premiere_label == "9 July 2025"
    assert nodes["Ballard"].status is LifecycleStatus.HIATUS and nodes["Ballard"].followed
    assert nodes["Ballard"].state is ViewerState.WATCHING
    assert nodes["Bosch"].state is ViewerState.COMPLETED
    # progress as the library counts it
    for row in example.library.library():
        n = g.node(row.series_id)
        assert (n.watched, n.aired) == (row.episodes_watched, row.episodes_aired)
    assert nodes["Bosch"].progress == 1.0 and (nodes["Ballard"].watched, nodes["Ballard"].aired) == (4, 10)

    # an announced member nobody follows yet (as Ballard was before it came out): its year alone
    origins = add(example, "Bosch: Origins", "2027")
    fs.add_member(summary.id, origins)
    later = fs.franchise(summary.id).node(origins)
    assert later.premiere_label == later.years == "2027"  # at its precision, never a fake day
    assert later.status is LifecycleStatus.ANNOUNCED and not later.followed and later.state is None
    assert (later.watched, later.aired) == (0, 0)


def test_an_unknown_franchise_is_not_found(services, fs):
    with pytest.raises(NotFound, match="There is no franchise with id 999."):
        fs.franchise(999)


# -- the orders (pure rules) -------------------------------------------------------------------


def node(sid: int, title: str, premiere: str | None) -> FranchiseNode:
    return FranchiseNode(
        sid, title, LifecycleStatus.ENDED, parse_partial_date(premiere) if premiere else None, None, False, None, 0, 0
    )


def test_release_order_puts_a_rough_date_at_the_end_of_its_span_and_unknown_last():
    nodes = [
        node(1, "Year", "2025"),
        node(2, "Spring", "Spring 2025"),
        node(3, "May", "May 2025"),
        node(4, "Day", "2025-03-01"),
        node(5, "Old", "2024-12-31"),
        node(6, "B unknown", None),
        node(7, "A unknown", None),
        node(8, "Next year", "2026-01-01"),
        node(9, "Dec day", "2025-12-31"),
    ]
    assert release_order(nodes) == (5, 4, 3, 2, 9, 1, 8, 7, 6)
    # a span that ends the same day as an exact date: the exact one first
    assert release_key(PartialDate(2025, 12, 31), "x") < release_key(PartialDate(2025), "x")


def test_watch_order_follows_the_relations_and_prequels_differ_in_story_order():
    nodes = [
        node(1, "Original", "2010"),
        node(2, "Sequel", "2012"),
        node(3, "Prequel", "2015"),
        node(4, "Spin-off of the sequel", "2020"),
        node(5, "Same universe", "2008"),
        node(6, "Revival", None),
    ]
    edges = [
        FranchiseEdge(2, 1, K.SEQUEL_OF),
        FranchiseEdge(3, 1, K.PREQUEL_OF),
        FranchiseEdge(4, 2, K.SPIN_OFF_OF),
        FranchiseEdge(5, 1, K.SAME_UNIVERSE),
        FranchiseEdge(6, 1, K.REVIVAL_OF),
    ]
    assert release_order(nodes) == (5, 1, 2, 3, 4, 6)
    assert watch_order(nodes, edges) == (5, 1, 2, 3, 4, 6)  # the prequel where it was released
    assert watch_order(nodes, edges, story=True) == (5, 3, 1, 2, 4, 6)  # the prequel first


def test_watch_order_puts_the_original_first_even_when_dated_later():
    nodes = [node(1, "Original", "2019"), node(2, "Spin-off", "2018"), node(3, "Remake", "2001")]
    edges = [FranchiseEdge(2, 1, K.SPIN_OFF_OF), FranchiseEdge(3, 1, K.REMAKE_OF)]
    assert release_order(nodes) == (3, 2, 1)
    assert watch_order(nodes, edges) == (1, 3, 2)


def test_contradicting_relations_still_give_a_complete_story_order():
    nodes = [node(1, "A", "2010"), node(2, "B", "2015")]
    edges = [FranchiseEdge(2, 1, K.PREQUEL_OF), FranchiseEdge(2, 1, K.SPIN_OFF_OF)]
    assert watch_order(nodes, edges) == (1, 2)
    assert sorted(watch_order(nodes, edges, story=True)) == [1, 2]


def test_tree_has_each_series_once_under_its_earliest_parent():
    nodes = [node(1, "A", "2010"), node(2, "B", "2012"), node(3, "C", "2015"), node(4, "D", "2016")]
    edges = [
        FranchiseEdge(3, 2, K.SPIN_OFF_OF),
        FranchiseEdge(3, 1, K.SEQUEL_OF),
        FranchiseEdge(2, 1, K.SPIN_OFF_OF),
        FranchiseEdge(4, 1, K.SAME_UNIVERSE),
    ]
    tree = build_tree(nodes, edges)
    assert [(t.series_id, [(c.series_id, c.kind) for c in t.children]) for t in tree] == [
        (1, [(2, K.SPIN_OFF_OF), (3, K.SEQUEL_OF)]),
        (4, []),
    ]
    # a loop in old data does not lose anyone
    looped = build_tree(nodes[:2], [FranchiseEdge(1, 2, K.SEQUEL_OF), FranchiseEdge(2, 1, K.SEQUEL_OF)])

    def walk(items):
        for t in items:
            yield t.series_id
            yield from walk(t.children)

    assert sorted(walk(looped)) == [1, 2]


def test_a_generated_library_of_franchises(services, fs):
    """Random universes built through the service: every order is complete and respects the
    relations, and the tree holds each member once."""
    rng = random.Random(5)
    for u in range(6):
        fid, _ = fs.create_franchise(f"Universe {u}")
        members: list[int] = []
        for i in range(rng.randint(1, 9)):
            premiere = rng.choice(
                [
                    "",
                    f"{rng.randint(1990, 2027)}",
                    f"Spring {rng.randint(1990, 2027)}",
                    f"{rng.randint(1990, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                ]
            )
            sid = add(services, f"U{u} series {i}", premiere)
            if members and rng.random() < 0.8:
                kind = rng.choice(list(K))
                fs.add_relation(sid, kind, rng.choice(members))  # joins the franchise by the relation
            else:
                fs.add_member(fid, sid)
            members.append(sid)
    for summary in fs.franchises():
        g = fs.franchise(summary.id)
        ids_ = {n.series_id for n in g.nodes}
        assert len(g.nodes) == summary.series_count
        for order in (g.release_order, g.watch_order, g.story_order):
            assert sorted(order) == sorted(ids_)
        keys = [release_key(n.premiere, n.title) for n in g.nodes]
        assert keys == sorted(keys)
        where = {sid: i for i, sid in enumerate(g.watch_order)}
        for e in g.edges:
            if e.directed and e.kind is not K.PREQUEL_OF:
                assert where[e.to_id] < where[e.from_id], (e, g.watch_order)

        def walk(items):
            for t in items:
                yield t.series_id
                yield from walk(t.children)

        assert sorted(walk(g.tree)) == sorted(ids_)


# -- editing franchises ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, message",
    [
        ("   ", "A franchise needs a name."),
        ("x" * 301, "A franchise name can be at most 300 characters long."),
        (" bosch   UNIVERSE ", "There is a franchise called “Bosch universe” already."),
    ],
)
def test_franchise_names_are_checked_and_nothing_is_written(example, fs, name, message):
    with pytest.raises(InvalidInput, match=message):
        fs.create_franchise(name)
    with pytest.raises(InvalidInput, match=message if "already" not in message else "already"):
        other, _ = fs.create_franchise("Other")
        try:
            fs.rename_franchise(other, name)
        finally:
            fs.delete_franchise(other)
    assert [f.name for f in fs.franchises()] == ["Bosch universe"]


def test_a_long_description_is_refused(services, fs):
    with pytest.raises(InvalidInput, match="The description can be at most 20000 characters long."):
        fs.create_franchise("Long", "x" * 20_001)


def test_create_rename_delete_and_restore(example, fs):
    s = ids(example)
    fid, changes = fs.create_franchise("  Harry   Bosch  ", "Connelly on screen")
    assert changes.everything  # nobody in it: the views hear of it anyway
    assert fs.franchise(fid).name == "Harry Bosch" and fs.franchise(fid).nodes == ()
    before, changes = fs.rename_franchise(fid, "harry bosch")  # a change of case only is fine
    assert before == ("Harry Bosch", "Connelly on screen")
    assert fs.franchise(fid).name == "harry bosch"

    universe = bosch_universe(fs)
    before, changes = fs.rename_franchise(universe, "The Bosch-verse", "new words")
    assert changes.series == {s["Bosch"], s["Bosch: Legacy"], s["Ballard"]} and not changes.everything
    assert example.library.detail(s["Bosch"]).franchise == "The Bosch-verse"
    fs.rename_franchise(universe, *before)  # undo
    assert fs.franchise(universe).description.startswith("Amazon")

    fs.follow_franchise(universe)
    snapshot, changes = fs.delete_franchise(universe)
    assert changes.series == set(snapshot.members) == {s["Bosch"], s["Bosch: Legacy"], s["Ballard"]}
    assert example.library.detail(s["Bosch"]).franchise is None
    assert len(example.library.titles()) == 3  # the series stay, and their relations
    assert [(r.title, r.direct) for r in example.library.detail(s["Ballard"]).related] == [
        ("Bosch", True),
        ("Bosch: Legacy", False),
    ]
    restored, changes = fs.restore_franchise(snapshot)
    assert restored == universe and changes.series == set(snapshot.members)
    g = fs.franchise(universe)
    assert g.followed and g.release_order == (s["Bosch"], s["Bosch: Legacy"], s["Ballard"])
    assert join_alerts(example) == []  # coming back is not news
    with pytest.raises(InvalidInput, match="already back"):
        fs.restore_franchise(snapshot)


# -- members and relations ---------------------------------------------------------------------


def test_add_and_remove_members_with_undo(example, fs):
    s = ids(example)
    universe = bosch_universe(fs)
    other, _ = fs.create_franchise("Connelly")
    joined, changes = fs.add_member(other, s["Ballard"])  # moved out of the Bosch universe
    assert joined.previous_franchise_id == universe and not joined.followed and joined.alert_id is None
    assert {s["Ballard"], s["Bosch"], s["Bosch: Legacy"]} <= changes.series
    assert fs.franchise(universe).release_order == (s["Bosch"], s["Bosch: Legacy"])
    assert fs.add_member(other, s["Ballard"]) == (None, type(changes)())  # a member already: nothing
    fs.undo_join(joined)
    assert fs.franchise_of(s["Ballard"]) == universe

    previous, changes = fs.remove_member(s["Ballard"])
    assert previous == universe and fs.franchise_of(s["Ballard"]) is None
    assert s["Bosch"] in changes.series
    assert fs.remove_member(s["Ballard"]) == (None, type(changes)())
    fs.restore_member(s["Ballard"], previous)
    assert fs.franchise(universe).release_order == (s["Bosch"], s["Bosch: Legacy"], s["Ballard"])
    assert [n.title for n in fs.franchise(universe).nodes] == ["Bosch", "Bosch: Legacy", "Ballard"]
    assert fs.candidates(universe) == []


def test_member_errors(example, fs):
    universe = bosch_universe(fs)
    with pytest.raises(NotFound, match="There is no series with id 999."):
        fs.add_member(universe, 999)
    with pytest.raises(NotFound, match="There is no franchise with id 999."):
        fs.add_member(999, ids(example)["Bosch"])
    with pytest.raises(NotFound, match="There is no series with id 999."):
        fs.remove_member(999)
    with pytest.raises(NotFound, match="There is no franchise with id 999."):
        fs.restore_member(ids(example)["Bosch"], 999)


@pytest.mark.parametrize(
    "relation, error, message",
    [
        (("Bosch", K.SEQUEL_OF, "Bosch"), InvalidInput, "A series cannot be related to itself."),
        (("Ballard", K.SPIN_OFF_OF, "Bosch"), InvalidInput, "These two series are already related that way."),
        (("Bosch", K.SEQUEL_OF, "Ballard"), InvalidInput, "That relation would make a series its own ancestor."),
        (("Bosch", K.PREQUEL_OF, "Bosch: Legacy"), InvalidInput, "That relation would make a series its own ancestor."),
        (("Bosch", "cousin_of", "Ballard"), InvalidInput, "Unknown relation 'cousin_of'; use one of: spin_off_of"),
        (("Bosch", K.SEQUEL_OF, 999), NotFound, "There is no series with id 999."),
        ((999, K.SEQUEL_OF, "Bosch"), NotFound, "There is no series with id 999."),
    ],
)
def test_relation_errors_change_nothing(example, fs, relation, error, message):
    s = ids(example)
    a, kind, b = relation
    before = fs.franchise(bosch_universe(fs))
    with pytest.raises(error, match=message):
        fs.add_relation(s.get(a, a), kind, s.get(b, b))
    assert fs.franchise(bosch_universe(fs)) == before


def test_same_universe_is_undirected_so_may_go_both_ways(example, fs):
    s = ids(example)
    fs.add_relation(s["Bosch"], K.SAME_UNIVERSE, s["Ballard"])
    fs.add_relation(s["Ballard"], K.SAME_UNIVERSE, s["Bosch"])
    assert sum(e.kind is K.SAME_UNIVERSE for e in fs.franchise(bosch_universe(fs)).edges) == 2
    assert fs.franchise(bosch_universe(fs)).edges[0].kind is not K.SAME_UNIVERSE  # directed first


def test_remove_relation_and_its_errors(example, fs):
    s = ids(example)
    changes = fs.remove_relation(s["Ballard"], K.SPIN_OFF_OF, s["Bosch"])
    assert {s["Ballard"], s["Bosch"], s["Bosch: Legacy"]} <= changes.series
    assert fs.franchise_of(s["Ballard"]) == bosch_universe(fs)  # membership stays
    g = fs.franchise(bosch_universe(fs))
    assert [t.series_id for t in g.tree] == [s["Bosch"], s["Ballard"]]  # a root of its own now
    with pytest.raises(InvalidInput, match="These two series are not related that way."):
        fs.remove_relation(s["Ballard"], K.SPIN_OFF_OF, s["Bosch"])
    with pytest.raises(NotFound, match="There is no series with id 999."):
        fs.remove_relation(999, K.SPIN_OFF_OF, s["Bosch"])
    with pytest.raises(InvalidInput, match="Unknown relation"):
        fs.remove_relation(s["Ballard"], "cousin_of", s["Bosch"])
    joined, _ = fs.add_relation(s["Ballard"], K.SPIN_OFF_OF, s["Bosch"])  # undo: no join, already in
    assert joined is None


def test_a_relation_to_a_member_brings_a_loose_series_in(example, fs):
    s = ids(example)
    loose = add(example, "The Lincoln Lawyer", "2022-05-13")
    joined, changes = fs.add_relation(loose, K.SAME_UNIVERSE, s["Bosch"])
    assert joined is not None and joined.previous_franchise_id is None
    assert not joined.followed and joined.alert_id is None  # the franchise is not followed
    assert fs.franchise(bosch_universe(fs)).release_order == (s["Bosch"], s["Bosch: Legacy"], loose, s["Ballard"])
    assert loose in changes.series and s["Bosch"] in changes.series
    # undo: remove the relation, then the join
    fs.remove_relation(loose, K.SAME_UNIVERSE, s["Bosch"])
    fs.undo_join(joined)
    assert fs.franchise_of(loose) is None


# -- following a franchise, and the join hook ----------------------------------------------------


def test_following_a_franchise_follows_its_series_and_undo_unfollows_only_those(example, fs):
    s = ids(example)
    universe = bosch_universe(fs)
    example.library.unfollow(s["Ballard"])  # the example follows it: here it is left to the franchise
    follow, changes = fs.follow_franchise(universe)
    assert follow.followed == (s["Ballard"],) and not follow.was_followed
    assert changes.added == {s["Ballard"]}
    assert example.library.detail(s["Ballard"]).state is ViewerState.PLAN_TO_WATCH
    assert fs.franchise(universe).followed and fs.franchises()[0].followed_count == 3
    assert join_alerts(example) == []  # following is not joining
    again, changes = fs.follow_franchise(universe)
    assert again.followed == () and again.was_followed and not changes.added
    assert fs.undo_follow(again) == type(changes)()

    changes = fs.undo_follow(follow)
    assert changes.removed == {s["Ballard"]}
    assert not fs.franchise(universe).followed
    assert {t for _, t in [(r.series_id, r.title) for r in example.library.library()]} == {"Bosch", "Bosch: Legacy"}


def test_unfollowing_a_franchise_keeps_its_series_followed(example, fs):
    universe = bosch_universe(fs)
    fs.follow_franchise(universe)
    changes = fs.unfollow_franchise(universe)
    assert not changes.removed and len(example.library.library()) == 3
    later = add(example, "Bosch: Origins")
    fs.add_member(universe, later)
    assert not example.library.detail(later).followed and join_alerts(example) == []


def test_following_an_empty_franchise(services, fs):
    fid, _ = fs.create_franchise("Empty")
    follow, changes = fs.follow_franchise(fid)
    assert follow.followed == () and changes.everything
    with pytest.raises(NotFound, match="There is no franchise with id 999."):
        fs.follow_franchise(999)
    with pytest.raises(NotFound, match="There is no franchise with id 999."):
        fs.unfollow_franchise(999)


def test_a_spin_off_added_by_hand_joins_a_followed_franchise_is_followed_and_alerted(example, fs):
    s = ids(example)
    universe = bosch_universe(fs)
    fs.follow_franchise(universe)
    sid, changes = example.catalog.add_series(
        SeriesInput(
            title="Bosch: Origins",
            premiere="2027",
            relation_kind=K.PREQUEL_OF,
            related_series_id=s["Bosch"],
            follow_state=None,
        )
    )
    assert changes.added == {sid} and changes.announcements
    d = example.library.detail(sid)
    assert d.followed and d.state is ViewerState.PLAN_TO_WATCH and d.franchise == "Bosch universe"
    [alert] = join_alerts(example)
    assert alert.headline == "Bosch: Origins joined Bosch universe"
    assert alert.summary == "You follow Bosch universe, so Bosch: Origins is followed too."
    assert alert.source == LIBRARY_SOURCE == "Your library"
    assert alert.series == ((sid, "Bosch: Origins"),) and not alert.read and not alert.muted
    assert alert.kind.label == "Joined a franchise"
    assert fs.franchise(universe).story_order[0] == sid  # a prequel: first in story order
    assert fs.franchise(universe).watch_order[-1] == sid

    # deleting it takes the stale alert along; undoing the delete brings both back
    snapshot, _ = example.catalog.delete_series(sid)
    assert join_alerts(example) == []
    example.catalog.restore_series(snapshot)
    assert [a.id for a in join_alerts(example)] == [alert.id]
    assert example.alerts.alert(alert.id).series == ((sid, "Bosch: Origins"),)


def test_the_join_alert_is_raised_once_per_series_and_franchise(example, fs):
    s = ids(example)
    universe = bosch_universe(fs)
    fs.follow_franchise(universe)
    loose = add(example, "The Lincoln Lawyer", follow=True)
    joined, changes = fs.add_relation(loose, K.SAME_UNIVERSE, s["Bosch"])
    assert joined.alert_id is not None and not joined.followed  # followed already: still news
    assert changes.announcements and not changes.added
    [alert] = join_alerts(example)
    assert alert.summary == "You follow Bosch universe; The Lincoln Lawyer is in your library already."
    # out and in again: no second alert
    fs.remove_member(loose)
    again, changes = fs.add_member(universe, loose)
    assert again is not None and again.alert_id is None and not changes.announcements
    assert len(join_alerts(example)) == 1
    with Session(example.engine) as session:
        stored = session.exec(
            select(Announcement).where(Announcement.fingerprint == join_fingerprint(loose, universe))
        ).all()
        assert len(stored) == 1


def test_undoing_a_join_takes_back_the_follow_and_the_alert(example, fs):
    universe = bosch_universe(fs)
    fs.follow_franchise(universe)
    sid = add(example, "Renée")
    joined, changes = fs.add_member(universe, sid)
    assert joined.followed and joined.alert_id and changes.added == {sid}
    changes = fs.undo_join(joined)
    assert changes.removed == {sid} and changes.announcements
    assert fs.franchise_of(sid) is None and not example.library.detail(sid).followed
    assert join_alerts(example) == []
    redo, _ = fs.add_member(universe, sid)  # redo: the join happens again, alert and all
    assert redo.followed and redo.alert_id and len(join_alerts(example)) == 1


def test_a_series_joining_an_unfollowed_franchise_is_neither_followed_nor_alerted(example, fs):
    sid = add(example, "Renée")
    joined, changes = fs.add_member(bosch_universe(fs), sid)
    assert not joined.followed and joined.alert_id is None and not changes.added and not changes.announcements
    assert not example.library.detail(sid).followed


def _spin_off_alert(services, parent: int, title: str) -> int:
    with session_scope(services.engine) as session:
        ann = Announcement(
            kind=AnnouncementKind.SPIN_OFF.value,
            headline=f"{title} ordered",
            source="Test",
            fingerprint=f"test:{title}",
            spin_off_title=title,
            published_at=datetime(2026, 11, 1, tzinfo=UTC),
        )
        session.add(ann)
        session.flush()
        session.add(AnnouncementSeries(announcement_id=ann.id, series_id=parent))
        return ann.id


def test_track_this_spin_off_joins_through_the_hook(example, fs):
    s = ids(example)
    universe = bosch_universe(fs)
    fs.follow_franchise(universe)
    # a new title: created as a spin-off of Bosch, in the universe, alerted
    aid = _spin_off_alert(example, s["Bosch"], "Bosch: Origins")
    sid, changes = example.alerts.track_spin_off(aid, "Bosch: Origins", s["Bosch"])
    assert sid in fs.franchise(universe).release_order and changes.announcements
    assert [a.series for a in join_alerts(example)] == [((sid, "Bosch: Origins"),)]
    # a series already there, out of the universe: it joins again through the same hook, once
    fs.remove_member(s["Ballard"])
    aid = _spin_off_alert(example, s["Bosch"], "Ballard")
    got, changes = example.alerts.track_spin_off(aid, "Ballard", s["Bosch"])
    assert got == s["Ballard"] and fs.franchise_of(got) == universe
    assert changes.announcements and s["Ballard"] in changes.series
    assert sorted(a.headline for a in join_alerts(example)) == [
        "Ballard joined Bosch universe",
        "Bosch: Origins joined Bosch universe",
    ]
    example.alerts.track_spin_off(aid, "Ballard", s["Bosch"])  # again: nothing new
    assert len(join_alerts(example)) == 2


def test_muting_the_kind_silences_join_alerts(example, fs):
    fs.follow_franchise(bosch_universe(fs))
    before = example.alerts.unread_count()
    fs.add_member(bosch_universe(fs), add(example, "Renée"))
    assert example.alerts.unread_count() == before + 1
    example.alerts.mute_kind(JOIN)
    assert example.alerts.unread_count() == before


# -- schema ------------------------------------------------------------------------------------


def test_the_schema_has_what_franchises_need_and_matches_the_models(tmp_path):
    """``franchise.followed`` is in the schema since the first migration: a library made at any
    earlier revision opens at head with it; and the models and the migrations agree."""
    path = tmp_path / "library.sqlite"
    raw = create_engine(f"sqlite:///{path}")
    with raw.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003")
        conn.exec_driver_sql(
            "INSERT INTO franchise (id, name, description, followed, created_at) VALUES (1, 'Kept', '', 0, '2020-01-01')"
        )
    raw.dispose()
    engine = open_database(path, tmp_path / "backups")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()
        assert "followed" in [r[1] for r in conn.exec_driver_sql("PRAGMA table_info(franchise)")]
        context = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        assert compare_metadata(context, SQLModel.metadata) == []
    fs = FranchiseService(engine, clock=lambda: NOW)
    follow, _ = fs.follow_franchise(1)
    assert fs.franchise(1).followed and follow.franchise_id == 1
    engine.dispose()
    con = sqlite3.connect(path)
    assert con.execute("SELECT followed FROM franchise WHERE id = 1").fetchone() == (1,)
    con.close()


def test_a_series_restored_after_its_franchise_was_deleted_comes_back_in_none(example, fs):
    s = ids(example)
    snapshot, _ = example.catalog.delete_series(s["Ballard"])
    fs.delete_franchise(bosch_universe(fs))
    sid, _ = example.catalog.restore_series(snapshot)
    assert sid == s["Ballard"] and fs.franchise_of(sid) is None
