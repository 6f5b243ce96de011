"""Apply fixes: non-overlapping edits, repeated until the text stops changing (runaway caps: passes, growth)."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from linter.diagnostics import Diagnostic, Edit

RUNAWAY_LIMIT = 10
# Fixes may grow a text to at most twice its length plus this many characters; a pass that would grow it
# further is a runaway (a pack inserting at every offset doubles the text on every pass) and is not applied.
GROWTH_SLACK = 1000


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
    """The applicable fixes that do not overlap an earlier one (earlier start wins).

    The edits taken so far are kept sorted, so each new edit is compared with its neighbours only:
    O(n log n) for n fixes (comparing with every chosen fix took minutes for some ten thousand fixes).
    """
    chosen: list[Diagnostic] = []
    taken: list[Edit] = []  # edits of the chosen fixes, sorted by (start, end); no two overlap
    keys: list[tuple[int, int]] = []
    for diag in sorted(diagnostics, key=Diagnostic.sort_key):
        fix = diag.fix
        if fix is None or not fix.applies(unsafe):
            continue
        if any(_conflicts(taken, keys, edit) for edit in fix.edits):
            continue  # dropped for this pass; the diagnostic stays and may be fixed on the next
        chosen.append(diag)
        for edit in fix.edits:
            i = bisect.bisect_right(keys, (edit.start, edit.end))
            keys.insert(i, (edit.start, edit.end))
            taken.insert(i, edit)
    return chosen


def _conflicts(taken: list[Edit], keys: list[tuple[int, int]], edit: Edit) -> bool:
    """Whether ``edit`` overlaps one of ``taken`` (sorted, pairwise non-overlapping).

    Only two places can hold an overlapping edit: just before ``edit`` in the order (an earlier edit
    reaching past its start; any before that ends where that one starts), and from ``edit``'s place on, the
    edits that start no later than it ends (a few at most, since they do not overlap each other).
    """
    i = bisect.bisect_left(keys, (edit.start, edit.end))
    if i > 0 and taken[i - 1].overlaps(edit):
        return True
    for other in taken[i:]:
        if other.start > edit.end:
            break
        if other.overlaps(edit):
            return True
    return False


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
    original = len(text)
    diagnostics = check(text)
    for passes in range(1, limit + 1):
        chosen = choose(diagnostics, unsafe)
        if not chosen:
            return FixResult(text, applied, diagnostics, passes - 1, converged=True)
        new_text = apply_edits(text, [e for d in chosen for e in d.fix.edits])  # type: ignore[union-attr]
        if new_text == text:
            return FixResult(text, applied, diagnostics, passes, converged=True)
        if len(new_text) > 2 * original + GROWTH_SLACK:
            return FixResult(text, applied, diagnostics, passes - 1, converged=False)
        applied.extend(chosen)
        text = new_text
        diagnostics = check(text)
    return FixResult(text, applied, diagnostics, limit, converged=not choose(diagnostics, unsafe))
