"""Painting that a plain text cell cannot do: progress bars, coloured chips."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from watchtracker.ui.common import theme
from watchtracker.ui.crash import guard_qt

PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 10  # (watched, total) or None


def draw_cell_background(
    delegate: QStyledItemDelegate, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex
) -> QStyleOptionViewItem:
    """Draw the cell as the style would (selection, hover, focus, alternate row), but not its text:
    the delegate draws its own content over it. Returns the style option it used."""
    opt = QStyleOptionViewItem(option)
    delegate.initStyleOption(opt, index)
    opt.text = ""
    widget = opt.widget
    style = widget.style() if widget else QApplication.style()
    style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
    return opt


@guard_qt
class ProgressDelegate(QStyledItemDelegate):
    """Draws "watched of total" as a slim bar with the figures beside it."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        value = index.data(PROGRESS_ROLE)
        if not value:
            super().paint(painter, option, index)
            return
        watched, total = value
        draw_cell_background(self, painter, option, index)
        painter.save()  # restored whatever happens: a painter left saved breaks the whole view
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            r = option.rect.adjusted(6, 0, -6, 0)
            text = f"{watched}/{total}"
            fm = option.fontMetrics
            text_w = fm.horizontalAdvance("0000/0000")
            bar = QRect(r.left(), r.center().y() - 3, max(10, r.width() - text_w - 8), 6)
            pal = option.palette
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(theme.track(pal))
            painter.drawRoundedRect(bar, 3, 3)
            if total:
                done = QRect(bar)
                done.setWidth(max(0, round(bar.width() * min(1.0, watched / total))))
                if done.width():
                    complete = watched >= total
                    painter.setBrush(QColor("#3c9d5d") if complete else pal.color(QPalette.ColorRole.Highlight))
                    painter.drawRoundedRect(done, 3, 3)
            selected = option.state & QStyle.StateFlag.State_Selected
            painter.setPen(pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
            text_rect = QRect(bar.right() + 8, r.top(), r.right() - bar.right() - 8, r.height())
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
        finally:
            painter.restore()


@guard_qt
class ChipDelegate(QStyledItemDelegate):
    """The cell's text in a small rounded chip, coloured by the value under ``role``
    (``colour_of(value)`` gives a colour name); a plain cell where that value is None."""

    def __init__(self, role: int, colour_of: Callable[[object], str], parent=None):
        super().__init__(parent)
        self.role, self.colour_of = role, colour_of

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        value = index.data(self.role)
        if value is None:
            super().paint(painter, option, index)
            return
        draw_cell_background(self, painter, option, index)
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        painter.save()
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            font = painter.font()
            font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
            font.setBold(True)
            painter.setFont(font)
            fm = painter.fontMetrics()
            width = min(option.rect.width() - 8, fm.horizontalAdvance(text) + 14)
            chip = QRect(
                option.rect.left() + 4, option.rect.center().y() - fm.height() // 2 - 2, max(0, width), fm.height() + 4
            )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(self.colour_of(value)))
            painter.drawRoundedRect(chip, chip.height() / 2, chip.height() / 2)
            painter.setPen(QColor("white"))
            painter.drawText(
                chip, Qt.AlignmentFlag.AlignCenter, fm.elidedText(text, Qt.TextElideMode.ElideRight, chip.width() - 8)
            )
        finally:
            painter.restore()
