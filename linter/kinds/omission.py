"""Kind `omission`: a translation that leaves part of its source out: a target that stops mid-sentence where the
source ends its sentence, paragraphs missing, or a target far shorter than its source for the language pair."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from linter.kept import regexes
from linter.kinds.base import Finding, Kind, Option, OptionError, Scope
from linter.model.rules import Rule
from linter.text.alignment import unmasked
from linter.text.document import Document

# English characters per source character in a faithful translation (news; rough published figures: Chinese and
# Japanese text is three to four times shorter than its English, Korean about two and a half times, languages in
# Latin or Cyrillic letters about as long)
RATIOS = {"zh": 3.2, "ja": 2.2, "ko": 2.4}
_ENDS = ".!?。！？…"
# a source that ends on a unit's abbreviation after a number ("150x185 см.", "8,5 г.") ends no sentence there
_UNIT = regexes.compile(r"\d\s*\p{L}{1,4}\.$")
_CLOSERS = "»”\"'’)]）】」』"


class OmissionChecker:
    def __init__(self, rule: Rule):
        self.rules = (rule,)
        self.rule = rule
        self.least_share = float(rule.options["least-share"])
        self.min_source = int(rule.options["min-source"])

    def check(self, doc: Document) -> Iterable[Finding]:
        assert doc.source is not None and doc.source_language is not None
        source, target = doc.source.prose.strip(), doc.prose.strip()
        if not target:
            return
        end = len(doc.prose.rstrip())
        ended = source.rstrip(_CLOSERS)
        if ended.endswith(tuple(_ENDS)) and not _UNIT.search(ended) and target[-1].isalpha():
            last = doc.sentence_at(end - 1) or (0, end)
            start, stop = unmasked(doc, last[0], end)
            yield Finding(self.rule, start, stop, values={
                "detail": "the translation stops mid-sentence where the source ends its sentence"})
            return
        extra = len(doc.source.paragraphs) - len(doc.paragraphs)
        if extra > 0 and len(doc.paragraphs) >= 1:
            start, stop = unmasked(doc, *doc.paragraphs[-1])
            yield Finding(self.rule, start, stop, values={
                "detail": f"the source has {len(doc.source.paragraphs)} paragraphs, the translation "
                          f"{len(doc.paragraphs)}"})
            return
        if len(source) < self.min_source:
            return
        expected = RATIOS.get(doc.source_language, 1.0) * len(source)
        if len(target) < self.least_share * expected:
            start, stop = unmasked(doc, 0, end)
            yield Finding(self.rule, start, stop, values={
                "detail": f"the translation is {len(target)} characters long, for a source of {len(source)} "
                          f"({doc.source_language}): about {round(expected)} expected; something may be left out"})


def _validate(options: Mapping[str, Any]) -> None:
    share = options["least-share"]
    if not isinstance(share, int | float) or isinstance(share, bool) or not 0 < share < 1:
        raise OptionError("least-share", "must be a number between 0 and 1")
    if not isinstance(options["min-source"], int) or isinstance(options["min-source"], bool) \
            or options["min-source"] < 1:
        raise OptionError("min-source", "must be a whole number of at least 1")


KIND = Kind(
    name="omission",
    summary="A translation that leaves part of its source out: stops mid-sentence, drops paragraphs, or is far "
            "too short for its source (bilingual).",
    options={
        "least-share": Option((int, float), "the shortest target, as a share of the length expected for the "
                              "language pair, that is not flagged", default=0.4),
        "min-source": Option(int, "the shortest source (characters) whose length is compared", default=40),
    },
    compile=lambda rules: [OmissionChecker(rule) for rule in rules],
    validate=_validate,
    placeholders=("match", "replacement", "detail"),
    scope=lambda rule: Scope.DOCUMENT,
    bilingual=True,
)
