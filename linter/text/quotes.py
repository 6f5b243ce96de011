"""Pair quotation marks inside each paragraph: where quotations are, which marks are unpaired, and which
mark closes which (for fixes that change a quotation's marks: both or neither).

Double quotes pair by a stack: a mark opens or closes by its shape (“ opens, ” closes; a straight one
opens after a space and before a word, closes after a word and before a space or punctuation), and a
closing mark closes the latest open quotation, so a quotation may hold another (``“It is "Black Tie"
or "White Tie"`` leaves the first mark unpaired, whatever the style). A straight single quote is an
apostrophe unless it opens (after a space or bracket, before a letter) or closes (after a letter or
punctuation, before a space or punctuation); a plural possessive ("the Ukrainians' claims") looks like
a closer, so only unpaired openers of single quotes are trusted.

The pairing runs compiled where linter/text/tokens.py chooses the compiled module (``_native.scan_paragraph``,
``_native.stack_pairs``); the functions here are their pure-Python twins, identical (tests/test_native.py).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

from linter.kept import regexes
from linter.text import tokens
from linter.text.document import Document, LastDocument
from linter.text.masking import merge

Span = tuple[int, int]

_DOUBLE_MARKS = "\"“”„«»"
_SINGLE_OPEN = regexes.compile(r"(?:(?<=^|[\s(\[—–-])'(?=\p{L}))|‘")
_SINGLE_CLOSE = regexes.compile(r"(?:(?<=[\p{L}\p{N}.,!?])'(?=[\s.,;:!?)\]—–-]|$))|’(?![\p{L}])")


@dataclass(frozen=True)
class Unpaired:
    offset: int
    mark: str
    opening: bool


@dataclass(frozen=True)
class ParagraphQuotes:
    quotations: tuple[Span, ...]
    unpaired: tuple[Unpaired, ...]


def scan_paragraph(text: str, span: Span) -> ParagraphQuotes:
    """The quotations of the paragraph ``span`` of ``text`` and its unpaired marks, each in text order."""
    module = tokens.choice().module
    quotations, unpaired = (_python_scan(text, span) if module is None else
                            module.scan_paragraph(text, span[0], span[1]))
    return ParagraphQuotes(tuple(quotations), tuple(Unpaired(offset, text[offset], opening)
                                                    for offset, opening in unpaired))


def _python_scan(text: str, span: Span) -> tuple[list[Span], list[tuple[int, bool]]]:
    # the double marks paired by a stack, the single ones by their shape; both sorted by offset
    quotations, unpaired = _python_stack_pairs(text, span, _DOUBLE_MARKS)
    _pair_single(text, span[0], span[1], quotations, unpaired)
    return sorted(quotations), sorted(unpaired, key=lambda u: u[0])


def _pair_single(text: str, start: int, end: int, quotations: list[Span], unpaired: list[tuple[int, bool]]) -> None:
    openers = [m.start() for m in _SINGLE_OPEN.finditer(text, start, end)]
    closers = [m.start() for m in _SINGLE_CLOSE.finditer(text, start, end)]
    for opener in openers:
        i = bisect.bisect_right(closers, opener)
        if i < len(closers):
            quotations.append((opener, closers.pop(i) + 1))
        else:
            unpaired.append((opener, True))


class QuoteIndex:
    """Which offsets of a document lie inside a quotation."""

    def __init__(self, doc: Document):
        spans: list[Span] = []
        for paragraph in doc.paragraphs:
            spans.extend(scanned(doc, paragraph).quotations)
        self._spans = merge(spans)
        self._starts = [s for s, _ in self._spans]

    def inside(self, offset: int) -> bool:
        i = bisect.bisect_right(self._starts, offset) - 1
        return i >= 0 and self._spans[i][0] < offset < self._spans[i][1]


_last_index = LastDocument(QuoteIndex)


def quote_index(doc: Document) -> QuoteIndex:
    """The document's QuoteIndex, built once for the checks that ask (they run one after another)."""
    return _last_index.of(doc)


# Which mark closes a quotation, and what a mark becomes in the other style (curly <-> straight).
CURLY, STRAIGHT = "curly", "straight"
_STYLE = {"“": CURLY, "”": CURLY, "‘": CURLY, "’": CURLY, '"': STRAIGHT, "'": STRAIGHT}
_FAMILY = {"“": '"', "”": '"', '"': '"', "‘": "'", "’": "'", "'": "'"}
_CURLY_FORM = {('"', True): "“", ('"', False): "”", ("'", True): "‘", ("'", False): "’"}
_DOUBLE_RESTYLABLE = "\"“”"
_SINGLE = "‘’'"
_MARKS = {marks: regexes.compile(f"[{regex.escape(marks)}]") for marks in (_DOUBLE_MARKS, _DOUBLE_RESTYLABLE, _SINGLE)}
_OPENS_AFTER = frozenset(" \t\n\r\f\v([{—–-/“‘\"'«„\u00a0")
_PUNCTUATION_AFTER = frozenset(".,;:!?)]}»…")
_CLOSES_BEFORE = frozenset(" \t\n\r\f\v.,;:!?)]}—–-/”’\"'»…\u00a0")


def style(mark: str) -> str | None:
    """CURLY or STRAIGHT for a quotation mark or apostrophe, None for any other character."""
    return _STYLE.get(mark)


def family(mark: str) -> str:
    """'"' for double quotation marks, "'" for single ones and apostrophes."""
    return _FAMILY[mark]


