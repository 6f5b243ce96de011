"""Kind `dates-numbers`: dates, numbers and money written as the source language writes them, or not at all.

Each rule names one `check`:

- `day-without-month`: "on the 14th" with no month in its paragraph (a calque of 14日 / 14-го);
- `ordinal-date`: "March 3rd", "3rd March", "the 3rd of March" (news style: "March 3", "3 March");
- `numeric-date`: "2024-03-05" or "05.03.2024" in running prose;
- `mixed-date-order`: "March 5" and "5 March" in one article (the minority order is flagged);
- `weekday-mismatch`: "Tuesday, March 4, 2024" when March 4, 2024 was a Monday (the year from the date, its
  sentence, or the article's dateline or metadata line; no year known, no finding);
- `impossible-date`: "February 30", "31 April", "2023-02-29";
- `number-word`: "7 thousand", "3.5 ten thousand" (万), "2 hundred million" (亿), written out as figures;
- `ungrouped-number`: "12500 people" (five digits and more, not codes, IDs, phone numbers or postcodes);
- `currency-code`: "4800 RMB", "USD 100" (news style: "4,800 yuan", "$100");
- `percent-forms`: "5%" and "5 percent" in one article (the minority form is flagged).

Month and weekday names, currency codes, names and symbols come from CLDR (linter/text/cldr.py). A date that
cannot exist is a finding, never an error: nothing here builds a date it has not checked.
"""

from __future__ import annotations

import bisect
import functools
import re
import weakref
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import regex

from linter.kept import regexes
from linter.kinds.base import Finding, Kind, Option, OptionError, Scope
from linter.kinds.prefilter import tried
from linter.model.diagnostics import Applicability
from linter.model.rules import Rule
from linter.text import cldr, quotes
from linter.text.document import Document, LastDocument

if TYPE_CHECKING:
    import datetime
    from decimal import Decimal


# Without calendar (and datetime, which it imports: about 1.5 ms of a one-article start-up, issue 20); datetime
# only once a weekday is checked against its date.
_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _isleap(year: int) -> bool:
    """The Gregorian rule, as ``calendar.isleap``."""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _days_in_month(year: int, month: int) -> int:
    """The days of ``month`` (1-12) of ``year``, as ``calendar.monthrange(year, month)[1]``."""
    return 29 if month == 2 and _isleap(year) else _DAYS_IN_MONTH[month]


def _date(year: int, month: int, day: int) -> datetime.date:
    import datetime

    return datetime.date(year, month, day)

CHECKS = ("day-without-month", "ordinal-date", "numeric-date", "mixed-date-order", "weekday-mismatch",
          "impossible-date", "number-word", "ungrouped-number", "currency-code", "percent-forms")
# What a finding's message may say besides {match} and {replacement}: what is wrong, in a few words.
_PLACEHOLDERS = ("match", "replacement", "detail")
# The checks whose findings read the whole article (its other dates, its dateline, its other percentages).
_DOCUMENT_CHECKS = frozenset({"mixed-date-order", "weekday-mismatch", "percent-forms"})


def _validate(options: Mapping[str, Any]) -> None:
    for key in ("not-near", "labels", "symbols", "exceptions"):
        if not all(isinstance(item, str) and item.strip() for item in options[key]):
            raise OptionError(key, "each entry must be a non-empty string")
    known = cldr.names().currencies
    for alias, code in options["aliases"].items():
        if not (isinstance(alias, str) and regexes.compile(r"[A-Z]{2,4}").fullmatch(alias)):
            raise OptionError(f"aliases.{alias}", "an alias is two to four capital letters (RMB)")
        if code not in known:
            raise OptionError(f"aliases.{alias}", f"{code!r} is not the ISO 4217 code of a currency in use")
    for code in options["symbols"]:
        if code not in known:
            raise OptionError("symbols", f"{code!r} is not the ISO 4217 code of a currency in use")


def _scope(rule: Rule) -> Scope:
    return Scope.DOCUMENT if rule.options["check"] in _DOCUMENT_CHECKS else Scope.PARAGRAPH


# --- what the patterns are built from ------------------------------------------------------------------


@dataclass(frozen=True)
class _Vocabulary:
    month_of: dict[str, int]  # "March" and "Mar." -> 3
    weekday_of: dict[str, int]  # "Monday" -> 0
    month_pattern: str  # an alternation, longest names first
    weekday_pattern: str


def _vocabulary() -> _Vocabulary:
    names = cldr.names()
    month_of: dict[str, int] = {}
    for number, (wide, short) in enumerate(zip(names.months, names.months_abbreviated, strict=True), 1):
        month_of[wide] = number
        if short != wide:  # "Mar." (an abbreviation is written with its period in news copy); "May" is one word
            month_of[short + "."] = number
    weekday_of = {wide: number for number, wide in enumerate(names.weekdays)}
    return _Vocabulary(
        month_of=month_of,
        weekday_of=weekday_of,
        month_pattern="|".join(regex.escape(m) for m in sorted(month_of, key=len, reverse=True)),
        weekday_pattern="|".join(regex.escape(w) for w in sorted(weekday_of, key=len, reverse=True)),
    )


_ORDINAL = r"(?:st|nd|rd|th)"
_YEAR = r"(?:1[89]\d\d|20\d\d)"


