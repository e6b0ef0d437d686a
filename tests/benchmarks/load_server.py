"""Load test: several processes on one PostgreSQL library, marking, unmarking and editing at once.

    python tests/benchmarks/load_server.py [--processes 8 --seconds 60] [--url URL] [--seed 1]

Starts its own throw-away server (tests/pg_server.py) unless --url names an EMPTY database, makes
a library there (the example library and a few generated series, every series followed) and runs
N worker processes (multiprocessing, spawn), each opening the library as the app does
(``open_library_first``: its own engine and LibraryService). For the time given they do, at random:
mark watched, watch again, mark unwatched, undo a mark of their own, and edit a library entry
(notes, rating, state). Every BURST seconds all of them act at the same moment on the same
episodes (or the same entry): mark watched together, a mix of mark / unmark / watch again, or
the same entry's notes edited by everyone from what each read.

Each worker logs every call and what it returned (viewing ids added, viewings removed, the value
it read before an edit). At the end the logs and the database are checked:

- every viewing a worker added that no one removed is there (and a removed one is not); no
  viewing is there that no worker reported (a call reported as failed that was kept); no uid twice;
- no episode got a second viewing from ``mark_watched``: two viewings that were there together
  (both at the end, or both removed by one ``mark_unwatched``) of which one came from
  ``mark_watched`` are a violation, unless the other came from a ``rewatch`` running at the same
  time (only ``rewatch`` adds a second viewing);
- ``series_progress`` equals a fresh count (migration 0009's backfill query);
- no worker error other than a reported conflict: DatabaseLocked (deadlock, serialization,
  lock timeout, as ``storage.server.explain_server_error`` words them) or ChangedElsewhere (when
  watchtracker.errors has it);
- no silent overwrite of an edit: the entry's final notes are the last successful write (a write
  reported as refused is never kept; no successful write began after the kept one returned); when
  the library's entries carry a row version that ``update_entry`` takes, two successful edits of
  one entry from the same version read are a violation (one overwrote the other unseen). Without
  row versions the API cannot refuse such a write: they are counted and reported, not failed.

Exit status 1 when there is a violation.
"""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import json
import multiprocessing
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BURST = 0.25  # seconds between the moments every worker acts on the same things
GENERATED = [("Load Runner", 6, 12), ("Load Short", 2, 10), ("Load Middle", 4, 10), ("Load Tail", 3, 8)]
STATES = ["watching", "completed", "on_hold", "dropped", "plan_to_watch"]


# -- the library ---------------------------------------------------------------------------------


def make_library(url: str, folder: Path) -> dict[str, Any]:
    """The example library and the generated series in the (empty) database at ``url``, every
    series followed. Returns what the workers need: episode ids, series ids, the viewings there."""
    from sqlmodel import col, select

    from watchtracker.app import open_library_first
    from watchtracker.paths import AppPaths
    from watchtracker.services.example import load_example
    from watchtracker.settings import Settings
    from watchtracker.storage.database import session_scope
    from watchtracker.storage.tables import Episode, LibraryEntry, Series, Viewing

    opened = open_library_first(AppPaths.under(folder / "maker").with_database(url), Settings())
    try:
        load_example(opened.engine)
        with session_scope(opened.engine) as session:
            for title, seasons, per_season in GENERATED:
                series = Series(title=title, status="ended")
                session.add(series)
                session.flush()
                for k in range(seasons * per_season):
                    air = date(2015, 1, 1) + timedelta(days=7 * k)
                    session.add(
                        Episode(
                            series_id=series.id, season=k // per_season + 1, number=k % per_season + 1, air_date=air
                        )
                    )
            session.flush()
            followed = set(session.exec(select(LibraryEntry.series_id)))
            for sid in session.exec(select(Series.id)):
                if sid not in followed:
                    session.add(LibraryEntry(series_id=sid, state="plan_to_watch"))
        with session_scope(opened.engine) as session:
            episodes = sorted(session.exec(select(Episode.id, Episode.series_id)).all())
            series = sorted(session.exec(select(Series.id)).all())
            viewings = session.exec(select(Viewing.id, Viewing.episode_id).order_by(col(Viewing.id))).all()
    finally:
        opened.close()
    return {
        "episodes": [e for e, _ in episodes],
        "series_of": {str(e): s for e, s in episodes},
        "series": list(series),
        "viewings_before": [[v, e] for v, e in viewings],
    }


