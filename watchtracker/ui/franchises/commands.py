"""Undoable franchise edits that run on a background lane.

Unlike ui.commands (which run on the GUI thread), every run of these — the first one, each undo
and each redo — goes to the host's ``reads`` lane, so the GUI thread never waits on the database.
The lane runs one task after another, so an undo queued behind its command's first run sees what
that run stored on the command (the snapshot of a deleted franchise, the ``Joined`` of a join):
``do`` and ``revert`` store it themselves, on the worker, before they return.

The first run happens before the command is on the stack (``start``): a refusal (bad input, a
locked database) reaches the caller and nothing is pushed. A later undo or redo that fails is
reported to the host and the stack is moved back, so the next undo tries the same change again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand, QUndoStack

from watchtracker.domain.enums import RelationKind
from watchtracker.services.changes import Changes

if TYPE_CHECKING:
    from watchtracker.domain.franchise import DeletedFranchise, FranchiseFollow, Joined
    from watchtracker.services.franchises import FranchiseService
    from watchtracker.ui.tasks import TaskRunner


class LaneHost(Protocol):
    reads: TaskRunner

    def apply_changes(self, changes: Changes) -> None: ...

    def report_error(self, exc: BaseException) -> None: ...


class LaneCommand(QUndoCommand):
    def __init__(self, host: LaneHost, franchises: FranchiseService, text: str):
        super().__init__(text)
        self.host, self.fs = host, franchises
        self.stack: QUndoStack | None = None
        self._skip_redo = False
        self._skip_undo = False

    # on the worker
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
            if stack is not None and stack.index() == expected:  # nothing moved meanwhile
                QTimer.singleShot(0, lambda: self._step_back(stack, undo=undo))

        self.host.reads.run(fn, self.host.apply_changes, failed)

    def _step_back(self, stack: QUndoStack, *, undo: bool) -> None:
        """Undo the stack's move (not the change, which did not happen)."""
        if undo:
            self._skip_redo = True
            stack.redo()
        else:
            self._skip_undo = True
            stack.undo()


def start(host: LaneHost, stack: QUndoStack | None, command: LaneCommand,
          on_done: Callable[[LaneCommand], None] | None = None,
          on_error: Callable[[BaseException], None] | None = None) -> None:
    """Run ``command`` for the first time on the lane; when it worked, report its changes, put
    it on ``stack`` (if any) and call ``on_done``; when it did not, ``on_error`` (default: the
    host reports it) and nothing is pushed."""

    def done(changes: Changes) -> None:
        host.apply_changes(changes)
        if stack is not None:
            command.stack = stack
            command._skip_redo = True
            stack.push(command)
        if on_done is not None:
            on_done(command)

    host.reads.run(command.do, done, on_error or host.report_error)


# -- the franchise itself ---------------------------------------------------------------------------

class CreateFranchise(LaneCommand):
    """Undo deletes it (it is empty by then); redo brings the same one back, under its id."""

    def __init__(self, host, franchises, name: str, description: str = ""):
        super().__init__(host, franchises, f"New franchise {' '.join(name.split())}")
        self.name, self.description = name, description
        self.franchise_id: int | None = None
        self.snapshot: DeletedFranchise | None = None

    def do(self) -> Changes:
        if self.snapshot is None:
            self.franchise_id, changes = self.fs.create_franchise(self.name, self.description)
        else:
            self.franchise_id, changes = self.fs.restore_franchise(self.snapshot)
        return changes

    def revert(self) -> Changes:
        self.snapshot, changes = self.fs.delete_franchise(self.franchise_id)
        return changes


class RenameFranchise(LaneCommand):
    def __init__(self, host, franchises, franchise_id: int, name: str, description: str | None = None):
        super().__init__(host, franchises, f"Rename to {' '.join(name.split())}")
        self.franchise_id, self.name, self.description = franchise_id, name, description
        self.before: tuple[str, str] | None = None

    def do(self) -> Changes:
        self.before, changes = self.fs.rename_franchise(self.franchise_id, self.name, self.description)
        return changes

    def revert(self) -> Changes:
        return self.fs.rename_franchise(self.franchise_id, *self.before)[1]


