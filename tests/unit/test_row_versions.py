"""Concurrent edits (issue 16): the rows the viewer edits carry a version (migration 0012), and a
write based on an older reading is refused with ChangedElsewhere, nothing saved; saved again with
the fresh version, it is saved. Two "computers" are two Services on one library: two engines on one
SQLite file (the CLI and the window), two connections pools to one PostgreSQL database."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from watchtracker.app import open_services
from watchtracker.domain.enums import ViewerState
from watchtracker.domain.inputs import SeriesInput
from watchtracker.errors import ChangedElsewhere, UserError
from watchtracker.settings import Settings
from watchtracker.storage.database import session_scope
from watchtracker.storage.tables import VERSIONED, Announcement, LibraryEntry, Series

pytestmark = pytest.mark.both_backends

CHANGED = "was changed on another computer (or by another window) since you opened it; nothing was saved."


@pytest.fixture
def other(paths, example):
    """A second computer on the same library."""
    s = open_services(paths, Settings())
    yield s
    s.close()


def test_every_edited_table_has_a_version_that_starts_at_one(example):
    names = {m.__tablename__ for m in VERSIONED}  # type: ignore[attr-defined]
    assert names == {"franchise", "series", "library_entry", "relation", "announcement"}
    with example.engine.connect() as conn:
        for name in names:
            column = {c["name"]: c for c in inspect(conn).get_columns(name)}["version"]
            assert not column["nullable"]
            assert conn.exec_driver_sql(f"SELECT min(version), max(version) FROM {name}").one() in (
                (1, 1),
                (None, None),
            )


def test_any_orm_change_adds_one_and_an_unchanged_write_does_not(example):
    bosch = example.library.find("Bosch")
    with session_scope(example.engine) as session:
        entry = session.get(LibraryEntry, bosch)
        entry.notes = entry.notes  # the same value: no change
        session.add(entry)
    assert example.library.detail(bosch).entry_version == 1
    example.library.update_entry(bosch, rating=8)  # unchecked (the command line): still counted
    example.library.update_entry(bosch, notes="two")
    assert example.library.detail(bosch).entry_version == 3


def test_the_entry_a_stale_window_saves_is_refused_and_the_fresh_version_saves_it(example, other):
    bosch = example.library.find("Bosch")
    mine = example.library.detail(bosch)  # computer A reads
    assert mine.entry_version == 1 and mine.rating != 7
    other.library.update_entry(bosch, rating=7, expected_version=other.library.detail(bosch).entry_version)  # B
    with pytest.raises(ChangedElsewhere) as caught:
        example.library.update_entry(bosch, rating=4, state=ViewerState.ON_HOLD, expected_version=mine.entry_version)
    exc = caught.value
    assert isinstance(exc, UserError)
    assert str(exc) == f"Your entry for Bosch {CHANGED}"
    assert exc.version == 2 and exc.current["rating"] == 7
    assert ("Rating", "7 / 10", "4 / 10") in exc.differences
    after = other.library.detail(bosch)
    assert (after.rating, after.state, after.entry_version) == (7, mine.state, 2)  # nothing of A's saved
    # Keep mine: saved again with the fresh version; the version is then the next one
    example.library.update_entry(bosch, rating=4, state=ViewerState.ON_HOLD, expected_version=exc.version)
    after = other.library.detail(bosch)
    assert (after.rating, after.state, after.entry_version) == (4, ViewerState.ON_HOLD, 3)
    # a save with the version it made is not a conflict with itself (notes typed in two goes)
    example.library.update_entry(bosch, notes="first", expected_version=3)
    example.library.update_entry(bosch, notes="first and second", expected_version=4)
    assert other.library.detail(bosch).notes == "first and second"


def test_a_series_edited_on_two_computers(example, other):
    legacy = example.library.find("Bosch: Legacy")
    mine = example.library.detail(legacy)
    other.catalog.edit_series(
        legacy,
        SeriesInput(title="Bosch: Legacy", status="ended"),
        expected_version=other.library.detail(legacy).version,
    )
    with pytest.raises(ChangedElsewhere) as caught:
        example.catalog.edit_series(legacy, SeriesInput(title="Legacy", status="airing"), expected_version=mine.version)
    assert str(caught.value) == f"Bosch: Legacy {CHANGED}"
    assert ("Title", "Bosch: Legacy", "Legacy") in caught.value.differences
    assert other.library.detail(legacy).title == "Bosch: Legacy"
    example.catalog.edit_series(
        legacy, SeriesInput(title="Legacy", status="airing"), expected_version=caught.value.version
    )
    assert other.library.detail(legacy).title == "Legacy"


def test_a_franchise_renamed_on_two_computers(example, other):
    [summary] = example.franchises.franchises()
    mine = example.franchises.franchise(summary.id)
    theirs = other.franchises.franchise(summary.id)
    other.franchises.rename_franchise(summary.id, "Bosch-verse", expected_version=theirs.version)
    with pytest.raises(ChangedElsewhere) as caught:
        example.franchises.rename_franchise(summary.id, "Harry's world", "mine", expected_version=mine.version)
    assert str(caught.value) == f"The franchise Bosch-verse {CHANGED}"
    assert caught.value.current["name"] == "Bosch-verse"
    assert other.franchises.franchise(summary.id).name == "Bosch-verse"
    before, _ = example.franchises.rename_franchise(summary.id, "Harry's world", expected_version=caught.value.version)
    assert before[0] == "Bosch-verse"
    fresh = other.franchises.franchise(summary.id)
    assert (fresh.name, fresh.version) == ("Harry's world", caught.value.version + 1)


def test_read_and_dismissed_are_idempotent_and_only_a_contradiction_conflicts(example, other):
    first, second = example.alerts.alerts()[:2]
    seen = {first.id: first.version, second.id: second.version}
    other.alerts.mark_read([first.id])  # B reads it
    # A marks it read too, from its older reading: already so, not a conflict
    example.alerts.mark_read([first.id], expected_versions=seen)
    # B dismisses the second one; A, from its older reading, marks it read: already so (dismissed is read)
    other.alerts.dismiss([second.id])
    example.alerts.mark_read([second.id], expected_versions=seen)
    # A marks it unread, from a reading before it was dismissed: a contradiction, nothing saved
    with pytest.raises(ChangedElsewhere) as caught:
        example.alerts.mark_read([second.id], False, expected_versions=seen)
    assert str(caught.value).startswith("The alert “") and str(caught.value).endswith(CHANGED)
    assert caught.value.differences[0][1:] == ("dismissed", "unread")
    rows = {a.id: a for a in other.alerts.alerts(include_dismissed=True)}
    assert rows[first.id].read and rows[second.id].read and rows[second.id].dismissed
    # with the fresh versions it is saved
    fresh = {a.id: a.version for a in rows.values()}
    example.alerts.mark_read([first.id, second.id], False, expected_versions=fresh)
    rows = {a.id: a for a in other.alerts.alerts(include_dismissed=True)}
    assert not rows[first.id].read and not rows[second.id].read


def test_without_a_version_nothing_is_checked(example, other):
    """The command line reads nothing before it writes: last write wins, as before."""
    bosch = example.library.find("Bosch")
    other.library.update_entry(bosch, rating=2)
    example.library.update_entry(bosch, rating=3)
    assert other.library.detail(bosch).rating == 3
    alert = example.alerts.alerts()[0].id
    other.alerts.dismiss([alert])
    example.alerts.dismiss([alert], False)
    with session_scope(other.engine) as session:
        assert session.get(Announcement, alert).dismissed is False
        assert session.get(Series, bosch).version == 1


def test_two_computers_saving_from_the_same_version_at_the_same_moment_one_wins(example, other):
    """The version is compared and the row written in one step (the row locked on a server, the
    file's one writer taken first on SQLite): of two saves from the same reading made at once,
    exactly one is saved and the other is told, every time."""
    import threading

    bosch = example.library.find("Bosch")
    for round_ in range(12):
        version = example.library.detail(bosch).entry_version
        start = threading.Barrier(2)
        outcome: dict[str, str] = {}

        def save(services, name, version=version, start=start, round_=round_, outcome=outcome) -> None:
            start.wait(5)
            try:
                services.library.update_entry(bosch, notes=f"{name}-{round_}", expected_version=version)
                outcome[name] = "saved"
            except ChangedElsewhere:
                outcome[name] = "told"

        threads = [threading.Thread(target=save, args=(s, n)) for s, n in ((example, "a"), (other, "b"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert sorted(outcome.values()) == ["saved", "told"], (round_, outcome)
        winner = next(n for n, o in outcome.items() if o == "saved")
        after = other.library.detail(bosch)
        assert (after.notes, after.entry_version) == (f"{winner}-{round_}", version + 1)
