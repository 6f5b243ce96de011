"""Kind `pattern`: a regular expression, a replacement template and optional `unless` context."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass
from typing import Any

import ahocorasick
import regex

from linter.kept import regexes
from linter.kinds.base import (
    FLAG_CHOICES,
    REGEX_TIMEOUT,
    Finding,
    Kind,
    Option,
    OptionError,
    Parts,
    RegexBudget,
    Scope,
    compile_regex,
    flags_from,
    from_user_pack,
    match_case,
    stdlib_flags,
)
from linter.kinds.locality import line_local
from linter.kinds.prefilter import (
    BOUNDARY,
    EDGE,
    at_boundary,
    collapsed,
    kept_collapsed,
    kept_literals,
    kept_repeated,
    kept_starts,
    repeated_spans,
    searched,
    tried,
)
from linter.model.diagnostics import REPLACEMENT_FACTOR, REPLACEMENT_SLACK, Applicability, replacement_fits
from linter.model.rules import Rule
from linter.text import chunks
from linter.text.document import Document, LastDocument
from linter.text.quotes import quote_index

_SCOPES = ("sentence", "paragraph", "document")
_WHERE = ("before", "after", "around")
_POSITIONS = ("anywhere", "sentence-start", "paragraph-start", "document-start", "sentence-end")


def _unless_list(value: Any) -> list[dict[str, str]]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, str):
            out.append({"pattern": item, "scope": "sentence", "where": "around"})
        else:
            out.append({"scope": "sentence", "where": "around", **item})
    return out


# A replacement template's size, checked when the pack loads: 20,000 references to the whole match on a
# 100 KB text asked for gigabytes. A fix that would still grow past ``replacement_fits`` is not offered.
MAX_TEMPLATE_LENGTH = REPLACEMENT_SLACK
MAX_TEMPLATE_REFERENCES = REPLACEMENT_FACTOR
_TEMPLATE_REF = regexes.compile(r"\\g<(\w+)>|\\(\d+)")


def _validate(options: Mapping[str, Any]) -> None:
    for flag in options["flags"]:
        if flag not in FLAG_CHOICES:
            raise OptionError("flags", f"unknown flag {flag!r} (choose from {', '.join(FLAG_CHOICES)})")
    pattern = compile_regex(options["pattern"], "pattern", flags_from(options["flags"]))
    group = options["group"]
    if isinstance(group, int) and not 0 <= group <= pattern.groups:
        raise OptionError("group", f"the pattern has no group {group}")
    if isinstance(group, str) and group not in pattern.groupindex:
        raise OptionError("group", f"the pattern has no group named {group!r}")
    replacement = options["replacement"]
    for template in replacement if isinstance(replacement, list) else [replacement] if replacement is not None else []:
        if not isinstance(template, str):
            raise OptionError("replacement", "must be a string or a list of strings")
        refs = _TEMPLATE_REF.findall(template)
        if len(template) > MAX_TEMPLATE_LENGTH or len(refs) > MAX_TEMPLATE_REFERENCES:
            raise OptionError("replacement", f"a template may be at most {MAX_TEMPLATE_LENGTH} characters with at "
                                             f"most {MAX_TEMPLATE_REFERENCES} group references (this one: "
                                             f"{len(template)} characters, {len(refs)} references)")
        for ref in refs:
            name = ref[0] or ref[1]
            if (name.isdigit() and int(name) > pattern.groups) or (
                not name.isdigit() and name not in pattern.groupindex
            ):
                raise OptionError("replacement", f"refers to group {name!r}, which the pattern lacks")
    if not 0 < options["timeout"] <= 60:
        raise OptionError("timeout", "must be more than 0 and at most 60 seconds")
    mapping = options["map"]
    if mapping is not None:
        if not mapping or not all(isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()):
            raise OptionError("map", "must map matched text to replacement text (strings)")
        if any(len(v) > MAX_TEMPLATE_LENGTH for v in mapping.values()):
            raise OptionError("map", f"a replacement may be at most {MAX_TEMPLATE_LENGTH} characters")
        if replacement is not None:
            raise OptionError("map", "give either 'map' or 'replacement', not both")
    raw_unless = options["unless"]
    if raw_unless is not None and not isinstance(raw_unless, str | dict | list):
        raise OptionError("unless", "must be a regex, a mapping or a list of them")
    for i, item in enumerate(_unless_list(raw_unless)):
        key = f"unless[{i}]" if isinstance(raw_unless, list) else "unless"
        if not isinstance(item, dict) or set(item) - {"pattern", "scope", "where"} or "pattern" not in item:
            raise OptionError(key, "takes 'pattern' and optional 'scope' and 'where'")
        if item["scope"] not in _SCOPES:
            raise OptionError(f"{key}.scope", f"choose from {', '.join(_SCOPES)}")
        if item["where"] not in _WHERE:
            raise OptionError(f"{key}.where", f"choose from {', '.join(_WHERE)}")
        compile_regex(item["pattern"], f"{key}.pattern")


def _scope(rule: Rule) -> Scope:
    """PARAGRAPH when neither the rule's regex nor an `unless` regex can match a line break or see the ends of the
    text (linter/kinds/locality.py) and every `unless` looks at the sentence or paragraph; a rule anchored at the
    document's start reports there only (DOCUMENT_START); the others need the whole document."""
    options = rule.options
    if options["at"] == "document-start":
        return Scope.DOCUMENT_START
    if not line_local(options["pattern"], stdlib_flags(flags_from(options["flags"]))):
        return Scope.DOCUMENT
    for item in _unless_list(options["unless"]):
        if item["scope"] not in ("sentence", "paragraph") or not line_local(item["pattern"], 0):
            return Scope.DOCUMENT
    return Scope.PARAGRAPH


