"""Where in a translation a place of its source is: the target sentence that translates a source sentence, and the
prose of a span that holds masked text (a finding is never reported on masked text)."""

from __future__ import annotations

from linter.text.document import Document


def counterpart(doc: Document, source_offset: int) -> tuple[int, int]:
    """The target sentence that translates the source's sentence at ``source_offset``: the same one when both have
    as many sentences, else the one at the same relative place; the whole target when it has no sentence. A
    sentence that holds masked text (a web address) gives its longest stretch of prose, since a finding is never
    reported on masked text."""
    assert doc.source is not None
    source, target = doc.source.sentences, doc.sentences
    if not target:
        return unmasked(doc, 0, len(doc.text))
    index = next((i for i, (s, e) in enumerate(source) if s <= source_offset <= e), None)
    if index is not None and len(source) == len(target):
        return unmasked(doc, *target[index])
    share = source_offset / max(1, len(doc.source.text))
    at = int(share * len(doc.text))
    return unmasked(doc, *(doc.sentence_at(at) or min(target, key=lambda span: abs(span[0] - at))))


def unmasked(doc: Document, start: int, end: int) -> tuple[int, int]:
    """The longest stretch of ``[start, end)`` outside the masked spans, without its surrounding spaces."""
    if not doc.mask_index.touches(start, end):
        return start, end
    gaps, at = [], start
    for s, e in doc.masked:
        if e <= at or s >= end:
            continue
        gaps.append((at, max(at, s)))
        at = max(at, e)
    gaps.append((at, end))
    best = max(gaps, key=lambda g: len(doc.text[g[0]:g[1]].strip()))
    s, e = best
    while s < e and doc.text[s].isspace():
        s += 1
    while e > s and doc.text[e - 1].isspace():
        e -= 1
    return (s, e) if e > s else (start, start)


def source_counterpart(doc: Document, offset: int) -> tuple[int, int] | None:
    """The source sentence that the target's place ``offset`` translates, as offsets into ``doc.source.text``: the
    reverse of ``counterpart``, by the same rule (the same sentence when both have as many, else the one at the same
    relative place). None when the document has no source or the source no sentence."""
    if doc.source is None or not doc.source.sentences:
        return None
    source, target = doc.source.sentences, doc.sentences
    index = next((i for i, (s, e) in enumerate(target) if s <= offset <= e), None)
    if index is not None and len(source) == len(target):
        return source[index]
    at = int(offset / max(1, len(doc.text)) * len(doc.source.text))
    return doc.source.sentence_at(at) or min(source, key=lambda span: abs(span[0] - at))
