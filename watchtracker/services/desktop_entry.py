"""watchtracker in the desktop's applications menu (freedesktop.org desktops: Linux and the BSDs).

The files are in resources/desktop/, named by the application id ``APP_ID``: the desktop entry
(``<id>.desktop``), the AppStream metainfo (``<id>.metainfo.xml``) and the hicolor icons
(``icons/hicolor/<size>/apps/<id>.png|svg``). A distribution package copies them as they are into
/usr/share/applications, /usr/share/metainfo and /usr/share/icons; its ``Exec=watchtracker`` is
found on the PATH.

``install_for_user`` puts them under $XDG_DATA_HOME (by default ~/.local/share) for this user
alone, with ``Exec`` and ``TryExec`` set to the absolute path of the ``watchtracker`` that runs
(so an app installed in a virtual environment starts from the menu without that environment on
the PATH; if the environment is removed, ``TryExec`` hides the entry). ``uninstall_for_user``
removes exactly those files. Each file is written whole or not at all. No Qt here.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from pathlib import Path

from watchtracker.domain.i18n import translate
from watchtracker.errors import StorageError, UserError
from watchtracker.paths import resource_path
from watchtracker.storage.files import os_reason, write_atomically

APP_ID = "io.github.watchtracker.watchtracker"
"""The reverse-DNS id: the desktop entry's and the metainfo's file names, the icon's name, and
what the window gives Qt as its desktop file name (the Wayland app id)."""

COMMAND = "watchtracker"  # the console script (pyproject's [project.scripts])
ICON_SIZES = (48, 64, 128, 256)
FREEDESKTOP_PLATFORMS = ("linux", "freebsd", "openbsd", "netbsd")

# characters that make an argument of Exec need quoting (Desktop Entry spec, "The Exec key")
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def _files() -> list[tuple[Path, Path]]:
    """(source under resources/desktop, target relative to the data home), the icons first and
    the desktop entry last: the menu shows the entry only once what it names is there."""
    icons = [Path("icons", "hicolor", f"{n}x{n}", "apps", f"{APP_ID}.png") for n in ICON_SIZES]
    icons.append(Path("icons", "hicolor", "scalable", "apps", f"{APP_ID}.svg"))
    pairs = [(icon, icon) for icon in icons]  # the same layout in resources/desktop as in the data home
    pairs.append((Path(f"{APP_ID}.metainfo.xml"), Path("metainfo", f"{APP_ID}.metainfo.xml")))
    pairs.append((Path(f"{APP_ID}.desktop"), Path("applications", f"{APP_ID}.desktop")))
    return [(resource_path("desktop", *source.parts), target) for source, target in pairs]


def data_home(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Where a user's data files go: ``explicit``, else $XDG_DATA_HOME if it is an absolute path
    (the XDG spec says to ignore a relative one), else ~/.local/share."""
    if explicit is not None:
        return Path(explicit)
    env = os.environ.get("XDG_DATA_HOME", "")
    if env and os.path.isabs(env):
        return Path(env)
    return Path.home() / ".local" / "share"


def installed_paths(home: str | os.PathLike[str] | None = None) -> list[Path]:
    """Every file ``install_for_user`` writes, in the order it writes them."""
    base = data_home(home)
    return [base / target for _, target in _files()]


def launch_command() -> list[str]:
    """How the menu starts this very installation: the ``watchtracker`` script that is running,
    else the one beside this Python (a virtual environment's bin/), else the one on the PATH,
    else this Python with ``-m watchtracker``. Absolute paths, symlinks kept as they are (a
    venv's python is a link out of the venv: resolving it would leave the venv)."""
    argv0 = sys.argv[0] if sys.argv else ""
    candidates = [argv0] if Path(argv0).name == COMMAND else []
    candidates.append(os.path.join(os.path.dirname(sys.executable), COMMAND))
    candidates.append(shutil.which(COMMAND) or "")
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return [os.path.abspath(candidate)]
    return [os.path.abspath(sys.executable), "-m", "watchtracker"]


def exec_value(argv: list[str]) -> str:
    """``argv`` as the value of an Exec key: an argument with a reserved character is quoted
    (backslash before ``"``, `` ` ``, ``$`` and ``\\`` inside the quotes), ``%`` doubled, then
    the string escapes of every value (a backslash doubled)."""
    words = []
    for arg in argv:
        if any(c in _RESERVED for c in arg):
            inner = "".join("\\" + c if c in '"`$\\' else c for c in arg)
            arg = f'"{inner}"'
        words.append(arg.replace("%", "%%"))
    return " ".join(words).replace("\\", "\\\\")


def entry_text(template: str, argv: list[str]) -> str:
    """The desktop entry with Exec (and TryExec: the program) set to ``argv``."""
    for arg in argv:
        if any(ord(c) < 0x20 or c == "\x7f" for c in arg):
            raise UserError(
                translate(
                    "desktop_entry",
                    "watchtracker's path {path} has a control character in it, which a desktop entry "
                    "cannot hold. Install watchtracker in a folder with a plain name, then try again.",
                ).format(path=repr(arg))
            )
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            line = "Exec=" + exec_value(argv)
        elif line.startswith("TryExec="):
            line = "TryExec=" + argv[0].replace("\\", "\\\\")
        lines.append(line)
    return "\n".join(lines) + "\n"


