"""Find many whole-word phrases in one pass (Aho–Corasick; compiled, a trie walk: ``PhraseIndex``), whatever the
size of the list.

Used by the `term` and `capitalisation` kinds. Matching is case-insensitive on a lowercased
copy of the text of the same length; callers check case themselves when it matters. Any run
of whitespace inside a phrase matches one space, tab or line break.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import ahocorasick

from linter.text import tokens

Payload = TypeVar("Payload")
_BLOCKED_BEFORE = frozenset("#@")


def fold(text: str) -> str:
    """Lowercase ``text`` keeping its length, so offsets into the result are offsets into ``text``.

    Every whitespace character becomes a space, so a phrase matches across a line break.
    """
    return spaces_to_space("".join(_fold_piece(piece) for piece in _pieces(text)))


def spaces_to_space(text: str) -> str:
    """``text`` with every whitespace character a space: ``fold(t)`` is ``spaces_to_space(lower(t))`` where
    ``lower(t)`` keeps ``t``'s length (linter/text/document.py folds its lowered view so, not lowering twice)."""
    for space in _SPACE_CHARACTERS:  # str.replace per kind of space beats str.translate here (bench/PERF.md)
        if space in text:
            text = text.replace(space, " ")
    return text


def _fold_piece(piece: str) -> str:
    lowered = piece.lower()
    if len(lowered) != len(piece):  # 'İ' lowercases to two characters: keep such characters as they are
        lowered = "".join(low if len(low := ch.lower()) == 1 else ch for ch in piece)
    return lowered


def lower(text: str) -> str:
    """``text.lower()``, in pieces: str.lower holds 12 bytes a character while it works (600 MB for 50 MB)."""
    return "".join(piece.lower() for piece in _pieces(text))


_PIECE = 1 << 16


def _pieces(text: str) -> Iterator[str]:
    """``text`` in pieces of about 64K characters, each ending after a space or a line break: no case context
    (Greek final sigma) crosses those, so lowercasing the pieces gives exactly what lowercasing the whole does."""
    if len(text) <= _PIECE or text.isascii():  # ASCII lowercases without the big buffer
        yield text
        return
    start = 0
    while start < len(text):
        end = min(start + _PIECE, len(text))
        if end < len(text):
            cut = max(text.rfind(" ", start, end), text.rfind("\n", start, end))
            if cut < start:  # no break in this stretch: run on to the next one
                found = [i for i in (text.find(" ", end), text.find("\n", end)) if i >= 0]
                cut = min(found) if found else len(text) - 1
            end = cut + 1
        yield text[start:end]
        start = end


