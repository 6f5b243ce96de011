"""Kind `consistency`: one article using two spellings of one thing (U.S./US, airstrikes/air strikes).

Each group of variants is counted over the whole article; the minority spelling is flagged
and fixed to the majority one (on a tie, to the variant listed first).

With `count-by: position` the groups form a family that shares one convention per position
(organise/organize, realise/realize, ...): the article's minority convention is flagged wherever
it appears, even if no single word is spelled both ways.

Variants are whole words by default; `before` and `after` replace those boundaries with other
context (lookarounds), so marks such as quotation marks, apostrophes and dashes can be counted
in their place ("’" between letters, "“" before a word).

A fix never makes the text worse than the inconsistency it removes: a variant inside one of the rule's
`exceptions` (names that keep their own form: "US Open", "U.S. Steel") is neither counted nor flagged; a
variant's final period that is also the sentence's full stop is kept ("met the U.S." -> "met the US.")
and never doubled ("met the US." -> "met the U.S."); `in-names: unsafe` and `quoted: unsafe` lower the
fix of a variant that may be part of a longer name (a capitalised word follows) or is inside a
quotation; `quotation-marks: true` fixes a quotation's opening and closing marks together (see
`_pair_edits`).
"""

from __future__ import annotations

import dataclasses
import functools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import regex

from linter.kept import regexes
from linter.kinds.base import (
    REGEX_TIMEOUT,
    Finding,
    Kind,
    Option,
    OptionError,
    Parts,
    RegexBudget,
    compile_regex,
    from_user_pack,
    match_case,
    starts_of,
    stdlib_flags,
)
from linter.kinds.locality import line_local
from linter.kinds.prefilter import offsets
from linter.model.diagnostics import Applicability, Edit
from linter.model.rules import Rule
from linter.text import phrases, quotes
from linter.text.document import Document, LastDocument

Span = tuple[int, int]


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
            _check_context(compile_regex(options[key], key), key)
    for key in ("exceptions", "safe-before"):
        if not all(isinstance(phrase, str) and phrase.strip() for phrase in options[key]):
            raise OptionError(key, "each entry must be a non-empty string")
    if options["quotation-marks"]:
        for i, group in enumerate(groups):
            if len(group) != 2 or {quotes.style(v) for v in group} != {quotes.CURLY, quotes.STRAIGHT}:
                raise OptionError(f"variants[{i}]", "with quotation-marks: true, each group is a curly and a "
                                                    "straight quotation mark or apostrophe")
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


# A group number in 'before'/'after' would name another group once the context is placed around the
# variants (their groups come first), and a group named like the kind's own would take its place.
_NUMBERED_REFERENCE = regexes.compile(r"(?<!\\)(?:\\\\)*\\(?:[1-9]|g<[0-9]+>)")


def _check_context(pattern: regex.Pattern, key: str) -> None:
    if {"word", "suffix"} & set(pattern.groupindex):
        raise OptionError(key, "a group named 'word' or 'suffix' would stand in for the variant the rule counts")
    if _NUMBERED_REFERENCE.search(pattern.pattern):
        raise OptionError(key, "refers to a group by number, which changes once the context is placed around "
                               "the variants: name the group, (?P<name>...) and (?P=name)")


_BEFORE = r"(?<![\w.])"
_UNKNOWN = object()
# what lets a match start elsewhere than at its word, or scan otherwise than forwards (``_Group.starts``)
_MOVES_START = regexes.compile(r"\\[GKQ]|\(\?[a-zA-Z]*[rx]|\[:|\(\?#")


def _zero_width(context: str) -> bool:
    """Whether ``context`` is one lookaround group, ``(?<=...)``, ``(?<!...)``, ``(?=...)`` or ``(?!...)``, and
    nothing else (so it matches no character). Reads escapes and character classes; unsure: False."""
    if not context.startswith(("(?<=", "(?<!", "(?=", "(?!")):
        return False
    depth, i = 0, 0
    while i < len(context):
        ch = context[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":  # a class: a "]" first (after "^") is one of its characters; nested classes are not read
            i += 2 if context.startswith("[^", i) else 1
            if context.startswith("]", i):
                i += 1
            while i < len(context) and context[i] != "]":
                if context[i] == "[":
                    return False
                i += 2 if context[i] == "\\" else 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i == len(context) - 1
        i += 1
    return False


