"""The compiled words with their lowered forms (native/src/words.rs's ``lowered_words``, what ``Document.words``
reads) are the pure-Python tokeniser's (linter/text/tokens.py's ``_python_words``): the same offsets and the same
``str.lower`` of each word, ASCII ones lowered in Rust, others by ``str.lower`` itself; on generated text, the
seeds and every string of ../shared/eval. Skips where the extension is not built, as tests/test_native.py does."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.text import tokens
from linter.text.document import Document
from tests.test_native import _ALPHABET, EVAL_FILES, SEEDS, _eval_strings, _native, needs_eval, needs_native


def same_words(text: str) -> None:
    assert _native.lowered_words(text) == tokens._python_words(text)


@needs_native
@settings(max_examples=300, deadline=None)
@given(st.text(st.one_of(_ALPHABET, st.sampled_from("AZaz@[`{'’- İΣσςǅ\u212a")), max_size=100))
def test_generated_text_gives_the_same_lowered_words(text: str) -> None:
    same_words(text)


@needs_native
@pytest.mark.parametrize("text", ["", "A", "THE The the", "İstanbul ΟΔΟΣ ǅemal \u212aelvin", "O’Brien-SMITH's",
                                  "北京 😀 AbC", "x" * 5000])
def test_edge_cases_give_the_same_lowered_words(text: str) -> None:
    same_words(text)


@needs_native
def test_the_seeds_give_the_same_lowered_words() -> None:
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        same_words(text)
        same_words(Document.from_text(text, str(path)).prose)


@needs_native
@needs_eval
@pytest.mark.parametrize("name", EVAL_FILES)
def test_every_text_of_the_eval_data_gives_the_same_lowered_words(name: str) -> None:
    same_words("\n".join(_eval_strings(name)))


@needs_native
def test_document_words_read_the_compiled_lowered_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tokens, "choice", lambda: tokens.Choice(_native, "compiled"))
    words = Document.from_text("The İstanbul THE").words
    assert words.lowered == ["the", "i̇stanbul", "the"] and words.starts == [0, 4, 13]
