"""Painting that a plain text cell cannot do: progress bars."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 10  # (watched, total) or None


class ProgressDelegate(QStyledItemDelegate):
    """Draws "watched of total" as a slim bar with the figures beside it."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        value = index.data(PROGRESS_ROLE)
        if not value:
            super().paint(painter, option, index)
            return
        watched, total = value
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = option.rect.adjusted(6, 0, -6, 0)
        text = f"{watched}/{total}"
        fm = option.fontMetrics
        text_w = fm.horizontalAdvance("0000/0000")
        bar = QRect(r.left(), r.center().y() - 3, max(10, r.width() - text_w - 8), 6)
        pal = option.palette
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(pal.color(QPalette.ColorRole.Mid).lighter(130))
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
        painter.restore()
