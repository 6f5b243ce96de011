"""Regenerate the golden files: the seed articles' findings and fixes, and the findings on the bench corpus and
the evaluation set's English text; review the diff by eye before committing.

    python tests/golden/update.py
"""

from __future__ import annotations

import importlib.util
import zlib
from pathlib import Path
from types import ModuleType

from linter import check_text, fix_text
from linter.core.config import Settings
from linter.text.positions import LineIndex

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SEEDS = ROOT / "seeds"
EVAL = ROOT.parent / "shared" / "eval"
# the corpus `bench/run.py --quick` checks (bench/make_corpus.py: seeded, the same arguments give the same text)
BENCH_CORPUS = {"articles": 20, "paragraphs": (20, 30), "seed": 20241120}
SEGMENTS_PER_ARTICLE = 200  # as bench/diff_findings.py groups the evaluation set's segments


def expected_diagnostics(text: str) -> str:
    index = LineIndex(text)
    lines = []
    for diag in check_text(text, config=Settings()):
        line, column = index.human(diag.start)
        lines.append(f"{line}:{column} {diag.code} {diag.name}")
    return "\n".join(lines) + "\n"


def safe_fixed(text: str) -> str:
    return fix_text(text, config=Settings()).text


def _bench(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"copydesk_bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bench_corpus() -> list[str]:
    """The articles of the quick speed corpus (built from the seeds and the evaluation set's clean news)."""
    make_corpus = _bench("make_corpus")
    rng = make_corpus.random.Random(BENCH_CORPUS["seed"])
    pool = make_corpus.paragraphs(EVAL)
    return [make_corpus.article(rng, pool, BENCH_CORPUS["paragraphs"]) for _ in range(BENCH_CORPUS["articles"])]


def eval_articles() -> list[str]:
    """The evaluation set's English segments, joined into articles of SEGMENTS_PER_ARTICLE paragraphs."""
    segments = _bench("diff_findings").english_segments(EVAL)
    return ["\n\n".join(segments[i:i + SEGMENTS_PER_ARTICLE]) + "\n"
            for i in range(0, len(segments), SEGMENTS_PER_ARTICLE)]


def findings_lines(articles: list[str]) -> str:
    """One line per finding: article, span, code, applicability, and a checksum of message, suggestions and fix.

    Only offsets and codes: the evaluation text itself stays out of the repository.
    """
    lines = []
    for n, text in enumerate(articles):
        for diag in check_text(text, config=Settings()):
            fix = diag.fix
            detail = repr((diag.message, tuple(diag.suggestions), fix and fix.edits))
            lines.append(f"{n:04d} {diag.start}-{diag.end} {diag.code} {fix.applicability.value if fix else '-'} "
                         f"{zlib.crc32(detail.encode()):08x}")
    return "\n".join(lines) + "\n"


CORPORA = {"bench-corpus": bench_corpus, "eval": eval_articles}


def main() -> None:
    if EVAL.is_dir():
        for name, articles in CORPORA.items():
            (HERE / f"{name}.findings.txt").write_text(findings_lines(articles()), encoding="utf-8")
            print(f"wrote the findings on {name}")
    else:
        print(f"{EVAL} is absent: the findings on the bench corpus and the evaluation set were left as they are")
    for seed in sorted(SEEDS.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        (HERE / f"{seed.stem}.diagnostics.txt").write_text(expected_diagnostics(text), encoding="utf-8")
        (HERE / f"{seed.stem}.fixed.txt").write_text(safe_fixed(text), encoding="utf-8")
        print(f"wrote golden files for {seed.name}")


if __name__ == "__main__":
    main()
