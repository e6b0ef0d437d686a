"""Benchmark: importing a long history. Not a test: run it and read the figures.

    python tests/benchmarks/bench_import.py [--shows 500 --viewings 50000 --watched 0.1]

A library of ``--shows`` series (already there, each known by one kind of id: TVmaze, TheTVDB,
IMDb or TMDB, so matching is offline), with a tenth of the episodes already watched; then an
ImportBatch of ``--viewings`` viewings over those shows (the readers are timed on their own),
with ratings. Measures the preview (matching + counting) and the apply (backup + one
transaction), and checks the counts. The aim: under 20 s in all.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from watchtracker.domain.transfer import ExternalIds, ImportBatch, ImportedShow, ImportedViewing  # noqa: E402
from watchtracker.services.transfer.importer import ImportService  # noqa: E402
from watchtracker.storage.database import open_database  # noqa: E402

AIM_S = 20.0
KINDS = ("tvmaze", "thetvdb", "imdb", "tmdb")


def generate(folder: Path, shows: int, viewings: int, watched: float, seed: int = 7):
    """The library (straight SQL, fast) and the batch to import."""
    engine = open_database(folder / "library.sqlite", folder / "backups")
    rnd = random.Random(seed)
    per_show = max(1, viewings // shows)
    seasons, per_season = max(1, per_show // 20), 20
    episodes_per_show = seasons * per_season
    now = "2026-01-01 00:00:00.000000"
    con = sqlite3.connect(folder / "library.sqlite")
    series, entries, eps, views = [], [], [], []
    eid = 0
    for sid in range(1, shows + 1):
        series.append(
            (
                sid,
                f"Show {sid}",
                "[]",
                "",
                "ended",
                "2010",
                "year",
                "2010-01-01",
                "",
                "US",
                "English",
                "[]",
                "",
                45,
                now,
                now,
                10_000 + sid,
                20_000 + sid,
                f"tt{30_000 + sid:07d}",
                40_000 + sid,
            )
        )
        entries.append((sid, "watching", 0, None, "", now, 0))
        for s in range(1, seasons + 1):
            for n in range(1, per_season + 1):
                eid += 1
                eps.append((eid, sid, s, n, f"Episode {n}", "", "2012-01-01"))
                if rnd.random() < watched:
                    views.append((eid, "2020-01-01 20:00:00.000000", "manual"))
    con.executemany(
        "INSERT INTO series (id, title, aliases, overview, status, premiere, premiere_precision, premiere_sort,"
        " network, country, language, genres, content_rating, runtime, created_at, updated_at, tvmaze_id,"
        " thetvdb_id, imdb_id, tmdb_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        series,
    )
    con.executemany(
        "INSERT INTO library_entry (series_id, state, favourite, rating, notes, added_at, alerts_muted)"
        " VALUES (?,?,?,?,?,?,?)",
        entries,
    )
    con.executemany(
        "INSERT INTO episode (id, series_id, season, number, title, summary, air_date) VALUES (?,?,?,?,?,?,?)", eps
    )
    con.executemany("INSERT INTO viewing (episode_id, watched_at, source) VALUES (?,?,?)", views)
    con.commit()
    con.close()

    start = datetime(2018, 1, 1, 20, tzinfo=UTC)
    batch_shows = []
    left = viewings
    for sid in range(1, shows + 1):
        kind = KINDS[sid % len(KINDS)]
        ids = ExternalIds(
            **{
                kind: {
                    "tvmaze": 10_000 + sid,
                    "thetvdb": 20_000 + sid,
                    "imdb": f"tt{30_000 + sid:07d}",
                    "tmdb": 40_000 + sid,
                }[kind]
            }
        )
        count = min(per_show if sid < shows else left, left)
        left -= count
        vs = []
        for k in range(count):  # a rewatch once every episode is seen
            s, n = divmod(k % episodes_per_show, per_season)
            vs.append(ImportedViewing(s + 1, n + 1, start + timedelta(hours=sid * 7 + k * 13)))
        batch_shows.append(ImportedShow(f"trakt-{sid}", f"Show {sid}", 2010, ids, tuple(vs), rating=rnd.randint(1, 10)))
    return engine, ImportBatch(format="trakt", shows=tuple(batch_shows), source="benchmark")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shows", type=int, default=500)
    ap.add_argument("--viewings", type=int, default=50_000)
    ap.add_argument("--watched", type=float, default=0.1, help="share of episodes already watched")
    ap.add_argument(
        "--window",
        action="store_true",
        help="through the window's import dialog: time to the preview, to done, and the "
        "longest pause of the GUI thread meanwhile",
    )
    args = ap.parse_args()
    if args.window:
        return through_the_window(args)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        engine, batch = generate(folder, args.shows, args.viewings, args.watched)
        print(
            f"generated {args.shows} series and {batch.viewing_count} viewings to import "
            f"in {time.perf_counter() - t:.1f} s"
        )
        importer = ImportService(engine, None, folder / "backups")
        t0 = time.perf_counter()
        plan = importer.plan(batch)
        t1 = time.perf_counter()
        report = importer.apply(plan)
        t2 = time.perf_counter()
        with engine.connect() as conn:
            total = conn.exec_driver_sql("SELECT COUNT(*) FROM viewing").scalar()
        engine.dispose()
    print(f"matched {len(report.matched)} of {report.shows} shows offline; pending {len(report.pending)}")
    print(
        f"viewings: {report.viewings_added} added, {report.duplicates} duplicates, "
        f"{report.conflicts} conflicts (kept), {report.unplaced} unplaced; {report.ratings_set} ratings; "
        f"{total} viewings in the library now"
    )
    print(f"preview (match + count): {t1 - t0:6.2f} s")
    print(f"apply (backup + one transaction): {t2 - t1:6.2f} s")
    print(f"total: {t2 - t0:6.2f} s (aim < {AIM_S:.0f} s) {'OK' if t2 - t0 < AIM_S else 'SLOW'}")
    assert len(report.matched) == args.shows and not report.pending
    assert (
        report.viewings_added
        + report.duplicates
        + report.unplaced
        + (report.conflicts if report.duplicate_policy == "skip" else 0)
        == batch.viewing_count
    )
    return 0 if t2 - t0 < AIM_S else 1


def through_the_window(args) -> int:
    """The same import driven through ImportDialog (read the batch is replaced by the generated
    one): how long until the preview and the outcome are on screen, and how long the GUI thread
    was ever kept from its event loop (a 5 ms timer measures the gaps)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from watchtracker.ui.tasks import TaskRunner, freeze_heap
    from watchtracker.ui.transfer.import_wizard import ImportDialog

    app = QApplication.instance() or QApplication([])
    freeze_heap()  # as the app does once the library is open
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        engine, batch = generate(folder, args.shows, args.viewings, args.watched)
        importer = ImportService(engine, None, folder / "backups")
        importer.detect = lambda path: "trakt"  # the batch is generated, not read from a file
        importer.read = lambda path, fmt=None: batch  # (the dialog freezes it, as one it had read)
        ask, write = TaskRunner(), TaskRunner()
        dialog = ImportDialog(importer, ask=ask.run, write=write.run, online=False)
        dialog.show()
        dialog.path_edit.setText(str(folder / "generated"))
        gaps, last = [], [time.perf_counter()]

        def tick():
            now = time.perf_counter()
            gaps.append(now - last[0])
            last[0] = now

        timer = QTimer(interval=5)
        timer.timeout.connect(tick)
        timer.start()

        def step(start) -> tuple[str, float]:
            loop, got = QEventLoop(), []
            dialog.finished_step.connect(lambda name: (got.append(name), loop.quit()))
            t = time.perf_counter()
            start()
            loop.exec()
            dialog.finished_step.disconnect()
            return got[0], time.perf_counter() - t

        QApplication.processEvents()
        last[0] = time.perf_counter()
        gaps.clear()
        name, t_preview = step(dialog.start_preview)
        preview_gap = max(gaps, default=0.0)
        gaps.clear()
        name2, t_apply = step(dialog.start_import)
        apply_gap = max(gaps, default=0.0)
        timer.stop()
        ask.wait()
        write.wait()
        dialog.close()
        engine.dispose()
    print(f"window: preview on screen after {t_preview:.2f} s ({name}), longest GUI pause {preview_gap * 1000:.0f} ms")
    print(f"window: import done after {t_apply:.2f} s ({name2}), longest GUI pause {apply_gap * 1000:.0f} ms")
    del app
    return 0 if name == "preview" and name2 == "done" else 1


if __name__ == "__main__":
    sys.exit(main())
