"""The news feeds: add by address, rename, switch off, remove; each with its state (when it was
last read, or what stopped it, in words: no errno, no library's reason). When no feed could be
reached at the last check, or the check failed as a whole, the dialog says so above the list,
with Retry. Well-known TV-news feeds are offered, never added without the viewer ticking them."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFrame,
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
from watchtracker.domain.i18n import QT_TRANSLATE_NOOP, translate
from watchtracker.domain.text import clean_line, clean_text
from watchtracker.errors import Interrupted, NetworkDown, UserError
from watchtracker.services.feeds import FeedRow, FeedService

from watchtracker.ui.common import theme
from watchtracker.ui.common.columns import ColumnFitter
from watchtracker.ui.common.empty_state import heading_label
from watchtracker.ui.common.html import plain, plain_tooltip
from watchtracker.ui.library.model import relative_day

log = logging.getLogger(__name__)

Run = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], None]

COLUMNS = (
    QT_TRANSLATE_NOOP("FeedsDialog", "On"),
    QT_TRANSLATE_NOOP("FeedsDialog", "Name"),
    QT_TRANSLATE_NOOP("FeedsDialog", "Address"),
    QT_TRANSLATE_NOOP("FeedsDialog", "State"),
)


class FeedsDialog(QDialog):
    """Reading the list and every edit run on the library lane (``run(fn, done, failed)``);
    ``busy`` while one is on its way. A refusal (a typo in an address) is shown in the dialog,
    anything else goes to ``report_error``. Polling is the caller's (``poll_requested`` is called
    with no argument: the window polls on its network lane, then calls ``poll_finished``, with
    the exception if the check failed as a whole).

    ``notice`` (above the list) says when every feed switched on failed to be reached at the last
    check (the viewer is probably offline) or the check failed as a whole; its ``retry_button``
    checks again."""

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
        self._polling = False
        self._retrying = False  # Retry was pressed: it gets the focus back when the check ends
        self._poll_failure: BaseException | None = None  # the last check failed as a whole
        self.changed = False
        self.setWindowTitle(self.tr("News feeds"))
        self.resize(820, 520)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Headlines from these RSS and Atom feeds that name a series you follow — its title, "
                "franchise or lead character — become alerts, sorted into renewals, cancellations, "
                "premiere dates, spin-offs and more."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        add = QHBoxLayout()
        self.url = QLineEdit()
        self.url.setObjectName("feedUrl")
        self.url.setAccessibleName(self.tr("Feed address"))
        self.url.setPlaceholderText(self.tr("Feed address, e.g. https://example.com/feed/"))
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Feed name"))
        self.name.setPlaceholderText(self.tr("Name (optional)"))
        self.name.setMaximumWidth(200)
        self.add_button = QPushButton(self.tr("Add"))
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

        self.notice = QFrame()
        self.notice.setObjectName("feedsProblem")
        self.notice.setFrameShape(QFrame.Shape.StyledPanel)
        self.notice.setAutoFillBackground(True)
        self.notice.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.notice.setForegroundRole(QPalette.ColorRole.ToolTipText)
        notice = QHBoxLayout(self.notice)
        notice.setContentsMargins(12, 8, 8, 8)
        words = QVBoxLayout()
        words.setSpacing(2)
        self.notice_heading = heading_label("", 1.15)
        self.notice_text = QLabel()
        self.notice_text.setWordWrap(True)
        for label in (self.notice_heading, self.notice_text):
            label.setForegroundRole(QPalette.ColorRole.ToolTipText)
            words.addWidget(label)
        plain(self.notice_heading, self.notice_text)
        notice.addLayout(words, 1)
        self.retry_button = QPushButton(self.tr("&Retry"))
        self.retry_button.setToolTip(self.tr("Check the feeds again now"))
        notice.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.notice.hide()
        layout.addWidget(self.notice)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("feedsTable")
        self.table.setAccessibleName(self.tr("Your news feeds"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; the arrows move in it
        self.table.setHorizontalHeaderLabels([translate("FeedsDialog", c) for c in COLUMNS])
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
        self.rename_button = QPushButton(self.tr("Rename…"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.poll_button = QPushButton(self.tr("Check feeds now"))
        row.addWidget(self.rename_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        row.addWidget(self.poll_button)
        layout.addLayout(row)

        self.suggest_label = QLabel(self.tr("Well-known TV-news feeds (tick the ones you want):"))
        self.suggestions = QListWidget()
        self.suggestions.setObjectName("feedSuggestions")
        self.suggestions.setAccessibleName(self.tr("Well-known TV-news feeds"))
        self.suggestions.setMaximumHeight(120)
        self.add_suggested = QPushButton(self.tr("Add the ticked feeds"))
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
        self.retry_button.clicked.connect(self._retry)
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
            on.setToolTip(self.tr("Read this feed") if feed.enabled else self.tr("Switched off: not read"))
            self.table.setItem(r, 0, on)
            # a feed's name may be its own title, its error quotes what it sent: shown clean
            self.table.setItem(r, 1, QTableWidgetItem(clean_line(feed.display_name)))
            address = QTableWidgetItem(clean_line(feed.url))
            address.setToolTip(plain_tooltip(feed.url))
            self.table.setItem(r, 2, address)
            said = _state(feed)
            state = QTableWidgetItem(clean_line(said))
            whole = error_words(feed.last_error)[1] if feed.last_error and feed.enabled else said
            state.setToolTip(plain_tooltip(whole))
            if feed.last_error and feed.enabled:
                state.setForeground(theme.error(self.table.palette()))
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
        self._update_notice(rows)
        self._update_buttons()

    def _update_notice(self, rows: list[FeedRow]) -> None:
        """Above the list: no feed could be reached (offline?), or the check failed as a whole."""
        on = [f for f in rows if f.enabled]
        said: tuple[str, str] | None = None
        if on and all(unreachable(f.last_error) for f in on):
            said = OFFLINE if len(on) > 1 else ONE_UNREACHABLE
        elif self._poll_failure is not None:
            said = OFFLINE if isinstance(self._poll_failure, NetworkDown) else CHECK_FAILED
        if said is None:
            self.notice.hide()
            self._retrying = False
            return
        self.notice_heading.setText(translate("FeedsDialog", said[0]))
        self.notice_text.setText(translate("FeedsDialog", said[1]))
        self.retry_button.setVisible(self.poll_requested is not None)
        self.notice.show()
        if self._retrying and not self._polling:
            self._retrying = False
            self.retry_button.setFocus()

    def _selected_id(self) -> int | None:
        row = self.table.currentRow()
        if row < 0 or not self.table.selectionModel().hasSelection():
            return None
        return self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)

    def _update_buttons(self, *_) -> None:
        chosen = self._selected_id() is not None
        self.rename_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)
        self.poll_button.setEnabled(self.table.rowCount() > 0 and not self._polling)
        self.retry_button.setEnabled(not self._polling)
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
        name, ok = QInputDialog.getText(
            self, self.tr("Rename feed"), self.tr("Name:"), QLineEdit.EchoMode.Normal, current
        )
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
        if self.poll_requested is None or self._polling:
            return
        self._polling = True
        self._poll_failure = None
        self.poll_button.setEnabled(False)
        self.poll_button.setText(self.tr("Checking…"))
        self.retry_button.setEnabled(False)
        self.retry_button.setText(self.tr("Checking…"))
        self.poll_requested()

    def _retry(self) -> None:
        self._retrying = True
        self._poll()

    def poll_finished(self, failure: BaseException | None = None) -> None:
        """The check ended (``failure``: the exception that stopped it as a whole, if any)."""
        self._polling = False
        if failure is not None and not isinstance(failure, Interrupted):  # Interrupted: closing
            log.warning("checking the feeds failed: %s", failure)
            self._poll_failure = failure
        self.poll_button.setText(self.tr("Check feeds now"))
        self.retry_button.setText(self.tr("&Retry"))
        self._update_buttons()
        self.reload()


# (heading, text) above the list; translated where shown
OFFLINE = (
    QT_TRANSLATE_NOOP("FeedsDialog", "You seem to be offline"),
    QT_TRANSLATE_NOOP("FeedsDialog", "None of your feeds could be reached. Check your connection, then Retry."),
)
ONE_UNREACHABLE = (
    QT_TRANSLATE_NOOP("FeedsDialog", "Your feed could not be reached"),
    QT_TRANSLATE_NOOP("FeedsDialog", "You may be offline, or its site may be down. Check your connection, then Retry."),
)
CHECK_FAILED = (
    QT_TRANSLATE_NOOP("FeedsDialog", "The feeds could not be checked"),
    QT_TRANSLATE_NOOP(
        "FeedsDialog",
        "Something went wrong while checking them. Retry in a moment; if it keeps happening, the details are in "
        "the log.",
    ),
)

# What providers/http.py says of a network failure, and the words shown for it (short in the
# list, whole in its tooltip): its own words name the error's reason (an errno, the HTTP
# library's message), which no viewer can act on.
_CANNOT_REACH = re.compile(r"^Cannot reach ")
_NETWORK_WORDS = (
    (
        _CANNOT_REACH,
        QT_TRANSLATE_NOOP("FeedsDialog", "Could not be reached: offline, or site down"),
        QT_TRANSLATE_NOOP(
            "FeedsDialog",
            "Could not be reached: you may be offline, or the site may be down. It is tried again at every check.",
        ),
    ),
    (
        re.compile(r" (did not answer in time|stopped answering halfway)"),
        QT_TRANSLATE_NOOP("FeedsDialog", "Did not answer in time: site busy?"),
        QT_TRANSLATE_NOOP(
            "FeedsDialog", "Did not answer in time: the site may be busy. It is tried again at every check."
        ),
    ),
    (
        re.compile(r"^The answer from .* was cut off"),
        QT_TRANSLATE_NOOP("FeedsDialog", "The connection broke while reading it"),
        QT_TRANSLATE_NOOP(
            "FeedsDialog", "The connection broke while the feed was being read. It is tried again at every check."
        ),
    ),
    (
        re.compile(r" is having trouble \(HTTP \d+\)"),
        QT_TRANSLATE_NOOP("FeedsDialog", "Its site had a problem answering"),
        QT_TRANSLATE_NOOP(
            "FeedsDialog",
            "Its site had a problem answering (a server error); nothing is wrong on your side. It is tried again "
            "at every check.",
        ),
    ),
)
_REASON = re.compile(r" we cannot read \(.*\)\.$")


def unreachable(error: str | None) -> bool:
    """The feed's last error says it could not be reached (the first of the network's words)."""
    return bool(error) and bool(_CANNOT_REACH.search(error))


def error_words(error: str) -> tuple[str, str]:
    """A feed's last error in words, short (the list) and whole (its tooltip): the network's
    failures said plainly, the rest as it is (it already names what is wrong with the feed: a web
    page, not a feed; not there any more …)."""
    for pattern, short, whole in _NETWORK_WORDS:
        if pattern.search(error):
            return translate("FeedsDialog", short), translate("FeedsDialog", whole)
    error = _REASON.sub(" we cannot read.", error)
    return error, error


def _state(feed: FeedRow) -> str:
    if not feed.enabled:
        return translate("FeedsDialog", "Switched off")
    if feed.last_error:
        return error_words(feed.last_error)[0]
    if feed.last_ok_at:
        n = feed.items_seen
        local = safe_local(feed.last_ok_at)
        time = local.strftime("%H:%M")
        days = (datetime.now(feed.last_ok_at.tzinfo).astimezone().date() - local.date()).days  # as relative_day
        if days == 0:
            said = translate("FeedsDialog", "Read today at {time}; %n alert(s) from it so far", "", n)
        elif days == 1:
            said = translate("FeedsDialog", "Read yesterday at {time}; %n alert(s) from it so far", "", n)
        else:
            said = translate("FeedsDialog", "Read {day} at {time}; %n alert(s) from it so far", "", n)
        return said.format(day=relative_day(feed.last_ok_at), time=time)
    return translate("FeedsDialog", "Not read yet")
