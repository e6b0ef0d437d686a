"""Hostile disks: a full disk, a read-only one, leftovers of copies cut short.

The disk is a real small tmpfs mounted for the test (root may mount; otherwise the test runs
again inside ``unshare --user --map-root-user --mount``; where neither works it is skipped with
the reason). Nothing is simulated: SQLite meets the full or read-only disk itself."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from watchtracker.app import open_services
from watchtracker.errors import DatabaseDamaged, StorageError
from watchtracker.paths import AppPaths
from watchtracker.services.backups import BackupReason, BackupService
from watchtracker.settings import Settings
from watchtracker.storage.database import explain_db_error, open_database

IN_NAMESPACE = "WATCHTRACKER_TEST_IN_USER_NAMESPACE"


class SmallDisk:
    """A 4 MiB tmpfs at ``root``: ``fill(leave)`` leaves only ``leave`` bytes free, ``free_up()``
    gives the space back, ``read_only()`` remounts it read-only."""

    def __init__(self, root: Path):
        self.root = root
        self.filler = root / "filler"

    def fill(self, leave: int = 8 * 1024) -> None:
        fd = os.open(self.filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        try:
            chunk = b"\0" * 65536
            while True:
                try:
                    os.write(fd, chunk)
                except OSError as exc:
                    if exc.errno != errno.ENOSPC:
                        raise
                    if len(chunk) == 1:
                        break
                    chunk = chunk[: len(chunk) // 2]
        finally:
            os.close(fd)
        os.truncate(self.filler, max(self.filler.stat().st_size - leave, 0))
        assert shutil.disk_usage(self.root).free <= leave + 4096

    def free_up(self) -> None:
        self.filler.unlink(missing_ok=True)

    def read_only(self) -> None:
        subprocess.run(["mount", "-o", "remount,ro", str(self.root)], check=True, capture_output=True)


def _mount(where: Path) -> str | None:
    """None when mounted, else why not."""
    try:
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=4m,mode=0755", "tmpfs", str(where)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return str(exc)
    return None if result.returncode == 0 else (result.stderr.strip() or f"mount exited {result.returncode}")


def _again_in_a_user_namespace(request, why: str) -> None:
    """Run this one test again where mounting is allowed (a user namespace), then report."""
    if os.environ.get(IN_NAMESPACE) or shutil.which("unshare") is None:
        pytest.skip(f"cannot mount a small tmpfs here ({why}); no user namespace to try instead")
    probe = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(
            f"cannot mount a small tmpfs here ({why}), and user namespaces are not allowed ({probe.stderr.strip()})"
        )
    result = subprocess.run(
        [
            "unshare",
            "--user",
            "--map-root-user",
            "--mount",
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            request.node.nodeid,
        ],
        cwd=request.config.rootpath,
        env={**os.environ, IN_NAMESPACE: "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        pytest.fail(f"failed inside a user namespace:\n{result.stdout[-4000:]}\n{result.stderr[-2000:]}")
    pytest.skip("passed inside `unshare --user --map-root-user --mount` (mounting is not allowed here)")


@pytest.fixture
def small_disk(tmp_path, request):
    where = tmp_path / "disk"
    where.mkdir()
    why = _mount(where)
    if why is not None:
        _again_in_a_user_namespace(request, why)
    try:
        yield SmallDisk(where)
    finally:
        if subprocess.run(["umount", str(where)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(where)], capture_output=True)  # never leave it mounted


@pytest.fixture
def library_on(small_disk, example_template):
    """The example library on the small disk, opened once (its daily backup made), closed; returns its paths."""
    paths = AppPaths.under(small_disk.root / "data")
    paths.data.mkdir(parents=True)
    shutil.copyfile(example_template, paths.database)
    open_services(paths, Settings()).close()
    return paths


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# -- a full disk ------------------------------------------------------------------------------


def test_a_full_disk_at_start_is_not_called_damage_and_changes_nothing(small_disk, library_on):
    paths = library_on
    before, files = paths.database.read_bytes(), _listing(paths.data)
    small_disk.fill()
    with pytest.raises(StorageError) as refused:
        open_database(paths.database, paths.backups)
    assert not isinstance(refused.value, DatabaseDamaged), refused.value
    text = str(refused.value)
    assert "full" in text and "nothing was changed" in text.lower(), text
    assert "Move it aside" not in text and "Error" not in text  # no repair offered, no Python text
    assert paths.database.read_bytes() == before
    small_disk.free_up()
    assert _listing(paths.data) == files  # no -wal, -shm, .part or probe left behind
    open_database(paths.database, paths.backups).dispose()  # and with space again it simply opens


def test_the_window_on_a_full_disk_says_so_and_offers_nothing_destructive(qtbot, small_disk, library_on, monkeypatch):
    from watchtracker.ui import application
    from watchtracker.ui.common import messages
    from watchtracker.ui.crash import CrashHandler

    paths = library_on
    before = paths.database.read_bytes()
    small_disk.fill()
    shown, offered, gave_up = [], [], []
    monkeypatch.setattr(messages, "critical", lambda parent, text: shown.append(text))
    monkeypatch.setattr(application, "ask_to_move_aside", lambda *a: offered.append(a) or True)
    crash = CrashHandler(None, show_dialog=False)
    window, opened = application.launch(paths, lambda: open_services(paths, Settings()), crash, gave_up.append)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(gave_up), timeout=10_000)
    window.library_lane.wait()
    assert offered == []  # a healthy library on a full disk: no offer to move it aside
    assert gave_up == [1] and len(shown) == 1 and "disk is full" in shown[0], shown
    assert crash.last is None
    assert paths.database.read_bytes() == before
    assert not list(paths.data.glob("*damaged*"))


def test_daily_backup_on_a_full_disk_is_skipped_and_leaves_nothing_behind(small_disk, library_on):
    paths = library_on
    for old in paths.backups.iterdir():
        old.unlink()
    library = paths.database.read_bytes()
    engine = open_database(paths.database, paths.backups)  # opened with room to spare
    try:
        small_disk.fill(leave=64 * 1024)  # room for the -wal, not for a copy of the library
        service = BackupService(engine, paths.database, paths.backups)
        with pytest.raises(StorageError, match="disk is full"):
            service.daily()
        assert list(paths.backups.iterdir()) == []  # no .part, no -journal
    finally:
        engine.dispose()
    assert paths.database.read_bytes() == library


def test_restore_on_a_full_disk_is_refused_as_a_full_disk(small_disk, library_on):
    paths = library_on
    service = BackupService(None, paths.database, paths.backups)
    copy = service.backup(BackupReason.MANUAL).path
    before, files = paths.database.read_bytes(), _listing(paths.data)
    small_disk.fill()
    with pytest.raises(StorageError) as refused:
        service.restore(copy)
    text = str(refused.value)
    assert not isinstance(refused.value, DatabaseDamaged), text
    assert "Not restored" in text and "disk is full" in text, text
    assert paths.database.read_bytes() == before
    assert _listing(paths.data) == files


# -- a read-only disk -----------------------------------------------------------------------


def test_a_library_on_a_read_only_disk_opens_read_only_and_says_so(small_disk, library_on, cli_run):
    paths = library_on
    before = paths.database.read_bytes()
    small_disk.read_only()
    services = open_services(paths, Settings())
    try:
        assert services.read_only
        assert [r.title for r in services.library.library()]  # it can be read
        with pytest.raises(Exception) as refused:
            services.catalog.delete_series(services.library.library()[0].series_id)
        explained = explain_db_error(refused.value, paths.database)
        assert explained is not None and "read-only" in str(explained), refused.value
    finally:
        services.close()
    assert paths.database.read_bytes() == before


def test_the_commands_on_a_read_only_disk_read_and_refuse_to_write_plainly(small_disk, library_on, capsys):
    from watchtracker.app import main

    small_disk.read_only()
    code = main(["list", "--data-dir", str(library_on.data)])
    out, err = capsys.readouterr()
    assert code == 0 and "Bosch" in out, err
    code = main(["add", "A Show Not In The Library", "--data-dir", str(library_on.data)])
    out, err = capsys.readouterr()
    assert code == 1 and "read-only" in err and "nothing was changed" in err.lower(), err
    assert "bug" not in err
    assert "INSERT" not in err and "[SQL:" not in err and "parameters:" not in err  # no SQL on the terminal


def test_the_window_on_a_read_only_disk_says_so_at_once_and_writes_nothing_by_itself(
    qtbot, small_disk, library_on, monkeypatch
):
    from watchtracker.ui import application
    from watchtracker.ui.common import messages
    from watchtracker.ui.crash import CrashHandler

    paths = library_on
    (paths.config).mkdir(parents=True, exist_ok=True)
    small_disk.read_only()
    boxes = []
    for kind in ("critical", "warning", "information"):
        monkeypatch.setattr(messages, kind, lambda parent, text, kind=kind: boxes.append((kind, text)))
    crash = CrashHandler(None, show_dialog=False)
    loaded = []
    window, opened = application.launch(
        paths,
        lambda: open_services(paths, Settings()),
        crash,
        give_up=pytest.fail,
        on_open=loaded.append,
        refresh_in_ms=0,
    )
    qtbot.addWidget(window)
    rows = []  # the library's rows: they may come before or after on_open
    window.library_loaded.connect(lambda: rows.append(True))
    qtbot.waitUntil(lambda: bool(loaded) and bool(rows), timeout=10_000)
    assert window.notice.isVisible() and "read-only" in window.notice.text()
    assert not window.notice.close_button.isVisible()  # true for the whole run
    assert not window.online_controller._refresh_timer.isActive()  # no refresh, no poll: nothing writes by itself
    assert window.alerts_controller is None or not window.alerts_controller._timer.isActive()
    window.library_lane.wait()
    assert boxes == [] and crash.last is None
    # what the viewer tries to change is refused with a line, not a modal each time
    series_id = window.library_page.model.series_row(0).series_id
    window.detail_controller.edit_entry(series_id, {"notes": "try"})
    window.detail_controller.edit_entry(series_id, {"favourite": True})
    window.library_lane.wait()  # the edits are refused on the library lane ...
    qtbot.waitUntil(lambda: "read-only" in window.statusBar().currentMessage(), timeout=10_000)  # ... and said
    assert boxes == [] and crash.last is None
    assert "read-only" in window.statusBar().currentMessage()
    for s in opened:
        s.close()


def test_a_library_file_that_cannot_be_written_opens_read_only(tmp_path):
    """The file alone is read-only (its folder is writable): chattr +i, since root ignores modes."""
    paths = AppPaths.under(tmp_path / "data")
    open_services(paths, Settings()).close()
    if subprocess.run(["chattr", "+i", str(paths.database)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available on this file system")
    try:
        before = paths.database.read_bytes()
        services = open_services(paths, Settings())
        try:
            assert services.read_only
        finally:
            services.close()
        assert paths.database.read_bytes() == before
    finally:
        subprocess.run(["chattr", "-i", str(paths.database)], capture_output=True)


def test_sqlite_sees_the_full_disk_too(small_disk):
    """The premise of this module: SQLite itself meets the full disk (no simulation)."""
    small_disk.fill()
    con = sqlite3.connect(small_disk.root / "x.sqlite")
    try:
        with pytest.raises(sqlite3.OperationalError, match="full|disk I/O"):
            con.execute("CREATE TABLE t (x)")
            con.executemany("INSERT INTO t VALUES (?)", [(b"\0" * 4096,)] * 100)
            con.commit()
    finally:
        con.close()


def test_a_schema_upgrade_on_a_full_disk_is_said_and_changes_nothing(small_disk, monkeypatch, tmp_path):
    """An upgrade that runs out of space half way (a later migration that copies a table) is
    a full disk, not a bug: rolled back, said, and the library is as it was."""
    import textwrap
    from importlib import resources as importlib_resources

    from watchtracker.storage import database

    scripts = tmp_path / "migrations"
    shutil.copytree(
        Path(str(importlib_resources.files("watchtracker.storage") / "migrations")),
        scripts,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    current = database.head_revision()
    (scripts / "versions" / "9999_test_only.py").write_text(
        textwrap.dedent(f"""
        import sqlalchemy as sa
        from alembic import op
        revision = "9999"
        down_revision = {current!r}
        branch_labels = None
        depends_on = None
        def upgrade():
            with op.batch_alter_table("series", recreate="always") as batch:  # copies the table
                batch.add_column(sa.Column("test_only", sa.Integer(), nullable=True))
        def downgrade():
            pass
    """)
    )
    path = small_disk.root / "library.sqlite"
    engine = open_database(path)
    with engine.begin() as conn:  # a long overview: copying the table needs room
        conn.exec_driver_sql(
            "INSERT INTO series (id, title, aliases, overview, status, network, country, language, genres,"
            " content_rating, created_at, updated_at) VALUES (1, 'Bosch', '[]', ?, 'ended', '', '', '',"
            " '[]', '', '2020-01-01', '2020-01-01')",
            ("x" * 400_000,),
        )
    engine.dispose()
    before = _dump(path)

    def scratch_config():
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(scripts))
        return cfg

    monkeypatch.setattr(database, "alembic_config", scratch_config)
    monkeypatch.setattr(database, "SCHEMA_REVISIONS", (*database.SCHEMA_REVISIONS, "9999"))
    small_disk.fill(leave=96 * 1024)  # room to open (-wal, -shm), not to copy the table
    with pytest.raises(StorageError, match="disk is full") as refused:
        open_database(path)
    assert not isinstance(refused.value, DatabaseDamaged)
    small_disk.free_up()
    assert _dump(path) == before  # the schema and every row as they were


def _dump(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def test_restoring_a_copy_with_its_wal_on_a_nearly_full_disk_is_not_called_damaged(small_disk, library_on, tmp_path):
    """A library copied by hand with its -wal: the copy fits on the disk, folding its -wal into
    it does not. That is the disk's fault, not a damaged backup."""
    paths = library_on
    source = tmp_path / "by-hand.sqlite"  # (on another disk)
    con = sqlite3.connect(source)
    shutil.copyfile(paths.database, source)
    con.close()
    con = sqlite3.connect(source)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("UPDATE series SET overview = ? WHERE id = (SELECT MIN(id) FROM series)", ("y" * 600_000,))
    con.commit()
    copy = tmp_path / "copy.sqlite"  # what the user copied while it was open: the file and its -wal
    shutil.copyfile(source, copy)
    shutil.copyfile(f"{source}-wal", f"{copy}-wal")
    con.close()
    before, files = paths.database.read_bytes(), _listing(paths.data)
    need = copy.stat().st_size + Path(f"{copy}-wal").stat().st_size
    small_disk.fill(leave=need + 128 * 1024)
    with pytest.raises(StorageError) as refused:
        BackupService(None, paths.database, paths.backups).restore(copy)
    text = str(refused.value)
    assert not isinstance(refused.value, DatabaseDamaged), text
    assert "Not restored" in text and "disk is full" in text, text
    assert paths.database.read_bytes() == before
    assert _listing(paths.data) == files


