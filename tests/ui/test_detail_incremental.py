"""A series' page read again after a change (a mark, an undo) is updated in place: only the rows
that changed are announced to the view. What it then shows must be exactly what a freshly opened
page shows, and every cell that changed must lie in a range the view was told about."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt

from watchtracker.domain.models import EpisodeView, SeasonView

from watchtracker.ui.commands import WatchCommand, start
from watchtracker.ui.common.delegates import PROGRESS_ROLE
from watchtracker.ui.detail.episodes_model import COLUMNS, EpisodesModel
from watchtracker.ui.detail.page import DetailPage

ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.CheckStateRole,
    Qt.ItemDataRole.ToolTipRole,
    PROGRESS_ROLE,
)


def _cell(index: QModelIndex) -> tuple:
    font = index.data(Qt.ItemDataRole.FontRole)
    style = (font.bold(), font.italic()) if font is not None else None
    return (*(index.data(role) for role in ROLES), style)


def cells(model: EpisodesModel) -> dict[tuple, tuple]:
    """Every cell's data, keyed by (season row, episode row or -1, column)."""
    out = {}
    for srow in range(model.rowCount()):
        season = model.index(srow, 0)
        for col in range(len(COLUMNS)):
            out[(srow, -1, col)] = _cell(model.index(srow, col))
        for erow in range(model.rowCount(season)):
            for col in range(len(COLUMNS)):
                out[(srow, erow, col)] = _cell(model.index(erow, col, season))
    return out


def page_state(page: DetailPage) -> dict:
    """What the viewer sees on a series' page, as data."""
    cast = page.cast_model
    return {
        "cells": cells(page.model),
        "title": page.title.text(),
        "meta": page.meta.text(),
        "progress": page.progress_label.text(),
        "overview": page.overview.text(),
        "follow": page.follow_button.text(),
        "tabs": [page.tabs.tabText(i) for i in range(page.tabs.count())],
        "cast": [(cast.index(r, 0).data(), cast.index(r, 1).data()) for r in range(cast.rowCount())],
        "related": page.related.toHtml(),
        "timeline": page.timeline.toHtml(),
        "notes": page.notes.toPlainText(),
        "state": page.state.currentText(),
    }


class Announced:
    """The model's dataChanged ranges while it is watched."""

    def __init__(self, model: EpisodesModel):
        self.ranges: list[tuple] = []
        self.resets = 0
        model.dataChanged.connect(self._changed)
        model.modelReset.connect(self._reset)

    def _reset(self):
        self.resets += 1

    def _changed(self, top_left, bottom_right, _roles=()):
        parent = top_left.parent()
        srow = parent.row() if parent.isValid() else None
        self.ranges.append((srow, top_left.row(), bottom_right.row(), top_left.column(), bottom_right.column()))

    def covers(self, key: tuple) -> bool:
        srow, erow, col = key
        for parent, first, last, c0, c1 in self.ranges:
            if erow == -1 and parent is None and first <= srow <= last and c0 <= col <= c1:
                return True
            if erow >= 0 and parent == srow and first <= erow <= last and c0 <= col <= c1:
                return True
        return False


def assert_told(before: dict, after: dict, announced: Announced) -> None:
    """Each cell whose data changed is in a range the view was told about (or the model was reset)."""
    assert before.keys() == after.keys()
    if announced.resets:
        return
    untold = [k for k in before if before[k] != after[k] and not announced.covers(k)]
    assert not untold, untold


def fresh_state(qtbot, library, series_id: int) -> dict:
    page = DetailPage()
    qtbot.addWidget(page)
    page.show_detail(library.detail(series_id))
    return page_state(page)


def _view_state(page: DetailPage) -> tuple:
    tree, model = page.episodes, page.model
    expanded = [r for r in range(model.rowCount()) if tree.isExpanded(model.index(r, 0))]
    selected = sorted((i.parent().row(), i.row()) for i in tree.selectionModel().selectedRows())
    current = tree.currentIndex()
    return expanded, selected, (current.parent().row(), current.row()), tree.verticalScrollBar().value()


