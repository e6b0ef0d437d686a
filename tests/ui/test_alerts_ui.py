"""The Alerts page, the news-feeds dialog and "Track this spin-off", driven as a viewer would;
feeds are served by a local server."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PySide6 import QtGui
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QDesktopServices, QTextDocument
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QInputDialog

from tests.conftest import NOW
from watchtracker.domain.enums import AnnouncementKind, LifecycleStatus, RelationKind, ViewerState
from watchtracker.domain.inputs import SeriesInput
from watchtracker.services.alerts import AlertRow
from watchtracker.services.feeds import SUGGESTED_FEEDS
from watchtracker.storage.database import session_scope
from watchtracker.storage.tables import Announcement, AnnouncementSeries, Feed

from watchtracker.ui.alerts.feeds_dialog import FeedsDialog
from watchtracker.ui.alerts.model import ALERT_ROLE, HEADLINE, KIND, SERIES, TIME, AlertsModel, day_label
from watchtracker.ui.alerts.notifier import compose
from watchtracker.ui.alerts.page import EMPTY, LIST, NO_MATCH
from watchtracker.ui.alerts.spin_off_dialog import SpinOffDialog
from watchtracker.ui.tasks import SyncLane

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
K = AnnouncementKind
UTC = UTC

# the example library's eleven announcements, newest first, each on its own day
EXAMPLE = [
    "MGM+ orders a Bosch prequel, Bosch: Start of Watch",
    "Ballard renewed for season 2",
    "Ballard premieres 9 July with all ten episodes",
    "Bosch: Legacy's final season set for 27 March",
    "Bosch: Legacy to end with season 3",
    "Maggie Q to play Renée Ballard",
    "Prime Video orders Renée Ballard spin-off",
    "Bosch: Legacy renewed for season 3",
    "Bosch: Legacy renewed for season 2 before its premiere",
    "Bosch spin-off ordered at IMDb TV",
    "Bosch to end with its seventh season",
]


# -- helpers ----------------------------------------------------------------------------------


def add_alert(
    services,
    headline: str,
    *,
    kind: K = K.NEWS,
    series: tuple[int, ...] = (),
    when: datetime | None = None,
    url: str | None = None,
    summary: str = "",
    spin_off_title: str | None = None,
    premiere: str | None = None,
) -> int:
    with session_scope(services.engine) as session:
        ann = Announcement(
            kind=kind.value,
            headline=headline,
            summary=summary,
            source="Test Wire",
            url=url,
            published_at=when,
            created_at=when or NOW,
            fingerprint=f"test:{headline}",
            spin_off_title=spin_off_title,
            premiere=premiere,
        )
        session.add(ann)
        session.flush()
        for sid in series:
            session.add(AnnouncementSeries(announcement_id=ann.id, series_id=sid))
        return ann.id


def row(
    aid: int,
    headline: str,
    when: datetime,
    *,
    kind: K = K.NEWS,
    read: bool = False,
    series: tuple[tuple[int, str], ...] = ((1, "Bosch"),),
    muted: bool = False,
) -> AlertRow:
    return AlertRow(
        id=aid,
        kind=kind,
        series=series,
        headline=headline,
        summary="",
        source="Test Wire",
        url=None,
        published=when,
        read=read,
        dismissed=False,
        muted=muted,
        reason="",
        premiere=None,
        spin_off_title=None,
    )


def idle(qtbot, w) -> None:
    qtbot.waitUntil(lambda: not w.library_lane.busy and not w.refresh_lane.busy, timeout=10_000)


def act(qtbot, w, gesture) -> None:
    """Do what the viewer does and wait until the Alerts page shows its outcome."""
    idle(qtbot, w)
    with qtbot.waitSignal(w.alerts_controller.loaded, timeout=10_000):
        gesture()
    idle(qtbot, w)


def open_alerts(qtbot, make_window, services):
    w = make_window(services)
    idle(qtbot, w)
    act(qtbot, w, w.alerts_controller.reload)
    w.show_alerts()
    return w


def headlines(page) -> list[str]:
    m = page.model
    return [
        m.index(r, HEADLINE, m.index(d, 0)).data()
        for d in range(m.rowCount())
        for r in range(m.rowCount(m.index(d, 0)))
    ]


def cell(page, headline: str, column: int = HEADLINE):
    m = page.model
    for d in range(m.rowCount()):
        day = m.index(d, 0)
        for r in range(m.rowCount(day)):
            if m.index(r, HEADLINE, day).data() == headline:
                return m.index(r, column, day)
    raise AssertionError(f"{headline!r} is not on the Alerts page")


def is_bold(page, headline: str) -> bool:
    font = cell(page, headline).data(Qt.ItemDataRole.FontRole)
    return font is not None and font.bold()


def nav_text(w) -> str:
    return " ".join(w._nav_alerts.text().split())


def select(page, headline: str) -> None:
    page.tree.setCurrentIndex(cell(page, headline))
    assert page.current_alert().headline == headline


def mute_action(page, text: str):
    actions = [a for a in page.mute_button.menu().actions() if a.text() == text]
    assert actions, [a.text() for a in page.mute_button.menu().actions()]
    return actions[0]


def in_dialog(qtbot, kind, action) -> None:
    """Run ``action`` on the dialog of this class once it is open (it is modal)."""

    def step():
        dialog = next((d for d in QApplication.topLevelWidgets() if isinstance(d, kind) and d.isVisible()), None)
        if dialog is None:
            QTimer.singleShot(20, step)
            return
        try:
            action(dialog)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(20, step)


def as_tooltip_shows(text: str) -> str:
    """What QToolTip puts on screen for this text: rich text when Qt guesses it is."""
    doc = QTextDocument()
    if QtGui.Qt.mightBeRichText(text):
        doc.setHtml(text)
    else:
        doc.setPlainText(text)
    return doc.toPlainText()


# -- the model --------------------------------------------------------------------------------


def test_alerts_model_passes_the_model_tester(qtmodeltester):
    model = AlertsModel(today=date(2026, 11, 24))
    qtmodeltester.check(model)  # empty
    rows = [
        row(5, "Today, later", datetime(2026, 11, 24, 11, tzinfo=UTC), kind=K.RENEWED),
        row(4, "Today, earlier", datetime(2026, 11, 24, 9, tzinfo=UTC), read=True, muted=True),
        row(
            3,
            "Yesterday's news",
            datetime(2026, 11, 23, 12, tzinfo=UTC),
            kind=K.SPIN_OFF,
            series=((1, "Bosch"), (2, "Bosch: Legacy")),
        ),
        row(2, "Last week", datetime(2026, 11, 17, 12, tzinfo=UTC), series=()),
        row(1, "Last year", datetime(2025, 11, 17, 12, tzinfo=UTC), kind=K.CANCELLED, read=True),
    ]
    model.set_rows(rows)
    qtmodeltester.check(model)
    assert model.rowCount() == 4 and model.alert_count() == 5
    today = model.index(0, 0)
    assert model.rowCount(today) == 2
    assert model.index(0, HEADLINE, today).data() == "Today, later"
    assert model.parent(model.index(1, TIME, today)) == today
    assert model.alert_at(model.index_of(3)).headline == "Yesterday's news"
    model.set_rows([])
    qtmodeltester.check(model)
    assert model.rowCount() == 0 and model.alert_count() == 0


def test_day_rows_are_labelled_and_count_their_unread():
    model = AlertsModel(today=date(2026, 11, 24))
    model.set_rows(
        [
            row(3, "a", datetime(2026, 11, 24, 11, tzinfo=UTC)),
            row(2, "b", datetime(2026, 11, 24, 10, tzinfo=UTC), read=True),
            row(4, "muted", datetime(2026, 11, 24, 9, tzinfo=UTC), muted=True),  # not counted, as in the navigation
            row(1, "c", datetime(2026, 11, 23, 12, tzinfo=UTC), read=True),
        ]
    )
    assert model.index(0, 0).data() == "Today  ·  1 unread"
    assert model.index(1, 0).data() == "Yesterday"
    assert day_label(date(2026, 11, 20), date(2026, 11, 24)) == "Friday 20 November"
    assert day_label(date(2025, 11, 20), date(2026, 11, 24)) == "Thursday 20 November 2025"


# -- the page ---------------------------------------------------------------------------------


def test_newest_first_grouped_by_day_unread_in_bold(qtbot, make_window, example):
    legacy = example.library.find("Bosch: Legacy")
    day = datetime(2026, 11, 20, 12, tzinfo=UTC)
    add_alert(example, "Bosch: Legacy season 4 trailer", kind=K.TRAILER, series=(legacy,), when=day)
    add_alert(
        example,
        "Bosch: Legacy season 4 date set",
        kind=K.PREMIERE_DATE,
        series=(legacy,),
        when=day - timedelta(hours=2),
    )
    w = open_alerts(qtbot, make_window, example)
    page = w.alerts_page
    assert w.pages.currentWidget() is page and page.stack.currentIndex() == LIST
    assert headlines(page) == ["Bosch: Legacy season 4 trailer", "Bosch: Legacy season 4 date set", *EXAMPLE]
    m = page.model
    today = datetime.now().astimezone().date()
    # the two of 20 November share a day; every other day holds one
    assert m.rowCount() == 12 and m.rowCount(m.index(0, 0)) == 2
    assert m.index(0, 0).data() == f"{day_label(date(2026, 11, 20), today)}  ·  2 unread"
    assert m.index(1, 0).data().startswith(day_label(date(2025, 10, 15), today))
    assert all(page.tree.isFirstColumnSpanned(d, m.index(d, 0).parent()) for d in range(m.rowCount()))
    assert cell(page, "Bosch: Legacy season 4 trailer", KIND).data() == "Trailer"
    assert cell(page, "Maggie Q to play Renée Ballard", SERIES).data() == "Ballard, Bosch"
    assert all(is_bold(page, h) for h in headlines(page))  # all unread
    assert "13 alerts · 13 unread" in page.count_label.text()
    assert nav_text(w) == "Alerts (13)" and w._nav_alerts.font().bold()
    assert w.windowTitle() == "Alerts — watchtracker (13 unread)"


def test_filter_by_kind_and_by_series_and_the_no_match_state(qtbot, make_window, example):
    w = open_alerts(qtbot, make_window, example)
    page = w.alerts_page
    act(qtbot, w, lambda: page.kind.setCurrentIndex(page.kind.findData("renewed")))
    assert headlines(page) == [
        "Ballard renewed for season 2",
        "Bosch: Legacy renewed for season 3",
        "Bosch: Legacy renewed for season 2 before its premiere",
    ]
    assert "3 alerts shown of 11" in page.count_label.text()
    act(qtbot, w, lambda: page.kind.setCurrentIndex(0))
    # the series filter offers the series that have alerts
    assert [page.series.itemText(i) for i in range(page.series.count())] == [
        "All series",
        "Ballard",
        "Bosch",
        "Bosch: Legacy",
    ]
    bosch = example.library.find("Bosch")
    act(qtbot, w, lambda: page.series.setCurrentIndex(page.series.findData(bosch)))
    assert headlines(page) == [
        "MGM+ orders a Bosch prequel, Bosch: Start of Watch",
        "Maggie Q to play Renée Ballard",
        "Prime Video orders Renée Ballard spin-off",
        "Bosch spin-off ordered at IMDb TV",
        "Bosch to end with its seventh season",
    ]
    act(qtbot, w, lambda: page.kind.setCurrentIndex(page.kind.findData("ended")))
    assert headlines(page) == ["Bosch to end with its seventh season"]
    act(qtbot, w, lambda: page.kind.setCurrentIndex(page.kind.findData("trailer")))
    assert page.stack.currentIndex() == NO_MATCH and headlines(page) == []
    assert "No alerts match these filters" in page.no_match_label.text()
    assert page.clear_button.isVisible()
    act(qtbot, w, lambda: qtbot.mouseClick(page.clear_button, Qt.MouseButton.LeftButton))
    assert page.stack.currentIndex() == LIST and headlines(page) == EXAMPLE
    assert page.kind.currentIndex() == 0 and page.series.currentData() is None
    # unread only
    example.alerts.mark_read([example.alerts.alerts()[0].id])
    act(qtbot, w, lambda: page.unread_only.setChecked(True))
    assert headlines(page) == EXAMPLE[1:]


def test_the_empty_state(qtbot, make_window, services):
    w = open_alerts(qtbot, make_window, services)
    page = w.alerts_page
    assert page.stack.currentIndex() == EMPTY
    assert page.empty_feeds_button.isVisible() and page.empty_refresh_button.isVisible()
    assert nav_text(w) == "Alerts" and not w._nav_alerts.font().bold()
    assert w.windowTitle() == "Alerts — watchtracker"


def test_mark_read_mark_all_read_and_dismiss(qtbot, make_window, example):
    w = open_alerts(qtbot, make_window, example)
    page = w.alerts_page
    assert nav_text(w) == "Alerts (11)"
    select(page, "Maggie Q to play Renée Ballard")
    assert page.read_button.text() == "Mark read"
    act(qtbot, w, lambda: qtbot.mouseClick(page.read_button, Qt.MouseButton.LeftButton))
    assert not is_bold(page, "Maggie Q to play Renée Ballard")
    assert is_bold(page, "Bosch: Legacy to end with season 3")
    assert example.alerts.alert(cell(page, "Maggie Q to play Renée Ballard").data(ALERT_ROLE).id).read
    assert nav_text(w) == "Alerts (10)" and w.windowTitle() == "Alerts — watchtracker (10 unread)"
    # the same alert is still the one shown, and can be made unread again
    assert page.current_alert().headline == "Maggie Q to play Renée Ballard"
    assert page.read_button.text() == "Mark unread"
    act(qtbot, w, lambda: qtbot.mouseClick(page.read_button, Qt.MouseButton.LeftButton))
    assert is_bold(page, "Maggie Q to play Renée Ballard") and nav_text(w) == "Alerts (11)"

    select(page, "Bosch spin-off ordered at IMDb TV")
    act(qtbot, w, lambda: qtbot.mouseClick(page.dismiss_button, Qt.MouseButton.LeftButton))
    assert "Bosch spin-off ordered at IMDb TV" not in headlines(page)
    assert len(headlines(page)) == 10
    assert nav_text(w) == "Alerts (10)" and w.windowTitle() == "Alerts — watchtracker (10 unread)"
    assert "Dismissed 1 alert" in w.statusBar().currentMessage()
    # the Delete key dismisses the selection too
    select(page, "Bosch to end with its seventh season")
    act(qtbot, w, lambda: qtbot.keyClick(page.tree, Qt.Key.Key_Delete))
    assert "Bosch to end with its seventh season" not in headlines(page) and nav_text(w) == "Alerts (9)"

    assert page.mark_all_button.isEnabled()
    act(qtbot, w, lambda: qtbot.mouseClick(page.mark_all_button, Qt.MouseButton.LeftButton))
    assert not any(is_bold(page, h) for h in headlines(page))
    assert example.alerts.unread_count() == 0
    assert nav_text(w) == "Alerts" and w.windowTitle() == "Alerts — watchtracker"
    assert not page.mark_all_button.isEnabled() and "all read" in page.count_label.text()
    # the title follows the page, with the count
    w.show_library()
    assert w.windowTitle() == "watchtracker"


def test_muting_a_series_and_a_kind_hides_their_alerts_and_lowers_the_count(qtbot, make_window, example):
    w = open_alerts(qtbot, make_window, example)
    page = w.alerts_page
    select(page, "Bosch: Legacy renewed for season 3")
    act(qtbot, w, lambda: mute_action(page, "Mute alerts about Bosch: Legacy").trigger())
    legacy_only = {  # "Bosch: Legacy to end with season 3" is also about Ballard, followed: it stays
        "Bosch: Legacy's final season set for 27 March",
        "Bosch: Legacy renewed for season 3",
        "Bosch: Legacy renewed for season 2 before its premiere",
    }
    assert headlines(page) == [h for h in EXAMPLE if h not in legacy_only]
    assert nav_text(w) == "Alerts (8)" and w.windowTitle() == "Alerts — watchtracker (8 unread)"
    assert "3 muted" in page.count_label.text()

    select(page, "Maggie Q to play Renée Ballard")
    act(qtbot, w, lambda: mute_action(page, "Mute all “Casting” alerts").trigger())
    assert "Maggie Q to play Renée Ballard" not in headlines(page)
    assert nav_text(w) == "Alerts (7)"
    assert example.alerts.muted_kinds() == {"casting"}

    # shown again, greyed, to be unmuted
    act(qtbot, w, lambda: page.show_muted.setChecked(True))
    assert headlines(page) == EXAMPLE
    assert cell(page, "Maggie Q to play Renée Ballard").data(Qt.ItemDataRole.ForegroundRole) is not None
    assert cell(page, "Prime Video orders Renée Ballard spin-off").data(Qt.ItemDataRole.ForegroundRole) is None
    assert nav_text(w) == "Alerts (7)"  # muted ones are still not counted
    select(page, "Maggie Q to play Renée Ballard")
    assert "muted" in page.pane_meta.text()
    act(qtbot, w, lambda: mute_action(page, "Unmute all “Casting” alerts").trigger())
    select(page, "Bosch: Legacy renewed for season 3")
    act(qtbot, w, lambda: mute_action(page, "Unmute alerts about Bosch: Legacy").trigger())
    assert nav_text(w) == "Alerts (11)" and example.alerts.muted_kinds() == set()


def test_only_followed_series_are_offered_to_mute(qtbot, make_window, example):
    example.library.unfollow(example.library.find("Ballard"))  # the example follows it: this viewer does not
    w = open_alerts(qtbot, make_window, example)
    page = w.alerts_page
    select(page, "Prime Video orders Renée Ballard spin-off")  # Ballard is not followed here
    texts = [a.text() for a in page.mute_button.menu().actions()]
    assert "Mute alerts about Bosch" in texts and "Mute alerts about Bosch: Legacy" in texts
    assert not any("Ballard" in t for t in texts)


def test_when_every_alert_is_muted_the_page_says_so(qtbot, make_window, example):
    for title in ("Bosch", "Bosch: Legacy", "Ballard"):  # every series the example follows
        example.alerts.mute_series(example.library.find(title))
    w = open_alerts(qtbot, make_window, example)
    page = w.alerts_page
    assert page.stack.currentIndex() == NO_MATCH
    assert "muted" in page.no_match_label.text() and "Show muted" in page.no_match_label.text()
    assert nav_text(w) == "Alerts"


def test_a_title_with_an_ampersand_keeps_it_in_the_menus(qtbot, make_window, example):
    sid, _ = example.catalog.add_series(
        SeriesInput(title="Law & Order", status=LifecycleStatus.AIRING, follow_state=ViewerState.WATCHING)
    )
    add_alert(
        example, "Law & Order renewed", kind=K.RENEWED, series=(sid,), when=datetime(2026, 11, 20, 12, tzinfo=UTC)
    )
    w = open_alerts(qtbot, make_window, example)
    page = w.alerts_page
    select(page, "Law & Order renewed")
    # "&" marks a mnemonic in a menu entry: doubled, it is shown as it is
    assert [a.text() for a in page.series_button.menu().actions()] == ["Law && Order"]
    act(qtbot, w, lambda: mute_action(page, "Mute alerts about Law && Order").trigger())
    assert example.alerts.muted_series() == {sid}
    assert "Law & Order renewed" not in headlines(page)


def test_open_article_opens_only_web_links(qtbot, make_window, example, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True)
    bosch = example.library.find("Bosch")
    when = datetime(2026, 11, 20, 12, tzinfo=UTC)
    add_alert(example, "Scripted", series=(bosch,), when=when, url="javascript:alert(document.cookie)")
    add_alert(example, "On disk", series=(bosch,), when=when - timedelta(hours=1), url="file:///etc/passwd")
    add_alert(example, "No host", series=(bosch,), when=when - timedelta(hours=2), url="https:///nothing")
    w = open_alerts(qtbot, make_window, example)
    page = w.alerts_page

    select(page, "Bosch to end with its seventh season")
    assert page.open_button.isVisible()
    act(qtbot, w, lambda: qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton))
    assert opened == ["https://deadline.com/2020/02/bosch-renewed-7th-final-season-amazon-1202859488/"]
    assert not is_bold(page, "Bosch to end with its seventh season")  # read by opening it

    for headline in ("Scripted", "On disk", "No host"):
        select(page, headline)
        assert not page.open_button.isVisible(), headline
        page._open_current()
        page.tree.activated.emit(page.tree.currentIndex())  # Enter or a double click
    for url in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,<script>", "ftp://example.com/x"):
        page.open_url_requested.emit(url)
    assert len(opened) == 1
    # activating a web link opens it
    select(page, "Maggie Q to play Renée Ballard")
    page.tree.activated.emit(page.tree.currentIndex())
    assert opened[-1].startswith("https://bleedingcool.com/") and len(opened) == 2
    idle(qtbot, w)


def test_html_in_a_summary_is_shown_as_plain_text(qtbot, make_window, example):
    bosch = example.library.find("Bosch")
    headline = "<i>Bosch</i> &lt;news&gt; <a href='javascript:x'>more</a>"
    summary = (
        '<b>Bold</b> claim <img src="https://tracker.example/p.gif"> '
        '<a href="javascript:alert(1)">read more</a><script>alert(2)</script>'
    )
    add_alert(
        example,
        headline,
        series=(bosch,),
        when=datetime(2026, 11, 20, 12, tzinfo=UTC),
        summary=summary,
        url="https://news.example/bosch",
    )
    w = open_alerts(qtbot, make_window, example)
    page = w.alerts_page
    select(page, headline)
    for label, text in ((page.pane_summary, summary), (page.pane_headline, headline)):
        assert label.textFormat() == Qt.TextFormat.PlainText
        assert label.text() == text
        assert not label.openExternalLinks()
    # the tooltip, which Qt would take for rich text, shows it as it is too
    tip = cell(page, headline).data(Qt.ItemDataRole.ToolTipRole)
    shown = as_tooltip_shows(tip)
    assert headline in shown and summary in shown
    assert as_tooltip_shows(cell(page, headline, SERIES).data(Qt.ItemDataRole.ToolTipRole)) == "Bosch"


def test_track_this_spin_off_from_the_alerts_page(qtbot, make_window, example):
    bosch, legacy = example.library.find("Bosch"), example.library.find("Bosch: Legacy")
    aid = add_alert(
        example,
        "Prime Video orders a third Bosch series, ‘Bosch: Origins’",
        kind=K.SPIN_OFF,
        series=(bosch, legacy),
        when=datetime(2026, 11, 20, 12, tzinfo=UTC),
        spin_off_title="Bosch: Origins",
        premiere="2027",
    )
    w = open_alerts(qtbot, make_window, example)
    page = w.alerts_page
    # not offered for other kinds
    select(page, "Bosch: Legacy renewed for season 3")
    assert not page.track_button.isVisible()
    select(page, "Prime Video orders a third Bosch series, ‘Bosch: Origins’")
    assert page.track_button.isVisible()

    seen = {}

    def cancel(dialog: SpinOffDialog):
        seen["title"] = dialog.title.text()
        seen["parent"] = dialog.parent_series.currentText()
        seen["parents"] = [dialog.parent_series.itemText(i) for i in range(dialog.parent_series.count())]
        seen["premiere"] = dialog.premiere.text()
        dialog.reject()

    in_dialog(qtbot, SpinOffDialog, cancel)
    qtbot.mouseClick(page.track_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "premiere" in seen, timeout=10_000)  # the alert is read on the lane first
    assert seen == {
        "title": "Bosch: Origins",
        "parent": "Bosch",
        "parents": ["Bosch", "Bosch: Legacy"],
        "premiere": "2027",
    }
    idle(qtbot, w)
    assert "Bosch: Origins" not in {t for _, t in example.library.titles()}  # cancelled: nothing made

    def accept(dialog: SpinOffDialog):
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        dialog.title.clear()
        seen["empty_ok"] = ok.isEnabled()
        qtbot.keyClicks(dialog.title, "Bosch: Origins")
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    in_dialog(qtbot, SpinOffDialog, accept)
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        qtbot.mouseClick(page.track_button, Qt.MouseButton.LeftButton)
    assert seen["empty_ok"] is False  # a title is needed
    idle(qtbot, w)
    sid = example.library.find("Bosch: Origins")
    d = example.library.detail(sid)
    assert d.status is LifecycleStatus.ANNOUNCED and d.followed
    assert d.premiere is not None and d.premiere.to_text() == "2027"
    assert d.franchise == example.library.detail(bosch).franchise
    assert ("Bosch", RelationKind.SPIN_OFF_OF, True) in {(r.title, r.kind, r.outgoing) for r in d.related if r.direct}
    assert aid in {a.id for a in d.announcements}
    assert example.alerts.alert(aid).read
    assert w.detail_page.detail.id == sid  # its page is shown
    assert "Tracking Bosch: Origins" in w.statusBar().currentMessage()


# -- news feeds -------------------------------------------------------------------------------


def _serve_feeds(httpserver):
    httpserver.expect_request("/tvnews.rss.xml").respond_with_data(
        (FEEDS / "tvnews.rss.xml").read_bytes(), content_type="application/rss+xml"
    )
    httpserver.expect_request("/homepage").respond_with_data(
        (FEEDS / "not_a_feed.html").read_bytes(), content_type="text/html"
    )


def settled(qtbot, dialog: FeedsDialog) -> None:
    """Wait until the dialog's edit and its reading of the list are back from the lane."""
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)


