"""Very large texts are linted in windows: a few hundred thousand characters of whole paragraphs each.

A text over ``LARGE_TEXT`` characters (a corpus dump, a merged archive: no article is that long) is cut at
paragraph breaks into windows of about ``WINDOW`` characters, and each window is linted as a document of its
own; findings are shifted back to offsets in the whole text, and suppression comments are applied to the
whole text. Memory then grows with a window, not with the file: the text itself is held once, and no copy
of it per view (prose, folded, lowered, words, sentences) is ever made of the whole.

What a window changes: checks that read the whole article see one window at a time. Spelling consistency
(the consistency kind) counts variants per window, the quotation-mark check treats a window's first and
last paragraphs as the article's edges, and a rule anchored at the document start (``at: document-start``)
reports in the first window only. Cuts never fall inside front matter, an HTML comment of a plain text, or a
Markdown leaf block (code, HTML blocks, paragraphs, headings, tables, reference definitions), so a window
masks at least what the whole text masks there: a cut between blocks can make a window read a list item's
indented continuation as code (more masked, never less), and a window takes every ``[label]`` for a
reference link, since the definition may be in another window.

``stream`` cuts a text that arrives in pieces into the same windows, holding a window and a piece at a time:
`copydesk check` reads a very large file that way (linter/io/streamed.py).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator

from linter.kept import regexes
from linter.text import masking

Span = tuple[int, int]

LARGE_TEXT = 2_000_000
WINDOW = 200_000
REACH = 100_000  # how far past a window's size a cut is looked for before a weaker kind of break is taken

# the strongest break first: blank lines; a line break after a sentence before a capital (a paragraph break
# in one-paragraph-per-line text, as segment.py has it); any line break; a space
_BREAKS = (
    regexes.compile(r"\n(?:[ \t]*\r?\n)+"),
    regexes.compile(r"(?<=[.!?…][\"'”’»)\]]*[ \t]*)\r?\n(?=[ \t]*[\"'“‘«(\[]*\p{Lu})"),
    regexes.compile(r"\n"),
    regexes.compile(r" +"),
)


def cuts(text: str, fmt: str, window: int | None = None) -> list[Span]:
    """Consecutive spans covering ``text``, each about ``window`` (default ``WINDOW``) characters, cut after a
    break and never inside a region of ``masking.unbreakable_spans``."""
    return list(_cuts(text, fmt, WINDOW if window is None else window, at_start=True, final=True))


def stream(pieces: Iterable[str], fmt: str, window: int | None = None) -> Iterator[tuple[int, str]]:
    """The windows of a text that arrives in pieces (a file read a block at a time), as (offset, text): the
    same as ``cuts`` of the whole text, holding no more than a window and a piece of it at a time."""
    window = WINDOW if window is None else window
    buffer, offset = "", 0
    for piece in pieces:
        buffer += piece
        if len(buffer) <= window + 2 * REACH:
            continue
        done = 0
        for start, end in _cuts(buffer, fmt, window, at_start=offset == 0, final=False):
            yield offset + start, buffer[start:end]
            done = end
        buffer, offset = buffer[done:], offset + done
    for start, end in _cuts(buffer, fmt, window, at_start=offset == 0, final=True):
        yield offset + start, buffer[start:end]


def _cuts(text: str, fmt: str, window: int, *, at_start: bool, final: bool) -> Iterator[Span]:
    """The spans of ``cuts``. When the text is not ``final`` (more of it is to come), stop before the first
    cut that the rest could move: one whose search for a break, or a region, reached near its end."""
    keep_whole = masking.unbreakable_spans(text, fmt, at_start)
    start = 0
    while len(text) - start > window + REACH:
        end = _cut(text, start + window, keep_whole)
        if not final and end + REACH > len(text):
            return  # the break search reads up to REACH past the cut's start; a region may not be closed yet
        if end >= len(text):
            break
        yield start, end
        start = end
    if final:
        yield start, len(text)


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
    """``offset``, or the end of the region it falls inside (the regions are sorted and disjoint: in Markdown
    one a paragraph, so thousands of them)."""
    i = bisect.bisect_left(keep_whole, (offset,)) - 1
    return keep_whole[i][1] if i >= 0 and keep_whole[i][0] < offset < keep_whole[i][1] else offset
