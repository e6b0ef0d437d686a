"""indexes on episode air times, for Upcoming

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 06:30:00
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("episode", schema=None) as batch_op:
        batch_op.create_index("ix_episode_airstamp", ["airstamp"], unique=False)
        batch_op.create_index("ix_episode_air_date", ["air_date"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("episode", schema=None) as batch_op:
        batch_op.drop_index("ix_episode_air_date")
        batch_op.drop_index("ix_episode_airstamp")
