"""Undoable actions. Each calls a service and hands what changed to its host (the window).

The first run happens outside the undo stack (``execute``), so a refusal (bad input, a locked
database) reaches the caller as an exception and nothing is pushed; later undo/redo runs report
errors to the host instead of raising through Qt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand, QUndoStack

from watchtracker.domain.inputs import SeriesInput

if TYPE_CHECKING:  # the services (and the database libraries) load after the window shows
    from watchtracker.services.catalog import CatalogService, DeletedSeries
    from watchtracker.services.changes import Changes
    from watchtracker.services.library import LibraryService, ViewingRecord


class Host(Protocol):
    def apply_changes(self, changes: Changes) -> None: ...

    def report_error(self, exc: BaseException) -> None: ...


class Command(QUndoCommand):
    """An undo or redo that fails (a locked database) is reported, and the stack is moved back
    to where it was, so the next undo tries the same change again instead of skipping it."""

    def __init__(self, host: Host, text: str):
        super().__init__(text)
        self.host = host
        self.stack: QUndoStack | None = None
        self._skip_redo = False
        self._skip_undo = False

    def do(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        if not self._guard(self.do):
            self._step_back(undo=True)

    def undo(self) -> None:
        if self._skip_undo:
            self._skip_undo = False
            return
        if not self._guard(self.revert):
            self._step_back(undo=False)

    def _guard(self, fn) -> bool:
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - Qt cannot carry it; the host explains it
            self.host.report_error(exc)
            return False
        return True

    def _step_back(self, *, undo: bool) -> None:
        """Undo the stack's move (not the change, which did not happen), once Qt is done."""
        stack = self.stack
        if stack is None:
            return

        def back() -> None:
            if undo:
                self._skip_undo = True
                stack.undo()
            else:
                self._skip_redo = True
                stack.redo()

        QTimer.singleShot(0, back)


def execute(stack: QUndoStack, command: Command) -> None:
    """Run ``command`` now (exceptions reach the caller), then make it undoable."""
    command.do()
    command.stack = stack
    command._skip_redo = True
    stack.push(command)


class WatchCommand(Command):
    """Mark watched, mark unwatched, or watch again (one more viewing): a set of episodes."""

    def __init__(self, host: Host, library: LibraryService, action: str, episode_ids: list[int], label: str):
        super().__init__(host, label)
        self.library = library
        self.action, self.episode_ids = action, list(episode_ids)
        self.added: tuple[int, ...] = ()
        self.removed: tuple[ViewingRecord, ...] = ()
        self.states_before: tuple = ()
        self.count = 0

    def do(self) -> None:
        if self.action == "unmark":
            result = self.library.mark_unwatched(self.episode_ids)
            self.removed = result.removed
            self.count = len({r.episode_id for r in result.removed})
        else:
            fn = self.library.rewatch if self.action == "rewatch" else self.library.mark_watched
            result = fn(self.episode_ids)
            self.added = result.added
            self.states_before = result.states_before
            self.count = len(result.added)
        self.host.apply_changes(result.changes)

    def revert(self) -> None:
        if self.action == "unmark":
            result = self.library.restore_viewings(self.removed)
            self.host.apply_changes(result.changes)
        else:
            changes = self.library.remove_viewings(self.added).changes
            self.host.apply_changes(changes | self.library.restore_states(self.states_before))


class FollowCommand(Command):
    def __init__(self, host: Host, library: LibraryService, series_id: int, follow: bool, title: str):
        super().__init__(host, f"{'Follow' if follow else 'Unfollow'} {title}")
        self.library = library
        self.series_id, self.follow = series_id, follow
        self.entry: dict | None = None

    def _follow(self) -> None:
        if self.entry is not None:
            self.host.apply_changes(self.library.restore_entry(self.entry))
        else:
            self.host.apply_changes(self.library.follow(self.series_id))

    def _unfollow(self) -> None:
        self.entry, changes = self.library.unfollow(self.series_id)
        self.host.apply_changes(changes)

    def do(self) -> None:
        self._follow() if self.follow else self._unfollow()

    def revert(self) -> None:
        self._unfollow() if self.follow else self._follow()


class DeleteSeriesCommand(Command):
    def __init__(self, host: Host, catalog: CatalogService, series_id: int, title: str):
        super().__init__(host, f"Delete {title}")
        self.catalog = catalog
        self.series_id = series_id
        self.snapshot: DeletedSeries | None = None

    def do(self) -> None:
        self.snapshot, changes = self.catalog.delete_series(self.series_id)
        self.host.apply_changes(changes)

    def revert(self) -> None:
        assert self.snapshot is not None
        self.series_id, changes = self.catalog.restore_series(self.snapshot)
        self.host.apply_changes(changes)


class AddSeriesCommand(Command):
    """Undo deletes the new series; redo puts the very same one back."""

    def __init__(self, host: Host, catalog: CatalogService, data: SeriesInput):
        super().__init__(host, f"Add {' '.join(data.title.split())}")
        self.catalog, self.data = catalog, data
        self.series_id: int | None = None
        self.snapshot: DeletedSeries | None = None

    def do(self) -> None:
        if self.snapshot is None:
            self.series_id, changes = self.catalog.add_series(self.data)
        else:
            self.series_id, changes = self.catalog.restore_series(self.snapshot)
        self.host.apply_changes(changes)

    def revert(self) -> None:
        assert self.series_id is not None
        self.snapshot, changes = self.catalog.delete_series(self.series_id)
        self.host.apply_changes(changes)


class EditSeriesCommand(Command):
    """Undone by putting the previous form values back, and removing the relation the edit
    added (if it added one)."""

    def __init__(self, host: Host, catalog: CatalogService, series_id: int, before: SeriesInput, after: SeriesInput):
        super().__init__(host, f"Edit {' '.join(after.title.split())}")
        self.catalog, self.series_id = catalog, series_id
        self.before, self.after = before, after
        self.added_relation: tuple | None = None

    def do(self) -> None:
        relation = None
        if self.after.related_series_id is not None and self.after.relation_kind is not None:
            relation = (self.series_id, self.after.relation_kind, self.after.related_series_id)
            if self.catalog.has_relation(*relation):
                relation = None
        self.host.apply_changes(self.catalog.edit_series(self.series_id, self.after))
        self.added_relation = relation

    def revert(self) -> None:
        changes = self.catalog.edit_series(self.series_id, self.before)
        if self.added_relation is not None:
            changes = changes | self.catalog.remove_relation(*self.added_relation)
        self.host.apply_changes(changes)
