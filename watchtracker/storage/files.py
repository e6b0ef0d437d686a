"""The data folder's files: can we write there, writing a file whole or not at all, keeping a
damaged library aside, the backups' names, pruning old copies, whether a window holds the data
folder. No database libraries are needed here (it runs before the window shows)."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import time
from collections.abc import Collection, Iterable
from datetime import UTC, datetime
from pathlib import Path

from watchtracker.errors import AlreadyRunning, DataDirNotWritable, DiskProblem

# errno values that say the disk refused (as opposed to the folder's permissions)
_DISK_ERRNOS = {errno.ENOSPC, errno.EIO, getattr(errno, "EDQUOT", errno.ENOSPC)}
_NOT_WRITABLE_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS}


def os_reason(exc: OSError) -> str:
    """What an OSError from the file system means, in words (no Python text)."""
    return {
        errno.ENOSPC: "the disk is full",
        getattr(errno, "EDQUOT", -1): "the disk quota is used up",
        errno.EIO: "the disk reported an input/output error",
        errno.EROFS: "the disk is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "the file or folder may not be changed",
    }.get(exc.errno or 0, exc.strerror or "the system refused")


def check_writable(folder: Path) -> None:
    """Raise DataDirNotWritable (DiskProblem when the disk is full or failing) unless a file can
    be made in ``folder`` (made if missing)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        error = DiskProblem if exc.errno in _DISK_ERRNOS else DataDirNotWritable
        raise error(
            f"watchtracker cannot write to its data folder {folder}: {os_reason(exc)}. "
            + (
                "Free some disk space, then try again."
                if error is DiskProblem
                else "Choose another folder with --data-dir, or fix the folder's permissions."
            )
        ) from exc


