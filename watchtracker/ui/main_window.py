"""The main window, a shell: the navigation and the page stack, the menus, the status bar, what is
kept between runs (geometry, columns), the preferences, standing down for a restore, and where
errors go. Each section's behaviour is in its controller; a change reaches them on the change bus
(ui/changes.py), never through the window."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from watchtracker.domain.i18n import QT_TRANSLATE_NOOP, translate
from watchtracker.domain.models import LibraryRow
from watchtracker.services.changes import Changes

from watchtracker.ui.alerts.page import AlertsPage
from watchtracker.ui.background import Background
from watchtracker.ui.changes import ChangeBus
from watchtracker.ui.commands import UndoStack
from watchtracker.ui.common import messages
from watchtracker.ui.crash import CrashHandler
from watchtracker.ui.detail.controller import DetailController
from watchtracker.ui.detail.page import DetailPage
from watchtracker.ui.library.controller import LibraryController
from watchtracker.ui.library.page import LibraryPage
from watchtracker.ui.media.controller import MediaController
from watchtracker.ui.menus import build_menus
from watchtracker.ui.online.controller import OnlineController
from watchtracker.ui.preferences import Preferences
from watchtracker.ui.reporting import ErrorReporter
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
    from watchtracker.services.media import MediaServerService
    from watchtracker.services.online import OnlineService
    from watchtracker.services.schedule import ScheduleService
    from watchtracker.services.stats import StatsService
    from watchtracker.services.transfer.calendar_export import CalendarExportService
    from watchtracker.services.transfer.export import ExportService
    from watchtracker.services.transfer.importer import ImportService
    from watchtracker.settings import Settings

    from watchtracker.ui.live import LiveChanges
    from watchtracker.ui.sections import Sections

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
    media: MediaServerService | None = None  # Library > Media servers… (and their syncs, write-back)


LIBRARY_PAGE, DETAIL_PAGE, ALERTS_PAGE = 0, 1, 2  # the pages made with the window; the others at attach
# the navigation, in order (Ctrl+1 ... Ctrl+6)
SECTIONS = ("library", "upnext", "upcoming", "alerts", "franchises", "stats")
SECTION_LABELS = {  # in English; shown translated (``section_label``)
    "library": QT_TRANSLATE_NOOP("MainWindow", "Library"),
    "upnext": QT_TRANSLATE_NOOP("MainWindow", "Up next"),
    "upcoming": QT_TRANSLATE_NOOP("MainWindow", "Upcoming"),
    "alerts": QT_TRANSLATE_NOOP("MainWindow", "Alerts"),
    "franchises": QT_TRANSLATE_NOOP("MainWindow", "Franchises"),
    "stats": QT_TRANSLATE_NOOP("MainWindow", "Statistics"),
}
NAV_LIBRARY, NAV_ALERTS = SECTIONS.index("library"), SECTIONS.index("alerts")


def section_label(name: str) -> str:
    """A section's name in the viewer's language: "Up next"."""
    return translate("MainWindow", SECTION_LABELS[name])


NAV_MIN_WIDTH = 110


class MainWindow(QMainWindow):
    """Signals: ``library_loaded()`` when the library rows arrive; ``preview_shown()`` when rows
    read before the library was open are on screen; ``detail_shown(int)`` when a series' detail
    page is filled; ``changes_applied(object)`` once a change published on the bus reached every
    view; ``restore_requested(object)`` with a backup's Path, confirmed in Backups…: the
    application restores it.

    The lanes (ui/tasks.py), named for what they carry: ``library_lane`` every call on the
    library database, reads and writes, in order; ``refresh_lane`` the network work nobody waits
    for (refresh, posters, feed polls), never holding up the library; ``online_lane`` the network
    work the viewer waits for (search, follow, link, reading an import)."""

    library_loaded = Signal()
    preview_shown = Signal()
    detail_shown = Signal(int)
    changes_applied = Signal(object)
    restore_requested = Signal(object)

    def __init__(
        self,
        library: LibraryService | None,
        catalog: CatalogService | None,
        library_lane: TaskRunner,
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
        self.library_lane, self.refresh_lane, self.online_lane = library_lane, TaskRunner(self), TaskRunner(self)
        # while the library opens: the preview rows, then the services the Library page does not wait for
        self.side_lane = TaskRunner(self)
        self.ui_state, self.database_path, self.crash_handler = ui_state, database_path, crash_handler
        # the library on a PostgreSQL server: shown as user@host:port/database, and its URL (no password)
        self.library_server: str | None = None
        self.library_server_url: str | None = None
        self.location_given = False  # --database / WATCHTRACKER_DATABASE chose it: Preferences' choice is not used
        self.undo_stack = UndoStack(self)
        self.undo_stack.said.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.bus = ChangeBus(self)
        self.bus.delivered.connect(self.changes_applied)
        self.views: Views | None = None  # once the library is open
        self.alerts_controller = None  # AlertsController, once the library is open
        self.sections: Sections | None = None  # Up next, Upcoming, Franchises, Statistics, once it is open
        self._title = "watchtracker"
        self._section = "library"  # the section on screen (the detail page belongs to where it was opened from)
        self._origin = "library"  # where the series on the detail page was opened from: Back returns there
        self._pending_section: str | None = None  # asked for while the library was opening
        self.live: LiveChanges | None = None  # the library is on a server: its changes heard (ui/live.py)

        self.setWindowTitle("watchtracker")
        self.resize(1280, 780)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName(self.tr("Sections"))
        self.nav.setMaximumWidth(320)
        self.nav.setMinimumWidth(NAV_MIN_WIDTH)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # too narrow: elided, and fit_nav
        self._nav_items = {name: QListWidgetItem(section_label(name)) for name in SECTIONS}
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
        self.fit_nav()
        self.notice = messages.NoticeBar()  # read-only library, an empty file made new ...
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.notice)
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.errors = ErrorReporter(self, self.notice, database_path, crash_handler)
        self.preferences = Preferences(self, settings, save_settings)
        self._quitting = False
        self.background = Background(
            self,
            policy=lambda: self.settings.on_close if self.settings is not None else "quit",
            remember=lambda choice: self.preferences.keep(on_close=choice),
            has_alerts=lambda: self.alerts_page.model.alert_count() > 0,
        )
        self.background.open_requested.connect(self.show_from_background)
        self.background.quit_requested.connect(self.quit)
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
            self.library_page,
            library_lane=library_lane,
            open_series=self.open_series,
            undo_stack=self.undo_stack,
            **common,
        )
        self.detail_controller = DetailController(
            self.detail_page,
            library_lane=library_lane,
            undo_stack=self.undo_stack,
            show_library=self.return_to_origin,
            on_page=lambda: self.pages.currentIndex() == DETAIL_PAGE,
            show_page=lambda: self.pages.setCurrentIndex(DETAIL_PAGE),
            set_title=self._set_title,
            **common,
        )
        self.online_controller = OnlineController(
            self.library_page,
            self.detail_page,
            online,
            library_lane=library_lane,
            online_lane=self.online_lane,
            refresh_lane=self.refresh_lane,
            open_series=self.open_series,
            add_by_hand=self.library_controller.add_series,
            refresh_hours=settings.refresh_hours if settings is not None else 6.0,
            **common,
        )
        self.transfer_controller = TransferController(
            self.library_page,
            library_lane=library_lane,
            online_lane=self.online_lane,
            online=self.online_controller,
            flush=self.detail_page.flush,
            restore=self.restore_requested.emit,
            ui_state=ui_state,
            **common,
        )
        self.media_controller = MediaController(
            self,
            library_lane=library_lane,
            online_lane=self.online_lane,
            refresh_lane=self.refresh_lane,
            online=self.online_controller,
            minutes=settings.media_sync_minutes if settings is not None else 15,
            **common,
        )
        self.media_controller.follow(self.undo_stack)
        self.actions = build_menus(self, SECTIONS, {name: section_label(name) for name in SECTIONS})
        self._connect()
        self._restore_state()
        if library is not None:
            self._open(library, catalog, alerts, feeds, views)
        self._set_ready(library is not None)

    def attach(
        self,
        library: LibraryService,
        catalog: CatalogService,
        online: OnlineService | None = None,
        alerts: AlertService | None = None,
        feeds: FeedService | None = None,
        views: Views | None = None,
        *,
        preview_current: Callable[[], bool] | None = None,
    ) -> None:
        """The library is open: enable everything and load it (``preview_current``: asked on the
        library lane whether the preview's rows on the page are still what a reading would give;
        then they are kept)."""
        self.online_controller.online = online
        self._open(library, catalog, alerts, feeds, views)
        self._set_ready(True)
        self.statusBar().clearMessage()
        self.library_controller.load_first(preview_current)
        self.detail_controller.open_pending()

    def attach_rest(
        self, online: OnlineService | None, alerts: AlertService | None, feeds: FeedService | None, views: Views | None
    ) -> None:
        """The second stage of opening (``attach`` was given the library alone): TVmaze, the
        alerts, the other sections, Import…, Export… and Backups…; a section asked for in between
        is shown now."""
        self.online_controller.online = online
        if alerts is not None and feeds is not None:
            self._attach_alerts(alerts, feeds)
        if views is not None:
            self._attach_views(views)
        self._set_ready(True)
        pending, self._pending_section = self._pending_section, None
        if pending is not None and self.nav.currentRow() == SECTIONS.index(pending):
            self.show_section(pending)

    def go_live(self, location, engine) -> None:
        """The library is on a server (``location``): what other computers change there comes on
        the bus, and the status bar says when the server cannot be reached (ui/live.py)."""
        from watchtracker.ui.live import LiveChanges

        if self.live is None:
            self.live = LiveChanges(self.bus, self.statusBar(), location, engine, parent=self).start()

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
            self.alerts_page,
            alerts,
            feeds,
            library_lane=self.library_lane,
            refresh_lane=self.refresh_lane,
            apply_changes=self.bus.publish,
            open_series=self.open_series,
            status=self.statusBar().showMessage,
            report_error=self.report_error,
            notifier=notifier,
            poll_minutes=self.settings.feeds_minutes if self.settings else 60.0,
            parent=self,
        )
        self.bus.changed.connect(self.alerts_controller.on_changes)
        self.alerts_controller.unread_changed.connect(self._on_unread_changed)
        self.alerts_controller.reload()

    def _attach_views(self, views: Views) -> None:
        """Up next, Upcoming, Franchises and Statistics (ui/sections.py); Import…, Export… and
        Backups…."""
        from watchtracker.ui.sections import Sections

        self.views, settings = views, self.settings
        if views.backups is not None and settings is not None:
            views.backups.keep = settings.backups_to_keep  # chosen in Preferences while it opened
        self.transfer_controller.attach(self.library_service, views.importer, views.backups, views.library_export)
        self.media_controller.attach(views.media, self.library_service, views.importer)
        self.sections = Sections(
            self.pages,
            views,
            self.library_service,
            settings,
            library_lane=self.library_lane,
            bus=self.bus,
            undo_stack=self.undo_stack,
            open_series=self.open_series,
            status=self.statusBar().showMessage,
            report_error=self.report_error,
            parent=self,
        )
        self.sections.specials_changed.connect(lambda on: self.preferences.keep(include_specials=on))
        self.sections.days_changed.connect(lambda days: self.preferences.keep(upcoming_days=days))
        self.sections.library_requested.connect(self.show_library)

    # -- preferences (ui/preferences.py) ---------------------------------------------------
    @property
    def settings(self) -> Settings | None:
        return self.preferences.settings

    def edit_preferences(self) -> None:
        self.preferences.edit()

    def apply_settings(self, new: Settings) -> None:
        self.preferences.apply(new)

    # -- navigation ------------------------------------------------------------------------
    def open_series(self, series_id: int) -> None:
        if self.pages.currentIndex() != DETAIL_PAGE:  # from a section: Back returns to it
            self._origin = self._section
            self.detail_page.set_back_label(section_label(self._origin))
        self.detail_controller.open_series(series_id)

    def return_to_origin(self) -> None:
        """Back from a series' page (with no series before it): the section it was opened from."""
        self.detail_controller.history.clear()
        self.show_section(self._origin)

    def show_section(self, name: str) -> None:
        """Go to one of the navigation's sections."""
        if name == "library":
            self.show_library()
        elif name == "alerts":
            self.show_alerts()
        elif self.sections is None:  # the library is still opening: shown once it is there (``attach_rest``)
            self._pending_section = name
        elif name in self.sections.index:
            self._show(self.sections.index[name], name, self._section_title(name))
            self.sections.shown(name)

    def show_library(self) -> None:
        self.detail_controller.history.clear()
        self._show(LIBRARY_PAGE, "library", "watchtracker")
        if self.detail_page.detail is not None:
            self.library_page.select_series(self.detail_page.detail.id)
        self.library_page.table.setFocus()

    def show_alerts(self) -> None:
        if self.alerts_controller is not None:
            self._show(ALERTS_PAGE, "alerts", self._section_title("alerts"))
            self.alerts_page.tree.setFocus()
        else:
            self._pending_section = "alerts"

    def _section_title(self, name: str) -> str:
        """ "Alerts — watchtracker"."""
        return self.tr("{section} — watchtracker").format(section=section_label(name))

    def _show(self, index: int, name: str, title: str) -> None:
        self._section = name
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
        alerts = section_label("alerts")
        self._nav_alerts.setText(
            self.tr("{section}  ({count})").format(section=alerts, count=unread) if unread else alerts
        )
        font = self._nav_alerts.font()
        font.setBold(unread > 0)
        self._nav_alerts.setFont(font)
        self.fit_nav()
        self._set_title(self._title)

    def _set_title(self, base: str) -> None:
        """The window title, with the unread alerts after it: "Bosch — watchtracker (3 unread)"."""
        self._title = base
        unread = self.alerts_controller.unread if self.alerts_controller is not None else 0
        self.setWindowTitle(
            translate("MainWindow", "{title} (%n unread)", "", unread).format(title=base) if unread else base
        )

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
        if self.sections is not None:
            self.sections.reload()

    def apply_changes(self, changes: Changes) -> None:
        """Publish what a change did (the undo commands' host): each view refreshes what it shows."""
        self.bus.publish(changes)

    def start_refreshing(self, first_in_ms: int = 3000) -> None:
        """TVmaze soon after start-up, then every ``refresh_hours``; the news feeds on their own
        schedule."""
        self.online_controller.start(first_in_ms)
        self.media_controller.start(first_in_ms + 2000)
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
        transfer, a = self.transfer_controller, self.actions
        for action in (a.add, a.add_online, a.refresh, a.feeds, a.sections["alerts"], a.example, a.reload):
            action.setEnabled(ready)
        a.import_history.setEnabled(ready and transfer.importer is not None)
        a.export_library.setEnabled(ready and transfer.exporter is not None)
        a.backups.setEnabled(ready and transfer.backups is not None)
        a.media_servers.setEnabled(ready and self.media_controller.media is not None)
        self.library_controller.set_ready(ready, can_import=transfer.importer is not None)
        self.library_page.can_find_online = ready and self.online_controller.online is not None

    def _connect(self) -> None:
        self.library_controller.loaded.connect(self.library_loaded)
        self.library_controller.preview_shown.connect(self.preview_shown)
        self.library_controller.counted.connect(self._on_counted)
        self.library_controller.example_loading.connect(lambda busy: self.actions.example.setEnabled(not busy))
        self.library_controller.series_deleted.connect(self.detail_controller.leave_deleted)
        self.detail_controller.series_gone.connect(self.library_controller.forget)
        self.detail_controller.detail_shown.connect(self.detail_shown)
        self.detail_page.delete_requested.connect(self.library_controller.delete_series)
        self.online_controller.refreshing.connect(lambda busy: self.actions.refresh.setEnabled(not busy))
        for lane in (self.refresh_lane, self.online_lane, self.library_lane):
            lane.busy_changed.connect(self._update_busy)
        self.nav.currentRowChanged.connect(lambda row: 0 <= row < len(SECTIONS) and self.show_section(SECTIONS[row]))
        self.undo_stack.indexChanged.connect(self._update_undo_button)

    def _on_counted(self, count: int) -> None:
        """The Library's entry in the navigation, with how many series it holds: "Library  (12)"."""
        library = section_label("library")
        self._nav_library.setText(
            self.tr("{section}  ({count})").format(section=library, count=count) if count else library
        )
        self.fit_nav()

    def fit_nav(self) -> None:
        """The navigation as wide as its longest entry needs (a longer language, a count that grew),
        never narrower than the viewer made it."""
        need = self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth() + 6
        need = min(max(need, NAV_MIN_WIDTH), self.nav.maximumWidth())
        self.nav.setMinimumWidth(need)  # a narrower window takes the room from the page, not from the entries
        sizes = self.splitter.sizes()
        if len(sizes) == 2 and sum(sizes) and sizes[0] < need:
            self.splitter.setSizes([need, sum(sizes) - need])

    def _update_busy(self, _busy: bool = False) -> None:
        if self.refresh_lane.busy or self.online_lane.busy:
            self.busy_label.setText(self.tr("Talking to TVmaze…"))
        else:
            self.busy_label.setText(self.tr("Working…") if self.library_lane.busy else "")

    def _update_undo_button(self) -> None:
        text = self.undo_stack.undoText()
        self.undo_button.setVisible(self.undo_stack.canUndo())
        self.undo_button.setText(self.tr("Undo “{command}”").format(command=text) if text else self.tr("Undo"))

    # -- saved state -----------------------------------------------------------------------
    def _headers(self):
        return {
            "library/header": self.library_page.table.horizontalHeader(),
            "detail/episodes_header": self.detail_page.episodes.header(),
            "alerts/header": self.alerts_page.tree.header(),
        }

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
    def quit(self) -> None:
        """Library → Quit (and the tray's Quit): the end of the run, even when closing the window
        would only hide it."""
        self._quitting = True
        self.close()

    def show_from_background(self) -> None:
        self.background.came_back()
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:
        # the viewer closed it (the title bar's button, the window manager): a close from code
        # (Ctrl+C in the terminal, a test, a restore replacing the window) ends the run as before
        if not self._quitting and event.spontaneous() and self.background.hide_instead_of_closing():
            # keep watching: the window goes, the run (refreshes, feed polls, notifications) stays
            self.detail_page.flush()
            self.save_state()
            event.ignore()
            self.hide()
            self.background.went_to_background()
            self.statusBar().clearMessage()
            return
        self.background.came_back()
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
        self.refresh_lane.stop(drop_waiting=True)
        self.online_lane.stop(drop_waiting=True)
        self.library_lane.stop()
        self.side_lane.stop(drop_waiting=True)
        self.transfer_controller.stop()
        self.media_controller.stop()
        if self.live is not None:
            self.live.stop()

    def stand_down(self, message: str) -> None:
        """Let go of the library (a backup is about to replace it): save what is being typed,
        take no more input, stop every timer (refreshes, feeds, countdowns). What the lanes have
        under way finishes; ``idle`` says when. Called again while waiting, since a job that ends
        may start a timer or enable an action."""
        self.detail_page.flush()
        self.undo_stack.clear()  # its commands act on the library being replaced
        if self.live is not None:
            self.live.stop()
        self.media_controller.stop()
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
        return not (self.library_lane.busy or self.refresh_lane.busy or self.online_lane.busy or self.side_lane.busy)

    # -- what the user is told -------------------------------------------------------------
    def show_notice(self, text: str) -> None:
        """Something the user should know, shown at the top of the window until closed (no modal)."""
        self.notice.add(text)

    def show_read_only(self, text: str) -> None:
        """The library can only be read: said at the top of the window for the whole run; a
        write refused later gets a status line, not a modal each time."""
        self.errors.read_only = True
        self.notice.add(text, closable=False)

    def report_error(self, exc: BaseException) -> None:
        """Problems the user can act on get a message; bugs go to the crash handler (ui/reporting.py)."""
        self.errors.report(exc)

    # -- help ------------------------------------------------------------------------------
    @staticmethod
    def open_file(path: Path | None) -> None:
        if path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def about(self) -> None:
        from watchtracker.ui.help import show_about

        show_about(self, str(self.database_path) if self.database_path else None)
