"""The library server's password, kept in the system's keyring (the ``keyring`` package: the
Secret Service on Linux desktops, the macOS Keychain, the Windows Credential Locker), never in
the settings file. Where no keyring is available the password can live in PostgreSQL's own
``~/.pgpass``, which libpq reads by itself."""

from __future__ import annotations

import logging

from watchtracker.errors import StorageError
from watchtracker.storage.server import ServerLocation

log = logging.getLogger(__name__)

SERVICE = "watchtracker"


def account(location: ServerLocation) -> str:
    """The keyring's name for the password: user@host:port/database."""
    url = location.url
    return f"{url.username or ''}@{','.join(location.hosts)}:{url.port or 5432}/{url.database}"


def stored_password(location: ServerLocation) -> str | None:
    """The password kept for ``location``, or None (none kept, or no keyring to ask)."""
    try:
        import keyring

        return keyring.get_password(SERVICE, account(location))
    except Exception as exc:  # no backend, a locked or absent Secret Service: .pgpass may still help
        log.info("no password from the keyring for %s: %s", location.display, exc)
        return None


def store_password(location: ServerLocation, password: str) -> None:
    """Keep ``password`` for ``location`` in the system's keyring; StorageError when there is none."""
    try:
        import keyring

        keyring.set_password(SERVICE, account(location), password)
    except Exception as exc:
        log.warning("could not keep the password in the keyring: %s", exc)
        raise StorageError(
            "The password could not be kept: this system offers no keyring to keep it in "
            f"({type(exc).__name__}). Put it in ~/.pgpass instead (hostname:port:database:username:password)."
        ) from exc


def forget_password(location: ServerLocation) -> None:
    try:
        import keyring

        keyring.delete_password(SERVICE, account(location))
    except Exception as exc:  # none kept, or no keyring: nothing to forget
        log.info("no password forgotten for %s: %s", location.display, exc)


def with_kept_password(location: ServerLocation) -> ServerLocation:
    """``location`` with its password: the one given with it, else the keyring's; else none
    (libpq then reads ~/.pgpass or PGPASSWORD by itself)."""
    if location.password:
        return location
    return location.with_password(_SESSION.get(account(location)) or stored_password(location))


_SESSION: dict[str, str] = {}  # passwords given for this run only (not remembered, or no keyring)


def remember_for_session(location: ServerLocation, password: str) -> None:
    """Use ``password`` for ``location`` until watchtracker quits, keeping it nowhere."""
    _SESSION[account(location)] = password


# -- media servers' tokens and passwords ---------------------------------------------------------


def media_account(kind: str, url: str, user: str) -> str:
    """The keyring's name for a media server's token (or Kodi's password): the same on every
    computer that signs in to that server as that user."""
    return f"media-server:{kind}:{url.rstrip('/')}:{user}"


def media_secret(name: str) -> str | None:
    """The token kept under ``name`` (this run's first, then the keyring's), or None."""
    if name in _SESSION:
        return _SESSION[name]
    try:
        import keyring

        return keyring.get_password(SERVICE, name)
    except Exception as exc:  # no backend, a locked Secret Service
        log.info("no media server token from the keyring: %s", exc)
        return None


def store_media_secret(name: str, secret: str) -> bool:
    """Keep ``secret`` in the keyring; where there is none, for this run only. True when kept."""
    try:
        import keyring

        keyring.set_password(SERVICE, name, secret)
        _SESSION.pop(name, None)
        return True
    except Exception as exc:
        log.warning("no keyring to keep the media server's token in (%s): kept for this run only", exc)
        _SESSION[name] = secret
        return False


def media_secret_kept(name: str) -> bool:
    """Whether the token under ``name`` is in the keyring (kept across runs), not only this run's."""
    if name in _SESSION:
        return False
    try:
        import keyring

        return keyring.get_password(SERVICE, name) is not None
    except Exception:  # no keyring to ask
        return False


def forget_media_secret(name: str) -> None:
    _SESSION.pop(name, None)
    try:
        import keyring

        keyring.delete_password(SERVICE, name)
    except Exception as exc:  # none kept, or no keyring
        log.info("no media server token forgotten: %s", exc)
