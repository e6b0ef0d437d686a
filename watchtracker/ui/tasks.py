"""Lanes: run a plain function on a worker thread, get its result (or its exception) back on
the GUI thread through a signal. The GUI thread never waits on the worker.

The window has three, named for what they carry (``MainWindow``): ``library_lane`` every call
on the library database, reads and writes, in the order asked; ``refresh_lane`` the network
work nobody waits for (the refresh, posters, feed polls); ``online_lane`` the network work the
viewer waits for (search, follow, link, reading an import). A controller is handed the lanes it
needs; ``SyncLane`` stands in for one in tests of a controller alone."""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

log = logging.getLogger(__name__)


def freeze_heap() -> None:
    """What is alive now lives long (start-up's modules, Qt wrappers and database metadata; an
    import's batch of thousands of viewings): keep it out of the cyclic garbage collector's full
    walks. A full walk holds the interpreter for 40-100 ms with an import's batch in memory, and
    the window waits that long (``bench_import.py --window``: the longest GUI pause fell from
    ~80-100 ms to ~25-30 ms). Reference counting still frees these objects when they go; only
    a cycle among them would wait for the end of the program."""
    gc.freeze()


class GuiThreadCollector(QObject):
    """Python's cyclic garbage collector, run on the GUI thread only.

    CPython runs a collection in whichever thread crosses its allocation threshold: a lane's
    worker, in the middle of a query. A Qt object caught in a garbage cycle is then destroyed
    there; its destructor disconnects its signals holding Qt's connection lock and asks for the
    interpreter, while the GUI thread holds the interpreter and waits for that lock in a
    ``connect``: both wait forever (seen in the tests: a window frozen in ``QObject::connect``,
    a worker in ``QObject::disconnect`` from ``gc_collect_main``). So automatic collection is
    off, and a timer on the GUI thread collects by the same thresholds CPython uses (the pattern
    of pyqtgraph and calibre). Reference counting, which frees nearly everything, is untouched."""

    INTERVAL_MS = 250
    _installed: GuiThreadCollector | None = None

    def __init__(self, parent: QObject):
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(self.INTERVAL_MS)

    @classmethod
    def install(cls) -> None:
        """Once per application, from the GUI thread (lanes do it when they are made)."""
        app = QCoreApplication.instance()
        if app is None or cls._installed is not None or threading.current_thread() is not threading.main_thread():
            return
        gc.disable()
        cls._installed = cls(app)

    @Slot()
    def check(self) -> None:
        l0, l1, l2 = gc.get_count()
        if l2 > self.threshold[2]:
            gc.collect(2)
        elif l1 > self.threshold[1]:
            gc.collect(1)
        elif l0 > self.threshold[0]:
            gc.collect(0)


class Lane(Protocol):
    """What a controller asks of a lane."""

    cancelled: threading.Event

    @property
    def busy(self) -> bool: ...

    def run(
        self, fn: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]
    ) -> None: ...


class _Relay(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _Ticket:
    """A task's place in its lane: started, or dropped before it started (``TaskRunner.stop``)."""

    __slots__ = ("dropped", "started")

    def __init__(self) -> None:
        self.started = self.dropped = False


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay, ticket: _Ticket, lock: threading.Lock):
        super().__init__()
        self.fn = fn
        self.relay = relay
        self.ticket, self.lock = ticket, lock

    def run(self) -> None:  # on a worker thread; nothing may escape (Qt would print it on stderr)
        with self.lock:
            if self.ticket.dropped:
                return
            self.ticket.started = True
        try:
            result = self.fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread to decide
            _emit(self.relay.failed, exc)
        else:
            _emit(self.relay.succeeded, result)


def _emit(signal, value: Any) -> None:
    """Hand a result over; if its window is gone (the end of the run: Qt deletes what is left),
    there is nobody to hand it to."""
    try:
        signal.emit(value)
    except RuntimeError:  # "Signal source has been deleted"
        log.info("a task ended after its window had gone (%s); its result was dropped", type(value).__name__)


class TaskRunner(QObject):
    """One lane: tasks run one after another on a worker thread, so their results arrive in
    the order they were asked for (a refresh never overtakes a newer one).

    At the end of the run the lane is stopped (``stop``): ``cancelled`` is set, for the work
    that looks at it (a refresh, a feed poll); new tasks are not taken; and, if asked, the tasks
    still waiting for their turn are dropped.

    Signals: ``busy_changed(bool)`` when the first task starts or the last one ends."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        GuiThreadCollector.install()  # before any worker runs: collections happen on the GUI thread only
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._relays: dict[_Relay, _Ticket] = {}
        self._lock = threading.Lock()
        self.cancelled = threading.Event()  # set by ``stop``: hand it to the work as its cancel

    @property
    def busy(self) -> bool:
        return bool(self._relays)

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        if self.cancelled.is_set():  # stopped: the window is closing
            log.debug("a task asked for after its lane stopped was not run")
            return
        relay = _Relay()  # lives on the GUI thread: its signals are delivered there
        ticket = _Ticket()
        was_busy = self.busy
        self._relays[relay] = ticket

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
        self.pool.start(_Job(fn, relay, ticket, self._lock))

    def _finish(self, relay: _Relay) -> None:
        if self._relays.pop(relay, None) is None:
            return
        relay.deleteLater()
        if not self._relays:
            self.busy_changed.emit(False)

    def stop(self, *, drop_waiting: bool = False) -> None:
        """The end of the run: set ``cancelled`` and take no new task. ``drop_waiting``: the
        tasks that have not started are not run (their callbacks are not called), for a lane
        whose work can wait for the next run (network reads); a library lane keeps them (a note
        being saved must be)."""
        self.cancelled.set()
        if not drop_waiting:
            return
        with self._lock:
            waiting = [relay for relay, ticket in self._relays.items() if not ticket.started]
            for relay in waiting:
                self._relays[relay].dropped = True
        for relay in waiting:
            self._finish(relay)

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
        try:
            self._relay.progressed.emit(done, total, what)
        except RuntimeError:  # the window is gone (the end of the run): nobody to tell
            pass

    def breathe(self) -> None:
        self._relay.breathe()


class Breathing:
    """A progress callback ``(done, total)`` that says nothing and offers ``breathe``: the worker
    gives the window the interpreter back at each step (services.pace) — for work whose progress
    nobody watches (a background sync)."""

    def __init__(self, relay: ProgressRelay):
        self.breathe = relay.breathe

    def __call__(self, done: int, total: int) -> None:
        pass


class SyncLane:
    """A lane that runs each task at once, on the calling thread, and calls back before ``run``
    returns: for tests of a controller without a window or a worker (what the controller does
    with an answer, not when it arrives). Never in the application: the GUI thread would wait."""

    busy = False

    def __init__(self) -> None:
        self.cancelled = threading.Event()
        self.ran: list[Callable[[], Any]] = []  # every task it was given, in order

    def run(
        self, fn: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]
    ) -> None:
        if self.cancelled.is_set():
            return
        self.ran.append(fn)
        try:
            result = fn()
        except Exception as exc:  # noqa: BLE001 - handed over, as the real lane does
            on_error(exc)
        else:
            on_done(result)

    def stop(self, *, drop_waiting: bool = False) -> None:
        self.cancelled.set()

    def wait(self, msecs: int = -1) -> bool:
        return True
