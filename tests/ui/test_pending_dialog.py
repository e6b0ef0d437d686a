"""The shows kept for later, matched by hand: the PendingDialog (the same title twice, a double
click, a stale list, a series deleted after it was chosen, Close during a match), and its opening
from the import wizard and from the window. Offline throughout."""

from __future__ import annotations

import threading

from tests.ui.test_import_wizard import dump, kept_one
from tests.unit.test_importer import add_series
from watchtracker.services.transfer.importer import ImportService

from watchtracker.ui.tasks import TaskRunner
from watchtracker.ui.transfer.pending_dialog import PendingDialog


def pending_dialog(qtbot, services, paths, titles=None, write=None, **kw) -> PendingDialog:
    lane = TaskRunner()
    d = PendingDialog(
        ImportService(services.engine, None, paths.backups),
        services.library.titles() if titles is None else titles,
        write=write or lane.run,
        **kw,
    )
    d.lane = lane  # for the test to wait on
    qtbot.addWidget(d)
    d.show()
    return d


def pending_count(services) -> int:
    return len(ImportService(services.engine).pending())


# -- PendingDialog -----------------------------------------------------------------------------


def test_two_series_with_the_same_title_match_the_one_picked(qtbot, example, paths, trakt_file):
    kept_one(example, paths, trakt_file)
    first = add_series(example.engine, "Twin Title", year=1990)
    second = add_series(example.engine, "Twin Title", year=2017)
    d = pending_dialog(qtbot, example, paths)
    at = [i for i in range(d.series_box.count()) if d.series_box.itemText(i) == "Twin Title"]
    assert [d.series_box.itemData(i) for i in at] == [first, second]
    d.series_box.setCurrentIndex(at[1])  # the viewer picks the 2017 one in the list
    assert d.series_box.currentData() == second
    assert d.chosen_series() == second


def test_a_double_click_on_match_starts_one_match(qtbot, example, paths, trakt_file):
    kept_one(example, paths, trakt_file)
    started = []
    d = pending_dialog(qtbot, example, paths, write=lambda work, done, failed: started.append(work))
    d.series_box.setEditText("Bosch")
    d.match_selected()
    d.match_selected()  # a second click while the first is being written
    d.match_button.click()
    assert len(started) == 1
    assert not d.match_button.isEnabled() and not d.forget_button.isEnabled()
    assert d.status.text() == "Importing A Show Nobody Has <b>bold</b>…"


def test_a_stale_list_says_so_and_changes_nothing(qtbot, example, paths, trakt_file):
    """The show was matched (here: forgotten) elsewhere while the dialog was open."""
    kept_one(example, paths, trakt_file)
    d = pending_dialog(qtbot, example, paths)
    d.series_box.setEditText("Bosch")
    ImportService(example.engine).forget_pending([d.rows[0].id])  # meanwhile, in the CLI
    before = dump(example)
    with qtbot.waitSignal(d.done_step, timeout=10_000) as blocker:
        d.match_button.click()
    assert blocker.args == ["failed"]
    assert d.status.text() == (
        "Not matched: That show is no longer kept for later (matched or forgotten meanwhile). Nothing was changed."
    )
    assert dump(example) == before
    d.lane.wait()


def test_a_series_deleted_after_it_was_chosen_is_not_matched(qtbot, example, paths, trakt_file):
    kept_one(example, paths, trakt_file)
    d = pending_dialog(qtbot, example, paths)
    d.series_box.setEditText("Bosch: Legacy")
    assert d.match_button.isEnabled()
    example.catalog.delete_series(example.library.find("Bosch: Legacy"))  # meanwhile
    before = dump(example)
    with qtbot.waitSignal(d.done_step, timeout=10_000) as blocker:
        d.match_button.click()
    assert blocker.args == ["failed"]
    assert "That series is not in the library any more." in d.status.text()
    assert dump(example) == before and pending_count(example) == 1
    assert d.match_button.isEnabled()  # not stuck busy
    d.lane.wait()


