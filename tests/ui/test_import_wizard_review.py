"""Review of the import wizard, its wiring in the window, Backups… and Export…: what the first
tests did not reach. Bad files through the wizard, a dialog closed before a worker's answer
arrives, the library changed between the preview and the import, TVmaze (a local server) up,
down and rate limiting, the keyboard, plain text everywhere, a preview of 2,000 shows.

Tests marked xfail(strict=True) show a bug that is still there; remove the mark with the fix."""

from __future__ import annotations

import json
import threading
import time
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tests.conftest import NOW
from tests.fixtures import tvmaze_payloads as tv
from tests.ui.test_import_wizard import (  # noqa: F401 - fixtures, used by name
    Gate,
    StandIn,
    dialog_of,
    dump,
    preview,
    trakt_file,
    trakt_show,
    viewing_count,
)
from watchtracker.providers.http import Politeness, PoliteClient
from watchtracker.providers.imports import files
from watchtracker.providers.tvmaze import TvmazeClient
from watchtracker.services.transfer.importer import ImportService
from watchtracker.services.online import OnlineService
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


class SlowPending(StandIn):
    """An importer whose ``pending()`` (the count the first page asks for) waits for the test."""

    def pending(self):
        self.started.set()
        self.go.wait(10)
        return self.real.pending()


class Boom(StandIn):
    """An importer whose ``apply`` fails with a bug (not an error a viewer can act on)."""

    def apply(self, plan, *, progress=None, cancel=None, backup=True):
        self.started.set()
        self.go.wait(10)
        raise RuntimeError("a bug in apply")


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
    header = "Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,IMDb Rating,Runtime (mins)," \
             "Year,Genres,Num Votes,Release Date,Directors\n"
    rows = "".join(f"tt{1000000 + i},8,2024-01-01,Show {i},Show {i},https://www.imdb.com/title/tt{1000000 + i}/,"
                   f"TV Series,7.5,50,2020,Drama,100,2020-01-01,\n" for i in range(200))
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


# -- the keyboard -----------------------------------------------------------------------------


def test_enter_on_the_first_page_starts_one_preview(qtbot, example, paths, trakt_file):
    from watchtracker.ui.tasks import TaskRunner

    ask, write = TaskRunner(), TaskRunner()
    runs: list[str] = []

    def counting_ask(fn, done, failed):
        runs.append("ask")
        ask.run(fn, done, failed)

    d = ImportDialog(ImportService(example.engine, None, paths.backups), ask=counting_ask, write=write.run,
                     online=False)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitUntil(lambda: not ask.busy)
    runs.clear()  # the count of the shows kept for later
    d.path_edit.setText(str(trakt_file))
    d.path_edit.setFocus()
    with qtbot.waitSignal(d.finished_step, timeout=10_000) as blocker:
        qtbot.keyClick(d.path_edit, Qt.Key.Key_Return)
    assert blocker.args == ["preview"]
    assert runs == ["ask"]  # returnPressed and the default button: one preview, not two
    assert d.isVisible()
    ask.wait()
    write.wait()


def test_enter_with_no_path_does_nothing(qtbot, example, dialog_of):
    d = dialog_of(example)
    d.path_edit.setText("   ")
    assert not d.next_button.isEnabled()
    qtbot.keyClick(d.path_edit, Qt.Key.Key_Return)
    assert d.stack.currentWidget() is d.choose_page and not d.busy and d.isVisible()


class SlowPlan:
    """An importer whose matching waits until the test lets it go (cancel is honoured then)."""

    def __init__(self, real: ImportService):
        self.real = real
        self.started = threading.Event()
        self.go = threading.Event()

    def __getattr__(self, name):
        return getattr(self.real, name)

    def plan(self, batch, **kw):
        self.started.set()
        self.go.wait(10)
        return self.real.plan(batch, **kw)


def test_escape_while_matching_cancels_then_closes_and_nothing_is_written(
        qtbot, example, dialog_of, paths, trakt_file):
    slow = SlowPlan(ImportService(example.engine, None, paths.backups))
    d = dialog_of(example, slow)
    before = dump(example)
    d.path_edit.setText(str(trakt_file))
    d.start_preview()
    qtbot.waitUntil(slow.started.is_set, timeout=10_000)
    qtbot.keyClick(d, Qt.Key.Key_Escape)
    assert d.isVisible() and d.work_what.text() == "Cancelling…"
    assert not d.cancel_button.isEnabled()
    with qtbot.waitSignal(d.finished, timeout=10_000):
        slow.go.set()
    assert not d.isVisible() and not d.busy
    assert dump(example) == before


# -- a dialog closed before a worker's answer arrives -----------------------------------------


