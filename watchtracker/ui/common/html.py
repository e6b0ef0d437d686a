"""Safe rich text: everything from data is escaped, and cleaned of what would reorder or hide it
(bidi overrides, invisible characters, controls: domain.text); only our own markup remains."""

from __future__ import annotations

import html
from urllib.parse import urlparse

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from watchtracker.domain.text import clean_text


def esc(text: str | None) -> str:
    return html.escape(clean_text(text), quote=True)


def plain_tooltip(text: str | None) -> str:
    """A tooltip that shows data as it is. QToolTip guesses: a first line holding "<b>" or
    "&lt;" would be rendered as rich text (and the rest with it), so say it is rich text,
    escaped, keeping the line breaks."""
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{esc(text)}</p>"


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
