"""The Upcoming page: what airs in the days ahead, by the viewer's local day, with a countdown
for the next few, the announced series at the precision their premiere is known, and a
catch-up line for the selected series.

``UpcomingView`` only builds widgets; ``UpcomingPage`` turns the viewer's gestures into signals
(the controller in ui.upcoming_controller acts on them). Everything from data is plain text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from watchtracker.domain.dates import month_abbreviation
from watchtracker.domain.i18n import QT_TRANSLATE_NOOP, translate
from watchtracker.domain.models import AnnouncedSeries, Countdown, ReleaseKind, Upcoming, UpcomingItem

from watchtracker.ui.common import theme
from watchtracker.ui.common.columns import ColumnFitter
from watchtracker.ui.common.delegates import ChipDelegate
from watchtracker.ui.common.empty_state import EmptyState
from watchtracker.ui.common.html import plain, plain_tooltip
from watchtracker.ui.common.row_menu import RowMenu, with_key
from watchtracker.ui.common.schedule_roles import BADGE_COLOURS, BADGE_ROLE, KEY_ROLE, UPCOMING_ROW_HEIGHT
from watchtracker.ui.crash import guard_qt
from watchtracker.ui.upcoming.model import (
    C_EPISODE,
    C_KIND,
    C_NETWORK,
    C_SERIES,
    C_WHEN,
    UPCOMING_COLUMNS,
    UpcomingModel,
)

EMPTY, LIST, LOADING = range(3)
_WEEKDAYS = (  # beside the month abbreviations of domain.dates, in their context
    QT_TRANSLATE_NOOP("dates (abbreviated)", "Mon"),
    QT_TRANSLATE_NOOP("dates (abbreviated)", "Tue"),
    QT_TRANSLATE_NOOP("dates (abbreviated)", "Wed"),
    QT_TRANSLATE_NOOP("dates (abbreviated)", "Thu"),
    QT_TRANSLATE_NOOP("dates (abbreviated)", "Fri"),
    QT_TRANSLATE_NOOP("dates (abbreviated)", "Sat"),
    QT_TRANSLATE_NOOP("dates (abbreviated)", "Sun"),
)
RANGES = (7, 30, 90, 365)
COUNTDOWN_CARDS = 4


def range_label(days: int) -> str:
    """ "Next 30 days", "Next year": a choice of the range."""
    if days == 365:
        return translate("UpcomingPage", "Next year")
    return translate("UpcomingPage", "Next %n day(s)", "", days)


def window_text(days: int) -> str:
    """ "the next 30 days", "the next year": what "Nothing in …" and "3 episodes in …" end with."""
    if days == 365:
        return translate("UpcomingPage", "the next year")
    if days == 1:
        return translate("UpcomingPage", "the next day")
    return translate("UpcomingPage", "the next %n day(s)", "", days)


class BadgeDelegate(ChipDelegate):
    """A premiere's kind as a small coloured badge; nothing for an ordinary episode."""

    def __init__(self, parent=None):
        super().__init__(BADGE_ROLE, lambda kind: BADGE_COLOURS.get(ReleaseKind(kind), "#6c7a89"), parent)


