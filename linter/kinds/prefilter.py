"""Literal words a regex cannot match without, so a rule can skip texts that lack all of them.

``required_literals(r"(?i)\\bon\\s+the\\s+other\\s+hand,")`` is ``{"other"}``: every match
contains "other" (in any case), so a text whose lowercased form lacks it needs no regex run.
Runs of punctuation count too when they are rare in prose: ``r"(?<=\\S)[ ]{2,}(?=\\S)"`` needs "  ",
``r",[.;]"`` needs ",." or ",;". The analysis is conservative: when in doubt it returns None and the
rule always runs.

Every process needs the literals of every pattern rule, and the analysis parses each regex with ``re``'s
parser, a noticeable part of start-up (bench/PERF.md); ``kept_literals`` keeps them between runs in one JSON
file (a ``store.Memo``), keyed by copydesk's version and this module's code.
"""

from __future__ import annotations

import re
from pathlib import Path
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

from linter.kept import regexes, store
from linter.kept.hashing import key_hash
from linter.kinds.base import stdlib_flags
from linter.version import VERSION

MIN_LENGTH = 3
_REGEX_ONLY = regexes.compile(r"\\[pP]\{[^}]*\}|\\[pP][A-Za-z]|\\L<\w+>|\\X|\\m|\\M|\\G")
_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)}


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
    key = f"{int(flags)}:{pattern}"
    known = MEMO.get(key, False)
    if known is None:
        return None
    if isinstance(known, list) and all(isinstance(word, str) for word in known):
        return frozenset(known)
    result = required_literals(pattern, flags)
    MEMO.put(key, None if result is None else sorted(result))
    return result


def required_strings(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Lowercased strings one of which every match (or its lookahead) contains, however short; None if
    unknown. The analysis behind ``required_literals``, without its judgement of what is worth finding."""
    source = _REGEX_ONLY.sub(".", pattern)
    try:
        tree = sre_parse.parse(_drop_lookbehinds(source), stdlib_flags(flags))
    except (re.error, OverflowError, RecursionError, ValueError):
        return None
    best = _sequence(list(tree))
    return None if best is None else frozenset(best)


def _useful(text: str) -> bool:
    """Whether finding ``text`` in a text says something: a word of MIN_LENGTH characters, or rare marks."""
    return len(text) >= MIN_LENGTH or _rare(text)


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
_MAX_STRINGS = 32  # the most strings a run of characters and classes is spelled out into


def _sequence(items: list) -> set[str] | None:
    """The best set of strings one of which every match of ``items`` contains, or None.

    A run of literals and small classes is spelled out: ``[ \\u00a0]{2}`` needs one of four two-character
    strings, ``x[,;]`` one of "x," and "x;". A repeated character or class (``[ ]+``) ends a run after its
    first repetitions and starts the next one with its last: ``a[ ]+b`` needs "a " and " b".
    """
    candidates: list[set[str]] = []
    run: set[str] = {""}

    def close() -> None:
        nonlocal run
        if run != {""}:
            candidates.append({s.lower() for s in run})
        run = {""}

    def extend(chars: set[str]) -> None:
        nonlocal run
        grown = {r + c for r in run for c in chars}
        if len(grown) > _MAX_STRINGS:
            close()
            grown = set(chars)
        run = grown

    for op, av in items:
        if op is C.LITERAL:
            extend({chr(av)})
        elif op is C.AT:
            continue  # zero-width: "the\\b" still needs "the"
        elif op is C.IN and (chars := _literal_class(av)) is not None:
            extend(chars)
        elif op in _REPEATS and av[0] >= 1 and (chars := _single_character(list(av[2]))) is not None:
            times = min(av[0], 2)
            for _ in range(times):  # the first repetitions follow what came before
                extend(chars)
            close()
            for _ in range(times):  # the last ones come before what follows
                extend(chars)
        elif op is C.SUBPATTERN:
            close()
            inner = _sequence(list(av[-1]))
            if inner:
                candidates.append(inner)
        elif op is C.BRANCH:
            close()
            branches = [_sequence(list(b)) for b in av[1]]
            if branches and all(branches):
                candidates.append(set().union(*branches))  # type: ignore[arg-type]
        elif op in _REPEATS:
            close()
            low, _high, sub = av
            if low >= 1:
                inner = _sequence(list(sub))
                if inner:
                    candidates.append(inner)
        elif op is C.ASSERT:
            close()
            inner = _sequence(list(av[1]))
            if inner:
                candidates.append(inner)
        elif op is C.ATOMIC_GROUP if hasattr(C, "ATOMIC_GROUP") else False:
            close()
            inner = _sequence(list(av))
            if inner:
                candidates.append(inner)
        else:
            close()  # other classes, any-char, back-references, negative lookarounds: no literal
    close()
    if not candidates:
        return None
    return max(candidates, key=_worth)


def _worth(strings: set[str]) -> tuple[bool, bool, int, int]:
    """How good a filter a set of required strings makes: words of MIN_LENGTH first, then sets of words
    and rare marks."""
    shortest = min(len(x) for x in strings)
    return shortest >= MIN_LENGTH, all(_useful(x) for x in strings), shortest, -len(strings)


def _single_character(items: list) -> set[str] | None:
    """The characters a one-character item can match (a literal or a small class), else None."""
    if len(items) != 1:
        return None
    op, av = items[0]
    if op is C.LITERAL:
        return {chr(av)}
    return _literal_class(av) if op is C.IN else None


def _literal_class(items: list) -> set[str] | None:
    """The characters of a class made only of listed characters ("[!?]"), else None."""
    chars = set()
    for op, av in items:
        if op is not C.LITERAL:
            return None
        chars.add(chr(av).lower())
    return chars if 0 < len(chars) <= 16 else None


def _drop_lookbehinds(pattern: str) -> str:
    """Remove lookbehind groups, which re cannot parse when their width varies; they add no literal."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith(("(?<=", "(?<!"), i):
            depth, j = 0, i
            while j < len(pattern):
                ch = pattern[j]
                if ch == "\\":
                    j += 2
                    continue
                if ch == "[":
                    j = _class_end(pattern, j)
                    continue
                if ch == "(":
                    depth += 1
                elif ch == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            i = j + 1
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
