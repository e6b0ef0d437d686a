"""The upcoming calendar as an iCalendar (.ics) file, for any calendar app.

One VEVENT per upcoming episode or premiere. An episode with a known air time is a timed event
(DTSTART in UTC, DTEND after its runtime); one known only by its date is an all-day event
(DTSTART;VALUE=DATE, DTEND the next day, as RFC 5545 has it), left on its date in every time
zone. Announced series whose premiere is not an exact day ("Spring 2026") are not exported: a
calendar has no way to say "some time in spring", and a made-up day would be a lie.

UIDs are stable ("watchtracker-episode-12@watchtracker"), so importing a newer export updates
the events instead of doubling them.

The file is what icalendar writes for ``build_calendar``, byte for byte. ``render_calendar`` gets
there about ten times faster: icalendar writes the VCALENDAR around the events and every event
with text to escape or a line to fold; an ordinary event (most of them) is written line by line
in icalendar's order and format, which tests/unit/test_calendar_render.py holds equal to
icalendar's own output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from icalendar import Calendar, Event

from watchtracker import __version__
from watchtracker.domain import progress
from watchtracker.domain.i18n import translate
from watchtracker.domain.models import Upcoming, UpcomingItem
from watchtracker.errors import UserError
from watchtracker.services.schedule import DEFAULT_DAYS, ScheduleService
from watchtracker.storage.files import write_atomically

PRODID = f"-//watchtracker//watchtracker {__version__}//EN"
UID_DOMAIN = "watchtracker"


class ExportError(UserError):
    """The file could not be written; the message says where and why, in one line."""


@dataclass(frozen=True)
class ExportResult:
    path: Path | None  # None: written to a stream
    events: int
    timed: int
    all_day: int
    not_exported: int  # announced series with no exact premiere day (later exact days: out of range)
    days: int
    premieres_only: bool


def uid_for(item: UpcomingItem) -> str:
    return f"watchtracker-{item.key}@{UID_DOMAIN}"


def build_calendar(items: list[UpcomingItem], stamp: datetime) -> Calendar:
    """A VCALENDAR with one VEVENT per item; ``stamp`` (the export's time) is every DTSTAMP."""
    stamp = stamp.astimezone(UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "watchtracker: upcoming")
    for item in items:
        cal.add_component(_event(item, stamp))
    return cal


def render_calendar(items: list[UpcomingItem], stamp: datetime) -> bytes:
    """``build_calendar(items, stamp).to_ical()``, the same bytes, without building an icalendar
    component and running its serialiser for each ordinary event."""
    stamp = stamp.astimezone(UTC).replace(microsecond=0)
    envelope = build_calendar([], stamp).to_ical()
    end = envelope.rindex(b"END:VCALENDAR")
    dtstamp = f"DTSTAMP:{_utc_text(stamp)}"
    parts = [envelope[:end]]
    for item in items:
        plain = _plain_event(item, dtstamp)
        parts.append(plain.encode() if plain is not None else _event(item, stamp).to_ical())
    parts.append(envelope[end:])
    return b"".join(parts)


_TO_ESCAPE = re.compile(r"[\\;,\r\n]")  # what icalendar's TEXT escaping changes
_FOLD_AT = 75  # icalendar folds a line before the octet that would make it 75 long


def _plain_event(item: UpcomingItem, dtstamp: str) -> str | None:
    """The event as icalendar writes it (properties in its canonical order, then by name), or
    None when a text needs escaping or a line folding: icalendar writes those itself."""
    summary, description, uid = item.english_label, _description(item), uid_for(item)
    if item.airstamp is not None:
        minutes, _ = progress.minutes_of(item.runtime, None)
        start = item.airstamp.astimezone(UTC)
        dtstart = f"DTSTART:{_utc_text(start)}"
        dtend = f"DTEND:{_utc_text(start + timedelta(minutes=minutes))}"
    else:
        dtstart = f"DTSTART;VALUE=DATE:{_date_text(item.day)}"
        dtend = f"DTEND;VALUE=DATE:{_date_text(item.day + timedelta(days=1))}"
    lines = (
        f"SUMMARY:{summary}",
        dtstart,
        dtend,
        dtstamp,
        f"UID:{uid}",
        "CATEGORIES:TV",
        f"DESCRIPTION:{description}",
        "TRANSP:TRANSPARENT",
    )
    for text in (summary, description, uid):
        if _TO_ESCAPE.search(text):
            return None
    for line in lines:
        if len(line) >= _FOLD_AT // 4 and len(line.encode()) >= _FOLD_AT:
            return None
    return "BEGIN:VEVENT\r\n" + "\r\n".join(lines) + "\r\nEND:VEVENT\r\n"


def _utc_text(moment: datetime) -> str:
    """An aware UTC time as icalendar's vDatetime writes it (seconds, no fraction)."""
    return f"{moment.year:04}{moment.month:02}{moment.day:02}T{moment.hour:02}{moment.minute:02}{moment.second:02}Z"


def _date_text(day: date) -> str:
    return f"{day.year:04}{day.month:02}{day.day:02}"


def _description(item: UpcomingItem) -> str:
    details = [item.kind.english_label]
    if item.network:
        details.append(item.network)
    if item.runtime:
        details.append(f"{item.runtime} min")
    return " · ".join(details)


def _event(item: UpcomingItem, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid_for(item))
    event.add("dtstamp", stamp)
    event.add("summary", item.english_label)  # a file: English, as the rest of it
    if item.airstamp is not None:
        minutes, _ = progress.minutes_of(item.runtime, None)
        start = item.airstamp.astimezone(UTC)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=minutes))
    else:
        event.add("dtstart", item.day)
        event.add("dtend", item.day + timedelta(days=1))
    event.add("description", _description(item))
    event.add("categories", ["TV"])
    event.add("transp", "TRANSPARENT")  # an episode does not make the viewer busy
    return event


