"""What every rule kind provides: an option schema, validation, and a checker factory."""

from __future__ import annotations

import enum
import operator
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
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
    return not rule.builtin


class OptionError(ValueError):
    """A kind option is wrong; ``key`` names it (dotted for nested keys)."""

    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key

    def __reduce__(self) -> tuple[type, tuple]:  # whole across a worker process's pipe
        return (type(self), (self.key, str(self)))


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

    def shifted(self, by: int) -> Finding:
        """This finding moved ``by`` code points (from a chunk's offsets to its document's)."""
        if by == 0:
            return self
        edits = None if self.edits is None else tuple(Edit(e.start + by, e.end + by, e.text) for e in self.edits)
        # every field given, as dataclasses.replace would, without its look-up of the fields (the language server
        # moves each kept finding of a chunk after an edit before it)
        return Finding(self.rule, self.start + by, self.end + by, self.suggestions, edits, self.values, self.code,
                       self.name, self.severity, self.applicability)


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


class SplitChecker(Checker, Protocol):
    """A checker of DOCUMENT-scope rules whose work splits in two (``splits``: True): a ``part`` that reads only
    a stretch of whole paragraphs (a chunk, as linter/text/chunks.py cuts and views it, in the chunk's offsets),
    and a cheap ``merge`` of every chunk's part (each with the chunk's start in the document) into the
    document's findings. The promise: for the chunks ``chunks.cut`` gives, ``merge(doc, [(lo, part(view))
    ...])`` yields what ``check(doc)`` yields, in the same order. The language server keeps each chunk's part
    between edits (linter/core/incremental.py), so an edit re-runs ``part`` on the chunk it changed only."""

    splits: bool

    def part(self, doc: Document) -> object: ...

    def merge(self, doc: Document, parts: Sequence[tuple[int, Any]]) -> Iterable[Finding | Notice]: ...

    # Optional: ``tally(part)``, a part's share (a Counter, or None for nothing) of a sum over the chunks that the
    # merge reads. A checker that has it is given ``parts`` as ``Parts`` with ``total`` set by the language server,
    # which keeps the sum between versions (adding a new chunk's share, taking out a gone one's) instead of the
    # merge adding every chunk's; with a plain sequence the merge adds them itself.


def splits(checker: Checker) -> bool:
    """Whether ``checker`` is a SplitChecker (its work splits into per-chunk parts and a merge)."""
    return getattr(checker, "splits", False) is True


class Parts(Sequence[tuple[int, Any]]):
    """One split checker's parts as the language server gives them to its merge: each chunk's start with the
    checker's part in it (``(lo, part)``, in order), read from the chunks' kept parts without copying them, so
    that a merge that reads few of them (``tally``) does not pay for all. ``starts``: the chunks' starts, one tuple
    shared by every checker's ``Parts`` of a check (a merge may key what it works out once per check on it);
    ``total``: for a checker with ``tally``, the sum of every part's share, else None."""

    __slots__ = ("_index", "_parts", "starts", "total")

    def __init__(self, starts: tuple[int, ...], parts: Sequence[Mapping[int, Any]], index: int,
                 total: Mapping[Any, int] | None = None):
        self.starts = starts
        self._parts = parts  # each chunk's parts, by checker index
        self._index = index
        self.total = total

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, n: int | slice) -> Any:
        if isinstance(n, slice):
            return list(zip(self.starts[n], map(operator.itemgetter(self._index), self._parts[n]), strict=True))
        return self.starts[n], self._parts[n][self._index]

    def __iter__(self) -> Iterator[tuple[int, Any]]:
        return zip(self.starts, map(operator.itemgetter(self._index), self._parts), strict=True)


def starts_of(parts: Sequence[tuple[int, Any]]) -> tuple[int, ...]:
    """The chunks' starts of a merge's ``parts`` (``Parts.starts`` when given so)."""
    return parts.starts if isinstance(parts, Parts) else tuple(lo for lo, _ in parts)


