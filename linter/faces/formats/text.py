"""`text` format: ruff-like ``path:line:col: CODE [*] message`` lines, colour on a terminal."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from linter.faces.formats.base import RunInfo, fix_marker
from linter.io.results import FileResult
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


def _lines(results: Sequence[FileResult], info: RunInfo) -> Iterator[str]:
    color = info.color
    total = safe = unsafe = 0
    for result in results:
        if result.error:
            yield f"{_paint(result.path, 'path', color)}: {_paint('error', 'error', color)}: {result.error}"
            continue
        for diag in result.diagnostics:
            total += 1
            if diag.fix and diag.fix.applicability is Applicability.SAFE:
                safe += 1
            elif diag.fix and diag.fix.applicability is Applicability.UNSAFE:
                unsafe += 1
            line, column = result.lines.human(diag.start)
            code = _paint(diag.code, f"code_{diag.severity.value}", color)
            severity = "" if diag.severity is Severity.WARNING else f"({diag.severity.value}) "
            unit = result.source_at(diag.start) if result.sources else None
            where = f" (unit {unit.unit})" if unit is not None and unit.unit is not None else ""
            yield (f"{_paint(result.path, 'path', color)}:{line}:{column}: {code} "
                   f"{fix_marker(diag)}{severity}{diag.message}{where}")
            hint = help_text(result.text, diag)
            if hint:
                yield _paint(f"    help: {hint}", "help", color)
            if diag.withheld:
                yield _paint(f"    note: {diag.withheld}", "dim", color)
    errors = sum(1 for r in results if r.error)
    if errors:  # the failure first: "All clean" above it read as if nothing were wrong
        yield f"{errors} file{'s' if errors != 1 else ''} could not be checked."
    if info.preview:
        yield _preview_summary(results, total)
    elif info.command == "fix":
        changed = sum(1 for r in results if r.changed)
        applied = sum(r.applied for r in results)
        yield (f"{changed} file{'s' if changed != 1 else ''} changed, {applied} fix"
               f"{'es' if applied != 1 else ''} applied, {total} problem{'s' if total != 1 else ''} left.")
    elif total:
        summary = f"Found {total} problem{'s' if total != 1 else ''} in " \
                  f"{sum(1 for r in results if r.diagnostics)} of {len(results)} files."
        if safe:
            summary += f" {safe} fixable with `copydesk fix`."
        if unsafe:
            summary += f" {unsafe} more with `copydesk fix --unsafe-fixes`."
        yield summary
    else:
        checked = len(results) - errors
        files = f"{checked} file{'s' if checked != 1 else ''}"
        yield f"No problems in the {files} checked." if errors else f"All clean: {files} checked."


def _preview_summary(results: Sequence[FileResult], total: int) -> str:
    """What `fix --diff` or `fix --dry-run` would do: nothing was written, so nothing is said to be applied."""
    changing = sum(1 for r in results if not r.error and r.fixed is not None and r.fixed != r.before)
    applied = sum(r.applied for r in results if not r.error)
    left = sum(len(r.diagnostics) if r.left is None else r.left for r in results if not r.error)
    return (f"{changing} file{'s' if changing != 1 else ''} would change: {applied} fix"
            f"{'es' if applied != 1 else ''} would be applied, {left} of {total} problem{'s' if total != 1 else ''} "
            f"would remain. Nothing was written.")


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
