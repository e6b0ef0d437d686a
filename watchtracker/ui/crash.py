"""Bugs end up here: logged, then shown in a dialog with "Copy details" — never a bare traceback."""

from __future__ import annotations

import logging
import platform
import sys
import threading
import traceback
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from watchtracker import __version__

log = logging.getLogger(__name__)


def describe(exc_type, exc, tb) -> str:
    lines = [
        f"watchtracker {__version__}, Python {platform.python_version()}, "
        f"PySide6 {pyside_version}, {platform.platform()}",
        "",
        "".join(traceback.format_exception(exc_type, exc, tb)).rstrip(),
    ]
    return "\n".join(lines)


class CrashDialog(QDialog):
    def __init__(self, details: str, log_file: Path | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("watchtracker hit a problem")
        self.setMinimumSize(560, 360)
        layout = QVBoxLayout(self)
        where = f" The details are also in the log file:\n{log_file}" if log_file else ""
        text = QLabel(
            "Something went wrong inside watchtracker. This is a bug, not something you did. "
            "Your library is safe: the change in progress was not saved.\n\n"
            "You can keep working. To help fix it, copy the details below into a bug report."
            + where
        )
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(text)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        layout.addWidget(self.details, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("Copy details")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())
        self.copy_button.setText("Copied")


class _CrashRelay(QObject):
    crashed = Signal(str)


class CrashHandler:
    """Installed as sys.excepthook (and threading.excepthook): logs, then shows the dialog on the
    GUI thread. ``show_dialog`` can be turned off by tests, which then read ``last``."""

    def __init__(self, log_file: Path | None, show_dialog: bool = True):
        self.log_file = log_file
        self.show_dialog = show_dialog
        self.last: str | None = None
        self._relay = _CrashRelay()
        self._relay.crashed.connect(self._show)
        self._showing = False

    def install(self) -> None:
        sys.excepthook = self.handle
        threading.excepthook = lambda args: self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def handle(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        details = describe(exc_type, exc, tb)
        log.error("unexpected error\n%s", details)
        self.last = details
        self._relay.crashed.emit(details)

    def _show(self, details: str) -> None:
        if not self.show_dialog or self._showing:
            return
        self._showing = True
        try:
            CrashDialog(details, self.log_file, QApplication.activeWindow()).exec()
        finally:
            self._showing = False