def version_support() -> tuple[str | None, str | None]:
    """(the library entry's row-version column, update_entry's parameter for the version read),
    each None when the code does not have it (yet)."""
    from watchtracker.services.library import LibraryService
    from watchtracker.storage.tables import LibraryEntry

    column = next((n for n in ("version", "row_version", "revision") if n in LibraryEntry.model_fields), None)
    params = inspect.signature(LibraryService.update_entry).parameters
    param = next((p for p in params if "version" in p), None)
    return column, param


def changed_elsewhere() -> type[BaseException] | None:
    import watchtracker.errors as errors

    return getattr(errors, "ChangedElsewhere", None)


# -- a worker ------------------------------------------------------------------------------------


@dataclass
class Job:
    index: int
    url: str
    folder: str
    plan: dict[str, Any]
    start_at: float  # time.time() of the first moment
    seconds: float
    seed: int
    processes: int


def worker(job: Job, ready: Any) -> None:
    """One computer: opens the library as the app does and acts until the time is up; every call
    and its outcome go to its log (JSON lines)."""
    from sqlalchemy import text

    from watchtracker.app import open_library_first
    from watchtracker.paths import AppPaths
    from watchtracker.settings import Settings

    opened = open_library_first(
        AppPaths.under(Path(job.folder) / f"worker-{job.index}").with_database(job.url), Settings()
    )
    library, engine, location = opened.library, opened.engine, opened.server
    assert location is not None, "the load test runs on a server"
    column, param = version_support()
    conflict_types = tuple(t for t in (changed_elsewhere(),) if t is not None)
    rnd = random.Random(job.seed * 1000 + job.index)
    episodes: list[int] = job.plan["episodes"]
    series: list[int] = job.plan["series"]
    mine: list[int] = []  # viewing ids this worker added (for its undo)
    seq = 0
    log = open(Path(job.folder) / f"worker-{job.index}.jsonl", "w", encoding="utf-8")  # noqa: SIM115

    def read_entry(sid: int) -> tuple[str, Any]:
        cols = "notes" + (f", {column}" if column else "")
        with engine.connect() as conn:
            row = conn.execute(text(f"SELECT {cols} FROM library_entry WHERE series_id = :s"), {"s": sid}).one()
        return row[0], (row[1] if column else None)

    def call(op: str, fn: Any, **record: Any) -> Any:
        t0 = time.time()
        entry: dict[str, Any] = {"w": job.index, "op": op, "t0": t0, **record}
        result = None
        try:
            result = fn()
            entry["outcome"] = "ok"
        except Exception as exc:  # noqa: BLE001 - every outcome is logged and judged afterwards
            entry["outcome"], entry["error"] = classify(exc, location, conflict_types)
        entry["t1"] = time.time()
        if result is not None and hasattr(result, "added"):
            entry["added"] = list(result.added)
            entry["removed"] = [[r.id, r.episode_id] for r in result.removed]
            mine.extend(result.added)
        log.write(json.dumps(entry) + "\n")
        return result

    def edit(sid: int, what: str) -> None:
        nonlocal seq
        seq += 1
        notes, version = read_entry(sid)
        extra = {param: version} if (param and column) else {}
        kwargs: dict[str, Any]
        if what == "notes":
            kwargs = {"notes": f"worker-{job.index}-seq-{seq}"}
        elif what == "rating":
            kwargs = {"rating": rnd.choice([None, *range(1, 11)])}
        else:
            from watchtracker.domain.enums import ViewerState

            kwargs = {"state": ViewerState(rnd.choice(STATES))}
        shown = {k: (v.value if hasattr(v, "value") else v) for k, v in kwargs.items()}
        call(
            "edit",
            lambda: library.update_entry(sid, **kwargs, **extra),
            series=sid,
            field=what,
            wrote=shown,
            read_notes=notes,
            read_version=version,
        )

    def random_op() -> None:
        roll = rnd.random()
        if roll < 0.35:
            ids = _some(rnd, episodes)
            call("mark", lambda: library.mark_watched(ids), episodes=ids)
        elif roll < 0.45:
            ids = _some(rnd, episodes, 2)
            call("rewatch", lambda: library.rewatch(ids), episodes=ids)
        elif roll < 0.60:
            ids = _some(rnd, episodes)
            call("unmark", lambda: library.mark_unwatched(ids), episodes=ids)
        elif roll < 0.65 and mine:
            ids = [mine.pop(rnd.randrange(len(mine)))]
            call("undo", lambda: library.remove_viewings(ids), viewings=ids)
        else:
            edit(rnd.choice(series), rnd.choice(["notes", "notes", "rating", "state"]))

    def burst(slot: int) -> None:
        """What every worker does at this moment: the same choice in each (seeded by the slot)."""
        shared = random.Random(job.seed * 1_000_003 + slot)
        kind = shared.choices(["mark", "mixed", "edit"], weights=[6, 3, 2])[0]
        ids = _some(shared, episodes, 6)
        sid = shared.choice(series)
        _wait_until(job.start_at + slot * BURST)
        if kind == "mark" or (kind == "mixed" and job.index % 3 == 0):
            call("mark", lambda: library.mark_watched(ids), episodes=ids, burst=slot)
        elif kind == "mixed" and job.index % 3 == 1:
            call("unmark", lambda: library.mark_unwatched(ids), episodes=ids, burst=slot)
        elif kind == "mixed":
            call("rewatch", lambda: library.rewatch(ids[:1]), episodes=ids[:1], burst=slot)
        else:
            edit(sid, "notes")

    ready.wait()  # every worker open before the clock starts
    end = job.start_at + job.seconds
    slot = 1
    _wait_until(job.start_at)
    while time.time() < end:
        next_burst = job.start_at + slot * BURST
        if time.time() >= next_burst - 0.01:
            if next_burst < end:
                burst(slot)
            slot = int((time.time() - job.start_at) / BURST) + 1  # a late worker skips the moments it missed
            continue
        random_op()
    log.close()
    opened.close()


