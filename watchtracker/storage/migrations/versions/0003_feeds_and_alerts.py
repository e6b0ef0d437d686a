"""news feeds, alert details and mutes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 13:55:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feed",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("etag", sa.String(), nullable=True),
        sa.Column("last_modified", sa.String(), nullable=True),
        sa.Column("last_polled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_ok_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(), nullable=True),
        sa.Column("items_seen", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("url"),
        sqlite_autoincrement=True,
    )
    op.create_table("muted_kind", sa.Column("kind", sa.String(), nullable=False), sa.PrimaryKeyConstraint("kind"))
    with op.batch_alter_table("announcement", schema=None) as batch_op:
        batch_op.add_column(sa.Column("feed_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reason", sa.String(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("premiere", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("spin_off_title", sa.String(), nullable=True))
        batch_op.create_foreign_key("fk_announcement_feed_id_feed", "feed", ["feed_id"], ["id"], ondelete="SET NULL")
        batch_op.create_index("ix_announcement_unread", ["dismissed", "read"], unique=False)
    with op.batch_alter_table("library_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("alerts_muted", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("library_entry", schema=None) as batch_op:
        batch_op.drop_column("alerts_muted")
    with op.batch_alter_table("announcement", schema=None) as batch_op:
        batch_op.drop_index("ix_announcement_unread")
        batch_op.drop_constraint("fk_announcement_feed_id_feed", type_="foreignkey")
        batch_op.drop_column("spin_off_title")
        batch_op.drop_column("premiere")
        batch_op.drop_column("reason")
        batch_op.drop_column("feed_id")
    op.drop_table("muted_kind")
    op.drop_table("feed")
