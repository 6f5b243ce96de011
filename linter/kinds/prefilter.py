"""Literal words a regex cannot match without, so a rule can skip texts that lack all of them.

``required_literals(r"(?i)\\bon\\s+the\\s+other\\s+hand,")`` is ``{"other"}``: every match
contains "other" (in any case), so a text whose lowercased form lacks it needs no regex run.
Runs of punctuation count too when they are rare in prose: ``r"(?<=\\S)[ ]{2,}(?=\\S)"`` needs "  ",
``r",[.;]"`` needs ",." or ",;". The analysis is conservative: when in doubt it returns None and the
rule always runs.

The strings are looked for in the lowercased text with a line break added at either end (``searched``): a line
start (``^``, ``\\A``) is after a line break there and a line or text end (``$``, ``\\Z``) before one, so
``r"(?m)^[ \\t]*(?:Getty|AFP)\\b"`` needs one of "\\ngetty", "\\nafp", "\\n " and "\\n\\t": a credit line, or a
line that starts with a space or a tab. Groups of alternatives spelled out in full (``(?:\\r|\\n|\\Z)``,
``(?:Getty|AFP)``) continue the strings before them.

Every process needs the literals of every pattern rule, and the analysis parses each regex with ``re``'s
parser, a noticeable part of start-up (bench/PERF.md); ``kept_literals`` keeps them between runs in one JSON
file (a ``store.Memo``), keyed by copydesk's version and this module's code.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import regex

from linter.kept import regexes, store
from linter.kept.hashing import key_hash
from linter.kinds.base import stdlib_flags
from linter.version import VERSION

MIN_LENGTH = 3
_UNKNOWN = "\ue000"  # stands for regex-only syntax the standard parser cannot read (``\\p{L}``): never a literal
_UNKNOWN_CODE = ord(_UNKNOWN)
_REGEX_ONLY = regexes.compile(r"\\[pP]\{[^}]*\}|\\[pP][A-Za-z]|\\L<\w+>|\\X|\\m|\\M|\\G")
_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)}
EDGE = "\n"  # what ``searched`` adds at either end of a text


def searched(lowered: str) -> str:
    """The text the required strings are looked for in: ``lowered`` (a text's ``str.lower()``) with a line break
    added at either end, so that a string required next to a line or text start or end is found there too."""
    return EDGE + lowered + EDGE


SPACES = frozenset(" \u00a0")  # the characters ``collapsed`` writes as one space, however many there are in a row


def collapsed(lowered: str) -> str:
    """``searched(lowered)`` with every run of spaces and no-break spaces written as one space: the text the
    collapsed strings (``collapsed_literals``) are looked for in. ``a[ \\u00a0]+b`` needs "a b" there."""
    if "\u00a0" in lowered:
        lowered = lowered.replace("\u00a0", " ")
    while "  " in lowered:  # each pass halves the longest run: a few passes of str.replace beat one re.sub
        lowered = lowered.replace("  ", " ")
    return EDGE + lowered + EDGE


BOUNDARY = "\ue001"  # begins a collapsed string found only where a word starts or ends before it (``\\b``)
_WORD = regex.compile(r"\w")


def at_boundary(text: str, start: int) -> bool:
    """Whether ``regex``'s ``\\b`` holds before ``text[start]`` (``start`` > 0: ``collapsed`` begins with a line
    break)."""
    return (_WORD.match(text, start - 1) is None) != (_WORD.match(text, start) is None)


def collapsed_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Lowercased strings one of which every match (or its lookahead) contains in the text as ``collapsed`` gives
    it, when looking for them is worth it; None if unknown or not worth it. For a regex without a required literal
    whose matches join short common words by spaces (``(?:is|are)[ \\u00a0]+(?:is|are)``: "is are", "are is"...):
    each word alone is in every text, the pairs in almost none."""
    best = _strings(pattern, flags, collapse=True)
    # two words or more in order, each alone too common to look for: a string without an inner space would be a
    # required literal, which ``required_literals`` finds when it is worth it
    if best is None or not all(_useful(s.lstrip(BOUNDARY)) and " " in s.lstrip(BOUNDARY).strip(" ") for s in best):
        return None
    return best


