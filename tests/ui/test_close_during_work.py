"""Closing the window while a refresh and a feed poll are under way (issue 11, "nothing lost,
nothing hangs"): the work is cancelled (or finishes) before the services close, and nothing is
recorded as failed or skipped because of the close; no crash, nothing on stderr; the next start
refreshes as usual. Against a local stand-in TVmaze that answers slowly and a local feed."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from werkzeug import Request, Response

from tests.fixtures import tvmaze_payloads as tv
from watchtracker.app import closed_library_backups
from watchtracker.errors import Interrupted
from watchtracker.providers.http import Politeness
from watchtracker.services.online import LAST_REFRESH

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
FETCHED = 1_700_000_000  # what the library holds
CHANGED = 1_800_000_000  # what the stand-in says at refresh time: every show changed


def _show(tid: int, updated: int) -> dict:
    data = tv.show(
        tid,
        f"Show {tid}",
        updated=updated,
        seasons=[tv.season(tid * 10, 1, "2022-05-06", 2)],
        episodes=[tv.episode(tid * 100 + k, 1, k, "2022-05-06") for k in (1, 2)],
    )
    data["image"] = None  # no posters to fetch afterwards
    return data


class StandIn:
    """A local TVmaze: /shows/<id>, after ``delay`` seconds, with ``updated`` as its last change."""

    def __init__(self, httpserver):
        self.delay = 0.0
        self.updated = FETCHED
        self.asked: list[int] = []
        self.url = httpserver.url_for("").rstrip("/")
        httpserver.expect_request(re.compile(r"^/shows/\d+$")).respond_with_handler(self._answer)

    def _answer(self, request: Request) -> Response:
        tid = int(request.path.rsplit("/", 1)[1])
        self.asked.append(tid)
        time.sleep(self.delay)
        return Response(json.dumps(_show(tid, self.updated)), content_type="application/json")


def _serve_feed(httpserver, path: str = "/feed.xml") -> str:
    httpserver.expect_request(path).respond_with_data(
        (FEEDS / "tvnews.rss.xml").read_bytes(), content_type="application/rss+xml"
    )
    return httpserver.url_for(path)


def _library(services, httpserver, shows: int, feeds: int = 1) -> StandIn:
    """``shows`` followed from the stand-in (fetched in full), ``feeds`` good feeds."""
    stand_in = StandIn(httpserver)
    services.online.tvmaze.url = stand_in.url
    http = services.online.tvmaze.http
    polite, http.politeness = http.politeness, Politeness(max_requests=10_000)
    for tid in range(7001, 7001 + shows):
        services.online.follow(tid)
    http.politeness = polite
    for n in range(feeds):
        services.feeds.add(_serve_feed(httpserver, f"/feed{n}.xml"), f"Feed {n}")
    stand_in.asked.clear()
    stand_in.updated = CHANGED
    return stand_in


def _state(database: Path) -> dict:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        return {
            "remote_updated": dict(db.execute("SELECT tvmaze_id, remote_updated FROM series")),
            "feed_errors": [e for (e,) in db.execute("SELECT last_error FROM feed") if e],
            "last_refresh": db.execute("SELECT value FROM sync_state WHERE key = ?", (LAST_REFRESH,)).fetchall(),
            "announcements": db.execute("SELECT count(*) FROM announcement WHERE source = 'TVmaze'").fetchone()[0],
        }


def _nothing_recorded(state: dict, shows: int) -> None:
    """Nothing about the close: no show marked to ask again (NULL), no feed failing, no refresh
    recorded as made; the shows not fetched are exactly as they were."""
    assert [t for t, u in state["remote_updated"].items() if u is None] == []
    assert len(state["remote_updated"]) == shows
    assert state["feed_errors"] == []
    assert state["last_refresh"] == []


# -- the window ---------------------------------------------------------------------------------


def test_closing_the_window_mid_refresh_cancels_it_and_records_nothing(
    qtbot, make_window, services, paths, crash, httpserver, monkeypatch, caplog
):
    from watchtracker.ui.application import CurrentWindow

    stand_in = _library(services, httpserver, shows=12)
    stand_in.delay = 0.3  # a slow TVmaze: 12 shows take ~4 s
    monkeypatch.setattr(CurrentWindow, "NETWORK_WAIT_MS", 1500)  # the real one is longer than a test
    w = make_window(services)
    current = CurrentWindow(
        paths, None, crash, pytest.fail, restore_backups=lambda keep: closed_library_backups(paths, keep)
    )
    current.window, current.opened = w, [services]
    busy_at_close: list[bool] = []
    close = services.close
    monkeypatch.setattr(services, "close", lambda: (busy_at_close.append(not w.idle), close()))

    w.refresh_now()  # Ctrl+R: TVmaze, then the feeds, on the network lane
    qtbot.waitUntil(lambda: "Fetching 3 of 12" in w.statusBar().currentMessage(), timeout=10_000)
    w.close()  # as run_gui does: the window closes, its event loop returns, then
    current.finish()
    w.refresh_lane.wait()
    w.online_lane.wait()
    qtbot.wait(50)  # anything still queued for the window is delivered

    assert busy_at_close == [False]  # nothing was under way when the services closed
    assert len(stand_in.asked) <= 4  # the show being fetched at the close was the last one asked
    state = _state(paths.database)
    _nothing_recorded(state, 12)
    assert set(state["remote_updated"].values()) == {FETCHED}  # a cancelled refresh applies nothing
    assert crash.last is None
    assert [r.getMessage() for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")] == []


def test_closing_the_window_while_posters_come_stops_after_the_one_under_way(
    qtbot, make_window, services, paths, crash, httpserver, monkeypatch
):
    """The same for the posters a refresh fetches afterwards (up to 50, one request each)."""
    from watchtracker.ui.application import CurrentWindow

    stand_in = _library(services, httpserver, shows=8)
    asked: list[str] = []

    def poster(request: Request) -> Response:
        asked.append(request.path)
        time.sleep(0.3)
        return Response(b"\xff\xd8\xff\xe0" + b"\0" * 100, content_type="image/jpeg")

    httpserver.expect_request(re.compile(r"^/posters/")).respond_with_handler(poster)
    with sqlite3.connect(paths.database) as db:
        db.execute("UPDATE series SET poster_url = ? || '/posters/' || tvmaze_id || '.jpg'", (stand_in.url,))
    monkeypatch.setattr(CurrentWindow, "NETWORK_WAIT_MS", 1500)
    w = make_window(services)
    current = CurrentWindow(
        paths, None, crash, pytest.fail, restore_backups=lambda keep: closed_library_backups(paths, keep)
    )
    current.window, current.opened = w, [services]
    busy_at_close: list[bool] = []
    close = services.close
    monkeypatch.setattr(services, "close", lambda: (busy_at_close.append(not w.idle), close()))

    w.online_controller.fetch_posters(None)  # as after a refresh
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=10_000)
    w.close()
    current.finish()
    w.refresh_lane.wait()

    assert busy_at_close == [False]
    assert len(asked) <= 3
    with sqlite3.connect(f"file:{paths.database}?mode=ro", uri=True) as db:
        kept = [p for (p,) in db.execute("SELECT poster_path FROM series WHERE poster_path IS NOT NULL")]
    assert len(kept) <= len(asked) and all(Path(p).is_file() for p in kept)  # what came is kept
    assert crash.last is None


# -- the lanes ----------------------------------------------------------------------------------


def test_a_stopped_lane_drops_what_waits_and_takes_nothing_new(qtbot):
    from watchtracker.ui.tasks import TaskRunner

    lane = TaskRunner()
    started, release = threading.Event(), threading.Event()
    got: list[str] = []
    lane.run(lambda: (started.set(), release.wait(5), "first")[2], got.append, pytest.fail)
    assert started.wait(5)
    lane.run(lambda: got.append("ran") or "second", got.append, pytest.fail)  # waits its turn
    lane.stop(drop_waiting=True)
    assert lane.cancelled.is_set()
    lane.run(lambda: "third", got.append, pytest.fail)  # not taken
    release.set()
    assert lane.wait(5_000)
    qtbot.waitUntil(lambda: not lane.busy, timeout=2_000)
    assert got == ["first"]


def test_a_result_that_comes_after_its_window_went_is_dropped_quietly(qtbot, capfd):
    """At the end of the run Qt deletes what is left; a worker still running must not raise
    ("Signal source has been deleted", printed as "Error calling Python override of
    QRunnable::run()") when it hands its result or its progress over."""
    import shiboken6

    from watchtracker.ui.tasks import ProgressRelay, TaskRunner

    lane = TaskRunner()
    relay = ProgressRelay()
    report = relay.report
    started, release = threading.Event(), threading.Event()
    lane.run(lambda: (started.set(), release.wait(5), report(1, 2, "half way"))[2], pytest.fail, pytest.fail)
    assert started.wait(5)
    for gone in (*lane._relays, relay):
        shiboken6.delete(gone)
    release.set()
    assert lane.wait(5_000)
    assert "Error calling Python override" not in capfd.readouterr().err


# -- the services -------------------------------------------------------------------------------


def _when(progress_says: str, act):
    def progress(done: int, total: int, what: str) -> None:
        if progress_says in what:
            act()

    return progress


def test_a_refresh_cancelled_through_its_event_records_nothing_for_the_rest(services, httpserver):
    stand_in = _library(services, httpserver, shows=4)
    cancel = threading.Event()
    with pytest.raises(Interrupted):
        services.online.refresh(_when("Fetching 3 of 4", cancel.set), cancel=cancel)
    assert len(stand_in.asked) == 2  # the third is not asked
    state = _state(Path(services.engine.url.database))
    _nothing_recorded(state, 4)
    assert set(state["remote_updated"].values()) == {FETCHED}
    assert state["announcements"] == 0
    # the next refresh is a normal one
    report = services.online.refresh()
    assert report.checked == 4 and len(report.updated) == 4 and not report.skipped
    assert set(_state(Path(services.engine.url.database))["remote_updated"].values()) == {CHANGED}


def test_a_refresh_whose_client_closes_midway_marks_no_show_skipped(services, httpserver):
    """What the window's end did: the services closed under a refresh still running."""
    _library(services, httpserver, shows=4)
    http = services.online.tvmaze.http
    with pytest.raises(Interrupted):
        services.online.refresh(_when("Fetching 3 of 4", http.close))
    state = _state(Path(services.engine.url.database))
    _nothing_recorded(state, 4)
    assert set(state["remote_updated"].values()) == {FETCHED}


def test_a_poll_cancelled_through_its_event_marks_no_feed_failing(services, httpserver):
    _library(services, httpserver, shows=1, feeds=3)
    cancel = threading.Event()
    with pytest.raises(Interrupted):
        services.feeds.poll(progress=_when("Feed 1", cancel.set), cancel=cancel)
    rows = {f.name: f for f in services.feeds.feeds()}
    assert rows["Feed 0"].last_ok_at is not None  # read before the cancel: kept
    for name in ("Feed 1", "Feed 2"):
        assert rows[name].last_error is None and rows[name].last_polled_at is None
    # the next poll is a normal one
    report = services.feeds.poll()
    assert report.feeds_ok == 3 and not report.failed


def test_a_poll_whose_client_closes_midway_marks_no_feed_failing(services, httpserver):
    _library(services, httpserver, shows=1, feeds=3)
    with pytest.raises(Interrupted):
        services.feeds.poll(progress=_when("Feed 1", services.online.tvmaze.http.close))
    rows = {f.name: f for f in services.feeds.feeds()}
    assert rows["Feed 0"].last_ok_at is not None
    assert [f.last_error for f in rows.values()] == [None, None, None]


# -- the real app ---------------------------------------------------------------------------------


def test_ctrl_c_while_the_refresh_waits_its_turn_exits_cleanly(tmp_path, httpserver):
    """The tester's run: 40 shows and a good feed; the window is closed (here by Ctrl+C, which
    closes it) at "Fetching 21 of 40", while the refresh waits for TVmaze's rate limit."""
    from watchtracker.app import open_services
    from watchtracker.paths import AppPaths
    from watchtracker.settings import Settings

    data = tmp_path / "data"
    paths = AppPaths.under(data)
    services = open_services(paths, Settings())
    try:
        stand_in = _library(services, httpserver, shows=40)
    finally:
        services.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WATCHTRACKER_TVMAZE_URL": stand_in.url}
    app = subprocess.Popen(
        [sys.executable, "-m", "watchtracker", "--data-dir", str(data)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        turn = Politeness().max_requests  # that many in per_seconds (20 in 10 s): the next waits its turn
        while len(stand_in.asked) < turn:
            assert app.poll() is None and time.monotonic() < deadline, "the refresh did not start"
            time.sleep(0.05)
        app.send_signal(signal.SIGINT)  # during the wait, or just before it: the same either way
        asked = time.monotonic()
        _out, err = app.communicate(timeout=30)
        took = time.monotonic() - asked
    finally:
        if app.poll() is None:
            app.kill()
            app.communicate()
    assert app.returncode == 0
    # nothing on stderr but the offscreen platform's own notice (Qt's, printed on any window)
    assert [line for line in err.splitlines() if not line.startswith("This plugin does not support")] == []
    log = paths.log_file.read_text(encoding="utf-8")
    assert " ERROR " not in log and "Traceback" not in log, log
    assert took < 5  # not after the rate limit's wait (~10 s)
    assert len(stand_in.asked) == turn
    _nothing_recorded(_state(paths.database), 40)
