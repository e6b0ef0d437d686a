"""AlertService: the alerts list (order, filters, read, dismissed, muted), the alerts the library
raises by itself (check_library, with a controllable clock) and "Track this spin-off"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from tests.conftest import NOW
from watchtracker.domain.enums import AnnouncementKind, LifecycleStatus, RelationKind, ViewerState
from watchtracker.domain.inputs import SeriesInput
from watchtracker.errors import InvalidInput, NotFound
from watchtracker.providers.feeds import FeedClient
from watchtracker.providers.http import PoliteClient, Politeness
from watchtracker.services.alerts import LIBRARY_SOURCE, AlertService
from watchtracker.services.feeds import FeedService
from watchtracker.storage.database import session_scope
from watchtracker.storage.tables import Announcement, Episode, LibraryEntry, Relation, Season

pytestmark = pytest.mark.both_backends

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
K = AnnouncementKind
UTC = UTC

# The example library's eleven announcements, newest first (see resources/example/bosch-universe.json).
EXAMPLE_HEADLINES = [
    "MGM+ orders a Bosch prequel, Bosch: Start of Watch",
    "Ballard renewed for season 2",
    "Ballard premieres 9 July with all ten episodes",
    "Bosch: Legacy's final season set for 27 March",
    "Bosch: Legacy to end with season 3",
    "Maggie Q to play Renée Ballard",
    "Prime Video orders Renée Ballard spin-off",
    "Bosch: Legacy renewed for season 3",
    "Bosch: Legacy renewed for season 2 before its premiere",
    "Bosch spin-off ordered at IMDb TV",
    "Bosch to end with its seventh season",
]
BALLARD_RSS = "Prime Video’s ‘Bosch’ Spinoff Is Officially Titled ‘Ballard’, With Maggie Q Leading the Cold-Case Drama"


def ids(services) -> dict[str, int]:
    return {title: sid for sid, title in services.library.titles()}


def by_headline(services, **kw) -> dict[str, int]:
    return {a.headline: a.id for a in services.alerts.alerts(**kw)}


def headlines(rows) -> list[str]:
    return [a.headline for a in rows]


# -- reading ----------------------------------------------------------------------------------


def test_alerts_are_listed_newest_first(example):
    rows = example.alerts.alerts()
    assert headlines(rows) == EXAMPLE_HEADLINES
    stamps = [a.published for a in rows]
    assert stamps == sorted(stamps, reverse=True)
    assert all(a.published.tzinfo is not None for a in rows)
    assert rows[0].published == datetime(2025, 10, 15, 12, tzinfo=UTC)
    assert rows[0].series_titles == ["Bosch"]
    assert rows[4].published == datetime(2024, 9, 6, 12, tzinfo=UTC)
    assert rows[4].series_titles == ["Ballard", "Bosch: Legacy"]  # ordered by title
    assert not any(a.read or a.dismissed or a.muted for a in rows)


def test_an_undated_alert_is_placed_by_when_it_was_seen(example):
    with session_scope(example.engine) as session:
        session.add(
            Announcement(
                kind=K.NEWS.value,
                headline="Undated news",
                fingerprint="t:undated",
                published_at=None,
                created_at=datetime(2024, 6, 1, tzinfo=UTC),
            )
        )
    rows = headlines(example.alerts.alerts())
    # between the casting news (2024-03-21) and the end of Bosch: Legacy (2024-09-06)
    assert rows.index("Undated news") == 5
    row = next(a for a in example.alerts.alerts() if a.headline == "Undated news")
    assert row.published == datetime(2024, 6, 1, tzinfo=UTC) and row.series == ()


def test_an_item_dated_in_the_far_future_is_placed_when_it_was_stored(example):
    """A feed item dated 2999 (stored by an older version) is not pinned at the top of Alerts nor
    of its series' timeline: a publication later than when we stored it is not believed."""
    from watchtracker.storage.tables import AnnouncementSeries

    legacy = ids(example)["Bosch: Legacy"]
    with session_scope(example.engine) as session:
        ann = Announcement(
            kind=K.NEWS.value,
            headline="News from the year 2999",
            fingerprint="t:2999",
            published_at=datetime(2999, 1, 1, tzinfo=UTC),
            created_at=datetime(2024, 6, 1, tzinfo=UTC),
        )
        session.add(ann)
        session.flush()
        session.add(AnnouncementSeries(announcement_id=ann.id, series_id=legacy))
    rows = example.alerts.alerts()
    assert headlines(rows).index("News from the year 2999") == 5  # between 2024-03-21 and 2024-09-06
    row = next(a for a in rows if a.headline == "News from the year 2999")
    assert row.published == datetime(2024, 6, 1, tzinfo=UTC)  # the day it is grouped under, and shown
    assert example.alerts.alert(row.id).published == row.published
    timeline = example.library.detail(legacy).announcements
    assert timeline[0].headline != "News from the year 2999"
    assert [a.published for a in timeline] == sorted((a.published for a in timeline), reverse=True)
    assert next(a for a in timeline if a.id == row.id).published == datetime(2024, 6, 1, tzinfo=UTC)


