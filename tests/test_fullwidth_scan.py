"""The fullwidth kind's one scan of an article's marks (issue 20, fourth step) picks exactly the paragraphs that each
rule's own search picked: the same findings, on generated text, the seeds and every string of ../shared/eval."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.core.config import Settings
from linter.core.engine import Linter
from linter.kinds import fullwidth
from linter.text import tokens
from linter.text.document import Document
from tests.test_native import EVAL_FILES, SEEDS, _eval_strings, needs_eval

CHECKERS = [c for c in Linter(Settings(select=["ALL"])).checkers if isinstance(c, fullwidth.FullwidthChecker)]
_MARKS = {"punctuation": fullwidth._PUNCTUATION, "pairs": fullwidth._PAIR_MARKS, "titles": fullwidth._TITLE_MARKS,
          "characters": fullwidth._CHARACTERS}

ALPHABET = [*"ab Z1.\n，。：；！？（）、～", *"「」『』【】《》〈〉ＧＤＰ２０％\u3000｜・中文한", "\n\n", "５．２％",
            "3，000", "“Hi”", "\u3012", "\uff00", "\uffef"]
TEXTS = st.lists(st.sampled_from(ALPHABET), max_size=60).map("".join)


def _plainly(checker: fullwidth.FullwidthChecker, doc: Document) -> list[tuple]:
    """The rule's findings as each rule searched before: the whole text for its marks, then each paragraph."""
    text = doc.prose
    marks = _MARKS[checker.rule.options["check"]]
    if marks.search(text) is None:
        return []
    return [_key(f) for lo, hi in doc.paragraphs if marks.search(text, lo, hi) is not None
            for f in checker._find(text, lo, hi)]


def _key(finding) -> tuple:
    return (finding.rule.code, finding.start, finding.end, finding.suggestions,
            tuple((e.start, e.end, e.text) for e in finding.edits or ()))


def _same_findings(text: str) -> int:
    doc = Document.from_text(text, "article.txt")
    found = 0
    for checker in CHECKERS:
        scanned = [_key(f) for f in checker.check(doc)]
        assert scanned == _plainly(checker, doc), (checker.rule.code, text)
        found += len(scanned)
    return found


@pytest.mark.parametrize("native", [True, False])
def test_the_marks_found_are_the_regex_s_for_every_code_point(native: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """``_mark_offsets`` (the compiled scan for code points in ``_MARK_RANGES``, or its twin) finds exactly where
    ``_ANY_MARK`` matches: every code point after a non-ASCII letter, and mixed text."""
    if native and tokens.choice().module is None:
        pytest.skip("the native extension is not built")
    if not native:
        monkeypatch.setattr(tokens, "choice", lambda: tokens.Choice(None, tokens.NOT_BUILT))
    every = "é" + "".join(chr(cp) for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF)
    for text in (every, "é\u3000\u3011\u3012\u30fb\uff00\uff5c\uffef\ufff0\U00013000 ， x" * 3,
                 "“Quoted” — ・ and ÿ" * 500, "plain ASCII, no marks."):
        doc = Document.from_text(text, "article.txt")
        assert fullwidth._mark_offsets(doc) == [m.start() for m in fullwidth._ANY_MARK.finditer(doc.prose)]


def test_the_four_checks_are_the_kinds_rules() -> None:
    assert sorted(c.rule.options["check"] for c in CHECKERS) == sorted(_MARKS)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_generated_text_gives_the_same_findings(text: str) -> None:
    _same_findings(text)


@pytest.mark.parametrize("text", [
    "GDP grew ５．２％ in 2024，the bureau said。\n\nHe said「hello」and left（quietly）.\n\n《人民日报》reported it.",
    "No marks here at all.\n\nNone.",
    "Headline｜Yamagata Shimbun\n\n『a』 and 【b】 and 〈c〉",
])
def test_edge_cases_give_the_same_findings(text: str) -> None:
    assert _same_findings(text) or "，" not in text


def test_the_seeds_give_the_same_findings() -> None:
    for path in SEEDS:
        _same_findings(path.read_text(encoding="utf-8"))


@needs_eval
@pytest.mark.parametrize("name", EVAL_FILES)
def test_every_text_of_the_eval_data_gives_the_same_findings(name: str) -> None:
    texts = _eval_strings(name)
    assert texts
    for i in range(0, len(texts), 100):
        _same_findings("\n\n".join(texts[i:i + 100]))
