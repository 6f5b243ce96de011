"""`copydesk check` and `copydesk fix`: plan what to lint and how, run it through io, render the output and exit code.

    run_lint(args) = render(run(plan(args)))

``plan`` reads the command line and the configuration and fails (exit 2) before any file is read; ``run`` lints
the files, corpora and standard input through linter/io (the local pool or Dask); ``render`` writes the output
and says the exit code: 0 clean, 1 findings (or a file that could not be read), 2 usage or configuration.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import stat
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from linter.core.config import SEVERITY_KEYS, ConfigError, Settings, discover_config
from linter.core.engine import Linter, linter_for
from linter.core.resolver import Resolver
from linter.faces.formats import FORMAT_CHOICES, FORMATTERS, STREAMERS, RunInfo, choose_format
from linter.faces.progress import Progress
from linter.io.cache import CACHE_DIR, TEMP_DIR
from linter.io.paths import expand_paths, roots_of
from linter.io.pipeline import Job, lint_bytes, with_unused_suppressions
from linter.io.pool import run_files
from linter.io.results import FileResult
from linter.io.writing import open_temp, remove_stale_temp_files
from linter.kinds import languagetool
from linter.kinds.base import Notice
from linter.model.diagnostics import Applicability, Severity
from linter.model.rules import Rule

if TYPE_CHECKING:  # linter.io.jsonl is imported only for a run with corpora (start-up: tests/test_startup.py)
    from linter.io.baseline import Baseline, Matched  # and linter.io.baseline only for a run with a baseline
    from linter.io.jsonl import CorpusSummary

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A command line that cannot be carried out as given (exit 2)."""


def run_lint(args: argparse.Namespace, out: Any, err: Any) -> int:
    resolver = resolver_from(args)
    if args.show_config:
        return show_config(resolver, config_folders(args.paths or ["."], args.stdin_filename), out)
    lint_plan = plan(args, resolver, err)
    outcome = run(lint_plan, err)
    if lint_plan.baseline is None:
        return render(lint_plan, outcome, out, err)
    outcome, matched = _apply_baseline(lint_plan, outcome)
    code = render(lint_plan, outcome, out, err)
    _report_baseline(lint_plan, matched, err)
    return code


# --- plan: what to check and how -------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """What a `check` or `fix` run will do, worked out from the command line before any file is read."""

    resolver: Resolver
    settings: Settings  # the working folder's: the format, --unsafe-fixes, unused suppressions
    linter: Linter  # the working folder's
    format: str  # a formatter's name (``auto`` already chosen)
    job: Job  # what every document is asked (linter/io/pipeline.py)
    files: list[str]
    corpora: list[str]  # JSONL files, with --jsonl-field
    stdin_at: int | None  # where '-' (standard input) stands among the inputs; None: not given
    stdin_name: str
    jsonl_field: str | None
    output_field: str | None  # None: the JSONL reader's own (linter/io/jsonl.py: RESULT_FIELD)
    jobs: int
    engine: str
    scheduler: str | None
    cache_dir: str
    progress: str
    diff: bool  # fix --diff
    dry_run: bool
    statistics: bool
    report: str | None
    exit_zero: bool
    required: frozenset[str]  # backends that must answer (--require-languagetool)
    color: str
    annotate: bool = False  # write JSONL corpora's annotated records (fix, or check --annotate)
    baseline: Baseline | None = None  # findings recorded here are not reported (linter/io/baseline.py)
    update_baseline: bool = False  # record this run's findings in ``baseline``

    @property
    def writes(self) -> bool:
        """Whether fixed files are written (``fix`` without --diff, --dry-run or --format diff)."""
        return self.job.fixing and not self.job.preview


def resolver_from(args: argparse.Namespace) -> Resolver:
    """Where the run's configuration comes from; UsageError for a --config that is not a config file."""
    resolver = Resolver(getattr(args, "config", None), not getattr(args, "isolated", False), overrides_from(args))
    if resolver.config_file and not os.path.isfile(resolver.config_file):
        raise UsageError(f"{resolver.config_file}: {_not_a_config_file(resolver.config_file)}")
    return resolver


