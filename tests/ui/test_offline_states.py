"""Offline and error states where the viewer waits for the network: the TVmaze search dialog (Add
series from TVmaze…, Find on TVmaze, the import wizard's choice) and the News feeds dialog. Each
says in the results area, in plain words, what went wrong, offers Retry (and Add by hand where the
dialog has it), and shows no errno or exception text. Every server is local; an unreachable one is
a closed port on 127.0.0.1."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytest_httpserver import HTTPServer

from tests.fixtures import tvmaze_payloads as tv
from tests.ui.test_alerts_ui import idle, in_dialog
from watchtracker.errors import DatabaseLocked

from watchtracker.ui.alerts.feeds_dialog import FeedsDialog
from watchtracker.ui.online.search_dialog import OnlineSearchDialog
from watchtracker.ui.tasks import SyncLane, TaskRunner

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
TECHNICAL = ("errno", "refused", "127.0.0.1", "http ", "traceback", "exception", "[")


def closed_port() -> int:
    """A port on 127.0.0.1 nobody listens on (bound, then let go)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def shown_text(widget: QWidget) -> str:
    """Every label and button text the viewer can see in the widget, and their tooltips."""
    bits = []
    for w in widget.findChildren(QLabel) + widget.findChildren(QPushButton):
        if w.isVisibleTo(widget):
            bits += [w.text(), w.toolTip()]
    return "\n".join(bits)


def visible_button(widget: QWidget, text: str) -> QPushButton | None:
    """The button labelled ``text`` (its mnemonic ampersand aside) that the viewer can see."""
    for b in widget.findChildren(QPushButton):
        if b.text().replace("&", "") == text and b.isVisibleTo(widget):
            return b
    return None


def assert_plain(text: str) -> None:
    lowered = text.lower()
    assert not [t for t in TECHNICAL if t in lowered], text


@pytest.fixture
def lane(qtbot):
    runner = TaskRunner()
    yield runner
    runner.wait()


@pytest.fixture
def search_dialog(qtbot, services, lane):
    def make(query: str = "bosch", *, by_hand: bool = True) -> OnlineSearchDialog:
        dialog = OnlineSearchDialog(lane, services.online.search, query=query)
        if not by_hand:
            dialog.by_hand.hide()  # as the controller does for Find on TVmaze and the import wizard
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return make


def settled(qtbot, lane) -> None:
    qtbot.waitUntil(lambda: not lane.busy, timeout=15_000)
    QApplication.processEvents()


def snap(widget: QWidget, name: str) -> None:
    widget.grab().save(f"/tmp/offline-{name}.png")


# -- the search dialog ------------------------------------------------------------------------


def test_offline_search_says_so_with_retry_and_retry_finds_once_back(qtbot, services, search_dialog, lane):
    port = closed_port()
    services.online.tvmaze.url = f"http://127.0.0.1:{port}"
    dialog = search_dialog("bosch legacy")
    qtbot.waitUntil(lambda: visible_button(dialog, "Retry") is not None, timeout=15_000)
    settled(qtbot, lane)
    snap(dialog, "search-offline")
    text = shown_text(dialog)
    assert "You seem to be offline" in text
    assert "TVmaze could not be reached. Check your connection, then Retry." in text
    assert_plain(text)
    assert not dialog.choose_button.isEnabled()
    assert visible_button(dialog, "Add by hand instead…") is not None
    # keyboard: Tab from the query reaches Retry
    dialog.activateWindow()
    dialog.query.setFocus()
    qtbot.waitUntil(dialog.query.hasFocus, timeout=2_000)
    qtbot.keyClick(dialog.query, Qt.Key.Key_Tab)
    retry = visible_button(dialog, "Retry")
    assert QApplication.focusWidget() is retry

    back = HTTPServer(host="127.0.0.1", port=port)
    back.expect_request("/search/shows", query_string="q=bosch+legacy").respond_with_json(
        [tv.search_result(40, tv.show(5002, "Bosch: Legacy", embed=False))]
    )
    back.start()
    try:
        qtbot.keyClick(retry, Qt.Key.Key_Space)  # the focused Retry, pressed from the keyboard
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=15_000)
        settled(qtbot, lane)
    finally:
        back.clear()
        back.stop()
    assert dialog.results.isVisible() and visible_button(dialog, "Retry") is None
    assert "offline" not in shown_text(dialog)
    assert dialog.choose_button.isEnabled()
    assert dialog.model.index(0, 0).data().startswith("Bosch: Legacy")


