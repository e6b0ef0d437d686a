"""The Add by hand / Edit form: each field is checked on its own, the dialog fits a small screen
whatever the library's titles, and Edit shows (and can change) the relation a series has."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from tests.ui.test_main_window import open_by_title
from watchtracker.domain.enums import RelationKind

from watchtracker.ui.library.series_dialog import SeriesDialog


def test_a_bad_premiere_is_said_before_a_title_is_typed(qtbot):
    dialog = SeriesDialog([], lambda data, saved, refused: None)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert "Optional" in dialog.premiere_hint.text()  # the grey hint, before anything is typed
    qtbot.keyClicks(dialog.premiere, "Smarch 2027")
    assert "smarch" in dialog.premiere_hint.text().casefold()  # said at once, title or not
    assert not ok.isEnabled()
    dialog.premiere.setText("Spring 2027")
    assert dialog.premiere_hint.text().startswith("✓ Spring 2027")
    assert not ok.isEnabled()  # still no title
    qtbot.keyClicks(dialog.title, "Bosch: Origins")
    assert ok.isEnabled()


def test_one_very_long_title_in_the_library_does_not_widen_the_form(qtbot):
    titles = [(1, "Bosch"), (2, "A Deliberately Long Title " * 12)]
    dialog = SeriesDialog(titles, lambda data, saved, refused: None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() <= 1024 and dialog.sizeHint().width() <= 1024, dialog.sizeHint()
    assert dialog.height() <= 640
    # the long title is still offered, elided in the box and whole in its list
    assert dialog.related.findData(2) > 0


def test_edit_shows_the_relation_the_series_has_and_changing_it_replaces_it(qtbot, make_window, example):
    w = make_window(example)
    open_by_title(qtbot, w, "Ballard")
    ballard = w.detail_page.detail.id
    bosch, legacy = example.library.find("Bosch"), example.library.find("Bosch: Legacy")
    seen = {}

    def look_then(change: bool):
        def step():
            dialog = next(
                (d for d in QApplication.topLevelWidgets() if isinstance(d, SeriesDialog) and d.isVisible()), None
            )
            if dialog is None:  # not open yet: look again soon (a nested wait here would hold up its exec)
                QTimer.singleShot(20, step)
                return
            seen["kind"] = dialog.relation_kind.currentData()
            seen["related"] = dialog.related.currentText()
            if change:
                dialog.relation_kind.setCurrentIndex(dialog.relation_kind.findData(RelationKind.SEQUEL_OF))
                dialog.related.setCurrentIndex(dialog.related.findData(legacy))
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

        return step

    def relations() -> set:
        return {(r.kind, r.series_id) for r in example.library.detail(ballard).related if r.direct and r.outgoing}

    QTimer.singleShot(20, look_then(change=False))
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        w.detail_controller.edit_series(ballard)
    assert (seen["kind"], seen["related"]) == (RelationKind.SPIN_OFF_OF, "Bosch")
    assert relations() == {(RelationKind.SPIN_OFF_OF, bosch)}  # saved unchanged: kept, nothing added

    QTimer.singleShot(20, look_then(change=True))
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        w.detail_controller.edit_series(ballard)
    qtbot.waitUntil(lambda: w.idle, timeout=10_000)
    assert relations() == {(RelationKind.SEQUEL_OF, legacy)}  # replaced
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        w.undo_stack.undo()
    qtbot.waitUntil(lambda: w.idle, timeout=10_000)
    assert relations() == {(RelationKind.SPIN_OFF_OF, bosch)}  # as it was
