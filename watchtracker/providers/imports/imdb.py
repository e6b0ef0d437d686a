"""IMDb's CSV exports (ratings, watchlist, any list) read into an ``ImportBatch``.

The shapes are in ``FORMATS.md`` section 5. The column names are English in every export seen;
the *values* of ``Title Type`` are in the account's display language in current exports and in
machine codes (``tvSeries``) in older ones. A file is recognised by its header: ``Const`` and
``Title`` plus ``Title Type`` or ``Your Rating``, in any order and case, with or without a BOM.

What is read, and how:

- Series and mini-series are kept (every title, with a line, in a file without ``Title Type``);
  everything else is left out with a count per type (``3 × Movie``). TV episodes come as
  "Show: Episode title" with no season or episode number, so no viewing can be placed: each is
  left out with a line naming it (and its rating, if any).
- ``Const`` must be ``tt`` + 7 or 8 digits, else the row is left out with a line. A ``Const``
  seen again (the same title twice, or in two files) is merged into the first: a rating or a
  watchlist place it adds is kept, and a line says so.
- ``Your Rating`` 1-10 is the rating; anything else leaves the show unrated, with a line.
- A list export (it has ``Position``; the watchlist is one) puts its unrated titles on the
  watchlist: a title the viewer rated has been seen. Its ``Created`` date (no time zone: taken as
  midnight UTC) is when the show was followed. ``Year`` gives the year (``2011–2019``: 2011).
- Lines name rows as a spreadsheet does (the header is row 1; blank lines are not counted).
- A row without a ``Title Type`` (a file cut off mid-row) is left out with a line.

Title types recognised, normalised (case, accents, spaces and hyphens ignored): the machine codes
``tvSeries``, ``tvMiniSeries``, ``tvEpisode``; English ``TV Series``, ``TV Mini Series``, ``TV
Episode`` (in the real sample); Italian ``Serie TV``, ``Mini serie TV`` (seen in a real export)
and ``Episodio TV``. From IMDb's localized sites as best known, **not checked against real
exports**: German ``TV-Serie``, ``TV-Miniserie``, ``TV-Episode``; French ``Série TV``,
``Mini-série TV``, ``Épisode TV``; Spanish ``Serie de TV``, ``Miniserie de TV``, ``Episodio de
TV``; Portuguese ``Série de TV``, ``Minissérie de TV``, ``Episódio de TV``. Beyond the table, a
type naming a series ("serie"/"series") or an episode ("episod") in another wording is taken as
one, "mini" making a series a mini-series; podcasts never are.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from watchtracker.domain.transfer import ExternalIds, ImportBatch, ImportedShow, NotAnExport
from watchtracker.providers.imports.files import Source

FORMAT = "imdb"

SERIES, MINI_SERIES, EPISODE, OTHER = "series", "mini_series", "episode", "other"

_CONST = re.compile(r"tt[0-9]{7,8}")
_YEAR = re.compile(r"([0-9]{4})")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_RATING = re.compile(r"[0-9]{1,2}")


def _fold(text: str) -> str:
    """Lower case, no accents, letters and digits only: "Mini-série TV" -> "miniserietv"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed.casefold() if c.isalnum() and not unicodedata.combining(c))


_TITLE_TYPES = {
    _fold(name): kind
    for kind, names in (
        (
            SERIES,
            ("tvSeries", "TV Series", "Serie TV", "TV-Serie", "Fernsehserie", "Série TV", "Serie de TV", "Série de TV"),
        ),
        (
            MINI_SERIES,
            (
                "tvMiniSeries",
                "TV Mini Series",
                "TV Mini-Series",
                "Mini serie TV",
                "Miniserie TV",
                "TV-Miniserie",
                "TV-Mini-Serie",
                "Mini-série TV",
                "Minisérie TV",
                "Miniserie de TV",
                "Minissérie de TV",
                "Minissérie",
            ),
        ),
        (
            EPISODE,
            ("tvEpisode", "TV Episode", "Episodio TV", "TV-Episode", "Épisode TV", "Episodio de TV", "Episódio de TV"),
        ),
    )
    for name in names
}