class Scope(enum.Enum):
    """What a rule's findings depend on, as its kind says (``Kind.scope``): the engine and the language server
    read only this. Narrowest first.

    SENTENCE and PARAGRAPH promise: run on a stretch of whole paragraphs cut out of a document at a line break
    between paragraphs (with the document's masking and paragraph spans: linter/text/chunks.py), the rule finds
    exactly what it finds in the whole document inside that stretch. So it reads only the paragraphs (or the
    sentence) its findings are in, and nothing it matches reaches across a line break between paragraphs. The
    language server re-runs such rules only on the chunks an edit changed; a very large text's windows find
    what the whole would. A kind whose options can break that (a regex that can match a line break, a phrase
    that can span one) says DOCUMENT for those rules. DOCUMENT_START: the rule reports at the document's start
    only (a very large text reports it in its first window only). DOCUMENT, the default, is always safe.
    """

    SENTENCE = "sentence"
    PARAGRAPH = "paragraph"
    DOCUMENT_START = "document-start"
    DOCUMENT = "document"

    @property
    def local(self) -> bool:
        """Whether the findings depend only on the paragraphs they are in (SENTENCE or PARAGRAPH)."""
        return self is Scope.SENTENCE or self is Scope.PARAGRAPH

    @staticmethod
    def widest(scopes: Iterable[Scope]) -> Scope:
        """The widest of ``scopes`` (a checker of several rules has the widest of theirs); DOCUMENT if none."""
        order = list(Scope)
        return max(scopes, key=order.index, default=Scope.DOCUMENT)


def _document(rule: Rule) -> Scope:
    return Scope.DOCUMENT


@dataclass(frozen=True)
class ConfigTable:
    """A table of the config file that a kind reads (``languagetool:``): its keys, each with its types and a
    line on what it sets, and ``validate(key, value)``, which raises ValueError saying what is wrong with a
    value of the right type. core/config.py checks, validates and merges every kind's table layer over layer
    (errors name file, line and ``table.key``); the kind reads the result with ``Settings.table(name)``."""

    name: str
    doc: str
    keys: Mapping[str, tuple[tuple[type, ...], str]]
    validate: Callable[[str, Any], None] = lambda key, value: None


@dataclass(frozen=True)
class GlossaryEntry:
    """A glossary's term: a ``source`` term and the ``targets`` one of which must translate it; ``language`` is the
    source term's ISO 639-1 language ('' when the glossary does not say: any source language)."""

    source: str
    targets: tuple[str, ...]
    language: str = ""


@dataclass(frozen=True)
class CompileContext:
    """What ``Kind.compile_configured`` gets besides the rules it compiles: the run's settings, every rule
    loaded (selected or not: a backend kind's known words come from the other kinds' rules), the kinds, and the
    rules selected (a spelling rule takes its dialect from a selected style profile)."""

    settings: Settings | None
    rules: tuple[Rule, ...] = ()
    kinds: Mapping[str, Kind] = field(default_factory=dict)  # the registry (linter/kinds/__init__.py)
    glossary: tuple[GlossaryEntry, ...] = ()  # the configured glossary's entries (config key ``glossary``)
    selected: tuple[Rule, ...] = ()  # the rules the run selected (a spelling rule reads a style profile's dialect)

    def names(self) -> Iterable[str]:
        """The proper names every loaded rule lists, as its kind says (``Kind.names``)."""
        for rule in self.rules:
            kind = self.kinds.get(rule.kind)
            if kind is not None:
                yield from kind.names(rule)

    def replaced(self) -> Iterable[str]:
        """What the loaded rules replace, as their kinds say (``Kind.replaces``: Kiev, Kharkov)."""
        for rule in self.rules:
            kind = self.kinds.get(rule.kind)
            if kind is not None:
                yield from kind.replaces(rule)


