"""Commands that move the library in and out: import (another tracker's export, our own, the
shows kept for later) and export (json, csv, ics)."""

from __future__ import annotations

from pathlib import Path

from watchtracker.cli.context import EXIT_ERROR, EXIT_OK, EXIT_USAGE, CliContext, find_series, need
from watchtracker.cli.render import data_stream, dump, os_problem, plural, print_import
from watchtracker.domain.transfer import format_label


def _import(args, ctx: CliContext) -> int:
    """Read, match, preview, apply (see parser.IMPORT_HELP); progress on stderr."""
    from watchtracker.domain.transfer import NotAnExport
    from watchtracker.services.transfer.importer import OWN_FORMAT, report_json

    misuse = _import_misuse(args)
    if misuse:
        print(f"watchtracker: {misuse}", file=ctx.err)
        return EXIT_USAGE
    importer = need(ctx.importer, "import")
    if args.offline:
        importer = importer.without_network()
    last = [""]

    def progress(done: int, total: int, what: str) -> None:
        if what and what != last[0]:
            last[0] = what
            print(what, file=ctx.err)

    if args.pending or args.forget is not None:
        return _kept_for_later(args, ctx, importer)
    try:
        if args.match is not None:
            series_id = None if args.series is None else find_series(ctx, args.series)
            plan = importer.match_by_hand(
                args.match, series_id=series_id, tvmaze_id=args.tvmaze, duplicates=args.duplicates
            )
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
        print(f"watchtracker: {os_problem(exc, exc.filename or args.file)}; nothing was changed.", file=ctx.err)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("watchtracker: the import was cancelled; nothing was changed.", file=ctx.err)
        return EXIT_ERROR
    if args.json:
        dump(report_json(report), ctx.out)
    else:
        print_import(report, ctx.out)
    if report.pending:
        n = len(report.pending)
        print(
            f"watchtracker: warning: {plural(n, 'show')} {'was' if n == 1 else 'were'} not matched"
            + (
                " (nothing was kept: dry run)."
                if report.dry_run
                else "; kept for later: watchtracker import --retry-pending"
            ),
            file=ctx.err,
        )
    return EXIT_OK


def _import_misuse(args) -> str | None:
    """What is wrong with the options given (argparse cannot say these), or None."""
    kept_for_later = args.pending or args.match is not None or args.forget is not None
    if not args.file and not args.retry_pending and not kept_for_later:
        return "say which file to import (or --retry-pending, --pending, --match, --forget)."
    if args.match is not None and (args.series is None) == (args.tvmaze is None):
        return "--match needs --series TITLE_OR_ID or --tvmaze ID."
    return None


def _kept_for_later(args, ctx: CliContext, importer) -> int:
    """--pending lists the shows kept for later; --forget ID stops keeping one."""
    if args.forget is not None:
        if not importer.forget_pending([args.forget]):
            print(f"watchtracker: no show is kept for later with the id {args.forget} (see --pending).", file=ctx.err)
            return EXIT_ERROR
        print(f"Forgot the show kept for later with the id {args.forget}.", file=ctx.out)
        return EXIT_OK
    rows = importer.pending()
    data = [
        {
            "id": r.id,
            "format": r.format,
            "key": r.key,
            "title": r.title,
            "year": r.year,
            "viewings": len((r.show or {}).get("viewings") or ()),
            "reason": r.error or "",
        }
        for r in rows
    ]
    if args.json:
        dump(data, ctx.out)
    elif not data:
        print("No shows are kept for later.", file=ctx.out)
    else:
        names = importer.source_names()
        for d in data:
            year = f" ({d['year']})" if d["year"] else ""
            source = format_label(d["format"], names) if d["format"].startswith("server:") else d["format"]
            print(
                f"{d['id']:>5}  {d['title']}{year} — {plural(d['viewings'], 'viewing')}, {source}: {d['reason']}",
                file=ctx.out,
            )
    return EXIT_OK


