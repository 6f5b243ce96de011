"""The word tokens every word-walking check shares, and the one place that decides how they and the walks over them
are done: the compiled pass (``linter/text/_native``, built from native/ when cargo is present) or the pure-Python
one, identical. The walks: the repetition kind's window (echo starts, repeated phrases)."""

from __future__ import annotations

import functools
import itertools
import os
import zlib
from collections.abc import Sequence
from types import ModuleType
from typing import NamedTuple

import regex

from linter.kept import regexes, store

# A word for the token-based checks: a letter, then letters, apostrophes and hyphens.
WORD = regexes.compile(r"\p{L}[\p{L}'’-]*")
_WORD_AND_GAPS = regexes.compile(rf"({WORD.pattern})")

OFF = "COPYDESK_NO_NATIVE"  # set (to anything), at build or at run time: the pure-Python tokeniser is used
PIECES = "the tokeniser and the repetition window"  # what the compiled module does, as doctor says it
PURE = "the pure-Python tokeniser and repetition window are used"
NOT_BUILT = f"not built: {PURE}"


class Choice(NamedTuple):
    """Which tokeniser is used: the compiled module (None: the pure-Python one) and one line saying why."""

    module: ModuleType | None
    status: str


def letter_ranges() -> list[tuple[int, int]]:
    """Inclusive (first, last) code-point ranges of ``\\p{L}`` as the installed ``regex`` reads it (about 60 ms):
    what native/gen_letters.py writes into the compiled tokeniser, and what a compiled table is checked against."""
    every = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))
    return [(ord(m.group()[0]), ord(m.group()[-1])) for m in regex.finditer(r"\p{L}+", every)]


def _same_letters(module: ModuleType) -> bool:
    """Whether the compiled table is the installed ``regex``'s ``\\p{L}``. Built with the same ``regex`` it is;
    otherwise both are compared once per (regex version, table) and the verdict is kept (linter/kept/store.py)."""
    if regex.__version__ == module.REGEX_VERSION:
        return True
    table = module.letter_ranges()
    digest = zlib.crc32(repr(table).encode())
    where = store.folder("derived")
    path = where / f"letters-{regex.__version__}-{digest:08x}.marshal" if where else None
    verdict = store.read_marshalled(path)
    if not isinstance(verdict, bool):
        verdict = table == letter_ranges()
        if path is not None:
            store.write_marshalled(path, verdict, "letters-*.marshal")
    return verdict


@functools.cache
def choice() -> Choice:
    """The tokeniser this process uses, decided once."""
    try:
        from linter.text import _native  # type: ignore[attr-defined]
    except ImportError:
        return Choice(None, NOT_BUILT)
    if os.environ.get(OFF):
        return Choice(None, f"built, not used ({OFF} is set): {PURE}")
    if not _same_letters(_native):
        return Choice(None, f"built with regex {_native.REGEX_VERSION}'s letters, which differ from the installed "
                            f"regex {regex.__version__}'s: {PURE}")
    return Choice(_native, f"built and used: {PIECES} are compiled")


def python_spans(prose: str) -> tuple[list[int], list[int]]:
    """The code-point starts and ends of the words of ``prose``, found by ``regex`` (the pure-Python path)."""
    starts, ends, _ = _python_words(prose)
    return starts, ends


def _python_words(prose: str) -> tuple[list[int], list[int], list[str]]:
    # split() with a group gives gap, word, gap, ..., gap: the running sum of their lengths gives every
    # word's offsets without a match object per word (a third of the cost of finditer)
    parts = _WORD_AND_GAPS.split(prose)
    offsets = list(itertools.accumulate(map(len, parts)))
    return offsets[0:-1:2], offsets[1::2], list(map(str.lower, parts[1::2]))


def words(prose: str) -> tuple[list[int], list[int], list[str]]:
    """The words of ``prose``: their code-point starts and ends, and each word lowercased (``str.lower``)."""
    module = choice().module
    if module is None:
        return _python_words(prose)
    starts, ends, texts = module.words_and_texts(prose)
    return starts, ends, list(map(str.lower, texts))


def same_ignoring_case(a: str, b: str) -> bool:
    """Equal as the checks' case-insensitive regexes compare (``regex.I``: simple case folding, where 'İ'
    matches 'i' and 'ς' matches 'σ'); plain comparison for ASCII, the regex itself otherwise."""
    if a == b:
        return True
    if a.isascii() and b.isascii():
        return a.lower() == b.lower()
    return len(a) == len(b) and regex.fullmatch(regex.escape(a), b, regex.I) is not None


def _echoes(prose: str, starts: Sequence[int], ends: Sequence[int], function_word: Sequence[bool], window: int,
            i: int) -> bool:
    # the walk from word i: function words (at most window), until a word whose first three letters are word i's
    prefix = prose[starts[i]:min(starts[i] + 3, ends[i])]
    last = len(starts) - 1
    j = i + 1
    while j < last and j - i <= window and function_word[j]:
        if same_ignoring_case(prose[starts[j + 1]:min(starts[j + 1] + 3, ends[j + 1])], prefix):
            return True
        j += 1
    return False


def _python_echo_starts(prose: str, starts: Sequence[int], ends: Sequence[int], function_word: Sequence[bool],
                        window: int) -> list[int]:
    return [i for i in itertools.compress(range(len(starts) - 1), itertools.islice(function_word, 1, None))
            if _echoes(prose, starts, ends, function_word, window, i)]


def echo_starts(prose: str, starts: Sequence[int], ends: Sequence[int], function_word: Sequence[bool],
                window: int) -> list[int]:
    """The indexes ``i`` of the words (``starts``, ``ends``: offsets in ``prose``) that 1 to ``window`` function
    words follow (``function_word``: one flag per word), then a word whose first three letters are word ``i``'s
    as ``same_ignoring_case`` compares them: where the repetition kind's same-stem regex may match, ascending."""
    module = choice().module
    if module is None:
        return _python_echo_starts(prose, starts, ends, function_word, window)
    found, undecided = module.echo_starts(prose, starts, ends, function_word, window)
    if not undecided:
        return found
    return sorted(found + [i for i in undecided if _echoes(prose, starts, ends, function_word, window, i)])


def _python_repeated_phrases(words: Sequence[str], longest: int) -> list[tuple[int, int]]:
    last_seen: dict[str, int] = {}
    candidates: list[tuple[int, int]] = []
    for index, word in enumerate(words):
        previous = last_seen.get(word)
        if previous is not None and 2 <= index - previous <= longest and index + index - previous <= len(words) \
                and words[previous:index] == words[index:2 * index - previous]:
            candidates.append((previous, index - previous))
        last_seen[word] = index
    return sorted(candidates, key=lambda c: (c[0], -c[1]))


def repeated_phrases(words: list[str], longest: int) -> list[tuple[int, int]]:
    """Where a run of ``size`` words (2 to ``longest``) is written twice back to back, as (first, size), found
    where a word recurs ``size`` words after its latest occurrence; sorted by first, the longest first."""
    module = choice().module
    if module is None:
        return _python_repeated_phrases(words, longest)
    return module.repeated_phrases(words, longest)
