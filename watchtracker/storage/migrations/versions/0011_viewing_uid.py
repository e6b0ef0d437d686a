"""viewing.uid: an id each viewing gets where it is made (the computer that records it), unique in
the library: a viewing copied, restored, imported again or sent twice by a computer whose
connection dropped is the same viewing, never a second one

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 09:00:00

A plain ADD COLUMN (not Alembic's batch mode): rebuilding viewing would drop 0009's triggers.
Existing viewings get a random uid here; new ones get theirs from the code (tables.new_uid).
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("viewing", sa.Column("uid", sa.String(length=32), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("UPDATE viewing SET uid = replace(gen_random_uuid()::text, '-', '')")
    else:
        op.execute("UPDATE viewing SET uid = lower(hex(randomblob(16)))")
    op.create_index("ux_viewing_uid", "viewing", ["uid"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_viewing_uid", table_name="viewing")
    # SQLite's own DROP COLUMN (3.35+): no table copy, so 0009's triggers stay
    op.execute("ALTER TABLE viewing DROP COLUMN uid")
