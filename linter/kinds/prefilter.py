"""Literal words a regex cannot match without, so a rule can skip texts that lack all of them.

``required_literals(r"(?i)\\bon\\s+the\\s+other\\s+hand,")`` is ``{"other"}``: every match
contains "other" (in any case), so a text whose lowercased form lacks it needs no regex run.
The analysis is conservative: when in doubt it returns None and the rule always runs.
"""

from __future__ import annotations

import re
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

import regex

MIN_LENGTH = 3
_REGEX_ONLY = regex.compile(r"\\[pP]\{[^}]*\}|\\[pP][A-Za-z]|\\L<\w+>|\\X|\\m|\\M|\\G")
_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)}


def required_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Lowercased strings one of which every match (or its lookahead) contains; None if unknown."""
    source = _REGEX_ONLY.sub(".", pattern)
    try:
        tree = sre_parse.parse(_drop_lookbehinds(source), _re_flags(flags))
    except (re.error, OverflowError, RecursionError, ValueError):
        return None
    best = _sequence(list(tree))
    if best is None:
        return None
    shortest = min(len(s) for s in best)
    if shortest < MIN_LENGTH and not all(_rare(s) for s in best):
        return None
    return frozenset(best)


def _rare(text: str) -> bool:
    """Short literals are worth testing for only when they are not letters, digits, spaces or
    the punctuation of every sentence."""
    return not any(ch.isalnum() or ch.isspace() or ch in ".,'’\"-" for ch in text)


def _re_flags(flags: int) -> int:
    return (re.I if flags & regex.I else 0) | (re.M if flags & regex.M else 0) | (re.S if flags & regex.S else 0) | (
        re.X if flags & regex.X else 0)


def _sequence(items: list) -> set[str] | None:
    candidates: list[set[str]] = []
    run: list[str] = []

    def close() -> None:
        if run:
            candidates.append({"".join(run).lower()})
            run.clear()

    for op, av in items:
        if op is C.LITERAL:
            run.append(chr(av))
        elif op is C.AT:
            continue  # zero-width: "the\\b" still needs "the"
        elif op is C.IN and _literal_class(av) is not None:
            close()
            candidates.append(_literal_class(av))  # type: ignore[arg-type]
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
            close()  # classes, any-char, back-references, negative lookarounds: no literal
    close()
    if not candidates:
        return None
    return max(candidates, key=lambda s: (all(_rare(x) for x in s), min(len(x) for x in s), -len(s)))


def _literal_class(items: list) -> set[str] | None:
    """The characters of a class made only of listed characters ("[!?]"), else None."""
    chars = set()
    for op, av in items:
        if op is not C.LITERAL:
            return None
        chars.add(chr(av).lower())
    return chars if 0 < len(chars) <= 8 else None


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
