"""Property tests for every reader under ``providers/imports``: whatever bytes a file holds -
random bytes, random JSON, JSON with the readers' own keys in nonsense places, CSV with their
column names and odd cells, any of them cut off - ``looks_like`` answers True or False and
``read`` gives a well-formed ImportBatch, or either says NotAnExport. Never another exception."""

from __future__ import annotations

import csv
import importlib
import io
import json
import pkgutil
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import watchtracker.providers.imports as imports_package
from watchtracker.domain.transfer import FORMATS, ImportBatch, ImportedShow, ImportedViewing, NotAnExport
from watchtracker.providers.imports.files import open_source

READERS = sorted(
    (
        module
        for module in (
            importlib.import_module(f"{imports_package.__name__}.{info.name}")
            for info in pkgutil.iter_modules(imports_package.__path__)
        )
        if hasattr(module, "looks_like") and hasattr(module, "read")
    ),
    key=lambda module: module.__name__,
)

FUZZ = settings(
    max_examples=150,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Names the readers give meaning to (a Trakt file's role comes from its name).
FILE_NAMES = (
    "export.json",
    "shows.json",
    "watched-history.json",
    "watched-shows.json",
    "lists-watchlist.json",
    "ratings-episodes.json",
    "export.csv",
    "ratings.csv",
    "tracking-prod-records-v2.csv",
    "followed_tv_show.csv",
    "seen_episode.csv",
    "data",
)
KEYS = (
    # SeriesGuide
    "tmdb_id",
    "tvdb_id",
    "imdb_id",
    "trakt_id",
    "title",
    "seasons",
    "season",
    "episodes",
    "episode",
    "watched",
    "plays",
    "skipped",
    "first_aired",
    "rating_user",
    "hidden",
    "favorite",
    "last_watched_ms",
    "user_note",
    "release_time",
    "language",
    "list_id",
    "name",
    "items",
    "externalId",
    "type",
    "released_utc_ms",
    "in_watchlist",
    "runtime_min",
    # Trakt
    "show",
    "movie",
    "ids",
    "trakt",
    "tvdb",
    "imdb",
    "tmdb",
    "slug",
    "year",
    "number",
    "watched_at",
    "last_watched_at",
    "action",
    "rating",
    "rated_at",
    "listed_at",
    "id",
    "notes",
    "my_rating",
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from([0, 1, -1, 10, 11, 2**63, 9223372036854775807, 10**30, 1.5, float("nan"), float("inf")]),
    st.integers(),
    st.floats(),
    st.sampled_from(
        [
            "",
            "tt0944947",
            "tt123",
            "2024-01-01T00:00:00.000Z",
            "2024-13-45T99:00:00Z",
            "1614593199175",
            "tmdb-show",
            "show",
            "episode",
            "season",
            "movie",
            "1",
            "-5",
            "²",
            "１２",
            "1e400",
        ]
    ),
    st.text(max_size=20),
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=5),
    max_leaves=12,
)
JSON_DOCUMENTS = st.one_of(
    st.lists(st.dictionaries(st.sampled_from(KEYS), JSON_VALUES, max_size=8), max_size=4),
    JSON_VALUES,
)
COLUMNS = (
    # IMDb
    "Const",
    "Your Rating",
    "Date Rated",
    "Title",
    "Original Title",
    "URL",
    "Title Type",
    "Year",
    "Position",
    "Created",
    "Genres",
    # TV Time
    "tv_show_id",
    "tv_show_name",
    "s_id",
    "series_name",
    "episode_season_number",
    "episode_number",
    "episode_id",
    "created_at",
    "updated_at",
    "is_followed",
    "is_archived",
    "rating",
    "entity_type",
    "ep_watch_count",
    "rewatch_count",
    "movie_name",
)
CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            "tt0944947",
            "tt12345678",
            "16968450",
            "TV Series",
            "Serie TV",
            "TV Episode",
            "Movie",
            "tvMiniSeries",
            "10",
            "0",
            "11",
            "-1",
            "1",
            "999999999999999999999",
            "2024-01-01",
            "2024-01-01 10:00:00",
            "true",
            "episode",
            "movie",
            "A, B",
            "²",
            "١٢",
            "tt０９４４９４７",
            "NaN",
            "1e400",
        ]
    ),
    st.text(max_size=15),
)
CSV_TABLES = st.tuples(
    st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=10), st.lists(st.lists(CELLS, max_size=12), max_size=8)
)


