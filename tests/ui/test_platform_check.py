"""Missing display libraries are named, with the packages to install, in one line; Qt's own
abort ("Reinstalling the application may fix this problem") is never reached."""

from __future__ import annotations

import pytest

from watchtracker import app

from watchtracker.ui import platform_check

# what `ldd libqxcb.so` printed on this machine before libxcb-icccm4 and libxcb-keysyms1 were installed
LDD = """\
\tlinux-vdso.so.1 (0x00007ffd6b5f7000)
\tlibQt6XcbQpa.so.6 => /venv/lib/python3.11/site-packages/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f7094284000)
\tlibxkbcommon-x11.so.0 => /lib/x86_64-linux-gnu/libxkbcommon-x11.so.0 (0x00007f70941a1000)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f709419a000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
"""


def test_the_missing_libraries_are_read_from_ldd_once_each():
    assert platform_check.missing_in(LDD) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert platform_check.missing_in("\tlibc.so.6 => /lib/libc.so.6 (0x1)\n") == []


@pytest.mark.parametrize(
    ("library", "package"),
    [
        ("libxcb-icccm.so.4", "libxcb-icccm4"),
        ("libxcb-cursor.so.0", "libxcb-cursor0"),
        ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
        ("libEGL.so.1", "libegl1"),
        ("libdbus-1.so.3", "libdbus-1-3"),
        ("libX11-xcb.so.1", "libx11-xcb1"),
    ],
)
def test_a_library_is_named_by_its_debian_package(library, package):
    assert platform_check.debian_package(library) == package


def test_the_platform_qt_tries_first(monkeypatch):
    monkeypatch.setattr(platform_check.sys, "platform", "linux")
    assert platform_check.platform_in_use({}) == "xcb"
    assert platform_check.platform_in_use({"WAYLAND_DISPLAY": "wayland-0"}) == "wayland"
    assert platform_check.platform_in_use({"QT_QPA_PLATFORM": "offscreen"}) == "offscreen"
    assert platform_check.platform_in_use({"QT_QPA_PLATFORM": "xcb;wayland"}) == "xcb"
    assert platform_check.missing_libraries("offscreen") == []  # nothing to check
    monkeypatch.setattr(platform_check.sys, "platform", "win32")
    assert platform_check.platform_in_use({}) is None


@pytest.mark.empty_data_dir
def test_the_window_is_not_opened_and_the_packages_are_named(monkeypatch, capsys, paths):
    monkeypatch.setenv("DISPLAY", ":99")
    missing = ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    monkeypatch.setattr(platform_check, "start", lambda: type("Check", (), {"missing": lambda self: missing})())
    opened = []
    monkeypatch.setattr("watchtracker.ui.application.run_gui", lambda *a, **k: opened.append(a) or 0)
    code = app.main(["--data-dir", str(paths.data)])
    err = capsys.readouterr().err
    assert code == 1 and opened == []
    assert err.count("\n") == 1 and err.startswith("watchtracker: cannot open a window")
    assert "sudo apt install libxcb-icccm4 libxcb-keysyms1" in err and "Reinstalling" not in err
