"""Undoable edits. One base for all of them: every run of a command — the first, each undo and
each redo — goes to its host's library lane, so the GUI thread never waits on the database.

``do`` and ``revert`` run on the lane and return the ``Changes`` they made; the host hands those
to every view (the change bus). The lane runs one task after another, so an undo queued behind
its command's first run sees what that run stored on the command (the snapshot of a deleted
series, the viewings a "watched" added): ``do`` and ``revert`` store it themselves, on the
worker, before they return.

The first run happens before the command is on the stack (``start``): a refusal (bad input, a
locked database) reaches the caller's ``on_error`` and nothing is pushed. A later undo or redo
that fails is reported to the host and the stack is moved back, so the next undo tries the same
change again instead of skipping it.

Library commands are here; the franchise ones are in ``ui/franchises/commands.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from watchtracker.domain.i18n import translate
from watchtracker.domain.inputs import SeriesInput
from watchtracker.services.changes import Changes

if TYPE_CHECKING:
    from watchtracker.services.catalog import CatalogService, DeletedSeries
    from watchtracker.services.library import LibraryService, ViewingRecord

    from watchtracker.ui.tasks import Lane


class Host(Protocol):
    """What a command runs on and reports to: a controller (or the window)."""

    library_lane: Lane

    def apply_changes(self, changes: Changes) -> None: ...

    def report_error(self, exc: BaseException) -> None: ...


class UndoStack(QUndoStack):
    """The window's undo stack. Signals: ``said(str)`` once an undo or a redo has been done
    ("Undid “Delete Bosch”."), for the status line: what it said when the edit was made is
    no longer true."""

    said = Signal(str)


class UndoCommand(QUndoCommand):
    def __init__(self, host: Host, text: str):
        super().__init__(text)
        self.host = host
        self.stack: QUndoStack | None = None
        self._skip_redo = False
        self._skip_undo = False

    # on the library lane
    def do(self) -> Changes:
        raise NotImplementedError

    def revert(self) -> Changes:
        raise NotImplementedError

    # on the GUI thread, called by the stack
    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._queue(self.do, undo=False)

    def undo(self) -> None:
        if self._skip_undo:
            self._skip_undo = False
            return
        self._queue(self.revert, undo=True)

    def _queue(self, fn: Callable[[], Changes], *, undo: bool) -> None:
        stack = self.stack
        # the stack moves its index right after this returns: where it will be
        expected = (stack.index() + (-1 if undo else 1)) if stack is not None else None

        def failed(exc: BaseException) -> None:
            self.host.report_error(exc)
            if stack is not None:  # looked at once Qt is done (a synchronous lane fails before the move)
                QTimer.singleShot(0, lambda: self._step_back(stack, undo=undo, expected=expected))

        def done(changes: Changes) -> None:
            self.host.apply_changes(changes)
            if isinstance(stack, UndoStack):
                said = (
                    translate("UndoCommand", "Undid “{edit}”.") if undo else translate("UndoCommand", "Redid “{edit}”.")
                )
                stack.said.emit(said.format(edit=self.text()))

        self.host.library_lane.run(fn, done, failed)

    def _step_back(self, stack: QUndoStack, *, undo: bool, expected: int | None) -> None:
        """Undo the stack's move (not the change, which did not happen), if nothing moved since."""
        if stack.index() != expected:
            return
        if undo:
            self._skip_redo = True
            stack.redo()
        else:
            self._skip_undo = True
            stack.undo()


