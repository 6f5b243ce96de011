"""Issue 16 section 6, the rough edges: what `fix --diff` and `--dry-run` say, progress lines, JSONL runs, why a fix
is withheld, the pre-commit set-up without network and Neovim 0.7's."""

from __future__ import annotations

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
