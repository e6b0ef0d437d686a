"""Labels whose text a viewer can select (to copy a path, a summary, an error), and a dialog's headline."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


class SelectableLabel(QLabel):
    """Plain text that can be selected with the mouse. A label that can be selected takes the focus
    on a click, and a screen reader reads it then; with nothing in it, it takes none."""

    def __init__(self, text: str = "", parent=None):
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setText(text)

    def setText(self, text: str) -> None:  # type: ignore[override]
        super().setText(text)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus if text else Qt.FocusPolicy.NoFocus)

    def clear(self) -> None:
        self.setText("")


def headline_label(text: str) -> QLabel:
    """A news headline at the top of a dialog about it: bold, wrapped, shown as plain text."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


__all__ = ["SelectableLabel", "headline_label"]