def test_filter_by_kind_and_by_series(example):
    s = ids(example)
    assert headlines(example.alerts.alerts(kind="spin_off")) == [
        "MGM+ orders a Bosch prequel, Bosch: Start of Watch",
        "Prime Video orders Renée Ballard spin-off",
        "Bosch spin-off ordered at IMDb TV",
    ]
    assert headlines(example.alerts.alerts(kind=K.RENEWED)) == [
        "Ballard renewed for season 2",
        "Bosch: Legacy renewed for season 3",
        "Bosch: Legacy renewed for season 2 before its premiere",
    ]
    assert example.alerts.alerts(kind=K.TRAILER) == []
    assert headlines(example.alerts.alerts(series_id=s["Ballard"])) == [
        "Ballard renewed for season 2",
        "Ballard premieres 9 July with all ten episodes",
        "Bosch: Legacy to end with season 3",
        "Maggie Q to play Renée Ballard",
        "Prime Video orders Renée Ballard spin-off",
    ]
    assert headlines(example.alerts.alerts(series_id=s["Bosch"])) == [
        "MGM+ orders a Bosch prequel, Bosch: Start of Watch",
        "Maggie Q to play Renée Ballard",
        "Prime Video orders Renée Ballard spin-off",
        "Bosch spin-off ordered at IMDb TV",
        "Bosch to end with its seventh season",
    ]
    assert headlines(example.alerts.alerts(series_id=s["Bosch"], kind="ended")) == [
        "Bosch to end with its seventh season"
    ]
    assert example.alerts.alerts(series_id=987654) == []
    with pytest.raises(ValueError):
        example.alerts.alerts(kind="gossip")


def test_one_alert_by_id(example):
    aid = by_headline(example)["Prime Video orders Renée Ballard spin-off"]
    row = example.alerts.alert(aid)
    assert row.id == aid and row.kind is K.SPIN_OFF
    assert row.series_titles == ["Ballard", "Bosch", "Bosch: Legacy"]
    assert row.source == "Bleeding Cool" and row.url.startswith("https://bleedingcool.com/")
    assert row.published == datetime(2023, 11, 17, 12, tzinfo=UTC)
    with pytest.raises(NotFound, match="no alert 99999"):
        example.alerts.alert(99999)


def test_unread_only_mark_read_and_mark_all_read(example):
    a = by_headline(example)
    assert len(example.alerts.alerts(unread_only=True)) == 11
    changes = example.alerts.mark_read([a["Maggie Q to play Renée Ballard"], a["Bosch to end with its seventh season"]])
    assert changes.announcements
    unread = headlines(example.alerts.alerts(unread_only=True))
    assert unread == [
        h
        for h in EXAMPLE_HEADLINES
        if h not in ("Maggie Q to play Renée Ballard", "Bosch to end with its seventh season")
    ]
    assert example.alerts.alert(a["Maggie Q to play Renée Ballard"]).read
    assert example.alerts.unread_count() == 9
    # read ones are still listed
    assert len(example.alerts.alerts()) == 11
    # and can be made unread again
    example.alerts.mark_read([a["Maggie Q to play Renée Ballard"]], read=False)
    assert example.alerts.unread_count() == 10
    assert example.alerts.mark_all_read().announcements
    assert example.alerts.alerts(unread_only=True) == []
    assert example.alerts.unread_count() == 0
    assert all(r.read for r in example.alerts.alerts())
    # nothing left to mark: says nothing changed
    assert not example.alerts.mark_all_read().announcements


def test_unknown_ids_are_refused_and_change_nothing(example):
    a = by_headline(example)
    real = a["Bosch to end with its seventh season"]
    with pytest.raises(NotFound, match="no alert 99998, 99999"):
        example.alerts.mark_read([real, 99999, 99998])
    with pytest.raises(NotFound):
        example.alerts.dismiss([99999])
    assert not example.alerts.alert(real).read
    assert example.alerts.unread_count() == 11


