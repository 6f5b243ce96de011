"""Kind `capitalisation`: proper nouns written in the wrong case ("kyiv" for "Kyiv").

A word from the list that appears with another case pattern is flagged and fixed to the
listed form. All-capitals forms ("KYIV" in a dateline) are a house style and pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from linter.kept import regexes
from linter.kinds.base import Finding, Kind, Option, OptionError, Scope
from linter.kinds.locality import phrase_local
from linter.model.rules import Rule
from linter.text import phrases
from linter.text.document import Document

_SPACES = regexes.compile(r"\s+")


def _validate(options: Mapping[str, Any]) -> None:
    words = options["words"]
    if not words or not all(isinstance(w, str) and w.strip() for w in words):
        raise OptionError("words", "must be a non-empty list of words in their correct case")


def _scope(rule: Rule) -> Scope:
    """Whole-word phrases and the characters next to them: PARAGRAPH, unless a word can span a paragraph break."""
    return Scope.PARAGRAPH if all(map(phrase_local, rule.options["words"])) else Scope.DOCUMENT


class CapitalisationChecker:
    def __init__(self, rules: list[Rule]):
        self.rules = tuple(rules)
        canonical: dict[str, tuple[Rule, str]] = {}
        for rule in rules:
            for word in rule.options["words"]:
                canonical.setdefault(phrases.key(word), (rule, word))
        self._words = phrases.PhraseMatcher(canonical)

    def check(self, doc: Document) -> Iterable[Finding]:
        text = doc.prose
        for start, end, (rule, canonical) in self._words.spans(text, doc.folded):
            found = text[start:end]
            if found == canonical or (found.isupper() and len(found) > 1):
                continue  # most hits: the listed case (read from the hits' offsets, no object per hit)
            if _in_token(text, start, end):
                continue
            if _SPACES.search(found):  # a name wrapped across lines ("Yoshimasa\nHayashi") keeps its line break
                spaces = _SPACES.findall(found)
                parts = canonical.split(" ")
                if len(parts) != len(spaces) + 1:
                    continue
                canonical = "".join(part + space for part, space in zip(parts, [*spaces, ""], strict=True))
                if found == canonical:
                    continue
            yield Finding(rule, start, end, suggestions=(canonical,))


def _in_token(text: str, start: int, end: int) -> bool:
    """Names inside file names, domains and paths ("kyiv.ua", "/kyiv/") are not prose."""
    before = text[start - 1] if start else " "
    after = text[end:end + 2]
    return before in "/.-" or (after[:1] in "./-" and after[1:2].isalnum())


def _names(rule: Rule) -> Iterable[str]:
    """The listed words in their case (Kyiv): names a spell-checker must not flag."""
    return (str(word) for word in rule.options["words"])


def _compile(rules: list[Rule]) -> list[CapitalisationChecker]:
    return [CapitalisationChecker(rules)] if rules else []


KIND = Kind(
    name="capitalisation",
    summary="Proper nouns written in the wrong case, fixed to their listed form.",
    fix_safety=("The fix gives a listed name its listed case and changes nothing else (kyiv becomes Kyiv); "
                "all-capitals forms (a KYIV dateline) and names inside file names, domains and paths are left alone."),
    options={"words": Option(list, "words in their correct case", required=True)},
    compile=_compile,
    validate=_validate,
    scope=_scope,
    names=_names,
)
