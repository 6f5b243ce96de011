"""The start trigger of pattern rules: a regex tried only where a match can begin (prefilter.start_strings)."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.core.config import Settings
from linter.core.engine import Linter
from linter.kinds.pattern import _SHIPPED, PatternChecker
from linter.kinds.prefilter import EDGE, repeated_ends, repeated_spans, start_strings
from linter.kinds.prefilter import tried as _tried
from linter.text.document import Document
from tests.eval_strings import eval_strings

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
SEEDS = sorted(p for p in (ROOT / "seeds").iterdir() if p.is_file())
needs_eval = pytest.mark.skipif(not EVAL.is_dir(), reason="../shared/eval is not present")


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"\b(?:may|june)\b(?=[ ]\d)", {("may ", 0), ("june ", 0)}),  # a lookahead spells on
    (r"(?<=\p{Ll}[,;] )(?:The|He)(?= \p{Ll})", {(", The ", 2), ("; The ", 2), (", He ", 2), ("; He ", 2)}),
    (r"(?<=(?<![\p{L}])\p{Ll}{2,}[ ])(?:This|That)(?=[ ]\p{Ll})", {(" This ", 1), (" That ", 1)}),
    (r"(?<=\S)([,;])\1+", {(",,", 0), (";;", 0)}),                     # a back-reference repeats the character
    (r"(?m)^[ \t]*(?:Share|Tweet)[ \t]*$", {(EDGE + " ", 1), (EDGE + "\t", 1), (EDGE + "Share", 1),
                                            (EDGE + "Tweet", 1)}),      # a line start: the line break before it
    (r"(?=[ ]['’]|['’][ ])(?:[ ]['’]|['’][ ])", {(" '", 0), (" ’", 0), ("' ", 0), ("’ ", 0)}),
    (r"Mr\.?[ ]+Smith", {("Mr ", 0), ("Mr.", 0)}),                      # an optional character ends its path
    (r"(?:has|had)[ ]+\Kwent", {("has ", 0), ("had ", 0)}),              # \K: where the attempt begins
])
def test_start_strings_of_a_pattern(pattern: str, expected: set[tuple[str, int]]):
    assert start_strings(pattern) == expected


@pytest.mark.parametrize("pattern", [
    r"(?i)\bthe\b",           # any case: not one string
    r"(?i:The)\b",
    r"has[ ]+(?:\Kwent)",     # \K inside a group: what follows it is not read
    r"has[ ]+\K",             # \K at the end: an empty match reported
    r"(?:The)?",              # may match nothing
    r"\p{Lu}\p{Ll}+",         # no literal to begin with
    r"[ab]\w+",               # one character: in too many places
    r"\d+(?:mu|jin)",
])
def test_no_start_strings(pattern: str):
    assert start_strings(pattern) is None


def _holds_start(text: str, start: int, starts: frozenset[tuple[str, int]]) -> bool:
    searched = EDGE + text
    return any(searched.startswith(string, start + 1 - before) for string, before in starts)


# generated regexes: a lookbehind, literal words, classes, optional and repeated parts, lookaheads, back-references;
# each with a text it matches (a lookaround's: none), put between random pieces
_ATOMS = {"The": "The", "He": "He", "may": "may", "[,;]": ",", "([,;])\\1": ";;", " ": " ", "[ ]": " ",
          "(?:In|On|At)": "On", "x?": "x", "[ \\t]*": "\t", "\\b": "", "-": "-", "'": "'", "(?=[ ]\\p{Ll})": "",
          "(?=The)": "", "(?!He)": "", "\\p{Ll}": "q", "\\s+": "  ", "(?:a|bc)+": "bca", "\\K": ""}
_BEHIND = {"": "", "(?<=\\p{Ll}[ ])": "w ", "(?<=[,;] )": "; ", "(?<!\\p{L})": " ", "(?<=(?<!x)\\p{Ll}{2,})": " ab",
           "(?m)^": "\n", "(?<=a|b )": "a"}


@st.composite
def _generated(draw: st.DrawFn) -> tuple[str, str]:
    behind = draw(st.sampled_from(sorted(_BEHIND)))
    atoms = draw(st.lists(st.sampled_from(sorted(_ATOMS)), min_size=1, max_size=5))
    pieces = st.lists(st.sampled_from(["The", "He", "may", "May", ",", ";", ",,", " ", "\t", "\n", "In", "On", "At",
                                       "x", "-", "'", "a", "bc", "he", "the", "word", ". "]), max_size=6).map("".join)
    text = draw(pieces) + _BEHIND[behind] + "".join(_ATOMS[atom] for atom in atoms) + draw(pieces)
    return behind + "".join(atoms), text


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_generated())
def test_every_generated_match_begins_at_a_start_string(generated: tuple[str, str]):
    pattern, text = generated
    starts = start_strings(pattern)
    if starts is None:
        return
    compiled = regex.compile(pattern)
    places = sorted({at for at in range(len(text) + 1) if _holds_start(text, at, starts)})
    for m in compiled.finditer(text):  # with \\K the reported start is later than where the match began
        assert "\\K" in pattern or _holds_start(text, m.start(), starts), (pattern, text, m, starts)
    assert [m.span() for m in _tried(compiled, text, places)] == [m.span() for m in compiled.finditer(text)]


def test_the_generated_patterns_mostly_have_start_strings():
    """The property above is not vacuous: most generated regexes get start strings, and some of them match."""
    with_starts = matched = tried = 0

    @settings(max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(_generated())
    def count(generated: tuple[str, str]) -> None:
        nonlocal with_starts, matched, tried
        tried += 1
        if start_strings(generated[0]) is not None:
            with_starts += 1
            matched += regex.search(*generated) is not None

    count()
    assert with_starts * 3 > tried and matched * 3 > with_starts


# the shipped rules that take the trigger, and the texts they are checked on
_LINTER = Linter(Settings(select=("ALL",)))
_TRIGGERED = [c for c in _LINTER.checkers if isinstance(c, PatternChecker) and (c.starts or c.repeats)]


def test_the_ungated_rules_take_the_trigger():
    codes = {c.rule.code for c in _TRIGGERED}
    assert {"CD309", "CD311", "CD412", "CD513", "CD522", "CD529", "CD1153", "CD1111", "CD312",
            "CD1205"} <= codes


def _assert_same_matches(texts: list[str]) -> int:
    """For every triggered rule, the matches tried at its start places are ``finditer``'s; the matches seen."""
    seen = 0
    for text in texts:
        doc = Document.from_text(text, "a.txt")
        for checker in _TRIGGERED:
            whole = [(m.span(), m.groups()) for m in checker.pattern.finditer(doc.prose)]
            tried = [(m.span(), m.groups()) for m in checker._matches(doc, _SHIPPED)]  # the engine's way
            assert tried == whole, (checker.rule.code, text)
            seen += len(whole)
    return seen


