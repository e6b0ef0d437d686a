"""The logic behind the Franchises page: loading the franchises and the chosen one's graph,
and every edit (franchises, members, relations, following), each run on the window's read lane,
reported as Changes and undoable when the window's undo stack is given."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox
from shiboken6 import isValid

from watchtracker.domain.enums import RelationKind
from watchtracker.domain.i18n import translate
from watchtracker.errors import USER_FACING, ChangedElsewhere, NotFound
from watchtracker.services.changes import Changes
from watchtracker.services.franchises import FranchiseService

from watchtracker.ui.commands import UndoCommand, start
from watchtracker.ui.common import messages
from watchtracker.ui.franchises.commands import (
    AddMembers,
    AddRelation,
    CreateFranchise,
    DeleteFranchise,
    FollowFranchise,
    RemoveMember,
    RemoveRelation,
    RenameFranchise,
    UnfollowFranchise,
)
from watchtracker.ui.franchises.dialogs import AddSeriesDialog, NameDialog, RelationDialog, _SubmitDialog
from watchtracker.ui.franchises.page import FranchisesPage
from watchtracker.ui.reporting import offer_reload_or_keep
from watchtracker.ui.tasks import Lane

log = logging.getLogger(__name__)


def _names(titles: list[str], limit: int = 3) -> str:
    if len(titles) <= limit:
        return ", ".join(titles)
    more = len(titles) - limit  # a plain name: lupdate finds no text whose count is an expression
    return translate("FranchisesController", "{titles} and %n more", "", more).format(titles=", ".join(titles[:limit]))


class FranchisesController(QObject):
    """Signals: ``loaded()`` when the page shows the current franchises (after ``reload``, after
    a change that concerned them, and after another franchise was chosen and its graph came)."""

    loaded = Signal()

    def __init__(
        self,
        page: FranchisesPage,
        franchises: FranchiseService,
        *,
        library_lane: Lane,
        apply_changes: Callable[[Changes], None],
        open_series: Callable[[int], None],
        status: Callable[[str, int], None],
        report_error: Callable[[BaseException], None],
        undo_stack: QUndoStack | None = None,
        parent=None,
    ):
        super().__init__(parent)
        self.page, self.fs, self.library_lane = page, franchises, library_lane
        self._apply_changes, self.open_series = apply_changes, open_series
        self.status, self._report_error = status, report_error
        self.undo_stack = undo_stack
        self.dialog: _SubmitDialog | None = None  # the one open, if any
        self._loaded = False
        self._loose: frozenset[int] = frozenset()  # series in no franchise, as of the last load
        self._wanted: int | None = None  # the franchise to choose when the next load comes
        self._list_gen = 0  # answers to older requests are dropped
        self._graph_gen = 0
        self._filling = False
        self._soon = QTimer(self, singleShot=True, interval=0)
        self._soon.timeout.connect(self.reload)  # several changes in a row: one reload

        p = page
        p.franchise_selected.connect(self._on_selected)
        p.series_opened.connect(self.open_series)
        p.new_requested.connect(self.new_franchise)
        p.rename_requested.connect(self.rename_franchise)
        p.delete_requested.connect(self.delete_franchise)
        p.follow_requested.connect(self.set_followed)
        p.add_series_requested.connect(self.add_series)
        p.remove_member_requested.connect(self.remove_member)
        p.add_relation_requested.connect(lambda a, b: self.add_relation(a if a >= 0 else None, b if b >= 0 else None))
        p.remove_relation_requested.connect(self.remove_relation)

    # -- the host of the commands ----------------------------------------------------------
    def apply_changes(self, changes: Changes) -> None:
        """Hand what an edit of this page changed to the window, and reload. Always: an edit here
        can bring series known to be in no franchise into one (restoring a franchise, adding to
        an empty one), which ``on_changes`` alone would not see. The window may pass the changes
        back to ``on_changes``: the reload is asked once either way."""
        self._apply_changes(changes)
        self._soon.start()

    def report_error(self, exc: BaseException) -> None:
        if isinstance(exc, NotFound):  # deleted meanwhile (elsewhere, or by an undo): show what is
            self.status(str(exc), 8000)
            self._soon.start()
            return
        self._report_error(exc)

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the franchises and the chosen one's graph on the read lane."""
        self._soon.stop()
        self._list_gen += 1
        self._graph_gen += 1
        list_gen, graph_gen = self._list_gen, self._graph_gen
        want = self._wanted if self._wanted is not None else self.page.current_franchise_id()

        def load():
            rows = self.fs.franchises()
            ids = [f.id for f in rows]
            pick = want if want in ids else (ids[0] if ids else None)
            graph = self.fs.franchise(pick) if pick is not None else None
            loose = frozenset(sid for sid, _ in self.fs.candidates(pick)) if pick is not None else frozenset()
            return rows, pick, graph, loose

        def done(result) -> None:
            if list_gen != self._list_gen:
                return  # a newer reload is on its way
            rows, pick, graph, loose = result
            self._loaded, self._loose, self._wanted = True, loose, None
            current = graph_gen == self._graph_gen  # else the viewer chose another one meanwhile
            self._filling = True
            try:
                self.page.set_franchises(rows, select=pick if current else None)
            finally:
                self._filling = False
            if current:
                self.page.show_graph(graph)
                self.loaded.emit()

        self.library_lane.run(load, done, self.report_error)

    def _on_selected(self, franchise_id: int) -> None:
        if self._filling:
            return
        self._graph_gen += 1
        gen = self._graph_gen
        if franchise_id < 0:
            self.page.show_graph(None)
            return

        def done(graph) -> None:
            if gen == self._graph_gen:
                self.page.show_graph(graph)
                self.loaded.emit()

        self.library_lane.run(lambda: self.fs.franchise(franchise_id), done, self.report_error)

    def on_changes(self, changes: Changes) -> None:
        """Reload when the changes may show here: anything but series known to be in no
        franchise (their news, their episodes) concerns the list, the chosen graph, or both."""
        if not self._loaded:
            return
        if changes.everything:
            self._soon.start()
            return
        ids = changes.series | changes.added | changes.removed
        if ids - self._loose:
            self._soon.start()

    # -- running an edit -------------------------------------------------------------------
    def _run(
        self,
        command: UndoCommand,
        on_done: Callable[[UndoCommand], None] | None = None,
        dialog: _SubmitDialog | None = None,
        on_changed: Callable[[ChangedElsewhere], None] | None = None,
    ) -> None:
        """``on_changed``: what to do when another computer changed what the edit is based on (it
        offers to reload or keep mine); without it that is said as any refusal."""

        def done(cmd: UndoCommand) -> None:
            if dialog is not None and isValid(dialog):
                dialog.finish()
            if on_done is not None:
                on_done(cmd)

        def failed(exc: BaseException) -> None:
            if on_changed is not None and isinstance(exc, ChangedElsewhere):
                if dialog is not None and isValid(dialog):
                    dialog.refuse(str(exc))
                on_changed(exc)
            elif dialog is None or not isValid(dialog):
                self.report_error(exc)
            elif isinstance(exc, USER_FACING):
                dialog.refuse(str(exc))  # nothing was saved; the viewer may change it and try again
            else:
                dialog.refuse(self.tr("Not saved."))
                self._report_error(exc)

        start(self, self.undo_stack, command, done, failed)

    def _open_dialog(self, dialog: _SubmitDialog, submit: Callable[[object], None]) -> None:
        """Window-modal and not blocking: the work runs on the lane while it is open."""
        if self.dialog is not None:
            self.dialog.reject()
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.submitted.connect(submit)
        dialog.finished.connect(lambda *_: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: _SubmitDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _undoable(self, said: str) -> str:
        """``said``, and how to take it back when the window can."""
        return self.tr("{done} Undo with Ctrl+Z.").format(done=said) if self.undo_stack is not None else said

    def _titles(self, ids: Iterable[int]) -> list[str]:
        graph = self.page.graph
        known = {n.series_id: n.title for n in graph.nodes} if graph else {}
        return [known.get(i, f"#{i}") for i in ids]

    def _franchise_name(self, franchise_id: int) -> str:
        for f in self.page.list_model.rows():
            if f.id == franchise_id:
                return f.name
        return self.tr("the franchise")

    # -- franchises ------------------------------------------------------------------------
    def new_franchise(self) -> None:
        dialog = NameDialog(parent=self.page.window())

        def submit(values) -> None:
            name, description = values
            command = CreateFranchise(self, self.fs, name, description)

            def created(cmd: CreateFranchise) -> None:
                self._wanted = cmd.franchise_id
                self._soon.start()
                self.status(
                    self.tr("Made the franchise {name}. Add its series with Add series….").format(
                        name=" ".join(name.split())
                    ),
                    8000,
                )

            self._run(command, created, dialog)

        self._open_dialog(dialog, submit)

    def rename_franchise(self, franchise_id: int) -> None:
        graph = self.page.graph
        if graph is None or graph.id != franchise_id:
            return
        dialog = NameDialog(name=graph.name, description=graph.description, renaming=True, parent=self.page.window())

        def submit(values) -> None:
            name, description = values
            command = RenameFranchise(self, self.fs, franchise_id, name, description, version=graph.version)

            def renamed(_command) -> None:
                self.status(self.tr("Renamed {old} to {new}.").format(old=graph.name, new=" ".join(name.split())), 6000)

            def keep_mine(version: int) -> None:
                command.version = version
                self._run(command, renamed, dialog)

            self._run(command, renamed, dialog, on_changed=lambda exc: self._offer(exc, keep_mine))

        self._open_dialog(dialog, submit)

    def _offer(self, exc: ChangedElsewhere, keep_mine: Callable[[int], None]) -> None:
        offer_reload_or_keep(self.page.window(), exc, reload=self.reload, keep_mine=keep_mine)

    def delete_franchise(self, franchise_id: int) -> None:
        name = self._franchise_name(franchise_id)
        if self.undo_stack is None and not self._confirm(
            self.tr("Delete the franchise {name}? Its series stay in your library, with their relations.").format(
                name=name
            )
        ):
            return
        self._run(
            DeleteFranchise(self, self.fs, franchise_id, name),
            lambda _: self.status(
                self._undoable(self.tr("Deleted {name}; its series stay in your library.").format(name=name)), 10000
            ),
        )

    def _confirm(self, text: str) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            messages.TITLE,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self.page.window(),
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        return box.exec() == QMessageBox.StandardButton.Yes

    def set_followed(self, franchise_id: int, follow: bool) -> None:
        name = self._franchise_name(franchise_id)
        if follow:

            def followed(cmd: FollowFranchise) -> None:
                new = list(cmd.follow.followed) if cmd.follow else []
                if new:
                    n = len(new)
                    said = translate(
                        "FranchisesController",
                        "Following {name}: %n more series followed ({titles}). A series that joins it is followed too.",
                        "",
                        n,
                    ).format(name=name, titles=_names(self._titles(new)))
                else:
                    said = self.tr(
                        "Following {name}: you follow all its series already. A series that joins it is followed too."
                    ).format(name=name)
                self.status(said, 10000)

            self._run(FollowFranchise(self, self.fs, franchise_id, name), followed)
        else:
            self._run(
                UnfollowFranchise(self, self.fs, franchise_id, name),
                lambda _: self.status(
                    self.tr("Stopped following {name}; its series stay in your library.").format(name=name), 8000
                ),
            )

    # -- members ---------------------------------------------------------------------------
    def add_series(self, franchise_id: int) -> None:
        name = self._franchise_name(franchise_id)

        def show(candidates: list[tuple[int, str]]) -> None:
            dialog = AddSeriesDialog(name, candidates, parent=self.page.window())
            titles = dict(candidates)

            def submit(ids) -> None:
                picked = _names([titles[i] for i in ids])
                text = self.tr("Add {titles} to {name}").format(titles=picked, name=name)

                def added(cmd: AddMembers) -> None:
                    if cmd.followed:
                        said = self.tr("Added {titles} to {name}; followed, as you follow {name}.")
                    else:
                        said = self.tr("Added {titles} to {name}.")
                    self.status(said.format(titles=picked, name=name), 8000)

                self._run(AddMembers(self, self.fs, franchise_id, ids, text), added, dialog)

            self._open_dialog(dialog, submit)

        self.library_lane.run(lambda: self.fs.candidates(franchise_id), show, self.report_error)

    def remove_member(self, series_id: int) -> None:
        graph = self.page.graph
        if graph is None:
            return
        [title] = self._titles([series_id])
        self._run(
            RemoveMember(
                self, self.fs, series_id, self.tr("Take {title} out of {name}").format(title=title, name=graph.name)
            ),
            lambda _: self.status(
                self._undoable(
                    self.tr("Took {title} out of {name}; it stays in your library.").format(
                        title=title, name=graph.name
                    )
                ),
                8000,
            ),
        )

    # -- relations -------------------------------------------------------------------------
    def add_relation(self, from_id: int | None = None, to_id: int | None = None) -> None:
        """The relation dialog; with both series given (one dropped onto the other) only the
        kind is left to choose."""
        graph = self.page.graph
        if graph is None:
            return
        members = [(n.series_id, n.title) for n in sorted(graph.nodes, key=lambda n: n.title.casefold())]

        def show(others: list[tuple[int, str]]) -> None:
            dialog = RelationDialog(
                graph.name, members, others, from_id=from_id, to_id=to_id, parent=self.page.window()
            )
            titles = dict(members) | dict(others)

            def submit(values) -> None:
                a, kind, b = values
                text = self.tr("Relate {series} to {other}").format(series=titles.get(a, "?"), other=titles.get(b, "?"))

                def added(cmd: AddRelation) -> None:
                    relation = RelationKind(kind).label.lower()
                    if cmd.joined:
                        said = self.tr("{series}: {relation} {other}; {joiner} joined {name}.").format(
                            series=titles.get(a),
                            relation=relation,
                            other=titles.get(b),
                            joiner=titles[j] if (j := cmd.joined.series_id) in titles else self.tr("it"),
                            name=graph.name,
                        )
                    else:
                        said = self.tr("{series}: {relation} {other}.").format(
                            series=titles.get(a), relation=relation, other=titles.get(b)
                        )
                    self.status(said, 8000)

                self._run(AddRelation(self, self.fs, a, kind, b, text), added, dialog)

            self._open_dialog(dialog, submit)

        self.library_lane.run(lambda: self.fs.candidates(graph.id), show, self.report_error)

    def remove_relation(self, from_id: int, kind: str, to_id: int) -> None:
        a, b = self._titles([from_id, to_id])
        label = RelationKind(kind).label.lower()
        self._run(
            RemoveRelation(
                self, self.fs, from_id, RelationKind(kind), to_id, self.tr("Unrelate {a} and {b}").format(a=a, b=b)
            ),
            lambda _: self.status(
                self._undoable(self.tr("{a} is no longer marked {relation} {b}.").format(a=a, relation=label, b=b)),
                8000,
            ),
        )


__all__ = ["FranchisesController"]
