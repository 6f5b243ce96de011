"""Kind `term`: whole-word substitutions from a mapping (outdated -> preferred).

All term rules are fused into one regex of named lists, so a pack of thousands of entries
costs one pass over the text, not one pass per entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import regex

from linter.document import Document
from linter.kinds.base import Finding, Kind, Option, OptionError, match_case
from linter.quotes import QuoteIndex
from linter.rules import Rule

_SPACES = regex.compile(r"\s+")
# A term is a whole word: no letter, digit or joiner on either side; hashtags and handles
# ("#KyivNotKiev", "@kiev_news") are names of their own.
_BEFORE = r"(?<![\w#@])"
_AFTER = r"(?![\w])"


def _validate(options: Mapping[str, Any]) -> None:
    terms = options["terms"]
    if not terms:
        raise OptionError("terms", "needs at least one entry")
    for source, target in terms.items():
        if not isinstance(source, str) or not source.strip():
            raise OptionError("terms", f"entry {source!r}: the term must be a non-empty string")
        targets = target if isinstance(target, list) else [target]
        if not targets or not all(isinstance(t, str) for t in targets):
            raise OptionError(f"terms.{source}", "the replacement must be a string or a list of strings")
        if any(t == source for t in targets):
            raise OptionError(f"terms.{source}", "the replacement equals the term")
    for phrase in options["exceptions"]:
        if not isinstance(phrase, str) or not phrase.strip():
            raise OptionError("exceptions", "each exception must be a non-empty string")


@dataclass
class _Entry:
    rule: Rule
    targets: tuple[str, ...]


class TermChecker:
    def __init__(self, rules: list[Rule]):
        self.rules = tuple(rules)
        self._lookup: list[tuple[bool, dict[str, _Entry]]] = []
        lists: dict[str, list[str]] = {}
        groups: list[str] = []
        self._exceptions: dict[str, regex.Pattern] = {}
        for index, rule in enumerate(rules):
            sensitive = rule.options["case-sensitive"]
            table: dict[str, _Entry] = {}
            for source, target in rule.options["terms"].items():
                key = _normal(source, sensitive)
                table[key] = _Entry(rule, tuple(target) if isinstance(target, list) else (target,))
            self._lookup.append((sensitive, table))
            name = f"t{index}"
            lists[name] = [_normal(k, True) for k in rule.options["terms"]]
            body = f"\\L<{name}>" if sensitive else f"(?i:\\L<{name}>)"
            groups.append(f"(?P<g{index}>{body})")
            if rule.options["exceptions"]:
                alternatives = "|".join(
                    _SPACES.sub(r"\\s+", regex.escape(_normal(p, True), special_only=True, literal_spaces=True))
                    for p in sorted(rule.options["exceptions"], key=len, reverse=True)
                )
                self._exceptions[rule.code] = regex.compile(f"(?i){_BEFORE}(?:{alternatives}){_AFTER}")
        self._pattern = regex.compile(_BEFORE + "(?:" + "|".join(groups) + ")" + _AFTER, **lists)

    def check(self, doc: Document) -> Iterable[Finding]:
        prose = doc.prose
        exception_spans: dict[str, list[tuple[int, int]]] = {}
        quotes: QuoteIndex | None = None
        for m in self._pattern.finditer(prose):
            index = m.lastindex - 1 if m.lastindex else 0
            sensitive, table = self._lookup[index]
            entry = table.get(_normal(m.group(), sensitive))
            if entry is None:
                continue
            rule = entry.rule
            pattern = self._exceptions.get(rule.code)
            if pattern is not None:
                spans = exception_spans.get(rule.code)
                if spans is None:
                    spans = exception_spans[rule.code] = [e.span() for e in pattern.finditer(prose)]
                if any(s <= m.start() and m.end() <= e for s, e in spans):
                    continue
            quoted = rule.options["quoted"]
            if quoted != "fix":
                quotes = quotes or QuoteIndex(doc)
                if quotes.inside(m.start()):
                    if quoted == "skip":
                        continue
                    yield Finding(rule, m.start(), m.end(), values={"quoted": "yes"},
                                  suggestions=tuple(match_case(t, m.group()) for t in entry.targets),
                                  edits=())
                    continue
            suggestions = tuple(match_case(t, m.group()) for t in entry.targets)
            yield Finding(rule, m.start(), m.end(), suggestions=suggestions)


def _normal(text: str, case_sensitive: bool) -> str:
    text = _SPACES.sub(" ", text.strip())
    return text if case_sensitive else text.casefold()


def _compile(rules: list[Rule]) -> list[TermChecker]:
    return [TermChecker(rules)] if rules else []


KIND = Kind(
    name="term",
    summary="Whole-word substitutions from a mapping, with case handling and exceptions.",
    options={
        "terms": Option(dict, "mapping of term -> replacement (or list of candidates)", required=True),
        "case-sensitive": Option(bool, "match the terms' case exactly", default=False),
        "exceptions": Option(list, "phrases whose terms are left alone (e.g. 'Chicken Kiev')", default=[]),
        "quoted": Option(
            str,
            "inside quotation marks: 'fix' as elsewhere, 'flag' without a fix, 'skip' entirely",
            default="fix",
            choices=("fix", "flag", "skip"),
        ),
    },
    compile=_compile,
    validate=_validate,
)