def _examples(checker: PatternChecker) -> list[str]:
    examples = checker.rule.examples
    return [regex.sub(r"\[\[|\]\]", "", t) for t in (*examples.fail, *examples.passing,
                                                     *(c.text for c in examples.cases))]


def test_every_example_matches_alike():
    assert _assert_same_matches([t for c in _TRIGGERED for t in _examples(c)]) >= len(_TRIGGERED)


def test_every_seed_matches_alike():
    _assert_same_matches([p.read_text(encoding="utf-8") for p in SEEDS])


_PIECES = [" ", "  ", "\n", "\n\n", ",", ";", ".", "'", "’", "-", "The", "the", "may", "In", "Share", "\t", "!", "?",
           "The plan was agreed by all of them.", "The plan was agreed by all of them.  ",
           *(t for c in _TRIGGERED for t in _examples(c))]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=8).map("".join))
def test_mixed_examples_match_alike(text: str):
    _assert_same_matches([text])


@needs_eval
def test_every_string_of_the_eval_data_matches_alike():
    texts = eval_strings(EVAL)
    assert _assert_same_matches(texts) > 50


def test_a_finding_comes_through_the_trigger():
    """The engine's findings come through the trigger (the checker's regex is tried at its start places only)."""
    linter = Linter(Settings())
    text = "He said this,, and that.\nThe plan was agreedThe next day, officials met.\n"
    found = linter.check(Document.from_text(text, "a.txt"))
    assert {"CD513", "CD309"} <= {d.code for d in found.diagnostics}
    checker = next(c for c in linter.checkers if isinstance(c, PatternChecker) and c.rule.code == "CD513")
    assert checker._start_places(Document.from_text(text, "a.txt")) == [text.index(",,")]


_CD312 = r'(?<![^\s"“‘(])(\p{Lu}[^.!?\n]{15,1000}+[.!?])(?:\s+)\1'  # CD312's regex


@pytest.mark.parametrize(("pattern", "expected"), [
    (_CD312, ("!.?", 15)),
    (r"(\p{Lu}[^.\n]{10,}\.)\s+\1", (".", 10)),
])
def test_repeated_ends_of_a_pattern(pattern: str, expected: tuple[str, int]):
    assert repeated_ends(pattern) == expected


@pytest.mark.parametrize("pattern", [
    r"(?i)(\p{Lu}[^.\n]{10,}\.)\s+\1",   # a copy in another case
    r"x(\p{Lu}[^.\n]{10,}\.)\s+\1",      # the match begins before the group
    r"(\p{Lu}[^.\n]{10,}\.)[ ,]+\1",      # not only spaces between
    r"(\p{Lu}[^.\n]{2,}\.)\s+\1",        # too few characters: neighbours end alike too often
    r"(\p{Lu}[^\n]{10,}\.)\s+\1",        # the characters before may hold the end character
    r"(\p{Lu}[^.\n]{10,}\.)\s+\1x",      # something after the copy
])
def test_no_repeated_ends(pattern: str):
    assert repeated_ends(pattern) is None


_SENTENCES = ["The minister said it was fine.", "Officials met again on Monday!", "The minister said it was fine",
              "Short one.", "U.S.", "Is it over?", "x"]


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_SENTENCES), st.sampled_from([" ", "  ", "\n", "", "\u00a0", ". "])),
                max_size=8))
def test_a_repeated_sentence_lies_in_a_repeated_span(parts: list[tuple[str, str]]):
    text = "".join(a + b for a, b in parts)
    pattern = regex.compile(_CD312)
    spans = repeated_spans(text, "!.?", 15)
    assert [m.span() for lo, hi in spans for m in pattern.finditer(text, lo, hi)] == [
        m.span() for m in pattern.finditer(text)]


def test_a_text_without_neighbours_ending_alike_has_no_span():
    text = "The minister said it was fine. Officials met again on Monday! The minister said it was fine."
    assert repeated_spans(text, "!.?", 15) == []
    twice = "Intro. The minister said it was fine. The minister said it was fine. Done."
    assert repeated_spans(twice, "!.?", 15) == [(6, twice.index(" Done"))]
