"""Up next (services/schedule.ScheduleService.up_next and storage/queries.up_next_facts), made
faster in issue 15, gives exactly what it gave before: the statements and the code they replaced are
kept here and run next to the new ones on a library of edge cases and random series, at several
moments, with and without the specials, for the default states and wider ones, for the whole
library and for one series. Any fact that differs (order included) fails."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import bindparam, event, text
from sqlmodel import Session

from watchtracker.domain import progress
from watchtracker.domain.dates import plausible_viewing
from watchtracker.domain.enums import ViewerState
from watchtracker.domain.models import EpisodeView, UpNextRow
from watchtracker.services.library import LibraryService
from watchtracker.services.schedule import UP_NEXT_STATES, ScheduleService
from watchtracker.services.stats import StatsService
from watchtracker.storage import library_sql, queries
from watchtracker.storage.database import open_database
from watchtracker.storage.queries import _date, _line, _moment, _utc, as_minutes

# -- the old code path, as it was before issue 15 ------------------------------------------------


class UpNextFacts(NamedTuple):
    """A series in the Up next states, with what the service needs to build its row. ``next``
    is the first aired, unwatched regular episode after the furthest watched (None: caught up)."""

    series_id: int
    title: str
    network: str
    poster_path: str | None
    series_runtime: int | None
    state: ViewerState
    last_watched: datetime | None
    left: int
    newest: datetime | None  # air time of the newest regular episode waiting (date: 00:00 UTC)
    furthest_at: datetime | None  # air time of the furthest regular episode watched
    next: EpisodeView | None


# aired, as the statements said it then (library_sql._AIRED is now written for PostgreSQL too)
_OLD_AIRED = "COALESCE(CASE WHEN e.airstamp IS NOT NULL THEN e.airstamp <= :now ELSE e.air_date <= :today END, 0)"
_AFTER_FURTHEST = f"""e.series_id = b.series_id AND e.season >= MAX(b.k / 100000, 1)
          AND (e.season, e.number) > (b.k / 100000, b.k % 100000) AND {_OLD_AIRED}"""
_UP_NEXT_SQL = f"""
WITH ent AS MATERIALIZED (
    SELECT series_id, state FROM library_entry WHERE state IN :states {{filter}}
),
w AS MATERIALIZED ({{watched}}),
b AS MATERIALIZED (
    SELECT ent.series_id, ent.state, COALESCE(w.k, 0) AS k, w.at
    FROM ent LEFT JOIN w ON w.series_id = ent.series_id
),
todo AS MATERIALIZED (
    SELECT b.*,
           (SELECT printf('%d|%s', COUNT(*), MAX(COALESCE(e.airstamp, e.air_date)))
            FROM episode e WHERE {_AFTER_FURTHEST}) AS left_newest,
           (SELECT e.id FROM episode e WHERE {_AFTER_FURTHEST}
            ORDER BY e.season, e.number LIMIT 1) AS next_id
    FROM b
)
SELECT s.id, s.title, s.network, s.poster_path, s.runtime, todo.state, todo.at,
       todo.left_newest, fe.air_date, fe.airstamp,
       ne.id, ne.season, ne.number, ne.title, ne.air_date, ne.airstamp, ne.runtime
FROM todo
JOIN series s ON s.id = todo.series_id
LEFT JOIN episode ne ON ne.id = todo.next_id
LEFT JOIN episode fe
       ON fe.series_id = todo.series_id AND fe.season = todo.k / 100000 AND fe.number = todo.k % 100000
{{where}}
"""

# (series_id, furthest k, last viewing): for the whole library one pass over the viewings; for a
# few series, per series through the indexes.
_WATCHED_ALL = """
    SELECT e.series_id, MAX(CASE WHEN e.season > 0 THEN e.season * 100000 + e.number END) AS k,
           MAX(v.watched_at) AS at
    FROM viewing v JOIN episode e ON e.id = v.episode_id
    WHERE e.series_id IN (SELECT series_id FROM ent)
    GROUP BY e.series_id
