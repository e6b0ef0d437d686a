"""desktop install, desktop uninstall: watchtracker in the desktop's applications menu, for this
user (services.desktop_entry). Needs no library: app.main runs it before opening one, like
restore, so it works with a damaged, locked or too-new library too and makes none."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, TextIO

from watchtracker.cli.context import EXIT_ERROR, EXIT_OK
from watchtracker.cli.render import safe

if TYPE_CHECKING:
    from watchtracker.cli.context import CliContext


def register(sub, common: argparse.ArgumentParser) -> None:
    """desktop install, desktop uninstall"""
    p = sub.add_parser(
        "desktop",
        parents=[common],
        help="add watchtracker to the desktop's applications menu, with its icon (Linux, BSD), or take it out",
        description="Add watchtracker to the applications menu for you alone: a desktop entry, its "
        "description for software centres and its icon, under $XDG_DATA_HOME (by default "
        "~/.local/share). The entry starts the watchtracker you run this with, wherever it is "
        "installed (a virtual environment too): if you move or reinstall it, run this again.",
    )
    actions = p.add_subparsers(dest="desktop_command", metavar="ACTION", required=True)
    actions.add_parser("install", parents=[common], help="add it to the menu (or bring the entry up to date)")
    actions.add_parser("uninstall", parents=[common], help="take it out of the menu")


def desktop_command(args, ctx: CliContext | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """`watchtracker desktop install|uninstall`. ``ctx`` is optional: only its streams are used."""
    from watchtracker.errors import WatchtrackerError
    from watchtracker.services import desktop_entry

    out = safe(out or (ctx.out if ctx else sys.stdout))
    err = safe(err or (ctx.err if ctx else sys.stderr))
    try:
        if args.desktop_command == "install":
            argv = desktop_entry.launch_command()
            written = desktop_entry.install_for_user(argv=argv)
            print(f"Added watchtracker to the applications menu; it starts {' '.join(argv)}.", file=out)
            print(f"Installed {_files(len(written))}:", file=out)
            for path in written:
                print(f"  {path}", file=out)
            print("Take it out again with: watchtracker desktop uninstall", file=out)
        else:
            removed = desktop_entry.uninstall_for_user()
            if not removed:
                print(
                    f"watchtracker was not in the applications menu (nothing of it in "
                    f"{desktop_entry.data_home()}); nothing was removed.",
                    file=out,
                )
            else:
                print(f"Took watchtracker out of the applications menu; removed {_files(len(removed))}:", file=out)
                for path in removed:
                    print(f"  {path}", file=out)
    except WatchtrackerError as exc:
        print(f"watchtracker: {exc}", file=err)
        return EXIT_ERROR
    return EXIT_OK


def _files(n: int) -> str:
    return f"{n} file" if n == 1 else f"{n} files"


COMMANDS = {
    "desktop": desktop_command,  # app.main should run it before opening the library, as it does restore
}
