"""Which library episode a server's episode is, and which of an episode's viewings a server's
plays already are: the two questions a sync asks for every played episode. Plain Python over
rows read once; no database here."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from watchtracker.domain.media import ServerEpisode
from watchtracker.domain.transfer import SAME_VIEWING_S

SAME_PLAY_S = SAME_VIEWING_S  # a play and a viewing of the same episode this close are one viewing


def as_utc(when: datetime | None) -> datetime | None:
    if when is None:
        return None
    return when.replace(tzinfo=UTC) if when.utcoffset() is None else when.astimezone(UTC)


class EpisodeIndex:
    """The episodes of the matched series: by (series, season, number), by air date, and in
    order (for absolute numbering)."""

    def __init__(self, rows: list[tuple[int, int, int, int, date | None]]):  # (id, series, season, number, aired)
        self.by_number: dict[tuple[int, int, int], int] = {}
        self.by_day: dict[tuple[int, int, date], list[int]] = defaultdict(list)  # (series, specials?, day)
        regular: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
        for eid, sid, season, number, aired in rows:
            self.by_number[(sid, season, number)] = eid
            if aired is not None:
                self.by_day[(sid, 0 if season == 0 else 1, aired)].append(eid)
            if season > 0:
                regular[sid].append((season, number, eid))
        self.in_order = {sid: [eid for _s, _n, eid in sorted(eps)] for sid, eps in regular.items()}
        self.season_sizes: dict[tuple[int, int], int] = defaultdict(int)
        for _eid, sid, season, _number, _aired in rows:
            self.season_sizes[(sid, season)] += 1

    def find(self, sid: int, ep: ServerEpisode) -> int | None:
        """The library's episode of series ``sid`` that the server's ``ep`` is, or None.

        Specials first by their air date (servers and TVmaze number season 0 differently), then
        by number; a regular episode by season and number, then by air date (another order, a
        DVD order); then by its absolute number (a server that numbers an anime 1..500 in one
        season) as the n-th regular episode."""
        season, number = ep.season, ep.number
        if season == 0 and ep.aired is not None:
            found = self.by_day.get((sid, 0, ep.aired), [])
            if len(found) == 1:
                return found[0]
        if season is not None and number is not None:
            eid = self.by_number.get((sid, season, number))
            if eid is not None:
                return eid
        if ep.aired is not None:
            found = self.by_day.get((sid, 0 if season == 0 else 1, ep.aired), [])
            if len(found) == 1:
                return found[0]
        absolute = ep.absolute
        if absolute is None and season == 1 and number is not None and number > self.season_sizes.get((sid, 1), 0):
            absolute = number  # "S01E57" of a show whose first season has 24: numbered straight through
        order = self.in_order.get(sid, [])
        if absolute is not None and 1 <= absolute <= len(order):
            return order[absolute - 1]
        return None


@dataclass
class Seen:
    """A viewing of the episode already in the library, as a sync sees it."""

    id: int
    when: datetime | None
    source: str
    claimed: bool = False  # already stands for one of the server's plays


@dataclass(frozen=True)
class Accounted:
    """What ``account`` decided for one episode's new plays."""

    insert: tuple[datetime | None, ...]  # new viewings (their times; None: some time)
    dated: tuple[int, ...]  # undated viewings that take the play's date
    claimed: int  # plays that were viewings already


def account(
    seen: list[Seen],
    new_plays: int,
    last: datetime | None,
    after: datetime | None,
    *,
    counted: str = "",
    tolerance: float = SAME_PLAY_S,
) -> Accounted:
    """Which viewings ``new_plays`` plays of an episode are: the newest at ``last``, the others at
    some time after ``after`` (None: the episode's first sync, any time before). A viewing
    already there stands for a play when it is at the same time (within ``tolerance``; the
    newest), or, at the first sync, has no time (it then takes the play's time), or, for the
    earlier plays, lies in their window; whatever is left is new. Viewings of source ``counted``
    stand for plays counted before and are left alone. Marks the viewings it uses as claimed."""
    if new_plays <= 0:
        return Accounted((), (), 0)
    inserts: list[datetime | None] = []
    dated: list[int] = []
    claimed = 0
    last = as_utc(last)
    first = after is None
    seen = [s for s in seen if not (counted and s.source == counted)]
    free = [s for s in seen if not s.claimed]
    # the newest play
    hit = None
    if last is not None:
        close = [s for s in free if s.when is not None and abs((as_utc(s.when) - last).total_seconds()) <= tolerance]  # type: ignore[operator]
        hit = min(close, key=lambda s: abs((as_utc(s.when) - last).total_seconds()), default=None)  # type: ignore[operator]
        if hit is None and first:
            undated = [s for s in free if s.when is None]
            if undated:
                hit = undated[0]
                dated.append(hit.id)
    elif first:
        hit = next((s for s in free if s.when is None), None)
    if hit is not None:
        hit.claimed = True
        claimed += 1
    else:
        inserts.append(last)
    # the earlier ones, whose times the server does not keep
    low = as_utc(after)
    for _ in range(new_plays - 1):
        candidates = [
            s
            for s in seen
            if not s.claimed
            and (
                (s.when is None and first)
                or (
                    (low is None or as_utc(s.when) > low + timedelta(seconds=tolerance))  # type: ignore[operator]
                    and (last is None or as_utc(s.when) < last)  # type: ignore[operator]
                )
            )
        ]
        if candidates:
            candidates[0].claimed = True
            claimed += 1
        else:
            inserts.append(None)
    return Accounted(tuple(inserts), tuple(dated), claimed)