def kept_collapsed(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """``collapsed_literals(pattern, flags)``, read back when an earlier run derived it."""
    return _kept(f"collapsed:{int(flags)}:{pattern}", lambda: collapsed_literals(pattern, flags))


def required_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Lowercased strings one of which every match (or its lookahead) contains, when looking for them is
    worth it (words of MIN_LENGTH characters, rare marks); None if unknown or not worth it."""
    best = required_strings(pattern, flags)
    if best is None or not all(_useful(s) for s in best):
        return None
    return best


def _memo_file_name() -> str:
    """Named for copydesk's version and this module's size and time: changed code derives its literals again."""
    try:
        stat = Path(__file__).stat()
        stamp = f"{stat.st_size}:{stat.st_mtime_ns}"
    except OSError:
        stamp = ""
    digest = key_hash(f"{VERSION}\0{stamp}".encode()).hexdigest()[:32]
    return f"literals-{digest}.json"


MEMO = store.Memo("required literals of the pattern rules", "derived", "literals-*.json", _memo_file_name,
                  max_entries=20_000, encoding="json")


def kept_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """``required_literals(pattern, flags)``, read back when an earlier run derived it."""
    return _kept(f"{int(flags)}:{pattern}", lambda: required_literals(pattern, flags))


def _kept(key: str, derive: Callable[[], frozenset[str] | None]) -> frozenset[str] | None:
    """The strings ``MEMO`` holds under ``key`` (None: none worth finding), or ``derive()``'s, kept there."""
    known = MEMO.get(key, False)
    if known is None:
        return None
    if isinstance(known, list) and all(isinstance(word, str) for word in known):
        return frozenset(known)
    result = derive()
    MEMO.put(key, None if result is None else sorted(result))
    return result


def required_strings(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Lowercased strings one of which every match (or its lookahead) contains, however short, in the text as
    ``searched`` gives it (its line breaks before a line start and after a line end included); None if unknown.
    The analysis behind ``required_literals``, without its judgement of what is worth finding."""
    return _strings(pattern, flags)


def _strings(pattern: str, flags: int = 0, collapse: bool = False) -> frozenset[str] | None:
    """``required_strings``; with ``collapse``, in the text as ``collapsed`` gives it (a space or no-break space, or a
    run of them, is one space there), reading `regex`'s ``\\K`` and repeated group names (``(?P<first>a)|(?P<first>b)``)
    too, which the standard parser refuses."""
    # a character of its own, never spelled out: a "." put in its place would read as a literal full stop inside a
    # class ("[\\p{L}\\p{N}]")
    source = _drop_lookbehinds(_REGEX_ONLY.sub(_UNKNOWN, pattern))
    try:
        tree = sre_parse.parse(source, stdlib_flags(flags))
    except (re.error, OverflowError, RecursionError, ValueError):
        if not collapse:
            return None
        # \K only moves where the reported match starts (what came before it is matched all the same); a group's
        # name changes nothing matched; a reference to one is matched text this analysis does not spell
        source = _NAMED_REFERENCE.sub(lambda m: m[1] + _UNKNOWN, source)
        source = _NAMED_GROUP.sub(lambda m: m[1] + "(?:", _KEEP_OUT.sub(lambda m: m[1], source))
        try:
            tree = sre_parse.parse(source, stdlib_flags(flags))
        except (re.error, OverflowError, RecursionError, ValueError):
            return None
    # `regex`'s WORD flag makes more than a line break end a line: the anchors are then not spelled out; it and
    # ASCII change what \b is, so collapsed strings then say nothing of word boundaries
    boundaries = collapse and not flags & (regex.WORD | regex.ASCII) and not _ASCII_INLINE.search(pattern)
    best = _sequence(list(tree), anchors=not flags & regex.WORD, collapse=collapse and (2 if boundaries else 1))
    return None if best is None else frozenset(_minimal(best))


# an unescaped \K, "(?P<name>" and "(?P=name)" (an even number of backslashes before them); such text inside a class
# is not told apart: tests/test_collapsed_gate.py checks every shipped rule gated this way on real text
_ASCII_INLINE = re.compile(r"\(\?[a-zA-Z-]*[aw]")
_KEEP_OUT = re.compile(r"(?<!\\)((?:\\\\)*)\\K")
_NAMED_GROUP = re.compile(r"(?<!\\)((?:\\\\)*)\(\?P<\w+>")
_NAMED_REFERENCE = re.compile(r"(?<!\\)((?:\\\\)*)\(\?P=\w+\)")


def _useful(text: str) -> bool:
    """Whether finding ``text`` in a text says something: a word of MIN_LENGTH characters, or rare marks; not one
    of the commonest words with spaces or marks around it (" the ", " a "): most sentences hold those. After a
    line break such a word is a line's start ("\\nby ", a byline), found once a paragraph at the most."""
    if EDGE not in text and text.strip(_AROUND_WORDS) in _COMMONEST and text.strip(_AROUND_WORDS) != text:
        return False
    return len(text) >= MIN_LENGTH or _rare(text)


_AROUND_WORDS = " \t\n\r\u00a0.,;:'’\"“”()-"
# a string that is one of these between spaces or marks is found in nearly every paragraph of English news
_COMMONEST = frozenset("the a an and of to in is it as on at by for with that this was his her its my our your their "
                       "he she they we you be are or not from".split())


def _rare(text: str) -> bool:
    """Short literals are worth testing for only when they are rare in prose: no letters or digits, and
    not a character or pair that every sentence has (a space, a comma, ". ")."""
    if any(ch.isalnum() for ch in text):
        return False
    if len(text) == 1:
        return text not in _COMMON_CHARS
    return text not in _COMMON_PAIRS


# a tab or a no-break space is rare in prose; an ordinary space, a line break or a comma is not
_COMMON_CHARS = frozenset(" \n\r.,'’\"-")
_COMMON_PAIRS = frozenset(
    {p + w for p in ".,;:!?\"'”’)]" for w in " \n\r"} | {w + q for w in " \n" for q in "\"“‘'([—–-"}
    | {"\r\n", "\n\n", ".\"", ",\"", ".”", ",”", ".’", ",’", " —", "— ", " –", "– ", " -", "- "})
_MAX_STRINGS = 96  # the most strings a run of characters, classes and groups is spelled out into


def _sequence(items: list, anchors: bool = True, collapse: int = 0, start: str = "") -> set[str] | None:
    """The best set of strings one of which every match of ``items`` contains, or None.

    A run of literals and small classes is spelled out: ``[ \\u00a0]{2}`` needs one of four two-character
    strings, ``x[,;]`` one of "x," and "x;". A repeated character or class (``[ ]+``) ends a run after its
    first repetitions and starts the next one with its last: ``a[ ]+b`` needs "a " and " b". An optional one
    goes on with and without it (``a\\(?b``: "ab" or "a(b"); after one that may repeat, the run with one of it
    is a string of its own (``a[ ]*b``: "ab" or "a "). A group of alternatives spelled out in full goes on
    the run (``a(?:b|c)``: "ab" or "ac"). With ``anchors``, a line start begins a run with the line break
    before it and a line end closes one with the line break after it (``searched``). With ``collapse``, for the text
    as ``collapsed`` gives it: a space, a no-break space or a repetition of them is one space (``is[ \\u00a0]+are``:
    "is are"), and a class that holds a space among other characters ends a run; with ``collapse`` 2, a ``\\b``
    beginning a run begins its strings with ``BOUNDARY`` (a lookahead after it too, by ``start``).
    """
    candidates: list[set[str]] = []
    run: set[str] = {start}
    done: set[str] = set()  # strings of paths that ended while the run went on (see ``x*`` below)

    def close() -> None:
        nonlocal run, done
        if run not in ({""}, {BOUNDARY}) or done:
            candidates.append(_minimal({"" if s == BOUNDARY else s.lower() for s in run | done}))
        run, done = {""}, set()

    def extend(chars: set[str]) -> None:
        nonlocal run
        grown = {_join(r, c, collapse) for r in run for c in chars}
        if len(grown) + len(done) > _MAX_STRINGS:
            close()
            grown = set(chars)
        run = grown

    for op, av in items:
        spaces = _spaces(op, av) if collapse else None
        if spaces is not None:
            if spaces:
                extend({" "})
            elif run != {""}:
                run = run | {_join(r, " ", True) for r in run}  # [ ]* or [ ]?: the run goes on with a space or without
        elif collapse and _holds_space(op, av):
            close()  # [ \\t]: one space of a run of them, or a tab
        elif collapse == 2 and op is C.AT and av is C.AT_BOUNDARY and run == {""} and not done:
            run = {BOUNDARY}
        elif op is C.LITERAL and av != _UNKNOWN_CODE:
            extend({chr(av)})
        elif op is C.AT:
            if anchors and av in _LINE_STARTS:
                close()
                run = {EDGE}  # after a line break, or the text's start (``searched``)
            elif anchors and av in _LINE_ENDS:
                extend({EDGE})  # before a line break, or the text's end; what follows may read that line break
                close()
            # else zero-width: "the\\b" still needs "the"
        elif op is C.IN and (chars := _literal_class(av)) is not None:
            extend(chars)
        elif op in _REPEATS and av[0] >= 1 and (chars := _single_character(list(av[2]))) is not None:
            times = min(av[0], 2)
            for _ in range(times):  # the first repetitions follow what came before
                extend(chars)
            close()
            for _ in range(times):  # the last ones come before what follows
                extend(chars)
        elif (op in _REPEATS and av[0] == 0 and run != {""} and (chars := _single_character(list(av[2]))) is not None
              and len(run) * (len(chars) + 1) + len(done) <= _MAX_STRINGS):
            with_one = {r + c for r in run for c in chars}
            if av[1] == 1:
                run = run | with_one  # x?: the run goes on with x or without it
            else:
                done = done | with_one  # x*: with one x the path is spelled no further; without, it goes on
        elif op in (C.SUBPATTERN, C.BRANCH) and (spelled := _spelled([(op, av)], anchors, collapse)) is not None:
            strings, whole = spelled
            extend(strings)
            if not whole:
                close()  # the strings the group's matches start with: what follows is not spelled on
            # and, as for a group not spelled out, the best strings of its own (a better choice when the strings
            # it starts with are short: "as " of "As (?:it )?has become known")
            if inner := _group(op, av, anchors, collapse):
                candidates.append(inner)
        elif op in (C.SUBPATTERN, C.BRANCH):
            close()
            if inner := _group(op, av, anchors, collapse):
                candidates.append(inner)
        elif op in _REPEATS:
            close()
            low, _high, sub = av
            if low >= 1:
                inner = _sequence(list(sub), anchors, collapse)
                if inner:
                    candidates.append(inner)
        elif op is C.ASSERT:
            at = BOUNDARY if run == {BOUNDARY} and not done and av[0] == 1 else ""  # \\b(?=the a ): "the a " after \\b
            close()
            inner = _sequence(list(av[1]), anchors, collapse, at)
            if inner:
                candidates.append(inner)
        elif op is C.ATOMIC_GROUP if hasattr(C, "ATOMIC_GROUP") else False:
            close()
            inner = _sequence(list(av), anchors, collapse)
            if inner:
                candidates.append(inner)
        else:
            close()  # other classes, any-char, back-references, negative lookarounds: no literal
    close()
    if not candidates:
        return None
    return max(candidates, key=_worth)


def _group(op: object, av: object, anchors: bool, collapse: int = 0) -> set[str] | None:
    """The best strings of a group (``_sequence`` of its items) or of alternatives (the union of each one's best,
    when each has some)."""
    if op is C.SUBPATTERN:
        return _sequence(list(av[-1]), anchors, collapse)  # type: ignore[index]
    branches = [_sequence(list(b), anchors, collapse) for b in av[1]]  # type: ignore[index]
    if branches and all(branches):
        return set().union(*branches)  # type: ignore[arg-type]
    return None


_LINE_STARTS = (C.AT_BEGINNING, C.AT_BEGINNING_STRING)  # ^ (with or without MULTILINE), \A
_LINE_ENDS = (C.AT_END, C.AT_END_STRING)  # $ (with or without MULTILINE), \Z


def _spelled(items: list, anchors: bool, collapse: int = 0) -> tuple[set[str], bool] | None:
    """Every string ``items`` can match, lowercased (True), or the strings every match of them starts with (False),
    for literals, small classes and groups of alternatives of them; None when neither is known or there would be
    more than ``_MAX_STRINGS``. A line end is spelled as the line break after it (``searched``), and ends the
    spelling: what follows may read that line break again."""
    out: set[str] = {""}
    for op, av in items:
        whole = True
        chars: set[str] | None = None
        spaces = _spaces(op, av) if collapse else None
        if spaces is not None:
            chars = {" "} if spaces else {"", " "}
        elif collapse and _holds_space(op, av):
            chars = None
        elif collapse == 2 and op is C.AT and av is C.AT_BOUNDARY and out == {""}:
            chars = {BOUNDARY}
        elif op is C.LITERAL and av != _UNKNOWN_CODE:
            chars = {chr(av)}
        elif op is C.IN:
            chars = _literal_class(av)
        elif op is C.AT:
            if av in _LINE_STARTS:
                chars = None  # what comes before is not spelled here
            elif anchors and av in _LINE_ENDS:
                chars, whole = {EDGE}, False
            elif av not in _LINE_ENDS:
                continue  # \\b, \\B: zero-width
        elif op is C.SUBPATTERN:
            inner = _spelled(list(av[-1]), anchors, collapse)
            if inner is not None:
                chars, whole = inner
        elif op is C.BRANCH:
            parts = [_spelled(list(branch), anchors, collapse) for branch in av[1]]
            if parts and all(part is not None for part in parts):
                chars = set().union(*(part[0] for part in parts if part is not None))
                whole = all(part[1] for part in parts if part is not None)
        elif op in _REPEATS and av[0] >= 1:
            inner = _spelled(list(av[2]), anchors, collapse)
            if inner is not None:  # the first repetition; the rest are not spelled
                chars, whole = inner[0], inner[1] and av[0] == av[1] == 1
        if chars is None:
            return (out, False) if out != {""} else None
        out = {_join(o, c.lower(), collapse) for o in out for c in chars}
        if len(out) > _MAX_STRINGS:
            return None
        if not whole:
            return out, False
    return out, True


def _join(left: str, right: str, collapse: int) -> str:
    """``left + right``; with ``collapse``, a space ending ``left`` and one starting ``right`` are one space, and a
    ``BOUNDARY`` is kept only where a string begins (dropping one asks less of a text)."""
    if collapse:
        if left and right.startswith(BOUNDARY):
            right = right[1:]
        if left.endswith(" ") and right.startswith(" "):
            return left + right[1:]
    return left + right


def _spaces(op: object, av: Any) -> bool | None:
    """For an item that matches spaces and no-break spaces only: True when it matches at least one (``[ ]``,
    ``[ \\u00a0]+``), False when it may match none (``[ ]?``, ``[ ]*``); None for any other item."""
    if op in _REPEATS:
        chars = _single_character(list(av[2]))
        if chars is None or not chars <= SPACES:
            return None
        return av[0] >= 1
    chars = _single_character([(op, av)])
    return None if chars is None or not chars <= SPACES else True


def _holds_space(op: object, av: Any) -> bool:
    """Whether a literal, a listed class or a repetition of one can match a space or a no-break space (among other
    characters: ``_spaces`` takes those that match nothing else)."""
    if op in _REPEATS:
        sub = list(av[2])
        return len(sub) == 1 and _holds_space(*sub[0])
    chars = _single_character([(op, av)]) if op in (C.LITERAL, C.IN) else None
    return chars is not None and not chars.isdisjoint(SPACES)


def _minimal(strings: set[str]) -> set[str]:
    """``strings`` without those that hold another of them: a text holds one of either set alike. Only for a set of
    strings looked for as they are, never for parts of strings still to be spelled on ("per" + "cent" or " cent":
    "per cent" does not hold "percent")."""
    return {s for s in strings if not any(t != s and t in s for t in strings)}


def _worth(strings: set[str]) -> tuple[bool, bool, int, int]:
    """How good a filter a set of required strings makes: words of MIN_LENGTH first, then sets of words
    and rare marks."""
    shortest = min(len(x) for x in strings)
    return shortest >= MIN_LENGTH, all(_useful(x) for x in strings), shortest, -len(strings)


def _single_character(items: list, lower: bool = True) -> set[str] | None:
    """The characters a one-character item can match (a literal or a small class), else None; a class's lowercased
    unless ``lower`` is false."""
    if len(items) != 1:
        return None
    op, av = items[0]
    if op is C.LITERAL:
        return {chr(av)} if av != _UNKNOWN_CODE else None
    return _literal_class(av, lower) if op is C.IN else None


def _literal_class(items: list, lower: bool = True) -> set[str] | None:
    """The characters of a class made only of listed characters ("[!?]"), lowercased unless ``lower`` is false;
    else None."""
    chars = set()
    for op, av in items:
        if op is not C.LITERAL or av == _UNKNOWN_CODE:
            return None
        chars.add(chr(av).lower() if lower else chr(av))
    return chars if 0 < len(chars) <= 16 else None


def _drop_lookbehinds(pattern: str) -> str:
    """Remove lookbehind groups, which re cannot parse when their width varies; they add no literal."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith(("(?<=", "(?<!"), i):
            i += _group_end(pattern[i:])
            continue
        if pattern[i] == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if pattern[i] == "[":
            end = _class_end(pattern, i)
            out.append(pattern[i:end])
            i = end
            continue
        out.append(pattern[i])
        i += 1
    return "".join(out)


def _class_end(pattern: str, start: int) -> int:
    j = start + 1
    if j < len(pattern) and pattern[j] == "^":
        j += 1
    if j < len(pattern) and pattern[j] == "]":
        j += 1
    while j < len(pattern) and pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return j + 1


# Start strings: where a match can begin, for a rule without a required string worth looking for (pattern.py's
# start trigger). A match attempt at ``p`` can only succeed where the text holds one of a few case-sensitive strings
# around ``p``: the words a regex begins with ("The", "However"), what the end of a lookbehind before them needs
# (" The" after ``(?<=\\p{Ll}[ ])``), a line start's line break ("\\nShare"). The text is read as ``searched`` gives
# it but not lowercased (``EDGE`` + text): a line start is after a line break there.

MIN_START = 2  # characters: a start string shorter than this is in too many places to pay for the matches tried there


def start_strings(pattern: str, flags: int = 0) -> frozenset[tuple[str, int]] | None:
    """Pairs ``(string, before)`` such that wherever a match of ``pattern`` begins, at ``p`` in a text, one of the
    strings starts ``before`` characters before ``p`` in ``EDGE + text`` (where ``p`` is ``p + 1``; ``before`` counts
    the characters of a lookbehind's end, or the line break before a line start, read before ``p``). None when
    unknown, when a match may be empty (``start_strings`` serves a ``finditer`` rebuilt from ``match`` calls, whose
    handling of empty matches it does not copy), or when a string is shorter than ``MIN_START``.

    Case-sensitive: a regex that ignores case gives None. With ``\\K``, the strings are where a match attempt begins
    (the reported match begins later).
    """
    if flags & (regex.IGNORECASE | regex.WORD):
        return None
    source = _REGEX_ONLY.sub(_UNKNOWN, pattern)
    kept_out = list(_KEEP_OUT.finditer(source))
    if kept_out:
        # \K moves the reported start, not where the attempt began, which is what the strings find; what follows the
        # last one (at the top level: else it does not parse) must not be empty, so that no reported match is
        try:
            if sre_parse.parse(source[kept_out[-1].end():], stdlib_flags(flags)).getwidth()[0] == 0:
                return None
        except (re.error, OverflowError, RecursionError, ValueError):
            return None
        source = _KEEP_OUT.sub(lambda m: m[1], source)
    tails: set[str] = {""}
    while source.startswith(("(?<=", "(?<!")):
        end = _group_end(source)
        if source.startswith("(?<="):
            found = _tails(source[4:end - 1])
            if found is not None and min(map(len, found)) > min(map(len, tails)):
                tails = found
        source = source[end:]
    try:
        tree = sre_parse.parse(_drop_lookbehinds(source), stdlib_flags(flags))
        if tree.getwidth()[0] == 0 or tree.state.flags & re.IGNORECASE:
            return None
    except (re.error, OverflowError, RecursionError, ValueError):
        return None
    items = list(tree)
    if items and items[0][0] is C.AT and items[0][1] in _LINE_STARTS:
        tails, items = {EDGE}, items[1:]  # the line break before a line start (the EDGE at the text's)
    found = _starts(items)
    if found is None:
        return None
    out = frozenset((tail + string, len(tail)) for tail in tails for string in found)
    if any(len(string) < MIN_START for string, _ in out):
        return None
    return out


def kept_starts(pattern: str, flags: int = 0) -> frozenset[tuple[str, int]] | None:
    """``start_strings(pattern, flags)``, read back when an earlier run derived it."""
    kept = _kept(f"starts:{int(flags)}:{pattern}", lambda: _encoded(start_strings(pattern, flags)))
    return None if kept is None else frozenset((s.split(":", 1)[1], int(s.split(":", 1)[0])) for s in kept)


def _encoded(starts: frozenset[tuple[str, int]] | None) -> frozenset[str] | None:
    return None if starts is None else frozenset(f"{before}:{string}" for string, before in starts)


def tried(pattern: regex.Pattern, text: str, starts: Iterable[int]) -> Iterator[regex.Match]:
    """``pattern.finditer(text)``, trying the regex only at ``starts`` (sorted; every place a match can begin among
    them), for a regex whose matches are never empty: left to right, each match from where the one before ended.
    ``match(text, pos)`` reads the text before ``pos`` as ``finditer`` does (lookbehinds, ``\\b``, ``^`` after a line
    break). The pattern kind's start trigger (``start_strings``), the sentence kind's CD302 and the dates-numbers
    kind's month names find their places so."""
    end = 0
    match = pattern.match
    for start in starts:
        if start >= end and (m := match(text, start)) is not None:
            end = m.end()
            yield m


def offsets(text: str, strings: Iterable[str]) -> list[int]:
    """Where one of ``strings`` (none empty) begins in ``text``, sorted, each place once: found by ``str.find``, for
    strings rare in news (a regex scan of their alternation or class tries every position)."""
    found: list[int] = []
    count = 0
    for string in strings:
        count += 1
        at = text.find(string)
        while at >= 0:
            found.append(at)
            at = text.find(string, at + 1)
    return sorted(set(found)) if count > 1 else found


def _group_end(source: str) -> int:
    """The index after the group that begins ``source`` (its closing parenthesis)."""
    depth, j = 0, 0
    while j < len(source):
        ch = source[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "[":
            j = _class_end(source, j)
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return len(source)


def _tails(source: str) -> set[str] | None:
    """Strings one of which ends every match of a lookbehind's ``source`` (its last literals and small classes)."""
    try:
        tree = sre_parse.parse(_drop_lookbehinds(source))
    except (re.error, OverflowError, RecursionError, ValueError):
        return None
    if tree.state.flags & re.IGNORECASE:
        return None
    out = {""}
    for op, av in reversed(list(tree)):
        if op in (C.ASSERT, C.ASSERT_NOT) or (op is C.AT and av in (C.AT_BOUNDARY, C.AT_NON_BOUNDARY)):
            continue  # zero-width, and this analysis needs nothing of them
        chars = _exact_chars([(op, av)])
        if chars is None:
            break
        out = {c + o for c in chars for o in out}
        if len(out) > _MAX_STRINGS:
            return None
    return out if out != {""} else None


def _exact_chars(items: list) -> set[str] | None:
    """The characters a literal or a class of listed characters matches, case kept; else None."""
    return _single_character(items, lower=False)


def _starts(items: list) -> set[str] | None:
    """The case-sensitive strings one of which begins every match of ``items``, None when unknown.

    Literals, small classes, groups and alternatives of them are spelled on; an optional item ends the paths that
    take it; a positive lookahead spelled out ends the paths through it (its characters are read again after it); a
    back-reference to a group of one character spelled just before repeats it (``([,;])\\1``: ",," or ";;")."""
    groups: dict[int, int] = {}  # a group of one character spelled -> where it is in every string of ``out``
    out: set[str] = {""}
    done: set[str] = set()  # paths spelled no further
    choices: list[set[str]] = []  # other sets as good as the result: a lookahead's own strings

    def result() -> set[str] | None:
        sets = [_shortest(s) for s in (out | done, *choices) if "" not in s]
        sets = [s for s in sets if len(s) <= _MAX_STRINGS]
        return max(sets, key=lambda s: (min(map(len, s)), -len(s))) if sets else None

    for op, av in items:
        chars: set[str] | None = None
        whole = True
        if (op is C.AT and av in (C.AT_BOUNDARY, C.AT_NON_BOUNDARY)) or op is C.ASSERT_NOT:
            continue  # zero-width: what follows starts at the same place
        if op is C.ASSERT:
            if av[0] != 1:
                continue  # a lookbehind after the start: zero-width
            inner = _starts(list(av[1]))
            if inner is not None:
                choices.append({o + s for o in out for s in inner} | done)
            continue
        exact = _exact_chars([(op, av)])
        if exact is not None:
            chars = exact
        elif op is C.SUBPATTERN:
            group, add_flags, _del_flags, sub = av
            if add_flags & re.IGNORECASE:
                return result()
            spelled = _whole(list(sub))
            if spelled is not None:
                chars = spelled
                if group is not None and all(len(s) == 1 for s in spelled) and len({len(o) for o in out}) == 1:
                    groups[group] = len(next(iter(out)))
            else:
                inner = _starts(list(sub))
                if inner is not None:
                    chars, whole = inner, False
        elif op is C.BRANCH:
            spelled = _whole([(op, av)])
            if spelled is not None:
                chars = spelled
            else:
                parts = [_starts(list(branch)) for branch in av[1]]
                if parts and all(part is not None for part in parts):
                    chars, whole = set().union(*parts), False  # type: ignore[arg-type]
        elif op is C.GROUPREF and av in groups:
            at = groups[av]
            out = {o + o[at] for o in out}
            continue
        elif op in _REPEATS and av[0] >= 1 and len(av[2]) == 1 and av[2][0][0] is C.GROUPREF and av[2][0][1] in groups:
            at = groups[av[2][0][1]]
            out = {o + o[at] for o in out}
            return result()  # what follows the repetitions is not spelled
        elif op in _REPEATS:
            low, high, sub = av
            spelled = _whole(list(sub))
            inner = spelled if spelled is not None else _starts(list(sub))
            if inner is not None and low == 0:
                taken = {o + s for o in out for s in inner}  # with it the path is spelled no further
                if len(out) + len(done | taken) > _MAX_STRINGS:
                    return result()  # the strings so far begin every match too
                done = done | taken
                continue
            if inner is not None:
                chars, whole = inner, spelled is not None and low == high == 1
        if chars is None or len(out) * len(chars) + len(done) > _MAX_STRINGS:
            return result()
        out = {o + c for o in out for c in chars}
        if not whole:
            return result()
    return result()


def _shortest(strings: set[str]) -> set[str]:
    """``strings`` without those that begin with another of them: a match that begins with one begins with the other."""
    return {s for s in strings if not any(t != s and s.startswith(t) for t in strings)}


def _whole(items: list) -> set[str] | None:
    """Every string ``items`` can match, case kept: literals, small classes, groups and alternatives of them; None
    when something else is among them or there would be more than ``_MAX_STRINGS``."""
    out: set[str] = {""}
    for op, av in items:
        chars = _exact_chars([(op, av)])
        if chars is None and op is C.SUBPATTERN and not av[1] & re.IGNORECASE:
            chars = _whole(list(av[-1]))
        elif chars is None and op is C.BRANCH:
            parts = [_whole(list(branch)) for branch in av[1]]
            chars = set().union(*parts) if parts and all(p is not None for p in parts) else None  # type: ignore[arg-type]
        elif chars is None and op is C.AT and av in (C.AT_BOUNDARY, C.AT_NON_BOUNDARY):
            continue
        if chars is None:
            return None
        out = {o + c for o in out for c in chars}
        if len(out) > _MAX_STRINGS:
            return None
    return out


# Repeated ends: a regex whose matches repeat a group's text after spaces (``(\p{Lu}[^.!?\n]{15,1000}+[.!?])\s+\1``, a
# sentence written twice). The group ends with one of a few characters (``ends``) and holds at least ``n`` others
# before it; its copy follows after spaces. So, the text cut at each of those characters, two pieces next to each other
# end with the same ``n`` characters: the group's piece, and the copy's (spaces, then the group's text).

MIN_REPEATED = 8  # characters: fewer before the end character would make equal neighbours common ("U.S.")


def repeated_ends(pattern: str, flags: int = 0) -> tuple[str, int] | None:
    """``(ends, n)`` when every match of ``pattern`` is a group's text ending with one of the characters ``ends``
    (preceded by at least ``n`` characters that are none of them), then only spaces (``\\s``), then a back-reference
    to the group: the regex's first and last items (lookbehinds before them). None otherwise, and for a regex that
    ignores case (its copy may differ)."""
    if flags & (regex.IGNORECASE | regex.WORD):
        return None
    source = _REGEX_ONLY.sub(_UNKNOWN, pattern)
    while source.startswith(("(?<=", "(?<!")):
        source = source[_group_end(source):]  # what comes before the match is not read here
    try:
        tree = sre_parse.parse(source, stdlib_flags(flags))
    except (re.error, OverflowError, RecursionError, ValueError):
        return None
    items = list(tree)
    if tree.state.flags & re.IGNORECASE or len(items) < 2 or items[-1][0] is not C.GROUPREF:
        return None
    group = items[-1][1]
    for at, (op, av) in enumerate(items[:-1]):
        if op is C.SUBPATTERN and av[0] == group and at == 0:  # the match begins with the group
            inner = list(av[-1])
            between = items[at + 1:-1]
            break
    else:
        return None
    if len(inner) < 2 or not between or not all(_spaces_only(op, av) for op, av in between):
        return None
    ends = _exact_chars(inner[-1:])
    op, av = inner[-2]
    if ends is None or op not in _REPEATS or av[0] < MIN_REPEATED or len(av[2]) != 1 or av[2][0][0] is not C.IN:
        return None
    negated = list(av[2][0][1])
    if not negated or negated[0] != (C.NEGATE, None):
        return None
    excluded = {chr(v) for o, v in negated[1:] if o is C.LITERAL}
    if not ends <= excluded or any(ch.isspace() for ch in ends):
        return None
    return "".join(sorted(ends)), av[0]


def _spaces_only(op: object, av: Any) -> bool:
    """Whether an item matches only spaces (``\\s``, ``\\s+``, a group of them) and at least one."""
    if op in _REPEATS:
        low, _high, sub = av
        return low >= 1 and len(sub) == 1 and _spaces_only(*sub[0])
    if op is C.SUBPATTERN:
        sub = list(av[-1])
        return len(sub) == 1 and _spaces_only(*sub[0])
    return op is C.IN and list(av) == [(C.CATEGORY, C.CATEGORY_SPACE)]


def kept_repeated(pattern: str, flags: int = 0) -> tuple[str, int] | None:
    """``repeated_ends(pattern, flags)``, read back when an earlier run derived it."""
    def derive() -> frozenset[str] | None:
        found = repeated_ends(pattern, flags)
        return None if found is None else frozenset({f"{found[1]}:{found[0]}"})
    kept = _kept(f"repeated:{int(flags)}:{pattern}", derive)
    if not kept:
        return None
    count, ends = next(iter(kept)).split(":", 1)
    return ends, int(count)


def repeated_spans(text: str, ends: str, n: int) -> list[tuple[int, int]]:
    """Spans of ``text`` (sorted, apart) outside which no match of a regex with ``repeated_ends`` ``(ends, n)`` lies:
    each pair of neighbouring pieces of the text cut at those characters that end with the same ``n`` characters, with
    the end character after each."""
    if len(ends) == 1:
        pieces = text.split(ends)
    else:
        unified = text
        for ch in ends[1:]:
            unified = unified.replace(ch, ends[0])
        pieces = unified.split(ends[0])
    tails = [piece[-n:] for piece in pieces]
    found = [i for i, (a, b) in enumerate(itertools.pairwise(tails)) if a == b and len(a) == n]
    if not found:
        return []
    starts = [0]
    for piece in pieces:
        starts.append(starts[-1] + len(piece) + 1)  # the piece and the end character after it
    spans: list[tuple[int, int]] = []
    for i in found:
        lo, hi = starts[i], min(starts[i + 2], len(text))
        if spans and spans[-1][1] >= lo:
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
    return spans
