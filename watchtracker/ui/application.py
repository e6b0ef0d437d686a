"""Starting the window: Qt application, crash handler, one copy per data folder (a second launch
brings that copy's window forward), the library opened with a clear message for every way that
can fail."""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from watchtracker import APP_NAME, __version__
from watchtracker.domain.i18n import QT_TRANSLATE_NOOP, translate
from watchtracker.errors import AlreadyRunning, DatabaseDamaged, ServerRefused, ServerUnreachable, StorageError
from watchtracker.paths import AppPaths, resource_path, server_host
from watchtracker.services.desktop_entry import APP_ID
from watchtracker.services.startup import (
    InstanceLock,
    Preview,
    instance_channel_name,
    load_server_rows,
    move_damaged_aside,
    preview_still_current,
    save_server_rows,
    server_rows_key,
    take_instance_lock,
    take_preview,
)
from watchtracker.settings import Settings

from watchtracker.ui.common import messages
from watchtracker.ui.crash import CrashHandler, guard_qt
from watchtracker.ui.i18n import install_translations
from watchtracker.ui.main_window import MainWindow, Views
from watchtracker.ui.tasks import TaskRunner, freeze_heap

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

    from watchtracker.services.backups import BackupService, ServerBackupService

log = logging.getLogger(__name__)


def make_qapplication() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("watchtracker")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)  # the desktop entry's name: the launcher and notifications find it
    icon = resource_path("icons", "watchtracker.svg")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    install_translations(app)
    return app


def ui_state(paths: AppPaths) -> QSettings:
    try:
        paths.config.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a read-only folder: the window's layout is just not kept
        log.warning("cannot make the config folder %s: %s", paths.config, exc)
    return QSettings(str(paths.ui_state_file), QSettings.Format.IniFormat)


def acquire_instance_lock(lock_file: Path) -> InstanceLock:
    """One copy of the app per data folder: an OS lock held while the window runs (see
    ``storage.files.take_instance_lock``), released by the system when the process ends however
    it ends, so a copy that crashed never leaves a lock behind. Raises AlreadyRunning naming
    the process that holds it."""
    return take_instance_lock(lock_file)


# -- a second launch on the same data folder ---------------------------------------------------
RAISE = b"raise"  # what a second launch sends, with its launcher's activation token if it had one
RAISED = b"raised\n"  # the window's answer once it came forward
_MAX_CALL = 1024


def _activation_token(raw: bytes | str) -> str:
    """An XDG activation token as passed on (opaque, printable, no spaces), or "" if it is not one."""
    token = raw.decode("ascii", "replace") if isinstance(raw, bytes) else raw
    return token if 0 < len(token) <= 512 and token.isprintable() and token.isascii() and " " not in token else ""


def listen_for_second_launches(
    name: str, come_forward: Callable[[str], None], parent: QObject | None = None
) -> QLocalServer | None:
    """The window's messenger: a second launch on the same data folder connects to ``name``
    (``instance_channel_name``) and asks the window to come forward; ``come_forward(token)`` is
    called with the launcher's activation token ("" without one) and the second launch is told.
    Only the process that holds the folder's lock listens (the lock decides who has the folder;
    the name only carries the message), so a name left behind by a copy that crashed, or held by
    anything else, is taken over (QLocalServer.removeServer). None if it cannot listen: a second
    launch then says that a window is open, as it did before."""
    from PySide6.QtNetwork import QLocalServer  # after the window is up: not needed to draw it

    QLocalServer.removeServer(name)
    server = QLocalServer(parent)
    server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)  # this user's launches only
    if not server.listen(name):
        log.warning("a second launch cannot reach this window (%s): %s", name, server.errorString())
        server.deleteLater()
        return None

    def take_calls() -> None:
        while server.hasPendingConnections():
            caller = server.nextPendingConnection()
            caller.disconnected.connect(caller.deleteLater)
            caller.readyRead.connect(lambda c=caller: _answer(c, come_forward))
            _answer(caller, come_forward)  # what came with the connection

    server.newConnection.connect(take_calls)
    return server


