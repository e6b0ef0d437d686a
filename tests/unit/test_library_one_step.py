"""The library read in one step (``library_sql.in_one_step``: SQLite makes every row into one
JSON array) gives exactly what reading it row by row gives, whatever the text holds."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest
from sqlmodel import Session

from watchtracker.storage import library_sql, queries
from watchtracker.storage.database import open_database
from watchtracker.storage.revisions import SCHEMA_HEAD

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)

HOSTILE = [
    "Quotes \"double\" and 'single'",
    "Back\\slash \\u0041 not an escape",
    "Tab\there, newline\nthere, bell\x07, escape \x1b[31mred\x1b[0m",
    "Emoji 🎬📺 and RTL \u202eevil\u202c and zero\u200bwidth",
    "Ünïcödé — “typographic” ‘quotes’ … 日本語のタイトル",
    ']},{"json": [1, 2]}',
    "x" * 5000,
    "",
    "Surrogate-free 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 maths",
]


@pytest.fixture
def library(tmp_path):
    path = tmp_path / "library.sqlite"
    open_database(path).dispose()
    con = sqlite3.connect(path)
    for sid, title in enumerate(HOSTILE, start=1):
        con.execute(
            "INSERT INTO series (id, title, aliases, overview, status, network, poster_path, country, language,"
            " genres, content_rating, created_at, updated_at, premiere, tvmaze_id)"
            " VALUES (?, ?, '[]', '', 'airing', ?, ?, '', '', '[]', '', '2020-01-01', '2020-01-01', ?, ?)",
            (sid, title, "" if sid % 3 == 0 else title[:40], None if sid % 2 else "/p/" + str(sid), "2024-05", sid),
        )
        con.execute(
            "INSERT INTO library_entry (series_id, state, favourite, notes, added_at, alerts_muted)"
            " VALUES (?, 'watching', ?, '', '2020-01-01 00:00:00.000000', 0)",
            (sid, sid % 2),
        )
        for number in (1, 2, 3):
            eid = sid * 10 + number
            con.execute(
                "INSERT INTO episode (id, series_id, season, number, title, summary, air_date, airstamp)"
                " VALUES (?, ?, 1, ?, ?, '', '2025-01-0' || ?, '2025-01-0' || ? || ' 02:00:00.000000')",
                (eid, sid, number, HOSTILE[(sid + number) % len(HOSTILE)], number, number),
            )
        if sid % 2:
            con.execute(
                "INSERT INTO viewing (episode_id, watched_at, source) VALUES (?, '2025-02-01 20:00:00.000000', 'x')",
                (sid * 10 + 1,),
            )
    con.commit()
    con.close()
    return path


def test_the_library_reads_the_same_in_one_step_as_row_by_row(library, monkeypatch):
    assert library_sql.SQLITE_JSON  # the SQLite the tests run on has the JSON functions
    engine = open_database(library)
    try:
        with Session(engine) as session:
            one_step = queries.library_rows(session, NOW, NOW.date())
            few = queries.library_rows(session, NOW, NOW.date(), [2, 3, 5])
        peeked = library_sql.peek_library(library, SCHEMA_HEAD, NOW, NOW.date())
        monkeypatch.setattr(library_sql, "SQLITE_JSON", False)  # as on an SQLite without them
        with Session(engine) as session:
            row_by_row = queries.library_rows(session, NOW, NOW.date())
            few_by_row = queries.library_rows(session, NOW, NOW.date(), [2, 3, 5])
        assert library_sql.peek_library(library, SCHEMA_HEAD, NOW, NOW.date()) == row_by_row
    finally:
        engine.dispose()
    assert one_step == row_by_row == peeked
    assert few == few_by_row and [r.series_id for r in few] == [2, 3, 5]
    assert len(one_step) == len(HOSTILE)
    # the text came through: what the display cleans, cleaned alike; the rest as stored
    titles = {r.series_id: r.title for r in one_step}
    assert titles[4].startswith("Emoji 🎬📺") and titles[6] == HOSTILE[5] and titles[7] == "x" * 5000
    watched = {r.series_id: (r.episodes_watched, r.last_watched) for r in one_step}
    assert watched[1] == (1, datetime(2025, 2, 1, 20, tzinfo=UTC)) and watched[2] == (0, None)


def test_an_empty_library_reads_as_no_rows_in_one_step(tmp_path):
    path = tmp_path / "library.sqlite"
    engine = open_database(path)
    try:
        with Session(engine) as session:
            assert queries.library_rows(session, NOW, NOW.date()) == []
    finally:
        engine.dispose()
    assert library_sql.peek_library(path, SCHEMA_HEAD, NOW, NOW.date()) == []
