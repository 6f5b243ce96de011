"""`lsp` format: LSP ``Diagnostic`` objects keyed by file URI, as an editor plugin or script consumes them.

``{"file:///abs/path": [{"range": {"start": {"line", "character"}, "end": {...}}, "severity": 1|2|3,
"code", "codeDescription": {"href"}, "source": "copydesk", "message"}]}``; ``codeDescription`` (the
rule's documentation) is left out for copydesk's own codes, which have no rule page. Positions are 0-based,
characters in UTF-16 code units (``LineIndex.lsp``). A file that could not be read gets one
error diagnostic at 0:0 with code ``file-error``. Every file checked has an entry (``[]`` when clean),
so a consumer can clear stale diagnostics.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from linter.faces.docs import rule_url
from linter.faces.formats.base import RunInfo, file_uri
from linter.io.results import FileResult
from linter.model.diagnostics import Diagnostic, Severity

SEVERITIES = {Severity.ERROR: 1, Severity.WARNING: 2, Severity.INFO: 3}
SOURCE = "copydesk"


def _position(result: FileResult, offset: int) -> dict[str, int]:
    line, character = result.lines.lsp(offset)
    return {"line": line, "character": character}


def lsp_diagnostic(result: FileResult, diag: Diagnostic, info: RunInfo) -> dict[str, Any]:
    record: dict[str, Any] = {
        "range": {"start": _position(result, diag.start), "end": _position(result, diag.end)},
        "severity": SEVERITIES[diag.severity],
        "code": diag.code,
    }
    rule = info.rules.get(diag.code)
    if rule is not None:  # copydesk's own codes (CD001 unused-suppression) have no rule page
        record["codeDescription"] = {"href": rule_url(rule)}
    record.update(source=SOURCE, message=diag.message)
    return record


def format_lsp(results: Sequence[FileResult], info: RunInfo) -> str:
    document: dict[str, list[dict[str, Any]]] = {}
    for result in results:
        uri = "untitled:stdin" if result.path == "-" else file_uri(result.path)
        entries = document.setdefault(uri, [])
        if result.error:
            zero = {"line": 0, "character": 0}
            entries.append({"range": {"start": zero, "end": zero}, "severity": 1, "code": "file-error",
                            "source": SOURCE, "message": result.error})
            continue
        entries.extend(lsp_diagnostic(result, diag, info) for diag in result.diagnostics)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