def test_dismissed_alerts_leave_the_list_but_stay_on_the_series_timeline(example):
    s, a = ids(example), by_headline(example)
    aid = a["Bosch spin-off ordered at IMDb TV"]
    example.alerts.dismiss([aid])
    assert "Bosch spin-off ordered at IMDb TV" not in headlines(example.alerts.alerts())
    assert len(example.alerts.alerts()) == 10
    assert aid not in {r.id for r in example.alerts.alerts(kind="spin_off")}
    assert aid not in {r.id for r in example.alerts.alerts(series_id=s["Bosch"])}
    row = example.alerts.alert(aid)
    assert row.dismissed and row.read  # dismissing also reads it
    assert aid in {r.id for r in example.alerts.alerts(include_dismissed=True)}
    assert example.alerts.unread_count() == 10
    for title in ("Bosch", "Bosch: Legacy"):
        timeline = {x.id: x for x in example.library.detail(s[title]).announcements}
        assert aid in timeline and timeline[aid].dismissed
        assert timeline[aid].headline == "Bosch spin-off ordered at IMDb TV"
    # undone
    example.alerts.dismiss([aid], dismissed=False)
    assert "Bosch spin-off ordered at IMDb TV" in headlines(example.alerts.alerts())
    assert not example.alerts.alert(aid).dismissed


def test_unread_count_excludes_read_dismissed_and_muted(example):
    a = by_headline(example)
    assert example.alerts.unread_count() == 11
    example.alerts.mark_read([a["Bosch to end with its seventh season"]])
    assert example.alerts.unread_count() == 10
    example.alerts.dismiss([a["Maggie Q to play Renée Ballard"]])
    assert example.alerts.unread_count() == 9
    example.alerts.mute_kind("renewed")  # three of them
    assert example.alerts.unread_count() == 6
    # a dismissed alert made unread again is still not counted
    example.alerts.mark_read([a["Maggie Q to play Renée Ballard"]], read=False)
    assert example.alerts.unread_count() == 6


def test_mute_kind(example):
    example.alerts.mute_kind(K.RENEWED)
    example.alerts.mute_kind(K.RENEWED)  # twice is once
    assert example.alerts.muted_kinds() == {"renewed"}
    rows = example.alerts.alerts()
    assert len(rows) == 11  # still listed
    assert {r.headline for r in rows if r.muted} == {
        "Ballard renewed for season 2",
        "Bosch: Legacy renewed for season 3",
        "Bosch: Legacy renewed for season 2 before its premiere",
    }
    assert all(r.muted for r in example.alerts.alerts(kind="renewed"))
    assert example.alerts.alert(by_headline(example)["Bosch: Legacy renewed for season 3"]).muted
    assert len(example.alerts.alerts(include_muted=False)) == 8
    assert example.alerts.unread_count() == 8
    example.alerts.mute_kind("renewed", muted=False)
    assert example.alerts.muted_kinds() == set()
    assert not any(r.muted for r in example.alerts.alerts())
    assert example.alerts.unread_count() == 11
    with pytest.raises(ValueError):
        example.alerts.mute_kind("gossip")


def test_mute_series(example):
    s = ids(example)
    changes = example.alerts.mute_series(s["Bosch: Legacy"])
    assert s["Bosch: Legacy"] in changes.series and changes.announcements
    muted = {r.headline for r in example.alerts.alerts() if r.muted}
    # muted: what concerns, of the followed series, Bosch: Legacy alone ("Bosch: Legacy to end
    # with season 3" also names Ballard, which is followed and not muted)
    assert muted == {
        "Bosch: Legacy's final season set for 27 March",
        "Bosch: Legacy renewed for season 3",
        "Bosch: Legacy renewed for season 2 before its premiere",
    }
    assert len(example.alerts.alerts()) == 11
    assert example.alerts.unread_count() == 8
    # an alert about Bosch: Legacy and Bosch is not muted while Bosch is not
    assert not example.alerts.alert(by_headline(example)["Bosch spin-off ordered at IMDb TV"]).muted
    example.alerts.mute_series(s["Bosch"])
    assert example.alerts.alert(by_headline(example)["Bosch spin-off ordered at IMDb TV"]).muted
    assert example.alerts.alert(by_headline(example)["Bosch to end with its seventh season"]).muted
    example.alerts.mute_series(s["Bosch: Legacy"], muted=False)
    example.alerts.mute_series(s["Bosch"], muted=False)
    assert not any(r.muted for r in example.alerts.alerts())
    assert example.alerts.unread_count() == 11


def test_muting_the_only_followed_series_of_an_alert_mutes_it(example):
    s = ids(example)
    example.library.unfollow(s["Ballard"])  # the example follows it: here the viewer does not
    example.alerts.mute_series(s["Bosch: Legacy"])
    # "Bosch: Legacy to end with season 3" names Bosch: Legacy (muted) and Ballard (not followed)
    aid = by_headline(example)["Bosch: Legacy to end with season 3"]
    assert example.alerts.alert(aid).muted
    assert aid not in {a.id for a in example.alerts.alerts(include_muted=False)}
    # once Ballard is followed (and not muted), it speaks again
    with session_scope(example.engine) as session:
        session.add(LibraryEntry(series_id=s["Ballard"], state=ViewerState.PLAN_TO_WATCH.value))
    assert not example.alerts.alert(aid).muted


