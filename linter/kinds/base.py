"""What every rule kind provides: an option schema, validation, and a checker factory."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import regex

from linter.kept import regexes
from linter.model.diagnostics import Applicability, Edit, Severity
from linter.model.rules import Rule
from linter.text.document import Document

if TYPE_CHECKING:
    from linter.core.config import Settings

# Wall-clock budget for one rule's user regexes on one document, in seconds (a pattern rule's `timeout`).
REGEX_TIMEOUT = 2.0
# A cap on every such budget in this process; the language server sets a small one (lsp.REGEX_TIME_CAP)
# so that a slow rule cannot hold up an editor for seconds on every change.
_time_cap: float | None = None


def cap_regex_time(seconds: float | None) -> None:
    """Cap every user regex budget in this process at ``seconds`` (None: each rule's own timeout)."""
    global _time_cap
    _time_cap = seconds


class RegexBudget:
    """One rule's regex time on one document: each call gets what is left, so many calls that are each
    a little under the timeout cannot add up to minutes. Raises TimeoutError once it is spent."""

    def __init__(self, seconds: float):
        self.deadline = time.monotonic() + (min(seconds, _time_cap) if _time_cap is not None else seconds)

    def left(self) -> float:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("regex time budget spent")
        return remaining


def from_user_pack(rule: Rule) -> bool:
    """Whether ``rule`` comes from a pack a user added, not one shipped with copydesk: its regexes, and those
    built from its options, run under its time budget (the shipped packs' run without one: see pattern.py)."""
    return _user_file(rule.file)


@functools.lru_cache(maxsize=256)
def _user_file(file: str) -> bool:
    from linter.core.packs import builtin_dir  # packs imports the kinds

    return not file or Path(file).resolve().parent != builtin_dir()


class OptionError(ValueError):
    """A kind option is wrong; ``key`` names it (dotted for nested keys)."""

    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class Option:
    types: type | tuple[type, ...]
    doc: str
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    """What a checker reports; the engine turns it into a Diagnostic.

    ``suggestions`` are candidate replacements for ``[start, end)``; ``edits`` overrides the
    edit built from the first suggestion (for fixes that touch text outside the span).
    ``values`` adds placeholders to the message template. ``code``, ``name`` and ``severity``,
    when set, replace the rule's: a backend kind reports its own rule ids (``LT:EN_A_VS_AN``).
    ``applicability``, when set, lowers the rule's fix safety for this finding only (a doubtful case: a
    doubled word inside a quotation is fixed only with ``--unsafe-fixes``); it never raises it.
    """

    rule: Rule
    start: int
    end: int
    suggestions: tuple[str, ...] = ()
    edits: tuple[Edit, ...] | None = None
    values: Mapping[str, str] = field(default_factory=dict)
    code: str | None = None
    name: str | None = None
    severity: Severity | None = None
    applicability: Applicability | None = None


@dataclass(frozen=True)
class Notice:
    """A problem with a backend, not with the text (a server that does not answer).

    Checkers yield notices among their findings; faces report each distinct notice once per run.
    A ``quiet`` notice is information (a backend switched off), shown only when its source is required.
    """

    source: str
    message: str
    quiet: bool = False


class Checker(Protocol):
    rules: tuple[Rule, ...]

    def check(self, doc: Document) -> Iterable[Finding | Notice]: ...


# What a checker's findings depend on, for the language server's incremental linting (linter/core/incremental.py).
# A checker class may set ``depends_on``: DOCUMENT (the default, always safe) or PARAGRAPH, or a frozenset of
# the values of its rule's ``check`` option that are PARAGRAPH (the other checks depend on the document).
#
# PARAGRAPH promises: run on a stretch of whole paragraphs cut out of a document at a line break between
# paragraphs (with the document's masking and paragraph spans), the checker finds exactly what it finds in
# the whole document inside that stretch. So: it reads only the paragraphs (and sentences) its findings are
# in, and nothing it matches reaches across a line break between paragraphs. Rules whose own options can
# break that (a user regex that can match a line break, a document-scope `unless`, `at: document-start`, a
# term spanning a line break) are told apart rule by rule in linter/core/incremental.py.
DOCUMENT = "document"
PARAGRAPH = "paragraph"


def scope_of(checker: Any) -> str:
    """DOCUMENT or PARAGRAPH for a compiled checker (see above)."""
    declared = getattr(type(checker), "depends_on", DOCUMENT)
    if isinstance(declared, frozenset):
        checks = {r.options.get("check") for r in getattr(checker, "rules", ())}
        return PARAGRAPH if checks and checks <= declared else DOCUMENT
    return PARAGRAPH if declared == PARAGRAPH else DOCUMENT


@dataclass(frozen=True)
class Kind:
    """A rule kind: its name, its options and how it turns rules into checkers.

    ``validate`` gets one rule's options (defaults filled in) and raises OptionError;
    ``compile`` gets every selected rule of the kind at once, so a kind may fuse them
    into one pass over the text. ``compile_configured``, when set, is used instead and also
    gets the run's Settings (for a backend's address). ``code_prefix`` is set by kinds whose
    findings carry their own codes (``LT:``): selectors with that prefix name those findings.
    ``fix_safety`` says what holds for every fix of the kind (the rule docs' "Fix safety" for a rule whose
    pack gives no ``fix.why``); ``lowers_fix(options)`` says whether a rule's findings may lower their own fix
    (``Finding.applicability``): a shipped rule for which it holds says when, in its own ``fix.why``.
    """

    name: str
    summary: str
    options: Mapping[str, Option]
    compile: Callable[[list[Rule]], list[Checker]]
    validate: Callable[[Mapping[str, Any]], None] = lambda options: None
    placeholders: tuple[str, ...] = ("match", "replacement")
    compile_configured: Callable[[list[Rule], Settings], list[Checker]] | None = None
    code_prefix: str = ""
    fix_safety: str = ""
    lowers_fix: Callable[[Mapping[str, Any]], bool] = lambda options: False


def compile_regex(pattern: str, key: str, flags: int = 0) -> regex.Pattern:
    """Compile a user regex (V1 syntax off, Unicode on) or raise OptionError naming ``key``."""
    try:
        return regexes.compile(pattern, flags)
    except (regex.error, TypeError, ValueError, OverflowError) as exc:
        raise OptionError(key, f"regular expression does not compile: {exc}") from None


def flags_from(names: Iterable[str]) -> int:
    table = {"ignorecase": regex.I, "multiline": regex.M, "dotall": regex.S, "verbose": regex.X}
    value = 0
    for name in names:
        value |= table[name]
    return value


FLAG_CHOICES = ("ignorecase", "multiline", "dotall", "verbose")


def match_case(replacement: str, matched: str) -> str:
    """Give ``replacement`` the case pattern of ``matched`` (KIEV -> KYIV, Air strikes -> Airstrikes).

    Lowercase matches keep the replacement as written, so a proper noun stays capitalised.
    """
    letters = [c for c in matched if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    if letters and matched[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement
