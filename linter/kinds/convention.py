"""Kind `convention`: one typographic convention per article, or the house's: dash spacing and the quotation mark
(double or single) that opens a quotation.

`check: quotation-marks` (a house form only: the article's own majority is the mixed-quotes rules') holds
quotation marks and apostrophes to one shape, curly or straight.

`check: dashes` reads the dashes set between words: a closed em dash ("word—word"), or a spaced em dash, en dash
or hyphen ("word — word", "word – word", "word - word"). `check: quotation-level` reads the quotations that stand
at the top level of a paragraph (not inside another one) and whether double or single marks open them.

`house: article` (the default) asks an article to agree with itself: the minority convention is flagged and
fixed to the majority one, and an article that is consistent, or evenly split, gets no finding. A style profile
names its house form instead (`house: spaced-em`, `house: double`) and every other form is flagged. Which spaced
dash (em, en or hyphen) an article uses is the mixed-dashes rule's business; `house: article` here only weighs
closed against spaced.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

from linter.kept import regexes
from linter.kinds.base import Finding, Kind, Option, OptionError, Scope
from linter.model.diagnostics import Applicability, Edit
from linter.model.rules import Rule
from linter.text import quotes
from linter.text.document import Document

_CHECKS = ("dashes", "quotation-level", "quotation-marks")
_DASH_FORMS = {"closed-em": "—", "spaced-em": " — ", "spaced-en": " – ", "spaced-hyphen": " - "}
_LEVELS = ("double", "single")
_SHAPES = (quotes.CURLY, quotes.STRAIGHT)
_APOSTROPHE = regexes.compile(r"(?<=\p{L})['’](?=\p{L})")
# a dash between two words: spaced (one space each side) or a closed em dash; not a hyphen inside a word, not a
# range between numbers ("8–10")
# (the dash first, its context after, so that the regex engine can skip to the dash characters)
_BEFORE = r"[\p{L}\p{N}.,;:!?)\]\"”’%]"
_AFTER = r"[\p{L}\p{N}\"“‘(\[$£€]"
_CLOSED_BEFORE = r"[\p{L}.,;:!?)\]\"”’%]"  # a closed em dash stands between words, not numbers ("8—10")
_CLOSED_AFTER = r"[\p{L}\"“‘(\[$£€]"
_DASH = regexes.compile(
    rf"(?:—|–|--?)(?:(?<={_BEFORE} (?:—|–|--?))(?= {_AFTER})|(?<={_CLOSED_BEFORE}—)(?={_CLOSED_AFTER}))")
# two hyphens are a typewriter dash (the double-hyphen rule's): counted as spaced, never a house form
_TEXT_OF = {**_DASH_FORMS, "spaced-double-hyphen": " -- "}
_FORM_OF = {v: k for k, v in _TEXT_OF.items()}
_SENTENCE_END = regexes.compile(r"[.!?…][\"”’)]*\s*$")
_SWAP = {'"': "'", "'": '"', "“": "‘", "‘": "“", "”": "’", "’": "”"}


def _validate(options: Mapping[str, Any]) -> None:
    house = options["house"]
    check = options["check"]
    if check == "quotation-marks":
        # an article's own majority is the mixed-quotes rules' (CD507, CD508): this check is a house's
        if house not in _SHAPES:
            raise OptionError("house", f"for check 'quotation-marks' choose from {', '.join(_SHAPES)}")
        return
    choices = ("article", *(_DASH_FORMS if check == "dashes" else _LEVELS))
    if house not in choices:
        raise OptionError("house", f"for check {options['check']!r} choose from {', '.join(choices)}")


class ConventionChecker:
    def __init__(self, rule: Rule):
        self.rules = (rule,)
        self.rule = rule
        self.house: str = rule.options["house"]

    def check(self, doc: Document) -> Iterator[Finding]:
        check = self.rule.options["check"]
        if check == "dashes":
            return self._dashes(doc)
        if check == "quotation-marks":
            return self._shapes(doc)
        return self._levels(doc)

    def _shapes(self, doc: Document) -> Iterator[Finding]:
        """Quotation marks and apostrophes of the other shape than the house's: a quotation's two marks in one
        fix, an apostrophe between letters on its own."""
        text = doc.prose
        other = ("\"", "'") if self.house == quotes.CURLY else ("“", "”", "‘", "’")
        if not any(mark in text for mark in other):
            return
        for lo, hi in doc.paragraphs:
            for start, end in quotes.paired(doc, (lo, hi)):
                opening, closing = text[start], text[end - 1]
                if quotes.style(opening) == self.house and quotes.style(closing) == self.house:
                    continue
                wanted = (quotes.restyled(opening, self.house, True), quotes.restyled(closing, self.house, False))
                yield Finding(self.rule, start, start + 1, suggestions=(wanted[0],),
                              edits=(Edit(start, start + 1, wanted[0]), Edit(end - 1, end, wanted[1])),
                              values={"shape": quotes.style(opening) or "", "house": self.house})
            for m in _APOSTROPHE.finditer(text, lo, hi):
                if quotes.style(m.group()) != self.house:
                    wanted_mark = "’" if self.house == quotes.CURLY else "'"
                    yield Finding(self.rule, m.start(), m.end(), suggestions=(wanted_mark,),
                                  values={"shape": quotes.style(m.group()) or "", "house": self.house})

    def _dashes(self, doc: Document) -> Iterator[Finding]:
        text = doc.prose
        if "—" not in text and " – " not in text and " - " not in text:
            return
        dashes = []
        for m in _DASH.finditer(text):
            start, end = m.span()
            if text[start - 1:start] == " " and text[end:end + 1] == " ":
                start, end = start - 1, end + 1  # a spaced dash: the spaces are part of its form
            dash = text[start:end]
            if dash != " — " and text[start - 1].isdigit() and text[end].isdigit():
                continue  # "10 - 12", "8 – 10": a score or a range between numbers, not a dash between words
            dashes.append((start, end, _FORM_OF[dash]))
        if self.house != "article":
            wanted = _DASH_FORMS[self.house]
            for start, end, form in dashes:
                if form != self.house:
                    yield self._dash(start, end, wanted, form)
            return
        closed = [d for d in dashes if d[2] == "closed-em"]
        spaced = [d for d in dashes if d[2] != "closed-em"]
        if not closed or not spaced or len(closed) == len(spaced):
            return  # consistent, or evenly split: nothing to go by
        if len(closed) > len(spaced):
            for start, end, form in spaced:
                yield self._dash(start, end, "—", form)
        else:
            common = Counter(form for _, _, form in spaced).most_common(1)[0][0]
            for start, end, form in closed:
                yield self._dash(start, end, _TEXT_OF[common], form)

    def _dash(self, start: int, end: int, wanted: str, form: str) -> Finding:
        return Finding(self.rule, start, end, suggestions=(wanted,),
                       values={"form": form.replace("-", " "), "house": _FORM_OF[wanted].replace("-", " ")})

    def _levels(self, doc: Document) -> Iterator[Finding]:
        text = doc.prose
        if "'" not in text and "‘" not in text:
            return
        top: list[tuple[int, int, str, bool]] = []  # start, end, level, holds another quotation
        for lo, hi in doc.paragraphs:
            if _headline(text, lo, hi):
                continue  # headlines take single quotation marks in British style
            spans = quotes.paired(doc, (lo, hi))
            for start, end in spans:
                if any((s < start and end <= e) or (s <= start and end < e) for s, e in spans):
                    continue  # inside another quotation
                nested = any(start < s and e <= end for s, e in spans)
                top.append((start, end, "double" if text[start] in "\"“" else "single", nested))
        counts = Counter(level for _, _, level, _ in top)
        if self.house != "article":
            wanted = self.house
        elif len(counts) < 2 or counts["double"] == counts["single"]:
            return
        else:
            wanted = counts.most_common(1)[0][0]
        for start, end, level, nested in top:
            if level == wanted:
                continue
            opening, closing = _SWAP[text[start]], _SWAP[text[end - 1]]
            yield Finding(self.rule, start, start + 1, suggestions=(opening,),
                          edits=(Edit(start, start + 1, opening), Edit(end - 1, end, closing)),
                          values={"level": level, "house": wanted},
                          # a quotation inside it would need its marks swapped too: left to the editor
                          applicability=Applicability.DISPLAY_ONLY if nested else None)


def _headline(text: str, lo: int, hi: int) -> bool:
    """Whether a paragraph reads as a headline: one line, without a sentence's final punctuation."""
    paragraph = text[lo:hi].strip()
    return "\n" not in paragraph and _SENTENCE_END.search(paragraph) is None


