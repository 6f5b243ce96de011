"""The `copydesk` command: a thin face over the engine. Exit codes: 0 clean, 1 findings, 2 usage/config."""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from linter import __version__
from linter.config import ConfigError, Settings, resolve
from linter.document import Document
from linter.engine import Linter, linter_for
from linter.files import Article, ArticleError, decode, expand_paths, read_article, write_atomic
from linter.fixer import fix_until_stable
from linter.formats import FORMATTERS, FileResult, RunInfo
from linter.packs import PackError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="copydesk",
        description="Lint and fix machine-translated news articles.",
        epilog="Exit codes: 0 clean, 1 problems found (or a file could not be read), 2 usage or config error.",
    )
    parser.add_argument("--version", action="version", version=f"copydesk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def lint_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("paths", nargs="*", metavar="PATH",
                         help="files, folders or globs; '-' reads standard input (default: .)")
        sub.add_argument("--config", metavar="FILE", help="config file (.copydesk.yaml or pyproject.toml)")
        sub.add_argument("--isolated", action="store_true", help="ignore config files found on disk")
        sub.add_argument("--select", metavar="SELECTORS", help="comma-separated codes, prefixes, names or packs")
        sub.add_argument("--extend-select", metavar="SELECTORS", help="add to the selection")
        sub.add_argument("--ignore", metavar="SELECTORS", help="comma-separated rules to leave out")
        sub.add_argument("--extend-packs", metavar="FILE", action="append", help="an extra rule pack (repeatable)")
        sub.add_argument("--exclude", metavar="GLOBS", help="comma-separated globs not to lint")
        sub.add_argument("--format", choices=sorted(FORMATTERS), help="output format (default: text)")
        sub.add_argument("--stdin-filename", metavar="NAME", help="name for text read from '-'")
        sub.add_argument("--statistics", action="store_true", help="print counts per rule")
        sub.add_argument("--report-unused-suppressions", action="store_true", default=None,
                         help="report copydesk-disable comments that suppressed nothing")
        sub.add_argument("--color", choices=("auto", "always", "never"), default="auto")
        sub.add_argument("--exit-zero", action="store_true", help="exit 0 even when problems are found")

    check = commands.add_parser("check", help="report problems")
    lint_options(check)
    fix = commands.add_parser("fix", help="apply safe fixes, report what is left")
    lint_options(fix)
    fix.add_argument("--unsafe-fixes", action="store_true", default=None, help="apply unsafe fixes too")
    fix.add_argument("--diff", action="store_true", help="print a unified diff; write nothing")

    rules = commands.add_parser("rules", help="list the rules")
    rules.add_argument("--config", metavar="FILE")
    rules.add_argument("--extend-packs", metavar="FILE", action="append")
    rules.add_argument("--all", action="store_true", help="include opt-in rules that are off")
    rules.add_argument("--format", choices=("text", "json"), default="text")

    lsp = commands.add_parser("lsp", help="run the language server on stdio (needs copydesk[lsp])")
    lsp.add_argument("--stdio", action="store_true", help="accepted for editor compatibility (stdio is the default)")

    explain = commands.add_parser("explain", help="explain a rule: why it matters, examples, fix safety")
    explain.add_argument("rule", metavar="CODE", help="a rule code or name")
    explain.add_argument("--extend-packs", metavar="FILE", action="append")
    return parser


def _split(value: str | None) -> list[str] | None:
    return None if value is None else [v.strip() for v in value.split(",") if v.strip()]


def overrides_from(args: argparse.Namespace) -> dict[str, Any]:
    """Command-line flags as a config layer; keys are the long option names."""
    layer: dict[str, Any] = {}
    for key in ("select", "extend-select", "ignore", "exclude"):
        value = _split(getattr(args, key.replace("-", "_"), None))
        if value is not None:
            layer[key] = value
    if getattr(args, "extend_packs", None):
        layer["extend-packs"] = [os.path.abspath(p) for p in args.extend_packs]
    if getattr(args, "format", None):
        layer["format"] = args.format
    if getattr(args, "unsafe_fixes", None):
        layer["unsafe-fixes"] = True
    if getattr(args, "report_unused_suppressions", None):
        layer["report-unused-suppressions"] = True
    return layer


