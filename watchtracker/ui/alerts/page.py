"""The Alerts page: what happened to the followed series, newest first, grouped by day.

``AlertsView`` only builds widgets; ``AlertsPage`` turns the viewer's gestures into signals (the
controller in ui.alerts_controller acts on them). Everything from data is shown as plain text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyleOptionViewItem,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from watchtracker.domain.dates import safe_local
from watchtracker.domain.enums import AnnouncementKind
from watchtracker.domain.i18n import translate

from watchtracker.ui.alerts.model import (
    HEADLINE,
    KIND,
    KIND_COLOURS,
    KIND_ROLE,
    KINDS_ROLE,
    SERIES,
    SOURCE,
    TIME,
    AlertsModel,
    kinds_sentence,
    long_date,
)
from watchtracker.ui.common import theme
from watchtracker.ui.common.columns import ColumnFitter
from watchtracker.ui.common.delegates import ChipDelegate, draw_cell_background
from watchtracker.ui.common.empty_state import EmptyState
from watchtracker.ui.common.html import is_web_link, plain, plain_tooltip
from watchtracker.ui.common.labels import SelectableLabel
from watchtracker.ui.common.row_menu import RowMenu, with_key
from watchtracker.ui.crash import guard_qt

if TYPE_CHECKING:
    from watchtracker.services.alerts import AlertRow

EMPTY, LIST, NO_MATCH = range(3)


def _menu_text(text: str) -> str:
    """A title in a menu entry: "&" is a mnemonic marker there ("Law & Order" would lose it)."""
    return text.replace("&", "&&")


def kind_colour(kind) -> str:
    return KIND_COLOURS.get(kind, "#6c7a89")


@guard_qt
class KindChipDelegate(ChipDelegate):
    """The kinds as small coloured chips, main first (in bold); the ones that do not fit are
    counted in a last grey chip ("+1"); the cell's tooltip names them all."""

    def __init__(self, parent=None):
        super().__init__(KIND_ROLE, kind_colour, parent)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        kinds = index.data(KINDS_ROLE)
        if not kinds or len(kinds) < 2:
            super().paint(painter, option, index)
            return
        draw_cell_background(self, painter, option, index)
        painter.save()
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            font = painter.font()
            font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
            right = option.rect.right() - 4
            x = option.rect.left() + 4
            for n, kind in enumerate(kinds):
                font.setBold(n == 0)
                painter.setFont(font)
                fm = painter.fontMetrics()
                rest = len(kinds) - n
                more = f"+{rest - 1}" if rest > 1 else ""
                keep = fm.horizontalAdvance(more) + 14 + 3 if more else 0  # room for "+N" after it
                width = fm.horizontalAdvance(kind.label) + 14
                if n and x + width > right - keep:  # the main kind is always drawn (elided if need be)
                    self._chip(painter, QRect(x, 0, 0, 0), option, f"+{rest}", "#6c7a89")
                    break
                width = min(width, max(0, right - x))
                self._chip(painter, QRect(x, 0, width, 0), option, kind.label, kind_colour(kind))
                x += width + 3
        finally:
            painter.restore()

    @staticmethod
    def _chip(painter: QPainter, where: QRect, option: QStyleOptionViewItem, text: str, colour: str) -> None:
        fm = painter.fontMetrics()
        width = where.width() or min(option.rect.right() - where.left(), fm.horizontalAdvance(text) + 14)
        chip = QRect(where.left(), option.rect.center().y() - fm.height() // 2 - 2, max(0, width), fm.height() + 4)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        painter.drawRoundedRect(chip, chip.height() / 2, chip.height() / 2)
        painter.setPen(QColor("white"))
        painter.drawText(
            chip, Qt.AlignmentFlag.AlignCenter, fm.elidedText(text, Qt.TextElideMode.ElideRight, chip.width() - 8)
        )


class AlertsView(QWidget):
    """Layout only."""

    def __init__(self, parent=None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 6)

        bar = QHBoxLayout()
        self.kind = QComboBox()
        self.kind.setObjectName("alertKindFilter")
        self.kind.setAccessibleName(self.tr("Kind of alert"))
        self.kind.addItem(self.tr("All kinds"), None)
        for k in AnnouncementKind:
            self.kind.addItem(k.label, k.value)
        self.series = QComboBox()
        self.series.setObjectName("alertSeriesFilter")
        self.series.setAccessibleName(self.tr("Series"))
        self.series.setMinimumContentsLength(18)
        self.series.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.series.addItem(self.tr("All series"), None)
        self.unread_only = QCheckBox(self.tr("Unread only"))
        self.show_muted = QCheckBox(self.tr("Show muted"))
        self.show_muted.setToolTip(self.tr("Muted alerts are kept, not counted and not notified; show them to unmute"))
        self.mark_all_button = QPushButton(self.tr("Mark all read"))
        self.feeds_button = QPushButton(self.tr("News feeds…"))
        self.feeds_button.setToolTip(self.tr("The RSS and Atom feeds read for announcements"))
        bar.addWidget(self.kind)
        bar.addWidget(self.series)
        bar.addWidget(self.unread_only)
        bar.addWidget(self.show_muted)
        bar.addStretch(1)
        bar.addWidget(self.mark_all_button)
        bar.addWidget(self.feeds_button)
        outer.addLayout(bar)

        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)

        # the empty state: deliberate, and one click from doing something about it
        empty = EmptyState(
            self.tr("No alerts yet"),
            self.tr(
                "Renewals, cancellations, premiere dates and new spin-offs of the series you follow "
                "show up here: from TVmaze when it lists them, and from the news feeds you choose. "
                "New episodes and complete seasons are announced too."
            ),
            (self.tr("Choose news feeds…"), self.tr("Check now")),
        )
        self.empty_text = empty.text
        self.empty_feeds_button, self.empty_refresh_button = empty.buttons
        self.stack.addWidget(empty)

        split = QSplitter(Qt.Orientation.Vertical)
        self.tree = QTreeView()
        self.tree.setObjectName("alertsTree")
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setAccessibleName(self.tr("Alerts"))
        self.tree.setAccessibleDescription(
            self.tr(
                "Enter opens the selected alert's article, Delete dismisses it; the Menu key or Shift+F10 lists "
                "what else you can do."
            )
        )
        split.addWidget(self.tree)

        self.pane = QWidget()
        self.pane.setObjectName("alertPane")
        pv = QVBoxLayout(self.pane)
        pv.setContentsMargins(4, 8, 4, 4)
        self.pane_headline = QLabel()
        hf = self.pane_headline.font()
        hf.setPointSizeF(hf.pointSizeF() * 1.2)
        hf.setBold(True)
        self.pane_headline.setFont(hf)
        self.pane_headline.setWordWrap(True)
        self.pane_meta = QLabel()
        self.pane_meta.setWordWrap(True)
        theme.set_secondary(self.pane_meta)
        self.pane_summary = SelectableLabel()  # no focus stop while an alert has no summary
        self.pane_summary.setWordWrap(True)
        self.pane_summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.pane_why = QLabel()
        self.pane_why.setWordWrap(True)
        theme.set_secondary(self.pane_why)
        actions = QHBoxLayout()
        self.open_button = QPushButton(self.tr("Open article"))
        self.track_button = QPushButton(self.tr("Track this spin-off…"))
        self.track_button.setObjectName("trackSpinOff")
        self.read_button = QPushButton(self.tr("Mark unread"))
        self.dismiss_button = QPushButton(self.tr("Dismiss"))
        self.series_button = QToolButton()
        self.series_button.setText(self.tr("Open series"))
        self.series_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.mute_button = QToolButton()
        self.mute_button.setText(self.tr("Mute"))
        self.mute_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        for w in (self.open_button, self.track_button, self.read_button, self.dismiss_button):
            actions.addWidget(w)
        actions.addWidget(self.series_button)
        actions.addWidget(self.mute_button)
        actions.addStretch(1)
        pv.addWidget(self.pane_headline)
        pv.addWidget(self.pane_meta)
        # what the viewer can teach: the kinds are wrong, or the news is not about a series
        self.wrong_kind_button = QPushButton(self.tr("Wrong kind?…"))
        self.wrong_kind_button.setObjectName("wrongKind")
        self.wrong_kind_button.setToolTip(self.tr("Say what this news is; news like it is typed that way from now on"))
        self.not_about_button = QToolButton()
        self.not_about_button.setObjectName("notAbout")
        self.not_about_button.setText(self.tr("Not about this series"))
        self.not_about_button.setToolTip(
            self.tr("Take the series off this alert; the same story is not matched to it again")
        )
        why = QHBoxLayout()
        why.addWidget(self.pane_why, 1)
        why.addWidget(self.wrong_kind_button)
        why.addWidget(self.not_about_button)
        pv.addWidget(self.pane_summary, 1)
        pv.addLayout(why)
        pv.addLayout(actions)
        split.addWidget(self.pane)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([420, 220])
        self.stack.addWidget(split)

        no_match = QWidget()
        nv = QVBoxLayout(no_match)
        nv.addStretch(1)
        self.no_match_label = QLabel(self.tr("No alerts match these filters."))
        self.no_match_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clear_button = QPushButton(self.tr("Show all alerts"))
        nv.addWidget(self.no_match_label)
        nv.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignHCenter)
        nv.addStretch(2)
        self.stack.addWidget(no_match)

        self.count_label = QLabel()
        plain(
            self.pane_headline, self.pane_meta, self.pane_summary, self.pane_why, self.count_label, self.no_match_label
        )
        outer.addWidget(self.count_label)


