"""KodiClient against the Kodi stand-in; every call and answer checked against Kodi's own
JSON-RPC description (tests/fixtures/specs/kodi-jsonrpc.json, draft-03 schemas)."""

from __future__ import annotations

import copy
import json
import socket
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from tests.media.kodi_standin import KodiStandIn, episode_details
from watchtracker.errors import BadResponse, NetworkDown, ServiceUnavailable, SignInRefused
from watchtracker.providers.media import ServerAccess, make_client
from watchtracker.providers.media import http as media_http
from watchtracker.providers.media.kodi import KodiClient, KodiError, kodi_time, parse_kodi_time

SPEC = Path(__file__).resolve().parent.parent / "fixtures" / "specs" / "kodi-jsonrpc.json"
BASE = "https://kodi.invalid/types/"


# -- the description as a draft-03 registry ---------------------------------------------------------


def _flatten(types: dict, name: str) -> dict:
    """A type with its ``extends`` merged in (properties of the parents + its own), so that
    ``additionalProperties: false`` can be added without rejecting the parents' fields."""
    schema = copy.deepcopy(types[name])
    parents = schema.pop("extends", None)
    if parents is None:
        return schema
    merged: dict = {}
    for parent in [parents] if isinstance(parents, str) else parents:
        base = _flatten(types, parent)
        merged.update(base.get("properties", {}))
        for key, value in base.items():
            if key != "properties":
                schema.setdefault(key, value)
    merged.update(schema.get("properties", {}))
    if merged:
        schema["properties"] = merged
    return schema


