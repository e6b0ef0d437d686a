"""Following from TVmaze, linking a hand-made series, refreshing, and what changes become
announcements — against a real local HTTP server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from tests.conftest import NOW
from tests.fixtures import tvmaze_payloads as tv
from tests.unit.test_importer import dump as importer_dump
from watchtracker.domain.enums import AnnouncementKind, LifecycleStatus, RelationKind
from watchtracker.domain.inputs import SeriesInput
from watchtracker.errors import Ambiguous, NetworkDown, ProviderError
from watchtracker.providers.http import PoliteClient, Politeness
from watchtracker.providers.tvmaze import TvmazeClient
from watchtracker.services.online import LAST_REFRESH, OnlineService
from watchtracker.storage.database import session_scope
from watchtracker.storage.tables import LibraryEntry, Series, SyncState

pytestmark = pytest.mark.both_backends


@pytest.fixture
def online(services, httpserver):
    http = PoliteClient(Politeness(read_timeout=0.5), sleep=lambda s: None)
    service = OnlineService(services.engine, TvmazeClient(http, httpserver.url_for("").rstrip("/")), clock=lambda: NOW)
    yield service
    http.close()


def dump(services) -> list:
    return importer_dump(services.engine)


def test_follow_imports_seasons_episodes_and_cast(services, online, httpserver):
    httpserver.expect_request("/shows/5002").respond_with_json(tv.legacy())
    sid, changes = online.follow(5002)
    assert changes.added == {sid}
    d = services.library.detail(sid)
    assert (d.title, d.status, d.network) == ("Bosch: Legacy", LifecycleStatus.ENDED, "Prime Video")
    assert [len(s.episodes) for s in d.seasons] == [10, 10, 10]
    assert d.cast[0].person == "Titus Welliver" and d.cast[0].character == "Harry Bosch"
    assert d.external_ids == {"tvmaze": "5002", "thetvdb": "900002", "imdb": "tt9000002"}
    assert d.seasons[0].episodes[0].airstamp == datetime(2022, 5, 6, 12, tzinfo=UTC)
    row = services.library.library([sid])[0]
    assert (row.episodes_aired, row.state.value) == (30, "plan_to_watch")
    # following again updates, it does not duplicate
    sid2, changes2 = online.follow(5002)
    assert sid2 == sid and not changes2.added
    assert len(services.library.detail(sid).episodes()) == 30


def test_best_match_and_ambiguity(online, httpserver):
    httpserver.expect_request("/search/shows", query_string="q=bosch").respond_with_json(
        [
            tv.search_result(40, tv.show(5001, "Bosch", embed=False)),
            tv.search_result(30, tv.show(5002, "Bosch: Legacy", embed=False)),
        ]
    )
    httpserver.expect_request("/search/shows", query_string="q=the+office").respond_with_json(
        [
            tv.search_result(20, tv.show(1, "The Office", premiered="2005-03-24", embed=False)),
            tv.search_result(19, tv.show(2, "The Office", premiered="2001-07-09", embed=False)),
        ]
    )
    assert online.best_match("bosch").show.tvmaze_id == 5001  # the exact title
    with pytest.raises(Ambiguous) as info:
        online.best_match("the office")
    assert "The Office (2005" in str(info.value) and "The Office (2001" in str(info.value)


def test_find_online_keeps_history_relations_and_the_hand_made_title(services, online, httpserver, example):
    legacy = services.library.find("Bosch: Legacy")
    before = services.library.detail(legacy)
    services.catalog.edit_series(legacy, SeriesInput(title="Legacy (Bosch)", status="ended", premiere="2022-05-06"))
    httpserver.expect_request("/shows/5002").respond_with_json(tv.legacy())
    online.link(legacy, 5002)
    after = services.library.detail(legacy)
    assert after.title == "Bosch: Legacy" and "Legacy (Bosch)" in after.aliases
    watched = {str(e.code) for e in after.episodes() if e.watched}
    assert watched == {str(e.code) for e in before.episodes() if e.watched} == {"S01E01", "S01E02"}
    assert [(r.title, r.kind) for r in after.related if r.direct] == [("Bosch", RelationKind.SPIN_OFF_OF)]
    assert after.notes == before.notes and after.external_ids["tvmaze"] == "5002"


def _follow_many(services, n: int, updated: int) -> list[int]:
    with session_scope(services.engine) as session:
        for i in range(n):
            s = Series(title=f"Show {i}", status="airing", tvmaze_id=10_000 + i, remote_updated=updated)
            session.add(s)
            session.flush()
            session.add(LibraryEntry(series_id=s.id))
        session.add(SyncState(key=LAST_REFRESH, value=(NOW - timedelta(hours=3)).isoformat()))
    return [10_000 + i for i in range(n)]


def test_refreshing_500_series_of_which_10_changed_takes_11_requests(services, online, httpserver):
    ids = _follow_many(services, 500, updated=1_700_000_000)
    updates = {str(i): 1_700_000_000 for i in ids} | {"99999999": 1_800_000_000}  # one nobody follows
    changed = ids[::50]
    for i in changed:
        updates[str(i)] = 1_700_000_500
        httpserver.expect_request(f"/shows/{i}").respond_with_json(
            tv.show(
                i,
                f"Show {i - 10_000}",
                status="Running",
                updated=1_700_000_500,
                seasons=[tv.season(i * 10, 1, "2026-01-01", 8)],
                episodes=[tv.episode(i * 100, 1, 1, "2026-01-01")],
            )
        )
    httpserver.expect_request("/updates/shows", query_string="since=day").respond_with_json(updates)
    report = online.refresh()
    assert report.checked == 500
    assert report.requests == 11 == len(httpserver.log)
    assert len(report.updated) == 10 and not report.skipped
    # and a second refresh right after asks once, fetches nothing
    httpserver.clear_log()
    assert online.refresh().requests == 1


def test_changes_become_announcements_once(services, online, httpserver):
    httpserver.expect_request("/shows/5002").respond_with_json(tv.legacy(seasons_count=2, status="To Be Determined"))
    sid, _ = online.follow(5002)
    httpserver.clear()
    future = (NOW.date() + timedelta(days=60)).isoformat()
    soon = (NOW.date() + timedelta(days=10)).isoformat()
    v2 = tv.legacy(
        seasons_count=2,
        status="Running",
        updated=1_700_000_900,
        extra_season=tv.season(7003, 3, future, 10),
        extra_episodes=[tv.episode(803001, 3, 1, future), tv.episode(802011, 2, 11, soon)],
    )
    httpserver.expect_request("/updates/shows").respond_with_json({"5002": 1_700_000_900})
    httpserver.expect_request("/shows/5002").respond_with_json(v2)
    report = online.refresh()
    kinds = sorted(a.kind.value for a in report.announcements)
    assert kinds == ["new_episode", "new_season", "renewed"]
    headlines = {a.kind: a.headline for a in report.announcements}
    assert headlines[AnnouncementKind.NEW_SEASON] == f"Bosch: Legacy: season 3 announced, premiering {future}"
    assert headlines[AnnouncementKind.NEW_EPISODE] == "Bosch: Legacy: S02E11 scheduled"
    timeline = services.library.detail(sid).announcements
    assert {a.kind.value for a in timeline} == {"new_episode", "new_season", "renewed"}
    assert all(a.source == "TVmaze" for a in timeline)
    # the same answer again: nothing new, nothing twice
    with session_scope(services.engine) as session:
        session.get(Series, sid).remote_updated = 1
    again = online.refresh()
    assert again.announcements == [] and len(services.library.detail(sid).announcements) == 3


def test_ending_and_premiere_dates_are_announced(services, online, httpserver):
    httpserver.expect_request("/shows/6000").respond_with_json(
        tv.show(6000, "Ballard", status="In Development", premiered=None, seasons=[], episodes=[])
    )
    sid, _ = online.follow(6000)
    assert services.library.detail(sid).status is LifecycleStatus.ANNOUNCED
    httpserver.clear()
    httpserver.expect_request("/updates/shows").respond_with_json({"6000": 1_700_000_900})
    httpserver.expect_request("/shows/6000").respond_with_json(
        tv.show(6000, "Ballard", status="In Development", premiered="2027-07-09", updated=1_700_000_900)
    )
    report = online.refresh()
    assert [(a.kind.value, a.headline) for a in report.announcements] == [
        ("status_change", "Ballard: Announced → Upcoming"),
        ("premiere_date", "Ballard: premiere set for 2027-07-09"),
    ]


@pytest.mark.parametrize("bad", ["down", "500", "truncated", "shape", "huge"])
def test_a_bad_day_changes_nothing_and_says_so_in_one_line(services, online, httpserver, bad):
    httpserver.expect_request("/shows/5002").respond_with_json(tv.legacy(status="Running"))
    online.follow(5002)
    with session_scope(services.engine) as session:
        session.add(SyncState(key=LAST_REFRESH, value=(NOW - timedelta(hours=2)).isoformat()))
    httpserver.clear()
    before = dump(services)
    if bad == "down":
        online.tvmaze.url = "http://127.0.0.1:9"
    elif bad == "500":
        httpserver.expect_request("/updates/shows").respond_with_data("", status=500)
    elif bad == "truncated":
        httpserver.expect_request("/updates/shows").respond_with_data('{"5002": 17', content_type="application/json")
    elif bad == "shape":
        httpserver.expect_request("/updates/shows").respond_with_json(["not", "a", "map"])
    else:
        httpserver.expect_request("/updates/shows").respond_with_data(b"{" + b" " * 21_000_000 + b"}")
    with pytest.raises(ProviderError) as info:
        online.refresh()
    assert "\n" not in str(info.value) and str(info.value)
    assert dump(services) == before


def test_one_odd_show_does_not_hold_up_the_others(services, online, httpserver):
    for tid in (5002, 6000):
        httpserver.expect_request(f"/shows/{tid}").respond_with_json(tv.show(tid, f"Show {tid}", status="Running"))
        online.follow(tid)
    with session_scope(services.engine) as session:
        session.add(SyncState(key=LAST_REFRESH, value=(NOW - timedelta(hours=2)).isoformat()))
    httpserver.clear()
    httpserver.expect_request("/updates/shows").respond_with_json({"5002": 1_800_000_000, "6000": 1_800_000_000})
    httpserver.expect_request("/shows/5002").respond_with_json({"id": 5002})
    httpserver.expect_request("/shows/6000").respond_with_json(
        tv.show(6000, "Show 6000", status="Ended", updated=1_800_000_000)
    )
    report = online.refresh()
    assert report.updated == ["Show 6000"] and len(report.skipped) == 1 and "#5002" in report.skipped[0]


def test_follow_when_offline_changes_nothing(services, online):
    online.tvmaze.url = "http://127.0.0.1:9"
    before = dump(services)
    with pytest.raises(NetworkDown):
        online.follow(5002)
    assert dump(services) == before


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_posters_are_fetched_once_into_the_cache_and_junk_is_skipped(services, httpserver, tmp_path):
    http = PoliteClient(Politeness(), sleep=lambda s: None)
    online = OnlineService(
        services.engine,
        TvmazeClient(http, httpserver.url_for("").rstrip("/")),
        clock=lambda: NOW,
        posters=tmp_path / "posters",
    )
    good = tv.show(5002, "Good", status="Running")
    good["image"] = {"medium": None, "original": httpserver.url_for("/img/good.png")}
    bad = tv.show(6000, "Bad", status="Running")
    bad["image"] = {"medium": None, "original": httpserver.url_for("/img/bad.jpg")}
    httpserver.expect_request("/shows/5002").respond_with_json(good)
    httpserver.expect_request("/shows/6000").respond_with_json(bad)
    httpserver.expect_request("/img/good.png").respond_with_data(PNG, content_type="image/png")
    httpserver.expect_request("/img/bad.jpg").respond_with_data("<html>not an image</html>", content_type="image/jpeg")
    a, _ = online.follow(5002)
    b, _ = online.follow(6000)
    changes = online.fetch_posters()
    assert changes.series == {a}
    path = services.library.detail(a).poster_path
    assert path.endswith(f"series-{a}.png") and open(path, "rb").read() == PNG
    assert not services.library.detail(b).poster_path  # the window draws a placeholder
    httpserver.clear_log()
    online.fetch_posters()  # each is fetched once: the good one is cached, the bad one known bad
    assert httpserver.log == []
    http.close()


def test_a_series_followed_while_offline_is_filled_in_by_the_next_refresh(services, online, httpserver):
    httpserver.expect_request("/search/shows", query_string="q=bosch+legacy").respond_with_json(
        [tv.search_result(40, tv.show(5002, "Bosch: Legacy", embed=False))]
    )
    result = online.search("bosch legacy")[0]
    sid, changes = online.start_follow(result.show)
    assert changes.added == {sid}
    row = services.library.library([sid])[0]
    assert (row.title, row.episodes_aired) == ("Bosch: Legacy", 0)  # there at once, empty
    with session_scope(services.engine) as session:
        session.add(SyncState(key=LAST_REFRESH, value=(NOW - timedelta(hours=2)).isoformat()))
    httpserver.expect_request("/updates/shows").respond_with_json({})  # TVmaze saw no change
    httpserver.expect_request("/shows/5002").respond_with_json(tv.legacy())
    report = online.refresh()
    assert report.updated == ["Bosch: Legacy"]
    assert services.library.library([sid])[0].episodes_aired == 30


def _refresh_due(services):
    with session_scope(services.engine) as session:
        state = session.get(SyncState, LAST_REFRESH) or SyncState(key=LAST_REFRESH, value="")
        state.value = (NOW - timedelta(hours=2)).isoformat()
        session.add(state)


def test_a_show_gone_from_tvmaze_is_skipped_and_asked_again(services, online, httpserver):
    for tid in (5002, 6000):
        httpserver.expect_request(f"/shows/{tid}").respond_with_json(tv.show(tid, f"Show {tid}", status="Running"))
        online.follow(tid)
    _refresh_due(services)
    httpserver.clear()
    httpserver.expect_request("/updates/shows").respond_with_json({"5002": 1_800_000_000, "6000": 1_800_000_000})
    httpserver.expect_request("/shows/5002").respond_with_data("", status=404)
    httpserver.expect_request("/shows/6000").respond_with_json(
        tv.show(6000, "Show 6000", status="Ended", updated=1_800_000_000)
    )
    report = online.refresh()
    assert report.updated == ["Show 6000"] and "#5002" in report.skipped[0]
    _refresh_due(services)
    httpserver.clear_log()
    online.refresh()  # not in the update feed any more, but asked again
    assert "/shows/5002" in [r.path for r, _ in httpserver.log]


def test_a_place_listed_twice_by_tvmaze_does_not_break_the_import(services, online, httpserver):
    dup = [tv.episode(1, 1, 1, "2024-01-01"), tv.episode(2, 1, 1, "2024-01-08"), tv.episode(3, 1, 2, "2024-01-15")]
    httpserver.expect_request("/shows/5002").respond_with_json(
        tv.show(
            5002, "Twice", seasons=[tv.season(1, 1, "2024-01-01", 2), tv.season(1, 1, "2024-01-01", 2)], episodes=dup
        )
    )
    sid, _ = online.follow(5002)
    assert [str(e.code) for e in services.library.detail(sid).episodes()] == ["S01E01", "S01E02"]


def test_a_viewing_stays_with_its_episode_when_tvmaze_renumbers(services, online, httpserver):
    eps = [
        tv.episode(101, 1, 1, "2024-01-01", name="One"),
        tv.episode(102, 1, 2, "2024-01-08", name="Two"),
        tv.episode(103, 1, 3, "2024-01-15", name="Three"),
    ]
    httpserver.expect_request("/shows/5002").respond_with_json(
        tv.show(5002, "R", seasons=[tv.season(1, 1, None, 3)], episodes=eps)
    )
    sid, _ = online.follow(5002)
    two = next(e for e in services.library.detail(sid).episodes() if e.title == "Two")
    services.library.mark_watched([two.id])
    swapped = [
        tv.episode(101, 1, 1, "2024-01-01", name="One"),
        tv.episode(103, 1, 2, "2024-01-08", name="Three"),
        tv.episode(102, 1, 3, "2024-01-15", name="Two"),
    ]
    httpserver.clear()
    httpserver.expect_request("/shows/5002").respond_with_json(
        tv.show(5002, "R", seasons=[tv.season(1, 1, None, 3)], episodes=swapped, updated=1_800_000_000)
    )
    online.follow(5002)
    after = {e.title: (str(e.code), e.watched) for e in services.library.detail(sid).episodes()}
    assert after == {"One": ("S01E01", False), "Three": ("S01E02", False), "Two": ("S01E03", True)}


def test_following_again_announces_what_changed(services, online, httpserver):
    httpserver.expect_request("/shows/5002").respond_with_json(tv.legacy(seasons_count=2, status="Running"))
    sid, _ = online.follow(5002)
    httpserver.clear()
    httpserver.expect_request("/shows/5002").respond_with_json(
        tv.legacy(seasons_count=3, status="Ended", updated=1_800_000_000)
    )
    online.follow(5002)
    assert {a.kind.value for a in services.library.detail(sid).announcements} == {"new_season", "ended"}


def test_the_same_status_change_months_apart_is_news_twice(services, httpserver):
    from watchtracker.services.online import _State, detect_changes

    before, after = _State("airing", None, {}, {}), _State("hiatus", None, {}, {})
    first = detect_changes(1, 5002, "S", before, after, NOW.date())
    later = detect_changes(1, 5002, "S", before, after, NOW.date() + timedelta(days=200))
    assert first[0].fingerprint != later[0].fingerprint
    revival = detect_changes(1, 5002, "S", _State("ended", None, {}, {}), _State("airing", None, {}, {}), NOW.date())
    assert revival[0].kind is AnnouncementKind.RENEWED


def test_following_a_show_never_takes_over_another_series(services, online, httpserver):
    httpserver.expect_request("/shows/5001").respond_with_json(tv.show(5001, "Bosch", thetvdb=900002))
    httpserver.expect_request("/shows/5002").respond_with_json(tv.show(5002, "Bosch: Legacy", thetvdb=900002))
    a, _ = online.follow(5001)
    b, _ = online.follow(5002)
    assert a != b
    assert services.library.detail(a).title == "Bosch" and services.library.detail(b).title == "Bosch: Legacy"


def test_cast_without_ids_and_dropped_seasons_do_not_pile_up(services, online, httpserver):
    anon = {"person": {"name": "Anon"}, "character": {"name": "Someone"}}
    for round_ in range(3):
        seasons = [tv.season(1, 1, None, 1), tv.season(2, 2, None, 1)] if round_ == 0 else [tv.season(1, 1, None, 1)]
        httpserver.clear()
        httpserver.expect_request("/shows/5002").respond_with_json(
            tv.show(
                5002,
                "C",
                seasons=seasons,
                episodes=[tv.episode(1, 1, 1, "2024-01-01")],
                cast=[anon],
                updated=1_700_000_000 + round_,
            )
        )
        sid, _ = online.follow(5002)
    with services.engine.connect() as con:
        assert con.execute(text("SELECT COUNT(*) FROM person WHERE name = 'Anon'")).scalar() == 1
        assert [r[0] for r in con.execute(text("SELECT number FROM season WHERE series_id = :s"), {"s": sid})] == [1]
