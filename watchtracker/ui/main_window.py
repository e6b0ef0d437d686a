"""The main window: navigation, the pages, menus, undo, and the bridge from services to views."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QKeySequence, QUndoStack
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
from typing import TYPE_CHECKING

from watchtracker import __version__
from watchtracker.domain.inputs import SeriesInput
from watchtracker.domain.models import LibraryRow, SeriesDetail
from watchtracker.services.cancel import Interrupted
from watchtracker.services.changes import Changes
from watchtracker.services.errors import USER_FACING, NotFound, UserError
from watchtracker.storage.errors import DatabaseDamaged, LibraryReadOnly, StorageError
from watchtracker.ui.commands import (
    AddSeriesCommand,
    Command,
    DeleteSeriesCommand,
    EditSeriesCommand,
    FollowCommand,
    WatchCommand,
    execute,
)
from watchtracker.ui.common import messages
from watchtracker.ui.alerts.page import AlertsPage
from watchtracker.ui.crash import CrashHandler
from watchtracker.ui.detail.page import DetailPage
from watchtracker.ui.common.html import esc
from watchtracker.ui.library.page import LibraryPage
from watchtracker.ui.online.search_dialog import OnlineSearchDialog
from watchtracker.ui.library.series_dialog import SeriesDialog
from watchtracker.ui.tasks import ProgressRelay, TaskRunner

if TYPE_CHECKING:  # loaded after the window shows: see application.run_gui
    from collections.abc import Callable

    from watchtracker.services.backups import BackupService
    from watchtracker.services.transfer.calendar_export import CalendarExportService
    from watchtracker.services.transfer.export import ExportService
    from watchtracker.services.transfer.importer import ImportService
    from watchtracker.services.franchises import FranchiseService
    from watchtracker.services.schedule import ScheduleService
    from watchtracker.services.stats import StatsService
    from watchtracker.settings import Settings
    from watchtracker.services.alerts import AlertService
    from watchtracker.services.catalog import CatalogService
    from watchtracker.services.feeds import FeedService
    from watchtracker.services.library import LibraryService
    from watchtracker.services.online import OnlineService, RefreshReport

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
    read before the library was open are on screen; ``detail_shown(int)`` when a
    series' detail page is filled; ``changes_applied(object)`` after a mutation reached the views."""

    library_loaded = Signal()
    preview_shown = Signal()
    detail_shown = Signal(int)
    changes_applied = Signal(object)
    restore_requested = Signal(object)  # a backup's Path, confirmed in Backups…: the application restores it
    backups_dialog = None  # BackupsDialog, while one is open
    _exporting = False  # Export the library… under way
    read_only = False  # the library can only be read (show_read_only)
    damaged = False  # SQLite found a part of the library it cannot read (said once: report_error)

    def __init__(
        self,
        library: LibraryService | None,
        catalog: CatalogService | None,
        runner: TaskRunner,
        ui_state: QSettings,
        database_path: Path | None = None,
        crash_handler: CrashHandler | None = None,
        online: OnlineService | None = None,
        alerts: AlertService | None = None,
        feeds: FeedService | None = None,
        views: Views | None = None,
        settings: Settings | None = None,
        save_settings: Callable[[Settings], None] | None = None,
    ):
        """Without services the window shows "Opening your library…" until ``attach``."""
        super().__init__()
        self.library_service = library
        self.catalog = catalog
        self.online = online
        self.runner = runner  # reads of the library, in order
        self.net = TaskRunner(self)  # refreshes and posters: the network, never holding up a read
        self.ask = TaskRunner(self)  # what the viewer waits for (search, follow, link), never behind a refresh
        self.refresh_hours = 6.0
        self._refresh_timer = QTimer(self, singleShot=True)
        self._refresh_timer.timeout.connect(self.refresh_online)
        self.ui_state = ui_state
        self.database_path = database_path
        self.crash_handler = crash_handler
        self.undo_stack = QUndoStack(self)
        self._detail_request: int | None = None
        self._history: list[int] = []
        self._pending_open: int | None = None
        self.alerts_controller = None  # AlertsController, once the library is open
        self.feeds_minutes = 60.0
        self._title = "watchtracker"
        self.views: Views | None = None  # once the library is open
        self.import_dialog = None  # ImportDialog, while one is open

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
        self.settings = settings
        self.save_settings = save_settings
        self.section_controllers: dict[str, object] = {}  # upnext, upcoming, franchises, stats
        self._section_pages: dict[str, int] = {}  # their page indexes
        self._sections_seen: set[str] = set()

        self.pages = QStackedWidget()
        self.library_page = LibraryPage()
        self.detail_page = DetailPage()
        self.pages.addWidget(self.library_page)
        self.pages.addWidget(self.detail_page)
        self.alerts_page = AlertsPage()
        self.pages.addWidget(self.alerts_page)

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

        self._build_actions()
        self._connect()
        self._restore_state()
        if library is not None and alerts is not None and feeds is not None:
            self._attach_alerts(alerts, feeds)
        if library is not None and views is not None:
            self._attach_views(views)
        self._set_ready(library is not None)

    def attach(self, library: LibraryService, catalog: CatalogService, online: OnlineService | None = None,
               alerts: AlertService | None = None, feeds: FeedService | None = None,
               views: Views | None = None) -> None:
        """The library is open: enable everything and load it."""
        self.library_service, self.catalog, self.online = library, catalog, online
        if alerts is not None and feeds is not None:
            self._attach_alerts(alerts, feeds)
        if views is not None:
            self._attach_views(views)
        self._set_ready(True)
        self.statusBar().clearMessage()
        self.reload_library()
        if self._pending_open is not None:
            self.open_series(self._pending_open)

    def _attach_alerts(self, alerts: AlertService, feeds: FeedService) -> None:
        from watchtracker.ui.alerts.controller import AlertsController
        from watchtracker.ui.alerts.notifier import Notifier

        notifier = Notifier(self.windowIcon(), self._come_to_alerts, parent=self)
        self.alerts_controller = AlertsController(
            self.alerts_page, alerts, feeds, reads=self.runner, net=self.net, apply_changes=self.apply_changes,
            open_series=self.open_series, status=self.statusBar().showMessage, report_error=self.report_error,
            notifier=notifier, poll_minutes=self.feeds_minutes, parent=self)
        self.alerts_controller.unread_changed.connect(self._on_unread_changed)
        self.alerts_controller.reload()

    def _attach_views(self, views: Views) -> None:
        """Up next, Upcoming, Franchises and Statistics: their pages and controllers."""
        from watchtracker.ui.franchises.controller import FranchisesController
        from watchtracker.ui.franchises.page import FranchisesPage
        from watchtracker.ui.stats.controller import StatsController
        from watchtracker.ui.stats.page import StatsPage
        from watchtracker.ui.upcoming.controller import UpcomingController
        from watchtracker.ui.upcoming.page import UpcomingPage
        from watchtracker.ui.upnext.controller import UpNextController
        from watchtracker.ui.upnext.page import UpNextPage

        self.views = views
        settings = self.settings
        if views.backups is not None and settings is not None:
            views.backups.keep = settings.backups_to_keep  # chosen in Preferences while it opened
        specials = settings.include_specials if settings is not None else False
        common = dict(reads=self.runner, open_series=self.open_series, report_error=self.report_error)
        status = self.statusBar().showMessage
        pages = {"upnext": UpNextPage(), "upcoming": UpcomingPage(), "franchises": FranchisesPage(),
                 "stats": StatsPage()}
        for name, page in pages.items():
            self._section_pages[name] = self.pages.addWidget(page)
        self.upnext_page, self.upcoming_page = pages["upnext"], pages["upcoming"]
        self.franchises_page, self.stats_page = pages["franchises"], pages["stats"]
        upnext = UpNextController(
            pages["upnext"], views.schedule, self.library_service, apply_changes=self.apply_changes,
            status=status, undo_stack=self.undo_stack, include_specials=specials, parent=self, **common)
        upcoming = UpcomingController(
            pages["upcoming"], views.schedule, views.export, status=status,
            days=settings.upcoming_days if settings is not None else 30, include_specials=specials,
            franchises=views.franchises, parent=self, **common)
        franchises = FranchisesController(
            pages["franchises"], views.franchises, apply_changes=self.apply_changes, status=status,
            undo_stack=self.undo_stack, parent=self, **common)
        stats = StatsController(pages["stats"], views.stats, parent=self, **common)
        upnext.specials_changed.connect(self._on_specials_changed)
        upcoming.days_changed.connect(lambda days: self._keep_setting(upcoming_days=days))
        self.stats_page.library_requested.connect(self.show_library)
        self.section_controllers = {"upnext": upnext, "upcoming": upcoming, "franchises": franchises,
                                    "stats": stats}
        self.upnext_controller, self.upcoming_controller = upnext, upcoming
        self.franchises_controller, self.stats_controller = franchises, stats

    def _on_specials_changed(self, on: bool) -> None:
        """The Up next page's Specials box is the include_specials setting, shared with Upcoming."""
        upcoming = self.section_controllers.get("upcoming")
        if upcoming is not None:
            upcoming.set_include_specials(on)
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
            self.refresh_hours = new.refresh_hours
            if self._refresh_timer.isActive():  # sooner, never later than it was due (a retry, say)
                self._refresh_timer.start(min(self._refresh_timer.remainingTime(),
                                              int(new.refresh_hours * 3_600_000)))
        self.feeds_minutes = new.feeds_minutes  # the feeds' controller, once the library is open
        if new.feeds_minutes != old.feeds_minutes and self.alerts_controller is not None:
            self.alerts_controller.set_poll_minutes(new.feeds_minutes)
        backups = self.views.backups if self.views is not None else None
        if backups is not None:
            backups.keep = new.backups_to_keep  # the importer's copies go through the same service
        upnext = self.section_controllers.get("upnext")
        if new.include_specials != old.include_specials:
            if upnext is not None:
                upnext.set_include_specials(new.include_specials)  # Upcoming and the setting follow
            else:
                self._keep_setting(include_specials=new.include_specials)
        upcoming = self.section_controllers.get("upcoming")
        if new.upcoming_days != old.upcoming_days and upcoming is not None:
            self.upcoming_page.set_days(new.upcoming_days, emit="upcoming" in self._sections_seen)

    def _keep_setting(self, **values) -> None:
        """A choice made in a page that is a setting (Specials, Upcoming's range): saved."""
        if self.settings is None or all(getattr(self.settings, k) == v for k, v in values.items()):
            return
        from dataclasses import replace

        self.settings = replace(self.settings, **values)
        if self.save_settings is not None:
            try:
                self.save_settings(self.settings)
            except OSError as exc:
                self.statusBar().showMessage(f"Could not save the settings: {exc}", 8000)

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
        self.detail_page.flush()
        self.pages.setCurrentIndex(self._section_pages[name])
        self._select_nav(name)
        self._set_title(f"{SECTION_LABELS[name]} — watchtracker")
        first = name not in self._sections_seen
        self._sections_seen.add(name)
        if name == "upnext" or (first and name in ("upcoming", "franchises")):
            controller.reload()  # Up next moves on with time; the others follow changes once loaded
        self.pages.currentWidget().setFocus()

    def _select_nav(self, name: str) -> None:
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(SECTIONS.index(name))
        self.nav.blockSignals(False)

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

    def show_alerts(self) -> None:
        if self.alerts_controller is None:
            return
        self.detail_page.flush()
        self.pages.setCurrentIndex(ALERTS_PAGE)
        self._select_nav("alerts")
        self._set_title("Alerts — watchtracker")
        self.alerts_page.tree.setFocus()

    def manage_feeds(self) -> None:
        if self.alerts_controller is not None:
            self.alerts_controller.manage_feeds()

    def show_preview(self, rows: list[LibraryRow] | None) -> None:
        """Rows read before the library was open: shown until the live ones arrive."""
        if rows is None or self.library_service is not None or self.library_page.loaded:
            return
        self.library_page.set_rows(rows)
        self.library_page.search.setEnabled(True)  # filtering works on these rows already
        self.library_page.state.setEnabled(True)
        self._update_counts()
        self.preview_shown.emit()

    def _set_ready(self, ready: bool) -> None:
        lp = self.library_page
        for widget in (self.add_action, self.add_online_action, self.refresh_action, self.feeds_action,
                       self.alerts_action,
                       self.example_action, self.reload_action, lp.add_button,
                       lp.example_button, lp.empty_add_button, lp.delete_action, lp.search, lp.state):
            widget.setEnabled(ready)
        importer = self.views.importer if self.views is not None else None
        self.import_action.setEnabled(ready and importer is not None)
        lp.empty_import_button.setVisible(importer is not None or not ready)
        lp.empty_import_button.setEnabled(ready and importer is not None)
        self.export_library_action.setEnabled(ready and self.views is not None and self.views.library_export is not None)
        self.backups_action.setEnabled(ready and self.views is not None and self.views.backups is not None)

    # -- set-up ----------------------------------------------------------------------------
    def _build_actions(self) -> None:
        m = self.menuBar().addMenu("&Library")
        self.add_online_action = m.addAction("&Add series from TVmaze…", self.add_online)
        self.add_online_action.setShortcut(QKeySequence.StandardKey.New)
        self.add_action = m.addAction("Add series &by hand…", self.add_series)
        self.add_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.refresh_action = m.addAction("Refresh &now (TVmaze and news feeds)", self.refresh_now)
        self.refresh_action.setShortcut(QKeySequence("Ctrl+R"))
        self.feeds_action = m.addAction("News &feeds…", self.manage_feeds)
        self.example_action = m.addAction("Load the &example library", self.load_example_library)
        m.addSeparator()
        self.import_action = m.addAction("&Import your history…", self.import_history)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.setStatusTip("From TV Time, Trakt, SeriesGuide, IMDb or a watchtracker export")
        self.export_library_action = m.addAction("E&xport the library…", self.export_library)
        self.export_library_action.setStatusTip("Everything as watchtracker JSON, or the viewings as CSV")
        self.backups_action = m.addAction("Bac&kups…", self.show_backups)
        self.backups_action.setStatusTip("The copies of the library: make one now, or restore one")
        m.addSeparator()
        self.reload_action = m.addAction("&Reload", self.reload_everything)
        self.reload_action.setShortcut(QKeySequence.StandardKey.Refresh)
        m.addSeparator()
        quit_action = m.addAction("&Quit", self.close)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)

        e = self.menuBar().addMenu("&Edit")
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        e.addAction(self.undo_action)
        e.addAction(self.redo_action)
        e.addSeparator()
        self.find_action = e.addAction("&Find in library", self.focus_search)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        e.addSeparator()
        self.preferences_action = e.addAction("Pr&eferences…", self.edit_preferences)
        self.preferences_action.setShortcuts([QKeySequence.StandardKey.Preferences, QKeySequence("Ctrl+,")])

        v = self.menuBar().addMenu("&View")
        self.library_action = v.addAction("&Library", self.show_library)
        self.library_action.setShortcut(QKeySequence("Ctrl+1"))
        self.section_actions = {}
        for i, name in enumerate(SECTIONS[1:], start=2):
            action = v.addAction(SECTION_LABELS[name], lambda name=name: self.show_section(name))
            action.setShortcut(QKeySequence(f"Ctrl+{i}"))
            self.section_actions[name] = action
        self.alerts_action = self.section_actions["alerts"]
        self.back_action = v.addAction("&Back", self.go_back)
        self.back_action.setShortcuts([QKeySequence.StandardKey.Back, QKeySequence("Alt+Left")])

        h = self.menuBar().addMenu("&Help")
        h.addAction("Open the &data folder", self._open_data_folder)
        h.addAction("Open the &log file", self._open_log)
        h.addSeparator()
        h.addAction("&About watchtracker", self._about)

    def _connect(self) -> None:
        lp, dp = self.library_page, self.detail_page
        lp.series_opened.connect(self.open_series)
        lp.add_requested.connect(self.add_online)
        lp.example_requested.connect(self.load_example_library)
        lp.import_requested.connect(self.import_history)
        lp.delete_requested.connect(self.delete_series)
        dp.back_requested.connect(self.go_back)
        dp.series_requested.connect(self.open_series)
        dp.watch_requested.connect(self.watch)
        dp.follow_requested.connect(self.set_followed)
        dp.entry_edited.connect(self.edit_entry)
        dp.edit_requested.connect(self.edit_series)
        dp.delete_requested.connect(self.delete_series)
        dp.find_online_requested.connect(self.find_online)
        self.net.busy_changed.connect(self._update_busy)
        self.ask.busy_changed.connect(self._update_busy)
        self.nav.currentRowChanged.connect(self._on_nav)
        self.runner.busy_changed.connect(self._update_busy)
        self.undo_stack.indexChanged.connect(self._update_undo_button)

    def _on_nav(self, row: int) -> None:
        if 0 <= row < len(SECTIONS):
            self.show_section(SECTIONS[row])

    def _restore_state(self) -> None:
        geometry = self.ui_state.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        for key, header in self._headers().items():
            state = self.ui_state.value(key)
            if isinstance(state, QByteArray):
                header.restoreState(state)

    def _headers(self):
        return {
            "library/header": self.library_page.table.horizontalHeader(),
            "detail/episodes_header": self.detail_page.episodes.header(),
            "alerts/header": self.alerts_page.tree.header(),
        }

    def save_state(self) -> None:
        self.ui_state.setValue("window/geometry", self.saveGeometry())
        for key, header in self._headers().items():
            self.ui_state.setValue(key, header.saveState())
        self.ui_state.sync()

    def _update_busy(self, _busy: bool = False) -> None:
        if self.net.busy or self.ask.busy:
            self.busy_label.setText("Talking to TVmaze…")
        else:
            self.busy_label.setText("Working…" if self.runner.busy else "")

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
        if self.import_dialog is not None and self.import_dialog.busy:
            self.import_dialog.cancel_step()

    # -- loading ---------------------------------------------------------------------------
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

    def reload_library(self) -> None:
        self.runner.run(self.library_service.library, self._on_library_loaded, self.report_error)

    def _on_library_loaded(self, rows: list[LibraryRow]) -> None:
        self.library_page.set_rows(rows)
        self._update_counts()
        self.library_loaded.emit()

    def open_series(self, series_id: int) -> None:
        if self.library_service is None:  # a preview row: open it once the library is open
            self._pending_open = series_id
            self.statusBar().showMessage("Opening your library…")
            return
        self._pending_open = None
        current = self.detail_page.detail
        if self.pages.currentIndex() == DETAIL_PAGE and current is not None and current.id != series_id:
            self._history.append(current.id)
        self._load_detail(series_id, show=True)

    def _load_detail(self, series_id: int, show: bool) -> None:
        self._detail_request = series_id

        def done(detail: SeriesDetail) -> None:
            if self._detail_request != series_id:
                return  # the viewer has moved on
            self.detail_page.show_detail(detail)
            if show:
                self.detail_page.flush()
                self.pages.setCurrentIndex(DETAIL_PAGE)
                self.detail_page.episodes.setFocus()
            self._set_title(f"{detail.title} — watchtracker")
            self.detail_shown.emit(series_id)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, NotFound):  # deleted meanwhile (an undo, the command line)
                self.library_page.update_rows([], removed=[series_id])
                self._update_counts()
                if show and self._history:
                    self._load_detail(self._history.pop(), show=True)
                    return
                if show:
                    self.statusBar().showMessage(
                        "That series is no longer in the library (was it deleted elsewhere?).", 8000
                    )
                self.show_library()
                return
            self.report_error(exc)

        self.runner.run(lambda: self.library_service.detail(series_id), done, failed)

    def show_library(self) -> None:
        self.detail_page.flush()
        self._history.clear()
        self.pages.setCurrentIndex(LIBRARY_PAGE)
        self._select_nav("library")
        self._set_title("watchtracker")
        if self.detail_page.detail is not None:
            self.library_page.select_series(self.detail_page.detail.id)
        self.library_page.table.setFocus()

    def go_back(self) -> None:
        if self.pages.currentIndex() != DETAIL_PAGE:
            return
        self.detail_page.flush()
        if self._history:
            self._load_detail(self._history.pop(), show=True)
        else:
            self.show_library()

    def focus_search(self) -> None:
        self.show_library()
        self.library_page.focus_search()

    # -- the bridge from mutations to views ------------------------------------------------
    def apply_changes(self, changes: Changes) -> None:
        """Each view refreshes only what it shows."""
        if not changes:
            return
        if changes.everything:
            self.reload_library()
        else:
            ids = set(changes.series | changes.added | changes.removed)
            if ids:
                self.runner.run(
                    lambda: self.library_service.library(ids),
                    lambda rows: self._on_rows_changed(ids, rows),
                    self.report_error,
                )
        current = self.detail_page.detail
        if current is not None and (changes.everything or current.id in changes.series | changes.removed):
            self._load_detail(current.id, show=False)
        if self.alerts_controller is not None:
            self.alerts_controller.on_changes(changes)
        for controller in self.section_controllers.values():
            controller.on_changes(changes)
        self.changes_applied.emit(changes)

    def _on_rows_changed(self, ids: set[int], rows: list[LibraryRow]) -> None:
        present = {r.series_id for r in rows}
        self.library_page.update_rows(rows, removed=ids - present)
        self._update_counts()

    def _update_counts(self) -> None:
        n = self.library_page.model.rowCount()
        self._nav_library.setText(f"Library  ({n})" if n else "Library")

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

    def _run(self, command: Command) -> bool:
        try:
            execute(self.undo_stack, command)
        except Exception as exc:  # noqa: BLE001 - explained by report_error
            self.report_error(exc)
            return False
        return True

    def _update_undo_button(self) -> None:
        text = self.undo_stack.undoText()
        self.undo_button.setVisible(self.undo_stack.canUndo())
        self.undo_button.setText(f"Undo “{text}”" if text else "Undo")

    # -- actions ---------------------------------------------------------------------------
    def watch(self, action: str, episode_ids: list[int], label: str) -> None:
        command = WatchCommand(self, self.library_service, action, episode_ids, label)
        if self._run(command):
            verb = {"mark": "watched", "unmark": "not watched", "rewatch": "watched again"}[action]
            n = command.count
            self.statusBar().showMessage(f"Marked {n} episode{'s' if n != 1 else ''} {verb}.", 6000)

    def set_followed(self, series_id: int, follow: bool) -> None:
        title = self.detail_page.detail.title if self.detail_page.detail else "series"
        self._run(FollowCommand(self, self.library_service, series_id, follow, title))

    def edit_entry(self, series_id: int, fields: dict) -> None:
        try:
            self.apply_changes(self.library_service.update_entry(series_id, **fields))
        except Exception as exc:  # noqa: BLE001
            self.report_error(exc)

    def add_series(self) -> None:
        if self.library_service is None:  # not open yet: nothing to act on
            return
        def submit(data: SeriesInput) -> None:
            command = AddSeriesCommand(self, self.catalog, data)
            execute(self.undo_stack, command)  # a UserError stays in the dialog
            self._added = command.series_id

        self._added: int | None = None
        dialog = SeriesDialog(self.library_service.titles(), submit, parent=self, on_error=self.report_error)
        if dialog.exec() and self._added is not None:
            self.open_series(self._added)
            self.statusBar().showMessage(f"Added {dialog.title.text().strip()}.", 6000)

    def edit_series(self, series_id: int) -> None:
        if self.library_service is None:  # not open yet: nothing to act on
            return
        detail = self.detail_page.detail
        if detail is None or detail.id != series_id:
            return
        before = SeriesInput(
            title=detail.title,
            status=detail.status,
            premiere=detail.premiere.to_text() if detail.premiere else "",
            network=detail.network,
            overview=detail.overview,
        )

        def submit(data: SeriesInput) -> None:
            execute(self.undo_stack, EditSeriesCommand(self, self.catalog, series_id, before, data))

        SeriesDialog(
            self.library_service.titles(), submit, existing=detail, parent=self, on_error=self.report_error
        ).exec()

    def delete_series(self, series_id: int) -> None:
        if self.library_service is None:  # not open yet: nothing to act on
            return
        try:
            title = self.library_service.detail(series_id).title
        except Exception as exc:  # noqa: BLE001
            self.report_error(exc)
            return
        if self._run(DeleteSeriesCommand(self, self.catalog, series_id, title)):
            if self.pages.currentIndex() == DETAIL_PAGE and self.detail_page.detail and self.detail_page.detail.id == series_id:
                self.detail_page.detail = None
                self.show_library()
            self.statusBar().showMessage(f"Deleted {title}. Undo with Ctrl+Z.", 10000)

    def load_example_library(self) -> None:
        if self.library_service is None:  # not open yet: nothing to act on
            return
        self.example_action.setEnabled(False)
        self.library_page.example_button.setEnabled(False)

        def done(result) -> None:
            added, changes = result
            self.example_action.setEnabled(True)
            self.library_page.example_button.setEnabled(True)
            if added:
                self.statusBar().showMessage(f"Loaded the example library: {added} series of the Bosch universe.", 8000)
                self.apply_changes(changes | Changes(everything=True))  # every view: library, alerts, franchises…
            else:
                self.statusBar().showMessage("The example library is already loaded.", 6000)

        def failed(exc: BaseException) -> None:
            self.example_action.setEnabled(True)
            self.library_page.example_button.setEnabled(True)
            self.report_error(exc)

        def load():
            from watchtracker.services.example import load_example

            return load_example(self.library_service.engine)

        self.runner.run(load, done, failed)

    def import_history(self) -> None:
        """Import from another tracker's export (or our own): the wizard reads and matches on the
        network lane, writes on the library's; what it changed reaches every view."""
        importer = self.views.importer if self.views is not None else None
        if importer is None:
            return
        if self.import_dialog is not None:  # one at a time (it is window-modal: only from code)
            return
        from watchtracker.ui.transfer.import_wizard import ImportDialog

        self.detail_page.flush()
        dialog = ImportDialog(importer, ask=self.ask.run, write=self.runner.run, online=self.online is not None,
                              parent=self, titles=self.library_service.titles,
                              find_online=self._choose_on_tvmaze if self.online is not None else None,
                              on_imported=self._on_imported)
        dialog.finished.connect(lambda _result: self._forget_import_dialog(dialog))
        self.import_dialog = dialog
        dialog.open()

    def _choose_on_tvmaze(self, query: str, parent) -> int | None:
        """Search TVmaze (as you type) and give the chosen show's id, or None."""
        dialog = OnlineSearchDialog(self.ask, self.online.search, query=query, action="Choose", parent=parent,
                                    thumbnail=self.online.thumbnail)
        dialog.by_hand.hide()
        if not dialog.exec() or dialog.chosen is None:
            return None
        return dialog.chosen.tvmaze_id

    def _forget_import_dialog(self, dialog) -> None:
        if self.import_dialog is dialog:
            self.import_dialog = None
        dialog.deleteLater()

    def _on_imported(self, changes: Changes) -> None:
        self.apply_changes(changes)
        n = len(changes.series | changes.added)
        self.statusBar().showMessage(f"Imported: {n} series changed or added." if n else "Imported.", 10000)
        if changes.added:
            self._fetch_posters(sorted(changes.added))

    # -- online ----------------------------------------------------------------------------
    def add_online(self) -> None:
        """Find a series on TVmaze and follow it; the import runs on the network lane."""
        if self.online is None:
            self.add_series()
            return
        dialog = OnlineSearchDialog(self.ask, self.online.search, parent=self, thumbnail=self.online.thumbnail)
        dialog.by_hand.clicked.connect(lambda: (dialog.reject(), self.add_series()))
        if not dialog.exec() or dialog.chosen is None:
            return
        show = dialog.chosen
        try:  # the row appears at once, from what the search said ...
            sid, changes = self.online.start_follow(show)
        except Exception as exc:  # noqa: BLE001 - explained by report_error
            self.report_error(exc)
            return
        self.apply_changes(changes)
        self.library_page.select_series(sid)
        self.statusBar().showMessage(f"Following {show.title}: fetching its episodes from TVmaze…")

        def done(result) -> None:  # ... and fills in when the show has come
            self.apply_changes(result[1] | changes)
            self.statusBar().showMessage(f"Following {show.title}.", 8000)
            self.open_series(sid)
            self._fetch_posters([sid])

        def failed(exc: BaseException) -> None:
            if isinstance(exc, USER_FACING):
                self.statusBar().showMessage(
                    f"Following {show.title}; its episodes will come with the next refresh ({exc})", 15000)
                self._refresh_timer.start(30 * 60_000)
            else:
                self.report_error(exc)

        self.ask.run(lambda: self.online.follow(show.tvmaze_id), done, failed)

    def find_online(self, series_id: int) -> None:
        """Link a series added by hand to its TVmaze entry, keeping the viewer's history."""
        detail = self.detail_page.detail
        if self.online is None or detail is None or detail.id != series_id:
            return
        dialog = OnlineSearchDialog(self.ask, self.online.search, query=detail.title, action="Link", parent=self,
                                    thumbnail=self.online.thumbnail)
        dialog.by_hand.hide()
        if not dialog.exec() or dialog.chosen is None:
            return
        show = dialog.chosen
        self.statusBar().showMessage(f"Linking {detail.title} to TVmaze #{show.tvmaze_id}…")

        def done(changes) -> None:
            self.apply_changes(changes)
            self.statusBar().showMessage(f"{detail.title} is linked to TVmaze; your history is kept.", 8000)
            self._fetch_posters([series_id])

        self.ask.run(lambda: self.online.link(series_id, show.tvmaze_id), done, self._network_failed)

    def start_refreshing(self, first_in_ms: int = 3000) -> None:
        """Refresh soon after start-up, then every ``refresh_hours``; news feeds on their own
        schedule (every ``feeds_minutes``)."""
        if self.online is not None:
            self._refresh_timer.start(first_in_ms)
        if self.alerts_controller is not None:
            self.alerts_controller.start(first_in_ms + 5000)

    def refresh_now(self) -> None:
        """Ctrl+R: TVmaze and the news feeds."""
        self.refresh_online()
        if self.alerts_controller is not None:
            self.alerts_controller.poll()

    def refresh_online(self) -> None:
        if self.online is None:
            return
        if self.net.busy:  # posters still coming in: refresh right after
            self.statusBar().showMessage("Busy with TVmaze; refreshing in a minute.", 8000)
            self._refresh_timer.start(60_000)
            return
        self.refresh_action.setEnabled(False)
        relay = ProgressRelay(self)
        relay.progressed.connect(lambda done, total, what: self.statusBar().showMessage(what))

        def done(report: RefreshReport) -> None:
            self.refresh_action.setEnabled(True)
            relay.deleteLater()
            self.apply_changes(report.changes)
            n = len(report.announcements)
            news = f"; {n} new announcement{'s' if n != 1 else ''}" if n else ""
            skipped = f"; {len(report.skipped)} could not be read" if report.skipped else ""
            if report.checked:
                self.statusBar().showMessage(
                    f"Refreshed from TVmaze: {len(report.updated)} of {report.checked} series changed{news}{skipped}.", 10000)
            self._refresh_timer.start(int(self.refresh_hours * 3_600_000))
            self._fetch_posters(None)

        def failed(exc: BaseException) -> None:
            self.refresh_action.setEnabled(True)
            relay.deleteLater()
            if isinstance(exc, Interrupted):  # the window is closing: nothing was recorded
                log.info("refresh stopped: the window is closing")
                return
            self._refresh_timer.start(30 * 60_000)  # whatever went wrong, try again later
            if isinstance(exc, USER_FACING):
                log.info("refresh failed: %s", exc)
                self.statusBar().showMessage(f"{exc} Will try again in 30 minutes.", 15000)
            else:
                self.report_error(exc)

        cancel = self.net.cancelled  # set when the window closes
        self.net.run(lambda: self.online.refresh(relay.report, cancel=cancel), done, failed)

    def _fetch_posters(self, series_ids) -> None:
        if self.online is not None:
            cancel = self.net.cancelled  # set when the window closes
            self.net.run(lambda: self.online.fetch_posters(series_ids, cancel=cancel), self.apply_changes,
                         lambda exc: log.info("posters not fetched: %s", exc))

    def _network_failed(self, exc: BaseException) -> None:
        if isinstance(exc, USER_FACING):
            self.statusBar().showMessage(str(exc), 10000)
            messages.warning(self, str(exc))
        else:
            self.report_error(exc)

    # -- backups and export ----------------------------------------------------------------
    def show_backups(self) -> None:
        """Library > Backups…: make a copy now (on the library's lane) or pick one to restore.
        Restoring replaces the library this window has open, so the window only asks for it
        (``restore_requested``); the application closes the library, restores, opens it again."""
        backups = self.views.backups if self.views is not None else None
        if backups is None or self.library_service is None:
            return
        if self.backups_dialog is not None:  # one at a time (it is window-modal: only from code)
            return
        from watchtracker.ui.transfer.backups_dialog import BackupsDialog

        self.detail_page.flush()
        dialog = BackupsDialog(
            backups, self.restore_requested.emit, parent=self, run=self.runner.run,
            made=lambda info: self.statusBar().showMessage(f"Backed up the library: {info.path.name}.", 10000))
        dialog.finished.connect(lambda _result: self._forget_backups_dialog(dialog))
        self.backups_dialog = dialog
        dialog.open()

    def _forget_backups_dialog(self, dialog) -> None:
        if self.backups_dialog is dialog:
            self.backups_dialog = None
        dialog.deleteLater()

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
        from PySide6.QtGui import QAction

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

    def export_library(self) -> None:
        """Library > Export the library…: everything as watchtracker JSON, or the viewings as CSV
        (chosen by the file's name); written on the library's lane, whole or not at all."""
        exporter = self.views.library_export if self.views is not None else None
        if exporter is None or self.library_service is None or self._exporting:
            return
        path = self._ask_export_path()
        if path is None:
            return
        from watchtracker.ui.transfer.library_export import is_csv, result_text

        self.detail_page.flush()  # notes being typed belong in the export
        self._exporting = True
        self.statusBar().showMessage(f"Exporting the library to {path}…")
        write = exporter.write_csv if is_csv(path) else exporter.write_json

        def done(result) -> None:
            self._exporting = False
            self.ui_state.setValue("export/folder", str(path.parent))
            self.statusBar().showMessage(result_text(result), 15000)

        def failed(exc: BaseException) -> None:
            self._exporting = False
            if isinstance(exc, (UserError, OSError)):
                log.warning("export failed: %s", exc)
                self.statusBar().showMessage("The library was not exported.", 15000)
                messages.critical(self, f"The library was not exported: {exc}\n\nNothing was written.")
            else:
                self.statusBar().clearMessage()
                self.report_error(exc)

        self.runner.run(lambda: write(path), done, failed)

    def _ask_export_path(self) -> Path | None:
        """Where to export (the file dialog; tests replace this method)."""
        from watchtracker.ui.transfer.library_export import ask_export_path, default_folder

        remembered = self.ui_state.value("export/folder")
        return ask_export_path(self, default_folder(remembered if isinstance(remembered, str) else None))

    # -- help ------------------------------------------------------------------------------
    def _open_data_folder(self) -> None:
        if self.database_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.database_path.parent)))

    def _open_log(self) -> None:
        if self.crash_handler is not None and self.crash_handler.log_file is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.crash_handler.log_file)))

    def _about(self) -> None:
        where = f"<p>Your library: {esc(str(self.database_path))}</p>" if self.database_path else ""
        QMessageBox.about(
            self,
            "About watchtracker",
            f"<h3>watchtracker {__version__}</h3><p>A watchlist and release tracker for TV series. "
            f"Your data stays on your computer.</p>{where}",
        )


def _explain_database_error(exc: BaseException, path: Path | None):
    """The environment's fault (locked, disk full, damaged) as a message; else None (a bug)."""
    from sqlalchemy.exc import DBAPIError

    from watchtracker.storage.database import explain_db_error

    if not isinstance(exc, DBAPIError):
        return None
    return explain_db_error(exc, path or Path("library.sqlite"))
