"""`watchtracker feeds`, `alerts` and `refresh` end to end: a fresh data folder, the example
library, and news feeds served by a local HTTP server (pytest-httpserver)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.unit.test_importer import dump as importer_dump
from tests.unit.test_importer import library_engine

pytestmark = pytest.mark.both_backends

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
BALLARD_RSS = "Prime Video’s ‘Bosch’ Spinoff Is Officially Titled ‘Ballard’, With Maggie Q Leading the Cold-Case Drama"
ALERT_KEYS = {"id", "kind", "series", "headline", "source", "url", "published", "read"}
FEED_KEYS = {"id", "url", "name", "enabled", "last_polled", "last_ok", "error", "alerts"}


@pytest.fixture
def server(httpserver):
    for name, kind in (
        ("tvnews.rss.xml", "application/rss+xml"),
        ("tvnews.atom.xml", "application/atom+xml"),
        ("not_a_feed.html", "text/html"),
    ):
        httpserver.expect_request(f"/{name}").respond_with_data((FEEDS / name).read_bytes(), content_type=kind)
    return httpserver


@pytest.fixture
def demo(cli_run):
    code, out, _ = cli_run("demo")
    assert code == 0 and "Loaded the example library" in out
    return cli_run


def dump(paths) -> list:
    """Every table's rows (as test_cli.dump): to check that a refused command changed nothing."""
    engine = library_engine(paths)
    try:
        return importer_dump(engine)
    finally:
        engine.dispose()


def unfollow(paths, title: str) -> None:
    """Take a series out of the library (it stays in the database): no command does this."""
    engine = library_engine(paths)
    try:
        with engine.begin() as con:
            con.execute(
                text("DELETE FROM library_entry WHERE series_id = (SELECT id FROM series WHERE title = :t)"),
                {"t": title},
            )
    finally:
        engine.dispose()


def as_json(result) -> object:
    code, out, err = result
    assert code == 0, err
    return json.loads(out)


def one_line_error(result, *fragments: str) -> str:
    code, out, err = result
    assert code == 1, (out, err)
    assert out == ""
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("watchtracker: ")
    for f in fragments:
        assert f in err
    assert "Traceback" not in err
    return err


# -- feeds ------------------------------------------------------------------------------------


def test_feeds_add_list_and_remove(cli_run, server):
    rss = server.url_for("/tvnews.rss.xml")
    code, out, err = cli_run("feeds", "add", rss, "--name", "TV Wire")
    assert code == 0 and err == ""
    assert out == f"Added the feed TV Wire ({rss}); 'watchtracker refresh' polls it.\n"
    code, out, _ = cli_run("feeds", "add", "tvnews.example/atom")
    assert code == 0 and "(https://tvnews.example/atom)" in out  # a bare host gets https://
    rows = as_json(cli_run("feeds", "list", "--json"))
    assert all(set(r) == FEED_KEYS for r in rows)
    by_url = {r["url"]: r for r in rows}
    assert set(by_url) == {rss, "https://tvnews.example/atom"}
    wire = by_url[rss]
    assert wire["name"] == "TV Wire" and wire["enabled"] is True and isinstance(wire["id"], int)
    assert (wire["last_polled"], wire["last_ok"], wire["error"], wire["alerts"]) == (None, None, None, 0)
    assert by_url["https://tvnews.example/atom"]["name"] is None
    code, out, _ = cli_run("feeds", "list")
    assert code == 0
    rows = [line.split() for line in out.splitlines()]
    assert ["TV", "Wire", rss, "[not", "polled", "yet]"] in rows
    assert ["tvnews.example", "https://tvnews.example/atom", "[not", "polled", "yet]"] in rows
    starts = {line.index("http") for line in out.splitlines() if "http" in line}
    assert len(starts) == 1  # the addresses start in one column
    # removed by its address, then by its name
    code, out, _ = cli_run("feeds", "remove", rss)
    assert code == 0 and out == "Removed the feed TV Wire; its announcements stay.\n"
    code, out, _ = cli_run("feeds", "remove", "tvnews.example")
    assert code == 1
    code, out, _ = cli_run("feeds", "remove", "https://tvnews.example/atom/")  # a trailing slash is the same
    assert code == 0
    assert as_json(cli_run("feeds", "list", "--json")) == []
    one_line_error(cli_run("feeds", "remove", rss), "No feed", rss)


def test_feeds_list_when_there_are_none_suggests_some(cli_run):
    code, out, err = cli_run("feeds", "list")
    assert code == 0 and err == ""
    assert out.startswith("No feeds yet. Add one with: watchtracker feeds add URL")
    assert "e.g. Deadline: https://deadline.com/feed/" in out
    assert as_json(cli_run("feeds", "list", "--json")) == []  # suggestions are not feeds


