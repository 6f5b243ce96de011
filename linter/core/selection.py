"""Which rules and findings a selector names (``--select``, ``--ignore``, severities, per-file ignores,
suppression comments), and which rules a configuration turns on."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from linter.core.config import ConfigError, Settings
from linter.kinds import KINDS, Finding
from linter.model.rules import Rule


def names(selector: str, code: str, name: str, pack: str, *, exact_only: bool = False) -> bool:
    """Whether ``selector`` names the code, name or pack exactly, or (unless ``exact_only``) is ``ALL`` or an
    upper-case prefix of the code (``CD1``)."""
    if selector in (code, name, pack):
        return True
    return not exact_only and (selector == "ALL" or (selector[:1].isupper() and code.startswith(selector)))


def selector_matches(selector: str, rule: Rule, *, explicit_only: bool = False) -> bool:
    """Code, name or pack match exactly; an upper-case selector also matches as a code prefix.

    For a kind whose findings carry their own codes, a selector with the kind's prefix (``LT:``,
    ``LT:EN_A_VS_AN``) also matches: it names some or all of the rule's findings.
    """
    prefix = KINDS[rule.kind].code_prefix
    if prefix and selector.startswith(prefix):
        return True
    return names(selector, rule.code, rule.name, rule.pack, exact_only=explicit_only)


def names_findings_only(selector: str, rule: Rule) -> bool:
    """``LT:EN_A_VS_AN`` names some of a rule's findings, not the whole rule (``LT:`` names it whole)."""
    prefix = KINDS[rule.kind].code_prefix
    return bool(prefix) and selector.startswith(prefix) and selector != prefix


def covers_rule(selector: str, rule: Rule) -> bool:
    return selector_matches(selector, rule) and not names_findings_only(selector, rule)


def finding_matches(selector: str, finding: Finding) -> bool:
    """``selector`` names the finding's whole rule, or the finding's own code, name or pack."""
    if covers_rule(selector, finding.rule):
        return True
    return finding.code is not None and names(selector, finding.code, finding.name or finding.rule.name,
                                              finding.rule.pack)


def select_rules(rules: Sequence[Rule], settings: Settings) -> list[Rule]:
    """The rules a configuration turns on. Opt-in rules need an exact code, name or pack."""
    def chosen(selectors: Iterable[str], rule: Rule) -> bool:
        return any(selector_matches(s, rule, explicit_only=not rule.enabled) for s in selectors)

    for key, selectors in (("select", settings.select or ()), ("extend-select", settings.extend_select),
                           ("ignore", settings.ignore), ("severity", (s for s, _ in settings.severity))):
        for selector in selectors:
            if not any(selector_matches(selector, r) for r in rules):
                raise ConfigError(f"unknown rule selector {selector!r}", *settings.origin(key), key=key)
    for _root, _glob, selectors in settings.per_file_ignores:
        for selector in selectors:
            if not any(selector_matches(selector, r) for r in rules):
                raise ConfigError(f"unknown rule selector {selector!r}", *settings.origin("per-file-ignores"),
                                  key="per-file-ignores")
    if settings.select is None:
        selected = [r for r in rules if r.enabled]
    else:
        selected = [r for r in rules if chosen(settings.select, r)]
    already = set(selected)  # once: a set per rule made selection quadratic (about 1 ms of each start-up)
    selected += [r for r in rules if r not in already and chosen(settings.extend_select, r)]
    return [r for r in selected if not any(covers_rule(s, r) for s in settings.ignore)]
