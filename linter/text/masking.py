"""Find the regions of an article that are not prose: code, URLs, markup, front matter.

Masked regions are never flagged and never edited. The masked text keeps every offset of the
original: each masked character becomes a space (line breaks are kept), so rules can run on it
directly and their offsets stay those of the file.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import regex

from linter.kept import regexes

if TYPE_CHECKING:
    from linter.model.diagnostics import Edit

Span = tuple[int, int]

# Shared by both formats: things no prose rule should read.
_WEB_ADDRESS = r"""(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>"'`\]\)]+[^\s<>"'`\]\).,;:!?]"""
_EMAIL_ADDRESS = r"""\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"""
_URL = regexes.compile(f"{_WEB_ADDRESS}|{_EMAIL_ADDRESS}", regex.I)
# A text without "@" holds no e-mail address, one without "://" or "www." no web address: the regex of the
# other branch alone then finds exactly what _URL finds, at half the cost (the e-mail branch is tried at
# every word). Most articles have neither.
_WEB_ONLY = regexes.compile(_WEB_ADDRESS, regex.I)
_EMAIL_ONLY = regexes.compile(_EMAIL_ADDRESS, regex.I)
_WWW = re.compile(r"[wW]{3}\.")


def _addresses(text: str) -> Iterable[Span]:
    email = "@" in text
    web = "://" in text or _WWW.search(text) is not None
    pattern = _URL if email and web else _EMAIL_ONLY if email else _WEB_ONLY if web else None
    return [] if pattern is None else [m.span() for m in pattern.finditer(text)]
_HTML_COMMENT = regexes.compile(r"<!--.*?(?:-->|\Z)", regex.S)

# Markdown only.
_FRONT_MATTER = regexes.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n.*?^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", regex.S | regex.M)
_FENCE_OPEN = regexes.compile(r"^[ ]{0,3}(`{3,}|~{3,})[^\r\n]*$", regex.M)
_INLINE_CODE = regexes.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", regex.S)
_HTML_TAG = regexes.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_AUTOLINK = regexes.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>]+)>")
_IMAGE = regexes.compile(r"!\[[^\]\r\n]*\]\([^)\r\n]*\)")
_LINK_TARGET = regexes.compile(r"(?<=\])(?:\([^)\r\n]*\)|\[[^\]\r\n]*\])")
_REFERENCE_DEF = regexes.compile(r"^[ ]{0,3}\[[^\]\r\n]+\]:[ \t]*\S+[^\r\n]*$", regex.M)
_BLOCK_MARKER = regexes.compile(
    r"^[ \t]{0,3}(?:>[ \t]?)*(?:#{1,6}(?=[ \t])|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))", regex.M
)
_HEADING_CLOSER = regexes.compile(r"[ \t]#+[ \t]*$", regex.M)
_INDENTED_CODE = regexes.compile(r"(?:(?<=\A)|(?<=\n[ \t]*\r?\n))(?:(?:[ ]{4}|\t)[^\r\n]*(?:\r?\n|\Z))+")
_TABLE_RULE = regexes.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$", regex.M)


_LINE_BREAK = regexes.compile(r"\r\n|\n|\r")


def mask_spans(text: str, fmt: str) -> tuple[Span, ...]:
    """Sorted, merged spans of ``text`` that are not prose."""
    spans: list[Span] = []
    spans.extend(m.span() for m in _HTML_COMMENT.finditer(text))
    if fmt == "markdown":
        spans.extend(_markdown_spans(text))
    spans.extend(_addresses(text))
    return merge(spans)


def unbreakable_spans(text: str, fmt: str, at_start: bool = True) -> tuple[Span, ...]:
    """Regions a text may not be cut inside if its parts are to be masked as the whole is (linter/text/windows.py):
    HTML comments, and in Markdown front matter and fenced code blocks. ``at_start``: the text is the start
    of its document, where front matter may be."""
    spans = [m.span() for m in _HTML_COMMENT.finditer(text)]
    if fmt == "markdown":
        front = _FRONT_MATTER.match(text) if at_start else None
        spans += [front.span()] if front else []
        spans += _fenced_blocks(text)
    return merge(spans)


def _markdown_spans(text: str) -> Iterable[Span]:
    front = _FRONT_MATTER.match(text)
    if front:
        yield front.span()
    code_blocks = list(_fenced_blocks(text))
    yield from code_blocks
    indented = [m.span() for m in _INDENTED_CODE.finditer(text)]
    yield from indented
    # Inline syntax is looked for between blocks only: a match that started inside a block and ran on
    # past it (a `` in a fence pairing with one in the prose) would swallow the delimiter of a real code
    # span after the block, which then went unmasked and could be edited.
    blocks = merge([*([front.span()] if front else []), *code_blocks, *indented])
    gaps = [(end, start) for (_, end), (start, _) in zip(((0, 0), *blocks), (*blocks, (len(text), len(text))),
                                                          strict=True) if start > end]
    for pattern in (_INLINE_CODE, _HTML_TAG, _AUTOLINK, _IMAGE, _LINK_TARGET, _REFERENCE_DEF,
                    _BLOCK_MARKER, _HEADING_CLOSER, _TABLE_RULE):
        for lo, hi in gaps:
            yield from (m.span() for m in pattern.finditer(text, lo, hi))