# every whitespace code point up to U+3000 but " ", written out: working it out from 12,289 ``str.isspace`` calls
# cost 0.6 ms of every start-up (issue 20); tests/test_startup.py compares it with that list on this Python
_SPACE_CHARACTERS = ("\t", "\n", "\x0b", "\x0c", "\r", "\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\xa0", "\u1680",
                     "\u2000", "\u2001", "\u2002", "\u2003", "\u2004", "\u2005", "\u2006", "\u2007", "\u2008",
                     "\u2009", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000")


def key(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


@dataclass(frozen=True)
class Hit(Generic[Payload]):
    start: int
    end: int
    payload: Payload


class PhraseMatcher(Generic[Payload]):
    """Whole-word occurrences of phrases; the longest phrase wins where several start together."""

    def __init__(self, phrases: dict[str, Payload]):
        self._index = PhraseIndex([phrases])

    def finditer(self, text: str, folded: str | None = None) -> Iterator[Hit[Payload]]:
        yield from self._index.find(text, folded)[0]

    def spans(self, text: str, folded: str | None = None) -> list[tuple[int, int, Payload]]:
        """``finditer``'s hits as (start, end, payload) tuples (``PhraseIndex.find_spans``)."""
        return self._index.find_spans(text, folded)[0]

    def across(self, text: str, at: int) -> bool:
        """Whether a whole-word occurrence of a phrase, chosen by ``finditer`` or not, holds offset ``at``."""
        return bool(self._index.across(text, at))


class PhraseIndex(Generic[Payload]):
    """Several phrase tables matched in one pass over the text: ``find`` gives, for each table, exactly the hits
    a ``PhraseMatcher`` of that table alone finds (each pass of an automaton costs about 10 ms a megabyte, and
    the consistency kind has a dozen tables). The pass runs compiled where linter/text/tokens.py chooses the
    compiled module (``_native.PhraseAutomaton``: the raw matches, their word boundaries and the longest-first
    choice in one call, the hits as offset arrays); ``_python_find`` is its pure-Python twin, identical
    (tests/test_native.py)."""

    def __init__(self, tables: list[dict[str, Payload]]):
        self._tables = len(tables)
        merged: dict[str, list[tuple[int, Payload]]] = {}
        for number, table in enumerate(tables):
            keyed = {key(phrase): payload for phrase, payload in table.items()}  # a later phrase wins its key
            for phrase_key, payload in keyed.items():
                merged.setdefault(phrase_key, []).append((number, payload))
        self._merged = merged
        self.empty = not merged
        self._longest = max(map(len, merged), default=0)
        self._across: dict[tuple[str, bool, bool, int], frozenset[int]] = {}

    @functools.cached_property
    def _automaton(self) -> ahocorasick.Automaton:
        """pyahocorasick's automaton of the phrases: built when the pure-Python pass or ``across`` first needs it."""
        automaton = ahocorasick.Automaton()
        for phrase_key, entries in self._merged.items():
            automaton.add_word(phrase_key, (len(phrase_key), entries))
        if not self.empty:
            automaton.make_automaton()
        return automaton

    @functools.cached_property
    def _compiled(self) -> tuple[Any, list[Payload]] | None:
        """The compiled automaton and the payloads of its entries, flat (each phrase's tables in turn); None: the
        pure-Python pass runs (no compiled module, no phrase, or phrases it does not take: more than 255 kinds of
        character, a lone surrogate)."""
        module = tokens.choice().module
        if module is None or self.empty:
            return None
        entries = [entry for phrase_entries in self._merged.values() for entry in phrase_entries]
        try:
            automaton = module.PhraseAutomaton(list(self._merged), [number for number, _ in entries],
                                               list(itertools.accumulate(map(len, self._merged.values()))),
                                               self._tables)
        except (ValueError, UnicodeError):
            return None
        return automaton, [payload for _, payload in entries]

    def across(self, text: str, at: int) -> frozenset[int]:
        """The tables (their numbers) with a whole-word occurrence in ``text`` of one of their phrases, chosen by
        ``find`` or not (overlapped by another), that holds offset ``at``: what may cross a cut of the text there.
        Reads the phrases' longest length around ``at``; the answers are kept per stretch read."""
        if self.empty:
            return frozenset()
        lo, hi = max(0, at - self._longest - 8), min(len(text), at + self._longest + 9)
        key = (text[lo:hi], lo == 0, hi == len(text), at - lo)
        found = self._across.get(key)
        if found is None:
            numbers: set[int] = set()
            window = key[0]
            for last, (length, entries) in self._automaton.iter(fold(window)):
                start, end = last - length + 1, last + 1
                if not start <= at - lo < end:
                    continue
                before = lo + start - 1
                if before >= 0 and (_is_word(text[before]) or text[before] in _BLOCKED_BEFORE):
                    continue
                if lo + end < len(text) and _is_word(text[lo + end]):
                    continue
                numbers.update(number for number, _ in entries)
            if len(self._across) > 4096:
                self._across.clear()
            found = self._across[key] = frozenset(numbers)
        return found

    def find(self, text: str, folded: str | None = None) -> list[list[Hit[Payload]]]:
        if self.empty:
            return [[] for _ in range(self._tables)]
        folded = fold(text) if folded is None else folded
        compiled = self._compiled
        if compiled is None:
            return self._python_find(text, folded)
        automaton, payloads = compiled
        return [[Hit(flat[i], flat[i + 1], payloads[flat[i + 2]]) for i in range(0, len(flat), 3)]
                for flat in automaton.find(text, folded)]

    def find_spans(self, text: str, folded: str | None = None) -> list[list[tuple[int, int, Payload]]]:
        """``find``'s hits as (start, end, payload) tuples, without a ``Hit`` object per hit: for the kinds that read
        every hit and keep few (the capitalisation kind keeps the miscased ones, the consistency kind tallies)."""
        if self.empty:
            return [[] for _ in range(self._tables)]
        folded = fold(text) if folded is None else folded
        compiled = self._compiled
        if compiled is None:
            return [[(h.start, h.end, h.payload) for h in hits] for hits in self._python_find(text, folded)]
        automaton, payloads = compiled
        return [list(zip(flat[0::3], flat[1::3], map(payloads.__getitem__, flat[2::3]), strict=True))
                for flat in automaton.find(text, folded)]

    def _python_find(self, text: str, folded: str) -> list[list[Hit[Payload]]]:
        found: list[list[tuple[int, int, Payload]]] = [[] for _ in range(self._tables)]
        for last, (length, entries) in self._automaton.iter(folded):
            start, end = last - length + 1, last + 1
            if start > 0 and (_is_word(text[start - 1]) or text[start - 1] in _BLOCKED_BEFORE):
                continue
            if end < len(text) and _is_word(text[end]):
                continue
            for number, payload in entries:
                found[number].append((start, end, payload))
        return [_longest_first(hits) for hits in found]


def _longest_first(hits: list[tuple[int, int, Payload]]) -> list[Hit[Payload]]:
    """Hits that do not overlap: leftmost first, the longest where several start together."""
    hits.sort(key=lambda h: (h[0], -h[1]))
    taken_until = -1
    kept: list[Hit[Payload]] = []
    for start, end, payload in hits:
        if start >= taken_until:
            taken_until = end
            kept.append(Hit(start, end, payload))
    return kept
