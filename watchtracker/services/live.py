"""Live between computers, as the window meets it: a library on a PostgreSQL server announces
every change (migration 0010), and a listener hands what other computers changed to the window
as ``Changes``, and says when the server cannot be reached. storage/listen.py holds it; the
front ends do not import storage, so they find it here."""

from __future__ import annotations

from watchtracker.storage.listen import BACK, CONNECTED, LOST, ChangeListener, LinkState, listener_for

__all__ = ["BACK", "CONNECTED", "LOST", "ChangeListener", "LinkState", "listener_for"]
