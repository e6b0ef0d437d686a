"""Poster images: the cached file when there is one, otherwise a drawn placeholder."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImageReader, QLinearGradient, QPainter, QPixmap, QPixmapCache

# TVmaze's originals are about 680x1000; a file of a few kB can declare a picture of gigabytes
MAX_PIXELS = 4096 * 4096

_PALETTE = ["#3b5b92", "#7a4f9a", "#2f7d6d", "#9a5a2f", "#8c3b4f", "#4f6f2f", "#2f5f8c", "#6b5b3b"]


def initials(title: str) -> str:
    words = [w for w in title.replace(":", " ").replace("-", " ").split() if w[:1].isalnum()]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][:2].upper()
    return (words[0][0] + words[1][0]).upper()


def poster_pixmap(title: str, path: str | None, size: QSize, ratio: float = 1.0) -> QPixmap:
    key = f"poster:{path or ''}:{title}:{size.width()}x{size.height()}@{ratio}"
    cached = QPixmap()
    if QPixmapCache.find(key, cached):
        return cached
    pix = _from_file(path, size, ratio) if path else None
    if pix is None:
        pix = _placeholder(title, size, ratio)
    QPixmapCache.insert(key, pix)
    return pix


def _from_file(path: str, size: QSize, ratio: float) -> QPixmap | None:
    """The picture read at about the size shown (JPEG decodes scaled), or None: a broken file,
    or one that declares a picture far larger than any poster (it is not decoded at all)."""
    if not Path(path).is_file():
        return None
    reader = QImageReader(path)
    declared = reader.size()
    if not declared.isValid() or declared.width() * declared.height() > MAX_PIXELS:
        return None
    target = declared.scaled(size * ratio, Qt.AspectRatioMode.KeepAspectRatioByExpanding)
    if target.width() < declared.width():
        reader.setScaledSize(target)
    image = reader.read()
    if image.isNull():  # a broken image gets the placeholder
        return None
    scaled = QPixmap.fromImage(image).scaled(
        size * ratio, Qt.AspectRatioMode.KeepAspectRatioByExpanding, Qt.TransformationMode.SmoothTransformation
    )
    scaled.setDevicePixelRatio(ratio)
    return scaled


class _Shelf:
    """Placeholders drawn before, within a budget of bytes: one per (colour, initials, size) that
    many titles share, and the backgrounds they are drawn on (a gradient per colour and size). A
    row seen for the first time then costs a copy and two letters, or nothing, not a whole drawing."""

    BUDGET = 4 * 1024 * 1024

    def __init__(self) -> None:
        self.pixmaps: dict[tuple, QPixmap] = {}
        self.used = 0

    def get(self, key: tuple) -> QPixmap | None:
        return self.pixmaps.get(key)

    def put(self, key: tuple, pix: QPixmap) -> QPixmap:
        cost = pix.width() * pix.height() * 4
        if cost * 16 > self.BUDGET:  # a large one (the series page's) is drawn each time, as before
            return pix
        if self.used + cost > self.BUDGET:
            self.pixmaps.clear()
            self.used = 0
        self.pixmaps[key] = pix
        self.used += cost
        return pix


_shelf = _Shelf()


def _placeholder(title: str, size: QSize, ratio: float) -> QPixmap:
    shade = hashlib.md5(title.encode("utf-8")).digest()[0] % len(_PALETTE)
    text = initials(title)
    key = (shade, text, size.width(), size.height(), ratio)
    pix = _shelf.get(key)
    if pix is None:
        pix = _shelf.put(key, _with_initials(_background(shade, size, ratio), text, size, ratio))
    return pix


def _background(shade: int, size: QSize, ratio: float) -> QPixmap:
    """The rounded gradient in the title's colour, without the letters."""
    key = ("background", shade, size.width(), size.height(), ratio)
    pix = _shelf.get(key)
    if pix is not None:
        return pix
    pix = QPixmap(size * ratio)
    pix.setDevicePixelRatio(ratio)
    pix.fill(Qt.GlobalColor.transparent)
    base = QColor(_PALETTE[shade])
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    rect = QRect(0, 0, size.width(), size.height())
    grad = QLinearGradient(0, 0, 0, size.height())
    grad.setColorAt(0, base.lighter(125))
    grad.setColorAt(1, base.darker(140))
    painter.setBrush(grad)
    painter.setPen(Qt.PenStyle.NoPen)
    radius = max(2, size.width() // 12)
    painter.drawRoundedRect(rect, radius, radius)
    painter.end()
    return _shelf.put(key, pix)


def _with_initials(background: QPixmap, text: str, size: QSize, ratio: float) -> QPixmap:
    """A copy of ``background`` with ``text`` over it, drawn as when both were drawn in one go."""
    pix = background.copy()
    pix.setDevicePixelRatio(ratio)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(max(8, int(size.width() * 0.36)))
    painter.setFont(font)
    painter.setPen(QColor(255, 255, 255, 230))
    painter.drawText(QRect(0, 0, size.width(), size.height()), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return pix
