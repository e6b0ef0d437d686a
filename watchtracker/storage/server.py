"""A library on a PostgreSQL server: its URL, connecting, finding out what is there, upgrading.

A library can live on a PostgreSQL server the viewer runs (a home server, a NAS, a small VPS),
used by several computers at once. ``open_server_library`` is the way in, as ``open_library`` is
for a file: it connects, finds out what the database holds and only then changes anything: another
program's tables and a newer watchtracker's library are refused; an empty database becomes a
library; an older one is upgraded in one transaction (PostgreSQL's DDL is transactional), under
a lock so that two computers starting at once do not both upgrade. Every way it fails is a
StorageError with one line a person can act on, and nothing is changed.

The password is never part of what is kept: the URL the settings hold has none; it comes from the
system's keyring (``storage/secrets.py``), PostgreSQL's own ``.pgpass`` (libpq reads it), or a URL
given on the command line. TLS with the certificate checked against the system's authorities is
the default for any host that is not this computer.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from watchtracker.errors import (
    DatabaseTooNew,
    LibraryReadOnly,
    NotALibrary,
    ServerRefused,
    ServerUnreachable,
    StorageError,
)
from watchtracker.paths import is_server_url
from watchtracker.storage.revisions import SCHEMA_REVISIONS

log = logging.getLogger(__name__)

DRIVER = "postgresql+psycopg"
CONNECT_TIMEOUT_S = 5
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", ""})
CORE_TABLES = frozenset({"series", "episode", "viewing"})
# one number for every watchtracker on the server: who upgrades the schema (pg_advisory_xact_lock)
UPGRADE_LOCK = 0x77747200  # "wtr\0"


@dataclass(frozen=True)
class ServerLocation:
    """Where a library on a server is: the URL without its password (what may be kept and shown),
    and the password when one was given with it."""

    url: URL
    password: str | None = None

    @property
    def hosts(self) -> tuple[str, ...]:
        """Every host the URL names, in the authority or as ``?host=`` (a socket's folder, or
        several hosts: ``?host=a&host=b`` or ``?host=a,b``); empty for the default socket."""
        named = [self.url.host or ""]
        query = self.url.query.get("host")
        named += [query] if isinstance(query, str) else list(query or ())
        return tuple(h.strip() for item in named for h in item.split(",") if h.strip())

    @property
    def host(self) -> str:
        """The server's name as a person would say it ("nas.local", "a local socket")."""
        host = next(iter(self.hosts), "")
        return host if host and not host.startswith("/") else "this computer"

    @property
    def display(self) -> str:
        """user@host:port/database, never the password."""
        user = f"{self.url.username}@" if self.url.username else ""
        port = f":{self.url.port}" if self.url.port else ""
        return f"{user}{self.host}{port}/{self.url.database or ''}"

    @property
    def kept_url(self) -> str:
        """The URL as the settings file keeps it: without the password."""
        return self.url.render_as_string(hide_password=False)

    @property
    def is_local(self) -> bool:
        """Every host named is this computer (a local name or address, or a socket's folder)."""
        return all(h in LOCAL_HOSTS or h.startswith(("/", "@")) for h in self.hosts)

    def with_password(self, password: str | None) -> ServerLocation:
        return ServerLocation(self.url, password)


def parse_server_url(text: str) -> ServerLocation:
    """A PostgreSQL URL (``postgresql://user@host:5432/database``) as a ServerLocation; a clear
    StorageError for anything else. ``postgres://`` and ``postgresql+psycopg://`` are the same."""
    raw = text.strip()
    if not is_server_url(raw):
        raise ServerRefused(
            f"{_shown(raw)!r} is not a PostgreSQL URL. Write it as postgresql://user@host:5432/database."
        )
    try:
        url = make_url(raw)
    except (ArgumentError, ValueError) as exc:
        raise ServerRefused(
            f"{_shown(raw)!r} is not a PostgreSQL URL ({exc}). Write it as postgresql://user@host:5432/database."
        ) from exc
    if not url.database:
        raise ServerRefused(
            f"The URL {_shown(raw)!r} names no database. Add its name at the end: postgresql://user@host:5432/watchtracker."
        )
    password = url.password
    url = URL.create(DRIVER, url.username, None, url.host, url.port, url.database, url.query)
    return ServerLocation(url, password if password else None)