def test_only_a_followed_series_can_be_muted(example):
    s = ids(example)
    example.library.unfollow(s["Ballard"])  # the example follows it: here the viewer does not
    assert example.library.detail(s["Ballard"]).followed is False
    with pytest.raises(InvalidInput, match="followed"):
        example.alerts.mute_series(s["Ballard"])
    with pytest.raises(InvalidInput):
        example.alerts.mute_series(987654)
    assert example.alerts.unread_count() == 11


# -- alerts from the library itself -----------------------------------------------------------


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock():
    return Clock(NOW)


@pytest.fixture
def checker(example, clock):
    return AlertService(example.engine, clock=clock)


def add_season(engine, series_id: int, number: int, episodes: list[dict], order: int | None = None) -> list[int]:
    """A season and its episodes, straight into the tables: dicts of number, title, air_date,
    airstamp, runtime."""
    with session_scope(engine) as session:
        season = session.exec(select(Season).where(Season.series_id == series_id, Season.number == number)).first()
        if season is None:
            season = Season(series_id=series_id, number=number, episode_order=order)
            session.add(season)
            session.flush()
        out = []
        for e in episodes:
            ep = Episode(
                series_id=series_id,
                season_id=season.id,
                season=number,
                number=e["number"],
                title=e.get("title", ""),
                air_date=e.get("air_date"),
                airstamp=e.get("airstamp"),
                runtime=e.get("runtime"),
            )
            session.add(ep)
            session.flush()
            out.append(ep.id)
        return out


def library_alerts(services, **kw):
    return [a for a in services.alerts.alerts(**kw) if a.source == LIBRARY_SOURCE]


def set_state(engine, series_id: int, state: ViewerState) -> None:
    with session_scope(engine) as session:
        entry = session.get(LibraryEntry, series_id)
        entry.state = state.value
        session.add(entry)


def test_the_first_check_only_sets_the_mark(example, checker, clock):
    assert example.library.library()  # years of aired history
    assert checker.check_library() == []
    assert library_alerts(example) == []
    clock.now = NOW + timedelta(days=3)  # nothing aired since
    assert checker.check_library() == []
    assert len(example.alerts.alerts()) == 11


def test_new_episodes_give_one_alert_per_series(example, checker, clock):
    legacy = ids(example)["Bosch: Legacy"]
    assert checker.check_library() == []  # the mark: NOW
    add_season(
        example.engine,
        legacy,
        4,
        [
            dict(
                number=1,
                title="Pilot Light",
                air_date=date(2026, 11, 25),
                airstamp=datetime(2026, 11, 25, 8, tzinfo=UTC),
            ),
            dict(number=2, title="Second", air_date=date(2026, 11, 26), airstamp=datetime(2026, 11, 26, 8, tzinfo=UTC)),
            dict(number=3, title="Later", air_date=date(2026, 12, 3), airstamp=datetime(2026, 12, 3, 8, tzinfo=UTC)),
        ],
        order=10,
    )
    clock.now = datetime(2026, 11, 27, 12, tzinfo=UTC)
    added = checker.check_library()
    assert len(added) == 1
    row = example.alerts.alert(added[0])
    assert row.kind is K.EPISODE_AIRED
    assert row.series_titles == ["Bosch: Legacy"]
    assert row.headline == "Bosch: Legacy: 2 new episodes are out (S04E01–S04E02)"
    assert row.source == LIBRARY_SOURCE and row.url is None and not row.read
    assert row.published == datetime(2026, 11, 26, 8, tzinfo=UTC)  # when the last of them aired
    assert added[0] in {a.id for a in example.library.detail(legacy).announcements}
    # again: nothing new
    assert checker.check_library() == []
    clock.now += timedelta(hours=1)
    assert checker.check_library() == []
    # the third one airs: its own alert, by name
    clock.now = datetime(2026, 12, 4, 12, tzinfo=UTC)
    added = checker.check_library()
    assert [example.alerts.alert(i).headline for i in added] == ["Bosch: Legacy: S04E03 “Later” is out"]
    assert [a.kind for a in library_alerts(example)] == [K.EPISODE_AIRED, K.EPISODE_AIRED]
    assert example.alerts.unread_count() == 13


