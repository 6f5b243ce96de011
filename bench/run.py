"""Speed figures for copydesk against baselines measured in the same run.

    python bench/run.py [--quick] [--eval ../shared/eval]

Prints, as markdown: throughput on a ~5 MB corpus of 200 news-like files (whole process, one
job) next to a plain `regex` pass over the same text, 50 separate regexes in a Python loop, and
codespell and proselint when installed; start-up on one small file and on each seed article;
growth from a 1 MB to a 20 MB file; a 10,000-entry term list against a 100-entry one; language-server lint time after a
one-character edit in a 20 KB article; --jobs 2 against --jobs 1, and two separate processes on half the
corpus each, one after the other and at once; peak memory on a 20 MB file.
Timings are best-of-N wall clock on a shared machine: read the ratios, not the seconds.
``--quick`` uses a smaller corpus and fewer repeats (for CI; never fails on timing).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


# Child processes run as an installed copydesk does: with bytecode (.pyc) files. Some sandboxes set
# PYTHONDONTWRITEBYTECODE, which makes every run compile copydesk's sources again (about 50 ms); the bytecode
# goes to a folder of this run (PYTHONPYCACHEPREFIX) so the checkout stays clean.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["COPYDESK_PROGRESS_INTERVAL"] = "1000000"


def run(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env or ENV)
    return time.perf_counter() - start


def best(cmd: list[str], repeat: int, cwd: Path | None = None, env: dict[str, str] | None = None) -> float:
    return min(run(cmd, cwd, env) for _ in range(repeat))


def together(cmds: list[list[str]], repeat: int) -> float:
    """Wall time of running ``cmds`` at once, the best of ``repeat``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        procs = [subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV) for c in cmds]
        for proc in procs:
            proc.wait()
        times.append(time.perf_counter() - start)
    return min(times)


def halves(corpus: Path, work: Path) -> tuple[Path, Path]:
    """The corpus split in two folders, alternate files: what two ideal workers would each check."""
    parts = work / "half-a", work / "half-b"
    for part in parts:
        part.mkdir()
    for i, path in enumerate(sorted(corpus.rglob("*.txt"))):
        shutil.copy(path, parts[i % 2] / f"{i:04d}.txt")
    return parts


def copydesk(*args: str) -> list[str]:
    return [PYTHON, "-m", "linter", *args]


def make_corpus(folder: Path, articles: int, paragraphs: tuple[int, int], eval_dir: Path) -> int:
    subprocess.run([PYTHON, str(ROOT / "bench" / "make_corpus.py"), str(folder), "--articles", str(articles),
                    "--paragraphs", str(paragraphs[0]), str(paragraphs[1]), "--eval", str(eval_dir)],
                   check=True, stdout=subprocess.DEVNULL)
    return sum(p.stat().st_size for p in folder.rglob("*.txt"))


def regex_baselines(texts: list[str], repeat: int) -> tuple[float, float]:
    """One regex pass over every text, and 50 separate regexes in a Python loop."""
    one = regex.compile(r"\b(?:Kiev|Kharkov|Odessa)\b")
    words = ["Kiev", "Kharkov", "Odessa", "Lvov", "Nikolaev", "Zaporozhye", "Chernigov", "Lugansk", "Rovno",
             "Zhitomir"]
    fifty = [regex.compile(rf"\b{w}{i}?\b|\b(?:the|a) +{w[:3]}\w+") for i in range(5) for w in words]

    def one_pass() -> None:
        for text in texts:
            one.findall(text)

    def loop() -> None:
        for text in texts:
            for pattern in fifty:
                pattern.findall(text)

    return timed(one_pass, repeat), timed(loop, repeat)