def test_forgetting_a_show_already_gone_does_not_claim_it_forgot_it(qtbot, example, paths, trakt_file, monkeypatch):
    kept_one(example, paths, trakt_file)
    d = pending_dialog(qtbot, example, paths)
    ImportService(example.engine).forget_pending([d.rows[0].id])  # meanwhile
    monkeypatch.setattr(d, "confirm_forget", lambda row: True)
    with qtbot.waitSignal(d.done_step, timeout=10_000):
        d.forget_button.click()
    assert d.rows == [] and d.model.rows == []  # the list is read again: nothing is left


def test_close_during_a_match_closes_the_dialog_when_it_is_done(qtbot, example, paths, trakt_file):
    kept_one(example, paths, trakt_file)
    d = pending_dialog(qtbot, example, paths)
    d.series_box.setEditText("Bosch")
    release = threading.Event()
    real_apply = d.importer.apply
    d.importer.apply = lambda plan, **kw: (release.wait(10), real_apply(plan, **kw))[1]
    d.match_selected()
    d.reject()  # Escape or Close while it is written
    assert d.isVisible() and d.status.text() == "Finishing the match…"
    release.set()
    d.lane.wait()
    qtbot.waitUntil(lambda: pending_count(example) == 0, timeout=10_000)
    qtbot.wait(100)  # the answer is delivered
    assert not d.isVisible()


# -- from the wizard and the window ------------------------------------------------------------


def test_the_window_gives_the_wizard_its_titles_and_tvmaze_and_applies_a_match(
    qtbot, make_window, example, paths, trakt_file
):
    kept_one(example, paths, trakt_file)
    w = make_window(example)
    w.transfer_controller.import_history()
    wizard = w.transfer_controller.import_dialog
    assert wizard is not None
    qtbot.waitUntil(lambda: wizard.pending_row.isVisible(), timeout=10_000)
    wizard.by_hand_button.click()  # the titles are read on the library's lane first
    qtbot.waitUntil(lambda: wizard.pending_dialog is not None and wizard.pending_dialog.isVisible(), timeout=10_000)
    pending = wizard.pending_dialog
    assert pending is not None and pending.isVisible()
    titles = {pending.series_box.itemText(i) for i in range(pending.series_box.count())}
    assert titles == {t for _i, t in example.library.titles()}
    assert pending.online_button.isVisible() == (example.online is not None)
    pending.series_box.setEditText("Bosch: Legacy")
    with qtbot.waitSignal(pending.done_step, timeout=10_000) as blocker:
        pending.match_button.click()
    assert blocker.args == ["matched"], pending.status.text()
    assert w.statusBar().currentMessage() == "Imported: 1 series changed or added."
    pending.reject()
    qtbot.waitUntil(lambda: not wizard.pending_row.isVisible(), timeout=10_000)
    wizard.reject()
    qtbot.waitUntil(lambda: w.transfer_controller.import_dialog is None, timeout=5_000)


def test_the_wizard_closed_during_a_match(qtbot, make_window, example, paths, trakt_file):
    kept_one(example, paths, trakt_file)
    w = make_window(example)
    w.transfer_controller.import_history()
    wizard = w.transfer_controller.import_dialog
    wizard.match_by_hand()  # the titles are read on the library's lane first
    qtbot.waitUntil(lambda: wizard.pending_dialog is not None and wizard.pending_dialog.isVisible(), timeout=10_000)
    pending = wizard.pending_dialog
    release = threading.Event()
    real_apply = pending.importer.apply
    pending.importer.apply = lambda plan, **kw: (release.wait(10), real_apply(plan, **kw))[1]
    pending.series_box.setEditText("Bosch: Legacy")
    pending.match_selected()
    assert wizard.isVisible() and not wizard.busy  # nothing stops the wizard from going
    wizard.reject()  # from code (the window going, a restore): the wizard is deleted later
    qtbot.waitUntil(lambda: w.transfer_controller.import_dialog is None, timeout=5_000)
    qtbot.wait(50)  # deleteLater runs
    release.set()
    w.library_lane.wait()
    qtbot.wait(200)  # the answer arrives at a deleted dialog
    assert w.statusBar().currentMessage().startswith("Imported")  # the window was told
