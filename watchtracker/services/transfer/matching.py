"""Matching the shows of another tracker's export to series, for ``services.importer``; writes
nothing.

In this order: the ids the library already knows (instant, offline); title and year among the
library's series (rapidfuzz, high threshold, years must agree when both are known; a series that
carries another id of the same kind, TheTVDB's say, is another show and is not taken by its title;
each id of the show the series lacks is claimed for it, and ``apply`` writes them, so the next
import matches it by id); TVmaze's lookup by TheTVDB then IMDb id (only for the shows still
unmatched; skipped offline or once the network is down; a show found on TVmaze but not in the
library is fetched in full, so that the preview can count its episodes and the import needs no
network). The library comes first: a series the viewer has (the example library's carry no ids)
is never followed a second time from TVmaze. What is left is pending, with the reason.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz
from sqlmodel import Session, col, select

from watchtracker.domain.i18n import QT_TRANSLATE_NOOP, translate
from watchtracker.domain.transfer import ImportedShow
from watchtracker.errors import BadResponse, NotFoundOnline, ProviderError
from watchtracker.services.transfer.errors import check_cancel
from watchtracker.storage.tables import Series

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]  # done, total, what

TITLE_THRESHOLD = 92  # rapidfuzz ratio on normalised titles, 0..100
OFFLINE_REASON = "TVmaze could not be reached"

# how a show was matched (stable keys, printed by the CLI's JSON); the labels in English, shown
# translated by ``how_label``
HOW_LABELS = {
    "tvmaze": QT_TRANSLATE_NOOP("matching", "TVmaze id in the library"),
    "thetvdb": QT_TRANSLATE_NOOP("matching", "TheTVDB id in the library"),
    "imdb": QT_TRANSLATE_NOOP("matching", "IMDb id in the library"),
    "tmdb": QT_TRANSLATE_NOOP("matching", "TMDB id in the library"),
    "lookup": QT_TRANSLATE_NOOP("matching", "found on TVmaze"),
    "title": QT_TRANSLATE_NOOP("matching", "title and year"),
    "hand": QT_TRANSLATE_NOOP("matching", "chosen by hand"),
}


def how_label(how: str) -> str:
    """How a show was matched, in the viewer's language (an unknown key as it is)."""
    return translate("matching", HOW_LABELS[how]) if how in HOW_LABELS else how


@dataclass(frozen=True)
class MatchedShow:
    show: ImportedShow
    format: str
    how: str  # a key of HOW_LABELS
    series_id: int | None  # None: not in the library yet, followed from TVmaze by apply
    series_title: str
    tvmaze_id: int | None = None  # set when apply follows it from TVmaze
    via: str = ""  # lookup: which id found it ("thetvdb", "imdb", "tvmaze")
    followed: bool = False  # apply followed it from TVmaze

    @property
    def new(self) -> bool:
        """Not in the library before: followed from TVmaze (by apply, or when applied)."""
        return self.tvmaze_id is not None and (self.series_id is None or self.followed)


@dataclass(frozen=True)
class PendingShow:
    show: ImportedShow
    format: str
    reason: str


@dataclass(frozen=True)
class Matching:
    matched: list[MatchedShow]
    pending: list[PendingShow]
    fetched: dict[int, Any]  # tvmaze id -> OnlineShow, fetched in full: followed by apply
    online: bool  # TVmaze was asked (and could be reached)