def title_kind(title_type: str) -> str:
    """``SERIES``, ``MINI_SERIES``, ``EPISODE`` or ``OTHER`` for a ``Title Type`` value."""
    folded = _fold(title_type)
    if folded in _TITLE_TYPES:
        return _TITLE_TYPES[folded]
    if not folded or "podcast" in folded:
        return OTHER
    if "episod" in folded:
        return EPISODE
    if "serie" in folded:
        return MINI_SERIES if "mini" in folded else SERIES
    return OTHER


# -- the header -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Columns:
    """The header's own names for the columns read (None: not in this file)."""

    const: str
    title: str
    title_type: str | None
    rating: str | None
    year: str | None
    original_title: str | None
    created: str | None
    is_list: bool


def _columns(header: Sequence[str] | None) -> _Columns | None:
    names: dict[str, str] = {}
    for name in header or ():
        names.setdefault(_fold(name), name)
    if "const" not in names or "title" not in names:
        return None
    if "titletype" not in names and "yourrating" not in names:
        return None
    return _Columns(
        const=names["const"],
        title=names["title"],
        title_type=names.get("titletype"),
        rating=names.get("yourrating"),
        year=names.get("year"),
        original_title=names.get("originaltitle"),
        created=names.get("created"),
        is_list="position" in names,
    )


def is_imdb_header(header: Sequence[str] | None) -> bool:
    """True for the header of an IMDb ratings, watchlist or list export (names in any case)."""
    return _columns(header) is not None


# -- reading ----------------------------------------------------------------------------------


class _Merge:
    """The shows read so far, by Const, in the order first seen."""

    def __init__(self):
        self.shows: dict[str, ImportedShow] = {}
        self.where: dict[str, str] = {}
        self.skipped: list[str] = []
        self.other: Counter[str] = Counter()
        self.seen_other: dict[str, str] = {}


def read_tables(
    tables: Iterable[tuple[str, Sequence[str] | None, Iterable[Mapping[str, str]]]], source: str = ""
) -> ImportBatch:
    """The batch from CSV tables, each ``(name, header, rows)``, a row a dict keyed by the
    header's names (as ``files.Source.csv_rows`` gives them). Tables that are not IMDb exports are
    named in ``skipped``; when none is, NotAnExport."""
    merge = _Merge()
    recognised = False
    for name, header, rows in tables:
        columns = _columns(header)
        if columns is None:
            merge.skipped.append(f"{name or 'a file'}: not an IMDb export; left out")
            continue
        recognised = True
        if columns.title_type is None:
            merge.skipped.append(
                f"{name or 'the file'}: no Title Type column, so every title is kept as a "
                "possible series (movies among them will not match)"
            )
        _read_rows(columns, rows, f"{name}: " if name else "", merge)
    if not recognised:
        where = f"{source}: " if source else ""
        raise NotAnExport(f"{where}not an IMDb export (no CSV header with Const, Title and Title Type)")
    skipped = list(merge.skipped)
    for title_type, count in sorted(merge.other.items(), key=lambda kv: (-kv[1], kv[0])):
        skipped.append(f"{count} × {title_type} left out (not a TV series)")
    return ImportBatch(format=FORMAT, shows=tuple(merge.shows.values()), skipped=tuple(skipped), source=source)


def _cell(row: Mapping[str, str], key: str | None) -> str:
    value = row.get(key, "") if key is not None else ""
    return value.strip() if isinstance(value, str) else ""


