"""Hostile databases in the library's place: another program's SQLite file, a newer watchtracker's
library, an empty file, a damaged one. What is not ours is refused and left exactly as it was
(its bytes, its journal mode, no file made beside it); only a file SQLite itself finds damaged is
offered to be moved aside, and moving aside never overwrites anything."""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from datetime import UTC
from pathlib import Path

import pytest

from watchtracker.app import open_services
from watchtracker.errors import DatabaseDamaged, DatabaseTooNew, NotALibrary, StorageError
from watchtracker.services.backups import BackupService
from watchtracker.settings import Settings
from watchtracker.storage import files
from watchtracker.storage.database import open_database
from watchtracker.storage.files import move_aside


def _snapshot(folder: Path) -> dict[str, str]:
    """Every file in the folder and a digest of its bytes."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def _journal_mode(path: Path) -> str:
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return con.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        con.close()


def _another_apps_database(path: Path, *, journal: str = "delete", alembic: str | None = None) -> None:
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA journal_mode={journal}")
    con.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO recipes (name) VALUES ('bread')")
    if alembic:
        con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        con.execute("INSERT INTO alembic_version VALUES (?)", (alembic,))
    con.commit()
    con.close()


@pytest.mark.parametrize("journal", ["delete", "wal"])  # (the modes a file keeps)
@pytest.mark.empty_data_dir
def test_another_programs_database_is_refused_and_left_byte_for_byte(paths, journal):
    paths.data.mkdir(parents=True)
    _another_apps_database(paths.database, journal=journal)
    before = _snapshot(paths.data)
    with pytest.raises(NotALibrary, match="another program, not a watchtracker library") as refused:
        open_services(paths, Settings())
    assert "damaged" not in str(refused.value) and "newer" not in str(refused.value)
    assert _snapshot(paths.data) == before  # its bytes, and no -wal or -shm made beside it
    assert _journal_mode(paths.database) == journal
    assert not paths.backups.exists()


@pytest.mark.empty_data_dir
def test_another_programs_alembic_database_is_not_called_a_newer_watchtracker(paths):
    paths.data.mkdir(parents=True)
    _another_apps_database(paths.database, alembic="3f2c1a9b7d10")
    before = _snapshot(paths.data)
    with pytest.raises(NotALibrary) as refused:
        open_database(paths.database, paths.backups)
    assert "newer version" not in str(refused.value)
    assert _snapshot(paths.data) == before
    assert _journal_mode(paths.database) == "delete"


def test_a_newer_watchtrackers_library_in_rollback_mode_stays_in_rollback_mode(paths):
    open_services(paths, Settings()).close()
    con = sqlite3.connect(paths.database)
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("UPDATE alembic_version SET version_num = 'from-the-future'")
    con.commit()
    con.close()
    before = _snapshot(paths.data)
    with pytest.raises(DatabaseTooNew, match="newer version of watchtracker"):
        open_database(paths.database, paths.backups)
    assert _snapshot(paths.data) == before
    assert _journal_mode(paths.database) == "delete"


def test_restoring_another_programs_alembic_database_says_it_is_not_a_library(paths, tmp_path):
    open_services(paths, Settings()).close()
    other = tmp_path / "other.sqlite"
    _another_apps_database(other, alembic="3f2c1a9b7d10")
    with pytest.raises(NotALibrary, match="not a watchtracker library") as refused:
        BackupService(None, paths.database, paths.backups).restore(other)
    assert "newer version" not in str(refused.value)


@pytest.mark.empty_data_dir
def test_an_empty_library_file_becomes_a_new_library_and_says_so(paths, caplog):
    paths.data.mkdir(parents=True)
    paths.database.write_bytes(b"")  # what a crash while creating the library leaves
    with caplog.at_level(logging.WARNING):
        services = open_services(paths, Settings())
    try:
        assert services.library.library() == []
        assert len(services.notes) == 1 and "empty (0 bytes)" in services.notes[0]
        assert "new library" in services.notes[0]
    finally:
        services.close()
    assert any("empty file" in r.getMessage() for r in caplog.records)
    again = open_services(paths, Settings())  # said once: the file is a library now
    try:
        assert again.notes == ()
    finally:
        again.close()


@pytest.mark.empty_data_dir
def test_the_command_line_says_an_empty_library_file_was_made_new(cli_run):
    cli_run.data.mkdir(parents=True)
    (cli_run.data / "library.sqlite").write_bytes(b"")
    code, out, err = cli_run("list")
    assert code == 0
    assert "was empty (0 bytes)" in err and "new library" in err
    code, out, err = cli_run("list")
    assert "empty (0 bytes)" not in err


@pytest.mark.empty_data_dir
def test_the_window_says_an_empty_library_file_was_made_new(qtbot, paths, monkeypatch):
    from PySide6.QtCore import Qt

    from watchtracker.ui import application
    from watchtracker.ui.common import messages
    from watchtracker.ui.crash import CrashHandler

    paths.data.mkdir(parents=True)
    paths.database.write_bytes(b"")
    boxes = []
    monkeypatch.setattr(messages, "critical", lambda parent, text: boxes.append(text))
    crash = CrashHandler(None, show_dialog=False)
    loaded = []
    window, opened = application.launch(
        paths,
        lambda: open_services(paths, Settings()),
        crash,
        give_up=pytest.fail,
        on_open=loaded.append,
        refresh_in_ms=600_000,
    )
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(loaded), timeout=10_000)
    assert window.notice.isVisible() and "was empty (0 bytes)" in window.notice.text()
    qtbot.mouseClick(window.notice.close_button, Qt.MouseButton.LeftButton)
    assert not window.notice.isVisible()
    assert boxes == [] and crash.last is None
    window.library_lane.wait()
    for s in opened:
        s.close()


def test_a_damaged_library_is_called_damaged_only_after_sqlite_reads_it(paths):
    open_services(paths, Settings()).close()
    data = bytearray(paths.database.read_bytes())
    data[100:4096] = b"\xee" * (4096 - 100)  # the schema page scribbled over, header intact
    paths.database.write_bytes(bytes(data))
    before = _snapshot(paths.data)
    with pytest.raises(DatabaseDamaged, match="damaged"):
        open_database(paths.database, paths.backups)
    assert _snapshot(paths.data) == before


@pytest.mark.parametrize("message", ["disk I/O error", "database or disk is full", "unable to open database file"])
def test_the_disks_errors_at_open_are_not_called_damage(paths, monkeypatch, message):
    open_services(paths, Settings()).close()
    real = sqlite3.connect

    def failing(*args, **kwargs):
        con = real(*args, **kwargs)

        class Refusing:
            def __getattr__(self, name):
                return getattr(con, name)

            def execute(self, *a, **k):
                raise sqlite3.OperationalError(message)

        return Refusing()

    monkeypatch.setattr(sqlite3, "connect", failing)
    with pytest.raises(StorageError) as refused:
        open_database(paths.database, paths.backups)
    assert not isinstance(refused.value, DatabaseDamaged), refused.value
    assert "nothing was changed" in str(refused.value).lower()
    assert message not in str(refused.value)  # SQLite's words go to the log, not to the user


def test_move_aside_twice_in_the_same_second_keeps_both(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "stamp", lambda: "20260101-120000")
    path = tmp_path / "library.sqlite"
    path.write_bytes(b"the real library")
    first = move_aside(path)
    path.write_bytes(b"")  # a new library that could not be made (a full disk): 0 bytes
    second = move_aside(path)
    assert first != second
    assert first.read_bytes() == b"the real library"
    assert second.read_bytes() == b""


def test_move_aside_never_replaces_a_file_of_that_name(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "stamp", lambda: "20260101-120000")
    path = tmp_path / "library.sqlite"
    taken = tmp_path / "library.damaged-20260101-120000.sqlite"
    taken.write_bytes(b"kept from before")
    (tmp_path / "library.damaged-20260101-120000-2.sqlite-wal").write_bytes(b"a stray wal")
    path.write_bytes(b"damaged")
    (tmp_path / "library.sqlite-wal").write_bytes(b"its wal")
    aside = move_aside(path)
    assert taken.read_bytes() == b"kept from before"
    assert aside.name == "library.damaged-20260101-120000-3.sqlite"
    assert aside.read_bytes() == b"damaged"
    assert Path(f"{aside}-wal").read_bytes() == b"its wal"
    assert not path.exists() and not (tmp_path / "library.sqlite-wal").exists()


def test_rename_no_replace_refuses_an_existing_target(tmp_path):
    src, dst = tmp_path / "a", tmp_path / "b"
    src.write_bytes(b"a")
    dst.write_bytes(b"b")
    with pytest.raises(FileExistsError):
        files.rename_no_replace(src, dst)
    assert src.read_bytes() == b"a" and dst.read_bytes() == b"b"


def test_the_windows_first_look_makes_no_file_beside_another_programs_database(tmp_path):
    """The window shows the library read-only before opening it (services.startup); looking at
    another program's WAL-mode database must not leave a -wal or -shm beside it."""
    from datetime import datetime

    from watchtracker.services.startup import take_preview

    path = tmp_path / "library.sqlite"
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE notes (x)")
    con.commit()
    con.close()
    before = path.read_bytes()
    assert take_preview(path, datetime(2026, 12, 6, tzinfo=UTC)) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library.sqlite"]
    assert path.read_bytes() == before


