"""Viewings are the same viewing wherever they go: each has an id made where it is recorded
(viewing.uid, migration 0011), and two computers marking one episode at the same moment make one
viewing, not a rewatch."""

from __future__ import annotations

import threading

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from tests.conftest import NOW
from watchtracker.services.library import LibraryService
from watchtracker.storage.database import alembic_config, open_database
from watchtracker.storage.server import make_server_engine


def _uids(engine) -> list[str | None]:
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(text("SELECT uid FROM viewing ORDER BY id"))]


@pytest.mark.both_backends
def test_every_viewing_has_its_own_uid_however_it_was_made(example, backend):
    uids = _uids(example.engine)  # the example library: Core bulk inserts
    assert uids and all(u and len(u) == 32 for u in uids)
    assert len(set(uids)) == len(uids)
    with example.engine.connect() as conn:
        episode = conn.execute(
            text("SELECT id FROM episode WHERE id NOT IN (SELECT episode_id FROM viewing) LIMIT 1")
        ).scalar()
    added = example.library.rewatch([episode], NOW).added + example.library.rewatch([episode], NOW).added
    assert len(added) == 2
    after = _uids(example.engine)
    assert len(after) == len(uids) + 2 and len(set(after)) == len(after)
    with pytest.raises(IntegrityError), example.engine.begin() as conn:  # the database holds them unique
        conn.execute(text("UPDATE viewing SET uid = :u WHERE id = (SELECT MAX(id) FROM viewing)"), {"u": after[0]})


@pytest.mark.both_backends
def test_two_computers_marking_one_episode_at_once_make_one_viewing(example, backend, paths):
    """Each 'computer' has its own engine; they mark the same unwatched episodes at the same moment,
    many times over: every episode ends with exactly one viewing."""
    if backend == "postgresql":
        engines = [make_server_engine(example.server) for _ in range(2)]
    else:
        engines = [open_database(paths.database) for _ in range(2)]
    services = [LibraryService(e) for e in engines]
    with example.engine.connect() as conn:
        episodes = [
            r[0]
            for r in conn.execute(
                text("SELECT id FROM episode WHERE id NOT IN (SELECT episode_id FROM viewing) ORDER BY id LIMIT 32")
            )
        ]
    assert len(episodes) == 32
    errors: list[BaseException] = []
    added: list[int] = []
    for first in range(0, 32, 4):
        batch = episodes[first : first + 4]
        start = threading.Barrier(2)

        def mark(service: LibraryService, batch=batch, start=start) -> None:
            try:
                start.wait(5)
                added.extend(service.mark_watched(batch, NOW).added)
            except BaseException as exc:  # a locked SQLite file is said, never a second viewing
                errors.append(exc)

        threads = [threading.Thread(target=mark, args=(s,)) for s in services]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    for e in engines:
        e.dispose()
    assert not errors, errors
    with example.engine.connect() as conn:
        all_counts = dict(conn.execute(text("SELECT episode_id, COUNT(*) FROM viewing GROUP BY episode_id")).all())
    counts = {e: all_counts.get(e, 0) for e in episodes}
    assert counts == {e: 1 for e in episodes}
    assert len(added) == 32  # each viewing was made by exactly one of the two


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_upgrade_gives_every_existing_viewing_a_uid(example, paths):
    engine = example.engine
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0010")
    with engine.connect() as conn:
        assert "uid" not in [r[1] for r in conn.exec_driver_sql("PRAGMA table_info(viewing)")]
        n = conn.exec_driver_sql("SELECT COUNT(*) FROM viewing").scalar()
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    uids = _uids(engine)
    assert len(uids) == n > 0 and all(uids) and len(set(uids)) == n
