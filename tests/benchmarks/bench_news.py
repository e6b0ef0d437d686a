"""Benchmark: matching news items against a big library. Not a test: run it and read.

    python tests/benchmarks/bench_news.py [--series 2000 --items 1000 --rounds 5]

Builds 2,000 followed series (titles of one to five words, some ordinary words, aliases, lead
characters, franchises) and 1,000 feed items (headline + summary of realistic length, a third of
them naming a followed series), then times building the matcher once and matching + classifying
every item (aim: under 200 ms for the 1,000 items).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

WORDS = (
    "shadow river night house crown empire legacy fire ice steel glass silver city north "
    "south storm winter summer last first lost dark bright hollow iron echo signal harbor "
    "station kingdom border frontier garden orchard valley ridge canyon desert ocean island "
    "tower bridge gate road street line circle square diamond anchor compass"
).split()
NAMES = (
    "Harry Ellen Marcus Olivia Renee Jack Maddie Honey Beth Rip Daryl Carol Joe Love Tony "
    "Carmy Sydney Natalie Shauna Mark Helly Dylan Irving"
).split()
SURNAMES = (
    "Bosch Ballard Chandler Dutton Wheeler Dixon Goldberg Soprano Berzatto Adamu Scott "
    "Riggs Grant Bailey Hale Porter Quinn Reyes Santos Turner Walsh"
).split()
FILLER = (
    "The streamer confirmed on Tuesday that production begins next spring in Atlanta, with "
    "the showrunner returning and most of the cast set to come back, according to sources "
    "familiar with the project, who added that the budget is larger than before."
).split()


def library(n: int, rng: random.Random):
    from watchtracker.services.news import Followed

    out = []
    for i in range(n):
        k = rng.choice((1, 1, 2, 2, 3, 4, 5))
        title = " ".join(rng.choice(WORDS).capitalize() for _ in range(k)) + (f" {i}" if k > 2 else "")
        names = (f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}",) if i % 3 == 0 else ()
        franchise = f"Universe {i // 10}" if i % 5 == 0 else None
        out.append(
            Followed(
                series_id=i,
                title=title,
                aliases=(title.replace(" ", "-"),) if i % 7 == 0 else (),
                names=names,
                franchise=franchise,
                network=rng.choice(("Netflix", "HBO", "Prime Video")),
            )
        )
    return out


def items(n: int, followed, rng: random.Random):
    verbs = (
        "Renewed for Season 3",
        "Cancelled After Two Seasons",
        "Sets March 5 Premiere",
        "Trailer Teases a Darker Season",
        "Adds Maggie Q to Cast",
        "Spinoff in the Works at Netflix",
        "Star Talks the Finale",
    )
    out = []
    for i in range(n):
        if i % 3 == 0:
            s = rng.choice(followed)
            head = f"‘{s.title}’ {rng.choice(verbs)}"
        else:
            head = " ".join(rng.choice(WORDS).capitalize() for _ in range(6)) + " " + rng.choice(verbs)
        summary = " ".join(rng.choice(FILLER) for _ in range(40))
        out.append((head, summary))
    return out


def measure(n_series: int, n_items: int, rounds: int) -> tuple[list[float], list[float], int]:
    """Build the matcher and match + classify every item, ``rounds`` times: (build times, run
    times in ms, items that matched a series)."""
    from datetime import date

    from watchtracker.services.news import NewsMatcher, classify, title_words

    rng = random.Random(7)
    followed = library(n_series, rng)
    news = items(n_items, followed, rng)
    titles = title_words(f.title for f in followed)
    builds, runs, found = [], [], 0
    for _ in range(rounds):
        t0 = time.perf_counter()
        matcher = NewsMatcher(followed)
        t1 = time.perf_counter()
        found = 0
        for head, summary in news:
            matches = matcher.match(head, summary)
            if matches:
                found += 1
                classify(head, summary, published=date(2026, 11, 24), known=titles)
        t2 = time.perf_counter()
        builds.append((t1 - t0) * 1000)
        runs.append((t2 - t1) * 1000)
    return builds, runs, found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--series", type=int, default=2000)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    builds, runs, found = measure(args.series, args.items, args.rounds)
    print(f"{args.series} followed series, {args.items} items ({found} matched a series), {args.rounds} rounds")
    print(f"  build the matcher: median {statistics.median(builds):.1f} ms (range {min(builds):.1f}–{max(builds):.1f})")
    print(
        f"  match + classify:  median {statistics.median(runs):.1f} ms (range {min(runs):.1f}–{max(runs):.1f})"
        f"  aim < 200 ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
