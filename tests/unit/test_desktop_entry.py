"""watchtracker in the applications menu: the desktop entry, the AppStream metainfo and the icons
in resources/desktop are valid (desktop-file-validate and appstreamcli when they are installed,
and the rules that matter checked here in Python, for where they are not), and
services.desktop_entry installs them for a user and takes them out again, exactly."""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import stat
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from watchtracker import APP_NAME, __version__
from watchtracker.cli import desktop as cli_desktop
from watchtracker.errors import StorageError, UserError
from watchtracker.services import desktop_entry
from watchtracker.services.desktop_entry import APP_ID, install_for_user, installed_paths, uninstall_for_user

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = ROOT / "resources" / "desktop"
ENTRY = DESKTOP / f"{APP_ID}.desktop"
METAINFO = DESKTOP / f"{APP_ID}.metainfo.xml"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

# Desktop Menu spec: the main categories, and the additional ones used here with what each needs
MAIN_CATEGORIES = {
    "AudioVideo", "Audio", "Video", "Development", "Education", "Game", "Graphics", "Network",
    "Office", "Science", "Settings", "System", "Utility",
}  # fmt: skip
ADDITIONAL_NEEDS = {"TV": {"Video"}}

on_freedesktop = pytest.mark.skipif(
    not sys.platform.startswith(desktop_entry.FREEDESKTOP_PLATFORMS),
    reason="installing into the applications menu is done only for Linux and the BSDs",
)


def entry_keys(text: str) -> dict[str, str]:
    """The keys of the [Desktop Entry] group (the only group), each once."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert lines[0] == "[Desktop Entry]"
    keys: dict[str, str] = {}
    for line in lines[1:]:
        assert not line.startswith("["), f"a second group: {line}"
        key, sep, value = line.partition("=")
        assert sep and key == key.strip(), f"not a key=value line: {line!r}"
        assert key not in keys, f"{key} given twice"
        keys[key] = value
    return keys


def exec_argv(value: str) -> list[str]:
    """The arguments an Exec value stands for, read as the Desktop Entry spec says: the string
    escapes first, then quoting, then %% (a different reading from the code that writes it)."""
    escapes = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
    assert not re.search(r"\\[^snrt\\]|\\$", value.replace("\\\\", "")), f"a bad escape in {value!r}"
    value = re.sub(r"\\(.)", lambda m: escapes[m[1]], value)
    argv, i = [], 0
    while i < len(value):
        if value[i] == " ":
            i += 1
            continue
        if value[i] == '"':
            arg, i = "", i + 1
            while value[i] != '"':
                if value[i] == "\\":
                    assert value[i + 1] in '"`$\\', f"a backslash before {value[i + 1]!r} in quotes"
                    i += 1
                arg += value[i]
                i += 1
            i += 1
        else:
            end = value.find(" ", i)
            end = len(value) if end < 0 else end
            arg, i = value[i:end], end
            assert not set(arg) & set("\"'\\><~|&;$*?#()`"), f"a reserved character unquoted in {arg!r}"
        assert "%" not in arg.replace("%%", ""), f"a field code in {arg!r}"
        argv.append(arg.replace("%%", "%"))
    return argv


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def metainfo() -> ET.Element:
    return ET.parse(METAINFO).getroot()


# -- the validators, where they are installed ---------------------------------------------------


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None,
    reason="desktop-file-validate is not installed (Debian, Ubuntu: apt install desktop-file-utils); "
    "the Python checks of the desktop entry below still run",
)
def test_desktop_file_validate_passes_the_entry():
    done = subprocess.run(["desktop-file-validate", str(ENTRY)], capture_output=True, text=True)
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


@pytest.mark.skipif(
    shutil.which("appstreamcli") is None,
    reason="appstreamcli is not installed (Debian, Ubuntu: apt install appstream); "
    "the Python checks of the metainfo below still run",
)
def test_appstreamcli_passes_the_metainfo():
    done = subprocess.run(
        ["appstreamcli", "validate", "--no-net", "--pedantic", str(METAINFO)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert not re.search(r"^[EWIP]: ", done.stdout, re.MULTILINE), done.stdout  # not even a pedantic hint


@on_freedesktop
@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None,
    reason="desktop-file-validate is not installed (Debian, Ubuntu: apt install desktop-file-utils); "
    "test_exec_holds_any_path_exactly checks the same entry in Python",
)
def test_desktop_file_validate_passes_an_installed_entry_with_an_awkward_path(tmp_path):
    script = str(tmp_path / "My Apps $HOME" / 'it\'s "100%" \\ here' / "watchtracker")
    install_for_user(tmp_path / "share", argv=[script])
    installed = tmp_path / "share" / "applications" / f"{APP_ID}.desktop"
    done = subprocess.run(["desktop-file-validate", str(installed)], capture_output=True, text=True)
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


# -- the desktop entry ---------------------------------------------------------------------------


def test_the_entry_has_what_a_menu_needs():
    keys = entry_keys(ENTRY.read_text(encoding="utf-8"))
    for key in ("Type", "Name", "GenericName", "Comment", "Exec", "TryExec", "Icon", "Categories", "Keywords"):
        assert keys.get(key), f"{key} is missing or empty"
    assert keys["Type"] == "Application"
    assert keys["Terminal"] == "false"
    assert not keys["Comment"].endswith(".")


def test_the_entry_starts_the_console_script_and_names_the_icon_by_the_id():
    keys = entry_keys(ENTRY.read_text(encoding="utf-8"))
    (script,) = PYPROJECT["project"]["scripts"]
    assert exec_argv(keys["Exec"]) == [script] == [desktop_entry.COMMAND]
    assert keys["TryExec"] == script
    assert keys["Icon"] == APP_ID
    for path in installed_paths("/share"):  # every icon is named by the id
        if "icons" in path.parts:
            assert path.stem == APP_ID


def test_the_entry_is_matched_to_the_window_on_x11():
    """Qt sets WM_CLASS's class to the application name (ui/application.py: APP_NAME)."""
    assert entry_keys(ENTRY.read_text(encoding="utf-8"))["StartupWMClass"] == APP_NAME