def _date_pattern(vocabulary: _Vocabulary) -> regex.Pattern:
    """A day and a month in either order, with an ordinal suffix, 'the ... of' and a year when there."""
    month = vocabulary.month_pattern
    day_month = (
        rf"(?<![\w$€£¥.,:/+-])(?:(?P<the>the )(?=\d{{1,2}}{_ORDINAL} of ))?"
        rf"(?P<d1>[0-3]?\d)(?P<o1>{_ORDINAL})?(?:(?<=st|nd|rd|th) of)? (?P<m1>{month})(?![\w-])"
        rf"(?:,? (?P<y1>{_YEAR})(?![\w,.]\w|[\w-]))?"
    )
    month_day = (
        rf"(?<![\w-])(?P<m2>{month}) (?P<d2>[0-3]?\d)(?P<o2>{_ORDINAL})?\b(?![.,:]\d| ?%|-\w*[a-zA-Z])"
        rf"(?:,? (?P<y2>{_YEAR})(?![\w,.]\w|[\w-]))?"
    )
    return regexes.compile(rf"{day_month}|{month_day}")


_ISO_DATE = regexes.compile(rf"(?<![\w./:#+-])(?P<y>{_YEAR})-(?P<m>\d\d)-(?P<d>\d\d)(?![\w/:+-]|\.\d)")
_DOTTED_DATE = regexes.compile(rf"(?<![\w./:#+-])(?P<d>\d\d?)\.(?P<m>\d\d?)\.(?P<y>{_YEAR})(?![\w/:+-]|[.,]\d)")
# what the two must start with, scanned for first: a pattern that starts with a lookbehind is tried everywhere; and
# before that, a part of each core that starts with a literal (which the `regex` module looks for by a fast string
# search: a quarter of the cost of a scan for a core, which starts with a digit): a text without it has no such date
_NUMERIC_CORES = ((regexes.compile(r"-\d\d-\d\d"), regexes.compile(rf"{_YEAR}-\d\d-\d\d"), _ISO_DATE),
                  (regexes.compile(r"\.\d\d?\.(?:1[89]|20)\d\d"), regexes.compile(rf"\d\d?\.\d\d?\.{_YEAR}"),
                   _DOTTED_DATE))


def _numeric_dates(text: str, start: int = 0, end: int | None = None) -> Iterator[regex.Match]:
    """The ISO and dotted dates of ``text`` (between ``start`` and ``end``), whatever their day and month."""
    end = len(text) if end is None else end
    for gate, core, pattern in _NUMERIC_CORES:
        if gate.search(text, start, end) is None:  # every match of the core holds one of the gate
            continue
        for candidate in core.finditer(text, start, end):
            m = pattern.match(text, candidate.start(), end)
            if m is not None:
                yield m


# the numeric-date and impossible-date rules read the same dates: one scan per document
_all_numeric_dates: LastDocument[list[regex.Match]] = LastDocument(lambda doc: list(_numeric_dates(doc.prose)))

_METADATA_LINE = regexes.compile(r"\s*\W{0,3}(?:date|dated|published|updated|posted|dateline|time)\b", regex.I)


@dataclass(frozen=True)
class _Date:
    """A day and month written in words, as found: its span, what it says, and how it is written."""

    start: int
    end: int
    day: int
    month: int
    month_text: str
    year: int | None
    day_first: bool
    ordinal: bool
    core_end: int  # the end of the day and month, before a year

    def exists(self) -> bool:
        if self.year is None:
            return self.day <= (29 if self.month == 2 else _days_in_month(2001, self.month))
        return self.day <= _days_in_month(self.year, self.month)

    def written(self, day_first: bool) -> str:
        """This date in news style, day first or month first, with its year."""
        if day_first:
            return f"{self.day} {self.month_text}" + (f" {self.year}" if self.year else "")
        return f"{self.month_text} {self.day}" + (f", {self.year}" if self.year else "")


def _valid_day(day: int) -> bool:
    return 1 <= day <= 31


