"""The logic behind the Library page: loading the rows (the preview read before the library was
open, then the live ones), refreshing only the rows of the series a change touched, and the
library's own edits: Add series by hand…, Delete, Load the example library; from a row's context
menu also its next episode watched, Edit… and Unfollow, each the same undoable command as on
Up next or the series' page."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from watchtracker.domain.i18n import translate
from watchtracker.domain.inputs import SeriesInput
from watchtracker.domain.models import LibraryRow, SeriesDetail
from watchtracker.services.changes import Changes

from watchtracker.ui.changes import ChangeBus
from watchtracker.ui.commands import (
    AddSeriesCommand,
    DeleteSeriesCommand,
    EditSeriesCommand,
    FollowCommand,
    UndoCommand,
    WatchCommand,
    start,
)
from watchtracker.ui.common import messages
from watchtracker.ui.library.page import LibraryPage
from watchtracker.ui.library.series_dialog import SeriesDialog, series_input
from watchtracker.ui.tasks import Lane

if TYPE_CHECKING:  # loaded after the window shows: see application.run_gui
    from watchtracker.services.catalog import CatalogService
    from watchtracker.services.library import LibraryService


log = logging.getLogger(__name__)


def example_loaded_text(added: int, followed: int) -> str:
    """What was loaded, and what of it the Library lists (it lists the series you follow)."""
    if followed == added:
        text = translate(
            "LibraryController",
            "Loaded the example library: %Ln series of the Bosch universe, all followed: "
            "see them here, in Up next and in Alerts.",
            "",
            added,
        )
    elif followed == 0:
        text = translate(
            "LibraryController",
            "Loaded the example library: %Ln series of the Bosch universe, none followed yet: find them in Franchises.",
            "",
            added,
        )
    else:
        text = translate(
            "LibraryController",
            "Loaded the example library: %Ln series of the Bosch universe; you follow {followed} (listed here), "
            "the others are in Franchises.",
            "",
            added,
        )
    return text.format(followed=followed)


def confirm_delete(parent, detail: SeriesDetail) -> bool:
    """Delete asks first, naming what goes with the series."""
    viewings = sum(e.plays for e in detail.episodes())
    lost = [translate("LibraryController", "%Ln viewing(s)", "", viewings)] if viewings else []
    if detail.notes:
        lost.append(translate("LibraryController", "your notes"))
    if detail.rating:
        lost.append(translate("LibraryController", "your rating"))
    if not lost:
        what = translate("LibraryController", "nothing you recorded")
    elif len(lost) == 1:
        what = lost[0]
    else:
        what = translate("LibraryController", "{items} and {last}", "a list").format(
            items=translate("LibraryController", ", ", "between items of a list").join(lost[:-1]), last=lost[-1]
        )
    return messages.confirm(
        parent,
        translate("LibraryController", "Delete “{title}” from your library?").format(title=detail.title),
        translate("LibraryController", "Delete"),
        translate(
            "LibraryController",
            "With it go {what}. Until you close watchtracker, Edit → Undo brings it all back; after that, "
            "only a backup does (Library → Backups…).",
        ).format(what=what),
    )


class LibraryController(QObject):
    """Signals: ``loaded()`` when the live rows are on the page (after ``reload``); ``rows_read(list)``
    just before, with the rows of a whole reading of the library (not with the few a change touched);
    ``preview_shown()`` when rows read before the library was open are on it; ``counted(int)``
    with the number of series whenever the rows changed; ``series_deleted(int)`` when a delete
    the viewer asked for went through; ``example_loading(bool)`` while the example library loads.

    Until ``attach`` (the library is not open yet) every edit refuses quietly."""

    loaded = Signal()
    rows_read = Signal(object)
    preview_shown = Signal()
    counted = Signal(int)
    series_deleted = Signal(int)
    example_loading = Signal(bool)

    def __init__(
        self,
        page: LibraryPage,
        *,
        library_lane: Lane,
        bus: ChangeBus,
        open_series: Callable[[int], None],
        status: Callable[[str, int], None],
        report_error: Callable[[BaseException], None],
        undo_stack: QUndoStack,
        parent=None,
    ):
        super().__init__(parent)
        self.page, self.library_lane, self.bus = page, library_lane, bus
        self.open_series, self.status, self.report_error = open_series, status, report_error
        self.undo_stack = undo_stack
        self.library: LibraryService | None = None
        self.catalog: CatalogService | None = None
        bus.changed.connect(self.on_changes)
        page.series_opened.connect(open_series)
        page.example_requested.connect(self.load_example)
        page.delete_requested.connect(self.delete_series)
        page.watch_next_requested.connect(self.watch_next)
        page.edit_requested.connect(self.edit_series)
        page.unfollow_requested.connect(self.unfollow)

    def attach(self, library: LibraryService, catalog: CatalogService | None) -> None:
        self.library, self.catalog = library, catalog

    def apply_changes(self, changes: Changes) -> None:  # what the undo commands report to
        self.bus.publish(changes)

    def set_ready(self, ready: bool, *, can_import: bool) -> None:
        """Before the library is open (and while it is replaced) nothing on the page acts on it."""
        p = self.page
        for widget in (p.add_button, p.example_button, p.empty_add_button, p.delete_action, p.search, p.state):
            widget.setEnabled(ready)
        p.empty_import_button.setVisible(can_import or not ready)
        p.empty_import_button.setEnabled(ready and can_import)

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        self.library_lane.run(self.library.library, self._on_loaded, self.report_error)

    def load_first(self, still_current: Callable[[], bool] | None) -> None:
        """The first reading once the library is open. When the preview's rows are on the page
        and ``still_current()`` (asked on the lane) says a reading now would give the same rows,
        they are kept as the live ones and the library is not read again; otherwise it is."""
        if still_current is None or not self.page.loaded:
            self.reload()
            return
        library = self.library

        def read() -> list[LibraryRow] | None:
            try:
                if still_current():
                    return None
            except Exception:  # unsure: read it
                log.debug("preview not checked", exc_info=True)
            return library.library()

        self.library_lane.run(read, self._on_first_loaded, self.report_error)

    def _on_first_loaded(self, rows: list[LibraryRow] | None) -> None:
        if rows is not None:
            self._on_loaded(rows)
            return
        self._count()  # the preview's rows, now live
        self.loaded.emit()

    def _on_loaded(self, rows: list[LibraryRow]) -> None:
        self.rows_read.emit(rows)
        self.page.set_rows(rows)
        self._count()
        self.loaded.emit()

    def show_preview(self, rows: list[LibraryRow] | None) -> None:
        """Rows read before the library was open: shown until the live ones arrive."""
        if rows is None or self.library is not None or self.page.loaded:
            return
        self.page.set_rows(rows)
        self.page.search.setEnabled(True)  # filtering works on these rows already
        self.page.state.setEnabled(True)
        self._count()
        self.preview_shown.emit()

    def on_changes(self, changes: Changes) -> None:
        """Everything: read the library again; else only the rows of the series touched."""
        if changes.everything:
            self.reload()
            return
        ids = set(changes.series | changes.added | changes.removed)
        if ids:
            self.library_lane.run(
                lambda: self.library.library(ids), lambda rows: self._on_rows_changed(ids, rows), self.report_error
            )

    def _on_rows_changed(self, ids: set[int], rows: list[LibraryRow]) -> None:
        present = {r.series_id for r in rows}
        self.page.update_rows(rows, removed=ids - present)
        self._count()

    def forget(self, series_id: int) -> None:
        """A series found gone (deleted elsewhere, or by an undo): its row leaves."""
        self.page.update_rows([], removed=[series_id])
        self._count()

    def _count(self) -> None:
        self.counted.emit(self.page.model.rowCount())

    # -- edits -----------------------------------------------------------------------------
    def add_series(self) -> None:
        """Library > Add series by hand…: the form (the titles it offers as relations read
        first), then the new series' page."""
        library, catalog = self.library, self.catalog
        if library is None or catalog is None:  # not open yet: nothing to act on
            return
        added: list[int | None] = []

        def submit(data: SeriesInput, saved: Callable[[], None], refused: Callable[[BaseException], None]) -> None:
            def done(command: UndoCommand) -> None:
                added[:] = [command.series_id if isinstance(command, AddSeriesCommand) else None]
                saved()

            start(self, self.undo_stack, AddSeriesCommand(self, catalog, data), done, refused)

        def form(titles: list[tuple[int, str]]) -> None:
            dialog = SeriesDialog(titles, submit, parent=self.page.window(), on_error=self.report_error)
            if dialog.exec() and added and added[0] is not None:
                self.open_series(added[0])
                self.status(f"Added {dialog.title.text().strip()}.", 6000)

        self.library_lane.run(library.titles, form, self.report_error)

    def delete_series(self, series_id: int) -> None:
        library, catalog = self.library, self.catalog
        if library is None or catalog is None:  # not open yet: nothing to act on
            return

        def delete(detail) -> None:
            if not confirm_delete(self.page.window(), detail):
                return

            def done(_command: UndoCommand) -> None:
                self.series_deleted.emit(series_id)
                self.status(self.tr("Deleted {title}. Undo with Ctrl+Z.").format(title=detail.title), 10000)

            start(self, self.undo_stack, DeleteSeriesCommand(self, catalog, series_id, detail.title), done)

        self.library_lane.run(lambda: library.detail(series_id), delete, self.report_error)

    def _row(self, series_id: int) -> LibraryRow | None:
        at = self.page.model.row_for(series_id)
        return self.page.model.series_row(at) if at is not None else None

    def watch_next(self, series_id: int) -> None:
        """The row's next episode watched, as Up next's "Watched" does (one undoable command)."""
        library, row = self.library, self._row(series_id)
        if library is None or row is None or row.next_episode is None:
            return
        code, title = row.next_episode.code, row.title

        def mark(episode_ids: list[int]) -> None:
            command = WatchCommand(
                self,
                library,
                "mark",
                episode_ids,
                self.tr("Mark {title} {episode} watched").format(title=title, episode=code),
            )

            def done(_command: UndoCommand) -> None:
                if command.count:
                    self.status(
                        self.tr("Watched {title} {episode}. Undo with Ctrl+Z.").format(title=title, episode=code), 6000
                    )
                else:
                    self.status(
                        self.tr("{title} {episode} was already watched.").format(title=title, episode=code), 6000
                    )

            start(self, self.undo_stack, command, done)

        self.library_lane.run(
            lambda: [e.id for e in library.select_episodes(series_id, episode=code)], mark, self.report_error
        )

    def unfollow(self, series_id: int) -> None:
        """The series leaves the library, its viewings kept (as Unfollow on its page)."""
        library, row = self.library, self._row(series_id)
        if library is None or row is None:
            return
        title = row.title

        def done(_command: UndoCommand) -> None:
            self.status(
                self.tr("Unfollowed {title}; its viewings are kept. Undo with Ctrl+Z.").format(title=title), 8000
            )

        start(self, self.undo_stack, FollowCommand(self, library, series_id, False, title), done)

    def edit_series(self, series_id: int) -> None:
        """Edit… from the list: the same form and undoable edit as on the series' page."""
        library, catalog = self.library, self.catalog
        if library is None or catalog is None:  # not open yet: nothing to act on
            return

        def form(read: tuple[SeriesDetail, list[tuple[int, str]]]) -> None:
            detail, titles = read
            before = series_input(detail)

            def submit(data: SeriesInput, saved: Callable[[], None], refused: Callable[[BaseException], None]) -> None:
                command = EditSeriesCommand(self, catalog, series_id, before, data)
                start(self, self.undo_stack, command, lambda _command: saved(), refused)

            SeriesDialog(titles, submit, existing=detail, parent=self.page.window(), on_error=self.report_error).exec()

        self.library_lane.run(lambda: (library.detail(series_id), library.titles()), form, self.report_error)

    def load_example(self) -> None:
        """Library > Load the example library (on the library's lane)."""
        if self.library is None:  # not open yet: nothing to act on
            return
        self.example_loading.emit(True)
        self.page.example_button.setEnabled(False)

        def done(result) -> None:
            added, followed, changes = result
            self.example_loading.emit(False)
            self.page.example_button.setEnabled(True)
            if added:
                self.status(example_loaded_text(added, followed), 10000)
                self.bus.publish(changes | Changes(everything=True))  # every view: library, alerts, franchises…
            else:
                self.status(self.tr("The example library is already loaded."), 6000)

        def failed(exc: BaseException) -> None:
            self.example_loading.emit(False)
            self.page.example_button.setEnabled(True)
            self.report_error(exc)

        library = self.library
        engine = library.engine

        def load():
            from watchtracker.services.example import load_example

            before = {r.series_id for r in library.library()}
            added, changes = load_example(engine)
            followed = sum(1 for r in library.library() if r.series_id not in before)
            return added, followed, changes

        self.library_lane.run(load, done, failed)


__all__ = ["LibraryController"]
