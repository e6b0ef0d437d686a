"""episodes_with_plays reads through the driver with subqueries: the same episodes, plays and last
viewings as the LEFT JOIN grouped through SQLAlchemy it replaced, edge cases included."""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session

from watchtracker.domain.models import EpisodeView
from watchtracker.storage import queries
from watchtracker.storage.library_sql import as_date, as_utc

OLD_SQL = """
    SELECT e.id, e.season, e.number, e.title, e.summary, e.air_date, e.airstamp, e.runtime,
           COUNT(v.id), MAX(v.watched_at)
    FROM episode e LEFT JOIN viewing v ON v.episode_id = e.id
    WHERE e.series_id = :sid
    GROUP BY e.id
    ORDER BY e.season, e.number
"""


def old_episodes_with_plays(session: Session, series_id: int) -> list[EpisodeView]:
    return [
        EpisodeView(
            id=r[0],
            season=r[1],
            number=r[2],
            title=queries._line(r[3]) or "",
            summary=queries._text(r[4]) or "",
            air_date=as_date(r[5]),
            airstamp=as_utc(r[6]),
            runtime=queries.as_minutes(r[7]),
            plays=r[8],
            last_watched=as_utc(r[9]),
        )
        for r in session.connection().execute(text(OLD_SQL), {"sid": series_id})
    ]


def test_the_same_episodes_as_the_grouped_join(example):
    engine = example.engine
    with engine.begin() as conn:
        sid = conn.exec_driver_sql("SELECT id FROM series ORDER BY id LIMIT 1").scalar()
        # odd rows an older version or another tracker's file may have left
        odd = [
            (0, 1, "Special\u202e\x1b[2J one", "a\r\nsummary\u200b", None, None, "fifty"),
            (0, 2, "", "", "not a date", "not a time", 0),
            (99, 1, "Far\nfuture", "", "2999-12-31", "2999-12-31 23:00:00.000000", 1001),
            (98, 3, "Offset", "", "2020-02-29", "2020-02-29 10:00:00+02:00", 45),
        ]
        for season, number, title, summary, air, stamp, runtime in odd:
            conn.exec_driver_sql(
                "INSERT INTO episode (series_id, season, number, title, summary, air_date, airstamp, runtime)"
                " VALUES (?,?,?,?,?,?,?,?)",
                (sid, season, number, title, summary, air, stamp, runtime),
            )
        ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM episode WHERE series_id = ? ORDER BY id", (sid,))]
        viewings = [
            (ids[0], "2024-01-01 10:00:00.000000"),  # rewatched: plays 3, the latest last
            (ids[0], "2025-06-01 10:00:00.000000"),
            (ids[0], None),  # undated
            (ids[-1], None),  # only undated: watched, no last time
            (ids[-2], "garbage"),
            (ids[-3], "2023-03-03 03:03:03+05:00"),
        ]
        conn.exec_driver_sql("DELETE FROM viewing WHERE episode_id IN (?, ?, ?, ?)", tuple(ids[:1] + ids[-3:]))
        for eid, when in viewings:
            conn.exec_driver_sql(
                "INSERT INTO viewing (episode_id, watched_at, source) VALUES (?, ?, 'test')", (eid, when)
            )
    with Session(engine) as session:
        series = [r[0] for r in session.connection().exec_driver_sql("SELECT id FROM series")] + [10_000]
        for series_id in series:  # every series, and one that does not exist
            new = queries.episodes_with_plays(session, series_id)
            assert new == old_episodes_with_plays(session, series_id)
        first = queries.episodes_with_plays(session, sid)
    by_id = {e.id: e for e in first}
    assert by_id[ids[0]].plays == 3 and by_id[ids[0]].last_watched is not None
    assert [e.title for e in first if e.season == 0][0] == "Special[2J one"  # made safe
    assert any(e.plays == 1 and e.last_watched is None for e in first)
    assert len(first) == len(ids)