_AFTER = r"(?!\w)"


_CASE_BLIND_ESCAPES = regexes.compile(r"\\[pP]\{(?:L|N|P|S|Z|M|C)\}|\\[sSwWdDbBAZ]")


def _has_case(pattern: str) -> bool:
    """Whether case-insensitive matching could change what ``pattern`` matches: it has a cased character
    outside the escapes that name case-blind classes (``\\p{L}``, ``\\s``, ``\\w``, ...)."""
    rest = _CASE_BLIND_ESCAPES.sub("", pattern)
    return any(c.lower() != c or c.upper() != c for c in rest)


class _Group:
    def __init__(self, variants: list[str], case_sensitive: bool, inflections: bool,
                 before: str | None = None, after: str | None = None):
        self.variants = variants
        self.case_sensitive = case_sensitive
        self._spec = (inflections, before, after)

    @functools.cached_property
    def pattern(self) -> regex.Pattern:
        """The group's regex, built only for custom 'before'/'after' context (else the phrase matcher runs)."""
        inflections, before, after = self._spec
        alternatives = "|".join(
            regex.escape(v).replace(r"\ ", r"\s+")
            for v in sorted(self.variants, key=len, reverse=True)
        )
        suffix = r"(?P<suffix>e?s)?" if inflections else r"(?P<suffix>)"
        before = _BEFORE if before is None else f"(?:{before})"
        after = _AFTER if after is None else f"(?:{after})"
        # ignoring case slows a scan in `regex` (bench/PERF.md): skip it when nothing has case
        # (quotation marks, dashes, and context written with case-blind classes such as \p{L})
        caseless = not _has_case("".join(self.variants) + before + after)
        flags = 0 if self.case_sensitive or caseless else regex.I
        return regexes.compile(rf"{before}(?P<word>{alternatives}){suffix}{after}", flags)

    def variant_of(self, word: str) -> str | None:
        known = self._variant_of.get(word, _UNKNOWN)
        if known is not _UNKNOWN:
            return known  # type: ignore[return-value]
        spaced = " ".join(word.split())
        found = None
        for v in self.variants:
            if v == spaced or (not self.case_sensitive and v.casefold() == spaced.casefold()):
                found = v
                break
        if len(self._variant_of) < 256:  # the words a scan finds are the variants in a few cases and spacings
            self._variant_of[word] = found
        return found

    @functools.cached_property
    def _variant_of(self) -> dict[str, str | None]:
        return {}

    @functools.cached_property
    def starts(self) -> tuple[str, ...] | None:
        """The strings every match of ``pattern`` starts with, when the scan may try the pattern only where one of
        them begins (``matches``): the variants, when the context before them is a lookaround (no match starts
        before its word), a variant holds no whitespace (``\\s+`` in the pattern) and the pattern matches them
        exactly (no ignored case, no ``\\G``, ``\\K``, reverse or verbose flag). None: the whole text is scanned."""
        _, before, after = self._spec
        if before is not None and not _zero_width(before):
            return None
        if any(ch.isspace() for v in self.variants for ch in v):
            return None
        if self.pattern.flags & (regex.I | regex.X | regex.R):
            return None
        if _MOVES_START.search(f"{before or ''}\0{after or ''}"):
            return None
        return tuple(sorted(set(self.variants)))

    def matches(self, text: str, budget: RegexBudget | None,
                present: frozenset[str] | None = None) -> Iterator[regex.Match]:
        """``pattern.finditer(text)``: where ``starts`` allows, the pattern is tried only where one of them
        begins (``str.find``), leftmost first, never inside the match before: the same matches, without the
        ``regex`` scan of every position (about 3-15 ms a megabyte each, bench/PERF.md "Issue 20: consistency
        hits"). ``present``: the variants known to be in the text (``_live`` looked), the others not searched again."""
        starts = self.starts
        if starts is None:
            yield from self.pattern.finditer(text, timeout=None if budget is None else budget.left())
            return
        if present is not None:
            starts = tuple(start for start in starts if start in present)
        candidates = offsets(text, starts)
        if not candidates:
            return
        match = self.pattern.match
        until = -1
        for at in candidates:
            if at < until:
                continue
            m = match(text, at) if budget is None else match(text, at, timeout=budget.left())
            if m is not None:
                until = m.end()
                yield m


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int  # after the suffix
    word: str  # the matched spelling, without the suffix
    suffix: str
    group: int
    variant: str