def classify(exc: BaseException, location: Any, conflict_types: tuple[type[BaseException], ...]) -> tuple[str, str]:
    """("conflict", why) for a conflict the user is told about; ("error", what) for anything else."""
    from sqlalchemy.exc import DBAPIError

    from watchtracker.errors import DatabaseLocked
    from watchtracker.storage.server import explain_server_error

    if conflict_types and isinstance(exc, conflict_types):
        return "conflict", f"{type(exc).__name__}: {exc}"
    if isinstance(exc, DatabaseLocked):
        return "conflict", f"DatabaseLocked: {exc}"
    if isinstance(exc, DBAPIError):
        explained = explain_server_error(exc, location, "save the change")
        state = str(getattr(exc.orig, "sqlstate", "") or "")
        if isinstance(explained, DatabaseLocked):
            return "conflict", f"DatabaseLocked ({state})"
        return "error", f"{type(exc).__name__} ({state}): {str(exc.orig).splitlines()[0] if exc.orig else exc}"
    return "error", f"{type(exc).__name__}: {exc}"


def _some(rnd: random.Random, episodes: list[int], most: int = 4) -> list[int]:
    """A few neighbouring episodes (a season's stretch), as a viewer marks them."""
    n = rnd.randint(1, most)
    start = rnd.randrange(len(episodes) - n)
    return episodes[start : start + n]


