"""The Jellyfin/Emby client against the stand-in server, and the stand-in against the published
API descriptions: every request the client sends and every answer the stand-in makes in these
tests is checked against the right version's description at the end of the test."""

from __future__ import annotations

import socket
from datetime import UTC, date, datetime

import httpx
import pytest

from tests.media import openapi_check
from tests.media.jellyfin_standin import SPECS, JellyfinStandin
from watchtracker.domain.transfer import ExternalIds
from watchtracker.errors import BadResponse, NetworkDown, ServiceUnavailable, SignInRefused
from watchtracker.providers.media import BREATHE_EVERY, ServerAccess, make_client
from watchtracker.providers.media.jellyfin import JellyfinClient, parse_provider_ids, parse_time

VERSIONS = [("jellyfin", "10.11.11"), ("jellyfin", "12.0.0"), ("jellyfin", "10.8.13"), ("emby", "4.8.11.0")]


@pytest.fixture
def make_standin(httpserver):
    """A stand-in of a kind and version; at teardown every exchange is checked against its
    description (and at least one was)."""
    made: list[JellyfinStandin] = []

    def make(kind: str = "jellyfin", version: str | None = None) -> JellyfinStandin:
        standin = JellyfinStandin(httpserver, kind=kind, version=version)
        made.append(standin)
        return standin

    yield make
    httpserver.check_handler_errors()  # a bug in the stand-in is not a 500 of the server
    for standin in made:
        if standin.exchanges:
            assert standin.check_all() > 0


def client_for(standin: JellyfinStandin, **access) -> JellyfinClient:
    defaults = {"user": standin.user.name, "password": standin.user.password}
    if "token" in access:
        defaults = {}
    client = JellyfinClient(
        ServerAccess(kind=standin.kind, url=standin.url, device_id="dev-1", **(defaults | access)), page_size=None
    )
    return client


@pytest.fixture(params=VERSIONS, ids=lambda v: f"{v[0]}-{v[1]}")
def standin(request, make_standin) -> JellyfinStandin:
    kind, version = request.param
    return make_standin(kind, version)


@pytest.fixture(autouse=True)
def _no_backoff(monkeypatch):
    monkeypatch.setattr("watchtracker.providers.media.http.BACKOFF_S", 0.0)


# -- the check itself ------------------------------------------------------------------------------


def test_the_check_rejects_what_the_description_does_not_allow():
    spec = openapi_check.load_spec("jellyfin-openapi-10.11.11")
    good = {"Id": "a" * 32, "Type": "Episode", "IndexNumber": 1, "UserData": {"Played": True, "PlayCount": 2}}
    openapi_check.check_response(spec, "GET", "/Items", 200, {"Items": [good], "TotalRecordCount": 1, "StartIndex": 0})
    bad_payloads = [
        {"Items": [good | {"IndexNumbr": 1}], "TotalRecordCount": 1, "StartIndex": 0},  # a misspelt field
        {"Items": [good | {"IndexNumber": "1"}], "TotalRecordCount": 1, "StartIndex": 0},  # a wrong type
        {"Items": [good | {"Type": "Episodes"}], "TotalRecordCount": 1, "StartIndex": 0},  # not in the enum
        {"Items": [good | {"UserData": {"Played": "yes"}}], "TotalRecordCount": 1, "StartIndex": 0},
        {"Items": good, "TotalRecordCount": 1, "StartIndex": 0},  # not a list
    ]
    for payload in bad_payloads:
        with pytest.raises(AssertionError, match="does not follow"):
            openapi_check.check_response(spec, "GET", "/Items", 200, payload)
    with pytest.raises(AssertionError, match="not in the description"):
        openapi_check.check_request(spec, "GET", "/Items", {"userId": "u", "filterz": "IsPlayed"})
    with pytest.raises(AssertionError, match="allowed values"):
        openapi_check.check_request(spec, "GET", "/Items", {"filters": "IsWatched"})
    with pytest.raises(AssertionError, match="does not follow"):
        openapi_check.check_request(spec, "POST", "/Users/AuthenticateByName", {}, {"Username": "a", "Password": "b"})
    with pytest.raises(AssertionError, match="no such operation"):
        openapi_check.operation(spec, "GET", "/Users/abc/Items")  # gone in 10.9
    assert openapi_check.operation(spec, "GET", "/Users/Me")["operationId"] == "GetCurrentUser"
    emby = openapi_check.load_spec("emby-openapi-4.8.11.0")
    with pytest.raises(AssertionError, match="StartIndex"):  # Emby's QueryResult has none
        openapi_check.check_response(
            emby, "GET", "/Users/1/Items", 200, {"Items": [], "TotalRecordCount": 0, "StartIndex": 0}
        )


