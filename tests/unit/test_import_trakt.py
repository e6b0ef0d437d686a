"""Trakt's export read into an ImportBatch. Fixtures in tests/fixtures/imports/trakt are written
for the project in the shapes of Trakt's export (FORMATS.md §3)."""

from __future__ import annotations

import json
import random
import shutil
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watchtracker.domain.transfer import NotAnExport
from watchtracker.providers.imports import files, trakt, tvtime
from watchtracker.providers.imports.files import open_source

EXPORT = Path(__file__).parents[1] / "fixtures" / "imports" / "trakt" / "export"
REALDATA = Path(__file__).parents[3] / "shared" / "realdata" / "trakt"


def read(path):
    with open_source(path) as src:
        assert trakt.looks_like(src)
        return trakt.read(src)


def by_title(batch):
    return {s.title: s for s in batch.shows}


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def plays(show):
    return [(v.season, v.number, v.watched_at) for v in show.viewings]


# -- the real samples ----------------------------------------------------------------------------

# (shows, viewings, skipped) each real sample gives when read alone
REAL_EXPECTED = {
    "export_watched-history_TRIMMED.json": (
        4,
        9,
        ["export_watched-history_TRIMMED.json: movies (watchtracker tracks series): 1"],
    ),
    "api_sync-history_example.json": (1, 1, ["api_sync-history_example.json: movies (watchtracker tracks series): 2"]),
    "api_sync-watched-shows.json": (1, 13, []),
    "export_lists-watchlist.json": (3, 0, ["export_lists-watchlist.json: movies (watchtracker tracks series): 3"]),
    "api_sync-watchlist_example.json": (
        1,
        0,
        ["api_sync-watchlist_example.json: movies (watchtracker tracks series): 1"],
    ),
    "export_ratings-episodes.json": (
        0,
        0,
        ["export_ratings-episodes.json: episode ratings (ratings are kept per series): 4"],
    ),
}


@pytest.mark.skipif(not REALDATA.is_dir(), reason="shared/realdata not present")
@pytest.mark.parametrize("name", sorted(REAL_EXPECTED))
def test_every_real_sample_reads_with_expected_counts(name):
    batch = read(REALDATA / name)
    assert (len(batch.shows), batch.viewing_count, list(batch.skipped)) == REAL_EXPECTED[name]
    assert batch.format == "trakt"


@pytest.mark.skipif(not REALDATA.is_dir(), reason="shared/realdata not present")
def test_real_history_details():
    shows = by_title(read(REALDATA / "export_watched-history_TRIMMED.json"))
    assert set(shows) == {"High Potential", "La Revuelta", "One Piece", "Friends"}
    friends = shows["Friends"]
    assert (friends.ids.trakt, friends.ids.thetvdb, friends.ids.imdb, friends.ids.tmdb) == (
        1657,
        79168,
        "tt0108778",
        1668,
    )
    assert (0, 7, utc(2025, 7, 7, 12, 48)) in plays(friends)  # a special stays season 0
    hp = shows["High Potential"]
    assert hp.year == 2024 and len(hp.viewings) == 5
    assert hp.viewings[-1].episode_title == "In the Driver's Seat" and hp.viewings[-1].thetvdb_episode == 11471275


@pytest.mark.skipif(not REALDATA.is_dir(), reason="shared/realdata not present")
def test_real_samples_folder_together():
    batch = read(REALDATA)
    assert len(batch.shows) == 10 and batch.viewing_count == 23  # Lost: only episode ratings, left out
    watchlisted = sorted(s.title for s in batch.shows if s.watchlist)
    assert watchlisted == ["18 Again", "Breaking Bad", "Kaguya-sama: Love is War", "My Mister"]


@pytest.mark.skipif(not (REALDATA.parent / "seriesguide").is_dir(), reason="shared/realdata not present")
@pytest.mark.parametrize("folder", ["seriesguide", "tvmaze", "imdb", "letterboxd", "tvtime"])
def test_other_real_formats_are_not_trakt(folder):
    for path in sorted((REALDATA.parent / folder).rglob("*")):
        if path.is_file():
            with open_source(path) as src:
                assert not trakt.looks_like(src), path.name


