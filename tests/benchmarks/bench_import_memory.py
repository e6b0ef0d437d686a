"""Benchmark: peak memory of reading an export, per MB of file. Not a test: run it and read the
figures.

    python tests/benchmarks/bench_import_memory.py [--mb 50] [--what own,preview,trakt,seriesguide,tvtime,imdb]

For each kind, a valid export of about ``--mb`` MB is generated in a temporary folder (our own
format: series with episodes, summaries, viewings and cast; Trakt: a watched-history.json;
SeriesGuide: a shows backup; TV Time and IMDb: CSVs), then read in a fresh Python process, which
reports its peak resident memory (``ru_maxrss``) over a bare interpreter with the same imports.
"own" reads and checks our export (``read_own_export``); "preview" also computes the import
preview into an empty library (what the window does before asking).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

SUMMARY = (
    "Harry Bosch, an LAPD homicide detective, pursues a killer while standing trial for a "
    "shooting; his daughter Maddie weighs her future, and an old case comes back. "
) * 2


def own_export(path: Path, mb: float, seed: int = 7, lean: bool = False) -> None:
    """Our format, streamed to disk series by series (the generator itself stays small).
    ``lean``: no summaries and more viewings, the most objects per MB (the worst case)."""
    rnd = random.Random(seed)
    summary = "" if lean else SUMMARY
    target = int(mb * 1024 * 1024)
    with path.open("w", encoding="utf-8") as f:
        f.write(
            '{\n  "format": "watchtracker",\n  "version": 1,\n  "exported_at": "2026-12-03T06:45:44Z",\n'
            '  "app_version": "bench",\n  "series": [\n'
        )
        sid = 0
        while f.tell() < target:
            sid += 1
            episodes = []
            for season in range(1, 6):
                for number in range(1, 21):
                    views = [
                        {
                            "watched_at": f"20{rnd.randint(10, 25)}-0{rnd.randint(1, 9)}-1{rnd.randint(0, 9)}T"
                            f"2{rnd.randint(0, 3)}:10:00Z",
                            "source": "import:trakt",
                        }
                        for _ in range(rnd.choice((1, 2, 3, 4) if lean else (0, 1, 1, 2)))
                    ]
                    episodes.append(
                        {
                            "season": season,
                            "number": number,
                            "title": f"Chapter {number}",
                            "summary": summary,
                            "air_date": "2015-02-13",
                            "airstamp": "2015-02-13T08:00:00Z",
                            "runtime": 50,
                            "tvmaze_id": sid * 1000 + season * 100 + number,
                            "viewings": views,
                        }
                    )
            doc = {
                "key": f"s{sid}",
                "title": f"Series {sid}",
                "aliases": [],
                "overview": summary,
                "status": "ended",
                "premiere": "2014",
                "ended": None,
                "network": "Prime Video",
                "country": "US",
                "language": "English",
                "genres": ["Crime", "Drama"],
                "content_rating": "",
                "runtime": 50,
                "poster_url": None,
                "external_ids": {"tvmaze": sid, "thetvdb": None, "imdb": None, "tmdb": None},
                "remote_updated": None,
                "created_at": "2020-01-01T00:00:00Z",
                "updated_at": "2020-01-01T00:00:00Z",
                "entry": {
                    "state": "watching",
                    "favourite": False,
                    "rating": 8,
                    "notes": "",
                    "added_at": "2020-01-01T00:00:00Z",
                    "alerts_muted": False,
                },
                "seasons": [
                    {"number": n, "name": "", "premiere": None, "episode_order": 20, "tvmaze_id": None}
                    for n in range(1, 6)
                ],
                "episodes": episodes,
                "cast": [
                    {
                        "name": f"Actor {k}",
                        "character": f"Role {k}",
                        "role": "actor",
                        "position": k,
                        "person_tvmaze_id": None,
                        "image_url": None,
                    }
                    for k in range(8)
                ],
            }
            f.write(("" if sid == 1 else ",\n") + json.dumps(doc, indent=2))
        f.write(
            '\n  ],\n  "franchises": [],\n  "relations": [],\n  "announcements": [],\n  "feeds": [],\n'
            '  "muted_kinds": [],\n  "pending_imports": []\n}\n'
        )


def trakt_history(folder: Path, mb: float) -> Path:
    folder.mkdir()
    path = folder / "watched-history.json"
    target = int(mb * 1024 * 1024)
    with path.open("w", encoding="utf-8") as f:
        f.write("[\n")
        i = 0
        while f.tell() < target:
            i += 1
            sid = i % 700
            f.write(
                ("" if i == 1 else ",\n")
                + json.dumps(
                    {
                        "id": 9_000_000_000 + i,
                        "watched_at": "2025-03-21T02:14:00.000Z",
                        "action": "watch",
                        "type": "episode",
                        "episode": {
                            "season": i % 9 + 1,
                            "number": i % 23 + 1,
                            "title": f"Episode {i}",
                            "ids": {"trakt": i, "tvdb": i, "imdb": None, "tmdb": i, "tvrage": None},
                        },
                        "show": {
                            "title": f"Show {sid}",
                            "year": 2015,
                            "ids": {
                                "trakt": sid,
                                "slug": f"show-{sid}",
                                "tvdb": sid + 1,
                                "imdb": f"tt{sid:07d}",
                                "tmdb": sid,
                                "tvrage": None,
                            },
                        },
                    },
                    indent=2,
                )
            )
        f.write("\n]\n")
    return folder


def seriesguide_shows(folder: Path, mb: float) -> Path:
    folder.mkdir()
    path = folder / "sg-shows-export.json"
    target = int(mb * 1024 * 1024)
    with path.open("w", encoding="utf-8") as f:
        f.write("[")
        sid = 0
        while f.tell() < target:
            sid += 1
            f.write(
                ("" if sid == 1 else ",")
                + json.dumps(
                    {
                        "tmdb_id": sid,
                        "tvdb_id": sid,
                        "imdb_id": f"tt{sid:07d}",
                        "title": f"Show {sid}",
                        "first_aired": "2015-02-13T08:00:00.000Z",
                        "favorite": False,
                        "hidden": False,
                        "last_watched_ms": 1_700_000_000_000,
                        "rating_user": 8,
                        "seasons": [
                            {
                                "season": s,
                                "episodes": [
                                    {
                                        "episode": e,
                                        "title": f"Episode {e}",
                                        "watched": True,
                                        "plays": 1,
                                        "first_aired": 1_423_814_400_000,
                                        "tvdb_id": sid * 1000 + s * 100 + e,
                                    }
                                    for e in range(1, 21)
                                ],
                            }
                            for s in range(1, 6)
                        ],
                    }
                )
            )
        f.write("]")
    return folder


def tvtime_csv(folder: Path, mb: float) -> Path:
    """(The rows are capped: files.MAX_CSV_ROWS, about 25 MB of these.)"""
    folder.mkdir()
    path = folder / "seen_episode.csv"
    target = int(mb * 1024 * 1024)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "user_id",
                "episode_id",
                "created_at",
                "updated_at",
                "tv_show_id",
                "tv_show_name",
                "episode_season_number",
                "episode_number",
            ]
        )
        i = 0
        while f.tell() < target and i < 290_000:
            i += 1
            w.writerow(
                [
                    1,
                    i,
                    "2024-01-10 21:00:00",
                    "2024-01-10 21:00:00",
                    i % 700 + 1,
                    f"Show {i % 700}",
                    i % 9 + 1,
                    i % 23 + 1,
                ]
            )
    return folder


def imdb_csv(folder: Path, mb: float) -> Path:
    folder.mkdir()
    path = folder / "ratings.csv"
    target = int(mb * 1024 * 1024)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "Const",
                "Your Rating",
                "Date Rated",
                "Title",
                "Original Title",
                "URL",
                "Title Type",
                "IMDb Rating",
                "Runtime (mins)",
                "Year",
                "Genres",
                "Num Votes",
                "Release Date",
                "Directors",
            ]
        )
        i = 0
        while f.tell() < target:
            i += 1
            w.writerow(
                [
                    f"tt{i:08d}",
                    i % 10 + 1,
                    "2024-01-10",
                    f"Show {i}",
                    f"Show {i}",
                    f"https://www.imdb.com/title/tt{i:08d}/",
                    "TV Series",
                    7.5,
                    50,
                    2015,
                    "Crime, Drama",
                    1000,
                    "2015-02-13",
                    "",
                ]
            )
    return folder


MEASURE = r"""
import resource, sys, time
sys.path.insert(0, {root!r})
from watchtracker.services.transfer import own_format
from watchtracker.services.transfer import importer
from watchtracker.providers.imports import files, trakt, tvtime, seriesguide, imdb
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
what, path = {what!r}, {path!r}
if what == "own":
    doc = own_format.read_own_export(path)
    n = doc.viewing_count
