"""Kodi: what its (current profile's) library says was played, over JSON-RPC 2.0 on HTTP.

Follows Kodi's own JSON-RPC description (methods.json/types.json; vendored cut:
tests/fixtures/specs/kodi-jsonrpc.json): ``POST /jsonrpc`` with HTTP Basic auth, episodes read
with ``VideoLibrary.GetEpisodes`` and a ``playcount > 0`` filter, paged with ``limits``.
Kodi's ids (tvshowid, episodeid) are local to its database.
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from typing import Any

import httpx

from watchtracker.domain.media import ServerEpisode, ServerIdentity, ServerShow, ServerSnapshot, SignedIn
from watchtracker.domain.transfer import ExternalIds
from watchtracker.errors import BadResponse, SignInRefused
from watchtracker.providers.media import BREATHE_EVERY, Progress, ServerAccess
from watchtracker.providers.media.http import ServerHttp, shape_error

PAGE_SIZE = 1000
EPISODE_FIELDS = ["title", "season", "episode", "playcount", "lastplayed", "tvshowid", "firstaired", "uniqueid"]
SHOW_FIELDS = ["title", "year", "uniqueid"]
PLAYED = {"field": "playcount", "operator": "greaterthan", "value": "0"}
NO_PERMISSION = -32099  # Kodi's "Bad client permission" (its JSON-RPC BadPermission code)
INVALID_PARAMS = -32602


class KodiClient:
    def __init__(
        self,
        access: ServerAccess,
        *,
        transport: httpx.BaseTransport | None = None,
        cancel: threading.Event | None = None,
        page_size: int | None = None,
    ):
        self.access = access
        self.what = f"Kodi at {access.url.rstrip('/')}"
        self.page_size = page_size or PAGE_SIZE
        auth = (access.user, access.password) if access.user or access.password else None
        self._http = ServerHttp(access.url, self.what, auth=auth, transport=transport, cancel=cancel)
        self._next_id = 0

    @property
    def requests_sent(self) -> int:
        return self._http.requests_sent

    def close(self) -> None:
        self._http.close()

    def rpc(self, method: str, params: dict[str, Any] | None = None) -> Any:
        """The ``result`` of one JSON-RPC call; its ``error`` as a plain error."""
        self._next_id += 1
        body = {"jsonrpc": "2.0", "method": method, "params": params or {}, "id": self._next_id}
        answer = self._http.call("POST", "/jsonrpc", body=body)
        if not isinstance(answer, dict):
            raise shape_error(self.what, f"{method}: not a JSON-RPC answer")
        error = answer.get("error")
        if error is not None:
            code = error.get("code") if isinstance(error, dict) else None
            message = str(error.get("message") or "") if isinstance(error, dict) else str(error)
            if code == NO_PERMISSION or "permission" in message.lower():
                raise SignInRefused(f"{self.what} refused {method}: {message or 'no permission'}.")
            raise KodiError(f"{self.what} answered {method} with an error: {message or code}.", code)
        if "result" not in answer:
            raise shape_error(self.what, f"{method}: no result")
        return answer["result"]

    # -- who --------------------------------------------------------------------------------------

    def identify(self) -> ServerIdentity:
        version = self.rpc("JSONRPC.Version")
        api = version.get("version", {}) if isinstance(version, dict) else {}
        name, app_version = "Kodi", ""
        try:
            props = self.rpc("Application.GetProperties", {"properties": ["name", "version"]})
        except KodiError:
            props = {}
        if isinstance(props, dict):
            name = str(props.get("name") or name)
            v = props.get("version")
            if isinstance(v, dict) and "major" in v:
                app_version = f"{v.get('major')}.{v.get('minor')}"
        if not app_version and isinstance(api, dict):
            app_version = f"JSON-RPC {api.get('major')}.{api.get('minor')}.{api.get('patch')}"
        return ServerIdentity(name=name, version=app_version)

    def sign_in(self) -> SignedIn:
        self.rpc("JSONRPC.Version")
        return SignedIn(token="", user_name=self.access.user)

    # -- reading ----------------------------------------------------------------------------------

    def played(self, progress: Progress | None = None) -> ServerSnapshot:
        shows: dict[str, ServerShow] = {}
        for item in self._paged("VideoLibrary.GetTVShows", "tvshows", {"properties": SHOW_FIELDS}):
            year = item.get("year")
            if not isinstance(item.get("tvshowid"), int):
                continue  # not a show we could find its episodes by
            key = str(item["tvshowid"])
            shows[key] = ServerShow(
                key=key,
                title=str(item.get("title") or item.get("label") or ""),
                year=year if isinstance(year, int) and year > 0 else None,
                ids=external_ids(item.get("uniqueid") or {}),
            )
        episodes: list[ServerEpisode] = []
        skipped: list[str] = []
        params = {"properties": EPISODE_FIELDS, "filter": PLAYED}
        for i, item in enumerate(self._paged("VideoLibrary.GetEpisodes", "episodes", params, progress), 1):
            if progress is not None and i % BREATHE_EVERY == 0:
                progress(i, 0)  # also where a window gets the interpreter back (services.pace)
            if "episodeid" not in item:
                skipped.append(f"{item.get('title') or '?'}: an episode without an id")
                continue
            episode = self._episode(item)
            if not episode.played:
                continue
            if episode.season is None or episode.number is None:
                skipped.append(f"{episode.title or episode.key}: no season or episode number")
                continue
            episodes.append(episode)
        return ServerSnapshot(shows=shows, episodes=tuple(episodes), complete=True, skipped=tuple(skipped))

    def episodes(self, keys: list[str]) -> list[ServerEpisode]:
        found = []
        for key in keys:
            if not key.isdigit():
                continue
            try:
                result = self.rpc(
                    "VideoLibrary.GetEpisodeDetails", {"episodeid": int(key), "properties": EPISODE_FIELDS}
                )
            except KodiError:
                continue  # Kodi answers a missing id with an error: deleted there
            details = result.get("episodedetails") if isinstance(result, dict) else None
            if isinstance(details, dict):
                found.append(self._episode(details))
        return found

    def episode_key(self, show_key: str, season: int, number: int) -> str | None:
        if not show_key.isdigit():
            return None
        params = {"tvshowid": int(show_key), "season": season, "properties": ["season", "episode"]}
        for item in self._paged("VideoLibrary.GetEpisodes", "episodes", params):
            if item.get("season") == season and item.get("episode") == number and item.get("episodeid") is not None:
                return str(item["episodeid"])
        return None

    # -- writing ----------------------------------------------------------------------------------

    def mark_played(self, key: str, when: datetime) -> None:
        result = self.rpc("VideoLibrary.GetEpisodeDetails", {"episodeid": int(key), "properties": ["playcount"]})
        details = result.get("episodedetails") if isinstance(result, dict) else None
        count = details.get("playcount") if isinstance(details, dict) else 0
        count = count if isinstance(count, int) else 0
        self.rpc(
            "VideoLibrary.SetEpisodeDetails",
            {"episodeid": int(key), "playcount": max(1, count + 1), "lastplayed": kodi_time(when)},
        )

    def mark_unplayed(self, key: str) -> None:
        self.rpc("VideoLibrary.SetEpisodeDetails", {"episodeid": int(key), "playcount": 0, "lastplayed": ""})

    # -- helpers ----------------------------------------------------------------------------------

    def _paged(self, method: str, field: str, params: dict[str, Any], progress: Progress | None = None):
        start = 0
        while True:
            result = self.rpc(method, {**params, "limits": {"start": start, "end": start + self.page_size}})
            if not isinstance(result, dict):
                raise shape_error(self.what, f"{method}: result is not an object")
            items = result.get(field) or []
            if not isinstance(items, list):
                raise shape_error(self.what, f"{method}: {field} is not a list")
            limits = result.get("limits")
            total_value = limits.get("total") if isinstance(limits, dict) else None
            total = total_value if isinstance(total_value, int) else 0
            yield from (item for item in items if isinstance(item, dict))  # anything else is not an item
            start += len(items)
            if progress is not None:
                progress(start, total)
            if not items or start >= total:
                return

    def _episode(self, item: dict) -> ServerEpisode:
        if "episodeid" not in item:
            raise shape_error(self.what, "an episode without episodeid")
        count = item.get("playcount")
        count = count if isinstance(count, int) else 0
        season, number = item.get("season"), item.get("episode")
        return ServerEpisode(
            key=str(item["episodeid"]),
            show_key=str(item.get("tvshowid") or ""),
            season=season if isinstance(season, int) and season >= 0 else None,
            number=number if isinstance(number, int) and number > 0 else None,
            played=count >= 1,
            play_count=count,
            last_played=parse_kodi_time(item.get("lastplayed")),
            title=str(item.get("title") or item.get("label") or ""),
            aired=_day(item.get("firstaired")),
        )


class KodiError(BadResponse):
    """A JSON-RPC error object in Kodi's answer."""

    def __init__(self, message: str, code: Any = None):
        super().__init__(message)
        self.code = code


