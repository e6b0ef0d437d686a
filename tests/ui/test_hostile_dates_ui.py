"""Any time a library holds — year 1, year 9999, what an older version stored unchecked — is shown
by every page in any time zone, without an error: the alerts list and its reading pane, the
series page (episodes with air times, the announcements timeline), the feeds dialog."""

from __future__ import annotations

import sqlite3
import time

import pytest
from sqlmodel import select

from watchtracker.storage.database import session_scope
from watchtracker.storage.tables import Announcement, AnnouncementSeries, Series

STORED = ["0001-01-01 00:00:00.000000", "9999-12-31 23:59:59.999999"]


@pytest.fixture(params=["Pacific/Kiritimati", "Pacific/Pago_Pago"])
def far_zone(request, monkeypatch):
    """The computer's zone at +14 h or -11 h: the ends of the calendar are out of reach there."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def _store_extremes(services, stamp: str) -> int:
    with session_scope(services.engine) as session:
        legacy = session.exec(select(Series).where(Series.title == "Bosch: Legacy")).one()
        ann = Announcement(kind="news", headline="Out of time", source="Test feed", fingerprint=f"odd:{stamp}")
        session.add(ann)
        session.flush()
        session.add(AnnouncementSeries(announcement_id=ann.id, series_id=legacy.id))
        sid = legacy.id
    con = sqlite3.connect(services.engine.url.database)
    con.execute(
        "UPDATE announcement SET published_at = ?, created_at = ? WHERE fingerprint = ?", (stamp, stamp, f"odd:{stamp}")
    )
    con.execute("UPDATE episode SET airstamp = ? WHERE series_id = ? AND season = 1 AND number = 1", (stamp, sid))
    con.execute(
        "INSERT INTO feed (url, name, enabled, last_polled_at, last_ok_at, items_seen, created_at)"
        " VALUES ('https://example.org/feed', 'Odd', 1, ?, ?, 0, ?)",
        (stamp, stamp, stamp),
    )
    con.commit()
    con.close()
    return sid


@pytest.mark.parametrize("stamp", STORED)
def test_every_page_shows_any_stored_time_in_any_zone(qtbot, make_window, example, far_zone, stamp):
    from watchtracker.ui.alerts.feeds_dialog import FeedsDialog

    sid = _store_extremes(example, stamp)
    w = make_window(example)
    w.resize(1280, 800)

    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        w.open_series(sid)
    page = w.detail_page
    for tab in range(page.tabs.count()):
        page.tabs.setCurrentIndex(tab)
        page.grab()

    w.show_alerts()
    alerts = w.alerts_page
    qtbot.waitUntil(lambda: alerts.model.alert_count() > 0, timeout=10_000)
    model = alerts.model
    for day in range(model.rowCount()):
        parent = model.index(day, 0)
        for row in range(model.rowCount(parent)):
            alerts.tree.setCurrentIndex(model.index(row, 0, parent))
            alerts.grab()

    dialog = FeedsDialog(example.feeds, w.library_lane.run, parent=w)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    dialog.grab()
