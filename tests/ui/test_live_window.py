"""Live between computers, in the window (issue 16): a change made on another computer shows in
the Library without F5; a lost server is said in one line of the status bar, what is on screen
stays, and once the server is back the line goes and everything is read again, once."""

from __future__ import annotations

import psycopg
import pytest

from tests.unit.test_live_changes import _unwatched_episode
from watchtracker.app import open_services
from watchtracker.settings import Settings
from watchtracker.storage.server import parse_server_url

pytestmark = pytest.mark.parametrize("backend", ["postgresql"], indirect=True)

LIVE_APP = "watchtracker (live)"


@pytest.fixture
def other_computer(example, paths):
    """Computer A: its own services on the library the window (computer B, ``example``) has open."""
    a = open_services(paths, Settings())
    yield a
    a.close()


def _row(window, series_id: int):
    model = window.library_page.model
    row = model.row_for(series_id)
    return None if row is None else model.series_row(row)


@pytest.fixture
def live_window(make_window, example, qtbot):
    window = make_window(example)
    window.go_live(example.server, example.engine)
    qtbot.waitUntil(lambda: window.live.listener.state == "connected", timeout=10_000)
    return window


def test_a_change_on_another_computer_shows_in_the_library_without_f5(live_window, other_computer, qtbot):
    window = live_window
    episode, series = _unwatched_episode(other_computer)
    before = _row(window, series)
    assert before is not None
    other_computer.library.mark_watched([episode])
    qtbot.waitUntil(lambda: _row(window, series).episodes_watched == before.episodes_watched + 1, timeout=2000)
    other_computer.library.unfollow(series)
    qtbot.waitUntil(lambda: _row(window, series) is None, timeout=2000)
    other_computer.library.follow(series)
    qtbot.waitUntil(lambda: _row(window, series) is not None, timeout=2000)
    assert window.live.line == ""


def test_a_lost_server_is_said_in_one_line_and_everything_is_read_again_once_back(
    live_window, other_computer, qtbot, pg, paths
):
    window = live_window
    lines: list[str] = []
    window.live.line_changed.connect(lines.append)
    everything = []
    window.bus.changed.connect(lambda changes: changes.everything and everything.append(changes))
    shown = window.library_page.model.rowCount()
    assert shown >= 3
    db = parse_server_url(paths.server_url).url.database
    with psycopg.connect(pg.conninfo(), autocommit=True) as su:
        su.execute(f'ALTER DATABASE "{db}" ALLOW_CONNECTIONS false')  # the server is gone, for this library
        try:
            su.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND application_name = %s",
                (db, LIVE_APP),
            )
            qtbot.waitUntil(lambda: window.live.line != "", timeout=5000)
            line = window.live.line
            assert line.startswith("The library's server 127.0.0.1 cannot be reached — showing what was read at ")
            assert line.endswith("; trying again…") and "\n" not in line
            assert window.live.label.isVisible() and window.live.label.toolTip()
            assert window.library_page.model.rowCount() == shown  # what was read stays on screen
            qtbot.wait(1200)  # tries again meanwhile, saying nothing more
            assert lines == [line] and everything == []
        finally:
            su.execute(f'ALTER DATABASE "{db}" ALLOW_CONNECTIONS true')
    qtbot.waitUntil(lambda: window.live.line == "", timeout=15_000)
    assert lines == [line, ""] and not window.live.label.isVisible()
    qtbot.waitUntil(lambda: len(everything) == 1, timeout=2000)
    qtbot.waitUntil(lambda: not window.library_lane.busy, timeout=5000)  # the reading done
    episode, series = _unwatched_episode(other_computer)  # and it is live again
    before = _row(window, series)
    other_computer.library.mark_watched([episode])
    qtbot.waitUntil(lambda: _row(window, series).episodes_watched == before.episodes_watched + 1, timeout=2000)
    assert len(everything) == 1  # read again once


def test_closing_the_window_stops_listening(live_window, qtbot):
    window = live_window
    listener = window.live.listener
    window.close()
    assert window.live.stopped and not listener.running
