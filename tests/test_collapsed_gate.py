"""The gate of pattern rules without a required literal: strings every match holds once runs of spaces are one space."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter import linter_for
from linter.core.config import Settings
from linter.core.engine import Linter
from linter.kinds.base import flags_from
from linter.kinds.pattern import PatternChecker
from linter.kinds.prefilter import BOUNDARY, _strings, at_boundary, collapsed, collapsed_literals, required_literals
from linter.text.document import Document
from tests.eval_strings import eval_strings

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
SEEDS = sorted(p for p in (ROOT / "seeds").iterdir() if p.is_file())
needs_eval = pytest.mark.skipif(not EVAL.is_dir(), reason="../shared/eval is not present")


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"(?:is|are)[ \u00a0]+(?:is|are)\b", {"is is", "is are", "are is", "are are"}),
    (r"is[ ]+(?: are)", {"is are"}),                      # the repeat's space and the group's are one space
    (r"is\u00a0are", {"is are"}),                          # a no-break space is a space there
    (r"\b(?:is|are)[ ]+are", {BOUNDARY + "is are", BOUNDARY + "are are"}),  # where a word starts: not "this is"
    (r"\b(?=the[ ]+a )", {BOUNDARY + "the a "}),
    (r"(?P<x>he|she)[ ]+\K(?:are)|(?P<x>it)[ ]+(?:are)", {"he are", "it are"}),  # \K, a repeated group name
    (r"(?=(?:the|a)[ \u00a0]+(?:this|these)[ ])\b\w+", {"the this ", "the these ", "a this ", "a these "}),
])
def test_collapsed_strings_of_a_pattern(pattern: str, expected: set[str]):
    assert collapsed_literals(pattern) == expected


@pytest.mark.parametrize("pattern", [
    r"is[ \t]+it",    # a class of a space and a tab: "is\t it" holds no "is it"; "is" and "it" are in every text
    r"is\s+it",       # likewise any space
    r"(?:is|are) ",   # "is " is in every text
    r"(?:they|we)[ ]*was",  # "theywas": one word, which would be a required literal if worth finding
])
def test_no_collapsed_string_worth_finding(pattern: str):
    assert collapsed_literals(pattern) is None


@pytest.mark.parametrize(("pattern", "text"), [
    (r"is[ \t]+are", "it is\t are"),
    (r"is[ ]{2}are", "is  are"),
    (r"is[ \u00a0]+ are", "is \u00a0 are"),
    (r"(?i)(?:a|the) (?:a|the)", "THE A"),
])
def test_a_matching_text_holds_a_collapsed_string(pattern: str, text: str):
    assert regex.search(pattern, text)
    strings = _strings(pattern, 0, collapse=True)
    assert strings is None or _holds(text, strings), strings


def _holds(text: str, strings: frozenset[str] | None) -> bool:
    """Whether the text, as ``collapsed`` gives it, holds one of the strings (one beginning with ``BOUNDARY`` where a
    word starts or ends), as the engine's gate looks for them."""
    text = collapsed(text.lower())
    for string in strings or ():
        bare = string.lstrip(BOUNDARY)
        at = text.find(bare)
        while at >= 0:
            if bare == string or at_boundary(text, at):
                return True
            at = text.find(bare, at + 1)
    return False


@pytest.mark.parametrize(("text", "holds"), [
    ("this is are", True), ("this is", False), ("the area", False), ("(He are)", True), ("it is  \u00a0are", True),
])
def test_the_gate_reads_word_starts(text: str, holds: bool):
    assert _holds(text, frozenset({BOUNDARY + "is are", BOUNDARY + "he are", BOUNDARY + "is is"})) is holds


# generated regexes over spaces, no-break spaces and short words, with texts built to match them
_WORDS = ["is", "are", "the", "a", "he", "x"]
_BOUNDED = {r"\bis": "is", r"\bhe": "he", r"(?:\b|x)a": "a", r"a\b": "a"}  # the text matches when the \b holds
_SPACE_ATOMS = ["[ ]", "[ \\u00a0]", "\\u00a0", " ", "[ ,]", "[ \\t]"]
_REPEATS = ["", "+", "*", "?", "{2}", "{1,3}"]


