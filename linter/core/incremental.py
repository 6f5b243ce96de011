"""Incremental linting: after an edit, re-run only what the edit can change (the language server's per-chunk cache).

A document is cut into chunks of whole paragraphs (linter/text/chunks.py). Checkers whose rules are all local
(their kinds say so: linter/kinds/base.py, Scope) run on each chunk as a small document of its own; their findings
are kept per chunk, keyed by the chunk's text, masking and paragraphs, so an edit re-runs them on the chunks it
changed only. A document-scope checker whose work splits (linter/kinds/base.py, SplitChecker: the spelling and
name-variant rules) has its per-chunk part kept the same way, and only its merge runs on the whole document; a
merge that sums the chunks' tallies (``tally``) is given the sum, kept between versions (``_Totals``). The other
checkers run on the whole document every time. ``Linter.check_found`` then puts all of them through the engine's own
post-processing (ignores, masks, fixes, suppressions, sorting), so ``IncrementalLinter.check(doc)`` equals
``Linter.check(doc)``; a local checker's finding whose diagnostic reads only its chunk and the text just around it
is given to it as that diagnostic, kept with the chunk (``ChunkRun.ready``).

Invariants (what every change here must keep; the tests that hold each):

1. ``IncrementalLinter.check(doc) == Linter.check(doc)`` for every version of every document, findings with every
   field (tests/test_incremental.py ``test_random_edits_give_what_a_full_check_gives``,
   tests/test_incremental_edits.py ``test_one_character_edits_give_what_a_full_check_gives``).
2. A chunk's kept run is keyed by everything a local checker reads: its text, masking and paragraphs
   (``chunks.keys``); the text around it is read only by merges and by diagnostics, never by a kept run
   (``test_every_chunks_key_read_in_one_pass_is_the_chunks_key``).
3. A running sum (``_Totals``) equals the sum worked out afresh: shares are whole counts, a chunk held twice counts
   twice, a count that comes to nothing is removed
   (``test_a_majority_kept_as_a_running_sum_turns_when_one_copy_of_a_repeated_paragraph_changes``,
   ``test_the_consistency_tallies_are_summed_from_the_changed_chunks_only``).
4. A kept diagnostic stands for its finding only while the text it read around its chunk is unchanged
   (``_Ready.holds``) and it has no code of its own; one that re-checked the whole text's masks is charged to the
   document's budget each time it stands for one
   (``test_kept_diagnostics_of_unchanged_chunks_stand_for_their_findings``,
   ``test_kept_diagnostics_are_charged_to_the_budget_of_whole_text_checks``).
5. A zero-width finding at a chunk's end belongs to the next chunk, unless the chunk ends the text
   (``test_a_month_at_the_end_of_the_text_and_at_the_end_of_a_chunk``).
6. A checker that raises on a chunk runs on the whole document instead, so it fails (or not) as ``Linter.check``
   sees it; a tally that raises leaves its merge to add the parts itself.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections import Counter
from collections.abc import Sequence
from typing import Any, NamedTuple

from linter.core.engine import CheckResult, Linter
from linter.core.selection import covers_rule
from linter.kinds import Finding, Notice, SplitChecker, scope_of, splits
from linter.kinds.base import Parts
from linter.model.diagnostics import Diagnostic, Edit
from linter.text import chunks, masking
from linter.text.document import Document

Span = tuple[int, int]


# what ``ChunkRun.ready`` holds for a finding whose diagnostic is worked out every time
_EVERY_TIME = object()
_PLACES = 8  # places a chunk's findings are kept at (``ChunkRun.placed``)
_CONTEXTS = 8  # diagnostics kept for a finding (one per text around its chunk), and tries to keep one that failed


@dataclasses.dataclass(frozen=True)
class ChunkRun:
    """What the local checkers (indices into ``Linter.checkers``) found on a chunk, in chunk offsets, in checker
    order; the parts of the split checkers (SplitChecker.part); and which of them raised."""

    active: list[int]
    found: list[tuple[int, Finding | Notice]]
    failed: frozenset[int]
    sentences: tuple[Span, ...]  # the chunk's sentences: a sentence is found inside its paragraph (segment.py)
    parts: dict[int, Any] = dataclasses.field(default_factory=dict)
    # the diagnostics of findings in the chunk that read only the chunk (``_Diagnostics``), in the chunk's offsets
    diagnostics: dict[tuple, Diagnostic | None] = dataclasses.field(default_factory=dict)
    # for each of ``found``: its diagnostics known to read only the chunk and some text just around it
    # (``_Diagnostics``), each in the chunk's offsets (or None: it has none) with the text it read around the chunk,
    # as ``_Ready`` (one for each text around the chunk met, the last ``_CONTEXTS``); or _EVERY_TIME
    ready: list[Any] = dataclasses.field(default_factory=list)
    # for each of ``found``: how many times its diagnostic, worked out, could not be kept (tried ``_CONTEXTS`` times)
    tries: list[int] = dataclasses.field(default_factory=list)
    reach: list[int] = dataclasses.field(default_factory=lambda: [0, 0])  # the most text any ``ready`` read around
    # the last ``placed`` answers, by place (a paragraph the article holds twice is one chunk in two places): lo ->
    # (last, around, answer)
    _placed: dict[int, tuple[bool, Any, Any]] = dataclasses.field(default_factory=dict)

    def placed(self, lo: int, hi: int, last: bool, text: str | None = None
               ) -> tuple[tuple[Span, ...], list[tuple[int, Finding | Notice | Diagnostic]], list[tuple[Finding, int]],
                          int]:
        """The sentences and findings at the chunk's place in the document (``lo``; ``last``: it ends the text), kept
        while the chunk and the text around it stay; with the document's ``text``, a finding's kept diagnostic
        (``ready``) in its place, at the document's offsets, where the text it read around the chunk is the same
        (``_Ready.holds``); the findings whose diagnostic is to be worked out for the first time, each with its
        number in ``found``; and how many of the kept diagnostics stand for a re-check of the whole text's masks
        (``_Ready.charged``). A zero-width finding at a chunk's end is at the next chunk's start: that chunk's to
        report, unless this one ends the text."""
        # the text the kept diagnostics read around the chunk, and one character more after it: whether the text ends
        around = None if text is None else (text[max(0, lo - self.reach[0]):lo], text[hi:hi + self.reach[1] + 1])
        kept = self._placed.get(lo)
        if kept is not None and kept[0] == last and kept[1] == around:
            return kept[2]
        sentences = tuple((start + lo, end + lo) for start, end in self.sentences)
        found: list[tuple[int, Finding | Notice | Diagnostic]] = []
        unseen: list[tuple[Finding, int]] = []
        charged = 0
        states = self.ready
        for n, (i, finding) in enumerate(self.found):
            if isinstance(finding, Notice):
                found.append((i, finding))
                continue
            if not (finding.start < hi - lo or last):
                continue
            kept_ready = states[n] if text is not None else _EVERY_TIME
            state = None
            if kept_ready is not _EVERY_TIME:
                for held in kept_ready:
                    if held.holds(text, lo, hi):  # type: ignore[arg-type]
                        state = held
                        break
            if state is None:
                finding = finding.shifted(lo)
                found.append((i, finding))
                if kept_ready is not _EVERY_TIME and self.tries[n] < _CONTEXTS:
                    unseen.append((finding, n))  # none kept for the text around it here: kept once worked out
                continue
            charged += state.charged
            if state.diagnostic is not None:
                found.append((i, state.diagnostic.shifted(lo) if lo else state.diagnostic))
        answer = (sentences, found, unseen, charged)
        if len(self._placed) >= _PLACES:
            self._placed.clear()  # places the chunk has left
        self._placed[lo] = (last, around, answer)
        return answer

    def keep(self, n: int, state: Any) -> None:
        """What ``found[n]``'s diagnostic, just worked out, showed: a ``_Ready`` to keep beside those kept for other
        text around the chunk (an article may hold one paragraph twice), or _EVERY_TIME (worked out every time, once
        nothing is kept for it)."""
        kept = self.ready[n]
        if state is _EVERY_TIME:
            self.tries[n] += 1
            if not kept:
                self.ready[n] = _EVERY_TIME
        elif kept is not _EVERY_TIME:
            kept.append(state)
            if len(kept) > _CONTEXTS:
                del kept[0]  # the longest kept: the text around the chunk has changed since
            self.reach[0] = max(self.reach[0], len(state.before))
            self.reach[1] = max(self.reach[1], len(state.after))
        self._placed.clear()  # what ``placed`` gives for it changes


class _Ready(NamedTuple):
    """A finding's diagnostic kept with its chunk (``ChunkRun.ready``), in the chunk's offsets (None: it has none),
    and the text it read before and after the chunk, on which it holds: ``before`` ends where the chunk starts
    (``at_start``: it starts the text), ``after`` starts where the chunk ends (``at_end``: it ends the text).
    ``charged``: the diagnostic re-checked the whole text's masks on the edits' lines (``masking.edits_keep_masks``),
    which is charged to the document's budget of such checks each time it stands for one."""

    diagnostic: Diagnostic | None
    before: str
    at_start: bool
    after: str
    at_end: bool
    charged: bool = False

    def holds(self, text: str, lo: int, hi: int) -> bool:
        """Whether the text around the chunk ``[lo, hi)`` of ``text`` is what the diagnostic read."""
        before, after = self.before, self.after
        if before and (lo < len(before) or not text.startswith(before, lo - len(before))):
            return False
        if self.at_start and lo != len(before):
            return False
        if after and not text.startswith(after, hi):
            return False
        return not self.at_end or hi + len(after) == len(text)


