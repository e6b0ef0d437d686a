"""IMDb's CSV exports: the real list-export sample, the project's own ratings and watchlist files
(English, Italian, machine codes, German/French/Spanish/Portuguese title types, a BOM, CRLF,
quoted multi-values, duplicates, a bad Const, a rating out of range), and the bad files."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from watchtracker.domain.transfer import ExternalIds, ImportBatch, NotAnExport
from watchtracker.providers.imports import imdb
from watchtracker.providers.imports.files import open_source

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports" / "imdb"
REALDATA = Path(__file__).resolve().parents[3] / "shared" / "realdata" / "imdb"

RATINGS_HEADER = (
    "Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,IMDb Rating,"
    "Runtime (mins),Year,Genres,Num Votes,Release Date,Directors\n"
)


def read(path: Path) -> ImportBatch:
    with open_source(path) as source:
        return imdb.read(source)


def looks_like(path: Path) -> bool:
    with open_source(path) as source:
        return imdb.looks_like(source)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def by_key(batch: ImportBatch) -> dict:
    return {s.key: s for s in batch.shows}


# -- the real sample ----------------------------------------------------------------------------


@pytest.mark.skipif(not REALDATA.is_dir(), reason="../shared/realdata is not here")
def test_the_real_list_export():
    path = REALDATA / "list-export_en_yamtrack-fixture.csv"
    assert looks_like(path)
    batch = read(path)
    assert batch.format == "imdb"
    assert [(s.key, s.title, s.year, s.watchlist) for s in batch.shows] == [
        ("tt0944947", "Game of Thrones", 2011, True),
        ("tt7366338", "Chernobyl", 2019, True),
    ]
    assert batch.shows[0].ids == ExternalIds(imdb="tt0944947")
    assert batch.shows[0].followed_at == datetime(2023, 7, 12, tzinfo=UTC)
    lines = batch.skipped
    assert "row 3: tt0468569 repeats row 2; merged" in lines[0]
    assert "row 6:" in lines[1] and "“16968450”" in lines[1]
    assert sum("is a TV episode" in line for line in lines) == 2
    assert "2 × Movie left out (not a TV series)" in lines
    # Movie, Music Video, Podcast Episode/Series, TV Movie, TV Short, TV Special, Video, Video Game
    assert sum(line.endswith("(not a TV series)") for line in lines) == 9
    assert len(lines) == 4 + 9


# -- the project's files ------------------------------------------------------------------------


def test_english_ratings_with_a_bom_duplicates_a_bad_const_and_a_bad_rating():
    batch = read(FIXTURES / "ratings-en.csv")
    shows = by_key(batch)
    assert list(shows) == ["tt0903747", "tt0185906", "tt0386676"]
    assert (shows["tt0903747"].title, shows["tt0903747"].rating, shows["tt0903747"].year) == ("Breaking Bad", 10, 2008)
    assert shows["tt0185906"].rating == 9  # a mini-series is kept
    assert shows["tt0386676"].rating is None  # "11" is no rating
    assert not any(s.watchlist or s.followed_at for s in batch.shows)  # ratings, not a list
    assert batch.viewing_count == 0  # IMDb says nothing about what was watched when
    lines = "\n".join(batch.skipped)
    assert "row 4: “Breaking Bad: Ozymandias” (tt2301451, rated 10) is a TV episode" in lines
    assert "row 8: “George Clooney” has “nm0000123” as its IMDb id" in lines
    assert "row 9: tt0903747 repeats row 2; merged" in lines
    assert "row 10: “The Office” has the rating “11” (not 1–10); kept without it" in lines
    assert "2 × Movie left out" in lines and "1 × TV Movie left out" in lines


def test_italian_ratings_with_an_extra_column():
    batch = read(FIXTURES / "ratings-it.csv")
    assert [(s.key, s.rating) for s in batch.shows] == [("tt2049116", 9), ("tt7278862", 8), ("tt7366338", 10)]
    assert batch.shows[1].title == "L'amica geniale"
    assert any("(tt6027920, rated 3) is a TV episode" in line for line in batch.skipped)
    assert "1 × Film left out (not a TV series)" in batch.skipped


def test_an_older_export_with_machine_codes_and_no_original_title():
    batch = read(FIXTURES / "ratings-old-codes.csv")
    assert [s.key for s in batch.shows] == ["tt0141842", "tt0185906"]
    assert any("is a TV episode" in line for line in batch.skipped)
    assert {"1 × movie left out (not a TV series)", "1 × tvMovie left out (not a TV series)"} <= set(batch.skipped)


def test_a_localized_watchlist_with_crlf_and_quoted_values():
    batch = read(FIXTURES / "watchlist-localized.csv")
    shows = by_key(batch)
    assert list(shows) == [
        "tt5753856",
        "tt1865718",
        "tt6468322",
        "tt4922804",
        "tt5687612",
        "tt2531336",
        "tt0306414",
        "tt7660850",
    ]
    assert shows["tt6468322"].title == "La casa de papel"  # after a quoted "A, ""B""" description
    unrated = [k for k, s in shows.items() if s.watchlist]
    assert unrated == ["tt1865718", "tt6468322", "tt4922804", "tt2531336", "tt0306414", "tt7660850"]
    assert shows["tt5687612"].rating == 9 and not shows["tt5687612"].watchlist  # rated: seen
    # Dark again further down, now rated: merged into the first, off the watchlist
    assert shows["tt5753856"].rating == 8 and not shows["tt5753856"].watchlist
    assert "watchlist-localized.csv: row 13: tt5753856 repeats row 2; merged" in batch.skipped
    assert shows["tt4922804"].followed_at == datetime(2024, 1, 8, tzinfo=UTC)
    assert {"1 × Film left out (not a TV series)", "1 × Película left out (not a TV series)"} <= set(batch.skipped)


