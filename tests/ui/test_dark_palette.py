"""Dark palettes: hints, errors and successes are drawn in colours taken from the palette, so they
read on a dark window as on a light one (WCAG AA, 4.5:1 for text)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from watchtracker.ui.common import theme
from watchtracker.ui.library.series_dialog import SeriesDialog


def dark_palette() -> QPalette:
    """A dark palette as desktops give it (Window #2d2d2d, Base #1e1e1e, light text)."""
    p = QPalette(QColor("#2d2d2d"))
    for role, colour in (
        (QPalette.ColorRole.Window, "#2d2d2d"),
        (QPalette.ColorRole.WindowText, "#eeeeee"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.Text, "#eeeeee"),
        (QPalette.ColorRole.Button, "#3a3a3a"),
        (QPalette.ColorRole.ButtonText, "#eeeeee"),
        (QPalette.ColorRole.Highlight, "#3d6fb4"),
        (QPalette.ColorRole.HighlightedText, "#ffffff"),
    ):
        p.setColor(role, QColor(colour))
    return p


@pytest.fixture
def dark(qapp):
    before = qapp.palette()
    qapp.setPalette(dark_palette())
    yield qapp.palette()
    qapp.setPalette(before)


@pytest.mark.parametrize("which", ["light", "dark"])
def test_every_theme_colour_reads_on_its_window(qapp, which):
    palette = dark_palette() if which == "dark" else QPalette(QColor("#efefef"))
    window = palette.color(QPalette.ColorRole.Window)
    for name in ("secondary", "error", "success"):
        colour = getattr(theme, name)(palette)
        assert theme.contrast(colour, window) >= 4.5, (which, name, colour.name(), window.name())
    base = palette.color(QPalette.ColorRole.Base)
    assert 1.1 < theme.contrast(theme.track(palette), base) < 3.0  # a track is seen, and stays quiet
    background, text = theme.chip(palette)
    assert theme.contrast(text, background) >= 4.5


def _best_contrast(widget) -> float:
    """The text pixel that stands out most from the widget's background (its corner pixel)."""
    image = widget.grab().toImage()
    background = QColor(image.pixel(0, 0))
    return max(
        theme.contrast(QColor(image.pixel(x, y)), background)
        for y in range(image.height())
        for x in range(image.width())
    )


def test_a_form_error_and_its_hint_read_on_a_dark_window(qtbot, dark):
    dialog = SeriesDialog([], lambda data, saved, refused: None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.premiere, "Smarch 2027")
    assert "smarch" in dialog.premiere_hint.text().casefold()
    assert _best_contrast(dialog.premiere_hint) >= 4.5  # dark red on a dark window was ~2:1
    dialog.premiere.setText("")
    assert _best_contrast(dialog.premiere_hint) >= 4.5  # the grey hint
    dialog.premiere.setText("2027")
    assert _best_contrast(dialog.premiere_hint) >= 4.5  # the green tick
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok) is not None


def test_the_library_and_a_series_page_under_a_dark_palette(qtbot, make_window, example, dark):
    w = make_window(example)
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        w.open_series(example.library.find("Bosch: Legacy"))
    page = w.detail_page
    page.tabs.setCurrentIndex(page.tabs.count() - 1)
    QApplication.processEvents()
    assert _best_contrast(page.not_followed) >= 4.5 or not page.not_followed.isVisible()
    assert theme.secondary(page.palette()).lightnessF() > 0.5  # light grey on dark, not dark grey
