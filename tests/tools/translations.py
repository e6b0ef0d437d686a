"""The translation template and the pseudo-locale.

    python tests/tools/translations.py update        # resources/i18n/watchtracker.ts from the code
    python tests/tools/translations.py pseudo DIR    # DIR/watchtracker_pseudo.qm: every text accented,
                                                     # bracketed and a third longer

The template is made by ``pyside6-lupdate`` without line numbers, so it changes only when a text does;
``tests/unit/test_translations.py`` fails when it is not current. The pseudo-locale shows, in a
screenshot, what is not translated (plain English among the accented text) and what would be cut off
in a longer language (the brackets' ends missing).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "resources" / "i18n" / "watchtracker.ts"
PSEUDO_OPEN, PSEUDO_CLOSE = "[", "]"

_ACCENTED = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "àƀçđéƒĝĥíĵķĺɱñöþʠŕšţüṽŵẋýžÀßÇĐÉƑĜĤÍĴĶĹṀÑÖÞǪŔŠŢÜṼŴẊÝŽ",
        strict=True,
    )
)
# what must stay as written: placeholders, Qt's %n/%Ln/%1, HTML tags and entities, a mnemonic's letter
_KEEP = re.compile(r"\{[^{}]*\}|%L?n|%\d+|<[^<>]*>|&\w+;|&&|&(?=\w)\w|%\(\w+\)[sd]|%[sd]")
_COUNTED = re.compile(r"<message>(\s*(?:<comment>[^<]*</comment>\s*)?<source>[^<]*%L?n\b[^<]*</source>)")
_PLURAL_S = re.compile(r"(?<=\w)\((s|es)\)")
_ALTERNATIVE = re.compile(r"\((\w*)\|(\w*)\)")


def _tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).with_name(name))
    if not Path(found).exists():
        raise SystemExit(f"{name} not found: install the project's test extras (PySide6)")
    return found


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "watchtracker").rglob("*.py"))


def make_template(out: Path) -> None:
    """``pyside6-lupdate`` over every module into ``out`` (made afresh: nothing obsolete kept)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    subprocess.run(
        [_tool("pyside6-lupdate"), *sources(), "-locations", "none", "-no-obsolete", "-ts", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    # lupdate's Python parser knows a count only in ``self.tr(text, "", n)``, not in
    # ``translate(context, text, "", n)``: every text with %n is a count (Qt's convention)
    ts = out.read_text(encoding="utf-8")
    out.write_text(_COUNTED.sub(r'<message numerus="yes">\1', ts), encoding="utf-8")


def pseudo(text: str) -> str:
    """ "Delete {title}…" -> "[Đéĺéţé {title}… ~~~]": letters accented outside placeholders, tags and
    mnemonics; a third longer; bracketed."""
    out, last = [], 0
    for keep in _KEEP.finditer(text):
        out.append("".join(_ACCENTED.get(c, c) for c in text[last : keep.start()]))
        out.append(keep.group())
        last = keep.end()
    out.append("".join(_ACCENTED.get(c, c) for c in text[last:]))
    body = "".join(out)
    visible = len(re.sub(r"<[^<>]*>", "", text))
    padding = "~" * max(1, visible // 3)
    return f"{PSEUDO_OPEN}{body} {padding}{PSEUDO_CLOSE}"


def _plural_form(text: str, one: bool) -> str:
    text = _PLURAL_S.sub("" if one else r"\1", text)
    return _ALTERNATIVE.sub(r"\1" if one else r"\2", text)


def make_pseudo(template: Path, out_dir: Path) -> Path:
    """A translation of ``template`` into the pseudo-locale, compiled: ``out_dir/watchtracker_pseudo.qm``."""
    tree = ET.parse(template)
    root = tree.getroot()
    root.set("language", "en_US")  # two plural forms, like English
    for message in root.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        translation.attrib.pop("type", None)
        translation.text = None
        for child in list(translation):
            translation.remove(child)
        if message.get("numerus") == "yes":
            for one in (True, False):
                ET.SubElement(translation, "numerusform").text = pseudo(_plural_form(source, one))
        else:
            translation.text = pseudo(source)
    out_dir.mkdir(parents=True, exist_ok=True)
    ts = out_dir / "watchtracker_pseudo.ts"
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    qm = out_dir / "watchtracker_pseudo.qm"
    subprocess.run([_tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True, text=True)
    return qm


def main(argv: list[str]) -> int:
    if argv[:1] == ["update"]:
        make_template(TEMPLATE)
        print(f"wrote {TEMPLATE.relative_to(ROOT)}: {TEMPLATE.read_text(encoding='utf-8').count('<message')} texts")
        return 0
    if argv[:1] == ["pseudo"] and len(argv) == 2:
        with tempfile.TemporaryDirectory() as tmp:
            template = Path(tmp) / "watchtracker.ts"
            make_template(template)
            qm = make_pseudo(template, Path(argv[1]))
        print(f"wrote {qm}")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
