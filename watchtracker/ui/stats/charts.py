"""Bar charts painted with QPainter (PySide6-Essentials has no QtCharts): ``BarChart``, columns
with an hours axis and a time axis that stays readable over years of months, and ``BarList``,
one horizontal bar per row with its label elided.

Both show a tooltip per bar (plain text), can be used from the keyboard (Tab to a chart, the
arrows move between bars, Enter opens one) and carry a summary in words for screen readers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date
from typing import NamedTuple

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from watchtracker.domain.dates import month_abbreviation

from watchtracker.ui.common import theme
from watchtracker.ui.common.html import plain_tooltip
from watchtracker.ui.crash import guard_qt

GAP = 8  # between two axis labels


def format_hours(hours: float) -> str:
    """ "7.5", "54", "1,234": a decimal only where it says something."""
    if hours >= 100:
        return f"{hours:,.0f}"
    text = f"{hours:.1f}"
    return text[:-2] if text.endswith(".0") else text


def nice_step(maximum: float, ticks: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about ``ticks`` gridlines."""
    if maximum <= 0:
        return 1.0
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * magnitude:
            return m * magnitude
    return 10 * magnitude


@dataclass(frozen=True, slots=True)
class Bar:
    """One column of a chart or one row of a bar list."""

    label: str  # under a column ("Mar", "2019") or beside a row (a title, a genre)
    value: float  # hours
    tooltip: str  # plain text
    key: object = None  # a month's first day, a year, a series id, a genre
    value_text: str = ""  # beside a row: "52.5 h"
    muted: bool = False  # outside the chosen period: drawn paler


@dataclass(frozen=True, slots=True)
class ChartData:
    bars: tuple[Bar, ...] = ()
    summary: str = ""  # the chart in words, for screen readers


# -- the widgets --------------------------------------------------------------------------------


class AxisLabel(NamedTuple):
    rect: QRectF
    text: str
    row: int  # 0: right under the axis; 1: the years under the months
    centred: bool  # under its bar; otherwise from the bar's left edge on (a year starting there)


