"""The document-model fuzzer (bench/fuzz/fuzz_document.py) in CI: a short coverage-guided run, its corpus
replayed, and the same targets under hypothesis (which runs where atheris does not install).

A longer run and what it found: bench/FUZZ.md.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
FUZZ = ROOT / "bench" / "fuzz"
HARNESS = FUZZ / "fuzz_document.py"
RUNS, SECONDS = 20_000, 25  # whichever comes first


def _harness() -> ModuleType:
    """The harness module, loaded from its path (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location("fuzz_document", HARNESS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


harness = _harness()


def test_a_short_coverage_guided_run_finds_no_crash(tmp_path: Path):
    pytest.importorskip("atheris", reason="atheris is not installed (pip install atheris: wheels for Linux x86_64)")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    proc = subprocess.run(
        # a fixed seed: CI explores the same inputs every time, so it cannot turn red by chance;
        # longer runs with fresh seeds are documented in bench/FUZZ.md
        [sys.executable, str(HARNESS), "-seed=1", f"-runs={RUNS}", f"-max_total_time={SECONDS}", "-max_len=2048",
         f"-dict={FUZZ / 'markdown.dict'}", f"-artifact_prefix={tmp_path}/", str(corpus), str(FUZZ / "corpus")],
        capture_output=True, text=True, timeout=SECONDS + 60)
    crashes = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-")))
    assert proc.returncode == 0 and not crashes, f"{crashes}\n{proc.stderr[-4000:]}"
    done = [line for line in proc.stderr.splitlines() if line.startswith("Done ")]
    assert done and int(done[0].split()[1]) > 0, proc.stderr[-2000:]  # "Done 1234 runs in 25 second(s)"


@pytest.mark.parametrize("path", sorted((FUZZ / "corpus").iterdir()), ids=lambda p: p.name)
def test_every_corpus_input_passes_the_harness(path: Path):
    """The seeds, and every input a fuzzer run found a bug with (kept as a regression)."""
    harness.check_one(path.read_bytes())


NEWSY = st.lists(st.sampled_from([
    "```", "~~~", "`", "<!-- ", " -->", "](x)", "[a]", "# ", "- ", "> ", "    ", "\r\n", "\r", "\n", "\n\n", "Kiev",
    "kyiv", "the the", "U.S.", "Mr. ", ". that", ".Gleb", "\u200b", "\u200f", "\u202e", "\U0001F1FA\U0001F1E6",
    "e\u0301", "\u05e9\u05dc\u05d5\u05dd", "\u0430", "https://x.y/Kiev", "a@b.cd", "<b>", "</b>", "|---|", "---\n",
]) | st.text(max_size=4), max_size=40).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=600), st.tuples(st.integers(0, 1), NEWSY).map(
    lambda t: bytes([t[0]]) + t[1].encode("utf-8", "surrogatepass"))))
def test_the_fuzz_targets_under_hypothesis(data: bytes):
    harness.check_one(data)
