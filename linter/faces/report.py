"""The clean-up report (`--report report.html` or `.md`): what a fix wrote, what is left to review, charts, diffs."""

from __future__ import annotations

import base64
import dataclasses
import difflib
import hashlib
import html
import itertools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from linter.io.jsonl import CorpusSummary
from linter.io.results import FileResult
from linter.model.diagnostics import Applicability, Diagnostic
from linter.text.positions import LineIndex

TOP_FILES = 20
TRANSLATION_ROWS = 500  # findings in translations shown beside their source, at most

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")  # C0 and C1 controls, DEL; a tab is shown as it is
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Characters that can start or end inline markup in CommonMark and GitHub Flavored Markdown wherever they
# stand: escapes, code spans, emphasis, links and images, raw HTML and autolinks, entities, table cells,
# strikethrough, GitHub's math, a heading's closing hashes; and the colon of `http:` and the dot of `www.`,
# where GFM's autolinks start. Such a link runs to the next `<` and takes the backslash that escaped it
# (`http://x\<img onerror=…>` is an image); escaped, no link starts. Each is backslash-escaped.
_MD_INLINE = re.compile(r"[\\`*_\[\]<>&|~$#:]|(?<=www)\.", re.IGNORECASE)
# What else only matters at the start of a block (a list item's text): a list marker, a setext underline.
_MD_BLOCK_START = re.compile(r"\A(?:([-+=])|(\d+)([.)]))")
_MD_EDGE = re.compile(r"\A\s+|\s+\Z")  # a cell or paragraph trims them (markdown-it: any Unicode space)


CHANGE_ROWS = 2000  # applied changes listed, at most (all are counted)
REVIEW_ROWS = 2000  # findings left listed, at most (all are counted)
DIFF_LINES = 400  # lines of one file's diff shown, at most
CONTEXT = 40  # characters of context either side of a change or finding
CHART_BARS = 15
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class Translated:
    """A finding in a translation, as the report shows it: where, which unit, the source, and the target with
    the flagged text apart (``before``, ``flagged``, ``after``)."""

    path: str
    line: int
    unit: str | None
    code: str
    message: str
    source: str
    before: str
    flagged: str
    after: str


@dataclass(frozen=True)
class Change:
    """One change written to a file (or with ``--dry-run``, that would be), found by comparing the text as read
    with the text written: where it starts in the text as read, the rules whose fixes made it, and both texts
    around it, the changed words apart (``old`` in ``before``, ``new`` in ``after``)."""

    path: str
    line: int
    column: int
    codes: tuple[str, ...]
    severities: tuple[str, ...]  # of the findings whose fixes made it
    lead: str  # the text as read before the change
    old: str
    trail: str  # the text as read after the change
    new_lead: str
    new: str
    new_trail: str


@dataclass(frozen=True)
class Finding:
    """A finding left for an editor: where it is in the text the run left, the rule, and the flagged text in
    context; ``note`` says what became of its fix or suggestion."""

    path: str
    line: int
    column: int
    code: str
    name: str
    pack: str
    severity: str
    message: str
    lead: str
    flagged: str
    trail: str
    note: str


@dataclass
class Report:
    """What a run did and left: ``mode`` is ``check`` (nothing written), ``fix`` (``changes`` were written) or
    ``dry-run`` (``changes`` would be written; nothing was)."""

    command: str
    mode: str = "check"
    files: int = 0
    files_with_findings: int = 0
    errors: list[str] = field(default_factory=list)
    by_rule: Counter = field(default_factory=Counter)  # findings left, per rule
    names: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (name, pack)
    by_file: Counter = field(default_factory=Counter)  # findings left, per file
    by_severity: Counter = field(default_factory=Counter)
    applied_by_rule: Counter = field(default_factory=Counter)  # fixes written (or that would be), per rule
    review: list[Finding] = field(default_factory=list)
    review_left_out: int = 0
    changes: list[Change] = field(default_factory=list)
    changes_left_out: int = 0
    diffs: dict[str, list[str]] = field(default_factory=dict)  # changed file -> its unified diff's lines
    records: int = 0
    corpora_changed: int = 0  # JSONL corpora with a record changed
    # JSONL corpora whose records changed: (path, records changed, where they were written); not listed change by change
    corpus_changes: list[tuple[str, int, str | None]] = field(default_factory=list)
    # findings in files checked against their source (translation files, paired articles), source beside target
    translations: list[Translated] = field(default_factory=list)
    translations_left_out: int = 0

    @property
    def files_changed(self) -> int:
        return len(self.diffs) + self.corpora_changed

    @property
    def fixes_applied(self) -> int:
        return sum(self.applied_by_rule.values())

    @property
    def by_pack(self) -> Counter:
        packs: Counter = Counter()
        for code, count in self.by_rule.items():
            packs[self.names.get(code, ("", "?"))[1]] += count
        return packs

    @property
    def writes(self) -> bool:
        """Whether the run computed fixes (``fix``, ``fix --dry-run``), so that changes are reported."""
        return self.mode != "check"


