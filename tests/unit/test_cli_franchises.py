"""`watchtracker franchise` end to end, on a universe made by hand (so that it does not depend on
the example library): Alpha, its spin-offs Alpha: Legacy and Beta, in the franchise Alpha
universe. Until app.cli_context passes the franchise service, the context is built with it here."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sqlite3

import pytest

from tests.unit.test_cli import dump
from watchtracker.domain.enums import RelationKind

SUMMARY_KEYS = {"id", "name", "description", "followed", "years", "series", "series_count", "followed_count"}
GRAPH_KEYS = {
    "id",
    "name",
    "description",
    "followed",
    "years",
    "series",
    "relations",
    "tree",
    "release_order",
    "watch_order",
    "story_order",
}
NODE_KEYS = {
    "id",
    "title",
    "status",
    "premiere",
    "ended",
    "years",
    "followed",
    "state",
    "episodes_watched",
    "episodes_aired",
}


@pytest.fixture
def bare(cli_run, monkeypatch):
    """The command line on an empty library, its context given the franchise service."""
    from watchtracker import app

    made = app.cli_context

    def with_franchises(services):
        ctx = made(services)
        return ctx if ctx.franchises is not None else dataclasses.replace(ctx, franchises=services.franchises)

    monkeypatch.setattr(app, "cli_context", with_franchises)
    return cli_run


@pytest.fixture
def run(bare):
    ok(bare("add", "Alpha", "--status", "ended", "--premiere", "2014-02-06"))
    ok(bare("add", "Alpha: Legacy", "--status", "ended", "--premiere", "2022-05-06", "--spin-off-of", "Alpha"))
    ok(bare("add", "Beta", "--premiere", "2025", "--spin-off-of", "Alpha"))
    ok(bare("franchise", "create", "Alpha universe", "--description", "The Alpha shows."))
    ok(bare("franchise", "add", "Alpha universe", "Alpha", "Alpha: Legacy", "Beta"))
    unfollow(bare, "Beta")  # a series added by hand is followed: not this one
    return bare


def unfollow(run, title: str) -> None:
    con = sqlite3.connect(run.data / "library.sqlite")
    with con:
        con.execute("DELETE FROM library_entry WHERE series_id = (SELECT id FROM series WHERE title = ?)", (title,))
    con.close()


def as_json(result):
    code, out, err = result
    assert code == 0, err
    return json.loads(out)


def ok(result) -> str:
    code, out, err = result
    assert code == 0 and err == "", (out, err)
    return out


def one_line_error(result, *fragments: str) -> str:
    code, out, err = result
    assert code == 1, (out, err)
    assert out == "" and err.startswith("watchtracker: ") and "Traceback" not in err
    for f in fragments:
        assert f in err, err
    return err


def graph(run, name: str = "Alpha universe") -> dict:
    return as_json(run("franchise", "show", name, "--json"))


def titles(g: dict) -> list[str]:
    return [s["title"] for s in g["series"]]


def relations(g: dict) -> set[tuple[str, str, str]]:
    return {(r["from"], r["kind"], r["to"]) for r in g["relations"]}


# -- reading ----------------------------------------------------------------------------------------


def test_list(run):
    (alpha,) = as_json(run("franchise", "list", "--json"))
    assert set(alpha) == SUMMARY_KEYS
    assert (alpha["name"], alpha["description"], alpha["followed"]) == ("Alpha universe", "The Alpha shows.", False)
    assert alpha["series"] == ["Alpha", "Alpha: Legacy", "Beta"]  # release order
    assert (alpha["series_count"], alpha["followed_count"], alpha["years"]) == (3, 2, "2014–2025")
    ok(run("franchise", "create", "Gamma"))
    assert ok(run("franchise", "list")).splitlines() == [
        "Alpha universe  2014–2025  3 series, 2 in your library",
        "Gamma           —          0 series, 0 in your library",
    ]


def test_list_with_none(bare):
    assert ok(bare("franchise", "list")).startswith("No franchises yet. Make one with: watchtracker franchise create")
    assert as_json(bare("franchise", "list", "--json")) == []


def test_show_json(run):
    g = graph(run, "ALPHA uni")  # a part of the name, any case
    assert set(g) == GRAPH_KEYS
    assert (g["name"], g["description"], g["followed"], g["years"]) == (
        "Alpha universe",
        "The Alpha shows.",
        False,
        "2014–2025",
    )
    assert all(set(s) == NODE_KEYS for s in g["series"])
    assert titles(g) == ["Alpha", "Alpha: Legacy", "Beta"]
    ids = {s["title"]: s["id"] for s in g["series"]}
    legacy = g["series"][1]
    assert (legacy["status"], legacy["premiere"], legacy["ended"], legacy["years"]) == (
        "ended",
        "2022-05-06",
        None,
        "2022",
    )
    assert (legacy["followed"], legacy["state"], legacy["episodes_watched"], legacy["episodes_aired"]) == (
        True,
        "plan_to_watch",
        0,
        0,
    )
    beta = g["series"][2]
    assert (beta["status"], beta["premiere"], beta["followed"], beta["state"]) == ("announced", "2025", False, None)
    assert [(r["from"], r["kind"], r["label"], r["to"]) for r in g["relations"]] == [
        ("Alpha: Legacy", "spin_off_of", "Spin-off of", "Alpha"),
        ("Beta", "spin_off_of", "Spin-off of", "Alpha"),
    ]
    assert all(r["from_id"] == ids[r["from"]] and r["to_id"] == ids[r["to"]] for r in g["relations"])
    (root,) = g["tree"]
    assert (root["id"], root["title"], root["kind"]) == (ids["Alpha"], "Alpha", None)
    assert [(c["title"], c["kind"], c["children"]) for c in root["children"]] == [
        ("Alpha: Legacy", "spin_off_of", []),
        ("Beta", "spin_off_of", []),
    ]
    order = [ids["Alpha"], ids["Alpha: Legacy"], ids["Beta"]]
    assert g["release_order"] == g["watch_order"] == g["story_order"] == order
    assert graph(run, str(g["id"])) == g  # by its id


def test_show_text(run):
    out = ok(run("franchise", "show", "Alpha universe"))
    assert out.splitlines() == [
        "Alpha universe",
        "2014–2025 · 3 series, 2 in your library",
        "",
        "The Alpha shows.",
        "",
        "  Alpha  (2014, ended; plan to watch, 0/0 watched)",
        "    Spin-off: Alpha: Legacy  (2022, ended; plan to watch, 0/0 watched)",
        "    Spin-off: Beta  (2025, announced; not in your library)",
        "",
        "Relations",
        "  Alpha: Legacy is a spin-off of Alpha",
        "  Beta is a spin-off of Alpha",
        "",
        "Watch order: Alpha → Alpha: Legacy → Beta",
    ]


def test_show_text_of_an_empty_franchise_and_a_story_order(run):
    ok(run("franchise", "create", "Gamma"))
    out = ok(run("franchise", "show", "Gamma"))
    assert out.splitlines()[-1] == 'No series in it yet. Add some with: watchtracker franchise add "Gamma" SERIES'
    ok(run("franchise", "relate", "Beta", "prequel of", "Alpha: Legacy"))
    out = ok(run("franchise", "show", "Alpha universe"))
    assert "  Beta is a prequel of Alpha: Legacy" in out.splitlines()
    assert "Watch order: Alpha → Alpha: Legacy → Beta" in out.splitlines()  # where it was released
    assert "Story order (prequels first): Alpha → Beta → Alpha: Legacy" in out.splitlines()


# -- writing ----------------------------------------------------------------------------------------


def test_create_add_remove_rename_delete(run):
    out = ok(run("franchise", "create", "  Alpha  novels ", "--description", "The books."))
    assert (
        out
        == 'Made the franchise Alpha novels. Put series in it with: watchtracker franchise add "Alpha novels" SERIES\n'
    )
    out = ok(run("franchise", "add", "novels", "Beta"))
    assert out == "Put Beta in the franchise Alpha novels (out of Alpha universe).\n"
    assert ok(run("franchise", "add", "novels", "beta")) == "Beta is in the franchise Alpha novels already.\n"
    novels = graph(run, "Alpha novels")
    assert titles(novels) == ["Beta"] and novels["description"] == "The books."
    assert titles(graph(run)) == ["Alpha", "Alpha: Legacy"]
    # two at once, one by its id
    legacy_id = graph(run)["series"][1]["id"]
    out = ok(run("franchise", "add", "novels", str(legacy_id), "Alpha"))
    assert out.splitlines() == [
        "Put Alpha: Legacy in the franchise Alpha novels (out of Alpha universe).",
        "Put Alpha in the franchise Alpha novels (out of Alpha universe).",
    ]
    out = ok(run("franchise", "remove", "novels", "Beta"))
    assert out == "Took Beta out of the franchise Alpha novels; it stays in the library.\n"
    assert titles(graph(run, "novels")) == ["Alpha", "Alpha: Legacy"]
    assert ok(run("franchise", "rename", "novels", "Alpha books")) == (
        "Renamed the franchise Alpha novels to Alpha books.\n"
    )
    assert ok(run("franchise", "rename", "alpha books", "Alpha books", "--description", "Novels.")) == (
        "The franchise Alpha books keeps its name; its description is changed.\n"
    )
    assert graph(run, "Alpha books")["description"] == "Novels."
    out = ok(run("franchise", "delete", "Alpha books"))
    assert out == "Deleted the franchise Alpha books; its 2 series stay in the library, in no franchise.\n"
    assert [f["name"] for f in as_json(run("franchise", "list", "--json"))] == ["Alpha universe"]
    code, out, _ = run("show", "Alpha: Legacy", "--json")
    assert code == 0 and json.loads(out)["franchise"] is None  # still in the library


def test_relate_by_label_or_key_and_unrelate(run):
    ok(run("add", "Delta"))
    # Delta, in no franchise, joins Alpha: Legacy's when related to it
    out = ok(run("franchise", "relate", "Delta", "Sequel of", "Alpha: Legacy"))
    assert out == "Delta is a sequel of Alpha: Legacy now; Delta joined the franchise Alpha universe.\n"
    out = ok(run("franchise", "relate", "delta", "same_universe", "beta"))
    assert out == "Delta is in the same universe as Beta now.\n"
    g = graph(run)
    assert "Delta" in titles(g)
    assert {("Delta", "sequel_of", "Alpha: Legacy"), ("Delta", "same_universe", "Beta")} <= relations(g)
    out = ok(run("franchise", "unrelate", "Delta", "sequel-of", "Alpha: Legacy"))
    assert out == "Delta is no longer a sequel of Alpha: Legacy; both stay where they are.\n"
    g = graph(run)
    assert ("Delta", "sequel_of", "Alpha: Legacy") not in relations(g) and "Delta" in titles(g)


def test_follow_and_unfollow(run):
    out = ok(run("franchise", "follow", "Alpha universe"))
    assert out == (
        "Following the franchise Alpha universe: 1 series added to your library (Beta). "
        "A series that joins it will be followed too.\n"
    )
    assert as_json(run("franchise", "list", "--json"))[0]["followed"] is True
    assert ok(run("franchise", "list")) == "Alpha universe  2014–2025  3 series, 3 in your library  [followed]\n"
    assert ok(run("franchise", "follow", "alpha")) == "You follow the franchise Alpha universe already.\n"
    shown = ok(run("franchise", "show", "alpha")).splitlines()
    assert "    Spin-off: Beta  (2025, announced; plan to watch, 0/0 watched)" in shown
    # a series that joins a followed franchise is followed
    ok(run("add", "Alpha: Origins"))
    unfollow(run, "Alpha: Origins")
    out = ok(run("franchise", "add", "alpha universe", "Alpha: Origins"))
    assert out == (
        "Put Alpha: Origins in the franchise Alpha universe; it is in your library now, as you follow the franchise.\n"
    )
    out = ok(run("franchise", "unfollow", "alpha universe"))
    assert out == "Stopped following the franchise Alpha universe; its series stay in your library.\n"
    assert as_json(run("franchise", "list", "--json"))[0]["followed"] is False
    assert {r["title"] for r in as_json(run("list", "--json"))} == {"Alpha", "Alpha: Legacy", "Beta", "Alpha: Origins"}
    assert ok(run("franchise", "unfollow", "alpha universe")) == (
        "You do not follow the franchise Alpha universe: nothing to change.\n"
    )
    ok(run("franchise", "create", "Gamma"))
    assert ok(run("franchise", "follow", "Gamma")) == (
        "Following the franchise Gamma: it has no series yet; a series that joins it will be followed.\n"
    )
    ok(run("franchise", "unfollow", "alpha universe"))
    assert ok(run("franchise", "follow", "alpha universe")) == (
        "Following the franchise Alpha universe: its series were in your library already. "
        "A series that joins it will be followed too.\n"
    )


# -- refusals change nothing ------------------------------------------------------------------------------


def test_names_that_are_not_there_change_nothing(run):
    before = dump(run.data)
    one_line_error(run("franchise", "show", "Star Trek"), "No franchise called 'Star Trek'", "franchise list")
    one_line_error(run("franchise", "add", "Alpha universe", "Beta", "Nonesuch"), "No series called 'Nonesuch'")
    one_line_error(run("franchise", "remove", "Alpha universe", "Alpha", "Nonesuch"), "Nonesuch")
    one_line_error(run("franchise", "follow", "99"), "No franchise called '99'")
    one_line_error(run("franchise", "create", "alpha  UNIVERSE"), "already")
    one_line_error(run("franchise", "create", "   "), "needs a name")
    one_line_error(run("franchise", "relate", "Beta", "spin-off of", "Beta"))
    one_line_error(run("franchise", "relate", "Alpha", "spin-off of", "Beta"))  # its own ancestor
    one_line_error(run("franchise", "unrelate", "Alpha", "remake of", "Beta"), "not related that way")
    assert dump(run.data) == before


def test_removing_a_series_that_is_not_in_it_removes_none(run):
    ok(run("franchise", "create", "Elsewhere"))
    ok(run("franchise", "add", "Elsewhere", "Beta"))
    before = dump(run.data)
    one_line_error(
        run("franchise", "remove", "Alpha universe", "Alpha", "Beta"),
        "Beta is not in the franchise Alpha universe; nothing was changed.",
    )
    assert dump(run.data) == before


def test_an_ambiguous_franchise_name_lists_them(run):
    ok(run("franchise", "create", "Alpha books"))
    before = dump(run.data)
    code, out, err = run("franchise", "delete", "alpha")
    assert code == 1 and out == ""
    assert err.startswith("watchtracker: 'alpha' matches 2 franchises:") and "  Alpha books" in err
    assert dump(run.data) == before


def test_an_unknown_relation_is_a_wrong_command_line(run):
    with pytest.raises(SystemExit) as info:
        run("franchise", "relate", "Beta", "cousin of", "Alpha")
    assert info.value.code == 2


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("spin_off_of", RelationKind.SPIN_OFF_OF),
        ("Spin-off of", RelationKind.SPIN_OFF_OF),
        ("spin off  of", RelationKind.SPIN_OFF_OF),
        ("PREQUEL OF", RelationKind.PREQUEL_OF),
        ("same_universe", RelationKind.SAME_UNIVERSE),
        ("Same universe as", RelationKind.SAME_UNIVERSE),
        ("remake-of", RelationKind.REMAKE_OF),
    ],
)
def test_a_relation_by_its_label_or_its_key(text, kind):
    from watchtracker.cli.parser import relation_kind

    assert relation_kind(text) is kind


def test_a_relation_that_is_not_one():
    from watchtracker.cli.parser import relation_kind

    with pytest.raises(argparse.ArgumentTypeError, match="'spin-off of'"):
        relation_kind("spin-off")  # how the other side reads it: which way it goes is unclear, refused


def test_what_a_name_holds_never_reaches_the_terminal(run):
    con = sqlite3.connect(run.data / "library.sqlite")
    with con:
        con.execute("UPDATE franchise SET name = name || ?, description = ?", ("\x1b]0;owned\x07\u202e", "\x9b2J"))
    con.close()
    for args in (("list",), ("list", "--json"), ("show", "Alpha"), ("show", "Alpha", "--json")):
        code, out, err = run("franchise", *args)
        assert code == 0, err
        assert not any(ch in out for ch in "\x1b\x07\u202e\x9b"), (args, out)
