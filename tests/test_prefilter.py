"""The required-strings analysis (linter/kinds/prefilter.py) is sound: a text without any of a regex's
required strings has no match. A rule skips every text that lacks them, so an unsound answer would
silently drop findings: these tests try the analysis on generated regexes and on every shipped rule."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter import linter_for
from linter.core.config import Settings
from linter.kinds.base import flags_from
from linter.kinds.prefilter import required_literals, required_strings, searched


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


@pytest.mark.parametrize(("pattern", "text"), [
    (r"[\p{L}\p{N}]x", "ax"),            # regex-only syntax inside a class is no literal full stop
    (r"[\p{Lu}.]-[\p{Ll}]", "A-b"),
    (r"(?m)^[ \t]*(?:Getty|AFP)\b", "Photo\nAFP"),  # a line start: the line break before it, or the text's start
    (r"(?m)^[ \t]*(?:Getty|AFP)\b", "AFP"),
    (r"[ \t]+(?:\r|\n|\Z)", "end \t"),         # a text end: the line break after it
    (r"x$", "ax\n"),                          # $ before a final line break
    (r"per(?:cent| cent)", "per cent"),       # parts of strings are not made minimal ("cent" in " cent")
])
def test_a_matching_text_holds_one_of_the_required_strings(pattern: str, text: str):
    assert regex.search(pattern, text)
    strings = required_strings(pattern)
    assert strings is None or any(s in searched(text.lower()) for s in strings), strings


# Regexes over a small alphabet, built from the constructs the analysis spells out (literals, classes,
# repeats, groups, alternations, lookarounds) and those it must give up on (any-char, classes of spaces and
# word characters). Each generated regex carries a way to build text that matches it. Hypothesis's own
# from_regex is not used: its padding step searches with the standard library's `re`, which has no time
# bound, and a generated regex with nested repeats can backtrack for hours (it hung CI).
_ALPHABET = "ab ,.;\u00a0\nA"
_ATOM_CHARS = {  # atom -> the characters of _ALPHABET it matches
    "a": "a", "b": "b", " ": " ", ",": ",", ".": "ab ,.;\u00a0A", "\u00a0": "\u00a0",
    "[ab]": "ab", "[ ,]": " ,", "[.,;]": ".,;", "[^a]": "b ,.;\u00a0\nA", r"\s": " \u00a0\n", r"\w": "abA",
}
_REPEATS = {"": (1, 1), "?": (0, 1), "*": (0, 3), "+": (1, 3), "{2}": (2, 2), "{2,}": (2, 4), "{1,3}": (1, 3),
            "+?": (1, 3), "{0,2}": (0, 2)}
_QUANTIFIERS = st.sampled_from(["", "", *_REPEATS])


@dataclass(frozen=True)
class _Regex:
    """A generated regex: its pattern, and how to draw a text it matches (lookarounds are left to chance)."""

    pattern: str
    parts: tuple[_Regex, ...] = ()
    chars: str = ""         # an atom: the characters it matches
    quantifier: str = ""
    how: str = "sequence"   # atom, sequence, group, either, look

    def sample(self, draw: st.DrawFn) -> str:
        if self.how == "either":
            return draw(st.sampled_from(self.parts)).sample(draw)
        if self.how == "look":
            return ""
        low, high = _REPEATS[self.quantifier]
        pieces = []
        for _ in range(draw(st.integers(low, high))):
            if self.how == "atom":
                pieces.append(draw(st.sampled_from(self.chars)))
            else:
                pieces += [part.sample(draw) for part in self.parts]
        return "".join(pieces)


def _atom(atom: str, quantifier: str) -> _Regex:
    if atom in _ANCHORS:
        return _Regex(atom, how="look")  # zero-width: left to chance, as lookarounds are
    return _Regex(atom + quantifier, chars=_ATOM_CHARS[atom], quantifier=quantifier, how="atom")


# line and text edges (prefilter.py spells them as the line break ``searched`` puts at either end)
_ANCHORS = ("^", "$", r"\A", r"\Z", r"\b")


def _regexes() -> st.SearchStrategy[_Regex]:
    atom = st.builds(_atom, st.sampled_from(sorted(_ATOM_CHARS) * 4 + list(_ANCHORS)), _QUANTIFIERS)  # anchors: 1 in 10
    atoms = st.lists(atom, min_size=1, max_size=5).map(lambda xs: _Regex("".join(x.pattern for x in xs), tuple(xs)))
    return st.recursive(
        atoms,
        lambda inner: st.one_of(
            st.builds(lambda x, q: _Regex(f"(?:{x.pattern}){q}", (x,), quantifier=q, how="group"), inner, _QUANTIFIERS),
            st.builds(lambda x, q: _Regex(f"({x.pattern}){q}", (x,), quantifier=q, how="group"), inner, _QUANTIFIERS),
            *(st.builds(lambda x, look=look: _Regex(f"({look}{x.pattern})", (x,), how="look"), inner)
              for look in ("?=", "?!", "?<=")),
            st.builds(lambda x, y: _Regex(f"{x.pattern}|{y.pattern}", (x, y), how="either"), inner, inner),
            st.lists(inner, min_size=2, max_size=3).map(
                lambda xs: _Regex("".join(x.pattern for x in xs), tuple(xs))),
        ),
        max_leaves=8,
    )


@st.composite
def _texts(draw: st.DrawFn, generated: _Regex) -> str:
    """Mostly text built to match the regex, with random text either side; sometimes random text alone."""
    padding = st.text(alphabet=_ALPHABET, max_size=6)
    if draw(st.integers(0, 3)) == 0:
        return draw(st.text(alphabet=_ALPHABET, max_size=24))
    return draw(padding) + generated.sample(draw) + draw(padding)


def test_the_generated_texts_match_the_generated_regexes():
    """The property below is not vacuous: most texts built for a regex match it."""
    matched = tried = 0

    # lookarounds and anchors are left to chance: regexes with them are not drawn here (a filter, not an early
    # return, so that how many are tried does not turn on the seed: an early return let 46 of 300 through on one)
    plain = _regexes().filter(lambda g: not regex.search(r"\(\?<?[=!]|(?<!\[)\^|\$|\\[AZb]", g.pattern))

    @settings(max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(plain, st.data())
    def count(generated: _Regex, data: st.DataObject) -> None:
        nonlocal matched, tried
        text = generated.sample(data.draw)
        try:
            found = regex.search(generated.pattern, text, timeout=1)
        except TimeoutError:
            return  # a regex that backtracks past the bound on a loaded machine: not counted either way
        tried += 1
        matched += found is not None

    count()
    assert tried > 50 and matched == tried


@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")  # long reprs of nested strategies
@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(_regexes(), st.data())
def test_a_text_without_the_required_strings_has_no_match(generated: _Regex, data: st.DataObject):
    pattern = generated.pattern
    flags = data.draw(st.sampled_from([0, regex.M]))  # ^ and $ at every line, or at the text's ends
    try:
        compiled = regex.compile(pattern, flags)
    except regex.error:
        return
    text = data.draw(_texts(generated))
    strings = required_strings(pattern, flags)
    try:
        found = compiled.search(text, timeout=1)
    except TimeoutError:
        return  # a regex that backtracks too long says nothing about the analysis
    if strings is not None and found is not None:
        assert any(s in searched(text.lower()) for s in strings), (pattern, text, strings)


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
    lowered = searched(text.lower())
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