def file_writable(path: Path) -> bool:
    """Whether ``path`` (an existing file) may be written: its mode, and what the file system
    says (a read-only mount, an immutable file: root ignores the mode, not those). Opens it for
    writing without writing anything."""
    try:
        with path.open("r+b"):
            pass
    except OSError as exc:
        if exc.errno in _NOT_WRITABLE_ERRNOS:
            return False
        raise
    return os.access(path, os.W_OK)


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` whole or not at all, a crash or a power cut included: the data
    goes to a temporary file beside it (the same file system), is synced to the disk, renamed over
    ``path`` (atomic), then the folder is synced so the rename is on the disk too (where the OS
    allows it). On any failure, an interrupt included, the temporary file is removed and ``path``
    is as it was; the OSError is raised as the system gave it, for the caller to word."""
    # a name of its own (two writers of one file never share one); not mkstemp: its file is
    # private (0600), and what is written here (exports, settings, posters) gets the usual mode
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Sync a folder, so that a rename in it is on the disk. Windows cannot open a folder, and some
    file systems refuse: the file is in place all the same, so that is no failure."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def rename_no_replace(src: Path, dst: Path) -> None:
    """Rename ``src`` to ``dst``, raising FileExistsError when ``dst`` exists: never replaces a
    file (``os.rename`` replaces silently on POSIX). A hard link is made, then the old name
    removed; where the file system has no hard links, the new name is first taken with O_EXCL."""
    if os.name == "nt":
        os.rename(src, dst)  # Windows refuses an existing target by itself
        return
    try:
        os.link(src, dst)  # FileExistsError if dst exists, whatever it is
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
            raise
        os.close(os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # the name is ours now
        try:
            os.replace(src, dst)  # replaces only the empty file just made
        except BaseException:
            dst.unlink(missing_ok=True)
            raise
        return
    try:
        os.unlink(src)
    except BaseException:
        dst.unlink(missing_ok=True)  # the other name of the same file: nothing is lost
        raise


def numbered(path: Path, n: int) -> Path:
    """``name.sqlite`` -> ``name-2.sqlite`` (n = 2) ...; n = 1 is the name itself."""
    return path if n <= 1 else path.with_name(f"{path.stem}-{n}{path.suffix}")


def rename_to_free_name(src: Path, dst: Path, *, also: Collection[str] = ()) -> Path:
    """Rename ``src`` to ``dst``, or ``dst`` numbered -2, -3 ... when that name is taken (by
    ``dst`` itself or by its name plus any suffix in ``also``): never replaces anything.
    Returns the name used."""
    n = 1
    while True:
        target = numbered(dst, n)
        n += 1
        if any(target.with_name(target.name + suffix).exists() for suffix in also):
            continue
        try:
            rename_no_replace(src, target)
        except FileExistsError:
            continue
        return target


# library-<reason>[-from-<revision>]-<YYYYmmdd-HHMMSS>[Z][-<n>].sqlite: "Z" marks a UTC stamp
# (older copies made before an upgrade carry the computer's local time and no "Z"). A library on a
# server is backed up as its own-format export: the same name ending in .json.
_BACKUP_NAME = re.compile(
    r"^library-(?P<reason>[a-z]+(?:-[a-z]+)*?)(?:-from-(?P<rev>[0-9A-Za-z_]+))?"
    r"-(?P<stamp>\d{8}-\d{6})(?P<utc>Z?)(?:-(?P<n>\d+))?\.(?:sqlite|json)$"
)
BACKUP_SUFFIXES = (".sqlite", ".json")


def utc_stamp(when: datetime | None = None) -> str:
    when = (when or datetime.now(UTC)).astimezone(UTC)
    return when.strftime("%Y%m%d-%H%M%S") + "Z"


def backup_name(
    reason: str, when: datetime | None = None, *, from_revision: str | None = None, suffix: str = ".sqlite"
) -> str:
    rev = f"-from-{from_revision}" if from_revision else ""
    return f"library-{reason}{rev}-{utc_stamp(when)}{suffix}"


def free_backup_path(
    folder: Path,
    reason: str,
    when: datetime | None = None,
    *,
    from_revision: str | None = None,
    suffix: str = ".sqlite",
) -> Path:
    """A backup's path that names no existing file (two copies within a second get -2, -3 ...);
    ``suffix`` ".json" for a library on a server (its own-format export)."""
    first = folder / backup_name(reason, when, from_revision=from_revision, suffix=suffix)
    path, n = first, 1
    while path.exists():
        n += 1
        path = first.with_name(first.name.removesuffix(suffix) + f"-{n}{suffix}")
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
    when = naive.replace(tzinfo=UTC) if m["utc"] else naive.astimezone(UTC)
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


def prune_backups(folder: Path, keep: int, protect: Collection[Path] = (), *, suffix: str = ".sqlite") -> list[Path]:
    """Delete all but the ``keep`` newest copies in ``folder`` (by the time in their names, else
    by the file's time), never one in ``protect``; returns what was deleted. Only copies ending
    in ``suffix`` count: a server's exports (.json) and a file's copies (.sqlite) are kept apart."""
    copies = sorted(folder.glob(f"library-*{suffix}"), key=backup_age_key, reverse=True)
    spared = {Path(p).resolve() for p in protect}
    others = [p for p in copies if p.resolve() not in spared]
    old = others[max(keep - (len(copies) - len(others)), 0 if spared else 1) :]
    for p in old:
        p.unlink(missing_ok=True)
    return old


def move_aside(path: Path) -> Path:
    """Rename a damaged library (and its -wal and -shm) to ``library.damaged-<stamp>.sqlite``
    so a new one can start. Nothing is deleted, nothing is overwritten: a name that is taken
    (two moves within a second) gets -2, -3 ..."""
    first = path.with_name(f"{path.stem}.damaged-{stamp()}{path.suffix}")
    aside = rename_to_free_name(path, first, also=("-wal", "-shm"))
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            rename_no_replace(extra, aside.with_name(aside.name + suffix))
    return aside


def stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


# -- leftovers ------------------------------------------------------------------------------

LEFTOVER_AGE_S = 15 * 60
# a copy being made is written to "<name>.<pid>.part" (SQLite adds -journal, -wal, -shm), a
# restore stages "library.sqlite.restoring", check_writable probes ".write-test-<pid>"
BACKUP_LEFTOVERS = ("library-*.part", "library-*.part-journal", "library-*.part-wal", "library-*.part-shm")
DATA_LEFTOVERS = (
    "library.sqlite.restoring",
    "library.sqlite.restoring-journal",
    "library.sqlite.restoring-wal",
    "library.sqlite.restoring-shm",
    ".write-test-*",
)


def remove_leftovers(
    folder: Path, patterns: Iterable[str], *, older_than_s: float = LEFTOVER_AGE_S, now: float | None = None
) -> list[Path]:
    """Delete what copies cut short (a crash, a full disk) left in ``folder``: files matching
    ``patterns`` not written to for ``older_than_s``. The age is the safeguard for a copy another
    process is making right now (the command line may back up while a window runs, so holding
    the window's lock proves nothing): SQLite writes a copy's pages continuously, so a file
    untouched for minutes is no copy under way. Returns what was deleted; what cannot be
    deleted is left."""
    now = time.time() if now is None else now
    removed = []
    for pattern in patterns:
        try:
            found = list(folder.glob(pattern))
        except OSError:
            continue
        for p in found:
            try:
                if not p.is_file() or now - p.stat().st_mtime < older_than_s:
                    continue
                p.unlink()
            except OSError:
                continue
            removed.append(p)
    return removed


# -- one window per data folder ---------------------------------------------------------------

_WINDOWS_LOCK_BYTE = 1 << 20  # Windows locks are mandatory: lock a byte past the PID others read


def _os_lock(fd: int) -> bool:
    """Take the OS lock on ``fd`` without waiting; False when another process holds it. The
    kernel releases it when the process ends, however it ends: such a lock is never stale."""
    if os.name == "nt":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_BYTE, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        raise
    return True


def _os_unlock(fd: int) -> None:
    if os.name == "nt":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_BYTE, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


def _holder_pid(fd: int) -> int | None:
    """The PID written in the lock file (first line; a Qt lock file of older versions too)."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        first = os.read(fd, 64).split(b"\n", 1)[0]
        return int(first) if first.strip().isdigit() else None
    except (OSError, ValueError):
        return None


class InstanceLock:
    """The data folder's lock, held while a window has it open (``take_instance_lock``)."""

    def __init__(self, path: Path, fd: int | None):
        self.path = path
        self._fd = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def unlock(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            os.ftruncate(fd, 0)  # the PID goes with the lock; the file stays (see take_instance_lock)
        except OSError:
            pass
        try:
            _os_unlock(fd)
        except OSError:
            pass
        os.close(fd)


def take_instance_lock(lock_file: Path) -> InstanceLock:
    """One window per data folder: an OS lock (flock, or msvcrt.locking on Windows) on
    ``lock_file``, with this process's PID written in it for the message another copy shows.
    The file is never deleted (deleting a locked file lets two processes each lock a file of the
    same name). A read-only data folder gets a lock on the file that is there, or none (the
    library opens read-only: nothing there can be changed). Raises AlreadyRunning, naming the
    process that holds it, or DataDirNotWritable."""
    try:
        lock_file.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        if exc.errno not in _NOT_WRITABLE_ERRNOS:
            raise DataDirNotWritable(
                f"watchtracker cannot create its lock file {lock_file}: {os_reason(exc)}."
            ) from exc
        try:
            fd = os.open(lock_file, os.O_RDONLY)
        except OSError:
            return InstanceLock(lock_file, None)
    try:
        locked = _os_lock(fd)
    except OSError:  # a file system without locks (some network shares): go on unlocked
        os.close(fd)
        return InstanceLock(lock_file, None)
    if not locked:
        pid = _holder_pid(fd)
        os.close(fd)
        who = f" (process {pid})" if pid else ""
        end = f"end process {pid}" if pid else "end the watchtracker process that is still running"
        raise AlreadyRunning(
            f"watchtracker is already open on the data folder {lock_file.parent}{who}. Switch to that "
            f"window, or close it first. If no watchtracker window is open, {end}: it holds the lock "
            f"file {lock_file}, which is free again once that process has ended."
        )
    try:
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, f"{os.getpid()}\nwatchtracker\n".encode())
    except OSError:
        pass  # a full disk or a read-only file: the lock holds all the same, only without the PID
    return InstanceLock(lock_file, fd)


def instance_lock_held(lock_file: Path) -> bool:
    """Whether a window has this data folder open: whether another process holds the OS lock
    ``take_instance_lock`` takes. A lock file left by a copy that ended holds no lock."""
    try:
        fd = os.open(lock_file, os.O_RDONLY)
    except FileNotFoundError:
        return False
    except OSError:
        return True
    try:
        if not _os_lock(fd):
            return True
        _os_unlock(fd)
        return False
    except OSError:
        return False  # no locks on this file system: nothing can tell
    finally:
        os.close(fd)


def read_only_uri(path: Path, immutable: bool = False) -> str:
    """SQLite's URI to read ``path`` only; ``immutable``: as an unchanging file (no -shm made)."""
    return f"{path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")


def in_wal_mode(path: Path) -> bool:
    """The header's read/write versions are 2 for a database in WAL mode."""
    try:
        with path.open("rb") as fh:
            header = fh.read(20)
    except OSError:
        return False
    return header[18:20] == b"\x02\x02"


def peek_uri(path: Path) -> str:
    """How to look at a database without making any file beside it: a WAL-mode file with no -wal
    (no connection has it open) is read as an unchanging file, else read-only."""
    quiet = in_wal_mode(path) and not path.with_name(path.name + "-wal").exists()
    return read_only_uri(path, immutable=quiet)
