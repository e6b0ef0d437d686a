"""Before Qt opens a window on Linux: are the system libraries its display plugin needs there?

A bare Debian lacks some of them (libxcb-icccm4, libxcb-keysyms1, libxcb-cursor0 ...), and Qt
then aborts with "no Qt platform plugin could be initialized. Reinstalling the application may
fix this problem", which sends people the wrong way. This asks the system's dynamic loader
(``ldd``) which libraries the plugin cannot find, so the user is told which packages to install.
Nothing is loaded: ``ldd`` only reads the plugin's list."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)
_PLUGIN_FILES = {"xcb": "libqxcb.so", "wayland": "libqwayland.so"}


def platform_in_use(environ: dict[str, str] | None = None) -> str | None:
    """The display plugin Qt will try first: the one named in QT_QPA_PLATFORM, else Wayland in a
    Wayland session, else X11 (xcb). None off Linux and the BSDs."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return None
    chosen = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if chosen:
        return chosen
    return "wayland" if env.get("WAYLAND_DISPLAY") else "xcb"


def missing_in(ldd_output: str) -> list[str]:
    """The libraries ``ldd`` could not find, each once, in its order."""
    seen: list[str] = []
    for name in _NOT_FOUND.findall(ldd_output):
        if name not in seen:
            seen.append(name)
    return seen


def debian_package(library: str) -> str:
    """The usual Debian/Ubuntu package of a library: libxcb-icccm.so.4 → libxcb-icccm4,
    libxkbcommon-x11.so.0 → libxkbcommon-x11-0, libEGL.so.1 → libegl1."""
    match = re.match(r"^(.+?)\.so\.(\d+)", library)
    if match is None:
        return library
    name, number = match.group(1).lower(), match.group(2)
    return f"{name}-{number}" if name[-1].isdigit() else f"{name}{number}"


class LibraryCheck:
    """``ldd`` run in the background (``start``): it takes 50-80 ms, spent while the window's
    modules are imported instead of before; ``missing()`` waits for its answer."""

    def __init__(self, process: subprocess.Popen[str] | None):
        self.process = process

    def missing(self) -> list[str]:
        """The system libraries the display plugin needs and the system lacks ([] when all are
        there, or when it cannot be told: no ldd, another platform, the plugin not found)."""
        if self.process is None:
            return []
        try:
            out, _ = self.process.communicate(timeout=10)
        except (OSError, subprocess.SubprocessError):
            self.process.kill()
            return []
        return missing_in(out)


def start(platform: str | None = None) -> LibraryCheck:
    platform = platform if platform is not None else platform_in_use()
    plugin_file = _PLUGIN_FILES.get(platform or "")
    ldd = shutil.which("ldd")
    if plugin_file is None or ldd is None:
        return LibraryCheck(None)
    try:
        import PySide6
    except ImportError:
        return LibraryCheck(None)
    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / plugin_file
    if not plugin.is_file():
        return LibraryCheck(None)
    try:
        process = subprocess.Popen([ldd, str(plugin)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    except OSError:
        return LibraryCheck(None)
    return LibraryCheck(process)


def missing_libraries(platform: str | None = None) -> list[str]:
    """``start(platform).missing()``, at once."""
    return start(platform).missing()


def explain(missing: list[str]) -> str:
    packages = " ".join(dict.fromkeys(debian_package(m) for m in missing))
    return (
        f"cannot open a window: the system lacks {', '.join(missing)}, which Qt needs to draw on this desktop. "
        f"On Debian or Ubuntu: sudo apt install {packages} (README: 'System libraries'). "
        "The commands work without them (watchtracker --help)."
    )


__all__ = ["LibraryCheck", "debian_package", "explain", "missing_in", "missing_libraries", "platform_in_use", "start"]
