"""Watch commands undone and redone through the window's undo stack, in several orders: once
everything is undone, the library is exactly as before the first command (every viewing with its
id, date and source; every library entry's state). An undone unmark puts its viewings back under
their old ids, so an older mark's or watch again's undo further down the stack still finds them."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from watchtracker.storage.tables import LibraryEntry, Viewing

from watchtracker.ui.commands import WatchCommand, start


def snapshot(library) -> tuple:
    with Session(library.engine) as session:
        viewings = sorted((v.id, v.episode_id, v.watched_at, v.source) for v in session.exec(select(Viewing)))
        entries = sorted((e.series_id, e.state) for e in session.exec(select(LibraryEntry)))
    return viewings, entries


def plays(library, series_id: int, episode_ids: list[int]) -> list[int]:
    by_id = {e.id: e.plays for season in library.detail(series_id).seasons for e in season.episodes}
    return [by_id[i] for i in episode_ids]


# ("mark" | "unmark" | "rewatch", which episodes) runs a command; "undo" and "redo" move the stack.
SCRIPTS = {
    "mark, unmark, undo, undo": [("mark", "new"), ("unmark", "new"), "undo", "undo"],
    "mark, watch again, unmark, undo all": [("mark", "new"), ("rewatch", "both"), ("unmark", "both")] + ["undo"] * 3,
    "undo and redo back and forth": [
        ("mark", "new"),
        ("rewatch", "old"),
        ("unmark", "both"),
        "undo",
        "undo",
        "redo",
        "redo",
        "undo",
        "redo",
        "undo",
        "undo",
        "undo",
    ],
    "unmark a watched one, mark it, unmark, undo all": [("unmark", "old"), ("mark", "both"), ("unmark", "both")]
    + ["undo"] * 3,
}


@pytest.mark.parametrize("script", list(SCRIPTS.values()), ids=list(SCRIPTS))
def test_undone_watch_commands_give_back_the_library_as_it_was(qtbot, make_window, example, script):
    w = make_window(example)
    library, stack = example.library, w.undo_stack
    sid = library.find("Bosch: Legacy")
    episodes = [e for season in library.detail(sid).seasons for e in season.episodes]
    old = next(e.id for e in episodes if e.watched)
    new = next(e.id for e in episodes if not e.watched and library.has_aired(e))
    which = {"old": [old], "new": [new], "both": [old, new]}
    before, plays_before = snapshot(library), plays(library, sid, [old, new])
    assert plays_before[0] >= 1 and plays_before[1] == 0
    texts = []
    for step in script:
        if step == "undo":
            stack.undo()
        elif step == "redo":
            stack.redo()
        else:
            action, episodes_of = step
            label = f"{action} {episodes_of}"
            texts.append(label)
            pushed = stack.count() + 1 if stack.index() == stack.count() else stack.index() + 1
            start(w, stack, WatchCommand(w, library, action, which[episodes_of], label))
            qtbot.waitUntil(lambda pushed=pushed: stack.count() == pushed, timeout=10_000)
        qtbot.waitUntil(lambda: not w.library_lane.busy, timeout=10_000)
    assert stack.index() == 0 and not stack.canUndo()
    assert [stack.text(i) for i in range(stack.count())] == texts  # the undo texts as they were given
    assert plays(library, sid, [old, new]) == plays_before  # the new one unwatched again
    assert snapshot(library) == before  # every viewing back under its id, date and source
