"""Context menus on the rows of the Library, Up next, Upcoming, Alerts and a series' episodes
(issue 13, defect 12): opened with a right click, the Menu key or Shift+F10, over the row they act
on; each entry does what the matching button or key does."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMenu

from tests.conftest import NOW
from tests.ui.test_main_window import open_by_title
from tests.unit.test_schedule import add_episodes, add_series, weekly

from watchtracker.ui.common import messages
from watchtracker.ui.library.model import TITLE
from watchtracker.ui.library.series_dialog import SeriesDialog
from watchtracker.ui.upnext.model import U_EPISODE

# a menu on the offscreen platform: it cannot be raised nor grab the keyboard, and says so
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")

# -- driving a menu as a viewer does ----------------------------------------------------------------


def unblocked(send) -> None:
    """Send an event; a menu that would hold the test in its own event loop (QMenu.exec) is closed
    after a while, so the test fails instead of hanging."""
    sending = [True]

    def close() -> None:
        if sending[0] and isinstance(menu := QApplication.activePopupWidget(), QMenu):
            menu.close()

    QTimer.singleShot(1500, close)
    try:
        send()
    finally:
        sending[0] = False


def menu_key(qtbot, view: QAbstractItemView) -> QMenu:
    """The Menu key, as the platform hands it over: a context-menu event for the focused widget,
    at no particular place (the menu goes over the current row, not where the pointer is)."""
    view.setFocus()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, QPoint(3, 3), view.mapToGlobal(QPoint(3, 3)))
    unblocked(lambda: QApplication.sendEvent(view, event))
    return shown(qtbot, view)


def shift_f10(qtbot, view: QAbstractItemView) -> QMenu:
    view.setFocus()
    unblocked(lambda: qtbot.keyClick(view, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier))
    return shown(qtbot, view)


def right_click(qtbot, view: QAbstractItemView, index) -> QMenu:
    """A right click on the row: the context-menu event the mouse makes, on the view's viewport."""
    pos = view.visualRect(index).center()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, view.viewport().mapToGlobal(pos))
    unblocked(lambda: QApplication.sendEvent(view.viewport(), event))
    return shown(qtbot, view)


def shown(qtbot, view) -> QMenu:
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu) and menu.isVisible(), "no menu opened"
    qtbot.waitExposed(menu)
    return menu


def entries(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def submenu(menu: QMenu, text: str) -> QMenu:
    action = next(a for a in menu.actions() if a.text() == text)
    assert action.menu() is not None
    return action.menu()


def choose(qtbot, menu: QMenu, text: str) -> None:
    """As the keyboard does it: the entry made current, then Enter."""
    action = next((a for a in menu.actions() if a.text() == text), None)
    assert action is not None, f"{text!r} is not in {entries(menu)}"
    assert action.isEnabled()
    menu.setActiveAction(action)
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None, timeout=2000)


def idle(qtbot, w) -> None:
    qtbot.waitUntil(lambda: w.idle, timeout=10_000)
    qtbot.wait(20)


def below_row(menu: QMenu, view: QAbstractItemView) -> bool:
    """The menu opened at the current row (its top against the row), not at the pointer."""
    rect = view.visualRect(view.currentIndex())
    top_left = view.viewport().mapToGlobal(rect.topLeft())
    bottom = view.viewport().mapToGlobal(rect.bottomLeft())
    return top_left.y() <= menu.geometry().top() <= bottom.y() + 2 or menu.geometry().bottom() <= top_left.y()


@pytest.fixture
def window(qtbot, make_window, example):
    w = make_window(example)
    w.activateWindow()
    qtbot.waitActive(w)
    idle(qtbot, w)
    return w


def library_row(w, title: str):
    page = w.library_page
    sid = w.library_service.find(title)
    assert page.select_series(sid)
    return page.model.series_row(page.model.row_for(sid))


# -- Library ----------------------------------------------------------------------------------------


def test_the_library_menu_opens_with_the_menu_key_over_the_row_and_open_opens(qtbot, window):
    w, page = window, window.library_page
    row = library_row(w, "Bosch: Legacy")
    menu = menu_key(qtbot, page.table)
    assert entries(menu) == [
        "Open\tEnter",
        f"Mark {row.next_episode.code} watched",
        "Edit…",
        "Unfollow",
        "Find on TVmaze…",  # the example is not linked to TVmaze
        "Delete…\tDel",
    ]
    assert below_row(menu, page.table)
    with qtbot.waitSignal(w.detail_shown, timeout=10_000) as shown_:
        choose(qtbot, menu, "Open\tEnter")
    assert shown_.args == [row.series_id]


