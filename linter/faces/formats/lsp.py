"""`lsp` format: LSP ``Diagnostic`` objects keyed by file URI, as an editor plugin or script consumes them; and the
one conversion of a finding to an LSP ``Diagnostic``, which the language server (linter/faces/lsp.py) publishes too.

``{"file:///abs/path": [{"range": {"start": {"line", "character"}, "end": {...}}, "severity": 1|2|3,
"code", "codeDescription": {"href"}, "source": "copydesk", "message"}]}``; ``codeDescription`` (the
rule's documentation) is left out for copydesk's own codes, which have no rule page. Positions are 0-based,
characters in UTF-16 code units (``LineIndex.lsp``). A file that could not be read gets one
error diagnostic at 0:0 with code ``file-error``. Every file checked has an entry (``[]`` when clean),
so a consumer can clear stale diagnostics.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from linter.faces.docs import rule_url
from linter.faces.formats import indented_json
from linter.faces.formats.base import RunInfo, file_uri
from linter.io.results import FileResult
from linter.model.diagnostics import Diagnostic, Severity
from linter.model.rules import Rule
from linter.text.positions import LineIndex

SEVERITIES = {Severity.ERROR: 1, Severity.WARNING: 2, Severity.INFO: 3}  # LSP's DiagnosticSeverity
SOURCE = "copydesk"


def lsp_range(index: LineIndex, start: int, end: int) -> dict[str, dict[str, int]]:
    """The LSP range of code points ``start`` to ``end``: 0-based lines, characters in UTF-16 code units."""
    (line, character), (end_line, end_character) = index.lsp(start), index.lsp(end)
    return {"start": {"line": line, "character": character}, "end": {"line": end_line, "character": end_character}}


def lsp_diagnostic(index: LineIndex, diag: Diagnostic, rule: Rule | None) -> dict[str, Any]:
    """One finding as an LSP ``Diagnostic`` (its JSON): what this format prints and the language server publishes.
    ``rule`` is the rule that found it, whose documentation ``codeDescription`` links to; None for copydesk's own
    codes (CD001 unused-suppression), which have no rule page."""
    record: dict[str, Any] = {
        "range": lsp_range(index, diag.start, diag.end),
        "severity": SEVERITIES[diag.severity],
        "code": diag.code,
    }
    if rule is not None:
        record["codeDescription"] = {"href": rule_url(rule)}
    record.update(source=SOURCE, message=f"{diag.message} ({diag.withheld})" if diag.withheld else diag.message)
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
        entries.extend(lsp_diagnostic(result.lines, diag, info.rules.get(diag.code)) for diag in result.diagnostics)
    return indented_json.dumps(document, indent=2) + "\n"
