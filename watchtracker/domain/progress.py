"""Rules about progress: which episodes have aired, what to watch next.

The library's single aggregate query (storage.queries) implements the same rules in SQL; the
tests check both against each other.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time

from watchtracker.domain.models import EpisodeView, ReleaseKind


def has_aired(episode: EpisodeView, now_utc: datetime, today: date) -> bool:
    """An episode has aired once its UTC air time has passed; with only a date, on that day."""
    if episode.airstamp is not None:
        return episode.airstamp <= now_utc
    return episode.air_date is not None and episode.air_date <= today


def regular(episodes: Iterable[EpisodeView]) -> list[EpisodeView]:
    """Specials (season 0) do not count towards progress."""
    return [e for e in episodes if e.season > 0]


def counts(episodes: Sequence[EpisodeView], now_utc: datetime, today: date) -> tuple[int, int]:
    """(watched, aired) among regular episodes; a watched episode counts as aired."""
    eps = regular(episodes)
    aired = sum(1 for e in eps if e.watched or has_aired(e, now_utc, today))
    watched = sum(1 for e in eps if e.watched)
    return watched, aired


def next_to_watch(episodes: Sequence[EpisodeView], now_utc: datetime, today: date) -> EpisodeView | None:
    """The first aired, unwatched regular episode after the furthest one watched."""
    eps = sorted(regular(episodes), key=lambda e: (e.season, e.number))
    furthest = max((e.code for e in eps if e.watched), default=None)
    for e in eps:
        if furthest is not None and e.code <= furthest:
            continue
        if not e.watched and has_aired(e, now_utc, today):
            return e
    return None


def episodes_up_to(episodes: Sequence[EpisodeView], last: EpisodeView) -> list[EpisodeView]:
    """Every regular episode up to and including ``last``, in order (for "watched up to here")."""
    return [e for e in regular(episodes) if e.code <= last.code]


# -- Up next, Upcoming, catch-up ----------------------------------------------------------------

# What an episode of unknown length is taken to last, when its series gives no runtime either.
DEFAULT_RUNTIME = 45


def air_moment(episode: EpisodeView) -> datetime | None:
    """When an episode aired, to compare with viewings: its UTC air time, or 00:00 UTC of its
    date when only the date is known."""
    if episode.airstamp is not None:
        return episode.airstamp
    if episode.air_date is not None:
        return datetime.combine(episode.air_date, time(0), tzinfo=UTC)
    return None


def minutes_of(runtime: int | None, series_runtime: int | None) -> tuple[int, bool]:
    """(minutes, estimated): the episode's runtime, else its series', else DEFAULT_RUNTIME."""
    if runtime:
        return runtime, False
    return (series_runtime or DEFAULT_RUNTIME), True


def release_kind(season: int, number: int) -> ReleaseKind:
    """S01E01 opens the series; episode 1 of any other regular season opens that season."""
    if season > 0 and number == 1:
        return ReleaseKind.SERIES_PREMIERE if season == 1 else ReleaseKind.SEASON_PREMIERE
    return ReleaseKind.EPISODE


def specials_in_reach(specials: Iterable[EpisodeView], after: datetime | None) -> list[EpisodeView]:
    """The specials (season 0) that belong in the viewer's queue, by air time: unwatched, dated,
    and aired after the furthest regular episode watched (``after``: its air time; None when
    none was watched). A special the viewer has moved past is not brought back."""
    picked = [
        e
        for e in specials
        if e.season == 0 and not e.watched and (m := air_moment(e)) is not None and (after is None or m > after)
    ]
    return sorted(picked, key=lambda e: (air_moment(e), e.number))
