"""What the commands print: rows as JSON (``--json``, stable, see README.md), text, and the one
place where what is printed is made safe for a terminal (``SafeText``, ``dump``): outside text
(feeds, TVmaze, imported files) is cleaned here and nowhere else in the CLI."""

from __future__ import annotations

import functools
import json
import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TextIO

from watchtracker.domain.models import LibraryRow, SeriesDetail
from watchtracker.domain.text import clean_line, clean_text, is_clean

if TYPE_CHECKING:
    from watchtracker.services.alerts import AlertRow


class SafeText:
    """What the commands print, made safe for a terminal in this one place: every write is
    cleaned (domain.text), so no control sequence (ESC, BEL, C1: screen clears, title changes,
    OSC 8 links, OSC 52 clipboard writes), bidi override or invisible character from a feed,
    TVmaze or an imported file reaches it; the newlines the CLI prints stay. ``raw`` is the
    stream beneath, for data asked for on standard output (see ``data_stream``)."""

    def __init__(self, raw: TextIO):
        self.raw = raw

    def write(self, text: str) -> int:
        self.raw.write(clean_text(text))
        return len(text)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        isatty = getattr(self.raw, "isatty", None)
        try:
            return bool(isatty and isatty())
        except ValueError:  # closed
            return False


def safe(stream: TextIO) -> TextIO:
    return stream if isinstance(stream, SafeText) else SafeText(stream)  # type: ignore[return-value]


def data_stream(out: TextIO) -> TextIO:
    """Where data asked for on standard output goes (``export -``): unchanged into a pipe or a
    file, cleaned like any text when it is a terminal (as ``ls`` shows names)."""
    if isinstance(out, SafeText) and not out.isatty():
        return out.raw
    return out


def dump(value: Any, out: TextIO, **kw: Any) -> None:
    """JSON, readable (not ASCII only), but what a terminal would obey or that hides text (C1
    controls, bidi overrides, invisible characters, line separators, lone surrogates) is escaped
    as JSON escapes (json.dumps escapes C0 itself): the data is kept, the terminal is safe."""
    text = json.dumps(value, indent=2, ensure_ascii=False, **kw)
    out.write(_NOT_ASCII.sub(_json_escape, text))
    out.write("\n")


_NOT_ASCII = re.compile(r"[^\x20-\x7e\n]")


@functools.lru_cache(maxsize=4096)
def _json_escape_char(ch: str) -> str:
    if is_clean(ch):
        return ch
    code = ord(ch)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def _json_escape(m: re.Match[str]) -> str:
    return _json_escape_char(m.group())


def iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    return value.isoformat()


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """A count with its noun: "1 viewing", "2 viewings", "0 viewings"; ``nouns`` when the plural
    is not the noun and an s ("1 series", "3 series")."""
    return f"{n} {noun if n == 1 else nouns or noun + 's'}"


def columns(rows: list[tuple[str, ...]], widths: tuple[int, ...]) -> list[str]:
    """Rows of text in aligned columns two spaces apart: each column but the last padded to its
    widest value, at most its width in ``widths`` (a longer value is elided with …)."""
    if not rows:
        return []
    fitted = [min(max(len(r[i]) for r in rows), widths[i]) for i in range(len(rows[0]) - 1)]
    return ["  ".join([*(f"{clip(v, w):<{w}}" for v, w in zip(r, fitted, strict=False)), r[-1]]) for r in rows]


def os_problem(exc: OSError, path: object, doing: str = "read") -> str:
    """What an OSError means for ``path``, in words (no errno, no Python text): "there is no file
    X", "X cannot be read: permission denied"."""
    import errno

    if isinstance(exc, FileNotFoundError):
        return f"there is no file {path}"
    if isinstance(exc, IsADirectoryError):
        return f"{path} is a folder"
    if isinstance(exc, NotADirectoryError):
        return f"there is no file {path} (a part of that path is a file, not a folder)"
    reason = {
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENOSPC: "the disk is full",
        errno.EIO: "the disk reported an input/output error",
        errno.EROFS: "the disk is read-only",
        errno.ELOOP: "a symbolic link leads back to itself",
        errno.ENAMETOOLONG: "the name is too long",
        getattr(errno, "EDQUOT", -1): "the disk quota is used up",
    }.get(exc.errno or 0)
    if reason is None:
        reason = (exc.strerror or "the system refused").lower()
    return f"{path} cannot be {doing}: {reason}"


