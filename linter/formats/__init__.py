"""Output formats, one module each, registered by name."""

from __future__ import annotations

import os
from collections.abc import Mapping

from linter.formats.base import FileResult, Formatter, RunInfo
from linter.formats.diff import format_diff
from linter.formats.github import format_github
from linter.formats.json import format_json
from linter.formats.jsonl import format_jsonl
from linter.formats.lsp import format_lsp
from linter.formats.sarif import format_sarif
from linter.formats.text import format_text

FORMATTERS: dict[str, Formatter] = {
    "text": format_text,
    "json": format_json,
    "jsonl": format_jsonl,
    "sarif": format_sarif,
    "github": format_github,
    "lsp": format_lsp,
    "diff": format_diff,
}

# Not a formatter: a name that stands for one, chosen from the environment.
AUTO = "auto"
FORMAT_CHOICES: tuple[str, ...] = (AUTO, *sorted(FORMATTERS))


def choose_format(name: str, environ: Mapping[str, str] = os.environ) -> str:
    """The formatter for a format name: ``auto`` is ``github`` under GitHub Actions, ``text`` elsewhere."""
    if name != AUTO:
        return name
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"


__all__ = ["AUTO", "FORMATTERS", "FORMAT_CHOICES", "FileResult", "Formatter", "RunInfo", "choose_format"]
