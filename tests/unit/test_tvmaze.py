"""The polite client and the TVmaze provider against a real local HTTP server."""

from __future__ import annotations

import json
import time

import pytest
from werkzeug import Response

from tests.fixtures import tvmaze_payloads as tv
from watchtracker.domain.enums import LifecycleStatus
from watchtracker.errors import (
    BadResponse,
    Interrupted,
    NetworkDown,
    RateLimited,
    ResponseTooLarge,
    ServiceUnavailable,
)
from watchtracker.providers.http import USER_AGENT, PoliteClient, Politeness
from watchtracker.providers.text import html_to_text
from watchtracker.providers.tvmaze import TvmazeClient, base_url, parse_show


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(round(seconds, 2))


@pytest.fixture
def sleeps():
    return Sleeps()


@pytest.fixture
def client(httpserver, sleeps):
    http = PoliteClient(Politeness(read_timeout=0.5, connect_timeout=0.5), sleep=sleeps)
    yield TvmazeClient(http, httpserver.url_for("").rstrip("/"))
    http.close()


def test_search_parses_results_and_sends_a_user_agent(httpserver, client):
    httpserver.expect_request(
        "/search/shows", query_string="q=bosch", headers={"User-Agent": USER_AGENT}
    ).respond_with_json(
        [
            tv.search_result(40.5, tv.show(5001, "Bosch", premiered="2014-02-06", embed=False)),
            tv.search_result(30.1, tv.show(5002, "Bosch: Legacy", embed=False)),
        ]
    )
    results = client.search("bosch")
    assert [(r.show.title, r.show.year) for r in results] == [("Bosch", 2014), ("Bosch: Legacy", 2022)]
    assert results[0].show.network == "Prime Video" and results[0].show.country == "US"
    assert results[0].show.overview == "Bosch follows a retired LAPD detective & his daughter."


def test_a_full_show_with_seasons_episodes_and_cast(httpserver, client):
    httpserver.expect_request("/shows/5002").respond_with_json(tv.legacy())
    show = client.show(5002)
    assert show.status is LifecycleStatus.ENDED and show.ended.to_text() == "2025-04-17"
    assert [s.number for s in show.seasons] == [1, 2, 3]
    assert len(show.episodes) == 30  # the unnumbered special has no place in the grid
    first = show.episodes[0]
    assert (first.season, first.number, first.air_date.isoformat()) == (1, 1, "2022-05-06")
    assert first.airstamp.tzinfo is not None and first.summary == "Episode 1 of season 1 & more."
    assert [c.person for c in show.cast][:2] == ["Titus Welliver", "Mimi Rogers"]
    assert (show.thetvdb_id, show.imdb_id) == (900002, "tt9000002")
    query = httpserver.log[0][0].query_string.decode()
    assert "embed%5B%5D=seasons" in query and "embed%5B%5D=cast" in query


def test_status_mapping():
    upcoming = parse_show(tv.show(1, "Next", status="In Development", premiered="2099-01-01", embed=False))
    announced = parse_show(tv.show(2, "Someday", status="In Development", premiered=None, embed=False))
    tbd = parse_show(tv.show(3, "Maybe", status="To Be Determined", embed=False))
    running = parse_show(tv.show(4, "On", status="Running", embed=False, web=False))
    assert (upcoming.status, announced.status, tbd.status, running.status) == (
        LifecycleStatus.UPCOMING,
        LifecycleStatus.ANNOUNCED,
        LifecycleStatus.HIATUS,
        LifecycleStatus.AIRING,
    )
    assert running.network == "CBS"


def test_lookup_and_updates(httpserver, client):
    httpserver.expect_request("/lookup/shows", query_string="thetvdb=900002").respond_with_json(
        tv.show(5002, "Bosch: Legacy", embed=False)
    )
    httpserver.expect_request("/lookup/shows", query_string="imdb=tt0000000").respond_with_data("", status=404)
    httpserver.expect_request("/updates/shows", query_string="since=day").respond_with_json(
        {"5002": 1700000100, "x": 1, "7": "no"}
    )
    assert client.lookup(thetvdb=900002) == 5002
    assert client.lookup(imdb="tt0000000") is None
    assert client.updates("day") == {5002: 1700000100}


def test_429_waits_as_long_as_retry_after_says(httpserver, client, sleeps):
    httpserver.expect_ordered_request("/shows/5002").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "3"}
    )
    httpserver.expect_ordered_request("/shows/5002").respond_with_json(tv.legacy())
    assert client.show(5002).title == "Bosch: Legacy"
    assert sleeps == [3.0]


def test_a_cancel_cuts_a_retry_after_wait_short_on_its_own_thread_only(httpserver):
    import threading

    httpserver.expect_request("/shows/5002").respond_with_data("slow down", status=429, headers={"Retry-After": "5"})
    http = PoliteClient(Politeness(read_timeout=0.5, connect_timeout=0.5))  # real sleeping
    client = TvmazeClient(http, httpserver.url_for("").rstrip("/"))
    cancel = threading.Event()
    threading.Timer(0.3, cancel.set).start()
    t0 = time.monotonic()
    try:
        with http.cancelled_by(cancel), pytest.raises(Interrupted):
            client.show(5002)
        assert time.monotonic() - t0 < 2.0  # not the 5 s the server asked for
        # outside the block, and with the event already set, waits are as before (a test's sleep)
        http._sleep = Sleeps()
        with pytest.raises(RateLimited):
            client.show(5002)
        assert http._sleep == [5.0, 5.0]
    finally:
        http.close()