def row_json(r: LibraryRow) -> dict[str, Any]:
    return {
        "id": r.series_id,
        "title": r.title,
        "status": r.status.value,
        "network": r.network or None,
        "premiere": r.premiere.to_text() if r.premiere else None,
        "seasons": r.seasons,
        "episodes_aired": r.episodes_aired,
        "episodes_watched": r.episodes_watched,
        "next_episode": str(r.next_episode.code) if r.next_episode else None,
        "state": r.state.value,
        "favourite": r.favourite,
        "last_watched": iso(r.last_watched),
    }


def alert_json(a: AlertRow) -> dict[str, Any]:
    return {
        "id": a.id,
        "kind": a.kind.value,  # the main one
        "kinds": [k.value for k in a.kinds],  # every kind of news in it, main first
        "series": a.series_titles,
        "headline": a.headline,
        "summary": a.summary,
        "source": a.source,
        "url": a.url,
        "published": iso(a.published),
        "published_has_time": a.published_has_time,  # false: the news gave its day alone (the time is 12:00 UTC)
        "read": a.read,
        "reason": a.reason or None,
        "premiere": a.premiere.to_text() if a.premiere else None,
        "spin_off_title": a.spin_off_title,
    }


def feed_json(f) -> dict[str, Any]:
    return {
        "id": f.id,
        "url": f.url,
        "name": clean_line(f.name) or None,  # a feed's name may be its own title
        "enabled": f.enabled,
        "last_polled": iso(f.last_polled_at),
        "last_ok": iso(f.last_ok_at),
        "error": clean_line(f.last_error) or None,
        "alerts": f.items_seen,
    }


def online_json(s, score: float | None = None) -> dict[str, Any]:
    return {
        "tvmaze_id": s.tvmaze_id,
        "title": clean_line(s.title),
        "year": s.year,
        "status": s.status.value,
        "network": clean_line(s.network) or None,
        "premiere": s.premiere.to_text() if s.premiere else None,
        "genres": [clean_line(g) for g in s.genres],
        "summary": clean_text(s.overview),
        "score": score,
    }


def detail_json(d: SeriesDetail) -> dict[str, Any]:
    return {
        "id": d.id,
        "title": d.title,
        "aliases": list(d.aliases),
        "overview": d.overview,
        "status": d.status.value,
        "premiere": d.premiere.to_text() if d.premiere else None,
        "premiere_precision": d.premiere.precision.value if d.premiere else None,
        "ended": d.ended.to_text() if d.ended else None,
        "network": d.network or None,
        "country": d.country or None,
        "language": d.language or None,
        "genres": list(d.genres),
        "content_rating": d.content_rating or None,
        "runtime": d.runtime,
        "franchise": d.franchise,
        "external_ids": d.external_ids,
        "followed": d.followed,
        "state": d.state.value if d.state else None,
        "favourite": d.favourite,
        "rating": d.rating,
        "notes": d.notes,
        "seasons": [_season_json(s) for s in d.seasons],
        "cast": [{"person": c.person, "character": c.character} for c in d.cast],
        "relations": [_relation_json(r) for r in d.related],
        "announcements": [_announcement_json(a) for a in d.announcements],
    }


def _season_json(s) -> dict[str, Any]:
    return {
        "number": s.number,
        "name": s.label,
        "episodes": [
            {
                "code": str(e.code),
                "season": e.season,
                "number": e.number,
                "title": e.title,
                "air_date": iso(e.air_date),
                "airstamp": iso(e.airstamp),
                "runtime": e.runtime,
                "watched": e.watched,
                "plays": e.plays,
                "last_watched": iso(e.last_watched),
            }
            for e in s.episodes
        ],
    }


def _relation_json(r) -> dict[str, Any]:
    return {
        "kind": r.kind.value,
        "direction": "outgoing" if r.outgoing else "incoming",
        "label": r.label,
        "title": r.title,
        "status": r.status.value,
        "followed": r.followed,
        "direct": r.direct,
        "via": r.via,
    }


def _announcement_json(a) -> dict[str, Any]:
    return {
        "id": a.id,
        "kind": a.kind.value,
        "headline": a.headline,
        "summary": a.summary,
        "source": a.source,
        "url": a.url,
        "published": iso(a.published),
        "published_has_time": a.published_has_time,  # false: the news gave its day alone (the time is 12:00 UTC)
        "read": a.read,
        "series": list(a.series),
    }


