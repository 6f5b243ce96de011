"""The clean-up report (`--report report.html` or `.md`): totals, rules, packs, files, examples."""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from linter.batch import CorpusSummary
from linter.formats.base import FileResult

EXAMPLES_PER_RULE = 3
TOP_FILES = 20


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

    @property
    def by_pack(self) -> Counter:
        packs: Counter = Counter()
        for code, count in self.by_rule.items():
            packs[self.names.get(code, ("", "?"))[1]] += count
        return packs


def build(command: str, results: Sequence[FileResult], corpora: Sequence[CorpusSummary] = ()) -> Report:
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
            if len(examples) < EXAMPLES_PER_RULE and result.text:
                examples.append(_example(result, diag.start, diag.end, diag.suggestions))
    for corpus in corpora:
        report.files += 1
        report.records += corpus.records
        report.files_changed += int(corpus.changed > 0)
        report.errors.extend(corpus.errors)
        report.by_rule.update(corpus.codes)
        if corpus.codes:
            report.files_with_findings += 1
            report.by_file[corpus.path] = sum(corpus.codes.values())
    return report


def _example(result: FileResult, start: int, end: int, suggestions: Sequence[str]) -> tuple[str, str, str]:
    text = result.text
    lo, hi = max(0, start - 50), min(len(text), end + 50)
    before = text[lo:hi].replace("\n", " ")
    after = (text[lo:start] + (suggestions[0] if suggestions else text[start:end]) + text[end:hi]).replace("\n", " ")
    return result.path, before, after


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
    lines += [f"| {pack} | {count} |" for pack, count in report.by_pack.most_common()]
    lines += ["", "## Findings per rule", "", "| code | name | pack | findings |", "|---|---|---|---:|"]
    for code, count in report.by_rule.most_common():
        name, pack = report.names.get(code, ("", ""))
        lines.append(f"| {code} | {name} | {pack} | {count} |")
    lines += ["", f"## Most affected files (top {TOP_FILES})", "", "| file | findings |", "|---|---:|"]
    lines += [f"| {_md(path)} | {count} |" for path, count in report.by_file.most_common(TOP_FILES)]
    if report.examples:
        lines += ["", "## Examples", ""]
        for code, examples in sorted(report.examples.items()):
            lines.append(f"### {code} {report.names.get(code, ('', ''))[0]}")
            for path, before, after in examples:
                lines += ["", f"`{_md(path)}`", "", f"- before: …{_md(before)}…", f"- after: …{_md(after)}…"]
            lines.append("")
    if report.errors:
        lines += ["", "## Files that could not be read", ""] + [f"- {_md(e)}" for e in report.errors]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def to_html(report: Report) -> str:
    def table(head: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
        cells = "".join(f"<th>{html.escape(h)}</th>" for h in head)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
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
        f"<title>copydesk {html.escape(report.command)} report</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}"
        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em}"
        ".before{background:#fee}.after{background:#efe}</style></head><body>",
        f"<h1>copydesk {html.escape(report.command)} report</h1>",
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
            parts.append(f"<h3>{html.escape(code)} {html.escape(report.names.get(code, ('', ''))[0])}</h3>")
            for path, before, after in examples:
                parts.append(f"<p><code>{html.escape(path)}</code></p>"
                             f"<p class='before'>…{html.escape(before)}…</p>"
                             f"<p class='after'>…{html.escape(after)}…</p>")
    if report.errors:
        parts.append("<h2>Files that could not be read</h2><ul>"
                     + "".join(f"<li>{html.escape(e)}</li>" for e in report.errors) + "</ul>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


RENDERERS = {".md": to_markdown, ".markdown": to_markdown, ".html": to_html, ".htm": to_html}
