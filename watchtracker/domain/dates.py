"""Dates known only roughly: "2026", "Spring 2026", "May 2026", "2026-05-06"; and which dates
are plausible at all.

An announced series rarely has an exact premiere date. A :class:`PartialDate` keeps what is known
at its precision, is stored as canonical text ("2026", "2026-spring", "2026-05", "2026-05-06") and
is never shown as a fake exact date.

A viewing can have happened from 1928 (the first television broadcasts) to a little after now
(``FUTURE_SLACK``: a clock or a time zone a day off); anything else an export says (year 1, year
9999) is no date: the viewing is kept as "watched, date unknown" (``plausible_viewing``). An air
date or time outside ``MIN_YEAR``..``MAX_YEAR`` is none either (``plausible_air_time``). A time
stored by an older version may still be anything: ``safe_local`` shows it in a zone without the
OverflowError ``astimezone`` raises at the ends of the calendar.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import StrEnum

from watchtracker.domain.i18n import QT_TRANSLATE_NOOP, translate


class DatePrecision(StrEnum):
    YEAR = "year"
    PART = "part"  # part of a year: a season of the year, a quarter, early/mid/late
    MONTH = "month"
    DAY = "day"


# part of year -> (first month, last month, label, phrase); translated where shown ("dates")
_PARTS: dict[str, tuple[int, int, str, str]] = {
    "q1": (1, 3, QT_TRANSLATE_NOOP("dates", "Q1 {year}"), QT_TRANSLATE_NOOP("dates", "in Q1 {year}")),
    "q2": (4, 6, QT_TRANSLATE_NOOP("dates", "Q2 {year}"), QT_TRANSLATE_NOOP("dates", "in Q2 {year}")),
    "q3": (7, 9, QT_TRANSLATE_NOOP("dates", "Q3 {year}"), QT_TRANSLATE_NOOP("dates", "in Q3 {year}")),
    "q4": (10, 12, QT_TRANSLATE_NOOP("dates", "Q4 {year}"), QT_TRANSLATE_NOOP("dates", "in Q4 {year}")),
    "winter": (1, 3, QT_TRANSLATE_NOOP("dates", "Winter {year}"), QT_TRANSLATE_NOOP("dates", "in winter {year}")),
    "spring": (4, 6, QT_TRANSLATE_NOOP("dates", "Spring {year}"), QT_TRANSLATE_NOOP("dates", "in spring {year}")),
    "summer": (7, 9, QT_TRANSLATE_NOOP("dates", "Summer {year}"), QT_TRANSLATE_NOOP("dates", "in summer {year}")),
    "fall": (10, 12, QT_TRANSLATE_NOOP("dates", "Fall {year}"), QT_TRANSLATE_NOOP("dates", "in fall {year}")),
    "early": (1, 4, QT_TRANSLATE_NOOP("dates", "Early {year}"), QT_TRANSLATE_NOOP("dates", "in early {year}")),
    "mid": (5, 8, QT_TRANSLATE_NOOP("dates", "Mid {year}"), QT_TRANSLATE_NOOP("dates", "in mid {year}")),
    "late": (9, 12, QT_TRANSLATE_NOOP("dates", "Late {year}"), QT_TRANSLATE_NOOP("dates", "in late {year}")),
    "h1": (
        1,
        6,
        QT_TRANSLATE_NOOP("dates", "First half of {year}"),
        QT_TRANSLATE_NOOP("dates", "in the first half of {year}"),
    ),
    "h2": (
        7,
        12,
        QT_TRANSLATE_NOOP("dates", "Second half of {year}"),
        QT_TRANSLATE_NOOP("dates", "in the second half of {year}"),
    ),
}
# the calendar's words in English (parsing reads English; labels translate them where shown)
_MONTH_NAMES = (
    QT_TRANSLATE_NOOP("dates", "January"),
    QT_TRANSLATE_NOOP("dates", "February"),
    QT_TRANSLATE_NOOP("dates", "March"),
    QT_TRANSLATE_NOOP("dates", "April"),
    QT_TRANSLATE_NOOP("dates", "May"),
    QT_TRANSLATE_NOOP("dates", "June"),
    QT_TRANSLATE_NOOP("dates", "July"),
    QT_TRANSLATE_NOOP("dates", "August"),
    QT_TRANSLATE_NOOP("dates", "September"),
    QT_TRANSLATE_NOOP("dates", "October"),
    QT_TRANSLATE_NOOP("dates", "November"),
    QT_TRANSLATE_NOOP("dates", "December"),
)
_MONTH_ABBREVIATIONS = (  # a context of their own: "May" may be shortened where "May" is not
    QT_TRANSLATE_NOOP("dates (abbreviated)", "Jan"),
    QT_TRANSLATE_NOOP("dates (abbreviated)", "Feb"),
    QT_TRANSLATE_NOOP("dates (abbreviated)", "Mar"),
    QT_TRANSLATE_NOOP("dates (abbreviated)", "Apr"),
    QT_TRANSLATE_NOOP("dates (abbreviated)", "May"),
    QT_TRANSLATE_NOOP("dates (abbreviated)", "Jun"),
    QT_TRANSLATE_NOOP("dates (abbreviated)", "Jul"),
    QT_TRANSLATE_NOOP("dates (abbreviated)", "Aug"),
    QT_TRANSLATE_NOOP("dates (abbreviated)", "Sep"),
    QT_TRANSLATE_NOOP("dates (abbreviated)", "Oct"),
    QT_TRANSLATE_NOOP("dates (abbreviated)", "Nov"),
    QT_TRANSLATE_NOOP("dates (abbreviated)", "Dec"),
)
_WEEKDAYS = (
    QT_TRANSLATE_NOOP("dates", "Monday"),
    QT_TRANSLATE_NOOP("dates", "Tuesday"),
    QT_TRANSLATE_NOOP("dates", "Wednesday"),
    QT_TRANSLATE_NOOP("dates", "Thursday"),
    QT_TRANSLATE_NOOP("dates", "Friday"),
    QT_TRANSLATE_NOOP("dates", "Saturday"),
    QT_TRANSLATE_NOOP("dates", "Sunday"),
)


def month_name(month: int) -> str:
    """ "May", in the viewer's language (1 is January)."""
    return translate("dates", _MONTH_NAMES[month - 1])


