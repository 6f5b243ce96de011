"""Kind `untranslated`: text of the source copied into its translation (words in the source's script, or a run of
the source's words in a language written in Latin letters)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from linter.kept import regexes
from linter.kinds.base import Finding, Kind, Option, OptionError, Scope
from linter.model.rules import Rule
from linter.text import languages
from linter.text.document import Document

# letters of a script other than Latin (with the marks and joiners inside its words)
_NON_LATIN_RUN = regexes.compile(r"(?:(?![\p{Latin}\p{Common}\p{Inherited}])\p{L}[\p{M}]*)+"
                                 r"(?:[\s·・'’-]*(?:(?![\p{Latin}\p{Common}\p{Inherited}])\p{L}[\p{M}]*)+)*")
_WORD = regexes.compile(r"\p{L}[\p{L}\p{M}'’-]*")


class UntranslatedChecker:
    def __init__(self, rule: Rule):
        self.rules = (rule,)
        self.rule = rule
        self.min_words = int(rule.options["min-words"])
        self.min_letters = int(rule.options["min-letters"])

    def check(self, doc: Document) -> Iterable[Finding]:
        assert doc.source is not None and doc.source_language is not None
        if doc.source_language == "en":
            return
        source = doc.source.prose
        found_script = False
        for m in _NON_LATIN_RUN.finditer(doc.prose):
            found_script = True
            run = m.group(0)
            letters = sum(c.isalpha() for c in run)
            if letters >= self.min_letters and run in source:
                yield Finding(self.rule, m.start(), m.end(), values={"detail": f"'{run}' is the source's text, left "
                                                                               "untranslated"})
        if not found_script and languages.writes_latin(doc.source_language):
            yield from self._latin_runs(doc)  # in a source in another script, Latin words are names to keep

    def _latin_runs(self, doc: Document) -> Iterable[Finding]:
        """A run of ``min-words`` words of the source, one at least not capitalised (not a name), in the target."""
        source_words = [w.group(0).lower() for w in _WORD.finditer(doc.source.prose)]
        n = self.min_words
        if len(source_words) < n:
            return
        grams = {tuple(source_words[i:i + n]) for i in range(len(source_words) - n + 1)}
        words = list(_WORD.finditer(doc.prose))
        lowered = [w.group(0).lower() for w in words]
        i = 0
        while i <= len(words) - n:
            if tuple(lowered[i:i + n]) in grams and any(w.group(0)[0].islower() for w in words[i:i + n]):
                j = i + n
                while j < len(words) and tuple(lowered[j - n + 1:j + 1]) in grams:
                    j += 1
                start, end = words[i].start(), words[j - 1].end()
                yield Finding(self.rule, start, end, values={
                    "detail": f"'{doc.text[start:end]}' is the source's text, left untranslated"})
                i = j
            else:
                i += 1


def _validate(options: Mapping[str, Any]) -> None:
    for key in ("min-words", "min-letters"):
        if not isinstance(options[key], int) or isinstance(options[key], bool) or options[key] < 1:
            raise OptionError(key, "must be a whole number of at least 1")


KIND = Kind(
    name="untranslated",
    summary="Text of the source copied into the translation, left untranslated (bilingual).",
    options={
        "min-words": Option(int, "a source in Latin letters: the fewest consecutive source words copied (one of "
                            "them not capitalised) that count", default=4),
        "min-letters": Option(int, "a source in another script: the fewest letters of a copied run", default=2),
    },
    compile=lambda rules: [UntranslatedChecker(rule) for rule in rules],
    validate=_validate,
    placeholders=("match", "replacement", "detail"),
    scope=lambda rule: Scope.DOCUMENT,
    bilingual=True,
)
