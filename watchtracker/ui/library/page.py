"""The library: every followed series, filtered as you type; an empty library offers the example."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from watchtracker.domain.enums import ViewerState
from watchtracker.domain.i18n import translate
from watchtracker.domain.models import LibraryRow

from watchtracker.ui.common.columns import ColumnFitter
from watchtracker.ui.common.delegates import ProgressDelegate
from watchtracker.ui.common.empty_state import EmptyState
from watchtracker.ui.common.html import plain
from watchtracker.ui.common.row_menu import RowMenu, with_key
from watchtracker.ui.crash import guard_qt
from watchtracker.ui.library.model import (
    PROGRESS,
    ROW_ROLE,
    SERIES_ID_ROLE,
    TITLE,
    LibraryFilter,
    LibraryModel,
)

EMPTY, TABLE, NO_MATCH, LOADING = range(4)


class LibraryView(QWidget):
    """Layout only."""

    def __init__(self, parent=None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 6)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("librarySearch")
        self.search.setPlaceholderText(self.tr("Filter by title or network  (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Filter the library"))
        self.state = QComboBox()
        self.state.setAccessibleName(self.tr("Show"))
        self.state.addItem(self.tr("All followed series"), None)
        for s in ViewerState:
            self.state.addItem(s.label, s)
        self.add_button = QPushButton(self.tr("Add series…"))
        self.add_button.setToolTip(self.tr("Find a series on TVmaze and follow it (Ctrl+N)"))
        bar.addWidget(self.search, 1)
        bar.addWidget(self.state)
        bar.addWidget(self.add_button)
        outer.addLayout(bar)

        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)

        empty = EmptyState(
            self.tr("Your library is empty"),
            self.tr(
                "Follow the series you watch, tick off episodes, and keep every rewatch — all on your "
                "own computer. To look around first, load the example library: the Bosch universe, with "
                "Bosch, Bosch: Legacy and the announced spin-off Ballard. Coming from TV Time, Trakt, "
                "SeriesGuide or IMDb? Import your history from their export."
            ),
            (self.tr("Load the example library"), self.tr("Find a series to follow…"), self.tr("Import your history…")),
        )
        self.example_button, self.empty_add_button, self.empty_import_button = empty.buttons
        self.empty_import_button.setObjectName("emptyImport")
        self.stack.addWidget(empty)

        self.table = QTableView()
        self.table.setObjectName("libraryTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setIconSize(QSize(24, 34))
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(40)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setTabKeyNavigation(False)  # Tab goes on to the next control; the arrows move in the list
        self.table.setAccessibleName(self.tr("Library"))
        self.table.setAccessibleDescription(
            self.tr(
                "Enter opens the selected series, Delete deletes it; the Menu key or Shift+F10 lists what else you can do."
            )
        )
        self.stack.addWidget(self.table)

        no_match = QWidget()
        nv = QVBoxLayout(no_match)
        nv.addStretch(1)
        self.no_match_label = QLabel()
        self.no_match_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_match_label.setWordWrap(True)
        self.clear_button = QPushButton(self.tr("Show all series"))
        nv.addWidget(self.no_match_label)
        nv.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignHCenter)
        nv.addStretch(2)
        self.stack.addWidget(no_match)

        self.loading_label = QLabel(self.tr("Opening your library…"))
        self.loading_label.setObjectName("libraryLoading")
        self.loading_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.loading_label.setWordWrap(True)
        plain(self.loading_label)
        self.stack.addWidget(self.loading_label)
        self.stack.setCurrentIndex(LOADING)

        self.count_label = QLabel()
        self.count_label.setObjectName("libraryCount")
        plain(self.no_match_label, self.count_label)
        outer.addWidget(self.count_label)


@guard_qt
class LibraryPage(LibraryView):
    """Signals: ``series_opened(int)``, ``add_requested()``, ``example_requested()``,
    ``import_requested()``, ``delete_requested(int)``; from a row's context menu also
    ``watch_next_requested(int)`` (its next episode), ``edit_requested(int)``,
    ``unfollow_requested(int)`` and, for a series added by hand, ``find_online_requested(int)``."""

    series_opened = Signal(int)
    add_requested = Signal()
    example_requested = Signal()
    import_requested = Signal()
    delete_requested = Signal(int)
    watch_next_requested = Signal(int)
    edit_requested = Signal(int)
    unfollow_requested = Signal(int)
    find_online_requested = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = LibraryModel(self)
        self.proxy = LibraryFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table.setModel(self.proxy)
        self.table.setItemDelegateForColumn(PROGRESS, ProgressDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for col, width in enumerate((0, 130, 120, 150, 210, 100, 100)):
            if width:
                header.resizeSection(col, width)
        self.columns = ColumnFitter(self.table, header, [TITLE])  # titles stay readable in a narrow window
        self.table.sortByColumn(TITLE, Qt.SortOrder.AscendingOrder)
        self.loaded = False
        self.can_find_online = False  # the window has TVmaze (LibraryController.set_ready)

        self.search.textChanged.connect(self._on_filter_text)
        self.search.returnPressed.connect(self._open_from_search)
        self.search.installEventFilter(self)
        self.state.currentIndexChanged.connect(lambda _: self._on_state())
        self.add_button.clicked.connect(self.add_requested)
        self.empty_add_button.clicked.connect(self.add_requested)
        self.example_button.clicked.connect(self.example_requested)
        self.empty_import_button.clicked.connect(self.import_requested)
        self.clear_button.clicked.connect(self.clear_filters)
        self.table.activated.connect(self._on_activated)
        for signal in (
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.modelReset,
            self.proxy.layoutChanged,
        ):
            signal.connect(self._update_stack)

        self.delete_action = QAction(self.tr("Delete series"), self.table)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self._on_delete)
        self.table.addAction(self.delete_action)
        self.row_menu = RowMenu(self.table, self._fill_menu)

    # -- data ------------------------------------------------------------------------------
    def set_rows(self, rows: list[LibraryRow]) -> None:
        """All rows. A reload updates rows in place, keeping the scroll position and selection."""
        if self.loaded and self.model.rowCount():
            self.model.replace_all(rows)
            self._update_stack()
            return
        self.loaded = True
        self.model.set_rows(rows)
        self._update_stack()

    def update_rows(self, rows: list[LibraryRow], removed=()) -> None:
        self.model.update_rows(rows, removed)
        self._update_stack()

    def current_series_id(self) -> int | None:
        index = self.table.currentIndex()
        return index.data(SERIES_ID_ROLE) if index.isValid() else None

    def select_series(self, series_id: int) -> bool:
        row = self.model.row_for(series_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, TITLE))
        if not index.isValid():
            return False
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def clear_filters(self) -> None:
        self.search.clear()
        self.state.setCurrentIndex(0)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- reacting --------------------------------------------------------------------------
    def _on_filter_text(self, text: str) -> None:
        # the proxy says each run of rows a letter hides (dozens a keystroke): the stack and count once, after
        self._filtering = True
        try:
            self.proxy.set_text(text)
        finally:
            self._filtering = False
        self._update_stack()

    def _on_state(self) -> None:
        self.proxy.set_state(self.state.currentData())
        self._update_stack()

    _filtering = False  # _on_filter_text is changing the filter: it updates the stack when done

    def _update_stack(self, *args) -> None:
        if self._filtering:
            return
        if not self.loaded:
            self.stack.setCurrentIndex(LOADING)
            return
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        if total == 0:
            self.stack.setCurrentIndex(EMPTY)
        elif shown == 0:
            text, state = self.search.text().strip(), self.state.currentText()
            if self.proxy.text and self.state.currentData() is not None:
                message = self.tr("No followed series match “{text}” and are marked “{state}”.")
            elif self.proxy.text:
                message = self.tr("No followed series match “{text}”.")
            elif self.state.currentData() is not None:
                message = self.tr("No followed series are marked “{state}”.")
            else:
                message = self.tr("No followed series to show.")
            self.no_match_label.setText(message.format(text=text, state=state))
            self.stack.setCurrentIndex(NO_MATCH)
        else:
            self.stack.setCurrentIndex(TABLE)
        if total == 0:
            self.count_label.setText("")
        elif shown == total:
            self.count_label.setText(translate("LibraryPage", "%Ln series", "", total))
        else:
            self.count_label.setText(
                translate("LibraryPage", "{shown} of %Ln series", "", total).format(shown=f"{shown:,}")
            )

    def _on_activated(self, index: QModelIndex) -> None:
        sid = index.data(SERIES_ID_ROLE)
        if sid is not None:
            self.series_opened.emit(sid)

    def _on_delete(self) -> None:
        sid = self.current_series_id()
        if sid is not None:
            self.delete_requested.emit(sid)

    def _fill_menu(self, menu: QMenu, index: QModelIndex) -> None:
        """What can be done to a followed series from the list: each entry does what its key, or
        the same button on the series' page, does. Before the library is open only Open works."""
        row = index.data(ROW_ROLE)
        if row is None:
            return
        sid = row.series_id
        ready = self.delete_action.isEnabled()  # the library is open (LibraryController.set_ready)
        menu.addAction(with_key(self.tr("Open"), self.tr("Enter", "key")), lambda: self.series_opened.emit(sid))
        edits = []
        if row.next_episode is not None:
            edits.append(
                menu.addAction(
                    self.tr("Mark {episode} watched").format(episode=row.next_episode.code),
                    lambda: self.watch_next_requested.emit(sid),
                )
            )
        menu.addSeparator()
        edits.append(menu.addAction(self.tr("Edit…"), lambda: self.edit_requested.emit(sid)))
        edits.append(menu.addAction(self.tr("Unfollow"), lambda: self.unfollow_requested.emit(sid)))
        if not row.linked and self.can_find_online:  # added by hand: link it to TVmaze to refresh it
            find = menu.addAction(self.tr("Find on TVmaze…"), lambda: self.find_online_requested.emit(sid))
            find.setToolTip(self.tr("Link it to its TVmaze entry to get its episodes; your history is kept"))
            edits.append(find)
        menu.addSeparator()
        delete_key = self.delete_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        edits.append(menu.addAction(with_key(self.tr("Delete…"), delete_key), lambda: self.delete_requested.emit(sid)))
        for action in edits:
            action.setEnabled(ready)

    def _open_from_search(self) -> None:
        """Enter in the filter box opens the selected match, or the first one."""
        index = self._current_or_first()
        if index is not None:
            self._on_activated(index)

    def _current_or_first(self) -> QModelIndex | None:
        if not self.proxy.rowCount():
            return None
        index = self.table.currentIndex()
        if not index.isValid():
            index = self.proxy.index(0, TITLE)
            self.table.setCurrentIndex(index)
        return index

    def eventFilter(self, watched, event) -> bool:
        # Down from the filter box moves into the list
        if watched is self.search and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down:
            if self._current_or_first() is not None:
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)