@dataclass(frozen=True)
class _Part:
    """What a chunk holds for a rule (``ConsistencyChecker.part``): its counted hits, in its offsets, and their
    tally (or, for quotation marks, the tally of every mark of the family)."""

    hits: tuple[_Hit, ...]
    tally: Counter


class ConsistencyChecker:
    def __init__(self, rule: Rule):
        self.rules = (rule,)
        self.rule = rule
        options = rule.options
        self.case_sensitive = options["case-sensitive"]
        self.groups = [
            _Group(g, options["case-sensitive"], options["inflections"], options["before"], options["after"])
            for g in options["variants"]
        ]
        self.by_position = options["count-by"] == "position"
        self.in_names = options["in-names"]
        self.safe_before = frozenset(options["safe-before"])
        self.quoted = options["quoted"]
        self.quotation_marks = options["quotation-marks"]
        self._exceptions = (phrases.PhraseMatcher({p: True for p in options["exceptions"]})
                            if options["exceptions"] else None)
        self.position_of = {
            (v if self.case_sensitive else v.casefold()): (gi, pos)
            for gi, g in enumerate(options["variants"]) for pos, v in enumerate(g)
        }
        # Word-bounded variants (the usual case) are found by one Aho–Corasick pass for all groups (and, for
        # rules compiled together, for all their rules: `_compile`); custom 'before'/'after' context needs the
        # regexes.
        self.table: dict[str, list[tuple[int, str, str]]] | None = None
        self._shared: _SharedPass | None = None
        if options["before"] is None and options["after"] is None:
            self.table = {}
            suffixes = ("", "s", "es") if options["inflections"] else ("",)
            for gi, group in enumerate(options["variants"]):
                for variant in group:
                    for suffix in suffixes:
                        self.table.setdefault(phrases.key(variant + suffix), []).append((gi, variant, suffix))

    @functools.cached_property
    def matcher(self) -> phrases.PhraseMatcher | None:
        """This rule's own phrase matcher (None: the rule has 'before'/'after' regexes)."""
        return None if self.table is None else phrases.PhraseMatcher(self.table)

    def _hits(self, doc: Document, groups: frozenset[int] | None = None,
              present: frozenset[str] | None = None) -> list[_Hit]:
        """The variants found in ``doc``; with ``groups``, a rule with its own 'before'/'after' regexes scans
        only those groups (``_live``), and with ``present`` looks only for the variants the text holds."""
        text = doc.prose
        hits: list[_Hit] = []
        if self.table is None:  # the pack's own 'before'/'after' regexes: a user pack's run under a time budget
            budget = RegexBudget(REGEX_TIMEOUT) if from_user_pack(self.rule) else None
            for gi, group in enumerate(self.groups):
                if groups is not None and gi not in groups:
                    continue
                for m in group.matches(text, budget, present):
                    word, suffix = m.group("word", "suffix")
                    variant = group.variant_of(word)
                    if variant is not None:
                        start, end = m.span()
                        hits.append(_Hit(start, end, word, suffix or "", gi, variant))
            return hits
        # the shared pass when there is one; this rule's own matcher is built only without it
        spans = self._shared.hits(doc, self) if self._shared is not None else self.matcher.spans(text, doc.folded)
        for start, end, payload in spans:
            if start > 0 and text[start - 1] == ".":
                continue  # "e.g.US": part of an abbreviation run, as the word boundary has it
            found = text[start:end]
            for gi, variant, suffix in payload:
                word = found[:len(found) - len(suffix)] if suffix else found
                if self.case_sensitive and " ".join(word.split()) != variant:
                    continue
                hits.append(_Hit(start, end, word, suffix, gi, variant))
                break
        return hits

    @functools.cached_property
    def splits(self) -> bool:
        """SplitChecker: whether the hits are found per chunk as in the whole article (then ``part`` finds and
        tallies a chunk's hits, and ``merge`` counts the article's and flags the minority). Phrases are matched
        per word and may cross a break between paragraphs only where it is one line break: ``merge`` looks for a
        phrase across each such cut and, if there is one, reads the whole article (``check``). The pack's own
        'before'/'after' regexes must be line-local (linter/kinds/locality.py): no match reads a line break."""
        if self.table is not None:
            return True
        return all(line_local(g.pattern.pattern, stdlib_flags(g.pattern.flags)) for g in self.groups)

    def _counted(self, doc: Document, groups: frozenset[int] | None = None,
                 present: frozenset[str] | None = None) -> list[_Hit]:
        """The variants found in ``doc`` (of ``groups``, ``present``: ``_hits``), without those inside the rule's
        exceptions."""
        hits = self._hits(doc, groups, present)
        if self._exceptions is not None and hits:
            found = (self._shared.exceptions(doc, self) if self._shared is not None
                     else self._exceptions.spans(doc.prose, doc.folded))
            names = [(start, end) for start, end, _ in found]
            hits = [h for h in hits if not any(lo <= h.start and h.end <= hi for lo, hi in names)]
        return hits

    def _live(self, doc: Document) -> frozenset[int] | None:
        return self._live_present(doc)[0]

    def _live_present(self, doc: Document) -> tuple[frozenset[int] | None, frozenset[str] | None]:
        """For a rule with its own 'before'/'after' regexes, the groups that may give a finding in ``doc``
        (None: every group; the phrase pass is shared by the other rules and finds every group at once). A
        finding needs two spellings of a group in the article (two positions, with count-by: position): a
        group with fewer of its variants anywhere in the text has none, and is not scanned (``_Group.starts``
        says when a variant's string is in every match). For quotation marks, a family whose marks are all of
        one style (``quotes.style_counts``, the rule's tally) has nothing to flag. With the groups, the variants
        the text holds (None: not looked at), so that the scan does not search the text again for the others."""
        if self.table is not None:
            return None, None
        if self.quotation_marks:
            families = [quotes.family(g.variants[0]) for g in self.groups]
            mixed = {family for family in set(families) if all(_style_counts(doc, family).values())}
            return frozenset(gi for gi, family in enumerate(families) if family in mixed), None
        if any(g.starts is None for g in self.groups):
            return None, None
        text = doc.prose
        present = frozenset(v for g in self.groups for v in g.variants if v in text)
        if self.by_position:
            positions = {pos for g in self.groups for pos, v in enumerate(g.variants) if v in present}
            return (frozenset(range(len(self.groups))) if len(positions) > 1 else frozenset()), present
        return frozenset(gi for gi, g in enumerate(self.groups) if sum(v in present for v in g.variants) > 1), present

    def part(self, doc: Document) -> _Part:
        """A chunk's hits and their tally: per (group, variant), per position (count-by: position), or the
        chunk's quotation marks per (family, style) (quotation-marks: true)."""
        return self._part(doc, self._counted(doc))

    def _part(self, doc: Document, hits: list[_Hit]) -> _Part:
        tally: Counter = Counter()
        if self.quotation_marks:
            for family in {quotes.family(g.variants[0]) for g in self.groups}:
                for style, count in _style_counts(doc, family).items():
                    if count:
                        tally[family, style] += count
        elif self.by_position:
            tally.update(self._position(h) for h in hits)
        else:
            tally.update((h.group, h.variant) for h in hits)
        return _Part(tuple(hits), tally)

    def check(self, doc: Document) -> Iterable[Finding]:
        groups, present = self._live_present(doc)
        if groups is not None and not groups:
            return ()  # no group can have two spellings here: nothing to find
        hits = self._counted(doc, groups, present)
        if not hits:
            return ()  # every finding is one of the hits (most texts hold none): no tally to take
        return self._found(doc, [(0, self._part(doc, hits))])

    def tally(self, part: _Part) -> Counter:
        """SplitChecker's optional ``tally``: the chunk's tally, which the merge sums over the article."""
        return part.tally

    def merge(self, doc: Document, parts: Sequence[tuple[int, Any]]) -> Iterable[Finding]:
        if self._crossed(doc, parts):
            return self.check(doc)  # a phrase (or an exception) across a cut: read the whole article
        return self._found(doc, parts)

    def _crossed(self, doc: Document, parts: Sequence[tuple[int, Any]]) -> bool:
        """Whether one of the rule's phrases or exceptions holds a cut between two chunks: a cut after a single
        line break between two non-space characters (a phrase's space matches one whitespace character)."""
        if self.table is None:
            return False  # line-local regexes: no match reads a line break
        text = doc.prose
        for lo in _tight_cuts(doc, parts):
            if self._shared is not None:
                if self._shared.number(self) in self._shared.index.across(text, lo - 1):
                    return True
            elif self.matcher is not None and self.matcher.across(text, lo - 1):
                return True
            if self._exceptions is not None and self._exceptions.across(text, lo - 1):
                return True
        return False

    def _found(self, doc: Document, parts: Sequence[tuple[int, _Part]]) -> Iterator[Finding]:
        """The findings from the chunks' parts (each with its chunk's start), in the article's order. The hits are
        read only where the tally shows a minority to flag; the tally is the language server's running sum when it
        keeps one (``Parts.total``)."""
        total = parts.total if isinstance(parts, Parts) else None
        tally: Counter = total if total is not None else Counter()  # read only: the running sum is the server's
        if total is None:
            for _, part in parts:
                if part.tally:
                    for key, count in part.tally.items():
                        tally[key] += count
        if self.quotation_marks:
            yield from self._check_quotation_marks(doc, parts, tally)
        elif self.by_position:
            yield from self._check_family(doc, parts, tally)
        else:
            groups = sorted({gi for gi, _ in tally})
            for gi in groups:
                group = self.groups[gi]
                counts = {v: tally[gi, v] for v in group.variants if tally[gi, v]}
                if len(counts) < 2:
                    continue
                majority = max(group.variants, key=lambda v: (counts.get(v, 0), -group.variants.index(v)))
                for hit in _shifted(parts, lambda h: h.group == gi and h.variant != majority):  # noqa: B023
                    yield self._finding(doc, hit, majority, counts[majority], hit.variant)

    def _position(self, hit: _Hit) -> int:
        return self.position_of[hit.variant if self.case_sensitive else hit.variant.casefold()][1]

    def _check_quotation_marks(self, doc: Document, parts: Sequence[tuple[int, _Part]],
                               tally: Counter) -> Iterable[Finding]:
        """Quotation marks: the article's style (curly or straight) is the one most of its marks of the family
        have, opening and closing marks and apostrophes alike, so that the rule for opening marks and the rule
        for closing ones choose the same; a mark that opens or closes a quotation is fixed together with its
        partner (``_pair_edits``), so that no fix leaves a quotation half curly."""
        text = doc.prose
        partners: dict[Span, dict[int, tuple[int, bool]]] = {}
        targets = {family: max((quotes.CURLY, quotes.STRAIGHT),
                               key=lambda st: (tally[family, st], st == quotes.CURLY))
                   for family in {family for family, _ in tally}}
        if not any(tally[family, style] for family, target in targets.items()
                   for style in (quotes.CURLY, quotes.STRAIGHT) if style != target):
            return  # every mark of each family in its target style (the tally counts them all): no hit to flag
        for hit in _shifted(parts, lambda h: quotes.style(h.variant) != targets[
                quotes.family(self.groups[h.group].variants[0])]):
            group = self.groups[hit.group]
            family = quotes.family(group.variants[0])
            target_style = targets[family]
            target = next(v for v in group.variants if quotes.style(v) == target_style)
            paragraph = doc.paragraph_at(hit.start)
            paired = {} if paragraph is None else partners.get(paragraph)
            if paired is None:
                paired = partners[paragraph] = _partners(doc, paragraph)
            opening = quotes.opens(next(v for v in group.variants if quotes.style(v) == quotes.CURLY))
            edits = _pair_edits(text, hit.start, opening, target_style, paired)
            yield Finding(self.rule, hit.start, hit.end, suggestions=(edits[0].text,), edits=edits,
                          values={"majority": target, "count": str(tally[family, target_style]),
                                  "variant": hit.variant})

    def _check_family(self, doc: Document, parts: Sequence[tuple[int, _Part]], tally: Counter) -> Iterable[Finding]:
        """Count by position across all groups (e.g. every British vs every American spelling)."""
        if len(tally) < 2:
            return
        majority = max(tally, key=lambda pos: (tally[pos], -pos))
        for hit in _shifted(parts, lambda h: self._position(h) != majority):
            group = self.groups[hit.group]
            yield self._finding(doc, hit, group.variants[majority], tally[majority],
                                group.variants[self._position(hit)])

    def _finding(self, doc: Document, hit: _Hit, target: str, count: int, variant: str) -> Finding:
        replacement = (target if self.case_sensitive else match_case(target, hit.word)) + hit.suffix
        text = doc.prose
        end = hit.end
        suggestions: tuple[str, ...] = (replacement,)
        doubt: Applicability | None = None
        old = text[hit.start:hit.end]
        ends: bool | None = False
        if _abbreviation_period(replacement) and not old.endswith(".") and text[end:end + 1] == ".":
            if text[end + 1:end + 2] == "." or _full_stop(text, end + 1, self.safe_before) is None:
                # "the US..." (an ellipsis), "the US. Biden said" (then "the U.S. Biden said" reads as one)
                doubt = Applicability.UNSAFE
            end += 1  # "met the US." -> "met the U.S.", not "the U.S.."
            ends = True
        elif _abbreviation_period(old) and not replacement.endswith("."):
            ends = _full_stop(text, end, self.safe_before)
            if ends is None:
                suggestions = (replacement, replacement + ".")  # "U.S. President" or "the U.S. Biden said"
            elif ends:
                suggestions = (replacement + ".",)  # "met the U.S." -> "met the US."
        if self.in_names == "unsafe" and not ends:
            name = _NAME_AFTER.match(text, end)
            if name is not None and name.group(1) not in self.safe_before:
                doubt = Applicability.UNSAFE  # "US Open", "U.S. Steel": a name may keep its own form
        if self.quoted == "unsafe" and quotes.quote_index(doc).inside(hit.start):
            doubt = Applicability.UNSAFE
        return Finding(self.rule, hit.start, end, suggestions=suggestions, applicability=doubt,
                       values={"majority": target, "count": str(count), "variant": variant,
                               "match": doc.text[hit.start:hit.end]})  # without a period the span took in


