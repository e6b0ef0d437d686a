"""Benchmark: the news matcher and classifier on the HELD-OUT set. Not a test: run it and read.

    python tests/benchmarks/bench_news_heldout.py

tests/fixtures/news/heldout_2026_12.json (330 items, 43 followed series, 85 decoys) was written and
labelled in one pass on 2026-12-07, by someone who had not seen the rules or the other sets, before
anything was run on it; its SHA-256 is checked first (heldout_2026_12.sha256), so a figure printed
here is on the set as frozen. It is never used to tune rules, pick features or train: this script
prints aggregate figures only, never an item, so that reading it cannot turn into tuning.

Printed: matching (headline, series) precision/recall; series + main kind; series + every kind
(the kinds set, micro); main-kind accuracy on the pairs matched right; precision/recall per kind of
the (headline, series, kind) triples over all kinds; the time to match and type all 330 items.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

HELD_OUT = ROOT / "tests" / "fixtures" / "news" / "heldout_2026_12.json"
FROZEN = HELD_OUT.with_suffix(".sha256")
PUBLISHED = date(2025, 6, 1)  # as in tests/unit/test_news_eval.py


def frozen_ok() -> bool:
    want = FROZEN.read_text(encoding="utf-8").split()[0]
    return hashlib.sha256(HELD_OUT.read_bytes()).hexdigest() == want


def pr(want: set, got: set) -> tuple[float, float]:
    right = want & got
    return (len(right) / len(got) if got else 0.0, len(right) / len(want) if want else 0.0)


def main() -> int:
    if not frozen_ok():
        print("the held-out set differs from its frozen SHA-256: figures on it would not be held-out figures")
        return 1
    from tests.unit.test_news_eval import followed_of
    from watchtracker.services.news import NewsMatcher, classify, title_words

    data = json.loads(HELD_OUT.read_text(encoding="utf-8"))
    followed = followed_of(data["library"])
    title_of = {f.series_id: f.title for f in followed}
    started = time.perf_counter()
    matcher = NewsMatcher(followed)
    known = title_words(f.title for f in followed)
    pairs_want, pairs_got, main_want, main_got, all_want, all_got = set(), set(), set(), set(), set(), set()
    for h in data["headlines"]:
        kinds = h.get("kinds") or ([h["kind"]] if h["kind"] else [])
        pairs_want |= {(h["id"], s) for s in h["series"]}
        main_want |= {(h["id"], s, h["kind"]) for s in h["series"]}
        all_want |= {(h["id"], s, k) for s in h["series"] for k in kinds}
        matches = matcher.match(h["title"], h["summary"])
        if not matches:
            continue
        what = classify(h["title"], h["summary"], published=PUBLISHED, known=known)
        series = {title_of[m.series_id] for m in matches}
        pairs_got |= {(h["id"], s) for s in series}
        main_got |= {(h["id"], s, what.kind.value) for s in series}
        all_got |= {(h["id"], s, k.value) for s in series for k in what.kinds}
    elapsed = time.perf_counter() - started

    right_pairs = pairs_want & pairs_got
    kind_of = {(i, s): k for i, s, k in main_want}
    typed_right = sum(1 for i, s, k in main_got if (i, s) in right_pairs and kind_of[(i, s)] == k)
    print(f"held-out: {len(data['headlines'])} items, {len(followed)} followed series (SHA-256 as frozen)\n")
    for name, (p, r) in (
        ("matching (headline, series)", pr(pairs_want, pairs_got)),
        ("series + main kind", pr(main_want, main_got)),
        ("series + every kind (kinds set)", pr(all_want, all_got)),
    ):
        print(f"{name:34} precision {p:.3f}  recall {r:.3f}")
    print(
        f"{'main kind right, pairs matched right':34} {typed_right}/{len(right_pairs)} = {typed_right / len(right_pairs):.3f}"
    )
    print("\nper kind, all kinds (triples):")
    print(f"  {'kind':14} {'labelled':>8} {'found':>6} {'right':>6}  precision  recall")
    labelled, found = Counter(k for *_, k in all_want), Counter(k for *_, k in all_got)
    right = Counter(k for *_, k in all_want & all_got)
    for kind in sorted(labelled | found):
        p = right[kind] / found[kind] if found[kind] else 0.0
        r = right[kind] / labelled[kind] if labelled[kind] else 0.0
        print(f"  {kind:14} {labelled[kind]:8} {found[kind]:6} {right[kind]:6}  {p:9.3f}  {r:6.3f}")
    print(f"\nmatched and typed all {len(data['headlines'])} items in {elapsed * 1000:.0f} ms (model load included)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
