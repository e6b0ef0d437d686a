"""`watchtracker export --format json|csv|ics FILE`, run as a user would."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from watchtracker.app import main, open_services
from watchtracker.paths import AppPaths
from watchtracker.services.transfer.own_format import import_own, read_own_export
from watchtracker.settings import Settings
from watchtracker.storage.database import session_scope
from watchtracker.storage.tables import Episode, Series, Viewing

pytestmark = pytest.mark.both_backends

TRICKY = 'He said "no", then\nleft, twice'


@pytest.fixture
def demo(cli_run):
    assert cli_run("demo")[0] == 0
    return cli_run


def _add_tricky_viewings(paths):
    services = open_services(paths, Settings())
    try:
        with session_scope(services.engine) as session:
            bosch = session.exec(select(Series).where(Series.title == "Bosch")).one()
            bosch.tvmaze_id, bosch.imdb_id = 2140, "tt3502248"
            session.add(bosch)
            ep = Episode(series_id=bosch.id, season=0, number=1, title=TRICKY)
            formula = Episode(series_id=bosch.id, season=0, number=2, title='=HYPERLINK("x")')
            session.add_all([ep, formula])
            session.flush()
            session.add(Viewing(episode_id=ep.id, watched_at=datetime(2030, 1, 1, 20, 0, 59, 999, tzinfo=UTC)))
            session.add(Viewing(episode_id=ep.id, watched_at=None))
            session.add(Viewing(episode_id=formula.id, watched_at=datetime(2030, 1, 2, tzinfo=UTC)))
    finally:
        services.close()


def test_json_export_imports_into_an_empty_library_as_the_same_library(demo, tmp_path, capsys, backend, request):
    target = tmp_path / "library.json"
    code, out, err = demo("export", "--format", "json", str(target), "--days", "3", "--premieres-only")
    assert code == 0 and err == ""
    assert out == f"Exported the library (3 series, 108 episodes, 76 viewings) to {target}.\n"
    doc = json.loads(target.read_text("utf-8"))
    assert doc["format"] == "watchtracker" and doc["version"] == 1  # --days and --premieres-only ignored

    # another library: a new SQLite file, or a new database on the server
    other = tmp_path / "other"
    elsewhere = ["--database", request.getfixturevalue("pg_database")] if backend == "postgresql" else []
    services = open_services(AppPaths.under(other).with_database(elsewhere[1] if elsewhere else None), Settings())
    try:
        assert services.library.library() == []  # it is another library, empty
        import_own(services.engine, read_own_export(target))
    finally:
        services.close()

    def in_other(*args: str) -> tuple[int, str]:
        code = main([*args, "--data-dir", str(other), *elsewhere])
        return code, capsys.readouterr().out

    original = demo("list", "--json")[1]
    code, copied = in_other("list", "--json")
    assert code == 0 and json.loads(copied) == json.loads(original)
    for title in ("Bosch", "Bosch: Legacy", "Ballard"):
        assert in_other("show", title, "--json")[1] == demo("show", title, "--json")[1]


def test_csv_export_one_row_per_viewing_for_a_spreadsheet(demo, tmp_path, paths):
    _add_tricky_viewings(paths)
    target = tmp_path / "viewings.csv"
    code, out, err = demo("export", "--format", "csv", str(target))
    assert code == 0 and err == ""
    assert out == f"Exported 79 viewings of 76 episodes to {target}.\n"
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte order mark, for Excel
    assert b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == [
        "series",
        "season",
        "episode",
        "episode_title",
        "watched_at_utc",
        "series_tvmaze_id",
        "series_imdb_id",
    ]
    assert len(rows) == 1 + 79
    assert rows[1] == ["Bosch", "1", "2", "Chapter Two: Lost Light", "2015-02-15 19:40:00", "2140", "tt3502248"]
    tricky = [r for r in rows if r[3] == TRICKY]
    assert [r[4] for r in tricky] == ["2030-01-01 20:00:59", ""]  # undated viewings come last
    assert rows[-1] == ["Bosch", "0", "1", TRICKY, "", "2140", "tt3502248"]
    assert ["Bosch", "0", "2", '\'=HYPERLINK("x")', "2030-01-02 00:00:00", "2140", "tt3502248"] in rows
    legacy = [r for r in rows if r[0] == "Bosch: Legacy"]
    assert legacy and all(r[5] == r[6] == "" for r in legacy)  # no ids known: empty cells


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_to_standard_output(demo, fmt):
    code, out, err = demo("export", "--format", fmt, "-")
    assert code == 0
    assert not out.startswith("\ufeff")  # for other programs: no byte order mark
    if fmt == "json":
        assert json.loads(out)["series"][0]["title"] == "Bosch"
        assert err == "Exported the library (3 series, 108 episodes, 76 viewings).\n"
    else:
        assert out.splitlines()[0].startswith("series,season,episode")
        assert len(out.splitlines()) == 77
        assert err == "Exported 76 viewings of 74 episodes.\n"


def test_an_empty_library_exports_an_empty_document(cli_run, tmp_path):
    code, out, _ = cli_run("export", "--format", "csv", str(tmp_path / "v.csv"))
    assert code == 0 and "Exported 0 viewings of 0 episodes" in out
    code, out, _ = cli_run("export", "--format", "json", "-")
    doc = json.loads(out)
    assert doc["series"] == [] and doc["muted_kinds"] == []


@pytest.mark.parametrize("fmt, name", [("json", "library.json"), ("csv", "viewings.csv")])
def test_a_folder_or_a_missing_folder_gets_a_clear_message(demo, tmp_path, fmt, name):
    code, out, err = demo("export", "--format", fmt, str(tmp_path))
    assert code == 1 and out == ""
    assert err == f"watchtracker: cannot write {tmp_path}: it is a folder; give a file name, e.g. {tmp_path / name}\n"
    code, _, err = demo("export", "--format", fmt, str(tmp_path / "nope" / name))
    assert code == 1 and "does not exist" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]  # nothing written


def test_a_failed_write_leaves_the_old_file(demo, tmp_path, monkeypatch):
    target = tmp_path / "library.json"
    target.write_text("the previous export", "utf-8")

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("watchtracker.storage.files.os.replace", full)
    code, _, err = demo("export", "--format", "json", str(target))
    assert code == 1 and "No space left on device" in err
    assert target.read_text("utf-8") == "the previous export"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_ics_still_works_and_help_says_what_json_and_csv_ignore(demo, tmp_path, capsys):
    code, out, _ = demo("export", "--format", "ics", str(tmp_path / "up.ics"), "--days", "7")
    assert code == 0 and "Exported" in out and "in the next 7 days" in out
    assert (tmp_path / "up.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    with pytest.raises(SystemExit):
        demo("export", "--help")
    text = " ".join(capsys.readouterr().out.split())
    assert "{json,csv,ics}" in text and "json and csv ignore it" in text
    with pytest.raises(SystemExit) as info:
        demo("export", "--format", "xml", "x")
    assert info.value.code == 2
