"""Detection quality of the default rule packs on real, external text (the shared eval folder).

    python bench/quality.py ../shared/eval                                  # print the report (markdown)
    python bench/quality.py ../shared/eval --json after.json                # also keep the figures
    python bench/quality.py ../shared/eval --compare bench/quality-base.json --write bench/QUALITY.md

Every eval record is linted as a document of its own, with the default configuration. Measures:

- clean English news: findings per 10,000 words at every level together (an info costs a reader
  too), with the hits checked by eye and found to be real slips listed apart (``VERIFIED_SLIPS``);
- MQM Chinese-English MT (WMT21 TED), per error category: *tight* recall (a finding counts for a
  marked span only when it overlaps it and is at most twice its length: a sentence-long flag finds
  nothing), on the spans at least two reviewers marked where a segment has several raters, else on
  every span; and precision (the share of findings that overlap a marked span; "tight": one they
  are at most twice as long as);
- Russian-English MT (WMT22): findings in a system output that none of the segment's references
  has (the same rule on the same words), per 10,000 words, and findings on the professional
  references per 10,000 words (a false-alarm proxy); and the share of outdated place names flagged;
- the peer suites: ``incorrect`` examples flagged at their marker, per area copydesk covers
  (``LT_AREAS``, ``HARPER_AREAS``), beside the ``correct`` examples left unflagged.

``--json FILE`` keeps every figure; ``--compare FILE`` puts such a file's figures in a "before"
column (measure a base commit by running this script in a checkout of it with ``--json``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from linter.core.config import Settings  # noqa: E402
from linter.core.engine import Linter  # noqa: E402
from linter.model.rules import Rule  # noqa: E402
from linter.text.document import Document  # noqa: E402

# Hits on clean news that were read and found to be real slips in the source text, not false
# alarms: (record id, rule code) -> what is wrong there.
_THOUSAND = "'N thousand' after figures in a translation from Russian (a calque of тыс.): news style writes the number"
_ORDINAL = "an ordinal date ('January 10th') in a translation from Japanese: news style writes 'January 10'"
_NO_MONTH = "'on the 12th' with no month in a translation from Japanese or Korean (a calque of 12日)"
VERIFIED_SLIPS: dict[tuple[str, str], str] = {
    ("clean-00001", "CD201"): "'the the approved candidates': a doubled article in the Guardian text",
    ("clean-02096", "CD201"): "'then you have have a king': a doubled verb in the PA text",
    ("clean-01756", "CD501"): "two spaces after the '|' separator",
    ("clean-01845", "CD501"): "three spaces between two headline parts",
    ("clean-01847", "CD501"): "three spaces between caption and text",
    ("clean-01468", "CD1107"): "'2 trillion 784 billion rubles' in a translation from Russian (a calque of 2 трлн 784 "
                               "млрд): news style writes '2.784 trillion'",
    ("clean-01774", "CD536"): "'under the moniker \"TianZi \"': a space before the closing quotation mark",
    # read one by one (the lead, issue 18): calques of the source language in translated news, the errors the
    # dates-numbers pack exists to find, and one misspelling
    ("clean-00576", "CD1107"): _THOUSAND,
    ("clean-00577", "CD1107"): _THOUSAND,
    ("clean-00789", "CD1107"): _THOUSAND,
    ("clean-00824", "CD1107"): _THOUSAND,
    ("clean-00877", "CD1107"): _THOUSAND,
    ("clean-00886", "CD1107"): _THOUSAND,
    ("clean-00888", "CD1107"): _THOUSAND,
    ("clean-00890", "CD1107"): _THOUSAND,
    ("clean-00891", "CD1107"): _THOUSAND,
    ("clean-00962", "CD1107"): _THOUSAND,
    ("clean-00963", "CD1107"): _THOUSAND,
    ("clean-01068", "CD1107"): _THOUSAND,
    ("clean-01086", "CD1107"): _THOUSAND,
    ("clean-01367", "CD1107"): _THOUSAND,
    ("clean-01369", "CD1107"): _THOUSAND,
    ("clean-01484", "CD1107"): _THOUSAND,
    ("clean-01530", "CD1102"): _ORDINAL,
    ("clean-01679", "CD1102"): _ORDINAL,
    ("clean-01817", "CD1102"): _ORDINAL,
    ("clean-01845", "CD1102"): _ORDINAL,
    ("clean-01846", "CD1102"): _ORDINAL,
    ("clean-01852", "CD1102"): _ORDINAL,
    ("clean-01690", "CD1101"): _NO_MONTH,
    ("clean-01757", "CD1101"): _NO_MONTH,
    ("clean-01807", "CD1101"): _NO_MONTH,
    ("clean-01812", "CD1101"): _NO_MONTH,
    ("clean-01824", "CD1101"): _NO_MONTH,
    ("clean-01918", "CD1101"): _NO_MONTH,
    ("clean-02014", "CD1101"): _NO_MONTH,
    ("clean-02016", "CD1101"): _NO_MONTH,
    ("clean-02019", "CD1101"): _NO_MONTH,
    ("clean-02080", "CD1151"): "'govemor' for 'governor' in the Nigerian text",
}

# Must-not-flag sentences of the peer suites that do contain the error a copydesk rule reports
# (the suites test one linter each, so their "correct" sentences can carry other slips):
# (rule code, a piece of the sentence) -> what is wrong there. Checked by eye.
_STYLE_ORDINAL = ("style disagreement, not an error: an ordinal date, which news style (AP, Reuters) writes "
                  "'April 10', '16 May'")
VERIFIED_PEER_ERRORS: dict[tuple[str, str], str] = {
    ("CD1201", "an mixed reality"): "'an' before a consonant sound",
    ("CD1201", "an hard time"): "'an' before a sounded h",
    ("CD1202", "the an EEPROM"): "two determiners in a row",
    ("CD1151", "negligable"): "'negligable' for 'negligible': a misspelling kept for another rule",
    ("CD1151", "repositry"): "'repositry' for 'repository': a misspelling kept for another rule",
    ("CD1151", "colledge"): "'colledge' for 'college': a misspelling kept for another rule",
    ("CD1151", "infininte"): "'infininte' for 'infinite': a misspelling kept for another rule",
    ("CD1151", "currect"): "'currect' for 'current': a misspelling kept for another rule",
    ("CD1151", "underlaying"): "'underlaying' for 'underlying': a misspelling kept for another rule",
    ("CD1151", "belive"): "'belive' for 'believe': a misspelling kept for another rule",
    ("CD1151", "handfull"): "'handfull' for 'handful': a misspelling kept for another rule",
    ("CD1151", "verfiy"): "'verfiy' for 'verify': a misspelling kept for another rule",
    ("CD1151", "ttwice"): "'ttwice' for 'twice': a misspelling kept for another rule",
    ("CD1151", "pleasent"): "'pleasent' for 'pleasant': a misspelling kept for another rule",
    ("CD1151", "dataste"): "'dataste' for 'dataset': a misspelling kept for another rule",
    ("CD1151", "theyr"): "'theyr' for 'their': a misspelling kept for another rule",
    ("CD1151", "dieties"): "'dieties' for 'deities': a misspelling kept for another rule",
    ("CD1151", "viscious"): "'viscious' for 'vicious': a misspelling kept for another rule",
    ("CD1151", "whing"): "'whing' for 'wing': a misspelling kept for another rule",
    ("CD1151", "aboutthis"): "'aboutthis' for 'about this': two words run together",
    ("CD1154", "of an indonesian girl"): "'indonesian' for 'Indonesian': a nationality in lowercase",
    ("CD1151", "becaue"): "'becaue' for 'because': a misspelling kept for another rule",
    ("CD515", "amateur sports , are"): "space before a comma",
    ("CD236", "1777 舑 American"): "a stray CJK character",
    ("CD501", "The fear  among"): "two spaces",
    ("CD501", "careful of the  policy"): "two spaces",
    ("CD201", "call me me on"): "doubled 'me'",
    ("CD515", "rails to rails-api ?"): "space before a question mark",
    ("CD515", "soloSplit() ,"): "space before a comma",
    ("CD515", "SameSite=Lax] ?"): "space before a question mark",
    ("CD515", "packages/vite/src/node ,"): "space before a comma",
    ("CD201", "the previous previous setting"): "doubled 'previous'",
    ("CD201", "affect the the personnel"): "doubled 'the'",
    ("CD201", "this is the the simple case"): "doubled 'the'",
    ("CD301", "dispose called. it quit"): "a sentence starting lowercase",
    ("CD236", "严禁采摘花"): "a whole sentence in Chinese",
    ("CD522", "you 're fresh"): "a space inside the contraction",
    ("CD522", "you ’re fresh"): "a space inside the contraction",
    ("CD308", "embarrass you for a."): "the sentence ends on an article",
    ("CD308", "let in and."): "the sentence ends on a conjunction",
    ("CD516", "memory space,and layout"): "no space after a comma",
    ("CD508", "your family's pride"): "straight and curly apostrophes mixed in one text",
    ("CD508", "I'm feeling confident"): "straight and curly apostrophes mixed in one text (I'm, I’m)",
    ("CD306", "see [Cloud Deployment"): "a bracket that never closes",
    # Documented style disagreements, not errors: Harper passes ordinal dates, which AP and Reuters style (and
    # issue 18, for translated news) write without the ordinal ending, as CD1102 says.
    ("CD1102", "On April 10th,"): _STYLE_ORDINAL,
    ("CD1102", "release of 16th of May"): _STYLE_ORDINAL,
}

# Read by eye (issue 18, branch quality18) for every rule in the table below: which of them are wrong, and which
# are right where the raters marked nothing.
MQM_OFF_SPAN_NOTE = (
    "Read by eye on this set: every default rule's findings off the marked spans are real errors the raters left "
    "unmarked, not false alarms, so the precision figure is a lower bound. The TED transcripts write a dash as "
    "' -- ' (CD511, info: a typewriter dash in news copy) and raters mark it only now and then; the other rules "
    "flag hyphens used as dashes ('microscope-this is', CD529), numbers without separators ('10000 nanoseconds', "
    "CD1108), segments that end on a comma (CD307), spaced compounds ('self - assembly', CD534), a lost full stop "
    "('earlier We combine', CD1153), a space before a comma (CD515), spaces inside quotation marks ('the term "
    "\" black holes \"', CD536), '..' (CD514) and 'hormon' (CD1151). A rule wrong on this set would be made "
    "stricter or opt-in; none was.")

TARGETS = {
    "clean": 2.0,          # findings of every level per 10,000 words on clean news, at most
    "place-names": 1.0,    # share of outdated place names in MT output flagged, at least
    "peer": 0.99,          # share of peer suites' correct sentences unflagged, at least
}

# The groups of MQM categories (a category belongs to the first group whose prefix it has), with the
# tight recall asked of each on the annotated news kept apart from the repository: on this set the figures
# are the developers', reported beside those targets, not held to them.
MQM_GROUPS: dict[str, tuple[tuple[str, ...], float]] = {
    "punctuation": (("Fluency/Punctuation",), 0.25),
    "spelling": (("Fluency/Spelling",), 0.25),
    "source-language fragments": (("Source language fragment", "Accuracy/Untranslated text"), 0.65),
    "locale conventions": (("Locale convention",), 0.45),
}
MQM_TARGETS = {"recall": 0.15, "precision": 0.90}

# What copydesk covers of the peer suites' incorrect examples: area -> LanguageTool rule ids or categories.
LT_AREAS: dict[str, tuple[frozenset[str], frozenset[str]]] = {  # area -> (categories, rule ids)
    "punctuation": (frozenset({"Punctuation Errors"}),
                    frozenset({"EN_QUOTES", "WRONG_APOSTROPHE", "ELLIPSIS", "NO_SPACE_CLOSING_QUOTE"})),
    "spelling": (frozenset({"Possible Typo"}), frozenset()),
    "grammar: doubled words, a/an": (frozenset(), frozenset({"DT_DT", "PHRASE_REPETITION", "THE_EXACTLY_THE",
                                                              "AN_ANOTHER", "EN_A_VS_AN"})),
    "dates, numbers, currency": (frozenset(), frozenset({"CURRENCY", "CURRENCY_SPACE", "CD_00oclock",
                                                          "COMMA_MONTH_DATE"})),
}
# ... and Harper's linters (the file stem of the test), by area.
HARPER_AREAS: dict[str, frozenset[str]] = {
    "punctuation": frozenset({"missing_space", "comma_fixes", "quote_spacing", "unclosed_quotes", "wrong_apostrophe",
                              "ellipsis_length", "use_ellipsis_character", "no_french_spaces", "transposed_space"}),
    "spelling": frozenset({"spell_check", "misspell", "split_words", "merge_words", "spell"}),
    "grammar: doubled words, a/an": frozenset({"repeated_words", "an_a"}),
    "capitalisation": frozenset({"sentence_capitalization", "capitalize_personal_pronouns"}),
    "dates, numbers, currency": frozenset({"months", "correct_number_suffix", "number_suffix_capitalization",
                                           "currency_placement", "numeric_range_en_dash", "hyphenate_number_day",
                                           "spelled_numbers"}),
    "place names": frozenset({"update_place_names"}),
}

# Diagnostics for a text: (code, severity, start, end).
Hit = tuple[str, str, int, int]
# A marked span: (start, end, category).
Span = tuple[int, int, str]

_linter: Linter | None = None


def _get_linter() -> Linter:
    global _linter
    if _linter is None:
        _linter = Linter(Settings())
    return _linter


def lint(text: str) -> list[Hit]:
    diagnostics = _get_linter().check(Document.from_text(text)).diagnostics
    return [(d.code, str(d.severity), d.start, d.end) for d in diagnostics]


def _lint_chunk(texts: list[str]) -> list[list[Hit]]:
    return [lint(t) for t in texts]


def lint_all(texts: list[str], jobs: int) -> list[list[Hit]]:
    """Lint many texts, in ``jobs`` processes when there are enough to pay for them."""
    if jobs <= 1 or len(texts) < 500:
        return _lint_chunk(texts)
    size = max(1, len(texts) // (jobs * 8))
    chunks = [texts[i:i + size] for i in range(0, len(texts), size)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return [hits for part in pool.map(_lint_chunk, chunks) for hits in part]


def read_jsonl(path: Path, limit: int | None = None) -> Iterator[dict]:
    with path.open(encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if limit is not None and n >= limit:
                return
            if line.strip():
                yield json.loads(line)


def words(text: str) -> int:
    return len(text.split())


# --- the measures, as pure functions (tests/test_quality.py) ------------------------------------


def overlaps(start: int, end: int, span_start: int, span_end: int) -> bool:
    """Whether a finding overlaps a span; an empty finding or span counts as one character."""
    return start < max(span_end, span_start + 1) and span_start < max(end, start + 1)


def tight(start: int, end: int, span_start: int, span_end: int) -> bool:
    """Whether a finding overlaps a marked span and is at most twice its length (a sentence-long flag over a
    one-word error finds nothing)."""
    return overlaps(start, end, span_start, span_end) and max(end - start, 1) <= 2 * max(span_end - span_start, 1)


def target_spans(errors: Iterable[dict]) -> list[tuple[int, int, str, str]]:
    """The target-side spans of MQM ``errors``: (start, end, category, rater)."""
    return [(e["start"], e["end"], e["category"], str(e.get("rater", "")))
            for e in errors if e.get("side") == "target" and e.get("start") is not None and e.get("end") is not None]


def agreed_spans(errors: Iterable[dict], raters: int) -> list[Span]:
    """The spans recall is measured on: with several raters, those at least two of them marked (a span another
    rater's span overlaps; one span per place, the category of the rater first in order); with one, every span."""
    spans = sorted(target_spans(errors), key=lambda s: (s[3], s[0], s[1]))
    if raters < 2:
        return [(s, e, c) for s, e, c, _r in spans]
    kept: list[Span] = []
    for s, e, category, rater in spans:
        if not any(r != rater and overlaps(s, e, s2, e2) for s2, e2, _c, r in spans):
            continue
        if any(overlaps(s, e, s2, e2) for s2, e2, _c in kept):
            continue  # the same place, marked by the other rater: counted once
        kept.append((s, e, category))
    return kept


@dataclass
class MqmScore:
    """Tight recall per category and precision over a set of segments."""

    spans: Counter = field(default_factory=Counter)         # category -> spans recall is measured on
    found: Counter = field(default_factory=Counter)         # category -> ... a finding tightly overlaps
    found_by: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # category -> rule -> spans
    findings: int = 0
    on_span: int = 0          # findings that overlap a span any rater marked
    on_span_tight: int = 0    # ... that they are at most twice as long as

    def add(self, hits: Sequence[Hit], recall_spans: Sequence[Span], marked: Sequence[Span]) -> None:
        for s, e, category in recall_spans:
            self.spans[category] += 1
            codes = {code for code, _sev, hs, he in hits if tight(hs, he, s, e)}
            if codes:
                self.found[category] += 1
                self.found_by[category].update(codes)
        for _code, _sev, hs, he in hits:
            self.findings += 1
            self.on_span += any(overlaps(hs, he, s, e) for s, e, _c in marked)
            self.on_span_tight += any(tight(hs, he, s, e) for s, e, _c in marked)

    def recall(self, categories: Iterable[str] | None = None) -> tuple[int, int]:
        """(found, spans) over ``categories`` (None: all)."""
        chosen = list(self.spans) if categories is None else list(categories)
        return sum(self.found[c] for c in chosen), sum(self.spans[c] for c in chosen)

    def group(self, prefixes: tuple[str, ...]) -> list[str]:
        return [c for c in self.spans if c.startswith(prefixes)]


def finding_keys(text: str, hits: Iterable[Hit]) -> set[tuple[str, str]]:
    """What a finding is, for comparing a system output with its references: the rule and the words it is on."""
    return {(code, text[s:e].casefold()) for code, _sev, s, e in hits}


def mt_only(hyp: str, hyp_hits: Sequence[Hit], references: Sequence[tuple[str, Sequence[Hit]]]) -> list[Hit]:
    """The findings on a system output that no reference has (the same rule on the same words): likely errors
    of the system, not of the text's content."""
    known = set().union(*(finding_keys(text, hits) for text, hits in references)) if references else set()
    return [h for h in hyp_hits if (h[0], hyp[h[2]:h[3]].casefold()) not in known]


def diff_marker(text: str, corrected: str) -> tuple[int, int]:
    """Where ``text`` and its correction differ: the span of ``text`` between their common prefix and suffix
    (widened to one character when the correction only inserts)."""
    prefix = 0
    limit = min(len(text), len(corrected))
    while prefix < limit and text[prefix] == corrected[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and text[-1 - suffix] == corrected[-1 - suffix]:
        suffix += 1
    start, end = prefix, len(text) - suffix
    if start == end:
        start, end = max(0, start - 1), min(len(text), end + 1)
    return start, end


def flagged_at(hits: Iterable[Hit], marker: tuple[int, int]) -> bool:
    return any(overlaps(s, e, marker[0], marker[1]) for _c, _sev, s, e in hits)


# --- the report -----------------------------------------------------------------------------------


@dataclass
class RuleStats:
    clean: int = 0              # hits on clean news at any level, verified slips excluded
    slips: int = 0
    mqm: int = 0                # findings on MQM targets
    mqm_overlap: int = 0        # ... that overlap a marked span
    mqm_tight: int = 0          # ... that they are at most twice as long as
    mqm_categories: Counter = field(default_factory=Counter)
    ruen_mt_only: int = 0       # findings on ru-en system outputs that no reference has
    ruen_refs: int = 0          # findings on the ru-en references
    peer_lt: int = 0            # LanguageTool correct sentences flagged
    peer_harper: int = 0        # Harper zero-lint cases flagged
    peer_found: int = 0         # peer incorrect examples flagged at their marker


@dataclass
class Row:
    """One line of the summary: ``value`` is the number kept in --json and compared with --compare."""

    key: str
    label: str
    value: float | None
    display: str
    target: str = "reported"
    met: bool | None = None


@dataclass
class Report:
    stats: dict[str, RuleStats] = field(default_factory=lambda: defaultdict(RuleStats))
    sections: list[str] = field(default_factory=list)
    summary: list[Row] = field(default_factory=list)
    figures: dict[str, dict[str, Any]] = field(default_factory=lambda: defaultdict(dict))

    def row(self, key: str, label: str, value: float | None, display: str, target: str = "reported",
            met: bool | None = None) -> None:
        self.summary.append(Row(key, label, value, display, target, met))


def measure_clean(folder: Path, report: Report, limit: int | None, jobs: int) -> None:
    records = list(read_jsonl(folder / "clean_en_news.jsonl", limit))
    texts = [r["text"] for r in records]
    total_words = sum(words(t) for t in texts)
    alarms: list[str] = []
    slips: list[str] = []
    by_severity: Counter = Counter()
    for record, hits in zip(records, lint_all(texts, jobs), strict=True):
        for code, severity, start, end in hits:
            stats = report.stats[code]
            line = f"| {record['id']} | {code} | {severity} | {_cell(_excerpt(record['text'], start, end))} |"
            note = VERIFIED_SLIPS.get((record["id"], code))
            if note:
                stats.slips += 1
                slips.append(line[:-1] + f"| {_cell(note)} |")
            else:
                stats.clean += 1
                by_severity[severity] += 1
                alarms.append(line)
    count = sum(by_severity.values())
    rate = _per_10k(count, total_words)
    report.row("clean.all", "clean news: findings per 10,000 words, every level (verified slips apart)", rate,
               f"{rate:.2f} ({count} in {total_words:,} words, {len(records)} segments)",
               f"≤ {TARGETS['clean']:g}", rate <= TARGETS["clean"])
    for severity in ("error", "warning", "info"):
        n = by_severity[severity]
        report.row(f"clean.{severity}", f"clean news: {severity} per 10,000 words", _per_10k(n, total_words),
                   f"{_per_10k(n, total_words):.2f} ({n})")
    lines = ["## Clean English news: findings at every level", ""]
    lines += ["| record | rule | severity | text |", "|---|---|---|---|", *alarms] if alarms else ["None."]
    lines += ["", "### Real slips in the clean corpus (checked by eye, not counted as false alarms)", ""]
    lines += ["| record | rule | severity | text | what is wrong |", "|---|---|---|---|---|", *slips] \
        if slips else ["None."]
    report.sections.append("\n".join(lines))


def mqm_segments(records: Iterable[dict]) -> list[tuple[str, list[dict], int]]:
    """One entry per system segment (target text, its errors, its number of raters): data that gives one record
    per rater is merged here."""
    merged: dict[tuple[str, str, str, str], tuple[str, list[dict], set[str]]] = {}
    for r in records:
        key = (str(r.get("system")), str(r.get("doc_id")), str(r.get("seg_id")), r["target"])
        _text, errors, raters = merged.setdefault(key, (r["target"], [], set()))
        errors.extend(r.get("errors", []))
        raters.update(str(x) for x in r.get("raters", []) or [])
        raters.update(str(e["rater"]) for e in r.get("errors", []) if e.get("rater"))
    return [(text, errors, len(raters)) for text, errors, raters in merged.values()]


def measure_mqm(folder: Path, report: Report, limit: int | None, jobs: int) -> None:
    segments = mqm_segments(read_jsonl(folder / "mqm_ted_zhen.jsonl", limit))
    score = MqmScore()
    several = sum(1 for _t, _e, n in segments if n >= 2)
    off_span: dict[str, list[str]] = defaultdict(list)  # rule -> excerpts of its findings on no marked span
    for (text, errors, raters), hits in zip(segments, lint_all([t for t, _e, _n in segments], jobs), strict=True):
        marked = [(s, e, c) for s, e, c, _r in target_spans(errors)]
        score.add(hits, agreed_spans(errors, raters), marked)
        for code, _severity, start, end in hits:
            stats = report.stats[code]
            stats.mqm += 1
            on = [c for s, e, c in marked if overlaps(start, end, s, e)]
            if not on:
                off_span[code].append(_excerpt(text, start, end, 40))
            stats.mqm_overlap += bool(on)
            stats.mqm_tight += any(tight(start, end, s, e) for s, e, _c in marked)
            stats.mqm_categories.update(set(on))
    found, total = score.recall()
    report.row("mqm.recall", "MQM zh-en (TED): tight recall, all categories", _ratio(found, total),
               f"{_pct(found, total)} ({found}/{total})", f"(held-out set: ≥ {MQM_TARGETS['recall']:.0%})")
    for name, (prefixes, target) in MQM_GROUPS.items():
        found, total = score.recall(score.group(prefixes))
        report.row(f"mqm.recall.{name}", f"MQM zh-en (TED): tight recall, {name}", _ratio(found, total),
                   f"{_pct(found, total)} ({found}/{total})", f"(held-out set: ≥ {target:.0%})")
    report.row("mqm.precision", "MQM zh-en (TED): precision (findings on a marked span)",
               _ratio(score.on_span, score.findings), f"{_pct(score.on_span, score.findings)} "
               f"({score.on_span}/{score.findings})", f"(held-out set: ≥ {MQM_TARGETS['precision']:.0%})")
    report.row("mqm.precision.tight", "MQM zh-en (TED): tight precision (on a marked span at most half as long)",
               _ratio(score.on_span_tight, score.findings),
               f"{_pct(score.on_span_tight, score.findings)} ({score.on_span_tight}/{score.findings})")
    spans_on = "spans at least two raters marked" if several else "every span (one rater a segment in this data)"
    lines = ["## MQM Chinese-English (WMT21 TED): tight recall by error category", "",
             f"{len(segments)} system segments; recall on {spans_on}. A span is found when a finding of any level "
             "overlaps it and is at most twice its length.", "",
             "| category | spans | found | tight recall | rules that find it |", "|---|---:|---:|---:|---|"]
    for category, n in score.spans.most_common():
        rules = ", ".join(f"{c} ({k})" for c, k in score.found_by[category].most_common(5))
        lines.append(f"| {category} | {n} | {score.found[category]} | {_pct(score.found[category], n)} | {rules} |")
        report.figures["mqm.categories"][category] = _ratio(score.found[category], n)
    lines += ["", "### Findings on no marked span, by rule (what keeps precision down)", "",
              MQM_OFF_SPAN_NOTE, "", "| rule | findings on no marked span | for example |", "|---|---:|---|"]
    for code, excerpts in sorted(off_span.items(), key=lambda kv: -len(kv[1])):
        lines.append(f"| {code} | {len(excerpts)} | {' · '.join(_cell(x) for x in excerpts[:2])} |")
    report.sections.append("\n".join(lines))


def outdated_place_names(linter: Linter) -> tuple[dict[str, str], list[str]]:
    """Outdated names and their exceptions, from the place-names pack's term rules."""
    names: dict[str, str] = {}
    exceptions: list[str] = []
    for rule in linter.all_rules:
        if rule.pack == "place-names" and rule.kind == "term":
            for source, target in rule.options["terms"].items():
                names[source] = target if isinstance(target, str) else target[0]
            exceptions.extend(rule.options["exceptions"])
    return names, exceptions


def _place_name_rules(linter: Linter) -> set[str]:
    return {r.code for r in linter.all_rules if r.pack == "place-names"}


def measure_ruen(folder: Path, report: Report, limit: int | None, jobs: int) -> None:
    records = list(read_jsonl(folder / "wmt22_ruen_mt_outputs.jsonl", limit))
    texts: list[str] = []
    keys: list[tuple[int, str, bool]] = []  # (record, system or reference name, is a reference)
    for n, record in enumerate(records):
        for name, ref in sorted(record.get("references", {}).items()):
            if isinstance(ref, str) and ref.strip():
                texts.append(ref)
                keys.append((n, name, True))
        for system, hyp in sorted(record["hyps"].items()):
            if isinstance(hyp, str) and hyp.strip():
                texts.append(hyp)
                keys.append((n, system, False))
    all_hits = lint_all(texts, jobs)
    references: dict[int, list[tuple[str, list[Hit]]]] = defaultdict(list)
    for text, (n, _name, is_ref), hits in zip(texts, keys, all_hits, strict=True):
        if is_ref:
            references[n].append((text, hits))
            for code, *_ in hits:
                report.stats[code].ruen_refs += 1
    hyp_words = ref_words = only = on_refs = 0
    hyp_texts: list[tuple[str, tuple[str, str], list[Hit]]] = []
    for text, (n, name, is_ref), hits in zip(texts, keys, all_hits, strict=True):
        if is_ref:
            ref_words += words(text)
            on_refs += len(hits)
            continue
        hyp_words += words(text)
        for code, *_ in mt_only(text, hits, references[n]):
            report.stats[code].ruen_mt_only += 1
            only += 1
        record = records[n]
        hyp_texts.append((text, (f"{record['doc_id']}#{record['seg_id']}", name), hits))
    report.row("ruen.mt_only", "ru-en MT (WMT22): findings in a system output that no reference has, per 10,000 "
               "words", _per_10k(only, hyp_words), f"{_per_10k(only, hyp_words):.2f} ({only} in {hyp_words:,} words)")
    report.row("ruen.refs", "ru-en references (WMT22): findings per 10,000 words (false-alarm proxy)",
               _per_10k(on_refs, ref_words), f"{_per_10k(on_refs, ref_words):.2f} ({on_refs} in {ref_words:,} words)")
    _place_names(hyp_texts, report)


def _place_names(hyps: list[tuple[str, tuple[str, str], list[Hit]]], report: Report) -> None:
    linter = _get_linter()
    names, exceptions = outdated_place_names(linter)
    if not names:
        report.row("ruen.place_names", "ru-en MT: outdated place names flagged", None, "no place-names term rules",
                   "", False)
        return
    name_re = regex.compile(r"(?<![\w#@])(?:\L<names>)(?!\w)", regex.I, names=list(names))
    exception_re = (regex.compile(r"(?<!\w)(?:\L<ex>)(?!\w)", regex.I, ex=exceptions) if exceptions else None)
    place_codes = _place_name_rules(linter)
    found = flagged = 0
    per_name: Counter = Counter()
    per_name_flagged: Counter = Counter()
    missed: list[str] = []
    for text, key, hits in hyps:
        skip = [m.span() for m in exception_re.finditer(text)] if exception_re else []
        for m in name_re.finditer(text):
            if any(s <= m.start() and m.end() <= e for s, e in skip):
                continue
            found += 1
            canonical = next(n for n in names if n.casefold() == m.group().casefold())
            per_name[canonical] += 1
            if any(code in place_codes and s <= m.start() and m.end() <= e for code, _sv, s, e in hits):
                flagged += 1
                per_name_flagged[canonical] += 1
            else:
                missed.append(f"| {key[0]} | {key[1]} | {_cell(_excerpt(text, m.start(), m.end()))} |")
    share = flagged / found if found else 1.0
    report.row("ruen.place_names", "ru-en MT (WMT22): outdated place names flagged", share,
               f"{_pct(flagged, found)} ({flagged}/{found} in {len(hyps):,} system outputs)",
               f"≥ {TARGETS['place-names']:.0%}", share >= TARGETS["place-names"])
    lines = ["## Russian-English MT (WMT22): outdated place names", "",
             f"Names taken from the place-names pack's term rules ({len(names)} names).", "",
             "| name | occurrences | flagged |", "|---|---:|---:|"]
    lines += [f"| {n} | {k} | {per_name_flagged[n]} |" for n, k in per_name.most_common()]
    if missed:
        lines += ["", "Not flagged:", "", "| segment | system | text |", "|---|---|---|", *missed]
    report.sections.append("\n".join(lines))


def lt_area(record: dict) -> str | None:
    for area, (categories, rule_ids) in LT_AREAS.items():
        if record.get("category") in categories or record.get("rule_id") in rule_ids:
            return area
    return None


def harper_area(record: dict) -> str | None:
    path = str(record.get("file", ""))
    stem = Path(path).stem
    if stem in ("mod", "tests"):
        stem = Path(path).parent.name
    return next((area for area, stems in HARPER_AREAS.items() if stem in stems), None)


def peer_incorrect(suite: str, record: dict) -> tuple[str, tuple[int, int]] | None:
    """(area, marker) of a peer suite's incorrect example in an area copydesk covers; None for the others."""
    if suite == "lt":
        if record.get("type") != "incorrect" or not record.get("marker"):
            return None
        area = lt_area(record)
        return (area, (record["marker"][0], record["marker"][1])) if area else None
    area = harper_area(record)
    if area is None:
        return None
    text = record["text"]
    if record.get("kind") == "correction" and record.get("expected") not in (None, text):
        return area, diff_marker(text, record["expected"])
    if record.get("kind") == "good_and_bad_suggestions" and record.get("good"):
        return area, diff_marker(text, record["good"][0])
    if record.get("kind") == "spell_suggestion":
        return area, (0, len(text))
    return None


def measure_peers(folder: Path, report: Report, limit: int | None, jobs: int) -> None:
    suites: list[tuple[str, str, str, Callable[[dict], bool], str]] = [
        ("lt", "LanguageTool 3", "languagetool3_en_examples.jsonl", lambda r: r.get("type") == "correct", "peer_lt"),
        ("harper", "Harper", "harper_tests.jsonl",
         lambda r: r.get("kind") == "lint_count" and r.get("expected_lint_count") == 0, "peer_harper"),
    ]
    lines = ["## Peer suites: correct sentences flagged (any level)", ""]
    table = ["| suite | rule | text |", "|---|---|---|"]
    verified = ["| suite | rule | text | what is wrong |", "|---|---|---|---|"]
    areas = ["| suite | area | incorrect examples | flagged at the marker | share |", "|---|---|---:|---:|---:|"]
    for suite, title, name, keep, attr in suites:
        records = list(read_jsonl(folder / name, limit))
        correct = [r["text"] for r in records if keep(r)]
        incorrect = [(r["text"], found) for r in records if (found := peer_incorrect(suite, r))]
        hits_all = lint_all(correct + [t for t, _ in incorrect], jobs)
        flagged_docs = false_alarm_docs = 0
        for text, hits in zip(correct, hits_all[:len(correct)], strict=True):
            if not hits:
                continue
            flagged_docs += 1
            notes = [_peer_error(code, text, start, end) for code, _severity, start, end in hits]
            if not all(notes):
                false_alarm_docs += 1
            for (code, _severity, start, end), note in zip(hits, notes, strict=True):
                row = f"| {title.split()[0]} | {code} | {_cell(_excerpt(text, start, end))} |"
                if note:
                    verified.append(row + f" {_cell(note)} |")
                    continue
                setattr(report.stats[code], attr, getattr(report.stats[code], attr) + 1)
                table.append(row)
        clean = len(correct) - flagged_docs
        report.row(f"peer.{suite}.unflagged", f"{title} correct examples: left unflagged", _ratio(clean, len(correct)),
                   f"{_pct(clean, len(correct))} ({clean}/{len(correct)})")
        kept = len(correct) - false_alarm_docs
        share = kept / len(correct) if correct else 1.0
        report.row(f"peer.{suite}.no_false_alarm",
                   f"{title} correct examples: without a false alarm (hits verified as real errors or style "
                   "disagreements apart)", share,
                   f"{_pct(kept, len(correct))} ({kept}/{len(correct)})", f"≥ {TARGETS['peer']:.0%}",
                   share >= TARGETS["peer"])
        per_area: Counter = Counter()
        per_area_found: Counter = Counter()
        for (_text, (area, marker)), hits in zip(incorrect, hits_all[len(correct):], strict=True):
            per_area[area] += 1
            if flagged_at(hits, marker):
                per_area_found[area] += 1
                for code in {c for c, _sv, s, e in hits if overlaps(s, e, *marker)}:
                    report.stats[code].peer_found += 1
        found, total = sum(per_area_found.values()), sum(per_area.values())
        report.row(f"peer.{suite}.incorrect", f"{title} incorrect examples in the areas copydesk covers: flagged at "
                   "the marker", _ratio(found, total), f"{_pct(found, total)} ({found}/{total})")
        for area, n in sorted(per_area.items(), key=lambda kv: -kv[1]):
            areas.append(f"| {title} | {area} | {n} | {per_area_found[area]} | {_pct(per_area_found[area], n)} |")
            report.figures[f"peer.{suite}.areas"][area] = _ratio(per_area_found[area], n)
    lines += table if len(table) > 2 else ["None."]
    lines += ["", "### Flagged sentences that do contain the reported error, or a documented style disagreement "
              "(checked by eye, not counted as false alarms; the note says which)", ""]
    lines += verified if len(verified) > 2 else ["None."]
    report.sections.append("\n".join(lines))
    report.sections.append("\n".join([
        "## Peer suites: incorrect examples flagged at their marker, by area", "",
        "Areas copydesk covers (`LT_AREAS`, `HARPER_AREAS` in bench/quality.py). LanguageTool gives the marker; for "
        "Harper it is where the text and its correction differ. A finding of any level overlapping it counts.", "",
        *areas]))


def _peer_error(code: str, text: str, start: int, end: int) -> str | None:
    if code == "CD503" and text[start:end].isspace() and not text[end:].strip():
        return "spaces at the end of the text"  # the suites' strings end in spaces: checked by eye, every one
    return next((note for (c, piece), note in VERIFIED_PEER_ERRORS.items() if c == code and piece in text), None)


def rule_table(report: Report, linter: Linter) -> str:
    lines = ["## Per pack and rule", "",
             "clean = findings on clean news, any level (verified slips apart) · MQM = findings on MQM targets "
             "(share on a marked span; tight: on one at most half their length) · ru-en MT-only = findings on ru-en "
             "system outputs that no reference has · refs = findings on the references · LT / Harper = correct "
             "sentences flagged (verified real errors apart) · peer found = incorrect examples flagged at the marker",
             "",
             "| pack | rule | name | severity | clean | MQM (precision) | MQM tight | MQM categories | ru-en MT-only "
             "| refs | LT | Harper | peer found |",
             "|---|---|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|"]
    by_pack: dict[str, list[Rule]] = defaultdict(list)
    for rule in linter.rules:
        by_pack[rule.pack].append(rule)
    for pack, rules in by_pack.items():
        totals = RuleStats()
        for rule in rules:
            s = report.stats.get(rule.code, RuleStats())
            for name in ("clean", "mqm", "mqm_overlap", "mqm_tight", "ruen_mt_only", "ruen_refs", "peer_lt",
                         "peer_harper", "peer_found"):
                setattr(totals, name, getattr(totals, name) + getattr(s, name))
            categories = ", ".join(f"{c} {k}" for c, k in s.mqm_categories.most_common(2))
            slips = f" (+{s.slips} slip)" if s.slips else ""
            lines.append(f"| {pack} | {rule.code} | {rule.name} | {rule.severity} | {s.clean}{slips} | {_mqm(s)} | "
                         f"{s.mqm_tight} | {categories} | {s.ruen_mt_only} | {s.ruen_refs} | {s.peer_lt} | "
                         f"{s.peer_harper} | {s.peer_found} |")
        lines.append(f"| **{pack}** | | **{len(rules)} rules** | | **{totals.clean}** | **{_mqm(totals)}** | "
                     f"**{totals.mqm_tight}** | | **{totals.ruen_mt_only}** | **{totals.ruen_refs}** | "
                     f"**{totals.peer_lt}** | **{totals.peer_harper}** | **{totals.peer_found}** |")
    return "\n".join(lines)


def _mqm(s: RuleStats) -> str:
    return f"{s.mqm} ({_pct(s.mqm_overlap, s.mqm)})" if s.mqm else "0"


def _pct(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "n/a"


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _per_10k(count: int, total_words: int) -> float:
    return count / total_words * 10_000 if total_words else 0.0


def _excerpt(text: str, start: int, end: int, width: int = 50) -> str:
    lo = max(0, start - width)
    hi = min(len(text), end + width)
    before = ("…" if lo else "") + text[lo:start]
    after = text[end:hi] + ("…" if hi < len(text) else "")
    flagged = text[start:end]
    if flagged and not flagged.strip():
        flagged = "␣" * len(flagged)  # make flagged spaces visible: the table collapses whitespace
    return f"{before}**{flagged}**{after}"


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def _shown(key: str, value: float | None) -> str:
    """A kept figure as the summary shows it: a share as a percentage, a rate per 10,000 words as a number."""
    if value is None:
        return "n/a"
    share = key.startswith(("mqm.", "peer.")) or key == "ruen.place_names"
    return f"{value:.1%}" if share else f"{value:.2f}"


def figures(report: Report) -> dict[str, Any]:
    """What --json keeps: every summary figure by key, and the per-category and per-area shares."""
    return {"summary": {row.key: {"label": row.label, "value": row.value} for row in report.summary},
            **{name: dict(values) for name, values in report.figures.items()}}


def run(folder: Path, limit: int | None = None, jobs: int = 1, before: dict[str, Any] | None = None
        ) -> tuple[Report, str]:
    report = Report()
    linter = _get_linter()
    started = time.perf_counter()
    measure_clean(folder, report, limit, jobs)
    measure_mqm(folder, report, limit, jobs)
    measure_ruen(folder, report, limit, jobs)
    measure_peers(folder, report, limit, jobs)
    elapsed = time.perf_counter() - started
    old = (before or {}).get("summary", {})
    head = "| measure | before | value | target | met |" if before else "| measure | value | target | met |"
    summary = ["## Summary", "", head, "|---|---|---|---|---|" if before else "|---|---|---|---|"]
    for row in report.summary:
        mark = "" if row.met is None else ("yes" if row.met else "**no**")
        was = f" {_shown(row.key, old[row.key]['value'])} |" if row.key in old else " – |"
        summary.append(f"| {row.label} |{was if before else ''} {row.display} | {row.target} | {mark} |")
    packs = Counter(r.pack for r in linter.rules)
    summary += ["", f"Default configuration: {len(linter.rules)} rules in {len(packs)} packs "
                f"({', '.join(f'{p} {n}' for p, n in sorted(packs.items()))}). Ran in {elapsed:.0f} s."]
    if before:
        summary += ["", f"\"before\": {before.get('measured', 'the --compare file')}."]
        for name, title in (("mqm.categories", "MQM tight recall by category"),
                            ("peer.lt.areas", "LanguageTool incorrect examples flagged at the marker, by area"),
                            ("peer.harper.areas", "Harper incorrect examples flagged at the marker, by area")):
            now, then = report.figures.get(name, {}), before.get(name, {})
            if now or then:
                summary += ["", f"{title}:", "", "| | before | now |", "|---|---:|---:|"]
                summary += [f"| {k} | {_shown('mqm.', then.get(k))} | {_shown('mqm.', now.get(k))} |"
                            for k in sorted(set(now) | set(then))]
    parts = ["\n".join(summary), rule_table(report, linter), *report.sections]
    return report, "\n\n".join(part.strip() for part in parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", type=Path, help="the shared eval folder (../shared/eval)")
    parser.add_argument("--limit", type=int, default=None, help="read at most this many records per file")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--write", type=Path, default=None, help="also write the report to this markdown file")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this JSON file")
    parser.add_argument("--label", default=None, help="what was measured, kept in --json (e.g. a commit)")
    parser.add_argument("--compare", type=Path, default=None,
                        help="a --json file of an earlier run: its figures go in a 'before' column")
    args = parser.parse_args(argv)
    if not args.eval_dir.is_dir():
        parser.error(f"{args.eval_dir} is not a folder")
    before = None
    if args.compare:
        try:
            before = json.loads(args.compare.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            parser.error(f"--compare {args.compare}: {exc}")
        if not isinstance(before, dict) or not isinstance(before.get("summary"), dict):
            parser.error(f"--compare {args.compare}: not a --json file of this script")
    report, text = run(args.eval_dir, args.limit, args.jobs, before)
    print(text, end="")
    if args.json:
        data = figures(report)
        data["measured"] = args.label or "copydesk at the time of the run"
        args.json.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.write:
        given = argv if argv is not None else sys.argv[1:]
        skip = {str(args.write), str(args.json), args.label}
        command = "python bench/quality.py " + " ".join(
            a for a in given if a not in skip and not a.startswith(("--write", "--json", "--label")))
        header = ("# Detection quality\n\nMeasured on the shared eval data (real, external text) with the default "
                  f"configuration. Regenerate with:\n\n    {command.strip()} --write {args.write}\n\n"
                  "The \"before\" column comes from a `--json` file of the same script run in a checkout of an "
                  "earlier commit (`git worktree add /tmp/base COMMIT && cp bench/quality.py /tmp/base/bench/ && "
                  "cd /tmp/base && python bench/quality.py EVAL_FOLDER --json before.json --label COMMIT`). "
                  "Precision counts a finding on a span any rater marked; \"tight\" ones only where the finding is "
                  "at most twice the span's length, as tight recall does: sentence-long findings overlap some "
                  "marked span nearly always.\n\n")
        args.write.write_text(header + text, encoding="utf-8")
    met = [row.met for row in report.summary if row.met is not None]
    return 0 if all(met) else 1


if __name__ == "__main__":
    sys.exit(main())
