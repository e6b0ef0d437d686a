"""Finding, following and linking series on TVmaze from the window, and refreshing — against a
local server."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from tests.fixtures import tvmaze_payloads as tv
from tests.ui.test_main_window import library_titles, open_by_title, wait_changes

from watchtracker.ui.online.search_dialog import OnlineSearchDialog


def _point_at(services, httpserver):
    services.online.tvmaze.url = httpserver.url_for("").rstrip("/")


def _in_dialog(qtbot, action):
    def step():
        dialog = next(
            (d for d in QApplication.topLevelWidgets() if isinstance(d, OnlineSearchDialog) and d.isVisible()), None
        )
        if dialog is None:
            QTimer.singleShot(20, step)
            return
        action(dialog)

    QTimer.singleShot(20, step)


def test_search_as_you_type_and_follow(qtbot, make_window, services, httpserver):
    _point_at(services, httpserver)
    httpserver.expect_request("/search/shows", query_string="q=bosch+legacy").respond_with_json(
        [tv.search_result(40, tv.show(5002, "Bosch: Legacy", embed=False))]
    )
    httpserver.expect_request("/shows/5002").respond_with_json(tv.legacy())
    w = make_window(services)
    seen = {}

    def use(dialog: OnlineSearchDialog):
        qtbot.keyClicks(dialog.query, "bosch legacy")
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5_000)
        seen["row"] = dialog.model.index(0, 0).data()
        seen["summary"] = dialog.summary.text()
        qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)

    _in_dialog(qtbot, use)
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        w.online_controller.add_series()
    assert seen["row"] == "Bosch: Legacy\n2022 · Prime Video · Ended"
    assert "retired LAPD detective" in seen["summary"]
    assert w.detail_page.detail.title == "Bosch: Legacy"
    assert [s.label for s in w.detail_page.model.seasons] == ["Season 1", "Season 2", "Season 3"]
    wait_changes(qtbot, w)
    assert library_titles(w) == ["Bosch: Legacy"]
    # one search for the whole phrase typed: the search waits for the typing to stop
    assert [r.path for r, _ in httpserver.log].count("/search/shows") == 1


def test_search_offline_says_so_in_the_dialog(qtbot, make_window, services):
    w = make_window(services)
    seen = {}

    def use(dialog: OnlineSearchDialog):
        qtbot.keyClicks(dialog.query, "bosch")
        qtbot.waitUntil(lambda: dialog.retry_button.isVisible(), timeout=10_000)
        seen["heading"] = dialog.state.heading.text()
        seen["can_follow"] = dialog.choose_button.isEnabled()
        dialog.reject()

    _in_dialog(qtbot, use)
    w.online_controller.add_series()
    assert seen["heading"] == "You seem to be offline" and not seen["can_follow"]


def test_find_online_links_an_announced_series_and_keeps_its_place(qtbot, make_window, example, httpserver):
    _point_at(example, httpserver)
    ballard = tv.show(
        6000,
        "Ballard",
        status="Ended",
        premiered="2025-07-09",
        ended="2025-07-09",
        seasons=[tv.season(9001, 1, "2025-07-09", 10)],
        episodes=[tv.episode(900000 + k, 1, k, "2025-07-09") for k in range(1, 11)],
    )
    httpserver.expect_request("/search/shows", query_string="q=Ballard").respond_with_json(
        [tv.search_result(30, ballard)]
    )
    httpserver.expect_request("/shows/6000").respond_with_json(ballard)
    w = make_window(example)
    open_by_title(qtbot, w, "Ballard")
    assert w.detail_page.find_online_button.isVisible()

    def use(dialog: OnlineSearchDialog):
        assert dialog.query.text() == "Ballard"  # searched at once with the series' title
        qtbot.waitUntil(lambda: dialog.choose_button.isEnabled(), timeout=5_000)
        assert dialog.choose_button.text() == "Link"
        qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)

    _in_dialog(qtbot, use)
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        w.online_controller.link_series(w.detail_page.detail.id)
    d = w.detail_page.detail
    assert d.external_ids["tvmaze"] == "6000" and len(d.episodes()) == 10
    assert ("Bosch", "Spin-off of") in [(r.title, r.label) for r in d.related if r.direct]
    assert any(a.kind.value == "spin_off" for a in d.announcements)  # its story is kept
    assert not w.detail_page.find_online_button.isVisible()


def test_refresh_offline_fails_quietly_and_tries_again_later(qtbot, make_window, services, httpserver):
    _point_at(services, httpserver)
    httpserver.expect_request("/shows/5002").respond_with_json(tv.legacy())
    services.online.follow(5002)
    services.online.tvmaze.url = "http://127.0.0.1:9"
    w = make_window(services)
    w.online_controller.refresh()
    qtbot.waitUntil(lambda: "Will try again in 30 minutes" in w.statusBar().currentMessage(), timeout=10_000)
    assert "Cannot reach TVmaze" in w.statusBar().currentMessage()
    timer = w.online_controller._refresh_timer
    assert timer.isActive() and 29 * 60_000 < timer.remainingTime() <= 31 * 60_000  # (Qt timers are coarse)
    assert w.actions.refresh.isEnabled()


def test_refresh_now_updates_the_views_and_reports(qtbot, make_window, services, httpserver):
    _point_at(services, httpserver)
    httpserver.expect_request("/shows/5002").respond_with_json(tv.legacy(seasons_count=2, status="To Be Determined"))
    sid, _ = services.online.follow(5002)
    httpserver.clear()
    httpserver.expect_request("/shows/5002").respond_with_json(
        tv.legacy(seasons_count=3, status="Running", updated=1_800_000_000)
    )
    w = make_window(services)
    open_by_title(qtbot, w, "Bosch: Legacy")
    assert len(w.detail_page.model.seasons) == 2
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        w.online_controller.refresh()  # the first refresh fetches every followed series
    qtbot.waitUntil(lambda: "Refreshed from TVmaze" in w.statusBar().currentMessage(), timeout=10_000)
    assert "1 of 1 series changed; 2 new announcements" in w.statusBar().currentMessage()
    assert len(w.detail_page.model.seasons) == 3
    assert {a.kind.value for a in w.detail_page.detail.announcements} == {"new_season", "renewed"}
    assert w.online_controller._refresh_timer.isActive()  # and again in a few hours


def test_a_refresh_due_while_busy_is_put_off_not_lost(qtbot, make_window, services):
    import threading

    w = make_window(services)
    gate = threading.Event()
    w.refresh_lane.run(gate.wait, lambda _: None, lambda _: None)  # the network lane is busy
    try:
        w.online_controller.refresh()
        timer = w.online_controller._refresh_timer
        assert timer.isActive() and timer.remainingTime() <= 62_000  # (coarse timers)
        assert "refreshing in a minute" in w.statusBar().currentMessage()
    finally:
        gate.set()
        w.refresh_lane.wait()


def test_search_results_get_their_small_posters(qtbot, make_window, services, httpserver, tmp_path):
    _point_at(services, httpserver)
    services.online.posters = tmp_path / "posters"
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    with_image = tv.show(5002, "Bosch: Legacy", embed=False)
    with_image["image"] = {"medium": httpserver.url_for("/thumbs/5002.png"), "original": None}
    junk = tv.show(5001, "Bosch", embed=False)
    junk["image"] = {"medium": httpserver.url_for("/thumbs/5001.jpg"), "original": None}
    httpserver.expect_request("/search/shows").respond_with_json(
        [tv.search_result(40, junk), tv.search_result(30, with_image)]
    )
    httpserver.expect_request("/thumbs/5002.png").respond_with_data(png, content_type="image/png")
    httpserver.expect_request("/thumbs/5001.jpg").respond_with_data("<html>", content_type="image/jpeg")
    w = make_window(services)
    seen = {}

    def use(dialog: OnlineSearchDialog):
        qtbot.keyClicks(dialog.query, "bosch")
        qtbot.waitUntil(lambda: 5002 in dialog.model._thumbs, timeout=5_000)
        seen["thumbs"] = dict(dialog.model._thumbs)
        dialog.reject()

    _in_dialog(qtbot, use)
    w.online_controller.add_series()
    assert list(seen["thumbs"]) == [5002]  # the junk one keeps its drawn placeholder
    assert open(seen["thumbs"][5002], "rb").read() == png


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_a_library_row_says_whether_it_is_linked_and_its_menu_finds_it_on_tvmaze(
    qtbot, make_window, example, httpserver
):
    """Issue 13: a Library row shows whether the series is linked to TVmaze (refreshed from it), and
    one that is not is linked from its row's menu as from its page."""
    from tests.ui.test_context_menus import choose, entries, library_row, menu_key

    from watchtracker.ui.library.model import STATUS

    _point_at(example, httpserver)
    ballard = tv.show(
        6000, "Ballard", status="Ended", premiered="2025-07-09", ended="2025-07-09", seasons=[], episodes=[]
    )
    httpserver.expect_request("/search/shows", query_string="q=Ballard").respond_with_json(
        [tv.search_result(30, ballard)]
    )
    httpserver.expect_request("/shows/6000").respond_with_json(ballard)
    w = make_window(example)
    w.activateWindow()
    qtbot.waitActive(w)
    page = w.library_page

    def status_cell(title):
        row = page.model.row_for(w.library_service.find(title))
        return page.model.index(row, STATUS)

    assert library_row(w, "Ballard").linked is False  # the example is a snapshot, not linked
    assert status_cell("Ballard").data() == "On hiatus · unlinked"
    assert "Not linked to TVmaze" in status_cell("Ballard").data(Qt.ItemDataRole.ToolTipRole)
    menu = menu_key(qtbot, page.table)
    seen = {}

    def use(dialog: OnlineSearchDialog):
        seen["query"] = dialog.query.text()
        qtbot.waitUntil(lambda: dialog.choose_button.isEnabled(), timeout=5_000)
        qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)

    _in_dialog(qtbot, use)
    choose(qtbot, menu, "Find on TVmaze…")
    assert seen["query"] == "Ballard"
    qtbot.waitUntil(lambda: library_row(w, "Ballard").linked, timeout=10_000)
    assert status_cell("Ballard").data() == "Ended"
    assert status_cell("Ballard").data(Qt.ItemDataRole.ToolTipRole) is None
    assert "linked to TVmaze" in w.statusBar().currentMessage()
    library_row(w, "Ballard")
    menu = menu_key(qtbot, page.table)
    assert "Edit…" in entries(menu) and "Find on TVmaze…" not in entries(menu)  # linked: nothing to find
    menu.close()


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_without_tvmaze_a_library_row_offers_no_find_on_tvmaze(qtbot, make_window, example):
    import dataclasses

    from tests.ui.test_context_menus import entries, library_row, menu_key

    w = make_window(dataclasses.replace(example, online=None))
    w.activateWindow()
    qtbot.waitActive(w)
    library_row(w, "Ballard")
    menu = menu_key(qtbot, w.library_page.table)
    assert "Edit…" in entries(menu) and "Find on TVmaze…" not in entries(menu)
    menu.close()
