"""Issue 20's first measurement: the shipped regexes in a multi-pattern automaton (RE2, Hyperscan) against today's.

    python bench/automaton.py [--articles 40] [--eval ../shared/eval] [--profile] [--top 30] [--list]

Collects every regex copydesk compiles for the shipped packs: the `pattern` kind's `pattern` and `unless`, the
`consistency` kind's `before`/`after`, every pattern compiled through ``linter.kept.regexes.compile`` while the
checkers are built and a few articles checked (the kinds' own), and the module-level compiled regexes of
``linter.*``.
For each engine it reports which patterns compile (and why the rest do not), the compile time of one set of
the accepted ones, memory, scan throughput over the bench corpus (bench/make_corpus.py) and whether the
engine's answer "this pattern matches somewhere in this text" agrees with `regex`'s (a trigger that misses a
text where `regex` matches would lose findings). Today's path, the `pattern` checkers of the default
selection (prefilter + `regex` searches + `unless`), is timed in the same run. ``--profile`` adds a cProfile of
the default check on the same corpus, by kind and by function, and the share a compiled tokeniser, segmenter
and script classifier could take.

The engines are optional: ``pip install google-re2 hyperscan`` into a venv of your own (they are not
copydesk dependencies); without them the script says what is missing and measures the rest.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import os
import pstats
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter.core.config import Settings  # noqa: E402
from linter.core.engine import Linter  # noqa: E402
from linter.kept import regexes  # noqa: E402
from linter.text.document import Document  # noqa: E402

try:
    import re2
except ImportError:
    re2 = None
try:
    import hyperscan
except ImportError:
    hyperscan = None

# What a pattern uses that an automaton engine may refuse, first match wins (the reason reported).
FEATURES: list[tuple[str, re.Pattern[str]]] = [
    ("lookbehind", re.compile(r"\(\?<[=!]")),
    ("lookahead", re.compile(r"\(\?[=!]")),
    ("backreference", re.compile(r"\\[1-9]|\(\?P=|\\g<")),
    ("atomic group", re.compile(r"\(\?>")),
    ("possessive quantifier", re.compile(r"(?<!\\)(?:[*+?]|\{\d+(?:,\d*)?\})\+")),
    ("conditional", re.compile(r"\(\?\(")),
    ("named list \\L<>", re.compile(r"\\L<")),
    ("regex word start/end \\m \\M", re.compile(r"(?<!\\)\\[mM]")),
    ("fuzzy match", re.compile(r"\{[eids]<")),
    ("set operation [..--..]", re.compile(r"(?<![<!])--\[|&&\[|\|\|\[")),
    ("reverse search (?r)", re.compile(r"\(\?\w*r")),
    ("\\p{...} class", re.compile(r"\\[pP]\{")),
    ("\\X grapheme", re.compile(r"\\X")),
    ("\\G anchor", re.compile(r"\\G")),
]


def features(pattern: str) -> list[str]:
    return [name for name, probe in FEATURES if probe.search(pattern)]


@contextlib.contextmanager
def recording() -> Iterator[dict[tuple[str, int], str]]:
    """Record (pattern, flags) -> calling module of every pattern compiled through the store meanwhile: the
    kinds' own, compiled when their checkers are built and run (the module-level ones are found in the modules'
    globals by `collect`)."""
    recorded: dict[tuple[str, int], str] = {}
    store_compile = regexes.compile

    def compile_recorded(pattern: Any, flags: int = 0, *args: Any, **kwargs: Any) -> Any:
        if isinstance(pattern, str):
            recorded.setdefault((pattern, int(flags)), sys._getframe(1).f_globals.get("__name__", "?"))
        return store_compile(pattern, flags, *args, **kwargs)

    regexes.compile = compile_recorded  # type: ignore[assignment]
    try:
        yield recorded
    finally:
        regexes.compile = store_compile  # type: ignore[assignment]


@dataclass
class Pat:
    pattern: str
    flags: int
    sources: set[str] = field(default_factory=set)
    default: bool = False  # used by the default selection
    compiled: Any = None  # the `regex` pattern


def collect(linter: Linter, recorded: Mapping[tuple[str, int], str]) -> list[Pat]:
    """Every regex of the shipped packs and of copydesk's modules, deduplicated by (pattern, flags)."""
    from linter.kinds.base import flags_from

    found: dict[tuple[str, int], Pat] = {}

    def add(pattern: str, flags: int, source: str, default: bool) -> None:
        pat = found.setdefault((pattern, flags), Pat(pattern, flags))
        pat.sources.add(source)
        pat.default = pat.default or default

    selected = {r.code for r in linter.rules}
    for rule in linter.all_rules:
        options, chosen = rule.options, rule.code in selected
        if rule.kind == "pattern":
            add(options["pattern"], flags_from(options["flags"]), "pattern", chosen)
            unless = options.get("unless")
            items = unless if isinstance(unless, list) else [unless] if unless is not None else []
            for item in items:
                add(item if isinstance(item, str) else item["pattern"], 0, "unless", chosen)
        elif rule.kind == "consistency":
            for key in ("before", "after"):
                if options.get(key):
                    add(options[key], 0, f"consistency.{key}", chosen)
    for (pattern, flags), module in recorded.items():
        flags &= regex.I | regex.M | regex.S | regex.X
        if (pattern, flags) not in found:
            add(pattern, flags, f"store:{module}", True)
    for name, module in list(sys.modules.items()):
        if not name.startswith("linter"):
            continue
        for value in vars(module).values():
            if isinstance(value, regex.Pattern | re.Pattern) and isinstance(value.pattern, str):
                flags = value.flags & (regex.I | regex.M | regex.S | regex.X)
                if (value.pattern, flags) not in found:
                    add(value.pattern, flags, f"module:{name}", True)
    pats = list(found.values())
    for p in pats:
        p.compiled = regexes.compile(p.pattern, p.flags)
    return pats


