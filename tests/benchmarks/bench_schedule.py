"""Benchmark: Up next and Upcoming on a large library. Not a test: run it and read the figures.

    python tests/benchmarks/bench_schedule.py [--series 2000 --episodes 150000 --viewings 60000]

Generates (once per size, reused) a library of followed series in a temporary folder: every
state, a third of them airing around "now" with weekly episodes (most with an air time, some
with a date only), specials, and announced series with imprecise premiere dates. Then times the
service calls the views make, each one a whole call (its own session and queries included), with
the clock fixed and the viewer in Europe/Berlin. Aim: Up next and Upcoming under 150 ms each.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)
AIM_MS = 150


def _ts(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def generate(path: Path, n_series: int, n_episodes: int, n_viewings: int, seed: int = 11) -> dict[str, int]:
    from watchtracker.storage.database import open_database

    open_database(path).dispose()  # the real schema, at head
    rnd = random.Random(seed)
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    stamp = _ts(NOW - timedelta(days=400))
    states = ["watching"] * 10 + ["completed"] * 3 + ["plan_to_watch"] * 3 + ["on_hold"] * 2 + ["dropped"] * 2
    networks = ["HBO", "Prime Video", "Netflix", "BBC One", "AMC", "FX", "Apple TV+", "NBC", "Hulu"]
    words = "night river empire signal harbor legacy north house crown shadow city code line".split()
    imprecise = ["2026", "2026-spring", "2026-q3", "2026-05", "2027", "2026-late"]
    per_series = n_episodes // n_series
    lorem = " ".join(rnd.choice(words) for _ in range(200))

    def summary() -> str:  # like TVmaze's: most episodes have a paragraph; rows this size matter
        return "" if rnd.random() < 0.1 else lorem[: rnd.randint(150, 600)]

    series, entries, seasons, episodes, specials = [], [], [], [], []
    watch_plan: list[tuple[int, int]] = []  # (first episode id, how many to watch)
    eid = season_id = 0
    for sid in range(1, n_series + 1):
        title = f"{rnd.choice(words).title()} {rnd.choice(words).title()} {sid}"
        state = rnd.choice(states)
        announced = sid % 40 == 0  # 5 %: no episodes yet, a premiere known roughly
        airing = not announced and rnd.random() < 0.35
        status = "announced" if announced else ("airing" if airing else rnd.choice(["ended", "cancelled", "hiatus"]))
        runtime = rnd.choice([None, 30, 45, 60])
        premiere = rnd.choice(imprecise) if announced else None
        sort = None
        if premiere:
            year, _, part = premiere.partition("-")
            sort = f"{year}-{ {'spring': '04', 'q3': '07', '05': '05', 'late': '09'}.get(part, '01') }-01"
        series.append(
            (
                sid,
                title,
                "[]",
                "",
                status,
                premiere,
                "part" if premiere else None,
                sort,
                rnd.choice(networks),
                "US",
                "English",
                '["Drama"]',
                "",
                runtime,
                stamp,
                stamp,
            )
        )
        entries.append((sid, state, sid % 17 == 0, None, "", stamp))
        if announced:
            continue
        count = per_series + rnd.randint(-10, 10)
        per_season = rnd.randint(8, 13)
        ahead = rnd.randint(1, 8) if airing else -rnd.randint(1, 300)  # weeks still to come
        first_air = NOW - timedelta(weeks=count - ahead, days=rnd.randint(0, 6), hours=rnd.randint(0, 23))
        timed = rnd.random() < 0.8
        n_seasons = (count + per_season - 1) // per_season
        for s in range(1, n_seasons + 1):
            season_id += 1
            seasons.append((season_id, sid, s, "", None, per_season))
        first_id = eid + 1
        for k in range(count):
            eid += 1
            s, n = k // per_season + 1, k % per_season + 1
            air = first_air + timedelta(weeks=k)
            episodes.append(
                (
                    eid,
                    sid,
                    season_id - n_seasons + s,
                    s,
                    n,
                    f"Episode {n}",
                    summary(),
                    air.date().isoformat(),
                    _ts(air) if timed else None,
                    rnd.choice([None, runtime or 45, 42, 58]),
                )
            )
        if sid % 10 == 0:  # a few specials
            for n in (1, 2):
                eid += 1
                air = first_air + timedelta(weeks=rnd.randint(0, count))
                specials.append((eid, sid, None, 0, n, f"Special {n}", "", air.date().isoformat(), _ts(air), 60))
        aired = sum(1 for k in range(count) if first_air + timedelta(weeks=k) <= NOW)
        if state in ("watching", "on_hold", "dropped"):
            watch_plan.append((first_id, rnd.randint(0, max(aired - 1, 0))))
        elif state == "completed":
            watch_plan.append((first_id, aired))
    con.executemany(
        "INSERT INTO series (id, title, aliases, overview, status, premiere, premiere_precision, premiere_sort,"
        " network, country, language, genres, content_rating, runtime, created_at, updated_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        series,
    )
    con.executemany(
        "INSERT INTO library_entry (series_id, state, favourite, rating, notes, added_at) VALUES (?,?,?,?,?,?)", entries
    )
    con.executemany(
        "INSERT INTO season (id, series_id, number, name, premiere, episode_order) VALUES (?,?,?,?,?,?)", seasons
    )
    con.executemany(
        "INSERT INTO episode (id, series_id, season_id, season, number, title, summary, air_date, airstamp, runtime)"
        " VALUES (?,?,?,?,?,?,?,?,?,?)",
        episodes + specials,
    )
    # viewings: the planned ones, scaled to about n_viewings, then rewatches to make up the rest
    planned = sum(n for _, n in watch_plan) or 1
    scale = min(1.0, n_viewings / planned)
    viewings = []
    for first_id, n in watch_plan:
        for k in range(int(n * scale)):
            when = NOW - timedelta(days=rnd.randint(1, 900), minutes=rnd.randint(0, 1440))
            viewings.append((first_id + k, _ts(when), "bench"))
    watched = [v[0] for v in viewings]
    while len(viewings) < n_viewings and watched:
        viewings.append((rnd.choice(watched), _ts(NOW - timedelta(days=rnd.randint(1, 300))), "bench"))
    con.executemany("INSERT INTO viewing (episode_id, watched_at, source) VALUES (?,?,?)", viewings)
    con.commit()
    con.execute("ANALYZE")
    con.close()
    return {"series": len(series), "episodes": len(episodes) + len(specials), "viewings": len(viewings)}


def measure(path: Path, rounds: int) -> list[tuple[str, float, float, str]]:
    from watchtracker.services.library import LibraryService
    from watchtracker.services.schedule import ScheduleService
    from watchtracker.services.transfer.calendar_export import CalendarExportService
    from watchtracker.storage.database import open_database

    engine = open_database(path)
    library = LibraryService(engine, clock=lambda: NOW)
    schedule = ScheduleService(engine, library, tz=ZoneInfo("Europe/Berlin"))
    export = CalendarExportService(schedule)
    calls = {
        "up next": schedule.up_next,
        "up next, with specials": lambda: schedule.up_next(include_specials=True),
        "up next, one row": lambda: schedule.up_next_row(rows[0].series_id),
        "upcoming, 30 days": schedule.upcoming,
        "upcoming, premieres only": lambda: schedule.upcoming(premieres_only=True),
        "upcoming, 365 days": lambda: schedule.upcoming(365),
        "countdown (from the items)": lambda: schedule.countdown(upcoming, 3),
        ".ics export, 30 days": lambda: export.ics(),
        "catch-up planner, one series": lambda: schedule.catch_up(rows[0].series_id),
    }
    first = time.perf_counter()
    rows = schedule.up_next()  # the very first call: a cold cache, as when the view opens
    cold = (time.perf_counter() - first) * 1000
    upcoming = schedule.upcoming()
    sizes = {
        "up next": f"{len(rows)} rows",
        "up next, with specials": f"{len(schedule.up_next(include_specials=True))} rows",
        "upcoming, 30 days": f"{len(upcoming.items)} items in {len(upcoming.days)} days, "
        f"{len(upcoming.announced)} announced",
        "upcoming, premieres only": f"{len(schedule.upcoming(premieres_only=True).items)} items",
        "upcoming, 365 days": f"{len(schedule.upcoming(365).items)} items",
        ".ics export, 30 days": f"{export.ics()[1].events} events",
    }
    figures = [("up next, first call (cold)", cold, cold, sizes["up next"])]
    for name, call in calls.items():
        times = []
        for _ in range(rounds):
            t = time.perf_counter()
            call()
            times.append((time.perf_counter() - t) * 1000)
        figures.append((name, statistics.median(times), max(times), sizes.get(name, "")))
    engine.dispose()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--series", type=int, default=2000)
    parser.add_argument("--episodes", type=int, default=150_000)
    parser.add_argument("--viewings", type=int, default=60_000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--folder", type=Path, help="where the generated library lives (default: a temp folder)")
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.gettempdir()) / (
        f"watchtracker-bench-schedule-v2-{args.series}-{args.episodes}-{args.viewings}"
    )
    path = folder / "library.sqlite"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        made = generate(path, args.series, args.episodes, args.viewings)
        print(
            f"generated {made['series']} series, {made['episodes']} episodes, {made['viewings']} viewings "
            f"in {time.perf_counter() - t:.1f} s -> {folder}"
        )
    print(f"{'measure':32} {'median':>9} {'max':>9}  aim          size")
    for name, median, worst, size in measure(path, args.rounds):
        aimed = name.startswith(("up next", "upcoming"))
        verdict = f"<= {AIM_MS} ms " + ("ok  " if median <= AIM_MS else "OVER") if aimed else " " * 14
        print(f"{name:32} {median:7.1f}ms {worst:7.1f}ms  {verdict} {size}")
    print("(figures vary with the machine's load: run it twice on a quiet machine)")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    raise SystemExit(main())
