"""The dates-numbers kind finds month names by a scan for the names alone, then its word-bounded pattern (issue 20).

`_Patterns.month_words` must give just the matches `month_word.finditer` gives over the whole text, in the same
order: checked on generated text made to put names inside words, after letters, digits, marks and periods, and
beside each other; on the seeds, the quick bench corpus and every English segment of ../shared/eval (skipped when
absent).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.kinds import dates_numbers
from tests.golden.update import EVAL, bench_corpus, eval_articles

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
PIECES = ["May", "March", "Mar.", "Mar", "June", "Jun.", "Ju", "Sep.", "September", "Sept", "Dec.", "Decem", "ber",
          "Mayor", "ly", "y", "s", "x", "é", "\u0301", "_", "5", "5th", "the ", "of ", " ", "\n", ".", ",", "-", "'",
          "’", "(", "Ma", "rch", "January", "Jan.", "\u00a0", "а"]


@st.composite
def texts(draw: st.DrawFn) -> str:
    return "".join(draw(st.lists(st.sampled_from(PIECES), max_size=30)))


def _same(text: str) -> None:
    patterns = dates_numbers._patterns()
    whole = [m.span() for m in patterns.month_word.finditer(text)]
    assert [m.span() for m in patterns.month_words(text)] == whole


@settings(max_examples=800, deadline=None)
@given(texts())
def test_month_words_are_the_word_bounded_pattern_s_matches(text: str):
    _same(text)


def test_month_names_inside_words_and_after_letters_are_not_months():
    text = "In Mayor May, 5 March and Mar. 3 (not Marches, xMay, May_, Mays or Mar.x) June."
    assert [m.group() for m in dates_numbers._patterns().month_words(text)] == ["May", "March", "Mar.", "June"]
    _same(text)


def test_month_words_on_the_seeds_and_the_bench_corpus():
    for path in sorted(SEEDS.glob("*.txt")):
        _same(path.read_text(encoding="utf-8"))
    if EVAL.is_dir():
        for text in bench_corpus():
            _same(text)


@pytest.mark.skipif(not EVAL.is_dir(), reason="../shared/eval is not present")
def test_month_words_on_the_eval_set():
    for text in eval_articles():
        _same(text)
