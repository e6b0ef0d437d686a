"""Plex Media Server: what the token's user played, and marking played/unplayed there.

Follows the Plex Media Server API as described in LukeHagar/plex-api-spec (vendored cut:
tests/fixtures/specs/plex-api-spec.json): ``X-Plex-Token`` on every request, JSON asked for with
``Accept``, shows read with ``includeGuids=1`` (their TheTVDB/IMDb/TMDB ids), episodes paged with
``X-Plex-Container-Start``/``X-Plex-Container-Size``. Unplayed items carry no ``viewCount``.
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from typing import Any

import httpx

from watchtracker import __version__
from watchtracker.domain.media import ServerEpisode, ServerIdentity, ServerShow, ServerSnapshot, SignedIn
from watchtracker.domain.transfer import ExternalIds
from watchtracker.errors import NotFoundOnline
from watchtracker.providers.media import BREATHE_EVERY, Progress, ServerAccess
from watchtracker.providers.media.http import ServerHttp, shape_error

PAGE_SIZE = 1000
KEYS_PER_REQUEST = 100  # /library/metadata/{k1,k2,...}: keeps the address short
TYPE_SHOW, TYPE_EPISODE = 2, 4
LIBRARY = "com.plexapp.plugins.library"


class PlexClient:
    def __init__(
        self,
        access: ServerAccess,
        *,
        transport: httpx.BaseTransport | None = None,
        cancel: threading.Event | None = None,
        page_size: int | None = None,
    ):
        self.access = access
        self.what = f"Plex at {access.url.rstrip('/')}"
        self.page_size = page_size or PAGE_SIZE
        self._http = ServerHttp(
            access.url,
            self.what,
            headers={
                "X-Plex-Token": access.token,
                "X-Plex-Client-Identifier": access.device_id,
                "X-Plex-Product": "watchtracker",
                "X-Plex-Version": __version__,
                "Accept": "application/json",
            },
            transport=transport,
            cancel=cancel,
        )

    @property
    def requests_sent(self) -> int:
        return self._http.requests_sent

    def close(self) -> None:
        self._http.close()

    # -- who --------------------------------------------------------------------------------------

    def identify(self) -> ServerIdentity:
        container = self._container(self._http.call("GET", "/identity"), "/identity")
        return ServerIdentity(
            name="Plex",
            version=str(container.get("version") or ""),
            server_id=str(container.get("machineIdentifier") or ""),
        )

    def sign_in(self) -> SignedIn:
        """A Plex token is checked by using it: a 401 is SignInRefused (from ServerHttp)."""
        self._sections()
        return SignedIn(token=self.access.token)

    # -- reading ----------------------------------------------------------------------------------

    def played(self, progress: Progress | None = None) -> ServerSnapshot:
        shows: dict[str, ServerShow] = {}
        episodes: list[ServerEpisode] = []
        skipped: list[str] = []
        read = 0
        for section in self._sections():
            for item in self._paged(f"/library/sections/{section}/all", {"type": TYPE_SHOW, "includeGuids": 1}):
                show = _show(item, self.what)
                shows[show.key] = show
            for item in self._paged(f"/library/sections/{section}/all", {"type": TYPE_EPISODE}, progress, read):
                read += 1
                if progress is not None and read % BREATHE_EVERY == 0:
                    progress(read, 0)  # also where a window gets the interpreter back (services.pace)
                if not item.get("viewCount"):
                    continue
                episode = _episode(item, self.what)
                if episode.season is None or episode.number is None:
                    skipped.append(
                        f"{item.get('grandparentTitle') or '?'}: {episode.title or episode.key} (no numbers)"
                    )
                    continue
                episodes.append(episode)
        return ServerSnapshot(shows=shows, episodes=tuple(episodes), complete=True, skipped=tuple(skipped))

    def episodes(self, keys: list[str]) -> list[ServerEpisode]:
        found: list[ServerEpisode] = []
        for start in range(0, len(keys), KEYS_PER_REQUEST):
            chunk = keys[start : start + KEYS_PER_REQUEST]
            path = "/library/metadata/" + ",".join(chunk)
            try:
                data = self._http.call("GET", path)
            except NotFoundOnline:
                if len(chunk) == 1:
                    continue  # deleted on the server
                found.extend(self.episodes(chunk[:1]) + self.episodes(chunk[1:]))
                continue
            for item in self._metadata(data, path):
                if item.get("type") == "episode":
                    found.append(_episode(item, self.what))
        return found

    def episode_key(self, show_key: str, season: int, number: int) -> str | None:
        path = f"/library/metadata/{show_key}/allLeaves"
        try:
            items = self._metadata(self._http.call("GET", path), path)
        except NotFoundOnline:
            return None
        for item in items:
            if item.get("parentIndex") == season and item.get("index") == number:
                return str(item.get("ratingKey"))
        return None

    # -- writing ----------------------------------------------------------------------------------

    def mark_played(self, key: str, when: datetime) -> None:
        """Plex's scrobble takes no date: the server records the time it is asked."""
        self._http.call("PUT", "/:/scrobble", params={"identifier": LIBRARY, "key": key}, expect_json=False)

    def mark_unplayed(self, key: str) -> None:
        self._http.call("PUT", "/:/unscrobble", params={"identifier": LIBRARY, "key": key}, expect_json=False)

    # -- helpers ----------------------------------------------------------------------------------

    def _sections(self) -> list[str]:
        container = self._container(self._http.call("GET", "/library/sections/all"), "/library/sections/all")
        directories = container.get("Directory") or []
        if not isinstance(directories, list):
            raise shape_error(self.what, "Directory is not a list")
        return [str(d["key"]) for d in directories if isinstance(d, dict) and d.get("type") == "show" and "key" in d]

    def _paged(self, path: str, query: dict[str, Any], progress: Progress | None = None, before: int = 0):
        start = 0
        while True:
            params = {**query, "X-Plex-Container-Start": start, "X-Plex-Container-Size": self.page_size}
            data = self._http.call("GET", path, params=params)
            container = self._container(data, path)
            items = self._metadata(data, path)
            total = container.get("totalSize")
            total = total if isinstance(total, int) else 0
            yield from items
            start += len(items)
            if progress is not None:
                progress(before + start, before + total)
            if not items or len(items) < self.page_size or (total and start >= total):
                return

    def _container(self, data: Any, path: str) -> dict:
        if not isinstance(data, dict) or not isinstance(data.get("MediaContainer"), dict):
            raise shape_error(self.what, f"{path} has no MediaContainer")
        return data["MediaContainer"]

    def _metadata(self, data: Any, path: str) -> list[dict]:
        items = self._container(data, path).get("Metadata") or []
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise shape_error(self.what, f"{path}: Metadata is not a list of items")
        return items


