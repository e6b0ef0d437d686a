"""Words for times and episodes, the same on every page: "Today", "in 3 days", "1 h 30 min",
"S01E03 · The Title"; in the viewer's language (context "formatting")."""

from __future__ import annotations

from datetime import date

from watchtracker.domain.dates import month_abbreviation, month_name, weekday_name
from watchtracker.domain.i18n import translate


def relative_day(day: date | None, today: date) -> str:
    """ "Today", "Yesterday", "3 days ago", "2 weeks ago", "12 Mar 2025"; ahead: "Tomorrow", "in 3 days"."""
    if day is None:
        return ""
    delta = (today - day).days
    if delta == 0:
        return translate("formatting", "Today")
    if delta == 1:
        return translate("formatting", "Yesterday")
    if delta == -1:
        return translate("formatting", "Tomorrow")
    if -7 < delta < 0:
        return translate("formatting", "in %n day(s)", "", -delta)
    if 1 < delta < 7:
        return translate("formatting", "%n day(s) ago", "", delta)
    if 7 <= delta < 35:
        weeks = delta // 7  # a plain name: lupdate drops a call whose count is an expression
        return translate("formatting", "%n week(s) ago", "", weeks)
    return translate("formatting", "{day} {month} {year}", "abbreviated month").format(
        day=day.day, month=month_abbreviation(day.month), year=day.year
    )


def long_day(day: date) -> str:
    """ "Thursday 26 November 2026"."""
    return translate("formatting", "{weekday} {day} {month} {year}").format(
        weekday=weekday_name(day), day=day.day, month=month_name(day.month), year=day.year
    )


def runtime_text(minutes: float | None) -> str:
    """ "45 min", "1 h", "1 h 30 min"; "" when not known."""
    if not minutes:
        return ""
    minutes = round(minutes)
    hours, rest = divmod(minutes, 60)
    if not hours:
        return translate("formatting", "{minutes} min").format(minutes=rest)
    if rest:
        return translate("formatting", "{hours} h {minutes} min").format(hours=hours, minutes=rest)
    return translate("formatting", "{hours} h").format(hours=hours)


def episode_text(season: int | None, number: int | None, title: str) -> str:
    """ "S01E03 · The Title", "Special 2 · Holiday", "Season 2" (a season known only by its date)."""
    if season is None:
        return title
    if number is None:
        code = translate("formatting", "Season {number}").format(number=season)
    elif season == 0:
        code = translate("formatting", "Special {number}").format(number=number)
    else:
        code = f"S{season:02d}E{number:02d}"
    return f"{code} · {title}" if title else code


def plural(count: int, word: str, plural_word: str | None = None) -> str:
    """ "1 show", "2 shows", "1,204 viewings", "3 series" (``plural_word``: when not word + "s").

    English only: a window text counts with ``translate(context, "%Ln viewing(s)", "", n)``."""
    return f"{count:,} {word if count == 1 else (plural_word or word + 's')}"
