"""Which followed series a news item concerns, what kind of news it is, and the date it gives.

Matching works on normalised words (case, accents, curly quotes and punctuation do not matter;
"Bosch: Legacy", "BOSCH LEGACY" and "Bosch – Legacy" are the same words) and looks each word
up in an index of the followed series' titles, aliases, distinctive names (lead characters) and
franchises, so its cost does not grow with the size of the library. The longest name wins
("Bosch: Legacy" is not also "Bosch"). Names made of ordinary words ("From", "You", "The Bear",
"Fallout") are *weak*: they count only with TV context around them (quoted as a title, next to
"season", "renewed", "series"..., or with the series' network or cast in the item). A near miss
of a longer name ("Stranger Thing", "Abbot Elementary") is caught by fuzzy comparison (rapidfuzz).

Classification is by ordered rules over the headline, then the summary: the first kind that
applies wins, in the order spin_off, cancelled, ended, renewed, premiere_date, new_season,
trailer, casting, and news for anything else. A few rules say "news" outright, so that the
summary is not read for another kind: business deals (before casting) and production updates
("begins filming", after casting). A spin-off word that describes an existing show ("stars in
the Bosch spinoff", "every Yellowstone spinoff, ranked", "the prequel about ...") is not an
order unless the item speaks of ordering or developing one. A question makes its own clause
speculative ("When does X premiere? Y sets a July 9 date" gives the date). Pure Python, safe on
any thread.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz

from watchtracker.domain.dates import InvalidDate, PartialDate
from watchtracker.domain.enums import AnnouncementKind

K = AnnouncementKind

# -- text --------------------------------------------------------------------------------------

_QUOTES = {
    "‘": "'",
    "’": "'",
    "‚": "'",
    "‛": "'",
    "`": "'",
    "´": "'",
    "′": "'",
    "“": '"',
    "”": '"',
    "„": '"',
    "‟": '"',
    "«": '"',
    "»": '"',
    "″": '"',
}
_DASHES = {"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"}
_fold_cache: dict[str, str] = {}


def _fold_char(ch: str) -> str:
    """One character in, one out (so offsets stay put): lower case, no accent, straight quote."""
    if ch.isascii():
        return ch.lower()
    got = _fold_cache.get(ch)
    if got is None:
        got = _QUOTES.get(ch) or _DASHES.get(ch)
        if got is None:
            base = unicodedata.normalize("NFKD", ch)[:1].lower()
            got = base if len(base) == 1 else ch.lower()[:1] or " "
        _fold_cache[ch] = got
    return got


def fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(c) for c in text)


_TOKEN = re.compile(r"[a-z0-9]+\+?|&")


def _tokens(folded: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The words of folded text, and where each stands in it (plain lists: this is the hot path)."""
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(folded):
        word = m.group()
        start = m.start()
        if word == "&":
            word = "and"
        elif word == "s" and start > 0 and folded[start - 1] == "'":
            continue  # possessive: "Reacher's" is "Reacher"
        words.append(word)
        spans.append((start, m.end()))
    return words, spans


def words_of(name: str) -> tuple[str, ...]:
    return tuple(_tokens(fold(name))[0])


# Words that make a name weak: a name made only of these is an ordinary phrase too.
_COMMON = frozenset(
    """
a an the of and or in on at to for from by with without about as is are be was it its you your
we us our they them their he she him her his i me my this that these those who what when where
why how all any some no not one two three first last next new old good bad big little great best
man men woman women girl girls boy boys kid kids family friends friend home house world life love
time day days night year years war game games city town street road land sea sky fire water ice
dark light black white red blue green gold silver high low long short slow fast hot cold dead
living live lost found bear bears wolf horse horses dog dogs cat cats king queen lord lady star
stars end beginning after before under over up down out off back away right left true false
power money work office school hospital police law order crime case cases story stories things
thing stranger strangers ghost ghosts evil legacy rising origin origins secret secrets
monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december spring summer fall autumn winter
foundation fallout silo severance hacks shrinking invincible succession billions suits bones
castle community lost dark girls friends house heroes glee scrubs monk fringe revenge scandal
empire power shameless euphoria barry atlanta andor reservation ozark yellowjackets dune
""".split()
)
# Of those, ordinary English words (not names): alone they need the title's own context.
_ORDINARY = _COMMON - {
    "andor",
    "ozark",
    "yellowjackets",
    "barry",
    "atlanta",
    "glee",
    "monk",
    "fringe",
    "scrubs",
    "euphoria",
    "dune",
}

