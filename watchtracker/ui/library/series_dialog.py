"""Add or edit a series by hand: for a show no database lists yet (a spin-off just ordered)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from watchtracker.domain.dates import DatePrecision, InvalidDate, parse_partial_date
from watchtracker.domain.enums import LifecycleStatus, RelationKind
from watchtracker.domain.i18n import QT_TRANSLATE_NOOP
from watchtracker.domain.inputs import MAX_TITLE, SeriesInput
from watchtracker.domain.models import SeriesDetail
from watchtracker.errors import UserError

from watchtracker.ui.common import theme
from watchtracker.ui.common.html import plain

NO_RELATION = -1
_PRECISION = {
    DatePrecision.YEAR: QT_TRANSLATE_NOOP("SeriesDialog", "a year"),
    DatePrecision.PART: QT_TRANSLATE_NOOP("SeriesDialog", "part of a year"),
    DatePrecision.MONTH: QT_TRANSLATE_NOOP("SeriesDialog", "a month"),
    DatePrecision.DAY: QT_TRANSLATE_NOOP("SeriesDialog", "an exact day"),
}


def existing_relation(detail: SeriesDetail) -> tuple[RelationKind, int] | None:
    """The relation an Edit shows: the first this series has to another ("a spin-off of Bosch")."""
    for r in detail.related:
        if r.direct and r.outgoing:
            return r.kind, r.series_id
    return None


def series_input(detail: SeriesDetail) -> SeriesInput:
    """The series as the form shows it for Edit: what an undo of the edit puts back."""
    relation = existing_relation(detail)
    return SeriesInput(
        title=detail.title,
        status=detail.status,
        premiere=detail.premiere.to_text() if detail.premiere else "",
        network=detail.network,
        overview=detail.overview,
        relation_kind=relation[0] if relation else None,
        related_series_id=relation[1] if relation else None,
    )


class SeriesDialog(QDialog):
    """``submit(data, saved, refused)`` starts the work (on the library lane) and calls back
    ``saved()`` or ``refused(exc)`` when it is done; meanwhile the buttons wait. A UserError is
    shown in the dialog, any other error goes to ``on_error`` (the window explains it); either
    way the dialog stays open with everything typed kept."""

    def __init__(
        self,
        candidates: Sequence[tuple[int, str]],
        submit: Callable[[SeriesInput, Callable[[], None], Callable[[BaseException], None]], None],
        existing: SeriesDetail | None = None,
        parent=None,
        on_error: Callable[[BaseException], None] | None = None,
    ):
        super().__init__(parent)
        self.submit = submit
        self.on_error = on_error
        self.existing = existing
        self.setWindowTitle(
            self.tr("Edit {title}").format(title=existing.title) if existing else self.tr("Add a series by hand")
        )
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        if existing is None:
            intro = QLabel(
                self.tr(
                    "For a series no online database lists yet — say, a spin-off that was just "
                    "ordered. You can add its seasons and episodes later."
                )
            )
            intro.setWordWrap(True)
            layout.addWidget(intro)

        form = QFormLayout()
        self.title = QLineEdit()
        self.title.setMaxLength(MAX_TITLE)
        self.title.setPlaceholderText(self.tr("e.g. Ballard"))
        self.status = QComboBox()
        for s in LifecycleStatus:
            self.status.addItem(s.label, s)
        self.status.setCurrentIndex(self.status.findData(LifecycleStatus.ANNOUNCED))
        self.premiere = QLineEdit()
        self.premiere.setPlaceholderText(self.tr('"2026", "Spring 2026" or "2026-05-06"'))
        self.premiere_hint = QLabel()
        self.premiere_hint.setObjectName("premiereHint")
        self.premiere_hint.setWordWrap(True)
        self.network = QLineEdit()
        self.network.setPlaceholderText(self.tr("e.g. Prime Video"))
        self.overview = QPlainTextEdit()
        self.overview.setPlaceholderText(self.tr("What it is about"))
        self.overview.setFixedHeight(90)

        self.relation_kind = QComboBox()
        for k in RelationKind:
            self.relation_kind.addItem(k.label.lower(), k)
        self.related = QComboBox()
        self.related.setObjectName("relatedSeries")
        self.related.setAccessibleName(self.tr("Related series"))
        # sized for a usual title, not the longest one in the library (the dialog must fit a small screen)
        self.related.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.related.setMinimumContentsLength(24)
        self.related.setEditable(True)
        self.related.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.related.addItem(self.tr("(none)"), NO_RELATION)
        for sid, title in candidates:
            if existing is None or sid != existing.id:
                self.related.addItem(title, sid)
        self.related.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.related.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        relation_row = QHBoxLayout()
        relation_row.addWidget(self.relation_kind)
        relation_row.addWidget(self.related, 1)

        form.addRow(self.tr("&Title"), self.title)
        form.addRow(self.tr("&Status"), self.status)
        form.addRow(self.tr("&Premiere"), self.premiere)
        form.addRow("", self.premiere_hint)
        form.addRow(self.tr("&Network"), self.network)
        relation_label = QLabel(self.tr("&Relation"))
        relation_label.setBuddy(self.relation_kind)
        form.addRow(relation_label, relation_row)
        form.addRow(self.tr("&Overview"), self.overview)
        layout.addLayout(form)

        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        theme.set_error(self.error)
        self.error.hide()
        plain(self.error, self.premiere_hint)
        layout.addWidget(self.error)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save") if existing else self.tr("Add"))
        self.buttons.accepted.connect(self._on_accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.title.textChanged.connect(self._validate)
        self.premiere.textChanged.connect(self._validate)
        if existing is not None:
            self.title.setText(existing.title)
            self.status.setCurrentIndex(self.status.findData(existing.status))
            self.premiere.setText(
                existing.premiere.english_label() if existing.premiere else ""
            )  # what the parser reads
            self.network.setText(existing.network)
            self.overview.setPlainText(existing.overview)
            relation = existing_relation(existing)
            if relation is not None:  # shown as it is; changed, it is replaced (see EditSeriesCommand)
                kind, other = relation
                self.relation_kind.setCurrentIndex(self.relation_kind.findData(kind))
                self.related.setCurrentIndex(max(0, self.related.findData(other)))
        self._validate()

    def _premiere_ok(self) -> bool:
        text = self.premiere.text().strip()
        if not text:
            self.premiere_hint.setText(self.tr("Optional. Any precision: a year, part of a year, a month or a day."))
            theme.set_secondary(self.premiere_hint)
            return True
        try:
            d = parse_partial_date(text)
        except InvalidDate as exc:
            self.premiere_hint.setText(str(exc))
            theme.set_error(self.premiere_hint)
            return False
        self.premiere_hint.setText(
            self.tr("✓ {date}  ({precision})").format(date=d.label(), precision=self.tr(_PRECISION[d.precision]))
        )
        theme.set_success(self.premiere_hint)
        return True

    def _validate(self) -> None:
        premiere_ok = self._premiere_ok()  # each field is checked on its own, whatever the others hold
        ok = bool(self.title.text().strip()) and premiere_ok
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def related_id(self) -> int | None:
        """The chosen related series; typed text must name one exactly."""
        text = self.related.currentText().strip()
        if not text or self.related.findText(text, Qt.MatchFlag.MatchFixedString) == 0:  # "(none)"
            return None
        index = self.related.findText(text, Qt.MatchFlag.MatchFixedString)
        if index <= 0:
            raise UserError(self.tr("There is no series called “{title}” to relate to.").format(title=text))
        return self.related.itemData(index)

    def value(self) -> SeriesInput:
        return SeriesInput(
            title=self.title.text(),
            status=self.status.currentData(),
            premiere=self.premiere.text(),
            network=self.network.text(),
            overview=self.overview.toPlainText(),
            relation_kind=self.relation_kind.currentData(),
            related_series_id=self.related_id(),
        )

    def _on_accept(self) -> None:
        try:
            data = self.value()
        except UserError as exc:
            self._refused(exc)
            return
        self._saving(True)
        self.submit(data, self._saved, self._refused)

    def _saving(self, on: bool) -> None:
        """While the library lane saves: the buttons wait, the form stays as typed."""
        self.buttons.setEnabled(not on)
        if on:
            self.error.setText(self.tr("Saving…"))
            theme.set_secondary(self.error)
            self.error.show()
        else:
            theme.set_error(self.error)
            self.error.hide()
            self._validate()

    def _saved(self) -> None:
        if not self.isVisible():  # closed meanwhile (Esc): it was saved all the same
            return
        self._saving(False)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        if not self.isVisible():
            if not isinstance(exc, UserError) and self.on_error is not None:
                self.on_error(exc)
            return
        self._saving(False)
        if isinstance(exc, UserError):
            self.error.setText(str(exc))
            self.error.show()
            return
        if self.on_error is None:
            raise exc
        self.error.setText(self.tr("Not saved."))
        self.error.show()
        self.on_error(exc)