class PatternChecker:
    def __init__(self, rule: Rule):
        self.rules = (rule,)
        self.rule = rule
        options = rule.options
        replacement = options["replacement"]
        self.templates: tuple[str, ...] = (
            tuple(replacement) if isinstance(replacement, list)
            else (replacement,) if replacement is not None else ()
        )
        # the groups each template names (numbers as ints), to bound an expansion before it is built
        self._references = {t: [int(r) if r.isdigit() else r for r in map("".join, _TEMPLATE_REF.findall(t))]
                            for t in self.templates}
        self.group = options["group"]
        self.map = {k.casefold(): v for k, v in (options["map"] or {}).items()}
        self.timeout = float(options["timeout"])
        # a text without any of these words cannot match: skip the regex (see prefilter.py)
        self.literals = kept_literals(options["pattern"], flags_from(options["flags"]))
        # without one: strings one of which every match holds once runs of spaces are one space ("is are", "the a "),
        # for rules whose matches join common short words (see prefilter.collapsed_literals)
        self.pairs = (kept_collapsed(options["pattern"], flags_from(options["flags"]))
                      if self.literals is None else None)
        self.position = options["at"]
        # where a match can begin (prefilter.start_strings), for a shipped rule anchored anywhere whose scan would
        # otherwise try every offset: one pass for all such rules finds them (``_StartWords``), and the regex is tried
        # there only
        self.starts = (kept_starts(options["pattern"], flags_from(options["flags"]))
                       if self.position == "anywhere" and not from_user_pack(rule) else None)
        # a rule whose matches repeat a group's text (CD312, a sentence written twice): the spans of the text where
        # two neighbouring pieces end alike (prefilter.repeated_ends), for a shipped rule anchored anywhere
        self.repeats = (kept_repeated(options["pattern"], flags_from(options["flags"]))
                        if self.position == "anywhere" and not from_user_pack(rule) else None)
        self.keep_case = options["match-case"]
        self.quoted_unsafe = options["quoted"] == "unsafe"
        self.quoted_skip = options["quoted"] == "skip"

    # Compiled at first use, not when the packs load: most texts lack a rule's required literals, so most
    # rules never run their regex in a short process. Validation compiled them already (bad regexes are
    # load errors), or the pack came from the cache, which holds only packs that validated.
    @functools.cached_property
    def pattern(self) -> regex.Pattern:
        return regexes.compile(self.rule.options["pattern"], flags_from(self.rule.options["flags"]))

    _present: _PresentWords | None = None  # set by `_compile` for rules compiled together
    _paired: _PairedWords | None = None  # likewise, for the rules gated by ``pairs``
    _started: _StartWords | None = None  # likewise, for the rules with ``starts``
    _start_number = -1  # this checker's number in ``_started``
    _starts_present = False  # set by `_compile` when ``starts`` are among the required words (see `_start_places`)

    def _has_literal(self, doc: Document) -> bool:
        """Whether the text holds one of the words every match needs."""
        if self._present is not None:
            # one set operation, not a generator per rule: most rules' words are absent from most texts
            return not self._present.of(doc).isdisjoint(self.literals or ())
        text = searched(doc.lowered)
        return any(word in text for word in self.literals or ())

    @functools.cached_property
    def bounded(self) -> bool:
        """Whether this rule's regex calls run under its time budget: those of every pack a user adds.

        The packs that ship with copydesk are reviewed, run by the property tests and the fuzzer, and
        tried on pathological input (tests/test_hostile_packs.py); their calls run without `regex`'s
        timeout, which slows a scan (bench/PERF.md).
        """
        return from_user_pack(self.rule)

    @functools.cached_property
    def unless(self) -> list[tuple[regex.Pattern, str, str]]:
        unless = _unless_list(self.rule.options["unless"])
        return [(regexes.compile(u["pattern"]), u["scope"], u["where"]) for u in unless]

    @functools.cached_property
    def _gated(self) -> bool:
        """Whether the rule may run on the chunks holding its required words only (see `check`): a
        paragraph-local shipped rule (anchored anywhere, or at sentence or paragraph starts or sentence ends, which
        it reads from the whole document). Worked out at the first long text, not at start-up."""
        return self._present is not None and not self.bounded and _scope(self.rule).local

    @functools.cached_property
    def splits(self) -> bool:
        """SplitChecker: a shipped rule, anchored anywhere, that is paragraph-local but for ``$`` or ``\\Z``: the end of
        the text, which no chunk but the last holds (CD1111: "may 5" ending the article). ``part`` reads a chunk as
        if text followed it (``sealed``: then the end anchors hold nowhere in it, as in the whole text), and the merge
        reads the last chunk as it is. Worked out when the language server first asks."""
        if self.bounded or self.position != "anywhere" or _scope(self.rule).local:
            return False
        options = self.rule.options
        if not line_local(_without_end_anchors(options["pattern"]), stdlib_flags(flags_from(options["flags"]))):
            return False
        return all(item["scope"] in ("sentence", "paragraph") and line_local(item["pattern"], 0)
                   for item in _unless_list(options["unless"]))

    def part(self, doc: Document) -> list[Finding]:
        """SplitChecker.part: the findings in a chunk, read as if text followed it."""
        return list(self._checked(doc, sealed=True))

    def merge(self, doc: Document, parts: Sequence[tuple[int, Any]]) -> Iterable[Finding]:
        """SplitChecker.merge: each chunk's findings but the last chunk's, which is read again as the text's end.
        Given the language server's kept parts (``Parts``), that reading is kept by the last chunk's part (the same
        part, the same chunk: its text and masking) while the chunk stays last."""
        last = len(parts) - 1
        for number, (lo, found) in enumerate(parts):
            if number == last:
                yield from (f.shifted(lo) for f in self._ending(doc, lo, found, isinstance(parts, Parts)))
                return
            hi = parts[number + 1][0]
            # a zero-width finding at a chunk's end is at the next chunk's start: that chunk's to report
            yield from (f.shifted(lo) for f in found if f.start < hi - lo)

    _ended: tuple[Any, list[Finding]] | None = None  # the last chunk's part, and its findings as the text's end

    def _ending(self, doc: Document, lo: int, part: Any, keep: bool) -> list[Finding]:
        """The findings of the last chunk of ``doc``, from ``lo``, read as the text's end (in its offsets)."""
        ended = self._ended
        if keep and ended is not None and ended[0] is part:
            return ended[1]
        found = list(self._checked(chunks.view(doc, lo, len(doc.text))))
        if keep:
            self._ended = (part, found)
        return found

    def check(self, doc: Document) -> Iterable[Finding]:
        return self._checked(doc)

    def _checked(self, doc: Document, sealed: bool = False) -> Iterable[Finding]:
        """``check``; ``sealed``: as if text followed ``doc`` (see ``splits``)."""
        literals = self.literals
        if literals is not None:
            # `_has_literal`, inlined for the rules compiled together: this test runs for every pattern rule on
            # every text, and most rules stop here
            present = self._present
            if present is not None:
                if present.of(doc).isdisjoint(literals):
                    return ()
            elif not self._has_literal(doc):
                return ()
        elif (pairs := self.pairs) is not None:
            paired = self._paired
            if paired is not None:
                if paired.of(doc).isdisjoint(pairs):
                    return ()
            else:
                text = collapsed(doc.lowered)
                if not any(word.lstrip(BOUNDARY) in text for word in pairs):
                    return ()
        if self._present is not None and len(doc.text) > _GATE_FROM and self._gated:
            spans = self._present.chunks_with(doc, self.literals or frozenset())
            if spans is not None:
                return self._check_chunks(doc, spans)
        return self._check(doc, sealed)

    def _check_chunks(self, doc: Document, spans: list[tuple[int, int]]) -> Iterator[Finding]:
        """The findings of the whole document, from the chunks that hold one of the rule's required words only.

        A paragraph-local rule (``Scope.local``) finds on a chunk, cut at a line break between paragraphs
        (linter/text/chunks.py), exactly what it finds there in the whole document: what the language server
        relies on. So the regex is run on the whole document's text, bounded to each run of such chunks
        (``finditer(text, lo, hi)``: it reads the text before ``lo`` as the whole document does, and none after
        ``hi``, as a chunk's view would), and the matches are judged in the whole document (its sentences,
        paragraphs and quotations, worked out once for every kind): no view of a chunk is made.
        """
        return self._check(doc, ranges=_runs(spans))

    def _check(self, doc: Document, sealed: bool = False, ranges: list[tuple[int, int]] | None = None
               ) -> Iterator[Finding]:
        """The findings in ``doc``; ``ranges``: only the matches inside these spans of it (see ``_check_chunks``)."""
        # for every regex call of this rule on this document; see `bounded`
        budget = RegexBudget(self.timeout) if self.bounded else _SHIPPED
        whole_document: dict[int, list[tuple[int, int]]] = {}  # unless-pattern index -> its spans
        for m in self._matches(doc, budget, sealed, ranges):
            start, end = m.span(self.group)
            if start < 0 or (start == end and not self.templates):
                continue
            if any(self._unless_holds(doc, m, budget, whole_document, i, *u) for i, u in enumerate(self.unless)):
                continue
            expanded = tuple(self._expand(m, t) for t in self.templates)
            suggestions = () if None in expanded else expanded  # type: ignore[assignment]
            if self.map:
                mapped = self.map.get(m.group(self.group).casefold())
                if mapped is None:
                    continue  # not in the map: nothing to say about it
                suggestions = (match_case(mapped, m.group(self.group)) if self.keep_case else mapped,)
            # a speaker's words: a fix inside a quotation is only unsafe when the rule says so (`quoted: unsafe`), and
            # a rule about the reporter's own words leaves them alone (`quoted: skip`)
            if self.quoted_skip and quote_index(doc).inside(start):
                continue
            doubt = (Applicability.UNSAFE if self.quoted_unsafe and quote_index(doc).inside(start) else None)
            yield Finding(self.rule, start, end, suggestions=suggestions, values=_group_values(m),
                          applicability=doubt)

    def _expand(self, m: regex.Match, template: str) -> str | None:
        """The suggestion of ``template`` for ``m``; None when it would be longer than one fix may grow
        (worked out before it is built: the template's own length bounds its literal text; the engine
        then holds the suggestion to the span it replaces)."""
        longest = len(template) + sum(len(m.group(ref) or "") for ref in self._references[template])
        if not replacement_fits(m.end() - m.start(), longest):
            return None
        whole = m.expand(template)
        if self.group != 0:
            # the template describes the whole match; keep only the flagged group's part
            prefix = m.string[m.start():m.start(self.group)]
            suffix = m.string[m.end(self.group):m.end()]
            if whole.startswith(prefix) and whole.endswith(suffix):
                whole = whole[len(prefix):len(whole) - len(suffix)]
        return match_case(whole, m.group(self.group)) if self.keep_case else whole

    def _matches(self, doc: Document, budget: RegexBudget, sealed: bool = False,
                 ranges: list[tuple[int, int]] | None = None) -> Iterable[regex.Match]:
        """Matches where the rule allows them.

        A rule anchored at sentence, paragraph or document starts either scans the text and keeps
        matches that begin at a start (fast when the regex begins with literal words, which the
        regex engine skips to), or tries the regex at each start (fast for regexes that would
        otherwise be tried at every offset). ``sealed`` (a rule anchored anywhere): as if text followed the
        document's, a character no match of a paragraph-local regex reads (see ``splits``). ``ranges``: the scan
        covers these runs of chunks only (``_check_chunks``; a rule with required words, so never one tried at
        each start).
        """
        text = doc.prose
        if self.position == "anywhere":
            if sealed:
                end = len(text)
                yield from (m for m in self.pattern.finditer(text + _SEAL, timeout=budget.left()) if m.end() <= end)
                return
            if ranges is None and self.repeats is not None:
                pattern = self.pattern
                for lo, hi in repeated_spans(text, *self.repeats):
                    yield from pattern.finditer(text, lo, hi)
            elif ranges is None and (places := self._start_places(doc)) is not None:
                yield from tried(self.pattern, text, places)
            elif ranges is None:  # the whole text, no generator between: most rules on most texts come this way
                yield from self.pattern.finditer(text, timeout=budget.left())
            else:
                yield from self._scan(doc, ranges, budget)
            return
        if self.position == "sentence-end":
            for m in self._scan(doc, ranges, budget):
                sentence = doc.sentence_at(m.start())
                if sentence is not None and m.end() >= sentence[1] - 1:
                    yield m
            return
        if self.position == "sentence-start":
            starts: Iterable[int] = doc.sentence_starts
        elif self.position == "paragraph-start":
            starts = [s for s, _ in doc.paragraphs]
        else:
            starts = [doc.paragraphs[0][0]] if doc.paragraphs else [0]
        if self.literals is not None:
            allowed = starts if isinstance(starts, frozenset) else frozenset(starts)
            yield from (m for m in self._scan(doc, ranges, budget) if m.start() in allowed)
            return
        for start in sorted(starts):
            m = self.pattern.match(text, start, timeout=budget.left())
            if m is not None:
                yield m

    def _start_places(self, doc: Document) -> list[int] | None:
        """The sorted places of ``doc``'s prose where this rule's regex may begin a match (``starts``), from the pass of
        all rules' start strings, or, for a rule whose start strings are its required words, from the gate's pass (a
        word found in the lowercased text starts a match only where the text spells it as the rule does); None when
        not known."""
        if self._started is not None:
            return self._started.where(doc, self)
        if self._starts_present and self._present is not None and len(doc.lowered) == len(doc.text):
            where = self._present.where(doc)
            # offsets in ``searched``, one more than in the prose
            return sorted(at - 1 for string, _ in self.starts or () for at in where.get(string, ()))
        return None

    def _scan(self, doc: Document, ranges: list[tuple[int, int]] | None, budget: RegexBudget
              ) -> Iterator[regex.Match]:
        """Every match in the text, or in ``ranges`` (runs of whole chunks of a shipped rule, ``_check_chunks``):
        each scanned as far as its end, a zero-width match at an end that is not the text's being the next chunk's."""
        text = doc.prose
        if ranges is None:
            yield from self.pattern.finditer(text, timeout=budget.left())
            return
        pattern = self.pattern
        whole = len(doc.text)
        for lo, hi in ranges:
            if hi == whole:
                yield from pattern.finditer(text, lo, hi)
            else:
                yield from (m for m in pattern.finditer(text, lo, hi) if m.start(self.group) < hi)

    def _unless_holds(self, doc: Document, m: regex.Match, budget: RegexBudget,
                      whole_document: dict[int, list[tuple[int, int]]], index: int, pattern: regex.Pattern,
                      scope: str, where: str) -> bool:
        if scope == "document":
            # found once per document, so many matches do not each rescan the text before them
            spans = whole_document.get(index)
            if spans is None:
                spans = whole_document[index] = [
                    u.span() for u in pattern.finditer(doc.prose, timeout=budget.left())]
            if where == "before":
                return bool(spans) and spans[0][1] <= m.start()
            if where == "after":
                return bool(spans) and spans[-1][0] >= m.end()
            return bool(spans)
        span = doc.sentence_at(m.start()) if scope == "sentence" else doc.paragraph_at(m.start())
        lo, hi = span if span else (m.start(), m.end())
        hi = max(hi, m.end())
        if where == "before":
            hi = m.start()
        elif where == "after":
            lo = m.end()
        return pattern.search(doc.prose, lo, hi, timeout=budget.left()) is not None


