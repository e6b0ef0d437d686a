"""Ready for translation (issue 13): the template is current, English needs no translation file
(plurals included), the pseudo-locale keeps what must stay as written, and Qt's own translations
load for the viewer's locale."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from tests.tools.translations import TEMPLATE, make_pseudo, make_template, pseudo
from watchtracker.domain import i18n


def test_the_translation_template_is_current(tmp_path):
    """Fails when a text was added, changed or removed without `python tests/tools/translations.py update`."""
    fresh = tmp_path / "watchtracker.ts"
    make_template(fresh)
    assert fresh.read_text(encoding="utf-8") == TEMPLATE.read_text(encoding="utf-8"), (
        "resources/i18n/watchtracker.ts is stale: run `python tests/tools/translations.py update`"
    )


def test_the_template_holds_the_windows_texts_with_their_plural_forms():
    root = ET.parse(TEMPLATE).getroot()
    sources = {m.findtext("source") for m in root.iter("message")}
    numerus = {m.findtext("source") for m in root.iter("message") if m.get("numerus") == "yes"}
    assert len(sources) > 500
    assert "Add series…" in sources and "Your library is empty" in sources
    assert "%Ln series" in numerus and "%Ln viewing(s)" in numerus
    assert not any("{" in s and "}" not in s for s in sources)  # no half placeholders: no f-strings cut up


@pytest.mark.parametrize(
    ("text", "n", "english"),
    [
        ("%n viewing(s)", 1, "1 viewing"),
        ("%n viewing(s)", 0, "0 viewings"),
        ("%Ln viewing(s)", 1204, "1,204 viewings"),
        ("%n (entry|entries)", 1, "1 entry"),
        ("%n (entry|entries)", 3, "3 entries"),
        ("%n series", 1, "1 series"),
        ("%n match(es) in {title}", 2, "2 matches in {title}"),
        ("{done} of %n episode(s)", 1, "{done} of 1 episode"),
    ],
)
def test_english_plurals_need_no_translation_file(text, n, english):
    assert i18n.translate("test", text, "", n) == english


def test_an_installed_translator_is_used_and_its_plural_is_kept(monkeypatch):
    calls = []

    def german(context, text, disambiguation=None, n=-1):
        calls.append((context, text, disambiguation, n))
        return {"Add series…": "Serie hinzufügen…", "%n viewing(s)": f"{n} Sichtungen"}.get(text, text)

    i18n.install(german)
    try:
        assert i18n.translate("LibraryView", "Add series…") == "Serie hinzufügen…"
        assert i18n.translate("x", "%n viewing(s)", "", 3) == "3 Sichtungen"
        assert i18n.translate("x", "Untranslated") == "Untranslated"
        assert ("x", "%n viewing(s)", "", 3) in calls
    finally:
        i18n.install(None)
    assert i18n.translate("LibraryView", "Add series…") == "Add series…"


def test_qt_without_a_translation_gives_english_plurals(qapp):
    from PySide6.QtCore import QLocale

    from watchtracker.ui.i18n import install_translations

    install_translations(qapp, QLocale("en_US"))
    try:
        assert i18n.translate("LibraryPage", "%Ln series", "", 1) == "1 series"
        assert i18n.translate("LibraryController", "%Ln viewing(s)", "", 2500) == "2,500 viewings"
    finally:
        i18n.install(None)


def test_qts_own_translations_load_for_the_viewers_locale(qapp):
    from PySide6.QtCore import QCoreApplication, QLocale

    from watchtracker.ui.i18n import install_translations

    loaded = install_translations(qapp, QLocale("de_DE"))
    try:
        assert "qtbase (de_DE)" in loaded
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Abbrechen"
    finally:
        install_translations(qapp, QLocale("en_US"))
        i18n.install(None)


def test_the_pseudo_locale_keeps_placeholders_markup_and_mnemonics():
    out = pseudo("&Delete “{title}” — %n viewing(s) <b>now</b> &amp; %1")
    assert out.startswith("[") and out.endswith("]")
    for kept in ("{title}", "%n", "<b>", "</b>", "&amp;", "%1", "&D"):
        assert kept in out
    assert "now" not in out and "ñöŵ" in out
    assert len(out) > len("&Delete “{title}” — %n viewing(s) <b>now</b> &amp; %1") * 1.2


def test_the_pseudo_locale_compiles_with_both_plural_forms(tmp_path, qapp):
    from PySide6.QtCore import QLocale

    from watchtracker.ui.i18n import install_translations

    template = tmp_path / "watchtracker.ts"
    make_template(template)
    qm = make_pseudo(template, tmp_path)
    assert str(qm) in install_translations(qapp, QLocale("en_US"), extra=qm)
    try:
        one = i18n.translate("LibraryController", "%Ln viewing(s)", "", 1)
        many = i18n.translate("LibraryController", "%Ln viewing(s)", "", 3)
        assert one.startswith("[") and "1 ṽíéŵíñĝ " in one
        assert many.startswith("[") and "3 ṽíéŵíñĝš" in many
    finally:
        install_translations(qapp, QLocale("en_US"))
        i18n.install(None)


def _calls_in_code() -> list[tuple[str, str, str]]:
    """(where, context, text) of every translate/tr/QT_TRANSLATE_NOOP call with literal arguments."""
    import ast

    from tests.tools.translations import ROOT, sources

    found = []
    for name in sources():
        tree = ast.parse((ROOT / name).read_text(encoding="utf-8"))
        classes: dict[int, str] = {}  # node -> its innermost class (ast.walk meets outer classes first)
        for cls in [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]:
            for inner in ast.walk(cls):
                classes[id(inner)] = cls.name
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            args = node.args
            literal = [isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args]
            where = f"{name}:{node.lineno}"
            if called == "tr" and isinstance(func, ast.Attribute) and args and literal[0]:
                found.append((where, classes.get(id(node), ""), args[0].value))
            elif called in ("translate", "QT_TRANSLATE_NOOP") and len(args) >= 2 and literal[0] and literal[1]:
                found.append((where, args[0].value, args[1].value))
    return found


def test_every_text_marked_in_the_code_is_in_the_template():
    """lupdate drops some calls silently (a keyword argument, a count that is an attribute or a call
    in some versions): every literal text given to tr/translate must be in the template."""
    root = ET.parse(TEMPLATE).getroot()
    present = {
        (context.findtext("name"), message.findtext("source"))
        for context in root.iter("context")
        for message in context.iter("message")
    }
    calls = _calls_in_code()
    assert len(calls) > 500
    missing = sorted(
        f"{where}: {context} / {text!r}" for where, context, text in calls if (context, text) not in present
    )
    assert not missing, "not extracted by lupdate:\n" + "\n".join(missing)
