"""The dates-numbers kind's scans made cheaper (issue 20) find what the plain scans find.

`_Patterns.month_words` (a scan for the names alone, then the word-bounded pattern) must give just the matches
`month_word.finditer` gives over the whole text, and `_numeric_dates` (each core looked for only in a text holding
its gate, a part of it that starts with a literal) just the dates the cores alone give, in the same order: checked
on generated text made to put names inside words, after letters, digits, marks and periods, and dates beside and
inside other figures; on the seeds, the quick bench corpus and every English segment of ../shared/eval (skipped
when absent).
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


DATE_PIECES = ["2024", "1999", "2024-03-05", "-03", "-5", "05", "5", ".", "03.", "5.3.", "05.03.2024", "1.1.1899",
               "20", "19", "18", "-", " ", "\n", "x", "/", ":", "#", "+", ",", "v", "\u0663"]


def _plain_numeric_dates(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The dates the cores alone give: ``_numeric_dates`` without its gates."""
    end = len(text) if end is None else end
    found = []
    for _gate, core, pattern in dates_numbers._NUMERIC_CORES:
        for candidate in core.finditer(text, start, end):
            m = pattern.match(text, candidate.start(), end)
            if m is not None:
                found.append(m.span())
    return found


def _same(text: str) -> None:
    patterns = dates_numbers._patterns()
    whole = [m.span() for m in patterns.month_word.finditer(text)]
    assert [m.span() for m in patterns.month_words(text)] == whole
    assert [m.span() for m in dates_numbers._numeric_dates(text)] == _plain_numeric_dates(text)


@st.composite
def dated_texts(draw: st.DrawFn) -> str:
    return "".join(draw(st.lists(st.sampled_from(DATE_PIECES), max_size=30)))


@settings(max_examples=800, deadline=None)
@given(dated_texts(), st.integers(0, 12), st.integers(0, 40))
def test_numeric_dates_are_the_cores_dates(text: str, start: int, length: int):
    assert [m.span() for m in dates_numbers._numeric_dates(text)] == _plain_numeric_dates(text)
    end = min(len(text), start + length)
    assert [m.span() for m in dates_numbers._numeric_dates(text, start, end)] == _plain_numeric_dates(text, start, end)


def test_numeric_dates_in_a_text():
    text = "On 2024-03-05 and 5.3.2024 (not 12024-03-05, 1.2.3.2024 or v2.05.2024) and 31.12.1999."
    assert [text[slice(*m.span())] for m in dates_numbers._numeric_dates(text)] == [
        "2024-03-05", "5.3.2024", "31.12.1999"]


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
