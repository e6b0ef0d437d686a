"""Edit → Preferences…: the dialog shows the settings within their limits, and the window
applies what was chosen at once and saves it."""

from __future__ import annotations

import json
from dataclasses import replace

from PySide6.QtCore import QSettings

from watchtracker.settings import Settings

from watchtracker.ui.application import views_of
from watchtracker.ui.main_window import MainWindow
from watchtracker.ui.preferences import PreferencesDialog
from watchtracker.ui.tasks import TaskRunner


def test_the_dialog_shows_the_settings_and_keeps_to_their_limits(qtbot):
    d = PreferencesDialog(
        Settings(refresh_hours=12.0, feeds_minutes=30.0, upcoming_days=90, include_specials=True, backups_to_keep=7)
    )
    qtbot.addWidget(d)
    assert d.chosen() == Settings(
        refresh_hours=12.0, feeds_minutes=30.0, upcoming_days=90, include_specials=True, backups_to_keep=7
    )
    d.refresh_hours.setValue(0.1)  # below the polite minimum
    d.feeds_minutes.setValue(5)
    d.upcoming_days.setValue(1000)
    d.backups_to_keep.setValue(0)
    chosen = d.chosen()
    assert (chosen.refresh_hours, chosen.feeds_minutes, chosen.upcoming_days, chosen.backups_to_keep) == (
        1.0,
        15.0,
        366,
        1,
    )
    assert chosen.tvmaze_url == Settings().tvmaze_url  # not shown, kept


def test_the_window_applies_and_saves_new_preferences(qtbot, make_window, example, paths):
    w = make_window(example)
    assert w.actions.preferences.isEnabled()
    w.show_section("upnext")
    new = replace(
        w.settings, refresh_hours=24.0, feeds_minutes=120.0, upcoming_days=90, include_specials=True, backups_to_keep=9
    )
    w.apply_settings(new)
    assert w.settings == new
    assert json.loads(paths.settings_file.read_text())["refresh_hours"] == 24.0
    assert Settings.load(paths.settings_file) == new
    assert w.online_controller.refresh_hours == 24.0
    assert w.alerts_controller.poll_minutes == 120.0
    assert w.views.backups.keep == 9
    assert w.sections.controllers["upnext"].include_specials
    assert w.sections.controllers["upcoming"].include_specials
    assert w.sections.upcoming_page.days() == 90
    w.apply_settings(new)  # the same again: nothing to do
    assert Settings.load(paths.settings_file) == new


# -- applied at once: before a page was shown, timers, a settings file that cannot be written ----


def test_apply_settings_before_upcoming_was_ever_shown(qtbot, make_window, example, paths):
    w = make_window(example)
    upcoming = w.sections.controllers["upcoming"]
    assert "upcoming" not in w.sections.seen and upcoming.upcoming is None
    w.apply_settings(replace(w.settings, upcoming_days=45))
    assert w.sections.upcoming_page.days() == 45
    assert Settings.load(paths.settings_file).upcoming_days == 45
    with qtbot.waitSignal(upcoming.loaded, timeout=10_000):
        w.show_section("upcoming")
    assert w.sections.upcoming_page.filters()["days"] == 45
    assert w.settings.upcoming_days == 45


def test_apply_settings_with_the_refresh_timer_stopped_keeps_it_stopped(qtbot, make_window, example):
    w = make_window(example)
    assert not w.online_controller._refresh_timer.isActive()
    w.apply_settings(replace(w.settings, refresh_hours=2.0))
    assert not w.online_controller._refresh_timer.isActive() and w.online_controller.refresh_hours == 2.0


def test_a_settings_file_that_cannot_be_written_is_said_and_the_window_goes_on(qtbot, make_window, example):
    w = make_window(example)

    def read_only(settings):
        raise PermissionError(13, "Permission denied", "settings.json")

    w.preferences.save = read_only
    new = replace(w.settings, feeds_minutes=90.0, include_specials=True)
    w.apply_settings(new)
    assert "Could not save the settings" in w.statusBar().currentMessage()
    assert w.settings == new  # in effect for this session
    assert w.alerts_controller.poll_minutes == 90.0
    assert w.sections.controllers["upnext"].include_specials
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
    w.online_controller._refresh_timer.start(30 * 60_000)  # as refresh_online's failed() arms it
    w.apply_settings(replace(w.settings, refresh_hours=24.0))
    assert w.online_controller._refresh_timer.remainingTime() <= 30 * 60_000 * 1.05  # a coarse timer: within 5 %


def test_preferences_chosen_while_the_library_opens_are_applied_when_it_is_open(qtbot, services, paths, crash):
    runner = TaskRunner()
    state = QSettings(str(paths.ui_state_file), QSettings.Format.IniFormat)
    w = MainWindow(
        None,
        None,
        runner,
        state,
        paths.database,
        crash,
        settings=Settings(),
        save_settings=lambda s: s.save(paths.settings_file),
    )
    qtbot.addWidget(w)
    w.show()
    assert w.actions.preferences.isEnabled()  # while "Opening your library…"
    w.apply_settings(replace(w.settings, feeds_minutes=180.0, backups_to_keep=12))
    w.attach(
        services.library, services.catalog, services.online, services.alerts, services.feeds, views=views_of(services)
    )
    try:
        assert (w.alerts_controller.poll_minutes, w.views.backups.keep) == (180.0, 12)
    finally:
        runner.wait()
        w.refresh_lane.wait()
        w.online_lane.wait()


def test_ok_without_changes_changes_nothing(qtbot):
    settings = Settings(refresh_hours=6.25, feeds_minutes=22.5)
    d = PreferencesDialog(settings)
    qtbot.addWidget(d)
    assert d.chosen() == settings
