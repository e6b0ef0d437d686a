"""Media server syncs at their edges, on both backends: several items of a server on one library
episode (a show in two of its libraries), events meeting them, TVmaze renumbering episodes between
syncs (with events too), and unplays when another server counts the same episode. Each scenario was
found by a review of the sync's writing and failed before it was fixed; the expected results are
those a full sync gives, and viewings are neither lost nor doubled at the next sync."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from tests.media.fake_server import T, bosch_on, connect
from tests.unit.test_importer import add_series, plays
from watchtracker.storage.database import session_scope
from watchtracker.storage.tables import Episode

pytestmark = pytest.mark.both_backends


def test_event_unplay_of_one_item_while_other_item_of_same_episode_still_played(media, servers, services):
    sid = add_series(services.engine, "Bosch", thetvdb_id=277928)
    cid, server = connect(media, servers)
    server.show("b", "Bosch", 2014, thetvdb=277928)
    server.show("b4k", "Bosch", 2014, thetvdb=277928)
    one, two = server.episode("b", 1, 1), server.episode("b4k", 1, 1)
    server.play(one, T)
    server.play(two, T)
    assert media.sync(cid).added == 1
    server.unplay(two)
    media.sync_items(cid, [two])  # the event of the unplay
    media.sync(cid)
    # a full sync in its place removes nothing (test_two_items_of_one_episode_are_one_episodes_plays)
    assert len(plays(services.engine, sid)) == 1


def test_an_unplay_does_not_hand_over_a_viewing_the_other_server_never_counted(media, servers, services):
    sid = add_series(services.engine, "Bosch", thetvdb_id=277928)
    a, server_a = connect(media, servers, "http://a:8096")
    b, server_b = connect(media, servers, "http://b:8096")
    bosch_on(server_a)
    bosch_on(server_b)
    server_a.play("b-1-1", T)
    server_b.play("b-1-1", T + timedelta(days=5))  # another play, days later
    media.sync(a)
    assert media.sync(b).added == 1
    assert len(plays(services.engine, sid)) == 2
    server_a.unplay("b-1-1")
    media.sync(a)
    media.sync(b)
    # only B's play is left (1 play on b): one viewing
    assert len(plays(services.engine, sid)) == 1


def renumber(engine, sid):
    """TVmaze inserted an episode at S01E02 (as the existing test does)."""
    with session_scope(engine) as session:
        for number in (3, 2):
            e = session.exec(
                select(Episode).where(Episode.series_id == sid, Episode.season == 1, Episode.number == number)
            ).one()
            e.number = number + 1
            session.add(e)
            session.flush()
        session.add(Episode(series_id=sid, season=1, number=2, title="inserted"))


def test_renumber_with_two_consecutive_plays(media, servers, services):
    sid = add_series(services.engine, "Bosch", thetvdb_id=277928)
    cid, server = connect(media, servers)
    bosch_on(server)
    server.play("b-1-2", T)
    server.play("b-1-3", T + timedelta(hours=1))
    media.sync(cid)
    renumber(services.engine, sid)
    media.sync(cid)
    media.sync(cid)
    assert [(s, n, w) for s, n, w, _src in plays(services.engine, sid)] == [(1, 2, T), (1, 3, T + timedelta(hours=1))]


def test_events_renumber_with_two_consecutive_plays(media, servers, services):
    """The same as events (each key alone): for comparison."""
    sid = add_series(services.engine, "Bosch", thetvdb_id=277928)
    cid, server = connect(media, servers)
    bosch_on(server)
    server.play("b-1-2", T)
    server.play("b-1-3", T + timedelta(hours=1))
    media.sync(cid)
    renumber(services.engine, sid)
    media.sync_items(cid, ["b-1-2"])
    media.sync_items(cid, ["b-1-3"])
    assert [(s, n, w) for s, n, w, _src in plays(services.engine, sid)] == [(1, 2, T), (1, 3, T + timedelta(hours=1))]


def test_unplay_of_the_item_with_more_plays_while_other_item_stays(media, servers, services):
    sid = add_series(services.engine, "Bosch", thetvdb_id=277928)
    cid, server = connect(media, servers)
    server.show("b", "Bosch", 2014, thetvdb=277928)
    server.show("b4k", "Bosch", 2014, thetvdb=277928)
    one, two = server.episode("b", 1, 1), server.episode("b4k", 1, 1)
    server.play(one, T)
    server.play(two, T)
    server.play(two, T + timedelta(days=1))  # rewatched in 4K: the episode's plays are 2
    assert media.sync(cid).added == 2
    server.unplay(two)
    media.sync(cid)
    # the server now has the episode played once: a first sync would make 1 viewing
    assert len(plays(services.engine, sid)) == 1


def test_event_first_play_of_second_item(media, servers, services):
    sid = add_series(services.engine, "Bosch", thetvdb_id=277928)
    cid, server = connect(media, servers)
    server.show("b", "Bosch", 2014, thetvdb=277928)
    server.show("b4k", "Bosch", 2014, thetvdb=277928)
    one, two = server.episode("b", 1, 1), server.episode("b4k", 1, 1)
    server.play(one, T)
    assert media.sync(cid).added == 1
    server.play(two, T + timedelta(days=1))
    media.sync_items(cid, [two])
    n_event = len(plays(services.engine, sid))
    assert n_event == 1, "a full sync in its place adds nothing (max of the items' plays)"


def test_event_rewatch_of_the_item_with_fewer_plays(media, servers, services):
    sid = add_series(services.engine, "Bosch", thetvdb_id=277928)
    cid, server = connect(media, servers)
    server.show("b", "Bosch", 2014, thetvdb=277928)
    server.show("b4k", "Bosch", 2014, thetvdb=277928)
    one, two = server.episode("b", 1, 1), server.episode("b4k", 1, 1)
    server.play(one, T, times=2)
    server.play(two, T)
    assert media.sync(cid).added == 2
    server.play(two, T + timedelta(days=2))  # two: 2 plays, one: 2 plays
    media.sync_items(cid, [two])
    assert len(plays(services.engine, sid)) == 2, "a full sync in the event's place adds nothing (max 2 = counted 2)"


def test_an_event_renumber_leaves_the_viewing_another_item_still_counts(media, servers, services):
    sid = add_series(services.engine, "Bosch", thetvdb_id=277928)
    cid, server = connect(media, servers)
    server.show("b", "Bosch", 2014, thetvdb=277928)
    server.show("b4k", "Bosch", 2014, thetvdb=277928)
    a = server.episode("b", 1, 2)
    b = server.episode("b4k", None, None, aired=date(2015, 1, 1) + timedelta(days=1002))  # found by air date
    server.play(a, T)
    server.play(b, T)
    assert media.sync(cid).added == 1
    renumber(services.engine, sid)  # a -> the new S01E02; b (by air date) stays on the old row (now S01E03)
    media.sync_items(cid, [a])
    media.sync(cid)
    assert len(plays(services.engine, sid)) == 2, "a full sync instead of the event gives 2 (one per episode)"


def test_a_full_sync_renumber_with_two_items_on_one_episode(media, servers, services):
    sid = add_series(services.engine, "Bosch", thetvdb_id=277928)
    cid, server = connect(media, servers)
    server.show("b", "Bosch", 2014, thetvdb=277928)
    server.show("b4k", "Bosch", 2014, thetvdb=277928)
    a = server.episode("b", 1, 2)
    b = server.episode("b4k", None, None, aired=date(2015, 1, 1) + timedelta(days=1002))
    server.play(a, T)
    server.play(b, T)
    assert media.sync(cid).added == 1
    renumber(services.engine, sid)
    media.sync(cid)
    assert len(plays(services.engine, sid)) == 2