class _Analysis:
    """What the date checks share for one document: every written date, which paragraphs are metadata, and the
    year the article's dateline or metadata gives."""

    def __init__(self, doc: Document, kind: _Patterns):
        self.doc = weakref.proxy(doc)  # kept by a LastDocument, which must not keep the document alive
        text = doc.prose
        self.dates: list[_Date] = []
        for m in kind.dates_in(text):
            first = m.group("m1") is not None
            day = int(m.group("d1" if first else "d2"))
            if not _valid_day(day):
                continue
            month_text = m.group("m1" if first else "m2")
            year = m.group("y1" if first else "y2")
            self.dates.append(_Date(
                m.start(), m.end(), day, kind.vocabulary.month_of[month_text], month_text,
                int(year) if year else None, first, bool(m.group("o1" if first else "o2")),
                m.end("m1") if first else max(m.end("d2"), m.end("o2"))))
        self.starts = [date.start for date in self.dates]  # ascending: windows and their matches come in order
        # a headline, a dateline or a metadata line: one of the first lines, short, not ending as a sentence ends
        self._metadata = {span for span in doc.paragraphs[:3]
                          if _is_short(text, span) and text[span[0]:span[1]].rstrip()[-1:] not in ".!?\"”’)"}
        self._metadata.update(span for span in doc.paragraphs if _METADATA_LINE.match(text, span[0], span[1]))

    def in_metadata(self, offset: int) -> bool:
        span = self.doc.paragraph_at(offset)
        return span is not None and span in self._metadata

    @property
    def reference(self) -> tuple[int, int | None, int | None] | None:
        """The article's own date (year, month, day), from a metadata line or the dateline at the start of one
        of its first paragraphs; None when it gives none."""
        if not hasattr(self, "_reference"):
            self._reference = self._find_reference()
        return self._reference

    def _find_reference(self) -> tuple[int, int | None, int | None] | None:
        text = self.doc.prose
        places = [span for span in self.doc.paragraphs if span in self._metadata]
        places += [(s, min(e, s + 80)) for s, e in self.doc.paragraphs[:3]]  # a dateline: "KYIV, March 4, 2024 -"
        for start, end in places:
            for date in self.dates:
                if start <= date.start < end and date.year is not None and date.exists():
                    return date.year, date.month, date.day
            for m in _numeric_dates(text, start, end):
                if _numeric_exists(m):
                    return int(m.group("y")), int(m.group("m")), int(m.group("d"))
        return None


def _is_short(text: str, span: tuple[int, int]) -> bool:
    return len(text[span[0]:span[1]].split(None, 13)) <= 12


def _numeric_exists(m: regex.Match) -> bool:
    year, month, day = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    return 1 <= month <= 12 and 1 <= day <= _days_in_month(year, month)


class _Patterns:
    """The patterns of every rule of the kind, built once from CLDR's names."""

    def __init__(self) -> None:
        self.vocabulary = _vocabulary()
        self.date = _date_pattern(self.vocabulary)
        months = self.vocabulary.month_pattern
        self.month_word = regexes.compile(rf"\b(?:{months})(?!\w)")
        # the names alone, on the standard library's engine: a third of the cost of a scan for ``month_word``,
        # whose word boundary the `regex` module tries at every position (see ``month_words``)
        plain = all(re.fullmatch(r"[A-Za-z]+\.?", name) for name in self.vocabulary.month_of)
        self.month_name = re.compile(months) if plain else None
        weekdays = self.vocabulary.weekday_pattern
        # a weekday just before a date ("Monday, March 4", "on Tuesday the 5th of March", "Monday (March 4)") or
        # just after one ("March 4 (Monday)", "March 4, a Monday", "on March 4, Monday,"), on the same line
        self.weekday_before = regexes.compile(rf"\b(?P<w>{weekdays})(?:,? (?:the )?| \()\Z")
        self.weekday_after = regexes.compile(rf"(?:,? \((?P<w>{weekdays})\)|, (?:a |which was a )?"
                                             rf"(?P<w2>{weekdays})\b(?![’'-]))")
        self.last = LastDocument(lambda doc: _Analysis(doc, self))

    def month_words(self, text: str) -> Iterator[regex.Match]:
        """``self.month_word.finditer(text)``, found faster: the names alone are scanned for, and ``month_word`` is
        matched where one begins. Exact: every match of ``month_word`` begins with a name, so the scan stops there
        (it resumes after the name it found, and a name, all letters but an abbreviation's final period, holds no
        word boundary before a letter, where another match could begin), and at that place ``month_word`` gives
        its own match or none (names of letters, an abbreviation's period after them; other names: the plain scan)."""
        if self.month_name is None:
            yield from self.month_word.finditer(text)
            return
        yield from tried(self.month_word, text, (name.start() for name in self.month_name.finditer(text)))

    def dates_in(self, text: str) -> Iterator[regex.Match]:
        """Every date of ``text``: the date pattern is tried only around the month names, which are rare (the
        pattern alone, tried at every digit and letter, costs ten times the scan for the names)."""
        # room for "the 21st of " before the name and "5th, 2024" after it, and the look-arounds beyond
        for start, end in _around(self.month_words(text), 16, len(text)):
            yield from self.date.finditer(text, start, end)


def _around(matches: Iterable[regex.Match], margin: int, length: int) -> list[tuple[int, int]]:
    """The stretches of a text of ``length`` within ``margin`` of ``matches``, overlapping ones merged. A pattern
    run over a stretch sees the text before it (lookbehind) but nothing after it: the margin covers both."""
    windows: list[list[int]] = []
    for m in matches:
        start, end = max(0, m.start() - margin), min(length, m.end() + margin)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = end
        else:
            windows.append([start, end])
    return [(start, end) for start, end in windows]


def _lines_holding(text: str, literals: Iterable[str]) -> list[tuple[int, int]]:
    """The lines of ``text`` that hold one of ``literals``, each with its line break, in order, neighbours joined.

    A pattern that matches no line break, whose every match holds one of ``literals``, and whose look-arounds read
    no further than one character past a line's ends (a line break is no word character, space, digit or sign)
    finds over these stretches (as ``pos`` and ``endpos``) just what it finds over the whole text: each of its
    matches lies inside one line that holds a literal, and the characters it reads around it are the same there.
    The literals are found by ``str.find``, many times faster than a regex scan of the text."""
    starts: set[int] = set()
    for literal in literals:
        at = text.find(literal)
        while at >= 0:
            starts.add(text.rfind("\n", 0, at) + 1)
            line_end = text.find("\n", at + len(literal))
            at = -1 if line_end < 0 else text.find(literal, line_end + 1)
    windows: list[list[int]] = []
    for start in sorted(starts):
        end = text.find("\n", start) + 1 or len(text)
        if windows and windows[-1][1] == start:
            windows[-1][1] = end
        else:
            windows.append([start, end])
    return [(start, end) for start, end in windows]


