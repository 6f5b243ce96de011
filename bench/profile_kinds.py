"""Where the engine's time goes: CPU milliseconds per MB for each document view and each checker.

    python bench/profile_kinds.py [--articles 40] [--eval ../shared/eval] [--top 25] [--repeat 1]

Builds a corpus with bench/make_corpus.py (in a temporary folder), checks it once to warm up (pyphen's
dictionary, lingua's models, compiled rules), then times every document view and every checker on each
article, in-process. Prints the slowest checkers and the totals per kind.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import make_corpus  # noqa: E402  (a sibling script)

from linter.core.config import Settings  # noqa: E402
from linter.core.engine import Linter  # noqa: E402
from linter.kinds import KINDS  # noqa: E402
from linter.text.document import Document  # noqa: E402

VIEWS = ("masked", "prose", "folded", "lowered", "words", "paragraphs", "sentences")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--repeat", type=int, default=1, help="timed passes; each figure is the least")
    args = parser.parse_args()
    texts = make_corpus.articles(args.articles, (150, 210), args.eval)
    mb = sum(map(len, texts)) / 1e6
    linter = Linter(Settings())
    for text in texts:
        linter.check(Document.from_text(text, "article.txt"))
    times: dict[str, float] = {}
    for _ in range(args.repeat):  # each figure the least of the passes: the machine is shared
        passed: dict[str, float] = defaultdict(float)
        for text in texts:
            doc = Document.from_text(text, "article.txt")
            for view in VIEWS:
                start = time.perf_counter()
                getattr(doc, view)
                passed[f"document.{view}"] += time.perf_counter() - start
            for checker in linter.checkers:
                if any(KINDS[r.kind].bilingual for r in checker.rules):  # they read a translation's source: the
                    continue  # engine runs them only with one

                start = time.perf_counter()
                list(checker.check(doc))
                name = ",".join(r.code for r in checker.rules)
                passed[f"{type(checker).__name__}:{name[:40]}"] += time.perf_counter() - start
        times = {k: min(v, times.get(k, v)) for k, v in passed.items()}
    whole = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        for text in texts:
            linter.check(Document.from_text(text, "article.txt"))
        whole = min(whole, time.perf_counter() - start)
    print(f"{len(texts)} articles, {mb:.2f} MB; whole check {whole / mb * 1000:.0f} ms/MB ({mb / whole:.2f} MB/s)\n")
    for name, seconds in sorted(times.items(), key=lambda kv: -kv[1])[:args.top]:
        print(f"{seconds / mb * 1000:8.1f} ms/MB  {name}")
    by_kind: dict[str, float] = defaultdict(float)
    for name, seconds in times.items():
        by_kind[name.split(":")[0].split(".")[0]] += seconds
    print("\nper kind (ms/MB):", {k: round(v / mb * 1000) for k, v in sorted(by_kind.items(), key=lambda kv: -kv[1])})


if __name__ == "__main__":
    main()
