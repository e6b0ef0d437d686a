"""News feeds (RSS 0.9x/1.0/2.0 and Atom) through the polite client, parsed with feedparser.

Conditional GET (ETag / Last-Modified) so that an unchanged feed costs one short answer; a size
limit; a document that declares XML entities is refused before feedparser parses it (no entity
expansion, no external entities); a web page or anything else that is not a feed is named as such.

The entity check reads the document as feedparser will: decoded to UTF-8 by feedparser's own
``convert_to_utf8`` (BOMs, UTF-16/32, EBCDIC, an XML declaration naming any codec Python has), and
that very text is what feedparser then parses. Expat (the parser of feedparser's strict mode) reads
the prolog and says whether it declares an entity. Feedparser's loose mode, used when the strict
parse fails, takes ``<!ENTITY`` declarations by a regex from everything before the first element,
comments included, and expands them without a limit: so text looking like one there is refused too,
and when expat cannot finish the prolog (malformed), ``<!ENTITY`` anywhere is.

Some shapes cost feedparser time that grows with the square of their size (or worse): many
attributes on one element, many namespace prefixes, a long author name (an e-mail regex), a long
run of blank lines before the first element or a long first line (regexes of the prolog). A linear
scan (``costs_more_than_linear``) refuses them before feedparser starts; feedparser's HTML sanitizer
(quadratic on some style attributes and unclosed comments) is not used: the text is made plain by
``html_to_text``, as everything from outside is.
"""

from __future__ import annotations

import calendar
import codecs
import hashlib
import html
import io
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
from xml.parsers import expat

from watchtracker.errors import BadResponse, NotFoundOnline
from watchtracker.providers.http import PoliteClient
from watchtracker.providers.text import html_to_text

log = logging.getLogger(__name__)

MAX_FEED_BYTES = 5_000_000  # the largest real TV-news feeds are a few hundred kB
MAX_ITEMS = 300  # per poll; the newest are kept
MAX_TITLE = 500
MAX_SUMMARY = 2_000
# Feedparser's time grows with the markup, not the bytes, and worse than linearly when it nests:
# 4 MB of nested elements or of escaped tags take minutes. Real feeds have a few thousand tags
# and entities (300 items with their HTML, escaped or not); these caps bound a poll to seconds.
MAX_TAGS = 100_000  # "<" and "&lt;" (escaped HTML is parsed again, by html_to_text)
MAX_ENTITIES = 400_000  # "&"
# xml.sax finds each attribute of an element by a linear search (the time grows with the square of
# their number); real feeds have a dozen at most on one element (media:content), a few thousand in all
MAX_ATTRIBUTES = 100  # on one element
MAX_ALL_ATTRIBUTES = 100_000
MAX_PREFIXES = 50  # namespace prefixes declared: feedparser walks them all for each element of an
# unknown namespace; real feeds declare about a dozen
# Steps of feedparser's regexes that are worse than linear, estimated (about 4 ns each): the e-mail
# regex run on author names (the squares of the runs of letters, digits and ".+-_"), the DOCTYPE
# and ENTITY regexes on the prolog (its lines times its length), the encoding regex on the first line
MAX_REGEX_STEPS = 50_000_000
FUTURE_SLACK = timedelta(days=1)  # a date further ahead than this is a feed's mistake: not trusted

ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)

