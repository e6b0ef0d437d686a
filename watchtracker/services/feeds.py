"""News feeds: the viewer's list of RSS/Atom feeds, and polling them into typed announcements.

A poll asks every enabled feed (conditional GET), matches each new item against the followed
series (services.news) and stores those that concern one as an announcement, once: an item
brought again by the same or another feed is recognised by its link (or guid) and skipped. A
feed that is down, malformed or not a feed gets its one-line error in the feed list; the others
go on. The network is asked before any write, and each feed's items go in one transaction.

What the viewer corrected on earlier alerts counts: a series the viewer said a story is not about
("Not about this series", table false_match) is not matched to the same story again (the same
item, or a headline telling it again: ``SAME_STORY``), and an item close to one whose kinds the
viewer corrected ("Wrong kind?", table kind_example) takes the corrected kinds (the shipped news
model adjusted by those examples: services.news_model ``KindModel.with_examples``).
"""

from __future__ import annotations

import ipaddress
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlsplit

from rapidfuzz import fuzz
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from watchtracker.domain.dates import PartialDate
from watchtracker.domain.enums import NEWS_KINDS, AnnouncementKind
from watchtracker.domain.i18n import translate
from watchtracker.errors import Interrupted, InvalidInput, NotFound, ProviderError
from watchtracker.providers.feeds import FeedClient, FeedItem
from watchtracker.services.cancel import Cancel, check_stopped, waits_cancelled_by
from watchtracker.services.changes import Changes
from watchtracker.services.library import Clock, system_clock
from watchtracker.services.news import Followed, NewsMatcher, classify, extract_date, fold, title_words, words_of
from watchtracker.services.news_model import KindModel
from watchtracker.storage.database import session_scope
from watchtracker.storage.jobs import FEEDS, shared_job
from watchtracker.storage.tables import (
    Announcement,
    AnnouncementSeries,
    Credit,
    FalseMatch,
    Feed,
    Franchise,
    KindExample,
    LibraryEntry,
    Person,
    Series,
    not_null,
    saved_id,
)

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]  # done, total, what

K = AnnouncementKind
# the kinds whose news gives a premiere date worth keeping (as services.news.classify keeps it)
_DATED = (K.PREMIERE_DATE, K.SPIN_OFF, K.NEW_SEASON, K.RENEWED)
SAME_STORY = 85  # rapidfuzz token_set_ratio of two folded headlines from which they tell the same story
MAX_EXAMPLES = 1_000  # the latest kind corrections a poll learns from

# Offered on first use, added only when the viewer says so. Their sites publish these addresses;
# they could not be checked from here (no internet): a dead one shows its error in the list.
SUGGESTED_FEEDS: tuple[tuple[str, str], ...] = (
    ("Deadline", "https://deadline.com/feed/"),
    ("TVLine", "https://tvline.com/feed/"),
    ("Variety", "https://variety.com/feed/"),
    ("Next TV: drama series", "https://www.nexttv.com/feeds/tag/drama-series"),
    ("The Direct: TV", "https://thedirect.com/tv/rss"),
)


@dataclass(frozen=True)
class FeedRow:
    id: int
    url: str
    name: str
    enabled: bool
    last_polled_at: datetime | None
    last_ok_at: datetime | None
    last_error: str | None
    items_seen: int

    @property
    def display_name(self) -> str:
        return self.name or urlsplit(self.url).netloc or self.url


@dataclass
class PollReport:
    feeds_ok: int = 0
    feeds_unchanged: int = 0  # answered 304 Not Modified
    failed: list[tuple[str, str]] = field(default_factory=list)  # feed name, one-line error
    items_read: int = 0
    items_known: int = 0  # brought again: stored already
    alerts: list[int] = field(default_factory=list)  # announcements added
    changes: Changes = field(default_factory=Changes)
    # the library is on a server and another computer is reading the feeds now: none was read here
    elsewhere: bool = False

    @property
    def all_answered(self) -> bool:
        return not self.failed


