"""The spelling check with each candidate "is it a word" lexicon swapped in (docs/spelling.md, "Why these lexicons").

    python bench/spelling_lexicons.py [--eval ../shared/eval]

Same check, same wordfreq frequencies; only ``Sources.forms`` (the dictionary's word forms) is replaced by
symspellpy's frequency dictionary, pyspellchecker's English list (each when installed: neither is a dependency)
or wordfreq's own whole list. Prints a markdown row a lexicon: findings per 10,000 words of clean news and of the
WMT22 ru-en references (false alarms), 32 common misspellings flagged, and one-slip typos of common dictionary
words (seeded, not in wordfreq's list) flagged and with the right first suggestion.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter.core.config import Settings  # noqa: E402
from linter.core.engine import Linter  # noqa: E402
from linter.kinds import spelling  # noqa: E402
from linter.text.document import Document  # noqa: E402

# from Wikipedia's list of common misspellings
MISSPELLINGS = ("recieve goverment definately seperate occured accomodate wich teh beleive untill thier tommorow "
                "publically embarassed arguement begining existance independant neccessary occurence persue "
                "recomend truely wierd acheive calender concensus pronounciation supercede millenium liason "
                "harrass").split()
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _package_file(package: str, *parts: str) -> Path | None:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations)), *parts)
    return path if path.is_file() else None


def symspell() -> frozenset[str] | None:
    path = _package_file("symspellpy", "frequency_dictionary_en_82_765.txt")
    return None if path is None else frozenset(line.split()[0] for line in path.open(encoding="utf-8"))


def pyspellchecker() -> frozenset[str] | None:
    path = _package_file("spellchecker", "resources", "en.json.gz")
    return None if path is None else frozenset(json.load(gzip.open(path)))


def typo(word: str, rnd: random.Random) -> str:
    i = rnd.randrange(1, len(word))
    op = rnd.choice("dist")
    if op == "d":
        return word[:i] + word[i + 1:]
    if op == "i":
        return word[:i] + rnd.choice(LETTERS) + word[i:]
    if op == "s":
        return word[:i] + rnd.choice(LETTERS.replace(word[i], "")) + word[i + 1:]
    i = min(i, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    args = parser.parse_args()
    clean = [json.loads(line)["text"] for line in (args.eval / "clean_en_news.jsonl").open(encoding="utf-8")]
    refs = [r for line in (args.eval / "wmt22_ruen_mt_outputs.jsonl").open(encoding="utf-8")
            for r in json.loads(line)["references"].values()]
    base = spelling.Sources()
    rnd = random.Random(11)
    pool = sorted(w for w, z in base.zipf.items()
                  if z >= 3.0 and w.isascii() and w.isalpha() and 5 <= len(w) <= 10 and w in base.forms)
    typos = [(w, t) for w in rnd.sample(pool, 1000) for t in [typo(w, rnd)] if t != w and t not in base.zipf]
    variants: dict[str, Callable[[], frozenset[str] | None] | None] = {
        "Hunspell en_US (spylls)": None, "pyspellchecker": pyspellchecker, "symspellpy": symspell,
        "wordfreq alone (every listed word is a word)": lambda: frozenset(base.zipf)}
    print(f"{len(typos)} typos\n")
    print("| \"is it a word\" | clean news | WMT22 ru-en references | common misspellings | typos flagged | "
          "right first suggestion |")
    print("|---|---:|---:|---:|---:|---:|")
    words = lambda texts: sum(len(re.findall(r"\w+", t)) for t in texts)  # noqa: E731
    for name, make in variants.items():
        sources = spelling.Sources()
        if make is not None:
            forms = make()
            if forms is None:
                print(f"| {name} | (not installed) | | | | |")
                continue
            sources.__dict__["forms"] = forms
        lexicon = spelling.Lexicon(sources, keep=False)
        spelling.shared_lexicon = lambda lexicon=lexicon: lexicon  # type: ignore[assignment]
        linter = Linter(Settings(select=("CD1151",)))
        found = lambda text, linter=linter: linter.check(Document.from_text(text)).diagnostics  # noqa: E731
        in_clean = sum(len(found(t)) for t in clean)
        in_refs = sum(len(found(t)) for t in refs)
        misspelt = sum(1 for w in MISSPELLINGS if found(f"They said it was {w} today."))
        flagged = first = 0
        for original, wrong in typos:
            hits = found(f"They said the {wrong} was here.")
            flagged += bool(hits)
            first += bool(hits) and hits[0].fix is not None and hits[0].fix.edits[0].text == original
        print(f"| {name} | {in_clean / words(clean) * 1e4:.2f} ({in_clean}) | {in_refs / words(refs) * 1e4:.2f} "
              f"({in_refs}) | {misspelt}/{len(MISSPELLINGS)} | {flagged / len(typos):.1%} | "
              f"{first / len(typos):.1%} |", flush=True)


if __name__ == "__main__":
    main()
