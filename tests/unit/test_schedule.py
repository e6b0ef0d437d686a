"""Up next, Upcoming, countdowns and the catch-up planner, against the example library, hand-made
series and a generated library; local days checked across time zones and daylight-saving changes."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from tests.conftest import NOW
from watchtracker.domain import progress
from watchtracker.domain.dates import parse_partial_date
from watchtracker.domain.enums import LifecycleStatus, ViewerState
from watchtracker.domain.models import EpisodeCode, ReleaseKind, UpcomingDay
from watchtracker.errors import InvalidInput, NotFound
from watchtracker.services.schedule import ScheduleService
from watchtracker.storage.database import session_scope
from watchtracker.storage.tables import Episode, Franchise, LibraryEntry, Season, Series, Viewing

pytestmark = pytest.mark.both_backends

UTC = UTC
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")


# -- building libraries by hand -------------------------------------------------------------------


def add_series(
    engine,
    title: str,
    *,
    state: ViewerState | None = ViewerState.WATCHING,
    status: LifecycleStatus = LifecycleStatus.AIRING,
    premiere: str | None = None,
    runtime: int | None = None,
    network: str = "Net",
    franchise_id: int | None = None,
) -> int:
    pd = parse_partial_date(premiere) if premiere else None
    with session_scope(engine) as session:
        s = Series(
            title=title,
            status=status.value,
            premiere=pd.to_text() if pd else None,
            premiere_precision=pd.precision.value if pd else None,
            premiere_sort=pd.earliest() if pd else None,
            runtime=runtime,
            network=network,
            franchise_id=franchise_id,
        )
        session.add(s)
        session.flush()
        if state is not None:
            session.add(LibraryEntry(series_id=s.id, state=state.value))
        return s.id


def add_episodes(
    engine, series_id: int, season: int, episodes: list[dict], *, season_premiere: date | None = None
) -> list[int]:
    """Dicts of number, title, air_date, airstamp (aware), runtime, watched (a UTC time)."""
    with session_scope(engine) as session:
        row = session.exec(select(Season).where(Season.series_id == series_id, Season.number == season)).first()
        if row is None:
            row = Season(series_id=series_id, number=season, premiere=season_premiere)
            session.add(row)
            session.flush()
        ids = []
        for e in episodes:
            stamp = e.get("airstamp")
            air_date = e.get("air_date")
            if stamp is not None and air_date is None:
                air_date = stamp.astimezone(NEW_YORK).date()  # the broadcaster's calendar
            ep = Episode(
                series_id=series_id,
                season_id=row.id,
                season=season,
                number=e["number"],
                title=e.get("title", f"Episode {e['number']}"),
                air_date=air_date,
                airstamp=stamp.astimezone(UTC) if stamp else None,
                runtime=e.get("runtime"),
            )
            session.add(ep)
            session.flush()
            if e.get("watched") is not None:
                session.add(Viewing(episode_id=ep.id, watched_at=e["watched"]))
            ids.append(ep.id)
        return ids


def weekly(
    start: datetime,
    count: int,
    *,
    first: int = 1,
    watched: int = 0,
    when: datetime | None = None,
    runtime: int | None = None,
) -> list[dict]:
    """``count`` episodes a week apart from ``start``; the first ``watched`` of them watched."""
    return [
        {
            "number": first + i,
            "airstamp": start + timedelta(weeks=i),
            "runtime": runtime,
            "watched": (when or NOW - timedelta(days=30)) if i < watched else None,
        }
        for i in range(count)
    ]


def ny(y, m, d, hh=22, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=NEW_YORK)


@pytest.fixture
def sched(services) -> ScheduleService:
    return ScheduleService(services.engine, services.library, tz=BERLIN)


@pytest.fixture
def example_sched(example) -> ScheduleService:
    return ScheduleService(example.engine, example.library, tz=BERLIN)


def ids_of(example, title: str) -> int:
    return example.library.find(title)


# -- Up next ------------------------------------------------------------------------------------


def test_up_next_on_the_example_library(example, example_sched):
    rows = example_sched.up_next()
    # Bosch is completed; Ballard (watched in July 2025) and Bosch: Legacy (in 2022) are being watched
    assert [r.title for r in rows] == ["Ballard", "Bosch: Legacy"]
    ballard, legacy = rows
    assert ballard.code == EpisodeCode(1, 5) and ballard.left == 6
    assert ballard.episode_title == "What's Done in the Dark"
    assert legacy.code == EpisodeCode(1, 3)
    assert legacy.state is ViewerState.WATCHING
    lib = example.library.library([legacy.series_id])[0]
    assert legacy.left == lib.episodes_aired - lib.episodes_watched == 28
    assert legacy.last_watched == lib.last_watched
    assert legacy.episode_title == lib.next_episode.title and legacy.air_date == lib.next_episode.air_date
    detail = example.library.detail(legacy.series_id)
    assert legacy.episode_id == next(e.id for e in detail.episodes() if e.code == legacy.code)


def test_the_services_composition_has_the_schedule(example):
    rows = example.schedule.up_next()  # the library's clock, the system's zone
    assert [r.title for r in rows] == ["Ballard", "Bosch: Legacy"]


def test_watch_next_moves_the_row_on_and_can_be_undone(example, example_sched):
    row = example_sched.up_next()[0]  # Ballard, at S01E05
    done = example_sched.watch_next(row)
    assert done.result.changes.series == {row.series_id}
    assert done.row.code == EpisodeCode(1, 6) and done.row.left == row.left - 1
    assert done.row.last_watched == NOW  # the library's clock
    assert example_sched.up_next_row(row.series_id) == done.row
    example.library.remove_viewings(done.result.added)
    assert example_sched.up_next_row(row.series_id) == row


def test_watching_the_last_aired_episode_leaves_up_next(sched, services):
    sid = add_series(services.engine, "Short")
    add_episodes(services.engine, sid, 1, weekly(NOW - timedelta(weeks=2), 3, watched=1))
    row = sched.up_next_row(sid)
    assert row.code == EpisodeCode(1, 2) and row.left == 2
    row = sched.watch_next(row).row
    assert row.code == EpisodeCode(1, 3) and row.left == 1
    assert sched.watch_next(row).row is None
    assert sched.up_next() == []


def test_which_states_take_part(sched, services):
    e = services.engine
    for title, state in [
        ("W", ViewerState.WATCHING),
        ("P", ViewerState.PLAN_TO_WATCH),
        ("H", ViewerState.ON_HOLD),
        ("D", ViewerState.DROPPED),
    ]:
        sid = add_series(e, title, state=state)
        add_episodes(e, sid, 1, weekly(NOW - timedelta(weeks=3), 2))
    assert [r.title for r in sched.up_next()] == ["W"]
    both = sched.up_next(states=(ViewerState.WATCHING, ViewerState.ON_HOLD))
    assert sorted(r.title for r in both) == ["H", "W"]
    assert sched.up_next(states=()) == []


def test_new_episodes_after_a_pause_come_back_on_top(sched, services):
    e = services.engine
    # in the middle of it, watched last week
    busy = add_series(e, "Busy")
    add_episodes(e, busy, 1, weekly(NOW - timedelta(weeks=20), 10, watched=4, when=NOW - timedelta(days=7)))
    # paused for a year; a new season started yesterday
    back = add_series(e, "Back")
    add_episodes(
        e, back, 1, weekly(datetime(2025, 1, 1, 2, tzinfo=UTC), 6, watched=6, when=datetime(2025, 3, 1, tzinfo=UTC))
    )
    add_episodes(e, back, 2, weekly(NOW - timedelta(days=1), 1))
    # paused for a year with nothing new: sinks
    stale = add_series(e, "Stale")
    add_episodes(
        e, stale, 1, weekly(datetime(2024, 1, 1, 2, tzinfo=UTC), 6, watched=2, when=datetime(2025, 2, 1, tzinfo=UTC))
    )
    # never started: its newest episode aired a month ago
    fresh = add_series(e, "Fresh")
    add_episodes(e, fresh, 1, weekly(NOW - timedelta(weeks=8), 5))
    rows = sched.up_next()
    assert [r.title for r in rows] == ["Back", "Busy", "Fresh", "Stale"]
    back_row = rows[0]
    assert back_row.code == EpisodeCode(2, 1) and back_row.left == 1
    assert back_row.activity == back_row.newest_aired == NOW - timedelta(days=1)
    assert rows[1].activity == rows[1].last_watched == NOW - timedelta(days=7)
    assert rows[2].last_watched is None and rows[2].left == 5


def test_specials_are_optional_and_join_the_queue_in_air_order(sched, services):
    e = services.engine
    sid = add_series(e, "With specials", runtime=50)
    add_episodes(e, sid, 1, weekly(datetime(2026, 1, 1, 2, tzinfo=UTC), 4, watched=2))
    # before the furthest watched one: passed; between: in the queue; not aired yet: not
    add_episodes(
        e,
        sid,
        0,
        [
            {"number": 1, "airstamp": datetime(2025, 12, 24, 2, tzinfo=UTC)},
            {"number": 2, "airstamp": datetime(2026, 1, 10, 2, tzinfo=UTC), "title": "Holiday"},
            {"number": 3, "airstamp": NOW + timedelta(days=3)},
        ],
    )
    plain = sched.up_next_row(sid)
    assert plain.code == EpisodeCode(1, 3) and plain.left == 2 and plain.runtime == 50
    row = sched.up_next_row(sid, include_specials=True)
    assert row.code == EpisodeCode(0, 2) and row.is_special and row.episode_title == "Holiday"
    assert row.left == 3
    row = sched.watch_next(row, include_specials=True).row
    assert row.code == EpisodeCode(1, 3) and row.left == 2


def test_a_series_with_only_specials_left(sched, services):
    e = services.engine
    sid = add_series(e, "Done but for a special")
    add_episodes(e, sid, 1, weekly(datetime(2026, 1, 1, 2, tzinfo=UTC), 2, watched=2))
    add_episodes(e, sid, 0, [{"number": 1, "air_date": date(2026, 6, 1)}])
    assert sched.up_next() == []
    [row] = sched.up_next(include_specials=True)
    assert row.code == EpisodeCode(0, 1) and row.airstamp is None and row.air_date == date(2026, 6, 1)


def test_up_next_agrees_with_the_domain_rules_on_a_generated_library(sched, services):
    generate(services.engine, 40, seed=3)
    rows = {r.series_id: r for r in sched.up_next()}
    now, today = sched.now(), sched.today()
    watching = {sid for sid, state in _states(services.engine).items() if state == "watching"}
    for sid in watching:
        eps = services.library.detail(sid).episodes()
        nxt = progress.next_to_watch(eps, now, today)
        if nxt is None:
            assert sid not in rows
            continue
        row = rows[sid]
        assert (row.code, row.episode_id) == (nxt.code, nxt.id)
        furthest = max((x.code for x in progress.regular(eps) if x.watched), default=EpisodeCode(0, 0))
        left = [
            x
            for x in progress.regular(eps)
            if x.code > furthest and not x.watched and progress.has_aired(x, now, today)
        ]
        assert row.left == len(left)
    assert set(rows) <= watching
    activity = [r.activity for r in rows.values()]
    assert [r.activity for r in sched.up_next()] == sorted(activity, reverse=True)


# -- Upcoming -----------------------------------------------------------------------------------


def test_22_00_in_new_york_is_the_next_morning_in_berlin(services):
    e = services.engine
    sid = add_series(e, "Late Show", runtime=60)
    add_episodes(
        e,
        sid,
        3,
        [
            {"number": 4, "airstamp": ny(2026, 11, 26)},  # Thursday 22:00 EST = Fri 03:00 UTC
            {"number": 5, "air_date": date(2026, 12, 3)},  # date only: stays on its date
        ],
    )
    berlin = ScheduleService(e, services.library, tz=BERLIN).upcoming()
    [first, second] = berlin.items
    assert first.day == date(2026, 11, 27) and first.local_time.hour == 4
    assert first.local_time.utcoffset() == timedelta(hours=1)
    assert first.airstamp == datetime(2026, 11, 27, 3, tzinfo=UTC)
    assert second.day == date(2026, 12, 3) and second.local_time is None and not second.timed
    new_york = ScheduleService(e, services.library, tz=NEW_YORK).upcoming()
    assert [i.day for i in new_york.items] == [date(2026, 11, 26), date(2026, 12, 3)]
    assert new_york.items[0].local_time.hour == 22
    tokyo = ScheduleService(e, services.library, tz=ZoneInfo("Asia/Tokyo")).upcoming()
    assert tokyo.items[0].day == date(2026, 11, 27) and tokyo.items[0].local_time.hour == 12


def test_local_days_across_daylight_saving_changes(services):
    """Europe leaves summer time on 25 Oct 2026, the US on 1 Nov: for one week New York's 22:00
    is 03:00 in Berlin instead of 04:00; the New York viewer sees 22:00 every Thursday."""
    e = services.engine
    sid = add_series(e, "Thursday Nights")
    thursdays = [ny(2026, 10, 22), ny(2026, 10, 29), ny(2026, 11, 5)]
    add_episodes(e, sid, 1, [{"number": i + 1, "airstamp": t} for i, t in enumerate(thursdays)])
    services.library.clock = lambda: datetime(2026, 10, 20, 12, tzinfo=UTC)
    berlin = ScheduleService(e, services.library, tz=BERLIN).upcoming(days=30)
    assert [(i.day, i.local_time.hour) for i in berlin.items] == [
        (date(2026, 10, 23), 4),
        (date(2026, 10, 30), 3),
        (date(2026, 11, 6), 4),
    ]
    assert [d.day.strftime("%A") for d in berlin.days] == ["Friday"] * 3
    new_york = ScheduleService(e, services.library, tz=NEW_YORK).upcoming(days=30)
    assert [(i.day, i.local_time.hour) for i in new_york.items] == [(t.date(), 22) for t in thursdays]
    assert {i.local_time.utcoffset() for i in new_york.items} == {timedelta(hours=-4), timedelta(hours=-5)}
    la = ScheduleService(e, services.library, tz=LOS_ANGELES).upcoming(days=30)
    assert [(i.day.weekday(), i.local_time.hour) for i in la.items] == [(3, 19)] * 3


def test_upcoming_groups_by_day_and_orders_all_day_items_first(sched, services):
    e = services.engine
    a = add_series(e, "Alpha")
    b = add_series(e, "Beta", state=ViewerState.COMPLETED)  # a completed series' new season: shown
    c = add_series(e, "Gone", state=ViewerState.DROPPED)  # dropped: not shown
    add_episodes(
        e,
        a,
        1,
        [
            {"number": 1, "airstamp": datetime(2026, 11, 26, 20, tzinfo=UTC)},
            {"number": 2, "air_date": date(2026, 11, 26)},
        ],
    )
    add_episodes(e, b, 2, [{"number": 1, "airstamp": datetime(2026, 11, 26, 18, tzinfo=UTC)}])
    add_episodes(e, c, 1, [{"number": 1, "airstamp": datetime(2026, 11, 26, 19, tzinfo=UTC)}])
    # already aired an hour ago: gone from Upcoming; beyond the window: not yet there
    add_episodes(
        e,
        a,
        0,
        [{"number": 1, "airstamp": NOW - timedelta(hours=1)}, {"number": 2, "airstamp": NOW + timedelta(days=31)}],
    )
    up = sched.upcoming(include_specials=True)
    assert len(up.days) == 1 and up.days[0].day == date(2026, 11, 26)
    assert [i.label for i in up.items] == [
        "Alpha — S01E02 Episode 2",
        "Beta — S02E01 Episode 1",
        "Alpha — S01E01 Episode 1",
    ]
    assert [i.kind for i in up.items] == [ReleaseKind.EPISODE, ReleaseKind.SEASON_PREMIERE, ReleaseKind.SERIES_PREMIERE]
    assert up.days[0].label(sched.today()) == "Thursday 26 November"
    assert UpcomingDay(sched.today(), ()).label(sched.today()) == "Today"
    assert UpcomingDay(date(2027, 1, 5), ()).label(sched.today()) == "Tuesday 5 January 2027"
    assert len(sched.upcoming(days=60, include_specials=True).items) == 4
    assert len(sched.upcoming(days=60).items) == 3  # no specials unless asked
    with pytest.raises(InvalidInput):
        sched.upcoming(days=0)


def test_premieres_only_and_premieres_known_only_by_date(sched, services):
    e = services.engine
    running = add_series(e, "Running")
    add_episodes(e, running, 2, weekly(NOW + timedelta(days=1), 3))  # S02E01 a season premiere
    new = add_series(e, "Brand New", status=LifecycleStatus.UPCOMING, premiere="2026-12-10", runtime=30)
    season_only = add_series(e, "Next Season Dated")
    add_episodes(e, season_only, 1, weekly(datetime(2025, 1, 1, 2, tzinfo=UTC), 2))
    add_episodes(e, season_only, 2, [], season_premiere=date(2026, 12, 1))
    up = sched.upcoming()
    assert len(up.items) == 5
    firsts = sched.upcoming(premieres_only=True).items
    assert [(i.series_title, i.kind, i.key.split("-")[0]) for i in firsts] == [
        ("Running", ReleaseKind.SEASON_PREMIERE, "episode"),
        ("Next Season Dated", ReleaseKind.SEASON_PREMIERE, "season"),
        ("Brand New", ReleaseKind.SERIES_PREMIERE, "series"),
    ]
    dated, brand_new = firsts[1], firsts[2]
    assert dated.label == "Next Season Dated — Season 2 premiere" and dated.day == date(2026, 12, 1)
    assert brand_new.label == "Brand New — Series premiere" and brand_new.day == date(2026, 12, 10)
    assert brand_new.code is None and not brand_new.timed and brand_new.runtime == 30
    assert up.announced == ()  # its date is exact and inside the window
    # once S01E01 is listed, the episode stands for the premiere: no second item
    add_episodes(e, new, 1, [{"number": 1, "air_date": date(2026, 12, 10), "title": "Pilot"}])
    firsts = sched.upcoming(premieres_only=True).items
    assert [i.label for i in firsts if i.series_id == new] == ["Brand New — S01E01 Pilot"]


def test_announced_series_keep_their_precision(sched, services):
    e = services.engine
    add_series(e, "Spring Thing", status=LifecycleStatus.ANNOUNCED, premiere="Spring 2027")
    add_series(e, "Next Year", status=LifecycleStatus.IN_PRODUCTION, premiere="2027")
    add_series(e, "May Show", status=LifecycleStatus.UPCOMING, premiere="May 2027")
    add_series(e, "Far Day", status=LifecycleStatus.UPCOMING, premiere="2027-02-03")
    add_series(e, "No Date", status=LifecycleStatus.RUMORED)
    add_series(e, "Not Followed", state=None, status=LifecycleStatus.ANNOUNCED, premiere="2027")
    add_series(e, "Soon", status=LifecycleStatus.UPCOMING, premiere="2026-12-01")
    up = sched.upcoming()
    assert [(a.title, a.when) for a in up.announced] == [
        ("Next Year", "2027"),
        ("Far Day", "3 February 2027"),
        ("Spring Thing", "Spring 2027"),
        ("May Show", "May 2027"),
        ("No Date", "Date not announced"),
    ]
    # never a made-up day: only the exact date inside the window became a dated item
    assert [i.series_title for i in up.items] == ["Soon"]
    assert sched.upcoming(days=90).announced[1].title == "Spring Thing"  # Far Day is in range now


def test_the_example_library_upcoming(example, example_sched):
    e = example.engine
    assert example_sched.upcoming().items == []
    assert example_sched.upcoming().announced == ()  # Ballard is out; its season 2 has no date
    # a spin-off announced for 2025 and not followed, as Ballard was in the example before it came out
    origins = add_series(
        e,
        "Bosch: Origins",
        state=None,
        status=LifecycleStatus.ANNOUNCED,
        premiere="2025",
        franchise_id=_franchise(e, "Bosch universe"),
    )
    assert example_sched.upcoming().announced == ()  # not followed
    example.library.follow(origins)
    [announced] = example_sched.upcoming().announced
    assert announced.title == "Bosch: Origins" and announced.franchise == "Bosch universe"
    assert announced.when == "Expected 2025 — no date since" and announced.overdue  # 2025 is over
    legacy = ids_of(example, "Bosch: Legacy")
    add_episodes(e, legacy, 4, weekly(ny(2026, 12, 3, 21), 3))
    items = example_sched.upcoming().items
    assert [(str(i.code), i.day) for i in items] == [
        ("S04E01", date(2026, 12, 4)),
        ("S04E02", date(2026, 12, 11)),
        ("S04E03", date(2026, 12, 18)),
    ]


def test_countdown_for_the_next_few(sched, services):
    e = services.engine
    sid = add_series(e, "Soon")
    add_episodes(
        e,
        sid,
        1,
        [
            {"number": 1, "airstamp": NOW + timedelta(minutes=35)},
            {"number": 2, "airstamp": NOW + timedelta(hours=5, minutes=20)},
            {"number": 3, "air_date": date(2026, 11, 25)},
            {"number": 4, "airstamp": NOW + timedelta(days=4)},
            {"number": 5, "air_date": date(2026, 11, 24)},
        ],
    )
    up = sched.upcoming()
    shown = sched.countdown(up, limit=4)
    assert [(c.item.number, c.label) for c in shown] == [
        (5, "today"),
        (1, "in 35 min"),
        (2, "in 5 h 20 min"),
        (3, "tomorrow"),
    ]
    assert shown[3].remaining == datetime(2026, 11, 25, tzinfo=BERLIN) - NOW and not shown[3].exact
    later = sched.countdown(up, limit=2, now=NOW + timedelta(hours=1))  # a timer tick later
    assert [(c.item.number, c.label) for c in later] == [(5, "today"), (2, "in 4 h 20 min")]
    assert [(c.item.number, c.label) for c in sched.countdown(up, now=NOW + timedelta(days=3))] == [(4, "in 24 h")]
    assert [c.label for c in sched.countdown(up, now=NOW - timedelta(days=2))] == ["in 2 days"] * 3


# -- catch-up -----------------------------------------------------------------------------------


def test_catch_up_before_a_new_season(sched, services):
    e = services.engine
    sid = add_series(e, "Returning", runtime=50)
    add_episodes(
        e,
        sid,
        1,
        [
            {"number": 1, "air_date": date(2025, 1, 1), "runtime": 40, "watched": NOW - timedelta(days=100)},
            {"number": 2, "air_date": date(2025, 1, 8), "runtime": 40},
            {"number": 3, "air_date": date(2025, 1, 15)},  # no runtime: the series' 50
        ],
    )
    add_episodes(
        e, sid, 2, [{"number": 1, "airstamp": ny(2026, 12, 4, 21)}, {"number": 2, "airstamp": ny(2026, 12, 11, 21)}]
    )
    plan = sched.catch_up(sid)
    assert (plan.premiere_title, plan.premiere_kind, plan.premiere_season) == (
        "Returning",
        ReleaseKind.SEASON_PREMIERE,
        2,
    )
    assert plan.premiere_day == date(2026, 12, 5)  # 21:00 in New York is 03:00 in Berlin
    assert plan.premiere_at == datetime(2026, 12, 5, 2, tzinfo=UTC)
    assert (plan.episodes, plan.minutes, plan.estimated, plan.days) == (2, 90, 1, 11)
    assert plan.series[0].first == EpisodeCode(1, 2)
    assert plan.episodes_per_day == pytest.approx(2 / 11)
    assert plan.minutes_per_day == pytest.approx(90 / 11)
    assert plan.label() == "2 episodes, 1.5 hours to watch before 5 December 2026"


def test_catch_up_counts_what_airs_before_the_premiere_and_falls_back_to_45_minutes(sched, services):
    e = services.engine
    sid = add_series(e, "Still Airing")  # no runtime anywhere: 45 min each
    add_episodes(e, sid, 1, weekly(NOW - timedelta(weeks=1), 4))  # 1 aired, 3 still to come
    add_episodes(e, sid, 2, [{"number": 1, "air_date": date(2026, 12, 22)}])
    plan = sched.catch_up(sid)
    assert plan.premiere_day == date(2026, 12, 22) and plan.premiere_at is None
    assert (plan.episodes, plan.minutes, plan.estimated) == (4, 180, 4)


def test_catch_up_for_the_bosch_franchise_before_ballard(example, example_sched):
    e = example.engine
    assert example_sched.catch_up(franchise_id=_franchise(e, "Bosch universe")) is None  # Ballard 2: no date
    # the next spin-off, announced for "2025" and not followed, as Ballard was in the example before it came out
    origins = add_series(
        e,
        "Bosch: Origins",
        state=None,
        status=LifecycleStatus.ANNOUNCED,
        premiere="2025",
        franchise_id=_franchise(e, "Bosch universe"),
    )
    assert example_sched.catch_up(franchise_id=_franchise(e, "Bosch universe")) is None  # "2025": no day
    with session_scope(e) as session:
        s = session.get(Series, origins)
        s.premiere, s.premiere_precision, s.premiere_sort = "2027-01-15", "day", date(2027, 1, 15)
        session.add(s)
    plan = example_sched.catch_up(franchise_id=_franchise(e, "Bosch universe"))
    assert plan.premiere_title == "Bosch: Origins" and plan.premiere_kind is ReleaseKind.SERIES_PREMIERE
    assert plan.premiere_day == date(2027, 1, 15) and plan.days == 52
    # Bosch is watched to the end; Bosch: Legacy from S01E03 on, Ballard from S01E05 on
    legacy, ballard = ids_of(example, "Bosch: Legacy"), ids_of(example, "Ballard")
    assert [(p.title, p.first) for p in plan.series] == [
        ("Bosch: Legacy", EpisodeCode(1, 3)),
        ("Ballard", EpisodeCode(1, 5)),
    ]
    todo = [x for x in example.library.detail(legacy).episodes() if x.code >= EpisodeCode(1, 3)]
    todo += [x for x in example.library.detail(ballard).episodes() if x.code >= EpisodeCode(1, 5)]
    assert plan.episodes == len(todo) == 28 + 6
    assert plan.minutes == sum(x.runtime or 45 for x in todo)
    assert plan.estimated == sum(1 for x in todo if not x.runtime)
    # the same deadline from the new series' own point of view: nothing of its own to watch
    own = example_sched.catch_up(origins)
    assert own.premiere_day == date(2027, 1, 15) and own.caught_up


def test_catch_up_without_a_dated_premiere_or_a_target(sched, services):
    sid = add_series(services.engine, "Ended", status=LifecycleStatus.ENDED)
    add_episodes(services.engine, sid, 1, weekly(datetime(2024, 1, 1, tzinfo=UTC), 3))
    assert sched.catch_up(sid) is None
    with pytest.raises(InvalidInput):
        sched.catch_up()
    with pytest.raises(InvalidInput):
        sched.catch_up(sid, franchise_id=1)
    with pytest.raises(NotFound):
        sched.catch_up(9999)
    with pytest.raises(NotFound):
        sched.catch_up(franchise_id=9999)


# -- a generated library --------------------------------------------------------------------------


def generate(engine, n_series: int, *, seed: int = 1) -> None:
    """Series of every state with weekly timed or date-only episodes around NOW, some watched."""
    rnd = random.Random(seed)
    states = [
        ViewerState.WATCHING,
        ViewerState.WATCHING,
        ViewerState.COMPLETED,
        ViewerState.PLAN_TO_WATCH,
        ViewerState.ON_HOLD,
        ViewerState.DROPPED,
    ]
    for i in range(n_series):
        sid = add_series(engine, f"Generated {i:03d}", state=rnd.choice(states), runtime=rnd.choice([None, 30, 60]))
        start = NOW - timedelta(days=rnd.randint(-20, 400), hours=rnd.randint(0, 23))
        n = rnd.randint(2, 30)
        watched = rnd.randint(0, n)
        eps = []
        for k in range(n):
            when = start + timedelta(weeks=k)
            timed = rnd.random() < 0.7
            eps.append(
                {
                    "number": k + 1,
                    "airstamp": when if timed else None,
                    "air_date": None if timed else when.date(),
                    "watched": NOW - timedelta(days=rnd.randint(1, 300)) if k < watched and when < NOW else None,
                }
            )
        add_episodes(engine, sid, 1 + i % 3, eps)


def _states(engine) -> dict[int, str]:
    with session_scope(engine) as session:
        return {sid: state for sid, state in session.exec(select(LibraryEntry.series_id, LibraryEntry.state))}


def _franchise(engine, name: str) -> int:
    with session_scope(engine) as session:
        return session.exec(select(Franchise.id).where(Franchise.name == name)).one()


def test_upcoming_agrees_with_a_plain_count_on_a_generated_library(sched, services):
    generate(services.engine, 60, seed=11)
    up = sched.upcoming(days=30)
    now, until = sched.now(), sched.now() + timedelta(days=30)
    today, last = sched.today(), sched.local(until).date()
    states = _states(services.engine)
    expected = set()
    for sid, state in states.items():
        if state == "dropped":
            continue
        for x in services.library.detail(sid).episodes():
            if x.season == 0:
                continue
            if (x.airstamp is not None and now <= x.airstamp < until) or (
                x.airstamp is None and x.air_date is not None and today <= x.air_date <= last
            ):
                expected.add(x.id)
    assert {i.episode_id for i in up.items} == expected
    assert [d.day for d in up.days] == sorted({d.day for d in up.days})
    for day in up.days:
        assert all(i.day == day.day for i in day.items)
        assert all(sched.local(i.airstamp).date() == day.day for i in day.items if i.timed)


def test_a_premiere_whose_expected_period_is_over_is_overdue_and_sorted_apart(sched, services):
    """In November 2026 a series "expected 2025" (or "Spring 2026") with no episodes has not come:
    it is not upcoming, it is overdue."""
    e = services.engine
    add_series(e, "Long Gone", status=LifecycleStatus.ANNOUNCED, premiere="2025")
    add_series(e, "Missed Spring", status=LifecycleStatus.UPCOMING, premiere="Spring 2026")
    add_series(e, "Next Year", status=LifecycleStatus.ANNOUNCED, premiere="2027")
    add_series(e, "This Year", status=LifecycleStatus.ANNOUNCED, premiere="2026")  # not over until 31 December
    up = sched.upcoming()
    assert [(a.title, a.when, a.overdue) for a in up.announced] == [
        ("This Year", "2026", False),
        ("Next Year", "2027", False),
        ("Long Gone", "Expected 2025 — no date since", True),
        ("Missed Spring", "Expected Spring 2026 — no date since", True),
    ]