def match_shows(
    shows: tuple[ImportedShow, ...],
    fmt_of: dict[str, str],
    index: LibraryIndex,
    tvmaze: Any,  # TvmazeClient, or None: not asked (offline)
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Matching:
    """Match every show (``fmt_of``: the format each show's key came from)."""
    matched: list[MatchedShow] = []
    unmatched: list[ImportedShow] = []
    title_reasons: dict[str, str] = {}
    for show in shows:
        m = index.by_ids(show)
        if m is not None:
            sid, how = m
            matched.append(MatchedShow(show, fmt_of[show.key], how, sid, index.titles[sid]))
            continue
        found = index.by_title(show)
        if isinstance(found, int):
            index.claim(found, show.ids)
            matched.append(MatchedShow(show, fmt_of[show.key], "title", found, index.titles[found]))
            continue
        if isinstance(found, str):
            title_reasons[show.key] = found
        unmatched.append(show)

    fetched: dict[int, Any] = {}
    reasons: dict[str, str] = {}
    online = tvmaze is not None
    if unmatched and online:
        unmatched, reasons = _look_up(tvmaze, unmatched, index, matched, fetched, fmt_of, progress, cancel)
        online = not any(r == OFFLINE_REASON for r in reasons.values())
    pending: list[PendingShow] = []
    for show in unmatched:
        reason = reasons.get(show.key) or title_reasons.get(show.key, "")
        if not reason and not (show.ids.tvmaze or show.ids.thetvdb or show.ids.imdb):
            reason = "no TVmaze, TheTVDB or IMDb id to look it up by, and no library series of that title"
        elif not reason:
            reason = "not looked up on TVmaze (offline)" if tvmaze is None else "TVmaze does not know its ids"
        pending.append(PendingShow(show, fmt_of[show.key], reason))
    return Matching(matched, pending, fetched, online)


def _look_up(tvmaze, shows, index, matched, fetched, fmt_of, progress, cancel):
    """TVmaze for the shows the library does not know by id: by TVmaze id, then the lookup
    by TheTVDB and IMDb ids; a show not in the library is fetched in full."""
    still: list[ImportedShow] = []
    reasons: dict[str, str] = {}
    down = False
    askable = sum(1 for s in shows if s.ids.tvmaze or s.ids.thetvdb or s.ids.imdb)
    asked = 0
    for show in shows:
        check_cancel(cancel)
        if down or not (show.ids.tvmaze or show.ids.thetvdb or show.ids.imdb):
            still.append(show)
            if down:
                reasons[show.key] = OFFLINE_REASON
            continue
        if progress:
            progress(asked, askable, translate("matching", "Looking up {title} on TVmaze…").format(title=show.title))
        asked += 1
        try:
            tid, via = None, ""
            if show.ids.tvmaze is not None:
                tid, via = show.ids.tvmaze, "tvmaze"
            if tid is None and show.ids.thetvdb is not None:
                tid, via = tvmaze.lookup(thetvdb=show.ids.thetvdb), "thetvdb"
            if tid is None and show.ids.imdb:
                tid, via = tvmaze.lookup(imdb=show.ids.imdb), "imdb"
            if tid is None:
                still.append(show)
                reasons[show.key] = "TVmaze does not know its ids"
                continue
            sid = index.tvmaze.get(tid)
            if sid is not None:
                matched.append(MatchedShow(show, fmt_of[show.key], "lookup", sid, index.titles[sid], via=via))
                continue
            if tid not in fetched:
                fetched[tid] = tvmaze.show(tid)
            online_show = fetched[tid]
            sid = index.by_online(online_show)
            if sid is not None:  # the library knows it by the ids TVmaze gives
                matched.append(
                    MatchedShow(show, fmt_of[show.key], "lookup", sid, index.titles[sid], tvmaze_id=tid, via=via)
                )
            else:
                matched.append(
                    MatchedShow(show, fmt_of[show.key], "lookup", None, online_show.title, tvmaze_id=tid, via=via)
                )
        except (BadResponse, NotFoundOnline) as exc:
            still.append(show)
            reasons[show.key] = f"TVmaze: {exc}"
        except ProviderError as exc:  # down, refused, rate limited: ask no more this time
            log.info("import: TVmaze lookups stopped: %s", exc)
            down = True
            still.append(show)
            reasons[show.key] = OFFLINE_REASON
    if progress and askable:
        progress(askable, askable, translate("matching", "Matched."))
    return still, reasons


# -- the library's series, by id and by title -------------------------------------------------


def normalise_title(title: str) -> str:
    text = unicodedata.normalize("NFKD", title or "").encode("ascii", "ignore").decode("ascii")
    text = text.casefold().replace("&", " and ")
    text = re.sub(r"\(\s*(19|20)\d\d\s*\)\s*$", "", text)  # "Doctor Who (2005)"
    text = re.sub(r"[^\w\s]", " ", text)
    text = re.sub(r"^the\s+", "", text.strip())
    return " ".join(text.split())


def _title_year(title: str) -> int | None:
    m = re.search(r"\(\s*((?:19|20)\d\d)\s*\)\s*$", title or "")
    return int(m.group(1)) if m else None


class LibraryIndex:
    """Every series of the library by its ids and normalised titles, read once."""

    def __init__(self):
        self.titles: dict[int, str] = {}
        self.years: dict[int, int | None] = {}
        self.tvmaze: dict[int, int] = {}
        self.thetvdb: dict[int, int] = {}
        self.imdb: dict[str, int] = {}
        self.tmdb: dict[int, int] = {}
        self.names: list[tuple[str, int]] = []  # (normalised title or alias, series id)
        self.ids_of: dict[int, dict[str, Any]] = {}  # series id -> {"tvmaze": .., "thetvdb": .., ...}

    @classmethod
    def load(cls, session: Session) -> LibraryIndex:
        ix = cls()
        # sqlmodel types select() for at most 4 columns: these rows are untyped
        for sid, title, aliases, tv, tvdb, imdb, tmdb, premiere in session.exec(
            select(  # type: ignore[call-overload]
                col(Series.id),
                col(Series.title),
                col(Series.aliases),
                col(Series.tvmaze_id),
                col(Series.thetvdb_id),
                col(Series.imdb_id),
                col(Series.tmdb_id),
                col(Series.premiere_sort),
            )
        ):
            ix.titles[sid] = title
            ix.years[sid] = premiere.year if premiere else None
            ix.ids_of[sid] = {"tvmaze": tv, "thetvdb": tvdb, "imdb": imdb, "tmdb": tmdb}
            for table, value in ((ix.tvmaze, tv), (ix.thetvdb, tvdb), (ix.imdb, imdb), (ix.tmdb, tmdb)):
                if value is not None:
                    table[value] = sid
            for name in {title, *(aliases or [])}:
                ix.names.append((normalise_title(name), sid))
        return ix

    def by_ids(self, show: ImportedShow) -> tuple[int, str] | None:
        ids = show.ids
        lookups: tuple[tuple[str, dict[Any, int], int | str | None], ...] = (
            ("tvmaze", self.tvmaze, ids.tvmaze),
            ("thetvdb", self.thetvdb, ids.thetvdb),
            ("imdb", self.imdb, ids.imdb),
            ("tmdb", self.tmdb, ids.tmdb),
        )
        for how, table, value in lookups:
            if value is not None and value in table:
                return table[value], how
        return None

    def by_online(self, show: Any) -> int | None:
        for table, value in ((self.tvmaze, show.tvmaze_id), (self.thetvdb, show.thetvdb_id), (self.imdb, show.imdb_id)):
            if value is not None and value in table:
                return table[value]
        return None

    def _tables(self) -> dict[str, dict]:
        return {"tvmaze": self.tvmaze, "thetvdb": self.thetvdb, "imdb": self.imdb, "tmdb": self.tmdb}

    @staticmethod
    def _values(ids: Any) -> dict[str, Any]:
        return {"tvmaze": ids.tvmaze, "thetvdb": ids.thetvdb, "imdb": ids.imdb, "tmdb": ids.tmdb}

    def linked_elsewhere(self, sid: int, ids: Any) -> bool:
        """Whether series ``sid`` carries an id of a kind ``ids`` has too, with another value:
        then it is another show of the same title."""
        have = self.ids_of.get(sid, {})
        return any(
            value is not None and have.get(kind) is not None and have[kind] != value
            for kind, value in self._values(ids).items()
        )

    def claim(self, sid: int, ids: Any) -> None:
        """Series ``sid`` (matched by title) takes the ids it lacks that no series has: another
        show of the file with those ids now matches it by id, one with others no longer by title."""
        have = self.ids_of.setdefault(sid, {})
        tables = self._tables()
        for kind, value in self._values(ids).items():
            if value is not None and have.get(kind) is None and value not in tables[kind]:
                have[kind] = value
                tables[kind][value] = sid

    def by_title(self, show: ImportedShow) -> int | str | None:
        """The one library series with this title (and year, when both are known) that carries
        no other id of a kind the show has; a reason when several are; None when none is."""
        wanted = normalise_title(show.title)
        if not wanted:
            return None
        year = show.year or _title_year(show.title)
        best: dict[int, float] = {}
        for name, sid in self.names:
            score = fuzz.ratio(wanted, name, score_cutoff=TITLE_THRESHOLD)
            if not score:
                continue
            known = self.years.get(sid)
            if year is not None and known is not None and year != known:
                continue
            if self.linked_elsewhere(sid, show.ids):
                continue
            best[sid] = max(best.get(sid, 0), score)
        if not best:
            return None
        top = max(best.values())
        winners = [sid for sid, score in best.items() if score == top]
        if len(winners) > 1:
            return f"several library series are called {show.title!r}"
        return winners[0]
