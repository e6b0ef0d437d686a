"""PlexClient against the Plex stand-in; every request and answer checked against the vendored
description (tests/fixtures/specs/plex-api-spec.json) with tests/media/openapi_check.py."""

from __future__ import annotations

import socket
from datetime import UTC, datetime

import pytest

from tests.media.openapi_check import check_request, check_response, load_spec, operation
from tests.media.plex_standin import Episode, PlexStandIn, episode_payload, metadata_payload
from watchtracker.errors import BadResponse, NetworkDown, ServiceUnavailable, SignInRefused
from watchtracker.providers.media import ServerAccess, make_client
from watchtracker.providers.media import http as media_http
from watchtracker.providers.media.plex import PlexClient

SPEC = "plex-api-spec"
HEADERS = ("X-Plex-Token", "X-Plex-Client-Identifier", "X-Plex-Product", "X-Plex-Version")


def _query(spec: dict, method: str, path: str, params: dict) -> dict:
    """Names the operation does not declare are properties of its form-exploded ``mediaQuery``."""
    declared = {p.get("name") for p in _params(spec, operation(spec, method, path))}
    out, media = {}, {}
    for name, value in params.items():
        (out if name in declared else media)[name] = value
    if media:
        assert "mediaQuery" in declared, f"{method} {path}: {sorted(media)} are not parameters"
        out["mediaQuery"] = media
    return out


def _params(spec: dict, op: dict) -> list[dict]:
    found = []
    for p in op.get("parameters", []):
        if "$ref" in p:
            p = spec["components"]["parameters"][p["$ref"].rsplit("/", 1)[1]]
        found.append(p)
    return found


def check_all(stand: PlexStandIn) -> int:
    spec = load_spec(SPEC)
    checked = 0
    for seen in stand.requests:
        if seen.status in (401, 500):
            continue  # faults injected by the test
        check_request(spec, seen.method, seen.path, _query(spec, seen.method, seen.path, seen.params))
        for header in HEADERS:
            assert seen.headers.get(header), f"{seen.path}: no {header}"
        assert seen.headers.get("Accept") == "application/json"
        if seen.status == 200:
            check_response(spec, seen.method, seen.path, 200, seen.body)
        checked += 1
    return checked


@pytest.fixture(autouse=True)
def _no_backoff(monkeypatch):
    monkeypatch.setattr(media_http, "BACKOFF_S", 0.0)


@pytest.fixture
def plex(httpserver) -> PlexStandIn:
    return PlexStandIn(httpserver)


def client_for(stand: PlexStandIn, *, token: str = "plex-token", page_size: int | None = None) -> PlexClient:
    client = make_client(ServerAccess(kind="plex", url=stand.url, token=token), page_size=page_size)
    assert isinstance(client, PlexClient)
    return client


def small_library(stand: PlexStandIn) -> None:
    stand.add_show("10", "Severance", 2022, ["imdb://tt11280740", "tvdb://371980", "tmdb://95396"])
    stand.add_show("20", "No Ids", None)
    stand.add_episode("101", "10", 1, 1, title="Good News About Hell", view_count=2, last_viewed=1_709_328_600)
    stand.add_episode("102", "10", 1, 2, title="Half Loop")
    stand.add_episode("103", "10", None, None, title="Trailer", view_count=1, last_viewed=1_709_328_000)
    stand.add_episode("201", "20", 0, 1, title="Special", view_count=1, aired="2021-10-01")


def test_the_description_rejects_a_wrong_payload():
    spec = load_spec(SPEC)
    good = metadata_payload([episode_payload(Episode("1", "2", 1, 1, view_count=1, last_viewed=5), None)])
    check_response(spec, "GET", "/library/metadata/1", 200, good)
    bad = metadata_payload([{**good["MediaContainer"]["Metadata"][0], "viewCount": "1"}])
    with pytest.raises(AssertionError, match="viewCount"):
        check_response(spec, "GET", "/library/metadata/1", 200, bad)
    guid = metadata_payload([{**good["MediaContainer"]["Metadata"][0], "Guid": [{"id": "thetvdb:123"}]}])
    with pytest.raises(AssertionError):
        check_response(spec, "GET", "/library/metadata/1", 200, guid)
    with pytest.raises(AssertionError):
        check_request(spec, "GET", "/library/sections/2/all", {"includeGuid": "1"})
    with pytest.raises(AssertionError):
        check_request(spec, "PUT", "/:/scrobble", {"key": "1"})  # identifier is required