def month_abbreviation(month: int) -> str:
    """ "Feb", in the viewer's language."""
    return translate("dates (abbreviated)", _MONTH_ABBREVIATIONS[month - 1])


def weekday_name(day: date) -> str:
    """ "Thursday", in the viewer's language."""
    return translate("dates", _WEEKDAYS[day.weekday()])


def day_month_year(day: date) -> str:
    """ "6 May 2026", in the viewer's language."""
    return translate("dates", "{day} {month} {year}").format(day=day.day, month=month_name(day.month), year=day.year)


def month_year(month: int, year: int) -> str:
    """ "May 2026", in the viewer's language."""
    return translate("dates", "{month} {year}").format(month=month_name(month), year=year)


_PART_ALIASES = {"autumn": "fall", "midyear": "mid", "mid-year": "mid"}
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9

MIN_YEAR, MAX_YEAR = 1900, 2200
EARLIEST_VIEWING = datetime(1928, 1, 1, tzinfo=UTC)  # the first television broadcasts
FUTURE_SLACK = timedelta(days=2)  # a viewing "tomorrow": a clock or a time zone a day off


def as_utc_or_none(moment: datetime | None) -> datetime | None:
    """Aware UTC (a naive time is taken as UTC, as SQLite gives them back); None when it has no
    UTC equivalent (year 1 at +05:00, year 9999 at -05:00)."""
    if moment is None:
        return None
    try:
        if moment.utcoffset() is None:
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        return None


