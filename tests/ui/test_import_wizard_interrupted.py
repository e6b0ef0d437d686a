"""The import wizard when the viewer moves on before it is done: the keyboard (Enter, Escape),
the dialog closed before a worker's answer arrives, a bug while importing, one wizard at a time
in the window, the library changed between the preview and the import. Nothing is lost, nothing
is written half, nothing crashes."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import Qt

from tests.ui.test_import_wizard import (
    Gate,
    StandIn,
    dump,
    preview,
    viewing_count,
)
from watchtracker.services.transfer.importer import ImportService

from watchtracker.ui.transfer.import_wizard import ImportDialog

# -- helpers ----------------------------------------------------------------------------------


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


# -- the keyboard -----------------------------------------------------------------------------


def test_enter_on_the_first_page_starts_one_preview(qtbot, example, paths, trakt_file):
    from watchtracker.ui.tasks import TaskRunner

    ask, write = TaskRunner(), TaskRunner()
    runs: list[str] = []

    def counting_ask(fn, done, failed):
        runs.append("ask")
        ask.run(fn, done, failed)

    d = ImportDialog(
        ImportService(example.engine, None, paths.backups), ask=counting_ask, write=write.run, online=False
    )
    qtbot.addWidget(d)
    d.show()
    qtbot.waitUntil(lambda: not write.busy)  # the count of the shows kept for later: the library's lane
    assert runs == []  # not on ask
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


def test_escape_while_matching_cancels_then_closes_and_nothing_is_written(qtbot, example, dialog_of, paths, trakt_file):
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
    monkeypatch.setattr(w.transfer_controller, "importer", slow)
    w.transfer_controller.import_history()
    d = w.transfer_controller.import_dialog
    qtbot.waitUntil(slow.started.is_set, timeout=10_000)
    d.reject()  # Escape at once: nothing is busy as far as the dialog knows
    qtbot.waitUntil(lambda: not shiboken6.isValid(d), timeout=10_000)  # the window let go of it
    with qtbot.captureExceptions() as raised:
        slow.go.set()
        w.library_lane.wait()  # the count runs on the library's lane
        qtbot.wait(50)  # deliver the answer
    assert raised == [], [str(e[1]) for e in raised]


def test_a_bug_during_the_import_is_reported_even_when_the_dialog_was_closed(
    qtbot, example, dialog_of, paths, trakt_file
):
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
    qtbot, example, dialog_of, paths, trakt_file
):
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
    qtbot, make_window, example, trakt_file
):
    w = make_window(example)
    w.transfer_controller.import_history()
    first = w.transfer_controller.import_dialog
    preview(qtbot, first, trakt_file)
    w.transfer_controller.import_history()  # Ctrl+I again (from code: the dialog is window-modal)
    assert w.transfer_controller.import_dialog is first
    first.reject()
    qtbot.waitUntil(lambda: w.transfer_controller.import_dialog is None, timeout=5_000)
    w.transfer_controller.import_history()
    second = w.transfer_controller.import_dialog
    assert second is not None and second is not first and second.isVisible()
    assert second.stack.currentWidget() is second.choose_page and second.path_edit.text() == ""
    second.reject()
    qtbot.waitUntil(lambda: w.transfer_controller.import_dialog is None, timeout=5_000)


def test_closing_the_wizard_while_importing_cancels_and_the_window_lets_go_of_it(
    qtbot, make_window, example, trakt_file, monkeypatch
):
    w = make_window(example)
    gate = Gate(w.views.importer)
    monkeypatch.setattr(w.transfer_controller, "importer", gate)
    w.transfer_controller.import_history()
    d = w.transfer_controller.import_dialog
    preview(qtbot, d, trakt_file)
    before = dump(example)
    applied: list = []
    w.changes_applied.connect(applied.append)
    d.start_import()
    qtbot.waitUntil(gate.started.is_set, timeout=10_000)
    d.reject()
    assert w.transfer_controller.import_dialog is d and d.isVisible()  # until the import has stopped
    gate.go.set()
    qtbot.waitUntil(lambda: w.transfer_controller.import_dialog is None, timeout=10_000)
    w.library_lane.wait()
    qtbot.wait(20)
    assert applied == [] and dump(example) == before
    assert not w.statusBar().currentMessage().startswith("Imported")
    assert w.actions.import_history.isEnabled()


# -- the library changed between the preview and the import ----------------------------------


def test_a_series_deleted_between_the_preview_and_the_import_is_not_lost(qtbot, example, dialog_of, trakt_file):
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


def test_a_series_deleted_between_the_preview_and_the_import_does_not_break_it(qtbot, example, dialog_of, trakt_file):
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