def _partners(doc: Document, paragraph: Span) -> dict[int, tuple[int, bool]]:
    """Each paired quotation mark's offset in ``paragraph`` -> its partner's offset and whether the mark opens the
    quotation (marks pair within their paragraph only)."""
    out: dict[int, tuple[int, bool]] = {}
    for opening, after in quotes.paired(doc, paragraph):
        out[opening] = (after - 1, True)
        out[after - 1] = (opening, False)
    return out


# the last document's quotation marks per family and style (``quotes.style_counts``), counted once for the rules that
# count them (CD507 and CD508 count the same families)
_marks: LastDocument[dict[str, dict[str, int]]] = LastDocument(lambda doc: {})


def _style_counts(doc: Document, family: str) -> dict[str, int]:
    kept = _marks.of(doc)
    counts = kept.get(family)
    if counts is None:
        counts = kept[family] = quotes.style_counts(doc.prose, family)
    return counts


# the chunk starts of the last document merged, and the cuts among them a phrase may cross (``_tight_cuts``)
_cuts: LastDocument[list[Any]] = LastDocument(lambda doc: [])


def _tight_cuts(doc: Document, parts: Sequence[tuple[int, Any]]) -> list[int]:
    """The cuts between ``doc``'s chunks that a phrase may cross: one line break between two non-space characters
    (worked out once for every rule merged on the document)."""
    kept: list[Any] = _cuts.of(doc)  # [the chunks' starts, their tight cuts]
    cuts = starts_of(parts)  # the one tuple every rule's parts share, when the language server gives them
    if kept and (kept[0] is cuts or kept[0] == cuts):
        return kept[1]
    text = doc.prose
    tight = [lo for lo in cuts if 2 <= lo < len(text) and not text[lo - 2].isspace() and not text[lo].isspace()]
    kept[:] = [cuts, tight]  # the last chunks' only, as for the last document
    return tight


