"""Every rule's examples are its tests: fail is flagged where marked, pass is not, fixed is what fix gives.

One test per case, named after it: ``CD101-fail-kiev-embassy`` for a case with an id, ``CD101-fail-0`` for
a plain string (tests/rule_cases.py runs a case with its own options and format).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from linter.core.packs import builtin_paths, load_packs, parse_pack
from linter.kinds.languagetool import ENV_URL
from linter.model.rules import FAIL, PASS, Case, Rule
from tests.rule_cases import case_id, check_fail, check_fixed, check_pass, check_use_instead

ALL_RULES: list[Rule] = [r for pack in load_packs(builtin_paths()) for r in pack.rules]
CASES = [(rule, case) for rule in ALL_RULES for case in rule.examples.cases]
FAILS = [(rule, case) for rule, case in CASES if case.expect == FAIL]
PASSES = [(rule, case) for rule, case in CASES if case.expect == PASS]
FIXES = [(rule, case) for rule, case in FAILS if case.fixed is not None]
USE_INSTEAD = [rule for rule in ALL_RULES if rule.use_instead]


def ids(cases: list[tuple[Rule, Case]]) -> list[str]:
    return [case_id(rule, case) for rule, case in cases]


@pytest.fixture(autouse=True)
def _backend_stub(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rules of a backend kind run their examples against the protocol stub (tests/languagetool_stub.py)."""
    rule = getattr(getattr(request.node, "callspec", None), "params", {}).get("rule")
    if rule is not None and rule.kind == "languagetool":
        monkeypatch.setenv(ENV_URL, request.getfixturevalue("languagetool_stub").url)


def test_there_are_rules_and_each_has_fail_and_pass_cases():
    assert len(ALL_RULES) >= 10
    for rule in ALL_RULES:
        assert rule.examples.failing and rule.examples.passing_cases, rule.code
    assert len(set(ids(CASES))) == len(CASES)  # every test has its own name


@pytest.mark.parametrize(("rule", "case"), FAILS, ids=ids(FAILS))
def test_fail_examples_are_flagged_at_the_marked_span(rule: Rule, case: Case):
    check_fail(rule, case)


@pytest.mark.parametrize(("rule", "case"), PASSES, ids=ids(PASSES))
def test_pass_examples_are_not_flagged(rule: Rule, case: Case):
    check_pass(rule, case)


@pytest.mark.parametrize(("rule", "case"), FIXES, ids=ids(FIXES))
def test_fixed_examples_are_what_fix_produces_and_lint_clean(rule: Rule, case: Case):
    check_fixed(rule, case)


@pytest.mark.parametrize("rule", USE_INSTEAD, ids=[f"{rule.code}-use-instead" for rule in USE_INSTEAD])
def test_use_instead_texts_are_not_flagged(rule: Rule):
    """The right copy a rule's documentation shows (its `use-instead`) runs as a pass example."""
    check_use_instead(rule, rule.use_instead_case)


# A user's pack whose cases set options and a format (its comments say what each case is for).
NAMED = (Path(__file__).parent / "packs" / "house-style.yaml").read_text(encoding="utf-8")


def named_rule(source: str = NAMED) -> Rule:
    return parse_pack(source, "house.yaml").rules[0]


def test_named_cases_with_options_and_a_format_run_as_their_own_tests():
    rule = named_rule()
    cases = {case.name: case for case in rule.examples.cases}
    assert list(cases) == ["fail-0", "fail-markdown-link", "fail-in-quotes", "pass-0", "pass-code-span",
                           "pass-from-ukrainian"]
    assert cases["fail-in-quotes"].options == {"quoted": "fix"} and cases["fail-markdown-link"].format == "markdown"
    assert rule.options["quoted"] == "skip"  # a case's options are its own
    assert [case_id(rule, c) for c in cases.values()][1] == "HS101-fail-markdown-link"
    for case in rule.examples.cases:
        (check_fail if case.expect == FAIL else check_pass)(rule, case)
        if case.fixed is not None:
            check_fixed(rule, case)


# (what the pack said, what it says instead, the check, the case, what the failure says)
WRONG = {
    # the Markdown case read as plain text: its code span is prose, and fixed too (a web address is never prose)
    "format-dropped": ("          format: markdown\n          text: \"A [[gray]] day: see",
                       "          text: \"A [[gray]] day: see", check_fixed, "fail-markdown-link",
                       re.escape("gave 'A grey day: see [the grey file](https://example.com/gray) and `grey`.'")),
    "fixed-wrong": ("fixed: \"A grey day: see [the grey file](https://example.com/gray)",
                    "fixed: \"A grey day: see [the grey file](https://example.com/grey)",
                    check_fixed, "fail-markdown-link", re.escape("fixing 'A gray day: see [the gray file]")),
    # without its options the quoted term is skipped: the fail case is not flagged
    "options-dropped": ("          options: {quoted: fix}\n", "", check_fail, "fail-in-quotes", "did not flag"),
    "span-wrong": ("'He said: \"a [[gray]] day\".'", "'He [[said]]: \"a gray day\".'", check_fail,
                   "fail-in-quotes", r"flagged \[\(12, 16\)\] .* expected \(3, 7\)"),
    # a pass case given the fail case's options, or read as plain text, is flagged
    "pass-with-options": ("        - 'He said: \"a gray day\".'",
                          "        - id: quoted\n          options: {quoted: fix}\n"
                          "          text: 'He said: \"a gray day\".'",
                          check_pass, "pass-quoted", "flagged a pass example"),
    "pass-as-text": ("          format: markdown\n          text: \"Set", "          text: \"Set", check_pass,
                     "pass-code-span", "flagged a pass example"),
}


@pytest.mark.parametrize("wrong", list(WRONG))
def test_a_named_case_whose_expectation_is_wrong_fails(wrong: str):
    old, new, check, name, says = WRONG[wrong]
    assert NAMED.count(old) == 1
    rule = named_rule(NAMED.replace(old, new))
    case = next(c for c in rule.examples.cases if c.name == name)
    with pytest.raises(AssertionError, match=says):
        check(rule, case)


def test_a_case_with_a_source_is_kept_and_checked_as_a_translation_of_it():
    """A source does not change what a monolingual rule finds: the pass case with a source passes, and the same
    case made to fail is flagged (a source given to check_text, tests/test_bilingual_api.py)."""
    rule = named_rule()
    case = next(c for c in rule.examples.cases if c.id == "from-ukrainian")
    assert (case.source, case.source_language) == ("Сірий день.", "uk")
    check_pass(rule, case)
    grey = '          text: "A grey day."\n          source: "Сірий день."'
    assert NAMED.count(grey) == 1
    rule = named_rule(NAMED.replace(grey, grey.replace("grey", "gray")))
    with pytest.raises(AssertionError, match="flagged a pass example"):
        check_pass(rule, next(c for c in rule.examples.cases if c.id == "from-ukrainian"))
