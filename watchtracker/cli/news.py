"""Commands on the news: feeds (add, list, remove) and alerts (list, read)."""

from __future__ import annotations

from watchtracker.cli.context import EXIT_OK, CliContext
from watchtracker.cli.render import alert_json, columns, dump, feed_json


def _feeds(args, ctx: CliContext) -> int:
    if args.feeds_command == "add":
        row = ctx.feeds.add(args.url, args.name)
        print(f"Added the feed {row.display_name} ({row.url}); 'watchtracker refresh' polls it.", file=ctx.out)
    elif args.feeds_command == "remove":
        fid = ctx.feeds.find(args.url)
        name = next(f.display_name for f in ctx.feeds.feeds() if f.id == fid)
        ctx.feeds.remove(fid)
        print(f"Removed the feed {name}; its announcements stay.", file=ctx.out)
    else:
        rows = ctx.feeds.feeds()
        if args.json:
            dump([feed_json(f) for f in rows], ctx.out)
        elif not rows:
            print("No feeds yet. Add one with: watchtracker feeds add URL", file=ctx.out)
            for name, url in ctx.feeds.suggestions():
                print(f"  e.g. {name}: {url}", file=ctx.out)
        else:
            table = [(f.display_name, f.url, f"[{_feed_state(f)}]") for f in rows]
            for line in columns(table, (30, 60)):  # as `list`: padded to the widest, a longer one elided
                print(line, file=ctx.out)
    return EXIT_OK


def _feed_state(f) -> str:
    if not f.enabled:
        return "off"
    return "error: " + f.last_error if f.last_error else "ok" if f.last_ok_at else "not polled yet"


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
        dump([alert_json(a) for a in rows], ctx.out)
        return EXIT_OK
    if not rows:
        print("No alerts." if not (args.unread or args.kind) else "No alerts of that kind.", file=ctx.out)
    for a in rows:
        mark = " " if a.read else "*"
        print(
            f"{mark}{a.id:>5}  {a.published.date().isoformat()}  [{', '.join(k.value for k in a.kinds)}] {a.headline} "
            f"— {', '.join(a.series_titles)} ({a.source})",
            file=ctx.out,
        )
    return EXIT_OK


COMMANDS = {
    "feeds": _feeds,
    "alerts": _alerts,
}