def test_closing_the_wizard_before_the_kept_shows_are_counted(qtbot, make_window, example, paths, monkeypatch):
    w = make_window(example)
    slow = SlowPending(w.views.importer)
    monkeypatch.setattr(w, "views", replace(w.views, importer=slow))
    w.import_history()
    d = w.import_dialog
    qtbot.waitUntil(slow.started.is_set, timeout=10_000)
    d.reject()  # Escape at once: nothing is busy as far as the dialog knows
    qtbot.waitUntil(lambda: not shiboken6.isValid(d), timeout=10_000)  # the window let go of it
    with qtbot.captureExceptions() as raised:
        slow.go.set()
        w.ask.wait()
        qtbot.wait(50)  # deliver the answer
    assert raised == [], [str(e[1]) for e in raised]


def test_a_bug_during_the_import_is_reported_even_when_the_dialog_was_closed(
        qtbot, example, dialog_of, paths, trakt_file):
    boom = Boom(ImportService(example.engine, None, paths.backups))
    d = dialog_of(example, boom)
    preview(qtbot, d, trakt_file)
    d.start_import()
    qtbot.waitUntil(boom.started.is_set, timeout=10_000)
    d.reject()  # closing while importing: cancel, close when it stopped
    with qtbot.captureExceptions() as raised:
        boom.go.set()
        qtbot.waitUntil(lambda: not d.isVisible(), timeout=10_000)
    assert [str(e[1]) for e in raised] == ["a bug in apply"]


def test_a_bug_during_the_import_is_reported_and_the_dialog_says_nothing_changed(
        qtbot, example, dialog_of, paths, trakt_file):
    boom = Boom(ImportService(example.engine, None, paths.backups))
    d = dialog_of(example, boom)
    preview(qtbot, d, trakt_file)
    before = dump(example)
    d.start_import()
    with qtbot.captureExceptions() as raised:
        boom.go.set()
        qtbot.waitUntil(lambda: not d.busy, timeout=10_000)
    assert [str(e[1]) for e in raised] == ["a bug in apply"]
    assert d.preview_heading.text() == "The import failed" and d.cancel_button.text() == "Close"
    assert dump(example) == before


# -- the window's wizard ----------------------------------------------------------------------


def test_the_window_refuses_a_second_wizard_and_a_new_one_opens_after_the_first_closed(
        qtbot, make_window, example, trakt_file):
    w = make_window(example)
    w.import_history()
    first = w.import_dialog
    preview(qtbot, first, trakt_file)
    w.import_history()  # Ctrl+I again (from code: the dialog is window-modal)
    assert w.import_dialog is first
    first.reject()
    qtbot.waitUntil(lambda: w.import_dialog is None, timeout=5_000)
    w.import_history()
    second = w.import_dialog
    assert second is not None and second is not first and second.isVisible()
    assert second.stack.currentWidget() is second.choose_page and second.path_edit.text() == ""
    second.reject()
    qtbot.waitUntil(lambda: w.import_dialog is None, timeout=5_000)


def test_closing_the_wizard_while_importing_cancels_and_the_window_lets_go_of_it(
        qtbot, make_window, example, trakt_file, monkeypatch):
    w = make_window(example)
    gate = Gate(w.views.importer)
    monkeypatch.setattr(w, "views", replace(w.views, importer=gate))
    w.import_history()
    d = w.import_dialog
    preview(qtbot, d, trakt_file)
    before = dump(example)
    applied: list = []
    w.changes_applied.connect(applied.append)
    d.start_import()
    qtbot.waitUntil(gate.started.is_set, timeout=10_000)
    d.reject()
    assert w.import_dialog is d and d.isVisible()  # until the import has stopped
    gate.go.set()
    qtbot.waitUntil(lambda: w.import_dialog is None, timeout=10_000)
    w.runner.wait()
    qtbot.wait(20)
    assert applied == [] and dump(example) == before
    assert not w.statusBar().currentMessage().startswith("Imported")
    assert w.import_action.isEnabled()


# -- the library changed between the preview and the import ----------------------------------


def test_a_series_deleted_between_the_preview_and_the_import_is_not_lost(
        qtbot, example, dialog_of, trakt_file):
    d = dialog_of(example)
    preview(qtbot, d, trakt_file)
    bosch = example.library.find("Bosch")
    example.catalog.delete_series(bosch)
    with qtbot.waitSignal(d.finished_step, timeout=10_000) as blocker:
        d.start_import()
    assert blocker.args == ["done"]
    titles_matched = [row[1] for row in d.matched_model.rows]
    assert "Bosch" not in titles_matched  # not said to be imported into a series that is gone
    kept = [p.title for p in ImportService(example.engine).pending()]
    assert "Bosch" in kept  # its two viewings wait for a match, like any show not matched


