"""Convert code-point offsets to line/column, for humans (1-based) and LSP (UTF-16, 0-based).

This is the only module that knows about lines and UTF-16; the core speaks code points.
A line break is ``\\r\\n``, ``\\n`` or a lone ``\\r``, as in LSP.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate
from typing import Protocol, cast

from linter.kept import regexes

_LINE_BREAK = regexes.compile(r"\r\n|\n|\r")


class Text(Protocol):
    """What is read of a file's text to show its findings: its length and its slices. A str is one; so is the
    text of a very large file, held compressed (``LargeText``)."""

    def __len__(self) -> int: ...

    def __getitem__(self, index: slice | int) -> str: ...


class LargeText(Text, Protocol):
    """A text that is not held as a str (``linter/io/streamed.py: CompressedText``), its line starts known."""

    line_starts: Sequence[int]


@dataclass(frozen=True)
class LineIndex:
    text: Text

    @cached_property
    def line_starts(self) -> Sequence[int]:
        if not isinstance(self.text, str):  # a large text found its line starts as it was read
            return cast(LargeText, self.text).line_starts
        return line_starts_of(self.text)

    def line_of(self, offset: int) -> int:
        """0-based line number holding ``offset``."""
        offset = max(0, min(offset, len(self.text)))
        return bisect.bisect_right(self.line_starts, offset) - 1

    def human(self, offset: int) -> tuple[int, int]:
        """1-based (line, column); column counts code points."""
        line = self.line_of(offset)
        return line + 1, offset - self.line_starts[line] + 1

    def lsp(self, offset: int) -> tuple[int, int]:
        """0-based (line, character) with character counted in UTF-16 code units."""
        offset = max(0, min(offset, len(self.text)))
        line = self.line_of(offset)
        start = self.line_starts[line]
        return line, utf16_length(self.text[start:offset])

    def utf16(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) with the column counted in UTF-16 code units (SARIF's default)."""
        line, character = self.lsp(offset)
        return line + 1, character + 1

    def offset_from_lsp(self, line: int, character: int) -> int:
        """Code-point offset of an LSP position; out-of-range positions are clamped."""
        if line < 0:
            return 0
        if line >= len(self.line_starts):
            return len(self.text)
        start = self.line_starts[line]
        end = self.line_starts[line + 1] if line + 1 < len(self.line_starts) else len(self.text)
        units = 0
        offset = start
        while offset < end and units < character:
            if self.text[offset] in "\r\n":
                break
            units += 2 if ord(self.text[offset]) > 0xFFFF else 1
            offset += 1
        return offset

    def line_text(self, line: int) -> str:
        """The text of a 0-based line, without its line break."""
        start = self.line_starts[line]
        end = self.line_starts[line + 1] if line + 1 < len(self.line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")


def line_starts_of(text: str) -> tuple[int, ...]:
    """The offsets where the lines of ``text`` start: 0 and the end of each line break. Without a ``\\r``, every
    break is a ``\\n`` and the lines are ``str.split``'s, their lengths summed in C (about 4x the regex's speed: the
    text formatter asks this of every file with a finding, issue 20)."""
    if "\r" in text:
        return (0, *(m.end() for m in _LINE_BREAK.finditer(text)))
    starts = tuple(accumulate(map((1).__add__, map(len, text.split("\n"))), initial=0))
    return starts[:-1]  # the last "start" is one past the end of the text


def utf16_length(text: str) -> int:
    """How many UTF-16 code units ``text`` takes: two for a character beyond the Basic Multilingual Plane."""
    if text.isascii() or max(text) <= "\uffff":  # the usual case, at C speed (an empty text is ASCII)
        return len(text)
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


class LineStarts:
    """The line starts of a text that arrives in pieces, as ``LineIndex`` finds them in the whole: a "\\r\\n"
    split between two pieces is one line break."""

    def __init__(self) -> None:
        self.starts = array("q", [0])
        self._length = 0
        self._after_cr = False

    def add(self, piece: str) -> None:
        if not piece:
            return
        pos = 0
        if self._after_cr and piece[0] == "\n":
            self.starts[-1] += 1  # the "\r" that ended the last piece and this "\n" are one line break
            pos = 1
        self.starts.extend(self._length + m.end() for m in _LINE_BREAK.finditer(piece, pos))
        self._after_cr = piece[-1] == "\r"
        self._length += len(piece)
