"""Review tests: the shows kept for later matched by hand (PendingDialog, its opening from the
import wizard and the window, the CLI's --match/--series) and Preferences applied at once
(MainWindow.apply_settings). Offline throughout. Seven of them first exposed bugs found in
review (fixed with them): the same title twice, the wizard closed during a match, preferences
chosen while the library opened, a series titled with a number, Close during a match, a retry
pushed out by a new interval, OK rounding hand-edited settings."""

from __future__ import annotations

import json
import threading
from dataclasses import replace

import pytest
from PySide6.QtCore import QSettings

from tests.ui.test_import_wizard import dump, kept_one, trakt_file  # noqa: F401 - trakt_file: a fixture
from tests.unit.test_importer import add_series
from watchtracker.services.transfer.importer import ImportService
from watchtracker.settings import Settings
from watchtracker.ui.application import views_of
from watchtracker.ui.main_window import MainWindow
from watchtracker.ui.transfer.pending_dialog import PendingDialog
from watchtracker.ui.preferences_dialog import PreferencesDialog
from watchtracker.ui.tasks import TaskRunner


def pending_dialog(qtbot, services, paths, titles=None, write=None, **kw) -> PendingDialog:
    lane = TaskRunner()
    d = PendingDialog(ImportService(services.engine, None, paths.backups),
                      services.library.titles() if titles is None else titles,
                      write=write or lane.run, **kw)
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
    assert d.status.text() == ("Not matched: That show is no longer kept for later (matched or forgotten "
                               "meanwhile). Nothing was changed.")
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


def test_forgetting_a_show_already_gone_does_not_claim_it_forgot_it(qtbot, example, paths, trakt_file,
                                                                     monkeypatch):
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


def test_the_window_gives_the_wizard_its_titles_and_tvmaze_and_applies_a_match(qtbot, make_window, example,
                                                                              paths, trakt_file):
    kept_one(example, paths, trakt_file)
    w = make_window(example)
    w.import_history()
    wizard = w.import_dialog
    assert wizard is not None
    qtbot.waitUntil(lambda: wizard.pending_row.isVisible(), timeout=10_000)
    wizard.by_hand_button.click()
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
    qtbot.waitUntil(lambda: w.import_dialog is None, timeout=5_000)


def test_the_wizard_closed_during_a_match(qtbot, make_window, example, paths, trakt_file):
    kept_one(example, paths, trakt_file)
    w = make_window(example)
    w.import_history()
    wizard = w.import_dialog
    wizard.match_by_hand()
    pending = wizard.pending_dialog
    release = threading.Event()
    real_apply = pending.importer.apply
    pending.importer.apply = lambda plan, **kw: (release.wait(10), real_apply(plan, **kw))[1]
    pending.series_box.setEditText("Bosch: Legacy")
    pending.match_selected()
    assert wizard.isVisible() and not wizard.busy  # nothing stops the wizard from going
    wizard.reject()  # from code (the window going, a restore): the wizard is deleted later
    qtbot.waitUntil(lambda: w.import_dialog is None, timeout=5_000)
    qtbot.wait(50)  # deleteLater runs
    release.set()
    w.runner.wait()
    qtbot.wait(200)  # the answer arrives at a deleted dialog
    assert w.statusBar().currentMessage().startswith("Imported")  # the window was told


# -- CLI: --match --series --------------------------------------------------------------------


@pytest.fixture
def cli(tmp_path, capsys):
    from watchtracker.app import main

    data = tmp_path / "cli-data"

    def run(*args: str):
        code = main([*args, "--data-dir", str(data)])
        out, err = capsys.readouterr()
        return code, out, err

    assert run("list")[0] == 0
    run.data = data
    return run


def _kept_by_cli(cli, tmp_path, trakt_file) -> int:  # noqa: F811 - the fixture's value
    from watchtracker.storage.database import open_database

    engine = open_database(cli.data / "library.sqlite")
    try:
        ImportService(engine).apply(ImportService(engine).plan(ImportService(engine).read(trakt_file),
                                                               offline=True))
    finally:
        engine.dispose()
    code, out, _ = cli("import", "--pending", "--json")
    assert code == 0
    return json.loads(out)[0]["id"]


def test_cli_match_to_a_series_id_or_a_kept_id_that_does_not_exist(cli, tmp_path, trakt_file):
    from watchtracker.storage.database import open_database

    kept = _kept_by_cli(cli, tmp_path, trakt_file)
    engine = open_database(cli.data / "library.sqlite")
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


def test_cli_match_to_a_series_titled_with_a_number(cli, tmp_path, trakt_file):
    from watchtracker.storage.database import open_database

    kept = _kept_by_cli(cli, tmp_path, trakt_file)
    engine = open_database(cli.data / "library.sqlite")
    try:
        sid = add_series(engine, "1923", year=2022)
    finally:
        engine.dispose()
    assert sid != 1923
    code, out, err = cli("import", "--match", str(kept), "--series", "1923", "--offline", "--json")
    assert code == 0, err
    assert json.loads(out)["matched"][0]["series_id"] == sid


