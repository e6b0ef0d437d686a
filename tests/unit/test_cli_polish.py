"""The command line's words (issue 13, defect 13): counts in the singular when there is one, web
addresses that are web addresses, aligned columns, labels instead of keys, an import that adds
nothing saying so (and making no backup), the way out of a refused duplicate, and no errno text."""

from __future__ import annotations

import errno
import json
import re
from pathlib import Path

import pytest

from tests.fixtures.trakt_files import trakt_show
from watchtracker.domain.enums import AnnouncementKind
from watchtracker.errors import InvalidInput
from watchtracker.services.feeds import check_feed_url
from watchtracker.services.transfer.importer import ImportService


@pytest.fixture
def demo(cli_run):
    code, out, _ = cli_run("demo")
    assert code == 0 and "Loaded the example library" in out
    return cli_run


def one_line_error(result, *fragments: str) -> str:
    code, out, err = result
    assert code == 1, (out, err)
    assert out == ""
    assert err.startswith("watchtracker: ") and err.endswith("\n") and err.count("\n") == 1, err
    for f in fragments:
        assert f in err, err
    assert "Traceback" not in err and "Errno" not in err
    return err


def before_import_backups(data: Path) -> list[Path]:
    return sorted((data / "backups").glob("library-before-import-*"))


# -- 1. plurals -------------------------------------------------------------------------------------


def test_the_plural_helper():
    from watchtracker.cli.render import plural

    assert plural(0, "viewing") == "0 viewings"
    assert plural(1, "viewing") == "1 viewing"
    assert plural(2, "viewing") == "2 viewings"
    assert plural(1, "series", "series") == "1 series"
    assert plural(3, "series", "series") == "3 series"


def test_one_show_one_episode_one_viewing_in_the_singular(demo, tmp_path):
    path = tmp_path / "watched-shows.json"
    path.write_text(json.dumps([trakt_show("Bosch", 2014, [(1, 3, "2016-01-04T20:00:00.000Z")])]), encoding="utf-8")
    code, out, err = demo("import", str(path), "--offline", "--dry-run")
    assert code == 0, err
    assert "Trakt: 1 show, 1 episode, 1 viewing, 0 ratings." in out.splitlines()


def test_a_show_kept_for_later_with_one_viewing(demo, tmp_path):
    path = tmp_path / "watched-shows.json"
    path.write_text(
        json.dumps([trakt_show("A Show Nobody Has", 2019, [(1, 1, "2020-01-01T20:00:00.000Z")], tvdb=999999)]),
        encoding="utf-8",
    )
    assert demo("import", str(path), "--offline")[0] == 0
    code, out, _ = demo("import", "--pending")
    assert code == 0
    assert "A Show Nobody Has (2019) — 1 viewing, trakt: not looked up on TVmaze (offline)" in out


def test_a_calendar_of_one_day_and_a_backup_kept_alone(demo, paths, tmp_path):
    code, _, err = demo("export", "--format", "ics", "-", "--days", "1")
    assert code == 0
    assert "in the next 1 day)" in err and "1 days" not in err
    paths.settings_file.parent.mkdir(parents=True, exist_ok=True)
    paths.settings_file.write_text(json.dumps({"backups_to_keep": 1}), encoding="utf-8")
    code, out, _ = demo("backup")
    assert code == 0 and "the newest 1 backup is kept." in out


# -- 2. feed addresses ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "nonsense",
    [
        "not-a-url",
        "https://not-a-url/feed",
        "localhostt",
        "mailto:news@example.com",
        "https://exam ple.com/feed",
        "https://example.com/my\tfeed",
        "https://",
        "https:///feed",
        "http:/example.com/feed",
        "ftp://example.com/feed",
        "file:///etc/passwd",
        "javascript:alert(1)",
    ],
)
def test_what_is_not_a_web_address_is_refused(nonsense):
    with pytest.raises(InvalidInput, match="not a web address"):
        check_feed_url(nonsense)


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("tvnews.example/atom", "https://tvnews.example/atom"),
        ("https://deadline.com/feed/", "https://deadline.com/feed/"),
        ("example.com:8080/feed", "https://example.com:8080/feed"),
        ("http://localhost:5000/feed.xml", "http://localhost:5000/feed.xml"),
        ("http://127.0.0.1:9/dead", "http://127.0.0.1:9/dead"),
        ("http://[::1]:8080/feed", "http://[::1]:8080/feed"),
    ],
)
def test_web_addresses_are_taken(given, kept):
    assert check_feed_url(given) == kept


def test_feeds_add_refuses_a_word_with_no_dot(cli_run):
    err = one_line_error(cli_run("feeds", "add", "not-a-url"), "not a web address", "'not-a-url'")
    assert "https://not-a-url" not in err  # it names what was typed
    code, out, _ = cli_run("feeds", "list", "--json")
    assert code == 0 and json.loads(out) == []


# -- 3. feeds list in columns ------------------------------------------------------------------------


