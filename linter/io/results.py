"""What linting one file gives: its findings, the text they point into, and what a fix did (``FileResult``)."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from linter.model.diagnostics import Diagnostic
from linter.text.positions import LineIndex, Text, utf16_length

if TYPE_CHECKING:
    from linter.core.fixer import Written
    from linter.kinds.base import Notice


@dataclass(frozen=True)
class SourceSpan:
    """A part of a file's text that translates a source: a translation unit's target, or a whole paired article.

    ``start``/``end`` are code-point offsets into the file's text; ``unit`` is the unit's id (None for an article);
    ``line`` the 1-based line where the target starts."""

    start: int
    end: int
    source: str
    unit: str | None = None
    source_language: str | None = None
    line: int = 0
    target: str | None = None  # a unit's target as its format reads it (``&amp;`` as ``&``); None for an article


@dataclass(frozen=True)
class FileResult:
    """One file's outcome. ``text`` is the text the diagnostics point into (after fixing, the
    fixed text); ``changed`` says whether a fix run changed the file.

    ``fixed`` is the text after fixing, when fixes were computed (by ``fix``, ``fix --diff`` or
    ``check --format diff``); ``original`` is the text as read, set by ``fix``, whose ``text``
    is the fixed text (``before`` gives the text as read either way).

    ``text`` is read through ``Text``: a str, or for a very large file checked without holding it, the text
    kept compressed (linter/io/streamed.py). Either is sliced, measured and indexed by line the same way.
    """

    path: str
    text: Text = ""
    diagnostics: Sequence[Diagnostic] = ()
    error: str | None = None
    fixed: str | None = None
    applied: int = 0
    changed: bool = False
    original: str | None = None
    notices: tuple[Notice, ...] = ()  # backend problems met while linting
    sources: tuple[SourceSpan, ...] = ()  # what parts of ``text`` translate, in order (translation files, pairs)
    # each fix that was applied (written by ``fix``; with a preview, that would be), placed in the text as read
    written: tuple[Written, ...] = ()
    # with a preview (``fix --dry-run``, ``--diff``), the findings the fixed text would still have, in ``fixed``
    left: tuple[Diagnostic, ...] | None = None

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.text)

    def source_at(self, offset: int) -> SourceSpan | None:
        """The source of the unit (or article) that ``offset`` in ``text`` lies in; None outside every unit."""
        number = bisect.bisect_right(self._source_starts, offset) - 1
        if number < 0:
            return None
        span = self.sources[number]
        return span if offset <= span.end else None

    @cached_property
    def _source_starts(self) -> list[int]:
        return [s.start for s in self.sources]

    @property
    def before(self) -> Text:
        """The text as it was read (before any fix)."""
        return self.text if self.original is None else self.original


@dataclass(frozen=True)
class RecordLines(LineIndex):
    """Where a finding in a JSONL record's field is shown: on the record's line of the corpus, at a column counted in
    code points from the start of the field's text (a field's own line breaks are escapes on that one line)."""

    line: int = 1

    def human(self, offset: int) -> tuple[int, int]:
        return self.line, max(0, min(offset, len(self.text))) + 1

    def lsp(self, offset: int) -> tuple[int, int]:
        return self.line - 1, utf16_length(str(self.text[:max(0, min(offset, len(self.text)))]))


@dataclass(frozen=True)
class RecordResult(FileResult):
    """One record of a JSONL corpus that has findings or could not be checked: ``path`` is the corpus, ``text`` the
    record's field (after fixing, the fixed field), ``line`` the record's line in the corpus."""

    line: int = 0

    @cached_property
    def lines(self) -> LineIndex:
        return RecordLines(self.text, self.line)
