"""servers: the viewer's media servers (Jellyfin, Emby, Plex, Kodi) — add, list, remove, pause,
resume, sync — whose plays come in as viewings."""

from __future__ import annotations

import sys

from watchtracker.cli.context import EXIT_ERROR, EXIT_OK, EXIT_USAGE, CliContext, need
from watchtracker.cli.render import dump, iso, plural


def servers_command(args, ctx: CliContext) -> int:
    return _ACTIONS[args.action](args, ctx)


def _add(args, ctx: CliContext) -> int:
    media = need(ctx.media, "media servers")
    password = args.password or ""
    if password == "-":  # read from stdin, so that it is not in the shell's history or the process list
        password = sys.stdin.readline().rstrip("\r\n")
    if args.token and password:
        print("watchtracker: give --password or --token, not both.", file=ctx.err)
        return EXIT_USAGE
    c = media.add(
        args.kind,
        args.url,
        user=args.user or "",
        password=password,
        token=args.token or "",
        name=args.name or "",
        write_back=args.write_back,
    )
    print(f"Added {c.name} ({c.kind_label} at {c.url}, as {c.user or 'the token’s user'}).", file=ctx.out)
    if not media.keeps_sign_in(c.id):
        print(
            "watchtracker: this system offers no keyring to keep the sign-in in: it is not kept after this "
            "command. Install a keyring (the Secret Service on Linux), then: watchtracker servers sign-in "
            f"{_quoted(c.name)} ...",
            file=ctx.err,
        )
        return EXIT_OK
    print(f"Sync it with: watchtracker servers sync {_quoted(c.name)}", file=ctx.out)
    return EXIT_OK


def _sign_in(args, ctx: CliContext) -> int:
    media = need(ctx.media, "media servers")
    password = args.password or ""
    if password == "-":
        password = sys.stdin.readline().rstrip("\r\n")
    if bool(args.token) == bool(password):
        print("watchtracker: give --password or --token (one of them).", file=ctx.err)
        return EXIT_USAGE
    c = media.sign_in_again(args.name, password=password, token=args.token or "")
    kept = "" if media.keeps_sign_in(c.id) else " (for this command only: this system offers no keyring)"
    print(f"Signed in to {c.name} again{kept}.", file=ctx.out)
    return EXIT_OK


def _list(args, ctx: CliContext) -> int:
    media = need(ctx.media, "media servers")
    rows = media.connections()
    if args.json:
        dump(
            [
                {
                    "id": c.id,
                    "name": c.name,
                    "kind": c.kind,
                    "url": c.url,
                    "user": c.user,
                    "paused": c.paused,
                    "write_back": c.write_back,
                    "last_sync": iso(c.last_sync_at),
                    "last_error": c.last_error or None,
                    "last_error_at": iso(c.last_error_at),
                    "played": c.played,
                    "unmatched": c.unmatched,
                }
                for c in rows
            ],
            ctx.out,
        )
        return EXIT_OK
    if not rows:
        print("No media servers. Add one with: watchtracker servers add KIND URL ...", file=ctx.out)
        return EXIT_OK
    for c in rows:
        state = "paused" if c.paused else (f"synced {iso(c.last_sync_at)}" if c.last_sync_at else "never synced")
        extra = ", writes back" if c.write_back else ""
        print(f"{c.name}  {c.kind_label} {c.url}  user {c.user or '-'}  {state}{extra}", file=ctx.out)
        print(
            f"    {plural(c.played, 'played episode')} followed, {plural(c.unmatched, 'show')} kept for later",
            file=ctx.out,
        )
        if c.last_error:
            print(f"    last error ({iso(c.last_error_at)}): {c.last_error}", file=ctx.out)
    return EXIT_OK


def _remove(args, ctx: CliContext) -> int:
    c = need(ctx.media, "media servers").remove(args.name)
    print(f"Removed {c.name}; the viewings it recorded stay in the library.", file=ctx.out)
    return EXIT_OK


def _pause(args, ctx: CliContext) -> int:
    c = need(ctx.media, "media servers").set_paused(args.name, args.action == "pause")
    print(f"{c.name} is {'paused' if c.paused else 'synced again'}.", file=ctx.out)
    return EXIT_OK


def _sync(args, ctx: CliContext) -> int:
    from watchtracker.errors import WatchtrackerError
    from watchtracker.services.media import SyncReport

    media = need(ctx.media, "media servers")
    if args.name:
        try:
            results: list[SyncReport | WatchtrackerError] = [media.sync(args.name, offline=args.offline)]
        except WatchtrackerError as exc:
            results = [exc]
            names = [media.connection(args.name).name]
        else:
            names = [r.name for r in results if isinstance(r, SyncReport)]
    else:
        active = [c for c in media.connections() if not c.paused]
        results = media.sync_all(offline=args.offline)
        names = [c.name for c in active]
        if not active:
            print("No media servers to sync (none added, or all paused).", file=ctx.out)
    failed = [r for r in results if not isinstance(r, SyncReport)]
    if args.json:
        dump([_report_json(name, r) for name, r in zip(names, results, strict=False)], ctx.out)
    else:
        for name, r in zip(names, results, strict=False):
            if isinstance(r, SyncReport):
                print(r.line(), file=ctx.out)
                if r.unplaced_examples:
                    print(f"    not placed: {', '.join(r.unplaced_examples)}", file=ctx.out)
                if r.kept:
                    print(
                        f"    kept for later (see: watchtracker import --pending): {', '.join(r.kept[:10])}",
                        file=ctx.out,
                    )
            else:
                print(f"watchtracker: {name}: {r}", file=ctx.err)
    return EXIT_ERROR if failed else EXIT_OK


def _report_json(name: str, r) -> dict:
    from watchtracker.services.media import SyncReport

    if not isinstance(r, SyncReport):
        return {"name": name, "ok": False, "error": str(r)}
    return {
        "name": r.name,
        "ok": True,
        "elsewhere": r.elsewhere,
        "played": r.played,
        "added": r.added,
        "removed": r.removed,
        "already": r.already,
        "dated": r.dated,
        "unplaced": r.unplaced,
        "unplaced_examples": list(r.unplaced_examples),
        "kept_for_later": list(r.kept),
        "forgotten": r.forgotten,
        "skipped": list(r.skipped),
        "requests": r.requests,
    }


def _quoted(name: str) -> str:
    return f'"{name}"' if " " in name else name


_ACTIONS = {
    "add": _add,
    "list": _list,
    "remove": _remove,
    "pause": _pause,
    "resume": _pause,
    "sync": _sync,
    "sign-in": _sign_in,
}

COMMANDS = {"servers": servers_command}