def _finditer_lines(pattern: regex.Pattern, doc: Document, literals: tuple[str, ...]) -> Iterator[regex.Match]:
    """``pattern.finditer(doc.prose)`` for a pattern that ``_lines_holding`` allows, run over the lines holding
    ``literals`` only (found once per document and literals: the rules of the kind share them)."""
    found = _line_windows.of(doc)
    windows = found.get(literals)
    if windows is None:
        windows = found[literals] = _lines_holding(doc.prose, literals)
    text = doc.prose
    for start, end in windows:
        yield from pattern.finditer(text, start, end)


_line_windows: LastDocument[dict[tuple[str, ...], list[tuple[int, int]]]] = LastDocument(lambda doc: {})


_shared: _Patterns | None = None


def _patterns() -> _Patterns:
    global _shared
    if _shared is None:
        _shared = _Patterns()
    return _shared


# --- the checks ------------------------------------------------------------------------------------------


def _quoted_lowers(doc: Document, start: int) -> Applicability | None:
    """A fix inside a quotation is never safe: the speaker's words are not the copy desk's to style."""
    return Applicability.UNSAFE if quotes.quote_index(doc).inside(start) else None


_FOLLOWERS = frozenset(
    "at in and or to when while as after before during with the a an he she it they we i this that there from for "
    "but local so until by on".split())
_DAY_WITHOUT_MONTH = regexes.compile(
    r"\b(?:[Oo]n|[Ss]ince|[Uu]ntil|[Tt]ill|[Bb]y|[Ff]rom|[Bb]efore|[Aa]fter) the (?:[1-9]|[12]\d|3[01])"
    rf"{_ORDINAL}\b(?:(?: (?:and|or|to|through)(?: the)? |[-–](?:the )?)(?:[1-9]|[12]\d|3[01]){_ORDINAL}\b)?")
# "the 14th" is scanned for first, then the preposition before it (a pattern starting with one is tried everywhere)
_THE_DAY = regexes.compile(rf"the (?:[1-9]|[12]\d|3[01]){_ORDINAL}\b")
_PREPOSITION_BEFORE = regexes.compile(r"\b(?:[Oo]n|[Ss]ince|[Uu]ntil|[Tt]ill|[Bb]y|[Ff]rom|[Bb]efore|[Aa]fter) \Z")
_AFTER_DAY = regexes.compile(r"(?:[ \t]*[.,;:!?)\]\"”’—–]|(?: of (?P<of>this|last|next) month\b)|"
                             r" (?P<word>[a-z]+)\b(?!-))")


_FIGURE_NEXT = regexes.compile(r"\s*\d")


@functools.lru_cache(maxsize=64)
def _any_of(words: tuple[str, ...]) -> regex.Pattern | None:
    """One pattern for any of ``words``, whole, in any case (None for no words)."""
    if not words:
        return None
    return regexes.compile(r"\b(?:" + "|".join(regex.escape(w) for w in words) + r")\b", regex.I)


def _day_without_month(rule: Rule, doc: Document, patterns: _Patterns) -> Iterator[Finding]:
    text = doc.prose
    not_near = _any_of(tuple(rule.options["not-near"]))
    for the_day in _THE_DAY.finditer(text):
        preposition = _PREPOSITION_BEFORE.search(text, max(0, the_day.start() - 7), the_day.start())
        m = None if preposition is None else _DAY_WITHOUT_MONTH.match(text, preposition.start())
        if m is None:
            continue
        paragraph = doc.paragraph_at(m.start()) or (0, len(text))
        after = _AFTER_DAY.match(text, m.end(), min(paragraph[1], m.end() + 40))
        if after is None:
            if text[m.end():paragraph[1]].strip():  # a word or mark that no date is followed by
                continue
        elif after.group("word") is not None and (after.group("word") not in _FOLLOWERS
                                                  or _FIGURE_NEXT.match(text, after.end())):
            continue  # "the 14th century": an ordinal before a noun; "on the 3rd and 9": a down, not a day
        sentence = doc.sentence_at(m.start()) or paragraph
        if patterns.month_word.search(text, paragraph[0], max(sentence[1], m.end())):
            continue
        if not_near is not None and not_near.search(text, paragraph[0], paragraph[1]):
            continue
        end = m.end() + (len(after.group()) if after is not None and after.group("of") else 0)
        yield Finding(rule, m.start(), end, values={"detail": "no month is named"})