def _scope(rule: Rule) -> Scope:
    return Scope.DOCUMENT if rule.options["house"] == "article" else Scope.PARAGRAPH


def _compile(rules: list[Rule]) -> list[ConventionChecker]:
    return [ConventionChecker(rule) for rule in rules]


KIND = Kind(
    name="convention",
    summary="Dash spacing and the quotation mark that opens a quotation (double or single): the article's "
            "majority convention, or the house's; and the house's quotation-mark shape (curly or straight).",
    fix_safety=("A dash is replaced by the chosen form with its spacing; a quotation's opening and closing marks "
                "are swapped together, in one fix, keeping their curly or straight shape. A quotation holding "
                "another quotation is only shown: the inner marks would have to change too."),
    options={
        "check": Option(str, ", ".join(_CHECKS), required=True, choices=_CHECKS),
        "house": Option(str, "'article' (the majority wins) or the house form: closed-em, spaced-em, spaced-en, "
                             "spaced-hyphen (dashes); double, single (quotation-level); curly, straight "
                             "(quotation-marks, a house form only)", default="article"),
    },
    compile=_compile,
    validate=_validate,
    placeholders=("match", "replacement", "form", "house", "level", "shape"),
    scope=_scope,
    lowers_fix=lambda options: options["check"] == "quotation-level",
)
