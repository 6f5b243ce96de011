"""Where a one-file check's start-up goes: CPU milliseconds per phase in fresh processes of one or more checkouts.

    python bench/startup_phases.py TREE [TREE ...] [--runs 8]

Each TREE is a checkout of copydesk with its own ``.venv``. Each run starts a fresh process per tree (the trees in
turn) that imports the command line, resolves the settings, builds the linter (packs read, backend kinds
compiled), compiles the rules, reads the spelling lexicon (when the tree has one) and checks seed 003, and prints
the CPU time of each phase; the best of the runs is shown per phase. With bytecode files, as bench/run.py runs.
Never fails on timing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

PHASES = ("imports", "settings", "linter", "compile", "lexicon", "check")

PROBE = r'''
import time
T = time.process_time
t0 = T()
import linter.faces.cli, linter.faces.lint, linter.io.pipeline
from linter.core.engine import linter_for
from linter.core.resolver import Resolver
t1 = T()
settings = Resolver().settings_for(None)
t2 = T()
lin = linter_for(settings)
t3 = T()
lin.checkers
t4 = T()
try:
    from linter.kinds.spelling import shared_lexicon
    shared_lexicon().load()
except ImportError:
    pass
t5 = T()
path = "seeds/003_602bf7b3579f9ba5.txt"
lin.check_text(open(path, encoding="utf-8").read(), path)
t6 = T()
print(" ".join(f"{x * 1000:.1f}" for x in (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5)))
'''


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", type=Path, nargs="+")
    parser.add_argument("--runs", type=int, default=8)
    args = parser.parse_args()
    best: dict[Path, list[float]] = {}
    with tempfile.TemporaryDirectory() as work:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        for _ in range(args.runs + 1):  # the first run of each tree writes its bytecode: not counted
            for n, tree in enumerate(args.trees):
                out = subprocess.run([str(tree / ".venv/bin/python"), "-c", PROBE], cwd=tree, capture_output=True,
                                     text=True, env={**env, "PYTHONPYCACHEPREFIX": f"{work}/{n}"})
                if out.returncode:
                    sys.exit(f"startup_phases.py: {tree}: {out.stderr.strip()[-2000:]}")
                times = [float(x) for x in out.stdout.split()]
                if tree in best:
                    best[tree] = [min(a, b) for a, b in zip(best[tree], times, strict=True)]
                else:
                    best[tree] = [float("inf")] * len(times)  # the bytecode run
    print("CPU ms, best of", args.runs, "per phase:", ", ".join(PHASES))
    for tree, times in best.items():
        print(f"{tree}: " + "  ".join(f"{p} {t:.1f}" for p, t in zip(PHASES, times, strict=True))
              + f"  (sum {sum(times):.1f})")


if __name__ == "__main__":
    main()
