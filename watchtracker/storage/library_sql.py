"""The library in one statement, and a read-only way to run it at start-up.

Kept apart from the ORM so that ``peek_library`` needs only the standard library: the window can
show the library while SQLAlchemy and SQLModel are still being imported.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, overload

from watchtracker.domain.dates import partial_date_or_none
from watchtracker.domain.enums import LifecycleStatus, ViewerState
from watchtracker.domain.models import EpisodeCode, LibraryRow, NextEpisode
from watchtracker.domain.text import clean_line
from watchtracker.storage.files import peek_uri

# Aired, as a condition that is never NULL (an episode with no date has not aired): true or false on
# both SQLite and PostgreSQL (no COALESCE of a boolean with 0).
_AIRED = (
    "(CASE WHEN e.airstamp IS NOT NULL THEN e.airstamp <= :now"
    " WHEN e.air_date IS NOT NULL THEN e.air_date <= :today ELSE FALSE END)"
)

# As a condition (NULL, not false, for an episode with no date): counted by COUNT(CASE WHEN ...).
_AIRED_IF = "(e.airstamp <= :now OR (e.airstamp IS NULL AND e.air_date <= :today))"

# Per followed series, from its regular episodes: seasons and how many aired (one pass over the
# (series_id, season, number, airstamp, air_date) index, in library_entry's order: no sort). From
# the viewings (one pass, joined to their episodes): the regular episodes watched, those of them not
# aired yet (they count as aired), the furthest watched (as season * 100000 + number) and the last
# viewing. Then the next episode: the first aired, unwatched one after the furthest watched, found
# through the index. No viewing is looked up per episode (tests/unit/test_library_sql_speed_equivalence.py
# compares with the statement this replaced). The unary + in GROUP BY: grouping must not make
# SQLite read every episode in (series_id, season, number) order (through the unique index, which
# does not cover the air times) to save a sort of the viewings; a series filter still uses the index.
# One text for SQLite and PostgreSQL: the series filters join the inner joins' ON (no "WHERE 1");
# PostgreSQL selects the grouped expression itself, whose CAST keeps SQLite's integer affinity (without
# it SQLite scans ``seen`` per series instead of indexing it: twice as slow); ORDER BY is SQLite's
# own order (library_entry's key: no sort), asked of PostgreSQL too.
LIBRARY_SQL = f"""
WITH eps AS (
    SELECT le.series_id, COUNT(DISTINCT e.season) AS seasons, COUNT(CASE WHEN {_AIRED_IF} THEN 1 END) AS aired
    FROM library_entry le JOIN episode e ON e.series_id = le.series_id
    WHERE e.season > 0 {{series_filter}}
    GROUP BY le.series_id
),
seen AS (
    SELECT CAST(+e.series_id AS INTEGER) AS series_id,
           COUNT(DISTINCT CASE WHEN e.season > 0 THEN e.id END) AS watched,
           COUNT(DISTINCT CASE WHEN e.season > 0 AND NOT {_AIRED} THEN e.id END) AS early,
           MAX(CASE WHEN e.season > 0 THEN e.season * 100000 + e.number END) AS furthest,
           MAX(v.watched_at) AS last_at
    FROM viewing v JOIN episode e ON e.id = v.episode_id {{series_filter}}
    GROUP BY +e.series_id
)
SELECT s.id, s.title, s.status, s.network, s.poster_path, s.premiere,
       le.state, le.favourite, le.added_at,
       COALESCE(eps.seasons, 0), COALESCE(eps.aired, 0) + COALESCE(seen.early, 0), COALESCE(seen.watched, 0),
       seen.last_at, ne.season, ne.number, ne.title, ne.air_date, s.tvmaze_id IS NOT NULL
