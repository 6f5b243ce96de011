"""Apply fixes: non-overlapping edits, repeated until the text stops changing (runaway caps: passes, growth)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from linter.model.diagnostics import Diagnostic, Edit
from linter.model.diagnostics import replacement_fits as replacement_fits  # the cap on one fix, where a kind reads it

RUNAWAY_LIMIT = 10
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Fixes may grow a text to at most twice its length plus this many characters; a pass that would grow it
# further is a runaway (a pack inserting at every offset doubles the text on every pass) and is not applied.
# The length is worked out before the new text is built, so a runaway never takes the memory it asks for.
GROWTH_SLACK = 1000


@dataclass(frozen=True)
class Written:
    """One applied fix as the text read has it: its rule and the span of that text its edits replaced.

    A fix of a later pass is mapped back through the passes before it; where it edits text an earlier fix
    wrote, its span is that earlier fix's span (the nearest the text read has)."""

    code: str
    start: int
    end: int
    severity: str = ""  # the severity of the finding the fix came with


@dataclass(frozen=True)
class FixResult:
    text: str
    applied: list[Diagnostic]
    remaining: list[Diagnostic]
    passes: int
    converged: bool
    written: tuple[Written, ...] = ()  # each applied fix, placed in the text as read (sorted by place)

    @property
    def changed(self) -> bool:
        return bool(self.applied)


def choose(diagnostics: Sequence[Diagnostic], unsafe: bool) -> list[Diagnostic]:
    """The applicable fixes that neither overlap nor touch an earlier one (earlier start wins).

    A fix that touches another (an edit ending where the other's begins) waits for the next pass: each fix
    was checked against the text as it was (``masking.edits_keep_masks``), and two that touch can together
    do what neither does alone (deleting two zero-width spaces between runs of backticks merges the runs).
    On the next pass it is checked against the text the other left.

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
    """Whether ``edit`` overlaps or touches one of ``taken``: whether their closed spans meet.

    ``taken`` is sorted and its edits do not overlap, so their ends rise with their starts: of the edits
    before ``edit`` in that order, the one just before reaches furthest; of those from its place on, the one
    there starts first. Those two are the only ones to compare with.
    """
    i = bisect.bisect_left(keys, (edit.start, edit.end))
    return (i > 0 and taken[i - 1].end >= edit.start) or (i < len(taken) and taken[i].start <= edit.end)


def choose_for_pass(text: str, diagnostics: Sequence[Diagnostic], unsafe: bool) -> list[Diagnostic]:
    """The fixes one pass of ``fix_until_stable`` applies to ``text``: ``choose``, then ``_apart``."""
    return _apart(text, choose(diagnostics, unsafe))


def _apart(text: str, chosen: list[Diagnostic]) -> list[Diagnostic]:
    """``chosen`` less the fixes that wait for the next pass because they may change the structure of the
    text (``masking.reaches_structure``: a delimiter, a line's prefix, blankness or tag) and lie on the line
    of another fix of this pass, or the line next to it. Each was checked against the text as it was; two on
    one line can together do what neither does alone (deleting a zero-width space before ```` ```date`` ````
    and rewriting a later ```` `` ```` in its info string made the line a fence opener, which closed a
    fence further on and unmasked its code). On the next pass each is checked against the text the other
    left. Fixes elsewhere, and fixes that reach no structure, are applied together as before."""
    from linter.text.masking import reaches_structure

    if len(chosen) < 2:
        return chosen
    starts = [0, *(m.end() for m in _LINE_BREAK.finditer(text))]
    kept: list[Diagnostic] = []
    near: list[tuple[int, int, bool]] = []  # lines and structure of the kept fixes, in order
    for diag in chosen:
        edits = diag.fix.edits  # type: ignore[union-attr]
        first = bisect.bisect_right(starts, min(e.start for e in edits)) - 1
        last = bisect.bisect_right(starts, max(e.end for e in edits)) - 1
        structural = any(reaches_structure(text, e) for e in edits)
        if any(lo - 1 <= last and first <= hi + 1 and (structural or other) for lo, hi, other in near[-8:]):
            continue
        kept.append(diag)
        near.append((first, last, structural))
    return kept


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
    history: list[_Pass] = []  # the edits of each pass applied so far, to place later fixes in the text as read
    written: list[Written] = []

    def result(passes: int, converged: bool) -> FixResult:
        return FixResult(text, applied, diagnostics, passes, converged,
                         tuple(sorted(written, key=lambda w: (w.start, w.end, w.code))))

    diagnostics = check(text)
    for passes in range(1, limit + 1):
        chosen = choose_for_pass(text, diagnostics, unsafe)
        if not chosen:
            return result(passes - 1, True)
        edits = [e for d in chosen for e in d.fix.edits]  # type: ignore[union-attr]
        if len(text) + sum(len(e.text) - (e.end - e.start) for e in edits) > 2 * original + GROWTH_SLACK:
            return result(passes - 1, False)
        new_text = apply_edits(text, edits)
        if new_text == text:
            return result(passes, True)
        applied.extend(chosen)
        for diag in chosen:
            start = min(e.start for e in diag.fix.edits)  # type: ignore[union-attr]
            end = max(e.end for e in diag.fix.edits)  # type: ignore[union-attr]
            for done in reversed(history):
                start, end = done.back(start, at_end=False), done.back(end, at_end=True)
            written.append(Written(diag.code, start, end, str(diag.severity)))
        history.append(_Pass(edits))
        text = new_text
        diagnostics = check(text)
    return result(limit, not choose(diagnostics, unsafe))


class _Pass:
    """The edits one pass applied, to map an offset in the text it left back to the text it was given."""

    def __init__(self, edits: Sequence[Edit]) -> None:
        self.edits = sorted(edits, key=lambda e: (e.start, e.end))
        self.new_starts: list[int] = []  # where each edit's text starts in the text the pass left
        shift = 0
        for edit in self.edits:
            self.new_starts.append(edit.start + shift)
            shift += len(edit.text) - (edit.end - edit.start)

    def back(self, offset: int, at_end: bool) -> int:
        """``offset`` in the text this pass left, in the text it was given; inside text an edit wrote: that
        edit's start (or with ``at_end``, its end)."""
        i = bisect.bisect_right(self.new_starts, offset) - 1
        if i < 0:
            return offset
        edit, new_start = self.edits[i], self.new_starts[i]
        if offset >= new_start + len(edit.text):
            return offset - (new_start + len(edit.text) - edit.end)
        if offset == new_start:
            return edit.start
        return edit.end if at_end else edit.start
