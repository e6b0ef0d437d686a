"""Online metadata: find a series on TVmaze, follow it with its seasons, episodes and cast, link a
series added by hand to its TVmaze entry, and refresh what changed, turning the differences that
matter into announcements.

Network first, then one short transaction: a failed request changes nothing.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, delete, select

from watchtracker.domain.enums import AnnouncementKind, LifecycleStatus, ViewerState
from watchtracker.domain.i18n import translate
from watchtracker.errors import (
    Ambiguous,
    BadResponse,
    Interrupted,
    InvalidInput,
    NetworkDown,
    NotFound,
    NotFoundOnline,
    ProviderError,
    TookTooLong,
)
from watchtracker.providers.tvmaze import NAME, OnlineEpisode, OnlineShow, SearchResult, TvmazeClient
from watchtracker.services.cancel import Cancel, check_stopped, stopped, waits_cancelled_by
from watchtracker.services.changes import Changes
from watchtracker.services.pace import Pace, no_pace
from watchtracker.storage.database import session_scope
from watchtracker.storage.files import write_atomically
from watchtracker.storage.jobs import REFRESH, shared_job
from watchtracker.storage.queries import as_minutes
from watchtracker.storage.tables import (
    Announcement,
    AnnouncementSeries,
    Credit,
    Episode,
    LibraryEntry,
    Person,
    Season,
    Series,
    SyncState,
    Viewing,
    not_null,
    saved_id,
    utcnow,
)

log = logging.getLogger(__name__)

LAST_REFRESH = "tvmaze.last_refresh"
MAX_POSTER_BYTES = 3_000_000
MAX_THUMB_BYTES = 500_000


def _image_suffix(data: bytes) -> str | None:
    """Trust the bytes, not the URL: JPEG, PNG or WebP, or nothing."""
    if data.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    return None


Progress = Callable[[int, int, str], None]  # done, total, what


@dataclass(frozen=True)
class FoundChange:
    series_id: int
    kind: AnnouncementKind
    headline: str
    fingerprint: str


@dataclass
class RefreshReport:
    checked: int = 0  # followed series that TVmaze knows
    requests: int = 0
    updated: list[str] = field(default_factory=list)  # titles re-fetched
    announcements: list[FoundChange] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # one-line reasons, per show
    changes: Changes = field(default_factory=Changes)
    # the library is on a server and another computer is refreshing it now: nothing was asked here
    elsewhere: bool = False


class OnlineService:
    def __init__(
        self,
        engine: Engine,
        tvmaze: TvmazeClient,
        clock: Callable[[], datetime] | None = None,
        posters: Path | None = None,
    ):
        self.engine = engine
        self.tvmaze = tvmaze
        self.clock = clock or (lambda: datetime.now(UTC))
        self.posters = posters  # the cache folder for poster images; None: no posters

    # -- posters -----------------------------------------------------------------------------
    def thumbnail(self, url: str) -> str | None:
        """A search result's small poster, fetched once into the cache; None if it is not an
        image or cannot be had (the window draws a placeholder)."""
        if self.posters is None or not url:
            return None
        folder = self.posters / "thumbs"
        name = hashlib.sha1(url.encode("utf-8")).hexdigest()
        for known in (".jpg", ".png", ".webp"):
            if (folder / f"{name}{known}").is_file():
                return str(folder / f"{name}{known}")
        try:
            # the address came in a TVmaze answer: public, or TVmaze's own host:port
            data = self.tvmaze.http.get_bytes(
                url, what="The poster server", max_bytes=MAX_THUMB_BYTES, trust_url=False, trusted=(self.tvmaze.url,)
            )
        except ProviderError:
            return None
        suffix = _image_suffix(data)
        if suffix is None:
            return None
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{name}{suffix}"
        write_atomically(target, data)
        return str(target)

    def fetch_posters(self, series_ids: Iterable[int] | None = None, limit: int = 50, cancel: Cancel = None) -> Changes:
        """Download posters not in the cache yet (each once); a broken one is skipped, and the
        window draws a placeholder instead. ``cancel`` set (the window closing) or the client
        closed: the posters that came are kept, the others are asked for next time."""

        if self.posters is None:
            return Changes()
        with Session(self.engine) as session:
            stmt = select(not_null(Series.id), not_null(Series.poster_url)).where(
                col(Series.poster_url).is_not(None), col(Series.poster_path).is_(None)
            )
            if series_ids is not None:
                stmt = stmt.where(col(Series.id).in_(list(series_ids)))
            todo = list(session.exec(stmt.limit(limit)))
        done: dict[int, str] = {}
        with waits_cancelled_by(self.tvmaze.http, cancel):
            for sid, url in todo:
                if stopped(cancel, self.tvmaze.http):
                    break
                try:
                    # the address came in a TVmaze answer: public, or TVmaze's own host:port
                    data = self.tvmaze.http.get_bytes(
                        url,
                        what="The poster server",
                        max_bytes=MAX_POSTER_BYTES,
                        trust_url=False,
                        trusted=(self.tvmaze.url,),
                    )
                except Interrupted:  # a wait for the rate limit, cut short by the close
                    break
                except NetworkDown as exc:  # down or dripping: the others wait for the next time
                    log.info("posters not fetched: %s", exc)
                    break
                except ProviderError as exc:
                    log.info("poster for series %s not fetched: %s", sid, exc)
                    continue
                suffix = _image_suffix(data)
                if suffix is None:  # not asked again until TVmaze gives another address
                    log.info("poster for series %s is not an image; skipped", sid)
                    done[sid] = ""
                    continue
                self.posters.mkdir(parents=True, exist_ok=True)
                target = self.posters / f"series-{sid}{suffix}"
                write_atomically(target, data)
                done[sid] = str(target)
        if not done:
            return Changes()
        with session_scope(self.engine) as session:
            for sid, path in done.items():
                series = session.get(Series, sid)
                if series is not None:
                    series.poster_path = path
                    session.add(series)
        return Changes(series=frozenset(sid for sid, path in done.items() if path))

    # -- finding -----------------------------------------------------------------------------
    def search(self, query: str) -> list[SearchResult]:
        query = " ".join((query or "").split())
        if not query:
            raise InvalidInput(translate("OnlineService", "Type part of a title to search for."))
        return self.tvmaze.search(query)

    def best_match(self, query: str) -> SearchResult:
        """The one result a query means: an exact title match, or a clear winner; else Ambiguous."""
        results = self.search(query)
        if not results:
            raise NotFound(
                translate("OnlineService", "{service} knows no series matching {query}.").format(
                    service=NAME, query=repr(query)
                )
            )
        exact = [r for r in results if r.show.title.casefold() == query.strip().casefold()]
        if len(exact) == 1:
            return exact[0]
        if len(results) == 1 or (not exact and results[0].score >= 1.5 * results[1].score):
            return results[0]
        candidates = exact or results
        raise Ambiguous(query, [(r.show.tvmaze_id, _describe(r.show)) for r in candidates[:10]])

    # -- following ---------------------------------------------------------------------------
    def start_follow(self, show: OnlineShow) -> tuple[int, Changes]:
        """Follow a search result at once, with what the search told (no network): the library
        row appears now, and ``follow`` fills in its seasons and episodes."""
        with session_scope(self.engine) as session:
            series = session.exec(select(Series).where(Series.tvmaze_id == show.tvmaze_id)).first()
            if series is None:
                series = _match_by_external_ids(session, show)
                if series is not None:  # known by another id: link it, fill it in later
                    series.tvmaze_id = show.tvmaze_id
                    series.remote_updated = None
                    session.add(series)
                    session.flush()
            if series is None:
                series = Series(title=show.title)
                _apply_show(session, series, show, complete=False)
                series.remote_updated = None  # not fetched in full yet: the next refresh will
                session.add(series)
            sid = saved_id(series.id)  # flushed by _apply_show
            added = session.get(LibraryEntry, sid) is None
            if added:
                session.add(LibraryEntry(series_id=sid, state=ViewerState.PLAN_TO_WATCH.value))
        return sid, Changes(series=frozenset({sid}), added=frozenset({sid}) if added else frozenset())

    def follow(self, tvmaze_id: int, progress: Progress | None = None) -> tuple[int, Changes]:
        """Import a show (or update it if already known) and follow it."""
        if progress:
            progress(0, 1, translate("OnlineService", "Fetching from {service}…").format(service=NAME))
        show = self.tvmaze.show(tvmaze_id)
        with session_scope(self.engine) as session:
            series = _series_for(session, show)
            _apply_and_announce(session, series, show, self.clock().date())  # always: follow also updates
            sid = saved_id(series.id)  # flushed by _apply_show
            added = session.get(LibraryEntry, sid) is None
            if added:
                session.add(LibraryEntry(series_id=sid, state=ViewerState.PLAN_TO_WATCH.value))
        if progress:
            progress(1, 1, translate("OnlineService", "Followed {title}.").format(title=show.title))
        return sid, Changes(series=frozenset({sid}), added=frozenset({sid}) if added else frozenset())

    def link(self, series_id: int, tvmaze_id: int) -> Changes:
        """ "Find online" for a series added by hand: fill it from TVmaze, keeping its history,
        notes and relations (and its own title as an alias, if TVmaze calls it otherwise)."""
        show = self.tvmaze.show(tvmaze_id)
        with session_scope(self.engine) as session:
            series = session.get(Series, series_id)
            if series is None:
                raise NotFound(translate("OnlineService", "There is no series with id {id}.").format(id=series_id))
            other = session.exec(select(Series).where(Series.tvmaze_id == show.tvmaze_id)).first()
            if other is not None and other.id != series_id:
                raise InvalidInput(
                    translate("OnlineService", "{title} is already linked to that {service} entry.").format(
                        title=other.title, service=NAME
                    )
                )
            _apply_and_announce(session, series, show, self.clock().date())
        return Changes.of(series_id)

    # -- refreshing --------------------------------------------------------------------------
    def refresh(self, progress: Progress | None = None, cancel: Cancel = None) -> RefreshReport:
        """Ask TVmaze which followed series changed since the last refresh; re-fetch only those;
        record what matters to a viewer as announcements. A network failure changes nothing.

        ``cancel`` set (the window closing), or the client closed under it: the refresh stops at
        the next show (a wait for TVmaze's rate limit ends at once) and raises Interrupted having
        written nothing: no show marked to be asked again, no refresh recorded as made. With the
        library on a server that another computer is refreshing now, nothing is asked
        (``RefreshReport.elsewhere``): its changes reach this window as they are written."""
        with shared_job(self.engine, REFRESH) as ours:  # one computer at a time on a shared library
            if not ours:
                return RefreshReport(elsewhere=True)
            with waits_cancelled_by(self.tvmaze.http, cancel):
                return self._refresh(progress, cancel)

    def _refresh(self, progress: Progress | None, cancel: Cancel) -> RefreshReport:
        http = self.tvmaze.http
        check_stopped(cancel, http)
        report = RefreshReport()
        before_requests = http.requests_sent
        pace = Pace.of(progress)
        pace()
        with Session(self.engine) as session:
            followed = {
                tid: (sid, upd)
                for sid, tid, upd in session.exec(
                    select(not_null(Series.id), not_null(Series.tvmaze_id), col(Series.remote_updated))
                    .join(LibraryEntry, col(LibraryEntry.series_id) == col(Series.id))
                    .where(col(Series.tvmaze_id).is_not(None))
                )
            }
            last = session.get(SyncState, LAST_REFRESH)
        report.checked = len(followed)
        if not followed:
            return report
        now = self.clock()
        last_at = _moment(last.value) if last else None
        if last_at is not None and now - last_at < timedelta(days=29):
            since = (
                "day"
                if now - last_at < timedelta(hours=23)
                else "week"
                if now - last_at < timedelta(days=6)
                else "month"
            )
            if progress:
                progress(0, 1, translate("OnlineService", "Asking {service} what changed…").format(service=NAME))
            try:
                updates = self.tvmaze.updates(since)
            except ProviderError:
                check_stopped(cancel, http)  # the close's doing, not TVmaze's
                raise
            pace()
            # changed since we fetched them, or never fetched in full (followed while offline)
            todo = [tid for tid, (_, upd) in followed.items() if upd is None or (tid in updates and updates[tid] > upd)]
        else:
            todo = list(followed)  # first refresh, or too long ago for the update feed
        shows: list[OnlineShow] = []
        skipped_ids: list[int] = []
        later_ids: list[int] = []  # not asked this time (TVmaze too slow): asked next time
        slow = 0  # answers in a row that took longer than the deadline
        for i, tid in enumerate(todo):
            if progress:
                progress(
                    i,
                    len(todo),
                    translate("OnlineService", "Fetching {number} of {total} from {service}…").format(
                        number=i + 1, total=len(todo), service=NAME
                    ),
                )
            pace()
            check_stopped(cancel, http)  # cancelled: the shows not fetched yet are left as they are
            try:
                shows.append(self.tvmaze.show(tid))
            except Interrupted:
                raise  # cancelled: nothing is changed
            except TookTooLong as exc:  # one dripping answer does not hold up the others...
                check_stopped(cancel, http)
                report.skipped.append(f"{NAME} #{tid}: {exc} It will be asked again.")
                skipped_ids.append(tid)
                slow += 1
                if slow == 2 and i + 1 < len(todo):  # ...but two in a row: a deadline each is enough
                    later_ids = todo[i + 1 :]
                    rest = "the last one is" if len(later_ids) == 1 else f"the other {len(later_ids)} are"
                    report.skipped.append(
                        f"{NAME} answered two series in a row too slowly: {rest} left for the next refresh."
                    )
                    break
                continue
            except (BadResponse, NotFoundOnline) as exc:  # one odd show does not hold up the others
                check_stopped(cancel, http)
                report.skipped.append(f"{NAME} #{tid}: {exc}")
                skipped_ids.append(tid)
            except ProviderError:
                check_stopped(cancel, http)
                raise  # down, refusing: nothing is changed
            except Exception:  # noqa: BLE001 - a bug reading one answer: that show only
                check_stopped(cancel, http)  # e.g. the client closed under it: not the show's fault
                log.exception("refresh: reading %s #%s failed", NAME, tid)
                report.skipped.append(f"{NAME} #{tid}: its answer could not be read this time; it will be asked again.")
                skipped_ids.append(tid)
            slow = 0
        check_stopped(cancel, http)
        with session_scope(self.engine) as session:
            # written first, so the transaction is open before the first SAVEPOINT: pysqlite begins
            # one only before a write, and a SAVEPOINT outside a transaction commits on release
            state = session.get(SyncState, LAST_REFRESH) or SyncState(key=LAST_REFRESH, value="")
            state.value = now.isoformat()
            state.updated_at = utcnow()
            session.add(state)
            session.flush()
            touched: set[int] = set()
            for show in shows:
                check_stopped(cancel)  # cancelled while applying: all of it is rolled back
                series = session.exec(select(Series).where(Series.tvmaze_id == show.tvmaze_id)).first()
                if series is None:
                    continue  # unfollowed meanwhile
                pace()
                title = series.title
                try:
                    with session.begin_nested():  # a failure rolls back this show only
                        found = _apply_and_announce(session, series, show, now.date(), pace)
                except OperationalError:
                    raise  # the library itself (locked, full disk): nothing is changed
                except Exception:  # noqa: BLE001 - a bug or a value the database refuses: this show only
                    log.exception("refresh: applying %s #%s failed", NAME, show.tvmaze_id)
                    report.skipped.append(
                        f"{NAME} #{show.tvmaze_id}: {title} could not be updated this time; it will be asked again."
                    )
                    skipped_ids.append(show.tvmaze_id)
                    continue
                report.announcements += found
                report.updated.append(series.title)
                report.skipped += [f"{NAME} #{show.tvmaze_id}: {note}" for note in show.notes]  # duplicates left out
                touched.add(saved_id(series.id))
            for tid in [*skipped_ids, *later_ids]:  # asked again next time, whatever the update feed says
                series = session.exec(select(Series).where(Series.tvmaze_id == tid)).first()
                if series is not None:
                    series.remote_updated = None
                    session.add(series)
        for line in report.skipped:  # the window shows how many; the lines are in the log
            log.warning("refresh skipped %s", line)
        report.requests = http.requests_sent - before_requests
        report.changes = Changes(series=frozenset(touched), announcements=bool(report.announcements))
        if progress:
            progress(len(todo), len(todo), translate("OnlineService", "Up to date."))
        return report


def _moment(text: str) -> datetime | None:
    """The last refresh's time as stored; None if it cannot be read (then all is fetched again)."""
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo is not None else None


# -- applying a show ----------------------------------------------------------------------


def _describe(show: OnlineShow) -> str:
    bits = [str(show.year) if show.year else "", show.network, f"{NAME} #{show.tvmaze_id}"]
    return f"{show.title} ({', '.join(b for b in bits if b)})"


def follow_fetched(session: Session, show: OnlineShow, today: date) -> Series:
    """The library's series for a show fetched in full from TVmaze (an import follows what it
    found this way): the series linked to its TVmaze id, else one not linked yet that carries its
    TheTVDB or IMDb id, else a new one. The show is applied to it (seasons, episodes, cast, the
    ids it lacks) unless it has been fetched in full before: then it is left to the refresh.
    No library entry is made here. Returns the series, with its id."""
    series = _series_for(session, show)
    if series.id is None or series.remote_updated is None:
        _apply_and_announce(session, series, show, today)
    return series


def _series_for(session: Session, show: OnlineShow) -> Series:
    """The series a TVmaze show is: by TVmaze id, then by external ids; else a new row (not added)."""
    found = session.exec(select(Series).where(Series.tvmaze_id == show.tvmaze_id)).first()
    return found or _match_by_external_ids(session, show) or Series(title=show.title)


def _match_by_external_ids(session: Session, show: OnlineShow) -> Series | None:
    """A series not linked to TVmaze yet that carries the show's TheTVDB or IMDb id."""
    unlinked = col(Series.tvmaze_id).is_(None)
    if show.thetvdb_id is not None:
        found = session.exec(select(Series).where(Series.thetvdb_id == show.thetvdb_id, unlinked)).first()
        if found:
            return found
    if show.imdb_id is not None:
        return session.exec(select(Series).where(Series.imdb_id == show.imdb_id, unlinked)).first()
    return None


def _apply_show(
    session: Session, series: Series, show: OnlineShow, *, complete: bool = True, pace: Callable[[], None] = no_pace
) -> int:
    """Write a show onto a series row (new or existing) with its seasons, episodes and cast.
    ``complete``: the show came with its embeds, so what it does not list is gone. ``pace`` is
    called between pieces of the work (see SLICE)."""
    if series.title and series.title.casefold() != show.title.casefold():
        aliases = list(series.aliases or [])
        if series.title not in aliases:
            series.aliases = aliases + [series.title]
    series.title = show.title
    series.overview = show.overview or series.overview
    series.status = show.status.value
    if show.premiere is not None:
        series.premiere = show.premiere.to_text()
        series.premiere_precision = show.premiere.precision.value
        series.premiere_sort = show.premiere.earliest()
    series.ended = show.ended.to_text() if show.ended else series.ended
    series.network = show.network or series.network
    series.country = show.country or series.country
    series.language = show.language or series.language
    series.genres = list(show.genres) or list(series.genres or [])
    series.runtime = show.runtime or as_minutes(series.runtime)  # an older version's "fifty" goes
    if show.poster_url and show.poster_url != series.poster_url:
        series.poster_url = show.poster_url
        series.poster_path = None  # fetched again into the cache
    series.tvmaze_id = show.tvmaze_id
    for attr, value in (("thetvdb_id", show.thetvdb_id), ("imdb_id", show.imdb_id)):
        taken = (
            value is not None
            and session.exec(select(Series.id).where(getattr(Series, attr) == value, Series.id != series.id)).first()
        )
        if value is not None and not taken:
            setattr(series, attr, value)
    series.remote_updated = show.updated
    series.updated_at = utcnow()
    session.add(series)
    session.flush()
    sid = saved_id(series.id)
    pace()

    seasons = {s.number: s for s in session.exec(select(Season).where(Season.series_id == sid))}
    listed_seasons = set()
    listed_ids = set()
    for s in show.seasons:
        if s.number in listed_seasons or s.tvmaze_id in listed_ids:
            continue  # TVmaze listing a season twice (parse_show said so): the first one counts
        listed_seasons.add(s.number)
        listed_ids.add(s.tvmaze_id)
        row = seasons.get(s.number) or Season(series_id=sid, number=s.number)
        row.name, row.premiere, row.episode_order, row.tvmaze_id = s.name, s.premiere, s.episode_order, s.tvmaze_id
        session.add(row)
        seasons[s.number] = row
    session.flush()
    pace()
    _apply_episodes(session, sid, show, seasons, complete, pace)
    pace()
    if complete:  # seasons TVmaze dropped go, once they hold no episodes
        held = set(session.exec(select(Episode.season).where(Episode.series_id == sid)))
        for number, row in seasons.items():
            if number not in listed_seasons and row.tvmaze_id is not None and number not in held:
                session.delete(row)

    if show.cast:
        session.exec(delete(Credit).where(col(Credit.series_id) == sid))
        for position, c in enumerate(show.cast):
            pace()
            if c.person_id is not None:
                person = session.exec(select(Person).where(Person.tvmaze_id == c.person_id)).first()
            else:  # no id to go by: the same name without an id is the same person
                person = session.exec(
                    select(Person).where(Person.name == c.person, col(Person.tvmaze_id).is_(None))
                ).first()
            if person is None:
                person = Person(name=c.person, tvmaze_id=c.person_id, image_url=c.image_url)
                session.add(person)
                session.flush()
            session.add(Credit(series_id=sid, person_id=person.id, character=c.character, position=position))
    session.flush()
    return sid


def _apply_episodes(
    session: Session, sid: int, show: OnlineShow, seasons: dict, complete: bool, pace: Callable[[], None] = no_pace
) -> None:
    """Episodes are matched by TVmaze's episode id first, so that a viewing stays with the
    episode the viewer saw when TVmaze renumbers; then by season and number (hand-made rows)."""
    rows = list(session.exec(select(Episode).where(Episode.series_id == sid)))
    held = Counter(r.tvmaze_id for r in rows if r.tvmaze_id is not None)
    # two rows under one TVmaze id (left by an older version): that id says nothing about which
    # is which, so those rows are matched by their place only
    shared = {tid for tid, n in held.items() if n > 1}
    by_tid = {r.tvmaze_id: r for r in rows if r.tvmaze_id is not None and r.tvmaze_id not in shared}
    by_key = {(r.season, r.number): r for r in rows}
    wanted: dict[tuple[int, int], OnlineEpisode] = {}
    wanted_ids: set[int] = set()
    for e in show.episodes:  # one episode per place and per id: a duplicate in TVmaze's list is skipped
        if (e.season, e.number) not in wanted and e.tvmaze_id not in wanted_ids:
            wanted[(e.season, e.number)] = e
            wanted_ids.add(e.tvmaze_id)
    matched: dict[int, tuple] = {}  # row id -> (row, online episode)
    new = []
    taken: set[int] = set()
    for key, e in wanted.items():
        row = by_tid.get(e.tvmaze_id)
        if row is None or row.id in taken:
            candidate = by_key.get(key)
            row = (
                candidate
                if candidate is not None
                and candidate.id not in taken
                and (
                    candidate.tvmaze_id is None
                    or candidate.tvmaze_id in shared
                    or candidate.tvmaze_id not in wanted_ids
                )
                else None
            )
        if row is None:
            new.append(e)
        else:
            taken.add(saved_id(row.id))
            matched[saved_id(row.id)] = (row, e)
    unmatched = [r for r in rows if r.id not in taken]
    # rows that move, and rows in the way, step aside first: (season, number) is unique
    targets = set(wanted)
    movers = [r for r, e in matched.values() if (r.season, r.number) != (e.season, e.number)]
    movers += [r for r in unmatched if (r.season, r.number) in targets]
    for r in movers:
        r.number = -r.id
        session.add(r)
    session.flush()
    pace()
    for row, e in matched.values():
        _fill_episode(row, e, seasons)
        session.add(row)
        pace()
    for e in new:
        row = Episode(series_id=sid, season=e.season, number=e.number)
        _fill_episode(row, e, seasons)
        session.add(row)
        pace()
    session.flush()
    pace()
    # what TVmaze no longer lists goes, unless the viewer watched it: then it keeps its place,
    # or, if that place was taken, moves to the end of its season
    gone = [r for r in unmatched if r.tvmaze_id is not None or r.number < 0]
    if complete and gone:
        watched = set(session.exec(select(Viewing.episode_id).where(col(Viewing.episode_id).in_([r.id for r in gone]))))
        for r in gone:
            if r.id not in watched:
                session.delete(r)
    for r in unmatched:
        pace()
        if r.tvmaze_id in shared and not _deleted(session, r):
            r.tvmaze_id = None  # kept for its viewings, like a row made by hand: no longer TVmaze's
            session.add(r)
        if r.number < 0 and r in session and not _deleted(session, r):
            last = (
                session.exec(
                    select(Episode.number)
                    .where(Episode.series_id == sid, Episode.season == r.season)
                    .order_by(col(Episode.number).desc())
                ).first()
                or 0
            )
            r.number = max(last, 0) + 1
            session.add(r)
            session.flush()


def _deleted(session: Session, row) -> bool:
    return row in session.deleted


def _fill_episode(row: Episode, e, seasons: dict) -> None:
    row.season, row.number = e.season, e.number
    row.title, row.summary, row.air_date, row.airstamp = e.title, e.summary, e.air_date, e.airstamp
    row.runtime, row.tvmaze_id = e.runtime, e.tvmaze_id
    season = seasons.get(e.season)
    row.season_id = season.id if season else None


# -- what changed -------------------------------------------------------------------------


@dataclass(frozen=True)
class _State:
    status: str
    premiere: str | None
    seasons: dict[int, date | None]
    episodes: dict[tuple[int, int], date | None]


def _snapshot(session: Session, series: Series) -> _State:
    seasons = {
        number: premiere
        for number, premiere in session.exec(
            select(col(Season.number), col(Season.premiere)).where(Season.series_id == series.id)
        )
    }
    episodes = {
        (season, number): air_date
        for season, number, air_date in session.exec(
            select(col(Episode.season), col(Episode.number), col(Episode.air_date)).where(
                Episode.series_id == series.id
            )
        )
    }
    return _State(series.status, series.premiere, seasons, episodes)


def detect_changes(
    sid: int, tvmaze_id: int, title: str, before: _State, after: _State, today: date
) -> list[FoundChange]:
    """The differences a viewer cares about, each with a fingerprint so that the same change
    never makes two announcements."""
    out: list[FoundChange] = []

    def add(kind: AnnouncementKind, key: str, headline: str) -> None:
        out.append(FoundChange(sid, kind, headline, f"tvmaze:{tvmaze_id}:{kind.value}:{key}"))

    if before.status != after.status:
        old, new = LifecycleStatus(before.status), LifecycleStatus(after.status)
        day = today.isoformat()  # the same change can come again some day (a revival, a new hiatus)
        if new is LifecycleStatus.ENDED:
            add(AnnouncementKind.ENDED, f"ended:{day}", f"{title} has ended")
        elif new is LifecycleStatus.CANCELLED:
            add(AnnouncementKind.CANCELLED, f"cancelled:{day}", f"{title} was cancelled")
        elif new is LifecycleStatus.AIRING and old in (
            LifecycleStatus.HIATUS,
            LifecycleStatus.ENDED,
            LifecycleStatus.CANCELLED,
        ):
            add(AnnouncementKind.RENEWED, f"renewed:{day}", f"{title} is back: {NAME} lists it as running again")
        else:
            add(
                AnnouncementKind.STATUS_CHANGE,
                f"{old.value}>{new.value}:{day}",
                f"{title}: {old.english_label} → {new.english_label}",
            )
    if after.premiere != before.premiere and after.premiere:
        verb = "moved to" if before.premiere else "set for"
        add(AnnouncementKind.PREMIERE_DATE, f"premiere:{after.premiere}", f"{title}: premiere {verb} {after.premiere}")
    for number in sorted(set(after.seasons) - set(before.seasons)):
        if number == 0:
            continue
        when = after.seasons[number]
        tail = f", premiering {when.isoformat()}" if when else ""
        add(AnnouncementKind.NEW_SEASON, f"season:{number}", f"{title}: season {number} announced{tail}")
    for number in sorted(set(after.seasons) & set(before.seasons)):
        old_day, new_day = before.seasons[number], after.seasons[number]
        if new_day and new_day != old_day and new_day >= today:
            verb = "moved to" if old_day else "set for"
            add(
                AnnouncementKind.PREMIERE_DATE,
                f"season-premiere:{number}:{new_day.isoformat()}",
                f"{title}: season {number} premiere {verb} {new_day.isoformat()}",
            )
    fresh = sorted(
        key
        for key in set(after.episodes) - set(before.episodes)
        if key[0] > 0
        and (after.episodes[key] or date.max) >= today  # not dated yet: ahead
        and key[0] in before.seasons  # a whole new season is announced as such, above
    )
    if fresh:
        codes = [f"S{s:02d}E{n:02d}" for s, n in fresh]
        what = codes[0] if len(codes) == 1 else f"{len(codes)} new episodes ({codes[0]}–{codes[-1]})"
        add(AnnouncementKind.NEW_EPISODE, "episodes:" + ",".join(codes), f"{title}: {what} scheduled")
    return out


def _apply_and_announce(
    session: Session, series: Series, show: OnlineShow, today: date, pace: Callable[[], None] = no_pace
) -> list[FoundChange]:
    """Apply a show and record what changed for the viewer (nothing on a first full fetch,
    which has no "before" to compare with)."""
    known = series.id is not None and series.remote_updated is not None
    before = _snapshot(session, series) if known else None
    _apply_show(session, series, show, complete=not show.partial, pace=pace)
    if before is None:
        return []
    after = _snapshot(session, series)
    pace()
    found = detect_changes(saved_id(series.id), show.tvmaze_id, series.title, before, after, today)
    recorded = []
    for change in found:
        pace()
        if _record(session, change, NAME, show):
            recorded.append(change)
    return recorded


def _record(session: Session, change: FoundChange, source: str, show: OnlineShow) -> bool:
    if session.exec(select(Announcement.id).where(Announcement.fingerprint == change.fingerprint)).first():
        return False
    ann = Announcement(
        kind=change.kind.value,
        headline=change.headline,
        source=source,
        url=f"https://www.tvmaze.com/shows/{show.tvmaze_id}",
        published_at=utcnow(),
        fingerprint=change.fingerprint,
    )
    session.add(ann)
    session.flush()
    session.add(AnnouncementSeries(announcement_id=ann.id, series_id=change.series_id))
    return True


__all__ = ["OnlineService", "RefreshReport", "FoundChange", "detect_changes", "follow_fetched", "ProviderError"]
