"""The headless commands. Each honours --data-dir; errors go to stderr with a non-zero exit
and change nothing. ``--json`` output is stable and documented in README.md.

    parser     the command line: build_parser, parse_args, the help texts
    commands   the table of commands and run()
    library    demo, list, show, add, watch, unwatch
    franchises franchise list, show, create, rename, delete, add, remove, relate, unrelate,
               follow, unfollow
    online     search, follow, refresh (TVmaze, then the news feeds)
    news       feeds, alerts
    transfer   import, export
    backups    backup, restore (also without an open library)
    render     what is printed: JSON of rows, text, and the cleaning writer SafeText
    context    CliContext (what a command is given) and the exit codes
"""

from watchtracker.cli.backups import backup_command, restore_command
from watchtracker.cli.commands import run
from watchtracker.cli.context import EXIT_ERROR, EXIT_OK, EXIT_USAGE, CliContext
from watchtracker.cli.desktop import desktop_command
from watchtracker.cli.parser import build_parser, parse_args
from watchtracker.cli.render import SafeText, dump, safe

__all__ = [
    "EXIT_ERROR",
    "EXIT_OK",
    "EXIT_USAGE",
    "CliContext",
    "SafeText",
    "backup_command",
    "build_parser",
    "desktop_command",
    "dump",
    "parse_args",
    "restore_command",
    "run",
    "safe",
]
