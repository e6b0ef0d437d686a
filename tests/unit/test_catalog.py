"""Adding series by hand, relations, and delete with undo."""

from __future__ import annotations

from pathlib import Path

import pytest

from watchtracker.domain.dates import DatePrecision
from watchtracker.domain.enums import LifecycleStatus, RelationKind
from watchtracker.domain.inputs import SeriesInput
from watchtracker.errors import InvalidInput
from watchtracker.services.example import load_example

pytestmark = pytest.mark.both_backends

SMALL = Path(__file__).parent.parent / "fixtures" / "small-library.json"


@pytest.fixture
def small(services):
    load_example(services.engine, SMALL)
    return services


@pytest.mark.parametrize(
    "premiere, precision, label",
    [
        ("2026", DatePrecision.YEAR, "2026"),
        ("Spring 2026", DatePrecision.PART, "Spring 2026"),
        ("2026-05-06", DatePrecision.DAY, "6 May 2026"),
    ],
)
def test_add_an_announced_spin_off_by_hand(small, premiere, precision, label):
    alpha = small.library.find("Alpha")
    sid, changes = small.catalog.add_series(
        SeriesInput(
            title="  Alpha:   Origins ",
            status="announced",
            premiere=premiere,
            network="Streamer",
            relation_kind=RelationKind.SPIN_OFF_OF,
            related_series_id=alpha,
        )
    )
    assert changes.added == {sid}
    d = small.library.detail(sid)
    assert d.title == "Alpha: Origins"  # spaces tidied
    assert (d.status, d.premiere.precision, d.premiere.label()) == (LifecycleStatus.ANNOUNCED, precision, label)
    assert d.followed
    assert [(r.title, r.label) for r in d.related if r.direct] == [("Alpha", "Spin-off of")]
    # it joins its parent's franchise, and meets its sibling there
    assert d.franchise == "Test universe"
    assert ("Gamma", "Also a spin-off of Alpha") in [(r.title, r.label) for r in d.related]
    assert any(r.title == "Alpha: Origins" and r.label == "Spin-off" for r in small.library.detail(alpha).related)


@pytest.mark.parametrize(
    "data, message",
    [
        (SeriesInput(title="   "), "needs a title"),
        (SeriesInput(title="x" * 301), "at most 300"),
        (SeriesInput(title="X", premiere="next year-ish"), "Premiere date"),
        (SeriesInput(title="X", premiere="2026-02-31"), "has no day 31"),
        (SeriesInput(title="X", status="renewed"), "Unknown status"),
        (SeriesInput(title="X", related_series_id=1, relation_kind="cousin_of"), "Unknown relation"),
    ],
)
def test_form_nonsense_is_refused_and_nothing_is_written(small, data, message):
    before = small.library.titles()
    with pytest.raises(InvalidInput, match=message):
        small.catalog.add_series(data)
    assert small.library.titles() == before


def test_relations_refuse_self_duplicates_and_cycles(small):
    cat, lib = small.catalog, small.library
    alpha, gamma = lib.find("Alpha"), lib.find("Gamma")
    with pytest.raises(InvalidInput, match="itself"):
        cat.add_relation(alpha, RelationKind.SEQUEL_OF, alpha)
    with pytest.raises(InvalidInput, match="already related"):
        cat.add_relation(gamma, RelationKind.SPIN_OFF_OF, alpha)
    with pytest.raises(InvalidInput, match="its own ancestor"):
        cat.add_relation(alpha, RelationKind.SPIN_OFF_OF, gamma)  # gamma is already a spin-off of alpha
    cat.add_relation(alpha, RelationKind.SAME_UNIVERSE, gamma)  # undirected: fine


def test_edit_changes_fields_and_keeps_history(small):
    lib = small.library
    alpha = lib.find("Alpha")
    small.catalog.edit_series(
        alpha, SeriesInput(title="Alpha", status="ended", premiere="2025-01-10", network="Channel A2")
    )
    d = lib.detail(alpha)
    assert (d.status, d.network) == (LifecycleStatus.ENDED, "Channel A2")
    assert lib.library([alpha])[0].episodes_watched == 2


