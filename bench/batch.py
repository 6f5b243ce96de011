"""Batch figures: files/s and MB/s for `copydesk fix` with 1 and 2 jobs, and a warm-cache second run.

    python bench/batch.py [--articles 5000] [--eval ../shared/eval]

Builds the archive with bench/make_corpus.py (deterministic), fixes one copy with --jobs 1 and
another with --jobs 2, checks the two results are byte for byte the same, then runs fix again
over the second copy (nothing left to change: the cache answers) and prints the ratios.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def fix(folder: Path, jobs: int, cwd: Path) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "linter", "fix", "--quiet", "--jobs", str(jobs), str(folder)],
                          cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - start, proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.txt"))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="copydesk-batch-"))
    try:
        source = work / "source"
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_corpus.py"), str(source), "--articles",
                        str(args.articles), "--eval", str(args.eval)], check=True, stdout=subprocess.DEVNULL)
        size = sum(p.stat().st_size for p in source.rglob("*.txt")) / 1e6
        one, two = work / "one", work / "two"
        shutil.copytree(source, one)
        shutil.copytree(source, two)
        cache_one, cache_two = work / "cwd-one", work / "cwd-two"  # separate caches: both runs start cold
        cache_one.mkdir()
        cache_two.mkdir()
        t1, out1 = fix(one, 1, cache_one)
        t2, out2 = fix(two, 2, cache_two)
        same = snapshot(one) == snapshot(two)
        warm, out3 = fix(two, 2, cache_two)
        print(f"# copydesk batch ({args.articles} articles, {size:.1f} MB, {os.cpu_count()} cores)\n")
        print("| run | seconds | files/s | MB/s | summary |\n|---|---:|---:|---:|---|")
        for name, seconds, out in (("fix --jobs 1 (cold cache)", t1, out1), ("fix --jobs 2 (cold cache)", t2, out2),
                                   ("fix --jobs 2 again (warm cache)", warm, out3)):
            print(f"| {name} | {seconds:.2f} | {args.articles / seconds:.0f} | {size / seconds:.2f} | {out} |")
        print(f"\n--jobs 2 vs --jobs 1: {t1 / t2:.2f}x faster; output byte for byte the same: {same}")
        print(f"warm second run: {100 * warm / t2:.1f}% of the first --jobs 2 run")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
