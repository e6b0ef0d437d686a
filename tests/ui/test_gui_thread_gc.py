"""The cyclic garbage collector runs on the GUI thread only: a Qt object caught in a garbage
cycle is destroyed there, never on a lane's worker (where its destructor's disconnect waited for
the interpreter the GUI thread held, while the GUI thread waited for Qt's connection lock)."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject, Qt

from watchtracker.ui.tasks import TaskRunner


class Cycle:
    def __init__(self) -> None:
        self.me = self
        self.obj = QObject()  # owned by Python: deleted when the cycle is collected


def test_a_qt_object_in_a_garbage_cycle_is_destroyed_on_the_gui_thread(qtbot):
    lane = TaskRunner()
    assert not gc.isenabled()  # no collection in whatever thread crosses the threshold
    destroyed_in: list[threading.Thread] = []
    cycle = Cycle()
    cycle.obj.destroyed.connect(
        lambda *_: destroyed_in.append(threading.current_thread()), Qt.ConnectionType.DirectConnection
    )
    del cycle  # garbage now, only the cyclic collector can free it

    def churn() -> int:  # a worker allocating as a query does: enough to cross every threshold
        junk = []
        for i in range(200_000):
            junk.append({"i": i, "self": None})
            junk[-1]["self"] = junk[-1]
        return len(junk)

    done = []
    lane.run(churn, done.append, lambda exc: done.append(exc))
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)
    qtbot.waitUntil(lambda: bool(destroyed_in), timeout=5_000)  # the GUI thread's timer collected it
    assert destroyed_in == [threading.main_thread()]
    lane.wait()
