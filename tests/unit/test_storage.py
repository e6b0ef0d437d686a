"""Opening the library: migrations, refusals, and the clear message for each bad case."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from importlib import resources as importlib_resources
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from watchtracker.errors import (
    DatabaseDamaged,
    DatabaseLocked,
    DatabaseTooNew,
    DataDirNotWritable,
    NotALibrary,
)
from watchtracker.storage import database
from watchtracker.storage.database import alembic_config, backup_to, head_revision, open_database
from watchtracker.storage.files import move_aside, prune_backups


def _pragma(engine, name):
    with engine.connect() as conn:
        return conn.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_new_library_is_at_head_with_wal_and_foreign_keys(tmp_path):
    engine = open_database(tmp_path / "library.sqlite", tmp_path / "backups")
    assert _pragma(engine, "journal_mode") == "wal"
    assert _pragma(engine, "foreign_keys") == 1
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()
    engine.dispose()


def test_the_known_revisions_are_alembics_own():
    script = ScriptDirectory.from_config(alembic_config())
    ordered = [rev.revision for rev in script.walk_revisions()][::-1]
    assert tuple(ordered) == database.SCHEMA_REVISIONS
    assert script.get_current_head() == head_revision()


def test_opening_an_up_to_date_library_does_not_import_alembic(tmp_path):
    path = tmp_path / "library.sqlite"
    open_database(path).dispose()
    code = (
        "import sys; from pathlib import Path; from watchtracker.storage.database import open_database; "
        f"open_database(Path({str(path)!r})).dispose(); "
        "assert 'alembic' not in sys.modules, 'alembic imported'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def _first_revision() -> str:
    script = ScriptDirectory.from_config(alembic_config())
    return list(script.walk_revisions())[-1].revision


def test_database_made_by_the_first_migration_upgrades_to_head_keeping_data(tmp_path):
    path = tmp_path / "library.sqlite"
    first = _first_revision()
    raw = create_engine(f"sqlite:///{path}")
    with raw.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, first)
        conn.exec_driver_sql(
            "INSERT INTO series (id, title, aliases, overview, status, network, country, language,"
            " genres, content_rating, created_at, updated_at) VALUES (1, 'Bosch', '[]', '', 'ended',"
            " 'Prime Video', 'US', 'English', '[\"Drama\"]', 'TV-MA', '2020-01-01', '2020-01-01')"
        )
        conn.exec_driver_sql(
            "INSERT INTO episode (id, series_id, season, number, title, summary) VALUES (1, 1, 1, 1, 'Chapter One', '')"
        )
        conn.exec_driver_sql(
            "INSERT INTO viewing (episode_id, watched_at, source) VALUES (1, '2021-01-01 20:00:00', 'manual')"
        )
    raw.dispose()

    engine = open_database(path, tmp_path / "backups")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()
        assert conn.exec_driver_sql("SELECT title FROM series").scalar() == "Bosch"
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM viewing").scalar() == 1
    engine.dispose()
    copies = list((tmp_path / "backups").glob("library-before-upgrade-from-*.sqlite"))
    if head_revision() != first:
        assert len(copies) == 1, "a copy is kept before upgrading"
        old = sqlite3.connect(copies[0])
        assert old.execute("SELECT version_num FROM alembic_version").fetchone()[0] == first
        old.close()
    else:
        assert copies == []  # nothing to upgrade: nothing copied


def test_newer_database_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "library.sqlite"
    open_database(path).dispose()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = 'f00dfeed9999'")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNew, match="newer version of watchtracker"):
        open_database(path, tmp_path / "backups")
    assert path.read_bytes() == before
    assert not (tmp_path / "backups").exists()


def test_a_file_that_is_not_sqlite_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "library.sqlite"
    path.write_bytes(b"this is a text file, not a database\n" * 10)
    before = path.read_bytes()
    with pytest.raises(DatabaseDamaged, match="not a SQLite database"):
        open_database(path)
    assert path.read_bytes() == before


def test_a_truncated_database_gets_a_clear_message(tmp_path):
    path = tmp_path / "library.sqlite"
    engine = open_database(path)
    with engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    data = path.read_bytes()
    path.write_bytes(data[:100] + b"\xff" * 2000)  # a header, then garbage
    with pytest.raises(DatabaseDamaged, match="left untouched"):
        open_database(path)


def test_another_apps_sqlite_database_is_not_taken_over(tmp_path):
    path = tmp_path / "library.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    con.commit()
    con.close()
    with pytest.raises(NotALibrary, match="not a watchtracker library"):  # not called damaged
        open_database(path)
    con = sqlite3.connect(path)
    assert [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")] == ["moz_places"]
    con.close()


def test_unwritable_data_folder_gets_a_clear_message(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(DataDirNotWritable, match="cannot write to its data folder"):
        open_database(blocker / "data" / "library.sqlite")


def test_locked_database_gets_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setattr(database, "BUSY_TIMEOUT_S", 0.2)
    path = tmp_path / "library.sqlite"
    holder = sqlite3.connect(path, timeout=0)
    holder.execute("CREATE TABLE t (x)")
    holder.commit()
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseLocked, match="locked by another program"):
            open_database(path)
    finally:
        holder.rollback()
        holder.close()


def test_backup_is_a_consistent_copy_and_old_ones_are_pruned(tmp_path):
    engine = open_database(tmp_path / "library.sqlite")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO franchise (name, description, followed, created_at) VALUES ('Bosch universe', '', 0, '2020-01-01')"
        )
    folder = tmp_path / "backups"
    copies = []
    for i in range(4):
        copy = backup_to(engine, folder / f"library-{i}.sqlite")
        t = time.time() - (10 - i)
        os.utime(copy, (t, t))
        copies.append(copy)
    con = sqlite3.connect(copies[0])
    assert con.execute("SELECT name FROM franchise").fetchone()[0] == "Bosch universe"
    con.close()
    removed = prune_backups(folder, keep=2)
    assert sorted(p.name for p in removed) == ["library-0.sqlite", "library-1.sqlite"]
    assert sorted(p.name for p in folder.iterdir()) == ["library-2.sqlite", "library-3.sqlite"]
    engine.dispose()


def test_move_aside_keeps_the_damaged_file(tmp_path):
    path = tmp_path / "library.sqlite"
    path.write_bytes(b"garbage")
    (tmp_path / "library.sqlite-wal").write_bytes(b"wal")
    aside = move_aside(path)
    assert not path.exists()
    assert aside.read_bytes() == b"garbage"
    assert Path(str(aside) + "-wal").read_bytes() == b"wal"
    open_database(path).dispose()  # a new library starts


def test_an_upgrade_keeps_a_copy_of_the_library_first(tmp_path, monkeypatch):
    """With a later migration (a scratch copy of the real scripts plus one more), opening a
    library at the current head upgrades it, and the copy made before holds the old schema."""
    scripts = tmp_path / "migrations"
    shutil.copytree(
        Path(str(importlib_resources.files("watchtracker.storage") / "migrations")),
        scripts,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    current = head_revision()
    (scripts / "versions" / "9999_test_only.py").write_text(
        textwrap.dedent(f"""
        import sqlalchemy as sa
        from alembic import op
        revision = "9999"
        down_revision = {current!r}
        branch_labels = None
        depends_on = None
        def upgrade():
            with op.batch_alter_table("series") as batch:
                batch.add_column(sa.Column("test_only", sa.Integer(), nullable=True))
        def downgrade():
            with op.batch_alter_table("series") as batch:
                batch.drop_column("test_only")
    """)
    )
    path = tmp_path / "library.sqlite"
    engine = open_database(path)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO franchise (name, description, followed, created_at) VALUES ('Kept', '', 0, '2020-01-01')"
        )
    engine.dispose()

    def scratch_config():
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(scripts))
        return cfg

    monkeypatch.setattr(database, "alembic_config", scratch_config)
    monkeypatch.setattr(database, "SCHEMA_REVISIONS", (*database.SCHEMA_REVISIONS, "9999"))
    engine = open_database(path, tmp_path / "backups")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "9999"
        assert "test_only" in [r[1] for r in conn.exec_driver_sql("PRAGMA table_info(series)")]
        assert conn.exec_driver_sql("SELECT name FROM franchise").scalar() == "Kept"
    engine.dispose()
    copies = list((tmp_path / "backups").glob(f"library-before-upgrade-from-{current}-*.sqlite"))
    assert len(copies) == 1
    old = sqlite3.connect(copies[0])
    assert old.execute("SELECT version_num FROM alembic_version").fetchone()[0] == current
    assert "test_only" not in [r[1] for r in old.execute("PRAGMA table_info(series)")]
    assert old.execute("SELECT name FROM franchise").fetchone()[0] == "Kept"
    old.close()


def test_a_copy_never_replaces_a_file_of_the_same_name(tmp_path):
    """Two copies to the same name (the command line and the window in the same second): the
    second gets the next free name, the first is kept."""
    engine = open_database(tmp_path / "library.sqlite")
    folder = tmp_path / "backups"
    folder.mkdir()
    taken = folder / "library-manual-20260101-120000Z.sqlite"
    taken.write_bytes(b"an earlier copy")
    try:
        made = backup_to(engine, taken)
    finally:
        engine.dispose()
    assert taken.read_bytes() == b"an earlier copy"
    assert made.name == "library-manual-20260101-120000Z-2.sqlite"
    con = sqlite3.connect(made)
    assert con.execute("SELECT COUNT(*) FROM alembic_version").fetchone()[0] == 1
    con.close()
    assert sorted(p.name for p in folder.iterdir()) == sorted([taken.name, made.name])  # no .part left


def test_a_library_at_0005_gains_published_has_time_true_for_every_announcement(tmp_path):
    """0006 adds ``announcement.published_has_time`` (NOT NULL): every announcement stored before
    keeps its time (true), and a row written without the column gets true as well."""
    path = tmp_path / "library.sqlite"
    raw = create_engine(f"sqlite:///{path}")
    with raw.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0005")
        conn.exec_driver_sql(
            "INSERT INTO announcement (id, kind, headline, summary, source, url, published_at, fingerprint, read,"
            " dismissed, created_at, reason) VALUES (1, 'renewed', 'Bosch renewed', '', 'The Wire', NULL,"
            " '2020-02-13 09:30:00.000000', 'test:1', 0, 0, '2020-02-14 00:00:00.000000', '')"
        )
    raw.dispose()

    engine = open_database(path, tmp_path / "backups")
    with engine.begin() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()
        columns = {r[1]: r for r in conn.exec_driver_sql("PRAGMA table_info(announcement)")}
        assert columns["published_has_time"][3] == 1  # NOT NULL
        assert conn.exec_driver_sql("SELECT published_has_time, published_at FROM announcement").one() == (
            1,
            "2020-02-13 09:30:00.000000",
        )
        conn.exec_driver_sql(
            "INSERT INTO announcement (kind, headline, summary, source, fingerprint, read, dismissed, created_at,"
            " reason) VALUES ('news', 'Later', '', '', 'test:2', 0, 0, '2020-02-15 00:00:00.000000', '')"
        )
        assert conn.exec_driver_sql("SELECT published_has_time FROM announcement WHERE id = 2").scalar() == 1
    engine.dispose()

    back = create_engine(f"sqlite:///{path}")  # and down again: the column goes, the rows stay
    with back.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0005")
        assert "published_has_time" not in {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(announcement)")}
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM announcement").scalar() == 2
    back.dispose()