def _read_rows(columns: _Columns, rows: Iterable[Mapping[str, str]], label: str, merge: _Merge) -> None:
    for number, row in enumerate(rows, start=2):  # as a spreadsheet numbers them: the header is 1
        place = f"{label}row {number}"
        const = _cell(row, columns.const)
        title = _cell(row, columns.title) or _cell(row, columns.original_title)
        shown = f"“{title[:80]}”" if title else "a row without a title"
        if not _CONST.fullmatch(const):
            merge.skipped.append(
                f"{place}: {shown} has “{const[:20]}” as its IMDb id (not tt and 7 or 8 digits); left out"
            )
            continue
        raw_type = _cell(row, columns.title_type)
        if columns.title_type is not None and not raw_type:
            merge.skipped.append(f"{place}: {shown} ({const}) has no title type (the file may be cut off); left out")
            continue
        rating, rating_text = None, _cell(row, columns.rating)
        if rating_text:
            rating = int(rating_text) if _RATING.fullmatch(rating_text) and 1 <= int(rating_text) <= 10 else None
            if rating is None:
                merge.skipped.append(
                    f"{place}: {shown} has the rating “{rating_text[:20]}” (not 1–10); kept without it"
                )
        kind = title_kind(raw_type) if columns.title_type is not None else SERIES
        if kind == OTHER:
            if const in merge.seen_other:
                merge.skipped.append(f"{place}: {const} repeats {_short(merge.seen_other[const], label)}; merged")
            else:
                merge.seen_other[const] = place
                merge.other[raw_type[:40]] += 1
            continue
        if kind == EPISODE:
            rated = f", rated {rating}" if rating is not None else ""
            merge.skipped.append(
                f"{place}: {shown} ({const}{rated}) is a TV episode; IMDb gives no "
                "season or episode number, so it is left out"
            )
            continue
        watchlist = columns.is_list and rating is None
        show = ImportedShow(
            key=const,
            title=title,
            year=_year(_cell(row, columns.year)),
            ids=ExternalIds(imdb=const),
            rating=rating,
            watchlist=watchlist,
            followed_at=_date(_cell(row, columns.created)) if columns.is_list else None,
        )
        _add(merge, show, place, label)


def _add(merge: _Merge, show: ImportedShow, place: str, label: str) -> None:
    first = merge.shows.get(show.key)
    if first is None:
        merge.shows[show.key] = show
        merge.where[show.key] = place
        return
    rating = first.rating if first.rating is not None else show.rating
    watchlist = (first.watchlist or show.watchlist) and rating is None
    merge.shows[show.key] = replace(
        first,
        rating=rating,
        watchlist=watchlist,
        year=first.year or show.year,
        title=first.title or show.title,
        followed_at=first.followed_at or show.followed_at,
    )
    merge.skipped.append(f"{place}: {show.key} repeats {_short(merge.where[show.key], label)}; merged")


def _short(place: str, label: str) -> str:
    """``place`` without the file's name when it is in the same file (``label``)."""
    return place[len(label) :] if label and place.startswith(label) else place


def _year(text: str) -> int | None:
    match = _YEAR.match(text)
    return int(match.group(1)) if match and 1870 <= int(match.group(1)) <= 2100 else None


def _date(text: str) -> datetime | None:
    match = _DATE.match(text)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    try:
        return datetime(year, month, day, tzinfo=UTC)
    except ValueError:
        return None


# -- the reader's face ------------------------------------------------------------------------


def looks_like(source: Source) -> bool:
    """True when some file of ``source`` starts with an IMDb export's header."""
    for name in source.names():
        try:
            if is_imdb_header(source.csv_header(name)):
                return True
        except NotAnExport:
            continue
    return False


def _tables(source: Source) -> Iterator[tuple[str, list[str] | None, Iterator[dict[str, str]]]]:
    for name in source.names():
        try:
            header = source.csv_header(name)
        except NotAnExport:
            header = None
        rows = source.csv_rows(name) if is_imdb_header(header) else iter(())
        yield source.describe(name), header, rows


def read(source: Source) -> ImportBatch:
    """Every IMDb export in ``source``, merged, or NotAnExport with one line saying why not."""
    return read_tables(_tables(source), source=source.label)