def _import_own(args, ctx: CliContext, importer, path: Path) -> int:
    """Our own export: services.transfer.own_format reads and writes it; shown as it reports."""
    import dataclasses

    doc = importer.read_own(path)
    summary, backup = importer.preview_own(doc), None
    nothing_new = not summary.changed  # then no import, and no backup of a library that stays as it is
    if not args.dry_run and not nothing_new:
        summary, _, backup = importer.import_own(doc)
    if hasattr(summary, "as_dict"):
        plain = summary.as_dict()
    else:
        plain = dataclasses.asdict(summary) if dataclasses.is_dataclass(summary) else {"result": summary}
    if args.json:
        dump(
            {
                "format": "watchtracker",
                "source": str(path),
                "dry_run": args.dry_run,
                **plain,
                "backup": str(backup) if backup else None,
            },
            ctx.out,
            default=str,
        )
    elif nothing_new and not args.dry_run:
        _nothing_new_own(summary, path, ctx)
    else:
        counts = ", ".join(
            f"{k.replace('_', ' ')}: {v}"
            for k, v in plain.items()
            if isinstance(v, int) and not isinstance(v, bool) and v
        )
        verb = "Would import" if args.dry_run else "Imported"
        print(f"{verb} the watchtracker export {path.name}: {counts or 'nothing new'}.", file=ctx.out)
        if args.dry_run:
            print("Dry run: nothing was changed.", file=ctx.out)
        elif backup:
            print(f"The library as it was before is kept in {backup}.", file=ctx.out)
    return EXIT_OK


def _nothing_new_own(summary, path: Path, ctx: CliContext) -> None:
    """Our own export holds nothing the library lacks (imported before, or exported from it)."""
    parts = [
        plural(summary.series_matched, "series", "series") + " matched" if summary.series_matched else "",
        plural(summary.viewings_duplicate, "viewing") + " already there" if summary.viewings_duplicate else "",
        plural(summary.ratings_kept, "rating") + " of the library kept" if summary.ratings_kept else "",
    ]
    said = ", ".join(p for p in parts if p)
    print(
        f"Nothing to import: everything in the watchtracker export {path.name} is already in your library"
        + (f" ({said})." if said else "."),
        file=ctx.out,
    )
    print("Nothing was changed, and no backup was made.", file=ctx.out)


def _export(args, ctx: CliContext) -> int:
    return _EXPORTERS[args.format](args, ctx)


def _export_ics(args, ctx: CliContext) -> int:
    export = need(ctx.calendar, "calendar export")
    if args.file == "-":
        data, result = export.ics(args.days, premieres_only=args.premieres_only)
        out = data_stream(ctx.out)
        out.write(data.decode("utf-8"))
        out.flush()
        where = None
    else:
        result = export.write_ics(Path(args.file), args.days, premieres_only=args.premieres_only)
        where = result.path
    what = "premieres" if args.premieres_only else "episodes and premieres"
    summary = f"Exported {plural(result.events, 'event')} ({what} in the next {plural(args.days, 'day')})"
    # with '-' the calendar is the output: say the rest on stderr
    report = ctx.err if where is None else ctx.out
    print(f"{summary} to {where}." if where else f"{summary}.", file=report)
    if result.not_exported:
        k = result.not_exported
        print(f"Left out {k} announced series without an exact premiere day (see them in Upcoming).", file=report)
    return EXIT_OK


def _export_library(args, ctx: CliContext) -> int:
    """json (everything) and csv (viewings): the whole library, whatever --days says."""
    export = need(ctx.exports, "library export")
    if args.file == "-":
        out = data_stream(ctx.out)
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
    n = plural(result.viewings, "viewing")
    if args.format == "json":
        summary = f"Exported the library ({result.series} series, {plural(result.episodes, 'episode')}, {n})"
    else:
        summary = f"Exported {n} of {plural(result.episodes, 'episode')}"
    # with '-' the export is the output: say the rest on stderr
    if result.path is None:
        print(f"{summary}.", file=ctx.err)
    else:
        print(f"{summary} to {result.path}.", file=ctx.out)
    return EXIT_OK


_EXPORTERS = {"ics": _export_ics, "json": _export_library, "csv": _export_library}


COMMANDS = {
    "import": _import,
    "export": _export,
}