def test_identify_and_sign_in(plex):
    client = client_for(plex)
    who = client.identify()
    assert who.server_id == "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567" and who.version.startswith("1.41")
    assert client.sign_in().token == "plex-token"
    assert check_all(plex) == 2


def test_wrong_token_is_refused(plex):
    with pytest.raises(SignInRefused, match="Plex at"):
        client_for(plex, token="expired").sign_in()


def test_played_small_library(plex):
    small_library(plex)
    snap = client_for(plex).played()
    sev = snap.shows["10"]
    assert (sev.title, sev.year, sev.ids.imdb, sev.ids.thetvdb, sev.ids.tmdb) == (
        "Severance",
        2022,
        "tt11280740",
        371980,
        95396,
    )
    assert not snap.shows["20"].ids and snap.shows["20"].year is None
    by_key = {e.key: e for e in snap.episodes}
    assert set(by_key) == {"101", "201"}
    first = by_key["101"]
    assert (first.show_key, first.season, first.number, first.play_count) == ("10", 1, 1, 2)
    assert first.last_played == datetime.fromtimestamp(1_709_328_600, UTC)
    assert by_key["201"].last_played is None and str(by_key["201"].aired) == "2021-10-01"
    assert len(snap.skipped) == 1 and "Trailer" in snap.skipped[0]
    assert check_all(plex) == 3


def test_played_5000_episodes_paged(plex):
    plex.generate(shows=50, per_show=110, played_every=2)  # 5,500 episodes, 2,750 played
    progress = []
    client = client_for(plex, page_size=1000)
    snap = client.played(lambda done, total: progress.append((done, total)))
    assert len(snap.shows) == 50 and len(snap.episodes) == 2750
    assert sum(e.play_count == 2 for e in snap.episodes) == len([n for n in range(2, 5501, 2) if n % 7 == 0])
    assert progress[-1] == (5500, 5500)
    one = next(e for e in snap.episodes if e.key == "100014")
    assert (one.show_key, one.season, one.number, one.play_count) == ("1000", 2, 4, 2)
    assert client.requests_sent == 1 + 1 + 6  # sections, shows, 6 pages of episodes
    assert check_all(plex) == 8


def test_episodes_by_key_leaves_out_a_deleted_one(plex):
    small_library(plex)
    client = client_for(plex)
    found = client.episodes(["101", "102", "999"])
    assert sorted((e.key, e.played) for e in found) == [("101", True), ("102", False)]
    assert client.episodes(["999"]) == []
    assert check_all(plex) >= 2


def test_episode_key_and_write_back(plex):
    small_library(plex)
    client = client_for(plex)
    assert client.episode_key("10", 1, 2) == "102"
    assert client.episode_key("10", 9, 9) is None
    assert client.episode_key("999", 1, 1) is None
    client.mark_played("102", datetime(2025, 6, 1, tzinfo=UTC))
    assert plex.episodes["102"].view_count == 1
    client.mark_unplayed("101")
    assert plex.episodes["101"].view_count == 0
    assert [e.key for e in client.played().episodes] == ["102", "201"]
    assert check_all(plex) >= 6


def test_500_then_ok(plex):
    plex.fail_next = 1
    assert client_for(plex).identify().name == "Plex"
    assert [s.status for s in plex.requests] == [500, 200]


def test_500_always_is_service_unavailable(plex):
    plex.fail_next = 100
    with pytest.raises(ServiceUnavailable, match="HTTP 500"):
        client_for(plex).played()


def test_truncated_is_bad_response(plex):
    small_library(plex)
    plex.truncate_next = 1
    with pytest.raises(BadResponse, match="not valid JSON"):
        client_for(plex).played()


def test_server_down_is_network_down():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(NetworkDown, match="Plex at"):
        make_client(ServerAccess(kind="plex", url=f"http://127.0.0.1:{port}", token="t")).identify()