def plausible_viewing(moment: datetime | None, now: datetime) -> datetime | None:
    """``moment`` as aware UTC when someone can have watched something then (from 1928 to
    ``FUTURE_SLACK`` after ``now``, an aware time); None otherwise."""
    utc = as_utc_or_none(moment)
    if utc is None or utc < EARLIEST_VIEWING:
        return None
    try:
        latest = now + FUTURE_SLACK
    except OverflowError:
        return utc
    return utc if utc <= latest else None


def plausible_air_time(moment: datetime | None) -> datetime | None:
    """An episode's air time as aware UTC when its year is within ``MIN_YEAR``..``MAX_YEAR``."""
    utc = as_utc_or_none(moment)
    return utc if utc is not None and MIN_YEAR <= utc.year <= MAX_YEAR else None


def plausible_air_date(day: date | None) -> date | None:
    return day if day is not None and MIN_YEAR <= day.year <= MAX_YEAR else None


def safe_local(moment: datetime, tz: tzinfo | None = None) -> datetime:
    """``moment`` (aware; naive is UTC) in ``tz`` (None: the computer's zone); at the ends of the
    calendar, where the zone's offset would leave year 1..9999, the same instant in UTC."""
    aware = moment if moment.utcoffset() is not None else moment.replace(tzinfo=UTC)
    try:
        return aware.astimezone(tz) if tz is not None else aware.astimezone()
    except (OverflowError, ValueError, OSError):
        return as_utc_or_none(aware) or aware


class InvalidDate(ValueError):
    """The text is not a date we understand. The message says what would be."""


@dataclass(frozen=True, order=False)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None
    part: str | None = None

    def __post_init__(self) -> None:
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise InvalidDate(
                translate("dates", "the year {year} is out of range ({first}–{last})").format(
                    year=self.year, first=MIN_YEAR, last=MAX_YEAR
                )
            )
        if self.part is not None and (self.month is not None or self.part not in _PARTS):
            raise InvalidDate(translate("dates", "unknown part of year: {part}").format(part=repr(self.part)))
        if self.month is not None and not 1 <= self.month <= 12:
            raise InvalidDate(translate("dates", "there is no month {month}").format(month=self.month))
        if self.day is not None:
            if self.month is None:
                raise InvalidDate(translate("dates", "a day needs a month"))
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise InvalidDate(
                    translate("dates", "{month} {year} has no day {day}").format(
                        month=month_name(self.month), year=self.year, day=self.day
                    )
                )

    @property
    def precision(self) -> DatePrecision:
        if self.day is not None:
            return DatePrecision.DAY
        if self.month is not None:
            return DatePrecision.MONTH
        if self.part is not None:
            return DatePrecision.PART
        return DatePrecision.YEAR

    @classmethod
    def from_date(cls, value: date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    def earliest(self) -> date:
        """The first day this date could be: the key to sort by."""
        if self.part is not None:
            return date(self.year, _PARTS[self.part][0], 1)
        return date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> date:
        if self.day is not None:
            return self.earliest()
        last_month = self.month or (_PARTS[self.part][1] if self.part else 12)
        return date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])

    def overdue(self, today: date) -> bool:
        """The whole period it names is over ("2025" on 1 January 2026): expected, and not come."""
        return self.latest() < today

    def overdue_label(self) -> str:
        """ "Expected 2025 — no date since"."""
        return translate("dates", "Expected {date} — no date since").format(date=self.label())

    def as_date(self) -> date | None:
        """The exact date, or None when only part of it is known."""
        return self.earliest() if self.day is not None else None

    def to_text(self) -> str:
        """Canonical storage form: "2026", "2026-spring", "2026-05", "2026-05-06"."""
        if self.part is not None:
            return f"{self.year:04d}-{self.part}"
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def label(self) -> str:
        """For people, in their language: "2026", "Spring 2026", "May 2026", "6 May 2026"."""
        if self.part is not None:
            return translate("dates", _PARTS[self.part][2]).format(year=self.year)
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return month_year(self.month, self.year)
        return day_month_year(date(self.year, self.month, self.day))

    def english_label(self) -> str:
        """``label`` in English whatever the viewer's language: the form ``parse_partial_date``
        reads back (a date put in a field to be edited)."""
        if self.part is not None:
            return _PARTS[self.part][2].format(year=self.year)
        if self.month is None:
            return str(self.year)
        month = _MONTH_NAMES[self.month - 1]
        return f"{month} {self.year}" if self.day is None else f"{self.day} {month} {self.year}"

    def phrase(self) -> str:
        """To follow a verb: "on 6 May 2026", "in May 2026", "in spring 2026", "in 2026"."""
        if self.day is not None:
            return translate("dates", "on {date}").format(date=self.label())
        if self.part is not None:
            return translate("dates", _PARTS[self.part][3]).format(year=self.year)
        if self.month is not None:
            return translate("dates", "in {month} {year}").format(month=month_name(self.month), year=self.year)
        return translate("dates", "in {year}").format(year=self.year)

    def __str__(self) -> str:
        return self.to_text()


