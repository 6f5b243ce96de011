"""The clean-up report shows user text as text: file names, excerpts, rule fields and errors never become markup.

The Markdown report is read back by two real parsers, GitHub's own (cmark-gfm, through cmarkgfm, with raw
HTML let through as an unsanitising renderer would) and markdown-it-py (CommonMark with GFM tables); the
HTML report by the standard library's HTML parser. Each user string must come back as exactly its text, in
the cell, item or heading it was put in, with no element of its own.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from linter.core.config import resolve
from linter.core.engine import linter_for
from linter.faces.report import _TITLES, Change, Finding, Report, build, to_html, to_markdown
from linter.io.results import FileResult
from tests.conftest import run_cli
from tests.html_tree import Element, cmark, parse_html, rows

# --- reading the reports back ---------------------------------------------------------------------------

MARKDOWN_IT = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
MARKDOWN_PARSERS: dict[str, Callable[[str], str]] = {"cmark-gfm": cmark, "markdown-it": MARKDOWN_IT.render}
# what the report itself is built of; user text may add nothing but the links GFM makes of bare URLs and e-mails
STRUCTURE = {"h1", "h2", "h3", "p", "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "code"}


def shown(text: str) -> str:
    """How a report must show user text, computed here independently of linter.faces.report: C0 controls as
    Unicode Control Pictures, C1 controls as \\u0080 to \\u009f, surrogate escapes of undecodable
    file-name bytes as \\xNN, other lone surrogates as \\uXXXX."""
    out = []
    for char in text:
        code = ord(char)
        if code < 0x20 and char != "\t":
            out.append(chr(0x2400 + code))
        elif code == 0x7F:
            out.append("\u2421")
        elif 0x80 <= code <= 0x9F:
            out.append(f"\\u{code:04x}")
        elif 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\x{code - 0xDC00:02x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def markup_of_its_own(element: Element) -> list[str]:
    """Elements inside a user string's element, but for GFM's autolinks of bare URLs and e-mail addresses."""
    found = []
    for inner in element.walk():
        href = dict(inner.attrs).get("href") or ""
        autolink = (inner.tag == "a" and re.match(r"(https?|mailto|xmpp):", href) is not None
                    and not list(inner.walk()) and inner.text in href)
        if not autolink:
            found.append(f"<{inner.tag} {inner.attrs}>")
    return found


def sections(root: Element) -> dict[str, list[Element]]:
    """The top-level blocks after each h2 (or h3 heading inside Examples), keyed by the heading's text."""
    blocks: dict[str, list[Element]] = {"": []}
    current = ""
    for element in (c for c in root.children if isinstance(c, Element)):
        if element.tag == "h2":
            current = element.text
            blocks[current] = []
        else:
            blocks[current].append(element)
    return blocks


# --- hostile user text ----------------------------------------------------------------------------------

PIECES = ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "</td></tr>", "<!--", "-->",
          "[click](javascript:alert(1))", "![i](x.png)", "[ref]: http://evil.example", "[^1]",
          "<http://evil.example>", "http://x.example/a_b", "www.example.com", "a@b.example",
          "&amp;", "&#60;", "&lt;", "&", "`", "``", "```", "~~~", "*", "**", "_", "__", "~~", "$x$",
          "|", "||", "\\", "\\|", "\\`", "#", "# ", "- ", "+ ", "* ", "1. ", "2) ", "> ", "=", "---", "***",
          "    ", "\t", " ", "  ", "\n", "\r", "\r\n", "\n\n", "\n# x\n", "\n- y", "\x00", "\x1b", "\x7f", "\x0c",
          "\u2028", "\u0085", "\udcff", "\ud800", "Kiev", "é", "😀", "…", "a"]
hostile = st.lists(st.one_of(st.sampled_from(PIECES), st.characters(max_codepoint=0x7F)), min_size=1, max_size=10
                   ).map("".join)
slug = st.from_regex(r"\A[a-z][a-z0-9]{0,6}\Z")


