"""Media server syncs against the library, on both backends: plays become viewings (dates, play
counts, rewatches), unplays remove only the server's own viewings, the same play is never two
viewings (events, catch-up, two servers, an import, by hand), matching (ids, title and year,
kept for later, matched by hand), odd numbering, write-back, and the bad days (nothing half
done, one line kept on the connection).

The server here is an in-memory fake following ``MediaServerClient``; the real clients are
tested against stand-ins that follow the servers' API descriptions (test_media_jellyfin/plex/kodi),
and tests/unit/test_media_servers_e2e.py runs the two together."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from tests.media.fake_server import FakeClient, FakeServer, T, bosch_on, connect
from tests.unit.test_importer import add_series, plays, watch
from watchtracker.domain.transfer import ExternalIds, ImportBatch, ImportedShow, ImportedViewing
from watchtracker.errors import InvalidInput, NetworkDown, ServiceUnavailable, SignInRefused
from watchtracker.services.media import MediaServerService
from watchtracker.services.media import reconcile as reconcile_module
from watchtracker.storage.database import session_scope
from watchtracker.storage.tables import Episode, LibraryEntry, PendingImport, Series, ServerPlay, Viewing

pytestmark = pytest.mark.both_backends


def count(engine, **where) -> int:
    with Session(engine) as session:
        q = select(Viewing)
        for k, v in where.items():
            q = q.where(getattr(Viewing, k) == v)
        return len(session.exec(q).all())


# -- adding --------------------------------------------------------------------------------------


def test_add_keeps_the_token_in_the_keyring_not_the_library(media, servers, services, memory_keyring):
    sid, _server = connect(media, servers)
    c = media.connection(sid)
    assert (c.name, c.kind, c.url, c.user) == ("Living room", "jellyfin", "http://nas:8096", "ann")
    assert memory_keyring.kept == {("watchtracker", "media-server:jellyfin:http://nas:8096:ann"): "good-token"}
    with services.engine.connect() as conn:
        everything = repr(conn.exec_driver_sql("SELECT * FROM media_server").all())
    assert "good-token" not in everything and "secret" not in everything


def test_add_refused_keeps_nothing(media, servers):
    servers["http://nas:8096"] = FakeServer()
    with pytest.raises(SignInRefused):
        media.add("jellyfin", "http://nas:8096", user="ann", password="wrong")
    assert media.connections() == []


@pytest.mark.parametrize(
    ("kind", "url", "kw", "says"),
    [
        ("jellyfin", "ftp://nas", {"user": "a", "password": "b"}, "not a server address"),
        ("jellyfin", "http://", {"user": "a", "password": "b"}, "not a server address"),
        ("jellyfin", "http://nas:99999", {"user": "a", "password": "b"}, "not a server address"),
        ("tivo", "http://nas", {}, "not a media server we know"),
        ("plex", "http://nas:32400", {}, "needs a token"),
        ("jellyfin", "http://nas", {"user": "a"}, "user name and password, or an API key"),
        ("kodi", "http://nas:8080", {"password": "x"}, "user name"),
        ("emby", "http://nas", {"user": "a", "password": "b\nc"}, "cannot span lines"),
    ],
)
def test_add_nonsense_is_one_clear_line(media, kind, url, kw, says):
    with pytest.raises(InvalidInput, match=says):
        media.add(kind, url, **kw)
    assert media.connections() == []


def test_two_connections_get_distinct_names(media, servers):
    a, _ = connect(media, servers, "http://a:8096")
    b, _ = connect(media, servers, "http://b:8096")
    assert [c.name for c in media.connections()] == ["Living room", "Living room 2"]
    assert a != b


# -- what comes in -------------------------------------------------------------------------------


def test_first_sync_of_a_big_history_then_nothing_new(media, servers, services):
    sid = add_series(services.engine, "Long One", seasons=50, episodes=100, thetvdb_id=1)  # 5,000 episodes
    cid, server = connect(media, servers)
    server.show("l", "Long One", 2014, thetvdb=1)
    for s in range(1, 51):
        for n in range(1, 101):
            server.play(server.episode("l", s, n), T + timedelta(minutes=s * 100 + n))
    report = media.sync(cid)
    assert (report.played, report.added, report.removed) == (5000, 5000, 0)
    got = plays(services.engine, sid)
    assert len(got) == 5000 and {src for *_x, src in got} == {f"server:{cid}"}
    assert got[0][:3] == (1, 1, T + timedelta(minutes=101))
    again = media.sync(cid)
    assert (again.added, again.removed, again.already) == (0, 0, 0)
    assert count(services.engine) == 5000
    with Session(services.engine) as session:
        assert session.get(LibraryEntry, sid).state == "watching"  # moved on from plan to watch
    c = media.connection(cid)
    assert c.last_sync_at is not None and c.last_error == "" and c.played == 5000


def test_a_new_play_and_an_unplay_between_syncs(media, servers, services):
    sid = add_series(services.engine, "Bosch", thetvdb_id=277928)
    cid, server = connect(media, servers)
    bosch_on(server)
    server.play("b-1-1", T)
    media.sync(cid)
    server.play("b-1-2", T + timedelta(hours=1))
    assert media.sync(cid).added == 1
    assert plays(services.engine, sid) == [
        (1, 1, T, f"server:{cid}"),
        (1, 2, T + timedelta(hours=1), f"server:{cid}"),
    ]
    watch(services.engine, sid, 1, 2, T + timedelta(days=3))  # a rewatch marked by hand
    server.unplay("b-1-2")
    report = media.sync(cid)
    assert report.removed == 1
    assert plays(services.engine, sid) == [
        (1, 1, T, f"server:{cid}"),
        (1, 2, T + timedelta(days=3), "manual"),  # the viewer's own stays
    ]


def test_missed_events_are_caught_up(media, servers, services):
    """Whatever happened while watchtracker was closed, one sync makes the library right."""
    sid = add_series(services.engine, "Bosch", thetvdb_id=277928)
    cid, server = connect(media, servers)
    bosch_on(server)
    for n in (1, 2, 3):
        server.play(f"b-1-{n}", T + timedelta(hours=n))
    media.sync(cid)
    server.unplay("b-1-1")
    server.play("b-2-1", T + timedelta(days=2))
    server.play("b-1-3", T + timedelta(days=3))  # a rewatch
    server.unplay("b-2-1")
    server.play("b-2-2", T + timedelta(days=4))
    media.sync(cid)
    assert [(s, n, w) for s, n, w, _src in plays(services.engine, sid)] == [
        (1, 2, T + timedelta(hours=2)),
        (1, 3, T + timedelta(hours=3)),
        (1, 3, T + timedelta(days=3)),
        (2, 2, T + timedelta(days=4)),
    ]


def test_play_count_is_rewatches(media, servers, services):
    sid = add_series(services.engine, "Bosch", thetvdb_id=277928)
    cid, server = connect(media, servers)
    bosch_on(server)
    server.play("b-1-1", T, times=2)  # watched twice: the server keeps only the last time
    assert media.sync(cid).added == 2
    assert [w for _s, _n, w, _src in plays(services.engine, sid)] == [None, T]
    server.play("b-1-1", T + timedelta(days=9))
    assert media.sync(cid).added == 1
    assert [w for _s, _n, w, _src in plays(services.engine, sid)] == [None, T, T + timedelta(days=9)]


def test_the_same_play_recorded_by_hand_is_not_doubled_and_keeps_the_servers_date(media, servers, services):
    sid = add_series(services.engine, "Bosch", thetvdb_id=277928)
    watch(services.engine, sid, 1, 1, T + timedelta(minutes=3))  # marked by hand while the credits rolled
    watch(services.engine, sid, 1, 2, None)  # "watched, some time" (an import without dates)
    watch(services.engine, sid, 1, 3, T - timedelta(days=400))  # watched long ago: another viewing
    cid, server = connect(media, servers)
    bosch_on(server)
    server.play("b-1-1", T)
    server.play("b-1-2", T + timedelta(hours=1))
    server.play("b-1-3", T + timedelta(hours=2))
    report = media.sync(cid)
    assert (report.added, report.already, report.dated) == (1, 2, 1)
    assert plays(services.engine, sid) == [
        (1, 1, T + timedelta(minutes=3), "manual"),
        (1, 2, T + timedelta(hours=1), "manual"),  # took the server's date
        (1, 3, T - timedelta(days=400), "manual"),
        (1, 3, T + timedelta(hours=2), f"server:{cid}"),
    ]
    server.unplay("b-1-1")
    assert media.sync(cid).removed == 0  # the viewer's own viewing is not the server's to take


def test_the_same_play_from_two_servers_sharing_a_library(media, servers, services):
    add_series(services.engine, "Bosch", thetvdb_id=277928)
    a, server_a = connect(media, servers, "http://a:8096")
    b, server_b = connect(media, servers, "http://b:8096")
    for server in (server_a, server_b):
        bosch_on(server)
        server.play("b-1-1", T)
    server_b.play("b-1-1", T + timedelta(seconds=40), times=0)  # a second later there
    assert media.sync(a).added == 1
    report = media.sync(b)
    assert (report.added, report.already) == (0, 1)
    assert count(services.engine) == 1
    server_b.unplay("b-1-1")
    assert media.sync(b).removed == 0  # b made no viewing: a's stays
    assert count(services.engine) == 1


def test_the_same_play_from_an_import(media, servers, services):
    sid = add_series(services.engine, "Bosch", thetvdb_id=277928)
    show = ImportedShow(
        "1", "Bosch", 2014, ExternalIds(thetvdb=277928), (ImportedViewing(1, 1, T + timedelta(minutes=2)),)
    )
    services.importer.apply(services.importer.plan(ImportBatch("trakt", (show,)), offline=True), backup=False)
    cid, server = connect(media, servers)
    bosch_on(server)
    server.play("b-1-1", T)
    assert media.sync(cid).already == 1
    assert plays(services.engine, sid) == [(1, 1, T + timedelta(minutes=2), "import:trakt")]


def test_an_import_of_a_play_the_server_brought_is_not_doubled(media, servers, services):
    """Trakt scrobbled the play from Jellyfin three minutes after Jellyfin's date: the import of
    that Trakt history counts it as the viewing the sync made."""
    sid = add_series(services.engine, "Bosch", thetvdb_id=277928)
    cid, server = connect(media, servers)
    bosch_on(server)
    server.play("b-1-1", T)
    media.sync(cid)
    show = ImportedShow(
        "1", "Bosch", 2014, ExternalIds(thetvdb=277928), (ImportedViewing(1, 1, T + timedelta(minutes=3)),)
    )
    report = services.importer.apply(services.importer.plan(ImportBatch("trakt", (show,)), offline=True), backup=False)
    assert (report.viewings_added, report.duplicates) == (0, 1)
    assert plays(services.engine, sid) == [(1, 1, T, f"server:{cid}")]


# -- matching ------------------------------------------------------------------------------------


def test_a_series_without_ids_is_matched_by_title_and_year_and_takes_the_ids(media, servers, services):
    sid = add_series(services.engine, "The Expanse", year=2015)
    cid, server = connect(media, servers)
    server.show("e", "Expanse", 2015, thetvdb=280619, imdb="tt3230854")
    server.play(server.episode("e", 1, 1), T)
    report = media.sync(cid)
    assert report.added == 1 and report.kept == ()
    with Session(services.engine) as session:
        s = session.get(Series, sid)
        assert (s.thetvdb_id, s.imdb_id) == (280619, "tt3230854")
        assert len(session.exec(select(Series)).all()) == 1  # never a second copy


def test_shows_not_followed_are_kept_for_later_then_matched_by_hand(media, servers, services):
    other = add_series(services.engine, "Ballard", year=2025, followed=False, thetvdb_id=9)
    cid, server = connect(media, servers)
    server.show("x", "Unknown Show", 2020)
    server.play(server.episode("x", 1, 1), T)
    server.play(server.episode("x", 1, 2), T + timedelta(hours=1))
    server.show("y", "Ballard", 2025, thetvdb=9)
    server.play(server.episode("y", 1, 1), T)
    report = media.sync(cid, offline=True)
    assert report.added == 0 and sorted(report.kept) == ["Ballard", "Unknown Show"]
    with Session(services.engine) as session:
        kept = {r.title: r for r in session.exec(select(PendingImport))}
        assert set(kept) == {"Ballard", "Unknown Show"} and kept["Ballard"].format == f"server:{cid}"
        assert "not followed" in kept["Ballard"].error
        assert session.get(LibraryEntry, other) is None  # never followed silently
    assert media.connection(cid).unmatched == 2
    # matched by hand in the imports' list of shows kept for later: followed, its plays recorded
    target = add_series(services.engine, "A Show Renamed", year=2020)
    plan = services.importer.match_by_hand(kept["Unknown Show"].id, series_id=target)
    services.importer.apply(plan, backup=False)
    assert [(s, n, src) for s, n, _w, src in plays(services.engine, target)] == [
        (1, 1, f"server:{cid}"),
        (1, 2, f"server:{cid}"),
    ]
    server.play(server.episode("x", 1, 3), T + timedelta(days=1))
    report = media.sync(cid, offline=True)
    # the link stays: later plays go to the series; those placed by hand are the server's plays already
    assert (report.added, report.already) == (1, 2)
    assert report.kept == ("Ballard",)
    server.unplay("x-1-1")
    assert media.sync(cid, offline=True).removed == 1  # the hand-matched plays are the server's


def test_a_show_found_on_tvmaze_is_offered_not_followed_and_not_looked_up_at_every_sync(services, servers, httpserver):
    from tests.fixtures import tvmaze_payloads as tv
    from watchtracker.providers.http import PoliteClient, Politeness
    from watchtracker.providers.tvmaze import TvmazeClient

    httpserver.expect_request("/lookup/shows", query_string="thetvdb=400719").respond_with_json(
        tv.show(5002, "Bosch: Legacy", embed=False)
    )
    httpserver.expect_request("/shows/5002").respond_with_json(tv.legacy())
    http = PoliteClient(Politeness(read_timeout=0.5), sleep=lambda s: None)
    tvmaze = TvmazeClient(http, httpserver.url_for("").rstrip("/"))

    def factory(access, **_kw):
        return FakeClient(servers.setdefault(access.url, FakeServer()), access)

    media = MediaServerService(services.engine, tvmaze=tvmaze, client_factory=factory, clock=lambda: T)
    try:
        cid, server = connect(media, servers)
        server.show("l", "Bosch: Legacy", 2022, thetvdb=400719)
        server.play(server.episode("l", 1, 1), T)
        report = media.sync(cid)
        assert (report.added, report.kept) == (0, ("Bosch: Legacy",))
        with Session(services.engine) as session:
            assert session.exec(select(Series)).all() == []  # offered, never followed silently
            [kept] = session.exec(select(PendingImport)).all()
            assert kept.error == "on TVmaze as “Bosch: Legacy”, not followed"
        asked = http.requests_sent
        assert asked == 2
        media.sync(cid)
        media.sync(cid)
        assert http.requests_sent == asked  # TVmaze answered once: not asked at every sync
        with Session(services.engine) as session:
            assert session.exec(select(PendingImport.error)).one() == kept.error  # its reason kept
        # followed meanwhile (from TVmaze, by the viewer): the next sync finds it in the library by id
        add_series(services.engine, "Bosch: Legacy", year=2022, thetvdb_id=400719)
        assert media.sync(cid).added == 1
    finally:
        http.close()


def test_episode_deleted_on_the_server_keeps_its_viewings(media, servers, services):
    sid = add_series(services.engine, "Bosch", thetvdb_id=277928)
    cid, server = connect(media, servers)
    bosch_on(server)
    server.play("b-1-1", T)
    media.sync(cid)
    del server.episodes["b-1-1"]  # the file was deleted from the server
    report = media.sync(cid)
    assert (report.removed, report.forgotten) == (0, 1)
    assert len(plays(services.engine, sid)) == 1


def test_odd_numbering_specials_by_air_date_and_absolute_numbers(media, servers, services):
    sid = add_series(services.engine, "Anime", seasons=2, episodes=3, thetvdb_id=5)
    with session_scope(services.engine) as session:
        session.add(Episode(series_id=sid, season=0, number=1, air_date=date(2019, 6, 1)))
        session.add(Episode(series_id=sid, season=0, number=2, air_date=date(2019, 7, 1)))
        fourth = session.exec(
            select(Episode).where(Episode.series_id == sid, Episode.season == 2, Episode.number == 1)
        ).one()
        fourth_day = fourth.air_date
    cid, server = connect(media, servers)
    server.show("a", "Anime", 2014, thetvdb=5)
    server.play(server.episode("a", 0, 7, aired=date(2019, 7, 1)), T)  # the server's S00E07 is TVmaze's S00E02
    server.play(server.episode("a", 1, 6), T + timedelta(hours=1))  # numbered straight through
    server.play(server.episode("a", 3, 1, aired=fourth_day), T + timedelta(hours=2))  # another order, same day
    server.play(server.episode("a", 9, 9), T + timedelta(hours=3))  # nowhere
    report = media.sync(cid)
    assert (report.added, report.unplaced) == (3, 1)
    assert report.unplaced_examples == ("Anime S09E09",)
    assert [(s, n) for s, n, _w, _src in plays(services.engine, sid)] == [(0, 2), (2, 1), (2, 3)]


def test_two_items_of_one_episode_are_one_episodes_plays(media, servers, services):
    """A show in two of the server's libraries: two items, one episode of the library."""
    sid = add_series(services.engine, "Bosch", thetvdb_id=277928)
    cid, server = connect(media, servers)
    server.show("b", "Bosch", 2014, thetvdb=277928)
    server.show("b4k", "Bosch", 2014, thetvdb=277928)
    one, two = server.episode("b", 1, 1), server.episode("b4k", 1, 1)
    server.play(one, T)
    server.play(two, T)
    assert media.sync(cid).added == 1
    server.play(one, T + timedelta(days=1))
    server.play(two, T + timedelta(days=1))
    assert media.sync(cid).added == 1
    assert [w for _s, _n, w, _src in plays(services.engine, sid)] == [T, T + timedelta(days=1)]
    server.unplay(two)  # the other item still has it played: nothing goes
    assert media.sync(cid).removed == 0
    assert len(plays(services.engine, sid)) == 2


