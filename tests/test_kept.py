"""What is kept on disk between runs (linter/kept/store.py): one home that imports nothing from the package,
stores that register with it, one flush for them all, and compiled regexes kept without touching `regex`."""

from __future__ import annotations

import ast
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest
import regex

from linter.core import examples, pack_cache
from linter.core.config import Settings
from linter.core.engine import Linter
from linter.kept import regexes, store
from linter.kinds import prefilter, spelling
from linter.text import cldr, syllables
from linter.text.document import Document

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty kept folder, and the memos as a new process finds them."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv(store.OFF, raising=False)
    for memo in (regexes.MEMO, prefilter.MEMO):
        memo.forget()
    yield tmp_path / "copydesk"
    for memo in (regexes.MEMO, prefilter.MEMO):
        memo.forget()


def test_the_store_imports_nothing_from_the_package():
    tree = ast.parse((ROOT / "linter" / "kept" / "store.py").read_text(encoding="utf-8"))
    imported = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    imported += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert imported and not [name for name in imported if name == "linter" or name.startswith("linter.")]


def test_every_store_is_registered_and_one_flush_writes_what_this_process_derived(fresh: Path):
    registered = store.stores()  # each store registers when its module is imported
    assert {regexes.MEMO.store, prefilter.MEMO.store, pack_cache.STORE, syllables.STORE, examples.STORE,
            spelling.STORE, cldr.STORE} <= set(registered)
    assert {(s.folder, s.files) for s in registered} == {
        ("derived", "regex-*.marshal"), ("derived", "literals-*.json"), ("packs", "*"),
        ("derived", "hyphenation-*.marshal"), ("packs-examples", "*.json"), ("derived", "spelling-*.marshal"),
        ("derived", "cldr-*.marshal"), ("derived", "dataclass-code-*.marshal")}
    regexes.compile(r"kept\s+by\s+one\s+flush")
    prefilter.kept_literals(r"kept\s+by\s+one\s+flush")
    assert regexes.MEMO.dirty and prefilter.MEMO.dirty
    store.flush()
    assert not regexes.MEMO.dirty and not prefilter.MEMO.dirty
    (kept_regexes,) = (fresh / "derived").glob("regex-*.marshal")
    (kept_literals,) = (fresh / "derived").glob("literals-*.json")
    assert "kept\\\\s+by\\\\s+one\\\\s+flush" in kept_literals.read_text(encoding="utf-8")
    regexes.MEMO.forget()
    assert (r"kept\s+by\s+one\s+flush", 0, int(regex.DEFAULT_VERSION)) in regexes.MEMO.values()
    assert kept_regexes.stat().st_size > 0


def test_the_engine_flushes_every_registered_store(monkeypatch: pytest.MonkeyPatch):
    flushed: list[str] = []
    spy = store.Store("a store of a test", "test", "*.test", lambda: flushed.append("flushed"))
    monkeypatch.setattr(store, "_stores", [*store.stores(), spy])
    linter = Linter(Settings())
    assert linter.checkers and flushed == ["flushed"]  # once the checkers are built
    linter.check(Document.from_text("The embassy in Kiev closed."))
    assert flushed == ["flushed", "flushed"]  # and after each check


def test_compiling_leaves_the_regex_module_as_it_is(fresh: Path, monkeypatch: pytest.MonkeyPatch):
    """Neither compiling nor building from kept arguments replaces anything in `regex` (another thread compiling
    at the same moment must find the module as it always is)."""
    main = sys.modules[regex.compile.__module__]  # the module that compiles (regex._main)
    written: list[str] = []

    class Watched(types.ModuleType):
        def __setattr__(self, name: str, value: object) -> None:
            written.append(name)
            super().__setattr__(name, value)

    monkeypatch.setattr(main, "__class__", Watched)
    compiled = regexes.compile(r"\bnever\s+(?:compiled|kept)\b", regex.I)
    regexes.MEMO.flush()
    regexes.MEMO.forget()
    built = regexes.compile(r"\bnever\s+(?:compiled|kept)\b", regex.I)  # from the kept arguments
    assert not regexes.MEMO.dirty
    assert written == []
    text = "It was Never  compiled, never kept."
    assert [m.span() for m in built.finditer(text)] == [m.span() for m in compiled.finditer(text)] == [(7, 22),
                                                                                                        (24, 34)]


def test_a_memo_past_its_cap_keeps_only_the_entries_this_process_used(fresh: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(store, "_stores", list(store.stores()))
    memo = store.Memo("a memo of a test", "test", "memo-*.marshal", lambda: "memo-1.marshal", max_entries=3)
    for key in ("a", "b", "c", "d"):
        memo.put(key, key.upper())
    memo.flush()  # past the cap, but this process used every entry
    memo.forget()
    assert memo.values() == {"a": "A", "b": "B", "c": "C", "d": "D"}
    memo.get("a")
    memo.put("e", "E")  # five entries now, two of them used by this process
    memo.flush()
    memo.forget()
    assert memo.values() == {"a": "A", "e": "E"}


def test_nothing_is_written_with_keeping_off(fresh: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(store.OFF, "1")
    regexes.compile(r"not\s+kept\s+at\s+all")
    prefilter.kept_literals(r"not\s+kept\s+at\s+all")
    store.flush()
    assert not fresh.exists()