def build(command: str, results: Sequence[FileResult], corpora: Sequence[CorpusSummary] = (),
          rules: Mapping[str, Any] | None = None, mode: str | None = None) -> Report:
    """The report of a run. ``rules`` (code to rule) names the rules of JSONL corpora, which report codes only.

    ``mode``: ``check``, ``fix`` or ``dry-run`` (default: ``fix`` for the command ``fix``, else ``check``). The
    changes are what the fixer wrote, found by comparing each file as read with the text written; the findings
    are those of the text the run left (with ``dry-run``, of the text the fix would leave)."""
    report = Report(command, mode or ("fix" if command == "fix" else "check"))
    for result in results:
        report.files += 1
        if result.error:
            report.errors.append(f"{result.path}: {result.error}")
            continue
        if report.writes:
            _add_changes(report, result)
        if report.mode == "dry-run" and result.left is not None and result.fixed is not None:
            result = dataclasses.replace(result, text=result.fixed, diagnostics=result.left)
        _add_findings(report, result)
    for corpus in corpora:
        report.files += 1
        report.records += corpus.records
        report.corpora_changed += int(corpus.changed > 0)
        if corpus.changed and report.writes:
            report.corpus_changes.append((corpus.path, corpus.changed, corpus.output))
        report.errors.extend(corpus.errors)
        report.by_rule.update(corpus.codes)
        if corpus.codes:
            report.files_with_findings += 1
            report.by_file[corpus.path] = sum(corpus.codes.values())
    for code in [*report.by_rule, *report.applied_by_rule]:
        if code not in report.names and rules and (rule := rules.get(code)) is not None:
            report.names[code] = (rule.name, rule.pack)
    return report


def _add_findings(report: Report, result: FileResult) -> None:
    if not result.diagnostics:
        return
    report.files_with_findings += 1
    report.by_file[result.path] = len(result.diagnostics)
    for diag in result.diagnostics:
        report.by_rule[diag.code] += 1
        report.by_severity[str(diag.severity)] += 1
        report.names.setdefault(diag.code, (diag.name, diag.pack))
        if not result.text:
            continue
        if result.sources:
            if len(report.translations) < TRANSLATION_ROWS:
                report.translations.append(_translated(result, diag))
            else:
                report.translations_left_out += 1
        elif len(report.review) < REVIEW_ROWS:
            report.review.append(_finding(result, diag, report.mode))
        else:
            report.review_left_out += 1


def _finding(result: FileResult, diag: Diagnostic, mode: str) -> Finding:
    text = result.text
    line, column = result.lines.human(diag.start)
    lead, trail = _context(text, diag.start, diag.end)
    return Finding(result.path, line, column, diag.code, diag.name, diag.pack, str(diag.severity), diag.message,
                   lead, _one_line(str(text[diag.start:diag.end])), trail, _note(diag, mode))


def _note(diag: Diagnostic, mode: str) -> str:
    """What became of the finding's fix: none, not applied and why, or (in a check) which command applies it."""
    fix = diag.fix
    suggested = " or ".join(f"'{s}'" for s in diag.suggestions[:3])
    if diag.withheld and (fix is None or fix.applicability is not Applicability.SAFE):
        # the engine's reason, as every face says it ("inside a quotation: not changed")
        return f"{diag.withheld}: {suggested}".rstrip(": ")
    if fix is None:
        return f"suggestion, not changed: {suggested}" if suggested else "no fix: needs an editor"
    if fix.applicability is Applicability.DISPLAY_ONLY:
        return f"suggestion, never applied: {suggested}" if suggested else "suggestion, never applied"
    if fix.applicability is Applicability.UNSAFE:
        return f"unsafe fix, not applied (--unsafe-fixes applies it): {suggested}".rstrip(": ")
    if mode == "check":
        return f"safe fix (copydesk fix applies it): {suggested}".rstrip(": ")
    return f"safe fix left (it met another fix): {suggested}".rstrip(": ")


def _add_changes(report: Report, result: FileResult) -> None:
    """The changes written to ``result``'s file: the text as read compared with the text written."""
    old, new = result.original, result.fixed
    if old is None or new is None or old == new:
        return
    old, new = str(old), str(new)
    report.diffs[result.path] = _unified(result.path, old, new)
    lines = LineIndex(old)
    written = sorted(result.written, key=lambda w: (w.start, w.end))
    for o_start, o_end, n_start, n_end in _hunks(old, new):
        made_by = [w for w in written if w.start <= o_end and w.end >= o_start]
        codes = tuple(dict.fromkeys(w.code for w in made_by))
        for code in codes or ("",):
            report.applied_by_rule[code] += 1
        if len(report.changes) >= CHANGE_ROWS:
            report.changes_left_out += 1
            continue
        line, column = lines.human(o_start)
        lead, trail = _context(old, o_start, o_end)
        new_lead, new_trail = _context(new, n_start, n_end)
        severities = tuple(dict.fromkeys(w.severity for w in made_by if w.severity))
        report.changes.append(Change(result.path, line, column, codes, severities, lead, old[o_start:o_end], trail,
                                     new_lead, new[n_start:n_end], new_trail))


