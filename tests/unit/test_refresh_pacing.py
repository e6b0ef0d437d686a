"""A refresh offers the interpreter to a window between pieces of its work (through the progress
callback's optional ``breathe``), and doing so changes nothing in what it writes or reports."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import NOW
from tests.fixtures import tvmaze_payloads as tv
from watchtracker.app import open_services
from watchtracker.paths import AppPaths
from watchtracker.providers.http import PoliteClient, Politeness
from watchtracker.providers.tvmaze import TvmazeClient
from watchtracker.services import pace as pace_module
from watchtracker.services.online import LAST_REFRESH, OnlineService
from watchtracker.settings import Settings
from watchtracker.storage.database import session_scope
from watchtracker.storage.tables import LibraryEntry, Series, SyncState

FOLLOWED = 30
CHANGED = [20_000, 20_010, 20_020]
EPISODES = 60


class Breathing:
    """A progress callback as the window's relay is: callable, with ``breathe``."""

    def __init__(self, on_breath=None):
        self.reports: list[tuple[int, int, str]] = []
        self.breaths = 0
        self.on_breath = on_breath

    def __call__(self, done: int, total: int, what: str) -> None:
        self.reports.append((done, total, what))

    def breathe(self) -> None:
        self.breaths += 1
        if self.on_breath:
            self.on_breath()


@pytest.fixture
def tvmaze(httpserver):
    updates = {str(20_000 + i): 1_700_000_000 for i in range(FOLLOWED)}
    for tid in CHANGED:
        updates[str(tid)] = 1_700_000_500
        later = (NOW.date() + timedelta(days=30)).isoformat()
        seasons = [tv.season(tid * 10 + n, n, "2020-01-01", 20) for n in (1, 2, 3)] + [
            tv.season(tid * 10 + 4, 4, later, 10)
        ]
        episodes = [tv.episode(tid * 1000 + k, k // 20 + 1, k % 20 + 1, "2020-01-01") for k in range(EPISODES)]
        episodes.append(tv.episode(tid * 1000 + 999, 4, 1, later))
        httpserver.expect_request(f"/shows/{tid}").respond_with_json(
            tv.show(
                tid,
                f"Show {tid - 20_000}",
                status="Running",
                updated=1_700_000_500,
                seasons=seasons,
                episodes=episodes,
                cast=[tv.cast_member(tid * 10 + c, f"Actor {c}", f"Role {c}") for c in range(5)],
            )
        )
    httpserver.expect_request("/updates/shows").respond_with_json(updates)
    return httpserver


def _library(folder, url: str):
    services = open_services(AppPaths.under(folder), Settings())
    with session_scope(services.engine) as session:
        for i in range(FOLLOWED):
            s = Series(title=f"Show {i}", status="airing", tvmaze_id=20_000 + i, remote_updated=1_700_000_000)
            session.add(s)
            session.flush()
            session.add(LibraryEntry(series_id=s.id))
        session.add(SyncState(key=LAST_REFRESH, value=(NOW - timedelta(hours=3)).isoformat()))
    http = PoliteClient(Politeness(read_timeout=2.0), sleep=lambda s: None)
    return services, http, OnlineService(services.engine, TvmazeClient(http, url), clock=lambda: NOW)


def _what_it_left(services) -> list:
    out = []
    for tid in CHANGED:
        sid = services.library.find(f"Show {tid - 20_000}")
        d = services.library.detail(sid)
        out.append(
            (
                d.title,
                d.status,
                [(s.number, [(str(e.code), e.title, e.air_date) for e in s.episodes]) for s in d.seasons],
                [(c.person, c.character) for c in d.cast],
            )
        )
    return out


def test_a_refresh_breathes_before_it_starts_and_between_pieces_of_a_show(tmp_path, tvmaze, monkeypatch):
    services, http, online = _library(tmp_path / "a", tvmaze.url_for("").rstrip("/"))
    try:
        first: list[int] = []
        progress = Breathing(on_breath=lambda: first or first.append(len(tvmaze.log)))
        monkeypatch.setattr(pace_module, "SLICE", 0.0)  # every pace point breathes
        report = online.refresh(progress)
        assert len(report.updated) == 3 and report.requests == 4
        assert first == [0]  # before the first request: what the window had queued goes first
        # the work on a show is cut into pieces: at least one breath per episode written
        assert progress.breaths > len(CHANGED) * EPISODES
        assert progress.reports[-1] == (3, 3, "Up to date.")
    finally:
        http.close()
        services.close()


def test_breathing_changes_nothing_it_writes_or_reports(tmp_path, tvmaze, monkeypatch):
    url = tvmaze.url_for("").rstrip("/")
    plain_services, plain_http, plain = _library(tmp_path / "plain", url)
    paced_services, paced_http, paced = _library(tmp_path / "paced", url)
    try:
        plain_progress: list[tuple[int, int, str]] = []
        plain_report = plain.refresh(lambda *a: plain_progress.append(a))
        monkeypatch.setattr(pace_module, "SLICE", 0.0)
        paced_progress = Breathing()
        paced_report = paced.refresh(paced_progress)
        assert paced_progress.breaths > 0
        assert paced_progress.reports == plain_progress
        for field in ("checked", "requests", "updated", "skipped", "announcements"):
            assert getattr(paced_report, field) == getattr(plain_report, field), field
        assert paced_report.changes.announcements == plain_report.changes.announcements
        assert paced_report.announcements  # something to compare
        assert _what_it_left(paced_services) == _what_it_left(plain_services)
    finally:
        plain_http.close()
        paced_http.close()
        plain_services.close()
        paced_services.close()


def test_without_breathe_the_pace_never_waits(monkeypatch):
    monkeypatch.setattr(pace_module, "SLICE", 0.0)
    pace = pace_module.Pace(None)
    for _ in range(1000):
        pace()  # no callback to call, nothing to fail


def test_the_pace_breathes_at_the_first_call_then_once_per_slice(monkeypatch):
    now = [100.0]
    monkeypatch.setattr(pace_module.time, "perf_counter", lambda: now[0])
    breaths: list[float] = []
    pace = pace_module.Pace(lambda: breaths.append(now[0]))
    for t in (100.0, 100.001, 100.003, 100.0039, 100.0041, 100.005, 100.0081, 100.0082):
        now[0] = t
        pace()
    assert breaths == [100.0, 100.0041, 100.0081]