def _ordinal_date(rule: Rule, doc: Document, patterns: _Patterns) -> Iterator[Finding]:
    for date in patterns.last.of(doc).dates:
        if date.ordinal:
            # the span ends after the month (day first) or the day (month first): a year after it stays as written
            replacement = f"{date.day} {date.month_text}" if date.day_first else f"{date.month_text} {date.day}"
            # "the 4th of July parade" is a holiday's name: "the Nth of" is rewritten only with --unsafe-fixes
            the_of = date.day_first and " of " in doc.prose[date.start:date.core_end]
            yield Finding(rule, date.start, date.core_end, suggestions=(replacement,),
                          values={"detail": "an ordinal suffix"},
                          applicability=Applicability.UNSAFE if the_of else _quoted_lowers(doc, date.start))


def _numeric_date(rule: Rule, doc: Document, patterns: _Patterns) -> Iterator[Finding]:
    text = doc.prose
    names = cldr.names().months
    for m in _all_numeric_dates.of(doc):
        if not _numeric_exists(m) or not _running_prose(doc, m.start()):
            continue
        previous = _PREVIOUS_WORD.search(text, max(_paragraph_start(doc, m.start()), m.start() - 30), m.start())
        if previous is not None and previous.group("w").casefold().rstrip(".") in _VERSION_WORDS:
            continue  # "version 10.03.2024", "build 2024-03-05": a name, not a date
        year, month, day = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        yield Finding(rule, m.start(), m.end(),
                      suggestions=(f"{names[month - 1]} {day}, {year}", f"{day} {names[month - 1]} {year}"),
                      values={"detail": "a numeric date"})


_VERSION_WORDS = frozenset({"version", "ver", "v", "release", "build", "firmware", "update", "edition"})


def _running_prose(doc: Document, offset: int) -> bool:
    """Whether ``offset`` is inside a sentence of running prose: a paragraph of at least eight words that ends as a
    sentence ends (not a headline, a caption, a table row or a list of dates)."""
    span = doc.paragraph_at(offset)
    if span is None or _METADATA_LINE.match(doc.prose, span[0], span[1]):
        return False
    body = doc.prose[span[0]:span[1]].rstrip()
    return body[-1:] in ".!?\"”’)" and len(body.split(None, 8)) >= 8


def _paragraph_start(doc: Document, offset: int) -> int:
    span = doc.paragraph_at(offset)
    return 0 if span is None else span[0]


def _mixed_date_order(rule: Rule, doc: Document, patterns: _Patterns) -> Iterator[Finding]:
    analysis = patterns.last.of(doc)
    counted = [date for date in analysis.dates if not analysis.in_metadata(date.start)]
    orders = Counter(date.day_first for date in counted)
    if len(orders) < 2:
        return
    # the majority order; on a tie, the order of the article's first date
    majority = max(orders, key=lambda order: (orders[order], order == counted[0].day_first))
    for date in counted:
        if date.day_first == majority:
            continue
        quoted = quotes.quote_index(doc).inside(date.start)
        yield Finding(rule, date.start, date.end, suggestions=(date.written(majority),),
                      values={"detail": "day first" if majority else "month first"},
                      applicability=Applicability.DISPLAY_ONLY if quoted else None)


def _weekday_mismatch(rule: Rule, doc: Document, patterns: _Patterns) -> Iterator[Finding]:
    text = doc.prose
    analysis = patterns.last.of(doc)
    weekdays = cldr.names().weekdays
    for date in analysis.dates:
        before = patterns.weekday_before.search(text, max(0, date.start - 16), date.start)
        after = patterns.weekday_after.match(text, date.end, min(len(text), date.end + 24))
        if before is not None:
            written, start, end = before.group("w"), before.start(), date.end
            if before.group().endswith("(") and text.startswith(")", end):
                end += 1
        elif after is not None:
            written, start, end = after.group("w") or after.group("w2"), date.start, after.end()
        else:
            continue
        if not date.exists():
            continue
        year = date.year or _sentence_year(doc, date, analysis) or _nearest_year(date, analysis.reference)
        if year is None or (date.month == 2 and date.day == 29 and not _isleap(year)):
            continue
        actual = weekdays[_date(year, date.month, date.day).weekday()]
        if actual != written:
            yield Finding(rule, start, end, values={
                "detail": f"{date.written(False).split(',')[0]}, {year}, was a {actual}, not a {written}"})


def _sentence_year(doc: Document, date: _Date, analysis: _Analysis) -> int | None:
    """The one year the date's sentence gives with another date ("from Monday, March 4 to Friday, March 8, 2024")."""
    sentence = doc.sentence_at(date.start)
    if sentence is None:
        return None
    first, last = bisect.bisect_left(analysis.starts, sentence[0]), bisect.bisect_left(analysis.starts, sentence[1])
    years = {d.year for d in analysis.dates[first:last] if d.year is not None}
    return years.pop() if len(years) == 1 else None


def _nearest_year(date: _Date, reference: tuple[int, int | None, int | None] | None) -> int | None:
    """The article's year, or the year next to it that puts the date nearest the article's own date (an article
    of December 30 that speaks of January 6 means the next January)."""
    if reference is None:
        return None
    year, month, day = reference
    if month is None or day is None:
        return year
    anchor = _date(year, month, day)
    best: tuple[int, int] | None = None
    for candidate in (year - 1, year, year + 1):
        if date.day > _days_in_month(candidate, date.month):
            continue
        distance = abs((_date(candidate, date.month, date.day) - anchor).days)
        if best is None or distance < best[0]:
            best = (distance, candidate)
    return None if best is None else best[1]


