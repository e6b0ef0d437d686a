"""The table of commands and ``run``: a handler gets the parsed args and a CliContext whose
streams clean what is written (render.SafeText); an error a user is told about is said in one
line on stderr, with a non-zero exit, and changes nothing."""

from __future__ import annotations

import argparse
import dataclasses

from watchtracker.cli import backups, franchises, library, news, online, servers, transfer
from watchtracker.cli.context import EXIT_ERROR, CliContext
from watchtracker.cli.render import safe
from watchtracker.errors import UserError

COMMANDS = {
    **library.COMMANDS,
    **franchises.COMMANDS,
    **online.COMMANDS,
    **news.COMMANDS,
    **transfer.COMMANDS,
    **backups.COMMANDS,
    **servers.COMMANDS,
}


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from watchtracker.errors import ProviderError

    ctx = dataclasses.replace(ctx, out=safe(ctx.out), err=safe(ctx.err))
    handler = COMMANDS[args.command]
    try:
        return handler(args, ctx)
    except (UserError, ProviderError) as exc:
        print(f"watchtracker: {exc}", file=ctx.err)
        return EXIT_ERROR