FROM library_entry le
JOIN series s ON s.id = le.series_id {{outer_filter}}
LEFT JOIN eps ON eps.series_id = s.id
LEFT JOIN seen ON seen.series_id = s.id
LEFT JOIN episode ne ON ne.id = (
    SELECT e.id FROM episode e
    WHERE e.series_id = s.id AND e.season > 0
      AND (e.season, e.number) > (COALESCE(seen.furthest, 0) / 100000, COALESCE(seen.furthest, 0) % 100000)
      AND {_AIRED}
      AND NOT EXISTS (SELECT 1 FROM viewing v WHERE v.episode_id = e.id)
    ORDER BY e.season, e.number LIMIT 1
)
ORDER BY le.series_id
"""


_COLUMNS = ", ".join(f"c{i}" for i in range(18))  # what LIBRARY_SQL selects, by position


def in_one_step(sql: str) -> str:
    """SQLite: the statement's rows as one JSON array, made in a single step. Each step of a
    statement lets go of Python's interpreter lock and takes it back: row by row, a thread that
    reads the library waits for it once per row while another thread imports or paints (up to
    the 5 ms switch interval each time: 2,000 rows took 0.5 s instead of 0.13 s beside the
    start-up's imports). In one step SQLite does all its work without the lock."""
    return f"WITH q({_COLUMNS}) AS ({sql}) SELECT json_group_array(json_array({_COLUMNS})) FROM q"


def _sqlite_has_json() -> bool:
    try:
        with closing(sqlite3.connect(":memory:")) as con:
            con.execute("SELECT json_group_array(json_array(1))").fetchone()
        return True
    except sqlite3.Error:  # built without the JSON functions (older than 3.38 and not enabled)
        return False


SQLITE_JSON = _sqlite_has_json()


def decode(blob: str | None) -> list:
    """The rows ``in_one_step`` made."""
    return json.loads(blob) if blob else []


def stored_time(moment: datetime) -> str:
    """A moment as times are stored: UTC text ("YYYY-MM-DD HH:MM:SS.ffffff")."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def bound_time(moment: datetime, sqlite: bool = True) -> str | datetime:
    """A moment to compare with a stored time in hand-written SQL: on SQLite the text it is stored
    as (``stored_time``), on PostgreSQL (``timestamptz``) the aware UTC moment itself."""
    return stored_time(moment) if sqlite else moment.astimezone(UTC)


def bound_day(day: date, sqlite: bool = True) -> str | date:
    """A day to compare with a stored date: ISO text on SQLite, the date itself on PostgreSQL."""
    return day.isoformat() if sqlite else day


def params(now: datetime, today: date, sqlite: bool = True) -> dict:
    """Times are stored as UTC text on SQLite, as ``timestamptz`` and ``date`` on PostgreSQL
    (``sqlite`` False): compare like with like."""
    return {"now": bound_time(now, sqlite), "today": bound_day(today, sqlite)}


@overload
def as_utc(value: datetime) -> datetime: ...
@overload
def as_utc(value: object) -> datetime | None: ...
def as_utc(value: object) -> datetime | None:
    """Datetimes read by raw SQL come back as text or naive: make them aware UTC. Text that is
    no time (a library edited by hand) reads as unknown."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if not isinstance(value, datetime):
        return None
    offset = value.utcoffset()
    if not offset:  # naive (SQLite through the ORM), or UTC already
        return value.replace(tzinfo=UTC)
    try:  # PostgreSQL's timestamptz comes back in the session's zone: the same moment, in UTC
        return value.astimezone(UTC)
    except OverflowError:  # at the very edge of the calendar: the moment as it came
        return value


@overload
def as_date(value: date) -> date: ...
@overload
def as_date(value: object) -> date | None: ...
def as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def to_row(r) -> LibraryRow:
    nxt = None
    if r[13] is not None:
        nxt = NextEpisode(EpisodeCode(r[13], r[14]), clean_line(r[15]), as_date(r[16]))
    # text from outside (and what an older version stored) is made safe here for every view
    return LibraryRow(
        series_id=r[0],
        title=clean_line(r[1]),
        status=LifecycleStatus(r[2]),
        network=clean_line(r[3]),
        poster_path=r[4],
        premiere=partial_date_or_none(r[5]),
        state=ViewerState(r[6]),
        favourite=bool(r[7]),
        added_at=as_utc(r[8]),
        seasons=r[9],
        episodes_aired=r[10],
        episodes_watched=r[11],
        last_watched=as_utc(r[12]),
        next_episode=nxt,
        linked=bool(r[17]),
    )


def peek_library(path: Path, revision: str, now: datetime, today: date) -> list[LibraryRow] | None:
    """The library rows, read-only, when ``path`` is a library at schema ``revision``;
    otherwise (no file, another schema, any error) None: the caller opens it properly."""
    if not path.is_file():
        return None
    try:
        con = sqlite3.connect(peek_uri(path), uri=True, timeout=1.0)
    except sqlite3.Error:
        return None
    try:
        found = con.execute("SELECT version_num FROM alembic_version").fetchone()
        if not found or found[0] != revision:
            return None
        sql = LIBRARY_SQL.format(series_filter="", outer_filter="")
        if SQLITE_JSON:
            rows = decode(con.execute(in_one_step(sql), params(now, today)).fetchone()[0])
        else:
            rows = con.execute(sql, params(now, today)).fetchall()
        return [to_row(r) for r in rows]
    except (sqlite3.Error, ValueError):
        return None
    finally:
        con.close()