def _show(item: dict, what: str) -> ServerShow:
    if "ratingKey" not in item:
        raise shape_error(what, "a show without ratingKey")
    year = item.get("year")
    return ServerShow(
        key=str(item["ratingKey"]),
        title=str(item.get("title") or ""),
        year=year if isinstance(year, int) else None,
        ids=external_ids(item.get("Guid") or []),
    )


def external_ids(guids: list) -> ExternalIds:
    """Plex's ``Guid`` list (``imdb://tt…``, ``tvdb://123``, ``tmdb://456``) as ExternalIds."""
    values: dict[str, Any] = {}
    for guid in guids:
        text = str(guid.get("id") or "") if isinstance(guid, dict) else ""
        scheme, _, rest = text.partition("://")
        if not rest:
            continue
        if scheme == "imdb" and rest.startswith("tt"):
            values["imdb"] = rest
        elif scheme == "tvdb" and rest.isdigit():
            values["thetvdb"] = int(rest)
        elif scheme == "tmdb" and rest.isdigit():
            values["tmdb"] = int(rest)
    return ExternalIds(**values)


def _episode(item: dict, what: str) -> ServerEpisode:
    if "ratingKey" not in item:
        raise shape_error(what, "an episode without ratingKey")
    count = item.get("viewCount")
    count = count if isinstance(count, int) else 0
    seen = item.get("lastViewedAt")
    season, number = item.get("parentIndex"), item.get("index")
    return ServerEpisode(
        key=str(item["ratingKey"]),
        show_key=str(item.get("grandparentRatingKey") or ""),
        season=season if isinstance(season, int) else None,
        number=number if isinstance(number, int) else None,
        played=count >= 1,
        play_count=count,
        last_played=datetime.fromtimestamp(seen, UTC) if isinstance(seen, int) and seen > 0 else None,
        title=str(item.get("title") or ""),
        aired=_day(item.get("originallyAvailableAt")),
    )


def _day(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
