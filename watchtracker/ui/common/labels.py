"""Labels whose text a viewer can select (to copy a path, a summary, an error)."""

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


__all__ = ["SelectableLabel"]
