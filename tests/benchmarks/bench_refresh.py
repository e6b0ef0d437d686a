"""Benchmark: a refresh against a local TVmaze, in the real window. Not a test: run it and read.

    python tests/benchmarks/bench_refresh.py [--followed 500 --changed 10 --episodes 200] [--scroll 100]

Counts the requests a refresh makes (aim: 1 + the changed series) and measures how long the GUI
thread is kept from its event loop while it runs (aim: never more than 50 ms at a time), with a
timer that ticks every 5 ms on the GUI thread and records the longest gap.

The refresh starts while the window still has the first paint of the freshly loaded library
queued, as it would when a refresh falls due right after a reload. ``--scroll MS`` also scrolls
the library a page every MS milliseconds during the refresh, as a viewer might: every paint calls
into Python hundreds of times, and each call needs the interpreter back from the worker.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--followed", type=int, default=500)
    parser.add_argument("--changed", type=int, default=10)
    parser.add_argument("--episodes", type=int, default=200, help="episodes per changed series")
    parser.add_argument(
        "--scroll",
        type=int,
        default=0,
        metavar="MS",
        help="scroll the library a page every MS ms during the refresh (0: never)",
    )
    args = parser.parse_args()

    from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, Qt, QTimer

    from watchtracker.app import open_services
    from watchtracker.paths import AppPaths
    from watchtracker.services.online import LAST_REFRESH
    from watchtracker.settings import Settings
    from watchtracker.storage.database import session_scope
    from watchtracker.storage.tables import LibraryEntry, Series, SyncState

    from watchtracker.ui.application import make_qapplication
    from watchtracker.ui.main_window import MainWindow
    from watchtracker.ui.tasks import TaskRunner

    # TVmaze stands in another process, as it would: an in-process server would compete with
    # the window for the interpreter and measure itself
    parent, child = multiprocessing.Pipe()
    server = multiprocessing.Process(
        target=_serve, args=(child, args.followed, args.changed, args.episodes), daemon=True
    )
    server.start()
    url = parent.recv()
    os.environ["WATCHTRACKER_TVMAZE_URL"] = url
    folder = Path(tempfile.mkdtemp(prefix="watchtracker-bench-refresh-"))
    paths = AppPaths.under(folder)
    services = open_services(paths, Settings())
    now = datetime.now(UTC)
    with session_scope(services.engine) as session:
        for i in range(args.followed):
            s = Series(title=f"Show {i}", status="airing", tvmaze_id=20_000 + i, remote_updated=1_700_000_000)
            session.add(s)
            session.flush()
            session.add(LibraryEntry(series_id=s.id))
        session.add(SyncState(key=LAST_REFRESH, value=(now - timedelta(hours=3)).isoformat()))

    make_qapplication()
    window = MainWindow(
        services.library,
        services.catalog,
        TaskRunner(),
        QSettings(str(paths.ui_state_file), QSettings.Format.IniFormat),
        paths.database,
        online=services.online,
    )
    window.show()
    loop = QEventLoop()
    window.library_loaded.connect(loop.quit)
    window.reload_library()
    loop.exec()

    gaps: list[float] = []
    clock = QElapsedTimer()
    ticker = QTimer(interval=5)
    ticker.setTimerType(Qt.TimerType.PreciseTimer)

    def tick() -> None:
        gaps.append(clock.restart())

    ticker.timeout.connect(tick)
    scroller = QTimer(interval=max(args.scroll, 1))
    bar = window.library_page.table.verticalScrollBar()
    scroller.timeout.connect(lambda: bar.setValue((bar.value() + bar.pageStep()) % (bar.maximum() + 1)))
    if os.environ.get("BENCH_GC_FREEZE"):
        import gc

        gc.collect()
        gc.freeze()
    before = services.online.tvmaze.http.requests_sent
    done = QEventLoop()
    window.refresh_lane.busy_changed.connect(lambda busy: (not busy) and done.quit())
    started = time.perf_counter()
    clock.start()
    ticker.start()
    if args.scroll:
        scroller.start()
    window.online_controller.refresh()
    done.exec()
    ticker.stop()
    scroller.stop()
    elapsed = time.perf_counter() - started
    requests = services.online.tvmaze.http.requests_sent - before
    window.library_lane.wait()
    window.refresh_lane.wait()
    scrolling = f", scrolling the library every {args.scroll} ms" if args.scroll else ""
    print(f"followed {args.followed}, changed {args.changed} ({args.episodes} episodes each){scrolling}")
    print(f"requests made          {requests}   (aim: {1 + args.changed})")
    print(f"refresh took           {elapsed * 1000:.0f} ms")
    print(f"GUI thread, longest gap between 5 ms ticks  {max(gaps):.0f} ms   (aim: <= 50 ms)")
    print(f"GUI thread, median gap {statistics.median(gaps):.0f} ms over {len(gaps)} ticks")
    print(f"status: {window.statusBar().currentMessage()}")
    window.close()
    services.close()
    server.terminate()
    return 0


def changed_ids(followed: int, changed: int) -> list[int]:
    step = max(1, followed // max(changed, 1))
    return [20_000 + i for i in range(0, followed, step)][:changed]


def _serve(conn, followed: int, changed: int, episodes: int) -> None:
    """The stand-in TVmaze: the update feed and the changed shows, in the real shapes."""
    import logging

    from pytest_httpserver import HTTPServer

    from tests.fixtures import tvmaze_payloads as tv

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = HTTPServer()
    updates = {str(20_000 + i): 1_700_000_000 for i in range(followed)}
    per_season = 20
    for tid in changed_ids(followed, changed):
        updates[str(tid)] = 1_700_000_500
        seasons = [tv.season(tid * 100 + n, n, "2020-01-01", per_season) for n in range(1, episodes // per_season + 2)]
        eps = [
            tv.episode(tid * 10_000 + k, k // per_season + 1, k % per_season + 1, "2020-01-01") for k in range(episodes)
        ]
        server.expect_request(f"/shows/{tid}").respond_with_json(
            tv.show(
                tid,
                f"Show {tid - 20_000}",
                status="Running",
                updated=1_700_000_500,
                seasons=seasons,
                episodes=eps,
                cast=[tv.cast_member(tid * 10 + c, f"Actor {c}", f"Role {c}") for c in range(15)],
            )
        )
    server.expect_request("/updates/shows").respond_with_json(updates)
    server.start()
    conn.send(server.url_for("/"))
    while True:
        time.sleep(1)


if __name__ == "__main__":
    raise SystemExit(main())
