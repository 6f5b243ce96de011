"""The result cache under attack: a poisoned, damaged, foreign or odd entry is a miss, never a crash, a hang or
a trusted answer; staged files of a killed run do not outlive the next run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from linter.io.writing import TEMP_SUFFIX
from linter.kept import store
from tests.conftest import run_main

ARTICLE = "The embassy in Kiev closed.\nStaff left kyiv the the same day.\n"
HANG = 20  # seconds: a check of one small file that takes this long has hung


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "linter", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=HANG)
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    return proc


@pytest.fixture
def cached(tmp_path: Path) -> tuple[Path, Path, str]:
    """An article with three problems, checked once so that the cache holds its one entry."""
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    fresh = cli("check", "--no-cache", "--format", "json", str(article), cwd=tmp_path).stdout
    assert len(json.loads(fresh)["diagnostics"]) == 3
    cli("check", str(article), cwd=tmp_path)
    [entry] = (tmp_path / ".copydesk_cache").rglob("*.json")
    return article, entry, fresh


def _doctored(change: Callable[[dict], None]) -> Callable[[Path], None]:
    def poison(entry: Path) -> None:
        stored = json.loads(entry.read_text())
        records = stored["diagnostics"] if isinstance(stored, dict) else stored  # the layout before this test
        change(records[0])
        entry.write_text(json.dumps(stored))
    return poison


def _replaced(data: str) -> Callable[[Path], None]:
    return lambda entry: entry.write_text(data)


def _fifo(entry: Path) -> None:
    entry.unlink()
    os.mkfifo(entry)


def _dev_zero(entry: Path) -> None:
    entry.unlink()
    entry.symlink_to("/dev/zero")


def _emptied(entry: Path) -> dict | list:
    stored = json.loads(entry.read_text())
    if isinstance(stored, dict):
        stored["diagnostics"] = []
    else:
        stored = []
    entry.write_text(json.dumps(stored))
    return stored


def _planted_by_another_user(entry: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root, to give a file to another user")
    _emptied(entry)  # a well-formed entry that says the file is clean
    os.chown(entry, 1234, 1234)  # as root: written by another user (into a shared folder)


def _writable_by_others(entry: Path) -> None:
    _emptied(entry)
    entry.chmod(0o666)


def _other_version(entry: Path) -> None:
    stored = json.loads(entry.read_text())
    if isinstance(stored, dict):
        stored.update(copydesk="0.0.1", diagnostics=[])
    entry.write_text(json.dumps(stored))


POISONS = {
    "start-not-a-number": _doctored(lambda r: r.update(start="abc")),
    "float-offsets": _doctored(lambda r: r.update(start=15.5, end=19.0)),
    "bool-offset": _doctored(lambda r: r.update(start=True)),
    "offset-past-the-text": _doctored(lambda r: r.update(end=10**9)),
    "negative-offset": _doctored(lambda r: r.update(start=-5)),
    "message-not-a-string": _doctored(lambda r: r.update(message={"x": 1})),
    "code-not-a-string": _doctored(lambda r: r.update(code=101)),
    "unknown-severity": _doctored(lambda r: r.update(severity="fatal")),
    "string-offsets-in-edits": _doctored(
        lambda r: r.update(fix={"applicability": "safe", "edits": [["15", "19", "X"]]})),
    "edit-past-the-text": _doctored(lambda r: r.update(fix={"applicability": "safe", "edits": [[15, 99999, "X"]]})),
    "fix-without-edits": _doctored(lambda r: r.update(fix={"applicability": "safe", "edits": []})),
    "suggestions-not-strings": _doctored(lambda r: r.update(suggestions=[1, None])),
    "a-diagnostic-not-an-object": _replaced('[42, "x", null]'),
    "deeply-nested": _replaced("[" * 100_000 + "]" * 100_000),
    "not-json": _replaced("{\"diagnostics\": [tru"),
    "empty-list-for-a-file-with-findings": _replaced("[]"),
    "clean-entry-of-another-user": _planted_by_another_user,
    "clean-entry-anyone-may-write": _writable_by_others,
    "another-version": _other_version,
    "a-fifo": _fifo,
    "a-link-to-dev-zero": _dev_zero,
}


@pytest.mark.parametrize("poison", list(POISONS), ids=list(POISONS))
def test_a_poisoned_cache_entry_is_a_miss(cached: tuple[Path, Path, str], poison: str):
    article, entry, fresh = cached
    POISONS[poison](entry)
    result = cli("check", "--format", "json", str(article), cwd=article.parent)
    assert result.returncode == 1 and result.stdout == fresh
    # and the entry written again in its place is a good one
    again = cli("check", "--format", "json", str(article), cwd=article.parent)
    assert again.stdout == fresh


@pytest.mark.parametrize("format_name", ["text", "sarif", "github", "jsonl", "lsp"])
def test_no_format_crashes_on_a_poisoned_entry(cached: tuple[Path, Path, str], format_name: str):
    article, entry, _fresh = cached
    expected = cli("check", "--no-cache", "--format", format_name, str(article), cwd=article.parent).stdout
    POISONS["message-not-a-string"](entry)
    result = cli("check", "--format", format_name, str(article), cwd=article.parent)
    assert result.returncode == 1 and result.stdout == expected


def test_an_entry_made_for_other_content_is_not_trusted(tmp_path: Path):
    # a clean file's entry planted under the key of a file with problems: the key it names is not its own
    clean, article = tmp_path / "clean.txt", tmp_path / "a.txt"
    clean.write_text("Clean copy here.\n")
    article.write_text(ARTICLE)
    cli("check", str(clean), cwd=tmp_path)
    [clean_entry] = (tmp_path / ".copydesk_cache").rglob("*.json")
    cli("check", str(article), cwd=tmp_path)
    [entry] = [p for p in (tmp_path / ".copydesk_cache").rglob("*.json") if p != clean_entry]
    entry.write_bytes(clean_entry.read_bytes())
    result = cli("check", str(article), cwd=tmp_path)
    assert result.returncode == 1 and "Found 3 problems" in result.stdout, result.stdout


def _zombie() -> subprocess.Popen:
    """A process that has ended and is not reaped yet (what a killed run's worker is for a while)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    while True:
        with open(f"/proc/{proc.pid}/stat", "rb") as handle:
            if handle.read().rpartition(b")")[2].split()[0] == b"Z":
                return proc


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="zombies are told by /proc")
def test_a_staged_file_of_a_dead_or_dying_worker_is_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # After a kill, the run's workers stay zombies until reaped (seconds, in some containers): a rerun saw their
    # pid still "alive" and kept their staged file, which then stayed for good.
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    staging = tmp_path / ".copydesk_cache" / "tmp"
    staging.mkdir(parents=True)
    worker = _zombie()
    zombie = staging / f".a.txt.x1y2.{worker.pid}{TEMP_SUFFIX}"
    zombie.write_text("half a file")
    living = staging / f".b.txt.x1y2.{os.getpid()}{TEMP_SUFFIX}"  # this process: alive
    living.write_text("being written")
    monkeypatch.chdir(tmp_path)
    try:
        assert run_main("check", str(article)).code == 1
    finally:
        worker.wait()
    assert not zombie.exists() and living.exists()


