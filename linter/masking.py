"""Find the regions of an article that are not prose: code, URLs, markup, front matter.

Masked regions are never flagged and never edited. The masked text keeps every offset of the
original: each masked character becomes a space (line breaks are kept), so rules can run on it
directly and their offsets stay those of the file.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

import regex

Span = tuple[int, int]

# Shared by both formats: things no prose rule should read.
_URL = regex.compile(
    r"""(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>"'`\]\)]+[^\s<>"'`\]\).,;:!?]"""
    r"""|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b""",
    regex.I,
)
_HTML_COMMENT = regex.compile(r"<!--.*?(?:-->|\Z)", regex.S)

# Markdown only.
_FRONT_MATTER = regex.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n.*?^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", regex.S | regex.M)
_FENCE_OPEN = regex.compile(r"^[ ]{0,3}(`{3,}|~{3,})[^\r\n]*$", regex.M)
_INLINE_CODE = regex.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", regex.S)
_HTML_TAG = regex.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_AUTOLINK = regex.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>]+)>")
_IMAGE = regex.compile(r"!\[[^\]\r\n]*\]\([^)\r\n]*\)")
_LINK_TARGET = regex.compile(r"(?<=\])(?:\([^)\r\n]*\)|\[[^\]\r\n]*\])")
_REFERENCE_DEF = regex.compile(r"^[ ]{0,3}\[[^\]\r\n]+\]:[ \t]*\S+[^\r\n]*$", regex.M)
_BLOCK_MARKER = regex.compile(
    r"^[ \t]{0,3}(?:>[ \t]?)*(?:#{1,6}(?=[ \t])|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))", regex.M
)
_HEADING_CLOSER = regex.compile(r"[ \t]#+[ \t]*$", regex.M)
_INDENTED_CODE = regex.compile(r"(?:(?<=\A)|(?<=\n[ \t]*\r?\n))(?:(?:[ ]{4}|\t)[^\r\n]*(?:\r?\n|\Z))+")
_TABLE_RULE = regex.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$", regex.M)


def mask_spans(text: str, fmt: str) -> tuple[Span, ...]:
    """Sorted, merged spans of ``text`` that are not prose."""
    spans: list[Span] = []
    spans.extend(m.span() for m in _HTML_COMMENT.finditer(text))
    if fmt == "markdown":
        spans.extend(_markdown_spans(text))
    spans.extend(m.span() for m in _URL.finditer(text))
    return merge(spans)


def _markdown_spans(text: str) -> Iterable[Span]:
    front = _FRONT_MATTER.match(text)
    if front:
        yield front.span()
    code_blocks = list(_fenced_blocks(text))
    yield from code_blocks
    yield from (m.span() for m in _INDENTED_CODE.finditer(text))
    for pattern in (_INLINE_CODE, _HTML_TAG, _AUTOLINK, _IMAGE, _LINK_TARGET, _REFERENCE_DEF,
                    _BLOCK_MARKER, _HEADING_CLOSER, _TABLE_RULE):
        for m in pattern.finditer(text):
            if not _inside(m.start(), code_blocks):
                yield m.span()


def _fenced_blocks(text: str) -> Iterable[Span]:
    pos = 0
    while True:
        opening = _FENCE_OPEN.search(text, pos)
        if not opening:
            return
        fence = opening.group(1)
        closing = regex.compile(
            r"^[ ]{0,3}" + regex.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$", regex.M
        ).search(text, opening.end())
        end = closing.end() if closing else len(text)
        yield opening.start(), end
        pos = end


def _inside(offset: int, spans: list[Span]) -> bool:
    return any(s <= offset < e for s, e in spans)


def merge(spans: Iterable[Span]) -> tuple[Span, ...]:
    merged: list[list[int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((s, e) for s, e in merged)


def blank_out(text: str, spans: tuple[Span, ...]) -> str:
    """``text`` with every masked character turned into a space, line breaks kept."""
    if not spans:
        return text
    parts: list[str] = []
    pos = 0
    for start, end in spans:
        parts.append(text[pos:start])
        parts.append(regex.sub(r"[^\r\n]", " ", text[start:end]))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


class MaskIndex:
    """Answers 'does this span touch a masked region?' in O(log n)."""

    def __init__(self, spans: tuple[Span, ...]):
        self.spans = spans
        self._starts = [s for s, _ in spans]

    def touches(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` (or the point ``start`` if empty) meets a masked region."""
        i = bisect.bisect_left(self._starts, max(end, start + 1)) - 1
        return i >= 0 and self.spans[i][1] > start
