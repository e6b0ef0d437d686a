"""The `servers` commands against the stand-in servers (which follow the servers' published API
descriptions; every exchange is checked against them at the end), on the example library, on both
backends: add, first sync (matched by title and year: the example's series have no ids and get
them), a played and an unplayed episode, a show kept for later, the server down."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from tests.media.jellyfin_standin import JellyfinStandin
from tests.media.kodi_standin import KodiStandIn
from tests.media.plex_standin import PlexStandIn
from tests.unit import test_media_kodi, test_media_plex
from watchtracker.storage.database import open_database
from watchtracker.storage.server import open_server_library
from watchtracker.storage.tables import Episode, Series, Viewing

pytestmark = pytest.mark.both_backends

T = datetime(2025, 3, 1, 21, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _no_backoff(monkeypatch):
    monkeypatch.setattr("watchtracker.providers.media.http.BACKOFF_S", 0.0)


class Jellyfin:
    """The example's shows on a Jellyfin stand-in; ``play``/``unplay`` by (show, season, number)."""

    def __init__(self, httpserver):
        self.stand = JellyfinStandin(httpserver)
        s = self.stand
        self.shows = {
            "Bosch": s.add_series("Bosch", 2014, {"Tvdb": "277928", "Imdb": "tt3502248"}),
            "Bosch: Legacy": s.add_series("Bosch: Legacy", 2022, {"Tvdb": "400719"}),
            "Elsewhere": s.add_series("A Show Not In The Library", 2019, {"Tvdb": "1"}),
        }
        self.eps = {}
        for title, series in self.shows.items():
            for n in (1, 2, 3):
                self.eps[(title, 1, n)] = s.add_episode(series, 1, n)

    def add_args(self):
        return ["jellyfin", self.stand.url, "--user", "Alice", "--password", "secret"]

    def play(self, title, season, number, when, count=1):
        self.stand.play(self.eps[(title, season, number)], count, when)

    def unplay(self, title, season, number):
        self.stand.unplay(self.eps[(title, season, number)])

    def check_all(self):
        return self.stand.check_all()

    def is_played(self, title, season, number):
        return self.stand.state(self.eps[(title, season, number)]).played


class Plex:
    def __init__(self, httpserver):
        self.stand = PlexStandIn(httpserver)
        s = self.stand
        s.add_show("10", "Bosch", 2014, ["tvdb://277928", "imdb://tt3502248"])
        s.add_show("20", "Bosch: Legacy", 2022, ["tvdb://400719"])
        s.add_show("30", "A Show Not In The Library", 2019, ["tvdb://1"])
        self.keys = {}
        for title, show in (("Bosch", "10"), ("Bosch: Legacy", "20"), ("Elsewhere", "30")):
            for n in (1, 2, 3):
                key = f"{show}{n}"
                s.add_episode(key, show, 1, n, title=f"Episode {n}")
                self.keys[(title, 1, n)] = key

    def add_args(self):
        return ["plex", self.stand.url, "--token", self.stand.token]

    def play(self, title, season, number, when, count=1):
        ep = self.stand.episodes[self.keys[(title, season, number)]]
        ep.view_count, ep.last_viewed = count, int(when.timestamp())

    def unplay(self, title, season, number):
        ep = self.stand.episodes[self.keys[(title, season, number)]]
        ep.view_count, ep.last_viewed = 0, None

    def check_all(self):
        return test_media_plex.check_all(self.stand)

    def is_played(self, title, season, number):
        return self.stand.episodes[self.keys[(title, season, number)]].view_count > 0


