"""Find a series on TVmaze: results as you type, then follow it (or link a hand-made series).

When the search cannot give results (no connection, TVmaze slow, busy or failing, an answer we
cannot use, or nothing matches) the results area says so in plain words, with Retry (the same
search again) and, where the dialog offers it, Add by hand. What the network said exactly goes
to the log, not on screen."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
)

from watchtracker.domain.i18n import QT_TRANSLATE_NOOP, translate
from watchtracker.domain.text import clean_line
from watchtracker.errors import (
    USER_FACING,
    BadResponse,
    NetworkDown,
    ProviderError,
    RateLimited,
    ServiceUnavailable,
    TookTooLong,
)

from watchtracker.ui.common.empty_state import EmptyState
from watchtracker.ui.common.html import plain, plain_tooltip
from watchtracker.ui.common.posters import poster_pixmap
from watchtracker.ui.crash import guard_qt
from watchtracker.ui.tasks import Lane

log = logging.getLogger(__name__)

_Index = QModelIndex | QPersistentModelIndex
RESULT_ROLE = Qt.ItemDataRole.UserRole + 30
DEBOUNCE_MS = 350
RESULTS, PROBLEM = 0, 1  # the pages of the results area
# the texts below are translated where shown
STATUS = QT_TRANSLATE_NOOP("OnlineSearchDialog", "Data from TVmaze.")
EMPTY_STATUS = QT_TRANSLATE_NOOP("OnlineSearchDialog", "Results appear as you type. Data from TVmaze.")

OFFLINE = (
    QT_TRANSLATE_NOOP("OnlineSearchDialog", "You seem to be offline"),
    QT_TRANSLATE_NOOP("OnlineSearchDialog", "TVmaze could not be reached. Check your connection, then Retry."),
)
SLOW = (
    QT_TRANSLATE_NOOP("OnlineSearchDialog", "TVmaze is slow to answer"),
    QT_TRANSLATE_NOOP(
        "OnlineSearchDialog", "TVmaze did not answer in time. It may be busy right now: Retry in a minute."
    ),
)
BUSY = (
    QT_TRANSLATE_NOOP("OnlineSearchDialog", "TVmaze is busy right now"),
    QT_TRANSLATE_NOOP("OnlineSearchDialog", "TVmaze asks us to wait before searching again. Retry in a minute."),
)
TROUBLE = (
    QT_TRANSLATE_NOOP("OnlineSearchDialog", "TVmaze is having trouble"),
    QT_TRANSLATE_NOOP(
        "OnlineSearchDialog",
        "TVmaze could not answer the search just now. The problem is on TVmaze's side, not yours: Retry in a few "
        "minutes.",
    ),
)
UNUSABLE = (
    QT_TRANSLATE_NOOP("OnlineSearchDialog", "TVmaze's answer could not be read"),
    QT_TRANSLATE_NOOP(
        "OnlineSearchDialog", "TVmaze sent an answer we could not use. Retry; if it keeps happening, try again later."
    ),
)


def problem(exc: BaseException) -> tuple[str, str]:
    """(heading, text) for a search that failed: what happened and what to do, in words a viewer
    understands; never the error's own text (an errno, an HTTP code, a library's reason)."""
    if isinstance(exc, TookTooLong) or (isinstance(exc, NetworkDown) and _no_answer_in_time(exc)):
        said = SLOW
    elif isinstance(exc, NetworkDown):
        said = OFFLINE
    elif isinstance(exc, RateLimited):
        said = BUSY
    elif isinstance(exc, ServiceUnavailable):
        said = TROUBLE
    elif isinstance(exc, (BadResponse, ProviderError)):
        said = UNUSABLE
    else:  # a UserError: written for the viewer
        return translate("OnlineSearchDialog", "Could not search TVmaze"), clean_line(str(exc))
    return translate("OnlineSearchDialog", said[0]), translate("OnlineSearchDialog", said[1])


def _no_answer_in_time(exc: NetworkDown) -> bool:
    """A connection was made but the answer did not come (a read timeout): TVmaze is slow rather
    than the viewer offline. providers/http.py says so only in its words, not in the class."""
    said = str(exc)
    return "did not answer in time" in said or "stopped answering halfway" in said


def quoted(query: str, limit: int = 40) -> str:
    query = clean_line(query)
    return f"“{query if len(query) <= limit else query[: limit - 1] + '…'}”"


@guard_qt
class SearchResultsModel(QAbstractListModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._results: list = []
        self._thumbs: dict[int, str] = {}  # tvmaze id -> cached thumbnail file

    def set_results(self, results: Sequence) -> None:
        self.beginResetModel()
        self._results = list(results)
        self.endResetModel()

    def set_thumbnail(self, tvmaze_id: int, path: str | None) -> None:
        if not path:
            return
        self._thumbs[tvmaze_id] = path
        for row, r in enumerate(self._results):
            if r.show.tvmaze_id == tvmaze_id:
                index = self.index(row, 0)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def shows(self) -> list:
        return [r.show for r in self._results]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._results)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._results):
            return None
        show = self._results[index.row()].show
        if role == Qt.ItemDataRole.DisplayRole:
            bits = [str(show.year) if show.year else "", show.network, show.status.label]
            return f"{show.title}\n{' · '.join(b for b in bits if b)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(show.overview[:600]) or None
        if role == Qt.ItemDataRole.DecorationRole:
            return poster_pixmap(show.title, self._thumbs.get(show.tvmaze_id), QSize(32, 46))
        if role == RESULT_ROLE:
            return show
        return None


class OnlineSearchDialog(QDialog):
    """``search(query)`` runs on the runner; the chosen show is ``chosen`` after accept().

    The results area (``stack``) shows the results list, or ``state`` when there are none to
    show: its heading and text say why, ``retry_button`` searches again, ``state_by_hand`` does
    what ``by_hand`` does (shown only while ``by_hand`` is offered: the caller hides ``by_hand``
    where adding by hand makes no sense)."""

    by_hand_tip = QT_TRANSLATE_NOOP(
        "OnlineSearchDialog", "For a series TVmaze does not list yet, such as a spin-off just ordered"
    )  # translated where shown

    def __init__(
        self,
        runner: Lane,
        search: Callable[[str], list],
        *,
        query: str = "",
        action: str | None = None,
        parent=None,
        thumbnail: Callable[[str], str | None] | None = None,
    ):
        super().__init__(parent)
        self.runner, self.search, self.thumbnail = runner, search, thumbnail
        self.chosen = None
        self._asked = ""
        self._retrying = False  # Retry was pressed: its answer takes the keyboard focus
        self._by_hand_tucked = False  # by_hand hidden while the results area offers it
        self.setWindowTitle(self.tr("Find a series on TVmaze"))
        self.resize(560, 520)
        layout = QVBoxLayout(self)
        self.query = QLineEdit(query)
        self.query.setAccessibleName(self.tr("Search TVmaze"))
        self.query.setPlaceholderText(self.tr("Type a title, e.g. Bosch"))
        self.query.setClearButtonEnabled(True)
        layout.addWidget(self.query)
        self.results = QListView()
        self.results.setAccessibleName(self.tr("Shows found on TVmaze"))
        self.results.setIconSize(QSize(32, 46))
        self.results.setUniformItemSizes(True)
        self.model = SearchResultsModel(self)
        self.results.setModel(self.model)
        # the results area: the list, or why there is nothing in it (framed like the list)
        by_hand_tip = translate("OnlineSearchDialog", self.by_hand_tip)
        self.state = EmptyState(
            "", "", [self.tr("&Retry"), self.tr("Add by hand instead…")], default=None, text_width=380
        )
        self.retry_button, self.state_by_hand = self.state.buttons
        self.retry_button.setToolTip(self.tr("Search TVmaze again for what is typed above"))
        self.state_by_hand.setToolTip(by_hand_tip)
        self.retry_button.clicked.connect(self.retry)
        self.state_by_hand.clicked.connect(lambda: self.by_hand.click())
        self.state_frame = QFrame()
        self.state_frame.setObjectName("searchProblem")
        self.state_frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.state_frame.setAutoFillBackground(True)
        self.state_frame.setBackgroundRole(QPalette.ColorRole.Base)
        frame_layout = QVBoxLayout(self.state_frame)
        frame_layout.setContentsMargins(12, 0, 12, 0)
        frame_layout.addWidget(self.state)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.results)  # RESULTS
        self.stack.addWidget(self.state_frame)  # PROBLEM
        layout.addWidget(self.stack, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setMinimumHeight(60)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.status = QLabel(translate("OnlineSearchDialog", EMPTY_STATUS))
        self.status.setStyleSheet("color: gray")
        plain(self.summary, self.status)
        layout.addWidget(self.summary)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.by_hand = QPushButton(self.tr("Add by hand instead…"))
        self.by_hand.setToolTip(by_hand_tip)
        self.buttons.addButton(self.by_hand, QDialogButtonBox.ButtonRole.ResetRole)
        self.choose_button = QPushButton(action if action is not None else self.tr("Follow"))
        self.choose_button.setDefault(True)
        self.choose_button.setEnabled(False)
        self.buttons.addButton(self.choose_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._on_choose)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self._search_now)
        self.query.textChanged.connect(self._typed)
        self.results.selectionModel().currentChanged.connect(self._on_current)
        self.results.doubleClicked.connect(lambda _: self._on_choose())
        if query.strip():
            self._timer.start()

    def _typed(self, _text: str) -> None:
        self._retrying = False  # the viewer is typing: an answer must not take the focus
        self._timer.start()

    def retry(self) -> None:
        """The same search again (what is typed now), at once."""
        self._timer.stop()
        self._retrying = True
        self._search_now()

    def _search_now(self) -> None:
        query = " ".join(self.query.text().split())
        self._asked = query
        if not query:
            self._retrying = False
            self.model.set_results([])
            self._show_results()
            self.status.setText(translate("OnlineSearchDialog", EMPTY_STATUS))
            return
        self.status.setText(self.tr("Searching TVmaze for {query}…").format(query=quoted(query)))
        if self.stack.currentIndex() == PROBLEM:  # the last search failed: this one is on its way
            self._show_problem(
                self.tr("Searching TVmaze…"),
                self.tr("Looking for {query}.").format(query=quoted(query)),
                searching=True,
            )
        self.runner.run(
            lambda: self.search(query),
            lambda r, q=query: self._on_results(q, r),
            lambda exc, q=query: self._on_error(q, exc),
        )

    def _on_results(self, query: str, results: list) -> None:
        if query != self._asked:
            return  # the viewer typed on: a newer search is coming
        self.model.set_results(results)
        if results:
            found = len(results)  # a plain name: lupdate finds no text whose count is an expression
            self.status.setText(translate("OnlineSearchDialog", "%n found on TVmaze.", "", found))
            self._show_results()
            self.results.setCurrentIndex(self.model.index(0, 0))
            self._fetch_thumbnails(query, [r.show for r in results[:10]])
        else:
            self.status.setText(translate("OnlineSearchDialog", STATUS))
            self.summary.clear()
            if self._offers_by_hand():
                said = self.tr("No show on TVmaze matches {query}. Check the spelling, or add it by hand.")
            else:
                said = self.tr("No show on TVmaze matches {query}. Check the spelling, or try another title.")
            self._show_problem(self.tr("Nothing found"), said.format(query=quoted(query)))

    def _fetch_thumbnails(self, query: str, shows: list) -> None:
        """One small poster at a time, after the typing has stopped; a newer search stops it."""
        if self.thumbnail is None or query != self._asked or not shows:
            return
        show, rest = shows[0], shows[1:]

        def done(path, show=show) -> None:
            if query == self._asked:
                self.model.set_thumbnail(show.tvmaze_id, path)
                self._fetch_thumbnails(query, rest)

        if show.thumb_url:
            self.runner.run(lambda: self.thumbnail(show.thumb_url), done, lambda exc: done(None))
        else:
            self._fetch_thumbnails(query, rest)

    def _on_error(self, query: str, exc: BaseException) -> None:
        if not isinstance(exc, USER_FACING):
            sys.excepthook(type(exc), exc, exc.__traceback__)  # a bug: the crash handler
        elif query == self._asked:
            log.warning("searching TVmaze for %r failed: %s", query, exc)
            self.model.set_results([])  # none of the last search's results stays choosable
            self.summary.clear()
            self.status.setText(translate("OnlineSearchDialog", STATUS))
            self._show_problem(*problem(exc))

    # -- the results area ------------------------------------------------------------------
    def _offers_by_hand(self) -> bool:
        return self._by_hand_tucked or not self.by_hand.isHidden()

    def _show_problem(self, heading: str, text: str, *, searching: bool = False) -> None:
        """Why there are no results, with Retry (and Add by hand, in place of the one below)."""
        offered = self._offers_by_hand()
        self.state.set_heading(heading)
        self.state.set_text(text)
        self.retry_button.setEnabled(not searching)
        self.state_by_hand.setVisible(offered)
        if offered and not self._by_hand_tucked:
            self.by_hand.hide()
            self._by_hand_tucked = True
        self.summary.hide()
        self.stack.setCurrentIndex(PROBLEM)
        if not searching and self._retrying:
            self._retrying = False
            self.retry_button.setFocus()

    def _show_results(self) -> None:
        if self._by_hand_tucked:
            self.by_hand.show()
            self._by_hand_tucked = False
        self.summary.show()
        self.stack.setCurrentIndex(RESULTS)
        if self._retrying:
            self._retrying = False
            self.results.setFocus()

    def _on_current(self, index: QModelIndex, _previous=None) -> None:
        show = index.data(RESULT_ROLE) if index.isValid() else None
        self.choose_button.setEnabled(show is not None)
        self.summary.setText(show.overview[:500] if show and show.overview else "")

    def _on_choose(self) -> None:
        index = self.results.currentIndex()
        if index.isValid():
            self.chosen = index.data(RESULT_ROLE)
            self.accept()
