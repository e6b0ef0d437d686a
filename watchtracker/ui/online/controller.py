"""TVmaze from the window: Add series from TVmaze…, Find on TVmaze (linking a series added by
hand), choosing a show for the import wizard, the refresh on its schedule and the posters.
Searching, following and linking run on the lane the viewer waits for (``online_lane``); the refresh
and the posters on ``refresh_lane``, never holding up a read of the library; the row of a show just
followed is written on ``library_lane``."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from watchtracker.domain.i18n import translate
from watchtracker.errors import USER_FACING
from watchtracker.services.cancel import Interrupted
from watchtracker.services.changes import Changes

from watchtracker.ui.changes import ChangeBus
from watchtracker.ui.common import messages
from watchtracker.ui.online.search_dialog import OnlineSearchDialog
from watchtracker.ui.tasks import Lane, ProgressRelay

if TYPE_CHECKING:  # services load after the window shows (application.run_gui); pages: types only
    from watchtracker.services.online import OnlineService, RefreshReport

    from watchtracker.ui.detail.page import DetailPage
    from watchtracker.ui.library.page import LibraryPage

log = logging.getLogger(__name__)


class OnlineController(QObject):
    """Signals: ``refreshing(bool)`` when a refresh from TVmaze starts and when it ends.

    Without an OnlineService (offline, or the library not open yet) Add falls back to
    ``add_by_hand`` and the rest does nothing."""

    refreshing = Signal(bool)

    def __init__(
        self,
        library_page: LibraryPage,
        detail_page: DetailPage,
        online: OnlineService | None = None,
        *,
        library_lane: Lane,
        online_lane: Lane,
        refresh_lane: Lane,
        bus: ChangeBus,
        open_series: Callable[[int], None],
        add_by_hand: Callable[[], None],
        status: Callable[[str, int], None],
        report_error: Callable[[BaseException], None],
        refresh_hours: float = 6.0,
        parent=None,
    ):
        super().__init__(parent)
        self.library_page, self.detail_page, self.online = library_page, detail_page, online
        self.library_lane, self.online_lane, self.refresh_lane = library_lane, online_lane, refresh_lane
        self.bus = bus
        self.open_series, self.add_by_hand = open_series, add_by_hand
        self.status, self.report_error = status, report_error
        self.refresh_hours = refresh_hours
        self._refresh_timer = QTimer(self, singleShot=True)
        self._refresh_timer.timeout.connect(self.refresh)
        library_page.add_requested.connect(self.add_series)
        detail_page.find_online_requested.connect(self.link_series)
        library_page.find_online_requested.connect(self.link_series)

    # -- finding ---------------------------------------------------------------------------
    def add_series(self) -> None:
        """Find a series on TVmaze and follow it; the import runs on the lane the viewer waits for."""
        if self.online is None:
            self.add_by_hand()
            return
        dialog = OnlineSearchDialog(
            self.online_lane, self.online.search, parent=self.library_page.window(), thumbnail=self.online.thumbnail
        )
        dialog.by_hand.clicked.connect(lambda: (dialog.reject(), self.add_by_hand()))
        if not dialog.exec() or dialog.chosen is None:
            return
        show, online = dialog.chosen, self.online
        # the row appears at once, from what the search said (on the library lane) ...
        self.library_lane.run(
            lambda: online.start_follow(show), lambda started: self._fill_in(show, *started), self.report_error
        )

    def _fill_in(self, show, sid: int, changes: Changes) -> None:
        """... and fills in when the show has come (on the online lane)."""
        self.bus.publish(changes)
        self.library_page.select_series(sid)
        self.status(self.tr("Following {title}: fetching its episodes from TVmaze…").format(title=show.title), 0)

        def done(result) -> None:
            self.bus.publish(result[1] | changes)
            self.status(self.tr("Following {title}.").format(title=show.title), 8000)
            self.open_series(sid)
            self.fetch_posters([sid])

        def failed(exc: BaseException) -> None:
            if isinstance(exc, USER_FACING):
                self.status(
                    self.tr("Following {title}; its episodes will come with the next refresh ({problem})").format(
                        title=show.title, problem=exc
                    ),
                    15000,
                )
                self._refresh_timer.start(30 * 60_000)
            else:
                self.report_error(exc)

        online = self.online
        if online is not None:
            self.online_lane.run(lambda: online.follow(show.tvmaze_id), done, failed)

    def link_series(self, series_id: int) -> None:
        """Find on TVmaze: link a series added by hand to its TVmaze entry, keeping the viewer's history
        (from its page, or from its row in the Library)."""
        detail = self.detail_page.detail
        row = self.library_page.model.row_for(series_id)
        if detail is not None and detail.id == series_id:
            title = detail.title
        elif row is not None:
            title = self.library_page.model.series_row(row).title
        else:
            return
        if self.online is None:
            return
        dialog = OnlineSearchDialog(
            self.online_lane,
            self.online.search,
            query=title,
            action=self.tr("Link"),
            parent=self.detail_page.window(),
            thumbnail=self.online.thumbnail,
        )
        dialog.by_hand.hide()
        if not dialog.exec() or dialog.chosen is None:
            return
        show = dialog.chosen
        self.status(self.tr("Linking {title} to TVmaze #{id}…").format(title=title, id=show.tvmaze_id), 0)

        def done(changes) -> None:
            self.bus.publish(changes)
            self.status(self.tr("{title} is linked to TVmaze; your history is kept.").format(title=title), 8000)
            self.fetch_posters([series_id])

        self.online_lane.run(lambda: self.online.link(series_id, show.tvmaze_id), done, self._network_failed)

    def choose_show(self, query: str, parent) -> int | None:
        """Search TVmaze (as you type) and give the chosen show's id, or None (the import wizard's
        "Find on TVmaze")."""
        dialog = OnlineSearchDialog(
            self.online_lane,
            self.online.search,
            query=query,
            action=self.tr("Choose"),
            parent=parent,
            thumbnail=self.online.thumbnail,
        )
        dialog.by_hand.hide()
        if not dialog.exec() or dialog.chosen is None:
            return None
        return dialog.chosen.tvmaze_id

    def _network_failed(self, exc: BaseException) -> None:
        if isinstance(exc, USER_FACING):
            self.status(str(exc), 10000)
            messages.warning(self.detail_page.window(), str(exc))
        else:
            self.report_error(exc)

    # -- refreshing ------------------------------------------------------------------------
    def start(self, first_in_ms: int = 3000) -> None:
        """Refresh soon after start-up, then every ``refresh_hours``."""
        if self.online is not None:
            self._refresh_timer.start(first_in_ms)

    def set_refresh_hours(self, hours: float) -> None:
        """A new interval, in effect at once: the next refresh comes sooner, never later than it
        was due (a retry, say)."""
        self.refresh_hours = hours
        if self._refresh_timer.isActive():
            self._refresh_timer.start(min(self._refresh_timer.remainingTime(), int(hours * 3_600_000)))

    def refresh(self) -> None:
        """Every followed series from TVmaze, on the network lane; then the posters."""
        if self.online is None:
            return
        if self.refresh_lane.busy:  # posters still coming in: refresh right after
            self.status(self.tr("Busy with TVmaze; refreshing in a minute."), 8000)
            self._refresh_timer.start(60_000)
            return
        self.refreshing.emit(True)
        relay = ProgressRelay(self)
        relay.progressed.connect(lambda done, total, what: self.status(what, 0))

        def done(report: RefreshReport) -> None:
            self.refreshing.emit(False)
            relay.deleteLater()
            self.bus.publish(report.changes)
            # plain names: lupdate finds no text whose count is an expression
            checked, news, skipped = report.checked, len(report.announcements), len(report.skipped)
            if report.elsewhere:
                self.status(
                    self.tr("Another computer is refreshing the library from TVmaze; what it finds comes here."), 10000
                )
            elif checked:
                said = [
                    translate(
                        "OnlineController", "Refreshed from TVmaze: {changed} of %n series changed", "", checked
                    ).format(changed=len(report.updated))
                ]
                if news:
                    said.append(translate("OnlineController", "%n new announcement(s)", "", news))
                if skipped:
                    said.append(translate("OnlineController", "%n could not be read", "", skipped))
                self.status("; ".join(said) + ".", 10000)  # "…series changed; 2 new announcements."
            self._refresh_timer.start(int(self.refresh_hours * 3_600_000))
            self.fetch_posters(None)

        def failed(exc: BaseException) -> None:
            self.refreshing.emit(False)
            relay.deleteLater()
            if isinstance(exc, Interrupted):  # the window is closing: nothing was recorded
                log.info("refresh stopped: the window is closing")
                return
            self._refresh_timer.start(30 * 60_000)  # whatever went wrong, try again later
            if isinstance(exc, USER_FACING):
                log.info("refresh failed: %s", exc)
                self.status(self.tr("{problem} Will try again in 30 minutes.").format(problem=exc), 15000)
            else:
                self.report_error(exc)

        cancel = self.refresh_lane.cancelled  # set when the window closes
        self.refresh_lane.run(lambda: self.online.refresh(relay.report, cancel=cancel), done, failed)

    def fetch_posters(self, series_ids) -> None:
        """The posters of these series (None: of every series that lacks one), on the network lane."""
        if self.online is not None:
            cancel = self.refresh_lane.cancelled  # set when the window closes
            self.refresh_lane.run(
                lambda: self.online.fetch_posters(series_ids, cancel=cancel),
                self.bus.publish,
                lambda exc: log.info("posters not fetched: %s", exc),
            )


__all__ = ["OnlineController"]
