"""What formatters receive: one result per file, and the run's options."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from linter.diagnostics import Applicability, Diagnostic
from linter.positions import LineIndex


@dataclass(frozen=True)
class FileResult:
    """One file's outcome. ``text`` is the text the diagnostics point into (after fixing, the
    fixed text); ``changed`` says whether a fix run changed the file."""

    path: str
    text: str = ""
    diagnostics: Sequence[Diagnostic] = ()
    error: str | None = None
    fixed: str | None = None
    applied: int = 0
    changed: bool = False

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.text)


@dataclass(frozen=True)
class RunInfo:
    command: str = "check"
    color: bool = False
    unsafe_fixes: bool = False
    rule_help: Callable[[str], str] = field(default=lambda code: "")


Formatter = Callable[[Sequence[FileResult], RunInfo], str]


def fix_marker(diag: Diagnostic) -> str:
    if diag.fix is None:
        return ""
    return {Applicability.SAFE: "[*] ", Applicability.UNSAFE: "[~] "}.get(diag.fix.applicability, "")
