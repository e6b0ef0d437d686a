"""Jobs several computers share, done by one at a time.

When the library is on a PostgreSQL server, every computer's window refreshes from TVmaze, reads
the feeds and makes the daily backup on its own timer. ``shared_job`` lets one of them do a job
while the others skip it: a session-level advisory lock, held on a connection of its own for as
long as the job runs (PostgreSQL lets it go by itself if that computer dies or loses the
network). What the job writes (when TVmaze was last asked, a feed's ETag, the day's backup) is in
the library, so the next computer whose timer fires finds the work done and asks for little.
On a SQLite file one window owns the library (the data folder's lock): the job is always ours.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

REFRESH = "tvmaze-refresh"
FEEDS = "feed-poll"
BACKUP = "daily-backup"


def job_key(name: str) -> int:
    """The lock's number for a job: the same on every computer and every version."""
    return 0x7774_0000_0000 | zlib.crc32(name.encode("utf-8"))


@contextmanager
def shared_job(engine: Engine, name: str) -> Iterator[bool]:
    """``with shared_job(engine, REFRESH) as ours:`` — ``ours`` is True when this computer does
    the job now, False when another one is doing it (then skip it; nothing waits)."""
    if engine.dialect.name != "postgresql":
        yield True
        return
    key = job_key(name)
    with engine.connect() as conn:
        ours = bool(conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar())
        conn.commit()
        if not ours:
            log.info("%s: another computer is doing it", name)
            yield False
            return
        try:
            yield True
        finally:
            try:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                conn.commit()
            except Exception as exc:  # the connection died: the server let the lock go with it
                log.info("%s: lock not released by hand (%s)", name, exc)
