"""The document model: a text, its path and format, and lazily computed views of it."""

from __future__ import annotations

import bisect
import itertools
import operator
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import PurePath
from typing import Generic, NamedTuple, TypeVar

from linter.text import languages, masking, segment, tokens
from linter.text.phrases import fold as phrases_fold
from linter.text.phrases import lower as phrases_lower
from linter.text.phrases import spaces_to_space

Span = tuple[int, int]

FORMATS = ("text", "markdown")

class Words(NamedTuple):
    """The words of a document's prose, found once and shared by every check that walks words."""

    starts: list[int]
    ends: list[int]
    lowered: list[str]  # ``str.lower`` of each word

_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mdx"})


def format_for_path(path: str | None) -> str:
    if path and PurePath(path).suffix.lower() in _MARKDOWN_SUFFIXES:
        return "markdown"
    return "text"


@dataclass(frozen=True)
class Document:
    """An article. ``text`` is exactly the file's text; offsets are code points into it.

    ``prose`` is the same text with non-prose regions (code, URLs, markup) blanked out, so
    rules read prose while their offsets stay those of ``text``.

    A translation checked against its source carries that ``source`` as a second Document (its own masking,
    paragraphs and sentences, same format) and its ISO 639-1 ``source_language`` (None when it could not be told:
    the bilingual rules are then skipped). Offsets of findings are always into ``text``, the target.
    """

    text: str
    path: str | None = None
    format: str = "text"
    # a window of a larger text (linter/text/windows.py): Markdown masking cannot see the link reference
    # definitions of the other windows, so it takes every [label] for a reference link
    window: bool = False
    source: Document | None = None
    source_language: str | None = None

    @classmethod
    def from_text(cls, text: str, path: str | None = None, fmt: str | None = None, *, source: str | None = None,
                  source_language: str | None = None) -> Document:
        """The document of ``text``; with ``source``, a translation of it, whose language is ``source_language``
        (an ISO 639-1 code: languages.UnknownLanguage when it is none) or, when not given, detected."""
        fmt = fmt or format_for_path(path)
        if source is None:
            if source_language is not None:
                languages.checked(source_language)  # a wrong code is an error even without a source
            return cls(text=text, path=path, format=fmt)
        if not isinstance(source, str):
            raise TypeError(f"the source must be a string, not {type(source).__name__}")
        return cls(text=text, path=path, format=fmt, source=cls(text=source, format=fmt),
                   source_language=languages.resolve(source_language, source))

    @property
    def bilingual(self) -> bool:
        """Whether this is a translation whose source, and its language, are known: the bilingual rules run."""
        return self.source is not None and self.source_language is not None

    @classmethod
    def with_views(cls, text: str, path: str | None, fmt: str, *, masked: tuple[Span, ...],
                   paragraphs: tuple[Span, ...], prose: str | None = None,
                   sentences: tuple[Span, ...] | None = None, window: bool = False,
                   source: Document | None = None, source_language: str | None = None) -> Document:
        """A document whose masking and paragraphs (and sentences, when given) are these, not worked out from its
        text: a chunk of a larger document keeps the whole's (linter/text/chunks.py), and a document whose
        sentences were found chunk by chunk is not segmented again. ``prose`` is ``text`` with ``masked``
        blanked out (worked out when not given). The other views are worked out from these when first read.
        ``source`` and ``source_language``: a translation's, kept as they are."""
        doc = cls(text=text, path=path, format=fmt, window=window, source=source, source_language=source_language)
        views = {"masked": masked, "paragraphs": paragraphs,
                 "prose": masking.blank_out(text, masked) if prose is None else prose}
        if sentences is not None:
            views["sentences"] = sentences
        doc.__dict__.update(views)  # the cached properties' own slots, filled before anything reads them
        return doc

    @cached_property
    def masked(self) -> tuple[Span, ...]:
        return masking.mask_spans(self.text, self.format, every_label=self.window)

    @cached_property
    def mask_index(self) -> masking.MaskIndex:
        return masking.MaskIndex(self.masked, every_label=self.window)

    @cached_property
    def prose(self) -> str:
        return masking.blank_out(self.text, self.masked)

    @cached_property
    def folded(self) -> str:
        """``prose`` lowercased with the same length (offsets carry over), for phrase matching."""
        lowered = self.lowered  # read by the pattern kind's prefilter too: lowercased once for both
        if len(lowered) == len(self.prose):  # no character grew (str.lower never shrinks one): fold's very pieces
            return spaces_to_space(lowered)
        return phrases_fold(self.prose)

    @cached_property
    def lowered(self) -> str:
        """``prose`` lowercased, for cheap "does this text contain word X at all" tests."""
        return phrases_lower(self.prose)

    @cached_property
    def words(self) -> Words:
        return Words(*tokens.words(self.prose))

    @cached_property
    def paragraphs(self) -> tuple[Span, ...]:
        return tuple(segment.paragraphs(self.prose))

    @cached_property
    def sentences(self) -> tuple[Span, ...]:
        return tuple(segment.sentence_index(self.prose, list(self.paragraphs)))

    @cached_property
    def sentence_starts(self) -> frozenset[int]:
        return frozenset(s for s, _ in self.sentences)

    # Views of ``words`` that several kinds read (issue 20: kinds read the shared tokens instead of walking the
    # words again each); each is one pass at C speed over ``words``, computed when first read, then cached.
    @cached_property
    def capitalised_words(self) -> list[int]:
        """Indexes into ``words`` of the words whose first letter is upper case by ``str.isupper`` (in text
        order): the few words the case checks look at, without a Python test of every word."""
        prose = self.prose
        return list(itertools.compress(itertools.count(), map(str.isupper, map(prose.__getitem__, self.words.starts))))

    @cached_property
    def non_ascii_words(self) -> list[int]:
        """Indexes into ``words`` of the words whose lowered form (``words.lowered``) is not ASCII (usually few:
        'it’s', names with accents), in text order."""
        return list(itertools.compress(itertools.count(), map(operator.not_, map(str.isascii, self.words.lowered))))

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [s for s, _ in self.paragraphs]

    @cached_property
    def _sentence_start_list(self) -> list[int]:
        return [s for s, _ in self.sentences]

    def paragraph_at(self, offset: int) -> Span | None:
        return _span_at(self.paragraphs, self._paragraph_starts, offset)

    def sentence_at(self, offset: int) -> Span | None:
        return _span_at(self.sentences, self._sentence_start_list, offset)


