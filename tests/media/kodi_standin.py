"""A Kodi JSON-RPC stand-in on pytest-httpserver, following Kodi's own description (vendored cut:
tests/fixtures/specs/kodi-jsonrpc.json). ``POST /jsonrpc`` with HTTP Basic auth; state in the
object, read on every request; every payload built by the factories below."""

from __future__ import annotations

import base64
import json
import time
from dataclasses import dataclass, field
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response


@dataclass
class Show:
    id: int
    title: str
    year: int = 0
    uniqueid: dict[str, str] = field(default_factory=dict)


@dataclass
class Episode:
    id: int
    show: int
    season: int
    number: int
    title: str = ""
    playcount: int = 0
    lastplayed: str = ""
    firstaired: str = ""
    uniqueid: dict[str, str] = field(default_factory=dict)


# -- payload factories ------------------------------------------------------------------------------


def version_result() -> dict:
    return {"version": {"major": 13, "minor": 5, "patch": 0}}


def application_result(props: list[str]) -> dict:
    known = {"name": "Kodi", "version": {"major": 21, "minor": 2, "revision": "20250101-abcdef", "tag": "stable"}}
    return {k: known[k] for k in props if k in known}


def show_details(show: Show, props: list[str]) -> dict:
    values = {"title": show.title, "year": show.year, "uniqueid": show.uniqueid}
    return {"tvshowid": show.id, "label": show.title, **{k: values[k] for k in props if k in values}}


def episode_details(ep: Episode, props: list[str]) -> dict:
    values = {
        "title": ep.title,
        "season": ep.season,
        "episode": ep.number,
        "playcount": ep.playcount,
        "lastplayed": ep.lastplayed,
        "tvshowid": ep.show,
        "firstaired": ep.firstaired,
        "uniqueid": ep.uniqueid,
    }
    return {
        "episodeid": ep.id,
        "label": f"{ep.season}x{ep.number:02d}. {ep.title}",
        **{k: values[k] for k in props if k in values},
    }


def limits_returned(start: int, end: int, total: int) -> dict:
    return {"start": start, "end": end, "total": total}


def ok(request_id: Any, result: Any) -> dict:
    return {"jsonrpc": "2.0", "id": request_id, "result": result}


def error(request_id: Any, code: int, message: str) -> dict:
    return {"jsonrpc": "2.0", "id": request_id, "error": {"code": code, "message": message}}


# -- the server ----------------------------------------------------------------------------------


@dataclass
class Call:
    method: str
    params: dict
    status: int = 0
    answer: Any = None


