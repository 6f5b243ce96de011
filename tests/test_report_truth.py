"""The clean-up report tells the truth: "applied" is what the fix wrote, "needs review" what it left.

A small archive written for these tests holds a safe fix (Kiev, a doubled word), a quoted Kiev (no fix), an
unsafe fix (a relative-clause fragment), a display-only suggestion (a numeric date), a clean file and an article
holding a ``<script>``. The HTML report is read back with the standard library's parser here, and in a real
browser in tests/test_report_browser.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from linter.core.fixer import fix_until_stable
from linter.model.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from tests.conftest import run_cli, run_main
from tests.html_tree import Element, cmark, parse_html, rows

ARCHIVE = {
    "safe.md": "Talks in Kiev resumed on Monday.\n\nThe minister said the the talks would go on.\n",
    "quoted.md": '"We will never leave Kiev," the mayor said.\n',
    "unsafe.md": "It is a major step for the administration. Which strengthened Ukraine before the change.\n",
    "display.md": "The ministry said on 05.03.2024 that the talks in the capital would continue through the spring.\n",
    "clean.md": "The weather was fine on Tuesday.\n\nOfficials met in the capital to discuss the budget.\n",
    "hostile.md": 'Residents posted <script>document.title="pwned"</script> in Kiev today.\n',
}
# what `copydesk fix` writes: (file, line, column, rule, text as read, text written), the changed words
APPLIED = [("hostile.md", 1, 61, "CD101", "Kiev", "Kyiv"),
           ("safe.md", 1, 10, "CD101", "Kiev", "Kyiv"),
           ("safe.md", 3, 14, "CD201", "said the", "said")]
# what it leaves: (file, line, column, rule, severity, the flagged words)
LEFT = [("display.md", 1, 22, "CD1103", "warning", "05.03.2024"),
        ("quoted.md", 1, 22, "CD101", "warning", "Kiev"),
        ("unsafe.md", 1, 44, "CD303", "warning", "Which")]


def make_archive(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ARCHIVE.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def by_id(root: Element, ident: str) -> Element | None:
    return next((e for e in root.walk() if dict(e.attrs).get("id") == ident), None)


def applied_rows(root: Element) -> list[tuple[str, int, int, str, str, str]]:
    found = []
    for row in root.walk():
        if row.tag == "tr" and dict(row.attrs).get("data-table") == "applied":
            where, _rule, before, after = row.find_all("td")
            path, line, column = where.text.rsplit(":", 2)
            (old,) = before.find_all("del")
            (new,) = after.find_all("ins")
            found.append((Path(path).name, int(line), int(column), dict(row.attrs)["data-rule"], old.text, new.text))
    return found


def review_rows(root: Element) -> list[tuple[str, int, int, str, str, str]]:
    found = []
    for row in root.walk():
        if row.tag == "tr" and dict(row.attrs).get("data-table") == "review":
            where, rule, severity, _message, context, _note = row.find_all("td")
            path, line, column = where.text.rsplit(":", 2)
            (flagged,) = context.find_all("mark")
            code = dict(row.attrs)["data-rule"]
            assert rule.text.startswith(code) and code == rule.find_all("code")[0].text
            found.append((Path(path).name, int(line), int(column), code, severity.text, flagged.text))
    return found


def changed_files(root: Element) -> list[str]:
    return [Path(li.find_all("summary")[0].text).name for li in root.find_all("li")
            if dict(li.attrs).get("class") == "changed-file"]


def test_fix_report_shows_what_was_written_and_what_is_left(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "archive")
    result = run_main("fix", "--report", str(tmp_path / "report.html"), str(archive))
    assert result.code == 1, result.err
    root = parse_html((tmp_path / "report.html").read_text(encoding="utf-8"))
    assert applied_rows(root) == APPLIED
    assert all(old != new for *_, old, new in applied_rows(root))
    assert review_rows(root) == LEFT  # the quoted Kiev, the unsafe and the display-only fix: left, not applied
    assert changed_files(root) == ["hostile.md", "safe.md"]
    # each changed file's diff is the change written
    diffs = {Path(li.find_all("summary")[0].text).name: li.find_all("pre")[0].text for li in root.find_all("li")
             if dict(li.attrs).get("class") == "changed-file"}
    assert "-The minister said the the talks would go on.\n" in diffs["safe.md"]
    assert "+The minister said the talks would go on.\n" in diffs["safe.md"]
    assert (archive / "safe.md").read_text(encoding="utf-8").startswith("Talks in Kyiv")
    totals = {c.find_all("span")[0].text: c.find_all("b")[0].text for c in by_id(root, "totals").find_all("div")}
    assert totals["fixes applied"] == "3" and totals["files changed"] == "2" and totals["findings left"] == "3"


def test_check_report_writes_nothing_and_shows_only_what_needs_review(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "archive")
    run_main("check", "--report", str(tmp_path / "report.html"), str(archive))
    root = parse_html((tmp_path / "report.html").read_text(encoding="utf-8"))
    assert by_id(root, "applied") is None and by_id(root, "changed-files") is None and not applied_rows(root)
    assert sorted(review_rows(root)) == sorted([
        ("safe.md", 1, 10, "CD101", "warning", "Kiev"), ("safe.md", 3, 19, "CD201", "warning", "the the"),
        ("hostile.md", 1, 61, "CD101", "warning", "Kiev"), *LEFT])
    notes = {Path(r.find_all("td")[0].text).name.split(":")[0]: r.find_all("td")[5].text for r in root.find_all("tr")
             if dict(r.attrs).get("data-table") == "review" and r.find_all("td")[0].text.endswith(":1:22")}
    # why a fix was not applied, in the engine's words as every face says them (issue 16 §6)
    assert notes == {"quoted.md": "inside a quotation: not changed: 'Kyiv'",
                     "display.md": "several candidates: not changed: 'March 5, 2024' or '5 March 2024'"}
    notes = [r.find_all("td")[5].text for r in root.find_all("tr") if dict(r.attrs).get("data-table") == "review"]
    assert "an unsafe fix: changed only with --unsafe-fixes: 'which'" in notes
    assert "safe fix (copydesk fix applies it): 'Kyiv'" in notes


def test_a_deleted_word_is_shown_with_the_word_before_it_not_the_word_after(tmp_path: Path) -> None:
    """The word diff may read the deletion of a doubled word as "the " before "building"; shown widened to the
    words it touches, that was "the building" -> "building", as if "building" had changed."""
    article = tmp_path / "a.md"
    article.write_text("Staff left the the building.\n", encoding="utf-8")
    run_main("fix", "--report", str(tmp_path / "report.html"), str(article))
    root = parse_html((tmp_path / "report.html").read_text(encoding="utf-8"))
    assert applied_rows(root) == [("a.md", 1, 12, "CD201", "the the", "the")]


def test_dry_run_markdown_report_says_what_would_change(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "archive")
    before = {p.name: p.read_bytes() for p in archive.iterdir()}
    run_main("fix", "--dry-run", "--report", str(tmp_path / "report.md"), str(archive))
    assert {p.name: p.read_bytes() for p in archive.iterdir()} == before  # nothing written
    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "Dry run: nothing was written." in markdown
    root = parse_html(cmark(markdown))
    headings = [h.text for h in root.find_all("h2")]
    assert "Would be applied (dry run: nothing was written)" in headings
    assert "Would still need review after the fix" in headings and "Files that would change" in headings
    tables = root.find_all("table")
    applied = next(t for t in tables if [th.text for th in t.find_all("th")][-2:] == ["before", "after"])
    assert [(Path(r[0].text).name, int(r[1].text), int(r[2].text), r[3].text.split()[0],
             r[4].find_all("del")[0].text, r[5].find_all("b")[0].text) for r in rows(applied)] == APPLIED
    review = next(t for t in tables if "in context" in [th.text for th in t.find_all("th")])
    assert [(Path(r[0].text).name, int(r[1].text), int(r[2].text), r[3].text.split()[0], r[4].text,
             r[6].find_all("b")[0].text) for r in rows(review)] == LEFT
    assert [h.text for h in root.find_all("h3")] == [str(archive / "hostile.md"), str(archive / "safe.md")]


def test_a_failed_write_is_not_reported_as_applied(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "archive")
    (archive / "safe.md").chmod(0o444)  # refused as read-only, even to root
    run_main("fix", "--report", str(tmp_path / "report.html"), str(archive))
    assert (archive / "safe.md").read_text(encoding="utf-8") == ARCHIVE["safe.md"]
    root = parse_html((tmp_path / "report.html").read_text(encoding="utf-8"))
    assert applied_rows(root) == APPLIED[:1] and changed_files(root) == ["hostile.md"]
    (errors,) = [e.text for e in by_id(root, "errors").find_all("li")]
    assert errors.startswith(str(archive / "safe.md")) and "not written" in errors


def _finding(code: str, start: int, end: int, text: str) -> Diagnostic:
    return Diagnostic(code, code.lower(), "test", Severity.WARNING, "m", start, end,
                      Fix((Edit(start, end, text),), Applicability.SAFE))


def test_fixes_of_later_passes_are_placed_in_the_text_as_read() -> None:
    """Pass 1 writes "XY" for "ab" and "Q" for "d"; pass 2 rewrites the "Q" and then the "e" after it: each fix
    is placed where the text as read had it."""
    def check(text: str) -> list[Diagnostic]:
        found = []
        if text.startswith("ab"):
            found += [_finding("CD1", 0, 2, "XY"), _finding("CD2", 3, 4, "Q")]
        elif "Q" in text:
            found.append(_finding("CD3", text.index("Q"), text.index("Q") + 1, "RS"))
        elif "e" in text:
            found.append(_finding("CD4", text.index("e"), text.index("e") + 1, "E"))
        return found

    result = fix_until_stable("abcdef", check)
    assert result.text == "XYcRSEf"
    placed = [(w.code, w.start, w.end) for w in result.written]
    assert placed == [("CD1", 0, 2), ("CD2", 3, 4), ("CD3", 3, 4), ("CD4", 4, 5)]


@pytest.mark.parametrize("name", ["report.md", "report.html"])
def test_a_jsonl_corpus_fix_is_reported_as_records_changed_not_as_no_change(tmp_path: Path, name: str) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text('{"text": "The embassy in Kiev closed."}\n{"text": "Fine."}\n', encoding="utf-8")
    run_main("fix", "--jsonl-field", "text", "--report", str(tmp_path / name), str(corpus))
    page = (tmp_path / name).read_text(encoding="utf-8")
    root = parse_html(cmark(page) if name.endswith(".md") else page)
    texts = [p.text for p in root.find_all("p")]
    assert f"{corpus}: 1 JSONL record changed, written to {tmp_path / 'corpus.copydesk.jsonl'} (the changes in a " \
           "corpus are not listed one by one)" in texts
    assert "No change." not in texts


def test_a_report_that_cannot_be_written_is_one_clear_line(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "archive")
    result = run_cli("check", "--report", str(tmp_path / "missing" / "report.html"), str(archive))
    assert result.code == 2 and "Traceback" not in result.err, result.err
    target = tmp_path / "missing" / "report.html"
    assert result.err.strip().splitlines()[-1] == (
        f"copydesk: --report {target}: cannot write the report: No such file or directory")


def test_a_report_is_replaced_whole_and_keeps_its_mode(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "archive")
    report = tmp_path / "report.md"
    report.write_text("old report\n", encoding="utf-8")
    report.chmod(0o640)
    run_main("check", "--report", str(report), str(archive))
    assert report.read_text(encoding="utf-8").startswith("# copydesk check report")
    assert report.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive", "report.md"]  # no temporary file left
