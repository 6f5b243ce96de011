"""What formatters receive: one result per file (linter/io/results.py), and the run's options."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from urllib.parse import quote

from linter.io.results import FileResult
from linter.model.diagnostics import Applicability, Diagnostic
from linter.model.rules import Rule


@dataclass(frozen=True)
class RunInfo:
    command: str = "check"
    color: bool = False
    unsafe_fixes: bool = False
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
