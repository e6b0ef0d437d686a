"""The news matcher and classifier measured on a hand-labelled set of headlines
(tests/fixtures/headlines.json, labelled without looking at the rules).

A prediction is a (headline, series, kind) triple: precision is the share of predicted triples
that are right, recall the share of labelled triples that were found. The bar: precision 0.9,
recall 0.85.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from watchtracker.services.news import Followed, NewsMatcher, classify, title_words

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SET = FIXTURES / "headlines.json"
HOLDOUT = FIXTURES / "headlines_holdout.json"


def evaluate(path: Path = SET):
    data = json.loads(path.read_text(encoding="utf-8"))
    library = data["library"]
    followed = [
        Followed(
            series_id=i,
            title=s["title"],
            aliases=tuple(s.get("aliases", ())),
            names=tuple(s.get("names", ())),
            franchise=s.get("franchise"),
            network=s.get("network", ""),
        )
        for i, s in enumerate(library)
    ]
    title_of = {f.series_id: f.title for f in followed}
    matcher = NewsMatcher(followed)
    expected, predicted, misses = set(), set(), []
    for h in data["headlines"]:
        want = {(h["id"], s, h["kind"]) for s in h["series"]}
        matches = matcher.match(h["title"], h["summary"])
        got = set()
        if matches:
            kind = classify(
                h["title"], h["summary"], published=date(2025, 6, 1), known=title_words(f.title for f in followed)
            ).kind.value
            got = {(h["id"], title_of[m.series_id], kind) for m in matches}
        expected |= want
        predicted |= got
        if want != got:
            misses.append((h["id"], h["title"], sorted(want), sorted(got)))
    right = expected & predicted
    precision = len(right) / len(predicted) if predicted else 0.0
    recall = len(right) / len(expected) if expected else 0.0
    return precision, recall, misses, len(data["headlines"])


def test_the_labelled_set_is_big_enough_and_well_formed():
    data = json.loads(SET.read_text(encoding="utf-8"))
    titles = {s["title"] for s in data["library"]}
    assert len(data["headlines"]) >= 60
    for h in data["headlines"]:
        assert set(h["series"]) <= titles, h["id"]
        assert (h["kind"] is None) == (not h["series"]), h["id"]


def test_precision_and_recall_on_the_labelled_headlines():
    precision, recall, misses, n = evaluate()
    report = "\n".join(f"{i} {t!r}\n   want {w}\n   got  {g}" for i, t, w, g in misses)
    assert precision >= 0.9 and recall >= 0.85, f"precision {precision:.3f}, recall {recall:.3f}\n{report}"


def test_precision_and_recall_on_the_second_set():
    """headlines_holdout.json was labelled apart from the rules and first measured untouched
    (precision 0.733, recall 0.807); general rules were then added for what it showed (another
    network's possessive, lower-case phrases, items with nothing about the screen in them, more
    phrasings of renewals, dates and rejections), so it is now a second tuning set, not a
    held-out one. It has to meet the same bar."""
    precision, recall, misses, n = evaluate(HOLDOUT)
    assert n >= 100
    report = "\n".join(f"{i} {t!r}\n   want {w}\n   got  {g}" for i, t, w, g in misses)
    assert precision >= 0.9 and recall >= 0.85, f"precision {precision:.3f}, recall {recall:.3f}\n{report}"


if __name__ == "__main__":  # python tests/unit/test_news_eval.py [holdout]: the figures and every miss
    import sys

    p, r, misses, n = evaluate(HOLDOUT if sys.argv[1:] == ["holdout"] else SET)
    for i, t, w, g in misses:
        print(f"{i} {t!r}\n   want {w}\n   got  {g}")
    print(f"{n} headlines: precision {p:.3f}, recall {r:.3f}, {len(misses)} differ")
