"""The `copydesk` command: a thin face over the engine. Exit codes: 0 clean, 1 findings, 2 usage/config."""

from __future__ import annotations

import linter.kept.collector as collector
import linter.kept.dataclass_code as dataclass_code

# Cycle collection waits, and dataclasses' methods come from what was kept, while the command's modules import too
# (until the end of this module; the package's own import does the same in linter/__init__.py): hence the imports
# below statements (E402).
collector.pause_for_import()
dataclass_code.start()

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

from linter.core.config import ConfigError, resolve
from linter.core.engine import linter_for
from linter.core.packs import PackError
from linter.faces.formats import FORMAT_CHOICES
from linter.faces.lint import EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, UsageError, overrides_from, run_lint
from linter.io.cache import CACHE_DIR
from linter.model.diagnostics import Severity
from linter.version import VERSION as __version__

SEVERITIES = tuple(s.value for s in Severity)


def _terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``, what argparse's help formatter asks for, worked out as shutil does
    (``COLUMNS``, else the terminal of ``sys.__stdout__``, else 80) without importing shutil: argparse makes a
    formatter for each option it adds, and shutil imports bz2 and lzma (about 0.8 ms of a start-up, issue 20)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 80
    return columns


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help formatter, as wide as the terminal (``_terminal_columns``) as argparse's own is."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position,
                         _terminal_columns() - 2 if width is None else width)


