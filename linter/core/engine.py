"""The rule engine: select rules, compile them once, and turn a document into diagnostics."""

from __future__ import annotations

import functools
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from linter.core import fixer, suppressions
from linter.core.config import Settings
from linter.core.packs import Pack, builtin_paths, load_packs
from linter.core.selection import covers_rule, finding_matches, names_findings_only, select_rules, selector_matches
from linter.kept import store
from linter.kept.hashing import key_hash
from linter.kinds import KINDS, Checker, Finding, Notice, Scope
from linter.kinds.base import CompileContext, GlossaryEntry
from linter.model.diagnostics import Applicability, Diagnostic, Edit, Fix, Reason, Severity
from linter.model.messages import render
from linter.model.rules import Rule
from linter.text import masking, quotes, segment, windows
from linter.text.document import Document, format_for_path
from linter.version import VERSION

UNUSED_SUPPRESSION = ("CD001", "unused-suppression", "copydesk")
RULE_FAILURE = "rule-failure"
# what faces report once when a source is given whose language cannot be told
UNDETECTED_SOURCE = Notice("bilingual", "the source's language could not be detected: the bilingual rules were "
                           "skipped (give it: source_language / --source-language)")


@dataclass(frozen=True)
class CheckResult:
    diagnostics: list[Diagnostic]
    unused_suppressions: list[Diagnostic] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)  # backend problems, reported once per run by faces


