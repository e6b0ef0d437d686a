"""Library > Export the library…: where to write it (JSON or CSV, chosen by the file dialog's
filter or the name's extension) and what to say afterwards. The writing is
services/export.py's (whole or not at all)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from watchtracker.domain.i18n import QT_TRANSLATE_NOOP, translate

if TYPE_CHECKING:
    from watchtracker.services.transfer.export import LibraryExportResult

# English, marked for translation; the file dialog shows (and gives back) them translated
JSON_FILTER = QT_TRANSLATE_NOOP("library_export", "watchtracker JSON (*.json)")
CSV_FILTER = QT_TRANSLATE_NOOP("library_export", "Viewings as CSV (*.csv)")
_EXTENSIONS = {JSON_FILTER: ".json", CSV_FILTER: ".csv"}


def _extension(name_filter: str) -> str:
    """The extension of a filter, as given (English) or as the dialog showed it (translated)."""
    for english, extension in _EXTENSIONS.items():
        if name_filter in (english, translate("library_export", english)):
            return extension
    return ".json"


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
    return path.with_name(path.name + _extension(name_filter))


def is_csv(path: Path) -> bool:
    return path.suffix.lower() == ".csv"


def ask_export_path(parent: QWidget, folder: Path) -> Path | None:
    """The platform's save dialog; None when the viewer cancels."""
    json_filter, csv_filter = translate("library_export", JSON_FILTER), translate("library_export", CSV_FILTER)
    chosen, name_filter = QFileDialog.getSaveFileName(
        parent,
        translate("library_export", "Export the library"),
        str(folder / suggested_name()),
        f"{json_filter};;{csv_filter}",
        json_filter,
    )
    return export_target(chosen, name_filter) if chosen else None


def result_text(result: LibraryExportResult) -> str:
    """ "Exported 12 series and 340 viewings to /home/me/watchtracker-export-2026-11-24.json." """
    series, viewings = result.series, result.viewings  # lupdate takes a count only as a plain name
    what = translate("library_export", "%n series", "", series)  # one series, two series
    viewings_text = translate("library_export", "%n viewing(s)", "", viewings)
    if result.format == "csv":
        text = translate("library_export", "Exported {viewings} of {series} to {path} (CSV).")
    else:
        text = translate("library_export", "Exported {series} and {viewings} to {path}.")
    return text.format(series=what, viewings=viewings_text, path=result.path)