def _shown(text: str) -> str:
    """A URL as it may be repeated in a message: any password replaced by ***."""
    try:
        return make_url(text).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        scheme, sep, rest = text.partition("://")
        if sep and "@" in rest:
            return f"{scheme}://***@{rest.rsplit('@', 1)[1]}"
        return text


def connect_args(location: ServerLocation) -> dict[str, object]:
    """What psycopg is given besides the URL: a time limit for connecting, the program's name (in
    pg_stat_activity), UTC as the session's zone, the password when there is one, and TLS checked against the
    system's certificate authorities for any host but this computer (unless the URL chooses otherwise)."""
    query = location.url.query
    # what is given here overrides the URL's own parameters: those the URL (or libpq's PGSSLMODE,
    # PGSSLROOTCERT, PGCONNECT_TIMEOUT) chooses are left to it
    args: dict[str, object] = {"options": " ".join([*_as_list(query.get("options")), "-c timezone=UTC"])}
    if "connect_timeout" not in query and not os.environ.get("PGCONNECT_TIMEOUT"):
        args["connect_timeout"] = CONNECT_TIMEOUT_S
    if "application_name" not in query:
        args["application_name"] = "watchtracker"
    if location.password:
        args["password"] = location.password
    if not location.is_local and "sslmode" not in query and not os.environ.get("PGSSLMODE"):
        args["sslmode"] = "verify-full"
        if "sslrootcert" not in query and not os.environ.get("PGSSLROOTCERT"):
            args["sslrootcert"] = "system"  # libpq >= 16: the system's trusted authorities
    return args


def _as_list(value: str | tuple[str, ...] | None) -> list[str]:
    return [value] if isinstance(value, str) else list(value or ())


def make_server_engine(location: ServerLocation, *, pool_size: int = 5) -> Engine:
    """The library's engine on the server. A connection is checked before it is used (the server
    may have restarted, the network may have dropped it): a dead one is replaced silently."""
    return create_engine(
        location.url,
        connect_args=connect_args(location),
        pool_pre_ping=True,
        pool_size=pool_size,
        max_overflow=5,
        pool_recycle=1800,
    )


# -- what went wrong, in words -------------------------------------------------------------------


def _text(exc: BaseException) -> str:
    return str(getattr(exc, "orig", None) or exc)


