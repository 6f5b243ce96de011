"""The compiled segmenter (native/src/segment.rs) and its pure-Python twins (linter/text/segment.py's
``_python_paragraphs`` and ``_python_sentence_index``) cut the same paragraphs and sentences: on generated text
(titles, abbreviations, initials, dotted names, openers, quotes, ellipses, line feeds before a period, carriage
returns, blank lines of spaces, list markers, letters whose ``str.lower`` or ``str.isupper`` is not ASCII's), the
seeds and every string of ../shared/eval. Skips where the extension is not built, as tests/test_native.py does."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter import check_text
from linter.text import segment, tokens
from linter.text.document import Document
from tests.test_native import _ALPHABET, EVAL_FILES, SEEDS, _eval_strings, _native, needs_eval, needs_native


def _segmenter() -> object:  # the compiled Segmenter
    return _native.Segmenter(sorted(segment.TITLES), sorted(segment.AMBIGUOUS), sorted(segment.SENTENCE_OPENERS))


def same_sentences(text: str) -> None:
    paragraphs = segment._python_paragraphs(text)
    assert _native.paragraphs(text) == paragraphs
    expected = segment._python_sentence_index(text, paragraphs)
    assert _segmenter().sentences(text, paragraphs) == expected
    whole = [(0, len(text))]  # one span over everything, line breaks and spaces at its ends included
    assert _segmenter().sentences(text, whole) == segment._python_sentence_index(text, whole)


_PIECES = st.sampled_from([
    "Mr.", "mr.", "Dr.", "Gen.", "e.g.", "i.e.", "vs.", "Inc.", "Co.", "Jr.", "a.m.", "p.m.", "U.S.", "u.s.", "U.K.",
    "F.", "J.", "x.", "ß.", "İ.", "ǅ.", "Σ.", "\u212a.", "3.5", "1.", "bbc.com", "word.", "Word", "The", "the", "He",
    "he", "President", "İstanbul", "Élan", "élan", "²", "٣", "Ⅷ", "_a", "a_", "O'Brien", "'tis", "’90s", "-", "--",
    " ", " ", " ", "  ", "\n", "\n\n", "\t", "\u00a0", "\u2028", "\x1c", "\x1f", "\u3000", ".", "..", "...", "…",
    "!", "?", "?!", "!!", ".”", ".’", ".\"", ".'", ".)", ".]", ".»", "“", "‘", "«", "(", "[", "\"", "'", ":",
    "e\u0301.", "a.b-c'd.", "S.A.", ".a", "Mr\n.", "J\n.", "\n.", "\r", "\r\n", "\r\n\r\n", "\n \t\f\v\n", "\n\r",
    "\r \r", "* ", "• ", "> ", "# ", "\u00a0\n", "\n\u2028",
])


@needs_native
@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=40))
def test_generated_prose_gives_the_same_sentences(pieces: list[str]) -> None:
    same_sentences("".join(pieces))


@needs_native
@settings(max_examples=300, deadline=None)
@given(st.text(st.one_of(_ALPHABET, st.sampled_from(".!?…\"'”’»)]“‘«([ \n:İΣ\u212a")), max_size=120))
def test_generated_text_gives_the_same_sentences(text: str) -> None:
    same_sentences(text)


@needs_native
@pytest.mark.parametrize("text", [
    "", ".", "a", "Mr. Smith left. He came back.", "He met J. F. Kennedy. Then he left.", "The U.S. The end.",
    "It was 5 p.m. The talks ended.", "It was 5 p.m. Talks ended.", "word\n. Next", "word.\n. Next", "word\n\n. Next",
    "He left... Then", "He left… then", "“Stop.” Then", "Stop. 'tis", "Stop. ' x", "Stop. (“A", "x İ. Foo",
    "x \u212a. The", "The end.\x1c\x1dNext", "Mr\n. Smith", "F\n. Kennedy",
    "U.S\n. The", "a\r\nb", "One.\r\nTwo", "One.\rTwo", "x\n \t\n\r\ny", "Done.\n\u201cNext", "Done.\n- item",
    "Done:\n5 more", "soft\nwrap", "A. B", "x" * 3000 + ". Y", "a.b-c'd. Next", "Co. the", "Co. The",
])
def test_edge_cases_give_the_same_sentences(text: str) -> None:
    same_sentences(text)


@needs_native
def test_the_seeds_give_the_same_sentences() -> None:
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        same_sentences(text)
        same_sentences(Document.from_text(text, str(path)).prose)


@needs_native
@needs_eval
@pytest.mark.parametrize("name", EVAL_FILES)
def test_every_text_of_the_eval_data_gives_the_same_sentences(name: str) -> None:
    texts = _eval_strings(name)
    assert texts
    same_sentences("\n\n".join(texts))
    same_sentences("\n".join(texts))


@needs_native
def test_the_compiled_segmenter_refuses_paragraphs_outside_the_text() -> None:
    with pytest.raises(ValueError, match="outside the text"):
        _segmenter().sentences("One. Two.", [(0, 10)])
    with pytest.raises(ValueError, match="outside the text"):
        _segmenter().sentences("One. Two.", [(5, 4)])


@needs_native
def test_document_sentences_are_the_chosen_segmenter_s(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Document.sentences`` asks ``tokens.choice()``, read at each call: the compiled one, or the twin."""
    text = "Mr. Lee met J. F. Kennedy at 5 p.m. The talks ended. Then… silence."
    monkeypatch.setattr(tokens, "choice", lambda: tokens.Choice(_native, "compiled"))
    calls: list[str] = []
    twin = segment._python_sentence_index
    monkeypatch.setattr(segment, "_python_sentence_index", lambda *a: calls.append("python") or twin(*a))
    compiled = Document.from_text(text).sentences
    assert calls == []
    monkeypatch.setattr(tokens, "choice", lambda: tokens.Choice(None, tokens.NOT_BUILT))
    assert Document.from_text(text).sentences == compiled
    assert calls == ["python"]
    assert [text[s:e] for s, e in compiled] == \
        ["Mr. Lee met J. F. Kennedy at 5 p.m.", "The talks ended.", "Then… silence."]


@needs_native
def test_both_segmenters_give_the_same_findings_on_the_seeds(monkeypatch: pytest.MonkeyPatch) -> None:
    twin = segment._python_sentence_index
    native = [check_text(p.read_text(encoding="utf-8"), path=str(p)) for p in SEEDS]
    monkeypatch.setattr(segment, "sentence_index", twin)
    monkeypatch.setattr(segment, "paragraphs", segment._python_paragraphs)
    python = [check_text(p.read_text(encoding="utf-8"), path=str(p)) for p in SEEDS]
    assert sum(map(len, native)) > 0
    assert native == python


def test_the_pure_python_segmenter_is_used_without_the_extension(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tokens, "choice", lambda: tokens.Choice(None, tokens.NOT_BUILT))
    text = "Dr. Ana Ruiz spoke. She left.\nIt rained.\r\nHe ran"
    assert segment.paragraphs(text) == [(0, 29), (30, 40), (42, 48)]
    assert segment.sentence_index(text, segment.paragraphs(text)) == [(0, 19), (20, 29), (30, 40), (42, 48)]