_ENTITY_TEXT = re.compile(rb"<!\s*ENTITY", re.IGNORECASE)
_FIRST_ELEMENT = re.compile(rb"<\w")  # where feedparser's replace_doctype ends the prolog
_PI_ENCODING = re.compile(rb"encoding=['\"]")
# how convert_to_utf8 guesses the encoding before it looks for a declaration, in its order: the
# start of the bytes, the codec, whether that start is a BOM (dropped)
_SNIFFS = (
    (codecs.BOM_UTF32_BE, "utf-32be", True),
    (codecs.BOM_UTF32_LE, "utf-32le", True),
    (codecs.BOM_UTF16_BE, "utf-16be", True),
    (codecs.BOM_UTF16_LE, "utf-16le", True),
    (codecs.BOM_UTF8, "utf-8", True),
    (b"\x4c\x6f\xa7\x94", "cp037", False),
    (b"\x00<\x00?", "utf-16be", False),
    (b"<\x00?\x00", "utf-16le", False),
    (b"\x00\x00\x00<", "utf-32be", False),
    (b"<\x00\x00\x00", "utf-32le", False),
)
_NAME_RUN = re.compile(r"[a-zA-Z0-9_.+\-]+")  # what feedparser's e-mail regex backtracks over
_TAG = re.compile(rb"<[^<>]*>")
# elements whose text feedparser reads as a person (``_sync_author_detail``), by their local name
_PERSONS = frozenset(
    {"author", "creator", "managingeditor", "webmaster", "publisher", "owner", "name", "email", "contributor"}
)
# such an element's tags, or a CDATA section (its text holds no tags), as the loose parser sees them
_PERSON_TAG = re.compile(
    rb"<(/?)(?:[\w.-]+:)?(?:" + "|".join(sorted(_PERSONS)).encode() + rb")(?=[\s/>])([^<>]*)|<!\[CDATA\[", re.IGNORECASE
)


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
    # False when the feed gives a day without a time ("Wed, 09 Jul 2025", "2025-07-09"): published
    # is then 12:00 UTC that day, which is that same day from UTC-11 to UTC+11
    published_has_time: bool = True


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

    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        name: str | None = None,
        now: datetime | None = None,
    ) -> FeedAnswer:
        """Raises a ProviderError (one line) when the feed cannot be used. ``now`` judges the
        items' dates (see ``parse_feed``)."""
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
            raise NotFoundOnline(
                f"{what} is not there any more (the site answers 404, not found); check its address."
            ) from None
        new_etag = answer.headers.get("ETag") or etag
        new_modified = answer.headers.get("Last-Modified") or last_modified
        if answer.status == 304:
            return FeedAnswer(None, new_etag, new_modified)
        return FeedAnswer(parse_feed(answer.body, what=what, now=now), new_etag, new_modified)


def parse_feed(data: bytes, *, what: str = "the feed", now: datetime | None = None) -> FeedDocument:
    """Raises NotAFeed (one line) for anything that is not a usable feed. An item dated more
    than a day after ``now`` (default: the present) keeps no date: it is dated when stored."""
    import feedparser  # imported when first needed: start-up does not pay for it
    from feedparser.encodings import convert_to_utf8

    if not data.strip():
        raise NotAFeed(f"{what} sent an empty answer.")
    if len(data) > MAX_FEED_BYTES:
        raise NotAFeed(f"{what} is too large to read (over {MAX_FEED_BYTES // 1_000_000} MB).")
    too_much = NotAFeed(f"{what} has far more markup than a news feed; refused.")
    if _first_line_steps(_sniffed(data)) > MAX_REGEX_STEPS:  # convert_to_utf8 runs that regex
        raise too_much
    # exactly the text feedparser parses (it converts to UTF-8 first, with the same call)
    decoding: dict = {}
    text = convert_to_utf8({}, data, decoding)
    if declares_entities(text):
        raise NotAFeed(f"{what} declares XML entities, which feeds never need; refused for safety.")
    if (
        text.count(b"<") + text.count(b"&lt;") > MAX_TAGS
        or text.count(b"&") > MAX_ENTITIES
        or _first_line_steps(text) > MAX_REGEX_STEPS  # feedparser converts it again (UTF-16 hid it)
        or costs_more_than_linear(text)
    ):
        raise too_much
    # a file object: given bytes, feedparser first tries them as the name of a local file; no
    # sanitizer: html_to_text keeps only the text (and the sanitizer's time is not linear)
    parsed = feedparser.parse(io.BytesIO(text), sanitize_html=False, resolve_relative_uris=False)
    if decoding.get("bozo") and not parsed.get("bozo"):  # the encoding's trouble, as feedparser tells it
        parsed["bozo"], parsed["bozo_exception"] = True, decoding.get("bozo_exception")
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
        log.info("%s is not well-formed (%s); reading what can be read", what, _reason(parsed.get("bozo_exception")))
    latest = (now or datetime.now(UTC)) + FUTURE_SLACK
    items = [item for e in entries[:MAX_ITEMS] if (item := _item(e, latest)) is not None]
    title = _clip(html_to_text(parsed.get("feed", {}).get("title")), 200)
    return FeedDocument(title=title, items=tuple(items))