def _hunks(old: str, new: str) -> list[tuple[int, int, int, int]]:
    """Where ``old`` and ``new`` differ, word by word, as (old start, old end, new start, new end): the lines
    that differ are found first, then the words within them; two changes a space or a mark apart are one."""
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    found: list[tuple[int, int, int, int]] = []
    old_at = [0, *itertools.accumulate(map(len, old_lines))]
    new_at = [0, *itertools.accumulate(map(len, new_lines))]
    by_line = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in by_line.get_opcodes():
        if tag == "equal":
            continue
        base_old, base_new = old_at[i1], new_at[j1]
        a, b = _TOKEN.findall(old[base_old:old_at[i2]]), _TOKEN.findall(new[base_new:new_at[j2]])
        a_at, b_at = [0, *itertools.accumulate(map(len, a))], [0, *itertools.accumulate(map(len, b))]
        block: list[tuple[int, int, int, int]] = []
        for op, k1, k2, m1, m2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if op == "equal":
                continue
            span = (base_old + a_at[k1], base_old + a_at[k2], base_new + b_at[m1], base_new + b_at[m2])
            if block and span[0] - block[-1][1] <= 2 and "\n" not in old[block[-1][1]:span[0]]:
                span = (block[-1][0], span[1], block[-1][2], span[3])
                block[-1] = span
            else:
                block.append(span)
        found.extend(block)
    return _whole_words(old, new, found)