# Words (after folding) that say an item is about television, next to a weak name.
_TV_WORDS = frozenset(
    """
season seasons series show shows episode episodes renewed renews renew renewal renewing cancelled
canceled cancels cancel cancellation axed axes premiere premieres premiered premiering finale
spinoff spinoffs spin showrunner showrunners creator creators cast casts casting trailer teaser
sequel prequel reboot revival streaming streamer drama dramas comedy sitcom miniseries docuseries
tv+ netflix hbo hulu peacock paramount+ amc amc+ fx starz showtime mgm+ abc nbc cbs disney+ bbc
itv freevee star stars starring finale returns return renewal
""".split()
)
# Networks and streamers: "Apple TV+'s Shrinking", "MGM+'s From".
_NETWORK_WORDS = frozenset(
    """
tv+ netflix hbo hulu peacock paramount+ amc amc+ fx starz showtime mgm+ abc nbc cbs disney+ bbc
itv freevee max fox prime video
""".split()
)

# A weak name made of one very common word ("You", "From") needs more: quoted as a title, or
# right before one of these words ("From Season 4", "You Final Season").
_TITLE_FOLLOWERS = frozenset(
    """
season seasons renewed renews cancelled canceled finale premiere premieres spinoff spin cast
star stars creator creators showrunner showrunners trailer teaser final returns sets gets lands
""".split()
)
_VERY_COMMON = frozenset(
    """
a an the of and or in on at to for from by with about as is are be was it its you your we us our
they them their he she him her his i me my this that these those who what when where why how all
any some no not one two up down out off back away over under after before here there
""".split()
)

_OPENING = {"'", '"'}

# Words that say an item is about screen entertainment at all. An item with none of them, and
# none of the series' network, cast or character names, is about something else that shares the
# name ("Chicago Fire Department", "the Crown Jewels", "Strange New Worlds" found by a telescope),
# unless the name is quoted as a title.
_SCREEN_WORDS = (_TV_WORDS - {"star", "stars", "return", "returns"}) | frozenset(
    """
tv television episode streamer streaming showrunner writer writers writers' actor actors actress
role roles character characters network networks studio studios film films movie movies
franchise universe cinematic screen audiences viewers ratings emmy emmys golden globes
""".split()
)


# -- the index ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Followed:
    """What the matcher knows of one followed series."""

    series_id: int
    title: str
    aliases: tuple[str, ...] = ()
    names: tuple[str, ...] = ()  # distinctive names tied to it: its lead characters
    franchise: str | None = None
    network: str = ""
    people: tuple[str, ...] = ()  # lead actors: they back up a weak name, never match alone


@dataclass(frozen=True)
class Match:
    series_id: int
    reason: str


@dataclass
class _Term:
    words: tuple[str, ...]
    shown: str
    how: str  # "title", "alias", "name", "franchise"
    series: set[int] = field(default_factory=set)
    weak: bool = False
    ordinary: bool = False  # one ordinary English word: "Foundation", "Shrinking", "Wednesday"
    very_weak: bool = False  # one function word: "You", "From"


