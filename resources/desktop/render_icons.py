"""Make the hicolor icons of the desktop entry from resources/icons/watchtracker.svg: the SVG itself
as the scalable icon and PNGs of 48, 64, 128 and 256 pixels, drawn with Qt's SVG renderer (QtSvg
is part of PySide6-Essentials). Run it again after changing the SVG:

    python resources/desktop/render_icons.py

Not part of the app: the icons it makes are committed (tests/unit/test_desktop_entry.py checks
that the scalable one is the SVG as it is, and each PNG's size)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent / "icons" / "watchtracker.svg"
APP_ID = "io.github.watchtracker.watchtracker"
SIZES = (48, 64, 128, 256)


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (Qt needs one)
    hicolor = HERE / "icons" / "hicolor"
    scalable = hicolor / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, scalable)
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"cannot read {SOURCE}", file=sys.stderr)
        return 1
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target), "PNG"):
            print(f"cannot write {target}", file=sys.stderr)
            return 1
        print(target.relative_to(HERE))
    print(scalable.relative_to(HERE))
    return 0


if __name__ == "__main__":
    sys.exit(main())
