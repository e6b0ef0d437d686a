"""The import wizard given odd files: what its safety checks refuse is said in one line on the
first page and changes nothing; paths with a tilde or spaces; names and data from the file shown
as plain text; a very long file name; a preview of 2,000 shows."""

from __future__ import annotations

import json
import time
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tests.fixtures.trakt_files import trakt_show
from tests.ui.test_import_wizard import (
    dump,
)
from watchtracker.providers.imports import files

from watchtracker.ui.transfer.import_wizard import ImportDialog

# -- helpers ----------------------------------------------------------------------------------


def run_preview(qtbot, d: ImportDialog, path: Path | str, timeout: int = 10_000) -> str | None:
    """Preview ``path``; the step the dialog said it ended on ("preview", "failed", ...), None
    when it said none (a crash)."""
    steps: list[str] = []
    d.finished_step.connect(steps.append)
    d.path_edit.setText(str(path))
    d.start_preview()
    qtbot.waitUntil(lambda: not d.busy, timeout=timeout)
    qtbot.wait(10)
    d.finished_step.disconnect(steps.append)
    return steps[-1] if steps else None


def write_trakt(path: Path, shows: list[dict]) -> Path:
    path.write_text(json.dumps(shows), encoding="utf-8")
    return path


# -- bad files: one line, the first page, nothing changed, no crash ---------------------------


def _zip_bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("watched-shows.json", b"[" + b" " * (8 * 1024 * 1024) + b"]")  # ~8 MB of spaces: ratio > 1000
    return path


def _damaged_zip(path: Path) -> Path:
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 40 + b"not really a zip")
    return path


