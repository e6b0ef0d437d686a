"""News feeds against a real local HTTP server: RSS 2.0 and Atom written for the project, and the
bad days (a web page, an XML bomb, a huge feed, garbage, a dead server). Matching of the items to
the followed series is checked end to end: feed -> announcement with its kind and series."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from werkzeug import Response

from watchtracker.domain.enums import LifecycleStatus, ViewerState
from watchtracker.domain.inputs import SeriesInput
from watchtracker.errors import InvalidInput, NetworkDown, NotFound, ProviderError, ResponseTooLarge
from watchtracker.providers.feeds import FeedClient, NotAFeed, normalise_link, parse_feed
from watchtracker.providers.http import PoliteClient, Politeness
from watchtracker.services.feeds import FeedService

pytestmark = pytest.mark.both_backends

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"


def feed_bytes(name: str) -> bytes:
    return (FEEDS / name).read_bytes()


@pytest.fixture
def client():
    http = PoliteClient(Politeness(retries=1, backoff=0.01, read_timeout=2.0), sleep=lambda s: None)
    yield FeedClient(http)
    http.close()


@pytest.fixture
def news(example, client):
    """The example library (Bosch followed, Bosch: Legacy followed, Ballard in the library but not
    followed: the example follows it, this viewer does not, so a story naming it names a new
    spin-off) plus a few followed series the fixture feeds talk about."""
    example.library.unfollow(example.library.find("Ballard"))
    for title in ("Reacher", "Slow Horses", "The Last of Us", "Silo", "Severance", "From", "Fallout"):
        example.catalog.add_series(
            SeriesInput(title=title, status=LifecycleStatus.AIRING, follow_state=ViewerState.WATCHING)
        )
    service = FeedService(example.engine, client, clock=lambda: datetime(2026, 11, 24, 12, tzinfo=UTC))
    return example, service


def alerts_by_headline(services) -> dict[str, tuple[str, list[str]]]:
    return {
        a.headline: (a.kind.value, a.series_titles)
        for a in services.alerts.alerts()
        if a.source not in ("", "TVmaze") and a.url and "example" in a.url
    }


# -- parsing ----------------------------------------------------------------------------------


def test_rss_items_are_plain_text_with_utc_dates_and_web_links_only():
    doc = parse_feed(feed_bytes("tvnews.rss.xml"))
    assert doc.title.startswith("The TV Wire")
    assert len(doc.items) == 12
    by_title = {i.title: i for i in doc.items}
    slow = by_title["‘Slow Horses’ Season 5 Sets September Premiere on Apple TV+"]
    assert slow.published is not None and slow.published.tzinfo is not None
    assert slow.url.startswith("https://tvwire.example/")
    silo = next(i for i in doc.items if "Silo" in i.title)
    # the description carries <script> and a javascript: link: neither survives as markup or text
    assert "<" not in silo.summary and "alert(" not in silo.summary and "javascript" not in silo.summary
    assert "&#8216;" not in "".join(i.title for i in doc.items)


def test_atom_entries_with_html_and_xhtml_content():
    doc = parse_feed(feed_bytes("tvnews.atom.xml"))
    assert len(doc.items) == 6
    assert all(i.published and i.published.tzinfo for i in doc.items)
    assert all("<" not in i.summary for i in doc.items)
    assert any("Vought Rising" in i.title for i in doc.items)


def test_items_without_dates_guid_or_link_are_kept():
    doc = parse_feed(feed_bytes("nodates.rss.xml"))
    assert len(doc.items) == 3
    assert all(i.published is None for i in doc.items)
    bare = [i for i in doc.items if i.url is None]
    assert len(bare) == 1 and bare[0].key.startswith(("guid:", "text:"))


def test_a_web_page_is_named_as_such():
    with pytest.raises(NotAFeed, match="web page, not a news feed"):
        parse_feed(feed_bytes("not_a_feed.html"))


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   ",
        b"\x00\xff\xfe garbage \x89PNG",
        b'{"items": []}',
        b"<rss><channel><title>cut off",
        b"not xml at all",
    ],
)
def test_garbage_is_refused_with_one_line(data):
    with pytest.raises(NotAFeed) as err:
        parse_feed(data)
    assert "\n" not in str(err.value)


def test_an_xml_bomb_is_refused_before_parsing():
    lol = '<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE rss [{lol}]><rss version="2.0"><channel><title>x</title>'
        f"<item><title>&l9;</title></item></channel></rss>".encode()
    )
    started = time.perf_counter()
    with pytest.raises(NotAFeed, match="entities"):
        parse_feed(bomb)
    assert time.perf_counter() - started < 1.0


def test_an_external_entity_is_refused():
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<rss version="2.0"><channel><title>&x;</title></channel></rss>'
    )
    with pytest.raises(NotAFeed, match="entities"):
        parse_feed(xxe)


def test_links_are_normalised_so_the_same_article_is_one_item():
    assert normalise_link("http://Site.example/a/b/?utm_source=rss&id=3#x") == "https://site.example/a/b?id=3"


# -- the client against a local server --------------------------------------------------------


def test_conditional_get_sends_etag_and_last_modified_and_handles_304(httpserver, client):
    body = feed_bytes("tvnews.rss.xml")
    httpserver.expect_ordered_request("/feed").respond_with_response(
        Response(
            body,
            headers={"ETag": '"v1"', "Last-Modified": "Tue, 24 Nov 2026 10:00:00 GMT"},
            content_type="application/rss+xml",
        )
    )
    httpserver.expect_ordered_request("/feed", headers={"If-None-Match": '"v1"'}).respond_with_response(
        Response(status=304)
    )
    first = client.fetch(httpserver.url_for("/feed"))
    assert first.document is not None and first.etag == '"v1"'
    second = client.fetch(httpserver.url_for("/feed"), etag=first.etag, last_modified=first.last_modified)
    assert second.document is None and second.etag == '"v1"'
    sent = httpserver.log[1][0]
    assert sent.headers["If-Modified-Since"] == "Tue, 24 Nov 2026 10:00:00 GMT"
    assert "watchtracker/" in sent.headers["User-Agent"]


def test_a_50_mb_feed_is_refused(httpserver, client):
    huge = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>big</title>'
        + b"<item><title>x</title><description>"
        + b"a" * 50_000_000
        + b"</description></item></channel></rss>"
    )
    httpserver.expect_request("/huge").respond_with_data(huge, content_type="application/rss+xml")
    with pytest.raises(ResponseTooLarge):
        client.fetch(httpserver.url_for("/huge"))


def test_a_server_that_is_down(client):
    with pytest.raises(NetworkDown):
        client.fetch("http://127.0.0.1:9/feed")


def test_only_web_addresses(client):
    with pytest.raises(NotAFeed, match="not a web address"):
        client.fetch("file:///etc/passwd")


# -- the service ------------------------------------------------------------------------------


def test_the_feed_list(news):
    services, feeds = news
    row = feeds.add("tvwire.example/feed", name="TV Wire")
    assert row.url == "https://tvwire.example/feed"
    with pytest.raises(InvalidInput, match="already"):
        feeds.add("https://tvwire.example/feed")
    for nonsense in ("", "   ", "ftp://x.example/feed", "javascript:alert(1)", "http://", "a b c"):
        with pytest.raises(InvalidInput):
            feeds.add(nonsense)
    feeds.rename(row.id, "The TV Wire")
    feeds.set_enabled(row.id, False)
    assert [(f.name, f.enabled) for f in feeds.feeds()] == [("The TV Wire", False)]
    assert feeds.find("the tv wire") == row.id
    feeds.remove(row.id)
    assert feeds.feeds() == []
    with pytest.raises(NotFound):
        feeds.find("https://tvwire.example/feed")
    # suggestions are only suggestions: nothing is added without consent
    assert feeds.suggestions() and feeds.feeds() == []


def test_poll_turns_news_into_typed_alerts_once(news, httpserver):
    services, feeds = news
    for name in ("tvnews.rss.xml", "tvnews.atom.xml", "nodates.rss.xml"):
        httpserver.expect_request(f"/{name}").respond_with_data(feed_bytes(name), content_type="application/xml")
        feeds.add(httpserver.url_for(f"/{name}"))
    report = feeds.poll()
    assert report.all_answered and report.feeds_ok == 3
    got = alerts_by_headline(services)
    ballard = got[
        "Prime Video’s ‘Bosch’ Spinoff Is Officially Titled ‘Ballard’, With Maggie Q Leading the Cold-Case Drama"
    ]
    assert ballard == ("spin_off", ["Bosch", "Bosch: Legacy"])
    assert got["‘Reacher’ Renewed for Season 4 at Prime Video"] == ("renewed", ["Reacher"])
    assert got["‘Slow Horses’ Season 5 Sets September Premiere on Apple TV+"] == ("premiere_date", ["Slow Horses"])
    assert got["‘Silo’ Renewed for Seasons 3 and 4 at Apple TV+"] == ("renewed", ["Silo"])
    assert got["‘The Last of Us’ Season 2 Casts Kaitlyn Dever as Abby"] == ("casting", ["The Last of Us"])
    assert got["‘Severance’ Season 2 Trailer: Lumon Wants You Back"] == ("trailer", ["Severance"])
    # nobody follows these, and these only share a word with a followed title
    for headline in got:
        assert "Dead Boy Detectives" not in headline and "Traitors" not in headline
        assert "Colbert" not in headline
        assert not headline.startswith(("Studio Layoffs", "From the Archives", "Inside the Prado"))
    # the Slow Horses premiere carries its date, at its precision
    slow = next(a for a in services.alerts.alerts() if a.headline.startswith("‘Slow Horses’"))
    assert slow.premiere is not None and slow.premiere.to_text() == "2025-09-24"
    # a spin-off names the new series
    assert next(a for a in services.alerts.alerts() if a.headline == ballard_headline()).spin_off_title == "Ballard"
    # polled again: every item is known, nothing doubles
    count = len(services.alerts.alerts())
    again = feeds.poll()
    assert again.alerts == [] and again.items_known > 0
    assert len(services.alerts.alerts()) == count


def ballard_headline() -> str:
    return "Prime Video’s ‘Bosch’ Spinoff Is Officially Titled ‘Ballard’, With Maggie Q Leading the Cold-Case Drama"


def test_the_same_article_from_two_feeds_is_stored_once(news, httpserver):
    services, feeds = news
    body = feed_bytes("tvnews.rss.xml")
    httpserver.expect_request("/a").respond_with_data(body, content_type="application/xml")
    httpserver.expect_request("/b").respond_with_data(body, content_type="application/xml")
    feeds.add(httpserver.url_for("/a"))
    feeds.add(httpserver.url_for("/b"))
    report = feeds.poll()
    assert report.items_read == 24 and report.items_known == len(report.alerts) > 0
    assert len([a for a in services.alerts.alerts() if a.headline == ballard_headline()]) == 1


def test_a_bad_feed_is_marked_and_the_others_go_on(news, httpserver):
    services, feeds = news
    httpserver.expect_request("/page").respond_with_data(feed_bytes("not_a_feed.html"), content_type="text/html")
    httpserver.expect_request("/broken").respond_with_data("oops", status=500)
    httpserver.expect_request("/good").respond_with_data(feed_bytes("tvnews.rss.xml"), content_type="application/xml")
    for path in ("/page", "/broken", "/good"):
        feeds.add(httpserver.url_for(path))
    feeds.add("http://127.0.0.1:9/dead", name="Dead")
    report = feeds.poll()
    assert report.feeds_ok == 1 and len(report.failed) == 3 and not report.all_answered
    state = {f.url.rsplit("/", 1)[-1]: f for f in feeds.feeds()}
    assert "web page" in state["page"].last_error
    assert "HTTP 500" in state["broken"].last_error
    assert "Cannot reach" in state["dead"].last_error or "did not answer" in state["dead"].last_error
    assert state["good"].last_error is None and state["good"].last_ok_at is not None
    assert state["good"].name.startswith("The TV Wire")  # named by its own title
    assert any(a.headline == ballard_headline() for a in services.alerts.alerts())


def test_a_feed_that_recovers_loses_its_error(news, httpserver):
    services, feeds = news
    httpserver.expect_ordered_request("/f").respond_with_data(
        "<html><body>down</body></html>", content_type="text/html"
    )
    httpserver.expect_ordered_request("/f").respond_with_data(
        feed_bytes("nodates.rss.xml"), content_type="application/xml"
    )
    fid = feeds.add(httpserver.url_for("/f")).id
    feeds.poll()
    assert feeds.feeds()[0].last_error
    feeds.poll([fid])
    assert feeds.feeds()[0].last_error is None


def test_disabled_feeds_are_not_polled(news, httpserver):
    services, feeds = news
    row = feeds.add(httpserver.url_for("/never"))
    feeds.set_enabled(row.id, False)
    assert feeds.poll().feeds_ok == 0
    assert httpserver.log == []


def test_items_without_dates_are_dated_when_first_seen(news, httpserver):
    services, feeds = news
    httpserver.expect_request("/n").respond_with_data(feed_bytes("nodates.rss.xml"), content_type="application/xml")
    feeds.add(httpserver.url_for("/n"))
    feeds.poll()
    legacy = next(a for a in services.alerts.alerts() if a.headline.startswith("‘Bosch: Legacy’ Renewed"))
    assert legacy.kind.value == "renewed" and legacy.series_titles == ["Bosch: Legacy"]
    assert legacy.published == datetime(2026, 11, 24, 12, tzinfo=UTC)


def test_a_removed_feed_keeps_its_announcements(news, httpserver):
    services, feeds = news
    httpserver.expect_request("/f").respond_with_data(feed_bytes("tvnews.rss.xml"), content_type="application/xml")
    fid = feeds.add(httpserver.url_for("/f")).id
    n = len(feeds.poll().alerts)
    feeds.remove(fid)
    assert n > 0 and len([a for a in services.alerts.alerts() if a.url and "tvwire" in a.url]) == n


def test_a_feed_that_is_gone_says_so(httpserver, client):
    httpserver.expect_request("/gone.xml").respond_with_data("nope", status=404)
    with pytest.raises(ProviderError, match="not there any more.*404"):
        client.fetch(httpserver.url_for("/gone.xml"), name="Old feed")


# -- a day without a time -------------------------------------------------------------------------

# Feeds may date an item by its day alone: RSS "Wed, 09 Jul 2025", "2025-07-09", Atom <updated>2025-07-09.
DAYS_RSS = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Day Wire</title>
<item><title>'Bosch: Legacy' finale gets a live stage reading</title>
  <link>https://days.example/stage</link><pubDate>Wed, 09 Jul 2025</pubDate></item>
<item><title>'Bosch: Legacy' composer releases the soundtrack</title>
  <link>https://days.example/soundtrack</link><pubDate>2025-07-10</pubDate></item>
<item><title>'Bosch: Legacy' cast reunites for a charity reading</title>
  <link>https://days.example/reading</link><pubDate>Wed, 09 Jul 2025 10:30:00 GMT</pubDate></item>
<item><title>'Bosch: Legacy' panel announced for a midnight screening</title>
  <link>https://days.example/midnight</link><pubDate>Thu, 10 Jul 2025 00:00:00 +0000</pubDate></item>
</channel></rss>"""

