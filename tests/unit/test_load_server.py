"""The load test (tests/benchmarks/load_server.py), short: 4 processes on one PostgreSQL library
marking, unmarking and editing for a few seconds, then checked from their logs and the database.

It fails without the episode lock of ``LibraryService._add_viewings`` (two computers marking one
episode at once then both add a viewing): checked by hand with the lock removed.
"""

from __future__ import annotations

import time

from tests.benchmarks import load_server


def test_four_processes_lose_nothing_double_nothing_overwrite_nothing(pg_database, tmp_path):
    started = time.monotonic()
    summary = load_server.run(pg_database, processes=4, seconds=6, seed=3, folder=tmp_path)
    report = "\n".join(summary.lines())
    assert summary.violations == [], report
    # it did what it is for: many calls, and the workers met on the same episodes at the same moment
    assert summary.calls["mark"] > 50 and summary.calls["unmark"] > 10 and summary.calls["edit"] > 50, report
    assert summary.contended_marks >= 5, report
    assert time.monotonic() - started < 60, report  # ~15 s on 2 busy cores
