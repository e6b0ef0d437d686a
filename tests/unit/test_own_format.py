"""Our own export: written, read back, imported into an empty library (the same library again)
and into a non-empty one (merged, nothing twice); bad files refused before anything changes."""

from __future__ import annotations

import dataclasses
import json
import threading
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import select

from tests.conftest import NOW
from tests.unit.test_importer import dump as importer_dump
from watchtracker.app import open_services
from watchtracker.domain.transfer import NotAnExport
from watchtracker.errors import UserError
from watchtracker.paths import AppPaths
from watchtracker.services.transfer import own_format, own_import
from watchtracker.services.transfer.export import ExportService
from watchtracker.services.transfer.importer import ImportCancelled, ImportService
from watchtracker.services.transfer.own_format import (
    OwnFormatError,
    OwnFormatTooNew,
    import_own,
    parse_own_export,
    preview_own,
    read_own_export,
)
from watchtracker.settings import Settings
from watchtracker.storage.database import session_scope
from watchtracker.storage.tables import (
    Announcement,
    Credit,
    Episode,
    PendingImport,
    Person,
    Season,
    Series,
    Viewing,
)

pytestmark = pytest.mark.both_backends

TRICKY = 'The "Pilot", part 1\nextended cut'


@pytest.fixture
def rich(example):
    """The example library and the rest of what a library can hold."""
    s = example
    bosch, legacy, ballard = (s.library.find(t) for t in ("Bosch", "Bosch: Legacy", "Ballard"))
    franchise = s.franchises.franchise_of(bosch)
    s.library.unfollow(ballard)  # the example follows it; here it joins with the franchise
    s.franchises.follow_franchise(franchise)  # followed: Ballard joins the library
    s.franchises.add_relation(ballard, "same_universe", legacy)
    s.library.update_entry(legacy, rating=7, favourite=True, notes='Loved it, "mostly".\nSecond line')
    s.feeds.add("https://example.org/tv.rss", "TV news")
    s.feeds.add("https://example.org/off.atom")
    alerts = s.alerts.alerts()
    s.alerts.mark_read([alerts[0].id])
    s.alerts.dismiss([alerts[1].id])
    s.alerts.mute_kind("casting")
    s.alerts.mute_series(legacy)
    with session_scope(s.engine) as session:
        b = session.get(Series, bosch)
        b.tvmaze_id, b.imdb_id, b.thetvdb_id, b.tmdb_id = 2140, "tt3502248", 277928, 60585
        b.aliases = ["Harry Bosch", "Bosch (2014)"]
        b.poster_url, b.remote_updated = "https://static.tvmaze.com/bosch.jpg", 1700000000
        session.add(b)
        ep = session.exec(
            select(Episode).where(Episode.series_id == bosch, Episode.season == 1, Episode.number == 1)
        ).one()
        ep.airstamp = datetime(2014, 2, 6, 8, 0, tzinfo=UTC)
        ep.tvmaze_id = 112233
        session.add(ep)
        session.add(Viewing(episode_id=ep.id, watched_at=None, source="seriesguide"))
        session.add(Viewing(episode_id=ep.id, watched_at=None, source="seriesguide"))  # an undated rewatch
        session.add(Viewing(episode_id=ep.id, watched_at=datetime(2020, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)))
        special = Season(series_id=bosch, number=0, name="Specials", tvmaze_id=9)
        session.add(special)
        session.flush()
        sp = Episode(
            series_id=bosch,
            season_id=special.id,
            season=0,
            number=1,
            title=TRICKY,
            air_date=date(2016, 1, 1),
            runtime=12,
        )
        formula = Episode(series_id=bosch, season_id=special.id, season=0, number=2, title="=SUM(A1)")
        session.add_all([sp, formula])
        session.flush()
        session.add(Viewing(episode_id=sp.id, watched_at=datetime(2016, 1, 2, 20, 0, tzinfo=UTC)))
        session.add(Viewing(episode_id=formula.id, watched_at=datetime(2016, 1, 3, 20, 0, tzinfo=UTC)))
        person = Person(name="Jamie Hector", tvmaze_id=4321, image_url="https://static.tvmaze.com/jh.jpg")
        session.add(person)
        session.flush()
        session.add(Credit(series_id=bosch, person_id=person.id, character="Jerry Edgar", position=7))
        session.add(
            PendingImport(
                format="tvtime",
                key="tvdb:81189",
                title="Breaking Bad",
                year=2008,
                ids={"thetvdb": 81189},
                error="TVmaze could not be reached",
                show={"key": "tvdb:81189", "viewings": [{"season": 1, "number": 1}]},
            )
        )
        ann = session.exec(select(Announcement)).first()
        ann.reason, ann.premiere, ann.spin_off_title, ann.feed_id = "title in the headline", "2026-spring", "Ballard", 1
        session.add(ann)
    return s


