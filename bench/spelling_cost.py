"""What the spelling pack costs, measured against the same check without it in one run (interleaved, best of N).

    python bench/spelling_cost.py [--repeat 7] [--articles 40] [--paragraphs 20 30] [--eval ../shared/eval] [--cold]

Whole process: `copydesk check --no-cache` on a news-like corpus (bench/make_corpus.py) and on one seed
article, with the default selection and with `--ignore spelling`; in-process: `Linter.check_text` on each
article. The derived lexicon is read from the user's cache (kept there by the first check that needed it);
``--cold`` also times deriving it (the first check after an install or an upgrade).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV, cwd=ROOT)
    return time.perf_counter() - start


def interleaved(a: list[str], b: list[str], repeat: int) -> tuple[float, float]:
    best_a = best_b = float("inf")
    for _ in range(repeat):
        best_a = min(best_a, timed(a))
        best_b = min(best_b, timed(b))
    return best_a, best_b


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--paragraphs", type=int, nargs=2, default=(20, 30), metavar=("MIN", "MAX"))
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--cold", action="store_true", help="also time deriving the lexicon")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp, "corpus")
        subprocess.run([PYTHON, str(ROOT / "bench" / "make_corpus.py"), str(corpus), "--articles",
                        str(args.articles), "--paragraphs", *map(str, args.paragraphs), "--eval", str(args.eval)],
                       check=True, stdout=subprocess.DEVNULL)
        files = sorted(corpus.rglob("*.txt"))
        size = sum(f.stat().st_size for f in files) / 1e6
        check = [PYTHON, "-m", "linter", "check", "--no-cache", "--exit-zero", "--isolated"]
        timed([*check, str(files[0])])  # the derived lexicon is kept by now
        print(f"# The spelling pack's cost (same run, interleaved, best of {args.repeat})\n")
        print(f"corpus: {len(files)} files, {size:.2f} MB; load average {os.getloadavg()[0]:.1f} at the start\n")
        print("| measure | without spelling | with spelling | ratio |")
        print("|---|---:|---:|---:|")
        without, with_ = interleaved([*check, "--ignore", "spelling", str(corpus)], [*check, str(corpus)],
                                     args.repeat)
        print(f"| `copydesk check` on the corpus, whole process | {without:.2f} s | {with_:.2f} s | "
              f"{with_ / without:.2f} |")
        seed = str(ROOT / "seeds" / "000_9af475860e0d48a8.txt")
        without, with_ = interleaved([*check, "--ignore", "spelling", seed], [*check, seed], args.repeat)
        print(f"| start-up: `copydesk check` on one seed article | {without * 1000:.0f} ms | {with_ * 1000:.0f} ms | "
              f"{with_ / without:.2f} |")
        engine = ("import sys, time\nfrom pathlib import Path\nfrom linter.core.config import Settings\n"
                  "from linter.core.engine import Linter\n"
                  "texts = [Path(p).read_text(encoding='utf-8') for p in sys.argv[2:]]\n"
                  "linter = Linter(Settings(ignore=tuple(sys.argv[1].split(',')) if sys.argv[1] else ()))\n"
                  "linter.check_text(texts[0])\n"
                  "start = time.perf_counter()\n"
                  "for text in texts: linter.check_text(text)\n"
                  "print(time.perf_counter() - start)\n")
        best = {}
        for _ in range(max(3, args.repeat // 2)):
            for ignore in ("spelling", ""):
                out = subprocess.run([PYTHON, "-c", engine, ignore, *map(str, files)], capture_output=True,
                                     text=True, env=ENV, cwd=ROOT).stdout.strip()
                best[ignore] = min(best.get(ignore, float("inf")), float(out))
        print(f"| engine alone (`Linter.check_text`, in-process, after a first check) | {best['spelling']:.2f} s | "
              f"{best['']:.2f} s | {best[''] / best['spelling']:.2f} |")
        if args.cold:
            cache = Path(tmp, "cold-cache")
            env = {**ENV, "XDG_CACHE_HOME": str(cache)}
            start = time.perf_counter()
            subprocess.run([*check, "--select", "spelling", seed], stdout=subprocess.DEVNULL, env=env, cwd=ROOT)
            print(f"\nderiving the lexicon (the first check after an install): {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
