"""A poster in the cache is whatever the poster server sent (up to 3 MB): a small file can hold a
huge picture. The window never decodes one in full on the GUI thread."""

from __future__ import annotations

import struct
import time
import zlib

from PySide6.QtCore import QSize

from watchtracker.ui.common.posters import poster_pixmap


def _png(width: int, height: int) -> bytes:
    """A grey PNG of zeros: compresses to almost nothing whatever its size."""
    raw = zlib.compress(b"".join(b"\x00" + bytes(width) for _ in range(height)), 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def test_a_huge_poster_gets_the_placeholder_without_decoding_it(tmp_path):
    bomb = tmp_path / "series-1.png"
    bomb.write_bytes(_png(7000, 7000))  # 60 kB on disk, 196 MB as a picture
    start = time.perf_counter()
    pix = poster_pixmap("Bosch", str(bomb), QSize(24, 34))
    elapsed = time.perf_counter() - start
    assert not pix.isNull() and pix.width() == 24
    assert elapsed < 0.2, f"decoding took {elapsed:.2f} s on the GUI thread"


def test_a_real_sized_poster_is_read_and_scaled(tmp_path):
    poster = tmp_path / "series-2.png"
    poster.write_bytes(_png(680, 1000))
    pix = poster_pixmap("Ballard", str(poster), QSize(48, 68))
    assert pix.width() == 48 and pix.height() in (70, 71)  # its own proportions, filling the width
    assert pix.toImage().pixelColor(10, 10).value() == 0  # the picture (black), not the placeholder