def dump(engine) -> list:
    """Every table's rows, as the database holds them."""
    return importer_dump(engine, leave_out=("alembic_version",))


@pytest.fixture
def other(tmp_path, new_library, backend, request):
    """A second, empty library: a SQLite file, or a new database on the server (made by the first start)."""
    paths = AppPaths.under(tmp_path / "other")
    if backend == "postgresql":
        paths.data.mkdir(parents=True)
        paths = paths.with_database(request.getfixturevalue("pg_database"))
    else:
        new_library(paths.database)
    s = open_services(paths, Settings())
    s.library.clock = lambda: NOW
    yield s
    s.close()


def export_doc(services) -> dict:
    data, _ = ExportService(services.engine).json_bytes()
    return json.loads(data)


def strip_ids(value):
    """Database ids are not part of the export: a row added later (an episode, a feed) may come
    back under another id."""
    if dataclasses.is_dataclass(value):
        return dataclasses.replace(
            value,
            **{
                f.name: None if f.name == "id" else strip_ids(getattr(value, f.name))
                for f in dataclasses.fields(value)
                if f.init
            },
        )
    if isinstance(value, (list, tuple)):
        return type(value)(strip_ids(v) for v in value)
    if isinstance(value, dict):
        return {k: strip_ids(v) for k, v in value.items()}
    return value


def views(s) -> dict:
    """What the services show: every view the window and the CLI are built on."""
    return strip_ids(
        {
            "rows": sorted(s.library.library(), key=lambda r: r.series_id),
            "details": [s.library.detail(sid) for sid, _ in s.library.titles()],
            "alerts": s.alerts.alerts(),
            "muted": (s.alerts.muted_kinds(), s.alerts.muted_series()),
            "feeds": s.feeds.feeds(),
            "franchises": s.franchises.franchises(),
        }
    )


def test_round_trip_into_an_empty_library_gives_back_the_same_library(rich, other, tmp_path):
    path = tmp_path / "library.json"
    ExportService(rich.engine).write_json(path)
    doc = read_own_export(path)
    summary, changes = import_own(other.engine, doc)
    assert summary.series_new == 3 and summary.series_matched == 0
    assert summary.viewings_new == doc.viewing_count == 81 and summary.viewings_duplicate == 0
    assert changes.added == frozenset({1, 2, 3}) and changes.everything

    first, second = json.loads(path.read_text("utf-8")), export_doc(other)
    assert first.pop("exported_at") and second.pop("exported_at")
    assert first == second
    assert views(other) == views(rich)