def feed_row(dialog: FeedsDialog, url: str) -> int:
    for r in range(dialog.table.rowCount()):
        if dialog.table.item(r, 2).text() == url:
            return r
    raise AssertionError(f"{url} is not in the feeds list")


def test_feeds_dialog_add_poll_rename_disable_remove(qtbot, make_window, example, httpserver, monkeypatch):
    _serve_feeds(httpserver)
    good, bad = httpserver.url_for("/tvnews.rss.xml"), httpserver.url_for("/homepage")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("  The TV Wire  ", True))
    w = make_window(example)
    idle(qtbot, w)
    seen = {}

    def use(dialog: FeedsDialog):
        settled(qtbot, dialog)
        # add by address
        qtbot.keyClicks(dialog.url, good)
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
        settled(qtbot, dialog)
        assert dialog.table.rowCount() == 1 and dialog.url.text() == ""
        assert dialog.table.item(0, 3).text() == "Not read yet"
        # a typo is refused with its reason, nothing added
        qtbot.keyClicks(dialog.url, "javascript:alert(1)")
        qtbot.keyClick(dialog.url, Qt.Key.Key_Return)
        settled(qtbot, dialog)
        seen["refused"] = dialog.error.text() if dialog.error.isVisible() else None
        dialog.url.clear()
        qtbot.keyClicks(dialog.url, bad)
        qtbot.keyClicks(dialog.name, "<b>Home</b> page")  # shown as typed, in the list and its tooltips
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
        settled(qtbot, dialog)
        assert not dialog.error.isVisible() and dialog.table.rowCount() == 2
        # check them now: on the window's network lane, the dialog stays responsive
        qtbot.mouseClick(dialog.poll_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.poll_button.text() == "Check feeds now", timeout=10_000)
        settled(qtbot, dialog)
        seen["bad_state"] = dialog.table.item(feed_row(dialog, bad), 3).text()
        seen["bad_tip"] = dialog.table.item(feed_row(dialog, bad), 3).toolTip()
        seen["good_state"] = dialog.table.item(feed_row(dialog, good), 3).text()
        seen["good_name"] = dialog.table.item(feed_row(dialog, good), 1).text()
        seen["bad_name"] = dialog.table.item(feed_row(dialog, bad), 1).text()
        seen["bad_address_tip"] = dialog.table.item(feed_row(dialog, bad), 2).toolTip()
        # rename
        dialog.table.selectRow(feed_row(dialog, good))
        qtbot.mouseClick(dialog.rename_button, Qt.MouseButton.LeftButton)
        settled(qtbot, dialog)
        seen["renamed"] = dialog.table.item(feed_row(dialog, good), 1).text()
        # switch off
        on = dialog.table.item(feed_row(dialog, good), 0)
        on.setCheckState(Qt.CheckState.Unchecked)
        qtbot.wait(10)
        settled(qtbot, dialog)
        seen["off_state"] = dialog.table.item(feed_row(dialog, good), 3).text()
        # remove
        dialog.table.selectRow(feed_row(dialog, bad))
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
        settled(qtbot, dialog)
        seen["left"] = [dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount())]
        dialog.reject()

    in_dialog(qtbot, FeedsDialog, use)
    w.manage_feeds()
    idle(qtbot, w)
    assert seen["refused"] and "not a web address" in seen["refused"]
    errors = {f.url: f.last_error for f in example.feeds.feeds()}
    assert errors[good] is None
    assert (
        seen["bad_state"] == "The feed <b>Home</b> page is a web page, not a news feed; look for its RSS or Atom link."
    )
    assert seen["bad_name"] == "<b>Home</b> page" and as_tooltip_shows(seen["bad_address_tip"]) == bad
    assert as_tooltip_shows(seen["bad_tip"]) == seen["bad_state"]
    # one story in it is about the followed Bosch universe: the one naming the Ballard spin-off
    assert seen["good_state"].startswith("Read today at ") and seen["good_state"].endswith("; 1 alert from it so far")
    assert seen["good_name"].startswith("The TV Wire")  # named by its own title
    assert seen["renamed"] == "The TV Wire"
    assert seen["off_state"] == "Switched off"
    assert seen["left"] == [good]
    [feed] = example.feeds.feeds()
    assert (feed.url, feed.name, feed.enabled) == (good, "The TV Wire", False)
    # the poll found the Ballard story for the Bosch universe, and the page lists it
    assert any("Ballard" in a.headline and a.kind is K.SPIN_OFF for a in example.alerts.alerts())