def _shifted(parts: Sequence[tuple[int, _Part]], keep: Callable[[_Hit], bool]) -> Iterator[_Hit]:
    """The hits ``keep`` keeps, in order, moved from their chunks' offsets to the article's."""
    for lo, part in parts:
        for hit in part.hits:
            if keep(hit):
                yield hit if not lo else dataclasses.replace(hit, start=hit.start + lo, end=hit.end + lo)


def _pair_edits(text: str, offset: int, opening: bool, to: str,
                partners: dict[int, tuple[int, bool]]) -> tuple[Edit, ...]:
    """The edits that give the mark at ``offset`` style ``to``, and its partner too when it has one in another
    style: one fix, applied whole or not at all (``“Black Tie"`` is worse than either style). A mark that
    pairs with nothing in its paragraph (a quotation running on into the next; an apostrophe) is fixed alone."""
    partner = partners.get(offset)
    if partner is not None:
        opening = partner[1]
    edits = [Edit(offset, offset + 1, quotes.restyled(text[offset], to, opening))]
    if partner is not None and quotes.style(text[partner[0]]) != to:
        other = partner[0]
        edits.append(Edit(other, other + 1, quotes.restyled(text[other], to, not opening)))
    return tuple(edits)


_NAME_AFTER = regexes.compile(r"[ \t]+(\p{Lu}[\p{L}'’-]*)")
_AFTER_PERIOD = regexes.compile(
    r"[\"”’']*(?P<bracket>[)\]])?[ \t]*(?:(?P<end>\r|\n|$)|[\"“‘'(\[]*(?P<word>[\p{L}\p{N}][\p{L}'’-]*))")
