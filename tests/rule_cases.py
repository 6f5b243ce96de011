"""Running a rule's example cases: each check raises AssertionError when the case's expectation does not hold.

A case runs with only its rule selected, with the case's ``options`` over the rule's and as the case's
``format`` (plain text or Markdown). A case with a ``source`` (a bilingual rule's) is checked as a translation of
that source, in its ``source_language`` (detected when the case gives none).
"""

from __future__ import annotations

import functools

from linter.core.config import Settings
from linter.core.engine import Linter
from linter.core.fixer import fix_until_stable
from linter.core.packs import Pack
from linter.kinds import KINDS
from linter.model.diagnostics import Diagnostic
from linter.model.rules import Case, Examples, Rule
from linter.text.document import Document


def case_id(rule: Rule, case: Case) -> str:
    """The test id of a case: ``CD101-fail-kiev-embassy`` (named) or ``CD101-pass-0`` (a plain string)."""
    return f"{rule.code}-{case.name}"


def case_linter(rule: Rule, case: Case) -> Linter:
    """A linter with only ``rule`` selected, its options overridden by the case's."""
    if case.options:
        return _linter(rule.with_options(case.options))
    return _linter(rule)


@functools.cache
def _linter(rule: Rule) -> Linter:
    pack = Pack(name=rule.pack, description="", enabled=rule.enabled, file=rule.file, rules=(rule,))
    return Linter(Settings(select=(rule.code,)), packs=[pack])


def diagnostics(linter: Linter, case: Case, text: str) -> list[Diagnostic]:
    return linter.check(Document.from_text(text, fmt=case.format, source=case.source,
                                           source_language=case.source_language)).diagnostics


def found(linter: Linter, case: Case, text: str, code: str) -> list[tuple[int, int]]:
    """The spans the rule ``code`` flags in ``text``; a finding with its own code (LT:EN_A_VS_AN) counts as
    its rule's."""
    prefixes = {KINDS[r.kind].code_prefix: r.code for r in linter.rules if KINDS[r.kind].code_prefix}
    out = []
    for d in diagnostics(linter, case, text):
        owner = next((c for prefix, c in prefixes.items() if d.code.startswith(prefix)), d.code)
        if owner == code:
            out.append((d.start, d.end))
    return out


def check_fail(rule: Rule, case: Case) -> None:
    """A fail case is flagged, at each span it marks with ``[[ ]]``."""
    linter = case_linter(rule, case)
    text, marked = Examples.unmark(case.text)
    spans = found(linter, case, text, rule.code)
    where = f"{case_id(rule, case)} ({case.format}{', options ' + repr(dict(case.options)) if case.options else ''})"
    assert spans, f"{where} did not flag: {text!r}"
    for span in marked:
        assert span in spans, f"{where} flagged {spans} in {text!r}, expected {span}"


def check_pass(rule: Rule, case: Case) -> None:
    """A pass case is not flagged."""
    linter = case_linter(rule, case)
    spans = found(linter, case, case.text, rule.code)
    assert not spans, f"{case_id(rule, case)} flagged a pass example {case.text!r}: {spans}"


def check_fixed(rule: Rule, case: Case) -> None:
    """Fixing a fail case (unsafe fixes too) gives its ``fixed`` text, which the rule no longer flags."""
    linter = case_linter(rule, case)
    text, _ = Examples.unmark(case.text)
    result = fix_until_stable(text, lambda t: diagnostics(linter, case, t), unsafe=True)
    assert result.text == case.fixed, f"{case_id(rule, case)}: fixing {text!r} gave {result.text!r}"
    assert not found(linter, case, result.text, rule.code), \
        f"{case_id(rule, case)}: the fixed text is still flagged: {result.text!r}"
