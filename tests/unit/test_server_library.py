"""A library on a PostgreSQL server on bad days (issue 16, "Server down or unreachable" and
"Security"): a wrong or missing password, no such database, a server that does not answer, a role
with too few rights, a schema older or newer than this version, another program's tables, two
computers upgrading at once, the server going down in the middle of a session, TLS. Each is one
line a person can act on, and nothing on the server is changed."""

from __future__ import annotations

import logging
import socket
import threading
import time
import uuid

import psycopg
import pytest
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError

from tests import pg_server
from watchtracker.app import main, open_library_first, open_services, server_location
from watchtracker.cli import EXIT_ERROR
from watchtracker.errors import (
    DatabaseTooNew,
    LibraryReadOnly,
    NotALibrary,
    ServerRefused,
    ServerUnreachable,
    StorageError,
)
from watchtracker.paths import AppPaths
from watchtracker.services.example import load_example
from watchtracker.services.library import LibraryService
from watchtracker.settings import Settings
from watchtracker.storage import secrets, server
from watchtracker.storage.database import alembic_config, head_revision
from watchtracker.storage.server import (
    connect_args,
    explain_server_error,
    open_server_library,
    parse_server_url,
    probe,
)

SECRET = "Sw0rdf1sh-never-shown"


# -- helpers -------------------------------------------------------------------------------------


def sql(pg, statement: str, db: str = "postgres", params=None) -> list[tuple]:
    with psycopg.connect(pg.conninfo(db), autocommit=True) as conn:
        cur = conn.execute(statement, params)
        return cur.fetchall() if cur.description else []


