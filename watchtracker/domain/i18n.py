"""Text a viewer reads, ready for translation, in every layer.

The window installs Qt's translator here (``install(QCoreApplication.translate)``), so the domain and
the services translate without importing Qt; without it (the CLI, most tests) text stays English.
``pyside6-lupdate`` finds every ``translate("context", "text")`` call and every
``QT_TRANSLATE_NOOP("context", "text")`` marker by their names, so the arguments must be literals.

Counts use Qt's numerus form: ``translate("ctx", "%n viewing(s)", "", n)``. A language's translation
gives its own plural forms; where none is loaded (English), ``(s)`` becomes "s" when n is not 1 and
``(y|ies)``-style alternatives pick their side, so English needs no translation file.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Translate = Callable[[str, str, str | None, int], str]

_ALTERNATIVE = re.compile(r"\((\w*)\|(\w*)\)")
_PLURAL_S = re.compile(r"(?<=\w)\((s|es)\)")


def english_plural(text: str, n: int) -> str:
    """Resolve "%n viewing(s)" / "%Ln (entry|entries)" for English once Qt found no translation."""
    if n < 0:
        return text
    one = n == 1
    text = _PLURAL_S.sub("" if one else r"\1", text)
    text = _ALTERNATIVE.sub(r"\1" if one else r"\2", text)
    return text.replace("%Ln", f"{n:,}").replace("%n", str(n))


def _untranslated(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return text


_installed: Translate = _untranslated


def install(translate_function: Translate | None) -> None:
    """Route every ``translate`` call through ``translate_function`` (None: back to English)."""
    global _installed
    _installed = translate_function or _untranslated


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``text`` in the viewer's language (the numerus form for ``n`` when n >= 0)."""
    result = _installed(context, text, disambiguation, n)
    if n >= 0 and (result == text or _unresolved(result)):
        # no translation (English): Qt may already have put the number in; the plural is ours
        return english_plural(text, n)
    return result


def _unresolved(text: str) -> bool:
    return "%n" in text or "%Ln" in text or bool(_PLURAL_S.search(text) or _ALTERNATIVE.search(text))


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Mark ``text`` for translation where it is defined; translate it where it is shown."""
    return text
