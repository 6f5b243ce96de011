"""What formatters receive: one result per file (linter/io/results.py), and the run's options."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from urllib.parse import quote

from linter.io.results import FileResult, SourceSpan
from linter.model.diagnostics import Applicability, Diagnostic
from linter.model.rules import Rule


@dataclass(frozen=True)
class RunInfo:
    command: str = "check"  # "check" or "fix"
    preview: bool = False  # `fix --diff` / `--dry-run`: the fixes were computed, nothing was written
    corpora: tuple[str, ...] = ()  # JSONL corpora checked (--jsonl-field); records with findings are RecordResults
    records: int = 0  # records read in them, with findings or not
    records_changed: int = 0  # records a fix changed (or would change, in a preview)
    records_applied: int = 0  # fixes applied to records (or that would be)
    color: bool = False
    unsafe_fixes: bool = False
    rules: Mapping[str, Rule] = field(default_factory=dict)  # code -> rule, for formats that describe rules


Formatter = Callable[[Sequence[FileResult], RunInfo], str]


FIX_MARKERS = {Applicability.SAFE: "[*] ", Applicability.UNSAFE: "[~] "}  # a display-only fix is unmarked


def fix_marker(diag: Diagnostic) -> str:
    if diag.fix is None:
        return ""
    return FIX_MARKERS.get(diag.fix.applicability, "")


@functools.lru_cache(maxsize=1024)  # a run's findings name their file again and again
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


@dataclass(frozen=True)
class SourceSide:
    """What a finding's target translates: its unit (None in a paired article) and the source text beside it."""

    unit: str | None
    source: str


def source_side(result: FileResult, diag: Diagnostic) -> SourceSide | None:
    """The source beside a finding in a file checked against its source: the unit's source in a translation file,
    the source sentence it most likely translates in a paired article; None in a file without a source."""
    if not result.sources:
        return None
    span = result.source_at(diag.start)
    if span is None:
        return None
    if span.unit is not None:
        return SourceSide(span.unit, span.source)
    return SourceSide(None, _sentence(str(result.text), span, diag.start, result.path))


def _sentence(text: str, span: SourceSpan, offset: int, path: str) -> str:
    from linter.io.pairs import source_sentence
    from linter.text.document import format_for_path

    return source_sentence(text, span.source, offset, format_for_path(path))