def test_the_categories_are_registered_ones():
    keys = entry_keys(ENTRY.read_text(encoding="utf-8"))
    assert keys["Categories"].endswith(";") and keys["Keywords"].endswith(";")
    categories = set(keys["Categories"].split(";")[:-1])
    assert categories & MAIN_CATEGORIES, "no main category"
    for extra in categories - MAIN_CATEGORIES:
        assert extra in ADDITIONAL_NEEDS, f"{extra} is not a category this test knows"
        assert ADDITIONAL_NEEDS[extra] <= categories, f"{extra} needs {ADDITIONAL_NEEDS[extra]}"
    shown = {c.text for c in metainfo().iterfind("categories/category")}
    assert shown == categories


def test_the_id_is_reverse_dns_and_names_the_files():
    parts = APP_ID.split(".")
    assert len(parts) >= 3 and all(re.fullmatch(r"[a-z][a-z0-9_]*", p) for p in parts), APP_ID
    assert sorted(p.name for p in DESKTOP.glob(f"{APP_ID}.*")) == [f"{APP_ID}.desktop", f"{APP_ID}.metainfo.xml"]


# -- the metainfo ---------------------------------------------------------------------------------


def test_the_metainfo_has_what_appstream_requires():
    root = metainfo()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("project_license") == PYPROJECT["project"]["license"] == "GPL-3.0-or-later"
    assert root.findtext("name") == entry_keys(ENTRY.read_text(encoding="utf-8"))["Name"]
    summary = root.findtext("summary") or ""
    assert summary and not summary.endswith(".") and len(summary) <= 80
    assert root.find("description/p") is not None
    assert root.find("content_rating").get("type") == "oars-1.1"