class FeedService:
    def __init__(self, engine: Engine, client: FeedClient, clock: Clock = system_clock):
        self.engine = engine
        self.client = client
        self.clock = clock

    # -- the list ---------------------------------------------------------------------------
    def feeds(self) -> list[FeedRow]:
        with Session(self.engine) as session:
            rows = session.exec(select(Feed).order_by(col(Feed.name), col(Feed.url))).all()
            return [_row(f) for f in rows]

    def add(self, url: str, name: str | None = None) -> FeedRow:
        url = check_feed_url(url)
        name = (name or "").strip()[:120]
        with session_scope(self.engine) as session:
            if session.exec(select(Feed.id).where(Feed.url == url)).first():
                raise InvalidInput(translate("FeedService", "{url} is in your feeds already.").format(url=url))
            feed = Feed(url=url, name=name, created_at=self.clock())
            session.add(feed)
            session.flush()
            return _row(feed)

    def rename(self, feed_id: int, name: str) -> FeedRow:
        with session_scope(self.engine) as session:
            feed = self._get(session, feed_id)
            feed.name = name.strip()[:120]
            session.add(feed)
            return _row(feed)

    def set_enabled(self, feed_id: int, enabled: bool) -> FeedRow:
        with session_scope(self.engine) as session:
            feed = self._get(session, feed_id)
            feed.enabled = enabled
            session.add(feed)
            return _row(feed)

    def remove(self, feed_id: int) -> None:
        """Its announcements stay (they are the viewer's news now), without the link to it."""
        with session_scope(self.engine) as session:
            session.delete(self._get(session, feed_id))

    def find(self, url_or_name: str) -> int:
        key = url_or_name.strip()
        with Session(self.engine) as session:
            for feed in session.exec(select(Feed)).all():
                if (
                    feed.url == key
                    or feed.url.rstrip("/") == key.rstrip("/")
                    or (feed.name and feed.name.casefold() == key.casefold())
                ):
                    return saved_id(feed.id)
        raise NotFound(
            translate("FeedService", "No feed {key} in your feeds (watchtracker feeds list shows them).").format(
                key=repr(key)
            )
        )

    def suggestions(self) -> list[tuple[str, str]]:
        """The well-known feeds the viewer has not added yet."""
        have = {f.url for f in self.feeds()}
        return [(name, url) for name, url in SUGGESTED_FEEDS if url not in have]

    @staticmethod
    def _get(session: Session, feed_id: int) -> Feed:
        feed = session.get(Feed, feed_id)
        if feed is None:
            raise NotFound(translate("FeedService", "That feed is no longer in your feeds."))
        return feed

    # -- polling ----------------------------------------------------------------------------
    def poll(
        self, feed_ids: Iterable[int] | None = None, progress: Progress | None = None, cancel: Cancel = None
    ) -> PollReport:
        """Ask the enabled feeds (or the ones given) for news; never raises for a feed's fault.

        ``cancel`` set (the window closing), or the client closed under it: the poll stops before
        the next feed and raises Interrupted; the feeds read so far keep their news, the others
        are left as they were (none is marked failing)."""
        http = getattr(self.client, "http", None)
        with shared_job(self.engine, FEEDS) as ours:  # one computer at a time on a shared library
            if not ours:
                return PollReport(elsewhere=True)
            with waits_cancelled_by(http, cancel):
                return self._poll(feed_ids, progress, cancel, http)

    def _poll(
        self, feed_ids: Iterable[int] | None, progress: Progress | None, cancel: Cancel, http: object
    ) -> PollReport:
        check_stopped(cancel, http)
        report = PollReport()
        with Session(self.engine) as session:
            query = select(Feed).where(Feed.enabled == True)  # noqa: E712
            if feed_ids is not None:
                query = select(Feed).where(col(Feed.id).in_(list(feed_ids)))
            feeds = [(_row(f), f.etag, f.last_modified) for f in session.exec(query).all()]
            followed = followed_series(session)
            matcher = NewsMatcher(followed)
            corrections = KindCorrections(kind_examples(session))
            false_matches = FalseMatches(
                session.exec(
                    select(not_null(FalseMatch.series_id), col(FalseMatch.headline), col(FalseMatch.fingerprint))
                )
            )
            # a spin-off's title is a quoted title that is none of these
            known_titles = title_words(t for f in followed for t in (f.title, *f.aliases, f.franchise or "") if t)
        total = len(feeds)
        touched: set[int] = set()
        for done, (row, etag, last_modified) in enumerate(feeds):
            if progress:
                progress(done, total, translate("FeedService", "Polling {feed}").format(feed=row.display_name))
            check_stopped(cancel, http)
            try:
                answer = self.client.fetch(
                    row.url, etag=etag, last_modified=last_modified, name=row.display_name, now=self.clock()
                )
            except Interrupted:  # the work was cancelled: not this feed's fault
                raise
            except ProviderError as exc:
                check_stopped(cancel, http)  # cut off by the close: not this feed's fault either
                message = str(exc)
                message = message[:1].upper() + message[1:]  # "The feed … is a web page …"
                report.failed.append((row.display_name, message))
                self._note_failure(row.id, message)
                continue
            except Exception:  # MemoryError, RecursionError, a bug: this feed fails, the poll goes on
                check_stopped(cancel, http)  # e.g. the client closed under it
                log.exception("reading the feed %s failed", row.url)
                message = (
                    f"The feed {row.display_name} could not be read (an unexpected problem); "
                    f"the details are in the log."
                )
                report.failed.append((row.display_name, message))
                self._note_failure(row.id, message)
                continue
            items = answer.document.items if answer.document else ()
            if answer.document is None:
                report.feeds_unchanged += 1
            else:
                report.feeds_ok += 1
            report.items_read += len(items)
            added, known, series = self._store(
                row,
                items,
                answer.etag,
                answer.last_modified,
                matcher,
                known_titles,
                answer.document.title if answer.document else "",
                corrections,
                false_matches,
            )
            report.alerts.extend(added)
            report.items_known += known
            touched |= series
        if progress:
            progress(total, total, "")
        report.changes = Changes(series=frozenset(touched), announcements=bool(report.alerts))
        return report

    def _note_failure(self, feed_id: int, error: str) -> None:
        with session_scope(self.engine) as session:
            feed = session.get(Feed, feed_id)
            if feed is not None:
                feed.last_polled_at = self.clock()
                feed.last_error = error
                session.add(feed)

    def _store(
        self,
        row: FeedRow,
        items: Iterable[FeedItem],
        etag,
        last_modified,
        matcher: NewsMatcher,
        known_titles: AbstractSet[tuple[str, ...]],
        title: str,
        corrections: KindCorrections | None = None,
        false_matches: FalseMatches | None = None,
    ) -> tuple[list[int], int, set[int]]:
        now = self.clock()
        added: list[int] = []
        known = 0
        touched: set[int] = set()
        items = list(items)
        with session_scope(self.engine) as session:
            feed = session.get(Feed, row.id)
            if feed is None:  # removed while we were asking it
                return [], 0, set()
            if not feed.name and title:
                feed.name = title[:120]  # named by its own title until the viewer names it
            fingerprints = {"feed:" + item.key: item for item in items}
            stored = set(
                session.exec(
                    select(Announcement.fingerprint).where(col(Announcement.fingerprint).in_(list(fingerprints)))
                ).all()
            )
            for fingerprint, item in fingerprints.items():
                if fingerprint in stored:
                    known += 1
                    continue
                matches = matcher.match(item.title, item.summary)
                if false_matches:  # the viewer said this story is not about that series
                    matches = [m for m in matches if not false_matches.rejects(m.series_id, item.title, fingerprint)]
                if not matches:
                    continue
                published = item.published
                day = (published or now).date()
                what = classify(item.title, item.summary, published=day, known=known_titles)
                kinds, premiere, spin_off_title = what.kinds, what.premiere, what.spin_off_title
                corrected = corrections.kinds(item.title, item.summary) if corrections else None
                if corrected and corrected != kinds:  # close to an item the viewer retyped
                    kinds = corrected
                    premiere = premiere_for(kinds, item.title, item.summary, day, premiere)
                    spin_off_title = spin_off_title if K.SPIN_OFF in kinds else None
                ann = Announcement(
                    kind=kinds[0].value,
                    kinds=[k.value for k in kinds],
                    headline=item.title,
                    summary=item.summary,
                    source=feed.name or row.display_name,
                    url=item.url,
                    published_at=published,
                    published_has_time=item.published_has_time,
                    fingerprint=fingerprint,
                    created_at=now,
                    feed_id=row.id,
                    reason="; ".join(dict.fromkeys(m.reason for m in matches)),
                    premiere=premiere.to_text() if premiere else None,
                    spin_off_title=spin_off_title,
                )
                session.add(ann)
                session.flush()
                for m in matches:
                    session.add(AnnouncementSeries(announcement_id=ann.id, series_id=m.series_id))
                    touched.add(m.series_id)
                added.append(saved_id(ann.id))
            feed.last_polled_at = now
            feed.last_ok_at = now
            feed.last_error = None
            feed.etag = etag
            feed.last_modified = last_modified
            feed.items_seen += len(added)
            session.add(feed)
        return added, known, touched


