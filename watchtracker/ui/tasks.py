"""One background helper: run a plain function on the thread pool, get its result (or its
exception) back on the GUI thread through a signal. The GUI thread never waits on the worker."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Relay(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay):
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:  # on a worker thread
        try:
            result = self.fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread to decide
            self.relay.failed.emit(exc)
        else:
            self.relay.succeeded.emit(result)


class TaskRunner(QObject):
    """One lane: tasks run one after another on a worker thread, so their results arrive in
    the order they were asked for (a refresh never overtakes a newer one).

    Signals: ``busy_changed(bool)`` when the first task starts or the last one ends."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._relays: set[_Relay] = set()

    @property
    def busy(self) -> bool:
        return bool(self._relays)

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        relay = _Relay()  # lives on the GUI thread: its signals are delivered there
        was_busy = self.busy
        self._relays.add(relay)

        @Slot(object)
        def done(result: Any) -> None:
            self._finish(relay)
            on_done(result)

        @Slot(object)
        def failed(exc: BaseException) -> None:
            self._finish(relay)
            on_error(exc)

        relay.succeeded.connect(done)
        relay.failed.connect(failed)
        if not was_busy:
            self.busy_changed.emit(True)
        self.pool.start(_Job(fn, relay))

    def _finish(self, relay: _Relay) -> None:
        self._relays.discard(relay)
        relay.deleteLater()
        if not self._relays:
            self.busy_changed.emit(False)

    def wait(self, msecs: int = -1) -> bool:
        """For shutdown and tests only: block until the lane is empty (-1: however long)."""
        return self.pool.waitForDone(msecs)


class ProgressRelay(QObject):
    """Hand progress from a worker to the GUI thread: pass ``report`` as the service's callback.

    Signals: ``progressed(int, int, str)`` (done, total, what)."""

    progressed = Signal(int, int, str)

    def report(self, done: int, total: int, what: str) -> None:  # called on the worker
        self.progressed.emit(done, total, what)