def _impossible_date(rule: Rule, doc: Document, patterns: _Patterns) -> Iterator[Finding]:
    names = cldr.names().months
    for date in patterns.last.of(doc).dates:
        if not date.exists():
            if date.month == 2 and date.day == 29:
                detail = f"{date.year} was not a leap year"
            else:
                longest = 29 if date.month == 2 else _days_in_month(2001, date.month)
                detail = f"{names[date.month - 1]} has {longest} days"
            yield Finding(rule, date.start, date.end, values={"detail": detail})
    for m in _all_numeric_dates.of(doc):
        year, month, day = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        if 1 <= month <= 12 and 1 <= day <= 31 and not _numeric_exists(m):
            longest = _days_in_month(year, month)
            yield Finding(rule, m.start(), m.end(), values={"detail": f"{names[month - 1]} {year} has {longest} days"})


_SCALES = {"hundred": 100, "thousand": 1000, "ten thousand": 10_000, "hundred thousand": 100_000,
           "ten million": 10_000_000, "hundred million": 100_000_000}
_NUMBER_WORD = regexes.compile(
    r"(?<![\w.,$€£¥-])(?:(?P<low>\d+(?:\.\d+)?)(?P<to> ?[-–] ?| to | or | and ))?(?P<n>\d+(?:\.\d+)?) (?P<s>"
    + "|".join(sorted(_SCALES, key=len, reverse=True))
    + r")(?!\w)(?! (?:million|billion|trillion|thousand)\b)")


