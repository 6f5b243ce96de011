"""Syllable counts (linter/text/syllables.py): the same as pyphen's on real words, from patterns kept between runs
or parsed again when the kept file is missing, damaged or turned off."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyphen
import pytest
import regex

from linter.kinds.metric import flesch_reading_ease
from linter.text import syllables

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
WORD = regex.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
# short words (no point fits), apostrophes, capitals, long compounds, words pyphen splits in unusual places
TRICKY = ["a", "I", "an", "the", "ox", "eye", "Kyiv", "Zelenskyy", "don't", "o'clock", "hyphenation",
          "antidisestablishmentarianism", "Mississippi", "re", "record", "every", "beautiful", "ZZZZZZZ",
          "rhythm", "queue", "naïve", "strengths", "table", "tables", "unbelievably", "x" * 60]


def _words_in(paths: list[Path]) -> set[str]:
    words: set[str] = set()
    for path in paths:
        words |= set(WORD.findall(path.read_text(encoding="utf-8", errors="replace")[:2_000_000]))
    return words


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder, and the module as a new process finds it."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("COPYDESK_NO_PACK_CACHE", raising=False)
    _forget()
    yield tmp_path / "copydesk" / "derived"
    _forget()


def _forget() -> None:
    syllables._patterns.cache_clear()
    syllables.count.cache_clear()


def _expected(word: str) -> int:
    return len(pyphen.Pyphen(lang="en_US").positions(word)) + 1


def test_counts_are_pyphens_on_the_seeds_the_docs_and_tricky_words():
    paths = [*ROOT.glob("seeds/*.txt"), *ROOT.glob("docs/*.md"), ROOT / "README.md"]
    words = _words_in(paths) | set(TRICKY)
    assert len(words) > 2000
    differ = [w for w in sorted(words) if syllables.count(w) != _expected(w)]
    assert differ == []


@pytest.mark.skipif(not EVAL.is_dir(), reason="../shared/eval is not present")
def test_counts_are_pyphens_on_the_eval_news():
    words = _words_in(sorted(p for p in EVAL.rglob("*") if p.is_file() and p.suffix in {".jsonl", ".txt", ".tsv"}))
    assert len(words) > 10_000
    differ = [w for w in sorted(words) if syllables.count(w) != _expected(w)]
    assert differ == []


def test_the_parsed_patterns_are_kept_and_read_back(fresh_cache: Path):
    first = syllables._patterns()
    (kept,) = fresh_cache.glob("hyphenation-*.marshal")
    _forget()
    again = syllables._patterns()
    assert again == first and again[0] is not first[0]  # read back, not the same object
    assert [syllables.count(w) for w in TRICKY] == [_expected(w) for w in TRICKY]
    assert kept.stat().st_size > 10_000


def test_a_damaged_kept_file_is_parsed_again(fresh_cache: Path):
    syllables._patterns()
    (kept,) = fresh_cache.glob("hyphenation-*.marshal")
    data = bytearray(kept.read_bytes())
    data[len(data) // 2] ^= 0xFF
    kept.write_bytes(bytes(data))
    _forget()
    assert [syllables.count(w) for w in TRICKY] == [_expected(w) for w in TRICKY]
    kept.write_bytes(b"")  # empty
    _forget()
    assert syllables.count("hyphenation") == _expected("hyphenation")


def test_nothing_is_kept_when_keeping_is_turned_off(fresh_cache: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("COPYDESK_NO_PACK_CACHE", "1")
    assert syllables.count("beautiful") == _expected("beautiful")
    assert not fresh_cache.exists() or not list(fresh_cache.glob("hyphenation-*"))


def test_a_run_with_the_kept_patterns_does_not_import_pyphen(tmp_path: Path):
    code = ("import sys; from linter.kinds.metric import flesch_reading_ease as f; "
            "print(f('The hyphenation patterns are beautiful.'), 'pyphen' in sys.modules)")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("COPYDESK_NO_PACK_CACHE", None)
    first, second = (subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                    check=True, timeout=60).stdout.split() for _ in range(2))
    assert first == [str(flesch_reading_ease("The hyphenation patterns are beautiful.")), "True"]
    assert second == [first[0], "False"]
