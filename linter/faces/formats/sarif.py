"""`sarif` format: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run. ``tool.driver.rules`` describes every rule that has a result (sorted by code): id, name,
short and full description, help (text and Markdown, the `copydesk explain` page), helpUri and
the default level. Each result has ruleId, ruleIndex, level, message, one location (a relative
URI and a region) and, for fixable diagnostics, ``fixes`` with the replacements. The run sets
``columnKind: utf16CodeUnits``: columns are 1-based UTF-16 code units. A finding in a translation unit names
the unit as a logical location and in ``properties.unit``, with the unit's source in ``properties.source``. Files
that could not be read are ``invocations[0].toolExecutionNotifications``. Documented in docs/output-formats.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from linter.faces.docs import explain, rule_markdown, rule_url, short_description
from linter.faces.formats import indented_json
from linter.faces.formats.base import RunInfo, relative_uri, source_side
from linter.faces.formats.text import help_text
from linter.io.results import FileResult
from linter.model.diagnostics import Diagnostic, Severity
from linter.model.rules import Rule

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/copydesk/copydesk"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _artifact(path: str) -> dict[str, str]:
    uri = relative_uri(path)
    return {"uri": uri} if uri.startswith("file:") else {"uri": uri, "uriBaseId": "%SRCROOT%"}


def _region(result: FileResult, start: int, end: int) -> dict[str, int]:
    line, column = result.lines.utf16(start)
    end_line, end_column = result.lines.utf16(end)
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def rule_descriptor(code: str, name: str, rule: Rule | None) -> dict[str, Any]:
    """A ``reportingDescriptor``; copydesk's own codes (no rule in a pack) get the code and name only."""
    if rule is None:
        return {"id": code, "name": name, "shortDescription": {"text": name.replace("-", " ")}}
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": short_description(rule)},
        "fullDescription": {"text": " ".join(rule.description.split()) or rule.name},
        "help": {"text": explain(rule), "markdown": rule_markdown(rule)},
        "helpUri": rule_url(rule),
        "defaultConfiguration": {"level": LEVELS[rule.severity], "enabled": rule.enabled},
        "properties": {"tags": list(dict.fromkeys((rule.pack, rule.kind))), "pack": rule.pack, "kind": rule.kind,
                       "fix": rule.fix.value if rule.fix else None},
    }


def _fixes(result: FileResult, diag: Diagnostic) -> list[dict[str, Any]]:
    if diag.fix is None or not diag.fixable:
        return []
    replacements = [{"deletedRegion": _region(result, edit.start, edit.end), "insertedContent": {"text": edit.text}}
                    for edit in sorted(diag.fix.edits, key=lambda e: (e.start, e.end))]
    description = help_text(result.text, diag) or f"apply the {diag.fix.applicability.value} fix"
    return [{
        "description": {"text": description},
        "artifactChanges": [{"artifactLocation": _artifact(result.path), "replacements": replacements}],
        "properties": {"applicability": diag.fix.applicability.value},
    }]


def sarif_log(results: Sequence[FileResult], info: RunInfo) -> dict[str, Any]:
    from linter.version import VERSION as __version__

    names: dict[str, str] = {}
    for result in results:
        for diag in result.diagnostics if not result.error else ():
            names.setdefault(diag.code, diag.name)
    codes = sorted(names)
    index = {code: i for i, code in enumerate(codes)}
    sarif_results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for result in results:
        if result.error:
            notifications.append({
                "level": "error",
                "message": {"text": f"{result.path}: {result.error}"},
                "locations": [{"physicalLocation": {"artifactLocation": _artifact(result.path)}}],
                "descriptor": {"id": "file-error"},
            })
            continue
        for diag in result.diagnostics:
            region = _region(result, diag.start, diag.end)
            if diag.end > diag.start:
                region["snippet"] = {"text": result.text[diag.start:diag.end]}
            record: dict[str, Any] = {
                "ruleId": diag.code,
                "ruleIndex": index[diag.code],
                "level": LEVELS[diag.severity],
                "message": {"text": diag.message},
                "locations": [{"physicalLocation": {"artifactLocation": _artifact(result.path), "region": region}}],
            }
            fixes = _fixes(result, diag)
            if fixes:
                record["fixes"] = fixes
            if diag.suggestions:
                record["properties"] = {"suggestions": list(diag.suggestions)}
            side = source_side(result, diag)
            if side is not None:  # a translation unit is a logical location; its source a property
                if side.unit is not None:
                    record["locations"][0]["logicalLocations"] = [
                        {"name": side.unit, "fullyQualifiedName": f"{result.path}#{side.unit}", "kind": "element"}]
                record.setdefault("properties", {}).update(unit=side.unit, source=side.source)
            sarif_results.append(record)
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": {
                "name": "copydesk",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [rule_descriptor(code, names[code], info.rules.get(code)) for code in codes],
            }},
            "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
            "columnKind": "utf16CodeUnits",
            "results": sarif_results,
        }],
    }


def format_sarif(results: Sequence[FileResult], info: RunInfo) -> str:
    return indented_json.dumps(sarif_log(results, info), indent=2) + "\n"
