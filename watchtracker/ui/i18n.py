"""The window in the viewer's language: Qt's own translations (its dialogs' buttons, context menus)
and watchtracker's for the system locale, and Qt's translator routed into ``domain.i18n`` so the
services' text is translated too.

Translations are ``resources/i18n/watchtracker_<locale>.qm``, compiled with ``pyside6-lrelease``
from a copy of the template ``watchtracker.ts`` (``python tests/tools/translations.py update`` keeps
the template current). ``WATCHTRACKER_TRANSLATION=/path/file.qm`` loads one more file on top, for a
translator trying their work (and for the pseudo-locale screenshots)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from watchtracker.domain import i18n
from watchtracker.paths import resource_path

log = logging.getLogger(__name__)

ENV_TRANSLATION = "WATCHTRACKER_TRANSLATION"
_kept: list[QTranslator] = []  # a QTranslator must outlive its installation


def _qt_translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate(context, text, disambiguation, n)


def install_translations(app: QCoreApplication, locale: QLocale | None = None, extra: Path | None = None) -> list[str]:
    """Load what exists for ``locale`` (default: the system's); return the files loaded."""
    for old in _kept:
        app.removeTranslator(old)
    _kept.clear()
    locale = locale or QLocale.system()
    loaded: list[str] = []

    def load(translator: QTranslator, found: bool, what: str) -> None:
        if found and app.installTranslator(translator):
            _kept.append(translator)
            loaded.append(what)

    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt = QTranslator(app)
    load(qt, qt.load(locale, "qtbase", "_", qt_dir), f"qtbase ({locale.name()})")
    own = QTranslator(app)
    load(own, own.load(locale, "watchtracker", "_", str(resource_path("i18n"))), f"watchtracker ({locale.name()})")
    extra_path = extra or (Path(os.environ[ENV_TRANSLATION]) if os.environ.get(ENV_TRANSLATION) else None)
    if extra_path is not None:
        more = QTranslator(app)
        found = more.load(str(extra_path))
        if not found:
            log.warning("%s=%s: not a translation file Qt can read", ENV_TRANSLATION, extra_path)
        load(more, found, str(extra_path))
    i18n.install(_qt_translate)
    if loaded:
        log.info("translations: %s", ", ".join(loaded))
    return loaded
