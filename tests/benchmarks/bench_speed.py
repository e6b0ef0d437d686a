"""The speed benchmark: every figure issue 15 names, beside its floor, in one run. Not a test.

    python tests/benchmarks/bench_speed.py [--runs 3] [--rounds 5] [--no-news]

Each run starts, in this order and each in a fresh process: the floor (an empty PySide6 window:
a ``QMainWindow`` with a label, shown, one ``processEvents``, timed from process start), the app
on a 2,000-series library (``bench_library.measure``: window shown, library populated, live
rows, filter keystrokes, opening a 20-season series, marking a season, peak memory), the
schedule services (``bench_schedule.measure``: Up next, the .ics export) and news matching
(``bench_news.measure``). Runs alternate so that the machine's load falls on all of them alike;
each figure is printed as the range over the runs, with its ratio to the floor where the floor
applies (start-up) and the aim.

Before the first run the package is compiled to bytecode, as an installed package is (pip
compiles wheels on install; a machine that sets PYTHONDONTWRITEBYTECODE would otherwise compile
every module at every start and measure that instead).
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

# figure -> (aim, unit, compared to the floor); the aims are issue 15's
AIMS: dict[str, tuple[float | None, str, bool]] = {
    "window shown": (2.0, "x floor", True),
    "library populated": (600, "ms", True),
    "library open, live rows": (1000, "ms", True),
    "everything open": (None, "ms", True),
    "filter keystroke": (8, "ms", False),
    "filter keystroke (max)": (16, "ms", False),
    "open 20-season series": (50, "ms", False),
    "mark season, views refreshed": (40, "ms", False),
    "mark 24-episode season": (None, "ms", False),
    "up next": (50, "ms", False),
    ".ics export, 30 days": (200, "ms", False),
    "news: match + classify 1,000 items": (200, "ms", False),
    "peak memory MB": (200, "MB", False),
}
ORDER = list(AIMS)


def floor() -> dict[str, float]:
    """An empty PySide6 window, shown: what any Qt for Python app pays before its own code."""
    t0 = float(os.environ["BENCH_T0"])
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication([])
    window = QMainWindow()
    window.setCentralWidget(QLabel("floor"))
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    return {"window shown": (time.perf_counter() - t0) * 1000}


def app_figures(folder: Path, rounds: int) -> dict[str, float]:
    import bench_library

    bench_library.T0 = float(os.environ["BENCH_T0"])
    return bench_library.measure(folder, rounds)


def schedule_figures(folder: Path, rounds: int) -> dict[str, float]:
    import bench_schedule

    wanted = {"up next", ".ics export, 30 days"}
    return {
        name: median
        for name, median, _, _ in bench_schedule.measure(folder / "library.sqlite", rounds)
        if name in wanted
    }


def news_figures(rounds: int) -> dict[str, float]:
    import bench_news

    _, runs, _ = bench_news.measure(2000, 1000, rounds)
    return {"news: match + classify 1,000 items": statistics.median(runs)}


def part(name: str, folder: Path, rounds: int) -> dict[str, float]:
    """Run one part in a fresh process; its figures come back as tab-separated lines."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=os.pathsep.join([str(ROOT), str(HERE)]))
    cmd = [sys.executable, str(Path(__file__)), "--part", name, "--folder", str(folder), "--rounds", str(rounds)]
    return figures_of(cmd, env, name)


def figures_of(cmd: list[str], env: dict[str, str], name: str) -> dict[str, float]:
    """Run a part's command in a fresh process (handing it this clock's reading: BENCH_T0); its
    figures come back as tab-separated lines."""
    env["BENCH_T0"] = str(time.perf_counter())  # CLOCK_MONOTONIC: the same clock in the child
    out = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if out.returncode != 0:
        raise SystemExit(f"{name} failed:\n{out.stderr}")
    figures = {}
    for line in out.stdout.splitlines():
        key, _, value = line.partition("\t")
        if value:
            figures[key] = float(value)
    return figures


def prepare(folders: dict[str, Path]) -> None:
    compileall.compile_dir(str(ROOT / "watchtracker"), quiet=1)
    sys.path[:0] = [str(ROOT), str(HERE)]
    import bench_library
    import bench_schedule

    if not (folders["app"] / "library.sqlite").exists():
        folders["app"].mkdir(parents=True, exist_ok=True)
        print(f"generating the app's library in {folders['app']} …", flush=True)
        bench_library.generate(folders["app"], 2000, 150_000, 60_000)
    if not (folders["schedule"] / "library.sqlite").exists():
        folders["schedule"].mkdir(parents=True, exist_ok=True)
        print(f"generating the schedule library in {folders['schedule']} …", flush=True)
        bench_schedule.generate(folders["schedule"] / "library.sqlite", 2000, 150_000, 60_000)


def report(runs: list[dict[str, float]], floors: list[float]) -> None:
    print(f"\n{'measure':36} {'range over runs':>19}  {'/ floor':>11}  aim")
    lo_f, hi_f = min(floors), max(floors)
    print(f"{'floor: empty PySide6 window shown':36} {lo_f:8.1f}–{hi_f:<8.1f}ms")
    for key in ORDER:
        values = [r[key] for r in runs if key in r]
        if not values:
            continue
        aim, unit, to_floor = AIMS[key]
        lo, hi = min(values), max(values)
        shown_unit = "MB" if unit == "MB" else "ms"
        # the ratio of each run to the floor measured in the same run
        ratios = [r[key] / f for r, f in zip(runs, floors, strict=True) if key in r] if to_floor else []
        ratio = f"{min(ratios):4.2f}–{max(ratios):4.2f}x" if ratios else ""
        if aim is None:
            verdict = ""
        elif unit == "x floor":
            verdict = f"≤ {aim:g}x floor  " + ("met" if max(ratios) <= aim else "not met")
        else:
            verdict = f"≤ {aim:g} {unit}  " + ("met" if hi <= aim else ("met in some runs" if lo <= aim else "not met"))
        print(f"{key:36} {lo:8.1f}–{hi:<8.1f}{shown_unit}  {ratio:>11}  {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=5, help="repetitions inside a run (the median is kept)")
    parser.add_argument("--folder", type=Path, help="where the generated libraries live (default: a temp folder)")
    parser.add_argument("--no-news", action="store_true", help="leave news matching out")
    parser.add_argument("--part", help=argparse.SUPPRESS)
    args = parser.parse_args()
    base = args.folder or Path(tempfile.gettempdir()) / "watchtracker-bench-speed"
    if args.part:
        made = {
            "floor": lambda: floor(),
            "app": lambda: app_figures(base, args.rounds),
            "schedule": lambda: schedule_figures(base, max(args.rounds, 9)),
            "news": lambda: news_figures(args.rounds),
        }[args.part]()
        for key, value in made.items():
            print(f"{key}\t{value}")
        return 0
    folders = {"app": base / "app", "schedule": base / "schedule"}
    prepare(folders)
    runs, floors = [], []
    for n in range(args.runs):
        print(f"run {n + 1} of {args.runs} …", flush=True)
        (folders["app"] / "config" / "ui-state.ini").unlink(missing_ok=True)
        figures: dict[str, float] = {}
        floors.append(part("floor", folders["app"], args.rounds)["window shown"])
        figures.update(part("app", folders["app"], args.rounds))
        figures.update(part("schedule", folders["schedule"], args.rounds))
        if not args.no_news:
            figures.update(part("news", base, args.rounds))
        runs.append(figures)
    report(runs, floors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
