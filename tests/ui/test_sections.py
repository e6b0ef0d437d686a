"""The window's six sections together: navigation, shortcuts, one change reaching every view,
and the choices made in a page that are settings."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from watchtracker.ui.common.delegates import PROGRESS_ROLE
from watchtracker.ui.library.model import PROGRESS, SERIES_ID_ROLE
from watchtracker.ui.main_window import SECTION_LABELS, SECTIONS


def idle(qtbot, w) -> None:
    qtbot.waitUntil(lambda: not w.library_lane.busy and not w.refresh_lane.busy, timeout=10_000)


def test_every_section_is_reached_from_the_navigation_and_its_shortcut(qtbot, make_window, example):
    w = make_window(example)
    assert [w.nav.item(i).text().split("  ")[0] for i in range(w.nav.count())] == [SECTION_LABELS[s] for s in SECTIONS]
    pages = {
        "upnext": w.sections.upnext_page,
        "upcoming": w.sections.upcoming_page,
        "alerts": w.alerts_page,
        "franchises": w.sections.franchises_page,
        "stats": w.sections.stats_page,
        "library": w.library_page,
    }
    for i, name in enumerate(SECTIONS, start=1):
        w.show_library()
        action = w.actions.library if name == "library" else w.actions.sections[name]
        assert action.shortcut().toString() == f"Ctrl+{i}"
        action.trigger()
        idle(qtbot, w)
        assert w.pages.currentWidget() is pages[name], name
        assert w.nav.currentRow() == i - 1
        assert w.windowTitle().startswith("watchtracker" if name == "library" else SECTION_LABELS[name])
    w.nav.setCurrentRow(SECTIONS.index("upnext"))  # a click in the navigation
    idle(qtbot, w)
    assert w.pages.currentWidget() is w.sections.upnext_page


def test_watched_in_up_next_reaches_the_library_and_can_be_undone(qtbot, make_window, example):
    w = make_window(example)
    legacy = example.library.find("Bosch: Legacy")
    with qtbot.waitSignal(w.sections.upnext_controller.loaded, timeout=10_000):
        w.actions.sections["upnext"].trigger()
    assert w.sections.upnext_page.select_series(legacy)
    assert str(w.sections.upnext_page.current_row().code) == "S01E03"

    def legacy_progress():
        m = w.library_page.model
        row = next(r for r in range(m.rowCount()) if m.index(r, 0).data(SERIES_ID_ROLE) == legacy)
        return m.index(row, PROGRESS).data(PROGRESS_ROLE)

    assert legacy_progress() == (2, 30)
    w.sections.upnext_page.watch_current()
    qtbot.waitUntil(lambda: legacy_progress() == (3, 30), timeout=10_000)
    qtbot.waitUntil(
        lambda: (
            w.sections.upnext_page.current_row() is not None
            and str(w.sections.upnext_page.current_row().code) == "S01E04"
        ),
        timeout=10_000,
    )
    w.undo_stack.undo()
    qtbot.waitUntil(lambda: legacy_progress() == (2, 30), timeout=10_000)
    idle(qtbot, w)
    qtbot.waitUntil(
        lambda: (
            w.sections.upnext_page.select_series(legacy) and str(w.sections.upnext_page.current_row().code) == "S01E03"
        ),
        timeout=10_000,
    )


def test_specials_and_the_upcoming_range_are_kept_as_settings(qtbot, make_window, example, paths):
    w = make_window(example)
    with qtbot.waitSignal(w.sections.upnext_controller.loaded, timeout=10_000):
        w.actions.sections["upnext"].trigger()
    w.sections.upnext_page.specials.setChecked(True)
    idle(qtbot, w)
    saved = json.loads(paths.settings_file.read_text(encoding="utf-8"))
    assert saved["include_specials"] is True
    assert w.sections.upcoming_controller.include_specials is True  # one setting for both pages

    with qtbot.waitSignal(w.sections.upcoming_controller.loaded, timeout=10_000):
        w.actions.sections["upcoming"].trigger()
    page = w.sections.upcoming_page
    with qtbot.waitSignal(w.sections.upcoming_controller.loaded, timeout=10_000):
        page.range.setCurrentIndex(page.range.findData(90))
    idle(qtbot, w)
    saved = json.loads(paths.settings_file.read_text(encoding="utf-8"))
    assert saved["upcoming_days"] == 90


def test_loading_the_example_from_the_menu_fills_the_franchises_page(qtbot, make_window, services):
    w = make_window(services)
    with qtbot.waitSignal(w.sections.franchises_controller.loaded, timeout=10_000):
        w.actions.sections["franchises"].trigger()
    assert w.sections.franchises_page.list_model.rowCount() == 0
    w.actions.example.trigger()
    qtbot.waitUntil(lambda: w.sections.franchises_page.list_model.rowCount() == 1, timeout=10_000)
    assert "Bosch" in w.sections.franchises_page.list_model.index(0, 0).data(Qt.ItemDataRole.DisplayRole)


def test_each_view_with_a_generated_library(qtbot, qtmodeltester, make_window, paths):
    """300 series, 15,000 episodes, 3,000 viewings, generated as the benchmark does: every view
    opens, shows what its service says, and its models hold up under the model tester."""
    from tests.benchmarks.bench_schedule import NOW as BENCH_NOW
    from tests.benchmarks.bench_schedule import generate
    from watchtracker.app import open_services
    from watchtracker.settings import Settings

    paths.database.parent.mkdir(parents=True, exist_ok=True)
    generate(paths.database, 300, 15_000, 3_000)
    services = open_services(paths, Settings())
    services.library.clock = lambda: BENCH_NOW
    try:
        w = make_window(services)
        for name in ("upnext", "upcoming", "franchises", "stats"):
            with qtbot.waitSignal(w.sections.controllers[name].loaded, timeout=20_000):
                w.actions.sections[name].trigger()
        rows = services.schedule.up_next()
        assert len(rows) > 50 and w.sections.upnext_page.model.rowCount() == len(rows)
        assert (
            w.sections.upnext_page.model.rows()[0].series_id == rows[0].series_id
        )  # new episodes after a pause on top
        qtmodeltester.check(w.sections.upnext_page.model)
        upcoming = services.schedule.upcoming(w.sections.upcoming_page.days())
        assert len(upcoming.items) > 50
        qtmodeltester.check(w.sections.upcoming_page.model)
        assert w.sections.stats_page.isVisible()
        idle(qtbot, w)
    finally:
        w.library_lane.wait()
        services.close()
