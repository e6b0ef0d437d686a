"""How the rules and the learned model combine to type a news item, chosen on the DEV split.

    python tests/tools/choose_news_combination.py

DEV is items t355–t472 of tests/fixtures/news/train_2026_12.json: the rules were not tuned on them
and the model scored here is trained without them (the shipped model is trained on all training
data). The held-out set is not read. Each strategy gives the item's kinds (main first); printed:
main-kind accuracy, and micro precision / recall / F1 of the kinds sets, over the DEV items that
have a kind (decoys have none to type).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.tools import train_news_model as training  # noqa: E402
from watchtracker.domain.enums import AnnouncementKind as K  # noqa: E402
from watchtracker.services.news import combine_kinds, rule_kinds  # noqa: E402
from watchtracker.services.news_model import KindModel  # noqa: E402

Scores = dict[K, float]
Strategy = Callable[[tuple[K, ...], Scores, float], tuple[K, ...]]


def model_kinds(scores: Scores, threshold: float) -> tuple[K, ...]:
    ranked = sorted(scores, key=lambda k: -scores[k])
    return (ranked[0], *[k for k in ranked[1:] if scores[k] >= threshold])


def rules_only(rules, scores, threshold):
    return rules or (K.NEWS,)


def model_only(rules, scores, threshold):
    return model_kinds(scores, threshold)


def model_when_rules_silent(rules, scores, threshold):
    return rules if rules and rules != (K.NEWS,) else model_kinds(scores, threshold)


def model_when_rules_empty(confidence: float) -> Strategy:
    def strategy(rules, scores, threshold):
        if rules:
            return rules
        top = max(scores, key=lambda k: scores[k])
        return (top,) if scores[top] >= confidence else (K.NEWS,)

    return strategy


def confident_model(confidence: float) -> Strategy:
    def strategy(rules, scores, threshold):
        top = max(scores, key=lambda k: scores[k])
        if not rules or rules == (K.NEWS,) or (scores[top] >= confidence and top not in rules):
            return model_kinds(scores, threshold)
        return rules

    return strategy


def rules_plus_model_extras(rules, scores, threshold):
    base = model_when_rules_silent(rules, scores, threshold)
    extras = [k for k in model_kinds(scores, threshold)[1:] if k not in base and k is not K.NEWS]
    return (*base, *extras)


def shipped(rules, scores, threshold):
    return combine_kinds(rules, scores)


STRATEGIES: dict[str, Strategy] = {
    "rules only": rules_only,
    "model only": model_only,
    "model when the rules find nothing (or only news)": model_when_rules_silent,
    **{f"model when no rule fires and it is >= {c:.2f} sure": model_when_rules_empty(c) for c in (0.0, 0.5, 0.7)},
    **{f"model when it is >= {c:.2f} sure and the rules disagree": confident_model(c) for c in (0.6, 0.7, 0.8, 0.9)},
    "rules, model when silent, + model's extra kinds": rules_plus_model_extras,
    "as shipped (news.combine_kinds)": shipped,
}


def measure(strategy: Strategy, rows, threshold: float) -> dict[str, float]:
    right = tp = fp = fn = 0
    for example, rules, scores in rows:
        got = strategy(rules, scores, threshold)
        want = {K(k) for k in example.kinds}
        right += got[0] is K(example.kind)
        tp += len(set(got) & want)
        fp += len(set(got) - want)
        fn += len(want - set(got))
    return {
        "main": right / len(rows),
        "p": tp / (tp + fp),
        "r": tp / (tp + fn),
        "f1": 2 * tp / (2 * tp + fp + fn),
    }


def main() -> int:
    examples = training.load_examples()
    train = [e for e in examples if not training.is_dev(e)]
    dev = [e for e in examples if training.is_dev(e)]
    pipeline = training.fit(train)
    threshold = training.best_threshold(training.cross_validated(train), train)
    model = KindModel.from_json(training.dumps(training.export(pipeline, threshold, len(train))))
    rows = [(e, rule_kinds(e.title, e.summary), model.scores(e.title, e.summary)) for e in dev]
    print(f"DEV: {len(dev)} items with a kind; model trained on {len(train)} (threshold {threshold})\n")
    print(f"{'strategy':62} main    P      R      F1")
    for name, strategy in STRATEGIES.items():
        f = measure(strategy, rows, threshold)
        print(f"{name:62} {f['main']:.3f}  {f['p']:.3f}  {f['r']:.3f}  {f['f1']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
