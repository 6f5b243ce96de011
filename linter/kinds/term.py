"""Kind `term`: whole-word substitutions from a mapping (outdated -> preferred).

All term rules are fused into one Aho–Corasick automaton, so a pack of thousands of entries
costs one pass over the text, not one pass per entry (bench/term_scaling.py measures it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from linter.kept import regexes
from linter.kinds.base import Finding, Kind, Option, OptionError, Scope, match_case
from linter.kinds.locality import phrase_local
from linter.model.rules import Rule
from linter.text import phrases
from linter.text.document import Document
from linter.text.quotes import QuoteIndex, quote_index

_SPACES = regexes.compile(r"\s+")


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


@dataclass(frozen=True)
class _Entry:
    rule: Rule
    source: str
    targets: tuple[str, ...]
    case_sensitive: bool


def _scope(rule: Rule) -> Scope:
    """Whole-word phrases in one paragraph, quotes paired per paragraph: PARAGRAPH, unless a term or an exception
    can span a break between paragraphs."""
    phrases_of_rule = (*rule.options["terms"], *rule.options["exceptions"])
    return Scope.PARAGRAPH if all(map(phrase_local, phrases_of_rule)) else Scope.DOCUMENT


class TermChecker:
    def __init__(self, rules: list[Rule]):
        self.rules = tuple(rules)
        entries: dict[str, list[_Entry]] = {}
        exceptions: dict[str, set[str]] = {}
        for rule in rules:
            for source, target in rule.options["terms"].items():
                targets = tuple(target) if isinstance(target, list) else (target,)
                entry = _Entry(rule, _SPACES.sub(" ", source.strip()), targets, rule.options["case-sensitive"])
                entries.setdefault(phrases.key(source), []).append(entry)
            for phrase in rule.options["exceptions"]:
                exceptions.setdefault(phrases.key(phrase), set()).add(rule.code)
        self._terms = phrases.PhraseMatcher(entries)
        self._exceptions = phrases.PhraseMatcher(exceptions)

    def check(self, doc: Document) -> Iterable[Finding]:
        prose = doc.prose
        folded = doc.folded
        excepted: list[phrases.Hit[set[str]]] | None = None
        quotes: QuoteIndex | None = None
        for hit in self._terms.finditer(prose, folded):
            matched = prose[hit.start:hit.end]
            for entry in hit.payload:
                if entry.case_sensitive and _SPACES.sub(" ", matched) != entry.source:
                    continue
                rule = entry.rule
                if excepted is None:
                    excepted = list(self._exceptions.finditer(prose, folded))
                if any(e.start <= hit.start and hit.end <= e.end and rule.code in e.payload for e in excepted):
                    break
                suggestions = tuple(match_case(t, matched) for t in entry.targets)
                quoted = rule.options["quoted"]
                if quoted != "fix":
                    quotes = quotes or quote_index(doc)  # (the document's, shared with the other kinds)
                    if quotes.inside(hit.start):
                        if quoted == "flag":
                            yield Finding(rule, hit.start, hit.end, suggestions=suggestions, edits=(),
                                          values={"quoted": "yes"})
                        break
                yield Finding(rule, hit.start, hit.end, suggestions=suggestions)
                break


def _names(rule: Rule) -> Iterable[str]:
    """The terms and their replacements (Kiev, Kyiv): names a spell-checker must not flag."""
    for entry in (*rule.options["terms"], *rule.options["terms"].values()):
        yield from (str(text) for text in (entry if isinstance(entry, list) else [entry]))


def _replaces(rule: Rule) -> Iterable[str]:
    """The terms (Kiev, Kharkov): what the rule replaces, which a spelling rule must not suggest."""
    return (str(term) for term in rule.options["terms"])


def _compile(rules: list[Rule]) -> list[TermChecker]:
    return [TermChecker(rules)] if rules else []


KIND = Kind(
    name="term",
    summary="Whole-word substitutions from a mapping, with case handling and exceptions.",
    fix_safety=("The fix puts the listed spelling in place of the whole word or phrase, in the case of the text "
                "it replaces (KIEV becomes KYIV); the rule's exceptions (Chicken Kiev) are left alone, a term with "
                "several candidate replacements is only shown, and where the rule says `quoted: flag` a term inside "
                "quotation marks is flagged without a fix."),
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
    scope=_scope,
    names=_names,
    replaces=_replaces,
)
