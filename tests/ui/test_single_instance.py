"""One window per data folder: a second launch on the folder brings the open window forward and
ends (exit 0) instead of saying that one is open. The OS lock decides who has the folder; a local
socket named for the folder only carries the message."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QDir
from PySide6.QtNetwork import QLocalServer

from watchtracker.errors import AlreadyRunning
from watchtracker.paths import AppPaths
from watchtracker.services.startup import instance_channel_name
from watchtracker.storage.files import instance_lock_held

from watchtracker.ui import application
from watchtracker.ui.application import (
    ask_the_open_window_to_come_forward,
    bring_forward,
    listen_for_second_launches,
)

POSIX = sys.platform != "win32"


def second_launch(name: str, env: dict | None = None) -> subprocess.Popen:
    """Another process asking, as a second launch does, the window listening on ``name``."""
    code = textwrap.dedent(f"""
        import sys
        from watchtracker.ui.application import ask_the_open_window_to_come_forward
        sys.exit(0 if ask_the_open_window_to_come_forward({name!r}, connect_ms=500) else 3)
    """)
    return subprocess.Popen([sys.executable, "-c", code], env={**os.environ, **(env or {})})


def finished(qtbot, process: subprocess.Popen) -> int:
    """Its exit code; the event loop runs meanwhile (the window answers from it)."""
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=20_000)
    return process.returncode


@pytest.fixture
def channel(tmp_path):
    name = instance_channel_name(tmp_path / "data")
    yield name
    QLocalServer.removeServer(name)


def test_the_name_is_one_per_data_folder(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    assert instance_channel_name(a) == instance_channel_name(tmp_path / "b" / ".." / "a")  # the same folder
    assert instance_channel_name(a) != instance_channel_name(b)
    assert len(instance_channel_name(tmp_path / ("x" * 200))) < 50  # fits any socket path
    if POSIX:
        (tmp_path / "link").symlink_to(a)
        assert instance_channel_name(tmp_path / "link") == instance_channel_name(a)


def test_a_second_launch_asks_the_window_to_come_forward(qtbot, channel):
    asked: list[str] = []
    server = listen_for_second_launches(channel, asked.append)
    assert server is not None
    try:
        assert finished(qtbot, second_launch(channel)) == 0
        assert asked == [""]
        # from a launcher that gave it an activation token (Wayland): passed on to the window
        assert finished(qtbot, second_launch(channel, {"XDG_ACTIVATION_TOKEN": "kwin-1234_abc"})) == 0
        assert asked == ["", "kwin-1234_abc"]
        # what is not a token is not passed on
        assert finished(qtbot, second_launch(channel, {"XDG_ACTIVATION_TOKEN": "a b\x1b[2J"})) == 0
        assert asked == ["", "kwin-1234_abc", ""]
    finally:
        server.close()


def test_nothing_listening_is_said_at_once(qtbot, channel):
    started = time.monotonic()
    assert not ask_the_open_window_to_come_forward(channel, connect_ms=300)
    assert time.monotonic() - started < 2


def test_anything_else_on_the_name_is_hung_up_on(qtbot, channel):
    asked: list[str] = []
    server = listen_for_second_launches(channel, asked.append)
    assert server is not None
    try:
        code = textwrap.dedent(f"""
            import sys
            from PySide6.QtNetwork import QLocalSocket
            s = QLocalSocket(); s.connectToServer({channel!r}); assert s.waitForConnected(2000)
            s.write(b"delete everything\\n"); s.flush()
            s.waitForReadyRead(2000)
            sys.exit(0 if bytes(s.readAll().data()) == b"" else 4)
        """)
        assert finished(qtbot, subprocess.Popen([sys.executable, "-c", code])) == 0
        assert asked == []
    finally:
        server.close()


@pytest.mark.skipif(not POSIX, reason="a Unix socket left behind; Windows' named pipes go with their process")
def test_a_name_left_behind_by_a_copy_that_crashed_does_not_stop_the_next_window(qtbot, channel):
    stale = Path(QDir.tempPath()) / channel
    left = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    left.bind(str(stale))  # a copy that crashed leaves its socket file: nobody answers on it
    left.close()
    assert stale.exists()
    probe = QLocalServer()
    assert not probe.listen(channel)  # what a plain listen would meet
    asked: list[str] = []
    server = listen_for_second_launches(channel, asked.append)
    assert server is not None, "a stale socket kept the first window from listening"
    try:
        assert finished(qtbot, second_launch(channel)) == 0
        assert asked == [""]
    finally:
        server.close()


def test_the_lock_holder_takes_the_name_from_whatever_listens_without_the_lock(qtbot, channel):
    """The socket is only the messenger: a process listening on the name without the folder's lock
    (a copy on a read-only folder, say) does not get the second launches."""
    impostor = QLocalServer()
    QLocalServer.removeServer(channel)
    assert impostor.listen(channel)
    asked: list[str] = []
    server = listen_for_second_launches(channel, asked.append)
    assert server is not None
    try:
        assert finished(qtbot, second_launch(channel)) == 0
        assert asked == [""] and not impostor.hasPendingConnections()
    finally:
        server.close()
        impostor.close()


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_bring_forward_restores_a_minimised_window_keeping_it_maximised(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWidget

    w = QWidget()
    qtbot.addWidget(w)
    w.showMaximized()
    w.showMinimized()
    assert w.isMinimized()
    bring_forward(w)
    assert not w.isMinimized() and w.isVisible()
    assert w.windowState() & Qt.WindowState.WindowMaximized
    bring_forward(None)  # no window yet (still starting): nothing to do


def test_a_window_that_cannot_be_reached_is_still_named(qtbot, tmp_path, monkeypatch):
    """The lock is held by a process that does not answer (an older version, or one hung): the
    second launch says which process has the folder, as before, and ends with 1."""
    paths = AppPaths.under(tmp_path / "data")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
                import time
                from pathlib import Path
                from watchtracker.storage.files import take_instance_lock
                lock = take_instance_lock(Path({str(paths.lock_file)!r}))
                print("held", flush=True); time.sleep(60)
            """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        said: list[str] = []
        monkeypatch.setattr(application.messages, "information", lambda parent, text: said.append(text))
        monkeypatch.setattr(application.CrashHandler, "install", lambda self: None)
        code = application.run_gui(paths, lambda: None, restore_backups=lambda keep: None)
        assert code == 1
        assert len(said) == 1 and f"process {holder.pid}" in said[0], said
        with pytest.raises(AlreadyRunning):
            application.acquire_instance_lock(paths.lock_file)
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


