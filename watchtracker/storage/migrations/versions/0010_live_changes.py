"""live changes: on PostgreSQL, every write to a table the window shows is announced on the
channel ``watchtracker_changes`` (LISTEN/NOTIFY), so that the other computers' windows read it
again within a second (storage/listen.py); nothing on SQLite

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-14 10:00:00

One plpgsql function, ``watchtracker_notify_changes``, run once per statement (AFTER, with the
statement's rows as transition tables) on each table below: it sends a compact JSON payload,

    {"t": table, "o": "i"|"u"|"d"|"t", "s": [series ids], "p": the sender's pg_backend_pid()}

with "s" left out for a table whose rows name no series, and ``"all": true`` instead of "s" when
the statement touched more series than a payload may carry (a NOTIFY payload is < 8000 bytes), or
for TRUNCATE. A statement that touched no row sends nothing; PostgreSQL sends the same payload
once per transaction. Notifications go out when the transaction commits, never for one rolled
back. A trigger with transition tables may have one event only: three per table (insert, update,
delete), and a fourth for TRUNCATE (which has none).

The triggers are not in the models (tables.py), like 0009's; a later migration that rebuilds one
of these tables must create its triggers again (``PG_TRIGGER_TABLES``).
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

CHANNEL = "watchtracker_changes"
MAX_IDS = 500  # 500 ids of 7 digits and commas: well under the 8000 bytes a payload may have

# table -> a query of the series ids its changed rows touch ("%1$s": the rows, aliased r), or ""
PG_TRIGGER_TABLES = {
    "series": "SELECT r.id FROM %1$s r",
    "library_entry": "SELECT r.series_id FROM %1$s r",
    "season": "SELECT r.series_id FROM %1$s r",
    "episode": "SELECT r.series_id FROM %1$s r",
    # a viewing's series through its episode (an episode being deleted is gone already: its own
    # trigger names the series)
    "viewing": "SELECT e.series_id FROM %1$s r JOIN episode e ON e.id = r.episode_id",
    "credit": "SELECT r.series_id FROM %1$s r",
    "relation": "SELECT r.from_series_id FROM %1$s r UNION SELECT r.to_series_id FROM %1$s r",
    "franchise": "",
    "announcement": "",
    "announcement_series": "SELECT r.series_id FROM %1$s r",
    "false_match": "SELECT r.series_id FROM %1$s r",
    "kind_example": "",
    "muted_kind": "",
    "feed": "",
}

PG_FUNCTION = f"""
CREATE FUNCTION watchtracker_notify_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    src text;
    touched boolean;
    ids integer[];
    payload jsonb;
BEGIN
    payload := jsonb_build_object('t', TG_TABLE_NAME, 'o', lower(left(TG_OP, 1)), 'p', pg_backend_pid());
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM pg_notify('{CHANNEL}', (payload || jsonb_build_object('all', true))::text);
        RETURN NULL;
    ELSIF TG_OP = 'INSERT' THEN
        src := 'new_rows';
    ELSIF TG_OP = 'DELETE' THEN
        src := 'old_rows';
    ELSE
        src := '(SELECT * FROM new_rows UNION ALL SELECT * FROM old_rows)';
    END IF;
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s r)', src) INTO touched;
    IF NOT touched THEN
        RETURN NULL;
    END IF;
    IF TG_ARGV[0] <> '' THEN
        EXECUTE format('SELECT array_agg(DISTINCT q.s ORDER BY q.s) FROM (' || TG_ARGV[0] || ') q(s) '
                       'WHERE q.s IS NOT NULL', src) INTO ids;
        IF coalesce(array_length(ids, 1), 0) > {MAX_IDS} THEN
            payload := payload || jsonb_build_object('all', true);
        ELSE
            payload := payload || jsonb_build_object('s', coalesce(to_jsonb(ids), '[]'::jsonb));
        END IF;
    END IF;
    PERFORM pg_notify('{CHANNEL}', payload::text);
    RETURN NULL;
END $$"""


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _triggers(table: str, series_query: str) -> dict[str, str]:
    arg = _quoted(series_query)
    run = f"FOR EACH STATEMENT EXECUTE FUNCTION watchtracker_notify_changes({arg})"
    return {
        f"watchtracker_live_{table}_ins": f"AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows {run}",
        f"watchtracker_live_{table}_upd": (
            f"AFTER UPDATE ON {table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows {run}"
        ),
        f"watchtracker_live_{table}_del": f"AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows {run}",
        f"watchtracker_live_{table}_trunc": f"AFTER TRUNCATE ON {table} {run}",
    }


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(PG_FUNCTION)
    for table, query in PG_TRIGGER_TABLES.items():
        for name, body in _triggers(table, query).items():
            op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, query in PG_TRIGGER_TABLES.items():
        for name in _triggers(table, query):
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    op.execute("DROP FUNCTION IF EXISTS watchtracker_notify_changes()")