def _whole_words(old: str, new: str, hunks: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Each change widened to the whole words it touches (``said the the`` to ``said the``, not `` the`` to
    nothing), the same on both sides: the text around a change is the same in both; changes that then meet
    are one."""
    widened: list[tuple[int, int, int, int]] = []
    for o_start, o_end, n_start, n_end in hunks:
        o_start, o_end, n_start, n_end = _space_first(old, new, (o_start, o_end, n_start, n_end))
        while o_start > 0 and n_start > 0 and _WORD.match(old, o_start - 1):
            o_start, n_start = o_start - 1, n_start - 1
        while o_end < len(old) and n_end < len(new) and _WORD.match(old, o_end):
            o_end, n_end = o_end + 1, n_end + 1
        if widened and o_start <= widened[-1][1]:
            widened[-1] = (widened[-1][0], max(o_end, widened[-1][1]), widened[-1][2], max(n_end, widened[-1][3]))
        else:
            widened.append((o_start, o_end, n_start, n_end))
    return widened


def _space_first(old: str, new: str, hunk: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """A deletion (or an insertion) that ends in a space, read one character earlier where the text allows it
    ("the " as " the"), so that widening takes the word before it and not the word after: "the the building"
    made "the building" shows "the the" -> "the", not "the building" -> "building"."""
    o_start, o_end, n_start, n_end = hunk
    if (o_start == o_end) == (n_start == n_end):
        return hunk  # a replacement, or nothing
    text, start, end = (old, o_start, o_end) if n_start == n_end else (new, n_start, n_end)
    while start > 0 and text[end - 1].isspace() and text[start - 1] == text[end - 1]:
        start, end = start - 1, end - 1
        o_start, o_end, n_start, n_end = o_start - 1, o_end - 1, n_start - 1, n_end - 1
    return o_start, o_end, n_start, n_end


def _context(text: Any, start: int, end: int) -> tuple[str, str]:
    """Up to CONTEXT characters of the line before ``start`` and after ``end``, cut at a space when it can be,
    with ``…`` where the line goes on."""
    lead = str(text[max(0, start - CONTEXT):start])
    lead = _LINE_BREAK.split(lead)[-1]
    if start - len(lead) > 0 and not _LINE_BREAK.match(str(text[start - len(lead) - 1:start - len(lead) + 1])):
        cut = lead.find(" ")
        lead = "…" + (lead[cut + 1:] if 0 <= cut < len(lead) // 2 else lead)
    else:
        lead = lead.lstrip(" \t")  # the line's indentation
    trail = str(text[end:end + CONTEXT])
    trail = _LINE_BREAK.split(trail)[0]
    if end + len(trail) < len(text) and not _LINE_BREAK.match(str(text[end + len(trail):end + len(trail) + 2])):
        cut = trail.rfind(" ")
        trail = (trail[:cut] if cut > len(trail) // 2 else trail) + "…"
    return lead, trail


def _one_line(text: str) -> str:
    return _LINE_BREAK.sub(" ", text)


def _unified(path: str, old: str, new: str) -> list[str]:
    lines = [line.rstrip("\r\n") for line in difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), f"{path} (as read)", f"{path} (fixed)", n=1)]
    if len(lines) > DIFF_LINES:
        lines = [*lines[:DIFF_LINES], f"… {len(lines) - DIFF_LINES} more lines of diff"]
    return lines


def _translated(result: FileResult, diag: Any) -> Translated:
    """The finding with its source beside it: a unit's source and target, or in a paired article the source
    sentence and the target sentence the finding is in."""
    from linter.faces.formats.base import source_side

    side = source_side(result, diag)
    span = result.source_at(diag.start)
    text = str(result.text)
    flagged = text[diag.start:diag.end]
    line = result.lines.human(diag.start)[0]
    if span is not None and span.target is not None:  # a unit: its whole target, the flagged text marked if it reads so
        nth = text.count(flagged, span.start, diag.start) if flagged else 0  # which occurrence in the unit
        at = -1
        for _ in range(nth + 1):
            at = span.target.find(flagged, at + 1) if flagged else -1
            if at < 0:
                break
        if at >= 0:
            before, after = span.target[:at], span.target[at + len(flagged):]
        else:
            before, flagged, after = span.target, "", ""
    else:
        lo, hi = _sentence_around(result, diag.start, diag.end)
        before, after = text[lo:diag.start], text[diag.end:hi]
    squash = " ".join
    return Translated(result.path, line, side.unit if side else None, diag.code, diag.message,
                      side.source if side else "", squash(before.split()) + (" " if before[-1:].isspace() else ""),
                      squash(flagged.split()), (" " if after[:1].isspace() else "") + squash(after.split()))


def _sentence_around(result: FileResult, start: int, end: int) -> tuple[int, int]:
    from linter.text.document import Document

    doc = Document.from_text(str(result.text), result.path)
    first, last = doc.sentence_at(start), doc.sentence_at(max(start, end - 1))
    return (first[0] if first else max(0, start - 80)), (last[1] if last else min(len(result.text), end + 80))


def _control_picture(found: re.Match[str]) -> str:
    code = ord(found.group())
    return chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7F else f"\\u{code:04x}"


def visible(text: str) -> str:
    """User text (a file name, an excerpt, a message) as a report shows it, in either format.

    A C0 control character becomes its Unicode Control Picture (a line break in a file name is ``␊``, not a
    break in the report), a C1 control ``\\u0080`` to ``\\u009f``. A byte of a file name that is not UTF-8
    (a surrogate escape) becomes ``\\xNN``, another lone surrogate ``\\uXXXX``: UTF-8 cannot encode them,
    and writing the report would fail.
    """
    text = _CONTROL.sub(_control_picture, text)
    return _SURROGATE.sub(lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}" if "\udc80" <= m.group() <= "\udcff"
                          else f"\\u{ord(m.group()):04x}", text)


def _md(text: str, edges: bool = True) -> str:
    """User text as Markdown that renders as exactly that text, in a table cell, a list item or a heading.

    Every character that could open markup is backslash-escaped (CommonMark lets any ASCII punctuation be).
    With ``edges`` (the text starts or ends a block, as in a cell or a list item), so is a list marker or
    setext underline at its start, and white space at either end, which a cell or a paragraph would trim,
    is written as character references.
    Bare URLs and e-mail addresses may still be made links by GitHub's renderer; their text stays as it is.
    """
    text = _MD_INLINE.sub(r"\\\g<0>", visible(text))
    if not edges:
        return text
    text = _MD_BLOCK_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)
    return _MD_EDGE.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group()), text)


def _md_marked(lead: str, middle: str, trail: str, tag: str) -> str:
    """A table cell of text with its ``middle`` marked by the inline HTML element ``tag`` (``del`` or ``b``, which
    GitHub keeps): unlike ``~~`` or ``**``, an element marks any text, whatever stands at its edges. An empty
    middle is shown as ``∅``. Each part is escaped as ``_md`` does; the cell's edges keep their spaces."""
    lead_core, trail_core = lead.rstrip(), trail.lstrip()
    # the spaces next to the middle are inside the cell: only a lead or trail of nothing but spaces is at its edge
    left = _md(lead_core) + _md(lead[len(lead_core):], False) if lead_core else _md(lead) if lead else ""
    right = _md(trail[:len(trail) - len(trail_core)], False) + _md(trail_core) if trail_core else \
        _md(trail) if trail else ""
    return f"{left}<{tag}>{_md(middle, False) or '∅'}</{tag}>{right}"


def _md_code(text: str) -> str:
    """User text as a Markdown code span: a fence longer than any run of backticks in it, padded when needed."""
    text = visible(text)
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    pad = " " if text[:1] == "`" or text[-1:] == "`" or (text[:1] == text[-1:] == " " and text.strip(" ")) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _h(text: object) -> str:
    return html.escape(visible(str(text)), quote=True)


_SEVERITY_ORDER = ("error", "warning", "info")
_TITLES = {"check": ("Nothing was written", "Needs review"),
           "fix": ("Applied: written to the files", "Needs review: left after the fix"),
           "dry-run": ("Would be applied (dry run: nothing was written)", "Would still need review after the fix")}


def _rule_label(report: Report, code: str) -> str:
    return f"{code} {report.names.get(code, ('', ''))[0]}".strip() if code else "(rule not known)"


def to_markdown(report: Report) -> str:
    """The report as GitHub Flavored Markdown: the same model as the HTML one, without charts or filters."""
    applied_title, review_title = _TITLES[report.mode]
    findings = sum(report.by_rule.values())
    lines = [f"# copydesk {report.command} report", ""]
    if report.mode == "dry-run":
        lines += ["Dry run: nothing was written. The changes below are what `copydesk fix` would write.", ""]
    lines += ["| | |", "|---|---|", f"| files | {report.files} |",
              f"| files with findings | {report.files_with_findings} |", f"| findings | {findings} |"]
    if report.records:
        lines.append(f"| JSONL records | {report.records} |")
    if report.writes:
        verb = "that would change" if report.mode == "dry-run" else "changed"
        lines += [f"| files {verb} | {report.files_changed} |",
                  f"| fixes {'that would be ' if report.mode == 'dry-run' else ''}applied | {report.fixes_applied} |"]
    lines += [f"| files not read or not written | {len(report.errors)} |"]
    if report.writes:
        lines += ["", f"## {applied_title}", ""]
        if report.changes:
            lines += ["| file | line | column | rule | before | after |", "|---|---:|---:|---|---|---|"]
            for c in report.changes:
                rules = ", ".join(_md(_rule_label(report, code)) for code in c.codes or ("",))
                lines.append(f"| {_md(c.path)} | {c.line} | {c.column} | {rules} | "
                             f"{_md_marked(c.lead, c.old, c.trail, 'del')} | "
                             f"{_md_marked(c.new_lead, c.new, c.new_trail, 'b')} |")
            if report.changes_left_out:
                lines.append(f"\n{report.changes_left_out} more changes are not listed.")
        elif not report.corpus_changes:
            lines.append("No change.")
        lines += [("\n" if report.changes else "") + _md(_corpus_change(report, *c)) for c in report.corpus_changes]
    lines += ["", f"## {review_title}", ""]
    if report.review:
        lines += ["| file | line | column | rule | severity | message | in context | fix |",
                  "|---|---:|---:|---|---|---|---|---|"]
        for f in report.review:
            lines.append(f"| {_md(f.path)} | {f.line} | {f.column} | {_md(f.code)} {_md(f.name)} | {_md(f.severity)} | "
                         f"{_md(f.message)} | {_md_marked(f.lead, f.flagged, f.trail, 'b')} | "
                         f"{_md(f.note)} |")
        if report.review_left_out:
            lines.append(f"\n{report.review_left_out} more findings are not listed.")
    else:
        lines.append("Nothing." if not report.translations else "Only findings in translations (below).")
    lines += ["", "## Findings per pack", "", "| pack | findings |", "|---|---:|"]
    lines += [f"| {_md(pack)} | {count} |" for pack, count in report.by_pack.most_common()]
    lines += ["", "## Findings per rule", "", "| code | name | pack | findings |", "|---|---|---|---:|"]
    for code, count in report.by_rule.most_common():
        name, pack = report.names.get(code, ("", ""))
        lines.append(f"| {_md(code)} | {_md(name)} | {_md(pack)} | {count} |")
    lines += ["", f"## Most affected files (top {TOP_FILES})", "", "| file | findings |", "|---|---:|"]
    lines += [f"| {_md(path)} | {count} |" for path, count in report.by_file.most_common(TOP_FILES)]
    if report.diffs:
        lines += ["", "## Changed files" if report.mode == "fix" else "## Files that would change", ""]
        for path, diff in report.diffs.items():
            body = "\n".join(visible(line) for line in diff)
            fence = "`" * max(3, max(map(len, re.findall("`+", body)), default=0) + 1)
            lines += [f"### {_md(path)}", "", f"{fence}diff", body, fence, ""]
    if report.translations:
        lines += ["", "## Translations: each finding beside its source", "",
                  "| file | unit | code | message | source | target |", "|---|---|---|---|---|---|"]
        for row in report.translations:
            target = f"{_md(row.before, False)}**{_md(row.flagged, False)}**{_md(row.after, False)}" if row.flagged \
                else _md(row.before + row.after, False)
            lines.append(f"| {_md(f'{row.path}:{row.line}')} | {_md(row.unit or '')} | {_md(row.code)} | "
                         f"{_md(row.message)} | {_md(row.source)} | {target} |")
        if report.translations_left_out:
            lines.append(f"\n{report.translations_left_out} more findings in translations are not shown.")
    if report.errors:
        lines += ["", "## Files that could not be read or written", ""] + [f"- {_md(e)}" for e in report.errors]
    return "\n".join(lines) + "\n"


_STYLE = """
:root{--error:#c62828;--warning:#b26a00;--info:#1565c0;--ink:#1d1d1f;--muted:#6b6b70;--line:#e3e3e8;
--del:#fde2e1;--ins:#dcf5e3;--mark:#ffe58f}
*{box-sizing:border-box}body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);
margin:0;background:#f6f6f8}header{background:#1f2a44;color:#fff;padding:1.2em 2em}header h1{margin:0;font-size:1.5em}
header p{margin:.3em 0 0;color:#c9d1e4}main{max-width:78em;margin:0 auto;padding:1em 2em 3em}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:1em 1.3em;margin:1.2em 0}
h2{font-size:1.15em;margin:.2em 0 .7em}h2 .count{color:var(--muted);font-weight:normal}
.cards{display:flex;flex-wrap:wrap;gap:.8em;margin:1.2em 0}.card{background:#fff;border:1px solid var(--line);
border-radius:8px;padding:.7em 1.1em;min-width:9em}.card b{display:block;font-size:1.6em}.card span{color:var(--muted)}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(30em,1fr));gap:1.2em 2em}.charts figure{margin:0}
figcaption{font-weight:600;margin-bottom:.3em}svg text{font:13px system-ui,sans-serif;fill:var(--ink)}
table{border-collapse:collapse;width:100%;font-size:.93em}th,td{text-align:left;padding:.35em .5em;
border-bottom:1px solid var(--line);vertical-align:top}th{background:#fafafc;position:sticky;top:0}
td.num{text-align:right;white-space:nowrap}td.where{font-family:ui-monospace,monospace;font-size:.85em;word-break:break-all;min-width:12em;max-width:20em}
td.rule{min-width:9em}.note code,td.rule code{font-weight:600}
.sev{display:inline-block;border-radius:3px;padding:0 .4em;color:#fff;font-size:.85em}
.sev-error{background:var(--error)}.sev-warning{background:var(--warning)}.sev-info{background:var(--info)}
tr.sev-row-error td:first-child{border-left:4px solid var(--error)}
tr.sev-row-warning td:first-child{border-left:4px solid var(--warning)}
tr.sev-row-info td:first-child{border-left:4px solid var(--info)}
del{background:var(--del);text-decoration:line-through;color:#8a1c1c}ins{background:var(--ins);text-decoration:none;
color:#105a2b;font-weight:600}mark{background:var(--mark)}.ctx{color:#444}.note{color:var(--muted);font-size:.9em}
.filters{display:flex;flex-wrap:wrap;gap:.8em;align-items:center}.filters label{font-size:.9em;color:var(--muted)}
select{font:inherit;padding:.2em}pre.diff{background:#fbfbfd;border:1px solid var(--line);padding:.6em;overflow-x:auto;
font-size:.88em;margin:.4em 0}
.diff span{display:inline-block;min-width:100%}.diff .add{background:var(--ins)}.diff .del{background:var(--del)}
.diff .hunk{color:var(--info)}details summary{cursor:pointer;font-family:ui-monospace,monospace}
.pair td{width:50%}.empty{color:var(--muted)}[hidden]{display:none!important}
"""

_SCRIPT = """
(function(){
  var keys=["rule","pack","severity"];
  function rows(){return document.querySelectorAll("tr[data-rule]");}
  function apply(){
    var want={};keys.forEach(function(k){want[k]=document.getElementById("filter-"+k).value;});
    var shown={applied:0,review:0};
    rows().forEach(function(tr){
      var ok=keys.every(function(k){var v=want[k];if(!v){return true;}
        return (" "+tr.getAttribute("data-"+k)+" ").indexOf(" "+v+" ")>=0;});
      tr.hidden=!ok;if(ok){shown[tr.getAttribute("data-table")]+=1;}
    });
    ["applied","review"].forEach(function(t){
      var el=document.getElementById("shown-"+t);if(el){el.textContent=shown[t];}});
    document.body.setAttribute("data-filtered",keys.map(function(k){return want[k];}).join("|"));
  }
  function fromHash(){
    var params=new URLSearchParams(location.hash.replace(/^#/,""));
    keys.forEach(function(k){var s=document.getElementById("filter-"+k);var v=params.get(k);
      if(v!==null&&Array.prototype.some.call(s.options,function(o){return o.value===v;})){s.value=v;}});
    apply();
  }
  keys.forEach(function(k){document.getElementById("filter-"+k).addEventListener("change",apply);});
  window.addEventListener("hashchange",fromHash);
  fromHash();
})();
"""


def _bars(title: str, items: Sequence[tuple[str, int]], colour: str, name: str) -> str:
    """A horizontal bar chart as inline SVG; every label is escaped text."""
    items = list(items)[:CHART_BARS]
    if not items:
        return f"<figure data-chart='{name}'><figcaption>{_h(title)}</figcaption><p class='empty'>Nothing.</p></figure>"
    width, label_width, row = 560, 280, 24
    top = max(count for _, count in items)
    height = row * len(items) + 4
    bars = []
    for i, (label, count) in enumerate(items):
        y = i * row + 2
        length = max(2, round((width - label_width - 50) * count / top))
        shown = label if len(label) <= 36 else (label[:35] + "…" if name in ("rule", "applied") else "…" + label[-35:])
        bars.append(f"<g class='bar'><title>{_h(label)}: {count}</title>"
                    f"<text x='{label_width - 6}' y='{y + 15}' text-anchor='end'>{_h(shown)}</text>"
                    f"<rect x='{label_width}' y='{y + 3}' width='{length}' height='{row - 7}' rx='2' fill='{colour}'/>"
                    f"<text x='{label_width + length + 5}' y='{y + 15}'>{count}</text></g>")
    return (f"<figure data-chart='{name}'><figcaption>{_h(title)}</figcaption>"
            f"<svg xmlns='http://www.w3.org/2000/svg' role='img' width='100%' viewBox='0 0 {width} {height}' "
            f"aria-label='{_h(title)}'>{''.join(bars)}</svg></figure>")


def _options(values: Sequence[str], labels: Mapping[str, str] | None = None) -> str:
    return "".join(f"<option value='{_h(v)}'>{_h((labels or {}).get(v, v))}</option>" for v in values)


def to_html(report: Report) -> str:
    """The report as one HTML page that needs nothing from the network: inline style, SVG charts and a small
    script (filters by rule, pack and severity, also from the URL fragment: ``#rule=CD101&severity=warning``).
    A Content-Security-Policy lets only that script run; every user text is escaped."""
    applied_title, review_title = _TITLES[report.mode]
    findings = sum(report.by_rule.values())
    script_hash = base64.b64encode(hashlib.sha256(_SCRIPT.encode()).digest()).decode()
    csp = f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{script_hash}'; img-src data:"
    cards = [(report.files, "files"), (report.files_with_findings, "files with findings"),
             (findings, "findings left" if report.mode == "fix" else "findings")]
    if report.writes:
        verb = "that would change" if report.mode == "dry-run" else "changed"
        fixes = "fixes that would be applied" if report.mode == "dry-run" else "fixes applied"
        cards += [(report.files_changed, f"files {verb}"), (report.fixes_applied, fixes)]
    if report.records:
        cards.append((report.records, "JSONL records"))
    cards.append((len(report.errors), "files not read or not written"))
    subtitle = {"check": "check: nothing was written", "fix": "fix: the changes below were written",
                "dry-run": "fix --dry-run: nothing was written; the changes below are what fix would write"}
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<meta http-equiv='Content-Security-Policy' content=\"{csp}\">",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>copydesk {_h(report.command)} report</title><style>{_STYLE}</style></head>",
        f"<body data-mode='{_h(report.mode)}'><header><h1>copydesk {_h(report.command)} report</h1>"
        f"<p>{_h(subtitle[report.mode])}</p></header><main>",
        "<div class='cards' id='totals'>" + "".join(
            f"<div class='card'><b>{n}</b><span>{_h(label)}</span></div>" for n, label in cards) + "</div>",
    ]
    severities = "".join(f"<span class='sev sev-{_h(s)}'>{_h(s)}: {report.by_severity[s]}</span> "
                         for s in _SEVERITY_ORDER if report.by_severity[s])
    parts.append("<section id='charts'><h2>At a glance</h2>" + (f"<p>{severities}</p>" if severities else "")
                 + "<div class='charts'>"
                 + _bars("Findings per pack", report.by_pack.most_common(), "#5b6abf", "pack")
                 + _bars("Findings per rule", [(_rule_label(report, c), n) for c, n in report.by_rule.most_common()],
                         "#b26a00", "rule")
                 + _bars("Files with most findings", report.by_file.most_common(), "#c62828", "file")
                 + (_bars("Fixes applied per rule" if report.mode == "fix" else "Fixes per rule",
                          [(_rule_label(report, c), n) for c, n in report.applied_by_rule.most_common()],
                          "#2e7d32", "applied") if report.writes else "")
                 + "</div></section>")
    codes = sorted({*report.by_rule, *(c for change in report.changes for c in change.codes)})
    packs = sorted({report.names.get(c, ("", ""))[1] for c in codes} - {""})
    parts.append("<section id='filters'><h2>Filter</h2><div class='filters'>"
                 f"<label>rule <select id='filter-rule'><option value=''>all rules</option>"
                 f"{_options(codes, {c: _rule_label(report, c) for c in codes})}</select></label>"
                 f"<label>pack <select id='filter-pack'><option value=''>all packs</option>{_options(packs)}"
                 "</select></label><label>severity <select id='filter-severity'><option value=''>all</option>"
                 f"{_options(_SEVERITY_ORDER)}</select></label></div></section>")
    if report.writes:
        parts.append(f"<section id='applied'><h2>{_h(applied_title)} <span class='count'>(<span id='shown-applied'>"
                     f"{len(report.changes)}</span> of {report.fixes_applied if report.changes else 0})</span></h2>")
        if report.changes:
            parts.append("<table><thead><tr><th>where</th><th>rule</th><th>before</th><th>after</th></tr></thead><tbody>")
            for c in report.changes:
                packs_of = " ".join(dict.fromkeys(report.names.get(code, ("", ""))[1] for code in c.codes))
                rules = "<br>".join(
                    f"<code>{_h(code)}</code> <span class='note'>{_h(report.names.get(code, ('', ''))[0])}</span>"
                    if code else "<span class='note'>(rule not known)</span>" for code in c.codes or ("",))
                parts.append(
                    f"<tr class='applied-row' data-table='applied' data-rule='{_h(' '.join(c.codes))}' "
                    f"data-pack='{_h(packs_of)}' data-severity='{_h(' '.join(c.severities))}'>"
                    f"<td class='where'>{_h(c.path)}:{c.line}:{c.column}</td><td class='rule'>{rules}</td>"
                    f"<td class='ctx before'>{_h(c.lead)}<del>{_h(c.old)}</del>{_h(c.trail)}</td>"
                    f"<td class='ctx after'>{_h(c.new_lead)}<ins>{_h(c.new)}</ins>{_h(c.new_trail)}</td></tr>")
            parts.append("</tbody></table>")
            if report.changes_left_out:
                parts.append(f"<p class='note'>{report.changes_left_out} more changes are not listed.</p>")
        elif not report.corpus_changes:
            parts.append("<p class='empty'>No change.</p>")
        parts += [f"<p class='corpus'>{_h(_corpus_change(report, *corpus))}</p>" for corpus in report.corpus_changes]
        parts.append("</section>")
    parts.append(f"<section id='review'><h2>{_h(review_title)} <span class='count'>(<span id='shown-review'>"
                 f"{len(report.review)}</span> of {len(report.review) + report.review_left_out})</span></h2>")
    if report.review:
        parts.append("<table><thead><tr><th>where</th><th>rule</th><th>severity</th><th>message</th>"
                     "<th>in context</th><th>fix</th></tr></thead><tbody>")
        for f in report.review:
            sev = f.severity if f.severity in _SEVERITY_ORDER else "info"
            parts.append(
                f"<tr class='review-row sev-row-{sev}' data-table='review' data-rule='{_h(f.code)}' "
                f"data-pack='{_h(f.pack)}' data-severity='{_h(f.severity)}'>"
                f"<td class='where'>{_h(f.path)}:{f.line}:{f.column}</td>"
                f"<td class='rule'><code>{_h(f.code)}</code> <span class='note'>{_h(f.name)} · {_h(f.pack)}</span></td>"
                f"<td><span class='sev sev-{sev}'>{_h(f.severity)}</span></td><td>{_h(f.message)}</td>"
                f"<td class='ctx'>{_h(f.lead)}<mark>{_h(f.flagged)}</mark>{_h(f.trail)}</td>"
                f"<td class='note'>{_h(f.note)}</td></tr>")
        parts.append("</tbody></table>")
        if report.review_left_out:
            parts.append(f"<p class='note'>{report.review_left_out} more findings are not listed.</p>")
    else:
        parts.append("<p class='empty'>Nothing.</p>" if not report.translations else
                     "<p class='empty'>Only findings in translations (below).</p>")
    parts.append("</section>")
    if report.writes:
        title = "Changed files" if report.mode == "fix" else "Files that would change"
        parts.append(f"<section id='changed-files'><h2>{title} <span class='count'>({len(report.diffs)})</span></h2>")
        if report.diffs:
            parts.append("<ul class='changed'>")
            for path, diff in report.diffs.items():
                body = "".join(f"<span class='{_diff_class(line)}'>{_h(line)}</span>\n" if _diff_class(line)
                               else _h(line) + "\n" for line in diff)
                opened = " open" if len(report.diffs) <= 10 else ""
                parts.append(f"<li class='changed-file'><details{opened}><summary>{_h(path)}</summary>"
                             f"<pre class='diff'>{body}</pre></details></li>")
            parts.append("</ul>")
        else:
            parts.append("<p class='empty'>None.</p>")
        parts.append("</section>")
    parts.append("<section id='tables'><h2>Findings per pack</h2>"
                 + _table(["pack", "findings"], report.by_pack.most_common())
                 + "<h2>Findings per rule</h2>"
                 + _table(["code", "name", "pack", "findings"],
                          [(c, *report.names.get(c, ("", "")), n) for c, n in report.by_rule.most_common()])
                 + f"<h2>Most affected files (top {TOP_FILES})</h2>"
                 + _table(["file", "findings"], report.by_file.most_common(TOP_FILES)) + "</section>")
    if report.translations:
        parts.append("<section id='translations'><h2>Translations: each finding beside its source</h2>")
        for row in report.translations:
            where = f"{row.path}:{row.line}" + (f" (unit {row.unit})" if row.unit is not None else "")
            target = f"{_h(row.before)}<mark>{_h(row.flagged)}</mark>{_h(row.after)}" if row.flagged \
                else _h(row.before + row.after)
            parts.append(f"<p><code>{_h(where)}</code> <b>{_h(row.code)}</b> {_h(row.message)}</p>"
                         "<table class='pair'><thead><tr><th>source</th><th>target</th></tr></thead>"
                         f"<tbody><tr><td>{_h(row.source)}</td><td>{target}</td></tr></tbody></table>")
        if report.translations_left_out:
            parts.append(f"<p>{report.translations_left_out} more findings in translations are not shown.</p>")
        parts.append("</section>")
    if report.errors:
        parts.append("<section id='errors'><h2>Files that could not be read or written</h2><ul>"
                     + "".join(f"<li>{_h(e)}</li>" for e in report.errors) + "</ul></section>")
    parts.append(f"</main><script>{_SCRIPT}</script></body></html>\n")
    return "\n".join(parts)


def _corpus_change(report: Report, path: str, changed: int, output: str | None) -> str:
    verb = "would be written" if report.mode == "dry-run" else "written"
    where = f" to {output}" if output else ""
    return (f"{path}: {changed} JSONL record{'s' if changed != 1 else ''} changed, {verb}{where} "
            "(the changes in a corpus are not listed one by one)")


def _diff_class(line: str) -> str:
    if line.startswith(("+++", "---")):
        return ""
    return {"+": "add", "-": "del", "@": "hunk"}.get(line[:1], "")


def _table(head: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = "".join(f"<th>{_h(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td class='num'>{c}</td>" if isinstance(c, int) else f"<td>{_h(c)}</td>"
                                    for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


RENDERERS = {".md": to_markdown, ".markdown": to_markdown, ".html": to_html, ".htm": to_html}