def print_detail(d: SeriesDetail, out: TextIO) -> None:
    line = " · ".join(x for x in (d.years, d.status.label, d.network, ", ".join(d.genres), d.content_rating) if x)
    print(d.title, file=out)
    print(line, file=out)
    if d.followed and d.state:
        extra = f", rated {d.rating}/10" if d.rating else ""
        print(f"In your library: {d.state.label}{extra}", file=out)
    else:
        print("Not in your library.", file=out)
    if d.overview:
        print(f"\n{d.overview}", file=out)
    for s in d.seasons:
        watched = sum(1 for e in s.episodes if e.watched)
        print(f"\n{s.label} ({watched}/{len(s.episodes)} watched)", file=out)
        for e in s.episodes:
            mark = "x" if e.watched else " "
            plays = f"  ×{e.plays}" if e.plays > 1 else ""
            aired = e.air_date.isoformat() if e.air_date else "TBA"
            print(f"  [{mark}] {e.code}  {aired}  {e.title}{plays}", file=out)
    if d.cast:
        print("\nCast", file=out)
        for c in d.cast:
            print(f"  {c.person}" + (f" as {c.character}" if c.character else ""), file=out)
    if d.related:
        print("\nRelated", file=out)
        for r in d.related:
            print(f"  {r.label}: {r.title} ({r.status.label.lower()})", file=out)
    if d.announcements:
        print("\nAnnouncements", file=out)
        for a in d.announcements:
            when = a.published.date().isoformat() if a.published else "undated"
            print(f"  {when}  [{a.kind.label}] {a.headline} — {a.source}", file=out)


def print_import(report, out: TextIO) -> None:
    from watchtracker.domain.transfer import FORMAT_LABELS
    from watchtracker.services.transfer.importer import HOW_LABELS

    label = FORMAT_LABELS.get(report.format, "Kept for later" if report.format == "pending" else report.format)
    print(
        f"{label}: {plural(report.shows, 'show')}, {plural(report.episodes, 'episode')}, "
        f"{plural(report.viewings, 'viewing')}, {plural(report.ratings, 'rating')}.",
        file=out,
    )
    if report.matched:
        print(f"Matched {len(report.matched)} of {report.shows}:", file=out)
        for m in report.matched:
            how = HOW_LABELS[m.how] + (f" by its {m.via} id" if m.via and m.via != "tvmaze" else "")
            new = (", would be followed" if report.dry_run else ", followed") if m.new else ""
            print(f"  {m.show.title} → {m.series_title} ({how}{new})", file=out)
    if report.pending:
        kept = "would be kept for later" if report.dry_run else "kept for later"
        print(f"Not matched, {kept} ({len(report.pending)}):", file=out)
        for p in report.pending:
            year = f" ({p.show.year})" if p.show.year else ""
            print(f"  {p.show.title}{year}: {p.reason}", file=out)
    verb = "would be added" if report.dry_run else "added"
    both = "keeping both" if report.duplicate_policy == "keep" else "skipped"
    print(
        f"Viewings: {report.viewings_added} {verb}; {report.duplicates} already in the library (skipped); "
        f"{report.conflicts} of episodes watched at another time ({both}); "
        f"{report.unplaced} with no such episode (not added).",
        file=out,
    )
    for example in report.unplaced_examples[:5]:
        print(f"  no such episode: {example}", file=out)
    print(f"Ratings: {report.ratings_set} {'would be set' if report.dry_run else 'set'}.", file=out)
    for line in report.skipped[:20]:
        print(f"  left out: {line}", file=out)
    if len(report.skipped) > 20:
        print(f"  … and {len(report.skipped) - 20} more left out", file=out)
    if report.dry_run:
        print("Dry run: nothing was changed.", file=out)
    elif report.nothing_new:
        print(nothing_to_import(report), file=out)
    elif report.backup:
        print(f"Imported. The library as it was before is kept in {report.backup}.", file=out)
    else:
        print("Imported.", file=out)


def nothing_to_import(report) -> str:
    """An import that wrote nothing (``report.nothing_new``): what was left, counted."""
    if report.viewings and report.duplicates == report.viewings and not report.pending:
        return (
            "Nothing to import: every viewing in the file is already in your library "
            f"({plural(report.duplicates, 'viewing')} skipped)."
        )
    parts = [
        f"{plural(report.duplicates, 'viewing')} already in it" if report.duplicates else "",
        f"{plural(report.conflicts, 'viewing')} of episodes watched at another time, skipped"
        if report.conflicts
        else "",
        f"{plural(report.unplaced, 'viewing')} with no such episode" if report.unplaced else "",
    ]
    said = ", ".join(p for p in parts if p)
    if report.pending:
        n = len(report.pending)
        said += ("; " if said else "") + f"{plural(n, 'show')} not matched, still kept for later"
    return "Nothing to import: nothing in the file is new to your library" + (f" ({said})." if said else ".")
