"""series_progress: per series, the regular episodes watched, the furthest of them and the last
viewing, kept by triggers on viewing and episode (Up next reads it instead of every viewing)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 19:00:00

The triggers are part of the schema from here on. Alembic's batch mode rebuilds a table by
"move and copy" (a new table, the rows copied, the old one dropped, the new one renamed): that
DROPS THE TRIGGERS ON IT, and the rename fails while the other table's triggers name the
dropped one. A later migration that rebuilds viewing or episode with batch_alter_table must drop
all six triggers first, then create them again as below and refill series_progress;
tests/unit/test_series_progress.py checks that they exist at head under these names. Other
tables (series too) can be rebuilt as before. On PostgreSQL the same rules are kept by plpgsql
functions and row triggers (``PG_FUNCTIONS``, ``PG_TRIGGERS``): the same table, row for row.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# k = season * 100000 + number (numbers stay below 100000); specials (season 0) count for the
# last viewing only. A series has a row when it holds something: a regular episode watched, or a
# viewing with a time (the triggers keep to this too, so the table is always what this gives).
_BACKFILL = """
INSERT INTO series_progress (series_id, watched_regular, furthest_key, last_watched_at)
SELECT e.series_id,
       COUNT(DISTINCT CASE WHEN e.season > 0 THEN e.id END),
       COALESCE(MAX(CASE WHEN e.season > 0 THEN e.season * 100000 + e.number END), 0),
       MAX(v.watched_at)
FROM viewing v JOIN episode e ON e.id = v.episode_id
GROUP BY e.series_id
HAVING COUNT(DISTINCT CASE WHEN e.season > 0 THEN e.id END) > 0 OR MAX(v.watched_at) IS NOT NULL
"""


def _recompute(series: str, unless: str = "") -> str:
    """One series' row afresh, through the indexes (episode (series_id, season, number, ...),
    viewing (episode_id, watched_at)); no row when nothing is left. ``series``: an SQL expression
    for its id (NULL: nothing to do). The triggers name no other table than viewing, episode and
    series_progress: a batch migration that rebuilds series (or any other table) still works.
    While a series is being deleted the cascade may make a row for it here, which its own
    cascade then removes (within the one statement, so its foreign key holds)."""
    return f"""
    INSERT OR REPLACE INTO series_progress (series_id, watched_regular, furthest_key, last_watched_at)
    SELECT x.id,
           (SELECT COUNT(*) FROM episode e WHERE e.series_id = x.id AND e.season > 0
              AND EXISTS (SELECT 1 FROM viewing v WHERE v.episode_id = e.id)),
           COALESCE((SELECT e.season * 100000 + e.number FROM episode e WHERE e.series_id = x.id AND e.season > 0
                       AND EXISTS (SELECT 1 FROM viewing v WHERE v.episode_id = e.id)
                     ORDER BY e.season DESC, e.number DESC LIMIT 1), 0),
           (SELECT MAX(v.watched_at) FROM episode e JOIN viewing v ON v.episode_id = e.id
            WHERE e.series_id = x.id)
    FROM (SELECT ({series}) AS id) x WHERE x.id IS NOT NULL {unless};
    DELETE FROM series_progress
    WHERE series_id = ({series}) AND watched_regular = 0 AND last_watched_at IS NULL;"""


def _series_of(episode: str) -> str:
    return f"SELECT series_id FROM episode WHERE id = {episode}"


TRIGGERS = {
    # marking watched, an import: the row only moves forward, no scan. The episode's first viewing
    # adds a regular episode; the scalar MAX of a time and NULL would be NULL, hence the CASE; a
    # special watched at no known time changes nothing. (WHERE ... ON CONFLICT: SQLite's parser
    # needs the WHERE there, or it reads ON as a join's.)
    "series_progress_viewing_insert": """
CREATE TRIGGER series_progress_viewing_insert AFTER INSERT ON viewing BEGIN
    INSERT INTO series_progress (series_id, watched_regular, furthest_key, last_watched_at)
    SELECT e.series_id,
           e.season > 0 AND NOT EXISTS (SELECT 1 FROM viewing v WHERE v.episode_id = e.id AND v.id <> NEW.id),
           CASE WHEN e.season > 0 THEN e.season * 100000 + e.number ELSE 0 END,
           NEW.watched_at
    FROM episode e WHERE e.id = NEW.episode_id AND (e.season > 0 OR NEW.watched_at IS NOT NULL)
    ON CONFLICT (series_id) DO UPDATE SET
        watched_regular = watched_regular + excluded.watched_regular,
        furthest_key = MAX(furthest_key, excluded.furthest_key),
        last_watched_at = CASE WHEN excluded.last_watched_at IS NULL THEN last_watched_at
                               WHEN last_watched_at IS NULL THEN excluded.last_watched_at
                               ELSE MAX(last_watched_at, excluded.last_watched_at) END;
