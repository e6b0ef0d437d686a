"""Keyboard and screen reader (issue 13, defect 11): every control a viewer can focus has a name a
screen reader reads, on every page and in every dialog that opens without the network; Tab moves
from control to control (a table is one stop, the arrows move inside it); Up next's painted
"Watched" button has a keyboard path that is announced. And bold means one thing: in a list, a row
in bold is new or unread; headings are bold as headings."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAccessible, QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QStyleOptionViewItem,
    QWidget,
)

from tests.conftest import NOW
from tests.ui.test_main_window import open_by_title
from tests.unit.test_schedule import add_episodes, add_series, weekly
from watchtracker.settings import Settings

from watchtracker.ui.franchises.dialogs import AddSeriesDialog, NameDialog, RelationDialog
from watchtracker.ui.library.model import TITLE
from watchtracker.ui.library.series_dialog import SeriesDialog
from watchtracker.ui.preferences import PreferencesDialog
from watchtracker.ui.tasks import TaskRunner
from watchtracker.ui.transfer.backups_dialog import BackupsDialog
from watchtracker.ui.transfer.pending_dialog import PendingDialog
from watchtracker.ui.upnext.model import U_SERIES, U_WATCH

PAGES = ("library", "upnext", "upcoming", "alerts", "franchises", "stats")


# -- what a screen reader would read -------------------------------------------------------------


def name_of(widget: QWidget, labels: list[QLabel]) -> str:
    """The name the widget is announced by: its accessible name; a button's own text; a label's
    text (a label that can be selected is read as it shows); or the text of a visible label that
    is its buddy. A placeholder is no name: it goes when something is typed."""
    if widget.accessibleName().strip():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
        return widget.text()
    if isinstance(widget, QLabel) and widget.text().strip():
        return widget.text()
    for label in labels:
        if label.buddy() is widget and label.isVisible() and label.text().replace("&", "").strip():
            return label.text()
    return ""


def focus_stops(root: QWidget) -> list[QWidget]:
    """Every widget on screen under ``root`` that can take the focus itself."""
    stops = []
    for w in [root, *root.findChildren(QWidget)]:
        if w.focusPolicy() == Qt.FocusPolicy.NoFocus or not w.isVisible() or w.focusProxy() is not None:
            continue
        if isinstance(w.parentWidget(), (QComboBox, QAbstractSpinBox)):
            continue  # the text field of a spin box or of a combo box that can be typed in: the box's name
        stops.append(w)
    return stops


def describe(w: QWidget) -> str:
    text = w.text() if hasattr(w, "text") and callable(w.text) else ""
    return f"{type(w).__name__} {w.objectName()!r} {text!r}".strip()


def nameless(root: QWidget) -> list[str]:
    labels = root.findChildren(QLabel)
    missing = []
    for w in focus_stops(root):
        name = name_of(w, labels)
        iface = QAccessible.queryAccessibleInterface(w)
        announced = iface.text(QAccessible.Text.Name) if iface is not None else ""
        if not name.strip() or not announced.strip():
            missing.append(describe(w))
    return missing


def tab_traps(root: QWidget) -> list[str]:
    """Item views in which Tab moves from cell to cell instead of on to the next control."""
    return [describe(v) for v in root.findChildren(QAbstractItemView) if v.isVisible() and v.tabKeyNavigation()]


def check(root: QWidget, where: str, problems: dict[str, list[str]]) -> None:
    assert focus_stops(root), f"nothing to focus on {where}?"
    for kind, found in (("no name", nameless(root)), ("Tab stays inside", tab_traps(root))):
        if found:
            problems[f"{where}: {kind}"] = found


def report(problems: dict[str, list[str]]) -> str:
    return "\n" + "\n".join(f"{where}: {', '.join(found)}" for where, found in problems.items())


def premiering_soon(services) -> int:
    """A series whose first episodes air in the coming weeks: Upcoming lists it, a premiere."""
    sid = add_series(services.engine, "Harry Bosch: The Early Years")
    add_episodes(services.engine, sid, 1, weekly(NOW + timedelta(days=2), 3))
    return sid


def idle(qtbot, w) -> None:
    qtbot.waitUntil(lambda: w.idle, timeout=10_000)
    qtbot.wait(50)


# -- the window's pages ---------------------------------------------------------------------------


def test_every_control_on_every_page_has_a_name_and_tab_leaves_every_list(qtbot, make_window, example):
    premiering_soon(example)
    w = make_window(example)
    idle(qtbot, w)
    problems: dict[str, list[str]] = {}
    for name in PAGES:
        w.show_section(name)
        idle(qtbot, w)
        page = w.pages.currentWidget()
        if name == "alerts":  # an alert chosen: the pane's buttons are on screen too
            page.select_alert(next(a.id for d in range(page.model.rowCount()) if (a := _first_alert(page, d))))
        if name == "upcoming":
            assert page.table.isVisible() and any(c.isVisible() for c in page.cards)
        check(page, name, problems)
    open_by_title(qtbot, w, "Bosch")
    idle(qtbot, w)
    for tab in range(w.detail_page.tabs.count()):
        w.detail_page.tabs.setCurrentIndex(tab)
        qtbot.wait(20)
        check(w.detail_page, f"series page, tab {w.detail_page.tabs.tabText(tab)}", problems)
    assert not problems, report(problems)


def _first_alert(page, day: int):
    m = page.model
    parent = m.index(day, 0)
    return m.alert_at(m.index(0, 0, parent)) if m.rowCount(parent) else None


# -- the dialogs that open without the network ----------------------------------------------------


def dialogs_that_open_offline(example, lane) -> dict:
    """Every dialog that opens without the network, by the name a viewer knows it by."""
    titles = example.library.titles()
    bosch = example.library.find("Bosch")
    return {
        "Add by hand": SeriesDialog(titles, lambda *_: None),
        "Edit": SeriesDialog(titles, lambda *_: None, existing=example.library.detail(bosch)),
        "Preferences": PreferencesDialog(Settings()),
        "Backups": BackupsDialog(example.backups, lambda _path: None),
        "Shows kept for later": PendingDialog(example.importer, titles, write=lane.run),
        "New franchise": NameDialog(),
        "Rename franchise": NameDialog(name="Bosch universe", renaming=True),
        "Add series to a franchise": AddSeriesDialog("Bosch universe", titles),
        "Add series, none left": AddSeriesDialog("Bosch universe", []),
        "Add a relation": RelationDialog("Bosch universe", titles[:2], titles[2:]),
    }


def test_every_control_in_the_dialogs_has_a_name(qtbot, example, paths, dialog_of):
    lane = TaskRunner()
    dialogs = dialogs_that_open_offline(example, lane)
    problems: dict[str, list[str]] = {}
    for where, dialog in dialogs.items():
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        check(dialog, where, problems)
    wizard = dialog_of(example)  # the import wizard's first page
    qtbot.waitExposed(wizard)
    check(wizard, "Import wizard", problems)
    lane.wait()
    assert not problems, report(problems)


# -- Tab ------------------------------------------------------------------------------------------


def test_tab_goes_from_the_search_box_into_the_library_and_out_again(qtbot, make_window, example):
    w = make_window(example)
    page = w.library_page
    w.activateWindow()
    qtbot.waitActive(w)
    page.search.setFocus(Qt.FocusReason.TabFocusReason)
    for _ in range(6):  # the search box, the state filter, Add series…, then the list
        if w.focusWidget() is page.table:
            break
        qtbot.keyClick(w.focusWidget(), Qt.Key.Key_Tab)
    assert w.focusWidget() is page.table
    page.table.setCurrentIndex(page.proxy.index(0, TITLE))
    qtbot.keyClick(page.table, Qt.Key.Key_Down)  # the arrows still move inside the list
    assert page.table.currentIndex().row() == 1
    qtbot.keyClick(page.table, Qt.Key.Key_Right)
    assert page.table.currentIndex().column() == TITLE + 1 and w.focusWidget() is page.table
    qtbot.keyClick(page.table, Qt.Key.Key_Tab)  # one Tab, and the focus goes on to the next control
    after = w.focusWidget()
    assert after is not page.table and after.isVisible(), after
    qtbot.keyClick(after, Qt.Key.Key_Backtab)
    assert w.focusWidget() is page.table


# -- Up next's "Watched" ----------------------------------------------------------------------------


def test_up_next_watched_is_announced_with_its_key_and_the_key_does_it(qtbot, make_window, example):
    w = make_window(example)
    w.show_section("upnext")
    idle(qtbot, w)
    page = w.sections.upnext_page
    row = page.current_row()
    assert row is not None and w.focusWidget() is page.table
    table = QAccessible.queryAccessibleInterface(page.table)
    assert table.text(QAccessible.Text.Name) == "Up next"
    assert "Space" in table.text(QAccessible.Text.Description)
    button = page.table.visualRect(page.model.index(page.table.currentIndex().row(), U_WATCH)).center()
    at = page.table.viewport().mapToGlobal(button)
    cell = table.childAt(at.x(), at.y())  # what a screen reader finds where the button is drawn
    assert cell.text(QAccessible.Text.Name) == f"Mark {row.code} watched"
    assert "Space" in cell.text(QAccessible.Text.Description)
    before = example.library.detail(row.series_id).episodes()
    assert not next(e for e in before if e.id == row.episode_id).watched
    qtbot.keyClick(page.table, Qt.Key.Key_Space)  # what the description says
    idle(qtbot, w)
    after = example.library.detail(row.series_id).episodes()
    assert next(e for e in after if e.id == row.episode_id).watched
    assert page.current_row().code != row.code  # the row moved on to the next episode


def test_the_button_space_presses_is_drawn_with_the_focus(qtbot, make_window, example):
    w = make_window(example)
    w.activateWindow()
    qtbot.waitActive(w)
    w.show_section("upnext")
    idle(qtbot, w)
    page = w.sections.upnext_page
    page.specials.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(page.specials, Qt.Key.Key_Tab)  # into the list, as a keyboard user does
    assert w.focusWidget() is page.table
    option = QStyleOptionViewItem()
    option.rect = page.table.visualRect(page.model.index(page.table.currentIndex().row(), U_WATCH))
    option.fontMetrics = page.table.fontMetrics()
    face = page.button_delegate._button_rect(option).adjusted(2, 2, -2, -2)  # inside the button's edge
    highlight = page.table.palette().color(QPalette.ColorRole.Highlight)

    def ring() -> int:
        image = page.table.viewport().grab().toImage()
        return sum(
            1
            for x in range(face.left(), face.right())
            for y in range(face.top(), face.bottom())
            if _near(QColor(image.pixel(x, y)), highlight)
        )

    focused = ring()
    qtbot.keyClick(page.table, Qt.Key.Key_Backtab)  # the focus leaves the list; the row stays selected
    assert w.focusWidget() is page.specials
    assert focused > 20 and ring() == 0


def _near(a: QColor, b: QColor) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 60


# -- bold ------------------------------------------------------------------------------------------


def _bold(index: QModelIndex) -> bool:
    font = index.data(Qt.ItemDataRole.FontRole)
    return font is not None and font.bold()


def test_bold_marks_only_what_is_new_or_unread_and_headings(qtbot, make_window, example):
    bosch = example.library.find("Bosch")
    example.library.update_entry(bosch, favourite=True)
    premiering_soon(example)
    w = make_window(example)
    idle(qtbot, w)
    # Library: a favourite has its star, not bold as well
    lib = w.library_page
    row = lib.model.row_for(bosch)
    assert lib.model.index(row, TITLE).data().startswith("★")
    assert not any(_bold(lib.model.index(r, TITLE)) for r in range(lib.model.rowCount()))
    # Upcoming: a premiere has its badge, not bold as well; the day headings are bold
    w.show_section("upcoming")
    idle(qtbot, w)
    m = w.sections.upcoming_page.model
    rows = [r for r in range(m.rowCount()) if not m.is_heading(r)]
    assert rows and any(m.entry_at(r) is not None and getattr(m.entry_at(r), "is_premiere", False) for r in rows)
    assert not any(_bold(m.index(r, c)) for r in rows for c in range(m.columnCount()))
    assert all(_bold(m.index(r, 0)) for r in range(m.rowCount()) if m.is_heading(r))
    # Franchises: a followed series is said in its State column, not in bold
    w.show_section("franchises")
    idle(qtbot, w)
    tree = w.sections.franchises_page.tree_model
    titles = [tree.index(r, 0) for r in range(tree.rowCount())]
    titles += [tree.index(r, 0, t) for t in titles for r in range(tree.rowCount(t))]
    assert titles and not any(_bold(i) for i in titles)
    # Up next: only what is new is bold
    w.show_section("upnext")
    idle(qtbot, w)
    un = w.sections.upnext_page.model
    for r in range(un.rowCount()):
        assert _bold(un.index(r, U_SERIES)) == un.is_new(un.row_at(r))
        assert not any(_bold(un.index(r, c)) for c in range(un.columnCount()) if c != U_SERIES)