def external_ids(unique: Any) -> ExternalIds:
    """Kodi's ``uniqueid`` map (``{"tvdb": "…", "imdb": "tt…", "tmdb": "…", "tvmaze": "…"}``)."""
    if not isinstance(unique, dict):
        return ExternalIds()
    values: dict[str, Any] = {}
    lowered = {str(k).lower(): str(v) for k, v in unique.items() if v}
    for name, field in (("tvdb", "thetvdb"), ("tmdb", "tmdb"), ("tvmaze", "tvmaze")):
        text = lowered.get(name, "")
        if text.isdigit():
            values[field] = int(text)
    imdb = lowered.get("imdb", "")
    if imdb.startswith("tt"):
        values["imdb"] = imdb
    return ExternalIds(**values)


def parse_kodi_time(value: Any) -> datetime | None:
    """Kodi's ``lastplayed`` ("YYYY-MM-DD HH:MM:SS", "" when never) as aware UTC.

    Kodi writes it in the local time of the machine it runs on, and says nothing of the zone; we
    take this machine's local zone (the usual case: Kodi on the same home network, same zone)."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        local = datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return local.astimezone().astimezone(UTC)  # naive -> this machine's local zone -> UTC


def kodi_time(when: datetime) -> str:
    """The reverse of ``parse_kodi_time``: an aware time as Kodi's local "YYYY-MM-DD HH:MM:SS"."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _day(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
