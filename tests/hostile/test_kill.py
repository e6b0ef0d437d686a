"""kill -9 at random moments of an import and of a refresh: the library is always wholly before
or wholly after, never torn, and opens normally afterwards.

Each run is the real command (`python -m watchtracker import|refresh`) in a subprocess on a copy
of a prepared data folder; it is killed with SIGKILL at a moment drawn from a seeded generator
over the time an uninterrupted run takes. The library is then read back (integrity check and a
fingerprint of what the command writes) and must equal the fingerprint before or after.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from werkzeug.wrappers import Response

from tests.fixtures import tvmaze_payloads as tv
from watchtracker.app import open_services
from watchtracker.paths import AppPaths
from watchtracker.providers.http import Politeness
from watchtracker.settings import Settings

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

KILLS = 8  # per command; the moments spread over the command's whole run
SEED = 20261206


def _env(tvmaze_url: str = "http://127.0.0.1:9") -> dict:
    env = dict(os.environ)
    env["WATCHTRACKER_TVMAZE_URL"] = tvmaze_url
    env.pop("WATCHTRACKER_HOME", None)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    return env


def _command(data: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "watchtracker", *args, "--data-dir", str(data)]


def _fingerprint(database: Path) -> dict:
    """What an import or a refresh writes, read without changing the file; plus SQLite's verdict."""
    con = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        check = con.execute("PRAGMA integrity_check").fetchall()
        counts = {
            table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 - fixed names
            for table in (
                "series",
                "season",
                "episode",
                "viewing",
                "library_entry",
                "credit",
                "announcement",
                "pending_import",
            )
        }
        counts["episodes_titled"] = con.execute("SELECT count(*) FROM episode WHERE title LIKE 'Changed %'").fetchone()[
            0
        ]
        counts["remote_updated"] = con.execute("SELECT sum(remote_updated) FROM series").fetchone()[0]
        counts["last_refresh"] = con.execute(
            "SELECT count(*) FROM sync_state WHERE key = 'tvmaze.last_refresh'"
        ).fetchone()[0]
    finally:
        con.close()
    return {"integrity": [r[0] for r in check], **counts}


