"""The pre-commit hooks, run by the real `pre-commit` on a throwaway git repository of articles.

`pre-commit try-repo` on a checkout with uncommitted changes builds a shadow repo from HEAD plus
the *tracked* changes (``git add -u``) and the staged files: files that are new and not yet added
(a new module, the hooks manifest itself before its first commit) are left out. So the tests
snapshot this working tree (tracked and untracked files, minus what .gitignore ignores) into a
fresh one-commit repository and point pre-commit at that: what is tested is the tree as it is.

`try-repo` always installs into a temporary store; the other tests use a config file with the
snapshot as ``repo`` and a module-wide PRE_COMMIT_HOME, so that hook environment installs once.
Installing needs PyPI (pip installs copydesk's dependencies into the hook's virtualenv).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytest.importorskip("pre_commit")
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
slow = pytest.mark.slow  # installs the hook environment (pip, from PyPI): deselect with -m "not slow"

BAD = "The embassy in Kiev closed.\n"
FIXED = "The embassy in Kyiv closed.\n"
CLEAN = "Shelling hit Kharkiv overnight, officials said.\n"
UNFIXABLE = "Ukraine said that it will respond. the minister said more.\n"  # CD301: display-only
IGNORED_DIRS = {".git", ".venv", "venv", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis",
                ".copydesk_cache", "build", "dist", ".benchmarks"}


def _git(*args: str, cwd: Path) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "copydesk tests", "GIT_AUTHOR_EMAIL": "tests@example.invalid",
           "GIT_COMMITTER_NAME": "copydesk tests", "GIT_COMMITTER_EMAIL": "tests@example.invalid"}
    proc = subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                          cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return proc.stdout


def _working_tree_files() -> list[str]:
    if (ROOT / ".git").exists():
        listed = _git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT)
        return [p for p in listed.split("\0") if p and (ROOT / p).is_file()]
    files = []
    for directory, dirs, names in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in IGNORED_DIRS and not d.endswith(".egg-info")]
        files += [os.path.relpath(os.path.join(directory, n), ROOT) for n in names if not n.endswith(".pyc")]
    return files


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This working tree as a one-commit repository: (path, commit)."""
    snapshot = tmp_path_factory.mktemp("copydesk-snapshot")
    for relative in _working_tree_files():
        target = snapshot / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / relative, target)
    assert (snapshot / ".pre-commit-hooks.yaml").is_file()
    _git("init", "-q", cwd=snapshot)
    _git("add", "-A", cwd=snapshot)
    _git("commit", "-q", "-m", "snapshot of the working tree", cwd=snapshot)
    return snapshot, _git("rev-parse", "HEAD", cwd=snapshot).strip()


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@dataclass
class Outcome:
    code: int
    output: str


@pytest.fixture
def articles(tmp_path: Path, hook_repo: tuple[Path, str], pre_commit_home: Path):
    """A git repository of articles, and a way to run pre-commit in it."""
    repo = tmp_path / "newsroom"
    repo.mkdir()
    _git("init", "-q", cwd=repo)
    snapshot, commit = hook_repo
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {snapshot}\n  rev: {commit}\n  hooks:\n  - id: copydesk\n  - id: copydesk-fix\n",
        encoding="utf-8")

    def write(files: dict[str, str]) -> None:
        for name, text in files.items():
            (repo / name).write_text(text, encoding="utf-8")
        _git("add", "-A", cwd=repo)

    def pre_commit(*args: str) -> Outcome:
        env = {k: v for k, v in os.environ.items() if k not in ("SKIP", "PRE_COMMIT_COLOR", "GITHUB_ACTIONS")}
        env["PRE_COMMIT_HOME"] = str(pre_commit_home)
        proc = subprocess.run([sys.executable, "-m", "pre_commit", *args, "--color", "never"], cwd=repo, env=env,
                              capture_output=True, text=True, timeout=600)
        return Outcome(proc.returncode, proc.stdout + proc.stderr)

    return repo, write, pre_commit


