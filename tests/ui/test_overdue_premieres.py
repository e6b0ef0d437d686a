"""A premiere whose expected period is over, with no episodes known, is overdue: Upcoming puts it
apart under its own heading, the series' page and Franchises say so and point to Find on TVmaze."""

from __future__ import annotations

from tests.unit.test_schedule import BERLIN, add_series
from watchtracker.domain.dates import parse_partial_date
from watchtracker.domain.enums import LifecycleStatus
from watchtracker.domain.franchise import FranchiseNode
from watchtracker.services.schedule import ScheduleService

from watchtracker.ui.detail.page import DetailPage
from watchtracker.ui.franchises.model import progress_text, when_text
from watchtracker.ui.upcoming.model import ANNOUNCED_LABEL, OVERDUE_LABEL, UpcomingModel


def test_upcoming_shows_the_overdue_under_their_own_heading(qtbot, services):
    e = services.engine
    add_series(e, "Long Gone", status=LifecycleStatus.ANNOUNCED, premiere="2025")
    add_series(e, "Next Year", status=LifecycleStatus.ANNOUNCED, premiere="2027")
    sched = ScheduleService(services.engine, services.library, tz=BERLIN)
    model = UpcomingModel()
    model.set_upcoming(sched.upcoming(), sched.today())
    texts = [model.index(r, 0).data() or model.index(r, 1).data() for r in range(model.rowCount())]
    assert texts[0].startswith(ANNOUNCED_LABEL) and texts[2].startswith(OVERDUE_LABEL), texts
    assert model.index(3, 0).data() == "Expected 2025 — no date since"
    assert "Find on TVmaze" in model.index(3, 1).data(3)  # the tooltip role


def test_the_series_page_says_it_was_expected_and_points_to_find_on_tvmaze(qtbot, services):
    sid = add_series(services.engine, "Long Gone", status=LifecycleStatus.ANNOUNCED, premiere="2025")
    page = DetailPage()
    qtbot.addWidget(page)
    page.show_detail(services.library.detail(sid))
    text = page.no_episodes.text()
    assert text.startswith("Long Gone was expected to premiere in 2025; no date has been announced since")
    assert "Find on TVmaze" in text and page.find_online_button.isVisibleTo(page)


def test_franchises_say_expected_no_date_since_not_not_out_yet():
    node = FranchiseNode(
        series_id=1,
        title="Long Gone",
        status=LifecycleStatus.ANNOUNCED,
        premiere=parse_partial_date("2025"),
        ended=None,
        followed=True,
        state=None,
        watched=0,
        aired=0,
    )
    assert progress_text(node) == "expected, no date since"
    assert when_text(node).startswith("Expected 2025 — no date since")
    soon = FranchiseNode(
        series_id=2,
        title="Soon",
        status=LifecycleStatus.ANNOUNCED,
        premiere=parse_partial_date("2099"),
        ended=None,
        followed=True,
        state=None,
        watched=0,
        aired=0,
    )
    assert progress_text(soon) == "not out yet" and when_text(soon) == "Premieres 2099"
