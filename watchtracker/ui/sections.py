"""Up next, Upcoming, Franchises and Statistics: their pages and controllers, made once the library
is open (their services come with it), added to the window's page stack, and subscribed to the
change bus. The window puts a section on screen and says so (``shown``); it reads what it shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QStackedWidget

from watchtracker.services.changes import Changes

from watchtracker.ui.changes import ChangeBus
from watchtracker.ui.tasks import Lane

if TYPE_CHECKING:
    from watchtracker.services.library import LibraryService
    from watchtracker.settings import Settings

    from watchtracker.ui.main_window import Views

NAMES = ("upnext", "upcoming", "franchises", "stats")


class Sections(QObject):
    """Signals: ``specials_changed(bool)`` when the viewer ticked Specials in Up next (a setting
    Upcoming shares); ``days_changed(int)`` when Upcoming's range changed; ``library_requested()``
    from the Statistics page's empty state."""

    specials_changed = Signal(bool)
    days_changed = Signal(int)
    library_requested = Signal()

    def __init__(
        self,
        stack: QStackedWidget,
        views: Views,
        library: LibraryService,
        settings: Settings | None,
        *,
        library_lane: Lane,
        bus: ChangeBus,
        undo_stack: QUndoStack,
        open_series: Callable[[int], None],
        status: Callable[[str, int], None],
        report_error: Callable[[BaseException], None],
        parent=None,
    ):
        from watchtracker.ui.franchises.controller import FranchisesController
        from watchtracker.ui.franchises.page import FranchisesPage
        from watchtracker.ui.stats.controller import StatsController
        from watchtracker.ui.stats.page import StatsPage
        from watchtracker.ui.upcoming.controller import UpcomingController
        from watchtracker.ui.upcoming.page import UpcomingPage
        from watchtracker.ui.upnext.controller import UpNextController
        from watchtracker.ui.upnext.page import UpNextPage

        super().__init__(parent)
        self.stack = stack
        self.seen: set[str] = set()  # shown at least once: they follow changes from then on
        specials = settings.include_specials if settings is not None else False
        common = dict(library_lane=library_lane, open_series=open_series, report_error=report_error, parent=self)
        self.upnext_page, self.upcoming_page = UpNextPage(), UpcomingPage()
        self.franchises_page, self.stats_page = FranchisesPage(), StatsPage()
        self.upnext_controller = UpNextController(
            self.upnext_page,
            views.schedule,
            library,
            apply_changes=bus.publish,
            status=status,
            undo_stack=undo_stack,
            include_specials=specials,
            **common,
        )
        self.upcoming_controller = UpcomingController(
            self.upcoming_page,
            views.schedule,
            views.export,
            status=status,
            include_specials=specials,
            days=settings.upcoming_days if settings is not None else 30,
            franchises=views.franchises,
            **common,
        )
        self.franchises_controller = FranchisesController(
            self.franchises_page,
            views.franchises,
            apply_changes=bus.publish,
            status=status,
            undo_stack=undo_stack,
            **common,
        )
        self.stats_controller = StatsController(self.stats_page, views.stats, **common)
        self.controllers = {
            "upnext": self.upnext_controller,
            "upcoming": self.upcoming_controller,
            "franchises": self.franchises_controller,
            "stats": self.stats_controller,
        }
        pages = {
            "upnext": self.upnext_page,
            "upcoming": self.upcoming_page,
            "franchises": self.franchises_page,
            "stats": self.stats_page,
        }
        self.index = {name: stack.addWidget(page) for name, page in pages.items()}
        for controller in self.controllers.values():
            bus.changed.connect(controller.on_changes)
        self.upnext_controller.specials_changed.connect(self._on_specials_changed)
        self.upcoming_controller.days_changed.connect(self.days_changed)
        self.stats_page.library_requested.connect(self.library_requested)

    def shown(self, name: str) -> None:
        """The section's page is on screen: it reads what it shows (Up next moves on with time,
        every time; Upcoming and Franchises the first time, then they follow changes)."""
        first = name not in self.seen
        self.seen.add(name)
        if name == "upnext" or (first and name in ("upcoming", "franchises")):
            self.controllers[name].reload()
        self.stack.currentWidget().setFocus()

    def reload(self) -> None:
        """F5: the sections seen so far read again; Statistics counts again when on screen."""
        for name, controller in self.controllers.items():
            if name == "stats":
                controller.on_changes(Changes(everything=True))
            elif name in self.seen:
                controller.reload()

    def set_include_specials(self, on: bool) -> None:
        self.upnext_controller.set_include_specials(on)  # Upcoming and the setting follow

    def set_days(self, days: int) -> None:
        self.upcoming_page.set_days(days, emit="upcoming" in self.seen)

    def _on_specials_changed(self, on: bool) -> None:
        """The Up next page's Specials box is the include_specials setting, shared with Upcoming."""
        self.upcoming_controller.set_include_specials(on)
        self.specials_changed.emit(on)


__all__ = ["NAMES", "Sections"]
