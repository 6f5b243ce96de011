"""Findings of this tree against another tree's on the same real text: a change meant to be exact must show none.

    python bench/diff_findings.py OTHER_TREE [--eval ../shared/eval] [--per-file 200] [--extend-select CODES]

Writes the English text of ``../shared/eval`` (clean news, MQM targets, the WMT22 references and system outputs,
the peer suites' sentences) into articles of ``--per-file`` segments in a temporary folder, runs
``python -m linter check --format json --no-cache --isolated`` on them once with this tree's package and once
with OTHER_TREE's (say a second worktree of main: ``git worktree add --detach /tmp/main-old main``), and prints
every finding one run has and the other has not. Exits 1 when there is a difference.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# file, and where each record keeps English text
_SOURCES = (("clean_en_news.jsonl", "text"), ("mqm_ted_zhen.jsonl", "target"), ("harper_tests.jsonl", "text"),
            ("languagetool3_en_examples.jsonl", "text"), ("wmt22_ruen_mt_outputs.jsonl", "references"),
            ("wmt22_ruen_mt_outputs.jsonl", "hyps"))


def english_segments(folder: Path) -> list[str]:
    """Every English segment of the evaluation set, in file order."""
    segments: list[str] = []
    for name, key in _SOURCES:
        path = folder / name
        if not path.is_file():
            continue
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                value = json.loads(line).get(key)
                if isinstance(value, str) and value.startswith("{"):
                    value = ast.literal_eval(value)  # the WMT file keeps its systems' outputs as a dict's repr
                if isinstance(value, dict):
                    segments.extend(str(v) for v in value.values() if v)
                elif value:
                    segments.append(str(value))
    return segments


def articles(segments: list[str], per_article: int) -> list[str]:
    """The segments joined into articles of ``per_article`` paragraphs each."""
    return ["\n\n".join(segments[i:i + per_article]) + "\n" for i in range(0, len(segments), per_article)]


def findings(tree: Path, folder: Path, extra: list[str]) -> set[tuple]:
    env = dict(os.environ, PYTHONPATH=str(tree))
    run = subprocess.run([sys.executable, "-m", "linter", "check", "--format", "json", "--no-cache", "--isolated",
                          "--exit-zero", "-j", "1", *extra, str(folder)],
                         capture_output=True, text=True, env=env, cwd=tree, check=False)
    if run.returncode != 0:
        sys.exit(f"{tree}: copydesk exited {run.returncode}: {run.stderr.strip()[-2000:]}")
    out = json.loads(run.stdout)
    return {(Path(d["path"]).name, d["start"], d["end"], d["code"], d["message"], tuple(d["suggestions"]),
             json.dumps(d["fix"], sort_keys=True)) for d in out["diagnostics"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", type=Path, help="the other tree (its linter/ package is run)")
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--per-file", type=int, default=200, help="segments per article")
    parser.add_argument("--extend-select", default="", help="opt-in rules to add (comma-separated)")
    args = parser.parse_args()
    segments = english_segments(args.eval)
    if not segments:
        sys.exit(f"no evaluation text under {args.eval}")
    extra = ["--extend-select", args.extend_select] if args.extend_select else []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n, text in enumerate(articles(segments, args.per_file)):
            (folder / f"{n:04d}.txt").write_text(text, encoding="utf-8")
        ours, theirs = findings(ROOT, folder, extra), findings(args.other.resolve(), folder, extra)
    print(f"{len(segments)} segments in {n + 1} articles; {len(ours)} findings here, {len(theirs)} in {args.other}")
    for label, diff in (("only here", ours - theirs), (f"only in {args.other}", theirs - ours)):
        for item in sorted(diff):
            print(f"{label}: {item}")
    sys.exit(1 if ours != theirs else 0)


if __name__ == "__main__":
    main()
