"""The closed set of rule kinds, keyed by the name a pack writes in `kind:`."""

from __future__ import annotations

from linter.kinds import (
    article,
    capitalisation,
    consistency,
    convention,
    dates_numbers,  # CLDR names from linter/text/cldr.py; babel is imported only when they are not kept
    fullwidth,
    glossary,
    languagetool,  # stdlib only at import; language_tool_python is imported only to start a local server
    metric,
    name_variants,
    omission,
    pattern,
    repetition,
    romanisation,
    script,
    sentence,
    source_dates,
    source_numbers,
    source_tokens,
    spelling,  # stdlib only at import; the lexicons are read at a spelling rule's first check
    term,
    untranslated,
)
from linter.kinds.base import Checker, Finding, Kind, Notice, Option, OptionError, Scope, SplitChecker, splits

KINDS: dict[str, Kind] = {
    module.KIND.name: module.KIND
    for module in (
        term, capitalisation, pattern, repetition, sentence, consistency, script, metric, languagetool, article,
        fullwidth, convention, spelling, dates_numbers, name_variants, source_numbers, source_tokens, untranslated,
        omission, source_dates, glossary, romanisation,
    )
}


def scope_of(checker: Checker) -> Scope:
    """What a compiled checker's findings depend on: the widest scope its rules' kinds give them (``Kind.scope``)."""
    return Scope.widest(KINDS[rule.kind].scope(rule) for rule in checker.rules)


__all__ = ["KINDS", "Checker", "Finding", "Kind", "Notice", "Option", "OptionError", "Scope", "SplitChecker",
           "scope_of", "splits"]