# -- the project's fixtures ------------------------------------------------------------------


def test_full_export_folder():
    batch = read(EXPORT)
    shows = by_title(batch)
    assert set(shows) == {"Severance", "Doctor Who", "Ted Lasso", "Breaking Bad", "Shōgun"}

    sev = shows["Severance"]
    # history and watched-shows agree: history wins, nothing counted twice; a rewatch is two plays
    assert plays(sev) == [
        (1, 1, utc(2022, 2, 18, 21, 30)),
        (1, 2, utc(2022, 2, 19, 21, 30)),
        (1, 1, utc(2025, 1, 5, 20)),
        (2, 10, utc(2025, 3, 21, 2, 14)),
    ]
    assert sev.rating == 9 and sev.key == "trakt:154997"
    assert (sev.ids.thetvdb, sev.ids.imdb, sev.ids.tmdb, sev.ids.trakt) == (371980, "tt11280740", 95396, 154997)
    assert sev.viewings[0].episode_title == "Good News About Hell" and sev.viewings[0].thetvdb_episode == 7956134

    dw = shows["Doctor Who"]
    # S1E2 is only in watched-shows with 3 plays: one on last_watched_at, two undated
    assert plays(dw) == [
        (1, 1, utc(2005, 3, 26, 19)),
        (0, 3, utc(2005, 12, 25, 19)),
        (1, 2, utc(2019, 4, 2, 18)),
        (1, 2, None),
        (1, 2, None),
    ]

    ted = shows["Ted Lasso"]
    assert ted.ids.imdb is None and ted.ids.thetvdb == 383203  # a missing id stays missing
    assert plays(ted) == [(1, 1, utc(2020, 8, 14, 19))]
    assert ted.rating is None  # 15 is not a rating

    assert shows["Breaking Bad"].watchlist and shows["Breaking Bad"].notes == "after Better Call Saul"
    assert shows["Shōgun"].watchlist  # a season on the watchlist puts its show there
    assert batch.viewing_count == 10
    assert batch.skipped == (
        "watched-history.json: duplicate plays dropped: 1",
        "watched-history.json: movies (watchtracker tracks series): 1",
        "watched-history.json: plays without a season and episode number: 1",
        "lists-watchlist.json: movies (watchtracker tracks series): 1",
        "ratings-episodes.json: episode ratings (ratings are kept per series): 1",
        "ratings-shows.json: ratings outside 1-10: 1",
        "files not read: user-profile.json",
    )


def test_zip_with_extra_files_reads_like_the_folder(tmp_path):
    archive = tmp_path / "trakt-export-viewer.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(EXPORT.iterdir()):
            zf.write(f, f.name)
        zf.writestr("comments-seasons.json", "[]")
        zf.writestr("lists-list-12345-favourite-dramas.json", "[]")
        zf.writestr("avatar.png", b"\x89PNG\r\n\x1a\n" + bytes(200))
    zipped, folder = read(archive), read(EXPORT)
    assert zipped.shows == folder.shows
    assert zipped.skipped[-1] == (
        "files not read: avatar.png, comments-seasons.json, lists-list-12345-favourite-dramas.json, user-profile.json"
    )


def test_history_alone_under_another_name(tmp_path):
    shutil.copy(EXPORT / "watched-history.json", tmp_path / "my trakt backup.txt")
    batch = read(tmp_path / "my trakt backup.txt")
    assert batch.viewing_count == 7  # without watched-shows: the history's plays only
    assert batch.source == "my trakt backup.txt"


def test_watched_shows_alone_gives_plays_with_the_last_date_on_one(tmp_path):
    shutil.copy(EXPORT / "watched-shows.json", tmp_path / "watched-shows.json")
    shows = by_title(read(tmp_path))
    assert plays(shows["Severance"]).count((1, 1, utc(2025, 1, 5, 20))) == 1
    assert plays(shows["Severance"]).count((1, 1, None)) == 1
    assert len(shows["Doctor Who"].viewings) == 5


