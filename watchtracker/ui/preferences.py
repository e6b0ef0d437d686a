"""Edit → Preferences…: the settings a viewer may want to change, with their limits (the same
as ``Settings.load`` applies to a hand-edited file). The window applies them at once."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
)

from watchtracker.settings import Settings


class PreferencesDialog(QDialog):
    """``chosen()`` gives the settings as edited (the others — the TVmaze address — unchanged)."""

    def __init__(self, settings: Settings, parent=None):
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Preferences")
        self.setMinimumWidth(480)
        v = QVBoxLayout(self)
        form = QFormLayout()

        self.refresh_hours = QDoubleSpinBox()
        self.refresh_hours.setObjectName("prefRefreshHours")
        self.refresh_hours.setRange(1.0, 168.0)
        self.refresh_hours.setDecimals(1)
        self.refresh_hours.setSuffix(" hours")
        self.refresh_hours.setValue(settings.refresh_hours)
        self.refresh_hours.setToolTip("At least every hour apart: TVmaze is asked politely.")
        form.addRow("Ask TVmaze what changed every", self.refresh_hours)

        self.feeds_minutes = QSpinBox()
        self.feeds_minutes.setObjectName("prefFeedsMinutes")
        self.feeds_minutes.setRange(15, 1440)
        self.feeds_minutes.setSingleStep(15)
        self.feeds_minutes.setSuffix(" minutes")
        self.feeds_minutes.setValue(int(round(settings.feeds_minutes)))
        form.addRow("Read the news feeds every", self.feeds_minutes)

        self.upcoming_days = QSpinBox()
        self.upcoming_days.setObjectName("prefUpcomingDays")
        self.upcoming_days.setRange(1, 366)
        self.upcoming_days.setSuffix(" days")
        self.upcoming_days.setValue(settings.upcoming_days)
        form.addRow("Upcoming looks ahead", self.upcoming_days)

        self.include_specials = QCheckBox("Specials in Up next and Upcoming")
        self.include_specials.setObjectName("prefSpecials")
        self.include_specials.setChecked(settings.include_specials)
        form.addRow("", self.include_specials)

        self.backups_to_keep = QSpinBox()
        self.backups_to_keep.setObjectName("prefBackups")
        self.backups_to_keep.setRange(1, 100)
        self.backups_to_keep.setValue(settings.backups_to_keep)
        self.backups_to_keep.setToolTip("Copies made every day, before an import, an upgrade and a restore; "
                                        "older ones are deleted when a new one is made.")
        form.addRow("Backups to keep", self.backups_to_keep)
        v.addLayout(form)
        self._shown = (self.refresh_hours.value(), float(self.feeds_minutes.value()))  # as the boxes round them

        note = QLabel("Saved at once in settings.json, in watchtracker's configuration folder.")
        note.setWordWrap(True)
        note.setEnabled(False)  # the dimmed text colour
        v.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        v.addWidget(buttons)

    def chosen(self) -> Settings:
        # a hand-edited 6.25 h shows as 6.3: left alone, it stays 6.25
        hours = float(self.refresh_hours.value())
        if hours == self._shown[0]:
            hours = self.settings.refresh_hours
        minutes = float(self.feeds_minutes.value())
        if minutes == self._shown[1]:
            minutes = self.settings.feeds_minutes
        return replace(
            self.settings,
            refresh_hours=hours,
            feeds_minutes=minutes,
            upcoming_days=int(self.upcoming_days.value()),
            include_specials=self.include_specials.isChecked(),
            backups_to_keep=int(self.backups_to_keep.value()),
        )
