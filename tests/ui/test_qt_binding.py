"""Guards against a broken Qt binding: PySide6 6.12.0 corrupts reference counts on every signal
emit, and the app crashes after a few thousand (it emits one per background task)."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_many_signal_emits_do_not_corrupt_the_interpreter():
    code = textwrap.dedent("""
        from PySide6.QtCore import QCoreApplication, QObject, Signal
        class Relay(QObject):
            done = Signal(object)
        app = QCoreApplication([])
        relay = Relay()
        got = []
        relay.done.connect(got.append)
        for i in range(20_000):
            relay.done.emit(None if i % 2 else [i])
        print(len(got))
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"the Qt binding crashed: {result.stderr[-500:]}"
    assert result.stdout.strip() == "20000"