class Kodi:
    def __init__(self, httpserver):
        self.stand = KodiStandIn(httpserver)
        s = self.stand
        s.add_show(1, "Bosch", 2014, tvdb="277928", imdb="tt3502248")
        s.add_show(2, "Bosch: Legacy", 2022, tvdb="400719")
        s.add_show(3, "A Show Not In The Library", 2019, tvdb="1")
        self.ids = {}
        for title, show in (("Bosch", 1), ("Bosch: Legacy", 2), ("Elsewhere", 3)):
            for n in (1, 2, 3):
                self.ids[(title, 1, n)] = show * 100 + n
                s.add_episode(show * 100 + n, show, 1, n, title=f"Episode {n}")

    def add_args(self):
        return ["kodi", self.stand.url, "--user", "kodi", "--password", "secret"]

    def play(self, title, season, number, when, count=1):
        ep = self.stand.episodes[self.ids[(title, season, number)]]
        # Kodi keeps local time; the tests run with the machine's zone, as the client reads it
        ep.playcount, ep.lastplayed = count, when.astimezone().strftime("%Y-%m-%d %H:%M:%S")

    def unplay(self, title, season, number):
        ep = self.stand.episodes[self.ids[(title, season, number)]]
        ep.playcount, ep.lastplayed = 0, ""

    def check_all(self):
        return test_media_kodi.check_all(self.stand)

    def is_played(self, title, season, number):
        return self.stand.episodes[self.ids[(title, season, number)]].playcount > 0


@pytest.fixture(params=[Jellyfin, Plex, Kodi], ids=["jellyfin", "plex", "kodi"])
def server(request, httpserver):
    made = request.param(httpserver)
    yield made
    assert made.check_all() > 0  # every exchange followed the server's published description


def engine_of(paths):
    if paths.server_url:
        from watchtracker.storage.server import parse_server_url

        return open_server_library(parse_server_url(paths.server_url)).engine
    return open_database(paths.database)


def history(paths) -> list[tuple[str, int, int, datetime | None, str]]:
    engine = engine_of(paths)
    try:
        with Session(engine) as session:
            rows = session.exec(
                select(Series.title, Episode.season, Episode.number, Viewing.watched_at, Viewing.source)
                .join(Episode, Episode.series_id == Series.id)
                .join(Viewing, Viewing.episode_id == Episode.id)
                .where(Viewing.source.startswith("server:"))
            ).all()
            return sorted(
                (t, s, n, w.replace(tzinfo=UTC) if w and w.tzinfo is None else w, src) for t, s, n, w, src in rows
            )
    finally:
        engine.dispose()


def series_ids(paths, title: str) -> int | None:
    engine = engine_of(paths)
    try:
        with Session(engine) as session:
            return session.exec(select(Series.thetvdb_id).where(Series.title == title)).one()
    finally:
        engine.dispose()


def test_add_sync_play_unplay_and_a_show_kept_for_later(server, cli_run, example, paths, memory_keyring):
    server.play("Bosch", 1, 1, T)
    server.play("Bosch", 1, 2, T + timedelta(hours=1))
    server.play("Bosch: Legacy", 1, 1, T + timedelta(days=1), count=2)
    server.play("Elsewhere", 1, 1, T)
    code, out, err = cli_run("servers", "add", *server.add_args(), "--name", "Home")
    assert code == 0, err
    assert "Added Home" in out
    code, out, err = cli_run("servers", "sync", "--json", "--offline")
    assert code == 0, err
    (report,) = json.loads(out)
    # Bosch: Legacy 1x01 played twice: the example's viewing of 2022 is the first time
    assert (report["played"], report["added"], report["already"], report["removed"]) == (4, 3, 1, 0)
    assert report["kept_for_later"] == ["A Show Not In The Library"]
    assert series_ids(paths, "Bosch") == 277928  # matched by title and year: took the server's ids
    source = history(paths)[0][4]
    assert history(paths) == [
        ("Bosch", 1, 1, T, source),
        ("Bosch", 1, 2, T + timedelta(hours=1), source),
        ("Bosch: Legacy", 1, 1, T + timedelta(days=1), source),
    ]
    code, out, _ = cli_run("servers", "list", "--json")
    (listed,) = json.loads(out)
    assert listed["name"] == "Home" and listed["last_sync"] and listed["last_error"] is None
    assert (listed["played"], listed["unmatched"]) == (3, 1)
    server.unplay("Bosch", 1, 2)
    server.play("Bosch", 1, 3, T + timedelta(days=2))
    code, out, err = cli_run("servers", "sync", "Home")
    assert code == 0, err
    assert "1 viewings added" in out and "1 removed" in out
    code, out, _ = cli_run("import", "--pending")
    assert "A Show Not In The Library (2019) — 1 viewing, Home: " in out  # the server by its name
    assert [(t, s, n, w) for t, s, n, w, _src in history(paths)] == [
        ("Bosch", 1, 1, T),
        ("Bosch", 1, 3, T + timedelta(days=2)),
        ("Bosch: Legacy", 1, 1, T + timedelta(days=1)),
    ]


