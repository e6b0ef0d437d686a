"""The Statistics page and its controller, driven as a viewer would: the example library, a hand
made one with several genres, an empty one, and a generated history of 20,000 viewings."""

from __future__ import annotations

import calendar
import random
import threading
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QHelpEvent, QTextDocument
from PySide6.QtWidgets import QApplication, QToolTip
from sqlalchemy import insert

from tests.conftest import NOW
from watchtracker.services.changes import Changes
from watchtracker.services.stats import NO_GENRE, StatsService
from watchtracker.storage.database import session_scope
from watchtracker.storage.tables import Episode, Series, Viewing

from watchtracker.ui.common.html import plain_tooltip
from watchtracker.ui.stats.charts import BarChart
from watchtracker.ui.stats.controller import StatsController, period_bounds
from watchtracker.ui.stats.page import (
    ALL_TIME,
    CHARTS,
    CONTENT,
    EMPTY,
    LAST_12_MONTHS,
    LOADING,
    NO_MATCH,
    THIS_YEAR,
    TOP_SERIES,
    Bar,
    ChartData,
    StatsPage,
    format_hours,
    span_text,
)
from watchtracker.ui.tasks import TaskRunner

BERLIN = ZoneInfo("Europe/Berlin")
UTC = UTC
HOSTILE = "<b>Not bold</b> & the Extraordinarily Long Title of a Series That Never Quite Ends, Part Two"


# -- libraries ----------------------------------------------------------------------------------


def make_series(engine, title: str, *, genres=(), runtime=None, episodes=()) -> int:
    """``episodes``: (number, runtime, [watched_at ...]) in season 1. Returns the series id."""
    with session_scope(engine) as session:
        s = Series(title=title, status="ended", genres=list(genres), runtime=runtime)
        session.add(s)
        session.flush()
        for number, ep_runtime, viewings in episodes:
            e = Episode(series_id=s.id, season=1, number=number, runtime=ep_runtime)
            session.add(e)
            session.flush()
            session.add_all(Viewing(episode_id=e.id, watched_at=w) for w in viewings)
        return s.id


GENRES = ["Drama", "Comedy", "Crime", "Science-Fiction", "Thriller", "Animation", "Documentary", "Fantasy"]


def generate_history(
    engine,
    viewings: int = 20_000,
    *,
    series: int = 45,
    seed: int = 7,
    first: datetime = datetime(2019, 1, 1, tzinfo=UTC),
    last: datetime = datetime(2026, 11, 23, tzinfo=UTC),
) -> list[int]:
    """A multi-year history: some series watched far more than others, a few episodes without a
    runtime, one series with no genre and one with a long title holding markup."""
    rnd = random.Random(seed)
    with session_scope(engine) as session:
        rows = []
        for n in range(series):
            title = HOSTILE if n == 3 else f"Generated Series {n:02d}"
            genres = [] if n == 5 else rnd.sample(GENRES, 1 + n % 3)
            rows.append(Series(title=title, status="ended", genres=genres, runtime=[None, 30, 45, 60][n % 4]))
        session.add_all(rows)
        session.flush()
        episodes: list[list[int]] = []
        for s in rows:
            eps = [
                Episode(
                    series_id=s.id,
                    season=1 + k // 10,
                    number=k % 10 + 1,
                    runtime=None if k % 9 == 0 else rnd.choice([22, 30, 45, 58]),
                )
                for k in range(60)
            ]
            session.add_all(eps)
            session.flush()
            episodes.append([e.id for e in eps])
        weights = [1 / (n + 1) for n in range(series)]
        span = int((last - first).total_seconds() // 60)
        session.execute(
            insert(Viewing),
            [
                {
                    "episode_id": rnd.choice(rnd.choices(episodes, weights)[0]),
                    "watched_at": first + timedelta(minutes=rnd.randrange(span)),
                    "source": "manual",
                }
                for _ in range(viewings)
            ],
        )
        return [s.id for s in rows]


class Watched:
    """The StatsService, noting the thread of every call; ``gate`` holds calls until it is set."""

    def __init__(self, inner: StatsService):
        self.inner = inner
        self.threads: list[threading.Thread] = []
        self.calls: list[str] = []
        self.gate = threading.Event()
        self.gate.set()

    def _note(self, name: str) -> None:
        self.threads.append(threading.current_thread())
        self.calls.append(name)
        assert self.gate.wait(20), "the test never let the worker go on"

    def stats(self, **kw):
        self._note("stats")
        return self.inner.stats(**kw)

    def genres(self):
        self._note("genres")
        return self.inner.genres()


@pytest.fixture
def make_page(qtbot):
    made = []

    def _make(services, *, service=None, show=True):
        runner = TaskRunner()
        page = StatsPage()
        qtbot.addWidget(page)
        page.resize(1150, 860)
        service = service or StatsService(services.engine, clock=lambda: NOW, tz=BERLIN)
        opened, errors = [], []
        ctl = StatsController(page, service, library_lane=runner, open_series=opened.append, report_error=errors.append)
        h = SimpleNamespace(page=page, ctl=ctl, runner=runner, service=service, opened=opened, errors=errors)
        made.append(h)
        if show:
            with qtbot.waitSignal(ctl.loaded, timeout=20_000):
                page.show()  # the first showing loads
        return h

    yield _make
    for h in made:
        h.runner.wait()
        assert not h.errors, h.errors


def choose(qtbot, h, *, period=..., genre=...) -> None:
    with qtbot.waitSignal(h.ctl.loaded, timeout=20_000):
        if period is not ...:
            h.page.select_period(period)
        if genre is not ...:
            h.page.select_genre(genre)


def labels(chart) -> list[str]:
    return [b.label for b in chart.bars]


def combo_items(combo) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count()) if combo.itemText(i)]


