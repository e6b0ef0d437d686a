"""Benchmark: a large library in the real window. Not a test: run it and read the figures.

    python tests/benchmarks/bench_library.py [--series 2000 --episodes 150000 --viewings 60000]

Generates a library in a temporary data folder (once per size, reused), then measures, in a fresh
process: time to window shown, to library populated, one filter keystroke, opening a 20-season
series, marking a 24-episode season watched, and peak memory.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()  # before Qt and the app are imported: start-up counts them

import argparse  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import sqlite3  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from datetime import UTC, date, datetime, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402

AIMS = {
    "window shown": 500,
    "library populated": 1000,
    "filter keystroke": 16,
    "open 20-season series": 100,
    "mark 24-episode season": 30,
}


def generate(folder: Path, n_series: int, n_episodes: int, n_viewings: int, seed: int = 7) -> None:
    from watchtracker.storage.database import open_database

    open_database(folder / "library.sqlite").dispose()  # the real schema, at head
    rnd = random.Random(seed)
    con = sqlite3.connect(folder / "library.sqlite")
    con.execute("PRAGMA journal_mode=WAL")
    now = "2026-01-01 00:00:00.000000"
    statuses = ["airing", "ended", "ended", "cancelled", "hiatus", "announced"]
    states = ["watching", "watching", "completed", "plan_to_watch", "on_hold", "dropped"]
    networks = ["HBO", "Prime Video", "Netflix", "BBC One", "AMC", "FX", "Apple TV+", "NBC", "Hulu"]
    words = "night river empire signal harbor legacy north house crown shadow city code line".split()
    series_rows, entry_rows = [], []
    # one long series (20 seasons x 24) is series 1; the rest share what is left
    per_series = [480] + [0] * (n_series - 1)
    left = n_episodes - 480
    for i in range(1, n_series):
        per_series[i] = left // (n_series - 1) + (1 if i <= left % (n_series - 1) else 0)
    for sid in range(1, n_series + 1):
        title = "Long Runner" if sid == 1 else f"{rnd.choice(words).title()} {rnd.choice(words).title()} {sid}"
        series_rows.append(
            (
                sid,
                title,
                "[]",
                "",
                rnd.choice(statuses),
                f"{2000 + sid % 25}-01-01",
                "day",
                f"{2000 + sid % 25}-01-01",
                rnd.choice(networks),
                "US",
                "English",
                '["Drama"]',
                "",
                45,
                now,
                now,
            )
        )
        entry_rows.append((sid, rnd.choice(states), sid % 17 == 0, None, "", now))
    con.executemany(
        "INSERT INTO series (id, title, aliases, overview, status, premiere, premiere_precision, premiere_sort,"
        " network, country, language, genres, content_rating, runtime, created_at, updated_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        series_rows,
    )
    con.executemany(
        "INSERT INTO library_entry (series_id, state, favourite, rating, notes, added_at) VALUES (?,?,?,?,?,?)",
        entry_rows,
    )
    episode_rows, eid = [], 0
    for sid, count in enumerate(per_series, start=1):
        per_season = 24 if sid == 1 else max(6, min(13, count // 3 or 1))
        start = date(2000 + sid % 25, 1, 1)
        for k in range(count):
            eid += 1
            season, number = k // per_season + 1, k % per_season + 1
            air = start + timedelta(days=7 * k)
            episode_rows.append(
                (
                    eid,
                    sid,
                    season,
                    number,
                    f"Episode {number}",
                    "",
                    air.isoformat(),
                    f"{air.isoformat()} 02:00:00.000000",
                    45,
                )
            )
    con.executemany(
        "INSERT INTO episode (id, series_id, season, number, title, summary, air_date, airstamp, runtime)"
        " VALUES (?,?,?,?,?,?,?,?,?)",
        episode_rows,
    )
    aired = [e[0] for e in episode_rows if e[6] < "2026-01-01" and e[1] != 1]
    viewings = []
    for i in range(n_viewings):
        ep = aired[i % len(aired)] if i < len(aired) else rnd.choice(aired)  # some rewatches
        when = datetime(2020, 1, 1, tzinfo=UTC) + timedelta(minutes=37 * i)
        viewings.append((ep, when.strftime("%Y-%m-%d %H:%M:%S.%f"), "bench"))
    con.executemany("INSERT INTO viewing (episode_id, watched_at, source) VALUES (?,?,?)", viewings)
    con.commit()
    con.execute("ANALYZE")
    con.close()


def measure(folder: Path, rounds: int) -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer

    from watchtracker.app import staged
    from watchtracker.paths import AppPaths
    from watchtracker.settings import Settings

    from watchtracker.ui.application import launch, make_qapplication
    from watchtracker.ui.commands import WatchCommand, start
    from watchtracker.ui.crash import CrashHandler

    figures: dict[str, float] = {}
    paths = AppPaths.under(folder)
    app = make_qapplication()
    # as the app starts: the window first, the library opened on worker threads, in two stages
    stamps: dict[str, float] = {}
    window, opened = launch(
        paths,
        staged(paths, Settings()),
        CrashHandler(None, show_dialog=False),
        sys.exit,
        on_open=lambda _: stamps.setdefault("all", time.perf_counter()),
    )
    window.preview_shown.connect(lambda: stamps.setdefault("preview", time.perf_counter()))
    window.library_loaded.connect(lambda: stamps.setdefault("live", time.perf_counter()))
    app.processEvents()
    figures["window shown"] = (time.perf_counter() - T0) * 1000

    def wait_for(signal, start: callable) -> float:
        loop = QEventLoop()
        signal.connect(loop.quit)
        QTimer.singleShot(30_000, loop.quit)
        t = time.perf_counter()
        start()
        loop.exec()
        signal.disconnect(loop.quit)
        return (time.perf_counter() - t) * 1000

    if "live" not in stamps:
        wait_for(window.library_loaded, lambda: None)
    while "all" not in stamps:  # the rest of the services, built after the rows
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    # rows on screen: read-only preview rows if they came first, else the live ones
    figures["library populated"] = (min(stamps.get("preview", stamps["live"]), stamps["live"]) - T0) * 1000
    figures["library open, live rows"] = (stamps["live"] - T0) * 1000
    figures["everything open"] = (stamps["all"] - T0) * 1000
    figures["preview came first"] = float("preview" in stamps)
    figures["rows"] = window.library_page.proxy.rowCount()
    services = opened[0]

    page = window.library_page
    keys = []
    for text in ["n", "ni", "nig", "nigh", "night", "night r", "", "h", "ha", "har", ""] * rounds:
        t = time.perf_counter()
        page.search.setText(text)
        app.processEvents()
        keys.append((time.perf_counter() - t) * 1000)
    figures["filter keystroke"] = statistics.median(keys)
    figures["filter keystroke (max)"] = max(keys)

    long_id = services.library.find("Long Runner")
    opens = [wait_for(window.detail_shown, lambda: window.open_series(long_id)) for _ in range(rounds)]
    figures["open 20-season series"] = statistics.median(opens)
    app.processEvents()

    marks, refreshed = [], []
    detail = services.library.detail(long_id)
    for r in range(rounds):
        ids = [e.id for e in detail.seasons[r % len(detail.seasons)].episodes]
        services.library.mark_unwatched(ids)  # a clean start, whatever earlier runs left
        t = time.perf_counter()
        result = services.library.mark_watched(ids)
        marks.append((time.perf_counter() - t) * 1000)
        assert len(result.added) == len(ids) == 24
        services.library.remove_viewings(result.added)
        # the same through the window: command, undo stack, library row and detail refreshed
        cmd = WatchCommand(window, services.library, "mark", ids, "bench")
        refreshed.append(wait_for(window.detail_shown, lambda cmd=cmd: start(window, window.undo_stack, cmd)))
        window.library_lane.wait()
        app.processEvents()
        wait_for(window.detail_shown, window.undo_stack.undo)
        window.library_lane.wait()
        app.processEvents()
    figures["mark 24-episode season"] = statistics.median(marks)
    figures["mark season, views refreshed"] = statistics.median(refreshed)
    figures["peak memory MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    window.close()
    services.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--series", type=int, default=2000)
    parser.add_argument("--episodes", type=int, default=150_000)
    parser.add_argument("--viewings", type=int, default=60_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--folder", type=Path, help="where the generated library lives (default: a temp folder)")
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    folder = (
        args.folder or Path(tempfile.gettempdir()) / f"watchtracker-bench-{args.series}-{args.episodes}-{args.viewings}"
    )
    if args.measure_only:
        for key, value in measure(folder, args.rounds).items():
            print(f"{key}\t{value:.1f}")
        return 0
    if not (folder / "library.sqlite").exists():
        folder.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        generate(folder, args.series, args.episodes, args.viewings)
        print(
            f"generated {args.series} series, {args.episodes} episodes, {args.viewings} viewings "
            f"in {time.perf_counter() - t:.1f} s -> {folder}"
        )
    for name in ("ui-state.ini",):
        (folder / "config" / name).unlink(missing_ok=True)
    out = subprocess.run(
        [sys.executable, __file__, "--measure-only", "--folder", str(folder), "--rounds", str(args.rounds)],
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        print(out.stderr, file=sys.stderr)
        return out.returncode
    print(f"{'measure':32} {'figure':>10}  aim")
    for line in out.stdout.strip().splitlines():
        key, value = line.split("\t")
        aim = AIMS.get(key)
        unit = "" if key in ("rows",) or key.endswith("MB") else " ms"
        verdict = "" if aim is None else (f"<= {aim} ms  " + ("ok" if float(value) <= aim else "OVER"))
        print(f"{key:32} {float(value):>10.1f}{unit}  {verdict}")
    print("aim: peak memory <= 300 MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
