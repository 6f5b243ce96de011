"""Incremental linting for the language server: after an edit, re-run only what the edit can change.

A document is cut into *chunks* at line breaks between paragraphs: each chunk is whole lines and whole
paragraphs, and ends just after a line break (the last one ends with the text). Checkers whose findings
depend only on the paragraphs they are in (``scope_of(checker) == PARAGRAPH``, see linter/kinds/base.py,
narrowed rule by rule here) run on each chunk as a small document of its own, with the whole document's
masking and paragraph spans; their findings are kept per chunk, keyed by the chunk's text, masking and
paragraphs, so an edit re-runs them on the chunks it changed only. The other checkers run on the whole
document every time. The findings of both then go through ``Linter.check``'s own post-processing (ignores,
masks, fixes, suppressions, sorting), so ``IncrementalLinter.check(doc)`` equals ``Linter.check(doc)``.

Why a chunk behaves as the document does: a chunk starts just after a line break and ends just after one,
and a PARAGRAPH checker never matches a line break between paragraphs. For a regex that cannot match a line
break at all, the start of a string looks like the position after a line break, and the end of a string like
the start of the next line (a zero-width match there belongs to the next chunk and is dropped).
"""

from __future__ import annotations

import bisect
import copy
import dataclasses
import itertools
import operator
import re
from collections.abc import Iterable, Sequence
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import regex

from linter.core.engine import CheckResult, Linter
from linter.core.selection import covers_rule
from linter.kept import regexes
from linter.kinds.base import PARAGRAPH, Checker, Finding, Notice, scope_of
from linter.model.diagnostics import Edit
from linter.text.document import Document

Span = tuple[int, int]
ChunkKey = tuple[str, tuple[Span, ...], tuple[Span, ...]]


@dataclasses.dataclass(frozen=True)
class ChunkRun:
    """What the local checkers (indices into ``Linter.checkers``) found on a chunk, in chunk offsets, in checker
    order; and which of them raised."""

    active: list[int]
    found: list[tuple[int, Finding | Notice]]
    failed: frozenset[int]
    sentences: tuple[Span, ...]  # the chunk's sentences: a sentence is found inside its paragraph (segment.py)


# Which rules are paragraph-local: the kind says so, and the rule's own options do not break it.

def is_local(checker: Checker) -> bool:
    """Whether ``checker``'s findings depend only on the paragraphs they are in (safe answer: False)."""
    if scope_of(checker) != PARAGRAPH:
        return False
    return all(_rule_is_local(rule.kind, rule.options) for rule in checker.rules)


def _rule_is_local(kind: str, options: Any) -> bool:
    if kind == "pattern":
        flags = _flag_bits(options.get("flags", ()))
        if options.get("at") == "document-start" or not line_local(options["pattern"], flags):
            return False
        unless = options.get("unless")
        items = unless if isinstance(unless, list) else [unless] if unless is not None else []
        for item in items:
            spec = {"pattern": item, "scope": "sentence"} if isinstance(item, str) else {"scope": "sentence", **item}
            if spec["scope"] not in ("sentence", "paragraph") or not line_local(spec["pattern"], 0):
                return False
        return True
    if kind == "term":
        return not any(_phrase_may_cross(p) for p in (*options["terms"], *options.get("exceptions", ())))
    if kind == "capitalisation":
        return not any(_phrase_may_cross(p) for p in options["words"])
    return True


# A phrase matches any one whitespace character where it has a space; a break between paragraphs of one
# character is a line break after a line that ends a sentence (segment.py): after one of these.
_CROSSING = re.compile(r"""[.!?…:"'”’»)\]]\s""")


def _phrase_may_cross(phrase: str) -> bool:
    return bool(_CROSSING.search(" ".join(str(phrase).split())))


def _flag_bits(names: Iterable[str]) -> int:
    table = {"ignorecase": re.I, "multiline": re.M, "dotall": re.S, "verbose": re.X}
    bits = 0
    for name in names:
        bits |= table.get(name, 0)
    return bits


