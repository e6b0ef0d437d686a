"""storage.files.write_atomically: a file is replaced whole or not at all (a temporary file beside
it, synced to the disk, renamed into place, the folder synced), and whoever writes that way uses it:
the exports, the calendar, the settings."""

from __future__ import annotations

import errno
import os
import stat
import threading

import pytest

from watchtracker.settings import Settings
from watchtracker.storage import files
from watchtracker.storage.files import write_atomically


def _listing(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_writes_the_file_whole_syncing_it_and_its_folder(tmp_path, monkeypatch):
    target = tmp_path / "out.json"
    target.write_bytes(b"old")
    synced = []
    real_fsync = os.fsync

    def fsync(fd):
        synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real_fsync(fd)

    monkeypatch.setattr(files.os, "fsync", fsync)
    write_atomically(target, b"new content")
    assert target.read_bytes() == b"new content"
    assert _listing(tmp_path) == ["out.json"]  # no temporary file left
    assert synced[0] is False  # the file's data first
    if os.name == "posix":
        assert synced == [False, True]  # then the folder, so the rename itself is on the disk


def test_a_new_file_gets_the_usual_permissions(tmp_path):
    target = tmp_path / "new.ics"
    write_atomically(target, b"x")
    umask = os.umask(0)
    os.umask(umask)
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask  # not mkstemp's private 0600


@pytest.mark.parametrize("where", ["write", "fsync", "replace"])
def test_a_failure_mid_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch, where):
    target = tmp_path / "settings.json"
    target.write_bytes(b"the old file")
    full = OSError(errno.ENOSPC, "No space left on device")

    def fail(*args, **kwargs):
        raise full

    if where == "write":  # the disk fills up half way through the data
        real_write = os.write

        def half(fd, data):
            real_write(fd, bytes(data)[: len(data) // 2])
            raise full

        monkeypatch.setattr(files.os, "write", half)
    else:
        monkeypatch.setattr(files.os, where, fail)
    with pytest.raises(OSError) as info:
        write_atomically(target, b"the new file, longer than the old one" * 1000)
    assert info.value is full  # said as the system said it: the caller words it
    assert target.read_bytes() == b"the old file"
    assert _listing(tmp_path) == ["settings.json"]


def test_an_interrupt_mid_write_cleans_up_too(tmp_path, monkeypatch):
    target = tmp_path / "a.csv"
    target.write_bytes(b"old")

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old" and _listing(tmp_path) == ["a.csv"]


def test_writers_of_the_same_file_at_once_never_share_a_temporary_file(tmp_path):
    target = tmp_path / "poster.jpg"
    datas = [bytes([i]) * 200_000 for i in range(8)]
    barrier = threading.Barrier(len(datas))
    errors = []

    def write(data):
        barrier.wait()
        try:
            write_atomically(target, data)
        except Exception as exc:  # noqa: BLE001 - any failure is the test's finding
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(d,)) for d in datas]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert target.read_bytes() in datas  # one writer's whole file, never a mix
    assert _listing(tmp_path) == ["poster.jpg"]


def _writers(example):
    from watchtracker.services.transfer.calendar_export import CalendarExportService
    from watchtracker.services.transfer.export import ExportService

    return {
        "settings": lambda path: Settings(backups_to_keep=4).save(path),
        "json": lambda path: ExportService(example.engine).write_json(path),
        "csv": lambda path: ExportService(example.engine).write_csv(path),
        "ics": lambda path: CalendarExportService(example.schedule).write_ics(path),
    }


@pytest.mark.parametrize("what", ["settings", "json", "csv", "ics"])
def test_every_writer_syncs_and_a_failure_leaves_the_old_file(example, tmp_path, monkeypatch, what):
    """The settings, the library's export (json, csv) and the calendar: synced to the disk when
    written; a failure leaves the old file and no temporary file (said to the viewer in words)."""
    from watchtracker.errors import UserError

    write = _writers(example)[what]
    out = tmp_path / "out"
    out.mkdir()
    target = out / "file"
    target.write_bytes(b"old")
    synced = []
    real_fsync = os.fsync

    def fsync(fd):
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    write(target)
    assert synced and target.read_bytes() != b"old" and _listing(out) == ["file"]

    target.write_bytes(b"old")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises((OSError, UserError)) as info:
        write(target)
    monkeypatch.undo()
    assert "No space left on device" in str(info.value)
    assert target.read_bytes() == b"old"
    assert _listing(out) == ["file"]