def _wait_until(moment: float) -> None:
    while (left := moment - time.time()) > 0:
        time.sleep(min(left, 0.05) if left > 0.002 else 0)


# -- the verdict ---------------------------------------------------------------------------------


@dataclass
class Summary:
    processes: int
    seconds: float
    calls: Counter = field(default_factory=Counter)  # op -> calls
    conflicts: Counter = field(default_factory=Counter)  # why -> count
    violations: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    contended_marks: int = 0  # burst moments where >= 2 workers marked the same episodes at once
    versioned: bool = False
    unguarded_overwrites: int = 0

    @property
    def ops_per_second(self) -> float:
        return sum(self.calls.values()) / self.seconds

    def lines(self) -> list[str]:
        out = [
            f"{self.processes} processes, {self.seconds:.0f} s: {sum(self.calls.values())} calls, "
            f"{self.ops_per_second:.0f} per second ("
            + ", ".join(f"{op} {n}" for op, n in sorted(self.calls.items()))
            + ")",
            f"moments where several workers marked the same episodes at once: {self.contended_marks}",
            f"conflicts reported: {sum(self.conflicts.values())}"
            + (
                " (" + ", ".join(f"{why} {n}" for why, n in self.conflicts.most_common()) + ")"
                if self.conflicts
                else ""
            ),
            "edits: "
            + (
                "row versions in use (a conflicting edit must be refused)"
                if self.versioned
                else f"no row versions in the API yet: {self.unguarded_overwrites} edits overwrote another's "
                "unseen (last writer wins; nothing the API can refuse today)"
            ),
            *self.notes,
            f"violations: {len(self.violations)}",
            *(f"  {v}" for v in self.violations[:30]),
        ]
        if len(self.violations) > 30:
            out.append(f"  … and {len(self.violations) - 30} more")
        return out


