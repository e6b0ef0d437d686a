"""Alembic environment. Migrations run from code (storage.database) with an open connection,
or from the command line for development: ``alembic -c watchtracker/storage/alembic.ini ...``."""

from alembic import context
from sqlalchemy import create_engine

from watchtracker.storage.tables import SQLModel

target_metadata = SQLModel.metadata
config = context.config


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite can only ALTER so much: copy-and-move tables
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("alembic.ini names no sqlalchemy.url to migrate")
    engine = create_engine(url)
    with engine.begin() as conn:
        _run(conn)
