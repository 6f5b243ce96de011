"""The closed set of rule kinds, keyed by the name a pack writes in `kind:`."""

from __future__ import annotations

from linter.kinds import (
    capitalisation,
    consistency,
    languagetool,  # stdlib only at import; language_tool_python is imported only to start a local server
    metric,
    name_variants,
    pattern,
    repetition,
    script,
    sentence,
    term,
)
from linter.kinds.base import Checker, Finding, Kind, Notice, Option, OptionError, Scope

KINDS: dict[str, Kind] = {
    module.KIND.name: module.KIND
    for module in (term, capitalisation, pattern, repetition, sentence, consistency, script, metric, languagetool,
                   name_variants)
}


def scope_of(checker: Checker) -> Scope:
    """What a compiled checker's findings depend on: the widest scope its rules' kinds give them (``Kind.scope``)."""
    return Scope.widest(KINDS[rule.kind].scope(rule) for rule in checker.rules)


__all__ = ["KINDS", "Checker", "Finding", "Kind", "Notice", "Option", "OptionError", "Scope", "scope_of"]