_PY_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))")


def inline(p: Pat) -> str:
    """``p.pattern`` with its flags written inline (both engines read (?i), (?m), (?s)) and Python's \\uXXXX
    escapes as \\x{XXXX}, which both engines read."""
    letters = "".join(c for bit, c in ((regex.I, "i"), (regex.M, "m"), (regex.S, "s"), (regex.X, "x"))
                      if p.flags & bit)
    pattern = _PY_ESCAPE.sub(lambda m: f"{m.group(1)}\\x{{{m.group(2) or m.group(3)}}}", p.pattern)
    pattern = re.sub(r"(?<!\\)((?:\\\\)*)\\Z", r"\1\\z", pattern)  # Python's \\Z is the engines' \\z
    return f"(?{letters}){pattern}" if letters else pattern


def rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def timed(fn: Callable[[], Any], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


@dataclass
class EngineResult:
    name: str
    accepted: list[int]
    refused: dict[int, str]
    compile_s: float | None = None
    memory_kb: int | None = None
    scan_s: float | None = None
    note: str = ""
    triggers: list[set[int]] | None = None  # per text, the accepted patterns the engine says match


def why(p: Pat, error: str) -> str:
    if "unsupported in UCP mode" in error:  # Hyperscan: \\b with Unicode word characters
        return "\\b or \\B in Unicode (UCP) mode"
    if "too large" in error:  # the engine's own limit, whatever the pattern uses
        return "too large"
    found = features(p.pattern)
    return found[0] if found else f"other: {error.strip().splitlines()[0][:70]}"


def try_re2(pats: list[Pat], texts: list[bytes]) -> list[EngineResult]:
    if re2 is None:
        return []
    # RE2 logs every pattern it refuses on the process's stderr: keep the report readable
    saved = os.dup(2)
    with open(os.devnull, "w") as null:
        os.dup2(null.fileno(), 2)
        try:
            return _try_re2(pats, texts)
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def _try_re2(pats: list[Pat], texts: list[bytes]) -> list[EngineResult]:
    options = re2.Options()
    options.max_mem = 256 << 20
    accepted, refused = [], {}
    for i, p in enumerate(pats):
        try:
            re2.compile(inline(p), options)
            accepted.append(i)
        except Exception as exc:  # re2.error, or a TypeError for an option the binding lacks
            refused[i] = why(p, str(exc))
    single = EngineResult("google-re2, one pattern at a time (`re2.search` each)", accepted, refused)
    compiled = [re2.compile(inline(pats[i]), options) for i in accepted]
    # google-re2 takes str and encodes it; hand it the bytes once, as a scanner would
    strs = [t.decode("utf-8") for t in texts]
    single.scan_s = timed(lambda: [[c.search(t) for c in compiled] for t in strs], 1)
    single.note = "search per pattern per text (str in, google-re2 encodes)"

    rss = rss_kb()
    start = time.perf_counter()
    rset = re2.Set.SearchSet(options)
    index: list[int] = []
    set_refused: dict[int, str] = {}
    for i in accepted:
        try:
            rset.Add(inline(pats[i]))
            index.append(i)
        except Exception as exc:
            set_refused[i] = why(pats[i], str(exc))
    rset.Compile()
    compile_s = time.perf_counter() - start
    memory = rss_kb() - rss
    result = EngineResult("google-re2 `re2.Set` (which patterns match, no offsets)", index,
                          {**refused, **set_refused}, compile_s, memory)
    result.scan_s = timed(lambda: [rset.Match(t) for t in texts])
    result.triggers = [{index[k] for k in rset.Match(t) or ()} for t in texts]  # None when nothing matches
    result.note = "one Match per text (UTF-8 bytes): the trigger set, no positions; memory = RSS growth"
    return [result, single]


def try_hyperscan(pats: list[Pat], texts: list[bytes]) -> list[EngineResult]:
    if hyperscan is None:
        return []
    base = hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_UCP | hyperscan.HS_FLAG_ALLOWEMPTY
    som = hyperscan.HS_FLAG_SOM_LEFTMOST

    def compiles(p: Pat, extra: int) -> str | None:
        db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        try:
            db.compile(expressions=[inline(p).encode()], ids=[0], elements=1, flags=[base | extra])
            return None
        except Exception as exc:  # hyperscan.error
            return str(exc)

    exact, refused, som_refused, prefilter = [], {}, [], []
    for i, p in enumerate(pats):
        error = compiles(p, 0)
        if error is None:
            exact.append(i)
            if compiles(p, som) is not None:
                som_refused.append(i)
        else:
            refused[i] = why(p, error)
            if compiles(p, hyperscan.HS_FLAG_PREFILTER) is None:
                prefilter.append(i)

    results = []
    for label, ids, extra in (
        ("Hyperscan, block mode, every match with its start (SOM_LEFTMOST)",
         [i for i in exact if i not in som_refused], som),
        ("Hyperscan, block mode, trigger only (SINGLEMATCH)", exact, hyperscan.HS_FLAG_SINGLEMATCH),
        ("Hyperscan, trigger only, refused ones in PREFILTER mode (a superset)",
         exact + prefilter, hyperscan.HS_FLAG_SINGLEMATCH),
    ):
        flags = [base | extra | (hyperscan.HS_FLAG_PREFILTER if i in prefilter else 0) for i in ids]
        start = time.perf_counter()
        db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        db.compile(expressions=[inline(pats[i]).encode() for i in ids], ids=list(range(len(ids))),
                   elements=len(ids), flags=flags)
        compile_s = time.perf_counter() - start
        memory = db.size() // 1024  # the database; RSS moves with the compiler's own heap
        hits: list[set[int]] = []
        counts = [0]

        def on_match(k: int, start: int, end: int, flags: int, context: Any, hits: list[set[int]] = hits,
                     ids: list[int] = ids, counts: list[int] = counts) -> None:
            hits[-1].add(ids[k])
            counts[0] += 1

        def scan(hits: list[set[int]] = hits, db: Any = db, on_match: Any = on_match) -> None:
            hits.clear()
            for t in texts:
                hits.append(set())
                db.scan(t, match_event_handler=on_match)

        refused_here = {i: r for i, r in refused.items() if i not in ids}
        if extra == som:
            refused_here.update({i: "too large with start of match (SOM)" for i in som_refused})
        result = EngineResult(label, ids, refused_here, compile_s, memory)
        result.scan_s = timed(scan)
        counts[0] = 0
        scan()
        result.triggers = list(hits)
        result.note = f"{counts[0]} match callbacks; memory = database size"
        results.append(result)
    return results


def agreement(pats: list[Pat], result: EngineResult, texts: list[str]) -> tuple[int, int, int, set[int]]:
    """(texts x patterns where `regex` matches and the engine says no, where the engine says yes and `regex`
    no, pairs compared, the patterns missed): a miss would lose findings if the engine gated the rule."""
    missed = extra = pairs = 0
    which: set[int] = set()
    assert result.triggers is not None
    for t, hits in zip(texts, result.triggers, strict=True):
        for i in result.accepted:
            truth = pats[i].compiled.search(t) is not None
            pairs += 1
            if truth and i not in hits:
                missed += 1
                which.add(i)
            extra += (not truth) and i in hits
    return missed, extra, pairs, which


def make_texts(articles: int, eval_dir: Path) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_corpus.py"), folder, "--articles", str(articles),
                        "--paragraphs", "150", "210", "--eval", str(eval_dir)], check=True,
                       stdout=subprocess.DEVNULL)
        return [p.read_text(encoding="utf-8") for p in sorted(Path(folder).rglob("*.txt"))]