def test_date_only_episodes_count_as_out_at_the_end_of_their_day(example, checker, clock):
    legacy = ids(example)["Bosch: Legacy"]
    checker.check_library()
    add_season(
        example.engine,
        legacy,
        4,
        [
            dict(number=1, title="Dated", air_date=date(2026, 11, 26)),
            dict(number=2, title="Today", air_date=date(2026, 11, 27)),
        ],
        order=10,
    )
    clock.now = datetime(2026, 11, 27, 12, tzinfo=UTC)
    added = checker.check_library()
    assert [example.alerts.alert(i).headline for i in added] == ["Bosch: Legacy: S04E01 “Dated” is out"]
    assert example.alerts.alert(added[0]).published == datetime.combine(date(2026, 11, 26), datetime.max.time(), UTC)
    clock.now = datetime(2026, 11, 28, 9, tzinfo=UTC)
    added = checker.check_library()
    assert [example.alerts.alert(i).headline for i in added] == ["Bosch: Legacy: S04E02 “Today” is out"]


def test_several_series_are_aggregated_separately(example, checker, clock):
    legacy = ids(example)["Bosch: Legacy"]
    other, _ = example.catalog.add_series(
        SeriesInput(title="Slow Horses", status=LifecycleStatus.AIRING, follow_state=ViewerState.ON_HOLD)
    )
    checker.check_library()
    add_season(example.engine, legacy, 4, [dict(number=n, air_date=date(2026, 11, 25)) for n in (1, 2, 3)], order=8)
    add_season(
        example.engine,
        other,
        1,
        [
            dict(
                number=1,
                title="Failure's Contagious",
                airstamp=datetime(2026, 11, 26, 2, tzinfo=UTC),
                air_date=date(2026, 11, 25),
            )
        ],
        order=6,
    )
    clock.now = datetime(2026, 11, 27, 12, tzinfo=UTC)
    got = {example.alerts.alert(i).headline for i in checker.check_library()}
    assert got == {
        "Bosch: Legacy: 3 new episodes are out (S04E01–S04E03)",
        "Slow Horses: S01E01 “Failure's Contagious” is out",
    }


def test_a_whole_season_out_is_complete(example, checker, clock):
    legacy = ids(example)["Bosch: Legacy"]
    checker.check_library()
    add_season(
        example.engine, legacy, 4, [dict(number=n, air_date=date(2026, 11, 25), runtime=45) for n in (1, 2, 3)], order=3
    )
    clock.now = datetime(2026, 11, 26, 12, tzinfo=UTC)
    added = [example.alerts.alert(i) for i in checker.check_library()]
    assert sorted(a.kind.value for a in added) == ["episode_aired", "season_complete"]
    complete = next(a for a in added if a.kind is K.SEASON_COMPLETE)
    assert complete.headline == "Bosch: Legacy: season 4 is complete — 3 episodes, 2 h, ready to binge"
    assert complete.series_titles == ["Bosch: Legacy"]
    assert checker.check_library() == []
    assert [a.kind for a in library_alerts(example, kind=K.SEASON_COMPLETE)] == [K.SEASON_COMPLETE]


def test_a_season_is_not_complete_while_episodes_are_to_come(example, checker, clock):
    legacy = ids(example)["Bosch: Legacy"]
    checker.check_library()
    # three listed and out, but ten ordered
    add_season(example.engine, legacy, 4, [dict(number=n, air_date=date(2026, 11, 25)) for n in (1, 2, 3)], order=10)
    # three listed, two out, the third next week (no order known)
    add_season(
        example.engine,
        legacy,
        5,
        [
            dict(number=1, air_date=date(2026, 11, 25)),
            dict(number=2, air_date=date(2026, 11, 25)),
            dict(number=3, air_date=date(2026, 12, 2)),
        ],
    )
    clock.now = datetime(2026, 11, 26, 12, tzinfo=UTC)
    kinds = [example.alerts.alert(i).kind for i in checker.check_library()]
    assert K.SEASON_COMPLETE not in kinds and kinds.count(K.EPISODE_AIRED) == 1
    # the last one of season 5 airs: now season 5 is complete
    clock.now = datetime(2026, 12, 3, 12, tzinfo=UTC)
    added = [example.alerts.alert(i) for i in checker.check_library()]
    assert [a.headline for a in added if a.kind is K.SEASON_COMPLETE] == [
        "Bosch: Legacy: season 5 is complete — 3 episodes, ready to binge"
    ]


