"""The logic behind the Upcoming page: loading with the chosen range and filter on the read lane,
the countdown ticking every minute from the items already read (no database), the catch-up line
for the selected series (read on the read lane), and the .ics export (written on the read lane)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from watchtracker.domain.dates import day_month_year
from watchtracker.domain.i18n import translate
from watchtracker.domain.models import CatchUpPlan, ReleaseKind, Upcoming
from watchtracker.errors import USER_FACING
from watchtracker.services.changes import Changes
from watchtracker.services.schedule import ScheduleService
from watchtracker.services.transfer.calendar_export import CalendarExportService, ExportResult

from watchtracker.ui.common.formatting import runtime_text
from watchtracker.ui.tasks import Lane
from watchtracker.ui.upcoming.page import UpcomingPage, window_text

if TYPE_CHECKING:
    from watchtracker.services.franchises import FranchiseService

COUNTDOWN_LIMIT = 4
TICK_MS = 60_000  # the countdown moves on every minute
CATCH_UP_DELAY_MS = 120  # wait for the selection to settle (arrow keys held down)

PathChooser = Callable[[QWidget, str], str | None]


def choose_ics_path(parent: QWidget, suggested: str) -> str | None:
    """Ask where to save the calendar (the platform's dialog)."""
    path, _ = QFileDialog.getSaveFileName(
        parent,
        translate("UpcomingController", "Export the upcoming calendar"),
        suggested,
        translate("UpcomingController", "iCalendar files (*.ics);;All files (*)"),
    )
    return path or None


@dataclass(frozen=True)
class CatchUp:
    """What the catch-up line says about one selected series: its own plan, and its franchise's
    when the series has nothing of its own to watch before a premiere (a new spin-off, say)."""

    series_id: int
    title: str
    plan: CatchUpPlan | None  # the series' own
    franchise: str | None = None
    franchise_plan: CatchUpPlan | None = None

    @property
    def shown(self) -> CatchUpPlan | None:
        """The plan the line is about."""
        own = self.plan
        if own is not None and not own.caught_up:
            return own
        if self.franchise_plan is not None and not self.franchise_plan.caught_up:
            return self.franchise_plan
        return own or self.franchise_plan

    @property
    def is_hint(self) -> bool:
        """Nothing to do: the line is greyed."""
        return self.shown is None or self.shown.caught_up

    def text(self) -> tuple[str, str]:
        """(title, line) for the page."""
        plan = self.shown
        if plan is None:
            return translate("CatchUp", "Catch up"), translate(
                "CatchUp", "No dated premiere ahead for {title}: nothing to plan."
            ).format(title=self.title)
        of_franchise = plan is self.franchise_plan and plan is not self.plan
        if of_franchise and self.franchise:
            title = translate("CatchUp", "Catch up with the {franchise} before {premiere}").format(
                franchise=self.franchise, premiere=_premiere_phrase(plan)
            )
        elif of_franchise:
            title = translate("CatchUp", "Catch up with the franchise before {premiere}").format(
                premiere=_premiere_phrase(plan)
            )
        else:
            title = translate("CatchUp", "Catch up before {premiere}").format(premiere=_premiere_phrase(plan))
        if plan.caught_up:
            return title, translate("CatchUp", "You are caught up: nothing to watch before {day}.").format(
                day=_day(plan.premiere_day)
            )
        # each step wraps the line so far ({plan}): a language may put its part elsewhere
        line = plan.label()
        days, estimated = plan.days, plan.estimated  # plain names: lupdate reads no other expression as the count
        if days > 0:
            per_day = runtime_text(plan.minutes_per_day) or translate("CatchUp", "a few minutes")
            line = translate("CatchUp", "{plan} — about {time} a day for %n day(s)", "", days).format(
                plan=line, time=per_day
            )
        else:
            line = translate("CatchUp", "{plan} — that is today").format(plan=line)
        starts = [f"{s.title} {s.first}" for s in plan.series if s.first is not None]
        if starts:
            then = translate("CatchUp", "{series}, then {next}")
            first = starts[0]
            for following in starts[1:3]:
                first = then.format(series=first, next=following)
            line = translate("CatchUp", "{plan}. Start with {series}").format(plan=line, series=first)
            line += ", …" if len(starts) > 3 else ""
        if estimated:
            line = translate("CatchUp", "{plan} (the runtime of %n episode(s) is a guess)", "", estimated).format(
                plan=line
            )
        line += "."
        own = self.plan
        if of_franchise and own is not None and own.premiere_series_id != plan.premiere_series_id:
            itself = translate("CatchUp", "{title} itself comes out {day}; nothing of its own to watch before.")
            line += " " + itself.format(title=self.title, day=_day(own.premiere_day))
        return title, line


def _day(day: date) -> str:
    return day_month_year(day)


def _premiere_phrase(plan: CatchUpPlan) -> str:
    """ "the premiere of Ballard", "season 4 of Bosch: Legacy"."""
    if plan.premiere_kind is ReleaseKind.SEASON_PREMIERE and plan.premiere_season is not None:
        return translate("CatchUp", "season {season} of {title}").format(
            season=plan.premiere_season, title=plan.premiere_title
        )
    return translate("CatchUp", "the premiere of {title}").format(title=plan.premiere_title)


class UpcomingController(QObject):
    """Signals: ``loaded()`` when the page shows Upcoming as asked (after ``reload``);
    ``days_changed(int)`` when the viewer chose another range (to keep it in the settings);
    ``catch_up_shown(object)`` with the CatchUp for the selected series once its line is on the
    page; ``exported(object)`` with the ExportResult, or the exception that stopped the export."""

    loaded = Signal()
    days_changed = Signal(int)
    catch_up_shown = Signal(object)
    exported = Signal(object)

    def __init__(
        self,
        page: UpcomingPage,
        schedule: ScheduleService,
        export: CalendarExportService,
        *,
        library_lane: Lane,
        open_series: Callable[[int], None],
        status: Callable[[str, int], None],
        report_error: Callable[[BaseException], None],
        days: int = 30,
        include_specials: bool = False,
        franchises: FranchiseService | None = None,
        choose_path: PathChooser | None = None,
        parent=None,
    ):
        super().__init__(parent)
        self.page, self.schedule, self.export = page, schedule, export
        self.library_lane = library_lane
        self.open_series, self.status, self.report_error = open_series, status, report_error
        self.include_specials = include_specials
        self.franchises = franchises
        self.choose_path: PathChooser = choose_path or choose_ics_path
        self.upcoming: Upcoming | None = None
        self.today: date | None = None
        self._generation = 0
        self._stale = False
        self._catch_up: dict[int, CatchUp] = {}  # per series, for the current load
        self._last_export: Path | None = None
        self._exporting = False
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self.tick)
        self._catch_up_timer = QTimer(self, singleShot=True)
        self._catch_up_timer.setInterval(CATCH_UP_DELAY_MS)
        self._catch_up_timer.timeout.connect(self._read_catch_up)
        page.set_days(days)
        self._days = page.days()
        page.filters_changed.connect(self.reload)
        page.export_requested.connect(self.export_calendar)
        page.series_requested.connect(self.open_series)
        page.selection_changed.connect(self._on_selection)
        page.shown.connect(self._on_shown)

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        self._stale = False
        filters = self.page.filters()  # read here, on the GUI thread; the worker gets plain values
        specials = self.include_specials
        self.page.show_loading()
        if filters["days"] != self._days:
            self._days = filters["days"]
            self.days_changed.emit(self._days)

        def load():
            up = self.schedule.upcoming(
                filters["days"], premieres_only=filters["premieres_only"], include_specials=specials
            )
            return up, self.schedule.today()

        def done(result) -> None:
            if generation != self._generation:
                return  # a newer reload is on its way
            self.upcoming, self.today = result
            self._catch_up.clear()
            self.page.set_upcoming(self.upcoming, self.today, **filters)
            self.tick()
            if not self._ticker.isActive():
                self._ticker.start()
            self.loaded.emit()

        self.library_lane.run(load, done, self.report_error)

    def on_changes(self, changes: Changes) -> None:
        """Dates, states and progress may have changed: read again now if the page is on screen,
        else when it next comes on screen."""
        if not changes:
            return
        self._catch_up.clear()
        if self.page.isVisible():
            self.reload()
        else:
            self._stale = True

    def _on_shown(self) -> None:
        if self._stale:
            self.reload()
        else:
            self.tick()
            self._on_selection(self.page.current_series_id())  # its line may not have been read

    def set_include_specials(self, on: bool) -> None:
        if bool(on) != self.include_specials:
            self.include_specials = bool(on)
            self.reload()

    # -- the countdown -----------------------------------------------------------------------
    def tick(self) -> None:
        """The countdown from the items already read; a new day (midnight passed) reads again."""
        if self.upcoming is None:
            return
        today = self.schedule.today()
        if self.today is not None and today != self.today:
            if self.page.isVisible():
                self.reload()
            else:
                self._stale = True
            return
        self.page.set_countdown(self.schedule.countdown(self.upcoming, COUNTDOWN_LIMIT), today)

    # -- catch-up --------------------------------------------------------------------------
    def _on_selection(self, series_id: int | None) -> None:
        if series_id is None:
            self._catch_up_timer.stop()
            self.page.show_catch_up(None)
            return
        known = self._catch_up.get(series_id)
        if known is not None:
            self._show_catch_up(known)
            return
        self._catch_up_timer.start()

    def _read_catch_up(self) -> None:
        entry = self.page.current_entry()
        if entry is None or not self.page.isVisible():
            return  # a hidden page reads nothing; it asks again when it is shown
        sid = entry.series_id
        title = getattr(entry, "series_title", None) or getattr(entry, "title", "")
        generation = self._generation
        franchises = self.franchises

        def work() -> CatchUp:
            plan = self.schedule.catch_up(sid)
            if (plan is None or plan.caught_up) and franchises is not None:
                fid = franchises.franchise_of(sid)
                if fid is not None:
                    whole = self.schedule.catch_up(franchise_id=fid)
                    if whole is not None:
                        name = next((f.name for f in franchises.franchises() if f.id == fid), None)
                        return CatchUp(sid, title, plan, name, whole)
            return CatchUp(sid, title, plan)

        def done(found: CatchUp) -> None:
            if generation != self._generation:
                return
            self._catch_up[sid] = found
            if self.page.current_series_id() == sid:
                self._show_catch_up(found)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, USER_FACING):  # the series was deleted meanwhile: say so in the line
                self.page.show_catch_up(str(exc), hint=True)
            else:
                self.report_error(exc)

        self.library_lane.run(work, done, failed)

    def _show_catch_up(self, found: CatchUp) -> None:
        title, line = found.text()
        self.page.show_catch_up(line, title=title, hint=found.is_hint)
        self.catch_up_shown.emit(found)

    # -- export ----------------------------------------------------------------------------
    def export_calendar(self) -> None:
        """Ask where, then write the .ics of what the page shows (range, premieres only)."""
        if self._exporting:
            return
        filters = self.page.filters()
        suggested = str(self._last_export or Path.home() / "watchtracker-upcoming.ics")
        chosen = self.choose_path(self.page.window(), suggested)
        if not chosen:
            return
        path = Path(chosen).expanduser()
        if not path.suffix:
            path = path.with_suffix(".ics")
        specials = self.include_specials
        self._exporting = True
        self.page.export_button.setEnabled(False)
        self.status(self.tr("Writing the calendar to {path}…").format(path=path), 0)

        def work() -> ExportResult:
            return self.export.write_ics(
                path, filters["days"], premieres_only=filters["premieres_only"], include_specials=specials
            )

        def done(result: ExportResult) -> None:
            self._finish_export()
            self._last_export = path
            n, window = result.events, window_text(filters["days"])
            if filters["premieres_only"]:
                wrote = translate("UpcomingController", "Wrote %n event(s) to {path} (premieres in {window}).", "", n)
            else:
                wrote = translate("UpcomingController", "Wrote %n event(s) to {path} ({window}).", "", n)
            self.status(wrote.format(path=path, window=window), 10000)
            self.exported.emit(result)

        def failed(exc: BaseException) -> None:
            self._finish_export()
            if isinstance(exc, USER_FACING):
                self.status(self.tr("The calendar was not exported: {error}").format(error=exc), 15000)
            self.report_error(exc)
            self.exported.emit(exc)

        self.library_lane.run(work, done, failed)

    def _finish_export(self) -> None:
        self._exporting = False
        self.page.export_button.setEnabled(True)


__all__ = ["CatchUp", "UpcomingController", "choose_ics_path"]
