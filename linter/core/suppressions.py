"""Inline suppression comments, written so that they survive in articles:

    <!-- copydesk-disable CD101 CD203 -->   ... <!-- copydesk-enable CD101 -->
    <!-- copydesk-disable-next-line CD101 -->
    <!-- copydesk-disable -->                 (every rule, until copydesk-enable)

A selector is a code, a code prefix, a rule name or a pack name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import regex

from linter.core.selection import names
from linter.kept import regexes
from linter.model.diagnostics import Diagnostic

_DIRECTIVE = regexes.compile(
    r"<!--[ \t]*copydesk-(disable-next-line|disable|enable)\b([^>]*?)[ \t]*-->"
)
_LINE_END = regexes.compile(r"\r\n|\n|\r")


@dataclass(frozen=True)
class Directive:
    action: str
    selectors: tuple[str, ...]  # empty: every rule
    start: int
    end: int

    def covers(self, diag: Diagnostic) -> bool:
        return not self.selectors or any(names(s, diag.code, diag.name, diag.pack) for s in self.selectors)


@dataclass(frozen=True)
class Region:
    directive: Directive
    start: int
    end: int


def parse(text: str) -> list[Directive]:
    if "copydesk-" not in text:
        return []
    return [
        Directive(m.group(1), tuple(s for s in regex.split(r"[\s,]+", m.group(2)) if s), m.start(), m.end())
        for m in _DIRECTIVE.finditer(text)
    ]


def regions(text: str, directives: list[Directive]) -> list[Region]:
    """The span each disable directive covers."""
    out: list[Region] = []
    for index, directive in enumerate(directives):
        if directive.action == "disable-next-line":
            line_end = _LINE_END.search(text, directive.end)
            if line_end is None:
                continue
            next_end = _LINE_END.search(text, line_end.end())
            out.append(Region(directive, line_end.end(), next_end.start() if next_end else len(text)))
        elif directive.action == "disable":
            end = len(text)
            for later in directives[index + 1:]:
                if later.action == "enable" and (
                    not later.selectors or set(directive.selectors) <= set(later.selectors)
                ) and (directive.selectors or not later.selectors):
                    end = later.start
                    break
            out.append(Region(directive, directive.end, end))
    return out


def apply(
    text: str, diagnostics: Iterable[Diagnostic]
) -> tuple[list[Diagnostic], list[Directive]]:
    """Drop suppressed diagnostics; also return the directives that suppressed nothing."""
    directives = parse(text)
    diagnostics = list(diagnostics)
    if not directives:
        return diagnostics, []
    covered = regions(text, directives)
    used: set[Directive] = set()
    kept: list[Diagnostic] = []
    for diag in diagnostics:
        hit = next((r for r in covered if r.start <= diag.start < r.end and r.directive.covers(diag)), None)
        if hit is None:
            kept.append(diag)
        else:
            used.add(hit.directive)
    unused = [r.directive for r in covered if r.directive not in used]
    return kept, unused
