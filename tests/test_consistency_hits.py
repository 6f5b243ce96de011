"""The consistency kind's faster ways of finding hits give what the plain ways give (issue 20, bench/PERF.md
"Issue 20: consistency hits"): a rule with its own 'before'/'after' regexes tries its pattern only where a
variant begins (``_Group.matches``: the same matches as ``finditer``), and skips the groups that cannot have two
spellings in the text (``ConsistencyChecker._live``: the same findings as scanning every group)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.core.config import Settings
from linter.core.engine import Linter
from linter.kinds import consistency
from linter.kinds.consistency import ConsistencyChecker, _Group, _zero_width
from linter.text.document import Document
from tests.test_native import EVAL_FILES, _eval_strings, needs_eval

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted(p for p in (ROOT / "seeds").iterdir() if p.is_file())


def _shipped() -> list[ConsistencyChecker]:
    """Every shipped consistency rule with its own 'before'/'after' regexes (CD507-CD510, CD604)."""
    checkers = [c for c in Linter(Settings()).checkers if isinstance(c, ConsistencyChecker) and c.table is None]
    assert {c.rule.code for c in checkers} >= {"CD507", "CD508", "CD509", "CD510", "CD604"}
    return checkers


SHIPPED = _shipped()

# custom groups: overlapping variants, a lookahead before the word, a consuming context after it, inflections
CUSTOM = [
    _Group(["...", ".."], True, False, "(?<!\\.)", None),
    _Group(["ab", "b", "abab"], True, False, "(?<=[a-c ])", "(?=[ab ]|$)"),
    _Group(["ab", "b"], True, True, "(?=[ab])", "[ ]"),
    _Group(["—", "–", "-"], False, False, None, "(?= )"),
    _Group(["am", "AM"], True, False, "(?<=\\d[ ]?)", "(?![\\p{L}])"),
]
ALPHABET = st.sampled_from([*"ab .-–—…'\"“”‘’5\n", "am", "AM", "a.m.", "pm", "...", "Kyiv's", " 9 "])
TEXTS = st.lists(ALPHABET, max_size=60).map("".join)


def _same_matches(group: _Group, text: str) -> None:
    assert [m.span() for m in group.matches(text, None)] == [m.span() for m in group.pattern.finditer(text)]


def _every_group() -> list[_Group]:
    return [g for c in SHIPPED for g in c.groups] + CUSTOM


def test_the_shipped_contexts_and_the_custom_ones_start_at_their_word() -> None:
    """Every shipped rule's context before its variants is a lookaround, so the candidates path is the one they
    take; a case-insensitive group with cased variants is scanned as before."""
    assert all(g.starts is not None for c in SHIPPED for g in c.groups)
    assert all(g.starts is not None for g in CUSTOM)
    assert _Group(["us", "U.S."], False, False, "(?<= )", None).starts is None  # ignores case
    assert _Group(["air strikes", "airstrikes"], True, False, "(?<= )", None).starts is None  # \s+ in a variant


@pytest.mark.parametrize(("context", "zero_width"), [
    ("(?<![^\\s(\\[{—–-])", True), ("(?<=[\\p{L}\\p{N}.,!?…)\\]%])", True), ("(?<=\\d[ \\u00a0]?)", True),
    ("(?=[)])", True), ("(?![]a])", True), ("(?<=[^]])", True), ("(?<=\\))", True),
    ("\\s", False), ("(?<=a)b", False), ("(?<=a)|(?=b)", False), ("(?<=a)(?=b)", False), ("(?:a)", False),
    ("(?<=[)])x", False), ("(?<=a", False), ("(?<=[[:alpha:]])", False), ("(?<=\\()x", False),
])
def test_a_context_is_zero_width_only_when_it_is_one_lookaround(context: str, zero_width: bool) -> None:
    assert _zero_width(context) is zero_width


@pytest.mark.parametrize("context", ["(?=\\G)", "(?<=a\\K)", "(?r)(?<=a)", "(?x)(?<=a)", "(?<=a(?#x))"])
def test_a_context_that_moves_a_match_or_its_scan_is_scanned_whole(context: str) -> None:
    assert _Group(["b", "c"], True, False, context, None).starts is None


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_generated_text_gives_the_same_matches(text: str) -> None:
    for group in _every_group():
        _same_matches(group, text)


def test_the_seeds_give_the_same_matches() -> None:
    for path in SEEDS:
        text = Document.from_text(path.read_text(encoding="utf-8"), str(path)).prose
        for group in _every_group():
            _same_matches(group, text)


@needs_eval
@pytest.mark.parametrize("name", EVAL_FILES)
def test_every_text_of_the_eval_data_gives_the_same_matches(name: str) -> None:
    text = "\n\n".join(_eval_strings(name))
    for group in _every_group():
        _same_matches(group, text)


def _reference(checker: ConsistencyChecker, doc: Document) -> list[tuple]:
    """The rule's findings with every group scanned by ``finditer`` (the kind before the gate)."""
    hits = []
    for gi, group in enumerate(checker.groups):
        for m in group.pattern.finditer(doc.prose):
            variant = group.variant_of(m.group("word"))
            if variant is not None:
                hits.append(consistency._Hit(m.start(), m.end(), m.group("word"), m.group("suffix") or "", gi,
                                             variant))
    if not hits:
        return []
    return _keys(checker._found(doc, [(0, checker._part(doc, hits))]))