_PROPERTY = regexes.compile(r"\\([pP])(\{[^}]*\}|[A-Za-z])")
# regex-module syntax whose line behaviour the analysis below does not model: not local, to be safe
_UNMODELLED = regexes.compile(r"\\[GXLKRhHNz]|\[:\^?[a-z]+:\]|\(\?[^:<=!>)#P]*[VwWfrbe|]|\{[^}]*[esid][<=]")


# Rules that remove a whole line end with one of these: the line break and the blank lines after it. Such a match
# ends just after a line break, at the latest where the next non-blank line starts, which is inside the chunk or
# its end; the end of the text (``\\Z``) is tried only where no line break follows, as in the whole document.
_LINE_TAILS = (r"(?:\r?\n(?:[ \t]*\r?\n)*|\Z)", r"(?:\r?\n|\Z)")


def line_local(pattern: str, flags: int) -> bool:
    """True only if no match of ``pattern`` (lookarounds included) can contain a line break or see the start
    or end of the whole string (``\\A``, ``\\Z``; ``^``/``$`` without MULTILINE), apart from a line-removing
    tail (``_LINE_TAILS``) and a one-character lookahead. Unsure: False."""
    for tail in _LINE_TAILS:
        if pattern.endswith(tail) and not pattern.endswith("\\" + tail):
            pattern = pattern[:-len(tail)]
            break
    if _UNMODELLED.search(pattern):
        return False
    properties: list[str] = []

    def placeholder(m: regex.Match) -> str:
        properties.append(m.group())
        return chr(0xE000 + len(properties) - 1)

    if any(0xE000 <= ord(ch) < 0xF900 for ch in pattern):
        return False
    source = _PROPERTY.sub(placeholder, pattern.replace("\\m", "\\b").replace("\\M", "\\b"))
    try:
        tree = sre_parse.parse(source, flags)
        global_flags = tree.state.flags | flags
    except (re.error, OverflowError, RecursionError, ValueError, TypeError, IndexError):
        return False
    matches_newline = []
    for prop in properties:
        try:
            matches_newline.append(regex.match(prop, "\n") is not None)
        except regex.error:
            return False
    return _local(list(tree), global_flags, matches_newline)


def _local(items: Sequence[tuple[Any, Any]], flags: int, props: list[bool]) -> bool:
    for op, av in items:
        if op is C.LITERAL:
            if _char_matches_newline(av, props):
                return False
        elif op is C.NOT_LITERAL:
            if not _char_matches_newline(av, props) or 0xE000 <= av < 0xE000 + len(props):
                return False
        elif op is C.ANY:
            if flags & re.S:
                return False
        elif op is C.IN:
            if _set_matches_newline(av, props):
                return False
        elif op is C.AT:
            if av in (C.AT_BEGINNING_STRING, C.AT_END_STRING):
                return False
            if av in (C.AT_BEGINNING, C.AT_END) and not flags & re.M:
                return False
        elif op is C.BRANCH:
            if not all(_local(list(branch), flags, props) for branch in av[1]):
                return False
        elif op is C.SUBPATTERN:
            _group, add, remove, sub = av
            if not _local(list(sub), (flags | add) & ~remove, props):
                return False
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)):
            if not _local(list(av[2]), flags, props):
                return False
        elif op in (C.ASSERT, C.ASSERT_NOT):
            direction, sub = av
            if direction == 1 and sub.getwidth()[1] <= 1 and _no_anchors(list(sub)):
                continue  # sees one character ahead: at most the line break that ends the chunk, in the chunk
            if not _local(list(sub), flags, props):
                return False
        elif op is getattr(C, "ATOMIC_GROUP", None):
            if not _local(list(av), flags, props):
                return False
        elif op is C.GROUPREF_EXISTS:
            _group, yes, no = av
            if not _local(list(yes), flags, props) or (no is not None and not _local(list(no), flags, props)):
                return False
        elif op is C.GROUPREF:
            continue  # repeats what a group matched, and the group is checked itself
        else:
            return False  # an operator this analysis does not know
    return True


def _no_anchors(items: Sequence[tuple[Any, Any]]) -> bool:
    return all(op in (C.LITERAL, C.NOT_LITERAL, C.IN, C.ANY) for op, _ in items)


