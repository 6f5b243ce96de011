"""Split news prose into paragraphs and sentences, keeping code-point offsets.

Good enough for news, not a general tokenizer: it knows titles and abbreviations ("Mr.",
"Dec.", "U.S."), initials, decimals, ellipses and quotes that close after the period.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import regex

from linter.kept import regexes
from linter.text import tokens

Span = tuple[int, int]

# Never end a sentence: titles and abbreviations that are followed by a name or a number.
TITLES = frozenset(
    """mr mrs ms dr prof gen col lt sgt capt cmdr adm maj gov sen rep rev hon pres st mt ft
    no nos vol art fig sec dept jan feb mar apr jun jul aug sep sept oct nov dec approx
    vs v e.g i.e cf al""".split()
)
# End a sentence only when the next word is a usual sentence opener.
AMBIGUOUS = frozenset("inc ltd co corp jr sr a.m p.m etc bros plc llc".split())
SENTENCE_OPENERS = frozenset(
    """the a an he she it they we i you this that these those there his her its their our
    but and or so yet in on at for after before when while as if although though however
    meanwhile still also some many most all one two three mr mrs ms dr president officials""".split()
)

_PARAGRAPH_BREAK = regexes.compile(r"(?:\r?\n|\r)(?:[ \t\f\v]*(?:\r?\n|\r))+")
# the same breaks in a text without "\r" (most): regex looks for a literal "\n" first, at a third of the cost
_PARAGRAPH_BREAK_LF = regexes.compile(r"\n(?:[ \t\f\v]*\n)+")
_LINE_BREAK = regexes.compile(r"\r?\n|\r")
# (?:\.{3}|…|[.!?])+ is any run of these characters, as long as it goes: said as one class, regex scans for it at
# less than half the cost of the alternation
_TERMINAL = regexes.compile(r"[.!?…]+[\"'”’»)\]]*")
_WORD_BEFORE = regexes.compile(r"(?r)(\w(?:[\w.'-]*\w)?)\.?$")  # not a quotation mark before it: 'U.S. as ‘U.S.
_NEXT_WORD = regexes.compile(r"[\s\x1c-\x1f]*[\"'“‘«(\[]*([\w'’-]+)")  # the spaces str.isspace knows
_ENDS_SENTENCE = regexes.compile(r"(?:[.!?…:]|\.{3})[\"'”’»)\]]*[ \t]*$")
_DOTTED = regexes.compile(r"(?:\w\.)+\w")  # "u.s", "a.m": compiled once (a pattern string looked up in
# regex's cache at each period cost as much as the rest of the boundary test)
_STARTS_LIKE_SENTENCE = regexes.compile(r"[ \t]*(?:[\"'“‘«(\[]*[\p{Lu}\p{N}]|[-*•#>])")


def paragraphs(text: str) -> list[Span]:
    """Paragraph spans, trimmed of surrounding whitespace.

    Blank lines separate paragraphs. Inside a block, a line break also separates paragraphs
    when the line before ends a sentence and the next line starts like one, as in articles
    stored one paragraph per line; a line that stops mid-sentence is a soft wrap.

    The compiled segmenter (native/src/segment.rs) when linter/text/tokens.py uses the compiled module, else its
    twin ``_python_paragraphs``, identical (tests/test_native_segment.py).
    """
    module = tokens.choice().module
    if module is None:
        return _python_paragraphs(text)
    return module.paragraphs(text)


def _python_paragraphs(text: str) -> list[Span]:
    spans: list[Span] = []
    pos = 0
    returns = "\r" in text
    for brk in (_PARAGRAPH_BREAK if returns else _PARAGRAPH_BREAK_LF).finditer(text):
        _add_block(text, pos, brk.start(), spans, returns)
        pos = brk.end()
    _add_block(text, pos, len(text), spans, returns)
    return spans


def _add_block(text: str, start: int, end: int, out: list[Span], returns: bool = True) -> None:
    if not returns and text.find("\n", start, end) < 0:  # one line (most blocks): no line break to look at
        _add_trimmed(text, start, end, out)
        return
    line_start = start
    for brk in _LINE_BREAK.finditer(text, start, end):
        line = text[line_start:brk.start()]
        following = text[brk.end():end]
        if _ENDS_SENTENCE.search(line) and _STARTS_LIKE_SENTENCE.match(following):
            _add_trimmed(text, start, brk.start(), out)
            start = brk.end()
        line_start = brk.end()
    _add_trimmed(text, start, end, out)


def _add_trimmed(text: str, start: int, end: int, out: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))


def sentences(text: str, paragraph: Span) -> list[Span]:
    """Sentence spans inside one paragraph span."""
    start, end = paragraph
    spans: list[Span] = []
    sentence_start = start
    for term in _TERMINAL.finditer(text, start, end):
        after = term.end()
        if after < end and not text[after].isspace():
            continue  # "3.5", "bbc.com", "U.S." inside a token, "morning.Gleb"
        if not _is_boundary(text, sentence_start, term, end):
            continue
        spans.append((sentence_start, after))
        sentence_start = after
        while sentence_start < end and text[sentence_start].isspace():
            sentence_start += 1
    if sentence_start < end:
        spans.append((sentence_start, end))
    return spans


def _is_boundary(text: str, sentence_start: int, term: regex.Match, end: int) -> bool:
    # read in place: a copy of the rest of the paragraph at every terminal was quadratic in its length
    next_word = _NEXT_WORD.match(text, term.end(), end)
    if next_word is None:
        return True
    word = next_word.group(1)
    starts_upper = word[0].isupper() or word[0].isdigit()
    mark = term.group()
    if mark.startswith(("...", "…")):
        return starts_upper
    if mark[0] != ".":
        return starts_upper
    before = _WORD_BEFORE.search(text, sentence_start, term.start())  # a reverse search: from the period back
    token = before.group(1).lower() if before else ""
    if token in TITLES:
        return False
    if token in AMBIGUOUS or _DOTTED.fullmatch(token):
        # "U.S.", "a.m.": a boundary only before a usual sentence opener
        return word.lower() in SENTENCE_OPENERS and starts_upper
    if len(token) == 1 and token.isalpha() and before and before.group(1).isupper():
        return False  # an initial: "John F. Kennedy"
    return starts_upper


def joins_paragraphs(paragraph_spans: Sequence[Span], start: int, end: int, replacement: str) -> bool:
    """Whether replacing ``[start, end)`` with ``replacement`` removes the break between two paragraphs: it
    covers all of the space between them ("the⏎⏎Ukraine" -> "Ukraine") and puts no line break back. A
    headline and the paragraph under it are two paragraphs."""
    if "\n" in replacement or "\r" in replacement:
        return False
    first = bisect.bisect_left(paragraph_spans, start, key=lambda span: span[1])  # the first ending at or after start
    return first + 1 < len(paragraph_spans) and paragraph_spans[first + 1][0] <= end


def _python_sentence_index(text: str, paragraph_spans: Sequence[Span]) -> list[Span]:
    out: list[Span] = []
    for paragraph in paragraph_spans:
        out.extend(sentences(text, paragraph))
    return out


_compiled: tuple[object, object] = (None, None)  # (the compiled module, its Segmenter with this module's words)


def sentence_index(text: str, paragraph_spans: Sequence[Span]) -> list[Span]:
    """The sentence spans of every paragraph span, in order: the compiled segmenter (native/src/segment.rs) when
    linter/text/tokens.py uses the compiled module, else its twin here, identical (tests/test_native_segment.py)."""
    global _compiled
    module = tokens.choice().module
    if module is None:
        return _python_sentence_index(text, paragraph_spans)
    if _compiled[0] is not module:
        _compiled = (module, module.Segmenter(sorted(TITLES), sorted(AMBIGUOUS), sorted(SENTENCE_OPENERS)))
    return _compiled[1].sentences(text, paragraph_spans)  # type: ignore[attr-defined]
