"""How the `term` kind scales with the size of its mapping: 100 vs 10,000 entries on the same text.

    python bench/term_scaling.py [--mb 1]

Prints seconds per run and the ratio against the 100-entry list measured in the same run.
The term kind fuses every term rule into one regex with named lists (a set lookup per
candidate word), so the cost should not grow with the number of entries.
"""

from __future__ import annotations

import argparse
import random
import string
import tempfile
import time
from pathlib import Path

import yaml

from linter.core.config import Settings
from linter.core.engine import Linter
from linter.text.document import Document

SEED_TEXT = (Path(__file__).resolve().parent.parent / "seeds" / "000_9af475860e0d48a8.txt").read_text()


def pack_with(entries: int, rng: random.Random) -> dict:
    terms = {"Kiev": "Kyiv"}
    while len(terms) < entries:
        word = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(5, 10)))
        terms[word.capitalize()] = word.upper()
    return {"pack": "bench", "rules": [{
        "code": "BB001", "name": "bench-terms", "kind": "term", "message": "m", "description": "d",
        "terms": terms, "examples": {"fail": ["Kiev"], "pass": ["Kyiv"]},
    }]}


def time_check(linter: Linter, text: str, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        linter.check(Document.from_text(text))
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="size of the text in MB")
    args = parser.parse_args()
    text = (SEED_TEXT * (int(args.mb * 1_000_000) // len(SEED_TEXT) + 1))[: int(args.mb * 1_000_000)]
    rng = random.Random(7)
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for entries in (100, 1_000, 10_000):
            path = Path(folder, f"bench{entries}.yaml")
            path.write_text(yaml.safe_dump(pack_with(entries, rng)))
            start = time.perf_counter()
            linter = Linter(Settings(select=("BB001",), extend_packs=(str(path),)))
            compile_time = time.perf_counter() - start
            results[entries] = time_check(linter, text)
            print(f"{entries:>6} entries: compile {compile_time:.3f} s, check {results[entries]:.3f} s "
                  f"({len(text) / results[entries] / 1e6:.1f} MB/s)")
    print(f"ratio 10,000 / 100 entries: {results[10_000] / results[100]:.2f}x (target < 1.5x)")


if __name__ == "__main__":
    main()