def test_feed_suggestions_are_only_added_when_ticked(qtbot, make_window, services):
    w = make_window(services)
    idle(qtbot, w)
    seen = {}

    def look(dialog: FeedsDialog):
        settled(qtbot, dialog)
        seen["offered"] = [
            dialog.suggestions.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dialog.suggestions.count())
        ]
        seen["visible"] = dialog.suggestions.isVisible()
        seen["can_add"] = dialog.add_suggested.isEnabled()
        qtbot.mouseClick(dialog.add_suggested, Qt.MouseButton.LeftButton)  # disabled: does nothing
        dialog.reject()

    in_dialog(qtbot, FeedsDialog, look)
    w.manage_feeds()
    assert seen["offered"] == list(SUGGESTED_FEEDS) and seen["visible"] and not seen["can_add"]
    assert services.feeds.feeds() == []  # looked at, nothing added

    def tick(dialog: FeedsDialog):
        settled(qtbot, dialog)
        dialog.suggestions.item(1).setCheckState(Qt.CheckState.Checked)
        seen["can_add"] = dialog.add_suggested.isEnabled()
        qtbot.mouseClick(dialog.add_suggested, Qt.MouseButton.LeftButton)
        settled(qtbot, dialog)
        seen["offered"] = dialog.suggestions.count()
        seen["rows"] = dialog.table.rowCount()
        dialog.reject()

    in_dialog(qtbot, FeedsDialog, tick)
    w.manage_feeds()
    idle(qtbot, w)
    name, url = SUGGESTED_FEEDS[1]
    assert seen["can_add"] and seen["rows"] == 1 and seen["offered"] == len(SUGGESTED_FEEDS) - 1
    assert [(f.name, f.url) for f in services.feeds.feeds()] == [(name, url)]