def declares_entities(text: bytes) -> bool:
    """Whether a feed's text (UTF-8, as ``convert_to_utf8`` gives it) declares an XML entity as
    expat reads it, or has what feedparser's loose parser would take for a declaration."""
    reader = expat.ParserCreate(namespace_separator=" ")  # as feedparser's SAX reader is set up

    def declared(*_args) -> None:
        raise _Declared

    def first_element(*_args) -> None:
        raise _PrologRead  # nothing can be declared after this: the rest is not our concern

    reader.EntityDeclHandler = declared
    reader.UnparsedEntityDeclHandler = declared
    reader.StartElementHandler = first_element
    try:
        reader.Parse(text, True)
    except _Declared:
        return True
    except _PrologRead:
        first = _FIRST_ELEMENT.search(text)
        return bool(_ENTITY_TEXT.search(text, 0, first.start() if first else len(text)))
    except (expat.ExpatError, ValueError, RecursionError):
        pass
    # expat could not read the prolog: be conservative (a NUL is never XML: ignore them, so that
    # UTF-16 read as UTF-8 hides nothing)
    return bool(_ENTITY_TEXT.search(text.replace(b"\x00", b"")))


class _Declared(Exception):
    pass


class _PrologRead(Exception):
    pass


def costs_more_than_linear(text: bytes) -> bool:
    """Whether feedparser would take more than linear time on a feed's text (UTF-8, as
    ``convert_to_utf8`` gives it): too many attributes on an element or in all, too many namespace
    prefixes, author names or a prolog that its regexes take too long over. One pass of expat, the
    parser of feedparser's strict mode; if the text is malformed, feedparser reads it again with its
    loose parser, and what expat could not read is judged by its text."""
    head = _FIRST_ELEMENT.search(text)  # the prolog as replace_doctype takes it
    prolog = text[: head.start() + 1] if head and head.start() else b""
    if prolog.count(b"\n") * len(prolog) > MAX_REGEX_STEPS:  # a MULTILINE "^\s*<!DOCTYPE" tries every line
        return True
    reader = expat.ParserCreate(namespace_separator=" ")  # as feedparser's SAX reader is set up
    scan = _Scan(reader)
    reader.ordered_attributes = True
    reader.buffer_text = True
    reader.StartElementHandler = scan.start
    reader.EndElementHandler = scan.end
    reader.CharacterDataHandler = scan.text
    reader.StartNamespaceDeclHandler = scan.prefix
    try:
        reader.Parse(text, True)
        return False
    except _TooCostly:
        return True
    except expat.ExpatError:
        broken = max(reader.ErrorByteIndex, 0)
    except (ValueError, RecursionError):
        broken = 0
    if scan.person_depth:  # the loose parser reads that person's name on past the break
        broken = min(broken, scan.person_start)
    return scan.steps + _loose_name_steps(text[broken:]) > MAX_REGEX_STEPS


class _TooCostly(Exception):
    pass


class _Scan:
    """Expat's handlers for ``costs_more_than_linear``."""

    def __init__(self, reader):
        self.reader = reader
        self.attributes = 0
        self.prefixes: set[str | None] = set()
        self.person_depth = 0  # > 0 inside an element feedparser reads as a person
        self.person_start = 0
        self.person: list[str] = []
        self.steps = 0

    def start(self, name: str, attributes: list) -> None:
        count = len(attributes) // 2
        self.attributes += count
        if count > MAX_ATTRIBUTES or self.attributes > MAX_ALL_ATTRIBUTES:
            raise _TooCostly
        if self.person_depth:
            self.person_depth += 1
        elif name.rpartition(" ")[2].lower() in _PERSONS:
            self.person_depth = 1
            self.person_start = self.reader.CurrentByteIndex

    def end(self, _name: str) -> None:
        if self.person_depth:
            self.person_depth -= 1
            if not self.person_depth:
                self.steps += _name_steps("".join(self.person))
                self.person.clear()
                if self.steps > MAX_REGEX_STEPS:
                    raise _TooCostly

    def text(self, data: str) -> None:
        if self.person_depth:
            self.person.append(data)

    def prefix(self, prefix: str | None, _uri: str) -> None:
        self.prefixes.add(prefix)
        if len(self.prefixes) > MAX_PREFIXES:
            raise _TooCostly


def _name_steps(name: str) -> int:
    """Feedparser's e-mail regex, searched in a name, backtracks over each run of the characters of
    an address from each of its positions: the squares of the runs."""
    return sum(len(run) ** 2 for run in _NAME_RUN.findall(name))


