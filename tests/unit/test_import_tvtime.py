"""TV Time's export read into an ImportBatch, and the safe file reading every reader shares
(zips, folders, BOMs, caps, garbage). Fixtures in tests/fixtures/imports/tvtime are written for
the project in the shapes of the real export (FORMATS.md §4)."""

from __future__ import annotations

import codecs
import random
import shutil
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watchtracker.domain.enums import ViewerState
from watchtracker.domain.transfer import NotAnExport
from watchtracker.providers.imports import files, trakt, tvtime
from watchtracker.providers.imports.files import open_source

FIXTURES = Path(__file__).parents[1] / "fixtures" / "imports" / "tvtime"
GDPR = FIXTURES / "gdpr-2021"
NEW = FIXTURES / "export-2025"
REALDATA = Path(__file__).parents[3] / "shared" / "realdata" / "tvtime" / "yamtrack-test-fixtures"


def read(path) -> object:
    with open_source(path) as src:
        assert tvtime.looks_like(src)
        return tvtime.read(src)


def by_title(batch):
    return {s.title: s for s in batch.shows}


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def zip_folder(folder: Path, target: Path, prefix: str = "", extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(folder.iterdir()):
            zf.write(f, prefix + f.name)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return target


# -- the real samples ----------------------------------------------------------------------------


@pytest.mark.skipif(not REALDATA.is_dir(), reason="shared/realdata not present")
def test_real_sample_folder_reads_with_expected_counts():
    batch = read(REALDATA)
    shows = by_title(batch)
    assert batch.format == "tvtime"
    assert set(shows) == {"Test Show", "Planned Show"}
    test = shows["Test Show"]
    assert test.ids.thetvdb == 111
    # episode 1001 twice at distinct times: a rewatch, two viewings
    assert [(v.season, v.number, v.watched_at) for v in test.viewings] == [
        (1, 1, utc(2021, 1, 1, 10)),
        (1, 2, utc(2021, 1, 2, 10)),
        (1, 1, utc(2021, 3, 1, 10)),
    ]
    assert test.viewings[0].thetvdb_episode == 1001
    assert shows["Planned Show"].watchlist and not shows["Planned Show"].viewings
    assert batch.viewing_count == 3
    skipped = "\n".join(batch.skipped)
    assert "tracking-prod-records.csv: movies (watchtracker tracks series): 3" in skipped
    assert "watched_on_episode.csv: viewings already read from tracking-prod-records-v2.csv: 1" in skipped
    assert "episode ratings (ratings are kept per series): 1" in skipped and "custom lists" in skipped


@pytest.mark.skipif(not REALDATA.is_dir(), reason="shared/realdata not present")
@pytest.mark.parametrize("name", sorted(p.name for p in REALDATA.iterdir()) if REALDATA.is_dir() else [])
def test_every_real_sample_file_alone_reads(name):
    batch = read(REALDATA / name)
    assert batch.format == "tvtime"
    expected_viewings = {"tracking-prod-records-v2.csv": 3, "watched_on_episode.csv": 1}
    assert batch.viewing_count == expected_viewings.get(name, 0)


# -- the project's fixtures ------------------------------------------------------------------


def test_old_gdpr_export():
    batch = read(GDPR)
    shows = by_title(batch)
    assert set(shows) == {"The Wire", "Doctor Who", "Fleabag", "Lost", "Severance"}
    wire = shows["The Wire"]
    assert wire.key == "tvdb:79126" and wire.ids.thetvdb == 79126
    # an exact duplicate row dropped, a rewatch at another time kept
    assert [(v.season, v.number, v.watched_at) for v in wire.viewings] == [
        (1, 1, utc(2019, 3, 2, 21, 4, 11)),
        (1, 2, utc(2019, 3, 3, 20, 51, 40)),
        (1, 1, utc(2022, 11, 19, 19, 30, 2)),
    ]
    assert wire.viewings[0].thetvdb_episode == 349232
    assert wire.favourite and wire.rating == 10  # a five-star file, doubled onto 1-10
    assert wire.followed_at == utc(2019, 3, 1, 9)
    assert shows["Doctor Who"].rating == 8
    assert [(v.season, v.number) for v in shows["Doctor Who"].viewings] == [(0, 3)]  # specials stay season 0
    assert shows["Fleabag"].ids.thetvdb == 318251  # seen_episode has only the name; the id comes from followed
    assert shows["Fleabag"].state is ViewerState.DROPPED  # archived
    assert shows["Severance"].watchlist and shows["Severance"].state is None
    lost = shows["Lost"]
    assert not lost.ids and lost.key == "name:lost" and len(lost.viewings) == 1  # no id anywhere: kept, by name
    assert batch.viewing_count == 6
    assert batch.skipped == ("seen_episode.csv: duplicate rows dropped: 1", "seen_episode.csv: rows without a show: 1")


def test_new_export_rewatches_specials_and_show_records():
    batch = read(NEW)
    shows = by_title(batch)
    horses = shows["Slow Horses"]
    plays = [(v.season, v.number, v.watched_at) for v in horses.viewings]
    # S1E1: one row saying three watches -> one dated and two undated viewings
    assert plays.count((1, 1, None)) == 2 and (1, 1, utc(2024, 1, 10, 21)) in plays
    assert [p for p in plays if p[:2] == (1, 2)] == [(1, 2, utc(2024, 1, 11, 21)), (1, 2, utc(2025, 5, 2, 20))]
    assert [p for p in plays if p[:2] == (1, 3)] == [(1, 3, utc(2024, 1, 12, 21))]  # duplicate dropped
    assert (0, 1, utc(2024, 12, 1, 19)) in plays
    assert len(plays) == 7 and horses.favourite
    assert shows["Andor"].watchlist and not shows["Andor"].viewings  # followed, for later, nothing seen
    assert shows["Andor"].followed_at == utc(2022, 9, 1, 8)  # from its show-level v2 record
    assert shows["The Bear"].state is ViewerState.DROPPED and len(shows["The Bear"].viewings) == 1
    assert batch.viewing_count == 8
    assert "tracking-prod-records-v2.csv: duplicate rows dropped: 1" in batch.skipped
    assert "watched_on_episode.csv: viewings already read from tracking-prod-records-v2.csv: 1" in batch.skipped
    assert "tracking-prod-records.csv: movies (watchtracker tracks series): 1" in batch.skipped


def test_zip_with_a_top_folder_and_extra_files(tmp_path):
    archive = zip_folder(
        NEW,
        tmp_path / "tvtime-export.dat",
        prefix="tvtime_export/",
        extra={
            "tvtime_export/README.txt": b"Your TV Time data\n",
            "tvtime_export/images/avatar.jpg": b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4,
            "__MACOSX/tvtime_export/._user_tv_show_data.csv": b"\x00\x05\x16\x07" + b"\x00" * 60,
            "tvtime_export/user-profile.json": b'{"name": "viewer"}',
        },
    )
    batch = read(archive)
    assert batch.viewing_count == read(NEW).viewing_count == 8
    assert batch.source == "tvtime-export.dat"
    not_read = [line for line in batch.skipped if line.startswith("files not read:")]
    assert not_read == ["files not read: README.txt, avatar.jpg, user-profile.json"]


def test_columns_in_another_order_and_bom(tmp_path):
    (tmp_path / "seen_episode.csv").write_bytes(
        codecs.BOM_UTF8
        + (
            b"updated_at,episode_number,tv_show_name,episode_id,episode_season_number\n"
            b"2023-04-01 20:00:00,5,Succession,9301005,4\n"
        )
    )
    (tmp_path / "followed_tv_show.csv").write_text(
        "archived,tv_show_name,tv_show_id,created_at\n0,Succession,280720,2018-06-01 08:00:00\n"
    )
    [show] = read(tmp_path).shows
    assert (show.title, show.ids.thetvdb) == ("Succession", 280720)
    assert [(v.season, v.number, v.watched_at, v.thetvdb_episode) for v in show.viewings] == [
        (4, 5, utc(2023, 4, 1, 20), 9301005)
    ]


def test_for_later_status_and_a_ten_point_rating_file(tmp_path):
    (tmp_path / "user_show_special_status.csv").write_text(
        "user_id,tv_show_id,status,created_at\n1,281662,for_later,2020-01-01 10:00:00\n"
        "1,79126,for_later,2020-01-01 10:00:00\n"
    )
    (tmp_path / "seen_episode.csv").write_text(
        "user_id,episode_id,created_at,updated_at,tv_show_name,episode_season_number,episode_number\n"
        "1,349232,2020-02-01 10:00:00,2020-02-02 11:00:00,The Wire,1,1\n"
    )
    (tmp_path / "followed_tv_show.csv").write_text(
        "tv_show_id,tv_show_name,created_at,archived\n"
        "79126,The Wire,2020-01-01 09:00:00,0\n"
        "281662,Mr. Robot,2020-01-01 09:00:00,0\n"
    )
    (tmp_path / "tv_show_rate.csv").write_text(
        "user_id,tv_show_id,rating,tv_show_name\n1,79126,9,The Wire\n1,281662,7,Mr. Robot\n1,,8,\n"
    )
    batch = read(tmp_path)
    shows = by_title(batch)
    assert shows["Mr. Robot"].watchlist and shows["Mr. Robot"].state is None and shows["Mr. Robot"].rating == 7
    wire = shows["The Wire"]
    assert wire.state is ViewerState.ON_HOLD and not wire.watchlist and wire.rating == 9
    assert [v.watched_at for v in wire.viewings] == [utc(2020, 2, 2, 11)]  # updated_at in the old files
    assert batch.skipped == ("tv_show_rate.csv: ratings without a show or outside 1-10: 1",)


def test_utf16_file_with_bom(tmp_path):
    text = "tv_show_id,tv_show_name,is_followed,is_favorited,nb_episodes_seen\n121361,Game of Thrones,1,1,0\n"
    (tmp_path / "user_tv_show_data.csv").write_bytes(text.encode("utf-16"))
    [show] = read(tmp_path / "user_tv_show_data.csv").shows
    assert show.title == "Game of Thrones" and show.favourite and show.watchlist


def test_truncated_csv_keeps_the_whole_rows_and_says_what_was_cut(tmp_path):
    data = (GDPR / "seen_episode.csv").read_bytes()
    cut = data[: data.index(b"Lost,1,1,127131") + len(b"Lost,1,1,127131")]
    (tmp_path / "seen_episode.csv").write_bytes(cut)
    batch = read(tmp_path)
    assert "Lost" not in by_title(batch)
    assert "seen_episode.csv: incomplete rows (cut off): 1" in batch.skipped
    assert batch.viewing_count == 5


# -- not TV Time -----------------------------------------------------------------------------


def test_other_formats_are_not_tvtime(tmp_path):
    (tmp_path / "ratings.csv").write_text(
        "Const,Your Rating,Date Rated,Title,Title Type\ntt0903747,10,2020-01-01,Breaking Bad,TV Series\n"
    )
    with open_source(tmp_path / "ratings.csv") as src:
        assert not tvtime.looks_like(src)
        with pytest.raises(NotAnExport, match=r"^ratings.csv: not a TV Time export"):
            tvtime.read(src)
    with open_source(Path(__file__).parents[1] / "fixtures" / "imports" / "trakt" / "export") as src:
        assert not tvtime.looks_like(src)
    with open_source(GDPR) as src:
        assert not trakt.looks_like(src)


def test_binary_garbage_named_like_an_export(tmp_path):
    path = tmp_path / "seen_episode.csv"
    path.write_bytes(random.Random(6).randbytes(5000))
    with open_source(path) as src:
        assert not tvtime.looks_like(src)
        with pytest.raises(NotAnExport, match=r"^seen_episode.csv: not a text file \(binary data\)$"):
            tvtime.read(src)


# -- files.py: the safe opening every reader shares -----------------------------------------


def test_zip_bomb_is_refused(tmp_path):
    bomb = tmp_path / "export.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("seen_episode.csv", b"tv_show_name\n")
        zf.writestr("seen_episode_latest.csv", b"0" * (8 * files.MB))
    assert bomb.stat().st_size < 50_000
    with pytest.raises(
        NotAnExport,
        match=r"^export.zip: refused, seen_episode_latest.csv unpacks [\d,]+ times "
        r"larger than it is packed \(a zip bomb\?\)$",
    ):
        open_source(bomb)


def test_zip_too_big_when_unpacked(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_ZIP_TOTAL_BYTES", 1_000)
    archive = zip_folder(GDPR, tmp_path / "export.zip")
    with pytest.raises(NotAnExport, match=r"^export.zip: unpacks to more than 1,000 bytes; too big"):
        open_source(archive)


@pytest.mark.parametrize("member", ["../seen_episode.csv", "/etc/seen_episode.csv", "a/../../x.csv", "C:/x.csv"])
def test_zip_with_unsafe_paths_is_refused(tmp_path, member):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(zipfile.ZipInfo(member), b"tv_show_name\nLost\n")
    with pytest.raises(NotAnExport, match=r"^export.zip: refused, the zip holds an unsafe path"):
        open_source(archive)


def test_password_protected_zip(tmp_path):
    archive = zip_folder(GDPR, tmp_path / "export.zip")
    data = bytearray(archive.read_bytes())
    # set the "encrypted" bit in every local and central header, as a password-protected zip has it
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(sig)
        while at != -1:
            data[at + offset] |= 0x01
            at = data.find(sig, at + 4)
    archive.write_bytes(bytes(data))
    with pytest.raises(NotAnExport, match=r"^export.zip: password-protected: unzip it first"):
        open_source(archive)


def test_damaged_zip(tmp_path):
    archive = zip_folder(GDPR, tmp_path / "export.zip")
    archive.write_bytes(archive.read_bytes()[:300])
    with pytest.raises(NotAnExport, match=r"^export.zip: damaged zip"):
        open_source(archive)


def test_csv_too_big_is_refused_before_reading(tmp_path, monkeypatch):
    shutil.copy(GDPR / "seen_episode.csv", tmp_path / "seen_episode.csv")
    monkeypatch.setattr(files, "MAX_CSV_BYTES", 300)
    with open_source(tmp_path) as src:
        with pytest.raises(
            NotAnExport,
            match=r"^[^\n]*seen_episode.csv: too big \(\d+ bytes; an export file may "
            r"be up to 300 bytes\)$",
        ):
            tvtime.read(src)


def test_csv_with_too_many_rows_is_refused_not_cut(tmp_path, monkeypatch):
    shutil.copy(GDPR / "seen_episode.csv", tmp_path / "seen_episode.csv")
    monkeypatch.setattr(files, "MAX_CSV_ROWS", 3)
    with open_source(tmp_path) as src, pytest.raises(NotAnExport, match=r"more than 3 rows, too many to import$"):
        tvtime.read(src)


def test_endless_line_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_LINE_CHARS", 1_000)
    (tmp_path / "seen_episode.csv").write_text(
        "tv_show_name,episode_season_number,episode_number\nLost,1," + "9" * 5_000 + "\n"
    )
    with open_source(tmp_path) as src, pytest.raises(NotAnExport, match=r"a line longer than 1,000 characters"):
        tvtime.read(src)


def test_zip_member_is_capped_while_streaming(tmp_path, monkeypatch):
    archive = zip_folder(GDPR, tmp_path / "export.zip")
    with open_source(archive) as src:
        monkeypatch.setattr(src, "size", lambda name: 10)  # a header that lies about the size
        with pytest.raises(NotAnExport, match=r"too big \(more than 100 bytes\)$"):
            with src.open_text("seen_episode.csv", max_bytes=100) as text:
                text.read()


def test_source_api_on_a_folder():
    with open_source(GDPR) as src:
        assert src.names() == ["followed_tv_show.csv", "seen_episode.csv", "tv_show_rate.csv", "user_tv_show_data.csv"]
        assert src.find("SEEN_EPISODE.CSV") == "seen_episode.csv" and src.find("nope.csv") is None
        assert src.csv_header("seen_episode.csv")[0] == "tv_show_name"  # BOM gone
        assert src.head("seen_episode.csv", 3) == codecs.BOM_UTF8
        rows = list(src.csv_rows("followed_tv_show.csv"))
        assert rows[0]["tv_show_name"] == "The Wire" and len(rows) == 4


def test_missing_and_empty_paths(tmp_path):
    with pytest.raises(NotAnExport, match=r"^nothing.zip: no such file or folder$"):
        open_source(tmp_path / "nothing.zip")
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(NotAnExport, match=r"^empty.csv: empty file$"):
        open_source(tmp_path / "empty.csv")
    (tmp_path / "dir").mkdir()
    with pytest.raises(NotAnExport, match=r"^dir: empty folder$"):
        open_source(tmp_path / "dir")


def test_digit_lookalikes(tmp_path):
    (tmp_path / "tracking-prod-records-v2.csv").write_text(
        "s_id,series_name,season_number,episode_number,ep_id,created_at\n"
        "\u00b2,Dark,\u00b9,1,1,2024-01-01 10:00:00\n"
        "121361,Game of Thrones,1,1,0,2024-01-01 10:00:00\n",
        encoding="utf-8",
    )
    batch = read(tmp_path)
    dark, got = by_title(batch)["Dark"], by_title(batch)["Game of Thrones"]
    assert dark.key == "name:dark" and not dark.viewings
    assert got.viewings[0].thetvdb_episode is None  # an episode id of 0 is none
    assert batch.skipped == ("tracking-prod-records-v2.csv: rows without a season or episode number: 1",)


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=600),
        st.text(max_size=300).map(
            lambda t: ("tv_show_name,tv_show_id,episode_season_number,episode_number,updated_at\n" + t).encode()
        ),
    )
)
def test_random_input_gives_a_batch_or_a_clear_refusal(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "seen_episode.csv"
        path.write_bytes(data)
        try:
            with open_source(path) as src:
                if tvtime.looks_like(src):
                    tvtime.read(src)
        except NotAnExport as exc:
            assert "\n" not in str(exc) and str(exc)