class NewsMatcher:
    """Built once per poll from the followed series; ``match`` is then cheap per item."""

    def __init__(self, followed: Iterable[Followed]):
        self._terms: dict[tuple[str, ...], _Term] = {}
        self._by_first: dict[str, list[_Term]] = {}
        self._fuzzy_by_edge: dict[str, list[_Term]] = {}
        self._networks: dict[int, list[tuple[str, ...]]] = {}  # series -> its network, as said
        self._people: dict[int, list[tuple[str, ...]]] = {}  # series -> its lead actors
        self._titles: dict[int, str] = {}
        followed = list(followed)
        titles = {words_of(f.title) for f in followed}
        by_franchise: dict[tuple[str, ...], set[int]] = {}
        franchise_names: dict[tuple[str, ...], str] = {}
        for f in followed:
            self._titles[f.series_id] = f.title
            self._add(f.title, "title", {f.series_id})
            for alias in f.aliases:
                self._add(alias, "alias", {f.series_id})
            for name in f.names:
                words = words_of(name)
                if len(words) >= 2 and not all(w in _COMMON for w in words):
                    self._add(name, "name", {f.series_id})
            if f.franchise:
                by_franchise.setdefault(words_of(f.franchise), set()).add(f.series_id)
                franchise_names.setdefault(words_of(f.franchise), f.franchise.strip())
            # the network first: an ordinary word is backed by its cast only (slice [1:]);
            # "Amazon Prime Video" is also said "Prime Video"
            network = words_of(f.network)
            self._networks[f.series_id] = [network, network[1:]] if len(network) >= 3 else [network]
            self._people[f.series_id] = [w for p in f.people if (w := words_of(p))]
        for words, members in by_franchise.items():
            if words and words not in titles:
                self._add(franchise_names[words], "franchise", members)
        # "the Bosch universe", "the Bosch franchise": every member, even where the franchise
        # has the name of one of its series
        self._franchises = {words: members for words, members in by_franchise.items() if words}
        self._franchise_names = franchise_names
        for term in self._terms.values():
            self._by_first.setdefault(term.words[0], []).append(term)
            if len(term.words) >= 2 and len(" ".join(term.words)) >= 8 and not term.weak:
                self._fuzzy_by_edge.setdefault(term.words[0], []).append(term)
                self._fuzzy_by_edge.setdefault(term.words[-1], []).append(term)
        # the lengths of the names starting with each word, longest first
        self._lengths = {w: sorted({len(t.words) for t in terms}, reverse=True) for w, terms in self._by_first.items()}
        self._max_len = max((len(t.words) for t in self._terms.values()), default=0)

    def _add(self, name: str, how: str, series: set[int]) -> None:
        words = words_of(name)
        if not words or len(words) > 12:
            return
        term = self._terms.get(words)
        if term is None:
            # one word is weak whatever it is ("Bosch" is also a brand, "Ballard" a surname)
            weak = len(words) == 1 or all(w in _COMMON for w in words)
            very_weak = len(words) == 1 and words[0] in _VERY_COMMON or all(w in _VERY_COMMON for w in words)
            ordinary = len(words) == 1 and words[0] in _ORDINARY
            term = _Term(words, name.strip(), how, set(), weak=weak, ordinary=ordinary, very_weak=very_weak)
            self._terms[words] = term
        elif _RANK[how] < _RANK[term.how]:
            term.how, term.shown = how, name.strip()
        term.series |= series

    def __len__(self) -> int:
        return len(self._titles)

    # -- matching -----------------------------------------------------------------------------
    def match(self, title: str, summary: str = "") -> list[Match]:
        """The followed series the item concerns, each with why; [] when none."""
        fields = [("headline", title or ""), ("summary", summary or "")]
        folded = [(where, fold(text)) for where, text in fields]
        tokenised = [(where, text, *_tokens(text)) for where, text in folded]
        originals = dict(fields)
        all_words = [w for _, _, words, _ in tokenised for w in words]
        screen = not _SCREEN_WORDS.isdisjoint(all_words)
        present: set[tuple[str, ...]] | None = None
        found: dict[int, str] = {}
        pending: list[tuple[_Term, str]] = []  # weak names waiting for backing from the item
        for where, text, words, spans in tokenised:
            for term, i, j, fuzzy in self._spans(words):
                if (
                    j < len(words)
                    and words[j] in ("universe", "franchise")
                    and (members := self._franchises.get(term.words))
                ):
                    shown = re.sub(r"(?i)\s+(?:universe|franchise)$", "", self._franchise_names.get(term.words, ""))
                    self._record(found, _Term(term.words, shown or term.shown, "franchise", members), where)
                    continue
                quoted = _quoted(text, spans[i][0], spans[j - 1][1])
                if (
                    term.how != "franchise"
                    and not term.shown.islower()
                    and _lower_case_phrase(originals[where], spans[i][0], spans[j - 1][1])
                ):
                    continue  # "the morning show's lineup": a phrase, not the title
                if (term.weak or fuzzy) and term.how != "name" and self._other_network(term, words, i):
                    continue  # "Fox's Monarch", "NBC's morning show": another network's
                if term.weak and not (quoted or self._in_context(term, text, words, spans, i, j)):
                    pending.append((term, where))
                    continue
                if not (screen or quoted or term.how == "name"):
                    if present is None:
                        present = _ngrams_present(all_words)
                    backed = {s for s in term.series if self._backed(s, present)}
                    if backed:
                        self._record(found, term, where, only=backed, backed=True, fuzzy=fuzzy)
                    continue  # nothing in the item is about television
                self._record(found, term, where, fuzzy=fuzzy)
        if pending:
            if present is None:
                present = _ngrams_present(all_words)
            for term, where in pending:
                if term.very_weak:
                    continue  # "you", "from": only with the evidence of their own sentence
                backed = {s for s in term.series if self._backed(s, present, people_only=term.ordinary)}
                if backed:
                    self._record(found, term, where, only=backed, backed=True)
        return [Match(sid, reason) for sid, reason in found.items()]

    def _spans(self, words: list[str]):
        """Longest names first, left to right, no overlap; then fuzzy near-misses."""
        i, n = 0, len(words)
        terms = self._terms
        while i < n:
            hit = None
            for k in self._lengths.get(words[i], ()):
                if i + k <= n and (term := terms.get(tuple(words[i : i + k]))) is not None:
                    hit = term
                    break
            if hit is None:
                hit_f = self._fuzzy_at(words, i) if words[i] in self._fuzzy_by_edge else None
                if hit_f is not None:
                    term, k = hit_f
                    yield term, i, i + k, True
                    i += k
                    continue
                i += 1
                continue
            yield hit, i, i + len(hit.words), False
            i += len(hit.words)

    def _fuzzy_at(self, words: list[str], i: int):
        best = None
        for term in self._fuzzy_by_edge[words[i]]:
            k = len(term.words)
            target = " ".join(term.words)
            for size in (k, k - 1, k + 1):
                for start in (i, i - size + 1):
                    if start != i or size < 2 or start + size > len(words):
                        continue
                    window = " ".join(words[start : start + size])
                    score = fuzz.ratio(window, target, score_cutoff=90)
                    if score and (best is None or score > best[2]):
                        best = (term, size, score)
        return (best[0], best[1]) if best else None

    def _backed(self, sid: int, present: set[tuple[str, ...]], people_only: bool = False) -> bool:
        """The item names the series' lead actors, or (unless ``people_only``: an ordinary word
        is not made a title by a network that makes many shows) its network."""
        backers = self._people.get(sid, [])
        if not people_only:
            backers = backers + self._networks.get(sid, [])
        return any(w and w in present for w in backers)

    def _other_network(self, term: _Term, words: list[str], i: int) -> bool:
        """The name right after a network's possessive ("Fox's", "NBC's") that is not the
        network of any series of that name: another network's show."""
        if i == 0 or words[i - 1] not in _NETWORK_WORDS:
            return False
        k = i - 1
        while k > 0 and words[k - 1] in _NETWORK_WORDS:  # "Prime Video", "Apple TV+"
            k -= 1
        said = tuple(words[k:i])
        for sid in term.series:
            network = self._networks.get(sid, [()])[0]
            if set(said) & set(network):
                return False
        return True

    def _in_context(
        self, term: _Term, text: str, words: list[str], spans: list[tuple[int, int]], i: int, j: int
    ) -> bool:
        followed_by_tv = j < len(words) and words[j] in _TITLE_FOLLOWERS
        if term.very_weak:
            return followed_by_tv
        if term.ordinary:
            return followed_by_tv or i > 0 and words[i - 1] in _NETWORK_WORDS
        return any(w in _TV_WORDS for w in words[max(0, i - 3) : i] + words[j : j + 3])

    def _record(
        self,
        found: dict[int, str],
        term: _Term,
        where: str,
        *,
        fuzzy: bool = False,
        only: set[int] | None = None,
        backed: bool = False,
    ) -> None:
        for sid in sorted(only or term.series):
            if sid in found:
                continue
            shown = term.shown
            if term.how == "franchise":
                what = shown if re.search(r"(?i)(?:universe|verse|franchise|saga)$", shown) else f"{shown} franchise"
                reason = f"the {what} is named in the {where}"
            elif term.how == "name":
                reason = f"‘{shown}’ (of {self._titles[sid]}) is named in the {where}"
            elif term.how == "alias":
                reason = f"‘{shown}’ (another title of {self._titles[sid]}) is in the {where}"
            else:
                reason = f"‘{shown}’ is in the {where}"
            if fuzzy:
                reason += " (nearly as written)"
            if backed:
                reason += ", with its network or cast"
            found[sid] = reason