@pytest.fixture
def new_db(pg, request):
    """A new database on the session's server: empty, or a copy of the empty (``"empty"``) or the
    example (``"example"``) library at head. Returns its name; dropped afterwards."""
    made: list[str] = []

    def _make(template: str | None = None) -> str:
        name = "t_" + uuid.uuid4().hex[:12]
        if template is None:
            sql(pg, f'CREATE DATABASE "{name}"')
        else:
            templates = request.getfixturevalue("pg_templates")
            sql(pg, f'CREATE DATABASE "{name}" TEMPLATE "{templates[template]}"')
        made.append(name)
        return name

    yield _make
    for name in made:
        sql(pg, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def snapshot(pg, db: str) -> dict[str, object]:
    """What a database holds, to show that nothing was changed: its tables, its schema's
    revision, every table's row count."""
    tables = [
        r[0] for r in sql(pg, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename", db)
    ]
    found: dict[str, object] = {"tables": tables}
    for t in tables:
        found[t] = sql(pg, f'SELECT count(*) FROM "{t}"', db)[0][0]
    if "alembic_version" in tables:
        found["revision"] = sql(pg, "SELECT version_num FROM alembic_version", db)
    found["functions"] = sql(
        pg,
        "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
        " WHERE n.nspname = 'public' ORDER BY 1",
        db,
    )
    return found


def url_for(pg, db: str, *, user: str = "postgres", password: str | None = None, port: int | None = None) -> str:
    auth = f"{user}:{password}" if password else user
    return f"postgresql://{auth}@127.0.0.1:{port or pg.port}/{db}"


def make_role(pg, db: str, *grants: str) -> tuple[str, str]:
    """A new login role with a password, given ``grants`` (``{role}`` in them) in ``db``."""
    role, password = "r_" + uuid.uuid4().hex[:10], "pw-" + uuid.uuid4().hex[:10]
    sql(pg, f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
    sql(pg, f'REVOKE CONNECT ON DATABASE "{db}" FROM PUBLIC')
    sql(pg, f'GRANT CONNECT ON DATABASE "{db}" TO {role}')
    for grant in grants:
        sql(pg, grant.format(role=role), db)
    return role, password


def one_line(message: str) -> str:
    assert message and "\n" not in message.strip(), message
    return message


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cli(tmp_path, url: str, *args: str, capsys) -> tuple[int, str, str]:
    code = main(["--data-dir", str(tmp_path / "data"), "--database", url, *(args or ("list",))])
    out, err = capsys.readouterr()
    return code, out, err


# -- can't get in ----------------------------------------------------------------------------------


def test_a_wrong_password_is_said_and_nothing_is_made(pg, new_db, caplog):
    db = new_db()  # empty: opening it for real would make a library in it
    location = parse_server_url(url_for(pg, db, password=SECRET))
    with caplog.at_level(logging.DEBUG), pytest.raises(ServerRefused) as caught:
        open_server_library(location)
    message = one_line(str(caught.value))
    assert "refused the password for postgres" in message and "127.0.0.1" in message
    assert "nothing was changed" in message
    assert SECRET not in message and SECRET not in caplog.text
    assert snapshot(pg, db)["tables"] == []
    with pytest.raises(ServerRefused, match="refused the password"):
        probe(location)  # Test connection says the same


def test_no_password_kept_is_said_and_a_kept_one_is_used(pg, new_db, memory_keyring, tmp_path):
    db = new_db("empty")
    before = snapshot(pg, db)
    paths = AppPaths.under(tmp_path / "data").with_database(url_for(pg, db))  # no password in the URL
    with pytest.raises(ServerRefused) as caught:
        open_library_first(paths, Settings())
    message = one_line(str(caught.value))
    assert "asks for a password" in message and "none is kept" in message and "nothing was changed" in message
    assert snapshot(pg, db) == before
    # the same URL with the password in the keyring opens the library
    location = server_location(paths, Settings())
    assert location is not None and location.password is None
    secrets.store_password(location, pg.password)
    first = open_library_first(paths, Settings())
    try:
        assert first.library.library() == []
        assert first.read_only is False
    finally:
        first.close()


def test_a_database_that_does_not_exist_is_said(pg):
    with pytest.raises(ServerRefused) as caught:
        open_server_library(parse_server_url(pg.url("no_such_library")))
    message = one_line(str(caught.value))
    assert "has no database 'no_such_library'" in message and "127.0.0.1" in message
    assert not sql(pg, "SELECT 1 FROM pg_database WHERE datname = 'no_such_library'")


def test_a_closed_port_is_unreachable_at_once():
    location = parse_server_url(f"postgresql://postgres:{SECRET}@127.0.0.1:{free_port()}/library")
    started = time.monotonic()
    with pytest.raises(ServerUnreachable) as caught:
        open_server_library(location)
    assert time.monotonic() - started < 5
    message = one_line(str(caught.value))
    assert "server 127.0.0.1 cannot be reached" in message and "nothing was changed" in message
    assert SECRET not in message


def test_a_host_that_does_not_answer_gives_up_after_the_time_limit(monkeypatch):
    monkeypatch.setattr(server, "CONNECT_TIMEOUT_S", 1)
    location = parse_server_url("postgresql://alice@192.0.2.1:5432/library")  # TEST-NET-1: nobody answers
    started = time.monotonic()
    with pytest.raises(ServerUnreachable) as caught:
        open_server_library(location)
    assert time.monotonic() - started < 6
    assert "server 192.0.2.1 cannot be reached" in one_line(str(caught.value))


@pytest.mark.parametrize(
    ("case", "said"),
    [
        ("wrong password", "refused the password"),
        ("no password", "asks for a password"),
        ("no database", "has no database 'no_such_library'"),
        ("closed port", "cannot be reached"),
    ],
)
def test_the_cli_says_it_in_one_line_and_exits_1(case, said, pg, new_db, memory_keyring, tmp_path, capsys):
    db = new_db("example")
    before = snapshot(pg, db)
    url = {
        "wrong password": url_for(pg, db, password=SECRET),
        "no password": url_for(pg, db),
        "no database": url_for(pg, "no_such_library", password=pg.password),
        "closed port": url_for(pg, db, password=SECRET, port=free_port()),
    }[case]
    code, out, err = cli(tmp_path, url, "list", capsys=capsys)
    assert code == EXIT_ERROR == 1
    assert out == ""
    assert err.startswith("watchtracker: ") and err.count("\n") == 1, err
    assert said in err and SECRET not in err
    assert snapshot(pg, db) == before


# -- too few rights ----------------------------------------------------------------------------------


def test_a_role_that_may_only_read_opens_the_library_read_only(pg, new_db, tmp_path, capsys):
    db = new_db("example")
    role, password = make_role(pg, db, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    before = snapshot(pg, db)
    url = url_for(pg, db, user=role, password=password)
    paths = AppPaths.under(tmp_path / "data").with_database(url)
    services = open_services(paths, Settings())
    try:
        assert services.read_only is True
        rows = services.library.library()
        assert len(rows) == 3  # it reads
        episode = sql(pg, "SELECT min(id) FROM episode WHERE id NOT IN (SELECT episode_id FROM viewing)", db)[0][0]
        with pytest.raises(DBAPIError) as caught:
            services.library.mark_watched([episode])
        assert services.server is not None
        refused = explain_server_error(caught.value, services.server, "save the change")
        assert isinstance(refused, ServerRefused)
        message = one_line(str(refused))
        assert f"The role {role} lacks the rights to save the change" in message and "nothing was changed" in message
        assert probe(services.server).can_write is False
    finally:
        services.close()
    # the CLI: a write is refused in one line, exit 1
    code, out, err = cli(tmp_path, url, "watch", "Bosch", "--season", "1", capsys=capsys)
    assert code == 1 and err.count("\n") == 1 and "lacks the rights" in err, err
    assert password not in err
    assert snapshot(pg, db) == before


def test_a_role_that_may_not_create_tables_cannot_make_a_library(pg, new_db, tmp_path, capsys):
    db = new_db()  # empty
    role, password = make_role(pg, db, "REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    url = url_for(pg, db, user=role, password=password)
    with pytest.raises(LibraryReadOnly) as caught:
        open_server_library(parse_server_url(url))
    message = one_line(str(caught.value))
    assert f"The role {role} may not create tables" in message and "nothing was changed" in message
    assert snapshot(pg, db)["tables"] == []
    code, _, err = cli(tmp_path, url, "list", capsys=capsys)
    assert code == 1 and "may not create tables" in err and err.count("\n") == 1
    assert snapshot(pg, db)["tables"] == []


def test_a_role_that_may_not_even_read_is_told_so(pg, new_db, tmp_path, capsys):
    db = new_db("example")
    role, password = make_role(pg, db)  # CONNECT, nothing else
    before = snapshot(pg, db)
    url = url_for(pg, db, user=role, password=password)
    with pytest.raises(ServerRefused) as caught:
        open_server_library(parse_server_url(url))
    message = one_line(str(caught.value))
    assert f"The role {role} lacks the rights to open the library" in message and "nothing was changed" in message
    code, _, err = cli(tmp_path, url, "list", capsys=capsys)
    assert code == 1 and "lacks the rights" in err and err.count("\n") == 1
    assert snapshot(pg, db) == before


# -- what the database holds -------------------------------------------------------------------------


def test_a_newer_schema_is_refused_and_left_alone(pg, new_db):
    db = new_db("example")
    sql(pg, "UPDATE alembic_version SET version_num = '9999'", db)
    before = snapshot(pg, db)
    location = parse_server_url(pg.url(db))
    with pytest.raises(DatabaseTooNew) as caught:
        open_server_library(location)
    assert "newer version of watchtracker (schema 9999)" in one_line(str(caught.value))
    with pytest.raises(DatabaseTooNew):
        probe(location)
    assert snapshot(pg, db) == before


def test_another_programs_tables_are_refused_and_left_alone(pg, new_db):
    db = new_db()
    sql(pg, "CREATE TABLE invoices (id int PRIMARY KEY, total numeric)", db)
    sql(pg, "INSERT INTO invoices VALUES (1, 9.5)", db)
    before = snapshot(pg, db)
    with pytest.raises(NotALibrary) as caught:
        open_server_library(parse_server_url(pg.url(db)))
    assert "tables of another program (invoices)" in one_line(str(caught.value))
    assert snapshot(pg, db) == before


def _older_library(pg, db: str) -> int:
    """The example library taken down to schema 0008 with Alembic, and a viewing added at that
    schema (as an older watchtracker would); returns the viewing's episode."""
    from alembic import command

    opened = open_server_library(parse_server_url(pg.url(db)), migrate=False)
    try:
        with opened.engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0008")
    finally:
        opened.engine.dispose()
    assert sql(pg, "SELECT version_num FROM alembic_version", db) == [("0008",)]
    episode = sql(pg, "SELECT max(id) FROM episode WHERE id NOT IN (SELECT episode_id FROM viewing)", db)[0][0]
    sql(pg, "INSERT INTO viewing (episode_id, watched_at, source) VALUES (%s, now(), 'manual')", db, (episode,))
    return episode


def test_an_older_schema_is_upgraded_and_its_rows_kept(pg, new_db):
    db = new_db("example")
    episode = _older_library(pg, db)
    viewings = sql(pg, "SELECT count(*) FROM viewing", db)[0][0]
    opened = open_server_library(parse_server_url(pg.url(db)))
    try:
        assert sql(pg, "SELECT version_num FROM alembic_version", db) == [(head_revision(),)]
        assert sql(pg, "SELECT count(*) FROM viewing WHERE episode_id = %s", db, (episode,)) == [(1,)]
        assert sql(pg, "SELECT count(*) FROM viewing", db)[0][0] == viewings
        assert len(LibraryService(opened.engine).library()) == 3
    finally:
        opened.engine.dispose()


def test_two_computers_opening_an_older_library_at_once_upgrade_it_once(pg, new_db, monkeypatch):
    from alembic import command

    db = new_db("example")
    _older_library(pg, db)
    upgrades: list[str] = []
    real_upgrade = command.upgrade

    def counted(cfg, target):
        upgrades.append(threading.current_thread().name)
        time.sleep(0.3)  # the other computer is at the lock meanwhile
        return real_upgrade(cfg, target)

    monkeypatch.setattr(command, "upgrade", counted)
    both = threading.Barrier(2)
    results: dict[str, object] = {}

    def computer(name: str) -> None:
        both.wait()
        try:
            opened = open_server_library(parse_server_url(pg.url(db)))
            results[name] = LibraryService(opened.engine).library()
            opened.engine.dispose()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            results[name] = exc

    threads = [threading.Thread(target=computer, args=(n,), name=n) for n in ("desktop", "laptop")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert all(isinstance(r, list) and len(r) == 3 for r in results.values()), results
    assert len(results) == 2
    assert len(upgrades) == 1, upgrades
    assert sql(pg, "SELECT version_num FROM alembic_version", db) == [(head_revision(),)]


# -- the server goes down in the middle of a session ------------------------------------------------


@pytest.fixture
def own_server():
    """A server of this test's own, to stop and start again."""
    srv = pg_server.start()
    try:
        yield srv
    finally:
        pg_server.stop(srv)


def test_a_server_going_down_is_said_nothing_is_half_done_and_it_comes_back(own_server, tmp_path):
    srv = own_server
    sql(srv, 'CREATE DATABASE "library"')
    opened = open_server_library(parse_server_url(srv.url("library")))
    load_example(opened.engine)
    opened.engine.dispose()
    paths = AppPaths.under(tmp_path / "data").with_database(srv.url("library"))
    first = open_library_first(paths, Settings())
    try:
        location = first.server
        assert location is not None
        library = first.library
        assert len(library.library()) == 3
        fresh = [
            r[0]
            for r in sql(
                srv, "SELECT id FROM episode WHERE id NOT IN (SELECT episode_id FROM viewing) ORDER BY id", "library"
            )
        ]
        before = snapshot(srv, "library")

        # 1. down between two actions: a read and a write are said, in one line naming the host
        pg_server.pause(srv)
        for action in (library.library, lambda: library.mark_watched(fresh[:1])):
            with pytest.raises(DBAPIError) as caught:
                action()
            said = explain_server_error(caught.value, location, "save the change")
            assert isinstance(said, ServerUnreachable), caught.value
            assert "The library's server 127.0.0.1 cannot be reached" in one_line(str(said))
        pg_server.resume(srv)
        assert snapshot(srv, "library") == before

        # 2. down in the middle of a write: after the viewings are inserted, before the commit
        def stop_after_insert(conn, cursor, statement, *args):
            if statement.lstrip().upper().startswith("INSERT INTO VIEWING"):
                pg_server.pause(srv)

        event.listen(first.engine, "after_cursor_execute", stop_after_insert)
        try:
            with pytest.raises(DBAPIError) as caught:
                library.mark_watched(fresh[:3])
        finally:
            event.remove(first.engine, "after_cursor_execute", stop_after_insert)
        assert srv.proc.poll() is not None  # it did go down mid-write
        assert isinstance(explain_server_error(caught.value, location, "save the change"), ServerUnreachable)
        pg_server.resume(srv)
        assert snapshot(srv, "library") == before  # not half-done

        # 3. back: the same engine works again, without reopening the library
        result = library.mark_watched(fresh[:3])
        assert len(result.added) == 3
        assert sql(srv, "SELECT count(*) FROM viewing WHERE episode_id = ANY(%s)", "library", (fresh[:3],)) == [(3,)]

        # 4. restarted while nobody was using it: the pooled connections are dead, and the next
        # action does not see it (each is checked before use and replaced)
        pg_server.pause(srv)
        pg_server.resume(srv)
        assert len(library.mark_watched(fresh[3:4]).added) == 1
        assert len(library.library()) == 3
    finally:
        first.close()


# -- security ----------------------------------------------------------------------------------------


def test_tls_is_checked_for_any_host_but_this_computer(monkeypatch):
    for name in ("PGSSLMODE", "PGSSLROOTCERT", "PGCONNECT_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    remote = connect_args(parse_server_url("postgresql://alice@nas.example.org/watchtracker"))
    assert remote["sslmode"] == "verify-full" and remote["sslrootcert"] == "system"
    for local in (
        "postgresql://alice@localhost/watchtracker",
        "postgresql://alice@127.0.0.1:5433/watchtracker",
        "postgresql://alice@[::1]/watchtracker",
        "postgresql://alice@/watchtracker?host=/run/postgresql",
    ):
        assert "sslmode" not in connect_args(parse_server_url(local)), local
    chosen = connect_args(parse_server_url("postgresql://alice@nas.example.org/watchtracker?sslmode=disable"))
    assert "sslmode" not in chosen  # the URL's own choice reaches libpq, not overridden
    own_ca = connect_args(
        parse_server_url("postgresql://alice@nas.example.org/watchtracker?sslrootcert=/etc/nas-ca.pem")
    )
    assert own_ca["sslmode"] == "verify-full" and "sslrootcert" not in own_ca
    # a host given as a query parameter is only this computer when it is a socket or a local name
    for remote_in_query in (
        "postgresql://alice@/watchtracker?host=nas.example.org",
        "postgresql://alice@/watchtracker?host=/run/postgresql&host=nas.example.org",
        "postgresql://alice@/watchtracker?host=localhost,nas.example.org",
    ):
        location = parse_server_url(remote_in_query)
        assert connect_args(location)["sslmode"] == "verify-full", remote_in_query
        assert location.host in ("nas.example.org", "localhost", "this computer")
    # libpq's own environment is a choice too
    monkeypatch.setenv("PGSSLMODE", "require")
    assert "sslmode" not in connect_args(parse_server_url("postgresql://alice@nas.example.org/watchtracker"))


def test_the_urls_own_parameters_are_not_overridden():
    args = connect_args(
        parse_server_url(
            "postgresql://alice@localhost/watchtracker?connect_timeout=2&application_name=wt-laptop"
            "&options=-c%20search_path%3Dlibrary"
        )
    )
    assert "connect_timeout" not in args and "application_name" not in args
    assert args["options"] == "-c search_path=library -c timezone=UTC"  # and the session's zone stays UTC
    plain = connect_args(parse_server_url("postgresql://alice@localhost/watchtracker"))
    assert plain["connect_timeout"] == server.CONNECT_TIMEOUT_S and plain["application_name"] == "watchtracker"


def test_a_password_in_the_url_is_used_and_never_kept_or_shown(pg, new_db, caplog, tmp_path):
    db = new_db()
    text = f"postgresql://postgres:{pg.password}@127.0.0.1:{pg.port}/{db}"
    location = parse_server_url(text)
    assert location.password == pg.password
    assert connect_args(location)["password"] == pg.password
    for shown in (location.kept_url, location.display, str(location.url), repr(location.url)):
        assert pg.password not in shown
    with caplog.at_level(logging.DEBUG):
        opened = open_server_library(location)  # the password was taken: a new library is made
        opened.engine.dispose()
    assert "upgrading the library's schema" in caplog.text
    assert pg.password not in caplog.text
    assert pg.password not in repr(opened.engine) and pg.password not in str(opened.engine.url)
    settings_file = tmp_path / "settings.json"
    Settings(library_url=text).save(settings_file)
    kept = settings_file.read_text()
    assert pg.password not in kept and f"postgres@127.0.0.1:{pg.port}/{db}" in kept
    assert Settings.load(settings_file).library_url == f"postgresql://postgres@127.0.0.1:{pg.port}/{db}"


def test_a_server_without_tls_is_refused_for_a_remote_name(pg, new_db):
    """A non-local name (resolved here to this computer by hostaddr): the default asks for TLS
    with a checked certificate; this server offers none, so nothing is sent in clear."""
    db = new_db("empty")
    location = parse_server_url(f"postgresql://postgres:{SECRET}@db.example.test:{pg.port}/{db}?hostaddr=127.0.0.1")
    assert not location.is_local
    with pytest.raises(ServerRefused) as caught:
        open_server_library(location)
    message = one_line(str(caught.value))
    assert "The connection to db.example.test could not be secured" in message and SECRET not in message
    # the URL's own choice is respected: without TLS the server answers (here: the wrong password)
    plain = parse_server_url(
        f"postgresql://postgres:{SECRET}@db.example.test:{pg.port}/{db}?hostaddr=127.0.0.1&sslmode=disable"
    )
    with pytest.raises(ServerRefused, match="refused the password"):
        open_server_library(plain)


def test_every_failure_is_a_storage_error_with_the_server_named():
    """explain_server_error on the driver's own words for each way a server fails."""
    location = parse_server_url("postgresql://alice@nas.example.org:5432/watchtracker")
    cases = {
        'connection failed: FATAL:  password authentication failed for user "alice"': ServerRefused,
        "connection failed: fe_sendauth: no password supplied": ServerRefused,
        'connection failed: FATAL:  database "watchtracker" does not exist': ServerRefused,
        'connection failed: connection to server at "10.0.0.5", port 5432 failed: timeout expired': ServerUnreachable,
        "consuming input failed: server closed the connection unexpectedly": ServerUnreachable,
        "permission denied for table viewing": ServerRefused,
        "connection failed: SSL error: certificate verify failed": ServerRefused,
    }
    for text, kind in cases.items():
        said = explain_server_error(psycopg.OperationalError(text), location, "open the library")
        assert isinstance(said, kind) and isinstance(said, StorageError), text
        assert "nas.example.org" in one_line(str(said)), text
    assert explain_server_error(ValueError("a bug"), location, "open the library") is None


def test_the_server_going_down_while_the_cli_opens_the_library_is_one_line(own_server, tmp_path, capsys, monkeypatch):
    """Between the library's first stage and the rest (the daily backup takes a lock on the
    server), the server goes away: one line, exit 1, no traceback."""
    import watchtracker.app as app

    srv = own_server
    sql(srv, 'CREATE DATABASE "library"')
    open_server_library(parse_server_url(srv.url("library"))).engine.dispose()
    real_first = app.open_library_first

    def first_then_down(paths, settings):
        opened = real_first(paths, settings)
        pg_server.pause(srv)
        return opened

    monkeypatch.setattr(app, "open_library_first", first_then_down)
    code, out, err = cli(tmp_path, srv.url("library"), "list", capsys=capsys)
    assert code == EXIT_ERROR and out == ""
    assert err.startswith("watchtracker: The library's server 127.0.0.1 cannot be reached"), err
    assert err.count("\n") == 1 and srv.password not in err
