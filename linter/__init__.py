"""copydesk: a linter and fixer for machine-translated news articles.

The Python API every face uses::

    from linter import check_text, fix_text
    diagnostics = check_text("The embassy in Kiev closed.")
    result = fix_text("The embassy in Kiev closed.")   # result.text == "The embassy in Kyiv closed."
    # a translation checked against its source (ISO 639-1 language, detected when not given)
    diagnostics = check_text("Prices rose 5% in March.", source="3月物价上涨了15%。", source_language="zh")
"""

from __future__ import annotations

import linter.kept.collector as _collector  # first: cycle collection waits while the package imports
import linter.kept.dataclass_code as _dataclass_code  # and its dataclasses' methods are not compiled again

# isort: split
import os
import warnings
from collections.abc import Mapping
from typing import Any

from linter.core.config import ConfigError, Settings, resolve
from linter.core.engine import UNDETECTED_SOURCE, Linter, linter_for
from linter.core.fixer import FixResult, fix_until_stable
from linter.core.packs import PackError
from linter.kinds import Notice
from linter.model.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from linter.text.document import Document
from linter.text.languages import UnknownLanguage, checked, detect
from linter.version import VERSION

__version__ = VERSION

_collector.resume_after_import()  # the package's modules are in: the collector runs as the embedding program set it
_dataclass_code.stop()

ConfigLike = Settings | str | os.PathLike[str] | Mapping[str, Any] | None

__all__ = [
    "Applicability", "BilingualWarning", "ConfigError", "Diagnostic", "Document", "Edit", "Fix", "FixResult", "Linter",
    "PackError", "Settings", "Severity", "UnknownLanguage", "__version__", "check_text", "fix_text", "load_config",
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
    text: str, *, source: str | None = None, source_language: str | None = None, config: ConfigLike = None,
    path: str | None = None, format: str | None = None,
) -> list[Diagnostic]:
    """Lint ``text``; diagnostics carry code-point offsets into ``text``.

    With ``source``, ``text`` is a translation of it: the bilingual rules check it against the source too.
    ``source_language`` is the source's ISO 639-1 code ('zh', 'ru'; UnknownLanguage when it is none); when not
    given it is detected, and a source whose language cannot be told gives a warning (BilingualWarning) and the
    bilingual rules are skipped; the others run as always.
    """
    linter = linter_for(load_config(config, path=path))
    result = linter.check_text(text, path, format, source=source, source_language=source_language)
    _warn(result.notices)
    return result.diagnostics


def fix_text(
    text: str, *, source: str | None = None, source_language: str | None = None, config: ConfigLike = None,
    path: str | None = None, format: str | None = None, unsafe: bool = False,
) -> FixResult:
    """Apply safe fixes (and unsafe ones with ``unsafe=True``) until the text is stable; ``source`` and
    ``source_language`` as for ``check_text`` (the source is never changed)."""
    linter = linter_for(load_config(config, path=path))
    if source_language is not None:
        source_language = checked(source_language)  # an unknown code fails before anything is fixed
    elif source is not None:
        source_language = detect(source)
        if source_language is None:
            _warn([UNDETECTED_SOURCE])

    def check(t: str) -> list[Diagnostic]:
        if source is not None and source_language is None:  # undetected: check without the source, warned once
            return linter.check_text(t, path, format).diagnostics
        return linter.check_text(t, path, format, source=source, source_language=source_language).diagnostics

    return fix_until_stable(text, check, unsafe)


class BilingualWarning(UserWarning):
    """A translation's source was given but its language could not be detected: the bilingual rules were skipped."""


def _warn(notices: list[Notice]) -> None:
    if UNDETECTED_SOURCE in notices:
        warnings.warn(UNDETECTED_SOURCE.message, BilingualWarning, stacklevel=3)
