"""JSONL corpora: lint a field of every record; report each record's findings at its line, and write the records
annotated beside the corpus, byte for byte (``fix``, or ``check --annotate``).

``process_record`` is the per-record function to map with any engine (Spark, Ray, datatrove, Dask);
``process_corpus`` streams a whole corpus through the local pool (linter/io/pool.py) in bounded memory.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from linter.core.config import ConfigError, Settings, resolve
from linter.core.engine import Linter, linter_for
from linter.core.packs import PackError
from linter.core.regular_files import NotRegularFile, open_regular
from linter.io.cache import to_record
from linter.io.pipeline import Job, lint_text
from linter.io.pool import in_order
from linter.io.reading import not_text
from linter.io.results import FileResult, RecordResult
from linter.io.writing import open_temp
from linter.kinds.base import Notice

RESULT_FIELD = "copydesk"
OUTPUT_SUFFIX = ".copydesk.jsonl"
# A record longer than this is reported and copied as is, never read whole (linting one costs about 20
# bytes of memory a character). A chunk of lines handed to a worker holds about CHUNK_BYTES at most.
RECORD_LIMIT = 64 * 1024 * 1024
CHUNK_BYTES = 8 * 1024 * 1024
_BOM = b"\xef\xbb\xbf"
_JSON_SPACE = b" \t\r\n"


class RecordError(ValueError):
    """A record that cannot be annotated (``process_record``); the message says why."""


def process_record(
    record: dict[str, Any], *, field: str = "text", config: Settings | Mapping[str, Any] | None = None,
    fix: bool = False, unsafe: bool = False, output_field: str = RESULT_FIELD, source_field: str | None = None,
) -> dict[str, Any]:
    """Lint one JSONL record's ``field``; return the record with a ``copydesk`` entry added.

    This is the function to map with any engine (Spark, Ray, datatrove, Dask): it is pure,
    it compiles the rule packs once per process and per configuration, and every other
    field of the record is kept as it was. A record that already has ``output_field`` is
    never overwritten: RecordError. With ``source_field``, the record's ``field`` is checked as a translation of
    its ``source_field`` (in the configuration's ``source-language``, detected when not set).

        {"text": "...", "id": 7}  ->  {"text": "...", "id": 7, "copydesk": {
            "fixed": "..." (fix only), "changed": bool, "diagnostics": [ {code, start, end, ...} ],
            "notices": ["..."] (only when a check could not run as asked, e.g. an undetectable source language)}}
    """
    if output_field in record:
        raise RecordError(_has_field(output_field))
    settings = config if isinstance(config, Settings) else resolve(None, None, config or {}, discover=False)
    out = dict(record)
    job = Job(fixing=fix, unsafe=unsafe, source_field=source_field)
    tallies: dict[str, Any] = {}
    parts = _annotation(record, field, linter_for(settings), job, tallies)
    out[output_field] = json.loads(b"".join(parts))
    notices = [n.message for n in dict.fromkeys(tallies.get("notices", ())) if not n.quiet]
    if notices:  # what a CLI run says once on stderr (a source whose language cannot be told) goes with the record
        out[output_field]["notices"] = notices
    return out


def _has_field(name: str) -> str:
    return f"the record already has a {name!r} field, which copydesk never overwrites (name another with " \
           "--output-field)"


def _annotation(record: dict[str, Any], field: str, linter: Linter, job: Job,
                tallies: dict[str, Any]) -> list[bytes]:
    """The JSON of the entry copydesk adds to ``record``, in pieces to write one after another; counts what it
    found in ``tallies``.

    Built a piece at a time and never joined: a 25 MB record with a finding every few hundred characters
    would otherwise hold its findings twice or three times over (as objects, as a dict each, as one string)."""
    text = record.get(field)
    source = record.get(job.source_field) if job.source_field else None
    if not isinstance(text, str) or (job.source_field and not isinstance(source, str)):
        error = f"field {field if not isinstance(text, str) else job.source_field!r} is missing or not a string"
        tallies["errors"] = [error]
        return [_json({"error": error})]
    linted = lint_text(linter, text, None, job, source=source, source_language=linter.settings.source_language)
    fixed, diagnostics, applied = linted.text, list(linted.diagnostics), linted.applied
    if linted.notices:  # a source whose language cannot be told: said once per run, as for files
        tallies["notices"] = list(linted.notices)
    del linted, text  # so that the fixed text goes as soon as it is encoded
    tallies["codes"] = Counter(d.code for d in diagnostics)
    tallies["failing"] = sum(d.severity.reaches(linter.settings.fail_on) for d in diagnostics)
    if diagnostics:  # shown at the record's line, as a file's findings are (the text they point into goes along)
        tallies["found"] = (fixed, tuple(diagnostics))
    parts = [b"{"]
    if job.fixing:
        changed = fixed != record[field]
        tallies["changed"] = int(changed)
        tallies["applied"] = applied
        parts += [b'"fixed":', _json(fixed), b',"changed":', _json(changed), b',"applied":', _json(applied), b","]
    del fixed
    parts.append(b'"diagnostics":[')
    for n in range(len(diagnostics)):
        parts += [b"," if n else b"", _json(to_record(diagnostics[n]))]
        diagnostics[n] = None  # type: ignore[call-overload]  (each finding goes once it is written out)
    parts.append(b"]}")
    return parts


_SURROGATE = re.compile("[\ud800-\udfff]")


def _json(value: Any) -> bytes:
    """Compact JSON in UTF-8. A lone surrogate (a record may hold ``"\ud800"``, escaped) is written escaped
    again: it has no UTF-8 form."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text).encode("utf-8")


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


@dataclass(frozen=True)
class _Done:
    """What became of one line: copied as is (``annotation`` None) or with ``annotation`` (pieces of JSON)
    spliced in at ``at``."""

    number: int
    at: int
    annotation: list[bytes] | None
    tallies: dict[str, Any]


def _process_line(linter: Linter, job: Job, field: str, output_field: str, path: str, number: int,
                  line: bytes) -> _Done:
    """One line of a corpus: its annotation, spliced in before the record's closing brace, so that every byte
    of the record is kept as it was (key order, spacing, escapes, numbers such as ``1e400``); or, for a line
    that is not a record copydesk can annotate, an error and the line copied as is."""
    close = _content_end(line) - 1  # the record's closing brace, if it is one
    if close < 0:
        return _Done(number, 0, None, {})  # a blank line: kept, so the output lines up with the input
    tallies: dict[str, Any] = {"records": 1}

    def copied(reason: str) -> _Done:
        tallies["errors"] = [f"{path}:{number}: {reason}; copied as is"]
        tallies["problem"] = f"{reason}; copied as is"
        return _Done(number, 0, None, tallies)

    try:
        decoded = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        return copied(f"not valid UTF-8 (byte 0x{line[exc.start]:02x} at byte {exc.start + 1} of the line)")
    try:
        record = json.loads(decoded, parse_constant=_refuse_constant)
    except ValueError as exc:
        return copied(f"invalid JSON record: {exc}")
    except RecursionError:
        return copied("invalid JSON record: nested too deeply")
    del decoded
    if not isinstance(record, dict):
        return copied("invalid JSON record: a record must be a JSON object")
    if output_field in record:
        return copied(_has_field(output_field))
    try:
        annotation = _annotation(record, field, linter, job, tallies)
    except (ConfigError, PackError):
        raise
    except Exception as exc:  # a bug on one record must not end the run
        for key in ("codes", "failing", "found", "applied", "changed"):
            tallies.pop(key, None)
        return copied(f"internal error while linting: {type(exc).__name__}: {exc}")
    if "errors" in tallies:
        tallies["problem"] = tallies["errors"][0]
        tallies["errors"] = [f"{path}:{number}: {e}" for e in tallies["errors"]]
    comma = b"," if record else b""
    return _Done(number, close, [comma + _json(output_field) + b":", *annotation], tallies)


def _content_end(line: bytes) -> int:
    """Where the line ends without its trailing JSON whitespace (no copy of a long line is made)."""
    end = len(line)
    while end and line[end - 1] in _JSON_SPACE:
        end -= 1
    return end


def _process_lines(job: Job, field: str, output_field: str, path: str,
                   lines: list[tuple[int, bytes]]) -> list[_Done]:
    """Process raw JSONL lines (what a worker is handed): what became of each."""
    linter = job.resolver.linter_for(path)
    return [_process_line(linter, job, field, output_field, path, number, line) for number, line in lines]


@dataclass
class CorpusSummary:
    """What a corpus run found. ``results`` holds a RecordResult for each record with findings or that could not be
    checked (a FileResult with the error for a corpus that could not be read): what the output formats show, one
    record as one file; the records without findings are only counted."""

    path: str
    output: str | None
    records: int = 0
    changed: int = 0
    codes: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    failing: int = 0  # findings at or above the corpus's fail-on (they make the run exit 1)
    notices: list[Notice] = field(default_factory=list)  # each distinct one once, in the order first met
    applied: int = 0
    results: list[FileResult] = field(default_factory=list)

    def add(self, tallies: dict[str, Any], line: int = 0) -> None:
        self.records += tallies.get("records", 0)
        self.changed += tallies.get("changed", 0)
        self.applied += tallies.get("applied", 0)
        self.failing += tallies.get("failing", 0)
        self.codes.update(tallies.get("codes", {}))
        self.errors.extend(tallies.get("errors", []))
        self.notices.extend(n for n in dict.fromkeys(tallies.get("notices", ())) if n not in self.notices)
        if "problem" in tallies:
            self.results.append(RecordResult(self.path, error=tallies["problem"], line=line))
        elif "found" in tallies:
            text, diagnostics = tallies["found"]
            self.results.append(RecordResult(self.path, text, diagnostics, line=line))


def output_path_for(path: str) -> str:
    """Where the annotated copy of a corpus goes: beside it, ``name.copydesk.jsonl``."""
    base = path[:-len(".jsonl")] if path.endswith(".jsonl") else path
    return base + OUTPUT_SUFFIX


@dataclass(frozen=True)
class _TooLong:
    """A line longer than RECORD_LIMIT: where it is in the input, to be copied from there unread."""

    number: int
    offset: int
    length: int


def process_corpus(path: str, job: Job, field: str, jobs: int = 1, output: str | None = None,
                   chunk_lines: int = 256, on_records: Callable[[int], None] | None = None,
                   output_field: str = RESULT_FIELD, annotate: bool = True) -> CorpusSummary:
    """Stream a JSONL corpus through the engine; with ``annotate`` (and a job that is not a preview), write the
    annotated records beside it, in order, with the corpus's mode.

    Every line of the input has its line in the output: a record with ``output_field`` added, or, for a
    blank line or a record that cannot be annotated (reported as ``file:line: reason``), the line as it was.
    A byte order mark is read past (and not written). Memory stays bounded: lines are read lazily, at most
    ``2 * jobs`` chunks are in flight, and a line longer than RECORD_LIMIT is copied without being read
    whole. The output appears only when complete (temporary file + rename).
    """
    output = output or output_path_for(path)
    summary = CorpusSummary(path, None if job.preview or not annotate else output)

    def skipped(reason: str) -> CorpusSummary:
        summary.errors.append(f"{path}: {reason}; corpus skipped")
        summary.results.append(FileResult(path, error=f"{reason}; corpus skipped"))
        summary.output = None
        return summary

    try:
        fd = open_regular(path)
    except NotRegularFile as exc:
        return skipped(str(exc))
    except OSError as exc:
        return skipped(f"cannot read: {exc.strerror or exc}")
    with os.fdopen(fd, "rb") as handle:
        problem = not_text(os.pread(fd, 8192, 0), nul=False)
        if problem is not None:
            return skipped(problem)
        writer = _AtomicLines(output, os.fstat(fd).st_mode) if summary.output else None
        try:
            lines = _lines(handle)
            for part in _ordered_chunks(job, field, output_field, path, lines, jobs, chunk_lines):
                for item, done in part:
                    if isinstance(item, _TooLong):
                        reason = f"a record of more than {RECORD_LIMIT:,} bytes (the limit); copied as is"
                        summary.add({"records": 1, "errors": [f"{path}:{item.number}: {reason}"], "problem": reason},
                                    item.number)
                        if writer:
                            writer.copy(fd, item.offset, item.length)
                        continue
                    summary.add(done.tallies, done.number)
                    if writer:
                        writer.write(item[1], done)
                if on_records:
                    on_records(len(part))
        except BaseException:
            if writer:
                writer.abort()
            raise
    if writer:
        writer.commit()
    return summary


def _lines(handle: Any) -> Iterator[tuple[int, bytes] | _TooLong]:
    """The numbered lines of a binary file, each with its line ending; the first without a byte order mark; a
    line past RECORD_LIMIT as a _TooLong, read past a block at a time.

    A long line is gathered in a bytearray that grows in place and is handed on as it is, so that a 25 MB
    record is held once, not twice as ``readline`` would while it joins its pieces."""
    buffer, start, number, offset = bytearray(handle.read(len(_BOM))), 0, 0, 0  # offset: of buffer[start]
    if buffer == _BOM:  # the file's byte order mark: not part of a record
        buffer, offset = bytearray(), len(_BOM)
    at_end = False
    while True:
        newline = buffer.find(b"\n", start)
        if newline < 0 and not at_end:
            if len(buffer) - start > RECORD_LIMIT:  # read past the rest of the line, a block at a time
                number += 1
                length, rest = len(buffer) - start, None
                while rest is None:
                    block = handle.read(_CORPUS_BLOCK)
                    cut = block.find(b"\n")
                    if not block:
                        rest, at_end = b"", True
                    elif cut < 0:
                        length += len(block)
                    else:
                        length, rest = length + cut + 1, block[cut + 1:]
                buffer, start = bytearray(rest), 0
                yield _TooLong(number, offset, length)
                offset += length
                continue
            del buffer[:start]
            start = 0
            block = handle.read(_CORPUS_BLOCK)
            buffer += block
            at_end = not block
            continue
        stop = newline + 1 if newline >= 0 else len(buffer)
        if stop == start:
            return
        number += 1
        if stop - start > RECORD_LIMIT:  # past the limit by less than a block: read, but refused all the same
            yield _TooLong(number, offset, stop - start)
            offset += stop - start
            start = stop
            continue
        if stop - start > _CORPUS_BLOCK and start == 0:  # a long line: hand on the buffer itself
            tail = buffer[stop:]
            del buffer[stop:]
            line: bytes = buffer  # type: ignore[assignment]  (a bytearray does what a line needs here)
            buffer = tail
        else:
            with memoryview(buffer) as view:
                line = bytes(view[start:stop])
            start = stop
        yield number, line
        offset += len(line)


_CORPUS_BLOCK = 1 << 20


_Item = tuple[int, bytes] | _TooLong


def _ordered_chunks(job: Job, field: str, output_field: str, path: str, items: Iterator[_Item], jobs: int,
                    chunk_lines: int) -> Iterator[list[tuple[_Item, _Done | None]]]:
    """Chunks of lines with what became of each, in input order. Workers are sent the lines and send back
    only the annotations; the lines stay here until they are written."""
    def chunks() -> Iterator[list[_Item]]:
        batch: list[_Item] = []
        size = 0
        for item in items:
            batch.append(item)
            size += 0 if isinstance(item, _TooLong) else len(item[1])
            if len(batch) >= chunk_lines or size >= CHUNK_BYTES:
                yield batch
                batch, size = [], 0
        if batch:
            yield batch

    def paired(batch: list[_Item], done: list[_Done]) -> list[tuple[_Item, _Done | None]]:
        results = iter(done)
        return [(item, None if isinstance(item, _TooLong) else next(results)) for item in batch]

    def lines_of(batch: list[_Item]) -> list[tuple[int, bytes]]:
        return [item for item in batch if not isinstance(item, _TooLong)]

    calls = ((batch, (job, field, output_field, path, lines_of(batch))) for batch in chunks())
    for batch, done in in_order(_process_lines, calls, jobs):
        yield paired(batch, done)


class _AtomicLines:
    """Write lines to a temporary file beside ``target``; rename it into place on commit. The file gets the
    permission bits of ``mode`` (the corpus's), not the temporary file's 0600."""

    def __init__(self, target: str, mode: int):
        self.target, self.mode = target, stat.S_IMODE(mode)
        fd, self.temp = open_temp(os.path.dirname(target) or ".", os.path.basename(target))
        self.handle = os.fdopen(fd, "wb")

    def write(self, line: bytes, done: _Done) -> None:
        if done.annotation is None:
            self.handle.write(line)
            return
        view = memoryview(line)
        self.handle.write(view[:done.at])
        self.handle.writelines(done.annotation)
        self.handle.write(view[done.at:])

    def copy(self, source: int, offset: int, length: int) -> None:
        """Copy ``length`` bytes of the file ``source`` from ``offset``, a block at a time."""
        end = offset + length
        while offset < end:
            block = os.pread(source, min(_CORPUS_BLOCK, end - offset), offset)
            if not block:
                break
            self.handle.write(block)
            offset += len(block)

    def commit(self) -> None:
        self.handle.flush()
        os.fchmod(self.handle.fileno(), self.mode)
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.replace(self.temp, self.target)

    def abort(self) -> None:
        self.handle.close()
        with contextlib.suppress(OSError):
            os.unlink(self.temp)