def as_tooltip_shows(text: str) -> str:
    doc = QTextDocument()
    if QtGui.Qt.mightBeRichText(text):
        doc.setHtml(text)
    else:
        doc.setPlainText(text)
    return doc.toPlainText()


# -- the example library ------------------------------------------------------------------------


def test_the_totals_are_the_services_numbers(qtbot, make_page, example):
    h = make_page(example)
    page = h.page
    st = StatsService(example.engine, clock=lambda: NOW, tz=BERLIN).stats()
    assert page.stack.currentIndex() == CONTENT and page.inner.currentIndex() == CHARTS
    t = page.tiles
    assert t["hours"].value.text() == format_hours(st.hours)
    assert t["episodes"].value.text() == str(st.episodes) == "76"
    assert t["episodes"].detail.text() == "of which 2 rewatches"
    assert t["series"].value.text() == str(st.series) == "3"
    assert t["series"].detail.text() == f"{st.distinct_episodes} different episodes"
    assert t["days"].value.text() == str(st.days)
    assert t["days"].detail.text() == f"the last on {span_text(st.last_watched.date(), st.last_watched.date())}"
    assert t["current"].value.text() == "–" and st.current_streak.days == 0
    assert t["longest"].value.text() == f"{st.longest_streak.days} days" == "7 days"
    assert t["longest"].detail.text() == span_text(st.longest_streak.first, st.longest_streak.last)
    # the runtimes Bosch and Bosch: Legacy lack are estimated, and the page says so with the service's figures
    assert page.note.isVisibleTo(page)
    assert page.note.text().startswith(f"{st.estimated} viewings were of an episode with no runtime")
    assert "45 min" in page.note.text()

    # the charts hold the service's rows
    months = page.month_chart.bars
    assert len(months) == len(st.by_month) == 126
    assert (months[0].key, months[-1].key) == (date(2015, 2, 1), date(2025, 7, 1))
    assert sum(b.value for b in months) == pytest.approx(st.hours)
    assert page.month_range.text() == "Feb 2015 – Jul 2025"
    assert labels(page.year_chart) == [str(y) for y in range(2015, 2026)]  # 2023 and 2024 empty
    assert not any(b.muted for b in page.year_chart.bars)
    assert labels(page.series_list) == ["Bosch", "Ballard", "Bosch: Legacy"]
    assert [b.key for b in page.series_list.bars] == [
        example.library.find("Bosch"),
        example.library.find("Ballard"),
        example.library.find("Bosch: Legacy"),
    ]
    assert [b.value_text for b in page.series_list.bars] == [f"{format_hours(s.hours)} h" for s in st.by_series]
    assert labels(page.genre_list) == ["Crime", "Drama"]
    assert page.genre_note.text() == "A series counts in each of its genres."
    assert combo_items(page.period) == ["All time", "This year", "Last 12 months", *map(str, range(2025, 2014, -1))]
    assert combo_items(page.genre) == ["All genres", "Crime", "Drama"]
    assert not page.more_button.isVisibleTo(page)