class Linter:
    """Selected, compiled rules. Build one per configuration and reuse it for every text."""

    def __init__(self, settings: Settings, pack_paths: Sequence[str] | None = None,
                 packs: Sequence[Pack] | None = None):
        """``packs``, when given, are the rules to choose from, already loaded (an example case's rule with
        its own options); otherwise the packs at ``pack_paths`` (default: the shipped ones) and the
        settings' ``extend-packs``."""
        self.settings = settings
        if packs is not None:
            self.packs = list(packs)
        else:
            paths = list(pack_paths) if pack_paths is not None else [str(p) for p in builtin_paths()]
            self.packs = load_packs([*paths, *settings.extend_packs])
        self.all_rules: tuple[Rule, ...] = tuple(r for p in self.packs for r in p.rules)
        self.rules: tuple[Rule, ...] = tuple(select_rules(self.all_rules, settings))
        self.by_code = {r.code: r for r in self.all_rules}
        self._severity = {
            r.code: next((Severity(level) for s, level in reversed(settings.severity)
                          if covers_rule(s, r)), r.severity)
            for r in self.rules
        }
        # rules selected only by selectors naming some of their findings (select: [LT:EN_A_VS_AN])
        self._narrowed: dict[str, tuple[str, ...]] = {}
        for r in self.rules:
            if KINDS[r.kind].code_prefix and (settings.select is not None or not r.enabled):
                chosen_by = [s for s in (*(settings.select or ()), *settings.extend_select)
                             if selector_matches(s, r, explicit_only=not r.enabled)]
                if chosen_by and all(names_findings_only(s, r) for s in chosen_by):
                    self._narrowed[r.code] = tuple(chosen_by)
        by_kind: dict[str, list[Rule]] = defaultdict(list)
        for rule in self.rules:
            by_kind[rule.kind].append(rule)
        self._by_kind = dict(by_kind)
        # Backend kinds (compile_configured) are compiled now: their checkers' fingerprints key the result
        # cache. The others are compiled at the first check (``checkers``), so a run whose results all
        # come from the result cache compiles nothing.
        # every loaded rule (a backend's known words), the selected ones (a spelling rule's style profile) and the
        # configured glossary (a bad one is a ConfigError now)
        context = CompileContext(settings, self.all_rules, KINDS, selected=self.rules,
                                 glossary=_glossary(settings.glossary) if settings.glossary else ())
        self._backends: dict[str, list[Checker]] = {
            kind: list(KINDS[kind].compile_configured(rules, context))  # type: ignore[misc]
            for kind, rules in self._by_kind.items() if KINDS[kind].compile_configured
        }
        self._ignores: list[tuple[Path, Any, tuple[str, ...]]] = []
        if settings.per_file_ignores:
            from linter.core.globs import Glob  # only configurations with per-file-ignores need it

            self._ignores = [(Path(root).resolve(), Glob(glob, "per-file-ignores"), selectors)
                             for root, glob, selectors in settings.per_file_ignores]

    @functools.cached_property
    def checkers(self) -> list[Checker]:
        """The compiled rules, one checker per rule or per fused group, in selection order by kind."""
        checkers = [
            checker for kind, rules in self._by_kind.items()
            for checker in (self._backends[kind] if kind in self._backends else KINDS[kind].compile(rules))
        ]
        store.flush()  # what compiling derived (regexes, their literals) is read back by the next process
        return checkers

    @functools.cached_property
    def _bilingual(self) -> frozenset[int]:
        """The indices into ``checkers`` of those that read a translation's source (their kind is ``bilingual``)."""
        return frozenset(i for i, c in enumerate(self.checkers) if any(KINDS[r.kind].bilingual for r in c.rules))

    @functools.cached_property
    def _monolingual(self) -> tuple[tuple[int, Checker], ...]:
        """``enumerate(checkers)`` without the bilingual ones: what a document without a source is checked by."""
        return tuple((i, c) for i, c in enumerate(self.checkers) if i not in self._bilingual)

    @property
    def fingerprint(self) -> str:
        """Changes whenever what this linter reports could change: version, pack contents, selection, and
        the configuration and address of backend checkers (``checker.fingerprint``, which may depend on
        the environment, so it is not cached)."""
        backends = repr([getattr(c, "fingerprint", "") for cs in self._backends.values() for c in cs])
        return key_hash((self._rules_fingerprint + backends).encode()).hexdigest()

    @functools.cached_property
    def _rules_fingerprint(self) -> str:
        digest = key_hash(VERSION.encode())
        for pack in self.packs:
            try:
                digest.update(Path(pack.file).read_bytes())
            except OSError:
                digest.update(pack.file.encode())
        digest.update(repr(sorted((r.code, self._severity[r.code].value) for r in self.rules)).encode())
        # selectors and severities can name findings with their own codes (LT:EN_A_VS_AN)
        digest.update(repr((self.settings.ignore, self.settings.severity, sorted(self._narrowed.items()),
                            self.settings.min_severity.value)).encode())
        return digest.hexdigest()

    def find_rule(self, selector: str) -> Rule | None:
        return self.by_code.get(selector) or next((r for r in self.all_rules if r.name == selector), None)

    def check(self, doc: Document) -> CheckResult:
        diagnostics, notices = self._findings(doc)
        return self._suppressed(doc.text, diagnostics, notices)

    def check_found(self, doc: Document, found: Mapping[int, Sequence[Finding | Notice | Diagnostic]],
                    diagnose: Callable[[Document, Finding], Diagnostic | None] | None = None) -> CheckResult:
        """``check(doc)``, with what some checkers (indices into ``checkers``) found on ``doc`` already given in
        ``found`` rather than found again: the language server keeps the findings of local checkers per chunk
        (linter/core/incremental.py). ``diagnose``, when given, stands for ``_diagnostic`` (it may give one kept
        from an earlier version of the document: it must give what ``_diagnostic`` gives). A Diagnostic in ``found``
        is a finding's diagnostic made already, in the finding's place: it must be what ``_diagnostic`` gives for a
        finding that neither per-file ignores nor ``_keeps`` would drop."""
        diagnostics, notices = self._findings(doc, found, diagnose)
        if doc.mask_index.rechecks_may_be_refused(len(doc.text)):
            # Fixes checked against the whole text share a budget per document; once it may have run out, which
            # fixes got checked depends on the order the findings came in, which may differ here. Do it the plain way.
            return self.check(Document(doc.text, doc.path, doc.format, source=doc.source,
                                       source_language=doc.source_language))
        return self._suppressed(doc.text, diagnostics, notices)

    def check_text(self, text: str, path: str | None = None, format: str | None = None, *,
                   source: str | None = None, source_language: str | None = None) -> CheckResult:
        """``check`` of the text as a document; a very large text is checked in windows (linter/text/windows.py).

        With ``source`` (the text ``text`` translates; its ISO 639-1 ``source_language``, detected when not given,
        languages.UnknownLanguage when it is no such code) the bilingual rules run too, on the whole text."""
        fmt = format
        if source is not None or source_language is not None or len(text) <= windows.LARGE_TEXT:
            return self.check(Document.from_text(text, path, fmt, source=source, source_language=source_language))
        fmt = fmt or format_for_path(path)
        parts = ((start, text[start:end]) for start, end in windows.cuts(text, fmt))
        return self._suppressed(text, *self._windows_found(parts, path, fmt))

    def each_window(self, parts: Iterable[tuple[int, str]], path: str | None, fmt: str
                    ) -> Iterator[tuple[int, list[Diagnostic], list[Notice]]]:
        """What the checkers find in a very large text given as its windows (offset, text), each linted as a
        document of its own (linter/text/windows.py), a window at a time: each window's offset, its diagnostics
        (sorted, at or above min-severity, with offsets into the window: ``Diagnostic.shifted`` by the offset puts
        them in the whole text) and its notices, as soon as it is linted, for a caller that keeps them packed
        (linter/io/streamed.py). Suppression comments are not applied."""
        for start, found, noticed in self._window_findings(parts, path, fmt):
            yield start, self._shown(found), noticed

    def _windows_found(self, parts: Iterable[tuple[int, str]], path: str | None, fmt: str
                       ) -> tuple[list[Diagnostic], list[Notice]]:
        diagnostics: list[Diagnostic] = []
        notices: dict[Notice, None] = {}
        for start, found, noticed in self._window_findings(parts, path, fmt):
            diagnostics += (d.shifted(start) for d in found)
            notices.update(dict.fromkeys(noticed))
        return diagnostics, list(notices)

    def _window_findings(self, parts: Iterable[tuple[int, str]], path: str | None, fmt: str
                         ) -> Iterator[tuple[int, list[Diagnostic], list[Notice]]]:
        at_start = {r.code for r in self.rules if KINDS[r.kind].scope(r) is Scope.DOCUMENT_START}
        for start, part in parts:
            found, noticed = self._findings(Document(part, path, fmt, window=True))
            yield start, [d for d in found if d.code not in at_start] if start else found, noticed

    def _findings(self, doc: Document, given: Mapping[int, Sequence[Finding | Notice | Diagnostic]] | None = None,
                  diagnose: Callable[[Document, Finding], Diagnostic | None] | None = None
                  ) -> tuple[list[Diagnostic], list[Notice]]:
        """What the checkers find (or, for those in ``given``, found already), as sorted diagnostics (before
        suppression comments), and their notices."""
        diagnose = diagnose or self._diagnostic
        ignored = self.ignored_for(doc.path)
        diagnostics: list[Diagnostic] = []
        notices: list[Notice] = []
        if self._bilingual and doc.source is not None and doc.source_language is None:
            notices.append(UNDETECTED_SOURCE)
        # a bilingual rule reads the source: without one (or with its language unknown) only the others run
        for number, checker in enumerate(self.checkers) if doc.bilingual else self._monolingual:
            if ignored and all(any(covers_rule(s, r) for s in ignored) for r in checker.rules):
                continue
            try:
                findings = list(given[number]) if given is not None and number in given else list(checker.check(doc))
            except TimeoutError:
                diagnostics.extend(self._failure(r, "took too long on this text and was stopped (regex timeout)")
                                   for r in checker.rules)
                continue
            except Exception as exc:  # a bug in one rule must not stop the others
                diagnostics.extend(self._failure(r, f"failed on this text: {type(exc).__name__}: {exc}")
                                   for r in checker.rules)
                continue
            for finding in findings:
                if isinstance(finding, Notice):
                    notices.append(finding)
                    continue
                if type(finding) is Diagnostic:  # made already (``check_found``)
                    diagnostics.append(finding)
                    continue
                if ignored and any(finding_matches(s, finding) for s in ignored):
                    continue
                if finding.code is not None and not self._keeps(finding):
                    continue
                diag = diagnose(doc, finding)
                if diag is not None:
                    diagnostics.append(diag)
        diagnostics.sort(key=Diagnostic.sort_key)
        store.flush()  # the patterns the rules compiled at their first use, for the next process
        return diagnostics, notices

    def _shown(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        """The diagnostics at or above ``min-severity``: those below it are neither shown nor fixed."""
        floor = self.settings.min_severity
        if floor is Severity.INFO:
            return diagnostics
        return [d for d in diagnostics if d.severity.reaches(floor)]

    def _suppressed(self, text: str, diagnostics: list[Diagnostic], notices: list[Notice]) -> CheckResult:
        # suppression comments apply first, so that one naming a finding below min-severity is not "unused"
        kept, unused = suppressions.apply(text, diagnostics)
        unused_diags = [
            Diagnostic(*UNUSED_SUPPRESSION, Severity.WARNING,
                       f"suppression comment suppressed nothing ({' '.join(d.selectors) or 'all rules'})",
                       d.start, d.end,
                       fix=Fix((Edit(d.start, d.end, ""),), Applicability.UNSAFE))
            for d in unused
        ]
        return CheckResult(self._shown(kept), self._shown(unused_diags), notices)

    def _keeps(self, finding: Finding) -> bool:
        """Selection and ignores for a finding with its own code (``LT:EN_A_VS_AN``)."""
        if any(finding_matches(s, finding) for s in self.settings.ignore):
            return False
        narrowed = self._narrowed.get(finding.rule.code)
        return narrowed is None or any(finding_matches(s, finding) for s in narrowed)

    def ignored_for(self, path: str | None) -> list[str]:
        """Selectors that per-file-ignores turn off for ``path``."""
        if not path or not self._ignores:
            return []
        resolved = Path(path).resolve()
        ignored: list[str] = []
        for root, spec, selectors in self._ignores:
            try:
                relative = resolved.relative_to(root).as_posix()
            except ValueError:
                relative = Path(path).as_posix()
            if spec.matches(relative):
                ignored.extend(selectors)
        return ignored

    def _failure(self, rule: Rule, what: str) -> Diagnostic:
        return Diagnostic(rule.code, rule.name, rule.pack, Severity.ERROR, f"rule {rule.code} ({rule.name}) {what}",
                          0, 0)

    def _diagnostic(self, doc: Document, finding: Finding) -> Diagnostic | None:
        rule = finding.rule
        start, end = finding.start, finding.end
        if doc.mask_index.touches(start, end):
            return None
        matched = doc.text[start:end]
        suggestions = tuple(map(_shared, finding.suggestions))
        note = ""
        if not all(fixer.replacement_fits(end - start, len(s)) for s in suggestions) or (finding.edits and not all(
                fixer.replacement_fits(e.end - e.start, len(e.text)) for e in finding.edits)):
            finding = replace(finding, edits=())  # past the cap on one fix's growth: no fix, nor a suggestion
            suggestions = ()
            note = Reason.TOO_LONG
        elif finding.edits == () and suggestions:  # the kind keeps its suggestion from being applied
            note = _lowered(doc, start)
        values = {"match": matched, "replacement": suggestions[0] if suggestions else "", **finding.values}
        message = _shared(render(rule.message, values))
        fix = None
        if finding.edits is not None:
            edits = finding.edits
        elif suggestions:
            edits = (Edit(start, end, suggestions[0]),)
        else:
            edits = ()
        edits = tuple(e for e in edits if doc.text[e.start:e.end] != e.text)  # a fix that changes nothing is none
        if edits and not any(doc.mask_index.touches(e.start, e.end) for e in edits) \
                and masking.edits_keep_masks(doc.text, doc.format, doc.mask_index, edits):
            own = rule.fix or Applicability.DISPLAY_ONLY
            applicability = own.at_most(finding.applicability)
            if len(suggestions) > 1:
                applicability = Applicability.DISPLAY_ONLY
                note = Reason.CANDIDATES
            elif applicability is Applicability.SAFE and any(
                    _has_line_break(doc.text, e.start, e.end)
                    and segment.joins_paragraphs(doc.paragraphs, e.start, e.end, e.text) for e in edits):
                applicability = Applicability.UNSAFE  # a safe fix never joins two paragraphs (a headline and its text)
                note = Reason.PARAGRAPHS
            elif applicability is not own:  # the kind lowered this finding's fix
                note = _lowered(doc, start)
            elif applicability is not Applicability.SAFE:
                note = Reason.UNSAFE if applicability is Applicability.UNSAFE else Reason.SUGGESTION
            fix = Fix(tuple(edits), applicability)
        elif edits:
            note = Reason.MARKUP
        severity = self._severity[rule.code]
        if finding.code is not None or finding.severity is not None:
            severity = next((Severity(level) for s, level in reversed(self.settings.severity)
                             if finding_matches(s, finding)), finding.severity or rule.severity)
        return Diagnostic(finding.code or rule.code, finding.name or rule.name, rule.pack, severity, message,
                          start, end, fix=fix, suggestions=suggestions, note=note and _shared(str(note)))


def _lowered(doc: Document, start: int) -> Reason:
    """Why a kind kept a finding's fix from being applied: the finding is inside a quotation (the speaker's words),
    or the kind doubted this case (a set form, a name)."""
    return Reason.QUOTATION if quotes.quote_index(doc).inside(start) else Reason.DOUBT


def _has_line_break(text: str, start: int, end: int) -> bool:
    return text.find("\n", start, end) >= 0 or text.find("\r", start, end) >= 0


def _shared(text: str) -> str:
    """One copy of a message or suggestion that a large text gets thousands of times."""
    return sys.intern(text) if type(text) is str else text


def _glossary(path: str) -> tuple[GlossaryEntry, ...]:
    """The configured glossary's entries (its reader, and csv, are imported only when one is configured)."""
    from linter.core import glossary

    return glossary.load(path)


@functools.lru_cache(maxsize=32)
def linter_for(settings: Settings) -> Linter:
    """One compiled Linter per configuration (settings are immutable and hashable)."""
    return Linter(settings)