@st.composite
def reports(draw: st.DrawFn) -> Report:
    report = Report(draw(st.sampled_from(["check", "fix"])), draw(st.sampled_from(["check", "fix", "dry-run"])))
    paths = draw(st.lists(hostile, min_size=1, max_size=4, unique=True))
    codes = draw(st.lists(st.one_of(hostile, st.from_regex(r"\ACD[0-9]{3}\Z")), min_size=1, max_size=3, unique=True))
    for number, code in enumerate(codes):
        report.by_rule[code] = number + 1
        report.names[code] = (draw(st.one_of(hostile, slug)), draw(st.one_of(hostile, slug)))
    report.by_file = Counter({path: number + 1 for number, path in enumerate(paths)})
    number = st.integers(1, 99)
    report.review = [Finding(draw(st.sampled_from(paths)), draw(number), draw(number), code, *report.names[code],
                             draw(st.sampled_from(["error", "warning", "info"])), draw(hostile), draw(hostile),
                             draw(hostile), draw(hostile), draw(hostile)) for code in codes]
    if report.writes:
        report.changes = [Change(draw(st.sampled_from(paths)), draw(number), draw(number), (code,), ("warning",),
                                 *(draw(hostile) for _ in range(6))) for code in codes]
        report.applied_by_rule = Counter({c: 1 for c in codes})
        report.diffs = {path: draw(st.lists(hostile, min_size=1, max_size=4)) for path in paths}
    report.errors = draw(st.lists(hostile, max_size=3))
    report.files = len(paths) + len(report.errors)
    report.files_with_findings = len(paths)
    return report


def check_tables(blocks: dict[str, list[Element]], report: Report) -> None:
    (packs,) = [e for e in blocks["Findings per pack"] if e.tag == "table"]
    assert [[c.text for c in row] for row in rows(packs)] == [
        [shown(pack), str(count)] for pack, count in report.by_pack.most_common()]
    (per_rule,) = [e for e in blocks["Findings per rule"] if e.tag == "table"]
    assert [[c.text for c in row] for row in rows(per_rule)] == [
        [shown(code), shown(report.names[code][0]), shown(report.names[code][1]), str(count)]
        for code, count in report.by_rule.most_common()]
    (files,) = [e for e in blocks[next(k for k in blocks if k.startswith("Most affected files"))] if e.tag == "table"]
    assert [[c.text for c in row] for row in rows(files)] == [
        [shown(path), str(count)] for path, count in report.by_file.most_common()]


def marked(cell: Element, tag: str) -> tuple[str, str]:
    """A context cell's text, and the text of its one element ``tag`` (the changed or flagged words)."""
    (inner,) = [e for e in cell.walk() if e.tag not in ("a",)]  # nothing else but GFM's autolinks
    assert inner.tag == tag, cell
    return cell.text, inner.text


def check_rows(table: Element, report: Report, markdown: bool) -> None:
    """The applied table (file, line, column, rule, before, after) or the review table, row by row."""
    heads = [th.text for th in table.find_all("th")]
    found = rows(table)
    if heads[-2:] == ["before", "after"]:
        assert len(found) == len(report.changes)
        for row, change in zip(found, report.changes, strict=True):
            cells = row if markdown else [row[0], row[0], row[0], *row[1:]]
            where = f"{shown(change.path)}:{change.line}:{change.column}"
            assert (cells[0].text == shown(change.path) and cells[1].text == str(change.line)
                    and cells[2].text == str(change.column)) if markdown else cells[0].text == where
            code, name = change.codes[0], report.names[change.codes[0]][0]
            if markdown:
                assert cells[3].text == shown(f"{code} {name}".strip())
            else:
                rule = [cells[3].find_all("code")[0].text, cells[3].find_all("span")[0].text]
                assert rule == [shown(code), shown(name)]
            new_tag = "b" if markdown else "ins"
            assert marked(cells[4], "del") == (shown(change.lead + (change.old or "∅") + change.trail),
                                               shown(change.old) or "∅")
            assert marked(cells[5], new_tag) == (shown(change.new_lead + (change.new or "∅") + change.new_trail),
                                                 shown(change.new) or "∅")
    else:
        assert len(found) == len(report.review)
        for row, finding in zip(found, report.review, strict=True):
            if markdown:
                assert [c.text for c in row[:6]] == [
                    shown(finding.path), str(finding.line), str(finding.column),
                    f"{shown(finding.code)} {shown(finding.name)}", shown(finding.severity), shown(finding.message)]
                context, note = row[6], row[7]
            else:
                assert row[0].text == f"{shown(finding.path)}:{finding.line}:{finding.column}"
                assert row[1].find_all("code")[0].text == shown(finding.code)
                assert [row[2].text, row[3].text] == [shown(finding.severity), shown(finding.message)]
                context, note = row[4], row[5]
            text = finding.lead + (finding.flagged or ("∅" if markdown else "")) + finding.trail
            assert marked(context, "b" if markdown else "mark") == (
                shown(text), shown(finding.flagged) or ("∅" if markdown else ""))
            assert note.text == shown(finding.note)


