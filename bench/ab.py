"""A/B speed of two checkouts in the same run: engine time and one-file start-up, interleaved, best of N.

    python bench/ab.py BASE [OTHER ...] [--passes 15] [--rounds 9] [--eval ../shared/eval]

BASE and each OTHER are checkouts of copydesk, each with its own virtual environment in ``.venv`` (OTHER defaults
to this checkout; give several to compare them all with BASE in one run). It times ``Linter.check_text`` over 400
clean-news segments and the tree's seeds: one warm process per tree (the texts checked once first) asked for a pass
in turn, ``--passes`` times; then ``--rounds`` one-file ``copydesk check --no-cache`` runs of seed 003 (the whole
process, the packs and kept files already on disk), the trees in turn. The trees alternate, so a slower spell of
the shared machine falls on all of them; the best of each tree counts. Prints each tree's best times and the ratios
of each OTHER to BASE, wall-clock and CPU time (the process's own CPU seconds, less disturbed by other work on a
shared machine); it never fails on timing.

Both children run with bytecode files (PYTHONDONTWRITEBYTECODE cleared, the bytecode put in a folder of
this run), as an installed copy runs; see bench/run.py.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = "seeds/003_602bf7b3579f9ba5.txt"

CHILD = r'''
import glob, json, sys, time
texts = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")][:400]
texts += [open(p, encoding="utf-8").read() for p in sorted(glob.glob("seeds/*.txt"))]
try:
    from linter.core.engine import linter_for
    from linter.core.config import Settings
except ImportError:  # a tree from before the layers
    from linter.engine import linter_for
    from linter.config import Settings
lin = linter_for(Settings())
for x in texts:  # warm: rules compiled, lexicons read, memos filled
    lin.check_text(x)
print("ready", flush=True)
for _ in sys.stdin:  # one pass over the texts per line read
    t, c = time.perf_counter(), time.process_time()
    n = sum(len(lin.check_text(x).diagnostics) for x in texts)
    print(json.dumps({"engine": time.perf_counter() - t, "cpu": time.process_time() - c, "findings": n,
                      "mb": sum(len(x) for x in texts) / 1e6}), flush=True)
'''


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path, help="the checkout to compare against (with .venv)")
    parser.add_argument("others", type=Path, nargs="*", default=[ROOT],
                        help="the checkouts measured (default: this one)")
    parser.add_argument("--rounds", type=int, default=9, help="start-ups of each tree")
    parser.add_argument("--passes", type=int, default=15, help="engine passes of each tree")
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    args = parser.parse_args()
    clean = (args.eval / "clean_en_news.jsonl").resolve()  # the children run in each tree: never a relative path
    if not clean.is_file():
        sys.exit(f"ab.py: {clean} not found (give --eval)")
    trees = {"base": args.base.resolve()}
    trees.update({f"other{n}" if len(args.others) > 1 else "other": tree.resolve()
                  for n, tree in enumerate(args.others, 1)})
    for tree in trees.values():
        if not (tree / ".venv" / "bin" / "python").is_file():
            sys.exit(f"ab.py: {tree} has no .venv/bin/python")
    engine: dict[str, list[dict]] = {k: [] for k in trees}
    startup: dict[str, list[float]] = {k: [] for k in trees}
    startup_cpu: dict[str, list[float]] = {k: [] for k in trees}
    with tempfile.TemporaryDirectory() as work:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        for name, tree in trees.items():  # a first run of each fills its bytecode and kept files
            tree_env = {**env, "PYTHONPYCACHEPREFIX": f"{work}/pycache-{name}"}
            subprocess.run([str(tree / ".venv/bin/copydesk"), "check", "--no-cache", SEED], cwd=tree,
                           env=tree_env, capture_output=True)
        children = {}
        for name, tree in trees.items():  # one warm process per tree, asked for a pass in turn
            tree_env = {**env, "PYTHONPYCACHEPREFIX": f"{work}/pycache-{name}"}
            children[name] = subprocess.Popen([str(tree / ".venv/bin/python"), "-c", CHILD, str(clean)], cwd=tree,
                                              env=tree_env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for name, child in children.items():
            assert child.stdout is not None
            if child.stdout.readline().strip() != "ready":
                sys.exit(f"ab.py: {trees[name]}: the engine child failed")
        for _ in range(args.passes):
            for name, child in children.items():
                assert child.stdin is not None and child.stdout is not None
                child.stdin.write("go\n")
                child.stdin.flush()
                engine[name].append(json.loads(child.stdout.readline()))
        for child in children.values():
            assert child.stdin is not None
            child.stdin.close()
            child.wait()
        for _ in range(args.rounds):
            for name, tree in trees.items():
                tree_env = {**env, "PYTHONPYCACHEPREFIX": f"{work}/pycache-{name}"}
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                subprocess.run([str(tree / ".venv/bin/copydesk"), "check", "--no-cache", SEED], cwd=tree,
                               env=tree_env, capture_output=True)
                startup[name].append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                startup_cpu[name].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    for name, tree in trees.items():
        best = min(d["engine"] for d in engine[name])
        first = engine[name][0]
        print(f"{name} {tree}: engine best {best:.3f} s ({first['mb'] / best:.3f} MB/s; CPU "
              f"{min(d['cpu'] for d in engine[name]):.3f} s), findings {first['findings']}, start-up best "
              f"{min(startup[name]) * 1000:.0f} ms (CPU {min(startup_cpu[name]) * 1000:.0f} ms; all: "
              f"{' '.join(f'{s * 1000:.0f}' for s in startup[name])})")

    def ratio(of: dict[str, list[float]], name: str) -> str:
        return f"{min(of[name]) / min(of['base']):.2f}x"

    engine_wall = {k: [d["engine"] for d in v] for k, v in engine.items()}
    engine_cpu = {k: [d["cpu"] for d in v] for k, v in engine.items()}
    for name in trees:
        if name != "base":
            print(f"{name}/base, best of {args.passes} passes and {args.rounds} start-ups: engine "
                  f"{ratio(engine_wall, name)} (CPU {ratio(engine_cpu, name)}), start-up {ratio(startup, name)} "
                  f"(CPU {ratio(startup_cpu, name)})")

if __name__ == "__main__":
    main()
