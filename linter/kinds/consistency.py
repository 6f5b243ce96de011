"""Kind `consistency`: one article using two spellings of one thing (U.S./US, airstrikes/air strikes).

Each group of variants is counted over the whole article; the minority spelling is flagged
and fixed to the majority one (on a tie, to the variant listed first).

With `count-by: position` the groups form a family that shares one convention per position
(organise/organize, realise/realize, ...): the article's minority convention is flagged wherever
it appears, even if no single word is spelled both ways.

Variants are whole words by default; `before` and `after` replace those boundaries with other
context (lookarounds), so marks such as quotation marks, apostrophes and dashes can be counted
in their place ("’" between letters, "“" before a word).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import regex

from linter.document import Document
from linter.kinds.base import Finding, Kind, Option, OptionError, compile_regex, match_case
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
    for key in ("before", "after"):
        if options[key] is not None:
            compile_regex(options[key], key)
    if options["count-by"] == "position":
        if len({len(g) for g in groups}) != 1:
            raise OptionError("variants", "with count-by: position, every group lists its variants in the "
                                          "same number of positions")
        seen: set[str] = set()
        for i, group in enumerate(groups):
            for v in group:
                key = v if options["case-sensitive"] else v.casefold()
                if key in seen:
                    raise OptionError(f"variants[{i}]", f"{v!r} is listed in two groups")
                seen.add(key)


_BEFORE = r"(?<![\w.])"
_AFTER = r"(?!\w)"


class _Group:
    def __init__(self, variants: list[str], case_sensitive: bool, inflections: bool,
                 before: str | None = None, after: str | None = None):
        self.variants = variants
        self.case_sensitive = case_sensitive
        alternatives = "|".join(
            regex.escape(v).replace(r"\ ", r"\s+")
            for v in sorted(variants, key=len, reverse=True)
        )
        suffix = r"(?P<suffix>e?s)?" if inflections else r"(?P<suffix>)"
        flags = 0 if case_sensitive else regex.I
        before = _BEFORE if before is None else f"(?:{before})"
        after = _AFTER if after is None else f"(?:{after})"
        self.pattern = regex.compile(rf"{before}(?P<word>{alternatives}){suffix}{after}", flags)

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
        self.groups = [
            _Group(g, options["case-sensitive"], options["inflections"], options["before"], options["after"])
            for g in options["variants"]
        ]
        self.by_position = options["count-by"] == "position"
        if self.by_position:
            # one pass for the whole family: every spelling, longest first
            everything = [v for g in options["variants"] for v in g]
            self.family = _Group(everything, options["case-sensitive"], options["inflections"],
                                 options["before"], options["after"])
            self.position_of = {
                (v if options["case-sensitive"] else v.casefold()): (gi, pos)
                for gi, g in enumerate(options["variants"]) for pos, v in enumerate(g)
            }

    def check(self, doc: Document) -> Iterable[Finding]:
        if self.by_position:
            yield from self._check_family(doc)
            return
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
                suffix = m.group("suffix") or ""
                yield Finding(
                    self.rule, m.start("word"), m.end("word") + len(suffix),
                    suggestions=(replacement + suffix,),
                    values={"majority": majority, "count": str(counts[majority]), "variant": variant},
                )

    def _check_family(self, doc: Document) -> Iterable[Finding]:
        """Count by position across all groups (e.g. every British vs every American spelling)."""
        hits = []
        for m in self.family.pattern.finditer(doc.prose):
            variant = self.family.variant_of(m.group("word"))
            if variant is None:
                continue
            key = variant if self.family.case_sensitive else variant.casefold()
            hits.append((m, *self.position_of[key]))
        counts = Counter(pos for _, _, pos in hits)
        if len(counts) < 2:
            return
        majority = max(counts, key=lambda pos: (counts[pos], -pos))
        for m, gi, pos in hits:
            if pos == majority:
                continue
            group = self.groups[gi]
            target = group.variants[majority]
            replacement = match_case(target, m.group("word")) if not group.case_sensitive else target
            suffix = m.group("suffix") or ""
            yield Finding(
                self.rule, m.start("word"), m.end("word") + len(suffix),
                suggestions=(replacement + suffix,),
                values={"majority": target, "count": str(counts[majority]), "variant": group.variants[pos]},
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
        "before": Option(str, "regex for the context before a variant, e.g. a lookbehind '(?<=\\p{L})' "
                              "(default: a word boundary)"),
        "after": Option(str, "regex for the context after a variant, e.g. a lookahead '(?=\\s)' "
                             "(default: a word boundary)"),
        "count-by": Option(str, "'group': each group is counted on its own; 'position': the groups share "
                                "one convention per position (British first, American second, ...) and the "
                                "article's minority position is flagged in every group",
                           default="group", choices=("group", "position")),
    },
    compile=_compile,
    validate=_validate,
    placeholders=("match", "replacement", "majority", "count", "variant"),
)