def test_a_premiere_within_a_week_is_announced_once(example, checker, clock):
    legacy = ids(example)["Bosch: Legacy"]
    checker.check_library()
    add_season(
        example.engine,
        legacy,
        4,
        [
            dict(number=1, air_date=date(2026, 11, 27)),  # Friday
            dict(number=2, air_date=date(2026, 12, 4)),
        ],
        order=2,
    )
    clock.now = NOW + timedelta(hours=1)
    added = checker.check_library()
    assert len(added) == 1
    row = example.alerts.alert(added[0])
    assert row.kind is K.PREMIERE_SOON and row.series_titles == ["Bosch: Legacy"]
    assert row.headline == "Bosch: Legacy season 4 premieres on Friday 27 November"
    clock.now += timedelta(days=1)
    assert checker.check_library() == []
    # and when it airs, that is its own news
    clock.now = datetime(2026, 11, 28, 9, tzinfo=UTC)
    assert [example.alerts.alert(i).kind for i in checker.check_library()] == [K.EPISODE_AIRED]
    assert len(library_alerts(example, kind=K.PREMIERE_SOON)) == 1


def test_premieres_with_an_air_time_and_too_far_away(example, checker, clock):
    new, _ = example.catalog.add_series(
        SeriesInput(title="Slow Horses", status=LifecycleStatus.UPCOMING, follow_state=ViewerState.PLAN_TO_WATCH)
    )
    legacy = ids(example)["Bosch: Legacy"]
    checker.check_library()
    add_season(
        example.engine,
        new,
        1,
        [dict(number=1, air_date=date(2026, 11, 25), airstamp=datetime(2026, 11, 25, 2, tzinfo=UTC))],
    )
    add_season(example.engine, legacy, 4, [dict(number=1, air_date=date(2026, 12, 5))])  # 11 days away
    clock.now = NOW + timedelta(minutes=5)
    added = [example.alerts.alert(i) for i in checker.check_library()]
    assert [(a.kind, a.headline) for a in added] == [(K.PREMIERE_SOON, "Slow Horses premieres tomorrow")]
    # a week before the Bosch: Legacy premiere, it is announced
    clock.now = datetime(2026, 11, 29, 12, tzinfo=UTC)
    got = [example.alerts.alert(i) for i in checker.check_library()]
    assert ("Bosch: Legacy season 4 premieres on Saturday 5 December") in [a.headline for a in got]


def test_an_announced_series_with_a_premiere_day_this_week(example, checker, clock):
    checker.check_library()
    example.catalog.add_series(
        SeriesInput(
            title="Bosch: Origins",
            status=LifecycleStatus.ANNOUNCED,
            premiere="2026-11-26",
            follow_state=ViewerState.PLAN_TO_WATCH,
        )
    )
    example.catalog.add_series(
        SeriesInput(
            title="Vaguely Soon",
            status=LifecycleStatus.ANNOUNCED,
            premiere="2026-11",
            follow_state=ViewerState.PLAN_TO_WATCH,
        )
    )
    clock.now = NOW + timedelta(minutes=5)
    got = [example.alerts.alert(i).headline for i in checker.check_library()]
    assert got == ["Bosch: Origins premieres on Thursday 26 November"]
    assert checker.check_library() == []


def test_a_dropped_series_gets_no_alerts(example, checker, clock):
    legacy = ids(example)["Bosch: Legacy"]
    set_state(example.engine, legacy, ViewerState.DROPPED)
    checker.check_library()
    add_season(example.engine, legacy, 4, [dict(number=n, air_date=date(2026, 11, 25)) for n in (1, 2)], order=2)
    add_season(example.engine, legacy, 5, [dict(number=1, air_date=date(2026, 11, 28))])
    clock.now = datetime(2026, 11, 26, 12, tzinfo=UTC)
    assert checker.check_library() == []
    assert library_alerts(example) == []


def test_a_completed_series_gets_premieres_but_not_episodes(example, checker, clock):
    bosch = ids(example)["Bosch"]  # completed
    checker.check_library()
    add_season(
        example.engine,
        bosch,
        8,
        [dict(number=1, air_date=date(2026, 11, 25)), dict(number=2, air_date=date(2026, 11, 30))],
        order=2,
    )
    clock.now = NOW + timedelta(minutes=5)
    assert [example.alerts.alert(i).kind for i in checker.check_library()] == [K.PREMIERE_SOON]
    clock.now = datetime(2026, 12, 1, 12, tzinfo=UTC)
    assert checker.check_library() == []


def test_specials_are_not_news(example, checker, clock):
    legacy = ids(example)["Bosch: Legacy"]
    checker.check_library()
    add_season(example.engine, legacy, 0, [dict(number=1, air_date=date(2026, 11, 25))])
    clock.now = datetime(2026, 11, 26, 12, tzinfo=UTC)
    assert checker.check_library() == []


# -- spin-offs --------------------------------------------------------------------------------


@pytest.fixture
def feed_client():
    http = PoliteClient(Politeness(retries=1, backoff=0.01, read_timeout=2.0), sleep=lambda s: None)
    yield FeedClient(http)
    http.close()