def test_cli_match_to_an_ambiguous_title_names_the_candidates(cli, tmp_path, trakt_file):
    from watchtracker.storage.database import open_database

    kept = _kept_by_cli(cli, tmp_path, trakt_file)
    engine = open_database(cli.data / "library.sqlite")
    try:
        add_series(engine, "Twin Title", year=1990)
        add_series(engine, "Twin Title", year=2017)
    finally:
        engine.dispose()
    before = cli("import", "--pending", "--json")[1]
    code, _out, err = cli("import", "--match", str(kept), "--series", "Twin Title", "--offline")
    assert code != 0 and "Twin Title" in err and "Traceback" not in err
    assert cli("import", "--pending", "--json")[1] == before  # still kept, nothing changed


# -- Preferences ----------------------------------------------------------------------------


def test_apply_settings_before_upcoming_was_ever_shown(qtbot, make_window, example, paths):
    w = make_window(example)
    upcoming = w.section_controllers["upcoming"]
    assert "upcoming" not in w._sections_seen and upcoming.upcoming is None
    w.apply_settings(replace(w.settings, upcoming_days=45))
    assert w.upcoming_page.days() == 45
    assert Settings.load(paths.settings_file).upcoming_days == 45
    with qtbot.waitSignal(upcoming.loaded, timeout=10_000):
        w.show_section("upcoming")
    assert w.upcoming_page.filters()["days"] == 45
    assert w.settings.upcoming_days == 45


def test_apply_settings_with_the_refresh_timer_stopped_keeps_it_stopped(qtbot, make_window, example):
    w = make_window(example)
    assert not w._refresh_timer.isActive()
    w.apply_settings(replace(w.settings, refresh_hours=2.0))
    assert not w._refresh_timer.isActive() and w.refresh_hours == 2.0


def test_a_settings_file_that_cannot_be_written_is_said_and_the_window_goes_on(qtbot, make_window, example):
    w = make_window(example)

    def read_only(settings):
        raise PermissionError(13, "Permission denied", "settings.json")

    w.save_settings = read_only
    new = replace(w.settings, feeds_minutes=90.0, include_specials=True)
    w.apply_settings(new)
    assert "Could not save the settings" in w.statusBar().currentMessage()
    assert w.settings == new  # in effect for this session
    assert w.alerts_controller.poll_minutes == 90.0
    assert w.section_controllers["upnext"].include_specials
    with qtbot.waitSignal(w.library_loaded, timeout=10_000):
        w.reload_library()  # still working


def test_edit_preferences_applies_what_the_dialog_chose(qtbot, make_window, example, paths, monkeypatch):
    w = make_window(example)

    def exec_(dialog):
        dialog.backups_to_keep.setValue(11)
        return 1

    monkeypatch.setattr(PreferencesDialog, "exec", exec_)
    w.edit_preferences()
    assert w.views.backups.keep == 11 and Settings.load(paths.settings_file).backups_to_keep == 11


def test_a_new_interval_does_not_push_out_a_pending_retry(qtbot, make_window, example):
    w = make_window(example)
    w._refresh_timer.start(30 * 60_000)  # as refresh_online's failed() arms it
    w.apply_settings(replace(w.settings, refresh_hours=24.0))
    assert w._refresh_timer.remainingTime() <= 30 * 60_000 * 1.05  # a coarse timer: within 5 %


def test_preferences_chosen_while_the_library_opens_are_applied_when_it_is_open(qtbot, services, paths, crash):
    runner = TaskRunner()
    state = QSettings(str(paths.ui_state_file), QSettings.Format.IniFormat)
    w = MainWindow(None, None, runner, state, paths.database, crash, settings=Settings(),
                   save_settings=lambda s: s.save(paths.settings_file))
    qtbot.addWidget(w)
    w.show()
    assert w.preferences_action.isEnabled()  # while "Opening your library…"
    w.apply_settings(replace(w.settings, feeds_minutes=180.0, backups_to_keep=12))
    w.attach(services.library, services.catalog, services.online, services.alerts, services.feeds,
             views=views_of(services))
    try:
        assert (w.alerts_controller.poll_minutes, w.views.backups.keep) == (180.0, 12)
    finally:
        runner.wait()
        w.net.wait()
        w.ask.wait()


def test_ok_without_changes_changes_nothing(qtbot):
    settings = Settings(refresh_hours=6.25, feeds_minutes=22.5)
    d = PreferencesDialog(settings)
    qtbot.addWidget(d)
    assert d.chosen() == settings
