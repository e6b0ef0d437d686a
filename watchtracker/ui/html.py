"""Safe rich text: everything from data is escaped; only our own markup remains."""

from __future__ import annotations

import html
from urllib.parse import urlparse

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def esc(text: str | None) -> str:
    return html.escape(text or "", quote=True)


def is_web_link(url: str | None) -> bool:
    """Only http(s) links are ever opened in the browser."""
    if not url:
        return False
    try:
        parsed = urlparse(url)
    except ValueError:
        return False
    return parsed.scheme in ("http", "https") and bool(parsed.netloc)


def plain(*labels: QLabel) -> None:
    """Labels that show data never interpret it as markup."""
    for label in labels:
        label.setTextFormat(Qt.TextFormat.PlainText)
