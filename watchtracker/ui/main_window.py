"""The main window, a shell: the navigation and the page stack, the menus, the status bar, what is
kept between runs (geometry, columns), the preferences, standing down for a restore, and where
errors go. Each section's behaviour is in its controller; a change reaches them on the change bus
(ui/changes.py), never through the window."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from watchtracker import __version__
from watchtracker.domain.models import LibraryRow
from watchtracker.services.changes import Changes
from watchtracker.errors import UserError
from watchtracker.errors import DatabaseDamaged, LibraryReadOnly, StorageError
from watchtracker.ui.alerts.page import AlertsPage
from watchtracker.ui.changes import ChangeBus
from watchtracker.ui.common import messages
from watchtracker.ui.common.html import esc
from watchtracker.ui.crash import CrashHandler
from watchtracker.ui.detail.controller import DetailController
from watchtracker.ui.detail.page import DetailPage
from watchtracker.ui.library.controller import LibraryController
from watchtracker.ui.library.page import LibraryPage
from watchtracker.ui.online.controller import OnlineController
from watchtracker.ui.tasks import TaskRunner
from watchtracker.ui.transfer.controller import TransferController

if TYPE_CHECKING:  # loaded after the window shows: see application.run_gui
    from collections.abc import Callable

    from watchtracker.services.alerts import AlertService
    from watchtracker.services.backups import BackupService
    from watchtracker.services.catalog import CatalogService
    from watchtracker.services.feeds import FeedService
    from watchtracker.services.franchises import FranchiseService
    from watchtracker.services.library import LibraryService
    from watchtracker.services.online import OnlineService
    from watchtracker.services.schedule import ScheduleService
    from watchtracker.services.stats import StatsService
    from watchtracker.services.transfer.calendar_export import CalendarExportService
    from watchtracker.services.transfer.export import ExportService
    from watchtracker.services.transfer.importer import ImportService
    from watchtracker.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Views:
    """The services behind Up next, Upcoming, Franchises, Statistics, and the Library menu's
    Import…, Export… and Backups…."""

    schedule: ScheduleService
    export: CalendarExportService
    franchises: FranchiseService
    stats: StatsService
    importer: ImportService | None = None  # Library > Import… (the import wizard)
    backups: BackupService | None = None  # Library > Backups… (restoring goes through the application)
    library_export: ExportService | None = None  # Library > Export… (json, csv)


LIBRARY_PAGE, DETAIL_PAGE, ALERTS_PAGE = 0, 1, 2  # the pages made with the window; the others at attach
# the navigation, in order (Ctrl+1 ... Ctrl+6)
SECTIONS = ("library", "upnext", "upcoming", "alerts", "franchises", "stats")
SECTION_LABELS = {"library": "Library", "upnext": "Up next", "upcoming": "Upcoming", "alerts": "Alerts",
                  "franchises": "Franchises", "stats": "Statistics"}
NAV_LIBRARY, NAV_ALERTS = SECTIONS.index("library"), SECTIONS.index("alerts")


class MainWindow(QMainWindow):
    """Signals: ``library_loaded()`` when the library rows arrive; ``preview_shown()`` when rows
    read before the library was open are on screen; ``detail_shown(int)`` when a series' detail
    page is filled; ``changes_applied(object)`` once a change published on the bus reached every
    view; ``restore_requested(object)`` with a backup's Path, confirmed in Backups…: the
    application restores it.

    The lanes: ``runner`` reads and writes the library, in order; ``net`` refreshes and fetches
    posters, never holding up a read; ``ask`` is what the viewer waits for (search, follow, link)."""

    library_loaded = Signal()
    preview_shown = Signal()
    detail_shown = Signal(int)
    changes_applied = Signal(object)
    restore_requested = Signal(object)
    read_only = False  # the library can only be read (show_read_only)
    damaged = False  # SQLite found a part of the library it cannot read (said once: report_error)

    def __init__(self, library: LibraryService | None, catalog: CatalogService | None, runner: TaskRunner,
                 ui_state: QSettings, database_path: Path | None = None, crash_handler: CrashHandler | None = None,
                 online: OnlineService | None = None, alerts: AlertService | None = None,
                 feeds: FeedService | None = None, views: Views | None = None, settings: Settings | None = None,
                 save_settings: Callable[[Settings], None] | None = None):
        """Without services the window shows "Opening your library…" until ``attach``."""
        super().__init__()
        self.library_service = library
        self.runner, self.net, self.ask = runner, TaskRunner(self), TaskRunner(self)
        self.ui_state, self.database_path, self.crash_handler = ui_state, database_path, crash_handler
        self.settings, self.save_settings = settings, save_settings
        self.undo_stack = QUndoStack(self)
        self.bus = ChangeBus(self)
        self.bus.delivered.connect(self.changes_applied)
        self.views: Views | None = None  # once the library is open
        self.alerts_controller = None  # AlertsController, once the library is open
        self.section_controllers: dict[str, object] = {}  # upnext, upcoming, franchises, stats
        self._section_pages: dict[str, int] = {}  # their page indexes
        self._sections_seen: set[str] = set()
        self._title = "watchtracker"

        self.setWindowTitle("watchtracker")
        self.resize(1280, 780)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setMaximumWidth(220)
        self.nav.setMinimumWidth(110)
        self._nav_items = {name: QListWidgetItem(SECTION_LABELS[name]) for name in SECTIONS}
        for name in SECTIONS:
            self.nav.addItem(self._nav_items[name])
        self._nav_library, self._nav_alerts = self._nav_items["library"], self._nav_items["alerts"]
        self.nav.setCurrentRow(NAV_LIBRARY)
        self.pages = QStackedWidget()
        self.library_page, self.detail_page, self.alerts_page = LibraryPage(), DetailPage(), AlertsPage()
        for page in (self.library_page, self.detail_page, self.alerts_page):
            self.pages.addWidget(page)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([130, 1150])
        self.notice = messages.NoticeBar()  # read-only library, an empty file made new ...
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.notice)
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.undo_button = QToolButton()
        self.undo_button.setAutoRaise(True)
        self.undo_button.setVisible(False)
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.statusBar().addPermanentWidget(self.undo_button)
        self.busy_label = QLabel()
        self.statusBar().addPermanentWidget(self.busy_label)

        # the controllers hear of changes in the order they subscribe: the library's rows first
        status = self.statusBar().showMessage
        common = dict(bus=self.bus, status=status, report_error=self.report_error, parent=self)
        self.library_controller = LibraryController(
            self.library_page, reads=runner, open_series=self.open_series, undo_stack=self.undo_stack, **common)
        self.detail_controller = DetailController(
            self.detail_page, reads=runner, undo_stack=self.undo_stack, show_library=self.show_library,
            on_page=lambda: self.pages.currentIndex() == DETAIL_PAGE,
            show_page=lambda: self.pages.setCurrentIndex(DETAIL_PAGE), set_title=self._set_title, **common)
        self.online_controller = OnlineController(
            self.library_page, self.detail_page, online, ask=self.ask, net=self.net, open_series=self.open_series,
            add_by_hand=self.library_controller.add_series,
            refresh_hours=settings.refresh_hours if settings is not None else 6.0, **common)
        self.transfer_controller = TransferController(
            self.library_page, reads=runner, ask=self.ask, online=self.online_controller,
            flush=self.detail_page.flush, restore=self.restore_requested.emit, ui_state=ui_state, **common)
        self._build_actions()
        self._connect()
        self._restore_state()
        if library is not None:
            self._open(library, catalog, alerts, feeds, views)
        self._set_ready(library is not None)

    def attach(self, library: LibraryService, catalog: CatalogService, online: OnlineService | None = None,
               alerts: AlertService | None = None, feeds: FeedService | None = None,
               views: Views | None = None) -> None:
        """The library is open: enable everything and load it."""
        self.online_controller.online = online
        self._open(library, catalog, alerts, feeds, views)
        self._set_ready(True)
        self.statusBar().clearMessage()
        self.reload_library()
        self.detail_controller.open_pending()

    def _open(self, library, catalog, alerts, feeds, views) -> None:
        self.library_service = library
        self.library_controller.attach(library, catalog)
        self.detail_controller.attach(library, catalog)
        if alerts is not None and feeds is not None:
            self._attach_alerts(alerts, feeds)
        if views is not None:
            self._attach_views(views)

    def _attach_alerts(self, alerts: AlertService, feeds: FeedService) -> None:
        from watchtracker.ui.alerts.controller import AlertsController
        from watchtracker.ui.alerts.notifier import Notifier

        notifier = Notifier(self.windowIcon(), self._come_to_alerts, parent=self)
        self.alerts_controller = AlertsController(
            self.alerts_page, alerts, feeds, reads=self.runner, net=self.net, apply_changes=self.bus.publish,
            open_series=self.open_series, status=self.statusBar().showMessage, report_error=self.report_error,
            notifier=notifier, poll_minutes=self.settings.feeds_minutes if self.settings else 60.0, parent=self)
        self.bus.changed.connect(self.alerts_controller.on_changes)
        self.alerts_controller.unread_changed.connect(self._on_unread_changed)
        self.alerts_controller.reload()

    def _attach_views(self, views: Views) -> None:
        """Up next, Upcoming, Franchises and Statistics: their pages and controllers; Import…,
        Export… and Backups…."""
        from watchtracker.ui.franchises.controller import FranchisesController
        from watchtracker.ui.franchises.page import FranchisesPage
        from watchtracker.ui.stats.controller import StatsController
        from watchtracker.ui.stats.page import StatsPage
        from watchtracker.ui.upcoming.controller import UpcomingController
        from watchtracker.ui.upcoming.page import UpcomingPage
        from watchtracker.ui.upnext.controller import UpNextController
        from watchtracker.ui.upnext.page import UpNextPage

        self.views, settings = views, self.settings
        if views.backups is not None and settings is not None:
            views.backups.keep = settings.backups_to_keep  # chosen in Preferences while it opened
        self.transfer_controller.attach(self.library_service, views.importer, views.backups, views.library_export)
        specials = settings.include_specials if settings is not None else False
        common = dict(reads=self.runner, open_series=self.open_series, report_error=self.report_error, parent=self)
        status, publish = self.statusBar().showMessage, self.bus.publish
        pages = {"upnext": UpNextPage(), "upcoming": UpcomingPage(), "franchises": FranchisesPage(),
                 "stats": StatsPage()}
        for name, page in pages.items():
            self._section_pages[name] = self.pages.addWidget(page)
        self.upnext_page, self.upcoming_page, self.franchises_page, self.stats_page = pages.values()
        self.upnext_controller = UpNextController(
            self.upnext_page, views.schedule, self.library_service, apply_changes=publish, status=status,
            undo_stack=self.undo_stack, include_specials=specials, **common)
        self.upcoming_controller = UpcomingController(
            self.upcoming_page, views.schedule, views.export, status=status, include_specials=specials,
            days=settings.upcoming_days if settings is not None else 30, franchises=views.franchises, **common)
        self.franchises_controller = FranchisesController(
            self.franchises_page, views.franchises, apply_changes=publish, status=status,
            undo_stack=self.undo_stack, **common)
        self.stats_controller = StatsController(self.stats_page, views.stats, **common)
        self.section_controllers = {"upnext": self.upnext_controller, "upcoming": self.upcoming_controller,
                                    "franchises": self.franchises_controller, "stats": self.stats_controller}
        for controller in self.section_controllers.values():
            self.bus.changed.connect(controller.on_changes)
        self.upnext_controller.specials_changed.connect(self._on_specials_changed)
        self.upcoming_controller.days_changed.connect(lambda days: self._keep_setting(upcoming_days=days))
        self.stats_page.library_requested.connect(self.show_library)

    # -- preferences -----------------------------------------------------------------------
    def _on_specials_changed(self, on: bool) -> None:
        """The Up next page's Specials box is the include_specials setting, shared with Upcoming."""
        self.upcoming_controller.set_include_specials(on)
        self._keep_setting(include_specials=on)

    def edit_preferences(self) -> None:
        if self.settings is None:
            return
        from watchtracker.ui.preferences_dialog import PreferencesDialog

        dialog = PreferencesDialog(self.settings, self)
        if dialog.exec():
            self.apply_settings(dialog.chosen())

    def apply_settings(self, new: Settings) -> None:
        """New preferences: saved, and in effect at once (timers, pages, backups)."""
        old = self.settings
        if old is None or new == old:
            return
        self._keep_setting(**{f: getattr(new, f) for f in
                              ("refresh_hours", "feeds_minutes", "upcoming_days", "backups_to_keep")})
        if new.refresh_hours != old.refresh_hours:
            self.online_controller.set_refresh_hours(new.refresh_hours)
        if new.feeds_minutes != old.feeds_minutes and self.alerts_controller is not None:
            self.alerts_controller.set_poll_minutes(new.feeds_minutes)
        if self.views is not None and self.views.backups is not None:
            self.views.backups.keep = new.backups_to_keep  # the importer's copies go through the same service
        upnext = self.section_controllers.get("upnext")
        if new.include_specials != old.include_specials:
            if upnext is not None:
                upnext.set_include_specials(new.include_specials)  # Upcoming and the setting follow
            else:
                self._keep_setting(include_specials=new.include_specials)
        if new.upcoming_days != old.upcoming_days and "upcoming" in self.section_controllers:
            self.upcoming_page.set_days(new.upcoming_days, emit="upcoming" in self._sections_seen)

    def _keep_setting(self, **values) -> None:
        """A choice made in a page that is a setting (Specials, Upcoming's range): saved."""
        if self.settings is None or all(getattr(self.settings, k) == v for k, v in values.items()):
            return
        self.settings = replace(self.settings, **values)
        if self.save_settings is not None:
            try:
                self.save_settings(self.settings)
            except OSError as exc:
                self.statusBar().showMessage(f"Could not save the settings: {exc}", 8000)

    # -- navigation ------------------------------------------------------------------------
    def open_series(self, series_id: int) -> None:
        self.detail_controller.open_series(series_id)

    def show_section(self, name: str) -> None:
        """Go to one of the navigation's sections."""
        if name == "library":
            self.show_library()
            return
        if name == "alerts":
            self.show_alerts()
            return
        controller = self.section_controllers.get(name)
        if controller is None:
            return
        self._show(self._section_pages[name], name, f"{SECTION_LABELS[name]} — watchtracker")
        first = name not in self._sections_seen
        self._sections_seen.add(name)
        if name == "upnext" or (first and name in ("upcoming", "franchises")):
            controller.reload()  # Up next moves on with time; the others follow changes once loaded
        self.pages.currentWidget().setFocus()

    def show_library(self) -> None:
        self.detail_controller.history.clear()
        self._show(LIBRARY_PAGE, "library", "watchtracker")
        if self.detail_page.detail is not None:
            self.library_page.select_series(self.detail_page.detail.id)
        self.library_page.table.setFocus()

    def show_alerts(self) -> None:
        if self.alerts_controller is not None:
            self._show(ALERTS_PAGE, "alerts", "Alerts — watchtracker")
            self.alerts_page.tree.setFocus()

    def _show(self, index: int, name: str, title: str) -> None:
        self.detail_page.flush()  # leaving a series' page saves what is being typed
        self.pages.setCurrentIndex(index)
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(SECTIONS.index(name))
        self.nav.blockSignals(False)
        self._set_title(title)

    def focus_search(self) -> None:
        self.show_library()
        self.library_page.focus_search()

    def _come_to_alerts(self) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()
        self.show_alerts()

    def _on_unread_changed(self, unread: int) -> None:
        self._nav_alerts.setText(f"Alerts  ({unread})" if unread else "Alerts")
        font = self._nav_alerts.font()
        font.setBold(unread > 0)
        self._nav_alerts.setFont(font)
        self._set_title(self._title)

    def _set_title(self, base: str) -> None:
        """The window title, with the unread alerts after it: "Bosch — watchtracker (3 unread)"."""
        self._title = base
        unread = self.alerts_controller.unread if self.alerts_controller is not None else 0
        self.setWindowTitle(f"{base} ({unread} unread)" if unread else base)

    # -- loading and refreshing ------------------------------------------------------------
    def show_preview(self, rows: list[LibraryRow] | None) -> None:
        self.library_controller.show_preview(rows)

    def reload_library(self) -> None:
        self.library_controller.reload()

    def reload_everything(self) -> None:
        """F5: read the library and every page again (after the command line changed it, say)."""
        self.reload_library()
        if self.alerts_controller is not None:
            self.alerts_controller.reload()
        for name, controller in self.section_controllers.items():
            if name == "stats":
                controller.on_changes(Changes(everything=True))  # counts again when on screen
            elif name in self._sections_seen:
                controller.reload()

    def apply_changes(self, changes: Changes) -> None:
        """Publish what a change did (the undo commands' host): each view refreshes what it shows."""
        self.bus.publish(changes)

    def start_refreshing(self, first_in_ms: int = 3000) -> None:
        """TVmaze soon after start-up, then every ``refresh_hours``; the news feeds on their own
        schedule."""
        self.online_controller.start(first_in_ms)
        if self.alerts_controller is not None:
            self.alerts_controller.start(first_in_ms + 5000)

    def refresh_now(self) -> None:
        """Ctrl+R: TVmaze and the news feeds."""
        self.online_controller.refresh()
        if self.alerts_controller is not None:
            self.alerts_controller.poll()

    def manage_feeds(self) -> None:
        if self.alerts_controller is not None:
            self.alerts_controller.manage_feeds()

    # -- set-up ----------------------------------------------------------------------------
    def _set_ready(self, ready: bool) -> None:
        transfer = self.transfer_controller
        for action in (self.add_action, self.add_online_action, self.refresh_action, self.feeds_action,
                       self.alerts_action, self.example_action, self.reload_action):
            action.setEnabled(ready)
        self.import_action.setEnabled(ready and transfer.importer is not None)
        self.export_library_action.setEnabled(ready and transfer.exporter is not None)
        self.backups_action.setEnabled(ready and transfer.backups is not None)
        self.library_controller.set_ready(ready, can_import=transfer.importer is not None)

    def _build_actions(self) -> None:
        library, transfer = self.library_controller, self.transfer_controller

        def add(menu, text, slot, shortcut=None, tip=None) -> QAction:
            action = menu.addAction(text, slot)
            if isinstance(shortcut, list):
                action.setShortcuts(shortcut)
            elif shortcut is not None:
                action.setShortcut(QKeySequence(shortcut) if isinstance(shortcut, str) else shortcut)
            if tip is not None:
                action.setStatusTip(tip)
            return action

        m = self.menuBar().addMenu("&Library")
        self.add_online_action = add(m, "&Add series from TVmaze…", self.online_controller.add_series,
                                     QKeySequence.StandardKey.New)
        self.add_action = add(m, "Add series &by hand…", library.add_series, "Ctrl+Shift+N")
        self.refresh_action = add(m, "Refresh &now (TVmaze and news feeds)", self.refresh_now, "Ctrl+R")
        self.feeds_action = add(m, "News &feeds…", self.manage_feeds)
        self.example_action = add(m, "Load the &example library", library.load_example)
        m.addSeparator()
        self.import_action = add(m, "&Import your history…", transfer.import_history, "Ctrl+I",
                                 "From TV Time, Trakt, SeriesGuide, IMDb or a watchtracker export")
        self.export_library_action = add(m, "E&xport the library…", transfer.export_library,
                                         tip="Everything as watchtracker JSON, or the viewings as CSV")
        self.backups_action = add(m, "Bac&kups…", transfer.show_backups,
                                  tip="The copies of the library: make one now, or restore one")
        m.addSeparator()
        self.reload_action = add(m, "&Reload", self.reload_everything, QKeySequence.StandardKey.Refresh)
        m.addSeparator()
        add(m, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        e = self.menuBar().addMenu("&Edit")
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        e.addAction(self.undo_action)
        e.addAction(self.redo_action)
        e.addSeparator()
        self.find_action = add(e, "&Find in library", self.focus_search, QKeySequence.StandardKey.Find)
        e.addSeparator()
        self.preferences_action = add(e, "Pr&eferences…", self.edit_preferences,
                                      [QKeySequence.StandardKey.Preferences, QKeySequence("Ctrl+,")])

        v = self.menuBar().addMenu("&View")
        self.library_action = add(v, "&Library", self.show_library, "Ctrl+1")
        self.section_actions = {name: add(v, SECTION_LABELS[name], lambda name=name: self.show_section(name),
                                          f"Ctrl+{i}") for i, name in enumerate(SECTIONS[1:], start=2)}
        self.alerts_action = self.section_actions["alerts"]
        self.back_action = add(v, "&Back", self.detail_controller.back,
                               [QKeySequence.StandardKey.Back, QKeySequence("Alt+Left")])

        h = self.menuBar().addMenu("&Help")
        add(h, "Open the &data folder", lambda: self._open_file(self.database_path and self.database_path.parent))
        add(h, "Open the &log file", lambda: self._open_file(self.crash_handler and self.crash_handler.log_file))
        h.addSeparator()
        add(h, "&About watchtracker", self._about)

    def _connect(self) -> None:
        self.library_controller.loaded.connect(self.library_loaded)
        self.library_controller.preview_shown.connect(self.preview_shown)
        self.library_controller.counted.connect(
            lambda n: self._nav_library.setText(f"Library  ({n})" if n else "Library"))
        self.library_controller.example_loading.connect(lambda busy: self.example_action.setEnabled(not busy))
        self.library_controller.series_deleted.connect(self.detail_controller.leave_deleted)
        self.detail_controller.series_gone.connect(self.library_controller.forget)
        self.detail_controller.detail_shown.connect(self.detail_shown)
        self.detail_page.delete_requested.connect(self.library_controller.delete_series)
        self.online_controller.refreshing.connect(lambda busy: self.refresh_action.setEnabled(not busy))
        for lane in (self.net, self.ask, self.runner):
            lane.busy_changed.connect(self._update_busy)
        self.nav.currentRowChanged.connect(lambda row: 0 <= row < len(SECTIONS) and self.show_section(SECTIONS[row]))
        self.undo_stack.indexChanged.connect(self._update_undo_button)

    def _update_busy(self, _busy: bool = False) -> None:
        if self.net.busy or self.ask.busy:
            self.busy_label.setText("Talking to TVmaze…")
        else:
            self.busy_label.setText("Working…" if self.runner.busy else "")

    def _update_undo_button(self) -> None:
        text = self.undo_stack.undoText()
        self.undo_button.setVisible(self.undo_stack.canUndo())
        self.undo_button.setText(f"Undo “{text}”" if text else "Undo")

    # -- saved state -----------------------------------------------------------------------
    def _headers(self):
        return {"library/header": self.library_page.table.horizontalHeader(),
                "detail/episodes_header": self.detail_page.episodes.header(),
                "alerts/header": self.alerts_page.tree.header()}

    def _restore_state(self) -> None:
        geometry = self.ui_state.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        for key, header in self._headers().items():
            state = self.ui_state.value(key)
            if isinstance(state, QByteArray):
                header.restoreState(state)

    def save_state(self) -> None:
        self.ui_state.setValue("window/geometry", self.saveGeometry())
        for key, header in self._headers().items():
            self.ui_state.setValue(key, header.saveState())
        self.ui_state.sync()

    # -- the end of the window's work ------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        self.detail_page.flush()
        self.save_state()
        # the commands are deleted here, by Qt, not later in whatever order Python's garbage
        # collector finds them (PySide6 6.11 can delete a pushed command twice then)
        self.undo_stack.clear()
        self.stop_work()
        super().closeEvent(event)

    def stop_work(self) -> None:
        """The window is closing (the end of the run): what the network lanes have under way is
        cancelled (a refresh or a feed poll stops at its next show or feed and records nothing
        about the rest), what waits its turn there is dropped (it comes with the next run), a
        running import step is cancelled (nothing changed, as on Ctrl+C in a terminal), no lane
        takes new work and no timer starts any. What the library lane was asked to do (a note
        being saved) still runs; ``idle`` says when all of it is done."""
        for timer in self.findChildren(QTimer):
            timer.stop()
        self.net.stop(drop_waiting=True)
        self.ask.stop(drop_waiting=True)
        self.runner.stop()
        self.transfer_controller.stop()

    def stand_down(self, message: str) -> None:
        """Let go of the library (a backup is about to replace it): save what is being typed,
        take no more input, stop every timer (refreshes, feeds, countdowns). What the lanes have
        under way finishes; ``idle`` says when. Called again while waiting, since a job that ends
        may start a timer or enable an action."""
        self.detail_page.flush()
        self.undo_stack.clear()  # its commands act on the library being replaced
        self._set_ready(False)
        self.menuBar().setEnabled(False)
        self.centralWidget().setEnabled(False)
        for action in self.findChildren(QAction):  # shortcuts too
            action.setEnabled(False)
        for timer in self.findChildren(QTimer):
            timer.stop()
        if self.statusBar().currentMessage() != message:
            self.statusBar().showMessage(message)

    @property
    def idle(self) -> bool:
        """Nothing under way on any lane (results delivered too)."""
        return not (self.runner.busy or self.net.busy or self.ask.busy)

    # -- what the user is told -------------------------------------------------------------
    def show_notice(self, text: str) -> None:
        """Something the user should know, shown at the top of the window until closed (no modal)."""
        self.notice.add(text)

    def show_read_only(self, text: str) -> None:
        """The library can only be read: said at the top of the window for the whole run; a
        write refused later gets a status line, not a modal each time."""
        self.read_only = True
        self.notice.add(text, closable=False)

    def report_error(self, exc: BaseException) -> None:
        """Problems the user can act on get a message; bugs go to the crash handler. A library
        already said to be read-only gets a status line, not one modal per refused write."""
        explained = (None if isinstance(exc, (UserError, StorageError))
                     else _explain_database_error(exc, self.database_path))
        problem = exc if explained is None else explained
        if self.read_only and isinstance(problem, LibraryReadOnly):
            log.info("refused, read-only: %s", getattr(exc, "orig", exc))
            self.statusBar().showMessage("The library is read-only: nothing was changed.", 10000)
        elif isinstance(problem, DatabaseDamaged):
            # said once (several views may meet it at the same moment), then kept in sight
            log.warning("damaged library met: %s", getattr(exc, "orig", exc))
            first = not self.damaged
            self.damaged = True
            if first:
                self.notice.add(str(problem), closable=False)
                messages.critical(self, str(problem))
            else:
                self.statusBar().showMessage("The library is damaged: nothing was changed.", 10000)
        elif isinstance(exc, UserError):
            messages.warning(self, str(exc))
        elif isinstance(exc, StorageError):
            messages.critical(self, str(exc))
        elif explained is not None:
            log.warning("database error: %s", getattr(exc, "orig", exc))
            messages.critical(self, str(explained))
        elif self.crash_handler is not None:
            self.crash_handler.handle(type(exc), exc, exc.__traceback__)
        else:
            sys.excepthook(type(exc), exc, exc.__traceback__)

    # -- help ------------------------------------------------------------------------------
    @staticmethod
    def _open_file(path: Path | None) -> None:
        if path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _about(self) -> None:
        where = f"<p>Your library: {esc(str(self.database_path))}</p>" if self.database_path else ""
        QMessageBox.about(self, "About watchtracker",
                          f"<h3>watchtracker {__version__}</h3><p>A watchlist and release tracker for TV series. "
                          f"Your data stays on your computer.</p>{where}")


def _explain_database_error(exc: BaseException, path: Path | None):
    """The environment's fault (locked, disk full, damaged) as a message; else None (a bug)."""
    from watchtracker.services.startup import explain_database_error

    return explain_database_error(exc, path or Path("library.sqlite"))