def test_shift_f10_and_a_right_click_open_it_too_for_the_row_clicked(qtbot, window):
    w, page = window, window.library_page
    library_row(w, "Bosch: Legacy")
    menu = shift_f10(qtbot, page.table)
    assert entries(menu)[0] == "Open\tEnter"
    qtbot.keyClick(menu, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    ballard = w.library_service.find("Ballard")
    index = page.proxy.mapFromSource(page.model.index(page.model.row_for(ballard), TITLE))
    menu = right_click(qtbot, page.table, index)
    assert page.current_series_id() == ballard  # the row clicked is the one acted on
    nxt = page.model.series_row(page.model.row_for(ballard)).next_episode
    assert f"Mark {nxt.code} watched" in entries(menu)
    qtbot.keyClick(menu, Qt.Key.Key_Escape)


def test_mark_the_next_episode_watched_from_the_library_and_undo(qtbot, window, example):
    w, page = window, window.library_page
    row = library_row(w, "Bosch: Legacy")
    choose(qtbot, menu_key(qtbot, page.table), f"Mark {row.next_episode.code} watched")
    idle(qtbot, w)
    now = page.model.series_row(page.model.row_for(row.series_id))
    assert now.episodes_watched == row.episodes_watched + 1 and now.next_episode.code != row.next_episode.code
    assert w.statusBar().currentMessage() == f"Watched Bosch: Legacy {row.next_episode.code}. Undo with Ctrl+Z."
    assert w.undo_stack.undoText() == f"Mark Bosch: Legacy {row.next_episode.code} watched"
    w.undo_stack.undo()
    idle(qtbot, w)
    assert page.model.series_row(page.model.row_for(row.series_id)).episodes_watched == row.episodes_watched


def test_unfollow_from_the_library_as_on_the_series_page_and_undo(qtbot, window, example):
    w, page = window, window.library_page
    row = library_row(w, "Ballard")
    choose(qtbot, menu_key(qtbot, page.table), "Unfollow")
    idle(qtbot, w)
    assert page.model.row_for(row.series_id) is None  # it left the library
    assert example.library.detail(row.series_id).followed is False
    assert w.undo_stack.undoText() == "Unfollow Ballard"
    w.undo_stack.undo()
    idle(qtbot, w)
    assert page.model.row_for(row.series_id) is not None


def test_delete_from_the_library_asks_first(qtbot, window, monkeypatch):
    w, page = window, window.library_page
    row = library_row(w, "Ballard")
    asked = []
    monkeypatch.setattr(messages, "confirm", lambda parent, text, *a, **k: asked.append(text) or False)
    choose(qtbot, menu_key(qtbot, page.table), "Delete…\tDel")
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    assert asked == ["Delete “Ballard” from your library?"]
    idle(qtbot, w)
    assert page.model.row_for(row.series_id) is not None  # Cancel: nothing gone


def test_edit_from_the_library_opens_the_series_form(qtbot, window):
    w, page = window, window.library_page
    library_row(w, "Ballard")
    seen = {}

    def look() -> None:
        dialog = next(
            (d for d in QApplication.topLevelWidgets() if isinstance(d, SeriesDialog) and d.isVisible()), None
        )
        if dialog is None:
            QTimer.singleShot(20, look)
            return
        seen["title"] = dialog.title.text()
        dialog.reject()

    QTimer.singleShot(0, look)
    choose(qtbot, menu_key(qtbot, page.table), "Edit…")
    qtbot.waitUntil(lambda: "title" in seen, timeout=10_000)
    assert seen["title"] == "Ballard"


def test_no_menu_before_the_library_is_open_but_open(qtbot, window):
    w, page = window, window.library_page
    library_row(w, "Ballard")
    w.library_controller.set_ready(False, can_import=False)
    menu = menu_key(qtbot, page.table)
    enabled = [a.text() for a in menu.actions() if not a.isSeparator() and a.isEnabled()]
    assert enabled == ["Open\tEnter"]
    qtbot.keyClick(menu, Qt.Key.Key_Escape)


# -- Up next ----------------------------------------------------------------------------------------


def test_up_next_menu_marks_watched_as_space_does_and_opens_the_series(qtbot, window, example):
    w = window
    w.show_section("upnext")
    idle(qtbot, w)
    page = w.sections.upnext_page
    row = page.current_row()
    menu = menu_key(qtbot, page.table)
    assert entries(menu) == [f"Mark {row.code} watched\tSpace", "Open series"]
    choose(qtbot, menu, f"Mark {row.code} watched\tSpace")
    idle(qtbot, w)
    assert w.undo_stack.undoText() == f"Mark {row.title} {row.code} watched"  # the Space key's command
    assert page.current_row().code != row.code
    other = page.model.index(page.model.rowCount() - 1, U_EPISODE)
    menu = right_click(qtbot, page.table, other)
    with qtbot.waitSignal(w.detail_shown, timeout=10_000) as shown_:
        choose(qtbot, menu, "Open series")
    assert shown_.args == [page.model.row_at(other).series_id]


# -- Upcoming ---------------------------------------------------------------------------------------


def test_upcoming_menu_and_enter_open_the_series(qtbot, make_window, example):
    sid = add_series(example.engine, "Harry Bosch: The Early Years")
    add_episodes(example.engine, sid, 1, weekly(NOW + timedelta(days=2), 3))
    w = make_window(example)
    w.show_section("upcoming")
    idle(qtbot, w)
    page = w.sections.upcoming_page
    m = page.model
    item = next(m.index(r, 1) for r in range(m.rowCount()) if (e := m.entry_at(r)) is not None and e.series_id == sid)
    page.table.setCurrentIndex(item)
    menu = menu_key(qtbot, page.table)
    assert entries(menu) == ["Open series\tEnter"]
    with qtbot.waitSignal(w.detail_shown, timeout=10_000) as shown_:
        choose(qtbot, menu, "Open series\tEnter")
    assert shown_.args == [sid]
    w.show_section("upcoming")
    page.table.setCurrentIndex(item)
    page.table.setFocus()
    with qtbot.waitSignal(w.detail_shown, timeout=10_000) as shown_:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)  # what the entry says
    assert shown_.args == [sid]
    heading = m.index(0, 0)
    assert m.is_heading(0)
    page.table.setCurrentIndex(heading)
    page.table.setFocus()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, QPoint(3, 3), page.table.mapToGlobal(QPoint()))
    unblocked(lambda: QApplication.sendEvent(page.table, event))
    assert QApplication.activePopupWidget() is None  # a day's heading has nothing to act on


