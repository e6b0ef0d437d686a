import json

from watchtracker.settings import Settings


def test_defaults_when_there_is_no_file(tmp_path):
    assert Settings.load(tmp_path / "settings.json") == Settings()


def test_round_trip_and_bounds(tmp_path):
    path = tmp_path / "settings.json"
    Settings(backups_to_keep=3, refresh_hours=12.0).save(path)
    assert Settings.load(path) == Settings(backups_to_keep=3, refresh_hours=12.0)
    path.write_text(json.dumps({"refresh_hours": 0, "backups_to_keep": 10_000, "unknown": 1}))
    loaded = Settings.load(path)
    assert (loaded.refresh_hours, loaded.backups_to_keep) == (1.0, 100)  # never more than hourly


def test_media_sync_minutes_default_round_trip_and_bounds(tmp_path):
    path = tmp_path / "settings.json"
    assert Settings().media_sync_minutes == 15
    Settings(media_sync_minutes=30).save(path)
    assert Settings.load(path).media_sync_minutes == 30
    for raw, kept in ((0, 1), (-5, 1), (10_000, 1440), (7.5, 15), ("9", 15)):
        path.write_text(json.dumps({"media_sync_minutes": raw}))
        assert Settings.load(path).media_sync_minutes == kept, raw


def test_a_damaged_settings_file_is_kept_aside_and_defaults_used(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("{not json")
    assert Settings.load(path) == Settings()
    assert (tmp_path / "settings.unreadable.json").read_text() == "{not json"
    path.write_text(json.dumps({"refresh_hours": "often"}))
    assert Settings.load(path).refresh_hours == 6.0  # a wrong type falls back to the default


def test_a_library_url_that_names_no_server_is_dropped_and_a_password_never_kept(tmp_path):
    import json

    from watchtracker.settings import Settings

    path = tmp_path / "settings.json"
    for written, kept in (
        ("nas.local/watchtracker", ""),
        ("/home/me/library.sqlite", ""),
        ("  ", ""),
        ("postgresql://me:secret@nas.local:5432/watchtracker", "postgresql://me@nas.local:5432/watchtracker"),
        ("postgres://me@nas.local/watchtracker", "postgres://me@nas.local/watchtracker"),
    ):
        path.write_text(json.dumps({"version": 1, "library_url": written}))
        assert Settings.load(path).library_url == kept, written
