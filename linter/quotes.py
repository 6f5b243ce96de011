"""Pair quotation marks inside each paragraph: where quotations are, and which marks are unpaired.

Double quotes pair straightforwardly. A straight single quote is an apostrophe unless it opens
(after a space or bracket, before a letter) or closes (after a letter or punctuation, before a
space or punctuation); a plural possessive ("the Ukrainians' claims") looks like a closer, so
only unpaired openers of single quotes are trusted.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from linter import regexes
from linter.document import Document
from linter.masking import merge

Span = tuple[int, int]

_DOUBLE = regexes.compile(r"[\"“”„«»]")
_SINGLE_OPEN = regexes.compile(r"(?:(?<=^|[\s(\[—–-])'(?=\p{L}))|‘")
_SINGLE_CLOSE = regexes.compile(r"(?:(?<=[\p{L}\p{N}.,!?])'(?=[\s.,;:!?)\]—–-]|$))|’(?![\p{L}])")
_OPENERS = {"“": "”", "„": "“”", "«": "»"}


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
    start, end = span
    quotations: list[Span] = []
    unpaired: list[Unpaired] = []
    _pair_double(text, start, end, quotations, unpaired)
    _pair_single(text, start, end, quotations, unpaired)
    return ParagraphQuotes(tuple(sorted(quotations)), tuple(sorted(unpaired, key=lambda u: u.offset)))


def _pair_double(text: str, start: int, end: int, quotations: list[Span], unpaired: list[Unpaired]) -> None:
    open_at: int | None = None
    open_mark = ""
    for m in _DOUBLE.finditer(text, start, end):
        mark = m.group()
        if open_at is None:
            if mark in "”»":
                unpaired.append(Unpaired(m.start(), mark, opening=False))
            else:
                open_at, open_mark = m.start(), mark
            continue
        closes = mark == '"' if open_mark == '"' else mark in _OPENERS.get(open_mark, "”")
        if closes or (open_mark == '"' and mark == "”") or (open_mark == "“" and mark == '"'):
            quotations.append((open_at, m.end()))
            open_at = None
        elif mark in "“„«" and open_mark in "“„«":
            unpaired.append(Unpaired(open_at, open_mark, opening=True))
            open_at, open_mark = m.start(), mark
    if open_at is not None:
        unpaired.append(Unpaired(open_at, open_mark, opening=True))


def _pair_single(text: str, start: int, end: int, quotations: list[Span], unpaired: list[Unpaired]) -> None:
    openers = [m.start() for m in _SINGLE_OPEN.finditer(text, start, end)]
    closers = [m.start() for m in _SINGLE_CLOSE.finditer(text, start, end)]
    for opener in openers:
        i = bisect.bisect_right(closers, opener)
        if i < len(closers):
            quotations.append((opener, closers.pop(i) + 1))
        else:
            unpaired.append(Unpaired(opener, text[opener], opening=True))


class QuoteIndex:
    """Which offsets of a document lie inside a quotation."""

    def __init__(self, doc: Document):
        spans: list[Span] = []
        for paragraph in doc.paragraphs:
            spans.extend(scan_paragraph(doc.prose, paragraph).quotations)
        self._spans = merge(spans)
        self._starts = [s for s, _ in self._spans]

    def inside(self, offset: int) -> bool:
        i = bisect.bisect_right(self._starts, offset) - 1
        return i >= 0 and self._spans[i][0] < offset < self._spans[i][1]
