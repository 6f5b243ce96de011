"""Which rules find on a chunk of whole paragraphs what they find in the whole document: the analyses of a rule's
regexes and phrases that the kinds' ``scope`` (linter/kinds/base.py: Scope) rests on.

A chunk starts just after a line break and ends just after one (linter/text/chunks.py), and a paragraph-local rule
never matches a line break between paragraphs. For a regex that cannot match a line break at all, the start of a
string looks like the position after a line break, and the end of a string like the start of the next line (a
zero-width match there belongs to the next chunk and is dropped).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import regex

from linter.kept import regexes


# The analyses run when a rule's scope is first asked for (the language server, a long text), not at start-up:
# their patterns are compiled then.
@functools.cache
def _patterns() -> tuple[re.Pattern[str], regex.Pattern[str], regex.Pattern[str], regex.Pattern[str],
                         regex.Pattern[str]]:
    return (
        # A phrase matches any one whitespace character where it has a space; a break between paragraphs of one
        # character is a line break after a line that ends a sentence (segment.py): after one of these.
        re.compile(r"""[.!?…:"'”’»)\]]\s"""),
        regexes.compile(r"\\([pP])(\{[^}]*\}|[A-Za-z])"),  # a Unicode property
        # regex-module syntax whose line behaviour the analysis below does not model: not local, to be safe
        regexes.compile(r"\\[GXLRhHNz]|\[:\^?[a-z]+:\]|\(\?[^:<=!>)#P]*[VwWfrbe|]|\{[^}]*[esid][<=]"),
        # \K (not an escaped backslash before a K): it moves where the reported match starts, not what is read
        regexes.compile(r"(?<!\\)((?:\\\\)*)\\K"),
        # a named group: `regex` lets two groups share a name ("(?P<first>am|is)|(?P<first>'m)"), the standard
        # parser the analysis uses does not; read as a plain group when nothing refers to a group by name
        regexes.compile(r"(?<!\\)((?:\\\\)*)\(\?P?<(?![=!])[A-Za-z_]\w*>"),
    )


def phrase_local(phrase: str) -> bool:
    """Whether a phrase matched as the phrase matchers match (linter/text/phrases.py) never spans a break between
    paragraphs."""
    crossing = _patterns()[0]
    return not crossing.search(" ".join(str(phrase).split()))


# a reference to a group, by name or number, or a call of one
_REFERENCE = re.compile(r"\(\?P=|\\g<|\(\?&|\(\?P>|\(\?[0-9R+-]|\\[1-9]")


# Rules that remove a whole line end with one of these: the line break and the blank lines after it. Such a match
# ends just after a line break, at the latest where the next non-blank line starts, which is inside the chunk or
# its end; the end of the text (``\\Z``) is tried only where no line break follows, as in the whole document.
_LINE_TAILS = (r"(?:\r?\n(?:[ \t]*\r?\n)*|\Z)", r"(?:\r?\n|\Z)")


@functools.lru_cache(maxsize=4096)
def line_local(pattern: str, flags: int) -> bool:
    """True only if no match of ``pattern`` (lookarounds included) can contain a line break or see the start
    or end of the whole string (``\\A``, ``\\Z``; ``^``/``$`` without MULTILINE), apart from a line-removing
    tail (``_LINE_TAILS``) and a one-character lookahead. Unsure: False."""
    for tail in _LINE_TAILS:
        if pattern.endswith(tail) and not pattern.endswith("\\" + tail):
            pattern = pattern[:-len(tail)]
            break
    _, property_, unmodelled, reset, named = _patterns()
    if unmodelled.search(pattern):
        return False
    pattern = reset.sub(r"\1", pattern)
    if not _REFERENCE.search(pattern):  # a shared name is one group number in `regex`, two here: no reference
        pattern = named.sub(r"\1(", pattern)
    properties: list[str] = []

    def placeholder(m: regex.Match) -> str:
        properties.append(m.group())
        return chr(0xE000 + len(properties) - 1)

    if any(0xE000 <= ord(ch) < 0xF900 for ch in pattern):
        return False
    source = property_.sub(placeholder, pattern.replace("\\m", "\\b").replace("\\M", "\\b"))
    try:
        tree = sre_parse.parse(source, flags)
        global_flags = tree.state.flags | flags
    except (re.error, OverflowError, RecursionError, ValueError, TypeError, IndexError):
        return False
    matches_newline = []
    for prop in properties:
        try:
            matches_newline.append(regex.match(prop, "\n") is not None)
        except regex.error:
            return False
    return _local(list(tree), global_flags, matches_newline)


