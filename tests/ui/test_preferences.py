"""Edit → Preferences…: the dialog shows the settings within their limits, and the window
applies what was chosen at once and saves it."""

from __future__ import annotations

import json
from dataclasses import replace

from watchtracker.settings import Settings
from watchtracker.ui.preferences_dialog import PreferencesDialog


def test_the_dialog_shows_the_settings_and_keeps_to_their_limits(qtbot):
    d = PreferencesDialog(Settings(refresh_hours=12.0, feeds_minutes=30.0, upcoming_days=90,
                                   include_specials=True, backups_to_keep=7))
    qtbot.addWidget(d)
    assert d.chosen() == Settings(refresh_hours=12.0, feeds_minutes=30.0, upcoming_days=90,
                                  include_specials=True, backups_to_keep=7)
    d.refresh_hours.setValue(0.1)  # below the polite minimum
    d.feeds_minutes.setValue(5)
    d.upcoming_days.setValue(1000)
    d.backups_to_keep.setValue(0)
    chosen = d.chosen()
    assert (chosen.refresh_hours, chosen.feeds_minutes, chosen.upcoming_days, chosen.backups_to_keep) == \
        (1.0, 15.0, 366, 1)
    assert chosen.tvmaze_url == Settings().tvmaze_url  # not shown, kept


def test_the_window_applies_and_saves_new_preferences(qtbot, make_window, example, paths):
    w = make_window(example)
    assert w.preferences_action.isEnabled()
    w.show_section("upnext")
    new = replace(w.settings, refresh_hours=24.0, feeds_minutes=120.0, upcoming_days=90,
                  include_specials=True, backups_to_keep=9)
    w.apply_settings(new)
    assert w.settings == new
    assert json.loads(paths.settings_file.read_text())["refresh_hours"] == 24.0
    assert Settings.load(paths.settings_file) == new
    assert w.refresh_hours == 24.0
    assert w.alerts_controller.poll_minutes == 120.0
    assert w.views.backups.keep == 9
    assert w.section_controllers["upnext"].include_specials
    assert w.section_controllers["upcoming"].include_specials
    assert w.upcoming_page.days() == 90
    w.apply_settings(new)  # the same again: nothing to do
    assert Settings.load(paths.settings_file) == new
