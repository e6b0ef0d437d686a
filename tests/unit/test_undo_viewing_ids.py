"""Undoing an unmark puts the viewings back under their old ids, so an older undo further down the
stack (a mark's, a watch again's: "delete viewings #10, #11") still finds them. Without that, the
older undo deletes nothing and its episodes stay watched.

The sequences below call the service as ``ui.commands.WatchCommand`` does (mark / watch again:
``mark_watched`` or ``rewatch``, undone by ``remove_viewings`` + ``restore_states``; unmark:
``mark_unwatched``, undone by ``restore_viewings``), undoing in stack order."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select

from watchtracker.services.example import load_example
from watchtracker.services.library import LibraryService, ViewingRecord
from watchtracker.storage.tables import LibraryEntry, Viewing

pytestmark = pytest.mark.both_backends

SMALL = Path(__file__).parent.parent / "fixtures" / "small-library.json"


@pytest.fixture
def small(services):
    added, _ = load_example(services.engine, SMALL)
    assert added == 3
    return services


def snapshot(lib: LibraryService) -> tuple:
    """Every viewing (id, episode, date, source) and every library entry (series, state)."""
    with Session(lib.engine) as session:
        viewings = sorted((v.id, v.episode_id, v.watched_at, v.source) for v in session.exec(select(Viewing)))
        entries = sorted((e.series_id, e.state) for e in session.exec(select(LibraryEntry)))
    return viewings, entries


def watched(lib: LibraryService, episode_id: int) -> int:
    with Session(lib.engine) as session:
        return len(session.exec(select(Viewing).where(Viewing.episode_id == episode_id)).all())


class Step:
    """One watch command, as WatchCommand runs it."""

    def __init__(self, lib: LibraryService, action: str, ids: list[int]):
        self.lib, self.action, self.ids = lib, action, ids
        self.added: tuple[int, ...] = ()
        self.removed: tuple[ViewingRecord, ...] = ()
        self.states: tuple = ()

    def do(self) -> None:
        if self.action == "unmark":
            self.removed = self.lib.mark_unwatched(self.ids).removed
            return
        fn = self.lib.rewatch if self.action == "rewatch" else self.lib.mark_watched
        result = fn(self.ids)
        self.added, self.states = result.added, result.states_before

    def undo(self) -> None:
        if self.action == "unmark":
            self.lib.restore_viewings(self.removed)
        else:
            self.lib.remove_viewings(self.added)
            self.lib.restore_states(self.states)


def test_restore_viewings_puts_them_back_under_their_old_ids(small):
    lib = small.library
    a1 = lib.select_episodes(lib.find("Alpha"), episode="S01E01")[0]
    before = snapshot(lib)
    removed = lib.mark_unwatched([a1.id])
    assert len(removed.removed) == 2 and snapshot(lib) != before
    restored = lib.restore_viewings(removed.removed)
    assert sorted(restored.added) == sorted(r.id for r in removed.removed)
    assert snapshot(lib) == before
    assert lib.restore_viewings(removed.removed).added == ()  # already back: nothing doubled
    assert snapshot(lib) == before


def test_the_colleagues_example_mark_unmark_undo_undo(small):
    lib = small.library
    beta = lib.find("Beta")
    [b1] = [e.id for e in lib.select_episodes(beta, episode="S01E01")]
    before = snapshot(lib)
    mark, unmark = Step(lib, "mark", [b1]), Step(lib, "unmark", [b1])
    mark.do()
    unmark.do()
    assert watched(lib, b1) == 0
    unmark.undo()
    assert watched(lib, b1) == 1
    mark.undo()
    assert watched(lib, b1) == 0  # was still watched: the mark's undo found nothing to delete
    assert snapshot(lib) == before


SEQUENCES = {
    "mark, unmark": [("mark", "new"), ("unmark", "new")],
    "mark, watch again, unmark": [("mark", "new"), ("rewatch", "new"), ("unmark", "new")],
    "watch again a watched one, unmark": [("rewatch", "old"), ("unmark", "old")],
    "unmark a watched one, mark, watch again, unmark": [
        ("unmark", "old"),
        ("mark", "old"),
        ("rewatch", "both"),
        ("unmark", "both"),
    ],
    "mark, unmark, mark, unmark": [("mark", "both"), ("unmark", "both"), ("mark", "both"), ("unmark", "new")],
}


@pytest.mark.parametrize("redo_in_between", [False, True])
@pytest.mark.parametrize("sequence", list(SEQUENCES.values()), ids=list(SEQUENCES))
def test_any_sequence_undone_gives_back_the_library_as_it_was(small, sequence, redo_in_between):
    lib = small.library
    alpha, beta = lib.find("Alpha"), lib.find("Beta")
    old = lib.select_episodes(alpha, episode="S01E01")[0]  # watched twice already
    new = lib.select_episodes(beta, episode="S01E01")[0]  # never watched, series planned
    assert old.plays == 2 and new.plays == 0
    episodes = {"old": [old.id], "new": [new.id], "both": [old.id, new.id]}
    before = snapshot(lib)
    steps = [Step(lib, action, episodes[which]) for action, which in sequence]
    for step in steps:
        step.do()
    assert snapshot(lib) != before
    if redo_in_between:  # undo the last half, redo it, then undo everything
        half = steps[len(steps) // 2 :]
        for step in reversed(half):
            step.undo()
        for step in half:
            step.do()
    for step in reversed(steps):
        step.undo()
    assert snapshot(lib) == before
    assert lib.select_episodes(alpha, episode="S01E01")[0].plays == 2
    assert lib.select_episodes(beta, episode="S01E01")[0].plays == 0


def test_restored_viewings_keep_their_dates_and_sources(small):
    lib = small.library
    a1 = lib.select_episodes(lib.find("Alpha"), episode="S01E01")[0]
    lib.rewatch([a1.id], when=datetime(2026, 1, 2, 3, 4, tzinfo=UTC))
    with Session(lib.engine) as session:
        imported = session.exec(select(Viewing).where(Viewing.episode_id == a1.id)).first()
        assert imported is not None
        imported.source = "trakt"
        session.add(imported)
        session.commit()
    before = snapshot(lib)
    assert {"trakt", "manual"} <= {v[3] for v in before[0] if v[1] == a1.id}
    lib.restore_viewings(lib.mark_unwatched([a1.id]).removed)
    assert snapshot(lib) == before