def test_feeds_add_refuses_a_duplicate_and_nonsense(cli_run, server, paths):
    rss = server.url_for("/tvnews.rss.xml")
    assert cli_run("feeds", "add", rss)[0] == 0
    before = dump(paths)
    one_line_error(cli_run("feeds", "add", rss), rss, "already")
    for nonsense in ("ftp://x.example/feed", "a b c", "javascript:alert(1)", "http://"):
        one_line_error(cli_run("feeds", "add", nonsense), "not a web address")
    one_line_error(cli_run("feeds", "add", "  "), "Give the feed's address")
    assert dump(paths) == before
    assert len(as_json(cli_run("feeds", "list", "--json"))) == 1


# -- refresh ----------------------------------------------------------------------------------


def test_refresh_polls_the_feeds_and_reports_the_new_alerts(demo, server, paths):
    # a viewer who does not follow Ballard (the example does): the story names a new spin-off
    unfollow(paths, "Ballard")
    rss = server.url_for("/tvnews.rss.xml")
    assert demo("feeds", "add", rss)[0] == 0
    code, out, err = demo("refresh", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert {"feeds", "alerts", "errors"} <= set(report)
    assert report["checked"] == 0 and report["requests"] == 0  # nothing in the example is from TVmaze
    assert report["feeds"] == {"answered": 1, "failed": [], "items": 12}
    assert report["errors"] == []
    assert all(ALERT_KEYS <= set(a) for a in report["alerts"])
    # of the twelve stories, only the Ballard one is about the followed Bosch universe
    ballard = [a for a in report["alerts"] if a["headline"] == BALLARD_RSS]
    assert len(ballard) == 1 == len(report["alerts"])
    assert ballard[0]["kind"] == "spin_off"
    assert ballard[0]["series"] == ["Bosch", "Bosch: Legacy"]
    assert ballard[0]["spin_off_title"] == "Ballard"
    assert ballard[0]["read"] is False and ballard[0]["url"].startswith("https://tvwire.example/")
    # only the followed Bosch universe is news; the decoy about the painter is not
    assert {t for a in report["alerts"] for t in a["series"]} <= {"Bosch", "Bosch: Legacy"}
    assert not any("Prado" in a["headline"] for a in report["alerts"])
    # the feed's state
    (feed,) = as_json(demo("feeds", "list", "--json"))
    assert feed["name"].startswith("The TV Wire")  # named by its own title
    assert feed["last_polled"] and feed["last_ok"] and feed["error"] is None
    assert feed["last_polled"].endswith("Z")
    assert feed["alerts"] == len(report["alerts"])
    # polled again: nothing new
    again = as_json(demo("refresh", "--json"))
    assert again["alerts"] == [] and again["feeds"]["answered"] == 1


def test_refresh_text(demo, server):
    assert demo("feeds", "add", server.url_for("/tvnews.rss.xml"), "--name", "TV Wire")[0] == 0
    code, out, err = demo("refresh")
    assert code == 0
    lines = out.splitlines()
    assert "No followed series comes from TVmaze yet: nothing to refresh there." in lines
    assert "Polled 1 of 1 feed: 1 new alert." in lines  # the Bosch universe is in one story
    assert f"  [spin_off] {BALLARD_RSS} — Ballard, Bosch, Bosch: Legacy" in lines
    assert "Polling TV Wire" in err and "watchtracker:" not in err


def test_a_feed_that_is_a_web_page_fails_the_refresh_but_not_the_others(demo, server):
    assert demo("feeds", "add", server.url_for("/not_a_feed.html"), "--name", "Front Page")[0] == 0
    assert demo("feeds", "add", server.url_for("/tvnews.rss.xml"))[0] == 0
    code, out, err = demo("refresh")
    assert code == 1
    problems = [line for line in err.splitlines() if line.startswith("watchtracker: ")]
    assert len(problems) == 1
    assert "Front Page" in problems[0] and "web page" in problems[0]
    assert "Polled 1 of 2 feeds" in out
    assert f"  [spin_off] {BALLARD_RSS} — Ballard, Bosch, Bosch: Legacy" in out.splitlines()
    assert BALLARD_RSS in {a["headline"] for a in as_json(demo("alerts", "--json"))}
    feeds = {f["name"]: f for f in as_json(demo("feeds", "list", "--json"))}
    assert "web page" in feeds["Front Page"]["error"] and feeds["Front Page"]["last_ok"] is None
    assert feeds["Front Page"]["last_polled"] is not None
    code, out, _ = demo("feeds", "list")
    assert any(line.startswith("Front Page ") and "[error: " in line for line in out.splitlines())


def test_a_failed_feed_in_the_json_report(demo, server):
    assert demo("feeds", "add", server.url_for("/not_a_feed.html"), "--name", "Front Page")[0] == 0
    assert demo("feeds", "add", server.url_for("/tvnews.atom.xml"))[0] == 0
    code, out, err = demo("refresh", "--json")
    assert code == 1
    report = json.loads(out)
    assert report["feeds"]["answered"] == 1
    assert [f["feed"] for f in report["feeds"]["failed"]] == ["Front Page"]
    assert "web page" in report["feeds"]["failed"][0]["error"]
    assert len(report["errors"]) == 1 and "web page" in report["errors"][0]
    assert "web page" in err
    # the Atom feed's Ballard story still arrived
    spin = [a for a in report["alerts"] if a["kind"] == "spin_off"]
    assert spin and all(a["series"] == ["Ballard", "Bosch", "Bosch: Legacy"] for a in spin)


# -- alerts -----------------------------------------------------------------------------------


@pytest.fixture
def polled(demo, server):
    assert demo("feeds", "add", server.url_for("/tvnews.rss.xml"))[0] == 0
    assert demo("refresh", "--json")[0] == 0
    return demo


def test_alerts_json(polled):
    rows = as_json(polled("alerts", "--json"))
    assert all(ALERT_KEYS <= set(a) for a in rows)
    assert len(rows) > 11  # the example's eleven and the feed's
    assert [a["published"] for a in rows] == sorted((a["published"] for a in rows), reverse=True)
    ballard = next(a for a in rows if a["headline"] == BALLARD_RSS)
    assert ballard["series"] == ["Ballard", "Bosch", "Bosch: Legacy"] and ballard["kind"] == "spin_off"
    assert ballard["source"].startswith("The TV Wire") and ballard["published"].endswith("Z")
    example = next(a for a in rows if a["headline"] == "Maggie Q to play Renée Ballard")
    assert example == {
        **example,
        "kind": "casting",
        "series": ["Ballard", "Bosch"],
        "source": "Bleeding Cool",
        "published": "2024-03-21T12:00:00Z",
        "read": False,
    }
    assert len({a["id"] for a in rows}) == len(rows)


def test_alerts_filters_and_text(polled):
    everything = as_json(polled("alerts", "--json"))
    spin = as_json(polled("alerts", "--kind", "spin_off", "--json"))
    assert {a["headline"] for a in spin} == {a["headline"] for a in everything if a["kind"] == "spin_off"}
    assert {"Bosch spin-off ordered at IMDb TV", "Prime Video orders Renée Ballard spin-off", BALLARD_RSS} <= {
        a["headline"] for a in spin
    }
    assert as_json(polled("alerts", "--unread", "--json")) == everything  # none read yet
    assert as_json(polled("alerts", "--kind", "trailer", "--json")) == []
    code, out, _ = polled("alerts", "--kind", "spin_off")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == len(spin)
    ballard = next(a for a in spin if a["headline"] == BALLARD_RSS)
    assert any(
        line.startswith(f"*{ballard['id']:>5}  ")
        and f"[spin_off] {BALLARD_RSS} — Ballard, Bosch, Bosch: Legacy" in line
        for line in lines
    )
    code, out, _ = polled("alerts", "--kind", "trailer")
    assert code == 0 and out == "No alerts of that kind.\n"
    with pytest.raises(SystemExit) as info:
        polled("alerts", "--kind", "gossip")
    assert info.value.code == 2


def test_alerts_read_one_and_all(polled):
    everything = as_json(polled("alerts", "--json"))
    first = everything[0]["id"]
    code, out, err = polled("alerts", "read", str(first))
    assert (code, out, err) == (0, f"Marked alert {first} read.\n", "")
    unread = as_json(polled("alerts", "--unread", "--json"))
    assert first not in {a["id"] for a in unread} and len(unread) == len(everything) - 1
    assert next(a for a in as_json(polled("alerts", "--json")) if a["id"] == first)["read"] is True
    code, out, _ = polled("alerts", "--unread")
    assert code == 0 and not any(line.startswith(f"*{first:>5}") for line in out.splitlines())
    code, out, _ = polled("alerts", "read", "--all")
    assert (code, out) == (0, "Marked every alert read.\n")
    assert as_json(polled("alerts", "--unread", "--json")) == []
    code, out, _ = polled("alerts", "--unread")
    assert code == 0 and out == "No alerts of that kind.\n"
    assert len(as_json(polled("alerts", "--json"))) == len(everything)  # read, not gone


def test_alerts_read_an_unknown_id(polled, paths):
    before = dump(paths)
    one_line_error(polled("alerts", "read", "99999"), "There is no alert 99999.")
    assert dump(paths) == before
    with pytest.raises(SystemExit) as info:
        polled("alerts", "read")  # which one?
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        polled("alerts", "read", "first")
    assert info.value.code == 2


def test_alerts_on_an_empty_library(cli_run):
    code, out, _ = cli_run("alerts")
    assert code == 0 and out == "No alerts.\n"
    assert as_json(cli_run("alerts", "--json")) == []


def test_a_removed_feed_keeps_its_alerts(polled, server):
    count = len(as_json(polled("alerts", "--json")))
    code, out, _ = polled("feeds", "remove", server.url_for("/tvnews.rss.xml"))
    assert code == 0 and "its announcements stay" in out
    assert as_json(polled("feeds", "list", "--json")) == []
    rows = as_json(polled("alerts", "--json"))
    assert len(rows) == count and BALLARD_RSS in {a["headline"] for a in rows}