def test_switching_the_period_changes_the_charts(qtbot, make_page, example):
    h = make_page(example)
    page = h.page
    choose(qtbot, h, period=2016)
    year = StatsService(example.engine, clock=lambda: NOW, tz=BERLIN).stats(
        start=date(2016, 1, 1), end=date(2016, 12, 31)
    )
    assert [b.key for b in page.month_chart.bars] == [date(2016, m, 1) for m in range(1, 13)]
    assert labels(page.month_chart) == list(calendar.month_abbr)[1:]
    assert sum(b.value for b in page.month_chart.bars) == pytest.approx(year.hours)
    assert page.tiles["hours"].value.text() == format_hours(year.hours)
    assert page.tiles["episodes"].value.text() == str(year.episodes)
    assert page.month_range.text() == "2016"
    # the year chart keeps every year, the others paler
    assert [b.label for b in page.year_chart.bars if not b.muted] == ["2016"]
    assert len(page.year_chart.bars) == 11

    # a click on a year's bar chooses that year
    chart = page.year_chart
    with qtbot.waitSignal(h.ctl.loaded, timeout=10_000):
        qtbot.mouseClick(
            chart, Qt.MouseButton.LeftButton, pos=chart.bar_rect(labels(chart).index("2019")).center().toPoint()
        )
    assert page.filters()["period"] == 2019 and page.period.currentText() == "2019"
    assert [b.label for b in page.year_chart.bars if not b.muted] == ["2019"]

    # nothing was watched lately: a period with nothing says so, and one click shows everything
    choose(qtbot, h, period=LAST_12_MONTHS)
    assert page.inner.currentIndex() == NO_MATCH
    assert page.no_match_label.text() == "Nothing watched in the last 12 months."
    assert not page.tiles["hours"].isVisibleTo(page)
    with qtbot.waitSignal(h.ctl.loaded, timeout=10_000):
        qtbot.mouseClick(page.clear_button, Qt.MouseButton.LeftButton)
    assert page.filters() == {"period": ALL_TIME, "genre": None}
    assert page.inner.currentIndex() == CHARTS and len(page.month_chart.bars) == 126


def test_the_genre_filter_and_recent_periods(qtbot, make_page, example):
    funny = make_series(
        example.engine,
        "Funny",
        genres=["Comedy"],
        runtime=25,
        episodes=[
            (1, None, [datetime(2025, 3, 1, 20, tzinfo=UTC)]),
            (2, None, [datetime(2026, 11, 20, 20, tzinfo=UTC), datetime(2026, 11, 23, 20, tzinfo=UTC)]),
            (3, None, [None]),
        ],
    )
    make_series(example.engine, "Plain", episodes=[(1, 30, [datetime(2026, 2, 3, 20, tzinfo=UTC)])])
    h = make_page(example)
    page = h.page
    assert combo_items(page.genre) == ["All genres", "Comedy", "Crime", "Drama", NO_GENRE]
    assert labels(page.series_list) == ["Bosch", "Ballard", "Funny", "Bosch: Legacy", "Plain"]
    assert "with no date counts in the totals" in page.note.text()

    choose(qtbot, h, genre="Comedy")
    assert labels(page.series_list) == ["Funny"] and page.series_list.bars[0].key == funny
    assert labels(page.genre_list) == ["Comedy"]
    assert page.tiles["episodes"].value.text() == "4" and page.tiles["hours"].value.text() == "1.7"
    assert labels(page.year_chart) == ["2025", "2026"]
    assert (page.month_chart.bars[0].key, page.month_chart.bars[-1].key) == (date(2025, 3, 1), date(2026, 11, 1))

    choose(qtbot, h, period=THIS_YEAR)
    assert [b.key for b in page.month_chart.bars] == [date(2026, m, 1) for m in range(1, 12)]  # to this month
    assert [b.value for b in page.month_chart.bars if b.value] == [pytest.approx(50 / 60)]
    assert page.month_range.text() == "2026 so far"
    assert page.tiles["current"].value.text() == "1 day"  # yesterday, the 23rd, still counts
    assert page.tiles["current"].detail.text() == "23 Nov 2026"
    assert [b.label for b in page.year_chart.bars if not b.muted] == ["2026"]

    choose(qtbot, h, period=LAST_12_MONTHS, genre=None)
    assert page.filters() == {"period": LAST_12_MONTHS, "genre": None}
    assert [b.key for b in page.month_chart.bars][::11] == [date(2025, 12, 1), date(2026, 11, 1)]
    assert len(page.month_chart.bars) == 12 and page.month_range.text() == "Dec 2025 – Nov 2026"
    assert labels(page.series_list) == ["Funny", "Plain"]
    assert page.tiles["longest"].value.text() == "1 day"

    # a click on a genre row counts only that genre
    genres = page.genre_list
    row = labels(genres).index(NO_GENRE)
    with qtbot.waitSignal(h.ctl.loaded, timeout=10_000):
        qtbot.mouseClick(genres, Qt.MouseButton.LeftButton, pos=genres.bar_rect(row).center().toPoint())
    assert page.filters()["genre"] == NO_GENRE and labels(page.series_list) == ["Plain"]

    # a genre and a period with nothing in common
    choose(qtbot, h, genre="Crime")
    assert page.inner.currentIndex() == NO_MATCH
    assert page.no_match_label.text() == "Nothing watched in the last 12 months among Crime series."