@pytest.fixture
def ballard_alert(example, feed_client, httpserver) -> int:
    """The RSS story naming the Bosch spin-off 'Ballard', polled from a local server, by a viewer
    who has Ballard in the library (the example's) but does not follow it: so the story's title is
    a new one to them, and it is about Bosch and Bosch: Legacy."""
    example.library.unfollow(example.library.find("Ballard"))
    httpserver.expect_request("/tvnews").respond_with_data(
        (FEEDS / "tvnews.rss.xml").read_bytes(), content_type="application/rss+xml"
    )
    feeds = FeedService(example.engine, feed_client, clock=lambda: NOW)
    feeds.add(httpserver.url_for("/tvnews"))
    report = feeds.poll()
    assert report.all_answered
    aid = by_headline(example)[BALLARD_RSS]
    assert aid in report.alerts
    return aid


def relations_from(engine, sid: int) -> list[tuple[int, str]]:
    with Session(engine) as session:
        return [(r.to_series_id, r.kind) for r in session.exec(select(Relation).where(Relation.from_series_id == sid))]


def test_the_plan_proposes_the_title_and_the_original_as_parent(example, ballard_alert):
    s = ids(example)
    row = example.alerts.alert(ballard_alert)
    assert row.kind is K.SPIN_OFF and row.spin_off_title == "Ballard"
    assert row.series_titles == ["Bosch", "Bosch: Legacy"]
    plan = example.alerts.spin_off_plan(ballard_alert)
    assert plan.title == "Ballard"
    assert plan.parent_id == s["Bosch"]  # the earliest of the two
    assert plan.parents == ((s["Bosch"], "Bosch"), (s["Bosch: Legacy"], "Bosch: Legacy"))
    assert plan.existing_id == s["Ballard"]


def test_tracking_a_spin_off_already_in_the_library_follows_it(example, ballard_alert):
    s = ids(example)
    ballard = s["Ballard"]
    assert not example.library.detail(ballard).followed
    plan = example.alerts.spin_off_plan(ballard_alert)
    sid, changes = example.alerts.track_spin_off(ballard_alert, plan.title, plan.parent_id)
    assert sid == ballard
    assert changes.announcements and {ballard, s["Bosch"]} <= changes.series
    d = example.library.detail(ballard)
    assert d.followed and d.state is ViewerState.PLAN_TO_WATCH
    assert d.franchise == "Bosch universe"
    # the relation it had is kept, not doubled
    assert relations_from(example.engine, ballard) == [(s["Bosch"], RelationKind.SPIN_OFF_OF.value)]
    assert ("Bosch", RelationKind.SPIN_OFF_OF, True) in {(r.title, r.kind, r.outgoing) for r in d.related if r.direct}
    # the alert is on its timeline, now about Ballard too, and read
    assert ballard_alert in {a.id for a in d.announcements}
    row = example.alerts.alert(ballard_alert)
    assert row.read and row.series_titles == ["Ballard", "Bosch", "Bosch: Legacy"]
    assert len(example.library.titles()) == 3  # nothing new was created
    # done twice: the same
    assert example.alerts.track_spin_off(ballard_alert, "ballard", plan.parent_id)[0] == ballard
    assert relations_from(example.engine, ballard) == [(s["Bosch"], RelationKind.SPIN_OFF_OF.value)]


def test_tracking_a_known_spin_off_adds_a_missing_relation(example, ballard_alert):
    s = ids(example)
    example.catalog.remove_relation(s["Ballard"], RelationKind.SPIN_OFF_OF, s["Bosch"])
    assert relations_from(example.engine, s["Ballard"]) == []
    sid, _ = example.alerts.track_spin_off(ballard_alert, "Ballard", s["Bosch"])
    assert sid == s["Ballard"]
    assert relations_from(example.engine, s["Ballard"]) == [(s["Bosch"], RelationKind.SPIN_OFF_OF.value)]


def test_tracking_a_new_title_creates_an_announced_spin_off(example, ballard_alert):
    s = ids(example)
    sid, changes = example.alerts.track_spin_off(ballard_alert, "  Bosch: Origins ", s["Bosch"])
    assert sid not in s.values() and sid in changes.series
    d = example.library.detail(sid)
    assert d.title == "Bosch: Origins"
    assert d.status is LifecycleStatus.ANNOUNCED
    assert d.followed and d.state is ViewerState.PLAN_TO_WATCH
    assert d.franchise == "Bosch universe" == example.library.detail(s["Bosch"]).franchise
    assert d.network == example.library.detail(s["Bosch"]).network
    assert relations_from(example.engine, sid) == [(s["Bosch"], RelationKind.SPIN_OFF_OF.value)]
    assert ballard_alert in {a.id for a in d.announcements}
    assert example.alerts.alert(ballard_alert).read
    assert "Bosch: Origins" in example.alerts.alert(ballard_alert).series_titles
    assert sid in {r.series_id for r in example.library.detail(s["Bosch"]).related}


