"""What an import raises that the viewer acts on, shared by ``services.importer`` (other
trackers' exports) and ``services.transfer.own_import`` (our own) without either importing the other."""

from __future__ import annotations

import threading

from watchtracker.domain.i18n import translate
from watchtracker.errors import UserError


class UnknownFormat(UserError):
    """The file is none of the formats this version reads."""


class ImportCancelled(UserError):
    """The viewer cancelled: the import's transaction was rolled back."""

    def __init__(self) -> None:
        super().__init__(translate("ImportCancelled", "The import was cancelled; nothing was changed."))


def check_cancel(cancel: threading.Event | None) -> None:
    """Raise ImportCancelled once ``cancel`` is set (called between pieces of the work)."""
    if cancel is not None and cancel.is_set():
        raise ImportCancelled()
