"""The import wizard in the window: choose a file, preview (matched, not matched, left out),
import on a worker with a progress bar, cancel, a bad file; our own export; the shows kept for
later tried again. Offline throughout (the library's series are matched by title and year)."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

from PySide6.QtCore import Qt

from tests.ui.test_main_window import progress_of
from watchtracker.services.transfer.export import ExportService
from watchtracker.services.transfer.importer import ImportService

from watchtracker.ui.tasks import TaskRunner
from watchtracker.ui.transfer.import_wizard import ImportDialog, RowsModel, own_summary, report_summary


def dump(services) -> list:
    con = sqlite3.connect(services.engine.url.database)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    content = [(t, sorted(map(repr, con.execute(f"SELECT * FROM {t}")))) for t in tables]
    con.close()
    return content


def viewing_count(services) -> int:
    con = sqlite3.connect(services.engine.url.database)
    try:
        return con.execute("SELECT count(*) FROM viewing").fetchone()[0]
    finally:
        con.close()


def preview(qtbot, d: ImportDialog, path: Path) -> None:
    d.path_edit.setText(str(path))
    with qtbot.waitSignal(d.finished_step, timeout=10_000) as blocker:
        qtbot.mouseClick(d.next_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["preview"], d.choose_error.text()


# -- the words (no window) --------------------------------------------------------------------


def test_preview_and_outcome_words(example, paths, trakt_file):
    importer = ImportService(example.engine, None, paths.backups)
    plan = importer.plan(importer.read(trakt_file), offline=True)
    s = report_summary(plan.report)
    assert s.heading == "Trakt: 3 shows, 4 episodes, 4 viewings, 0 ratings"
    assert s.lines[0] == "2 shows of 3 matched."
    assert "1 show not matched: they will be kept" in s.lines[1]
    # the example library has Bosch S01E01 and S01E02 watched on other days
    assert "Viewings: 3 to add (2 of them of episodes you had watched at another time: kept as rewatches)." in s.lines
    assert any("offline" in line for line in s.lines)
    assert [r[:2] for r in s.matched] == [("Bosch (2014)", "Bosch"), ("Bosch: Legacy (2022)", "Bosch: Legacy")]
    assert s.matched[0][2] == "title and year" and s.matched[0][3] == "2"
    assert s.pending[0][0] == "A Show Nobody Has <b>bold</b> (2019)"
    assert s.can_import

    done = report_summary(importer.apply(plan))
    assert done.heading == "Imported"
    assert "Viewings: 3 added (2 of them of episodes you had watched at another time: kept as rewatches)." in done.lines
    skip = report_summary(importer.plan(importer.read(trakt_file), offline=True, duplicates="skip").report)
    assert "Viewings: 0 to add; 3 already in your library (skipped)." in skip.lines
    assert any(
        line.startswith("Your library as it was is kept as the backup library-before-import-") for line in done.lines
    )


def test_a_file_with_nothing_in_it_cannot_be_imported(example, paths, tmp_path):
    path = tmp_path / "watched-shows.json"
    path.write_text("[]", encoding="utf-8")
    importer = ImportService(example.engine, None, paths.backups)
    s = report_summary(importer.plan(importer.read(path), offline=True).report)
    assert not s.can_import
    assert s.lines[-1] == "There is nothing in this file to import."


def test_own_export_words(example, services, paths, tmp_path):
    path = tmp_path / "mine.json"
    ExportService(example.engine).write_json(path)
    importer = ImportService(example.engine, None, paths.backups)
    same = own_summary(importer.preview_own(importer.read_own(path)), dry_run=True)
    assert same.heading == "A watchtracker export"
    assert same.lines[0] == "3 series already in your library (matched, merged)."
    assert same.lines[1] == "Nothing new: everything in the file is already in your library."
    assert not same.can_import
    assert {r[0] for r in same.matched} == {"Bosch", "Bosch: Legacy", "Ballard"}


def test_rows_model_sorts_numbers_as_numbers(qtmodeltester):
    model = RowsModel(("Title", "Viewings"))
    model.set_rows([("B", "1,200"), ("A", "30")])
    qtmodeltester.check(model)
    assert model.index(0, 1).data(Qt.ItemDataRole.UserRole) == 1200
    assert model.index(1, 0).data(Qt.ItemDataRole.UserRole) == "a"
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole).startswith("<p")


# -- the dialog -------------------------------------------------------------------------------


def test_preview_then_import_then_the_library_has_it(qtbot, example, dialog_of, trakt_file):
    d = dialog_of(example)
    assert not d.next_button.isEnabled()  # nothing chosen yet
    before = viewing_count(example)
    preview(qtbot, d, trakt_file)
    assert d.stack.currentWidget() is d.preview_page
    assert d.preview_heading.text() == "Trakt: 3 shows, 4 episodes, 4 viewings, 0 ratings"
    assert d.tabs.tabText(0) == "Matched (2)" and d.tabs.tabText(1) == "Not matched (1)"
    assert d.matched_view.model().rowCount() == 2 and d.pending_view.model().rowCount() == 1
    assert viewing_count(example) == before  # the preview wrote nothing
    assert d.next_button.text() == "Import" and d.next_button.isEnabled()

    got = []
    d.imported.connect(got.append)
    with qtbot.waitSignal(d.finished_step, timeout=10_000) as blocker:
        qtbot.mouseClick(d.next_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["done"]
    assert d.preview_heading.text() == "Imported"
    assert d.cancel_button.text() == "Close" and not d.next_button.isVisible()
    assert viewing_count(example) == before + 3
    assert got and got[0].series == {example.library.find("Bosch"), example.library.find("Bosch: Legacy")}
    assert len(ImportService(example.engine).pending()) == 1  # the unmatched show is kept


def test_a_file_that_is_no_export_says_so_and_stays_on_the_first_page(qtbot, example, dialog_of, tmp_path):
    junk = tmp_path / "holiday.jpg"
    junk.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40)
    d = dialog_of(example)
    d.path_edit.setText(str(junk))
    with qtbot.waitSignal(d.finished_step, timeout=10_000) as blocker:
        d.start_preview()
    assert blocker.args == ["failed"]
    assert d.stack.currentWidget() is d.choose_page
    assert "holiday.jpg" in d.choose_error.text() and "not an export" in d.choose_error.text()
    assert d.next_button.isEnabled()


def test_a_missing_file_says_so(qtbot, example, dialog_of, tmp_path):
    d = dialog_of(example)
    d.path_edit.setText(str(tmp_path / "gone.csv"))
    with qtbot.waitSignal(d.finished_step, timeout=10_000):
        d.start_preview()
    assert "does not exist" in d.choose_error.text()


class StandIn:
    """The real importer with one step replaced by a subclass: ``started`` is set when that step
    begins, and it waits for ``go``."""

    def __init__(self, real: ImportService):
        self.real = real
        self.started = threading.Event()
        self.go = threading.Event()

    def __getattr__(self, name):
        return getattr(self.real, name)


class Gate(StandIn):
    """An importer whose apply waits until the test lets it go, to cancel it midway."""

    def apply(self, plan, *, progress=None, cancel=None, backup=True):
        def slow_progress(done, total, what):
            self.started.set()
            self.go.wait(10)
            if progress:
                progress(done, total, what)

        return self.real.apply(plan, progress=slow_progress, cancel=cancel, backup=backup)


def test_cancel_during_the_import_changes_nothing_and_the_import_can_be_run_again(
    qtbot, example, dialog_of, paths, trakt_file
):
    gate = Gate(ImportService(example.engine, None, paths.backups))
    d = dialog_of(example, gate)
    preview(qtbot, d, trakt_file)
    before = dump(example)
    d.start_import()
    assert d.busy and d.stack.currentWidget() is d.work_page
    qtbot.waitUntil(gate.started.is_set, timeout=10_000)
    with qtbot.waitSignal(d.finished_step, timeout=10_000) as blocker:
        qtbot.mouseClick(d.cancel_button, Qt.MouseButton.LeftButton)  # Cancel while it runs
        assert d.work_what.text() == "Cancelling…" and d.isVisible()
        gate.go.set()
    assert blocker.args == ["cancelled"]
    assert dump(example) == before
    assert d.preview_lines.text().startswith("The import was cancelled; nothing was changed.")
    assert d.next_button.text() == "Import" and d.next_button.isEnabled()
    assert d.matched_view.model().rowCount() == 2  # the preview is still there
    with qtbot.waitSignal(d.finished_step, timeout=10_000) as blocker:
        d.start_import()
    assert blocker.args == ["done"]
    assert dump(example) != before


def test_closing_the_dialog_while_importing_cancels_and_then_closes(qtbot, example, dialog_of, paths, trakt_file):
    gate = Gate(ImportService(example.engine, None, paths.backups))
    d = dialog_of(example, gate)
    preview(qtbot, d, trakt_file)
    before = dump(example)
    d.start_import()
    qtbot.waitUntil(gate.started.is_set, timeout=10_000)
    d.close()
    assert d.isVisible()  # stays until the step has stopped
    gate.go.set()
    qtbot.waitUntil(lambda: not d.isVisible(), timeout=10_000)
    assert dump(example) == before


def test_our_own_export_is_previewed_and_imported_into_an_empty_library(
    qtbot, example, services, paths, tmp_path, dialog_of
):
    path = tmp_path / "mine.json"
    ExportService(example.engine).write_json(path)
    from watchtracker.app import open_services
    from watchtracker.paths import AppPaths
    from watchtracker.settings import Settings

    other = open_services(AppPaths.under(tmp_path / "other"), Settings())
    try:
        d = dialog_of(other, ImportService(other.engine, None, tmp_path / "other-backups"))
        preview(qtbot, d, path)
        assert d.preview_heading.text() == "A watchtracker export"
        assert "To add: 3 new series" in d.preview_lines.text()
        with qtbot.waitSignal(d.finished_step, timeout=10_000) as blocker:
            d.start_import()
        assert blocker.args == ["done"]
        assert d.preview_heading.text() == "Imported"
        assert sorted(r.title for r in other.library.library()) == ["Ballard", "Bosch", "Bosch: Legacy"]
    finally:
        other.close()


def test_shows_kept_for_later_are_offered_and_tried_again(qtbot, example, dialog_of, paths, trakt_file):
    importer = ImportService(example.engine, None, paths.backups)
    importer.apply(importer.plan(importer.read(trakt_file), offline=True))
    d = dialog_of(example)
    qtbot.waitUntil(lambda: d.pending_row.isVisible(), timeout=10_000)
    assert d.pending_label.text() == "1 show from earlier imports is waiting for a match."
    with qtbot.waitSignal(d.finished_step, timeout=10_000) as blocker:
        qtbot.mouseClick(d.retry_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["preview"]
    assert d.preview_heading.text().startswith("Kept for later: 1 show")
    assert d.pending_model.rows[0][0] == "A Show Nobody Has <b>bold</b> (2019)"


def test_the_window_imports_through_its_menu_and_the_library_follows(qtbot, make_window, example, trakt_file):
    w = make_window(example)
    assert w.actions.import_history.isEnabled()
    w.actions.import_history.trigger()
    d = w.transfer_controller.import_dialog
    assert isinstance(d, ImportDialog) and d.isVisible()
    w.actions.import_history.trigger()  # one at a time
    assert w.transfer_controller.import_dialog is d
    preview(qtbot, d, trakt_file)
    before = progress_of(w, "Bosch: Legacy")
    with qtbot.waitSignal(w.changes_applied, timeout=10_000):
        d.start_import()
    qtbot.waitUntil(lambda: not w.library_lane.busy, timeout=10_000)
    assert progress_of(w, "Bosch: Legacy")[0] == before[0] + 1  # S01E04 is watched now
    assert d.cancel_button.text() == "Close"
    d.reject()
    qtbot.waitUntil(lambda: w.transfer_controller.import_dialog is None, timeout=10_000)


def test_an_empty_library_offers_the_import(qtbot, make_window, services):
    w = make_window(services)
    lp = w.library_page
    assert lp.stack.currentIndex() == 0 and lp.empty_import_button.isVisible()
    lp.empty_import_button.click()
    assert w.transfer_controller.import_dialog is not None
    w.transfer_controller.import_dialog.reject()


def test_the_preview_asks_about_episodes_watched_at_another_time(qtbot, example, dialog_of, trakt_file):
    d = dialog_of(example)
    before = viewing_count(example)
    preview(qtbot, d, trakt_file)
    assert d.conflict_row.isVisible() and d.policy_box.currentData() == "keep"
    assert "kept as rewatches" in d.preview_lines.text()
    with qtbot.waitSignal(d.finished_step, timeout=10_000) as blocker:
        d.policy_box.setCurrentIndex(d.policy_box.findData("skip"))
    assert blocker.args == ["preview"]
    assert "Viewings: 1 to add; 2 skipped: episodes you had watched at another time." in d.preview_lines.text()
    assert d.plan.duplicates == "skip" and d.next_button.isEnabled()
    with qtbot.waitSignal(d.finished_step, timeout=10_000):
        d.start_import()
    assert viewing_count(example) == before + 1
    assert not d.conflict_row.isVisible()  # the outcome asks nothing


def test_no_question_when_nothing_conflicts(qtbot, services, dialog_of, trakt_file):
    from watchtracker.services.example import load_example

    load_example(services.engine)
    d = dialog_of(services)
    path = trakt_file.with_name("watched-shows.json")
    data = json.loads(path.read_text())
    path.write_text(json.dumps([data[1]]))  # Bosch: Legacy S01E04, not watched in the example
    preview(qtbot, d, path)
    assert not d.conflict_row.isVisible()


# -- kept shows matched by hand ---------------------------------------------------------------


def kept_one(example, paths, trakt_file) -> None:
    importer = ImportService(example.engine, None, paths.backups)
    importer.apply(importer.plan(importer.read(trakt_file), offline=True))  # the unknown show is kept


def test_a_kept_show_is_matched_by_hand_to_a_library_series(qtbot, example, paths, trakt_file):
    from watchtracker.ui.transfer.pending_dialog import PendingDialog

    kept_one(example, paths, trakt_file)
    write = TaskRunner()
    d = PendingDialog(ImportService(example.engine, None, paths.backups), example.library.titles(), write=write.run)
    qtbot.addWidget(d)
    d.show()
    assert d.model.rows == [("A Show Nobody Has <b>bold</b> (2019)", "Trakt", "1", "not looked up on TVmaze (offline)")]
    assert not d.match_button.isEnabled()  # no series chosen yet
    assert not d.online_button.isVisible()  # no TVmaze here
    d.series_box.setEditText("nonsense")
    assert not d.match_button.isEnabled()
    d.series_box.setEditText("bosch: legacy")  # any case
    assert d.match_button.isEnabled()
    got = []
    d.imported.connect(got.append)
    legacy = example.library.find("Bosch: Legacy")
    with qtbot.waitSignal(d.done_step, timeout=10_000) as blocker:
        qtbot.mouseClick(d.match_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["matched"], d.status.text()
    assert d.status.text() == "A Show Nobody Has <b>bold</b> → Bosch: Legacy: 1 viewing added."
    assert got and legacy in got[0].series
    assert d.model.rows == []  # none kept any more
    write.wait()


def test_a_kept_show_is_matched_to_a_show_found_on_tvmaze_or_forgotten(qtbot, example, paths, trakt_file, monkeypatch):
    from watchtracker.ui.transfer.pending_dialog import PendingDialog

    kept_one(example, paths, trakt_file)
    write = TaskRunner()
    asked = []
    d = PendingDialog(
        ImportService(example.engine, None, paths.backups),
        example.library.titles(),
        write=write.run,
        find_online=lambda title, parent: asked.append(title) or 5002,
    )
    qtbot.addWidget(d)
    d.show()
    assert d.online_button.isVisible() and d.online_button.isEnabled()
    with qtbot.waitSignal(d.done_step, timeout=10_000) as blocker:
        d.online_button.click()
    assert asked == ["A Show Nobody Has <b>bold</b>"]
    assert blocker.args == ["failed"]  # this importer has no TVmaze: said, nothing changed
    assert d.status.text().startswith("Not matched: TVmaze cannot be asked here (offline).")
    assert len(d.rows) == 1
    monkeypatch.setattr(d, "confirm_forget", lambda row: True)
    with qtbot.waitSignal(d.done_step, timeout=10_000) as blocker:
        d.forget_button.click()
    assert blocker.args == ["forgotten"] and d.rows == []
    write.wait()


def test_the_wizard_opens_the_kept_shows_and_counts_again_after(qtbot, example, dialog_of, paths, trakt_file):
    kept_one(example, paths, trakt_file)
    d = dialog_of(example)
    d.titles = example.library.titles
    qtbot.waitUntil(lambda: d.pending_row.isVisible(), timeout=10_000)
    d.by_hand_button.click()  # the titles are read on the library's lane first
    qtbot.waitUntil(lambda: d.pending_dialog is not None and d.pending_dialog.isVisible(), timeout=10_000)
    pending = d.pending_dialog
    assert pending is not None and pending.isVisible() and len(pending.rows) == 1
    pending.series_box.setEditText("Bosch")
    with qtbot.waitSignal(pending.done_step, timeout=10_000):
        pending.match_selected()
    pending.reject()
    qtbot.waitUntil(lambda: not d.pending_row.isVisible(), timeout=10_000)