OFFSCREEN_TOOLTIPS = pytest.mark.qt_log_ignore("This plugin does not support raise")  # a tooltip is put up


@OFFSCREEN_TOOLTIPS
def test_a_series_bar_opens_the_series(qtbot, make_page, example):
    h = make_page(example)
    lst = h.page.series_list
    ballard, bosch = example.library.find("Ballard"), example.library.find("Bosch")
    qtbot.mouseClick(lst, Qt.MouseButton.LeftButton, pos=lst.bar_rect(1).center().toPoint())  # the second row
    assert h.opened == [ballard]
    # below the last row is no series
    qtbot.mouseClick(lst, Qt.MouseButton.LeftButton, pos=QPoint(10, lst.height() - 1))
    assert h.opened == [ballard]
    # and from the keyboard
    qtbot.keyClick(lst, Qt.Key.Key_Home)
    qtbot.keyClick(lst, Qt.Key.Key_Return)
    assert h.opened == [ballard, bosch]
    # the month chart is not a link
    chart = h.page.month_chart
    with qtbot.assertNotEmitted(chart.bar_activated):
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=chart.bar_rect(0).center().toPoint())


@OFFSCREEN_TOOLTIPS
def test_tooltips_summaries_and_long_titles(qtbot, make_page, example):
    make_series(example.engine, HOSTILE, genres=["Drama"], episodes=[(1, 50, [datetime(2020, 6, 1, 19, tzinfo=UTC)])])
    h = make_page(example)
    page = h.page
    chart = page.month_chart
    assert chart.tooltip_at(chart.bar_rect(0).center()) == "February 2015\n7.5 hours · 10 episodes"
    assert chart.tooltip_at(chart.bar_rect(1).center()) == "March 2015\nnothing watched"
    assert chart.tooltip_at(QPointF(2, 2)) == ""
    assert chart.summary().startswith(
        "Hours per month, February 2015 to July 2025: 57.9 hours in 126 months; the most in March 2016, 9 hours;"
    )
    assert chart.accessibleName() == "Hours per month"
    assert page.year_chart.summary().startswith("Hours per year: 2015, ")

    # a real tooltip event puts the text up as it is
    pos = chart.bar_rect(0).center().toPoint()
    QApplication.sendEvent(chart, QHelpEvent(QEvent.Type.ToolTip, pos, chart.mapToGlobal(pos)))
    assert as_tooltip_shows(QToolTip.text()) == "February 2015\n7.5 hours · 10 episodes"
    QToolTip.hideText()

    lst = page.series_list
    i = labels(lst).index(HOSTILE)
    tip = lst.tooltip_at(lst.bar_rect(i).center())
    assert tip.startswith(HOSTILE + "\n")
    assert as_tooltip_shows(plain_tooltip(tip)) == tip  # markup in a title is shown, never obeyed
    shown = lst.elided_label(i)
    assert shown.endswith("…") and HOSTILE.startswith(shown[:-1])
    assert lst.summary().startswith("Series by hours watched: 1. Bosch, ")
    assert HOSTILE in lst.summary()


# -- the empty state ----------------------------------------------------------------------------


def test_an_empty_library_gets_a_deliberate_empty_state(qtbot, make_page, services):
    h = make_page(services)
    page = h.page
    assert page.stack.currentIndex() == EMPTY and not page.header.isVisible()
    assert "mark episodes watched" in page.empty_text.text()
    with qtbot.waitSignal(page.library_requested, timeout=1000):
        qtbot.mouseClick(page.library_button, Qt.MouseButton.LeftButton)
    # the first viewing arrives: the visible page counts again at once
    make_series(services.engine, "First", genres=["Drama"], episodes=[(1, 40, [datetime(2026, 11, 24, 9, tzinfo=UTC)])])
    with qtbot.waitSignal(h.ctl.loaded, timeout=10_000):
        h.ctl.on_changes(Changes(added=frozenset({1})))
    assert page.stack.currentIndex() == CONTENT and page.header.isVisible()
    assert page.tiles["current"].value.text() == "1 day"


