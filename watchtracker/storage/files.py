"""The data folder's files: can we write there, keeping a damaged library aside, the backups'
names, pruning old copies, whether a window holds the data folder. No database libraries are
needed here (it runs before the window shows)."""

from __future__ import annotations

import os
import re
from collections.abc import Collection
from datetime import datetime, timezone
from pathlib import Path

from watchtracker.storage.errors import DataDirNotWritable


def check_writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise DataDirNotWritable(
            f"watchtracker cannot write to its data folder {folder}: {exc.strerror or exc}. "
            "Choose another folder with --data-dir, or fix the folder's permissions."
        ) from exc


# library-<reason>[-from-<revision>]-<YYYYmmdd-HHMMSS>[Z][-<n>].sqlite: "Z" marks a UTC stamp
# (older copies made before an upgrade carry the computer's local time and no "Z").
_BACKUP_NAME = re.compile(
    r"^library-(?P<reason>[a-z]+(?:-[a-z]+)*?)(?:-from-(?P<rev>[0-9A-Za-z_]+))?"
    r"-(?P<stamp>\d{8}-\d{6})(?P<utc>Z?)(?:-(?P<n>\d+))?\.sqlite$"
)


def utc_stamp(when: datetime | None = None) -> str:
    when = (when or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return when.strftime("%Y%m%d-%H%M%S") + "Z"


def backup_name(reason: str, when: datetime | None = None, *, from_revision: str | None = None) -> str:
    rev = f"-from-{from_revision}" if from_revision else ""
    return f"library-{reason}{rev}-{utc_stamp(when)}.sqlite"


def free_backup_path(folder: Path, reason: str, when: datetime | None = None, *,
                     from_revision: str | None = None) -> Path:
    """A backup's path that names no existing file (two copies within a second get -2, -3 ...)."""
    first = folder / backup_name(reason, when, from_revision=from_revision)
    path, n = first, 1
    while path.exists():
        n += 1
        path = first.with_name(first.name.removesuffix(".sqlite") + f"-{n}.sqlite")
    return path


def parse_backup_name(name: str) -> tuple[datetime, str, str | None] | None:
    """(when, in UTC; reason; the schema revision it was upgraded from) or None for a file that
    is not one of our backups."""
    m = _BACKUP_NAME.match(name)
    if not m:
        return None
    try:
        naive = datetime.strptime(m["stamp"], "%Y%m%d-%H%M%S")
    except ValueError:
        return None
    when = naive.replace(tzinfo=timezone.utc) if m["utc"] else naive.astimezone(timezone.utc)
    return when, m["reason"], m["rev"]


def backup_age_key(path: Path) -> tuple[float, int]:
    """Oldest first: the time in the name (else the file's time), then the file's time (two
    copies made within the same second)."""
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        mtime = 0
    parsed = parse_backup_name(path.name)
    return (parsed[0].timestamp() if parsed else mtime / 1e9, mtime)


def prune_backups(folder: Path, keep: int, protect: Collection[Path] = ()) -> list[Path]:
    """Delete all but the ``keep`` newest copies in ``folder`` (by the time in their names, else
    by the file's time), never one in ``protect``; returns what was deleted."""
    copies = sorted(folder.glob("library-*.sqlite"), key=backup_age_key, reverse=True)
    spared = {Path(p).resolve() for p in protect}
    others = [p for p in copies if p.resolve() not in spared]
    old = others[max(keep - (len(copies) - len(others)), 0 if spared else 1):]
    for p in old:
        p.unlink(missing_ok=True)
    return old


def instance_lock_held(lock_file: Path) -> bool:
    """Whether a window has this data folder open. The window's lock (Qt's QLockFile) holds an
    flock on the file while it runs; a file left by a copy that crashed holds none. Where flock
    does not exist, any lock file counts as held (the window removes it when it closes)."""
    try:
        fh = lock_file.open("rb")
    except FileNotFoundError:
        return False
    except OSError:
        return True
    with fh:
        try:
            import fcntl
        except ImportError:  # Windows
            return True
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.flock(fh, fcntl.LOCK_UN)
        return False


def move_aside(path: Path) -> Path:
    """Rename a damaged library (and its WAL files) so a new one can start; nothing is deleted."""
    aside = path.with_name(f"{path.stem}.damaged-{stamp()}{path.suffix}")
    path.rename(aside)
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            extra.rename(aside.with_name(aside.name + suffix))
    return aside


def stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")
