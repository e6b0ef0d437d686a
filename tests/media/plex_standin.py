"""A Plex Media Server stand-in on pytest-httpserver, following the vendored description
(tests/fixtures/specs/plex-api-spec.json). State lives in the object; handlers read it on every
request, so changes made by a test (or by scrobble) are seen. Every payload is built by the small
factories below, and the conformance tests check them against the description."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

MACHINE_ID = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"
VERSION = "1.41.3.9314-a0bfb8370"


@dataclass
class Show:
    key: str
    title: str
    year: int | None
    guids: list[str] = field(default_factory=list)  # "imdb://tt…", "tvdb://…", "tmdb://…"
    section: str = "2"


@dataclass
class Episode:
    key: str
    show: str
    season: int | None
    number: int | None
    title: str = ""
    view_count: int = 0
    last_viewed: int | None = None
    aired: str | None = None


# -- payload factories ------------------------------------------------------------------------------


def identity_payload() -> dict:
    return {"MediaContainer": {"size": 0, "claimed": True, "machineIdentifier": MACHINE_ID, "version": VERSION}}


def section_payload(key: str, title: str, kind: str) -> dict:
    return {
        "key": key,
        "title": title,
        "type": kind,
        "agent": "tv.plex.agents.series",
        "scanner": "Plex TV Series",
        "language": "en-US",
        "uuid": f"e69655a2-ef48-4aba-bb19-{int(key):012d}",
        "allowSync": True,
        "refreshing": False,
    }


def sections_payload(sections: list[dict]) -> dict:
    return {
        "MediaContainer": {"size": len(sections), "allowSync": False, "title1": "Plex Library", "Directory": sections}
    }


def show_payload(show: Show) -> dict:
    item: dict[str, Any] = {
        "ratingKey": show.key,
        "key": f"/library/metadata/{show.key}/children",
        "type": "show",
        "title": show.title,
        "addedAt": 1_600_000_000,
        "Guid": [{"id": g} for g in show.guids],
    }
    if show.year is not None:
        item["year"] = show.year
    return item


def episode_payload(ep: Episode, show: Show | None) -> dict:
    item: dict[str, Any] = {
        "ratingKey": ep.key,
        "key": f"/library/metadata/{ep.key}",
        "type": "episode",
        "title": ep.title or f"Episode {ep.number}",
        "grandparentRatingKey": ep.show,
        "grandparentTitle": show.title if show else "",
        "addedAt": 1_600_000_000,
    }
    if ep.season is not None:
        item["parentIndex"] = ep.season
    if ep.number is not None:
        item["index"] = ep.number
    if ep.view_count:
        item["viewCount"] = ep.view_count
        if ep.last_viewed is not None:
            item["lastViewedAt"] = ep.last_viewed
    if ep.aired:
        item["originallyAvailableAt"] = ep.aired
    return item


def metadata_payload(items: list[dict], *, offset: int = 0, total: int | None = None) -> dict:
    container: dict[str, Any] = {"size": len(items), "offset": offset, "Metadata": items}
    if total is not None:
        container["totalSize"] = total
    return {"MediaContainer": container}


# -- the server ----------------------------------------------------------------------------------


@dataclass
class Seen:
    method: str
    path: str
    params: dict[str, str]
    headers: dict[str, str]
    status: int = 0
    body: Any = None


class PlexStandIn:
    def __init__(self, server: HTTPServer, *, token: str = "plex-token"):
        self.server = server
        self.token = token
        self.shows: dict[str, Show] = {}
        self.episodes: dict[str, Episode] = {}
        self.sections = [section_payload("1", "Movies", "movie"), section_payload("2", "TV Shows", "show")]
        self.requests: list[Seen] = []
        self.fail_next = 0  # answer 500 to the next N requests
        self.fail_status = 500
        self.truncate_next = 0  # answer a body cut in half to the next N requests
        self.delay_s = 0.0
        self.clock = 1_700_000_000
        server.expect_request("/", method="GET").respond_with_handler(self._handle)
        for path in ("/identity", "/library/sections/all", "/:/scrobble", "/:/unscrobble"):
            server.expect_request(path).respond_with_handler(self._handle)

        server.expect_request(re.compile(r"^/library/.*$")).respond_with_handler(self._handle)

    @property
    def url(self) -> str:
        return self.server.url_for("/").rstrip("/")

    # state helpers
    def add_show(self, key: str, title: str, year: int | None = None, guids: list[str] | None = None) -> Show:
        show = Show(key, title, year, list(guids or []))
        self.shows[key] = show
        return show

    def add_episode(self, key: str, show: str, season: int | None, number: int | None, **kw: Any) -> Episode:
        ep = Episode(key, show, season, number, **kw)
        self.episodes[key] = ep
        return ep

    def generate(self, shows: int, per_show: int, *, played_every: int = 1) -> None:
        """``shows`` shows with ``per_show`` episodes each (seasons of 10); every
        ``played_every``-th episode played (view count 1, twice for every 7th)."""
        n = 0
        for s in range(shows):
            key = str(1000 + s)
            self.add_show(key, f"Show {s}", 2000 + s % 20, [f"tvdb://{70000 + s}", f"imdb://tt{1000000 + s}"])
            for i in range(per_show):
                n += 1
                played = n % played_every == 0
                self.add_episode(
                    str(100000 + n),
                    key,
                    1 + i // 10,
                    1 + i % 10,
                    title=f"S{s}E{i}",
                    view_count=(2 if n % 7 == 0 else 1) if played else 0,
                    last_viewed=self.clock - n if played else None,
                    aired=f"2019-05-0{1 + i % 9}",
                )

    # handler
    def _handle(self, request: Request) -> Response:
        seen = Seen(request.method, request.path, dict(request.args), dict(request.headers))
        self.requests.append(seen)
        if self.delay_s:
            time.sleep(self.delay_s)
        if self.fail_next > 0:
            self.fail_next -= 1
            seen.status = self.fail_status
            return Response("<html>Internal Server Error</html>", status=self.fail_status)
        if request.headers.get("X-Plex-Token") != self.token:
            seen.status = 401
            return Response("<html><h1>401 Unauthorized</h1></html>", status=401)
        status, body = self._route(request)
        seen.status, seen.body = status, body
        if body is None:
            return Response("", status=status)
        text = json.dumps(body)
        if self.truncate_next > 0:
            self.truncate_next -= 1
            text = text[: len(text) // 2]
        return Response(text, status=status, content_type="application/json", headers=self._headers(body))

    def _headers(self, body: dict) -> dict:
        container = body.get("MediaContainer", {})
        if "totalSize" in container:
            return {
                "X-Plex-Container-Total-Size": str(container["totalSize"]),
                "X-Plex-Container-Start": str(container.get("offset", 0)),
            }
        return {}

    def _route(self, request: Request) -> tuple[int, Any]:
        path, args = request.path, request.args
        if path == "/identity":
            return 200, identity_payload()
        if path == "/library/sections/all":
            return 200, sections_payload(self.sections)
        if path in ("/:/scrobble", "/:/unscrobble") and request.method == "PUT":
            ep = self.episodes.get(args.get("key", ""))
            if ep is None or args.get("identifier") != "com.plexapp.plugins.library":
                return 404, None
            if path == "/:/scrobble":  # the server records when it was asked
                ep.view_count += 1
                ep.last_viewed = int(time.time())
            else:
                ep.view_count, ep.last_viewed = 0, None
            return 200, None
        parts = path.strip("/").split("/")
        if parts[:2] == ["library", "sections"] and len(parts) == 4 and parts[3] == "all":
            return self._section_all(parts[2], args)
        if parts[:2] == ["library", "metadata"] and len(parts) == 3:
            items = [self._item(k) for k in parts[2].split(",")]
            found = [i for i in items if i is not None]
            return (200, metadata_payload(found)) if found else (404, None)
        if parts[:2] == ["library", "metadata"] and len(parts) == 4 and parts[3] == "allLeaves":
            if parts[2] not in self.shows:
                return 404, None
            eps = [episode_payload(e, self.shows[parts[2]]) for e in self.episodes.values() if e.show == parts[2]]
            return 200, metadata_payload(eps, total=len(eps))
        return 404, None

    def _item(self, key: str) -> dict | None:
        if key in self.episodes:
            ep = self.episodes[key]
            return episode_payload(ep, self.shows.get(ep.show))
        if key in self.shows:
            return show_payload(self.shows[key])
        return None

    def _section_all(self, section: str, args: Any) -> tuple[int, Any]:
        if not any(s["key"] == section for s in self.sections):
            return 404, None
        kind = args.get("type", "2")
        if kind == "2":
            items = [show_payload(s) for s in self.shows.values() if s.section == section]
            if args.get("includeGuids") != "1":
                for item in items:
                    item.pop("Guid", None)
        elif kind == "4":
            items = [
                episode_payload(e, self.shows[e.show])
                for e in self.episodes.values()
                if e.show in self.shows and self.shows[e.show].section == section
            ]
        else:
            items = []
        start = int(args.get("X-Plex-Container-Start", 0))
        size = int(args.get("X-Plex-Container-Size", 50))
        return 200, metadata_payload(items[start : start + size], offset=start, total=len(items))