@guard_qt
class _Bars(QWidget):
    """What both charts share: hover, tooltips, clicks, keyboard and the accessible summary.

    Signals: ``bar_activated(object)`` with the key of a bar clicked or chosen with Enter (only
    when the chart is ``activatable``)."""

    bar_activated = Signal(object)

    def __init__(self, title: str, *, activatable: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = title
        self.activatable = activatable
        self.bars: tuple[Bar, ...] = ()
        self.empty_text = self.tr("Nothing to show.")
        self._hover = -1
        self._current = -1
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(title)

    def set_data(self, data: ChartData) -> None:
        # a value no axis can hold (NaN, infinite, negative) is drawn as nothing
        self.bars = tuple(b if math.isfinite(b.value) and b.value >= 0 else replace(b, value=0.0) for b in data.bars)
        self._hover = -1
        self._current = min(self._current, len(self.bars) - 1)
        self.setAccessibleDescription(data.summary)
        self.setToolTip("")
        self.updateGeometry()
        self.update()

    def summary(self) -> str:
        return self.accessibleDescription()

    # subclasses: where bar i is, and which bar is under a point
    def bar_rect(self, i: int) -> QRectF:
        raise NotImplementedError

    def bar_at(self, pos: QPointF) -> int:
        raise NotImplementedError

    def tooltip_at(self, pos: QPointF) -> str:
        i = self.bar_at(QPointF(pos))
        return self.bars[i].tooltip if i >= 0 else ""

    def _colour(self, bar: Bar, i: int) -> QColor:
        colour = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        if bar.muted:
            colour.setAlphaF(0.32)
        if i == self._hover or (i == self._current and self.hasFocus()):
            colour = colour.darker(125)
        return colour

    def _paint_focus(self, painter: QPainter) -> None:
        if self.hasFocus() and 0 <= self._current < len(self.bars):
            pen = QPen(self.palette().color(QPalette.ColorRole.WindowText), 1, Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.bar_rect(self._current).adjusted(0.5, 0.5, -0.5, -0.5))

    def _paint_empty(self, painter: QPainter) -> None:
        painter.setPen(theme.secondary(self.palette()))
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)

    # -- gestures ---------------------------------------------------------------------------
    def event(self, ev: QEvent) -> bool:
        if ev.type() == QEvent.Type.ToolTip:
            i = self.bar_at(QPointF(ev.pos()))
            if i >= 0:
                QToolTip.showText(
                    ev.globalPos(), plain_tooltip(self.bars[i].tooltip), self, self.bar_rect(i).toAlignedRect()
                )
            else:
                QToolTip.hideText()
                ev.ignore()
            return True
        return super().event(ev)

    def mouseMoveEvent(self, ev) -> None:
        i = self.bar_at(ev.position())
        if i != self._hover:
            self._hover = i
            if self.activatable and i >= 0:
                self.setCursor(Qt.CursorShape.PointingHandCursor)
            else:
                self.unsetCursor()
            self.update()
        super().mouseMoveEvent(ev)

    def leaveEvent(self, ev) -> None:
        self._hover = -1
        self.unsetCursor()
        self.update()
        super().leaveEvent(ev)

    def mouseReleaseEvent(self, ev) -> None:
        i = self.bar_at(ev.position())
        if ev.button() == Qt.MouseButton.LeftButton and i >= 0:
            self._current = i
            self.update()
            if self.activatable:
                self.bar_activated.emit(self.bars[i].key)
        super().mouseReleaseEvent(ev)

    def focusInEvent(self, ev) -> None:
        if self._current < 0 and self.bars:
            self._current = len(self.bars) - 1 if isinstance(self, BarChart) else 0
        self.update()
        super().focusInEvent(ev)

    def focusOutEvent(self, ev) -> None:
        self.update()
        super().focusOutEvent(ev)

    def keyPressEvent(self, ev) -> None:
        if not self.bars:
            super().keyPressEvent(ev)
            return
        k = ev.key()
        last = len(self.bars) - 1
        moves = {Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1}
        if k in moves:
            self._move_to(max(0, min(last, self._current + moves[k])))
        elif k == Qt.Key.Key_Home:
            self._move_to(0)
        elif k == Qt.Key.Key_End:
            self._move_to(last)
        elif (
            k in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
            and self.activatable
            and 0 <= self._current <= last
        ):
            self.bar_activated.emit(self.bars[self._current].key)
        else:
            super().keyPressEvent(ev)

    def _move_to(self, i: int) -> None:
        self._current = i
        self.update()
        rect = self.bar_rect(i)
        QToolTip.showText(
            self.mapToGlobal(rect.center().toPoint()), plain_tooltip(self.bars[i].tooltip), self, rect.toAlignedRect()
        )