def test_feeds_list_is_in_columns(cli_run):
    long_name = "A feed with a name much longer than any column should be"
    for url, name in (
        ("https://tvline.com/feed/", "TVLine"),
        ("https://www.nexttv.com/feeds/tag/drama-series", "Next TV"),
        ("https://deadline.com/feed/", long_name),
    ):
        assert cli_run("feeds", "add", url, "--name", name)[0] == 0
    code, out, _ = cli_run("feeds", "list")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 3
    urls = [line.index("https://") for line in lines]
    states = [line.index("[not polled yet]") for line in lines]
    assert len(set(urls)) == 1 and len(set(states)) == 1, lines
    assert long_name not in out and any("…" in line[: urls[0]] for line in lines)  # elided, not spilling over
    assert lines[0].startswith("A feed with a name")


# -- 4. labels, not keys ---------------------------------------------------------------------------------


def test_show_prints_the_kinds_of_announcements_by_their_labels(demo):
    labels = {k.label for k in AnnouncementKind}
    for title in ("Ballard", "Bosch: Legacy"):
        code, out, _ = demo("show", title)
        assert code == 0
        kinds = re.findall(r"^  \d{4}-\d\d-\d\d  \[([^\]]+)\] ", out, re.MULTILINE)
        assert kinds and set(kinds) <= labels, kinds
    assert "[Spin-off] Prime Video orders Renée Ballard spin-off" in out and "[spin_off]" not in out


# -- 5. an import that adds nothing ----------------------------------------------------------------------


def test_importing_the_same_file_again_says_nothing_was_new_and_makes_no_backup(demo, tmp_path):
    path = tmp_path / "watched-shows.json"
    bosch = trakt_show("Bosch", 2014, [(1, 1, "2016-01-02T20:00:00.000Z"), (1, 2, "2016-01-03T20:00:00.000Z")])
    path.write_text(json.dumps([bosch]), encoding="utf-8")
    code, out, err = demo("import", str(path), "--offline")
    assert code == 0, err
    assert len(before_import_backups(demo.data)) == 1
    code, out, err = demo("import", str(path), "--offline")
    assert code == 0, err
    assert out.splitlines()[-1] == (
        "Nothing to import: every viewing in the file is already in your library (2 viewings skipped)."
    )
    assert "Imported" not in out and "Imported" not in err
    assert len(before_import_backups(demo.data)) == 1  # no new copy of a library that did not change
    code, out, _ = demo("import", str(path), "--offline", "--json")
    report = json.loads(out)
    assert (report["viewings_added"], report["duplicates"], report["backup"]) == (0, 2, None)
    assert len(before_import_backups(demo.data)) == 1


def test_nothing_new_with_a_show_still_not_matched(demo, trakt_file):
    assert demo("import", str(trakt_file), "--offline")[0] == 0
    code, out, err = demo("import", str(trakt_file), "--offline")
    assert code == 0, err
    assert out.splitlines()[-1] == (
        "Nothing to import: nothing in the file is new to your library "
        "(3 viewings already in it; 1 show not matched, still kept for later)."
    )
    assert len(before_import_backups(demo.data)) == 1
    assert "1 show was not matched" in err


def test_an_import_that_adds_something_still_makes_its_backup(demo, trakt_file):
    code, out, _ = demo("import", str(trakt_file), "--offline")
    assert code == 0
    assert "Imported. The library as it was before is kept in" in out
    assert len(before_import_backups(demo.data)) == 1


def test_importing_our_own_export_into_the_same_library_adds_nothing(demo, tmp_path):
    path = tmp_path / "mine.json"
    assert demo("export", "--format", "json", str(path))[0] == 0
    code, out, err = demo("import", str(path))
    assert code == 0, err
    assert out.startswith(
        "Nothing to import: everything in the watchtracker export mine.json is already in your library"
    )
    assert re.search(r"\(3 series matched, \d+ viewings already there\)\.$", out.splitlines()[0]), out
    assert "Imported" not in out
    assert before_import_backups(demo.data) == []


# -- 6. the way past a duplicate title -----------------------------------------------------------------


def test_a_duplicate_title_names_the_option_that_adds_it_anyway(demo):
    err = one_line_error(demo("add", "bosch"), "already in the library", "--allow-duplicate")
    assert "“Bosch”" in err
    assert demo("add", "bosch", "--allow-duplicate")[0] == 0


def test_other_refusals_of_add_do_not_mention_it(demo):
    err = one_line_error(demo("add", "Bosch: Origins", "--premiere", "someday"))
    assert "--allow-duplicate" not in err


# -- 7. no errno text ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (FileNotFoundError(errno.ENOENT, "No such file or directory"), "there is no file {path}"),
        (PermissionError(errno.EACCES, "Permission denied"), "{path} cannot be read: permission denied"),
        (IsADirectoryError(errno.EISDIR, "Is a directory"), "{path} is a folder"),
        (OSError(errno.EIO, "Input/output error"), "{path} cannot be read: the disk reported an input/output error"),
    ],
)
def test_a_file_that_cannot_be_read_is_said_in_words(cli_run, tmp_path, monkeypatch, error, said):
    path = tmp_path / "history.json"
    error.filename = str(path)

    def refuse(self, p):
        raise error

    monkeypatch.setattr(ImportService, "detect", refuse)
    err = one_line_error(cli_run("import", str(path)), said.format(path=path), "nothing was changed")
    assert error.strerror not in err
