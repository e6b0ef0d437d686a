"""The schema migrations in storage/migrations/versions, oldest first.

Kept as plain data so that opening an up-to-date library imports neither Alembic nor SQLAlchemy
(tests/unit/test_storage.py checks that this list matches Alembic's own)."""

SCHEMA_REVISIONS = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0011",
    "0012",
    "0013",
)
SCHEMA_HEAD = SCHEMA_REVISIONS[-1]
