"""Every kind of an alert on the Alerts page, and what the viewer teaches (issue 14): "Wrong kind?"
and "Not about this series", from the pane's buttons and from the row's menu, by keyboard; the
alert changes at once, the correction is kept, and only news can be corrected."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from tests.ui.test_accessibility import check, report
from tests.ui.test_alerts_ui import cell, headlines, idle, in_dialog, open_alerts, select
from tests.ui.test_context_menus import choose, entries, menu_key, shown, unblocked
from tests.ui.test_translation_coverage import (  # noqa: F401 -- pseudo, pseudo_qm: fixtures
    cut_off,
    data_words,
    english_left,
    pseudo,
    pseudo_qm,
    texts_of,
)
from watchtracker.domain.enums import AnnouncementKind
from watchtracker.services.alerts import LIBRARY_SOURCE
from watchtracker.storage.database import session_scope
from watchtracker.storage.tables import Announcement, AnnouncementSeries

from watchtracker.ui.alerts.kind_dialog import KindDialog
from watchtracker.ui.alerts.model import ALERT_ROLE, KIND, KIND_COLOURS, KINDS_ROLE

# a menu on the offscreen platform: it cannot be raised nor grab the keyboard, and says so
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")

K = AnnouncementKind
ENDS = "Bosch: Legacy to end with season 3"  # about Ballard and Bosch: Legacy
CASTING = "Maggie Q to play Renée Ballard"  # about Ballard and Bosch
RENEWED = "Ballard renewed for season 2"  # about Ballard alone


def alert_id(services, headline: str) -> int:
    return next(a.id for a in services.alerts.alerts() if a.headline == headline)


def window_on_alerts(qtbot, make_window, services):
    w = open_alerts(qtbot, make_window, services)
    w.resize(1024, 700)
    w.activateWindow()
    qtbot.waitActive(w)
    idle(qtbot, w)
    return w


def colour_pixels(view, rect, colour: str) -> int:
    """Pixels of that colour (give or take) in ``rect`` of the view's viewport as painted."""
    image = view.viewport().grab().toImage()
    want = QColor(colour)
    return sum(
        1
        for x in range(max(0, rect.left()), min(image.width(), rect.right()))
        for y in range(max(0, rect.top()), min(image.height(), rect.bottom()))
        if all(abs(a - b) <= 12 for a, b in zip(QColor(image.pixel(x, y)).getRgb()[:3], want.getRgb()[:3], strict=True))
    )


def tab_to(qtbot, dialog, target, limit: int = 15) -> None:
    for _ in range(limit):
        if QApplication.focusWidget() is target:
            return
        qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is target, QApplication.focusWidget()


# -- every kind, shown --------------------------------------------------------------------------


def test_every_kind_is_in_the_list_and_the_pane_main_first(qtbot, make_window, example):
    example.alerts.correct_kinds(alert_id(example, ENDS), [K.ENDED, K.RENEWED])
    w = window_on_alerts(qtbot, make_window, example)
    page = w.alerts_page
    kind = cell(page, ENDS, KIND)
    assert kind.data() == "Ended · Renewed"
    assert kind.data(KINDS_ROLE) == (K.ENDED, K.RENEWED)
    assert kind.data(Qt.ItemDataRole.ToolTipRole) == "Ended, also Renewed"
    assert (
        cell(page, CASTING, KIND).data() == "Casting"
        and cell(page, CASTING, KIND).data(Qt.ItemDataRole.ToolTipRole) is None
    )
    # both chips are painted, in their colours, in a window 1024 pixels wide
    select(page, CASTING)  # another row current: the one looked at is not highlighted
    qtbot.wait(20)
    rect = page.tree.visualRect(kind)
    assert colour_pixels(page.tree, rect, KIND_COLOURS[K.ENDED]) > 50
    assert colour_pixels(page.tree, rect, KIND_COLOURS[K.RENEWED]) > 50
    assert colour_pixels(page.tree, page.tree.visualRect(cell(page, CASTING, KIND)), KIND_COLOURS[K.RENEWED]) == 0
    select(page, ENDS)
    assert page.pane_meta.text().startswith("Ended, also Renewed  ·  ")
    # the filter by a kind finds it by its other kind too
    idle(qtbot, w)
    with qtbot.waitSignal(w.alerts_controller.loaded, timeout=10_000):
        page.kind.setCurrentIndex(page.kind.findData(K.RENEWED.value))
    assert ENDS in headlines(page) and CASTING not in headlines(page)


