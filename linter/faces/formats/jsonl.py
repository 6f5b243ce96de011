"""`jsonl` format: one JSON object a line, for streaming and ``grep``.

Each diagnostic is the same record as in the `json` format (``diagnostic_record``); each file that
could not be read is ``{"path": str, "error": str}``. No header or summary line.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from linter.faces.formats.base import RunInfo
from linter.faces.formats.json import diagnostic_record
from linter.io.results import FileResult


def format_jsonl(results: Sequence[FileResult], info: RunInfo) -> str:
    lines: list[str] = []
    for result in results:
        if result.error:
            lines.append(json.dumps({"path": result.path, "error": result.error}, ensure_ascii=False))
            continue
        lines.extend(json.dumps(diagnostic_record(result, diag), ensure_ascii=False) for diag in result.diagnostics)
    return "".join(line + "\n" for line in lines)
