"""A translation checked against its source (issue 19): check_text/fix_text take ``source`` and ``source_language``.

A small bilingual kind, registered for these tests only, flags a sentence of the target that lacks a digit run of
the source: it shows what the engine gives a bilingual kind (the source as a second document, its language) and
that such rules run only with a source whose language is known, while every other rule runs as always.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from pathlib import Path

import pytest

import linter
from linter.core.config import Settings
from linter.core.engine import UNDETECTED_SOURCE, Linter
from linter.kinds import KINDS, Finding, Kind, Scope
from linter.kinds.base import Option
from linter.model.rules import Rule
from linter.text.document import Document
from tests.rule_cases import check_fail, check_pass


class DigitsChecker:
    """Each digit run of the source that no sentence of the target holds: one finding on the target's first
    sentence, naming the run and the source's language."""

    def __init__(self, rule: Rule):
        self.rules = (rule,)
        self.rule = rule

    def check(self, doc: Document) -> Iterable[Finding]:
        import re

        assert doc.source is not None and doc.source_language is not None  # the engine runs it only so
        target = set(re.findall(r"\d+", doc.prose))
        start, end = doc.sentences[0] if doc.sentences else (0, len(doc.text))
        for number in re.findall(r"\d+", doc.source.prose):
            if number not in target:
                yield Finding(self.rule, start, end, values={"number": number, "language": doc.source_language})


DIGITS_KIND = Kind(name="test-digits", summary="digits of the source missing from the target", options={
    "unused": Option(bool, "nothing", default=False)}, compile=lambda rules: [DigitsChecker(r) for r in rules],
    placeholders=("match", "replacement", "number", "language"), scope=lambda rule: Scope.DOCUMENT, bilingual=True)

PACK = """\
pack: test-bilingual
rules:
  - code: CD2099
    name: test-digits
    kind: test-digits
    message: "the source's {number} ({language}) is missing"
    description: A number of the source is missing.
    examples:
      fail:
        - id: missing
          text: "[[Prices rose by 5%.]]"
          source: "物价上涨了15%。"
          source-language: zh
        - id: detected
          text: "[[Prices rose by 5%.]]"
          source: "Цены выросли на 15%."
      pass:
        - id: kept
          text: "Prices rose by 15%."
          source: "物价上涨了15%。"
          source-language: zh
        - "Prices rose by 5%."
"""
TEXT = "The embassy in Kiev closed on Monday. It reopens in 2025."
SOURCE = "Посольство в Киеве закрылось в понедельник. Оно откроется в 2026 году."


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setitem(KINDS, DIGITS_KIND.name, DIGITS_KIND)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    pack = tmp_path / "bilingual.yaml"
    pack.write_text(PACK, encoding="utf-8")
    # the shipped bilingual pack left out: the test kind's rule is the only one that reads the source
    return Settings(extend_packs=(str(pack),), ignore=("bilingual",), root=str(tmp_path))


def codes(diagnostics: list[linter.Diagnostic], text: str) -> list[tuple[str, str]]:
    return [(d.code, text[d.start:d.end]) for d in diagnostics]


def test_without_a_source_the_bilingual_rules_do_not_run_and_the_others_run_as_always(settings: Settings) -> None:
    assert codes(linter.check_text(TEXT, config=settings), TEXT) == [("CD101", "Kiev")]


def test_with_a_source_the_bilingual_rules_run_with_offsets_in_the_target(settings: Settings) -> None:
    found = linter.check_text(TEXT, source=SOURCE, source_language="ru", config=settings)
    assert codes(found, TEXT) == [("CD2099", "The embassy in Kiev closed on Monday."), ("CD101", "Kiev")]
    assert found[0].message == "the source's 2026 (ru) is missing"
    assert linter.check_text(TEXT.replace("2025", "2026"), source=SOURCE, config=settings)[0].code == "CD101"


def test_the_source_language_is_detected_when_not_given(settings: Settings) -> None:
    for source, language in ((SOURCE, "ru"), ("Посольство в Києві закрилося в понеділок. Воно відкриється 2026 "
                                              "року.", "uk"), ("大使馆周一关闭，2026年重新开放。", "zh")):
        found = linter.check_text(TEXT, source=source, config=settings)
        assert found[0].message == f"the source's 2026 ({language}) is missing"
    doc = Document.from_text(TEXT, source=SOURCE)
    assert doc.source_language == "ru" and doc.source is not None and doc.bilingual
    assert [doc.source.text[s:e] for s, e in doc.source.sentences] == [
        "Посольство в Киеве закрылось в понедельник.", "Оно откроется в 2026 году."]


def test_an_unknown_source_language_is_a_clear_error(settings: Settings) -> None:
    for call in (linter.check_text, linter.fix_text):
        for code in ("zz", "chinese", "", "zh-CN"):
            with pytest.raises(linter.UnknownLanguage, match=f"unknown source language {code!r}: give a two-letter"):
                call(TEXT, source=SOURCE, source_language=code, config=settings)
    assert Document.from_text(TEXT, source=SOURCE, source_language=" UK ").source_language == "uk"


def test_an_undetectable_source_warns_and_skips_the_bilingual_rules_only(settings: Settings) -> None:
    with pytest.warns(linter.BilingualWarning, match="could not be detected"):
        found = linter.check_text(TEXT, source="2026 — 1", config=settings)
    assert codes(found, TEXT) == [("CD101", "Kiev")]
    result = Linter(settings).check_text(TEXT, source="2026", format="text")
    assert result.notices == [UNDETECTED_SOURCE] and [d.code for d in result.diagnostics] == ["CD101"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a known language, or no source: no warning
        linter.check_text(TEXT, source="2026", source_language="ru", config=settings)
        linter.check_text(TEXT, config=settings)
    with pytest.warns(linter.BilingualWarning):
        assert linter.fix_text(TEXT, source="2026", config=settings).text == TEXT.replace("Kiev", "Kyiv")


def test_fix_text_takes_the_source_and_fixes_the_target_only(settings: Settings) -> None:
    result = linter.fix_text(TEXT, source=SOURCE, source_language="ru", config=settings)
    assert result.text == TEXT.replace("Kiev", "Kyiv")
    assert [d.code for d in result.remaining] == ["CD2099"]


def test_named_cases_with_a_source_run_against_it(settings: Settings) -> None:
    rule = next(r for r in Linter(settings).all_rules if r.code == "CD2099")
    cases = {c.id or c.name: c for c in rule.examples.cases}
    check_fail(rule, cases["missing"])
    check_fail(rule, cases["detected"])
    check_pass(rule, cases["kept"])
    check_pass(rule, cases["pass-1"])  # no source: the rule does not run
    with pytest.raises(AssertionError, match="flagged a pass example"):
        check_pass(rule, cases["missing"])