"""
_WATCHED_FEW = """
    SELECT ent.series_id, (
        SELECT e.season * 100000 + e.number FROM episode e
        WHERE e.series_id = ent.series_id AND e.season > 0
          AND EXISTS (SELECT 1 FROM viewing v WHERE v.episode_id = e.id)
        ORDER BY e.season DESC, e.number DESC LIMIT 1
    ) AS k, (
        SELECT MAX(v.watched_at) FROM episode e JOIN viewing v ON v.episode_id = e.id
        WHERE e.series_id = ent.series_id
    ) AS at
    FROM ent
"""

_SPECIALS_SQL = f"""
SELECT e.series_id, e.id, e.season, e.number, e.title, e.air_date, e.airstamp, e.runtime
FROM library_entry le CROSS JOIN episode e ON e.series_id = le.series_id
WHERE le.state IN :states AND e.season = 0 AND {_OLD_AIRED}
  AND NOT EXISTS (SELECT 1 FROM viewing v WHERE v.episode_id = e.id) {{filter}}
"""


def _ids_filter(column: str, series_ids: Iterable[int] | None, params: dict) -> str:
    if series_ids is None:
        return ""
    params["ids"] = sorted(set(series_ids))
    return f"AND {column} IN :ids"


def _run(session: Session, sql: str, params: dict):
    stmt = text(sql).bindparams(*(bindparam(k, expanding=True) for k, v in params.items() if isinstance(v, list)))
    return session.connection().execute(stmt, params)


def up_next_facts(
    session: Session,
    now: datetime,
    today: date,
    states: Iterable[ViewerState],
    series_ids: Iterable[int] | None = None,
    *,
    caught_up_too: bool = False,
) -> list[UpNextFacts]:
    """One statement for every series in ``states`` (or just ``series_ids``); series with
    nothing aired left to watch only when ``caught_up_too`` (their specials may still wait)."""
    params = library_sql.params(now, today)
    params["states"] = [ViewerState(s).value for s in states]
    if not params["states"] or (series_ids is not None and not set(series_ids)):
        return []
    flt = _ids_filter("series_id", series_ids, params)
    where = "" if caught_up_too else "WHERE todo.next_id IS NOT NULL"
    watched = _WATCHED_ALL if series_ids is None or len(params["ids"]) > 50 else _WATCHED_FEW
    rows = _run(session, _UP_NEXT_SQL.format(filter=flt, where=where, watched=watched), params)
    out = []
    for r in rows:
        left, _, newest = r[7].partition("|")
        nxt = None
        if r[10] is not None:
            nxt = EpisodeView(
                id=r[10],
                season=r[11],
                number=r[12],
                title=_line(r[13]) or "",
                summary="",
                air_date=_date(r[14]),
                airstamp=_utc(r[15]),
                runtime=as_minutes(r[16]),
            )
        out.append(
            UpNextFacts(
                series_id=r[0],
                title=_line(r[1]),
                network=_line(r[2]) or "",
                poster_path=r[3],
                series_runtime=as_minutes(r[4]),
                state=ViewerState(r[5]),
                last_watched=_utc(r[6]),
                left=int(left),
                newest=_moment(newest or None),
                furthest_at=_utc(r[9]) if r[9] is not None else _moment(r[8]),
                next=nxt,
            )
        )
    return out


def aired_unwatched_specials(
    session: Session,
    now: datetime,
    today: date,
    states: Iterable[ViewerState],
    series_ids: Iterable[int] | None = None,
) -> dict[int, list[EpisodeView]]:
    params = library_sql.params(now, today)
    params["states"] = [ViewerState(s).value for s in states]
    if not params["states"] or (series_ids is not None and not set(series_ids)):
        return {}
    flt = _ids_filter("le.series_id", series_ids, params)
    found: dict[int, list[EpisodeView]] = {}
    for r in _run(session, _SPECIALS_SQL.format(filter=flt), params):
        found.setdefault(r[0], []).append(
            EpisodeView(
                id=r[1],
                season=r[2],
                number=r[3],
                title=_line(r[4]) or "",
                summary="",
                air_date=_date(r[5]),
                airstamp=_utc(r[6]),
                runtime=as_minutes(r[7]),
            )
        )
    return found


def _dated_moment(episode: EpisodeView) -> datetime:
    """progress.air_moment of an episode known to be dated (aired, or a special in reach)."""
    moment = progress.air_moment(episode)
    if moment is None:
        raise ValueError(f"episode {episode.id} has no air date")
    return moment


def _up_next_row(f: UpNextFacts, specials: Iterable[EpisodeView], now: datetime) -> UpNextRow | None:
    nxt, left, newest = f.next, f.left, f.newest
    extra = progress.specials_in_reach(specials, f.furthest_at)
    if extra:
        left += len(extra)
        last_special = _dated_moment(extra[-1])
        newest = max(newest, last_special) if newest else last_special
        if nxt is None or _dated_moment(extra[0]) < _dated_moment(nxt):
            nxt = extra[0]
    if nxt is None:
        return None
    # a last viewing no one can have watched at (year 9999 from an old import) keeps no series on top
    watched = plausible_viewing(f.last_watched, now)
    activity = max(m for m in (watched, newest, progress.air_moment(nxt)) if m is not None)
    return UpNextRow(
        series_id=f.series_id,
        title=f.title,
        network=f.network,
        poster_path=f.poster_path,
        state=f.state,
        episode_id=nxt.id,
        season=nxt.season,
        number=nxt.number,
        episode_title=nxt.title,
        air_date=nxt.air_date,
        airstamp=nxt.airstamp,
        runtime=nxt.runtime or f.series_runtime,
        left=left,
        last_watched=f.last_watched,
        newest_aired=newest,
        activity=activity,
    )


def old_up_next(engine, now: datetime, today: date, include_specials: bool, states, series_ids=None) -> list[UpNextRow]:
    """ScheduleService._up_next_rows and up_next's sort, as they were."""
    with Session(engine) as session:
        facts = up_next_facts(session, now, today, states, series_ids, caught_up_too=include_specials)
        specials = aired_unwatched_specials(session, now, today, states, series_ids) if include_specials else {}
    rows = []
    for f in facts:
        row = _up_next_row(f, specials.get(f.series_id, ()) if include_specials else (), now)
        if row is not None:
            rows.append(row)
    if series_ids is not None:
        return rows
    return sorted(rows, key=lambda r: (-r.activity.timestamp(), r.title.casefold(), r.series_id))


