"""The logic behind the Alerts page: loading with the chosen filters, read/dismiss/mute, the
news-feed schedule, notifications, and "Track this spin-off". Reads and small writes go through
the window's read lane, feeds through its network lane; nothing waits on the GUI thread."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from watchtracker.domain.i18n import translate
from watchtracker.domain.text import clean_line
from watchtracker.errors import USER_FACING, ChangedElsewhere
from watchtracker.services.alerts import AlertService
from watchtracker.services.cancel import Interrupted, check_stopped
from watchtracker.services.changes import Changes
from watchtracker.services.feeds import FeedService, PollReport

from watchtracker.ui.alerts.feeds_dialog import FeedsDialog
from watchtracker.ui.alerts.kind_dialog import KindDialog
from watchtracker.ui.alerts.model import kinds_sentence
from watchtracker.ui.alerts.notifier import Notifier
from watchtracker.ui.alerts.page import AlertsPage
from watchtracker.ui.alerts.spin_off_dialog import SpinOffDialog
from watchtracker.ui.common.html import is_web_link
from watchtracker.ui.reporting import offer_reload_or_keep
from watchtracker.ui.tasks import Lane

log = logging.getLogger(__name__)

MAX_ROWS = 2_000  # shown at once; the filters reach the rest


class AlertsController(QObject):
    """Signals: ``unread_changed(int)`` after every load; ``loaded()`` when the page shows the
    current alerts; ``polled(object)`` with the PollReport after feeds were read (or the
    exception that stopped the poll)."""

    unread_changed = Signal(int)
    loaded = Signal()
    polled = Signal(object)

    def __init__(
        self,
        page: AlertsPage,
        alerts: AlertService,
        feeds: FeedService,
        *,
        library_lane: Lane,
        refresh_lane: Lane,
        apply_changes: Callable[[Changes], None],
        open_series: Callable[[int], None],
        status: Callable[[str, int], None],
        report_error: Callable[[BaseException], None],
        notifier: Notifier | None = None,
        poll_minutes: float = 60.0,
        parent=None,
    ):
        super().__init__(parent)
        self.page, self.alerts, self.feeds = page, alerts, feeds
        self.library_lane, self.refresh_lane = library_lane, refresh_lane
        self.apply_changes, self.open_series = apply_changes, open_series
        self.status, self.report_error = status, report_error
        self.notifier = notifier
        self.poll_minutes = poll_minutes
        self.unread = 0
        self._dialog: FeedsDialog | None = None
        self._polling = False
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.poll)
        p = page
        p.filters_changed.connect(self.reload)
        p.read_requested.connect(self._mark_read)
        p.all_read_requested.connect(
            lambda: self._write(self.alerts.mark_all_read, self.tr("Marked every alert read."))
        )
        p.dismiss_requested.connect(self._dismiss)
        p.mute_kind_requested.connect(lambda kind, on: self._write(lambda: self.alerts.mute_kind(kind, on)))
        p.mute_series_requested.connect(lambda sid, on: self._write(lambda: self.alerts.mute_series(sid, on)))
        p.series_requested.connect(self.open_series)
        p.open_url_requested.connect(self._open_url)
        p.track_requested.connect(self.track_spin_off)
        p.feeds_requested.connect(self.manage_feeds)
        p.refresh_requested.connect(self.poll)
        p.wrong_kind_requested.connect(self.correct_kinds)
        p.not_about_requested.connect(self.not_about)

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        # the widgets are read here, on the GUI thread; the worker only gets plain values
        filters = self.page.filters()
        include_muted = filters.pop("include_muted")
        filtered = self.page.has_filters()

        def load():
            matching = self.alerts.alerts(**filters, limit=None)
            rows = matching if include_muted else [a for a in matching if not a.muted]
            hidden = len(matching) - len(rows)
            total = len(self.alerts.alerts(limit=None)) if filtered else len(matching)
            return (
                rows[:MAX_ROWS],
                total,
                hidden,
                self.alerts.unread_count(),
                self.alerts.alert_series(),
                self.alerts.muted_kinds(),
                self.alerts.muted_series(),
            )

        def done(result) -> None:
            rows, total, hidden, unread, series, muted_kinds, muted_series = result
            self.page.muted_kinds, self.page.muted_series = muted_kinds, muted_series
            self.page.set_series_choices(series)
            self.page.set_rows(rows, total=total, unread=unread, muted_hidden=hidden)
            self.unread = unread
            if self.notifier is not None:
                self.notifier.set_unread(unread)
            self.unread_changed.emit(unread)
            self.loaded.emit()

        self.library_lane.run(load, done, self.report_error)

    def on_changes(self, changes: Changes) -> None:
        if changes.announcements or changes.everything or changes.removed or changes.added:
            self.reload()

    def _write(self, fn: Callable[[], Changes], message: str | None = None) -> None:
        def done(changes: Changes) -> None:
            if message:
                self.status(message, 5000)
            self.apply_changes(changes | Changes(announcements=True))

        self.library_lane.run(fn, done, self.report_error)

    def _versions(self, ids: list[int]) -> dict[int, int]:
        """The versions of these alerts as the page shows them (what the viewer acts on)."""
        model, wanted = self.page.model, set(ids)
        versions = {}
        for d in range(model.rowCount()):
            day = model.index(d, 0)
            for r in range(model.rowCount(day)):
                row = model.alert_at(model.index(r, 0, day))
                if row is not None and row.id in wanted:
                    versions[row.id] = row.version
        return versions

    def _checked_write(self, write: Callable[[dict[int, int]], Changes], ids: list[int], message: str | None = None):
        """A change of read or dismissed, based on the versions shown: when another computer
        contradicted it meanwhile, Reload or Keep mine (ui.reporting.offer_reload_or_keep)."""
        versions = self._versions(ids)

        def done(changes: Changes) -> None:
            if message:
                self.status(message, 5000)
            self.apply_changes(changes | Changes(announcements=True))

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, ChangedElsewhere):
                self.report_error(exc)
                return

            def keep_mine(version: int) -> None:
                versions[int(str(exc.current["id"]))] = version
                self.library_lane.run(lambda: write(dict(versions)), done, failed)

            offer_reload_or_keep(self.page.window(), exc, reload=self.reload, keep_mine=keep_mine)

        self.library_lane.run(lambda: write(dict(versions)), done, failed)

    def _mark_read(self, ids: list[int], read: bool) -> None:
        self._checked_write(lambda versions: self.alerts.mark_read(ids, read, expected_versions=versions), ids)

    def _dismiss(self, ids: list[int]) -> None:
        n = len(ids)  # a plain name: lupdate finds no text whose count is an expression
        self._checked_write(
            lambda versions: self.alerts.dismiss(ids, expected_versions=versions),
            ids,
            translate("AlertsController", "Dismissed %n alert(s); they stay on their series' pages.", "", n),
        )

    def _open_url(self, url: str) -> None:
        if is_web_link(url):  # only http(s) ever reaches the browser
            QDesktopServices.openUrl(QUrl(url))

    # -- feeds -----------------------------------------------------------------------------
    def start(self, first_in_ms: int = 10_000) -> None:
        """Read the feeds soon after start-up, then every ``poll_minutes``."""
        self.reload()
        self._timer.start(first_in_ms)

    def set_poll_minutes(self, minutes: float) -> None:
        """A new interval (Preferences): the next reading comes that long after now."""
        self.poll_minutes = minutes
        if self._timer.isActive() and not self._polling:
            self._timer.start(int(minutes * 60_000))

    def poll(self) -> None:
        """Read the feeds and check the library for new episodes (the network lane)."""
        if self._polling or self.refresh_lane.cancelled.is_set():
            return
        self._polling = True
        cancel = self.refresh_lane.cancelled  # set when the window closes

        def work():
            report = self.feeds.poll(cancel=cancel)
            check_stopped(cancel)
            report.alerts.extend(self.alerts.check_library())
            fresh = [self.alerts.alert(i) for i in report.alerts]
            return report, fresh

        def done(result) -> None:
            report, fresh = result
            closing = cancel.is_set()  # read just before the window closed: kept, nothing more
            self._after_poll(again=not closing)
            self.apply_changes(report.changes | Changes(announcements=True))
            loud = [a for a in fresh if not a.muted]
            if loud and not closing:
                n = len(loud)
                self.status(translate("AlertsController", "%n new alert(s).", "", n), 8000)
                if self.notifier is not None:
                    self.notifier.notify(loud)
            if report.failed:
                names = ", ".join(clean_line(name) for name, _ in report.failed[:3])  # a feed's own title
                self.status(
                    self.tr("Some feeds could not be read ({names}); see News feeds….").format(names=names), 10000
                )
            self.polled.emit(report)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, Interrupted):  # the window is closing: no feed was blamed for it
                log.info("feeds poll stopped: the window is closing")
                self._after_poll(again=False)
                self.polled.emit(exc)
                return
            self._after_poll(failure=exc)
            if isinstance(exc, USER_FACING):
                self.status(str(exc), 10000)
            else:
                self.report_error(exc)
            self.polled.emit(exc)

        self.refresh_lane.run(work, done, failed)

    def _after_poll(self, again: bool = True, failure: BaseException | None = None) -> None:
        self._polling = False
        if again:
            self._timer.start(int(self.poll_minutes * 60_000))
        if self._dialog is not None:
            self._dialog.poll_finished(failure)  # a check that failed as a whole is said in the dialog

    def manage_feeds(self) -> None:
        dialog = FeedsDialog(
            self.feeds,
            self.library_lane.run,
            poll_requested=self.poll,
            parent=self.page.window(),
            report_error=self.report_error,
        )
        self._dialog = dialog
        try:
            dialog.exec()
        finally:
            self._dialog = None
        if dialog.changed:
            self.reload()

    # -- what the viewer teaches ------------------------------------------------------------
    def correct_kinds(self, alert) -> None:
        """ "Wrong kind?": the viewer's kinds, written on the library lane (and kept as an example)."""
        dialog = KindDialog(alert, parent=self.page.window())
        if not dialog.exec():
            return
        kinds = dialog.kinds()
        self._write(
            lambda: self.alerts.correct_kinds(alert.id, kinds),
            self.tr("This alert is now “{kinds}”; news like it will be typed so.").format(kinds=kinds_sentence(kinds)),
        )

    def not_about(self, alert, series_id: int) -> None:
        """ "Not about this series": the series taken off the alert (the alert goes with its last)."""
        title = dict(alert.series).get(series_id, "")
        if len(alert.series) > 1:
            said = self.tr("Took {title} off this alert; the same story will not be matched to it again.")
        else:
            said = self.tr(
                "Removed the alert: it is not about {title}, and the same story will not be matched to it again."
            )
        self._write(lambda: self.alerts.not_about(alert.id, series_id), said.format(title=title))

    # -- spin-offs -------------------------------------------------------------------------
    def track_spin_off(self, alert_id: int) -> None:
        """Track this spin-off: the alert and its plan read on the lane, the dialog, the series
        added on the lane."""
        alerts = self.alerts
        self.library_lane.run(
            lambda: (alerts.alert(alert_id), alerts.spin_off_plan(alert_id)),
            lambda read: self._spin_off_form(alert_id, *read),
            self.report_error,
        )

    def _spin_off_form(self, alert_id: int, alert, plan) -> None:
        existing = {plan.title: plan.existing_id} if plan.existing_id else {}
        dialog = SpinOffDialog(alert, plan, existing, parent=self.page.window())
        if not dialog.exec():
            return
        title, parent_id, premiere = dialog.values()

        def done(result) -> None:
            sid, changes = result
            self.apply_changes(changes)
            self.status(self.tr("Tracking {title}: announced, a spin-off in your library.").format(title=title), 8000)
            self.open_series(sid)

        self.library_lane.run(
            lambda: self.alerts.track_spin_off(alert_id, title, parent_id, premiere), done, self.report_error
        )


__all__ = ["AlertsController", "PollReport"]
