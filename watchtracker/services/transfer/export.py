"""Exporting the library: everything as our own JSON format (services/transfer/own_format.py documents
it), or the viewing history as CSV for a spreadsheet.

The CSV has one row per viewing (a rewatch is another row), oldest first, undated viewings last::

    series,season,episode,episode_title,watched_at_utc,series_tvmaze_id,series_imdb_id
    Bosch,1,1,Chapter One: 'Tis the Season,2015-02-15 21:10:00,,

- ``watched_at_utc`` is UTC as "YYYY-MM-DD HH:MM:SS", which spreadsheets read as a date and time;
  empty when the viewing's date is not known. Ids are empty when unknown.
- The file is UTF-8 with a byte order mark, so that Excel shows accented titles rightly (LibreOffice,
  Numbers and Python's ``encoding="utf-8-sig"`` read it too); lines end with CRLF and fields are
  quoted when they hold a comma, a quote or a line break (RFC 4180). Written to standard output
  ('-') it has no byte order mark, for other programs.
- A title starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
  apostrophe, so that a spreadsheet shows it as text instead of running it as a formula.

Files are written whole or not at all: a temporary file beside the target, synced to the disk,
then renamed (``storage.files.write_atomically``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from watchtracker.services.transfer import own_format
from watchtracker.services.transfer.calendar_export import write_export
from watchtracker.storage.tables import Episode, Series, Viewing

CSV_HEADER = ("series", "season", "episode", "episode_title", "watched_at_utc", "series_tvmaze_id", "series_imdb_id")
BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class LibraryExportResult:
    path: Path | None  # None: written to a stream
    format: str  # "json" or "csv"
    series: int
    episodes: int
    viewings: int


class ExportService:
    """The library as a JSON export or a CSV of viewings: bytes, or a file written atomically."""

    def __init__(self, engine: Engine, clock=None):
        self.engine = engine
        self.clock = clock

    # -- JSON ----------------------------------------------------------------------------------
    def json_bytes(self) -> tuple[bytes, LibraryExportResult]:
        doc = own_format.export_document(self.engine, self.clock() if self.clock else None)
        return own_format.dump_document(doc), LibraryExportResult(
            path=None,
            format="json",
            series=len(doc["series"]),
            episodes=sum(len(s["episodes"]) for s in doc["series"]),
            viewings=sum(len(e["viewings"]) for s in doc["series"] for e in s["episodes"]),
        )

    def write_json(self, path: Path) -> LibraryExportResult:
        data, result = self.json_bytes()
        write_export(Path(path), data, "library.json")
        return _at(result, Path(path))

    # -- CSV -----------------------------------------------------------------------------------
    def csv_text(self, *, bom: bool = True) -> tuple[str, LibraryExportResult]:
        with Session(self.engine) as session:
            rows = list(
                session.exec(
                    # sqlmodel types select() for at most 4 columns: these rows are untyped
                    select(
                        col(Series.title),
                        col(Episode.season),
                        col(Episode.number),
                        col(Episode.title),  # type: ignore[call-overload]
                        col(Viewing.watched_at),
                        col(Series.tvmaze_id),
                        col(Series.imdb_id),
                        col(Series.id),
                        col(Episode.id),
                    )
                    .join(Episode, Episode.id == Viewing.episode_id)
                    .join(Series, Series.id == Episode.series_id)
                )
            )
        # oldest first (SQLite gives the times back naive, all UTC), undated last
        rows.sort(key=lambda r: (r[4] is None, r[4] or datetime.min, r[0].casefold(), r[1], r[2]))
        out = io.StringIO(newline="")
        if bom:
            out.write(BOM)
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(CSV_HEADER)
        for title, season, number, ep_title, at, tvmaze, imdb, _, _ in rows:
            writer.writerow(
                (
                    _cell(title),
                    season,
                    number,
                    _cell(ep_title),
                    _csv_time(at),
                    "" if tvmaze is None else tvmaze,
                    imdb or "",
                )
            )
        return out.getvalue(), LibraryExportResult(
            path=None,
            format="csv",
            series=len({r[7] for r in rows}),
            episodes=len({r[8] for r in rows}),
            viewings=len(rows),
        )

    def write_csv(self, path: Path) -> LibraryExportResult:
        text, result = self.csv_text(bom=True)
        write_export(Path(path), text.encode("utf-8"), "viewings.csv")
        return _at(result, Path(path))


def _at(result: LibraryExportResult, path: Path) -> LibraryExportResult:
    return LibraryExportResult(
        path=path.expanduser(),
        format=result.format,
        series=result.series,
        episodes=result.episodes,
        viewings=result.viewings,
    )


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv_time(value: datetime | None) -> str:
    if value is None:
        return ""
    return own_format.time_text(value)[:19].replace("T", " ")  # whole seconds: what a sheet shows
