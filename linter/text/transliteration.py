"""Transliteration variants of a name folded away: one key for "Zelenskyy", "Zelensky" and "Zelenskiy"."""

from __future__ import annotations

import unicodedata

from linter.kept import regexes

_JOINERS = regexes.compile(r"[\s'’-]+")
_DOUBLED = regexes.compile(r"(.)\1+")


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
    return _DOUBLED.sub(r"\1", plain)