_RANK = {"title": 0, "alias": 1, "name": 2, "franchise": 3}


def _quoted(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else ""
    if before not in _OPENING:
        return False
    after = text[end : end + 1]
    if after in _OPENING and not text[end + 1 : end + 2].isalnum():  # not "'You're"
        return True
    return text[end : end + 2] == "'s" and text[end + 2 : end + 3] in _OPENING


def _lower_case_phrase(original: str, start: int, end: int) -> bool:
    """Written all in lower case in a text that does use capitals: a common phrase, not a
    title (titles and names are capitalised in English prose)."""
    return original[start:end].islower() and any(c.isupper() for c in original)


def _ngrams_present(words: list[str]) -> set[tuple[str, ...]]:
    out: set[tuple[str, ...]] = set()
    for size in (1, 2, 3, 4):
        for k in range(len(words) - size + 1):
            out.add(tuple(words[k : k + size]))
    return out


# -- classification ----------------------------------------------------------------------------

_ORD = r"(?:\d+(?:st|nd|rd|th)?|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|another|new)"
_WHEN_RE = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|spring|summer|fall|autumn|winter|early|late|mid|next|20\d\d)"
)
_RULES: list[tuple[AnnouncementKind, re.Pattern]] = [
    (
        K.CANCELLED,
        re.compile(
            r"\bpass(?:es|ed)? on\b|\b(?:won'?t|will not|is not going to) happen\b|\bnot happening\b"
            r"|\bshelve[sd]?\b"
        ),
    ),
    (
        K.SPIN_OFF,
        re.compile(
            r"\bspin[- ]?offs?\b|\bspinoffs?\b|\boffshoots?\b|\bprequel\b|\bsequel series\b"
            r"|\bspun off\b|\bexpand\w* (?:the )?[\w' ]{0,30}(?:universe|franchise)\b"
            r"|\b(?:new|another|latest) [\w' ]{0,30}(?:series|show) (?:set )?in the [\w' ]{0,30}universe\b"
            r"|\bfrom the [\w' ]{1,30} universe\b|\buniverse expands\b"
            r"|\bnew (?:[\w'-]+ ){0,4}(?:series|show)\b(?! (?:premiere|finale|trailer|regular))"
            r"|\b(?:series|show) (?:is |now |officially )*(?:in the works|in development|gathers steam)\b"
            r"|\badds? (?:an? )?(?:(?!(?:as|to)\b)[\w'\"-]+ ){1,5}(?:series|show)\b(?! regulars?\b)"
            r"|\b(?:series|show) (?:about|from|set|based on|following) [\w' ,+:-]{1,40}?\b(?:in the works|in development)\b"
        ),
    ),
    (
        K.CANCELLED,
        re.compile(
            r"\bcancel+(?:ed|s|ing|ation)?\b|\baxe[sd]?\b|\bnot (?:be )?renewed\b"
            r"|\bwon'?t (?:be )?return(?!\w* (?:until|till|before)\b)"
            r"|\b(?:not|no longer) (?:moving|going) forward\b"
            r"|\bwill not return\b(?! (?:until|till|before)\b)|\bno (?:season|more seasons)\b|\bscrap(?:s|ped)\b|\bpulls the plug\b"
            r"|\b(?:won'?t|will not|not to|decided against|declined to) (?:move forward|go forward|proceed|continue)\b"
            r"|\bpass(?:es|ed)? on (?:a )?" + _ORD + r" season\b"
            r"|\bwon'?t get (?:a )?" + _ORD + r" season\b"
        ),
    ),
    (
        K.ENDED,
        re.compile(
            r"\bfinal season\b|\blast season\b|\b(?:to|will) (?:end|conclude|wrap)\b|\bending with\b"
            r"|\bcome[s]? to an end\b|\bto end (?:its|after|with)\b|\bends? (?:its run|after)\b"
            r"|\bseries finale (?:date|set for|sets|to air|airs|will air)\b|\bwill be (?:its|the) (?:last|final)\b|\bconclud\w+ with\b"
        ),
    ),
    (
        K.RENEWED,
        re.compile(
            r"\brenew(?:s|ed|als?|ing)?\b|\bpicked up for (?:a )?" + _ORD + r"\b"
            r"|\bre-?commission(?:s|ed|ing)?\b"
            r"|\b(?:gives?|gave|hands?|handed|grants?|granted) (?:[\w'\"+:-]+ ){1,6}?(?:an? )?"
            + _ORD
            + r" (?:season|series)\b(?! (?:premiere|finale|trailer|teaser|date|first))"
            r"|\bback(?<!\bis back)(?<!\bare back) for (?:(?:season|series) \d+|an? " + _ORD + r" (?:season|series))\b"
            r"(?![\w ,]{0,30}\b(?:today|tonight|now)\b)"
            r"|\b(?:season|series) \d+ is a go\b|\bis a go for (?:(?:season|series) \d+|an? "
            + _ORD
            + r" (?:season|series))\b"
            r"|\b(?:to|will|set to) return for (?:(?:season|series) \d+|an? " + _ORD + r" (?:season|series))\b"
            r"|\breturning for (?:series \d+|an? " + _ORD + r" series)\b"
            r"|\bpick(?:s|ed)? up (?:[\w'\"-]+ ){0,6}for (?:an? )?(?:season \d+|" + _ORD + r" season)\b"
            r"|\b(?:gets?|lands?|scores?|earns?|given) (?:an? )?(?:early )?" + _ORD + r" season\b"
            r"|\border(?:s|ed)? (?:an? )?(?:early )?" + _ORD + r" season\b|\bseason \d+ (?:order|pickup)\b"
            r"|\b(?:is )?officially happening\b|\bwill return for (?:a )?" + _ORD + r"\b"
            r"|\breturning for (?:a )?" + _ORD + r" season\b|\bcoming back for (?:a )?" + _ORD
        ),
    ),
    (
        K.PREMIERE_DATE,
        re.compile(
            r"\b(?:premiere|release|return|launch|debut|air) dates?\b"
            r"|\b(?:sets?|lands?|gets?|announces?|reveals?|confirms?|locks?|dates?|unveils?) (?:an? |its )?(?:[\w,]+ ){0,3}"
            r"(?:premiere|return|debut|launch|release)\b"
            r"|\b(?:starting|beginning|arriving|arrives?|kicks? off|begins?|airs?|streams?|coming) (?:on |in |this |next )?"
            r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d"
            r"|\b(?:pushed|moved|moves|shifts?|shifted|delayed|bumped|slides?) (?:back )?(?:up )?to (?:jan|feb|mar|apr|may|jun|jul|aug"
            r"|sep|oct|nov|dec|spring|summer|fall|autumn|winter|early|late|mid|20\d\d)"
            r"|\b(?:premieres?|returns?|debuts?|arrives?|launch(?:es)?|bows?|drops?|hits?|airs?|airing) (?:on |in |this |next )?"
            r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|spring|summer|fall|autumn|winter"
            r"|early|late|mid|monday|tuesday|wednesday|thursday|friday|saturday|sunday|20\d\d)"
            r"|\b(?:delay(?:s|ed)?|push(?:es|ed)? back|postpone[sd]?|moves? up|bumped)\b|\bpremiere moves?\b"
            r"|\b(?:premiere|return|debut|release) (?:date )?(?:is )?(?:moved|moves|pushed|bumped|delayed|shifted)\b"
            r"|\btargets? (?:an? )?(?:(?:early|mid|late|spring|summer|fall|autumn|winter|20\d\d)[- ]?){1,2}"
            r"(?:return|premiere|debut|release)\b"
            r"|\bsets? (?:[\w'\"+:-]+ ){1,6}?for (?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d"
            r"|(?:early|mid|late)[- ](?:20\d\d|spring|summer|fall|autumn|winter)|(?:spring|summer|fall|autumn|winter) 20\d\d|20\d\d)"
            r"|\bsets? (?:an? )?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)? date\b"
            r"|\bset for (?:(?:january|february|march|april|june|july|august|september|october|november|december"
            r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)\.?(?: \d|,? 20\d\d| return| premiere| debut))\b"
            r"|(?:early|mid|late)[- ](?:20\d\d|spring|summer|fall|autumn|winter)|(?:spring|summer|fall|autumn|winter)[- ]20\d\d"
            r"|20\d\d (?:return|premiere|debut|release))"
            r"|\b(?:won'?t|will not|not|isn'?t|aren'?t) (?:\w+ )?(?:arrive|arriving|return|returning|premiere|premiering|debut|air|be back|come back)"
            r" (?:until|till|before) (?:" + _WHEN_RE + r")"
            r"|\b(?:coming|arriving|returns?|returning|premieres?|premiering|back|airs?|airing) (?:this|next) "
            r"(?:spring|summer|fall|autumn|winter|year|month|week)\b"
        ),
    ),
    (
        K.NEW_SEASON,
        re.compile(
            r"\b(?:now|out now|is out|available now|now available) (?:streaming|on)\b|\bnow streaming\b"
            r"|\bpremieres? tonight\b|\breturns? tonight\b|\b(?:drops|arrives|lands|premieres) today\b"
            r"|\bstreaming now\b|\bbinge\b|\bseason \d+ is (?:here|out)\b|\bis back (?:tonight|today|now)\b"
            r"|\b(?:lands?|arrives?|drops?|debuts?|hits?) (?:on [\w+ ]{1,20} )?today\b"
        ),
    ),
    (
        K.TRAILER,
        re.compile(
            r"\btrailers?\b|\bteasers?\b|\bfirst[- ]look\b(?! deal)|\bsneak peek\b|\bfirst (?:images|photos|footage)\b"
            r"|\bpromo\b|\bclip\b"
        ),
    ),
    (
        K.NEWS,
        re.compile(  # business: "signs an overall deal ... leaving <studio>" is not casting
            r"\b(?:overall|first[- ]look|development|multi-?year|producing|exclusive) (?:tv |television )?deal\b"
        ),
    ),
    (
        K.CASTING,
        re.compile(
            r"\bcast(?:s|ing)?\b(?! (?:reunit\w*|reunion|panel|visits?|celebrat\w*|look\w* back|remember\w*"
            r"|pays? tribute|talks?|says|shares?|react\w*))|\b(?:to|will|won'?t|will not|set to) appear\b"
            r"|\bto guest\b|\bguest(?:s|ing)? (?:on|in)\b|\bjoins?\b|\bjoined\b|\bto star\b|\bwill star\b|\btapped\b|\bboards?\b"
            r"|\bseries regular\b|\bpromoted\b|\brecurring\b|\bexit(?:s|ing)?\b|\bdeparts?\b|\bleaving\b"
            r"|\bset to play\b|\bto play\b|\breplac(?:e|es|ed|ing)\b|\brecast\b|\bwill play\b|\bwon'?t return as\b"
            r"|\breprise\b|\breprising\b|\bguest[- ]star\w*\b|\bguest spot\b|\bcameo\b"
            r"|\breturn(?:s|ing)? as\b|\b(?:is|she's|he's|they're|i'm|be|comes?) back as\b"
        ),
    ),
    (
        K.NEWS,
        re.compile(  # production updates: not casting, whatever the summary says of the cast
            r"\b(?:begins?|began|starts?|started|wraps?|wrapped|kicks? off|resumes?|halts?|halted|commences?)"
            r" (?:filming|production|shooting)\b"
            r"|\b(?:filming|production|shooting) (?:has |is |officially )?(?:begun|begins|started|starts|wrapped"
            r"|wraps|underway|resumed|resumes|halted)\b"
        ),
    ),
]
_SPECULATIVE = re.compile(r"\?|\b(?:could|might|should|hopes?|wants?|rumou?r\w*|if|when will|will there be)\b")
_SPECULATIVE_KINDS = {K.RENEWED, K.CANCELLED, K.ENDED, K.PREMIERE_DATE, K.SPIN_OFF}