def test_the_same_key_listed_twice_is_one_episode(media, servers, services):
    sid = add_series(services.engine, "Bosch", thetvdb_id=277928)
    cid, server = connect(media, servers)
    bosch_on(server)
    server.play("b-1-1", T)
    server.play("b-1-2", T + timedelta(hours=1))
    server.repeat = True
    assert media.sync(cid).added == 2
    assert media.sync(cid).added == 0
    assert len(plays(services.engine, sid)) == 2


def test_a_play_follows_its_episode_when_tvmaze_renumbers(media, servers, services):
    """TVmaze inserted an episode: the library's S01E02 is S01E03 now, a new S01E02 came. The
    server's S01E02 play is one viewing, on the new S01E02."""
    sid = add_series(services.engine, "Bosch", thetvdb_id=277928)
    cid, server = connect(media, servers)
    bosch_on(server)
    server.play("b-1-2", T)
    media.sync(cid)
    with session_scope(services.engine) as session:
        for number in (3, 2):  # as a refresh moves rows up (unique season+number)
            e = session.exec(
                select(Episode).where(Episode.series_id == sid, Episode.season == 1, Episode.number == number)
            ).one()
            e.number = number + 1
            session.add(e)
            session.flush()
        session.add(Episode(series_id=sid, season=1, number=2, title="inserted"))
    assert [(s, n) for s, n, _w, _src in plays(services.engine, sid)] == [(1, 3)]  # moved with its row
    report = media.sync(cid)
    assert (report.added, report.removed) == (0, 0)
    assert [(s, n, w) for s, n, w, _src in plays(services.engine, sid)] == [(1, 2, T)]