_OPENERS = frozenset("""the a an he she it they we i you this that these those there his her its their our but
    and or so yet in on at for after meanwhile however""".split())


def _lowers_fix(options: Mapping[str, Any]) -> bool:
    """Whether a rule's findings may lower their own fix (``_finding``): a form that may be part of a name or is
    quoted (``in-names``/``quoted: unsafe``), or a variant that ends in an abbreviation's period ("U.S.")."""
    return "unsafe" in (options["in-names"], options["quoted"]) or any(
        _abbreviation_period(v) for group in options["variants"] for v in group)


def _abbreviation_period(form: str) -> bool:
    """Whether ``form`` ends in a period after a letter ("U.S."), one that can also be a sentence's full stop;
    an ellipsis ("...") is not."""
    return len(form) > 1 and form.endswith(".") and form[-2].isalpha()


def _full_stop(text: str, end: int, modified: frozenset[str]) -> bool | None:
    """Whether the period that ends a variant at ``end`` ("U.S.") is also the sentence's full stop: True at
    the end of a paragraph or before a sentence opener ("the U.S. He said"), False before a lowercase word,
    punctuation or a word the variant modifies (``modified``: "U.S. Embassy"), None before another
    capitalised word ("U.S. Steel" or "the U.S. Biden said")."""
    m = _AFTER_PERIOD.match(text, end)
    if m is None or m.group("bracket"):
        return False  # "(in the U.S.) and", "(in the U.S.)": the full stop, if any, comes after the bracket
    if m.group("end") is not None:
        return True
    word = m.group("word")
    if not (word[0].isupper() or word[0].isdigit()) or word in modified:
        return False
    return True if word.lower() in _OPENERS else None


