"""`watchtracker import` from the command line: output, --json shape, exit codes, --dry-run,
--offline and --retry-pending against a local TVmaze. The readers are stood in for by a small
fake one (the real readers are tested on their own)."""

from __future__ import annotations

import contextlib
import json
from datetime import datetime
from types import SimpleNamespace

import pytest

from tests.fixtures import tvmaze_payloads as tv
from tests.unit.test_importer import add_series, dump, library_engine, plays
from watchtracker.domain.transfer import ExternalIds, ImportBatch, ImportedShow, ImportedViewing, NotAnExport
from watchtracker.services.transfer import importer as importer_module
from watchtracker.services.transfer.importer import ImportService

pytestmark = pytest.mark.both_backends


def _read(path) -> ImportBatch:
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("broken"):
        raise NotAnExport(f"{path.name} is truncated: it ends in the middle of a show.")
    shows = tuple(
        ImportedShow(
            s["key"],
            s["title"],
            s.get("year"),
            ExternalIds(**s.get("ids", {})),
            tuple(
                ImportedViewing(v[0], v[1], datetime.fromisoformat(v[2]) if v[2] else None)
                for v in s.get("viewings", ())
            ),
            rating=s.get("rating"),
        )
        for s in data["shows"]
    )
    return ImportBatch(format="trakt", shows=shows, skipped=tuple(data.get("skipped", ())))


FAKE_TRAKT = SimpleNamespace(
    looks_like=lambda path: path.suffix == ".json" and '"fake-trakt"' in path.read_text(), read=_read
)


@pytest.fixture
def run(cli_run, monkeypatch, httpserver):
    monkeypatch.setattr(importer_module, "available_readers", lambda: {"trakt": FAKE_TRAKT})

    @contextlib.contextmanager
    def as_path(path):
        yield path

    monkeypatch.setattr(importer_module, "open_source", as_path)
    monkeypatch.setenv("WATCHTRACKER_TVMAZE_URL", httpserver.url_for("/"))
    assert cli_run("list")[0] == 0  # the library exists
    return cli_run


@pytest.fixture
def engine(run, paths):
    e = library_engine(paths)
    yield e
    e.dispose()


def export(tmp_path, shows, name="watched.json", **extra):
    path = tmp_path / name
    path.write_text(json.dumps({"fake-trakt": 1, "shows": shows, **extra}), encoding="utf-8")
    return str(path)


BOSCH = {
    "key": "t1",
    "title": "Bosch",
    "year": 2014,
    "ids": {"tvmaze": 5001},
    "viewings": [
        [1, 1, "2024-03-01T20:00:00+00:00"],
        [1, 2, "2024-03-02T20:00:00+00:00"],
        [9, 9, "2024-03-03T20:00:00+00:00"],
    ],
    "rating": 8,
}
LEGACY = {
    "key": "t2",
    "title": "Bosch: Legacy",
    "year": 2022,
    "ids": {"thetvdb": 900002},
    "viewings": [[1, 1, "2024-04-01T20:00:00+00:00"]],
}


