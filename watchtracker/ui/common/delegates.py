"""Painting that a plain text cell cannot do: progress bars, coloured chips."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from watchtracker.ui.common import theme
from watchtracker.ui.crash import guard_qt

PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 10  # (watched, total) or None


_ITEM_VIEW_ITEM = QStyle.ControlElement.CE_ItemViewItem
# Qt's enums are Python objects: an attribute lookup and an operator each cost a microsecond, per cell painted
_SELECTED = QStyle.StateFlag.State_Selected.value
_ANTIALIASING = QPainter.RenderHint.Antialiasing
_NO_PEN = Qt.PenStyle.NoPen
_LEFT_MIDDLE = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
_COMPLETE = QColor("#3c9d5d")


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
    style.drawControl(_ITEM_VIEW_ITEM, opt, painter, widget)
    return opt


def _half(n: int) -> int:
    """n / 2 rounded toward zero, as C++ divides (QRect.center of a row above the top is negative)."""
    return n // 2 if n >= 0 else -(-n // 2)


@guard_qt
class ProgressDelegate(QStyledItemDelegate):
    """Draws "watched of total" as a slim bar with the figures beside it.

    A repaint draws one per visible row: what does not change from cell to cell (the colours of a
    palette as brushes and pens, the enums) is made once, the geometry is plain arithmetic on the
    cell's rectangle (QRect's own, as C++ rounds it), not a chain of QRect calls."""

    def __init__(self, parent=None):
        super().__init__(parent)
        # (QPalette.cacheKey(), its current colour group: not in the key, and an inactive window's differ)
        # -> (track, highlight, complete) brushes and (text, highlighted text) pens
        self._inks: dict[tuple[int, object], tuple[QBrush, QBrush, QBrush, QPen, QPen]] = {}

    def _inks_for(self, pal: QPalette) -> tuple[QBrush, QBrush, QBrush, QPen, QPen]:
        key = (pal.cacheKey(), pal.currentColorGroup())
        inks = self._inks.get(key)
        if inks is None:
            if len(self._inks) > 8:  # palettes come and go with the theme: keep the last few
                self._inks.clear()
            role = QPalette.ColorRole
            inks = self._inks[key] = (
                QBrush(theme.track(pal)),
                QBrush(pal.color(role.Highlight)),
                QBrush(_COMPLETE),
                QPen(pal.color(role.Text)),
                QPen(pal.color(role.HighlightedText)),
            )
        return inks

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        value = index.data(PROGRESS_ROLE)
        if not value:
            super().paint(painter, option, index)
            return
        watched, total = value
        draw_cell_background(self, painter, option, index)
        track, highlight, complete, text_pen, selected_pen = self._inks_for(option.palette)
        x, y, width, height = option.rect.getRect()
        # the bar: the cell less 6 px each side, less the width of the widest figures and a gap
        left, right = x + 6, x + width - 7  # QRect.adjusted(6, 0, -6, 0): its left and right()
        text_w = option.fontMetrics.horizontalAdvance("0000/0000")
        bar_w = max(10, right - left + 1 - text_w - 8)
        bar_top = _half(2 * y + height - 1) - 3  # center().y() - 3
        bar_right = left + bar_w - 1
        painter.save()  # restored whatever happens: a painter left saved breaks the whole view
        try:
            painter.setRenderHint(_ANTIALIASING)
            painter.setPen(_NO_PEN)
            painter.setBrush(track)
            painter.drawRoundedRect(QRect(left, bar_top, bar_w, 6), 3, 3)
            if total:
                done = max(0, round(bar_w * min(1.0, watched / total)))
                if done:
                    painter.setBrush(complete if watched >= total else highlight)
                    painter.drawRoundedRect(QRect(left, bar_top, done, 6), 3, 3)
            painter.setPen(selected_pen if option.state.value & _SELECTED else text_pen)
            text_rect = QRect(bar_right + 8, y, right - bar_right - 8, height)
            painter.drawText(text_rect, _LEFT_MIDDLE, f"{watched}/{total}")
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