def _loose_name_steps(text: bytes) -> int:
    """The same for a part of a feed that only feedparser's loose parser reads, found by the tags
    of such elements (nested ones count; one never closed runs to the end): their text with the
    tags dropped, CDATA opened and entities decoded."""
    steps, depth, start, at = 0, 0, 0, 0
    while (found := _PERSON_TAG.search(text, at)) is not None:
        at = found.end()
        if found.group(0).startswith(b"<!["):  # tags in it are text
            end = text.find(b"]]>", at)
            at = len(text) if end < 0 else end + 3
        elif found.group(1):
            if depth:
                depth -= 1
                if not depth:
                    steps += _name_steps(_plain(text[start : found.start()]))
        elif not found.group(2).rstrip().endswith(b"/"):
            if not depth:
                start = found.start()
            depth += 1
    if depth:
        steps += _name_steps(_plain(text[start:]))
    return steps


def _plain(markup: bytes) -> str:
    text = _TAG.sub(b"", markup.replace(b"<![CDATA[", b"").replace(b"]]>", b""))
    return html.unescape(text.decode("utf-8", "replace"))


def _sniffed(data: bytes) -> bytes:
    """The bytes convert_to_utf8 looks for an encoding declaration in: UTF-8, if it guesses
    another encoding from the first bytes; nothing if they cannot be decoded so."""
    for start, codec, bom in _SNIFFS:
        if data.startswith(start):
            try:
                return (data[len(start) :] if bom else data).decode(codec).encode()
            except (UnicodeDecodeError, LookupError):
                return b""
    return data


def _first_line_steps(data: bytes) -> int:
    """An estimate of the steps of feedparser's regex for the encoding, matched at the start of the
    undecoded feed: ``^<\\?.*encoding=['"](.*?)['"].*\\?>`` (``.`` stops at a newline). It tries
    each "encoding=" from the last one: for each, every quote after it, each one with a scan to the
    line's end, until a "?>" is found after the quote."""
    if not data.startswith(b"<?"):
        return 0
    end = data.find(b"\n")
    line = data if end < 0 else data[:end]
    closing = line.rfind(b"?>")
    steps = len(line)
    for found in reversed(list(_PI_ENCODING.finditer(line))):
        start = found.end()
        quotes = [q for q in (line.find(b'"', start), line.find(b"'", start)) if q >= 0]
        if quotes and closing > min(quotes):
            break
        steps += (line.count(b'"', start) + line.count(b"'", start) + 1) * (len(line) - start)
        if steps > MAX_REGEX_STEPS:
            break
    return steps


# a date's text gives a time when it has "10:30" (RFC 822, W3C) or ISO 8601's basic "20250709T1030"
_HAS_TIME = re.compile(r"\d:\d\d|\dT\d\d")


def _item(entry, latest: datetime) -> FeedItem | None:
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
    stamp, raw = entry.get("published_parsed"), entry.get("published")
    if not stamp:
        stamp, raw = entry.get("updated_parsed"), entry.get("updated")
    published = None
    has_time = True
    if stamp:
        try:
            published = datetime.fromtimestamp(calendar.timegm(stamp), UTC)
        except (OverflowError, ValueError, OSError):
            published = None
    # 2999, or a clock far off: not trusted (a day alone is read as its start: a zone ahead's "tomorrow" is)
    if published is not None and published > latest:
        published = None
    if published is not None and isinstance(raw, str) and not _HAS_TIME.search(raw):
        # a day alone, read as its midnight (in the zone it names, if any): that day at noon UTC
        published = datetime.combine((published + timedelta(hours=12)).date(), time(12), UTC)
        has_time = False
    categories = tuple(t["term"].strip() for t in entry.get("tags") or [] if isinstance(t, dict) and t.get("term"))[:20]
    return FeedItem(
        key=key,
        title=title or _clip(summary, 120),
        summary=summary,
        url=url,
        published=published,
        categories=categories,
        published_has_time=has_time,
    )


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
    return urlunsplit(("https" if parts.scheme == "http" else parts.scheme, parts.netloc.lower(), path, query, ""))


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split()) if limit <= MAX_TITLE else text
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _reason(exc) -> str:
    text = str(exc or "malformed").strip() or "malformed"
    return text.splitlines()[0][:120]
