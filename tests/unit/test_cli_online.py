"""search, follow and refresh from the command line, against a local TVmaze."""

from __future__ import annotations

import json

import pytest

from tests.fixtures import tvmaze_payloads as tv
from tests.unit.test_cli import dump


@pytest.fixture
def run(cli_run, httpserver, monkeypatch):
    monkeypatch.setenv("WATCHTRACKER_TVMAZE_URL", httpserver.url_for("/"))
    return cli_run


def _search(httpserver):
    httpserver.expect_request("/search/shows", query_string="q=bosch").respond_with_json(
        [
            tv.search_result(40.5, tv.show(5001, "Bosch", premiered="2014-02-06", embed=False)),
            tv.search_result(30.1, tv.show(5002, "Bosch: Legacy", embed=False)),
        ]
    )


def test_search_json(run, httpserver):
    _search(httpserver)
    code, out, err = run("search", "bosch", "--json")
    assert code == 0 and err == ""
    results = json.loads(out)
    assert [(r["tvmaze_id"], r["title"], r["year"]) for r in results] == [
        (5001, "Bosch", 2014),
        (5002, "Bosch: Legacy", 2022),
    ]
    assert set(results[0]) == {
        "tvmaze_id",
        "title",
        "year",
        "status",
        "network",
        "premiere",
        "genres",
        "summary",
        "score",
    }


def test_follow_the_best_match_then_refresh(run, httpserver):
    httpserver.expect_request("/shows/5002").respond_with_json(tv.legacy())
    httpserver.expect_request("/search/shows", query_string="q=bosch%3A+legacy").respond_with_json(
        [tv.search_result(50, tv.show(5002, "Bosch: Legacy", embed=False))]
    )
    code, out, _ = run("follow", "bosch: legacy")
    assert code == 0 and "Following Bosch: Legacy: 3 seasons, 30 episodes, 4 cast." in out
    code, out, _ = run("list", "--json")
    assert [r["title"] for r in json.loads(out)] == ["Bosch: Legacy"]
    code, out, err = run("refresh", "--json")  # the first refresh re-fetches every followed series
    assert code == 0
    report = json.loads(out)
    assert (report["checked"], report["requests"], report["updated"]) == (1, 1, ["Bosch: Legacy"])
    assert "Fetching 1 of 1" in err  # progress goes to stderr


def test_follow_by_id_and_ambiguous_titles(run, httpserver):
    httpserver.expect_request("/shows/5002").respond_with_json(tv.legacy())
    assert run("follow", "--tvmaze", "5002")[0] == 0
    httpserver.expect_request("/search/shows", query_string="q=the+office").respond_with_json(
        [
            tv.search_result(20, tv.show(1, "The Office", premiered="2005-03-24", embed=False)),
            tv.search_result(19, tv.show(2, "The Office", premiered="2001-07-09", embed=False)),
        ]
    )
    code, out, err = run("follow", "the office")
    assert code == 1 and "matches 2 series" in err and "TVmaze #2" in err


def test_refresh_when_the_network_is_down(run, httpserver, monkeypatch):
    httpserver.expect_request("/shows/5002").respond_with_json(tv.legacy())
    assert run("follow", "--tvmaze", "5002")[0] == 0
    before = dump(run.data)
    monkeypatch.setenv("WATCHTRACKER_TVMAZE_URL", "http://127.0.0.1:9")
    code, out, err = run("refresh")
    assert code == 1
    assert "Cannot reach TVmaze" in err and "Traceback" not in err
    assert dump(run.data) == before


def test_refresh_with_nothing_from_tvmaze(run):
    code, out, _ = run("refresh")
    assert code == 0 and "nothing to refresh" in out