class Session:
    """Settings and compiled linters for one command run, cached per config file."""

    def __init__(self, args: argparse.Namespace):
        self.config_file = getattr(args, "config", None)
        self.discover = not getattr(args, "isolated", False)
        self.overrides = overrides_from(args)
        if self.config_file and not os.path.isfile(self.config_file):
            raise UsageError(f"config file not found: {self.config_file}")

    def settings_for(self, path: str | None) -> Settings:
        start = os.path.dirname(os.path.abspath(path)) if path else os.getcwd()
        return resolve(start, self.config_file, self.overrides, discover=self.discover)

    def linter_for(self, path: str | None) -> Linter:
        return linter_for(self.settings_for(path))


def run_lint(args: argparse.Namespace, out: Any, err: Any) -> int:
    args.diff = getattr(args, "diff", False)
    session = Session(args)
    base = session.settings_for(None)
    fixing = args.command == "fix"
    unsafe = base.unsafe_fixes
    format_name = base.format
    if format_name not in FORMATTERS:
        raise ConfigError(f"unknown format {format_name!r} (choose from {', '.join(sorted(FORMATTERS))})",
                          base.source, key="format")
    base_linter = linter_for(base)  # surfaces pack and selector errors before any file is read
    paths = args.paths or ["."]
    results: list[FileResult] = []
    diff_chunks: list[str] = []
    for path in _inputs(paths, base, args):
        if path == "-":
            name = args.stdin_filename or "-"
            try:
                article = decode(name, sys.stdin.buffer.read())
            except ArticleError as exc:
                results.append(FileResult(name, error=exc.message))
                continue
            linter = session.linter_for(args.stdin_filename) if args.stdin_filename else base_linter
        else:
            try:
                article = read_article(path)
            except ArticleError as exc:
                results.append(FileResult(path, error=exc.message))
                continue
            linter = session.linter_for(path)
        results.append(_process(article, linter, fixing, unsafe, args, diff_chunks, out))
    report_unused = base.report_unused_suppressions
    if report_unused:
        results = [_with_unused(r, session) for r in results]
    info = RunInfo(command="fix" if fixing and not args.diff else "check", color=_use_color(args, out),
                   unsafe_fixes=unsafe)
    if args.diff:
        out.write("".join(diff_chunks))
        err.write(FORMATTERS["text"](results, RunInfo(command="fix")).splitlines()[-1] + "\n")
    elif not (fixing and any(p == "-" for p in paths) and format_name == "text"):
        out.write(FORMATTERS[format_name](results, info))
    if args.statistics:
        _print_statistics(results, err if format_name != "text" else out)
    if args.exit_zero:
        return EXIT_CLEAN
    if args.diff:
        return EXIT_FINDINGS if diff_chunks or any(r.error for r in results) else EXIT_CLEAN
    problems = any(r.error or r.diagnostics for r in results)
    return EXIT_FINDINGS if problems else EXIT_CLEAN


def _inputs(paths: Sequence[str], settings: Settings, args: argparse.Namespace) -> list[str]:
    found: list[str] = []
    for path in paths:
        if path == "-":
            found.append("-")
        else:
            found.extend(expand_paths([path], settings.exclude))
    return found


def _process(article: Article, linter: Linter, fixing: bool, unsafe: bool, args: argparse.Namespace,
             diff_chunks: list[str], out: Any) -> FileResult:
    path = article.path
    stdin = path == "-" or (args.paths and "-" in args.paths and path == args.stdin_filename)

    def check(text: str) -> list:
        return linter.check(Document.from_text(text, None if path == "-" else path)).diagnostics

    if not fixing:
        return FileResult(path, article.text, check(article.text))
    result = fix_until_stable(article.text, check, unsafe)
    if args.diff:
        if result.text != article.text:
            diff_chunks.append("".join(difflib.unified_diff(
                article.text.splitlines(keepends=True), result.text.splitlines(keepends=True),
                fromfile=f"a/{path}", tofile=f"b/{path}")))
        return FileResult(path, article.text, check(article.text), fixed=result.text, applied=len(result.applied))
    changed = result.text != article.text
    if stdin:
        out.write(result.text)
        return FileResult(path, result.text, result.remaining, fixed=result.text, applied=len(result.applied),
                          changed=changed)
    if changed:
        try:
            write_atomic(article, result.text)
        except ArticleError as exc:
            return FileResult(path, article.text, check(article.text), error=exc.message)
    return FileResult(path, result.text, result.remaining, fixed=result.text, applied=len(result.applied),
                      changed=changed)


