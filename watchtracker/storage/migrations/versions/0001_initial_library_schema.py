"""initial library schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-24 14:30:52.848320
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "announcement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("headline", sa.String(), nullable=False),
        sa.Column("summary", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("url", sa.String(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("fingerprint", sa.String(), nullable=False),
        sa.Column("read", sa.Boolean(), nullable=False),
        sa.Column("dismissed", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("fingerprint"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("announcement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_announcement_published_at"), ["published_at"], unique=False)

    op.create_table(
        "franchise",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("followed", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("tvmaze_id", sa.Integer(), nullable=True),
        sa.Column("image_url", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tvmaze_id"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_name"), ["name"], unique=False)

    op.create_table(
        "series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("overview", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("premiere", sa.String(), nullable=True),
        sa.Column("premiere_precision", sa.String(), nullable=True),
        sa.Column("premiere_sort", sa.Date(), nullable=True),
        sa.Column("ended", sa.String(), nullable=True),
        sa.Column("network", sa.String(), nullable=False),
        sa.Column("country", sa.String(), nullable=False),
        sa.Column("language", sa.String(), nullable=False),
        sa.Column("genres", sa.JSON(), nullable=False),
        sa.Column("content_rating", sa.String(), nullable=False),
        sa.Column("runtime", sa.Integer(), nullable=True),
        sa.Column("poster_url", sa.String(), nullable=True),
        sa.Column("poster_path", sa.String(), nullable=True),
        sa.Column("tvmaze_id", sa.Integer(), nullable=True),
        sa.Column("thetvdb_id", sa.Integer(), nullable=True),
        sa.Column("imdb_id", sa.String(), nullable=True),
        sa.Column("tmdb_id", sa.Integer(), nullable=True),
        sa.Column("franchise_id", sa.Integer(), nullable=True),
        sa.Column("remote_updated", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["franchise_id"], ["franchise.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("imdb_id"),
        sa.UniqueConstraint("thetvdb_id"),
        sa.UniqueConstraint("tmdb_id"),
        sa.UniqueConstraint("tvmaze_id"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("series", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_series_franchise_id"), ["franchise_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_series_title"), ["title"], unique=False)

    op.create_table(
        "announcement_series",
        sa.Column("announcement_id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["announcement_id"], ["announcement.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["series_id"], ["series.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("announcement_id", "series_id"),
    )
    with op.batch_alter_table("announcement_series", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_announcement_series_series_id"), ["series_id"], unique=False)

    op.create_table(
        "credit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("character", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["series_id"], ["series.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("credit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_credit_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_credit_series_id"), ["series_id"], unique=False)

    op.create_table(
        "library_entry",
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("favourite", sa.Boolean(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("notes", sa.String(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["series_id"], ["series.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("series_id"),
    )
    op.create_table(
        "relation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("from_series_id", sa.Integer(), nullable=False),
        sa.Column("to_series_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["from_series_id"], ["series.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["to_series_id"], ["series.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("from_series_id", "to_series_id", "kind"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("relation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_relation_from_series_id"), ["from_series_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_relation_to_series_id"), ["to_series_id"], unique=False)

    op.create_table(
        "season",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("premiere", sa.Date(), nullable=True),
        sa.Column("episode_order", sa.Integer(), nullable=True),
        sa.Column("tvmaze_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["series_id"], ["series.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("series_id", "number"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "episode",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("season_id", sa.Integer(), nullable=True),
        sa.Column("season", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("summary", sa.String(), nullable=False),
        sa.Column("air_date", sa.Date(), nullable=True),
        sa.Column("airstamp", sa.DateTime(timezone=True), nullable=True),
        sa.Column("runtime", sa.Integer(), nullable=True),
        sa.Column("tvmaze_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["season_id"], ["season.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["series_id"], ["series.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("series_id", "season", "number"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("episode", schema=None) as batch_op:
        batch_op.create_index("ix_episode_series_order", ["series_id", "season", "number"], unique=False)

    op.create_table(
        "viewing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("watched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("source", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["episode_id"], ["episode.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("viewing", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_viewing_episode_id"), ["episode_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_viewing_watched_at"), ["watched_at"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("viewing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_viewing_watched_at"))
        batch_op.drop_index(batch_op.f("ix_viewing_episode_id"))

    op.drop_table("viewing")
    with op.batch_alter_table("episode", schema=None) as batch_op:
        batch_op.drop_index("ix_episode_series_order")

    op.drop_table("episode")
    op.drop_table("season")
    with op.batch_alter_table("relation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_relation_to_series_id"))
        batch_op.drop_index(batch_op.f("ix_relation_from_series_id"))

    op.drop_table("relation")
    op.drop_table("library_entry")
    with op.batch_alter_table("credit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_credit_series_id"))
        batch_op.drop_index(batch_op.f("ix_credit_person_id"))

    op.drop_table("credit")
    with op.batch_alter_table("announcement_series", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_announcement_series_series_id"))

    op.drop_table("announcement_series")
    with op.batch_alter_table("series", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_series_title"))
        batch_op.drop_index(batch_op.f("ix_series_franchise_id"))

    op.drop_table("series")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_name"))

    op.drop_table("person")
    op.drop_table("franchise")
    with op.batch_alter_table("announcement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_announcement_published_at"))

    op.drop_table("announcement")
