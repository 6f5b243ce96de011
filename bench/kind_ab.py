"""A/B of one rule kind's checkers against another tree's module of that kind, in one process, on long articles.

    python bench/kind_ab.py BASE KIND [--rounds 7] [--articles 30] [--eval ../shared/eval] [--fresh] [--cold]

Loads ``BASE/linter/kinds/KIND.py`` beside this tree's (the rest of the package is this tree's: the two modules must
take the same arguments), builds each tree's checkers of the default rules of that kind from this tree's compiled
rules, and times their ``check`` over bench/make_corpus.py's articles (150-210 paragraphs each), the trees in turn,
``--rounds`` times; prints each tree's best CPU time per MB and whether their findings are the same. The articles'
shared views (prose, folded, words, paragraphs, sentences) are worked out before the timing: with ``--fresh`` on
new documents each round (so a view only this kind reads, or that it reads first, such as the quotation index, is
timed with it), else on the same documents, already checked once (every view built). With ``--cold``, new checkers
each round (nothing remembered between rounds: the first article of a run). Never fails on timing.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import make_corpus  # noqa: E402  (a sibling script)

from linter.core.config import Settings  # noqa: E402
from linter.core.engine import Linter  # noqa: E402
from linter.text.document import Document  # noqa: E402

VIEWS = ("masked", "prose", "folded", "lowered", "words", "paragraphs", "sentences")


def _checkers(module, protos: list, kind: str) -> list:
    """``module``'s checkers standing for this tree's ``protos`` (the same rules and settings)."""
    if kind == "spelling":
        made = []
        for proto in protos:
            checker = module.SpellingChecker(proto.rule, proto.settings, proto._context, proto.lexicon)
            checker.__dict__["names"] = proto.names  # (gathered once: not what is compared)
            made.append(checker)
        return made
    if kind == "term":
        return [module.TermChecker(list(proto.rules)) for proto in protos]
    return module.KIND.compile([rule for proto in protos for rule in proto.rules])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path)
    parser.add_argument("kind")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--articles", type=int, default=30)
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--fresh", action="store_true", help="new documents each round")
    parser.add_argument("--cold", action="store_true", help="new checkers each round")
    args = parser.parse_args()
    texts = make_corpus.articles(args.articles, (150, 210), args.eval)
    mb = sum(map(len, texts)) / 1e6
    linter = Linter(Settings())
    checked = [Document.from_text(text, "article.txt") for text in texts]
    for doc in checked:
        linter.check(doc)
    protos = [c for c in linter.checkers if any(r.kind == args.kind for r in c.rules)]
    spec = importlib.util.spec_from_file_location(f"base_{args.kind}", args.base / "linter" / "kinds" /
                                                  f"{args.kind}.py")
    assert spec is not None and spec.loader is not None
    base = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = base  # dataclasses look their module up while the class is built
    spec.loader.exec_module(base)
    modules = {"base": base, "this tree": importlib.import_module(f"linter.kinds.{args.kind}")}
    checkers = {name: _checkers(module, protos, args.kind) for name, module in modules.items()}
    best = dict.fromkeys(modules, float("inf"))
    found: dict[str, list] = {}
    for _ in range(args.rounds):
        for name, module in modules.items():
            if args.cold:
                checkers[name] = _checkers(module, protos, args.kind)
            docs = checked
            if args.fresh:
                docs = [Document.from_text(text, "article.txt") for text in texts]
                for doc in docs:
                    for view in VIEWS:
                        getattr(doc, view)
            start = time.process_time()
            found[name] = [[(f.rule.code, f.start, f.end, tuple(f.suggestions)) for c in checkers[name]
                            for f in c.check(doc)] for doc in docs]
            best[name] = min(best[name], time.process_time() - start)
    same = found["base"] == found["this tree"]
    print(f"{args.kind}: {len(texts)} articles, {mb:.2f} MB, {args.rounds} rounds"
          f"{', new documents each' if args.fresh else ''}{', new checkers each' if args.cold else ''}")
    for name, seconds in best.items():
        print(f"  {name}: CPU best {seconds / mb * 1000:.1f} ms/MB")
    print(f"  this tree/base: {best['this tree'] / best['base']:.2f}x; findings "
          f"{'the same' if same else 'DIFFERENT'} ({sum(map(len, found['base']))} in base)")


if __name__ == "__main__":
    main()