def test_the_document_is_documented_and_stable(rich):
    doc = export_doc(rich)
    assert (doc["format"], doc["version"]) == ("watchtracker", 1)
    assert doc["exported_at"].endswith("Z")
    bosch = doc["series"][0]
    assert bosch["key"] == "s1" and bosch["title"] == "Bosch"
    assert bosch["external_ids"] == {"tvmaze": 2140, "thetvdb": 277928, "imdb": "tt3502248", "tmdb": 60585}
    assert bosch["entry"]["rating"] == 9 and bosch["entry"]["added_at"] == "2015-02-15T00:00:00Z"
    pilot = next(e for e in bosch["episodes"] if (e["season"], e["number"]) == (1, 1))
    assert pilot["airstamp"] == "2014-02-06T08:00:00Z" and pilot["air_date"] == "2014-02-06"
    assert [v["watched_at"] for v in pilot["viewings"]] == [
        None,
        None,
        "2015-02-15T21:10:00Z",
        "2016-03-05T19:40:00Z",
        "2020-01-02T03:04:05.678901Z",
    ]
    ballard = next(s for s in doc["series"] if s["title"] == "Ballard")
    assert ballard["premiere"] == "2025-07-09" and ballard["entry"]["state"] == "plan_to_watch"
    assert doc["franchises"][0]["followed"] and doc["franchises"][0]["members"] == ["s1", "s2", "s3"]
    assert {"from": "s3", "kind": "spin_off_of", "to": "s1"} in doc["relations"]
    assert doc["muted_kinds"] == ["casting"]
    assert doc["pending_imports"][0]["show"]["viewings"] == [{"season": 1, "number": 1}]
    assert {a["read"] for a in doc["announcements"]} == {True, False}
    assert any(a["dismissed"] and a["series"] for a in doc["announcements"])
    assert any(a["feed"] == "https://example.org/tv.rss" for a in doc["announcements"])
    # every field the module docstring documents is written, and nothing it does not
    documented = own_format.__doc__
    for name in (
        *doc,
        *bosch,
        *bosch["entry"],
        *pilot,
        *pilot["viewings"][0],
        *bosch["cast"][0],
        *bosch["seasons"][0],
        *doc["franchises"][0],
        *doc["announcements"][0],
        *doc["feeds"][0],
        *doc["pending_imports"][0],
    ):
        assert name in documented, name


def test_importing_into_a_non_empty_library_twice_adds_nothing_twice(rich, other, tmp_path):
    doc = parse_own_export(ExportService(rich.engine).json_bytes()[0])
    # the other library already has Bosch, under another title but with its TVmaze id, with a
    # viewing of its own and one that is also in the file
    with session_scope(other.engine) as session:
        b = Series(title="Harry Bosch", tvmaze_id=2140, status="ended")
        session.add(b)
        session.flush()
        ep = Episode(series_id=b.id, season=1, number=1, title="Pilot")
        session.add(ep)
        session.flush()
        session.add(Viewing(episode_id=ep.id, watched_at=datetime(2015, 2, 15, 21, 10, tzinfo=UTC)))
        session.add(Viewing(episode_id=ep.id, watched_at=datetime(2024, 5, 5, 20, 0, tzinfo=UTC)))
    preview = preview_own(other.engine, doc)
    before = dump(other.engine)
    summary, changes = import_own(other.engine, doc)
    assert preview == summary  # the preview is what the import does
    assert summary.series_new == 2 and summary.series_matched == 1
    assert [(m.title, m.library_title, m.by) for m in summary.matches] == [("Bosch", "Harry Bosch", "tvmaze")]
    assert summary.viewings_duplicate == 1 and summary.viewings_new == doc.viewing_count - 1
    assert changes and dump(other.engine) != before

    after_first = dump(other.engine)
    again, changes = import_own(other.engine, doc)
    assert dump(other.engine) == after_first
    assert not again.changed and not changes
    assert again.series_matched == 3 and again.viewings_duplicate == doc.viewing_count
    detail = other.library.detail(other.library.find("Harry Bosch"))
    assert detail.external_ids["imdb"] == "tt3502248"  # the ids the library lacked were added
    pilot = next(e for e in detail.episodes() if (e.season, e.number) == (1, 1))
    assert pilot.title == "Pilot" and pilot.plays == 6  # the library's own data kept; 5 + its own


def test_series_of_the_same_title_stay_apart(other):
    doc = {
        "format": "watchtracker",
        "version": 1,
        "series": [
            {"key": "a", "title": "Shameless", "country": "GB"},
            {"key": "b", "title": "Shameless", "country": "US", "external_ids": {"tvmaze": 150}},
            {"key": "c", "title": "shameless", "country": "??"},
        ],
    }
    first, _ = import_own(other.engine, parse_own_export(json.dumps(doc)))
    assert first.series_new == 3
    second, _ = import_own(other.engine, parse_own_export(json.dumps(doc)))
    assert second.series_new == 0
    assert [(m.title, m.series_id, m.by) for m in second.matches] == [
        ("Shameless", 1, "title"),
        ("Shameless", 2, "tvmaze"),
        ("shameless", 3, "title"),
    ]


