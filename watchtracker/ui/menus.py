"""The window's menu bar: Library, Edit, View, Help. Each action calls a controller (or the
window, for navigation); the window keeps the actions it enables and disables."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from watchtracker.domain.i18n import translate

from watchtracker.ui.help import ShortcutsDialog, keys

if TYPE_CHECKING:
    from watchtracker.ui.main_window import MainWindow

Shortcut = str | QKeySequence | QKeySequence.StandardKey | list[QKeySequence | QKeySequence.StandardKey] | None


@dataclass
class Actions:
    add_online: QAction
    add: QAction
    refresh: QAction
    feeds: QAction
    example: QAction
    import_history: QAction
    export_library: QAction
    backups: QAction
    media_servers: QAction
    reload: QAction
    undo: QAction
    redo: QAction
    find: QAction
    preferences: QAction
    library: QAction
    sections: dict[str, QAction]  # View > Up next … Statistics (Ctrl+2 … Ctrl+6)
    back: QAction


def _add(menu, text: str, slot: Callable, shortcut: Shortcut = None, tip: str | None = None) -> QAction:
    action = menu.addAction(text, slot)
    if shortcut is not None:
        # every binding of a standard key, no empty ones (the menu shows the first), none twice
        action.setShortcuts(keys(*(shortcut if isinstance(shortcut, list) else [shortcut])))
    if tip is not None:
        action.setStatusTip(tip)
    return action


def back_keys() -> list[QKeySequence]:
    """The platform's Back keys, and Alt+Left where the platform does not already have it: given
    twice, Qt finds the shortcut ambiguous and neither works."""
    return keys(QKeySequence.StandardKey.Back, "Alt+Left")


def build_menus(w: MainWindow, sections: tuple[str, ...], labels: dict[str, str]) -> Actions:
    library, transfer, online = w.library_controller, w.transfer_controller, w.online_controller

    m = w.menuBar().addMenu(translate("menus", "&Library", "the menu"))
    add_online = _add(
        m, translate("menus", "&Add series from TVmaze…"), online.add_series, QKeySequence.StandardKey.New
    )
    add = _add(m, translate("menus", "Add series &by hand…"), library.add_series, "Ctrl+Shift+N")
    refresh = _add(m, translate("menus", "Refresh &now (TVmaze and news feeds)"), w.refresh_now, "Ctrl+R")
    feeds = _add(m, translate("menus", "News &feeds…"), w.manage_feeds)
    example = _add(m, translate("menus", "Load the &example library"), library.load_example)
    m.addSeparator()
    import_history = _add(
        m,
        translate("menus", "&Import your history…"),
        transfer.import_history,
        "Ctrl+I",
        translate("menus", "From TV Time, Trakt, SeriesGuide, IMDb or a watchtracker export"),
    )
    export_library = _add(
        m,
        translate("menus", "E&xport the library…"),
        transfer.export_library,
        tip=translate("menus", "Everything as watchtracker JSON, or the viewings as CSV"),
    )
    backups = _add(
        m,
        translate("menus", "Bac&kups…"),
        transfer.show_backups,
        tip=translate("menus", "The copies of the library: make one now, or restore one"),
    )
    media_servers = _add(
        m,
        translate("menus", "&Media servers…"),
        w.media_controller.show_dialog,
        tip=translate("menus", "Jellyfin, Emby, Plex or Kodi: what you play there is marked watched here"),
    )
    m.addSeparator()
    reload = _add(m, translate("menus", "&Reload"), w.reload_everything, QKeySequence.StandardKey.Refresh)
    m.addSeparator()
    _add(m, translate("menus", "&Quit"), w.quit, [QKeySequence.StandardKey.Quit, "Ctrl+Q"])

    e = w.menuBar().addMenu(translate("menus", "&Edit"))
    undo = w.undo_stack.createUndoAction(w, translate("menus", "&Undo"))
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo = w.undo_stack.createRedoAction(w, translate("menus", "&Redo"))
    redo.setShortcut(QKeySequence.StandardKey.Redo)
    e.addAction(undo)
    e.addAction(redo)
    e.addSeparator()
    find = _add(e, translate("menus", "&Find in library"), w.focus_search, QKeySequence.StandardKey.Find)
    e.addSeparator()
    preferences = _add(
        e,
        translate("menus", "Pr&eferences…"),
        w.edit_preferences,
        [QKeySequence.StandardKey.Preferences, QKeySequence("Ctrl+,")],
    )

    v = w.menuBar().addMenu(translate("menus", "&View"))
    show_library = _add(v, translate("menus", "&Library", "View menu: go to the section"), w.show_library, "Ctrl+1")
    by_name = {
        name: _add(v, labels[name], lambda name=name: w.show_section(name), f"Ctrl+{i}")
        for i, name in enumerate(sections[1:], start=2)
    }
    back = _add(v, translate("menus", "&Back"), w.detail_controller.back, back_keys())

    h = w.menuBar().addMenu(translate("menus", "&Help"))
    _add(
        h, translate("menus", "Open the &data folder"), lambda: w.open_file(w.database_path and w.database_path.parent)
    )
    _add(h, translate("menus", "Open the &log file"), lambda: w.open_file(w.crash_handler and w.crash_handler.log_file))
    h.addSeparator()
    _add(h, translate("menus", "&Keyboard shortcuts"), lambda: ShortcutsDialog(w.menuBar(), w).exec(), "Ctrl+/")
    h.addSeparator()
    _add(h, translate("menus", "&About watchtracker"), w.about)

    return Actions(
        add_online=add_online,
        add=add,
        refresh=refresh,
        feeds=feeds,
        example=example,
        import_history=import_history,
        export_library=export_library,
        backups=backups,
        media_servers=media_servers,
        reload=reload,
        undo=undo,
        redo=redo,
        find=find,
        preferences=preferences,
        library=show_library,
        sections=by_name,
        back=back,
    )


__all__ = ["Actions", "build_menus"]
