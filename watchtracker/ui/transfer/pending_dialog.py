"""The shows an import could not match, kept for later: match one by hand to a series of the
library or to a show found on TVmaze (its viewings, rating and state come in at once), or
forget it. Opened from the import wizard's first page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)
from shiboken6 import isValid

from watchtracker.domain.i18n import translate
from watchtracker.domain.transfer import format_label

from watchtracker.ui.common.html import plain
from watchtracker.ui.transfer.common import EXPLAINED, RowsModel, rows_table, wrapped_label

if TYPE_CHECKING:
    from watchtracker.services.transfer.importer import ImportService

Run = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], None]


def pending_rows(rows: Sequence[Any], names: dict[str, str] | None = None) -> list[tuple[str, ...]]:
    """Title (year), from, viewings, why — a row per kept show (PendingImport rows); ``names``:
    the media servers' names by their format ("server:<id>")."""
    out = []
    for r in rows:
        viewings = len((r.show or {}).get("viewings") or ())
        title = f"{r.title} ({r.year})" if r.year else r.title
        out.append((title, format_label(r.format, names), f"{viewings:,}", r.error or ""))
    return out


class PendingDialog(QDialog):
    """``titles``: the library's series as (id, title), to match to. ``find_online(title,
    parent)`` asks the viewer for a show on TVmaze and gives its id (or None); without it there
    is no "Find on TVmaze…". ``write`` runs a match on the library's lane.

    Signals: ``imported(Changes)`` after a match was written; ``done_step(str)`` ("loaded",
    "matched", "forgotten", "failed") for tests."""

    imported = Signal(object)
    done_step = Signal(str)

    def __init__(
        self,
        importer: ImportService,
        titles: Sequence[tuple[int, str]],
        *,
        write: Run,
        find_online: Callable[[str, Any], int | None] | None = None,
        parent=None,
        on_imported: Callable[[Any], None] | None = None,
    ):
        """``on_imported(changes)`` is told of every match written, even one that ends after the
        dialog (or the wizard it belongs to) was deleted: the window's views must follow."""
        super().__init__(parent)
        self.importer, self.write, self.find_online = importer, write, find_online
        self.on_imported = on_imported
        self._close_when_done = False
        self.rows: list[Any] = []
        self._busy = False
        self._gone = False
        self.finished.connect(lambda _r: setattr(self, "_gone", True))
        self.setWindowTitle(self.tr("Shows kept for later"))
        self.resize(760, 480)
        v = QVBoxLayout(self)
        v.addWidget(
            wrapped_label(
                self.tr(
                    "These shows of earlier imports and of your media servers are not matched to a series you "
                    "follow. Match one by hand — to a series of your library, or to a show you find on TVmaze "
                    "(it is followed then) — and its viewings, rating and state come in; or forget it (a film "
                    "taken for a show, say)."
                )
            )
        )
        self.model = RowsModel(
            (self.tr("Show"), self.tr("From"), self.tr("Viewings"), self.tr("Why it was not matched")), self
        )
        self.view = rows_table(self.model, "pendingShows", stretch=3, label=self.tr("Shows kept for later"))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        v.addWidget(self.view, 1)

        row = QHBoxLayout()
        series_label = QLabel(self.tr("&Your series:"))
        row.addWidget(series_label)
        self.series_box = QComboBox()
        # sized for a usual title, not the longest in the library: the dialog must fit a small screen
        self.series_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.series_box.setMinimumContentsLength(24)
        series_label.setBuddy(self.series_box)
        self.series_box.setObjectName("pendingSeries")
        self.series_box.setEditable(True)
        self.series_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for sid, title in sorted(titles, key=lambda t: t[1].casefold()):
            self.series_box.addItem(title, sid)
        self.series_box.setCurrentIndex(-1)
        self.series_box.lineEdit().setPlaceholderText(self.tr("Type to find a series of your library"))
        completer = self.series_box.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.match_button = QPushButton(self.tr("Match"))
        self.online_button = QPushButton(self.tr("Find on TVmaze…"))
        self.online_button.setVisible(find_online is not None)
        self.forget_button = QPushButton(self.tr("Forget"))
        row.addWidget(self.series_box, 1)
        row.addWidget(self.match_button)
        row.addWidget(self.online_button)
        row.addWidget(self.forget_button)
        v.addLayout(row)
        self.status = wrapped_label(name="pendingStatus")
        v.addWidget(self.status)
        close_row = QHBoxLayout()
        close_row.addStretch(1)
        self.close_button = QPushButton(self.tr("Close"))
        close_row.addWidget(self.close_button)
        v.addLayout(close_row)
        plain(self.status)

        self.match_button.clicked.connect(self.match_selected)
        self.online_button.clicked.connect(self._find_online)
        self.forget_button.clicked.connect(self.forget_selected)
        self.close_button.clicked.connect(self.reject)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.series_box.currentIndexChanged.connect(lambda _i: self._update_buttons())
        self.series_box.editTextChanged.connect(lambda _t: self._update_buttons())
        self.reload()

    # -- state ---------------------------------------------------------------------------
    def reload(self) -> None:
        self.rows = self.importer.pending()  # a small table, read at once
        servers = any(r.format.startswith("server:") for r in self.rows)  # their names: one more small read
        self.model.set_rows(pending_rows(self.rows, self.importer.source_names() if servers else None))
        if self.rows:
            self.view.selectRow(0)
        self._update_buttons()
        if not self.rows:
            self.status.setText(self.tr("No show is kept for later any more."))

    def selected(self) -> Any | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        source = self.view.model().mapToSource(rows[0])
        return self.rows[source.row()]

    def chosen_series(self) -> int | None:
        """The library series picked in the box: the item chosen in the list, or the one series
        whose title was typed (a title two series share must be picked from the list)."""
        text = self.series_box.currentText().strip()
        current = self.series_box.currentIndex()
        if current >= 0 and self.series_box.itemText(current).casefold() == text.casefold():
            return self.series_box.itemData(current)
        hits = [i for i in range(self.series_box.count()) if self.series_box.itemText(i).casefold() == text.casefold()]
        return self.series_box.itemData(hits[0]) if len(hits) == 1 else None

    def _update_buttons(self) -> None:
        some = self.selected() is not None and not self._busy
        self.match_button.setEnabled(some and self.chosen_series() is not None)
        self.online_button.setEnabled(some)
        self.forget_button.setEnabled(some)

    # -- actions -------------------------------------------------------------------------
    def match_selected(self) -> None:
        row, sid = self.selected(), self.chosen_series()
        if row is None or sid is None or self._busy:
            return
        self._match(row, series_id=sid)

    def _find_online(self) -> None:
        row = self.selected()
        if row is None or self.find_online is None or self._busy:
            return
        tvmaze_id = self.find_online(row.title, self)
        if tvmaze_id is not None:
            self._match(row, tvmaze_id=tvmaze_id)

    def _match(self, row, **target) -> None:
        importer = self.importer
        self._busy = True
        self._update_buttons()
        self.status.setText(self.tr("Importing {title}…").format(title=row.title))

        def work():
            report = importer.apply(importer.match_by_hand(row.id, **target))
            return report

        self.write(work, lambda report: self._matched(row, report), self._failed)

    def _matched(self, row, report) -> None:
        self._busy = False
        if report.changes and self.on_imported is not None:
            self.on_imported(report.changes)  # first: the dialog may be gone by now
        if self._gone or not isValid(self):
            return
        if report.changes:
            self.imported.emit(report.changes)
        if self._close_when_done:
            super().reject()
            return
        [m] = report.matched
        self.reload()
        added, duplicates = report.viewings_added, report.duplicates  # lupdate takes a count only as a name
        added_text = translate("PendingDialog", "%Ln viewing(s) added", "", added)
        if duplicates:
            there = translate("PendingDialog", "%Ln (was|were) already there", "", duplicates)
            said = self.tr("{show} → {series}: {added}, {already}.")
        else:
            there, said = "", self.tr("{show} → {series}: {added}.")
        self.status.setText(said.format(show=row.title, series=m.series_title, added=added_text, already=there))
        self.done_step.emit("matched")

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        if not isinstance(exc, EXPLAINED):
            raise exc  # a bug: the crash handler reports it
        if self._gone or not isValid(self):
            return
        if self._close_when_done:
            super().reject()
            return
        self._update_buttons()
        self.status.setText(self.tr("Not matched: {error} Nothing was changed.").format(error=exc))
        self.done_step.emit("failed")

    def forget_selected(self) -> None:
        row = self.selected()
        if row is None or self._busy or not self.confirm_forget(row):
            return
        self.importer.forget_pending([row.id])  # one small delete
        self.reload()
        self.status.setText(self.tr("Forgot {title}.").format(title=row.title))
        self.done_step.emit("forgotten")

    def confirm_forget(self, row) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Forget this show?"),
            self.tr(
                "Forget {title}? Its viewings in the export are not imported; importing the "
                "file again would keep it for later again."
            ).format(title=row.title),
            parent=self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        forget = box.addButton(self.tr("Forget"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is forget

    def reject(self) -> None:
        if self._busy:  # a match is being written: it ends soon, the dialog goes then
            self._close_when_done = True
            self.status.setText(self.tr("Finishing the match…"))
            return
        super().reject()