def verify(url: str, plan: dict[str, Any], logs: list[dict[str, Any]], summary: Summary) -> None:
    from sqlalchemy import create_engine, text

    from watchtracker.storage.server import connect_args, parse_server_url

    column, param = version_support()
    summary.versioned = bool(column and param)
    location = parse_server_url(url)
    engine = create_engine(location.url, connect_args=connect_args(location))
    try:
        with engine.connect() as conn:
            final = {r[0]: (r[1], r[2]) for r in conn.execute(text("SELECT id, episode_id, uid FROM viewing"))}
            entries = {r[0]: r[1] for r in conn.execute(text("SELECT series_id, notes FROM library_entry"))}
            progress = sorted(tuple(r) for r in conn.execute(text("SELECT * FROM series_progress")))
            fresh = sorted(tuple(r) for r in conn.execute(text(_fresh_progress_sql())))
    finally:
        engine.dispose()
    bad = summary.violations.append

    for entry in logs:
        summary.calls[entry["op"]] += 1
        if entry["outcome"] == "conflict":
            summary.conflicts[entry["error"].split(":")[0]] += 1
        elif entry["outcome"] == "error":
            bad(f"worker {entry['w']}: {entry['op']} failed, not as a reported conflict: {entry['error']}")

    # -- viewings: none lost, none kept that was removed or never reported
    before = {v: e for v, e in plan["viewings_before"]}
    first_new = max(before, default=0)
    added: dict[int, dict[str, Any]] = {}
    removed_by: dict[int, list[int]] = defaultdict(list)  # viewing -> the calls (log index) that removed it
    for i, entry in enumerate(logs):
        if entry["outcome"] != "ok":
            continue
        for vid in entry.get("added", []):
            if vid in added:
                bad(f"viewing {vid} reported added by two calls")
            added[vid] = entry
        for vid, _ in entry.get("removed", []):
            removed_by[vid].append(i)
    for vid, entry in added.items():
        if vid not in removed_by and vid not in final:
            bad(f"viewing {vid} ({entry['op']} by worker {entry['w']}) lost: nobody removed it, it is gone")
    for vid in removed_by:
        if vid in final:
            bad(f"viewing {vid} was reported removed and is still there")
    for vid in final:
        if vid > first_new and vid not in added:
            bad(f"viewing {vid} is there but no call reported adding it (a refused call that was kept?)")
    for uid, n in Counter(u for _, u in final.values()).items():
        if uid is not None and n > 1:
            bad(f"viewing uid {uid} is there {n} times")

    # -- a second viewing from mark_watched: two that were there together, one of them a mark's
    together: list[tuple[int, list[int]]] = []  # (episode, viewings of it that were there at once)
    by_episode: dict[int, list[int]] = defaultdict(list)
    for vid, (eid, _) in final.items():
        by_episode[eid].append(vid)
    together += [(eid, v) for eid, v in by_episode.items() if len(v) > 1]
    for entry in logs:
        if entry["outcome"] == "ok" and entry["op"] == "unmark":
            per: dict[int, list[int]] = defaultdict(list)
            for vid, eid in entry["removed"]:
                per[eid].append(vid)
            together += [(eid, v) for eid, v in per.items() if len(v) > 1]
    doubled = set()
    for eid, group in together:
        for a in group:
            if a not in added or added[a]["op"] != "mark":
                continue
            for b in group:
                if b == a or _concurrent_rewatch(added.get(b), added[a]):
                    continue
                doubled.add((eid, min(a, b), max(a, b)))
    for eid, a, b in sorted(doubled, key=str):
        how = " and ".join(
            f"{added[v]['op']} by worker {added[v]['w']}" if v in added else "there before" for v in (a, b)
        )
        bad(f"episode {eid} got two viewings {a}, {b} ({how}): mark_watched added a second")

    # -- contention actually happened (else the test proves nothing)
    moments: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for entry in logs:
        if entry["op"] == "mark" and "burst" in entry and entry["outcome"] == "ok":
            moments[entry["burst"]].append(entry)
    summary.contended_marks = sum(1 for calls in moments.values() if len(calls) >= 2 and _overlap(calls))

    # -- series_progress
    if progress != fresh:
        differ = sorted(set(progress) ^ set(fresh))[:6]
        bad(f"series_progress differs from a fresh count ({len(set(progress) ^ set(fresh))} rows), e.g. {differ}")

    # -- edits: the kept value is the last successful write; a refused one is never kept
    edits = [e for e in logs if e["op"] == "edit"]
    notes_writes: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for e in edits:
        if e["field"] == "notes":
            notes_writes[e["series"]].append(e)
    for sid, writes in notes_writes.items():
        kept = entries.get(sid)
        ok = [w for w in writes if w["outcome"] == "ok"]
        source = [w for w in writes if w["wrote"]["notes"] == kept]
        if not source:
            if ok:
                bad(f"series {sid}: its notes {kept!r} are no write's, though {len(ok)} writes succeeded")
            continue
        w = source[0]
        if w["outcome"] != "ok":
            bad(f"series {sid}: notes {kept!r} kept, but that write was reported {w['outcome']}: {w.get('error')}")
            continue
        later = [o for o in ok if o["t0"] > w["t1"]]
        if later:
            bad(f"series {sid}: notes {kept!r} kept, but {later[0]['wrote']['notes']!r} was written after it")
    # two successful edits from the same read: the second overwrote the first without seeing it
    if summary.versioned:
        reads = Counter((e["series"], e["read_version"]) for e in edits if e["outcome"] == "ok")
        for (sid, version), n in reads.items():
            if n > 1:
                bad(f"series {sid}: {n} edits from version {version} all succeeded (a silent overwrite)")
    else:
        reads = Counter(
            (w["series"], w["read_notes"]) for ws in notes_writes.values() for w in ws if w["outcome"] == "ok"
        )
        summary.unguarded_overwrites = sum(n - 1 for n in reads.values() if n > 1)


