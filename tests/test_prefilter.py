"""The required-strings analysis (linter/kinds/prefilter.py) is sound: a text without any of a regex's
required strings has no match. A rule skips every text that lacks them, so an unsound answer would
silently drop findings: these tests try the analysis on generated regexes and on every shipped rule."""

from __future__ import annotations

import re

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter import linter_for
from linter.config import Settings
from linter.kinds.base import flags_from
from linter.kinds.prefilter import required_literals, required_strings


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"(?i)\bon\s+the\s+other\s+hand,", {"other"}),
    (r"(?<=\S)[ ]{2,}(?=\S)", {"  "}),
    (r"(?=[ \u00a0]{2})\S", {"  ", " \u00a0", "\u00a0 ", "\u00a0\u00a0"}),
    (r",[.;]|;[.,]", {",.", ",;", ";.", ";,"}),
    (r"(?<=\p{L})\.\.(?![./])", {".."}),
    (r"[，。：；！？（）]", set("，。：；！？（）")),
    (r"(?i)[Oo]n the territory of", {"on the territory of"}),
    (r"x[ ]+,", {" ,"}),  # "x " is no better than " ,": both are rare, and " ," comes last
    (r"\t+(?=\S)", {"\t"}),
])
def test_required_literals_of_a_pattern(pattern: str, expected: set[str]):
    assert required_literals(pattern) == expected


@pytest.mark.parametrize("pattern", [
    r"\s+,",        # a class of spaces: no literal
    r"a|b",         # single letters are in every text
    r"\. \p{Ll}",   # ". " is in every text
    r"([,;])\1",    # a back-reference is not spelled out
    r"[ ]?--?",     # nothing is required twice
])
def test_no_literal_worth_finding(pattern: str):
    assert required_literals(pattern) is None


# regexes over a small alphabet, built from the constructs the analysis spells out (literals, classes,
# repeats, groups, alternations, lookarounds) and those it must give up on (any-char, back-references)
_ATOMS = st.sampled_from(["a", "b", " ", ",", ".", "\u00a0", "[ab]", "[ ,]", "[.,;]", "[^a]", ".", r"\s", r"\w"])
_ALPHABET = "ab ,.;\u00a0\nA"
_QUANTIFIERS = st.sampled_from(["", "", "?", "*", "+", "{2}", "{2,}", "{1,3}", "+?", "{0,2}"])


def _regexes() -> st.SearchStrategy[str]:
    atom = st.builds(lambda a, q: a + q, _ATOMS, _QUANTIFIERS)
    return st.recursive(
        st.lists(atom, min_size=1, max_size=5).map("".join),
        lambda inner: st.one_of(
            st.builds(lambda x, q: f"(?:{x}){q}", inner, _QUANTIFIERS),
            st.builds(lambda x, q: f"({x}){q}", inner, _QUANTIFIERS),
            st.builds(lambda x: f"(?={x})", inner),
            st.builds(lambda x: f"(?!{x})", inner),
            st.builds(lambda x: f"(?<={x})", inner),
            st.builds(lambda x, y: f"{x}|{y}", inner, inner),
            st.lists(inner, min_size=2, max_size=3).map("".join),
        ),
        max_leaves=8,
    )


@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")  # long reprs of nested strategies
@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(_regexes(), st.data())
def test_a_text_without_the_required_strings_has_no_match(pattern: str, data: st.DataObject):
    try:
        compiled = regex.compile(pattern)
    except regex.error:
        return
    try:
        re.compile(pattern)  # what hypothesis generates from: it cannot take a lookbehind of varying width
        matching = st.from_regex(pattern, alphabet=_ALPHABET)  # text built to match
    except re.error:
        matching = st.nothing()
    text = data.draw(st.one_of(matching, st.text(alphabet=_ALPHABET, max_size=24)))
    strings = required_strings(pattern)
    if strings is not None and compiled.search(text, timeout=1) is not None:
        assert any(s in text.lower() for s in strings), (pattern, text, strings)


def _shipped_pattern_rules() -> list:
    linter = linter_for(Settings(select=("ALL",)))
    return [r for r in linter.all_rules if r.kind == "pattern"
            and required_literals(r.options["pattern"], flags_from(r.options["flags"])) is not None]


def _pieces(rules: list) -> list[str]:
    """Text a shipped rule fires on (its fail examples) and the marks the rules need, to be mixed."""
    pieces = [" ", "  ", "\u00a0", "\t", "\n", "\n\n", ",", ".", ";", ":", "--", "'", "’", "(", ")", "A", "the"]
    for rule in rules:
        pieces += [regex.sub(r"\[\[|\]\]", "", t) for t in (*rule.examples.fail, *rule.examples.passing)]
    return pieces


_RULES = _shipped_pattern_rules()
_PIECES = _pieces(_RULES)


def test_most_shipped_pattern_rules_have_required_literals():
    assert len(_RULES) > 70  # of 106 with the opt-in packs


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12).map("".join))
def test_every_shipped_rule_with_required_literals_finds_nothing_in_a_text_without_them(text: str):
    lowered = text.lower()
    for rule in _RULES:
        literals = required_literals(rule.options["pattern"], flags_from(rule.options["flags"]))
        if not any(word in lowered for word in literals or ()):
            pattern = regex.compile(rule.options["pattern"], flags_from(rule.options["flags"]))
            assert pattern.search(text) is None, (rule.code, text, literals)


def test_the_generated_texts_match_the_shipped_rules():
    """The property above is not vacuous: the pieces make every rule match."""
    for rule in _RULES:
        pattern = regex.compile(rule.options["pattern"], flags_from(rule.options["flags"]))
        assert any(pattern.search(p) for p in _PIECES), rule.code
