"""An in-memory media server following ``providers.media.MediaServerClient``, for the sync's tests:
shows, episodes with the user's plays, faults to raise, what was marked played there. The real
clients are tested against stand-ins that follow the servers' API descriptions (tests/media/)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from watchtracker.domain.media import ServerEpisode, ServerIdentity, ServerShow, ServerSnapshot, SignedIn
from watchtracker.domain.transfer import ExternalIds
from watchtracker.errors import SignInRefused

T = datetime(2025, 5, 1, 20, 0, tzinfo=UTC)


@dataclass
class FakeServer:
    """A media server's state: shows, and episodes with the user's plays."""

    shows: dict[str, ServerShow] = field(default_factory=dict)
    episodes: dict[str, ServerEpisode] = field(default_factory=dict)
    fail: Exception | None = None
    repeat: bool = False  # every played episode listed twice (a page read twice while the library changed)
    marked: list[tuple[str, str]] = field(default_factory=list)
    token: str = "good-token"

    def show(self, key: str, title: str, year: int | None = None, **ids) -> None:
        self.shows[key] = ServerShow(key, title, year, ExternalIds(**ids))

    def episode(self, show: str, season: int, number: int, **kw) -> str:
        key = f"{show}-{season}-{number}"
        self.episodes[key] = ServerEpisode(key, show, season, number, played=False, **kw)
        return key

    def play(self, key: str, when: datetime, times: int = 1) -> None:
        e = self.episodes[key]
        self.episodes[key] = replace(e, played=True, play_count=e.play_count + times, last_played=when)

    def unplay(self, key: str) -> None:
        self.episodes[key] = replace(self.episodes[key], played=False, play_count=0, last_played=None)


class FakeClient:
    def __init__(self, server: FakeServer, access):
        self.server, self.access = server, access
        self.what = "the fake server"
        self.requests_sent = 0

    def _check(self):
        self.requests_sent += 1
        if self.server.fail is not None:
            raise self.server.fail
        if self.access.token and self.access.token != self.server.token:
            raise SignInRefused("the fake server refused the sign-in")

    def identify(self):
        self._check()
        return ServerIdentity("Living room", "10.11.11", "srv-1")

    def sign_in(self):
        self._check()
        if self.access.password and self.access.password != "secret":
            raise SignInRefused("wrong password")
        return SignedIn(token=self.access.token or self.server.token, user_id="u1", user_name=self.access.user or "ann")

    def played(self, progress=None):
        self._check()
        played = tuple(e for e in self.server.episodes.values() if e.played)
        return ServerSnapshot(dict(self.server.shows), played * (2 if self.server.repeat else 1))

    def episodes(self, keys):
        self._check()
        return [self.server.episodes[k] for k in keys if k in self.server.episodes]

    def episode_key(self, show_key, season, number):
        key = f"{show_key}-{season}-{number}"
        return key if key in self.server.episodes else None

    def mark_played(self, key, when):
        self._check()
        self.server.marked.append(("played", key))
        self.play(key, when)

    def play(self, key, when):
        self.server.play(key, when)

    def mark_unplayed(self, key):
        self._check()
        self.server.marked.append(("unplayed", key))
        self.server.unplay(key)

    def close(self):
        pass


def connect(media, servers, url="http://nas:8096", **kw) -> tuple[int, FakeServer]:
    server = servers.setdefault(url, FakeServer())
    c = media.add("jellyfin", url, user="ann", password="secret", **kw)
    return c.id, server


def bosch_on(server: FakeServer, seasons: int = 2, episodes: int = 3) -> None:
    server.show("b", "Bosch", 2014, thetvdb=277928)
    for s in range(1, seasons + 1):
        for n in range(1, episodes + 1):
            server.episode("b", s, n)