DAYS_ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Day Atom</title><id>urn:days</id><updated>2025-07-10</updated>
<entry><title>A day alone</title><id>urn:days:1</id><link href="https://days.example/a1"/>
  <updated>2025-07-09</updated></entry>
<entry><title>A time with an offset</title><id>urn:days:2</id><link href="https://days.example/a2"/>
  <published>2025-07-09T10:30:00+02:00</published><updated>2025-07-11T00:00:00Z</updated></entry>
</feed>"""


def test_a_date_without_a_time_is_that_day_at_noon_utc_and_marked_so():
    """A day alone is placed at 12:00 UTC that day (the same day from UTC-11 to UTC+11) and marked
    as having no time; a time, midnight included, is kept as given."""
    items = {i.url.rsplit("/", 1)[-1]: i for i in parse_feed(DAYS_RSS).items}
    assert (items["stage"].published, items["stage"].published_has_time) == (
        datetime(2025, 7, 9, 12, tzinfo=UTC),
        False,
    )
    assert (items["soundtrack"].published, items["soundtrack"].published_has_time) == (
        datetime(2025, 7, 10, 12, tzinfo=UTC),
        False,
    )
    assert (items["reading"].published, items["reading"].published_has_time) == (
        datetime(2025, 7, 9, 10, 30, tzinfo=UTC),
        True,
    )
    assert (items["midnight"].published, items["midnight"].published_has_time) == (
        datetime(2025, 7, 10, tzinfo=UTC),
        True,
    )
    atom = {i.url.rsplit("/", 1)[-1]: i for i in parse_feed(DAYS_ATOM).items}
    assert (atom["a1"].published, atom["a1"].published_has_time) == (datetime(2025, 7, 9, 12, tzinfo=UTC), False)
    assert (atom["a2"].published, atom["a2"].published_has_time) == (datetime(2025, 7, 9, 8, 30, tzinfo=UTC), True)
    # no date at all: none, and nothing claimed about a time
    assert all(i.published is None for i in parse_feed(feed_bytes("nodates.rss.xml")).items)


def test_a_feed_item_dated_by_its_day_is_stored_without_a_time(news, httpserver):
    services, feeds = news
    httpserver.expect_request("/days").respond_with_data(DAYS_RSS, content_type="application/rss+xml")
    feeds.add(httpserver.url_for("/days"))
    assert feeds.poll().all_answered
    got = {a.url.rsplit("/", 1)[-1]: a for a in services.alerts.alerts() if a.url and "days.example" in a.url}
    assert set(got) == {"stage", "soundtrack", "reading", "midnight"}
    assert (got["stage"].published, got["stage"].published_has_time) == (datetime(2025, 7, 9, 12, tzinfo=UTC), False)
    assert (got["reading"].published, got["reading"].published_has_time) == (
        datetime(2025, 7, 9, 10, 30, tzinfo=UTC),
        True,
    )
    assert got["midnight"].published_has_time
    # the series' page has it too
    legacy = services.library.find("Bosch: Legacy")
    timeline = {a.url.rsplit("/", 1)[-1]: a for a in services.library.detail(legacy).announcements if a.url}
    assert not timeline["stage"].published_has_time and timeline["reading"].published_has_time
    assert timeline["stage"].published == datetime(2025, 7, 9, 12, tzinfo=UTC)


def test_a_day_alone_polled_that_morning_stays_on_its_day(example, client, httpserver):
    """Seen at 07:00 UTC, an item dated that day is not moved to 07:00 (the evening before in the
    Americas); one dated a day later than it was seen is placed on the day it was seen."""
    service = FeedService(example.engine, client, clock=lambda: datetime(2025, 7, 9, 7, tzinfo=UTC))
    httpserver.expect_request("/days").respond_with_data(DAYS_RSS, content_type="application/rss+xml")
    service.add(httpserver.url_for("/days"))
    service.poll()
    got = {a.url.rsplit("/", 1)[-1]: a for a in example.alerts.alerts() if a.url and "days.example" in a.url}
    assert (got["stage"].published, got["stage"].published_has_time) == (datetime(2025, 7, 9, 12, tzinfo=UTC), False)
    assert got["soundtrack"].published == datetime(2025, 7, 9, 12, tzinfo=UTC)  # dated the 10th, seen on the 9th
    # a time later than when it was seen is still not believed
    assert got["reading"].published == datetime(2025, 7, 9, 7, tzinfo=UTC)
    legacy = example.library.find("Bosch: Legacy")
    timeline = {a.url.rsplit("/", 1)[-1]: a for a in example.library.detail(legacy).announcements if a.url}
    assert timeline["stage"].published == datetime(2025, 7, 9, 12, tzinfo=UTC)


def test_the_matcher_knows_each_followed_series_country(example):
    """Issue 14: another country's show of the same title ("'Ghosts' US") is told apart by the
    followed series' own country, so a poll gives the matcher the country it has."""
    from sqlmodel import Session

    from watchtracker.services.feeds import followed_series
    from watchtracker.services.news import NewsMatcher

    with Session(example.engine) as session:
        followed = {f.title: f for f in followed_series(session)}
    assert followed["Bosch"].country == "US"
    matcher = NewsMatcher(followed.values())
    assert matcher.match("'Bosch' UK remake ordered by ITV", "") == []
    assert [m.series_id for m in matcher.match("'Bosch' star Titus Welliver on the final case", "")] == [
        followed["Bosch"].series_id
    ]
