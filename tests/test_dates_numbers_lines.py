"""The dates-numbers kind runs some of its patterns over the lines that hold their literals only (issue 20).

`dates_numbers._finditer_lines` must give just the matches a scan of the whole text gives, in the same order:
checked on generated text made to put matches at line ends, beside line breaks and across them, on the seeds, the
quick bench corpus and every English segment of ../shared/eval (skipped when absent).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.kinds import dates_numbers
from linter.text.document import Document
from tests.golden.update import EVAL, bench_corpus, eval_articles

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
PATTERNS = [(dates_numbers._PERCENT, dates_numbers._PERCENT_LITERALS),
            (dates_numbers._NUMBER_WORD, dates_numbers._SCALE_LITERALS),
            (dates_numbers._TWO_PARTS, dates_numbers._SCALE_LITERALS)]

PIECES = ["5", "12", "3.5", "1,200", "0", "%", " %", " percent", "-percent", " per cent", " per-cent", "cent",
          " hundred", " thousand", " ten thousand", " hundred million", " ten million", " million", " billion",
          " trillion", " 500", " to ", " or ", " and ", "–", "-", " ", "  ", "\n", "\n\n", " \n", "\r\n", "\u2028",
          ".", ",", "$", "€", "a", "people", "x1", "\u0663", "_"]


@st.composite
def texts(draw: st.DrawFn) -> str:
    return "".join(draw(st.lists(st.sampled_from(PIECES), max_size=40)))


def _same(text: str) -> None:
    doc = Document.from_text(text)
    for pattern, literals in PATTERNS:
        whole = [(m.span(), m.groupdict()) for m in pattern.finditer(doc.prose)]
        assert [(m.span(), m.groupdict()) for m in dates_numbers._finditer_lines(pattern, doc, literals)] == whole


@settings(max_examples=600, deadline=None)
@given(texts())
def test_matches_over_the_lines_holding_a_literal_are_those_over_the_text(text: str):
    _same(text)


def test_matches_on_each_line_and_none_across_lines():
    text = "Up 5%\n7 thousand\n3 million 500 thousand people, 5 percent\nno figure here\n8 to 10 thousand"
    doc = Document.from_text(text)
    assert dates_numbers._lines_holding(doc.prose, ("%", "cent")) == [(0, 6), (17, text.index("no figure"))]
    assert [m.group() for m in dates_numbers._finditer_lines(dates_numbers._NUMBER_WORD, doc, ("thousand",))] == [
        "7 thousand", "500 thousand", "8 to 10 thousand"]
    _same(text)


def test_matches_on_the_seeds_and_the_bench_corpus_are_those_over_the_text():
    for path in sorted(SEEDS.glob("*.txt")):
        _same(path.read_text(encoding="utf-8"))
    if EVAL.is_dir():
        for text in bench_corpus():
            _same(text)


@pytest.mark.skipif(not EVAL.is_dir(), reason="../shared/eval is not present")
def test_matches_on_the_eval_set_are_those_over_the_text():
    for text in eval_articles():
        _same(text)