def test_an_unplay_on_one_server_leaves_the_play_another_still_has(media, servers, services):
    sid = add_series(services.engine, "Bosch", thetvdb_id=277928)
    a, server_a = connect(media, servers, "http://a:8096")
    b, server_b = connect(media, servers, "http://b:8096")
    for server in (server_a, server_b):
        bosch_on(server)
        server.play("b-1-1", T)
    media.sync(a)
    assert media.sync(b).already == 1
    server_a.unplay("b-1-1")
    assert media.sync(a).removed == 0
    assert plays(services.engine, sid) == [(1, 1, T, f"server:{b}")]  # b's play now
    server_b.unplay("b-1-1")
    assert media.sync(b).removed == 1
    assert plays(services.engine, sid) == []


# -- write-back ----------------------------------------------------------------------------------


def test_write_back_leaves_alone_what_is_played_there_already(media, servers, services):
    """Servers count a mark as one more play: marking one played there again would come back as
    a rewatch at the next sync."""
    sid = add_series(services.engine, "Bosch", thetvdb_id=277928)
    cid, server = connect(media, servers, write_back=True)
    bosch_on(server)
    server.play("b-1-1", T)
    media.sync(cid)
    server.play("b-1-3", T + timedelta(hours=1))  # played there since the last sync
    with Session(services.engine) as session:
        eids = {
            n: e
            for e, n in session.exec(
                select(Episode.id, Episode.number).where(Episode.series_id == sid, Episode.season == 1)
            )
        }
    watch(services.engine, sid, 1, 2, T + timedelta(days=30))
    assert media.write_back([eids[1], eids[2], eids[3]], watched=True) == []
    assert server.marked == [("played", "b-1-2")]
    assert media.sync(cid).added == 1  # b-1-3's play; b-1-1 and b-1-2 are one viewing each
    assert len(plays(services.engine, sid)) == 3


