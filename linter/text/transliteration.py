"""Transliteration variants of a name folded away: one key for "Zelenskyy", "Zelensky" and "Zelenskiy"."""

from __future__ import annotations

import functools
import itertools
import unicodedata

from linter.kept import regexes

_JOINERS = regexes.compile(r"[\s'’-]+")


# An article names the same few people and places again and again, and the name-variants and spelling kinds
# fold each of its capitalised words: the folded forms are kept (most of that kind's time went here).
@functools.lru_cache(maxsize=1 << 16)
def fold(name: str) -> str:
    """``name`` with its transliteration variants folded away: accents, case, hyphens, spaces and apostrophes,
    ks/x, kh/h, iy/y/i and doubled letters ("Zelenskyy" and "Zelensky" both give "zelenski")."""
    if name.isascii():
        plain = name.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", name)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    plain = _JOINERS.sub("", plain)
    plain = plain.replace("ks", "x").replace("kh", "h").replace("iy", "i").replace("y", "i")
    # a run of one letter becomes that letter (what `(.)\1+` -> `\1` did, without a regex call per name)
    return "".join(letter for letter, _ in itertools.groupby(plain))
