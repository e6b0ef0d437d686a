"""Where an error goes in the window: problems the user can act on get a message (once, for a
damaged library; a status line, for a write refused by a read-only library); bugs go to the
crash handler."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from watchtracker.domain.i18n import translate
from watchtracker.errors import (
    ChangedElsewhere,
    DatabaseDamaged,
    LibraryReadOnly,
    ServerUnreachable,
    StorageError,
    UserError,
)

from watchtracker.ui.common import messages
from watchtracker.ui.crash import CrashHandler

log = logging.getLogger(__name__)


class ErrorReporter:
    """``read_only``: the library was said to be read-only (show_read_only); ``damaged``: SQLite
    found a part of it it cannot read (said once)."""

    def __init__(
        self,
        window: QMainWindow,
        notice: messages.NoticeBar,
        database_path: Path | None,
        crash_handler: CrashHandler | None,
    ):
        self.window, self.notice = window, notice
        self.database_path, self.crash_handler = database_path, crash_handler
        self.read_only = False
        self.damaged = False
        self.server = None  # the library is on this PostgreSQL server (a ServerLocation)

    def report(self, exc: BaseException) -> None:
        explained = None if isinstance(exc, (UserError, StorageError)) else self._explain(exc)
        problem = exc if explained is None else explained
        status = self.window.statusBar()
        if isinstance(problem, ServerUnreachable):
            # said in the status bar, not in a dialog: while the server is away every view that
            # reads meets it, and the window's one line says so (ui/live.py); nothing was changed
            log.info("server unreachable: %s", getattr(exc, "orig", exc))
            status.showMessage(str(problem), 15000)
        elif self.read_only and isinstance(problem, LibraryReadOnly):
            log.info("refused, read-only: %s", getattr(exc, "orig", exc))
            status.showMessage(translate("ErrorReporter", "The library is read-only: nothing was changed."), 10000)
        elif isinstance(problem, DatabaseDamaged):
            # said once (several views may meet it at the same moment), then kept in sight
            log.warning("damaged library met: %s", getattr(exc, "orig", exc))
            first = not self.damaged
            self.damaged = True
            if first:
                self.notice.add(str(problem), closable=False)
                messages.critical(self.window, str(problem))
            else:
                status.showMessage(translate("ErrorReporter", "The library is damaged: nothing was changed."), 10000)
        elif isinstance(exc, UserError):
            messages.warning(self.window, str(exc))
        elif isinstance(exc, StorageError):
            messages.critical(self.window, str(exc))
        elif explained is not None:
            log.warning("database error: %s", getattr(exc, "orig", exc))
            messages.critical(self.window, str(explained))
        elif self.crash_handler is not None:
            self.crash_handler.handle(type(exc), exc, exc.__traceback__)
        else:
            sys.excepthook(type(exc), exc, exc.__traceback__)

    def _explain(self, exc: BaseException):
        if self.server is not None:
            from watchtracker.services.location import explain_server_problem

            return explain_server_problem(exc, self.server, translate("ErrorReporter", "save the change"))
        return _explain_database_error(exc, self.database_path)


def offer_reload_or_keep(
    parent: QWidget | None,
    exc: ChangedElsewhere,
    *,
    reload: Callable[[], None],
    keep_mine: Callable[[int], None],
) -> QMessageBox:
    """A write refused because another computer (or window) changed the row since it was read:
    what is there now and what was to be saved, side by side; **Reload** shows theirs (``reload()``),
    **Keep mine** saves again over theirs (``keep_mine(version)``, with the version read now). The one
    answer every page gives to ``ChangedElsewhere``. Window-modal, not blocking: returned open."""
    box = QMessageBox(parent)
    box.setObjectName("changedElsewhere")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(translate("ErrorReporter", "Changed on another computer"))
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(str(exc))
    lines = [
        translate("ErrorReporter", "{what}: “{theirs}” there, “{mine}” yours").format(
            what=what, theirs=_short(theirs), mine=_short(mine)
        )
        for what, theirs, mine in exc.differences
    ]
    box.setInformativeText("\n".join(lines))
    reload_button = box.addButton(translate("ErrorReporter", "Reload"), QMessageBox.ButtonRole.RejectRole)
    keep_button = box.addButton(translate("ErrorReporter", "Keep mine"), QMessageBox.ButtonRole.AcceptRole)
    reload_button.setObjectName("reload")
    keep_button.setObjectName("keepMine")
    box.setDefaultButton(reload_button)  # Enter loses nothing of theirs
    box.setEscapeButton(reload_button)

    def answered(button) -> None:
        if button is keep_button:
            keep_mine(exc.version)
        else:
            reload()

    box.buttonClicked.connect(answered)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _explain_database_error(exc: BaseException, path: Path | None):
    """The environment's fault (locked, disk full, damaged) as a message; else None (a bug)."""
    from watchtracker.services.startup import explain_database_error

    return explain_database_error(exc, path or Path("library.sqlite"))


__all__ = ["ErrorReporter", "offer_reload_or_keep"]
