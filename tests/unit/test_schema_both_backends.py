"""One migration chain for both backends: the schema the migrations make equals the models
(``compare_metadata``, types compared) on a SQLite file and on a PostgreSQL server, and a
PostgreSQL library migrates down to nothing and up to head again."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import JSON, DateTime, TypeDecorator, inspect

from watchtracker.storage.database import alembic_config, head_revision, open_database
from watchtracker.storage.server import open_server_library, parse_server_url
from watchtracker.storage.tables import SQLModel


def differences(engine) -> list:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, SQLModel.metadata)


def revision(engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def functions(engine) -> list[str]:
    """The functions in the library's schema (the migrations' plpgsql triggers)."""
    with engine.connect() as conn:
        return sorted(
            conn.exec_driver_sql(
                "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                " WHERE n.nspname = current_schema()"
            ).scalars()
        )


def migrate(engine, target: str, *, down: bool = False) -> None:
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(cfg, target)


def test_the_sqlite_schema_at_head_equals_the_models(tmp_path):
    engine = open_database(tmp_path / "library.sqlite")  # a first start: every migration runs
    try:
        assert revision(engine) == head_revision()
        assert differences(engine) == []
    finally:
        engine.dispose()


def test_the_postgresql_schema_at_head_equals_the_models(pg_database):
    engine = open_server_library(parse_server_url(pg_database)).engine  # a new library on the server
    try:
        assert revision(engine) == head_revision()
        assert differences(engine) == []
    finally:
        engine.dispose()


def test_times_are_timestamptz_and_json_is_json_on_postgresql(pg_database):
    engine = open_server_library(parse_server_url(pg_database)).engine
    try:
        with engine.connect() as conn:
            found = {
                (t, c): kind
                for t, c, kind in conn.exec_driver_sql(
                    "SELECT table_name, column_name, data_type FROM information_schema.columns"
                    " WHERE table_schema = current_schema()"
                )
            }
    finally:
        engine.dispose()
    wanted = {}
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            kind = column.type.impl if isinstance(column.type, TypeDecorator) else column.type  # UTCDateTime
            if isinstance(kind, DateTime):
                wanted[(table.name, column.name)] = "timestamp with time zone"
            elif isinstance(kind, JSON):
                wanted[(table.name, column.name)] = "json"
    assert ("announcement", "kinds") in wanted and ("viewing", "watched_at") in wanted
    assert {key: found.get(key) for key in wanted} == wanted


def test_a_postgresql_library_migrates_down_to_nothing_and_up_again(pg_database):
    engine = open_server_library(parse_server_url(pg_database)).engine
    try:
        tables = set(inspect(engine).get_table_names())
        assert {"series", "episode", "viewing", "announcement"} <= tables
        made = functions(engine)
        assert made  # series_progress is kept by plpgsql triggers
        migrate(engine, "base", down=True)
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        assert revision(engine) is None
        assert functions(engine) == []  # the triggers' functions went with their tables
        migrate(engine, "head")
        assert revision(engine) == head_revision()
        assert set(inspect(engine).get_table_names()) == tables
        assert functions(engine) == made
        assert differences(engine) == []
    finally:
        engine.dispose()
