"""The learned news-kind classifier: the plain-Python scores are scikit-learn's, the shipped weights
are what training makes now, the viewer's corrections carry over to close headlines only, and the
application scores without scikit-learn or numpy."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.tools import train_news_model as training
from watchtracker.domain.enums import AnnouncementKind as K
from watchtracker.services.news_model import JSON_NAME, KINDS, KindModel

ROOT = Path(__file__).resolve().parents[2]

# what the vectorisers must agree on beyond ordinary headlines: curly quotes and dashes, runs of
# white space, one-letter words (a char_wb piece counted once), accents and letters whose lower case
# is longer, digits and symbols, pieces never seen in training, nothing at all
AWKWARD = [
    ("", ""),
    ("A", ""),
    ("", "Only a summary, no headline."),
    ("‘Slow Horses’ — Season 5 “returns”  Sept. 24", "Gary Oldman’s Jackson Lamb…\t\tis back\n\non Apple TV+."),
    ("ÉLITE renovada: İstanbul, Straße & Ærø", "Ünïcödé ﬁ ligatures and ΣΊΣΥΦΟΣ"),
    ("x y z 1 2 3 ! ? & + - = / :", "a b c I O"),
    ("Zxqvbnm Plorf Wuggle Renewal?!", "qqqq zzzz " * 30),
    ("'The Bear' Renewed for Season 5; Season 4 Premieres June 25", "FX's hit also adds a new series regular."),
]


@pytest.fixture(scope="module")
def trained():
    """The exported pipeline trained now (with the shipped threshold, which training takes from
    5-fold CV: left to ``--check``) and its JSON."""
    shipped = json.loads(training.OUTPUT.read_text(encoding="utf-8"))
    examples = training.load_examples()
    spec, pipeline = training.shipped_spec(examples, threshold=shipped["threshold"])
    return spec, pipeline, shipped, examples


def test_plain_python_scores_are_scikit_learns(trained):
    spec, pipeline, shipped, examples = trained
    pairs = [(e.title, e.summary) for e in examples[::3]] + AWKWARD
    expected = training.probabilities(pipeline, pairs)
    for model in (KindModel(spec), KindModel.shipped()):
        for (title, summary), row in zip(pairs, expected, strict=True):
            scores = model.scores(title, summary)
            assert list(scores) == list(KINDS)
            for kind, want in zip(KINDS, row, strict=True):
                assert scores[kind] == pytest.approx(float(want), abs=1e-9), (title, summary, kind)


def test_the_shipped_weights_are_what_training_makes_now(trained):
    spec, _, shipped, _ = trained
    assert training.differences(spec, shipped) == [], "stale: run `python tests/tools/train_news_model.py`"
    assert len(training.dumps(shipped).encode()) < 1_000_000


def test_the_model_reads_the_kinds_it_was_taught():
    model = KindModel.shipped()
    assert model.main_kind("'Severance' Renewed for Season 3 at Apple TV+", "") is K.RENEWED
    assert model.main_kind("Netflix cancels 'The Residence' after one season", "") is K.CANCELLED
    kinds = model.kinds("'The Bear' Renewed for Season 5 Ahead of Season 4's June 25 Premiere", "")
    scores = model.scores("'The Bear' Renewed for Season 5 Ahead of Season 4's June 25 Premiere", "")
    assert kinds[0] is max(KINDS, key=scores.__getitem__)
    assert set(kinds[1:]) == {k for k in KINDS if k is not kinds[0] and scores[k] >= model.threshold}
    assert all(0.0 <= p <= 1.0 for p in scores.values())


def test_a_correction_carries_over_to_close_headlines_only():
    model = KindModel.shipped()
    corrected = ("'Slow Horses' Is Back on the Case", "Gary Oldman's Jackson Lamb returns to Slough House.")
    variant = ("‘Slow Horses’ is back on the case!", "")
    another = ("‘Bad Sisters’ Is Back on the Case", "The Garvey sisters return.")
    unrelated = ("Netflix cancels 'The Residence' after one season", "The Shonda Rhimes mystery will not return.")
    before = model.main_kind(*corrected)
    kind = K.TRAILER if before is not K.TRAILER else K.CASTING
    assert model.main_kind(*variant) is not kind and model.main_kind(*another) is not kind

    adjusted = model.with_examples([(*corrected, kind)])

    assert adjusted.main_kind(*corrected) is kind
    assert adjusted.kinds(*corrected) == (kind,)  # the very same headline: the viewer's word
    assert adjusted.main_kind(*variant) is kind
    assert adjusted.main_kind(*another) is kind
    assert adjusted.scores(*unrelated) == model.scores(*unrelated)
    assert model.similarity(corrected, unrelated) < model.similarity_threshold <= model.similarity(corrected, another)
    assert model.main_kind(*corrected) is before  # the shipped model is not changed
    # a later correction of the same headline wins
    assert adjusted.with_examples([(*corrected, K.NEWS)]).main_kind(*variant) is K.NEWS
    with pytest.raises(ValueError):
        model.with_examples([(*corrected, K.EPISODE_AIRED)])


def test_the_application_scores_without_scikit_learn_or_numpy():
    code = (
        "import sys\n"
        "from watchtracker.services.news_model import KindModel\n"
        "KindModel.shipped().with_examples([('a', 'b', 'news')]).kinds('Show renewed', '')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'numpy', 'scipy', 'joblib'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_weights_ship_inside_the_package():
    assert (ROOT / "watchtracker" / "services" / JSON_NAME).is_file()
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "watchtracker" in pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()  # hatch leaves out what git ignores
    assert not any(p in ignored for p in ("*.json", JSON_NAME, "watchtracker/services/" + JSON_NAME))