def test_a_rewatch_written_back_is_one_more_play_there_and_one_viewing_here(media, servers, services):
    sid = add_series(services.engine, "Bosch", thetvdb_id=277928)
    cid, server = connect(media, servers, write_back=True)
    bosch_on(server)
    server.play("b-1-1", T)
    media.sync(cid)
    with Session(services.engine) as session:
        eid = session.exec(
            select(Episode.id).where(Episode.series_id == sid, Episode.season == 1, Episode.number == 1)
        ).one()
    watch(services.engine, sid, 1, 1, T + timedelta(days=30))  # "watch again" here (the service's clock)
    assert media.write_back([eid], watched=True, again=True) == []
    assert server.marked == [("played", "b-1-1")] and server.episodes["b-1-1"].play_count == 2
    report = media.sync(cid)
    assert (report.added, report.already) == (0, 1)
    assert [w for _s, _n, w, _src in plays(services.engine, sid)] == [T, T + timedelta(days=30)]


def test_write_back_marks_played_there_only_when_asked(media, servers, services):
    sid = add_series(services.engine, "Bosch", thetvdb_id=277928)
    cid, server = connect(media, servers)
    bosch_on(server)
    server.play("b-1-1", T)
    media.sync(cid)
    with Session(services.engine) as session:
        eids = dict(
            ((s, n), e)
            for e, s, n in session.exec(
                select(Episode.id, Episode.season, Episode.number).where(Episode.series_id == sid)
            )
        )
    assert media.write_back([eids[(1, 2)]], watched=True) == []
    assert server.marked == []  # off by default
    media.set_write_back(cid, True)
    watch(services.engine, sid, 1, 2, T + timedelta(days=30))
    assert media.write_back([eids[(1, 2)]], watched=True) == []
    assert server.marked == [("played", "b-1-2")]
    report = media.sync(cid)  # the server's play is the viewing made here: not a second one
    assert (report.added, report.already) == (0, 1)
    with session_scope(services.engine) as session:
        for v in session.exec(select(Viewing).where(Viewing.episode_id == eids[(1, 2)])):
            session.delete(v)
    assert media.write_back([eids[(1, 2)]], watched=False) == []
    assert server.marked[-1] == ("unplayed", "b-1-2")
    server.fail = ServiceUnavailable("the fake server answered with an error (HTTP 500)")
    problems = media.write_back([eids[(1, 3)]], watched=True)
    assert len(problems) == 1 and "HTTP 500" in problems[0]


