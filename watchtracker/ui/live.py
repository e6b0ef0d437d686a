"""Live between computers: with the library on a PostgreSQL server, what another computer changed
comes onto this window's change bus within a second, without F5; and when the server cannot be
reached the status bar says so in one line (what is on screen stays), until it is back.

The listener (services/live.py) runs on a thread of its own; what it hears crosses to the GUI
thread through queued signals, and is published on the bus like any change made here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QStatusBar

from watchtracker.services.changes import Changes
from watchtracker.services.live import LOST, LinkState, listener_for

from watchtracker.ui.changes import ChangeBus

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from watchtracker.services.live import ChangeListener

log = logging.getLogger(__name__)


class LiveChanges(QObject):
    """Starts a listener on the library's server and publishes what it hears on ``bus``; shows
    the link's state in a label of ``status_bar`` (hidden while all is well).

    Signals: ``line_changed(str)`` with the line shown ("" once the server is back)."""

    line_changed = Signal(str)
    _heard = Signal(object)  # Changes, from the listener's thread
    _link = Signal(object)  # LinkState, from the listener's thread

    def __init__(
        self,
        bus: ChangeBus,
        status_bar: QStatusBar,
        location: Any,
        engine: Engine | None = None,
        *,
        make_listener: Callable[..., ChangeListener] = listener_for,
        parent: QObject | None = None,
    ):
        """``location``: the library's ServerLocation (its ``host`` is named in the line);
        ``engine``: the window's own, whose writes are not heard again."""
        super().__init__(parent)
        self.bus, self.location = bus, location
        self.stopped = False
        self.label = QLabel()
        self.label.setObjectName("server_state")
        self.label.setVisible(False)
        status_bar.insertPermanentWidget(0, self.label)
        self._heard.connect(self._publish)
        self._link.connect(self._show_state)
        self.listener = make_listener(location, self._heard.emit, self._link.emit, engine)

    def start(self) -> LiveChanges:
        self.listener.start()
        return self

    def stop(self) -> None:
        """Nothing more is heard or published (returns within about a second); again: nothing."""
        if self.stopped:
            return
        self.stopped = True
        self.listener.stop()
        self._heard.disconnect(self._publish)
        self._link.disconnect(self._show_state)

    @property
    def line(self) -> str:
        """The line shown about the server ("" when all is well)."""
        return self.label.text()

    def _publish(self, changes: Changes) -> None:
        self.bus.publish(changes)

    def _show_state(self, state: LinkState) -> None:
        if state.kind == LOST:
            host = getattr(self.location, "host", "") or self.tr("the server")
            if state.last_heard is not None:
                at = state.last_heard.astimezone().strftime("%H:%M")
                text = self.tr(
                    "The library's server {host} cannot be reached — showing what was read at {time}; trying again…"
                ).format(host=host, time=at)
            else:
                text = self.tr("The library's server {host} cannot be reached; trying again…").format(host=host)
            self.label.setText(text)
            self.label.setToolTip(state.reason)
            self.label.setVisible(True)
            log.info("live changes: %s (%s)", text, state.reason)
        else:
            text = ""
            self.label.clear()
            self.label.setToolTip("")
            self.label.setVisible(False)
        self.line_changed.emit(text)


__all__ = ["LiveChanges"]
