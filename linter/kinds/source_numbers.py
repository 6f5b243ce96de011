"""Kind `source-numbers`: a number of the source missing from its translation, or one the translation adds.

Numbers are compared by value after normalisation (linter/text/numerals.py): 25万 and "250,000", "2,5 млн" and
"2.5 million", "五年" and "five years", "20%" and "20 percent". A number the target adds is flagged where it
stands; a number of the source that no number of the target answers is flagged on the target sentence that
translates the source's (the same sentence when both have as many, else the one at the same relative place).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import regex

from linter.kept import regexes
from linter.kinds.base import Finding, Kind, Option, Scope, check_listed
from linter.model.rules import Rule
from linter.text.alignment import counterpart
from linter.text.document import Document

if TYPE_CHECKING:
    from linter.text import numerals

_DIRECTIONS = ("source", "target")
# words coordinated before a number they share: "the top and bottom 20%", "men or women aged 30"
_SHARED = regexes.compile(r"\b\p{L}+\s+(?:and|or)\s+\p{L}+\s+$", regex.I)


def key(value: float) -> float:
    """A value as compared: six significant digits (2.5e6 from 250万 and from "2.5 million" are one)."""
    return float(f"{value:.6g}")


class NumbersChecker:
    def __init__(self, rule: Rule):
        self.rules = (rule,)
        self.rule = rule
        self.directions = frozenset(rule.options["directions"])
        self.least = float(rule.options["least-unspelled"])

    def check(self, doc: Document) -> Iterable[Finding]:
        from linter.text import numerals  # only a translation checked with its source reads numbers (start-up)

        assert doc.source is not None and doc.source_language is not None
        language = doc.source_language
        target = numerals.numbers(doc.prose, "en")
        source = numerals.numbers(doc.source.prose, language)
        target_values = {key(v) for n in target for v in n.values} | set(map(key, numerals.loose_values(doc.prose)))
        source_values = {key(v) for n in source for v in n.values} | set(
            map(key, numerals.loose_values(doc.source.prose)))
        # numbers with a unit, as measures: a unit converted (200英尺 as 61 metres) is the same number
        target_measures = [m for m in (numerals.measure(doc.prose, n) for n in target) if m]
        source_measures = [m for m in (numerals.measure(doc.source.prose, n) for n in source) if m]
        if "target" in self.directions:
            spelled = numerals.spells_numbers(language)
            for n in target:
                if not n.written:
                    continue
                if any(key(v) in source_values for v in n.values):
                    other = self._unit_changed(doc, n, source)
                    if other:
                        end = n.start + len(numerals.with_unit(doc.text, n))
                        yield Finding(self.rule, n.start, end, values={
                            "detail": f"'{numerals.with_unit(doc.text, n)}' is in another unit than the source's "
                                      f"'{other}', and not converted"})
                    continue
                measure = numerals.measure(doc.prose, n)
                if measure and any(numerals.converted(measure, m) for m in source_measures):
                    continue
                if not spelled and min(n.values) < self.least:
                    continue  # a small number may be spelled out in a source language whose words are not read
                yield Finding(self.rule, n.start, n.end,
                              values={"detail": f"'{doc.text[n.start:n.end]}' is not in the source"})
        if "source" in self.directions:
            reported: set[frozenset[float]] = set()
            for n in source:
                if not n.written or n.values in reported:
                    continue
                reported.add(n.values)
                keys = {key(v) for v in n.values}
                written = doc.source.text[n.start:n.end]
                if not keys & target_values:
                    if n.parts and all(key(v) in target_values for v in n.parts):
                        continue  # "16 100x185": 16 and 100, not sixteen thousand
                    measure = numerals.measure(doc.source.prose, n)
                    if measure and any(numerals.converted(measure, m) for m in target_measures):
                        continue
                    start, end = counterpart(doc, n.start)
                    yield Finding(self.rule, start, end,
                                  values={"detail": f"the source's '{written}' is missing from the translation"})
                    continue
                # as often as the source has it: "25万 species ... 25万 flowering plants" needs both
                again = [m for m in source if m.written and m.values == n.values]
                answers = [m for m in target if keys & {key(v) for v in m.values}]
                # "the top and bottom 20%": one number shared by two coordinated words answers for two
                answered = len(answers) + sum(
                    1 for m in answers if _SHARED.search(doc.text, max(0, m.start - 60), m.start))
                if answered and len(again) > answered:
                    missing = again[answered]
                    start, end = counterpart(doc, missing.start)
                    yield Finding(self.rule, start, end, values={
                        "detail": f"the source has '{written}' {_times(len(again))}, the translation "
                                  f"{_times(answered)}"})


    @staticmethod
    def _unit_changed(doc: Document, n: numerals.Number, source: list[numerals.Number]) -> str | None:
        """The source's number with its unit when the target gives the same number in another unit of the same
        dimension, unconverted (200英尺 as "200 metres", 30 km as "30 miles"); None when any source number of that
        value has the target's unit or no unit, or when the unit is of another dimension (no telling then)."""
        from linter.text import numerals  # read only with a source, as in check (start-up)

        assert doc.source is not None
        measure = numerals.measure(doc.prose, n)
        if not measure:
            return None
        keys = {key(v) for v in n.values}
        same = [m for m in source if keys & {key(v) for v in m.values}]
        other = None
        for m in same:
            theirs = numerals.measure(doc.source.prose, m)
            if not theirs or theirs[0] != measure[0]:
                return None
            if theirs[2] == measure[2] or numerals.converted(measure, theirs):
                return None
            other = other or numerals.with_unit(doc.source.text, m)
        return other


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


KIND = Kind(
    name="source-numbers",
    summary="A number of the source missing from the translation, or one the translation adds (bilingual).",
    options={
        "directions": Option(list, "source: numbers of the source missing from the target; target: numbers the target "
                        "adds", default=list(_DIRECTIONS)),
        "least-unspelled": Option((int, float), "for a source language whose number words are not read (any but "
                                  "zh, ru, uk): the least target number flagged as added", default=20),
    },
    compile=lambda rules: [NumbersChecker(rule) for rule in rules],
    validate=lambda options: check_listed(options, "directions", _DIRECTIONS),
    placeholders=("match", "replacement", "detail"),
    scope=lambda rule: Scope.DOCUMENT,
    bilingual=True,
)
