"""Alerts: the announcements about followed series as the viewer meets them — newest first,
read or unread, dismissed, muted by series or by kind — plus the alerts the library raises by
itself (a new episode out, a season complete, a premiere within a week) and "Track this
spin-off", which turns a spin-off alert into an announced series linked to its parent.

An alert from the news carries every kind of news found in it (``kinds``, main first; ``kind`` is
the main one, which mutes and counts go by). The viewer can correct it: "Wrong kind?"
(``correct_kinds``) retypes it at once and keeps it as an example the next items are typed by;
"Not about this series" (``not_about``) takes the series off it (the alert goes with its last
series) and keeps the false match, so that the same story is not matched to that series again
(both used by services.feeds).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import String, cast, func, or_
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from watchtracker.domain.dates import PartialDate, partial_date_or_none
from watchtracker.domain.enums import AnnouncementKind, LifecycleStatus, RelationKind, ViewerState
from watchtracker.domain.i18n import translate
from watchtracker.domain.inputs import SeriesInput
from watchtracker.domain.text import clean_text
from watchtracker.errors import ChangedElsewhere, InvalidInput, NotFound
from watchtracker.services.catalog import LIBRARY_SOURCE, CatalogService, _add_relation, join_franchise, joined_changes
from watchtracker.services.changes import Changes
from watchtracker.services.feeds import NEWS_KINDS, kind_examples, news_kind, premiere_for
from watchtracker.services.library import Clock, changed_elsewhere, system_clock
from watchtracker.storage import queries
from watchtracker.storage.database import session_scope, write_first
from watchtracker.storage.library_sql import as_utc
from watchtracker.storage.tables import (
    Announcement,
    AnnouncementSeries,
    Episode,
    FalseMatch,
    KindExample,
    LibraryEntry,
    MutedKind,
    Series,
    SyncState,
    not_null,
    saved_id,
)

K = AnnouncementKind
LIBRARY_CHECKED = "alerts.library_checked"
SOON = timedelta(days=7)
# whose new episodes and complete seasons are worth an alert
_WAITING_STATES = (ViewerState.WATCHING.value, ViewerState.PLAN_TO_WATCH.value, ViewerState.ON_HOLD.value)
# the fingerprints of alerts read from the news (a feed's items, the example's news): only they
# can be corrected
_FROM_NEWS = ("feed:", "example:")


@dataclass(frozen=True)
class AlertRow:
    id: int
    kind: AnnouncementKind
    series: tuple[tuple[int, str], ...]  # (id, title), ordered by title
    headline: str  # every text is clean (domain.text): safe to show, whatever was stored
    summary: str
    source: str
    url: str | None
    published: datetime  # when it was published (never later than when we first saw it; undated: that)
    read: bool
    dismissed: bool
    muted: bool
    reason: str
    premiere: PartialDate | None
    spin_off_title: str | None
    followed: frozenset[int] = frozenset()  # which of ``series`` are followed (only those can be muted)
    published_has_time: bool = True  # False: the news gave its day alone; show ``published``'s date only
    kinds: tuple[AnnouncementKind, ...] = ()  # every kind of news in it, main (``kind``) first; (kind,) if left out
    from_news: bool = False  # read from the news: its kinds and its series can be corrected
    # the row's: read or dismissed based on another can be refused (errors.ChangedElsewhere); not in ==
    version: int = field(default=1, compare=False)

    def __post_init__(self) -> None:
        if not self.kinds or self.kinds[0] is not self.kind:
            object.__setattr__(self, "kinds", (self.kind, *(k for k in self.kinds if k is not self.kind)))

    @property
    def series_titles(self) -> list[str]:
        return [t for _, t in self.series]

    @property
    def other_kinds(self) -> tuple[AnnouncementKind, ...]:
        """The kinds besides the main one."""
        return self.kinds[1:]


@dataclass(frozen=True)
class SpinOffPlan:
    """What "Track this spin-off" proposes; the viewer can change the title and the parent."""

    title: str
    parent_id: int | None
    parents: tuple[tuple[int, str], ...]  # the series the alert is about
    premiere: PartialDate | None
    existing_id: int | None  # a series of that title is in the library already


class AlertService:
    def __init__(self, engine: Engine, clock: Clock = system_clock):
        self.engine = engine
        self.clock = clock

    # -- reading ----------------------------------------------------------------------------
    def alerts(
        self,
        *,
        unread_only: bool = False,
        kind: AnnouncementKind | str | None = None,
        series_id: int | None = None,
        include_dismissed: bool = False,
        include_muted: bool = True,
        limit: int | None = 2_000,
    ) -> list[AlertRow]:
        """Newest first (by publication, or by when we saw it)."""
        with Session(self.engine) as session:
            muted_kinds = self._muted_kinds(session)
            muted_series = _muted_series(session)
            followed = _followed(session)
            when = func.coalesce(queries.announced_at(), Announcement.created_at)  # undated: when seen
            query = select(Announcement).order_by(when.desc(), col(Announcement.id).desc())
            if not include_dismissed:
                query = query.where(Announcement.dismissed == False)  # noqa: E712
            if unread_only:
                query = query.where(Announcement.read == False)  # noqa: E712
            if kind:  # its main kind or any other it carries
                value = AnnouncementKind(kind).value
                # the JSON list's text holds the kind in quotes (a plain LIKE on SQLite and PostgreSQL)
                kinds = cast(col(Announcement.kinds), String)
                query = query.where(or_(col(Announcement.kind) == value, kinds.contains(f'"{value}"', autoescape=True)))
            if series_id is not None:
                query = query.where(
                    col(Announcement.id).in_(
                        select(AnnouncementSeries.announcement_id).where(AnnouncementSeries.series_id == series_id)
                    )
                )
            anns = session.exec(query).all()
            links = _series_of(session, [saved_id(a.id) for a in anns])
            out = []
            for a in anns:
                series = links.get(saved_id(a.id), ())
                muted = _is_muted(a.kind, series, muted_kinds, muted_series, followed)
                if muted and not include_muted:
                    continue
                out.append(_alert(a, series, muted, followed))
                if limit is not None and len(out) >= limit:
                    break
            return out

    def alert(self, alert_id: int) -> AlertRow:
        with Session(self.engine) as session:
            a = session.get(Announcement, alert_id)
            if a is None:
                raise NotFound(translate("AlertService", "There is no alert {id}.").format(id=alert_id))
            series = _series_of(session, [alert_id]).get(alert_id, ())
            followed = _followed(session)
            muted = _is_muted(a.kind, series, self._muted_kinds(session), _muted_series(session), followed)
            return _alert(a, series, muted, followed)

    def alert_series(self) -> list[tuple[int, str]]:
        """The series that have alerts, by title: the choices of the series filter."""
        with Session(self.engine) as session:
            rows = session.exec(
                select(not_null(Series.id), col(Series.title))
                .distinct()
                .join(AnnouncementSeries, col(AnnouncementSeries.series_id) == col(Series.id))
                .join(Announcement, col(Announcement.id) == col(AnnouncementSeries.announcement_id))
                .where(Announcement.dismissed == False)  # noqa: E712
            ).all()
            return sorted(((sid, _line(t)) for sid, t in rows), key=lambda x: x[1].casefold())

    def unread_count(self) -> int:
        """Unread, not dismissed, not muted: the number on the navigation and in the title."""
        return len(self.alerts(unread_only=True, include_muted=False, limit=None))

    # -- changing ---------------------------------------------------------------------------
    def mark_read(
        self, alert_ids: Iterable[int], read: bool = True, *, expected_versions: Mapping[int, int] | None = None
    ) -> Changes:
        """``expected_versions``: alert id -> the version the caller read (AlertRow.version), see ``_set``."""
        return self._set(alert_ids, read=read, expected_versions=expected_versions)

    def mark_all_read(self) -> Changes:
        with session_scope(self.engine) as session:
            anns = session.exec(select(Announcement).where(Announcement.read == False)).all()  # noqa: E712
            for a in anns:
                a.read = True
                session.add(a)
            return Changes(announcements=bool(anns))

    def dismiss(
        self, alert_ids: Iterable[int], dismissed: bool = True, *, expected_versions: Mapping[int, int] | None = None
    ) -> Changes:
        """Gone from Alerts (it stays on its series' timeline); undone with ``dismissed=False``."""
        return self._set(
            alert_ids, dismissed=dismissed, read=True if dismissed else None, expected_versions=expected_versions
        )

    def _set(
        self,
        alert_ids: Iterable[int],
        *,
        read: bool | None = None,
        dismissed: bool | None = None,
        expected_versions: Mapping[int, int] | None = None,
    ) -> Changes:
        """Idempotent: an alert already as asked (read when marked read, dismissed when dismissed)
        is left alone, whatever its version. One that is not, and whose version is not the one in
        ``expected_versions`` (ids left out are not checked), was changed elsewhere since it was
        read: ChangedElsewhere, and none of them is saved."""
        ids = list(alert_ids)
        expected = dict(expected_versions or {})
        with session_scope(self.engine) as session:
            query = select(Announcement).where(col(Announcement.id).in_(ids))
            if expected:
                write_first(session)
                query = query.order_by(col(Announcement.id)).with_for_update()
            anns = session.exec(query).all()
            if len(anns) < len(set(ids)):
                missing = set(ids) - {a.id for a in anns}
                raise NotFound(
                    translate("AlertService", "There is no alert {ids}.").format(
                        ids=", ".join(str(i) for i in sorted(missing))
                    )
                )
            # the field asked for decides: dismissing also marks read, but an alert already
            # dismissed is not dismissed again
            main = "dismissed" if dismissed is not None else "read"
            wanted = dismissed if dismissed is not None else read
            changing = [a for a in anns if getattr(a, main) != wanted]
            for a in changing:
                seen = expected.get(saved_id(a.id))
                if seen is not None and a.version != seen:
                    raise _alert_changed(a, read, dismissed)
            for a in anns:
                if read is not None:
                    a.read = read
                if dismissed is not None:
                    a.dismissed = dismissed
                session.add(a)
            return Changes(announcements=bool(anns))

    def muted_kinds(self) -> set[str]:
        with Session(self.engine) as session:
            return self._muted_kinds(session)

    def muted_series(self) -> set[int]:
        with Session(self.engine) as session:
            return _muted_series(session)

    def mute_kind(self, kind: AnnouncementKind | str, muted: bool = True) -> Changes:
        value = AnnouncementKind(kind).value
        with session_scope(self.engine) as session:
            row = session.get(MutedKind, value)
            if muted and row is None:
                session.add(MutedKind(kind=value))
            elif not muted and row is not None:
                session.delete(row)
        return Changes(announcements=True)

    def mute_series(self, series_id: int, muted: bool = True) -> Changes:
        with session_scope(self.engine) as session:
            entry = session.get(LibraryEntry, series_id)
            if entry is None:
                raise InvalidInput(translate("AlertService", "Only a followed series has alerts to mute."))
            entry.alerts_muted = muted
            session.add(entry)
        return Changes(series=frozenset({series_id}), announcements=True)

    @staticmethod
    def _muted_kinds(session: Session) -> set[str]:
        return set(session.exec(select(MutedKind.kind)).all())

    # -- the viewer's corrections -----------------------------------------------------------
    def correct_kinds(self, alert_id: int, kinds: Sequence[AnnouncementKind | str]) -> Changes:
        """ "Wrong kind?": the alert's kinds are these (main first) from now on, and the item is
        kept as an example that a close headline in a later poll is typed by. The premiere date
        stays (or is read from the news) while a kind that gives one is among them."""
        chosen = _news_kinds(kinds)
        with session_scope(self.engine) as session:
            ann = _news_alert(session, alert_id)
            ann.kind, ann.kinds = chosen[0].value, [k.value for k in chosen]
            published = as_utc(ann.published_at or ann.created_at)
            premiere = premiere_for(chosen, ann.headline, ann.summary, published.date(), _partial(ann.premiere))
            ann.premiere = premiere.to_text() if premiere else None
            if K.SPIN_OFF not in chosen:
                ann.spin_off_title = None
            session.add(ann)
            # the latest correction of the same item is the one kept
            for old in session.exec(
                select(KindExample).where(KindExample.headline == ann.headline, KindExample.summary == ann.summary)
            ).all():
                session.delete(old)
            session.add(
                KindExample(headline=ann.headline, summary=ann.summary, kinds=list(ann.kinds), created_at=self.clock())
            )
            series = _series_of(session, [alert_id]).get(alert_id, ())
        return Changes(series=frozenset(sid for sid, _ in series), announcements=True)

    def not_about(self, alert_id: int, series_id: int) -> Changes:
        """ "Not about this series": the series is taken off the alert (the alert goes when it was
        its last) and the false match is kept: the same story (the same item, or a close headline
        from another feed) is not matched to that series again."""
        with session_scope(self.engine) as session:
            ann = _news_alert(session, alert_id)
            link = session.get(AnnouncementSeries, (alert_id, series_id))
            if link is None:
                raise NotFound(translate("AlertService", "That alert is not about that series."))
            session.delete(link)
            session.add(
                FalseMatch(
                    series_id=series_id, headline=ann.headline, fingerprint=ann.fingerprint, created_at=self.clock()
                )
            )
            session.flush()
            left = session.exec(
                select(AnnouncementSeries.series_id).where(AnnouncementSeries.announcement_id == alert_id)
            ).first()
            if left is None:
                session.delete(ann)
        return Changes(series=frozenset({series_id}), announcements=True)

    def kind_examples(self) -> list[tuple[str, str, tuple[AnnouncementKind, ...]]]:
        """The viewer's kind corrections, oldest first: (headline, summary, kinds)."""
        with Session(self.engine) as session:
            return kind_examples(session)

    def false_matches(self) -> list[tuple[int, str]]:
        """The series the viewer said a story is not about, oldest first: (series id, headline)."""
        with Session(self.engine) as session:
            rows = session.exec(
                select(not_null(FalseMatch.series_id), col(FalseMatch.headline)).order_by(col(FalseMatch.id))
            ).all()
            return [(sid, headline) for sid, headline in rows]

    # -- alerts from the library itself -----------------------------------------------------
    def check_library(self) -> list[int]:
        """New episodes out and seasons complete since the last check (for the series the
        viewer is waiting on), and premieres within a week. The first check only sets the mark:
        years of history are not news."""
        now = self.clock()
        with session_scope(self.engine) as session:
            mark_row = session.get(SyncState, LIBRARY_CHECKED)
            since = _parse_stamp(mark_row.value) if mark_row else None
            added: list[int] = []
            if since is not None and since < now:
                added += _aired_since(session, since, now)
            added += _premieres_soon(session, now)
            stamp = now.astimezone(UTC).isoformat()
            if mark_row is None:
                session.add(SyncState(key=LIBRARY_CHECKED, value=stamp, updated_at=now))
            else:
                mark_row.value, mark_row.updated_at = stamp, now
                session.add(mark_row)
            return added

    # -- spin-offs --------------------------------------------------------------------------
    def spin_off_plan(self, alert_id: int) -> SpinOffPlan:
        row = self.alert(alert_id)
        if row.kind is not K.SPIN_OFF:
            raise InvalidInput(translate("AlertService", "Only a spin-off alert can be tracked as a new series."))
        with Session(self.engine) as session:
            premieres = {
                s.id: s.premiere_sort
                for s in session.exec(select(Series).where(col(Series.id).in_([sid for sid, _ in row.series]))).all()
            }
            title = row.spin_off_title or ""
            existing = _by_title(session, title) if title else None
        # the spin-off is of the original: the earliest of the series the news names
        parents = tuple((sid, t) for sid, t in row.series if sid != existing)
        ordered = sorted(parents, key=lambda p: (premieres.get(p[0]) or date.max, p[1]))
        return SpinOffPlan(
            title=title,
            parent_id=ordered[0][0] if ordered else None,
            parents=parents,
            premiere=row.premiere,
            existing_id=existing,
        )

    def track_spin_off(
        self,
        alert_id: int,
        title: str,
        parent_id: int | None,
        premiere: str = "",
        catalog: CatalogService | None = None,
    ) -> tuple[int, Changes]:
        """Create the announced series (or follow the one of that title already there), spin-off
        of ``parent_id`` and so in its franchise, with the alert on its timeline."""
        row = self.alert(alert_id)
        if row.kind is not K.SPIN_OFF:
            raise InvalidInput(translate("AlertService", "Only a spin-off alert can be tracked as a new series."))
        title = (title or "").strip()
        if not title:
            raise InvalidInput(translate("AlertService", "Give the spin-off's title."))
        catalog = catalog or CatalogService(self.engine)
        with Session(self.engine) as session:
            existing = _by_title(session, title)
            parent = session.get(Series, parent_id) if parent_id is not None else None
            if parent_id is not None and parent is None:
                raise NotFound(translate("AlertService", "The series it spins off from is no longer in the library."))
            network = parent.network if parent else ""
        if existing is None:
            sid, changes = catalog.add_series(
                SeriesInput(
                    title=title,
                    status=LifecycleStatus.ANNOUNCED,
                    premiere=premiere or "",
                    network=network,
                    overview=row.summary[:2_000] if row.summary else row.headline,
                    relation_kind=RelationKind.SPIN_OFF_OF if parent_id is not None else None,
                    related_series_id=parent_id,
                    follow_state=ViewerState.PLAN_TO_WATCH,
                )
            )
        else:
            sid, changes = existing, Changes(series=frozenset({existing}), added=frozenset({existing}))
        joined = None
        with session_scope(self.engine) as session:
            if existing is not None:
                if session.get(LibraryEntry, sid) is None:
                    session.add(LibraryEntry(series_id=sid, state=ViewerState.PLAN_TO_WATCH.value))
                if parent is not None and parent_id is not None and sid != parent_id:
                    _add_relation(session, sid, RelationKind.SPIN_OFF_OF, parent_id, if_missing=True)
                    series = session.get(Series, sid)
                    if series is not None and series.franchise_id is None and parent.franchise_id is not None:
                        joined = join_franchise(session, sid, parent.franchise_id, now=self.clock())
            if session.get(AnnouncementSeries, (alert_id, sid)) is None:
                session.add(AnnouncementSeries(announcement_id=alert_id, series_id=sid))
            ann = session.get(Announcement, alert_id)
            if ann is not None:  # deleted meanwhile (it was there a moment ago)
                ann.read = True
                session.add(ann)
        return sid, changes | joined_changes(joined) | Changes(
            series=frozenset({sid} | ({parent_id} if parent_id else set())), announcements=True
        )


# -- helpers -----------------------------------------------------------------------------------


def _news_kinds(kinds: Sequence[AnnouncementKind | str]) -> tuple[AnnouncementKind, ...]:
    """The kinds the viewer chose, each once, main first; InvalidInput for none, or one that is
    not a kind of news."""
    chosen: list[AnnouncementKind] = []
    for value in kinds:
        kind = news_kind(value)
        if kind is None:
            raise InvalidInput(translate("AlertService", "{kind} is not a kind of news.").format(kind=repr(str(value))))
        if kind not in chosen:
            chosen.append(kind)
    if not chosen:
        raise InvalidInput(translate("AlertService", "Choose at least one kind."))
    return tuple(chosen)


def _news_alert(session: Session, alert_id: int) -> Announcement:
    ann = session.get(Announcement, alert_id)
    if ann is None:
        raise NotFound(translate("AlertService", "There is no alert {id}.").format(id=alert_id))
    if not ann.fingerprint.startswith(_FROM_NEWS):
        raise InvalidInput(translate("AlertService", "Only an alert from the news can be corrected."))
    return ann


def _kinds_of(a: Announcement, main: AnnouncementKind) -> tuple[AnnouncementKind, ...]:
    """Its stored kinds, main first, each once; a kind this version does not know is left out."""
    out = [main]
    for value in a.kinds or ():
        try:
            kind = AnnouncementKind(value)
        except ValueError:
            continue
        if kind not in out:
            out.append(kind)
    return tuple(out)


def _alert_changed(a: Announcement, read: bool | None, dismissed: bool | None) -> ChangedElsewhere:
    def state(is_read: bool, is_dismissed: bool) -> str:
        if is_dismissed:
            return translate("AlertService", "dismissed")
        return translate("AlertService", "read") if is_read else translate("AlertService", "unread")

    theirs = state(a.read, a.dismissed)
    mine = state(a.read if read is None else read, bool(dismissed))
    what = translate("AlertService", "The alert “{headline}”").format(headline=_line(a.headline))
    differences = ((translate("AlertService", "Alert"), theirs, mine),)
    return changed_elsewhere(what, a.version, differences, {"id": a.id, "read": a.read, "dismissed": a.dismissed})


def _line(value: str | None) -> str:
    """One line of safe text; only what is unsafe (or a line break) changes."""
    return clean_text(value, multiline=False)


def _alert(
    a: Announcement, series: tuple[tuple[int, str], ...], muted: bool, followed: set[int] | frozenset[int] = frozenset()
) -> AlertRow:
    try:
        kind = AnnouncementKind(a.kind)
    except ValueError:
        kind = K.NEWS
    # what a feed or an older version stored is cleaned here, once, for every view (the window,
    # notifications, the CLI)
    return AlertRow(
        id=saved_id(a.id),
        kind=kind,
        series=series,
        headline=_line(a.headline),
        summary=clean_text(a.summary),
        source=_line(a.source),
        url=a.url,
        published=queries.announced(a.published_at, a.created_at, a.published_has_time) or as_utc(a.created_at),
        read=a.read,
        dismissed=a.dismissed,
        muted=muted,
        reason=_line(a.reason),
        premiere=_partial(a.premiere),
        spin_off_title=_line(a.spin_off_title) or None,
        followed=frozenset(sid for sid, _ in series if sid in followed),
        published_has_time=a.published_has_time or a.published_at is None,  # undated: when we saw it
        kinds=_kinds_of(a, kind),
        from_news=a.fingerprint.startswith(_FROM_NEWS),
        version=a.version,
    )


def _partial(text: str | None) -> PartialDate | None:
    try:
        return partial_date_or_none(text)
    except ValueError:
        return None


def _series_of(session: Session, ids: Sequence[int]) -> dict[int, tuple[tuple[int, str], ...]]:
    out: dict[int, list[tuple[int, str]]] = {}
    for chunk in range(0, len(ids), 900):
        rows = session.exec(
            select(not_null(AnnouncementSeries.announcement_id), not_null(Series.id), col(Series.title))
            .join(Series, col(Series.id) == col(AnnouncementSeries.series_id))
            .where(col(AnnouncementSeries.announcement_id).in_(ids[chunk : chunk + 900]))
        ).all()
        for aid, sid, title in rows:
            out.setdefault(aid, []).append((sid, _line(title)))
    return {aid: tuple(sorted(v, key=lambda x: x[1].casefold())) for aid, v in out.items()}


def _is_muted(kind: str, series, muted_kinds: set[str], muted_series: set[int], followed: set[int]) -> bool:
    """Muted by its kind, or when every followed series it is about is muted (a series nobody
    follows cannot be muted, so it does not keep an alert loud)."""
    if kind in muted_kinds:
        return True
    mine = [sid for sid, _ in series if sid in followed]
    return bool(mine) and all(sid in muted_series for sid in mine)


def _followed(session: Session) -> set[int]:
    return set(session.exec(select(not_null(LibraryEntry.series_id))).all())


def _muted_series(session: Session) -> set[int]:
    return set(session.exec(select(not_null(LibraryEntry.series_id)).where(LibraryEntry.alerts_muted == True)).all())  # noqa: E712


def _by_title(session: Session, title: str) -> int | None:
    """The series of that title or alias, compared as the catalogue compares titles (case and
    runs of spaces do not count), so a title the catalogue would refuse as a duplicate is found."""

    def norm(text: str) -> str:
        return " ".join(text.split()).casefold()

    key = norm(title)
    for sid, t, aliases in session.exec(select(Series.id, Series.title, Series.aliases)).all():
        if norm(t) == key or any(norm(a) == key for a in aliases or ()):
            return sid
    return None


def _parse_stamp(value: str) -> datetime | None:
    try:
        got = datetime.fromisoformat(value)
    except ValueError:
        return None
    return got if got.tzinfo else got.replace(tzinfo=UTC)


def _aired_at(e: Episode) -> datetime | None:
    if e.airstamp is not None:
        return e.airstamp if e.airstamp.tzinfo else e.airstamp.replace(tzinfo=UTC)
    if e.air_date is not None:  # date only: out by the end of that day
        return datetime.combine(e.air_date, datetime.max.time(), UTC)
    return None


def _record(
    session: Session,
    fingerprint: str,
    kind: AnnouncementKind,
    headline: str,
    series_id: int,
    when: datetime,
    now: datetime,
) -> int | None:
    if session.exec(select(Announcement.id).where(Announcement.fingerprint == fingerprint)).first():
        return None
    ann = Announcement(
        kind=kind.value,
        headline=headline,
        source=LIBRARY_SOURCE,
        url=None,
        published_at=when,
        fingerprint=fingerprint,
        created_at=now,
        reason="you follow it",
    )
    session.add(ann)
    session.flush()
    session.add(AnnouncementSeries(announcement_id=ann.id, series_id=series_id))
    return ann.id


def _aired_since(session: Session, since: datetime, now: datetime) -> list[int]:
    # a generous window in SQL (dates), the exact instant in Python
    rows = session.exec(
        select(Episode, col(Series.title), col(LibraryEntry.state))
        .join(Series, col(Series.id) == col(Episode.series_id))
        .join(LibraryEntry, col(LibraryEntry.series_id) == col(Episode.series_id))
        .where(
            col(LibraryEntry.state).in_(_WAITING_STATES),
            Episode.season > 0,
            col(Episode.air_date) >= since.date() - timedelta(days=1),
            col(Episode.air_date) <= now.date() + timedelta(days=1),
        )
    ).all()
    fresh: dict[int, list[Episode]] = {}
    titles: dict[int, str] = {}
    for e, title, _state in rows:
        aired = _aired_at(e)
        if aired is not None and since < aired <= now:
            fresh.setdefault(saved_id(e.series_id), []).append(e)
            titles[saved_id(e.series_id)] = title
    added: list[int] = []
    for sid, episodes in fresh.items():
        episodes.sort(key=lambda e: (e.season, e.number))
        last = episodes[-1]
        code = f"S{last.season:02d}E{last.number:02d}"
        if len(episodes) == 1:
            name = f" “{last.title}”" if last.title else ""
            headline = f"{titles[sid]}: {code}{name} is out"
        else:
            first = episodes[0]
            headline = (
                f"{titles[sid]}: {len(episodes)} new episodes are out (S{first.season:02d}E{first.number:02d}–{code})"
            )
        got = _record(session, f"aired:{sid}:{last.id}", K.EPISODE_AIRED, headline, sid, _aired_at(last) or now, now)
        if got:
            added.append(got)
        for season in sorted({e.season for e in episodes}):
            got = _season_complete(session, sid, titles[sid], season, now)
            if got:
                added.append(got)
    return added


def _season_complete(session: Session, sid: int, title: str, season: int, now: datetime) -> int | None:
    from watchtracker.storage.tables import Season

    episodes = session.exec(select(Episode).where(Episode.series_id == sid, Episode.season == season)).all()
    if not episodes:
        return None
    aired = [a for e in episodes if (a := _aired_at(e)) is not None]
    if len(aired) < len(episodes) or any(a > now for a in aired):
        return None
    order = session.exec(select(Season.episode_order).where(Season.series_id == sid, Season.number == season)).first()
    if isinstance(order, int) and len(episodes) < order:  # an older version stored it unchecked
        return None  # TVmaze says more are coming
    hours = sum(queries.as_minutes(e.runtime) or 0 for e in episodes) / 60
    length = f", {hours:.0f} h" if hours >= 1 else ""
    headline = f"{title}: season {season} is complete — {len(episodes)} episodes{length}, ready to binge"
    return _record(session, f"complete:{sid}:{season}", K.SEASON_COMPLETE, headline, sid, max(aired), now)


def _premieres_soon(session: Session, now: datetime) -> list[int]:
    horizon = now + SOON
    added: list[int] = []
    # season premieres: episode 1 of a season airing within the week
    rows = session.exec(
        select(Episode, col(Series.title))
        .join(Series, col(Series.id) == col(Episode.series_id))
        .join(LibraryEntry, col(LibraryEntry.series_id) == col(Episode.series_id))
        .where(
            LibraryEntry.state != ViewerState.DROPPED.value,
            Episode.number == 1,
            Episode.season > 0,
            col(Episode.air_date) >= now.date() - timedelta(days=1),
            col(Episode.air_date) <= horizon.date() + timedelta(days=1),
        )
    ).all()
    for e, title in rows:
        when = e.airstamp if e.airstamp is not None else None
        when = when if when is None or when.tzinfo else when.replace(tzinfo=UTC)
        day = e.air_date
        if day is None:  # not so: the query asks for a date
            continue
        if when is not None and not (now < when <= horizon):
            continue
        if when is None and not (now.date() <= day <= horizon.date()):
            continue
        what = "premieres" if e.season == 1 else f"season {e.season} premieres"
        headline = f"{title} {what} {_day_phrase(day, now.date())}"
        got = _record(
            session,
            f"soon:{e.series_id}:{e.season}:{day.isoformat()}",
            K.PREMIERE_SOON,
            headline,
            saved_id(e.series_id),
            now,
            now,
        )
        if got:
            added.append(got)
    # announced series with an exact premiere day and no episodes listed yet
    announced = session.exec(
        select(not_null(Series.id), col(Series.title), not_null(Series.premiere_sort), col(Series.premiere_precision))
        .join(LibraryEntry, col(LibraryEntry.series_id) == col(Series.id))
        .where(
            LibraryEntry.state != ViewerState.DROPPED.value,
            col(Series.premiere_sort) >= now.date(),
            col(Series.premiere_sort) <= horizon.date(),
            Series.premiere_precision == "day",
        )
    ).all()
    for sid, title, day, _ in announced:
        if session.exec(select(Episode.id).where(Episode.series_id == sid, Episode.season == 1)).first():
            continue  # its episode 1 spoke above
        headline = f"{title} premieres {_day_phrase(day, now.date())}"
        got = _record(session, f"soon:{sid}:1:{day.isoformat()}", K.PREMIERE_SOON, headline, sid, now, now)
        if got:
            added.append(got)
    return added


def _day_phrase(day: date, today: date) -> str:
    delta = (day - today).days
    if delta <= 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    return f"on {day.strftime('%A')} {day.day} {day.strftime('%B')}"


__all__ = ["AlertService", "AlertRow", "SpinOffPlan", "LIBRARY_SOURCE", "NEWS_KINDS"]
