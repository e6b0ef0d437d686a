"""Library > Export the library…: JSON or CSV through the window, the file name asked for (here
given by the test), the result in the status bar, a refusal said clearly."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from watchtracker.ui.common import messages
from watchtracker.ui.transfer.library_export import CSV_FILTER, JSON_FILTER, export_target, suggested_name


@pytest.fixture
def window(make_window, small, monkeypatch):
    w = make_window(small)
    asked: list[Path | None] = []
    w.export_to = lambda path: asked.append(path)
    monkeypatch.setattr(w.transfer_controller, "_ask_export_path", lambda: asked[-1])
    return w


def export(window, qtbot, path: Path | None) -> str:
    window.export_to(path)
    assert window.actions.export_library.isEnabled()
    window.actions.export_library.trigger()
    qtbot.waitUntil(lambda: not window.transfer_controller.exporting, timeout=10_000)
    window.library_lane.wait()
    return window.statusBar().currentMessage()


def test_export_json_through_the_window(window, qtbot, tmp_path, small):
    target = tmp_path / "out" / "watchtracker-export.json"
    target.parent.mkdir()
    said = export(window, qtbot, target)
    doc = json.loads(target.read_text(encoding="utf-8"))
    series = len(doc["series"])
    viewings = sum(len(e["viewings"]) for s in doc["series"] for e in s["episodes"])
    assert series > 0 and viewings > 0
    assert said == f"Exported {series} series and {viewings} viewings to {target}."
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary file left
    assert window.ui_state.value("export/folder") == str(target.parent)  # the next export starts there


def test_export_csv_through_the_window(window, qtbot, tmp_path):
    target = tmp_path / "viewings.csv"
    said = export(window, qtbot, target)
    with open(target, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][:3] == ["series", "season", "episode"]
    viewings = len(rows) - 1
    series = len({r[0] for r in rows[1:]})
    assert viewings > 0
    assert said == f"Exported {viewings} viewings of {series} series to {target} (CSV)."


def test_cancelling_the_file_dialog_exports_nothing(window, qtbot, tmp_path):
    assert export(window, qtbot, None) == ""
    assert list(tmp_path.glob("*.json")) == []


def test_an_export_that_cannot_be_written_says_so(window, qtbot, tmp_path, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(messages, "critical", lambda parent, text: shown.append(text))
    missing = tmp_path / "no such folder" / "library.json"
    said = export(window, qtbot, missing)
    assert said == "The library was not exported."
    assert len(shown) == 1
    assert shown[0].startswith(f"The library was not exported: cannot write {missing}")
    assert "does not exist" in shown[0] and "Nothing was written." in shown[0]
    assert not missing.parent.exists()
    # a folder given as the file
    folder = tmp_path / "a folder.json"
    folder.mkdir()
    export(window, qtbot, folder)
    assert "it is a folder" in shown[1]
    assert window.actions.export_library.isEnabled()  # and it can be tried again
    export(window, qtbot, tmp_path / "ok.json")
    assert (tmp_path / "ok.json").is_file()


def test_the_file_name_gets_the_extension_of_the_chosen_format():
    assert export_target("/x/library", JSON_FILTER) == Path("/x/library.json")
    assert export_target("/x/library", CSV_FILTER) == Path("/x/library.csv")
    assert export_target("/x/library.CSV", JSON_FILTER) == Path("/x/library.CSV")  # the name says
    assert export_target("/x/my.backup", CSV_FILTER) == Path("/x/my.backup.csv")
    assert suggested_name(date(2026, 11, 24)) == "watchtracker-export-2026-11-24.json"


def test_export_and_backups_wait_for_the_library(qtbot, paths, small):
    """Before the library is open (the window shows "Opening your library…") neither can run."""
    from PySide6.QtCore import QSettings

    from watchtracker.ui.application import views_of
    from watchtracker.ui.main_window import MainWindow
    from watchtracker.ui.tasks import TaskRunner

    w = MainWindow(None, None, TaskRunner(), QSettings(str(paths.ui_state_file), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    assert not w.actions.export_library.isEnabled() and not w.actions.backups.isEnabled()
    w.transfer_controller.export_library()  # a shortcut that slipped through does nothing
    w.transfer_controller.show_backups()
    assert w.transfer_controller.backups_dialog is None
    with qtbot.waitSignal(w.library_loaded, timeout=10_000):
        w.attach(small.library, small.catalog, views=views_of(small))
    assert w.actions.export_library.isEnabled() and w.actions.backups.isEnabled()
    w.library_lane.wait()
