"""The clean-up report (`--report report.html` or `.md`): totals, rules, packs, files, examples."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from linter.io.jsonl import CorpusSummary
from linter.io.results import FileResult

EXAMPLES_PER_RULE = 3
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


@dataclass
class Report:
    command: str
    files: int = 0
    files_with_findings: int = 0
    files_changed: int = 0
    errors: list[str] = field(default_factory=list)
    fixes_applied: int = 0
    by_rule: Counter = field(default_factory=Counter)
    names: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (name, pack)
    by_file: Counter = field(default_factory=Counter)
    examples: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)  # code -> (path, before, after)
    records: int = 0
    # findings in files checked against their source (translation files, paired articles), source beside target
    translations: list[Translated] = field(default_factory=list)
    translations_left_out: int = 0

    @property
    def by_pack(self) -> Counter:
        packs: Counter = Counter()
        for code, count in self.by_rule.items():
            packs[self.names.get(code, ("", "?"))[1]] += count
        return packs


def build(command: str, results: Sequence[FileResult], corpora: Sequence[CorpusSummary] = (),
          rules: Mapping[str, Any] | None = None) -> Report:
    """The report of a run. ``rules`` (code to rule) names the rules of JSONL corpora, which report codes only."""
    report = Report(command)
    for result in results:
        report.files += 1
        if result.error:
            report.errors.append(f"{result.path}: {result.error}")
            continue
        report.files_changed += int(result.changed)
        report.fixes_applied += result.applied
        if result.diagnostics:
            report.files_with_findings += 1
            report.by_file[result.path] = len(result.diagnostics)
        for diag in result.diagnostics:
            report.by_rule[diag.code] += 1
            report.names.setdefault(diag.code, (diag.name, diag.pack))
            examples = report.examples.setdefault(diag.code, [])
            if len(examples) < EXAMPLES_PER_RULE and result.text and not result.sources:
                examples.append(_example(result, diag.start, diag.end, diag.suggestions))
            if result.sources and result.text:
                if len(report.translations) < TRANSLATION_ROWS:
                    report.translations.append(_translated(result, diag))
                else:
                    report.translations_left_out += 1
    for corpus in corpora:
        report.files += 1
        report.records += corpus.records
        report.files_changed += int(corpus.changed > 0)
        report.errors.extend(corpus.errors)
        report.by_rule.update(corpus.codes)
        if corpus.codes:
            report.files_with_findings += 1
            report.by_file[corpus.path] = sum(corpus.codes.values())
    for code in report.by_rule:
        if code not in report.names and rules and (rule := rules.get(code)) is not None:
            report.names[code] = (rule.name, rule.pack)
    return report


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


def _example(result: FileResult, start: int, end: int, suggestions: Sequence[str]) -> tuple[str, str, str]:
    text = result.text
    lo, hi = max(0, start - 50), min(len(text), end + 50)
    before = _LINE_BREAK.sub(" ", text[lo:hi])
    after = _LINE_BREAK.sub(" ", text[lo:start] + (suggestions[0] if suggestions else text[start:end]) + text[end:hi])
    return result.path, before, after


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


def to_markdown(report: Report) -> str:
    lines = [f"# copydesk {report.command} report", "", "| | |", "|---|---|",
             f"| files | {report.files} |", f"| files with findings | {report.files_with_findings} |",
             f"| findings | {sum(report.by_rule.values())} |"]
    if report.records:
        lines.append(f"| JSONL records | {report.records} |")
    if report.command == "fix":
        lines += [f"| files changed | {report.files_changed} |", f"| fixes applied | {report.fixes_applied} |"]
    lines += [f"| files that could not be read | {len(report.errors)} |", "", "## Findings per pack", "",
              "| pack | findings |", "|---|---:|"]
    lines += [f"| {_md(pack)} | {count} |" for pack, count in report.by_pack.most_common()]
    lines += ["", "## Findings per rule", "", "| code | name | pack | findings |", "|---|---|---|---:|"]
    for code, count in report.by_rule.most_common():
        name, pack = report.names.get(code, ("", ""))
        lines.append(f"| {_md(code)} | {_md(name)} | {_md(pack)} | {count} |")
    lines += ["", f"## Most affected files (top {TOP_FILES})", "", "| file | findings |", "|---|---:|"]
    lines += [f"| {_md(path)} | {count} |" for path, count in report.by_file.most_common(TOP_FILES)]
    if report.examples:
        lines += ["", "## Examples", ""]
        for code, examples in sorted(report.examples.items()):
            lines.append(f"### {_md(code)} {_md(report.names.get(code, ('', ''))[0])}")
            for path, before, after in examples:
                lines += ["", _md_code(path), "", f"- before: …{_md(before, False)}…",
                          f"- after: …{_md(after, False)}…"]
            lines.append("")
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
        lines += ["", "## Files that could not be read", ""] + [f"- {_md(e)}" for e in report.errors]
    return "\n".join(lines) + "\n"


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


def _md_code(text: str) -> str:
    """User text as a Markdown code span: a fence longer than any run of backticks in it, padded when needed."""
    text = visible(text)
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    pad = " " if text[:1] == "`" or text[-1:] == "`" or (text[:1] == text[-1:] == " " and text.strip(" ")) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _h(text: object) -> str:
    return html.escape(visible(str(text)))


def to_html(report: Report) -> str:
    def table(head: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
        cells = "".join(f"<th>{_h(h)}</th>" for h in head)
        body = "".join("<tr>" + "".join(f"<td>{_h(c)}</td>" for c in row) + "</tr>" for row in rows)
        return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"

    totals = [("files", report.files), ("files with findings", report.files_with_findings),
              ("findings", sum(report.by_rule.values()))]
    if report.records:
        totals.append(("JSONL records", report.records))
    if report.command == "fix":
        totals += [("files changed", report.files_changed), ("fixes applied", report.fixes_applied)]
    totals.append(("files that could not be read", len(report.errors)))
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>copydesk {_h(report.command)} report</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}"
        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em}"
        ".before{background:#fee}.after{background:#efe}"
        ".pair td{vertical-align:top;width:50%}.pair mark{background:#fd8}</style></head><body>",
        f"<h1>copydesk {_h(report.command)} report</h1>",
        table(["", ""], totals),
        "<h2>Findings per pack</h2>", table(["pack", "findings"], report.by_pack.most_common()),
        "<h2>Findings per rule</h2>",
        table(["code", "name", "pack", "findings"],
              [(c, *report.names.get(c, ("", "")), n) for c, n in report.by_rule.most_common()]),
        f"<h2>Most affected files (top {TOP_FILES})</h2>",
        table(["file", "findings"], report.by_file.most_common(TOP_FILES)),
    ]
    if report.examples:
        parts.append("<h2>Examples</h2>")
        for code, examples in sorted(report.examples.items()):
            parts.append(f"<h3>{_h(code)} {_h(report.names.get(code, ('', ''))[0])}</h3>")
            for path, before, after in examples:
                parts.append(f"<p><code>{_h(path)}</code></p>"
                             f"<p class='before'>…{_h(before)}…</p>"
                             f"<p class='after'>…{_h(after)}…</p>")
    if report.translations:
        parts.append("<h2>Translations: each finding beside its source</h2>")
        for row in report.translations:
            where = f"{row.path}:{row.line}" + (f" (unit {row.unit})" if row.unit is not None else "")
            target = f"{_h(row.before)}<mark>{_h(row.flagged)}</mark>{_h(row.after)}" if row.flagged \
                else _h(row.before + row.after)
            parts.append(f"<p><code>{_h(where)}</code> <b>{_h(row.code)}</b> {_h(row.message)}</p>"
                         "<table class='pair'><thead><tr><th>source</th><th>target</th></tr></thead>"
                         f"<tbody><tr><td>{_h(row.source)}</td><td>{target}</td></tr></tbody></table>")
        if report.translations_left_out:
            parts.append(f"<p>{report.translations_left_out} more findings in translations are not shown.</p>")
    if report.errors:
        parts.append("<h2>Files that could not be read</h2><ul>"
                     + "".join(f"<li>{_h(e)}</li>" for e in report.errors) + "</ul>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


RENDERERS = {".md": to_markdown, ".markdown": to_markdown, ".html": to_html, ".htm": to_html}
