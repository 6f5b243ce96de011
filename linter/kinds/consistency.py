"""Kind `consistency`: one article using two spellings of one thing (U.S./US, airstrikes/air strikes).

Each group of variants is counted over the whole article; the minority spelling is flagged
and fixed to the majority one (on a tie, to the variant listed first).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import regex

from linter.document import Document
from linter.kinds.base import Finding, Kind, Option, OptionError, match_case
from linter.rules import Rule


def _validate(options: Mapping[str, Any]) -> None:
    groups = options["variants"]
    if not groups:
        raise OptionError("variants", "needs at least one group")
    for i, group in enumerate(groups):
        if not isinstance(group, list) or len(group) < 2 or not all(isinstance(v, str) and v for v in group):
            raise OptionError(f"variants[{i}]", "each group is a list of two or more spellings")
        folded = [v if options["case-sensitive"] else v.casefold() for v in group]
        if len(set(folded)) != len(folded):
            raise OptionError(f"variants[{i}]", "a group lists the same spelling twice")


class _Group:
    def __init__(self, variants: list[str], case_sensitive: bool, inflections: bool):
        self.variants = variants
        self.case_sensitive = case_sensitive
        alternatives = "|".join(
            regex.escape(v).replace(r"\ ", r"\s+")
            for v in sorted(variants, key=len, reverse=True)
        )
        suffix = r"(?P<suffix>e?s)?" if inflections else r"(?P<suffix>)"
        flags = 0 if case_sensitive else regex.I
        self.pattern = regex.compile(rf"(?<![\w.])(?P<word>{alternatives}){suffix}(?!\w)", flags)

    def variant_of(self, word: str) -> str | None:
        word = " ".join(word.split())
        for v in self.variants:
            if v == word or (not self.case_sensitive and v.casefold() == word.casefold()):
                return v
        return None


class ConsistencyChecker:
    def __init__(self, rule: Rule):
        self.rules = (rule,)
        self.rule = rule
        options = rule.options
        self.groups = [_Group(g, options["case-sensitive"], options["inflections"]) for g in options["variants"]]

    def check(self, doc: Document) -> Iterable[Finding]:
        for group in self.groups:
            hits = []
            for m in group.pattern.finditer(doc.prose):
                variant = group.variant_of(m.group("word"))
                if variant is not None:
                    hits.append((m, variant))
            counts = Counter(v for _, v in hits)
            if len(counts) < 2:
                continue
            majority = max(group.variants, key=lambda v: (counts[v], -group.variants.index(v)))
            for m, variant in hits:
                if variant == majority:
                    continue
                replacement = match_case(majority, m.group("word")) if not group.case_sensitive else majority
                yield Finding(
                    self.rule, m.start(), m.end(),
                    suggestions=(replacement + m.group("suffix"),),
                    values={"majority": majority, "count": str(counts[majority]), "variant": variant},
                )


def _compile(rules: list[Rule]) -> list[ConsistencyChecker]:
    return [ConsistencyChecker(rule) for rule in rules]


KIND = Kind(
    name="consistency",
    summary="Two spellings of one thing in one article: flag the minority, fix to the majority.",
    options={
        "variants": Option(list, "groups of spellings, each a list", required=True),
        "case-sensitive": Option(bool, "count 'US' and 'us' apart", default=False),
        "inflections": Option(bool, "also match the variants with a plural -s/-es", default=False),
    },
    compile=_compile,
    validate=_validate,
    placeholders=("match", "replacement", "majority", "count", "variant"),
)