def test_the_server_down_is_one_line_and_changes_nothing(server, cli_run, example, memory_keyring, httpserver):
    server.play("Bosch", 1, 1, T)
    assert cli_run("servers", "add", *server.add_args())[0] == 0
    assert cli_run("servers", "sync", "--offline")[0] == 0
    server.play("Bosch", 1, 2, T + timedelta(hours=1))
    httpserver.stop()
    try:
        code, out, err = cli_run("servers", "sync", "--offline")
        assert code == 1
        assert len(err.strip().splitlines()) == 1 and "Cannot reach" in err
        code, out, _ = cli_run("servers", "list")
        assert "last error" in out and "Cannot reach" in out
    finally:
        httpserver.start()


def test_write_back_marks_played_and_unplayed_there(server, services, example, memory_keyring):
    """Marked watched here (and unwatched again): the server says so, and the next sync does not
    make the mark a second viewing."""
    media = services.media
    server.play("Bosch", 1, 1, T)
    cmd_args = server.add_args()
    kw = {"user": cmd_args[3], "password": cmd_args[5]} if "--user" in cmd_args else {"token": cmd_args[3]}
    c = media.add(cmd_args[0], cmd_args[1], write_back=True, **kw)
    media.sync(c.id, offline=True)
    sid = services.library.find("Bosch")
    engine = services.engine
    with Session(engine) as session:
        eid = session.exec(
            select(Episode.id).where(Episode.series_id == sid, Episode.season == 1, Episode.number == 3)
        ).one()
        before = len(session.exec(select(Viewing).where(Viewing.episode_id == eid)).all())
    services.library.clock = lambda: datetime.now(UTC)
    services.library.rewatch([eid])  # (the example watched it in 2015: this is a rewatch)
    assert not server.is_played("Bosch", 1, 3)
    assert media.write_back([eid], watched=True) == []
    assert server.is_played("Bosch", 1, 3)
    report = media.sync(c.id, offline=True)
    assert report.added == 0  # the server's play is the mark made here
    with Session(engine) as session:
        assert len(session.exec(select(Viewing).where(Viewing.episode_id == eid)).all()) == before + 1
    services.library.mark_unwatched([eid])  # every viewing of it goes
    assert media.write_back([eid], watched=False) == []
    assert not server.is_played("Bosch", 1, 3)
    assert media.sync(c.id, offline=True).removed == 0  # nothing of the server's was left to take


def test_sign_in_again_and_no_keyring_said(cli_run, example, memory_keyring, httpserver):
    import keyring
    from keyring.backends import fail

    stand = JellyfinStandin(httpserver)
    assert cli_run("servers", "add", "jellyfin", stand.url, "--user", "Alice", "--password", "secret")[0] == 0
    for token in list(stand.tokens):
        stand.expire(token)  # revoked on the server
    code, _out, err = cli_run("servers", "sync", "--offline")
    assert code == 1 and "refused the sign-in" in err
    code, out, _err = cli_run("servers", "sign-in", "living-room", "--password", "secret")
    assert code == 0 and out.startswith("Signed in to living-room again.")
    assert cli_run("servers", "sync", "--offline")[0] == 0
    assert cli_run("servers", "sign-in", "living-room")[0] == 2  # neither a password nor a token
    keyring.set_keyring(fail.Keyring())  # a system without a keyring (the fixture puts its own back)
    code, out, err = cli_run("servers", "add", "jellyfin", stand.url, "--user", "Alice", "--password", "secret")
    assert code == 0 and "offers no keyring" in err and "servers sign-in" in err
    assert stand.check_all() > 0
