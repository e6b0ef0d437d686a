"""One rule for writes: every undoable edit is a ``ui.commands.UndoCommand`` whose every run (the
first, each undo, each redo) goes to the host's library lane. Tested on a controller alone with
``SyncLane`` (the synchronous stand-in for a lane) and, for the thread, with a real lane."""

from __future__ import annotations

import threading

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication
from sqlalchemy.exc import OperationalError

from watchtracker.services.changes import Changes

from watchtracker.ui.changes import ChangeBus
from watchtracker.ui.commands import FollowCommand, UndoCommand, WatchCommand, start
from watchtracker.ui.detail.controller import DetailController
from watchtracker.ui.detail.page import DetailPage
from watchtracker.ui.tasks import SyncLane, TaskRunner


class Host:
    def __init__(self, lane) -> None:
        self.library_lane = lane
        self.changes: list[Changes] = []
        self.errors: list[BaseException] = []

    def apply_changes(self, changes: Changes) -> None:
        self.changes.append(changes)

    def report_error(self, exc: BaseException) -> None:
        self.errors.append(exc)


def plays(services, series_id: int) -> int:
    """Every viewing of the series' episodes."""
    return sum(e.plays for season in services.library.detail(series_id).seasons for e in season.episodes)


def unwatched(services, title: str, n: int = 1) -> tuple[int, list[int]]:
    sid = services.library.find(title)
    episodes = [e.id for season in services.library.detail(sid).seasons for e in season.episodes if not e.watched]
    assert len(episodes) >= n
    return sid, episodes[:n]


def test_a_command_runs_on_the_lane_and_undo_and_redo_go_there_too(services, example):
    lane = SyncLane()
    host, stack = Host(lane), QUndoStack()
    sid, [episode] = unwatched(example, "Bosch: Legacy")
    before = plays(example, sid)
    command = WatchCommand(host, example.library, "mark", [episode], "Mark it watched")
    started: list[UndoCommand] = []
    start(host, stack, command, started.append)
    assert started == [command] and stack.count() == 1 and command.count == 1
    assert plays(example, sid) == before + 1
    assert len(lane.ran) == 1 and sid in host.changes[-1].series
    stack.undo()
    assert plays(example, sid) == before and len(lane.ran) == 2
    stack.redo()
    assert plays(example, sid) == before + 1 and len(lane.ran) == 3
    assert host.errors == []


def test_a_refused_first_run_is_not_pushed(services, example, monkeypatch):
    host, stack = Host(SyncLane()), QUndoStack()

    def locked(*_a, **_k):
        raise OperationalError("UPDATE", {}, Exception("database is locked"))

    monkeypatch.setattr(example.library, "follow", locked)
    sid = example.library.find("Ballard")
    refused: list[BaseException] = []
    start(host, stack, FollowCommand(host, example.library, sid, True, "Ballard"), on_error=refused.append)
    assert len(refused) == 1 and "locked" in str(refused[0])
    assert stack.count() == 0 and host.changes == [] and host.errors == []


def test_a_failed_undo_steps_the_stack_back_so_the_next_undo_tries_again(qtbot, services, example, monkeypatch):
    host, stack = Host(SyncLane()), QUndoStack()
    sid, [episode] = unwatched(example, "Bosch: Legacy")
    before = plays(example, sid)
    command = WatchCommand(host, example.library, "mark", [episode], "Watch it")
    start(host, stack, command)
    assert plays(example, sid) == before + 1
    real = example.library.remove_viewings

    def locked(*_a, **_k):
        raise OperationalError("DELETE", {}, Exception("database is locked"))

    monkeypatch.setattr(example.library, "remove_viewings", locked)
    stack.undo()
    assert len(host.errors) == 1
    qtbot.waitUntil(lambda: stack.index() == 1, timeout=5_000)  # stepped back: still undoable
    assert stack.canUndo() and stack.undoText() == "Watch it"
    assert plays(example, sid) == before + 1  # the undo did not happen
    monkeypatch.setattr(example.library, "remove_viewings", real)
    stack.undo()  # the lock is gone: this time it works
    assert stack.index() == 0 and len(host.errors) == 1
    assert plays(example, sid) == before


def test_a_controller_alone_marks_watched_with_a_synchronous_lane(qtbot, services, example):
    """DetailController without a window: its writes go to the lane it was given, the change
    reaches the bus, the stack holds the undo, the status line says what was done."""
    lane, stack, bus = SyncLane(), QUndoStack(), ChangeBus()
    page = DetailPage()
    qtbot.addWidget(page)
    statuses: list[str] = []
    errors: list[BaseException] = []
    published: list[Changes] = []
    bus.changed.connect(published.append)
    controller = DetailController(
        page,
        library_lane=lane,
        bus=bus,
        status=lambda text, _ms: statuses.append(text),
        report_error=errors.append,
        undo_stack=stack,
        on_page=lambda: True,
        show_page=lambda: None,
        show_library=lambda: None,
        set_title=lambda _t: None,
    )
    controller.attach(example.library, example.catalog)
    sid = example.library.find("Bosch: Legacy")
    controller.open_series(sid)
    assert page.detail is not None and page.detail.id == sid  # read on the lane, at once
    _sid, episodes = unwatched(example, "Bosch: Legacy", 2)
    before = plays(example, sid)
    controller.watch("mark", episodes, "Mark two watched")
    assert plays(example, sid) == before + 2
    assert statuses[-1] == "Marked 2 episodes watched."
    assert any(sid in c.series for c in published) and stack.undoText() == "Mark two watched"
    assert sum(e.plays for e in page.detail.episodes()) == before + 2  # the bus made the page read itself again
    stack.undo()
    assert plays(example, sid) == before and errors == []


def test_every_run_leaves_the_gui_thread(qtbot, services, example):
    lane = TaskRunner()
    host, stack = Host(lane), QUndoStack()
    sid = example.library.find("Ballard")
    threads: list[threading.Thread] = []

    class Probe(UndoCommand):
        def do(self) -> Changes:
            threads.append(threading.current_thread())
            return example.library.follow(sid)

        def revert(self) -> Changes:
            threads.append(threading.current_thread())
            return example.library.unfollow(sid)[1]

    start(host, stack, Probe(host, "Follow Ballard"))
    qtbot.waitUntil(lambda: stack.count() == 1, timeout=10_000)
    stack.undo()
    qtbot.waitUntil(lambda: len(threads) == 2, timeout=10_000)
    lane.wait()
    gui = QApplication.instance().thread()
    assert len(threads) == 2 and all(t is not threading.main_thread() for t in threads), gui
    assert host.errors == []
