"""Output formats, one module each, registered by name."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from linter.faces.formats.base import Formatter, RunInfo
from linter.io.results import FileResult

# name -> (module, function); a module is imported when its format is first used, so a run pays
# only for the format it prints (sarif and lsp pull in the rule docs, diff pulls in difflib).
_MODULES: dict[str, tuple[str, str]] = {
    "text": ("linter.faces.formats.text", "format_text"),
    "json": ("linter.faces.formats.json", "format_json"),
    "jsonl": ("linter.faces.formats.jsonl", "format_jsonl"),
    "sarif": ("linter.faces.formats.sarif", "format_sarif"),
    "github": ("linter.faces.formats.github", "format_github"),
    "lsp": ("linter.faces.formats.lsp", "format_lsp"),
    "diff": ("linter.faces.formats.diff", "format_diff"),
}


class _Formatters(Mapping[str, Formatter]):
    """The formatters by name, each imported at first lookup."""

    def __init__(self, modules: Mapping[str, tuple[str, str]]):
        self._modules = dict(modules)
        self._loaded: dict[str, Formatter] = {}

    def __getitem__(self, name: str) -> Formatter:
        if name not in self._loaded:
            module, function = self._modules[name]  # KeyError for an unknown name, as a dict gives
            self._loaded[name] = getattr(importlib.import_module(module), function)
        return self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __len__(self) -> int:
        return len(self._modules)

    def __contains__(self, name: object) -> bool:
        return name in self._modules


FORMATTERS: Mapping[str, Formatter] = _Formatters(_MODULES)

# Formats that can also be written piece by piece (a run with hundreds of thousands of findings need not hold
# its whole output in memory): name -> (module, function returning an iterator of strings).
STREAMERS: Mapping[str, Callable[[Sequence[FileResult], RunInfo], Iterable[str]]] = _Formatters(  # type: ignore[arg-type]
    {"text": ("linter.faces.formats.text", "iter_text")})

# Not a formatter: a name that stands for one, chosen from the environment.
AUTO = "auto"
FORMAT_CHOICES: tuple[str, ...] = (AUTO, *sorted(FORMATTERS))


def choose_format(name: str, environ: Mapping[str, str] = os.environ) -> str:
    """The formatter for a format name: ``auto`` is ``github`` under GitHub Actions, ``text`` elsewhere."""
    if name != AUTO:
        return name
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"


__all__ = ["AUTO", "FORMATTERS", "FORMAT_CHOICES", "STREAMERS", "Formatter", "RunInfo", "choose_format"]
