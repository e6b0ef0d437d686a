"""backup and restore. Both also run without a CliContext: restore is called before the library
is opened (a damaged or too-new library can be replaced too)."""

from __future__ import annotations

import sys

from watchtracker.cli.context import EXIT_ERROR, EXIT_OK, CliContext
from watchtracker.cli.render import dump, iso, safe


def backup_service(args, engine=None):
    """(paths, BackupService) of the data folder ``args`` names; ``engine``: the library open
    for the command, if any (None: the file is copied without opening it)."""
    from watchtracker.paths import AppPaths
    from watchtracker.services.backups import BackupService
    from watchtracker.settings import Settings

    paths = AppPaths.resolve(getattr(args, "data_dir", None))
    keep = Settings.load(paths.settings_file).backups_to_keep
    return paths, BackupService(engine, paths.database, paths.backups, keep)


def backup_command(args, ctx: CliContext | None = None) -> int:
    """`watchtracker backup`: a copy of the library now, through the open engine when there is
    one (the library may be in use by the window meanwhile: the copy is still consistent)."""
    from watchtracker.services.backups import BackupReason, size_text
    from watchtracker.errors import StorageError

    out, err = (ctx.out, ctx.err) if ctx else (safe(sys.stdout), safe(sys.stderr))
    _, service = backup_service(args, ctx.library.engine if ctx else None)
    try:
        info = service.backup(BackupReason.MANUAL)
    except StorageError as exc:
        print(f"watchtracker: {exc}", file=err)
        return EXIT_ERROR
    print(f"Backed up the library to {info.path} ({size_text(info.size)}); "
          f"the newest {service.keep} backups are kept.", file=out)
    return EXIT_OK


def restore_command(args, ctx: CliContext | None = None) -> int:
    """`watchtracker restore --list` and `watchtracker restore FILE`. Restoring needs the library
    closed: refused while a window has this data folder open; the library opened for the command
    (if any) is closed first. Works without ``ctx`` too, for a library that cannot be opened."""
    from watchtracker.services.backups import size_text
    from watchtracker.errors import StorageError
    from watchtracker.services.startup import instance_lock_held

    out, err = (ctx.out, ctx.err) if ctx else (safe(sys.stdout), safe(sys.stderr))
    paths, service = backup_service(args)
    if args.list:
        rows = service.list()
        if getattr(args, "json", False):
            dump([{"file": b.path.name, "path": str(b.path), "when": iso(b.when),
                    "reason": b.reason.value, "from_schema": b.from_revision, "size": b.size}
                   for b in rows], out)
        elif not rows:
            print(f"No backups yet in {service.backups_dir}. Make one with: watchtracker backup", file=out)
        else:
            for b in rows:
                when = b.when.astimezone().strftime("%Y-%m-%d %H:%M")
                print(f"{when}  {b.label:<32} {size_text(b.size):>9}  {b.path.name}", file=out)
        return EXIT_OK
    if instance_lock_held(paths.lock_file):
        print(f"watchtracker: the window has the data folder {paths.data} open. Restore from its "
              "Backups dialog, or close it and run this again. Nothing was changed.", file=err)
        return EXIT_ERROR
    try:
        source = service.find(args.file)
        if ctx is not None:
            ctx.library.engine.dispose()  # our own connections: the file is about to be replaced
        safety = service.restore(source)
    except StorageError as exc:
        print(f"watchtracker: {exc}", file=err)
        return EXIT_ERROR
    print(f"Restored the library from {source}.", file=out)
    if safety is not None:
        print(f"The library as it was is kept as {safety.path} ({size_text(safety.size)}).", file=out)
    return EXIT_OK


COMMANDS = {
    "backup": backup_command,
    "restore": restore_command,
}
