"""Output formats, one module each, registered by name."""

from __future__ import annotations

from linter.formats.base import FileResult, Formatter, RunInfo
from linter.formats.json import format_json
from linter.formats.text import format_text

FORMATTERS: dict[str, Formatter] = {
    "text": format_text,
    "json": format_json,
}

__all__ = ["FORMATTERS", "FileResult", "Formatter", "RunInfo"]
