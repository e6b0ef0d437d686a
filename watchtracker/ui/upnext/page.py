"""The Up next page: one row per series being watched, with the episode to watch next and a
"Watched" button on each row.

The button is painted, not a widget per row; the keyboard's way to it is the selected row: Space
or Enter marks its episode watched, and the button of the selected row is drawn with the focus on
it while the list has the focus. A screen reader hears the same: the list says what Space does,
and the button's cell reads "Mark S01E03 watched, press Space or Enter". The context menu (right
click, the Menu key, Shift+F10) has "Mark S01E03 watched" and "Open series".

``UpNextView`` only builds widgets; ``UpNextPage`` turns the viewer's gestures into signals (the
controller in ui.upnext_controller acts on them). Everything from data is shown as plain text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QEvent, QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QMouseEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from watchtracker.domain.i18n import translate
from watchtracker.domain.models import UpNextRow

from watchtracker.ui.common import theme
from watchtracker.ui.common.columns import ColumnFitter
from watchtracker.ui.common.delegates import draw_cell_background
from watchtracker.ui.common.empty_state import EmptyState
from watchtracker.ui.common.html import plain
from watchtracker.ui.common.row_menu import RowMenu, with_key
from watchtracker.ui.common.schedule_roles import POSTER_SIZE, Local
from watchtracker.ui.crash import guard_qt
from watchtracker.ui.upnext.model import U_AIRED, U_EPISODE, U_LAST, U_LEFT, U_RUNTIME, U_SERIES, U_WATCH, UpNextModel

EMPTY, LIST, LOADING = range(3)
ROW_HEIGHT = POSTER_SIZE.height() + 8


@guard_qt
class WatchButtonDelegate(QStyledItemDelegate):
    """A push button drawn in the cell; a click on it emits ``clicked(QModelIndex)``.

    Drawn rather than a widget per row (setIndexWidget), so 2,000 rows cost nothing."""

    clicked = Signal(QModelIndex)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._pressed: QModelIndex | None = None
        self._text = self.tr("✓ Watched")  # painted on every row: translated once

    def _button_rect(self, option: QStyleOptionViewItem) -> QRect:
        r = option.rect
        fm = option.fontMetrics
        width = min(r.width() - 12, fm.horizontalAdvance(self._text) + 28)
        height = min(r.height() - 10, fm.height() + 12)
        return QRect(r.left() + (r.width() - width) // 2, r.top() + (r.height() - height) // 2, width, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = draw_cell_background(self, painter, option, index)
        widget = opt.widget
        style = widget.style() if widget else QApplication.style()
        button = QStyleOptionButton()
        button.rect = self._button_rect(option)
        button.text = self._text
        button.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Raised
        if option.state & QStyle.StateFlag.State_MouseOver:
            button.state |= QStyle.StateFlag.State_MouseOver
        if self._pressed is not None and self._pressed == index:
            button.state |= QStyle.StateFlag.State_Sunken
        view = widget if isinstance(widget, QAbstractItemView) else None
        focused = (
            view is not None
            and view.hasFocus()
            and view.currentIndex().row() == index.row()
            and bool(option.state & QStyle.StateFlag.State_KeyboardFocusChange)
        )
        if focused:  # Space presses this one: drawn as a button that has the focus
            button.state |= QStyle.StateFlag.State_HasFocus | QStyle.StateFlag.State_KeyboardFocusChange
        button.palette = option.palette
        button.fontMetrics = option.fontMetrics
        style.drawControl(QStyle.ControlElement.CE_PushButton, button, painter, widget)
        if focused:
            # the style's focus outline is in the highlight colour, the colour of the selected row
            # around it: a ring inside the button, on its face, shows whatever the row's colour
            painter.save()
            try:
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                painter.setPen(QPen(option.palette.color(QPalette.ColorRole.Highlight), 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(button.rect.adjusted(3, 3, -3, -3), 3, 3)
            finally:
                painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        return QSize(option.fontMetrics.horizontalAdvance(self._text) + 44, ROW_HEIGHT)

    def editorEvent(self, event: QEvent, model, option: QStyleOptionViewItem, index: QModelIndex) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick):
            return False
        assert isinstance(event, QMouseEvent)
        inside = self._button_rect(option).contains(event.position().toPoint())
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        if kind == QEvent.Type.MouseButtonPress:
            self._pressed = QModelIndex(index) if inside else None
            return False  # the view still selects the row
        if kind == QEvent.Type.MouseButtonDblClick:
            return inside  # a quick second click on the button is not "open the series"
        was = self._pressed
        self._pressed = None
        if inside and was is not None and was == index:
            self.clicked.emit(QModelIndex(index))
            return True
        return False


class UpNextView(QWidget):
    """Layout only."""

    def __init__(self, parent=None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 6)

        bar = QHBoxLayout()
        self.heading = QLabel(self.tr("Up next"))
        f = self.heading.font()
        f.setPointSizeF(f.pointSizeF() * 1.3)
        f.setBold(True)
        self.heading.setFont(f)
        self.summary = QLabel()
        self.summary.setObjectName("upNextSummary")
        theme.set_secondary(self.summary)
        self.specials = QCheckBox(self.tr("Specials"))
        self.specials.setObjectName("upNextSpecials")
        self.specials.setToolTip(self.tr("Put the specials that aired since your furthest episode in the queue"))
        bar.addWidget(self.heading)
        bar.addSpacing(12)
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.specials)
        outer.addLayout(bar)

        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)

        # the empty state: deliberate, and says how a series gets here
        empty = EmptyState(
            self.tr("Nothing to watch next"),
            self.tr(
                "Series you are watching appear here with their next episode. Mark an episode watched, "
                "or set a series to Watching on its page, and it shows up here; when you are caught up "
                "it leaves until a new episode airs."
            ),
        )
        self.empty_text = empty.text
        self.empty_text.setObjectName("upNextEmptyText")
        self.stack.addWidget(empty)

        self.table = QTableView()
        self.table.setObjectName("upNextTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setIconSize(POSTER_SIZE)
        self.table.setMouseTracking(True)  # the button's hover look
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setTabKeyNavigation(False)  # Tab goes on to the next control; the arrows move in the list
        self.table.setAccessibleName(self.tr("Up next"))
        self.table.setAccessibleDescription(
            self.tr(
                "Space or Enter marks the selected episode watched; the Menu key or Shift+F10 lists what else you "
                "can do."
            )
        )
        self.stack.addWidget(self.table)

        loading = QLabel(self.tr("Reading what you are watching…"))
        loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(loading)
        self.stack.setCurrentIndex(LOADING)

        self.hint = QLabel(
            self.tr("Space or Enter: mark the selected episode watched · double-click: open the series · Ctrl+Z: undo")
        )
        theme.set_secondary(self.hint)
        plain(self.summary, self.hint)
        outer.addWidget(self.hint)


@guard_qt
class UpNextPage(UpNextView):
    """Signals (requests; the controller acts): ``watch_requested(object)`` with the UpNextRow
    whose episode to mark watched, ``series_requested(int)``, ``specials_toggled(bool)``."""

    watch_requested = Signal(object)
    series_requested = Signal(int)
    specials_toggled = Signal(bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = UpNextModel(self)
        self.table.setModel(self.model)
        self.button_delegate = WatchButtonDelegate(self.table)
        self.table.setItemDelegateForColumn(U_WATCH, self.button_delegate)
        self.setFocusProxy(self.table)  # the window focuses the page: Space works at once
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(U_SERIES, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(U_EPISODE, QHeaderView.ResizeMode.Stretch)
        for col, width in ((U_AIRED, 110), (U_RUNTIME, 80), (U_LEFT, 80), (U_LAST, 110), (U_WATCH, 120)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)
        header.setSectionResizeMode(U_WATCH, QHeaderView.ResizeMode.Fixed)
        self.columns = ColumnFitter(self.table, header, [U_SERIES, U_EPISODE], min_main=320, fixed=[U_WATCH])
        self.loaded = False

        self.watch_action = QAction(self.tr("Mark watched"), self.table)
        self.watch_action.setShortcuts(
            [QKeySequence(Qt.Key.Key_Space), QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)]
        )
        self.watch_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.watch_action.triggered.connect(self.watch_current)
        self.table.addAction(self.watch_action)
        self.button_delegate.clicked.connect(self._on_button)
        self.table.doubleClicked.connect(self._on_double_click)
        self.table.selectionModel().currentRowChanged.connect(self._repaint_buttons)
        self.table.installEventFilter(self)  # the focus coming and going: the button shows it
        self.row_menu = RowMenu(self.table, self._fill_menu)
        self.specials.toggled.connect(self.specials_toggled)

    # -- content ---------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[UpNextRow], today: date, local: Local) -> None:
        """All rows (a reload): the selected series stays selected when it is still there."""
        current = self.current_series_id()
        self.loaded = True
        self.model.set_rows(rows, today, local)
        if current is None or not self.select_series(current):
            self._select_row(0)
        self._update()

    def update_rows(self, rows: dict[int, UpNextRow | None], today: date) -> None:
        """Some series as they are now (None: caught up, it leaves). The row being worked on
        stays where it is; when it leaves, the one that takes its place is selected."""
        current = self.current_series_id()
        at = self.table.currentIndex().row()
        self.model.update(rows, today)
        if current is not None and self.model.row_for(current) is None:
            self._select_row(min(at, self.model.rowCount() - 1))
        elif current is None and self.model.rowCount():
            self._select_row(0)
        self._update()

    def set_include_specials(self, on: bool) -> None:
        """Show the setting without asking for it again."""
        self.specials.blockSignals(True)
        self.specials.setChecked(on)
        self.specials.blockSignals(False)

    def show_loading(self) -> None:
        if not self.loaded:
            self.stack.setCurrentIndex(LOADING)

    def _update(self) -> None:
        rows = self.model.rows()
        self.stack.setCurrentIndex(LIST if rows else EMPTY)
        self.hint.setVisible(bool(rows))
        count, left = len(rows), sum(r.left for r in rows)
        series = translate("UpNextPage", "%n series", "", count)
        episodes = translate("UpNextPage", "%n episode(s) to watch", "", left)
        self.summary.setText(f"{series} · {episodes}" if rows else "")

    # -- selection -------------------------------------------------------------------------
    def current_row(self) -> UpNextRow | None:
        return self.model.row_at(self.table.currentIndex())

    def current_series_id(self) -> int | None:
        row = self.current_row()
        return row.series_id if row is not None else None

    def select_series(self, series_id: int) -> bool:
        row = self.model.row_for(series_id)
        if row is None:
            return False
        self._select_row(row)
        return True

    def _select_row(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        index = self.model.index(row, U_SERIES)
        flags = self.table.selectionModel().SelectionFlag
        self.table.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
        self.table.scrollTo(index)

    def focus(self) -> None:
        self.table.setFocus()

    # -- gestures --------------------------------------------------------------------------
    def watch_current(self) -> None:
        row = self.current_row()
        if row is not None:
            self.watch_requested.emit(row)

    def _on_button(self, index: QModelIndex) -> None:
        row = self.model.row_at(index)
        if row is not None:
            self._select_row(index.row())
            self.watch_requested.emit(row)

    def _on_double_click(self, index: QModelIndex) -> None:
        row = self.model.row_at(index)
        if row is not None and index.column() != U_WATCH:
            self.series_requested.emit(row.series_id)

    def _repaint_buttons(self, current: QModelIndex, previous: QModelIndex) -> None:
        """The focus moves from one row's button to the other's."""
        for index in (current, previous):
            if index.isValid():
                self.table.update(index.siblingAtColumn(U_WATCH))

    def eventFilter(self, watched, event) -> bool:
        if watched is self.table and event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            index = self.table.currentIndex()
            self._repaint_buttons(index, QModelIndex())
        return super().eventFilter(watched, event)

    def _fill_menu(self, menu: QMenu, index: QModelIndex) -> None:
        """The row's actions: as its button (and Space) do, and as a double click does."""
        row = self.model.row_at(index)
        if row is None:
            return
        mark = self.tr("Mark {episode} watched").format(episode=row.code)
        menu.addAction(with_key(mark, self.tr("Space", "key")), lambda: self.watch_requested.emit(row))
        menu.addAction(self.tr("Open series"), lambda: self.series_requested.emit(row.series_id))


__all__ = ["UpNextPage", "UpNextView", "WatchButtonDelegate", "EMPTY", "LIST", "LOADING"]
