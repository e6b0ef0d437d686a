from __future__ import annotations

import pytest

from watchtracker.app import main


@pytest.fixture
def cli_run(tmp_path, capsys):
    """Run a watchtracker command on a fresh data folder: (exit code, stdout, stderr)."""
    data = tmp_path / "data"

    def _run(*args: str) -> tuple[int, str, str]:
        code = main([*args, "--data-dir", str(data)])
        out, err = capsys.readouterr()
        return code, out, err

    _run.data = data
    return _run