def test_a_nonconforming_stand_in_answer_fails_the_teardown_check(httpserver):
    standin = JellyfinStandin(httpserver)
    standin.system_info = lambda: {"ServerName": "x", "Version": "10.11.11", "Id": "1", "Verison": "typo"}  # type: ignore[method-assign]
    client = client_for(standin)
    client.identify()
    with pytest.raises(AssertionError, match="Verison"):
        standin.check_all()


@pytest.mark.parametrize("name", sorted(set(SPECS.values())))
def test_vendored_descriptions_say_where_they_come_from(name):
    spec = openapi_check.load_spec(name)
    assert len(spec["info"]["x-cut-from"]["sha256"]) == 64
    assert openapi_check.operation(spec, "POST", "/Users/AuthenticateByName")


# -- signing in -------------------------------------------------------------------------------------


def test_sign_in_with_password_then_uses_the_token(standin):
    client = client_for(standin)
    signed = client.sign_in()
    assert signed.user_id == standin.user.id and signed.user_name == "Alice"
    assert standin.tokens[signed.token] == standin.user.id
    sign = standin.requests("POST", "/Users/AuthenticateByName")[0]
    assert sign.body == {"Username": "Alice", "Pw": "secret"}
    if standin.emby:
        assert sign.headers["x-emby-authorization"].startswith('Emby UserId="", Client="watchtracker", Device="')
        assert 'DeviceId="dev-1"' in sign.headers["x-emby-authorization"]
        assert "x-emby-token" not in sign.headers
    else:
        assert sign.headers["authorization"].startswith('MediaBrowser Client="watchtracker", Device="')
        assert sign.headers["authorization"].endswith('Token=""')
    client.played()
    later = standin.exchanges[-1].headers
    if standin.emby:
        assert later["x-emby-token"] == signed.token and f'UserId="{signed.user_id}"' in later["x-emby-authorization"]
    else:
        assert later["authorization"].endswith(f'Token="{signed.token}"')
    client.close()


def test_wrong_password_is_refused(standin):
    client = client_for(standin, user="alice", password="wrong")
    with pytest.raises(SignInRefused, match="refused the sign-in"):
        client.sign_in()


def test_token_and_user_id_are_checked(standin):
    token = standin.token_for()
    assert client_for(standin, token=token, user_id=standin.user.id).sign_in().user_name == "Alice"
    standin.expire(token)
    with pytest.raises(SignInRefused):
        client_for(standin, token=token, user_id=standin.user.id).sign_in()
    with pytest.raises(SignInRefused, match="no user with the id"):
        client_for(standin, token=standin.api_key, user_id="0" * 32 if not standin.emby else "99").sign_in()


def test_api_key_with_a_user_name_finds_the_user(standin):
    standin.add_user("Bob", "pw")
    signed = client_for(standin, token=standin.api_key, user="ALICE").sign_in()
    assert signed.user_id == standin.user.id and signed.token == standin.api_key
    with pytest.raises(SignInRefused, match="no user named"):
        client_for(standin, token=standin.api_key, user="carol").sign_in()


def test_no_credentials_and_a_bare_api_key_get_a_clear_line(standin):
    with pytest.raises(SignInRefused, match="user name and password, or an API key"):
        client_for(standin, token="").sign_in()
    with pytest.raises(SignInRefused, match="give the user name"):
        client_for(standin, token=standin.api_key).sign_in()


def test_a_user_token_alone_is_enough_on_jellyfin(make_standin):
    standin = make_standin("jellyfin")
    signed = client_for(standin, token=standin.token_for()).sign_in()
    assert signed.user_id == standin.user.id
    assert standin.requests("GET", "/Users/Me")


# -- what was played --------------------------------------------------------------------------------


