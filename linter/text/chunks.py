"""A document cut into chunks of whole paragraphs, each ending just after a line break between paragraphs.

A chunk is whole lines and whole paragraphs, and ends just after a line break (the last one ends with the text).
A chunk's view is a small document of its own with the whole document's masking and paragraph spans clipped to it
(a code fence may open in another chunk): a rule whose scope is local (linter/kinds/base.py: Scope) finds on it
what it finds there in the whole document. The language server keeps findings per chunk (linter/core/incremental.py);
the pattern kind runs a rule on the chunks that hold its required words only.
"""

from __future__ import annotations

import bisect
import itertools
import operator
from collections.abc import Sequence

from linter.text import masking, segment
from linter.text.document import Document

Span = tuple[int, int]
# what a local rule's findings on a chunk depend on: its text, masking and paragraphs (in the chunk's offsets)
Key = tuple[str, tuple[Span, ...], tuple[Span, ...]]


def cut(doc: Document) -> list[Span]:
    """The document cut just after the last line break of each break between paragraphs."""
    prose = doc.prose
    bounds = [0]
    for (_, end), (start, _) in itertools.pairwise(doc.paragraphs):
        at = prose.rfind("\n", end, start)
        if at >= 0:
            bounds.append(at + 1)
    bounds.append(len(doc.text))
    return list(itertools.pairwise(bounds)) if len(doc.text) else [(0, 0)]


def clip(spans: Sequence[Span], lo: int, hi: int) -> tuple[Span, ...]:
    """``spans`` (sorted, not overlapping) inside ``[lo, hi)``, as offsets from ``lo``."""
    out = []
    for start, end in itertools.islice(spans, bisect.bisect_right(spans, lo, key=operator.itemgetter(1)), None):
        if start >= hi:
            break
        out.append((max(start, lo) - lo, min(end, hi) - lo))
    return tuple(out)


def key(doc: Document, lo: int, hi: int) -> Key:
    """The chunk ``[lo, hi)`` of ``doc``: its text, and the document's masking and paragraphs clipped to it."""
    return doc.text[lo:hi], clip(doc.masked, lo, hi), clip(doc.paragraphs, lo, hi)


def keys(doc: Document, spans: Sequence[Span]) -> list[Key]:
    """``key`` of each chunk of ``doc`` (``spans``: sorted, as ``cut`` gives them), read in one pass."""
    text = doc.text
    return list(zip([text[lo:hi] for lo, hi in spans], _clipped(doc.masked, spans), _clipped(doc.paragraphs, spans),
                    strict=True))


def _clipped(spans: Sequence[Span], bounds: Sequence[Span]) -> list[tuple[Span, ...]]:
    """``clip(spans, lo, hi)`` for each of ``bounds`` (sorted, not overlapping), walking ``spans`` once."""
    out: list[tuple[Span, ...]] = []
    count = len(spans)
    first = 0
    for lo, hi in bounds:
        while first < count and spans[first][1] <= lo:
            first += 1  # ends before the chunk: before every later chunk too
        at = first
        inside = []
        while at < count:
            start, end = spans[at]
            if start >= hi:
                break
            inside.append((max(start, lo) - lo, min(end, hi) - lo))
            at += 1
        out.append(tuple(inside))
    return out


def view(doc: Document, lo: int, hi: int, chunk: Key | None = None) -> Document:
    """The chunk ``[lo, hi)`` of ``doc`` (``chunk``: its ``key``, when known) as a document of its own, with the
    whole document's masking and paragraphs."""
    text, masked, paragraphs = chunk or key(doc, lo, hi)
    return Document.with_views(text, doc.path, doc.format, masked=masked, paragraphs=paragraphs,
                               prose=doc.prose[lo:hi])


class KeptViews:
    """The masking and paragraphs of successive versions of one plain-text document (the language server's re-lint),
    from each line's masks and each block's paragraphs, kept by their text between versions.

    Why a line or a block can be read alone: in plain text with no ``<!--`` (an HTML comment reaches any distance),
    what is masked (addresses, domains, file names, paths, entities) lies in one run of non-space characters and its
    patterns look one character past it, so a line is masked alone as in the whole text (linter/text/masking.py:
    ``lines_keep_masks`` rests on the same); and paragraphs are found block by block, a block being the text between
    breaks of blank lines, each from its own text (linter/text/segment.py: ``paragraphs``). Markdown, whose blocks
    reach across lines, and a text with a comment are read whole."""

    LIMIT = 4096  # lines or blocks kept; past it, the store starts again

    def __init__(self) -> None:
        self._lines: dict[str, tuple[Span, ...]] = {}
        self._blocks: dict[str, tuple[Span, ...]] = {}

    def document(self, doc: Document) -> Document:
        """``doc`` with its masking, prose and paragraphs filled in from what is kept (those ``doc`` would work
        out); ``doc`` itself when it is not plain text or holds a comment."""
        text = doc.text
        if doc.format != "text" or doc.window or "<!--" in text or "masked" in doc.__dict__:
            return doc
        if len(self._lines) > self.LIMIT:
            self._lines.clear()
        if len(self._blocks) > self.LIMIT:
            self._blocks.clear()
        masked: list[Span] = []
        pos = 0
        for line in text.split("\n"):
            spans = self._lines.get(line)
            if spans is None:
                spans = self._lines[line] = masking.mask_spans(line, "text")
            if spans:
                masked.extend((start + pos, end + pos) for start, end in spans)
            pos += len(line) + 1
        masks = tuple(masked)  # sorted, and apart: a line break lies between two lines' spans
        prose = masking.blank_out(text, masks)
        paragraphs: list[Span] = []
        pos = 0
        for brk in [*segment._PARAGRAPH_BREAK.finditer(prose), None]:  # the breaks segment.paragraphs cuts at
            end = len(prose) if brk is None else brk.start()
            block = prose[pos:end]
            spans = self._blocks.get(block)
            if spans is None:
                spans = self._blocks[block] = tuple(segment.paragraphs(block))
            paragraphs.extend((start + pos, stop + pos) for start, stop in spans)
            if brk is not None:
                pos = brk.end()
        return Document.with_views(text, doc.path, doc.format, masked=masks, prose=prose, paragraphs=tuple(paragraphs),
                                   source=doc.source, source_language=doc.source_language)
