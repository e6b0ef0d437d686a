"""Bugs end up here: logged, then shown in a dialog with "Copy details" — never a bare traceback.

A Python exception must never leave a Qt virtual method (``data``, ``paint``, ``lessThan``,
``paintEvent`` ...) written in Python: on PySide6 6.11 with Python 3.11 an exception raised by C
code there (``sum`` over a text runtime, ``int("fifty")``) while Python code waits on Qt
(``collapseAll()`` in a slot, ``grab()``) ends the process with SIGSEGV inside shiboken, with
nothing in the log. ``guard_qt`` wraps those methods: the exception goes to ``sys.excepthook``
(the crash handler) and Qt gets a harmless answer. And the handler never opens its modal dialog
inside the call that failed (a paint event would run a nested event loop): it queues it.
"""

from __future__ import annotations

import functools
import logging
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QModelIndex, QObject, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from watchtracker import __version__

log = logging.getLogger(__name__)


def describe(exc_type, exc, tb) -> str:
    lines = [
        f"watchtracker {__version__}, Python {platform.python_version()}, "
        f"PySide6 {pyside_version}, {platform.platform()}",
        "",
        "".join(traceback.format_exception(exc_type, exc, tb)).rstrip(),
    ]
    return "\n".join(lines)


class CrashDialog(QDialog):
    def __init__(self, details: str, log_file: Path | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("watchtracker hit a problem"))
        self.setMinimumSize(560, 360)
        layout = QVBoxLayout(self)
        if log_file:
            said = self.tr(
                "Something went wrong inside watchtracker. This is a bug, not something you did. "
                "Your library is safe: the change in progress was not saved.\n\n"
                "You can keep working. To help fix it, copy the details below into a bug report. "
                "The details are also in the log file:\n{log_file}"
            ).format(log_file=log_file)
        else:
            said = self.tr(
                "Something went wrong inside watchtracker. This is a bug, not something you did. "
                "Your library is safe: the change in progress was not saved.\n\n"
                "You can keep working. To help fix it, copy the details below into a bug report."
            )
        text = QLabel(said)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(text)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        layout.addWidget(self.details, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(self.tr("Copy details"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())
        self.copy_button.setText(self.tr("Copied"))


class _CrashRelay(QObject):
    crashed = Signal(str)


class CrashHandler:
    """Installed as sys.excepthook (and threading.excepthook): logs, then shows the dialog on the
    GUI thread. ``show_dialog`` can be turned off by tests, which then read ``last``.

    ``report`` (the hooks) queues the dialog: it may be called inside a paint event or a model
    method. ``handle`` is for code that is not (a task's failure, start-up): the dialog comes at
    once. The same error again (a view asking a broken ``data()`` for every cell) is logged in
    full and shown once; repeats are counted in the log."""

    def __init__(self, log_file: Path | None, show_dialog: bool = True):
        self.log_file = log_file
        self.show_dialog = show_dialog
        self.last: str | None = None
        self._relay = _CrashRelay()
        self._relay.crashed.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._showing = False
        self._seen: dict[tuple, int] = {}  # where each error was met -> how often
        self._lock = threading.Lock()

    def install(self) -> None:
        sys.excepthook = self.report
        threading.excepthook = lambda args: self.report(args.exc_type, args.exc_value, args.exc_traceback)

    def report(self, exc_type, exc, tb) -> None:
        """Log the error; the dialog comes when the event loop next turns."""
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        details = self._record(exc_type, exc, tb)
        if details is not None:
            try:
                self._relay.crashed.emit(details)
            except RuntimeError:  # at exit Qt may have deleted the relay: the log has it all
                pass

    def handle(self, exc_type, exc, tb) -> None:
        """Log the error and show the dialog now (not from inside a Qt virtual method)."""
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        details = self._record(exc_type, exc, tb)
        if details is not None:
            self._show(details)

    def _record(self, exc_type, exc, tb) -> str | None:
        """Log it; the details to show, or None when this error was met before: the same
        exception type from the same lines (whatever the message: the value may differ)."""
        where = (exc_type.__qualname__, *((f.filename, f.lineno) for f in traceback.extract_tb(tb)))
        with self._lock:
            count = self._seen.get(where, 0) + 1
            self._seen[where] = count
        if count > 1:
            if count in (2, 10, 100) or count % 1000 == 0:
                log.debug("the same unexpected error again (%d times): %s: %s", count, exc_type.__name__, exc)
            return None
        details = describe(exc_type, exc, tb)
        self.last = details
        log.error("unexpected error\n%s", details)
        return details

    def _show(self, details: str) -> None:
        if not self.show_dialog or self._showing:
            return
        self._showing = True
        try:
            CrashDialog(details, self.log_file, QApplication.activeWindow()).exec()
        finally:
            self._showing = False


# -- guarding the Qt virtual methods written in Python ------------------------------------------

# What Qt gets from a method that failed: nothing shown, nothing accepted, nothing done.
_QT_FALLBACK: dict[str, Callable[[], Any]] = {
    # item models and proxies
    "data": lambda: None,
    "headerData": lambda: None,
    "flags": lambda: Qt.ItemFlag.NoItemFlags,
    "rowCount": lambda: 0,
    "columnCount": lambda: 0,
    "index": QModelIndex,
    "parent": QModelIndex,
    "sibling": QModelIndex,
    "hasChildren": lambda: False,
    "setData": lambda: False,
    "canFetchMore": lambda: False,
    "fetchMore": lambda: None,
    "sort": lambda: None,
    "mimeTypes": list,
    "mimeData": lambda: None,
    "canDropMimeData": lambda: False,
    "dropMimeData": lambda: False,
    "supportedDragActions": lambda: Qt.DropAction.IgnoreAction,
    "supportedDropActions": lambda: Qt.DropAction.IgnoreAction,
    "roleNames": dict,
    "lessThan": lambda: False,
    "filterAcceptsRow": lambda: True,
    "filterAcceptsColumn": lambda: True,
    # delegates
    "paint": lambda: None,
    "sizeHint": QSize,
    "initStyleOption": lambda: None,
    "displayText": str,
    "editorEvent": lambda: False,
    "helpEvent": lambda: False,
    "createEditor": lambda: None,
    "setEditorData": lambda: None,
    "setModelData": lambda: None,
    "updateEditorGeometry": lambda: None,
    # widgets painted in Python
    "paintEvent": lambda: None,
    "minimumSizeHint": QSize,
    "event": lambda: False,
    "eventFilter": lambda: False,
    "resizeEvent": lambda: None,
    "showEvent": lambda: None,
    "hideEvent": lambda: None,
    "mousePressEvent": lambda: None,
    "mouseMoveEvent": lambda: None,
    "mouseReleaseEvent": lambda: None,
    "mouseDoubleClickEvent": lambda: None,
    "wheelEvent": lambda: None,
    "enterEvent": lambda: None,
    "leaveEvent": lambda: None,
    "focusInEvent": lambda: None,
    "focusOutEvent": lambda: None,
    "keyPressEvent": lambda: None,
    "contextMenuEvent": lambda: None,
}

F = TypeVar("F", bound=Callable[..., Any])
C = TypeVar("C", bound=type)


def report_bug(exc_type, exc, tb) -> None:
    """Hand a bug to ``sys.excepthook`` (the crash handler, in the app; pytest-qt, in tests)."""
    try:
        sys.excepthook(exc_type, exc, tb)
    except Exception:  # noqa: BLE001 - the hook itself failed: the log is all that is left
        log.exception("unexpected error, and the crash handler failed on it")


def guarded(fallback: Callable[[], Any]) -> Callable[[F], F]:
    """A method that never raises into Qt: a failure is reported, and Qt gets ``fallback()``."""

    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def method(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except Exception:  # noqa: BLE001 - a bug: reported, never raised through Qt
                report_bug(*sys.exc_info())
                return fallback()

        method.__guarded__ = True  # type: ignore[attr-defined]
        return method  # type: ignore[return-value]

    return wrap


def guard_qt(cls: C) -> C:
    """Class decorator: guard every Qt virtual method the class writes in Python (see
    ``_QT_FALLBACK``). Put it on each item model, proxy, delegate and painted widget."""
    for name, fallback in _QT_FALLBACK.items():
        fn = cls.__dict__.get(name)
        if callable(fn) and not getattr(fn, "__guarded__", False):
            setattr(cls, name, guarded(fallback)(fn))
    return cls