def _kill_runs(
    template: Path,
    tmp_path: Path,
    args: tuple[str, ...],
    env: dict,
    *,
    tag: str,
    before: dict,
    after: dict,
    duration: float,
) -> None:
    """Run the command KILLS times on fresh copies, killing each at a random moment; check each
    time that the library is whole, either as before or as after, and then opens as usual."""
    rnd = random.Random(f"{SEED}-{tag}")
    killed = 0
    for k in range(KILLS):
        data = tmp_path / f"{tag}-{k}"
        shutil.copytree(template, data)
        # the first ~40% of a run is Python starting; the moments favour the work itself
        moment = duration * rnd.uniform(0.4, 1.0)
        started = time.monotonic()
        proc = subprocess.Popen(_command(data, *args), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            proc.wait(timeout=moment)
            # it finished first: the machine is quicker now than when the run was timed (another
            # test's load went): the next moments follow the quicker time
            duration = min(duration, time.monotonic() - started)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            killed += 1
        state = _fingerprint(data / "library.sqlite")
        assert state["integrity"] == ["ok"], (tag, k, state)
        assert state in (before, after), f"{tag} killed at {moment:.2f}s left a torn library: {state}"
        # and it opens as usual afterwards (WAL recovery, no leftovers in the way)
        opened = open_services(AppPaths.under(data), Settings())
        opened.close()
    assert killed >= KILLS // 2, f"only {killed} of {KILLS} runs were cut short: the moments miss the work"


def _timed(cmd: list[str], env: dict) -> float:
    start = time.monotonic()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return time.monotonic() - start


# -- import -----------------------------------------------------------------------------------


def _export(shows: int, seasons: int, episodes: int) -> dict:
    series = []
    for s in range(1, shows + 1):
        eps = [
            {
                "season": n,
                "number": e,
                "title": f"Episode {e}",
                "air_date": "2015-01-01",
                "runtime": 45,
                "viewings": [{"watched_at": f"2016-01-{1 + e % 28:02d}T20:00:00Z", "source": "manual"}],
            }
            for n in range(1, seasons + 1)
            for e in range(1, episodes + 1)
        ]
        series.append(
            {
                "key": f"s{s}",
                "title": f"Imported show {s}",
                "status": "ended",
                "premiere": "2015",
                "entry": {"state": "completed"},
                "seasons": [{"number": n} for n in range(1, seasons + 1)],
                "episodes": eps,
                "cast": [{"name": f"Actor {s}", "character": f"Lead {s}"}],
            }
        )
    return {"format": "watchtracker", "version": 1, "series": series}


def test_kill_during_import_leaves_the_library_whole(tmp_path):
    env = _env()
    template = tmp_path / "template"
    subprocess.run(_command(template, "list"), env=env, check=True, capture_output=True, timeout=60)
    export = tmp_path / "export.json"
    export.write_text(json.dumps(_export(shows=150, seasons=4, episodes=10)), encoding="utf-8")
    before = _fingerprint(template / "library.sqlite")

    whole = tmp_path / "whole"
    shutil.copytree(template, whole)
    duration = _timed(_command(whole, "import", str(export), "--offline"), env)
    after = _fingerprint(whole / "library.sqlite")
    assert after["viewing"] == 150 * 40 and before["viewing"] == 0

    _kill_runs(
        template,
        tmp_path,
        ("import", str(export), "--offline"),
        env,
        tag="import",
        before=before,
        after=after,
        duration=duration,
    )


# -- refresh ----------------------------------------------------------------------------------

SHOWS = 12  # one refresh stays within TVmaze's 20 requests per 10 s: no waiting


def _show(tid: int, version: int) -> dict:
    """A show with 4 seasons of 10 episodes; version 2 renames its episodes and adds a season."""
    seasons = 4 + (version - 1)
    eps = [
        tv.episode(
            tid * 1000 + n * 100 + e,
            n,
            e,
            f"{2015 + n}-01-{e:02d}",
            name=f"{'Changed' if version == 2 else 'Chapter'} {e}",
        )
        for n in range(1, seasons + 1)
        for e in range(1, 11)
    ]
    return tv.show(
        tid,
        f"Refreshed show {tid}",
        status="Running",
        updated=1_700_000_000 + version,
        seasons=[tv.season(tid * 10 + n, n, f"{2015 + n}-01-01", 10) for n in range(1, seasons + 1)],
        episodes=eps,
        cast=[tv.cast_member(tid, f"Actor {tid}", f"Lead {tid}")],
    )


def test_kill_during_refresh_leaves_the_library_whole(tmp_path, httpserver, monkeypatch):
    version = {"n": 1}

    def show_handler(request):
        tid = int(request.path.rsplit("/", 1)[1])
        return Response(json.dumps(_show(tid, version["n"])), content_type="application/json")

    for tid in range(1, SHOWS + 1):
        httpserver.expect_request(f"/shows/{tid}").respond_with_handler(show_handler)
    httpserver.expect_request("/updates/shows").respond_with_handler(
        lambda request: Response(
            json.dumps({str(t): 1_700_000_000 + version["n"] for t in range(1, SHOWS + 1)}),
            content_type="application/json",
        )
    )
    env = _env(httpserver.url_for("/").rstrip("/"))

    template = tmp_path / "template"
    monkeypatch.setenv("WATCHTRACKER_TVMAZE_URL", env["WATCHTRACKER_TVMAZE_URL"])
    services = open_services(AppPaths.under(template), Settings())
    services.online.tvmaze.http.politeness = Politeness(max_requests=1_000)  # setting up: no waits
    try:
        for tid in range(1, SHOWS + 1):
            services.online.follow(tid)
        services.online.refresh()  # sets the time of the last refresh: the next asks what changed
    finally:
        services.close()
    before = _fingerprint(template / "library.sqlite")

    version["n"] = 2
    whole = tmp_path / "whole"
    shutil.copytree(template, whole)
    duration = _timed(_command(whole, "refresh"), env)
    after = _fingerprint(whole / "library.sqlite")
    assert after["season"] == before["season"] + SHOWS
    assert after["episodes_titled"] == SHOWS * 50 and before["episodes_titled"] == 0

    _kill_runs(template, tmp_path, ("refresh",), env, tag="refresh", before=before, after=after, duration=duration)
