"""Every dialog fits a 1,024 x 640 screen, even with a very long title in the library (one such
title made the add-by-hand form 2,068 px wide)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMenuBar

from watchtracker.domain.inputs import SeriesInput
from watchtracker.settings import Settings

from watchtracker.ui.alerts.feeds_dialog import FeedsDialog
from watchtracker.ui.franchises.dialogs import AddSeriesDialog, NameDialog, RelationDialog
from watchtracker.ui.help import ShortcutsDialog
from watchtracker.ui.library.series_dialog import SeriesDialog
from watchtracker.ui.online.search_dialog import OnlineSearchDialog
from watchtracker.ui.preferences import PreferencesDialog
from watchtracker.ui.tasks import SyncLane, TaskRunner
from watchtracker.ui.transfer.backups_dialog import BackupsDialog
from watchtracker.ui.transfer.pending_dialog import PendingDialog

LONG = "A Deliberately Long Title For A Series That Goes On And On " * 5


@pytest.fixture
def long_titled(example):
    example.catalog.add_series(SeriesInput(title=LONG.strip(), premiere="2027"))
    return example


def test_every_dialog_fits_a_small_screen(qtbot, long_titled, dialog_of):
    lib = long_titled
    titles = lib.library.titles()
    lane = TaskRunner()
    dialogs = {
        "Add by hand": SeriesDialog(titles, lambda *_: None),
        "Edit": SeriesDialog(titles, lambda *_: None, existing=lib.library.detail(lib.library.find("Bosch"))),
        "Preferences": PreferencesDialog(Settings()),
        "Backups": BackupsDialog(lib.backups, lambda _path: None),
        "Shows kept for later": PendingDialog(lib.importer, titles, write=lane.run),
        "News feeds": FeedsDialog(lib.feeds, SyncLane().run),
        "Keyboard shortcuts": ShortcutsDialog(QMenuBar()),
        "Find on TVmaze": OnlineSearchDialog(lane, lambda q: [], query=LONG),
        "New franchise": NameDialog(),
        "Add series to a franchise": AddSeriesDialog("Bosch universe", titles),
        "Add a relation": RelationDialog("Bosch universe", titles[:2], titles[2:]),
    }
    too_big = {}
    for name, dialog in dialogs.items():
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        size = dialog.size()
        if size.width() > 1024 or size.height() > 640:
            too_big[name] = size.toTuple()
    wizard = dialog_of(lib)
    qtbot.waitExposed(wizard)
    if wizard.width() > 1024 or wizard.height() > 640:
        too_big["Import"] = wizard.size().toTuple()
    lane.wait()
    assert too_big == {}
