"""What a rule is once loaded from a pack: metadata, the kind's options, and examples; and the pack itself."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import regex

from linter.kept import regexes
from linter.model.diagnostics import Applicability, Severity

MARKER = regexes.compile(r"\[\[(.*?)\]\]", regex.S)


@dataclass(frozen=True)
class Examples:
    """Rule examples, which are also the rule's tests.

    ``fail`` texts must be flagged; a ``[[...]]`` marker, if present, gives the span that must
    be flagged (the marker is removed before linting). ``passing`` texts must not be flagged.
    ``fixed`` is parallel to ``fail``: what fixing each produces.
    """

    fail: tuple[str, ...] = ()
    passing: tuple[str, ...] = ()
    fixed: tuple[str, ...] = ()

    @staticmethod
    def unmark(text: str) -> tuple[str, list[tuple[int, int]]]:
        """Remove ``[[ ]]`` markers; return the plain text and the marked spans."""
        spans: list[tuple[int, int]] = []
        out: list[str] = []
        pos = 0
        for m in MARKER.finditer(text):
            out.append(text[pos:m.start()])
            start = sum(len(p) for p in out)
            out.append(m.group(1))
            spans.append((start, start + len(m.group(1))))
            pos = m.end()
        out.append(text[pos:])
        return "".join(out), spans


@dataclass(frozen=True, eq=False)
class Rule:
    """A rule as loaded from its pack. Rules compare and hash by identity (one object per rule)."""

    code: str
    name: str
    pack: str
    kind: str
    severity: Severity
    message: str
    description: str
    fix: Applicability | None
    options: Mapping[str, Any]
    examples: Examples
    enabled: bool = True
    file: str = ""
    line: int = 0
    builtin: bool = False  # from a pack shipped with copydesk, set at load (a user pack's regexes run under a budget)

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.file else "<built-in>"


@dataclass(frozen=True)
class Pack:
    """A rule pack as loaded from its file: the rules in the order the file gives them."""

    name: str
    description: str
    enabled: bool
    file: str
    rules: tuple[Rule, ...]
