"""The compiled required-word search (native/src/present.rs) and its pure-Python twin (linter/text/tokens.py
``_PythonPresentWords``, one pyahocorasick pass) find the same words at the same code-point offsets: on generated
words and text of one, two and four bytes a code point, on the seeds and on every string of ../shared/eval, with the
words of the shipped pattern rules.

Skips when the extension is not built, as tests/test_native.py does.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.core.config import Settings
from linter.core.engine import linter_for
from linter.kinds.pattern import PatternChecker
from linter.text import tokens

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
SEEDS = sorted(p for p in (ROOT / "seeds").iterdir() if p.is_file())
EVAL_FILES = sorted(p.name for p in EVAL.glob("*.jsonl")) if EVAL.is_dir() else []

try:
    from linter.text import _native  # type: ignore[attr-defined]
except ImportError:
    _native = None

needs_native = pytest.mark.skipif(
    _native is None and not os.environ.get("COPYDESK_REQUIRE_NATIVE"),
    reason="the native extension is not built (README, 'The native extension'): nothing to compare")


def same_places(words: list[str], text: str) -> None:
    compiled = _native.PresentWords(sorted(set(words) - {""})).find(text)
    python = tokens._PythonPresentWords(sorted(set(words) - {""})).find(text)
    assert compiled == python, (words, text)


_PIECES = st.sampled_from(["a", "aa", "the", " ", "  ", "é", "É", "ß", "北京", "京", "😀", "👍🏽", "\u0100", "\u6100",
                           "\u0061\u0301", "’", "'", "\n", "x"])
_WORDS = st.lists(st.lists(_PIECES, min_size=1, max_size=3).map("".join), min_size=1, max_size=8)


@needs_native
@settings(max_examples=400, deadline=None)
@given(_WORDS, st.lists(st.one_of(_PIECES, st.characters(blacklist_categories=("Cs",))), max_size=60).map("".join))
def test_generated_words_and_text_give_the_same_places(words: list[str], text: str) -> None:
    same_places(words, text)


@needs_native
@pytest.mark.parametrize(("words", "text"), [
    (["a"], "\u6100\u0100"),  # two bytes a code point: "a" (61 00) lies across two code points' bytes
    (["a"], "😀\u0061\U00016100"),  # four bytes: the same across code points
    (["aa"], "aaaa"), (["  ", " "], "   "),  # overlapping places, and a word inside another
    (["é", "北京"], "Café 北京 café"), (["😀"], "x😀😀"), ([], "text"), (["the"], ""),
])
def test_edge_cases_give_the_same_places(words: list[str], text: str) -> None:
    same_places(words, text)


def _shipped_words() -> list[str]:
    checkers = [c for c in linter_for(Settings(select=("ALL",))).checkers if isinstance(c, PatternChecker)]
    return sorted({word for c in checkers for word in c.literals or ()})


@needs_native
def test_the_seeds_give_the_same_places_of_the_shipped_rules_words() -> None:
    words = _shipped_words()
    assert len(words) > 200
    for seed in SEEDS:
        same_places(words, seed.read_text(encoding="utf-8").lower())


@needs_native
@pytest.mark.skipif(not EVAL.is_dir(), reason="../shared/eval is not present")
@pytest.mark.parametrize("name", EVAL_FILES)
def test_every_string_of_the_eval_data_gives_the_same_places(name: str) -> None:
    words = sorted(set(_shipped_words()) - {""})
    compiled, python = _native.PresentWords(words), tokens._PythonPresentWords(words)
    found = 0
    with (EVAL / name).open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            for value in json.loads(line).values():
                if isinstance(value, str):
                    for text in (value, value.lower()):
                        places = compiled.find(text)
                        assert places == python.find(text), text[:200]
                        found += bool(places)
    assert found > 0