# what follows a chunk read as if text followed it: not a line break, so that ``$`` holds neither before the chunk's
# last line break nor at its end
_SEAL = "\x00"
# an end anchor outside a character class: ``$`` or ``\Z`` after an even number of backslashes
_END_ANCHOR = regexes.compile(r"(?<!\\)((?:\\\\)*)(?:\$|\\Z)")
_CLASS_WITH_END_ANCHOR = regexes.compile(r"\[[^\]]*(?:\$|\\Z)")


def _without_end_anchors(pattern: str) -> str:
    """``pattern`` with its end anchors (``$``, ``\\Z``) made to match nowhere, for the locality analysis of a rule
    that may read the text's end (``PatternChecker.splits``); a pattern with a character class that may hold one
    is given back as it is (the analysis then sees the anchor)."""
    if _CLASS_WITH_END_ANCHOR.search(pattern):
        return pattern
    return _END_ANCHOR.sub(r"\1(?!)", pattern)


def _runs(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` (sorted chunks) with those that touch joined: ``[(0, 5), (5, 9), (12, 20)]`` gives
    ``[(0, 9), (12, 20)]``."""
    out: list[tuple[int, int]] = []
    for lo, hi in spans:
        if out and out[-1][1] == lo:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


class _Unbounded:
    """The time budget of a shipped rule: none (``timeout=None`` for every call)."""

    def left(self) -> None:
        return None


_SHIPPED = _Unbounded()
_GATE_FROM = 5_000  # characters: below this a text is a few paragraphs, and one scan costs what chunks would


def _group_values(m: regex.Match) -> dict[str, str]:
    return {f"group{i}": (m.group(i) or "") for i in range(1, min(m.re.groups, 9) + 1)}


@dataclass
class _Present:
    """What ``_PresentWords`` found in one document."""

    # each required word the text holds -> where it starts (offsets in the lowercased prose as prefilter.searched gives
    # it: one more than in the text, for the line break before it)
    where: dict[str, list[int]]
    chunks: list[tuple[int, int]] | None = None  # the document's chunks, cut when first asked for


class _PresentWords:
    """Which of the required words of all pattern rules a text holds (as substrings of its lowercased prose),
    and where, found in one Aho–Corasick pass instead of one substring search per word and rule."""

    def __init__(self, words: Iterable[str]):
        self._automaton = ahocorasick.Automaton()
        for word in set(words) - {""}:
            self._automaton.add_word(word, (len(word), word))
        self._automaton.make_automaton()
        self._present = LastDocument(self._find)

    def _find(self, doc: Document) -> _Present:
        where: dict[str, list[int]] = {}
        for last, (length, word) in self._automaton.iter(searched(doc.lowered)):
            where.setdefault(word, []).append(last - length + 1)
        return _Present(where)

    def of(self, doc: Document) -> Set[str]:
        return self._present.of(doc).where.keys()

    def where(self, doc: Document) -> Mapping[str, list[int]]:
        """Each required word ``doc`` holds -> where it starts in ``searched(doc.lowered)``."""
        return self._present.of(doc).where

    def chunks_with(self, doc: Document, words: Iterable[str]) -> list[tuple[int, int]] | None:
        """The chunks (linter/text/chunks.py) holding one of ``words``; None when checking the whole document
        is as cheap (most chunks hold one) or offsets in the lowercased text are not those of the text."""
        present = self._present.of(doc)
        if len(doc.lowered) != len(doc.text):
            return None
        if present.chunks is None:
            present.chunks = chunks.cut(doc)
        starts = [lo for lo, _ in present.chunks]
        # the chunks of a place's first and last characters (in the text: one less than in ``searched``'s): a string
        # may begin with the line break before a line start, which ends the chunk before the match's
        last = len(doc.text) - 1
        chosen = sorted({bisect.bisect_right(starts, min(max(at, 0), last)) - 1
                         for word in words for place in present.where.get(word, ())
                         for at in (place - 1, place + len(word) - 2)})
        if len(chosen) * 3 > len(present.chunks):
            return None
        return [present.chunks[i] for i in chosen]


class _PairedWords:
    """Which of the ``pairs`` strings of all pattern rules a text holds (in its lowercased prose with runs of spaces
    as one space, prefilter.collapsed), found in one Aho–Corasick pass for the whole document. A string that begins
    with ``BOUNDARY`` counts only where a word starts or ends before it."""

    def __init__(self, words: Iterable[str]):
        self._automaton = ahocorasick.Automaton()
        bare: dict[str, list[str]] = {}
        for word in set(words) - {"", BOUNDARY}:
            bare.setdefault(word.lstrip(BOUNDARY), []).append(word)
        for text, spelled in bare.items():
            self._automaton.add_word(text, (len(text), tuple(spelled)))
        self._automaton.make_automaton()
        self._found = LastDocument(self._find)

    def _find(self, doc: Document) -> frozenset[str]:
        text = collapsed(doc.lowered)
        found: set[str] = set()
        for last, (length, spelled) in self._automaton.iter(text):
            for word in spelled:
                if word[0] != BOUNDARY or at_boundary(text, last - length + 1):
                    found.add(word)
        return frozenset(found)

    def of(self, doc: Document) -> frozenset[str]:
        return self._found.of(doc)


class _StartWords:
    """Where each rule with ``starts`` may begin a match in a text, found in one case-sensitive Aho–Corasick pass
    over ``EDGE`` + its prose for all of them."""

    def __init__(self, checkers: Iterable[PatternChecker]):
        self._automaton = ahocorasick.Automaton()
        keyed: dict[str, list[tuple[int, int]]] = {}
        for number, checker in enumerate(checkers):
            checker._start_number = number
            for string, before in checker.starts or ():
                keyed.setdefault(string, []).append((number, before))
        for string, owners in keyed.items():
            # a hit ending at ``last`` of EDGE + prose: the match begins at ``last - len + before`` of the prose
            self._automaton.add_word(string, tuple((number, before - len(string)) for number, before in owners))
        self._automaton.make_automaton()
        self._found = LastDocument(self._find)

    def _find(self, doc: Document) -> dict[int, list[int]]:
        found: dict[int, list[int]] = {}
        for last, owners in self._automaton.iter(EDGE + doc.prose):
            for number, shift in owners:
                found.setdefault(number, []).append(last + shift)
        for places in found.values():
            places.sort()
        return found

    def where(self, doc: Document, checker: PatternChecker) -> list[int]:
        """The sorted places of ``doc``'s prose where ``checker``'s regex may begin a match (perhaps twice)."""
        return self._found.of(doc).get(checker._start_number, [])


def _compile(rules: list[Rule]) -> list[PatternChecker]:
    checkers = [PatternChecker(rule) for rule in rules]
    filtered = [c for c in checkers if c.literals]
    if len(filtered) > 1:
        present = _PresentWords(word for c in filtered for word in c.literals or ())
        for checker in filtered:
            checker._present = present
    for checker in checkers:
        if checker.starts and (checker.literals is not None or checker.pairs is not None):
            # a gated rule: the start trigger only where its places come with the gate's pass; its other start
            # strings ("The" of CD103) would add hits to the pass of the ungated rules' for little
            if checker._present is not None and all(before == 0 and string in checker.literals  # type: ignore[operator]
                                                    for string, before in checker.starts):
                checker._starts_present = True
            else:
                checker.starts = None
    started = [c for c in checkers if c.starts and not c._starts_present]
    if started:
        starts = _StartWords(started)
        for checker in started:
            checker._started = starts
    paired = [c for c in checkers if c.pairs]
    if len(paired) > 1:
        words = _PairedWords(word for c in paired for word in c.pairs or ())
        for checker in paired:
            checker._paired = words
    return checkers


KIND = Kind(
    name="pattern",
    summary="A regular expression with a replacement template and optional 'unless' context.",
    fix_safety=("The fix writes the rule's replacement in place of what its pattern matched and touches "
                "nothing outside the match; a rule with several candidate replacements is only shown."),
    options={
        "pattern": Option(str, "regular expression (the `regex` module's syntax)", required=True),
        "flags": Option(list, f"regex flags: {', '.join(FLAG_CHOICES)}", default=[]),
        "group": Option((int, str), "the group whose span is flagged and replaced", default=0),
        "replacement": Option((str, list), "template (\\1, \\g<name>); a list means several candidates"),
        "match-case": Option(bool, "give the replacement the case of the matched text", default=False),
        "map": Option(dict, "replacement looked up by the flagged text (case-insensitive), instead of a "
                            "template: {'1': 'one', 'November': 'Nov.'}; text not in the map is not flagged"),
        "unless": Option(
            (str, dict, list),
            "skip the match when this regex is found near it: a regex, or {pattern, scope: "
            "sentence|paragraph|document, where: before|after|around}",
        ),
        "at": Option(str, "where the match must begin", default="anywhere", choices=_POSITIONS),
        "quoted": Option(str, "inside quotation marks: 'fix' as elsewhere, 'unsafe' (a speaker's words), or 'skip' "
                         "(a rule about the reporter's own words)", default="fix", choices=("fix", "unsafe", "skip")),
        "timeout": Option((int, float), "seconds the rule's searches may take on one text before it is stopped",
                          default=REGEX_TIMEOUT),
    },
    compile=_compile,
    validate=_validate,
    placeholders=("match", "replacement", *(f"group{i}" for i in range(1, 10))),
    scope=_scope,
    lowers_fix=lambda options: options["quoted"] == "unsafe",
)