def test_played_of_a_5000_episode_library_pages_through_it(make_standin):
    standin = make_standin("jellyfin", "10.11.11")
    made = standin.big_library(5000, per_series=50, played_every=1)
    unplayed = standin.add_episode(standin.add_series("Never Watched"), 1, 1)
    seen: list[tuple[int, int]] = []
    client = JellyfinClient(
        ServerAccess("jellyfin", standin.url, user="Alice", password="secret"),
        page_size=1000,
    )
    snapshot = client.played(progress=lambda read, total: seen.append((read, total)))
    assert len(snapshot.episodes) == 5000 and snapshot.complete and not snapshot.skipped
    assert len(snapshot.shows) == 100 and unplayed.series.id not in snapshot.shows
    first = next(e for e in snapshot.episodes if e.key == made[0].id)
    assert (first.show_key, first.season, first.number, first.play_count) == (made[0].series.id, 1, 1, 1)
    assert first.last_played == datetime(2020, 1, 1, tzinfo=UTC)
    last = next(e for e in snapshot.episodes if e.key == made[-1].id)
    assert (last.season, last.number, last.play_count, last.aired) == (5, 10, 1 + 4999 % 3, date(2010, 1, 1))
    show = snapshot.shows[made[0].series.id]
    assert (show.title, show.year, show.ids) == ("Show 1", 2001, ExternalIds(thetvdb=70001, imdb="tt9000001"))
    pages = standin.requests("GET", "/Items")
    played_pages = [e for e in pages if e.query.get("filters") == "IsPlayed"]
    assert [e.query["startIndex"] for e in played_pages] == ["0", "1000", "2000", "3000", "4000"]
    assert all(e.query["limit"] == "1000" and e.query["userId"] == standin.user.id for e in played_pages)
    assert len(pages) - len(played_pages) == 1  # the 100 series in one ids= request
    # sign-in, version, 5 pages, the series
    assert client.requests_sent == 1 + 1 + 5 + 1
    # one call a page, then one every BREATHE_EVERY episodes while they are read (a window breathes there)
    assert seen[:5] == [(1000, 5000), (2000, 5000), (3000, 5000), (4000, 5000), (5000, 5000)]
    assert seen[5:] == [(5000, 5000)] * (5000 // BREATHE_EVERY)


def test_played_with_small_pages_and_a_page_not_full(make_standin):
    standin = make_standin("jellyfin", "10.11.11")
    standin.big_library(25, per_series=10, played_every=2)
    client = client_for(standin)
    client.page_size = 4
    snapshot = client.played()
    assert len(snapshot.episodes) == 13 and all(e.played for e in snapshot.episodes)
    assert len(standin.requests("GET", "/Items")) == 4 + 1


def test_version_decides_the_paths(standin):
    series = standin.add_series("Lost", 2004)
    episode = standin.add_episode(series, 1, 1)
    standin.play(episode)
    client = client_for(standin)
    assert len(client.played().episodes) == 1
    client.mark_unplayed(episode.id)
    client.mark_played(episode.id, datetime(2024, 3, 2, 10, 0, tzinfo=UTC))
    uid = standin.user.id
    if standin.legacy:
        assert standin.requests("GET", f"/Users/{uid}/Items") and not standin.requests("GET", "/Items")
        assert [e.method for e in standin.requests(None, f"/Users/{uid}/PlayedItems/{episode.id}")] == [
            "DELETE",
            "POST",
        ]
    else:
        assert standin.requests("GET", "/Items") and not standin.requests("GET", f"/Users/{uid}/Items")
        marks = standin.requests(None, f"/UserPlayedItems/{episode.id}")
        assert [e.method for e in marks] == ["DELETE", "POST"] and marks[0].query == {"userId": uid}
    if standin.emby:  # PascalCase
        query = standin.requests("GET", f"/Users/{uid}/Items")[0].query
        assert {"IncludeItemTypes", "Recursive", "Filters", "Fields", "EnableUserData", "StartIndex", "Limit"} <= set(
            query
        )
    state = standin.state(episode)
    assert state.played and state.play_count == 1 and state.last_played == datetime(2024, 3, 2, 10, 0, tzinfo=UTC)


def test_emby_speaks_through_make_client(make_standin):
    standin = make_standin("emby")
    series = standin.add_series("Dark", 2017, {"Tvdb": "334824", "IMDB": "tt5753856", "Tmdb": "70523"})
    standin.play(standin.add_episode(series, 1, 1, "Secrets"), 2)
    client = make_client(ServerAccess("emby", standin.url, user="alice", password="secret"))
    assert client.what == f"Emby at {standin.url}"
    identity = client.identify()
    assert (identity.name, identity.version) == ("living-room", "4.8.11.0")
    snapshot = client.played()
    (episode,) = snapshot.episodes
    assert (episode.title, episode.play_count, episode.plays) == ("Secrets", 2, 2)
    assert snapshot.shows[series.id].ids == ExternalIds(thetvdb=334824, imdb="tt5753856", tmdb=70523)


def test_provider_ids_in_any_case_and_junk_left_out():
    assert parse_provider_ids({"tvdb": "81189", "IMDB": "tt0903747", "TMDB": "1396", "TvMaze": "169"}) == ExternalIds(
        tvmaze=169, thetvdb=81189, imdb="tt0903747", tmdb=1396
    )
    assert parse_provider_ids({"Tvmaze": " 82 ", "Tvdb": "0", "Imdb": "nm0000123", "Tmdb": "abc"}) == ExternalIds(
        tvmaze=82
    )
    assert parse_provider_ids({"Tvdb": None, "Imdb": "", "Tmdb": "-5", "TvRage": "123"}) == ExternalIds()
    assert parse_provider_ids(["Tvdb", "1"]) == ExternalIds()
    assert parse_provider_ids({"Tvdb": "99999999999999"}) == ExternalIds()


def test_times_as_the_servers_write_them():
    assert parse_time("2024-01-05T20:31:12.1234567Z") == datetime(2024, 1, 5, 20, 31, 12, 123456, tzinfo=UTC)
    assert parse_time("2024-01-05T20:31:12Z") == datetime(2024, 1, 5, 20, 31, 12, tzinfo=UTC)
    assert parse_time("2024-01-05T22:31:12.5+02:00") == datetime(2024, 1, 5, 20, 31, 12, 500000, tzinfo=UTC)
    assert parse_time("2024-01-05T20:31:12") == datetime(2024, 1, 5, 20, 31, 12, tzinfo=UTC)
    for junk in ("0001-01-01T00:00:00.0000000Z", "yesterday", "", None, 1704486672, "2024-13-45T00:00:00Z"):
        assert parse_time(junk) is None


def test_seven_digit_last_played_and_odd_items_from_the_server(make_standin):
    standin = make_standin("jellyfin")
    series = standin.add_series("Fargo", 2014, {"Tvdb": "269613", "Imdb": "junk", "Tmdb": "x"})
    double = standin.add_episode(series, 1, 1, number_end=2)
    special = standin.add_episode(series, 0, 3)
    no_number = standin.add_episode(series, 1, None, "Making of")
    for episode in (double, special, no_number):
        standin.play(episode, 1, written="2024-01-05T20:31:12.1234567Z")
    snapshot = client_for(standin).played()
    got = {e.key: e for e in snapshot.episodes}
    assert set(got) == {double.id, special.id}
    assert got[double.id].number_end == 2 and got[special.id].season == 0
    assert got[double.id].last_played == datetime(2024, 1, 5, 20, 31, 12, 123456, tzinfo=UTC)
    assert standin.requests("GET", "/Items")[0].answer["Items"][0]["UserData"]["LastPlayedDate"].endswith(".1234567Z")
    assert len(snapshot.skipped) == 1 and "Making of: no episode number" in snapshot.skipped[0]
    assert snapshot.shows[series.id].ids == ExternalIds(thetvdb=269613)


def test_episodes_by_key_leave_out_deleted_ones_and_show_unplayed(standin):
    series = standin.add_series("Severance", 2022)
    kept = [standin.add_episode(series, 1, n) for n in range(1, 251)]
    standin.play(kept[0], 3)
    gone = standin.add_episode(series, 1, 999)
    standin.delete(gone)
    client = client_for(standin)
    found = client.episodes([gone.id] + [e.id for e in kept])
    assert [e.key for e in found] == [e.id for e in kept]
    assert found[0].played and found[0].play_count == 3 and not found[1].played and found[1].plays == 0
    batches = [e for e in standin.exchanges if e.method == "GET" and "Items" in e.path]
    assert len(batches) == 3 and all(len(e.query.get("ids", e.query.get("Ids", "")).split(",")) <= 100 for e in batches)


def test_episode_key_finds_the_episode_or_says_none(standin):
    series = standin.add_series("Chernobyl", 2019)
    standin.add_episode(series, 1, 1)
    wanted = standin.add_episode(series, 1, 2, number_end=3)
    client = client_for(standin)
    assert client.episode_key(series.id, 1, 2) == wanted.id
    assert client.episode_key(series.id, 1, 3) == wanted.id
    assert client.episode_key(series.id, 2, 1) is None
    assert client.episode_key("1234" if standin.emby else "f" * 32, 1, 1) is None


def test_mark_played_and_unplayed_change_the_server(standin):
    episode = standin.add_episode(standin.add_series("Andor", 2022), 1, 1)
    client = client_for(standin)
    client.mark_played(episode.id, datetime(2024, 6, 1, 21, 0, tzinfo=UTC))
    assert standin.state(episode).played and standin.state(episode).play_count == 1
    assert client.episodes([episode.id])[0].last_played == datetime(2024, 6, 1, 21, 0, tzinfo=UTC)
    client.mark_unplayed(episode.id)
    assert not standin.state(episode).played
    assert client.played().episodes == ()


# -- bad days -----------------------------------------------------------------------------------------


def test_a_500_is_asked_once_more(make_standin):
    standin = make_standin()
    standin.fail_next(1)
    assert client_for(standin).identify().version == "10.11.11"
    assert [e.status for e in standin.exchanges] == [500, 200]


def test_500_twice_is_service_unavailable(make_standin):
    standin = make_standin()
    standin.fail_next(2, 503)
    with pytest.raises(ServiceUnavailable, match=r"Jellyfin at .* \(HTTP 503\)"):
        client_for(standin).identify()


def test_truncated_json_is_a_bad_response(make_standin):
    standin = make_standin()
    standin.big_library(20)
    client = client_for(standin)
    client.sign_in()
    client.identify()
    standin.truncate_next()
    with pytest.raises(BadResponse, match="not valid JSON"):
        client.played()


@pytest.mark.parametrize(
    "payload",
    [
        [],
        {"Items": {"Id": "x"}, "TotalRecordCount": 1},
        {"Items": ["x"], "TotalRecordCount": 1},
        {"Items": [], "TotalRecordCount": "9"},
    ],
)
def test_a_wrong_shape_is_a_bad_response(make_standin, payload):
    standin = make_standin()
    client = client_for(standin)
    client.sign_in()
    client.identify()
    standin.wrong_shape_next(payload)
    with pytest.raises(BadResponse, match="cannot read"):
        client.played()


def test_a_slow_answer_still_arrives_and_a_too_slow_one_is_network_down(make_standin):
    standin = make_standin()
    standin.slow_next(0.3)
    client = client_for(standin)
    assert client.identify().name == "living-room"
    client._http._client.timeout = httpx.Timeout(0.2)
    standin.slow_next(1.0)
    standin.slow_next(1.0)
    with pytest.raises(NetworkDown, match="did not answer in time"):
        client.identify()


def test_a_server_that_is_down_is_network_down():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = JellyfinClient(ServerAccess("jellyfin", f"http://127.0.0.1:{port}", user="a", password="b"))
    with pytest.raises(NetworkDown, match=f"Cannot reach Jellyfin at http://127.0.0.1:{port}"):
        client.sign_in()


def test_an_expired_token_during_a_sync_is_sign_in_refused(standin):
    client = client_for(standin)
    token = client.sign_in().token
    standin.expire(token)
    with pytest.raises(SignInRefused, match="expired"):
        client.played()


def test_a_self_signed_certificate_is_said_as_such_and_not_asked_again():
    """An https server whose certificate no authority signed: one line that says so (not "is it
    running?"), one request (asking again would not help), nothing else tried."""
    import ssl

    import trustme
    from pytest_httpserver import HTTPServer

    from watchtracker.providers.media.http import UntrustedCertificate

    authority = trustme.CA()  # an authority this computer does not know: as good as self-signed
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    authority.issue_cert("localhost").configure_cert(context)
    server = HTTPServer(ssl_context=context)
    server.expect_request("/System/Info/Public").respond_with_json({"ServerName": "nas", "Version": "10.11.11"})
    server.start()
    try:
        client = make_client(ServerAccess("jellyfin", f"https://localhost:{server.port}", token="t", user_id="u"))
        with pytest.raises(UntrustedCertificate, match="certificate this computer does not trust"):
            client.identify()
        assert client.requests_sent == 1
        client.close()
    finally:
        server.stop()
