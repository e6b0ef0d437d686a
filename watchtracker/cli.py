"""The headless commands. Each honours --data-dir; errors go to stderr with a non-zero exit
and change nothing. ``--json`` output is stable and documented in README.md."""

from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from watchtracker import __version__
from watchtracker.domain.enums import AnnouncementKind, LifecycleStatus, RelationKind
from watchtracker.domain.models import LibraryRow, SeriesDetail
from watchtracker.domain.inputs import SeriesInput
from watchtracker.domain.text import clean_line, clean_text, is_clean
from watchtracker.services.catalog import CatalogService
from watchtracker.services.errors import UserError
from watchtracker.services.example import load_example
from watchtracker.services.library import LibraryService

if TYPE_CHECKING:
    from watchtracker.services.alerts import AlertRow, AlertService
    from watchtracker.services.feeds import FeedService
    from watchtracker.services.online import OnlineService
    from watchtracker.services.schedule import ScheduleService

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="keep the library, settings, cache and logs under DIR (also: WATCHTRACKER_HOME)",
    )
    parser = argparse.ArgumentParser(
        prog="watchtracker",
        description="A watchlist and release tracker for TV series. "
        "Without a command, opens the window.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"watchtracker {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("demo", parents=[common], help="load the example library (the Bosch universe)")

    sub.add_parser("backup", parents=[common], help="make a backup of the library now")
    p = sub.add_parser("restore", parents=[common],
                       help="replace the library with a backup (the current one is kept as a backup first)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("file", nargs="?", metavar="FILE", help="a backup's path, or its name in --list")
    which.add_argument("--list", action="store_true", help="list the backups, newest first")
    p.add_argument("--json", action="store_true", help="with --list: print JSON (see README)")

    p = sub.add_parser("list", parents=[common], help="list the followed series")
    p.add_argument("--json", action="store_true", help="print JSON (see README)")

    p = sub.add_parser("show", parents=[common], help="show one series with its episodes")
    p.add_argument("title")
    p.add_argument("--json", action="store_true", help="print JSON (see README)")

    p = sub.add_parser("add", parents=[common], help="add a series by hand (e.g. one just announced)")
    p.add_argument("title")
    p.add_argument(
        "--status",
        default=LifecycleStatus.ANNOUNCED.value,
        choices=[s.value for s in LifecycleStatus],
        help="lifecycle status (default: announced)",
    )
    p.add_argument("--premiere", default="", help='expected premiere: "2026", "Spring 2026", "2026-05-06"')
    p.add_argument("--network", default="", help="network or streaming service")
    p.add_argument("--spin-off-of", metavar="TITLE", help="the series it is a spin-off of")
    p.add_argument("--allow-duplicate", action="store_true", help="add even if a series has that title")

    for name, verb in (("watch", "mark watched"), ("unwatch", "mark not watched")):
        p = sub.add_parser(name, parents=[common], help=f"{verb}: all, a season, an episode or up to one")
        p.add_argument("title")
        which = p.add_mutually_exclusive_group(required=True)
        which.add_argument("--all", action="store_true", help="every aired episode")
        which.add_argument("--season", type=int, metavar="N", help="every aired episode of season N")
        which.add_argument("--episode", metavar="SxxEyy", help="one episode, e.g. S01E02")
        which.add_argument("--up-to", metavar="SxxEyy", help="every aired episode up to this one")

    p = sub.add_parser("search", parents=[common], help="search TVmaze for a series")
    p.add_argument("query")
    p.add_argument("--json", action="store_true", help="print JSON (see README)")

    p = sub.add_parser("follow", parents=[common], help="follow a series from TVmaze, with its episodes")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("query", nargs="?", help="a title: its best match on TVmaze")
    which.add_argument("--tvmaze", type=int, metavar="ID", help="TVmaze's id for the series")

    p = sub.add_parser("refresh", parents=[common],
                       help="fetch what changed on TVmaze for the followed series, and poll the news feeds")
    p.add_argument("--json", action="store_true", help="print JSON (see README)")

    p = sub.add_parser("feeds", parents=[common], help="the news feeds polled for announcements")
    feeds = p.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)
    q = feeds.add_parser("add", parents=[common], help="add an RSS or Atom feed")
    q.add_argument("url")
    q.add_argument("--name", help="what to call it (default: its address)")
    q = feeds.add_parser("list", parents=[common], help="list the feeds with their state")
    q.add_argument("--json", action="store_true", help="print JSON (see README)")
    q = feeds.add_parser("remove", parents=[common], help="remove a feed (its announcements stay)")
    q.add_argument("url", help="the feed's address or name")

    p = sub.add_parser(
        "import", parents=[common], help="import your history from TV Time, Trakt, SeriesGuide, IMDb or watchtracker",
        description=IMPORT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", metavar="FILE", nargs="?", help="the export: a file, a zip or a folder")
    p.add_argument("--format", choices=IMPORT_FORMATS, help="the file's format (default: recognised from it)")
    p.add_argument("--dry-run", action="store_true", help="show what would be imported; change nothing")
    p.add_argument("--json", action="store_true", help="print JSON (see below)")
    p.add_argument("--offline", action="store_true",
                   help="match only by ids and titles the library knows; keep the rest for later")
    p.add_argument("--duplicates", choices=("keep", "skip"), default="keep",
                   help="an episode already watched at another time: keep both viewings (default) or skip")
    p.add_argument("--retry-pending", action="store_true",
                   help="match again the shows kept for later by earlier imports (instead of FILE)")
    p.add_argument("--pending", action="store_true",
                   help="list the shows kept for later, with the id to --match or --forget them by")
    p.add_argument("--match", type=int, metavar="ID",
                   help="match a show kept for later by hand: to --series (of the library) or --tvmaze")
    p.add_argument("--series", metavar="TITLE_OR_ID", help="with --match: the library series")
    p.add_argument("--tvmaze", type=int, metavar="ID", help="with --match: the TVmaze show (followed)")
    p.add_argument("--forget", type=int, metavar="ID", help="stop keeping a show for later")

    p = sub.add_parser("alerts", parents=[common], help="announcements about the followed series")
    p.add_argument("--unread", action="store_true", help="only unread ones")
    p.add_argument("--kind", choices=[k.value for k in AnnouncementKind], help="only this kind")
    p.add_argument("--json", action="store_true", help="print JSON (see README)")
    actions = p.add_subparsers(dest="alerts_command", metavar="ACTION")
    q = actions.add_parser("read", parents=[common], help="mark an alert read (or --all)")
    which = q.add_mutually_exclusive_group(required=True)
    which.add_argument("id", nargs="?", type=int, help="the alert's id (see watchtracker alerts)")
    which.add_argument("--all", action="store_true", help="every alert")

    p = sub.add_parser("export", parents=[common],
                       help="export the whole library (json), the viewing history (csv) or the "
                            "upcoming episodes and premieres (ics)")
    p.add_argument("--format", required=True, choices=EXPORT_FORMATS,
                   help="json: everything, losslessly, in watchtracker's own documented format "
                        "(watchtracker import reads it back); "
                        "csv: one row per viewing, for spreadsheets; "
                        "ics: an iCalendar file of what is upcoming (timed events when the air "
                        "time is known, all-day otherwise)")
    p.add_argument("file", metavar="FILE", help="where to write it ('-': standard output)")
    p.add_argument("--days", type=_days_ahead, default=30, metavar="N",
                   help="ics only: how many days ahead (default: 30); json and csv ignore it")
    p.add_argument("--premieres-only", action="store_true",
                   help="ics only: only series and season premieres; json and csv ignore it")
    return parser


# Formats of `watchtracker import` (domain.transfer.FORMATS); a reader not installed is refused.
IMPORT_FORMATS = ("tvtime", "trakt", "seriesguide", "imdb", "watchtracker")
IMPORT_HELP = """\
Import the viewings, ratings, watchlist, favourites and notes of another tracker's export.
The format is recognised from the file. Shows are matched by the ids the library knows, then
by title and year in the library (the series takes the file's ids), then through TVmaze's
lookup (not with --offline); a show found on TVmaze but not in the library is followed. A preview is printed, and unless --dry-run, everything is
written in one transaction after a backup of the library (in the data folder's backups/).
Shows that cannot be matched are kept; 'watchtracker import --retry-pending' tries them again,
'--pending' lists them, '--match ID --series TITLE' (or '--tvmaze ID') matches one by hand and
'--forget ID' stops keeping it.

Exit status: 0 when imported (or previewed), also when some shows could not be matched: they
are kept for later and a warning line on stderr says how many (TVmaze being unreachable is not
an error: those shows are kept). 1 on an error (unknown format, a bad or unreadable file, the
import cancelled or failed): then nothing was changed.

--json prints {format, source, shows, episodes, viewings, ratings,
matched: [{key, title, series_id, series_title, how, via, tvmaze_id, new}],
pending: [{key, title, year, reason}], unplaced, viewings_added, duplicates, conflicts,
duplicate_policy, ratings_set, skipped, online, dry_run, backup}. "how" is one of tvmaze,
thetvdb, imdb, tmdb (an id already in the library), lookup (found on TVmaze), title, hand
(--match). --pending --json prints [{id, format, key, title, year, viewings, reason}]."""


# Formats of `watchtracker export`; each has a writer in _EXPORTERS.
EXPORT_FORMATS = ("json", "csv", "ics")


def _days_ahead(text: str) -> int:
    from watchtracker.services.schedule import MAX_DAYS

    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days") from None
    if not 1 <= days <= MAX_DAYS:
        raise argparse.ArgumentTypeError(f"give from 1 to {MAX_DAYS} days, not {days}")
    return days


@dataclass
class CliContext:
    library: LibraryService
    catalog: CatalogService
    online: OnlineService | None = None
    feeds: FeedService | None = None
    alerts: AlertService | None = None
    schedule: ScheduleService | None = None
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)


class SafeText:
    """What the commands print, made safe for a terminal in this one place: every write is
    cleaned (domain.text), so no control sequence (ESC, BEL, C1: screen clears, title changes,
    OSC 8 links, OSC 52 clipboard writes), bidi override or invisible character from a feed,
    TVmaze or an imported file reaches it; the newlines the CLI prints stay. ``raw`` is the
    stream beneath, for data asked for on standard output (see ``_data_stream``)."""

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


def _data_stream(out: TextIO) -> TextIO:
    """Where data asked for on standard output goes (``export -``): unchanged into a pipe or a
    file, cleaned like any text when it is a terminal (as ``ls`` shows names)."""
    if isinstance(out, SafeText) and not out.isatty():
        return out.raw
    return out


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from watchtracker.providers.errors import ProviderError

    ctx = dataclasses.replace(ctx, out=safe(ctx.out), err=safe(ctx.err))
    handler = _COMMANDS[args.command]
    try:
        return handler(args, ctx)
    except (UserError, ProviderError) as exc:
        print(f"watchtracker: {exc}", file=ctx.err)
        return EXIT_ERROR


# -- commands ---------------------------------------------------------------------------------


def _demo(args, ctx: CliContext) -> int:
    added, _ = load_example(ctx.library.engine)
    if added:
        print(f"Loaded the example library: {added} series of the Bosch universe.", file=ctx.out)
    else:
        print("The example library is already loaded.", file=ctx.out)
    return EXIT_OK


def _backup_service(args, engine=None):
    from watchtracker.paths import AppPaths
    from watchtracker.services.backups import BackupService
    from watchtracker.settings import Settings

    paths = AppPaths.resolve(getattr(args, "data_dir", None))
    keep = Settings.load(paths.settings_file).backups_to_keep
    return paths, BackupService(engine, paths.database, paths.backups, keep)


def backup_command(args, ctx: CliContext | None = None) -> int:
    """`watchtracker backup`: a copy of the library now, through the open engine when there is
    one (the library may be in use by the window meanwhile: the copy is still consistent)."""
    from watchtracker.services.backups import BackupReason, size_text
    from watchtracker.storage.errors import StorageError

    out, err = (ctx.out, ctx.err) if ctx else (safe(sys.stdout), safe(sys.stderr))
    _, service = _backup_service(args, ctx.library.engine if ctx else None)
    try:
        info = service.backup(BackupReason.MANUAL)
    except StorageError as exc:
        print(f"watchtracker: {exc}", file=err)
        return EXIT_ERROR
    print(f"Backed up the library to {info.path} ({size_text(info.size)}); "
          f"the newest {service.keep} backups are kept.", file=out)
    return EXIT_OK


def restore_command(args, ctx: CliContext | None = None) -> int:
    """`watchtracker restore --list` and `watchtracker restore FILE`. Restoring needs the library
    closed: refused while a window has this data folder open; the library opened for the command
    (if any) is closed first. Works without ``ctx`` too, for a library that cannot be opened."""
    from watchtracker.services.backups import size_text
    from watchtracker.storage.errors import StorageError
    from watchtracker.storage.files import instance_lock_held

    out, err = (ctx.out, ctx.err) if ctx else (safe(sys.stdout), safe(sys.stderr))
    paths, service = _backup_service(args)
    if args.list:
        rows = service.list()
        if getattr(args, "json", False):
            _dump([{"file": b.path.name, "path": str(b.path), "when": _iso(b.when),
                    "reason": b.reason.value, "from_schema": b.from_revision, "size": b.size}
                   for b in rows], out)
        elif not rows:
            print(f"No backups yet in {service.backups_dir}. Make one with: watchtracker backup", file=out)
        else:
            for b in rows:
                when = b.when.astimezone().strftime("%Y-%m-%d %H:%M")
                print(f"{when}  {b.label:<32} {size_text(b.size):>9}  {b.path.name}", file=out)
        return EXIT_OK
    if instance_lock_held(paths.lock_file):
        print(f"watchtracker: the window has the data folder {paths.data} open. Restore from its "
              "Backups dialog, or close it and run this again. Nothing was changed.", file=err)
        return EXIT_ERROR
    try:
        source = service.find(args.file)
        if ctx is not None:
            ctx.library.engine.dispose()  # our own connections: the file is about to be replaced
        safety = service.restore(source)
    except StorageError as exc:
        print(f"watchtracker: {exc}", file=err)
        return EXIT_ERROR
    print(f"Restored the library from {source}.", file=out)
    if safety is not None:
        print(f"The library as it was is kept as {safety.path} ({size_text(safety.size)}).", file=out)
    return EXIT_OK


def _list(args, ctx: CliContext) -> int:
    rows = sorted(ctx.library.library(), key=lambda r: r.title.casefold())
    if args.json:
        _dump([row_json(r) for r in rows], ctx.out)
        return EXIT_OK
    if not rows:
        print("The library is empty. Try: watchtracker demo", file=ctx.out)
        return EXIT_OK
    width = min(max(len(r.title) for r in rows), 40)
    for r in rows:
        nxt = str(r.next_episode.code) if r.next_episode else "—"
        print(
            f"{_clip(r.title, width):<{width}}  {r.status.label:<13} {r.state.label:<13} "
            f"{r.episodes_watched:>4}/{r.episodes_aired:<4} next {nxt:<7} {r.network}",
            file=ctx.out,
        )
    return EXIT_OK


def _show(args, ctx: CliContext) -> int:
    detail = ctx.library.detail(ctx.library.find(args.title))
    if args.json:
        _dump(detail_json(detail), ctx.out)
    else:
        _print_detail(detail, ctx.out)
    return EXIT_OK


def _add(args, ctx: CliContext) -> int:
    related = ctx.library.find(args.spin_off_of) if args.spin_off_of else None
    sid, _ = ctx.catalog.add_series(
        SeriesInput(
            title=args.title,
            status=args.status,
            premiere=args.premiere,
            network=args.network,
            relation_kind=RelationKind.SPIN_OFF_OF if related else None,
            related_series_id=related,
        ),
        allow_duplicate=args.allow_duplicate,
    )
    d = ctx.library.detail(sid)
    bits = [d.status.label.lower()]
    if d.premiere:
        bits.append(f"premiere {d.premiere.label()}")
    if d.network:
        bits.append(d.network)
    rel = "".join(f"; {r.label.lower()} {r.title}" for r in d.related if r.direct)
    print(f"Added {d.title} ({', '.join(bits)}){rel}.", file=ctx.out)
    return EXIT_OK


def _watch(args, ctx: CliContext, *, watched: bool = True) -> int:
    sid = ctx.library.find(args.title)
    episodes = ctx.library.select_episodes(
        sid, everything=args.all, season=args.season, episode=args.episode, up_to=args.up_to,
        aired_only=watched,  # unwatching takes whatever was watched, aired or not
    )
    ids = [e.id for e in episodes]
    if not ids:
        title = ctx.library.detail(sid).title
        what = "no aired episodes yet" if watched else "no watched episodes"
        print(f"Nothing to change: {title} has {what}.", file=ctx.out)
        return EXIT_OK
    result = ctx.library.mark_watched(ids) if watched else ctx.library.mark_unwatched(ids)
    title = ctx.library.detail(sid).title
    n = len(result.added) if watched else len({r.episode_id for r in result.removed})
    verb = "watched" if watched else "not watched"
    if n == 0:
        print(f"Nothing to change: those episodes of {title} were already {verb}.", file=ctx.out)
    else:
        print(f"Marked {n} episode{'s' if n != 1 else ''} of {title} {verb}.", file=ctx.out)
    return EXIT_OK


def _unwatch(args, ctx: CliContext) -> int:
    return _watch(args, ctx, watched=False)


def _search(args, ctx: CliContext) -> int:
    results = ctx.online.search(args.query)
    if args.json:
        _dump([online_json(r.show, r.score) for r in results], ctx.out)
        return EXIT_OK
    if not results:
        print(f"TVmaze knows no series matching {args.query!r}.", file=ctx.out)
    for r in results:
        s = r.show
        bits = ", ".join(b for b in (str(s.year) if s.year else "", s.network, s.status.label) if b)
        print(f"{s.tvmaze_id:>8}  {s.title} ({bits})", file=ctx.out)
    return EXIT_OK


def _follow(args, ctx: CliContext) -> int:
    tvmaze_id = args.tvmaze if args.tvmaze is not None else ctx.online.best_match(args.query).show.tvmaze_id
    sid, changes = ctx.online.follow(tvmaze_id)
    d = ctx.library.detail(sid)
    n = sum(len(s.episodes) for s in d.seasons)
    verb = "Following" if changes.added else "Updated (already followed)"
    print(f"{verb} {d.title}: {len(d.seasons)} seasons, {n} episodes, {len(d.cast)} cast.", file=ctx.out)
    return EXIT_OK


def _refresh(args, ctx: CliContext) -> int:
    """TVmaze, then the feeds, then the library's own alerts. Exit 0 when every source answered."""
    from watchtracker.providers.errors import ProviderError

    def progress(done: int, total: int, what: str) -> None:
        if what:
            print(what, file=ctx.err)

    problems: list[str] = []
    try:
        report = ctx.online.refresh(progress)
    except ProviderError as exc:
        report = None
        problems.append(str(exc))
    polled = ctx.feeds.poll(progress=progress) if ctx.feeds else None
    if polled:
        problems += [error for _, error in polled.failed]  # each names its feed
    library_alerts = ctx.alerts.check_library() if ctx.alerts and report is not None else []
    new_alerts = [*(polled.alerts if polled else []), *library_alerts]
    fresh = [ctx.alerts.alert(i) for i in new_alerts] if ctx.alerts else []
    if args.json:
        _dump({
            "checked": report.checked if report else 0,
            "requests": report.requests if report else 0,
            "updated": report.updated if report else [],
            "announcements": [
                {"kind": a.kind.value, "headline": a.headline, "series_id": a.series_id}
                for a in (report.announcements if report else [])
            ],
            "skipped": report.skipped if report else [],
            "feeds": {
                "answered": polled.feeds_ok + polled.feeds_unchanged if polled else 0,
                "failed": [{"feed": n, "error": e} for n, e in polled.failed] if polled else [],
                "items": polled.items_read if polled else 0,
            },
            "alerts": [alert_json(a) for a in fresh],
            "errors": problems,
        }, ctx.out)
    else:
        if report is not None and not report.checked:
            print("No followed series comes from TVmaze yet: nothing to refresh there.", file=ctx.out)
        elif report is not None:
            print(f"Checked {report.checked} series with {report.requests} requests; "
                  f"{len(report.updated)} updated.", file=ctx.out)
            for a in report.announcements:
                print(f"  [{a.kind.value}] {a.headline}", file=ctx.out)
            for line in report.skipped:
                print(f"  skipped: {line}", file=ctx.out)
        if polled and (polled.feeds_ok or polled.feeds_unchanged or polled.failed):
            answered = polled.feeds_ok + polled.feeds_unchanged
            print(f"Polled {answered} of {answered + len(polled.failed)} feeds: "
                  f"{len(polled.alerts)} new alert{'s' if len(polled.alerts) != 1 else ''}.", file=ctx.out)
        for a in fresh:
            if a.source != "TVmaze":
                print(f"  [{a.kind.value}] {a.headline} — {', '.join(a.series_titles)}", file=ctx.out)
    for line in problems:
        print(f"watchtracker: {line}", file=ctx.err)
    return EXIT_ERROR if problems or (report is not None and report.skipped) else EXIT_OK


def _feeds(args, ctx: CliContext) -> int:
    if args.feeds_command == "add":
        row = ctx.feeds.add(args.url, args.name)
        print(f"Added the feed {row.display_name} ({row.url}); "
              f"'watchtracker refresh' polls it.", file=ctx.out)
    elif args.feeds_command == "remove":
        fid = ctx.feeds.find(args.url)
        name = next(f.display_name for f in ctx.feeds.feeds() if f.id == fid)
        ctx.feeds.remove(fid)
        print(f"Removed the feed {name}; its announcements stay.", file=ctx.out)
    else:
        rows = ctx.feeds.feeds()
        if args.json:
            _dump([feed_json(f) for f in rows], ctx.out)
        elif not rows:
            print("No feeds yet. Add one with: watchtracker feeds add URL", file=ctx.out)
            for name, url in ctx.feeds.suggestions():
                print(f"  e.g. {name}: {url}", file=ctx.out)
        else:
            for f in rows:
                state = "off" if not f.enabled else ("error: " + f.last_error if f.last_error else
                                                     "ok" if f.last_ok_at else "not polled yet")
                print(f"{f.display_name}  {f.url}  [{state}]", file=ctx.out)
    return EXIT_OK


def _alerts(args, ctx: CliContext) -> int:
    if args.alerts_command == "read":
        if args.all:
            ctx.alerts.mark_all_read()
            print("Marked every alert read.", file=ctx.out)
        else:
            ctx.alerts.mark_read([args.id])
            print(f"Marked alert {args.id} read.", file=ctx.out)
        return EXIT_OK
    rows = ctx.alerts.alerts(unread_only=args.unread, kind=args.kind)
    if args.json:
        _dump([alert_json(a) for a in rows], ctx.out)
        return EXIT_OK
    if not rows:
        print("No alerts." if not (args.unread or args.kind) else "No alerts of that kind.", file=ctx.out)
    for a in rows:
        mark = " " if a.read else "*"
        print(f"{mark}{a.id:>5}  {a.published.date().isoformat()}  [{a.kind.value}] {a.headline} "
              f"— {', '.join(a.series_titles)} ({a.source})", file=ctx.out)
    return EXIT_OK


def _import(args, ctx: CliContext) -> int:
    """Read, match, preview, apply (see IMPORT_HELP); progress on stderr."""
    from watchtracker.domain.transfer import NotAnExport
    from watchtracker.services.transfer.importer import OWN_FORMAT, ImportService, report_json

    kept_for_later = args.pending or args.match is not None or args.forget is not None
    if not args.file and not args.retry_pending and not kept_for_later:
        print("watchtracker: say which file to import (or --retry-pending, --pending, --match, --forget).",
              file=ctx.err)
        return EXIT_USAGE
    if args.match is not None and (args.series is None) == (args.tvmaze is None):
        print("watchtracker: --match needs --series TITLE_OR_ID or --tvmaze ID.", file=ctx.err)
        return EXIT_USAGE
    _, backups = _backup_service(args, ctx.library.engine)
    importer = ImportService(ctx.library.engine, None if args.offline else ctx.online, backups)
    last = [""]

    def progress(done: int, total: int, what: str) -> None:
        if what and what != last[0]:
            last[0] = what
            print(what, file=ctx.err)

    if args.pending or args.forget is not None:
        return _kept_for_later(args, ctx, importer)
    try:
        if args.match is not None:
            series_id = None if args.series is None else _series_id(ctx, args.series)
            plan = importer.match_by_hand(args.match, series_id=series_id, tvmaze_id=args.tvmaze,
                                          duplicates=args.duplicates)
        elif args.retry_pending:
            plan = importer.plan_pending(offline=args.offline, duplicates=args.duplicates, progress=progress)
            if not plan.batch.shows:
                print("No shows are kept for later: nothing to retry.", file=ctx.out)
                return EXIT_OK
        else:
            path = Path(args.file)
            fmt = args.format or importer.detect(path)
            if fmt == OWN_FORMAT:
                return _import_own(args, ctx, importer, path)
            print(f"Reading {path.name}…", file=ctx.err)
            batch = importer.read(path, fmt)
            plan = importer.plan(batch, offline=args.offline, duplicates=args.duplicates, progress=progress)
        report = plan.report if args.dry_run else importer.apply(plan, progress=progress)
    except NotAnExport as exc:
        print(f"watchtracker: {exc}", file=ctx.err)
        return EXIT_ERROR
    except OSError as exc:
        print(f"watchtracker: cannot read {args.file}: {exc.strerror or exc}; nothing was changed.", file=ctx.err)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("watchtracker: the import was cancelled; nothing was changed.", file=ctx.err)
        return EXIT_ERROR
    if args.json:
        _dump(report_json(report), ctx.out)
    else:
        _print_import(report, ctx.out)
    if report.pending:
        n = len(report.pending)
        print(f"watchtracker: warning: {n} show{'s were' if n != 1 else ' was'} not matched"
              + (" (nothing was kept: dry run)." if report.dry_run else
                 "; kept for later: watchtracker import --retry-pending"), file=ctx.err)
    return EXIT_OK


def _series_id(ctx: CliContext, text: str) -> int:
    """A library series by its id or its title (a UserError when it names none, or several)."""
    if text.isascii() and text.isdigit() and int(text) in dict(ctx.library.titles()):
        return int(text)  # an id; a title made of digits ("1923") is found by title below
    return ctx.library.find(text)


def _kept_for_later(args, ctx: CliContext, importer) -> int:
    """--pending lists the shows kept for later; --forget ID stops keeping one."""
    if args.forget is not None:
        if not importer.forget_pending([args.forget]):
            print(f"watchtracker: no show is kept for later with the id {args.forget} (see --pending).",
                  file=ctx.err)
            return EXIT_ERROR
        print(f"Forgot the show kept for later with the id {args.forget}.", file=ctx.out)
        return EXIT_OK
    rows = importer.pending()
    data = [{"id": r.id, "format": r.format, "key": r.key, "title": r.title, "year": r.year,
             "viewings": len((r.show or {}).get("viewings") or ()), "reason": r.error or ""} for r in rows]
    if args.json:
        _dump(data, ctx.out)
    elif not data:
        print("No shows are kept for later.", file=ctx.out)
    else:
        for d in data:
            year = f" ({d['year']})" if d["year"] else ""
            print(f"{d['id']:>5}  {d['title']}{year} — {d['viewings']} viewings, {d['format']}: {d['reason']}",
                  file=ctx.out)
    return EXIT_OK


def _print_import(report, out: TextIO) -> None:
    from watchtracker.domain.transfer import FORMAT_LABELS
    from watchtracker.services.transfer.importer import HOW_LABELS

    label = FORMAT_LABELS.get(report.format, "Kept for later" if report.format == "pending" else report.format)
    print(f"{label}: {report.shows} shows, {report.episodes} episodes, {report.viewings} viewings, "
          f"{report.ratings} ratings.", file=out)
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
    print(f"Viewings: {report.viewings_added} {verb}; {report.duplicates} already in the library (skipped); "
          f"{report.conflicts} of episodes watched at another time ({both}); "
          f"{report.unplaced} with no such episode (not added).", file=out)
    for example in report.unplaced_examples[:5]:
        print(f"  no such episode: {example}", file=out)
    print(f"Ratings: {report.ratings_set} {'would be set' if report.dry_run else 'set'}.", file=out)
    for line in report.skipped[:20]:
        print(f"  left out: {line}", file=out)
    if len(report.skipped) > 20:
        print(f"  … and {len(report.skipped) - 20} more left out", file=out)
    if report.dry_run:
        print("Dry run: nothing was changed.", file=out)
    elif report.backup:
        print(f"Imported. The library as it was before is kept in {report.backup}.", file=out)
    else:
        print("Imported.", file=out)


def _import_own(args, ctx: CliContext, importer, path: Path) -> int:
    """Our own export: services.transfer.own_format reads and writes it; shown as it reports."""
    import dataclasses

    doc = importer.read_own(path)
    if args.dry_run:
        summary, backup = importer.preview_own(doc), None
    else:
        summary, _, backup = importer.import_own(doc)
    if hasattr(summary, "as_dict"):
        plain = summary.as_dict()
    else:
        plain = dataclasses.asdict(summary) if dataclasses.is_dataclass(summary) else {"result": summary}
    if args.json:
        _dump({"format": "watchtracker", "source": str(path), "dry_run": args.dry_run, **plain,
               "backup": str(backup) if backup else None}, ctx.out, default=str)
    else:
        counts = ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in plain.items()
                           if isinstance(v, int) and not isinstance(v, bool) and v)
        verb = "Would import" if args.dry_run else "Imported"
        print(f"{verb} the watchtracker export {path.name}: {counts or 'nothing new'}.", file=ctx.out)
        if args.dry_run:
            print("Dry run: nothing was changed.", file=ctx.out)
        elif backup:
            print(f"The library as it was before is kept in {backup}.", file=ctx.out)
    return EXIT_OK


def _export(args, ctx: CliContext) -> int:
    return _EXPORTERS[args.format](args, ctx)


def _export_ics(args, ctx: CliContext) -> int:
    from watchtracker.services.transfer.calendar_export import CalendarExportService
    from watchtracker.services.schedule import ScheduleService

    schedule = ctx.schedule or ScheduleService(ctx.library.engine, ctx.library)
    export = CalendarExportService(schedule)
    if args.file == "-":
        data, result = export.ics(args.days, premieres_only=args.premieres_only)
        out = _data_stream(ctx.out)
        out.write(data.decode("utf-8"))
        out.flush()
        where = None
    else:
        result = export.write_ics(Path(args.file), args.days, premieres_only=args.premieres_only)
        where = result.path
    what = "premieres" if args.premieres_only else "episodes and premieres"
    n = f"{result.events} event{'s' if result.events != 1 else ''}"
    summary = f"Exported {n} ({what} in the next {args.days} days)"
    # with '-' the calendar is the output: say the rest on stderr
    report = ctx.err if where is None else ctx.out
    print(f"{summary} to {where}." if where else f"{summary}.", file=report)
    if result.not_exported:
        k = result.not_exported
        print(f"Left out {k} announced series without an exact premiere day "
              f"(see them in Upcoming).", file=report)
    return EXIT_OK


def _export_library(args, ctx: CliContext) -> int:
    """json (everything) and csv (viewings): the whole library, whatever --days says."""
    from watchtracker.services.transfer.export import ExportService

    export = ExportService(ctx.library.engine)
    if args.file == "-":
        out = _data_stream(ctx.out)
        if args.format == "json":
            data, result = export.json_bytes()
            out.write(data.decode("utf-8"))
        else:
            text, result = export.csv_text(bom=False)  # for other programs: no byte order mark
            out.write(text)
        out.flush()
    else:
        write = export.write_json if args.format == "json" else export.write_csv
        result = write(Path(args.file))
    n = f"{result.viewings} viewing{'s' if result.viewings != 1 else ''}"
    if args.format == "json":
        s = f"{result.series} series, {result.episodes} episode{'s' if result.episodes != 1 else ''}"
        summary = f"Exported the library ({s}, {n})"
    else:
        summary = f"Exported {n} of {result.episodes} episode{'s' if result.episodes != 1 else ''}"
    # with '-' the export is the output: say the rest on stderr
    if result.path is None:
        print(f"{summary}.", file=ctx.err)
    else:
        print(f"{summary} to {result.path}.", file=ctx.out)
    return EXIT_OK


_EXPORTERS = {"ics": _export_ics, "json": _export_library, "csv": _export_library}


_COMMANDS = {
    "demo": _demo,
    "backup": backup_command,
    "restore": restore_command,
    "list": _list,
    "show": _show,
    "add": _add,
    "watch": _watch,
    "unwatch": _unwatch,
    "search": _search,
    "follow": _follow,
    "refresh": _refresh,
    "feeds": _feeds,
    "alerts": _alerts,
    "import": _import,
    "export": _export,
}


# -- output -----------------------------------------------------------------------------------


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    return value.isoformat()


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
        "last_watched": _iso(r.last_watched),
    }


