"""The logic behind a series' page: opening one (and Back through the ones opened before), reading
it again when a change touched it, and its edits: watched, following, the viewer's own entry
(state, favourite, rating, notes), and Edit…. Reads and writes run on the library's lane."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from watchtracker.domain.i18n import translate
from watchtracker.domain.inputs import SeriesInput
from watchtracker.domain.models import SeriesDetail
from watchtracker.errors import ChangedElsewhere, NotFound
from watchtracker.services.changes import Changes

from watchtracker.ui.changes import ChangeBus
from watchtracker.ui.commands import EditSeriesCommand, FollowCommand, UndoCommand, WatchCommand, start
from watchtracker.ui.detail.page import DetailPage
from watchtracker.ui.library.series_dialog import SeriesDialog, series_input
from watchtracker.ui.reporting import offer_reload_or_keep
from watchtracker.ui.tasks import Lane

if TYPE_CHECKING:  # loaded after the window shows: see application.run_gui
    from watchtracker.services.catalog import CatalogService
    from watchtracker.services.library import LibraryService


class DetailController(QObject):
    """Signals: ``detail_shown(int)`` when a series' page is filled (opened, or read again after a
    change); ``series_gone(int)`` when a series asked for is no longer in the library (deleted
    elsewhere, or by an undo).

    The window gives the navigation: ``on_page()`` (is this page the one on screen),
    ``show_page()`` (put it there), ``show_library()`` and ``set_title(text)``."""

    detail_shown = Signal(int)
    series_gone = Signal(int)

    def __init__(
        self,
        page: DetailPage,
        *,
        library_lane: Lane,
        bus: ChangeBus,
        status: Callable[[str, int], None],
        report_error: Callable[[BaseException], None],
        undo_stack: QUndoStack,
        on_page: Callable[[], bool],
        show_page: Callable[[], None],
        show_library: Callable[[], None],
        set_title: Callable[[str], None],
        parent=None,
    ):
        super().__init__(parent)
        self.page, self.library_lane, self.bus = page, library_lane, bus
        self.status, self.report_error, self.undo_stack = status, report_error, undo_stack
        self.on_page, self.show_page, self.show_library, self.set_title = on_page, show_page, show_library, set_title
        self.library: LibraryService | None = None
        self.catalog: CatalogService | None = None
        self.history: list[int] = []  # the series opened before this one (Back)
        self._request: int | None = None  # the series whose page was asked for last
        self._pending_open: int | None = None  # asked for before the library was open
        # per series, the version of the viewer's entry its page's edits are based on: set on the
        # lane by each reading and each save (in the lane's order), so a save knows the one before
        self._entry_versions: dict[int, int | None] = {}
        bus.changed.connect(self.on_changes)
        page.back_requested.connect(self.back)
        page.series_requested.connect(self.open_series)
        page.watch_requested.connect(self.watch)
        page.follow_requested.connect(self.set_followed)
        page.entry_edited.connect(self.edit_entry)
        page.edit_requested.connect(self.edit_series)

    def attach(self, library: LibraryService, catalog: CatalogService | None) -> None:
        self.library, self.catalog = library, catalog

    def apply_changes(self, changes: Changes) -> None:  # what the undo commands report to
        self.bus.publish(changes)

    # -- opening ---------------------------------------------------------------------------
    def open_series(self, series_id: int) -> None:
        if self.library is None:  # a preview row: open it once the library is open
            self._pending_open = series_id
            self.status(self.tr("Opening your library…"), 0)
            return
        self._pending_open = None
        current = self.page.detail
        if self.on_page() and current is not None and current.id != series_id:
            self.history.append(current.id)
        self._load(series_id, show=True)

    def open_pending(self) -> None:
        """The library is open: the series clicked in the preview, if any."""
        if self._pending_open is not None:
            self.open_series(self._pending_open)

    def _load(self, series_id: int, show: bool) -> None:
        self._request = series_id

        def done(detail: SeriesDetail) -> None:
            if self._request != series_id:
                return  # the viewer has moved on
            self.page.show_detail(detail)
            if show:
                self.page.flush()
                self.show_page()
                self.page.episodes.setFocus()
            self.set_title(self.tr("{title} — watchtracker").format(title=detail.title))
            self.detail_shown.emit(series_id)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, NotFound):  # deleted meanwhile (an undo, the command line)
                self.series_gone.emit(series_id)
                if show and self.history:
                    self._load(self.history.pop(), show=True)
                    return
                if show:
                    self.status(self.tr("That series is no longer in the library (was it deleted elsewhere?)."), 8000)
                self.show_library()
                return
            self.report_error(exc)

        def read() -> SeriesDetail:
            detail = self.library.detail(series_id)
            self._entry_versions[series_id] = detail.entry_version
            return detail

        self.library_lane.run(read, done, failed)

    def back(self) -> None:
        """View > Back: the series opened before this one, else the library."""
        if not self.on_page():
            return
        self.page.flush()
        if self.history:
            self._load(self.history.pop(), show=True)
        else:
            self.show_library()

    def on_changes(self, changes: Changes) -> None:
        current = self.page.detail
        if current is not None and (changes.everything or current.id in changes.series | changes.removed):
            self._load(current.id, show=False)

    def leave_deleted(self, series_id: int) -> None:
        """The viewer deleted a series: if it is the one on screen, go to the library."""
        detail = self.page.detail
        if self.on_page() and detail and detail.id == series_id:
            self.page.detail = None
            self.show_library()

    # -- edits (each on the library lane) ---------------------------------------------------
    def _run(self, command: UndoCommand, on_done: Callable[[UndoCommand], None] | None = None) -> None:
        start(self, self.undo_stack, command, on_done)

    def watch(self, action: str, episode_ids: list[int], label: str) -> None:
        if self.library is None:  # not open yet: nothing to act on
            return
        said = {
            "mark": lambda n: translate("DetailController", "Marked %n episode(s) watched.", "", n),
            "unmark": lambda n: translate("DetailController", "Marked %n episode(s) not watched.", "", n),
            "rewatch": lambda n: translate("DetailController", "Marked %n episode(s) watched again.", "", n),
        }[action]

        def done(command: UndoCommand) -> None:
            self.status(said(command.count if isinstance(command, WatchCommand) else 0), 6000)

        self._run(WatchCommand(self, self.library, action, episode_ids, label), done)

    def set_followed(self, series_id: int, follow: bool) -> None:
        if self.library is None:
            return
        title = (
            self.page.detail.title if self.page.detail else self.tr("series", "an undo label's series with no title")
        )
        self._run(FollowCommand(self, self.library, series_id, follow, title))

    def edit_entry(self, series_id: int, fields: dict) -> None:
        """The viewer's own entry (state, favourite, rating, notes): saved as typed, not undoable
        (the field itself undoes typing)."""
        library = self.library
        if library is None:
            return

        def save(version: int | None = None) -> Changes:
            expected = version if version is not None else self._entry_versions.get(series_id)
            changes = library.update_entry(series_id, **fields, expected_version=expected)
            if expected is not None:
                self._entry_versions[series_id] = expected + 1
            return changes

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, ChangedElsewhere):
                self.report_error(exc)
                return
            offer_reload_or_keep(
                self.page.window(),
                exc,
                reload=lambda: self._load(series_id, show=False),
                keep_mine=lambda version: self.library_lane.run(lambda: save(version), self.bus.publish, failed),
            )

        self.library_lane.run(save, self.bus.publish, failed)

    def edit_series(self, series_id: int) -> None:
        """Series > Edit…: the form (the titles it offers as relations read first), saved undoably."""
        library, catalog = self.library, self.catalog
        if library is None or catalog is None:  # not open yet: nothing to act on
            return
        detail = self.page.detail
        if detail is None or detail.id != series_id:
            return
        before = series_input(detail)

        def submit(data: SeriesInput, saved: Callable[[], None], refused: Callable[[BaseException], None]) -> None:
            command = EditSeriesCommand(self, catalog, series_id, before, data, version=detail.version)

            def failed(exc: BaseException) -> None:
                if not isinstance(exc, ChangedElsewhere):
                    refused(exc)
                    return

                def keep_mine(version: int) -> None:
                    command.version = version
                    start(self, self.undo_stack, command, lambda _command: saved(), failed)

                refused(exc)  # the form says it, and stays open
                offer_reload_or_keep(
                    self.page.window(), exc, reload=lambda: self._load(series_id, show=False), keep_mine=keep_mine
                )

            start(self, self.undo_stack, command, lambda _command: saved(), failed)

        def form(titles: list[tuple[int, str]]) -> None:
            if self.page.detail is None or self.page.detail.id != series_id:
                return  # the viewer moved on while the titles were read
            SeriesDialog(titles, submit, existing=detail, parent=self.page.window(), on_error=self.report_error).exec()

        self.library_lane.run(library.titles, form, self.report_error)


__all__ = ["DetailController"]