def test_the_hooks_manifest_and_the_project_config_are_valid():
    for command, name in (("validate-manifest", ".pre-commit-hooks.yaml"),
                          ("validate-config", ".pre-commit-config.yaml")):
        proc = subprocess.run([sys.executable, "-m", "pre_commit", command, str(ROOT / name)],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stdout + proc.stderr



@slow
def test_try_repo_check_hook_fails_on_a_bad_article_and_names_only_it(articles, hook_repo):
    repo, write, pre_commit = articles
    write({"bad.md": BAD, "clean.txt": CLEAN})
    outcome = pre_commit("try-repo", str(hook_repo[0]), "copydesk", "--files", "bad.md", "clean.txt")
    assert outcome.code == 1, outcome.output
    assert "copydesk....." in outcome.output and "Failed" in outcome.output
    assert "bad.md:1:16: CD101" in outcome.output
    assert "clean.txt:" not in outcome.output
    assert (repo / "bad.md").read_text(encoding="utf-8") == BAD  # the check hook writes nothing


@slow
def test_try_repo_fix_hook_rewrites_the_article_and_fails_because_it_changed(articles, hook_repo):
    repo, write, pre_commit = articles
    write({"bad.md": BAD})
    outcome = pre_commit("try-repo", str(hook_repo[0]), "copydesk-fix", "--files", "bad.md")
    assert outcome.code == 1, outcome.output
    assert "files were modified by this hook" in outcome.output
    assert (repo / "bad.md").read_text(encoding="utf-8") == FIXED


@slow
def test_clean_articles_pass_both_hooks(articles):
    repo, write, pre_commit = articles
    write({"clean.md": CLEAN, "clean2.txt": FIXED})
    for hook in ("copydesk", "copydesk-fix"):
        outcome = pre_commit("run", hook, "--files", "clean.md", "clean2.txt")
        assert outcome.code == 0, outcome.output
        assert "Passed" in outcome.output
    assert (repo / "clean.md").read_text(encoding="utf-8") == CLEAN


@slow
def test_fix_hook_passes_once_the_fixes_are_in(articles):
    _, write, pre_commit = articles
    write({"bad.md": BAD})
    first = pre_commit("run", "copydesk-fix", "--files", "bad.md")
    assert first.code == 1 and "files were modified by this hook" in first.output
    assert "0 problems left" in first.output  # copydesk itself exits 0: pre-commit fails on the change
    second = pre_commit("run", "copydesk-fix", "--files", "bad.md")
    assert second.code == 0, second.output
    assert pre_commit("run", "copydesk", "--files", "bad.md").code == 0


@slow
def test_fix_hook_fails_without_changes_when_problems_have_no_safe_fix(articles):
    repo, write, pre_commit = articles
    write({"unfixable.md": UNFIXABLE})
    outcome = pre_commit("run", "copydesk-fix", "--files", "unfixable.md")
    assert outcome.code == 1, outcome.output
    assert "files were modified" not in outcome.output
    assert "CD301" in outcome.output and "1 problem left" in outcome.output
    assert (repo / "unfixable.md").read_text(encoding="utf-8") == UNFIXABLE


@slow
def test_hooks_skip_files_that_are_not_articles(articles):
    _, write, pre_commit = articles
    write({"script.py": 'print("Kiev")\n'})
    outcome = pre_commit("run", "copydesk", "--files", "script.py")
    assert outcome.code == 0, outcome.output
    assert "(no files to check)Skipped" in outcome.output


@slow
def test_an_info_finding_does_not_fail_the_check_hook_unless_fail_on_info(articles):
    _, write, pre_commit = articles
    info_only = (ROOT / "seeds" / "003_602bf7b3579f9ba5.txt").read_text(encoding="utf-8").splitlines()[0] + "\n"
    write({"info.md": info_only})  # one finding, CD215 ('a day ago'), an info
    outcome = pre_commit("run", "copydesk", "--verbose", "--files", "info.md")
    assert outcome.code == 0, outcome.output
    assert "CD215 (info)" in outcome.output  # shown, not failing
    write({".copydesk.yaml": "fail-on: info\n"})
    outcome = pre_commit("run", "copydesk", "--files", "info.md")
    assert outcome.code == 1, outcome.output


def test_the_check_hook_reads_the_configs_baseline(articles):
    """An old article's recorded findings pass the hook; a new article's findings still fail it."""
    repo, write, pre_commit = articles
    write({"old.md": BAD, ".copydesk.yaml": "baseline: meta/baseline.json\n"})
    (repo / "meta").mkdir()
    recorded = subprocess.run([sys.executable, "-m", "linter", "check", "--update-baseline", "meta/baseline.json",
                               "old.md"], cwd=repo, capture_output=True, text=True, timeout=120)
    assert recorded.returncode == 0, recorded.stderr
    write({"old.md": "A paragraph added on top.\n\n" + BAD})
    assert pre_commit("run", "copydesk", "--files", "old.md").code == 0
    write({"new.md": BAD})
    outcome = pre_commit("run", "copydesk", "--files", "old.md", "new.md")
    assert outcome.code == 1, outcome.output
    assert "new.md:1:16: CD101" in outcome.output and "old.md:" not in outcome.output
    assert "1 recorded finding not shown" in outcome.output


def _readme_yaml_blocks() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return [block for block in readme.split("```yaml\n")[1:]]


def test_the_readme_names_the_release_that_the_package_declares():
    from linter.version import VERSION as version  # pyproject reads it from there (tool.hatch.version)

    remote = [b for b in _readme_yaml_blocks() if "repo: https://" in b.split("```")[0]]
    assert remote and all(re.search(rf"\brev: v{re.escape(version)}\s", b.split("```")[0]) for b in remote)


def test_the_readmes_local_form_runs_offline(tmp_path: Path):
    """The README's `repo: local` set-up, run by pre-commit with no package index: the hooks use the copydesk
    installed beside it, and nothing is fetched (issue 16: 6)."""
    [block] = [b.split("```")[0] for b in _readme_yaml_blocks() if "repo: local" in b.split("```")[0]]
    repo = tmp_path / "newsroom"
    repo.mkdir()
    _git("init", "-q", cwd=repo)
    (repo / ".pre-commit-config.yaml").write_text(block, encoding="utf-8")
    (repo / "bad.md").write_text(BAD, encoding="utf-8")
    (repo / "clean.txt").write_text(CLEAN, encoding="utf-8")
    _git("add", "-A", cwd=repo)
    env = {k: v for k, v in os.environ.items() if k not in ("SKIP", "PRE_COMMIT_COLOR", "GITHUB_ACTIONS")}
    env.update(PRE_COMMIT_HOME=str(tmp_path / "home"), PIP_NO_INDEX="1", PIP_FIND_LINKS="",
               http_proxy="http://127.0.0.1:9", https_proxy="http://127.0.0.1:9",  # any fetch would fail
               PATH=os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", ""))

    def run(*args: str) -> Outcome:
        proc = subprocess.run([sys.executable, "-m", "pre_commit", *args, "--color", "never"], cwd=repo, env=env,
                              capture_output=True, text=True, timeout=600)
        return Outcome(proc.returncode, proc.stdout + proc.stderr)

    checked = run("run", "copydesk", "--all-files")
    assert checked.code == 1 and "bad.md:1:16: CD101" in checked.output and "clean.txt" not in checked.output, \
        checked.output
    fixed = run("run", "copydesk-fix", "--all-files")
    assert fixed.code == 1 and "files were modified by this hook" in fixed.output, fixed.output
    assert (repo / "bad.md").read_text(encoding="utf-8") == FIXED
    _git("add", "-A", cwd=repo)
    assert run("run", "--all-files").code == 0