def test_feed_times_are_shown_in_the_viewers_zone(qtbot, services, monkeypatch):
    import time

    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    try:
        fid = services.feeds.add("https://tv.example/feed/", "TV").id
        with session_scope(services.engine) as session:
            feed = session.get(Feed, fid)
            feed.last_ok_at = feed.last_polled_at = datetime.now(UTC) - timedelta(minutes=1)
            session.add(feed)
        dialog = FeedsDialog(services.feeds, SyncLane().run)
        qtbot.addWidget(dialog)
        expected = (datetime.now(UTC) - timedelta(minutes=1)).astimezone().strftime("%H:%M")
        state = dialog.table.item(0, 3).text()
        assert state.startswith("Read ") and f"at {expected};" in state, state
    finally:
        monkeypatch.undo()
        time.tzset()


# -- notifications ----------------------------------------------------------------------------


def test_compose_one_alert_and_many():
    when = datetime(2026, 11, 24, 12, tzinfo=UTC)
    legacy = ((2, "Bosch: Legacy"),)
    one = row(1, "Bosch: Legacy renewed for season 4", when, kind=K.RENEWED, series=legacy)
    assert compose([one]) == ("Renewed: Bosch: Legacy", "Bosch: Legacy renewed for season 4")
    assert compose([row(2, "Odd news", when, series=())]) == ("News", "Odd news")

    few = [one, row(2, "Ballard premieres in July", when, kind=K.PREMIERE_DATE, series=((3, "Ballard"),))]
    assert compose(few) == ("2 new alerts", "• Bosch: Legacy renewed for season 4\n• Ballard premieres in July")

    many = [row(i, f"Legacy news {i}", when, series=legacy) for i in range(3)] + [
        row(10, "Ballard news", when, series=((3, "Ballard"),)),
        row(11, "Bosch news", when, series=((1, "Bosch"), (2, "Bosch: Legacy"))),
        row(12, "Slow Horses news", when, series=((4, "Slow Horses"),)),
        row(13, "Silo news", when, series=((5, "Silo"),)),
    ]
    title, text = compose(many)
    assert title == "7 new alerts"
    assert text == "About Bosch: Legacy (3), Ballard, Bosch and 2 more series."
    assert len(text) < 120  # grouped, not a list of seven headlines

    unnamed = [row(i, f"Industry news {i}", when, series=()) for i in range(5)]
    title, text = compose(unnamed)
    assert title == "5 new alerts"
    assert "About ." not in text and "Industry news 0" in text and "2 more" in text
    mixed = many[:3] + unnamed[:2]
    assert compose(mixed)[1] == "About Bosch: Legacy (3) and 2 other stories."


