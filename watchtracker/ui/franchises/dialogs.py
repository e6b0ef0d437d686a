"""The Franchises page's dialogs: name a franchise, add series to it, relate two series.

Each dialog only collects values. On OK it emits ``submitted(object)`` and waits, with its
buttons disabled, for the controller to say ``finish()`` (saved: it closes) or ``refuse(text)``
(not saved: the reason is shown in the dialog, in plain words, with everything typed kept), so
the work can run on a background lane while the dialog stays responsive.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QVBoxLayout,
)

from watchtracker.domain.enums import RelationKind
from watchtracker.domain.i18n import translate
from watchtracker.domain.inputs import MAX_TITLE

from watchtracker.ui.common import theme
from watchtracker.ui.common.html import plain
from watchtracker.ui.franchises.model import SERIES_ID_ROLE, CandidatesModel


class _SubmitDialog(QDialog):
    """Signals: ``submitted(object)`` with ``values()`` when the viewer presses OK."""

    submitted = Signal(object)

    def __init__(self, title: str, ok_text: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.layout_ = QVBoxLayout(self)
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        theme.set_error(self.error)
        self.error.hide()
        plain(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.accepted.connect(self._on_accept)
        self.buttons.rejected.connect(self.reject)
        self.busy = False

    def _finish_layout(self) -> None:
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(self.buttons)
        self._validate()

    def values(self):
        raise NotImplementedError

    def _ready(self) -> bool:
        return True

    def _validate(self, *_) -> None:
        self.ok_button.setEnabled(not self.busy and self._ready())
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(not self.busy)

    def reject(self) -> None:
        if self.busy:  # being saved: it cannot be called back; the answer comes in a moment
            return
        super().reject()

    def _on_accept(self) -> None:
        if self.busy or not self._ready():
            return
        self.error.hide()
        self.busy = True
        self._validate()
        self.submitted.emit(self.values())

    def finish(self) -> None:
        """It was saved."""
        self.busy = False
        self.accept()

    def refuse(self, message: str) -> None:
        """It was not saved: say why, and let the viewer change it."""
        self.busy = False
        self.error.setText(message)
        self.error.show()
        self._validate()


class NameDialog(_SubmitDialog):
    """New franchise or rename one: ``values()`` is (name, description)."""

    def __init__(self, *, name: str = "", description: str = "", renaming: bool = False, parent=None):
        if renaming:
            super().__init__(translate("NameDialog", "Rename franchise"), translate("NameDialog", "Rename"), parent)
        else:
            super().__init__(translate("NameDialog", "New franchise"), translate("NameDialog", "Create"), parent)
        if not renaming:
            intro = QLabel(
                self.tr(
                    "A franchise gathers the series of one universe — say Bosch, Bosch: Legacy and "
                    "Ballard. Add its series and how they relate once it is made."
                )
            )
            intro.setWordWrap(True)
            self.layout_.addWidget(intro)
        form = QFormLayout()
        self.name = QLineEdit(name)
        self.name.setObjectName("franchiseName")
        self.name.setMaxLength(MAX_TITLE)
        self.name.setPlaceholderText(self.tr("e.g. Bosch universe"))
        self.description = QPlainTextEdit(description)
        self.description.setObjectName("franchiseDescription")
        self.description.setPlaceholderText(self.tr("Optional: what holds it together"))
        self.description.setFixedHeight(80)
        self.description.setTabChangesFocus(True)
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("&Description"), self.description)
        self.layout_.addLayout(form)
        self.name.textChanged.connect(self._validate)
        self._finish_layout()

    def _ready(self) -> bool:
        return bool(self.name.text().strip())

    def values(self) -> tuple[str, str]:
        return self.name.text(), self.description.toPlainText()


class AddSeriesDialog(_SubmitDialog):
    """Choose series (in no franchise yet) to put in the franchise: ``values()`` is their ids."""

    def __init__(self, franchise: str, candidates: Sequence[tuple[int, str]], parent=None):
        super().__init__(
            translate("AddSeriesDialog", "Add series to {franchise}").format(franchise=franchise),
            translate("AddSeriesDialog", "Add"),
            parent,
        )
        self.setMinimumHeight(420)
        intro = QLabel(
            self.tr(
                "Series of your library that are in no franchise yet. To move a series from "
                "another franchise, take it out of that one first."
            )
        )
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)
        self.filter = QLineEdit()
        self.filter.setObjectName("candidateFilter")
        self.filter.setAccessibleName(self.tr("Filter by title"))
        self.filter.setPlaceholderText(self.tr("Filter by title"))
        self.filter.setClearButtonEnabled(True)
        self.list = QListView()
        self.list.setObjectName("candidates")
        self.list.setAccessibleName(self.tr("Series to add"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setUniformItemSizes(True)
        self.source = CandidatesModel(candidates, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.source)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.list.setModel(self.proxy)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.list.selectionModel().selectionChanged.connect(self._validate)
        self.list.doubleClicked.connect(lambda *_: self._on_accept())
        self.empty = QLabel(
            self.tr(
                "Every series in your library is in a franchise already. Add a series to the "
                "library first (from TVmaze or by hand), or take one out of its franchise."
            )
        )
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        theme.set_secondary(self.empty)
        has = bool(candidates)
        self.filter.setVisible(has)
        self.list.setVisible(has)
        self.empty.setVisible(not has)
        self.layout_.addWidget(self.filter)
        self.layout_.addWidget(self.list, 1)
        self.layout_.addWidget(self.empty, 1)
        self._finish_layout()

    def _ready(self) -> bool:
        return bool(self.list.selectionModel().selectedRows())

    def select_titles(self, *titles: str) -> None:
        sel = self.list.selectionModel()
        sel.clear()
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data() in titles:
                sel.select(index, sel.SelectionFlag.Select)

    def values(self) -> list[int]:
        rows = sorted(self.proxy.mapToSource(i).row() for i in self.list.selectionModel().selectedRows())
        return [self.source.index(r).data(SERIES_ID_ROLE) for r in rows]


class RelationDialog(_SubmitDialog):
    """ "<from> is a <kind> <to>": ``values()`` is (from_id, kind, to_id). ``members`` are the
    franchise's series; ``others`` series in no franchise (related to a member, they join)."""

    def __init__(
        self,
        franchise: str,
        members: Sequence[tuple[int, str]],
        others: Sequence[tuple[int, str]] = (),
        *,
        from_id: int | None = None,
        to_id: int | None = None,
        parent=None,
    ):
        super().__init__(
            translate("RelationDialog", "Add a relation"), translate("RelationDialog", "Add relation"), parent
        )
        self.members = {sid for sid, _ in members}
        self.franchise = franchise
        intro = QLabel(
            self.tr(
                "How two series of {franchise} relate. A series in no franchise that you relate "
                "to one of its series joins it."
            ).format(franchise=franchise)
        )
        intro.setWordWrap(True)
        plain(intro)
        self.layout_.addWidget(intro)
        form = QFormLayout()
        self.from_series = self._series_combo(members, others, "relationFrom")
        self.kind = QComboBox()
        self.kind.setObjectName("relationKind")
        for k in RelationKind:
            self.kind.addItem(k.label.lower(), k)
        self.to_series = self._series_combo(members, others, "relationTo")
        # the form reads as the sentence below it: "<series> is a <kind> of <series>"
        form.addRow(self.tr("&Series"), self.from_series)
        form.addRow(self.tr("&is a"), self.kind)
        form.addRow(self.tr("&of"), self.to_series)
        self.layout_.addLayout(form)
        self.sentence = QLabel()
        self.sentence.setObjectName("relationSentence")
        self.sentence.setWordWrap(True)
        self.sentence.setStyleSheet("")
        plain(self.sentence)
        self.layout_.addWidget(self.sentence)
        if from_id is not None:
            self.from_series.setCurrentIndex(max(0, self.from_series.findData(from_id)))
        if to_id is not None:
            self.to_series.setCurrentIndex(max(0, self.to_series.findData(to_id)))
        elif len(members) > 1 and self.to_series.currentData() == self.from_series.currentData():
            self.to_series.setCurrentIndex(1)
        for combo in (self.from_series, self.kind, self.to_series):
            combo.currentIndexChanged.connect(self._validate)
        self._finish_layout()
        if from_id is not None and to_id is not None:
            self.kind.setFocus()  # dropped one series onto another: only the kind is left to say

    @staticmethod
    def _series_combo(members, others, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setMinimumContentsLength(24)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        for sid, title in members:
            combo.addItem(title, sid)
        if others:
            combo.insertSeparator(combo.count())
            for sid, title in others:
                combo.addItem(title, sid)
        return combo

    def _problem(self) -> str | None:
        a, b = self.from_series.currentData(), self.to_series.currentData()
        if a is None or b is None:
            return self.tr("Choose two series.")
        if a == b:
            return self.tr("A series cannot be related to itself: choose two different series.")
        if a not in self.members and b not in self.members:
            return self.tr("At least one of the two must be a series of {franchise}.").format(franchise=self.franchise)
        return None

    def _ready(self) -> bool:
        problem = self._problem()
        if problem is None:
            kind = RelationKind(self.kind.currentData())
            if kind is RelationKind.SAME_UNIVERSE:
                said = self.tr("{series} is in the same universe as {other}.")
            else:
                said = self.tr("{series} is a {relation} {other}.")
            self.sentence.setText(
                said.format(
                    series=self.from_series.currentText(),
                    relation=kind.label.lower(),
                    other=self.to_series.currentText(),
                )
            )
            self.sentence.setStyleSheet("")
        else:
            self.sentence.setText(problem)
            theme.set_secondary(self.sentence)
        return problem is None

    def values(self) -> tuple[int, RelationKind, int]:
        return self.from_series.currentData(), RelationKind(self.kind.currentData()), self.to_series.currentData()


__all__ = ["AddSeriesDialog", "NameDialog", "RelationDialog"]