_HOST = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[?[0-9a-f:.]+\]?")
# "javascript:…", "mailto:…", "http:/…": a scheme, but not followed by "//" (a port is: "example.com:8080/")
_OTHER_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:(?!\d+(?:[/?#]|$))", re.IGNORECASE)


def check_feed_url(url: str) -> str:
    """The feed's address as kept: ``https://`` put before a bare host ("deadline.com/feed/").
    InvalidInput, naming what was typed, for what is not a plausible web address: another scheme
    (ftp, file, javascript, mailto), no host, a host without a dot (a word, a typo: "not-a-url";
    localhost and IP addresses are taken), spaces or control characters, a bad port."""
    given = (url or "").strip()
    if not given:
        raise InvalidInput(translate("FeedService", "Give the feed's address, e.g. https://example.com/feed/."))
    refused = InvalidInput(
        translate(
            "FeedService", "{address} is not a web address (a feed's looks like https://example.com/feed/)."
        ).format(address=repr(given))
    )
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in given):
        raise refused
    url = given
    if "://" not in url:
        if _OTHER_SCHEME.match(url):
            raise refused
        url = "https://" + url
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- a bad port raises here
    except ValueError:
        raise refused from None
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not _HOST.fullmatch(host) or not _plausible_host(host):
        raise refused
    if len(url) > 2_000:
        raise InvalidInput(translate("FeedService", "That address is too long to be a feed's."))
    return url


def _plausible_host(host: str) -> bool:
    """A name with a dot ("deadline.com"), localhost, or an IP address."""
    if host == "localhost" or "." in host.strip("."):
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def news_kind(value: object) -> AnnouncementKind | None:
    """The kind of news of that value; None for another kind or none."""
    try:
        kind = AnnouncementKind(value)  # type: ignore[arg-type]
    except ValueError:
        return None
    return kind if kind in NEWS_KINDS else None


def premiere_for(
    kinds: Sequence[AnnouncementKind], title: str, summary: str, published: date | None, found: PartialDate | None
) -> PartialDate | None:
    """The premiere date kept for an item of these kinds (main first), as services.news.classify
    keeps it: when the main kind is a premiere date, a spin-off, a renewal or a new season, or a
    premiere date is among the others. ``found``: the date known already, if any."""
    if not kinds or not (kinds[0] in _DATED or K.PREMIERE_DATE in kinds):
        return None
    return found or extract_date(fold(title or ""), published) or extract_date(fold(summary or ""), published)


def kind_examples(session: Session) -> list[tuple[str, str, tuple[AnnouncementKind, ...]]]:
    """The viewer's kind corrections ("Wrong kind?"), oldest first, each (headline, summary,
    kinds main first); a stored kind this version does not know is left out."""
    out = []
    for ex in session.exec(select(KindExample).order_by(col(KindExample.id))).all():
        kinds = tuple(dict.fromkeys(k for value in ex.kinds or () if (k := news_kind(value)) is not None))
        if kinds:
            out.append((ex.headline, ex.summary, kinds))
    return out


class KindCorrections:
    """The viewer's kind corrections as a poll uses them: ``kinds(title, summary)`` gives the
    kinds of the closest corrected item when one is close enough, else None (the rules and the
    shipped model decide). Made once per poll: the adjusted model is worked out here."""

    def __init__(
        self, examples: Sequence[tuple[str, str, tuple[AnnouncementKind, ...]]], model: KindModel | None = None
    ) -> None:
        self.examples = [e for e in examples if e[2]][-MAX_EXAMPLES:]
        self._shipped: KindModel | None = None
        self._adjusted: KindModel | None = None
        if self.examples:
            try:
                self._shipped = model or KindModel.shipped()
                self._adjusted = self._shipped.with_examples([(h, s, kinds[0]) for h, s, kinds in self.examples])
            except (OSError, ValueError, KeyError, TypeError):  # a damaged install: the poll goes on without them
                log.exception("the news model could not be read: the viewer's kind corrections are not used")
                self.examples, self._shipped, self._adjusted = [], None, None

    def __bool__(self) -> bool:
        return bool(self.examples)

    def kinds(self, title: str, summary: str) -> tuple[AnnouncementKind, ...] | None:
        if self._adjusted is None or self._shipped is None:
            return None
        adjusted = self._adjusted.scores(title, summary)
        # the adjusted model keeps the shipped scores unless a correction is close enough
        # (services.news_model): then the corrected main kind is the most likely
        if adjusted == self._shipped.scores(title, summary):
            return None
        main = max(adjusted, key=adjusted.__getitem__)
        # its other kinds: those of the closest correction of that main kind (the later of two as close)
        best, nearest = -1.0, None
        for headline, summary_, kinds in self.examples:
            if kinds[0] is main:
                similarity = self._adjusted.similarity((title, summary), (headline, summary_))
                if similarity >= best:
                    best, nearest = similarity, kinds
        return (main, *(k for k in nearest or () if k is not main))


class FalseMatches:
    """The series the viewer said a story is not about: ``rejects(series, headline,
    fingerprint)`` for the same item (its fingerprint) or a headline telling the same story
    (token_set_ratio of the folded headlines at least ``SAME_STORY``)."""

    def __init__(self, rows: Iterable[tuple[int, str, str | None]]) -> None:
        self._by_series: dict[int, list[tuple[str, str | None]]] = {}
        for series_id, headline, fingerprint in rows:
            self._by_series.setdefault(series_id, []).append((_story(headline), fingerprint))

    def __bool__(self) -> bool:
        return bool(self._by_series)

    def rejects(self, series_id: int, headline: str, fingerprint: str | None = None) -> bool:
        said = self._by_series.get(series_id)
        if not said:
            return False
        story = _story(headline)
        return any(
            (fingerprint is not None and fingerprint == known)
            or (story and words and fuzz.token_set_ratio(story, words) >= SAME_STORY)
            for words, known in said
        )


def _story(headline: str) -> str:
    """A headline folded to its words, as stories are compared."""
    return " ".join(words_of(headline or ""))


def followed_series(session: Session) -> list[Followed]:
    """What the matcher needs of each followed series: titles, franchise, network, country, leads."""
    rows = session.exec(
        # sqlmodel types select() for at most 4 columns: these rows are untyped
        select(Series.id, Series.title, Series.aliases, Series.network, Franchise.name, Series.country)  # type: ignore[call-overload]
        .join(LibraryEntry, LibraryEntry.series_id == Series.id)
        .join(Franchise, Franchise.id == Series.franchise_id, isouter=True)
    ).all()
    leads: dict[int, list[tuple[str, str]]] = {}
    ids = [r[0] for r in rows]
    if ids:
        credits = session.exec(
            select(not_null(Credit.series_id), col(Credit.character), col(Person.name), col(Credit.position))
            .join(Person, col(Person.id) == col(Credit.person_id))
            .where(col(Credit.series_id).in_(ids), Credit.position < 3)
            .order_by(col(Credit.series_id), col(Credit.position))
        ).all()
        for sid, character, person, _ in credits:
            leads.setdefault(sid, []).append((character or "", person or ""))
    out = []
    for sid, title, aliases, network, franchise, country in rows:
        people = leads.get(sid, [])
        out.append(
            Followed(
                series_id=sid,
                title=title,
                aliases=tuple(aliases or ()),
                names=tuple(c for c, _ in people if len(c.split()) >= 2),
                franchise=franchise,
                network=network or "",
                people=tuple(p for _, p in people if p),
                country=country or "",  # another country's show of the same title is not this one
            )
        )
    return out


def _row(feed: Feed) -> FeedRow:
    return FeedRow(
        saved_id(feed.id),
        feed.url,
        feed.name,
        feed.enabled,
        feed.last_polled_at,
        feed.last_ok_at,
        feed.last_error,
        feed.items_seen,
    )
