"""copydesk: a linter and fixer for machine-translated news articles.

The Python API every face uses::

    from linter import check_text, fix_text
    diagnostics = check_text("The embassy in Kiev closed.")
    result = fix_text("The embassy in Kiev closed.")   # result.text == "The embassy in Kyiv closed."
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from linter.core.config import ConfigError, Settings, resolve
from linter.core.engine import Linter, linter_for
from linter.core.fixer import FixResult, fix_until_stable
from linter.core.packs import PackError
from linter.model.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from linter.text.document import Document
from linter.version import VERSION

__version__ = VERSION

ConfigLike = Settings | str | os.PathLike[str] | Mapping[str, Any] | None

__all__ = [
    "Applicability", "ConfigError", "Diagnostic", "Document", "Edit", "Fix", "FixResult", "Linter",
    "PackError", "Settings", "Severity", "__version__", "check_text", "fix_text", "load_config",
]


def load_config(
    config: ConfigLike = None, *, path: str | os.PathLike[str] | None = None, discover: bool = True
) -> Settings:
    """Settings from a Settings object, a config file path, or a mapping of options.

    Config files are discovered upward from ``path`` (or the working directory) unless
    ``discover`` is false; an explicit file or mapping is layered on top.
    """
    if isinstance(config, Settings):
        return config
    start = os.path.dirname(os.path.abspath(path)) if path else None
    if isinstance(config, Mapping):
        return resolve(start, overrides=config, discover=discover)
    return resolve(start, config_file=config, discover=discover)


def check_text(
    text: str, *, config: ConfigLike = None, path: str | None = None, format: str | None = None
) -> list[Diagnostic]:
    """Lint ``text``; diagnostics carry code-point offsets into ``text``."""
    linter = linter_for(load_config(config, path=path))
    return linter.check_text(text, path, format).diagnostics


def fix_text(
    text: str, *, config: ConfigLike = None, path: str | None = None, format: str | None = None,
    unsafe: bool = False,
) -> FixResult:
    """Apply safe fixes (and unsafe ones with ``unsafe=True``) until the text is stable."""
    linter = linter_for(load_config(config, path=path))
    return fix_until_stable(text, lambda t: linter.check_text(t, path, format).diagnostics, unsafe)