class _SharedPass:
    """One phrase pass over a document for every word-bounded consistency rule; each rule takes its own hits, and
    the hits of its exceptions (their own tables in the same pass: the hits a matcher of them alone finds)."""

    def __init__(self, checkers: list[ConsistencyChecker]):
        self._number = {id(c): n for n, c in enumerate(checkers)}
        excepting = [c for c in checkers if c.rule.options["exceptions"]]
        self._exceptions = {id(c): len(checkers) + n for n, c in enumerate(excepting)}
        self.index = phrases.PhraseIndex([c.table or {} for c in checkers] +
                                         [{p: True for p in c.rule.options["exceptions"]} for c in excepting])
        self._found = LastDocument(lambda doc: self.index.find_spans(doc.prose, doc.folded))

    def exceptions(self, doc: Document, checker: ConsistencyChecker) -> list[tuple[int, int, Any]]:
        return self._found.of(doc)[self._exceptions[id(checker)]]

    def number(self, checker: ConsistencyChecker) -> int:
        """The checker's table in ``index``."""
        return self._number[id(checker)]

    def hits(self, doc: Document, checker: ConsistencyChecker) -> list[tuple[int, int, Any]]:
        return self._found.of(doc)[self._number[id(checker)]]


def _compile(rules: list[Rule]) -> list[ConsistencyChecker]:
    checkers = [ConsistencyChecker(rule) for rule in rules]
    word_bounded = [c for c in checkers if c.table is not None]
    if len(word_bounded) > 1:
        shared = _SharedPass(word_bounded)
        for checker in word_bounded:
            checker._shared = shared
    return checkers