# -- the real app -------------------------------------------------------------------------------


def test_a_second_launch_brings_the_open_window_forward_and_ends(tmp_path):
    data = tmp_path / "data"
    paths = AppPaths.under(data)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "watchtracker", "--data-dir", str(data)]
    first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not instance_lock_held(paths.lock_file):
            assert first.poll() is None and time.monotonic() < deadline, "the first window did not start"
            time.sleep(0.05)
        try:
            second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=30)
        except subprocess.TimeoutExpired:
            pytest.fail("the second launch did not end (a message box waits for a click)")
        assert second.returncode == 0, second.stderr
        assert [line for line in second.stderr.splitlines() if "propagateSizeHints" not in line] == []
        deadline = time.monotonic() + 10
        while "brought the window forward" not in paths.log_file.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, paths.log_file.read_text(encoding="utf-8")
            time.sleep(0.05)
        assert first.poll() is None  # the first window is still open
        first.send_signal(signal.SIGINT)
        first.communicate(timeout=30)
        assert first.returncode == 0
    finally:
        if first.poll() is None:
            first.kill()
            first.communicate()
    log = paths.log_file.read_text(encoding="utf-8")
    assert " ERROR " not in log and "Traceback" not in log, log
    assert "its window was brought forward" in log  # the second launch's own line
