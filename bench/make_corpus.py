"""Build a deterministic corpus of news-like articles with injected MT artifacts.

    python bench/make_corpus.py OUT_DIR --articles 5000 [--eval ../shared/eval] [--jsonl corpus.jsonl]

Articles are assembled from the seed articles and, when the eval folder is present, from the
clean English news in clean_en_news.jsonl; then artifacts copydesk looks for are injected at
random (seeded) places: outdated and lowercased place names, doubled words, glued sentences,
stray periods, double spaces, cognate echoes. The same arguments always give the same corpus.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

INJECTIONS = [
    ("Kyiv", "Kiev"), ("Kyiv", "kyiv"), ("Kharkiv", "Kharkov"), ("Odesa", "Odessa"),
    (" the ", " the the "), (". The ", ".The "), (", and ", ". and "), (" said ", "  said "),
    ("shelter", "shelter in the shelter"), ("United States", "U.S."), ("airstrikes", "air strikes"),
]
FILLER = [
    "Officials in Kyiv said the talks would resume next week.",
    "The ministry said airstrikes hit energy infrastructure overnight.",
    "Residents were told to take shelter as the alert sounded.",
    "The United States said it would send more air defence systems.",
    "Prices rose sharply in Kharkiv and Odesa after the attacks.",
]


def paragraphs(eval_dir: Path | None) -> list[str]:
    found: list[str] = []
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        found += [p.strip() for p in seed.read_text(encoding="utf-8").splitlines() if len(p.split()) > 6]
    clean = eval_dir / "clean_en_news.jsonl" if eval_dir else None
    if clean and clean.exists():
        with clean.open(encoding="utf-8") as handle:
            found += [json.loads(line)["text"] for line in handle if line.strip()]
    return found + FILLER


def article(rng: random.Random, pool: list[str], paragraphs: tuple[int, int] = (6, 18)) -> str:
    body = [rng.choice(pool) for _ in range(rng.randint(*paragraphs))]
    text = "\n\n".join(body) + "\n"
    for _ in range(rng.randint(0, 4)):
        old, new = rng.choice(INJECTIONS)
        at = text.find(old, rng.randrange(len(text)))
        if at >= 0:
            text = text[:at] + new + text[at + len(old):]
    return text


def articles(count: int, per_article: tuple[int, int] = (6, 18), eval_dir: Path | None = None,
             seed: int = 20241120) -> list[str]:
    """The corpus's articles: the same arguments always give the same texts."""
    rng = random.Random(seed)
    pool = paragraphs(eval_dir if eval_dir is not None and eval_dir.exists() else None)
    return [article(rng, pool, per_article) for _ in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the articles into")
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--jsonl", type=Path, help="also write every article as a record of this JSONL file")
    parser.add_argument("--seed", type=int, default=20241120)
    parser.add_argument("--paragraphs", type=int, nargs=2, default=(6, 18), metavar=("MIN", "MAX"),
                        help="paragraphs per article")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    records = []
    for i, text in enumerate(articles(args.articles, tuple(args.paragraphs), args.eval, args.seed)):
        folder = args.out / f"{i // 1000:03d}"
        folder.mkdir(exist_ok=True)
        (folder / f"article-{i:06d}.txt").write_text(text, encoding="utf-8")
        records.append({"id": i, "text": text, "source": "bench"})
    if args.jsonl:
        with args.jsonl.open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    size = sum(len(r["text"].encode()) for r in records)
    print(f"wrote {args.articles} articles ({size / 1e6:.1f} MB) to {args.out}")


if __name__ == "__main__":
    main()
