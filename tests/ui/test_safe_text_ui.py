"""What the window shows of outside text holds no control, bidi override or invisible character,
whatever an older version stored ("gnp.exe" with U+202E shows as "exe.png"): the alerts list and
its reading pane, desktop notifications, the news-feeds dialog and its status line, a series' page
(title, overview, episodes, cast, related series, announcements) and the library list (issue 11,
defect 14)."""

from __future__ import annotations

from datetime import UTC

import pytest
from PySide6.QtCore import QModelIndex, Qt

from tests.hostile.test_output import BAD, HOSTILE, execute, poison

from watchtracker.ui.alerts.feeds_dialog import FeedsDialog
from watchtracker.ui.alerts.model import AlertsModel
from watchtracker.ui.alerts.notifier import compose
from watchtracker.ui.detail.page import DetailPage
from watchtracker.ui.library.model import LibraryModel
from watchtracker.ui.tasks import SyncLane

ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole)


@pytest.fixture
def poisoned(example, paths):
    poison(paths.database.parent)
    return example


def texts(model, parent: QModelIndex = QModelIndex()) -> list[str]:
    """Every text a view could show of the model, depth first."""
    found = []
    for row in range(model.rowCount(parent)):
        for col in range(model.columnCount(parent)):
            index = model.index(row, col, parent)
            found += [v for role in ROLES if isinstance(v := index.data(role), str)]
        found += texts(model, model.index(row, 0, parent))
    return found


def assert_clean(values) -> None:
    values = list(values)
    assert values
    bad = [v for v in values if BAD.search(v)]
    assert not bad, bad[:3]


def test_the_alerts_model_shows_clean_text(poisoned, qtmodeltester):
    rows = poisoned.alerts.alerts()
    model = AlertsModel()
    model.set_rows(rows)
    qtmodeltester.check(model)
    shown = texts(model)
    assert_clean(shown)
    assert any(s.startswith("Bosch: Legacy to end with season 3[2J[H]0;owned") for s in shown)
    assert any("gnp.exe" in s for s in shown)  # the text stays, only what hides or commands it goes


def test_notifications_are_clean(poisoned):
    rows = poisoned.alerts.alerts()
    assert_clean(x for n in (1, 2, 3, len(rows)) for x in compose(rows[:n]))


def test_a_notification_body_holds_no_markup():
    """Most notification servers take the body as markup: a headline cannot make a link or an image."""
    from datetime import datetime

    from tests.ui.test_alerts_ui import row

    when = datetime(2026, 11, 20, tzinfo=UTC)
    evil = "<a href='https://evil.example/'>Update now</a> <img src='file:///etc/passwd'>"
    for alerts in ([row(1, evil, when)], [row(1, evil, when), row(2, "Plain news", when)]):
        title, body = compose(alerts)
        assert "<" not in body and ">" not in body
        assert "‹a href='https://evil.example/'›Update now‹/a›" in body


def test_the_alerts_page_reading_pane_is_clean(poisoned, qtbot, make_window):
    from tests.ui.test_alerts_ui import open_alerts

    w = open_alerts(qtbot, make_window, poisoned)
    page = w.alerts_page
    page.tree.setCurrentIndex(page.model.index(0, 0, page.model.index(0, 0)))
    assert page.current_alert() is not None
    assert_clean(label.text() for label in (page.pane_headline, page.pane_meta, page.pane_summary, page.pane_why))
    assert_clean(page.series.itemText(i) for i in range(page.series.count()))


def test_the_feeds_dialog_is_clean(poisoned, qtbot):
    dialog = FeedsDialog(poisoned.feeds, SyncLane().run)
    qtbot.addWidget(dialog)
    table = dialog.table
    cells = [table.item(r, c) for r in range(table.rowCount()) for c in range(table.columnCount())]
    assert_clean([*(i.text() for i in cells), *(i.toolTip() for i in cells)])
    assert table.item(0, 1).text().startswith("Wire[2J[H")


def test_the_status_line_naming_a_failing_feed_is_clean(poisoned, paths, qtbot, make_window, httpserver):
    httpserver.expect_request("/page").respond_with_data("<html><body>hi</body></html>", content_type="text/html")
    execute(paths.database, "UPDATE feed SET url = ?", httpserver.url_for("/page"))
    w = make_window(poisoned)
    with qtbot.waitSignal(w.alerts_controller.polled, timeout=10_000):
        w.alerts_controller.poll()
    message = w.statusBar().currentMessage()
    assert message.startswith("Some feeds could not be read (Wire[2J[H")
    assert not BAD.search(message), message


def test_a_series_page_is_clean(poisoned, qtbot):
    page = DetailPage()
    qtbot.addWidget(page)
    for sid, _ in poisoned.library.titles():
        page.show_detail(poisoned.library.detail(sid))
        assert_clean(
            [
                page.title.text(),
                page.meta.text(),
                page.franchise.text(),
                page.overview.text(),
                page.related.toPlainText(),
                page.timeline.toPlainText(),
                page.no_episodes.text(),
                *texts(page.model),
                *texts(page.cast_model),
            ]
        )


def test_the_library_list_is_clean(poisoned):
    model = LibraryModel()
    model.set_rows(poisoned.library.library())
    assert_clean(texts(model))
    assert HOSTILE not in "".join(texts(model))