@st.composite
def _generated(draw: st.DrawFn) -> tuple[str, str]:
    """A regex of words and (repeated) spaces, alternations and lookaheads, and a text that matches it."""
    pattern, text = [], []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["word", "words", "space", "look", "bounded"]))
        if kind == "bounded":
            word = draw(st.sampled_from(sorted(_BOUNDED)))
            pattern.append(word)
            text.append(_BOUNDED[word])
        elif kind == "word":
            word = draw(st.sampled_from(_WORDS))
            pattern.append(word)
            text.append(word)
        elif kind == "words":
            words = draw(st.lists(st.sampled_from(_WORDS), min_size=2, max_size=3, unique=True))
            pattern.append("(?:" + "|".join(words) + ")")
            text.append(draw(st.sampled_from(words)))
        elif kind == "look":
            word = draw(st.sampled_from(_WORDS))
            pattern.append(f"(?={word}[ ]+){word}[ ]+")
            text.append(word + " " * draw(st.integers(1, 2)))
        else:
            atom, repeat = draw(st.sampled_from(_SPACE_ATOMS)), draw(st.sampled_from(_REPEATS))
            pattern.append(atom + repeat)
            chars = {"[ ]": " ", "[ \\u00a0]": " \u00a0", "\\u00a0": "\u00a0", " ": " ", "[ ,]": " ,",
                     "[ \\t]": " \t"}[atom]
            low, high = {"": (1, 1), "+": (1, 3), "*": (0, 3), "?": (0, 1), "{2}": (2, 2), "{1,3}": (1, 3)}[repeat]
            text.append("".join(draw(st.sampled_from(chars)) for _ in range(draw(st.integers(low, high)))))
    pad = st.text(alphabet="ab \u00a0,\tIS", max_size=4)
    return "".join(pattern), draw(pad) + "".join(text) + draw(pad)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_generated())
def test_a_generated_match_holds_a_collapsed_string(generated: tuple[str, str]):
    pattern, text = generated
    strings = _strings(pattern, 0, collapse=True)
    if strings is not None and regex.search(pattern, text):
        assert _holds(text, strings), (pattern, text, strings)


def test_the_generated_texts_mostly_match():
    """The property above is not vacuous."""
    matched = tried = 0

    @settings(max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(_generated())
    def count(generated: tuple[str, str]) -> None:
        nonlocal matched, tried
        if "\\b" in generated[0]:
            return  # left to chance
        tried += 1
        matched += regex.search(*generated) is not None

    count()
    assert tried > 50 and matched == tried


def _gated_rules() -> list:
    linter = linter_for(Settings(select=("ALL",)))
    return [r for r in linter.all_rules if r.kind == "pattern"
            and required_literals(r.options["pattern"], flags_from(r.options["flags"])) is None
            and collapsed_literals(r.options["pattern"], flags_from(r.options["flags"])) is not None]


_RULES = _gated_rules()


def _examples(rule) -> list[str]:
    texts = [*rule.examples.fail, *rule.examples.passing, *(c.text for c in rule.examples.cases)]
    return [regex.sub(r"\[\[|\]\]", "", t) for t in texts]


def _assert_gate_holds(texts: list[str]) -> int:
    """Every text in which a gated rule's regex matches holds one of its collapsed strings; the matches seen."""
    seen = 0
    for rule in _RULES:
        strings = collapsed_literals(rule.options["pattern"], flags_from(rule.options["flags"]))
        pattern = regex.compile(rule.options["pattern"], flags_from(rule.options["flags"]))
        for text in texts:
            if pattern.search(text):
                seen += 1
                assert _holds(text, strings), (rule.code, text, strings)
    return seen


def test_the_grammar_pairs_are_gated():
    assert {"CD1202", "CD1203", "CD1204", "CD1206"} <= {r.code for r in _RULES}


def test_every_example_match_holds_a_collapsed_string():
    assert _assert_gate_holds([t for rule in _RULES for t in _examples(rule)]) >= len(_RULES)


def test_every_seed_match_holds_a_collapsed_string():
    _assert_gate_holds([p.read_text(encoding="utf-8") for p in SEEDS])


_PIECES = [" ", "  ", "\u00a0", "\t", "\n", ",", ".", "'", "’", "The", "IS", *(t for r in _RULES for t in _examples(r))]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=8).map("".join))
def test_every_match_in_mixed_examples_holds_a_collapsed_string(text: str):
    _assert_gate_holds([text])


@needs_eval
def test_every_match_in_the_eval_data_holds_a_collapsed_string():
    texts = eval_strings(EVAL)
    assert _assert_gate_holds(texts) > 0  # the grammar test suites hold "the a", "is are"...


def test_a_clean_text_never_runs_the_gated_rules_regexes():
    """The gate is used: on news without such a pair, the rules' regexes are not even compiled."""
    linter = Linter(Settings())
    linter.check(Document.from_text("The minister said the plans were ready. He is in Paris and they are here.\n",
                                    "a.txt"))
    gated = {c.rule.code: c for c in linter.checkers if isinstance(c, PatternChecker)
             and c.rule.code in ("CD1202", "CD1203", "CD1204", "CD1206")}
    assert len(gated) == 4
    assert not any("pattern" in vars(c) for c in gated.values())
    found = linter.check(Document.from_text("Officials said the a report is are ready.\n", "b.txt"))
    assert {"CD1202", "CD1206"} <= {d.code for d in found.diagnostics}
