""" "Track this spin-off": the new series as the news gives it, which the viewer can correct."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from watchtracker.domain.dates import InvalidDate, parse_partial_date
from watchtracker.domain.inputs import MAX_TITLE
from watchtracker.services.alerts import AlertRow, SpinOffPlan

from watchtracker.ui.common.html import plain
from watchtracker.ui.common.labels import headline_label


class SpinOffDialog(QDialog):
    def __init__(self, alert: AlertRow, plan: SpinOffPlan, existing_titles: dict[str, int], parent=None):
        super().__init__(parent)
        self.existing_titles = {t.casefold(): sid for t, sid in existing_titles.items()}
        self.setWindowTitle(self.tr("Track this spin-off"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        layout.addWidget(headline_label(alert.headline))
        explain = QLabel(
            self.tr(
                "The new series joins your library as announced, linked to the series it spins off "
                "from and to its franchise. When TVmaze lists it, use “Find on TVmaze” on its page."
            )
        )
        explain.setWordWrap(True)
        layout.addWidget(explain)

        form = QFormLayout()
        self.title = QLineEdit(plan.title)
        self.title.setObjectName("spinOffTitle")
        self.title.setMaxLength(MAX_TITLE)
        self.title.setPlaceholderText(self.tr("The spin-off's title, as announced"))
        self.parent_series = QComboBox()
        for sid, title in plan.parents:
            self.parent_series.addItem(title, sid)
        if plan.parent_id is not None:
            self.parent_series.setCurrentIndex(max(0, self.parent_series.findData(plan.parent_id)))
        self.premiere = QLineEdit(plan.premiere.to_text() if plan.premiere else "")
        self.premiere.setPlaceholderText(self.tr('unknown, or "2026", "Spring 2026", "2026-05-06"'))
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        plain(self.hint)
        form.addRow(self.tr("Title:"), self.title)
        form.addRow(self.tr("Spin-off of:"), self.parent_series)
        form.addRow(self.tr("Premiere:"), self.premiere)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Track it"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.title.textChanged.connect(self._validate)
        self.premiere.textChanged.connect(self._validate)
        self._validate()

    def _validate(self) -> None:
        ok = True
        notes = []
        title = self.title.text().strip()
        if not title:
            ok = False
            notes.append(self.tr("Give the spin-off's title."))
        elif title.casefold() in self.existing_titles:
            notes.append(
                self.tr("{title} is in your library already: it will be followed and linked.").format(title=title)
            )
        text = self.premiere.text().strip()
        if text:
            try:
                notes.append(self.tr("Premiere: {date}.").format(date=parse_partial_date(text).label()))
            except InvalidDate as exc:
                ok = False
                notes.append(self.tr("Premiere: {problem}").format(problem=exc))
        self.hint.setText(" ".join(notes))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def values(self) -> tuple[str, int | None, str]:
        return self.title.text().strip(), self.parent_series.currentData(), self.premiere.text().strip()