# -- bad days ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "failure",
    [
        NetworkDown("Cannot reach the fake server (refused)"),
        SignInRefused("the fake server refused the sign-in (HTTP 401)"),
        ServiceUnavailable("the fake server answered with an error (HTTP 500)"),
    ],
)
def test_a_failed_sync_changes_nothing_and_says_why_on_the_connection(media, servers, services, failure):
    add_series(services.engine, "Bosch", thetvdb_id=277928)
    cid, server = connect(media, servers)
    bosch_on(server)
    server.play("b-1-1", T)
    media.sync(cid)
    server.play("b-1-2", T + timedelta(hours=1))
    server.fail = failure
    with pytest.raises(type(failure)):
        media.sync(cid)
    assert count(services.engine) == 1
    c = media.connection(cid)
    assert c.last_error == str(failure) and c.last_error_at is not None
    server.fail = None
    assert media.sync(cid).added == 1
    assert media.connection(cid).last_error == ""


def test_a_sync_failing_halfway_through_writing_leaves_nothing_half_applied(media, servers, services, monkeypatch):
    add_series(services.engine, "Bosch", thetvdb_id=277928)
    cid, server = connect(media, servers)
    bosch_on(server)
    for n in (1, 2, 3):
        server.play(f"b-1-{n}", T + timedelta(hours=n))
    real = reconcile_module._start_watching

    def broken(session, sids):
        real(session, sids)
        raise OSError("disk full")  # after the viewings were inserted

    monkeypatch.setattr(reconcile_module, "_start_watching", broken)
    with pytest.raises(OSError):
        media.sync(cid)
    assert count(services.engine) == 0
    with Session(services.engine) as session:
        assert session.exec(select(ServerPlay)).all() == []
    monkeypatch.undo()
    assert media.sync(cid).added == 3


