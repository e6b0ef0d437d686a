"""Benchmark: the 2,000-series library on a local PostgreSQL server beside the same library in a
SQLite file, in one run. Not a test: run it and read the figures.

    python tests/benchmarks/bench_server.py [--runs 3] [--rounds 5] [--folder DIR]

Builds the benchmark library (``bench_library.generate``: 2,000 series, 150,000 episodes, 60,000
viewings) in a SQLite file of its own (under --folder; never the shared /tmp/watchtracker-bench-*
folders), starts a throw-away local server (tests/pg_server.py) and copies the library into it
with ``services.location.copy_library_to``. Then each run measures, each part in a fresh process,
alternating SQLite and the server:

- the window (``bench_library.measure``, on the server by giving its data folder the server's URL
  as ``--database`` does): window shown, library populated, one filter keystroke (the library
  model's filter, as bench_speed does), opening the 20-season series, marking a 24-episode
  season (the service call, and through the window with the views refreshed; undone after);
- the services alone: ``LibraryService.library()`` (the rows the window reads), ``detail`` of the
  20-season series, ``mark_watched`` of a season and its undo (``remove_viewings``);
- a refresh (``OnlineService.refresh``) against a stand-in TVmaze in another process
  (bench_refresh's: 500 followed series, 10 changed with 200 episodes each), on a fresh copy
  of a refresh library per run and backend.

Figures are ranges over the runs (each the median of --rounds inside the run), with the ratio
server / SQLite of each run.
"""

from __future__ import annotations

