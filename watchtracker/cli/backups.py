"""backup and restore. Restore runs without a CliContext: app.main calls it before the library
is opened (a damaged or too-new library can be replaced too), with the backups of the closed
library."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from watchtracker.cli.context import EXIT_ERROR, EXIT_OK, CliContext, need
from watchtracker.cli.render import dump, iso, plural, safe

if TYPE_CHECKING:
    from watchtracker.services.backups import BackupService, ServerBackupService


def backup_command(args, ctx: CliContext) -> int:
    """`watchtracker backup`: a copy of the library now, through the open engine (the library
    may be in use by the window meanwhile: the copy is still consistent)."""
    from watchtracker.errors import StorageError
    from watchtracker.services.backups import BackupReason, size_text

    service = need(ctx.backups, "backups")
    try:
        info = service.backup(BackupReason.MANUAL)
    except StorageError as exc:
        print(f"watchtracker: {exc}", file=ctx.err)
        return EXIT_ERROR
    kept = f"the newest {plural(service.keep, 'backup')} {'is' if service.keep == 1 else 'are'} kept"
    print(f"Backed up the library to {info.path} ({size_text(info.size)}); {kept}.", file=ctx.out)
    return EXIT_OK


def restore_command(
    args,
    service: BackupService | ServerBackupService,
    lock_file: Path | None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """`watchtracker restore --list` and `watchtracker restore FILE`, with the backups of the
    closed library (``app.closed_library_backups``). Restoring a file needs the library closed:
    refused while a window holds ``lock_file`` (has this data folder open); None: the library is
    on a server, restored in one transaction that the other computers' windows are told of."""
    from watchtracker.errors import StorageError
    from watchtracker.services.backups import size_text
    from watchtracker.services.startup import instance_lock_held

    out, err = safe(out or sys.stdout), safe(err or sys.stderr)
    if args.list:
        rows = service.list()
        if getattr(args, "json", False):
            dump(
                [
                    {
                        "file": b.path.name,
                        "path": str(b.path),
                        "when": iso(b.when),
                        "reason": b.reason.value,
                        "from_schema": b.from_revision,
                        "size": b.size,
                    }
                    for b in rows
                ],
                out,
            )
        elif not rows:
            print(f"No backups yet in {service.backups_dir}. Make one with: watchtracker backup", file=out)
        else:
            for b in rows:
                when = b.when.astimezone().strftime("%Y-%m-%d %H:%M")
                print(f"{when}  {b.label:<32} {size_text(b.size):>9}  {b.path.name}", file=out)
        return EXIT_OK
    if lock_file is not None and instance_lock_held(lock_file):
        print(
            f"watchtracker: the window has the data folder {lock_file.parent} open. Restore from its "
            "Backups dialog, or close it and run this again. Nothing was changed.",
            file=err,
        )
        return EXIT_ERROR
    try:
        source = service.find(args.file)
        safety = service.restore(source)
    except StorageError as exc:
        print(f"watchtracker: {exc}", file=err)
        return EXIT_ERROR
    print(f"Restored the library from {source}.", file=out)
    if safety is not None:
        print(f"The library as it was is kept as {safety.path} ({size_text(safety.size)}).", file=out)
    return EXIT_OK


COMMANDS = {
    "backup": backup_command,  # restore is not among them: app.main runs it before opening the library
}