def opens(mark: str) -> bool:
    """Whether a curly mark is an opening one (“ ‘)."""
    return mark in "“‘"


def style_counts(text: str, family: str) -> dict[str, int]:
    """How many marks of a family (``family``) the text has in each style: curly and straight."""
    opening, closing = ("“", "”") if family == '"' else ("‘", "’")
    return {CURLY: text.count(opening) + text.count(closing), STRAIGHT: text.count(family)}


def restyled(mark: str, to: str, opening: bool) -> str:
    """``mark`` written in style ``to``: a straight mark becomes the curly opening or closing form."""
    family = _FAMILY[mark]
    return family if to == STRAIGHT else _CURLY_FORM[(family, opening)]


def role(text: str, offset: int, span: Span) -> str:
    """What the mark at ``offset`` does in its paragraph: "open", "close", "either" (a straight mark with
    nothing to tell by, as in ``code" Black``), or "apostrophe" (a single mark between letters: "Kyiv's")."""
    mark = text[offset]
    if mark in "“‘„«":
        return "open"
    if mark == "»":
        return "close"
    before = text[offset - 1] if offset > span[0] else " "
    after = text[offset + 1] if offset + 1 < span[1] else " "
    if mark in "'’" and before.isalnum() and (after.isalpha() or after in "'’"):
        return "apostrophe"
    if mark == "”":
        return "close"
    # a mark before punctuation closes ('said ",'), unless the punctuation is an ellipsis that opens ('"...')
    punctuation_after = after in _PUNCTUATION_AFTER and not (after == "." and text[offset + 2:offset + 3] == ".")
    opens = before in _OPENS_AFTER and not after.isspace() and not punctuation_after
    closes = before not in _OPENS_AFTER and (after in _CLOSES_BEFORE or after.isspace())
    if mark == "’":
        return "close"
    if opens and not closes:
        if mark == "'" and not after.isalpha():
            return "apostrophe"  # '90s, the 'n' of rock 'n' roll
        return "open"
    if closes and not opens:
        return "close"
    return "apostrophe" if mark == "'" else "either"


def pairs(text: str, span: Span) -> list[Span]:
    """The quotations of one paragraph as (opening mark, after the closing mark) spans, for fixes that restyle
    a quotation's marks: curly and straight double and single marks (not „ « »), each family paired by a
    stack (see the module's doc). A single closing mark with nothing open is an apostrophe ("the
    Ukrainians' claims"). Marks that pair with nothing are left out."""
    double, _ = _stack_pairs(text, span, _DOUBLE_RESTYLABLE)
    single, _ = _stack_pairs(text, span, _SINGLE)
    return sorted(double + single)


def double_pairs(text: str, span: Span) -> list[Span]:
    """The quotations of ``pairs(text, span)`` that open with a double mark (" or “), in order: the double marks are
    paired by their own stack, so the single ones need not be read (the sentence kind's CD536 asks for these)."""
    return sorted(_stack_pairs(text, span, _DOUBLE_RESTYLABLE)[0])


# the last document's quotations per paragraph (``paired``): the quotation-mark rules of the consistency kind (CD507,
# CD508) and the convention kind's quotation checks read the same paragraphs
_last_pairs: LastDocument[dict[Span, list[Span]]] = LastDocument(lambda doc: {})


# the last document's scans of its paragraphs' quotation marks (``scanned``): the QuoteIndex and the sentence kind's
# CD305 and CD536 read the same ones
_last_scans: LastDocument[dict[Span, ParagraphQuotes]] = LastDocument(lambda doc: {})


def scanned(doc: Document, paragraph: Span) -> ParagraphQuotes:
    """``scan_paragraph(doc.prose, paragraph)``, worked out once per paragraph of the document for every reader."""
    kept = _last_scans.of(doc)
    found = kept.get(paragraph)
    if found is None:
        found = kept[paragraph] = scan_paragraph(doc.prose, paragraph)
    return found


def paired(doc: Document, paragraph: Span) -> list[Span]:
    """``pairs(doc.prose, paragraph)``, worked out once per paragraph of the document for every rule that asks."""
    kept = _last_pairs.of(doc)
    found = kept.get(paragraph)
    if found is None:
        found = kept[paragraph] = pairs(doc.prose, paragraph)
    return found


def _stack_pairs(text: str, span: Span, marks: str) -> tuple[list[Span], list[tuple[int, bool]]]:
    """Pair the marks ``marks`` (one of ``_MARKS``) in ``span`` by a stack; return the quotations and the unpaired
    marks (offset, whether it opens). A straight mark that could do either closes an open quotation or opens one;
    “ closes a quotation opened by „ (the German and Russian inner style)."""
    module = tokens.choice().module
    if module is None:
        return _python_stack_pairs(text, span, marks)
    return module.stack_pairs(text, span[0], span[1], marks)


def _python_stack_pairs(text: str, span: Span, marks: str) -> tuple[list[Span], list[tuple[int, bool]]]:
    found: list[Span] = []
    left: list[tuple[int, bool]] = []
    stack: list[int] = []
    for m in _MARKS[marks].finditer(text, span[0], span[1]):
        offset = m.start()
        what = role(text, offset, span)
        if what == "apostrophe":
            continue
        if what == "either" or (m.group() == "“" and stack and text[stack[-1]] == "„"):
            what = "close" if stack else "open"
        if what == "open":
            stack.append(offset)
        elif stack:
            found.append((stack.pop(), offset + 1))
        else:
            left.append((offset, False))
    left += ((offset, True) for offset in stack)
    return found, left
