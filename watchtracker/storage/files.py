"""The data folder's files: can we write there, keeping a damaged library aside, pruning old
copies. No database libraries are needed here (it runs before the window shows)."""

from __future__ import annotations

import os
from datetime import datetime
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


def prune_backups(folder: Path, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest copies in ``folder``; returns what was deleted."""
    copies = sorted(folder.glob("library-*.sqlite"), key=lambda p: p.stat().st_mtime, reverse=True)
    old = copies[max(keep, 1):]
    for p in old:
        p.unlink(missing_ok=True)
    return old


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