@dataclass(frozen=True)
class Classified:
    kind: AnnouncementKind
    premiere: PartialDate | None = None
    spin_off_title: str | None = None


def title_words(titles: Iterable[str]) -> frozenset[tuple[str, ...]]:
    """Titles as ``classify`` compares them; worked out once per poll, not once per item."""
    return frozenset(w for t in titles if (w := words_of(t)))


def classify(
    title: str, summary: str = "", *, published: date | None = None, known: AbstractSet[tuple[str, ...]] = frozenset()
) -> Classified:
    """The kind of news, the premiere date it gives (for premiere dates and spin-offs) and,
    for a spin-off, the new series' title when the headline quotes one that is not ``known``
    (see ``title_words``)."""
    head, body = fold(title or ""), fold(summary or "")
    lead = _first_sentences(body)
    # an order in the headline makes "the sequel series" of the summary the show ordered
    ordered = bool(_SPIN_OFF_NOUN.search(head) or _SPIN_OFF_NOUN.search(lead)) and bool(
        _ORDERED.search(head) or _ORDERED.search(lead)
    )
    kind = _kind_of(head, ordered) or _kind_of(lead, ordered) or K.NEWS
    premiere = None
    if kind in (K.PREMIERE_DATE, K.SPIN_OFF, K.NEW_SEASON, K.RENEWED):
        premiere = extract_date(head, published) or extract_date(body, published)
    spin_off_title = _new_title(title, known) if kind is K.SPIN_OFF else None
    return Classified(kind, premiere, spin_off_title)


