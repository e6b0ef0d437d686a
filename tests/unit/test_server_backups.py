"""Backups of a library on a PostgreSQL server (services.backups.ServerBackupService): each is the
own-format export in the local backups folder; restore writes it back in one transaction."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from watchtracker.errors import StorageError
from watchtracker.services.backups import BackupReason, BackupService, ServerBackupService, backup_info
from watchtracker.services.example import load_example
from watchtracker.services.transfer import own_import
from watchtracker.services.transfer.export import ExportService
from watchtracker.storage.files import parse_backup_name, prune_backups
from watchtracker.storage.server import open_server_library, parse_server_url

FIXED = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def _export(engine) -> bytes:
    return ExportService(engine, clock=lambda: FIXED).json_bytes()[0]


@pytest.fixture
def server(pg_database):
    engine = open_server_library(parse_server_url(pg_database)).engine
    load_example(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def clock():
    now = [datetime(2026, 12, 5, 10, 0, tzinfo=UTC)]

    def tick():
        now[0] += timedelta(seconds=1)
        return now[0]

    return tick


def test_json_backup_names_are_parsed_beside_sqlite_ones(tmp_path):
    assert parse_backup_name("library-manual-20261205-100001Z.json")[1:] == ("manual", None)
    assert parse_backup_name("library-before-restore-20261205-100001Z-2.json")[1] == "before-restore"
    assert parse_backup_name("library-daily-20261205-100001Z.sqlite")[1] == "daily"
    assert parse_backup_name("library-daily-20261205-100001Z.txt") is None
    for name in ("library-daily-20261201-100000Z.json", "library-daily-20261202-100000Z.sqlite"):
        (tmp_path / name).write_text("x")
    assert prune_backups(tmp_path, 1) == []  # one .sqlite copy: the .json is not counted with them
    assert BackupService(None, tmp_path / "library.sqlite", tmp_path).list()[0].path.suffix == ".sqlite"
    assert backup_info(tmp_path / "library-daily-20261201-100000Z.json").reason is BackupReason.DAILY


def test_backup_list_and_restore_give_back_the_library_byte_for_byte(server, tmp_path, clock):
    service = ServerBackupService(server, tmp_path / "backups", keep=3, clock=clock)
    before = _export(server)
    made = service.backup(BackupReason.MANUAL)
    assert made.path.name.startswith("library-manual-") and made.path.suffix == ".json"
    assert made.size == made.path.stat().st_size > 1000
    assert service.daily() is not None and service.daily() is None  # one a day
    assert [b.reason for b in service.list()] == [BackupReason.DAILY, BackupReason.MANUAL]
    assert service.find(made.path.name) == made.path
    with server.begin() as conn:  # the library changes: a series gone, a viewing added ...
        conn.execute(text("DELETE FROM series WHERE title = 'Ballard'"))
        conn.execute(text("UPDATE library_entry SET notes = 'changed', rating = 3"))
    assert _export(server) != before
    safety = service.restore(made.path)
    assert safety is not None and safety.reason is BackupReason.BEFORE_RESTORE
    assert _export(server) == before
    assert b"changed" in safety.path.read_bytes()  # the library as it was before the restore
    with server.connect() as conn:  # series_progress kept by the triggers, as a fresh count
        kept = sorted(conn.execute(text("SELECT series_id, watched_regular, furthest_key FROM series_progress")))
        fresh = sorted(
            conn.execute(
                text(
                    "SELECT e.series_id, COUNT(DISTINCT e.id), MAX(e.season * 100000 + e.number) FROM viewing v "
                    "JOIN episode e ON e.id = v.episode_id WHERE e.season > 0 GROUP BY e.series_id"
                )
            )
        )
    assert kept == fresh and kept
    for _ in range(4):
        service.backup()
    assert len(service.list()) == 3  # keep


def test_a_restore_failing_halfway_changes_nothing(server, tmp_path, clock, monkeypatch):
    service = ServerBackupService(server, tmp_path / "backups", clock=clock)
    made = service.backup()
    with server.begin() as conn:
        conn.execute(text("UPDATE library_entry SET notes = 'after the backup'"))
    before = _export(server)

    def broken(self):
        raise RuntimeError("the connection dropped")

    monkeypatch.setattr(own_import._Merge, "announcements", broken)  # after the tables were emptied
    with pytest.raises(RuntimeError, match="dropped"):
        service.restore(made.path)
    assert _export(server) == before
    assert [b.path for b in service.list()] == [made.path]  # no "before restore" copy left


def test_a_file_that_is_no_export_is_refused(server, tmp_path, clock):
    service = ServerBackupService(server, tmp_path / "backups", clock=clock)
    bad = tmp_path / "library-manual-20261205-100001Z.json"
    bad.write_text('{"format": "watchtracker", "version": 1, "series": [{"title": 3}]}')
    before = _export(server)
    with pytest.raises(StorageError, match="Not restored"):
        service.restore(bad)
    assert _export(server) == before and service.list() == []


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_backup_and_restore_from_the_command_line_on_a_server(cli_run, example, paths):
    """`watchtracker backup` / `restore --list` / `restore FILE` with --database URL: no folder lock
    to ask (the window may be open elsewhere); the library comes back as it was."""
    before = _export(example.engine)
    code, out, err = cli_run("backup")
    assert code == 0, err
    code, out, err = cli_run("restore", "--list")
    assert code == 0 and ".json" in out and "By hand" in out
    name = next(p.name for p in paths.backups.iterdir() if p.name.startswith("library-manual-"))
    with example.engine.begin() as conn:
        conn.execute(text("DELETE FROM viewing"))
    assert _export(example.engine) != before
    code, out, err = cli_run("restore", name)
    assert code == 0, err
    assert _export(example.engine) == before
    assert any(p.name.startswith("library-before-restore-") for p in paths.backups.iterdir())


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_the_backups_of_a_closed_server_library_open_it_only_to_restore(paths, example, tmp_path):
    """The window lets go of the library, then restores on a worker: making the service opens
    nothing (no network on the GUI thread); restoring opens the server's library and lets it go."""
    from watchtracker.app import closed_library_backups
    from watchtracker.settings import Settings

    made = closed_library_backups(paths, 3, Settings())
    assert isinstance(made, ServerBackupService) and made._opens_its_own
    assert not hasattr(made._engine, "dialect")  # a function: nothing opened yet
    kept = ServerBackupService(example.engine, paths.backups, 3).backup(BackupReason.MANUAL)
    before = _export(example.engine)
    with example.engine.begin() as conn:
        conn.execute(text("DELETE FROM viewing"))
    made.restore(kept.path)
    assert _export(example.engine) == before
    assert hasattr(made._engine, "dialect")  # opened for the restore
    assert made._engine.pool.checkedin() == 0  # and let go after it: no pooled connection kept