def _read_around(text: str, lo: int, hi: int, start: int, end: int) -> tuple[str, bool, str, bool]:
    """What a reading of ``[start, end)`` of ``text`` takes around the chunk ``[lo, hi)``: the text before the chunk
    and whether it starts the text, the text after it and whether it ends the text."""
    at_start, at_end = start <= 0, end >= len(text)
    start, end = max(0, start), min(len(text), end)
    return text[start:lo] if start < lo else "", at_start, text[hi:end] if end > hi else "", at_end


class IncrementalLinter:
    """``Linter.check`` for successive versions of one document, re-running paragraph-local checkers only on
    the chunks that changed. One per open document; ``check`` always equals ``linter.check``."""

    def __init__(self, linter: Linter):
        self.linter = linter
        self.local = [i for i, c in enumerate(linter.checkers) if scope_of(c).local]
        # document-scope checkers whose per-chunk part is kept (not the bilingual ones: they read the source)
        self.split = [i for i, c in enumerate(linter.checkers)
                      if not scope_of(c).local and splits(c) and i not in linter._bilingual]
        self._split_set = frozenset(self.split)
        self._runs: dict[chunks.Key, ChunkRun] = {}
        self._views = chunks.KeptViews()  # each line's masks and each block's paragraphs, kept between versions
        self._totals = _Totals(linter)  # the sums over the chunks' parts of the split checkers that tally
        self.reused = 0  # chunks whose findings were kept from the last check (for tests and benchmarks)
        self._active: list[int] = []  # the checkers run on the chunks at the last check

    def check(self, doc: Document) -> CheckResult:
        linter = self.linter
        doc = self._views.document(doc)
        ignored = linter.ignored_for(doc.path)
        active = [i for i in (*self.local, *self.split)
                  if not (ignored and all(any(covers_rule(s, r) for s in ignored) for r in linter.checkers[i].rules))]
        runs: dict[chunks.Key, ChunkRun] = {}
        split_set = self._split_set
        split = [i for i in active if i in split_set]
        found: dict[int, list[Finding | Notice | Diagnostic]] = {i: [] for i in active if i not in split_set}
        failed: set[int] = set()
        sentences: list[Span] = []
        spans = chunks.cut(doc)
        chunk_runs: list[ChunkRun] = []
        self.reused = 0
        # a finding's kept diagnostic stands for it where the engine would make the same: no per-file ignores (they
        # may name findings), and no code of its own (``Linter._keeps``: checked when it is kept)
        text = doc.text
        ready = None if ignored or "<!--" in text else text  # a comment reaches any distance (masking)
        charges = 0  # the whole-text re-checks of masks the kept diagnostics stand for
        unseen: dict[int, tuple[ChunkRun, int]] = {}  # id of a finding whose diagnostic is made first -> where
        if active == self._active:
            active = self._active  # the kept chunks' own list: compared by identity below
        self._active = active
        last = len(spans) - 1
        for number, ((lo, hi), key) in enumerate(zip(spans, chunks.keys(doc, spans), strict=True)):
            run = runs.get(key) or self._runs.get(key)
            if run is None or (run.active is not active and run.active != active):
                run = self._run_chunk(chunks.view(doc, lo, hi, key), active)
            else:
                self.reused += 1
            runs[key] = run
            chunk_runs.append(run)
            if run.failed:
                failed |= run.failed
            placed_sentences, placed, first, charged = run.placed(lo, hi, number == last, ready)
            charges += charged
            sentences.extend(placed_sentences)
            for i, finding in placed:
                found[i].append(finding)
            for finding, n in first:
                unseen[id(finding)] = (run, n)
        # each split checker's parts, with their chunks' starts (a checker that failed on a chunk has none there), read
        # from the chunks' runs as the merge asks; the running sums of the checkers that tally
        starts = tuple(lo for lo, _ in spans)
        chunk_parts = [run.parts for run in chunk_runs]
        totals = self._totals.update(split, chunk_runs)
        parts = {i: Parts(starts, chunk_parts, i, totals.get(i)) for i in split if i not in failed}
        self._runs = runs
        # the checkers that read the whole document do not segment it again
        whole = Document.with_views(doc.text, doc.path, doc.format, masked=doc.masked, prose=doc.prose,
                                    paragraphs=doc.paragraphs, sentences=tuple(sentences), window=doc.window,
                                    source=doc.source, source_language=doc.source_language)  # the bilingual rules
        for i in split:
            if i not in failed:
                checker: SplitChecker = linter.checkers[i]  # type: ignore[assignment]
                try:
                    found[i] = list(checker.merge(whole, parts[i]))
                except Exception:  # reported by Linter.check_found, which runs the checker on the whole document
                    failed.add(i)
        if charges:  # as the diagnostics they stand for were charged (``_Ready``): which fixes get checked stays
            whole.mask_index.recheck_budget -= charges * len(text)
        # a checker that failed on a chunk runs on the whole document, where it fails (or not) as Linter.check sees it
        return linter.check_found(whole, {i: f for i, f in found.items() if i not in failed},
                                  _Diagnostics(linter, whole, spans, starts, chunk_runs, unseen))

    def _run_chunk(self, part: Document, active: list[int]) -> ChunkRun:
        found: list[tuple[int, Finding | Notice]] = []
        failed: set[int] = set()
        parts: dict[int, Any] = {}
        for i in active:
            checker = self.linter.checkers[i]
            try:
                if i in self._split_set:
                    parts[i] = checker.part(part)  # type: ignore[attr-defined]
                else:
                    found.extend((i, f) for f in checker.check(part))
            except Exception:  # reported by Linter.check when the checker runs on the whole document
                failed.add(i)
        return ChunkRun(active, found, frozenset(failed), part.sentences, parts, ready=[[] for _ in found],
                        tries=[0] * len(found))


