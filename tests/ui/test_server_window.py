"""The window with its library on a PostgreSQL server: it names the server while it connects, asks
again by itself when the server does not answer at start, and asks for a password it needs."""

from __future__ import annotations

import pytest

from watchtracker import app
from watchtracker.errors import ServerRefused, ServerUnreachable
from watchtracker.settings import Settings
from watchtracker.storage import secrets

from watchtracker.ui import application


@pytest.fixture
def on_server(paths, pg_database):
    return paths.with_database(pg_database)


def _launch(qtbot, paths, crash, first, gave_up):
    opened_fully: list = []
    real = app.staged(paths, Settings())
    staged = application.StagedOpen(first(real.first), real.rest)
    window, opened = application.launch(paths, staged, crash, gave_up.append, on_open=opened_fully.append)
    qtbot.addWidget(window)
    return window, opened, opened_fully


def test_the_window_names_the_server_then_opens_its_library(qtbot, on_server, crash, monkeypatch):
    monkeypatch.setattr(application, "SERVER_BACKUP_AFTER_MS", 0)
    seen: list[str] = []

    def first(real):
        def opening():
            return real()

        return opening

    gave_up: list[int] = []
    window, opened, fully = _launch(qtbot, on_server, crash, first, gave_up)
    seen.append(window.library_page.loading_label.text())
    qtbot.waitUntil(lambda: bool(fully), timeout=20_000)
    assert seen == ["Connecting to 127.0.0.1…"]
    assert window.library_server is not None and window.library_server.startswith("postgres@127.0.0.1:")
    assert "test-password" not in (window.library_server_url or "")
    assert gave_up == []
    # the daily backup (a whole export) is made once the window has settled, in the background
    qtbot.waitUntil(
        lambda: any(p.name.startswith("library-daily-") for p in on_server.backups.glob("*.json")), timeout=20_000
    )
    window.stop_work()
    window.library_lane.wait()
    window.side_lane.wait()
    opened[0].close()


def test_a_server_that_does_not_answer_at_start_is_asked_again(qtbot, on_server, crash, monkeypatch):
    monkeypatch.setattr(application, "RETRY_OPEN_S", 0)
    calls: list[int] = []

    def first(real):
        def opening():
            calls.append(1)
            if len(calls) == 1:
                raise ServerUnreachable("The library's server 127.0.0.1 cannot be reached (connection refused).")
            return real()

        return opening

    gave_up: list[int] = []
    texts: list[str] = []
    window, opened, fully = _launch(qtbot, on_server, crash, first, gave_up)
    monkeypatch.setattr(
        window.library_page.loading_label,
        "setText",
        lambda text, real=window.library_page.loading_label.setText: (texts.append(text), real(text)),
    )
    qtbot.waitUntil(lambda: bool(fully), timeout=20_000)
    assert len(calls) == 2 and gave_up == []
    assert any("cannot be reached" in t and "Trying again in 0 s" in t for t in texts), texts
    window.stop_work()
    window.library_lane.wait()
    opened[0].close()


def test_a_password_the_server_wants_is_asked_for_and_used_for_this_run(qtbot, on_server, crash, monkeypatch, pg):
    from PySide6.QtWidgets import QInputDialog

    secrets._SESSION.clear()
    asked: list[str] = []
    monkeypatch.setattr(
        QInputDialog,
        "getText",
        staticmethod(lambda _p, _t, label, _echo: (asked.append(label), (pg.password, True))[1]),
    )
    calls: list[int] = []

    def first(real):
        def opening():
            calls.append(1)
            if len(calls) == 1:
                raise ServerRefused("The server 127.0.0.1 refused the password for postgres (…); nothing was changed.")
            return real()

        return opening

    gave_up: list[int] = []
    window, opened, fully = _launch(qtbot, on_server, crash, first, gave_up)
    qtbot.waitUntil(lambda: bool(fully), timeout=20_000)
    assert len(asked) == 1 and "refused the password" in asked[0]
    assert secrets._SESSION and list(secrets._SESSION.values()) == [pg.password]  # this run only, no keyring
    window.stop_work()
    window.library_lane.wait()
    opened[0].close()
    secrets._SESSION.clear()