class CalendarExportService:
    """Upcoming, as .ics bytes or a file."""

    def __init__(self, schedule: ScheduleService):
        self.schedule = schedule

    def ics(
        self, days: int = DEFAULT_DAYS, *, premieres_only: bool = False, include_specials: bool = False
    ) -> tuple[bytes, ExportResult]:
        upcoming = self.schedule.upcoming(days, premieres_only=premieres_only, include_specials=include_specials)
        return self._render(upcoming, days, premieres_only, None)

    def write_ics(
        self,
        path: Path,
        days: int = DEFAULT_DAYS,
        *,
        premieres_only: bool = False,
        include_specials: bool = False,
    ) -> ExportResult:
        """Write the file whole or not at all (a temporary file beside it, then renamed)."""
        upcoming = self.schedule.upcoming(days, premieres_only=premieres_only, include_specials=include_specials)
        data, result = self._render(upcoming, days, premieres_only, Path(path))
        write_export(Path(path), data, "upcoming.ics")
        return result

    def _render(self, upcoming: Upcoming, days: int, premieres_only: bool, path: Path | None):
        items = upcoming.items
        data = render_calendar(items, self.schedule.now())
        timed = sum(1 for i in items if i.timed)
        return data, ExportResult(
            path=path,
            events=len(items),
            timed=timed,
            all_day=len(items) - timed,
            not_exported=sum(1 for a in upcoming.announced if a.premiere is None or a.premiere.as_date() is None),
            days=days,
            premieres_only=premieres_only,
        )


def write_export(path: Path, data: bytes, example_name: str) -> None:
    """Write an export (this calendar, the library's json and csv) whole or not at all
    (storage.files.write_atomically); ExportError says where and why, in one line."""
    path = path.expanduser()
    if path.is_dir():
        raise ExportError(
            translate("export", "cannot write {path}: it is a folder; give a file name, e.g. {example}").format(
                path=path, example=path / example_name
            )
        )
    try:
        write_atomically(path, data)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if isinstance(exc, FileNotFoundError) and not path.parent.exists():
            reason = translate("export", "the folder {folder} does not exist").format(folder=path.parent)
        raise ExportError(
            translate("export", "cannot write {path}: {reason}").format(path=path, reason=reason)
        ) from exc