def test_merging_keeps_the_viewers_entry_and_counts_conflicting_ratings(example, other):
    doc = parse_own_export(ExportService(example.engine).json_bytes()[0])
    from watchtracker.storage.tables import LibraryEntry

    with session_scope(other.engine) as session:
        b = Series(title="bosch  ", status="ended")
        session.add(b)
        session.flush()
        session.add(LibraryEntry(series_id=b.id, state="on_hold", rating=4, notes="", added_at=NOW))
    summary, _ = import_own(other.engine, doc)
    assert summary.ratings_kept == 1 and summary.ratings_new == 0
    d = other.library.detail(1)
    assert (d.state.value, d.rating, d.favourite) == ("on_hold", 4, True)
    assert d.notes.startswith("Watched each season")


def test_a_newer_version_is_refused_and_changes_nothing(rich, other, tmp_path):
    doc = export_doc(rich)
    doc["version"] = 2
    doc["series"] = "a new shape"
    path = tmp_path / "newer.json"
    path.write_text(json.dumps(doc), "utf-8")
    before = dump(other.engine)
    with pytest.raises(OwnFormatTooNew, match="newer watchtracker.*version 2.*Update watchtracker") as info:
        read_own_export(path)
    assert isinstance(info.value, OwnFormatError) and str(path) in str(info.value)
    assert dump(other.engine) == before


def edit(data: bytes, change) -> bytes:
    doc = json.loads(data)
    change(doc)
    return json.dumps(doc).encode()


