"""Rule documentation from rule metadata: `copydesk explain` and docs/rules.md share it."""

from __future__ import annotations

from linter.diagnostics import Applicability
from linter.kinds import KINDS
from linter.rules import Examples, Rule

_FIX_SAFETY = {
    None: "No automatic fix: the right correction depends on what the source meant.",
    Applicability.SAFE: "Safe: `copydesk fix` applies it, and so does the pre-commit fix hook.",
    Applicability.UNSAFE: "Unsafe: applied only with `copydesk fix --unsafe-fixes`; check the result.",
    Applicability.DISPLAY_ONLY: "Display-only: shown as a suggestion, never applied automatically.",
}


def explain(rule: Rule) -> str:
    """A rule's page: what it flags, why it matters, example, use instead, fix safety."""
    lines = [f"{rule.code} {rule.name} ({rule.pack} pack, {rule.kind} kind, {rule.severity.value})", ""]
    lines += ["What it flags", f"  {KINDS[rule.kind].summary}", ""]
    lines += ["Why it matters in translated news"]
    lines += [f"  {line}" for line in rule.description.splitlines()] + [""]
    lines += ["Example"]
    for text in rule.examples.fail:
        plain, _ = Examples.unmark(text)
        lines.append(f"  ✗ {plain}")
    lines += ["", "Use instead"]
    for text in rule.examples.fixed or rule.examples.passing:
        lines.append(f"  ✓ {text}")
    lines += ["", "Fix safety", f"  {_FIX_SAFETY[rule.fix]}"]
    if not rule.enabled:
        lines += ["", f"Opt-in: enable it with --extend-select {rule.code} (or the pack name)."]
    return "\n".join(lines) + "\n"