def _answer(caller: QLocalSocket, come_forward: Callable[[str], None]) -> None:
    if not caller.canReadLine():
        if caller.bytesAvailable() > _MAX_CALL:
            caller.abort()  # not a second launch
        return
    word, _, token = bytes(caller.readLine(_MAX_CALL).data()).strip().partition(b" ")
    if word != RAISE:
        caller.abort()
        return
    caller.write(RAISED)
    caller.flush()
    caller.disconnectFromServer()
    come_forward(_activation_token(token))


def ask_the_open_window_to_come_forward(name: str, *, connect_ms: int = 1500, answer_ms: int = 3000) -> bool:
    """A second launch on a data folder a window has open: ask that window (listening on ``name``)
    to come forward. True once it answered that it did; False if it cannot be reached (a copy of an
    older version, or one still starting after ``connect_ms``) or does not answer in ``answer_ms``."""
    from PySide6.QtNetwork import QLocalSocket

    token = _activation_token(os.environ.get("XDG_ACTIVATION_TOKEN", ""))
    socket = QLocalSocket()
    deadline = time.monotonic() + connect_ms / 1000
    while True:
        socket.connectToServer(name)
        if socket.waitForConnected(max(1, int((deadline - time.monotonic()) * 1000))):
            break
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)  # the window may be starting: its lock taken, not listening yet
    try:
        socket.write(RAISE + (b" " + token.encode("ascii") if token else b"") + b"\n")
        socket.flush()
        deadline = time.monotonic() + answer_ms / 1000
        answer = b""
        while not answer.endswith(b"\n") and len(answer) <= len(RAISED):
            if not socket.bytesAvailable():
                left = int((deadline - time.monotonic()) * 1000)
                if left <= 0 or not socket.waitForReadyRead(left):
                    return False
            answer += bytes(socket.readAll().data())
        return answer == RAISED
    finally:
        socket.abort()