END""",
    # unmarking, an undo: the row may move back. When the episode itself is being deleted (the
    # cascade from it or its series) it is no longer found here: the episode's trigger does it.
    "series_progress_viewing_delete": f"""
CREATE TRIGGER series_progress_viewing_delete AFTER DELETE ON viewing BEGIN
    {_recompute(_series_of("OLD.episode_id"))}
END""",
    "series_progress_viewing_update": f"""
CREATE TRIGGER series_progress_viewing_update AFTER UPDATE OF episode_id, watched_at ON viewing
WHEN OLD.episode_id IS NOT NEW.episode_id OR OLD.watched_at IS NOT NEW.watched_at BEGIN
    {_recompute(_series_of("NEW.episode_id"))}
    {_recompute(_series_of("OLD.episode_id"), f"AND x.id IS NOT ({_series_of('NEW.episode_id')})")}
END""",
    # a new episode has no viewing (ids are not reused); only with foreign keys off can it have one
    "series_progress_episode_insert": f"""
CREATE TRIGGER series_progress_episode_insert AFTER INSERT ON episode
WHEN EXISTS (SELECT 1 FROM viewing WHERE episode_id = NEW.id) BEGIN
    {_recompute("NEW.series_id")}
END""",
    # not "when it had a viewing": the cascade has removed its viewings before this runs. A
    # series with no row has nothing watched, and losing an episode changes nothing.
    "series_progress_episode_delete": f"""
CREATE TRIGGER series_progress_episode_delete AFTER DELETE ON episode
WHEN EXISTS (SELECT 1 FROM series_progress WHERE series_id = OLD.series_id) BEGIN
    {_recompute("OLD.series_id")}
END""",
    # renumbered, moved to another season or series (TVmaze), and watched
    "series_progress_episode_update": f"""
CREATE TRIGGER series_progress_episode_update AFTER UPDATE OF series_id, season, number ON episode
WHEN (OLD.series_id IS NOT NEW.series_id OR OLD.season IS NOT NEW.season OR OLD.number IS NOT NEW.number)
  AND EXISTS (SELECT 1 FROM viewing WHERE episode_id = NEW.id) BEGIN
    {_recompute("NEW.series_id")}
    {_recompute("OLD.series_id", "AND OLD.series_id IS NOT NEW.series_id")}
END""",
}


# PostgreSQL: one function recounts a series (as _recompute); a new viewing moves the row forward
# as the SQLite trigger does. A series being deleted is not counted again (its row goes with it).
PG_FUNCTIONS = {
    "series_progress_recount": """