# -- Alerts -----------------------------------------------------------------------------------------


def test_alerts_menu_has_the_panes_buttons(qtbot, window, example):
    w = window
    w.show_alerts()
    idle(qtbot, w)
    page = w.alerts_page
    alert = next(a for a in example.alerts.alerts() if len(a.series) == 2 and a.url)
    assert page.select_alert(alert.id)
    menu = menu_key(qtbot, page.tree)
    assert entries(menu) == [
        "Open article\tEnter",
        "Open series",
        "Mark read",
        "Mute",
        "Dismiss\tDel",
        "Wrong kind?…",
        "Not about this series",
    ]
    assert entries(submenu(menu, "Open series")) == [title for _sid, title in alert.series]
    mute = entries(submenu(menu, "Mute"))
    assert mute == [a.text() for a in page.mute_button.menu().actions()]  # the pane's Mute button's
    assert mute[0] == f"Mute all “{alert.kind.label}” alerts"
    choose(qtbot, menu, "Mark read")
    idle(qtbot, w)
    assert example.alerts.alert(alert.id).read
    menu = menu_key(qtbot, page.tree)
    assert "Mark unread" in entries(menu)
    choose(qtbot, menu, "Dismiss\tDel")
    idle(qtbot, w)
    assert alert.id not in {a.id for a in example.alerts.alerts()}


def test_alerts_menu_opens_the_series_of_a_one_series_alert_and_tracks_a_spin_off(qtbot, window, example):
    w = window
    w.show_alerts()
    idle(qtbot, w)
    page = w.alerts_page
    alert = next(a for a in example.alerts.alerts() if len(a.series) == 1 and a.kind.value == "spin_off")
    assert page.select_alert(alert.id)
    menu = menu_key(qtbot, page.tree)
    assert "Track this spin-off…" in entries(menu)
    with qtbot.waitSignal(w.detail_shown, timeout=10_000) as shown_:
        choose(qtbot, menu, "Open series")
    assert shown_.args == [alert.series[0][0]]


# -- a series' episodes ------------------------------------------------------------------------------


def test_episodes_menu_has_the_buttons_over_the_list(qtbot, window, example):
    w = window
    sid = open_by_title(qtbot, w, "Bosch: Legacy")
    page = w.detail_page
    first = page.model.index(0, 0)
    episode = page.model.index(5, 0, first)
    ep = page.model.episode_at(episode)
    assert not ep.watched
    page.episodes.setCurrentIndex(episode)
    menu = menu_key(qtbot, page.episodes)
    assert entries(menu) == [
        "Mark watched",
        "Mark unwatched",
        "Watch again (count another viewing)",
        f"Watched up to here ({ep.code})",
    ]
    choose(qtbot, menu, "Mark watched")
    idle(qtbot, w)
    assert next(e for e in example.library.detail(sid).episodes() if e.id == ep.id).watched
    menu = shift_f10(qtbot, page.episodes)
    choose(qtbot, menu, f"Watched up to here ({ep.code})")
    idle(qtbot, w)
    detail = example.library.detail(sid)
    assert all(e.watched for e in detail.episodes() if e.season == ep.season and e.number <= ep.number)


# -- what it looks like ------------------------------------------------------------------------------


def test_render_the_library_menu(qtbot, window, tmp_path):
    w, page = window, window.library_page
    library_row(w, "Bosch: Legacy")
    menu = menu_key(qtbot, page.table)
    image = menu.grab().toImage()
    path = tmp_path / "library-menu.png"

    assert image.save(str(path))
    assert image.width() >= menu.fontMetrics().horizontalAdvance("Delete…    Del")
    assert image.height() >= 5 * menu.fontMetrics().height()
    qtbot.keyClick(menu, Qt.Key.Key_Escape)
