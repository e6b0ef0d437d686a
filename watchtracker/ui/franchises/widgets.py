"""Widgets of the Franchises page that plain Qt ones do not cover: a label that elides its text
(over one or more lines) with the whole of it in a tooltip, the franchise list's two-line item
with its "Following" mark, and a tree view whose columns share its width."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTreeView

from watchtracker.ui.common import theme
from watchtracker.ui.common.delegates import draw_cell_background
from watchtracker.ui.common.html import plain_tooltip
from watchtracker.ui.crash import guard_qt
from watchtracker.ui.franchises.model import FOLLOWED_ROLE, SUBTITLE_ROLE


@guard_qt
class ElidedLabel(QLabel):
    """Plain text in at most ``lines`` lines (word-wrapped), elided to the room it gets; the
    whole text is its tooltip when it does not fit. ``text()`` is what is shown, ``full_text()``
    the whole (ui.upcoming_page.ElidedLabel is a painted single line, ``text()`` the whole)."""

    def __init__(self, text: str = "", parent=None, *, lines: int = 1, whole: bool = False):
        """``whole``: show the text whole or not at all (a hint cut short helps nobody)."""
        super().__init__(parent)
        self._full = ""
        self._lines = lines
        self._whole = whole
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(lines > 1)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(40)
        self.set_full_text(text)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self._elide()

    def full_text(self) -> str:
        return self._full

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        lines = 1 if self._lines == 1 else min(self._lines, max(1, self._needed_lines()))
        return QSize(super().sizeHint().width(), fm.lineSpacing() * lines + 2)

    def minimumSizeHint(self) -> QSize:
        return QSize(40, self.sizeHint().height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def _needed_lines(self) -> int:
        width = max(1, self.width() - 2)
        height = (
            self.fontMetrics().boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, self._full).height()
        )
        return -(-height // max(1, self.fontMetrics().lineSpacing()))

    def _fits(self, text: str, width: int) -> bool:
        fm = self.fontMetrics()
        height = fm.boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, text).height()
        return height <= fm.lineSpacing() * self._lines + 1

    def _elide(self) -> None:
        fm = self.fontMetrics()
        width = max(0, self.width() - 2)
        text = " ".join(self._full.split()) if self._lines > 1 else self._full
        if self._lines == 1:
            shown = fm.elidedText(text, Qt.TextElideMode.ElideRight, width)
            if self._whole and shown != text:
                self.setText("")
                return
        elif width <= 0 or self._fits(text, width):
            shown = text
        else:  # the longest start that fits, by halves
            lo, hi = 0, len(text)
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if self._fits(text[:mid].rstrip() + "…", width):
                    lo = mid
                else:
                    hi = mid - 1
            shown = text[:lo].rstrip() + "…"
        self.setText(shown)
        self.setToolTip(plain_tooltip(self._full) if shown != text else "")
        self.updateGeometry()


@guard_qt
class FranchiseItemDelegate(QStyledItemDelegate):
    """A franchise in the list: its name over "3 series · 2014–2025 · you follow 2", and a small
    "Following" mark when the viewer follows it."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._following = self.tr("Following")  # painted with every followed franchise

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        fm = option.fontMetrics
        return QSize(120, fm.height() * 2 + 16)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        draw_cell_background(self, painter, option, index)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        pal = option.palette
        text_colour = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        r = option.rect.adjusted(10, 6, -10, -6)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        followed = bool(index.data(FOLLOWED_ROLE))
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        chip_w = 0
        if followed:
            chip_font = QFont(small)
            chip_font.setBold(True)
            painter.setFont(chip_font)
            fm = painter.fontMetrics()
            label = self._following
            chip_w = fm.horizontalAdvance(label) + 14
            chip = QRect(r.right() - chip_w, r.top() + 1, chip_w, fm.height() + 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#2e7d32"))
            painter.drawRoundedRect(chip, chip.height() / 2, chip.height() / 2)
            painter.setPen(QColor("white"))
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, label)
        name_font = QFont(option.font)
        name_font.setBold(True)
        painter.setFont(name_font)
        fm = painter.fontMetrics()
        name_rect = QRect(r.left(), r.top(), r.width() - (chip_w + 8 if chip_w else 0), fm.height())
        painter.setPen(text_colour)
        name = index.data(Qt.ItemDataRole.DisplayRole) or ""
        painter.drawText(
            name_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(name, Qt.TextElideMode.ElideRight, name_rect.width()),
        )
        painter.setFont(small)
        fm2 = painter.fontMetrics()
        sub_rect = QRect(r.left(), r.bottom() - fm2.height() + 1, r.width(), fm2.height())
        sub = index.data(SUBTITLE_ROLE) or ""
        painter.setPen(text_colour if selected else theme.secondary(option.palette))
        painter.drawText(
            sub_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm2.elidedText(sub, Qt.TextElideMode.ElideRight, sub_rect.width()),
        )
        painter.restore()


@guard_qt
class FittedTreeView(QTreeView):
    """Columns share the width by ``shares`` (never under their minimum: a horizontal scroll bar
    then), so a narrow window squeezes every column a little instead of the titles to nothing."""

    def __init__(self, shares: dict[int, tuple[float, int]], parent=None):
        super().__init__(parent)
        self.shares = shares

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def fit_columns(self) -> None:
        width = self.viewport().width()
        total = sum(share for share, _ in self.shares.values())
        for col, (share, minimum) in self.shares.items():
            self.header().resizeSection(col, max(minimum, int(width * share / total)))