def test_delete_then_restore_gives_back_everything(small):
    lib, cat = small.library, small.catalog
    alpha = lib.find("Alpha")
    lib.update_entry(alpha, rating=9, notes="keep me")
    before = lib.detail(alpha)
    before_row = lib.library([alpha])[0]
    snapshot, changes = cat.delete_series(alpha)
    assert changes.removed == {alpha}
    assert "Alpha" not in {t for _, t in lib.titles()}
    assert [r.title for r in lib.detail(lib.find("Gamma")).related] == ["Beta"]  # only the franchise is left
    assert lib.detail(lib.find("Gamma")).announcements[0].series == ("Gamma",)

    new_id, _ = cat.restore_series(snapshot)
    after = lib.detail(new_id)
    assert after.title == before.title and after.rating == 9 and after.notes == "keep me"
    assert [(e.code, e.plays, e.last_watched) for e in after.episodes()] == [
        (e.code, e.plays, e.last_watched) for e in before.episodes()
    ]
    assert {(r.title, r.label) for r in after.related} == {(r.title, r.label) for r in before.related}
    assert [a.headline for a in after.announcements] == [a.headline for a in before.announcements]
    assert after.cast == before.cast
    row = lib.library([new_id])[0]
    assert (row.episodes_watched, row.episodes_aired, row.next_episode) == (
        before_row.episodes_watched,
        before_row.episodes_aired,
        before_row.next_episode,
    )


def test_relations_can_be_looked_up_and_removed(small):
    cat, lib = small.catalog, small.library
    alpha, gamma = lib.find("Alpha"), lib.find("Gamma")
    assert cat.has_relation(gamma, RelationKind.SPIN_OFF_OF, alpha)
    assert not cat.has_relation(alpha, RelationKind.SPIN_OFF_OF, gamma)
    assert cat.remove_relation(gamma, RelationKind.SPIN_OFF_OF, alpha).series == {alpha, gamma}
    assert not cat.has_relation(gamma, RelationKind.SPIN_OFF_OF, alpha)
    assert not cat.remove_relation(gamma, RelationKind.SPIN_OFF_OF, alpha)  # nothing left to remove


def test_undo_chains_across_a_delete_find_the_same_rows(example):
    """Rewatch, delete, undo the delete, undo the rewatch: the very viewing added goes."""
    lib, cat = example.library, example.catalog
    bosch = lib.find("Bosch")
    e1, e5 = (lib.select_episodes(bosch, episode=c)[0] for c in ("S01E01", "S01E05"))
    assert (e1.plays, e5.plays) == (2, 1)
    rewatch = lib.rewatch([e5.id])
    snapshot, _ = cat.delete_series(bosch)
    restored, _ = cat.restore_series(snapshot)
    assert restored == bosch  # the same id again
    lib.remove_viewings(rewatch.added)
    plays = {e.code: e.plays for e in lib.detail(bosch).episodes()}
    assert (plays[e1.code], plays[e5.code]) == (2, 1)


def test_two_deletes_undone_in_turn_keep_the_relation_between_them(example):
    lib, cat = example.library, example.catalog
    legacy, bosch = lib.find("Bosch: Legacy"), lib.find("Bosch")
    first, _ = cat.delete_series(legacy)
    second, _ = cat.delete_series(bosch)
    cat.restore_series(second)
    cat.restore_series(first)
    direct = [(r.title, r.label) for r in lib.detail(legacy).related if r.direct]
    assert direct == [("Bosch", "Spin-off of")]


def test_ids_are_not_reused_after_a_delete(small):
    cat = small.catalog
    newest, _ = cat.add_series(SeriesInput(title="Newest"))
    snapshot, _ = cat.delete_series(newest)
    another, _ = cat.add_series(SeriesInput(title="Another"))
    assert another != newest
    assert cat.restore_series(snapshot)[0] == newest
