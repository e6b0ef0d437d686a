"""The news matcher's and classifier's speed shortcuts give what the plain code they replaced gave.

Each shortcut is compared with a plain version of the same step (written here as it was before),
on the texts of the labelled training sets and on awkward ones (possessives, "&", accents, curly
quotes, titles that begin with "s", texts that start or end with a quote)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.unit.test_news_eval import followed_of
from watchtracker.services import news
from watchtracker.services.news import Followed, NewsMatcher, title_words

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SETS = [FIXTURES / "headlines.json", FIXTURES / "headlines_holdout.json", FIXTURES / "news" / "train_2026_12.json"]

AWKWARD = [
    "",
    "s",
    "'s",
    "S.W.A.T. Renewed",
    "'S.W.A.T.' renewed for season 8'",
    "s.w.a.t. is back'",
    "Reacher's 'Law & Order' & SVU's return",
    "The Boys' prequel 'Vought Rising' sets a date",
    "‘Shōgun’ — Season 2 starts filming; Søren Kierkegaard’s ‘Ø’ ×2 s+",
    "Grey’s Anatomy’s 22nd season: ‘Grey’s Anatomy’ renewed",
    "Ａｎｄｏｒ ＳＥＡＳＯＮ ２ and İstanbul's café ﬁnale",
    "It's 'The Bear's' season; 's the word",
    "SØREN Returns as XÉNA: 'Ren' and ‘Na’ Renewed",
]


def _texts() -> list[str]:
    out = list(AWKWARD)
    for path in SETS:
        data = json.loads(path.read_text(encoding="utf-8"))
        out += [t for h in data["headlines"] for t in (h["title"], h["summary"])]
    return out


def _sets() -> list[tuple[list[Followed], list[tuple[str, str]]]]:
    out = []
    for path in SETS:
        data = json.loads(path.read_text(encoding="utf-8"))
        followed = followed_of(data["library"])
        out.append((followed, [(h["title"], h["summary"]) for h in data["headlines"]]))
    return out


TEXTS = _texts()


def _plain_fold(text: str) -> str:
    return "".join(news._fold_char(c) for c in text)


def _plain_tokens(folded: str) -> tuple[list[str], list[tuple[int, int]]]:
    words, spans = [], []
    for m in news._TOKEN.finditer(folded):
        word, start = m.group(), m.start()
        if word == "&":
            word = "and"
        elif word == "s" and start > 0 and folded[start - 1] == "'":
            continue
        words.append(word)
        spans.append((start, m.end()))
    return words, spans


def _plain_masked(folded: str, original: str, known) -> str:
    longest: dict[str, int] = {}
    for t in known:
        if t and len(t) > longest.get(t[0], 0):
            longest[t[0]] = len(t)
    out, done = [], 0
    where: dict[str, list[int]] = {}
    present = longest.keys() & set(news._WORD.findall(folded))
    starts = sorted(i for word in present for i in news._starts_of(folded, word, where))
    for start in starts:
        if start < done:
            continue
        word = news._WORD.match(folded, start)
        assert word is not None
        words, ends = news._words_from(folded, start, longest[word.group()])
        for n in range(len(words), 0, -1):
            if tuple(words[:n]) in known:
                first = original[start : start + 1]
                if first.isupper() or first.isdigit() or folded[start - 1 : start] in ("'", '"'):
                    out += [folded[done:start], "§" * (ends[n - 1] - start)]
                    done = ends[n - 1]
                break
    return "".join(out) + folded[done:] if out else folded


def test_fold_and_tokens_as_the_plain_loops_read_them():
    assert len(TEXTS) > 1000
    for text in TEXTS:
        assert news.fold(text) == _plain_fold(text), text
        folded = news.fold(text)
        assert news._tokens(folded) == _plain_tokens(folded), text
        for probe in (folded, folded + "'s", "s " + folded, folded.replace(" ", "'s ")):
            assert news._tokens(probe) == _plain_tokens(probe), probe


def test_masked_titles_as_the_plain_search_finds_them():
    known = title_words(
        ["S.W.A.T.", "Law & Order", "The Bear", "Grey's Anatomy", "Shōgun", "Andor", "The Boys", "Ren", "Na"]
    )
    masked = 0
    for followed, _ in _sets():
        titles = title_words(f.title for f in followed)
        for text in TEXTS:
            for k in (known, titles):
                got = news._masked(news._folded(text), text, k)
                assert got == _plain_masked(news._folded(text), text, k), text
                masked += "§" in got
    assert masked > 100  # titles were found and masked, not only passed through


@pytest.mark.parametrize("which", range(len(SETS)))
def test_backing_by_cast_or_network_as_the_word_sequences_say(which):
    """A weak name is backed by the series' lead actors or network named in the item: the
    shortcut (names indexed by their first word) against every run of one to four words."""
    followed, items = _sets()[which]
    followed = [
        Followed(**{**f.__dict__, "people": (f"Ann {f.title.split()[0]}", "A B C D E")}) if f.series_id % 2 else f
        for f in followed
    ]
    matcher = NewsMatcher(followed)
    backed_any = 0
    for title, summary in items:
        words = news._tokens(news.fold(title))[0] + news._tokens(news.fold(summary))[0]
        runs = {tuple(words[k : k + n]) for n in (1, 2, 3, 4) for k in range(len(words) - n + 1)}
        people, anyone = matcher._backing(words)
        for f in followed:
            cast = [w for p in f.people if (w := news.words_of(p))]
            network = news.words_of(f.network)
            networks = [network, network[1:]] if len(network) >= 3 else [network]
            assert (f.series_id in people) == any(w and w in runs for w in cast), (title, f)
            assert (f.series_id in anyone) == any(w and w in runs for w in cast + networks), (title, f)
        backed_any += bool(anyone)
    assert backed_any > 0
