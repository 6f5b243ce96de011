"""`text` format: ruff-like ``path:line:col: CODE [*] message`` lines, colour on a terminal."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from linter.faces.formats.base import FIX_MARKERS, RunInfo
from linter.io.results import FileResult, RecordResult
from linter.model.diagnostics import Applicability, Diagnostic, Severity

_COLORS = {"path": "1", "code_error": "1;31", "code_warning": "1;33", "code_info": "1;36", "dim": "2",
           "error": "1;31", "help": "32"}


def _paint(text: str, style: str, color: bool) -> str:
    return f"\x1b[{_COLORS[style]}m{text}\x1b[0m" if color else text


def format_text(results: Sequence[FileResult], info: RunInfo) -> str:
    return "".join(iter_text(results, info))


def iter_text(results: Sequence[FileResult], info: RunInfo) -> Iterator[str]:
    """The output line by line (each ending in a line break), so a large run is written as it is made."""
    for line in _lines(results, info):
        yield line + "\n"


_SEVERITIES = {Severity.ERROR: "(error) ", Severity.WARNING: "", Severity.INFO: "(info) "}  # a warning is unmarked


def _lines(results: Sequence[FileResult], info: RunInfo) -> Iterator[str]:
    color = info.color
    total = safe = unsafe = 0
    for result in results:
        if result.error:
            where = f"{result.path}:{result.line}" if isinstance(result, RecordResult) else result.path
            yield f"{_paint(where, 'path', color)}: {_paint('error', 'error', color)}: {result.error}"
            continue
        if not result.diagnostics:
            continue
        path = _paint(result.path, "path", color)
        human = result.lines.human
        text = result.text
        for diag in result.diagnostics:
            total += 1
            fix = diag.fix
            if fix is None:
                marker = ""
            else:
                applicability = fix.applicability
                if applicability is Applicability.SAFE:
                    safe += 1
                elif applicability is Applicability.UNSAFE:
                    unsafe += 1
                marker = FIX_MARKERS.get(applicability, "")
            line, column = human(diag.start)
            severity = diag.severity
            code = _paint(diag.code, f"code_{severity.value}", color) if color else diag.code
            unit = result.source_at(diag.start) if result.sources else None
            where = f" (unit {unit.unit})" if unit is not None and unit.unit is not None else ""
            yield f"{path}:{line}:{column}: {code} {marker}{_SEVERITIES[severity]}{diag.message}{where}"
            hint = help_text(text, diag)
            if hint:
                yield _paint(f"    help: {hint}", "help", color)
            if diag.note:  # ``withheld`` is empty without a note
                yield _paint(f"    note: {diag.withheld}", "dim", color)
    yield from _summary(results, info, total, safe, unsafe)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def _summary(results: Sequence[FileResult], info: RunInfo, total: int, safe: int, unsafe: int) -> Iterator[str]:
    """The last lines: what could not be checked (first: "All clean" above it would read as if nothing were wrong),
    then what was found or done, counting a JSONL corpus's records as records, not as files."""
    files = [r for r in results if not isinstance(r, RecordResult)]
    records = [r for r in results if isinstance(r, RecordResult)]
    file_errors, record_errors = sum(1 for r in files if r.error), sum(1 for r in records if r.error)
    if file_errors:
        yield f"{_plural(file_errors, 'file')} could not be checked."
    if record_errors:
        yield f"{_plural(record_errors, 'record')} could not be checked."
    # a run of corpora alone says nothing of files (a corpus that could not be read is a file that could not be)
    with_files = not info.corpora or any(r.path not in info.corpora for r in files)

    def units(file_count: int, record_count: int) -> str:
        parts = [_plural(file_count, "file")] if with_files else []
        return " and ".join(parts + ([_plural(record_count, "record")] if info.corpora else []))

    if info.preview:
        yield _preview_summary(files, total, info, units)
    elif info.command == "fix":
        changed = units(sum(1 for r in files if r.changed), info.records_changed)
        applied = sum(r.applied for r in files) + info.records_applied
        yield (f"{changed} changed, {applied} fix{'es' if applied != 1 else ''} applied, "
               f"{_plural(total, 'problem')} left.")
    elif total:
        where = [f"{sum(1 for r in files if r.diagnostics)} of {_plural(len(files), 'file')}"] if with_files else []
        if info.corpora:
            where.append(f"{sum(1 for r in records if r.diagnostics)} of {_plural(info.records, 'record')}")
        summary = f"Found {_plural(total, 'problem')} in {' and '.join(where)}."
        if safe:
            summary += f" {safe} fixable with `copydesk fix`."
        if unsafe:
            summary += f" {unsafe} more with `copydesk fix --unsafe-fixes`."
        yield summary
    else:
        checked = units(len(files) - file_errors, info.records - record_errors)
        yield f"No problems in the {checked} checked." if file_errors or record_errors \
            else f"All clean: {checked} checked."


def _preview_summary(files: Sequence[FileResult], total: int, info: RunInfo, units: Callable[[int, int], str]
                     ) -> str:
    """What `fix --diff` or `fix --dry-run` would do: nothing was written, so nothing is said to be applied. (A
    record's findings in a preview are those the fixes would leave.)"""
    changing = sum(1 for r in files if not r.error and r.fixed is not None and r.fixed != r.before)
    applied = sum(r.applied for r in files if not r.error) + info.records_applied
    left = sum(len(r.diagnostics if r.left is None else r.left) for r in files if not r.error)
    left += total - sum(len(r.diagnostics) for r in files)  # the records'
    # a record's findings as read are not kept (only what its fixes leave): no "of N" beside records
    remain = _plural(left, "problem") if info.corpora else f"{left} of {_plural(total, 'problem')}"
    return (f"{units(changing, info.records_changed)} would change: {applied} fix{'es' if applied != 1 else ''} "
            f"would be applied, {remain} would remain. Nothing was written.")


def help_text(text: str, diag: Diagnostic) -> str:
    """One line saying what the fix or the suggestions would do."""
    if len(diag.suggestions) > 1:
        return f"replace {text[diag.start:diag.end]!r} with " + " or ".join(repr(s) for s in diag.suggestions[:4])
    if diag.fix is None or len(diag.fix.edits) != 1:
        return ""
    edit = diag.fix.edits[0]
    old = text[edit.start:edit.end]
    if not edit.text:
        return f"delete {old!r}"
    if not old:
        return f"insert {edit.text!r}"
    return f"replace {old!r} with {edit.text!r}"