def test_favourites_and_show_ratings(tmp_path):
    show = {
        "title": "The Expanse",
        "year": 2015,
        "ids": {"trakt": 77199, "slug": "the-expanse", "tvdb": 280619, "imdb": "tt3230854", "tmdb": 63639},
    }
    (tmp_path / "lists-favorites.json").write_text(
        json.dumps(
            [
                {
                    "rank": 1,
                    "id": 501,
                    "listed_at": "2024-01-01T10:00:00.000Z",
                    "notes": None,
                    "type": "show",
                    "show": show,
                }
            ]
        )
    )
    (tmp_path / "ratings-shows.json").write_text(
        json.dumps([{"rated_at": "2024-01-02T10:00:00.000Z", "rating": 10, "type": "show", "show": show}])
    )
    [expanse] = read(tmp_path).shows
    assert expanse.favourite and expanse.rating == 10 and not expanse.watchlist and not expanse.viewings


def test_empty_export_files(tmp_path):
    for name in ("watched-history.json", "lists-watchlist.json", "ratings-shows.json"):
        (tmp_path / name).write_text("[]\n")
    batch = read(tmp_path)
    assert batch.shows == () and batch.skipped == ()


# -- bad files -------------------------------------------------------------------------------

SERIESGUIDE = [
    {
        "tmdb_id": 1396,
        "tvdb_id": 81189,
        "imdb_id": "tt0903747",
        "title": "Breaking Bad",
        "language": "en",
        "favorite": True,
        "hidden": False,
        "seasons": [
            {
                "tmdb_id": "3572",
                "season": 1,
                "episodes": [{"tmdb_id": 62085, "episode": 1, "title": "Pilot", "watched": True, "plays": 1}],
            }
        ],
    }
]


def test_seriesguide_backup_is_not_trakt(tmp_path):
    (tmp_path / "seriesguide-shows.json").write_text(json.dumps(SERIESGUIDE))
    with open_source(tmp_path / "seriesguide-shows.json") as src:
        assert not trakt.looks_like(src) and not tvtime.looks_like(src)
        with pytest.raises(NotAnExport, match=r"^seriesguide-shows.json: not a Trakt export \("):
            trakt.read(src)


