"""Compiled regexes kept between runs (linter/kept/regexes.py): a pattern built from what an earlier process's
compiler produced must behave exactly as one compiled again, and a damaged or foreign file must only cost
a compile."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import regex

from linter import linter_for
from linter.core.config import Settings
from linter.kept import regexes
from linter.kinds.base import flags_from

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
TEXT = "\n\n".join(p.read_text(encoding="utf-8") for p in SEEDS) + (
    "\n\nThe embassy in Kiev  closed , said  he.\tOn the other hand, 'Twas.\n\n© 2023 Reuters\nBy John Smith\n"
    "KYIV, Ukraine Officials said.\nShare this article\nIt  rained.. Then--not.\r\n\u00a0\u00a0x'' İstanbul ς K\n")


@pytest.fixture
def fresh_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder, and the module as a new process finds it."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("COPYDESK_NO_PACK_CACHE", raising=False)
    _forget()
    yield tmp_path
    _forget()


def _forget() -> None:
    regexes.MEMO.forget()


def _shipped_patterns() -> list[tuple[str, int]]:
    linter = linter_for(Settings(select=("ALL",)))
    found = [(r.options["pattern"], flags_from(r.options["flags"])) for r in linter.all_rules if r.kind == "pattern"]
    found += [(u if isinstance(u, str) else u["pattern"], 0) for r in linter.all_rules if r.kind == "pattern"
              for u in (r.options["unless"] if isinstance(r.options["unless"], list) else [r.options["unless"]])
              if u is not None]
    return found


def _behaviour(pattern: regex.Pattern) -> tuple[object, ...]:
    return (pattern.pattern, pattern.flags, pattern.groups, dict(pattern.groupindex),
            [(m.span(), m.groups()) for m in pattern.finditer(TEXT)],
            [m.span() for m in pattern.finditer(TEXT[::-1])], pattern.sub("#", TEXT[:3000]))


def test_patterns_built_from_the_kept_file_behave_as_compiled_ones(fresh_store: Path):
    patterns = _shipped_patterns()
    assert len(patterns) > 100
    first = [regexes.compile(p, f) for p, f in patterns]
    regexes.MEMO.flush()
    (kept,) = (fresh_store / "copydesk" / "derived").glob("regex-*.marshal")
    _forget()
    rebuilt = [regexes.compile(p, f) for p, f in patterns]
    assert len(regexes.MEMO.values()) >= len(set(patterns)) and not regexes.MEMO.dirty  # nothing compiled again
    for (p, f), a, b in zip(patterns, first, rebuilt, strict=True):
        assert _behaviour(b) == _behaviour(a) == _behaviour(regex.compile(p, f)), p
    assert kept.stat().st_size > 10_000


def test_a_damaged_file_only_costs_a_compile(fresh_store: Path):
    regexes.compile(r"\bKiev\b", regex.I)
    regexes.MEMO.flush()
    (kept,) = (fresh_store / "copydesk" / "derived").glob("regex-*.marshal")
    data = bytearray(kept.read_bytes())
    data[len(data) // 2] ^= 0xFF
    kept.write_bytes(bytes(data))
    _forget()
    assert regexes.compile(r"\bKiev\b", regex.I).findall("kiev Kiev KIEV") == ["kiev", "Kiev", "KIEV"]
    kept.write_bytes(b"")
    _forget()
    assert regexes.compile(r"\bKiev\b").findall("kiev Kiev") == ["Kiev"]


def test_arguments_this_regex_does_not_take_are_compiled_again(fresh_store: Path):
    regexes.MEMO.values()[(r"x+", 0, int(regex.DEFAULT_VERSION))] = ("x+", 0, ["not", "code"])
    assert regexes.compile(r"x+").findall("axxb") == ["xx"]


def test_the_file_is_named_for_the_versions_it_holds_code_of(fresh_store: Path):
    path = regexes.MEMO.path()
    assert path is not None
    assert regex.__version__ in path.name and regexes.VERSION in path.name


def test_locale_dependent_patterns_are_not_kept(fresh_store: Path):
    regexes.compile(r"(?L)\w+")
    regexes.compile(r"\w+", regex.LOCALE)
    assert not regexes.MEMO.values()


def test_a_bad_pattern_raises_as_regex_does(fresh_store: Path):
    with pytest.raises(regex.error):
        regexes.compile(r"(unclosed")
    assert regexes.compile(r"ok").pattern == "ok"  # the module is left as it was


def test_threads_compiling_at_once_each_get_their_own_pattern(fresh_store: Path):
    results: dict[int, regex.Pattern] = {}

    def work(i: int) -> None:
        for j in range(20):
            results[i * 100 + j] = regexes.compile(rf"w{i}x{j}(?:a|b)+")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(p.pattern == rf"w{k // 100}x{k % 100}(?:a|b)+" for k, p in results.items())
    regexes.MEMO.flush()
    _forget()
    assert all(regexes.compile(p.pattern).pattern == p.pattern for p in results.values())
    assert not regexes.MEMO.dirty


def test_no_file_with_the_cache_turned_off(fresh_store: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("COPYDESK_NO_PACK_CACHE", "1")
    regexes.compile(r"abc")
    regexes.MEMO.flush()
    assert not list(fresh_store.rglob("regex-*"))


def test_a_second_run_with_another_hash_seed_keeps_nothing_new(tmp_path: Path):
    """Every pattern a run compiles is the same text in every process: one built from a set in hash order
    (a different alternation each run) would be compiled and written to the kept files on every run."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("COPYDESK_NO_PACK_CACHE", None)
    command = [sys.executable, "-m", "linter", "check", "--no-cache", "--quiet", "--select", "ALL", "--jobs", "1",
               *map(str, SEEDS)]

    def kept() -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in (tmp_path / "copydesk" / "derived").iterdir()}

    subprocess.run(command, env={**env, "PYTHONHASHSEED": "1"}, capture_output=True, timeout=120)
    first = kept()
    assert any(name.startswith("regex-") for name in first)
    for seed in ("2", "3"):
        subprocess.run(command, env={**env, "PYTHONHASHSEED": seed}, capture_output=True, timeout=120)
        assert kept() == first, f"PYTHONHASHSEED={seed} changed the kept files"


def test_a_flush_keeps_what_another_process_kept_meanwhile(fresh_store: Path):
    """Two workers of a --jobs run each read the file at start and write it after checking: the second to
    write must not drop the patterns only the first compiled."""
    regexes.compile(r"first\s+process")
    regexes.MEMO.flush()
    _forget()
    regexes.MEMO.values().clear()  # the other worker read the file before the first one wrote it: it starts empty
    regexes.compile(r"second\s+process")
    regexes.MEMO.flush()
    _forget()
    kept = {key[0] for key in regexes.MEMO.values()}
    assert {r"first\s+process", r"second\s+process"} <= kept
