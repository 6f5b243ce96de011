"""A baseline of accepted findings (`check --baseline FILE`): its file, the key of a finding, and matching them.

An old archive can adopt copydesk without fixing every old finding first (as detekt, PHPStan and betterer do):
``--update-baseline FILE`` records today's findings, and ``--baseline FILE`` then reports only findings that
are not recorded, and lists recorded ones that no longer occur, so that the file can shrink.

A finding is keyed by what survives edits elsewhere in its file: the rule's code, the file's path relative to
the baseline's folder, the finding's text and a few words around it on its line (whitespace collapsed), and
its occurrence among findings with the same key (the second "Kiev" in the same words is occurrence 1). Never
the line number: a paragraph added above a recorded finding leaves it recorded.

The file is JSON with a version, one finding per line, sorted, so that it is stable from run to run and its
diffs are readable; it is written atomically (linter/io/writing.py). A file that is not a baseline of this
version is a ``BaselineError`` naming it.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from linter.core.regular_files import NotRegularFile, TooLarge, read_regular
from linter.io.reading import Article, ArticleError, FileError
from linter.io.results import FileResult
from linter.io.writing import create_new, write_atomic
from linter.model.diagnostics import Diagnostic

FORMAT_VERSION = 1
LIMIT = 256 * 1024 * 1024  # bytes; a baseline of a very large archive, not a device read until memory runs out
CONTEXT_WORDS = 3  # words kept on each side of a finding
_CONTEXT_CHARS = 120  # how far to look on each side for those words
_LINE_BREAK = re.compile(r"[\n\r\u2028\u2029\x0b\x0c\x1c-\x1e\x85]")
_SPACE = re.compile(r"\s+")
_FIELDS = ("rule", "path", "match", "before", "after", "occurrence")


class BaselineError(FileError):
    """A baseline file that cannot be read or written; ``str()`` names the file."""


@dataclass(frozen=True, order=True)
class Entry:
    """One recorded finding. ``path`` is relative to the baseline's folder, with ``/`` between folders."""

    path: str
    rule: str
    match: str
    before: str
    after: str
    occurrence: int

    def describe(self) -> str:
        """``articles/a.md: CD101 "Kiev" (in "embassy in Kiev closed.")``: for the list of entries gone."""
        around = " ".join(p for p in (self.before, self.match, self.after) if p)
        return f'{self.path}: {self.rule} "{self.match}" (in "{around}")'


@dataclass(frozen=True)
class Baseline:
    """A baseline file's findings; ``file`` is its absolute path, whose folder paths are relative to."""

    file: str
    entries: frozenset[Entry] = frozenset()

    @property
    def folder(self) -> str:
        return os.path.dirname(self.file)

    def relative(self, path: str) -> str:
        """``path`` as the baseline records it: relative to the baseline's folder, ``/`` between folders."""
        return os.path.relpath(os.path.abspath(path), self.folder).replace(os.sep, "/")


@dataclass(frozen=True)
class Matched:
    """What a baseline did to a run's results: ``results`` without the recorded findings, how many those were,
    the recorded findings of the files checked that no longer occur, and every finding of the run as an entry
    (what ``--update-baseline`` records)."""

    results: list[FileResult]
    suppressed: int
    gone: list[Entry]
    current: list[Entry]


def keyed(text: str, diagnostics: Sequence[Diagnostic], path: str) -> list[tuple[Entry, Diagnostic]]:
    """Each finding of ``text`` with its entry; ``path`` as the baseline records it."""
    counts: Counter[tuple[str, str, str, str]] = Counter()
    out = []
    for diag in sorted(diagnostics, key=lambda d: d.sort_key()):
        match, before, after = _words(text, diag.start, diag.end)
        key = (diag.code, match, before, after)
        out.append((Entry(path, diag.code, match, before, after, counts[key]), diag))
        counts[key] += 1
    return out


def _words(text: str, start: int, end: int) -> tuple[str, str, str]:
    """The finding's text and up to CONTEXT_WORDS words each side of it on its line, whitespace collapsed."""
    match = _SPACE.sub(" ", str(text[start:end])).strip()
    head_start, tail_end = max(0, start - _CONTEXT_CHARS), min(len(text), end + _CONTEXT_CHARS)
    head_lines = _LINE_BREAK.split(str(text[head_start:start]))
    tail_lines = _LINE_BREAK.split(str(text[end:tail_end]))
    before, after = head_lines[-1].split(), tail_lines[0].split()
    # a window that ends mid-line may cut a word in two: leave that word out
    if len(head_lines) == 1 and head_start > 0 and _joined(str(text[head_start - 1:head_start + 1])):
        before = before[1:]
    if len(tail_lines) == 1 and tail_end < len(text) and _joined(str(text[tail_end - 1:tail_end + 1])):
        after = after[:-1]
    return match, " ".join(before[-CONTEXT_WORDS:]), " ".join(after[:CONTEXT_WORDS])


def _joined(pair: str) -> bool:
    return not any(c.isspace() for c in pair)