# -- "Wrong kind?" -------------------------------------------------------------------------------


def test_wrong_kind_from_the_row_menu_by_keyboard_applies_at_once_and_is_kept(qtbot, make_window, example):
    w = window_on_alerts(qtbot, make_window, example)
    page = w.alerts_page
    select(page, CASTING)
    menu = menu_key(qtbot, page.tree)
    assert entries(menu)[-2:] == ["Wrong kind?…", "Not about this series"]
    seen = {}

    def correct(dialog: KindDialog) -> None:
        seen["start"] = (dialog.main.currentText(), dialog.ok.isEnabled())
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
        dialog.main.setFocus()
        qtbot.keyClicks(dialog.main, "Trailer")  # a closed combo box chooses by the letters typed
        casting = dialog.others[K.CASTING]
        tab_to(qtbot, dialog, casting)
        qtbot.keyClick(casting, Qt.Key.Key_Space)
        seen["main disabled"] = not dialog.others[K.TRAILER].isEnabled()
        qtbot.keyClick(casting, Qt.Key.Key_Return)  # the dialog's default button: Correct it

    in_dialog(qtbot, KindDialog, correct)
    choose(qtbot, menu, "Wrong kind?…")
    idle(qtbot, w)
    assert seen == {"start": ("Casting", False), "main disabled": True}
    aid = alert_id(example, CASTING)
    assert example.alerts.alert(aid).kinds == (K.TRAILER, K.CASTING)
    qtbot.waitUntil(lambda: cell(page, CASTING, KIND).data() == "Trailer · Casting", timeout=10_000)
    assert example.alerts.kind_examples() == [(CASTING, example.alerts.alert(aid).summary, (K.TRAILER, K.CASTING))]
    assert "“Trailer, also Casting”" in w.statusBar().currentMessage()
    assert page.current_alert().headline == CASTING  # still the one shown


def test_wrong_kind_cancelled_changes_nothing_and_the_pane_button_opens_it(qtbot, make_window, example):
    w = window_on_alerts(qtbot, make_window, example)
    page = w.alerts_page
    select(page, RENEWED)
    assert page.wrong_kind_button.isVisible()
    opened = []

    def cancel(dialog: KindDialog) -> None:
        opened.append(dialog.alert.headline)
        qtbot.keyClick(dialog.main, Qt.Key.Key_Down)  # changed, then thought better of
        assert dialog.ok.isEnabled()
        qtbot.keyClick(dialog.main, Qt.Key.Key_Escape)

    in_dialog(qtbot, KindDialog, cancel)
    page.wrong_kind_button.setFocus()
    qtbot.keyClick(page.wrong_kind_button, Qt.Key.Key_Space)
    idle(qtbot, w)
    assert opened == [RENEWED]
    assert example.alerts.alert(alert_id(example, RENEWED)).kinds == (K.RENEWED,)
    assert example.alerts.kind_examples() == []


# -- "Not about this series" ---------------------------------------------------------------------


def test_not_about_one_of_its_series_from_the_row_menu_by_keyboard(qtbot, make_window, example):
    w = window_on_alerts(qtbot, make_window, example)
    page = w.alerts_page
    bosch = example.library.find("Bosch")
    select(page, CASTING)
    menu = menu_key(qtbot, page.tree)
    action = next(a for a in menu.actions() if a.text() == "Not about this series")
    assert [a.text() for a in action.menu().actions()] == ["Not about Ballard", "Not about Bosch"]
    menu.setActiveAction(action)
    unblocked(lambda: qtbot.keyClick(menu, Qt.Key.Key_Right))  # into the submenu
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is action.menu(), timeout=2000)
    choose(qtbot, shown(qtbot, page.tree), "Not about Bosch")
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None, timeout=2000)
    idle(qtbot, w)
    aid = alert_id(example, CASTING)
    assert [t for _, t in example.alerts.alert(aid).series] == ["Ballard"]
    assert example.alerts.false_matches() == [(bosch, CASTING)]
    qtbot.waitUntil(lambda: cell(page, CASTING).data(ALERT_ROLE).series_titles == ["Ballard"], timeout=10_000)
    assert "Took Bosch off this alert" in w.statusBar().currentMessage()


