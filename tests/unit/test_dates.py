from datetime import date

import pytest

from watchtracker.domain.dates import DatePrecision, InvalidDate, PartialDate, parse_partial_date


@pytest.mark.parametrize(
    "text, canonical, precision, label",
    [
        ("2026", "2026", DatePrecision.YEAR, "2026"),
        ("Spring 2026", "2026-spring", DatePrecision.PART, "Spring 2026"),
        ("autumn 2025", "2025-fall", DatePrecision.PART, "Fall 2025"),
        ("Q3 2026", "2026-q3", DatePrecision.PART, "Q3 2026"),
        ("late 2026", "2026-late", DatePrecision.PART, "Late 2026"),
        ("H2 2026", "2026-h2", DatePrecision.PART, "Second half of 2026"),
        ("May 2026", "2026-05", DatePrecision.MONTH, "May 2026"),
        ("2026/5", "2026-05", DatePrecision.MONTH, "May 2026"),
        ("2026-05-06", "2026-05-06", DatePrecision.DAY, "6 May 2026"),
        ("6 May 2026", "2026-05-06", DatePrecision.DAY, "6 May 2026"),
        ("May 6, 2026", "2026-05-06", DatePrecision.DAY, "6 May 2026"),
        ("  2026-spring ", "2026-spring", DatePrecision.PART, "Spring 2026"),
    ],
)
def test_parses_every_precision(text, canonical, precision, label):
    d = parse_partial_date(text)
    assert d.to_text() == canonical
    assert d.precision is precision
    assert d.label() == label
    # the canonical text reads back to the same date
    assert parse_partial_date(d.to_text()) == d


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "no date given"),
        ("soon", "not a date"),
        ("2026-02-30", "has no day 30"),
        ("31 Feb 2026", "has no day 31"),
        ("2026-13", "no month 13"),
        ("Spring May 2026", "either a part of the year or a month"),
        ("Smarch 2026", "did not understand 'smarch'"),
        ("1850", "out of range"),
        ("2026 2027", "not a date"),
    ],
)
def test_nonsense_gets_a_clear_message(text, message):
    with pytest.raises(InvalidDate, match=message):
        parse_partial_date(text)


def test_ranges_sort_by_their_first_possible_day():
    spring = parse_partial_date("Spring 2026")
    assert spring.earliest() == date(2026, 4, 1)
    assert spring.latest() == date(2026, 6, 30)
    assert spring.as_date() is None  # never a fake exact date
    assert parse_partial_date("2026-05-06").as_date() == date(2026, 5, 6)
    assert parse_partial_date("2024-02").latest() == date(2024, 2, 29)


def test_phrases_read_naturally():
    assert parse_partial_date("2026").phrase() == "in 2026"
    assert parse_partial_date("Spring 2026").phrase() == "in spring 2026"
    assert parse_partial_date("H1 2026").phrase() == "in the first half of 2026"
    assert parse_partial_date("2026-05-06").phrase() == "on 6 May 2026"


def test_invalid_parts_are_refused_when_built_directly():
    with pytest.raises(InvalidDate):
        PartialDate(2026, part="someday")
    with pytest.raises(InvalidDate):
        PartialDate(2026, day=3)


@pytest.mark.parametrize(
    "part", ["q1", "q2", "q3", "q4", "winter", "spring", "summer", "fall", "early", "mid", "late", "h1", "h2"]
)
def test_every_label_reads_back(part):
    """The edit form shows label(): it must parse back to the same date."""
    d = PartialDate(2027, part=part)
    assert parse_partial_date(d.label()) == d
    assert parse_partial_date(d.to_text()) == d
    for exact in (PartialDate(2027), PartialDate(2027, 5), PartialDate(2027, 5, 6)):
        assert parse_partial_date(exact.label()) == exact
