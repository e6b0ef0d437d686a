"""In a narrow window (down to the window's smallest, ~890 px) every table keeps its main column readable (a title, an episode, a headline):
the other columns give way first, and get their widths back in a wide window."""

from __future__ import annotations

import pytest

from watchtracker.domain.inputs import SeriesInput

from watchtracker.ui.alerts.model import HEADLINE
from watchtracker.ui.upcoming.model import C_EPISODE, C_SERIES
from watchtracker.ui.upnext.model import U_EPISODE, U_SERIES

# the smallest the window goes (its menus and navigation): tighter than 1,024 x 640
SIZE = (880, 600)


def idle(qtbot, w) -> None:
    qtbot.waitUntil(lambda: w.idle, timeout=10_000)


def tables(w) -> dict:
    """Each table: (view, its header, its main columns, the least they may share)."""
    s = w.sections
    return {
        "library": (w.library_page.table, w.library_page.table.horizontalHeader(), [0], 220),
        "upnext": (s.upnext_page.table, s.upnext_page.table.horizontalHeader(), [U_SERIES, U_EPISODE], 320),
        "upcoming": (s.upcoming_page.table, s.upcoming_page.table.horizontalHeader(), [C_SERIES, C_EPISODE], 320),
        "alerts": (w.alerts_page.tree, w.alerts_page.tree.header(), [HEADLINE], 260),
    }


@pytest.mark.parametrize("section", ["library", "upnext", "upcoming", "alerts"])
def test_the_main_column_of_every_table_stays_readable_in_a_narrow_window(qtbot, make_window, example, section):
    example.catalog.add_series(SeriesInput(title="Bosch: Origins", premiere="2027"))  # a row in Upcoming
    w = make_window(example)
    w.resize(*SIZE)
    w.show_section(section)
    idle(qtbot, w)
    view, header, main, least = tables(w)[section]
    qtbot.waitUntil(lambda: view.isVisible() and view.model().rowCount() > 0, timeout=5_000)
    qtbot.wait(50)  # the resize events are delivered
    assert sum(header.sectionSize(c) for c in main) >= least, [header.sectionSize(c) for c in range(header.count())]
    others = [c for c in range(header.count()) if c not in main and not header.isSectionHidden(c)]
    assert all(header.sectionSize(c) >= 36 for c in others)
    assert sum(header.sectionSize(c) for c in range(header.count())) <= view.viewport().width() + 2  # no scrolling


def test_the_episode_titles_stay_readable_on_a_series_page_in_a_narrow_window(qtbot, make_window, example):
    w = make_window(example)
    w.resize(*SIZE)
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        w.open_series(example.library.find("Bosch"))
    qtbot.wait(50)
    assert w.detail_page.episodes.header().sectionSize(0) >= 200


def test_franchise_titles_stay_readable_in_a_narrow_window(qtbot, make_window, example):
    w = make_window(example)
    w.resize(*SIZE)
    w.show_section("franchises")
    idle(qtbot, w)
    page = w.sections.franchises_page
    for order, view in page.order_views.items():
        if view.isVisible():
            assert view.header().sectionSize(1) >= 200, order


def test_the_default_widths_come_back_when_the_window_widens(qtbot, make_window, example):
    """The episodes' columns were shrunk once (a narrow moment while the page was laid out) and
    never got their widths back: the dates read "6 May 2…" in a 1,280 px window."""
    w = make_window(example)
    w.resize(*SIZE)
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        w.open_series(example.library.find("Bosch: Legacy"))
    qtbot.wait(50)
    header = w.detail_page.episodes.header()
    narrow = header.sectionSize(2)
    w.resize(1400, 800)
    qtbot.waitUntil(lambda: header.sectionSize(2) == 110, timeout=5_000)  # Aired: its default again
    assert narrow <= 110 and [header.sectionSize(c) for c in (1, 3, 4, 5)] == [170, 90, 60, 110]


def test_fitted_widths_share_the_room_and_hold_the_least():
    from watchtracker.ui.common.columns import fitted_widths

    assert fitted_widths({1: 100, 2: 200}, 400, 60) == {1: 100, 2: 200}  # room: as wanted
    assert fitted_widths({1: 100, 2: 200}, 150, 60) == {1: 60, 2: 90}  # 1 held at the least, 2 gets the rest
    sizes = fitted_widths({1: 130, 2: 200, 3: 150, 4: 60}, 480, 60)
    assert sum(sizes.values()) <= 480 and sizes[4] == 60 and min(sizes.values()) >= 60
    assert fitted_widths({1: 40, 2: 300}, 100, 60) == {1: 40, 2: 60}  # never wider than wanted; never below the least