def _empty_file(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def _empty_folder(path: Path) -> Path:
    path.mkdir()
    return path


def _unsafe_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("../../etc/watched-shows.json", "[]")
    return path


BAD_FILES = {
    "zip bomb": ("bomb.zip", _zip_bomb, "zip bomb"),
    "damaged zip": ("broken.zip", _damaged_zip, "damaged zip"),
    "empty file": ("empty.json", _empty_file, "empty file"),
    "empty folder": ("nothing here", _empty_folder, "empty folder"),
    "unsafe zip": ("sneaky.zip", _unsafe_zip, "unsafe path"),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_a_file_the_safety_checks_refuse_is_said_in_one_line(qtbot, example, dialog_of, tmp_path, kind):
    name, make, words = BAD_FILES[kind]
    path = make(tmp_path / name)
    d = dialog_of(example)
    before = dump(example)
    with qtbot.captureExceptions() as raised:
        step = run_preview(qtbot, d, path)
    assert raised == [], [e[1] for e in raised]
    assert step == "failed"
    assert d.stack.currentWidget() is d.choose_page
    said = d.choose_error.text()
    assert words in said and "\n" not in said
    assert dump(example) == before
    assert d.next_button.isEnabled()  # another file can be tried


def test_a_csv_over_the_row_cap_is_refused_in_one_line(qtbot, example, dialog_of, tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_CSV_ROWS", 50)
    path = tmp_path / "ratings.csv"
    header = (
        "Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,IMDb Rating,Runtime (mins),"
        "Year,Genres,Num Votes,Release Date,Directors\n"
    )
    rows = "".join(
        f"tt{1000000 + i},8,2024-01-01,Show {i},Show {i},https://www.imdb.com/title/tt{1000000 + i}/,"
        f"TV Series,7.5,50,2020,Drama,100,2020-01-01,\n"
        for i in range(200)
    )
    path.write_text(header + rows, encoding="utf-8")
    d = dialog_of(example)
    with qtbot.captureExceptions() as raised:
        step = run_preview(qtbot, d, path)
    assert raised == [], [e[1] for e in raised]
    assert step == "failed" and "too many" in d.choose_error.text()


def test_a_password_protected_zip_or_a_jpeg_stays_on_the_first_page(qtbot, example, dialog_of, tmp_path):
    """What already works: an unknown format is a UserError, said on the first page."""
    junk = tmp_path / "notes.txt"
    junk.write_text("nothing to see <b>here</b>\n", encoding="utf-8")
    d = dialog_of(example)
    assert run_preview(qtbot, d, junk) == "failed"
    assert "notes.txt is not an export" in d.choose_error.text()
    assert d.choose_error.textFormat() == Qt.TextFormat.PlainText


# -- paths ------------------------------------------------------------------------------------


def test_a_path_with_a_tilde_and_surrounding_spaces_is_found(qtbot, example, dialog_of, trakt_file, monkeypatch):
    monkeypatch.setenv("HOME", str(trakt_file.parent))
    d = dialog_of(example)
    assert run_preview(qtbot, d, f"  ~/{trakt_file.name}  ") == "preview"
    assert d.source == trakt_file
    assert d.preview_heading.text().startswith("Trakt: 3 shows")


def test_a_file_whose_name_ends_with_a_space_can_be_imported(qtbot, example, dialog_of, tmp_path, trakt_file):
    odd = tmp_path / "trakt export.json "
    odd.write_bytes(trakt_file.read_bytes())
    d = dialog_of(example)
    assert run_preview(qtbot, d, odd) == "preview", d.choose_error.text()


# -- data shown as text -----------------------------------------------------------------------


def test_every_label_of_the_wizard_shows_data_as_plain_text(qtbot, example, dialog_of, tmp_path):
    nasty = "<img src=x onerror=alert(1)><b>Loud</b> &amp; <a href='https://evil.example'>x</a>"
    path = write_trakt(
        tmp_path / "<i>watched.json",
        [
            trakt_show(nasty, 2019, [(1, 1, "2020-01-01T20:00:00.000Z")], tvdb=42),
            trakt_show("Bosch", 2014, [(1, 3, "2016-01-04T20:00:00.000Z")]),
        ],
    )
    d = dialog_of(example)
    assert run_preview(qtbot, d, path) == "preview"
    rich = [
        (label.objectName(), label.text())
        for label in d.findChildren(QLabel)
        if "<" in label.text() and label.textFormat() != Qt.TextFormat.PlainText
    ]
    assert rich == []
    view = d.pending_view
    cell = view.model().index(0, 0)
    assert cell.data() == f"{nasty} (2019)"
    tip = cell.data(Qt.ItemDataRole.ToolTipRole)
    assert "<b>" not in tip and "&lt;b&gt;Loud" in tip
    # the bad-file message names the file as it is, on one line
    junk = tmp_path / "<b>nope.txt"
    junk.write_text("hello", encoding="utf-8")
    d._on_back()
    assert run_preview(qtbot, d, junk) == "failed"
    assert d.choose_error.text().startswith("<b>nope.txt is not an export")
    assert d.choose_error.textFormat() == Qt.TextFormat.PlainText


def test_a_very_long_file_name_does_not_widen_the_dialog(qtbot, example, dialog_of, tmp_path):
    d = dialog_of(example)
    d.resize(820, 600)
    qtbot.wait(10)
    width = d.width()
    long_name = "x" * 230 + ".json"
    assert run_preview(qtbot, d, tmp_path / long_name) == "failed"
    qtbot.wait(10)
    assert long_name in d.choose_error.text()
    assert d.width() == width  # not pushed off the screen (the end of the line is clipped, though)
    assert d.choose_error.wordWrap()


# -- a big preview ----------------------------------------------------------------------------


def test_a_preview_of_2000_shows_comes_quickly_and_sorts(qtbot, example, dialog_of, tmp_path):
    shows = []
    for i in range(1000):  # matched by title and year (all to Bosch), a few to many viewings each
        eps = [
            (1, 1 + (k % 10), f"2017-{1 + k // 28 % 12:02d}-{1 + k % 28:02d}T{k % 24:02d}:00:00.000Z")
            for k in range(1 + i % 37)
        ]
        shows.append(trakt_show("Bosch", 2014, eps, trakt=500000 + i))
    for i in range(1000):  # not matched
        shows.append(
            trakt_show(
                f"Unknown show {i:04d}",
                2000 + i % 20,
                [(1, 1, "2020-01-01T20:00:00.000Z")],
                tvdb=100000 + i,
                trakt=900000 + i,
            )
        )
    path = write_trakt(tmp_path / "watched-shows.json", shows)
    d = dialog_of(example)
    t0 = time.monotonic()
    assert run_preview(qtbot, d, path, timeout=30_000) == "preview"
    qtbot.wait(1)  # painted
    elapsed = time.monotonic() - t0
    assert elapsed < 8, f"{elapsed:.1f} s to show the preview"
    assert d.tabs.tabText(0) == "Matched (1,000)" and d.tabs.tabText(1) == "Not matched (1,000)"
    view = d.matched_view
    proxy = view.model()
    assert proxy.rowCount() == 1000
    t1 = time.monotonic()
    view.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # Viewings, as numbers
    assert time.monotonic() - t1 < 2
    counts = [int(proxy.index(r, 3).data().replace(",", "")) for r in range(proxy.rowCount())]
    assert counts == sorted(counts, reverse=True) and counts[0] == 10  # "10" before "9": as numbers
    view.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    assert int(proxy.index(0, 3).data()) == 1
    pending = d.pending_view.model()
    d.pending_view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert pending.index(0, 0).data() == "Unknown show 0999 (2019)"
