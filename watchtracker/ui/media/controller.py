"""The media servers in the window: Library → Media servers… (one dialog at a time, window-modal),
a sync of every connection soon after start-up (the catch-up since the last one) and then every
``media_sync_minutes`` on the refresh lane, and marking played on the servers what the viewer
marks watched here (write-back), for the connections that ask for it.

A background sync never opens a dialog: what it changed goes to the change bus, a line to the
status bar when something changed or failed; the failure itself is kept on its connection and
shown in the dialog."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from watchtracker.domain.i18n import translate
from watchtracker.errors import WatchtrackerError
from watchtracker.services.changes import Changes

from watchtracker.ui.changes import ChangeBus
from watchtracker.ui.commands import WatchCommand
from watchtracker.ui.tasks import Breathing, Lane, ProgressRelay

if TYPE_CHECKING:
    from watchtracker.services.library import LibraryService
    from watchtracker.services.media import Connection, MediaServerService, SyncReport
    from watchtracker.services.transfer.importer import ImportService

    from watchtracker.ui.online.controller import OnlineController

log = logging.getLogger(__name__)

MINUTES_RANGE = (1, 1440)


class MediaController(QObject):
    """What a sync changed goes to the change bus, what went wrong to ``status``.

    ``writes_back``: some connection (not paused) marks played there what is marked watched
    here; kept from the last reading of the connections (at start-up, each sync, the dialog).

    Live: each Jellyfin and Emby connection not paused has a listener on its WebSocket
    (``MediaServerService.events``, a thread of its own); the items an event names are synced at
    once on the online lane (``sync_items``), events arriving meanwhile gathered into the next.
    Signal ``events_arrived(connection id, keys)`` carries them from the listener's thread."""

    events_arrived = Signal(int, list)

    def __init__(
        self,
        window: QWidget,
        *,
        library_lane: Lane,
        online_lane: Lane,
        refresh_lane: Lane,
        bus: ChangeBus,
        status: Callable[[str, int], None],
        report_error: Callable[[BaseException], None],
        online: OnlineController | None = None,
        minutes: int = 15,
        parent=None,
    ):
        super().__init__(parent)
        self.window = window
        self.library_lane, self.online_lane, self.refresh_lane = library_lane, online_lane, refresh_lane
        self.bus, self.status, self.report_error, self.online = bus, status, report_error, online
        self.media: MediaServerService | None = None
        self.importer: ImportService | None = None
        self.library: LibraryService | None = None
        self.writes_back = False
        self.dialog = None  # MediaServersDialog, while one is open
        self.syncing = False
        self.minutes = _clamp(minutes)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.sync_all)
        self.first = QTimer(self)  # the catch-up at start-up; a child, so that the window's stop stops it
        self.first.setSingleShot(True)
        self.first.timeout.connect(self.sync_all)
        self._stack: QUndoStack | None = None
        self._index = 0
        self.listeners: dict[int, Any] = {}  # connection id -> ServerEvents, started
        self._waiting: dict[int, list[str]] = {}  # keys heard while that connection's items sync
        self._busy: set[int] = set()
        self._stopped = False
        self.events_arrived.connect(self._on_events)
        self._relay = ProgressRelay(self)  # a background sync lets the window paint (services.pace)

    def attach(
        self, media: MediaServerService | None, library: LibraryService | None, importer: ImportService | None
    ) -> None:
        self.media, self.library, self.importer = media, library, importer

    def start(self, first_in_ms: int = 3000) -> None:
        """A catch-up soon (since the last sync), then every ``minutes``."""
        if self.media is None:
            return
        self.first.start(first_in_ms)
        self.timer.start(self.minutes * 60_000)

    def set_minutes(self, minutes: int) -> None:
        self.minutes = _clamp(minutes)
        if self.timer.isActive():
            self.timer.start(self.minutes * 60_000)

    # -- the dialog ------------------------------------------------------------------------
    def show_dialog(self) -> None:
        media = self.media
        if media is None or self.dialog is not None:  # one at a time
            return
        from watchtracker.ui.media.dialog import MediaServersDialog

        dialog = MediaServersDialog(
            media,
            read=self.library_lane.run,
            ask=self.online_lane.run,
            open_kept=self.show_kept if self.importer is not None and self.library is not None else None,
            on_synced=lambda report: self._publish([report], said=False),
            on_connections=self._remember,
            parent=self.window,
        )
        dialog.finished.connect(lambda _result: self._forget_dialog(dialog))
        self.dialog = dialog
        dialog.open()  # window-modal

    def _forget_dialog(self, dialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def show_kept(self, parent: QWidget) -> None:
        """The shows kept for later: the import's list, the servers' shows among them."""
        importer, library = self.importer, self.library
        if importer is None or library is None:
            return
        from watchtracker.ui.transfer.pending_dialog import PendingDialog

        online = self.online
        find_online = online.choose_show if online is not None and online.online is not None else None

        def opened(titles: list[tuple[int, str]]) -> None:
            dialog = PendingDialog(
                importer,
                titles,
                write=self.library_lane.run,
                find_online=find_online,
                parent=parent,
                on_imported=self.bus.publish,
            )

            def closed(_result: int) -> None:
                dialog.deleteLater()
                if self.dialog is not None:
                    self.dialog.reload()  # the counts of shows kept for later

            dialog.finished.connect(closed)
            dialog.open()

        self.library_lane.run(library.titles, opened, self.report_error)

    def _remember(self, connections: list[Connection]) -> None:
        self.writes_back = any(c.write_back and not c.paused for c in connections)
        self._listen(connections)

    # -- live events (Jellyfin, Emby) -----------------------------------------------------
    def _listen(self, connections: list[Connection]) -> None:
        """Listeners for the connections that can send events and are not paused; those of a
        connection removed or paused meanwhile stop."""
        media = self.media
        if media is None or self._stopped:
            return
        wanted = {c.id for c in connections if c.kind in ("jellyfin", "emby") and not c.paused}
        for cid in list(self.listeners):
            if cid not in wanted:
                self.listeners.pop(cid).stop(wait=0)
        for cid in wanted - set(self.listeners):
            self.listeners[cid] = None  # being made (the keyring and the library are read on a lane)

            def made(listener, cid=cid) -> None:
                if listener is None:  # a kind that is polled only
                    self.listeners.pop(cid, None)
                elif self._stopped or cid not in self.listeners:
                    listener.stop(wait=0)  # removed or paused while it was being made
                else:
                    self.listeners[cid] = listener
                    listener.start()

            def not_made(exc: BaseException, cid=cid) -> None:
                self.listeners.pop(cid, None)
                log.info("no events from media server %s: %s", cid, exc)  # polled instead

            self.library_lane.run(
                lambda cid=cid: media.events(cid, lambda keys, cid=cid: self.events_arrived.emit(cid, keys)),
                made,
                not_made,
            )

    def _on_events(self, cid: int, keys: list) -> None:
        media = self.media
        if media is None or self._stopped:
            return
        self._waiting.setdefault(cid, []).extend(keys)
        if cid in self._busy:
            return  # gathered for the next round
        keys = self._waiting.pop(cid)
        self._busy.add(cid)

        def done(report: SyncReport) -> None:
            self._busy.discard(cid)
            self._publish([report], said=True)
            if cid in self._waiting:
                self._on_events(cid, [])

        def failed(exc: BaseException) -> None:
            self._busy.discard(cid)
            if isinstance(exc, WatchtrackerError):  # kept on the connection; the next sync tries again
                log.info("media server event not synced: %s", exc)
            else:
                self.report_error(exc)

        breath = Breathing(self._relay)
        self.online_lane.run(lambda: media.sync_items(cid, keys, progress=breath), done, failed)

    def stop(self) -> None:
        """The window is closing: the listeners stop (their threads end within a second)."""
        self._stopped = True
        for listener in self.listeners.values():
            if listener is not None:
                listener.stop(wait=0)
        self.listeners.clear()

    # -- syncing ---------------------------------------------------------------------------
    def sync_all(self) -> None:
        """Every connection not paused, on the refresh lane; nothing when there is none (a
        cheap reading on the library lane first)."""
        media = self.media
        if media is None or self.syncing:
            return
        self.syncing = True

        def read(connections: list[Connection]) -> None:
            self._remember(connections)
            names = [c.name for c in connections if not c.paused]
            if not names:
                self.syncing = False
                return
            cancel = self.refresh_lane.cancelled
            breath = Breathing(self._relay)
            self.refresh_lane.run(
                lambda: media.sync_all(cancel=cancel, progress=breath),
                lambda results: self._synced(names, results),
                self._failed,
            )

        self.library_lane.run(media.connections, read, self._failed)

    def _synced(self, names: list[str], results: list[SyncReport | WatchtrackerError]) -> None:
        self.syncing = False
        named = zip(names, results, strict=False) if len(names) == len(results) else (("", r) for r in results)
        problems = []
        for name, result in named:
            if isinstance(result, WatchtrackerError):
                line = " ".join(str(result).split())
                problems.append(f"{name}: {line}" if name and not line.startswith(name) else line)
        self._publish([r for r in results if not isinstance(r, WatchtrackerError)], said=True, problems=problems)
        if self.dialog is not None:
            self.dialog.reload()

    def _publish(self, reports: list[SyncReport], *, said: bool, problems: list[str] | None = None) -> None:
        changes = Changes()
        lines = []
        for report in reports:
            changes |= report.changes
            if report.changes or report.added or report.removed:
                lines.append(report.line())
        self.bus.publish(changes)
        lines.extend(problems or ())
        if said and lines:
            self.status("  ".join(lines), 15000)

    def _failed(self, exc: BaseException) -> None:
        self.syncing = False
        if isinstance(exc, WatchtrackerError):  # the library itself: said, never a dialog
            log.warning("media servers not synced: %s", exc)
            self.status(translate("MediaController", "Media servers not synced: {error}").format(error=exc), 15000)
        else:
            self.report_error(exc)

    # -- write-back ------------------------------------------------------------------------
    def follow(self, stack: QUndoStack) -> None:
        """Hear of every mark watched (or unwatched) made, undone or redone on ``stack``."""
        self._stack, self._index = stack, stack.index()
        stack.indexChanged.connect(self._on_index_changed)
        stack.destroyed.connect(self._forget_stack)

    def _forget_stack(self, *_args: object) -> None:
        self._stack = None

    def _on_index_changed(self, index: int) -> None:
        stack, before = self._stack, self._index
        self._index = index
        if stack is None or stack.count() == 0:
            return  # cleared
        # (watched, again): "watch again" is one more play there too, even of one played there already
        marks: dict[tuple[bool, bool], list[int]] = {(True, False): [], (True, True): [], (False, False): []}
        if index > before:  # done (pushed after it ran) or redone
            for i in range(before, index):
                command = stack.command(i)
                if isinstance(command, WatchCommand):
                    key = (False, False) if command.action == "unmark" else (True, command.action == "rewatch")
                    marks[key].extend(command.episode_ids)
        else:  # undone
            for i in range(index, before):
                command = stack.command(i)
                if isinstance(command, WatchCommand):
                    marks[(True, False) if command.action == "unmark" else (False, False)].extend(command.episode_ids)
        for (watched, again), ids in marks.items():
            if ids:
                self.write_back(ids, watched, again=again)

    def write_back(self, episode_ids: list[int], watched: bool, *, again: bool = False) -> None:
        """Mark these episodes played (unplayed) on the servers that ask for it, once what the
        library lane has been asked to do is done (an undo runs there after the stack moved);
        ``again``: watched once more (played there even if it was already)."""
        media = self.media
        if media is None or not self.writes_back or not episode_ids:
            return
        ids, cancel = list(dict.fromkeys(episode_ids)), self.refresh_lane.cancelled

        def then(_: Any = None) -> None:
            self.refresh_lane.run(
                lambda: media.write_back(ids, watched, cancel, again=again), self._written_back, self._not_back
            )

        self.library_lane.run(lambda: None, then, then)

    def _written_back(self, problems: list[str]) -> None:
        if problems:
            self.status(
                translate("MediaController", "Not marked on the media server: {problem}").format(
                    problem=" ".join(problems[0].split())
                ),
                15000,
            )

    def _not_back(self, exc: BaseException) -> None:
        if not isinstance(exc, WatchtrackerError):
            self.report_error(exc)
            return
        log.warning("write-back failed: %s", exc)
        self._written_back([str(exc)])


def _clamp(minutes: int) -> int:
    return max(MINUTES_RANGE[0], min(int(minutes), MINUTES_RANGE[1]))


__all__ = ["MediaController"]