class AlertsPage(AlertsView):
    """Signals (all requests; the controller acts): ``filters_changed()``,
    ``read_requested(list, bool)`` (ids, read), ``all_read_requested()``,
    ``dismiss_requested(list)``, ``track_requested(int)``, ``open_url_requested(str)``,
    ``series_requested(int)``, ``mute_series_requested(int, bool)``,
    ``mute_kind_requested(str, bool)``, ``feeds_requested()``, ``refresh_requested()``,
    ``wrong_kind_requested(AlertRow)``, ``not_about_requested(AlertRow, int)`` (the series)."""

    filters_changed = Signal()
    read_requested = Signal(list, bool)
    all_read_requested = Signal()
    dismiss_requested = Signal(list)
    track_requested = Signal(int)
    open_url_requested = Signal(str)
    series_requested = Signal(int)
    mute_series_requested = Signal(int, bool)
    mute_kind_requested = Signal(str, bool)
    feeds_requested = Signal()
    refresh_requested = Signal()
    wrong_kind_requested = Signal(object)
    not_about_requested = Signal(object, int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = AlertsModel(self)
        self.tree.setModel(self.model)
        self.tree.setItemDelegateForColumn(KIND, KindChipDelegate(self.tree))
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(HEADLINE, QHeaderView.ResizeMode.Stretch)
        for col, width in ((KIND, 170), (SERIES, 200), (SOURCE, 150), (TIME, 60)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)
        self.columns = ColumnFitter(self.tree, header, [HEADLINE], min_main=260)  # the headlines
        self.muted_kinds: set[str] = set()
        self.muted_series: set[int] = set()
        self._total_known = 0

        self.kind.currentIndexChanged.connect(lambda *_: self.filters_changed.emit())
        self.series.currentIndexChanged.connect(lambda *_: self.filters_changed.emit())
        self.unread_only.toggled.connect(lambda *_: self.filters_changed.emit())
        self.show_muted.toggled.connect(lambda *_: self.filters_changed.emit())
        self.clear_button.clicked.connect(self.clear_filters)
        self.mark_all_button.clicked.connect(self.all_read_requested)
        self.feeds_button.clicked.connect(self.feeds_requested)
        self.empty_feeds_button.clicked.connect(self.feeds_requested)
        self.empty_refresh_button.clicked.connect(self.refresh_requested)
        self.tree.selectionModel().selectionChanged.connect(lambda *_: self._show_current())
        self.tree.activated.connect(self._on_activated)
        self.row_menu = RowMenu(self.tree, self._fill_menu)
        self.open_button.clicked.connect(self._open_current)
        self.track_button.clicked.connect(lambda: (a := self.current_alert()) and self.track_requested.emit(a.id))
        self.read_button.clicked.connect(self._toggle_read)
        self.dismiss_button.clicked.connect(self._dismiss_selected)
        self.wrong_kind_button.clicked.connect(self._wrong_kind)
        self.not_about_button.clicked.connect(self._not_about_the_one)
        QShortcut(
            QKeySequence.StandardKey.Delete,
            self.tree,
            self._dismiss_selected,
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        self._show_current()

    # -- filters ---------------------------------------------------------------------------
    def filters(self) -> dict:
        """What to ask the service for: its ``alerts()`` keywords, and ``include_muted``."""
        return {
            "kind": self.kind.currentData(),
            "series_id": self.series.currentData(),
            "unread_only": self.unread_only.isChecked(),
            "include_muted": self.show_muted.isChecked(),
        }

    def has_filters(self) -> bool:
        """Whether the list is narrowed (hiding muted alerts is not a filter: it is the default)."""
        f = self.filters()
        return bool(f["kind"] or f["series_id"] is not None or f["unread_only"])

    def clear_filters(self) -> None:
        for w in (self.kind, self.series, self.unread_only):
            w.blockSignals(True)
        self.kind.setCurrentIndex(0)
        self.series.setCurrentIndex(0)
        self.unread_only.setChecked(False)
        for w in (self.kind, self.series, self.unread_only):
            w.blockSignals(False)
        self.filters_changed.emit()

    def set_series_choices(self, series: list[tuple[int, str]]) -> None:
        current = self.series.currentData()
        self.series.blockSignals(True)
        self.series.clear()
        self.series.addItem(self.tr("All series"), None)
        for sid, title in series:
            self.series.addItem(title, sid)
        at = self.series.findData(current)
        self.series.setCurrentIndex(at if at >= 0 else 0)
        self.series.blockSignals(False)

    # -- content ---------------------------------------------------------------------------
    def set_rows(self, rows: list[AlertRow], *, total: int, unread: int, muted_hidden: int = 0) -> None:
        """``total``: alerts there are at all, muted ones included (to tell "none yet" from "none
        match"); ``muted_hidden``: muted alerts matching the filters that are not shown."""
        selected = {a.id for a in self.selected_alerts()}
        current = self.current_alert()
        self._total_known = total
        self.model.set_rows(rows)
        for d in range(self.model.rowCount()):
            self.tree.setFirstColumnSpanned(d, QModelIndex(), True)
        self.tree.expandAll()
        if not total:
            self.stack.setCurrentIndex(EMPTY)
        elif not rows:
            self.stack.setCurrentIndex(NO_MATCH)
        else:
            self.stack.setCurrentIndex(LIST)
        self.no_match_label.setText(_no_match_text(self.has_filters(), muted_hidden))
        self.clear_button.setVisible(self.has_filters())
        shown = self.model.alert_count()
        self.count_label.setText(_count_text(shown, total, muted_hidden, unread))
        self.mark_all_button.setEnabled(unread > 0)
        selection = self.tree.selectionModel()
        flags = selection.SelectionFlag
        if current is not None and (index := self.model.index_of(current.id)).isValid():
            # the alert being read stays the one shown (and keyboard moves go on from it)
            selection.setCurrentIndex(index, flags.NoUpdate)
        for aid in selected:
            index = self.model.index_of(aid)
            if index.isValid():
                selection.select(index, flags.Select | flags.Rows)
        self._show_current()

    def select_alert(self, alert_id: int) -> bool:
        index = self.model.index_of(alert_id)
        if not index.isValid():
            return False
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
        return True

    def current_alert(self) -> AlertRow | None:
        return (
            self.model.alert_at(self.tree.currentIndex())
            if self.tree.currentIndex().isValid()
            else (self.selected_alerts()[0] if self.selected_alerts() else None)
        )

    def selected_alerts(self) -> list[AlertRow]:
        rows = self.tree.selectionModel().selectedRows(0) if self.tree.selectionModel() else []
        return [a for i in rows if (a := self.model.alert_at(i)) is not None]

    def _show_current(self) -> None:
        alert = self.current_alert()
        self.pane.setEnabled(alert is not None)
        if alert is None:
            self.pane_headline.setText(self.tr("Select an alert to read it."))
            for label in (self.pane_meta, self.pane_summary, self.pane_why):
                label.clear()
            for w in (
                self.open_button,
                self.track_button,
                self.read_button,
                self.dismiss_button,
                self.series_button,
                self.mute_button,
                self.wrong_kind_button,
                self.not_about_button,
            ):
                w.setVisible(False)
            return
        local = safe_local(alert.published)
        when = long_date(local.date())
        if alert.published_has_time:  # a day alone: no time
            when = f"{when}, {local.strftime('%H:%M').removeprefix('0')}"
        meta = [kinds_sentence(alert.kinds), ", ".join(alert.series_titles), alert.source, when]
        if alert.premiere:
            meta.append(self.tr("premiere: {date}").format(date=alert.premiere.label()))
        if alert.muted:
            meta.append(self.tr("muted"))
        self.pane_headline.setText(alert.headline)
        self.pane_meta.setText("  ·  ".join(m for m in meta if m))
        self.pane_summary.setText(alert.summary or "")
        self.pane_why.setText(
            self.tr("Why you see this: {reason}.").format(reason=alert.reason) if alert.reason else ""
        )
        self.open_button.setVisible(is_web_link(alert.url))
        self.open_button.setToolTip(plain_tooltip(alert.url))
        self.track_button.setVisible(alert.kind is AnnouncementKind.SPIN_OFF)
        self.read_button.setVisible(True)
        self.read_button.setText(self.tr("Mark unread") if alert.read else self.tr("Mark read"))
        self.dismiss_button.setVisible(True)
        self._fill_series_menu(alert)
        self._fill_mute_menu(alert)
        self.wrong_kind_button.setVisible(alert.from_news)
        self._fill_not_about_menu(alert)

    def _fill_series_menu(self, alert: AlertRow) -> None:
        menu = QMenu(self.series_button)
        self._add_series_actions(menu, alert)
        old = self.series_button.menu()
        self.series_button.setMenu(menu)
        if old is not None:
            old.deleteLater()
        self.series_button.setVisible(bool(alert.series))

    def _add_series_actions(self, menu: QMenu, alert: AlertRow) -> None:
        for sid, title in alert.series:
            menu.addAction(_menu_text(title), lambda sid=sid: self.series_requested.emit(sid))

    def _fill_not_about_menu(self, alert: AlertRow) -> None:
        """One series: the button does it; several: it offers them."""
        old = self.not_about_button.menu()
        if len(alert.series) > 1:
            menu = QMenu(self.not_about_button)
            self._add_not_about_actions(menu, alert)
            self.not_about_button.setMenu(menu)
            self.not_about_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        else:
            self.not_about_button.setMenu(None)
            self.not_about_button.setPopupMode(QToolButton.ToolButtonPopupMode.DelayedPopup)
        if old is not None:
            old.deleteLater()
        self.not_about_button.setVisible(alert.from_news and bool(alert.series))

    def _add_not_about_actions(self, menu: QMenu, alert: AlertRow) -> None:
        for sid, title in alert.series:
            menu.addAction(
                self.tr("Not about {title}").format(title=_menu_text(title)),
                lambda sid=sid: self.not_about_requested.emit(alert, sid),
            )

    def _wrong_kind(self) -> None:
        alert = self.current_alert()
        if alert is not None and alert.from_news:
            self.wrong_kind_requested.emit(alert)

    def _not_about_the_one(self) -> None:
        alert = self.current_alert()
        if alert is not None and alert.from_news and len(alert.series) == 1:
            self.not_about_requested.emit(alert, alert.series[0][0])

    def _fill_mute_menu(self, alert: AlertRow) -> None:
        menu = QMenu(self.mute_button)
        self._add_mute_actions(menu, alert)
        old = self.mute_button.menu()
        self.mute_button.setMenu(menu)
        if old is not None:
            old.deleteLater()
        self.mute_button.setVisible(True)

    def _add_mute_actions(self, menu: QMenu, alert: AlertRow) -> None:
        kind_muted = alert.kind.value in self.muted_kinds
        said = self.tr("Unmute all “{kind}” alerts") if kind_muted else self.tr("Mute all “{kind}” alerts")
        menu.addAction(
            said.format(kind=alert.kind.label),
            lambda: self.mute_kind_requested.emit(alert.kind.value, not kind_muted),
        )
        for sid, title in alert.series:
            if sid not in alert.followed:
                continue  # only a followed series has alerts to mute
            muted = sid in self.muted_series
            said = self.tr("Unmute alerts about {title}") if muted else self.tr("Mute alerts about {title}")
            menu.addAction(
                said.format(title=_menu_text(title)),
                lambda sid=sid, muted=muted: self.mute_series_requested.emit(sid, not muted),
            )

    # -- gestures --------------------------------------------------------------------------
    def _on_activated(self, index: QModelIndex) -> None:
        alert = self.model.alert_at(index)
        if alert is None:
            return
        if not alert.read:
            self.read_requested.emit([alert.id], True)
        if is_web_link(alert.url):
            self.open_url_requested.emit(alert.url)

    def _open_current(self) -> None:
        alert = self.current_alert()
        if alert is not None and is_web_link(alert.url):
            if not alert.read:
                self.read_requested.emit([alert.id], True)
            self.open_url_requested.emit(alert.url)

    def _toggle_read(self) -> None:
        alerts = self.selected_alerts() or ([a] if (a := self.current_alert()) else [])
        if alerts:
            make_read = not alerts[0].read
            self.read_requested.emit([a.id for a in alerts], make_read)

    def _dismiss_selected(self) -> None:
        alerts = self.selected_alerts()
        if alerts:
            self.dismiss_requested.emit([a.id for a in alerts])

    def _fill_menu(self, menu: QMenu, index: QModelIndex) -> None:
        """The pane's buttons, as a menu: each entry does what its button (or key) does, to the
        selected alerts where the button does."""
        alert = self.model.alert_at(index)
        if alert is None:  # a day's heading
            return
        if is_web_link(alert.url):
            menu.addAction(with_key(self.tr("Open article"), "Enter"), self._open_current)
        if alert.kind is AnnouncementKind.SPIN_OFF:
            menu.addAction(self.tr("Track this spin-off…"), lambda: self.track_requested.emit(alert.id))
        if len(alert.series) == 1:
            sid = alert.series[0][0]
            menu.addAction(self.tr("Open series"), lambda: self.series_requested.emit(sid))
        elif alert.series:
            self._add_series_actions(menu.addMenu(self.tr("Open series")), alert)
        menu.addSeparator()
        menu.addAction(self.read_button.text(), self._toggle_read)
        self._add_mute_actions(menu.addMenu(self.tr("Mute")), alert)
        menu.addSeparator()
        menu.addAction(with_key(self.tr("Dismiss"), "Del"), self._dismiss_selected)
        if alert.from_news:  # what the viewer can teach, as the pane's buttons
            menu.addSeparator()
            menu.addAction(self.tr("Wrong kind?…"), lambda: self.wrong_kind_requested.emit(alert))
            if len(alert.series) == 1:
                sid = alert.series[0][0]
                menu.addAction(self.tr("Not about this series"), lambda: self.not_about_requested.emit(alert, sid))
            elif alert.series:
                self._add_not_about_actions(menu.addMenu(self.tr("Not about this series")), alert)


def _count_text(shown: int, total: int, muted_hidden: int, unread: int) -> str:
    """ "11 alerts shown of 40 · 2 muted hidden · 3 unread" """
    if shown != total:
        parts = [translate("AlertsPage", "%n alert(s) shown of {total}", "", shown).format(total=total)]
    else:
        parts = [translate("AlertsPage", "%n alert(s)", "", shown)]
    if muted_hidden:
        parts.append(translate("AlertsPage", "%n muted hidden", "", muted_hidden))
    parts.append(translate("AlertsPage", "%n unread", "", unread) if unread else translate("AlertsPage", "all read"))
    return " · ".join(parts)


def _no_match_text(filtered: bool, muted_hidden: int) -> str:
    if not filtered:  # nothing narrows the list: what there is, is muted
        if muted_hidden == 1:
            return translate("AlertsPage", "The one alert here is muted. Tick “Show muted” to see it and unmute it.")
        return translate(
            "AlertsPage",
            "All %n alerts here are muted. Tick “Show muted” to see them and unmute them.",
            "",
            muted_hidden,
        )
    if muted_hidden:
        return translate(
            "AlertsPage",
            "No alerts match these filters. %n muted (one|ones) (does|do): tick “Show muted” to see (it|them).",
            "",
            muted_hidden,
        )
    return translate("AlertsPage", "No alerts match these filters.")
