"""Syllable counts for the readability measures, from pyphen's English hyphenation patterns.

A word has one syllable more than it has hyphenation points (what textstat itself does for words its
dictionary lacks). pyphen parses its pattern file, 4,900 patterns, in about 85 ms: half a one-article run's
start-up. The parsed patterns are plain data (pattern -> offset and values), so they are kept between runs
beside the other derived values, keyed by copydesk's version and the pattern file's size and time, and read
back in about 2 ms; pyphen is imported only when they are not there. The points are found as pyphen finds
them (Liang's algorithm, at least two letters before the first point and after the last);
``tests/test_syllables.py`` compares the counts with pyphen's on a large vocabulary.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from linter.kept import store
from linter.version import VERSION

LANGUAGE = "en_US"
LEFT = RIGHT = 2  # pyphen's defaults: the fewest letters before the first point and after the last

Patterns = dict[str, tuple[int, tuple[int, ...]]]
# written as soon as they are parsed: one file, nothing to merge
STORE = store.register(store.Store("parsed hyphenation patterns", "derived", "hyphenation-*.marshal"))


@functools.lru_cache(maxsize=65536)
def count(word: str) -> int:
    """The number of syllables of ``word``: its hyphenation points plus one."""
    patterns, longest = _patterns()
    word = word.lower()
    dotted = f".{word}."
    size = len(dotted)
    points = [0] * (size + 1)
    for i in range(size - 1):
        for j in range(i + 1, min(i + longest, size) + 1):
            found = patterns.get(dotted[i:j])
            if found is None:
                continue
            offset, values = found
            at = i + offset
            for k, value in enumerate(values, at):
                if value > points[k]:
                    points[k] = value
    # point i in ``points`` is before letter i - 1 of the word
    last = len(word) - RIGHT
    return 1 + sum(1 for i in range(LEFT + 1, last + 2) if points[i] % 2)


@functools.lru_cache(maxsize=1)
def _patterns() -> tuple[Patterns, int]:
    """The parsed patterns and the length of the longest, kept between runs when they can be."""
    source = _pattern_file()
    kept_path = _kept_path(source)
    kept = store.read_marshalled(kept_path)
    if _well_formed(kept):
        return kept[0], kept[1]
    patterns = _parsed(source)
    longest = max(map(len, patterns))
    if kept_path is not None and all(type(v) is int for _, values in patterns.values() for v in values):
        STORE.write_marshalled(kept_path, (patterns, longest))
    return patterns, longest


def _pattern_file() -> Path | None:
    """pyphen's pattern file for LANGUAGE, found without importing pyphen (which lists its 70 dictionaries)."""
    return store.package_file("pyphen", "dictionaries", f"hyph_{LANGUAGE}.dic")


def _parsed(source: Path | None) -> Patterns:
    import pyphen  # only when the parsed patterns are not kept

    dictionary = pyphen.HyphDict(source) if source else pyphen.Pyphen(lang=LANGUAGE).hd
    return {key: (int(offset), tuple(values)) for key, (offset, values) in dictionary.patterns.items()}


def _kept_path(source: Path | None) -> Path | None:
    stamp = store.stamp(source)
    return None if stamp is None else STORE.path(f"hyphenation-{LANGUAGE}-{VERSION}-{stamp}.marshal")


def _well_formed(kept: Any) -> bool:
    return (isinstance(kept, tuple) and len(kept) == 2 and isinstance(kept[0], dict) and kept[0]
            and isinstance(kept[1], int) and kept[1] > 0)
