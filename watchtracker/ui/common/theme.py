"""Colours that read on the viewer's palette, light or dark: secondary text, errors, success, the
track of a progress bar, a soft chip. Never a fixed light-theme colour: dark red on a dark window
cannot be read."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QWidget


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    """``t`` of the way from ``a`` to ``b``."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def secondary(palette: QPalette | None = None) -> QColor:
    """Text that matters less (hints, counts, dates): between the text and the window, still
    4.5:1 against the window on Qt's light and dark palettes."""
    palette = palette or QGuiApplication.palette()
    return _mix(palette.color(QPalette.ColorRole.WindowText), palette.color(QPalette.ColorRole.Window), 0.35)


def error(palette: QPalette | None = None) -> QColor:
    return QColor("#ff8a80") if is_dark(palette) else QColor("#b00020")


def success(palette: QPalette | None = None) -> QColor:
    return QColor("#81c784") if is_dark(palette) else QColor("#2a7030")


def track(palette: QPalette | None = None) -> QColor:
    """The empty part of a progress bar: a little of the text's colour over the base."""
    palette = palette or QGuiApplication.palette()
    return _mix(palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text), 0.18)


def chip(palette: QPalette | None = None) -> tuple[QColor, QColor]:
    """A soft label (background, text) that reads on the base colour."""
    palette = palette or QGuiApplication.palette()
    base, highlight = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Highlight)
    return _mix(base, highlight, 0.22), palette.color(QPalette.ColorRole.Text)


def _style(widget: QWidget, colour: QColor) -> None:
    widget.setStyleSheet(f"color: {colour.name()};")


# The colours come from the application's palette, not the widget's: a style sheet's "color"
# rewrites the widget's own palette, so a label once red would make its next grey reddish.


def set_secondary(*widgets: QWidget) -> None:
    for w in widgets:
        _style(w, secondary())


def set_error(*widgets: QWidget) -> None:
    for w in widgets:
        _style(w, error())


def set_success(*widgets: QWidget) -> None:
    for w in widgets:
        _style(w, success())


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


__all__ = [
    "chip",
    "contrast",
    "error",
    "is_dark",
    "secondary",
    "set_error",
    "set_secondary",
    "set_success",
    "success",
    "track",
]
