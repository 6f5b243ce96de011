"""CPU milliseconds per MB of each checker of some kinds, on the document views made beforehand, in the engine's order.

    python bench/profile_checkers.py [--kinds sentence consistency fullwidth capitalisation] [--articles 30]
                                     [--passes 7] [--eval ../shared/eval] [--cprofile CODE]

Builds bench/make_corpus.py's articles (as bench/profile_kinds.py does), makes every document's views first, then
runs each selected checker on each document in turn (as the engine does: what a kind's rules share for one document
is worked out once) and prints each checker's least CPU time (``time.process_time``: less disturbed by other work
on a shared machine than wall time) over ``--passes`` passes, its findings, and the sum per kind. With ``--cprofile
CODE`` (a rule code, or ALL) it prints a cProfile of those checkers instead. Run it from another checkout's
interpreter to compare two trees (``cd /tmp && OTHER/.venv/bin/python THIS/bench/profile_checkers.py``: the script
imports the ``linter`` that interpreter has installed). Never fails on timing.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import make_corpus  # noqa: E402  (a sibling script)

KIND_CHECKERS = {"sentence": "SentenceChecker", "consistency": "ConsistencyChecker",
                 "fullwidth": "FullwidthChecker", "capitalisation": "CapitalisationChecker"}
VIEWS = ("masked", "prose", "folded", "lowered", "words", "paragraphs", "sentences")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", nargs="+", default=list(KIND_CHECKERS), choices=list(KIND_CHECKERS))
    parser.add_argument("--articles", type=int, default=30)
    parser.add_argument("--passes", type=int, default=7)
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--cprofile", metavar="CODE")
    args = parser.parse_args()
    from linter.core.config import Settings
    from linter.core.engine import Linter
    from linter.text.document import Document

    texts = make_corpus.articles(args.articles, (150, 210), args.eval)
    mb = sum(map(len, texts)) / 1e6
    wanted = {KIND_CHECKERS[k] for k in args.kinds}
    checkers = [c for c in Linter(Settings()).checkers if type(c).__name__ in wanted]
    docs = []
    for text in texts:
        doc = Document.from_text(text, "article.txt")
        for view in VIEWS:
            getattr(doc, view)
        docs.append(doc)
    for doc in docs:  # warm up: compiled automata, kept regexes
        for checker in checkers:
            list(checker.check(doc))
    if args.cprofile:
        chosen = [c for c in checkers if args.cprofile == "ALL" or any(r.code == args.cprofile for r in c.rules)]
        profile = cProfile.Profile()
        profile.enable()
        for doc in docs:
            for checker in chosen:
                list(checker.check(doc))
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
        return
    names = {id(c): type(c).__name__ + ":" + ",".join(r.code for r in c.rules)[:40] for c in checkers}
    best: dict[str, float] = {}
    found: dict[str, int] = {}
    for _ in range(args.passes):
        spent: dict[str, float] = defaultdict(float)
        counted: dict[str, int] = defaultdict(int)
        for doc in docs:
            for checker in checkers:
                start = time.process_time()
                counted[names[id(checker)]] += len(list(checker.check(doc)))
                spent[names[id(checker)]] += time.process_time() - start
        best = {name: min(seconds, best.get(name, seconds)) for name, seconds in spent.items()}
        found = dict(counted)
    print(f"{len(texts)} articles, {mb:.2f} MB, least CPU of {args.passes} passes")
    by_kind: dict[str, float] = defaultdict(float)
    for name, seconds in sorted(best.items(), key=lambda kv: -kv[1]):
        print(f"{seconds / mb * 1000:8.2f} ms/MB {found[name]:6d} findings  {name}")
        by_kind[name.split(":")[0]] += seconds
    print("per kind (ms/MB):", {k: round(v / mb * 1000, 1) for k, v in sorted(by_kind.items(), key=lambda kv: -kv[1])})


if __name__ == "__main__":
    main()