def plan(args: argparse.Namespace, resolver: Resolver, err: Any) -> Plan:
    """The run the command line asks for; ConfigError, PackError or UsageError before any file is read. Warns on
    ``err`` of each config file discovery skipped."""
    diff, dry_run = getattr(args, "diff", False), getattr(args, "dry_run", False)
    base = resolver.settings_for(None)
    fixing = args.command == "fix"
    format_name = choose_format(base.format)
    if format_name not in FORMATTERS:
        raise ConfigError(f"unknown format {format_name!r} (choose from {', '.join(FORMAT_CHOICES)})",
                          *base.origin("format"), key="format")
    # compute the fixes, write nothing
    preview = diff or dry_run or (format_name == "diff" and not fixing)
    base_linter = linter_for(base)  # surfaces pack and selector errors before any file is read
    if args.require_languagetool and not any(r.kind == "languagetool" for r in base_linter.rules):
        raise UsageError("--require-languagetool, but no languagetool rule is selected")
    if args.report and os.path.splitext(args.report)[1].lower() not in _report_renderers():
        raise UsageError(f"--report {args.report}: the report is written as .html or .md")
    if getattr(args, "source_field", None) and not args.jsonl_field:
        raise UsageError("--source-field names a field of JSONL records: give --jsonl-field too")
    if getattr(args, "annotate", False) and not args.jsonl_field:
        raise UsageError("--annotate writes JSONL records annotated with their findings: give --jsonl-field too")
    warn_about_packs(base_linter, err)
    paths = args.paths or ["."]
    inputs = _inputs(paths, base, args)
    warn_skipped(resolver, config_folders([os.path.join(os.getcwd(), "_"), *inputs], args.stdin_filename), err)
    corpora = [p for p in inputs if args.jsonl_field and p.endswith(".jsonl")]
    files = [p for p in inputs if p != "-" and p not in set(corpora)]
    if args.require_languagetool:  # per folder: the config file next to the articles decides
        folders = {os.path.dirname(os.path.abspath(args.stdin_filename if p == "-" and args.stdin_filename else p))
                   for p in inputs}
        if not all(languagetool.is_configured(resolver.settings_for(os.path.join(f, "_"))) for f in folders):
            raise UsageError(f"--require-languagetool, but LanguageTool is not configured (set "
                             f"{languagetool.ENV_URL} or languagetool.url)")
    cache_dir = args.cache_dir or CACHE_DIR
    job = Job(fixing=fixing, unsafe=base.unsafe_fixes, preview=preview, backup=getattr(args, "backup", None),
              resolver=resolver, cache_dir=None if args.no_cache else cache_dir,
              roots=roots_of(paths) if fixing else (), source_field=getattr(args, "source_field", None))
    return Plan(
        resolver=resolver, settings=base, linter=base_linter, format=format_name, job=job, files=files,
        corpora=corpora, stdin_at=inputs.index("-") if "-" in inputs else None, stdin_name=args.stdin_filename or "-",
        jsonl_field=args.jsonl_field, output_field=args.output_field, jobs=args.jobs or os.cpu_count() or 1,
        engine=args.engine, scheduler=args.scheduler, cache_dir=cache_dir,
        progress="none" if args.quiet else args.progress, diff=diff, dry_run=dry_run, statistics=args.statistics,
        report=args.report, exit_zero=args.exit_zero,
        required=frozenset({"languagetool"} if args.require_languagetool else ()), color=args.color,
        baseline=_baseline_of(args, base), update_baseline=bool(getattr(args, "update_baseline", None)),
        annotate=fixing or bool(getattr(args, "annotate", False)))


def _baseline_of(args: argparse.Namespace, settings: Settings) -> Baseline | None:
    """The baseline the run reads (and with --update-baseline, rewrites); UsageError for a bad one."""
    named, update = getattr(args, "baseline", None), getattr(args, "update_baseline", None)
    if update and named and os.path.abspath(named) != os.path.abspath(update):
        raise UsageError("--baseline and --update-baseline name different files: give one")
    if getattr(args, "no_baseline", False) and (named or update):
        raise UsageError("--no-baseline, but a baseline is named: give one or the other")
    file = update or named or (None if getattr(args, "no_baseline", False) else settings.baseline)
    if file is None:
        return None
    from linter.io import baseline as baselines
    from linter.io.baseline import BaselineError

    try:
        return baselines.load(file, missing_ok=bool(update))
    except BaselineError as exc:
        raise UsageError(str(exc)) from None