CREATE FUNCTION series_progress_recount(sid integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF sid IS NULL THEN RETURN; END IF;
    -- one transaction at a time per series, and the count made after the lock (a statement
    -- begun after it sees what the one before committed): two computers never count past each other
    PERFORM pg_advisory_xact_lock(30583, sid);
    IF EXISTS (SELECT 1 FROM series WHERE id = sid) THEN
        INSERT INTO series_progress (series_id, watched_regular, furthest_key, last_watched_at)
        SELECT sid,
               (SELECT COUNT(*) FROM episode e WHERE e.series_id = sid AND e.season > 0
                  AND EXISTS (SELECT 1 FROM viewing v WHERE v.episode_id = e.id)),
               COALESCE((SELECT e.season * 100000 + e.number FROM episode e WHERE e.series_id = sid AND e.season > 0
                           AND EXISTS (SELECT 1 FROM viewing v WHERE v.episode_id = e.id)
                         ORDER BY e.season DESC, e.number DESC LIMIT 1), 0),
               (SELECT MAX(v.watched_at) FROM episode e JOIN viewing v ON v.episode_id = e.id
                WHERE e.series_id = sid)
        ON CONFLICT (series_id) DO UPDATE SET
            watched_regular = excluded.watched_regular,
            furthest_key = excluded.furthest_key,
            last_watched_at = excluded.last_watched_at;
    END IF;
    DELETE FROM series_progress WHERE series_id = sid AND watched_regular = 0 AND last_watched_at IS NULL;
END $$""",
    # new viewings, per statement (their rows as a transition table): row triggers run after the
    # whole statement on PostgreSQL, so a statement adding two viewings of one episode would see
    # each from the other; here an episode counts when no viewing outside the statement has it
    "series_progress_on_viewing_insert": """
CREATE FUNCTION series_progress_on_viewing_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(30583, x.series_id)  -- as series_progress_recount; in order: no deadlock
    FROM (SELECT DISTINCT e.series_id FROM new_viewings n JOIN episode e ON e.id = n.episode_id ORDER BY 1) x;
    INSERT INTO series_progress AS p (series_id, watched_regular, furthest_key, last_watched_at)
    SELECT e.series_id,
           COUNT(DISTINCT e.id) FILTER (WHERE e.season > 0 AND NOT EXISTS (
               SELECT 1 FROM viewing v WHERE v.episode_id = e.id AND v.id NOT IN (SELECT id FROM new_viewings))),
           COALESCE(MAX(e.season * 100000 + e.number) FILTER (WHERE e.season > 0), 0),
           MAX(n.watched_at)
    FROM new_viewings n JOIN episode e ON e.id = n.episode_id
    GROUP BY e.series_id
    HAVING bool_or(e.season > 0) OR MAX(n.watched_at) IS NOT NULL
    ON CONFLICT (series_id) DO UPDATE SET
        watched_regular = p.watched_regular + excluded.watched_regular,
        furthest_key = GREATEST(p.furthest_key, excluded.furthest_key),
        last_watched_at = GREATEST(p.last_watched_at, excluded.last_watched_at);
    RETURN NULL;
END $$""",
    # unmarking, an undo: each series they were of counted again once per statement (not once per
    # viewing: undoing a season's mark deletes many). A viewing deleted with its episode (the
    # cascade) finds no episode here: the episode's trigger counts its series.
    "series_progress_on_viewing_delete": """
CREATE FUNCTION series_progress_on_viewing_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM series_progress_recount(x.series_id)
    FROM (SELECT DISTINCT e.series_id FROM old_viewings o JOIN episode e ON e.id = o.episode_id ORDER BY 1) x;
    RETURN NULL;
END $$""",
    # a viewing moved to another episode or time: both series counted again
    "series_progress_on_viewing": """
CREATE FUNCTION series_progress_on_viewing() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.episode_id IS DISTINCT FROM NEW.episode_id OR OLD.watched_at IS DISTINCT FROM NEW.watched_at THEN
        PERFORM series_progress_recount((SELECT series_id FROM episode WHERE id = NEW.episode_id));
        PERFORM series_progress_recount((SELECT series_id FROM episode WHERE id = OLD.episode_id));
    END IF;
    RETURN NULL;
END $$""",
    "series_progress_on_episode": """
CREATE FUNCTION series_progress_on_episode() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF EXISTS (SELECT 1 FROM viewing WHERE episode_id = NEW.id) THEN
            PERFORM series_progress_recount(NEW.series_id);
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        IF EXISTS (SELECT 1 FROM series_progress WHERE series_id = OLD.series_id) THEN
            PERFORM series_progress_recount(OLD.series_id);
        END IF;
    ELSIF (OLD.series_id IS DISTINCT FROM NEW.series_id OR OLD.season IS DISTINCT FROM NEW.season
           OR OLD.number IS DISTINCT FROM NEW.number)
          AND EXISTS (SELECT 1 FROM viewing WHERE episode_id = NEW.id) THEN
        PERFORM series_progress_recount(NEW.series_id);
        IF OLD.series_id IS DISTINCT FROM NEW.series_id THEN
            PERFORM series_progress_recount(OLD.series_id);
        END IF;
    END IF;
    RETURN NULL;
END $$""",
}
PG_TRIGGERS = {
    "series_progress_viewing_insert": "CREATE TRIGGER series_progress_viewing_insert AFTER INSERT ON viewing "
    "REFERENCING NEW TABLE AS new_viewings FOR EACH STATEMENT EXECUTE FUNCTION series_progress_on_viewing_insert()",
    "series_progress_viewing_delete": "CREATE TRIGGER series_progress_viewing_delete AFTER DELETE ON viewing "
    "REFERENCING OLD TABLE AS old_viewings FOR EACH STATEMENT EXECUTE FUNCTION series_progress_on_viewing_delete()",
    "series_progress_viewing": "CREATE TRIGGER series_progress_viewing AFTER UPDATE ON viewing "
    "FOR EACH ROW EXECUTE FUNCTION series_progress_on_viewing()",
    "series_progress_episode": "CREATE TRIGGER series_progress_episode AFTER INSERT OR UPDATE OR DELETE ON episode "
    "FOR EACH ROW EXECUTE FUNCTION series_progress_on_episode()",
}


def upgrade() -> None:
    op.create_table(
        "series_progress",
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("watched_regular", sa.Integer(), server_default="0", nullable=False),
        sa.Column("furthest_key", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_watched_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["series_id"], ["series.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("series_id"),
    )
    op.execute(_BACKFILL)
    if op.get_bind().dialect.name == "postgresql":
        for sql in (*PG_FUNCTIONS.values(), *PG_TRIGGERS.values()):
            op.execute(sql)
        return
    for sql in TRIGGERS.values():
        op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name, table in (
            ("series_progress_viewing_insert", "viewing"),
            ("series_progress_viewing_delete", "viewing"),
            ("series_progress_viewing", "viewing"),
            ("series_progress_episode", "episode"),
        ):
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        for name in reversed(PG_FUNCTIONS):
            op.execute(f"DROP FUNCTION IF EXISTS {name} CASCADE")
        op.drop_table("series_progress")
        return
    for name in reversed(TRIGGERS):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("series_progress")
