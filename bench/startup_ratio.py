"""Start-up on a seed article against codespell's on the same file: issue 20's target, same run, interleaved.

    python bench/startup_ratio.py TREE [TREE ...] [--seed seeds/003_602bf7b3579f9ba5.txt] [--runs 15]

Each TREE is a checkout of copydesk with its own ``.venv``. Each run starts, in turn, one
``python -m linter check --no-cache --quiet SEED`` per tree (from the tree, so its own code runs) and one
``codespell SEED`` (found on PATH: ``pip install codespell``, a bench tool only); the first run of each writes
bytecode and kept files and is not counted. Prints each command's best and median wall-clock time and its best
CPU time (the child's user + system seconds, less disturbed by other work on a shared machine), and each as a
ratio to codespell's. Never fails on timing.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(cmd: list[str], cwd: Path | None, env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", type=Path, nargs="+")
    parser.add_argument("--seed", type=Path, default=ROOT / "seeds" / "003_602bf7b3579f9ba5.txt")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    codespell = shutil.which("codespell")
    if codespell is None:
        sys.exit("startup_ratio.py: codespell is not on PATH (pip install codespell)")
    seed = str(args.seed.resolve())
    commands: dict[str, tuple[list[str], Path | None]] = {
        str(tree): ([str(tree / ".venv/bin/python"), "-m", "linter", "check", "--no-cache", "--quiet", seed], tree)
        for tree in args.trees}
    commands["codespell"] = ([codespell, seed], None)
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory() as work:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as bench/run.py runs
        env["PYTHONPYCACHEPREFIX"] = work
        for n in range(args.runs + 1):
            for name, (cmd, cwd) in commands.items():
                wall, cpu = timed(cmd, cwd, env)
                if n:  # the first run writes bytecode: not counted
                    walls[name].append(wall)
                    cpus[name].append(cpu)
    base_wall, base_cpu = min(walls["codespell"]), min(cpus["codespell"])
    print(f"start-up on {args.seed.name}, best of {args.runs} runs (interleaved); ratios to codespell's")
    for name in commands:
        wall, cpu = min(walls[name]), min(cpus[name])
        print(f"{name}: wall best {wall * 1000:.0f} ms (median {statistics.median(walls[name]) * 1000:.0f}), "
              f"{wall / base_wall:.2f}x; CPU best {cpu * 1000:.0f} ms, {cpu / base_cpu:.2f}x")


if __name__ == "__main__":
    main()
