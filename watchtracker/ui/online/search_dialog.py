"""Find a series on TVmaze: results as you type, then follow it (or link a hand-made series)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
)

from watchtracker.errors import USER_FACING

from watchtracker.ui.common.html import plain, plain_tooltip
from watchtracker.ui.common.posters import poster_pixmap
from watchtracker.ui.crash import guard_qt
from watchtracker.ui.tasks import Lane

_Index = QModelIndex | QPersistentModelIndex
RESULT_ROLE = Qt.ItemDataRole.UserRole + 30
DEBOUNCE_MS = 350


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
    """``search(query)`` runs on the runner; the chosen show is ``chosen`` after accept()."""

    def __init__(
        self,
        runner: Lane,
        search: Callable[[str], list],
        *,
        query: str = "",
        action: str = "Follow",
        parent=None,
        thumbnail: Callable[[str], str | None] | None = None,
    ):
        super().__init__(parent)
        self.runner, self.search, self.thumbnail = runner, search, thumbnail
        self.chosen = None
        self._asked = ""
        self.setWindowTitle("Find a series on TVmaze")
        self.resize(560, 520)
        layout = QVBoxLayout(self)
        self.query = QLineEdit(query)
        self.query.setPlaceholderText("Type a title, e.g. Bosch")
        self.query.setClearButtonEnabled(True)
        layout.addWidget(self.query)
        self.results = QListView()
        self.results.setIconSize(QSize(32, 46))
        self.results.setUniformItemSizes(True)
        self.model = SearchResultsModel(self)
        self.results.setModel(self.model)
        layout.addWidget(self.results, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setMinimumHeight(60)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.status = QLabel("Results appear as you type. Data from TVmaze.")
        self.status.setStyleSheet("color: gray")
        plain(self.summary, self.status)
        layout.addWidget(self.summary)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.by_hand = QPushButton("Add by hand instead…")
        self.by_hand.setToolTip("For a series TVmaze does not list yet, such as a spin-off just ordered")
        self.buttons.addButton(self.by_hand, QDialogButtonBox.ButtonRole.ResetRole)
        self.choose_button = QPushButton(action)
        self.choose_button.setDefault(True)
        self.choose_button.setEnabled(False)
        self.buttons.addButton(self.choose_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._on_choose)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self._search_now)
        self.query.textChanged.connect(lambda _: self._timer.start())
        self.results.selectionModel().currentChanged.connect(self._on_current)
        self.results.doubleClicked.connect(lambda _: self._on_choose())
        if query.strip():
            self._timer.start()

    def _search_now(self) -> None:
        query = " ".join(self.query.text().split())
        self._asked = query
        if not query:
            self.model.set_results([])
            self.status.setText("Results appear as you type. Data from TVmaze.")
            return
        self.status.setText(f"Searching TVmaze for “{query}”…")
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
            self.status.setText(f"{len(results)} found on TVmaze.")
            self.results.setCurrentIndex(self.model.index(0, 0))
            self._fetch_thumbnails(query, [r.show for r in results[:10]])
        else:
            self.status.setText(f"TVmaze knows no series matching “{query}”.")
            self.summary.clear()

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
            self.status.setText(str(exc))

    def _on_current(self, index: QModelIndex, _previous=None) -> None:
        show = index.data(RESULT_ROLE) if index.isValid() else None
        self.choose_button.setEnabled(show is not None)
        self.summary.setText(show.overview[:500] if show and show.overview else "")

    def _on_choose(self) -> None:
        index = self.results.currentIndex()
        if index.isValid():
            self.chosen = index.data(RESULT_ROLE)
            self.accept()
