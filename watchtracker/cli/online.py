"""Commands that ask TVmaze (and, for refresh, the news feeds): search, follow, refresh."""

from __future__ import annotations

from typing import Any, TextIO

from watchtracker.cli.context import EXIT_ERROR, EXIT_OK, CliContext
from watchtracker.cli.render import alert_json, dump, online_json, plural


def _search(args, ctx: CliContext) -> int:
    results = ctx.online.search(args.query)
    if args.json:
        dump([online_json(r.show, r.score) for r in results], ctx.out)
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
    print(
        f"{verb} {d.title}: {plural(len(d.seasons), 'season')}, {plural(n, 'episode')}, {len(d.cast)} cast.",
        file=ctx.out,
    )
    return EXIT_OK


def _refresh(args, ctx: CliContext) -> int:
    """TVmaze, then the feeds, then the library's own alerts. Exit 0 when every source answered."""
    from watchtracker.errors import ProviderError

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
        dump(_refresh_json(report, polled, fresh, problems), ctx.out)
    else:
        _print_refresh(report, polled, fresh, ctx.out)
    for line in problems:
        print(f"watchtracker: {line}", file=ctx.err)
    return EXIT_ERROR if problems or (report is not None and report.skipped) else EXIT_OK


def _refresh_json(report, polled, fresh: list, problems: list[str]) -> dict[str, Any]:
    return {
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
    }


def _print_refresh(report, polled, fresh: list, out: TextIO) -> None:
    if report is not None and report.elsewhere:
        print("Another computer is refreshing the library from TVmaze now: nothing was asked here.", file=out)
    elif report is not None and not report.checked:
        print("No followed series comes from TVmaze yet: nothing to refresh there.", file=out)
    elif report is not None:
        print(
            f"Checked {plural(report.checked, 'series', 'series')} with {plural(report.requests, 'request')}; "
            f"{len(report.updated)} updated.",
            file=out,
        )
        for a in report.announcements:
            print(f"  [{a.kind.value}] {a.headline}", file=out)
        for line in report.skipped:
            print(f"  skipped: {line}", file=out)
    if polled and (polled.feeds_ok or polled.feeds_unchanged or polled.failed):
        answered = polled.feeds_ok + polled.feeds_unchanged
        print(
            f"Polled {answered} of {plural(answered + len(polled.failed), 'feed')}: "
            f"{plural(len(polled.alerts), 'new alert')}.",
            file=out,
        )
    for a in fresh:
        if a.source != "TVmaze":
            print(f"  [{a.kind.value}] {a.headline} — {', '.join(a.series_titles)}", file=out)


COMMANDS = {
    "search": _search,
    "follow": _follow,
    "refresh": _refresh,
}
