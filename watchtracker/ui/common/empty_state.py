"""A page's empty state, deliberate and the same on every page: a large heading, a few centred
lines that say what shows up here and how, and the buttons that do something about it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from watchtracker.ui.common import theme
from watchtracker.ui.common.html import plain

TEXT_WIDTH = 560  # the text wraps at this width, centred


def heading_label(text: str, scale: float) -> QLabel:
    """A bold label, ``scale`` times the usual size."""
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


class EmptyState(QWidget):
    """``heading`` over ``text`` (wrapped at TEXT_WIDTH), then a row of buttons made from
    ``buttons`` (their texts; ``self.buttons`` in that order, the one at ``default`` the default
    button), then a grey one-line ``hint``; centred, a little above the middle. The labels are
    ``self.heading`` (object name "emptyHeading") and ``self.text`` ("emptyText"), plain text.
    ``text_width``: where the text wraps, narrower than TEXT_WIDTH in a small dialog."""

    def __init__(
        self,
        heading: str,
        text: str = "",
        buttons: Sequence[str] = (),
        *,
        default: int | None = 0,
        hint: str = "",
        text_width: int = TEXT_WIDTH,
        parent=None,
    ):
        super().__init__(parent)
        self._text_width = text_width
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        self.heading = heading_label(heading, 1.6)
        self.heading.setObjectName("emptyHeading")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = QLabel()
        self.text.setObjectName("emptyText")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setFixedWidth(text_width)
        plain(self.heading, self.text)
        self.set_text(text)
        layout.addWidget(self.heading)
        layout.addSpacing(8)
        layout.addWidget(self.text, 0, Qt.AlignmentFlag.AlignHCenter)

        self.buttons = [QPushButton(label) for label in buttons]
        if self.buttons:
            if default is not None:
                self.buttons[default].setDefault(True)
            row = QHBoxLayout()
            row.addStretch(1)
            for button in self.buttons:
                row.addWidget(button)
            row.addStretch(1)
            layout.addSpacing(16)
            layout.addLayout(row)
        self.hint: QLabel | None = None
        if hint:
            self.hint = QLabel(hint)
            self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
            theme.set_secondary(self.hint)
            layout.addSpacing(8)
            layout.addWidget(self.hint)
        layout.addStretch(3)

    def set_heading(self, heading: str) -> None:
        self.heading.setText(heading)

    def set_text(self, text: str) -> None:
        self.text.setText(text)
        # wrapped text in a centred layout gets no height of its own: give it what it needs
        self.text.setMinimumHeight(self.text.heightForWidth(self._text_width) if text else 0)


__all__ = ["EmptyState", "TEXT_WIDTH", "heading_label"]
