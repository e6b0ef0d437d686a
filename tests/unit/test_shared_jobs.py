"""Jobs several computers share (the refresh, the feeds, the daily backup) are done by one at a
time when the library is on a server; on a SQLite file the job is always this window's."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from watchtracker.storage.jobs import BACKUP, FEEDS, REFRESH, job_key, shared_job
from watchtracker.storage.server import make_server_engine, open_server_library, parse_server_url


def test_the_lock_numbers_are_fixed_and_distinct():
    keys = {job_key(n) for n in (REFRESH, FEEDS, BACKUP)}
    assert len(keys) == 3
    assert job_key(REFRESH) == job_key("tvmaze-refresh")  # a name, the same on every computer
    assert all(0 < k < 2**63 for k in keys)  # a bigint on PostgreSQL


def test_on_a_file_the_job_is_always_ours(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'x.sqlite'}")
    with shared_job(engine, REFRESH) as first, shared_job(engine, REFRESH) as second:
        assert first and second
    engine.dispose()


def test_on_a_server_one_computer_does_the_job_the_others_skip_it(pg_database):
    location = parse_server_url(pg_database)
    open_server_library(location).engine.dispose()
    here, there = make_server_engine(location), make_server_engine(location)
    try:
        with shared_job(here, REFRESH) as ours:
            assert ours
            with shared_job(there, REFRESH) as theirs:
                assert not theirs  # skipped, not waited for
            with shared_job(there, FEEDS) as other_job:
                assert other_job  # another job is free
        with shared_job(there, REFRESH) as theirs_now:
            assert theirs_now  # let go when the first one finished
    finally:
        here.dispose()
        there.dispose()


def test_a_computer_that_dies_mid_job_lets_the_job_go(pg_database, pg):
    import psycopg

    location = parse_server_url(pg_database)
    open_server_library(location).engine.dispose()
    here, there = make_server_engine(location), make_server_engine(location)
    try:
        with shared_job(here, BACKUP) as ours:
            assert ours
            with psycopg.connect(pg.conninfo(), autocommit=True) as admin:  # its connection is cut
                admin.execute("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted")
            with shared_job(there, BACKUP) as theirs:
                assert theirs
    finally:
        here.dispose()
        there.dispose()


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_a_refresh_or_a_feed_poll_another_computer_is_doing_is_skipped(services):
    """The window's timer fires on two computers: the second asks TVmaze and the feeds nothing."""
    from watchtracker.storage.jobs import job_key

    sent = services.online.tvmaze.http.requests_sent
    other = make_server_engine(services.server)
    try:
        with other.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": job_key(REFRESH)})
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": job_key(FEEDS)})
            conn.commit()
            refreshed = services.online.refresh()
            polled = services.feeds.poll()
            assert refreshed.elsewhere and refreshed.checked == 0
            assert polled.elsewhere and polled.feeds_ok == 0
            assert services.online.tvmaze.http.requests_sent == sent  # nothing was asked
            conn.execute(text("SELECT pg_advisory_unlock_all()"))
            conn.commit()
        # the other computer is done: this one does the job again
        assert not services.online.refresh().elsewhere
        assert not services.feeds.poll().elsewhere
    finally:
        other.dispose()
