"""Progress, next episode and watching: the SQL of the library against the domain rules."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import NOW
from watchtracker.domain import progress
from watchtracker.domain.enums import ViewerState
from watchtracker.domain.models import EpisodeCode
from watchtracker.errors import Ambiguous, InvalidInput, NotFound
from watchtracker.services.example import load_example

pytestmark = pytest.mark.both_backends

SMALL = Path(__file__).parent.parent / "fixtures" / "small-library.json"


@pytest.fixture
def small(services):
    added, changes = load_example(services.engine, SMALL)
    assert added == 3
    return services


def rows_by_title(lib):
    return {r.title: r for r in lib.library()}


def test_library_rows_count_aired_watched_and_next(small):
    rows = rows_by_title(small.library)
    assert set(rows) == {"Alpha", "Beta"}  # Gamma is known but not followed
    alpha = rows["Alpha"]
    # specials do not count; S02E02 (27 Nov) and S02E03 (no date) have not aired on 24 Nov 2026
    assert (alpha.seasons, alpha.episodes_aired, alpha.episodes_watched) == (2, 5, 2)
    # next is the first unwatched aired episode after the furthest watched (S01E03)
    assert alpha.next_episode.code == EpisodeCode(1, 4)
    assert alpha.next_episode.title == "A4"
    assert alpha.last_watched == datetime(2025, 6, 1, 20, tzinfo=UTC)
    assert alpha.state is ViewerState.WATCHING
    beta = rows["Beta"]
    assert (beta.episodes_aired, beta.episodes_watched, str(beta.next_episode.code)) == (2, 0, "S01E01")


def test_sql_agrees_with_domain_rules(small):
    for row in small.library.library():
        eps = small.library.detail(row.series_id).episodes()
        watched, aired = progress.counts(eps, NOW, NOW.date())
        nxt = progress.next_to_watch(eps, NOW, NOW.date())
        assert (row.episodes_watched, row.episodes_aired) == (watched, aired)
        assert (row.next_episode.code if row.next_episode else None) == (nxt.code if nxt else None)


def test_rows_for_some_series_only(small):
    alpha = small.library.find("alpha")
    assert [r.title for r in small.library.library([alpha])] == ["Alpha"]
    assert small.library.library([]) == []


def test_mark_season_then_undo(small):
    lib = small.library
    alpha = lib.find("Alpha")
    eps = lib.select_episodes(alpha, season=1)
    result = lib.mark_watched([e.id for e in eps])
    assert len(result.added) == 2  # A1 and A3 were already watched: left alone
    assert result.changes.series == {alpha}
    row = lib.library([alpha])[0]
    assert row.episodes_watched == 4
    assert row.next_episode.code == EpisodeCode(2, 1)
    lib.remove_viewings(result.added)
    assert lib.library([alpha])[0].episodes_watched == 2


def test_rewatch_counts_plays_and_unwatch_can_be_undone(small):
    lib = small.library
    alpha = lib.find("Alpha")
    a1 = lib.select_episodes(alpha, episode="S01E01")[0]
    assert a1.plays == 2
    lib.rewatch([a1.id])
    assert lib.select_episodes(alpha, episode="s1e1")[0].plays == 3
    removed = lib.mark_unwatched([a1.id])
    assert len(removed.removed) == 3
    assert lib.select_episodes(alpha, episode="S01E01")[0].plays == 0
    lib.restore_viewings(removed.removed)
    restored = lib.select_episodes(alpha, episode="S01E01")[0]
    assert restored.plays == 3
    assert restored.last_watched.year == 2026  # the rewatch's time came back too


def test_watching_starts_a_planned_series_and_follows_an_unfollowed_one(small):
    lib = small.library
    beta = lib.find("Beta")
    lib.mark_watched([e.id for e in lib.select_episodes(beta, episode="S01E01")])
    assert lib.library([beta])[0].state is ViewerState.WATCHING


def test_up_to_and_all_keep_to_aired_episodes(small):
    lib = small.library
    alpha = lib.find("Alpha")
    up_to = lib.select_episodes(alpha, up_to="S02E01")
    assert [str(e.code) for e in up_to] == ["S01E01", "S01E02", "S01E03", "S01E04", "S02E01"]
    assert [str(e.code) for e in lib.select_episodes(alpha, everything=True)][-1] == "S02E01"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"season": 9}, "has no season 9"),
        ({"episode": "S09E01"}, "has no episode S09E01"),
        ({"episode": "first one"}, "not an episode code"),
        ({"up_to": "S01E99"}, "has no episode S01E99"),
        ({}, "Say which episodes"),
    ],
)
def test_bad_episode_choices_are_explained(small, kwargs, message):
    with pytest.raises(InvalidInput, match=message):
        small.library.select_episodes(small.library.find("Alpha"), **kwargs)


def test_titles_match_case_insensitively_and_by_alias(small):
    lib = small.library
    assert lib.find("ALPHA") == lib.find("the alpha show")
    with pytest.raises(NotFound, match="No series called 'Delta'"):
        lib.find("Delta")


def test_ambiguous_title_lists_candidates(small):
    with pytest.raises(Ambiguous) as info:
        small.library.find("a")  # in Alpha, Beta, Gamma
    assert {t for _, t in info.value.candidates} == {"Alpha", "Beta", "Gamma"}
    assert "Gamma" in str(info.value)


def test_detail_has_seasons_cast_relations_and_announcements(small):
    d = small.library.detail(small.library.find("Alpha"))
    assert [s.label for s in d.seasons] == ["Season 1", "Season 2", "Specials"]
    assert d.cast[0].person == "Ann Actor"
    labels = [(r.title, r.label) for r in d.related]
    assert labels == [("Beta", "Prequel"), ("Gamma", "Spin-off")]  # in order of premiere
    assert d.announcements[0].headline == "Gamma ordered"
    assert d.announcements[0].series == ("Alpha", "Gamma")
    assert d.franchise == "Test universe"
    gamma = small.library.detail(small.library.find("Gamma"))
    assert not gamma.followed
    assert gamma.years == "Spring 2027"
    # direct relations first, then the rest of the franchise
    assert [(r.title, r.label, r.direct) for r in gamma.related] == [
        ("Alpha", "Spin-off of", True),
        ("Beta", "Also in the Test universe", False),
    ]


def test_follow_unfollow_keeps_the_viewers_entry_for_undo(small):
    lib = small.library
    alpha = lib.find("Alpha")
    lib.update_entry(alpha, rating=8, notes="great", favourite=True, state=ViewerState.ON_HOLD)
    snapshot, changes = lib.unfollow(alpha)
    assert changes.removed == {alpha}
    assert "Alpha" not in rows_by_title(lib)
    assert lib.detail(alpha).seasons  # the series and its viewings stay
    lib.restore_entry(snapshot)
    d = lib.detail(alpha)
    assert (d.rating, d.notes, d.favourite, d.state) == (8, "great", True, ViewerState.ON_HOLD)


@pytest.mark.parametrize("rating", [0, 11, "9", 7.5])
def test_nonsense_rating_is_refused(small, rating):
    with pytest.raises(InvalidInput, match="from 1 to 10"):
        small.library.update_entry(small.library.find("Alpha"), rating=rating)


def test_follow_an_announced_series(small):
    lib = small.library
    gamma = lib.find("Gamma")
    changes = lib.follow(gamma)
    assert changes.added == {gamma}
    row = rows_by_title(lib)["Gamma"]
    assert (row.episodes_aired, row.next_episode, row.state) == (0, None, ViewerState.PLAN_TO_WATCH)
    assert lib.follow(gamma) == type(changes)()  # following twice changes nothing


def test_the_start_up_preview_reads_the_same_rows_without_the_orm(small, paths, backend):
    from watchtracker.services.startup import take_preview

    taken = take_preview(paths.database, now=NOW, server_url=paths.server_url)
    if backend == "postgresql":  # no file to peek into: the window waits for the server's rows
        assert paths.server_url and taken is None
        return
    assert taken is not None
    preview = taken.rows
    live = small.library.library()
    assert sorted(preview, key=lambda r: r.series_id) == sorted(live, key=lambda r: r.series_id)


def test_the_preview_gives_way_when_it_cannot_read(tmp_path):
    from watchtracker.services.startup import take_preview

    assert take_preview(tmp_path / "missing.sqlite") is None
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"junk" * 100)
    assert take_preview(junk) is None
    assert junk.read_bytes() == b"junk" * 100


def test_air_times_count_to_the_minute(services):
    """An episode airing later today has not aired; one that aired an hour ago has."""
    from datetime import timedelta

    from watchtracker.domain.inputs import SeriesInput
    from watchtracker.storage.database import session_scope
    from watchtracker.storage.tables import Episode

    sid, _ = services.catalog.add_series(SeriesInput(title="Tonight", status="airing"))
    with session_scope(services.engine) as session:
        session.add(Episode(series_id=sid, season=1, number=1, air_date=NOW.date(), airstamp=NOW - timedelta(hours=1)))
        session.add(Episode(series_id=sid, season=1, number=2, air_date=NOW.date(), airstamp=NOW + timedelta(hours=1)))
    row = services.library.library([sid])[0]
    assert (row.episodes_aired, str(row.next_episode.code)) == (1, "S01E01")


def test_undoing_a_first_viewing_also_undoes_following_and_state(small):
    lib = small.library
    beta = lib.find("Beta")
    result = lib.mark_watched([lib.select_episodes(beta, episode="S01E01")[0].id])
    assert result.states_before == ((beta, "plan_to_watch"),)
    assert lib.library([beta])[0].state is ViewerState.WATCHING
    lib.remove_viewings(result.added)
    changes = lib.restore_states(result.states_before)
    assert lib.library([beta])[0].state is ViewerState.PLAN_TO_WATCH
    assert changes.series == {beta} and not changes.removed


def test_undoing_a_viewing_of_an_unfollowed_series_unfollows_it(small):
    from watchtracker.domain.inputs import SeriesInput
    from watchtracker.storage.database import session_scope
    from watchtracker.storage.tables import Episode

    lib, cat = small.library, small.catalog
    sid, _ = cat.add_series(SeriesInput(title="Solo", status="airing", follow_state=None))
    with session_scope(small.engine) as session:
        session.add(Episode(series_id=sid, season=1, number=1, air_date=NOW.date()))
    ep = lib.detail(sid).episodes()[0]
    result = lib.mark_watched([ep.id])
    assert result.changes.added == {sid}
    assert lib.restore_states(result.states_before).removed == {sid}
    assert not lib.detail(sid).followed
