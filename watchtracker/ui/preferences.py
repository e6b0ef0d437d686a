"""Edit → Preferences…: the settings a viewer may want to change, with their limits (the same
as ``Settings.load`` applies to a hand-edited file), and ``Preferences``, which keeps the
settings of the run, saves them and puts a change in effect at once (timers, pages, backups)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from watchtracker.domain.i18n import translate
from watchtracker.errors import WatchtrackerError
from watchtracker.services.desktop_entry import set_autostart
from watchtracker.settings import Settings

from watchtracker.ui.common.html import plain

if TYPE_CHECKING:
    from watchtracker.ui.main_window import MainWindow


class PreferencesDialog(QDialog):
    """``chosen()`` gives the settings as edited (the others — the TVmaze address — unchanged)."""

    def __init__(
        self,
        settings: Settings,
        parent=None,
        *,
        location_text: str = "",
        change_location: Callable[[], str | None] | None = None,
    ):
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("Preferences"))
        self.setMinimumWidth(480)
        v = QVBoxLayout(self)
        v.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # never narrower than a row's whole text
        form = QFormLayout()

        if change_location is not None:
            row = QHBoxLayout()
            self.location = QLabel(location_text)
            self.location.setObjectName("prefLocation")
            self.location.setWordWrap(True)
            plain(self.location)
            change = QPushButton(self.tr("Change…"))
            change.setObjectName("prefLocationChange")

            def changed() -> None:
                text = change_location()
                if text is not None:
                    self.location.setText(text)

            change.clicked.connect(changed)
            row.addWidget(self.location, 1)
            row.addWidget(change, 0, Qt.AlignmentFlag.AlignTop)
            form.addRow(self.tr("Library location"), row)

        self.refresh_hours = QDoubleSpinBox()
        self.refresh_hours.setObjectName("prefRefreshHours")
        self.refresh_hours.setRange(1.0, 168.0)
        self.refresh_hours.setDecimals(1)
        self.refresh_hours.setSuffix(self.tr(" hours"))
        self.refresh_hours.setValue(settings.refresh_hours)
        self.refresh_hours.setToolTip(self.tr("At least every hour apart: TVmaze is asked politely."))
        form.addRow(self.tr("Ask TVmaze what changed every"), self.refresh_hours)

        self.feeds_minutes = QSpinBox()
        self.feeds_minutes.setObjectName("prefFeedsMinutes")
        self.feeds_minutes.setRange(15, 1440)
        self.feeds_minutes.setSingleStep(15)
        self.feeds_minutes.setSuffix(self.tr(" minutes"))
        self.feeds_minutes.setValue(int(round(settings.feeds_minutes)))
        form.addRow(self.tr("Read the news feeds every"), self.feeds_minutes)

        self.media_minutes = QSpinBox()
        self.media_minutes.setObjectName("prefMediaMinutes")
        self.media_minutes.setRange(1, 1440)
        self.media_minutes.setSuffix(self.tr(" minutes"))
        self.media_minutes.setValue(settings.media_sync_minutes)
        self.media_minutes.setToolTip(self.tr("Jellyfin, Emby, Plex and Kodi (Library → Media servers…)."))
        form.addRow(self.tr("Check media servers every"), self.media_minutes)

        self.upcoming_days = QSpinBox()
        self.upcoming_days.setObjectName("prefUpcomingDays")
        self.upcoming_days.setRange(1, 366)
        self.upcoming_days.setSuffix(self.tr(" days"))
        self.upcoming_days.setValue(settings.upcoming_days)
        form.addRow(self.tr("Upcoming looks ahead"), self.upcoming_days)

        self.include_specials = QCheckBox(self.tr("Specials in Up next and Upcoming"))
        self.include_specials.setObjectName("prefSpecials")
        self.include_specials.setChecked(settings.include_specials)
        form.addRow("", self.include_specials)

        self.backups_to_keep = QSpinBox()
        self.backups_to_keep.setObjectName("prefBackups")
        self.backups_to_keep.setRange(1, 100)
        self.backups_to_keep.setValue(settings.backups_to_keep)
        self.backups_to_keep.setToolTip(
            self.tr(
                "Copies made every day, before an import, an upgrade and a restore; "
                "older ones are deleted when a new one is made."
            )
        )
        form.addRow(self.tr("Backups to keep"), self.backups_to_keep)

        self.on_close = QComboBox()
        self.on_close.setObjectName("prefOnClose")
        for label, value in (
            (self.tr("Ask, the first time there are alerts"), "ask"),
            (self.tr("Keep running in the background"), "keep"),
            (self.tr("Quit"), "quit"),
        ):
            self.on_close.addItem(label, value)
        self.on_close.setCurrentIndex(max(0, self.on_close.findData(settings.on_close)))
        self.on_close.setToolTip(
            self.tr(
                "In the background, TVmaze and your news feeds are still checked and new alerts reach you as "
                "notifications; start watchtracker again (or use its tray icon) to see the window."
            )
        )
        form.addRow(self.tr("When the window is closed"), self.on_close)
        self.start_at_login = QCheckBox(self.tr("Start in the background when I log in"))
        self.start_at_login.setObjectName("prefStartAtLogin")
        self.start_at_login.setChecked(settings.start_at_login)
        self.start_at_login.setVisible(sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")))
        form.addRow("", self.start_at_login)
        v.addLayout(form)
        self._shown = (self.refresh_hours.value(), float(self.feeds_minutes.value()))  # as the boxes round them

        note = QLabel(self.tr("Saved at once in settings.json, in watchtracker's configuration folder."))
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
            media_sync_minutes=int(self.media_minutes.value()),
            upcoming_days=int(self.upcoming_days.value()),
            include_specials=self.include_specials.isChecked(),
            backups_to_keep=int(self.backups_to_keep.value()),
            on_close=self.on_close.currentData(),
            start_at_login=self.start_at_login.isChecked() and self.start_at_login.isVisibleTo(self),
        )


def _kept(url: str) -> str:
    from watchtracker.services.location import kept_url

    return kept_url(url)


class Preferences:
    """The settings of the run (None: the window was made without any, in tests). A choice made
    in a page that is a setting (Specials, Upcoming's range) is kept and saved (``keep``); new
    preferences from the dialog (``apply``) are saved and put in effect at once."""

    def __init__(self, window: MainWindow, settings: Settings | None, save: Callable[[Settings], None] | None = None):
        self.window, self.settings, self.save = window, settings, save

    def edit(self) -> None:
        if self.settings is None:
            return
        dialog = PreferencesDialog(
            self.settings, self.window, location_text=self.location_text(), change_location=self.change_location
        )
        if dialog.exec():
            self.apply(replace(dialog.chosen(), library_url=self.settings.library_url))

    def location_text(self) -> str:
        """Where the library is now, and where it will be from the next start when that differs."""
        w, settings = self.window, self.settings
        server = w.library_server
        now = (
            translate("Preferences", "A PostgreSQL server: {where}").format(where=server)
            if server
            else translate("Preferences", "This computer: {path}").format(path=w.database_path or "")
        )
        if settings is None or w.location_given:
            return now  # chosen on the command line (--database, WATCHTRACKER_DATABASE): the setting is not used
        if settings.library_url and _kept(settings.library_url) != (w.library_server_url or ""):
            return now + "\n" + translate("Preferences", "From the next start: {url}").format(url=settings.library_url)
        if not settings.library_url and server:
            return now + "\n" + translate("Preferences", "From the next start: this computer's library file")
        return now

    def change_location(self) -> str | None:
        """Library location… : the text for the Preferences row once a new place is chosen, else None."""
        from watchtracker.ui.library_location import LibraryLocationDialog, keep_choice

        if self.settings is None:
            return None
        w = self.window
        on_file = w.library_server is None and w.library_service is not None
        dialog = LibraryLocationDialog(
            self.settings.library_url,
            w.database_path or Path("library.sqlite"),
            w.online_lane.run,
            w,
            can_copy=on_file and not w.errors.read_only,
        )
        if not dialog.exec():
            return None
        choice = dialog.chosen()
        problem = keep_choice(choice)
        if problem:
            w.statusBar().showMessage(problem, 15000)
        if choice.copy and not self.move_to_server(choice.url):
            return None  # said why; the location is left as it was
        self.keep(library_url=choice.url)
        return self.location_text()

    def move_to_server(self, url: str) -> bool:
        """Copy the open library to the server at ``url`` (on the library lane, with a progress
        dialog); True once it is there. A refusal (the database is not empty, the server) is said."""
        from PySide6.QtCore import QEventLoop
        from PySide6.QtWidgets import QProgressDialog

        from watchtracker.services.location import copy_library_to

        from watchtracker.ui.common import messages
        from watchtracker.ui.tasks import ProgressRelay

        w = self.window
        engine = w.library_service.engine
        progress = QProgressDialog(translate("Preferences", "Copying the library to the server…"), "", 0, 0, w)
        progress.setCancelButton(None)  # one transaction: whole or not at all
        progress.setMinimumDuration(300)
        progress.setWindowTitle(translate("Preferences", "Move to a server"))
        relay = ProgressRelay(progress)
        relay.progressed.connect(lambda done, total, _what: (progress.setMaximum(total), progress.setValue(done)))
        loop = QEventLoop()
        outcome: list = []

        def finished(result) -> None:
            outcome.append(result)
            loop.quit()

        w.library_lane.run(lambda: copy_library_to(engine, url, relay.report), finished, finished)
        if not outcome:
            loop.exec()
        progress.close()
        result = outcome[0]
        if isinstance(result, BaseException):
            if isinstance(result, WatchtrackerError):
                messages.critical(w, str(result))
                return False
            raise result
        messages.information(
            w,
            translate(
                "Preferences",
                "The library was copied to {place} ({rows} rows in {seconds} s). watchtracker opens it there "
                "the next time it starts; the file on this computer is kept as it was.",
            ).format(place=result.place, rows=f"{result.total:,}", seconds=f"{result.seconds:.1f}"),
        )
        return True

    def apply(self, new: Settings) -> None:
        old, w = self.settings, self.window
        if old is None or new == old:
            return
        if new.start_at_login != old.start_at_login:
            try:
                set_autostart(new.start_at_login)
            except WatchtrackerError as exc:  # a read-only config folder, another system: said, not saved
                w.statusBar().showMessage(str(exc), 10000)
                new = replace(new, start_at_login=old.start_at_login)
        self.keep(on_close=new.on_close, start_at_login=new.start_at_login)
        self.keep(
            **{
                f: getattr(new, f)
                for f in ("refresh_hours", "feeds_minutes", "media_sync_minutes", "upcoming_days", "backups_to_keep")
            }
        )
        if new.refresh_hours != old.refresh_hours:
            w.online_controller.set_refresh_hours(new.refresh_hours)
        if new.feeds_minutes != old.feeds_minutes and w.alerts_controller is not None:
            w.alerts_controller.set_poll_minutes(new.feeds_minutes)
        if new.media_sync_minutes != old.media_sync_minutes:
            w.media_controller.set_minutes(new.media_sync_minutes)
        if w.views is not None and w.views.backups is not None:
            w.views.backups.keep = new.backups_to_keep  # the importer's copies go through the same service
        if new.include_specials != old.include_specials:
            if w.sections is not None:
                w.sections.set_include_specials(new.include_specials)  # Upcoming and the setting follow
            else:
                self.keep(include_specials=new.include_specials)
        if new.upcoming_days != old.upcoming_days and w.sections is not None:
            w.sections.set_days(new.upcoming_days)

    def keep(self, **values) -> None:
        """Saved, unless nothing changed; a settings file that cannot be written is said, once
        per attempt, in the status bar."""
        if self.settings is None or all(getattr(self.settings, k) == v for k, v in values.items()):
            return
        self.settings = replace(self.settings, **values)
        if self.save is not None:
            try:
                self.save(self.settings)
            except OSError as exc:
                self.window.statusBar().showMessage(
                    translate("Preferences", "Could not save the settings: {problem}").format(problem=exc), 8000
                )
