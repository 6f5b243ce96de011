"""The language of a translation's source: an ISO 639-1 code checked, or detected with lingua when not given."""

from __future__ import annotations

import functools
from typing import Any

from linter.kept import regexes

_CODE = regexes.compile(r"[a-z]{2}")
_LETTER = regexes.compile(r"\p{L}")
# a source this short says too little to tell its language: the bilingual rules are skipped unless it is given
MIN_LETTERS = 2
# what detect() reads of a long source: enough for lingua, and a bounded cost
SAMPLE = 2000


class UnknownLanguage(ValueError):
    """A source language that is no ISO 639-1 code (``'zz'``, ``'chinese'``)."""

    def __init__(self, code: object):
        super().__init__(f"unknown source language {code!r}: give a two-letter ISO 639-1 code such as 'zh', 'ru' "
                         "or 'uk'")
        self.code = code


@functools.lru_cache(maxsize=64)
def known(code: str) -> bool:
    """Whether ``code`` is a two-letter ISO 639-1 code that CLDR has data for (babel's locale data)."""
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        return False
    from babel import localedata  # a file lookup, no locale loaded

    return localedata.exists(code)


def checked(code: str) -> str:
    """``code`` lowercased when it is a known ISO 639-1 code; UnknownLanguage otherwise."""
    lowered = code.strip().lower() if isinstance(code, str) else code
    if not isinstance(lowered, str) or not known(lowered):
        raise UnknownLanguage(code)
    return lowered


@functools.lru_cache(maxsize=1)
def _detector() -> Any:
    """lingua's detector over every language it knows, low-accuracy mode (its models load lazily, per language)."""
    from lingua import LanguageDetectorBuilder  # only when a source's language must be told

    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def detect(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or None when it cannot be told (too few letters, or a tie)."""
    return _detect(text[:SAMPLE])


@functools.lru_cache(maxsize=256)
def _detect(sample: str) -> str | None:
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return None
    language = _detector().detect_language_of(sample)
    return None if language is None else language.iso_code_639_1.name.lower()


def resolve(code: str | None, source: str) -> str | None:
    """The source's language: ``code`` checked when given (UnknownLanguage if it is none), else detected (None when
    it cannot be told)."""
    if code is not None:
        return checked(code)
    return detect(source)


# ISO 639-1 codes of languages written in another script than Latin (the others are read as Latin-script ones)
NON_LATIN = frozenset("""zh ja ko ru uk be bg sr mk kk ky tg mn ar fa ur ps he yi el hi bn mr ne pa gu or ta te kn ml si
th lo km my ka hy am ti dv bo ug""".split())


def writes_latin(code: str) -> bool:
    """Whether the language ``code`` is written in Latin letters (its text copied into English is hard to see)."""
    return code not in NON_LATIN