def _concurrent_rewatch(other: dict[str, Any] | None, mark: dict[str, Any]) -> bool:
    """A rewatch that ran at the same time as the mark may add a second viewing; a rewatch that
    had returned before the mark began must have been seen by it."""
    return other is not None and other["op"] == "rewatch" and other["t1"] > mark["t0"]


def _overlap(calls: list[dict[str, Any]]) -> bool:
    calls = sorted(calls, key=lambda c: c["t0"])
    return any(b["t0"] < a["t1"] for a, b in zip(calls, calls[1:], strict=False))


def _fresh_progress_sql() -> str:
    path = ROOT / "watchtracker" / "storage" / "migrations" / "versions" / "0009_series_progress.py"
    spec = importlib.util.spec_from_file_location("_migration_0009", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    backfill: str = module._BACKFILL
    return backfill[backfill.index("SELECT") :]


# -- running it ----------------------------------------------------------------------------------


def run(url: str, processes: int, seconds: float, seed: int = 1, folder: Path | None = None) -> Summary:
    """The whole load test on the EMPTY database at ``url``; the logs go to ``folder`` (default: a
    temp folder, removed afterwards)."""
    if folder is None:
        with tempfile.TemporaryDirectory(prefix="watchtracker-load-") as temp:
            return run(url, processes, seconds, seed, Path(temp))
    plan = make_library(url, folder)
    ctx = multiprocessing.get_context("spawn")
    ready = ctx.Barrier(processes + 1)
    start_at = time.time() + 3600  # set for real once every worker is open
    jobs = [Job(k, url, str(folder), plan, start_at, seconds, seed, processes) for k in range(processes)]
    start_file = folder / "start"
    procs = [ctx.Process(target=_run_worker, args=(job, ready, str(start_file)), daemon=True) for job in jobs]
    for p in procs:
        p.start()
    try:
        ready.wait(timeout=120)  # every worker has opened the library
        start_file.write_text(repr(time.time() + 0.2))
        ready.wait(timeout=60)  # every worker has read the start
        for p in procs:
            p.join(timeout=seconds + 120)
    finally:
        for p in procs:
            if p.is_alive():
                p.kill()
    failed = [f"worker {k} exited with {p.exitcode}" for k, p in enumerate(procs) if p.exitcode != 0]
    logs = []
    for k in range(processes):
        path = folder / f"worker-{k}.jsonl"
        if path.exists():
            logs += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    summary = Summary(processes, seconds)
    summary.violations += failed
    verify(url, plan, logs, summary)
    return summary


class _Ready:
    """The barrier's second use: the start time, read from a file once every worker is open."""

    def __init__(self, barrier: Any, start_file: str, job: Job):
        self.barrier, self.start_file, self.job = barrier, start_file, job

    def wait(self) -> None:
        self.barrier.wait(timeout=120)
        self.barrier.wait(timeout=60)  # the parent wrote the start time between the two
        self.job.start_at = float(Path(self.start_file).read_text())


def _run_worker(job: Job, barrier: Any, start_file: str) -> None:
    worker(job, _Ready(barrier, start_file, job))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--url", help="an EMPTY PostgreSQL database (default: a throw-away server of our own)")
    args = parser.parse_args()
    server = None
    url = args.url
    if not url:
        import psycopg

        from tests import pg_server

        server = pg_server.start()
        with psycopg.connect(server.conninfo(), autocommit=True) as conn:
            conn.execute('CREATE DATABASE "load"')
        url = server.url("load")
    try:
        summary = run(url, args.processes, args.seconds, args.seed)
    finally:
        if server is not None:
            from tests import pg_server

            pg_server.stop(server)
    print("\n".join(summary.lines()))
    return 1 if summary.violations else 0


if __name__ == "__main__":
    raise SystemExit(main())
