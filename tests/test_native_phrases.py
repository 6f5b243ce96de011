"""The compiled phrase pass (native/src/phrases.rs, ``_native.PhraseAutomaton``) gives the hits of its pure-Python
twin (linter/text/phrases.py's ``PhraseIndex._python_find``, pyahocorasick): the same spans and payloads for every
table, on generated phrases and text, on the shipped rules' phrase tables over the seeds and every string of
``../shared/eval``. Skips where the extension is not built (as tests/test_native.py does)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.core.config import Settings
from linter.core.engine import Linter
from linter.text import phrases, tokens
from linter.text.document import Document
from tests.test_native import EVAL_FILES, _eval_strings, needs_eval

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted(p for p in (ROOT / "seeds").iterdir() if p.is_file())

try:
    from linter.text import _native  # type: ignore[attr-defined]
except ImportError:
    _native = None

needs_native = pytest.mark.skipif(
    _native is None and not os.environ.get("COPYDESK_REQUIRE_NATIVE"),
    reason="the native extension is not built: only the pure-Python phrase pass is here, nothing to compare")


def same_hits(index: phrases.PhraseIndex, text: str) -> int:
    """Assert the compiled and the pure-Python pass find the same hits in ``text``; return how many."""
    assert index._compiled is not None, "the compiled pass was not built for this index"
    folded = phrases.fold(text)
    compiled = index.find(text, folded)
    python = index._python_find(text, folded)
    assert compiled == python
    # the hits as tuples (issue 20, fourth step: the capitalisation and consistency kinds read them so)
    assert index.find_spans(text, folded) == [[(h.start, h.end, h.payload) for h in hits] for hits in python]
    return sum(map(len, compiled))


def _shipped_indexes() -> list[phrases.PhraseIndex]:
    """The phrase indexes of every shipped default rule: the consistency kind's shared pass and exceptions, the
    term kind's terms and exceptions, the capitalisation kind's words."""
    linter = Linter(Settings())
    found: dict[int, phrases.PhraseIndex] = {}
    for checker in linter.checkers:
        values = list(vars(checker).values())
        shared = getattr(checker, "_shared", None)
        if shared is not None:
            values.append(shared.index)
        for value in values:
            if isinstance(value, phrases.PhraseMatcher):
                value = value._index
            if isinstance(value, phrases.PhraseIndex) and not value.empty:
                found[id(value)] = value
    assert len(found) >= 4
    return list(found.values())


# the characters a phrase boundary turns on: word characters Python's isalnum reads differently from Rust's (², ٣,
# 三, Ⅻ, ǅ, a combining accent), "#" and "@" before a phrase, "_", white space a phrase's space matches, and letters
# whose lowercase differs in length (İ) or that fold (ẞ)
CHARACTERS = list("abcUS. -'’_#@²٣三Ⅻǅ\u0301é\n\t\u00a0\u2003İẞß😀")
PHRASES = st.lists(st.text(st.sampled_from(list("abcus.-'’é ß😀三")), min_size=1, max_size=5)
                   .filter(lambda p: p.strip()), min_size=1, max_size=8)


@needs_native
@settings(max_examples=300, deadline=None)
@given(st.lists(PHRASES, min_size=1, max_size=3), st.text(st.sampled_from(CHARACTERS), max_size=80))
def test_generated_phrases_and_text_give_the_same_hits(tables: list[list[str]], text: str) -> None:
    index = phrases.PhraseIndex([{p: (number, p) for p in table} for number, table in enumerate(tables)])
    if index.empty:
        return
    same_hits(index, text)


@needs_native
@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_text_gives_the_same_hits(text: str) -> None:
    index = phrases.PhraseIndex([{"us": 1, "u.s.": 2, "the": 3}, {"a b": 4, "b": 5}])
    same_hits(index, text + " the us a b")


@needs_native
def test_edge_cases_give_the_same_hits() -> None:
    index = phrases.PhraseIndex([{"us": 1, "u.s.": 2, "u.s. steel": 3}, {"s": 4, "s. steel": 5}])
    for text in ["", "us", "US", "#us", "@us", "_us", "us_", "²us", "us٣", "U.S.\nSteel", "U.S.\u2003steel",
                 "İus", "the u.s. steel us", "u.s.u.s.", "ǅus", "us\u0301"]:
        same_hits(index, text)
    assert index.find("The U.S. Steel and US", None)[0] == [phrases.Hit(4, 14, 3), phrases.Hit(19, 21, 1)]


@needs_native
def test_a_trie_too_large_for_two_byte_nodes_gives_the_same_hits() -> None:
    """Phrases of more than 65,535 characters in all take the trie with four-byte node numbers."""
    stems = [f"{a}{b}{c}{d}" for a in "abcdefgh" for b in "abcdefgh" for c in "abcdefgh" for d in "abcdefgh"]
    words = [f"{s} x{s} y{s}" for s in stems]
    index = phrases.PhraseIndex([{w: w for w in words[::2]}, {w: w.upper() for w in words[1::2]}])
    assert sum(map(len, index._merged)) > 65_535
    text = " ".join(f"{w}, {w[:10]} {w[-5:]}" for w in words[::7]) + " abcd xabcd hgfe yhgfe"
    assert same_hits(index, text) > 500


@needs_native
def test_phrases_the_compiled_pass_cannot_take_keep_to_pyahocorasick() -> None:
    """More than 255 kinds of character in the phrases (a byte each), or a lone surrogate: the pure-Python pass
    runs, with the same results as always."""
    many = phrases.PhraseIndex([{chr(0x4E00 + i): i for i in range(300)}])
    assert many._compiled is None
    assert many.find("一 丁") == [[phrases.Hit(0, 1, 0), phrases.Hit(2, 3, 1)]]
    lone = phrases.PhraseIndex([{"a\udc80": 1, "b": 2}])
    assert lone._compiled is None
    assert lone.find("a\udc80 b") == [[phrases.Hit(0, 2, 1), phrases.Hit(3, 4, 2)]]


@needs_native
def test_the_compiled_automaton_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="empty"):
        _native.PhraseAutomaton(["a", ""], [0, 0], [1, 2], 1)
    with pytest.raises(ValueError, match="twice"):
        _native.PhraseAutomaton(["ab", "ab"], [0, 0], [1, 2], 1)
    with pytest.raises(ValueError, match="below count"):
        _native.PhraseAutomaton(["a"], [1], [1], 1)
    with pytest.raises(ValueError, match="do not fit"):
        _native.PhraseAutomaton(["a", "b"], [0, 0], [2, 1], 1)
    with pytest.raises(ValueError, match="do not fit"):
        _native.PhraseAutomaton(["a"], [0, 0], [1], 1)
    automaton = _native.PhraseAutomaton(["a"], [0], [1], 1)
    with pytest.raises(ValueError, match="length"):
        automaton.find("a b", "a")


def test_the_pure_python_path_is_used_without_the_compiled_module(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tokens, "choice", lambda: tokens.Choice(None, tokens.NOT_BUILT))
    index = phrases.PhraseIndex([{"U.S.": 1}])
    assert index._compiled is None
    assert index.find("in the U.S. today") == [[phrases.Hit(7, 11, 1)]]
    assert index.find_spans("in the U.S. today") == [[(7, 11, 1)]]


@needs_native
def test_the_seeds_give_the_same_hits() -> None:
    indexes = _shipped_indexes()
    found = 0
    for path in SEEDS:
        prose = Document.from_text(path.read_text(encoding="utf-8"), str(path)).prose
        found += sum(same_hits(index, prose) for index in indexes)
    assert found > 20


@needs_native
@needs_eval
@pytest.mark.parametrize("name", EVAL_FILES)
def test_every_text_of_the_eval_data_gives_the_same_hits(name: str) -> None:
    text = "\n\n".join(_eval_strings(name))
    assert sum(same_hits(index, text) for index in _shipped_indexes()) > 0
