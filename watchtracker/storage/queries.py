"""Read queries. The library comes back in one statement, whatever its size."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timezone

from sqlalchemy import bindparam, text
from sqlmodel import Session, col, func, or_, select

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
    EpisodeCode,
    EpisodeView,
    LibraryRow,
    NextEpisode,
    RelatedSeries,
    SeasonView,
    SeriesDetail,
)
from watchtracker.storage import library_sql
from watchtracker.storage.library_sql import as_date as _date
from watchtracker.storage.library_sql import as_utc as _utc
from watchtracker.storage.tables import (
    Announcement,
    AnnouncementSeries,
    Credit,
    Episode,
    Franchise,
    LibraryEntry,
    Person,
    Relation,
    Season,
    Series,
    Viewing,
)

def library_rows(
    session: Session, now: datetime, today: date, series_ids: Iterable[int] | None = None
) -> list[LibraryRow]:
    """Every followed series (or just ``series_ids``) with progress and next episode."""
    params = library_sql.params(now, today)
    inner = outer = ""
    if series_ids is not None:
        ids = sorted(set(series_ids))
        if not ids:
            return []
        params["ids"] = ids
        inner = "AND e.series_id IN :ids"
        outer = "AND s.id IN :ids"
    stmt = text(library_sql.LIBRARY_SQL.format(series_filter=inner, outer_filter=outer))
    if series_ids is not None:
        stmt = stmt.bindparams(bindparam("ids", expanding=True))
    return [library_sql.to_row(r) for r in session.connection().execute(stmt, params)]


def episodes_with_plays(session: Session, series_id: int) -> list[EpisodeView]:
    """Plain rows, not ORM objects: a long series has hundreds of episodes."""
    stmt = text(
        """
        SELECT e.id, e.season, e.number, e.title, e.summary, e.air_date, e.airstamp, e.runtime,
               COUNT(v.id), MAX(v.watched_at)
        FROM episode e LEFT JOIN viewing v ON v.episode_id = e.id
        WHERE e.series_id = :sid
        GROUP BY e.id
        ORDER BY e.season, e.number
        """
    )
    return [
        EpisodeView(
            id=r[0], season=r[1], number=r[2], title=r[3] or "", summary=r[4] or "",
            air_date=_date(r[5]), airstamp=_utc(r[6]), runtime=r[7], plays=r[8],
            last_watched=_utc(r[9]),
        )
        for r in session.connection().execute(stmt, {"sid": series_id})
    ]


def series_detail(session: Session, series_id: int) -> SeriesDetail | None:
    series = session.get(Series, series_id)
    if series is None:
        return None
    entry = session.get(LibraryEntry, series_id)
    franchise = session.get(Franchise, series.franchise_id) if series.franchise_id else None

    episodes = episodes_with_plays(session, series_id)
    season_rows = {
        s.number: s for s in session.exec(select(Season).where(Season.series_id == series_id))
    }
    by_season: dict[int, list[EpisodeView]] = {}
    for e in episodes:
        by_season.setdefault(e.season, []).append(e)
    numbers = sorted(set(by_season) | set(season_rows), key=lambda n: (n == 0, n))
    seasons = tuple(
        SeasonView(
            number=n,
            name=season_rows[n].name if n in season_rows else "",
            episodes=tuple(by_season.get(n, ())),
        )
        for n in numbers
    )

    cast = tuple(
        CastCredit(person=p.name, character=c.character)
        for c, p in session.exec(
            select(Credit, Person)
            .join(Person, Person.id == Credit.person_id)
            .where(Credit.series_id == series_id)
            .order_by(Credit.position, Credit.id)
        )
    )
    return SeriesDetail(
        id=series.id,
        title=series.title,
        aliases=tuple(series.aliases or ()),
        overview=series.overview,
        status=LifecycleStatus(series.status),
        premiere=partial_date_or_none(series.premiere),
        ended=partial_date_or_none(series.ended),
        network=series.network,
        country=series.country,
        language=series.language,
        genres=tuple(series.genres or ()),
        content_rating=series.content_rating,
        runtime=series.runtime,
        poster_path=series.poster_path,
        external_ids=external_ids(series),
        franchise=franchise.name if franchise else None,
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
        select(Relation).where(
            or_(Relation.from_series_id == series_id, Relation.to_series_id == series_id)
        )
    ).all()
    parents = {(r.to_series_id, r.kind) for r in rels if r.from_series_id == series_id}
    siblings = []
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
        session.exec(select(Series.id).where(Series.franchise_id == franchise.id, Series.id != series_id)).all()
        if franchise else []
    )
    wanted = (
        {r.to_series_id if r.from_series_id == series_id else r.from_series_id for r in rels}
        | {r.from_series_id for r in siblings} | {r.to_series_id for r in siblings} | set(mates)
    )
    others = {s.id: s for s in session.exec(select(Series).where(col(Series.id).in_(wanted)))}
    followed = set(
        session.exec(select(LibraryEntry.series_id).where(col(LibraryEntry.series_id).in_(wanted)))
    )

    def entry(other: Series, kind: str, outgoing: bool, via: str | None = None) -> RelatedSeries:
        return RelatedSeries(
            series_id=other.id,
            title=other.title,
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
            seen.add(r.from_series_id)
            indirect.append(entry(others[r.from_series_id], r.kind, True, via=others[r.to_series_id].title))
    for sid in mates:
        if sid not in seen:
            seen.add(sid)
            indirect.append(entry(others[sid], RelationKind.SAME_UNIVERSE, True, via=franchise.name))
    indirect.sort(key=_by_premiere)
    return direct + indirect


def _by_premiere(r: RelatedSeries):
    return (r.premiere.earliest() if r.premiere else date.max, r.title)


def announcements_for(session: Session, series_id: int) -> list[AnnouncementView]:
    anns = session.exec(
        select(Announcement)
        .join(AnnouncementSeries, AnnouncementSeries.announcement_id == Announcement.id)
        .where(AnnouncementSeries.series_id == series_id)
        .order_by(col(Announcement.published_at).desc())
    ).all()
    if not anns:
        return []
    titles: dict[int, list[str]] = {}
    for ann_id, title in session.exec(
        select(AnnouncementSeries.announcement_id, Series.title)
        .join(Series, Series.id == AnnouncementSeries.series_id)
        .where(col(AnnouncementSeries.announcement_id).in_([a.id for a in anns]))
        .order_by(Series.title)
    ):
        titles.setdefault(ann_id, []).append(title)
    return [
        AnnouncementView(
            id=a.id,
            kind=AnnouncementKind(a.kind),
            headline=a.headline,
            summary=a.summary,
            source=a.source,
            url=a.url,
            published=_utc(a.published_at),
            read=a.read,
            dismissed=a.dismissed,
            series=tuple(titles.get(a.id, ())),
        )
        for a in anns
    ]


def find_series(session: Session, title: str) -> list[tuple[int, str]]:
    """Series whose title or alias is ``title`` (case-insensitive); failing that, those that
    contain it. More than one result means the title is ambiguous."""
    needle = title.strip().casefold()
    if not needle:
        return []
    all_series = session.exec(select(Series.id, Series.title, Series.aliases)).all()
    exact = [
        (i, t) for i, t, aliases in all_series
        if needle == t.casefold() or needle in {a.casefold() for a in aliases or ()}
    ]
    if exact:
        return exact
    return [(i, t) for i, t, _ in all_series if needle in t.casefold()]