def test_the_metainfo_points_at_the_entry_and_the_command():
    root = metainfo()
    launchable = root.find("launchable")
    assert launchable.get("type") == "desktop-id" and launchable.text == ENTRY.name
    assert [b.text for b in root.iterfind("provides/binary")] == list(PYPROJECT["project"]["scripts"])


def test_the_newest_release_is_this_version():
    releases = metainfo().findall("releases/release")
    assert releases, "no release"
    assert releases[0].get("version") == __version__
    dates = [date.fromisoformat(r.get("date")) for r in releases]
    assert dates == sorted(dates, reverse=True), "releases newest first"


def test_every_address_is_the_projects_own_and_every_screenshot_exists():
    """AppStream wants web addresses (appstreamcli refuses a relative path or file://), and an
    address that is a placeholder is worse than none: every <url> and screenshot must be under
    one of pyproject's [project.urls] (or its raw files on GitHub), and every screenshot a file
    in resources/screenshots. While pyproject names no address there must be none."""
    bases = list(PYPROJECT["project"].get("urls", {}).values())
    bases += [
        b.replace("https://github.com/", "https://raw.githubusercontent.com/")
        for b in bases
        if b.startswith("https://github.com/")
    ]
    root = metainfo()
    addresses = [u.text or "" for u in root.iterfind("url")]
    images = [i.text or "" for i in root.iterfind("screenshots/screenshot/image")]
    for address in addresses + images:
        assert any(address.startswith(base.rstrip("/") + "/") or address == base for base in bases), address
    for image in images:
        marker = "/resources/screenshots/"
        assert marker in image, image
        assert (ROOT / "resources" / "screenshots" / image.split(marker, 1)[1]).is_file(), image
    if not bases:
        assert addresses == [] and images == [] and root.find("screenshots") is None


# -- the icons -------------------------------------------------------------------------------------