import argparse
import compileall
import multiprocessing
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
for _p in (str(ROOT), str(HERE)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

FOLLOWED, CHANGED, EPISODES = 500, 10, 200  # the refresh library and what the stand-in TVmaze changed
ORDER = [
    "window shown",
    "library populated",
    "library open, live rows",
    "everything open",
    "filter keystroke",
    "filter keystroke (max)",
    "open 20-season series",
    "mark 24-episode season",
    "mark season, views refreshed",
    "service: library rows",
    "service: detail, 20-season series",
    "service: mark season",
    "service: undo mark season",
    "refresh (10 of 500 changed)",
    "refresh requests",
    "peak memory MB",
]


# -- the parts, each in a fresh process ----------------------------------------------------------


def _on_server(url: str) -> None:
    """From here on, every data folder's library is the server's (as ``--database URL``)."""
    from watchtracker.paths import AppPaths

    under = AppPaths.under.__func__  # type: ignore[attr-defined]
    AppPaths.under = classmethod(lambda cls, root: under(cls, root).with_database(url))  # type: ignore[method-assign]


def app_part(folder: Path, rounds: int) -> dict[str, float]:
    import bench_library

    bench_library.T0 = float(os.environ["BENCH_T0"])
    return bench_library.measure(folder, rounds)


def service_part(folder: Path, rounds: int) -> dict[str, float]:
    from watchtracker.app import open_library_first
    from watchtracker.paths import AppPaths
    from watchtracker.settings import Settings

    opened = open_library_first(AppPaths.under(folder), Settings())
    library = opened.library
    rows, details, marks, undos = [], [], [], []
    try:
        library.library()  # the first read pays for the connection and the caches
        long_id = library.find("Long Runner")
        detail = library.detail(long_id)
        for r in range(rounds):
            t = time.perf_counter()
            got = library.library()
            rows.append(time.perf_counter() - t)
            assert len(got) == 2000, len(got)
            t = time.perf_counter()
            library.detail(long_id)
            details.append(time.perf_counter() - t)
            ids = [e.id for e in detail.seasons[(r + 7) % len(detail.seasons)].episodes]
            library.mark_unwatched(ids)
            t = time.perf_counter()
            result = library.mark_watched(ids)
            marks.append(time.perf_counter() - t)
            assert len(result.added) == 24
            t = time.perf_counter()
            library.remove_viewings(result.added)
            library.restore_states(result.states_before)
            undos.append(time.perf_counter() - t)
    finally:
        opened.close()
    return {
        "service: library rows": statistics.median(rows) * 1000,
        "service: detail, 20-season series": statistics.median(details) * 1000,
        "service: mark season": statistics.median(marks) * 1000,
        "service: undo mark season": statistics.median(undos) * 1000,
    }


def refresh_part(folder: Path) -> dict[str, float]:
    from watchtracker.app import open_services
    from watchtracker.paths import AppPaths
    from watchtracker.settings import Settings

    services = open_services(AppPaths.under(folder), Settings())  # WATCHTRACKER_TVMAZE_URL: the stand-in
    try:
        before = services.online.tvmaze.http.requests_sent
        t = time.perf_counter()
        report = services.online.refresh()
        elapsed = time.perf_counter() - t
        assert not getattr(report, "elsewhere", False), "another computer was refreshing"
        requests = services.online.tvmaze.http.requests_sent - before
    finally:
        services.close()
    return {"refresh (10 of 500 changed)": elapsed * 1000, "refresh requests": float(requests)}


def part(name: str, folder: Path, rounds: int, server_url: str | None, tvmaze_url: str = "") -> dict[str, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=os.pathsep.join([str(ROOT), str(HERE)]))
    env.pop("WATCHTRACKER_DATABASE", None)
    if tvmaze_url:
        env["WATCHTRACKER_TVMAZE_URL"] = tvmaze_url
    cmd = [sys.executable, str(Path(__file__)), "--part", name, "--folder", str(folder), "--rounds", str(rounds)]
    if server_url:
        cmd += ["--server-url", server_url]
    import bench_speed  # its runner: a fresh process per part, figures as tab-separated lines

    return bench_speed.figures_of(cmd, env, f"{name} ({'server' if server_url else 'sqlite'})")


# -- the libraries --------------------------------------------------------------------------------


def make_refresh_library(folder: Path) -> None:
    """bench_refresh's library: FOLLOWED series followed, each known to TVmaze, refreshed 3 h ago."""
    from watchtracker.app import open_library_first
    from watchtracker.paths import AppPaths
    from watchtracker.services.online import LAST_REFRESH
    from watchtracker.settings import Settings
    from watchtracker.storage.database import session_scope
    from watchtracker.storage.tables import LibraryEntry, Series, SyncState

    opened = open_library_first(AppPaths.under(folder), Settings())
    try:
        with session_scope(opened.engine) as session:
            for i in range(FOLLOWED):
                s = Series(title=f"Show {i}", status="airing", tvmaze_id=20_000 + i, remote_updated=1_700_000_000)
                session.add(s)
                session.flush()
                session.add(LibraryEntry(series_id=s.id))
            session.add(SyncState(key=LAST_REFRESH, value=(datetime.now(UTC) - timedelta(hours=3)).isoformat()))
    finally:
        opened.close()


def copy_to_server(sqlite_file: Path, server, database: str) -> tuple[str, float]:
    import psycopg

    from watchtracker.services.location import copy_library_to
    from watchtracker.storage.database import open_database

    with psycopg.connect(server.conninfo(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    url = server.url(database)
    engine = open_database(sqlite_file)
    try:
        copied = copy_library_to(engine, url)
    finally:
        engine.dispose()
    return url, copied.seconds


# -- the report -----------------------------------------------------------------------------------


def report(runs: list[dict[str, dict[str, float]]]) -> None:
    print(f"\n{'measure':36} {'SQLite file':>17}  {'local server':>17}  {'server / SQLite':>15}")
    for key in ORDER:
        lite = [r["sqlite"][key] for r in runs if key in r["sqlite"]]
        srv = [r["server"][key] for r in runs if key in r["server"]]
        if not lite or not srv:
            continue
        ratios = [r["server"][key] / r["sqlite"][key] for r in runs if r["sqlite"].get(key) and key in r["server"]]
        unit = "" if key == "refresh requests" else (" MB" if key.endswith("MB") else " ms")
        ratio = f"{min(ratios):5.2f}–{max(ratios):<5.2f}x" if ratios else ""
        print(
            f"{key:36} {min(lite):7.1f}–{max(lite):<7.1f}{unit:3} {min(srv):7.1f}–{max(srv):<7.1f}{unit:3} {ratio:>15}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=5, help="repetitions inside a run (the median is kept)")
    parser.add_argument("--folder", type=Path, help="where the libraries are made (default: a new temp folder)")
    parser.add_argument("--part", help=argparse.SUPPRESS)
    parser.add_argument("--server-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part:
        if args.server_url:
            _on_server(args.server_url)
        made = {
            "app": lambda: app_part(args.folder, args.rounds),
            "service": lambda: service_part(args.folder, args.rounds),
            "refresh": lambda: refresh_part(args.folder),
        }[args.part]()
        for key, value in made.items():
            print(f"{key}\t{value}")
        return 0

    import bench_library
    import bench_refresh

    from tests import pg_server

    base = args.folder or Path(tempfile.mkdtemp(prefix="watchtracker-bench-server-"))
    lite = base / "sqlite"
    compileall.compile_dir(str(ROOT / "watchtracker"), quiet=1)
    if not (lite / "library.sqlite").exists():
        lite.mkdir(parents=True, exist_ok=True)
        print(f"generating the 2,000-series library in {lite} …", flush=True)
        bench_library.generate(lite, 2000, 150_000, 60_000)
    server = pg_server.start()
    parent, child = multiprocessing.Pipe()
    tvmaze = multiprocessing.Process(
        target=bench_refresh._serve, args=(child, FOLLOWED, CHANGED, EPISODES), daemon=True
    )
    tvmaze.start()
    tvmaze_url = parent.recv()
    try:
        url, seconds = copy_to_server(lite / "library.sqlite", server, "bench")
        print(f"copied to the local server in {seconds:.1f} s", flush=True)
        server_data = base / "server-data"
        server_data.mkdir(exist_ok=True)
        runs: list[dict[str, dict[str, float]]] = []
        for n in range(args.runs):
            print(f"run {n + 1} of {args.runs} …", flush=True)
            fresh = base / f"refresh-{n}"
            shutil.rmtree(fresh, ignore_errors=True)  # a run before, in the same --folder, left its own
            make_refresh_library(fresh)
            refresh_url, _ = copy_to_server(fresh / "library.sqlite", server, f"refresh_{n}")
            figures: dict[str, dict[str, float]] = {"sqlite": {}, "server": {}}
            # alternate which goes first, so that the machine's load falls on both alike
            order = [("sqlite", None), ("server", url)] if n % 2 == 0 else [("server", url), ("sqlite", None)]
            for backend, where in order:
                folder = lite if where is None else server_data
                (folder / "config" / "ui-state.ini").unlink(missing_ok=True)
                figures[backend].update(part("app", folder, args.rounds, where))
                figures[backend].update(part("service", folder, args.rounds, where))
                # the refresh changes its library: each backend refreshes its own fresh copy
                refresh_folder = fresh if where is None else base / f"refresh-{n}-server"
                figures[backend].update(part("refresh", refresh_folder, 1, where and refresh_url, tvmaze_url))
            runs.append(figures)
    finally:
        tvmaze.terminate()
        pg_server.stop(server)
    report(runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
