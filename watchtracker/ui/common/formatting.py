"""Words for times and episodes, the same on every page: "Today", "in 3 days", "1 h 30 min",
"S01E03 · The Title"."""

from __future__ import annotations

from datetime import date


def relative_day(day: date | None, today: date) -> str:
    """ "Today", "Yesterday", "3 days ago", "2 weeks ago", "12 Mar 2025"; ahead: "Tomorrow", "in 3 days"."""
    if day is None:
        return ""
    delta = (today - day).days
    if delta == 0:
        return "Today"
    if delta == 1:
        return "Yesterday"
    if delta == -1:
        return "Tomorrow"
    if -7 < delta < 0:
        return f"in {-delta} days"
    if 1 < delta < 7:
        return f"{delta} days ago"
    if 7 <= delta < 35:
        weeks = delta // 7
        return f"{weeks} week{'s' if weeks != 1 else ''} ago"
    return f"{day.day} {day.strftime('%b %Y')}"


def long_day(day: date) -> str:
    """ "Thursday 26 November 2026"."""
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}"


def runtime_text(minutes: float | None) -> str:
    """ "45 min", "1 h", "1 h 30 min"; "" when not known."""
    if not minutes:
        return ""
    minutes = round(minutes)
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def episode_text(season: int | None, number: int | None, title: str) -> str:
    """ "S01E03 · The Title", "Special 2 · Holiday", "Season 2" (a season known only by its date)."""
    if season is None:
        return title
    if number is None:
        return f"Season {season}" + (f" · {title}" if title else "")
    code = f"Special {number}" if season == 0 else f"S{season:02d}E{number:02d}"
    return f"{code} · {title}" if title else code


def plural(count: int, word: str, plural_word: str | None = None) -> str:
    """ "1 show", "2 shows", "1,204 viewings", "3 series" (``plural_word``: when not word + "s")."""
    return f"{count:,} {word if count == 1 else (plural_word or word + 's')}"
