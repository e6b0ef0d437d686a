"""The Statistics page: totals, a period and a genre filter, and charts (hours per month, hours
per year, top series, hours by genre; painted by ui.charts).

``StatsView`` only builds widgets; ``StatsPage`` fills them from a ``StatsDisplay`` and turns the
viewer's gestures into signals (the controller in ui.stats_controller loads the numbers).
Everything from data is shown as plain text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from watchtracker.domain.dates import month_abbreviation
from watchtracker.domain.i18n import translate
from watchtracker.services.stats import NO_GENRE, Streak, WatchStats

from watchtracker.ui.common import theme
from watchtracker.ui.common.empty_state import EmptyState, heading_label
from watchtracker.ui.common.html import plain
from watchtracker.ui.crash import guard_qt
from watchtracker.ui.stats.charts import Bar, BarChart, BarList, ChartData, format_hours

LOADING, EMPTY, CONTENT = range(3)  # the page's stack
CHARTS, NO_MATCH = range(2)  # inside CONTENT
ALL_TIME, THIS_YEAR, LAST_12_MONTHS = "all", "this-year", "last-12"  # period choices; a year is an int
TOP_SERIES = 10  # rows of the series list until "Show all"


# -- days as words ------------------------------------------------------------------------------


def span_text(first: date | None, last: date | None) -> str:
    """ "3 Mar 2015", "3–9 Mar 2015", "28 Feb – 6 Mar 2015", "30 Dec 2014 – 2 Jan 2015"."""
    if first is None or last is None:
        return ""
    a, b = month_abbreviation(first.month), month_abbreviation(last.month)
    if first == last:
        text = translate("span_text", "{day} {month} {year}")
    elif (first.year, first.month) == (last.year, last.month):
        text = translate("span_text", "{day}–{last_day} {month} {year}")
    elif first.year == last.year:
        text = translate("span_text", "{day} {month} – {last_day} {last_month} {year}")
    else:
        text = translate("span_text", "{day} {month} {year} – {last_day} {last_month} {last_year}")
    return text.format(day=first.day, month=a, year=first.year, last_day=last.day, last_month=b, last_year=last.year)


# -- what the page shows ------------------------------------------------------------------------


@dataclass(frozen=True)
class StatsDisplay:
    """Everything the page shows for one period and genre, ready to draw (built on a worker)."""

    stats: WatchStats  # the chosen period and genre: the totals
    current_streak: Streak  # of the whole history (in that genre): "current" is about today
    period: object  # the period choice it answers
    genre: str | None
    range_text: str  # "Feb 2015 – May 2022", "2019", "Dec 2025 – Nov 2026"
    months: ChartData
    years: ChartData
    series: ChartData
    genres: ChartData
    notes: tuple[str, ...]  # estimated runtimes, undated viewings
    genre_note: str  # "A series counts in each of its genres." when they overlap
    no_match: str  # what to say when nothing matches
    year_choices: tuple[int, ...]
    genre_choices: tuple[str, ...]


# -- the page -----------------------------------------------------------------------------------


class StatTile(QFrame):
    """A number with what it counts and a line of detail."""

    def __init__(self, caption: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("statTile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        v = QVBoxLayout(self)
        v.setContentsMargins(12, 8, 12, 8)
        v.setSpacing(1)
        self.value = QLabel("–")
        f = self.value.font()
        f.setPointSizeF(f.pointSizeF() * 1.7)
        f.setBold(True)
        self.value.setFont(f)
        self.caption = QLabel(caption)
        self.detail = QLabel()
        theme.set_secondary(self.detail)
        self.detail.setWordWrap(True)  # a narrow tile takes two lines, never cuts a date off
        plain(self.value, self.caption, self.detail)
        for w in (self.value, self.caption, self.detail):
            v.addWidget(w)
        v.addStretch(1)  # tiles in a row are as tall as the tallest: the text stays at the top
        self.setAccessibleName(caption)

    def set(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        described = self.tr("{value} {what}. {detail}").format(value=value, what=self.caption.text(), detail=detail)
        self.setAccessibleDescription(described.strip())


def _heading(text: str, scale: float = 1.1) -> QLabel:
    """A title on the page; the charts' at 1.1 times the usual size."""
    return heading_label(text, scale)


