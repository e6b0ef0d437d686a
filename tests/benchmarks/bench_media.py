"""Benchmark: a media server's first sync of a long history (issue 17). Not a test: run it and read the figures.

    python tests/benchmarks/bench_media.py [--episodes 10000 --runs 3 --kind jellyfin|plex|kodi|all --window]

Each run: a stand-in server (tests/media/, the same payloads the client's tests check against the
published API descriptions) holding ``--episodes`` played episodes (play counts 1-3, each at its own
time) in shows of 50 (seasons of 10), each show known by its TheTVDB id; and a fresh library
(straight SQL, fast) that follows the same shows (other titles, the same TheTVDB ids, seasons and
episodes), nothing watched. So matching is by ids, offline. ``MediaServerService.sync(offline=True)``
is timed and split into reading the server (``client.played``), matching (from there to the
writing) and writing (``reconcile.apply``; the commit and the connection's bookkeeping are the
rest). The counts are checked (a viewing per play; a second sync adds none).

The floor, measured in the same run: the very requests the sync sent (logged as they went),
sent again with httpx and their answers json-parsed; no matching, no database (the better of two).

The stand-in runs in a child process, as a real server would: its own Python work does not compete
with the client (or the window) for the interpreter.

``--window``: the first sync runs on a lane (``ui.tasks.TaskRunner``) while a main window with a
2,000-row table is open (offscreen), its progress handed through a ``ProgressRelay`` (whose
``breathe`` the sync's writing calls); a 5 ms timer measures the gaps of the GUI thread's event
loop (as bench_import's ``through_the_window``), and the table scrolls a row at every tick so that
the window keeps painting (calling into Python for every cell) all through the sync.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import httpx  # noqa: E402
import keyring  # noqa: E402

from tests.conftest import MemoryKeyring  # noqa: E402
from watchtracker.providers.media import http as media_http  # noqa: E402
from watchtracker.providers.media import make_client  # noqa: E402
from watchtracker.services.media import reconcile  # noqa: E402
from watchtracker.services.media.service import MediaServerService  # noqa: E402
from watchtracker.storage.database import open_database  # noqa: E402

AIM_S = 10.0
AIM_PAUSE_MS = 50.0
PER_SHOW = 50  # episodes per show (seasons of 10), as the stand-ins generate them
KINDS = ("jellyfin", "plex", "kodi")


# -- the stand-in server, in a child process ----------------------------------------------------------


@dataclass
class Served:
    """What the child says of the server it runs."""

    url: str
    add: dict[str, str]  # MediaServerService.add's credentials
    shows: list[tuple[int, str, int | None, list[tuple[int, int]]]]  # (thetvdb id, title, year, episodes)
    played: int  # played episodes
    plays: int  # their play counts, summed


def populate(kind: str, server: Any, episodes: int) -> Served:
    """Fill a stand-in of ``kind`` on ``server`` with ``episodes`` played episodes."""
    shows: dict[int, tuple[str, int | None, list[tuple[int, int]]]] = {}
    plays = 0
    if kind == "jellyfin":
        from tests.media.jellyfin_standin import JellyfinStandin

        jf = JellyfinStandin(server)
        made = jf.big_library(episodes, per_series=PER_SHOW)  # plays 1 + i % 3, a minute apart
        for ep in made:
            tvdb = int(ep.series.provider_ids["Tvdb"])
            shows.setdefault(tvdb, (ep.series.name, ep.series.year, []))[2].append((ep.season, ep.number))
            plays += jf.state(ep).play_count
        add = {"user": jf.user.name, "password": jf.user.password}
    elif kind == "plex":
        from tests.media.plex_standin import PlexStandIn

        plex = PlexStandIn(server)
        plex.generate(-(-episodes // PER_SHOW), PER_SHOW)
        tvdb_of = {s.key: int(next(g for g in s.guids if g.startswith("tvdb://"))[7:]) for s in plex.shows.values()}
        for n, key in enumerate(list(plex.episodes)):
            if n >= episodes:
                del plex.episodes[key]
                continue
            ep = plex.episodes[key]
            ep.view_count, ep.last_viewed = 1 + n % 3, plex.clock - 60 * n
            show = plex.shows[ep.show]
            shows.setdefault(tvdb_of[ep.show], (show.title, show.year, []))[2].append((ep.season, ep.number))
            plays += ep.view_count
        add = {"token": plex.token}
    else:
        from tests.media.kodi_standin import KodiStandIn

        kodi = KodiStandIn(server)
        kodi.generate(-(-episodes // PER_SHOW), PER_SHOW)
        start = datetime(2024, 1, 1, 20, 0)
        for n, key in enumerate(sorted(kodi.episodes)):
            if n >= episodes:
                del kodi.episodes[key]
                continue
            ep = kodi.episodes[key]
            ep.playcount = 1 + n % 3
            ep.lastplayed = (start + timedelta(minutes=n)).strftime("%Y-%m-%d %H:%M:%S")
            show = kodi.shows[ep.show]
            shows.setdefault(int(show.uniqueid["tvdb"]), (show.title, show.year, []))[2].append((ep.season, ep.number))
            plays += ep.playcount
        add = {"user": kodi.user, "password": kodi.password}
    return Served(
        url=server.url_for("/").rstrip("/"),
        add=add,
        shows=[(tvdb, title, year, eps) for tvdb, (title, year, eps) in shows.items()],
        played=episodes,
        plays=plays,
    )


def _serve(kind: str, episodes: int, conn) -> None:  # the child
    import logging

    from pytest_httpserver import HTTPServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request

    server = HTTPServer()
    served = populate(kind, server, episodes)
    server.start()
    served.url = server.url_for("/").rstrip("/")
    conn.send(vars(served))  # plain data: the parent's Served is another class than this process's
    conn.recv()  # until told to stop
    server.stop()


class StandIn:
    """A stand-in server of ``kind`` in a child process (spawned: no fork of a process with Qt's threads)."""

    def __init__(self, kind: str, episodes: int):
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._process = ctx.Process(target=_serve, args=(kind, episodes, child), daemon=True)
        self._process.start()
        self.served = Served(**self._conn.recv())

    def stop(self) -> None:
        self._conn.send("stop")
        self._process.join(10)


# -- the library -----------------------------------------------------------------------------------


def generate(folder: Path, served: Served):
    """A library following the server's shows (other titles, the same TheTVDB ids and episodes)."""
    engine = open_database(folder / "library.sqlite", folder / "backups")
    now = "2026-01-01 00:00:00.000000"
    series, entries, eps = [], [], []
    eid = 0
    for sid, (tvdb, _title, year, episodes) in enumerate(served.shows, start=1):
        y = str(year or 2010)
        series.append((sid, f"Series {tvdb}", "[]", "", "ended", y, "year", f"{y}-01-01", "", "US", "English", "[]",
                       "", 45, now, now, tvdb))  # fmt: skip
        entries.append((sid, "plan_to_watch", 0, None, "", now, 0))
        for season, number in episodes:
            eid += 1
            eps.append((eid, sid, season, number, f"Episode {number}", "", "2012-01-01"))
    con = sqlite3.connect(folder / "library.sqlite")
    con.executemany(
        "INSERT INTO series (id, title, aliases, overview, status, premiere, premiere_precision, premiere_sort,"
        " network, country, language, genres, content_rating, runtime, created_at, updated_at, thetvdb_id)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
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
    con.commit()
    con.close()
    return engine


# -- timing the phases, logging the requests ---------------------------------------------------------


@dataclass
class Clock:
    """Where one sync's time went (perf_counter readings) and the requests it sent."""

    read_start: float = 0.0
    read_end: float = 0.0
    write_start: float = 0.0
    write_end: float = 0.0
    sent: list[tuple[str, str, dict | None, Any, dict, Any]] = field(default_factory=list)

    def reset(self) -> None:
        self.read_start = self.read_end = self.write_start = self.write_end = 0.0
        self.sent.clear()


CLOCK = Clock()


def instrument() -> None:
    """Wrap ``reconcile.apply`` (the writing) and ``ServerHttp._once`` (every request sent, logged
    for the floor); ``client.played`` is wrapped by the client factory (``timed_client``)."""
    apply, once = reconcile.apply, media_http.ServerHttp._once

    def timed_apply(*args, **kwargs):
        CLOCK.write_start = time.perf_counter()
        try:
            return apply(*args, **kwargs)
        finally:
            CLOCK.write_end = time.perf_counter()

    def logged_once(self, method, url, params, body, headers, expect_json):
        CLOCK.sent.append(
            (method, url, dict(params) if params else None, body, {**self._client.headers, **(headers or {})},
             self._client.auth)
        )  # fmt: skip
        return once(self, method, url, params, body, headers, expect_json)

    reconcile.apply = timed_apply
    media_http.ServerHttp._once = logged_once  # type: ignore[method-assign]


def timed_client(access, **kwargs):
    client = make_client(access, **kwargs)
    played = client.played

    def timed_played(progress=None):
        CLOCK.read_start = time.perf_counter()
        try:
            return played(progress)
        finally:
            CLOCK.read_end = time.perf_counter()

    client.played = timed_played  # type: ignore[method-assign]
    return client


def floor(sent: list) -> float:
    """The same requests again, their answers json-parsed, and nothing else."""
    with httpx.Client(timeout=30.0) as http:
        t = time.perf_counter()
        for method, url, params, body, headers, auth in sent:
            response = http.request(
                method,
                url,
                params=params,
                content=None if body is None else json.dumps(body).encode(),
                headers={**headers, **({"Content-Type": "application/json"} if body is not None else {})},
                auth=auth,
            )
            response.raise_for_status()
            json.loads(response.content)
        return time.perf_counter() - t


# -- one run ---------------------------------------------------------------------------------------------


def one_run(kind: str, episodes: int, window: bool) -> dict[str, float]:
    stand = StandIn(kind, episodes)
    served = stand.served
    try:
        with tempfile.TemporaryDirectory(prefix="bench-media-") as tmp:
            engine = generate(Path(tmp), served)
            service = MediaServerService(engine, client_factory=timed_client)
            cid = service.add(kind, served.url, **served.add).id
            CLOCK.reset()
            if window:
                report, figures = through_the_window(service, cid)
                t0 = figures.pop("t0")
            else:
                t0 = time.perf_counter()
                report = service.sync(cid, offline=True)
                figures = {"total": time.perf_counter() - t0}
            t1 = t0 + figures["total"]
            sent = list(CLOCK.sent)
            figures |= {
                "read": CLOCK.read_end - CLOCK.read_start,
                "match": CLOCK.write_start - CLOCK.read_end,
                "write": CLOCK.write_end - CLOCK.write_start,
                "rest": (CLOCK.read_start - t0) + (t1 - CLOCK.write_end),
                "requests": float(report.requests),
            }
            figures["floor"] = min(floor(sent), floor(sent))
            figures["ratio"] = figures["total"] / figures["floor"]
            again = service.sync(cid, offline=True)
            with engine.connect() as conn:
                viewings = conn.exec_driver_sql("SELECT COUNT(*) FROM viewing").scalar()
            engine.dispose()
    finally:
        stand.stop()
    expected = (served.played, served.plays, 0, 0, ())
    got = (report.played, report.added, report.removed, report.unplaced, report.kept)
    assert got == expected, f"{kind}: first sync (played, added, removed, unplaced, kept) {got}, not {expected}"
    assert (again.added, again.removed) == (0, 0), f"{kind}: a second sync added {again.added}, removed {again.removed}"
    assert viewings == served.plays, f"{kind}: {viewings} viewings in the library, not {served.plays}"
    figures["added"] = float(report.added)
    return figures


def through_the_window(service: MediaServerService, cid: int):
    """The first sync on a lane while a window with a 2,000-row table stays open."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QAbstractTableModel, QEventLoop, QModelIndex, Qt, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QProgressBar, QTableView

    from watchtracker.ui.tasks import ProgressRelay, TaskRunner, freeze_heap

    class Rows(QAbstractTableModel):
        def rowCount(self, parent=QModelIndex()):  # noqa: B008, N802 - Qt's signature
            return 0 if parent.isValid() else 2000

        def columnCount(self, parent=QModelIndex()):  # noqa: B008, N802
            return 0 if parent.isValid() else 6

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            if role != Qt.ItemDataRole.DisplayRole:
                return None
            return f"Series {index.row()}" if index.column() == 0 else f"{index.row() * 7 % 97} / {index.column()}"

    app = QApplication.instance() or QApplication([])  # noqa: F841 - kept alive while the window is open
    freeze_heap()  # as the app does once the library is open
    window = QMainWindow()
    table = QTableView()
    model = Rows()
    table.setModel(model)
    window.setCentralWidget(table)
    bar = QProgressBar()
    window.statusBar().addPermanentWidget(bar)
    window.resize(1280, 800)
    window.show()
    relay = ProgressRelay()
    relay.progressed.connect(lambda done, total, _what: (bar.setMaximum(max(total, 1)), bar.setValue(done)))

    class Progress:
        """The client calls ``progress(done, total)``; the writing looks for ``breathe``."""

        def __init__(self, reporter):
            self._reporter = reporter
            self.breathe = reporter.breathe

        def __call__(self, done: int, total: int) -> None:
            self._reporter(done, total, "")

    progress = Progress(relay.report)
    lane = TaskRunner()
    gaps: list[tuple[float, float]] = []  # (when it ended, gap)
    last = [time.perf_counter()]
    row = [0]

    def tick():
        now = time.perf_counter()
        gaps.append((now, now - last[0]))
        last[0] = now
        row[0] = (row[0] + 1) % 1950
        table.scrollTo(model.index(row[0] + 40, 0))

    timer = QTimer(interval=5)
    timer.timeout.connect(tick)
    timer.start()
    for _ in range(20):  # settle: the first paints
        QApplication.processEvents()
        time.sleep(0.005)
    loop, got = QEventLoop(), []
    last[0] = time.perf_counter()
    gaps.clear()
    t0 = time.perf_counter()
    lane.run(
        lambda: service.sync(cid, offline=True, progress=progress),
        lambda report: (got.append(report), loop.quit()),
        lambda exc: (got.append(exc), loop.quit()),
    )
    loop.exec()
    total = time.perf_counter() - t0
    timer.stop()
    lane.wait()
    window.close()
    if isinstance(got[0], BaseException):
        raise got[0]
    during = sorted(g for _w, g in gaps)

    def longest(start: float, end: float) -> float:
        return max((g for w, g in gaps if start <= w <= end + g), default=0.0) * 1000

    figures = {
        "t0": t0,
        "total": total,
        "pause max": during[-1] * 1000 if during else 0.0,
        "pause p99": during[min(len(during) - 1, int(0.99 * len(during)))] * 1000 if during else 0.0,
        "pause median": statistics.median(during) * 1000 if during else 0.0,
        "pause in read": longest(CLOCK.read_start, CLOCK.read_end),
        "pause in match": longest(CLOCK.read_end, CLOCK.write_start),
        "pause in write": longest(CLOCK.write_start, CLOCK.write_end),
    }
    return got[0], figures


# -- the report --------------------------------------------------------------------------------------------


def span(values: list[float], fmt: str) -> str:
    lo, hi = min(values), max(values)
    return f"{lo:{fmt}}" if f"{lo:{fmt}}" == f"{hi:{fmt}}" else f"{lo:{fmt}}–{hi:{fmt}}"


def report(kind: str, episodes: int, runs: list[dict[str, float]], window: bool) -> bool:
    def of(key: str) -> list[float]:
        return [r[key] for r in runs]

    total = of("total")
    print(f"\n{kind}: first sync of {episodes:,} played episodes ({span(of('added'), ',.0f')} viewings), "
          f"{len(runs)} run(s), ranges min–max")  # fmt: skip
    print(f"  total               {span(total, '.2f')} s   (aim ≤ {AIM_S:g} s: "
          f"{'met' if max(total) <= AIM_S else 'met in some runs' if min(total) <= AIM_S else 'not met'})")  # fmt: skip
    for key, what in (
        ("read", "read the server"),
        ("match", "match"),
        ("write", "write (apply)"),
        ("rest", "rest (commit, …)"),
    ):
        shares = [r[key] / r["total"] * 100 for r in runs]
        print(f"  {what:19} {span(of(key), '.2f')} s   ({span(shares, '.0f')} %)")
    print(f"  requests            {span(of('requests'), '.0f')}")
    print(f"  floor (same GETs)   {span(of('floor'), '.2f')} s   total / floor {span(of('ratio'), '.1f')}x")
    ok = max(total) <= AIM_S
    if window:
        pauses = of("pause max")
        print(f"  window: longest GUI pause {span(pauses, '.0f')} ms, p99 {span(of('pause p99'), '.0f')} ms, "
              f"median {span(of('pause median'), '.1f')} ms   (aim ≤ {AIM_PAUSE_MS:g} ms: "
              f"{'met' if max(pauses) <= AIM_PAUSE_MS else 'not met'})")  # fmt: skip
        print(f"  window: longest pause while reading {span(of('pause in read'), '.0f')} ms, matching "
              f"{span(of('pause in match'), '.0f')} ms, writing {span(of('pause in write'), '.0f')} ms")  # fmt: skip
        ok = ok and max(pauses) <= AIM_PAUSE_MS
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--episodes", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--kind", choices=(*KINDS, "all"), default="jellyfin")
    ap.add_argument("--window", action="store_true", help="through a lane, with a window open: its GUI pauses")
    args = ap.parse_args()
    keyring.set_keyring(MemoryKeyring())
    instrument()
    kinds = KINDS if args.kind == "all" else (args.kind,)
    results: dict[str, list[dict[str, float]]] = {k: [] for k in kinds}
    for n in range(args.runs):
        for kind in kinds:  # alternating, so that the machine's load falls on all alike
            print(f"run {n + 1} of {args.runs}: {kind} …", flush=True)
            results[kind].append(one_run(kind, args.episodes, args.window))
    ok = all([report(kind, args.episodes, runs, args.window) for kind, runs in results.items()])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
