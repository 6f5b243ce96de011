"""Check a very large file without holding its text.

`copydesk check` on a file of more than ``windows.LARGE_TEXT`` characters (a corpus dump, a merged archive)
reads it a block at a time, lints it window by window as ``Linter.check_text`` would (linter/text/windows.py), and
keeps the text only compressed (``CompressedText``), for the formatters to quote and count lines in. Memory
then grows with a window and the findings, not with the file.

A file is read whole instead (``ReadWhole``) when it turns out to hold fewer characters than that, or
suppression comments, which apply across windows. Fixing always reads the whole file: it rewrites it.
"""

from __future__ import annotations

import bisect
import codecs
import collections
import itertools
import marshal
import operator
import zlib
from collections.abc import Iterator, Sequence
from typing import Any, overload

from linter.core.engine import Linter
from linter.io.reading import BOM, not_utf8, read_blocks, refuse_binary
from linter.kinds import Notice
from linter.model.diagnostics import Applicability, Diagnostic, Edit, Fix, Reason, Severity
from linter.text import windows
from linter.text.document import format_for_path
from linter.text.positions import LineStarts

_DIRECTIVE = "copydesk-"  # what every suppression comment holds (linter/core/suppressions.py)
_BLOCK = 1 << 18  # bytes read at a time: the text held besides the window being linted is about this much

try:  # news text packs to about a quarter with LZMA's fastest preset, a third with zlib
    import lzma

    def _pack(text: str) -> bytes:
        return lzma.compress(text.encode("utf-8"), preset=0)

    _unpack = lzma.decompress
except ImportError:  # a Python built without liblzma
    def _pack(text: str) -> bytes:
        return zlib.compress(text.encode("utf-8"), 6)

    _unpack = zlib.decompress


class ReadWhole(Exception):
    """The file is better read and checked whole."""


class CompressedText:
    """A text held as compressed windows, sliced like a str, with its line starts (positions.LargeText)."""

    def __init__(self, starts: Sequence[int], blobs: Sequence[bytes], length: int, line_starts: Sequence[int]):
        self._starts = list(starts)
        self._blobs = list(blobs)
        self._length = length
        self.line_starts = line_starts
        self._open: dict[int, str] = {}  # the windows decompressed last: formatters read in order

    def __len__(self) -> int:
        return self._length

    def __bool__(self) -> bool:
        return self._length > 0

    def __getitem__(self, index: slice | int) -> str:
        if isinstance(index, int):
            at = index + self._length if index < 0 else index
            if not 0 <= at < self._length:
                raise IndexError("CompressedText index out of range")
            return self[at:at + 1]
        start, stop, step = index.indices(self._length)
        if step != 1:
            raise ValueError("CompressedText slices take no step")
        pieces = []
        while start < stop:
            i = bisect.bisect_right(self._starts, start) - 1
            window = self._window(i)
            lo = self._starts[i]
            pieces.append(window[start - lo:stop - lo])
            start = lo + len(window)
        return "".join(pieces)

    def _window(self, i: int) -> str:
        if i not in self._open:
            if len(self._open) >= 2:
                self._open.pop(next(iter(self._open)))
            self._open[i] = _unpack(self._blobs[i]).decode("utf-8")
        return self._open[i]

    def __getstate__(self) -> dict[str, Any]:  # sent back from a worker process without its open windows
        return {**self.__dict__, "_open": {}}

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CompressedText | str):
            return len(other) == self._length and self[:] == other[:]
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


class PackedDiagnostics(Sequence[Diagnostic]):
    """A very large file's findings, held packed a window at a time, and made into Diagnostics again as they are
    read: formatters read them in order, a window at a time. Equal, item for item, to the list of the findings it
    was built from.

    A window's findings are marshalled as rows of plain values and compressed at zlib's fastest level: about 20
    bytes a finding instead of about 400 as objects (LZMA packs them a third smaller at twenty times the cost)."""

    def __init__(self) -> None:
        self._packs: list[bytes | list[Diagnostic]] = []  # a window's rows, marshalled and compressed; or as they came
        self._ends: list[int] = []  # the number of findings up to the end of each window
        self._open: tuple[int, list[Diagnostic]] | None = None  # the window read last

    def add(self, diagnostics: list[Diagnostic], by: int = 0) -> None:
        """Keep one window's findings (in text order, after those already kept), ``by`` code points further on (the
        window's offset in the text: ``Diagnostic.shifted``)."""
        if not diagnostics:
            return
        try:
            packed: bytes | list[Diagnostic] = zlib.compress(marshal.dumps([_row(d, by) for d in diagnostics]), 1)
        except ValueError:  # a value marshal cannot write (a str subclass from a rule kind): kept as it is
            packed = [d.shifted(by) for d in diagnostics]
        self._packs.append(packed)
        self._ends.append(len(self) + len(diagnostics))

    def __len__(self) -> int:
        return self._ends[-1] if self._ends else 0

    def _window(self, i: int) -> list[Diagnostic]:
        if self._open is not None and self._open[0] == i:
            return self._open[1]
        packed = self._packs[i]
        if not isinstance(packed, list):
            packed = [_diagnostic(row) for row in marshal.loads(zlib.decompress(packed))]
        self._open = (i, packed)
        return packed

    def __iter__(self) -> Iterator[Diagnostic]:
        for i in range(len(self._packs)):
            yield from self._window(i)

    @overload
    def __getitem__(self, index: int) -> Diagnostic: ...

    @overload
    def __getitem__(self, index: slice) -> list[Diagnostic]: ...

    def __getitem__(self, index: int | slice) -> Diagnostic | list[Diagnostic]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        at = index + len(self) if index < 0 else index
        if not 0 <= at < len(self):
            raise IndexError("PackedDiagnostics index out of range")
        i = bisect.bisect_right(self._ends, at)
        return self._window(i)[at - (self._ends[i - 1] if i else 0)]

    def __getstate__(self) -> dict[str, Any]:  # sent back from a worker process without its open window
        return {**self.__dict__, "_open": None}

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(other) == len(self) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"PackedDiagnostics({len(self)} findings in {len(self._packs)} windows)"


