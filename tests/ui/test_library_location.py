"""Preferences → Library location: *Test connection* against a real PostgreSQL server (off the
GUI thread), what it says for each answer, and what is kept (the URL, never the password)."""

from __future__ import annotations

import json

import keyring
import pytest

from watchtracker.settings import Settings
from watchtracker.storage import secrets
from watchtracker.storage.server import parse_server_url

from watchtracker.ui.library_location import LibraryLocationDialog, LocationChoice, keep_choice
from watchtracker.ui.tasks import TaskRunner


@pytest.fixture
def dialog(qtbot, tmp_path):
    lane = TaskRunner()
    d = LibraryLocationDialog("", tmp_path / "library.sqlite", lane.run)
    qtbot.addWidget(d)
    yield d
    lane.stop()
    lane.wait(10_000)


def _test(qtbot, d) -> str:
    d.test_button.click()
    assert not d.test_button.isEnabled()  # asked on a worker: the dialog keeps answering meanwhile
    qtbot.waitUntil(lambda: d.test_button.isEnabled(), timeout=15_000)
    return d.test_result.text()


def test_test_connection_says_what_the_server_holds(qtbot, dialog, pg, pg_database, memory_keyring):
    d = dialog
    assert d.on_file.isChecked() and not d.server_box.isEnabled()
    d.on_server.setChecked(True)
    assert d.server_box.isEnabled()
    without_password = pg_database.replace(f":{pg.password}@", "@")
    d.url.setText(without_password)
    d.password.setText(pg.password)
    text = _test(qtbot, d)
    assert text.startswith("Connected to PostgreSQL 18"), text
    assert "an empty database, a new library will be made" in text

    d.password.setText("wrong")
    text = _test(qtbot, d)
    assert "refused the password for postgres" in text and "nothing was changed" in text


def test_a_server_that_does_not_answer_or_a_wrong_database_is_said(qtbot, dialog, pg, memory_keyring):
    d = dialog
    d.on_server.setChecked(True)
    d.url.setText(pg.url("no_such_database"))
    assert "has no database 'no_such_database'" in _test(qtbot, d)
    d.url.setText("postgresql://someone@127.0.0.1:9/watchtracker")
    assert "cannot be reached" in _test(qtbot, d)


def test_a_url_that_is_not_one_is_said_and_the_dialog_stays_open(qtbot, dialog, memory_keyring):
    d = dialog
    accepted: list[bool] = []
    d.accepted.connect(lambda: accepted.append(True))
    d.on_server.setChecked(True)
    for text, said in (
        ("nas.local/watchtracker", "is not a PostgreSQL URL"),
        ("postgresql://me@nas.local:5432", "names no database"),
        ("postgresql://me@nas.local:notaport/db", "is not a PostgreSQL URL"),
    ):
        d.url.setText(text)
        d.buttons.button(d.buttons.StandardButton.Ok).click()
        assert accepted == []
        assert said in d.test_result.text(), (text, d.test_result.text())
    d.on_file.setChecked(True)
    d.accept_if_valid()
    assert accepted == [True]
    assert d.chosen() == LocationChoice("")


def test_the_password_goes_to_the_keyring_or_this_run_never_the_settings(tmp_path, memory_keyring):
    url = "postgresql://alice@nas.local:5432/watchtracker"
    location = parse_server_url(url)
    assert keep_choice(LocationChoice(url, "s3cret", remember=False)) is None
    assert memory_keyring.kept == {}
    assert secrets.with_kept_password(location).password == "s3cret"  # this run only
    secrets._SESSION.clear()
    assert secrets.with_kept_password(location).password is None

    assert keep_choice(LocationChoice(url, "s3cret", remember=True)) is None
    assert memory_keyring.kept == {("watchtracker", "alice@nas.local:5432/watchtracker"): "s3cret"}
    secrets._SESSION.clear()
    assert secrets.with_kept_password(location).password == "s3cret"

    settings_file = tmp_path / "settings.json"
    Settings(library_url="postgresql://alice:s3cret@nas.local:5432/watchtracker").save(settings_file)
    kept = json.loads(settings_file.read_text())
    assert kept["library_url"] == url
    assert "s3cret" not in settings_file.read_text()


def test_no_keyring_on_this_system_is_said_and_the_password_serves_this_run(memory_keyring, monkeypatch):
    def refuse(*_args):
        raise keyring.errors.NoKeyringError("No recommended backend was available.")

    monkeypatch.setattr(memory_keyring, "set_password", refuse)
    url = "postgresql://alice@nas.local/watchtracker"
    said = keep_choice(LocationChoice(url, "s3cret", remember=True))
    assert said is not None and "~/.pgpass" in said
    assert secrets.with_kept_password(parse_server_url(url)).password == "s3cret"


def test_the_preferences_row_says_where_the_library_is_and_where_it_will_be(
    qtbot, make_window, example, paths, monkeypatch, memory_keyring
):
    from watchtracker.ui import library_location

    w = make_window(example)
    prefs = w.preferences
    assert prefs.location_text() == f"This computer: {paths.database}"

    class Chooses:
        def __init__(self, *args, can_copy=False):
            pass

        def exec(self):
            return True

        def chosen(self):
            return LocationChoice("postgresql://alice@nas.local:5432/watchtracker", "pw", remember=True)

    monkeypatch.setattr(library_location, "LibraryLocationDialog", Chooses)
    text = prefs.change_location()
    assert text is not None
    assert text.splitlines() == [
        f"This computer: {paths.database}",
        "From the next start: postgresql://alice@nas.local:5432/watchtracker",
    ]
    assert Settings.load(paths.settings_file).library_url == "postgresql://alice@nas.local:5432/watchtracker"
    assert "pw" not in paths.settings_file.read_text().replace("postgresql", "")


def test_move_to_a_server_copies_the_library_and_keeps_the_place(
    qtbot, make_window, example, paths, pg, pg_database, monkeypatch, memory_keyring
):
    """Preferences > Library location > a server, "Copy the library on this computer there": the
    copy runs on the library lane with a progress dialog; the server then holds the same library,
    and the setting names the server (without the password)."""
    from sqlalchemy import create_engine, text

    from watchtracker.ui import library_location
    from watchtracker.ui.common import messages

    w = make_window(example)
    url = pg_database.replace(f":{pg.password}@", "@")
    said: list[str] = []
    monkeypatch.setattr(messages, "information", lambda _parent, text: said.append(text))
    monkeypatch.setattr(messages, "critical", lambda _parent, text: said.append("critical: " + text))

    class Chooses:
        def __init__(self, *args, can_copy=False):
            assert can_copy  # the library is a file here: it can be moved
            self.args = args

        def exec(self):
            return True

        def chosen(self):
            return LocationChoice(url, pg.password, remember=False, copy=True)

    monkeypatch.setattr(library_location, "LibraryLocationDialog", Chooses)
    row = w.preferences.change_location()
    assert said and said[0].startswith("The library was copied to postgres@127.0.0.1"), said
    assert row is not None and row.endswith(url)
    assert Settings.load(paths.settings_file).library_url == url
    server = create_engine(pg_database)
    try:
        with server.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM series")).scalar() == 3
    finally:
        server.dispose()

    # a second time: the database is no longer empty, the copy is refused and the place kept as it was
    said.clear()
    Settings().save(paths.settings_file)
    w.preferences.settings = Settings()
    assert w.preferences.change_location() is None
    assert said and said[0].startswith("critical: ") and "is not empty" in said[0]
    assert Settings.load(paths.settings_file).library_url == ""