def test_json_output_and_exit_zero_when_everything_matched(run, engine, tmp_path):
    sid = add_series(engine, "Bosch", tvmaze_id=5001)
    code, out, err = run("import", export(tmp_path, [BOSCH], skipped=["a movie: Heat (1995)"]), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert set(report) == {
        "format",
        "source",
        "shows",
        "episodes",
        "viewings",
        "ratings",
        "matched",
        "pending",
        "unplaced",
        "viewings_added",
        "duplicates",
        "conflicts",
        "duplicate_policy",
        "ratings_set",
        "skipped",
        "online",
        "dry_run",
        "backup",
    }
    assert (report["format"], report["shows"], report["viewings"], report["ratings"]) == ("trakt", 1, 3, 1)
    assert report["matched"] == [
        {
            "key": "t1",
            "title": "Bosch",
            "series_id": sid,
            "series_title": "Bosch",
            "how": "tvmaze",
            "via": None,
            "tvmaze_id": None,
            "new": False,
        }
    ]
    assert (report["pending"], report["unplaced"], report["viewings_added"], report["dry_run"]) == ([], 1, 2, False)
    assert report["skipped"] == ["a movie: Heat (1995)"]
    assert report["backup"] and (run.data / "backups").is_dir()
    assert "warning" not in err
    assert len(plays(engine, sid)) == 2


def test_human_summary_and_dry_run_changes_nothing(run, engine, tmp_path):
    add_series(engine, "Bosch", tvmaze_id=5001)
    before = dump(engine)
    code, out, err = run("import", export(tmp_path, [BOSCH]), "--dry-run", "--offline")
    assert code == 0
    assert "Trakt: 1 show, 3 episodes, 3 viewings, 1 rating." in out
    assert "Bosch → Bosch (TVmaze id in the library)" in out
    assert "2 would be added" in out and "1 with no such episode" in out
    assert "Dry run: nothing was changed." in out
    assert dump(engine) == before
    assert not (run.data / "backups").exists() or not list((run.data / "backups").glob("library-before-import-*"))


def test_offline_keeps_the_rest_for_later_exit_zero_with_a_warning_then_retry(run, engine, tmp_path, httpserver):
    add_series(engine, "Bosch", tvmaze_id=5001)
    code, out, err = run("import", export(tmp_path, [BOSCH, LEGACY]), "--offline", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["pending"] == [
        {"key": "t2", "title": "Bosch: Legacy", "year": 2022, "reason": "not looked up on TVmaze (offline)"}
    ]
    assert "warning: 1 show was not matched; kept for later: watchtracker import --retry-pending" in err

    httpserver.expect_request("/lookup/shows", query_string="thetvdb=900002").respond_with_json(
        tv.show(5002, "Bosch: Legacy", embed=False)
    )
    httpserver.expect_request("/shows/5002").respond_with_json(tv.legacy())
    code, out, err = run("import", "--retry-pending")
    assert code == 0, err
    assert "Bosch: Legacy → Bosch: Legacy (found on TVmaze by its thetvdb id, followed)" in out
    assert "Looking up Bosch: Legacy on TVmaze" in err  # progress on stderr
    code, out, _ = run("list", "--json")
    assert sorted(r["title"] for r in json.loads(out)) == ["Bosch", "Bosch: Legacy"]
    code, out, _ = run("import", "--retry-pending")
    assert code == 0 and "nothing to retry" in out


def test_kept_shows_are_listed_matched_by_hand_and_forgotten(run, engine, tmp_path):
    sid = add_series(engine, "Bosch", tvmaze_id=5001)
    odd = {
        "key": "t9",
        "title": "Harry Bosch (US)",
        "year": 2014,
        "ids": {"imdb": "tt9999999"},
        "viewings": [[1, 1, "2024-03-01T20:00:00+00:00"]],
    }
    code, _, _ = run("import", export(tmp_path, [odd, LEGACY]), "--offline")
    assert code == 0
    code, out, _ = run("import", "--pending", "--json")
    kept = json.loads(out)
    assert [(k["title"], k["viewings"], k["format"]) for k in kept] == [
        ("Harry Bosch (US)", 1, "trakt"),
        ("Bosch: Legacy", 1, "trakt"),
    ]
    assert set(kept[0]) == {"id", "format", "key", "title", "year", "viewings", "reason"}
    code, out, _ = run("import", "--pending")
    assert f"{kept[0]['id']:>5}  Harry Bosch (US) (2014) — 1 viewing, trakt: not looked up on TVmaze (offline)" in out

    code, _, err = run("import", "--match", str(kept[0]["id"]))
    assert code == 2 and "--series" in err
    code, _, err = run("import", "--match", str(kept[0]["id"]), "--series", "Nonexistent")
    assert code == 1 and "No series called" in err
    code, out, err = run("import", "--match", str(kept[0]["id"]), "--series", "Bosch")
    assert code == 0, err
    assert "Harry Bosch (US) → Bosch (chosen by hand)" in out
    assert len(plays(engine, sid)) == 1

    code, out, _ = run("import", "--forget", str(kept[1]["id"]))
    assert code == 0 and "Forgot" in out
    code, _, err = run("import", "--forget", str(kept[1]["id"]))
    assert code == 1 and "no show is kept for later with the id" in err
    code, out, _ = run("import", "--pending")
    assert out.strip() == "No shows are kept for later."


def test_unknown_format_is_one_clear_line(run, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("just some notes")
    code, out, err = run("import", str(path))
    assert code == 1 and out == ""
    assert err.count("\n") == 1
    assert err.startswith("watchtracker: notes.txt is not an export this version can read (it reads: Trakt")


def test_a_bad_file_and_a_missing_reader_exit_one(run, engine, tmp_path):
    before = dump(engine)
    code, _, err = run("import", export(tmp_path, [], broken=True))
    assert code == 1 and "truncated" in err and "Traceback" not in err
    code, _, err = run("import", export(tmp_path, [BOSCH]), "--format", "imdb")
    assert code == 1 and "cannot read IMDb exports" in err
    code, _, err = run("import", str(tmp_path / "missing.json"))
    assert code == 1 and "does not exist" in err
    assert dump(engine) == before


def test_usage(run):
    code, _, err = run("import")
    assert code == 2 and "which file" in err


def test_duplicates_skip(run, engine, tmp_path):
    sid = add_series(engine, "Bosch", tvmaze_id=5001)
    path = export(tmp_path, [BOSCH])
    assert run("import", path)[0] == 0
    again = dict(BOSCH, viewings=[[1, 1, "2025-01-01T20:00:00+00:00"], [1, 2, "2024-03-02T20:00:30+00:00"]])
    code, out, _ = run("import", export(tmp_path, [again], name="again.json"), "--duplicates", "skip", "--json")
    report = json.loads(out)
    assert (report["viewings_added"], report["duplicates"], report["conflicts"], report["duplicate_policy"]) == (
        0,
        1,
        1,
        "skip",
    )
    assert len(plays(engine, sid)) == 2


# -- with the real readers and our own format, where installed --------------------------------

FIXTURES = __import__("pathlib").Path(__file__).resolve().parents[1] / "fixtures" / "imports"


@pytest.mark.parametrize(
    "folder, fmt",
    [("trakt/export", "trakt"), ("tvtime/gdpr-2021", "tvtime"), ("seriesguide", "seriesguide"), ("imdb", "imdb")],
)
def test_the_real_readers_are_recognised_and_an_offline_dry_run_keeps_everything(cli_run, folder, fmt):
    if fmt not in importer_module.available_readers() or not (FIXTURES / folder).exists():
        pytest.skip(f"the {fmt} reader or its fixtures are not installed")
    code, out, err = cli_run("import", str(FIXTURES / folder), "--offline", "--dry-run", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert (report["format"], report["dry_run"], report["matched"]) == (fmt, True, [])
    assert report["shows"] == len(report["pending"]) > 0  # an empty library: nothing matches, all kept
    code, out, _ = cli_run("list", "--json")
    assert json.loads(out) == []


def test_our_own_export_comes_back(cli_run, tmp_path, capsys, backend, request):
    from watchtracker.app import main

    # into another library: a new SQLite file, or a new database on the server
    elsewhere = ["--database", request.getfixturevalue("pg_database")] if backend == "postgresql" else []

    assert cli_run("demo")[0] == 0
    path = tmp_path / "library.json"
    assert cli_run("export", "--format", "json", str(path))[0] == 0
    before = json.loads(cli_run("list", "--json")[1])
    other = str(tmp_path / "other")
    code = main(["import", str(path), "--json", "--data-dir", other, *elsewhere])
    out, err = capsys.readouterr()
    assert code == 0, err
    report = json.loads(out)
    assert (report["format"], report["dry_run"]) == ("watchtracker", False)
    assert main(["list", "--json", "--data-dir", other, *elsewhere]) == 0
    after = json.loads(capsys.readouterr().out)
    assert [r["title"] for r in after] == [r["title"] for r in before] and before


# -- a show kept for later matched by hand: --match --series, with the real Trakt reader --------


@pytest.fixture
def cli(cli_run):
    """The command line with the real readers (``run`` stands a fake one in); the library made."""
    assert cli_run("list")[0] == 0
    return cli_run


def _kept_by_cli(cli, paths, trakt_file) -> int:  # noqa: F811 - the fixture's value
    engine = library_engine(paths)
    try:
        ImportService(engine).apply(ImportService(engine).plan(ImportService(engine).read(trakt_file), offline=True))
    finally:
        engine.dispose()
    code, out, _ = cli("import", "--pending", "--json")
    assert code == 0
    return json.loads(out)[0]["id"]


def test_cli_match_to_a_series_id_or_a_kept_id_that_does_not_exist(cli, paths, trakt_file):
    kept = _kept_by_cli(cli, paths, trakt_file)
    engine = library_engine(paths)
    try:
        add_series(engine, "Only One", year=2001)
    finally:
        engine.dispose()
    before = cli("import", "--pending", "--json")[1]
    code, _out, err = cli("import", "--match", str(kept), "--series", "987654", "--offline")
    assert code == 1 and "987654" in err and "in the library" in err and "Traceback" not in err
    code, _out, err = cli("import", "--match", "987654", "--series", "Only One", "--offline")
    assert code == 1 and "no longer kept for later" in err
    assert cli("import", "--pending", "--json")[1] == before  # nothing changed


def test_cli_match_to_a_series_titled_with_a_number(cli, paths, trakt_file):
    kept = _kept_by_cli(cli, paths, trakt_file)
    engine = library_engine(paths)
    try:
        sid = add_series(engine, "1923", year=2022)
    finally:
        engine.dispose()
    assert sid != 1923
    code, out, err = cli("import", "--match", str(kept), "--series", "1923", "--offline", "--json")
    assert code == 0, err
    assert json.loads(out)["matched"][0]["series_id"] == sid


def test_cli_match_to_an_ambiguous_title_names_the_candidates(cli, paths, trakt_file):
    kept = _kept_by_cli(cli, paths, trakt_file)
    engine = library_engine(paths)
    try:
        add_series(engine, "Twin Title", year=1990)
        add_series(engine, "Twin Title", year=2017)
    finally:
        engine.dispose()
    before = cli("import", "--pending", "--json")[1]
    code, _out, err = cli("import", "--match", str(kept), "--series", "Twin Title", "--offline")
    assert code != 0 and "Twin Title" in err and "Traceback" not in err
    assert cli("import", "--pending", "--json")[1] == before  # still kept, nothing changed