def match(baseline: Baseline, results: Sequence[FileResult]) -> Matched:
    """``results`` without the findings ``baseline`` records; with the recorded findings that are gone (of the
    files checked, and of files that no longer exist) and every finding of the run as an entry."""
    recorded = baseline.entries
    kept_results: list[FileResult] = []
    suppressed = 0
    current: list[Entry] = []
    checked: set[str] = set()
    found: set[Entry] = set()
    for result in results:
        if result.error or result.path == "-" or not result.diagnostics:
            if not result.error and result.path != "-":
                checked.add(baseline.relative(result.path))
            kept_results.append(result)
            continue
        path = baseline.relative(result.path)
        checked.add(path)
        pairs = keyed(result.text, result.diagnostics, path)
        current.extend(entry for entry, _ in pairs)
        left = [diag for entry, diag in pairs if entry not in recorded]
        found.update(entry for entry, _ in pairs if entry in recorded)
        suppressed += len(pairs) - len(left)
        kept_results.append(replace(result, diagnostics=sorted(left, key=lambda d: d.sort_key()))
                            if len(left) != len(pairs) else result)
    gone = sorted(e for e in recorded - found
                  if e.path in checked or not os.path.exists(os.path.join(baseline.folder, e.path)))
    return Matched(kept_results, suppressed, gone, sorted(current))


def updated(baseline: Baseline, matched: Matched, checked: Iterable[str]) -> Baseline:
    """The baseline as ``--update-baseline`` writes it: today's findings of the files checked, the recorded
    findings of other files that still exist kept, the gone ones dropped."""
    paths = {baseline.relative(p) for p in checked}
    gone = set(matched.gone)
    kept = {e for e in baseline.entries if e.path not in paths and e not in gone}
    return Baseline(baseline.file, frozenset(kept | set(matched.current)))


def load(file: str, *, missing_ok: bool = False) -> Baseline:
    """The baseline at ``file``; BaselineError if it cannot be read or is not a baseline of this version.
    With ``missing_ok``, a file that does not exist is an empty baseline (``--update-baseline`` creates it)."""
    file = os.path.abspath(file)
    try:
        raw = read_regular(file, LIMIT)
    except FileNotFoundError:
        if missing_ok:
            return Baseline(file)
        raise BaselineError(file, "baseline file not found (record one with `copydesk check --update-baseline "
                                  "FILE`)") from None
    except NotRegularFile as exc:
        raise BaselineError(file, f"cannot read the baseline: {exc}") from None
    except TooLarge:
        raise BaselineError(file, f"the baseline is larger than {LIMIT // (1024 * 1024)} MiB") from None
    except OSError as exc:
        raise BaselineError(file, f"cannot read the baseline: {exc.strerror or exc}") from None
    return Baseline(file, frozenset(_parse(file, raw)))


def _parse(file: str, raw: bytes) -> list[Entry]:
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise BaselineError(file, f"not a baseline: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(file, f"not a baseline: invalid JSON at line {exc.lineno}, column {exc.colno}: "
                                  f"{exc.msg}") from None
    except RecursionError:
        raise BaselineError(file, "not a baseline: JSON nested too deeply") from None
    if not isinstance(data, dict) or "version" not in data or "findings" not in data:
        raise BaselineError(file, "not a baseline: expected a JSON object with 'version' and 'findings'")
    if data["version"] != FORMAT_VERSION:
        raise BaselineError(file, f"baseline version {data['version']!r}, but this copydesk reads version "
                                  f"{FORMAT_VERSION} (record it again with --update-baseline)")
    findings = data["findings"]
    if not isinstance(findings, list):
        raise BaselineError(file, "'findings' must be a list")
    entries = []
    for number, item in enumerate(findings, 1):
        if not isinstance(item, dict) or set(item) != set(_FIELDS):
            raise BaselineError(file, f"finding {number}: expected the keys {', '.join(_FIELDS)}")
        if not all(isinstance(item[k], str) for k in _FIELDS[:-1]) or type(item["occurrence"]) is not int \
                or item["occurrence"] < 0:
            raise BaselineError(file, f"finding {number}: 'occurrence' must be a whole number at least 0 and the "
                                      "other keys text")
        entries.append(Entry(item["path"], item["rule"], item["match"], item["before"], item["after"],
                             item["occurrence"]))
    return entries


def dumps(baseline: Baseline) -> str:
    """The baseline's file: JSON, one finding a line, sorted (stable across runs, readable diffs)."""
    lines = [json.dumps({k: getattr(e, k) for k in _FIELDS}, ensure_ascii=False) for e in sorted(baseline.entries)]
    body = ",\n".join(f"    {line}" for line in lines)
    findings = f"[\n{body}\n  ]" if lines else "[]"
    return f'{{\n  "version": {FORMAT_VERSION},\n  "findings": {findings}\n}}\n'


def save(baseline: Baseline) -> None:
    """Write the baseline atomically: a new file whole or not at all, an existing one replaced in one rename
    (its mode kept; never over an edit made meanwhile). BaselineError when it cannot be written."""
    file = baseline.file
    data = dumps(baseline)
    try:
        old = read_regular(file, LIMIT)
    except FileNotFoundError:
        old = None
    except (OSError, NotRegularFile, TooLarge) as exc:
        raise BaselineError(file, f"cannot write the baseline: {exc}") from None
    try:
        if old is None:
            create_new(file, data.encode("utf-8"))
        elif old != data.encode("utf-8"):
            write_atomic(Article(file, old.decode("utf-8", "surrogateescape"), False, old), data)
    except ArticleError as exc:
        raise BaselineError(file, exc.message) from None
    except OSError as exc:
        raise BaselineError(file, f"cannot write the baseline: {exc.strerror or exc}") from None