def test_a_rate_limited_search_says_tvmaze_is_busy(qtbot, services, search_dialog, lane, httpserver):
    services.online.tvmaze.url = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/search/shows").respond_with_data("", status=429, headers={"Retry-After": "600"})
    dialog = search_dialog("bosch")
    qtbot.waitUntil(lambda: visible_button(dialog, "Retry") is not None, timeout=15_000)
    settled(qtbot, lane)
    snap(dialog, "search-busy")
    text = shown_text(dialog)
    assert "TVmaze is busy right now" in text and "Retry in a minute" in text
    assert_plain(text)


def test_a_server_error_says_tvmaze_has_trouble_and_no_http_code(qtbot, services, search_dialog, lane, httpserver):
    services.online.tvmaze.url = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/search/shows").respond_with_data("oops", status=500)
    dialog = search_dialog("bosch")
    qtbot.waitUntil(lambda: visible_button(dialog, "Retry") is not None, timeout=15_000)
    settled(qtbot, lane)
    snap(dialog, "search-trouble")
    text = shown_text(dialog)
    assert "TVmaze is having trouble" in text and "500" not in text
    assert_plain(text)


def test_an_answer_that_is_not_json_is_said_plainly(qtbot, services, search_dialog, lane, httpserver):
    services.online.tvmaze.url = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/search/shows").respond_with_data("<html>maintenance</html>", status=200)
    dialog = search_dialog("bosch")
    qtbot.waitUntil(lambda: visible_button(dialog, "Retry") is not None, timeout=15_000)
    settled(qtbot, lane)
    text = shown_text(dialog)
    assert "TVmaze sent an answer we could not use" in text and "json" not in text.lower()
    assert_plain(text)


def test_no_match_says_so_and_offers_adding_by_hand(qtbot, services, search_dialog, lane, httpserver):
    services.online.tvmaze.url = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/search/shows").respond_with_json([])
    dialog = search_dialog("Bosch: Origins")
    qtbot.waitUntil(lambda: visible_button(dialog, "Retry") is not None, timeout=15_000)
    settled(qtbot, lane)
    snap(dialog, "search-no-match")
    text = shown_text(dialog)
    assert "No show on TVmaze matches “Bosch: Origins”. Check the spelling, or add it by hand." in text
    by_hand = visible_button(dialog, "Add by hand instead…")
    assert by_hand is not None and by_hand.parent() is not dialog.buttons  # in the results area
    with qtbot.waitSignal(dialog.by_hand.clicked, timeout=2_000):  # what the controller listens to
        qtbot.mouseClick(by_hand, Qt.MouseButton.LeftButton)


def test_no_match_without_adding_by_hand_suggests_another_title(qtbot, services, search_dialog, lane, httpserver):
    services.online.tvmaze.url = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/search/shows").respond_with_json([])
    dialog = search_dialog("Bosch: Origins", by_hand=False)  # Find on TVmaze: linking, not adding
    qtbot.waitUntil(lambda: visible_button(dialog, "Retry") is not None, timeout=15_000)
    settled(qtbot, lane)
    text = shown_text(dialog)
    assert "No show on TVmaze matches “Bosch: Origins”. Check the spelling, or try another title." in text
    assert visible_button(dialog, "Add by hand instead…") is None


# -- the news feeds dialog --------------------------------------------------------------------