def current_path(linter: Linter, docs: list[Document]) -> tuple[float, int]:
    """Seconds the default selection's `pattern` checkers take on ``docs`` (views computed beforehand), and
    how many rules they hold."""
    checkers = [c for c in linter.checkers if all(r.kind == "pattern" for r in c.rules)]
    for doc in docs:  # the views every kind shares: not the pattern kind's cost
        doc.prose, doc.lowered, doc.sentences, doc.paragraphs  # noqa: B018
    return timed(lambda: [list(c.check(d)) for d in docs for c in checkers]), sum(len(c.rules) for c in checkers)


# The entry points of the work a compiled tokeniser / segmenter / script classifier pass would do, as (file, function);
# their cumulative time (the `regex` and str calls they make included) is what such a pass could take at most.
COMPILED_PASS = {
    "tokeniser (Document.words, lowered, folded)": [("text/document.py", "words"), ("text/document.py", "lowered"),
                                                    ("text/document.py", "folded")],
    "segmenter (segment.paragraphs, sentence_index)": [("text/segment.py", "paragraphs"),
                                                       ("text/segment.py", "sentence_index")],
    "script classifier (script kind: mixed, foreign, invisible, English share)": [
        ("kinds/script.py", "_mixed"), ("kinds/script.py", "_foreign"), ("kinds/script.py", "_invisible"),
        ("kinds/script.py", "_english_share")],
    "kinds' own word runs (name_variants._tokens, repetition._same_stem_candidates)": [
        ("kinds/name_variants.py", "_tokens"), ("kinds/repetition.py", "_same_stem_candidates")],
    "transliteration fold (transliteration.fold)": [("text/transliteration.py", "fold")],
    "quote pairing (quotes.scan_paragraph)": [("text/quotes.py", "scan_paragraph")],
}


