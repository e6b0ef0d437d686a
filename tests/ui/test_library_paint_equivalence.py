"""Issue 15: the Library's repaint keeps what it can (a row's texts, a palette's pens and brushes,
placeholder posters by colour and initials). What the viewer sees must not change: each cached
path is compared pixel by pixel, or value by value, with the code it replaced."""

from __future__ import annotations

import dataclasses
import hashlib
import random
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QLinearGradient, QPainter, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTableView

from tests.ui.test_dark_palette import dark_palette
from watchtracker.domain.enums import LifecycleStatus, ViewerState
from watchtracker.domain.models import LibraryRow

from watchtracker.ui.common import posters, theme
from watchtracker.ui.common.delegates import PROGRESS_ROLE, ProgressDelegate, draw_cell_background
from watchtracker.ui.library import model as library_model
from watchtracker.ui.library.model import COLUMNS, LAST, LibraryFilter, LibraryModel
from watchtracker.ui.library.page import LibraryPage


# -- the code before issue 15, as it was ----------------------------------------------------------
class OldProgressDelegate(QStyledItemDelegate):
    def paint(self, painter, option, index):
        value = index.data(PROGRESS_ROLE)
        if not value:
            super().paint(painter, option, index)
            return
        watched, total = value
        draw_cell_background(self, painter, option, index)
        painter.save()
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            r = option.rect.adjusted(6, 0, -6, 0)
            text = f"{watched}/{total}"
            fm = option.fontMetrics
            text_w = fm.horizontalAdvance("0000/0000")
            bar = QRect(r.left(), r.center().y() - 3, max(10, r.width() - text_w - 8), 6)
            pal = option.palette
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(theme.track(pal))
            painter.drawRoundedRect(bar, 3, 3)
            if total:
                done = QRect(bar)
                done.setWidth(max(0, round(bar.width() * min(1.0, watched / total))))
                if done.width():
                    complete = watched >= total
                    painter.setBrush(QColor("#3c9d5d") if complete else pal.color(QPalette.ColorRole.Highlight))
                    painter.drawRoundedRect(done, 3, 3)
            selected = option.state & QStyle.StateFlag.State_Selected
            painter.setPen(pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
            text_rect = QRect(bar.right() + 8, r.top(), r.right() - bar.right() - 8, r.height())
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
        finally:
            painter.restore()


def old_placeholder(title: str, size: QSize, ratio: float):
    from PySide6.QtGui import QPixmap

    pix = QPixmap(size * ratio)
    pix.setDevicePixelRatio(ratio)
    pix.fill(Qt.GlobalColor.transparent)
    digest = hashlib.md5(title.encode("utf-8")).digest()
    base = QColor(posters._PALETTE[digest[0] % len(posters._PALETTE)])
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    rect = QRect(0, 0, size.width(), size.height())
    grad = QLinearGradient(0, 0, 0, size.height())
    grad.setColorAt(0, base.lighter(125))
    grad.setColorAt(1, base.darker(140))
    painter.setBrush(grad)
    painter.setPen(Qt.PenStyle.NoPen)
    radius = max(2, size.width() // 12)
    painter.drawRoundedRect(rect, radius, radius)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(max(8, int(size.width() * 0.36)))
    painter.setFont(font)
    painter.setPen(QColor(255, 255, 255, 230))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, posters.initials(title))
    painter.end()
    return pix


# -- the progress bar -------------------------------------------------------------------------------
VALUES = [(0, 1), (1, 3), (2, 3), (3, 3), (5, 3), (0, 0), (7, 0), (1, 9999), (9998, 9999), (123, 45678), None]


def paint_cells(delegate, view, model, palette: QPalette, group, selected: bool, rects) -> QImage:
    image = QImage(420, 900, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#777777"))
    painter = QPainter(image)
    for row, rect in enumerate(rects):
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        pal = QPalette(palette)
        pal.setCurrentColorGroup(group)
        option.palette = pal
        option.rect = rect
        if selected:
            option.state |= QStyle.StateFlag.State_Selected
        delegate.paint(painter, option, model.index(row % model.rowCount(), 0))
    painter.end()
    return image


@pytest.mark.parametrize("which", ["light", "dark"])
def test_the_progress_bar_is_drawn_as_before(qtbot, which):
    model = QStandardItemModel(len(VALUES), 1)
    for row, value in enumerate(VALUES):
        item = QStandardItem("" if value else "No episodes yet")
        item.setData(value, PROGRESS_ROLE)
        model.setItem(row, 0, item)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    # odd and even heights, a row half above the top (negative y), widths from too narrow to wide
    rects = [
        QRect(x, y, w, h)
        for i, (w, h) in enumerate([(150, 40), (151, 39), (9, 40), (60, 21), (300, 40), (20, 18)])
        for x, y in [(3, -21 + 77 * i), (17, 40 + 77 * i)]
    ]
    base = dark_palette() if which == "dark" else QApplication.palette()
    new, old = ProgressDelegate(view), OldProgressDelegate(view)
    painted = 0
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled):
        for selected in (False, True):
            for shift in range(len(VALUES)):  # every value in every rectangle
                rows = QStandardItemModel()
                for value in VALUES[shift:] + VALUES[:shift]:
                    item = QStandardItem("")
                    item.setData(value, PROGRESS_ROLE)
                    rows.appendRow(item)
                mine = paint_cells(new, view, rows, base, group, selected, rects)
                theirs = paint_cells(old, view, rows, base, group, selected, rects)
                assert mine == theirs, (which, group, selected, shift)
                painted += 1
    # the inactive group differs from the active one in this palette, or the test could not see a stale pen
    assert painted == 3 * 2 * len(VALUES)


def test_a_palette_change_is_seen(qtbot):
    """The pens and brushes are kept per palette: a new theme must give new ones."""
    model = QStandardItemModel(1, 1)
    item = QStandardItem("")
    item.setData((2, 5), PROGRESS_ROLE)
    model.setItem(0, 0, item)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    delegate = ProgressDelegate(view)
    rects = [QRect(0, 0, 200, 40)]
    light = paint_cells(delegate, view, model, QApplication.palette(), QPalette.ColorGroup.Active, False, rects)
    dark = paint_cells(delegate, view, model, dark_palette(), QPalette.ColorGroup.Active, False, rects)
    old = OldProgressDelegate(view)
    assert light != dark
    assert dark == paint_cells(old, view, model, dark_palette(), QPalette.ColorGroup.Active, False, rects)
    assert light == paint_cells(old, view, model, QApplication.palette(), QPalette.ColorGroup.Active, False, rects)


# -- placeholder posters --------------------------------------------------------------------------
TITLES = ["Bosch", "Bosch: Legacy", "Ballard", "", "-", "ñandú del sur", "東京 Vice", "the wire", "Night River 12"]


@pytest.mark.parametrize("size", [QSize(24, 34), QSize(32, 46), QSize(7, 9), QSize(200, 290)])
@pytest.mark.parametrize("ratio", [1.0, 1.5, 2.0])
def test_placeholders_are_drawn_as_before(qtbot, size, ratio):
    posters._shelf.pixmaps.clear()
    posters._shelf.used = 0
    for _ in range(2):  # drawn, then from the shelf
        for title in TITLES + [f"{t} again" for t in TITLES]:
            mine, theirs = posters._placeholder(title, size, ratio), old_placeholder(title, size, ratio)
            assert mine.devicePixelRatio() == theirs.devicePixelRatio()
            assert mine.toImage() == theirs.toImage(), (title, size, ratio)
    # titles that share colour and initials share the picture; a large one is not kept
    assert bool(posters._shelf.pixmaps) == (size.width() * size.height() * ratio * ratio * 64 <= posters._Shelf.BUDGET)


def test_the_shelf_stays_within_its_budget(qtbot, monkeypatch):
    monkeypatch.setattr(posters._Shelf, "BUDGET", 24 * 34 * 4 * 40)
    posters._shelf.pixmaps.clear()
    posters._shelf.used = 0
    for i in range(300):
        title = f"{chr(65 + i % 26)}{chr(65 + i // 26)} show {i}"
        assert (
            posters._placeholder(title, QSize(24, 34), 1.0).toImage()
            == old_placeholder(title, QSize(24, 34), 1.0).toImage()
        )
        assert posters._shelf.used <= posters._Shelf.BUDGET
    assert 0 < len(posters._shelf.pixmaps) <= 40


# -- the model's painted cells ----------------------------------------------------------------------
WORDS = "night river empire signal harbor legacy north house crown shadow city code line".split()


def make_row(rnd: random.Random, sid: int, now: datetime) -> LibraryRow:
    aired = rnd.choice([0, 0, 5, 12, 40])
    return LibraryRow(
        series_id=sid,
        title=f"{rnd.choice(WORDS).title()} {rnd.choice(WORDS).title()} {sid}",
        status=rnd.choice(list(LifecycleStatus)),
        network=rnd.choice(["HBO", "Netflix", "BBC One", ""]),
        poster_path=None,
        state=rnd.choice(list(ViewerState)),
        favourite=rnd.random() < 0.2,
        seasons=2,
        episodes_aired=aired,
        episodes_watched=rnd.randrange(0, aired + 3),
        next_episode=None,
        last_watched=rnd.choice(
            [None, now, now - timedelta(hours=20), now - timedelta(days=3), now - timedelta(days=400)]
        ),
        added_at=None,
        premiere=None,
        linked=rnd.random() < 0.7,
    )


def painted_cells(proxy: LibraryFilter) -> list:
    """What a delegate gets (one multiData call a cell) and what data() says, for every cell."""
    delegate = QStyledItemDelegate()
    out = []
    for r in range(proxy.rowCount()):
        for c in range(len(COLUMNS)):
            index = proxy.index(r, c)
            option = QStyleOptionViewItem()
            delegate.initStyleOption(option, index)
            icon = index.data(Qt.ItemDataRole.DecorationRole)
            mine = (option.text, option.icon.isNull(), option.features.value)
            expected_text = index.data(Qt.ItemDataRole.DisplayRole) or ""
            out.append((mine[0] == expected_text, mine[1] == (icon is None)))
            if icon is not None:
                assert option.icon.pixmap(icon.size()).toImage() == icon.toImage()
            assert mine[0] == expected_text, (r, c, mine, expected_text)
    return out


def test_the_cells_texts_follow_the_rows_and_the_day(qtbot, monkeypatch):
    """The texts kept per row are dropped when the row changes, and all at midnight ("Today")."""
    clock = {"now": datetime(2026, 3, 14, 23, 58, tzinfo=UTC).astimezone()}

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return clock["now"] if tz is None else clock["now"].astimezone(tz)

    monkeypatch.setattr(library_model, "datetime", Frozen)
    monkeypatch.setattr(library_model, "_now", lambda: clock["now"].timestamp())
    rnd = random.Random(5)
    model = LibraryModel()
    model.set_rows([make_row(rnd, sid, clock["now"]) for sid in range(1, 40)])
    proxy = LibraryFilter()
    proxy.setSourceModel(model)
    painted_cells(proxy)
    today = [proxy.index(r, LAST).data() for r in range(proxy.rowCount())]
    clock["now"] += timedelta(minutes=5)  # past midnight: "Today" is "Yesterday" now
    painted_cells(proxy)
    tomorrow = [proxy.index(r, LAST).data() for r in range(proxy.rowCount())]
    assert today != tomorrow  # the test did cross a day the viewer can see
    for step in range(30):
        rows = [model.series_row(i) for i in rnd.sample(range(model.rowCount()), 4)]
        changed = [
            dataclasses.replace(
                r, title=f"{rnd.choice(WORDS).title()} {r.series_id}", favourite=not r.favourite, episodes_watched=step
            )
            for r in rows
        ]
        model.update_rows(changed + [make_row(rnd, 100 + step, clock["now"])], removed=[rows[0].series_id])
        proxy.set_text(rnd.choice(["", "n", "ni", "city", "zz"]))
        painted_cells(proxy)
    assert len(model._texts) <= 2 * model.rowCount() + 64


# -- the whole page -----------------------------------------------------------------------------------
def grab_page(qtbot, rows, text: str, select: int | None) -> QImage:
    page = LibraryPage()
    qtbot.addWidget(page)
    page.resize(1100, 640)
    page.show()
    page.set_rows(rows)
    page.search.setText(text)
    if select is not None:
        page.table.setCurrentIndex(page.proxy.index(select, 0))
    qtbot.wait(10)
    return page, page.table.grab().toImage()  # the filter box's caret blinks: the list alone


@pytest.mark.parametrize("which", ["light", "dark"])
def test_a_page_used_for_a_while_looks_like_a_new_one(qtbot, qapp, which):
    """Keystrokes, row updates and a sort leave the kept texts, posters and pens of the page; a new
    page drawn from the same rows (nothing kept) must look the same, pixel for pixel."""
    before = qapp.palette()
    if which == "dark":
        qapp.setPalette(dark_palette())
    try:
        rnd = random.Random(11)
        now = datetime.now(UTC)
        rows = [make_row(rnd, sid, now) for sid in range(1, 60)]
        used, _ = grab_page(qtbot, rows, "", None)
        for text in ["n", "ni", "", "c", "ci", "city", ""]:
            used.search.setText(text)
            qtbot.wait(5)
            used.grab()
        changed = [dataclasses.replace(r, title=f"City {r.series_id}", episodes_watched=1) for r in rows[:15]]
        used.update_rows(changed)
        rows = [used.model.series_row(i) for i in range(used.model.rowCount())]
        used.search.setText("ci")
        used.table.setCurrentIndex(used.proxy.index(2, 0))
        qtbot.wait(10)
        mine = used.table.grab().toImage()
        _, fresh = grab_page(qtbot, rows, "ci", 2)
        assert mine == fresh
    finally:
        qapp.setPalette(before)
