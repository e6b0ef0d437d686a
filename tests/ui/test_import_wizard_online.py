"""The import wizard with TVmaze (a local server): a show found online is previewed as new and
followed; TVmaze down or rate limiting keeps the shows for later; Cancel during a rate limit's
wait stops promptly."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt

from tests.conftest import NOW
from tests.fixtures import tvmaze_payloads as tv
from tests.ui.test_import_wizard import (
    dump,
)
from tests.ui.test_import_wizard_odd_files import run_preview
from watchtracker.providers.http import PoliteClient, Politeness
from watchtracker.providers.tvmaze import TvmazeClient
from watchtracker.services.online import OnlineService
from watchtracker.services.transfer.importer import ImportService

NEW_TITLE = "<i>Brand</i> New & Shiny"


def new_show_full() -> dict:
    return tv.show(
        6001,
        NEW_TITLE,
        seasons=[tv.season(9001, 1, "2019-01-01", 3)],
        episodes=[tv.episode(990000 + k, 1, k, f"2019-01-0{k}") for k in (1, 2, 3)],
        thetvdb=999999,
    )


@pytest.fixture
def online_importer(example, paths, httpserver):
    http = PoliteClient(Politeness(read_timeout=0.5), sleep=lambda s: None)
    online = OnlineService(example.engine, TvmazeClient(http, httpserver.url_for("").rstrip("/")), clock=lambda: NOW)
    yield ImportService(example.engine, online, paths.backups, clock=lambda: NOW)
    http.close()


def test_online_a_show_found_on_tvmaze_is_previewed_as_new_and_followed(
    qtbot, example, dialog_of, online_importer, httpserver, trakt_file
):
    httpserver.expect_request("/lookup/shows", query_string="thetvdb=999999").respond_with_json(
        tv.show(6001, NEW_TITLE, embed=False, thetvdb=999999)
    )
    httpserver.expect_request("/shows/6001").respond_with_json(new_show_full())
    d = dialog_of(example, online_importer, online=True)
    assert d.online_box.isChecked() and d.online_box.isEnabled()
    before = dump(example)
    assert run_preview(qtbot, d, trakt_file) == "preview", d.choose_error.text()
    assert dump(example) == before  # TVmaze was asked, nothing written
    assert d.tabs.tabText(0) == "Matched (3)" and not d.tabs.isTabVisible(1)
    row = next(r for r in d.matched_model.rows if r[0].startswith("A Show Nobody"))
    assert row[1] == f"{NEW_TITLE} (new)" and row[2].endswith("by its thetvdb id")
    assert "1 new series to follow from TVmaze" in d.preview_lines.text()
    assert "offline" not in d.preview_lines.text()
    got = []
    d.imported.connect(got.append)
    with qtbot.waitSignal(d.finished_step, timeout=10_000) as blocker:
        d.start_import()
    assert blocker.args == ["done"]
    [added] = got[0].added
    assert example.library.detail(added).title == NEW_TITLE
    assert "followed from TVmaze" in d.preview_lines.text()
    assert ImportService(example.engine).pending() == []


@pytest.mark.parametrize("answer", ["down", "429"])
def test_online_tvmaze_down_or_rate_limiting_keeps_the_shows_for_later(
    qtbot, example, dialog_of, online_importer, httpserver, trakt_file, answer
):
    if answer == "down":
        httpserver.expect_request("/lookup/shows").respond_with_data("oops", status=503)
    else:
        httpserver.expect_request("/lookup/shows").respond_with_data(
            "slow down", status=429, headers={"Retry-After": "600"}
        )
    d = dialog_of(example, online_importer, online=True)
    with qtbot.captureExceptions() as raised:
        step = run_preview(qtbot, d, trakt_file)
    assert raised == []
    assert step == "preview"
    assert d.pending_model.rows == [("A Show Nobody Has <b>bold</b> (2019)", "TVmaze could not be reached")]
    assert "offline" in d.preview_lines.text() and "kept for later" in d.preview_lines.text()
    assert d.next_button.isEnabled()
    with qtbot.waitSignal(d.finished_step, timeout=10_000) as blocker:
        d.start_import()
    assert blocker.args == ["done"]
    assert [p.title for p in ImportService(example.engine).pending()] == ["A Show Nobody Has <b>bold</b>"]


def test_online_cancel_during_a_rate_limit_wait_stops_promptly(
    qtbot, example, dialog_of, paths, httpserver, trakt_file
):
    httpserver.expect_request("/lookup/shows").respond_with_data("slow down", status=429, headers={"Retry-After": "3"})
    http = PoliteClient(Politeness(read_timeout=0.5))  # real sleeping, as in the app
    online = OnlineService(example.engine, TvmazeClient(http, httpserver.url_for("").rstrip("/")), clock=lambda: NOW)
    try:
        d = dialog_of(example, ImportService(example.engine, online, paths.backups, clock=lambda: NOW), online=True)
        d.path_edit.setText(str(trakt_file))
        d.start_preview()
        qtbot.waitUntil(lambda: len(httpserver.log) >= 1, timeout=10_000)
        t0 = time.monotonic()
        qtbot.keyClick(d, Qt.Key.Key_Escape)  # cancel and close
        qtbot.waitUntil(lambda: not d.busy, timeout=15_000)
        assert time.monotonic() - t0 < 1.5
    finally:
        http.close()
