"""announcement.kinds (every kind of news an item carries, main first); the viewer's corrections:
kind_example ("Wrong kind?") and false_match ("Not about this series")

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ADD COLUMN (no copy of the table: its links to series stay as they are); every
    # announcement stored before has its one kind
    with op.batch_alter_table("announcement", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kinds", sa.JSON(), nullable=False, server_default="[]"))
    # SQLite's json_array; PostgreSQL has it only from 16, json_build_array everywhere
    array = "json_build_array" if op.get_bind().dialect.name == "postgresql" else "json_array"
    op.execute(f"UPDATE announcement SET kinds = {array}(kind)")
    op.create_table(
        "kind_example",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("headline", sa.String(), nullable=False),
        sa.Column("summary", sa.String(), nullable=False),
        sa.Column("kinds", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "false_match",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("headline", sa.String(), nullable=False),
        sa.Column("fingerprint", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["series_id"], ["series.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("false_match", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_false_match_series_id"), ["series_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("false_match", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_false_match_series_id"))
    op.drop_table("false_match")
    op.drop_table("kind_example")
    # SQLite's own DROP COLUMN (3.35+): a copy of the table would cascade the deletion of the old
    # one to announcement_series when foreign keys are on
    op.execute("ALTER TABLE announcement DROP COLUMN kinds")