def profile(linter: Linter, texts: list[str], top: int) -> None:
    mb = sum(len(t.encode()) for t in texts) / 1e6
    for t in texts[:2]:
        linter.check(Document.from_text(t, "article.txt"))  # warm: lexicons, models
    prof = cProfile.Profile()
    start = time.perf_counter()
    prof.enable()
    for t in texts:
        linter.check(Document.from_text(t, "article.txt"))
    prof.disable()
    wall = time.perf_counter() - start
    stats = pstats.Stats(prof)
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = []
    for (file, _line, func), (_cc, _nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append((file, func, tt, ct))
    print(f"\n## Profile of the default check ({len(linter.rules)} rules) on {mb:.2f} MB\n")
    print(f"wall {wall:.2f} s under cProfile ({wall / mb * 1000:.0f} ms/MB); profiled self time {total:.2f} s\n")
    by_part: dict[str, float] = defaultdict(float)
    for file, _func, tt, _ct in rows:
        m = re.search(r"linter/(\w+)/(\w+)\.py$", file)
        part = f"{m.group(1)}/{m.group(2)}" if m else ("builtins/C" if file == "~" else
                                                       "other: " + Path(file).parent.name)
        by_part[part] += tt
    print("| module (self time) | ms/MB | share |\n|---|---:|---:|")
    for part, tt in sorted(by_part.items(), key=lambda kv: -kv[1])[:top]:
        print(f"| {part} | {tt / mb * 1000:.0f} | {tt / total:.1%} |")
    print(f"\n| top {top} functions | self ms/MB | cumulative ms/MB |\n|---|---:|---:|")
    for file, func, tt, ct in sorted(rows, key=lambda r: -r[2])[:top]:
        where = re.sub(r".*/(linter|site-packages)/", r"\1/", file)
        print(f"| {where}:{func} | {tt / mb * 1000:.1f} | {ct / mb * 1000:.1f} |")
    print("\n| a compiled pass would replace | cumulative ms/MB | share of the check |\n|---|---:|---:|")
    whole = 0.0
    for piece, parts in COMPILED_PASS.items():
        own = sum(ct for file, func, _tt, ct in rows if any(file.endswith(f) and func == fn for f, fn in parts))
        whole += own
        print(f"| {piece} | {own / mb * 1000:.0f} | {own / total:.1%} |")
    regex_c = sum(tt for file, func, tt, _ct in rows if file == "~" and ("_regex.Pattern" in func or
                                                                           "of '_regex" in func))
    print(f"| (all of these; a row may include a little of another) | {whole / mb * 1000:.0f} | {whole / total:.1%} |")
    print(f"| `regex` C calls (search, finditer, sub...) an automaton could gate | {regex_c / mb * 1000:.0f} | "
          f"{regex_c / total:.1%} |")


_T0 = time.perf_counter()


def stage(what: str) -> None:
    print(f"[{time.perf_counter() - _T0:6.1f} s] {what}", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--profile", action="store_true", help="also profile the default check")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--list", action="store_true", help="print every refused pattern with its reason")
    parser.add_argument("--only-profile", action="store_true", help="the profile alone, no engine")
    args = parser.parse_args()
    if args.only_profile:
        profile(Linter(Settings()), make_texts(args.articles, args.eval), args.top)
        return
    missing = [name for name, mod in (("google-re2", re2), ("hyperscan", hyperscan)) if mod is None]
    if missing:
        print(f"not installed: {', '.join(missing)} (pip install {' '.join(missing)}); measuring the rest\n")

    stage("corpus")
    texts = make_texts(args.articles, args.eval)
    with recording() as recorded:
        linter = Linter(Settings())
        for t in texts[:3]:  # every kind compiles its regexes
            linter.check(Document.from_text(t, "article.txt"))
    docs = [Document.from_text(t, "article.txt") for t in texts]
    stage("collect")
    pats = collect(linter, recorded)
    prose = [d.prose for d in docs]
    data = [t.encode("utf-8") for t in prose]
    mb = sum(map(len, data)) / 1e6
    by_source: dict[str, int] = defaultdict(int)
    for p in pats:
        by_source[p.sources and sorted(p.sources)[0].split(":")[0]] += 1
    print(f"# The shipped regexes in a multi-pattern automaton\n\ncorpus: {len(texts)} articles, {mb:.2f} MB "
          f"(prose view, UTF-8); {len(pats)} distinct regexes ({dict(by_source)}), "
          f"{sum(p.default for p in pats)} of them used by the default selection\n")

    stage("current path")
    cur, n_rules = current_path(linter, docs)
    every = [p.compiled for p in pats]
    stage("naive")
    naive = timed(lambda: [[c.search(t) for c in every] for t in prose], 1)
    print("| engine | accepted / total | compile ms | memory KB | scan s | MB/s | trigger misses / extras | note |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    print(f"| today: the default `pattern` checkers ({n_rules} rules: prefilter, `regex`, `unless`) | - | - | - | "
          f"{cur:.3f} | {mb / cur:.1f} | - | views computed beforehand |")
    print(f"| `regex`, `search` for each of the {len(pats)} regexes | {len(pats)} / {len(pats)} | - | - | "
          f"{naive:.3f} | {mb / naive:.2f} | - | the naive bound without prefilter |")
    stage("engines")
    results = [*try_re2(pats, data), *try_hyperscan(pats, data)]
    stage("agreement")
    misses: dict[str, set[int]] = {}
    for r in results:
        agree = "-"
        if r.triggers is not None:
            missed, extra, pairs, misses[r.name] = agreement(pats, r, prose)
            agree = f"{missed} / {extra} of {pairs}"
        ms = f"{r.compile_s * 1000:.0f}" if r.compile_s is not None else "-"
        kb = str(r.memory_kb) if r.memory_kb is not None else "-"
        scan = f"{r.scan_s:.3f} | {mb / r.scan_s:.1f}" if r.scan_s else "- | -"
        print(f"| {r.name} | {len(r.accepted)} / {len(pats)} | {ms} | {kb} | {scan} | {agree} | {r.note} |")
    for name, which in misses.items():
        for i in sorted(which):
            print(f"\n{name} missed texts `regex` matches: {sorted(pats[i].sources)[0]}: {pats[i].pattern[:100]!r}")
    for r in results:
        if not r.refused:
            continue
        reasons: dict[str, int] = defaultdict(int)
        for reason in r.refused.values():
            reasons[reason] += 1
        default_refused = sum(pats[i].default for i in r.refused)
        print(f"\n{r.name}: refused {len(r.refused)} ({default_refused} in the default selection): "
              + ", ".join(f"{k} {v}" for k, v in sorted(reasons.items(), key=lambda kv: -kv[1])))
        if args.list:
            for i, reason in sorted(r.refused.items()):
                print(f"    [{reason}] {sorted(pats[i].sources)[0]}: {pats[i].pattern[:100]!r}")
    if args.profile:
        profile(linter, texts, args.top)


if __name__ == "__main__":
    main()
