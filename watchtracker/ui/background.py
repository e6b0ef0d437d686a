"""Keep watching when the window closes: closing hides the window instead (refreshes and feed
polls go on, alerts arrive as desktop notifications), an icon in the tray (where there is one)
opens it again or quits, and Library → Quit ends the run. Asked once, on the first close after
alerts exist; changed in Preferences. Starting again opens the hidden window (single instance)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QMessageBox, QSystemTrayIcon, QWidget

from watchtracker.domain.i18n import translate

from watchtracker.ui.common import messages

KEEP, QUIT, ASK = "keep", "quit", "ask"


def ask_keep_running(parent: QWidget) -> str:
    """The one question: keep running in the background, or quit on close."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        messages.TITLE,
        translate("background", "Keep watching for alerts when the window is closed?"),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setInformativeText(
        translate(
            "background",
            "watchtracker can keep running in the background: TVmaze and your news feeds are still checked, and new "
            "alerts reach you as notifications. Open it again from its icon or by starting it; quit it with "
            "Library → Quit. You can change this in Preferences.",
        )
    )
    keep = box.addButton(translate("background", "Keep running in the background"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(translate("background", "Quit when closed"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.exec()
    return KEEP if box.clickedButton() is keep else QUIT


class Background(QObject):
    """``policy()`` reads the setting ("ask", "keep", "quit"); ``remember(choice)`` saves it.
    ``has_alerts()`` says whether there are alerts to keep watching for (the question waits for
    them). Signals: ``open_requested()`` and ``quit_requested()`` from the tray icon."""

    open_requested = Signal()
    quit_requested = Signal()

    def __init__(
        self,
        window: QWidget,
        policy: Callable[[], str],
        remember: Callable[[str], None],
        has_alerts: Callable[[], bool],
        ask: Callable[[QWidget], str] = ask_keep_running,
    ):
        super().__init__(window)
        self.window, self.policy, self.remember, self.has_alerts, self.ask = window, policy, remember, has_alerts, ask
        self.tray: QSystemTrayIcon | None = None
        self.running_hidden = False

    def hide_instead_of_closing(self) -> bool:
        """Closing the window: True to hide it and keep running, False to close (and quit)."""
        policy = self.policy()
        if policy == ASK and self.has_alerts():
            policy = self.ask(self.window)
            self.remember(policy)
        return policy == KEEP

    def went_to_background(self) -> None:
        self.running_hidden = True
        if QSystemTrayIcon.isSystemTrayAvailable():
            self._tray().show()

    def came_back(self) -> None:
        self.running_hidden = False
        if self.tray is not None:
            self.tray.hide()

    def _tray(self) -> QSystemTrayIcon:
        if self.tray is None:
            icon = self.window.windowIcon() if not self.window.windowIcon().isNull() else QIcon()
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.setToolTip(self.tr("watchtracker: watching for alerts"))
            menu = QMenu(self.window)
            show = QAction(self.tr("Open watchtracker"), menu)
            show.triggered.connect(self.open_requested)
            quit_ = QAction(self.tr("Quit watchtracker"), menu)
            quit_.triggered.connect(self.quit_requested)
            menu.addAction(show)
            menu.addSeparator()
            menu.addAction(quit_)
            self.tray.setContextMenu(menu)
            self.tray.activated.connect(
                lambda reason: reason == QSystemTrayIcon.ActivationReason.Trigger and self.open_requested.emit()
            )
        return self.tray


__all__ = ["ASK", "KEEP", "QUIT", "Background", "ask_keep_running"]