@pytest.mark.parametrize(
    "mangle, message",
    [
        (lambda b: b[: len(b) // 2], "cut off"),
        (lambda b: b"\x89PNG\r\n\x1a\n\x00\x00garbage\xff\xfe", "not UTF-8"),
        (lambda b: b"", "empty"),
        (lambda b: b"[1, 2, 3]", "not a watchtracker export"),
        (lambda b: b'{"format": "seriesguide", "version": 1}', "not a watchtracker export"),
        (lambda b: b.replace(b'"version": 1', b'"version": "one"'), "version"),
        (lambda b: b.replace(b'"air_date": "2014-02-06"', b'"air_date": "2014-02-30"', 1), "should be a date"),
        (lambda b: b.replace(b'"status": "ended"', b'"status": "finished"', 1), "'finished' is not one of"),
        (lambda b: b.replace(b'"to": "s1"', b'"to": "s99"', 1), "'s99' that is not in the file"),
        (lambda b: b.replace(b'"rating": 9', b'"rating": 11', 1), "rating is out of range"),
        (lambda b: edit(b, lambda d: d["series"][0]["episodes"][1].update(number=1)), "S01E01 twice"),
        (lambda b: edit(b, lambda d: [s["external_ids"].update(imdb="tt1") for s in d["series"]]), "same imdb id"),
        (
            lambda b: b.replace(b'"watched_at": "2015-02-15T21:10:00Z"', b'"watched_at": "yesterday"', 1),
            "should be a UTC time",
        ),
    ],
)
def test_bad_files_are_refused_and_change_nothing(example, other, tmp_path, mangle, message):
    data = mangle(ExportService(example.engine).json_bytes()[0])
    path = tmp_path / "bad.json"
    path.write_bytes(data)
    before = dump(other.engine)
    with pytest.raises(OwnFormatError, match=message) as info:
        read_own_export(path)
    assert isinstance(info.value, UserError) and isinstance(info.value, NotAnExport)
    assert "\n" not in str(info.value) and "Traceback" not in str(info.value)
    assert dump(other.engine) == before


def test_a_failure_half_way_leaves_the_library_as_it_was(example, other, monkeypatch):
    doc = parse_own_export(ExportService(example.engine).json_bytes()[0])
    load = own_import._merge_series
    calls = []

    def failing(session, sid, *args):
        calls.append(sid)
        if len(calls) == 2:
            raise OSError("disk full")
        return load(session, sid, *args)

    monkeypatch.setattr(own_import, "_merge_series", failing)
    before = dump(other.engine)
    with pytest.raises(OSError):
        import_own(other.engine, doc)
    assert dump(other.engine) == before
    assert preview_own.__doc__ and dump(other.engine) == before


def test_cancel_half_way_leaves_the_library_as_it_was(rich, other):
    import_own(other.engine, parse_own_export(ExportService(rich.engine).json_bytes()[0]))  # not empty
    with session_scope(rich.engine) as session:  # and the file has something new for it, last
        session.add(Series(title="Brand New"))
    doc = parse_own_export(ExportService(rich.engine).json_bytes()[0])
    before = dump(other.engine)
    cancel = threading.Event()
    seen = []

    def progress(done, total, what):
        seen.append(done)
        if what == "Importing Brand New…":  # it goes in, then the import stops
            cancel.set()

    with pytest.raises(ImportCancelled):
        import_own(other.engine, doc, progress=progress, cancel=cancel)
    assert seen == list(range(len(doc.series)))
    assert dump(other.engine) == before


def test_progress_is_told_series_by_series(rich, other):
    doc = parse_own_export(ExportService(rich.engine).json_bytes()[0])
    seen = []
    import_own(other.engine, doc, progress=lambda done, total, what: seen.append((done, total, what)))
    dones = [d for d, _, _ in seen]
    assert dones == sorted(dones) and dones[0] == 0 and len(set(dones)) == len(doc.series) + 1
    assert {t for _, t, _ in seen} == {len(doc.series)}
    assert "Importing Bosch…" in [w for _, _, w in seen] and seen[-1][2] == "Imported."


def test_the_import_service_passes_progress_and_cancel_on(rich, other, tmp_path):
    doc = parse_own_export(ExportService(rich.engine).json_bytes()[0])
    importer = ImportService(other.engine, None, tmp_path / "backups")
    before = dump(other.engine)
    cancel = threading.Event()
    with pytest.raises(ImportCancelled):
        importer.import_own(doc, progress=lambda done, total, what: cancel.set(), cancel=cancel)
    assert dump(other.engine) == before
    seen = []
    summary, changes, backup = importer.import_own(doc, progress=lambda *told: seen.append(told))
    assert summary.series_new == len(doc.series) and changes and backup.parent == tmp_path / "backups"
    assert seen[-1] == (len(doc.series), len(doc.series), "Imported.")


def test_preview_writes_nothing(rich, other):
    doc = parse_own_export(ExportService(rich.engine).json_bytes()[0])
    before = dump(other.engine)
    summary = preview_own(other.engine, doc)
    assert dump(other.engine) == before
    assert (summary.series_new, summary.episodes_new, summary.viewings_new, summary.ratings_new) == (
        3,
        doc.episode_count,
        doc.viewing_count,
        doc.rating_count,
    )
    assert summary.as_dict()["viewings_new"] == doc.viewing_count


def test_the_example_in_another_library_keeps_its_people_once(rich, other):
    import_own(other.engine, parse_own_export(ExportService(rich.engine).json_bytes()[0]))

    def people(services):
        with session_scope(services.engine) as session:
            return sorted((p.name, p.tvmaze_id or 0, p.image_url or "") for p in session.exec(select(Person)))

    assert people(other) == people(rich)  # Titus Welliver plays in two series: one person


def test_unknown_fields_are_ignored_and_optional_ones_default(other):
    doc = {
        "format": "watchtracker",
        "version": 1,
        "something_new": {"x": 1},
        "series": [
            {
                "key": "a",
                "title": "Ballard",
                "future_field": True,
                "episodes": [{"season": 1, "number": 1, "viewings": [{"watched_at": "2025-07-09T20:00:00+02:00"}]}],
            }
        ],
    }
    summary, _ = import_own(other.engine, parse_own_export(json.dumps(doc)))
    assert (summary.series_new, summary.viewings_new) == (1, 1)
    d = other.library.detail(other.library.find("Ballard"))
    assert d.status.value == "announced" and not d.followed
    assert d.episodes()[0].last_watched == datetime(2025, 7, 9, 18, 0, tzinfo=UTC)


def test_recognising_the_format_from_its_first_bytes(example):
    data = ExportService(example.engine).json_bytes()[0]
    assert own_format.looks_like_own_export(data[:200])
    assert not own_format.looks_like_own_export(b'{"format": "watchtracker-example"')
    assert not own_format.looks_like_own_export(b"series,season,episode")


_ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10) | st.sampled_from(["s1", "a", "ended"]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "key",
                    "title",
                    "from",
                    "to",
                    "kind",
                    "name",
                    "members",
                    "series",
                    "url",
                    "number",
                    "season",
                    "episodes",
                    "viewings",
                    "watched_at",
                    "fingerprint",
                    "headline",
                ]
            )
            | st.text(max_size=8),
            inner,
            max_size=5,
        )
    ),
    max_leaves=25,
)
_SECTIONS = ("series", "franchises", "relations", "announcements", "feeds", "muted_kinds", "pending_imports")


