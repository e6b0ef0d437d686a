"""One background helper: run a plain function on the thread pool, get its result (or its
exception) back on the GUI thread through a signal. The GUI thread never waits on the worker."""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


def freeze_heap() -> None:
    """What is alive now lives long (start-up's modules, Qt wrappers and database metadata; an
    import's batch of thousands of viewings): keep it out of the cyclic garbage collector's full
    walks. A full walk holds the interpreter for 40-100 ms with an import's batch in memory, and
    the window waits that long (``bench_import.py --window``: the longest GUI pause fell from
    ~80-100 ms to ~25-30 ms). Reference counting still frees these objects when they go; only
    a cycle among them would wait for the end of the program."""
    gc.freeze()


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

    The worker can also ``breathe()`` (``report.breathe``, for services that look for it): it
    waits there until the GUI thread's event loop has come round to it, so a paint or anything
    else the window has queued runs without the worker competing for the interpreter. A window
    that keeps its event loop turning costs the worker a fraction of a millisecond per breath.

    Signals: ``progressed(int, int, str)`` (done, total, what)."""

    progressed = Signal(int, int, str)
    _pinged = Signal()

    #: the longest a worker waits for a window that is busy (a window that does not answer at
    #: all, its event loop stopped, is not waited for again until it does)
    MAX_WAIT = 0.25

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._home = threading.get_ident()
        self._answered = threading.Event()
        self._answered.set()
        self._pinged.connect(self._on_pinged)  # queued: emitted on the worker, run on the GUI thread

    @property
    def report(self) -> _Reporter:
        """The callback to hand the service: ``report(done, total, what)``, ``report.breathe()``."""
        return _Reporter(self)

    def breathe(self) -> None:  # called on the worker
        if threading.get_ident() == self._home:  # run synchronously: there is nobody to wait for
            return
        if not self._answered.is_set():  # the last one is still queued: the loop is not turning
            return
        self._answered.clear()
        try:
            self._pinged.emit()
        except RuntimeError:  # the window is gone: nobody to make room for
            return
        self._answered.wait(self.MAX_WAIT)

    @Slot()
    def _on_pinged(self) -> None:
        self._answered.set()


class _Reporter:
    """``ProgressRelay.report``: a progress callback that also offers ``breathe``."""

    def __init__(self, relay: ProgressRelay):
        self._relay = relay

    def __call__(self, done: int, total: int, what: str) -> None:  # called on the worker
        self._relay.progressed.emit(done, total, what)

    def breathe(self) -> None:
        self._relay.breathe()
