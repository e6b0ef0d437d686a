"""Long network work that can be cancelled (a refresh, a feed poll): the window sets an event
when it closes, and the work stops at its next step, having recorded nothing about the steps
it did not take. The services' HTTP client closed under the work counts as cancelled too (the
end of the run closes it): neither is a source's fault, so neither is ever recorded as a show
skipped or a feed failing."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from watchtracker.errors import Interrupted

Cancel = threading.Event | None


def stopped(cancel: Cancel, http: object = None) -> bool:
    """Whether the work was cancelled, or the client it uses has been closed."""
    return (cancel is not None and cancel.is_set()) or bool(getattr(http, "closed", False))


def check_stopped(cancel: Cancel, http: object = None) -> None:
    """Raise Interrupted once the work is cancelled (called between its steps, and on a failure
    before it is blamed on the source)."""
    if stopped(cancel, http):
        raise Interrupted("cancelled")


@contextlib.contextmanager
def waits_cancelled_by(http: object, cancel: Cancel) -> Iterator[None]:
    """The client's waits (its rate limit, a Retry-After, a backoff) end at once when ``cancel``
    is set (``PoliteClient.cancelled_by``); a client without them is used as it is."""
    cancelled_by = getattr(http, "cancelled_by", None)
    if cancel is None or cancelled_by is None:
        yield
        return
    with cancelled_by(cancel):
        yield


__all__ = ["Cancel", "Interrupted", "check_stopped", "stopped", "waits_cancelled_by"]