def warn_about_packs(linter: Linter, err: Any) -> None:
    """Once per run, for each extra pack (not one shipped with copydesk): its examples that do not hold (run once
    per pack text: linter/core/examples.py), and how many of its rules the selection leaves out."""
    from linter.core.packs import PackError, is_builtin, read_pack_text

    selected = set(linter.rules)
    for pack in linter.packs:
        if is_builtin(pack.file):
            continue
        from linter.core.examples import pack_failures  # a run with an extra pack only (start-up)

        name = _shown(pack.file)
        try:
            failures = pack_failures(pack, read_pack_text(pack.file))
        except PackError:
            failures = []  # changed since it loaded: the next run reads it again
        for failure in failures:
            err.write(f"copydesk: warning: {failure.describe(name)}\n")
        if failures:
            err.write(f"copydesk: warning: {name}: {len(failures)} example check{'s' * (len(failures) != 1)} of "
                      f"this pack failed (`copydesk test-pack {name}` runs them)\n")
        left = [rule.code for rule in pack.rules if rule not in selected]
        if left:
            err.write(f"copydesk: warning: {name}: {len(left)} rule{'s' * (len(left) != 1)} not selected "
                      f"({', '.join(left)})\n")


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
    if getattr(args, "source_language", None):
        layer["source-language"] = args.source_language
    if getattr(args, "report_unused_suppressions", None):
        layer["report-unused-suppressions"] = True
    for key in SEVERITY_KEYS:
        if getattr(args, key.replace("-", "_"), None):
            layer[key] = getattr(args, key.replace("-", "_"))
    return layer


def _split(value: str | None) -> list[str] | None:
    return None if value is None else [v.strip() for v in value.split(",") if v.strip()]


def _inputs(paths: Sequence[str], settings: Settings, args: argparse.Namespace) -> list[str]:
    # what copydesk itself writes beside the articles is never linted when a folder or glob finds it
    written = [suffix for suffix in (getattr(args, "backup", None),) if suffix]
    if args.jsonl_field:
        from linter.io.jsonl import OUTPUT_SUFFIX

        written.append(OUTPUT_SUFFIX)
    return list(expand_paths(paths, settings.exclude, written))  # one pass: a file named twice is linted once


def config_folders(inputs: Sequence[str], stdin_name: str | None) -> list[str]:
    """The folders config discovery starts from for these inputs (the working folder for stdin)."""
    named = (stdin_name if p == "-" and stdin_name else "_" if p == "-" else p for p in inputs)
    return sorted({os.path.abspath(p) if os.path.isdir(p) else os.path.dirname(os.path.abspath(p)) for p in named})


def warn_skipped(resolver: Resolver, folders: Sequence[str], err: Any) -> None:
    """One warning for each config file discovery skipped (another user could have written it)."""
    if not resolver.discover:
        return
    named = os.path.realpath(resolver.config_file) if resolver.config_file else None
    skipped = {s: None for folder in folders for s in discover_config(folder).skipped
               if os.path.realpath(s.path) != named}  # named with --config: the user trusts it
    for item in skipped:
        err.write(f"copydesk: warning: {item.warning()}\n")


def show_config(resolver: Resolver, folders: Sequence[str], out: Any) -> int:
    """``--show-config``: for each folder, the config file discovery uses and those it skipped, with why."""
    for folder in folders:
        out.write(f"{folder}:\n")
        found = discover_config(folder) if resolver.discover else None
        if found is None:
            out.write("  discovered: none (--isolated)\n")
        else:
            out.write(f"  discovered: {found.used or 'none'}\n")
            for item in found.skipped:
                out.write(f"  skipped:    {item.path}: {item.reason}\n")
        if resolver.config_file:
            out.write(f"  --config:   {os.path.abspath(resolver.config_file)}\n")
        settings = resolver.settings_for(os.path.join(folder, "_"))
        for pack in settings.extend_packs:
            out.write(f"  extra pack: {pack}\n")
        for key in SEVERITY_KEYS:
            value = getattr(settings, key.replace("-", "_")).value
            origin = dict(settings.origins).get(key)
            out.write(f"  {key + ':':<14}{value}{f' (from {origin})' if origin else ' (default)'}\n")
    return EXIT_CLEAN


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


