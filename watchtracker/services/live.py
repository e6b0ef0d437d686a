"""Live between computers, as the window meets it: a library on a PostgreSQL server announces
every change (migration 0010), and a listener hands what other computers changed to the window
as ``Changes``, and says when the server cannot be reached (storage/listen.py holds it; the
front ends do not import storage)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from watchtracker.services.changes import Changes
from watchtracker.storage import listen
from watchtracker.storage.listen import BACK, CONNECTED, LOST, ChangeListener, LinkState

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from watchtracker.storage.server import ServerLocation


def listener_for(
    location: ServerLocation,
    on_changes: Callable[[Changes], None],
    on_state: Callable[[LinkState], None],
    engine: Engine | None = None,
) -> ChangeListener:
    """A listener (not started) on the library at ``location``: ``on_changes`` gets what other
    connections than ``engine``'s changed, ``on_state`` how the link is; both on its thread."""
    return listen.listener_for(location, on_changes, on_state, engine)


__all__ = ["BACK", "CONNECTED", "LOST", "ChangeListener", "LinkState", "listener_for"]
