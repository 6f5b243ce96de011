"""What masking costs a megabyte, beside the regex masking it replaced, measured in the same run.

    python bench/masking.py [--mb 1] [--baseline REV]

Builds a Markdown article of about ``--mb`` MB from the seed articles (headings, paragraphs with links, code
spans and emphasis, lists, blockquotes, fences, tables, reference definitions, HTML) and a plain text of the
same prose, and times ``mask_spans`` on each: this checkout's, and the one of ``REV`` (default: the commit
before linter/text/markdown_regions.py was added, whose masking was hand-written regexes), loaded from git.
Best of five, wall clock on a shared machine: read the ratios. Prints markdown.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from run import timed  # noqa: E402  (bench/run.py: best of N, wall clock)

from linter import masking  # noqa: E402


def baseline_revision() -> str:
    added = subprocess.run(["git", "log", "--diff-filter=A", "--format=%H", "--", "linter/text/markdown_regions.py"],
                           cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    return f"{added[-1]}^"


def load_masking(revision: str) -> ModuleType:
    source = subprocess.run(["git", "show", f"{revision}:linter/text/masking.py"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout
    path = Path(tempfile.mkdtemp()) / "masking_baseline.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("masking_baseline", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def article(megabytes: float, dense: bool = False) -> tuple[str, str]:
    """A Markdown article and the plain text of its paragraphs, each about ``megabytes`` MB. An article is
    mostly paragraphs, with a link or a code span now and then and a heading, list, quote, fence, table, HTML
    block or reference definition every few paragraphs; ``dense``: all of them around every paragraph."""
    lines = [line.strip() for seed in sorted((ROOT / "seeds").glob("*.txt"))
             for line in seed.read_text(encoding="utf-8").splitlines() if len(line.strip()) > 40]
    blocks, plain, i = [], [], 0
    while sum(map(len, blocks)) < megabytes * 1_000_000:
        line = lines[i % len(lines)]
        words = line.split()
        linked = " ".join([*words[:3], f"[{words[3]}](https://example.com/{i})", f"`{words[4]}`",
                           f"*{words[5]}*", *words[6:]])
        markup = [f"## {words[0]} {words[1]}", f"- {line}\n- {words[0]} [ref{i}]", f"> {line}",
                  f"```\n{line}\n```", f"| {words[0]} | {words[1]} |\n|---|---|\n| `{words[2]}` | {words[3]} |",
                  f"<div class=\"note\">\n{line}\n</div>", f"[ref{i}]: https://example.com/ref/{i} \"{words[0]}\""]
        if dense:
            blocks += [linked, *markup]
        else:
            blocks += [linked if i % 4 == 0 else line, *([markup[i // 5 % len(markup)]] if i % 5 == 0 else [])]
        plain.append(line)
        i += 1
    return "\n\n".join(blocks) + "\n", "\n\n".join(plain) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--baseline", default=None, help="git revision of the masking to compare with")
    args = parser.parse_args()
    revision = args.baseline or baseline_revision()
    old = load_masking(revision)
    markdown, plain = article(args.mb)
    dense, _ = article(args.mb, dense=True)
    masking.mask_spans("warm up", "markdown")  # the parser is built once a process
    print(f"# masking cost a megabyte (baseline: masking of {revision})\n")
    print("| text | size | this checkout | baseline | ratio |")
    print("|---|---:|---:|---:|---:|")
    for name, text, fmt in (("Markdown article", markdown, "markdown"), ("Markdown, markup in every block", dense,
                            "markdown"), ("plain text", plain, "text")):
        new = timed(lambda t=text, f=fmt: masking.mask_spans(t, f), 5)
        base = timed(lambda t=text, f=fmt: old.mask_spans(t, f), 5)
        mb = len(text.encode()) / 1e6
        print(f"| {name} | {mb:.2f} MB | {new / mb * 1000:.0f} ms/MB | {base / mb * 1000:.0f} ms/MB "
              f"| {new / base:.1f}x |")


if __name__ == "__main__":
    main()
