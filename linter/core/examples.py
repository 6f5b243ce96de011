"""Running a rule's example cases as tests: for the test suite, `copydesk test-pack` and the check of extra packs.

A case runs with only its rule selected, with the case's ``options`` over the rule's and as the case's
``format`` (plain text or Markdown). A fail case must be flagged (at each span it marks with ``[[ ]]``), a
pass case must not be, and fixing a fail case (unsafe fixes too) must give its ``fixed`` text, which the rule
no longer flags. A rule's ``use-instead`` text (the right copy its documentation shows) runs as one more pass
case. A case with a ``source`` (a bilingual rule's) is checked as a translation of that source, in its
``source_language`` (detected when the case gives none). The cases of a backend's rules (LanguageTool) are
skipped with their reason outside the test suite, which runs them against its protocol stub.

Each check raises ``CaseFailed`` (an AssertionError) saying what happened, or ``CaseSkipped`` with why.
What a pack's examples gave is kept on disk per pack text and copydesk code (``pack_failures``), so that
checking an extra pack at every run costs reading one small file after the first.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from linter.core.config import Settings
from linter.core.engine import Linter
from linter.core.fixer import fix_until_stable
from linter.kept import store
from linter.kept.hashing import key_hash
from linter.kinds import KINDS
from linter.model.diagnostics import Diagnostic
from linter.model.rules import FAIL, Case, Examples, Pack, Rule
from linter.text.document import Document
from linter.version import VERSION

STORE = store.register(store.Store("what extra rule packs' examples gave", "packs-examples", "*.json"))
_LAYOUT = "examples-2"


class CaseFailed(AssertionError):
    """A case whose expectation does not hold; ``str()`` says what happened."""


class CaseSkipped(Exception):
    """A case that cannot run yet; ``str()`` says why."""


def case_id(rule: Rule, case: Case) -> str:
    """The test id of a case: ``CD101-fail-kiev-embassy`` (named) or ``CD101-pass-0`` (a plain string)."""
    return f"{rule.code}-{case.name}"


def case_linter(rule: Rule, case: Case) -> Linter:
    """A linter with only ``rule`` selected, its options overridden by the case's."""
    if case.options:
        return _linter(rule.with_options(case.options))
    return _linter(rule)


@functools.lru_cache(maxsize=512)
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
    how = ", ".join(([f"as {case.format}"] if case.format != "text" else [])
                    + ([f"options {dict(case.options)!r}"] if case.options else []))
    where = f"{case_id(rule, case)}{f' ({how})' if how else ''}"
    if not spans:
        raise CaseFailed(f"{where} did not flag: {text!r}")
    for span in marked:
        if span not in spans:
            raise CaseFailed(f"{where} flagged {spans} in {text!r}, expected {span}")


def check_pass(rule: Rule, case: Case) -> None:
    """A pass case is not flagged."""
    linter = case_linter(rule, case)
    spans = found(linter, case, case.text, rule.code)
    if spans:
        raise CaseFailed(f"{case_id(rule, case)} flagged a pass example {case.text!r}: {spans}")


def check_use_instead(rule: Rule, case: Case | None = None) -> None:
    """The rule's ``use-instead`` text, the right copy its documentation shows, is not flagged."""
    case = case or rule.use_instead_case
    if case is None:
        return
    spans = found(case_linter(rule, case), case, case.text, rule.code)
    if spans:
        raise CaseFailed(f"{rule.code}-use-instead: the rule flags its own use-instead text {case.text!r}: {spans}")


def check_fixed(rule: Rule, case: Case) -> None:
    """Fixing a fail case (unsafe fixes too) gives its ``fixed`` text, which the rule no longer flags."""
    linter = case_linter(rule, case)
    text, _ = Examples.unmark(case.text)
    result = fix_until_stable(text, lambda t: diagnostics(linter, case, t), unsafe=True)
    if result.text != case.fixed:
        raise CaseFailed(f"{case_id(rule, case)}: fixing {text!r} gave {result.text!r}, expected {case.fixed!r}")
    if found(linter, case, result.text, rule.code):
        raise CaseFailed(f"{case_id(rule, case)}: the fixed text is still flagged: {result.text!r}")


