"""The pure-Python segmenter's cheaper forms cut where its plain ones did: paragraphs found with the line-feed-only
break pattern and with one-line blocks trimmed without a line scan, sentences found with the terminal marks said as one
character class, against the patterns and the block walk they replace (the reference below), on generated text
(line feeds, carriage returns, blank lines of spaces and form feeds, every terminal and closing mark), the seeds
and every string of ../shared/eval."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.text import segment
from linter.text.document import Document
from tests.test_native import EVAL, EVAL_FILES, SEEDS, _eval_strings

# the patterns as they were written before the cheaper forms
_BREAK = regex.compile(r"(?:\r?\n|\r)(?:[ \t\f\v]*(?:\r?\n|\r))+")
_TERMINAL = regex.compile(r"(?:\.{3}|…|[.!?])+[\"'”’»)\]]*")


def reference_paragraphs(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for brk in _BREAK.finditer(text):
        reference_block(text, pos, brk.start(), spans)
        pos = brk.end()
    reference_block(text, pos, len(text), spans)
    return spans


def reference_block(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    line_start = start
    for brk in segment._LINE_BREAK.finditer(text, start, end):
        if segment._ENDS_SENTENCE.search(text[line_start:brk.start()]) \
                and segment._STARTS_LIKE_SENTENCE.match(text[brk.end():end]):
            segment._add_trimmed(text, start, brk.start(), out)
            start = brk.end()
        line_start = brk.end()
    segment._add_trimmed(text, start, end, out)


def same_cuts(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    paragraphs = segment._python_paragraphs(text)
    assert paragraphs == reference_paragraphs(text)
    sentences = segment._python_sentence_index(text, paragraphs)
    with monkeypatch.context() as patched:
        patched.setattr(segment, "_TERMINAL", _TERMINAL)
        assert sentences == segment._python_sentence_index(text, paragraphs)


_PIECES = st.sampled_from(["word", "Word", "U.S.", "Mr.", "3.5", " ", " ", "  ", "\n", "\n\n", "\r\n", "\r",
                           "\r\n\r\n", "\n \t\f\v\n", "\n\r", ".", "..", "...", "…", "!", "?", "?!", ".”", "’",
                           "»", ")", "]", "\"", "'", ":", "- ", "* ", "“", "The", "the", "a.m.", "İ", "e\u0301"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=40))
def test_generated_text_is_cut_alike(pieces: list[str]) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        same_cuts("".join(pieces), monkeypatch)


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_any_text_is_cut_alike(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        same_cuts(text, monkeypatch)


@pytest.mark.parametrize("text", ["", "\r", "a\r\nb", "One.\nTwo.", "One.\r\nTwo.\r\n\r\nThree...", "a\n \n\n b",
                                  "He left…\nThen", "Stop!!\n\nGo?” she said.", "x" * 5000 + "\n\n" + "y. " * 100])
def test_edge_cases_are_cut_alike(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    same_cuts(text, monkeypatch)


def test_the_seeds_are_cut_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        same_cuts(text, monkeypatch)
        same_cuts(Document.from_text(text, str(path)).prose, monkeypatch)
        same_cuts(text.replace("\n", "\r\n"), monkeypatch)


@pytest.mark.skipif(not EVAL.is_dir(), reason="../shared/eval is not present")
@pytest.mark.parametrize("name", EVAL_FILES)
def test_every_text_of_the_eval_data_is_cut_alike(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _eval_strings(name)
    assert texts
    same_cuts("\n\n".join(texts), monkeypatch)  # each text its own paragraphs, as in an article
    same_cuts("\n".join(texts), monkeypatch)  # one text a line: the block walk's line test on every line
