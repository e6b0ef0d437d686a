"""Ready for translation (issue 13): in the pseudo-locale every text the window itself writes is
accented and bracketed, so any English left on a page or in a dialog is a text that does not go
through Qt's translation functions. What the library holds (titles, names, dates, numbers) is data
and stays as it is; so do the standard buttons of Qt's dialogs, which Qt's own translations cover.

The pseudo-locale is made afresh from the code (``tests/tools/translations.py``), so this test
checks the code as it is, not a template that may be stale (``tests/unit/test_translations.py``
checks the template)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QTabWidget,
    QTreeView,
    QWidget,
)
from sqlalchemy import text

from tests.tools.translations import make_pseudo, make_template
from tests.ui.test_accessibility import PAGES, _first_alert, dialogs_that_open_offline, idle, premiering_soon
from tests.ui.test_main_window import open_by_title
from watchtracker.domain import i18n

from watchtracker.ui.i18n import install_translations
from watchtracker.ui.tasks import TaskRunner

ACCENTED = set("àƀçđéƒĝĥíĵķĺɱñöþʠŕšţüṽŵẋýžÀßÇĐÉƑĜĤÍĴĶĹṀÑÖÞǪŔŠŢÜṼŴẊÝŽ")
_TAGS = re.compile(r"<[^<>]*>|&\w+;")
_WORD = re.compile(r"[A-Za-z]{2,}")
_PATH = re.compile(r"(/|[A-Za-z]:\\)[^\n]*")


@pytest.fixture(scope="module")
def pseudo_qm(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pseudo")
    make_template(out / "watchtracker.ts")
    return make_pseudo(out / "watchtracker.ts", out)


@pytest.fixture
def pseudo(qapp, pseudo_qm):
    loaded = install_translations(qapp, QLocale("en_US"), extra=pseudo_qm)
    assert str(pseudo_qm) in loaded
    yield
    install_translations(qapp, QLocale("en_US"))
    i18n.install(None)


def data_words(engine) -> set[str]:
    """Every word the example library itself holds: it may show untranslated."""
    words: set[str] = set()
    queries = (
        "SELECT title, overview, network, country, language, genres, content_rating, aliases FROM series",
        "SELECT title, summary FROM episode",
        "SELECT name FROM person",
        "SELECT character FROM credit",
        "SELECT name, description FROM franchise",
        "SELECT headline, summary, source, reason, spin_off_title, url FROM announcement",
        "SELECT name, url, last_error FROM feed",
        "SELECT notes FROM library_entry",
    )
    with engine.connect() as db:
        for query in queries:
            try:
                rows = db.execute(text(query)).all()
            except Exception:  # a column this schema does not have: nothing to learn from it
                continue
            for row in rows:
                for value in row:
                    words.update(_WORD.findall(str(value or "")))
    return words


def untranslated(value: str, data: set[str]) -> bool:
    """English the window wrote itself: a word that is neither pseudo-translated nor data."""
    if _PATH.fullmatch(value.strip()):
        return False  # a file or folder: data
    plain = _TAGS.sub(" ", value.replace("&&", "&"))
    if any(c in ACCENTED for c in plain):
        # a pseudo text, maybe with data put in: words outside the brackets must be data
        outside = re.sub(r"\[[^\[\]]*\]", " ", plain)
        return any(word not in data for word in _WORD.findall(outside))
    return any(word not in data for word in _WORD.findall(plain.replace("&", "")))


def texts_of(root: QWidget) -> list[tuple[str, str]]:
    """(what, text) for every text on screen under ``root`` that the window wrote."""
    found: list[tuple[str, str]] = []
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if not w.isVisible():
            continue
        name = f"{type(w).__name__} {w.objectName()!r}"
        if w.isWindow() and w.windowTitle():
            found.append((f"{name} title", w.windowTitle()))
        if isinstance(w, QAbstractButton):
            box = w.parentWidget()
            if isinstance(box, QDialogButtonBox) and box.standardButton(w) != QDialogButtonBox.StandardButton.NoButton:
                continue  # OK, Cancel, Close ...: Qt's own translations
            found.append((name, w.text()))
        elif isinstance(w, QLabel) and w.textFormat() != Qt.TextFormat.MarkdownText:
            found.append((name, w.text()))
        elif isinstance(w, QLineEdit):
            found.append((f"{name} placeholder", w.placeholderText()))
        elif isinstance(w, QGroupBox):
            found.append((name, w.title()))
        elif isinstance(w, QTabWidget):
            found.extend((f"{name} tab", w.tabText(i)) for i in range(w.count()))
        elif isinstance(w, (QTableView, QTreeView)) and w.model() is not None:
            model, header = w.model(), w.horizontalHeader() if isinstance(w, QTableView) else w.header()
            found.extend(
                (f"{name} header", str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
                for c in range(model.columnCount(QModelIndex()))
                if header.isVisible() and not header.isSectionHidden(c)
            )
        if w.toolTip():
            found.append((f"{name} tooltip", w.toolTip()))
        if w.accessibleName():
            found.append((f"{name} accessible name", w.accessibleName()))
    return [(what, value) for what, value in found if value.strip()]


def menu_texts(window) -> list[tuple[str, str]]:
    found = []
    for action in window.menuBar().actions():
        found.append(("menu", action.text()))
        menu = action.menu()
        if isinstance(menu, QMenu):
            found.extend((f"menu {action.text()}", a.text()) for a in menu.actions() if not a.isSeparator())
    return found


def english_left(items: list[tuple[str, str]], data: set[str]) -> list[str]:
    return sorted({f"{what}: {value!r}" for what, value in items if untranslated(value, data)})


def test_no_english_is_left_on_any_page_or_menu_in_the_pseudo_locale(qtbot, make_window, example, pseudo):
    premiering_soon(example)
    data = data_words(example.engine)
    w = make_window(example)
    idle(qtbot, w)
    problems: dict[str, list[str]] = {"menus": english_left(menu_texts(w), data)}
    for name in PAGES:
        w.show_section(name)
        idle(qtbot, w)
        page = w.pages.currentWidget()
        if name == "alerts":
            page.select_alert(next(a.id for d in range(page.model.rowCount()) if (a := _first_alert(page, d))))
            idle(qtbot, w)
        problems[name] = english_left(texts_of(page), data)
    open_by_title(qtbot, w, "Bosch")
    idle(qtbot, w)
    for tab in range(w.detail_page.tabs.count()):
        w.detail_page.tabs.setCurrentIndex(tab)
        qtbot.wait(20)
        problems[f"series page, tab {tab}"] = english_left(texts_of(w.detail_page), data)
    problems["status bar"] = english_left([("status", w.statusBar().currentMessage())], data)
    problems = {k: v for k, v in problems.items() if v}
    assert not problems, "\n" + "\n".join(f"{k}:\n  " + "\n  ".join(v) for k, v in problems.items())


def test_no_english_is_left_in_the_dialogs_in_the_pseudo_locale(qtbot, example, dialog_of, pseudo):
    data = data_words(example.engine)
    lane = TaskRunner()
    dialogs = dialogs_that_open_offline(example, lane)
    problems: dict[str, list[str]] = {}
    for where, dialog in dialogs.items():
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.wait(50)
        problems[where] = english_left(texts_of(dialog), data) + cut_off(dialog)
    wizard = dialog_of(example)
    qtbot.waitExposed(wizard)
    problems["Import wizard"] = english_left(texts_of(wizard), data)
    lane.wait()
    problems = {k: v for k, v in problems.items() if v}
    assert not problems, "\n" + "\n".join(f"{k}:\n  " + "\n  ".join(v) for k, v in problems.items())


def cut_off(root: QWidget) -> list[str]:
    """Buttons narrower than their text needs, and the navigation narrower than its entries."""
    found = []
    for button in [*root.findChildren(QPushButton), *root.findChildren(QCheckBox)]:
        if button.isVisible() and button.text() and button.width() < button.sizeHint().width() - 2:
            found.append(f"button {button.text()!r}: {button.width()} < {button.sizeHint().width()}")
    return found


def test_nothing_is_cut_off_in_a_longer_language(qtbot, make_window, example, pseudo):
    """The pseudo-locale is a third longer than English, as German or French often are: the section
    list and the buttons still show their whole text at 1,024 px wide."""
    w = make_window(example)
    w.resize(1024, 640)
    idle(qtbot, w)
    nav = w.nav
    assert nav.viewport().width() >= nav.sizeHintForColumn(0), "the section list cuts its entries"
    problems = {}
    for name in PAGES:
        w.show_section(name)
        idle(qtbot, w)
        problems[name] = cut_off(w.pages.currentWidget())
    problems = {k: v for k, v in problems.items() if v}
    assert not problems, problems
