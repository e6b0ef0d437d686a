"""The rule engine's shortcuts (services/news.py, classification) answer as the plain searches they
stand for: each is compared with the regex search it replaced, on the labelled training sets'
texts (folded and with known titles masked), on word soups made from them and on awkward cases
(a newline before the end, accents, digits of other scripts, "_" next to a word)."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from tests.unit.test_news_speed_equivalence import AWKWARD, _plain_masked
from watchtracker.services import news
from watchtracker.services.news import title_words

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SETS = ("headlines.json", "headlines_holdout.json", "headlines_fresh.json", "news/train_2026_12.json")

EDGES = [
    "",
    "\n",
    "feb.\n. 12",
    "it is dept.\n",
    "the studio decided against been officially \n",
    "netflix has not \n",
    "the showrunner of the series said \n",
    "executive producers a.b. c-d e'f \n",
    "showrunner_x says ",
    "_12 and ٣ episodes; season ٣ premieres",
    "season_3 returns in march_5",
    "is back as the hit's new (cinema) theaters-only release: box office",
    "sets a sept. 12 premiere, but the box office run ends; plus a trailer",
    "returns   in     spring 2027\tand  on monday night",
    "søren's café: 3rd season? as it arrives on nov. 3",
]
# one of each way a when begins (``news._WHEN``): with each, the look-ahead is put to the test
WHENS = (
    "monday, march 3|tuesdays 4 feb|wednesday 5th of april|thursday, jan. 6|friday 7 aug|saturday sept 8|sunday 9 oct"
    "|may 10|june 11|july 12|nov 13|dec. 14|1st of september|in january|this february|next march|for april"
    "|by june|until july|till august|from october|on november|to december|early may|late june|mid-july|mid july"
    "|end of march|the end of april|in early june|march 2027|oct., 2026|early 2027|mid-spring|late summer"
    "|in autumn|this winter|by the fall|the spring|in the summer|from early spring 2027|spring 2027|winter-2026"
    "|this year|next month|later this week|early next year|late next weekend|in the new year|for the new year"
    "|by the new year|in 2027|for 2026|until 2028|till 2029|by 2030|from 2031|due 2032|in early 2027|in late 2027"
    "|new year's day|new years eve|christmas|christmas eve|boxing day|thanksgiving|halloween|valentine's day"
    "|easter monday|memorial day|labor day|labour day|hogmanay|on monday night|this tuesday|next wednesdays"
).split("|")
EDGES += [f"the show returns {when}, says the network" for when in WHENS]
EDGES += [f"netflix sets the series for {when}" for when in WHENS]


def _texts() -> list[str]:
    texts: list[str] = []
    for name in SETS:
        data = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
        known = title_words(s["title"] for s in data["library"])
        for h in data["headlines"]:
            for t in (h["title"], h["summary"]):
                folded = news.fold(t)
                texts += [folded, news._masked(folded, t, known)]
    rng = random.Random(21)
    words = " ".join(texts).split()
    texts += [" ".join(rng.choice(words) for _ in range(rng.randint(3, 50))) for _ in range(1500)]
    texts += [news.fold(t) for t in AWKWARD] + EDGES
    return texts


TEXTS = _texts()


def _cuts(text: str) -> list[int]:
    """Every place a match of a rule can begin or end: word edges, signs, both ends."""
    return sorted({0, len(text)} | {i for m in re.finditer(r"\b|[^\w ]", text) for i in (m.start(), m.end())})


def test_the_texts_are_many_and_have_what_the_shortcuts_look_for():
    assert len(TEXTS) > 4000
    joined = "\n".join(TEXTS)
    for what in ("not ", "showrunner", "theaters", "dept.", "feb.", " as ", " but ", "?", "§"):
        assert what in joined, what


def test_a_when_begins_as_its_look_ahead_says():
    """``_WHEN_AHEAD`` is put before ``_WHEN``: wherever a when begins, the look-ahead must let it."""
    when, ahead = re.compile(news._WHEN), re.compile(news._WHEN_AHEAD)
    found = 0
    for text in TEXTS:
        for i in range(len(text) + 1):
            if when.match(text, i):
                found += 1
                assert ahead.match(text, i), (text, i)
    assert found > 1000


def test_the_rules_with_the_look_ahead_find_what_they_found_without_it():
    with_it = [(name, rule) for _, name, _, _, rule, _ in news._EVENT_RULES if news._WHEN_AHEAD in rule.pattern]
    assert len(with_it) == 2
    found = 0
    for name, rule in with_it:
        plain = re.compile(rule.pattern.replace(news._WHEN_AHEAD, ""))
        for text in TEXTS:
            got = [m.span() for m in rule.finditer(text)]
            assert got == [m.span() for m in plain.finditer(text)], (name, text)
            found += len(got)
    assert found > 100


def test_abbreviations_read_at_the_end_only():
    seen = 0
    for text in TEXTS:
        for at in _cuts(text):
            want = news._ABBREVIATION.search(text, 0, at) is not None
            assert news._abbreviated(text, at) == want, (text, at)
            seen += want
    assert seen > 1000


def test_negations_and_crew_read_at_the_end_only():
    negated = crew = 0
    for text in TEXTS:
        for at in _cuts(text):
            before = text[:at]
            want = news._NEGATED.search(before) is not None
            assert news._negated(before) == want, before
            negated += want
            want = news._NOT_CAST.search(before) is not None
            assert news._not_cast(before) == want, before
            crew += want
    assert negated > 50 and crew > 50


def test_cinemas_numbers_and_clauses_as_the_regexes_say():
    cinema = numbers = broken = 0
    for text in TEXTS:
        words = set(news._WORD.findall(text))
        want = news._NUMBER.search(text) is not None
        assert news._has_number(text, words) == want, text
        numbers += want
        clauses = news._clauses(text, words)
        assert clauses == news._clauses(text) == _plain_clauses(text), text
        broken += len(clauses) > 1
        for begin, end in clauses + [(0, len(text)), (len(text) // 3, len(text) // 2)]:
            want = news._CINEMA.search(text, begin, end) is not None
            assert news._at_the_cinema(text, begin, end) == want, (text, begin, end)
            cinema += want
    assert cinema > 0 and numbers > 500 and broken > 500


def _plain_clauses(text: str) -> list[tuple[int, int]]:
    """``_clauses`` as it was written before its shortcuts."""
    if not news._MAY_BREAK.search(text):
        return [(0, len(text))]
    out: list[tuple[int, int]] = []
    begin = 0
    for m in news._CLAUSE_BREAK.finditer(text):
        if m.group().startswith(".") and news._ABBREVIATION.search(text, 0, m.start()):
            continue
        if m.start() > begin:
            out.append((begin, m.end()))
        begin = m.end()
    out.append((begin, len(text)))
    return out


def test_a_rule_tried_at_its_one_start_finds_what_the_plain_search_finds():
    """``_events`` tries a rule with one start word found once without ``_matches``; both, and
    ``_matches`` sharing the places of a group of near words between rules, find what
    ``finditer`` finds."""
    found = 0
    for text in TEXTS[::3]:
        words = set(news._WORD.findall(text)) | ({"#"} if news._NUMBER.search(text) else set())
        where: dict[str, list[int]] = {}
        aheads: dict[int, list[int]] = {}
        for _kind, name, triggers, starts, rule, near in news._EVENT_RULES:
            if words.isdisjoint(triggers) or (near is not None and words.isdisjoint(near)):
                continue
            plain = [m.span() for m in rule.finditer(text)]
            got = [m.span() for m in news._matches(rule, text, starts, words, where, near, aheads)]
            assert got == plain, (name, text)
            found += len(got)
    assert found > 1000


def test_digits_as_the_regex_finds_them():
    with_digits = 0
    for text in TEXTS + ["٣", "x٣", "abc", "a1", "9"]:
        want = news._DIGIT.search(text) is not None
        assert news._has_digit(text) == want, text
        with_digits += want
    assert with_digits > 500


def test_known_titles_masked_as_the_longest_one_each_place_begins():
    """``_masked`` reads a place's words only while they begin some known title; the longest
    known title there is masked, as when every length is tried from the longest down."""
    known = title_words(["The Last", "The Last of Us", "The Last of Us Part Two", "Us", "Last Kingdom", "The"])
    got = news._masked(news.fold("The Last of Us Part Two and The Last of Them"), "", known)
    assert got == news.fold("The Last of Us Part Two and The Last of Them")  # not written as titles: kept
    text = "The Last of Us Part Two, The Last of Them, The Last Kingdom, 'Us' and Us"
    assert news._masked(news.fold(text), text, known) == (
        "§§§§§§§§§§§§§§§§§§§§§§§, §§§§§§§§ of them, §§§§§§§§ kingdom, '§§' and §§"
    )  # as the code before this shortcut masked it
    for text in TEXTS[::2]:
        assert news._masked(text, text.title(), known) == _plain_masked(text, text.title(), known), text
