"""Behaviour bugs that the type check of 99db3c2 found, pinned down where a user can meet them:
a backup that is gone the moment it was made, and a season premiere edited by hand into text
that is no date."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from watchtracker.domain.enums import LifecycleStatus, ViewerState
from watchtracker.errors import StorageError
from watchtracker.services.backups import BackupReason
from watchtracker.services.schedule import ScheduleService
from watchtracker.storage import database
from watchtracker.storage.database import session_scope
from watchtracker.storage.tables import LibraryEntry, Season, Series


def _copies_vanish(monkeypatch) -> None:
    """Another program removes each copy the instant it is made."""
    real = database.backup_to

    def made_then_removed(engine, target):
        made = real(engine, target)
        made.unlink()
        return made

    monkeypatch.setattr(database, "backup_to", made_then_removed)


# -- backups ------------------------------------------------------------------------------------


def test_a_backup_gone_as_soon_as_made_is_a_storage_error(services, monkeypatch):
    """backup() promises a BackupInfo: a copy that is not there afterwards is an error a person
    is told about, not a None handed on."""
    _copies_vanish(monkeypatch)
    with pytest.raises(StorageError, match="could not be found once made"):
        services.backups.backup(BackupReason.MANUAL)


def test_the_backup_command_reports_a_vanished_copy(cli_run, monkeypatch):
    """`watchtracker backup` exits with an error message (no crash, no false success) when the
    copy it made is gone."""
    assert cli_run("list")[0] == 0  # the day's first command made the daily copy: none is due now
    _copies_vanish(monkeypatch)
    code, out, err = cli_run("backup")
    assert code == 1
    assert "could not be found once made" in err
    assert "Backed up" not in out


# -- Upcoming -----------------------------------------------------------------------------------


def _followed_series_with_season_2(engine, title: str, premiere: date) -> int:
    with session_scope(engine) as session:
        s = Series(title=title, status=LifecycleStatus.AIRING.value, network="Net")
        session.add(s)
        session.flush()
        session.add(LibraryEntry(series_id=s.id, state=ViewerState.WATCHING.value))
        session.add(Season(series_id=s.id, number=2, premiere=premiere))  # no episodes listed yet
        return s.id


def test_upcoming_leaves_out_a_season_premiere_that_is_not_a_date(services):
    """A season premiere edited by hand into text that is no date is left out of Upcoming; the
    other premieres are still listed (it used to break the sorting of the whole view)."""
    engine = services.engine
    steady = _followed_series_with_season_2(engine, "Steady", date(2026, 12, 1))
    edited = _followed_series_with_season_2(engine, "Edited", date(2026, 12, 5))
    with engine.begin() as conn:
        conn.execute(text("UPDATE season SET premiere = '2026-12-05 (tbc)' WHERE series_id = :sid"), {"sid": edited})

    up = ScheduleService(engine, services.library, tz=ZoneInfo("Europe/Berlin")).upcoming()

    assert [(i.series_id, i.season, i.day) for i in up.items] == [(steady, 2, date(2026, 12, 1))]
    assert [i.label for i in up.items] == ["Steady — Season 2 premiere"]
