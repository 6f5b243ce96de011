"""`json` format, schema version 1 (documented in docs/output-formats.md).

{"version": 1, "tool": "copydesk", "copydesk_version": str,
 "diagnostics": [{"path", "code", "name", "pack", "severity", "message", "start", "end",
                  "line", "column", "end_line", "end_column", "suggestions",
                  "fix": null | {"applicability", "edits": [{"start", "end", "text", "line",
                                  "column", "end_line", "end_column"}]},
                  "withheld": null | str (why `copydesk fix` leaves it: "inside a quotation: not changed"),
                  in a file checked against its source: "unit": str | null, "source": str}],
 "errors": [{"path", "message"}],
 "summary": {"files", "diagnostics", "errors", "fixable"}}

Offsets are code points; lines and columns are 1-based, columns in code points.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from linter.faces.formats import indented_json
from linter.faces.formats.base import RunInfo, source_side
from linter.io.results import FileResult
from linter.model.diagnostics import Diagnostic

SCHEMA_VERSION = 1


def diagnostic_record(result: FileResult, diag: Diagnostic) -> dict[str, Any]:
    line, column = result.lines.human(diag.start)
    end_line, end_column = result.lines.human(diag.end)
    fix = None
    if diag.fix is not None:
        edits = []
        for edit in diag.fix.edits:
            e_line, e_col = result.lines.human(edit.start)
            e_end_line, e_end_col = result.lines.human(edit.end)
            edits.append({"start": edit.start, "end": edit.end, "text": edit.text, "line": e_line,
                          "column": e_col, "end_line": e_end_line, "end_column": e_end_col})
        fix = {"applicability": diag.fix.applicability.value, "edits": edits}
    record = {
        "path": result.path, "code": diag.code, "name": diag.name, "pack": diag.pack,
        "severity": diag.severity.value, "message": diag.message, "start": diag.start, "end": diag.end,
        "line": line, "column": column, "end_line": end_line, "end_column": end_column,
        "suggestions": list(diag.suggestions), "fix": fix, "withheld": diag.withheld or None,
    }
    side = source_side(result, diag)
    if side is not None:
        record.update(unit=side.unit, source=side.source)
    return record


def document(results: Sequence[FileResult]) -> dict[str, Any]:
    from linter.version import VERSION as __version__

    diagnostics = [diagnostic_record(r, d) for r in results if not r.error for d in r.diagnostics]
    return {
        "version": SCHEMA_VERSION,
        "tool": "copydesk",
        "copydesk_version": __version__,
        "diagnostics": diagnostics,
        "errors": [{"path": r.path, "message": r.error} for r in results if r.error],
        "summary": {
            "files": len(results),
            "diagnostics": len(diagnostics),
            "errors": sum(1 for r in results if r.error),
            "fixable": sum(1 for d in diagnostics if d["fix"] and d["fix"]["applicability"] != "display-only"),
        },
    }


def format_json(results: Sequence[FileResult], info: RunInfo) -> str:
    return indented_json.dumps(document(results), indent=2) + "\n"