def test_a_series_deleted_between_the_preview_and_the_import_does_not_break_it(
        qtbot, example, dialog_of, trakt_file):
    d = dialog_of(example)
    preview(qtbot, d, trakt_file)
    legacy = example.library.find("Bosch: Legacy")
    before = viewing_count(example)
    example.catalog.delete_series(example.library.find("Bosch"))
    after_delete = viewing_count(example)
    got = []
    d.imported.connect(got.append)
    with qtbot.waitSignal(d.finished_step, timeout=10_000) as blocker:
        d.start_import()
    assert blocker.args == ["done"]
    assert before > after_delete
    assert viewing_count(example) == after_delete + 1  # Bosch: Legacy's S01E04 only
    assert got and got[0].series == {legacy}


# -- TVmaze (a local server) ------------------------------------------------------------------

NEW_TITLE = "<i>Brand</i> New & Shiny"


def new_show_full() -> dict:
    return tv.show(6001, NEW_TITLE, seasons=[tv.season(9001, 1, "2019-01-01", 3)],
                   episodes=[tv.episode(990000 + k, 1, k, f"2019-01-0{k}") for k in (1, 2, 3)],
                   thetvdb=999999)


@pytest.fixture
def online_importer(example, paths, httpserver):
    http = PoliteClient(Politeness(read_timeout=0.5), sleep=lambda s: None)
    online = OnlineService(example.engine, TvmazeClient(http, httpserver.url_for("").rstrip("/")), clock=lambda: NOW)
    yield ImportService(example.engine, online, paths.backups, clock=lambda: NOW)
    http.close()


def test_online_a_show_found_on_tvmaze_is_previewed_as_new_and_followed(
        qtbot, example, dialog_of, online_importer, httpserver, trakt_file):
    httpserver.expect_request("/lookup/shows", query_string="thetvdb=999999").respond_with_json(
        tv.show(6001, NEW_TITLE, embed=False, thetvdb=999999))
    httpserver.expect_request("/shows/6001").respond_with_json(new_show_full())
    d = dialog_of(example, online_importer, online=True)
    assert d.online_box.isChecked() and d.online_box.isEnabled()
    before = dump(example)
    assert run_preview(qtbot, d, trakt_file) == "preview", d.choose_error.text()
    assert dump(example) == before  # TVmaze was asked, nothing written
    assert d.tabs.tabText(0) == "Matched (3)" and not d.tabs.isTabVisible(1)
    row = next(r for r in d.matched_model.rows if r[0].startswith("A Show Nobody"))
    assert row[1] == f"{NEW_TITLE} (new)" and row[2].endswith("by its thetvdb id")
    assert "1 new series to follow from TVmaze" in d.preview_lines.text()
    assert "offline" not in d.preview_lines.text()
    got = []
    d.imported.connect(got.append)
    with qtbot.waitSignal(d.finished_step, timeout=10_000) as blocker:
        d.start_import()
    assert blocker.args == ["done"]
    [added] = got[0].added
    assert example.library.detail(added).title == NEW_TITLE
    assert "followed from TVmaze" in d.preview_lines.text()
    assert ImportService(example.engine).pending() == []


@pytest.mark.parametrize("answer", ["down", "429"])
def test_online_tvmaze_down_or_rate_limiting_keeps_the_shows_for_later(
        qtbot, example, dialog_of, online_importer, httpserver, trakt_file, answer):
    if answer == "down":
        httpserver.expect_request("/lookup/shows").respond_with_data("oops", status=503)
    else:
        httpserver.expect_request("/lookup/shows").respond_with_data(
            "slow down", status=429, headers={"Retry-After": "600"})
    d = dialog_of(example, online_importer, online=True)
    with qtbot.captureExceptions() as raised:
        step = run_preview(qtbot, d, trakt_file)
    assert raised == []
    assert step == "preview"
    assert d.pending_model.rows == [("A Show Nobody Has <b>bold</b> (2019)", "TVmaze could not be reached")]
    assert "offline" in d.preview_lines.text() and "kept for later" in d.preview_lines.text()
    assert d.next_button.isEnabled()
    with qtbot.waitSignal(d.finished_step, timeout=10_000) as blocker:
        d.start_import()
    assert blocker.args == ["done"]
    assert [p.title for p in ImportService(example.engine).pending()] == ["A Show Nobody Has <b>bold</b>"]


