"""Rules about progress: which episodes have aired, what to watch next.

The library's single aggregate query (storage.queries) implements the same rules in SQL; the
tests check both against each other.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from watchtracker.domain.models import EpisodeView


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


def next_to_watch(
    episodes: Sequence[EpisodeView], now_utc: datetime, today: date
) -> EpisodeView | None:
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
