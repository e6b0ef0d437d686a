"""Which followed series a news item concerns, what kind of news it is, and the date it gives.

Matching works on normalised words (case, accents, curly quotes and punctuation do not matter;
"Bosch: Legacy", "BOSCH LEGACY" and "Bosch – Legacy" are the same words) and looks each word
up in an index of the followed series' titles, aliases, distinctive names (lead characters) and
franchises, so its cost does not grow with the size of the library. The longest name wins
("Bosch: Legacy" is not also "Bosch"). Names made of ordinary words ("From", "You", "The Bear",
"Fallout") are *weak*: they count only with TV context around them (quoted as a title, next to
"season", "renewed", "series"..., or with the series' network or cast in the item). A near miss
of a longer name ("Stranger Thing", "Abbot Elementary") is caught by fuzzy comparison (rapidfuzz).
The index also holds the variants the press writes ("Last of Us", "SVU", "Law & Order: SVU",
"Strange New Worlds", "Only Murders", "OMITB"). A name found is still not the series when it is
part of a longer name ("'NCIS: Origins'", "'Beyond Paradise'", "Chicago Fire FC"), another
network's or country's show ("Peacock renews 'The Traitors'", "'Taskmaster' US"), or said in
passing ("from the team behind 'X'", "'X' star cast in 'Y'"); a franchise named in an item about
one of its members does not bring in the others; "<actor>'s legal drama" names the actor's series.

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
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from watchtracker.domain.dates import InvalidDate, PartialDate
from watchtracker.domain.enums import AnnouncementKind

if TYPE_CHECKING:
    from watchtracker.services.news_model import KindModel

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


_STRAIGHT = str.maketrans({**_QUOTES, **_DASHES})


def fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    straight = text.translate(_STRAIGHT)  # the usual non-ASCII signs: curly quotes and dashes
    if straight.isascii():
        return straight.lower()
    return "".join(_fold_char(c) for c in straight)


_TOKEN = re.compile(r"[a-z0-9]+\+?|&")


_POSSESSIVE_S = re.compile(r"'s(?![a-z0-9+])")
_span = re.Match.span


def _tokens(folded: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The words of folded text, and where each stands in it (plain lists: this is the hot path)."""
    if "&" not in folded and not _POSSESSIVE_S.search(folded):  # no word to rewrite or drop: two scans in C
        return _TOKEN.findall(folded), list(map(_span, _TOKEN.finditer(folded)))
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


def _networks(spec: str) -> dict[tuple[str, ...], tuple[str, str]]:
    """``group/country: name, name; ...`` -> {words of a name: (group, country)}."""
    out: dict[tuple[str, ...], tuple[str, str]] = {}
    for line in spec.strip().splitlines():
        head, _, names = line.partition(":")
        group, _, country = head.strip().partition("/")
        for name in names.split(","):
            if words := words_of(name):
                out[words] = (group, country)
    return out


# Networks and streamers as the press names them, with their group (one group's shows move
# between its channels: NBC and Peacock, CBS and Paramount+) and their country where they
# have one. Another group's show of a followed title is another show ("Peacock renews 'The
# Traitors'" when the BBC's is followed).
_NETWORKS = _networks(
    """
netflix/: Netflix
apple/: Apple TV+, Apple TV, Apple, TV+
amazon/: Prime Video, Amazon Prime Video, Amazon, Amazon Prime, Freevee, Amazon Freevee, MGM+, Amazon MGM
wbd/US: HBO, HBO Max, Max, TNT, TBS, Discovery+, Cinemax
nbcu/US: NBC, Peacock, Bravo, USA Network, Syfy, NBCUniversal
paramount/US: CBS, Paramount+, Paramount, Paramount Network, Paramount+ with Showtime, Showtime, Comedy Central, MTV, BET
disney/: Disney+, Disney
disney/US: Hulu, ABC, FX, FXX, National Geographic, Nat Geo
disney/IN: Disney+ Hotstar, Hotstar, JioHotstar
fox/US: Fox, Tubi
cw/US: The CW, CW
amc/US: AMC, AMC+, Acorn TV
starz/US: Starz
bbc/GB: BBC, BBC One, BBC Two, BBC Three, BBC Four, BBC iPlayer, iPlayer, BBC Scotland
itv/GB: ITV, ITV1, ITVX, ITV2, STV
channel4/GB: Channel 4, E4, All 4, More4
channel5/GB: Channel 5
sky/GB: Sky, Sky Atlantic, Sky Max, Sky One, Now TV
abcau/AU: ABC Australia, Stan, Binge
cbc/CA: CBC, Crave
rte/IE: RTE
"""
)
_NETWORK_LONGEST = max(len(w) for w in _NETWORKS)
# What a network decides for its own show when it is the subject: "Peacock renews 'X'", "Apple
# orders a third series of 'X'" (not what it may do with another's: streaming it, rescuing it).
_NETWORK_VERBS = frozenset(
    """
renews renewed orders ordered cancels cancelled canceled axes axed reboots remakes adapts commissions
recommissions greenlights lights picks develops developing gives hands
""".split()
)
_NETWORK_FILLER = frozenset(
    """
up back has have its a an another new hit of for season series seasons the green second third fourth
fifth sixth seventh eighth ninth tenth final last
""".split()
)
_NETWORK_BETWEEN = _NETWORK_FILLER | _NETWORK_VERBS
_NETWORK_LAST = frozenset(words[-1] for words in _NETWORKS)
_NETWORK_NEIGHBOURS = _NETWORK_BETWEEN | _NETWORK_LAST | {str(n) for n in range(1, 41)}
# A country said with a title: "'Ghosts' US", "The Traitors Australia", "Australian 'The
# Office'", "the US version of 'X'" (abbreviations only in capitals: "us" is a pronoun).
_COUNTRY_NAMES = {
    "US": "US",
    "U.S.": "US",
    "USA": "US",
    "America": "US",
    "UK": "GB",
    "U.K.": "GB",
    "Britain": "GB",
    "Australia": "AU",
    "NZ": "NZ",
    "New Zealand": "NZ",
    "Canada": "CA",
    "India": "IN",
    "Ireland": "IE",
    "France": "FR",
    "Germany": "DE",
    "Spain": "ES",
    "Italy": "IT",
    "Korea": "KR",
    "Japan": "JP",
    "Mexico": "MX",
    "Brazil": "BR",
    "Sweden": "SE",
    "Denmark": "DK",
    "Norway": "NO",
}
_COUNTRY_ADJECTIVES = {
    "US": "US",
    "U.S.": "US",
    "American": "US",
    "UK": "GB",
    "U.K.": "GB",
    "British": "GB",
    "Australian": "AU",
    "Aussie": "AU",
    "Kiwi": "NZ",
    "Canadian": "CA",
    "Indian": "IN",
    "Hindi": "IN",
    "Irish": "IE",
    "French": "FR",
    "German": "DE",
    "Spanish": "ES",
    "Italian": "IT",
    "Korean": "KR",
    "Japanese": "JP",
    "Mexican": "MX",
    "Brazilian": "BR",
    "Swedish": "SE",
    "Danish": "DK",
    "Norwegian": "NO",
    "Dutch": "NL",
}