class _Totals:
    """The running sums of the split checkers that tally (``SplitChecker``'s optional ``tally``): each checker's sum
    of ``tally(part)`` over the chunks of the last check, kept between checks. A check adds the shares of the chunks
    it did not have before and takes out those of the chunks gone (chunks by their runs, with their number: an
    article may hold one paragraph twice), so that the merge does not add every chunk's share. Exact: the shares
    are whole counts, and a count that comes to nothing is taken out, so a sum equals the one worked out afresh."""

    def __init__(self, linter: Linter):
        self._tallies = {i: c.tally for i, c in enumerate(linter.checkers)  # type: ignore[attr-defined]
                         if splits(c) and callable(getattr(c, "tally", None))}
        self._split: list[int] | None = None  # the split checkers the sums are for (the active ones)
        self._runs: list[ChunkRun] = []  # the chunks the sums count
        self._sums: dict[int, Counter] = {}

    def update(self, split: list[int], runs: list[ChunkRun]) -> dict[int, Counter]:
        """The sums for the chunks ``runs`` (in order) of the split checkers ``split``, by checker index."""
        if split != self._split:
            self._split = split
            self._runs = []
            self._sums = {i: Counter() for i in split if i in self._tallies}
        sums = self._sums
        if sums:
            for run, times in _changed(self._runs, runs):
                for i, total in list(sums.items()):
                    part = run.parts.get(i, _NONE)
                    if part is _NONE:
                        continue  # the checker failed on the chunk: it has nothing to add (its merge is not run)
                    try:
                        share = self._tallies[i](part)
                    except Exception:  # a tally that fails: the merge adds the parts itself from now on
                        del sums[i]
                        continue
                    if share:
                        for key, count in share.items():
                            now = total[key] + times * count
                            if now:
                                total[key] = now
                            else:
                                del total[key]
        self._runs = runs
        return sums


