"""The compiled pieces against their pure-Python twins, in one process and the same run (issue 20).

    python bench/native.py [--articles 60] [--passes 7] [--eval ../shared/eval]

Prints, as markdown: each piece alone on the corpus's prose both ways (`Document.words`; the repetition window:
`echo_starts`, `doubled_candidates` and `repeated_phrases` over those words; the name words; the name-variants
kind's two default rules, CD614 and CD616, name words and comparison, and again with only the comparison in Python
as main had it before branch names22; the quote pairing of every paragraph, as
`scan_paragraph` and `pairs`; the script kind's English sample over the sentences), and the whole engine (every
default rule, one warmed linter) with each way, passes taken in turn so that the machine's load falls on both alike;
best and median of the passes. Without the extension built it says so and measures nothing.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_spec = importlib.util.spec_from_file_location("copydesk_bench_run", ROOT / "bench" / "run.py")
bench_run = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(bench_run)  # type: ignore[union-attr]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--passes", type=int, default=7)
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    args = parser.parse_args()

    from linter.core.config import Settings
    from linter.core.engine import Linter
    from linter.text import tokens
    from linter.text.document import Document

    print(f"native extension: {tokens.choice().status}\n")
    if tokens.choice().module is None:
        return 0
    with tempfile.TemporaryDirectory(prefix="copydesk-native-") as work:
        size = bench_run.make_corpus(Path(work), args.articles, (150, 210), args.eval)
        texts = [p.read_text(encoding="utf-8") for p in sorted(Path(work).rglob("*.txt"))]
    mb = size / 1e6
    print(f"corpus: {len(texts)} articles, {mb:.2f} MB; {args.passes} passes each, taken in turn\n")
    docs = [Document.from_text(text) for text in texts]
    proses = [doc.prose for doc in docs]
    from linter.kinds import script
    from linter.kinds.repetition import FUNCTION_WORDS, _is_function_word
    from linter.text import quotes
    walked = []  # the window's input as the repetition kind builds it: words, and a function-word flag for each
    for prose in proses:
        starts, ends, lowered = tokens.words(prose)
        walked.append((prose, starts, ends, lowered, list(map(_is_function_word, lowered)),
                       [i for i, w in enumerate(lowered) if not w.isascii()]))

    def window() -> None:
        for prose, starts, ends, lowered, function_word, non_ascii in walked:
            tokens.echo_starts(prose, starts, ends, FUNCTION_WORDS, function_word.__getitem__,
                               lambda flags=function_word: flags, 3)  # type: ignore[misc]
            tokens.doubled_candidates(prose, starts, ends, lowered, non_ascii)
            tokens.repeated_phrases(lowered, 4)

    def name_words() -> None:
        for doc in docs:
            tokens.name_words(doc.prose, doc.paragraphs)

    from linter.kinds import name_variants
    name_checkers = [c for c in Linter(Settings()).checkers if isinstance(c, name_variants.NameVariantChecker)]

    def name_kind() -> None:
        for doc in docs:
            for checker in name_checkers:
                list(checker.check(doc))

    def name_kind_python_comparison() -> None:
        compiled = name_variants.name_forms
        name_variants.name_forms = lambda *args: None  # type: ignore[assignment,misc]
        try:
            name_kind()
        finally:
            name_variants.name_forms = compiled

    def quote_pairing() -> None:
        for doc in docs:
            for paragraph in doc.paragraphs:
                quotes.scan_paragraph(doc.prose, paragraph)
                quotes.pairs(doc.prose, paragraph)

    def english_sample() -> None:
        for doc in docs:
            for _ in script._samples(doc.prose, doc.sentences, 4):
                pass

    chosen = tokens.choice
    forced = tokens.Choice(None, "forced by bench/native.py")
    linter = Linter(Settings())
    for text in texts:  # compiles the rules, loads the lexicons, warms every kind
        linter.check_text(text, "warm-up.txt")
    times: dict[tuple[str, str], list[float]] = {}
    try:
        for _ in range(args.passes):
            for way in ("compiled", "pure Python"):
                tokens.choice = chosen if way == "compiled" else (lambda: forced)  # type: ignore[assignment]
                for what, run in (("tokeniser", lambda: [tokens.words(p) for p in proses]),
                                  ("window", window), ("names", name_words), ("name kind", name_kind),
                                  *([("name kind, comparison in Python", name_kind_python_comparison)]
                                    if way == "compiled" else []),
                                  ("quotes", quote_pairing),
                                  ("sample", english_sample),
                                  ("engine", lambda: [linter.check_text(t, "article.txt") for t in texts])):
                    start = time.perf_counter()
                    run()
                    times.setdefault((what, way), []).append(time.perf_counter() - start)
    finally:
        tokens.choice = chosen  # type: ignore[assignment]
    print("| what | pieces | best ms/MB | median ms/MB | MB/s (best) |\n|---|---|---:|---:|---:|")
    labels = {"tokeniser": "`Document.words` alone (words lowercased)",
              "window": "repetition window alone (`echo_starts`, `doubled_candidates`, `repeated_phrases`)",
              "names": "name words alone (`name_words`, headlines included)",
              "name kind": "name-variants kind, CD614 and CD616 (name words and `name_forms`)",
              "name kind, comparison in Python": "name-variants kind, CD614 and CD616, the comparison in Python "
                                                 "(`_found`: main before names22)",
              "quotes": "quote pairing alone (`scan_paragraph` and `pairs` of every paragraph)",
              "sample": "English sample alone (the foreign-language check's sentences, before the detector)",
              "engine": "engine, every default rule"}
    for (what, way), seconds in sorted(times.items(), key=lambda item: list(labels).index(item[0][0])):
        label = labels[what]
        print(f"| {label} | {way} | {min(seconds) / mb * 1000:.0f} | {statistics.median(seconds) / mb * 1000:.0f} "
              f"| {mb / min(seconds):.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