def _check_platform() -> None:
    if not sys.platform.startswith(FREEDESKTOP_PLATFORMS):
        if sys.platform == "win32":
            text = translate(
                "desktop_entry",
                "watchtracker can add itself to the applications menu only on Linux and the BSDs so far; "
                "a Start menu shortcut is not done yet. Start it with the watchtracker command.",
            )
        elif sys.platform == "darwin":
            text = translate(
                "desktop_entry",
                "watchtracker can add itself to the applications menu only on Linux and the BSDs so far; "
                "an app bundle is not done yet. Start it with the watchtracker command.",
            )
        else:
            text = translate(
                "desktop_entry",
                "watchtracker can add itself to the applications menu only on Linux and the BSDs so far; "
                "this system's way is not done yet. Start it with the watchtracker command.",
            )
        raise UserError(text)


def install_for_user(home: str | os.PathLike[str] | None = None, argv: list[str] | None = None) -> list[Path]:
    """Install the desktop entry, the metainfo and the icons for this user under ``home`` (see
    ``data_home``), the entry starting ``argv`` (default: ``launch_command()``). Files already
    there are replaced. Returns the files written. UserError on a system without freedesktop
    menus; StorageError when a file cannot be written (those written before it stay, each whole:
    run it again, or uninstall)."""
    _check_platform()
    argv = argv or launch_command()
    base = data_home(home)
    files = _files()
    missing = [source for source, _ in files if not source.is_file()]
    if missing:
        raise UserError(
            translate(
                "desktop_entry",
                "This installation of watchtracker lacks its desktop files (such as {file}). "
                "Reinstall watchtracker, then try again.",
            ).format(file=missing[0])
        )
    written: list[Path] = []
    for source, target in files:
        path = base / target
        data = source.read_bytes()
        if path.suffix == ".desktop":
            data = entry_text(data.decode("utf-8"), argv).encode("utf-8")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, data)
        except OSError as exc:
            raise StorageError(
                translate(
                    "desktop_entry",
                    "watchtracker could not write {path}: {reason}. {so_far}Fix that, then run it again.",
                ).format(path=path, reason=os_reason(exc), so_far=_files_so_far(written))
            ) from exc
        written.append(path)
    _touch_icon_theme(base)
    return written


def config_home(explicit: str | os.PathLike[str] | None = None) -> Path:
    """$XDG_CONFIG_HOME, else ~/.config (the XDG Base Directory specification)."""
    if explicit is not None:
        return Path(explicit)
    value = os.environ.get("XDG_CONFIG_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".config"


def autostart_path(home: str | os.PathLike[str] | None = None) -> Path:
    return config_home(home) / "autostart" / f"{APP_ID}.desktop"


def set_autostart(on: bool, home: str | os.PathLike[str] | None = None, argv: list[str] | None = None) -> Path:
    """Start watchtracker in the background when the user logs in (the XDG autostart entry,
    ``--background`` added to its command), or stop doing so. Returns the entry's path.
    UserError off Linux and the BSDs; StorageError when it cannot be written or removed."""
    _check_platform()
    path = autostart_path(home)
    if not on:
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise StorageError(
                translate("desktop_entry", "watchtracker could not remove {path}: {reason}.").format(
                    path=path, reason=os_reason(exc)
                )
            ) from exc
        return path
    source = next(src for src, target in _files() if target.suffix == ".desktop")
    text = entry_text(source.read_text(encoding="utf-8"), [*(argv or launch_command()), "--background"])
    text += "X-GNOME-Autostart-enabled=true\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, text.encode("utf-8"))
    except OSError as exc:
        raise StorageError(
            translate("desktop_entry", "watchtracker could not write {path}: {reason}.").format(
                path=path, reason=os_reason(exc)
            )
        ) from exc
    return path


def uninstall_for_user(home: str | os.PathLike[str] | None = None) -> list[Path]:
    """Remove the files ``install_for_user`` writes under ``home`` (see ``data_home``), the
    desktop entry first; nothing else, not even their folders. Returns the files removed (none
    when it was not installed)."""
    _check_platform()
    base = data_home(home)
    removed: list[Path] = []
    for path in reversed(installed_paths(base)):
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise StorageError(
                translate(
                    "desktop_entry", "watchtracker could not remove {path}: {reason}. Fix that, then run it again."
                ).format(path=path, reason=os_reason(exc))
            ) from exc
        removed.append(path)
    if removed:
        _touch_icon_theme(base)
    return removed


def _files_so_far(written: list[Path]) -> str:
    """A sentence, with a space after it."""
    if not written:
        return translate("desktop_entry", "Nothing was installed.") + " "
    count = len(written)  # a plain name: lupdate drops a call whose count is a call
    return translate("desktop_entry", "%n of its files (was|were) installed before that.", "", count) + " "


def _touch_icon_theme(base: Path) -> None:
    """A newer mtime on the hicolor folder tells GTK an icon cache there is out of date (it then
    reads the folders instead), as gtk-update-icon-cache's users do."""
    with contextlib.suppress(OSError):
        os.utime(base / "icons" / "hicolor")
