"""tests/fixtures/headlines_fresh.json is the untouched set for an honest figure on unseen news
(run tests/benchmarks/bench_news_fresh.py). Only its shape is tested here, never the matcher's
figures on it: a test that asserted them would invite tuning the rules to it.
"""

from __future__ import annotations

import json
from pathlib import Path

from watchtracker.domain.enums import AnnouncementKind

FRESH = Path(__file__).resolve().parents[1] / "fixtures" / "headlines_fresh.json"

# The kinds a news item can be given (the classifier's kinds; the others come from the library).
NEWS_KINDS = {
    AnnouncementKind(k)
    for k in ("spin_off", "cancelled", "ended", "renewed", "premiere_date", "new_season", "trailer", "casting", "news")
}


def test_the_fresh_set_is_well_formed():
    data = json.loads(FRESH.read_text(encoding="utf-8"))
    library, headlines = data["library"], data["headlines"]
    titles = [s["title"] for s in library]
    assert len(set(titles)) == len(titles) >= 20
    for s in library:
        assert isinstance(s.get("aliases", []), list) and isinstance(s.get("names", []), list), s["title"]
    assert len(headlines) >= 100
    ids = [h["id"] for h in headlines]
    assert len(set(ids)) == len(ids)
    for h in headlines:
        assert h["title"].strip() and isinstance(h["summary"], str), h["id"]
        assert set(h["series"]) <= set(titles), h["id"]
        assert len(set(h["series"])) == len(h["series"]), h["id"]
        assert (h["kind"] is None) == (not h["series"]), h["id"]
        if h["kind"] is not None:
            assert AnnouncementKind(h["kind"]) in NEWS_KINDS, h["id"]
    # both sides are represented: items about followed series and items that are not
    assert sum(1 for h in headlines if h["series"]) >= 50
    assert sum(1 for h in headlines if not h["series"]) >= 30
