"""Text from outside (feeds, TVmaze, other trackers' files) made safe to keep and to show.

What is removed can do harm and carries no meaning in a title or a summary:

- control characters (C0 and C1: ESC, BEL, CSI ...) that a terminal would obey (screen clears,
  title changes, OSC 8 links, OSC 52 clipboard writes); a newline stays where text may have
  lines, a tab becomes a space;
- bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which make
  "gnp.exe" show as "exe.png"; the weak marks (LRM, RLM, ALM) cannot reorder text and stay;
- invisible characters that hide text or split words so that a match fails (zero-width space,
  word joiner, invisible operators, BOM, Mongolian vowel separator, Unicode tags); the joiners
  ZWJ and ZWNJ stay, as emoji and Persian need them;
- lone surrogates (JSON's "\\ud800"), which cannot be written to the database or a terminal.

Pure Python, no I/O: used at the boundary (providers) and again where text is shown (the CLI,
the window), so what an older version stored is safe too.
"""

from __future__ import annotations

import re

_LINE_SEPARATORS = {"\u2028": "\n", "\u2029": "\n", "\u0085": "\n"}

# C0 and C1 controls except \t \n \r (handled apart); DEL
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f"
_BIDI = "\u202a-\u202e\u2066-\u2069"
_INVISIBLE = "\u200b\u2060-\u2064\ufeff\u180e\u034f\ufff9-\ufffb"
_TAGS = "\U000e0000-\U000e007f"
_SURROGATES = "\ud800-\udfff"

_UNSAFE = re.compile(f"[{_CONTROL}{_BIDI}{_INVISIBLE}{_TAGS}{_SURROGATES}]")
_ANY_UNSAFE = re.compile(f"[\t\r\u2028\u2029\u0085{_CONTROL}{_BIDI}{_INVISIBLE}{_TAGS}{_SURROGATES}]")


def clean_text(value: object, *, multiline: bool = True) -> str:
    """``value`` as safe text: see the module's docstring. A non-string gives ``""``.
    ``multiline=False`` folds line breaks into spaces (a title, a name)."""
    if not isinstance(value, str) or not value:
        return ""
    if not _ANY_UNSAFE.search(value):  # the common case costs one scan
        return value if multiline or "\n" not in value else " ".join(value.split())
    text = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    for sep, repl in _LINE_SEPARATORS.items():
        text = text.replace(sep, repl)
    text = _UNSAFE.sub("", text)
    if not multiline:
        text = " ".join(text.split())
    return text


def clean_line(value: object) -> str:
    """One line of safe text, trimmed: a title, a name, a network."""
    return " ".join(clean_text(value, multiline=False).split())


def is_clean(value: str, *, multiline: bool = True) -> bool:
    return clean_text(value, multiline=multiline) == value