def csv_text(table: tuple[list[str], list[list[str]]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table[0])
    writer.writerows(table[1])
    return out.getvalue()


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def check(path: Path, data: bytes) -> None:
    """Every reader on the same file (one input drawn, four readers fed: drawing is what costs)."""
    path.write_bytes(data)
    for reader in READERS:
        check_reader(reader, path)


def check_reader(reader, path: Path) -> None:
    """The property: True/False or NotAnExport from looks_like, a sound batch or NotAnExport
    from read; nothing else."""
    try:
        with open_source(path) as source:
            try:
                assert reader.looks_like(source) in (True, False)
            except NotAnExport as exc:
                assert str(exc)
            batch = reader.read(source)
    except NotAnExport as exc:
        assert str(exc)
        return
    assert_sound(batch, reader.FORMAT)


def assert_sound(batch: ImportBatch, format: str) -> None:
    assert isinstance(batch, ImportBatch) and batch.format == format and format in FORMATS
    assert isinstance(batch.shows, tuple) and isinstance(batch.skipped, tuple)
    assert all(isinstance(line, str) and line for line in batch.skipped)
    keys = [show.key for show in batch.shows]
    assert len(keys) == len(set(keys)), "keys are unique within a batch"
    for show in batch.shows:
        assert isinstance(show, ImportedShow) and isinstance(show.key, str) and show.key
        assert isinstance(show.title, str)
        assert show.year is None or isinstance(show.year, int)
        assert show.rating is None or (isinstance(show.rating, int) and 1 <= show.rating <= 10)
        assert show.ids.imdb is None or show.ids.imdb.startswith("tt")
        for value in (show.ids.tvmaze, show.ids.thetvdb, show.ids.tmdb, show.ids.trakt):
            assert value is None or (isinstance(value, int) and not isinstance(value, bool) and value > 0)
        for viewing in show.viewings:
            assert isinstance(viewing, ImportedViewing)
            assert isinstance(viewing.season, int) and viewing.season >= 0
            assert isinstance(viewing.number, int) and viewing.number >= 0
            when = viewing.watched_at
            assert when is None or (isinstance(when, datetime) and when.utcoffset() is not None)
        assert show.followed_at is None or show.followed_at.utcoffset() is not None


def test_every_reader_is_here():
    names = {module.__name__.rsplit(".", 1)[-1] for module in READERS}
    assert {"seriesguide", "imdb"} <= names


@FUZZ
@given(data=st.binary(max_size=600), name=st.sampled_from(FILE_NAMES))
def test_random_bytes(folder, data, name):
    check(folder / name, data)


@FUZZ
@given(
    document=JSON_DOCUMENTS, name=st.sampled_from(FILE_NAMES), cut=st.none() | st.integers(0, 400), bom=st.booleans()
)
def test_random_json(folder, document, name, cut, bom):
    text = json.dumps(document)
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode()[:cut]
    check(folder / name, data)


@FUZZ
@given(table=CSV_TABLES, name=st.sampled_from(FILE_NAMES), cut=st.none() | st.integers(0, 400), bom=st.booleans())
def test_random_csv(folder, table, name, cut, bom):
    data = (b"\xef\xbb\xbf" if bom else b"") + csv_text(table).encode()[:cut]
    check(folder / name, data)


@FUZZ
@given(
    text=st.text(alphabet=st.sampled_from('[]{}",:0123456789tn\\ \n\r;ae\u00e9\ufeff'), max_size=300),
    name=st.sampled_from(FILE_NAMES),
)
def test_json_and_csv_punctuation(folder, text, name):
    check(folder / name, text.encode())


# Inputs random drawing rarely hits: digits that are not ASCII ("²".isdigit() is True, int("²")
# fails), a number too long for int() to parse, ids of zero or below. Each file is fed to every reader.
_LOOKALIKES = {
    "trakt-superscript": (
        "watched-shows.json",
        json.dumps(
            [
                {
                    "plays": 1,
                    "last_watched_at": "2024-01-01T00:00:00.000Z",
                    "show": {"title": "Dark", "year": "²", "ids": {"trakt": "²", "tvdb": "١٢"}},
                    "seasons": [{"number": "²", "episodes": [{"number": 1, "plays": "²"}]}],
                }
            ]
        ),
    ),
    "trakt-huge-number": (
        "watched-shows.json",
        json.dumps([{"plays": 1, "show": {"title": "Dark", "ids": {"trakt": "9" * 5000}}, "seasons": []}]),
    ),
    "trakt-zero-and-negative-ids": (
        "watched-shows.json",
        json.dumps(
            [{"plays": 1, "show": {"title": "Dark", "ids": {"trakt": -5, "tvdb": 0, "tmdb": -1}}, "seasons": []}]
        ),
    ),
    "tvtime-superscript": (
        "tracking-prod-records-v2.csv",
        "tv_show_id,tv_show_name,episode_season_number,episode_number,created_at\n²,Dark,¹,1,2024-01-01 10:00:00\n",
    ),
    "seriesguide": (
        "shows.json",
        json.dumps(
            [
                {
                    "tmdb_id": "²",
                    "tvdb_id": "9" * 5000,
                    "trakt_id": -5,
                    "title": "Dark",
                    "rating_user": "²",
                    "last_watched_ms": "9" * 5000,
                    "seasons": [{"season": "¹", "episodes": [{"episode": "²", "watched": True, "plays": "9" * 5000}]}],
                }
            ]
        ),
    ),
    "imdb": (
        "ratings.csv",
        "Const,Your Rating,Title,Title Type,Year\ntt0944947,²,Game of Thrones,TV Series,²⁰¹¹\n"
        f"tt7366338,{'9' * 5000},Chernobyl,TV Mini Series,{'9' * 5000}\n",
    ),
}


@pytest.mark.parametrize("case", list(_LOOKALIKES))
@pytest.mark.parametrize("reader", READERS, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_digit_lookalikes_huge_numbers_and_bad_ids(tmp_path, case, reader):
    name, text = _LOOKALIKES[case]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    check_reader(reader, path)
