"""Peak memory of `copydesk check` on one very large article and on a large JSONL corpus, streamed.

    python bench/memory.py [--sizes 20 50] [--jsonl-mb 200] [--jobs 2] [--select SELECTORS] [--tmp DIR]

Each input is generated on the fly in a temporary folder (deleted afterwards, nothing is committed):
news-like paragraphs from the seed articles with injected artifacts (bench/make_corpus.py), so the
rules find what they find in real copy. Each run is a fresh `copydesk check --no-cache` process;
its peak resident set size comes from ``os.wait4`` (on Linux, the largest of the process and the
worker processes it waited for: with --jobs N, the peak of one process, not the sum). Prints a
markdown table. Timings are one run on a shared machine; memory is what this script is for.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_corpus  # noqa: E402  (a sibling script)

MB = 1_000_000


def articles(seed: int) -> Iterator[str]:
    """An endless stream of generated articles."""
    rng = random.Random(seed)
    pool = make_corpus.paragraphs(None)
    while True:
        yield make_corpus.article(rng, pool)


def write_article(path: Path, size: int) -> int:
    """One article of about ``size`` bytes: generated articles one after another, as one long piece."""
    written = 0
    with open(path, "w", encoding="utf-8") as handle:
        for text in articles(1):
            written += handle.write(text + "\n")
            if written >= size:
                break
    return path.stat().st_size


def write_corpus(path: Path, size: int) -> int:
    """A JSONL corpus of about ``size`` bytes, one article a record; returns the number of records."""
    with open(path, "w", encoding="utf-8") as handle:
        for number, text in enumerate(articles(2), 1):
            handle.write(json.dumps({"id": number, "text": text, "source": "bench"}, ensure_ascii=False) + "\n")
            if handle.tell() >= size:
                return number
    return 0


def peak(args: list[str], cwd: Path) -> tuple[float, float, int]:
    """Peak RSS in MB, wall seconds and exit code of one `copydesk` process."""
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "linter", *args], cwd=cwd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    rss = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / MB  # KB on Linux, bytes on macOS
    return rss, time.monotonic() - start, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="*", default=[20, 50], help="single-article sizes in MB")
    parser.add_argument("--jsonl-mb", type=float, default=200, help="JSONL corpus size in MB (0: none)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes for the corpus run")
    parser.add_argument("--select", help="rule selection for every run (default: the default rules)")
    parser.add_argument("--format", default="text", help="output format of the single-article runs (default: text)")
    parser.add_argument("--tmp", type=Path, help="where to generate the inputs (default: a temporary folder)")
    options = parser.parse_args()
    selection = ["--select", options.select] if options.select else []

    with tempfile.TemporaryDirectory(dir=options.tmp) as folder:
        work = Path(folder)
        baseline, _seconds, _code = peak(["check", "--no-cache", "-q", "--isolated", *selection, "-"], work)
        print(f"copydesk {' '.join(selection) or '(default rules)'}, --format {options.format} for the articles; "
              f"start-up alone: {baseline:.0f} MB peak RSS\n")
        print("| input | size | peak RSS | RSS / input | wall time | exit |")
        print("|---|---:|---:|---:|---:|---:|")
        for size in options.sizes:
            path = work / f"article-{size:g}mb.txt"
            actual = write_article(path, int(size * MB))
            rss, seconds, code = peak(["check", "--no-cache", "-q", "--isolated", "--format", options.format,
                                       *selection, str(path)], work)
            print(f"| one article | {actual / MB:.1f} MB | {rss:.0f} MB | {rss * MB / actual:.1f}x | {seconds:.0f} s "
                  f"| {code} |", flush=True)
            path.unlink()
        if options.jsonl_mb:
            path = work / "corpus.jsonl"
            records = write_corpus(path, int(options.jsonl_mb * MB))
            actual = path.stat().st_size
            rss, seconds, code = peak(["check", "--no-cache", "-q", "--isolated", "--jsonl-field", "text",
                                       "--jobs", str(options.jobs), *selection, str(path)], work)
            print(f"| JSONL corpus, {records} records, --jobs {options.jobs} | {actual / MB:.0f} MB | {rss:.0f} MB "
                  f"| {rss * MB / actual:.2f}x | {seconds:.0f} s | {code} |", flush=True)


if __name__ == "__main__":
    main()