def start(
    host: Host,
    stack: QUndoStack | None,
    command: UndoCommand,
    on_done: Callable[[UndoCommand], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
) -> None:
    """Run ``command`` for the first time on the library lane; when it worked, hand its changes
    to the host, put it on ``stack`` (if any) and call ``on_done(command)``; when it did not,
    ``on_error`` (default: the host reports it) and nothing is pushed."""

    def done(changes: Changes) -> None:
        host.apply_changes(changes)
        if stack is not None:
            command.stack = stack
            command._skip_redo = True
            stack.push(command)
        if on_done is not None:
            on_done(command)

    host.library_lane.run(command.do, done, on_error or host.report_error)


# -- watching -----------------------------------------------------------------------------------


class WatchCommand(UndoCommand):
    """Mark watched, mark unwatched, or watch again (one more viewing): a set of episodes."""

    def __init__(self, host: Host, library: LibraryService, action: str, episode_ids: list[int], label: str):
        super().__init__(host, label)
        self.library = library
        self.action, self.episode_ids = action, list(episode_ids)
        self.added: tuple[int, ...] = ()
        self.removed: tuple[ViewingRecord, ...] = ()
        self.states_before: tuple = ()
        self.count = 0

    def do(self) -> Changes:
        if self.action == "unmark":
            result = self.library.mark_unwatched(self.episode_ids)
            self.removed = result.removed
            self.count = len({r.episode_id for r in result.removed})
            return result.changes
        fn = self.library.rewatch if self.action == "rewatch" else self.library.mark_watched
        marked = fn(self.episode_ids)
        self.added = marked.added
        self.states_before = marked.states_before
        self.count = len(marked.added)
        return marked.changes

    def revert(self) -> Changes:
        if self.action == "unmark":
            return self.library.restore_viewings(self.removed).changes
        changes = self.library.remove_viewings(self.added).changes
        return changes | self.library.restore_states(self.states_before)


# -- following ----------------------------------------------------------------------------------


class FollowCommand(UndoCommand):
    def __init__(self, host: Host, library: LibraryService, series_id: int, follow: bool, title: str):
        text = (
            translate("FollowCommand", "Follow {title}") if follow else translate("FollowCommand", "Unfollow {title}")
        )
        super().__init__(host, text.format(title=title))
        self.library = library
        self.series_id, self.follow = series_id, follow
        self.entry: dict | None = None

    def _follow(self) -> Changes:
        if self.entry is not None:
            return self.library.restore_entry(self.entry)
        return self.library.follow(self.series_id)

    def _unfollow(self) -> Changes:
        self.entry, changes = self.library.unfollow(self.series_id)
        return changes

    def do(self) -> Changes:
        return self._follow() if self.follow else self._unfollow()

    def revert(self) -> Changes:
        return self._unfollow() if self.follow else self._follow()


# -- the series itself --------------------------------------------------------------------------


class DeleteSeriesCommand(UndoCommand):
    def __init__(self, host: Host, catalog: CatalogService, series_id: int, title: str):
        super().__init__(host, translate("DeleteSeriesCommand", "Delete {title}").format(title=title))
        self.catalog = catalog
        self.series_id = series_id
        self.snapshot: DeletedSeries | None = None

    def do(self) -> Changes:
        self.snapshot, changes = self.catalog.delete_series(self.series_id)
        return changes

    def revert(self) -> Changes:
        assert self.snapshot is not None
        self.series_id, changes = self.catalog.restore_series(self.snapshot)
        return changes


class AddSeriesCommand(UndoCommand):
    """Undo deletes the new series; redo puts the very same one back."""

    def __init__(self, host: Host, catalog: CatalogService, data: SeriesInput):
        super().__init__(host, translate("AddSeriesCommand", "Add {title}").format(title=" ".join(data.title.split())))
        self.catalog, self.data = catalog, data
        self.series_id: int | None = None
        self.snapshot: DeletedSeries | None = None

    def do(self) -> Changes:
        if self.snapshot is None:
            self.series_id, changes = self.catalog.add_series(self.data)
        else:
            self.series_id, changes = self.catalog.restore_series(self.snapshot)
        return changes

    def revert(self) -> Changes:
        assert self.series_id is not None
        self.snapshot, changes = self.catalog.delete_series(self.series_id)
        return changes


class EditSeriesCommand(UndoCommand):
    """The form's fields, and its relation: ``before`` holds the relation the form showed (if
    any), ``after`` the one chosen. A changed relation replaces the one shown. Undone by putting
    the previous values back: the relation shown comes back, the one the edit added goes.

    ``version``: the series' version the form was filled from (None: not checked); each run saves
    with it and moves it on, so an undo or redo over another computer's change is refused
    (ChangedElsewhere), never written over it. The series is saved first: refused, nothing changed."""

    def __init__(
        self,
        host: Host,
        catalog: CatalogService,
        series_id: int,
        before: SeriesInput,
        after: SeriesInput,
        version: int | None = None,
    ):
        super().__init__(
            host, translate("EditSeriesCommand", "Edit {title}").format(title=" ".join(after.title.split()))
        )
        self.catalog, self.series_id = catalog, series_id
        self.before, self.after = before, after
        self.version = version
        self.added_relation: tuple | None = None

    def _relation(self, data: SeriesInput) -> tuple | None:
        if data.related_series_id is None or data.relation_kind is None:
            return None
        return (self.series_id, data.relation_kind, data.related_series_id)

    def _save(self, data: SeriesInput) -> Changes:
        changes = self.catalog.edit_series(self.series_id, data, expected_version=self.version)
        if self.version is not None:
            self.version += 1
        return changes

    def do(self) -> Changes:
        new, old = self._relation(self.after), self._relation(self.before)
        added = new if new is not None and not self.catalog.has_relation(*new) else None
        changes = self._save(self.after)
        if old is not None and old != new:
            changes |= self.catalog.remove_relation(*old)
        self.added_relation = added
        return changes

    def revert(self) -> Changes:
        changes = self._save(self.before)  # the relation shown, back
        if self.added_relation is not None:
            changes |= self.catalog.remove_relation(*self.added_relation)
        return changes
