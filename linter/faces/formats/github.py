"""`github` format: GitHub Actions workflow commands, shown as annotations on the pull request.

``::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=CODE name::message`` per diagnostic
(``warning`` and ``notice`` for the other severities), ``::error file=PATH,title=copydesk::...``
per file that could not be read. Values are escaped as GitHub's toolkit does: ``%``, CR and LF
everywhere, and also ``:`` and ``,`` in properties. Lines and columns are 1-based code points.
"""

from __future__ import annotations

from collections.abc import Sequence

from linter.faces.formats.base import RunInfo
from linter.io.results import FileResult
from linter.model.diagnostics import Severity

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    """A command's message (after ``::``)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A property value (``file=``, ``title=`` ...)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: object) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name} {props}::{escape_data(message)}"


def format_github(results: Sequence[FileResult], info: RunInfo) -> str:
    lines: list[str] = []
    for result in results:
        if result.error:
            lines.append(command("error", result.error, file=result.path, title="copydesk"))
            continue
        for diag in result.diagnostics:
            line, column = result.lines.human(diag.start)
            end_line, end_column = result.lines.human(diag.end)
            unit = result.source_at(diag.start) if result.sources else None
            message = diag.message + (f" (unit {unit.unit})" if unit is not None and unit.unit is not None else "")
            message += f" ({diag.withheld})" if diag.withheld else ""
            lines.append(command(COMMANDS[diag.severity], message, file=result.path, line=line, col=column,
                                 endLine=end_line, endColumn=end_column, title=f"{diag.code} {diag.name}"))
    return "".join(line + "\n" for line in lines)