_NONE = object()


def _changed(old: list[ChunkRun], new: list[ChunkRun]) -> list[tuple[ChunkRun, int]]:
    """The runs whose number differs between the chunk lists ``old`` and ``new`` (same object: same chunk), with how
    many more ``new`` has (fewer: negative). Only the middle that differs is counted (an edit changes one chunk)."""
    first, last_old, last_new = 0, len(old), len(new)
    while first < last_old and first < last_new and old[first] is new[first]:
        first += 1
    while last_old > first and last_new > first and old[last_old - 1] is new[last_new - 1]:
        last_old -= 1
        last_new -= 1
    if first == last_old and first == last_new:
        return []
    counts: Counter = Counter(map(id, new[first:last_new]))
    counts.subtract(map(id, old[first:last_old]))
    objects = {id(run): run for run in (*old[first:last_old], *new[first:last_new])}
    return [(objects[key], times) for key, times in counts.items() if times]


_KEPT_PER_CHUNK = 256  # diagnostics kept for one chunk at most
# how far inside its chunk an edit keeps ``masking.kept_nearby`` reading the chunk alone (33 characters each side)
_NEARBY = 34


def _inside(edits: tuple[Edit, ...], lo: int, hi: int) -> bool:
    """Whether every edit lies far enough inside the chunk ``[lo, hi)`` for ``masking.kept_nearby`` to read only the
    chunk (its text and masks: the chunk's key), so that a kept answer holds."""
    return all(lo + _NEARBY <= e.start and e.end + _NEARBY <= hi for e in edits)