def test_the_icons_are_the_apps_icon_at_each_size():
    hicolor = DESKTOP / "icons" / "hicolor"
    scalable = hicolor / "scalable" / "apps" / f"{APP_ID}.svg"
    assert scalable.read_bytes() == (ROOT / "resources" / "icons" / "watchtracker.svg").read_bytes()
    for size in desktop_entry.ICON_SIZES:
        assert png_size(hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png") == (size, size)
    assert sorted(p.relative_to(DESKTOP) for p in hicolor.rglob("*") if p.is_file()) == sorted(
        p.relative_to(p.parents[4]) for p in installed_paths("/share") if "icons" in p.parts
    ), "an icon is not installed, or one installed is missing"


def test_the_wheel_carries_the_desktop_files():
    """resource_path finds them under watchtracker/_resources in an installed wheel."""
    included = PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    for source in (ENTRY, METAINFO, DESKTOP / "icons"):
        rel = source.relative_to(ROOT).as_posix()
        assert included.get(rel) == "watchtracker/_resources/" + rel.removeprefix("resources/"), rel


# -- installing for a user ------------------------------------------------------------------------


@on_freedesktop
def test_install_then_uninstall_leaves_the_data_home_as_it_was(tmp_path):
    home = tmp_path / "share"
    mine = home / "applications" / "someone-else.desktop"
    mine.parent.mkdir(parents=True)
    mine.write_text("[Desktop Entry]\n")
    script = str(tmp_path / "venv" / "bin" / "watchtracker")

    written = install_for_user(home, argv=[script])
    assert written == installed_paths(home)
    assert {p.relative_to(home).as_posix() for p in written} == {
        f"applications/{APP_ID}.desktop",
        f"metainfo/{APP_ID}.metainfo.xml",
        f"icons/hicolor/scalable/apps/{APP_ID}.svg",
        *(f"icons/hicolor/{n}x{n}/apps/{APP_ID}.png" for n in (48, 64, 128, 256)),
    }
    for path in written:
        source = DESKTOP / (path.name if "icons" not in path.parts else path.relative_to(home))
        if path.suffix != ".desktop":
            assert path.read_bytes() == source.read_bytes(), path
    keys = entry_keys(written[-1].read_text(encoding="utf-8"))
    assert exec_argv(keys["Exec"]) == [script] and keys["TryExec"] == script
    template = entry_keys(ENTRY.read_text(encoding="utf-8"))
    assert {k: v for k, v in keys.items() if k not in ("Exec", "TryExec")} == {
        k: v for k, v in template.items() if k not in ("Exec", "TryExec")
    }

    assert install_for_user(home, argv=[script]) == written  # again: replaced, nothing more
    removed = uninstall_for_user(home)
    assert sorted(removed) == sorted(written)
    assert [p for p in home.rglob("*") if p.is_file()] == [mine]
    assert uninstall_for_user(home) == []  # not installed: nothing to remove


@on_freedesktop
@pytest.mark.parametrize(
    "script",
    [
        "/opt/watchtracker/bin/watchtracker",
        "/home/ann/My Apps/.venv/bin/watchtracker",
        '/home/ann/it\'s "100%" $HOME `x` \\ (here)/watchtracker',
    ],
)
def test_exec_holds_any_path_exactly(tmp_path, script):
    install_for_user(tmp_path, argv=[script])
    keys = entry_keys((tmp_path / "applications" / f"{APP_ID}.desktop").read_text(encoding="utf-8"))
    assert exec_argv(keys["Exec"]) == [script]
    assert keys["TryExec"].replace("\\\\", "\\") == script


@on_freedesktop
def test_exec_can_be_python_dash_m(tmp_path):
    install_for_user(tmp_path, argv=["/home/ann/.venv/bin/python", "-m", "watchtracker"])
    keys = entry_keys((tmp_path / "applications" / f"{APP_ID}.desktop").read_text(encoding="utf-8"))
    assert exec_argv(keys["Exec"]) == ["/home/ann/.venv/bin/python", "-m", "watchtracker"]
    assert keys["TryExec"] == "/home/ann/.venv/bin/python"


@on_freedesktop
def test_a_path_with_a_line_break_is_refused(tmp_path):
    with pytest.raises(UserError, match="control character"):
        install_for_user(tmp_path, argv=["/home/ann/odd\nname/watchtracker"])
    assert not (tmp_path / "applications").exists()


def test_xdg_data_home_is_where_it_goes_unless_relative(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert desktop_entry.data_home() == tmp_path
    monkeypatch.setenv("XDG_DATA_HOME", "relative/share")  # the XDG spec: ignored
    monkeypatch.setenv("HOME", str(tmp_path / "ann"))
    assert desktop_entry.data_home() == tmp_path / "ann" / ".local" / "share"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert desktop_entry.data_home() == tmp_path / "ann" / ".local" / "share"


@pytest.mark.parametrize("platform, way", [("win32", "Start menu"), ("darwin", "app bundle")])
def test_another_system_is_told_it_is_not_done_yet(tmp_path, monkeypatch, platform, way):
    monkeypatch.setattr(desktop_entry.sys, "platform", platform)
    for action in (lambda: install_for_user(tmp_path, argv=["/x/watchtracker"]), lambda: uninstall_for_user(tmp_path)):
        with pytest.raises(UserError, match=f"only on Linux and the BSDs so far; .*{way}.* not done yet"):
            action()
    assert list(tmp_path.iterdir()) == []


@on_freedesktop
def test_a_write_that_fails_says_which_file_and_how_far_it_got(tmp_path):
    (tmp_path / "applications").write_text("a file where the folder should be")
    with pytest.raises(StorageError) as caught:
        install_for_user(tmp_path, argv=["/x/watchtracker"])
    message = str(caught.value)
    assert f"could not write {tmp_path / 'applications' / APP_ID}.desktop" in message
    assert "6 of its files were installed before that" in message
    assert "Errno" not in message
    assert all(p.is_file() for p in installed_paths(tmp_path)[:6])  # each whole


# -- which watchtracker the menu starts -------------------------------------------------------------


def _executable(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.mark.skipif(os.name != "posix", reason="the script's execute bit is a POSIX thing")
def test_the_script_being_run_is_the_one_started(tmp_path, monkeypatch):
    script = _executable(tmp_path / "pipx" / "bin" / "watchtracker")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", ["pipx/bin/watchtracker", "desktop", "install"])
    assert desktop_entry.launch_command() == [str(script)]  # made absolute


@pytest.mark.skipif(os.name != "posix", reason="the script's execute bit is a POSIX thing")
def test_from_python_dash_m_the_script_beside_python_then_on_the_path_then_python(tmp_path, monkeypatch):
    venv_python = tmp_path / "venv" / "bin" / "python"
    monkeypatch.setattr(sys, "argv", [str(ROOT / "watchtracker" / "__main__.py")])
    monkeypatch.setattr(sys, "executable", str(venv_python))
    monkeypatch.setenv("PATH", str(tmp_path / "on-path"))
    assert desktop_entry.launch_command() == [str(venv_python), "-m", "watchtracker"]
    on_path = _executable(tmp_path / "on-path" / "watchtracker")
    assert desktop_entry.launch_command() == [str(on_path)]
    beside = _executable(tmp_path / "venv" / "bin" / "watchtracker")
    assert desktop_entry.launch_command() == [str(beside)]


# -- the command ------------------------------------------------------------------------------------


def _parse(*argv: str) -> argparse.Namespace:
    common = argparse.ArgumentParser(add_help=False)
    parser = argparse.ArgumentParser(prog="watchtracker")
    cli_desktop.register(parser.add_subparsers(dest="command"), common)
    return parser.parse_args(argv)


def test_the_command_needs_an_action():
    assert _parse("desktop", "install").desktop_command == "install"
    assert _parse("desktop", "uninstall").desktop_command == "uninstall"
    with pytest.raises(SystemExit):
        _parse("desktop")
    assert cli_desktop.COMMANDS["desktop"] is cli_desktop.desktop_command


@on_freedesktop
def test_the_command_says_what_it_installed_and_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    script = _executable(tmp_path / "venv" / "bin" / "watchtracker")
    monkeypatch.setattr(sys, "argv", [str(script), "desktop", "install"])

    def run(*argv: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        return cli_desktop.desktop_command(_parse(*argv), out=out, err=err), out.getvalue(), err.getvalue()

    code, out, err = run("desktop", "install")
    assert (code, err) == (0, "")
    assert f"Added watchtracker to the applications menu; it starts {script}.\nInstalled 7 files:\n" in out
    for path in installed_paths(tmp_path):
        assert f"  {path}\n" in out and path.is_file()

    code, out, err = run("desktop", "uninstall")
    assert (code, err) == (0, "")
    assert out.startswith("Took watchtracker out of the applications menu; removed 7 files:\n")
    assert not any(p.exists() for p in installed_paths(tmp_path))

    code, out, err = run("desktop", "uninstall")
    assert (code, out, err) == (
        0,
        f"watchtracker was not in the applications menu (nothing of it in {tmp_path}); nothing was removed.\n",
        "",
    )


def test_the_command_reports_a_refusal_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(desktop_entry.sys, "platform", "win32")
    out, err = io.StringIO(), io.StringIO()
    assert cli_desktop.desktop_command(_parse("desktop", "install"), out=out, err=err) == 1
    assert out.getvalue() == ""
    assert err.getvalue().startswith("watchtracker: watchtracker can add itself to the applications menu only on")
    assert err.getvalue().count("\n") == 1
