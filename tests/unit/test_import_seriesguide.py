"""SeriesGuide's JSON backup: the owner's real samples, the project's own backup (shows, lists and
movies with Gson's escapes and left-out defaults), folders and zips, and the bad files."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from watchtracker.domain.enums import ViewerState
from watchtracker.domain.transfer import ExternalIds, ImportBatch, NotAnExport
from watchtracker.providers.imports import seriesguide
from watchtracker.providers.imports.files import open_source

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports" / "seriesguide"
REALDATA = Path(__file__).resolve().parents[3] / "shared" / "realdata" / "seriesguide"


def read(path: Path) -> ImportBatch:
    with open_source(path) as source:
        return seriesguide.read(source)


def looks_like(path: Path) -> bool:
    with open_source(path) as source:
        return seriesguide.looks_like(source)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


@pytest.fixture
def backup() -> ImportBatch:
    return read(FIXTURES)


# -- the owner's samples ------------------------------------------------------------------------

needs_realdata = pytest.mark.skipif(not REALDATA.is_dir(), reason="../shared/realdata is not here")


@needs_realdata
@pytest.mark.parametrize(
    "name, shows, viewings, ratings, skipped",
    [
        ("shows-export-example.json", 1, 1, 1, 1),
        ("shows-import-minimal.json", 1, 0, 0, 1),
        ("test-expected-export-shows-compact.json", 1, 2, 0, 1),
        ("lists-export-example_from-docs.json", 2, 0, 0, 1),
        ("test-expected-export-lists-compact.json", 0, 0, 0, 1),
        ("movies-export-example_from-docs.json", 0, 0, 0, 1),
        ("test-expected-export-movies-compact.json", 0, 0, 0, 1),
    ],
)
def test_every_real_sample_is_recognised_and_read(name, shows, viewings, ratings, skipped):
    path = REALDATA / name
    assert looks_like(path)
    batch = read(path)
    assert batch.format == "seriesguide"
    assert (len(batch.shows), batch.viewing_count, batch.rating_count, len(batch.skipped)) == (
        shows,
        viewings,
        ratings,
        skipped,
    )


@needs_realdata
def test_the_owners_full_example_show():
    batch = read(REALDATA / "shows-export-example.json")
    (show,) = batch.shows
    assert show.key == "tmdb:68421" and show.title == "Altered Carbon" and show.year == 2018
    assert show.ids == ExternalIds(tmdb=68421, thetvdb=332331, imdb="tt2261227", trakt=122265)
    assert (show.rating, show.notes, show.favourite, show.state) == (9, "Note text", False, None)
    (viewing,) = show.viewings
    assert (viewing.season, viewing.number, viewing.episode_title) == (1, 1, "Out of the Past")
    assert viewing.thetvdb_episode == 1401623
    # last_watched_ms (2021-03-01) is after the episode aired (2018-02-02): the one dated play
    assert viewing.watched_at == datetime.fromtimestamp(1614593199.175, tz=UTC)
    assert "1 episode rating not imported" in batch.skipped[0]


@needs_realdata
def test_the_exact_exporter_bytes_with_escapes_and_an_all_defaults_show():
    batch = read(REALDATA / "test-expected-export-shows-compact.json")
    (show,) = batch.shows
    assert show.title == "Jujutsu Kaisen" and show.year == 2021
    assert show.ids == ExternalIds(tmdb=95479, trakt=52)  # "imdbidvalue" is no IMDb id
    assert show.rating is None  # rating_user 0: not rated
    assert [(v.season, v.number) for v in show.viewings] == [(1, 1), (2, 1)]  # skipped ones are not
    assert "show 2 has neither an id nor a title" in batch.skipped[0]


@needs_realdata
def test_the_minimal_import_file_has_no_episode_numbers_to_place():
    batch = read(REALDATA / "shows-import-minimal.json")
    assert batch.shows[0].ids == ExternalIds(tmdb=68421) and batch.shows[0].viewings == ()
    assert "1 watched episode without season or episode number" in batch.skipped[0]


@needs_realdata
def test_the_real_samples_as_one_folder(tmp_path):
    batch = read(REALDATA)
    assert {s.key for s in batch.shows} == {"tmdb:68421", "tmdb:95479", "tmdb:62425", "tvdb:253491"}
    assert any("appears again" in line for line in batch.skipped)  # 68421 in two shows files


# -- the project's backup -----------------------------------------------------------------------


def test_gson_escapes_are_undone(backup):
    sunny = backup.shows[0]
    assert sunny.title == "It's Always Sunny in Philadelphia"
    assert sunny.notes == "Mac & Dennis's best season: 4"
    assert b"\\u0027" in (FIXTURES / "shows.json").read_bytes()


def test_a_show_with_everything(backup):
    sunny = backup.shows[0]
    assert sunny.key == "tmdb:2710" and sunny.year == 2005
    assert sunny.ids == ExternalIds(tmdb=2710, thetvdb=75805, imdb="tt0472954", trakt=1414)
    assert (sunny.rating, sunny.favourite, sunny.watchlist, sunny.state) == (8, True, False, None)
    # plays 2 -> two viewings; skipped (even when also "watched") is none; plays 0 but watched -> one
    assert [(v.season, v.number) for v in sunny.viewings] == [(0, 1), (1, 1), (1, 1), (1, 2), (2, 1)]
    assert sunny.viewings[1].thetvdb_episode == 300001
    # only the last regular episode watched gets last_watched_ms; every other play is undated
    dated = [v for v in sunny.viewings if v.watched_at is not None]
    assert [(v.season, v.number) for v in dated] == [(2, 1)]
    assert dated[0].watched_at == datetime(2024, 5, 1, 20, tzinfo=UTC)


def test_hidden_shows_are_completed_or_dropped(backup):
    by_key = {s.key: s for s in backup.shows}
    law = by_key["tvdb:72368"]  # legacy: only a TheTVDB id; every episode watched
    assert law.title == "Law & Order" and law.ids == ExternalIds(thetvdb=72368)
    assert law.state is ViewerState.COMPLETED and law.rating is None
    assert all(v.watched_at is None for v in law.viewings)  # last_watched_ms 0: no date
    firefly = by_key["tmdb:1437"]
    assert firefly.state is ViewerState.DROPPED
    # last_watched_ms before the episode aired: not believable, so not used
    assert [v.watched_at for v in firefly.viewings] == [None]


def test_missing_ids_a_show_without_either_and_a_duplicate(backup):
    by_key = {s.key: s for s in backup.shows}
    kitchen = by_key["title:The Kitchen Sink Show"]
    assert not kitchen.ids and len(kitchen.viewings) == 1  # "not-an-id" is no IMDb id
    assert any("show 5 has neither an id nor a title" in line for line in backup.skipped)
    assert any("(tmdb:2710) appears again as show 6; the second copy is left out" in line for line in backup.skipped)


def test_absurd_play_counts_are_capped_with_a_line(backup):
    who = next(s for s in backup.shows if s.key == "tmdb:57243")
    assert len(who.viewings) == seriesguide.MAX_PLAYS
    assert any("Doctor Who" in line and "more than 100 plays" in line for line in backup.skipped)


def test_lists_add_shows_not_in_the_shows_file_to_the_watchlist(backup):
    keys = [s.key for s in backup.shows]
    assert keys == [
        "tmdb:2710",
        "tvdb:72368",
        "tmdb:1437",
        "title:The Kitchen Sink Show",
        "tmdb:57243",
        "tmdb:1399",
        "tvdb:121361",
    ]
    added = backup.shows[-2:]
    assert all(s.watchlist and s.title == "" and not s.viewings for s in added)
    assert added[0].ids == ExternalIds(tmdb=1399) and added[1].ids == ExternalIds(thetvdb=121361)
    assert not backup.shows[0].watchlist  # on a list, but already followed with its history
    assert any("list “Watch next”: 1 episode, 1 season left out" in line for line in backup.skipped)


def test_movies_are_counted_and_left_out(backup):
    assert any(line.endswith("movies.json: 2 movies left out (watchtracker follows series)") for line in backup.skipped)
    assert "(500) Days of Summer" not in {s.title for s in backup.shows}


def test_counts_of_the_whole_backup(backup):
    assert (len(backup.shows), backup.viewing_count, backup.rating_count) == (7, 2 + 1 + 5 + 1 + 100, 1)
    assert backup.source == "seriesguide"


def test_a_zip_of_the_backup_with_an_extra_file_reads_the_same(tmp_path, backup):
    archive = tmp_path / "seriesguide-backup.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in ("shows.json", "lists.json", "movies.json"):
            zf.write(FIXTURES / name, f"backup/{name}")
        zf.writestr("backup/README.txt", "exported with SeriesGuide")
    assert looks_like(archive)
    batch = read(archive)
    assert batch.shows == backup.shows
    assert any("README.txt: not JSON" in line for line in batch.skipped)


def test_one_file_alone_is_enough(tmp_path):
    assert looks_like(FIXTURES / "lists.json")
    batch = read(FIXTURES / "lists.json")
    assert [s.key for s in batch.shows] == ["tmdb:2710", "tmdb:1399", "tvdb:72368", "tvdb:121361"]
    assert all(s.watchlist for s in batch.shows)


def test_an_empty_backup_file_reads_as_nothing(tmp_path):
    path = write(tmp_path, "shows.json", "[]")
    assert not looks_like(path)  # nothing in it says SeriesGuide...
    batch = read(path)  # ...but read as one (--format seriesguide) it is an empty backup
    assert batch.shows == () and batch.skipped == ()


def test_values_of_the_wrong_type_are_taken_as_missing(tmp_path):
    show = {
        "tmdb_id": "12",
        "tvdb_id": True,
        "trakt_id": -4,
        "title": 5,
        "rating_user": 11,
        "favorite": "yes",
        "hidden": 1,
        "last_watched_ms": 9223372036854775807,
        "first_aired": 2005,
        "user_note": None,
        "seasons": [
            None,
            {
                "season": "1",
                "episodes": [
                    {"episode": 1.0, "watched": True, "plays": "many"},
                    {"episode": 2, "watched": "true"},
                    7,
                    {"episode": -1, "watched": True},
                ],
            },
        ],
    }
    batch = read(write(tmp_path, "shows.json", json.dumps([show])))
    (imported,) = batch.shows
    assert imported.ids == ExternalIds(tmdb=12) and imported.title == ""
    assert (imported.rating, imported.favourite, imported.state, imported.year) == (None, False, None, None)
    assert [(v.season, v.number, v.watched_at) for v in imported.viewings] == [(1, 1, None)]
    assert any("1 watched episode without season or episode number" in line for line in batch.skipped)


def test_an_episode_listed_twice_counts_once_and_an_older_date_form(tmp_path):
    episode = {"episode": 1, "watched": True, "plays": 1}
    show = {
        "tvdb_id": 80379,
        "title": "The Big Bang Theory",
        "first_aired": 1190592000000,
        "seasons": [{"season": 1, "episodes": [episode, episode]}, {"season": 1, "episodes": [episode]}],
    }
    batch = read(write(tmp_path, "shows.json", json.dumps([show])))
    (imported,) = batch.shows
    assert imported.year == 2007 and len(imported.viewings) == 1
    assert any("“The Big Bang Theory”: 2 episodes listed again" in line for line in batch.skipped)


# -- not SeriesGuide, or broken -----------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        '[{"plays": 3, "last_watched_at": "2024-01-01T00:00:00.000Z", "show": {"title": "Dark",'
        ' "ids": {"trakt": 1, "tmdb": 70523}}, "seasons": [{"number": 1, "episodes": []}]}]',  # Trakt
        '[{"id": 1, "name": "Under the Dome", "language": "English", "status": "Ended",'
        ' "network": {"name": "CBS"}, "genres": ["Drama"]}]',  # TVmaze
        '{"tmdb_id": 1, "seasons": []}',  # an object, not an array
        "[1, 2, 3]",
        "Const,Your Rating,Title\n",
    ],
)
def test_other_json_and_text_is_not_seriesguide(tmp_path, content):
    path = write(tmp_path, "export.json", content)
    assert not looks_like(path)
    with pytest.raises(NotAnExport, match="not"):
        read(path)


def test_truncated_json_is_refused_with_one_line(tmp_path):
    data = (FIXTURES / "shows.json").read_bytes()
    path = write(tmp_path, "shows.json", data[: len(data) // 2])
    assert looks_like(path)  # it starts like a backup...
    with pytest.raises(NotAnExport) as error:
        read(path)  # ...but is not read
    assert "shows.json" in str(error.value) and "JSON" in str(error.value)
    assert "\n" not in str(error.value)


def test_one_truncated_file_in_a_folder_refuses_the_whole_backup(tmp_path):
    folder = tmp_path / "backup"
    folder.mkdir()
    (folder / "lists.json").write_bytes((FIXTURES / "lists.json").read_bytes())
    (folder / "shows.json").write_bytes((FIXTURES / "shows.json").read_bytes()[:-3])
    with pytest.raises(NotAnExport, match="shows.json"):
        read(folder)


@pytest.mark.parametrize(
    "content",
    [
        bytes(range(256)) * 4,
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
        b"[" * 100_000,  # nested too deeply for any parser
        b'[{"tmdb_id": 1, "seasons": [] ' + b"\xff\xfe" * 10,
    ],
)
def test_binary_garbage_is_refused(tmp_path, content):
    path = write(tmp_path, "shows.json", content)
    with pytest.raises(NotAnExport):
        read(path)


OTHER_FIXTURES = sorted(
    p for fmt in ("imdb", "trakt", "tvtime") for p in (FIXTURES.parent / fmt).rglob("*") if p.is_file()
)


@pytest.mark.parametrize("path", OTHER_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_other_trackers_files_are_not_seriesguide(path):
    try:
        claimed = looks_like(path)
    except NotAnExport:  # a deliberately broken file of theirs (a zip bomb ...) is refused at opening
        claimed = False
    assert not claimed
