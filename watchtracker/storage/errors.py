"""Storage problems that are the environment's fault, each with a message a person can act on."""

from __future__ import annotations


class StorageError(Exception):
    """Base: the message is shown to the user as it is."""


class DataDirNotWritable(StorageError):
    pass


class DatabaseDamaged(StorageError):
    """The file is not a SQLite database, or not ours, or SQLite reports it malformed."""


class DatabaseTooNew(StorageError):
    """Written by a newer watchtracker: we refuse to touch it."""


class DatabaseLocked(StorageError):
    pass


class AlreadyRunning(StorageError):
    """Another copy of the app has this data folder open."""