def _fenced_blocks(text: str) -> Iterable[Span]:
    pos = 0
    while True:
        opening = _FENCE_OPEN.search(text, pos)
        if not opening:
            return
        fence = opening.group(1)
        closing = regexes.compile(
            r"^[ ]{0,3}" + regex.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$", regex.M
        ).search(text, opening.end())
        end = closing.end() if closing else len(text)
        yield opening.start(), end
        pos = end


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
        self._ends = [e for _, e in spans]
        # characters of whole-text re-masking that edits_keep_masks may still spend on this document
        self.recheck_budget = RECHECK_BUDGET

    def abutting(self, start: int, end: int) -> list[Span]:
        """Masked regions that end where ``[start, end)`` starts or start where it ends."""
        out = []
        i = bisect.bisect_left(self._ends, start)
        if i < len(self._ends) and self._ends[i] == start:
            out.append(self.spans[i])
        j = bisect.bisect_left(self._starts, end)
        if j < len(self._starts) and self._starts[j] == end:
            out.append(self.spans[j])
        return out

    def touches(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` (or the point ``start`` if empty) meets a masked region."""
        i = bisect.bisect_left(self._starts, max(end, start + 1)) - 1
        return i >= 0 and self.spans[i][1] > start


def edits_keep_masks(text: str, fmt: str, index: MaskIndex, edits: Sequence[Edit]) -> bool:
    """Whether edits outside the masked regions (those inside are dropped before) leave what is masked as it was.

    What is masked depends on the text around it, so an edit outside every region can still change one.
    Next to a region, its edge: deleting the one character between a closing backtick and another backtick
    merges them into a longer run and the code span is gone; deleting the line break after a closing fence
    or the space after a list marker unmasks them. Anywhere, the delimiters themselves: joining ``-`` and
    ``--`` into ``---`` on the first line opens front matter that reaches the next ``---`` line, and a new
    or vanished run of backticks pairs code spans differently, however far away. The next fix pass could
    then edit what was code. So:

    - an edit that changes a run of delimiter characters (backticks, tildes, dashes, brackets, markup,
      line breaks) near it is checked on the whole text: the edited text must mask exactly the same spans,
      moved by the edits. This costs a masking of the whole text, so a document has a budget of
      ``RECHECK_BUDGET`` characters of it; past the budget such fixes are dropped (the diagnostic stays);
    - an edit next to a region is checked on the window of their lines (one line more on each side): the
      window must see the region as the whole text does and, edited, mask exactly the same spans, moved.
    """
    whole = False
    for edit in edits:
        if _changes_delimiters(text, edit):
            whole = True
            continue
        regions = index.abutting(edit.start, edit.end)
        if not regions:
            continue
        lo = _previous_line_start(text, min(edit.start, regions[0][0]))
        hi = _line_end(text, _line_end(text, max(edit.end, regions[-1][1])))
        before = mask_spans(text[lo:hi], fmt)
        if not all((start - lo, end - lo) in before for start, end in regions):
            return False  # the window does not see the region as the whole text does: do not risk it
        inside = [e for e in edits if lo <= e.start and e.end <= hi]
        if mask_spans(_apply(text, lo, hi, inside), fmt) != _moved(before, inside, lo):
            return False
    if whole:
        if index.recheck_budget < len(text):
            return False
        index.recheck_budget -= len(text)
        return mask_spans(_apply(text, 0, len(text), edits), fmt) == _moved(index.spans, edits, 0)
    return True


RECHECK_BUDGET = 4_000_000
_DELIMITERS = regexes.compile(r"[`~<>!\[\]()#*+|\-\r\n\t]+")


def _changes_delimiters(text: str, edit: Edit) -> bool:
    """Whether the runs of delimiter characters within three characters of ``edit`` differ after it."""
    lo, hi = max(0, edit.start - 3), min(len(text), edit.end + 3)
    return _DELIMITERS.findall(text, lo, hi) != _DELIMITERS.findall(text[lo:edit.start] + edit.text + text[edit.end:hi])


def _moved(spans: Iterable[Span], edits: Sequence[Edit], lo: int) -> tuple[Span, ...]:
    """``spans`` (offsets from ``lo``) where they are after ``edits`` (absolute, none inside a span)."""
    out = []
    for start, end in spans:
        shift = sum(len(e.text) - (e.end - e.start) for e in edits if e.end <= lo + start and e.start < lo + start)
        out.append((start + shift, end + shift))
    return tuple(out)


def _line_start(text: str, offset: int) -> int:
    return max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1 if offset > 0 else 0


def _previous_line_start(text: str, offset: int) -> int:
    """The start of the line before the one holding ``offset`` (0 on the first line)."""
    start = _line_start(text, offset)
    if start == 0:
        return 0
    brk = start - 2 if text.startswith("\r\n", start - 2) else start - 1
    return _line_start(text, brk)


def _line_end(text: str, offset: int) -> int:
    """The offset after the line break that ends the line holding ``offset`` (or the text's end)."""
    m = _LINE_BREAK.search(text, offset)
    return m.end() if m else len(text)


def _apply(text: str, lo: int, hi: int, edits: Sequence[Edit]) -> str:
    parts, pos = [], lo
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        parts += [text[pos:edit.start], edit.text]
        pos = edit.end
    return "".join([*parts, text[pos:hi]])