def test_online_cancel_during_a_rate_limit_wait_stops_promptly(
        qtbot, example, dialog_of, paths, httpserver, trakt_file):
    httpserver.expect_request("/lookup/shows").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "3"})
    http = PoliteClient(Politeness(read_timeout=0.5))  # real sleeping, as in the app
    online = OnlineService(example.engine, TvmazeClient(http, httpserver.url_for("").rstrip("/")), clock=lambda: NOW)
    try:
        d = dialog_of(example, ImportService(example.engine, online, paths.backups, clock=lambda: NOW), online=True)
        d.path_edit.setText(str(trakt_file))
        d.start_preview()
        qtbot.waitUntil(lambda: len(httpserver.log) >= 1, timeout=10_000)
        t0 = time.monotonic()
        qtbot.keyClick(d, Qt.Key.Key_Escape)  # cancel and close
        qtbot.waitUntil(lambda: not d.busy, timeout=15_000)
        assert time.monotonic() - t0 < 1.5
    finally:
        http.close()


# -- data shown as text -----------------------------------------------------------------------


def test_every_label_of_the_wizard_shows_data_as_plain_text(qtbot, example, dialog_of, tmp_path):
    nasty = "<img src=x onerror=alert(1)><b>Loud</b> &amp; <a href='https://evil.example'>x</a>"
    path = write_trakt(tmp_path / "<i>watched.json", [
        trakt_show(nasty, 2019, [(1, 1, "2020-01-01T20:00:00.000Z")], tvdb=42),
        trakt_show("Bosch", 2014, [(1, 3, "2016-01-04T20:00:00.000Z")]),
    ])
    d = dialog_of(example)
    assert run_preview(qtbot, d, path) == "preview"
    rich = [(label.objectName(), label.text()) for label in d.findChildren(QLabel)
            if "<" in label.text() and label.textFormat() != Qt.TextFormat.PlainText]
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
        eps = [(1, 1 + (k % 10), f"2017-{1 + k // 28 % 12:02d}-{1 + k % 28:02d}T{k % 24:02d}:00:00.000Z")
               for k in range(1 + i % 37)]
        shows.append(trakt_show("Bosch", 2014, eps, trakt=500000 + i))
    for i in range(1000):  # not matched
        shows.append(trakt_show(f"Unknown show {i:04d}", 2000 + i % 20, [(1, 1, "2020-01-01T20:00:00.000Z")],
                                tvdb=100000 + i, trakt=900000 + i))
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


# -- Backups… and the restore ----------------------------------------------------------------


class SlowBackups:
    """The window's BackupService, its "Back up now" held until the test lets it go."""

    def __init__(self, real):
        self.real = real
        self.started = threading.Event()
        self.go = threading.Event()

    def __getattr__(self, name):
        return getattr(self.real, name)

    def backup(self, *args, **kw):
        self.started.set()
        self.go.wait(10)
        return self.real.backup(*args, **kw)


def test_closing_backups_while_backing_up(qtbot, make_window, example, monkeypatch):
    w = make_window(example)
    slow = SlowBackups(w.views.backups)
    monkeypatch.setattr(w, "views", replace(w.views, backups=slow))
    w.show_backups()
    dialog = w.backups_dialog
    dialog.backup_button.click()
    qtbot.waitUntil(slow.started.is_set, timeout=10_000)
    dialog.reject()  # Close while the copy is being made
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=5_000)
    with qtbot.captureExceptions() as raised:
        slow.go.set()
        w.runner.wait()
        qtbot.wait(50)
    assert raised == [], [str(e[1]) for e in raised]
    assert w.statusBar().currentMessage().startswith("Backed up the library")  # still said somewhere


def test_restore_is_not_offered_while_back_up_now_runs(qtbot, make_window, example, monkeypatch):
    w = make_window(example)
    slow = SlowBackups(w.views.backups)
    monkeypatch.setattr(w, "views", replace(w.views, backups=slow))
    w.show_backups()
    dialog = w.backups_dialog
    dialog.confirm = lambda parent, info: pytest.fail("asked to restore while backing up")
    asked: list = []
    dialog.restore_requested = asked.append
    dialog.backup_button.click()
    qtbot.waitUntil(slow.started.is_set, timeout=10_000)
    assert not dialog.restore_button.isEnabled()
    dialog._on_restore_clicked()  # a double click on a row
    assert asked == []
    with qtbot.waitSignal(dialog.backup_made, timeout=10_000):
        slow.go.set()
    assert dialog.restore_button.isEnabled()
    dialog.reject()
    qtbot.waitUntil(lambda: w.backups_dialog is None, timeout=5_000)


def test_while_standing_down_for_a_restore_the_wizard_and_backups_cannot_be_opened(qtbot, make_window, example):
    w = make_window(example)
    w.stand_down("Restoring the backup…")
    assert not w.import_action.isEnabled() and not w.backups_action.isEnabled()
    assert not w.export_library_action.isEnabled()
    w.import_action.trigger()
    w.backups_action.trigger()
    w.export_library_action.trigger()
    assert w.import_dialog is None and w.backups_dialog is None and not w._exporting
    assert not w.library_page.empty_import_button.isEnabled()
    assert w.idle