def _with_unused(result: FileResult, session: Session) -> FileResult:
    if result.error:
        return result
    linter = session.linter_for(None if result.path == "-" else result.path)
    unused = linter.check(Document.from_text(result.text, result.path)).unused_suppressions
    if not unused:
        return result
    diagnostics = sorted([*result.diagnostics, *unused], key=lambda d: d.sort_key())
    return replace(result, diagnostics=diagnostics)


def _print_statistics(results: Sequence[FileResult], out: Any) -> None:
    counts: Counter[tuple[str, str]] = Counter()
    fixable: Counter[str] = Counter()
    for result in results:
        for diag in result.diagnostics:
            counts[(diag.code, diag.name)] += 1
            if diag.fixable:
                fixable[diag.code] += 1
    for (code, name), count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        marker = "[*]" if fixable[code] else "   "
        out.write(f"{count:6d}  {code:<8} {marker} {name}\n")


def _use_color(args: argparse.Namespace, out: Any) -> bool:
    if args.color == "always":
        return True
    if args.color == "never" or os.environ.get("NO_COLOR"):
        return False
    return hasattr(out, "isatty") and out.isatty()


def run_rules(args: argparse.Namespace, out: Any) -> int:
    settings = resolve(None, args.config, overrides_from(args))
    linter = linter_for(settings)
    selected = set(linter.rules)
    rules = [r for r in linter.all_rules if args.all or r in selected]
    if args.format == "json":
        import json

        out.write(json.dumps([{
            "code": r.code, "name": r.name, "pack": r.pack, "kind": r.kind, "severity": r.severity.value,
            "fix": r.fix.value if r.fix else None, "enabled": r in selected,
        } for r in rules], indent=2) + "\n")
        return EXIT_CLEAN
    out.write(f"{'code':<8} {'name':<36} {'pack':<18} {'kind':<14} {'severity':<8} fix\n")
    for r in rules:
        state = "" if r in selected else "  (off)"
        out.write(f"{r.code:<8} {r.name:<36} {r.pack:<18} {r.kind:<14} {r.severity.value:<8} "
                  f"{r.fix.value if r.fix else '-'}{state}\n")
    out.write(f"{len(rules)} rules\n")
    return EXIT_CLEAN


def run_explain(args: argparse.Namespace, out: Any) -> int:
    from linter.docs import explain

    overrides = {"extend-packs": [os.path.abspath(p) for p in args.extend_packs]} if args.extend_packs else None
    linter = linter_for(resolve(None, None, overrides))
    rule = linter.find_rule(args.rule)
    if rule is None:
        raise UsageError(f"no rule with code or name {args.rule!r} (see `copydesk rules --all`)")
    out.write(explain(rule))
    return EXIT_CLEAN


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    out, err = sys.stdout, sys.stderr
    if args.command is None:
        parser.print_help(err)
        return EXIT_USAGE
    try:
        if args.command in ("check", "fix"):
            if getattr(args, "diff", False) and args.format:
                raise UsageError("--diff prints a diff; it takes no --format")
            return run_lint(args, out, err)
        if args.command == "rules":
            return run_rules(args, out)
        if args.command == "lsp":
            from linter.lsp import serve

            return serve()
        return run_explain(args, out)
    except (ConfigError, PackError, UsageError) as exc:
        err.write(f"copydesk: error: {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        err.write("copydesk: interrupted\n")
        return 130
    except BrokenPipeError:
        return EXIT_CLEAN


if __name__ == "__main__":
    sys.exit(main())
