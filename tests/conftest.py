"""Shared fixtures: a fresh data folder per test, the library opened on it, the example loaded.

A fresh data folder starts with a library already made: a copy of one made once per session, so
that neither the migrations nor the loading of the example run again in every test. It is the
empty library at the schema's head (``library_template``), or the example library
(``example_template``) for a test that asks for ``example``. A test of what happens with no
library file (an empty file, another program's database, an old schema, a folder that must not
exist yet) is marked ``empty_data_dir`` and gets the folder's path with nothing made there."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("WATCHTRACKER_HOME", None)
# Nothing in the tests may reach the real TVmaze: by default it is a closed local port; the tests
# of the provider point it at their own local server.
os.environ["WATCHTRACKER_TVMAZE_URL"] = "http://127.0.0.1:9"

import json  # noqa: E402
import shutil  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402

import httpx  # noqa: E402
import pytest  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402

from tests.fixtures.trakt_files import trakt_show  # noqa: E402
from watchtracker.app import Services, open_services  # noqa: E402
from watchtracker.paths import AppPaths  # noqa: E402
from watchtracker.services.example import load_example  # noqa: E402
from watchtracker.settings import Settings  # noqa: E402
from watchtracker.storage.database import head_revision, open_database  # noqa: E402

# A fixed "now" for tests that depend on what has aired.
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="session", autouse=True)
def _one_ssl_context():
    """Every HTTP client the app makes loads the system's certificates into a new SSL context
    (~30 ms). No test speaks TLS, so the tests share one context made with the same defaults."""
    made = httpx.create_ssl_context

    def shared(*args, **kwargs):
        return default if not args and not kwargs else made(*args, **kwargs)

    default = made()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(httpx, "create_ssl_context", shared)
        yield


@pytest.fixture(scope="session")
def library_template(tmp_path_factory) -> Path:
    """An empty library at the schema's head, made once for the session by the app's own first
    start (``open_database``: the migrations run here). Read-only, so that no test changes it."""
    path = tmp_path_factory.mktemp("template") / "library.sqlite"
    engine = open_database(path)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()
    engine.dispose()  # the last connection folds the WAL in: the file alone is the library
    assert [p.name for p in path.parent.iterdir()] == [path.name]
    path.chmod(0o444)
    return path


@pytest.fixture(scope="session")
def example_template(library_template, tmp_path_factory) -> Path:
    """The example library (``load_example`` on a copy of the empty one), made once for the session."""
    path = tmp_path_factory.mktemp("example-template") / "library.sqlite"
    shutil.copyfile(library_template, path)
    engine = open_database(path)
    added, _ = load_example(engine)
    assert added == 3
    engine.dispose()
    assert [p.name for p in path.parent.iterdir()] == [path.name]
    path.chmod(0o444)
    return path


_STARTED_WITH = pytest.StashKey[str]()  # what the test's data folder started with


@pytest.fixture
def new_library(library_template):
    """Put an empty library at ``path`` (a copy of the template, as a first start makes it, but
    without running the migrations again); returns ``path``."""

    def _make(path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(library_template, path)  # the content, not the template's read-only mode
        return path

    return _make


# -- the system's keyring, in memory ---------------------------------------------------------------


class MemoryKeyring(KeyringBackend):
    """A keyring in memory, so that no test reads or writes the real one."""

    priority = 1  # type: ignore[assignment]

    def __init__(self):
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.kept.get((service, username))

    def set_password(self, service, username, password):
        self.kept[(service, username)] = password

    def delete_password(self, service, username):
        self.kept.pop((service, username), None)


@pytest.fixture
def memory_keyring(monkeypatch, tmp_path):
    """An empty keyring in memory, and no ~/.pgpass or PGPASSWORD for libpq to fall back on."""
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    import keyring

    from watchtracker.storage import secrets

    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    secrets._SESSION.clear()
    yield ring
    keyring.set_keyring(before)
    secrets._SESSION.clear()


# -- both backends: a SQLite file, and a library on a PostgreSQL server -------------------------


def pytest_generate_tests(metafunc):
    """A test marked ``both_backends`` (a module's ``pytestmark``) runs twice: on a SQLite file
    and on a PostgreSQL server (``[sqlite]`` / ``[postgresql]`` in its name)."""
    if "backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_backends"):
        metafunc.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def backend(request) -> str:
    """Where the test's library is: "sqlite" (a file), or "postgresql" for a test marked ``both_backends``."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg():
    """A throw-away PostgreSQL server for the session (tests/pg_server.py); a failure to start
    it is an error of the tests that need it, never a skip."""
    from tests import pg_server

    server = pg_server.start()
    try:
        yield server
    finally:
        pg_server.stop(server)


def _pg_execute(pg, sql: str) -> None:
    import psycopg

    with psycopg.connect(pg.conninfo(), autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture(scope="session")
def pg_templates(pg) -> dict[str, str]:
    """Databases each test's library is cloned from: ``empty`` (the schema at head, made by the
    app's own first start on a server) and ``example`` (the example library loaded into it)."""
    from watchtracker.storage.server import open_server_library, parse_server_url

    names = {"empty": "tmpl_empty", "example": "tmpl_example"}
    _pg_execute(pg, 'CREATE DATABASE "tmpl_empty"')
    opened = open_server_library(parse_server_url(pg.url("tmpl_empty")))
    opened.engine.dispose()
    _pg_execute(pg, 'CREATE DATABASE "tmpl_example" TEMPLATE "tmpl_empty"')
    opened = open_server_library(parse_server_url(pg.url("tmpl_example")))
    added, _ = load_example(opened.engine)
    assert added == 3
    opened.engine.dispose()
    return names


@pytest.fixture
def pg_database(pg):
    """A new, empty database on the session's server (no tables): its URL; dropped afterwards."""
    import uuid

    name = "t_" + uuid.uuid4().hex[:12]
    _pg_execute(pg, f'CREATE DATABASE "{name}"')
    yield pg.url(name)
    _pg_execute(pg, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class _Clones:
    """Libraries cloned from the templates ahead of need, on a thread of their own: a test takes
    one made while the test before it ran (a clone takes ~0.25 s of the server's time, which the
    tests would otherwise wait for one after another), and the used ones are dropped there too."""

    def __init__(self, pg, templates: dict[str, str]):
        import queue
        import threading

        self.pg, self.templates = pg, templates
        self.ready: dict[str, queue.Queue] = {t: queue.Queue() for t in templates}
        self.jobs: queue.Queue = queue.Queue()
        self.thread = threading.Thread(target=self._work, name="pg-clones", daemon=True)
        self.thread.start()

    def _work(self) -> None:
        import uuid

        import psycopg

        with psycopg.connect(self.pg.conninfo(), autocommit=True) as conn:
            while (job := self.jobs.get()) is not None:
                kind, what = job
                try:
                    if kind == "drop":
                        conn.execute(f'DROP DATABASE IF EXISTS "{what}" WITH (FORCE)')
                        continue
                    name = "t_" + uuid.uuid4().hex[:12]
                    conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.templates[what]}"')
                    self.ready[what].put(name)
                except BaseException as exc:  # said to the test that waits for it
                    if kind == "clone":
                        self.ready[what].put(exc)

    def take(self, template: str) -> str:
        """A library of its own for a test (its name), and the next one asked for."""
        if self.ready[template].empty():
            self.jobs.put(("clone", template))
        name = self.ready[template].get(timeout=60)
        if isinstance(name, BaseException):
            raise name
        self.jobs.put(("clone", template))
        return name

    def give_back(self, name: str) -> None:
        self.jobs.put(("drop", name))

    def close(self) -> None:
        self.jobs.put(None)
        self.thread.join(60)


@pytest.fixture(scope="session")
def pg_clones(pg, pg_templates):
    clones = _Clones(pg, pg_templates)
    yield clones
    clones.close()


def _pg_library(request, pg, template: str) -> str:
    clones = request.getfixturevalue("pg_clones")
    name = clones.take(template)
    request.addfinalizer(lambda: clones.give_back(name))
    return pg.url(name)


@pytest.fixture
def paths(tmp_path: Path, request, library_template, backend) -> AppPaths:
    """The test's data folder. It holds an empty library already; the example library when the
    test asks for ``example``; nothing at all (no folder, no file) when the test is marked
    ``empty_data_dir``. With ``backend`` "postgresql" the library is a database of its own on the
    session's server, cloned from the empty or the example library."""
    paths = AppPaths.under(tmp_path / "data")
    if backend == "postgresql":
        pg = request.getfixturevalue("pg")
        template = "example" if "example" in request.fixturenames else "empty"
        request.node.stash[_STARTED_WITH] = template
        paths.data.mkdir(parents=True)
        return paths.with_database(_pg_library(request, pg, template))
    if request.node.get_closest_marker("empty_data_dir") is not None:
        request.node.stash[_STARTED_WITH] = "nothing"
        return paths
    template = library_template
    request.node.stash[_STARTED_WITH] = "empty"
    if "example" in request.fixturenames:
        template = request.getfixturevalue("example_template")
        request.node.stash[_STARTED_WITH] = "example"
    paths.data.mkdir(parents=True)
    shutil.copyfile(template, paths.database)  # the content, not the template's read-only mode
    return paths


@pytest.fixture
def services(paths: AppPaths):
    s: Services = open_services(paths, Settings())
    s.library.clock = lambda: NOW
    yield s
    s.close()


@pytest.fixture
def example(services, request) -> Services:
    """The example library, open: copied in with the data folder (see ``paths``), else loaded now."""
    if request.node.stash.get(_STARTED_WITH, None) != "example":
        added, _ = load_example(services.engine)
        assert added == 3
    with services.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM series").scalar() >= 3
    return services


@pytest.fixture
def cli_run(paths, capsys):
    """Run a watchtracker command on the test's data folder (``paths``): (exit code, stdout, stderr)."""
    from watchtracker.app import main

    data = paths.data

    database = ["--database", paths.server_url] if paths.server_url else []

    def _run(*args: str) -> tuple[int, str, str]:
        code = main([*args, "--data-dir", str(data), *database])
        out, err = capsys.readouterr()
        return code, out, err

    _run.data = data
    return _run


@pytest.fixture
def trakt_file(tmp_path) -> Path:
    """Bosch and Bosch: Legacy (in the example library, matched by title and year offline), and
    a show the library does not have (kept for later)."""
    data = [
        trakt_show("Bosch", 2014, [(1, 1, "2016-01-02T20:00:00.000Z"), (1, 2, "2016-01-03T20:00:00.000Z")]),
        trakt_show("Bosch: Legacy", 2022, [(1, 4, "2022-06-01T20:00:00.000Z")]),
        trakt_show("A Show Nobody Has <b>bold</b>", 2019, [(1, 1, "2020-01-01T20:00:00.000Z")], tvdb=999999),
    ]
    path = tmp_path / "watched-shows.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path