@guard_qt
class BarChart(_Bars):
    """Columns with an hours axis. With ``months`` the bars are months (``key``: the first day)
    and the axis labels every Nth month with the years under them, or only years when the range
    is long; otherwise every Nth bar is labelled by its own label."""

    def __init__(self, title: str, *, months: bool = False, activatable: bool = False, parent: QWidget | None = None):
        super().__init__(title, activatable=activatable, parent=parent)
        self.months = months
        self._hours_text = self.tr("{hours} h")  # an axis label: "2.5 h", "1,200 h"
        self._month_names = tuple(month_abbreviation(m) for m in range(1, 13))  # "Jan" ... "Dec"
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(230 if months else 200)

    def sizeHint(self) -> QSize:
        return QSize(640, self.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(180, self.height())

    # -- geometry ---------------------------------------------------------------------------
    def _axis_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        return font

    def _scale(self) -> tuple[float, float]:
        """(step, top) of the hours axis."""
        maximum = max((b.value for b in self.bars), default=0.0)
        step = nice_step(maximum)
        return step, step * max(1, math.ceil(maximum / step - 1e-9))

    def _tick_text(self, value: float, step: float) -> str:
        return self._hours_text.format(hours=f"{value:,.1f}" if step < 1 else format_hours(value))

    def _shows_values(self, slot: float, fm: QFontMetrics) -> bool:
        if self.months or not self.bars or len(self.bars) > 30:
            return False
        widest = max(fm.horizontalAdvance(format_hours(b.value)) for b in self.bars)
        return slot >= widest + 4

    def plot_rect(self) -> QRectF:
        fm = QFontMetrics(self._axis_font())
        step, top = self._scale()
        ticks = [k * step for k in range(int(round(top / step)) + 1)]
        left = max(fm.horizontalAdvance(self._tick_text(t, step)) for t in ticks) + 10
        width = max(1.0, self.width() - left - 10)
        slot = width / max(1, len(self.bars))
        above = fm.height() + 4 if self._shows_values(slot, fm) else fm.height() // 2 + 2
        rows = 2 if self.months and self._month_step(slot, fm) is not None else 1
        below = rows * fm.height() + 8
        return QRectF(left, above, width, max(10.0, self.height() - above - below))

    def _slot(self, plot: QRectF) -> float:
        return plot.width() / max(1, len(self.bars))

    def bar_rect(self, i: int) -> QRectF:
        """The whole column of bar i (its hit area), from the top of the plot to the axis."""
        plot = self.plot_rect()
        slot = self._slot(plot)
        return QRectF(plot.left() + i * slot, plot.top(), slot, plot.height())

    def bar_at(self, pos: QPointF) -> int:
        if not self.bars:
            return -1
        plot = self.plot_rect()
        if not (plot.top() <= pos.y() <= plot.bottom() + 4 and plot.left() <= pos.x() < plot.right()):
            return -1
        return min(len(self.bars) - 1, int((pos.x() - plot.left()) / self._slot(plot)))

    def _month_widths(self, fm: QFontMetrics) -> tuple[int, int]:
        month_w = max(fm.horizontalAdvance(name) for name in self._month_names) + 8
        return month_w, fm.horizontalAdvance("8888") + 4

    def _month_step(self, slot: float, fm: QFontMetrics) -> int | None:
        """Every how many months a month name fits; None: only years fit."""
        month_w, _ = self._month_widths(fm)
        return next((n for n in (1, 2, 3, 6) if slot * n >= month_w), None)

    def axis_labels(self) -> list[AxisLabel]:
        """The labels under the axis: (where, text, row), none overlapping another in its row."""
        if not self.bars:
            return []
        fm = QFontMetrics(self._axis_font())
        plot = self.plot_rect()
        slot = self._slot(plot)
        h = fm.height()
        row_y = (plot.bottom() + 4, plot.bottom() + 4 + h)
        found: list[AxisLabel] = []

        def centred(i: int, text: str, width: float, row: int) -> None:
            x = plot.left() + (i + 0.5) * slot
            found.append(AxisLabel(QRectF(x - width / 2, row_y[row], width, h), text, row, True))

        def from_start(i: int, text: str, width: float, row: int) -> None:
            found.append(AxisLabel(QRectF(plot.left() + i * slot, row_y[row], width, h), text, row, False))

        if self.months:
            months: list[date] = [b.key for b in self.bars]
            month_w, year_w = self._month_widths(fm)
            step = self._month_step(slot, fm)
            if step is not None:
                for i, m in enumerate(months):
                    if (m.month - 1) % step == 0:
                        centred(i, self._month_names[m.month - 1], month_w, 0)
                for i in _year_starts(months, 1, slot, year_w):
                    from_start(i, str(months[i].year), year_w, 1)
            else:
                every = next((k for k in (1, 2, 5, 10, 20, 50, 100) if slot * 12 * k >= year_w + GAP), 100)
                for i in _year_starts(months, every, slot, year_w):
                    from_start(i, str(months[i].year), year_w, 0)
        else:
            width = max(fm.horizontalAdvance(b.label) for b in self.bars) + 10
            every = next((k for k in (1, 2, 5, 10, 20, 50, 100) if slot * k >= width), 100)
            for i, b in enumerate(self.bars):
                n = b.key if isinstance(b.key, int) else i
                if n % every == 0:
                    centred(i, b.label, width, 0)
        return _without_overlaps(found, self.width())

    # -- painting ---------------------------------------------------------------------------
    def paintEvent(self, _ev) -> None:
        painter = QPainter(self)
        try:
            self._paint(painter)
        finally:
            painter.end()  # whatever happens: a painter left active spoils the window's next paint

    def _paint(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not self.bars:
            self._paint_empty(painter)
            return
        pal = self.palette()
        font = self._axis_font()
        painter.setFont(font)
        fm = QFontMetrics(font)
        plot = self.plot_rect()
        slot = self._slot(plot)
        step, top = self._scale()
        text_colour = pal.color(QPalette.ColorRole.WindowText)
        grid = QColor(pal.color(QPalette.ColorRole.Mid))
        grid.setAlphaF(0.45)

        # the hours axis: gridlines and their labels
        for k in range(int(round(top / step)) + 1):
            value = k * step
            y = plot.bottom() - value / top * plot.height()
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(theme.secondary(self.palette()))
            painter.drawText(
                QRectF(0, y - fm.height() / 2, plot.left() - 6, fm.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self._tick_text(value, step),
            )

        # the bars
        gap = slot * 0.22 if slot >= 6 else (1.0 if slot >= 3 else 0.0)
        values = self._shows_values(slot, fm)
        painter.setPen(Qt.PenStyle.NoPen)
        for i, b in enumerate(self.bars):
            if b.value <= 0:
                continue
            h = max(1.5, b.value / top * plot.height())
            rect = QRectF(plot.left() + i * slot + gap / 2, plot.bottom() - h, slot - gap, h)
            painter.setBrush(self._colour(b, i))
            radius = min(3.0, rect.width() / 3)
            painter.drawRoundedRect(rect, radius, radius)
        if values:
            for i, b in enumerate(self.bars):
                if b.value <= 0:
                    continue
                h = max(1.5, b.value / top * plot.height())
                painter.setPen(theme.secondary(self.palette()) if b.muted else text_colour)
                painter.drawText(
                    QRectF(plot.left() + i * slot, plot.bottom() - h - fm.height() - 2, slot, fm.height()),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                    format_hours(b.value),
                )

        # the time axis: a baseline, a tick at each new year, the labels
        painter.setPen(QPen(text_colour, 1))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        if self.months:
            painter.setPen(QPen(theme.secondary(self.palette()), 1))
            for i, b in enumerate(self.bars):
                if b.key.month == 1 and i:
                    x = plot.left() + i * slot
                    painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4))
        for label in self.axis_labels():
            month_name = self.months and label.centred
            painter.setPen(theme.secondary(self.palette()) if month_name else text_colour)
            align = Qt.AlignmentFlag.AlignHCenter if label.centred else Qt.AlignmentFlag.AlignLeft
            painter.drawText(label.rect, align | Qt.AlignmentFlag.AlignTop, label.text)
        self._paint_focus(painter)


@guard_qt
class BarList(_Bars):
    """Horizontal bars, one row each: the label (elided), the bar, the value."""

    def __init__(self, title: str, *, activatable: bool = False, parent: QWidget | None = None):
        super().__init__(title, activatable=activatable, parent=parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._fit()

    def row_height(self) -> int:
        return self.fontMetrics().height() + 12

    def _fit(self) -> None:
        self.setFixedHeight(self.row_height() * max(1, len(self.bars)) + 2)

    def set_data(self, data: ChartData) -> None:
        super().set_data(data)
        self._fit()

    def sizeHint(self) -> QSize:
        return QSize(360, self.height())

    def _columns(self) -> tuple[float, float, float]:
        """(label width, bar start, bar end)."""
        fm = self.fontMetrics()
        widest = max((fm.horizontalAdvance(b.label) for b in self.bars), default=0) + 14
        label_w = max(80.0, min(widest, self.width() * 0.42, 320.0))
        value_w = max((fm.horizontalAdvance(b.value_text) for b in self.bars), default=0) + 14
        return label_w, label_w, max(label_w + 20.0, self.width() - value_w)

    def bar_rect(self, i: int) -> QRectF:
        h = self.row_height()
        return QRectF(0, i * h + 1, self.width(), h)

    def bar_at(self, pos: QPointF) -> int:
        if not self.bars or pos.y() < 1 or not (0 <= pos.x() < self.width()):
            return -1
        i = int((pos.y() - 1) // self.row_height())
        return i if i < len(self.bars) else -1

    def elided_label(self, i: int) -> str:
        label_w, _, _ = self._columns()
        return self.fontMetrics().elidedText(self.bars[i].label, Qt.TextElideMode.ElideRight, int(label_w - 12))

    def paintEvent(self, ev) -> None:
        painter = QPainter(self)
        try:
            self._paint(painter, ev.rect())
        finally:
            painter.end()

    def _paint(self, painter: QPainter, area) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not self.bars:
            self._paint_empty(painter)
            return
        pal = self.palette()
        label_w, bar_x, bar_end = self._columns()
        maximum = max(b.value for b in self.bars) or 1.0
        text_colour = pal.color(QPalette.ColorRole.WindowText)
        h = self.row_height()
        first = max(0, int(area.top() // h) - 1)
        last = min(len(self.bars), int(area.bottom() // h) + 2)
        for i in range(first, last):  # only the rows on screen: the list may hold thousands
            b = self.bars[i]
            row = self.bar_rect(i)
            if i == self._hover:
                shade = QColor(pal.color(QPalette.ColorRole.Highlight))
                shade.setAlphaF(0.10)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(shade)
                painter.drawRoundedRect(row.adjusted(0, 1, 0, -1), 4, 4)
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(6, row.top(), label_w - 12, h),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                self.elided_label(i),
            )
            length = max(2.0, (bar_end - bar_x) * b.value / maximum) if b.value > 0 else 0.0
            bar_h = h * 0.46
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._colour(b, i))
            painter.drawRoundedRect(QRectF(bar_x, row.center().y() - bar_h / 2, length, bar_h), 3, 3)
            painter.setPen(theme.secondary(self.palette()))
            painter.drawText(
                QRectF(bar_x + length + 6, row.top(), self.width() - bar_x - length - 8, h),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                b.value_text,
            )
        self._paint_focus(painter)


def _year_starts(months: list[date], every: int, slot: float, year_w: float) -> list[int]:
    """The bars whose year is written: each January of every ``every``-th year, and the first
    bar (a year begun part way) when there is room before the next one."""
    starts = [i for i, m in enumerate(months) if m.month == 1 and m.year % every == 0]
    if starts[:1] != [0] and (not starts or starts[0] * slot >= year_w + GAP):
        starts.insert(0, 0)
    return starts


def _without_overlaps(labels: list[AxisLabel], width: float) -> list[AxisLabel]:
    """Keep labels inside the widget and apart. A year starts at its January: one with no room
    there is left out rather than moved under another year."""
    kept: list[AxisLabel] = []
    for label in sorted(labels, key=lambda lb: (lb.row, lb.rect.left())):
        rect = QRectF(label.rect)
        if rect.right() > width and not label.centred:
            continue
        if rect.left() < 0:
            rect.moveLeft(0)
        if rect.right() > width:
            rect.moveRight(width)
        label = label._replace(rect=rect)
        if kept and kept[-1].row == label.row and rect.left() < kept[-1].rect.right() + GAP:
            continue
        kept.append(label)
    return kept


__all__ = ["Bar", "ChartData", "AxisLabel", "BarChart", "BarList", "format_hours", "nice_step"]