@functools.cache
def _large() -> tuple[tuple[Decimal, str], ...]:
    from decimal import Decimal  # (imported by the first number written with a word: start-up)

    return (Decimal(10) ** 12, "trillion"), (Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million")


def _figures(value: Decimal) -> str | None:
    """``value`` as news copy writes it: "35,000", "1.5 million"; None when that needs more than two decimals."""
    from decimal import Decimal

    for size, word in _large():
        if value >= size:
            scaled = value / size
            if scaled != scaled.quantize(Decimal("0.01")):
                return None
            return f"{_plain(scaled)} {word}"
    if value != value.to_integral_value():
        return None
    return f"{int(value):,}"


def _plain(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# a number in two parts, larger unit first, as Chinese (3亿5000万) and Russian (3 млн 500 тыс.) write it
_BIG = {"trillion": 10**12, "billion": 10**9, "million": 10**6, "thousand": 1000}
# every match of _NUMBER_WORD and _TWO_PARTS holds one of these ("ten million" holds "llion"); neither matches a line
# break: they are run over the lines that hold one (_lines_holding)
_SCALE_LITERALS = ("hundred", "thousand", "llion")
_TWO_PARTS = regexes.compile(
    r"(?<![\w.,$€£¥-])(?P<a>\d+) (?P<big>trillion|billion|million|thousand) (?P<b>\d+(?:\.\d+)?)(?: (?P<small>"
    + "|".join(sorted({*_SCALES, "million", "billion"}, key=lambda w: (-len(w), w))) + r")(?!\w)|(?![\d.,]*\w))")


def _two_parts(rule: Rule, doc: Document) -> Iterator[Finding]:
    """'3 million 500 thousand', '12 billion 500 million': one number written in two parts, worked out whole
    ('3.5 million'), so that the second part is not written out alone ('3 million 500,000')."""
    for m in _finditer_lines(_TWO_PARTS, doc, _SCALE_LITERALS):
        from decimal import Decimal

        big = _BIG[m.group("big")]
        if m.group("small") is None:
            # "2 thousand 300 people" (2,300) or "7 thousand 30 years ago" (two numbers): the words are flagged,
            # nothing is worked out ("2,000 300" would be worse); "2 million 300 years ago" is plain English
            if big == 1000:
                yield Finding(rule, m.start(), m.end("big"), edits=(),
                              values={"detail": "'thousand' after a figure, and a figure after it"},
                              applicability=_quoted_lowers(doc, m.start()))
            continue
        small = _SCALES.get(m.group("small")) or _BIG[m.group("small")]
        if small >= big:
            continue  # "2 thousand 3 million" is two figures, not one
        part = Decimal(m.group("b")) * small
        # the second part must be smaller than one of the first part's unit ("3 thousand 500 hundred" is not)
        figures = _figures(Decimal(m.group("a")) * big + part) if part < big else None
        yield Finding(rule, m.start(), m.end(), suggestions=(figures,) if figures else (),
                      edits=None if figures else (), values={"detail": "one number written in two parts"},
                      applicability=_quoted_lowers(doc, m.start()))


def _number_word(rule: Rule, doc: Document, patterns: _Patterns) -> Iterator[Finding]:
    wholes = list(_two_parts(rule, doc))
    yield from wholes
    for m in _finditer_lines(_NUMBER_WORD, doc, _SCALE_LITERALS):
        from decimal import Decimal  # an article without such numbers never needs it (start-up)

        if any(w.start <= m.start() < w.end for w in wholes):
            continue

        scale = _SCALES[m.group("s")]
        figures = _figures(Decimal(m.group("n")) * scale)
        if figures is not None and m.group("low") is not None:
            # "8–10 thousand" is 8,000 to 10,000: both ends are written out, or the range would read "8 to 10,000"
            low = _figures(Decimal(m.group("low")) * scale)
            unit = figures.partition(" ")[2]
            if low is None:
                figures = None
            elif unit and low.endswith(" " + unit):  # "200-300 million"
                figures = f"{low.partition(' ')[0]}{m.group('to')}{figures}"
            else:
                figures = f"{low}{m.group('to')}{figures}"
        yield Finding(rule, m.start(), m.end(), suggestions=(figures,) if figures else (),
                      edits=None if figures else (), values={"detail": f"'{m.group('s')}' after a figure"},
                      applicability=_quoted_lowers(doc, m.start()))


# five digits or more, then what must not come before or after them (a scan for the digits alone is what is fast)
# or a number grouped by a no-break, narrow or thin space (French and Russian typography: "12 500")
_DIGITS = regexes.compile(r"\d{5,}|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+(?!\d)")
_SPACES = regexes.compile(r"[\u00a0\u202f\u2009]")
_NOT_BEFORE = regexes.compile(r"(?:[\w.,/:#+№-]|\d )\Z")
_NOT_AFTER = regexes.compile(r"[\w/-]|[.,:]\d| \d")
_SYMBOLS = "$€£¥"
_NEXT_WORD = regexes.compile(r" (?P<w>[a-z]+)\b")
_PREVIOUS_WORD = regexes.compile(r"(?P<w>[\w.]+)\s*\Z")


@functools.lru_cache(maxsize=64)
def _folded(labels: tuple[str, ...]) -> frozenset[str]:
    return frozenset(label.casefold().rstrip(".") for label in labels)


def _ungrouped_number(rule: Rule, doc: Document, patterns: _Patterns) -> Iterator[Finding]:
    text = doc.prose
    labels = _folded(tuple(rule.options["labels"]))
    for m in _DIGITS.finditer(text):
        start = m.start()
        symbol = start > 0 and text[start - 1] in _SYMBOLS
        before = start - 1 if symbol else start
        # a letter may come before a currency sign ("US$12500"), never before the figure
        if (text[start] == "0" or (not symbol and _NOT_BEFORE.search(text, max(0, before - 2), before))
                or _NOT_AFTER.match(text, m.end())):
            continue
        previous = _PREVIOUS_WORD.search(text, max(_paragraph_start(doc, m.start()), m.start() - 30), m.start())
        if previous is not None:
            word = previous.group("w").rstrip(".")
            if word.casefold() in labels or (len(word) > 1 and word.isupper()):  # "No. 10045", "NY 10001"
                continue
        following = _NEXT_WORD.match(text, m.end(), min(len(text), m.end() + 30))
        if not symbol and (following is None or following.group("w") in labels):
            continue
        spaced = _SPACES.search(m.group()) is not None
        yield Finding(rule, m.start(), m.end(), suggestions=(f"{int(_SPACES.sub('', m.group())):,}",),
                      values={"detail": "spaces for thousands separators" if spaced else "no thousands separators"},
                      applicability=_quoted_lowers(doc, m.start()))


_CODE_LIKE = regexes.compile(r"[A-Z]{2,4}(?![A-Za-z])")  # a letter before it: checked by the pattern
_AMOUNT = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?: (?:million|billion|trillion)\b)?"


class _Currencies:
    """A currency-code rule's codes and how news copy writes each: "$4,800", "4,800 yuan"."""

    def __init__(self, rule: Rule):
        names = cldr.names().currencies
        skipped = set(rule.options["exceptions"])
        self.code_of = {code: code for code in names if code not in skipped} | dict(rule.options["aliases"])
        codes = "|".join(sorted(self.code_of, key=len, reverse=True))
        self.pattern = regexes.compile(
            rf"(?<![\w$€£¥.,/-])(?:(?P<c1>{codes}) ?(?P<a1>{_AMOUNT})|(?P<a2>{_AMOUNT}) (?P<c2>{codes}))(?![\w/-])")
        last_words = Counter(plural.split()[-1].casefold() for plural, _ in names.values())
        self.symbols = frozenset(rule.options["symbols"])
        self.unit: dict[str, str] = {}
        for code, (plural, _symbol) in names.items():
            last = plural.split()[-1].casefold()
            self.unit[code] = last if last_words[last] == 1 else plural
        self.symbol = {code: names[code][1] for code in self.symbols}

    def matches(self, text: str) -> Iterator[regex.Match]:
        """Every code beside an amount: the pattern is tried only around words in capitals that are codes."""
        codes = (m for m in _CODE_LIKE.finditer(text) if m.group() in self.code_of)
        for start, end in _around(codes, 40, len(text)):
            yield from self.pattern.finditer(text, start, end)

    def written(self, amount: str, code: str) -> str:
        number, _, scale = amount.partition(" ")
        whole, dot, fraction = number.replace(",", "").partition(".")
        grouped = f"{int(whole):,}{dot}{fraction}" + (f" {scale}" if scale else "")
        if code in self.symbols:
            return f"{self.symbol[code]}{grouped}"
        return f"{grouped} {self.unit[code]}"


_CAPITALS = regexes.compile(r"[A-Z]{2,}")
_YEAR_OR_DIGIT = regexes.compile(rf"{_YEAR}|\d")


def _currency_code(rule: Rule, doc: Document, patterns: _Patterns, currencies: _Currencies) -> Iterator[Finding]:
    text = doc.prose
    for m in currencies.matches(text):
        code_first = m.group("c1") is not None
        written_code, amount = (m.group("c1"), m.group("a1")) if code_first else (m.group("c2"), m.group("a2"))
        # words in capitals around it: a headline or a label in capitals ("TOP 10", "ALL 3 SUSPECTS")
        paragraph = doc.paragraph_at(m.start()) or (0, len(text))
        around = (text[max(paragraph[0], m.start() - 12):m.start()].split()[-1:]
                  + text[m.end():min(paragraph[1], m.end() + 12)].split()[:1])
        if any(_CAPITALS.fullmatch(word.strip(".,:;!?")) for word in around):
            continue
        if code_first and (_YEAR_OR_DIGIT.fullmatch(amount)):  # "CUP 2022", "DOP 2": a name, not an amount
            continue
        code = currencies.code_of[written_code]
        yield Finding(rule, m.start(), m.end(), suggestions=(currencies.written(amount, code),),
                      values={"detail": f"the code {written_code}"}, applicability=_quoted_lowers(doc, m.start()))


_PERCENT_LITERALS = ("%", "cent")  # in every match of _PERCENT, which matches no line break (_lines_holding)
_PERCENT = regexes.compile(
    r"(?<![\w.,])(?P<n>\d+(?:[.,]\d+)?)(?:(?P<sign> ?%)|(?P<word>[ -](?:percent|per cent|per-cent))\b)")


def _percent_forms(rule: Rule, doc: Document, patterns: _Patterns) -> Iterator[Finding]:
    found = [m for m in _finditer_lines(_PERCENT, doc, _PERCENT_LITERALS) if _running_prose(doc, m.start())]
    forms = Counter(m.group("sign") is not None for m in found)
    if len(forms) < 2:
        return
    majority_sign = max(forms, key=lambda sign: (forms[sign], sign == (found[0].group("sign") is not None)))
    words = Counter(" " + m.group("word")[1:] for m in found if m.group("word"))
    word = words.most_common(1)[0][0]
    for m in found:
        if (m.group("sign") is not None) == majority_sign:
            continue
        replacement = m.group("n") + ("%" if majority_sign else word)
        yield Finding(rule, m.start(), m.end(), suggestions=(replacement,),
                      values={"detail": "the sign" if majority_sign else word.strip()},
                      applicability=_quoted_lowers(doc, m.start()))


_CHECKERS = {
    "day-without-month": _day_without_month,
    "ordinal-date": _ordinal_date,
    "numeric-date": _numeric_date,
    "mixed-date-order": _mixed_date_order,
    "weekday-mismatch": _weekday_mismatch,
    "impossible-date": _impossible_date,
    "number-word": _number_word,
    "ungrouped-number": _ungrouped_number,
    "percent-forms": _percent_forms,
}


class DatesNumbersChecker:
    def __init__(self, rule: Rule):
        self.rules = (rule,)
        self.rule = rule
        self.check_name = rule.options["check"]
        self._currencies = _Currencies(rule) if self.check_name == "currency-code" else None

    def check(self, doc: Document) -> Iterable[Finding]:
        if not _has_figure.of(doc):  # every check reads a figure
            return ()
        patterns = _patterns()
        if self._currencies is not None:
            return list(_currency_code(self.rule, doc, patterns, self._currencies))
        return list(_CHECKERS[self.check_name](self.rule, doc, patterns))


_DIGIT = regexes.compile(r"\d")
_has_figure = LastDocument(lambda doc: _DIGIT.search(doc.prose) is not None)


KIND = Kind(
    name="dates-numbers",
    summary="Dates, numbers and money written as the source language writes them, or dates that cannot be right.",
    options={
        "check": Option(str, "which check the rule runs", required=True, choices=CHECKS),
        "not-near": Option(list, "day-without-month: words that, in the paragraph, make 'on the 14th' something "
                                 "else (a golf hole, a floor)", default=[]),
        "labels": Option(list, "ungrouped-number: words before or after a number that make it a code, an ID or a "
                               "postcode ('No', 'flight', 'code')", default=[]),
        "aliases": Option(dict, "currency-code: codes in use that are not ISO 4217 codes, and the ISO code each "
                                "stands for (RMB: CNY)", default={}),
        "exceptions": Option(list, "currency-code: codes never read as a currency, since English writes them as "
                                   "words or names in capitals (TOP, ALL, CUP)", default=[]),
        "symbols": Option(list, "currency-code: currencies written with their CLDR symbol before the amount "
                                "($4,800), by ISO code", default=[]),
    },
    compile=lambda rules: [DatesNumbersChecker(rule) for rule in rules],
    validate=_validate,
    placeholders=_PLACEHOLDERS,
    scope=_scope,
    fix_safety="A date or number is rewritten only where its news-style form is certain; inside a quotation the fix "
               "is never safe.",
    lowers_fix=lambda options: options["check"] in {"ordinal-date", "number-word", "ungrouped-number",
                                                     "currency-code", "percent-forms", "mixed-date-order"},
)