def test_mark_unmark_rewatch_and_undo_show_what_a_fresh_page_shows(qtbot, make_window, example):
    w = make_window(example)
    library = example.library
    legacy = library.find("Bosch: Legacy")
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        w.open_series(legacy)
    page = w.detail_page
    w.resize(900, 500)  # a short list: it scrolls
    tree, model = page.episodes, page.model
    tree.expandAll()
    season2 = model.index(1, 0)
    tree.setCurrentIndex(model.index(3, 0, season2))
    tree.selectionModel().select(
        model.index(5, 0, season2),
        tree.selectionModel().SelectionFlag.Select | tree.selectionModel().SelectionFlag.Rows,
    )
    tree.scrollTo(model.index(6, 0, season2))
    view = _view_state(page)
    assert view[3] > 0  # scrolled: the check below means something

    detail = library.detail(legacy)
    season1 = [e.id for e in detail.seasons[0].episodes]
    season2_ids = [e.id for e in detail.seasons[1].episodes]
    steps = [
        ("mark", season2_ids[:4]),  # some of a season
        ("mark", season1),  # the rest of a partly watched one
        ("rewatch", season1[:3] + season2_ids[:1]),  # plays become ×2
        ("unmark", season1[2:7]),  # a run in the middle
    ]
    for action, ids in steps:
        before = page_state(page)
        announced = Announced(model)
        command = WatchCommand(w, library, action, ids, action)
        with qtbot.waitSignal(w.detail_shown, timeout=10_000):
            start(w, w.undo_stack, command)
        qtbot.waitUntil(lambda: not w.library_lane.busy, timeout=10_000)
        after = page_state(page)
        assert after != before  # the step changed what is shown
        assert after == fresh_state(qtbot, library, legacy)
        assert_told(before["cells"], after["cells"], announced)
        assert announced.resets == 0  # updated in place
        assert _view_state(page) == view  # expansion, selection, current row and scroll kept
    while w.undo_stack.canUndo():  # and back, step by step
        before = page_state(page)
        announced = Announced(model)
        with qtbot.waitSignal(w.detail_shown, timeout=10_000):
            w.undo_stack.undo()
        qtbot.waitUntil(lambda: not w.library_lane.busy, timeout=10_000)
        after = page_state(page)
        assert after == fresh_state(qtbot, library, legacy)
        assert_told(before["cells"], after["cells"], announced)
        assert _view_state(page) == view


def _episode(eid: int, season: int, number: int, *, plays=0, aired=date(2020, 1, 1), title="", runtime=30):
    last = datetime(2024, 1, 1, tzinfo=UTC) if plays else None
    return EpisodeView(eid, season, number, title, "", aired, None, runtime, plays, last)


def _seasons(marks: dict[int, int], *, names=("", ""), titles=None) -> list[SeasonView]:
    titles = titles or {}
    eps = {
        1: [_episode(i, 1, i, plays=marks.get(i, 0), title=titles.get(i, "")) for i in range(1, 7)],
        2: [_episode(10 + i, 2, i, plays=marks.get(10 + i, 0), aired=date(2099, 1, i)) for i in range(1, 5)],
    }
    return [SeasonView(n, names[n - 1], tuple(eps[n])) for n in (1, 2)]


@pytest.mark.parametrize(
    "after",
    [
        _seasons({}),  # nothing changed
        _seasons({2: 1, 3: 1, 5: 1}),  # two runs in a season
        _seasons({1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 11: 1}),  # a season whole, one not aired yet
        _seasons({1: 2}),  # a rewatch of a watched one
        _seasons({1: 1}, names=("Pilot season", "")),  # only a season's name
        _seasons({1: 1}, titles={4: "Renamed"}),  # only an episode's title
    ],
)
def test_replace_tells_the_view_each_changed_cell(qtbot, after):
    now = datetime(2026, 1, 1, 12, tzinfo=UTC)
    model = EpisodesModel(now=lambda: now)
    model.set_seasons(_seasons({1: 1}))
    before = cells(model)
    announced = Announced(model)
    assert model.replace_seasons(after)
    fresh = EpisodesModel(now=lambda: now)
    fresh.set_seasons(after)
    assert cells(model) == cells(fresh)
    assert_told(before, cells(model), announced)
    changed_rows = {(k[0], k[1]) for k in before if before[k] != cells(model)[k]}
    told_rows = {(r[0], row) for r in announced.ranges for row in range(r[1], r[2] + 1)}
    # the rows that changed (a season row is (None, row) in the ranges), and no others but the
    # season rows above a changed episode (what they sum up may have changed)
    changed = {(None if e == -1 else s, s if e == -1 else e) for s, e in changed_rows}
    assert changed <= told_rows <= changed | {(None, s) for s, e in changed_rows if e >= 0}


def test_replace_after_an_episode_aired_or_a_new_day_tells_the_view(qtbot):
    clock = [datetime(2099, 1, 1, 12, tzinfo=UTC)]
    model = EpisodesModel(now=lambda: clock[0])
    model.set_seasons(_seasons({}))
    before = cells(model)
    clock[0] += timedelta(days=2)  # season 2's first episodes have aired since: not italic any more
    announced = Announced(model)
    assert model.replace_seasons(_seasons({}))
    assert cells(model) != before
    assert_told(before, cells(model), announced)
