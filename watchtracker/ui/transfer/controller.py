"""Library > Import your history…, Export the library… and Backups…: one dialog of each at a
time (they are window-modal; only code could ask for a second). The import wizard reads and
matches on the lane the viewer waits for and writes on the library's; an export and a backup
are written on the library's lane. Restoring a backup replaces the library the window has open:
this only asks for it (``restore``); the application does it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings

from watchtracker.domain.i18n import translate
from watchtracker.errors import UserError
from watchtracker.services.changes import Changes

from watchtracker.ui.changes import ChangeBus
from watchtracker.ui.common import messages
from watchtracker.ui.tasks import Lane

if TYPE_CHECKING:  # services load after the window shows (application.run_gui); the rest: types only
    from watchtracker.services.backups import BackupService
    from watchtracker.services.library import LibraryService
    from watchtracker.services.transfer.export import ExportService
    from watchtracker.services.transfer.importer import ImportService

    from watchtracker.ui.library.page import LibraryPage
    from watchtracker.ui.online.controller import OnlineController

log = logging.getLogger(__name__)


class TransferController(QObject):
    """No signals: what an import changed goes to the change bus; a restore to ``restore(path)``.

    ``flush()`` saves what is being typed (a note) before a dialog opens: it belongs in an export
    or a backup. Until ``attach`` none of the three can open (``importer``, ``backups`` and
    ``exporter`` say which can)."""

    def __init__(
        self,
        page: LibraryPage,
        *,
        library_lane: Lane,
        online_lane: Lane,
        bus: ChangeBus,
        online: OnlineController,
        flush: Callable[[], None],
        restore: Callable[[Path], None],
        ui_state: QSettings,
        status: Callable[[str, int], None],
        report_error: Callable[[BaseException], None],
        parent=None,
    ):
        super().__init__(parent)
        self.page, self.library_lane, self.online_lane, self.bus, self.online = (
            page,
            library_lane,
            online_lane,
            bus,
            online,
        )
        self.flush, self.restore, self.ui_state = flush, restore, ui_state
        self.status, self.report_error = status, report_error
        self.library: LibraryService | None = None
        self.importer: ImportService | None = None
        self.backups: BackupService | None = None
        self.exporter: ExportService | None = None
        self.import_dialog = None  # ImportDialog, while one is open
        self.backups_dialog = None  # BackupsDialog, while one is open
        self.exporting = False  # an export under way
        page.import_requested.connect(self.import_history)

    def attach(
        self,
        library: LibraryService,
        importer: ImportService | None,
        backups: BackupService | None,
        exporter: ExportService | None,
    ) -> None:
        self.library, self.importer, self.backups, self.exporter = library, importer, backups, exporter

    def stop(self) -> None:
        """The window is closing: a running import step is cancelled (nothing changed, as on
        Ctrl+C in a terminal)."""
        if self.import_dialog is not None and self.import_dialog.busy:
            self.import_dialog.cancel_step()

    # -- import ----------------------------------------------------------------------------
    def import_history(self) -> None:
        """Import from another tracker's export (or our own); what it changed reaches every view."""
        if self.importer is None:
            return
        if self.import_dialog is not None:  # one at a time
            return
        from watchtracker.ui.transfer.import_wizard import ImportDialog

        self.flush()
        online = self.online.online is not None
        dialog = ImportDialog(
            self.importer,
            ask=self.online_lane.run,
            write=self.library_lane.run,
            online=online,
            parent=self.page.window(),
            titles=self.library.titles,
            find_online=self.online.choose_show if online else None,
            on_imported=self._on_imported,
        )
        dialog.finished.connect(lambda _result: self._forget_import_dialog(dialog))
        self.import_dialog = dialog
        dialog.open()

    def _forget_import_dialog(self, dialog) -> None:
        if self.import_dialog is dialog:
            self.import_dialog = None
        dialog.deleteLater()

    def _on_imported(self, changes: Changes) -> None:
        self.bus.publish(changes)
        n = len(changes.series | changes.added)
        self.status(
            translate("TransferController", "Imported: %n series changed or added.", "", n)
            if n
            else self.tr("Imported."),
            10000,
        )
        if changes.added:
            self.online.fetch_posters(sorted(changes.added))

    # -- backups ---------------------------------------------------------------------------
    def show_backups(self) -> None:
        """Library > Backups…: make a copy now (on the library's lane) or pick one to restore."""
        if self.backups is None or self.library is None:
            return
        if self.backups_dialog is not None:  # one at a time
            return
        from watchtracker.ui.transfer.backups_dialog import BackupsDialog

        self.flush()
        dialog = BackupsDialog(
            self.backups,
            self.restore,
            parent=self.page.window(),
            run=self.library_lane.run,
            made=lambda info: self.status(self.tr("Backed up the library: {name}.").format(name=info.path.name), 10000),
        )
        dialog.finished.connect(lambda _result: self._forget_backups_dialog(dialog))
        self.backups_dialog = dialog
        dialog.open()

    def _forget_backups_dialog(self, dialog) -> None:
        if self.backups_dialog is dialog:
            self.backups_dialog = None
        dialog.deleteLater()

    # -- export ----------------------------------------------------------------------------
    def export_library(self) -> None:
        """Library > Export the library…: everything as watchtracker JSON, or the viewings as CSV
        (chosen by the file's name); written on the library's lane, whole or not at all."""
        exporter = self.exporter
        if exporter is None or self.library is None or self.exporting:
            return
        path = self._ask_export_path()
        if path is None:
            return
        from watchtracker.ui.transfer.library_export import is_csv, result_text

        self.flush()  # notes being typed belong in the export
        self.exporting = True
        self.status(self.tr("Exporting the library to {path}…").format(path=path), 0)
        write = exporter.write_csv if is_csv(path) else exporter.write_json

        def done(result) -> None:
            self.exporting = False
            self.ui_state.setValue("export/folder", str(path.parent))
            self.status(result_text(result), 15000)

        def failed(exc: BaseException) -> None:
            self.exporting = False
            if isinstance(exc, (UserError, OSError)):
                log.warning("export failed: %s", exc)
                self.status(self.tr("The library was not exported."), 15000)
                messages.critical(
                    self.page.window(),
                    self.tr("The library was not exported: {error}\n\nNothing was written.").format(error=exc),
                )
            else:
                self.status("", 0)
                self.report_error(exc)

        self.library_lane.run(lambda: write(path), done, failed)

    def _ask_export_path(self) -> Path | None:
        """Where to export (the file dialog; tests replace this method)."""
        from watchtracker.ui.transfer.library_export import ask_export_path, default_folder

        remembered = self.ui_state.value("export/folder")
        return ask_export_path(self.page.window(), default_folder(remembered if isinstance(remembered, str) else None))


__all__ = ["TransferController"]
