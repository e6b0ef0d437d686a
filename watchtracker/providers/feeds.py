"""News feeds (RSS 0.9x/1.0/2.0 and Atom) through the polite client, parsed with feedparser.

Conditional GET (ETag / Last-Modified) so that an unchanged feed costs one short answer; a size
limit; a document that declares XML entities is refused before any parser sees it (no entity
expansion, no external entities); a web page or anything else that is not a feed is named as such.
"""

from __future__ import annotations

import calendar
import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from watchtracker.providers.errors import BadResponse, NotFoundOnline
from watchtracker.providers.http import PoliteClient
from watchtracker.providers.text import html_to_text

log = logging.getLogger(__name__)

MAX_FEED_BYTES = 5_000_000  # the largest real TV-news feeds are a few hundred kB
MAX_ITEMS = 300  # per poll; the newest are kept
MAX_TITLE = 500
MAX_SUMMARY = 2_000

ACCEPT = ("application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
          "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")

_ENTITY_DECL = re.compile(rb"<!DOCTYPE[^>\[]*\[[^\]]*<!ENTITY", re.IGNORECASE | re.DOTALL)


class NotAFeed(BadResponse):
    """The answer is readable but is not a news feed (a web page, JSON, garbage)."""


@dataclass(frozen=True)
class FeedItem:
    key: str  # stable identity: normalised link, else guid, else a hash of the text
    title: str  # plain text
    summary: str  # plain text (HTML dropped)
    url: str | None  # http(s) only
    published: datetime | None  # UTC; None when the feed gives no date
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class FeedDocument:
    title: str
    items: tuple[FeedItem, ...]


@dataclass(frozen=True)
class FeedAnswer:
    """``document`` is None when the feed answered 304 Not Modified."""

    document: FeedDocument | None
    etag: str | None
    last_modified: str | None


class FeedClient:
    def __init__(self, http: PoliteClient):
        self.http = http

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
              name: str | None = None) -> FeedAnswer:
        """Raises a ProviderError (one line) when the feed cannot be used."""
        what = f"the feed {name or url}"
        if urlsplit(url).scheme not in ("http", "https"):
            raise NotAFeed(f"{what} is not a web address (http or https).")
        headers = {"Accept": ACCEPT}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            answer = self.http.fetch(url, what=what, max_bytes=MAX_FEED_BYTES, headers=headers)
        except NotFoundOnline:
            raise NotFoundOnline(f"{what} is not there any more (the site answers 404, not found); "
                                 f"check its address.") from None
        new_etag = answer.headers.get("ETag") or etag
        new_modified = answer.headers.get("Last-Modified") or last_modified
        if answer.status == 304:
            return FeedAnswer(None, new_etag, new_modified)
        return FeedAnswer(parse_feed(answer.body, what=what), new_etag, new_modified)


def parse_feed(data: bytes, *, what: str = "the feed") -> FeedDocument:
    """Raises NotAFeed (one line) for anything that is not a usable feed."""
    import feedparser  # imported when first needed: start-up does not pay for it

    if not data.strip():
        raise NotAFeed(f"{what} sent an empty answer.")
    if _ENTITY_DECL.search(data[:200_000]):
        raise NotAFeed(f"{what} declares XML entities, which feeds never need; refused for safety.")
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    entries = parsed.get("entries") or []
    if not parsed.get("version") and not entries:
        head = data[:2_000].lower()
        if b"<html" in head or b"<!doctype html" in head:
            raise NotAFeed(f"{what} is a web page, not a news feed; look for its RSS or Atom link.")
        if parsed.get("bozo"):
            raise NotAFeed(f"{what} is not readable as RSS or Atom ({_reason(parsed.get('bozo_exception'))}).")
        raise NotAFeed(f"{what} is not an RSS or Atom feed.")
    if parsed.get("bozo") and not entries:
        raise NotAFeed(f"{what} is cut off or malformed ({_reason(parsed.get('bozo_exception'))}).")
    if parsed.get("bozo"):
        log.info("%s is not well-formed (%s); reading what can be read", what,
                 _reason(parsed.get("bozo_exception")))
    items = [item for e in entries[:MAX_ITEMS] if (item := _item(e)) is not None]
    title = _clip(html_to_text(parsed.get("feed", {}).get("title")), 200)
    return FeedDocument(title=title, items=tuple(items))


def _item(entry) -> FeedItem | None:
    title = _clip(html_to_text(entry.get("title")), MAX_TITLE)
    summary_html = entry.get("summary") or ""
    if not summary_html:
        content = entry.get("content") or []
        if content and isinstance(content[0], dict):
            summary_html = content[0].get("value") or ""
    summary = _clip(html_to_text(summary_html), MAX_SUMMARY)
    if not title and not summary:
        return None
    url = _web_link(entry.get("link"))
    guid = (entry.get("id") or "").strip()
    if url:
        key = "link:" + normalise_link(url)
    elif guid:
        key = "guid:" + guid[:500]
    else:
        key = "text:" + hashlib.sha256(f"{title}\n{summary}".encode()).hexdigest()
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    published = None
    if stamp:
        try:
            published = datetime.fromtimestamp(calendar.timegm(stamp), timezone.utc)
        except (OverflowError, ValueError, OSError):
            published = None
    categories = tuple(
        t["term"].strip() for t in entry.get("tags") or [] if isinstance(t, dict) and t.get("term")
    )[:20]
    return FeedItem(key=key, title=title or _clip(summary, 120), summary=summary, url=url,
                    published=published, categories=categories)


def _web_link(value) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return value


def normalise_link(url: str) -> str:
    """The same article reached through two feeds (or with tracking tags) is the same item."""
    parts = urlsplit(url)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not k.lower().startswith("utm_")])
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https" if parts.scheme == "http" else parts.scheme, parts.netloc.lower(),
                       path, query, ""))


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split()) if limit <= MAX_TITLE else text
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _reason(exc) -> str:
    text = str(exc or "malformed").strip() or "malformed"
    return text.splitlines()[0][:120]