def test_not_about_its_only_series_from_the_pane_button_removes_the_alert(qtbot, make_window, example):
    w = window_on_alerts(qtbot, make_window, example)
    page = w.alerts_page
    select(page, RENEWED)
    assert page.not_about_button.isVisible() and page.not_about_button.menu() is None
    page.not_about_button.setFocus()
    with qtbot.waitSignal(w.alerts_controller.loaded, timeout=10_000):
        qtbot.keyClick(page.not_about_button, Qt.Key.Key_Space)
    idle(qtbot, w)
    assert RENEWED not in headlines(page)
    assert RENEWED not in {a.headline for a in example.alerts.alerts(include_dismissed=True)}
    assert example.alerts.false_matches() == [(example.library.find("Ballard"), RENEWED)]
    assert "Removed the alert: it is not about Ballard" in w.statusBar().currentMessage()
    # several series: the button offers them
    select(page, ENDS)
    assert [a.text() for a in page.not_about_button.menu().actions()] == [
        "Not about Ballard",
        "Not about Bosch: Legacy",
    ]


# -- only news -----------------------------------------------------------------------------------


def test_the_librarys_own_alerts_offer_no_correction(qtbot, make_window, example):
    bosch = example.library.find("Bosch")
    headline = "Bosch: S07E10 “Dark Sky” is out"
    with session_scope(example.engine) as session:
        ann = Announcement(
            kind=K.EPISODE_AIRED.value,
            headline=headline,
            source=LIBRARY_SOURCE,
            published_at=datetime(2026, 11, 20, 12, tzinfo=UTC),
            fingerprint="aired:1:1",
            reason="you follow it",
        )
        session.add(ann)
        session.flush()
        session.add(AnnouncementSeries(announcement_id=ann.id, series_id=bosch))
    w = window_on_alerts(qtbot, make_window, example)
    page = w.alerts_page
    select(page, headline)
    assert not page.wrong_kind_button.isVisible() and not page.not_about_button.isVisible()
    menu = menu_key(qtbot, page.tree)
    assert not {"Wrong kind?…", "Not about this series"} & set(entries(menu))
    menu.close()
    select(page, CASTING)  # news: both offered
    assert page.wrong_kind_button.isVisible() and page.not_about_button.isVisible()


# -- the dialog ----------------------------------------------------------------------------------


def _dialog(qtbot, example, headline: str) -> KindDialog:
    alert = next(a for a in example.alerts.alerts() if a.headline == headline)
    dialog = KindDialog(alert)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_dialog_starts_from_the_alerts_kinds_and_every_control_has_a_name(qtbot, example):
    example.alerts.correct_kinds(alert_id(example, ENDS), [K.ENDED, K.RENEWED])
    dialog = _dialog(qtbot, example, ENDS)
    assert dialog.main_kind() is K.ENDED and dialog.others[K.RENEWED].isChecked()
    assert K.NEWS not in dialog.others  # "news" is no event of its own
    assert not dialog.others[K.ENDED].isEnabled() and not dialog.ok.isEnabled()
    dialog.others[K.RENEWED].setChecked(False)
    assert dialog.kinds() == (K.ENDED,) and dialog.ok.isEnabled()
    dialog.main.setCurrentIndex(dialog.main.findData(K.RENEWED.value))
    dialog.others[K.ENDED].setChecked(True)
    assert dialog.kinds() == (K.RENEWED, K.ENDED)
    dialog.others[K.RENEWED].setChecked(True)  # disabled as the main one: not counted twice
    assert dialog.kinds() == (K.RENEWED, K.ENDED)
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).text() == "Correct it"
    problems: dict[str, list[str]] = {}
    check(dialog, "Wrong kind?", problems)
    assert not problems, report(problems)


@pytest.mark.usefixtures("pseudo")
def test_no_english_is_left_in_the_dialog_nor_on_the_pane_in_the_pseudo_locale(qtbot, make_window, example):
    data = data_words(example.engine)
    dialog = _dialog(qtbot, example, CASTING)
    qtbot.wait(50)
    problems = english_left(texts_of(dialog), data) + cut_off(dialog)
    assert not problems, problems
    w = window_on_alerts(qtbot, make_window, example)
    page = w.alerts_page
    select(page, CASTING)
    qtbot.wait(20)
    shown_texts = [(what, text) for what, text in texts_of(page) if "notAbout" in what or "wrongKind" in what]
    assert len(shown_texts) >= 4  # each button's text and tooltip
    assert not english_left(shown_texts, data), english_left(shown_texts, data)
    assert not english_left([("meta", page.pane_meta.text())], data)