def test_tracking_without_a_parent(example, ballard_alert):
    sid, _ = example.alerts.track_spin_off(ballard_alert, "Lone Spin-off", None, premiere="2027")
    d = example.library.detail(sid)
    assert d.followed and d.franchise is None and relations_from(example.engine, sid) == []
    assert d.premiere is not None and d.premiere.to_text() == "2027"


def test_tracking_needs_a_title_and_a_parent_that_exists(example, ballard_alert):
    before = example.library.titles()
    for title in ("", "   ", None):
        with pytest.raises(InvalidInput, match="title"):
            example.alerts.track_spin_off(ballard_alert, title, ids(example)["Bosch"])
    with pytest.raises(NotFound):
        example.alerts.track_spin_off(ballard_alert, "Bosch: Origins", 987654)
    with pytest.raises(NotFound):
        example.alerts.track_spin_off(99999, "Bosch: Origins", ids(example)["Bosch"])
    assert example.library.titles() == before
    assert not example.alerts.alert(ballard_alert).read


def test_only_a_spin_off_alert_has_a_plan(example):
    renewed = by_headline(example)["Bosch: Legacy renewed for season 3"]
    with pytest.raises(InvalidInput, match="spin-off"):
        example.alerts.spin_off_plan(renewed)
    with pytest.raises(NotFound):
        example.alerts.spin_off_plan(99999)


def test_only_a_spin_off_alert_can_be_tracked(example):
    renewed = by_headline(example)["Bosch: Legacy renewed for season 3"]
    before = example.library.titles()
    with pytest.raises(InvalidInput, match="spin-off"):
        example.alerts.track_spin_off(renewed, "Bosch: Origins", ids(example)["Bosch"])
    assert example.library.titles() == before
    assert not example.alerts.alert(renewed).read


def test_the_plan_for_a_spin_off_story_that_names_no_title(example):
    s = ids(example)
    aid = by_headline(example)["Prime Video orders Renée Ballard spin-off"]  # example data: no title parsed
    plan = example.alerts.spin_off_plan(aid)
    assert plan.title == "" and plan.existing_id is None
    assert plan.parent_id == s["Bosch"]
    assert {t for _, t in plan.parents} == {"Ballard", "Bosch", "Bosch: Legacy"}


def test_tracking_a_title_spaced_differently_finds_the_series(example, ballard_alert):
    s = ids(example)
    sid, _ = example.alerts.track_spin_off(ballard_alert, "Bosch:  Legacy", s["Bosch"])
    assert sid == s["Bosch: Legacy"]


# -- a day without a time -------------------------------------------------------------------------


def test_the_examples_news_is_dated_by_its_day_alone(example):
    """The example file dates its news by the day: stored at 12:00 UTC, marked as having no time."""
    rows = [a for a in example.alerts.alerts() if a.source != LIBRARY_SOURCE]
    assert len(rows) >= 7
    assert not any(a.published_has_time for a in rows)
    assert {a.published.timetz() for a in rows} == {datetime(2024, 1, 1, 12, tzinfo=UTC).timetz()}
    maggie = next(a for a in rows if a.headline == "Maggie Q to play Renée Ballard")
    assert maggie.published.date() == date(2024, 3, 21)
    timeline = example.library.detail(ids(example)["Ballard"]).announcements
    assert timeline and not any(a.published_has_time for a in timeline)


def test_alerts_the_library_raises_keep_their_time(example, checker, clock):
    legacy = ids(example)["Bosch: Legacy"]
    assert checker.check_library() == []
    add_season(
        example.engine,
        legacy,
        4,
        [
            dict(
                number=1,
                title="Pilot Light",
                air_date=date(2026, 11, 25),
                airstamp=datetime(2026, 11, 25, 8, tzinfo=UTC),
            )
        ],
        order=10,
    )
    clock.now = datetime(2026, 11, 27, 12, tzinfo=UTC)
    (added,) = checker.check_library()
    row = example.alerts.alert(added)
    assert row.published == datetime(2026, 11, 25, 8, tzinfo=UTC) and row.published_has_time


def test_the_command_line_prints_the_examples_news_by_its_day_alone(cli_run):
    assert cli_run("demo")[0] == 0
    code, out, _ = cli_run("alerts")
    assert code == 0
    maggie = next(line for line in out.splitlines() if "Maggie Q to play Renée Ballard" in line)
    assert "  2024-03-21  [casting] Maggie Q to play Renée Ballard" in maggie
    assert "12:00" not in out