def _char_matches_newline(code: int, props: list[bool]) -> bool:
    if 0xE000 <= code < 0xE000 + len(props):
        return props[code - 0xE000]
    return code == 10


def _set_matches_newline(items: Sequence[tuple[Any, Any]], props: list[bool]) -> bool:
    negate = False
    hit = False
    for op, av in items:
        if op is C.NEGATE:
            negate = True
        elif op is C.LITERAL:
            hit = hit or _char_matches_newline(av, props)
        elif op is C.RANGE:
            lo, hi = av
            if lo <= 0xE000 + len(props) and hi >= 0xE000:
                return True  # a range through a property placeholder: unsure
            hit = hit or lo <= 10 <= hi
        elif op is C.CATEGORY:
            hit = hit or av in (C.CATEGORY_SPACE, C.CATEGORY_NOT_WORD, C.CATEGORY_NOT_DIGIT,
                                C.CATEGORY_LINEBREAK, C.CATEGORY_UNI_SPACE, C.CATEGORY_UNI_NOT_WORD,
                                C.CATEGORY_UNI_NOT_DIGIT, C.CATEGORY_UNI_LINEBREAK)
            if av not in (C.CATEGORY_SPACE, C.CATEGORY_NOT_SPACE, C.CATEGORY_WORD, C.CATEGORY_NOT_WORD,
                          C.CATEGORY_DIGIT, C.CATEGORY_NOT_DIGIT, C.CATEGORY_UNI_SPACE, C.CATEGORY_UNI_NOT_SPACE,
                          C.CATEGORY_UNI_WORD, C.CATEGORY_UNI_NOT_WORD, C.CATEGORY_UNI_DIGIT,
                          C.CATEGORY_UNI_NOT_DIGIT):
                return True
        else:
            return True  # unsure
    # a negated set holding a property placeholder: the property may exclude the line break
    return not hit if negate else hit


# Chunks.

def chunks(doc: Document) -> list[Span]:
    """The document cut just after the last line break of each break between paragraphs (see above)."""
    prose = doc.prose
    bounds = [0]
    paragraphs = doc.paragraphs
    for (_, end), (start, _) in itertools.pairwise(paragraphs):
        cut = prose.rfind("\n", end, start)
        if cut >= 0:
            bounds.append(cut + 1)
    bounds.append(len(doc.text))
    return list(itertools.pairwise(bounds)) if len(doc.text) else [(0, 0)]


def _clip(spans: Sequence[Span], lo: int, hi: int) -> tuple[Span, ...]:
    """``spans`` (sorted, not overlapping) inside ``[lo, hi)``, as offsets from ``lo``."""
    out = []
    for start, end in itertools.islice(spans, bisect.bisect_right(spans, lo, key=operator.itemgetter(1)), None):
        if start >= hi:
            break
        out.append((max(start, lo) - lo, min(end, hi) - lo))
    return tuple(out)


def _chunk_document(doc: Document, key: ChunkKey, prose: str) -> Document:
    text, masked, paragraphs = key
    part = Document(text=text, path=doc.path, format=doc.format)
    # The whole document's masking and paragraphs, not the chunk's own: a code fence may open in another
    # chunk. Document's views are cached properties; these are set before anything reads them.
    part.__dict__.update(masked=masked, prose=prose, paragraphs=paragraphs)
    return part


def chunk_document(doc: Document, lo: int, hi: int) -> Document:
    """The chunk ``[lo, hi)`` of ``doc`` as a document of its own, with the whole document's masking and
    paragraphs (what a paragraph-local checker needs to find there what it finds in the whole). Made once
    per document and chunk: the rules that run on the same chunk share its views (words, sentences)."""
    made: dict[Span, Document] = doc.__dict__.setdefault("_chunk_documents", {})
    part = made.get((lo, hi))
    if part is None:
        key: ChunkKey = (doc.text[lo:hi], _clip(doc.masked, lo, hi), _clip(doc.paragraphs, lo, hi))
        part = made[lo, hi] = _chunk_document(doc, key, doc.prose[lo:hi])
    return part