def _keys(findings) -> list[tuple]:
    return [(f.start, f.end, f.suggestions, f.applicability, tuple(f.edits or ()), sorted((f.values or {}).items()))
            for f in findings]


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_generated_text_gives_the_same_findings_as_scanning_every_group(text: str) -> None:
    doc = Document.from_text(text, "article.txt")
    for checker in SHIPPED:
        assert _keys(checker.check(doc)) == _reference(checker, doc), checker.rule.code


def _doc(text: str) -> Document:
    return Document.from_text(text, "article.txt")


def test_a_family_of_marks_in_one_style_is_not_scanned(monkeypatch: pytest.MonkeyPatch) -> None:
    """An article whose marks are all curly has nothing for the quotation-mark rules to flag: no group of theirs
    is scanned; a straight mark added makes the family's groups live again."""
    curly = "“It is over,” he said. Kyiv’s mayor agreed — and left… at 9 a.m."
    by_code = {c.rule.code: c for c in SHIPPED}
    assert by_code["CD507"]._live(_doc(curly)) == frozenset()
    assert by_code["CD508"]._live(_doc(curly)) == frozenset()
    assert by_code["CD508"]._live(_doc(curly + " Russia's")) == frozenset({1})
    assert by_code["CD509"]._live(_doc(curly)) == frozenset()
    assert by_code["CD509"]._live(_doc(curly + "...")) == frozenset({0})
    assert by_code["CD604"]._live(_doc(curly)) == frozenset()
    assert by_code["CD604"]._live(_doc(curly + " 5pm")) == frozenset({0, 1})
    scanned: list[str] = []
    monkeypatch.setattr(_Group, "matches",
                        lambda self, text, budget, present=None: scanned.append(self.variants[0]) or iter(()))
    for checker in SHIPPED:
        assert list(checker.check(Document.from_text(curly, "article.txt"))) == []
    assert scanned == []  # one dash, one ellipsis, times in one style: no rule scans
    for checker in SHIPPED:
        list(checker.check(Document.from_text(curly + " Russia's 5pm - then", "article.txt")))
    assert sorted(scanned) == ["a.m.", "p.m.", "—", "‘", "’"]  # CD507 and CD508 each scan their single marks


def test_quote_pairs_and_mark_counts_are_worked_out_once_per_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rules for opening and for closing marks (CD507, CD508) both fix a quotation's two marks together: the
    paragraph's pairs are worked out once for both (``quotes.paired``), and the marks counted once per family."""
    from linter.text import quotes

    text = "“It is over,” he said. “We go home,” she said.\n\n\"No comment,\" the ministry said. Kyiv's mayor agreed."
    doc = _doc(text)
    pairs_of, counted = [], []
    pairs, style_counts = quotes.pairs, quotes.style_counts
    monkeypatch.setattr(quotes, "pairs", lambda t, span: pairs_of.append(span) or pairs(t, span))
    monkeypatch.setattr(quotes, "style_counts", lambda t, family: counted.append(family) or style_counts(t, family))
    by_code = {c.rule.code: c for c in SHIPPED}
    opening = list(by_code["CD507"].check(doc))
    closing = list(by_code["CD508"].check(doc))
    assert [f.start for f in opening] == [text.index('"No')]
    assert [f.start for f in closing] == [text.index('," the') + 1]  # Kyiv's: no curly single mark to go by
    assert opening[0].edits == (consistency.Edit(48, 49, "“"), consistency.Edit(60, 61, "”"))
    assert sorted(pairs_of) == [(48, len(text))]  # the second paragraph's, once, though both rules fixed there
    assert sorted(counted) == ['"', "'"]


def test_the_shared_phrase_pass_finds_the_exceptions_too() -> None:
    """CD601's exceptions (names that keep their own form) come from the consistency rules' one phrase pass: "US
    Open" is not counted among "U.S.", where a plain "US" is."""
    from linter import check_text

    named = "The U.S. team won. The U.S. coach said the US Open was great, and the U.S. fans agreed."
    plain = named.replace("US Open", "US team")
    assert [d.code for d in check_text(named) if d.code == "CD601"] == []
    assert [(d.code, d.message) for d in check_text(plain) if d.code == "CD601"] == [
        ("CD601", "'US' here, 'U.S.' elsewhere (3 times): use one form")]
    shared = next(c._shared for c in Linter(Settings()).checkers
                  if isinstance(c, ConsistencyChecker) and c.rule.code == "CD601")
    assert shared is not None and shared.index._tables > len(shared._number)  # the exceptions' tables are in it


def test_a_live_group_looks_only_for_the_variants_the_text_holds() -> None:
    """``_live`` has looked for every variant already: the scan of a live group searches only those it found (issue
    20, fourth step), and finds what a search for every variant finds."""
    cd604 = next(c for c in SHIPPED if c.rule.code == "CD604")
    doc = _doc("It opens at 9 a.m. and shuts at 5pm, or at 6 pm on Sundays; I am here.")
    groups, present = cd604._live_present(doc)
    assert groups == frozenset({0, 1})
    assert present == frozenset({"a.m.", "am", "pm"})
    for group in cd604.groups:
        every = [m.span() for m in group.matches(doc.prose, None)]
        assert [m.span() for m in group.matches(doc.prose, None, present)] == every
    assert [f.start for f in cd604.check(doc)] == [doc.prose.index("a.m.")]