@guard_qt
class StatsView(QWidget):
    """Layout only."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 6)

        self.header = QWidget()
        bar = QHBoxLayout(self.header)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(_heading(self.tr("Statistics"), 1.3))
        self.busy_label = QLabel(self.tr("Counting…"))
        theme.set_secondary(self.busy_label)
        self.busy_label.setVisible(False)
        bar.addSpacing(12)
        bar.addWidget(self.busy_label)
        bar.addStretch(1)
        self.period = QComboBox()
        self.period.setObjectName("statsPeriod")
        self.period.setAccessibleName(self.tr("Period"))
        self.genre = QComboBox()
        self.genre.setObjectName("statsGenre")
        self.genre.setAccessibleName(self.tr("Genre"))
        self.genre.setMinimumContentsLength(14)
        self.genre.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        period_label, genre_label = QLabel(self.tr("&Period:")), QLabel(self.tr("&Genre:"))
        period_label.setBuddy(self.period)
        genre_label.setBuddy(self.genre)
        bar.addWidget(period_label)
        bar.addWidget(self.period)
        bar.addSpacing(8)
        bar.addWidget(genre_label)
        bar.addWidget(self.genre)
        outer.addWidget(self.header)

        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)

        # LOADING, or the reason it did not load
        loading = QWidget()
        lv = QVBoxLayout(loading)
        lv.addStretch(1)
        self.loading_label = QLabel(self.tr("Counting your viewings…"))
        self.loading_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        theme.set_secondary(self.loading_label)
        self.retry_button = QPushButton(self.tr("Try again"))
        self.retry_button.setVisible(False)
        lv.addWidget(self.loading_label)
        lv.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignHCenter)
        lv.addStretch(2)
        self.stack.addWidget(loading)

        # EMPTY: no viewing at all, deliberate and one click from doing something about it
        empty = EmptyState(
            self.tr("No viewings to count yet"),
            self.tr(
                "Hours and episodes per month and per year, your top series and genres and your viewing "
                "streaks appear here as you mark episodes watched: open a series in the library and "
                "press “Mark watched”. Every rewatch counts."
            ),
            (self.tr("Go to the library"),),
        )
        self.empty_text = empty.text
        (self.library_button,) = empty.buttons
        self.stack.addWidget(empty)

        # CONTENT: totals, notes and the charts (or what matched nothing), scrolling as one
        self.scroll = QScrollArea()
        self.scroll.setAccessibleName(self.tr("Your statistics"))
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget()
        cv = QVBoxLayout(content)
        cv.setContentsMargins(0, 6, 6, 6)
        self.tile_grid = tiles = QGridLayout()
        tiles.setHorizontalSpacing(8)
        tiles.setVerticalSpacing(8)
        self.tiles = {
            "hours": StatTile(self.tr("hours watched")),
            "episodes": StatTile(self.tr("episodes")),
            "series": StatTile(self.tr("series")),
            "days": StatTile(self.tr("days with a viewing")),
            "current": StatTile(self.tr("current streak")),
            "longest": StatTile(self.tr("longest streak")),
        }
        self._arrange_tiles(len(self.tiles))
        cv.addLayout(tiles)
        self.note = QLabel()
        self.note.setObjectName("statsNote")
        self.note.setWordWrap(True)
        theme.set_secondary(self.note)
        cv.addWidget(self.note)

        self.inner = QStackedWidget()
        charts = QWidget()
        gv = QVBoxLayout(charts)
        gv.setContentsMargins(0, 4, 0, 0)
        self.month_title = _heading(self.tr("Hours per month"))
        self.month_range = QLabel()
        theme.set_secondary(self.month_range)
        gv.addLayout(_titled(self.month_title, self.month_range))
        self.month_chart = BarChart(self.tr("Hours per month"), months=True)
        self.month_chart.setObjectName("monthChart")
        self.month_chart.empty_text = self.tr("None of these viewings has a date.")
        gv.addWidget(self.month_chart)
        gv.addSpacing(10)

        self.columns = columns = QHBoxLayout()
        columns.setSpacing(24)
        left = QVBoxLayout()
        left.setSpacing(4)
        self.series_title = _heading(self.tr("Top series by hours"))
        left.addWidget(self.series_title)
        self.series_list = BarList(self.tr("Top series by hours"), activatable=True)
        self.series_list.setObjectName("seriesList")
        left.addWidget(self.series_list)
        self.more_button = QPushButton()
        self.more_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.more_button.setStyleSheet(
            "QPushButton { color: palette(link); border: none; padding: 2px 6px; }"
            "QPushButton:hover { text-decoration: underline; }"
        )
        left.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignLeft)
        left.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(4)
        right.addWidget(_heading(self.tr("Hours per year")))
        self.year_chart = BarChart(self.tr("Hours per year"), activatable=True)
        self.year_chart.setObjectName("yearChart")
        self.year_chart.empty_text = self.tr("None of these viewings has a date.")
        right.addWidget(self.year_chart)
        right.addSpacing(14)
        right.addWidget(_heading(self.tr("Hours by genre")))
        self.genre_list = BarList(self.tr("Hours by genre"), activatable=True)
        self.genre_list.setObjectName("genreList")
        right.addWidget(self.genre_list)
        self.genre_note = QLabel()
        theme.set_secondary(self.genre_note)
        right.addWidget(self.genre_note)
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        gv.addLayout(columns)
        gv.addStretch(1)
        self.inner.addWidget(charts)

        no_match = QWidget()
        nv = QVBoxLayout(no_match)
        nv.addSpacing(40)
        self.no_match_label = QLabel()
        self.no_match_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_match_label.setWordWrap(True)
        self.clear_button = QPushButton(self.tr("Show all time, every genre"))
        nv.addWidget(self.no_match_label)
        nv.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignHCenter)
        nv.addStretch(1)
        self.inner.addWidget(no_match)
        cv.addWidget(self.inner, 1)
        self.scroll.setWidget(content)
        self.stack.addWidget(self.scroll)

        plain(self.note, self.month_range, self.genre_note, self.no_match_label, self.loading_label)

    def _arrange_tiles(self, per_row: int) -> None:
        for tile in self.tiles.values():
            self.tile_grid.removeWidget(tile)
        for n, tile in enumerate(self.tiles.values()):
            self.tile_grid.addWidget(tile, n // per_row, n % per_row)
        self._tiles_per_row = per_row

    def resizeEvent(self, ev) -> None:
        """Narrow windows: the totals in rows of three (or two), the lower charts one above the other."""
        super().resizeEvent(ev)
        width = ev.size().width()
        per_row = 6 if width >= 980 else 3 if width >= 520 else 2
        if per_row != self._tiles_per_row:
            self._arrange_tiles(per_row)
        side_by_side = QHBoxLayout.Direction.LeftToRight if width >= 760 else QHBoxLayout.Direction.TopToBottom
        if self.columns.direction() != side_by_side:
            self.columns.setDirection(side_by_side)


def _titled(title: QLabel, subtitle: QLabel) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(title)
    row.addSpacing(8)
    row.addWidget(subtitle)
    row.addStretch(1)
    return row


@guard_qt
class StatsPage(StatsView):
    """Signals (requests; the controller acts): ``filters_changed()``, ``series_requested(int)``,
    ``library_requested()`` (from the empty state), ``reload_requested()`` (Try again), and
    ``shown()`` each time the page comes on screen."""

    filters_changed = Signal()
    series_requested = Signal(int)
    library_requested = Signal()
    reload_requested = Signal()
    shown = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.display: StatsDisplay | None = None
        self.show_all_series = False
        self.set_choices((), ())
        self.period.currentIndexChanged.connect(lambda *_: self.filters_changed.emit())
        self.genre.currentIndexChanged.connect(lambda *_: self.filters_changed.emit())
        self.clear_button.clicked.connect(self.clear_filters)
        self.library_button.clicked.connect(self.library_requested)
        self.retry_button.clicked.connect(self.reload_requested)
        self.series_list.bar_activated.connect(lambda sid: self.series_requested.emit(int(sid)))
        self.year_chart.bar_activated.connect(self.select_period)
        self.genre_list.bar_activated.connect(self.select_genre)
        self.more_button.clicked.connect(self._toggle_more)
        self.stack.setCurrentIndex(LOADING)

    def showEvent(self, ev) -> None:
        super().showEvent(ev)
        self.shown.emit()

    # -- filters ---------------------------------------------------------------------------
    def filters(self) -> dict:
        """``period``: ALL_TIME, THIS_YEAR, LAST_12_MONTHS or a year; ``genre``: a genre or None."""
        period = self.period.currentData()
        return {"period": ALL_TIME if period is None else period, "genre": self.genre.currentData()}

    def set_choices(self, years, genres) -> None:
        """The years and genres there are to choose from; the current choices stay."""
        period, genre = self.period.currentData(), self.genre.currentData()
        for combo in (self.period, self.genre):
            combo.blockSignals(True)
            combo.clear()
        for text, data in (
            (self.tr("All time"), ALL_TIME),
            (self.tr("This year"), THIS_YEAR),
            (self.tr("Last 12 months"), LAST_12_MONTHS),
        ):
            self.period.addItem(text, data)
        years = sorted(set(years) | ({period} if isinstance(period, int) else set()), reverse=True)
        if years:
            self.period.insertSeparator(self.period.count())
        for y in years:
            self.period.addItem(str(y), y)
        self.genre.addItem(self.tr("All genres"), None)
        for g in sorted(set(genres) | ({genre} if genre else set()), key=str.casefold):
            self.genre.addItem(self.tr("No genre") if g == NO_GENRE else g, g)
        self.period.setCurrentIndex(max(0, self.period.findData(period)))
        self.genre.setCurrentIndex(max(0, self.genre.findData(genre)))
        for combo in (self.period, self.genre):
            combo.blockSignals(False)

    def select_period(self, period) -> None:
        at = self.period.findData(period)
        if at >= 0:
            self.period.setCurrentIndex(at)  # filters_changed, if it is a change

    def select_genre(self, genre) -> None:
        at = self.genre.findData(genre)
        if at >= 0:
            self.genre.setCurrentIndex(at)

    def clear_filters(self) -> None:
        for combo in (self.period, self.genre):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.filters_changed.emit()

    # -- states ----------------------------------------------------------------------------
    def set_busy(self, busy: bool) -> None:
        self.busy_label.setVisible(busy and self.stack.currentIndex() == CONTENT)

    def show_failed(self, text: str | None = None) -> None:
        if self.stack.currentIndex() != CONTENT:
            self.loading_label.setText(text or self.tr("The statistics could not be counted."))
            self.retry_button.setVisible(True)
            self.stack.setCurrentIndex(LOADING)

    def show_empty(self) -> None:
        self.display = None
        self.header.setVisible(False)
        self.stack.setCurrentIndex(EMPTY)

    def show_stats(self, display: StatsDisplay) -> None:
        self.display = display
        self.header.setVisible(True)
        self.retry_button.setVisible(False)
        self.set_choices(display.year_choices, display.genre_choices)
        self.stack.setCurrentIndex(CONTENT)
        st = display.stats
        if not st.episodes:
            self.no_match_label.setText(display.no_match)
            self.inner.setCurrentIndex(NO_MATCH)
            for tile in self.tiles.values():
                tile.setVisible(False)
            self.note.setVisible(False)
            return
        for tile in self.tiles.values():
            tile.setVisible(True)
        self.inner.setCurrentIndex(CHARTS)
        self._set_tiles(display)
        self.note.setText("\n".join(display.notes))
        self.note.setVisible(bool(display.notes))
        self.month_range.setText(display.range_text)
        self.month_chart.set_data(display.months)
        self.year_chart.set_data(display.years)
        self._set_series()
        self.genre_list.set_data(display.genres)
        self.genre_note.setText(display.genre_note)
        self.genre_note.setVisible(bool(display.genre_note))

    def _set_tiles(self, display: StatsDisplay) -> None:
        st = display.stats
        t = self.tiles
        end_to_end = self.tr("{days} days end to end").format(days=f"{st.hours / 24:,.1f}")
        t["hours"].set(format_hours(st.hours), end_to_end if st.hours >= 24 else "")
        rewatches = st.rewatches
        t["episodes"].set(
            f"{st.episodes:,}",
            translate("StatsPage", "of which %Ln rewatch(es)", "", rewatches) if rewatches else self.tr("no rewatches"),
        )
        different = st.distinct_episodes  # plain names: lupdate reads no other expression as the count
        t["series"].set(f"{st.series:,}", translate("StatsPage", "%Ln different episode(s)", "", different))
        last = st.last_watched
        last_day = self.tr("the last on {day}").format(day=span_text(last.date(), last.date())) if last else ""
        t["days"].set(f"{st.days:,}", last_day)
        current, longest = display.current_streak, st.longest_streak
        current_days, longest_days = current.days, longest.days
        t["current"].set(
            translate("StatsPage", "%Ln day(s)", "", current_days) if current_days else "–",
            span_text(current.first, current.last) if current.days else self.tr("nothing today or yesterday"),
        )
        t["longest"].set(
            translate("StatsPage", "%Ln day(s)", "", longest_days) if longest_days else "–",
            span_text(longest.first, longest.last) if longest.days else self.tr("no dated viewings"),
        )

    def _set_series(self) -> None:
        data = self.display.series if self.display else ChartData()
        n = len(data.bars)
        shown = data if self.show_all_series or n <= TOP_SERIES else ChartData(data.bars[:TOP_SERIES], data.summary)
        self.series_list.set_data(shown)
        self.series_title.setText(
            self.tr("Top series by hours")
            if n > TOP_SERIES and not self.show_all_series
            else self.tr("Series by hours")
        )
        self.more_button.setVisible(n > TOP_SERIES)
        self.more_button.setText(
            translate("StatsPage", "Show the top %n only", "", TOP_SERIES)
            if self.show_all_series
            else translate("StatsPage", "Show all %Ln series", "", n)
        )

    def _toggle_more(self) -> None:
        self.show_all_series = not self.show_all_series
        self._set_series()


__all__ = [
    "StatsPage",
    "StatsView",
    "StatsDisplay",
    "StatTile",
    "ChartData",
    "Bar",
    "ALL_TIME",
    "THIS_YEAR",
    "LAST_12_MONTHS",
    "TOP_SERIES",
    "format_hours",
    "span_text",
]