def test_a_refusal_without_a_password_to_ask_is_said_and_the_window_gives_up(qtbot, on_server, crash, monkeypatch):
    from watchtracker.ui.common import messages

    shown: list[str] = []
    monkeypatch.setattr(messages, "critical", lambda _parent, text: shown.append(text))

    def first(real):
        def opening():
            raise ServerRefused("The server 127.0.0.1 has no database 'x', so watchtracker could not open the library.")

        return opening

    gave_up: list[int] = []
    window, opened, fully = _launch(qtbot, on_server, crash, first, gave_up)
    qtbot.waitUntil(lambda: bool(gave_up), timeout=10_000)
    assert gave_up == [1] and shown and "has no database" in shown[0]
    window.library_lane.wait()


@pytest.fixture
def example_on_server(paths, pg_database):
    """The example library on the server (a database of its own)."""
    from watchtracker.services.example import load_example
    from watchtracker.storage.server import open_server_library, parse_server_url

    opened = open_server_library(parse_server_url(pg_database))
    load_example(opened.engine)
    opened.engine.dispose()
    return paths.with_database(pg_database)


def _server_content(pg_url: str) -> tuple:
    """What the library on the server holds (its tables' rows, in a fixed order) and its changes."""
    import psycopg
    from sqlalchemy import make_url

    url = make_url(pg_url)
    with psycopg.connect(
        host=url.host, port=url.port, user=url.username, password=url.password, dbname=url.database
    ) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name"
            )
        ]
        content = tuple((t, sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"').fetchall()))) for t in tables)
        return content


def test_the_rows_read_from_the_server_are_shown_at_the_next_start_even_when_it_does_not_answer(
    qtbot, example_on_server, crash, monkeypatch
):
    from watchtracker.services.startup import load_server_rows

    paths = example_on_server
    kept = list(paths.cache.glob("server-rows-*.json"))
    assert kept == []
    gave_up: list[int] = []

    # the first start: the live rows are read, and kept on this computer (on the side lane)
    window, opened, fully = _launch(qtbot, paths, crash, lambda real: real, gave_up)
    qtbot.waitUntil(lambda: bool(fully), timeout=20_000)
    live = window.library_page.model.rowCount()
    assert live > 0
    qtbot.waitUntil(lambda: bool(list(paths.cache.glob("server-rows-*.json"))), timeout=10_000)
    window.side_lane.wait()
    kept_file = next(paths.cache.glob("server-rows-*.json"))
    assert "test-password" not in kept_file.read_text()
    preview = load_server_rows(paths.cache, paths.server_url)
    assert preview is not None and len(preview.rows) == live
    # a later reading of the whole library (F5, a change to everything) is kept too
    window.reload_library()
    qtbot.waitUntil(lambda: load_server_rows(paths.cache, paths.server_url).now > preview.now, timeout=10_000)
    window.stop_work()
    window.library_lane.wait()
    window.side_lane.wait()
    opened[0].close()
    window.close()
    before = _server_content(paths.server_url)

    # the next start, the server not answering: the kept rows show, read-only, with the problem said
    monkeypatch.setattr(application, "RETRY_OPEN_S", 1)
    answering: list[bool] = []
    calls: list[int] = []

    def first(real):
        def opening():
            calls.append(1)
            if not answering:
                raise ServerUnreachable("The library's server 127.0.0.1 cannot be reached (connection refused).")
            return real()

        return opening

    window, opened, fully = _launch(qtbot, paths, crash, first, gave_up)
    qtbot.waitUntil(lambda: "cannot be reached" in window.statusBar().currentMessage(), timeout=10_000)
    assert window.library_page.model.rowCount() == live
    assert window.library_service is None and not window.actions.add.isEnabled()
    assert "showing what this computer read last time; trying again in 1 s" in window.statusBar().currentMessage()
    assert "cannot be reached" in window.library_page.loading_label.text()
    qtbot.wait(1500)  # it tried again, and failed again: the rows stay
    assert len(calls) >= 2 and window.library_page.model.rowCount() == live
    assert "cannot be reached" in window.statusBar().currentMessage()
    assert _server_content(paths.server_url) == before and gave_up == []

    # the server answers: the live rows replace the kept ones, and the problem is no longer said
    answering.append(True)
    qtbot.waitUntil(lambda: bool(fully), timeout=20_000)
    assert window.library_service is not None and window.library_page.model.rowCount() == live
    assert window.statusBar().currentMessage() == ""
    window.stop_work()
    window.library_lane.wait()
    window.side_lane.wait()
    opened[0].close()
    assert crash.last is None, crash.last
