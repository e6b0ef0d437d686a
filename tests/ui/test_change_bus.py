"""The change bus: what a service changed reaches every subscriber, in the order they subscribed,
and only then is it said to be delivered; an empty change reaches nobody."""

from __future__ import annotations

from watchtracker.services.changes import Changes

from watchtracker.ui.changes import ChangeBus


def test_a_change_reaches_every_subscriber_in_order_then_is_delivered(qtbot):
    bus = ChangeBus()
    heard: list[tuple[str, Changes]] = []
    bus.changed.connect(lambda c: heard.append(("library", c)))
    bus.changed.connect(lambda c: heard.append(("detail", c)))
    bus.delivered.connect(lambda c: heard.append(("delivered", c)))
    change = Changes.of(7)
    bus.publish(change)  # at once, on this thread: a view may rely on it before publish returns
    assert heard == [("library", change), ("detail", change), ("delivered", change)]


def test_an_empty_change_reaches_nobody(qtbot):
    bus = ChangeBus()
    heard: list[Changes] = []
    bus.changed.connect(heard.append)
    bus.delivered.connect(heard.append)
    bus.publish(Changes())
    assert heard == []


def test_the_window_hands_a_change_to_its_views_through_the_bus(qtbot, make_window, example):
    w = make_window(example)
    legacy = example.library.find("Bosch: Legacy")
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):
        w.open_series(legacy)
    example.library.mark_watched([e.id for e in example.library.detail(legacy).episodes()[:5]])  # behind its back
    delivered: list[Changes] = []
    w.changes_applied.connect(delivered.append)
    with qtbot.waitSignal(w.detail_shown, timeout=10_000):  # the detail page subscribed: it reads again
        w.bus.publish(Changes.of(legacy))
    assert delivered == [Changes.of(legacy)]
    assert "5 of 30 episodes watched" in w.detail_page.progress_label.text()
    qtbot.waitUntil(lambda: not w.library_lane.busy, timeout=10_000)
    row = w.library_page.model.row_for(legacy)
    assert w.library_page.model.series_row(row).episodes_watched == 5  # and so did the library's rows
