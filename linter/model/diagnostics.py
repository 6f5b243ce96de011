"""The value types every face of copydesk shares: Edit, Fix, Diagnostic."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def reaches(self, level: Severity) -> bool:
        """Whether this severity is ``level`` or graver (``fail-on`` and ``min-severity`` compare so)."""
        return _RANK[self] >= _RANK[level]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class Applicability(StrEnum):
    """How far a fix may be trusted (ruff's model).

    safe: applied by ``copydesk fix`` and the fix hook;
    unsafe: applied only with ``--unsafe-fixes``, labelled in editors;
    display-only: shown as a suggestion, never applied.
    """

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY_ONLY = "display-only"

    def at_most(self, other: Applicability | None) -> Applicability:
        """The less trusted of the two (``None``: no limit)."""
        if other is None:
            return self
        order = (Applicability.SAFE, Applicability.UNSAFE, Applicability.DISPLAY_ONLY)
        return max(self, other, key=order.index)


class Reason(StrEnum):
    """Why the engine withholds a finding's fix or lowers its safety (``Diagnostic.note``): worked out in one place
    (linter/core/engine.py) for every kind, and shown by every face through ``Diagnostic.withheld``."""

    QUOTATION = "inside a quotation"  # the speaker's words are not the desk's to change
    PARAGRAPHS = "across a paragraph break"  # a fix that would join a headline and its text, or two paragraphs
    CANDIDATES = "several candidates"  # the editor chooses
    DOUBT = "a doubtful case"  # the kind lowered this finding's fix (a set form, a name)
    UNSAFE = "an unsafe fix"  # the rule's fixes are all unsafe
    SUGGESTION = "a suggestion only"  # the rule's fixes are all display-only
    TOO_LONG = "the replacement is too long"  # past the cap on one fix's growth
    MARKUP = "it would change markup"  # a link, code span or front matter the fix would touch


# One fix's replacement may be at most this many times as long as the text it replaces, plus the slack:
# a longer one (a template of thousands of group references, a term mapped to a book) is not offered.
REPLACEMENT_FACTOR = 10
REPLACEMENT_SLACK = 1000


def replacement_fits(replaced: int, replacement: int) -> bool:
    """Whether a replacement of length ``replacement`` for ``replaced`` characters is within the cap."""
    return replacement <= REPLACEMENT_FACTOR * replaced + REPLACEMENT_SLACK


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the code points ``[start, end)`` with ``text``."""

    start: int
    end: int
    text: str

    def overlaps(self, other: Edit) -> bool:
        """Two edits conflict when their spans intersect or they insert at one point."""
        if self.start == self.end or other.start == other.end:
            if self.start == self.end and other.start == other.end:
                return self.start == other.start
            point, span = (self, other) if self.start == self.end else (other, self)
            return span.start < point.start < span.end
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class Fix:
    edits: tuple[Edit, ...]
    applicability: Applicability

    @property
    def start(self) -> int:
        return min(e.start for e in self.edits)

    @property
    def end(self) -> int:
        return max(e.end for e in self.edits)

    def overlaps(self, other: Fix) -> bool:
        return any(a.overlaps(b) for a in self.edits for b in other.edits)

    def applies(self, unsafe: bool) -> bool:
        """Whether ``fix`` applies this fix (``unsafe`` = ``--unsafe-fixes``)."""
        if self.applicability is Applicability.SAFE:
            return True
        return unsafe and self.applicability is Applicability.UNSAFE


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: a rule, a span of code points in the original text, a message.

    ``suggestions`` lists every candidate replacement for the span; with more than one,
    the fix (built from the first) is display-only. ``note`` says why the finding's fix is withheld or
    lowered (a Reason's text, "inside a quotation"); empty when ``copydesk fix`` applies it or there is
    nothing to fix. ``withheld`` is the one sentence every face shows for it.
    """

    code: str
    name: str
    pack: str
    severity: Severity
    message: str
    start: int
    end: int
    fix: Fix | None = None
    suggestions: tuple[str, ...] = field(default=())
    note: str = ""

    @property
    def withheld(self) -> str:
        """Why ``copydesk fix`` leaves this finding as it is, in one sentence ("inside a quotation: not changed");
        empty when it fixes it, or when the rule has nothing to put in its place."""
        if not self.note:
            return ""
        if self.fix is not None and self.fix.applicability is Applicability.UNSAFE:
            return f"{self.note}: changed only with --unsafe-fixes"
        return f"{self.note}: not changed"

    @property
    def fixable(self) -> bool:
        return self.fix is not None and self.fix.applicability is not Applicability.DISPLAY_ONLY

    def sort_key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.code)

    def shifted(self, by: int) -> Diagnostic:
        """The same diagnostic ``by`` code points further on (a window's findings in the whole text)."""
        fix = None if self.fix is None else Fix(tuple(Edit(e.start + by, e.end + by, e.text) for e in self.fix.edits),
                                                self.fix.applicability)
        return Diagnostic(self.code, self.name, self.pack, self.severity, self.message, self.start + by,
                          self.end + by, fix, self.suggestions, self.note)