def test_truncated_json(tmp_path):
    data = (EXPORT / "watched-history.json").read_text()
    (tmp_path / "watched-history.json").write_text(data[: len(data) // 2])
    with open_source(tmp_path) as src:
        assert trakt.looks_like(src)  # recognised by its name and its first bytes
        with pytest.raises(
            NotAnExport,
            match=r"^[^\n]*/watched-history.json: JSON cut off at the end "
            r"\(truncated download\?\)$",
        ):
            trakt.read(src)


def test_damaged_json_in_the_middle(tmp_path):
    data = (EXPORT / "ratings-shows.json").read_text().replace('"rating": 9,', '"rating": 9,,', 1)
    (tmp_path / "ratings-shows.json").write_text(data)
    with open_source(tmp_path) as src, pytest.raises(NotAnExport, match=r"damaged JSON at line \d+, column \d+$"):
        trakt.read(src)


def test_binary_garbage(tmp_path):
    (tmp_path / "watched-history.json").write_bytes(random.Random(7).randbytes(4000))
    with open_source(tmp_path / "watched-history.json") as src:
        assert not trakt.looks_like(src)
        with pytest.raises(NotAnExport, match=r"^watched-history.json: not a text file \(binary data\)$"):
            trakt.read(src)


def test_html_page_saved_as_export(tmp_path):
    (tmp_path / "watched-history.json").write_text("<!DOCTYPE html><html><body>Sign in</body></html>")
    with open_source(tmp_path / "watched-history.json") as src:
        assert not trakt.looks_like(src)
        with pytest.raises(NotAnExport, match=r"^watched-history.json: not JSON$"):
            trakt.read(src)


def test_json_too_big(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_JSON_BYTES", 1_000)
    with open_source(EXPORT) as src, pytest.raises(NotAnExport, match=r"watched-history.json: too big \("):
        trakt.read(src)


def test_a_json_object_where_a_list_belongs_is_not_read(tmp_path):
    (tmp_path / "watched-history.json").write_text('[{"watched_at": "x"}]')
    (tmp_path / "ratings-shows.json").write_text('{"rated_at": "2024-01-01T00:00:00Z", "rating": 8}')
    batch = read(tmp_path)
    assert batch.shows == ()
    assert batch.skipped == ("watched-history.json: entries without a show: 1", "files not read: ratings-shows.json")


def test_odd_values_are_left_out_not_crashed_on(tmp_path):
    (tmp_path / "watched-history.json").write_text(
        json.dumps(
            [
                None,
                7,
                "x",
                {"type": "episode"},
                {"type": "episode", "show": {"ids": {}}},
                {
                    "id": 1,
                    "type": "episode",
                    "watched_at": "yesterday",
                    "episode": {"season": "1", "number": 2},
                    "show": {"title": "Slow Horses", "year": 2022, "ids": {"trakt": "x", "tvdb": None}},
                },
                {
                    "id": 2,
                    "type": "episode",
                    "watched_at": "2024-01-01T00:00:00+02:00",
                    "episode": {"season": True, "number": 1},
                    "show": {"title": "Slow Horses", "year": 2022},
                },
            ]
        )
    )
    batch = read(tmp_path)
    [show] = batch.shows
    assert show.key == "title:slow horses (2022)" and plays(show) == [(1, 2, None)]
    assert all("\n" not in line for line in batch.skipped) and len(batch.skipped) == 4


def test_digit_lookalikes_huge_numbers_and_ids_of_zero(tmp_path):
    (tmp_path / "watched-shows.json").write_text(
        json.dumps(
            [
                {
                    "plays": 1,
                    "last_watched_at": "2024-01-01T00:00:00.000Z",
                    "show": {
                        "title": "Dark",
                        "year": "\u00b2",
                        "ids": {"trakt": "\u00b2", "tvdb": "\u0661\u0662", "tmdb": -1, "imdb": "tt5753856"},
                    },
                    "seasons": [
                        {"number": "\u00b2", "episodes": [{"number": 1}]},
                        {"number": 1, "episodes": [{"number": 1, "plays": "9" * 5000}]},
                    ],
                },
                {"plays": 1, "show": {"title": "Dark", "ids": {"trakt": "9" * 5000, "tvdb": 0}}, "seasons": []},
            ]
        )
    )
    dark, by_title_only = read(tmp_path).shows
    assert by_title_only.key == "title:dark (?)" and not by_title_only.ids
    assert dark.key == "imdb:tt5753856" and dark.year is None
    assert (dark.ids.trakt, dark.ids.thetvdb, dark.ids.tmdb) == (None, None, None)
    assert plays(dark) == [(1, 1, None)]


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=500),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=10),
            lambda kids: (
                st.lists(kids, max_size=4)
                | st.dictionaries(
                    st.sampled_from(
                        [
                            "show",
                            "episode",
                            "type",
                            "ids",
                            "season",
                            "number",
                            "watched_at",
                            "seasons",
                            "plays",
                            "title",
                            "trakt",
                            "rating",
                            "listed_at",
                        ]
                    ),
                    kids,
                    max_size=5,
                )
            ),
            max_leaves=20,
        ).map(lambda v: json.dumps([v, {"watched_at": 1, "action": 1, "show": 1}]).encode()),
    )
)
def test_random_input_gives_a_batch_or_a_clear_refusal(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "watched-history.json"
        path.write_bytes(data)
        try:
            with open_source(path) as src:
                if trakt.looks_like(src):
                    trakt.read(src)
        except NotAnExport as exc:
            assert "\n" not in str(exc) and str(exc)