def _span_at(spans: tuple[Span, ...], starts: list[int], offset: int) -> Span | None:
    i = bisect.bisect_right(starts, offset) - 1
    if i >= 0 and spans[i][0] <= offset <= spans[i][1]:
        return spans[i]
    return None


Worked = TypeVar("Worked")


class LastDocument(Generic[Worked]):
    """What ``work_out`` gives for the last document asked about, worked out again when another one is asked about.

    The checkers run one after another on one document: what several of them share (one pass over the text for a
    group of rules) is kept for that document only, held weakly so that the document is not kept alive by it, and
    let go of when the document goes (a large file's windows: the last window's work is not held beside the next
    one's). What ``work_out`` gives must not hold the document itself (a ``weakref.proxy`` of it may).
    """

    def __init__(self, work_out: Callable[[Document], Worked]):
        self._work_out = work_out
        self._document: weakref.ref[Document] | None = None
        self._worked: Worked | None = None

    def of(self, doc: Document) -> Worked:
        if self._document is None or self._document() is not doc:
            self._document = self._worked = None  # the last document's work goes before this one's is done
            self._worked = self._work_out(doc)
            self._document = weakref.ref(doc, self._gone)
        return self._worked  # type: ignore[return-value]

    def _gone(self, document: weakref.ref[Document]) -> None:
        if document is self._document:
            self._document = self._worked = None
