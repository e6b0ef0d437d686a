"""Undoable franchise edits: ``ui.commands.UndoCommand`` (every run on the library lane) with the
franchise service at hand as ``fs``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from watchtracker.domain.enums import RelationKind
from watchtracker.domain.i18n import translate
from watchtracker.services.changes import Changes

from watchtracker.ui.commands import Host, UndoCommand

if TYPE_CHECKING:
    from watchtracker.domain.franchise import DeletedFranchise, FranchiseFollow, Joined
    from watchtracker.services.franchises import FranchiseService


class FranchiseCommand(UndoCommand):
    """A franchise edit: the host and the franchise service."""

    def __init__(self, host: Host, franchises: FranchiseService, text: str):
        super().__init__(host, text)
        self.fs = franchises


# -- the franchise itself ---------------------------------------------------------------------------


class CreateFranchise(FranchiseCommand):
    """Undo deletes it (it is empty by then); redo brings the same one back, under its id."""

    def __init__(self, host, franchises, name: str, description: str = ""):
        text = translate("FranchiseCommand", "New franchise {name}").format(name=" ".join(name.split()))
        super().__init__(host, franchises, text)
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


class RenameFranchise(FranchiseCommand):
    """``version``: the franchise's version the name was read with (None: not checked); each run
    saves with it and moves it on, so a rename, its undo or its redo over another computer's change
    is refused (ChangedElsewhere), never written over it."""

    def __init__(
        self,
        host,
        franchises,
        franchise_id: int,
        name: str,
        description: str | None = None,
        version: int | None = None,
    ):
        super().__init__(
            host, franchises, translate("FranchiseCommand", "Rename to {name}").format(name=" ".join(name.split()))
        )
        self.franchise_id, self.name, self.description = franchise_id, name, description
        self.version = version
        self.before: tuple[str, str] | None = None

    def _rename(self, name: str, description: str | None) -> tuple[tuple[str, str], Changes]:
        result = self.fs.rename_franchise(self.franchise_id, name, description, expected_version=self.version)
        if self.version is not None:
            self.version += 1
        return result

    def do(self) -> Changes:
        self.before, changes = self._rename(self.name, self.description)
        return changes

    def revert(self) -> Changes:
        assert self.before is not None
        return self._rename(*self.before)[1]


class DeleteFranchise(FranchiseCommand):
    def __init__(self, host, franchises, franchise_id: int, name: str):
        super().__init__(host, franchises, translate("FranchiseCommand", "Delete {name}").format(name=name))
        self.franchise_id = franchise_id
        self.snapshot: DeletedFranchise | None = None

    def do(self) -> Changes:
        self.snapshot, changes = self.fs.delete_franchise(self.franchise_id)
        return changes

    def revert(self) -> Changes:
        self.franchise_id, changes = self.fs.restore_franchise(self.snapshot)
        return changes


# -- members ------------------------------------------------------------------------------------


class AddMembers(FranchiseCommand):
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


class RemoveMember(FranchiseCommand):
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


class AddRelation(FranchiseCommand):
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


class RemoveRelation(FranchiseCommand):
    def __init__(self, host, franchises, from_id: int, kind: RelationKind, to_id: int, text: str):
        super().__init__(host, franchises, text)
        self.from_id, self.kind, self.to_id = from_id, RelationKind(kind), to_id

    def do(self) -> Changes:
        return self.fs.remove_relation(self.from_id, self.kind, self.to_id)

    def revert(self) -> Changes:
        return self.fs.add_relation(self.from_id, self.kind, self.to_id)[1]


# -- following ----------------------------------------------------------------------------------


class FollowFranchise(FranchiseCommand):
    """Undo unfollows the franchise and exactly the series the follow followed."""

    def __init__(self, host, franchises, franchise_id: int, name: str):
        super().__init__(host, franchises, translate("FranchiseCommand", "Follow {name}").format(name=name))
        self.franchise_id = franchise_id
        self.follow: FranchiseFollow | None = None

    def do(self) -> Changes:
        self.follow, changes = self.fs.follow_franchise(self.franchise_id)
        return changes

    def revert(self) -> Changes:
        return self.fs.undo_follow(self.follow)


class UnfollowFranchise(FranchiseCommand):
    """The series stay followed. Undo follows the franchise again (and whatever member that
    follows anew); redo unfollows those again."""

    def __init__(self, host, franchises, franchise_id: int, name: str):
        super().__init__(host, franchises, translate("FranchiseCommand", "Stop following {name}").format(name=name))
        self.franchise_id = franchise_id
        self.refollowed: tuple[int, ...] = ()

    def do(self) -> Changes:
        return self.fs.unfollow_franchise(self.franchise_id, unfollow=self.refollowed)

    def revert(self) -> Changes:
        follow, changes = self.fs.follow_franchise(self.franchise_id)
        self.refollowed = follow.followed
        return changes