# A spin-off word that describes a show rather than announces one: "stars in the Bosch spinoff",
# "every Yellowstone spinoff, ranked", "the prequel about ...", "won't appear in any spinoffs".
_SPIN_OFF_NOUN = re.compile(r"spin|offshoot|prequel|sequel")
_DESCRIBED = re.compile(
    r"(?:\b(?:in|of|from|on|about|with|for) (?:the|any|a|an|every|all|its|his|her|their|this|that)"
    r"|\b(?:every|all|each|any))\s+(?!(?:new|upcoming|planned|proposed|potential|another|latest|untitled)\b)"
    r"(?:[\w'\"+:&-]+\s+){0,3}$|^\W*(?:the|this|that)\s+$"
)
_ORDERED = re.compile(
    r"\b(?:orders?|ordered|greenlights?|greenlit|green-lit|in the works|in (?:early )?development|developing"
    r"|picks? up|picked up|moves? forward|moving forward|to series|series order)\b"
)
_NEW_SHOW = re.compile(r"(?:new|upcoming|planned|proposed|potential|another|latest|untitled)\b")
_CLAUSE_END = re.compile(r"[?!.](?:\s|$)")


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the clause (sentence or question) around text[start:end] begins and ends."""
    begin = 0
    for m in _CLAUSE_END.finditer(text, 0, start):
        begin = m.end()
    after = _CLAUSE_END.search(text, end)
    return begin, (after.start() + 1 if after else len(text))


def _kind_of(text: str, ordered: bool = False) -> AnnouncementKind | None:
    """The first rule's kind; ``ordered``: the item speaks of ordering or developing a show."""
    if not text:
        return None
    speculative_text = bool(_SPECULATIVE.search(text))
    for kind, rule in _RULES:
        m = rule.search(text)
        if m is None:
            continue
        if kind is K.SPIN_OFF:
            if not ordered and all(_describes(text, x) for x in rule.finditer(text)):
                continue
        if not (speculative_text and kind in _SPECULATIVE_KINDS):
            return kind
        # a question ("When does X premiere?") may be followed by its answer ("Y sets a date"):
        # what counts is the clause the rule is found in
        for x in rule.finditer(text):
            begin, end = _clause(text, x.start(), x.end())
            if not _SPECULATIVE.search(text, begin, end):
                return kind
        return K.NEWS
    return None