def timed(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def lsp_edit_latency(repeat: int) -> tuple[float, float, float]:
    """Lint time (ms) for a 20 KB article in the language server: the first lint, then the median re-lint after
    each of ``repeat`` one-character edits typed one after another (what the server does on didChange:
    ``CopydeskServer.lint``, which keeps the findings of unchanged paragraphs), and, for comparison, the
    median whole-document ``Linter.check`` of the same edited texts. Packs are compiled once per server."""
    from linter.core.config import Settings
    from linter.core.engine import linter_for
    from linter.faces.lsp import CopydeskServer, OpenDocument
    from linter.text.document import Document

    seed = (ROOT / "seeds" / "000_9af475860e0d48a8.txt").read_text(encoding="utf-8")
    text = (seed * (20_000 // len(seed) + 1))[:20_000]
    linter = linter_for(Settings())
    server = CopydeskServer()
    doc = OpenDocument("file:///bench/article.txt", None, None, 0, text, linter)
    start = time.perf_counter()
    server.lint(doc)
    first = (time.perf_counter() - start) * 1000
    rng = random.Random(3)
    times, whole = [], []
    for _ in range(repeat):
        at = rng.randrange(len(doc.text))
        doc.text = doc.text[:at] + "x" + doc.text[at:]
        doc.version += 1
        start = time.perf_counter()
        server.lint(doc)
        times.append(time.perf_counter() - start)
        start = time.perf_counter()
        linter.check(Document.from_text(doc.text))
        whole.append(time.perf_counter() - start)
    return first, sorted(times)[len(times) // 2] * 1000, sorted(whole)[len(whole) // 2] * 1000


def engine_time(texts: list[str], repeat: int) -> float:
    """The engine without process start-up, pack loading or output: the best of ``repeat`` passes."""
    from linter.core.config import Settings
    from linter.core.engine import Linter

    linter = Linter(Settings())
    linter.check_text(texts[0], "warm-up.txt")  # compiles the rules
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            linter.check_text(text, "article.txt")
        times.append(time.perf_counter() - start)
    return min(times)


def engine_times_both_tokenisers(texts: list[str], repeat: int) -> tuple[float, float]:
    """The engine alone with the compiled tokeniser and with the pure-Python one forced (linter/text/tokens.py):
    one linter, a whole pass to warm it, then passes taken in turn, the best of max(``repeat``, 3) each."""
    from linter.core.config import Settings
    from linter.core.engine import Linter
    from linter.text import tokens

    chosen = tokens.choice
    linter = Linter(Settings())
    for text in texts:  # compiles the rules, loads the lexicons, warms every kind
        linter.check_text(text, "warm-up.txt")
    times: dict[bool, list[float]] = {False: [], True: []}
    try:
        for _ in range(max(repeat, 3)):
            for pure in (False, True):
                tokens.choice = (lambda: tokens.Choice(None, "forced")) if pure else chosen  # type: ignore
                start = time.perf_counter()
                for text in texts:
                    linter.check_text(text, "article.txt")
                times[pure].append(time.perf_counter() - start)
    finally:
        tokens.choice = chosen  # type: ignore[assignment]
    return min(times[False]), min(times[True])


def tokeniser_times(texts: list[str], repeat: int) -> tuple[float, float] | None:
    """Seconds to find the words of every text's prose: (compiled, pure Python), best of ``repeat`` passes each,
    in-process and in the same run; None when the native extension is not built or not used."""
    from linter.text import tokens
    from linter.text.document import Document

    module = tokens.choice().module
    if module is None:
        return None
    proses = [Document.from_text(text).prose for text in texts]
    times: dict[str, list[float]] = {"native": [], "python": []}
    for _ in range(max(repeat, 3)):
        for name, find in (("native", tokens.words), ("python", tokens._python_words)):
            start = time.perf_counter()
            for prose in proses:
                find(prose)
            times[name].append(time.perf_counter() - start)
    return min(times["native"]), min(times["python"])


# A forked child starts with its parent's peak RSS (Linux copies the high-water mark at fork and keeps it
# across exec), and this script holds the corpus and a compiled linter: the command is started by a small
# Python process instead, which reports its child's peak.
_PEAK_OF_CHILD = ("import os, subprocess, sys; p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, "
                  "stderr=subprocess.DEVNULL); print(os.wait4(p.pid, 0)[2].ru_maxrss)")


def peak_rss_mb(cmd: list[str]) -> float:
    """Peak RSS of the one process running ``cmd``."""
    out = subprocess.run([PYTHON, "-c", _PEAK_OF_CHILD, *cmd], capture_output=True, text=True, env=ENV, check=True)
    return int(out.stdout.strip()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small corpus, one repeat (CI)")
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    args = parser.parse_args()
    repeat = 1 if args.quick else 3
    work = Path(tempfile.mkdtemp(prefix="copydesk-bench-"))
    ENV["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    try:
        corpus = work / "corpus"
        articles, paragraphs = (20, (20, 30)) if args.quick else (200, (150, 210))
        size = make_corpus(corpus, articles, paragraphs, args.eval)
        texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.rglob("*.txt"))]
        mb = size / 1e6
        print(f"# copydesk speed ({'quick' if args.quick else 'full'} run)\n")
        print(f"corpus: {len(texts)} files, {mb:.2f} MB; python {sys.version.split()[0]}; {os.cpu_count()} cores\n")

        one_pass, fifty = regex_baselines(texts, repeat)
        run(copydesk("check", "--no-cache", "--quiet", str(corpus)))  # writes bytecode and the pack cache
        cd = best(copydesk("check", "--no-cache", "--jobs", "1", "--quiet", str(corpus)), repeat)
        rows = [("copydesk check (all default packs, 1 job, whole process)", cd),
                ("copydesk engine alone (`Linter.check_text` on each text, in-process)", engine_time(texts, repeat)),
                ("one `regex` pass (3 names) over the same text, in-process", one_pass),
                ("50 separate `regex` patterns in a Python loop, in-process", fifty)]
        if (native := tokeniser_times(texts, repeat)) is not None:  # the same checks with the pure-Python tokeniser
            pure_env = {**ENV, "COPYDESK_NO_NATIVE": "1"}
            rows.insert(1, ("copydesk check, pure-Python tokeniser (`COPYDESK_NO_NATIVE=1`), 1 job, whole process",
                            best(copydesk("check", "--no-cache", "--jobs", "1", "--quiet", str(corpus)), repeat,
                                 env=pure_env)))
            compiled, pure = engine_times_both_tokenisers(texts, repeat)
            rows[2:2] = [("copydesk engine alone, compiled tokeniser, in-process (passes taken in turn)", compiled),
                         ("copydesk engine alone, pure-Python tokeniser, in-process (passes taken in turn)", pure)]
        files = [str(p) for p in sorted(corpus.rglob("*.txt"))]
        for tool, cmd in (("codespell", ["codespell", *files]), ("proselint", ["proselint", "check", *files])):
            if shutil.which(tool):
                rows.append((f"{tool} (whole process)", best(cmd, 1 if tool == "proselint" else repeat)))
        print("| tool | seconds | MB/s | copydesk time / tool time |\n|---|---:|---:|---:|")
        for name, seconds in rows:
            print(f"| {name} | {seconds:.2f} | {mb / seconds:.2f} | {cd / seconds:.2f} |")

        if native is not None:
            print(f"\ntokeniser alone (`Document.words` on the corpus's prose, in-process, words lowercased): compiled "
                  f"{native[0] / mb * 1000:.0f} ms/MB, pure Python {native[1] / mb * 1000:.0f} ms/MB "
                  f"({native[1] / native[0]:.1f}x)")
        else:
            print("\ntokeniser: the native extension is not built or not used: only the pure-Python one is measured")

        small = work / "small.txt"
        small.write_text("The embassy in Kiev closed on Wednesday after a warning.\n", encoding="utf-8")
        startup = best(copydesk("check", "--no-cache", "--quiet", str(small)), 5)
        cached = best(copydesk("check", "--quiet", str(small)), 5)
        bare = best([PYTHON, "-c", "pass"], 5)
        print(f"\nstart-up: `copydesk check --no-cache` on one {small.stat().st_size}-byte file: "
              f"{startup * 1000:.0f} ms; with its result cached: {cached * 1000:.0f} ms "
              f"(bare `python -c pass`: {bare * 1000:.0f} ms)")
        spell = shutil.which("codespell")
        for seed in sorted((ROOT / "seeds").glob("*.txt")):  # real articles: every rule kind runs
            # issue 20's target is a ratio to codespell's start-up on the same file: the two alternate, best of 7
            article = codespell_article = float("inf")
            for _ in range(7):
                article = min(article, run(copydesk("check", "--no-cache", "--quiet", str(seed))))
                if spell:
                    codespell_article = min(codespell_article, run([spell, str(seed)]))
            against = (f"; codespell on the same file {codespell_article * 1000:.0f} ms: "
                       f"**{article / codespell_article:.2f}x**" if spell else "")
            print(f"start-up on a real article: `copydesk check --no-cache seeds/{seed.name}` "
                  f"({seed.stat().st_size:,} bytes): {article * 1000:.0f} ms{against}")

        joined = "\n\n".join(texts)
        small_mb, big_mb = (0.1, 0.5) if args.quick else (1, 20)
        one_mb, twenty_mb = work / "small-file.txt", work / "big-file.txt"
        one_mb.write_text((joined * 25)[:int(small_mb * 1e6)], encoding="utf-8")
        twenty_mb.write_text((joined * (int(big_mb * 1e6) // len(joined) + 1))[:int(big_mb * 1e6)], encoding="utf-8")
        t1 = best(copydesk("check", "--no-cache", "--quiet", str(one_mb)), repeat) - startup
        t20 = best(copydesk("check", "--no-cache", "--quiet", str(twenty_mb)), 1) - startup
        print(f"growth: {small_mb:g} MB file {t1:.2f} s, {big_mb:g} MB file {t20:.2f} s: {t20 / t1:.1f}x for "
              f"{big_mb / small_mb:g}x the text (start-up subtracted)")

        full, edit, whole = lsp_edit_latency(5 if args.quick else 25)
        print(f"editor: 20 KB article, first lint {full:.1f} ms; re-lint after a one-character edit "
              f"{edit:.1f} ms (median; whole-document check of the same texts {whole:.1f} ms)")

        if not args.quick:
            j1 = best(copydesk("check", "--no-cache", "--jobs", "1", "--quiet", str(corpus)), repeat)
            j2 = best(copydesk("check", "--no-cache", "--jobs", "2", "--quiet", str(corpus)), repeat)
            print(f"jobs: --jobs 1 {j1:.2f} s, --jobs 2 {j2:.2f} s: {j1 / j2:.2f}x faster")
            # baselines in the same run: two separate --jobs 1 processes, each on half the corpus, one after the
            # other and then at once. Apart/at once is what the machine gives two independent processes; whole
            # corpus/at once is what splitting the corpus without a pool would give (two start-ups, two warm-ups)
            half_cmds = [copydesk("check", "--no-cache", "--jobs", "1", "--quiet", str(half))
                         for half in halves(corpus, work)]
            apart = best(half_cmds[0], repeat) + best(half_cmds[1], repeat)
            at_once = together(half_cmds, repeat)
            print(f"jobs baselines: two processes on half the corpus each, {apart:.2f} s one after the other, "
                  f"{at_once:.2f} s at once: the machine runs them {apart / at_once:.2f}x faster at once; "
                  f"against --jobs 1 on the whole corpus, {j1 / at_once:.2f}x")
            print(f"memory: peak RSS checking the {big_mb:g} MB file: "
                  f"{peak_rss_mb(copydesk('check', '--no-cache', '--quiet', str(twenty_mb))):.0f} MB")
        print("\nterm list scaling: run `python bench/term_scaling.py`")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