class DeleteFranchise(LaneCommand):
    def __init__(self, host, franchises, franchise_id: int, name: str):
        super().__init__(host, franchises, f"Delete {name}")
        self.franchise_id = franchise_id
        self.snapshot: DeletedFranchise | None = None

    def do(self) -> Changes:
        self.snapshot, changes = self.fs.delete_franchise(self.franchise_id)
        return changes

    def revert(self) -> Changes:
        self.franchise_id, changes = self.fs.restore_franchise(self.snapshot)
        return changes


# -- members ------------------------------------------------------------------------------------

class AddMembers(LaneCommand):
    """One or more series into the franchise; all or none (a refusal takes back the ones in)."""

    def __init__(self, host, franchises, franchise_id: int, series_ids: Sequence[int], text: str):
        super().__init__(host, franchises, text)
        self.franchise_id, self.series_ids = franchise_id, tuple(series_ids)
        self.joined: tuple[Joined, ...] = ()

    def do(self) -> Changes:
        changes, joined = Changes(), []
        try:
            for sid in self.series_ids:
                j, c = self.fs.add_member(self.franchise_id, sid)
                changes |= c
                if j is not None:
                    joined.append(j)
        except Exception:
            for j in reversed(joined):
                self.fs.undo_join(j)
            raise
        self.joined = tuple(joined)
        return changes

    def revert(self) -> Changes:
        changes = Changes()
        for j in reversed(self.joined):
            changes |= self.fs.undo_join(j)
        return changes

    @property
    def followed(self) -> list[int]:
        """The series the joins followed (the franchise is followed)."""
        return [j.series_id for j in self.joined if j.followed]


class RemoveMember(LaneCommand):
    def __init__(self, host, franchises, series_id: int, text: str):
        super().__init__(host, franchises, text)
        self.series_id = series_id
        self.previous: int | None = None

    def do(self) -> Changes:
        self.previous, changes = self.fs.remove_member(self.series_id)
        return changes

    def revert(self) -> Changes:
        if self.previous is None:
            return Changes()
        return self.fs.restore_member(self.series_id, self.previous)


# -- relations ----------------------------------------------------------------------------------

class AddRelation(LaneCommand):
    """Undo removes the relation, then takes back the join it caused (if any)."""

    def __init__(self, host, franchises, from_id: int, kind: RelationKind, to_id: int, text: str):
        super().__init__(host, franchises, text)
        self.from_id, self.kind, self.to_id = from_id, RelationKind(kind), to_id
        self.joined: Joined | None = None

    def do(self) -> Changes:
        self.joined, changes = self.fs.add_relation(self.from_id, self.kind, self.to_id)
        return changes

    def revert(self) -> Changes:
        changes = self.fs.remove_relation(self.from_id, self.kind, self.to_id)
        if self.joined is not None:
            changes |= self.fs.undo_join(self.joined)
        return changes


class RemoveRelation(LaneCommand):
    def __init__(self, host, franchises, from_id: int, kind: RelationKind, to_id: int, text: str):
        super().__init__(host, franchises, text)
        self.from_id, self.kind, self.to_id = from_id, RelationKind(kind), to_id

    def do(self) -> Changes:
        return self.fs.remove_relation(self.from_id, self.kind, self.to_id)

    def revert(self) -> Changes:
        return self.fs.add_relation(self.from_id, self.kind, self.to_id)[1]


# -- following ----------------------------------------------------------------------------------

class FollowFranchise(LaneCommand):
    """Undo unfollows the franchise and exactly the series the follow followed."""

    def __init__(self, host, franchises, franchise_id: int, name: str):
        super().__init__(host, franchises, f"Follow {name}")
        self.franchise_id = franchise_id
        self.follow: FranchiseFollow | None = None

    def do(self) -> Changes:
        self.follow, changes = self.fs.follow_franchise(self.franchise_id)
        return changes

    def revert(self) -> Changes:
        return self.fs.undo_follow(self.follow)


class UnfollowFranchise(LaneCommand):
    """The series stay followed. Undo follows the franchise again (and whatever member that
    follows anew); redo unfollows those again."""

    def __init__(self, host, franchises, franchise_id: int, name: str):
        super().__init__(host, franchises, f"Stop following {name}")
        self.franchise_id = franchise_id
        self.refollowed: tuple[int, ...] = ()

    def do(self) -> Changes:
        return self.fs.unfollow_franchise(self.franchise_id, unfollow=self.refollowed)

    def revert(self) -> Changes:
        follow, changes = self.fs.follow_franchise(self.franchise_id)
        self.refollowed = follow.followed
        return changes
