"""The learned news-kind classifier, scored in plain Python.

The weights are trained at development time by ``tests/tools/train_news_model.py`` (scikit-learn:
TF-IDF word 1–2-grams and ``char_wb`` 2–5-grams of the headline with its summary, and of the
headline alone, each block L2-normalised; a one-vs-rest logistic regression per kind) and shipped
as JSON beside this module (``news_model.json``, never a pickle). This module re-implements what the
library does with them, exactly (``tests/unit/test_news_model.py`` compares the scores with
scikit-learn's ``predict_proba``), so the application needs neither scikit-learn nor numpy:

- text: curly quotes and dashes made ASCII (as in training), then lower-cased;
- words: the tokens of ``(?u)\\b\\w\\w+\\b`` and the pairs of neighbouring tokens;
- ``char_wb``: runs of white space made one space, then each white-space separated word padded
  with a space on each side and cut into its 2- to 5-character pieces (a short word counted once);
- each piece known to the vocabulary counts ``1 + ln(count)`` times its idf
  ``1 + ln((1 + n) / (1 + df))``; each block is divided by its Euclidean length;
- the probability of a kind is ``1 / (1 + exp(-(w · x + b)))``.

``KindModel.with_examples`` adds the viewer's corrections on top of the shipped weights: an item
whose headline is close to a corrected one (cosine similarity of their TF-IDF vectors at least
``similarity_threshold``) takes the corrected kind, more surely the closer it is; unrelated
headlines keep the shipped scores. Pure Python, safe on any thread (a model is never changed after
it is made).
"""

from __future__ import annotations

import copy
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from operator import mul
from typing import Any

from watchtracker.domain.enums import NEWS_KINDS, AnnouncementKind

FORMAT = 1
JSON_NAME = "news_model.json"

K = AnnouncementKind
KINDS = NEWS_KINDS  # the model's columns, in this order

# what the training made ASCII before the vectorisers saw the text (keep in step with the JSON)
_ASCII = str.maketrans(
    {
        "\u2018": "'",  # ‘
        "\u2019": "'",  # ’
        "\u201a": "'",  # ‚
        "\u201b": "'",  # ‛
        "\u2032": "'",  # ′
        "\u00b4": "'",  # ´
        "`": "'",
        "\u201c": '"',  # “
        "\u201d": '"',  # ”
        "\u201e": '"',  # „
        "\u201f": '"',  # ‟
        "\u2033": '"',  # ″
        "\u00ab": '"',  # «
        "\u00bb": '"',  # »
        "\u2013": "-",  # –
        "\u2014": "-",  # —
        "\u2010": "-",  # ‐
        "\u2011": "-",  # non-breaking hyphen
        "\u2212": "-",  # −
    }
)
JOINER = " \n "  # between the headline and the summary in the "text" field
_WHITE_SPACES = re.compile(r"\s\s+")  # scikit-learn's, for char_wb


def normalise(text: str) -> str:
    """Curly quotes and dashes made ASCII: what both training and scoring see."""
    return text.translate(_ASCII)


def fields(title: str, summary: str) -> dict[str, str]:
    """The texts the analysers read: ``text`` (headline and summary) and ``title`` (the headline)."""
    title, summary = normalise(title or ""), normalise(summary or "")
    return {"text": title + JOINER + summary, "title": title}


def _word_pieces(token_pattern: re.Pattern[str], low: int, high: int) -> Callable[[str], list[str]]:
    """scikit-learn's word n-grams of a lower-cased text."""

    def pieces(text: str) -> list[str]:
        tokens = token_pattern.findall(text)
        grams = list(tokens) if low == 1 else []
        count = len(tokens)
        for n in range(max(low, 2), min(high + 1, count + 1)):
            for i in range(count - n + 1):
                grams.append(" ".join(tokens[i : i + n]))
        return grams

    return pieces


def _char_wb_word(word: str, low: int, high: int) -> list[str]:
    """scikit-learn's char_wb n-grams of one word (no white space in it)."""
    word = " " + word + " "
    length = len(word)
    grams = []
    for n in range(low, high + 1):
        offset = 0
        grams.append(word[offset : offset + n])
        while offset + n < length:
            offset += 1
            grams.append(word[offset : offset + n])
        if offset == 0:  # a short word is counted once
            break
    return grams


