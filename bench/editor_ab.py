"""A/B of the language server's re-lint after a one-character edit: several checkouts, alternated, same run.

    python bench/editor_ab.py TREE [TREE ...] [--rounds 4] [--edits 60]

Each round runs, for each TREE in turn, one fresh process (this Python, with ``PYTHONPATH=TREE``, so the tree's
``linter`` is the one imported) that lints the bench's 20 KB article (bench/run.py: ``lsp_edit_latency``) with
``CopydeskServer.lint``, then types ``--edits`` one-character edits (the same seeded positions in every tree)
and times each re-lint, wall clock and the process's CPU time. Prints each tree's best median over the rounds:
the CPU time is less disturbed by other work on a shared machine. It never fails on timing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

CHILD = r'''
import json, random, sys, time
from pathlib import Path
from linter.core.config import Settings
from linter.core.engine import linter_for
from linter.faces.lsp import CopydeskServer, OpenDocument

seed = Path("seeds/000_9af475860e0d48a8.txt").read_text(encoding="utf-8")
text = (seed * (20_000 // len(seed) + 1))[:20_000]
linter = linter_for(Settings())
server = CopydeskServer()
doc = OpenDocument("file:///bench/article.txt", None, None, 0, text, linter)
server.lint(doc)
rng = random.Random(3)
wall, cpu = [], []
for _ in range(int(sys.argv[1])):
    at = rng.randrange(len(doc.text))
    doc.text = doc.text[:at] + "x" + doc.text[at:]
    doc.version += 1
    start, clock = time.perf_counter(), time.process_time()
    server.lint(doc)
    wall.append(time.perf_counter() - start)
    cpu.append(time.process_time() - clock)
print(json.dumps([sorted(wall)[len(wall) // 2] * 1000, sorted(cpu)[len(cpu) // 2] * 1000]))
'''


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="+")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--edits", type=int, default=60)
    args = parser.parse_args()
    best = {tree: [float("inf"), float("inf")] for tree in args.trees}
    for _ in range(args.rounds):
        for tree in args.trees:
            env = {**os.environ, "PYTHONPATH": os.path.abspath(tree)}
            out = subprocess.run([sys.executable, "-c", CHILD, str(args.edits)], cwd=tree, env=env,
                                 capture_output=True, text=True, check=True)
            wall, cpu = json.loads(out.stdout.strip().splitlines()[-1])
            best[tree] = [min(best[tree][0], wall), min(best[tree][1], cpu)]
    for tree, (wall, cpu) in best.items():
        print(f"{tree}: re-lint after a one-character edit, median of {args.edits}: {wall:.2f} ms wall, "
              f"{cpu:.2f} ms CPU (best of {args.rounds} processes)")


if __name__ == "__main__":
    main()
