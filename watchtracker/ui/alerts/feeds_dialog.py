"""The news feeds: add by address, rename, switch off, remove; each with its state (when it was
last read, or the one-line error that stopped it). Well-known TV-news feeds are offered, never
added without the viewer ticking them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)
from shiboken6 import isValid

from watchtracker.domain.dates import safe_local
from watchtracker.domain.text import clean_line, clean_text
from watchtracker.errors import UserError
from watchtracker.services.feeds import FeedRow, FeedService

from watchtracker.ui.common.columns import ColumnFitter
from watchtracker.ui.common.html import plain, plain_tooltip
from watchtracker.ui.library.model import relative_day

Run = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], None]

COLUMNS = ("On", "Name", "Address", "State")


class FeedsDialog(QDialog):
    """Reading the list and every edit run on the library lane (``run(fn, done, failed)``);
    ``busy`` while one is on its way. A refusal (a typo in an address) is shown in the dialog,
    anything else goes to ``report_error``. Polling is the caller's (``poll_requested`` is called
    with no argument: the window polls on its network lane)."""

    def __init__(
        self,
        feeds: FeedService,
        run: Run,
        poll_requested: Callable[[], None] | None = None,
        parent=None,
        report_error: Callable[[BaseException], None] | None = None,
    ):
        super().__init__(parent)
        self.feeds, self.run, self.report_error = feeds, run, report_error
        self.poll_requested = poll_requested
        self._working = 0  # tasks asked for and not answered yet
        self.changed = False
        self.setWindowTitle("News feeds")
        self.resize(820, 520)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Headlines from these RSS and Atom feeds that name a series you follow — its title, "
            "franchise or lead character — become alerts, sorted into renewals, cancellations, "
            "premiere dates, spin-offs and more."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        add = QHBoxLayout()
        self.url = QLineEdit()
        self.url.setObjectName("feedUrl")
        self.url.setPlaceholderText("Feed address, e.g. https://example.com/feed/")
        self.name = QLineEdit()
        self.name.setPlaceholderText("Name (optional)")
        self.name.setMaximumWidth(200)
        self.add_button = QPushButton("Add")
        self.add_button.setDefault(True)
        add.addWidget(self.url, 1)
        add.addWidget(self.name)
        add.addWidget(self.add_button)
        layout.addLayout(add)
        self.error = QLabel()
        self.error.setObjectName("feedError")
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        plain(self.error)
        self.error.hide()
        layout.addWidget(self.error)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("feedsTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(1, 200)
        header.resizeSection(2, 260)
        self.columns = ColumnFitter(self.table, header, [3], min_main=200, fixed=[0])  # the state says what is wrong
        layout.addWidget(self.table, 2)

        row = QHBoxLayout()
        self.rename_button = QPushButton("Rename…")
        self.remove_button = QPushButton("Remove")
        self.poll_button = QPushButton("Check feeds now")
        row.addWidget(self.rename_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        row.addWidget(self.poll_button)
        layout.addLayout(row)

        self.suggest_label = QLabel("Well-known TV-news feeds (tick the ones you want):")
        self.suggestions = QListWidget()
        self.suggestions.setObjectName("feedSuggestions")
        self.suggestions.setMaximumHeight(120)
        self.add_suggested = QPushButton("Add the ticked feeds")
        layout.addWidget(self.suggest_label)
        layout.addWidget(self.suggestions, 1)
        layout.addWidget(self.add_suggested, 0, Qt.AlignmentFlag.AlignLeft)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.add_button.clicked.connect(self._add)
        self.url.returnPressed.connect(self._add)
        self.rename_button.clicked.connect(self._rename)
        self.remove_button.clicked.connect(self._remove)
        self.poll_button.clicked.connect(self._poll)
        self.add_suggested.clicked.connect(self._add_ticked)
        self.table.itemChanged.connect(self._on_item_changed)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.suggestions.itemChanged.connect(self._update_buttons)
        self.poll_button.setVisible(poll_requested is not None)
        self.reload()

    # -- content ---------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._working > 0

    def _ask(self, fn: Callable[[], Any], done: Callable[[Any], None], failed: Callable[[BaseException], None]) -> None:
        """``fn`` on the lane; its answer only if the dialog is still there to show it."""
        self._working += 1

        def answered(callback, value) -> None:
            if not isValid(self):  # the dialog is gone (deleted with its window)
                return
            self._working -= 1
            callback(value)

        self.run(fn, lambda value: answered(done, value), lambda exc: answered(failed, exc))

    def reload(self) -> None:
        feeds = self.feeds
        self._ask(lambda: (feeds.feeds(), feeds.suggestions()), self._fill, self._failed)

    def _fill(self, answer: tuple[list[FeedRow], list[tuple[str, str]]]) -> None:
        rows, suggestions = answer
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for r, feed in enumerate(rows):
            on = QTableWidgetItem()
            on.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
            on.setCheckState(Qt.CheckState.Checked if feed.enabled else Qt.CheckState.Unchecked)
            on.setData(Qt.ItemDataRole.UserRole, feed.id)
            on.setToolTip("Read this feed" if feed.enabled else "Switched off: not read")
            self.table.setItem(r, 0, on)
            # a feed's name may be its own title, its error quotes what it sent: shown clean
            self.table.setItem(r, 1, QTableWidgetItem(clean_line(feed.display_name)))
            address = QTableWidgetItem(clean_line(feed.url))
            address.setToolTip(plain_tooltip(feed.url))
            self.table.setItem(r, 2, address)
            state = QTableWidgetItem(clean_line(_state(feed)))
            state.setToolTip(plain_tooltip(feed.last_error or _state(feed)))
            if feed.last_error:
                state.setForeground(Qt.GlobalColor.red)
            self.table.setItem(r, 3, state)
        self.table.blockSignals(False)
        self.suggestions.clear()
        for name, url in suggestions:
            item = QListWidgetItem(f"{name} — {url}")
            item.setData(Qt.ItemDataRole.UserRole, (name, url))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.suggestions.addItem(item)
        shown = self.suggestions.count() > 0
        for w in (self.suggest_label, self.suggestions, self.add_suggested):
            w.setVisible(shown)
        self._update_buttons()

    def _selected_id(self) -> int | None:
        row = self.table.currentRow()
        if row < 0 or not self.table.selectionModel().hasSelection():
            return None
        return self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)

    def _update_buttons(self, *_) -> None:
        chosen = self._selected_id() is not None
        self.rename_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)
        self.poll_button.setEnabled(self.table.rowCount() > 0)
        ticked = any(
            self.suggestions.item(i).checkState() == Qt.CheckState.Checked for i in range(self.suggestions.count())
        )
        self.add_suggested.setEnabled(ticked)

    # -- gestures --------------------------------------------------------------------------
    def _do(self, fn: Callable[[], Any], then: Callable[[], None] | None = None) -> None:
        """An edit on the lane; then the list is read again (a refusal is shown, nothing read)."""

        def done(_result) -> None:
            self.error.hide()
            self.changed = True
            if then is not None:
                then()
            self.reload()

        self._ask(fn, done, self._failed)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self.error.setText(clean_text(str(exc)))
            self.error.show()
        elif self.report_error is not None:
            self.report_error(exc)
        else:
            raise exc

    def _add(self) -> None:
        url, name = self.url.text(), self.name.text() or None

        def added() -> None:
            self.url.clear()
            self.name.clear()

        self._do(lambda: self.feeds.add(url, name), added)

    def _add_ticked(self) -> None:
        ticked = [
            self.suggestions.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.suggestions.count())
            if self.suggestions.item(i).checkState() == Qt.CheckState.Checked
        ]

        def add_all() -> None:
            for name, url in ticked:
                self.feeds.add(url, name)

        self._do(add_all)

    def _rename(self) -> None:
        fid = self._selected_id()
        if fid is None:
            return
        current = self.table.item(self.table.currentRow(), 1).text()
        name, ok = QInputDialog.getText(self, "Rename feed", "Name:", QLineEdit.EchoMode.Normal, current)
        if ok:
            self._do(lambda: self.feeds.rename(fid, name))

    def _remove(self) -> None:
        fid = self._selected_id()
        if fid is not None:
            self._do(lambda: self.feeds.remove(fid))

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != 0:
            return
        fid, on = item.data(Qt.ItemDataRole.UserRole), item.checkState() == Qt.CheckState.Checked
        self._do(lambda: self.feeds.set_enabled(fid, on))

    def _poll(self) -> None:
        if self.poll_requested is not None:
            self.poll_requested()
            self.poll_button.setEnabled(False)
            self.poll_button.setText("Checking…")

    def poll_finished(self) -> None:
        self.poll_button.setText("Check feeds now")
        self.reload()


def _state(feed: FeedRow) -> str:
    if not feed.enabled:
        return "Switched off"
    if feed.last_error:
        return feed.last_error
    if feed.last_ok_at:
        n = feed.items_seen
        day = relative_day(feed.last_ok_at)
        day = day.lower() if day in ("Today", "Yesterday") else day
        time = safe_local(feed.last_ok_at).strftime("%H:%M")
        return f"Read {day} at {time}; {n} alert{'s' if n != 1 else ''} from it so far"
    return "Not read yet"