KIND = Kind(
    name="consistency",
    summary="Two spellings of one thing in one article: flag the minority, fix to the majority.",
    fix_safety=("The fix writes the article's majority spelling in place of the minority one (on a tie, the "
                "variant listed first), in the case of the word it replaces; spellings inside the rule's "
                "exceptions (names such as US Open) are neither counted nor changed."),
    lowers_fix=_lowers_fix,
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
        "exceptions": Option(list, "names in which a variant keeps its own form and is not counted: 'US Open', "
                                   "'U.S. Steel'", default=[]),
        "in-names": Option(str, "a variant followed by a capitalised word may be part of a name: 'fix' as "
                                "elsewhere, or 'unsafe' (its fix only with --unsafe-fixes)",
                           default="fix", choices=("fix", "unsafe")),
        "safe-before": Option(list, "with in-names: unsafe, capitalised words after which a variant is a "
                                    "plain modifier, not part of a name: 'Embassy', 'Army'", default=[]),
        "quoted": Option(str, "inside quotation marks: 'fix' as elsewhere, or 'unsafe'", default="fix",
                         choices=("fix", "unsafe")),
        "quotation-marks": Option(bool, "the variants are curly and straight quotation marks: a quotation's "
                                        "opening and closing marks are fixed together, to the style most of "
                                        "the article's marks have", default=False),
    },
    compile=_compile,
    validate=_validate,
    placeholders=("match", "replacement", "majority", "count", "variant"),
)
