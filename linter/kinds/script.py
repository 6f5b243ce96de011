"""Kind `script`: characters of another writing system inside English text.

Three checks: runs of a foreign script (Cyrillic, CJK, Bengali residue), mixed-script words
(a Latin word with a Cyrillic homoglyph), and invisible or bidirectional control characters.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

import regex

from linter.diagnostics import Edit
from linter.document import Document
from linter.kinds.base import Finding, Kind, Option, OptionError
from linter.rules import Rule

_CHECKS = ("foreign-script", "mixed-script", "invisible")

# Cyrillic and Greek letters that look like Latin ones.
HOMOGLYPHS = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j",
    "ѕ": "s", "ԁ": "d", "һ": "h", "ԛ": "q", "ԝ": "w", "ӏ": "l",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S", "Ү": "Y",
    "ο": "o", "ν": "v", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K",
    "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
}

_INVISIBLE = regex.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad\u180e]")
_MIXED = regex.compile(r"(?=[\p{L}\p{M}]*\p{Latin})(?=[\p{L}\p{M}]*[\p{Cyrillic}\p{Greek}])[\p{L}\p{M}]+")
_JOINERS = "\u200c\u200d"


def script_of(ch: str) -> str:
    try:
        return unicodedata.name(ch).split()[0].title()
    except ValueError:
        return "Unknown"


def _validate(options: Mapping[str, Any]) -> None:
    if options["check"] not in _CHECKS:
        raise OptionError("check", f"choose from {', '.join(_CHECKS)}")
    for name in options["allowed"]:
        try:
            regex.compile(rf"\p{{Script={name}}}")
        except regex.error:
            raise OptionError("allowed", f"unknown script {name!r}") from None


class ScriptChecker:
    def __init__(self, rule: Rule):
        self.rules = (rule,)
        self.rule = rule
        allowed = "".join(rf"\p{{Script={s}}}" for s in ("Latin", "Common", "Inherited", *rule.options["allowed"]))
        foreign = rf"[^{allowed}\s]"
        # A run of foreign words, joined by spaces and punctuation.
        self.foreign = regex.compile(rf"{foreign}+(?:[\s\p{{Common}}]+{foreign}+)*")

    def check(self, doc: Document) -> Iterable[Finding]:
        check = self.rule.options["check"]
        if check == "invisible":
            return self._invisible(doc)
        if check == "mixed-script":
            return self._mixed(doc)
        return self._foreign(doc)

    def _foreign(self, doc: Document) -> Iterable[Finding]:
        text = doc.prose
        for m in self.foreign.finditer(text):
            if _MIXED.match(text, _word_start(text, m.start())):
                continue  # a homoglyph inside a Latin word: the mixed-script check's business
            letter = next((c for c in m.group() if c.isalpha()), m.group()[0])
            yield Finding(self.rule, m.start(), m.end(), values={"script": script_of(letter)})

    def _mixed(self, doc: Document) -> Iterable[Finding]:
        for m in _MIXED.finditer(doc.prose):
            word = m.group()
            latin = sum(1 for c in word if script_of(c) == "Latin")
            others = [c for c in word if c.isalpha() and script_of(c) != "Latin"]
            fixed = "".join(HOMOGLYPHS.get(c, c) for c in word)
            fixable = latin >= len(others) and all(c in HOMOGLYPHS for c in others)
            script = script_of(others[0]) if others else "Unknown"
            yield Finding(self.rule, m.start(), m.end(), suggestions=(fixed,) if fixable else (),
                          values={"script": script})

    def _invisible(self, doc: Document) -> Iterable[Finding]:
        text = doc.text
        for m in _INVISIBLE.finditer(text):
            ch = m.group()
            if m.start() == 0 and ch == "\ufeff":
                continue
            if ch in _JOINERS and m.start() > 0 and not text[m.start() - 1].isascii():
                continue  # joiners shape emoji and Indic scripts
            name = unicodedata.name(ch, f"U+{ord(ch):04X}")
            yield Finding(self.rule, m.start(), m.end(), suggestions=("",),
                          edits=(Edit(m.start(), m.end(), ""),), values={"char": name})


def _word_start(text: str, offset: int) -> int:
    while offset > 0 and text[offset - 1].isalpha():
        offset -= 1
    return offset


def _compile(rules: list[Rule]) -> list[ScriptChecker]:
    return [ScriptChecker(rule) for rule in rules]


KIND = Kind(
    name="script",
    summary="Foreign-script residue, mixed-script homoglyph words, invisible control characters.",
    options={
        "check": Option(str, "foreign-script, mixed-script or invisible", required=True, choices=_CHECKS),
        "allowed": Option(list, "scripts besides Latin accepted in running text", default=[]),
    },
    compile=_compile,
    validate=_validate,
    placeholders=("match", "replacement", "script", "char"),
)
