"""Kind `metric`: readability and length thresholds per sentence or paragraph (Flesch, word counts)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from linter.kinds.base import Finding, Kind, Option, OptionError, Scope
from linter.model.rules import Rule
from linter.text.document import Document
from linter.text.syllables import count as syllables_of


def _words(text: str) -> float:
    return float(len(text.split()))


# Flesch's formulas, counted here rather than with textstat: textstat 0.7.13 imports nltk (half
# a second at start-up) and downloads the CMU pronouncing dictionary on first use, while copydesk
# makes no network access at run time. Syllables come from pyphen's hyphenation patterns
# (linter/text/syllables.py), which is what textstat itself falls back to for words the dictionary lacks.
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_SENTENCE_END = re.compile(r"[.!?]+(?=[\s\"'”’)\]]|$)")


def _counts(text: str) -> tuple[float, float, float]:
    words = _WORD.findall(text.lower())
    sentences = max(1, len(_SENTENCE_END.findall(text)))
    syllables = sum(map(syllables_of, words))
    return max(1, len(words)), sentences, syllables


def flesch_reading_ease(text: str) -> float:
    words, sentences, syllables = _counts(text)
    return round(206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words), 2)


def flesch_kincaid_grade(text: str) -> float:
    words, sentences, syllables = _counts(text)
    return round(0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59, 2)


# measure -> (scope, function)
MEASURES: dict[str, tuple[str, Callable[[str], float]]] = {
    "words-per-sentence": ("sentence", _words),
    "words-per-paragraph": ("paragraph", _words),
    "flesch-reading-ease": ("paragraph", flesch_reading_ease),
    "flesch-kincaid-grade": ("paragraph", flesch_kincaid_grade),
}


def _validate(options: Mapping[str, Any]) -> None:
    if options["max"] is None and options["min"] is None:
        raise OptionError("max", "give a 'max' or a 'min' threshold")
    for key in ("max", "min"):
        if options[key] is not None and not isinstance(options[key], int | float):
            raise OptionError(key, "must be a number")


def _scope(rule: Rule) -> Scope:
    """Each measure is of one sentence or one paragraph."""
    return Scope.SENTENCE if MEASURES[rule.options["measure"]][0] == "sentence" else Scope.PARAGRAPH


class MetricChecker:
    def __init__(self, rule: Rule):
        self.rules = (rule,)
        self.rule = rule
        self.scope, self.measure = MEASURES[rule.options["measure"]]
        self.max = rule.options["max"]
        self.min = rule.options["min"]
        self.min_words = rule.options["min-words"]

    def check(self, doc: Document) -> Iterable[Finding]:
        spans = doc.sentences if self.scope == "sentence" else doc.paragraphs
        for start, end in spans:
            body = doc.prose[start:end]
            if _words(body) < self.min_words:
                continue
            value = self.measure(body)
            if (self.max is not None and value > self.max) or (self.min is not None and value < self.min):
                limit = self.max if self.max is not None and value > self.max else self.min
                yield Finding(self.rule, start, end, values={"value": f"{value:g}", "limit": f"{limit:g}"})


def _compile(rules: list[Rule]) -> list[MetricChecker]:
    return [MetricChecker(rule) for rule in rules]


KIND = Kind(
    name="metric",
    summary="Readability and length thresholds per sentence or paragraph (Flesch, word counts).",
    options={
        "measure": Option(str, ", ".join(MEASURES), required=True, choices=tuple(MEASURES)),
        "max": Option((int, float), "flag values above this"),
        "min": Option((int, float), "flag values below this"),
        "min-words": Option(int, "skip sentences or paragraphs shorter than this", default=0),
    },
    compile=_compile,
    validate=_validate,
    placeholders=("match", "replacement", "value", "limit"),
    scope=_scope,
)