# -- a library of edge cases and random series ----------------------------------------------------

NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)
PAST = NOW - timedelta(days=400)
BERLIN = ZoneInfo("Europe/Berlin")
# (the clock, the viewer's zone): noon; a day back; 03:00 UTC, still yesterday in Los Angeles (the
# date-only episodes of "today" have not aired there); a month on (what was to come has aired)
MOMENTS = [
    (NOW, BERLIN),
    (NOW - timedelta(days=1, hours=3), BERLIN),
    (NOW.replace(hour=3), ZoneInfo("America/Los_Angeles")),
    (NOW + timedelta(days=30), ZoneInfo("Asia/Tokyo")),
]
STATES = [
    UP_NEXT_STATES,
    (ViewerState.WATCHING, ViewerState.ON_HOLD, ViewerState.DROPPED),
    tuple(ViewerState),
]


def _ts(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _library(path) -> dict[str, int]:
    """Edge cases by name (series id), then random series; returns the named ids."""
    open_database(path).dispose()
    con = sqlite3.connect(path)
    rnd = random.Random(1515)
    named: dict[str, int] = {}
    eid = vid = 0

    def series(sid: int, name: str, state: str | None = "watching", *, runtime=None, title=None) -> None:
        named[name] = sid
        con.execute(
            "INSERT INTO series (id, title, aliases, overview, status, network, country, language, genres,"
            " content_rating, runtime, poster_path, created_at, updated_at) VALUES (?, ?, '[]', '', 'airing', ?,"
            " '', '', '[]', '', ?, ?, '2020-01-01', '2020-01-01')",
            (sid, title or name, "HBO\x07" if sid % 7 == 0 else "HBO", runtime, f"p{sid}.jpg" if sid % 3 else None),
        )
        if state:
            con.execute(
                "INSERT INTO library_entry (series_id, state, favourite, notes, added_at, alerts_muted)"
                " VALUES (?, ?, 0, '', '2020-01-01 00:00:00.000000', 0)",
                (sid, state),
            )

    def episode(sid, season, number, air: datetime | None, *, timed=True, runtime=None, title=None) -> int:
        nonlocal eid
        eid += 1
        con.execute(
            "INSERT INTO episode (id, series_id, season, number, title, summary, air_date, airstamp, runtime)"
            " VALUES (?, ?, ?, ?, ?, '', ?, ?, ?)",
            (
                eid,
                sid,
                season,
                number,
                title if title is not None else f"S{season}E{number}",
                air.date().isoformat() if air else None,
                _ts(air) if air and timed else None,
                runtime,
            ),
        )
        return eid

    def watch(episode_id: int, when: datetime | str | None) -> None:
        nonlocal vid
        vid += 1
        stamp = when if isinstance(when, str) or when is None else _ts(when)
        con.execute(
            "INSERT INTO viewing (id, episode_id, watched_at, source) VALUES (?, ?, ?, 'test')",
            (vid, episode_id, stamp),
        )

    week = timedelta(weeks=1)
    series(1, "announced, no episodes")
    series(2, "only specials")
    watch(episode(2, 0, 1, PAST), PAST)
    episode(2, 0, 2, PAST + week)
    series(3, "rewatches", runtime=30)
    ids = [episode(3, 1, n, PAST + n * week, runtime=(None, 0, 5000, 42)[n % 4]) for n in range(1, 7)]
    for k, e in enumerate(ids[:3]):
        watch(e, PAST + timedelta(days=k))
        watch(e, PAST + timedelta(days=50 + k))
    watch(ids[0], None)
    series(4, "date-only, one out today")
    for n in range(1, 9):
        e = episode(4, 1, n, NOW + timedelta(days=7 * (n - 6)), timed=False)
        if n <= 2:
            watch(e, PAST)
    series(5, "timed around now, one watched early")
    for n in range(1, 9):
        e = episode(5, 2, n, NOW + timedelta(hours=3 * n - 14))
        if n in (1, 6):
            watch(e, NOW - timedelta(hours=1))
    series(6, "no dates at all, one watched")
    watch(episode(6, 1, 1, None), None)
    episode(6, 1, 2, None)
    series(7, "all watched, specials left")
    for s in (1, 2):
        for n in range(1, 4):
            watch(episode(7, s, n, PAST + (3 * s + n) * week), PAST + (3 * s + n) * week + timedelta(days=1))
    episode(7, 0, 1, PAST + 5 * week)  # before the furthest watched: skipped
    episode(7, 0, 2, PAST + 20 * week)  # after it: in reach
    episode(7, 0, 3, NOW + timedelta(days=10))  # not aired yet (aired a month on)
    series(8, "not followed, watched", None)
    watch(episode(8, 1, 1, PAST), NOW)
    series(9, "gap before the furthest watched")
    for n in range(1, 7):
        e = episode(9, 1, n, PAST + n * week)
        if n == 4:
            watch(e, PAST)
    for name, sid, state in (("on hold", 10, "on_hold"), ("dropped", 11, "dropped"), ("completed", 12, "completed")):
        series(sid, name, state)
        watch(episode(sid, 1, 1, PAST), PAST)
        episode(sid, 1, 2, PAST + week)
    series(13, "plan to watch", "plan_to_watch")
    episode(13, 1, 1, PAST)
    series(14, "special on the day of the next one")
    watch(episode(14, 1, 1, PAST, timed=False), PAST)
    episode(14, 1, 2, PAST + week, timed=False)
    episode(14, 0, 1, PAST + week)  # timed, same day: after the date-only regular one
    episode(14, 0, 2, PAST + timedelta(days=3))  # before the next regular one: comes first
    series(15, "furthest watched has only a date")
    watch(episode(15, 1, 1, PAST, timed=False), PAST)
    episode(15, 0, 1, PAST)  # 00:00 UTC of the same day, or later
    episode(15, 0, 2, PAST + timedelta(hours=20))
    episode(15, 1, 2, PAST + week)
    series(16, "furthest watched has no date")
    watch(episode(16, 1, 1, None), PAST)
    episode(16, 0, 1, PAST - week)  # every special is in reach
    episode(16, 1, 2, PAST + week)
    series(17, "a viewing in year 9999")
    watch(episode(17, 1, 1, PAST), "9999-12-31 23:00:00.000000")
    episode(17, 1, 2, PAST + week)
    series(18, "ties: same activity", title="Zeta")
    series(19, "ties: same activity 2", title="zeta")
    series(20, "ties: same activity 3", title="Alpha")
    for sid in (18, 19, 20):
        watch(episode(sid, 1, 1, PAST), PAST)
        episode(sid, 1, 2, PAST)
    series(21, "unsafe titles", title="Bad\u202etitle\nhere")
    episode(21, 1, 1, PAST, title="Line\u0007one\ntwo")
    series(22, "season skipped, specials watched after")
    watch(episode(22, 1, 1, PAST), PAST)
    episode(22, 3, 1, PAST + week)
    watch(episode(22, 0, 1, PAST + 2 * week), NOW - timedelta(days=1))
    series(23, "watched before it aired, only future left")
    watch(episode(23, 1, 2, NOW + timedelta(days=3)), NOW - timedelta(days=2))
    episode(23, 1, 1, NOW - timedelta(days=5))  # a gap before: not next
    episode(23, 1, 3, NOW + timedelta(days=10))
    series(24, "text that is no date", runtime=45)
    con.execute(
        "INSERT INTO episode (id, series_id, season, number, title, summary, air_date, airstamp)"
        " VALUES (?, 24, 1, 1, 'odd', '', '2025-05-01', '2025-05-01T20:00:00+02:00')",
        (eid + 1,),
    )
    eid += 1
    watch(eid, "2025-06-01 10:00:00")
    episode(24, 1, 2, PAST + 10 * week)
    states = ["watching"] * 6 + ["on_hold", "dropped", "completed", "plan_to_watch"]
    for sid in range(40, 200):  # random series
        series(
            sid, f"random {sid}", rnd.choice(states) if rnd.random() < 0.95 else None, runtime=rnd.choice((None, 30))
        )
        for s in range(rnd.randint(0, 4) if rnd.random() < 0.95 else 0, 0, -1):
            if rnd.random() < 0.1:
                continue  # a season number missing
            for n in range(1, rnd.randint(1, 12)):
                air = (
                    None
                    if rnd.random() < 0.05
                    else NOW + timedelta(days=rnd.randint(-900, 45), hours=rnd.randint(-12, 12))
                )
                e = episode(sid, s, n, air, timed=rnd.random() < 0.7, runtime=rnd.choice((None, 25, 60)))
                for _ in range(rnd.choice((0, 0, 0, 1, 1, 1, 2, 3))):
                    watch(e, None if rnd.random() < 0.05 else NOW - timedelta(days=rnd.randint(0, 900)))
        for n in range(rnd.choice((0, 0, 0, 1, 2, 3))):
            e = episode(sid, 0, n + 1, None if rnd.random() < 0.1 else NOW + timedelta(days=rnd.randint(-900, 45)))
            if rnd.random() < 0.3:
                watch(e, NOW - timedelta(days=rnd.randint(0, 900)))
    con.commit()
    con.close()
    return named


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    path = tmp_path_factory.mktemp("up_next_equivalence") / "library.sqlite"
    named = _library(path)
    engine = open_database(path)
    yield engine, named
    engine.dispose()


def _schedule(engine, now: datetime, tz) -> ScheduleService:
    return ScheduleService(engine, LibraryService(engine, clock=lambda: now), tz=tz)


def _same(new, old) -> None:
    assert new == old
    assert repr(new) == repr(old)  # the time zones too


@pytest.mark.parametrize("states", STATES, ids=["default", "put aside too", "all"])
@pytest.mark.parametrize("include_specials", [False, True], ids=["regular", "specials"])
@pytest.mark.parametrize(("now", "tz"), MOMENTS, ids=["noon", "a day back", "los angeles", "a month on"])
def test_up_next_is_the_same_as_before(library, now, tz, include_specials, states):
    engine, _ = library
    sched = _schedule(engine, now, tz)
    old = old_up_next(engine, now, sched.today(now), include_specials, states)
    _same(sched.up_next(include_specials=include_specials, states=states), old)
    assert len(old) > 25


@pytest.mark.parametrize("include_specials", [False, True], ids=["regular", "specials"])
@pytest.mark.parametrize(("now", "tz"), MOMENTS[:3], ids=["noon", "a day back", "los angeles"])
def test_each_series_row_is_the_same_as_before(library, now, tz, include_specials):
    engine, _ = library
    sched = _schedule(engine, now, tz)
    today = sched.today(now)
    found = 0
    for sid in range(1, 200):
        old = old_up_next(engine, now, today, include_specials, UP_NEXT_STATES, [sid])
        new = sched.up_next_row(sid, include_specials=include_specials)
        _same(new, old[0] if old else None)
        found += bool(old)
    assert found > 25


@pytest.mark.parametrize(("now", "tz"), MOMENTS, ids=["noon", "a day back", "los angeles", "a month on"])
def test_the_facts_and_specials_are_the_same_as_before(library, now, tz):
    engine, _ = library
    today = _schedule(engine, now, tz).today(now)
    every = tuple(ViewerState)
    with Session(engine) as session:
        for ids in (None, list(range(1, 120)), [3, 7, 14], []):
            for caught_up_too in (False, True):
                old = up_next_facts(session, now, today, every, ids, caught_up_too=caught_up_too)
                new = queries.up_next_facts(session, now, today, every, ids, caught_up_too=caught_up_too)
                if not caught_up_too:  # the furthest episode's air time is read for the specials only
                    old = [f._replace(furthest_at=None) for f in old]
                _same([tuple(f) for f in new], [tuple(f) for f in old])
            _same(
                queries.aired_unwatched_specials(session, now, today, every, ids),
                aired_unwatched_specials(session, now, today, every, ids),
            )
        assert queries.up_next_facts(session, now, today, (), None) == []


def test_the_edge_cases_come_out_as_expected(library):
    """What the old code gave is right on the edge cases (so that the same means right)."""
    engine, named = library
    sched = _schedule(engine, NOW, BERLIN)
    rows = {r.series_id: r for r in sched.up_next()}
    with_specials = {r.series_id: r for r in sched.up_next(include_specials=True)}
    wide = {r.series_id: r for r in sched.up_next(states=STATES[1])}

    def code(rows, name):
        r = rows.get(named[name])
        return None if r is None else (r.season, r.number, r.left)

    assert code(rows, "announced, no episodes") is None and code(rows, "only specials") is None
    assert code(with_specials, "only specials") == (0, 2, 1)
    assert code(rows, "rewatches") == (1, 4, 3) and rows[named["rewatches"]].runtime == 30  # 5000 is no runtime
    assert code(rows, "date-only, one out today") == (1, 3, 4)
    assert code(rows, "timed around now, one watched early") is None  # S2E6 watched early; E7 to come
    assert code(rows, "no dates at all, one watched") is None
    assert code(rows, "all watched, specials left") is None
    assert code(with_specials, "all watched, specials left") == (0, 2, 1)
    assert code(rows, "gap before the furthest watched") == (1, 5, 2)
    assert all(code(rows, n) is None for n in ("on hold", "dropped", "completed", "plan to watch"))
    assert code(wide, "on hold") == (1, 2, 1) and code(wide, "dropped") == (1, 2, 1)
    assert code(with_specials, "special on the day of the next one") == (0, 2, 3)
    assert code(with_specials, "furthest watched has no date") == (0, 1, 2)
    assert rows[named["a viewing in year 9999"]].activity == PAST + timedelta(weeks=1)
    # the same activity: by title regardless of case, then by id
    order = [r.series_id for r in sched.up_next() if r.series_id in (18, 19, 20)]
    assert order == [20, 18, 19]
    assert "\n" not in rows[named["unsafe titles"]].title
    assert code(rows, "watched before it aired, only future left") is None
    assert rows[named["text that is no date"]].last_watched == datetime(2025, 6, 1, 10, tzinfo=UTC)


# -- the same library on a PostgreSQL server reads the same ------------------------------------


def _copy_to_server(path, url: str) -> None:
    """Every row of the SQLite library at ``path`` into the empty library at ``url`` (the schema
    at head), each value as the app reads it (a stored time as the moment it names); then the
    series' progress counted afresh by the server's own function."""
    import json

    import sqlalchemy as sa
    from sqlmodel import SQLModel

    from watchtracker.storage.server import open_server_library, parse_server_url

    opened = open_server_library(parse_server_url(url))
    con = sqlite3.connect(path)
    try:
        with opened.engine.begin() as conn:
            for table in SQLModel.metadata.sorted_tables:
                if table.name == "series_progress":
                    continue  # the triggers fill it
                names = [c.name for c in table.columns]
                convert: list[Callable[[Any], Any]] = []
                for c in table.columns:
                    kind = c.type.impl if isinstance(c.type, sa.TypeDecorator) else c.type
                    if isinstance(kind, sa.DateTime):
                        convert.append(library_sql.as_utc)
                    elif isinstance(kind, sa.Date):
                        convert.append(library_sql.as_date)
                    elif isinstance(kind, sa.Boolean):
                        convert.append(lambda v: None if v is None else bool(v))
                    elif isinstance(kind, sa.JSON):
                        convert.append(lambda v: None if v is None else json.loads(v))
                    else:
                        convert.append(lambda v: v)
                rows = [
                    {n: f(v) for n, f, v in zip(names, convert, r, strict=True)}
                    for r in con.execute(f"SELECT {', '.join(names)} FROM {table.name}")
                ]
                if rows:
                    conn.execute(table.insert(), rows)
                if "id" in names and rows:
                    conn.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), (SELECT MAX(id) FROM {table.name}))"
                    )
            conn.exec_driver_sql("SELECT series_progress_recount(id) FROM series")
    finally:
        con.close()
        opened.engine.dispose()