def bring_forward(window: QWidget | None, token: str = "") -> None:
    """Show ``window`` in front of the others, as a second launch asked: back from the taskbar if
    it was minimised (maximised if it was), raised and active. On Wayland the launcher's activation
    token lets the compositor allow it (Qt uses XDG_ACTIVATION_TOKEN when it activates a window)."""
    if window is None:
        return
    if token and QGuiApplication.platformName() == "wayland":
        os.environ["XDG_ACTIVATION_TOKEN"] = token
    window.setWindowState((window.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
    if isinstance(window, MainWindow):
        window.background.came_back()  # running hidden: its tray icon goes
    window.show()
    window.raise_()
    window.activateWindow()
    log.info("a second launch on this data folder brought the window forward")


READ_ONLY_NOTICE = QT_TRANSLATE_NOOP(  # in English; shown translated
    "application",
    "This library is read-only: its file or its folder cannot be written. You can look, "
    "but nothing can be changed or refreshed. Make it writable, then start watchtracker again.",
)


def ask_to_move_aside(parent, paths: AppPaths, exc: DatabaseDamaged) -> Path | None:
    """A damaged library (SQLite, reading it, says so): offer to move it aside and start anew.
    Nothing is deleted or overwritten. Returns where it was kept, or None (left as it was). That
    a new library was started is said once it is open (``launch``), not before."""
    log.error("damaged library: %s", exc)
    box = QMessageBox(QMessageBox.Icon.Critical, "watchtracker", str(exc), parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    fresh = box.addButton(
        translate("application", "Move it aside and start a new library"), QMessageBox.ButtonRole.AcceptRole
    )
    box.addButton(translate("application", "Quit"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not fresh:
        return None
    try:
        aside = move_damaged_aside(paths.database)
    except StorageError as err:
        log.error("could not move %s aside: %s", paths.database, err)
        messages.critical(parent, str(err))
        return None
    log.warning("damaged library kept as %s", aside)
    return aside


RETRY_OPEN_S = 10  # a library server that does not answer at start is asked again this often
SERVER_BACKUP_AFTER_MS = 60_000  # the daily backup of a server's library, once the window has settled


@dataclass(frozen=True)
class StagedOpen:
    """Opening the library in two stages (``app.staged``): ``first()`` gives what the Library
    page needs to act (``library``, ``catalog``, ``read_only``, ``notes``, ``close()``),
    ``rest(first)`` every service (what ``open_services()`` gives in one stage)."""

    first: Callable[[], Any]
    rest: Callable[[Any], Any]


def launch(
    paths: AppPaths,
    open_services: Callable | StagedOpen,
    crash: CrashHandler,
    give_up: Callable[[int], None],
    settings: Settings | None = None,
    *,
    on_open: Callable[[MainWindow], None] | None = None,
    refresh_in_ms: int = 3000,
    hidden: bool = False,
) -> tuple[MainWindow, list]:
    """Show the window at once, then open the library on a worker thread (importing the
    database libraries and checking the schema take longer than drawing the window).
    Returns the window and a list that receives the opened services; ``give_up(code)`` is
    called when the library cannot be opened (after the user was told why), ``on_open(window)``
    once it is open; the first refresh from TVmaze comes ``refresh_in_ms`` later."""
    opened: list = []
    library_lane = TaskRunner()
    settings = settings or Settings()
    window = MainWindow(
        None,
        None,
        library_lane,
        ui_state(paths),
        database_path=paths.database,
        crash_handler=crash,
        settings=settings,
        save_settings=lambda s: s.save(paths.settings_file),
    )
    server_url = paths.library_url(settings.library_url)  # "" for a library file
    window.location_given = bool(paths.server_url or paths.library_file)  # --database: Preferences' choice unused
    if server_url:  # until the server answers
        window.library_page.loading_label.setText(
            translate("application", "Connecting to {host}…").format(host=server_host(server_url))
        )
    if hidden:  # started at login: watching for alerts, the window comes when asked for
        window.background.went_to_background()
    else:
        window.show()

    def opened_up(services) -> None:
        """The library is open (in one stage, or its first): what is said once, read-only."""
        if unreachable and window.statusBar().currentMessage() == unreachable[0]:
            window.statusBar().clearMessage()  # the server answered after all
        unreachable.clear()
        server = getattr(services, "server", None)
        if server is not None:
            window.library_server, window.library_server_url = server.display, server.kept_url
            window.errors.server = server
        for note in [*said_once, *getattr(services, "notes", ())]:
            window.show_notice(note)
        if getattr(services, "read_only", False):
            window.show_read_only(translate("application", READ_ONLY_NOTICE))  # and nothing writes by itself
        if getattr(services, "server", None) is not None:  # other computers' changes come live
            window.go_live(services.server, services.engine)

    def all_open(services) -> None:
        settled.append(True)
        for rows, read_at in unsaved:  # read while the window was opening: kept now, not in its way
            keep_rows(rows, read_at)
        unsaved.clear()
        if not getattr(services, "read_only", False):
            window.start_refreshing(refresh_in_ms)
            if getattr(services, "server", None) is not None:  # a whole export: not while the window opens
                QTimer.singleShot(SERVER_BACKUP_AFTER_MS, window, lambda: daily_on_server(services))
        freeze_heap()  # what start-up made lives as long as the window
        if on_open is not None:
            on_open(window)

    def attach(services) -> None:
        opened.append(services)
        window.attach(
            services.library,
            services.catalog,
            services.online,
            services.alerts,
            services.feeds,
            views=views_of(services),
        )
        opened_up(services)
        all_open(services)

    def attach_first(first) -> None:
        """The first stage is open: the Library page reads its rows and acts. The rest is built
        once the rows are on screen (the library lane does one thing after another: a no-op
        after the reading says when), on the side lane: a click meanwhile does not wait for it."""
        opened.append(first)  # closed with the window if it goes before the rest comes
        preview = previews[0] if previews else None
        window.attach(
            first.library,
            first.catalog,
            preview_current=None
            if preview is None
            else (lambda: preview_still_current(preview, paths.database, first.library)),
        )
        opened_up(first)

        def build_rest(_=None) -> None:
            side_lane.run(lambda: open_services.rest(first), attach_rest, failed)

        library_lane.run(lambda: None, build_rest, build_rest)

    def attach_rest(services) -> None:
        if side_lane.cancelled.is_set():  # the window closed meanwhile: nothing starts
            services.close()
            return
        opened[:] = [services]  # the same engine: closing the services closes it
        window.attach_rest(services.online, services.alerts, services.feeds, views_of(services))
        all_open(services)

    def open_library() -> None:
        if isinstance(open_services, StagedOpen):
            library_lane.run(open_services.first, attach_first, failed)
        else:
            library_lane.run(open_services, attach, failed)

    offered: list[bool] = []
    said_once: list[str] = []  # shown in the window once the library is open
    unreachable: list[str] = []  # what the status bar says while the server does not answer at start
    settled: list[bool] = []  # the window is open: rows read from a server are kept at once
    unsaved: list[tuple[list, datetime]] = []  # those read before, kept once it is

    def failed(exc: BaseException) -> None:
        # only a library SQLite itself found damaged is offered to be moved aside, and once: a
        # full disk, a read-only or foreign file are said, and nothing is done to them
        if isinstance(exc, DatabaseDamaged) and not offered:
            offered.append(True)
            aside = ask_to_move_aside(window, paths, exc)
            if aside is not None:
                said_once.append(
                    translate(
                        "application",
                        "The damaged library was kept as {path}. A new, empty library was "
                        "started; a backup can be restored into it (Library > Backups…).",
                    ).format(path=aside)
                )
                open_library()
                return
            give_up(1)
            return
        if server_url and window.library_service is None and isinstance(exc, ServerUnreachable):
            # the window stays, says why (in the page, and in the status bar over the rows kept from
            # the last run, if there are some: they stay on screen, read-only), and tries again
            log.warning("library server unreachable at start: %s", exc)
            # one short line over the rows (the reason is in the page under them, and in the log)
            said = translate(
                "application",
                "The library's server {host} cannot be reached — showing what this computer read last time; "
                "trying again in {seconds} s…",
            ).format(host=server_host(server_url), seconds=RETRY_OPEN_S)
            window.library_page.loading_label.setText(
                translate("application", "{problem}\n\nTrying again in {seconds} s…").format(
                    problem=exc, seconds=RETRY_OPEN_S
                )
            )
            unreachable[:] = [said]
            window.statusBar().showMessage(said, 0)
            QTimer.singleShot(RETRY_OPEN_S * 1000, open_library)
            return
        if server_url and window.library_service is None and isinstance(exc, ServerRefused) and asked_password(exc):
            open_library()
            return
        if isinstance(exc, StorageError):
            log.error("cannot open library: %s", exc)
            messages.critical(window, str(exc))
        else:
            crash.handle(type(exc), exc, exc.__traceback__)
        give_up(1)

    def daily_on_server(services) -> None:
        def failed_backup(exc: BaseException) -> None:
            log.warning("daily backup of the server's library not made: %s", exc)

        side_lane.run(services.backups.daily, lambda _made: None, failed_backup)

    def asked_password(exc: StorageError) -> bool:
        """The server wants a (another) password: asked for, used for this run; False if not given."""
        text = str(exc)
        if "password" not in text:
            return False
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        from watchtracker.services.location import keep_password

        password, ok = QInputDialog.getText(
            window,
            translate("application", "Password for the library's server"),
            translate("application", "{problem}\n\nPassword:").format(problem=text),
            QLineEdit.EchoMode.Password,
        )
        if not ok or not password:
            return False
        keep_password(server_url, password, remember=False)  # this run; Preferences keeps it in the keyring
        return True

    side_lane = window.side_lane
    # the read-only preview (stdlib sqlite3: no imports to wait for; SQLite works without the
    # interpreter's lock) on its own thread, beside the real opening: rows on screen early, and
    # the live ones as soon as the library is open
    previews: list[Preview] = []  # the one read, once it is on the page

    def previewed(preview: Preview | None) -> None:
        window.show_preview(None if preview is None else preview.rows)
        if preview is not None and window.library_service is None:
            previews.append(preview)

    if not server_url:
        side_lane.run(lambda: take_preview(paths.database), previewed, lambda exc: None)
    else:  # no file to peek into: the rows read from the server last time, kept on this computer
        # (shown until the live ones come, never taken for them: ``previews`` stays empty)
        server_key = server_rows_key(server_url)

        def kept_rows(preview: Preview | None) -> None:
            if preview is not None:
                window.show_preview(preview.rows)

        def failed_to_keep(exc: BaseException) -> None:
            log.warning("the library's rows were not kept on this computer: %s", exc)

        def keep_rows(rows: list, read_at: datetime) -> None:
            side_lane.run(
                lambda: save_server_rows(paths.cache, server_key, rows, read_at), lambda _: None, failed_to_keep
            )

        def rows_read(rows: list) -> None:
            if window.library_server is None:  # not a server's rows after all
                return
            if settled:
                keep_rows(rows, datetime.now(UTC))
            else:
                unsaved[:] = [(rows, datetime.now(UTC))]

        window.library_controller.rows_read.connect(rows_read)
        side_lane.run(lambda: load_server_rows(paths.cache, server_key), kept_rows, lambda exc: None)
    # the opening (imports, mostly Python) once the window is drawn: begun at once it would hold
    # the interpreter while the window paints
    if hidden:
        QTimer.singleShot(0, open_library)
    else:
        _AfterFirstPaint(window, open_library)
    return window, opened


def views_of(services) -> Views:
    """What the window's pages and its Import…, Export… and Backups… need, picked from the
    services ``app.open_services`` built (nothing is built here)."""
    return Views(
        schedule=services.schedule,
        export=services.calendar,
        franchises=services.franchises,
        stats=services.stats,
        importer=services.importer,
        backups=services.backups,
        library_export=services.exports,
        media=getattr(services, "media", None),
    )


@guard_qt
class _AfterFirstPaint(QObject):
    """Calls ``then`` once ``window`` has been painted the first time (its update request
    handled), or after a second if it never is (a window that is not exposed)."""

    def __init__(self, window: QWidget, then: Callable[[], None]):
        super().__init__(window)
        self.then: Callable[[], None] | None = then
        window.installEventFilter(self)
        QTimer.singleShot(1000, self, self._go)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.UpdateRequest:  # the paint follows this filter: next round
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._go)
        return False

    def _go(self) -> None:
        then, self.then = self.then, None
        if then is not None:
            then()


@guard_qt
class _KeepOpen(QObject):
    """Ignores closing a window while its library is being replaced (put back afterwards)."""

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Close:
            event.ignore()
            return True
        return False


class CurrentWindow(QObject):
    """The window on screen and the services it opened, as at start-up (``launch``). Restoring a
    backup replaces both, following services/backups.py's protocol:

    1. the window lets go of the library (``MainWindow.stand_down``: no input, no timers) and
       what its lanes have under way finishes; the GUI thread does not wait for it, it looks again
       every few milliseconds;
    2. its services are closed (the engine disposed);
    3. ``BackupService.restore`` checks the backup on a copy, keeps the library as it was as a
       "before restore" backup and puts the copy in place, on a worker;
    4. a new window opens the library like at start-up (an older backup is upgraded by the
       migrations) and takes the old one's place; the old one is closed once the new one shows,
       so the application does not quit in between.

    A refused restore (a damaged or foreign file, a full disk) leaves the library as it was: it
    is opened again the same way and the refusal is shown.

    Signals: ``restored(object)`` once the new window has the library open: the "before restore"
    BackupInfo (None when there was no library), or the exception that refused the restore."""

    restored = Signal(object)

    POLL_MS = 50
    NETWORK_WAIT_MS = 20_000  # at the end of the run: a request under way ends within its timeouts

    def __init__(
        self,
        paths: AppPaths,
        open_services: Callable | StagedOpen,
        crash: CrashHandler,
        give_up: Callable[[int], None],
        settings: Settings | None = None,
        *,
        restore_backups: Callable[[int], BackupService | ServerBackupService],
    ):
        """``open_services()`` opens the library; ``restore_backups(keep)`` gives the backups of
        the closed library, to restore one (both built by ``app``, the composition root)."""
        super().__init__()
        self.paths, self.open_services, self.crash, self.give_up = paths, open_services, crash, give_up
        self.restore_backups = restore_backups
        self.settings = settings or Settings()
        self.window: MainWindow | None = None
        self.opened: list = []  # the current window's services, once open
        self.restoring: Path | None = None
        self._lane = TaskRunner(self)  # the restore itself
        self._keep_open = _KeepOpen(self)
        self._waiting = QTimer(self, interval=self.POLL_MS)
        self._waiting.timeout.connect(self._when_idle)

    def start(self, hidden: bool = False) -> MainWindow:
        """The first window (``hidden``: started at login, watching in the background)."""
        self._adopt(*launch(self.paths, self.open_services, self.crash, self.give_up, self.settings, hidden=hidden))
        return self.window

    def _adopt(self, window: MainWindow, opened: list) -> None:
        self.window, self.opened = window, opened
        window.restore_requested.connect(self.restore)

    # -- restoring ---------------------------------------------------------------------------
    def restore(self, path: Path) -> None:
        """Replace the library with the backup at ``path`` (asked for and confirmed in Backups…)."""
        if self.restoring is not None or self.window is None or not self.opened:
            return
        self.restoring = Path(path)
        log.info("restoring %s: closing the library first", path)
        self.window.installEventFilter(self._keep_open)
        self._waiting.start()
        self._when_idle()  # stops the waiting when nothing is under way

    def _stand_down_text(self) -> str:
        from watchtracker.ui.transfer.backups_dialog import describe_backup

        window = self.window
        what = describe_backup(self.restoring)
        if window.refresh_lane.busy or window.online_lane.busy:
            return self.tr("Restoring {backup} once TVmaze has answered…").format(backup=what)
        return self.tr("Restoring {backup}…").format(backup=what)

    def _when_idle(self) -> None:
        window = self.window
        window.stand_down(self._stand_down_text())  # again: a job that ended may have started a timer
        if not window.idle:
            return
        self._waiting.stop()
        for services in self.opened:
            services.close()  # disposes the engine: no connection to the library is left
        self.opened = []
        path = self.restoring
        backups = self.restore_backups((window.settings or self.settings).backups_to_keep)
        self._lane.run(lambda: backups.restore(path), self._on_restored, self._on_refused)

    def _on_restored(self, kept) -> None:
        from watchtracker.ui.transfer.backups_dialog import describe_backup

        restored = describe_backup(self.restoring)
        if kept is not None:
            text = self.tr("Restored {backup}. The library as it was is kept as a “Before restore” backup.")
        else:
            text = self.tr("Restored {backup}.")
        said = text.format(backup=restored)

        def say(window: MainWindow) -> None:
            window.statusBar().showMessage(said)
            self.restored.emit(kept)

        self._reopen(say)

    def _on_refused(self, exc: BaseException) -> None:
        from watchtracker.ui.transfer.backups_dialog import describe_backup

        what = describe_backup(self.restoring)
        said = self.tr("{backup} was not restored; the library is as it was.").format(backup=what)
        said = said[:1].upper() + said[1:]  # "the backup of …" begins the sentence
        if isinstance(exc, StorageError):
            log.warning("restore refused: %s", exc)
        else:  # a bug; the library is as it was or restored, either way open it again
            self.crash.handle(type(exc), exc, exc.__traceback__)

        def say(window: MainWindow) -> None:
            window.statusBar().showMessage(said)
            if isinstance(exc, StorageError):
                messages.critical(window, str(exc))
            self.restored.emit(exc)

        self._reopen(say)

    def _reopen(self, say: Callable[[MainWindow], None]) -> None:
        old = self.window
        old.save_state()  # the new window takes its size and columns from there
        settings = old.settings or self.settings
        # the new window is shown before the old one closes: the application never has no window
        window, opened = launch(
            self.paths, self.open_services, self.crash, self.give_up, settings, on_open=say, refresh_in_ms=30_000
        )  # time to read what was said
        self._adopt(window, opened)
        self.restoring = None
        old.removeEventFilter(self._keep_open)
        old.close()
        old.deleteLater()

    # -- the end ---------------------------------------------------------------------------------
    def wait(self) -> None:
        """At the end of the run: let what is under way finish (a schema upgrade is never cut off)."""
        window = self.window
        self._lane.wait()
        if window is not None:
            window.refresh_lane.wait(self.NETWORK_WAIT_MS)
            window.online_lane.wait(self.NETWORK_WAIT_MS)
            window.side_lane.wait()
            window.library_lane.wait()

    def close_services(self) -> None:
        for services in self.opened:
            services.close()
        self.opened = []

    def finish(self) -> None:
        """At the end of the run, once the event loop has returned, in this order: the window's
        work is cancelled (a refresh or a feed poll under way stops at its next show or feed,
        recording nothing about the rest; what waits on the network lanes is dropped; nothing new
        starts), then what is still under way finishes, then the services are closed: nothing
        runs on a closed client or a disposed engine, so nothing fails for the close's sake."""
        if self.window is not None:
            self.window.stop_work()  # closing it did already; the loop may have ended otherwise
        self.wait()  # however long: a schema upgrade must not be cut off
        QApplication.processEvents()  # deliver what finished meanwhile, so it is closed below
        self.close_services()


def run_gui(
    paths: AppPaths,
    open_services: Callable | StagedOpen,
    settings: Settings | None = None,
    *,
    restore_backups: Callable[[int], BackupService | ServerBackupService],
    hidden: bool = False,
) -> int:
    app = make_qapplication()
    crash = CrashHandler(paths.log_file)
    crash.install()
    channel = instance_channel_name(paths.data)
    try:
        lock = acquire_instance_lock(paths.lock_file)
    except AlreadyRunning as exc:
        if ask_the_open_window_to_come_forward(channel):
            log.info("watchtracker is already open on %s: its window was brought forward", paths.data)
            return 0
        messages.information(None, str(exc))  # it could not be reached: say where it is
        return 1
    except StorageError as exc:
        messages.critical(None, str(exc))
        return 1
    server: QLocalServer | None = None
    try:
        current = CurrentWindow(
            paths,
            open_services,
            crash,
            app.exit,
            settings,  # a restore replaces it
            restore_backups=restore_backups,
        )
        current.start(hidden=hidden)
        # once the window is up (a second launch meanwhile tries again for a moment)
        if lock.held:  # only the lock's holder answers on the folder's name
            server = listen_for_second_launches(channel, lambda token: bring_forward(current.window, token), app)
        # Ctrl+C in the terminal closes the window properly (saving its layout); the timer lets
        # Python look at signals while Qt waits for events
        signal.signal(signal.SIGINT, lambda *_: current.window.close())
        wake = QTimer(interval=300)
        wake.timeout.connect(lambda: None)
        wake.start()
        code = app.exec()
        current.finish()
        return code
    finally:
        if server is not None:
            server.close()  # before the lock: a new first window takes the name over anyway
        lock.unlock()
