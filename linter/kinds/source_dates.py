"""Kind `source-dates`: a month or a weekday of the source that the translation lacks or changes (3月5日, 5 марта,
5 березня against "March 5"; 星期三, в среду against "Wednesday"). Month and weekday names come from CLDR (babel),
in every form it lists, so any source language babel knows is read."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

import regex

from linter.kept import regexes
from linter.kinds.base import Finding, Kind, Option, Scope, check_listed
from linter.model.rules import Rule
from linter.text.alignment import counterpart
from linter.text.document import Document

_CHECKS = ("months", "weekdays")
_EN_MONTHS = ("January February March April May June July August September October November December").split()
_EN_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
# a month number in Chinese or Japanese: 3月, 十二月 (not 三个月, three months)
_CJK_MONTH = regexes.compile(r"(?<![个個0-9０-９一二三四五六七八九十])"
                             r"([0-9０-９]{1,2}|十[一二]?|[一二三四五六七八九])月")
_CJK_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
                 "十一": 11, "十二": 12}
# weekday names that are common words too: среда, середа (an environment, a milieu)
_AMBIGUOUS = frozenset({"среда", "середа"})
# an English month name in a date ("March 5", "5 March", "in May 2024", "of June"): May alone may be the verb
_EN_MONTH = regexes.compile(
    r"\b(?:(January|February|March|April|May|June|July|August|September|October|November|December)"
    r"|(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)(?=[\s,]*\d|\b)")
_EN_DAY = regexes.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b")


@functools.lru_cache(maxsize=16)
def names(language: str) -> tuple[dict[str, int], dict[str, int]]:
    """Month and weekday word forms of ``language`` (lowercased, full stops removed) with their numbers (1-12; 0-6
    from Monday): CLDR's format and stand-alone, wide and abbreviated forms, and for a name ending in -а/-я its
    accusative in -у/-ю (в среду, у пʼятницю). Empty for a language babel does not know."""
    from babel import Locale, UnknownLocaleError  # CLDR data, read only for a source's language

    try:
        locale = Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return {}, {}
    months: dict[str, int] = {}
    days: dict[str, int] = {}
    for table, out in ((locale.months, months), (locale.days, days)):
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in dict(table[context][width]).items():
                    word = name.lower().replace(".", "").replace("ʼ", "'")
                    if len(word) < 3 and not any("\u4e00" <= c <= "\u9fff" for c in word):
                        continue  # a two-letter abbreviation (пн, вт) is too often something else
                    out[word] = number
                    if width == "wide" and word.endswith(("а", "я")):
                        out[word[:-1] + ("у" if word.endswith("а") else "ю")] = number
    for word in _AMBIGUOUS:
        days.pop(word, None)
    return months, days


@functools.lru_cache(maxsize=16)
def _names_pattern(language: str) -> regex.Pattern | None:
    """One regex for every month and weekday form of ``language``, whole words, longest first."""
    month_names, day_names = names(language)
    forms = sorted({*month_names, *day_names}, key=len, reverse=True)
    if not forms:
        return None
    alternatives = "|".join(regex.escape(f).replace("'", "['ʼ’]") for f in forms)
    return regex.compile(rf"(?<![\p{{L}}\p{{M}}'ʼ’])(?:{alternatives})\.?(?![\p{{L}}\p{{M}}'ʼ’])", regex.I)


def source_dates(text: str, language: str) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]]:
    """The months and weekdays of a source text: (start, end, number) each."""
    month_names, day_names = names(language)
    months: list[tuple[int, int, int]] = []
    days: list[tuple[int, int, int]] = []
    if language in ("zh", "ja"):
        for m in _CJK_MONTH.finditer(text):
            numeral = m.group(1).translate(str.maketrans("０１２３４５６７８９", "0123456789"))
            number = int(numeral) if numeral.isdigit() else _CJK_NUMERALS.get(numeral, 0)
            if 1 <= number <= 12:
                months.append((m.start(), m.end(), number))
        for name, number in day_names.items():
            at = text.find(name)
            while at >= 0:
                days.append((at, at + len(name), number))
                at = text.find(name, at + 1)
        return months, days
    pattern = _names_pattern(language)
    if pattern is None:
        return months, days
    for m in pattern.finditer(text):
        word = m.group(0).lower().rstrip(".").replace("ʼ", "'").replace("’", "'")
        if word in month_names:
            months.append((m.start(), m.end(), month_names[word]))
        elif word in day_names:
            days.append((m.start(), m.end(), day_names[word]))
    return months, days


class DatesChecker:
    def __init__(self, rule: Rule):
        self.rules = (rule,)
        self.rule = rule
        self.checks = frozenset(rule.options["compare"])

    def check(self, doc: Document) -> Iterable[Finding]:
        assert doc.source is not None and doc.source_language is not None
        if doc.source_language == "en":
            return
        months, days = source_dates(doc.source.prose, doc.source_language)
        target_months = [(m.start(), m.end(), _month_number(m)) for m in _EN_MONTH.finditer(doc.prose)]
        target_days = [(m.start(), m.end(), _EN_DAYS.index(m.group(1))) for m in _EN_DAY.finditer(doc.prose)]
        if "months" in self.checks:
            yield from self._compare(doc, months, target_months, _EN_MONTHS, 1)
        if "weekdays" in self.checks:
            yield from self._compare(doc, days, target_days, _EN_DAYS, 0)

    def _compare(self, doc: Document, source: list[tuple[int, int, int]], target: list[tuple[int, int, int]],
                 english: list[str], first: int) -> Iterable[Finding]:
        if not source:
            return  # a date the translation adds (a dateline, a reference) needs no source date
        assert doc.source is not None
        wanted = {n for _, _, n in source}
        given = {n for _, _, n in target}
        seen: set[int] = set()
        for start, end, number in source:
            if number in given or number in seen:
                continue
            seen.add(number)
            at, stop = counterpart(doc, start)
            yield Finding(self.rule, at, stop, values={
                "detail": f"the source's '{doc.source.text[start:end]}' ({english[number - first]}) is missing "
                          "from the translation"})
        for start, end, number in target:
            if number not in wanted:
                names = " or ".join(english[n - first] for n in sorted(wanted))
                yield Finding(self.rule, start, end, values={
                    "detail": f"'{doc.text[start:end]}' is not in the source, which has {names}"})


def _month_number(m: Any) -> int:
    if m.group(1):
        return _EN_MONTHS.index(m.group(1)) + 1
    abbreviation = m.group(2)[:3]
    return next(i for i, name in enumerate(_EN_MONTHS, 1) if name.startswith(abbreviation))


KIND = Kind(
    name="source-dates",
    summary="A month or weekday of the source that the translation lacks or changes (bilingual).",
    options={"compare": Option(list, f"what is compared: {', '.join(_CHECKS)}", default=list(_CHECKS))},
    compile=lambda rules: [DatesChecker(rule) for rule in rules],
    validate=lambda options: check_listed(options, "compare", _CHECKS),
    placeholders=("match", "replacement", "detail"),
    scope=lambda rule: Scope.DOCUMENT,
    bilingual=True,
)