@dataclass(frozen=True)
class CaseResult:
    """What running one check of a case gave: ``outcome`` is ``passed``, ``failed`` or ``skipped``; ``check``
    is ``fail``, ``pass`` or ``fixed``; ``message`` says what happened (empty when it passed)."""

    rule: Rule
    case: Case
    check: str
    outcome: str
    message: str = ""

    def describe(self, file: str | None = None) -> str:
        """``house.yaml:12: HS101 fail-in-quotes failed: did not flag: 'He said: "a gray day".'`` (the pack's file
        shown as ``file`` when given)."""
        prefix = f"{self.rule.code}-use-instead" if self.check == "use-instead" else case_id(self.rule, self.case)
        message = self.message.removeprefix(prefix).lstrip(": ")
        name = "use-instead" if self.check == "use-instead" else self.case.name
        check = " (fixed)" if self.check == "fixed" else ""
        location = f"{file}:{self.rule.line}" if file else self.rule.location
        return f"{location}: {self.rule.code} {name}{check} {self.outcome}" + \
            (f": {message}" if message else "")


def run_rule(rule: Rule) -> list[CaseResult]:
    """Every check of every case of ``rule``: fail, pass, fixed where a case says what fixing gives, and the
    rule's ``use-instead`` text as a pass case."""
    checks = [(case, "fail" if case.expect == FAIL else "pass") for case in rule.examples.cases]
    checks += [(case, "fixed") for case in rule.examples.failing if case.fixed is not None]
    checks += [(case, "use-instead") for case in (rule.use_instead_case,) if case is not None]
    need = KINDS[rule.kind].examples_need
    results = []
    for case, name in checks:
        if need:
            results.append(CaseResult(rule, case, name, "skipped", f"a {rule.kind} rule's cases need {need}"))
            continue
        run = {"fail": check_fail, "pass": check_pass, "fixed": check_fixed, "use-instead": check_use_instead}[name]
        try:
            run(rule, case)
        except CaseSkipped as exc:
            results.append(CaseResult(rule, case, name, "skipped", str(exc)))
        except CaseFailed as exc:
            results.append(CaseResult(rule, case, name, "failed", str(exc)))
        except Exception as exc:  # a rule that raises on its own example: say so, do not end the run
            results.append(CaseResult(rule, case, name, "failed", f"raised {type(exc).__name__}: {exc}"))
        else:
            results.append(CaseResult(rule, case, name, "passed"))
    return results


def run_pack(pack: Pack) -> list[CaseResult]:
    """Every check of every case of the pack's rules, in the pack's order."""
    return [result for rule in pack.rules for result in run_rule(rule)]


def pack_failures(pack: Pack, source: str) -> list[CaseResult]:
    """The checks of ``pack`` (whose text is ``source``) that failed. What they were is kept on disk, keyed by the
    pack's text and copydesk's code, so a pack is run once, not at every run that loads it."""
    marker = _marker(source)
    kept = _read_marker(marker, pack)
    if kept is not None:
        return kept
    failed = [r for r in run_pack(pack) if r.outcome == "failed"]
    if marker is not None:
        record = [[r.rule.code, r.case.expect, r.case.index, r.check, r.message] for r in failed]
        STORE.write(marker, json.dumps(record, ensure_ascii=False).encode("utf-8"))
    return failed


def _read_marker(marker: Path | None, pack: Pack) -> list[CaseResult] | None:
    """The failed checks kept at ``marker`` for ``pack``; None when there is none (or it is damaged)."""
    if marker is None:
        return None
    try:
        record = json.loads(marker.read_text(encoding="utf-8"))
        rules = {rule.code: rule for rule in pack.rules}
        results = []
        for code, expect, index, check, message in record:
            rule = rules[code]
            case = rule.use_instead_case if check == "use-instead" else \
                next(c for c in rule.examples.cases if (c.expect, c.index) == (expect, index))
            if case is None:
                return None
            results.append(CaseResult(rule, case, str(check), "failed", str(message)))
        return results
    except (OSError, ValueError, KeyError, TypeError, StopIteration):
        return None


def _marker(source: str) -> Path | None:
    digest = key_hash(f"{VERSION}\0{_LAYOUT}\0{store.package_stamp()}\0".encode() + source.encode("utf-8"))
    return STORE.path(f"{digest.hexdigest()}.json")


def summary(results: Sequence[CaseResult]) -> str:
    """``12 checks: 10 passed, 1 failed, 1 skipped``."""
    counts = {outcome: sum(r.outcome == outcome for r in results) for outcome in ("passed", "failed", "skipped")}
    return f"{len(results)} check{'s' * (len(results) != 1)}: " + ", ".join(f"{n} {o}" for o, n in counts.items())