class _Analyser:
    """One TF-IDF block: its vocabulary with each piece's idf and weights per kind."""

    __slots__ = ("field", "known", "rows")

    def __init__(self, spec: Mapping[str, Any]) -> None:
        self.field: str = spec["field"]
        low, high = spec["ngram_range"]
        n = spec["n_docs"]
        # piece -> (idf as scikit-learn's smooth_idf, the weight per kind in units of weight_scale)
        self.rows: dict[str, tuple[float, list[int]]] = {
            term: (math.log((1 + n) / (1 + df)) + 1.0, weights)
            for term, df, weights in zip(spec["terms"], spec["df"], spec["weights"], strict=True)
        }
        known = self.rows.__contains__
        if spec["analyzer"] == "word":
            pieces = _word_pieces(re.compile(spec["token_pattern"]), low, high)
            self.known: Callable[[str], list[str]] = lambda text: list(filter(known, pieces(text)))
        elif spec["analyzer"] == "char_wb":
            # a word's known pieces are remembered: most words of the news come back again and again
            @lru_cache(maxsize=16384)
            def of_word(word: str) -> tuple[str, ...]:
                return tuple(filter(known, _char_wb_word(word, low, high)))

            def known_pieces(text: str) -> list[str]:
                found: list[str] = []
                for word in _WHITE_SPACES.sub(" ", text).split():
                    found.extend(of_word(word))
                return found

            self.known = known_pieces
        else:
            raise ValueError(f"unknown analyser {spec['analyzer']!r}")

    def values(self, text: str) -> tuple[list[str], list[float], float]:
        """The known pieces of ``text``, their TF-IDF values (sublinear tf) and the values' length."""
        rows = self.rows
        counts = Counter(self.known(text.lower()))
        pieces = list(counts)
        values = [(1.0 + math.log(c) if c > 1 else 1.0) * rows[p][0] for p, c in counts.items()]
        return pieces, values, math.sqrt(sum(v * v for v in values))

    def vector(self, text: str) -> dict[str, float]:
        """The L2-normalised TF-IDF vector of ``text`` (empty when nothing in it is known)."""
        pieces, values, length = self.values(text)
        return {p: v / length for p, v in zip(pieces, values, strict=True)} if length else {}


@dataclass(frozen=True)
class _Example:
    vectors: tuple[dict[str, float], ...]  # per analyser, of the corrected item's headline
    kind: int


