"""Read queries. The library comes back in one statement, whatever its size."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time
from typing import NamedTuple

from sqlalchemy import DateTime, and_, bindparam, case, false, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Session, col, or_, select

from watchtracker.domain.dates import partial_date_or_none
from watchtracker.domain.enums import (
    AnnouncementKind,
    LifecycleStatus,
    RelationKind,
    ViewerState,
)
from watchtracker.domain.models import (
    AnnouncementView,
    CastCredit,
    EpisodeView,
    LibraryRow,
    RelatedSeries,
    SeasonView,
    SeriesDetail,
)
from watchtracker.domain.text import clean_text
from watchtracker.storage import library_sql
from watchtracker.storage.library_sql import as_date as _date
from watchtracker.storage.library_sql import as_utc as _utc
from watchtracker.storage.tables import (
    Announcement,
    AnnouncementSeries,
    Credit,
    Franchise,
    LibraryEntry,
    Person,
    Relation,
    Season,
    Series,
    not_null,
    saved_id,
)


def library_rows(
    session: Session, now: datetime, today: date, series_ids: Iterable[int] | None = None
) -> list[LibraryRow]:
    """Every followed series (or just ``series_ids``) with progress and next episode."""
    connection = session.connection()
    sqlite = connection.dialect.name == "sqlite"
    params = library_sql.params(now, today, sqlite)
    inner = outer = ""
    if series_ids is not None:
        ids = sorted(set(series_ids))
        if not ids:
            return []
        params["ids"] = ids
        inner = "AND e.series_id IN :ids"
        outer = "AND s.id IN :ids"
    sql = library_sql.LIBRARY_SQL.format(series_filter=inner, outer_filter=outer)
    one_step = sqlite and library_sql.SQLITE_JSON
    stmt = text(library_sql.in_one_step(sql) if one_step else sql)
    if series_ids is not None:
        stmt = stmt.bindparams(bindparam("ids", expanding=True))
    result = connection.execute(stmt, params)
    rows = library_sql.decode(result.scalar_one()) if one_step else result
    return [library_sql.to_row(r) for r in rows]


def airs_between(session: Session, after: datetime, until: datetime) -> bool:
    """An episode airs in (after, until] (times as the library statement compares them)."""
    connection = session.connection()
    sqlite = connection.dialect.name == "sqlite"
    found = connection.execute(
        text("SELECT 1 FROM episode WHERE airstamp > :after AND airstamp <= :until LIMIT 1"),
        {"after": library_sql.bound_time(after, sqlite), "until": library_sql.bound_time(until, sqlite)},
    )
    return found.first() is not None


# Text from outside (TVmaze, feeds, other trackers' files, what an older version stored) is made
# safe where the rows for display are built, so every view (the window, the CLI) shows it clean.


def _line(value):
    """One line of safe text (domain.text); None stays None, clean text is returned as it is."""
    return clean_text(value, multiline=False) if value else value


def _text(value):
    """Safe text that may have lines (an overview, a summary)."""
    return clean_text(value) if value else value


def as_minutes(value) -> int | None:
    """A runtime as read back: whole minutes from 1 to 1000, else None (an older version stored
    what TVmaze sent unchecked, "fifty" among it)."""
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= 1000 else None


class _earlier(FunctionElement):
    """SQL: the earlier of two times, NULL when either is (SQLite's scalar ``min``; on SQLite
    both hold UTC times in the same text format)."""

    type = DateTime()
    inherit_cache = True
    name = "earlier"


@compiles(_earlier)
def _earlier_sqlite(element: _earlier, compiler: SQLCompiler, **kw) -> str:
    return f"min({compiler.process(element.clauses, **kw)})"


@compiles(_earlier, "postgresql")
def _earlier_postgresql(element: _earlier, compiler: SQLCompiler, **kw) -> str:
    a, b = (compiler.process(c, **kw) for c in element.clauses)
    return f"CASE WHEN {a} IS NULL OR {b} IS NULL THEN NULL ELSE LEAST({a}, {b}) END"  # LEAST skips NULLs


class _utc_day(FunctionElement):
    """SQL: the UTC day of a stored time (SQLite's ``date``; on PostgreSQL not the session's zone's day)."""

    inherit_cache = True
    name = "utc_day"


@compiles(_utc_day)
def _utc_day_sqlite(element: _utc_day, compiler: SQLCompiler, **kw) -> str:
    return f"date({compiler.process(element.clauses, **kw)})"


@compiles(_utc_day, "postgresql")
def _utc_day_postgresql(element: _utc_day, compiler: SQLCompiler, **kw) -> str:
    return f"CAST(({compiler.process(element.clauses, **kw)}) AT TIME ZONE 'UTC' AS DATE)"


def announced_at():
    """SQL: when an announcement is placed: when it was published, but never later than when it
    was stored (a feed item dated 2999 is not pinned at the top); NULL when undated. A day
    without a time (12:00 UTC that day) stays on its day when it was stored that day or later,
    even before noon."""
    published, created = col(Announcement.published_at), col(Announcement.created_at)
    day_alone = and_(col(Announcement.published_has_time) == false(), _utc_day(published) <= _utc_day(created))
    return case((day_alone, published), else_=_earlier(published, created))


def announced(published: datetime | None, created: datetime | None, has_time: bool = True) -> datetime | None:
    """``announced_at`` in Python, aware UTC. A day without a time (``has_time`` false) later than
    the day it was stored is placed at 12:00 UTC on the day it was stored."""
    if published is None:
        return None
    published = _utc(published)
    if created is None:
        return published
    created = _utc(created)
    if not has_time:
        seen = created.date()
        return published if published.date() <= seen else datetime.combine(seen, time(12), UTC)
    return min(published, created)


# Each episode's plays and last viewing by two lookups in viewing's episode index, in the episode
# index's order: no temporary trees for a GROUP BY and an ORDER BY (a 480-episode series ~25%
# faster than a LEFT JOIN grouped). (series_id, season, number) is unique: the order is total.
_EPISODES_SQL = """
    SELECT e.id, e.season, e.number, e.title, e.summary, e.air_date, e.airstamp, e.runtime,
           (SELECT COUNT(*) FROM viewing v WHERE v.episode_id = e.id),
           (SELECT MAX(v.watched_at) FROM viewing v WHERE v.episode_id = e.id)
    FROM episode e
    WHERE e.series_id = ?
    ORDER BY e.season, e.number
"""
_EPISODES_SQL_NAMED = _EPISODES_SQL.replace("= ?", "= :series_id")  # elsewhere than SQLite


def episodes_with_plays(session: Session, series_id: int) -> list[EpisodeView]:
    """Plain rows, not ORM objects: a long series has hundreds of episodes. Read through the
    session's own sqlite3 connection (same transaction): SQLAlchemy's row objects cost more
    than the query for a long series, and the text needs no type of SQLAlchemy's. Elsewhere
    (PostgreSQL) through SQLAlchemy, the same statement."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        driver = connection.connection.driver_connection
        assert driver is not None  # the session's connection is open
        rows = driver.execute(_EPISODES_SQL, (series_id,))
    else:
        rows = connection.execute(text(_EPISODES_SQL_NAMED), {"series_id": series_id})
    line, txt, day, utc, minutes = _line, _text, _date, _utc, as_minutes
    return [
        EpisodeView(
            id=eid,
            season=season,
            number=number,
            title=line(title) or "",
            summary=txt(summary) or "",
            air_date=day(air_date),
            airstamp=utc(airstamp),
            runtime=minutes(runtime),
            plays=plays,
            last_watched=utc(last) if last is not None else None,
        )
        for eid, season, number, title, summary, air_date, airstamp, runtime, plays, last in rows
    ]


def series_detail(session: Session, series_id: int) -> SeriesDetail | None:
    series = session.get(Series, series_id)
    if series is None:
        return None
    entry = session.get(LibraryEntry, series_id)
    franchise = session.get(Franchise, series.franchise_id) if series.franchise_id else None

    episodes = episodes_with_plays(session, series_id)
    season_rows = {s.number: s for s in session.exec(select(Season).where(Season.series_id == series_id))}
    by_season: dict[int, list[EpisodeView]] = {}
    for e in episodes:
        by_season.setdefault(e.season, []).append(e)
    numbers = sorted(set(by_season) | set(season_rows), key=lambda n: (n == 0, n))
    seasons = tuple(
        SeasonView(
            number=n,
            name=_line(season_rows[n].name) or "" if n in season_rows else "",
            episodes=tuple(by_season.get(n, ())),
        )
        for n in numbers
    )

    cast = tuple(
        CastCredit(person=_line(p.name), character=_line(c.character))
        for c, p in session.exec(
            select(Credit, Person)
            .join(Person, col(Person.id) == col(Credit.person_id))
            .where(Credit.series_id == series_id)
            .order_by(col(Credit.position), col(Credit.id))
        )
    )
    return SeriesDetail(
        id=series_id,
        title=_line(series.title),
        aliases=tuple(_line(a) for a in series.aliases or ()),
        overview=_text(series.overview),
        status=LifecycleStatus(series.status),
        premiere=partial_date_or_none(series.premiere),
        ended=partial_date_or_none(series.ended),
        network=_line(series.network),
        country=_line(series.country),
        language=_line(series.language),
        genres=tuple(_line(g) for g in series.genres or ()),
        content_rating=_line(series.content_rating),
        runtime=as_minutes(series.runtime),
        poster_path=series.poster_path,
        external_ids=external_ids(series),
        franchise=_line(franchise.name) if franchise else None,
        followed=entry is not None,
        state=ViewerState(entry.state) if entry else None,
        favourite=bool(entry and entry.favourite),
        rating=entry.rating if entry else None,
        notes=entry.notes if entry else "",
        added_at=_utc(entry.added_at) if entry else None,
        seasons=seasons,
        cast=cast,
        related=tuple(related_series(session, series_id)),
        announcements=tuple(announcements_for(session, series_id)),
    )


def external_ids(series: Series) -> dict[str, str]:
    ids = {
        "tvmaze": series.tvmaze_id,
        "thetvdb": series.thetvdb_id,
        "imdb": series.imdb_id,
        "tmdb": series.tmdb_id,
    }
    return {k: str(v) for k, v in ids.items() if v is not None}


def related_series(session: Session, series_id: int) -> list[RelatedSeries]:
    """Direct relations first, then siblings (other spin-offs of the same parent), then the
    rest of the franchise; each series once."""
    rels = session.exec(
        select(Relation).where(or_(Relation.from_series_id == series_id, Relation.to_series_id == series_id))
    ).all()
    parents = {(r.to_series_id, r.kind) for r in rels if r.from_series_id == series_id}
    siblings: Sequence[Relation] = []
    if parents:
        siblings = session.exec(
            select(Relation).where(
                col(Relation.to_series_id).in_([p for p, _ in parents]),
                Relation.from_series_id != series_id,
            )
        ).all()
        siblings = [r for r in siblings if (r.to_series_id, r.kind) in parents]
    me = session.get(Series, series_id)
    franchise = session.get(Franchise, me.franchise_id) if me and me.franchise_id else None
    mates = (
        session.exec(
            select(not_null(Series.id)).where(Series.franchise_id == franchise.id, Series.id != series_id)
        ).all()
        if franchise
        else []
    )
    wanted = (
        {r.to_series_id if r.from_series_id == series_id else r.from_series_id for r in rels}
        | {r.from_series_id for r in siblings}
        | {r.to_series_id for r in siblings}
        | set(mates)
    )
    others = {s.id: s for s in session.exec(select(Series).where(col(Series.id).in_(wanted)))}
    followed = set(session.exec(select(LibraryEntry.series_id).where(col(LibraryEntry.series_id).in_(wanted))))

    def entry(other: Series, kind: str, outgoing: bool, via: str | None = None) -> RelatedSeries:
        return RelatedSeries(
            series_id=saved_id(other.id),
            title=_line(other.title),
            kind=RelationKind(kind),
            outgoing=outgoing,
            status=LifecycleStatus(other.status),
            premiere=partial_date_or_none(other.premiere),
            followed=other.id in followed,
            via=via,
            direct=via is None,
        )

    direct = []
    for r in rels:
        outgoing = r.from_series_id == series_id
        direct.append(entry(others[r.to_series_id if outgoing else r.from_series_id], r.kind, outgoing))
    direct.sort(key=_by_premiere)
    seen = {r.series_id for r in direct} | {series_id}
    indirect = []
    for r in siblings:
        if r.from_series_id not in seen:
            seen.add(saved_id(r.from_series_id))
            indirect.append(entry(others[r.from_series_id], r.kind, True, via=_line(others[r.to_series_id].title)))
    for sid in mates:  # none without a franchise
        if sid not in seen and franchise is not None:
            seen.add(sid)
            indirect.append(entry(others[sid], RelationKind.SAME_UNIVERSE, True, via=_line(franchise.name)))
    indirect.sort(key=_by_premiere)
    return direct + indirect


def _by_premiere(r: RelatedSeries):
    return (r.premiere.earliest() if r.premiere else date.max, r.title)


def announcements_for(session: Session, series_id: int) -> list[AnnouncementView]:
    anns = session.exec(
        select(Announcement)
        .join(AnnouncementSeries, col(AnnouncementSeries.announcement_id) == col(Announcement.id))
        .where(AnnouncementSeries.series_id == series_id)
        .order_by(announced_at().desc(), col(Announcement.id).desc())
    ).all()
    if not anns:
        return []
    titles: dict[int, list[str]] = {}
    for ann_id, title in session.exec(
        select(not_null(AnnouncementSeries.announcement_id), col(Series.title))
        .join(Series, col(Series.id) == col(AnnouncementSeries.series_id))
        .where(col(AnnouncementSeries.announcement_id).in_([a.id for a in anns]))
        .order_by(Series.title)
    ):
        titles.setdefault(ann_id, []).append(_line(title))
    return [
        AnnouncementView(
            id=saved_id(a.id),
            kind=AnnouncementKind(a.kind),
            headline=_line(a.headline),
            summary=_text(a.summary),
            source=_line(a.source),
            url=a.url,
            published=announced(a.published_at, a.created_at, a.published_has_time),
            read=a.read,
            dismissed=a.dismissed,
            series=tuple(titles.get(saved_id(a.id), ())),
            published_has_time=a.published_has_time,
            kinds=_kinds(a.kind, a.kinds),
        )
        for a in anns
    ]


def find_series(session: Session, title: str) -> list[tuple[int, str]]:
    """Series whose title or alias is ``title`` (case-insensitive); failing that, those that
    contain it. More than one result means the title is ambiguous."""
    needle = title.strip().casefold()
    if not needle:
        return []
    all_series = session.exec(select(not_null(Series.id), col(Series.title), col(Series.aliases))).all()
    exact = [
        (i, t)
        for i, t, aliases in all_series
        if needle == t.casefold() or needle in {a.casefold() for a in aliases or ()}
    ]
    if exact:
        return exact
    return [(i, t) for i, t, _ in all_series if needle in t.casefold()]


# -- Up next, Upcoming, catch-up (services.schedule) ------------------------------------------


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


class DatedEpisode(NamedTuple):
    series_id: int
    series_title: str
    network: str
    series_runtime: int | None
    episode: EpisodeView


class DatedSeason(NamedTuple):
    """A season with a premiere date and no dated first episode yet."""

    series_id: int
    series_title: str
    network: str
    series_runtime: int | None
    season_id: int
    number: int
    premiere: date


class SeriesPremiere(NamedTuple):
    series_id: int
    title: str
    network: str
    series_runtime: int | None
    status: LifecycleStatus
    premiere: str | None  # canonical PartialDate text
    franchise: str | None
    has_pilot: bool  # S01E01 is listed with a date: it stands for the premiere itself


# Per series in the states: the furthest regular episode watched (k = season * 100000 + number)
# and the last viewing, read from series_progress (kept by triggers on viewing and episode,
# migration 0009: a primary-key lookup per series instead of every viewing of the series, ~25 of
# the 50 ms); then only the episodes after the furthest are read (none of them can have been
# watched), through the (series_id, season, number, airstamp, air_date) index, for the next one,
# how many are left and the newest waiting. Correlated subqueries, not joins: as a join, SQLite
# may build a Bloom filter over the whole episode table, 30 ms wasted even for one series;
# grouped, it sorts what the subqueries read in order. Reading every episode of every series, or
# every viewing (as the library does: it needs every series), was slower still: Up next needs the
# episodes of the series being watched only (tests/benchmarks/bench_schedule.py, issue 15).
# Run through the session's sqlite3 connection: SQLAlchemy's rows cost more than the building.
_AFTER_FURTHEST = f"""e.series_id = b.series_id AND e.season >= {{first_season}}
          AND (e.season, e.number) > (b.k / 100000, b.k % 100000) AND {library_sql._AIRED}"""
_UP_NEXT_SQL = f"""
WITH ent AS MATERIALIZED (
    SELECT series_id, state FROM library_entry WHERE state IN {{states}} {{filter}}
),
b AS MATERIALIZED (
    SELECT ent.series_id, ent.state, COALESCE(p.furthest_key, 0) AS k, p.last_watched_at AS at
    FROM ent LEFT JOIN series_progress p ON p.series_id = ent.series_id
),
todo AS MATERIALIZED (
    SELECT b.*,
           (SELECT COUNT(*) || '|' || COALESCE({{newest}}, '')
            FROM episode e WHERE {_AFTER_FURTHEST}) AS left_newest,
           (SELECT e.id FROM episode e WHERE {_AFTER_FURTHEST}
            ORDER BY e.season, e.number LIMIT 1) AS next_id
    FROM b
)
SELECT s.id, s.title, s.network, s.poster_path, s.runtime, todo.state, todo.at, todo.left_newest,
       ne.id, ne.season, ne.number, ne.title, ne.air_date, ne.airstamp, ne.runtime{{furthest}}
FROM todo
JOIN series s ON s.id = todo.series_id
LEFT JOIN episode ne ON ne.id = todo.next_id
{{furthest_join}}
{{where}}
"""
# the furthest episode's air date and time: what the specials are compared with
_FURTHEST_COLUMNS = ", fe.air_date, fe.airstamp"
_FURTHEST_JOIN = """LEFT JOIN episode fe
       ON fe.series_id = todo.series_id AND fe.season = todo.k / 100000 AND fe.number = todo.k % 100000"""

# What differs between the backends, by dialect: the first regular season after the furthest
# watched (SQLite's scalar MAX, PostgreSQL's GREATEST), and the newest air time waiting as text
# in the stored form (on SQLite the stored text itself, a date alone as "YYYY-MM-DD"; on
# PostgreSQL the moment written as SQLite stores it, a date alone as 00:00 UTC: the same moment).
_UP_NEXT_PARTS = {
    "sqlite": {
        "first_season": "MAX(b.k / 100000, 1)",
        "newest": "CAST(MAX(COALESCE(e.airstamp, e.air_date)) AS TEXT)",
    },
    "postgresql": {
        "first_season": "GREATEST(b.k / 100000, 1)",
        "newest": "to_char(MAX(COALESCE(e.airstamp, CAST(e.air_date AS timestamp) AT TIME ZONE 'UTC'))"
        " AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')",
    },
}

_SPECIALS_SQL = f"""
SELECT e.series_id, e.id, e.season, e.number, e.title, e.air_date, e.airstamp, e.runtime
FROM library_entry le JOIN episode e ON e.series_id = le.series_id
WHERE le.state IN {{states}} AND e.season = 0 AND {library_sql._AIRED}
  AND NOT EXISTS (SELECT 1 FROM viewing v WHERE v.episode_id = e.id) {{filter}}
"""

_STATES = {s.value: s for s in ViewerState}
_fromiso = datetime.fromisoformat


def _stamp(value) -> datetime | None:
    """``library_sql.as_utc``, quicker for the form times are stored in ("YYYY-MM-DD HH:MM:SS.ffffff",
    UTC): parsed with its zone, not given one afterwards. Anything else goes the long way."""
    if value.__class__ is str and len(value) == 26 and value[10] == " " and value[19] == ".":
        try:
            return _fromiso(value + "+00:00")
        except ValueError:
            pass
    return _utc(value)


def _air_moment(value) -> datetime | None:
    """``_moment`` (a date alone is 00:00 UTC), quicker for a stored date or time."""
    if value.__class__ is str:
        size = len(value)
        if size == 10 or (size == 26 and value[10] == " " and value[19] == "."):
            try:
                return _fromiso(value + (" 00:00:00+00:00" if size == 10 else "+00:00"))
            except ValueError:
                pass
    return _moment(value)


def _in_list(name: str, values: Sequence[object], params: dict) -> str:
    """``(:name0, :name1, ...)`` for ``values``, added to ``params``: the same text for sqlite3 and
    SQLAlchemy (no expanding parameter)."""
    for i, v in enumerate(values):
        params[f"{name}{i}"] = v
    return "(" + ", ".join(f":{name}{i}" for i in range(len(values))) + ")"


def _ids_filter(column: str, series_ids: Iterable[int] | None, params: dict) -> str:
    if series_ids is None:
        return ""
    params["ids"] = sorted(set(series_ids))
    return f"AND {column} IN :ids"


def _run(session: Session, sql: str, params: dict):
    stmt = text(sql).bindparams(*(bindparam(k, expanding=True) for k, v in params.items() if isinstance(v, list)))
    return session.connection().execute(stmt, params)


def _rows(session: Session, sql: str, params: dict):
    """The rows of ``sql`` (named parameters, no expanding one): on SQLite through the session's
    own sqlite3 connection (same transaction), whose plain tuples cost less than SQLAlchemy's rows."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return conn.execute(text(sql), params)
    driver = conn.connection.driver_connection
    assert driver is not None  # the session's connection is open
    return driver.execute(sql, params)


def up_next_facts(
    session: Session,
    now: datetime,
    today: date,
    states: Iterable[ViewerState],
    series_ids: Iterable[int] | None = None,
    *,
    caught_up_too: bool = False,
) -> list[UpNextFacts]:
    """One statement for every series in ``states`` (or just ``series_ids``). With
    ``caught_up_too`` (for the specials), series with nothing aired left to watch too, and the
    furthest watched episode's air time; without, ``furthest_at`` is None."""
    dialect = session.connection().dialect.name
    params = library_sql.params(now, today, dialect == "sqlite")
    values = [ViewerState(s).value for s in states]
    ids = None if series_ids is None else sorted(set(series_ids))
    if not values or (ids is not None and not ids):
        return []
    flt = "" if ids is None else f"AND series_id IN {_in_list('id', ids, params)}"
    sql = _UP_NEXT_SQL.format(
        states=_in_list("st", values, params),
        filter=flt,
        where="" if caught_up_too else "WHERE todo.next_id IS NOT NULL",
        furthest=_FURTHEST_COLUMNS if caught_up_too else "",
        furthest_join=_FURTHEST_JOIN if caught_up_too else "",
        **_UP_NEXT_PARTS["sqlite" if dialect == "sqlite" else "postgresql"],
    )
    line, utc, stamp, day, moment, minutes, known = _line, _utc, _stamp, _date, _air_moment, as_minutes, _STATES
    out = []
    for r in _rows(session, sql, params):
        left, _, newest = r[7].partition("|")
        nxt = None
        if r[8] is not None:
            nxt = EpisodeView(r[8], r[9], r[10], line(r[11]) or "", "", day(r[12]), stamp(r[13]), minutes(r[14]))
        out.append(
            UpNextFacts(
                r[0],
                line(r[1]),
                line(r[2]) or "",
                r[3],
                minutes(r[4]),
                known.get(r[5]) or ViewerState(r[5]),
                stamp(r[6]),
                int(left),
                moment(newest) if newest else None,
                (utc(r[16]) if r[16] is not None else _moment(r[15])) if caught_up_too else None,
                nxt,
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
    params = library_sql.params(now, today, session.connection().dialect.name == "sqlite")
    values = [ViewerState(s).value for s in states]
    ids = None if series_ids is None else sorted(set(series_ids))
    if not values or (ids is not None and not ids):
        return {}
    flt = "" if ids is None else f"AND le.series_id IN {_in_list('id', ids, params)}"
    sql = _SPECIALS_SQL.format(states=_in_list("st", values, params), filter=flt)
    found: dict[int, list[EpisodeView]] = {}
    for r in _rows(session, sql, params):
        found.setdefault(r[0], []).append(
            EpisodeView(r[1], r[2], r[3], _line(r[4]) or "", "", _date(r[5]), _stamp(r[6]), as_minutes(r[7]))
        )
    return found


def dated_episodes(
    session: Session,
    start: datetime,
    end: datetime,
    first_day: date,
    last_day: date,
    states: Iterable[ViewerState],
    *,
    include_specials: bool = False,
    premieres_only: bool = False,
) -> list[DatedEpisode]:
    """Episodes of series in ``states`` airing from ``start`` to before ``end`` (UTC), or, known
    only by date, from ``first_day`` to ``last_day``."""
    sqlite = session.connection().dialect.name == "sqlite"
    params = {
        "start": library_sql.bound_time(start, sqlite),
        "end": library_sql.bound_time(end, sqlite),
        "d0": library_sql.bound_day(first_day, sqlite),
        "d1": library_sql.bound_day(last_day, sqlite),
        "states": [ViewerState(s).value for s in states],
        "min_season": 0 if include_specials and not premieres_only else 1,
    }
    if not params["states"]:
        return []
    premieres = "AND e.number = 1" if premieres_only else ""
    # Two statements, each through its own index: as one OR, SQLite read every episode with no
    # air time (the airstamp index's NULL entries) to find the few dated in the range (25 ms of
    # the 30-day Upcoming, tests/benchmarks/bench_schedule.py). The timed rows come by air time,
    # then the date-only ones by id, as the OR gave them (equal items keep this order). Elsewhere
    # (PostgreSQL: no unary + for a time) the same order, asked for.
    select = f"""
        SELECT s.id, s.title, s.network, s.runtime,
               e.id, e.season, e.number, e.title, e.air_date, e.airstamp, e.runtime
        FROM library_entry le
        JOIN series s ON s.id = le.series_id
        JOIN episode e ON e.series_id = le.series_id
        WHERE le.state IN :states AND e.season >= :min_season {premieres}
    """
    timed_order, no_index = ("", "+") if sqlite else (" ORDER BY e.airstamp, e.id", "")
    timed = _run(session, f"{select} AND e.airstamp >= :start AND e.airstamp < :end{timed_order}", params).fetchall()
    dated = _run(  # unary +: through the air_date index, not the airstamp one
        session,
        f"{select} AND {no_index}e.airstamp IS NULL AND e.air_date >= :d0 AND e.air_date <= :d1 ORDER BY e.id",
        params,
    ).fetchall()
    return [
        DatedEpisode(
            r[0],
            _line(r[1]),
            _line(r[2]) or "",
            as_minutes(r[3]),
            EpisodeView(
                id=r[4],
                season=r[5],
                number=r[6],
                title=_line(r[7]) or "",
                summary="",
                air_date=_date(r[8]),
                airstamp=_utc(r[9]),
                runtime=as_minutes(r[10]),
            ),
        )
        for r in (*timed, *dated)
    ]


def dated_seasons(
    session: Session,
    first_day: date,
    last_day: date,
    states: Iterable[ViewerState],
    series_ids: Iterable[int] | None = None,
) -> list[DatedSeason]:
    """Seasons with a premiere date in the range whose first episode is not listed with a date
    (the date is all that is known yet)."""
    sqlite = session.connection().dialect.name == "sqlite"
    params = {
        "d0": library_sql.bound_day(first_day, sqlite),
        "d1": library_sql.bound_day(last_day, sqlite),
        "states": [ViewerState(s).value for s in states],
    }
    if not params["states"]:
        return []
    flt = _ids_filter("s.id", series_ids, params)
    sql = f"""
        SELECT s.id, s.title, s.network, s.runtime, se.id, se.number, se.premiere
        FROM library_entry le
        JOIN series s ON s.id = le.series_id
        JOIN season se ON se.series_id = le.series_id
        WHERE le.state IN :states AND se.number > 0 AND se.premiere >= :d0 AND se.premiere <= :d1 {flt}
          AND NOT EXISTS (SELECT 1 FROM episode e WHERE e.series_id = se.series_id AND e.season = se.number
                          AND e.number = 1 AND COALESCE(e.airstamp, e.air_date) IS NOT NULL)
    """
    return [
        DatedSeason(r[0], _line(r[1]), _line(r[2]) or "", as_minutes(r[3]), r[4], r[5], premiere)
        for r in _run(session, sql, params)
        if (premiere := _date(r[6])) is not None
    ]  # text that is no date (edited by hand) is left out


def premiere_facts(
    session: Session, first_day: date, last_day: date, states: Iterable[ViewerState]
) -> list[SeriesPremiere]:
    """Followed series not out yet, and those whose premiere falls in the range."""
    sqlite = session.connection().dialect.name == "sqlite"
    params = {
        "d0": library_sql.bound_day(first_day, sqlite),
        "d1": library_sql.bound_day(last_day, sqlite),
        "states": [ViewerState(s).value for s in states],
        "unreleased": [s.value for s in LifecycleStatus if s.is_unreleased],
    }
    if not params["states"]:
        return []
    sql = """
        SELECT s.id, s.title, s.network, s.runtime, s.status, s.premiere, f.name,
               EXISTS (SELECT 1 FROM episode e WHERE e.series_id = s.id AND e.season = 1 AND e.number = 1
                       AND COALESCE(e.airstamp, e.air_date) IS NOT NULL)
        FROM library_entry le
        JOIN series s ON s.id = le.series_id
        LEFT JOIN franchise f ON f.id = s.franchise_id
        WHERE le.state IN :states
          AND (s.status IN :unreleased OR (s.premiere_sort >= :d0 AND s.premiere_sort <= :d1))
    """
    return [
        SeriesPremiere(
            r[0], _line(r[1]), _line(r[2]) or "", as_minutes(r[3]), LifecycleStatus(r[4]), r[5], _line(r[6]), bool(r[7])
        )
        for r in _run(session, sql, params)
    ]


class ScopeSeries(NamedTuple):
    series_id: int
    title: str
    runtime: int | None
    premiere: str | None
    state: ViewerState | None  # None: not followed


def series_in_scope(
    session: Session, series_id: int | None = None, franchise_id: int | None = None
) -> list[ScopeSeries]:
    """One series, or every series of a franchise, with the viewer's state."""
    # sqlmodel types select() for at most 4 columns: this one's rows are untyped
    stmt = select(Series.id, Series.title, Series.runtime, Series.premiere, LibraryEntry.state).join(  # type: ignore[call-overload]
        LibraryEntry, LibraryEntry.series_id == Series.id, isouter=True
    )
    if series_id is not None:
        stmt = stmt.where(Series.id == series_id)
    else:
        stmt = stmt.where(Series.franchise_id == franchise_id)
    return [
        ScopeSeries(i, _line(t), as_minutes(rt), p, ViewerState(st) if st else None)
        for i, t, rt, p, st in session.exec(stmt.order_by(Series.premiere_sort, Series.title))
    ]


def season_premieres(session: Session, series_ids: Iterable[int]) -> list[tuple[int, int, date]]:
    """(series, season number, premiere date) of the regular seasons that have a date."""
    ids = sorted(set(series_ids))
    if not ids:
        return []
    return list(
        session.exec(
            select(not_null(Season.series_id), col(Season.number), not_null(Season.premiere)).where(
                col(Season.series_id).in_(ids), Season.number > 0, col(Season.premiere).is_not(None)
            )
        )
    )


def franchise_name(session: Session, franchise_id: int) -> str | None:
    found = session.get(Franchise, franchise_id)
    return _line(found.name) if found else None


def _moment(value) -> datetime | None:
    """An air time read back from COALESCE(airstamp, air_date): a date alone is 00:00 UTC."""
    if value is None:
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        value = value.isoformat()
    if isinstance(value, str) and len(value) == 10:
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    return _utc(value)


def _kinds(main: str, stored: object) -> tuple[AnnouncementKind, ...]:
    """The stored kinds, main first, each a kind this version knows (an odd value is left out)."""
    kinds = [AnnouncementKind(main)]
    for value in stored if isinstance(stored, list) else ():
        try:
            kind = AnnouncementKind(value)
        except ValueError:
            continue
        if kind not in kinds:
            kinds.append(kind)
    return tuple(kinds)
