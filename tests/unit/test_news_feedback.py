"""Learning from the viewer (issue 14): "Wrong kind?" retypes an alert at once and keeps it as an
example that a close item in a later poll is typed by (the shipped news model adjusted by the
viewer's examples); "Not about this series" takes the series off an alert (the alert goes with its
last series) and keeps the false match, so that the same story is not matched to that series
again, from any feed, while other stories about the series still are."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, select

from watchtracker.domain.enums import AnnouncementKind, LifecycleStatus, ViewerState
from watchtracker.domain.inputs import SeriesInput
from watchtracker.errors import InvalidInput, NotFound
from watchtracker.providers.feeds import FeedClient
from watchtracker.providers.http import PoliteClient, Politeness
from watchtracker.services.alerts import AlertService
from watchtracker.services.feeds import SAME_STORY, FalseMatches, FeedService, KindCorrections
from watchtracker.services.news import classify
from watchtracker.services.news_model import KindModel
from watchtracker.storage.database import session_scope
from watchtracker.storage.tables import Announcement, AnnouncementSeries, FalseMatch, KindExample

pytestmark = pytest.mark.both_backends

K = AnnouncementKind
NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)

TEASE = "‘Silo’ stars tease a wild finale for the season"
TEASE_AGAIN = "‘Silo’ stars tease a wild finale for season two"  # another outlet's wording of it
SILO_RENEWED = "‘Silo’ renewed for a third season"
SLATE = "‘Silo’ and ‘Severance’ lead Apple TV+ winter slate"
SLATE_AGAIN = "Apple TV+ winter slate: ‘Silo’ and ‘Severance’ lead"
SEVERANCE_RENEWED = "‘Severance’ renewed for a third season at Apple TV+"


@pytest.fixture
def news(services):
    """Silo and Severance followed, and the feeds service (a real HTTP client)."""
    ids = {}
    for title in ("Silo", "Severance"):
        ids[title], _ = services.catalog.add_series(
            SeriesInput(title=title, status=LifecycleStatus.AIRING, follow_state=ViewerState.WATCHING)
        )
    http = PoliteClient(Politeness(retries=1, backoff=0.01, read_timeout=2.0), sleep=lambda s: None)
    yield services, FeedService(services.engine, FeedClient(http), clock=lambda: NOW), ids
    http.close()


def rss(name: str, *items: tuple[str, str]) -> bytes:
    body = "".join(
        f"<item><title>{title}</title><link>{link}</link><pubDate>Fri, 20 Nov 2026 09:00:00 GMT</pubDate></item>"
        for title, link in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title>{body}</channel></rss>'.encode()


def serve(httpserver, feeds: FeedService, path: str, *items: tuple[str, str]) -> int:
    httpserver.expect_request(path).respond_with_data(rss(path, *items), content_type="application/rss+xml")
    return feeds.add(httpserver.url_for(path)).id


def alerts_of(services) -> dict[str, tuple[tuple[AnnouncementKind, ...], list[str]]]:
    return {a.headline: (a.kinds, a.series_titles) for a in services.alerts.alerts() if a.url}


def by_headline(services, headline: str) -> int:
    return next(a.id for a in services.alerts.alerts() if a.headline == headline)


# -- "Wrong kind?" -------------------------------------------------------------------------------


def test_a_correction_is_applied_at_once_persisted_and_kept_as_an_example(news, httpserver):
    services, feeds, _ = news
    serve(httpserver, feeds, "/a", (TEASE, "https://a.example/tease"))
    feeds.poll()
    aid = by_headline(services, TEASE)
    changes = services.alerts.correct_kinds(aid, [K.TRAILER, "casting", K.TRAILER])
    assert changes.announcements
    assert services.alerts.alert(aid).kinds == (K.TRAILER, K.CASTING)
    assert services.alerts.alert(aid).kind is K.TRAILER
    again = AlertService(services.engine)  # read afresh: it is stored
    assert again.alert(aid).kinds == (K.TRAILER, K.CASTING)
    assert again.kind_examples() == [(TEASE, "", (K.TRAILER, K.CASTING))]
    # corrected again: the latest is the example kept
    services.alerts.correct_kinds(aid, [K.CASTING])
    assert services.alerts.alert(aid).kinds == (K.CASTING,)
    with Session(services.engine) as session:
        assert [e.kinds for e in session.exec(select(KindExample)).all()] == [["casting"]]


def test_a_correction_to_a_premiere_date_reads_the_date_and_one_away_from_it_drops_it(news):
    services, _, ids = news
    with session_scope(services.engine) as session:
        ann = Announcement(
            kind="news",
            headline="‘Silo’ is back on March 6",
            published_at=NOW,
            fingerprint="feed:https://b.example/back",
        )
        session.add(ann)
        session.flush()
        aid = ann.id
        session.add(AnnouncementSeries(announcement_id=aid, series_id=ids["Silo"]))
    services.alerts.correct_kinds(aid, [K.PREMIERE_DATE])
    premiere = services.alerts.alert(aid).premiere
    assert premiere is not None and premiere.to_text() == "2027-03-06"
    services.alerts.correct_kinds(aid, [K.CASTING])
    assert services.alerts.alert(aid).premiere is None


def test_what_cannot_be_corrected_is_refused(example):
    alert = next(a for a in example.alerts.alerts() if a.headline == "Maggie Q to play Renée Ballard")
    with pytest.raises(InvalidInput):
        example.alerts.correct_kinds(alert.id, [])
    with pytest.raises(InvalidInput):
        example.alerts.correct_kinds(alert.id, ["episode_aired"])  # the library's kind, not news
    with pytest.raises(InvalidInput):
        example.alerts.correct_kinds(alert.id, ["gossip"])
    with pytest.raises(NotFound):
        example.alerts.correct_kinds(99_999, [K.NEWS])
    with session_scope(example.engine) as session:
        ann = session.get(Announcement, alert.id)
        ann.fingerprint = "aired:1:1"  # as the library's own alerts are made: not news
        session.add(ann)
    with pytest.raises(InvalidInput):
        example.alerts.correct_kinds(alert.id, [K.NEWS])
    assert example.alerts.alert(alert.id).kinds == (K.CASTING,)  # nothing refused changed anything
    assert example.alerts.kind_examples() == []


def test_the_next_poll_of_a_similar_item_gets_the_corrected_kinds_and_an_unrelated_one_does_not(news, httpserver):
    services, feeds, _ = news
    first = serve(httpserver, feeds, "/one", (TEASE, "https://one.example/tease"))
    feeds.poll([first])
    assert classify(TEASE_AGAIN, "").kinds != (K.TRAILER, K.CASTING)  # the rules alone say otherwise
    services.alerts.correct_kinds(by_headline(services, TEASE), [K.TRAILER, K.CASTING])

    second = serve(
        httpserver,
        feeds,
        "/two",
        (TEASE_AGAIN, "https://two.example/tease"),
        (SILO_RENEWED, "https://two.example/renewed"),
    )
    feeds.poll([second])
    got = alerts_of(services)
    assert got[TEASE_AGAIN] == ((K.TRAILER, K.CASTING), ["Silo"])
    assert got[SILO_RENEWED][0] == classify(SILO_RENEWED, "", published=date(2026, 11, 20)).kinds


def test_corrections_decide_only_when_close_and_the_later_of_two_wins():
    model = KindModel.shipped()
    none = KindCorrections([])
    assert not none and none.kinds(TEASE, "") is None
    corrections = KindCorrections([(TEASE, "", (K.TRAILER, K.CASTING))], model)
    assert corrections.kinds(TEASE_AGAIN, "") == (K.TRAILER, K.CASTING)
    assert corrections.kinds(SILO_RENEWED, "") is None
    assert corrections.kinds("Ratings: the week's most watched cable dramas", "") is None
    later = KindCorrections([(TEASE, "", (K.TRAILER, K.CASTING)), (TEASE, "", (K.ENDED,))], model)
    assert later.kinds(TEASE_AGAIN, "") == (K.ENDED,)


# -- "Not about this series" ---------------------------------------------------------------------


def test_not_about_a_series_takes_it_off_and_the_same_story_from_another_feed_is_not_matched_again(news, httpserver):
    services, feeds, ids = news
    first = serve(httpserver, feeds, "/first", (SLATE, "https://first.example/slate"))
    feeds.poll([first])
    aid = by_headline(services, SLATE)
    assert alerts_of(services)[SLATE][1] == ["Severance", "Silo"]
    changes = services.alerts.not_about(aid, ids["Severance"])
    assert changes.announcements and ids["Severance"] in changes.series
    assert alerts_of(services)[SLATE][1] == ["Silo"]  # at once; the alert stays for Silo
    assert AlertService(services.engine).false_matches() == [(ids["Severance"], SLATE)]

    second = serve(
        httpserver,
        feeds,
        "/second",
        (SLATE_AGAIN, "https://second.example/slate"),  # the same story, told again elsewhere
        (SEVERANCE_RENEWED, "https://second.example/renewed"),  # another story about Severance
    )
    feeds.poll([second])
    got = alerts_of(services)
    assert got[SLATE_AGAIN][1] == ["Silo"]
    assert got[SEVERANCE_RENEWED][1] == ["Severance"]


def test_not_about_its_last_series_removes_the_alert_and_the_item_does_not_come_back(news, httpserver):
    services, feeds, ids = news
    item = (TEASE, "https://c.example/tease")
    first = serve(httpserver, feeds, "/c", item)
    feeds.poll([first])
    aid = by_headline(services, TEASE)
    services.alerts.not_about(aid, ids["Silo"])
    assert TEASE not in alerts_of(services)
    with Session(services.engine) as session:
        assert session.get(Announcement, aid) is None
        kept = session.exec(select(FalseMatch)).one()
        assert (kept.series_id, kept.headline, kept.fingerprint) == (
            ids["Silo"],
            TEASE,
            "feed:link:https://c.example/tease",
        )
    # the same item again (same link), and the same headline from another feed
    again = serve(httpserver, feeds, "/d", item, (TEASE, "https://d.example/other-link"))
    report = feeds.poll([first, again])
    assert report.all_answered and report.alerts == []
    assert TEASE not in alerts_of(services)
    with pytest.raises(NotFound):
        services.alerts.not_about(aid, ids["Silo"])


def test_not_about_refuses_a_series_the_alert_is_not_about_and_the_librarys_own_alerts(example):
    alert = next(a for a in example.alerts.alerts() if a.headline == "Maggie Q to play Renée Ballard")
    legacy = example.library.find("Bosch: Legacy")
    assert legacy not in {sid for sid, _ in alert.series}
    with pytest.raises(NotFound):
        example.alerts.not_about(alert.id, legacy)
    sid = alert.series[0][0]
    with session_scope(example.engine) as session:
        ann = session.get(Announcement, alert.id)
        ann.fingerprint = "aired:1:1"  # as the library's own alerts are made
        session.add(ann)
    with pytest.raises(InvalidInput):
        example.alerts.not_about(alert.id, sid)
    assert example.alerts.alert(alert.id).series == alert.series


def test_the_same_story_is_a_close_headline_or_the_same_item():
    said = FalseMatches([(1, SLATE, "feed:https://first.example/slate"), (2, "", "feed:https://x.example/y")])
    assert said.rejects(1, SLATE_AGAIN)
    assert said.rejects(1, "Something else entirely", "feed:https://first.example/slate")
    assert said.rejects(2, "Anything", "feed:https://x.example/y")
    assert not said.rejects(2, "Anything")  # no headline kept: only the same item
    assert not said.rejects(1, SEVERANCE_RENEWED)
    assert not said.rejects(3, SLATE)  # another series
    assert SAME_STORY == 85


def test_a_news_model_that_cannot_be_read_leaves_the_corrections_out_and_the_poll_goes_on(monkeypatch, caplog):
    def broken(cls):
        raise ValueError("news model format 2, expected 1")

    monkeypatch.setattr(KindModel, "shipped", classmethod(broken))
    corrections = KindCorrections([(TEASE, "", (K.TRAILER,))])
    assert not corrections and corrections.kinds(TEASE, "") is None
    assert "kind corrections are not used" in caplog.text
