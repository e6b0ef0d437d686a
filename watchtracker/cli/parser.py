"""The command line: the commands, their options and help texts (see README.md)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from watchtracker import __version__
from watchtracker.cli import desktop
from watchtracker.domain.enums import AnnouncementKind, LifecycleStatus, RelationKind


def build_parser() -> argparse.ArgumentParser:
    """The commands in the order --help lists them; each accepts --data-dir."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="keep the library, settings, cache and logs under DIR (also: WATCHTRACKER_HOME)",
    )
    common.add_argument(
        "--database",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="the library: a PostgreSQL server (postgresql://user@host:5432/database) or a SQLite file "
        "(also: WATCHTRACKER_DATABASE; default: library.sqlite in the data folder)",
    )
    parser = argparse.ArgumentParser(
        prog="watchtracker",
        description="A watchlist and release tracker for TV series. Without a command, opens the window.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"watchtracker {__version__}")
    parser.add_argument(
        "--background",
        action="store_true",
        help="open no window: keep watching for alerts in the background (as when started at login); "
        "start watchtracker again to see the window",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("demo", parents=[common], help="load the example library (the Bosch universe)")
    _backup_commands(sub, common)
    _library_commands(sub, common)
    _library_copy_command(sub, common)
    _franchise_command(sub, common)
    _online_commands(sub, common)
    _feeds_command(sub, common)
    _import_command(sub, common)
    _alerts_command(sub, common)
    _export_command(sub, common)
    _servers_command(sub, common)
    desktop.register(sub, common)
    return parser


def _backup_commands(sub, common: argparse.ArgumentParser) -> None:
    """backup, restore"""
    sub.add_parser("backup", parents=[common], help="make a backup of the library now")
    p = sub.add_parser(
        "restore",
        parents=[common],
        help="replace the library with a backup (the current one is kept as a backup first)",
    )
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("file", nargs="?", metavar="FILE", help="a backup's path, or its name in --list")
    which.add_argument("--list", action="store_true", help="list the backups, newest first")
    p.add_argument("--json", action="store_true", help="with --list: print JSON (see README)")


def _library_commands(sub, common: argparse.ArgumentParser) -> None:
    """list, show, add, watch, unwatch"""
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


def _library_copy_command(sub, common: argparse.ArgumentParser) -> None:
    """library copy-to"""
    p = sub.add_parser("library", parents=[common], help="the library as a whole: copy it to a server or a file")
    actions = p.add_subparsers(dest="library_command", metavar="ACTION", required=True)
    q = actions.add_parser(
        "copy-to",
        parents=[common],
        help="copy the whole library, losslessly, into an empty library on a PostgreSQL server or a new SQLite file",
        description="Copy every table of the library (ids kept) into TARGET, in one transaction: all of it "
        "or nothing. TARGET is a PostgreSQL URL (postgresql://user@host:5432/database, an empty database) or "
        "the path of a new SQLite file. A target that holds anything is refused; this library is only read. "
        "Then use the copy with --database TARGET (or in Preferences).",
    )
    q.add_argument("target", metavar="TARGET", help="a PostgreSQL URL or a new SQLite file's path")


def _franchise_command(sub, common: argparse.ArgumentParser) -> None:
    """franchise list, show, create, rename, delete, add, remove, relate, unrelate, follow, unfollow"""
    p = sub.add_parser(
        "franchise",
        parents=[common],
        help="universes of series: what is in them, how the series relate, the order to watch them in",
        description="A franchise (a universe) groups series: the original, its spin-offs, sequels, "
        "prequels, revivals and remakes. FRANCHISE is a franchise's name (or a part of it) or its "
        "id; SERIES is a title of the library (or a part of it) or its id.",
    )
    actions = p.add_subparsers(dest="franchise_command", metavar="ACTION", required=True)
    q = actions.add_parser("list", parents=[common], help="list the franchises")
    q.add_argument("--json", action="store_true", help="print JSON (see README)")
    q = actions.add_parser(
        "show",
        parents=[common],
        help="one franchise: its series as a tree, how they relate, the order to watch them in",
    )
    q.add_argument("franchise", metavar="FRANCHISE")
    q.add_argument("--json", action="store_true", help="print JSON (see README)")
    q = actions.add_parser("create", parents=[common], help="make a franchise (empty: then add series to it)")
    q.add_argument("name", metavar="NAME")
    q.add_argument("--description", metavar="TEXT", default="", help="what it is, in a sentence or two")
    q = actions.add_parser("rename", parents=[common], help="rename a franchise (or change its description)")
    q.add_argument("franchise", metavar="FRANCHISE")
    q.add_argument("name", metavar="NEW_NAME")
    q.add_argument("--description", metavar="TEXT", help="its new description (default: unchanged)")
    q = actions.add_parser("delete", parents=[common], help="delete a franchise (its series stay in the library)")
    q.add_argument("franchise", metavar="FRANCHISE")
    q = actions.add_parser(
        "add", parents=[common], help="put series in a franchise (out of the one they were in, if any)"
    )
    q.add_argument("franchise", metavar="FRANCHISE")
    q.add_argument("series", metavar="SERIES", nargs="+")
    q = actions.add_parser("remove", parents=[common], help="take series out of a franchise (they stay in the library)")
    q.add_argument("franchise", metavar="FRANCHISE")
    q.add_argument("series", metavar="SERIES", nargs="+")
    kinds = ", ".join(f"'{k.label.lower()}'" for k in RelationKind)
    for name, verb in (("relate", "relate two series"), ("unrelate", "take a relation away")):
        q = actions.add_parser(
            name, parents=[common], help=f'{verb}: SERIES KIND OTHER, e.g. Ballard "spin-off of" Bosch'
        )
        q.add_argument("series", metavar="SERIES", help="the series the relation is from")
        q.add_argument(
            "kind",
            metavar="KIND",
            type=relation_kind,
            help=f"{kinds}; or its key, e.g. spin_off_of",
        )
        q.add_argument("other", metavar="OTHER", help="the series it relates to")
    q = actions.add_parser(
        "follow", parents=[common], help="follow a franchise: its series, and every one that joins it later"
    )
    q.add_argument("franchise", metavar="FRANCHISE")
    q = actions.add_parser(
        "unfollow", parents=[common], help="stop following a franchise (its series stay in your library)"
    )
    q.add_argument("franchise", metavar="FRANCHISE")


def relation_kind(text: str) -> RelationKind:
    """A relation by its label ("spin-off of", "Same universe as") or its key ("spin_off_of");
    case, hyphens and underscores aside."""

    def norm(value: str) -> str:
        return " ".join(value.replace("_", " ").replace("-", " ").split()).casefold()

    key = norm(text)
    for kind in RelationKind:
        if key in (norm(kind.value), norm(kind.label)):
            return kind
    kinds = ", ".join(f"'{k.label.lower()}'" for k in RelationKind)
    raise argparse.ArgumentTypeError(f"{text!r} is not a relation; use one of {kinds}")


def _online_commands(sub, common: argparse.ArgumentParser) -> None:
    """search, follow, refresh"""
    p = sub.add_parser("search", parents=[common], help="search TVmaze for a series")
    p.add_argument("query")
    p.add_argument("--json", action="store_true", help="print JSON (see README)")

    p = sub.add_parser("follow", parents=[common], help="follow a series from TVmaze, with its episodes")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("query", nargs="?", help="a title: its best match on TVmaze")
    which.add_argument("--tvmaze", type=int, metavar="ID", help="TVmaze's id for the series")

    p = sub.add_parser(
        "refresh",
        parents=[common],
        help="fetch what changed on TVmaze for the followed series, and poll the news feeds",
    )
    p.add_argument("--json", action="store_true", help="print JSON (see README)")


def _feeds_command(sub, common: argparse.ArgumentParser) -> None:
    """feeds add, list, remove"""
    p = sub.add_parser("feeds", parents=[common], help="the news feeds polled for announcements")
    feeds = p.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)
    q = feeds.add_parser("add", parents=[common], help="add an RSS or Atom feed")
    q.add_argument("url")
    q.add_argument("--name", help="what to call it (default: its address)")
    q = feeds.add_parser("list", parents=[common], help="list the feeds with their state")
    q.add_argument("--json", action="store_true", help="print JSON (see README)")
    q = feeds.add_parser("remove", parents=[common], help="remove a feed (its announcements stay)")
    q.add_argument("url", help="the feed's address or name")


def _import_command(sub, common: argparse.ArgumentParser) -> None:
    """import (its help: IMPORT_HELP)"""
    p = sub.add_parser(
        "import",
        parents=[common],
        help="import your history from TV Time, Trakt, SeriesGuide, IMDb or watchtracker",
        description=IMPORT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", metavar="FILE", nargs="?", help="the export: a file, a zip or a folder")
    p.add_argument("--format", choices=IMPORT_FORMATS, help="the file's format (default: recognised from it)")
    p.add_argument("--dry-run", action="store_true", help="show what would be imported; change nothing")
    p.add_argument("--json", action="store_true", help="print JSON (see below)")
    p.add_argument(
        "--offline", action="store_true", help="match only by ids and titles the library knows; keep the rest for later"
    )
    p.add_argument(
        "--duplicates",
        choices=("keep", "skip"),
        default="keep",
        help="an episode already watched at another time: keep both viewings (default) or skip",
    )
    p.add_argument(
        "--retry-pending",
        action="store_true",
        help="match again the shows kept for later by earlier imports (instead of FILE)",
    )
    p.add_argument(
        "--pending",
        action="store_true",
        help="list the shows kept for later, with the id to --match or --forget them by",
    )
    p.add_argument(
        "--match",
        type=int,
        metavar="ID",
        help="match a show kept for later by hand: to --series (of the library) or --tvmaze",
    )
    p.add_argument("--series", metavar="TITLE_OR_ID", help="with --match: the library series")
    p.add_argument("--tvmaze", type=int, metavar="ID", help="with --match: the TVmaze show (followed)")
    p.add_argument("--forget", type=int, metavar="ID", help="stop keeping a show for later")


def _alerts_command(sub, common: argparse.ArgumentParser) -> None:
    """alerts, alerts read"""
    p = sub.add_parser("alerts", parents=[common], help="announcements about the followed series")
    p.add_argument("--unread", action="store_true", help="only unread ones")
    p.add_argument("--kind", choices=[k.value for k in AnnouncementKind], help="only this kind")
    p.add_argument("--json", action="store_true", help="print JSON (see README)")
    actions = p.add_subparsers(dest="alerts_command", metavar="ACTION")
    q = actions.add_parser("read", parents=[common], help="mark an alert read (or --all)")
    which = q.add_mutually_exclusive_group(required=True)
    which.add_argument("id", nargs="?", type=int, help="the alert's id (see watchtracker alerts)")
    which.add_argument("--all", action="store_true", help="every alert")


def _servers_command(sub, common: argparse.ArgumentParser) -> None:
    """servers add|list|remove|pause|resume|sync"""
    from watchtracker.domain.media import KINDS

    p = sub.add_parser(
        "servers",
        parents=[common],
        help="your media servers (Jellyfin, Emby, Plex, Kodi): what you play there is marked watched here",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    q = actions.add_parser("add", parents=[common], help="add a server (it is asked at once whether it lets us in)")
    q.add_argument("kind", choices=KINDS, help="the kind of server")
    q.add_argument("url", metavar="URL", help="its address, e.g. http://192.168.1.10:8096")
    q.add_argument("--user", metavar="U", help="the user whose plays are read (Jellyfin, Emby, Kodi)")
    q.add_argument(
        "--password",
        metavar="P",
        help="that user's password ('-': read it from standard input); not kept for "
        "Jellyfin and Emby (their token is, in the system's keyring)",
    )
    q.add_argument("--token", metavar="T", help="an API key (Jellyfin, Emby) or the X-Plex-Token (Plex)")
    q.add_argument("--name", help="a name for it (default: the server's own)")
    q.add_argument("--write-back", action="store_true", help="mark played there what is marked watched here")
    q = actions.add_parser("list", parents=[common], help="the servers, when each last synced and its last error")
    q.add_argument("--json", action="store_true", help="print JSON")
    for action, what in (
        ("remove", "forget a server (the viewings it recorded stay)"),
        ("pause", "stop syncing a server for now"),
        ("resume", "sync a paused server again"),
    ):
        q = actions.add_parser(action, parents=[common], help=what)
        q.add_argument("name", metavar="NAME", help="the server's name (see servers list)")
    q = actions.add_parser(
        "sign-in", parents=[common], help="sign in to a server again (its token expired or was revoked)"
    )
    q.add_argument("name", metavar="NAME", help="the server's name (see servers list)")
    q.add_argument("--password", metavar="P", help="the user's password ('-': read it from standard input)")
    q.add_argument("--token", metavar="T", help="an API key (Jellyfin, Emby) or the X-Plex-Token (Plex)")
    q = actions.add_parser(
        "sync", parents=[common], help="read what was played on a server (or every one not paused) now"
    )
    q.add_argument("name", metavar="NAME", nargs="?", help="the server's name (default: every one not paused)")
    q.add_argument("--json", action="store_true", help="print JSON")
    q.add_argument(
        "--offline", action="store_true", help="match only by ids and titles the library knows (TVmaze not asked)"
    )


def _export_command(sub, common: argparse.ArgumentParser) -> None:
    """export"""
    p = sub.add_parser(
        "export",
        parents=[common],
        help="export the whole library (json), the viewing history (csv) or the upcoming episodes and premieres (ics)",
    )
    p.add_argument(
        "--format",
        required=True,
        choices=EXPORT_FORMATS,
        help="json: everything, losslessly, in watchtracker's own documented format "
        "(watchtracker import reads it back); "
        "csv: one row per viewing, for spreadsheets; "
        "ics: an iCalendar file of what is upcoming (timed events when the air "
        "time is known, all-day otherwise)",
    )
    p.add_argument("file", metavar="FILE", help="where to write it ('-': standard output)")
    p.add_argument(
        "--days",
        type=_days_ahead,
        default=30,
        metavar="N",
        help="ics only: how many days ahead (default: 30); json and csv ignore it",
    )
    p.add_argument(
        "--premieres-only",
        action="store_true",
        help="ics only: only series and season premieres; json and csv ignore it",
    )


# Formats of `watchtracker import` (domain.transfer.FORMATS); a reader not installed is refused.
IMPORT_FORMATS = ("tvtime", "trakt", "seriesguide", "imdb", "watchtracker")
IMPORT_HELP = """\
Import the viewings, ratings, watchlist, favourites and notes of another tracker's export.
The format is recognised from the file. Shows are matched by the ids the library knows, then
by title and year in the library (the series takes the file's ids), then through TVmaze's
lookup (not with --offline); a show found on TVmaze but not in the library is followed. A preview is printed, and unless --dry-run, everything is
written in one transaction after a backup of the library (in the data folder's backups/). When
nothing in the file is new to the library (imported before), it says so and makes no backup.
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


# Formats of `watchtracker export`; each has a writer in transfer._EXPORTERS.
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


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    return build_parser().parse_args(argv)
