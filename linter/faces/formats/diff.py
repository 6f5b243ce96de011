"""`diff` format: the unified diff of what fixing would change (``check --format diff``, ``fix --diff``).

Files whose fix was not computed, or would change nothing, print nothing.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from linter.faces.formats.base import RunInfo
from linter.io.results import FileResult


def unified_diff(path: str, before: str, after: str) -> str:
    """The unified diff from ``before`` to ``after`` with ``a/path`` and ``b/path`` headers ('' if equal).

    A last line without a line break is marked as ``diff`` and ``patch`` expect.
    """
    if before == after:
        return ""
    lines = []
    for line in difflib.unified_diff(_lines(before), _lines(after), fromfile=f"a/{path}", tofile=f"b/{path}"):
        lines.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(lines)


def _lines(text: str) -> list[str]:
    """Lines as ``patch`` sees them: split after each ``\\n`` only (not at U+2028, form feeds, lone CRs)."""
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out


def format_diff(results: Sequence[FileResult], info: RunInfo) -> str:
    return "".join(unified_diff(r.path, r.before, r.fixed) for r in results
                   if not r.error and r.fixed is not None)
