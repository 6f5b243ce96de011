"""What formatters receive: one result per file, and the run's options."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from linter.model.diagnostics import Applicability, Diagnostic
from linter.model.rules import Rule
from linter.text.positions import LargeText, LineIndex


@dataclass(frozen=True)
class FileResult:
    """One file's outcome. ``text`` is the text the diagnostics point into (after fixing, the
    fixed text); ``changed`` says whether a fix run changed the file.

    ``fixed`` is the text after fixing, when fixes were computed (by ``fix``, ``fix --diff`` or
    ``check --format diff``); ``original`` is the text as read, set by ``fix``, whose ``text``
    is the fixed text (``before`` gives the text as read either way).
    """

    path: str
    text: str | LargeText = ""  # LargeText: a very large file checked without holding its text (streamed.py)
    diagnostics: Sequence[Diagnostic] = ()
    error: str | None = None
    fixed: str | None = None
    applied: int = 0
    changed: bool = False
    original: str | None = None
    notices: tuple[Any, ...] = ()  # backend problems met while linting (linter.kinds.base.Notice)

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.text)

    @property
    def before(self) -> str | LargeText:
        """The text as it was read (before any fix)."""
        return self.text if self.original is None else self.original


@dataclass(frozen=True)
class RunInfo:
    command: str = "check"
    color: bool = False
    unsafe_fixes: bool = False
    rule_help: Callable[[str], str] = field(default=lambda code: "")
    rules: Mapping[str, Rule] = field(default_factory=dict)  # code -> rule, for formats that describe rules


Formatter = Callable[[Sequence[FileResult], RunInfo], str]


def fix_marker(diag: Diagnostic) -> str:
    if diag.fix is None:
        return ""
    return {Applicability.SAFE: "[*] ", Applicability.UNSAFE: "[~] "}.get(diag.fix.applicability, "")


def relative_uri(path: str) -> str:
    """``path`` as a relative URI reference (forward slashes, percent-encoded); absolute paths become file URIs."""
    if os.path.isabs(path):
        return Path(path).as_uri()
    posix = PurePath(path).as_posix()
    while posix.startswith("./"):
        posix = posix[2:]
    return quote(posix, safe="/")


def file_uri(path: str) -> str:
    """The ``file://`` URI of ``path`` (relative paths are taken from the working directory)."""
    return Path(os.path.abspath(path)).as_uri()