def _alternation(names: Iterable[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


_Q = "['\"‘’“”]"
_COUNTRY_AFTER = re.compile(
    rf"{_Q}?,? ?(?:\(\s*)?({_alternation(_COUNTRY_NAMES)})(?![\w.])(?!\s+(?:premiere|release|debut|launch|date|tour|"
    r"ratings|viewers|audiences|fans|broadcast|run|airing|rights|box|streaming|screening)\b)"
)
_COUNTRY_ADJECTIVE_AFTER = re.compile(
    rf"{_Q}?,? ({_alternation(_COUNTRY_ADJECTIVES)}) (?i:film|films|series|version|remake|adaptation|original|edition)\b"
)
_COUNTRY_WORDS = frozenset(w for name in (*_COUNTRY_NAMES, *_COUNTRY_ADJECTIVES) for w in words_of(name))
_COUNTRY_WORDS_BEFORE = _COUNTRY_WORDS | {"of", "the"}
_COUNTRY_BEFORE = re.compile(
    rf"(?<![\w.])({_alternation(_COUNTRY_ADJECTIVES)})(?:\s+(?:version|remake|adaptation|edition|take)\s+of"
    rf"(?:\s+the\s+(?:hit\s+)?(?:show|series|format))?)?\s*{_Q}?\s*$"
)
# A word after a name that makes it a longer name of something else: "Chicago Fire FC", "The
# Crown Prosecution Service", "Shetland Islands Council".
_INSTITUTIONS = frozenset(
    """
fc afc department dept service services prosecution police council county airport university college
club stadium station islands museum festival
""".split()
)
# Small words inside a name ("Return to Paradise", "Bachelor in Paradise"), and those a title
# drops when shortened ("Only Murders [in the Building]").
_CONNECTORS = frozenset("in to of on at under beyond".split())
_SHORTENED_AT = _CONNECTORS | {"from", "for", "with", "and"}
_SMALL = frozenset("a an the of and or in on at to for with from by".split())
_AUXILIARIES = frozenset("do does did can could will would get got go goes have has had be been were let make".split())

# An item about a new series: "Dick Wolf sets 'Law & Order: Cold Case'" + "the latest offshoot".
_NEW_SERIES = re.compile(
    r"\b(?:spin-?offs?|offshoots?|orders?|ordered|green-?lights?|green-?lit|in the works|in development|"
    r"develops|developing|commissions?|commissioned|pilot)\b"
)
_ORDERING = re.compile(
    r"\b(?:orders?|ordered|green-?lights?|green-?lit|in the works|in development|develops|developing|"
    r"commissions?|commissioned|pilot|series order|moves? forward|moving forward)\b"
)
# A followed series named only in passing (on folded text): a credit ("the 'X' creator's new
# drama", "'X' star cast in 'Y'", "from the team behind 'X'", "former 'X' star"), a comparison
# ("the next 'X'?"), or the description of another show ("the X spinoff", "the prequel to X").
_CREDIT = (
    r"(?:alum|alums|alumna|alumnus|star|stars|actor|actress|costar|co-star|creator|creators|co-creator|"
    r"showrunner|writer|writers|producer|producers|director|author|veteran|breakout)"
)
_CREDIT_AFTER = re.compile(rf"['\"]?(?:'s?)? {_CREDIT}\b")
_ANOTHER_WORK = re.compile(
    r"(?:^|\s)['\"][a-z0-9]|\b(?:new|next|upcoming|latest)\b(?: [\w'+.-]+){0,3}? (?:series|drama|film|movie|show|"
    r"thriller|comedy|album|novel|book|western|musical|play|memoir|podcast|project|role|brand|single)\b|"
    r"\b(?:cast in|to play|to star in|to lead|to front|boards|signs|named)\b"
)
_PASSING_BEFORE = re.compile(
    r"(?:\b(?:former|ex-) ?|\bfrom (?:the )?(?:[\w-]+ )?(?:team|producers?|creators?|co-creators?|writers?|makers?|"
    r"authors?|minds?|showrunners?|people|studio)(?: (?:behind|of))? (?:the )?)['\"]?$"
)
_CREDITED_OF = re.compile(
    r"\b(?:stars?|alums?|veterans?|creators?|writers?|producers?) of (?:the )?['\"]?(?:[^'\"]{1,40}['\"]? and ['\"]?)?$"
)
_DESCRIBED_AFTER = re.compile(r"['\"]?(?:'s?)? (?:spin-?offs?|offshoots?|prequels?|sequels?|companion)\b")
_DESCRIBED_BEFORE = re.compile(
    r"\b(?:spin-?offs?|offshoots?|prequels?|sequels?|follow-ups?) (?:to|of) (?:the )?['\"]?$"
)
_COMPARED = re.compile(r"\bthe (?:next|new) ['\"]?$")
# The words without which those patterns cannot apply (checked first: this runs on every name).
_CREDIT_WORDS = frozenset(
    """
alum alums alumna alumnus star stars actor actress costar co creator creators showrunner writer writers
producer producers director author veteran veterans breakout
""".split()
)
_FROM_WORDS = frozenset({"from", "former", "ex"})
_DESCRIBING = frozenset(
    "spinoff spinoffs spin offshoot offshoots prequel prequels sequel sequels companion follow".split()
)
_PASSING_NEAR = _CREDIT_WORDS | _FROM_WORDS | _DESCRIBING | {"next", "new"}
_PASSING_CUES = _PASSING_NEAR | {"of"}


# Words of four letters or more that title case may leave in lower case.
_TITLE_CASE_LOWER = frozenset("with from into over onto upon than that amid about after like near".split())
# A long word in lower case (if not one of those, the text is in sentence case).
_LOWER_CASE_WORD = re.compile(r"(?<![A-Za-z])[a-z]{4,}(?![A-Za-z])")


_MONTHS_AND_DAYS = frozenset(
    """
january february march april may june july august september october november december jan feb mar apr
jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday
""".split()
)
# What a show is called after an actor's possessive: "Titus Welliver's detective drama".
_ANOTHER_SHOW = frozenset("new next upcoming latest another other former".split())
_GENRE_NOUNS = frozenset(
    """
drama dramas comedy comedies thriller thrillers series show sitcom procedural dramedy miniseries
western saga docuseries anthology mystery whodunit romance soap spinoff spinoffs prequel sequel
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
    people: tuple[str, ...] = ()  # lead actors: they back up a weak name, match only as "<actor>'s drama"
    country: str = ""  # two letters ("US", "GB"); when empty, the network's country if it has one


@dataclass(frozen=True)
class Match:
    series_id: int
    reason: str


@dataclass
class _Term:
    words: tuple[str, ...]
    shown: str
    how: str  # "title", "alias", "variant", "name", "franchise"
    series: set[int] = field(default_factory=set)
    weak: bool = False
    ordinary: bool = False  # one ordinary English word: "Foundation", "Shrinking", "Wednesday"
    very_weak: bool = False  # one function word: "You", "From"
    caps: bool = False  # initials ("SVU", "OMITB"): only written in capitals
    groups: frozenset[str] = frozenset()  # the network groups of its series ("" for one not known)
    of: str = ""  # a variant: the title it stands for


def _variants(title: str, words: tuple[str, ...]) -> list[tuple[str, bool | None, bool]]:
    """Other ways the press writes a title: (name, weak (None: as its words say), capitals only).

    "The Last of Us" -> "Last of Us"; "Law & Order: Special Victims Unit" -> "Law & Order: SVU",
    "SVU", "Special Victims Unit"; "Star Trek: Strange New Worlds" -> "Strange New Worlds";
    "Only Murders in the Building" -> "Only Murders", "OMITB". ("&" and "and" are one word.)"""
    out: list[tuple[str, bool | None, bool]] = []
    if len(words) < 2 or any(w.isdigit() for w in words):
        return out
    parts = title.split()
    said = parts if len(parts) == len(words) else list(words)  # as written, where words are words
    if words[0] in ("the", "a", "an") and len(words) >= 3:
        out.append((" ".join(said[1:]), None, False))
    main, colon, sub = title.partition(":")
    if not colon:
        main, colon, sub = title.partition(" - ")
    sub_words = words_of(sub) if colon else ()
    if len(sub_words) >= 2:
        content = [w for w in sub_words if w not in _SMALL]
        # the subtitle alone when it is distinctive; two words need the context of a title
        if not all(w in _COMMON for w in sub_words):
            out.append((sub, True if len(sub_words) < 3 else None, False))
        if len(content) >= 3:
            initials = "".join(w[0] for w in content).upper()
            out.append((initials, False, True))
            out.append((f"{main.strip()}: {initials}", False, True))
    if not colon:
        skip = 1 if words[0] in ("the", "a", "an") else 0
        plain = words[skip:]
        # initials of a long title: "OMITB", "AKOTSK"
        if len(plain) >= 4 and all(w.isalpha() for w in plain):
            out.append(("".join(w[0] for w in words).upper(), False, True))
        # a long title shortened before its first small word: "Only Murders"
        if len(plain) >= 4:
            cut = next((k for k, w in enumerate(plain) if w in _SHORTENED_AT), 0)
            if cut >= 2 and not all(w in _COMMON or w in _AUXILIARIES for w in plain[:cut]):
                out.append((" ".join(said[skip : skip + cut]), True, False))
    return out


class NewsMatcher:
    """Built once per poll from the followed series; ``match`` is then cheap per item."""

    def __init__(self, followed: Iterable[Followed]):
        self._terms: dict[tuple[str, ...], _Term] = {}
        self._by_first: dict[str, list[_Term]] = {}
        self._fuzzy_by_edge: dict[str, list[_Term]] = {}
        self._networks: dict[int, list[tuple[str, ...]]] = {}  # series -> its network, as said
        self._groups: dict[int, str] = {}  # series -> its network's group ("nbcu", "bbc")
        self._countries: dict[int, str] = {}
        self._people: dict[int, list[tuple[str, ...]]] = {}  # series -> its lead actors
        self._possessors: dict[str, dict[tuple[str, ...], set[int]]] = {}  # last word -> actor -> series
        self._titles: dict[int, str] = {}
        followed = list(followed)
        said: dict[str, tuple[str, ...]] = {}  # the words of each name, worked out once

        def words_for(name: str) -> tuple[str, ...]:
            got = said.get(name)
            if got is None:
                got = said[name] = words_of(name)
            return got

        titles = {words_for(f.title) for f in followed}
        by_franchise: dict[tuple[str, ...], set[int]] = {}
        franchise_names: dict[tuple[str, ...], str] = {}
        networks: dict[tuple[str, ...], tuple[str, str]] = {}
        for f in followed:
            self._titles[f.series_id] = f.title
            self._add(f.title, "title", {f.series_id}, words=words_for(f.title))
            for alias in f.aliases:
                self._add(alias, "alias", {f.series_id})
            for name in f.names:
                name_words = words_for(name)
                if len(name_words) >= 2 and not all(w in _COMMON for w in name_words):
                    self._add(name, "name", {f.series_id}, words=name_words)
            if f.franchise:
                by_franchise.setdefault(words_for(f.franchise), set()).add(f.series_id)
                franchise_names.setdefault(words_for(f.franchise), f.franchise.strip())
            # the network first: an ordinary word is backed by its cast only (slice [1:]);
            # "Amazon Prime Video" is also said "Prime Video"
            network = words_for(f.network)
            self._networks[f.series_id] = [network, network[1:]] if len(network) >= 3 else [network]
            if network not in networks:
                networks[network] = _network_of(network)
            group, country = networks[network]
            self._groups[f.series_id] = group
            self._countries[f.series_id] = (f.country or "").upper() or country
            self._people[f.series_id] = [w for p in f.people if (w := words_for(p))]
            for person in (*f.people, *f.names):
                person_words = words_for(person)
                if len(person_words) >= 2:
                    self._possessors.setdefault(person_words[-1], {}).setdefault(person_words, set()).add(f.series_id)
        self._possessor_last = frozenset(self._possessors)
        # what backs a weak name: each series' lead actors and network, by their first word
        backers: dict[tuple[tuple[str, ...], bool], set[int]] = {}
        for sid, people in self._people.items():
            for backer in people:
                backers.setdefault((backer, True), set()).add(sid)
            for backer in self._networks[sid]:
                backers.setdefault((backer, False), set()).add(sid)
        self._backer_first: dict[str, list[tuple[tuple[str, ...], bool, set[int]]]] = {}
        for (backer, is_person), series in backers.items():
            if backer:
                self._backer_first.setdefault(backer[0], []).append((backer, is_person, series))
        # the ways the press shortens a title, where no other name is written so
        for f in followed:
            for name in (f.title, *f.aliases):
                for variant, weak, caps in _variants(name, words_for(name)):
                    self._add(variant, "variant", {f.series_id}, weak=weak, caps=caps, of=f.title)
        for words, members in by_franchise.items():
            if words and words not in titles:
                self._add(franchise_names[words], "franchise", members)
        # "the Bosch universe", "the Bosch franchise": every member, even where the franchise
        # has the name of one of its series
        self._franchises = {words: members for words, members in by_franchise.items() if words}
        self._franchise_names = franchise_names
        self._mates = {sid: members for members in self._franchises.values() for sid in members}
        for term in self._terms.values():
            term.groups = frozenset(self._groups.get(s, "") for s in term.series)
            self._by_first.setdefault(term.words[0], []).append(term)
            if len(term.words) >= 2 and len(" ".join(term.words)) >= 8 and not term.weak and term.how != "variant":
                self._fuzzy_by_edge.setdefault(term.words[0], []).append(term)
                self._fuzzy_by_edge.setdefault(term.words[-1], []).append(term)
        # the lengths of the names starting with each word, longest first
        self._lengths = {w: sorted({len(t.words) for t in terms}, reverse=True) for w, terms in self._by_first.items()}
        self._max_len = max((len(t.words) for t in self._terms.values()), default=0)

    def _add(
        self,
        name: str,
        how: str,
        series: set[int],
        *,
        weak: bool | None = None,
        caps: bool = False,
        of: str = "",
        words: tuple[str, ...] | None = None,
    ) -> None:
        if words is None:
            words = words_of(name)
        if not words or len(words) > 12:
            return
        term = self._terms.get(words)
        if term is None:
            # one word is weak whatever it is ("Bosch" is also a brand, "Ballard" a surname)
            if weak is None:
                weak = len(words) == 1 or all(w in _COMMON for w in words)
            very_weak = len(words) == 1 and words[0] in _VERY_COMMON or all(w in _VERY_COMMON for w in words)
            ordinary = len(words) == 1 and words[0] in _ORDINARY
            shown = name.strip().upper() if caps and len(words) == 1 else name.strip()
            term = _Term(words, shown, how, set(), weak=weak, ordinary=ordinary, very_weak=very_weak, caps=caps, of=of)
            self._terms[words] = term
        elif how == "variant" and term.how != "variant":
            return  # a name written so already: a title, an alias, a character's name
        elif _RANK[how] < _RANK[term.how]:
            term.how, term.shown = how, name.strip()
            term.caps = term.caps and caps
        term.series |= series

    def __len__(self) -> int:
        return len(self._titles)

    # -- matching -----------------------------------------------------------------------------
    def match(self, title: str, summary: str = "") -> list[Match]:
        """The followed series the item concerns, each with why; [] when none."""
        tokenised = []
        for where, original in (("headline", title or ""), ("summary", summary or "")):
            text = fold(original)
            tokenised.append((where, original, text, *_tokens(text)))
        all_words = [w for *_, words, _ in tokenised for w in words]
        item = f"{tokenised[0][2]} | {tokenised[1][2]}"
        screen = not _SCREEN_WORDS.isdisjoint(all_words)
        backing: tuple[set[int], set[int]] | None = None  # the series backed by their cast; by cast or network
        found: dict[int, str] = {}
        hows: dict[int, str] = {}  # how each was found: "franchise" or by its own name
        universe = False  # the headline speaks of a franchise as a whole
        pending: list[tuple[_Term, str, int, int]] = []  # weak names waiting for backing from the item
        taken: list[tuple[str, int, int]] = []  # where the names found stand
        in_headline = False
        vocabulary: set[str] | None = None
        cues = countries = at_or_by = seasons = False
        for where, original, text, words, spans in tokenised:
            n = len(words)
            case: _Case | None = None
            for term, i, j, fuzzy in self._spans(words):
                if case is None:  # on the field's first name: how it is written
                    case = _Case(original, words, spans)
                    if vocabulary is None:  # which of the rarer patterns the item could hold at all
                        vocabulary = set(all_words)
                        cues = not _PASSING_CUES.isdisjoint(vocabulary)
                        countries = not _COUNTRY_WORDS.isdisjoint(vocabulary)
                        at_or_by = "at" in vocabulary or "by" in vocabulary
                        seasons = "season" in vocabulary or "series" in vocabulary or "seasons" in vocabulary
                if (
                    j < len(words)
                    and words[j] in ("universe", "franchise")
                    and (members := self._franchises.get(term.words))
                ):
                    shown = re.sub(r"(?i)\s+(?:universe|franchise)$", "", self._franchise_names.get(term.words, ""))
                    self._record(found, hows, _Term(term.words, shown or term.shown, "franchise", members), where)
                    universe = universe or where == "headline"
                    continue
                start, end = spans[i][0], spans[j - 1][1]
                if term.caps and (case.capitals or not original[spans[j - 1][0] : end].isupper()):
                    continue  # "svu" in prose, "SVU" in a headline written in capitals
                quoted = _quoted(text, start, end)
                if not term.shown.islower() and _lower_case_phrase(original, start, end):
                    continue  # "the morning show's lineup", "an alien invasion": a phrase, not the title
                prev = words[i - 1] if i else ""
                if (
                    (start > 0 and text[start - 1] in _OPENING) != (text[end : end + 1] in _OPENING)
                    or j < n
                    and words[j] in _INSTITUTIONS
                    or not quoted
                    and (
                        i
                        and original[spans[i - 1][0]].isupper()
                        or i > 1
                        and original[spans[i - 2][0]].isupper()
                        or j < n
                        and original[spans[j][0]].isupper()
                    )
                    and case.sentence
                ) and self._longer_name(term, original, text, words, spans, i, j, case, item):
                    continue  # "'Beyond Paradise'", "'NCIS: Origins'", "Chicago Fire FC": another name
                if (
                    cues
                    and term.how != "name"
                    and _passing(text, words, i, j, start, end, where == "summary" and not in_headline, item)
                ):
                    continue  # "from the team behind 'X'", "'X' star cast in 'Y'", "the X spinoff"
                country = self._country(term, original, words, i, j, start, end) if countries else None
                if country is False or (
                    term.how != "name"
                    and (prev in _NETWORK_NEIGHBOURS or at_or_by)
                    and self._other_network(term, original, words, spans, i, j)
                ):
                    continue  # "Fox's 'Monarch'", "Peacock renews 'The Traitors'", "'Taskmaster' US"
                person = (
                    text[end : end + 1] == "'"
                    and not term.very_weak
                    and _before_a_person(original, text, words, spans, start, j, end, case)
                )
                if term.weak and not (
                    quoted or person or country or self._in_context(term, original, words, spans, i, j, seasons)
                ):
                    pending.append((term, where, start, end))
                    continue
                if not (screen or quoted or person or term.how == "name"):
                    if backing is None:
                        backing = self._backing(all_words)
                    backed = term.series & backing[1]
                    if backed:
                        self._record(found, hows, term, where, only=backed, backed=True, fuzzy=fuzzy)
                    continue  # nothing in the item is about television
                self._record(found, hows, term, where, fuzzy=fuzzy)
                taken.append((where, start, end))
            if "'" in text and self._possessors and not self._possessor_last.isdisjoint(words):
                self._by_possessive(found, hows, where, original, text, words, spans)
            in_headline = bool(found)
        if pending:
            if backing is None:
                backing = self._backing(all_words)
            for term, where, start, end in pending:
                if term.very_weak:
                    continue  # "you", "from": only with the evidence of their own sentence
                text = tokenised[where == "summary"][2]
                if any(w == where and _listed(text, start, end, s, e) for w, s, e in taken):
                    self._record(found, hows, term, where)  # "Ghosts, The Pitt and Landman"
                    continue
                # an ordinary word is not made a title by a network that makes many shows
                backed = term.series & backing[0 if term.ordinary else 1]
                if backed:
                    self._record(found, hows, term, where, only=backed, backed=True)
        if not universe and "franchise" in hows.values():
            # an item about one member that names its franchise ("the fourth One Chicago series")
            # is about that member, not every other
            named = {s for s, how in hows.items() if how != "franchise"}
            for sid, how in hows.items():
                if how == "franchise" and named & self._mates.get(sid, set()):
                    del found[sid]
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

    def _backing(self, words: list[str]) -> tuple[set[int], set[int]]:
        """The series whose lead actors the item names; those whose lead actors or network it
        names (worked out once per item from the names beginning with one of its words)."""
        present = _Present(words)
        people: set[int] = set()
        anyone: set[int] = set()
        for word in self._backer_first.keys() & present.words:
            for name, person, series in self._backer_first[word]:
                if name in present:
                    anyone |= series
                    if person:
                        people |= series
        return people, anyone

    def _other_network(
        self, term: _Term, original: str, words: list[str], spans: list[tuple[int, int]], i: int, j: int
    ) -> bool:
        """Another network's show of the same title: the network's possessive right before it
        ("Fox's 'Monarch'"; for a weak name any network word right before it), or the network as
        the subject of what is done to it ("Peacock renews 'The Traitors'", "Apple orders a third
        series of 'Hijack'"), or the one it is done by ("'X' revived at Peacock")."""
        k = i - 1
        direct = k >= 0 and words[k] in _NETWORK_LAST
        done_to = not _NETWORK_VERBS.isdisjoint(words[max(0, i - 7) : i])
        done_by = term.weak and ("at" in words[j : j + 5] or "by" in words[j : j + 5])
        if not (direct or done_to or done_by):
            return False  # nothing of a network next to the name (most names found)
        ours = term.groups
        if "" in ours:
            return False  # a series whose network is not known: nothing to compare with
        if direct and (said := _network_ending(words, spans, original, k)):
            possessive = original[spans[k][1] : spans[k][1] + 1] in ("'", "’")
            if term.weak or possessive:
                return said[1] not in ours
        if done_to:
            verb = False
            while k >= 0 and i - k <= 6 and (words[k] in _NETWORK_BETWEEN or words[k].isdigit()):
                verb = verb or words[k] in _NETWORK_VERBS
                k -= 1
            if verb and k >= 0 and (said := _network_ending(words, spans, original, k)):
                return said[1] not in ours
        if done_by:
            for k in range(j, min(j + 5, len(words) - 1)):
                if words[k] in ("at", "by") and (group := _network_starting(words, spans, original, k + 1)):
                    return group not in ours
        return False

    def _country(
        self, term: _Term, original: str, words: list[str], i: int, j: int, start: int, end: int
    ) -> bool | None:
        """The country said with the title: True when it is the followed series' ("Ghosts US"
        for CBS's), False when another's ("'Taskmaster' US" for Channel 4's), else None."""
        said = None
        if j < len(words) and words[j] in _COUNTRY_WORDS:
            if m := _COUNTRY_AFTER.match(original, end):
                said = _COUNTRY_NAMES[m.group(1)]
            elif m := _COUNTRY_ADJECTIVE_AFTER.match(original, end):
                said = _COUNTRY_ADJECTIVES[m.group(1)]
        if said is None and i > 0 and words[i - 1] in _COUNTRY_WORDS_BEFORE:
            if m := _COUNTRY_BEFORE.search(original, max(0, start - 60), start):
                said = _COUNTRY_ADJECTIVES[m.group(1)]
        if said is None:
            return None
        ours = {self._countries.get(s, "") for s in term.series}
        if said in ours:
            return True
        return False if "" not in ours else None

    def _longer_name(
        self,
        term: _Term,
        original: str,
        text: str,
        words: list[str],
        spans: list[tuple[int, int]],
        i: int,
        j: int,
        case: _Case,
        item: str,
    ) -> bool:
        """The name is part of a longer one: quoted with more words ("'NCIS: Origins'", "'The
        Paradise'", "'Beyond Paradise'"), joined to capitalised words in a sentence-case text
        ("spin-offs Beyond Paradise and Return to Paradise"), or to a word that names a place
        or a body ("Chicago Fire FC")."""
        start, end = spans[i][0], spans[j - 1][1]
        opened = start > 0 and text[start - 1] in _OPENING
        closed = text[end : end + 1] in _OPENING and not text[end + 1 : end + 2].isalnum()
        if opened and not closed:
            close = _closing_quote(text, end, text[start - 1])
            if close > 0:  # more words inside the quotes: a longer name unless a number ("'Slow Horses 5'")
                rest = original[end:close].strip()
                if rest.startswith(":") and _NEW_SERIES.search(item):
                    return False  # "orders 'Law & Order: Cold Case'", the new series of a followed one
                return _name_like(rest) and not rest.isdigit() and _names_a_thing(fold(rest.split()[0]).strip(":"))
        if closed and not opened:
            open_at = _opening_quote(text, start, text[end])
            if open_at >= 0:
                inside = text[open_at + 1 : start].strip()
                if inside.endswith(":") and self._franchise_prefix(term, inside[:-1]):
                    return False  # "'Star Wars: Andor'"
                return _name_like(original[open_at + 1 : start])
        if j < len(words) and words[j] in _INSTITUTIONS and text[end : spans[j][0]] == " " and case.capital(j):
            return True
        if opened or closed:
            return False
        # joined to capitalised words, in a text that capitalises only names (checked last: it
        # reads the whole text)
        if i >= 1 and text[spans[i - 1][1] : start] == " ":
            k = i - 1
            if (
                words[k] in _CONNECTORS
                and not case.capital(k)
                and k >= 1
                and text[spans[k - 1][1] : spans[k][0]] == " "
                and case.capital(k - 1)
                and _names_a_thing(words[k - 1])
                and case.sentence
            ):
                return True  # "Return to Paradise", "Bachelor in Paradise"
            if case.capital(k) and _names_a_thing(words[k]) and case.sentence and not case.starts_sentence(k):
                return True  # "Beyond Paradise"
        return (
            term.weak
            and j < len(words)
            and text[end : spans[j][0]] == " "
            and case.capital(j)
            and _names_a_thing(words[j])
            and case.sentence
        )

    def _franchise_prefix(self, term: _Term, prefix: str) -> bool:
        said = words_of(prefix)
        return any(self._mates.get(s) and self._franchises.get(said) == self._mates[s] for s in term.series)

    def _by_possessive(
        self,
        found: dict[int, str],
        hows: dict[int, str],
        where: str,
        original: str,
        text: str,
        words: list[str],
        spans: list[tuple[int, int]],
    ) -> None:
        """An actor's or a character's possessive before what a show is called: "Titus
        Welliver's detective drama", "Maggie Q's cop drama"."""
        at = text.find("'")
        while at >= 0:  # each possessive of a name tied to a series
            k = bisect_left(spans, at, key=_end)
            by_last = self._possessors.get(words[k]) if k < len(spans) and spans[k][1] == at else None
            at = text.find("'", at + 1)
            if not by_last:
                continue
            for g in range(k + 1, min(k + 6, len(words))):
                if words[g] in _GENRE_NOUNS:
                    # only words that describe between ("detective", "cold-case", "1980s-set"), in
                    # the case of the noun ("Gary Oldman's Spy Drama")
                    title_case = original[spans[g][0]].isupper()
                    if all(
                        original[spans[m][0]].isdigit() or original[spans[m][0]].isupper() == title_case
                        for m in range(k + 1, g)
                    ):
                        for name, series in by_last.items():
                            n = len(name)
                            if len(series) == 1 and k + 1 >= n and tuple(words[k + 1 - n : k + 1]) == name:
                                shown = original[spans[k + 1 - n][0] : spans[g][1]]
                                self._record(found, hows, _Term(name, shown, "possessive", series), where)
                                break
                    break
                if words[g] in _ANOTHER_SHOW or text[spans[g][1] : spans[g][1] + 1] not in (" ", "-"):
                    break  # "Kathy Bates' new drama", "Titus Welliver's. Drama"

    def _in_context(
        self,
        term: _Term,
        original: str,
        words: list[str],
        spans: list[tuple[int, int]],
        i: int,
        j: int,
        seasons: bool,
    ) -> bool:
        followed_by_tv = j < len(words) and words[j] in _TITLE_FOLLOWERS
        if term.very_weak:
            return followed_by_tv
        # "Slow Horses 5", "Silo 3": a title and its season
        numbered = j < len(words) and words[j].isdigit() and 0 < int(words[j]) <= 40
        if term.ordinary:
            if followed_by_tv or numbered or i > 0 and words[i - 1] in _NETWORK_WORDS:
                return True
            if i > 0 and original[spans[i - 1][1] : spans[i][0]].strip(" '\"‘“") == "":
                return False  # not the subject of its clause: "the ghosts of Halloween"
        elif numbered or any(w in _TV_WORDS for w in words[max(0, i - 3) : i] + words[j : j + 3]):
            return True
        # "Rivals adds Lily James for series 2", "Ghosts could end with season 7", "wrapping up
        # after 23 seasons": a season said in the same clause
        if not seasons:
            return False
        for k in range(j, min(j + 6, len(words) - 1)):
            if (
                words[k] in ("season", "series")
                and words[k + 1].isdigit()
                or (words[k].isdigit() and words[k + 1] in ("seasons", "series"))
            ):
                return True
            if not original[spans[k][1] : spans[k + 1][0]].isspace():
                break
        return False

    def _record(
        self,
        found: dict[int, str],
        hows: dict[int, str],
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
            elif term.how == "variant":
                reason = f"‘{shown}’ (for {term.of or self._titles[sid]}) is in the {where}"
            elif term.how == "possessive":
                reason = f"‘{shown}’ (of {self._titles[sid]}) is in the {where}"
            else:
                reason = f"‘{shown}’ is in the {where}"
            if fuzzy:
                reason += " (nearly as written)"
            if backed:
                reason += ", with its network or cast"
            found[sid] = reason
            hows[sid] = term.how


_RANK = {"title": 0, "alias": 1, "name": 2, "variant": 3, "franchise": 4, "possessive": 5}


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


class _Present:
    """``words in present``: whether the item has those one to four words in a row (the names
    asked about are few: each is looked for when asked, and remembered for the item)."""

    __slots__ = ("_words", "_set", "_seen", "words")

    def __init__(self, words: list[str]):
        self._words = words
        self._set = self.words = set(words)
        self._seen: dict[tuple[str, ...], bool] = {}

    def __contains__(self, name: tuple[str, ...]) -> bool:
        n = len(name)
        if n == 1:
            return name[0] in self._set
        if not 1 <= n <= 4:
            return False
        got = self._seen.get(name)
        if got is None:
            got = False
            first = name[0]
            if first in self._set and all(w in self._set for w in name):
                words, wanted = self._words, list(name)
                got = any(w == first and words[k : k + n] == wanted for k, w in enumerate(words))
            self._seen[name] = got
        return got


def _listed(text: str, start: int, end: int, other_start: int, other_end: int) -> bool:
    """Two names side by side in a list: "Matlock, Paradise and Fire Country"."""
    gap = text[end:other_start] if end <= other_start else text[other_end:start]
    return gap.strip(" '\"") in (",", "and", "&", ", and", "/")


def _passing(text: str, words: list[str], i: int, j: int, start: int, end: int, describes: bool, item: str) -> bool:
    """The name is said only in passing (see ``_CREDIT``); ``describes``: a summary whose
    headline names no followed series, where "the X spinoff" describes the headline's show.
    The words around the name decide which patterns are worth trying (this runs on every name
    found)."""
    near = words[max(0, i - 8) : i]
    following = words[j] if j < len(words) else ""
    if following not in _CREDIT_WORDS and following not in _DESCRIBING and _PASSING_NEAR.isdisjoint(near):
        return False  # the case of almost every name
    credited = following in _CREDIT_WORDS
    after_from = not _FROM_WORDS.isdisjoint(near)
    credited_of = "of" in near and not _CREDIT_WORDS.isdisjoint(near)
    described = describes and (following in _DESCRIBING or not _DESCRIBING.isdisjoint(near[-3:]))
    compared = "next" in near[-2:] or "new" in near[-2:]
    if not (credited or after_from or credited_of or described or compared):
        return False
    before = text[max(0, start - 60) : start]
    after = text[end : end + 40]
    if after_from and _PASSING_BEFORE.search(before):
        return True  # "from the team behind 'X'", "former 'X' star"
    if credited and (credit := _CREDIT_AFTER.match(after)):
        if before.endswith(("from ", "from '", 'from "')):
            return True  # "a western from 'Yellowstone' writer ...", "from The Office co-creator ..."
        if _ANOTHER_WORK.search(text, end + credit.end()):
            # "'X' star cast in 'Y'", but not "'X' star to lead the spinoff it has ordered"
            return not _ORDERING.search(item)
    if credited_of and _CREDITED_OF.search(before) and _ANOTHER_WORK.search(text, end):
        return True  # "stars of 'X' lead ITV's new drama"
    if described and not _ORDERING.search(item):
        described_after = _DESCRIBED_AFTER.match(after) and (
            before.endswith(("the ", "the '", 'the "')) or text.startswith("the ", start)  # "The Boys prequel"
        )
        if described_after or _DESCRIBED_BEFORE.search(before):
            return True  # "the X spinoff stars ...", "the prequel to X"
    if compared and _COMPARED.search(before):
        return re.match(r"['\"]?\s*(?:[?.!,;:]|$)", after) is not None
    return False


class _Case:
    """How a field is written: in capitals, in sentence case ("'Ghosts' spinoff set at CBS"),
    or in title case; and which of its words are capitalised."""

    __slots__ = ("_original", "_spans", "_words", "_sentence", "capitals")

    def __init__(self, original: str, words: list[str], spans: list[tuple[int, int]]):
        self._original, self._words, self._spans = original, words, spans
        self.capitals = original.isupper()
        self._sentence: bool | None = None

    @property
    def sentence(self) -> bool:
        """Long words left in lower case: not a headline in title case, where any word may be
        capitalised."""
        if self._sentence is None:
            self._sentence = not self.capitals and any(
                m.group() not in _TITLE_CASE_LOWER for m in _LOWER_CASE_WORD.finditer(self._original)
            )
        return self._sentence

    def capital(self, k: int) -> bool:
        return self._original[self._spans[k][0]].isupper()

    def starts_sentence(self, k: int) -> bool:
        before = self._original[: self._spans[k][0]].rstrip()
        return not before or before[-1] in ".:!?;|([-–—'\"‘’“”"


# Words that do not make a name longer: "Paradise Season 2", "Netflix Paradise", "Ghosts US".
_NOT_A_NAME = (
    _TV_WORDS
    | _SCREEN_WORDS
    | _TITLE_FOLLOWERS
    | _MONTHS_AND_DAYS
    | {w for words in _NETWORKS for w in words}
    | {w for name in (*_COUNTRY_NAMES, *_COUNTRY_ADJECTIVES) for w in words_of(name)}
    | frozenset("part volume chapter final new first official exclusive watch review recap".split())
) - frozenset("return returns renew renews renewed renewing cancel cancels cancelled canceled axes axed".split())


def _end(span: tuple[int, int]) -> int:
    return span[1]


def _names_a_thing(word: str) -> bool:

    return word not in _NOT_A_NAME and not word.isdigit()


def _network_of(words: tuple[str, ...]) -> tuple[str, str]:
    """The group and country of a followed series' network ("" when not known)."""
    for size in range(min(len(words), _NETWORK_LONGEST), 0, -1):
        for k in range(len(words) - size + 1):
            if (got := _NETWORKS.get(words[k : k + size])) is not None:
                return got
    return "", ""


def _network_ending(words: list[str], spans: list[tuple[int, int]], original: str, k: int) -> tuple[int, str] | None:
    """The network named by the words ending at ``k`` (capitalised), as (first word, group)."""
    for size in range(min(_NETWORK_LONGEST, k + 1), 0, -1):
        got = _NETWORKS.get(tuple(words[k - size + 1 : k + 1]))
        if got is not None and not original[spans[k - size + 1][0]].islower():
            return k - size + 1, got[0]
    return None


def _network_starting(words: list[str], spans: list[tuple[int, int]], original: str, k: int) -> str | None:
    if k >= len(words) or original[spans[k][0]].islower():
        return None
    for size in range(min(_NETWORK_LONGEST, len(words) - k), 0, -1):
        got = _NETWORKS.get(tuple(words[k : k + size]))
        if got is not None:
            return got[0]
    return None


def _name_like(segment: str) -> bool:
    """A few capitalised words (with small words between): the rest of a quoted name, not a
    quoted sentence ("'Slow Horses is the best show'")."""
    parts = re.findall(r"[^\s:]+|:", segment)
    if not 1 <= len(parts) <= 6:
        return False
    capital = False
    for part in parts:
        head = part.lstrip("'\"‘’“”(")[:1]
        if head.isupper() or head.isdigit():
            capital = True
        elif part not in (":", "&", "-", "–", "—") and fold(part) not in _SMALL:
            return False
    return capital


def _closing_quote(text: str, end: int, quote: str) -> int:
    """Where the quote opened before ``end`` closes (-1: not within a few words)."""
    for k in range(end, min(len(text), end + 60)):
        if text[k] == quote and not text[k + 1 : k + 2].isalnum():
            return k
    return -1


def _opening_quote(text: str, start: int, quote: str) -> int:
    """Where the quote that closes after ``start`` opened (-1: not within a few words)."""
    for k in range(start - 1, max(-1, start - 61), -1):
        if text[k] == quote and (k == 0 or not text[k - 1].isalnum()):
            return k
    return -1


def _before_a_person(
    original: str,
    text: str,
    words: list[str],
    spans: list[tuple[int, int]],
    start: int,
    j: int,
    end: int,
    case: _Case,
) -> bool:
    """The name's possessive before a person's name: "Death in Paradise's Don Gilet", "Dept. Q's
    Matthew Goode", "NCIS: Origins' Austin Stowell" (the cast of a show, not of a place)."""
    if case.capitals or j + 1 >= len(words):
        return False
    gap = text[end : spans[j][0]]
    opened = start > 0 and text[start - 1] in _OPENING
    if not (gap == "'s " or gap == "' " and words[j - 1].endswith("s") and not opened):
        return False
    if re.search(r"\b(?:the|a|an|this|that) $", original[max(0, start - 5) : start]):
        return False  # "the Industry's Ageism Problem": a common noun
    first, last = j, j + 1
    return (
        text[spans[first][1] : spans[last][0]] == " "
        and case.capital(first)
        and case.capital(last)
        and all(w not in _COMMON and _names_a_thing(w) and w.isalpha() for w in (words[first], words[last]))
    )


# -- classification ----------------------------------------------------------------------------

_ORD = (
    r"(?:\d+(?:st|nd|rd|th)?|(?:(?:twenty|thirty|forty)[- ]?)?(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
    r"|(?:twenty|thirty|forty)[- ]?first|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth"
    r"|eighteenth|nineteenth|twentieth|thirtieth|fortieth|another|new|further)"
)
# Kinds are read event by event. The headline and the summary are split into clauses (sentences,
# questions, "-", ";", ":", "but"/"while", and "as <subject> <verb>"); every rule below names an
# event phrase (a verb with its object, a date phrase, a noun that is itself the news: "trailer").
# Filters then drop the words that only describe ("a final-season teaser", "the cancelled drama",
# "stars in the Bosch spinoff", "trains cancelled") and turn a negated renewal into a cancellation
# and a person's return or exit into casting. A question or speculation turns every event of its
# clause into news. The main kind is the headline's first event (a question's "news" only when
# nothing else in the headline is announced), else the summary's; ``kinds`` lists every event of
# the headline and then of the summary's first sentences, each once.
_FULL_MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
_SHORT_MONTH = r"(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?"
_ANY_MONTH = r"(?:" + _FULL_MONTH + r"|" + _SHORT_MONTH + r"|may)"
_DAY_NAME = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?"
_PART = r"(?:spring|summer|fall|autumn|winter)"
_HOLIDAY = (
    r"(?:new year'?s (?:day|eve)|christmas(?: day| eve)?|boxing day|thanksgiving|halloween|valentine'?s day"
    r"|easter(?: sunday| monday)?|memorial day|labou?r day|hogmanay)"
)
# a when: a day, a month, a part of the year, a year, a holiday
_WHEN = (
    r"(?:(?:"
    + _DAY_NAME
    + r",? )?(?:"
    + _ANY_MONTH
    + r" \d{1,2}(?:st|nd|rd|th)?\b|\d{1,2}(?:st|nd|rd|th)? (?:of )?"
    + _ANY_MONTH
    + r"(?![a-z]))"
    r"|(?:in|this|next|for|by|until|till|from|on|to|early|late|mid-?|end of|the end of)(?: early| late| mid-?)? (?:"
    + _FULL_MONTH
    + r"|"
    + _SHORT_MONTH
    + r")(?![a-z])"
    r"|" + _ANY_MONTH + r",? 20\d\d\b"
    r"|(?:early|mid|late)[- ](?:20\d\d|" + _PART + r")\b"
    r"|(?:in|this|next|for|by|until|till|the|in the|from) (?:early |late )?" + _PART + r"(?:[- ]20\d\d)?\b"
    r"|(?:spring|summer|autumn|winter)(?:[- ]20\d\d)?\b"
    r"|(?:this|next|later this|early next|late next) (?:year|month|week|weekend)\b|(?:in|for|by) the new year\b"
    r"|(?:in|for|until|till|by|from|due|in early|in late) 20\d\d\b"
    r"|" + _HOLIDAY + r"|(?:on |this |next )?" + _DAY_NAME + r"(?: night)?\b)"
)
# how a when can begin (its first two letters, or a digit): tried before ``_WHEN``, whose many
# branches cost far more to reject one by one (tests/unit/test_news_speed_rules.py checks it)
_WHEN_AHEAD = (
    r"(?=\d|mo|tu|we|th|fr|sa|su|ja|fe|ma|ap|ju|au|se|oc|no|de|in|ne|fo|by|un|ti|on|to|ea|la|mi|en|sp|wi|du|ch|bo"
    r"|ha|va|me|ho)"
)
_WHEN_RE = r"(?:" + _ANY_MONTH + r"|" + _PART + r"|early|late|mid|next|20\d\d)"
_UPCOMING = (
    r"(?:(?:season|series) \d+(?: (?:and|&) \d+)?|(?:an? |its |the )?" + _ORD + r"(?:,? (?:and|&) (?:final|last))?"
    r" (?:season|series|run|instal?lment|outing|chapter|batch)"
    r"|(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|a few|one|1) more (?:seasons?|series|runs?|years?)"
    r"|(?:an? |its )?(?:final|last) (?:season|series|run))\b"
)
# not a season of its own: "gives it a new season trailer", "confirms season 3 is filming"
_NOT_AN_ORDER = (
    r"(?! (?:premiere|finale|trailer|teaser|date|first|filming|production|cast|release|return|debut|episode|opener"
    r"|launch|poster|footage|set|sets|is|will|has|arrives|premieres|starts|begins|drops|lands|returns|kicks|debuts"
    r"|airs|to|villain|regular|lead|star|look|images|photos|shoot|shooting|arc|role|episodes?|guest|cameo)\b)"
)
_GAP = r"(?: [\w'\"+.,&:§-]+){0,6}?"  # a few words in between
_PD_VERB = (
    r"(?:premieres?|premiering|returns?|returning|debuts?|debuting|arrives?|arriving|launch(?:es|ing)?|bows?|bowing"
    r"|drops?|dropping|hits?|hitting|airs?|airing|streams?|streaming|lands?|landing|starts?|starting|begins?"
    r"|beginning|kicks? off|kicking off|comes?|coming|back|heads?|heading|moves?|moving|moved|shifts?|shifted"
    r"|pushed|delayed|bumped|slides?|set|slated|scheduled|dated|confirmed|due|opens?|out|gallops?|rolls? out|unspools?"
    r"|will be back|to air|to stream|to debut|to premiere|to return)"
)
_ROLE = (
    r"(?:villain|lead|leads|co-?star|host|presenter|judge|doctor|doctors|companion|detective|agent|lieutenant"
    r"|principal|captain|boss|love interest|regular|regulars|narrator|team captain|sidekick)"
)
_PERSON_NOUN = (
    r"(?:character|characters|star|stars|actor|actress|presenter|host|judge|cast members?|favou?rite|villain|lead"
    r"|regular|detective|doctor|from the cast|mainstay|veteran|legend)"
)
_NOT_SCREEN_NOUN = (
    r"(?:flights?|trains?|ferries|ferry|sailings?|services|events?|matches|games?|concerts?|tours?|gigs?|plans?"
    r"|meetings?|classes|lessons|holidays?|weddings?|parties|festivals?|appearances?|signings?|roads?|visits?"
    r"|buses|journeys|bookings|orders|leave|talks|rallies|protests?|strikes?)"
)
_WHEN_WORDS = (
    "jan january feb february mar march apr april may jun june jul july aug august sep sept september oct october"
    " nov november dec december monday mondays tuesday tuesdays wednesday wednesdays thursday thursdays friday"
    " fridays saturday saturdays sunday sundays spring summer fall autumn winter year month week weekend christmas"
    " boxing thanksgiving halloween valentine easter memorial labor labour hogmanay #"
)
_PD_VERB_WORDS = (
    "premiere premieres premiering return returns returning debut debuts debuting arrive arrives arriving launch"
    " launches launching bow bows bowing drop drops dropping hit hits hitting air airs airing stream streams streaming"
    " land lands landing start starts starting begin begins beginning kick kicks kicking come comes coming back head"
    " heads heading move moves moving moved shift shifts shifted pushed delayed bumped slide slides set slated"
    " scheduled dated confirmed due open opens out gallop gallops roll rolls unspool unspools"
)
_EVENT_NOUNS = "date dates premiere return debut launch release bow"


_Rule = tuple[AnnouncementKind, str, frozenset[str], frozenset[str], re.Pattern, frozenset[str] | None]


def _rule(
    kind: AnnouncementKind, name: str, triggers: str | tuple[str, str], starts: str | None, pattern: str
) -> _Rule:
    """A rule, the words without which it cannot match, the words its matches can begin with ("#"
    for a number; default: the trigger words) and, given a second group of words, one of which
    must begin in the 120 characters a match can span ("a date after the verb"). A rule is only
    tried where it can match: that keeps classification fast (tests/unit/test_news_kinds.py checks
    that this finds what a plain search finds)."""
    words, near = (triggers, None) if isinstance(triggers, str) else triggers
    first = frozenset((starts or words).split())
    nearby = _NEAR_GROUPS.setdefault(frozenset(near.split()), frozenset(near.split())) if near else None
    return kind, name, frozenset(words.split()), first, re.compile(pattern), nearby


# each group of near words once, so that rules with the same group share where its words are (``_matches``)
_NEAR_GROUPS: dict[frozenset[str], frozenset[str]] = {}


_WORD = re.compile(r"[a-z0-9]+")
_SEASON_WORDS = "season seasons series run runs instalment installment outing chapter batch years year"
_PD_STARTS = _PD_VERB_WORDS + " will to"
_WHEN_STARTS = (
    _WHEN_WORDS + " # in this next for by until till from on to early late mid end the later due new"
    " boxing thanksgiving halloween valentine easter memorial labor labour hogmanay"
)
_EVENT_RULES = [
    # -- spin-offs ("sp"): a new series from a followed one
    _rule(
        K.SPIN_OFF,
        "sp",
        "spin spinoff spinoffs offshoot offshoots prequel prequels sequel companion spun",
        None,
        r"\bspin[- ]?offs?\b|\bspinoffs?\b|\boffshoots?\b|\bprequels?\b|\bsequel (?:series|show)\b"
        r"|\bcompanion (?:series|show|drama|comedy)\b|\bspun off\b",
    ),
    _rule(
        K.SPIN_OFF,
        "sp",
        "universe franchise",
        "expand expands expanded expanding expansion universe new another latest next from",
        r"\bexpand\w* (?:the )?[\w' ]{0,30}(?:universe|franchise)\b|\buniverse expands\b"
        r"|\b(?:new|another|latest|next) [\w' ]{0,30}(?:series|show|drama) (?:set )?in the [\w' ]{0,30}universe\b"
        r"|\bfrom the [\w' ]{1,30} universe\b",
    ),
    _rule(
        K.SPIN_OFF,
        "sp",
        "add adds unveil unveils announce announces",
        None,
        r"\b(?:adds?|unveils?|announces?) (?:an? )?(?:(?!(?:as|to|for|season|series)\b)[\w'\"§-]+ ){1,5}(?:series|show)\b"
        r"(?! (?:regulars?|\d+|of|finale|premiere)\b)",
    ),
    _rule(
        K.SPIN_OFF,
        "sp",
        "works development steam",
        "series show",
        r"\b(?:series|show) (?:is |now |officially )*(?:in the works|in (?:early )?development|gathers steam)\b"
        r"|\b(?:series|show) (?:about|from|set|based on|following) [\w' ,+:-]{1,40}?\b(?:in the works|in development)\b",
    ),
    # "a new detective series ... has been commissioned", "follow-up 'brine'": only with an order
    _rule(
        K.SPIN_OFF,
        "sp_new",
        "new upcoming untitled follow followup followups sequel sequels",
        None,
        r"\b(?:new|upcoming|untitled) (?:[\w'-]+ ){1,4}(?:series|show|drama|comedy|thriller)\b"
        r"(?! (?:premiere|finale|trailer|regular|of|launch|starts|begins|returns|is out))"
        r"|\bfollow-?ups?\b(?! (?:season|series \d|to (?:season|series) \d))|\bsequels?\b",
    ),
    # -- renewals
    _rule(
        K.RENEWED,
        "renew",
        "renew renews renewed renewal renewals renewing re recommission recommissions recommissioned recommissioning",
        None,
        r"\brenew(?:s|ed|als?|ing)?\b|\bre-?commission(?:s|ed|ing)?\b",
    ),
    _rule(
        K.RENEWED,
        "re",
        ("pick picks picked", _SEASON_WORDS),
        None,
        r"\b(?:picks?|picked|pick) up\b" + _GAP + r" (?:for )?" + _UPCOMING + _NOT_AN_ORDER,
    ),
    _rule(
        K.RENEWED,
        "re",
        (
            "order orders ordered commission commissions commissioned green greenlight greenlights greenlit confirm"
            " confirms confirmed announce announces announced get gets got land lands landed score scores scored earn"
            " earns earned secure secures secured given give gives gave hand hands handed grant grants granted bring"
            " brings bringing brought getting win wins",
            _SEASON_WORDS,
        ),
        "order orders ordered commission commissions commissioned green greenlight greenlights greenlit"
        " confirm confirms confirmed announce announces announced get gets got land lands landed score scores"
        " scored earn earns earned secure secures secured given give gives gave hand hands handed grant grants"
        " granted bring brings bringing brought getting win wins",
        r"\b(?:orders?|ordered|commissions?|commissioned|green-?lights?|green-?lit|greenlights?|greenlit"
        r"|brings? back|bringing back|brought back)"
        + _GAP
        + r" (?:for )?"
        + _UPCOMING
        + _NOT_AN_ORDER
        # weaker verbs: the season right after them, or after the show's title ("gives 'X' a fourth season")
        + r"|\b(?:confirms?|confirmed|announces?|announced|gets?|got|lands?|landed|scores?|scored|earns?|earned"
        r"|secures?|secured|given|gives?|gave|hands?|handed|grants?|granted|getting|wins?)"
        r"(?: (?:'[^']{1,60}'|\"[^\"]{1,60}\"|§+|it|the (?:show|series|drama|comedy)))? (?:for )?(?:early )?"
        + _UPCOMING
        + _NOT_AN_ORDER,
    ),
    _rule(
        K.RENEWED,
        "re",
        "back returning returns return renewed",
        None,
        r"\b(?:back|returning|returns?|return|renewed) for (?:an? |one )?(?:another\b|" + _UPCOMING + r")",
    ),
    _rule(
        K.RENEWED,
        "re",
        "go order pickup pickups renewal renewals commission happening green bring brings confirmed ordered"
        " commissioned greenlit green coming back return",
        "season series is early officially green brings bring coming back will",
        r"\b(?:season|series) \d+ is a go\b|\bis a go for " + _UPCOMING + r"|\b(?:season|series) \d+ (?:order|pickup"
        r"|renewal|commission)\b|\b(?:early|season) (?:pickups?|renewals?)\b|\b(?:is )?officially happening\b"
        r"|\bgreen light for\b|\bbrings? back (?=['\"§])"
        r"|\b(?:season|series) \d+ (?:is |has been )?(?:officially )?(?:confirmed|ordered|commissioned|greenlit"
        r"|green-lit)\b(?! (?:for|to|as)\b)"
        r"|(?:(?<=' )|(?<=§ ))(?:is|are) (?:officially )?coming back\b(?= *(?:[!.:;,-]|$))"
        r"|(?:(?<=' )|(?<=§ ))will (?:officially )?(?:return|be back)\b(?= *(?:[!.:;,-]|$))",
    ),
    # -- cancellations
    _rule(
        K.CANCELLED,
        "ca",
        "cancel cancels cancelled canceled cancelling canceling cancellation cancellations cancelation axe axes axed"
        " axing scrap scraps scrapped scrapping pull pulls pulled pulling shelve shelves shelved dropped drop drops",
        "cancel cancels cancelled canceled cancelling canceling cancellation cancellations cancelation axe"
        " axes axed axing scrap scraps scrapped scrapping pull pulls pulled pulling shelve shelves shelved has"
        " have been was is now drop drops",
        r"\bcancel+(?:ed|s|ing|ations?)?\b|\bax(?:e|es|ed|ing)\b|\bscrap(?:s|ped|ping)?\b|\bpull(?:s|ed|ing)? the plug\b"
        r"|\bshelve[sd]?\b|\b(?:has|have|been|was|is|now) dropped(?=\s*(?:$|[,.;:!?)-]| by| from| after| following| at))"
        r"|\bdrop(?:s|ped)? (?:'[^']{1,60}'|\"[^\"]{1,60}\"|§+)(?=$| after| from| at| amid| following| in\b|,| -)",
    ),
    _rule(
        K.CANCELLED,
        "ca",
        "won wont will not never isn is no decided declined",
        "won wont isn not never no decided declined",
        r"\b(?:won'?t|wont|isn'?t|not to|not|never) (?:be )?(?:return(?:ing)?|coming back|come back"
        r"|be back|back)\b(?! (?:until|till|before|in|this|next|as|on|to screens)\b)"
        r"|\b(?:not|no longer) (?:moving|going) forward\b|\b(?:won'?t|not(?: to)?|decided against|declined to)"
        r" (?:move forward|go forward|proceed|continue|bring back|bring it back|recommission|renew)\b"
        r"|\b(?:won'?t|not) (?:bring|get|be getting|receive) (?:[\w'+§-]+ ){0,5}?(?:for )?(?:an? )?"
        + _ORD
        + r" (?:season|series)\b|\b(?:won'?t|not|not going to|isn'?t going to) happen\b"
        r"|\bnot happening\b|\bno (?:season|series) \d+\b|\bno more (?:seasons|series|episodes)\b|\bno "
        + _ORD
        + r" (?:season|series)\b",
    ),
    _rule(K.CANCELLED, "ca", "pass passes passed", None, r"\bpass(?:es|ed)? on\b"),
    # -- planned ends
    _rule(
        K.ENDED,
        "en",
        "end ends ending conclude concludes concluding concluded wrap wraps wrapping finish bow bows bowing quits"
        " last final finale",
        "end ends ending conclude concludes concluded concluding conclusion wrap wraps wrapping finish bow bows bowing"
        " calls call last final finale",
        r"(?:(?<=\bto )|(?<=will ))(?:end|conclude|wrap(?: up)?|finish|bow out)\b"
        r"(?! (?:filming|production|shooting|the|a|an|this|that|his|her|their)\b)"
        r"|\bend(?:s|ing)? (?:its|their) run\b|\b(?:ends?|ending|concludes?|concluding|wraps? up|wrapping up|bows? out"
        r"|bowing out) (?:with|after|in|at)\b(?! (?:a |an |the )?(?:cliffhanger|twist|shock|bang|death|wedding|reveal"
        r"|credits?|episode \d))|(?<=\bto an )end\b|\bcalls? it quits\b"
        r"|(?:(?<=\bbe its )|(?<=\bbe the )|(?<=\bbe their )|(?<=\bis its )|(?<=\bis the )|(?<=\bis their ))"
        r"(?:last|final|end)\b(?! (?:time|word|straw|of|episode))"
        r"|(?<=series )finale (?:date|set|sets|to air|airs|will air|scheduled)\b|\bconclud\w+ with\b",
    ),
    _rule(
        K.ENDED, "final", "final last", None, r"\b(?:final|last)[- ](?:season|series|run|chapter|instal?lment|outing)\b"
    ),
    # -- premiere dates
    _rule(
        K.PREMIERE_DATE,
        "pd",
        _EVENT_NOUNS,
        "premiere release return launch debut air start transmission streaming set sets date dates get gets"
        " land lands announce announces reveal reveals confirm confirms lock locks unveil unveils",
        r"\b(?:premiere|release|return|launch|debut|air|start|transmission|streaming) dates?\b"
        r"|\b(?:sets?|dates?|gets?|lands?|announces?|reveals?|confirms?|locks?|unveils?) (?:an? |its |the )?"
        r"(?:[\w,.'\"+§-]+ ){0,3}?(?:premiere|return|debut|launch|release|bow|date)\b(?! party)",
    ),
    _rule(
        K.PREMIERE_DATE,
        "pd_when",
        (_PD_VERB_WORDS, _WHEN_WORDS),
        _PD_STARTS,
        r"\b"
        + _PD_VERB
        + r"(?: (?!(?:filming|production|shooting|principal)\b)[\w'\"+.,&:§-]+){0,5}? "
        + _WHEN_AHEAD
        + _WHEN,
    ),
    _rule(
        K.PREMIERE_DATE,
        "pd",
        (_EVENT_NOUNS, _WHEN_WORDS),
        _WHEN_STARTS,
        r"\b" + _WHEN + r"(?: [\w'+-]+)? (?:premiere|return|debut|launch|release|bow)\b"
        r"|\b(?:" + _FULL_MONTH + r"|" + _SHORT_MONTH + r") (?:premiere|return|debut|launch|release)\b",
    ),
    _rule(
        K.PREMIERE_DATE,
        "pd",
        "until till before",
        "won not isn aren",
        r"\b(?:won'?t|not|isn'?t|aren'?t) (?:\w+ )?(?:arrive|arriving|return|returning|premiere|premiering"
        r"|debut|air|be back|come back) (?:until|till|before) (?:" + _WHEN_RE + r")",
    ),
    _rule(
        K.PREMIERE_DATE,
        "pd",
        "delay delays delayed push pushes pushed postpone postpones postponed moves moved bumped shifted",
        "delay delays delayed push pushes pushed postpone postpones postponed premiere return debut release",
        r"\b(?:delay(?:s|ed)?|push(?:es|ed)? back|postpone[sd]?)\b|\bpremiere moves?\b"
        r"|\b(?:premiere|return|debut|release) (?:date )?(?:is )?(?:moved|moves|pushed|bumped|delayed|shifted)\b",
    ),
    _rule(
        K.PREMIERE_DATE,
        "pd",
        "target targets",
        None,
        r"\btargets? (?:an? )?(?:(?:early|mid|late|spring|summer|fall|autumn|winter|20\d\d)[- ]?){1,2}"
        r"(?:return|premiere|debut|release)\b",
    ),
    _rule(
        K.PREMIERE_DATE,
        "pd_when",
        ("set sets slate slates schedule schedules book books", _WHEN_WORDS),
        None,
        r"\b(?:sets?|slates?|schedules?|books?) (?:[\w'\"+:§-]+ ){1,6}?(?:for|on|in) " + _WHEN_AHEAD + _WHEN,
    ),
    # -- a season out, started or being made
    _rule(
        K.NEW_SEASON,
        "ns",
        "today tonight now",
        "premiere premieres return returns debut debuts arrive arrives launch launches drop drops land lands"
        " hit hits air airs start starts begin begins kick kicks back stream streams bow bows out now"
        " streaming available",
        r"\b(?:premieres?|returns?|debuts?|arrives?|launch(?:es)?|drops?|lands?|hits?|airs?|starts?|begins?|kicks? off"
        r"|back|streams?|bows?)(?: (?:on|in) [\w+ ]{1,20})? (?:today|tonight|now)\b"
        r"|\bout now\b|\bnow (?:streaming|available|on)\b|\b(?:streaming|available) now\b",
    ),
    _rule(K.NEW_SEASON, "ns", "here out binge", None, r"(?<=\bis )(?:here|out)\b(?! (?:of|as))|\bbinge\b"),
    _rule(
        K.NEW_SEASON,
        "ns",
        "filming production shooting photography",
        "begin begins began start starts started kick kicks kicked resume resumes resumed commence commences"
        " commenced get gets underway under filming production shooting principal",
        r"\b(?:begins?|began|starts?|started|kicks? off|kicked off|resumes?|resumed|commences?|commenced"
        r"|gets? under ?way|underway|under way) (?:\w+ )?(?:filming|production|shooting|principal photography)\b"
        r"|\b(?:filming|production|shooting|principal photography) (?:(?:has|have|is|now|officially|finally) )*"
        r"(?:begun|begins|began|started|starts|underway|under way|resumed|resumes|kicks off|kicked off|commenced"
        r"|commences|in progress)\b"
        r"|(?:(?<=\bis )|(?<=\bare )|(?<=officially )|(?<=\bnow )|(?<=currently )|(?<=already )|(?<=still ))"
        r"(?:filming|shooting)\b|(?:(?<=\bis in )|(?<=\bare in )|(?<=\bnow in ))production\b",
    ),
    _rule(
        K.NEW_SEASON,
        "ns",
        "camera cameras scrubs",
        None,
        r"\bcameras? (?:roll|rolling|rolled|are rolling)\b|\bscrubs in\b",
    ),
    # -- trailers and first looks
    _rule(
        K.TRAILER,
        "tr",
        "trailer trailers teaser teasers look sneak first promo clip key poster posters sizzle footage",
        "trailer trailers teaser teasers first sneak promo clip key poster posters sizzle new exclusive",
        r"\btrailers?\b|\bteasers?\b|\bfirst[- ]look\b(?! deal)|\bsneak peek\b"
        r"|\bfirst (?:images?|photos?|pictures?|footage|clip|glimpse|stills?)\b|\bpromo\b|\bclip\b|\bkey art\b"
        r"|\bposters?\b|\bsizzle\b|\b(?:new|exclusive) footage\b",
    ),
    # -- casting
    _rule(K.CASTING, "cs", "join joins joined joining", None, r"\bjoin(?:s|ed|ing)?\b(?! forces)"),
    _rule(
        K.CASTING,
        "cs",
        "add adds added adding",
        None,
        r"\badd(?:s|ed|ing)?\b(?! (?:(?:an? |the |new |more |extra |two |three |\d+ )?"
        r"(?:episodes?|dates?|seasons?|series|shows?|to the|fuel|insult|layers?|depth|twist)))",
    ),
    _rule(
        K.CASTING,
        "cs",
        "cast casts casting recast recasts recasting",
        "cast casts casting join joins joined joining round rounds complete completes lead leads head heads top tops"
        " set sets recast recasts recasting",
        r"\bcasts?\b (?:as|in)\b|(?:(?<=\bis )|(?<=\bare )|(?<=been )|(?<=\bwas )|(?<=were )|(?<=\bget )|(?<=gets )"
        r"|(?<=\bgot )|(?<=being ))cast\b|\bcasting\b"
        r"|\bcasts\b(?! (?:reunit\w*|reunion|doubt|a spell|a shadow|light))"
        r"|\bcast (?:changes?|shake-?ups?|additions?|exits?|departures?|news|update|overhaul|grows|expands|revealed"
        r"|announced|confirmed|set|unveiled)\b"
        r"|\b(?:joins?|joined|joining|rounds? out|completes?|leads?|heads?|tops?|sets?) (?:the |its )?"
        r"(?:\w+ )?cast\b|\brecast(?:s|ing)?\b",
    ),
    _rule(
        K.CASTING,
        "cs",
        "appear guest star lead front host headline play voice portray recur",
        None,
        r"(?:(?<=\bto )|(?<=will )|(?<=n't )|(?<=wont )|(?<=\bnot ))(?:appear|guest|star|lead|front|host|headline|play"
        r"|voice|portray|recur)\b",
    ),
    _rule(
        K.CASTING,
        "cs",
        "guest guests guesting cameo tapped board boards boarded regular regulars promoted recurring tap taps",
        "guest guests guesting cameo tapped board boards boarded series promoted recurring tap taps",
        r"\bguest(?:s|ing)? (?:on|in)\b|\bguest[- ]star\w*\b|\bguest (?:spot|role|arc)\b|\bcameo\b|\btapped\b"
        r"|(?<!\bon )\bboards?\b|\bboarded\b|\bseries regulars?\b|\bpromoted\b|\brecurring\b"
        r"|\btaps?\b(?= (?:[\w'.-]+ ){1,4}(?:as|to (?:play|star|lead|host|front)|for (?:the )?(?:lead|role)))",
    ),
    _rule(
        K.CASTING,
        "cs",
        "bumped upped elevated moved",
        None,
        r"\b(?:bumped|upped|elevated|moved) up to "
        r"(?=(?:[\w-]+ ){0,2}(?:series regular|regular|lead|main|star|co-?lead|full-time))",
    ),
    _rule(
        K.CASTING,
        "cs",
        "exit exits exiting exited depart departs departing departed departure leaving leave leaves quit quits step"
        " steps written killed replace replaces replaced replacing replacement reprise reprises reprised reprising",
        None,
        r"(?<!\bno )\bexit(?:s|ing|ed)?\b|\bdepart(?:s|ing|ed|ure)?\b|\bleaving\b|(?:(?<=\bto )|(?<=will ))leave\b"
        r"|\bleaves (?=['\"])|\bquits?\b|\bsteps? (?:down|away)\b|\bwritten out\b|\bkilled off\b"
        r"|\breplac(?:e|es|ed|ing|ement)\b|\breprise[sd]?\b|\breprising\b",
    ),
    _rule(
        K.CASTING,
        "cs",
        "return returns returning returned back bring brings",
        None,
        r"\breturn(?:s|ing|ed)? as\b|\bback as\b|\breturn(?:s|ing)? to\b|\bback for\b|\bbrings? back\b"
        r"|(?<='s )return\b(?! date| to)|(?<=s' )return\b(?! date| to)",
    ),
    _rule(
        K.CASTING,
        "cs",
        "line lineup lineups meet faces",
        "line lineup lineups revealed confirmed announced unveiled full celebrity contestant star meet new",
        r"\bline-?ups? (?:revealed|confirmed|announced|unveiled)\b|\bline-?up:"
        r"|\b(?:revealed|confirmed|announced|unveiled|full|celebrity|contestant|star-studded) line-?up\b"
        r"|\bmeet the (?:\d+ |new )?(?:contestants|cast|celebrities|players|housemates|queens|stars)\b|\bnew faces\b",
    ),
    _rule(
        K.CASTING,
        "cs",
        "new find finds",
        None,
        r"\bnew " + _ROLE + r"\b|\bfinds? (?:its|their|a|her|his) (?:new )?" + _ROLE + r"\b",
    ),
    # -- news said outright, so that nothing else decides
    _rule(
        K.NEWS,
        "nw",
        "deal",
        "overall first development multi multiyear producing exclusive",
        r"\b(?:overall|first[- ]look|development|multi-?year|producing|exclusive) (?:tv |television )?deal\b",
    ),
    _rule(
        K.NEWS,
        "nw",
        "wrap wraps wrapped wrapping filming production shooting halt halts halted pause pauses paused suspend"
        " suspends suspended shut shuts",
        "wrap wraps wrapped wrapping filming production shooting halt halts halted pause pauses paused"
        " suspend suspends suspended shut shuts",
        r"\b(?:wraps?|wrapped|wrapping) (?:filming|production|shooting)\b"
        r"|\b(?:filming|production|shooting) (?:has |is |officially )?(?:wrapped|wraps|halted|halts|paused|shut down"
        r"|suspended)\b|\bwrap party\b|\b(?:halts?|halted|pauses?|paused|suspends?|suspended|shuts? down)"
        r" (?:filming|production|shooting)\b",
    ),
    _rule(
        K.NEWS,
        "nw",
        "reunite reunites reunited reunion reunions table read panel panels",
        "cast casts reunite reunites reunited reunion reunions table charity",
        r"\bcasts? (?:reunit\w*|reunions?)\b|\b(?:cast|charity) (?:reunion|table read|panel)s?\b"
        r"|\breunit\w* (?:for|at|on) (?:an? )?(?:[\w'-]+ ){0,2}(?:table read|panel|reunion|special|event|charity)\b",
    ),
    _rule(
        K.NEWS,
        "nw",
        "record records",
        "break breaks broke smash smashes shatter shatters record",
        r"\b(?:breaks?|broke|smashes?|shatters?) (?:[\w'+-]+ ){0,3}records?\b"
        r"|\brecord[- ](?:breaking|setting) (?:audience|ratings|viewing)\b",
    ),
    _rule(
        K.NEWS,
        "nw",
        "tease teases teased teasing explained ranked recap review interview",
        None,
        r"\bteases?\b|\bteased\b|\bteasing\b|\bexplained\b|\branked\b|\brecap\b|\breview\b|\binterview\b",
    ),
]
_SPECULATIVE = re.compile(
    r"\?|\b(?:could|might|should|hopes?|hoping|hopeful|wants?|wanted|wish(?:es)?|rumou?r\w*|if|when will"
    r"|will there be|speculat\w*|reportedly|in talks|would (?:like|love)|open to|pitch(?:es|ed|ing)?"
    r"|dreams? of|theor(?:y|ies)|predictions?|what to expect|what it means|(?:renewal|cancell?ation) (?:watch|odds)"
    r"|calls? for|petition\w*|campaign\w*|begs?|urges?|plead\w*|(?:un)?likely|possible|possibility|chances)\b"
    r"|\bmay (?=be\b|not\b|have\b|never\b|well\b|return|end|come|get|still|soon|also|yet|finally)"
)
_SPECULATIVE_WORDS = frozenset(
    "could might should hope hopes hoping hopeful want wants wanted wish wishes rumour rumours rumor rumors rumoured"
    " rumored when there if speculation speculate speculates speculated speculating speculative reportedly talks would"
    " open pitch pitches pitched pitching dream dreams theory theories prediction predictions expect means watch"
    " odds call calls petition petitions petitioning campaign campaigns campaigning campaigners beg begs urge urges"
    " plead pleads pleaded pleading may likely unlikely possible possibility chances".split()
)
_SENTENCE_END = re.compile(r"[.!?]+(?=\s)")
# where a clause ends: a sentence or question, "-", ";", ":", "but", "while", "as <subject> <verb>"
_CLAUSE_BREAK = re.compile(
    r"[.!?;:]+(?=\s|$)|,?\s(?:-+\s|--?(?=\w)|(?:but|while|whereas|plus)\b"
    r"|as (?=(?:[\w'+.&-]+ ){0,5}?(?:confirms?|announces?|says|reveals?|renews?|orders?|begins?|starts?|premieres?"
    r"|dates?|sets?|drops?|is|are|has|have|gets?|launch(?:es)?|returns?|moves?|lands?|arrives?|joins?|exits?"
    r"|heads?|unveils?)\b))"
)
_MAY_BREAK = re.compile(r"[.!?;:-]|\b(?:but|while|whereas|plus|as)\b")
_BREAK_SIGN = re.compile(r"[.!?;:-]")  # the signs of ``_MAY_BREAK``: a quick scan
_BREAK_WORDS = frozenset(("but", "while", "whereas", "plus", "as"))  # and its words
_ABBREVIATION = re.compile(
    r"(?:\b(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|dept|dr|mr|mrs|ms|st|vs|jr|sr|no|vol|ft|u\.s|u\.k)"
    r"|\b[a-z]|§)$"
)


def _abbreviated(text: str, at: int) -> bool:
    """Whether ``text`` up to ``at`` ends in an abbreviation (``_ABBREVIATION``). Only its last few
    characters are read: a match ends at ``at`` and is at most four long ("sept", "u.s"), and "\\b"
    still sees the character before where the search starts."""
    return _ABBREVIATION.search(text, max(0, at - 8), at) is not None


@dataclass(frozen=True)
class Classified:
    kind: AnnouncementKind
    premiere: PartialDate | None = None
    spin_off_title: str | None = None
    kinds: tuple[AnnouncementKind, ...] = ()

    def __post_init__(self) -> None:
        if not self.kinds:
            object.__setattr__(self, "kinds", (self.kind,))


def title_words(titles: Iterable[str]) -> frozenset[tuple[str, ...]]:
    """Titles as ``classify`` compares them; worked out once per poll, not once per item."""
    return frozenset(w for t in titles if (w := words_of(t)))


def classify(
    title: str, summary: str = "", *, published: date | None = None, known: AbstractSet[tuple[str, ...]] = frozenset()
) -> Classified:
    """The kinds of news (main first), the premiere date it gives (for premiere dates, spin-offs,
    renewals and new seasons) and, for a spin-off, the new series' title when the headline quotes
    one that is not ``known`` (see ``title_words``)."""
    title, summary = title or "", summary or ""
    head, body = _folded(title), _folded(summary)
    rules = _rule_kinds(head, title, body, summary, known)
    kinds = rules or combine_kinds(rules, _model().scores(title, summary))
    kind = kinds[0]
    premiere = None
    if kind in (K.PREMIERE_DATE, K.SPIN_OFF, K.NEW_SEASON, K.RENEWED) or K.PREMIERE_DATE in kinds:
        premiere = extract_date(head, published) or extract_date(body, published)
    spin_off_title = _new_title(title, known) if K.SPIN_OFF in kinds else None
    return Classified(kind, premiere, spin_off_title, kinds)


def combine_kinds(
    rules: tuple[AnnouncementKind, ...], scores: Mapping[AnnouncementKind, float]
) -> tuple[AnnouncementKind, ...]:
    """The item's kinds from the rules' and the learned model's (``news_model.KindModel.scores``).

    Chosen on the DEV split by tests/tools/choose_news_combination.py (2026-12-07, 90 items): the
    rules alone typed 0.900 of the main kinds right (kinds micro-F1 0.870), the model alone 0.778
    (0.782), the model overriding the rules when it disagrees at >= 0.6–0.9 confidence 0.867–0.878;
    the model where no rule fires, when it is at least half sure, ties the rules (0.900 / 0.870) and
    gives a kind to items no rule knows. So the rules decide, and the model speaks where they are silent."""
    if rules:
        return rules
    if scores:
        top = max(scores, key=lambda k: scores[k])
        if scores[top] >= MODEL_CONFIDENCE:
            return (top,)
    return (K.NEWS,)


MODEL_CONFIDENCE = 0.5  # the model's kind for an item no rule types, when it is at least this sure


def _model() -> KindModel:
    from watchtracker.services.news_model import KindModel  # its weights load on the first item no rule types

    return KindModel.shipped()


def rule_kinds(
    title: str, summary: str = "", *, known: AbstractSet[tuple[str, ...]] = frozenset()
) -> tuple[AnnouncementKind, ...]:
    """Every event the rules find in the item, main first, each once; empty when no rule fires.
    The headline decides the main event; the summary only when the headline announces nothing."""
    title, summary = title or "", summary or ""
    return _rule_kinds(_folded(title), title, _folded(summary), summary, known)


def _folded(text: str) -> str:
    """``fold(text)``, quicker for the usual text whose only non-ASCII signs are quotes and dashes."""
    straight = text.translate(_STRAIGHT)
    return straight.lower() if straight.isascii() else fold(straight)


def _rule_kinds(
    head: str, title: str, body: str, summary: str, known: AbstractSet[tuple[str, ...]]
) -> tuple[AnnouncementKind, ...]:
    head = _masked(head, title, known)
    lead = _first_sentences(body)
    lead = _masked(lead, summary[: len(lead)], known)
    # an order in the headline makes "the sequel series" of the summary the show ordered
    ordered = bool(_SPIN_OFF_NOUN.search(head) or _SPIN_OFF_NOUN.search(lead)) and bool(
        _ORDERED.search(head) or _ORDERED.search(lead)
    )
    in_head = _events(head, ordered, known)
    in_lead = _events(lead, ordered, known, summary=True)
    main = next((k for k, weak in in_head if not weak), None)
    if main is None and in_head:
        main = K.NEWS  # only a question
    if main is None:
        main = next((k for k, weak in in_lead if not weak), None)
    if main is None:
        return (K.NEWS,) if in_lead else ()
    out = [main]
    absorbed = (K.CASTING, K.PREMIERE_DATE, K.TRAILER, K.NEW_SEASON) if main is K.SPIN_OFF else ()
    for k, weak in in_head + in_lead:
        if not weak and k is not K.NEWS and k not in out and k not in absorbed:
            out.append(k)
    return tuple(out)


# A spin-off word that describes a show rather than announces one: "stars in the Bosch spinoff",
# "every Yellowstone spinoff, ranked", "the prequel about ...", "won't appear in any spinoffs".
_SPIN_OFF_NOUN = re.compile(r"spin|offshoot|prequel|sequel|follow-?up|companion")
_DESCRIBED = re.compile(
    r"(?:\b(?:in|of|from|on|about|with|for|alongside|like) (?:the|any|a|an|every|all|its|his|her|their|this|that"
    r"|[\w+&§-]+'s)|\b(?:with|alongside|like)|\b(?:every|all|each|any)|(?:^|, )\W*(?:the|this|that))\s+"
    r"(?!(?:new|upcoming|planned|proposed|potential|another|latest|untitled)\b)(?:[\w'\"+:&§-]+\s+){0,3}$"
)
_ORDERED = re.compile(
    r"\b(?:orders?|ordered|greenlights?|greenlit|green-lit|green-lights?|in the works|in (?:early )?development"
    r"|developing|picks? up|picked up|moves? forward|moving forward|to series|series order|commission(?:s|ed)?"
    r"|plotting|on the way)\b"
)
_NEW_SHOW = re.compile(r"(?:new|upcoming|planned|proposed|potential|another|latest|untitled)\b")
# "the cancelled drama", "its renewed comedy": a description, not the news
_ATTRIBUTIVE = re.compile(r"(?:\b(?:the|a|an|its|this|that|his|her|their|recently|now|since|already)[- ]|'s )$")
_SHOW_NOUN = re.compile(
    r" (?:[\w'-]+ )?(?:drama|series|show|comedy|sitcom|thriller|procedural|soap|spin-?off|revival|reboot|programme"
    r"|program|title|franchise)\b"
)
_RENEWED_AS_VERB = re.compile(
    r"(?:\s*(?:$|[,.;:!?'\")-])| (?:for|at|by|through|as|and|with|after|in|on|to|ahead|amid|despite|early|again"
    r"|officially|already|season|series|but|while|until|before|into|over|once|quickly|twice|till|so|thanks|following"
    r"|a|an|the|its|his|her|their|it|them|both|all|two|three|four|five|'|\"|\d)\b)"
)
_NEGATED = re.compile(
    r"(?:\bnot|n't|\bnever|\bno longer|\byet to|\bfails? to|\bfailed to|\bdeclined to|\brefused to|\bdecided not to"
    r"|\bdecided against)(?: (?:be|been|being|get|getting|got|been officially))? $"
)


def _negated(before: str) -> bool:
    """``_NEGATED.search(before)``, read over the last 48 characters only: a match ends the text
    (or precedes its last newline) and is at most 33 long ("decided against been officially "),
    and "\\b" still sees the character before where the search starts."""
    return _NEGATED.search(before, max(0, len(before) - 48)) is not None


_FINAL_ANNOUNCED_BEFORE = re.compile(
    r"(?:\b(?:an?|one|(?:and|&)|for (?:one|a)|(?:orders?|ordered|renew\w*|confirms?|confirmed|announces?|announced"
    r"|gets?|got|given|gives?|lands?|picks? up|picked up|commissions?|commissioned|green-?lights?|greenlit"
    r"|green-?lit|brings? back|back for|return for|returning for|coming back for)(?: [\w'+:.&-]+){0,4}?"
    r"(?: for)?(?: an?| its| the)?) $|^\W*$)"
)
_FINAL_ANNOUNCED_AFTER = re.compile(r"^(?: (?:is|has been|officially))? (?:confirmed|announced|ordered|set)\b(?! for)")
_AFTER_FINAL = re.compile(
    r"^[- ](?:[\w'+-]+ ){0,1}(?:premiere|finale|trailer|teaser|date|first|filming|production|cast|release|return"
    r"|debut|episodes?|opener|launch|poster|footage|look|images|photos|shoot|shooting|villain|set|sees|will|is"
    r"|arrives|premieres|starts|begins|drops|lands|returns|kicks|debuts|airs)\b"
)


def _events(
    text: str, ordered: bool, known: AbstractSet[tuple[str, ...]], summary: bool = False
) -> list[tuple[AnnouncementKind, bool]]:
    """The events in folded text, in reading order: (kind, weak); a weak event is a question's
    news, which counts only when nothing else is announced."""
    if not text:
        return []
    clauses: list[tuple[int, int]] = []
    ends: list[int] = []
    found: list[tuple[int, int, AnnouncementKind]] = []
    words = set(_WORD.findall(text))
    if _has_number(text, words):
        words.add("#")
    where: dict[str, list[int]] = {}
    aheads: dict[int, list[int]] = {}
    for order in sorted({i for word in words & _RULES_BY_WORD.keys() for i in _RULES_BY_WORD[word]}):
        kind, name, _, starts, rule, near = _EVENT_RULES[order]
        if near is not None and words.isdisjoint(near):
            continue
        hits = starts.intersection(words)
        if near is None and len(hits) == 1:  # the usual case, as ``_matches`` tries it, without its overhead
            at = _starts_of(text, next(iter(hits)), where)
            if len(at) == 1:
                one = rule.match(text, at[0])
                matches: Iterable[re.Match] = (one,) if one else ()
            else:
                matches = _matches(rule, text, starts, words, where, near, aheads)
        else:
            matches = _matches(rule, text, starts, words, where, near, aheads)
        for m in matches:
            if not clauses:
                clauses = _clauses(text, words)
                ends = [e for _, e in clauses]
            begin, end = clauses[min(bisect_right(ends, m.start()), len(clauses) - 1)]
            got = _judged(kind, name, text, m, begin, end, ordered, known)
            if got is K.CASTING and summary and _CONTINUING.search(m.group()):
                got = None  # "X returns as Y" in a summary: the cast carries on
            if got is not None:
                found.append((m.start(), order, got))
    maybe_asked = "?" in text or not words.isdisjoint(_SPECULATIVE_WORDS)
    if not (found or maybe_asked):
        return []
    clauses = clauses or _clauses(text, words)
    # "premieres today, Jan. 29": the day itself is said, so a date, not just a season out
    dated = {_clause_of(clauses, s) for s, _, k in found if k is K.PREMIERE_DATE}
    found = [f for f in found if not (f[2] is K.NEW_SEASON and _clause_of(clauses, f[0]) in dated)]
    # the casting of a new series ordered in the same clause is the spin-off's
    spun = {_clause_of(clauses, s) for s, _, k in found if k in (K.SPIN_OFF, K.NEWS)}
    found = [f for f in found if not (f[2] is K.CASTING and _clause_of(clauses, f[0]) in spun)]
    speculative = [c for c in clauses if _SPECULATIVE.search(text, *c)] if maybe_asked else []
    found += [(begin, -1, K.NEWS) for begin, _ in speculative]
    found.sort()
    out: list[tuple[AnnouncementKind, bool]] = []
    for start, order, kind in found:
        clause = _clause_of(clauses, start)
        if clause not in speculative:
            out.append((kind, False))
        elif order == -1:  # a question or speculation: news for the whole clause
            asked = text[clause[0] : clause[1]]
            out.append((K.NEWS, "?" in asked and not _SPECULATIVE.search(asked.replace("?", " "))))
    return out


# the rules to try on a text, by the words it has
_RULES_BY_WORD: dict[str, list[int]] = {}
for _i, _r in enumerate(_EVENT_RULES):
    for _w in _r[2]:
        _RULES_BY_WORD.setdefault(_w, []).append(_i)


_NUMBER = re.compile(r"\b\d")


def _has_number(text: str, words: AbstractSet[str]) -> bool:
    """``_NUMBER.search(text)``, given the text's ``_WORD`` words: in ASCII text a number begins a
    word, so without a word that begins with a digit (all sort before "a") there is none."""
    if text.isascii() and not (words and min(words) < "a"):
        return False
    return _NUMBER.search(text) is not None


def _starts_of(text: str, word: str, where: dict[str, list[int]]) -> list[int]:
    """Where ``word`` begins as a whole word of folded text ("#": a number), remembered in ``where``."""
    got = where.get(word)
    if got is None:
        if word == "#":
            got = [m.start() for m in _NUMBER.finditer(text)]
        else:
            got, size, i = [], len(word), text.find(word)
            while i >= 0:
                if (i == 0 or not text[i - 1].isalnum()) and not text[i + size : i + size + 1].isalnum():
                    got.append(i)
                i = text.find(word, i + size)
        where[word] = got
    return got


def _matches(
    rule: re.Pattern,
    text: str,
    starts: frozenset[str],
    words: set[str],
    where: dict[str, list[int]],
    near: frozenset[str] | None = None,
    aheads: dict[int, list[int]] | None = None,
) -> Iterable[re.Match]:
    """What ``rule.finditer(text)`` finds, trying only where one of ``starts`` begins (and, given
    ``near``, one of those ``words`` within 120 characters). ``aheads`` keeps the starts of each
    ``near`` group of words for the next rule with the same group."""
    hits = starts.intersection(words)
    if len(hits) == 1:  # the usual case: one word's starts, already in order
        at = _starts_of(text, next(iter(hits)), where)
    else:
        at = sorted(i for word in hits for i in _starts_of(text, word, where))
    if near is not None:
        ahead = aheads.get(id(near)) if aheads is not None else None
        if ahead is None:
            ahead = sorted(i for word in near.intersection(words) for i in _starts_of(text, word, where))
            if aheads is not None:
                aheads[id(near)] = ahead
        at = [i for i in at if (k := bisect_left(ahead, i)) < len(ahead) and ahead[k] <= i + 120]
    done = 0
    for i in at:
        if i >= done and (m := rule.match(text, i)):
            done = m.end()
            yield m


def _judged(
    kind: AnnouncementKind,
    name: str,
    text: str,
    m: re.Match,
    begin: int,
    end: int,
    ordered: bool,
    known: AbstractSet[tuple[str, ...]],
) -> AnnouncementKind | None:
    """What a rule's match announces in its clause, or None when it only describes."""
    before, after = text[begin : m.start()], text[m.end() : end]
    said = m.group()
    if kind is K.SPIN_OFF:
        if name == "sp_new" and not (ordered or _ORDERED.search(text, begin, end)):
            return None
        if not ordered and _describes(text, m, begin):
            return None
        return kind
    if kind in (K.RENEWED, K.CANCELLED) and _ATTRIBUTIVE.search(before) and _SHOW_NOUN.match(after):
        return None  # "pick up the cancelled drama"
    if name == "renew":
        if said.startswith("renew") and said.endswith("ed") and not _RENEWED_AS_VERB.match(after):
            return None  # "renewed interest"
        if _negated(before):
            return K.CANCELLED
        return kind
    if name == "re":
        if _END_VERB.search(said):
            return None  # "will conclude with season 8"
        if _BACK_FOR_TITLE.search(said):
            return K.CASTING  # "confirms Ted Hastings is back for 'Line of Duty' series 7"
        if said.startswith("return") and _RETURN_AS_NOUN.search(before):
            return None  # "sets a Feb. 12 return for season 5": the return is a date
        if _negated(before):
            return K.CANCELLED
        if said.startswith(("back for", "coming back for", "returning for", "return")) and _title_at(
            text, m.start() + said.index("for") + 4, known
        ):
            return K.CASTING  # "Ted Hastings is back for 'Line of Duty'"
        if said.startswith("back") and _IS_ARE.search(before):
            if _TODAY_AFTER.match(after):
                return None
        return kind
    if kind is K.CANCELLED:
        if _negated(before) and said.startswith(("cancel", "ax")):
            return K.NEWS  # "not cancelled"
        if _NOT_SCREEN_BEFORE.search(before):
            return None  # "ferries cancelled"
        if said.startswith("cancel") and _NOT_SCREEN_AFTER.match(after):
            return None
        if _OTHER_SHOWS.match(after):
            return None  # "cancels three freshman dramas": other shows
        if said.startswith("ax") and _A_PERSON.match(after):
            return K.CASTING  # "axes long-serving character"
        if "return" in said or "back" in said:
            if _PERSON_SUBJECT.search(before):
                return K.CASTING  # "'Drift' star Ben Kato will not return"
            to = _FOR_TO_IN.match(after)
            if to and (not to.group().startswith(" for") or _title_at(text, m.end() + to.end(), known)):
                return K.CASTING  # "Sam Elliott won't return for 'Landman' season 3"
        return kind
    if kind is K.PREMIERE_DATE and _at_the_cinema(text, begin, end):
        return None  # a film
    if kind is K.NEW_SEASON and said in ("here", "out") and _FIRST_LOOK_IS.search(before):
        return None  # "the trailer is here": the trailer's news
    if name == "final":
        if _FINAL_ANNOUNCED_AFTER.match(after):
            return kind
        if _AFTER_FINAL.match(after):
            return None  # a final-season teaser
        return kind if _FINAL_ANNOUNCED_BEFORE.search(before) else None
    if kind is K.CASTING:
        if said == "return":  # "Gibbs' return", "the show's return"
            owner = _OWNER.search(before)
            if not owner or owner.group()[0] in "'\"§" or owner.group(1) in _SHOW_WORDS:
                return None  # "the show's return", "'Reacher''s return": a date, if anything
        if said.endswith(("brings back", "bring back")) and _title_at(text, m.end(), known):
            return None  # "brings back 'NCIS'": a renewal
        if said.endswith((" to", "back for")) and not _title_at(text, m.end(), known):
            return None  # "returns to BBC One": the show; "returns to 'SVU'": a person
        if said.startswith("add") and _ADDS_A_SHOW.match(after):
            return None  # "adds 'VisionQuest' series": a spin-off
        if _not_cast(before):
            return K.NEWS  # "showrunner steps down": not the cast
        return kind
    return kind


_SHOW_WORDS = frozenset("show series drama comedy season sitcom soap network franchise".split())
_END_VERB = re.compile(r"\b(?:conclude|end|ending|wrap|finish|bow)\b")
_BACK_FOR_TITLE = re.compile(r"\bback for [§'\"]")
_RETURN_AS_NOUN = re.compile(
    r"(?:\b(?:an?|its|the|their)|\d(?:st|nd|rd|th)?|" + _ANY_MONTH + r"|" + _PART + r"|20\d\d) $"
)
_IS_ARE = re.compile(r"\b(?:is|are) $")
_TODAY_AFTER = re.compile(r"[\w ,]{0,30}\b(?:today|tonight|now)\b")
_NOT_SCREEN_BEFORE = re.compile(_NOT_SCREEN_NOUN + r"(?: (?:\w+ ){0,2}(?:were|was|are|been|being|got|left))? $")
_NOT_SCREEN_AFTER = re.compile(r" " + _NOT_SCREEN_NOUN)
_OTHER_SHOWS = re.compile(
    r"(?: [\w-]+){0,2} (?:(?:other|freshman|several|rival|\d+|two|three|four|five|six|seven|eight|nine|ten)"
    r" (?:[\w-]+ )?(?:dramas|shows|comedies|sitcoms|programmes)|(?:other|freshman|several) (?:[\w-]+ )?series)\b"
)
_A_PERSON = re.compile(r"(?: [\w'-]+){0,3} " + _PERSON_NOUN + r"\b|\s+from\b")
_PERSON_SUBJECT = re.compile(
    r"\b(?:star|actor|actress|host|presenter|co-star|alum|favou?rite)\b[^,;:]*$|\b(?:she|he|i|they)(?: will)? $"
)
_FOR_TO_IN = re.compile(r" (?:for|to|in) ")
_FIRST_LOOK_IS = re.compile(r"\b(?:trailer|teaser|look|poster|clip|promo|footage|images|photos|art)s? (?:is|are) $")
_CINEMA = re.compile(r"\b(?:theat(?:er|re)s|cinemas?|box office)\b")


def _at_the_cinema(text: str, begin: int, end: int) -> bool:
    """``_CINEMA.search(text, begin, end)``; the regex only where one of its words is."""
    if text.find("theat", begin, end) < 0 and text.find("cinema", begin, end) < 0:
        if text.find("box office", begin, end) < 0:
            return False
    return _CINEMA.search(text, begin, end) is not None


_OWNER = re.compile(r"['\"]?([\w§]+)(?:'s?|s') $")
_ADDS_A_SHOW = re.compile(
    r"(?: (?!(?:as|to|for|season|series)\b)[\w'\"§-]+){1,5} (?:series|show)\b(?! (?:regulars?|\d))"
)
_NOT_CAST = re.compile(r"\b(?:showrunner|writer|producer|creator|director|executive|boss)s? (?:[\w.'-]+ ){0,3}$")
_CONTINUING = re.compile(r"return|back|repris|host")


def _not_cast(before: str) -> bool:
    """``_NOT_CAST.search(before)``, read from after the fifth space from the end only: a match
    ends the text (or precedes its last newline) and has one to four spaces and no other white
    space; "\\b" still sees the character before where the search starts."""
    at = len(before)
    for _ in range(5):
        at = before.rfind(" ", 0, at)
        if at < 0:
            return _NOT_CAST.search(before) is not None
    return _NOT_CAST.search(before, at + 1) is not None


def _masked(folded: str, original: str, known: AbstractSet[tuple[str, ...]]) -> str:
    """Folded text with each ``known`` title written as a title (capitalised or quoted) replaced
    by "§" signs, so that its words ("Law & Order", "The Last of Us") are not read as events."""
    if not known:
        return folded
    longest, prefixes = _title_index(known)
    if longest.keys().isdisjoint(_WORD.findall(folded)):
        return folded  # no word of the text begins a known title
    out: list[str] = []
    done = 0
    at: dict[int, int] | None = None  # where each word of the text begins -> its index in ``tokens``
    tokens: tuple[list[str], list[tuple[int, int]]] = ([], [])
    ascii_only = folded.isascii()
    for word in _WORD.finditer(folded):  # each word that begins a known title, in order
        start = word.start()
        if start < done or (count := longest.get(word.group())) is None:
            continue
        if not ascii_only and (
            start > 0 and folded[start - 1].isalnum() or folded[word.end() : word.end() + 1].isalnum()
        ):
            continue  # part of a longer word ("søren")
        first = original[start : start + 1]
        if not (first.isupper() or first.isdigit() or folded[start - 1 : start] in ("'", '"')):
            continue  # not written as a title: nothing masked here, whichever title it begins
        if at is None:  # the text's words, read once
            tokens = _tokens(folded)
            at = {span[0]: k for k, span in enumerate(tokens[1])}
        k = at.get(start)
        first_k = -1  # the index in ``tokens`` of the first word, when read from there
        if k is None or start == 0 and tokens[0][0] == "s":  # a possessive's "s" there: read as words_of would
            words, ends = _words_from(folded, start, count)
        else:
            words, ends, first_k = tokens[0][k : k + count], [], k
        # the longest title the words begin with: read word by word while they begin some title
        said: tuple[str, ...] = ()
        found = 0
        for n, w in enumerate(words, 1):
            said += (w,)
            if said in known:
                found = n
            if said not in prefixes:
                break
        if found:
            end = ends[found - 1] if first_k < 0 else tokens[1][first_k + found - 1][1]
            out += [folded[done:start], "§" * (end - start)]
            done = end
    return "".join(out) + folded[done:] if out else folded


def _words_from(folded: str, start: int, count: int) -> tuple[list[str], list[int]]:
    """The first ``count`` words from ``start`` as ``words_of`` reads them, and where each ends."""
    words: list[str] = []
    ends: list[int] = []
    for m in _TOKEN.finditer(folded, start):
        word = m.group()
        if word == "&":
            word = "and"
        elif word == "s" and folded[m.start() - 1] == "'":
            continue
        words.append(word)
        ends.append(m.end())
        if len(words) == count:
            break
    return words, ends


_TitleIndex = tuple[dict[str, int], frozenset[tuple[str, ...]]]
_title_index_of: list[tuple[AbstractSet[tuple[str, ...]], _TitleIndex]] = []


def _title_index(known: AbstractSet[tuple[str, ...]]) -> _TitleIndex:
    """The first word of each ``known`` title with the most words a title beginning so has, and
    the words every title begins with, shorter than it ("the", "the last", "the last of" for "The
    Last of Us"): kept for the last set asked about."""
    for seen, index in _title_index_of:
        if seen is known:
            return index
    got: dict[str, int] = {}
    for t in known:
        if t and len(t) > got.get(t[0], 0):
            got[t[0]] = len(t)
    index = got, frozenset(t[:n] for t in known for n in range(1, len(t)))
    _title_index_of[:] = [(known, index)]
    return index


def _title_at(text: str, at: int, known: AbstractSet[tuple[str, ...]]) -> bool:
    """Whether a title (quoted, masked or a ``known`` one) begins at ``at`` (spaces skipped)."""
    rest = text[at : at + 80].lstrip()
    if rest[:1] in ("'", '"', "§"):
        return True
    if not known:
        return False
    words = words_of(rest)
    return any(words[:n] in known for n in range(1, min(len(words), 8) + 1))


def _clauses(text: str, words: AbstractSet[str] | None = None) -> list[tuple[int, int]]:
    """Where each clause of folded text begins and ends (``words``: its ``_WORD`` words, if known)."""
    if not _BREAK_SIGN.search(text):
        # "\bas\b" is a word "as" of ``_WORD``'s: without the words, no break
        if words is not None and words.isdisjoint(_BREAK_WORDS) or not _MAY_BREAK.search(text):
            return [(0, len(text))]
    out: list[tuple[int, int]] = []
    begin = 0
    for m in _CLAUSE_BREAK.finditer(text):
        if m.group().startswith(".") and _abbreviated(text, m.start()):
            continue  # "Feb. 12", "Dept. Q"
        if m.start() > begin:
            out.append((begin, m.end()))
        begin = m.end()
    out.append((begin, len(text)))
    return out


def _clause_of(clauses: list[tuple[int, int]], at: int) -> tuple[int, int]:
    for begin, end in clauses:
        if at < end:
            return begin, end
    return clauses[-1]


def _describes(text: str, m: re.Match, begin: int) -> bool:
    """A spin-off word used as a description of an existing show, not an announcement."""
    said = m.group()
    if not _SPIN_OFF_NOUN.search(said) or _NEW_SHOW.match(said):
        return False
    if re.match(r",? ['\"][^§]", text[m.end() : m.end() + 3]):
        return False  # "the Bosch prequel 'Start of Watch'": a new show named
    return bool(_DESCRIBED.search(text[begin : m.start()]))


def _first_sentences(text: str, count: int = 2) -> str:
    """The text up to the end of its ``count``-th sentence (same offsets)."""
    for m in _SENTENCE_END.finditer(text):
        if m.group().startswith(".") and _abbreviated(text, m.start()):
            continue
        count -= 1
        if count == 0:
            return text[: m.end()]
    return text


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


_DIGIT = re.compile(r"\d")


def _has_digit(text: str) -> bool:
    """``_DIGIT.search(text)``; in ASCII text (a digit there is 0-9) by a quicker look per digit."""
    if text.isascii():
        return any(map(text.__contains__, "0123456789"))
    return _DIGIT.search(text) is not None


def extract_date(text: str, published: date | None = None) -> PartialDate | None:
    """The first premiere-like date in folded text, at the precision it is given."""
    if not text or not _has_digit(text):  # every date pattern has a number
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
