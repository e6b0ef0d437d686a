"""The news matcher and classifier measured on hand-labelled sets of headlines
(tests/fixtures/headlines*.json, tests/fixtures/news/train_2026_12.json; labelling guide:
tests/fixtures/news/LABELLING.md).

Two measures, both micro precision / recall of (headline, series, kind) triples:

* main kind: one triple per labelled series with the item's main ``kind`` (the figure the first
  sets were held to: precision 0.9, recall 0.85);
* kinds set: one triple per labelled series and per kind in the item's ``kinds`` (every event it
  announces; the older sets have ``kind`` only, so their ``kinds`` is ``[kind]`` and a second
  event found there counts against precision).

Every set measured here has been used to tune the rules. news/train_2026_12.json is split: items
t001-t354 are for training and tuning, t355-t472 (DEV) only for choosing how rules and model
combine; DEV is reported (``python tests/unit/test_news_eval.py dev``), never tuned on, and
carries no bar. The held-out set (news/heldout_2026_12.json) is not read here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from watchtracker.services.news import Followed, NewsMatcher, classify, title_words

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SET = FIXTURES / "headlines.json"
HOLDOUT = FIXTURES / "headlines_holdout.json"
FRESH = FIXTURES / "headlines_fresh.json"
TRAIN = FIXTURES / "news" / "train_2026_12.json"
TRAIN_IDS = range(1, 355)  # t001-t354: training and tuning
DEV_IDS = range(355, 473)  # t355-t472: DEV, reported only


@dataclass
class Figures:
    n: int = 0
    main: tuple[float, float] = (0.0, 0.0)  # precision, recall of (headline, series, main kind)
    kinds: tuple[float, float] = (0.0, 0.0)  # precision, recall of (headline, series, kind) over all kinds
    misses: list = field(default_factory=list)  # (id, headline, wanted kinds triples, found triples)


def followed_of(library: list[dict]) -> list[Followed]:
    """A labelled set's library as the matcher gets it (what a poll reads from the library)."""
    return [
        Followed(
            series_id=i,
            title=s["title"],
            aliases=tuple(s.get("aliases", ())),
            names=tuple(s.get("names", ())),
            franchise=s.get("franchise"),
            network=s.get("network", ""),
            country=s.get("country", ""),
        )
        for i, s in enumerate(library)
    ]


def _pr(expected: set, predicted: set) -> tuple[float, float]:
    right = expected & predicted
    return (len(right) / len(predicted) if predicted else 0.0, len(right) / len(expected) if expected else 0.0)


def measure(path: Path = SET, ids: range | None = None) -> Figures:
    """Both measures on a labelled set (``ids``: only the items numbered so, as "t001" is 1)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    followed = followed_of(data["library"])
    title_of = {f.series_id: f.title for f in followed}
    matcher = NewsMatcher(followed)
    known = title_words(f.title for f in followed)
    items = [h for h in data["headlines"] if ids is None or int(h["id"][1:]) in ids]
    want_main, got_main, want_all, got_all, misses = set(), set(), set(), set(), []
    for h in items:
        kinds = h.get("kinds") or ([h["kind"]] if h["kind"] else [])
        want_main |= {(h["id"], s, h["kind"]) for s in h["series"]}
        want = {(h["id"], s, k) for s in h["series"] for k in kinds}
        matches = matcher.match(h["title"], h["summary"])
        got = set()
        if matches:
            what = classify(h["title"], h["summary"], published=date(2025, 6, 1), known=known)
            series = {title_of[m.series_id] for m in matches}
            got_main |= {(h["id"], s, what.kind.value) for s in series}
            got = {(h["id"], s, k.value) for s in series for k in what.kinds}
        want_all |= want
        got_all |= got
        if want != got:
            misses.append((h["id"], h["title"], sorted(want), sorted(got)))
    return Figures(len(items), _pr(want_main, got_main), _pr(want_all, got_all), misses)


def evaluate(path: Path = SET):
    """The main-kind figures: precision, recall, the items that differ (on any kind), their number."""
    got = measure(path)
    return got.main[0], got.main[1], got.misses, got.n


def _report(got: Figures) -> str:
    return "\n".join(f"{i} {t!r}\n   want {w}\n   got  {g}" for i, t, w, g in got.misses)


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


def test_main_kind_and_kinds_set_on_the_training_split():
    """train_2026_12.json t001-t354 is labelled with every event (``kinds``). Before the rules
    read events (2026-12-07): main kind P 0.561 R 0.630, kinds set P 0.611 R 0.549; the rules were
    then tuned on it (main P 0.93 R 0.97, kinds set P 0.93 R 0.97 with the matcher of that day).
    The bars leave room for the matcher's own changes."""
    got = measure(TRAIN, TRAIN_IDS)
    assert got.n == 354
    figures = f"main P {got.main[0]:.3f} R {got.main[1]:.3f}, kinds P {got.kinds[0]:.3f} R {got.kinds[1]:.3f}"
    assert got.main[0] >= 0.88 and got.main[1] >= 0.9, f"{figures}\n{_report(got)}"
    assert got.kinds[0] >= 0.88 and got.kinds[1] >= 0.9, f"{figures}\n{_report(got)}"


def test_a_second_event_counts_in_the_kinds_set_only(tmp_path):
    """The kinds-set measure counts every event, the main-kind one the first: an item whose
    second event is missed loses kinds recall but no main-kind recall."""
    labelled = {
        "library": [{"title": "Glasshouse"}],
        "headlines": [
            {
                "id": "z001",
                "title": "‘Glasshouse’ Renewed for Season 4",
                "summary": "",
                "series": ["Glasshouse"],
                "kind": "renewed",
                "kinds": ["renewed", "premiere_date"],
            }
        ],
    }
    path = tmp_path / "one.json"
    path.write_text(json.dumps(labelled), encoding="utf-8")
    got = measure(path)
    assert got.main == (1.0, 1.0)
    assert got.kinds == (1.0, 0.5)


if __name__ == "__main__":  # python tests/unit/test_news_eval.py [holdout|fresh|train|dev]: figures (and misses)
    import sys

    which = sys.argv[1] if sys.argv[1:] else "set"
    path, ids = {
        "set": (SET, None),
        "holdout": (HOLDOUT, None),
        "fresh": (FRESH, None),
        "train": (TRAIN, TRAIN_IDS),
        "dev": (TRAIN, DEV_IDS),
    }[which]
    got = measure(path, ids)
    if which != "dev":  # DEV is for choosing, not tuning: figures only
        print(_report(got))
    print(
        f"{got.n} headlines: main kind precision {got.main[0]:.3f}, recall {got.main[1]:.3f}; "
        f"kinds set precision {got.kinds[0]:.3f}, recall {got.kinds[1]:.3f}; {len(got.misses)} differ"
    )