class _Parser(argparse.ArgumentParser):
    """An argument parser with ``_HelpFormatter`` (its subcommands' parsers are of its class)."""

    def __init__(self, *args: Any, formatter_class: type[argparse.HelpFormatter] = _HelpFormatter,
                 **kwargs: Any) -> None:
        super().__init__(*args, formatter_class=formatter_class, **kwargs)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="copydesk",
        description="Lint and fix machine-translated news articles.",
        epilog="Exit codes: 0 clean (or only findings below --fail-on), 1 problems found at or above --fail-on "
               "(default: warning), or a file could not be read, 2 usage or config error "
               "(or, with --require-languagetool, LanguageTool unavailable).",
    )
    parser.add_argument("--version", action="version", version=f"copydesk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def lint_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("paths", nargs="*", metavar="PATH",
                         help="files, folders or globs; '-' reads standard input (default: .)")
        sub.add_argument("--config", metavar="FILE", help="config file (.copydesk.yaml or pyproject.toml)")
        sub.add_argument("--isolated", action="store_true", help="ignore config files found on disk")
        sub.add_argument("--show-config", action="store_true",
                         help="print which config files apply to PATHs (used, and skipped with why); lint nothing")
        sub.add_argument("--select", metavar="SELECTORS", help="comma-separated codes, prefixes, names or packs")
        sub.add_argument("--extend-select", metavar="SELECTORS", help="add to the selection")
        sub.add_argument("--ignore", metavar="SELECTORS", help="comma-separated rules to leave out")
        sub.add_argument("--extend-packs", metavar="FILE", action="append", help="an extra rule pack (repeatable)")
        sub.add_argument("--exclude", metavar="GLOBS", help="comma-separated globs not to lint")
        sub.add_argument("--format", choices=FORMAT_CHOICES,
                         help="output format (default: text; auto: github under GitHub Actions, else text)")
        sub.add_argument("--stdin-filename", metavar="NAME", help="name for text read from '-'")
        sub.add_argument("--source-language", metavar="LANG",
                         help="the sources' language (ISO 639-1: uk, zh) for corpora, paired articles and translation "
                              "files that do not say (default: detected)")
        sub.add_argument("--statistics", action="store_true", help="print counts per rule")
        sub.add_argument("--report-unused-suppressions", action="store_true", default=None,
                         help="report copydesk-disable comments that suppressed nothing")
        sub.add_argument("--color", choices=("auto", "always", "never"), default="auto")
        sub.add_argument("--exit-zero", action="store_true", help="exit 0 even when problems are found")
        sub.add_argument("--fail-on", choices=SEVERITIES, default=None,
                         help="the lowest severity that makes the run exit 1 (default: warning; info findings are "
                              "shown but do not fail)")
        sub.add_argument("--min-severity", choices=SEVERITIES, default=None,
                         help="show (and fix) only findings of this severity or graver (default: info, all)")
        recorded = sub.add_argument_group("baseline (findings accepted in old articles)")
        recorded.add_argument("--baseline", metavar="FILE",
                              help="report only findings not recorded in FILE (default: the config's `baseline`)")
        recorded.add_argument("--update-baseline", metavar="FILE",
                              help="record the findings of the files checked in FILE (created or rewritten)")
        recorded.add_argument("--no-baseline", action="store_true", help="ignore the config's `baseline`")
        sub.add_argument("--require-languagetool", action="store_true",
                         help="exit 2 when LanguageTool is not configured or does not answer")
        batch = sub.add_argument_group("batch runs")
        batch.add_argument("-j", "--jobs", type=_positive_int, default=None, metavar="N",
                           help="worker processes (default: all cores)")
        batch.add_argument("--progress", choices=("auto", "bar", "lines", "none"), default="auto",
                           help="progress on stderr: a bar on a terminal, plain lines otherwise (default: auto)")
        batch.add_argument("-q", "--quiet", action="store_true", help="no progress output")
        batch.add_argument("--jsonl-field", metavar="FIELD",
                           help="treat .jsonl files as corpora and lint this field of every record")
        batch.add_argument("--source-field", metavar="FIELD",
                           help="with --jsonl-field: check each record's field against this field, its source")
        batch.add_argument("--output-field", metavar="FIELD", default=None,
                           help="the field annotated JSONL records gain (default: copydesk); a record that "
                                "already has it is reported and copied as is")
        batch.add_argument("--no-cache", action="store_true", help="do not read or write the result cache")
        batch.add_argument("--cache-dir", metavar="DIR", default=None,
                           help=f"result cache folder (default: {CACHE_DIR})")
        batch.add_argument("--report", metavar="FILE", help="write a report (.html or .md) of the run")
        batch.add_argument("--engine", choices=("local", "dask"), default="local",
                           help="local process pool, or a Dask cluster (needs copydesk[dask])")
        batch.add_argument("--scheduler", metavar="ADDRESS",
                           help="Dask scheduler address (default: start a local cluster)")

    check = commands.add_parser("check", help="report problems")
    lint_options(check)
    check.add_argument("--unsafe-fixes", action="store_true", default=None,
                       help="with --format diff: include unsafe fixes")
    check.add_argument("--annotate", action="store_true",
                       help="with --jsonl-field: also write each corpus's records annotated with their findings "
                            "beside it (NAME.copydesk.jsonl), as `fix` does")
    fix = commands.add_parser("fix", help="apply safe fixes, report what is left")
    lint_options(fix)
    fix.add_argument("--unsafe-fixes", action="store_true", default=None, help="apply unsafe fixes too")
    fix.add_argument("--diff", action="store_true", help="print a unified diff; write nothing")
    fix.add_argument("--dry-run", action="store_true", help="compute the fixes and report them; write nothing")
    fix.add_argument("--backup", metavar="SUFFIX", help="keep each changed file's original as FILE+SUFFIX")

    rules = commands.add_parser("rules", help="list the rules")
    rules.add_argument("--config", metavar="FILE")
    rules.add_argument("--extend-packs", metavar="FILE", action="append")
    rules.add_argument("--all", action="store_true", help="include opt-in rules that are off")
    rules.add_argument("--format", choices=("text", "json"), default="text")

    test_pack = commands.add_parser("test-pack", help="run rule packs' examples as tests (exit 1 if one fails)")
    test_pack.add_argument("packs", nargs="+", metavar="FILE", help="rule pack files (YAML)")
    test_pack.add_argument("-v", "--verbose", action="store_true", help="list every check, those that passed too")

    lsp = commands.add_parser("lsp", help="run the language server on stdio (needs copydesk[lsp])")
    lsp.add_argument("--stdio", action="store_true", help="accepted for editor compatibility (stdio is the default)")

    doctor = commands.add_parser("doctor", help="show which optional backends are available, with versions")
    doctor.add_argument("--config", metavar="FILE", help="config file (.copydesk.yaml or pyproject.toml)")
    doctor.add_argument("--isolated", action="store_true", help="ignore config files found on disk")
    doctor.add_argument("--format", choices=("text", "json"), default="text")

    explain = commands.add_parser("explain", help="explain a rule: why it matters, examples, fix safety")
    explain.add_argument("rule", metavar="CODE", help="a rule code or name")
    explain.add_argument("--extend-packs", metavar="FILE", action="append")

    docs = commands.add_parser("docs", help="write the rule reference (docs/rules.md) from the rule packs")
    docs.add_argument("--output", metavar="FILE", help="write to FILE (default: standard output)")
    docs.add_argument("--check", action="store_true", help="write nothing; exit 1 if FILE is not up to date")
    docs.add_argument("--extend-packs", metavar="FILE", action="append")
    return parser


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


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