_SEVERITIES = {s.value: s for s in Severity}
_APPLICABILITIES = {a.value: a for a in Applicability}
_REASONS = {r.value: r for r in Reason}


_FIELDS = operator.attrgetter("code", "name", "pack", "message", "suggestions")
_EDIT = operator.attrgetter("start", "end", "text")


def _row(d: Diagnostic, by: int) -> tuple[Any, ...]:
    """A diagnostic ``by`` code points further on (``Diagnostic.shifted``), as plain values that marshal writes (one
    copy of each interned message)."""
    fix = d.fix
    if fix is not None:
        fix = (fix.applicability._value_, tuple((s + by, e + by, t) for s, e, t in map(_EDIT, fix.edits)))
    note = d.note
    return (_FIELDS(d), d.severity._value_, d.start + by, d.end + by, fix,
            (note._value_,) if type(note) is Reason else note)  # a Reason, or a str that reads as one


def _diagnostic(row: tuple[Any, ...]) -> Diagnostic:
    (code, name, pack, message, suggestions), severity, start, end, fix, note = row
    if fix is not None:
        fix = Fix(tuple(itertools.starmap(Edit, fix[1])), _APPLICABILITIES[fix[0]])
    return Diagnostic(code, name, pack, _SEVERITIES[severity], message, start, end, fix, suggestions,
                      _REASONS[note[0]] if type(note) is tuple else note)


class _Collector:
    """Builds the CompressedText of the windows as they go by."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.blobs: list[bytes] = []
        self.lines = LineStarts()
        self.length = 0

    def add(self, offset: int, text: str) -> None:
        self.starts.append(offset)
        self.blobs.append(_pack(text))
        self.lines.add(text)
        self.length = offset + len(text)

    def text(self) -> CompressedText:
        return CompressedText(self.starts, self.blobs, self.length, self.lines.starts)


def check_file(linter: Linter, path: str, digest: Any = None
               ) -> tuple[PackedDiagnostics, list[Notice], CompressedText]:
    """``linter.check_text`` of the file's text (its diagnostics, packed, and notices), and the text compressed;
    ``digest`` is fed the file's bytes.

    Raises ReadWhole (see the module), or files.ArticleError for a file that is not UTF-8 text.
    """
    collected = _Collector()
    diagnostics = PackedDiagnostics()
    notices: dict[Notice, None] = {}
    for start, found, noticed in linter.each_window(_windows(path, digest, collected), path, format_for_path(path)):
        diagnostics.add(found, start)
        notices.update(dict.fromkeys(noticed))
    return diagnostics, list(notices), collected.text()


def read_compressed(path: str, digest: Any = None) -> CompressedText:
    """The file's text as ``check_file`` keeps it, without checking it (its findings came from the cache)."""
    collected = _Collector()
    for _ in _windows(path, digest, collected):
        pass
    return collected.text()


def _windows(path: str, digest: Any, collected: _Collector) -> Iterator[tuple[int, str]]:
    """The file's windows (offset, text), each kept in ``collected`` as it goes by."""
    tail = ""
    for offset, text in windows.stream(_large_text(path, digest), format_for_path(path)):
        if _DIRECTIVE in tail + text[:len(_DIRECTIVE)] or _DIRECTIVE in text:
            raise ReadWhole("suppression comments")
        tail = text[-len(_DIRECTIVE):]
        collected.add(offset, text)
        yield offset, text


def _large_text(path: str, digest: Any) -> Iterator[str]:
    """The file's text in pieces, after the first LARGE_TEXT characters have shown it to be a large one."""
    pieces = _decoded(path, digest)
    head: collections.deque[str] = collections.deque()
    length = 0
    for piece in pieces:
        head.append(piece)
        length += len(piece)
        if length > windows.LARGE_TEXT:
            return itertools.chain(_drained(head), pieces)
    raise ReadWhole("not a large text")


def _drained(pieces: collections.deque[str]) -> Iterator[str]:
    while pieces:
        yield pieces.popleft()  # let go of each piece once it is taken


def _decoded(path: str, digest: Any) -> Iterator[str]:
    """The file decoded as UTF-8 a block at a time, without its byte order mark; the errors ``files.decode``
    gives for the whole file."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    consumed = newlines = 0
    started = False  # whether text has come yet (it may open with a byte order mark)
    for block in itertools.chain(read_blocks(path, _BLOCK), [b""]):
        if not consumed:
            refuse_binary(path, block)
        if digest is not None:
            digest.update(block)
        pending = decoder.getstate()[0]  # the start of a character split between blocks: never a line break
        try:
            piece = decoder.decode(block, final=not block)
        except UnicodeDecodeError as exc:
            data = pending + block
            before = max(0, exc.start - len(pending))
            raise not_utf8(path, data[exc.start], newlines + block.count(b"\n", 0, before) + 1,
                           consumed - len(pending) + exc.start) from None
        consumed += len(block)
        newlines += block.count(b"\n")
        if piece and not started:
            piece = piece[1:] if piece.startswith(BOM) else piece
            started = True
        yield piece