def _local(items: Sequence[tuple[Any, Any]], flags: int, props: list[bool]) -> bool:
    for op, av in items:
        if op is C.LITERAL:
            if _char_matches_newline(av, props):
                return False
        elif op is C.NOT_LITERAL:
            if not _char_matches_newline(av, props) or 0xE000 <= av < 0xE000 + len(props):
                return False
        elif op is C.ANY:
            if flags & re.S:
                return False
        elif op is C.IN:
            if _set_matches_newline(av, props):
                return False
        elif op is C.AT:
            if av in (C.AT_BEGINNING_STRING, C.AT_END_STRING):
                return False
            if av in (C.AT_BEGINNING, C.AT_END) and not flags & re.M:
                return False
        elif op is C.BRANCH:
            if not all(_local(list(branch), flags, props) for branch in av[1]):
                return False
        elif op is C.SUBPATTERN:
            _group, add, remove, sub = av
            if not _local(list(sub), (flags | add) & ~remove, props):
                return False
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)):
            if not _local(list(av[2]), flags, props):
                return False
        elif op in (C.ASSERT, C.ASSERT_NOT):
            direction, sub = av
            if direction == 1 and sub.getwidth()[1] <= 1 and _no_anchors(list(sub)):
                continue  # sees one character ahead: at most the line break that ends the chunk, in the chunk
            if not _local(list(sub), flags, props):
                return False
        elif op is getattr(C, "ATOMIC_GROUP", None):
            if not _local(list(av), flags, props):
                return False
        elif op is C.GROUPREF_EXISTS:
            _group, yes, no = av
            if not _local(list(yes), flags, props) or (no is not None and not _local(list(no), flags, props)):
                return False
        elif op is C.GROUPREF:
            continue  # repeats what a group matched, and the group is checked itself
        else:
            return False  # an operator this analysis does not know
    return True


def _no_anchors(items: Sequence[tuple[Any, Any]]) -> bool:
    return all(op in (C.LITERAL, C.NOT_LITERAL, C.IN, C.ANY) for op, _ in items)


def _char_matches_newline(code: int, props: list[bool]) -> bool:
    if 0xE000 <= code < 0xE000 + len(props):
        return props[code - 0xE000]
    return code == 10


def _set_matches_newline(items: Sequence[tuple[Any, Any]], props: list[bool]) -> bool:
    negate = False
    hit = False
    for op, av in items:
        if op is C.NEGATE:
            negate = True
        elif op is C.LITERAL:
            hit = hit or _char_matches_newline(av, props)
        elif op is C.RANGE:
            lo, hi = av
            if lo <= 0xE000 + len(props) and hi >= 0xE000:
                return True  # a range through a property placeholder: unsure
            hit = hit or lo <= 10 <= hi
        elif op is C.CATEGORY:
            hit = hit or av in (C.CATEGORY_SPACE, C.CATEGORY_NOT_WORD, C.CATEGORY_NOT_DIGIT,
                                C.CATEGORY_LINEBREAK, C.CATEGORY_UNI_SPACE, C.CATEGORY_UNI_NOT_WORD,
                                C.CATEGORY_UNI_NOT_DIGIT, C.CATEGORY_UNI_LINEBREAK)
            if av not in (C.CATEGORY_SPACE, C.CATEGORY_NOT_SPACE, C.CATEGORY_WORD, C.CATEGORY_NOT_WORD,
                          C.CATEGORY_DIGIT, C.CATEGORY_NOT_DIGIT, C.CATEGORY_UNI_SPACE, C.CATEGORY_UNI_NOT_SPACE,
                          C.CATEGORY_UNI_WORD, C.CATEGORY_UNI_NOT_WORD, C.CATEGORY_UNI_DIGIT,
                          C.CATEGORY_UNI_NOT_DIGIT):
                return True
        else:
            return True  # unsure
    # a negated set holding a property placeholder: the property may exclude the line break
    return not hit if negate else hit