def _describes(text: str, m: re.Match) -> bool:
    """A spin-off word used as a description of an existing show, not an announcement."""
    said = m.group()
    if not _SPIN_OFF_NOUN.search(said) or _NEW_SHOW.match(said):
        return False
    begin, _ = _clause(text, m.start(), m.end())
    return bool(_DESCRIBED.search(text, begin, m.start()))


def _first_sentences(text: str, count: int = 2) -> str:
    parts = re.split(r"(?<=[.!?])\s+", text.strip())
    return " ".join(parts[:count])


# -- dates -------------------------------------------------------------------------------------

_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_PATTERNS = [
    ("mdy", re.compile(r"\b" + _MONTH + r" (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?\b")),
    ("dmy", re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)? (?:of )?" + _MONTH + r"(?:,? (\d{4}))?\b")),
    ("my", re.compile(r"\b" + _MONTH + r",? (\d{4})\b")),
    ("py", re.compile(r"\b(early|mid|late|spring|summer|fall|autumn|winter)(?:[- ]of)?(?: |-)(\d{4})\b")),
    ("y", re.compile(r"\b(?:in|for|until|during|later in|sometime in|slated for|due in|coming in) (\d{4})\b")),
]


def extract_date(text: str, published: date | None = None) -> PartialDate | None:
    """The first premiere-like date in folded text, at the precision it is given."""
    if not text:
        return None
    best: tuple[int, PartialDate] | None = None
    for how, rule in _DATE_PATTERNS:
        for m in rule.finditer(text):
            got = _to_date(how, m.groups(), published)
            if got is not None and (best is None or m.start() < best[0]):
                best = (m.start(), got)
            if got is not None:
                break
    return best[1] if best else None


