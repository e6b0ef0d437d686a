"""covering indexes for the library and Up next: episode (series_id, season, number, airstamp,
air_date) instead of (series_id, season, number); viewing (episode_id, watched_at) instead of
(episode_id)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 18:00:00
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("episode", schema=None) as batch_op:
        batch_op.create_index(
            "ix_episode_series_air", ["series_id", "season", "number", "airstamp", "air_date"], unique=False
        )
        batch_op.drop_index("ix_episode_series_order")
    with op.batch_alter_table("viewing", schema=None) as batch_op:
        batch_op.create_index("ix_viewing_episode_watched", ["episode_id", "watched_at"], unique=False)
        batch_op.drop_index("ix_viewing_episode_id")


def downgrade() -> None:
    with op.batch_alter_table("viewing", schema=None) as batch_op:
        batch_op.create_index("ix_viewing_episode_id", ["episode_id"], unique=False)
        batch_op.drop_index("ix_viewing_episode_watched")
    with op.batch_alter_table("episode", schema=None) as batch_op:
        batch_op.create_index("ix_episode_series_order", ["series_id", "season", "number"], unique=False)
        batch_op.drop_index("ix_episode_series_air")
