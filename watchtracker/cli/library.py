"""Commands on the library itself: demo, list, show, add, watch, unwatch, library copy-to."""

from __future__ import annotations

from watchtracker.cli.context import EXIT_OK, CliContext
from watchtracker.cli.render import clip, detail_json, dump, plural, print_detail, row_json
from watchtracker.domain.enums import RelationKind
from watchtracker.domain.inputs import SeriesInput
from watchtracker.errors import InvalidInput
from watchtracker.services.example import load_example


def _demo(args, ctx: CliContext) -> int:
    added, _ = load_example(ctx.library.engine)
    if added:
        print(f"Loaded the example library: {plural(added, 'series', 'series')} of the Bosch universe.", file=ctx.out)
    else:
        print("The example library is already loaded.", file=ctx.out)
    return EXIT_OK


def _list(args, ctx: CliContext) -> int:
    rows = sorted(ctx.library.library(), key=lambda r: r.title.casefold())
    if args.json:
        dump([row_json(r) for r in rows], ctx.out)
        return EXIT_OK
    if not rows:
        print("The library is empty. Try: watchtracker demo", file=ctx.out)
        return EXIT_OK
    width = min(max(len(r.title) for r in rows), 40)
    for r in rows:
        nxt = str(r.next_episode.code) if r.next_episode else "—"
        print(
            f"{clip(r.title, width):<{width}}  {r.status.label:<13} {r.state.label:<13} "
            f"{r.episodes_watched:>4}/{r.episodes_aired:<4} next {nxt:<7} {r.network}",
            file=ctx.out,
        )
    return EXIT_OK


def _show(args, ctx: CliContext) -> int:
    detail = ctx.library.detail(ctx.library.find(args.title))
    if args.json:
        dump(detail_json(detail), ctx.out)
    else:
        print_detail(detail, ctx.out)
    return EXIT_OK


def _add(args, ctx: CliContext) -> int:
    related = ctx.library.find(args.spin_off_of) if args.spin_off_of else None
    try:
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
    except InvalidInput:
        same = None if args.allow_duplicate else _same_title(ctx, args.title)
        if same is None:
            raise
        raise InvalidInput(
            f"A series called “{same}” is already in the library. To add another, tell them apart "
            "(e.g. with its year in the title), or add it as it is with --allow-duplicate."
        ) from None
    d = ctx.library.detail(sid)
    bits = [d.status.label.lower()]
    if d.premiere:
        bits.append(f"premiere {d.premiere.label()}")
    if d.network:
        bits.append(d.network)
    rel = "".join(f"; {r.label.lower()} {r.title}" for r in d.related if r.direct)
    print(f"Added {d.title} ({', '.join(bits)}){rel}.", file=ctx.out)
    return EXIT_OK


def _same_title(ctx: CliContext, title: str) -> str | None:
    """The title of a series of the library that ``title`` repeats (case and spacing aside), as
    ``add`` refuses one without --allow-duplicate; None if there is none."""
    key = " ".join(title.split()).casefold()
    return next((t for _, t in ctx.library.titles() if " ".join(t.split()).casefold() == key), None)


def _watch(args, ctx: CliContext, *, watched: bool = True) -> int:
    sid = ctx.library.find(args.title)
    episodes = ctx.library.select_episodes(
        sid,
        everything=args.all,
        season=args.season,
        episode=args.episode,
        up_to=args.up_to,
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
        print(f"Marked {plural(n, 'episode')} of {title} {verb}.", file=ctx.out)
    return EXIT_OK


def _unwatch(args, ctx: CliContext) -> int:
    return _watch(args, ctx, watched=False)


def _library(args, ctx: CliContext) -> int:
    return {"copy-to": _copy_to}[args.library_command](args, ctx)


def _copy_to(args, ctx: CliContext) -> int:
    """`watchtracker library copy-to TARGET`: the whole library into an empty one on a server or
    in a new file (storage.copy); this one is only read."""
    from watchtracker.services.location import copy_library_to

    report = copy_library_to(ctx.library.engine, args.target)
    print(
        f"Copied the library to {report.place} in {report.seconds:.1f} s ({plural(report.total, 'row')}):", file=ctx.out
    )
    width = max(len(name) for name in report.counts)
    for name, n in report.counts.items():
        if n:
            print(f"  {name:<{width}}  {n:>9,}", file=ctx.out)
    empty = [name for name, n in report.counts.items() if not n]
    if empty:
        print(f"  (nothing in {', '.join(empty)})", file=ctx.out)
    print(f"This library was not changed. To use the copy: watchtracker --database {report.where}", file=ctx.out)
    return EXIT_OK


COMMANDS = {
    "library": _library,
    "demo": _demo,
    "list": _list,
    "show": _show,
    "add": _add,
    "watch": _watch,
    "unwatch": _unwatch,
}
