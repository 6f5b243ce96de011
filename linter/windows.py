"""Very large texts are linted in windows: a few hundred thousand characters of whole paragraphs each.

A text over ``LARGE_TEXT`` characters (a corpus dump, a merged archive: no article is that long) is cut at
paragraph breaks into windows of about ``WINDOW`` characters, and each window is linted as a document of its
own; findings are shifted back to offsets in the whole text, and suppression comments are applied to the
whole text. Memory then grows with a window, not with the file: the text itself is held once, and no copy
of it per view (prose, folded, lowered, words, sentences) is ever made of the whole.

What a window changes: checks that read the whole article see one window at a time. Spelling consistency
(the consistency kind) counts variants per window, the quotation-mark check treats a window's first and
last paragraphs as the article's edges, and a rule anchored at the document start (``at: document-start``)
reports in the first window only. Cuts never fall inside a fenced code block, front matter or an HTML
comment, so masking is the same as on the whole text.
"""

from __future__ import annotations

import regex

from linter import masking

Span = tuple[int, int]

LARGE_TEXT = 2_000_000
WINDOW = 200_000
REACH = 100_000  # how far past a window's size a cut is looked for before a weaker kind of break is taken

# the strongest break first: blank lines; a line break after a sentence before a capital (a paragraph break
# in one-paragraph-per-line text, as segment.py has it); any line break; a space
_BREAKS = (
    regex.compile(r"\n(?:[ \t]*\r?\n)+"),
    regex.compile(r"(?<=[.!?…][\"'”’»)\]]*[ \t]*)\r?\n(?=[ \t]*[\"'“‘«(\[]*\p{Lu})"),
    regex.compile(r"\n"),
    regex.compile(r" +"),
)


def cuts(text: str, fmt: str, window: int | None = None) -> list[Span]:
    """Consecutive spans covering ``text``, each about ``window`` (default ``WINDOW``) characters, cut after a
    break and never inside a region of ``masking.unbreakable_spans``."""
    window = WINDOW if window is None else window
    keep_whole = masking.unbreakable_spans(text, fmt)
    spans: list[Span] = []
    start = 0
    while len(text) - start > window + REACH:
        end = _cut(text, start + window, keep_whole)
        if end >= len(text):
            break
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return spans


def _cut(text: str, at: int, keep_whole: tuple[Span, ...]) -> int:
    at = _outside(at, keep_whole)
    for pattern in _BREAKS:
        pos = at
        while (m := pattern.search(text, pos, at + REACH)) is not None:
            if _outside(m.end(), keep_whole) == m.end():
                return m.end()
            pos = _outside(m.end(), keep_whole)  # after the block that the cut would split
    return _outside(at + REACH, keep_whole)  # no break at all in this stretch (one endless word): cut anyway


def _outside(offset: int, keep_whole: tuple[Span, ...]) -> int:
    """``offset``, or the end of the region it falls inside."""
    return next((hi for lo, hi in keep_whole if lo < offset < hi), offset)
