"""The headless commands, run as a user would, against a fresh data folder."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from watchtracker.app import main

SMALL = Path(__file__).parent.parent / "fixtures" / "small-library.json"


@pytest.fixture
def run(cli_run):
    return cli_run


def dump(data: Path) -> list:
    con = sqlite3.connect(data / "library.sqlite")
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    content = [(t, sorted(map(repr, con.execute(f"SELECT * FROM {t}")))) for t in tables]
    con.close()
    return content


@pytest.fixture
def demo(run):
    code, out, _ = run("demo")
    assert code == 0 and "Loaded the example library" in out
    return run


def test_demo_twice_adds_nothing_more(demo):
    code, out, _ = demo("demo")
    assert code == 0 and "already loaded" in out


def test_list_json_is_stable(demo):
    code, out, err = demo("list", "--json")
    assert code == 0 and err == ""
    rows = {r["title"]: r for r in json.loads(out)}
    assert set(rows) == {"Ballard", "Bosch", "Bosch: Legacy"}
    legacy = rows["Bosch: Legacy"]
    for key in ("title", "status", "network", "seasons", "episodes_aired", "episodes_watched", "next_episode", "state"):
        assert key in legacy
    assert legacy["seasons"] == 3
    assert legacy["episodes_aired"] == 30
    assert legacy["next_episode"] == "S01E03"
    assert legacy["state"] == "watching"
    assert rows["Bosch"]["next_episode"] is None
    assert rows["Bosch"]["episodes_watched"] == rows["Bosch"]["episodes_aired"]
    assert (rows["Ballard"]["episodes_aired"], rows["Ballard"]["episodes_watched"]) == (10, 4)
    assert rows["Ballard"]["next_episode"] == "S01E05"


def test_show_json_has_everything(demo):
    code, out, _ = demo("show", "bosch: legacy", "--json")
    assert code == 0
    d = json.loads(out)
    assert [s["number"] for s in d["seasons"]] == [1, 2, 3]
    assert d["premiere"] == "2022-05-06" and d["premiere_precision"] == "day"
    first = d["seasons"][0]["episodes"][0]
    assert first["code"] == "S01E01" and first["watched"] is True and first["plays"] == 1
    cast = {c["person"] for c in d["cast"]}
    assert {"Titus Welliver", "Mimi Rogers", "Madison Lintz", "Denise G. Sanchez"} <= cast
    assert {(r["title"], r["kind"], r["direction"]) for r in d["relations"]} >= {("Bosch", "spin_off_of", "outgoing")}
    assert any(a["kind"] == "spin_off" and "Ballard" in a["series"] for a in d["announcements"])


def unfollow(run, title: str) -> None:
    """Take a series out of the library (it stays in the database): no command does this."""
    con = sqlite3.connect(run.data / "library.sqlite")
    with con:
        con.execute("DELETE FROM library_entry WHERE series_id = (SELECT id FROM series WHERE title = ?)", (title,))
    con.close()


def test_show_text(demo):
    code, out, _ = demo("show", "Ballard")
    assert code == 0
    assert "On hiatus" in out and "In your library: Watching" in out and "Spin-off of: Bosch" in out
    # an announced series the viewer does not follow (the example has none since Ballard came out)
    assert demo("add", "Bosch: Start of Watch", "--spin-off-of", "bosch")[0] == 0
    unfollow(demo, "Bosch: Start of Watch")
    code, out, _ = demo("show", "Bosch: Start of Watch")
    assert code == 0
    assert "Announced" in out and "Not in your library" in out and "Spin-off of: Bosch" in out


def test_add_by_hand_with_a_spin_off_relation(demo):
    code, out, _ = demo(
        "add", "Bosch: Origins", "--premiere", "Spring 2027", "--network", "Prime Video", "--spin-off-of", "bosch"
    )
    assert code == 0
    assert "Added Bosch: Origins (announced, premiere Spring 2027, Prime Video); spin-off of Bosch." in out
    code, out, _ = demo("show", "Bosch: Origins", "--json")
    d = json.loads(out)
    assert (d["status"], d["premiere"], d["premiere_precision"]) == ("announced", "2027-spring", "part")


def test_watch_and_unwatch_every_way(demo):
    assert demo("watch", "Bosch: Legacy", "--season", "1")[0] == 0
    legacy = lambda: next(r for r in json.loads(demo("list", "--json")[1]) if r["title"] == "Bosch: Legacy")  # noqa: E731
    assert legacy()["episodes_watched"] == 10 and legacy()["next_episode"] == "S02E01"
    assert demo("watch", "bosch: legacy", "--episode", "S02E01")[0] == 0
    assert legacy()["episodes_watched"] == 11
    assert demo("watch", "Bosch: Legacy", "--up-to", "S02E05")[0] == 0
    assert legacy()["episodes_watched"] == 15
    code, out, _ = demo("unwatch", "Bosch: Legacy", "--season", "2")
    assert code == 0 and "Marked 5 episodes of Bosch: Legacy not watched" in out
    assert demo("watch", "Bosch: Legacy", "--all")[0] == 0
    assert legacy()["episodes_watched"] == 30 and legacy()["next_episode"] is None
    code, out, _ = demo("watch", "Bosch: Legacy", "--all")
    assert code == 0 and "Nothing to change" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (("show", "Nope"), "No series called 'Nope'"),
        (("show", "bos"), "matches 2 series"),
        (("watch", "Bosch", "--episode", "S99E01"), "has no episode S99E01"),
        (("watch", "Bosch", "--season", "42"), "has no season 42"),
        (("watch", "Bosch", "--episode", "first"), "not an episode code"),
        (("add", "Ballard 2", "--premiere", "Smarch 2026"), "did not understand 'smarch'"),
        (("add", "Bosch"), "already in the library"),
        (("add", "X", "--spin-off-of", "Nothing Like It"), "No series called"),
    ],
)
def test_errors_go_to_stderr_and_change_nothing(demo, args, message):
    before = dump(demo.data)
    code, out, err = demo(*args)
    assert code == 1
    assert message in err
    assert out == ""
    assert dump(demo.data) == before


def test_usage_errors_exit_2(run, capsys):
    with pytest.raises(SystemExit) as info:
        run("watch", "Bosch")  # which episodes?
    assert info.value.code == 2


@pytest.mark.empty_data_dir
def test_corrupt_database_gets_a_clear_message_and_is_kept(run):
    run.data.mkdir(parents=True)
    db = run.data / "library.sqlite"
    db.write_bytes(b"\x00garbage" * 100)
    code, out, err = run("list")
    assert code == 1
    assert "not a SQLite database" in err and "left untouched" in err
    assert "Traceback" not in err
    assert db.read_bytes() == b"\x00garbage" * 100


def test_unwritable_data_folder(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("")
    code = main(["list", "--data-dir", str(blocker / "data")])
    err = capsys.readouterr().err
    assert code == 1 and "cannot write to its data folder" in err


def test_entry_points_run(tmp_path):
    env = {"WATCHTRACKER_HOME": str(tmp_path / "home"), "PATH": str(Path(sys.executable).parent)}
    out = subprocess.run(
        [sys.executable, "-m", "watchtracker", "list", "--json"], capture_output=True, text=True, env=env, timeout=60
    )
    assert out.returncode == 0 and json.loads(out.stdout) == []
    assert (tmp_path / "home" / "library.sqlite").exists()  # WATCHTRACKER_HOME was honoured
    version = subprocess.run(
        [sys.executable, "-m", "watchtracker", "--version"], capture_output=True, text=True, env=env, timeout=60
    )
    assert version.stdout.startswith("watchtracker ")


def test_importing_the_cli_and_services_does_not_load_qt():
    code = (
        "import sys, watchtracker.cli, watchtracker.services.library, watchtracker.services.catalog, "
        "watchtracker.services.example, watchtracker.app; "
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt loaded'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_demo_beside_a_series_of_the_same_title_in_other_case(run):
    assert run("add", "bosch", "--status", "ended")[0] == 0
    code, out, err = run("demo")
    assert code == 0, err
    assert "2 series" in out  # Bosch was there already: Legacy and Ballard are added
    code, out, _ = run("show", "Bosch: Legacy", "--json")
    assert ("bosch", "spin_off_of") in {(r["title"], r["kind"]) for r in json.loads(out)["relations"]}


def test_a_bug_is_not_called_damage(run, monkeypatch):
    """A constraint broken by our own code is reported as a bug (exit 3), never as a damaged
    library the user should move aside."""
    from sqlalchemy.exc import IntegrityError

    from watchtracker.services.library import LibraryService

    def broken(self, *a, **k):
        raise IntegrityError("INSERT", {}, Exception("NOT NULL constraint failed: relation.to_series_id"))

    monkeypatch.setattr(LibraryService, "library", broken)
    code, out, err = run("list")
    assert code == 3
    assert "This is a bug" in err and "damaged" not in err and "Move it aside" not in err


def test_duplicate_titles_are_caught_whatever_the_spacing_or_case(demo):
    assert demo("add", "Bosch: Origins")[0] == 0
    code, _, err = demo("add", "bosch:  ORIGINS")
    assert code == 1 and "already in the library" in err
    assert demo("add", "bosch:  ORIGINS", "--allow-duplicate")[0] == 0


def test_unwatch_all_also_takes_episodes_marked_before_they_aired(run):
    from watchtracker.app import open_services
    from watchtracker.paths import AppPaths
    from watchtracker.services.example import load_example
    from watchtracker.settings import Settings

    services = open_services(AppPaths.under(run.data), Settings())
    load_example(services.engine, SMALL)
    alpha = services.library.find("Alpha")
    future = services.library.select_episodes(alpha, episode="S02E03")[0]  # no air date
    services.library.mark_watched([future.id])
    services.close()
    code, out, _ = run("unwatch", "Alpha", "--all")
    assert code == 0 and "Marked 3 episodes of Alpha not watched" in out  # S01E01, S01E03, S02E03
    code, out, _ = run("show", "Alpha", "--json")
    assert not any(e["watched"] for s in json.loads(out)["seasons"] for e in s["episodes"] if s["number"] > 0)


def test_no_display_gets_a_message_not_a_qt_abort(tmp_path):
    env = {"PATH": str(Path(sys.executable).parent), "WATCHTRACKER_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "watchtracker"], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 1
    assert "no display" in result.stderr and "watchtracker --help" in result.stderr


def test_watching_a_series_without_episodes_says_so(demo):
    # the example's series all have episodes since Ballard came out: one announced, added by hand
    assert demo("add", "Bosch: Start of Watch", "--spin-off-of", "bosch")[0] == 0
    code, out, _ = demo("watch", "Bosch: Start of Watch", "--all")
    assert code == 0 and "Nothing to change: Bosch: Start of Watch has no aired episodes yet." in out
