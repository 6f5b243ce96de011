"""Kind `capitalisation`: proper nouns written in the wrong case ("kyiv" for "Kyiv").

A word from the list that appears with another case pattern is flagged and fixed to the
listed form. All-capitals forms ("KYIV" in a dateline) are a house style and pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import regex

from linter.document import Document
from linter.kinds.base import Finding, Kind, Option, OptionError
from linter.rules import Rule


def _validate(options: Mapping[str, Any]) -> None:
    words = options["words"]
    if not words or not all(isinstance(w, str) and w.strip() for w in words):
        raise OptionError("words", "must be a non-empty list of words in their correct case")


class CapitalisationChecker:
    def __init__(self, rules: list[Rule]):
        self.rules = tuple(rules)
        self._canonical: dict[str, tuple[Rule, str]] = {}
        for rule in rules:
            for word in rule.options["words"]:
                self._canonical.setdefault(word.casefold(), (rule, word))
        self._pattern = regex.compile(
            r"(?<![\w#@/.-])(?i:\L<words>)(?![\w]|-\w|\.\w)", words=[w for _, w in self._canonical.values()]
        )

    def check(self, doc: Document) -> Iterable[Finding]:
        for m in self._pattern.finditer(doc.prose):
            found = m.group()
            rule, canonical = self._canonical[found.casefold()]
            if found == canonical or (found.isupper() and len(found) > 1):
                continue
            yield Finding(rule, m.start(), m.end(), suggestions=(canonical,))


def _compile(rules: list[Rule]) -> list[CapitalisationChecker]:
    return [CapitalisationChecker(rules)] if rules else []


KIND = Kind(
    name="capitalisation",
    summary="Proper nouns written in the wrong case, fixed to their listed form.",
    options={"words": Option(list, "words in their correct case", required=True)},
    compile=_compile,
    validate=_validate,
)