def _sqlstate(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return str(getattr(orig, "sqlstate", "") or "")


def explain_server_error(exc: BaseException, location: ServerLocation, doing: str) -> StorageError | None:
    """A server's refusal or silence as one line a person can act on, for when watchtracker tried
    ``doing`` ("open the library", "save the change" ...); None when it is not the environment's
    fault (a bug)."""
    text, state, where = _text(exc), _sqlstate(exc), location.display
    low = text.lower()
    if state == "28P01" or "password authentication failed" in low:
        return ServerRefused(
            f"The server {location.host} refused the password for {location.url.username or 'the user'} "
            f"({where}), so watchtracker could not {doing}; nothing was changed. Check the password "
            "(Preferences > Library location, or ~/.pgpass)."
        )
    if "no password supplied" in low or "fe_sendauth" in low:
        return ServerRefused(
            f"The server {location.host} asks for a password for {where} and none is kept, so watchtracker "
            f"could not {doing}; nothing was changed. Give it in Preferences > Library location "
            "(kept in the system's keyring), or in ~/.pgpass."
        )
    if state == "3D000" or ("database" in low and "does not exist" in low):
        return ServerRefused(
            f"The server {location.host} has no database {location.url.database!r}, so watchtracker could not "
            f"{doing}; nothing was changed. Create it first (the README shows how), or check the URL."
        )
    if state.startswith("28") or "no pg_hba.conf entry" in low or "role" in low and "does not exist" in low:
        return ServerRefused(
            f"The server {location.host} does not let {location.url.username or 'this user'} in ({where}): "
            f"{first_line(text)}. Nothing was changed."
        )
    if state == "42501" or "permission denied" in low:
        return ServerRefused(
            f"The role {location.url.username or ''} lacks the rights to {doing} on {where} "
            f"({first_line(text)}); nothing was changed. Grant it the rights the README lists."
        )
    if "certificate" in low or "ssl" in low or "tls" in low:
        return ServerRefused(
            f"The connection to {location.host} could not be secured ({first_line(text)}), so watchtracker "
            f"could not {doing}; nothing was changed. The server needs a certificate this computer trusts; "
            "or choose sslmode in the URL (e.g. ?sslmode=require) if you know the network."
        )
    if state.startswith("08") or state in ("57P01", "57P02", "57P03") or _unreachable_words(low):
        return ServerUnreachable(
            f"The library's server {location.host} cannot be reached ({first_line(text)}), so watchtracker "
            f"could not {doing}; nothing was changed. Check that the server is running and that this computer can reach it."
        )
    if state in ("40001", "40P01", "55P03"):
        from watchtracker.errors import DatabaseLocked

        return DatabaseLocked(
            f"Another computer was changing the same thing at the same moment, so watchtracker could not "
            f"{doing}; nothing was changed. Try again."
        )
    return None


def _unreachable_words(low: str) -> bool:
    return any(
        w in low
        for w in (
            "connection refused",
            "could not connect",
            "timeout expired",
            "timed out",
            "could not translate host name",
            "name or service not known",
            "server closed the connection",
            "connection is closed",
            "terminating connection",
            "the database system is starting up",
            "the database system is shutting down",
            "network is unreachable",
            "no route to host",
            "consuming input failed",
        )
    )


def first_line(text: str) -> str:
    """The first line of a driver's message, without libpq's prefixes, at most 200 characters."""
    line = text.strip().splitlines()[0] if text.strip() else "no answer"
    for prefix in ("connection failed: ", "FATAL:  ", "ERROR:  "):
        line = line.replace(prefix, "")
    return line.strip()[:200]


# -- opening -----------------------------------------------------------------------------------


def _identify(conn: Connection) -> tuple[str | None, set[str]]:
    tables = set(inspect(conn).get_table_names())
    revision = None
    if "alembic_version" in tables:
        revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    return revision, tables


def _refuse_unless_ours(location: ServerLocation, revision: str | None, tables: set[str]) -> None:
    others = tables - {"alembic_version"}
    if not others and revision is None:
        return
    where = location.display
    if not CORE_TABLES <= tables or revision is None:
        raise NotALibrary(
            f"The database {where} holds tables of another program ({', '.join(sorted(others)[:5])}), "
            "not a watchtracker library. It was left untouched. Give watchtracker a database of its own."
        )
    if revision not in SCHEMA_REVISIONS:
        raise DatabaseTooNew(
            f"The library {where} was written by a newer version of watchtracker (schema {revision}). "
            "This version cannot use it and has not changed it. Install the newer version here too."
        )


@dataclass(frozen=True)
class OpenedServer:
    engine: Engine
    location: ServerLocation
    read_only: bool = False
    notes: tuple[str, ...] = ()


def open_server_library(location: ServerLocation, *, migrate: bool = True) -> OpenedServer:
    """Connect to the library on the server, make it one (an empty database) or upgrade it (an
    older schema), and return its engine. Raises a StorageError for every way it can fail, having
    changed nothing."""
    engine = make_server_engine(location)
    try:
        with engine.connect() as conn:
            revision, tables = _identify(conn)
        _refuse_unless_ours(location, revision, tables)
        notes: list[str] = []
        read_only = False
        if migrate and revision != SCHEMA_REVISIONS[-1]:
            _upgrade(engine, location, revision)
            if revision is None:
                notes.append(f"A new library was started on the server ({location.display}).")
        elif not _can_write(engine):
            read_only = True
            log.warning("the role cannot write the library %s: opened read-only", location.display)
        return OpenedServer(engine, location, read_only, tuple(notes))
    except DBAPIError as exc:
        engine.dispose()
        explained = explain_server_error(exc, location, "open the library")
        if explained is None:
            raise
        raise explained from exc
    except BaseException:
        engine.dispose()
        raise


def _can_write(engine: Engine) -> bool:
    with engine.connect() as conn:
        return bool(
            conn.exec_driver_sql(
                "SELECT has_table_privilege('viewing', 'INSERT') AND has_table_privilege('viewing', 'DELETE') "
                "AND has_table_privilege('series', 'UPDATE')"
            ).scalar()
        )


def _upgrade(engine: Engine, location: ServerLocation, current: str | None) -> None:
    """The whole upgrade in one transaction, under a server-wide lock: a second computer starting
    meanwhile waits, then finds the schema current. A role that may not change the schema is told
    so before anything is tried."""
    from alembic import command

    from watchtracker.storage.database import alembic_config

    with engine.connect() as conn:
        may_create = conn.exec_driver_sql("SELECT has_schema_privilege(current_schema(), 'CREATE')").scalar()
    if not may_create:
        verb = "make a library in" if current is None else "upgrade the library's schema in"
        raise LibraryReadOnly(
            f"The role {location.url.username or ''} may not create tables in {location.display}, so "
            f"watchtracker cannot {verb} it; nothing was changed. Run watchtracker once as the "
            "database's owner (the README shows the roles), then use this role."
        )
    with engine.begin() as conn:
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({UPGRADE_LOCK})")
        revision, tables = _identify(conn)  # another computer may have done it meanwhile
        _refuse_unless_ours(location, revision, tables)
        if revision == SCHEMA_REVISIONS[-1]:
            return
        log.info("upgrading the library's schema on %s: %s -> %s", location.display, revision, SCHEMA_REVISIONS[-1])
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


@dataclass(frozen=True)
class Probe:
    """What ``probe`` found on a server, changing nothing: its version, and what the database
    holds — ``state`` one of "empty" (a new library will be made), "library" (at this version's
    schema), "older" (will be upgraded), with the number of series followed."""

    server_version: str
    state: str
    series: int = 0
    can_write: bool = True

    @property
    def summary(self) -> str:
        from watchtracker.domain.i18n import translate

        if self.state == "empty":
            text = translate(
                "Probe", "Connected to PostgreSQL {version}: an empty database, a new library will be made."
            )
        elif self.state == "older":
            text = translate(
                "Probe",
                "Connected to PostgreSQL {version}: a library of an older watchtracker ({count} series); "
                "it will be upgraded.",
            )
        else:
            text = translate("Probe", "Connected to PostgreSQL {version}: a watchtracker library with {count} series.")
        if not self.can_write:
            text += " " + translate("Probe", "This role can only read it.")
        return text.format(version=self.server_version, count=f"{self.series:,}")


def probe(location: ServerLocation) -> Probe:
    """Connect and look (*Test connection*): nothing is created or changed. Raises the same
    StorageErrors as opening (a wrong password, no database, another program's tables, a newer
    schema, unreachable)."""
    engine = make_server_engine(location, pool_size=1)
    try:
        with engine.connect() as conn:
            version = str(conn.exec_driver_sql("SHOW server_version").scalar() or "?").split(" ")[0]
            revision, tables = _identify(conn)
            _refuse_unless_ours(location, revision, tables)
            if revision is None:
                return Probe(version, "empty")
            series = int(conn.exec_driver_sql("SELECT count(*) FROM library_entry").scalar() or 0)
        state = "library" if revision == SCHEMA_REVISIONS[-1] else "older"
        return Probe(version, state, series, _can_write(engine))
    except DBAPIError as exc:
        explained = explain_server_error(exc, location, "connect")
        if explained is None:
            raise
        raise explained from exc
    finally:
        engine.dispose()
