"""A stand-in Jellyfin (10.8 or 10.9+) or Emby server on pytest-httpserver, for the client's tests.

It follows the published API descriptions (tests/fixtures/specs/jellyfin-*.json, emby-*.json):
every payload is built by the small factories below, and every exchange is recorded
(``exchanges``) so a test can check both the client's requests and the stand-in's answers against
the description (``check_all``). State lives in the object (users, series, episodes with each
user's data) and is read by the handler on every request, so a change made by a test is seen by
the next request.

Faults to inject: ``fail_next(n, status)``, ``truncate_next()``, ``slow_next(seconds)``,
``wrong_shape_next(payload)``. Answers made by a fault are marked and left out of the checks.
"""

from __future__ import annotations

import itertools
import json
import re
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import unquote

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.media import openapi_check

SPECS = {
    ("jellyfin", (10, 8)): "jellyfin-openapi-10.8.13",
    ("jellyfin", (10, 11)): "jellyfin-openapi-10.11.11",
    ("jellyfin", (12, 0)): "jellyfin-openapi-12.0.0",
    ("emby", (4, 8)): "emby-openapi-4.8.11.0",
}
DEFAULT_VERSION = {"jellyfin": "10.11.11", "emby": "4.8.11.0"}
SERVER_ID = "f0c3b5a1d2e94a7b8c6d5e4f3a2b1c0d"