def test_a_staged_file_of_a_worker_that_dies_during_the_run_is_removed_at_its_end(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    staging = tmp_path / ".copydesk_cache" / "tmp"
    staging.mkdir(parents=True)
    dying = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    staged = staging / f".a.txt.x1y2.{dying.pid}{TEMP_SUFFIX}"
    staged.write_text("half a file")
    import linter.faces.lint

    real = linter.faces.lint.run_files

    def run_files(*args, **kwargs):
        dying.kill()  # the worker of the killed run dies while this run goes on
        dying.wait()
        return real(*args, **kwargs)

    monkeypatch.setattr(linter.faces.lint, "run_files", run_files)
    monkeypatch.chdir(tmp_path)
    assert run_main("fix", str(article)).code in (0, 1)
    assert not staged.exists()


def test_cache_entries_are_staged_where_a_run_cleans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # A run killed while writing an entry left tmpXXXX.tmp beside the entries, which nothing ever removed.
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    staged: list[str] = []
    real_replace = os.replace

    def replace(src, dst, *args, **kwargs):
        staged.append(os.fspath(src))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.chdir(tmp_path)
    run_main("check", str(article))
    [path] = [p for p in staged if p.endswith(TEMP_SUFFIX) or p.endswith(".tmp")]
    assert Path(path).parent == tmp_path / ".copydesk_cache" / "tmp" and f".{os.getpid()}{TEMP_SUFFIX}" in path


def test_an_entry_made_by_other_code_of_the_same_version_is_not_trusted(cached: tuple[Path, Path, str],
                                                                       monkeypatch: pytest.MonkeyPatch):
    """An editable install (the README's test command) whose code changed keeps its version: entries made by the
    code before must not answer for the code now."""
    article, entry, fresh = cached
    _doctored(lambda r: r.update(message="what the code before said"))(entry)
    monkeypatch.chdir(article.parent)
    kept = run_main("check", "--format", "json", article.name)
    assert "what the code before said" in kept.out  # the same code: the (doctored, well-formed) entry is a hit
    monkeypatch.setattr(store, "package_stamp", lambda: "the package's modules changed")
    changed = run_main("check", "--format", "json", article.name)
    assert changed.code == 1 and "what the code before said" not in changed.out
    assert json.loads(changed.out) == json.loads(fresh.replace(str(article), article.name))
