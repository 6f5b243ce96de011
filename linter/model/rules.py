"""What a rule is once loaded from a pack: metadata, the kind's options, and examples; and the pack itself."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import regex

from linter.kept import regexes
from linter.model.diagnostics import Applicability, Severity

MARKER = regexes.compile(r"\[\[(.*?)\]\]", regex.S)


FAIL = "fail"
PASS = "pass"


@dataclass(frozen=True)
class Case:
    """One example of a rule, which is also one of its tests (sqlfluff's YAML rule cases).

    ``expect`` is FAIL (the text must be flagged, at the ``[[ ]]`` spans if it marks any) or PASS (it must
    not be). A plain string in a pack is a case with no ``id``, named by its position (``fail-0``); a
    mapping gives the case an ``id`` (a slug unique within the rule), and may give it ``options`` (the
    rule's kind options it overrides for this case only), a ``format`` (``text`` or ``markdown``) and a
    ``source`` with its ``source_language`` (for bilingual rules: the text the case's text translates).
    ``fixed`` is what fixing a fail case gives.
    """

    expect: str
    index: int  # the case's position among the rule's fail (or pass) examples
    text: str
    id: str = ""
    fixed: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    format: str = "text"
    source: str | None = None
    source_language: str | None = None

    @property
    def name(self) -> str:
        """``fail-kiev-embassy`` for a named case, ``fail-0`` for a plain string: a test's id after the code."""
        return f"{self.expect}-{self.id or self.index}"


class Examples:
    """Rule examples, which are also the rule's tests: ``cases``, the fail cases first, then the pass cases.

    ``fail`` texts must be flagged; a ``[[...]]`` marker, if present, gives the span that must
    be flagged (the marker is removed before linting). ``passing`` texts must not be flagged.
    ``fixed`` lists what fixing each fail case gives (parallel to ``fail`` for a fixable rule).

    A value, as a frozen dataclass of ``cases`` would be (equal and hashed by its cases). Examples read back from
    the pack cache (``kept``) build their cases when first asked: a check never reads them, and the 1,475 cases of
    the shipped packs cost about 2 ms of every start-up (issue 20); test-pack, docs, explain and the tests do.
    """

    __slots__ = ("_cases", "_kept")

    def __init__(self, cases: tuple[Case, ...] = ()):
        self._cases: tuple[Case, ...] | None = tuple(cases)
        self._kept: Callable[[], Iterable[Mapping[str, Any]]] | None = None

    @classmethod
    def kept(cls, entries: Callable[[], Iterable[Mapping[str, Any]]]) -> Examples:
        """Examples whose cases are ``Case(**entry)`` for each entry ``entries()`` gives (the pack cache's, read
        from their kept form), read and built when first asked for."""
        examples = cls()
        examples._cases, examples._kept = None, entries
        return examples

    @property
    def cases(self) -> tuple[Case, ...]:
        cases = self._cases
        if cases is None:  # the loader is kept: threads that race each build an equal tuple from it
            assert self._kept is not None
            cases = self._cases = tuple(Case(**entry) for entry in self._kept())
        return cases

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Examples):
            return NotImplemented
        return self.cases == other.cases

    def __hash__(self) -> int:
        return hash(self.cases)

    def __repr__(self) -> str:
        return f"Examples(cases={self.cases!r})"

    def __getstate__(self) -> tuple[Case, ...]:
        return self.cases

    def __setstate__(self, cases: tuple[Case, ...]) -> None:
        self._cases, self._kept = cases, None

    @classmethod
    def of(cls, fail: Iterable[str] = (), passing: Iterable[str] = (), fixed: Iterable[str] = ()) -> Examples:
        """Examples from plain texts, as a pack's lists of strings give them."""
        fixed = list(fixed)
        cases = [Case(FAIL, i, text, fixed=fixed[i] if i < len(fixed) else None) for i, text in enumerate(fail)]
        cases += [Case(PASS, i, text) for i, text in enumerate(passing)]
        return cls(tuple(cases))

    @property
    def failing(self) -> tuple[Case, ...]:
        return tuple(c for c in self.cases if c.expect == FAIL)

    @property
    def passing_cases(self) -> tuple[Case, ...]:
        return tuple(c for c in self.cases if c.expect == PASS)

    @property
    def fail(self) -> tuple[str, ...]:
        return tuple(c.text for c in self.failing)

    @property
    def passing(self) -> tuple[str, ...]:
        return tuple(c.text for c in self.passing_cases)

    @property
    def fixed(self) -> tuple[str, ...]:
        return tuple(c.fixed for c in self.failing if c.fixed is not None)

    @staticmethod
    def unmark(text: str) -> tuple[str, list[tuple[int, int]]]:
        """Remove ``[[ ]]`` markers; return the plain text and the marked spans."""
        spans: list[tuple[int, int]] = []
        out: list[str] = []
        pos = 0
        for m in MARKER.finditer(text):
            out.append(text[pos:m.start()])
            start = sum(len(p) for p in out)
            out.append(m.group(1))
            spans.append((start, start + len(m.group(1))))
            pos = m.end()
        out.append(text[pos:])
        return "".join(out), spans


@dataclass(frozen=True, eq=False)
class Rule:
    """A rule as loaded from its pack. Rules compare and hash by identity (one object per rule)."""

    code: str
    name: str
    pack: str
    kind: str
    severity: Severity
    message: str
    description: str
    fix: Applicability | None
    options: Mapping[str, Any]
    examples: Examples
    enabled: bool = True
    file: str = ""
    line: int = 0
    builtin: bool = False  # from a pack shipped with copydesk, set at load (a user pack's regexes run under a budget)
    fix_why: str = ""  # the pack's `fix: {why: ...}`: what could go wrong with the fix, when a finding lowers it
    what_it_flags: str = ""  # the pack's `what-it-flags`: what text this rule flags ("" when the pack does not say)
    use_instead: str = ""  # the pack's `use-instead`: the right copy, for rules whose examples show no fix

    @property
    def use_instead_case(self) -> Case | None:
        """The rule's `use-instead` text as a pass case (the rule must not flag the right copy); None without one.
        Its index follows the pack's pass cases, so its name (``pass-3``) is its own. For a rule whose fail cases
        translate a source (bilingual rules), it is the right translation of the first such case's source, and is
        checked and shown beside it, with that case's options."""
        if not self.use_instead:
            return None
        index = len(self.examples.passing_cases)
        translated = next((c for c in self.examples.cases if c.expect == FAIL and c.source is not None), None)
        if translated is None:
            return Case(PASS, index, self.use_instead)
        return Case(PASS, index, self.use_instead, options=translated.options, source=translated.source,
                    source_language=translated.source_language)

    def with_options(self, overrides: Mapping[str, Any]) -> Rule:
        """This rule with some of its kind options replaced (an example case's ``options``); the same rule
        when there are none."""
        return replace(self, options={**self.options, **overrides}) if overrides else self

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.file else "<built-in>"


@dataclass(frozen=True)
class Pack:
    """A rule pack as loaded from its file: the rules in the order the file gives them."""

    name: str
    description: str
    enabled: bool
    file: str
    rules: tuple[Rule, ...]