@settings(max_examples=200, deadline=None, database=None)
@given(
    st.one_of(
        st.binary(max_size=300),
        st.dictionaries(st.sampled_from(_SECTIONS), _ANY_JSON, max_size=4).map(
            lambda d: json.dumps({"format": "watchtracker", "version": 1, **d}).encode()
        ),
    )
)
def test_random_input_is_refused_with_a_message_or_read(scratch, data):
    try:
        doc = parse_own_export(data)
    except OwnFormatError as exc:
        assert str(exc)
        return
    preview_own(scratch, doc)  # what is read can be imported (and is rolled back)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """One library for every example of the property: previews leave it as it was."""
    from watchtracker.storage.database import open_database

    engine = open_database(tmp_path_factory.mktemp("scratch") / "library.sqlite")
    yield engine
    engine.dispose()


def test_a_day_without_a_time_survives_the_round_trip(example, other):
    """``published_has_time`` is written for every announcement and read back; a file without it
    (written before it existed) keeps every time it gives."""
    with session_scope(example.engine) as session:
        session.add(
            Announcement(
                kind="news",
                headline="A day alone",
                fingerprint="test:day",
                published_at=datetime(2025, 7, 9, 12, tzinfo=UTC),
                published_has_time=False,
                created_at=NOW,
            )
        )
        session.add(
            Announcement(
                kind="news",
                headline="With its time",
                fingerprint="test:time",
                published_at=datetime(2025, 7, 9, 10, 30, tzinfo=UTC),
                created_at=NOW,
            )
        )
    data = ExportService(example.engine).json_bytes()[0]
    written = {a["fingerprint"]: a for a in json.loads(data)["announcements"]}
    assert written["test:day"]["published_has_time"] is False
    assert written["test:day"]["published_at"] == "2025-07-09T12:00:00Z"
    assert written["test:time"]["published_has_time"] is True
    assert "published_has_time" in own_format.__doc__

    import_own(other.engine, parse_own_export(data))
    with session_scope(other.engine) as session:
        stored = {a.fingerprint: a for a in session.exec(select(Announcement))}
        assert not stored["test:day"].published_has_time and stored["test:time"].published_has_time
        assert {f: a.published_has_time for f, a in stored.items()} == {
            f: a["published_has_time"] for f, a in written.items()
        }
    again = {a.headline: a for a in other.alerts.alerts()}
    assert not again["A day alone"].published_has_time and again["With its time"].published_has_time

    def older(doc):
        for a in doc["announcements"]:
            del a["published_has_time"]

    doc = parse_own_export(edit(data, older))
    assert {a["published_has_time"] for a in doc.announcements} == {True}


def test_a_time_flag_that_is_not_true_or_false_is_refused(example):
    data = edit(
        ExportService(example.engine).json_bytes()[0],
        lambda d: d["announcements"][0].update(published_has_time="no"),
    )
    with pytest.raises(OwnFormatError, match=r"announcements\[0\]\.published_has_time should be true or false"):
        parse_own_export(data)
