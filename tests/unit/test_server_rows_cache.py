"""The last Library rows read from a library server, kept on this computer (services/startup.py):
every field comes back exactly, a file that cannot be trusted gives None, no password is kept."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from watchtracker.domain.dates import PartialDate
from watchtracker.domain.enums import LifecycleStatus, ViewerState
from watchtracker.domain.models import EpisodeCode, LibraryRow, NextEpisode
from watchtracker.services import startup
from watchtracker.services.startup import load_server_rows, save_server_rows, server_rows_key

URL = "postgresql://viewer:s3cret-Pa55@nas.local:5432/watchtracker?sslmode=require&password=qu3ry-Pa55"
READ_AT = datetime(2026, 3, 29, 1, 30, tzinfo=ZoneInfo("Europe/Berlin"))


def _row(series_id: int, **changes) -> LibraryRow:
    row = LibraryRow(
        series_id=series_id,
        title=f"Series {series_id}",
        status=LifecycleStatus.AIRING,
        network="HBO",
        poster_path=None,
        state=ViewerState.WATCHING,
        favourite=False,
        seasons=1,
        episodes_aired=10,
        episodes_watched=3,
        next_episode=None,
        last_watched=None,
        added_at=None,
        premiere=None,
    )
    return replace(row, **changes)


def hostile_rows() -> list[LibraryRow]:
    rows = []
    zones = [
        UTC,
        timezone(timedelta(hours=5, minutes=45)),
        timezone(-timedelta(hours=9, minutes=30)),
        ZoneInfo("America/St_Johns"),
        ZoneInfo("Europe/Berlin"),
        None,  # naive, as an old import may have stored
    ]
    premieres = [
        None,
        PartialDate(1900),
        PartialDate(2027, part="q3"),
        PartialDate(2026, 2),
        PartialDate(2024, 2, 29),
        PartialDate(2200, 12, 31),
    ]
    n = 0
    for status in LifecycleStatus:
        for state in ViewerState:
            n += 1
            zone = zones[n % len(zones)]
            rows.append(
                _row(
                    n,
                    title=['Ω “quoted” \\ "back" \n tab\t', "\udcff lone surrogate", "🎬" * 300, "x" * 5000, ""][n % 5],
                    status=status,
                    state=state,
                    network=["", "Télé-Québec", "NHK 総合"][n % 3],
                    poster_path=None if n % 2 else f"/posters/{n}.jpg",
                    favourite=bool(n % 3 == 0),
                    seasons=n % 4,
                    episodes_aired=0 if n % 7 == 0 else 10**12,
                    episodes_watched=n,
                    next_episode=None
                    if n % 4 == 0
                    else NextEpisode(EpisodeCode(n % 3, 1000 + n), "" if n % 2 else "Pilot, “part” 1", None)
                    if n % 4 == 1
                    else NextEpisode(EpisodeCode(1, n), "Next", date(2026, 12, 31)),
                    last_watched=None if n % 5 == 0 else datetime(2026, 3, 29, 1, 59, 59, 999999, tzinfo=zone),
                    added_at=None if n % 6 == 0 else datetime(2025, 10, 26, 2, 30, n % 60, tzinfo=zone),
                    premiere=premieres[n % len(premieres)],
                    linked=bool(n % 2),
                )
            )
    # the hour the clocks go back: the second 02:30 (fold=1) is an other instant
    rows.append(_row(999, added_at=datetime(2025, 10, 26, 2, 30, fold=1, tzinfo=ZoneInfo("Europe/Berlin"))))
    return rows


def test_every_field_comes_back_exactly(tmp_path):
    rows = hostile_rows()
    assert len(rows) == len(LifecycleStatus) * len(ViewerState) + 1
    path = save_server_rows(tmp_path / "cache", URL, rows, READ_AT)
    assert path.parent == tmp_path / "cache" and path.name.startswith("server-rows-") and path.suffix == ".json"
    preview = load_server_rows(tmp_path / "cache", URL)
    assert preview is not None
    assert preview.rows == rows
    for back, row in zip(preview.rows, rows, strict=True):  # == on aware datetimes compares instants only
        for field in ("last_watched", "added_at"):
            a, b = getattr(back, field), getattr(row, field)
            assert (a is None) == (b is None)
            if a is not None:
                assert (
                    a.tzinfo == b.tzinfo
                    and a.utcoffset() == b.utcoffset()
                    and a.replace(tzinfo=None) == b.replace(tzinfo=None)
                ), (a, b)
                assert type(back.status) is LifecycleStatus and type(back.state) is ViewerState
    assert preview.now == READ_AT and preview.now.tzinfo == READ_AT.tzinfo
    assert preview.today == READ_AT.astimezone().date()
    assert preview.files is None  # never taken for the live rows


def test_no_rows_and_a_second_save_replaces_the_first(tmp_path):
    save_server_rows(tmp_path, URL, hostile_rows(), READ_AT)
    save_server_rows(tmp_path, URL, [], READ_AT + timedelta(days=1))
    preview = load_server_rows(tmp_path, URL)
    assert preview is not None and preview.rows == [] and preview.now == READ_AT + timedelta(days=1)
    assert [p.name for p in tmp_path.iterdir()] == [next(tmp_path.iterdir()).name]  # one file, no leftovers


def test_nothing_about_the_password_is_kept(tmp_path):
    path = save_server_rows(tmp_path, URL, hostile_rows(), READ_AT)
    data = path.read_bytes()
    assert b"s3cret" not in data and b"qu3ry" not in data and b"Pa55" not in data
    assert "Pa55" not in path.name
    assert "s3cret" not in server_rows_key(URL) and "qu3ry" not in server_rows_key(URL)
    # the same server with another password (or none) finds the same rows
    other = URL.replace("s3cret-Pa55", "new").replace("&password=qu3ry-Pa55", "")
    assert load_server_rows(tmp_path, other) is not None
    assert load_server_rows(tmp_path, "postgresql://viewer@nas.local:5432/watchtracker?sslmode=require") is not None


def test_another_server_finds_nothing(tmp_path):
    save_server_rows(tmp_path, URL, hostile_rows(), READ_AT)
    assert load_server_rows(tmp_path, URL.replace("/watchtracker", "/other")) is None
    assert load_server_rows(tmp_path, URL.replace("nas.local", "nas2.local")) is None
    assert load_server_rows(tmp_path / "missing", URL) is None


def _document(tmp_path) -> tuple:
    path = save_server_rows(tmp_path, URL, hostile_rows()[:3], READ_AT)
    return path, json.loads(path.read_bytes())


def _bad_documents(good: dict) -> dict[str, object]:
    row = good["rows"][0]

    def with_row(**fields) -> dict:
        names = ["series_id", "title", "status", "network", "poster", "state", "favourite", "seasons"]
        names += ["aired", "watched", "next", "last", "added", "premiere", "linked"]
        changed = list(row)
        for name, value in fields.items():
            changed[names.index(name)] = value
        return {**good, "rows": [changed]}

    return {
        "other version": {**good, "version": 2},
        "version as text": {**good, "version": "1"},
        "version as bool": {**good, "version": True},
        "no version": {k: v for k, v in good.items() if k != "version"},
        "foreign format": {**good, "format": "something-else"},
        "other server": {**good, "server": "0" * 40},
        "not an object": [good],
        "rows not a list": {**good, "rows": {"0": row}},
        "no rows": {k: v for k, v in good.items() if k != "rows"},
        "no read_at": {**good, "read_at": None},
        "bad read_at": {**good, "read_at": ["yesterday", None]},
        "unknown zone": {**good, "read_at": ["2026-01-01T00:00:00+00:00", "Mars/Olympus"]},
        "unknown status": with_row(status="paused"),
        "unknown state": with_row(state="binging"),
        "title not text": with_row(title=12),
        "id as text": with_row(series_id="1"),
        "id as bool": with_row(series_id=True),
        "favourite as int": with_row(favourite=1),
        "impossible premiere": with_row(premiere=[2025, 2, 30, None]),
        "unknown part": with_row(premiere=[2025, None, None, "q9"]),
        "next too short": with_row(next=[1, 2]),
        "bad air date": with_row(next=[1, 2, "x", "2026-13-01"]),
        "row too short": {**good, "rows": [row[:-1]]},
        "row too long": {**good, "rows": [[*row, True]]},
        "row not a list": {**good, "rows": ["row"]},
    }


def test_a_file_that_cannot_be_trusted_gives_none(tmp_path):
    path, good = _document(tmp_path)
    assert load_server_rows(tmp_path, URL) is not None  # the good one, as written
    bad = _bad_documents(good)
    for what, document in bad.items():
        path.write_text(json.dumps(document))
        assert load_server_rows(tmp_path, URL) is None, what
    for what, data in {
        "empty": b"",
        "cut short": json.dumps(good).encode()[:-40],
        "not JSON": b"\x00\xff\xfe garbage",
        "not UTF-8": b'{"format": "\xff"}',
        "deeply nested": b"[" * 100_000 + b"]" * 100_000,
        "NaN": json.dumps({**good, "version": float("nan")}).encode(),
        "huge number": json.dumps({**good, "rows": []}).encode().replace(b'"version": 1', b'"version": 1e999'),
    }.items():
        path.write_bytes(data)
        assert load_server_rows(tmp_path, URL) is None, what
    path.unlink()
    path.mkdir()  # a folder where the file should be
    assert load_server_rows(tmp_path, URL) is None


def test_a_file_too_big_is_not_read(tmp_path, monkeypatch):
    path, good = _document(tmp_path)
    data = json.dumps(good).encode()
    path.write_bytes(data[:-1] + b" " * (startup.SERVER_ROWS_MAX_BYTES - len(data)) + data[-1:])
    assert path.stat().st_size == startup.SERVER_ROWS_MAX_BYTES
    assert load_server_rows(tmp_path, URL) is not None  # the limit itself is allowed
    path.write_bytes(data[:-1] + b" " * (startup.SERVER_ROWS_MAX_BYTES + 1 - len(data)) + data[-1:])
    assert load_server_rows(tmp_path, URL) is None


def test_a_failed_write_leaves_the_kept_rows_as_they_were(tmp_path, monkeypatch):
    save_server_rows(tmp_path, URL, hostile_rows()[:2], READ_AT)

    def full(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(startup, "write_atomically", full)
    with pytest.raises(OSError):
        save_server_rows(tmp_path, URL, [], READ_AT)
    preview = load_server_rows(tmp_path, URL)
    assert preview is not None and preview.rows == hostile_rows()[:2]


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("postgresql://u:p@h:5432/db", "postgresql://u@h:5432/db"),
        ("postgres://u:p@h/db", "postgresql://u@h/db"),
        ("postgresql+psycopg://u@h/db?password=p&sslmode=require", "postgresql://u@h/db?sslmode=require"),
        ("postgresql:///db?host=/run/postgresql&sslpassword=p", "postgresql:///db?host=%2Frun%2Fpostgresql"),
        ("postgresql://u:p:q@h/db", "postgresql://u@h/db"),
        ("  postgresql://h/db  ", "postgresql://h/db"),
    ],
)
def test_the_key_leaves_the_password_out(url, key):
    assert server_rows_key(url) == key
