"""Backups of the library and restoring one.

A backup is a consistent copy made with SQLite's online backup API (safe while the window runs),
one self-contained file in the backups folder named ``library-<reason>-<UTC stamp>.sqlite``. Copies
are made daily, by hand, before an import, before a schema upgrade (``open_database``) and before
a restore; the newest N are kept (the ``backups_to_keep`` setting), never the one just made.

Restoring replaces the live library file, so nothing may have it open. The protocol:

1. the caller stops everything that uses the library and disposes its engine (the window closes
   its services; the CLI refuses while a window holds the data folder, see
   ``storage.files.instance_lock_held``);
2. ``restore(path)`` checks the chosen file on a copy (a watchtracker library, intact, a schema
   this version knows), keeps the current library as a "before restore" backup, then puts the
   copy in place;
3. the caller opens the library again with ``open_database``, which upgrades a backup made by an
   older version through the normal migration (keeping one more copy first).

A refusal at any step leaves the library as it was.
"""

from __future__ import annotations

import builtins
import logging
import os
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from watchtracker.domain.i18n import QT_TRANSLATE_NOOP, translate
from watchtracker.errors import DatabaseDamaged, DatabaseLocked, DataDirNotWritable, StorageError
from watchtracker.storage.files import (
    BACKUP_LEFTOVERS,
    DATA_LEFTOVERS,
    backup_age_key,
    check_writable,
    free_backup_path,
    parse_backup_name,
    prune_backups,
    remove_leftovers,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

DAILY_EVERY = timedelta(hours=24)


class BackupReason(StrEnum):
    """Why a copy was made; the value is the middle of its file name."""

    DAILY = "daily"
    MANUAL = "manual"
    BEFORE_IMPORT = "before-import"
    BEFORE_UPGRADE = "before-upgrade"
    BEFORE_RESTORE = "before-restore"

    @property
    def label(self) -> str:
        return translate("BackupReason", _LABELS[self])


_LABELS = {
    BackupReason.DAILY: QT_TRANSLATE_NOOP("BackupReason", "Daily"),
    BackupReason.MANUAL: QT_TRANSLATE_NOOP("BackupReason", "By hand"),
    BackupReason.BEFORE_IMPORT: QT_TRANSLATE_NOOP("BackupReason", "Before import"),
    BackupReason.BEFORE_UPGRADE: QT_TRANSLATE_NOOP("BackupReason", "Before upgrade"),
    BackupReason.BEFORE_RESTORE: QT_TRANSLATE_NOOP("BackupReason", "Before restore"),
}


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    when: datetime  # UTC
    reason: BackupReason
    size: int  # bytes
    from_revision: str | None = None  # the schema a "before upgrade" copy was upgraded from

    @property
    def label(self) -> str:
        if self.reason is BackupReason.BEFORE_UPGRADE and self.from_revision:
            return translate("BackupInfo", "{reason} (from schema {revision})").format(
                reason=self.reason.label, revision=self.from_revision
            )
        return self.reason.label


def backup_info(path: Path) -> BackupInfo | None:
    """What a file's name says of it when it is one of our backups (its size is not read), else
    None: a file named otherwise, or for a reason this version does not know."""
    parsed = parse_backup_name(Path(path).name)
    if parsed is None:
        return None
    when, reason, revision = parsed
    try:
        return BackupInfo(Path(path), when, BackupReason(reason), 0, revision)
    except ValueError:
        return None


def size_text(size: int) -> str:
    """ "512 bytes", "1.5 MB", in the viewer's language."""
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            if unit == "bytes":
                return translate("backups", "{size} bytes").format(size=int(value))
            return translate("backups", "{size} {unit}").format(size=f"{value:.1f}", unit=unit)
        value /= 1024
    return translate("backups", "{size} bytes").format(size=size)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class BackupService:
    """Make, list and restore backups of the library at ``db_path``. ``engine`` is the live
    library's (copies are taken through it while the app runs); None for a service used only
    with the library closed (then copies are read from the file)."""

    def __init__(
        self,
        engine: Engine | None,
        db_path: Path,
        backups_dir: Path,
        keep: int = 5,
        clock: Callable[[], datetime] = _utcnow,
    ):
        self.engine = engine
        self.db_path = Path(db_path)
        self.backups_dir = Path(backups_dir)
        self.keep = max(1, keep)
        self.clock = clock

    # -- making copies ---------------------------------------------------------------------

    def backup(self, reason: BackupReason | str = BackupReason.MANUAL) -> BackupInfo:
        """A consistent copy of the library now; older copies beyond ``keep`` are deleted (never
        this one). Raises StorageError (disk full, folder not writable, library damaged) with
        nothing left behind."""
        from watchtracker.storage.database import backup_file, backup_to

        reason = BackupReason(reason)
        target = free_backup_path(self.backups_dir, reason.value, self.clock())
        if self.engine is not None:
            target = backup_to(self.engine, target)
        else:
            target = backup_file(self.db_path, target)
        self._prune(target)
        info = self._info(target)
        if info is None:  # the copy went as it was made (another program?), or got a foreign name
            raise StorageError(
                translate("BackupService", "The backup {target} could not be found once made.").format(target=target)
            )
        log.info("backup made (%s): %s, %d bytes", reason.value, target, info.size)
        return info

    def daily(self) -> BackupInfo | None:
        """Called at start-up: a "daily" copy when the newest one is 24 h old or more (or there
        is none). Returns the copy made, or None."""
        now = self.clock()
        newest = next((b for b in self.list() if b.reason is BackupReason.DAILY), None)
        if newest is not None and now - newest.when < DAILY_EVERY:  # (a future one counts as fresh)
            return None
        return self.backup(BackupReason.DAILY)

    def list(self) -> list[BackupInfo]:
        """The backups, newest first; files in the folder that are not ours are left out."""
        return _backups_in(self.backups_dir, ".sqlite")

    def find(self, name_or_path: str | Path) -> Path:
        """A backup given by its path, or by its file name in the backups folder."""
        return _find_backup(self.backups_dir, name_or_path)

    # -- restoring ---------------------------------------------------------------------------

    def restore(self, path: Path) -> BackupInfo | None:
        """Replace the library with the backup at ``path``; every connection to the library must
        be closed first (see the module's protocol). Returns the "before restore" copy of the
        library as it was (None when there was no library). Raises StorageError and changes
        nothing when the file is not a watchtracker library, is damaged, comes from a newer
        version, or when the disk or the folder refuses."""
        from watchtracker.storage.database import stage_library

        path = _existing_backup_file(path)
        if self.engine is not None:
            self.engine.dispose()  # its idle connections; the caller has closed the rest
        staged = self.db_path.with_name(self.db_path.name + ".restoring")
        try:
            revision = stage_library(path, staged)
        except StorageError as exc:
            raise type(exc)(
                translate("BackupService", "Not restored: {problem} The library was not changed.").format(problem=exc)
            ) from exc
        safety = None
        try:
            self._check_not_in_use()
            safety = self._keep_current() if self.db_path.exists() else None
            self._check_not_in_use()
            self._put_in_place(staged)
        except BaseException:
            _remove(staged)
            if safety is not None:  # the library is as it was: no copy needed
                _remove(safety.path)
            raise
        self._prune(safety.path if safety else None)
        log.info(
            "library restored from %s (schema %s); the previous one kept as %s",
            path,
            revision,
            safety.path if safety else "-",
        )
        return safety

    def _keep_current(self) -> BackupInfo:
        """The library as it is, as a "before restore" backup. A library SQLite cannot read is
        copied file by file instead, so that even a damaged one is kept."""
        from watchtracker.storage.database import backup_file

        target = free_backup_path(self.backups_dir, BackupReason.BEFORE_RESTORE.value, self.clock())
        try:
            target = backup_file(self.db_path, target)
        except DatabaseDamaged:
            log.warning("the library is damaged: keeping it as it is in %s", target)
            check_writable(target.parent)
            try:
                _copy_new(self.db_path, target)
                wal = self.db_path.with_name(self.db_path.name + "-wal")
                if wal.is_file():
                    _copy_new(wal, target.with_name(target.name + "-wal"))
            except OSError as exc:
                _remove(target)
                raise DataDirNotWritable(
                    translate(
                        "BackupService",
                        "Not restored: watchtracker could not keep a copy of the library first "
                        "({reason}). The library was not changed.",
                    ).format(reason=exc.strerror or exc)
                ) from exc
        except StorageError as exc:
            raise type(exc)(translate("BackupService", "Not restored: {problem}").format(problem=exc)) from exc
        info = self._info(target)
        assert info is not None
        return info

    def _check_not_in_use(self) -> None:
        """SQLite deletes the -wal when the last connection closes: one that outlives our own
        short connection means another connection (a window, another command) has the library."""
        if not self.db_path.exists():
            return
        readable = self._fold_wal()
        if readable and self.db_path.with_name(self.db_path.name + "-wal").exists():
            raise DatabaseLocked(
                translate(
                    "BackupService",
                    "Not restored: the library {path} is in use by another program "
                    "(close watchtracker's window first). The library was not changed.",
                ).format(path=self.db_path)
            )

    def _put_in_place(self, staged: Path) -> None:
        try:
            os.replace(staged, self.db_path)
        except OSError as exc:
            raise DataDirNotWritable(
                translate(
                    "BackupService",
                    "Not restored: watchtracker could not replace {path} ({reason}). The library was not changed.",
                ).format(path=self.db_path, reason=exc.strerror or exc)
            ) from exc
        for stale in ("-wal", "-shm"):  # they belonged to the file just replaced
            _remove(self.db_path.with_name(self.db_path.name + stale))

    def _fold_wal(self) -> bool:
        """Move what the -wal holds into the file and delete it; only the last connection to
        close can delete it, so a -wal left afterwards means someone still has the library.
        False when SQLite cannot read the library (damaged: its -wal proves nothing)."""
        try:
            con = sqlite3.connect(self.db_path, timeout=1.0)
            try:
                con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                con.close()
        except sqlite3.Error as exc:
            text = str(exc).lower()
            if "locked" in text or "busy" in text:
                raise DatabaseLocked(
                    translate(
                        "BackupService",
                        "Not restored: the library {path} is in use by another program "
                        "(close watchtracker's window first). The library was not changed.",
                    ).format(path=self.db_path)
                ) from exc
            log.warning("could not checkpoint %s before restoring: %s", self.db_path, exc)
            return False
        return True

    # -- helpers -----------------------------------------------------------------------------

    def remove_leftovers(self) -> builtins.list[Path]:  # plain `list` is the method above, here
        """Delete what copies and restores cut short (a crash, a full disk) left behind: a
        ``.part`` copy and its -journal, -wal, -shm in the backups folder, a staged
        ``.restoring`` library beside the library. Only files untouched for some minutes
        (``storage.files.remove_leftovers``): one being written right now by another process
        (the command line may back up while the window runs) is left alone. Called at start-up
        and whenever old backups are pruned."""
        removed = remove_leftovers(self.backups_dir, BACKUP_LEFTOVERS)
        removed += remove_leftovers(self.db_path.parent, DATA_LEFTOVERS)
        for p in removed:
            log.info("removed a leftover of a copy cut short: %s", p)
        return removed

    def _prune(self, just_made: Path | None) -> None:
        self.remove_leftovers()
        try:
            removed = prune_backups(self.backups_dir, self.keep, protect=[just_made] if just_made else [])
        except OSError as exc:  # an old copy that cannot be deleted is no reason to fail
            log.warning("could not prune old backups in %s: %s", self.backups_dir, exc)
            return
        for p in removed:
            log.info("old backup deleted: %s", p)

    @staticmethod
    def _info(path: Path) -> BackupInfo | None:
        parsed = parse_backup_name(path.name)
        if parsed is None:
            return None
        when, reason, rev = parsed
        try:
            kind = BackupReason(reason)
            size = path.stat().st_size
        except (ValueError, OSError):
            return None
        return BackupInfo(path=path, when=when, reason=kind, size=size, from_revision=rev)


def _copy_new(source: Path, target: Path) -> None:
    """Copy a file to a name that must be new: an existing file is never overwritten."""
    with source.open("rb") as src, target.open("xb") as dst:
        shutil.copyfileobj(src, dst)


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


# -- a library on a PostgreSQL server ------------------------------------------------------------

# the tables a restore leaves as they are: what the own-format export does not hold and nothing
# of it refers to (when TVmaze was last asked; the viewer's corrections of alert kinds)
KEPT_BY_RESTORE = frozenset({"sync_state", "kind_example"})


class ServerBackupService:
    """Backups of a library on a PostgreSQL server: each is the library's own-format export (JSON,
    ``library-<reason>-<UTC stamp>.json``), kept in this computer's backups folder. Restoring
    writes one back into the server's library in ONE transaction: its tables emptied, then the
    export imported, so another computer never sees half of it. The same public methods as
    ``BackupService``, for the window and the command line."""

    SUFFIX = ".json"

    def __init__(
        self,
        engine: Engine | Callable[[], Engine],
        backups_dir: Path,
        keep: int = 5,
        clock: Callable[[], datetime] = _utcnow,
    ):
        """``engine``: the open library's; or a function that opens it, for the backups of a
        library the window has let go of (``app.closed_library_backups``): it is opened when a
        backup is made or restored (on the worker that does it, never on the GUI thread), and
        closed again after a restore."""
        self._engine = engine
        self._opens_its_own = callable(engine) and not hasattr(engine, "dialect")
        self.backups_dir = Path(backups_dir)
        self.keep = max(1, keep)
        self.clock = clock

    @property
    def engine(self) -> Engine:
        if self._opens_its_own and callable(self._engine):
            self._engine = self._engine()
        return self._engine  # type: ignore[return-value]

    # -- making copies ---------------------------------------------------------------------

    def backup(self, reason: BackupReason | str = BackupReason.MANUAL) -> BackupInfo:
        """The library's export now, read in one snapshot of the server's library (a consistent
        state while other computers write); copies beyond ``keep`` are deleted (never this one).
        Raises StorageError (disk full, folder not writable, the server) with nothing left behind."""
        from watchtracker.services.transfer.export import ExportService

        reason = BackupReason(reason)
        data, _ = ExportService(self.engine.execution_options(isolation_level="REPEATABLE READ")).json_bytes()
        target = self._write(free_backup_path(self.backups_dir, reason.value, self.clock(), suffix=self.SUFFIX), data)
        self._prune(target)
        info = BackupService._info(target)
        if info is None:
            raise StorageError(
                translate("BackupService", "The backup {target} could not be found once made.").format(target=target)
            )
        log.info("backup of the server's library made (%s): %s, %d bytes", reason.value, target, info.size)
        return info

    def _write(self, target: Path, data: bytes) -> Path:
        """``data`` as a new file at ``target`` (numbered when the name is taken), written beside
        it first and renamed into place: never a half file, never over another."""
        from watchtracker.storage.files import os_reason, rename_to_free_name

        check_writable(target.parent)
        part = target.with_name(f"{target.name}.{os.getpid()}.part")
        try:
            with part.open("xb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            return rename_to_free_name(part, target)
        except OSError as exc:
            _remove(part)
            raise DataDirNotWritable(
                translate(
                    "BackupService",
                    "watchtracker could not write the backup {target}: {reason}. Nothing was changed. "
                    "Check the disk space and the folder's permissions.",
                ).format(target=target, reason=os_reason(exc))
            ) from exc
        except BaseException:
            _remove(part)
            raise

    def daily(self) -> BackupInfo | None:
        """A "daily" copy when the newest one in this computer's folder is 24 h old or more (or
        there is none), unless another computer is making one right now (``storage.jobs``)."""
        from watchtracker.storage.jobs import BACKUP, shared_job

        now = self.clock()
        newest = next((b for b in self.list() if b.reason is BackupReason.DAILY), None)
        if newest is not None and now - newest.when < DAILY_EVERY:
            return None
        with shared_job(self.engine, BACKUP) as ours:
            return self.backup(BackupReason.DAILY) if ours else None

    def list(self) -> builtins.list[BackupInfo]:
        """The backups of the server's library in the folder, newest first."""
        return _backups_in(self.backups_dir, self.SUFFIX)

    def find(self, name_or_path: str | Path) -> Path:
        """A backup given by its path, or by its file name in the backups folder."""
        return _find_backup(self.backups_dir, name_or_path)

    # -- restoring ---------------------------------------------------------------------------

    def restore(self, path: Path) -> BackupInfo | None:
        """Replace the server's library with the export at ``path``, in one transaction, after
        keeping the library as it is as a "before restore" backup (returned). A file that is not
        a complete export is refused first; any failure leaves the library as it was (and the
        "before restore" copy is removed again)."""
        from watchtracker.services.transfer.own_format import read_own_export
        from watchtracker.services.transfer.own_format_read import OwnFormatError

        path = _existing_backup_file(path)
        try:
            doc = read_own_export(path)
        except OwnFormatError as exc:
            raise StorageError(
                translate("BackupService", "Not restored: {problem} The library was not changed.").format(problem=exc)
            ) from exc
        try:
            safety = self.backup(BackupReason.BEFORE_RESTORE)
            try:
                self._replace_library(doc)
            except BaseException:
                _remove(safety.path)
                raise
        finally:
            if self._opens_its_own:  # opened for this restore: let it go, the window opens its own
                self.engine.dispose()
        log.info("the server's library restored from %s; the previous one kept as %s", path, safety.path)
        return safety

    def _replace_library(self, doc) -> None:
        from sqlmodel import SQLModel

        from watchtracker.services.transfer.own_import import _merge
        from watchtracker.storage.database import session_scope

        tables = [t.name for t in reversed(SQLModel.metadata.sorted_tables) if t.name not in KEPT_BY_RESTORE]
        with session_scope(self.engine) as session:
            conn = session.connection()
            quoted = ", ".join(conn.dialect.identifier_preparer.quote(t) for t in tables)
            # TRUNCATE fires no row trigger (DELETE would recount series_progress per viewing) and
            # keeps the id counters: ids are never reused. Within the transaction, like the rest.
            conn.exec_driver_sql(f"TRUNCATE {quoted}")
            _merge(session, doc)

    # -- helpers -----------------------------------------------------------------------------

    def remove_leftovers(self) -> builtins.list[Path]:
        """Delete what copies cut short left in the backups folder (``<name>.<pid>.part``)."""
        removed = remove_leftovers(self.backups_dir, BACKUP_LEFTOVERS)
        for p in removed:
            log.info("removed a leftover of a copy cut short: %s", p)
        return removed

    def _prune(self, just_made: Path) -> None:
        self.remove_leftovers()
        try:
            removed = prune_backups(self.backups_dir, self.keep, protect=[just_made], suffix=self.SUFFIX)
        except OSError as exc:
            log.warning("could not prune old backups in %s: %s", self.backups_dir, exc)
            return
        for p in removed:
            log.info("old backup deleted: %s", p)


def _backups_in(folder: Path, suffix: str) -> list[BackupInfo]:
    """Our backups in ``folder`` whose files end in ``suffix``, newest first (others left out)."""
    try:
        names = list(folder.glob(f"library-*{suffix}"))
    except OSError:
        return []
    found = [info for p in names if (info := BackupService._info(p)) is not None]
    return sorted(found, key=lambda b: backup_age_key(b.path), reverse=True)


def _find_backup(folder: Path, name_or_path: str | Path) -> Path:
    """A backup given by its path, or by its file name in ``folder``; StorageError if neither."""
    path = Path(name_or_path).expanduser()
    if path.is_file():
        return path
    in_folder = folder / path.name
    if in_folder.is_file():
        return in_folder
    raise StorageError(
        translate("BackupService", "There is no backup {name}. 'watchtracker restore --list' lists them.").format(
            name=name_or_path
        )
    )


def _existing_backup_file(path: Path) -> Path:
    """``path`` when it is a file; else the StorageError a restore of it gives."""
    path = Path(path)
    if not path.is_file():
        raise StorageError(
            translate("BackupService", "Not restored: there is no file {path}. The library was not changed.").format(
                path=path
            )
        )
    return path