# -- loading: lazily, off the GUI thread, newest wins -------------------------------------------


def test_changes_reload_lazily(qtbot, make_page, example):
    watched = Watched(StatsService(example.engine, clock=lambda: NOW, tz=BERLIN))
    h = make_page(example, service=watched, show=False)
    assert h.ctl.dirty and not watched.calls  # nothing is counted before the page is seen
    with qtbot.waitSignal(h.ctl.loaded, timeout=10_000):
        h.page.show()
    h.page.hide()
    n = len(watched.calls)
    h.ctl.on_changes(Changes(announcements=True))
    assert not h.ctl.dirty
    h.ctl.on_changes(Changes.of(1))
    assert h.ctl.dirty and not h.runner.busy and len(watched.calls) == n  # hidden: later
    with qtbot.waitSignal(h.ctl.loaded, timeout=10_000):
        h.page.show()
    assert not h.ctl.dirty and len(watched.calls) > n
    n = len(watched.calls)
    h.page.hide()
    h.page.show()  # nothing changed: shown again without counting
    assert not h.runner.busy and len(watched.calls) == n
    with qtbot.waitSignal(h.ctl.loaded, timeout=10_000):
        h.ctl.on_changes(Changes(everything=True))  # on screen: at once


def test_overlapping_reloads_show_only_the_newest(qtbot, make_page, example):
    watched = Watched(StatsService(example.engine, clock=lambda: NOW, tz=BERLIN))
    h = make_page(example, service=watched, show=False)
    h.page.set_choices(range(2015, 2023), ["Crime", "Drama"])
    watched.gate.clear()
    h.page.show()  # the first load starts and waits at the gate
    qtbot.waitUntil(lambda: watched.calls == ["genres"], timeout=5000)
    h.page.select_period(2016)  # queued behind it
    h.page.select_period(2017)  # and this one
    seen = []
    h.ctl.loaded.connect(lambda: seen.append(h.page.display.period))
    with qtbot.waitSignal(h.ctl.loaded, timeout=10_000):
        watched.gate.set()
    qtbot.waitUntil(lambda: not h.runner.busy, timeout=10_000)
    assert seen == [2017] and h.page.period.currentText() == "2017"
    assert watched.calls.count("genres") == 2  # the 2016 load, already stale when its turn came, did nothing


def test_twenty_thousand_viewings_load_without_blocking_the_gui(qtbot, make_page, services):
    generate_history(services.engine, 20_000)
    watched = Watched(StatsService(services.engine, clock=lambda: NOW, tz=BERLIN))
    h = make_page(services, service=watched, show=False)
    page = h.page
    watched.gate.clear()
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    page.show()  # returns at once: the counting waits on the worker
    qtbot.wait(150)
    assert ticks and page.stack.currentIndex() == LOADING  # the GUI thread went on running
    with qtbot.waitSignal(h.ctl.loaded, timeout=30_000):
        watched.gate.set()
    timer.stop()
    main = threading.main_thread()
    assert watched.threads and all(t is not main for t in watched.threads)
    assert page.tiles["episodes"].value.text() == "20,000"
    assert page.tiles["series"].value.text() == "45"
    assert len(page.series_list.bars) == TOP_SERIES and page.more_button.text() == "Show all 45 series"
    qtbot.mouseClick(page.more_button, Qt.MouseButton.LeftButton)
    assert len(page.series_list.bars) == 45 and page.series_list.height() == 45 * page.series_list.row_height() + 2
    # a filter change counts again on the worker too
    watched.threads.clear()
    choose(qtbot, h, period=2021, genre="Drama")
    assert watched.threads and all(t is not main for t in watched.threads)
    assert len(page.month_chart.bars) == 12


# -- the month axis -----------------------------------------------------------------------------


def month_bars(first: date, n: int) -> ChartData:
    out, m = [], first
    for k in range(n):
        out.append(Bar(calendar.month_abbr[m.month], (k * 7) % 13 + 0.5, "", m))
        m = date(m.year + (m.month == 12), m.month % 12 + 1, 1)
    return ChartData(tuple(out), "")


