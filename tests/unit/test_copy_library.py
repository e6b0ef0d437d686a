"""Moving a library between backends (storage/copy.py): SQLite -> PostgreSQL -> SQLite gives back
the same library (its own-format export byte for byte, every table row for row, ids kept); a
target that holds anything is refused and left as it was; a copy failing halfway leaves the
target empty; `watchtracker library copy-to` end to end."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine

from watchtracker.errors import StorageError
from watchtracker.services.example import load_example
from watchtracker.services.transfer.export import ExportService
from watchtracker.storage.copy import NOT_COPIED, copy_library, library_tables, open_copy_target
from watchtracker.storage.database import open_database, session_scope
from watchtracker.storage.server import open_server_library, parse_server_url
from watchtracker.storage.tables import (
    Announcement,
    AnnouncementSeries,
    Credit,
    Episode,
    FalseMatch,
    Feed,
    Franchise,
    KindExample,
    LibraryEntry,
    MutedKind,
    PendingImport,
    Person,
    Relation,
    Season,
    Series,
    SyncState,
    Viewing,
)

FIXED = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
HOSTILE = [
    'The "Pilot", part 1\nextended cut',
    "Dan's \\ back-slash ' \" ` $x %s {0} <b>bold</b> &amp;",
    "Emoji 🎬🍿👩‍👩‍👧 and RTL שלום and zero\u200bwidth",
    "Control \x01\x02\x07\x1b[31m\x7f chars\ttab\rreturn",
    "Long " + "title " * 400,
    "",
]


def _export(engine: Engine) -> bytes:
    data, _ = ExportService(engine, clock=lambda: FIXED).json_bytes()
    return data


def _tables(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of every table (series_progress too), by primary key."""
    from sqlmodel import SQLModel

    out = {}
    with engine.connect() as conn:
        for t in SQLModel.metadata.sorted_tables:
            out[t.name] = [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
    return out


def _fresh_progress(engine: Engine) -> set[tuple]:
    from watchtracker.storage.copy import _FRESH_PROGRESS

    with engine.connect() as conn:
        kept = {tuple(r) for r in conn.execute(text("SELECT * FROM series_progress"))}
        fresh = {tuple(r) for r in conn.execute(text(_FRESH_PROGRESS))}
    assert kept == fresh
    return kept


@pytest.fixture
def sqlite_lib(tmp_path, new_library) -> Engine:
    engine = open_database(new_library(tmp_path / "source" / "library.sqlite"))
    yield engine
    engine.dispose()


@pytest.fixture
def pg_lib(pg_database) -> Engine:
    engine = open_server_library(parse_server_url(pg_database)).engine
    yield engine
    engine.dispose()


def _generate(engine: Engine, n_series: int = 12, seed: int = 3) -> None:
    """A library with everything a library holds: rewatches, undated viewings, specials, ratings,
    notes, franchises, relations, alerts, feeds, hostile text, deleted rows (gaps in the ids)."""
    rnd = random.Random(seed)
    base = datetime(2020, 1, 1, 12, 30, 15, 123456, tzinfo=UTC)
    with session_scope(engine) as s:
        fr = Franchise(name='Universe ✨ "quoted"', description=HOSTILE[1], followed=True, created_at=base)
        s.add(fr)
        feed = Feed(
            url="https://example.org/feed?a=1&b='2'",
            name=HOSTILE[2],
            etag='W/"x"',
            items_seen=7,
            last_polled_at=base,
            last_error=HOSTILE[3],
            created_at=base,
        )
        s.add(feed)
        s.flush()
        series = []
        for i in range(n_series):
            title = HOSTILE[i % len(HOSTILE)] + f" #{i}" if i % 2 else f"Series {i}"
            x = Series(
                title=title,
                aliases=[HOSTILE[2], f"alias {i}"],
                overview=HOSTILE[(i + 1) % len(HOSTILE)],
                status="airing",
                premiere="2019-spring" if i % 3 else "2021",
                premiere_precision="season",
                premiere_sort=date(2019, 3, 1),
                network="HBO",
                genres=["Drama", "Crime"],
                tvmaze_id=1000 + i if i % 4 else None,
                imdb_id=f"tt{9000 + i}" if i % 5 else None,
                franchise_id=fr.id if i < 4 else None,
                runtime=rnd.choice([None, 30, 60]),
                remote_updated=1_700_000_000 + i,
                created_at=base,
                updated_at=base + timedelta(days=i),
            )
            s.add(x)
            series.append(x)
        s.flush()
        for i, x in enumerate(series):
            if i % 3 != 2:
                s.add(
                    LibraryEntry(
                        series_id=x.id,
                        state=rnd.choice(["watching", "completed", "on_hold"]),
                        favourite=i % 2 == 0,
                        rating=rnd.choice([None, 1, 7, 10]),
                        notes=HOSTILE[i % len(HOSTILE)],
                        added_at=base + timedelta(hours=i),
                        alerts_muted=i == 1,
                    )
                )
            seasons = {n: Season(series_id=x.id, number=n, name=f"S{n}", premiere=date(2019, n, 1)) for n in (1, 2)}
            s.add_all(seasons.values())
            s.flush()
            for season in (0, 1, 2):
                for number in range(1, 6):
                    e = Episode(
                        series_id=x.id,
                        season_id=seasons[season].id if season else None,
                        season=season,
                        number=number,
                        title=HOSTILE[(number + i) % len(HOSTILE)][:200],
                        air_date=date(2019, 3, number),
                        airstamp=base + timedelta(days=7 * number),
                        runtime=45,
                    )
                    s.add(e)
                    s.flush()
                    for _ in range(rnd.choice([0, 0, 1, 1, 2, 3])):  # rewatches
                        when = rnd.choice([None, base + timedelta(days=rnd.randint(0, 900), microseconds=7)])
                        s.add(Viewing(episode_id=e.id, watched_at=when, source=rnd.choice(["manual", "import"])))
            p = Person(name=f"Actor {i} 'O'Neil'", tvmaze_id=500 + i)
            s.add(p)
            s.flush()
            s.add(Credit(series_id=x.id, person_id=p.id, character=HOSTILE[0], position=i))
        s.add(Relation(from_series_id=series[1].id, to_series_id=series[0].id, kind="spin_off_of"))
        s.add(Relation(from_series_id=series[2].id, to_series_id=series[0].id, kind="sequel_of"))
        for j in range(5):
            a = Announcement(
                kind="renewal",
                headline=HOSTILE[j % len(HOSTILE)] + str(j),
                summary=HOSTILE[3],
                source="Feed",
                url=None if j % 2 else "https://x/?q=1",
                published_at=base,
                published_has_time=j % 2 == 0,
                fingerprint=f"fp-{j}",
                read=j % 2 == 1,
                dismissed=j == 3,
                feed_id=feed.id if j < 3 else None,
                reason=HOSTILE[0],
                kinds=["renewal", "cast"],
                created_at=base,
            )
            s.add(a)
            s.flush()
            s.add(AnnouncementSeries(announcement_id=a.id, series_id=series[j % len(series)].id))
        s.add(MutedKind(kind="cast"))
        s.add(SyncState(key="tvmaze.updates", value=HOSTILE[2], updated_at=base))
        s.add(KindExample(headline=HOSTILE[1], kinds=["spin_off"], created_at=base))
        s.add(FalseMatch(series_id=series[0].id, headline=HOSTILE[3], fingerprint="fp-0", created_at=base))
        s.add(
            PendingImport(
                format="trakt",
                key="k1",
                title=HOSTILE[2],
                year=2019,
                ids={"tvdb": 1},
                show={"title": HOSTILE[3], "nested": [1, {"a": None}]},
                created_at=base,
                error="x",
            )
        )
        # deleted rows: gaps in the ids, and counters past the largest id
        gone = Series(title="deleted", created_at=base, updated_at=base)
        s.add(gone)
        s.flush()
        s.delete(gone)


def _round_trip(source: Engine, pg: Engine, tmp_path: Path) -> Engine:
    copy_library(source, pg)
    back = open_database(tmp_path / "back" / "library.sqlite")
    copy_library(pg, back)
    return back


def test_the_example_library_goes_to_postgresql_and_back_unchanged(sqlite_lib, pg_lib, tmp_path):
    load_example(sqlite_lib)
    before = _export(sqlite_lib)
    back = _round_trip(sqlite_lib, pg_lib, tmp_path)
    try:
        assert _export(pg_lib) == before
        assert _export(back) == before
        assert _tables(back) == _tables(sqlite_lib)
    finally:
        back.dispose()


def test_a_full_library_goes_to_postgresql_and_back_losslessly(sqlite_lib, pg_lib, tmp_path):
    _generate(sqlite_lib)
    before, rows = _export(sqlite_lib), _tables(sqlite_lib)
    assert len(rows["viewing"]) > 100 and rows["series_progress"]
    back = _round_trip(sqlite_lib, pg_lib, tmp_path)
    try:
        assert _tables(back) == rows  # every row of every table, ids kept, series_progress the same
        assert _fresh_progress(pg_lib) and _fresh_progress(back) == _fresh_progress(sqlite_lib)
        assert _export(pg_lib) == before
        assert _export(back) == before
        assert _tables(pg_lib) == rows  # on the server too, row for row
    finally:
        back.dispose()


def test_ids_are_never_reused_after_the_copy(sqlite_lib, pg_lib, tmp_path):
    _generate(sqlite_lib, n_series=3)
    with sqlite_lib.connect() as conn:
        top = conn.execute(text("SELECT seq FROM sqlite_sequence WHERE name = 'series'")).scalar()
        assert top > conn.execute(select(func.max(Series.id))).scalar()  # the deleted series' id
    back = _round_trip(sqlite_lib, pg_lib, tmp_path)
    try:
        for engine in (pg_lib, back):
            with session_scope(engine) as s:
                x = Series(title="new one")
                s.add(x)
                s.flush()
                assert x.id == top + 1
                v = Viewing(episode_id=s.execute(select(func.min(Episode.id))).scalar())
                s.add(v)
                s.flush()
                assert v.id is not None and v.id > len(_tables(sqlite_lib)["viewing"])
    finally:
        back.dispose()


@pytest.mark.parametrize("kind", ["postgresql", "sqlite"])
def test_a_target_that_holds_anything_is_refused_and_left_as_it_was(sqlite_lib, pg_lib, kind, tmp_path):
    load_example(sqlite_lib)
    target = pg_lib if kind == "postgresql" else open_database(tmp_path / "t" / "library.sqlite")
    try:
        with session_scope(target) as s:
            s.add(MutedKind(kind="cast"))  # a single row, in a table nothing refers to
        before = _tables(target)
        with pytest.raises(StorageError, match="not empty.*muted_kind.*Nothing was changed"):
            copy_library(sqlite_lib, target)
        assert _tables(target) == before
    finally:
        if target is not pg_lib:
            target.dispose()


def test_a_library_is_not_copied_onto_itself(sqlite_lib):
    with pytest.raises(StorageError, match="onto itself"):
        copy_library(sqlite_lib, sqlite_lib)


@pytest.mark.parametrize("direction", ["to postgresql", "to sqlite"])
def test_a_copy_failing_halfway_leaves_the_target_empty(sqlite_lib, pg_lib, direction, tmp_path):
    _generate(sqlite_lib)
    source = sqlite_lib
    if direction == "to sqlite":
        copy_library(sqlite_lib, pg_lib)
        source = pg_lib
    target = pg_lib if direction == "to postgresql" else open_database(tmp_path / "t" / "library.sqlite")
    seen: list[str] = []

    def fail_in_viewings(done: int, total: int, table: str) -> None:
        seen.append(table)
        if table == "viewing":
            raise OSError("the network went away")

    try:
        with pytest.raises(OSError, match="network"):
            copy_library(source, target, fail_in_viewings)
        assert "episode" in seen  # series, episodes ... were written before it failed
        assert all(not rows for rows in _tables(target).values())
        copy_library(source, target)  # and the target can take the copy afterwards
        assert _tables(target) == _tables(sqlite_lib)
    finally:
        if target is not pg_lib:
            target.dispose()


def test_the_schema_versions_must_match(sqlite_lib, pg_lib):
    with pg_lib.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0008'"))
    with pytest.raises(StorageError, match="schema 0008"):
        copy_library(sqlite_lib, pg_lib)


def test_series_progress_is_not_copied_but_made_by_the_triggers():
    names = [t.name for t in library_tables()]
    assert "series_progress" not in names and NOT_COPIED == {"series_progress"}
    assert names.index("series") < names.index("episode") < names.index("viewing")


def test_a_new_file_that_fails_is_removed_again(tmp_path, sqlite_lib):
    target = open_copy_target(str(tmp_path / "new.sqlite"))
    assert target.made_file == tmp_path / "new.sqlite"
    target.discard()
    assert not list(tmp_path.glob("new.sqlite*"))


# -- the command ---------------------------------------------------------------------------------


def test_copy_to_a_server_and_back_to_a_file_from_the_command_line(cli_run, example, pg_database, tmp_path):
    before = _export(example.engine)
    code, out, err = cli_run("library", "copy-to", pg_database)
    assert (code, err) == (0, ""), err
    assert "Copied the library to postgres@127.0.0.1" in out
    assert "series" in out and "viewing" in out and "test-password" not in out
    assert "--database postgresql+psycopg://postgres@127.0.0.1" in out
    assert _export(example.engine) == before  # the source is only read
    copy = tmp_path / "elsewhere" / "copy.sqlite"
    code, out, err = cli_run("--database", pg_database, "library", "copy-to", str(copy))
    assert code == 0, err
    engine = open_database(copy)
    try:
        assert _export(engine) == before
    finally:
        engine.dispose()
    # a target that holds a library now is refused, and left as it was
    code, out, err = cli_run("library", "copy-to", pg_database)
    assert code == 1 and "is not empty" in err and "Nothing was changed" in err
    server = open_server_library(parse_server_url(pg_database)).engine
    try:
        assert _export(server) == before
    finally:
        server.dispose()