def section_tables(blocks: dict[str, list[Element]], title: str) -> list[Element]:
    return [t for e in blocks.get(title, []) for t in ([e] if e.tag == "table" else e.find_all("table"))]


@pytest.mark.parametrize("parser", MARKDOWN_PARSERS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports())
def test_the_markdown_report_shows_user_text_as_text(parser: str, report: Report) -> None:
    markdown = to_markdown(report)
    root = parse_html(MARKDOWN_PARSERS[parser](markdown))
    assert {e.tag for e in root.walk()} - {"a"} <= STRUCTURE | {"del", "b", "pre"}, markdown
    for element in root.walk():
        if element.tag in ("li", "h3", "code"):
            assert not markup_of_its_own(element), markdown
    blocks = sections(root)
    check_tables(blocks, report)
    applied, review = _TITLES[report.mode]
    if report.writes:
        check_rows(section_tables(blocks, applied)[0], report, markdown=True)
        diffs = blocks["Changed files" if report.mode == "fix" else "Files that would change"]
        assert [h.text for h in diffs if h.tag == "h3"] == [shown(p) for p in report.diffs]
        assert [p.text for p in diffs if p.tag == "pre"] == [
            "".join(shown(line) + "\n" for line in lines) for lines in report.diffs.values()]
    else:
        assert applied not in blocks
    check_rows(section_tables(blocks, review)[0], report, markdown=True)
    errors = [li.text for block in blocks.get("Files that could not be read or written", [])
              for li in block.find_all("li")]
    assert errors == [shown(e) for e in report.errors]


HTML_ATTRIBUTES = {"class", "id", "lang", "open", "value", "role", "aria-label", "xmlns", "viewbox", "width", "height",
                   "x", "y", "rx", "fill", "text-anchor", "charset", "name", "content", "http-equiv", "hidden"}


@settings(max_examples=150, deadline=None)
@given(report=reports())
def test_the_html_report_shows_user_text_as_text(report: Report) -> None:
    page = to_html(report)
    page.encode("utf-8")  # what the CLI writes: a lone surrogate would fail here
    root = parse_html(page)
    assert len(root.find_all("script")) == 1 and not [e for e in root.walk() if e.tag in ("img", "a", "iframe")]
    for element in root.walk():
        assert all(name in HTML_ATTRIBUTES or name.startswith("data-") for name, _ in element.attrs), element
    main = root.find_all("main")[0]
    blocks = {s.find_all("h2")[0].text: s for s in main.find_all("section")}
    tables = {dict(s.attrs).get("id"): s for s in main.find_all("section")}
    check_tables(sections(tables["tables"]), report)
    if report.writes:
        check_rows(tables["applied"].find_all("table")[0], report, markdown=False)
        assert [dict(r.attrs)["data-rule"] for r in tables["applied"].find_all("tr")[1:]] == [
            shown(c.codes[0]) for c in report.changes]
        files = [li for li in tables["changed-files"].find_all("li")]
        assert [li.find_all("summary")[0].text for li in files] == [shown(p) for p in report.diffs]
        assert [li.find_all("pre")[0].text for li in files] == [
            "".join(shown(line) + "\n" for line in lines) for lines in report.diffs.values()]
    else:
        assert "applied" not in tables
    check_rows(tables["review"].find_all("table")[0], report, markdown=False)
    assert [dict(r.attrs)["data-pack"] for r in tables["review"].find_all("tr")[1:]] == [
        shown(f.pack) for f in report.review]
    bars = [g.find_all("title")[0].text for g in tables["charts"].find_all("g")]
    assert bars[:len(report.by_pack)] == [f"{shown(p)}: {n}" for p, n in report.by_pack.most_common(15)]
    errors = [li.text for li in tables["errors"].find_all("li")] if report.errors else []
    assert errors == [shown(e) for e in report.errors] and bool(blocks)