def test_an_offline_poll_says_so_in_the_feeds_dialog_and_retry_reads_them_once_back(qtbot, services, lane):
    port = closed_port()
    services.feeds.add(f"http://127.0.0.1:{port}/tvnews.rss.xml", "TV Wire")
    services.feeds.add(f"http://127.0.0.1:{port}/other.rss.xml", "Other news")
    holder: dict[str, FeedsDialog] = {}

    def poll() -> None:  # as the window does: on its network lane, then poll_finished()
        lane.run(services.feeds.poll, lambda _: holder["d"].poll_finished(), holder["d"].poll_finished)

    dialog = FeedsDialog(services.feeds, SyncLane().run, poll_requested=poll)
    holder["d"] = dialog
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert visible_button(dialog, "Retry") is None  # never read yet: nothing to say
    qtbot.mouseClick(dialog.poll_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: visible_button(dialog, "Retry") is not None, timeout=15_000)
    settled(qtbot, lane)
    snap(dialog, "feeds-offline")
    text = shown_text(dialog)
    assert "You seem to be offline" in text and "Check your connection, then Retry." in text
    states = [dialog.table.item(r, 3) for r in range(dialog.table.rowCount())]
    for state in states:
        assert state.text().startswith("Could not be reached"), state.text()
        assert_plain(state.text())
        assert_plain(state.toolTip())
    assert_plain(text)

    back = HTTPServer(host="127.0.0.1", port=port)
    for path in ("/tvnews.rss.xml", "/other.rss.xml"):
        back.expect_request(path).respond_with_data(
            (FEEDS / "tvnews.rss.xml").read_bytes(), content_type="application/rss+xml"
        )
    back.start()
    try:
        qtbot.mouseClick(visible_button(dialog, "Retry"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.poll_button.text() == "Check feeds now", timeout=15_000)
        settled(qtbot, lane)
    finally:
        back.clear()
        back.stop()
    assert visible_button(dialog, "Retry") is None and "offline" not in shown_text(dialog)
    assert all(dialog.table.item(r, 3).text().startswith("Read today at ") for r in range(2))


def test_one_feed_down_is_said_in_its_row_without_the_offline_notice(qtbot, services, lane, httpserver):
    httpserver.expect_request("/tvnews.rss.xml").respond_with_data(
        (FEEDS / "tvnews.rss.xml").read_bytes(), content_type="application/rss+xml"
    )
    services.feeds.add(httpserver.url_for("/tvnews.rss.xml"), "TV Wire")
    services.feeds.add(f"http://127.0.0.1:{closed_port()}/feed.xml", "Gone")
    services.feeds.poll()
    dialog = FeedsDialog(services.feeds, SyncLane().run, poll_requested=lambda: None)
    qtbot.addWidget(dialog)
    dialog.show()
    states = {dialog.table.item(r, 1).text(): dialog.table.item(r, 3).text() for r in range(2)}
    assert states["Gone"].startswith("Could not be reached") and states["TV Wire"].startswith("Read today")
    assert_plain(states["Gone"])
    assert visible_button(dialog, "Retry") is None  # one site down is not the viewer being offline


def test_a_poll_that_fails_as_a_whole_is_said_with_retry(qtbot, services):
    services.feeds.add("https://tv.example/feed/", "TV")
    asked = []
    dialog = FeedsDialog(services.feeds, SyncLane().run, poll_requested=lambda: asked.append(1))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.poll_button, Qt.MouseButton.LeftButton)
    dialog.poll_finished(DatabaseLocked("database is locked (sqlite3.OperationalError)"))
    snap(dialog, "feeds-failed")
    text = shown_text(dialog)
    assert "The feeds could not be checked" in text and "sqlite" not in text and "locked" not in text
    retry = visible_button(dialog, "Retry")
    assert retry is not None and dialog.poll_button.text() == "Check feeds now"
    qtbot.mouseClick(retry, Qt.MouseButton.LeftButton)
    assert asked == [1, 1]


def test_the_window_shows_the_offline_notice_after_its_own_poll(qtbot, make_window, services):
    services.feeds.add(f"http://127.0.0.1:{closed_port()}/feed.xml", "TV Wire")
    w = make_window(services)
    idle(qtbot, w)
    seen = {}

    def use(dialog: FeedsDialog):
        qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
        qtbot.mouseClick(dialog.poll_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: visible_button(dialog, "Retry") is not None, timeout=15_000)
        seen["text"] = shown_text(dialog)
        seen["state"] = dialog.table.item(0, 3).text()

    in_dialog(qtbot, FeedsDialog, use)
    w.manage_feeds()
    idle(qtbot, w)
    # one feed: it may be its site that is down
    assert "Your feed could not be reached" in seen["text"] and "You may be offline" in seen["text"]
    assert seen["state"].startswith("Could not be reached")
    assert_plain(seen["text"])
