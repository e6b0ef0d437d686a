"""Library > Export the library…: where to write it (JSON or CSV, chosen by the file dialog's
filter or the name's extension) and what to say afterwards. The writing is
services/export.py's (whole or not at all)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

if TYPE_CHECKING:
    from watchtracker.services.transfer.export import LibraryExportResult

JSON_FILTER = "watchtracker JSON (*.json)"
CSV_FILTER = "Viewings as CSV (*.csv)"
_EXTENSIONS = {JSON_FILTER: ".json", CSV_FILTER: ".csv"}


def default_folder(remembered: str | None = None) -> Path:
    """The folder last exported to, else Documents, else the home folder."""
    for candidate in (remembered, QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return Path.home()


def suggested_name(today: date | None = None) -> str:
    return f"watchtracker-export-{(today or date.today()):%Y-%m-%d}.json"


def export_target(chosen: str, name_filter: str = JSON_FILTER) -> Path:
    """The file to write: a name ending in .json or .csv says the format; any other name gets
    the extension of the filter chosen in the dialog ("my export" -> "my export.csv")."""
    path = Path(chosen).expanduser()
    if path.suffix.lower() in (".json", ".csv"):
        return path
    return path.with_name(path.name + _EXTENSIONS.get(name_filter, ".json"))


def is_csv(path: Path) -> bool:
    return path.suffix.lower() == ".csv"


def ask_export_path(parent: QWidget, folder: Path) -> Path | None:
    """The platform's save dialog; None when the viewer cancels."""
    chosen, name_filter = QFileDialog.getSaveFileName(
        parent, "Export the library", str(folder / suggested_name()), f"{JSON_FILTER};;{CSV_FILTER}", JSON_FILTER
    )
    return export_target(chosen, name_filter) if chosen else None


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def result_text(result: LibraryExportResult) -> str:
    """ "Exported 12 series and 340 viewings to /home/me/watchtracker-export-2026-11-24.json." """
    what = f"{result.series} series"  # one series, two series
    viewings = _count(result.viewings, "viewing")
    if result.format == "csv":
        return f"Exported {viewings} of {what} to {result.path} (CSV)."
    return f"Exported {what} and {viewings} to {result.path}."
