"""Every rule's examples are its tests: fail is flagged where marked, pass is not, fixed is what fix gives."""

from __future__ import annotations

import pytest

from linter.core.config import Settings
from linter.core.engine import Linter
from linter.core.fixer import fix_until_stable
from linter.core.packs import builtin_paths, load_packs
from linter.kinds import KINDS
from linter.kinds.languagetool import ENV_URL
from linter.model.rules import Examples, Rule
from linter.text.document import Document

ALL_RULES: list[Rule] = [r for pack in load_packs(builtin_paths()) for r in pack.rules]


def only(rule: Rule) -> Linter:
    return Linter(Settings(select=(rule.code,)))


def codes(linter: Linter, text: str) -> list[tuple[str, int, int]]:
    """(rule code, start, end); a finding with its own code (LT:EN_A_VS_AN) counts under its rule's code."""
    prefixes = {KINDS[r.kind].code_prefix: r.code for r in linter.rules if KINDS[r.kind].code_prefix}
    out = []
    for d in linter.check(Document.from_text(text)).diagnostics:
        owner = next((code for prefix, code in prefixes.items() if d.code.startswith(prefix)), d.code)
        out.append((owner, d.start, d.end))
    return out


@pytest.fixture(autouse=True)
def _backend_stub(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rules of a backend kind run their examples against the protocol stub (tests/languagetool_stub.py)."""
    rule = getattr(getattr(request.node, "callspec", None), "params", {}).get("rule")
    if rule is not None and rule.kind == "languagetool":
        monkeypatch.setenv(ENV_URL, request.getfixturevalue("languagetool_stub").url)


def test_there_are_rules():
    assert len(ALL_RULES) >= 10


@pytest.mark.parametrize("rule", ALL_RULES, ids=[r.code for r in ALL_RULES])
def test_fail_examples_are_flagged_at_the_marked_span(rule: Rule):
    linter = only(rule)
    assert rule.examples.fail, f"{rule.code} has no fail examples"
    for example in rule.examples.fail:
        text, marked = Examples.unmark(example)
        found = [(s, e) for c, s, e in codes(linter, text) if c == rule.code]
        assert found, f"{rule.code} did not flag: {text!r}"
        for span in marked:
            assert span in found, f"{rule.code} flagged {found} in {text!r}, expected {span}"


@pytest.mark.parametrize("rule", ALL_RULES, ids=[r.code for r in ALL_RULES])
def test_pass_examples_are_not_flagged(rule: Rule):
    linter = only(rule)
    assert rule.examples.passing, f"{rule.code} has no pass examples"
    for text in rule.examples.passing:
        found = [d for d in codes(linter, text) if d[0] == rule.code]
        assert not found, f"{rule.code} flagged a pass example {text!r}: {found}"


FIXABLE = [r for r in ALL_RULES if r.examples.fixed]


@pytest.mark.parametrize("rule", FIXABLE, ids=[r.code for r in FIXABLE])
def test_fixed_examples_are_what_fix_produces_and_lint_clean(rule: Rule):
    linter = only(rule)
    for example, expected in zip(rule.examples.fail, rule.examples.fixed, strict=True):
        text, _ = Examples.unmark(example)
        result = fix_until_stable(text, lambda t: linter.check(Document.from_text(t)).diagnostics, unsafe=True)
        assert result.text == expected
        assert not [c for c in codes(linter, result.text) if c[0] == rule.code], \
            f"{rule.code}: the fixed text is still flagged: {result.text!r}"