def test_429_with_a_long_wait_is_reported_not_slept(httpserver, client, sleeps):
    httpserver.expect_request("/shows/5002").respond_with_data("", status=429, headers={"Retry-After": "3600"})
    with pytest.raises(RateLimited, match="asks us to slow down"):
        client.show(5002)
    assert sleeps == []


def test_server_errors_are_retried_then_reported(httpserver, client, sleeps):
    httpserver.expect_request("/shows/5002").respond_with_data("oops", status=500)
    with pytest.raises(ServiceUnavailable, match=r"TVmaze is having trouble \(HTTP 500\)"):
        client.show(5002)
    assert len(httpserver.log) == 3 and sleeps == [0.5, 1.0]  # three tries, backing off


def test_a_server_error_that_passes(httpserver, client):
    httpserver.expect_ordered_request("/shows/5002").respond_with_data("", status=503)
    httpserver.expect_ordered_request("/shows/5002").respond_with_json(tv.legacy())
    assert client.show(5002).title == "Bosch: Legacy"


def test_a_slow_answer_times_out(httpserver, client):
    def slow(request):
        time.sleep(1.0)
        return Response("{}", content_type="application/json")

    httpserver.expect_request("/shows/5002").respond_with_handler(slow)
    with pytest.raises(NetworkDown, match="did not answer in time"):
        client.show(5002)


def test_truncated_json(httpserver, client):
    body = json.dumps(tv.legacy())
    httpserver.expect_request("/shows/5002").respond_with_data(body[: len(body) // 2], content_type="application/json")
    with pytest.raises(BadResponse, match="not valid JSON"):
        client.show(5002)


@pytest.mark.parametrize("payload", [[1, 2, 3], {"id": "5002", "name": 7}, {"name": "No id"}])
def test_unexpected_shapes(httpserver, client, payload):
    httpserver.expect_request("/shows/5002").respond_with_json(payload)
    with pytest.raises(BadResponse, match="shape we do not know"):
        client.show(5002)


def test_a_20_mb_answer_is_refused(httpserver, client):
    httpserver.expect_request("/shows/5002").respond_with_data(b"[" + b"0," * 10_000_000 + b"0]")
    with pytest.raises(ResponseTooLarge, match="too large"):
        client.show(5002)


def test_a_20_mb_answer_without_length_is_cut_off(httpserver, client):
    def stream(request):
        def chunks():
            for _ in range(20):
                yield b" " * 1_000_000

        return Response(chunks(), content_type="application/json")  # chunked: no Content-Length

    httpserver.expect_request("/shows/5002").respond_with_handler(stream)
    with pytest.raises(ResponseTooLarge, match="over 5 MB"):
        client.show(5002)


def test_network_down(sleeps):
    http = PoliteClient(Politeness(connect_timeout=0.5), sleep=sleeps)
    client = TvmazeClient(http, "http://127.0.0.1:9")  # the discard port: nothing listens
    with pytest.raises(NetworkDown, match="Cannot reach TVmaze"):
        client.search("bosch")
    http.close()


def test_at_most_20_requests_per_10_seconds():
    clock = [0.0]
    sleeps = []

    def sleep(seconds):
        sleeps.append(seconds)
        clock[0] += seconds

    http = PoliteClient(Politeness(), sleep=sleep, clock=lambda: clock[0])
    for _ in range(45):
        http._wait_for_turn("api.tvmaze.com")
    assert http.requests_sent == 45
    assert clock[0] == pytest.approx(20.0)  # the 21st and the 41st had to wait for the window
    http.close()


def test_base_url_setting_and_environment(monkeypatch):
    monkeypatch.delenv("WATCHTRACKER_TVMAZE_URL", raising=False)
    assert base_url() == "https://api.tvmaze.com"
    assert base_url("http://mirror.example/") == "http://mirror.example"
    monkeypatch.setenv("WATCHTRACKER_TVMAZE_URL", "http://127.0.0.1:8080/")
    assert base_url("http://mirror.example") == "http://127.0.0.1:8080"


def test_html_summaries_become_plain_text():
    assert (
        html_to_text("<p>One<br />two</p><p>Three &amp; <i>four</i></p><script>x</script>")
        == "One\ntwo\n\nThree & four"
    )
    assert html_to_text(None) == "" and html_to_text("") == ""


def test_air_times_are_utc_and_date_only_episodes_stay_date_only():
    """22:00 in New York is 02:00 UTC the next day; without an air time there is no airstamp."""
    timed = parse_show(
        tv.show(
            1,
            "Late",
            episodes=[
                tv.episode(1, 1, 1, "2014-04-06", airtime="22:00", stamp="2014-04-07T02:00:00+00:00"),
                tv.episode(2, 1, 2, "2014-04-13", airtime="", stamp="2014-04-13T04:00:00+00:00"),
            ],
        ),
        embedded=True,
    )
    first, second = timed.episodes
    assert first.airstamp.isoformat() == "2014-04-07T02:00:00+00:00" and first.air_date.isoformat() == "2014-04-06"
    assert second.airstamp is None and second.air_date.isoformat() == "2014-04-13"


def test_retry_after_as_a_utc_date(monkeypatch):
    import email.utils

    from watchtracker.providers.http import _retry_after

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        when = email.utils.formatdate(time.time() + 30, usegmt=False).replace("+0000", "-0000")
        assert 25 <= _retry_after(when, default=1) <= 31
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_a_broken_compressed_answer_is_a_bad_response(httpserver, client):
    httpserver.expect_request("/shows/5002").respond_with_data(b"not gzip at all", headers={"Content-Encoding": "gzip"})
    with pytest.raises(BadResponse, match="cannot read"):
        client.show(5002)
