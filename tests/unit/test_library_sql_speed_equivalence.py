"""The library's statement (storage/library_sql.LIBRARY_SQL), made faster in issue 15, gives
exactly what the statement it replaced gave: on a library of edge cases and random series, for the
whole library and for a few series, at two moments."""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, date, datetime, timedelta

import pytest

from watchtracker.storage import library_sql
from watchtracker.storage.database import open_database
from watchtracker.storage.revisions import SCHEMA_HEAD

# aired, as the statement said it then (library_sql._AIRED is now written for PostgreSQL too)
_AIRED = "COALESCE(CASE WHEN e.airstamp IS NOT NULL THEN e.airstamp <= :now ELSE e.air_date <= :today END, 0)"

# the statement as it was before issue 15 (an EXISTS per episode, evaluated three times)
_OLD_LIBRARY_SQL = f"""
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

NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)


def _ts(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _library(path) -> dict[str, int]:
    """Edge cases by name (series id), then random series; returns the named ids."""
    open_database(path).dispose()
    con = sqlite3.connect(path)
    rnd = random.Random(15)
    named: dict[str, int] = {}
    eid = vid = 0

    def series(sid: int, name: str, followed: bool = True) -> None:
        named[name] = sid
        con.execute(
            "INSERT INTO series (id, title, aliases, overview, status, network, country, language, genres,"
            " content_rating, created_at, updated_at, tvmaze_id) VALUES (?, ?, '[]', '', 'airing', 'HBO', '', '',"
            " '[]', '', '2020-01-01', '2020-01-01', ?)",
            (sid, name, sid if sid % 2 else None),
        )
        if followed:
            con.execute(
                "INSERT INTO library_entry (series_id, state, favourite, notes, added_at, alerts_muted)"
                " VALUES (?, 'watching', 0, '', '2020-01-01 00:00:00.000000', 0)",
                (sid,),
            )

    def episode(sid: int, season: int, number: int, air: datetime | None, *, timed: bool = True) -> int:
        nonlocal eid
        eid += 1
        con.execute(
            "INSERT INTO episode (id, series_id, season, number, title, summary, air_date, airstamp)"
            " VALUES (?, ?, ?, ?, ?, '', ?, ?)",
            (
                eid,
                sid,
                season,
                number,
                f"S{season}E{number}",
                air.date().isoformat() if air else None,
                _ts(air) if air and timed else None,
            ),
        )
        return eid

    def watch(episode_id: int, when: datetime | None) -> None:
        nonlocal vid
        vid += 1
        con.execute(
            "INSERT INTO viewing (id, episode_id, watched_at, source) VALUES (?, ?, ?, 'test')",
            (vid, episode_id, _ts(when) if when else None),
        )

    past = NOW - timedelta(days=400)
    series(1, "no episodes")
    series(2, "only specials")
    watch(episode(2, 0, 1, past), past)
    episode(2, 0, 2, past)
    series(3, "rewatches")
    ids = [episode(3, 1, n, past + timedelta(weeks=n)) for n in range(1, 7)]
    for k, e in enumerate(ids[:3]):
        watch(e, past + timedelta(days=k))
        watch(e, past + timedelta(days=50 + k))
    watch(ids[0], None)
    series(4, "date-only, some to come")
    for n in range(1, 9):  # the 6th airs on NOW's day: aired by date, not by time
        e = episode(4, 1, n, NOW + timedelta(days=7 * (n - 6)), timed=False)
        if n <= 2:
            watch(e, past)
    series(5, "timed, some to come, one watched early")
    for n in range(1, 9):
        e = episode(5, 2, n, NOW + timedelta(hours=n - 4))  # aired up to NOW - 0 h
        if n in (1, 7):
            watch(e, NOW - timedelta(hours=1))
    series(6, "no dates at all, one watched")
    watch(episode(6, 1, 1, None), None)
    episode(6, 1, 2, None)
    series(7, "all watched, specials too")
    for s in (1, 2):
        for n in range(1, 4):
            watch(episode(7, s, n, past + timedelta(weeks=3 * s + n)), past + timedelta(weeks=3 * s + n, days=1))
    watch(episode(7, 0, 1, past), NOW - timedelta(days=1))  # the last viewing is a special's
    series(8, "not followed, watched", followed=False)
    watch(episode(8, 1, 1, past), NOW)
    series(9, "gap: a later one watched")
    for n in range(1, 6):
        e = episode(9, 1, n, past + timedelta(weeks=n))
        if n == 4:
            watch(e, past)
    series(10, "only untimed viewings")
    watch(episode(10, 1, 1, past), None)
    episode(10, 1, 2, past + timedelta(weeks=1))
    series(11, "next season, watched specials after")
    for n in range(1, 3):
        watch(episode(11, 1, n, past), past)
    episode(11, 2, 1, NOW + timedelta(days=30))
    watch(episode(11, 0, 5, NOW + timedelta(days=40)), past)  # a special not aired yet, watched
    for sid in range(20, 140):  # random series
        series(sid, f"random {sid}", followed=rnd.random() < 0.9)
        for s in range(rnd.randint(0, 4) if rnd.random() < 0.95 else 0, 0, -1):
            if rnd.random() < 0.1:
                continue  # a season number missing
            for n in range(1, rnd.randint(1, 12)):
                air = None if rnd.random() < 0.05 else NOW + timedelta(days=rnd.randint(-900, 60))
                e = episode(sid, s, n, air, timed=rnd.random() < 0.7)
                for _ in range(rnd.choice((0, 0, 1, 1, 1, 2, 3))):
                    watch(e, None if rnd.random() < 0.05 else NOW - timedelta(days=rnd.randint(0, 900)))
        for n in range(rnd.choice((0, 0, 0, 1, 2))):
            e = episode(sid, 0, n + 1, NOW + timedelta(days=rnd.randint(-900, 60)))
            if rnd.random() < 0.5:
                watch(e, NOW - timedelta(days=rnd.randint(0, 900)))
    con.commit()
    con.close()
    return named


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    path = tmp_path_factory.mktemp("equivalence") / "library.sqlite"
    return path, _library(path)


def _rows(path, sql: str, series_filter: str, outer_filter: str, now: datetime, today: date) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        stmt = sql.format(series_filter=series_filter, outer_filter=outer_filter)
        return con.execute(stmt, library_sql.params(now, today)).fetchall()
    finally:
        con.close()


MOMENTS = [
    (NOW, NOW.date()),
    (NOW - timedelta(days=1, hours=3), (NOW - timedelta(days=1)).date()),  # a day back: fewer aired
    (NOW, NOW.date() - timedelta(days=1)),  # the viewer's day behind UTC's: date-only episodes differ
]


@pytest.mark.parametrize(("now", "today"), MOMENTS)
def test_the_whole_library_reads_the_same_as_before(library, now, today):
    path, _ = library
    old = _rows(path, _OLD_LIBRARY_SQL, "", "", now, today)
    new = _rows(path, library_sql.LIBRARY_SQL, "", "", now, today)
    assert new == old  # the same rows in the same order
    assert len(old) > 100


@pytest.mark.parametrize(("now", "today"), MOMENTS)
def test_a_few_series_read_the_same_as_before(library, now, today):
    path, named = library
    for ids in ([named["rewatches"]], sorted(named.values()), [21, 22, 23, 50, 99, 8]):
        inner = f"AND e.series_id IN ({', '.join(map(str, ids))})"
        outer = f"AND s.id IN ({', '.join(map(str, ids))})"
        old = _rows(path, _OLD_LIBRARY_SQL, inner, outer, now, today)
        new = _rows(path, library_sql.LIBRARY_SQL, inner, outer, now, today)
        assert new == old
        assert old


def test_the_edge_cases_read_as_expected(library):
    """What the old statement gave is right on the edge cases (so that equal means right)."""
    path, named = library
    rows = {r[0]: r for r in _rows(path, library_sql.LIBRARY_SQL, "", "", NOW, NOW.date())}
    # seasons, aired, watched, last viewing, next (season, number)
    facts = {name: (*rows[sid][9:15],) for name, sid in named.items() if sid in rows}
    assert "not followed, watched" not in facts
    assert facts["no episodes"] == (0, 0, 0, None, None, None)
    assert facts["only specials"][:3] == (0, 0, 0) and facts["only specials"][3] is not None
    assert facts["rewatches"][:3] == (1, 6, 3) and facts["rewatches"][4:] == (1, 4)
    assert facts["date-only, some to come"][:3] == (1, 6, 2) and facts["date-only, some to come"][4:] == (1, 3)
    # 4 aired by time + the 7th, watched before it aired; next: the 2nd
    assert facts["timed, some to come, one watched early"][:3] == (1, 5, 2)
    assert facts["timed, some to come, one watched early"][4:] == (None, None)  # nothing aired after S2E7
    assert facts["no dates at all, one watched"][:5] == (1, 1, 1, None, None)
    assert facts["all watched, specials too"][:3] == (2, 6, 6) and facts["all watched, specials too"][4] is None
    assert facts["all watched, specials too"][3] == _ts(NOW - timedelta(days=1))
    assert facts["gap: a later one watched"][:3] == (1, 5, 1) and facts["gap: a later one watched"][4:] == (1, 5)
    assert facts["only untimed viewings"][:5] == (1, 2, 1, None, 1)
    assert facts["next season, watched specials after"][:3] == (2, 2, 2)


def test_peek_library_reads_the_rows_the_old_statement_gave(library):
    path, _ = library
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = ?", (SCHEMA_HEAD,))
    con.commit()
    con.close()
    old = [library_sql.to_row(r) for r in _rows(path, _OLD_LIBRARY_SQL, "", "", NOW, NOW.date())]
    assert library_sql.peek_library(path, SCHEMA_HEAD, NOW, NOW.date()) == old