_ISO = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")
_CANON_PART = re.compile(r"^(\d{4})-([a-z0-9-]+)$")
_WORDS = re.compile(r"[qh][1-4]\b|[a-z]+|\d+")

EXAMPLES = '"2026", "Spring 2026", "Q3 2026", "Late 2026", "May 2026" or "2026-05-06"'


def parse_partial_date(text: str) -> PartialDate:
    """Read a date at any precision. Raises :class:`InvalidDate` with a helpful message."""
    raw = (text or "").strip()
    if not raw:
        raise InvalidDate(translate("dates", "no date given; write it like {examples}").format(examples=EXAMPLES))
    low = raw.lower().replace(",", " ")
    try:
        if m := _ISO.match(low):
            year, month, day = m.groups()  # the year is always there; month and day may not be
            return PartialDate(int(year), int(month) if month else None, int(day) if day else None)
        if m := _CANON_PART.match(low):
            part = _PART_ALIASES.get(m.group(2), m.group(2))
            if part in _PARTS:
                return PartialDate(int(m.group(1)), part=part)
        return _parse_words(low)
    except InvalidDate as exc:
        raise InvalidDate(translate("dates", "{text}: {problem}").format(text=repr(raw), problem=exc)) from None


def _parse_words(low: str) -> PartialDate:
    low = re.sub(r"\bfirst\s+half\b", "h1", low)  # how label() writes h1 and h2
    low = re.sub(r"\bsecond\s+half\b", "h2", low)
    tokens = _WORDS.findall(low)
    years = [t for t in tokens if t.isdigit() and len(t) == 4]
    if len(years) != 1:
        raise InvalidDate(translate("dates", "not a date; write it like {examples}").format(examples=EXAMPLES))
    year = int(years[0])
    rest = [t for t in tokens if t != years[0]]
    month = day = None
    part = None
    for token in rest:
        if token in _MONTHS and month is None:
            month = _MONTHS[token]
        elif token.isdigit() and len(token) <= 2 and day is None:
            day = int(token)
        elif (alias := _PART_ALIASES.get(token, token)) in _PARTS and part is None:
            part = alias
        elif token in {"of", "the", "in", "st", "nd", "rd", "th"}:
            continue
        else:
            raise InvalidDate(
                translate("dates", "did not understand {word}; write it like {examples}").format(
                    word=repr(token), examples=EXAMPLES
                )
            )
    if part is not None and (month is not None or day is not None):
        raise InvalidDate(
            translate("dates", "give either a part of the year or a month, not both; e.g. {examples}").format(
                examples=EXAMPLES
            )
        )
    if day is not None and month is None:
        raise InvalidDate(translate("dates", "a day needs a month; write it like {examples}").format(examples=EXAMPLES))
    return PartialDate(year, month, day, part)


def partial_date_or_none(text: str | None) -> PartialDate | None:
    """For values read back from storage, where the text is already canonical (or empty); what
    is not a date we can hold (a library edited by hand: "9999-12-31", "1850") reads as none."""
    if not text or not isinstance(text, str):
        return None
    try:
        return parse_partial_date(text)
    except (InvalidDate, ValueError, OverflowError):
        return None
