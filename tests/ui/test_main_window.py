"""The real window, driven as a viewer would."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from watchtracker.app import open_services
from watchtracker.domain.enums import RelationKind
from watchtracker.domain.inputs import SeriesInput
from watchtracker.settings import Settings

from watchtracker.ui.common import messages
from watchtracker.ui.common.delegates import PROGRESS_ROLE
from watchtracker.ui.library.model import PROGRESS, TITLE
from watchtracker.ui.library.series_dialog import SeriesDialog
from watchtracker.ui.main_window import DETAIL_PAGE, LIBRARY_PAGE


def library_titles(w):
    proxy = w.library_page.proxy
    return [proxy.index(r, TITLE).data(Qt.ItemDataRole.DisplayRole).lstrip("★ ") for r in range(proxy.rowCount())]


def progress_of(w, title):
    proxy = w.library_page.proxy
    for r in range(proxy.rowCount()):
        if proxy.index(r, TITLE).data().lstrip("★ ") == title:
            return proxy.index(r, PROGRESS).data(PROGRESS_ROLE)
    raise AssertionError(f"{title} not in the library view")


def open_by_title(qtbot, w, title):
    sid = w.library_service.find(title)
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        w.open_series(sid)
    return sid


def wait_changes(qtbot, w):
    qtbot.waitUntil(lambda: not w.library_lane.busy, timeout=10_000)


def test_the_bosch_story_persists_across_restarts(qtbot, make_window, services, paths):
    w = make_window(services)
    assert w.library_page.stack.currentIndex() == 0  # the empty state offers the example
    assert w.library_page.example_button.isVisible()
    with qtbot.waitSignal(w.library_loaded, timeout=10_000):
        qtbot.mouseClick(w.library_page.example_button, Qt.MouseButton.LeftButton)
    assert library_titles(w) == ["Ballard", "Bosch", "Bosch: Legacy"]
    assert progress_of(w, "Bosch: Legacy") == (2, 30)
    assert progress_of(w, "Ballard") == (4, 10)

    open_by_title(qtbot, w, "Bosch: Legacy")
    dp = w.detail_page
    assert w.pages.currentIndex() == DETAIL_PAGE
    assert [s.label for s in dp.model.seasons] == ["Season 1", "Season 2", "Season 3"]
    assert {"Titus Welliver", "Mimi Rogers", "Madison Lintz", "Denise G. Sanchez"} <= {
        dp.cast_model.index(r, 0).data() for r in range(dp.cast_model.rowCount())
    }
    related = dp.related.toPlainText()
    assert "Bosch" in related and "Ballard" in related
    assert "Ballard" in dp.timeline.toPlainText()

    # mark season 1 watched with its checkbox
    season1 = dp.model.index(0, 0)
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        dp.model.setData(season1, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    wait_changes(qtbot, w)
    assert dp.model.index(0, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert "10 of 30 episodes watched" in dp.progress_label.text()
    assert progress_of(w, "Bosch: Legacy") == (10, 30)

    w.close()
    services.close()
    reopened = open_services(paths, Settings())
    w2 = make_window(reopened)
    assert progress_of(w2, "Bosch: Legacy") == (10, 30)
    reopened.close()


def test_related_series_link_opens_its_detail_and_it_can_be_followed(qtbot, make_window, example):
    # a spin-off of Bosch announced for 2025 and not followed, as Ballard was in the example before it came out
    origins, _ = example.catalog.add_series(
        SeriesInput(
            title="Bosch: Origins",
            premiere="2025",
            relation_kind=RelationKind.SPIN_OFF_OF,
            related_series_id=example.library.find("Bosch"),
            follow_state=None,
        )
    )
    w = make_window(example)
    open_by_title(qtbot, w, "Bosch: Legacy")
    assert "Bosch: Origins" in w.detail_page.related.toPlainText()
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        w.detail_page.series_requested.emit(origins)  # what a click on the link sends
    dp = w.detail_page
    assert dp.detail.title == "Bosch: Origins"
    assert "Announced" in dp.meta.text() and "2025" in dp.meta.text()
    assert dp.no_episodes.isVisible() and "announced" in dp.no_episodes.text()
    assert dp.follow_button.text() == "Follow"
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        qtbot.mouseClick(dp.follow_button, Qt.MouseButton.LeftButton)
    wait_changes(qtbot, w)
    assert "Bosch: Origins" in library_titles(w)
    w.undo_stack.undo()
    wait_changes(qtbot, w)
    assert "Bosch: Origins" not in library_titles(w)
    w.detail_controller.back()  # back to Bosch: Legacy, where we came from
    qtbot.waitUntil(lambda: dp.detail.title == "Bosch: Legacy", timeout=10_000)


def test_filter_as_you_type_and_no_match_state(qtbot, make_window, example):
    w = make_window(example)
    lp = w.library_page
    qtbot.keyClicks(lp.search, "legacy")
    assert library_titles(w) == ["Bosch: Legacy"]
    assert lp.count_label.text() == "1 of 3 series"
    lp.search.clear()
    qtbot.keyClicks(lp.search, "zzz")
    assert lp.stack.currentIndex() == 2
    assert "zzz" in lp.no_match_label.text()
    qtbot.mouseClick(lp.clear_button, Qt.MouseButton.LeftButton)
    assert library_titles(w) == ["Ballard", "Bosch", "Bosch: Legacy"]
    lp.state.setCurrentIndex(lp.state.findText("Completed"))
    assert library_titles(w) == ["Bosch"]


def test_keyboard_search_open_toggle_and_undo(qtbot, make_window, example):
    w = make_window(example)
    w.actions.find.trigger()
    assert w.library_page.search.hasFocus() or QApplication.focusWidget() is w.library_page.search
    qtbot.keyClicks(w.library_page.search, "legacy")
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        qtbot.keyClick(w.library_page.search, Qt.Key.Key_Return)
    dp = w.detail_page
    # select S01E03 (the next one) and press space
    season1 = dp.model.index(0, 0)
    dp.episodes.expand(season1)
    dp.episodes.setCurrentIndex(dp.model.index(2, 0, season1))
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        qtbot.keyClick(dp.episodes, Qt.Key.Key_Space)
    assert dp.model.episode_at(dp.model.index(2, 0, dp.model.index(0, 0))).watched
    wait_changes(qtbot, w)
    assert progress_of(w, "Bosch: Legacy") == (3, 30)
    assert w.undo_button.isVisible() and "S01E03" in w.undo_button.text()
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_changes(qtbot, w)
    assert progress_of(w, "Bosch: Legacy") == (2, 30)
    assert not dp.model.episode_at(dp.model.index(2, 0, dp.model.index(0, 0))).watched


def test_rewatch_and_up_to_here(qtbot, make_window, example):
    w = make_window(example)
    open_by_title(qtbot, w, "Bosch: Legacy")
    dp = w.detail_page
    s1 = dp.model.index(0, 0)
    dp.episodes.setCurrentIndex(dp.model.index(0, 0, s1))
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        qtbot.mouseClick(dp.rewatch_button, Qt.MouseButton.LeftButton)
    assert dp.model.episode_at(dp.model.index(0, 0, dp.model.index(0, 0))).plays == 2
    assert dp.model.index(0, 4, dp.model.index(0, 0)).data() == "×2"
    dp.episodes.setCurrentIndex(dp.model.index(5, 0, dp.model.index(0, 0)))
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        qtbot.mouseClick(dp.up_to_button, Qt.MouseButton.LeftButton)
    wait_changes(qtbot, w)
    assert progress_of(w, "Bosch: Legacy") == (6, 30)


def _fill_dialog_and(qtbot, action):
    """Run ``action`` on the dialog once it is open (it is modal, and opens once the titles it
    offers are read on the library lane)."""

    def step():
        dialog = next(
            (d for d in QApplication.topLevelWidgets() if isinstance(d, SeriesDialog) and d.isVisible()), None
        )
        if dialog is None:
            QTimer.singleShot(20, step)
            return
        action(dialog)

    QTimer.singleShot(20, step)


def test_add_a_spin_off_by_hand_validates_and_can_be_undone(qtbot, make_window, example):
    w = make_window(example)
    seen = {}

    def fill(dialog: SeriesDialog):
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        seen["empty_ok"] = ok.isEnabled()
        qtbot.keyClicks(dialog.title, "Bosch: Origins")
        qtbot.keyClicks(dialog.premiere, "Smarch 2027")
        seen["bad_ok"] = ok.isEnabled()
        seen["bad_hint"] = dialog.premiere_hint.text()
        dialog.premiere.setText("Spring 2027")
        seen["good_hint"] = dialog.premiere_hint.text()
        dialog.related.setCurrentIndex(dialog.related.findText("Bosch"))
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    _fill_dialog_and(qtbot, fill)
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        w.library_controller.add_series()
    assert seen == {
        "empty_ok": False,
        "bad_ok": False,
        "bad_hint": seen["bad_hint"],
        "good_hint": "✓ Spring 2027  (part of a year)",
    }
    assert "smarch" in seen["bad_hint"]
    d = w.detail_page.detail
    assert d.title == "Bosch: Origins" and d.premiere.label() == "Spring 2027"
    assert [(r.title, r.label) for r in d.related if r.direct] == [("Bosch", "Spin-off of")]
    assert d.franchise == "Bosch universe"  # it joins its parent's universe
    wait_changes(qtbot, w)
    assert "Bosch: Origins" in library_titles(w)
    w.undo_stack.undo()
    wait_changes(qtbot, w)
    assert "Bosch: Origins" not in library_titles(w)
    assert w.pages.currentIndex() == LIBRARY_PAGE


def test_form_errors_from_the_service_stay_in_the_dialog(qtbot, make_window, example):
    w = make_window(example)
    seen = {}

    def fill(dialog: SeriesDialog):
        qtbot.keyClicks(dialog.title, "X")
        dialog.related.setEditText("No Such Show")
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
        seen["error"] = dialog.error.text()
        seen["open"] = dialog.isVisible()
        dialog.reject()

    _fill_dialog_and(qtbot, fill)
    w.library_controller.add_series()
    qtbot.waitUntil(lambda: "open" in seen, timeout=10_000)
    assert seen["open"] and "No Such Show" in seen["error"]
    assert "X" not in library_titles(w)


def test_delete_asks_naming_what_is_lost_and_can_be_undone(qtbot, make_window, example, monkeypatch):
    from watchtracker.ui.library import controller

    asked = []
    answer = [False]

    def confirm(parent, text, action, detail=""):
        asked.append((text, action, detail))
        return answer[0]

    monkeypatch.setattr(controller.messages, "confirm", confirm)
    w = make_window(example)
    lp = w.library_page
    assert lp.select_series(example.library.find("Bosch"))
    lp.table.setFocus()
    qtbot.keyClick(lp.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    wait_changes(qtbot, w)
    text, action, detail = asked[0]
    assert (text, action) == ("Delete “Bosch” from your library?", "Delete")  # 68 episodes, two watched twice
    assert "70 viewings" in detail and "your notes" in detail and "your rating" in detail and "Undo" in detail
    assert library_titles(w) == ["Ballard", "Bosch", "Bosch: Legacy"]  # Cancel: nothing deleted
    answer[0] = True
    qtbot.keyClick(lp.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: library_titles(w) == ["Ballard", "Bosch: Legacy"], timeout=10_000)
    assert "Deleted Bosch" in w.statusBar().currentMessage()
    w.actions.undo.trigger()
    wait_changes(qtbot, w)
    qtbot.waitUntil(lambda: library_titles(w) == ["Ballard", "Bosch", "Bosch: Legacy"], timeout=10_000)
    assert progress_of(w, "Bosch") == (68, 68)
    assert w.statusBar().currentMessage() == "Undid “Delete Bosch”."  # not "Deleted … Undo with Ctrl+Z."


def test_window_remembers_geometry_and_columns(qtbot, make_window, example, paths):
    w = make_window(example)
    w.resize(w.minimumSizeHint().width(), 540)
    header = w.library_page.table.horizontalHeader()
    header.moveSection(header.visualIndex(5), 1)
    w.close()
    w2 = make_window(example)
    assert w2.size().height() == 540  # the offscreen screen is small: width stays at its minimum
    assert w2.library_page.table.horizontalHeader().visualIndex(5) == 1
    assert QSettings(str(paths.ui_state_file), QSettings.Format.IniFormat).contains("library/header")


def test_notes_rating_and_state_are_saved(qtbot, make_window, example):
    w = make_window(example)
    open_by_title(qtbot, w, "Bosch: Legacy")
    dp = w.detail_page
    dp.tabs.setCurrentIndex(4)
    dp.notes.selectAll()
    qtbot.keyClicks(dp.notes, "Watch with Dad")
    dp.rating.setValue(8)
    dp.state.setCurrentIndex(dp.state.findText("On hold"))
    dp.state.activated.emit(dp.state.currentIndex())
    w.show_library()  # leaving the page saves the notes at once
    wait_changes(qtbot, w)
    d = example.library.detail(example.library.find("Bosch: Legacy"))
    assert (d.notes, d.rating, d.state.value) == ("Watch with Dad", 8, "on_hold")


def test_a_database_error_gets_a_message_not_a_crash(qtbot, make_window, example, monkeypatch):
    w = make_window(example)
    from sqlalchemy.exc import OperationalError

    def locked(*a, **k):
        raise OperationalError("UPDATE", {}, Exception("database is locked"))

    monkeypatch.setattr(example.library, "mark_watched", locked)
    shown = {}
    monkeypatch.setattr(messages, "critical", lambda parent, text: shown.setdefault("text", text))
    w.detail_controller.watch("mark", [1], "Mark S01E01 watched")
    qtbot.waitUntil(lambda: "text" in shown, timeout=10_000)
    assert "locked" in shown["text"] and "nothing was changed" in shown["text"]
    assert not w.undo_stack.canUndo()


def test_edit_then_undo_restores_fields_and_removes_the_new_relation(qtbot, make_window, example):
    # a spin-off of Bosch announced for 2025, as Ballard was in the example before it came out
    example.catalog.add_series(
        SeriesInput(
            title="Bosch: Origins",
            premiere="2025",
            relation_kind=RelationKind.SPIN_OFF_OF,
            related_series_id=example.library.find("Bosch"),
        )
    )
    w = make_window(example)
    open_by_title(qtbot, w, "Bosch: Origins")

    def fill(dialog: SeriesDialog):
        dialog.premiere.setText("2025-07-09")
        dialog.status.setCurrentIndex(dialog.status.findText("Airing"))
        dialog.relation_kind.setCurrentIndex(dialog.relation_kind.findText("same universe as"))
        dialog.related.setCurrentIndex(dialog.related.findText("Bosch: Legacy"))
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    _fill_dialog_and(qtbot, fill)
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        w.detail_controller.edit_series(w.detail_page.detail.id)
    d = w.detail_page.detail
    assert (d.status.value, d.premiere.label()) == ("airing", "9 July 2025")
    assert ("Bosch: Legacy", "Same universe as") in [(r.title, r.label) for r in d.related if r.direct]
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        w.undo_stack.undo()
    d = w.detail_page.detail
    assert (d.status.value, d.premiere.label()) == ("announced", "2025")
    assert [(r.title, r.label) for r in d.related if r.direct] == [("Bosch", "Spin-off of")]


def test_a_locked_database_while_saving_the_form_gets_a_message(qtbot, make_window, example, monkeypatch):
    import sqlite3

    from watchtracker.storage import database

    w = make_window(example)
    monkeypatch.setattr(database, "BUSY_TIMEOUT_S", 0.2)
    example.engine.dispose()  # new connections take the short timeout
    holder = sqlite3.connect(w.database_path, timeout=0)
    holder.execute("BEGIN IMMEDIATE")
    shown, seen = [], {}
    monkeypatch.setattr(messages, "critical", lambda parent, text: shown.append(text))

    def fill(dialog: SeriesDialog):
        qtbot.keyClicks(dialog.title, "Locked Out")
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
        seen["saving"] = dialog.error.text()  # the lane is saving: the buttons wait
        qtbot.waitUntil(lambda: dialog.error.text() != "Saving…", timeout=10_000)
        seen["open"], seen["error"] = dialog.isVisible(), dialog.error.text()
        dialog.reject()

    try:
        _fill_dialog_and(qtbot, fill)
        w.library_controller.add_series()
        qtbot.waitUntil(lambda: "open" in seen, timeout=10_000)
    finally:
        holder.rollback()
        holder.close()
    assert seen == {"saving": "Saving…", "open": True, "error": "Not saved."}
    assert shown and "locked" in shown[0] and "nothing was changed" in shown[0]
    assert "Locked Out" not in library_titles(w)


def test_markup_in_data_is_shown_as_text(qtbot, make_window, example):
    from watchtracker.domain.inputs import SeriesInput

    sid, _ = example.catalog.add_series(
        SeriesInput(title="<h1 style='color:red'>Big</h1> & Co", overview="<img src='/etc/passwd' width=400>")
    )
    w = make_window(example)
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        w.open_series(sid)
    dp = w.detail_page
    assert dp.title.textFormat() == Qt.TextFormat.PlainText
    assert dp.title.text() == "<h1 style='color:red'>Big</h1> & Co"
    assert dp.overview.textFormat() == Qt.TextFormat.PlainText
    w.show_library()
    qtbot.keyClicks(w.library_page.search, "Tom & Jerry")
    assert "“Tom & Jerry”" in w.library_page.no_match_label.text()


def test_back_skips_a_series_that_an_undo_removed(qtbot, make_window, example):
    w = make_window(example)

    def fill(dialog: SeriesDialog):
        qtbot.keyClicks(dialog.title, "Bosch: Origins")
        dialog.related.setCurrentIndex(dialog.related.findText("Bosch"))
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    open_by_title(qtbot, w, "Ballard")
    _fill_dialog_and(qtbot, fill)
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        w.library_controller.add_series()  # opens Bosch: Origins; Ballard is in the history
    origins = w.detail_page.detail.id
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        w.detail_page.series_requested.emit(example.library.find("Bosch"))
    w.undo_stack.undo()  # Bosch: Origins is gone again
    wait_changes(qtbot, w)
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        w.detail_controller.back()
    assert w.detail_page.detail.title == "Ballard"  # Origins was skipped
    assert origins not in [r.series_id for r in w.library_page.model._rows]


def test_an_undo_that_fails_can_be_tried_again(qtbot, make_window, example, monkeypatch):
    import sqlite3

    from watchtracker.storage import database

    w = make_window(example)
    open_by_title(qtbot, w, "Bosch: Legacy")
    eps = example.library.detail(example.library.find("Bosch: Legacy")).episodes()
    for e in eps[2:4]:  # S01E03, then S01E04
        w.detail_controller.watch("mark", [e.id], f"Mark {e.code} watched")
    wait_changes(qtbot, w)
    assert w.undo_stack.index() == 2
    monkeypatch.setattr(database, "BUSY_TIMEOUT_S", 0.2)
    example.engine.dispose()
    shown = []
    monkeypatch.setattr(messages, "critical", lambda parent, text: shown.append(text))
    holder = sqlite3.connect(w.database_path, timeout=0)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        w.undo_stack.undo()
        qtbot.waitUntil(lambda: w.undo_stack.index() == 2, timeout=5_000)  # moved back
    finally:
        holder.rollback()
        holder.close()
    assert shown and "locked" in shown[0]
    assert w.undo_stack.undoText() == "Mark S01E04 watched"
    w.undo_stack.undo()  # the lock is gone: this time it works
    wait_changes(qtbot, w)
    plays = {str(e.code): e.plays for e in example.library.detail(example.library.find("Bosch: Legacy")).episodes()}
    assert (plays["S01E03"], plays["S01E04"]) == (1, 0)
    assert w.undo_stack.index() == 1


def test_a_series_deleted_elsewhere_is_dropped_with_a_word(qtbot, make_window, example):
    w = make_window(example)
    legacy = example.library.find("Bosch: Legacy")
    example.catalog.delete_series(legacy)  # as the command line would, behind the window's back
    w.open_series(legacy)
    qtbot.waitUntil(lambda: "no longer in the library" in w.statusBar().currentMessage(), timeout=5_000)
    assert library_titles(w) == ["Ballard", "Bosch"]
    assert w.pages.currentIndex() == LIBRARY_PAGE


def test_before_the_library_is_open_nothing_can_act_on_it(qtbot, paths):
    from PySide6.QtCore import QSettings

    from watchtracker.ui.main_window import MainWindow
    from watchtracker.ui.tasks import TaskRunner

    w = MainWindow(None, None, TaskRunner(), QSettings(str(paths.ui_state_file), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.show()
    w.show_preview([])  # an empty library, read before it is open
    lp = w.library_page
    assert lp.stack.currentIndex() == 0  # the empty state...
    assert not lp.example_button.isEnabled() and not lp.empty_add_button.isEnabled()  # ...waits
    assert not lp.delete_action.isEnabled() and not w.actions.add.isEnabled()
    w.library_controller.add_series()  # and the actions themselves refuse quietly
    w.library_controller.load_example()
    w.library_controller.delete_series(1)
    assert not w.library_lane.busy


def test_a_narrow_window_keeps_the_titles_readable(qtbot, make_window, example):
    """At 1,024 px the fixed columns used to take all but ~40 px: every title read "…"."""
    from watchtracker.ui.library.model import STATUS, TITLE

    w = make_window(example)
    header = w.library_page.table.horizontalHeader()
    w.resize(1400, 700)
    qtbot.waitUntil(lambda: header.sectionSize(TITLE) > 300, timeout=5_000)
    assert header.sectionSize(STATUS) == 130  # a wide window leaves the widths alone
    w.resize(1024, 640)
    qtbot.waitUntil(lambda: w.library_page.table.viewport().width() < 900, timeout=5_000)
    assert header.sectionSize(TITLE) >= 220
    others = [c for c in range(header.count()) if c != TITLE]
    assert all(header.sectionSize(c) >= 60 for c in others)
    title = w.library_page.table.model().index(0, TITLE)
    rect = w.library_page.table.visualRect(title)
    assert rect.width() >= 220


def test_loading_the_example_says_what_was_loaded_and_what_the_library_lists(qtbot, make_window, services):
    """The status line said "3 series" while the Library (it lists followed series) showed 2."""
    from watchtracker.ui.library.controller import example_loaded_text

    w = make_window(services)
    with qtbot.waitSignal(w.library_loaded, timeout=10_000):
        w.actions.example.trigger()
    qtbot.waitUntil(lambda: "example" in w.statusBar().currentMessage(), timeout=10_000)
    listed = len(library_titles(w))
    assert w.statusBar().currentMessage() == example_loaded_text(3, listed)
    assert example_loaded_text(3, 3).endswith("all followed: see them here, in Up next and in Alerts.")
    assert "you follow 2 (listed here)" in example_loaded_text(3, 2)
    assert (
        example_loaded_text(1, 0)
        == "Loaded the example library: 1 series of the Bosch universe, none followed yet: find them in Franchises."
    )
