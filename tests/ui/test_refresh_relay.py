"""The window's side of a refresh's breathing: ``ProgressRelay.report.breathe()`` on a worker waits
until the GUI thread's event loop has come round to it; it never waits on the GUI thread itself,
and never twice for a loop that has stopped turning.

(Qt, though under unit/: this is the relay the refresh's pacing is measured against.)"""

from __future__ import annotations

import threading
import time

from watchtracker.ui.tasks import ProgressRelay


def _on_worker(fn) -> threading.Thread:
    thread = threading.Thread(target=fn, daemon=True)
    thread.start()
    return thread


def test_report_hands_progress_to_the_gui_thread(qtbot):
    relay = ProgressRelay()
    with qtbot.waitSignal(relay.progressed, timeout=2000) as got:
        _on_worker(lambda: relay.report(2, 10, "Fetching 3 of 10 from TVmaze…")).join()
    assert got.args == [2, 10, "Fetching 3 of 10 from TVmaze…"]


def test_a_worker_breathes_until_the_event_loop_comes_round(qtbot):
    relay = ProgressRelay()
    done = threading.Event()
    thread = _on_worker(lambda: (relay.report.breathe(), done.set()))
    time.sleep(0.05)  # the loop is not turning: the worker is still waiting
    assert not done.is_set()
    qtbot.waitUntil(done.is_set, timeout=2000)  # it turns: the worker goes on
    thread.join(1)


def test_on_the_gui_thread_breathing_returns_at_once(qtbot):
    relay = ProgressRelay()
    started = time.perf_counter()
    relay.report.breathe()  # a synchronous runner: waiting here would wait for itself
    assert time.perf_counter() - started < 0.05


def test_a_loop_that_has_stopped_is_waited_for_once(qtbot):
    relay = ProgressRelay()
    relay.MAX_WAIT = 0.1
    took: list[float] = []

    def work() -> None:
        for _ in range(5):
            started = time.perf_counter()
            relay.breathe()
            took.append(time.perf_counter() - started)

    _on_worker(work).join(5)
    assert len(took) == 5
    assert 0.09 <= took[0] < 1.0  # waited, up to MAX_WAIT
    assert max(took[1:]) < 0.05  # the first is still unanswered: not waited for again
    qtbot.waitUntil(lambda: relay._answered.is_set(), timeout=2000)  # the loop turns again: answered
