"""The library in one statement, and a read-only way to run it at start-up.

Kept apart from the ORM so that ``peek_library`` needs only the standard library: the window can
show the library while SQLAlchemy and SQLModel are still being imported.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, overload

from watchtracker.domain.dates import partial_date_or_none
from watchtracker.domain.enums import LifecycleStatus, ViewerState
from watchtracker.domain.models import EpisodeCode, LibraryRow, NextEpisode
from watchtracker.domain.text import clean_line
from watchtracker.storage.files import peek_uri

_AIRED = "COALESCE(CASE WHEN e.airstamp IS NOT NULL THEN e.airstamp <= :now ELSE e.air_date <= :today END, 0)"

# Per followed series: seasons, aired and watched regular episodes, the furthest watched (as
# season * 100000 + number), the last viewing; then the next episode: the first aired, unwatched
# one after the furthest watched, found through the (series_id, season, number) index.
LIBRARY_SQL = f"""
WITH eps AS (
    SELECT e.series_id, e.season, e.season * 100000 + e.number AS k,
           EXISTS (SELECT 1 FROM viewing v WHERE v.episode_id = e.id) AS w, {_AIRED} AS a
    FROM library_entry le JOIN episode e ON e.series_id = le.series_id
    WHERE e.season > 0 {{series_filter}}
),
agg AS (
    SELECT series_id, COUNT(DISTINCT season) AS seasons, SUM(w OR a) AS aired, SUM(w) AS watched,
           COALESCE(MAX(CASE WHEN w THEN k END), 0) AS furthest
    FROM eps GROUP BY series_id
),
last AS (
    SELECT e.series_id, MAX(v.watched_at) AS last_at
    FROM viewing v JOIN episode e ON e.id = v.episode_id
    WHERE 1 {{series_filter}}
    GROUP BY e.series_id
)
SELECT s.id, s.title, s.status, s.network, s.poster_path, s.premiere,
       le.state, le.favourite, le.added_at,
       COALESCE(agg.seasons, 0), COALESCE(agg.aired, 0), COALESCE(agg.watched, 0), last.last_at,
       ne.season, ne.number, ne.title, ne.air_date, s.tvmaze_id IS NOT NULL
FROM library_entry le
JOIN series s ON s.id = le.series_id
LEFT JOIN agg ON agg.series_id = s.id
LEFT JOIN last ON last.series_id = s.id
LEFT JOIN episode ne ON ne.id = (
    SELECT e.id FROM episode e
    WHERE e.series_id = s.id AND e.season > 0
      AND (e.season, e.number) > (agg.furthest / 100000, agg.furthest % 100000)
      AND {_AIRED}
      AND NOT EXISTS (SELECT 1 FROM viewing v WHERE v.episode_id = e.id)
    ORDER BY e.season, e.number LIMIT 1
)
WHERE 1 {{outer_filter}}
"""


def params(now: datetime, today: date) -> dict:
    """Times are stored as UTC text ("YYYY-MM-DD HH:MM:SS.ffffff"); compare like with like."""
    utc = now.astimezone(UTC)
    return {"now": utc.strftime("%Y-%m-%d %H:%M:%S.%f"), "today": today.isoformat()}


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
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


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
        return [to_row(r) for r in con.execute(sql, params(now, today))]
    except (sqlite3.Error, ValueError):
        return None
    finally:
        con.close()