def _to_date(how: str, groups, published: date | None) -> PartialDate | None:
    from watchtracker.domain.dates import parse_partial_date

    try:
        if how == "mdy":
            month, day, year = groups
            return _with_year(month, int(day), year, published)
        if how == "dmy":
            day, month, year = groups
            return _with_year(month, int(day), year, published)
        if how == "my":
            return parse_partial_date(f"{groups[0]} {groups[1]}")
        if how == "py":
            return parse_partial_date(f"{groups[0]} {groups[1]}")
        return PartialDate(int(groups[0]))
    except (InvalidDate, ValueError):
        return None


def _with_year(month: str, day: int, year: str | None, published: date | None) -> PartialDate | None:
    from watchtracker.domain.dates import parse_partial_date

    if year:
        return parse_partial_date(f"{day} {month} {year}")
    if published is None:
        return None  # "March 5" of which year? Better no date than a wrong one
    got = parse_partial_date(f"{day} {month} {published.year}")
    if (published - got.earliest()).days > 60:  # "January 8" said in November: next year's
        got = parse_partial_date(f"{day} {month} {published.year + 1}")
    return got


# -- spin-off titles ---------------------------------------------------------------------------

_QUOTED = re.compile(r"[‘'“\"]([^‘’'“”\"]{2,80}?)[’'”\"](?!\w)")


def _new_title(headline: str, known: AbstractSet[tuple[str, ...]]) -> str | None:
    """The first quoted title in the headline that is not a series already followed."""
    for m in _QUOTED.finditer(headline or ""):
        candidate = m.group(1).strip()
        words = words_of(candidate)
        if not words or words in known or len(words) > 8:
            continue
        if m.start() > 0 and headline[m.start() - 1].isalnum():  # an apostrophe inside a word
            continue
        return candidate
    return None