@guard_qt
class ElidedLabel(QWidget):
    """One line of plain text, cut with "…" when it does not fit (a QLabel would widen the
    layout instead); the whole text is in the tooltip. Painted: ``text()`` is the whole text.
    (ui.franchise_widgets.ElidedLabel is a QLabel over one or more lines whose ``text()`` is what
    it shows; the cards here keep this one for its height, a line with no label margin.)"""

    def __init__(
        self, text: str = "", parent=None, *, bold: bool = False, scale: float = 1.0, colour: str | None = None
    ):
        super().__init__(parent)
        self._text = text
        self._colour = QColor(colour) if colour else None
        font = self.font()
        font.setBold(bold)
        font.setPointSizeF(font.pointSizeF() * scale)
        self.setFont(font)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        self._text = text
        self.setToolTip(plain_tooltip(text))
        self.update()

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(min(fm.horizontalAdvance(self._text), 400), fm.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(20, self.fontMetrics().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self._colour is not None:
            painter.setPen(self._colour)
        fm = self.fontMetrics()
        painter.drawText(
            self.rect(),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(self._text, Qt.TextElideMode.ElideRight, self.width()),
        )
        painter.end()


@guard_qt
class CountdownCard(QFrame):
    """ "in 5 h 20 min" / "Bosch: Legacy — S04E01" / "Friday 03:00". Signals: ``clicked(str)``
    with the item's key, on a click, or on Space or Enter when it has the focus (Tab reaches it)."""

    clicked = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("countdownCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#countdownCard { border: 1px solid palette(mid); border-radius: 6px;"
            " background: palette(alternate-base); }"
            " #countdownCard:focus { border: 2px solid palette(highlight); }"
        )
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleDescription(self.tr("Space or Enter selects it in the list"))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        lay.setSpacing(2)
        self.when = ElidedLabel(bold=True, scale=1.25)
        self.what = ElidedLabel()
        self.at = ElidedLabel(colour=theme.secondary().name())
        for w in (self.when, self.what, self.at):
            lay.addWidget(w)
        self.key = ""

    def show_countdown(self, c: Countdown, today: date) -> None:
        item = c.item
        self.key = item.key
        self.when.setText(c.label)
        self.what.setText(item.label)
        delta = (item.day - today).days
        at = item.local_time.strftime("%H:%M") if item.local_time is not None else self.tr("all day")
        if c.exact or delta > 1:  # the countdown does not name the day: say it
            day = (
                self.tr("Today")
                if delta == 0
                else self.tr("Tomorrow")
                if delta == 1
                else self.tr("{weekday} {day} {month}").format(
                    weekday=translate("dates (abbreviated)", _WEEKDAYS[item.day.weekday()]),
                    day=item.day.day,
                    month=month_abbreviation(item.day.month),
                )
            )
            at = f"{day}, {at}"
        extra = item.kind.label if item.is_premiere else item.network
        self.at.setText(f"{at} · {extra}" if extra else at)
        self.setAccessibleName(f"{item.label}, {c.label}")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.key:
            self.clicked.emit(self.key)
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.key:
            self.clicked.emit(self.key)
            return
        super().keyPressEvent(event)


class UpcomingView(QWidget):
    """Layout only."""

    def __init__(self, parent=None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 6)

        bar = QHBoxLayout()
        self.heading = QLabel(self.tr("Upcoming"))
        f = self.heading.font()
        f.setPointSizeF(f.pointSizeF() * 1.3)
        f.setBold(True)
        self.heading.setFont(f)
        self.range = QComboBox()
        self.range.setObjectName("upcomingRange")
        self.range.setAccessibleName(self.tr("Look ahead"))
        for days in RANGES:
            self.range.addItem(range_label(days), days)
        self.premieres_only = QCheckBox(self.tr("Premieres only"))
        self.premieres_only.setObjectName("upcomingPremieresOnly")
        self.premieres_only.setToolTip(self.tr("Only the first episodes of series and seasons"))
        self.export_button = QPushButton(self.tr("Export calendar…"))
        self.export_button.setObjectName("upcomingExport")
        self.export_button.setToolTip(self.tr("Save what is shown as an .ics file for your calendar app"))
        bar.addWidget(self.heading)
        bar.addSpacing(12)
        bar.addWidget(self.range)
        bar.addWidget(self.premieres_only)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        outer.addLayout(bar)

        self.countdown = QWidget()
        self.countdown.setObjectName("countdownStrip")
        cl = QHBoxLayout(self.countdown)
        cl.setContentsMargins(0, 4, 0, 4)
        self.cards = [CountdownCard() for _ in range(COUNTDOWN_CARDS)]
        for card in self.cards:
            cl.addWidget(card, 1)
            card.hide()
        self.countdown.hide()
        outer.addWidget(self.countdown)

        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)

        # the text depends on the range and the filter: set_upcoming says it
        self.empty_state = EmptyState(
            self.tr("Nothing in {window}").format(window=window_text(30)),
            buttons=(self.tr("Look a year ahead"), self.tr("Show every episode")),
            default=None,
        )
        self.empty_heading, self.empty_text = self.empty_state.heading, self.empty_state.text
        self.empty_heading.setObjectName("upcomingEmptyHeading")
        self.empty_text.setObjectName("upcomingEmptyText")
        self.longer_button, self.all_button = self.empty_state.buttons
        self.stack.addWidget(self.empty_state)

        listing = QWidget()
        lv = QVBoxLayout(listing)
        lv.setContentsMargins(0, 0, 0, 0)
        self.nothing_dated = QLabel()
        self.nothing_dated.setObjectName("upcomingNothingDated")
        self.nothing_dated.setStyleSheet(f"color: {theme.secondary().name()}; padding: 4px 2px;")
        self.nothing_dated.hide()
        self.table = QTableView()
        self.table.setObjectName("upcomingTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(UPCOMING_ROW_HEIGHT)
        self.table.setTabKeyNavigation(False)  # Tab goes on to the next control; the arrows move in the list
        self.table.setAccessibleName(self.tr("Upcoming"))
        self.table.setAccessibleDescription(
            self.tr("Enter opens the selected series; the Menu key or Shift+F10 lists what else you can do.")
        )
        lv.addWidget(self.nothing_dated)
        lv.addWidget(self.table, 1)
        self.stack.addWidget(listing)

        loading = QLabel(self.tr("Reading what comes out soon…"))
        loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(loading)
        self.stack.setCurrentIndex(LOADING)

        self.catch_up = QFrame()
        self.catch_up.setObjectName("catchUp")
        self.catch_up.setFrameShape(QFrame.Shape.StyledPanel)
        cu = QVBoxLayout(self.catch_up)
        cu.setContentsMargins(10, 6, 10, 6)
        cu.setSpacing(2)
        self.catch_up_title = ElidedLabel(self.tr("Catch up"), bold=True)  # titles in it can be long
        self.catch_up_text = QLabel()
        self.catch_up_text.setObjectName("catchUpText")
        self.catch_up_text.setWordWrap(True)
        cu.addWidget(self.catch_up_title)
        cu.addWidget(self.catch_up_text)
        self.catch_up.hide()  # until there is something to select
        outer.addWidget(self.catch_up)

        self.count_label = QLabel()
        self.count_label.setObjectName("upcomingCount")
        plain(self.nothing_dated, self.catch_up_text, self.count_label)
        outer.addWidget(self.count_label)


@guard_qt
class UpcomingPage(UpcomingView):
    """Signals (requests; the controller acts): ``filters_changed()`` (range or premieres only),
    ``export_requested()``, ``series_requested(int)``, ``selection_changed(object)`` (the
    selected series id, or None), ``shown()`` each time the page comes on screen."""

    filters_changed = Signal()
    export_requested = Signal()
    series_requested = Signal(int)
    selection_changed = Signal(object)
    shown = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = UpcomingModel(self)
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(C_KIND, BadgeDelegate(self.table))
        self.setFocusProxy(self.table)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(C_SERIES, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(C_EPISODE, QHeaderView.ResizeMode.Stretch)
        for col, width in ((C_WHEN, 110), (C_KIND, 140), (C_NETWORK, 130)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)
        self.columns = ColumnFitter(self.table, header, [C_SERIES, C_EPISODE], min_main=320)
        self.loaded = False
        self._upcoming: Upcoming | None = None
        self.range.currentIndexChanged.connect(lambda *_: self.filters_changed.emit())
        self.premieres_only.toggled.connect(lambda *_: self.filters_changed.emit())
        self.export_button.clicked.connect(self.export_requested)
        self.longer_button.clicked.connect(lambda: self.set_days(365, emit=True))
        self.all_button.clicked.connect(lambda: self.premieres_only.setChecked(False))
        self.table.activated.connect(self._on_activated)  # Enter, or a double click
        self.row_menu = RowMenu(self.table, self._fill_menu)
        self.table.selectionModel().currentRowChanged.connect(
            lambda *_: self.selection_changed.emit(self.current_series_id())
        )
        for card in self.cards:
            card.clicked.connect(self.select_key)
        self.show_catch_up(None)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.shown.emit()

    # -- filters ---------------------------------------------------------------------------
    def days(self) -> int:
        return int(self.range.currentData())

    def set_days(self, days: int, *, emit: bool = False) -> None:
        """Choose the range; a number not on the list (a setting) gets its own entry."""
        at = self.range.findData(days)
        self.range.blockSignals(True)
        if at < 0:
            self.range.addItem(range_label(days), days)
            at = self.range.count() - 1
        self.range.setCurrentIndex(at)
        self.range.blockSignals(False)
        if emit:
            self.filters_changed.emit()

    def filters(self) -> dict:
        return {"days": self.days(), "premieres_only": self.premieres_only.isChecked()}

    # -- content ---------------------------------------------------------------------------
    def set_upcoming(self, upcoming: Upcoming, today: date, *, days: int, premieres_only: bool) -> None:
        key = self.current_key()
        self.loaded = True
        self._upcoming = upcoming
        self.model.set_upcoming(upcoming, today)
        self.table.clearSpans()
        for row in self.model.heading_rows():
            self.table.setSpan(row, 0, 1, len(UPCOMING_COLUMNS))
        items, announced = self.model.item_count, self.model.announced_count
        window = window_text(days)
        self.catch_up.setVisible(bool(items or announced))
        if not items and not announced:
            self.stack.setCurrentIndex(EMPTY)
            heading = self.tr("No premieres in {window}") if premieres_only else self.tr("Nothing in {window}")
            self.empty_state.set_heading(heading.format(window=window))
            hint = (
                self.tr("Untick “Premieres only” to see every episode.")
                if premieres_only
                else self.tr("Look further ahead, or follow a series that is airing.")
            )
            about = self.tr(
                "Episodes and premieres of the series you follow appear here, day by day in your time "
                "zone, as soon as their dates are known; announced series wait here at the precision "
                "their premiere is known."
            )
            self.empty_state.set_text(f"{about} {hint}")
            self.longer_button.setVisible(days < 365)
            self.all_button.setVisible(premieres_only)
        else:
            self.stack.setCurrentIndex(LIST)
            self.nothing_dated.setVisible(not items)
            nothing = (
                self.tr("No premieres in {window}.")
                if premieres_only
                else self.tr("No episodes or premieres in {window}.")
            )
            self.nothing_dated.setText(nothing.format(window=window))
        self.count_label.setText(self._count_text(upcoming, items, announced, window, premieres_only))
        if key is None or not self.select_key(key):
            self.table.setCurrentIndex(QModelIndex())
            self.selection_changed.emit(None)

    def _count_text(self, upcoming: Upcoming, items: int, announced: int, window: str, premieres_only: bool) -> str:
        """ "3 episodes and 1 premiere in the next 30 days · 2 announced series without an exact date"."""
        premieres = sum(1 for i in upcoming.items if i.is_premiere)
        text = ""
        if items:
            n = items - premieres if not premieres_only else 0
            episodes = translate("UpcomingPage", "%n episode(s)", "", n) if n else ""
            premiered = translate("UpcomingPage", "%n premiere(s)", "", premieres) if premieres else ""
            if episodes and premiered:
                what = self.tr("{episodes} and {premieres}").format(episodes=episodes, premieres=premiered)
            else:
                what = episodes or premiered
            text = self.tr("{what} in {window}").format(what=what, window=window)
        if announced:
            more = translate("UpcomingPage", "%n announced series without an exact date", "", announced)
            text = f"{text} · {more}" if text else more
        return text

    def show_loading(self) -> None:
        if not self.loaded:
            self.stack.setCurrentIndex(LOADING)

    def set_countdown(self, countdowns: Sequence[Countdown], today: date) -> None:
        for card, c in zip(
            self.cards, list(countdowns) + [None] * COUNTDOWN_CARDS, strict=False
        ):  # the extra Nones hide the rest
            if c is None:
                card.hide()
                card.key = ""
            else:
                card.show_countdown(c, today)
                card.show()
        self.countdown.setVisible(bool(countdowns))

    def show_catch_up(self, text: str | None, *, title: str | None = None, hint: bool = False) -> None:
        """``text`` None: the hint for when nothing is selected. ``title`` None: "Catch up"."""
        if text is None:
            text, hint = self.tr("Select a series to see what to watch before its next premiere."), True
        self.catch_up_title.setText(title or self.tr("Catch up"))
        self.catch_up_text.setText(text)
        self.catch_up_text.setStyleSheet(f"color: {theme.secondary().name()};" if hint else "")

    # -- selection -------------------------------------------------------------------------
    def current_entry(self) -> UpcomingItem | AnnouncedSeries | None:
        return self.model.entry_at(self.table.currentIndex())

    def current_key(self) -> str | None:
        index = self.table.currentIndex()
        return index.siblingAtColumn(0).data(KEY_ROLE) if self.model.entry_at(index) is not None else None

    def current_series_id(self) -> int | None:
        entry = self.current_entry()
        return entry.series_id if entry is not None else None

    def select_key(self, key: str) -> bool:
        index = self.model.index_of(key)
        if not index.isValid():
            return False
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def focus(self) -> None:
        self.table.setFocus()

    def _on_activated(self, index: QModelIndex) -> None:
        entry = self.model.entry_at(index)
        if entry is not None:
            self.series_requested.emit(entry.series_id)

    def _fill_menu(self, menu: QMenu, index: QModelIndex) -> None:
        entry = self.model.entry_at(index)
        if entry is not None:  # a day's heading has nothing to open
            open_series = with_key(self.tr("Open series"), self.tr("Enter", "key"))
            menu.addAction(open_series, lambda: self.series_requested.emit(entry.series_id))


__all__ = [
    "UpcomingPage",
    "UpcomingView",
    "BadgeDelegate",
    "CountdownCard",
    "ElidedLabel",
    "EMPTY",
    "LIST",
    "LOADING",
    "RANGES",
    "range_label",
    "window_text",
]
