"""Jellyfin and Emby: one client, two dialects (they share their origin and their payloads).

What differs, as the published API descriptions say (tests/fixtures/specs/SOURCES-jellyfin-emby.md):

- the sign-in header: Jellyfin ``Authorization: MediaBrowser Client=…, Token="…"``; Emby
  ``X-Emby-Authorization: Emby UserId=…, Client=…`` plus ``X-Emby-Token``;
- query names: Jellyfin camelCase, Emby PascalCase (written here in camelCase and turned);
- the paths: Jellyfin before 10.9 and Emby read ``/Users/{userId}/Items`` and mark with
  ``/Users/{userId}/PlayedItems/{id}``; Jellyfin 10.9 and later ``/Items?userId=`` and
  ``/UserPlayedItems/{id}?userId=``. The version comes from ``/System/Info/Public``.
- finding a user by name with an API key: Jellyfin ``GET /Users``, Emby ``GET /Users/Query``.

The payloads (``Items``, ``UserData``, ``ProviderIds``, ``IndexNumber`` …) are the same.
"""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote

import httpx

from watchtracker import __version__
from watchtracker.domain.media import ServerEpisode, ServerIdentity, ServerShow, ServerSnapshot, SignedIn
from watchtracker.domain.transfer import ExternalIds
from watchtracker.errors import BadResponse, NotFoundOnline, SignInRefused
from watchtracker.providers.media import BREATHE_EVERY, Progress, ServerAccess
from watchtracker.providers.media.http import ServerHttp, shape_error

PAGE_SIZE = 1000  # played episodes per request
IDS_PER_REQUEST = 100  # ids= in one request: keeps the URL short
CLIENT_NAME = "watchtracker"
NEW_PATHS_FROM = (10, 9)  # Jellyfin 10.9 moved /Users/{id}/Items to /Items?userId=


def _version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for piece in str(text or "").split("."):
        digits = re.match(r"\d+", piece)
        if not digits:
            break
        parts.append(int(digits.group()))
    return tuple(parts)


