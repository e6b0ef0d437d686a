"""The example library (resources/example/bosch-universe.json) and its loader: the facts it holds
as of its snapshot date, with its sources; news dated by day only; a season's runtime range; and
what a viewer opening it in December 2026 sees in Up next, Upcoming, Alerts and Statistics."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from watchtracker.domain.enums import AnnouncementKind, LifecycleStatus, ViewerState
from watchtracker.errors import InvalidInput
from watchtracker.services.example import example_path, load_example
from watchtracker.storage.tables import Announcement

pytestmark = pytest.mark.both_backends

DECEMBER_2026 = datetime(2026, 12, 6, 18, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def data() -> dict:
    return json.loads(example_path().read_text(encoding="utf-8"))


def _series(data: dict, key: str) -> dict:
    return next(s for s in data["series"] if s["key"] == key)


def _episodes(detail, season: int):
    return next(s for s in detail.seasons if s.number == season).episodes


# -- the file: dated, sourced ---------------------------------------------------------------------


def test_the_file_says_when_its_facts_are_from_and_lists_its_sources(data):
    as_of = date.fromisoformat(data["facts_as_of"])
    assert date(2025, 10, 6) <= as_of <= date(2026, 12, 6)
    assert f"{as_of.day} {as_of:%B %Y}" in data["snapshot_note"]
    assert "spring 2025" not in data["snapshot_note"]
    sources = data["sources"]
    assert len(sources) >= 10 and len(set(sources)) == len(sources)
    assert all(s.startswith("https://") or s.startswith("http://") for s in sources)
    # every news item points at its article, and that article is one of the sources
    assert all(a["url"] in sources for a in data["announcements"])


def test_news_items_give_their_day_and_no_invented_time(data):
    for ann in data["announcements"]:
        assert date.fromisoformat(ann["published"]).isoformat() == ann["published"], ann["headline"]


def test_no_episode_title_is_left_empty_where_a_source_gives_it(data):
    bosch6 = {e["number"]: e.get("title", "") for e in _series(data, "bosch")["seasons"][5]["episodes"]}
    assert bosch6 == {
        1: "The Overlook",
        2: "Good People on Both Sides",
        3: "Three Widows",
        4: "Part of the Deal",
        5: "Money, Honey",
        6: "The Ace Hotel",
        7: "Hard Feelings",
        8: "Copy Cat",
        9: "Dark Sacred Night",
        10: "Some Measure of Justice",
    }


# -- Ballard as it came out -------------------------------------------------------------------------


def test_ballard_premiered_with_all_ten_episodes_and_was_renewed(example):
    d = example.library.detail(example.library.find("Ballard"))
    assert d.status is LifecycleStatus.HIATUS  # season 1 out, season 2 ordered, no date yet
    assert str(d.premiere) == "2025-07-09" and d.network == "Prime Video"
    assert [s.number for s in d.seasons] == [1]
    episodes = _episodes(d, 1)
    assert [e.number for e in episodes] == list(range(1, 11))
    assert {e.air_date for e in episodes} == {date(2025, 7, 9)}  # all at once
    assert [e.title for e in episodes] == [
        "Library of Lost Souls",
        "Haystacks",
        "BYOB",
        "Landmines",
        "What's Done in the Dark",
        "Beneath the Surface",
        "Fork in the Road",
        "Last Call",
        "",  # no source found: left unknown, not invented
        "End of the Line",
    ]
    cast = {c.person: c.character for c in d.cast}
    assert cast["Maggie Q"] == "Renée Ballard" and cast["Titus Welliver"] == "Harry Bosch"
    for person, character in [
        ("Courtney Taylor", "Samira Parker"),
        ("John Carroll Lynch", "Thomas Laffont"),
        ("Michael Mosley", "Ted Rawls"),
        ("Rebecca Field", "Colleen Hatteras"),
        ("Victoria Moroles", "Martina Castro"),
        ("Amy Hill", "Tutu"),
        ("Noah Bean", "Jake Pearlman"),
    ]:
        assert cast[person] == character
    headlines = [a.headline for a in example.alerts.alerts(series_id=d.id)]
    assert "Ballard renewed for season 2" in headlines
    # still found from Bosch: Legacy's Related tab
    legacy = example.library.detail(example.library.find("Bosch: Legacy"))
    assert "Ballard" in [r.title for r in legacy.related]


def test_bosch_legacy_ended_with_its_third_season(example):
    d = example.library.detail(example.library.find("Bosch: Legacy"))
    assert d.status is LifecycleStatus.ENDED and str(d.ended) == "2025-04-17"
    assert [s.number for s in d.seasons] == [1, 2, 3]
    assert _episodes(d, 3)[0].air_date == date(2025, 3, 27) and _episodes(d, 3)[-1].air_date == date(2025, 4, 17)


# -- runtimes -----------------------------------------------------------------------------------------


def test_a_season_range_gives_its_episodes_without_their_own_the_middle_of_it(example):
    ballard = _episodes(example.library.detail(example.library.find("Ballard")), 1)
    assert {e.runtime for e in ballard} == {46}  # "between 45 and 47 minutes"
    bosch = example.library.detail(example.library.find("Bosch"))
    assert [e.runtime for e in _episodes(bosch, 6)] == [48, 44, 42] + [45] * 7  # own runtime first; 42-48
    assert {e.runtime for e in _episodes(bosch, 7)} == {45}  # 40-49: the middle, rounded half up


def test_a_runtime_range_in_a_file_of_ones_own(services, tmp_path):
    path = tmp_path / "tiny.json"
    path.write_text(
        json.dumps(
            {
                "format": "watchtracker-example",
                "series": [
                    {
                        "key": "t",
                        "title": "Tiny",
                        "status": "ended",
                        "seasons": [
                            {
                                "number": 1,
                                "runtime_range": [30, 35],
                                "episodes": [{"number": 1, "runtime": 29}, {"number": 2}],
                            },
                            {"number": 2, "episodes": [{"number": 1}]},
                        ],
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    assert load_example(services.engine, path)[0] == 1
    d = services.library.detail(services.library.find("Tiny"))
    assert [e.runtime for e in _episodes(d, 1)] == [29, 33]
    assert [e.runtime for e in _episodes(d, 2)] == [None]  # no range: unknown stays unknown


@pytest.mark.parametrize("bad", [[50, 40], [45], "45-47", [0, 10], [40, "50"]])
def test_a_runtime_range_that_is_not_two_minutes_in_order_is_refused(services, tmp_path, bad):
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps(
            {
                "format": "watchtracker-example",
                "series": [
                    {
                        "key": "b",
                        "title": "Bad Range",
                        "status": "ended",
                        "seasons": [{"number": 1, "runtime_range": bad, "episodes": [{"number": 1}]}],
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput):
        load_example(services.engine, path)
    assert services.library.library() == []


# -- news dated by day --------------------------------------------------------------------------------


def test_a_news_day_is_kept_as_midday_utc_so_it_stays_that_day_from_utc_minus_11_to_plus_11(example):
    renewal = next(a for a in example.alerts.alerts() if a.headline == "Ballard renewed for season 2")
    assert renewal.published == datetime(2025, 10, 6, 12, 0, tzinfo=UTC)
    for zone in ("Pacific/Pago_Pago", "America/Los_Angeles", "Europe/Paris", "Asia/Tokyo", "Pacific/Noumea"):
        assert renewal.published.astimezone(ZoneInfo(zone)).date() == date(2025, 10, 6), zone


def test_news_loaded_before_keeps_its_fingerprint_so_loading_again_adds_no_copy(example):
    """A library that loaded the 2025 file (times written as 12:00Z) gets no second copy of
    the same news when the example is loaded again after one of its series was deleted."""
    legacy = "example:" + hashlib.sha256(b"Bosch to end with its seventh season2020-02-13T12:00:00Z").hexdigest()[:32]
    with Session(example.engine) as session:
        prints = set(session.exec(select(Announcement.fingerprint)))
    assert legacy in prints
    before = len(example.alerts.alerts())
    example.catalog.delete_series(example.library.find("Ballard"))
    assert load_example(example.engine)[0] == 1
    assert len(example.alerts.alerts()) == before


# -- what a viewer sees in December 2026 ------------------------------------------------------------


def test_up_next_in_december_2026(example):
    example.library.clock = lambda: DECEMBER_2026
    rows = {r.title: (r.season, r.number) for r in example.schedule.up_next()}
    assert rows == {"Ballard": (1, 5), "Bosch: Legacy": (1, 3)}
    d = example.library.detail(example.library.find("Ballard"))
    assert d.state is ViewerState.WATCHING and "Related" in d.notes


def test_upcoming_in_december_2026_has_nothing_dated_because_nothing_is(example):
    """No date is known for Ballard's second season (as of the file's sources): Upcoming has
    nothing dated, and invents nothing."""
    example.library.clock = lambda: DECEMBER_2026
    up = example.schedule.upcoming(days=3660)
    assert up.days == () and up.announced == ()


def test_alerts_in_december_2026_newest_first(example):
    alerts = example.alerts.alerts()
    assert [a.headline for a in alerts[:4]] == [
        "MGM+ orders a Bosch prequel, Bosch: Start of Watch",
        "Ballard renewed for season 2",
        "Ballard premieres 9 July with all ten episodes",
        "Bosch: Legacy's final season set for 27 March",
    ]
    assert alerts[1].kind is AnnouncementKind.RENEWED
    assert example.alerts.unread_count() == 11


def test_statistics_estimate_fewer_viewings_than_before(example):
    example.stats.clock = lambda: DECEMBER_2026
    s = example.stats.stats()
    assert s.episodes == 76  # Bosch 70 (two rewatched), Bosch: Legacy 2, Ballard 4
    # Bosch seasons 6-7, Ballard and one Bosch season 4 episode: the episode's own or its
    # season's range. Bosch seasons 1-5 and Bosch: Legacy have no runtime a source gives.
    assert s.estimated == 76 - (10 + 8 + 4 + 1)


def test_loading_twice_adds_nothing_the_second_time(example):
    assert load_example(example.engine)[0] == 0
    assert example.alerts.unread_count() == 11


def test_the_universe_is_described_as_its_relations_say():
    """The blurb called Bosch: Legacy a sequel while its relation says spin-off (issue 13, defect 9)."""
    import json

    from watchtracker.paths import resource_path

    data = json.loads(resource_path("example", "bosch-universe.json").read_text(encoding="utf-8"))
    blurb = data["franchises"][0]["description"]
    kinds = {r["from"]: r["kind"] for r in data["relations"]}
    assert kinds == {"bosch-legacy": "spin_off_of", "ballard": "spin_off_of"}
    assert "sequel" not in blurb and "two spin-offs, Bosch: Legacy and Ballard" in blurb


def test_the_prequel_news_can_be_tracked_as_an_announced_series(example):
    """The story of the product, once more: news of a new series in the universe becomes an
    alert that offers to track it (the prequel ordered in October 2025)."""
    [alert] = [a for a in example.alerts.alerts(limit=None) if a.spin_off_title]
    assert alert.spin_off_title == "Bosch: Start of Watch" and alert.kind.value == "spin_off"
    plan = example.alerts.spin_off_plan(alert.id)
    assert plan.title == "Bosch: Start of Watch" and plan.existing_id is None
