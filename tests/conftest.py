"""Shared fixtures: a fresh data folder per test, the library opened on it, the example loaded."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("WATCHTRACKER_HOME", None)
# Nothing in the tests may reach the real TVmaze: by default it is a closed local port; the tests
# of the provider point it at their own local server.
os.environ["WATCHTRACKER_TVMAZE_URL"] = "http://127.0.0.1:9"

from datetime import datetime, timezone  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from watchtracker.app import Services, open_services  # noqa: E402
from watchtracker.paths import AppPaths  # noqa: E402
from watchtracker.services.example import load_example  # noqa: E402
from watchtracker.settings import Settings  # noqa: E402

# A fixed "now" for tests that depend on what has aired.
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return AppPaths.under(tmp_path / "data")


@pytest.fixture
def services(paths: AppPaths):
    s: Services = open_services(paths, Settings())
    s.library.clock = lambda: NOW
    yield s
    s.close()


@pytest.fixture
def example(services) -> Services:
    added, _ = load_example(services.engine)
    assert added == 3
    return services


@pytest.fixture
def cli_run(tmp_path, capsys):
    """Run a watchtracker command on a fresh data folder: (exit code, stdout, stderr)."""
    from watchtracker.app import main

    data = tmp_path / "data"

    def _run(*args: str) -> tuple[int, str, str]:
        code = main([*args, "--data-dir", str(data)])
        out, err = capsys.readouterr()
        return code, out, err

    _run.data = data
    return _run