# --- run: lint through io --------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What a run found: a result per file (standard input's among them), a summary per JSONL corpus."""

    results: list[FileResult]
    summaries: list[CorpusSummary]
    rules: dict[str, Rule]  # code -> rule, of every configuration that found something
    filtered: str | None  # `fix -`: the fixed text, for standard output


def run(lint_plan: Plan, err: Any) -> Outcome:
    """Lint the plan's files and corpora (in worker processes or on Dask), then standard input; progress on ``err``."""
    staging = os.path.join(lint_plan.cache_dir, TEMP_DIR)
    remove_stale_temp_files(staging)  # left by a run that was killed
    job = replace(lint_plan.job, temp_dir=_made(staging)) if lint_plan.writes else lint_plan.job
    progress = Progress(lint_plan.progress, len(lint_plan.files), err)
    try:
        if lint_plan.engine == "dask":
            from linter.io.distributed import EngineUnavailable, run_dask
            from linter.io.jsonl import RESULT_FIELD

            try:
                results, summaries, _totals = run_dask(lint_plan.files, lint_plan.corpora, job, lint_plan.jsonl_field,
                                                       lint_plan.scheduler, lint_plan.jobs,
                                                       output_field=lint_plan.output_field or RESULT_FIELD,
                                                       annotate=lint_plan.annotate)
            except EngineUnavailable as exc:
                raise UsageError(str(exc)) from None
        else:
            results = run_files(lint_plan.files, job, lint_plan.jobs,
                                on_result=lambda r: progress.advance(1, len(r.diagnostics)))
            summaries = []
            if lint_plan.corpora:
                from linter.io.jsonl import RESULT_FIELD, process_corpus

                summaries = [process_corpus(c, job, lint_plan.jsonl_field, lint_plan.jobs,
                                            output_field=lint_plan.output_field or RESULT_FIELD,
                                            annotate=lint_plan.annotate)
                             for c in lint_plan.corpora]
    finally:
        progress.close()
        # again at the end: a worker of a killed run may have still been dying (a zombie) when this one began
        remove_stale_temp_files(staging)
    filtered = None
    if lint_plan.stdin_at is not None:
        stdin = lint_bytes(job, lint_plan.stdin_name, sys.stdin.buffer.read())
        results.insert(lint_plan.stdin_at, stdin)
        filtered = stdin.fixed if lint_plan.writes else None
    rules = dict(lint_plan.linter.by_code)
    for directory in {os.path.dirname(r.path) for r in results if r.diagnostics}:
        rules.update(lint_plan.resolver.linter_for(os.path.join(directory, "x")).by_code)
    if lint_plan.settings.report_unused_suppressions:
        results = [with_unused_suppressions(r, lint_plan.resolver) for r in results]
    return Outcome(results, summaries, rules, filtered)


def _made(folder: str) -> str | None:
    """``folder``, made if need be; None if it cannot be. Atomic writes stage files there, so that a killed run
    leaves no temp file among the articles."""
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return None
    return folder


def _apply_baseline(lint_plan: Plan, outcome: Outcome) -> tuple[Outcome, Matched]:
    """The outcome without the findings the baseline records; with --update-baseline, the baseline rewritten
    first with this run's findings (so none is reported). JSONL corpora are not baselined."""
    from linter.io import baseline as baselines
    from linter.io.baseline import BaselineError

    assert lint_plan.baseline is not None
    matched = baselines.match(lint_plan.baseline, outcome.results)
    if lint_plan.update_baseline:
        checked = [r.path for r in outcome.results if not r.error and r.path != "-"]
        recorded = baselines.updated(lint_plan.baseline, matched, checked)
        gone = matched.gone
        matched = replace(baselines.match(recorded, outcome.results), gone=gone)
        try:
            baselines.save(recorded)
        except BaselineError as exc:
            raise UsageError(str(exc)) from None
    return replace(outcome, results=matched.results), matched


