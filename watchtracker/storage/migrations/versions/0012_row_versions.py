"""Row versions: the rows the viewer edits (the library entry, a series edited by hand, a franchise,
a relation, an alert's read and dismissed) carry a version, one more at every change, so that a
write based on an older reading is refused ("changed on another computer") instead of silently
overwriting what another computer (or window) saved meanwhile

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-08 09:00:00

Plain ADD COLUMNs (not Alembic's batch mode): on SQLite rebuilding a table would drop 0009's
triggers and meet the foreign keys to series; on PostgreSQL 0010's notify triggers stay as they are.
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

TABLES = ("franchise", "series", "library_entry", "relation", "announcement")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    for table in TABLES:
        # SQLite's own DROP COLUMN (3.35+): no table copy, so the triggers stay
        op.execute(f"ALTER TABLE {table} DROP COLUMN version")