# --- end to end, as the issue showed it -------------------------------------------------------------------

HOSTILE_NAME = "<img src=x onerror=alert(1)> [x](javascript:alert(1)) a|b `c`\n# d.md"
# within the 50 characters an excerpt shows either side of the finding
ARTICLE = "*Now* <img src=x onerror=alert(1)> | Kiev [see](javascript:alert(1)).\r\n\r\n# Heading\r\n- a list\r\n"


@pytest.mark.parametrize("report_name", ["report.md", "report.html"])
def test_a_hostile_file_name_and_article_are_shown_as_text(tmp_path: Path, report_name: str) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / HOSTILE_NAME).write_bytes(ARTICLE.encode())
    (articles / "plain.md").write_bytes(b"The talks in Kiev went well.\n")
    (articles / "bad\udcff.md").write_bytes(b"Kiev.\n")  # the byte 0xff in the name: not UTF-8
    # the CLI prints the name's byte as it is: read its output leniently
    run = subprocess.run([sys.executable, "-m", "linter", "fix", "--dry-run", "--report", str(tmp_path / report_name),
                          str(articles)], cwd=tmp_path, capture_output=True, timeout=120)
    assert run.returncode == 1 and b"Traceback" not in run.stderr, run.stderr
    written = (tmp_path / report_name).read_text(encoding="utf-8")
    pages = [cmark(written), MARKDOWN_IT.render(written)] if report_name.endswith(".md") else [written]
    for page in pages:
        root = parse_html(page)
        assert not [e for e in root.walk() if e.tag in ("img", "a", "em", "strong", "h1") and
                    "copydesk" not in e.text], written
        assert len(root.find_all("script")) == (page is written)  # the report's own filter script, in HTML
        cells = [row[0].text for table in root.find_all("table") for row in rows(table)]
        name = HOSTILE_NAME.replace("\n", "\u240a")
        hostile = str(articles / name)
        assert hostile in cells or f"{hostile}:1:42" in cells  # the file's column (Markdown) or its place (HTML)
        headings = [e.text for e in root.walk() if e.tag in ("h3", "summary")]
        assert hostile in headings  # its diff
        assert str(articles / "bad\\xff.md") in cells or f"{articles / 'bad'}\\xff.md:1:1" in cells  # not UTF-8
        contexts = [e.text for e in root.find_all("td") if "Kiev" in e.text and "img" in e.text]
        # the text around Kiev, on its line, shown as text (the line break ends the context)
        assert contexts and all(e == "*Now* <img src=x onerror=alert(1)> | Kiev [see](javascript:alert(1))."
                                for e in contexts)
        assert len([e for e in root.find_all("td") if "Kyiv [see](javascript:alert(1))." in e.text]) == 1


def test_a_jsonl_corpus_has_its_rules_named_in_the_report(tmp_path: Path) -> None:
    (tmp_path / "corpus.jsonl").write_text('{"text": "The embassy in Kiev closed."}\n', encoding="utf-8")
    run_cli("check", "--jsonl-field", "text", "--report", str(tmp_path / "report.md"), str(tmp_path / "corpus.jsonl"),
            cwd=tmp_path)
    root = parse_html(cmark((tmp_path / "report.md").read_text(encoding="utf-8")))
    blocks = sections(root)
    (per_rule,) = [e for e in blocks["Findings per rule"] if e.tag == "table"]
    assert [[c.text for c in row] for row in rows(per_rule)] == [
        ["CD101", "outdated-ukrainian-place-name", "place-names", "1"]]
    (per_pack,) = [e for e in blocks["Findings per pack"] if e.tag == "table"]
    assert [[c.text for c in row] for row in rows(per_pack)] == [["place-names", "1"]]


def test_build_keeps_line_breaks_out_of_the_excerpts() -> None:
    text = "Officials met.\r\n\r\n# Kiev talks\rresume\n"
    linter = linter_for(resolve(None, discover=False))
    result = FileResult("a.md", text, linter.check_text(text, "a.md").diagnostics)
    report = build("check", [result])
    (finding,) = [f for f in report.review if f.code == "CD101"]
    place = (finding.line, finding.column, finding.lead, finding.flagged, finding.trail)
    assert place == (3, 3, "# ", "Kiev", " talks")
