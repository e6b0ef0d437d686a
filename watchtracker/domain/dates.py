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


class DatePrecision(StrEnum):
    YEAR = "year"
    PART = "part"  # part of a year: a season of the year, a quarter, early/mid/late
    MONTH = "month"
    DAY = "day"


# part of year -> (first month, last month, label)
_PARTS: dict[str, tuple[int, int, str]] = {
    "q1": (1, 3, "Q1"),
    "q2": (4, 6, "Q2"),
    "q3": (7, 9, "Q3"),
    "q4": (10, 12, "Q4"),
    "winter": (1, 3, "Winter"),
    "spring": (4, 6, "Spring"),
    "summer": (7, 9, "Summer"),
    "fall": (10, 12, "Fall"),
    "early": (1, 4, "Early"),
    "mid": (5, 8, "Mid"),
    "late": (9, 12, "Late"),
    "h1": (1, 6, "First half of"),
    "h2": (7, 12, "Second half of"),
}
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
            raise InvalidDate(f"the year {self.year} is out of range ({MIN_YEAR}–{MAX_YEAR})")
        if self.part is not None and (self.month is not None or self.part not in _PARTS):
            raise InvalidDate(f"unknown part of year: {self.part!r}")
        if self.month is not None and not 1 <= self.month <= 12:
            raise InvalidDate(f"there is no month {self.month}")
        if self.day is not None:
            if self.month is None:
                raise InvalidDate("a day needs a month")
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise InvalidDate(f"{calendar.month_name[self.month]} {self.year} has no day {self.day}")

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
        return f"Expected {self.label()} — no date since"

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
        """For people: "2026", "Spring 2026", "May 2026", "6 May 2026"."""
        if self.part is not None:
            return f"{_PARTS[self.part][2]} {self.year}"
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{calendar.month_name[self.month]} {self.year}"
        return f"{self.day} {calendar.month_name[self.month]} {self.year}"

    def phrase(self) -> str:
        """To follow a verb: "on 6 May 2026", "in May 2026", "in spring 2026", "in 2026"."""
        if self.day is not None:
            return f"on {self.label()}"
        if self.part in ("h1", "h2"):
            return f"in the {self.label()[0].lower()}{self.label()[1:]}"
        if self.part in ("early", "mid", "late", "winter", "spring", "summer", "fall"):
            return f"in {self.label().lower()}"
        return f"in {self.label()}"

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
        raise InvalidDate(f"no date given; write it like {EXAMPLES}")
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
        raise InvalidDate(f"{raw!r}: {exc}") from None


def _parse_words(low: str) -> PartialDate:
    low = re.sub(r"\bfirst\s+half\b", "h1", low)  # how label() writes h1 and h2
    low = re.sub(r"\bsecond\s+half\b", "h2", low)
    tokens = _WORDS.findall(low)
    years = [t for t in tokens if t.isdigit() and len(t) == 4]
    if len(years) != 1:
        raise InvalidDate(f"not a date; write it like {EXAMPLES}")
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
            raise InvalidDate(f"did not understand {token!r}; write it like {EXAMPLES}")
    if part is not None and (month is not None or day is not None):
        raise InvalidDate(f"give either a part of the year or a month, not both; e.g. {EXAMPLES}")
    if day is not None and month is None:
        raise InvalidDate(f"a day needs a month; write it like {EXAMPLES}")
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