@pytest.fixture(scope="module")
def on_server(library, pg, tmp_path_factory):
    """The module's library, copied to a database of its own on the session's server, whose
    sessions are in a zone 3.5 hours off UTC: (engine, named)."""
    import uuid

    import psycopg

    from watchtracker.storage.server import open_server_library, parse_server_url

    engine, named = library
    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(pg.conninfo(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    _copy_to_server(engine.url.database, pg.url(name))
    with psycopg.connect(pg.conninfo(), autocommit=True) as conn:  # nothing may hang on the session's zone
        conn.execute(f"ALTER DATABASE \"{name}\" SET timezone TO 'America/St_Johns'")
    opened = open_server_library(parse_server_url(pg.url(name)))
    opened.engine.dispose()  # the app sets UTC on its connections; these keep the odd zone instead

    @event.listens_for(opened.engine, "connect")
    def _odd_zone(dbapi_conn, _record) -> None:
        with dbapi_conn.cursor() as cur:
            cur.execute("SET TIME ZONE 'America/St_Johns'")
        dbapi_conn.commit()

    yield opened.engine, named
    opened.engine.dispose()
    with psycopg.connect(pg.conninfo(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_server_holds_the_same_rows(library, on_server):
    """The copy is whole (so that the same results below mean the same library)."""
    for engine_pair in ((library[0], on_server[0]),):
        counts = []
        for engine in engine_pair:
            with engine.connect() as conn:
                counts.append(
                    [
                        conn.exec_driver_sql(f"SELECT COUNT(*) FROM {t}").scalar()
                        for t in ("series", "library_entry", "episode", "viewing", "series_progress")
                    ]
                )
        assert counts[0] == counts[1] and counts[0][3] > 500
    with on_server[0].connect() as conn:
        assert conn.exec_driver_sql("SHOW timezone").scalar() == "America/St_Johns"


@pytest.mark.parametrize("states", STATES, ids=["default", "put aside too", "all"])
@pytest.mark.parametrize(("now", "tz"), MOMENTS, ids=["noon", "a day back", "los angeles", "a month on"])
def test_up_next_and_the_library_read_the_same_on_a_server(library, on_server, now, tz, states):
    """Up next (with and without specials), each series' row, the facts and the specials, the
    library's rows (all and some) and Upcoming: the same on PostgreSQL as on SQLite, edge cases
    included (times are compared as moments: on SQLite a time stored with an offset keeps it)."""
    local, server = _schedule(library[0], now, tz), _schedule(on_server[0], now, tz)
    for include_specials in (False, True):
        rows = local.up_next(include_specials=include_specials, states=states)
        assert server.up_next(include_specials=include_specials, states=states) == rows and len(rows) > 25
    for sid in (2, 3, 7, 14, 15, 16, 17, 22, 23, 24, 45, 1000):
        assert server.up_next_row(sid, include_specials=True, states=states) == local.up_next_row(
            sid, include_specials=True, states=states
        )
    today = local.today(now)
    with Session(library[0]) as a, Session(on_server[0]) as b:
        for ids in (None, [3, 7, 14, 24], []):  # facts and specials in no order: the service sorts them
            facts = [sorted(queries.up_next_facts(s, now, today, states, ids, caught_up_too=True)) for s in (a, b)]
            assert facts[1] == facts[0] and (ids == [] or facts[0])
            specials = [
                {sid: sorted(eps, key=lambda e: e.id) for sid, eps in found.items()}
                for found in (queries.aired_unwatched_specials(s, now, today, states, ids) for s in (a, b))
            ]
            assert specials[1] == specials[0]
            lib_a = queries.library_rows(a, now, today, ids)
            assert queries.library_rows(b, now, today, ids) == lib_a and (ids == [] or lib_a)
        for sid in (3, 7, 14, 15, 16, 17, 22, 23, 24, 45, 1000):  # each episode with its plays
            assert queries.episodes_with_plays(b, sid) == queries.episodes_with_plays(a, sid)
    for sid in (3, 5, 7, 23, 45, 77):
        assert server.catch_up(sid) == local.catch_up(sid)
    stats = [StatsService(e, clock=lambda: now, tz=tz).stats() for e in (library[0], on_server[0])]
    assert stats[1] == stats[0] and stats[0].episodes > 500
    for days in (1, 30, 400):
        for premieres_only in (False, True):
            upcoming = local.upcoming(days, premieres_only=premieres_only, include_specials=True, states=states)
            assert (
                server.upcoming(days, premieres_only=premieres_only, include_specials=True, states=states) == upcoming
            )