def shifted(finding: Finding | Notice, by: int) -> Finding | Notice:
    """``finding`` moved ``by`` code points (from a chunk's offsets to the document's)."""
    return _shifted(finding, by)


def _shifted(finding: Finding | Notice, by: int) -> Finding | Notice:
    if isinstance(finding, Notice) or by == 0:
        return finding
    edits = None if finding.edits is None else tuple(Edit(e.start + by, e.end + by, e.text) for e in finding.edits)
    return dataclasses.replace(finding, start=finding.start + by, end=finding.end + by, edits=edits)


class _Replay:
    """A checker that hands back what was found already."""

    def __init__(self, checker: Checker, found: list[Finding | Notice]):
        self.rules = checker.rules
        self._found = found

    def check(self, doc: Document) -> Iterable[Finding | Notice]:
        return self._found


class IncrementalLinter:
    """``Linter.check`` for successive versions of one document, re-running paragraph-local checkers only on
    the chunks that changed. One per open document; ``check`` always equals ``linter.check``."""

    def __init__(self, linter: Linter):
        self.linter = linter
        self.local = [i for i, c in enumerate(linter.checkers) if is_local(c)]
        self._runs: dict[ChunkKey, ChunkRun] = {}
        self.reused = 0  # chunks whose findings were kept from the last check (for tests and benchmarks)

    def check(self, doc: Document) -> CheckResult:
        linter = self.linter
        ignored = linter.ignored_for(doc.path)
        active = [i for i in self.local
                  if not (ignored and all(any(covers_rule(s, r) for s in ignored) for r in linter.checkers[i].rules))]
        text, prose, masked, paragraphs = doc.text, doc.prose, doc.masked, doc.paragraphs
        runs: dict[ChunkKey, ChunkRun] = {}
        per_checker: dict[int, list[Finding | Notice]] = {i: [] for i in active}
        failed: set[int] = set()
        sentences: list[Span] = []
        spans = chunks(doc)
        self.reused = 0
        for number, (lo, hi) in enumerate(spans):
            key: ChunkKey = (text[lo:hi], _clip(masked, lo, hi), _clip(paragraphs, lo, hi))
            run = runs.get(key) or self._runs.get(key)
            if run is None or run.active != active:
                run = self._run_chunk(_chunk_document(doc, key, prose[lo:hi]), active)
            else:
                self.reused += 1
            runs[key] = run
            failed |= run.failed
            sentences.extend((start + lo, end + lo) for start, end in run.sentences)
            last = number == len(spans) - 1
            for i, found in run.found:
                # a zero-width finding at a chunk's end is at the next chunk's start: that chunk's to report
                if isinstance(found, Notice) or found.start < hi - lo or last:
                    per_checker[i].append(_shifted(found, lo))
        self._runs = runs
        if "sentences" not in doc.__dict__:  # for the checkers that read the whole document: not segmented again
            doc.__dict__["sentences"] = tuple(sentences)
        checkers: list[Checker] = list(linter.checkers)
        for i, found in per_checker.items():
            # a local checker that failed on a chunk runs on the whole document, where it fails (or not) as
            # Linter.check sees it
            if i not in failed:
                checkers[i] = _Replay(linter.checkers[i], found)
        replay = copy.copy(linter)
        replay.checkers = checkers
        result = Linter.check(replay, doc)
        if doc.mask_index.recheck_budget < len(text):
            # Fixes checked against the whole text share a budget per document; once it may have run out, which
            # fixes got checked depends on their order, which differs here. Do it the plain way.
            return linter.check(Document.from_text(text, doc.path, doc.format))
        return result

    def _run_chunk(self, part: Document, active: list[int]) -> ChunkRun:
        found: list[tuple[int, Finding | Notice]] = []
        failed: set[int] = set()
        for i in active:
            try:
                found.extend((i, f) for f in self.linter.checkers[i].check(part))
            except Exception:  # reported by Linter.check when the checker runs on the whole document
                failed.add(i)
        return ChunkRun(active, found, frozenset(failed), part.sentences)