@pytest.mark.parametrize(
    "title_type, kind",
    [
        ("tvSeries", imdb.SERIES),
        ("tvMiniSeries", imdb.MINI_SERIES),
        ("tvEpisode", imdb.EPISODE),
        ("TV Series", imdb.SERIES),
        ("TV Mini Series", imdb.MINI_SERIES),
        ("TV Mini-Series", imdb.MINI_SERIES),
        ("TV Episode", imdb.EPISODE),
        ("Serie TV", imdb.SERIES),
        ("Mini serie TV", imdb.MINI_SERIES),
        ("Episodio TV", imdb.EPISODE),
        ("TV-Serie", imdb.SERIES),
        ("TV-Miniserie", imdb.MINI_SERIES),
        ("TV-Episode", imdb.EPISODE),
        ("Série TV", imdb.SERIES),
        ("Mini-série TV", imdb.MINI_SERIES),
        ("Épisode TV", imdb.EPISODE),
        ("Serie de TV", imdb.SERIES),
        ("Miniserie de TV", imdb.MINI_SERIES),
        ("Episodio de TV", imdb.EPISODE),
        ("Série de TV", imdb.SERIES),
        ("Minissérie de TV", imdb.MINI_SERIES),
        ("Episódio de TV", imdb.EPISODE),
        ("  tv series ", imdb.SERIES),
        ("TV-SERIE", imdb.SERIES),
        ("Movie", imdb.OTHER),
        ("movie", imdb.OTHER),
        ("tvMovie", imdb.OTHER),
        ("Film", imdb.OTHER),
        ("TV Special", imdb.OTHER),
        ("Video Game", imdb.OTHER),
        ("Podcast Series", imdb.OTHER),
        ("Podcast Episode", imdb.OTHER),
        ("", imdb.OTHER),
    ],
)
def test_title_types_in_every_known_language(title_type, kind):
    assert imdb.title_kind(title_type) == kind


def test_ratings_and_watchlist_together_in_a_zip(tmp_path):
    archive = tmp_path / "imdb.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(FIXTURES / "ratings-en.csv", "ratings.csv")
        zf.writestr(
            "watchlist.csv",
            "Position,Const,Created,Modified,Description,Title,URL,Title Type,"
            "Year,Your Rating\n1,tt0903747,2023-01-01,2023-01-01,,Breaking Bad,,TV Series,2008,\n"
            "2,tt1865718,2023-01-02,2023-01-02,,Les Revenants,,TV Series,2012,\n",
        )
        zf.writestr("notes.txt", "my imdb data")
    assert looks_like(archive)
    batch = read(archive)
    shows = by_key(batch)
    assert len(shows) == 4
    assert shows["tt0903747"].rating == 10 and not shows["tt0903747"].watchlist  # rated in ratings.csv
    assert shows["tt1865718"].watchlist
    assert any(
        line.startswith("imdb.zip/watchlist.csv: row 2: tt0903747 repeats imdb.zip/ratings.csv")
        for line in batch.skipped
    )
    assert "imdb.zip/notes.txt: not an IMDb export; left out" in batch.skipped