elif what == "preview":
    import tempfile
    from pathlib import Path
    from watchtracker.storage.database import open_database
    folder = Path(tempfile.mkdtemp())
    engine = open_database(folder / "library.sqlite", folder / "backups")
    doc = own_format.read_own_export(path)
    n = own_format.preview_own(engine, doc).viewings_new
else:
    with files.open_source(path) as src:
        n = importer.available_readers()[what].read(src).viewing_count
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(base, peak, n, time.perf_counter() - t)
"""


def measure(what: str, path: Path) -> tuple[float, float, int, float]:
    out = subprocess.run(
        [sys.executable, "-c", MEASURE.format(root=str(ROOT), what=what, path=str(path))],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        raise SystemExit(f"{what}: {out.stderr.strip().splitlines()[-1]}")
    base, peak, n, seconds = out.stdout.split()
    return int(base) / 1024, int(peak) / 1024, int(n), float(seconds)  # ru_maxrss is in kB on Linux


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=50)
    ap.add_argument("--what", default="own,own-lean,preview-lean,trakt,seriesguide,tvtime,imdb")
    args = ap.parse_args()
    makers = {"trakt": trakt_history, "seriesguide": seriesguide_shows, "tvtime": tvtime_csv, "imdb": imdb_csv}
    with tempfile.TemporaryDirectory() as tmp:
        for what in args.what.split(","):
            t = time.perf_counter()
            if what.startswith(("own", "preview")):
                path = Path(tmp) / f"{what}.json"
                own_export(path, args.mb, lean=what.endswith("-lean"))
                size = path.stat().st_size
            else:
                path = makers[what](Path(tmp) / what, args.mb)
                size = sum(p.stat().st_size for p in path.iterdir())
            made = time.perf_counter() - t
            base, peak, n, seconds = measure(what.removesuffix("-lean"), path)
            mb = size / 1024 / 1024
            print(
                f"{what:12s} {mb:7.1f} MB file ({made:4.1f} s to make), {n:>9,} viewings: peak {peak:8.0f} MB, "
                f"{peak - base:8.0f} MB over the bare process = {(peak - base) / mb:5.1f} × the file; "
                f"read in {seconds:5.1f} s"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
