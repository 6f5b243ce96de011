"""Document views worked out from one another give what they gave worked out alone: ``folded`` made from the
``lowered`` view (one lowercasing for both) is ``phrases.fold`` of the prose, on generated text with letters whose
lowercase is longer ('İ'), Greek final sigma, and every kind of white space."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from linter.text import phrases
from linter.text.document import Document

_PIECES = st.sampled_from(["a", "A", "İ", "I", "Σ", "ΟΔΟΣ", "σ", "ς", "ǅ", "ß", "\u212a", " ", "\n", "\r", "\t",
                           "\u00a0", "\u2028", "\u3000", "\x1c", ".", "word", "https://a.com/x", "<!-- c -->"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=40), st.sampled_from(["text", "markdown"]))
def test_folded_is_the_fold_of_the_prose(pieces: list[str], fmt: str) -> None:
    doc = Document.from_text("".join(pieces), fmt=fmt)
    assert doc.folded == phrases.fold(doc.prose)
    assert len(doc.folded) == len(doc.text)


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_folded_is_the_fold_of_any_text(text: str) -> None:
    doc = Document.from_text(text)
    assert doc.folded == phrases.fold(doc.prose)


def test_a_long_text_with_a_growing_letter_keeps_its_length() -> None:
    text = ("Word word. " * 7000) + "İstanbul ΟΔΟΣ.\n" + ("x " * 40000)  # longer than one 64K piece of phrases
    doc = Document.from_text(text)
    assert len(doc.lowered) == len(text) + 1  # 'İ' lowercases to two characters
    assert doc.folded == phrases.fold(text) and len(doc.folded) == len(text)
