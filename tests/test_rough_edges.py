"""Issue 16 section 6, the rough edges: what `fix --diff` and `--dry-run` say, progress lines, JSONL runs, why a fix
is withheld, the pre-commit set-up without network and Neovim 0.7's."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_main

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
