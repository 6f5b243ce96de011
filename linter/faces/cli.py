"""The `copydesk` command: a thin face over the engine. Exit codes: 0 clean, 1 findings, 2 usage/config."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from linter.core.config import ConfigError, Settings, discover_config, resolve
from linter.core.engine import Linter, linter_for
from linter.core.packs import PackError
from linter.faces.formats import FORMAT_CHOICES, FORMATTERS, STREAMERS, FileResult, RunInfo, choose_format
from linter.faces.progress import Progress
from linter.io.batch import (
    OUTPUT_SUFFIX,
    RESULT_FIELD,
    CorpusSummary,
    Job,
    lint_text,
    process_corpus,
    run_files,
)
from linter.io.cache import CACHE_DIR, TEMP_DIR
from linter.io.files import ArticleError, decode, expand_paths, remove_stale_temp_files, roots_of
from linter.kinds import languagetool
from linter.kinds.base import Notice
from linter.version import VERSION as __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="copydesk",
        description="Lint and fix machine-translated news articles.",
        epilog="Exit codes: 0 clean, 1 problems found (or a file could not be read), 2 usage or config error "
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
        sub.add_argument("--statistics", action="store_true", help="print counts per rule")
        sub.add_argument("--report-unused-suppressions", action="store_true", default=None,
                         help="report copydesk-disable comments that suppressed nothing")
        sub.add_argument("--color", choices=("auto", "always", "never"), default="auto")
        sub.add_argument("--exit-zero", action="store_true", help="exit 0 even when problems are found")
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
        batch.add_argument("--output-field", metavar="FIELD", default=RESULT_FIELD,
                           help=f"the field annotated JSONL records gain (default: {RESULT_FIELD}); a record that "
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
            raise UsageError(f"{self.config_file}: {_not_a_config_file(self.config_file)}")

    def settings_for(self, path: str | None) -> Settings:
        start = os.path.dirname(os.path.abspath(path)) if path else os.getcwd()
        return resolve(start, self.config_file, self.overrides, discover=self.discover)

    def linter_for(self, path: str | None) -> Linter:
        return linter_for(self.settings_for(path))

    def config_folders(self, inputs: Sequence[str], stdin_name: str | None) -> list[str]:
        """The folders config discovery starts from for these inputs (the working folder for stdin)."""
        named = (stdin_name if p == "-" and stdin_name else "_" if p == "-" else p for p in inputs)
        return sorted({os.path.abspath(p) if os.path.isdir(p) else os.path.dirname(os.path.abspath(p)) for p in named})

    def warn_skipped(self, folders: Sequence[str], err: Any) -> None:
        """One warning for each config file discovery skipped (another user could have written it)."""
        if not self.discover:
            return
        named = os.path.realpath(self.config_file) if self.config_file else None
        skipped = {s: None for folder in folders for s in discover_config(folder).skipped
                   if os.path.realpath(s.path) != named}  # named with --config: the user trusts it
        for item in skipped:
            err.write(f"copydesk: warning: {item.warning()}\n")


def _not_a_config_file(path: str) -> str:
    """Why ``--config PATH`` cannot be read, in words ("a character device, not a regular file")."""
    from linter.core.regular_files import kind_of

    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "config file not found"
    except OSError as exc:
        return f"cannot read config file: {exc.strerror or exc}"
    return f"is {kind_of(mode)}, not a config file"


def show_config(session: Session, folders: Sequence[str], out: Any) -> int:
    """``--show-config``: for each folder, the config file discovery uses and those it skipped, with why."""
    for folder in folders:
        out.write(f"{folder}:\n")
        found = discover_config(folder) if session.discover else None
        if found is None:
            out.write("  discovered: none (--isolated)\n")
        else:
            out.write(f"  discovered: {found.used or 'none'}\n")
            for item in found.skipped:
                out.write(f"  skipped:    {item.path}: {item.reason}\n")
        if session.config_file:
            out.write(f"  --config:   {os.path.abspath(session.config_file)}\n")
        settings = session.settings_for(os.path.join(folder, "_"))
        for pack in settings.extend_packs:
            out.write(f"  extra pack: {pack}\n")
    return EXIT_CLEAN


def run_lint(args: argparse.Namespace, out: Any, err: Any) -> int:
    args.diff = getattr(args, "diff", False)
    dry_run = getattr(args, "dry_run", False)
    session = Session(args)
    if args.show_config:
        return show_config(session, session.config_folders(args.paths or ["."], args.stdin_filename), out)
    base = session.settings_for(None)
    fixing = args.command == "fix"
    unsafe = base.unsafe_fixes
    format_name = choose_format(base.format)
    if format_name not in FORMATTERS:
        raise ConfigError(f"unknown format {format_name!r} (choose from {', '.join(FORMAT_CHOICES)})",
                          *base.origin("format"), key="format")
    # compute the fixes, write nothing
    preview = args.diff or dry_run or (format_name == "diff" and not fixing)
    base_linter = linter_for(base)  # surfaces pack and selector errors before any file is read
    if args.require_languagetool and not any(r.kind == "languagetool" for r in base_linter.rules):
        raise UsageError("--require-languagetool, but no languagetool rule is selected")
    if args.report and os.path.splitext(args.report)[1].lower() not in _report_renderers():
        raise UsageError(f"--report {args.report}: the report is written as .html or .md")
    paths = args.paths or ["."]
    inputs = _inputs(paths, base, args)
    session.warn_skipped(session.config_folders([os.path.join(os.getcwd(), "_"), *inputs], args.stdin_filename),
                         err)
    corpora = [p for p in inputs if args.jsonl_field and p.endswith(".jsonl")]
    files = [p for p in inputs if p != "-" and p not in set(corpora)]
    if args.require_languagetool:  # per folder: the config file next to the articles decides
        folders = {os.path.dirname(os.path.abspath(args.stdin_filename if p == "-" and args.stdin_filename else p))
                   for p in inputs}
        if not all(languagetool.is_configured(session.settings_for(os.path.join(f, "_"))) for f in folders):
            raise UsageError(f"--require-languagetool, but LanguageTool is not configured (set "
                             f"{languagetool.ENV_URL} or languagetool.url)")
    cache_dir = args.cache_dir or CACHE_DIR
    remove_stale_temp_files(os.path.join(cache_dir, TEMP_DIR))  # left by a run that was killed
    job = Job(fixing=fixing, unsafe=unsafe, preview=preview, backup=getattr(args, "backup", None),
              config_file=session.config_file, discover=session.discover, overrides=session.overrides,
              cache_dir=None if args.no_cache else cache_dir,
              temp_dir=_temp_dir(cache_dir) if fixing and not preview else None,
              roots=roots_of(paths) if fixing else ())
    jobs = args.jobs or os.cpu_count() or 1
    progress = Progress("none" if args.quiet else args.progress, len(files), err)
    try:
        if args.engine == "dask":
            from linter.io.distributed import EngineUnavailable, run_dask

            try:
                results, summaries, _totals = run_dask(files, corpora, job, args.jsonl_field, args.scheduler, jobs,
                                                       output_field=args.output_field)
            except EngineUnavailable as exc:
                raise UsageError(str(exc)) from None
        else:
            results = run_files(files, job, jobs,
                                on_result=lambda r: progress.advance(1, len(r.diagnostics)))
            summaries = [process_corpus(c, job, args.jsonl_field, jobs, output_field=args.output_field)
                         for c in corpora]
    finally:
        progress.close()
        # again at the end: a worker of a killed run may have still been dying (a zombie) when this one began
        remove_stale_temp_files(os.path.join(cache_dir, TEMP_DIR))
    if "-" in inputs:
        results.insert(inputs.index("-"), _stdin_result(args, session, base_linter, job, out))
    rules = dict(base_linter.by_code)
    for directory in {os.path.dirname(r.path) for r in results if r.diagnostics}:
        rules.update(session.linter_for(os.path.join(directory, "x")).by_code)
    if base.report_unused_suppressions:
        results = [_with_unused(r, session) for r in results]
    notices = dict.fromkeys(n for r in results for n in r.notices)
    info = RunInfo(command="fix" if fixing and not preview else "check", color=_use_color(args, out),
                   unsafe_fixes=unsafe, rules=rules)
    diff = FORMATTERS["diff"](results, info) if args.diff else ""
    if args.diff:
        out.write(diff)
        for result in results:  # the diff shows no file that could not be read or fixed: say why
            if result.error:
                err.write(f"{result.path}: error: {result.error}\n")
        err.write(FORMATTERS["text"](results, RunInfo(command="fix")).splitlines()[-1] + "\n")
    elif not (fixing and "-" in inputs and format_name == "text"):
        if format_name in STREAMERS:
            out.writelines(STREAMERS[format_name](results, info))
        else:
            out.write(FORMATTERS[format_name](results, info))
    for summary in summaries:
        _print_corpus_summary(summary, fixing and not preview, out)
    if args.statistics:
        _print_statistics(results, err if format_name != "text" else out, summaries)
    if args.report:
        _write_report(args.report, info.command, results, summaries, rules)
    if _report_notices(notices, args, err):
        return EXIT_USAGE
    if args.exit_zero:
        return EXIT_CLEAN
    corpus_problems = any(s.codes or s.errors for s in summaries)
    if args.diff:
        return EXIT_FINDINGS if diff or corpus_problems or any(r.error for r in results) else EXIT_CLEAN
    if dry_run:
        return EXIT_FINDINGS if any(r.fixed != r.before or r.error for r in results) or corpus_problems \
            else EXIT_CLEAN
    problems = any(r.error or r.diagnostics for r in results) or corpus_problems
    return EXIT_FINDINGS if problems else EXIT_CLEAN


def _temp_dir(cache_dir: str) -> str | None:
    """Where atomic writes stage files, so that a killed run leaves no temp file among the articles."""
    folder = os.path.join(cache_dir, TEMP_DIR)
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return None
    return folder


def _stdin_result(args: argparse.Namespace, session: Session, base_linter: Linter, job: Job, out: Any) -> FileResult:
    name = args.stdin_filename or "-"
    try:
        article = decode(name, sys.stdin.buffer.read())
    except ArticleError as exc:
        return FileResult(name, error=exc.message)
    linter = session.linter_for(args.stdin_filename) if args.stdin_filename else base_linter
    linted = lint_text(linter, article.text, None if name == "-" else name, job)
    if job.preview:
        original = linter.check_text(article.text, None if name == "-" else name).diagnostics
        return FileResult(name, article.text, original, fixed=linted.text, applied=linted.applied,
                          original=article.text, notices=linted.notices)
    if job.fixing:
        out.write(linted.text)
        return FileResult(name, linted.text, linted.diagnostics, fixed=linted.text, applied=linted.applied,
                          changed=linted.text != article.text, original=article.text, notices=linted.notices)
    return FileResult(name, article.text, linted.diagnostics, notices=linted.notices)


def _print_corpus_summary(summary: CorpusSummary, fixing: bool, out: Any) -> None:
    for error in summary.errors:
        out.write(f"{error}\n")
    findings = sum(summary.codes.values())
    line = f"{summary.path}: {summary.records} records, {findings} findings"
    if fixing:
        line += f", {summary.changed} records changed"
    if summary.output:
        line += f"; annotated records written to {summary.output}"
    out.write(line + "\n")


def _report_renderers() -> dict[str, Any]:
    from linter.faces.report import RENDERERS  # only runs that write a report need it

    return RENDERERS


def _write_report(path: str, command: str, results: Sequence[FileResult], summaries: Sequence[CorpusSummary],
                  rules: dict[str, Any]) -> None:
    from linter.faces import report

    text = _report_renderers()[os.path.splitext(path)[1].lower()](report.build(command, results, summaries, rules))
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def _inputs(paths: Sequence[str], settings: Settings, args: argparse.Namespace) -> list[str]:
    # what copydesk itself writes beside the articles is never linted when a folder or glob finds it
    written = [suffix for suffix in (getattr(args, "backup", None),) if suffix]
    if args.jsonl_field:
        written.append(OUTPUT_SUFFIX)
    return list(expand_paths(paths, settings.exclude, written))  # one pass: a file named twice is linted once


def _report_notices(notices: dict[Notice, None], args: argparse.Namespace, err: Any) -> bool:
    """Print each backend notice once; True when a backend the user required was unavailable."""
    required = {"languagetool"} if args.require_languagetool else set()
    failed = False
    for notice in notices:
        if notice.quiet and notice.source not in required:
            continue
        level = "error" if notice.source in required else "warning"
        err.write(f"copydesk: {level}: {notice.message}\n")
        failed = failed or notice.source in required
    return failed


def _with_unused(result: FileResult, session: Session) -> FileResult:
    if result.error or not isinstance(result.text, str):
        return result  # a very large file checked without holding its text has no suppression comments
    linter = session.linter_for(None if result.path == "-" else result.path)
    unused = linter.check_text(result.text, result.path).unused_suppressions
    if not unused:
        return result
    diagnostics = sorted([*result.diagnostics, *unused], key=lambda d: d.sort_key())
    return replace(result, diagnostics=diagnostics)


def _print_statistics(results: Sequence[FileResult], out: Any, summaries: Sequence[CorpusSummary] = ()) -> None:
    counts: Counter[tuple[str, str]] = Counter()
    fixable: Counter[str] = Counter()
    for summary in summaries:
        for code, count in summary.codes.items():
            counts[(code, "")] += count
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
        if args.command == "doctor":
            from linter.faces.doctor import run_doctor

            return run_doctor(args, out)
        if args.command == "lsp":
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


if __name__ == "__main__":
    sys.exit(main())