class KindModel:
    """Probabilities per news kind for a headline and its summary (one-vs-rest, each in [0, 1])."""

    def __init__(self, spec: Mapping[str, Any]) -> None:
        if spec.get("format") != FORMAT:
            raise ValueError(f"news model format {spec.get('format')!r}, expected {FORMAT}")
        if tuple(spec["kinds"]) != tuple(k.value for k in KINDS):
            raise ValueError("news model kinds differ from this version's")
        self._scale = float(spec["weight_scale"])
        self._analysers = tuple(_Analyser(a) for a in spec["analysers"])
        self._intercepts = tuple(float(spec["intercepts"][k.value]) for k in KINDS)
        self.threshold: float = float(spec["threshold"])
        self.similarity_threshold: float = float(spec["similarity_threshold"])
        self._examples: tuple[_Example, ...] = ()

    @classmethod
    def from_json(cls, text: str) -> KindModel:
        return cls(json.loads(text))

    @classmethod
    def shipped(cls) -> KindModel:
        """The weights shipped with the application (loaded once)."""
        return _shipped()

    # -- scoring -----------------------------------------------------------------------------

    def _vectors(self, title: str, summary: str) -> tuple[dict[str, float], ...]:
        texts = fields(title, summary)
        return tuple(a.vector(texts[a.field]) for a in self._analysers)

    def _base(self, title: str, summary: str) -> list[float]:
        texts = fields(title, summary)
        sums = list(self._intercepts)
        for analyser in self._analysers:
            pieces, values, length = analyser.values(texts[analyser.field])
            if not length:
                continue
            rows = analyser.rows
            factor = self._scale / length
            # the dot product per kind: the kinds' weights of the pieces found, a column per kind
            columns = zip(*(rows[p][1] for p in pieces), strict=True)
            for kind, column in enumerate(columns):
                sums[kind] += sum(map(mul, values, column)) * factor
        return [_sigmoid(s) for s in sums]

    def scores(self, title: str, summary: str) -> dict[AnnouncementKind, float]:
        """The probability of each of the nine news kinds, in the order of ``KINDS``."""
        probabilities = self._base(title, summary)
        if self._examples:
            probabilities = self._adjusted(title, summary, probabilities)
        return dict(zip(KINDS, probabilities, strict=True))

    def main_kind(self, title: str, summary: str) -> AnnouncementKind:
        """The most probable kind."""
        scores = self.scores(title, summary)
        return max(KINDS, key=scores.__getitem__)

    def kinds(self, title: str, summary: str) -> tuple[AnnouncementKind, ...]:
        """The main kind, then every other kind at least ``threshold`` likely, most likely first."""
        scores = self.scores(title, summary)
        ranked = sorted(KINDS, key=lambda k: -scores[k])  # stable: ties keep KINDS order
        return (ranked[0], *(k for k in ranked[1:] if scores[k] >= self.threshold))

    # -- the viewer's corrections ------------------------------------------------------------

    def with_examples(self, examples: Sequence[tuple[str, str, AnnouncementKind]]) -> KindModel:
        """This model with the viewer's corrections ``(headline, summary, kind)`` added (later
        ones win over earlier ones that are as close). The shipped weights are not changed."""
        added = []
        for title, summary, kind in examples:
            if kind not in KINDS:
                raise ValueError(f"{kind!r} is not a news kind")
            added.append(_Example(self._headline_vectors(title, summary), KINDS.index(kind)))
        adjusted = copy.copy(self)  # shares the shipped weights (never changed)
        adjusted._examples = self._examples + tuple(added)
        return adjusted

    def _headline_vectors(self, title: str, summary: str) -> tuple[dict[str, float], ...]:
        # a correction is about the headline: close variants of it (another outlet's wording, a
        # changed date or name) are what should follow it; an item without one is its summary
        return self._vectors(title, "") if title.strip() else self._vectors(summary, "")

    def similarity(self, a: tuple[str, str], b: tuple[str, str]) -> float:
        """Cosine similarity of two items' headline vectors (0 unrelated, 1 the same pieces)."""
        return self._cosine(self._headline_vectors(*a), self._headline_vectors(*b))

    def _cosine(self, one: tuple[dict[str, float], ...], other: tuple[dict[str, float], ...]) -> float:
        # each block has length 1 (or 0 when nothing in it is known): the cosine of the joined
        # vectors is their dot product over the product of their lengths
        dot = 0.0
        blocks_one = blocks_other = 0
        for a, b in zip(one, other, strict=True):
            blocks_one += bool(a)
            blocks_other += bool(b)
            if len(b) < len(a):
                a, b = b, a
            dot += sum(v * b[p] for p, v in a.items() if p in b)
        if not blocks_one or not blocks_other:
            return 0.0
        return dot / math.sqrt(blocks_one * blocks_other)

    def _adjusted(self, title: str, summary: str, probabilities: list[float]) -> list[float]:
        vectors = self._headline_vectors(title, summary)
        best, nearest = -1.0, None
        for example in self._examples:
            similarity = self._cosine(vectors, example.vectors)
            if similarity >= best:  # the later of equally close corrections wins
                best, nearest = similarity, example
        if nearest is None or best < self.similarity_threshold:
            return probabilities
        # the share of the correction: 1/2 at the threshold (enough to make it the main kind,
        # as 1/2 + p/2 > q/2 for any p, q in [0, 1]), all of it for the very same headline
        share = 0.5 + 0.5 * min(1.0, (best - self.similarity_threshold) / (1.0 - self.similarity_threshold))
        return [(1.0 - share) * p + (share if k == nearest.kind else 0.0) for k, p in enumerate(probabilities)]


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


@cache
def _shipped() -> KindModel:
    text = resources.files("watchtracker.services").joinpath(JSON_NAME).read_text(encoding="utf-8")
    return KindModel.from_json(text)
