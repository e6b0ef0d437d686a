"""The settings file: whatever is found in its place, the app starts with sane values and
nothing the viewer had is lost."""

from __future__ import annotations

import json
import math
import os
import threading
import tracemalloc

import pytest

from watchtracker.settings import Settings


def _load_within(path, seconds: float = 5.0) -> Settings:
    """Settings.load in a thread, so that a regression that blocks fails instead of hanging."""
    out: list = []
    worker = threading.Thread(target=lambda: out.append(Settings.load(path)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert out, f"Settings.load did not return within {seconds} s"
    return out[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_place_of_the_settings_file_does_not_block_start_up(tmp_path):
    path = tmp_path / "settings.json"
    os.mkfifo(path)
    try:
        assert _load_within(path) == Settings()
    finally:
        # unblock a reader left waiting by a regression
        fd = os.open(path, os.O_RDWR | os.O_NONBLOCK) if path.exists() and not path.is_file() else None
        if fd is not None:
            os.close(fd)


def test_a_folder_in_place_of_the_settings_file_gives_the_defaults(tmp_path):
    path = tmp_path / "settings.json"
    path.mkdir()
    assert _load_within(path) == Settings()


def test_a_huge_settings_file_is_not_read_into_memory(tmp_path):
    path = tmp_path / "settings.json"
    with path.open("wb") as fh:
        fh.write(b'{"refresh_hours": 2, "pad": "')
        fh.truncate(200_000_000)  # sparse: costs no disk
    tracemalloc.start()
    try:
        loaded = _load_within(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert loaded == Settings()
    assert peak < 5_000_000
    assert (tmp_path / "settings.unreadable.json").stat().st_size == 200_000_000  # kept, not lost


@pytest.mark.parametrize("text", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_non_finite_numbers_fall_back_to_the_default(tmp_path, text):
    path = tmp_path / "settings.json"
    path.write_text(f'{{"refresh_hours": {text}, "feeds_minutes": {text}, "backups_to_keep": 3}}')
    loaded = _load_within(path)
    assert math.isfinite(loaded.refresh_hours) and math.isfinite(loaded.feeds_minutes)
    assert loaded.refresh_hours == Settings().refresh_hours
    assert loaded.feeds_minutes == Settings().feeds_minutes
    assert loaded.backups_to_keep == 3


def test_a_second_damaged_file_does_not_replace_the_first_one_kept(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("{first")
    Settings.load(path)
    path.write_text("{second")
    Settings.load(path)
    kept = sorted(p.read_text() for p in tmp_path.glob("settings.unreadable*.json"))
    assert kept == ["{first", "{second"]


def test_a_huge_integer_is_refused_not_kept(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"backups_to_keep": 10**30, "upcoming_days": -(10**30)}))
    loaded = _load_within(path)
    assert loaded.backups_to_keep == 100 and loaded.upcoming_days == 1
