"""Message boxes, and the window's notice line, whose text is always plain: titles and file names
from data can hold "<" and "&", which Qt would otherwise take for markup."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QToolButton, QWidget

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


def confirm(parent: QWidget | None, text: str, action: str, detail: str = "") -> bool:
    """Ask before something that loses data: ``action`` names the button that does it ("Delete");
    Cancel is the default, so Enter does nothing harmful."""
    box = QMessageBox(QMessageBox.Icon.Warning, TITLE, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if detail:
        box.setInformativeText(detail)
    do = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is do


class NoticeBar(QFrame):
    """A line across the top of the window for what the user should know but need not answer
    (the library is read-only; an empty library file became a new library): plain text, no
    modal, closable unless it stays true for the whole run. Several notices stack up."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("notice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.setAccessibleName(self.tr("Notice"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label, 1)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(self.tr("Close this notice"))
        self.close_button.setAccessibleName(self.tr("Close the notice"))
        self.close_button.clicked.connect(self._dismiss)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self._lines: list[tuple[str, bool]] = []  # (text, closable)
        self.hide()

    def add(self, text: str, *, closable: bool = True) -> None:
        if any(t == text for t, _ in self._lines):
            return
        self._lines.append((text, closable))
        self._update()

    def text(self) -> str:
        return self.label.text()

    def _dismiss(self) -> None:
        self._lines = [(t, c) for t, c in self._lines if not c]
        self._update()

    def _update(self) -> None:
        self.label.setText("\n".join(t for t, _ in self._lines))
        self.close_button.setVisible(any(c for _, c in self._lines))
        self.setVisible(bool(self._lines))
