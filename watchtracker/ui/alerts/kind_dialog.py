""" "Wrong kind?": the viewer says what a news item is — its main kind and any other it also tells.
The alert is retyped at once and kept as an example that news like it is typed by."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
)

from watchtracker.domain.enums import AnnouncementKind
from watchtracker.services.alerts import NEWS_KINDS, AlertRow

from watchtracker.ui.common.labels import headline_label

K = AnnouncementKind


class KindDialog(QDialog):
    """``kinds()``: what the viewer chose, main first; OK only when it differs from the alert's."""

    def __init__(self, alert: AlertRow, parent=None):
        super().__init__(parent)
        self.alert = alert
        self.setWindowTitle(self.tr("Wrong kind?"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        layout.addWidget(headline_label(alert.headline))
        explain = QLabel(
            self.tr(
                "What is this news? Choose its main kind, and any other it also tells. The alert changes "
                "now, and news like it is typed this way from now on."
            )
        )
        explain.setWordWrap(True)
        layout.addWidget(explain)

        form = QFormLayout()
        self.main = QComboBox()
        self.main.setObjectName("mainKind")
        for kind in NEWS_KINDS:
            self.main.addItem(kind.label, kind.value)
        main_label = QLabel(self.tr("&Main kind:"))
        main_label.setBuddy(self.main)
        form.addRow(main_label, self.main)
        layout.addLayout(form)

        self.others_box = QGroupBox(self.tr("Also in this news"))
        grid = QGridLayout(self.others_box)
        self.others: dict[AnnouncementKind, QCheckBox] = {}
        for n, kind in enumerate(k for k in NEWS_KINDS if k is not K.NEWS):  # "news" is no event of its own
            box = QCheckBox(kind.label)
            box.setObjectName(f"alsoKind_{kind.value}")
            self.others[kind] = box
            grid.addWidget(box, n // 3, n % 3)
            box.toggled.connect(self._validate)
        layout.addWidget(self.others_box)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Correct it"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        main = alert.kind if alert.kind in NEWS_KINDS else K.NEWS
        self.main.setCurrentIndex(NEWS_KINDS.index(main))
        for kind in alert.other_kinds:
            if kind in self.others:
                self.others[kind].setChecked(True)
        self.main.currentIndexChanged.connect(self._main_changed)
        self._main_changed()

    def main_kind(self) -> AnnouncementKind:
        return AnnouncementKind(self.main.currentData())

    def kinds(self) -> tuple[AnnouncementKind, ...]:
        main = self.main_kind()
        return (main, *(k for k, box in self.others.items() if k is not main and box.isChecked()))

    def _main_changed(self, *_) -> None:
        main = self.main_kind()
        for kind, box in self.others.items():
            box.setEnabled(kind is not main)  # the main kind is not also another
            if kind is main:
                box.setChecked(False)
        self._validate()

    def _validate(self, *_) -> None:
        self.ok.setEnabled(self.kinds() != self.alert.kinds)