def alert_json(a: AlertRow) -> dict[str, Any]:
    return {
        "id": a.id,
        "kind": a.kind.value,
        "series": a.series_titles,
        "headline": a.headline,
        "summary": a.summary,
        "source": a.source,
        "url": a.url,
        "published": _iso(a.published),
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
        "last_polled": _iso(f.last_polled_at),
        "last_ok": _iso(f.last_ok_at),
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
        "seasons": [
            {
                "number": s.number,
                "name": s.label,
                "episodes": [
                    {
                        "code": str(e.code),
                        "season": e.season,
                        "number": e.number,
                        "title": e.title,
                        "air_date": _iso(e.air_date),
                        "airstamp": _iso(e.airstamp),
                        "runtime": e.runtime,
                        "watched": e.watched,
                        "plays": e.plays,
                        "last_watched": _iso(e.last_watched),
                    }
                    for e in s.episodes
                ],
            }
            for s in d.seasons
        ],
        "cast": [{"person": c.person, "character": c.character} for c in d.cast],
        "relations": [
            {
                "kind": r.kind.value,
                "direction": "outgoing" if r.outgoing else "incoming",
                "label": r.label,
                "title": r.title,
                "status": r.status.value,
                "followed": r.followed,
                "direct": r.direct,
                "via": r.via,
            }
            for r in d.related
        ],
        "announcements": [
            {
                "id": a.id,
                "kind": a.kind.value,
                "headline": a.headline,
                "summary": a.summary,
                "source": a.source,
                "url": a.url,
                "published": _iso(a.published),
                "read": a.read,
                "series": list(a.series),
            }
            for a in d.announcements
        ],
    }


def _print_detail(d: SeriesDetail, out: TextIO) -> None:
    line = " · ".join(
        x for x in (d.years, d.status.label, d.network, ", ".join(d.genres), d.content_rating) if x
    )
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
            print(f"  {when}  [{a.kind.value}] {a.headline} — {a.source}", file=out)


def _dump(value: Any, out: TextIO, **kw: Any) -> None:
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


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    return build_parser().parse_args(argv)
