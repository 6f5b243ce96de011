"""Where the pattern kind's time goes: CPU milliseconds per MB for each pattern rule, with its gate's effect.

    python bench/profile_patterns.py [--articles 30] [--paragraphs 150 210] [--segments 400] [--repeat 3]
                                     [--eval ../shared/eval] [--top 30] [--json OUT]

Builds the articles of bench/profile_kinds.py (bench/make_corpus.py, 150-210 paragraphs each) and takes the first
``--segments`` clean-news segments of ``../shared/eval`` as short texts (what bench/ab.py checks). Checks both once
to warm up, then for every pattern checker of the default selection, timed in-process (the least of ``--repeat``
passes): its whole ``check`` on the articles and on the segments, and what its literal gate lets through (texts that
hold one of its required words; on the articles, the chunks it runs on and the characters they hold), and the time
of its regex scan alone (``finditer`` over the text it reads, no gate) for comparison.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter.core.config import Settings  # noqa: E402
from linter.core.engine import Linter  # noqa: E402
from linter.kinds.pattern import _GATE_FROM, PatternChecker  # noqa: E402
from linter.text.document import Document  # noqa: E402


def _load(module: str) -> Any:
    import importlib.util
    spec = importlib.util.spec_from_file_location(module, ROOT / "bench" / f"{module}.py")
    loaded = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(loaded)  # type: ignore[union-attr]
    return loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=30)
    parser.add_argument("--paragraphs", type=int, nargs=2, default=(150, 210), metavar=("MIN", "MAX"),
                        help="paragraphs per article (bench/run.py's corpus: 6 18)")
    parser.add_argument("--segments", type=int, default=400)
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes; each figure is the least")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--json", type=Path, help="write every rule's figures to this file")
    args = parser.parse_args()
    articles = _load("make_corpus").articles(args.articles, tuple(args.paragraphs), args.eval)
    segments: list[str] = []
    clean = args.eval / "clean_en_news.jsonl"
    if clean.exists():
        with clean.open(encoding="utf-8") as handle:
            segments = [json.loads(line)["text"] for line in handle if line.strip()][:args.segments]
    mb_a = sum(map(len, articles)) / 1e6
    mb_s = sum(map(len, segments)) / 1e6 or 1e-9
    linter = Linter(Settings())
    checkers = [c for c in linter.checkers if isinstance(c, PatternChecker)]
    for text in articles + segments:
        linter.check(Document.from_text(text, "article.txt"))
    rows: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    best: dict[tuple[str, str], float] = {}
    for rep in range(args.repeat):
        passed: dict[tuple[str, str], float] = defaultdict(float)
        for corpus, texts in (("articles", articles), ("segments", segments)):
            for text in texts:
                doc = Document.from_text(text, "article.txt")
                doc.prose, doc.lowered, doc.paragraphs, doc.sentences  # noqa: B018 - views made beforehand
                for checker in checkers:
                    code = checker.rule.code
                    start = time.process_time()
                    found = list(checker.check(doc))
                    passed[code, corpus] += time.process_time() - start
                    start = time.process_time()
                    matches = sum(1 for _ in checker.pattern.finditer(doc.prose))
                    passed[code, corpus + "-scan"] += time.process_time() - start
                    if rep:
                        continue
                    row = rows[code]
                    row[corpus + "-findings"] += len(found)
                    row[corpus + "-matches"] += matches
                    gate = checker.literals is None or not checker._present or not checker._present.of(
                        doc).isdisjoint(checker.literals)
                    pairs, paired = getattr(checker, "pairs", None), getattr(checker, "_paired", None)
                    gate = gate and (not pairs or not paired or not paired.of(doc).isdisjoint(pairs))
                    row[corpus + "-texts"] += gate
                    if corpus == "articles" and gate:
                        spans = None
                        if checker._present is not None and len(doc.text) > _GATE_FROM and checker._gated:
                            spans = checker._present.chunks_with(doc, checker.literals or frozenset())
                        if spans is None:
                            row["chars"] += len(doc.text)
                        else:
                            row["chunks"] += len(spans)
                            row["chars"] += sum(hi - lo for lo, hi in spans)
        best = {k: min(v, best.get(k, v)) for k, v in passed.items()}
    for (code, what), seconds in best.items():
        rows[code][what] = seconds
    info = {c.rule.code: c for c in checkers}
    total_a = sum(r["articles"] for r in rows.values())
    total_s = sum(r["segments"] for r in rows.values())
    print(f"{len(checkers)} pattern checkers; {len(articles)} articles ({mb_a:.2f} MB), {len(segments)} segments "
          f"({mb_s:.3f} MB)")
    print(f"pattern kind: articles {total_a / mb_a * 1000:.0f} ms/MB, segments {total_s / mb_s * 1000:.0f} ms/MB\n")
    print(f"{'rule':8} {'art ms/MB':>9} {'scan':>7} {'texts':>5} {'chunks':>6} {'chars%':>6} {'seg ms/MB':>9} "
          f"{'scan':>7} {'texts':>5}  literals")
    chars = sum(map(len, articles))
    for code, row in sorted(rows.items(), key=lambda kv: -(kv[1]["articles"] / mb_a + kv[1]["segments"] / mb_s))[
            :args.top]:
        lits = info[code].literals or getattr(info[code], "pairs", None)
        shown = "-" if lits is None else ",".join(sorted(lits))[:50]
        print(f"{code:8} {row['articles'] / mb_a * 1000:9.1f} {row['articles-scan'] / mb_a * 1000:7.1f} "
              f"{int(row['articles-texts']):5} {int(row['chunks']):6} {100 * row['chars'] / chars:6.1f} "
              f"{row['segments'] / mb_s * 1000:9.1f} {row['segments-scan'] / mb_s * 1000:7.1f} "
              f"{int(row['segments-texts']):5}  {shown}")
    if args.json:
        args.json.write_text(json.dumps({code: dict(row) for code, row in rows.items()}, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