def test_reload_reads_alerts_written_elsewhere(qtbot, make_window, example):
    """F5 after the command line (or another process) added an alert shows it and its count."""
    w = open_alerts(qtbot, make_window, example)
    assert nav_text(w) == "Alerts (11)"
    add_alert(
        example,
        "Written by the command line",
        series=(example.library.find("Bosch"),),
        when=datetime(2025, 1, 2, tzinfo=UTC),
    )
    act(qtbot, w, w.actions.reload.trigger)
    assert "Written by the command line" in headlines(w.alerts_page)
    assert nav_text(w) == "Alerts (12)"


# -- a day without a time -------------------------------------------------------------------------


def test_an_alert_dated_by_its_day_alone_shows_no_time():
    import dataclasses

    from watchtracker.domain.dates import safe_local

    model = AlertsModel(today=date(2026, 11, 24))
    timed = datetime(2025, 7, 9, 10, 30, tzinfo=UTC)
    model.set_rows(
        [
            row(2, "With its time", timed),
            dataclasses.replace(row(1, "A day alone", datetime(2025, 7, 9, 12, tzinfo=UTC)), published_has_time=False),
        ]
    )
    day = model.index(0, 0)
    assert model.rowCount() == 1 and model.rowCount(day) == 2  # the same day, wherever the viewer is
    alone, with_time = model.index(1, TIME, day), model.index(0, TIME, day)
    assert alone.data() == ""
    assert alone.data(Qt.ItemDataRole.ToolTipRole) == "Wednesday 9 July 2025"
    local = safe_local(timed)
    assert with_time.data() == local.strftime("%H:%M")
    assert with_time.data(Qt.ItemDataRole.ToolTipRole).endswith(local.strftime(", %H:%M"))