class JellyfinClient:
    """A Jellyfin (``access.kind == "jellyfin"``) or Emby (``"emby"``) server, for one user."""

    def __init__(
        self,
        access: ServerAccess,
        *,
        transport: httpx.BaseTransport | None = None,
        cancel: threading.Event | None = None,
        page_size: int | None = None,
    ):
        if access.kind not in ("jellyfin", "emby"):
            raise ValueError(f"JellyfinClient cannot speak to {access.kind!r}")
        self.access = access
        self.emby = access.kind == "emby"
        self.what = f"{'Emby' if self.emby else 'Jellyfin'} at {access.url.rstrip('/')}"
        self.page_size = max(1, page_size or PAGE_SIZE)
        self._token = access.token
        self._user_id = access.user_id
        self._version: tuple[int, ...] | None = None
        self._device = socket.gethostname() or "computer"
        self._http = ServerHttp(access.url, self.what, transport=transport, cancel=cancel)

    @property
    def requests_sent(self) -> int:
        return self._http.requests_sent

    def close(self) -> None:
        self._http.close()

    # -- speaking to it ----------------------------------------------------------------------------

    def auth_headers(self) -> dict[str, str]:
        """The sign-in header(s) every request carries (the WebSocket's too)."""
        return self._headers()

    def _headers(self) -> dict[str, str]:
        fields = {
            "Client": CLIENT_NAME,
            "Device": self._device,
            "DeviceId": self.access.device_id,
            "Version": __version__,
        }
        if self.emby:
            text = ", ".join(f'{k}="{quote(v, safe="")}"' for k, v in {"UserId": self._user_id, **fields}.items())
            headers = {"X-Emby-Authorization": f"Emby {text}"}
            if self._token:
                headers["X-Emby-Token"] = self._token
            return headers
        text = ", ".join(f'{k}="{quote(v, safe="")}"' for k, v in {**fields, "Token": self._token}.items())
        return {"Authorization": f"MediaBrowser {text}"}

    def _query(self, params: dict[str, Any]) -> dict[str, Any]:
        """Query names as the dialect spells them, values as text."""
        out: dict[str, Any] = {}
        for name, value in params.items():
            if value is None:
                continue
            key = name[0].upper() + name[1:] if self.emby else name
            out[key] = ("true" if value else "false") if isinstance(value, bool) else value
        return out

    def _call(self, method: str, path: str, params: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        return self._http.call(method, path, params=self._query(params or {}), headers=self._headers(), **kwargs)

    def _object(self, data: Any, what: str) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise shape_error(self.what, f"{what} is not an object")
        return data

    # -- who -----------------------------------------------------------------------------------------

    def identify(self) -> ServerIdentity:
        info = self._object(self._call("GET", "/System/Info/Public"), "its public system information")
        version = str(info.get("Version") or "")
        self._version = _version_tuple(version)
        return ServerIdentity(
            name=str(info.get("ServerName") or ""), version=version, server_id=str(info.get("Id") or "")
        )

    def sign_in(self) -> SignedIn:
        access = self.access
        if access.user and access.password:
            self._token = ""
            data = self._object(
                self._call("POST", "/Users/AuthenticateByName", body={"Username": access.user, "Pw": access.password}),
                "the sign-in answer",
            )
            token, user = data.get("AccessToken"), data.get("User")
            if not isinstance(token, str) or not token or not isinstance(user, dict) or not user.get("Id"):
                raise shape_error(self.what, "the sign-in answer has no token or user")
            self._token, self._user_id = token, str(user["Id"])
            return SignedIn(token=token, user_id=self._user_id, user_name=str(user.get("Name") or access.user))
        if not self._token:
            raise SignInRefused(f"{self.what}: give a user name and password, or an API key, to sign in.")
        if self._user_id:
            try:
                user = self._object(self._call("GET", f"/Users/{quote(self._user_id, safe='')}"), "the user")
            except NotFoundOnline:
                raise SignInRefused(f"{self.what} has no user with the id {self._user_id} any more.") from None
            return SignedIn(
                token=self._token, user_id=str(user.get("Id") or self._user_id), user_name=str(user.get("Name") or "")
            )
        if access.user:
            found = self._user_named(access.user)
            self._user_id = str(found["Id"])
            return SignedIn(token=self._token, user_id=self._user_id, user_name=str(found.get("Name") or access.user))
        if self.emby:
            raise SignInRefused(f"{self.what}: with an API key, give the user name whose plays to read.")
        try:
            user = self._object(self._call("GET", "/Users/Me"), "the user")
        except (BadResponse, NotFoundOnline):  # an API key is nobody: Jellyfin answers 400
            raise SignInRefused(f"{self.what}: with an API key, give the user name whose plays to read.") from None
        if not user.get("Id"):
            raise shape_error(self.what, "the user has no id")
        self._user_id = str(user["Id"])
        return SignedIn(token=self._token, user_id=self._user_id, user_name=str(user.get("Name") or ""))

    def _user_named(self, name: str) -> dict[str, Any]:
        if self.emby:
            data = self._object(self._call("GET", "/Users/Query"), "the list of users")
            users = data.get("Items")
        else:
            users = self._call("GET", "/Users")
        if not isinstance(users, list):
            raise shape_error(self.what, "the list of users is not a list")
        for user in users:
            if isinstance(user, dict) and str(user.get("Name") or "").casefold() == name.casefold() and user.get("Id"):
                return user
        raise SignInRefused(f"{self.what} has no user named {name!r}.")

    def _user(self) -> str:
        if not self._user_id:
            self.sign_in()
        return self._user_id

    def _legacy_paths(self) -> bool:
        if self.emby:
            return True
        if self._version is None:
            self.identify()
        version = self._version or ()
        return bool(version) and version < NEW_PATHS_FROM

    # -- reading ---------------------------------------------------------------------------------------

    def _items(self, params: dict[str, Any]) -> dict[str, Any]:
        user = self._user()
        if self._legacy_paths():
            data = self._call("GET", f"/Users/{quote(user, safe='')}/Items", params)
        else:
            data = self._call("GET", "/Items", {"userId": user, **params})
        page = self._object(data, "the list of items")
        if not isinstance(page.get("Items"), list):
            raise shape_error(self.what, "Items is not a list")
        if not all(isinstance(item, dict) for item in page["Items"]):
            raise shape_error(self.what, "an item is not an object")
        total = page.get("TotalRecordCount")
        if total is not None and (not isinstance(total, int) or isinstance(total, bool)):
            raise shape_error(self.what, "TotalRecordCount is not a number")
        return page

    def _by_ids(self, ids: list[str], params: dict[str, Any]) -> Iterator[dict[str, Any]]:
        for start in range(0, len(ids), IDS_PER_REQUEST):
            chunk = ids[start : start + IDS_PER_REQUEST]
            yield from self._items({"ids": ",".join(chunk), **params})["Items"]

    def played(self, progress: Progress | None = None) -> ServerSnapshot:
        params = {
            "includeItemTypes": "Episode",
            "recursive": True,
            "filters": "IsPlayed",
            "fields": "ProviderIds",
            "enableUserData": True,
            "enableImages": False,
        }
        seen: dict[str, dict[str, Any]] = {}
        start, total = 0, None
        while total is None or start < total:
            page = self._items({**params, "startIndex": start, "limit": self.page_size})
            items = page["Items"]
            total = page.get("TotalRecordCount")
            if total is None:  # not counted: read until a short page
                total = start + len(items) + (1 if len(items) >= self.page_size else 0)
            for item in items:
                key = item.get("Id")
                if isinstance(key, str) and key:
                    seen.setdefault(key, item)
            start += len(items)
            if progress is not None:
                progress(min(start, total), total)
            if not items:
                break
        episodes: list[ServerEpisode] = []
        skipped: list[str] = []
        names: dict[str, str] = {}
        for i, item in enumerate(seen.values(), 1):
            if progress is not None and i % BREATHE_EVERY == 0:
                progress(len(seen), len(seen))  # also where a window gets the interpreter back (services.pace)
            episode = self._episode(item)
            if isinstance(episode, str):
                skipped.append(episode)
                continue
            episodes.append(episode)
            names.setdefault(episode.show_key, str(item.get("SeriesName") or ""))
        shows = self._shows(list(names), names)
        return ServerSnapshot(shows=shows, episodes=tuple(episodes), complete=True, skipped=tuple(skipped))

    def _shows(self, keys: list[str], names: dict[str, str]) -> dict[str, ServerShow]:
        shows: dict[str, ServerShow] = {}
        for item in self._by_ids(keys, {"fields": "ProviderIds", "enableImages": False}):
            key = item.get("Id")
            if not isinstance(key, str) or key not in names:
                continue
            year = item.get("ProductionYear")
            shows[key] = ServerShow(
                key=key,
                title=str(item.get("Name") or names[key]),
                year=year if isinstance(year, int) and not isinstance(year, bool) and year > 0 else None,
                ids=parse_provider_ids(item.get("ProviderIds")),
            )
        for key, name in names.items():  # a series the server did not return: what its episodes say
            shows.setdefault(key, ServerShow(key=key, title=name))
        return shows

    def _episode(self, item: dict[str, Any]) -> ServerEpisode | str:
        name = f"{item.get('SeriesName') or '?'} {item.get('Name') or item.get('Id')!s}".strip()
        if item.get("Type") not in (None, "Episode"):
            return f"{name}: a {item.get('Type')}, not an episode"
        series, number = item.get("SeriesId"), _int(item.get("IndexNumber"))
        if not isinstance(series, str) or not series:
            return f"{name}: not in a series"
        if number is None:
            return f"{name}: no episode number"
        data = item.get("UserData")
        if data is not None and not isinstance(data, dict):
            raise shape_error(self.what, "UserData is not an object")
        data = data or {}
        count = _int(data.get("PlayCount"))
        return ServerEpisode(
            key=str(item["Id"]),
            show_key=series,
            season=_int(item.get("ParentIndexNumber")),
            number=number,
            played=data.get("Played") is True,
            play_count=max(0, count or 0),
            last_played=parse_time(data.get("LastPlayedDate")),
            title=str(item.get("Name") or ""),
            aired=_date(item.get("PremiereDate")),
            number_end=_int(item.get("IndexNumberEnd")),
        )

    def episodes(self, keys: list[str]) -> list[ServerEpisode]:
        wanted = list(dict.fromkeys(k for k in keys if k))
        out: list[ServerEpisode] = []
        for item in self._by_ids(wanted, {"enableUserData": True, "enableImages": False}):
            episode = self._episode(item)
            if not isinstance(episode, str) and episode.key in wanted:
                out.append(episode)
        return out

    def episode_key(self, show_key: str, season: int, number: int) -> str | None:
        # The items of the series in that season (not /Shows/{id}/Episodes: Emby does not describe its answer).
        # Not filtered by number: a double episode (IndexNumberEnd) covers the numbers after its own.
        params = {"parentId": show_key, "recursive": True, "includeItemTypes": "Episode", "parentIndexNumber": season}
        try:
            items = self._items({**params, "enableUserData": False, "enableImages": False})["Items"]
        except NotFoundOnline:
            return None
        for item in items:
            if not isinstance(item, dict) or _int(item.get("ParentIndexNumber")) not in (season, None):
                continue
            first, last = _int(item.get("IndexNumber")), _int(item.get("IndexNumberEnd"))
            if first is not None and (first == number or (last is not None and first <= number <= last)):
                return str(item.get("Id"))
        return None

    # -- writing ---------------------------------------------------------------------------------------

    def _played_path(self, key: str) -> tuple[str, dict[str, Any]]:
        user = self._user()
        if self._legacy_paths():
            return f"/Users/{quote(user, safe='')}/PlayedItems/{quote(key, safe='')}", {}
        return f"/UserPlayedItems/{quote(key, safe='')}", {"userId": user}

    def mark_played(self, key: str, when: datetime) -> None:
        path, params = self._played_path(key)
        stamp = (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self._call("POST", path, {**params, "datePlayed": stamp}, expect_json=False)

    def mark_unplayed(self, key: str) -> None:
        path, params = self._played_path(key)
        self._call("DELETE", path, params, expect_json=False)


# -- reading the payloads ------------------------------------------------------------------------------


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


_TIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$",
    re.IGNORECASE,
)


def parse_time(value: Any) -> datetime | None:
    """An ISO time as the servers write it (Jellyfin: 7 fractional digits, "Z") as aware UTC;
    None for nothing, junk, or the .NET "no date" (year 1)."""
    if not isinstance(value, str):
        return None
    found = _TIME.match(value.strip())
    if not found:
        return None
    year, month, day, hour, minute, second, fraction, zone = found.groups()
    if int(year) <= 1:
        return None
    try:
        micro = int((fraction or "0")[:6].ljust(6, "0"))
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0), micro)
        if zone and zone.upper() != "Z":
            sign = 1 if zone[0] == "+" else -1
            digits = zone[1:].replace(":", "")
            offset = int(digits[:2]) * 60 + int(digits[2:4] or 0)
            return moment.replace(tzinfo=timezone(sign * timedelta(minutes=offset))).astimezone(UTC)
        return moment.replace(tzinfo=UTC)
    except ValueError:
        return None


def _date(value: Any) -> date | None:
    moment = parse_time(value)
    if moment is not None:
        return moment.date()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _positive(value: Any) -> int | None:
    text = str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
    return int(text) if text.isdigit() and 0 < int(text) < 2**31 else None


def parse_provider_ids(raw: Any) -> ExternalIds:
    """``ProviderIds`` ({"Tvdb": "81189", "Imdb": "tt0903747", ...}) as ``ExternalIds``; names in
    any case, junk values left out."""
    if not isinstance(raw, dict):
        return ExternalIds()
    found = {str(k).strip().casefold(): v for k, v in raw.items() if v not in (None, "")}
    imdb = found.get("imdb")
    imdb_id = None
    if isinstance(imdb, str):
        match = re.fullmatch(r"tt0*(\d{1,10})", imdb.strip().lower())
        if match and int(match.group(1)) > 0:
            imdb_id = imdb.strip().lower()
    return ExternalIds(
        tvmaze=_positive(found.get("tvmaze")),
        thetvdb=_positive(found.get("tvdb")),
        imdb=imdb_id,
        tmdb=_positive(found.get("tmdb")),
    )