@pytest.mark.parametrize("leave_kb", [4, 12, 16, 20, 40])
def test_a_new_library_on_a_nearly_full_disk_is_said_and_leaves_nothing(small_disk, capsys, leave_kb):
    """However little room is left, starting a new library there says "disk full" in one line
    (no traceback) and leaves no half-made library behind."""
    from watchtracker.app import main

    small_disk.fill(leave=leave_kb * 1024)
    data = small_disk.root / "new"
    code = main(["list", "--data-dir", str(data)])
    err = capsys.readouterr().err
    if code == 0:  # it fitted after all: a proper, usable library
        assert open_database(data / "library.sqlite") is not None
        return
    assert code == 1, err
    assert "Traceback" not in err and "disk" in err.lower(), err
    assert not list(data.glob("library.sqlite*")), list(data.iterdir())  # no half-made library


@pytest.mark.parametrize("full", [False, True])
def test_a_new_library_is_said_to_be_started_only_once_it_is(qtbot, small_disk, monkeypatch, full):
    """A damaged library moved aside: "a new library was started" comes once one is open; on a
    full disk, where none can be made, only the disk full message comes."""
    from watchtracker.ui import application
    from watchtracker.ui.common import messages
    from watchtracker.ui.crash import CrashHandler

    paths = AppPaths.under(small_disk.root / "data")
    paths.data.mkdir(parents=True)
    paths.database.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8000)  # SQLite calls it damaged
    if full:
        small_disk.fill(leave=2048)
    shown, gave_up = [], []
    monkeypatch.setattr(messages, "critical", lambda parent, text: shown.append(text))
    monkeypatch.setattr(messages, "information", lambda parent, text: shown.append(text))
    monkeypatch.setattr(
        application, "ask_to_move_aside", lambda parent, p, exc: application.move_damaged_aside(p.database)
    )
    crash = CrashHandler(None, show_dialog=False)
    window, opened = application.launch(paths, lambda: open_services(paths, Settings()), crash, gave_up.append)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(gave_up) or bool(opened), timeout=10_000)
    window.library_lane.wait()
    assert crash.last is None
    assert not any("started" in text for text in shown), shown
    assert len(list(paths.data.glob("library.damaged-*.sqlite"))) == 1  # kept, whatever came next
    if full:
        assert gave_up == [1] and any("disk is full" in text for text in shown), shown
        assert "started" not in window.notice.text()
    else:
        assert "kept as" in window.notice.text() and "new, empty library was started" in window.notice.text()
        for services in opened:
            services.close()
