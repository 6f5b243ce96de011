"""Issue 16 section 6, the rough edges: what `fix --diff` and `--dry-run` say, progress lines, JSONL runs, why a fix
is withheld, the pre-commit set-up without network and Neovim 0.7's."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli, run_main

# Two safe fixes (Kiev, the doubled 'The') and one finding with no fix at all (a quoted Kiev, left as written).
ARTICLE = 'He visited Kiev.\n\nThe the mayor spoke.\n\nThe paper "Kiev Times" said so.\n'


def _article(folder: Path, name: str = "a.md", text: str = ARTICLE) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_fix_diff_says_what_would_be_applied_and_what_would_remain(tmp_path: Path):
    article = _article(tmp_path)
    diff = run_main("fix", "--isolated", "--no-cache", "--diff", str(article))
    summary = diff.err.splitlines()[-1]
    assert summary == ("1 file would change: 2 fixes would be applied, 1 of 3 problems would remain. "
                       "Nothing was written.")
    assert "fixes applied" not in summary and "changed," not in summary
    dry = run_main("fix", "--isolated", "--no-cache", "--dry-run", str(article))
    assert dry.out.splitlines()[-1] == summary
    assert article.read_text(encoding="utf-8") == ARTICLE
    done = run_main("fix", "--isolated", "--no-cache", str(article))
    assert done.out.splitlines()[-1] == "1 file changed, 2 fixes applied, 1 problem left."


def test_progress_lines_writes_a_line_per_file_and_a_last_line_whatever_the_jobs(tmp_path: Path):
    for n in range(3):
        _article(tmp_path, f"a{n}.md")
    for jobs in ("1", "2"):
        run = run_cli("check", "--isolated", "--no-cache", "--progress", "lines", "--jobs", jobs, ".", cwd=tmp_path)
        lines = run.err.splitlines()
        assert [line.split(",")[0] for line in lines] == [f"copydesk: {n}/3 files" for n in (1, 2, 3, 3)], run.err
        assert lines[-1].startswith("copydesk: 3/3 files, done in ") and lines[-1].endswith(", 9 findings"), run.err
    quiet = run_cli("check", "--isolated", "--no-cache", "--jobs", "2", ".", cwd=tmp_path)  # auto, not a terminal
    assert "copydesk: " not in quiet.err  # a short run: no periodic line, so no last line either


def test_a_withheld_fix_says_why_in_text_and_json(tmp_path: Path):
    article = _article(tmp_path, text='The paper "Kiev Times" said so.\n\nHe said "the the thing".\n\n'
                                       'The car, which was red. Which was new.\n')
    text = run_main("check", "--isolated", "--no-cache", "--select", "CD101,CD201,CD303", str(article)).out
    # each finding with a fix withheld or lowered has one note under it, from the engine, whatever its kind
    assert text.count("note: ") == 3, text
    assert f"{article}:1:12: CD101 'Kiev' is the outdated" in text
    assert "    note: inside a quotation: not changed\n" in text
    assert "    note: inside a quotation: changed only with --unsafe-fixes\n" in text  # the doubled 'the'
    assert "    note: an unsafe fix: changed only with --unsafe-fixes\n" in text  # CD303: every fix unsafe
    records = json.loads(run_main("check", "--isolated", "--no-cache", "--select", "CD101,CD201,CD303",
                                  "--format", "json", str(article)).out)["diagnostics"]
    assert {(r["code"], r["withheld"]) for r in records} == {
        ("CD101", "inside a quotation: not changed"), ("CD201", "inside a quotation: changed only with --unsafe-fixes"),
        ("CD303", "an unsafe fix: changed only with --unsafe-fixes")}
    clean = _article(tmp_path, "b.md", "He visited Kiev.\n")
    [record] = json.loads(run_main("check", "--isolated", "--no-cache", "--format", "json", str(clean)).out)[
        "diagnostics"]
    assert record["withheld"] is None  # a safe fix applied by `copydesk fix`: nothing to explain


def test_a_jsonl_corpus_is_reported_like_files_and_check_writes_nothing(tmp_path: Path):
    records = [{"id": 1, "text": "He visited Kiev on Monday."}, {"id": 2, "text": "All is quiet here."},
               {"id": 3, "text": 'A line.\nThe paper "Kiev Times" said so.'}]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    check = run_cli("check", "--isolated", "--no-cache", "--select", "CD101", "--jsonl-field", "text", "corpus.jsonl",
                    cwd=tmp_path)
    # file:line of the record, column in the field's text (code points, counted across its own line breaks)
    assert check.out.splitlines() == [
        "corpus.jsonl:1:12: CD101 [*] 'Kiev' is the outdated, Russian-derived spelling; use 'Kyiv'",
        "    help: replace 'Kiev' with 'Kyiv'",
        "corpus.jsonl:3:20: CD101 'Kiev' is the outdated, Russian-derived spelling; use 'Kyiv'",
        "    note: inside a quotation: not changed",
        "Found 2 problems in 2 of 3 records. 1 fixable with `copydesk fix`.",
    ], check.out
    assert check.code == 1 and "All clean" not in check.out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.jsonl"]  # `check` writes no annotated copy
    annotated = run_cli("check", "--isolated", "--no-cache", "--select", "CD101", "--jsonl-field", "text",
                        "--annotate", "corpus.jsonl", cwd=tmp_path)
    assert annotated.out == check.out and (tmp_path / "corpus.copydesk.jsonl").exists()
    assert "annotated records written to corpus.copydesk.jsonl" in annotated.err
    clean = run_cli("check", "--isolated", "--no-cache", "--select", "CD101", "--jsonl-field", "text", "corpus.jsonl",
                    "--ignore", "CD101", cwd=tmp_path)
    assert clean.out == "All clean: 3 records checked.\n" and clean.code == 0
    fix = run_cli("fix", "--isolated", "--no-cache", "--select", "CD101", "--jsonl-field", "text", "corpus.jsonl",
                  cwd=tmp_path)
    assert fix.out.splitlines()[-1] == "1 record changed, 1 fix applied, 1 problem left.", fix.out
    assert "files changed" not in fix.out and fix.code == 1
