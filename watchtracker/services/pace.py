"""Long work on a worker thread that leaves room for a window.

A refresh or an import is long stretches of Python (parsing, the ORM, loops over thousands of
rows), and a window on another thread needs the interpreter back for every call Qt makes into
Python while it paints: against a busy worker each of those waits for the switch interval, and
one paint could take 50-140 ms. So such work offers the interpreter at least every SLICE seconds,
through the progress callback's optional ``breathe()`` (the window's ``ProgressRelay`` waits there
until its event loop has caught up); without one, nothing is offered and nothing is slowed.
"""

from __future__ import annotations

import time
from collections.abc import Callable

SLICE = 0.004


class Pace:
    """Call it often (it is cheap); it calls ``breathe`` once a SLICE of work has gone by, and
    at the first call (whatever the window had queued before the work began goes first)."""

    def __init__(self, breathe: Callable[[], None] | None = None):
        self._breathe = breathe
        self._since = float("-inf")

    @classmethod
    def of(cls, progress: object) -> Pace:
        """The pace a progress callback asks for (``progress.breathe``, if it has one)."""
        return cls(getattr(progress, "breathe", None))

    def __call__(self) -> None:
        if self._breathe is not None and time.perf_counter() - self._since >= SLICE:
            self._breathe()
            self._since = time.perf_counter()


def no_pace() -> None:
    pass
