"""A/B of the whole engine on long articles, two checkouts in the same run: CPU time of every default rule, interleaved.

    python bench/ab_articles.py BASE [OTHER] [--articles 30] [--rounds 7] [--eval ../shared/eval]

bench/ab.py times short texts (400 clean-news segments and the seeds, each checked alone); this times the bench's
long articles (bench/make_corpus.py, 150 to 210 paragraphs each, as bench/profile_kinds.py builds them), where the
per-document passes (phrase tables, quotation marks, regex scans) weigh more. Each tree (a checkout with its own
``.venv``; OTHER defaults to this checkout) runs in one warm process (the articles checked once first) asked for a
pass in turn, ``--rounds`` times; the best CPU time of each counts. Prints each tree's figures, its finding count and
the ratio OTHER/BASE; it never fails on timing.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import make_corpus  # noqa: E402

CHILD = r'''
import json, sys, time
from linter.core.config import Settings
from linter.core.engine import Linter
from linter.text.document import Document
texts = json.load(open(sys.argv[1], encoding="utf-8"))
linter = Linter(Settings())
found = sum(len(linter.check(Document.from_text(t, "article.txt")).diagnostics) for t in texts)
for line in sys.stdin:
    start = time.process_time()
    for t in texts:
        linter.check(Document.from_text(t, "article.txt"))
    print(time.process_time() - start, found, flush=True)
'''


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path, help="the checkout to compare against (with .venv)")
    parser.add_argument("other", type=Path, nargs="?", default=ROOT, help="the checkout to compare (with .venv)")
    parser.add_argument("--articles", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=7, help="passes of each tree, in turn")
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    args = parser.parse_args()
    texts = make_corpus.articles(args.articles, (150, 210), args.eval)
    mb = sum(map(len, texts)) / 1e6
    trees = [args.base.resolve(), args.other.resolve()]
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "articles.json"
        corpus.write_text(json.dumps(texts), encoding="utf-8")
        children = [subprocess.Popen([str(tree / ".venv" / "bin" / "python"), "-c", CHILD, str(corpus)], cwd=tree,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for tree in trees]
        best, found = [float("inf")] * 2, [0, 0]
        for _ in range(args.rounds):
            for i, child in enumerate(children):
                assert child.stdin is not None and child.stdout is not None
                child.stdin.write("go\n")
                child.stdin.flush()
                seconds, count = child.stdout.readline().split()
                best[i], found[i] = min(best[i], float(seconds)), int(count)
        for child in children:
            assert child.stdin is not None
            child.stdin.close()
            child.wait()
    for tree, seconds, count in zip(trees, best, found, strict=True):
        print(f"{tree}: best CPU {seconds:.3f} s, {seconds / mb * 1000:.0f} ms/MB ({mb / seconds:.2f} MB/s), "
              f"findings {count}")
    print(f"other/base, {len(texts)} articles ({mb:.2f} MB), best of {args.rounds} rounds: "
          f"CPU {best[1] / best[0]:.2f}x")


if __name__ == "__main__":
    main()