def check_axis(chart) -> list:
    found = chart.axis_labels()
    assert found
    for row in (0, 1):
        rects = sorted((lb.rect for lb in found if lb.row == row), key=lambda r: r.left())
        for a, b in zip(rects, rects[1:], strict=False):  # neighbours
            assert b.left() >= a.right(), "labels overlap"
        assert all(r.left() >= 0 and r.right() <= chart.width() for r in rects)
    months = {b.key: b for b in chart.bars}
    for lb in found:
        i = chart.bar_at(
            QPointF(lb.rect.center().x() if lb.centred else lb.rect.left() + 1, chart.plot_rect().center().y())
        )
        m = chart.bars[i].key
        if lb.text.isdigit():  # a year starts at its January (or at the first bar)
            assert int(lb.text) == m.year and (m.month == 1 or i == 0 or lb.rect.right() >= chart.width() - 1)
        else:
            assert lb.text == calendar.month_abbr[m.month]
    assert months
    return found


@pytest.mark.parametrize("width", [320, 600, 900, 1400])
def test_a_long_month_range_stays_readable(qtbot, width):
    chart = BarChart("Hours per month", months=True)
    qtbot.addWidget(chart)
    chart.set_data(month_bars(date(2015, 2, 1), 88))  # Feb 2015 - May 2022
    chart.resize(width, chart.height())
    found = check_axis(chart)
    years = [lb.text for lb in found if lb.text.isdigit()]
    names = [lb.text for lb in found if not lb.text.isdigit()]
    assert len(found) <= width / 20  # every Nth month, not 88 labels
    assert len(years) >= 3 and years == sorted(years)
    if width >= 1400:  # room for a month name every quarter
        assert names[:4] == ["Apr", "Jul", "Oct", "Jan"] and "2016" in years
    if width <= 320:  # only the years
        assert not names


def test_a_year_of_months_names_every_month(qtbot):
    chart = BarChart("Hours per month", months=True)
    qtbot.addWidget(chart)
    chart.set_data(month_bars(date(2025, 12, 1), 12))
    chart.resize(900, chart.height())
    found = check_axis(chart)
    assert [lb.text for lb in found if lb.row == 0] == ["Dec", *list(calendar.month_abbr)[1:12]]
    assert [lb.text for lb in found if lb.row == 1] == ["2025", "2026"]
    chart.resize(260, chart.height())  # the first bar's year gives way to January's when they would touch
    found = check_axis(chart)
    assert [lb.text for lb in found if lb.row == 1] == ["2026"]


def test_the_generated_history_on_the_page(qtbot, make_page, services):
    generate_history(services.engine, 3_000)
    h = make_page(services)
    chart = h.page.month_chart
    assert len(chart.bars) == 95  # Jan 2019 - Nov 2026
    found = check_axis(chart)
    assert [lb.text for lb in found if lb.text.isdigit()] == [str(y) for y in range(2019, 2027)]
    assert labels(h.page.year_chart) == [str(y) for y in range(2019, 2027)]
    assert NO_GENRE in combo_items(h.page.genre)


# -- small rules --------------------------------------------------------------------------------


def test_period_bounds_and_words():
    today = date(2026, 11, 24)
    assert period_bounds(ALL_TIME, today) == (None, None)
    assert period_bounds(THIS_YEAR, today) == (date(2026, 1, 1), today)
    assert period_bounds(LAST_12_MONTHS, today) == (date(2025, 12, 1), today)
    assert period_bounds(2019, today) == (date(2019, 1, 1), date(2019, 12, 31))
    assert period_bounds(2026, today) == (date(2026, 1, 1), today)
    assert period_bounds(LAST_12_MONTHS, date(2026, 1, 5)) == (date(2025, 2, 1), date(2026, 1, 5))
    assert [format_hours(x) for x in (0, 0.75, 7.5, 54.0, 99.94, 1234.4)] == ["0", "0.8", "7.5", "54", "99.9", "1,234"]
    assert span_text(date(2015, 3, 3), date(2015, 3, 9)) == "3–9 Mar 2015"
    assert span_text(date(2015, 2, 28), date(2015, 3, 6)) == "28 Feb – 6 Mar 2015"
    assert span_text(date(2014, 12, 30), date(2015, 1, 2)) == "30 Dec 2014 – 2 Jan 2015"
    assert span_text(date(2015, 3, 3), date(2015, 3, 3)) == "3 Mar 2015"
