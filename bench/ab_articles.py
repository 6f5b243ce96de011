"""A/B engine time of two checkouts on whole articles, in the same run (bench/ab.py times short segments).

    python bench/ab_articles.py BASE [OTHER] [--articles 30] [--rounds 7] [--eval ../shared/eval]

BASE and OTHER (default: this checkout) each have their own virtual environment in ``.venv``. The articles are
bench/make_corpus.py's (150-210 paragraphs each, from the seeds and the evaluation set's clean news), made once by
this checkout's script so both trees read the same text. One warm process per tree (every article checked once
first) is asked for a pass in turn, ``--rounds`` times, so a slower spell of the shared machine falls on both; each
pass is ``Linter.check`` of every article with the default rules. Prints each tree's best and median CPU time per MB
(the process's own CPU seconds, less disturbed by other work than wall time), its findings, and OTHER's ratios to
BASE. Never fails on timing.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(tree: str, folder: str) -> None:
    """Runs inside a tree's own interpreter: one pass over the articles for each line read, its times printed."""
    sys.path.insert(0, tree)
    from linter.core.config import Settings
    from linter.core.engine import Linter
    from linter.text.document import Document

    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(folder).rglob("*.txt"))]
    linter = Linter(Settings())
    for text in texts:
        linter.check(Document.from_text(text, "article.txt"))
    print("ready", flush=True)
    for _ in sys.stdin:
        cpu, wall = time.process_time(), time.perf_counter()
        found = sum(len(linter.check(Document.from_text(text, "article.txt")).diagnostics) for text in texts)
        print(time.process_time() - cpu, time.perf_counter() - wall, found, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path)
    parser.add_argument("other", type=Path, nargs="?", default=ROOT)
    parser.add_argument("--articles", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    args = parser.parse_args()
    trees = [args.base.resolve(), args.other.resolve()]
    with tempfile.TemporaryDirectory(prefix="copydesk-ab-articles-") as folder:
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_corpus.py"), folder, "--articles",
                        str(args.articles), "--paragraphs", "150", "210", "--eval", str(args.eval)], check=True,
                       stdout=subprocess.DEVNULL)
        mb = sum(len(p.read_text(encoding="utf-8")) for p in Path(folder).rglob("*.txt")) / 1e6
        children = []
        for tree in trees:
            process = subprocess.Popen([str(tree / ".venv" / "bin" / "python"), __file__, "--child", str(tree),
                                        folder], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                       cwd=tempfile.gettempdir())
            if process.stdout.readline().strip() != "ready":  # type: ignore[union-attr]
                print(f"{tree}: the warm-up failed", file=sys.stderr)
                return 1
            children.append(process)
        passes: dict[Path, list[tuple[float, float, int]]] = {tree: [] for tree in trees}
        for _ in range(args.rounds):
            for tree, process in zip(trees, children, strict=True):
                process.stdin.write("go\n")  # type: ignore[union-attr]
                process.stdin.flush()  # type: ignore[union-attr]
                cpu, wall, found = process.stdout.readline().split()  # type: ignore[union-attr]
                passes[tree].append((float(cpu), float(wall), int(found)))
        for process in children:
            process.stdin.close()  # type: ignore[union-attr]
            process.wait()
    print(f"{args.articles} articles, {mb:.2f} MB, {args.rounds} passes of each tree, taken in turn\n")
    cpu = {tree: [c for c, _, _ in passes[tree]] for tree in trees}
    for tree in trees:
        print(f"{tree}: CPU best {min(cpu[tree]) / mb * 1000:.0f} ms/MB, median "
              f"{statistics.median(cpu[tree]) / mb * 1000:.0f} ms/MB; wall best "
              f"{min(w for _, w, _ in passes[tree]) / mb * 1000:.0f} ms/MB; findings {passes[tree][0][2]}")
    base, other = trees
    print(f"other/base CPU: best {min(cpu[other]) / min(cpu[base]):.3f}x, median "
          f"{statistics.median(cpu[other]) / statistics.median(cpu[base]):.3f}x")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3])
    else:
        sys.exit(main())
