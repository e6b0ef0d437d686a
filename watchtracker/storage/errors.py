"""Storage problems that are the environment's fault, each with a message a person can act on."""

from __future__ import annotations


class StorageError(Exception):
    """Base: the message is shown to the user as it is."""


class DataDirNotWritable(StorageError):
    pass


class DiskProblem(DataDirNotWritable):
    """The disk refused (full, or an input/output error): the library is not at fault, there is
    nothing to repair, and nothing was changed."""


class LibraryReadOnly(DataDirNotWritable):
    """The library's file or its folder cannot be written: it can be read, not changed."""


class DatabaseDamaged(StorageError):
    """The file is not a SQLite database, or SQLite, reading it read-only, reports it malformed.
    Only this error is met with the offer to move the file aside."""


class NotALibrary(StorageError):
    """A SQLite database of another program: left alone, not moved, not called damaged."""


class DatabaseTooNew(StorageError):
    """Written by a newer watchtracker: we refuse to touch it."""


class DatabaseLocked(StorageError):
    pass


class AlreadyRunning(StorageError):
    """Another copy of the app has this data folder open."""
