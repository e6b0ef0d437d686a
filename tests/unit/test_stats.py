"""StatsService: hours and episodes per month, year, series and genre, streaks and totals, with
the runtime fallbacks, rewatches, undated viewings and local-time month boundaries."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import NOW
from watchtracker.errors import InvalidInput
from watchtracker.services.stats import DEFAULT_RUNTIME, NO_GENRE, StatsService, Streak, streaks
from watchtracker.storage.database import session_scope
from watchtracker.storage.tables import Episode, Series, Viewing

pytestmark = pytest.mark.both_backends

UTC = UTC
BERLIN, NEW_YORK, HELSINKI = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York"), ZoneInfo("Europe/Helsinki")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def make_series(engine, title: str, *, genres=(), runtime=None, episodes=()) -> dict[int, int]:
    """``episodes``: (number, runtime, [watched_at ...]) in season 1. Returns number -> episode id."""
    with session_scope(engine) as session:
        s = Series(title=title, status="ended", genres=list(genres), runtime=runtime)
        session.add(s)
        session.flush()
        out = {}
        for number, ep_runtime, viewings in episodes:
            e = Episode(series_id=s.id, season=1, number=number, runtime=ep_runtime)
            session.add(e)
            session.flush()
            out[number] = e.id
            session.add_all(Viewing(episode_id=e.id, watched_at=w) for w in viewings)
        return out


@pytest.fixture
def stats(services):
    def make(now: datetime = NOW, tz=BERLIN) -> StatsService:
        return StatsService(services.engine, clock=lambda: now, tz=tz)

    return make


# -- the example library --------------------------------------------------------------------


def test_the_example_library(example, stats):
    st = stats().stats()
    assert (st.episodes, st.distinct_episodes, st.rewatches) == (76, 74, 2)  # two Bosch rewatches
    assert st.series == 3 and st.undated == 0
    assert [(s.label, s.episodes) for s in st.by_series] == [("Bosch", 70), ("Ballard", 4), ("Bosch: Legacy", 2)]
    assert sum(s.minutes for s in st.by_series) == st.minutes
    assert [(g.label, g.episodes, g.minutes) for g in st.by_genre] == [
        ("Crime", 76, st.minutes),
        ("Drama", 76, st.minutes),
    ]  # both genres of every series
    assert [y.label for y in st.by_year] == [str(y) for y in range(2015, 2026)]  # 2023 and 2024 empty
    assert sum(y.episodes for y in st.by_year) == sum(m.episodes for m in st.by_month) == 76
    assert sum(y.minutes for y in st.by_year) == st.minutes
    assert (st.by_month[0].label, st.by_month[-1].label) == ("Feb 2015", "Jul 2025")
    assert len(st.by_month) == 126  # every month between, the empty ones too
    assert st.by_month[0].episodes == 10 and st.by_month[1].episodes == 0
    assert st.first_watched == datetime(2015, 2, 15, 20, 40, tzinfo=BERLIN)
    assert st.current_streak == Streak()  # nothing watched lately
    assert st.longest_streak.days == 7
    # Bosch has a runtime on few of its episodes (season 4's fifth, seasons 6 and 7 by their
    # season's range): the others take its typical episode; so do Bosch: Legacy's two
    assert st.estimated == 53 and 50 < st.hours < 60
    assert stats().genres() == ["Crime", "Drama"]


# -- runtimes -------------------------------------------------------------------------------


def test_runtime_falls_back_to_the_series_then_its_typical_episode_then_the_default(services, stats):
    w = [at(2025, 3, 1, 20)]
    make_series(services.engine, "Own runtimes", runtime=60, episodes=[(1, 30, w), (2, 50, w)])
    make_series(services.engine, "Series runtime", runtime=25, episodes=[(1, None, w)])
    make_series(services.engine, "Typical", episodes=[(1, None, w), (2, 40, []), (3, 44, [])])
    make_series(services.engine, "Nothing known", episodes=[(1, None, w)])
    st = stats().stats()
    minutes = {s.label: s.minutes for s in st.by_series}
    assert minutes == {"Own runtimes": 80, "Series runtime": 25, "Typical": 42, "Nothing known": DEFAULT_RUNTIME}
    assert st.estimated == 3 and st.minutes == 80 + 25 + 42 + 45
    assert st.hours == pytest.approx(192 / 60)


def test_rewatches_count_each_time(services, stats):
    make_series(
        services.engine, "Again", genres=["Comedy"], episodes=[(1, 30, [at(2025, 1, 1, 20), at(2025, 6, 1, 20)])]
    )
    st = stats().stats()
    assert (st.episodes, st.minutes, st.distinct_episodes, st.rewatches) == (2, 60, 1, 1)
    assert [(m.label, m.episodes) for m in st.by_month if m.episodes] == [("Jan 2025", 1), ("Jun 2025", 1)]


def test_a_series_with_no_genre_and_the_genre_filter(services, stats):
    make_series(services.engine, "Plain", episodes=[(1, 30, [at(2025, 1, 1, 20)])])
    make_series(
        services.engine, "Funny", genres=["Comedy", "Comedy", "Drama"], episodes=[(1, 20, [at(2025, 1, 2, 20)])]
    )
    st = stats().stats()
    assert {g.label: g.minutes for g in st.by_genre} == {NO_GENRE: 30, "Comedy": 20, "Drama": 20}
    assert stats().genres() == ["Comedy", "Drama", NO_GENRE]
    comedy = stats().stats(genre="Comedy")
    assert (comedy.episodes, [s.label for s in comedy.by_series]) == (1, ["Funny"])
    assert stats().stats(genre=NO_GENRE).minutes == 30


# -- time zones, months and years ---------------------------------------------------------------


def test_month_and_year_boundaries_are_local(services, stats):
    make_series(
        services.engine,
        "Late",
        episodes=[
            (1, 30, [at(2025, 1, 31, 23, 30)]),  # Berlin: 1 February 00:30; New York: 31 January 18:30
            (2, 30, [at(2024, 12, 31, 23, 30)]),  # Berlin: 2025; New York: 2024
        ],
    )
    berlin, new_york = stats(tz=BERLIN).stats(), stats(tz=NEW_YORK).stats()
    assert [(m.label, m.episodes) for m in berlin.by_month] == [("Jan 2025", 1), ("Feb 2025", 1)]
    assert [(m.label, m.episodes) for m in new_york.by_month] == [("Dec 2024", 1), ("Jan 2025", 1)]
    assert [(y.label, y.episodes) for y in berlin.by_year] == [("2025", 2)]
    assert [(y.label, y.episodes) for y in new_york.by_year] == [("2024", 1), ("2025", 1)]
    assert berlin.time_zone == "Europe/Berlin"


def test_month_boundary_after_the_daylight_saving_change(services, stats):
    """On 31 March 2025 22:30 UTC it is already 1 April in Berlin (summer time, +2), though a
    fixed winter offset (+1) would still say 31 March."""
    make_series(
        services.engine, "Spring", episodes=[(1, 30, [at(2025, 3, 31, 22, 30)]), (2, 30, [at(2025, 3, 30, 0, 30)])]
    )
    st = stats(tz=BERLIN).stats()
    assert [(m.label, m.episodes) for m in st.by_month] == [("Mar 2025", 1), ("Apr 2025", 1)]
    fixed = stats(tz=timezone(timedelta(hours=1))).stats()
    assert [(m.label, m.episodes) for m in fixed.by_month] == [("Mar 2025", 2)]


def test_the_computers_time_zone_by_default(services, stats, monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Europe/Helsinki")
    time.tzset()
    try:
        make_series(services.engine, "Here", episodes=[(1, 30, [at(2025, 1, 31, 22, 30)])])  # 00:30 in Helsinki
        st = stats(tz=None).stats()
        assert [m.label for m in st.by_month] == ["Feb 2025"] and st.time_zone == "local"
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_a_date_range_is_in_local_days(services, stats):
    make_series(
        services.engine,
        "Range",
        episodes=[(1, 30, [at(2025, 1, 31, 23, 30)]), (2, 30, [at(2025, 2, 28, 12)]), (3, 30, [None])],
    )
    feb = stats(tz=BERLIN).stats(start=date(2025, 2, 1), end=date(2025, 2, 28))
    assert (feb.episodes, feb.undated) == (2, 0)  # the undated viewing is in no range
    assert stats(tz=NEW_YORK).stats(start=date(2025, 2, 1), end=date(2025, 2, 28)).episodes == 1
    with pytest.raises(InvalidInput, match="The first day comes after the last one."):
        stats().stats(start=date(2025, 3, 1), end=date(2025, 2, 1))


def test_undated_viewings_count_in_totals_only(services, stats):
    make_series(
        services.engine, "Some time", genres=["Drama"], episodes=[(1, 30, [None]), (2, 30, [at(2025, 5, 5, 20)])]
    )
    st = stats().stats()
    assert (st.episodes, st.minutes, st.undated) == (2, 60, 1)
    assert sum(m.episodes for m in st.by_month) == 1 and st.days == 1
    assert st.by_series[0].episodes == 2 and st.by_genre[0].episodes == 2


def test_series_filter_and_an_empty_history(services, stats):
    a = make_series(services.engine, "A", episodes=[(1, 30, [at(2025, 1, 1, 20)])])
    make_series(services.engine, "B", episodes=[(1, 30, [at(2025, 1, 2, 20)])])
    with session_scope(services.engine) as session:
        sid = session.get(Episode, a[1]).series_id
    only = stats().stats(series_ids=[sid])
    assert [s.label for s in only.by_series] == ["A"] and only.episodes == 1
    empty = stats().stats(series_ids=[])
    assert (empty.episodes, empty.by_month, empty.by_year, empty.longest_streak) == (0, (), (), Streak())
    assert empty.first_watched is None and empty.hours == 0


# -- streaks --------------------------------------------------------------------------------


def test_streaks_are_runs_of_local_days(services, stats):
    now = at(2025, 6, 10, 12)
    make_series(
        services.engine,
        "Daily",
        episodes=[
            (1, 30, [at(2025, 5, 1, 20), at(2025, 5, 2, 20), at(2025, 5, 3, 20), at(2025, 5, 4, 20)]),
            # 8 June 21:00 and 9 June 22:30 UTC: the 8th and the 10th in Berlin, the 8th and 9th in New York
            (2, 30, [at(2025, 6, 8, 21), at(2025, 6, 9, 22, 30)]),
        ],
    )
    berlin = stats(now, BERLIN).stats()
    assert berlin.longest_streak == Streak(4, date(2025, 5, 1), date(2025, 5, 4))
    assert berlin.current_streak == Streak(1, date(2025, 6, 10), date(2025, 6, 10))  # a gap on the 9th
    new_york = stats(now, NEW_YORK).stats()
    assert new_york.current_streak == Streak(2, date(2025, 6, 8), date(2025, 6, 9))  # yesterday still counts
    later = stats(at(2025, 6, 12, 12), NEW_YORK).stats()
    assert later.current_streak == Streak() and later.longest_streak.days == 4


def test_streak_rules():
    today = date(2025, 1, 10)
    assert streaks([], today) == (Streak(), Streak())
    days = [date(2025, 1, d) for d in (1, 2, 5, 6, 9, 10)]
    current, longest = streaks(days, today)
    assert current == Streak(2, date(2025, 1, 9), today)
    assert longest == current  # of equally long runs, the latest
    assert streaks([date(2024, 12, 31), date(2025, 1, 1)], today)[1] == Streak(2, date(2024, 12, 31), date(2025, 1, 1))


def test_a_generated_history(services, stats):
    """A year of viewings every other day across many series: the buckets add up."""
    start = at(2024, 1, 1, 19)
    for n in range(20):
        views = [start + timedelta(days=2 * (n * 9 + k)) for k in range(9)]
        make_series(
            services.engine,
            f"Series {n:02d}",
            genres=[["Drama"], ["Comedy"], []][n % 3],
            runtime=[None, 30][n % 2],
            episodes=[(k + 1, [None, 55][k % 2], [v]) for k, v in enumerate(views)],
        )
    st = stats(at(2025, 12, 31, 12)).stats()
    assert st.episodes == 180 and st.series == 20
    assert sum(m.minutes for m in st.by_month) == sum(y.minutes for y in st.by_year) == st.minutes
    assert sum(s.minutes for s in st.by_series) == st.minutes
    assert sum(g.minutes for g in st.by_genre) == st.minutes  # one genre each (or none) here
    assert st.longest_streak.days == 1 and st.days == 180
    assert [m.start for m in st.by_month] == sorted(m.start for m in st.by_month)
    assert all(m.start.day == 1 for m in st.by_month) and st.by_year[0].start == date(2024, 1, 1)