def _strict(node):
    if isinstance(node, list):
        return [_strict(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {
        k: {name: _strict(sub) for name, sub in v.items()} if k == "properties" and isinstance(v, dict) else _strict(v)
        for k, v in node.items()
    }
    kind = out.get("type")
    if isinstance(kind, str) and "." in kind:  # "ratings": {"type": "Video.Ratings"}: a type id
        out.pop("type")
        out["$ref"] = kind
    if isinstance(out.get("$ref"), str) and "://" not in out["$ref"]:
        out["$ref"] = BASE + out["$ref"]  # Kodi's refs are bare type ids
    if isinstance(out.get("properties"), dict) and "additionalProperties" not in out:
        out["additionalProperties"] = False
    return out


@lru_cache(maxsize=1)
def kodi_spec() -> tuple[dict, Registry]:
    spec = json.loads(SPEC.read_text(encoding="utf-8"))
    types = {**spec["types"], **spec["x-watchtracker-added"]}
    registry = Registry()
    for name in types:
        schema = _strict(_flatten(types, name))
        registry = registry.with_resource(BASE + name, Resource.from_contents(schema, default_specification=DRAFT3))
    return spec, registry


def _validate(schema: dict, instance, what: str) -> None:
    _, registry = kodi_spec()
    validator = jsonschema.Draft3Validator(_strict(schema), registry=registry)
    errors = list(validator.iter_errors(instance))
    if errors:
        raise AssertionError(f"{what}: " + "; ".join(f"{list(e.absolute_path)}: {e.message[:200]}" for e in errors[:5]))


def check_call(method: str, params: dict) -> None:
    spec, _ = kodi_spec()
    assert method in spec["methods"], f"{method} is not in the description"
    declared = {p["name"]: {k: v for k, v in p.items() if k != "name"} for p in spec["methods"][method]["params"]}
    _validate({"type": "object", "properties": declared, "additionalProperties": False}, params, f"{method} params")


def check_result(method: str, result) -> None:
    spec, _ = kodi_spec()
    returns = spec["methods"][method]["returns"]
    schema = {"type": returns} if isinstance(returns, str) else returns
    _validate(schema, result, f"{method} result")


def check_all(stand: KodiStandIn) -> int:
    """Every call the client made and every answer the stand-in gave follow the description."""
    checked = 0
    for call in stand.calls:
        check_call(call.method, call.params)
        if call.status == 200 and isinstance(call.answer, dict) and "result" in call.answer:
            check_result(call.method, call.answer["result"])
        checked += 1
    return checked


# -- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _no_backoff(monkeypatch):
    monkeypatch.setattr(media_http, "BACKOFF_S", 0.0)


@pytest.fixture
def kodi(httpserver) -> KodiStandIn:
    return KodiStandIn(httpserver)


def client_for(stand: KodiStandIn, *, password: str = "secret", page_size: int | None = None) -> KodiClient:
    access = ServerAccess(kind="kodi", url=stand.url, user="kodi", password=password)
    client = make_client(access, page_size=page_size)
    assert isinstance(client, KodiClient)
    return client


def small_library(stand: KodiStandIn) -> None:
    stand.add_show(1, "Severance", 2022, tvdb="371980", imdb="tt11280740", tmdb="95396", tvmaze="44933")
    stand.add_show(2, "Nameless", 0)
    stand.add_episode(11, 1, 1, 1, title="Good News About Hell", playcount=2, lastplayed="2024-03-01 21:30:00")
    stand.add_episode(12, 1, 1, 2, title="Half Loop", playcount=0)
    stand.add_episode(13, 1, 0, 1, title="Special", playcount=1, lastplayed="", firstaired="2022-02-18")
    stand.add_episode(21, 2, 1, 1, title="Pilot", playcount=1, lastplayed="2023-12-31 23:59:59")


# -- the check itself -----------------------------------------------------------------------------


def test_the_description_rejects_a_wrong_payload():
    good = episode_details(
        __import__("tests.media.kodi_standin", fromlist=["Episode"]).Episode(1, 1, 1, 1, playcount=1), ["playcount"]
    )
    check_result("VideoLibrary.GetEpisodeDetails", {"episodedetails": good})
    with pytest.raises(AssertionError, match="playcount"):
        check_result("VideoLibrary.GetEpisodeDetails", {"episodedetails": {**good, "playcount": "1"}})
    with pytest.raises(AssertionError, match="playcnt"):
        check_result("VideoLibrary.GetEpisodeDetails", {"episodedetails": {**good, "playcnt": 1}})
    with pytest.raises(AssertionError):  # limits.total is required
        check_result("VideoLibrary.GetEpisodes", {"limits": {"start": 0, "end": 1}, "episodes": []})
    with pytest.raises(AssertionError):  # not a field Kodi knows
        check_call("VideoLibrary.GetEpisodes", {"properties": ["watched"]})
    with pytest.raises(AssertionError):  # episodeid is required
        check_call("VideoLibrary.SetEpisodeDetails", {"playcount": 1})


# -- behaviour -----------------------------------------------------------------------------------


def test_identify_and_sign_in(kodi):
    client = client_for(kodi)
    who = client.identify()
    assert (who.name, who.version) == ("Kodi", "21.2")
    signed = client.sign_in()
    assert signed.token == "" and signed.user_name == "kodi"
    assert check_all(kodi) == 3


def test_wrong_password_is_refused(kodi):
    with pytest.raises(SignInRefused, match="Kodi at"):
        client_for(kodi, password="wrong").sign_in()
    assert kodi.calls[-1].status == 401


def test_played_small_library(kodi):
    small_library(kodi)
    snap = client_for(kodi).played()
    assert snap.complete
    severance = snap.shows["1"]
    assert (severance.title, severance.year) == ("Severance", 2022)
    ids = severance.ids
    assert (ids.thetvdb, ids.imdb, ids.tmdb, ids.tvmaze) == (371980, "tt11280740", 95396, 44933)
    assert snap.shows["2"].year is None and not snap.shows["2"].ids
    by_key = {e.key: e for e in snap.episodes}
    assert set(by_key) == {"11", "13", "21"}  # 12 is unplayed
    first = by_key["11"]
    assert (first.show_key, first.season, first.number, first.play_count, first.plays) == ("1", 1, 1, 2, 2)
    assert first.last_played == datetime(2024, 3, 1, 21, 30).astimezone().astimezone(UTC)
    assert by_key["13"].last_played is None and by_key["13"].season == 0
    assert str(by_key["13"].aired) == "2022-02-18"
    assert check_all(kodi) >= 2


def test_played_5000_episodes_paged(kodi):
    kodi.generate(shows=50, per_show=110, played_every=1)  # 5,500 episodes, all played
    kodi.add_episode(999999, 1, 1, 99, playcount=0)
    progress = []
    client = client_for(kodi, page_size=500)
    snap = client.played(lambda done, total: progress.append((done, total)))
    assert len(snap.shows) == 50
    assert len(snap.episodes) == 5500
    assert sum(e.play_count == 2 for e in snap.episodes) == 5500 // 7
    assert progress[-1] == (5500, 5500)
    one = next(e for e in snap.episodes if e.key == "7")
    assert (one.season, one.number, one.play_count, one.title) == (1, 7, 2, "S0E6")
    assert client.requests_sent == 1 + 11  # shows in one page, 5,500 episodes in pages of 500
    assert check_all(kodi) == 12


def test_episodes_by_key_leaves_out_a_deleted_one(kodi):
    small_library(kodi)
    found = client_for(kodi).episodes(["12", "404", "21"])
    assert [(e.key, e.played) for e in found] == [("12", False), ("21", True)]
    assert check_all(kodi) == 3


def test_episode_key_and_write_back(kodi):
    small_library(kodi)
    client = client_for(kodi)
    assert client.episode_key("1", 1, 2) == "12"
    assert client.episode_key("1", 5, 5) is None
    when = datetime(2025, 6, 1, 20, 0, tzinfo=UTC)
    client.mark_played("12", when)
    assert kodi.episodes[12].playcount == 1 and kodi.episodes[12].lastplayed == kodi_time(when)
    assert parse_kodi_time(kodi.episodes[12].lastplayed) == when
    client.mark_played("11", when)
    assert kodi.episodes[11].playcount == 3  # a rewatch adds one
    client.mark_unplayed("11")
    assert (kodi.episodes[11].playcount, kodi.episodes[11].lastplayed) == (0, "")
    assert check_all(kodi) >= 6


def test_500_then_ok_is_asked_again(kodi):
    small_library(kodi)
    kodi.fail_next = 1
    assert client_for(kodi).identify().name == "Kodi"
    assert [c.status for c in kodi.calls][:2] == [500, 200]


def test_500_always_is_service_unavailable(kodi):
    kodi.fail_next = 100
    with pytest.raises(ServiceUnavailable, match="HTTP 500"):
        client_for(kodi).played()


def test_truncated_answer_is_a_bad_response(kodi):
    small_library(kodi)
    kodi.truncate_next = 1
    with pytest.raises(BadResponse, match="not valid JSON"):
        client_for(kodi).played()


def test_server_down_is_network_down():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = make_client(ServerAccess(kind="kodi", url=f"http://127.0.0.1:{port}", user="u", password="p"))
    with pytest.raises(NetworkDown, match="Kodi at"):
        client.sign_in()


def test_json_rpc_error_is_a_clear_error(kodi):
    kodi.error_next = (-32602, "Invalid params.")
    with pytest.raises(KodiError, match="VideoLibrary.GetTVShows.*Invalid params"):
        client_for(kodi).played()
    kodi.error_next = (-32099, "Bad client permission.")
    with pytest.raises(SignInRefused, match="Bad client permission"):
        client_for(kodi).sign_in()


def test_slow_answer_times_out(kodi, monkeypatch):
    kodi.delay_s = 0.5
    client = client_for(kodi)
    client._http._client.timeout = __import__("httpx").Timeout(0.1)
    with pytest.raises(NetworkDown, match="did not answer in time"):
        client.sign_in()


def test_odd_items_are_left_out_not_raised_on():
    """A show without a tvshowid, an episode item that is not an object, an episode_key answer
    without an episodeid: left out, never a bare KeyError."""
    import httpx

    def answer(request: httpx.Request) -> httpx.Response:
        call = json.loads(request.content)
        method = call["method"]
        if method == "VideoLibrary.GetTVShows":
            result = {"limits": {"start": 0, "end": 2, "total": 2}, "tvshows": [{"title": "No id"}, {"tvshowid": 7}]}
        else:
            episodes = [
                "junk",
                {"season": 1, "episode": 1},
                {"episodeid": 3, "tvshowid": 7, "season": 1, "episode": 2, "playcount": 1},
            ]
            result = {"limits": {"start": 0, "end": 3, "total": 3}, "episodes": episodes}
        return httpx.Response(200, json={"jsonrpc": "2.0", "id": call["id"], "result": result})

    access = ServerAccess("kodi", "http://kodi.invalid:8080", user="kodi", password="secret")
    client = KodiClient(access, transport=httpx.MockTransport(answer))
    try:
        assert client.episode_key("7", 1, 1) is None
        assert client.episode_key("7", 1, 2) == "3"
        snapshot = client.played()
        assert list(snapshot.shows) == ["7"]
        assert [e.key for e in snapshot.episodes] == ["3"]
        assert snapshot.skipped == ("?: an episode without an id",)
    finally:
        client.close()
