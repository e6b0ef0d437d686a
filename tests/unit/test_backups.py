"""Backups and restore: consistent copies while the library is written to, the daily copy, pruning,
restoring (and refusing what must not be restored), and the two commands."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine

from watchtracker.errors import (
    DatabaseDamaged,
    DatabaseLocked,
    DatabaseTooNew,
    DataDirNotWritable,
    NotALibrary,
)
from watchtracker.services.backups import BackupReason, BackupService
from watchtracker.storage import database
from watchtracker.storage.database import alembic_config, head_revision, open_database
from watchtracker.storage.revisions import SCHEMA_REVISIONS

T0 = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime = T0):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


def add_franchise(engine_or_con, name: str) -> None:
    sql = f"INSERT INTO franchise (name, description, followed, created_at) VALUES ('{name}', '', 0, '2020-01-01')"
    if isinstance(engine_or_con, sqlite3.Connection):
        engine_or_con.execute(sql)
    else:
        with engine_or_con.begin() as conn:
            conn.exec_driver_sql(sql)


def franchises(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in con.execute("SELECT name FROM franchise"))
    finally:
        con.close()


@pytest.fixture
def lib(tmp_path, new_library):
    """A library with one franchise, its engine open, and a backup service with a fake clock."""
    path = new_library(tmp_path / "library.sqlite")
    engine = open_database(path, tmp_path / "backups")
    add_franchise(engine, "Bosch universe")
    clock = Clock()
    service = BackupService(engine, path, tmp_path / "backups", keep=3, clock=clock)
    yield service
    engine.dispose()


def test_a_backup_taken_during_another_connections_write_is_one_committed_state(lib):
    writer = sqlite3.connect(lib.db_path, timeout=0)
    writer.execute("BEGIN IMMEDIATE")
    add_franchise(writer, "Half written")
    try:
        info = lib.backup(BackupReason.MANUAL)
    finally:
        writer.commit()
        writer.close()
    assert info.reason is BackupReason.MANUAL and info.when == T0 and info.size > 0
    assert info.path.name == "library-manual-20261201-093000Z.sqlite"
    assert franchises(info.path) == ["Bosch universe"]  # not the uncommitted row
    assert franchises(lib.db_path) == ["Bosch universe", "Half written"]
    con = sqlite3.connect(info.path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    con.close()
    assert sorted(p.name for p in info.path.parent.iterdir()) == [info.path.name]  # no -wal, no .part


def test_daily_makes_one_copy_a_day(lib):
    first = lib.daily()
    assert first is not None and first.reason is BackupReason.DAILY
    lib.clock.advance(hours=23, minutes=59)
    lib.backup(BackupReason.MANUAL)  # by hand: does not count as the daily one
    assert lib.daily() is None
    lib.clock.advance(minutes=1)
    second = lib.daily()
    assert second is not None and second.when == T0 + timedelta(hours=24)
    assert [b.reason for b in lib.list()] == [BackupReason.DAILY, BackupReason.MANUAL, BackupReason.DAILY]


def test_list_is_newest_first_and_leaves_out_foreign_files(lib):
    folder = lib.backups_dir
    folder.mkdir(exist_ok=True)
    (folder / "notes.txt").write_text("mine")
    (folder / "library-copy.sqlite").write_bytes(b"")
    (folder / "library-whatever-20261130-120000Z.sqlite").write_bytes(b"")  # unknown reason
    legacy = folder / "library-before-upgrade-from-0003-20261130-120000.sqlite"  # local time, no Z
    legacy.write_bytes(b"x" * 10)
    made = lib.backup(BackupReason.BEFORE_IMPORT)
    rows = lib.list()
    assert [b.path for b in rows] == [made.path, legacy]
    assert rows[1].reason is BackupReason.BEFORE_UPGRADE and rows[1].from_revision == "0003"
    assert rows[1].label == "Before upgrade (from schema 0003)" and rows[1].size == 10
    assert rows[1].when == datetime(2026, 11, 30, 12, 0).astimezone(UTC)


def test_copies_within_the_same_second_are_numbered_and_all_listed(lib):
    made = [lib.backup(BackupReason.BEFORE_IMPORT) for _ in range(3)]  # the clock stands still
    names = [b.path.name for b in made]
    assert names == [
        "library-before-import-20261201-093000Z.sqlite",
        "library-before-import-20261201-093000Z-2.sqlite",
        "library-before-import-20261201-093000Z-3.sqlite",
    ]
    assert {b.path for b in lib.list()} == {b.path for b in made}


def test_pruning_keeps_the_newest_n_and_never_the_copy_just_made(lib):
    made = []
    for _ in range(5):
        made.append(lib.backup(BackupReason.DAILY))
        lib.clock.advance(days=1)
    assert [b.path for b in lib.list()] == [b.path for b in made[:1:-1]]  # the newest 3
    # a clock set back: the new copy is the oldest by its name, and still kept
    lib.clock.now = T0 - timedelta(days=30)
    late = lib.backup(BackupReason.MANUAL)
    names = [b.path for b in lib.list()]
    assert late.path in names and len(names) == 3
    assert made[2].path not in names  # the oldest of the others went instead


def test_the_copy_before_an_upgrade_is_made_and_pruned_by_the_same_rule(tmp_path):
    path = tmp_path / "library.sqlite"
    raw = create_engine(f"sqlite:///{path}")
    with raw.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, SCHEMA_REVISIONS[0])
    raw.dispose()
    backups = tmp_path / "backups"
    backups.mkdir()
    for day in range(1, 4):
        (backups / f"library-daily-202611{day:02d}-120000Z.sqlite").write_bytes(b"")
    open_database(path, backups, keep_backups=2).dispose()
    service = BackupService(None, path, backups, keep=2)
    rows = service.list()
    assert [b.reason for b in rows][0] is BackupReason.BEFORE_UPGRADE
    assert rows[0].from_revision == SCHEMA_REVISIONS[0] and len(rows) == 2


def test_restore_round_trip_keeps_the_changed_state_as_a_backup(lib):
    good = lib.backup(BackupReason.DAILY)
    add_franchise(lib.engine, "Changed since")
    lib.clock.advance(hours=1)
    lib.engine.dispose()  # the caller closes the library first

    safety = lib.restore(good.path)

    assert safety is not None and safety.reason is BackupReason.BEFORE_RESTORE
    assert franchises(safety.path) == ["Bosch universe", "Changed since"]
    assert franchises(lib.db_path) == ["Bosch universe"]
    assert good.path.exists()  # the backup restored from stays
    engine = open_database(lib.db_path, lib.backups_dir)  # and the library opens as usual
    add_franchise(engine, "After")
    engine.dispose()
    assert franchises(lib.db_path) == ["After", "Bosch universe"]
    assert not lib.db_path.with_name("library.sqlite.restoring").exists()


def test_a_backup_of_an_older_schema_is_upgraded_when_the_library_is_opened_again(lib, tmp_path):
    old = tmp_path / "old.sqlite"
    raw = create_engine(f"sqlite:///{old}")
    with raw.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, SCHEMA_REVISIONS[0])
    raw.dispose()
    lib.engine.dispose()
    lib.restore(old)
    engine = open_database(lib.db_path, lib.backups_dir)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()
    engine.dispose()
    if head_revision() != SCHEMA_REVISIONS[0]:
        reasons = {b.reason for b in lib.list()}
        assert {BackupReason.BEFORE_RESTORE, BackupReason.BEFORE_UPGRADE} <= reasons


def _untouched(lib):
    """A snapshot of the library and the backups folder, to show a refusal changed nothing."""
    lib.engine.dispose()
    folder = sorted(p.name for p in lib.backups_dir.iterdir()) if lib.backups_dir.exists() else []
    return franchises(lib.db_path), folder, sorted(p.name for p in lib.db_path.parent.iterdir())


@pytest.mark.parametrize(
    "content",
    [
        b"just some text, not a database\n" * 50,
        os.urandom(8192),
        b"SQLite format 3\x00" + b"\xff" * 8000,  # the right header, then garbage
        b"",
    ],
)
def test_a_garbage_file_is_refused_and_nothing_changes(lib, tmp_path, content):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(content)
    before = _untouched(lib)
    with pytest.raises(DatabaseDamaged) as err:
        lib.restore(bad)
    assert "Not restored" in str(err.value) and "was not changed" in str(err.value)
    assert _untouched(lib) == before
    assert bad.read_bytes() == content


def test_another_apps_database_is_refused(lib, tmp_path):
    other = tmp_path / "places.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    con.commit()
    con.close()
    before = _untouched(lib)
    with pytest.raises(NotALibrary, match="not a watchtracker library"):
        lib.restore(other)
    assert _untouched(lib) == before


def test_a_damaged_backup_is_refused(lib):
    good = lib.backup(BackupReason.DAILY)
    data = bytearray(good.path.read_bytes())
    page = 4096
    data[page * 3 : page * 3 + 200] = b"\x07" * 200  # scribble over a table page
    good.path.write_bytes(bytes(data))
    before = _untouched(lib)
    with pytest.raises(DatabaseDamaged, match="Not restored"):
        lib.restore(good.path)
    assert _untouched(lib) == before


def test_a_backup_from_a_newer_version_is_refused(lib, tmp_path):
    newer = lib.backup(BackupReason.MANUAL).path
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = 'f00dfeed9999'")
    con.commit()
    con.close()
    before = _untouched(lib)
    with pytest.raises(DatabaseTooNew, match="newer version of watchtracker.*was not changed"):
        lib.restore(newer)
    assert _untouched(lib) == before


def test_restore_is_refused_while_another_connection_has_the_library(lib):
    good = lib.backup(BackupReason.MANUAL)
    add_franchise(lib.engine, "Still here")
    lib.engine.dispose()
    holder = sqlite3.connect(lib.db_path)
    holder.execute("SELECT COUNT(*) FROM franchise").fetchone()
    try:
        before = franchises(lib.db_path), sorted(p.name for p in lib.backups_dir.iterdir())
        with pytest.raises(DatabaseLocked, match="in use"):
            lib.restore(good.path)
        assert (franchises(lib.db_path), sorted(p.name for p in lib.backups_dir.iterdir())) == before
    finally:
        holder.close()


def test_a_full_disk_gives_a_clear_message_and_leaves_no_half_copy(lib, monkeypatch):
    def full(source, target):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(database, "_backup_pages", full)
    with pytest.raises(DataDirNotWritable, match="disk space"):
        lib.backup(BackupReason.DAILY)
    assert list(lib.backups_dir.iterdir()) == []
    # restoring must keep a copy first: it cannot, so it does not restore
    lib.engine.dispose()  # (the last connection to close folds the -wal into the file)
    other = lib.db_path.with_name("other.sqlite")
    other.write_bytes(lib.db_path.read_bytes())
    with pytest.raises(DataDirNotWritable, match="Not restored"):
        lib.restore(other)
    assert franchises(lib.db_path) == ["Bosch universe"]


def test_an_unwritable_backups_folder_gives_a_clear_message(tmp_path):
    path = tmp_path / "library.sqlite"
    open_database(path).dispose()
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    service = BackupService(None, path, blocker / "backups")
    with pytest.raises(DataDirNotWritable, match="cannot write"):
        service.backup()
    assert service.list() == []


def test_a_damaged_library_is_kept_as_it_is_before_a_restore(lib, tmp_path):
    good = lib.backup(BackupReason.MANUAL)
    lib.engine.dispose()
    lib.db_path.write_bytes(b"SQLite format 3\x00" + b"\xee" * 5000)
    safety = lib.restore(good.path)
    assert safety.path.read_bytes() == b"SQLite format 3\x00" + b"\xee" * 5000
    assert franchises(lib.db_path) == ["Bosch universe"]


# -- the commands -------------------------------------------------------------------------------


def test_cli_backup_list_and_restore(cli_run):
    assert cli_run("demo")[0] == 0
    code, out, err = cli_run("backup")
    assert code == 0 and "Backed up the library to" in out, err
    code, out, _ = cli_run("restore", "--list")
    assert code == 0 and "By hand" in out
    name = next(line for line in out.splitlines() if "By hand" in line).split()[-1]
    assert name.startswith("library-manual-") and name.endswith(".sqlite")
    assert "Daily" in out  # the first command of the day made one too
    assert cli_run("add", "Ballard: The Next One")[0] == 0

    code, out, err = cli_run("restore", name)  # a name from the list will do
    assert code == 0, err
    assert "Restored the library" in out and "kept as" in out
    code, out, _ = cli_run("list", "--json")
    assert "Ballard: The Next One" not in out and "Bosch" in out

    code, out, _ = cli_run("restore", "--list", "--json")
    import json

    rows = json.loads(out)
    assert [r["reason"] for r in rows][:2] == ["before-restore", "manual"]
    assert {"file", "path", "when", "reason", "from_schema", "size"} <= set(rows[0])
    # restoring the "before restore" copy undoes the restore
    assert cli_run("restore", rows[0]["path"])[0] == 0
    assert "Ballard: The Next One" in cli_run("list", "--json")[1]


def test_cli_restore_refuses_bad_files_and_a_running_window(cli_run, tmp_path):
    assert cli_run("demo")[0] == 0
    code, _, err = cli_run("restore", "no-such-backup.sqlite")
    assert code == 1 and "There is no backup" in err
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"\x00\x01garbage" * 100)
    code, _, err = cli_run("restore", str(junk))
    assert code == 1 and "not a watchtracker library" in err and "not changed" in err

    assert cli_run("backup")[0] == 0
    name = cli_run("restore", "--list")[1].split()[-1]
    with open(cli_run.data / "watchtracker.lock", "w") as lock:  # what the window's QLockFile holds
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        code, _, err = cli_run("restore", name)
        assert code == 1 and "window has the data folder" in err and "Nothing was changed" in err
    # a lock file left by a window that crashed holds no lock: restoring goes ahead
    code, _, err = cli_run("restore", name)
    assert code == 0, err


def test_cli_restore_needs_a_file_or_list(cli_run):
    with pytest.raises(SystemExit) as exc:
        cli_run("restore")
    assert exc.value.code == 2


def test_the_backup_service_loads_no_qt():
    import subprocess

    code = "import sys, watchtracker.services.backups; assert not any(m.startswith('PySide6') for m in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


def test_a_copy_of_a_library_with_its_wal_file_is_restored_whole(lib, tmp_path):
    """A library copied by hand while in WAL mode: the recent changes are in its -wal."""
    add_franchise(lib.engine, "Only in the wal")
    wal = lib.db_path.with_name("library.sqlite-wal")
    assert wal.exists() and wal.stat().st_size > 0
    copy = tmp_path / "by-hand.sqlite"
    copy.write_bytes(lib.db_path.read_bytes())
    Path(str(copy) + "-wal").write_bytes(wal.read_bytes())
    add_franchise(lib.engine, "Later")
    lib.engine.dispose()
    lib.restore(copy)
    assert franchises(lib.db_path) == ["Bosch universe", "Only in the wal"]
    assert Path(str(copy) + "-wal").exists()  # the chosen file is only read


def test_restore_command_works_without_opening_the_library(cli_run):
    """app.main runs it before opening the library: a damaged one can be restored too."""
    assert cli_run("demo")[0] == 0 and cli_run("backup")[0] == 0
    listing = cli_run("restore", "--list")[1]
    name = next(line for line in listing.splitlines() if "By hand" in line).split()[-1]  # not the daily one
    db = cli_run.data / "library.sqlite"
    db.write_bytes(b"SQLite format 3\x00" + b"\x13" * 9000)
    code, out, err = cli_run("restore", name)
    assert code == 0, err
    assert "Restored the library" in out
    assert "Bosch" in cli_run("list")[1]


def _leftovers(backups: Path, data: Path) -> list[Path]:
    """What a copy or a restore cut short (a crash, a full disk) leaves behind."""
    names = [
        backups / "library-daily-20261130-093000Z.sqlite.part",
        backups / "library-daily-20261130-093000Z.sqlite.part-journal",
        backups / "library-manual-20261130-093000Z.sqlite.4242.part",
        backups / "library-manual-20261130-093000Z.sqlite.4242.part-wal",
        backups / "library-manual-20261130-093000Z.sqlite.4242.part-shm",
        data / "library.sqlite.restoring",
        data / "library.sqlite.restoring-journal",
    ]
    for p in names:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b"half a copy")
    return names


def _age(paths_, seconds: float) -> None:
    import time

    t = time.time() - seconds
    for p in paths_:
        os.utime(p, (t, t))


def test_leftovers_of_copies_cut_short_are_removed_when_backups_are_pruned(lib):
    old = _leftovers(lib.backups_dir, lib.db_path.parent)
    _age(old, 3600)
    fresh = lib.backups_dir / "library-manual-20261201-093000Z.sqlite.777.part"  # another process's, under way
    fresh.write_bytes(b"being written")
    foreign = lib.backups_dir / "notes.part"  # not ours
    foreign.write_bytes(b"x")
    _age([foreign], 3600)
    made = lib.backup(BackupReason.MANUAL)
    assert [p for p in old if p.exists()] == []
    assert fresh.exists() and foreign.exists() and made.path.exists()
    assert lib.db_path.exists()


def test_leftovers_are_removed_at_start_up(paths):
    from watchtracker.app import open_services
    from watchtracker.settings import Settings

    open_services(paths, Settings()).close()  # today's daily copy is made: no pruning next time
    old = _leftovers(paths.backups, paths.data)
    _age(old, 3600)
    open_services(paths, Settings()).close()
    assert [p for p in old if p.exists()] == []