def _report_baseline(lint_plan: Plan, matched: Matched, err: Any) -> None:
    """The baseline's summary on stderr, and the recorded findings that no longer occur."""
    assert lint_plan.baseline is not None
    name = _shown(lint_plan.baseline.file)
    if lint_plan.update_baseline:
        recorded = len(matched.current)
        line = f"copydesk: {name}: {recorded} finding{'s' * (recorded != 1)} of the files checked recorded"
        if matched.gone:
            line += f"; {len(matched.gone)} no longer occur{'s' * (len(matched.gone) == 1)}, dropped"
    else:
        line = f"copydesk: {name}: {matched.suppressed} recorded finding{'s' * (matched.suppressed != 1)} not shown"
        if matched.gone:
            line += (f"; {len(matched.gone)} recorded finding{'s' * (len(matched.gone) != 1)} no longer "
                     f"occur{'s' * (len(matched.gone) == 1)} (`--update-baseline {name}` drops them)")
    err.write(line + ("\n" if not matched.gone else ":\n"))
    for entry in matched.gone:
        err.write(f"  {entry.describe()}\n")


def _shown(path: str) -> str:
    """``path`` relative to the working folder when under it (as the user would type it), else absolute."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


# --- render: the output and the exit code ----------------------------------------------------


def render(lint_plan: Plan, outcome: Outcome, out: Any, err: Any) -> int:
    """Write the run's output (the chosen format, corpus summaries, statistics, the report, backend notices) and
    return the exit code."""
    results, summaries = outcome.results, outcome.summaries
    # a corpus's records with findings are shown as files are, each at its line of the corpus
    shown = [*results, *(r for s in summaries for r in s.results)] if summaries else results
    if outcome.filtered is not None:
        out.write(outcome.filtered)
    if summaries and hasattr(out, "reconfigure"):  # a record's field may hold a lone surrogate ("\ud800"): escaped
        out.reconfigure(errors="backslashreplace")
    notices = dict.fromkeys([*(n for r in results for n in r.notices), *(n for s in summaries for n in s.notices)])
    preview = lint_plan.job.fixing and lint_plan.job.preview  # fix --diff or --dry-run: nothing is written
    info = RunInfo(command="fix" if lint_plan.job.fixing else "check", preview=preview,
                   color=_use_color(lint_plan.color, out),
                   unsafe_fixes=lint_plan.job.unsafe, rules=outcome.rules, corpora=tuple(s.path for s in summaries),
                   records=sum(s.records for s in summaries), records_changed=sum(s.changed for s in summaries),
                   records_applied=sum(s.applied for s in summaries))
    diff = FORMATTERS["diff"](results, info) if lint_plan.diff else ""
    if lint_plan.diff:
        out.write(diff)
        for result in results:  # the diff shows no file that could not be read or fixed: say why
            if result.error:
                err.write(f"{result.path}: error: {result.error}\n")
        err.write(FORMATTERS["text"](shown, replace(info, color=False)).splitlines()[-1] + "\n")
    elif not (lint_plan.job.fixing and lint_plan.stdin_at is not None and lint_plan.format == "text"):
        if lint_plan.format in STREAMERS:
            out.writelines(STREAMERS[lint_plan.format](shown, info))
        else:
            out.write(FORMATTERS[lint_plan.format](shown, info))
    for summary in summaries:  # on stderr: the findings' output ends with its summary line
        if summary.output:
            err.write(f"copydesk: {summary.path}: annotated records written to {summary.output}\n")
    if lint_plan.statistics:
        _print_statistics(shown, err if lint_plan.format != "text" else out)
    unwritten = None
    if lint_plan.report:
        mode = "fix" if lint_plan.writes else "dry-run" if lint_plan.job.fixing and lint_plan.job.preview else "check"
        unwritten = _write_report(lint_plan.report, "fix" if lint_plan.job.fixing else "check", results, summaries,
                                  outcome.rules, mode)
        if unwritten:
            err.write(f"copydesk: {unwritten}\n")
    if _report_notices(notices, lint_plan.required, err) or unwritten:
        return EXIT_USAGE
    if lint_plan.exit_zero:
        return EXIT_CLEAN
    corpus_problems = any(s.failing or s.errors for s in summaries)
    if lint_plan.diff:
        return EXIT_FINDINGS if diff or corpus_problems or any(r.error for r in results) else EXIT_CLEAN
    if lint_plan.dry_run:
        return EXIT_FINDINGS if any(r.fixed != r.before or r.error for r in results) or corpus_problems \
            else EXIT_CLEAN
    problems = any(r.error for r in results) or _failing(lint_plan.resolver, results) or corpus_problems
    return EXIT_FINDINGS if problems else EXIT_CLEAN


def _failing(resolver: Resolver, results: Sequence[FileResult]) -> bool:
    """Whether a file has a finding at or above its ``fail-on`` (the config that applies to its folder, or the
    command line's): an info finding is shown, but fails the run only under ``fail-on: info``."""
    levels: dict[str, Severity] = {}
    for result in results:
        if not result.diagnostics:
            continue
        folder = os.path.dirname(os.path.abspath(result.path))
        if folder not in levels:
            levels[folder] = resolver.fail_on_for(os.path.join(folder, "_"))
        if any(d.severity.reaches(levels[folder]) for d in result.diagnostics):
            return True
    return False


def _report_renderers() -> dict[str, Any]:
    from linter.faces.report import RENDERERS  # only runs that write a report need it

    return RENDERERS


def _write_report(path: str, command: str, results: Sequence[FileResult], summaries: Sequence[CorpusSummary],
                  rules: dict[str, Any], mode: str) -> str | None:
    """Write the report whole or not at all (a temporary file beside it, renamed into place; an existing report's
    mode kept, else the umask's); what went wrong, in one line, or None."""
    from linter.faces import report

    built = report.build(command, results, summaries, rules, mode)
    data = _report_renderers()[os.path.splitext(path)[1].lower()](built).encode("utf-8")
    try:
        fd, temp = open_temp(os.path.dirname(path) or ".", os.path.basename(path))
    except OSError as exc:
        return f"--report {path}: cannot write the report: {exc.strerror or exc}"
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), _mode_for(path))
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        return f"--report {path}: cannot write the report: {exc.strerror or exc}"
    return None