def jellyfin_time(moment: datetime) -> str:
    """As Jellyfin and Emby write times: UTC, 7 fractional digits, "Z"."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f") + "0Z"


@dataclass
class Series:
    id: str
    name: str
    year: int | None = None
    provider_ids: dict[str, str] = field(default_factory=dict)


@dataclass
class UserData:
    played: bool = False
    play_count: int = 0
    last_played: datetime | None = None
    written: str | None = None  # LastPlayedDate exactly as to be written (else from last_played)


@dataclass
class Episode:
    id: str
    series: Series
    season: int | None
    number: int | None
    name: str = ""
    number_end: int | None = None
    premiere: date | None = None
    data: dict[str, UserData] = field(default_factory=dict)  # by user id


@dataclass
class User:
    id: str
    name: str
    password: str


@dataclass
class Exchange:
    method: str
    path: str
    query: dict[str, str]
    body: Any
    headers: dict[str, str]
    status: int
    answer: Any  # the JSON answered, or None
    fault: bool = False


class BadRequest(Exception):
    def __init__(self, status: int, text: str = ""):
        self.status, self.text = status, text


class JellyfinStandin:
    """A Jellyfin or Emby (``kind``) server of ``version`` answering on ``httpserver``."""

    def __init__(self, httpserver: HTTPServer, *, kind: str = "jellyfin", version: str | None = None):
        self.server = httpserver
        self.kind = kind
        self.emby = kind == "emby"
        self.version = version or DEFAULT_VERSION[kind]
        numbers = tuple(int(p) for p in self.version.split(".")[:2])
        self.legacy = self.emby or numbers < (10, 9)
        self.spec_name = SPECS[(kind, numbers if (kind, numbers) in SPECS else (10, 11))]
        self.users: dict[str, User] = {}
        self.tokens: dict[str, str | None] = {}  # token -> user id; None: an API key
        self.series: dict[str, Series] = {}
        self.episodes: dict[str, Episode] = {}  # in the order the server lists them
        self.exchanges: list[Exchange] = []
        self._faults: list[tuple[str, Any]] = []
        self._ids = itertools.count(1)
        self.user = self.add_user("Alice", "secret")
        self.api_key = self.add_api_key()
        httpserver.expect_request(re.compile(".*")).respond_with_handler(self._handle)

    @property
    def url(self) -> str:
        return self.server.url_for("").rstrip("/")

    # -- state helpers for tests ---------------------------------------------------------------------

    def new_id(self) -> str:
        if self.emby:  # Emby's ids are numbers written as text
            return str(100000 + next(self._ids))
        return uuid.UUID(int=next(self._ids) + (0xABC << 100)).hex  # Jellyfin: 32 hex digits, no dashes

    def add_user(self, name: str, password: str) -> User:
        user = User(self.new_id(), name, password)
        self.users[user.id] = user
        return user

    def add_api_key(self) -> str:
        key = uuid.uuid4().hex
        self.tokens[key] = None
        return key

    def token_for(self, user: User | None = None) -> str:
        token = uuid.uuid4().hex
        self.tokens[token] = (user or self.user).id
        return token

    def expire(self, token: str) -> None:
        self.tokens.pop(token, None)

    def add_series(
        self, name: str, year: int | None = None, ids: dict[str, str] | None = None, *, id: str | None = None
    ) -> Series:
        series = Series(id or self.new_id(), name, year, dict(ids or {}))
        self.series[series.id] = series
        return series

    def add_episode(
        self,
        series: Series,
        season: int | None,
        number: int | None,
        name: str = "",
        *,
        number_end: int | None = None,
        premiere: date | None = None,
        id: str | None = None,
    ) -> Episode:
        episode = Episode(
            id or self.new_id(), series, season, number, name or f"Episode {number}", number_end, premiere
        )
        self.episodes[episode.id] = episode
        return episode

    def play(
        self,
        episode: Episode,
        count: int = 1,
        when: datetime | None = None,
        user: User | None = None,
        *,
        written: str | None = None,
    ) -> None:
        """Played ``count`` times, last at ``when``; ``written``: LastPlayedDate as the server writes it."""
        data = episode.data.setdefault((user or self.user).id, UserData())
        data.played, data.play_count, data.written = True, count, written
        data.last_played = when or datetime(2024, 1, 5, 20, 31, 12, 123456, tzinfo=UTC)

    def unplay(self, episode: Episode, user: User | None = None) -> None:
        episode.data[(user or self.user).id] = UserData()

    def delete(self, episode: Episode) -> None:
        del self.episodes[episode.id]

    def state(self, episode: Episode, user: User | None = None) -> UserData:
        return episode.data.get((user or self.user).id, UserData())

    def big_library(
        self, episodes: int, *, per_series: int = 50, played_every: int = 1, start: datetime | None = None
    ) -> list[Episode]:
        """``episodes`` episodes in series of ``per_series`` (seasons of 10), every ``played_every``-th
        played once at a distinct time; series get TheTVDB and IMDb ids."""
        made: list[Episode] = []
        base = (start or datetime(2020, 1, 1, tzinfo=UTC)).timestamp()
        series: Series | None = None
        for i in range(episodes):
            if i % per_series == 0:
                n = i // per_series + 1
                series = self.add_series(
                    f"Show {n}", 2000 + n % 25, {"Tvdb": str(70000 + n), "Imdb": f"tt{9000000 + n}"}
                )
            assert series is not None
            within = i % per_series
            episode = self.add_episode(series, within // 10 + 1, within % 10 + 1, premiere=date(2010, 1, 1))
            if i % played_every == 0:
                self.play(episode, 1 + i % 3, datetime.fromtimestamp(base + i * 60, tz=UTC))
            made.append(episode)
        return made

    # -- faults ----------------------------------------------------------------------------------------

    def fail_next(self, n: int = 1, status: int = 500) -> None:
        self._faults.extend([("status", status)] * n)

    def truncate_next(self) -> None:
        self._faults.append(("truncate", None))

    def slow_next(self, seconds: float) -> None:
        self._faults.append(("slow", seconds))

    def wrong_shape_next(self, payload: Any) -> None:
        self._faults.append(("shape", payload))

    # -- checks ----------------------------------------------------------------------------------------

    def requests(self, method: str | None = None, path: str | None = None) -> list[Exchange]:
        return [
            e
            for e in self.exchanges
            if (method is None or e.method == method) and (path is None or re.fullmatch(path, e.path))
        ]

    def check_all(self) -> int:
        """Every request sent and every (non-fault) JSON answer made, against the description.
        Returns how many exchanges were checked."""
        spec = openapi_check.load_spec(self.spec_name)
        checked = 0
        for e in self.exchanges:
            if e.status == 404 and e.answer is None:
                continue  # a path this version does not have: the client's error, tested on its own
            openapi_check.check_request(spec, e.method, e.path, e.query, e.body)
            if not e.fault and e.status == 200:
                openapi_check.check_response(spec, e.method, e.path, e.status, e.answer)
            checked += 1
        return checked

    # -- payload factories -----------------------------------------------------------------------------

    def system_info(self) -> dict[str, Any]:
        info: dict[str, Any] = {
            "LocalAddress": self.url,
            "ServerName": "living-room",
            "Version": self.version,
            "Id": SERVER_ID,
        }
        if not self.emby:
            info |= {"ProductName": "Jellyfin Server", "StartupWizardCompleted": True}
        return info

    def user_dto(self, user: User) -> dict[str, Any]:
        return {
            "Name": user.name,
            "ServerId": SERVER_ID,
            "Id": user.id,
            "HasPassword": bool(user.password),
            "HasConfiguredPassword": bool(user.password),
            "EnableAutoLogin": False,
        }

    def session_info(self, user: User, headers: dict[str, str]) -> dict[str, Any]:
        auth = _auth_fields(headers.get("authorization") or headers.get("x-emby-authorization") or "")
        return {
            "Id": uuid.uuid4().hex,
            "UserId": user.id,
            "UserName": user.name,
            "Client": auth.get("client", ""),
            "DeviceName": auth.get("device", ""),
            "DeviceId": auth.get("deviceid", ""),
            "ApplicationVersion": auth.get("version", ""),
            "ServerId": SERVER_ID,
            "RemoteEndPoint": "127.0.0.1",
            "PlayableMediaTypes": [],
            "SupportedCommands": [],
        } | ({} if self.emby else {"IsActive": True, "SupportsMediaControl": False, "SupportsRemoteControl": False})

    def user_data(self, item_id: str, data: UserData) -> dict[str, Any]:
        out: dict[str, Any] = {
            "PlaybackPositionTicks": 0,
            "PlayCount": data.play_count,
            "IsFavorite": False,
            "Played": data.played,
            "Key": item_id,
            "ItemId": item_id,
        }
        if data.written is not None:
            out["LastPlayedDate"] = data.written
        elif data.last_played is not None:
            out["LastPlayedDate"] = jellyfin_time(data.last_played)
        return out

    def series_dto(self, series: Series, fields: set[str]) -> dict[str, Any]:
        out: dict[str, Any] = {
            "Name": series.name,
            "ServerId": SERVER_ID,
            "Id": series.id,
            "Type": "Series",
            "IsFolder": True,
        }
        if series.year is not None:
            out["ProductionYear"] = series.year
        if "providerids" in fields:
            out["ProviderIds"] = dict(series.provider_ids)
        return out

    def episode_dto(self, episode: Episode, fields: set[str], user_id: str, with_user_data: bool) -> dict[str, Any]:
        out: dict[str, Any] = {
            "Name": episode.name,
            "ServerId": SERVER_ID,
            "Id": episode.id,
            "Type": "Episode",
            "IsFolder": False,
            "SeriesName": episode.series.name,
            "SeriesId": episode.series.id,
            "LocationType": "FileSystem",
        }
        if episode.number is not None:
            out["IndexNumber"] = episode.number
        if episode.number_end is not None:
            out["IndexNumberEnd"] = episode.number_end
        if episode.season is not None:
            out["ParentIndexNumber"] = episode.season
        if episode.premiere is not None:
            out["PremiereDate"] = f"{episode.premiere.isoformat()}T00:00:00.0000000Z"
        if "providerids" in fields:
            out["ProviderIds"] = {}
        if with_user_data:
            out["UserData"] = self.user_data(episode.id, episode.data.get(user_id, UserData()))
        return out

    def query_result(self, items: list[dict[str, Any]], total: int, start: int) -> dict[str, Any]:
        out: dict[str, Any] = {"Items": items, "TotalRecordCount": total}
        if not self.emby:
            out["StartIndex"] = start
        return out

    # -- the server ------------------------------------------------------------------------------------

    def _handle(self, request: Request) -> Response:
        query = {k: v for k, v in request.args.items()}
        raw = request.get_data()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode(errors="replace")
        headers = {k.lower(): v for k, v in request.headers.items()}
        exchange = Exchange(request.method, unquote(request.path), query, body, headers, 0, None)
        self.exchanges.append(exchange)
        fault = self._faults.pop(0) if self._faults else None
        if fault is not None and fault[0] == "slow":
            time.sleep(fault[1])
            fault = None
        if fault is not None and fault[0] == "status":
            exchange.status, exchange.fault = fault[1], True
            return Response("Internal Server Error", status=fault[1])
        try:
            status, answer = self._route(
                request.method, exchange.path, {k.lower(): v for k, v in query.items()}, body, headers
            )
        except BadRequest as exc:
            exchange.status = exc.status
            return Response(exc.text, status=exc.status)
        exchange.status, exchange.answer = status, answer
        text = "" if answer is None else json.dumps(answer)
        if fault is not None and fault[0] == "truncate":
            exchange.fault = True
            text = text[: max(1, len(text) // 2)]
        if fault is not None and fault[0] == "shape":
            exchange.fault, exchange.answer = True, fault[1]
            text = json.dumps(fault[1])
        return Response(text, status=status, content_type="application/json; charset=utf-8")

    def _caller(self, headers: dict[str, str]) -> str | None:
        """The user id of the token sent (None for an API key); 401 without a known token."""
        token = ""
        if self.emby:
            token = headers.get("x-emby-token", "") or _auth_fields(headers.get("x-emby-authorization", "")).get(
                "token", ""
            )
        else:
            auth = headers.get("authorization", "")
            if auth.startswith("MediaBrowser "):
                token = _auth_fields(auth).get("token", "")
        if not token or token not in self.tokens:
            raise BadRequest(401, "Unauthorized")
        return self.tokens[token]

    def _route(
        self, method: str, path: str, query: dict[str, str], body: Any, headers: dict[str, str]
    ) -> tuple[int, Any]:
        parts = [p for p in path.split("/") if p]
        if method == "GET" and path == "/System/Info/Public":
            return 200, self.system_info()
        if method == "POST" and path == "/Users/AuthenticateByName":
            return self._authenticate(body, headers)
        caller = self._caller(headers)
        if method == "GET" and path == "/Users" and not self.emby:
            return 200, [self.user_dto(u) for u in self.users.values()]
        if method == "GET" and path == "/Users/Query" and self.emby:
            users = [self.user_dto(u) for u in self.users.values()]
            return 200, {"Items": users, "TotalRecordCount": len(users)}
        if method == "GET" and path == "/Users/Me" and not self.emby:
            if caller is None:
                raise BadRequest(400, "Bad Request")
            return 200, self.user_dto(self.users[caller])
        if method == "GET" and len(parts) == 2 and parts[0] == "Users":
            user = self.users.get(parts[1])
            if user is None:
                raise BadRequest(404, "")
            return 200, self.user_dto(user)
        if method == "GET" and path == "/Items" and not self.emby:
            return 200, self._items(query, query.get("userid") or caller)
        if method == "GET" and len(parts) == 3 and parts[0] == "Users" and parts[2] == "Items" and self.legacy:
            return 200, self._items(query, parts[1])
        if method == "GET" and len(parts) == 3 and parts[0] == "Shows" and parts[2] == "Episodes":
            return 200, self._show_episodes(parts[1], query, query.get("userid") or caller)
        if method in ("POST", "DELETE"):
            if self.legacy and len(parts) == 4 and parts[0] == "Users" and parts[2] == "PlayedItems":
                return 200, self._mark(method, parts[3], parts[1], query)
            if not self.legacy and len(parts) == 2 and parts[0] == "UserPlayedItems":
                return 200, self._mark(method, parts[1], query.get("userid") or caller, query)
        raise BadRequest(404, "")

    def _authenticate(self, body: Any, headers: dict[str, str]) -> tuple[int, Any]:
        if self.emby and "x-emby-authorization" not in headers and "authorization" not in headers:
            raise BadRequest(400, "the X-Emby-Authorization header is required")
        if not self.emby and not headers.get("authorization", "").startswith("MediaBrowser "):
            raise BadRequest(401, "Unauthorized")
        if not isinstance(body, dict):
            raise BadRequest(400, "Bad Request")
        for user in self.users.values():
            if user.name.casefold() == str(body.get("Username", "")).casefold() and user.password == body.get("Pw"):
                token = self.token_for(user)
                return 200, {
                    "User": self.user_dto(user),
                    "SessionInfo": self.session_info(user, headers),
                    "AccessToken": token,
                    "ServerId": SERVER_ID,
                }
        raise BadRequest(401, "Error processing request.")

    def _items(self, query: dict[str, str], user_id: str | None) -> dict[str, Any]:
        if user_id is not None and user_id not in self.users:
            raise BadRequest(400, "no such user")
        fields = {f.strip().lower() for f in query.get("fields", "").split(",") if f.strip()}
        with_user_data = _bool(query.get("enableuserdata"), True)
        ids = [i for i in query.get("ids", "").split(",") if i]
        kinds = {k.strip().lower() for k in query.get("includeitemtypes", "").split(",") if k.strip()}
        filters = {f.strip().lower() for f in query.get("filters", "").split(",") if f.strip()}
        uid = user_id or ""
        pool: list[Series | Episode]
        if ids:
            pool = [
                self.series[i] if i in self.series else self.episodes[i]
                for i in ids
                if i in self.series or i in self.episodes
            ]
        else:
            pool = [*self.series.values(), *self.episodes.values()] if _bool(query.get("recursive"), False) else []
        if query.get("parentid"):
            pool = [x for x in pool if isinstance(x, Episode) and x.series.id == query["parentid"]]
        if query.get("parentindexnumber"):
            pool = [x for x in pool if isinstance(x, Episode) and x.season == int(query["parentindexnumber"])]
        if kinds:
            pool = [x for x in pool if ("series" if isinstance(x, Series) else "episode") in kinds]
        if "isplayed" in filters or _bool(query.get("isplayed"), None) is True:
            pool = [x for x in pool if isinstance(x, Episode) and x.data.get(uid, UserData()).played]
        if "isunplayed" in filters or _bool(query.get("isplayed"), None) is False:
            pool = [x for x in pool if isinstance(x, Episode) and not x.data.get(uid, UserData()).played]
        start = int(query.get("startindex") or 0)
        limit = int(query["limit"]) if query.get("limit") else len(pool)
        page = pool[start : start + limit]
        items = [
            self.series_dto(x, fields) if isinstance(x, Series) else self.episode_dto(x, fields, uid, with_user_data)
            for x in page
        ]
        return self.query_result(items, len(pool), start)

    def _show_episodes(self, series_id: str, query: dict[str, str], user_id: str | None) -> dict[str, Any]:
        if series_id not in self.series:
            raise BadRequest(404, "")
        season = int(query["season"]) if query.get("season") else None
        found = [
            e for e in self.episodes.values() if e.series.id == series_id and (season is None or e.season == season)
        ]
        items = [self.episode_dto(e, set(), user_id or "", True) for e in found]
        return self.query_result(items, len(items), 0)

    def _mark(self, method: str, item_id: str, user_id: str | None, query: dict[str, str]) -> dict[str, Any]:
        episode = self.episodes.get(item_id)
        if episode is None or user_id not in self.users:
            raise BadRequest(404, "")
        if method == "DELETE":
            data = UserData()
        else:
            old = episode.data.get(user_id, UserData())
            when = query.get("dateplayed")
            moment = datetime.fromisoformat(when.replace("Z", "+00:00")) if when else datetime.now(UTC)
            data = UserData(True, old.play_count + 1, moment)
        episode.data[user_id] = data
        return self.user_data(item_id, data)


def _bool(text: str | None, default: bool | None) -> bool | None:
    if text is None or text == "":
        return default
    return text.strip().lower() == "true"


def _auth_fields(header: str) -> dict[str, str]:
    """Client="x", Token="y" … of a MediaBrowser/Emby authorization header, names in lower case."""
    return {k.lower(): unquote(v) for k, v in re.findall(r'(\w+)="([^"]*)"', header)}