def run_test_pack(args: argparse.Namespace, out: Any, err: Any) -> int:
    """`copydesk test-pack FILE...`: each pack's examples run as the test suite runs the shipped packs'; a failed
    check is listed with its rule, case and what happened (exit 1); a pack that does not load is exit 2."""
    from linter.core.examples import run_pack, summary
    from linter.core.packs import load_pack

    failed = broken = False
    for file in args.packs:
        try:
            pack = load_pack(file)
        except PackError as exc:
            err.write(f"copydesk: error: {exc}\n")
            broken = True
            continue
        results = run_pack(pack)
        for result in results:
            if args.verbose or result.outcome != "passed":
                out.write(result.describe() + "\n")
        failed = failed or any(r.outcome == "failed" for r in results)
        out.write(f"{file}: {len(pack.rules)} rule{'s' * (len(pack.rules) != 1)}, {summary(results)}\n")
    return EXIT_USAGE if broken else EXIT_FINDINGS if failed else EXIT_CLEAN


def run_explain(args: argparse.Namespace, out: Any) -> int:
    from linter.faces.docs import explain, find_rule

    overrides = {"extend-packs": [os.path.abspath(p) for p in args.extend_packs]} if args.extend_packs else None
    linter = linter_for(resolve(None, None, overrides))
    rule = linter.find_rule(args.rule) or find_rule(linter.all_rules, args.rule)
    if rule is None:
        raise UsageError(f"no rule with code or name {args.rule!r} (see `copydesk rules --all`)")
    out.write(explain(rule))
    return EXIT_CLEAN


def run_docs(args: argparse.Namespace, out: Any, err: Any) -> int:
    from linter.faces.docs import rules_markdown

    if args.check and not args.output:
        raise UsageError("--check compares with a file: give --output FILE")
    overrides = {"extend-packs": [os.path.abspath(p) for p in args.extend_packs]} if args.extend_packs else None
    linter = linter_for(resolve(None, None, overrides, discover=False))
    text = rules_markdown(linter.all_rules, {p.name: p.description for p in linter.packs})
    if not args.output:
        out.write(text)
        return EXIT_CLEAN
    try:
        with open(args.output, encoding="utf-8", newline="") as handle:
            current: str | None = handle.read()
    except FileNotFoundError:
        current = None
    if args.check:
        if current == text:
            return EXIT_CLEAN
        state = "missing" if current is None else "out of date with the rule packs"
        err.write(f"{args.output} is {state}: run `copydesk docs --output {args.output}`\n")
        return EXIT_FINDINGS
    if current != text:
        with open(args.output, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
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
        if args.command == "docs":
            return run_docs(args, out, err)
        if args.command == "test-pack":
            return run_test_pack(args, out, err)
        if args.command == "doctor":
            from linter.faces.doctor import run_doctor

            return run_doctor(args, out)
        if args.command == "lsp":
            collector.for_a_long_run()  # a server stays: the collector as it is for any program
            try:
                from linter.faces.lsp import serve
            except ImportError as exc:
                raise UsageError(f"the language server needs pygls ({exc.name} is missing): "
                                 "pip install 'copydesk[lsp]'") from None

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


collector.resume_after_import()
dataclass_code.stop()


def _argparse_untranslated() -> None:
    """argparse passes each of its messages (hundreds while the parser is built) through ``gettext``, which looks for
    a catalogue of the current domain every time (about 0.7 ms of a start-up, issue 20). When it finds none for this
    locale, every message is its own translation: argparse then gets the identity, which gives the same text."""
    import gettext

    domain = gettext.textdomain()
    if not gettext.find(domain, gettext.bindtextdomain(domain)):
        argparse._ = lambda message: message  # type: ignore[attr-defined]
        argparse.ngettext = lambda singular, plural, n: singular if n == 1 else plural  # type: ignore[attr-defined]


def entry() -> int:
    """The `copydesk` process: ``main`` with the cycle collector set for a short-lived process (collections put off
    during start-up, no final collection at exit: linter/kept/collector.py), and argparse's messages untranslated
    when there is no catalogue for them (``_argparse_untranslated``). In-process callers use ``main``."""
    collector.for_a_short_run()
    _argparse_untranslated()
    try:
        return main()
    finally:
        collector.before_exit()


if __name__ == "__main__":
    sys.exit(entry())
