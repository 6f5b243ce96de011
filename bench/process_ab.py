"""The whole `copydesk check` process on bench/run.py's corpus, two or more trees taken in turn: same run, same corpus.

    python bench/process_ab.py TREE [TREE ...] [--rounds 5] [--format text] [--quick]

Each TREE is a checkout of copydesk with its own ``.venv``. The corpus is the one ``bench/run.py`` measures (built by
bench/make_corpus.py: 200 files, about 5.5 MB; ``--quick``: 20 smaller ones). Each round starts, in turn, one
``python -m linter check --no-cache --jobs 1 --quiet --format FORMAT CORPUS`` per tree, from a neutral folder, with
bytecode as an installed copy has it (as bench/run.py runs); the first round writes bytecode and kept files and is
not counted. Prints each tree's best and median wall-clock time and its best and median CPU time (the child's user
+ system seconds, less disturbed by other work on a shared machine), MB/s, and each as a ratio to the first tree's,
and whether the trees printed the same output. Never fails on timing.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(cmd: list[str], cwd: str, env: dict[str, str]) -> tuple[float, float, str]:
    """Wall-clock and CPU seconds of one run of ``cmd``, and a digest of what it printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, \
        hashlib.sha256(done.stdout).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", type=Path, nargs="+")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--format", default="text")
    parser.add_argument("--quick", action="store_true", help="bench/run.py --quick's corpus")
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="copydesk-process-ab-") as work:
        corpus = Path(work) / "corpus"
        articles, paragraphs = (20, (20, 30)) if args.quick else (200, (150, 210))
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_corpus.py"), str(corpus), "--articles",
                        str(articles), "--paragraphs", str(paragraphs[0]), str(paragraphs[1]), "--eval",
                        str(args.eval)], check=True, stdout=subprocess.DEVNULL)
        mb = sum(p.stat().st_size for p in corpus.rglob("*.txt")) / 1e6
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as bench/run.py runs
        env["PYTHONPYCACHEPREFIX"] = str(Path(work) / "pycache")
        env["COPYDESK_PROGRESS_INTERVAL"] = "1000000"
        commands = {str(tree): [str(tree.resolve() / ".venv/bin/python"), "-m", "linter", "check", "--no-cache",
                                "--jobs", "1", "--quiet", "--format", args.format, "corpus"] for tree in args.trees}
        walls: dict[str, list[float]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        outputs: dict[str, set[str]] = {name: set() for name in commands}
        for n in range(args.rounds + 1):
            for name, cmd in commands.items():
                wall, cpu, output = timed(cmd, work, env)
                outputs[name].add(output)
                if n:
                    walls[name].append(wall)
                    cpus[name].append(cpu)
    print(f"corpus: {mb:.2f} MB; format {args.format}; {args.rounds} rounds after a first; load average "
          f"{os.getloadavg()[0]:.1f}\n")
    print("| tree | best wall s | median wall s | best CPU s | median CPU s | MB/s (best wall) | CPU / first tree's "
          "(best, median) |\n|---|---:|---:|---:|---:|---:|---:|")
    first = next(iter(commands))
    for name in commands:
        best, median = min(cpus[name]), statistics.median(cpus[name])
        print(f"| {name} | {min(walls[name]):.2f} | {statistics.median(walls[name]):.2f} | {best:.2f} | "
              f"{median:.2f} | {mb / min(walls[name]):.2f} | {best / min(cpus[first]):.3f}, "
              f"{median / statistics.median(cpus[first]):.3f} |")
    same = len(set().union(*outputs.values())) == 1
    print(f"\noutput: {'the same from every tree and run' if same else 'DIFFERENT between trees or runs'}")


if __name__ == "__main__":
    main()
