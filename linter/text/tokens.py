"""The word tokens every word-walking check shares, and the one place that decides how they are found: the compiled
pass (``linter/text/_native``, built from native/ when cargo is present) or the pure-Python one, identical."""

from __future__ import annotations

import functools
import itertools
import os
import zlib
from types import ModuleType
from typing import NamedTuple

import regex

from linter.kept import regexes, store

# A word for the token-based checks: a letter, then letters, apostrophes and hyphens.
WORD = regexes.compile(r"\p{L}[\p{L}'’-]*")
_WORD_AND_GAPS = regexes.compile(rf"({WORD.pattern})")

OFF = "COPYDESK_NO_NATIVE"  # set (to anything), at build or at run time: the pure-Python tokeniser is used
NOT_BUILT = "not built: the pure-Python tokeniser is used"


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
        return Choice(None, f"built, not used ({OFF} is set): the pure-Python tokeniser is used")
    if not _same_letters(_native):
        return Choice(None, f"built with regex {_native.REGEX_VERSION}'s letters, which differ from the installed "
                            f"regex {regex.__version__}'s: the pure-Python tokeniser is used")
    return Choice(_native, "built and used: words are found by the compiled tokeniser")


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
