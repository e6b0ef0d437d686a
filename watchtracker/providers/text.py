"""HTML from the outside world (TVmaze summaries, feed items) turned into plain text.

Nothing from outside is ever rendered as markup: tags are dropped, the text of scripts and
styles is dropped with them, entities are decoded, what a terminal or a bidi-aware view would obey
(controls, bidi overrides, invisible characters) is removed (domain.text) and whitespace tidied.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Any

from watchtracker.domain.text import clean_text

_SKIPPED = {"script", "style", "noscript", "template", "iframe", "object"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)

    def handle_starttag(self, tag, attrs) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag in ("br", "p", "li", "div") and self.parts:
            self.parts.append("\n" if tag == "br" else "\n\n")

    def handle_endtag(self, tag) -> None:
        if tag in _SKIPPED and self._skipping:
            self._skipping -= 1


def html_to_text(value: Any) -> str:
    """Keep the text, drop every tag; ``None`` or a non-string gives ``""``."""
    if not value or not isinstance(value, str):
        return ""
    parser = _Text()
    try:
        parser.feed(value)
        # Not close(): before Python 3.11.13 it rescans an unfinished tag or comment at the end from
        # every "<" after it, quadratic time. What feed() leaves is such a construct, which HTML
        # drops at the end of the text, or text whose last character reference may be cut.
        rest = parser.rawdata
        if rest and not (rest.startswith("<") and len(rest) > 1):
            parser.handle_data(html.unescape(rest))
        text = "".join(parser.parts)
    except (AssertionError, ValueError):  # html.parser gives up on some "<![" sections: drop tags
        text = re.sub(r"<[^>]*>?", " ", value)
    text = re.sub(r"[ \t\r\f\v\u00a0]+", " ", html.unescape(text))
    text = re.sub(r" {2,}", " ", clean_text(text))  # after unescaping: "&#x202e;" is an override too
    text = re.sub(r" *\n *", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