@pytest.mark.empty_data_dir
def test_a_database_holding_only_a_schema_version_is_not_ours_and_is_left_alone(tmp_path, cli_run):
    """Only an alembic_version table, with a revision watchtracker does not know: not an empty
    library to fill, not a library to upgrade: refused, and the file left as it was."""
    data = cli_run.data
    data.mkdir(parents=True)
    path = data / "library.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
    con.execute("INSERT INTO alembic_version VALUES ('abc123def')")
    con.commit()
    con.close()
    before = path.read_bytes()
    code, out, err = cli_run("list")
    assert code == 1 and "Traceback" not in err
    assert "not" in err and "watchtracker library" in err, err
    assert path.read_bytes() == before
    assert not (data / "backups").exists() or not list((data / "backups").iterdir())


def test_damage_found_while_working_is_said_once_and_kept_in_sight(qtbot, paths, monkeypatch):
    """The schema reads, but the pages of the data do not: the views that meet it at the same
    moment give one message (what to do: restore a backup), then a notice stays at the top."""
    from watchtracker.app import open_services
    from watchtracker.services.example import load_example
    from watchtracker.settings import Settings

    from watchtracker.ui import application
    from watchtracker.ui.common import messages
    from watchtracker.ui.crash import CrashHandler

    services = open_services(paths, Settings())
    load_example(services.engine)
    services.close()
    con = sqlite3.connect(paths.database)
    con.execute("PRAGMA journal_mode=DELETE")
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    roots = [
        r[0]
        for r in con.execute(
            "SELECT rootpage FROM sqlite_master WHERE name IN ('series', 'episode', 'viewing', 'announcement')"
        )
    ]
    con.close()
    with paths.database.open("r+b") as fh:  # the tables' first pages are garbage; the schema reads
        for root in roots:
            fh.seek((root - 1) * page_size)
            fh.write(b"\x0d\xff" * (page_size // 2))
    shown, gave_up, offered = [], [], []
    monkeypatch.setattr(messages, "critical", lambda parent, text: shown.append(text))
    monkeypatch.setattr(application, "ask_to_move_aside", lambda *a: offered.append(a))
    crash = CrashHandler(None, show_dialog=False)
    window, opened = application.launch(
        paths, lambda: open_services(paths, Settings()), crash, gave_up.append, refresh_in_ms=60_000
    )
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(shown) or bool(gave_up), timeout=10_000)
    for lane in (window.library_lane, window.refresh_lane, window.online_lane):
        lane.wait()
    qtbot.wait(200)
    for services in opened:
        services.close()
    assert crash.last is None, crash.last
    assert offered == [] and gave_up == []  # the library opened: the damage is met while working
    assert len(shown) == 1 and "damaged" in shown[0] and "Restore a backup" in shown[0], shown
    assert "Move it aside" not in shown[0]  # nothing here could do it
    assert "damaged" in window.notice.text()
