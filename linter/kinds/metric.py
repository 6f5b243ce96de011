"""Kind `metric`: readability and length thresholds per sentence or paragraph (textstat)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from linter.document import Document
from linter.kinds.base import Finding, Kind, Option, OptionError
from linter.rules import Rule


def _words(text: str) -> float:
    return float(len(text.split()))


def _textstat(name: str) -> Callable[[str], float]:
    def measure(text: str) -> float:
        import textstat  # heavy: imported only when a readability rule runs

        return float(getattr(textstat, name)(text))

    return measure


# measure -> (scope, function)
MEASURES: dict[str, tuple[str, Callable[[str], float]]] = {
    "words-per-sentence": ("sentence", _words),
    "words-per-paragraph": ("paragraph", _words),
    "flesch-reading-ease": ("paragraph", _textstat("flesch_reading_ease")),
    "flesch-kincaid-grade": ("paragraph", _textstat("flesch_kincaid_grade")),
}


def _validate(options: Mapping[str, Any]) -> None:
    if options["measure"] not in MEASURES:
        raise OptionError("measure", f"choose from {', '.join(MEASURES)}")
    if options["max"] is None and options["min"] is None:
        raise OptionError("max", "give a 'max' or a 'min' threshold")
    for key in ("max", "min"):
        if options[key] is not None and not isinstance(options[key], int | float):
            raise OptionError(key, "must be a number")


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
    summary="Readability and length thresholds per sentence or paragraph (textstat).",
    options={
        "measure": Option(str, ", ".join(MEASURES), required=True, choices=tuple(MEASURES)),
        "max": Option((int, float), "flag values above this"),
        "min": Option((int, float), "flag values below this"),
        "min-words": Option(int, "skip sentences or paragraphs shorter than this", default=0),
    },
    compile=_compile,
    validate=_validate,
    placeholders=("match", "replacement", "value", "limit"),
)
