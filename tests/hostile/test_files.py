"""Hostile files handed to the importers: special files (FIFOs, sockets, devices, symlinks to them,
symlink loops) in an export folder, chosen as the file or inside a zip; exports far over their
size cap; odd names, huge lines, deep nesting and extreme numbers inside the files.

A special file must never hang an import: every test that opens one runs the work on a thread
with a deadline (``finishes``), so a regression fails here instead of holding up the suite."""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import threading
import zipfile
from pathlib import Path

import pytest

from tests.conftest import NOW
from watchtracker.domain.transfer import NotAnExport
from watchtracker.errors import UserError
from watchtracker.providers.imports import files, trakt
from watchtracker.providers.imports.files import open_source
from watchtracker.services.transfer import own_format_read
from watchtracker.services.transfer.importer import ImportService
from watchtracker.services.transfer.own_format_read import (
    OwnFormatError,
    parse_own_export,
    read_own_export,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
DEADLINE_S = 5.0

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX thing")


def finishes(work, fifos=()):
    """Run ``work()`` on a thread; fail (and unblock it) when it is not done within the deadline.
    Returns ("ok", value) or ("error", exception)."""
    out: dict = {}

    def run():
        try:
            out["ok"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            out["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(DEADLINE_S)
    if thread.is_alive():
        for fifo in fifos:  # a writer lets the blocked reader go, so the thread can end
            try:
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                pass
        thread.join(DEADLINE_S)
        pytest.fail(f"still reading after {DEADLINE_S} s: a special file blocked it")
    return ("ok", out["ok"]) if "ok" in out else ("error", out["error"])


@pytest.fixture
def imp(services, paths) -> ImportService:
    return ImportService(services.engine, None, paths.backups, clock=lambda: NOW)


def tvtime_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "tvtime"
    shutil.copytree(FIXTURES / "tvtime" / "export-2025", folder)
    return folder


# -- defect 10: special files -------------------------------------------------------------------


def test_a_fifo_in_an_export_folder_is_skipped_with_a_line(tmp_path, imp):
    folder = tvtime_folder(tmp_path)
    fifo = folder / "seen_episode.csv"
    os.mkfifo(fifo)
    kind, fmt = finishes(lambda: imp.detect(folder), [fifo])
    assert (kind, fmt) == ("ok", "tvtime")
    kind, batch = finishes(lambda: imp.read(folder), [fifo])
    assert kind == "ok", batch
    assert "Slow Horses" in [s.title for s in batch.shows]
    assert any("seen_episode.csv" in line and "not a regular file" in line for line in batch.skipped)


def test_special_files_of_every_kind_in_a_folder_are_skipped(tmp_path):
    folder = tvtime_folder(tmp_path)
    os.mkfifo(folder / "a-fifo.csv")
    sub = folder / "deeper"
    sub.mkdir()
    os.mkfifo(sub / "watched-history.json")
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(folder / "a.sock"))
    except OSError:  # a path too long for a socket address: the FIFOs still tell
        pass
    (folder / "link-to-fifo.csv").symlink_to(folder / "a-fifo.csv")
    (folder / "loop.csv").symlink_to(folder / "loop.csv")
    fifos = [folder / "a-fifo.csv", sub / "watched-history.json"]

    def read():
        with open_source(folder) as src:
            names = src.names()
            heads = {n: src.head(n, 10) for n in names}
            return names, heads, src.skipped

    try:
        kind, (names, heads, skipped) = finishes(read, fifos)
    finally:
        sock.close()
    assert kind == "ok"
    assert "a-fifo.csv" not in names and "deeper/watched-history.json" not in names
    assert "a.sock" not in names and "link-to-fifo.csv" not in names and "loop.csv" not in names
    assert "user_tv_show_data.csv" in names and all(heads.values())
    assert any("a-fifo.csv" in line for line in skipped)
    assert any("deeper/watched-history.json" in line for line in skipped)


@pytest.mark.parametrize("make", ["fifo", "symlink to a fifo", "symlink loop", "device"])
def test_a_special_file_chosen_as_the_export_is_refused_plainly(tmp_path, imp, make):
    target = tmp_path / "export.csv"
    fifo = tmp_path / "the-fifo"
    os.mkfifo(fifo)
    if make == "fifo":
        target = fifo
    elif make == "symlink to a fifo":
        target.symlink_to(fifo)
    elif make == "symlink loop":
        target.symlink_to(target)
    else:
        target = Path("/dev/zero")
        if not target.exists():
            pytest.skip("no /dev/zero here")
    for work in (
        lambda: imp.detect(target),
        lambda: imp.read(target, "tvtime"),
        lambda: open_source(target),
        lambda: imp.read_own(target),
    ):
        kind, exc = finishes(work, [fifo])
        assert kind == "error" and isinstance(exc, (NotAnExport, UserError)), exc
        assert "not a regular file" in str(exc) or "link" in str(exc), str(exc)
        assert "Errno" not in str(exc)


def test_our_own_export_as_a_fifo_does_not_hang(tmp_path):
    fifo = tmp_path / "library.json"
    os.mkfifo(fifo)
    kind, exc = finishes(lambda: read_own_export(fifo), [fifo])
    assert kind == "error" and isinstance(exc, OwnFormatError)
    assert "not a regular file" in str(exc)


def test_the_cli_refuses_a_fifo_at_once(tmp_path, cli_run):
    fifo = tmp_path / "export.json"
    os.mkfifo(fifo)
    kind, (code, _, err) = finishes(lambda: cli_run("import", str(fifo), "--dry-run", "--offline"), [fifo])
    assert kind == "ok" and code != 0
    assert "not a regular file" in err and "Traceback" not in err


def test_a_swap_to_a_fifo_after_the_check_cannot_block(tmp_path):
    """The race: the member was a regular file when listed, a FIFO when opened."""
    folder = tvtime_folder(tmp_path)

    def read():
        with open_source(folder) as src:
            victim = folder / "user_tv_show_data.csv"
            victim.unlink()
            os.mkfifo(victim)
            try:
                src.head("user_tv_show_data.csv")
            except NotAnExport as exc:
                return str(exc)
            return "read"

    kind, said = finishes(read, [folder / "user_tv_show_data.csv"])
    assert kind == "ok" and "not a regular file" in said


def _zip_with_special_entries(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        for name in sorted((FIXTURES / "trakt" / "export").iterdir()):
            zf.write(name, f"export/{name.name}")
        for entry, mode in (
            ("export/pipe.json", stat.S_IFIFO | 0o644),
            ("export/link.json", stat.S_IFLNK | 0o777),
            ("export/dev.json", stat.S_IFCHR | 0o644),
        ):
            info = zipfile.ZipInfo(entry)
            info.external_attr = mode << 16
            info.create_system = 3  # Unix
            zf.writestr(info, "/etc/passwd" if "link" in entry else "[]")


def test_special_entries_in_a_zip_are_skipped_with_a_line(tmp_path, imp):
    archive = tmp_path / "trakt.zip"
    _zip_with_special_entries(archive)
    with open_source(archive) as src:
        names = src.names()
        skipped = src.skipped
    assert "export/watched-history.json" in names
    assert not {"export/pipe.json", "export/link.json", "export/dev.json"} & set(names)
    for name, kind in (("pipe.json", "named pipe"), ("link.json", "symbolic link"), ("dev.json", "device")):
        assert any(name in line and kind in line for line in skipped), skipped
    batch = imp.read(archive)
    assert batch.format == "trakt" and batch.shows
    assert any("link.json" in line for line in batch.skipped)


# -- defect 12: big exports, said plainly, in bounded memory ---------------------------------------


def own_export_text(series: int, *, title: str = "Series", viewings=None) -> str:
    """A valid export written as watchtracker writes it (indented), lean: no summaries, many
    viewings: the most objects per MB a real export has."""
    docs = []
    for sid in range(1, series + 1):
        episodes = [
            {
                "season": season,
                "number": number,
                "title": f"Chapter {number}",
                "summary": "",
                "air_date": "2015-02-13",
                "airstamp": "2015-02-13T08:00:00Z",
                "runtime": 50,
                "tvmaze_id": sid * 1000 + season * 100 + number,
                "viewings": viewings
                if viewings is not None
                else [
                    {"watched_at": f"2016-0{season}-{number:02d}T21:10:00Z", "source": "import:trakt"},
                    {"watched_at": None, "source": "manual"},
                ],
            }
            for season in range(1, 4)
            for number in range(1, 21)
        ]
        docs.append(
            {
                "key": f"s{sid}",
                "title": f"{title} {sid} – “quoted” 😀",
                "status": "ended",
                "external_ids": {"tvmaze": sid},
                "episodes": episodes,
                "entry": {"state": "watching", "rating": 8},
            }
        )
    return json.dumps({"format": "watchtracker", "version": 1, "series": docs}, indent=2, ensure_ascii=False)


def peak_memory_of(work) -> int:
    import tracemalloc

    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_an_own_export_over_the_cap_is_refused_naming_the_cap(tmp_path, monkeypatch):
    path = tmp_path / "library.json"
    path.write_text(own_export_text(1), encoding="utf-8")
    monkeypatch.setattr(own_format_read, "MAX_BYTES", 2_000)
    with pytest.raises(OwnFormatError) as refused:
        read_own_export(path)
    said = str(refused.value)
    assert "2,000 bytes" in said and "too big" in said and "\n" not in said


def test_an_own_export_of_countless_tiny_entries_is_refused_naming_the_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(own_format_read, "MAX_ENTRIES", 500)
    text = own_export_text(1, viewings=[{}] * 5)  # 60 episodes, 300 viewings, under 500 objects and lists
    assert parse_own_export(text).viewing_count == 300
    with pytest.raises(OwnFormatError) as refused:
        parse_own_export(own_export_text(1, viewings=[{}] * 10))
    said = str(refused.value)
    assert "500" in said and "objects and lists" in said


def test_reading_an_own_export_takes_a_small_multiple_of_its_size(tmp_path):
    path = tmp_path / "library.json"
    path.write_text(own_export_text(40), encoding="utf-8")  # ~1.3 MB; the titles are not Latin-1
    size = path.stat().st_size
    read_own_export(path)  # once, so that what is loaded on first use is not counted
    peak = peak_memory_of(lambda: read_own_export(path))
    assert peak < 5 * size, f"{peak / size:.1f} × the file"


def test_an_export_of_empty_viewings_takes_a_small_multiple_of_its_size(tmp_path):
    path = tmp_path / "library.json"
    path.write_text(
        json.dumps(
            {
                "format": "watchtracker",
                "version": 1,
                "series": [
                    {
                        "key": "s1",
                        "title": "T",
                        "episodes": [{"season": 1, "number": n, "viewings": [{}] * 1_000} for n in range(200)],
                    }
                ],
            },
            separators=(",", ":"),
        ),
        encoding="utf-8",
    )
    size = path.stat().st_size
    doc = read_own_export(path)
    assert doc.viewing_count == 200_000
    peak = peak_memory_of(lambda: read_own_export(path))
    assert peak < 5 * size, f"{peak / size:.1f} × the file"


def test_other_trackers_json_over_the_entry_cap_is_refused_naming_it(tmp_path, monkeypatch):
    folder = tmp_path / "trakt"
    shutil.copytree(FIXTURES / "trakt" / "export", folder)
    monkeypatch.setattr(files, "MAX_JSON_ENTRIES", 50)
    with open_source(folder) as src, pytest.raises(NotAnExport) as refused:
        trakt.read(src)
    said = str(refused.value)
    assert "watched-history.json" in said and "50" in said and "objects and lists" in said


def test_reading_other_trackers_json_takes_a_small_multiple_of_its_size(tmp_path):
    folder = tmp_path / "trakt"
    folder.mkdir()
    plays = [
        {
            "id": 9_000_000_000 + i,
            "watched_at": "2025-03-21T02:14:00.000Z",
            "action": "watch",
            "type": "episode",
            "episode": {
                "season": i % 9 + 1,
                "number": i % 23 + 1,
                "title": f"Épisode “{i}”",
                "ids": {"trakt": i, "tvdb": i, "imdb": None, "tmdb": i},
            },
            "show": {
                "title": f"Show {i % 70} 😀",
                "year": 2015,
                "ids": {"trakt": i % 70 + 1, "slug": f"show-{i % 70}", "tvdb": i % 70 + 1},
            },
        }
        for i in range(3_000)
    ]
    (folder / "watched-history.json").write_text(json.dumps(plays, indent=2, ensure_ascii=False), encoding="utf-8")
    size = (folder / "watched-history.json").stat().st_size

    def read():
        with open_source(folder) as src:
            return src.read_json("watched-history.json")

    assert len(read()) == 3_000
    peak = peak_memory_of(read)
    assert peak < 5 * size, f"{peak / size:.1f} × the file"


# -- the same class: odd names, deep nesting, extreme numbers ---------------------------------------


def test_deeply_nested_json_is_refused_plainly(tmp_path):
    deep = "[" * 200_000 + "]" * 200_000
    folder = tmp_path / "trakt"
    folder.mkdir()
    (folder / "watched-history.json").write_text(deep, encoding="utf-8")
    with open_source(folder) as src, pytest.raises(NotAnExport, match="nested too deeply"):
        src.read_json("watched-history.json")
    with pytest.raises(OwnFormatError, match="nested too deeply"):
        parse_own_export('{"format": "watchtracker", "version": 1, "series": ' + deep + "}")


def test_a_number_of_thousands_of_digits_is_refused_plainly(tmp_path):
    folder = tmp_path / "trakt"
    folder.mkdir()
    (folder / "watched-history.json").write_text("[" + "9" * 5000 + "]", encoding="utf-8")
    with open_source(folder) as src, pytest.raises(NotAnExport) as refused:
        src.read_json("watched-history.json")
    assert "Exceeds" not in str(refused.value) and "number" in str(refused.value)
    with pytest.raises(OwnFormatError) as refused:
        parse_own_export('{"format": "watchtracker", "version": ' + "1" * 5000 + "}")
    assert "Exceeds" not in str(refused.value) and len(str(refused.value)) < 300


@pytest.mark.parametrize(
    "where, value", [("external_ids", {"tvmaze": 10**30}), ("runtime", 10**30), ("remote_updated", -(10**30))]
)
def test_our_own_export_refuses_numbers_the_library_cannot_hold(where, value):
    doc = {"format": "watchtracker", "version": 1, "series": [{"key": "s1", "title": "T", where: value}]}
    with pytest.raises(OwnFormatError, match="out of range"):
        parse_own_export(json.dumps(doc))


def test_odd_zip_entry_names_reach_messages_cleaned_and_short(tmp_path):
    archive = tmp_path / "odd.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("export/\x1b]0;pwned\x07watched-history.json", "[1, 2")  # cut off
        zf.writestr("export/" + "x" * 5000 + ".csv", "a,b\n1,2\n")
    with open_source(archive) as src:
        [name] = [n for n in src.names() if "pwned" in n]
        with pytest.raises(NotAnExport) as refused:
            src.read_json(name)
        said = str(refused.value)
        assert "\x1b" not in said and "\x07" not in said and "cut off" in said
        [long] = [n for n in src.names() if n.endswith(".csv")]
        assert len(src.describe(long)) < 400


def test_extreme_numbers_in_other_trackers_files_do_not_break_an_import(tmp_path, imp):
    trakt_dir = tmp_path / "trakt"
    trakt_dir.mkdir()
    plays = [
        {
            "id": 10**30,
            "watched_at": "2020-01-01T00:00:00Z",
            "type": "episode",
            "episode": {"season": -1, "number": 10**30},
            "show": {"title": "A", "ids": {"trakt": 10**30, "tvdb": -5}},
        },
        {
            "id": 2,
            "watched_at": "2020-01-01T00:00:00Z",
            "type": "episode",
            "episode": {"season": 1, "number": 1},
            "show": {"title": "B", "year": 10**30, "ids": {"tvdb": 10**30}},
        },
    ]
    (trakt_dir / "watched-history.json").write_text(json.dumps(plays), encoding="utf-8")
    sg_dir = tmp_path / "sg"
    sg_dir.mkdir()
    (sg_dir / "sg-shows.json").write_text(
        json.dumps(
            [
                {
                    "tvdb_id": 10**30,
                    "tmdb_id": -3,
                    "title": "C",
                    "first_aired": 10**30,
                    "rating_user": 10**30,
                    "last_watched_ms": 10**30,
                    "seasons": [
                        {"season": 10**30, "episodes": [{"episode": 1, "watched": True, "plays": 10**30}]},
                        {"season": -2, "episodes": [{"episode": -1, "watched": True}]},
                        {"season": 1, "episodes": [{"episode": 10**19, "watched": True, "tvdb_id": 10**30}]},
                    ],
                }
            ]
        ),
        encoding="utf-8",
    )
    tv_dir = tmp_path / "tvtime"
    tv_dir.mkdir()
    (tv_dir / "seen_episode.csv").write_text(
        "tv_show_id,tv_show_name,episode_season_number,episode_number,episode_id,created_at\n"
        f"{10**30},D,-1,{10**30},{10**30},2020-01-01 00:00:00\n"
        "12,E,99999999999,1,1,2020-01-01 00:00:00\n",
        encoding="utf-8",
    )
    for folder in (trakt_dir, sg_dir, tv_dir):
        batch = imp.read(folder)
        report = imp.apply(imp.plan(batch, offline=True))
        assert report.matched == () and report.pending  # kept for later, nothing lost, nothing raised
    plan = imp.plan_pending(offline=True)  # what was kept reads back
    assert len(plan.pending) == len(imp.pending())


def test_a_pending_show_of_any_shape_in_our_own_export_does_not_break_a_retry(services, imp):
    odd_shows = [
        {"key": "k"},
        {"title": 5, "viewings": [[1, 2, "not a time", None, None], "x", [None]]},
        {
            "key": "z",
            "title": "Z",
            "ids": {"tvmaze": "x", "nonsense": 1},
            "state": "weird",
            "followed_at": "9999-99-99",
            "rating": "ten",
            "viewings": [[10**30, -1, None, 5, "y"]],
        },
    ]
    doc = {
        "format": "watchtracker",
        "version": 1,
        "series": [],
        "pending_imports": [{"format": "trakt", "key": f"p{i}", "show": show} for i, show in enumerate(odd_shows)],
    }
    summary, _, _ = imp.import_own(parse_own_export(json.dumps(doc)))
    assert summary.pending_imports_new == 3
    plan = imp.plan_pending(offline=True)
    assert len(plan.pending) == 3
    imp.apply(plan)
    assert len(imp.pending()) == 3


def test_text_from_imported_files_reaches_the_library_cleaned(tmp_path, services, imp):
    nasty = "Bosch\x1b]0;pwned\x07\u202egnp.exe\u200b"
    folder = tmp_path / "trakt"
    folder.mkdir()
    (folder / "lists-watchlist.json").write_text(
        json.dumps(
            [
                {
                    "listed_at": "2020-01-01T00:00:00Z",
                    "type": "show",
                    "notes": f"note {nasty}\nsecond line",
                    "show": {"title": nasty, "year": 2014, "ids": {"trakt": 1}},
                }
            ]
        ),
        encoding="utf-8",
    )
    plan = imp.plan(imp.read(folder), offline=True)
    [pending] = plan.pending
    assert pending.show.title == "Bosch]0;pwnedgnp.exe"
    assert pending.show.notes == "note Bosch]0;pwnedgnp.exe\nsecond line"
    doc = {
        "format": "watchtracker",
        "version": 1,
        "series": [{"key": "s1", "title": nasty, "aliases": [nasty], "overview": f"a\n{nasty}", "status": "ended"}],
    }
    export = parse_own_export(json.dumps(doc))
    [series] = export.series
    assert series.title == "Bosch]0;pwnedgnp.exe" and series.fields["aliases"] == ["Bosch]0;pwnedgnp.exe"]
    assert series.fields["overview"] == "a\nBosch]0;pwnedgnp.exe"


def test_a_folder_of_many_big_files_is_refused_naming_the_cap(tmp_path, imp, monkeypatch):
    folder = tmp_path / "trakt"
    folder.mkdir()
    plays = json.dumps(
        [
            {
                "id": i,
                "watched_at": "2020-01-01T00:00:00Z",
                "type": "episode",
                "episode": {"season": 1, "number": 1},
                "show": {"title": "A", "ids": {"trakt": 1}},
            }
            for i in range(50)
        ]
    )
    for k in range(5):
        (folder / f"history-{k}.json").write_text(plays, encoding="utf-8")
    monkeypatch.setattr(files, "MAX_READ_BYTES", 3 * len(plays))
    with pytest.raises(NotAnExport) as refused:
        imp.read(folder)
    assert "trakt: more than" in str(refused.value) and "too big for an export" in str(refused.value)


def test_a_file_of_byte_order_marks_alone_is_no_export(tmp_path, imp):
    """(hypothesis found it: the first line of "\\ufeff" after its BOM was an IndexError)"""
    path = tmp_path / "export.csv"
    path.write_bytes(b"\xff\xfe\xff\xfe")  # UTF-16: a BOM, then U+FEFF as text
    with pytest.raises(UserError, match="not an export this version can read"):
        imp.detect(path)