class _Diagnostics:
    """``Linter._diagnostic`` for one check, giving the diagnostic kept for a finding in an unchanged chunk when it
    reads only that chunk (``ChunkRun.diagnostics``); and, for a local checker's finding diagnosed for the first time
    (``unseen``), deciding whether its diagnostic stands for it from now on (``ChunkRun.ready``, ``_Ready``).

    What a diagnostic reads, for a finding inside a chunk: the chunk's text, whether it touches a masked region and
    which quotation it is in (the chunk's masking and paragraphs: the chunk's key), and, for a fix, whether its edits
    keep what is masked (linter/text/masking.py: ``edits_keep_masks``), which may read past the chunk: the lines
    around an edit that changes delimiters or abuts a masked region, or the whole text. A fix's diagnostic is kept
    only when, read on this version of the text, its edits lie in the chunk, change no delimiters and abut no masked
    region (``masking.kept_nearby``), in plain text (Markdown reads a line's shape and the whole text's link
    definitions): then that check holds without reading further. That reading is itself the chunk's alone for edits
    ``_NEARBY`` characters inside it: it is not done again for them. Other findings get ``Linter._diagnostic``, every
    time.

    A local checker's finding whose diagnostic holds so, with no code of its own, has it kept in ``ChunkRun.ready``
    with the text ``kept_nearby`` read around the chunk (``_NEARBY`` characters each side of the edits): the engine
    takes it in the finding's place while that text stays (an edit that ends at the chunk's end excepted: there
    ``kept_nearby`` reads the next chunk's masks). So is one whose edits change delimiters and are checked on their
    lines (``masking.lines_keep_masks``: a line deleted, CD415), with the lines it read around the chunk, when that
    reading answered, in plain text without a comment; such a kept diagnostic is charged to the document's budget of
    whole-text re-checks each time it stands for one, as the check it stands for was."""

    def __init__(self, linter: Linter, doc: Document, spans: list[Span], starts: Sequence[int], runs: list[ChunkRun],
                 unseen: dict[int, tuple[ChunkRun, int]] | None = None):
        self._diagnostic = linter._diagnostic
        self._starts = starts  # the chunks' starts, as ``check`` has them
        self._spans = spans
        self._runs = runs
        self._plain = doc.format != "markdown"
        self._unseen = unseen or {}  # a local checker's finding diagnosed first -> its chunk's run and its number

    def __call__(self, doc: Document, finding: Finding) -> Diagnostic | None:
        first = self._unseen.pop(id(finding), None) if self._unseen else None
        i = bisect.bisect_right(self._starts, finding.start) - 1
        lo, hi = self._spans[i]
        edits = self._edits(finding, lo, hi)
        key = None if edits is None else self._key(finding, lo)
        if key is None:
            if first is not None:
                first[0].keep(first[1], _EVERY_TIME)
            return self._diagnostic(doc, finding)
        kept = self._runs[i].diagnostics
        held = key in kept
        inside = _inside(edits, lo, hi)
        if not (held and inside) and not self._nearby(doc, edits):  # read once per finding
            return self._fresh(doc, finding, first, edits, lo, hi)
        if held:
            diagnostic = kept[key]
            kept_here = diagnostic
            diagnostic = None if diagnostic is None else diagnostic.shifted(lo)
        else:
            diagnostic = self._diagnostic(doc, finding)
            if len(kept) >= _KEPT_PER_CHUNK:
                kept.clear()  # an unchanged chunk sees new keys when the article's counts change (CD601's "count")
            kept_here = kept[key] = None if diagnostic is None else diagnostic.shifted(-lo)
        if first is not None:
            # it reads only the chunk, and ``kept_nearby`` the text ``_NEARBY`` characters around its edits: with the
            # text it reads around the chunk, it stands for the finding from now on (not a finding with its own
            # code, which is selected again; nor one whose edits reach the chunk's end, where ``kept_nearby`` reads
            # the next chunk's masks)
            state: Any = _EVERY_TIME
            if finding.code is None and not edits:
                state = _Ready(kept_here, "", False, "", False)  # no fix: it reads the chunk only
            elif finding.code is None and all(e.end < hi for e in edits):
                state = _Ready(kept_here, *_read_around(doc.text, lo, hi, min(e.start for e in edits) - _NEARBY,
                                                        max(e.end for e in edits) + _NEARBY))
            first[0].keep(first[1], state)
        return diagnostic

    def _fresh(self, doc: Document, finding: Finding, first: tuple[ChunkRun, int] | None,
               edits: tuple[Edit, ...] | None = None, lo: int = 0, hi: int = 0) -> Diagnostic | None:
        """``Linter._diagnostic``, for a finding whose diagnostic may read past its chunk. One that a local checker
        found, whose fix's edits change delimiters and so have the whole text's masks re-checked on their lines
        (``masking.lines_keep_masks``), is kept (``_Ready``, charged) when that reading answered, with the lines it
        read around the chunk, in plain text without a comment (``check``: else no diagnostic is kept); the others
        are worked out every time."""
        if first is None:
            return self._diagnostic(doc, finding)
        index = doc.mask_index
        budget = index.recheck_budget
        diagnostic = self._diagnostic(doc, finding)
        state: Any = _EVERY_TIME
        text = doc.text
        # (an edit may end at the chunk's end: what it then reads of the next chunk, a masked region or a paragraph
        # starting there, lies in the two lines after it that the check reads, and the kept diagnostic with them)
        if (edits and finding.code is None and self._plain and budget - index.recheck_budget == len(text)
                and not any(index.abutting(e.start, e.end) for e in edits)
                and masking.lines_keep_masks(text, doc.format, index, edits) is not None):
            start, end = masking.lines_read(text, edits)
            read = _read_around(text, lo, hi, start - 1, end)  # and the line break before the first line
            if (not read[2] or read[3] or read[2].endswith("\n")) and (not read[0] or read[1] or read[0][0] in "\r\n"):
                state = _Ready(None if diagnostic is None else diagnostic.shifted(-lo), *read, charged=True)
        first[0].keep(first[1], state)
        return diagnostic

    def _edits(self, finding: Finding, lo: int, hi: int) -> tuple[Edit, ...] | None:
        """The edits of ``finding``'s fix, if it lies in the chunk ``[lo, hi)`` with them, in plain text when it has
        any; else None (its diagnostic may read outside the chunk)."""
        start, end = finding.start, finding.end
        if not (lo <= start < hi and end <= hi):
            return None
        if finding.edits is not None:
            edits = finding.edits
        elif finding.suggestions:
            edits = (Edit(start, end, finding.suggestions[0]),)
        else:
            return ()
        if edits and not (self._plain and all(lo <= e.start and e.end <= hi for e in edits)):
            return None
        return edits

    @staticmethod
    def _nearby(doc: Document, edits: tuple[Edit, ...]) -> bool:
        """Read on this version of the text: then ``edits_keep_masks`` holds, whatever lies around the chunk."""
        return all(masking.kept_nearby(doc.text, doc.mask_index, e) for e in edits)

    @staticmethod
    def _key(finding: Finding, lo: int) -> tuple | None:
        """What the diagnostic of ``finding`` depends on besides its chunk, in the chunk's offsets."""
        start, end = finding.start, finding.end
        try:
            values = tuple(finding.values.items())
            hash(values)
        except TypeError:
            return None
        shifted = None if finding.edits is None else tuple((e.start - lo, e.end - lo, e.text) for e in finding.edits)
        return (finding.rule.code, start - lo, end - lo, finding.suggestions, shifted, values, finding.code,
                finding.name, finding.severity, finding.applicability)