@dataclass(frozen=True)
class Kind:
    """A rule kind: its name, its options and how it turns rules into checkers.

    ``validate`` gets one rule's options (defaults filled in) and raises OptionError;
    ``compile`` gets every selected rule of the kind at once, so a kind may fuse them
    into one pass over the text. ``compile_configured``, when set, is used instead and also
    gets a CompileContext (the run's Settings, for a backend's address, and every loaded rule).
    ``code_prefix`` is set by kinds whose findings carry their own codes (``LT:``): selectors with
    that prefix name those findings. ``config`` is the config table the kind reads, if any.
    ``scope`` says, rule by rule, what a rule's findings depend on (``Scope``; DOCUMENT unless the kind says).
    ``fix_safety`` says what holds for every fix of the kind (the rule docs' "Fix safety" for a rule whose
    pack gives no ``fix.why``); ``lowers_fix(options)`` says whether a rule's findings may lower their own fix
    (``Finding.applicability``): a shipped rule for which it holds says when, in its own ``fix.why``.
    ``names(rule)`` gives the names a rule lists (the place names of a term or capitalisation rule), which a
    spelling backend must not flag; ``replaces(rule)``, those of them the rule replaces (a term rule's outdated
    forms: Kiev, Kharkov), which a spelling rule must not suggest.
    """

    name: str
    summary: str
    options: Mapping[str, Option]
    compile: Callable[[list[Rule]], list[Checker]]
    validate: Callable[[Mapping[str, Any]], None] = lambda options: None
    placeholders: tuple[str, ...] = ("match", "replacement")
    compile_configured: Callable[[list[Rule], CompileContext], list[Checker]] | None = None
    code_prefix: str = ""
    config: ConfigTable | None = None
    scope: Callable[[Rule], Scope] = _document  # what one rule's findings depend on, from its options (Scope)
    fix_safety: str = ""
    lowers_fix: Callable[[Mapping[str, Any]], bool] = lambda options: False
    names: Callable[[Rule], Iterable[str]] = lambda rule: ()  # the proper names a rule lists (see above)
    replaces: Callable[[Rule], Iterable[str]] = lambda rule: ()  # what a rule replaces (see above)
    bilingual: bool = False  # its rules read the source of a translation, and run only when there is one
    # what running this kind's examples needs that `copydesk test-pack` cannot give ("" for nothing): the cases
    # are then skipped with this reason there, and the test suite runs them against a stand-in
    examples_need: str = ""


def check_listed(options: Mapping[str, Any], key: str, choices: tuple[str, ...]) -> None:
    """The option ``key`` is a non-empty list of some of ``choices``, or OptionError."""
    listed = options[key]
    if not listed or not all(c in choices for c in listed):
        raise OptionError(key, f"must list some of {', '.join(choices)}")


def compile_regex(pattern: str, key: str, flags: int = 0) -> regex.Pattern:
    """Compile a user regex (V1 syntax off, Unicode on) or raise OptionError naming ``key``."""
    try:
        return regexes.compile(pattern, flags)
    except (regex.error, TypeError, ValueError, OverflowError) as exc:
        raise OptionError(key, f"regular expression does not compile: {exc}") from None


# The regex flags a pack may name. Their bits are the same in `regex` and in the standard library's `re`, whose
# parser the analyses of a pattern use (prefilter.py, locality.py).
FLAGS = {"ignorecase": regex.I, "multiline": regex.M, "dotall": regex.S, "verbose": regex.X}
FLAG_CHOICES = tuple(FLAGS)


def flags_from(names: Iterable[str]) -> int:
    """The bits of the flags ``names`` (a rule's ``flags``)."""
    value = 0
    for name in names:
        value |= FLAGS[name]
    return value


def stdlib_flags(flags: int) -> int:
    """The bits of ``flags`` that the standard library's regex parser reads too (the others are `regex`'s own)."""
    return flags & (regex.I | regex.M | regex.S | regex.X)


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
