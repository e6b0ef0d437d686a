"""Message boxes whose text is always plain: titles and file names from data can hold "<" and
"&", which Qt would otherwise take for markup."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

TITLE = "watchtracker"


def _show(parent: QWidget | None, icon: QMessageBox.Icon, text: str) -> None:
    box = QMessageBox(icon, TITLE, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def information(parent: QWidget | None, text: str) -> None:
    _show(parent, QMessageBox.Icon.Information, text)


def warning(parent: QWidget | None, text: str) -> None:
    _show(parent, QMessageBox.Icon.Warning, text)


def critical(parent: QWidget | None, text: str) -> None:
    _show(parent, QMessageBox.Icon.Critical, text)
