"""The logic behind the Up next page: loading on the read lane, "Watched" through the undo stack,
and refreshing only the rows of the series a change touched."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from watchtracker.domain.models import UpNextRow
from watchtracker.services.changes import Changes
from watchtracker.services.library import LibraryService
from watchtracker.services.schedule import ScheduleService

from watchtracker.ui.commands import WatchCommand, start
from watchtracker.ui.tasks import Lane
from watchtracker.ui.upnext.page import UpNextPage

ROW_REFRESH_LIMIT = 25  # more series changed at once than this: read the whole list again


class _Host:
    """What a WatchCommand runs on and reports to: the library lane, the window's bridge (which
    hands the change to every view, this page included, through ``on_changes``) and its error
    reporting."""

    def __init__(
        self,
        library_lane: Lane,
        apply_changes: Callable[[Changes], None],
        report_error: Callable[[BaseException], None],
    ):
        self.library_lane = library_lane
        self.apply_changes = apply_changes
        self.report_error = report_error


class UpNextController(QObject):
    """Signals: ``loaded()`` when the page shows the whole list as it is now (after ``reload``);
    ``rows_updated()`` when the rows of some series were refreshed (after ``on_changes``);
    ``specials_changed(bool)`` when the viewer (or ``set_include_specials``) changed the setting.

    Marking watched runs a ``WatchCommand`` (pushed on ``undo_stack`` when there is one), whose
    change goes to ``apply_changes``: the window must hand every change back to ``on_changes``,
    as it does for every view; that is how the row moves on to the next episode."""

    loaded = Signal()
    rows_updated = Signal()
    specials_changed = Signal(bool)

    def __init__(
        self,
        page: UpNextPage,
        schedule: ScheduleService,
        library: LibraryService,
        *,
        library_lane: Lane,
        apply_changes: Callable[[Changes], None],
        open_series: Callable[[int], None],
        status: Callable[[str, int], None],
        report_error: Callable[[BaseException], None],
        undo_stack: QUndoStack | None = None,
        include_specials: bool = False,
        parent=None,
    ):
        super().__init__(parent)
        self.page, self.schedule, self.library = page, schedule, library
        self.library_lane = library_lane
        self.apply_changes, self.open_series = apply_changes, open_series
        self.status, self.report_error = status, report_error
        self.undo_stack = undo_stack
        self.include_specials = include_specials
        self._host = _Host(library_lane, apply_changes, report_error)
        self._marking: set[int] = set()  # series whose episode is being marked watched
        self._generation = 0  # bumped by each reload: row answers asked before it are stale
        self._inflight: Counter[int] = Counter()  # series whose row is being read again
        page.set_include_specials(include_specials)
        page.watch_requested.connect(self.watch)
        page.series_requested.connect(self.open_series)
        page.specials_toggled.connect(self.set_include_specials)

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        specials = self.include_specials
        self.page.show_loading()

        def load():
            rows = self.schedule.up_next(include_specials=specials)
            return rows, self.schedule.today()

        def done(result) -> None:
            if generation != self._generation:
                return  # a newer reload is on its way
            rows, today = result
            self.page.set_rows(rows, today, self.schedule.local)
            self.loaded.emit()

        self.library_lane.run(load, done, self._failed)

    def on_changes(self, changes: Changes) -> None:
        if not changes:
            return
        ids = set(changes.series | changes.added | changes.removed)
        if changes.everything or len(ids) > ROW_REFRESH_LIMIT:
            self.reload()
        elif ids:
            self.refresh_rows(ids)

    def refresh_rows(self, series_ids: Iterable[int]) -> None:
        """Read the rows of these series again (the ones no longer in Up next leave)."""
        ids = sorted(set(series_ids))
        generation = self._generation
        specials = self.include_specials
        self._inflight.update(ids)

        def load():
            rows = {sid: self.schedule.up_next_row(sid, include_specials=specials) for sid in ids}
            return rows, self.schedule.today()

        def done(result) -> None:
            self._inflight.subtract(ids)
            self._inflight = +self._inflight
            if generation != self._generation:
                return  # a reload asked after this one brings every row anyway
            rows, today = result
            self.page.update_rows(rows, today)
            self.rows_updated.emit()

        def failed(exc: BaseException) -> None:
            self._inflight.subtract(ids)
            self._inflight = +self._inflight
            self._failed(exc)

        self.library_lane.run(load, done, failed)

    def set_include_specials(self, on: bool) -> None:
        on = bool(on)
        self.page.set_include_specials(on)
        if on == self.include_specials:
            return
        self.include_specials = on
        self.specials_changed.emit(on)
        self.reload()

    def _failed(self, exc: BaseException) -> None:
        self.report_error(exc)

    # -- watching --------------------------------------------------------------------------
    def watch(self, row: UpNextRow) -> None:
        """Mark the row's episode watched, undoably, on the library lane; the row moves on when
        its new state is read."""
        if self._inflight[row.series_id] or row.series_id in self._marking:
            return  # the row still shows the episode being marked: a second press would do nothing
        label = self.tr("Mark {title} {episode} watched").format(title=row.title, episode=row.code)
        command = WatchCommand(self._host, self.library, "mark", [row.episode_id], label)
        self._marking.add(row.series_id)

        def done(_command) -> None:
            self._marking.discard(row.series_id)
            if not self._inflight[row.series_id]:
                # the change did not come back through on_changes (or changed nothing, when it
                # was watched elsewhere meanwhile): read the row here, so that it moves on
                self.refresh_rows([row.series_id])
            if not command.count:
                said = self.tr("{title} {episode} was already watched.")
            elif self.undo_stack is not None:
                said = self.tr("Watched {title} {episode}. Undo with Ctrl+Z.")
            else:
                said = self.tr("Watched {title} {episode}.")
            self.status(said.format(title=row.title, episode=row.code), 6000)

        def failed(exc: BaseException) -> None:  # a locked database, a deleted episode: explained
            self._marking.discard(row.series_id)
            self.report_error(exc)

        start(self._host, self.undo_stack, command, done, failed)


__all__ = ["UpNextController"]
