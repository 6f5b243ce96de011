"""Apply fixes: non-overlapping edits, repeated until the text stops changing (with a runaway cap)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from linter.diagnostics import Diagnostic, Edit

RUNAWAY_LIMIT = 10


@dataclass(frozen=True)
class FixResult:
    text: str
    applied: list[Diagnostic]
    remaining: list[Diagnostic]
    passes: int
    converged: bool

    @property
    def changed(self) -> bool:
        return bool(self.applied)


def choose(diagnostics: Sequence[Diagnostic], unsafe: bool) -> list[Diagnostic]:
    """The applicable fixes that do not overlap an earlier one (earlier start wins)."""
    chosen: list[Diagnostic] = []
    for diag in sorted(diagnostics, key=Diagnostic.sort_key):
        fix = diag.fix
        if fix is None or not fix.applies(unsafe):
            continue
        if any(fix.overlaps(other.fix) for other in chosen if other.fix):
            continue  # dropped for this pass; the diagnostic stays and may be fixed on the next
        chosen.append(diag)
    return chosen


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    parts: list[str] = []
    pos = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        parts.append(text[pos:edit.start])
        parts.append(edit.text)
        pos = edit.end
    parts.append(text[pos:])
    return "".join(parts)


def fix_until_stable(
    text: str, check: Callable[[str], list[Diagnostic]], unsafe: bool = False, limit: int = RUNAWAY_LIMIT
) -> FixResult:
    applied: list[Diagnostic] = []
    diagnostics = check(text)
    for passes in range(1, limit + 1):
        chosen = choose(diagnostics, unsafe)
        if not chosen:
            return FixResult(text, applied, diagnostics, passes - 1, converged=True)
        new_text = apply_edits(text, [e for d in chosen for e in d.fix.edits])  # type: ignore[union-attr]
        if new_text == text:
            return FixResult(text, applied, diagnostics, passes, converged=True)
        applied.extend(chosen)
        text = new_text
        diagnostics = check(text)
    return FixResult(text, applied, diagnostics, limit, converged=not choose(diagnostics, unsafe))