def test_a_header_in_another_case_and_order(tmp_path):
    path = write(tmp_path, "x.csv", "TITLE,title type,YEAR,const\nSilo,TV Series,2023,tt14688458\n")
    assert looks_like(path)
    (show,) = read(path).shows
    assert (show.key, show.title, show.year, show.rating, show.watchlist) == ("tt14688458", "Silo", 2023, None, False)


def test_without_a_title_type_column_every_title_is_kept_with_a_line(tmp_path):
    batch = read(write(tmp_path, "ratings.csv", "Const,Your Rating,Title,Year\ntt0944947,9,Game of Thrones,2011\n"))
    assert [(s.key, s.rating) for s in batch.shows] == [("tt0944947", 9)]
    assert "no Title Type column" in batch.skipped[0]


def test_a_const_of_seven_and_of_eight_digits_only(tmp_path):
    rows = "".join(
        f"{const},8,2024-01-01,Show,Show,,TV Series,,,2020,,,,\n"
        for const in ("tt1234567", "tt12345678", "tt123456", "tt123456789", "TT1234567", "", "1234567")
    )
    batch = read(write(tmp_path, "ratings.csv", RATINGS_HEADER + rows))
    assert [s.key for s in batch.shows] == ["tt1234567", "tt12345678"]
    assert sum("as its IMDb id" in line for line in batch.skipped) == 5


# -- not IMDb, or broken ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        "Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,Heat,1995,https://boxd.it/1,4\n",  # Letterboxd
        "Const,Something else\ntt0903747,x\n",
        '[{"tmdb_id": 1, "seasons": []}]',
        "",
        "\n\n\n",
    ],
)
def test_other_files_are_not_imdb(tmp_path, content):
    path = write(tmp_path, "export.csv", content or " ")
    assert not looks_like(path)
    with pytest.raises(NotAnExport, match="not an IMDb export"):
        read(path)


def test_a_file_cut_off_mid_row_keeps_what_is_whole_and_says_so(tmp_path):
    data = (FIXTURES / "ratings-old-codes.csv").read_text()
    cut = data[: data.index("tvMiniSeries")]  # the second row stops before its title type
    batch = read(write(tmp_path, "ratings.csv", cut))
    assert [s.key for s in batch.shows] == ["tt0141842"]
    assert any("row 3:" in line and "no title type (the file may be cut off)" in line for line in batch.skipped)


def test_a_file_cut_off_in_the_header_is_refused(tmp_path):
    path = write(tmp_path, "ratings.csv", RATINGS_HEADER[:12])
    assert not looks_like(path)
    with pytest.raises(NotAnExport):
        read(path)


@pytest.mark.parametrize(
    "content",
    [
        bytes(range(256)) * 8,
        b"PK\x03\x04" + b"\x00" * 200,  # a broken zip
        b"\x1f\x8b\x08\x00" + bytes(range(200)),  # gzip
        RATINGS_HEADER.encode() + b"\x00\x01\x02" * 3000,
    ],
)
def test_binary_garbage_is_refused(tmp_path, content):
    path = write(tmp_path, "ratings.csv", content)
    with pytest.raises(NotAnExport), open_source(path) as source:  # the zip is refused at opening
        assert not imdb.looks_like(source)
        imdb.read(source)


OTHER_FIXTURES = sorted(
    p for fmt in ("seriesguide", "trakt", "tvtime") for p in (FIXTURES.parent / fmt).rglob("*") if p.is_file()
)


@pytest.mark.parametrize("path", OTHER_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_other_trackers_files_are_not_imdb(path):
    try:
        claimed = looks_like(path)
    except NotAnExport:  # a deliberately broken file of theirs (a zip bomb ...) is refused at opening
        claimed = False
    assert not claimed