class KodiStandIn:
    def __init__(self, server: HTTPServer, *, user: str = "kodi", password: str = "secret"):
        self.server = server
        self.user, self.password = user, password
        self.shows: dict[int, Show] = {}
        self.episodes: dict[int, Episode] = {}
        self.calls: list[Call] = []
        self.fail_next = 0
        self.truncate_next = 0
        self.delay_s = 0.0
        self.error_next: tuple[int, str] | None = None  # a JSON-RPC error for the next call
        server.expect_request("/jsonrpc", method="POST").respond_with_handler(self._handle)

    @property
    def url(self) -> str:
        return self.server.url_for("/").rstrip("/")

    def add_show(self, id: int, title: str, year: int = 0, **uniqueid: str) -> Show:
        self.shows[id] = Show(id, title, year, dict(uniqueid))
        return self.shows[id]

    def add_episode(self, id: int, show: int, season: int, number: int, **kw: Any) -> Episode:
        self.episodes[id] = Episode(id, show, season, number, **kw)
        return self.episodes[id]

    def generate(self, shows: int, per_show: int, *, played_every: int = 1) -> None:
        n = 0
        for s in range(shows):
            sid = 1 + s
            self.add_show(sid, f"Show {s}", 2000 + s % 20, tvdb=str(70000 + s), imdb=f"tt{1000000 + s}")
            for i in range(per_show):
                n += 1
                played = n % played_every == 0
                self.add_episode(
                    n,
                    sid,
                    1 + i // 10,
                    1 + i % 10,
                    title=f"S{s}E{i}",
                    playcount=(2 if n % 7 == 0 else 1) if played else 0,
                    lastplayed=f"2024-03-{1 + n % 28:02d} 21:{n % 60:02d}:00" if played else "",
                    firstaired="2019-05-01",
                )

    def _authorized(self, request: Request) -> bool:
        header = request.headers.get("Authorization", "")
        expected = "Basic " + base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        return header == expected

    def _handle(self, request: Request) -> Response:
        if self.delay_s:
            time.sleep(self.delay_s)
        try:
            body = json.loads(request.get_data())
        except ValueError:
            return Response(json.dumps(error(None, -32700, "Parse error.")), content_type="application/json")
        call = Call(body.get("method", ""), body.get("params") or {})
        self.calls.append(call)
        if self.fail_next > 0:
            self.fail_next -= 1
            call.status = 500
            return Response("Internal Server Error", status=500)
        if not self._authorized(request):
            call.status = 401
            return Response("401 Unauthorized", status=401, headers={"WWW-Authenticate": 'Basic realm="XBMC"'})
        if self.error_next is not None:
            code, message = self.error_next
            self.error_next = None
            answer = error(body.get("id"), code, message)
        else:
            answer = self._dispatch(body.get("id"), call.method, call.params)
        call.status, call.answer = 200, answer
        text = json.dumps(answer)
        if self.truncate_next > 0:
            self.truncate_next -= 1
            text = text[: len(text) // 2]
        return Response(text, content_type="application/json")

    def _page(self, items: list, params: dict) -> tuple[list, dict]:
        limits = params.get("limits") or {}
        start = int(limits.get("start", 0))
        end = int(limits.get("end", -1))
        end = len(items) if end < 0 else min(end, len(items))
        return items[start:end], limits_returned(start, end, len(items))

    def _dispatch(self, rid: Any, method: str, params: dict) -> dict:
        props = list(params.get("properties") or [])
        if method == "JSONRPC.Version":
            return ok(rid, version_result())
        if method == "Application.GetProperties":
            return ok(rid, application_result(props))
        if method == "VideoLibrary.GetTVShows":
            page, limits = self._page(sorted(self.shows.values(), key=lambda s: s.id), params)
            return ok(rid, {"limits": limits, "tvshows": [show_details(s, props) for s in page]})
        if method == "VideoLibrary.GetEpisodes":
            eps = sorted(self.episodes.values(), key=lambda e: e.id)
            if "tvshowid" in params:
                eps = [e for e in eps if e.show == params["tvshowid"]]
            if params.get("season", -1) >= 0:
                eps = [e for e in eps if e.season == params["season"]]
            rule = params.get("filter")
            if rule:
                if rule != {"field": "playcount", "operator": "greaterthan", "value": "0"}:
                    return error(rid, -32602, "Invalid params.")
                eps = [e for e in eps if e.playcount > 0]
            page, limits = self._page(eps, params)
            return ok(rid, {"limits": limits, "episodes": [episode_details(e, props) for e in page]})
        if method == "VideoLibrary.GetEpisodeDetails":
            ep = self.episodes.get(params.get("episodeid"))
            if ep is None:
                return error(rid, -32602, "Invalid params.")
            return ok(rid, {"episodedetails": episode_details(ep, props)})
        if method == "VideoLibrary.SetEpisodeDetails":
            ep = self.episodes.get(params.get("episodeid"))
            if ep is None:
                return error(rid, -32602, "Invalid params.")
            if params.get("playcount") is not None:
                ep.playcount = params["playcount"]
            if params.get("lastplayed") is not None:
                ep.lastplayed = params["lastplayed"]
            return ok(rid, "OK")
        return error(rid, -32601, "Method not found.")