def test_the_examples_news_shows_its_day_and_no_made_up_time(qtbot, make_window, example):
    w = open_alerts(qtbot, make_window, example)
    page = w.alerts_page
    for headline in EXAMPLE:
        assert cell(page, headline, TIME).data() == "", headline
        assert "12:00" not in cell(page, headline, TIME).data(Qt.ItemDataRole.ToolTipRole)
    assert cell(page, "Maggie Q to play Renée Ballard", TIME).data(Qt.ItemDataRole.ToolTipRole) == (
        "Thursday 21 March 2024"
    )
    select(page, "Maggie Q to play Renée Ballard")
    meta = page.pane_meta.text()
    assert "Thursday 21 March 2024" in meta and "12:00" not in meta


DAYS_RSS = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Day Wire</title>
<item><title>'Bosch: Legacy' finale gets a live stage reading</title>
  <link>https://days.example/stage</link><pubDate>Wed, 09 Jul 2025</pubDate></item>
<item><title>'Bosch: Legacy' cast reunites for a charity reading</title>
  <link>https://days.example/reading</link><pubDate>Wed, 09 Jul 2025 10:30:00 GMT</pubDate></item>
</channel></rss>"""


def test_a_feed_item_dated_by_its_day_alone_shows_no_time(qtbot, make_window, example, httpserver):
    from watchtracker.domain.dates import safe_local

    httpserver.expect_request("/days").respond_with_data(DAYS_RSS, content_type="application/rss+xml")
    example.feeds.add(httpserver.url_for("/days"))
    assert example.feeds.poll().all_answered
    w = open_alerts(qtbot, make_window, example)
    page = w.alerts_page
    stage = "'Bosch: Legacy' finale gets a live stage reading"
    reading = "'Bosch: Legacy' cast reunites for a charity reading"
    assert cell(page, stage, TIME).data() == ""
    assert cell(page, stage, TIME).data(Qt.ItemDataRole.ToolTipRole) == "Wednesday 9 July 2025"
    assert cell(page, reading, TIME).data() == safe_local(datetime(2025, 7, 9, 10, 30, tzinfo=UTC)).strftime("%H:%M")
    select(page, stage)
    assert "Wednesday 9 July 2025" in page.pane_meta.text() and "12:00" not in page.pane_meta.text()
