"""Check a translation file unit by unit, each target with its source, and put findings and fixes in the file's text.

Each unit's target is checked as a text of its own with its source and the file's source language
(linter/io/tmfiles.py reads the units). A finding lands on the characters of the file that hold the target
characters it names; a fix becomes an edit of those characters, its text escaped as the format wants (``&amp;`` in
XML, ``\\"`` in PO, nothing inside a CDATA section). A fix is dropped, the finding kept, where it would cross markup
inside the target (``<g>``), an escape it cannot rewrite, or a unit whose target could not be located.

Fixed files are written back by splicing (translate-toolkit reserialises a whole XLIFF 1.2 file and rewraps a changed
PO string; docs/reliability.md): ``verify`` re-reads the fixed text through translate-toolkit and refuses it unless the
units, their ids and sources are the same and every character outside the targets is as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from linter.core.engine import CheckResult, Linter
from linter.io.reading import ArticleError
from linter.io.results import SourceSpan
from linter.io.tmfiles import TranslationFile, Unit, read_units
from linter.kinds.base import Notice
from linter.model.diagnostics import Diagnostic, Edit, Fix
from linter.text import languages

CheckFunction = Callable[[Linter, str, "str | None", "str | None", "str | None"], CheckResult]


@dataclass(frozen=True)
class Checked:
    diagnostics: list[Diagnostic]  # in the file's text
    notices: list[Notice]
    sources: tuple[SourceSpan, ...]


def primary_language(code: str | None) -> str | None:
    """``zh`` for ``zh-CN`` or ``zh_Hans``: the ISO 639-1 part of a language tag, lower case; None for none."""
    if not code:
        return None
    return code.replace("_", "-").split("-", 1)[0].strip().lower() or None


def check_units(linter: Linter, text: str, path: str, source_language: str | None = None,
                check: CheckFunction | None = None) -> Checked:
    """The findings of every unit of the translation file ``text``, placed in it; ArticleError for a file that
    cannot be read. ``source_language`` is used when the file declares none; ``check`` checks one target with its
    source (default: ``check_pair``)."""
    read = read_units(path, text)
    declared = primary_language(read.source_language)
    # a language the file declares and copydesk does not know is detected from each source instead
    language = declared if declared and languages.known(declared) else source_language
    check = check or check_pair
    diagnostics: list[Diagnostic] = []
    notices: dict[Notice, None] = {}
    for unit in read.units:
        result = check(linter, unit.target, path, unit.source, language)
        notices.update(dict.fromkeys(result.notices))
        diagnostics.extend(place(unit, d, read.kind) for d in result.diagnostics)
    diagnostics.sort(key=Diagnostic.sort_key)
    spans = tuple(SourceSpan(u.start, u.end, u.source, u.id, language, u.line, u.target) for u in read.units)
    return Checked(diagnostics, list(notices), spans)


def check_pair(linter: Linter, target: str, path: str | None, source: str | None, language: str | None
               ) -> CheckResult:
    """One target checked with its source (the bilingual rules run only when a source is given)."""
    if source is None:
        return linter.check_text(target, path, "text")
    return linter.check_text(target, path, "text", source=source, source_language=language)


def place(unit: Unit, diag: Diagnostic, kind: str) -> Diagnostic:
    """``diag``, found in ``unit``'s target, put on the file's characters that hold it (with its fix when that can
    be written there; otherwise without)."""
    if not unit.located:
        return replace(diag, start=unit.start, end=unit.start, fix=None)
    start = _point(unit, diag.start)
    end = unit.ends[diag.end - 1] if diag.end > diag.start else start
    fix = None
    if diag.fix is not None:
        edits = [_edit(unit, e, kind) for e in diag.fix.edits]
        if all(e is not None for e in edits):
            fix = Fix(tuple(e for e in edits if e is not None), diag.fix.applicability)
    return replace(diag, start=start, end=end, fix=fix)


def _point(unit: Unit, offset: int) -> int:
    return unit.starts[offset] if offset < len(unit.starts) else unit.ends[-1]


def _edit(unit: Unit, edit: Edit, kind: str) -> Edit | None:
    """The edit of the file that makes ``edit`` of the target; None where it cannot be made without touching
    markup or splitting an escape."""
    first, last = edit.start, edit.end
    if first == last:  # an insertion: between two characters with nothing between them in the file
        if 0 < first < len(unit.starts) and unit.ends[first - 1] != unit.starts[first]:
            return None
        cdata = unit.cdata[min(first, len(unit.cdata) - 1)]
        text = _escaped(edit.text, kind, cdata)
        return None if text is None else Edit(_point(unit, first), _point(unit, first), text)
    if any(unit.ends[k] != unit.starts[k + 1] for k in range(first, last - 1)):
        return None  # markup between the characters the edit replaces
    kinds = set(unit.cdata[first:last])
    if len(kinds) != 1:
        return None
    text = _escaped(edit.text, kind, kinds.pop())
    return None if text is None else Edit(unit.starts[first], unit.ends[last - 1], text)


def _escaped(text: str, kind: str, cdata: bool) -> str | None:
    """``text`` as the file must hold it; None when it cannot hold it there."""
    if kind == "po":
        from translate.storage.pypo import escapeforpo

        return escapeforpo(text)
    if cdata:
        return None if "]]>" in text else text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def verify(path: str, before: str, after: str) -> TranslationFile:
    """The fixed file read back; ArticleError unless it reads as the same units (ids, sources) and every character
    outside their targets is as it was."""
    old = read_units(path, before)
    try:
        new = read_units(path, after)
    except ArticleError as exc:
        raise ArticleError(path, f"the fixed file would not read back ({exc.message}); not written") from None
    if [(u.id, u.source) for u in old.units] != [(u.id, u.source) for u in new.units]:
        raise ArticleError(path, "the fixed file would not hold the same units; not written")
    if _outside(before, old.units) != _outside(after, new.units):
        raise ArticleError(path, "the fix would change the file outside the targets; not written")
    return new


def _outside(text: str, units: Sequence[Unit]) -> list[str]:
    """The file's text between its units' targets."""
    parts, position = [], 0
    for unit in units:
        parts.append(text[position:unit.start])
        position = unit.end
    parts.append(text[position:])
    return parts
