"""Text from outside (feeds, TVmaze, imported files, what an older version stored) never reaches
the terminal as control sequences, and rows built for display are clean (issue 11, defects 8 and
14). Each command is run as the viewer runs it; nothing that a terminal would obey (ESC, BEL, C1
controls, OSC 8 links, OSC 52 clipboard writes) nor any bidi override or invisible character may
come out on stdout or stderr."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.fixtures import tvmaze_payloads as tv

CLEAR = "\x1b[2J\x1b[H"
TITLE = "\x1b]0;owned\x07"
OSC52 = "\x1b]52;c;cm0gLXJmIH4K\x07"  # writes "rm -rf ~" to the clipboard
OSC8 = "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"
C1 = "\x9b31m\x9d0;c1 title\x9c\x85"  # 8-bit CSI, OSC ... ST, NEL
RLO = "\u202egnp.exe"  # shows as "exe.png"
INVISIBLE = "\u200b\ufeff\u2066\u2069\U000e0041"
HOSTILE = f"{CLEAR}{TITLE}{OSC52}{OSC8}{C1}{RLO}{INVISIBLE}"
# XML 1.0 refuses C0 controls, but C1 ones, bidi and invisible characters are legal in a feed
XML_HOSTILE = "\x9b2J\x9d52;c;cm0gLXJmIH4K\x9c\u202egnp.exe\u200b\u2066"

# what must never be printed: C0 but the newline, DEL, C1, bidi embeddings/overrides/isolates,
# invisible characters, tags, lone surrogates
BAD = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b\u2060-\u2064\u202a-\u202e\u2066-\u2069\ufeff\U000e0000-\U000e007f\ud800-\udfff]"
)

ROOT = Path(__file__).resolve().parents[1]
TRAKT = ROOT / "fixtures" / "imports" / "trakt" / "export"


def assert_safe(result, *, code: int | None = 0) -> tuple[str, str]:
    got, out, err = result
    if code is not None:
        assert got == code, (out, err)
    for stream, text in (("stdout", out), ("stderr", err)):
        found = BAD.search(text)
        assert found is None, f"{stream} holds {found.group()!r}: {text!r}"
    return out, err


def poison(data: Path) -> None:
    """What a hostile feed and TVmaze (or an older version) could have stored: every kind of
    outside text of the example library gets the hostile tail."""
    con = sqlite3.connect(data / "library.sqlite")
    with con:
        con.execute(
            "UPDATE series SET title = title || ?, network = network || ?, overview = overview || ?,"
            " genres = ?, country = 'US' || ?, content_rating = 'TV-MA' || ? WHERE title = 'Bosch: Legacy'",
            (HOSTILE, HOSTILE, HOSTILE, json.dumps(["Drama" + HOSTILE]), HOSTILE, HOSTILE),
        )
        con.execute("UPDATE episode SET title = title || ?, summary = summary || ?", (HOSTILE, HOSTILE))
        con.execute("UPDATE season SET name = ?", ("Part" + HOSTILE,))
        con.execute("UPDATE person SET name = name || ?", (HOSTILE,))
        con.execute("UPDATE credit SET character = character || ?", (HOSTILE,))
        con.execute("UPDATE franchise SET name = name || ?", (HOSTILE,))
        con.execute(
            "UPDATE announcement SET headline = headline || ?, summary = summary || ?, source = source || ?,"
            " reason = 'title in the headline' || ?",
            (HOSTILE, HOSTILE, HOSTILE, HOSTILE),
        )
        con.execute(
            "INSERT INTO feed (url, name, enabled, last_error, items_seen, created_at)"
            " VALUES ('https://wire.example/feed', ?, 1, ?, 0, '2026-11-01 00:00:00')",
            ("Wire" + HOSTILE, "The feed said: " + HOSTILE),
        )
    con.close()


def execute(database: Path, sql: str, *params) -> None:
    con = sqlite3.connect(database)
    with con:
        con.execute(sql, params)
    con.close()


@pytest.fixture
def poisoned(cli_run):
    assert cli_run("demo")[0] == 0
    poison(cli_run.data)
    return cli_run


# -- the terminal (defect 8) ------------------------------------------------------------------

TEXT_COMMANDS = [
    ("list",),
    ("show", "legacy"),
    ("show", "bosch"),
    ("show", "ballard"),
    ("alerts",),
    ("alerts", "--unread"),
    ("feeds", "list"),
    ("watch", "legacy", "--episode", "S01E01"),
    ("unwatch", "legacy", "--all"),
    ("add", "Renée Ballard Two", "--spin-off-of", "legacy"),
]
JSON_COMMANDS = [("list", "--json"), ("show", "legacy", "--json"), ("alerts", "--json"), ("feeds", "list", "--json")]


def test_text_commands_print_no_control_sequences(poisoned):
    for args in TEXT_COMMANDS:  # one library for all: each command takes a few milliseconds
        out, _ = assert_safe(poisoned(*args))
        assert out.strip(), args  # something was said


def test_json_commands_print_clean_rows(poisoned):
    for args in JSON_COMMANDS:
        out, _ = assert_safe(poisoned(*args))
        data = json.loads(out)
        assert data, args
        text = json.dumps(data, ensure_ascii=False)
        assert "\u202e" not in text and "\x9b" not in text, args  # the rows came clean, not only escaped


def test_error_lines_quoting_outside_text_are_clean(poisoned, httpserver):
    # an ambiguous title lists the series it matches, on stderr
    _, err = assert_safe(poisoned("show", "a"), code=1)
    assert "matches" in err and "Bosch: Legacy" in err
    # a feed that cannot be read (a web page) is named in the progress lines and its error line
    httpserver.expect_request("/page").respond_with_data("<html><body>hi</body></html>", content_type="text/html")
    execute(poisoned.data / "library.sqlite", "UPDATE feed SET url = ?", httpserver.url_for("/page"))
    _, err = assert_safe(poisoned("refresh"), code=1)
    assert "Polling Wire" in err and "watchtracker: " in err


def test_json_output_escapes_c1_bidi_and_invisible_characters():
    """What the rows do not clean (a search result, a report) is escaped by --json: the data is
    kept, the terminal sees only ASCII escapes; a lone surrogate cannot break the output."""
    from watchtracker import cli

    out = io.StringIO()
    value = {"title": "A" + HOSTILE + "\ud800", "ok": "Renée ★ Ballard — 日本"}
    cli.dump(value, out)
    text = out.getvalue()
    assert BAD.search(text) is None, text
    assert json.loads(text)["title"] == value["title"]
    assert "Renée ★ Ballard — 日本" in text  # readable text stays readable
    assert "\\u009b" in text and "\\u202e" in text and "\\udb40\\udc41" in text


def test_data_written_to_a_terminal_is_cleaned_but_not_when_piped(example, paths):
    """`export -` writes data: byte for byte into a pipe, but a terminal sees no control sequence."""
    import dataclasses

    from watchtracker import cli
    from watchtracker.app import cli_context

    execute(paths.database, "UPDATE series SET title = title || ? WHERE title = 'Bosch'", HOSTILE)

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    def export(out) -> str:
        ctx = dataclasses.replace(cli_context(example), out=out, err=io.StringIO())
        assert cli.run(cli.parse_args(["export", "--format", "csv", "-"]), ctx) == 0
        return out.getvalue()

    assert BAD.search(export(Terminal())) is None
    assert HOSTILE in export(io.StringIO())  # the data itself, untouched


# -- end to end: a hostile feed and a hostile TVmaze ------------------------------------------


def hostile_feed() -> bytes:
    item = (
        "<item><title>Bosch: Legacy renewed {h}</title><link>https://tvwire.example/a</link>"
        "<pubDate>Thu, 17 Jul 2025 23:55:10 +0000</pubDate><guid>https://tvwire.example/?p=1</guid>"
        "<description><![CDATA[<p>Bosch: Legacy {h} is back.</p>]]></description></item>"
    )
    doc = (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>The Wire {XML_HOSTILE}</title><link>https://tvwire.example/</link>"
        f"<description>news</description>{item.format(h=XML_HOSTILE)}</channel></rss>"
    )
    return doc.encode("utf-8")


def test_a_hostile_feed_polled_by_refresh(cli_run, httpserver):
    httpserver.expect_request("/feed.xml").respond_with_data(hostile_feed(), content_type="application/rss+xml")
    assert cli_run("demo")[0] == 0
    assert_safe(cli_run("feeds", "add", httpserver.url_for("/feed.xml")))
    out, err = assert_safe(cli_run("refresh"))
    assert "Bosch: Legacy renewed" in out and "1 new alert" in out
    out, _ = assert_safe(cli_run("alerts", "--unread"))
    assert "Bosch: Legacy renewed" in out and "The Wire" in out
    out, _ = assert_safe(cli_run("feeds", "list"))
    assert "The Wire" in out
    report, _ = assert_safe(cli_run("alerts", "--json"))
    stored = [a for a in json.loads(report) if a["url"] == "https://tvwire.example/a"]
    assert len(stored) == 1  # cleaned on the way in, not only on the way out
    for text in (stored[0]["headline"], stored[0]["source"]):
        assert BAD.search(text) is None and text.endswith("gnp.exe"), text


def hostile_show() -> dict:
    eps = [
        tv.episode(910001, 1, 1, "2022-05-06", name="Pilot" + HOSTILE),
        tv.episode(910002, 1, 2, "2022-05-13", name="Two" + HOSTILE),
    ]
    data = tv.show(
        9100,
        "Bosch: Legacy" + HOSTILE,
        seasons=[tv.season(9200, 1, "2022-05-06", 2)],
        episodes=eps,
        cast=[tv.cast_member(91, "Titus" + HOSTILE, "Harry" + HOSTILE)],
    )
    data["summary"] = f"<p>{HOSTILE} the summary</p>"
    data["webChannel"]["name"] = "Prime" + HOSTILE
    data["genres"] = ["Drama" + HOSTILE]
    return data


@pytest.fixture
def tvmaze(cli_run, httpserver, monkeypatch):
    monkeypatch.setenv("WATCHTRACKER_TVMAZE_URL", httpserver.url_for("/"))
    show = hostile_show()
    httpserver.expect_request("/shows/9100").respond_with_json(show)
    httpserver.expect_request("/updates/shows").respond_with_json({"9100": show["updated"] + 1})
    brief = {k: v for k, v in show.items() if k != "_embedded"}
    httpserver.expect_request("/search/shows").respond_with_json(
        [tv.search_result(50, brief), tv.search_result(10, dict(brief, id=9101, name="Legacy" + HOSTILE))]
    )
    return cli_run


def test_a_hostile_tvmaze_through_search_follow_show_list_and_refresh(tvmaze):
    out, _ = assert_safe(tvmaze("search", "legacy"))
    assert "9100  Bosch: Legacy" in out
    out, _ = assert_safe(tvmaze("search", "legacy", "--json"))
    assert json.loads(out)[0]["tvmaze_id"] == 9100
    out, err = assert_safe(tvmaze("follow", "--tvmaze", "9100"))
    assert "Following Bosch: Legacy" in out
    out, _ = assert_safe(tvmaze("show", "legacy"))
    assert "Pilot" in out and "Titus" in out
    out, _ = assert_safe(tvmaze("list"))
    assert "Bosch: Legacy" in out
    assert_safe(tvmaze("refresh"))
    assert_safe(tvmaze("refresh", "--json"))


# -- imported files ---------------------------------------------------------------------------


def test_titles_from_an_imported_file_are_printed_clean(cli_run, tmp_path):
    from watchtracker.services.transfer import importer as importer_module

    if "trakt" not in importer_module.available_readers():
        pytest.skip("the trakt reader is not installed")
    folder = tmp_path / "export"
    shutil.copytree(TRAKT, folder)
    for path in folder.glob("*.json"):  # every file that names the show
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('"Severance"', json.dumps("Severance" + HOSTILE)), encoding="utf-8")
    out, _ = assert_safe(cli_run("import", str(folder), "--offline", "--dry-run"))
    assert "Severance" in out
    out, _ = assert_safe(cli_run("import", str(folder), "--offline", "--dry-run", "--json"))
    assert json.loads(out)["pending"]
    assert_safe(cli_run("import", str(folder), "--offline"))
    out, _ = assert_safe(cli_run("import", "--pending"))
    assert "Severance" in out


# -- rows built for display (defect 14) -------------------------------------------------------


def strings(value) -> list[str]:
    """Every string inside a row (dataclasses, named tuples, tuples, lists, dicts)."""
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [s for f in dataclasses.fields(value) for s in strings(getattr(value, f.name))]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in strings(k) + strings(v)]
    if isinstance(value, (tuple, list, set, frozenset)):
        return [s for v in value for s in strings(v)]
    return []


def assert_clean(rows) -> None:
    found = [s for s in strings(rows) if BAD.search(s)]
    assert not found, found[:3]


@pytest.fixture
def poisoned_services(example, paths):
    poison(paths.database.parent)
    return example


def test_rows_built_from_a_database_holding_hostile_text_are_clean(poisoned_services):
    s = poisoned_services
    rows = s.library.library()
    assert_clean(rows)
    legacy = next(r for r in rows if r.title.startswith("Bosch: Legacy"))
    assert (
        legacy.title
        == "Bosch: Legacy[2J[H]0;owned]52;c;cm0gLXJmIH4K]8;;https://evil.example/\\click]8;;\\31m0;c1 title gnp.exe"
    )
    for sid, _ in s.library.titles():
        detail = s.library.detail(sid)
        assert_clean(dataclasses.replace(detail, notes=""))  # notes are the viewer's own
    assert_clean(s.alerts.alerts())
    assert_clean(s.alerts.alert_series())
    assert_clean([s.alerts.alert(a.id) for a in s.alerts.alerts()])


def test_an_overview_keeps_its_lines(poisoned_services, paths):
    s = poisoned_services
    execute(paths.database, "UPDATE series SET overview = ? WHERE title = 'Bosch'", "One\u202e\nTwo\x1b[2J\n\nThree")
    bosch = next(sid for sid, t in s.library.titles() if t == "Bosch")
    assert s.library.detail(bosch).overview == "One\nTwo[2J\n\nThree"


def test_html_to_text_returns_clean_text():
    from watchtracker.providers.text import html_to_text

    got = html_to_text(f"<p>gnp{RLO}</p><p>a\x1b]52;c;eA==\x07b\u200bc &#155;x &#x202e;y</p>")
    assert BAD.search(got) is None, got
    assert got == "gnpgnp.exe\n\na]52;c;eA==bc ›x y"
    assert html_to_text("<b>Line</b><br>two\u2028three") == "Line\ntwo\nthree"


def test_the_log_file_holds_no_control_sequences(paths):
    import logging

    from watchtracker.app import setup_logging

    setup_logging(paths)
    try:
        logging.getLogger("watchtracker.test").warning("feed %s failed", "Evil\x1b]0;owned\x07\x1b[2J\u202egnp.exe")
        for handler in logging.getLogger().handlers:
            handler.flush()
        text = paths.log_file.read_text(encoding="utf-8")
    finally:
        for handler in list(logging.getLogger().handlers):
            if getattr(handler, "_watchtracker", False):
                logging.getLogger().removeHandler(handler)
                handler.close()
    assert "feed" in text and "owned" in text
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