def test_an_expired_token_says_sign_in_again_and_sign_in_again_mends_it(media, servers, services):
    cid, server = connect(media, servers)
    server.token = "rotated"
    with pytest.raises(SignInRefused):
        media.sync(cid)
    assert "refused" in media.connection(cid).last_error
    media.sign_in_again(cid, password="secret")
    assert media.sync(cid).added == 0 and media.connection(cid).last_error == ""


def test_no_token_on_this_computer_is_one_line(media, servers, memory_keyring):
    cid, _server = connect(media, servers)
    from watchtracker.storage import secrets

    secrets.forget_media_secret(secrets.media_account("jellyfin", "http://nas:8096", "ann"))
    with pytest.raises(SignInRefused, match="sign in again"):
        media.sync(cid)


def test_sync_all_skips_paused_and_goes_on_after_a_failure(media, servers, services):
    add_series(services.engine, "Bosch", thetvdb_id=277928)
    a, server_a = connect(media, servers, "http://a:8096")
    b, server_b = connect(media, servers, "http://b:8096")
    c, server_c = connect(media, servers, "http://c:8096")
    for server in (server_a, server_b, server_c):
        bosch_on(server)
        server.play("b-1-1", T)
    server_a.fail = NetworkDown("Cannot reach a")
    media.set_paused(c, True)
    results = media.sync_all()
    assert len(results) == 2
    assert isinstance(results[0], NetworkDown) and results[1].added == 1


def test_remove_keeps_the_viewings_and_forgets_the_rest(media, servers, services):
    sid = add_series(services.engine, "Bosch", thetvdb_id=277928)
    cid, server = connect(media, servers)
    bosch_on(server)
    server.show("x", "Unknown", 2020)
    server.play(server.episode("x", 1, 1), T)
    server.play("b-1-1", T)
    media.sync(cid, offline=True)
    media.remove(cid)
    assert media.connections() == []
    assert len(plays(services.engine, sid)) == 1
    with Session(services.engine) as session:
        assert session.exec(select(PendingImport)).all() == []
        assert session.exec(select(ServerPlay)).all() == []


def test_viewings_inserted_in_bulk_get_their_own_uids(media, servers, services):
    """The viewings a sync writes (Core insert) each get a uid, like those made by hand."""
    add_series(services.engine, "Bosch", thetvdb_id=277928)
    cid, server = connect(media, servers)
    bosch_on(server)
    for n in (1, 2, 3):
        server.play(f"b-1-{n}", T + timedelta(hours=n))
    media.sync(cid)
    with Session(services.engine) as session:
        uids = [v.uid for v in session.exec(select(Viewing))]
    assert len(uids) == 3 and len(set(uids)) == 3 and all(uids)
