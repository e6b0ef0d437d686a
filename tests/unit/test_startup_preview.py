"""The start-up preview's rows are kept as the live ones only when a reading now would give the
same rows: nothing written since, the same day, no episode aired in between."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import UTC, datetime, timedelta

from tests.conftest import NOW
from tests.ui.conftest import SMALL
from watchtracker.services.example import load_example
from watchtracker.services.startup import preview_still_current, take_preview


def _small(services):
    load_example(services.engine, SMALL)
    return services


def test_a_preview_nothing_changed_since_is_current_and_its_rows_are_the_live_ones(services, paths):
    _small(services)
    preview = take_preview(paths.database, now=NOW)
    assert preview is not None and preview.files is not None
    assert preview_still_current(preview, paths.database, services.library)
    live = services.library.library()
    assert sorted(preview.rows, key=lambda r: r.series_id) == sorted(live, key=lambda r: r.series_id)


def test_a_write_after_the_preview_makes_it_stale(services, paths):
    _small(services)
    preview = take_preview(paths.database, now=NOW)
    episode = services.library.detail(services.library.find("Alpha")).seasons[0].episodes[-1]
    services.library.mark_watched([episode.id])
    assert not preview_still_current(preview, paths.database, services.library)


def test_a_write_by_another_connection_makes_it_stale(services, paths):
    _small(services)
    preview = take_preview(paths.database, now=NOW)
    con = sqlite3.connect(paths.database)
    con.execute("UPDATE library_entry SET favourite = 1 - favourite")
    con.commit()
    con.close()
    assert not preview_still_current(preview, paths.database, services.library)


def test_an_episode_airing_between_the_preview_and_now_makes_it_stale(services, paths):
    _small(services)
    airs_at = datetime(2027, 3, 1, 2, 0, tzinfo=UTC)  # an episode given an air time, before the preview
    con = sqlite3.connect(paths.database)
    con.execute("UPDATE episode SET airstamp = '2027-03-01 02:00:00.000000' WHERE id = (SELECT MIN(id) FROM episode)")
    con.commit()
    con.close()
    preview = take_preview(paths.database, now=airs_at - timedelta(minutes=1))
    services.library.clock = lambda: airs_at + timedelta(minutes=1)
    assert not preview_still_current(preview, paths.database, services.library)
    # the same moments with no episode between them: current
    services.library.clock = lambda: airs_at - timedelta(seconds=30)
    assert preview_still_current(preview, paths.database, services.library)


def test_another_day_or_a_preview_read_while_the_file_changed_is_stale(services, paths):
    _small(services)
    preview = take_preview(paths.database, now=NOW)
    assert not services.library.airs_between(NOW, NOW + timedelta(days=1))  # only the day differs
    services.library.clock = lambda: NOW + timedelta(days=1)
    assert not preview_still_current(preview, paths.database, services.library)
    services.library.clock = lambda: NOW
    assert not preview_still_current(dataclasses.replace(preview, files=None), paths.database, services.library)
