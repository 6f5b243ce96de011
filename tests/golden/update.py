"""Regenerate the golden files: the seed articles' findings and fixes, and the findings on the bench corpus and
the evaluation set's English text; review the diff by eye before committing.

    python tests/golden/update.py
"""

from __future__ import annotations

import sys
import zlib
from pathlib import Path

if __name__ == "__main__":  # run as a script: this tree's packages, not a copy installed from another tree
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from linter import check_text, fix_text
from linter.core.config import Settings
from linter.text.positions import LineIndex
from tests.conftest import bench_module

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


def bench_corpus() -> list[str]:
    """The articles of the quick speed corpus (built from the seeds and the evaluation set's clean news)."""
    return bench_module("make_corpus").articles(BENCH_CORPUS["articles"], BENCH_CORPUS["paragraphs"], EVAL,
                                                BENCH_CORPUS["seed"])


def eval_articles() -> list[str]:
    """The evaluation set's English segments, joined into articles of SEGMENTS_PER_ARTICLE paragraphs."""
    diff_findings = bench_module("diff_findings")
    return diff_findings.articles(diff_findings.english_segments(EVAL), SEGMENTS_PER_ARTICLE)


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
