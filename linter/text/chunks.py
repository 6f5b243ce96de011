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


def view(doc: Document, lo: int, hi: int, chunk: Key | None = None) -> Document:
    """The chunk ``[lo, hi)`` of ``doc`` (``chunk``: its ``key``, when known) as a document of its own, with the
    whole document's masking and paragraphs."""
    text, masked, paragraphs = chunk or key(doc, lo, hi)
    return Document.with_views(text, doc.path, doc.format, masked=masked, paragraphs=paragraphs,
                               prose=doc.prose[lo:hi])