def _mode_for(path: str) -> int:
    """The mode of the file at ``path`` if it is one, else the one a new file gets (the umask's)."""
    try:
        st = os.stat(path)
        if stat.S_ISREG(st.st_mode):
            return stat.S_IMODE(st.st_mode)
    except OSError:
        pass
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _report_notices(notices: dict[Notice, None], required: frozenset[str], err: Any) -> bool:
    """Print each backend notice once; True when a backend the user required was unavailable."""
    failed = False
    for notice in notices:
        if notice.quiet and notice.source not in required:
            continue
        level = "error" if notice.source in required else "warning"
        err.write(f"copydesk: {level}: {notice.message}\n")
        failed = failed or notice.source in required
    return failed


def _print_statistics(results: Sequence[FileResult], out: Any) -> None:
    counts: Counter[tuple[str, str]] = Counter()
    safe: Counter[str] = Counter()
    unsafe: Counter[str] = Counter()
    for result in results:
        for diag in result.diagnostics:
            counts[(diag.code, diag.name)] += 1
            if diag.fix is not None and diag.fix.applicability is Applicability.SAFE:
                safe[diag.code] += 1
            elif diag.fixable:
                unsafe[diag.code] += 1
    for (code, name), count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        # the markers of the findings' lines: [*] `copydesk fix` fixes some, [~] only --unsafe-fixes does
        marker = "[*]" if safe[code] else "[~]" if unsafe[code] else "   "
        out.write(f"{count:6d}  {code:<8} {marker} {name}\n")


def _use_color(color: str, out: Any) -> bool:
    if color == "always":
        return True
    if color == "never" or os.environ.get("NO_COLOR"):
        return False
    return hasattr(out, "isatty") and out.isatty()
