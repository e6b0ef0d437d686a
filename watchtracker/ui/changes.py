"""The change bus: how what a service changed reaches the views.

Every write in the UI ends with the ``Changes`` its service returned; whoever made it publishes
them here, once. Each controller subscribes to ``changed`` and decides for itself what it reads
again (the rows of the series touched, the detail on screen, the alerts, nothing at all). Nobody
calls a view's refresh by hand.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from watchtracker.services.changes import Changes


class ChangeBus(QObject):
    """Signals: ``changed(Changes)`` for each non-empty change published, to every subscriber in
    the order they subscribed; ``delivered(Changes)`` right after, once every subscriber had it."""

    changed = Signal(object)
    delivered = Signal(object)

    def publish(self, changes: Changes) -> None:
        """Hand ``changes`` to every subscriber, now (on the GUI thread); an empty one is dropped."""
        if not changes:
            return
        self.changed.emit(changes)
        self.delivered.emit(changes)


__all__ = ["ChangeBus"]
