"""Kind `glossary`: a source term of the glossary whose required translation the target lacks. The terms come from
the rule's own ``terms`` and from the configured glossary file (config key ``glossary``: CSV or TBX, read by
linter/core/glossary.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import regex

from linter.kept.hashing import key_hash
from linter.kinds.base import CompileContext, Finding, GlossaryEntry, Kind, Option, OptionError, Scope
from linter.model.rules import Rule
from linter.text.alignment import counterpart
from linter.text.document import Document

# languages written without spaces between words: a term matches anywhere
_UNSPACED = frozenset({"zh", "ja", "th", "lo", "km", "my", "bo"})


def _source_pattern(term: str, language: str) -> regex.Pattern:
    escaped = regex.escape(term)
    if language in _UNSPACED:
        return regex.compile(escaped, regex.I)
    # at a word's start, with up to three more letters on its last word (declined forms: Киева, Києві)
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}]){escaped}\p{{L}}{{0,3}}(?![\p{{L}}\p{{N}}])", regex.I)


def _target_pattern(term: str) -> regex.Pattern:
    # a whole word, with a plural or possessive ending allowed ('s, s, es)
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}]){regex.escape(term)}(?:'s|’s|s|es)?(?![\p{{L}}\p{{N}}])", regex.I)


class GlossaryChecker:
    def __init__(self, rule: Rule, entries: tuple[GlossaryEntry, ...]):
        self.rules = (rule,)
        self.rule = rule
        self.entries = entries
        self.fingerprint = key_hash(repr(entries).encode()).hexdigest()
        self._patterns: dict[tuple[str, str], regex.Pattern] = {}
        self._targets = {e.targets: [_target_pattern(t) for t in e.targets] for e in entries}

    def _source(self, term: str, language: str) -> regex.Pattern:
        key = (term, language)
        if key not in self._patterns:
            self._patterns[key] = _source_pattern(term, language)
        return self._patterns[key]

    def check(self, doc: Document) -> Iterable[Finding]:
        assert doc.source is not None and doc.source_language is not None
        language = doc.source_language
        source = doc.source.prose
        lowered = source.lower()
        for entry in self.entries:
            if entry.language and entry.language != language:
                continue
            if entry.source.lower()[:2] not in lowered:
                continue
            m = self._source(entry.source, language).search(source)
            if m is None or any(p.search(doc.prose) for p in self._targets[entry.targets]):
                continue
            start, end = counterpart(doc, m.start())
            wanted = " or ".join(f"'{t}'" for t in entry.targets)
            yield Finding(self.rule, start, end, values={
                "detail": f"the source's '{m.group(0)}' is translated {wanted} in the glossary; the translation has "
                          "none of them"})


def _entries(rule: Rule) -> tuple[GlossaryEntry, ...]:
    return tuple(GlossaryEntry(source, tuple(targets) if isinstance(targets, list) else (targets,))
                 for source, targets in rule.options["terms"].items())


def compile_configured(rules: list[Rule], context: CompileContext) -> list[GlossaryChecker]:
    return [GlossaryChecker(rule, _entries(rule) + context.glossary) for rule in rules]


def _validate(options: Mapping[str, Any]) -> None:
    for source, targets in options["terms"].items():
        listed = targets if isinstance(targets, list) else [targets]
        if not isinstance(source, str) or not source.strip() or not listed or not all(
                isinstance(t, str) and t.strip() for t in listed):
            raise OptionError("terms", "must map each source term to its target term or a list of them (strings)")


KIND = Kind(
    name="glossary",
    summary="A glossary's source term whose required translation the target lacks (bilingual; terms from the rule "
            "and from the config key glossary, a CSV or TBX file).",
    options={"terms": Option(dict, "source term -> its target term, or a list of them (one must be there); the "
                             "configured glossary file adds its entries", default={})},
    compile=lambda rules: compile_configured(rules, CompileContext(None, tuple(rules))),
    compile_configured=compile_configured,
    validate=_validate,
    placeholders=("match", "replacement", "detail"),
    scope=lambda rule: Scope.DOCUMENT,
    bilingual=True,
)
