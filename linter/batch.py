"""Run the engine over many files or JSONL records: a process pool, a result cache, ordered results.

The per-document functions here (`lint_file`, `process_record`) are what every engine maps:
the local process pool, Dask (linter/distributed.py), or a user's own Spark/Ray/datatrove job.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import signal
import stat
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from linter import windows
from linter.cache import ResultCache, content_hasher, content_key, to_record
from linter.config import ConfigError, Settings, resolve
from linter.diagnostics import Diagnostic
from linter.engine import Linter, linter_for
from linter.files import (
    Article,
    ArticleError,
    create_new,
    outside_message,
    outside_roots,
    read_article,
    read_blocks,
    write_atomic,
)
from linter.fixer import fix_until_stable
from linter.formats.base import FileResult
from linter.kinds.base import Notice
from linter.packs import PackError
from linter.regular_files import read_regular

if TYPE_CHECKING:
    from concurrent.futures import Future


@dataclass(frozen=True)
class Job:
    """What one run asks of every document; picklable, so workers rebuild the same session."""

    fixing: bool = False
    unsafe: bool = False
    preview: bool = False  # compute fixes but write nothing (--diff, --dry-run, --format diff)
    backup: str | None = None
    config_file: str | None = None
    discover: bool = True
    overrides: Mapping[str, Any] = field(default_factory=dict)
    cache_dir: str | None = None
    temp_dir: str | None = None  # where atomic writes stage files (same filesystem only)
    roots: tuple[str, ...] = ()  # a fixing job writes only under these real paths (files.roots_of)

    def settings_for(self, path: str | None) -> Settings:
        start = os.path.dirname(os.path.abspath(path)) if path else os.getcwd()
        return resolve(start, self.config_file, self.overrides, discover=self.discover)

    def linter_for(self, path: str | None) -> Linter:
        return linter_for(self.settings_for(path))


@dataclass(frozen=True)
class Linted:
    text: str  # the final text: fixed, for a fixing job
    diagnostics: list[Diagnostic]  # in ``text``
    applied: int
    notices: tuple[Notice, ...]


def lint_text(linter: Linter, text: str, path: str | None, job: Job) -> Linted:
    """Lint (and with a fixing job, fix) one text."""
    notices: dict[Notice, None] = {}

    def check(t: str) -> list[Diagnostic]:
        result = linter.check_text(t, path)
        notices.update(dict.fromkeys(result.notices))
        return result.diagnostics

    if not job.fixing and not job.preview:
        return Linted(text, check(text), 0, tuple(notices))
    result = fix_until_stable(text, check, job.unsafe)
    return Linted(result.text, result.remaining, len(result.applied), tuple(notices))


def lint_file(job: Job, path: str) -> FileResult:
    """Lint or fix one file; never raises for a bad file, only for a bad configuration."""
    if job.fixing and (outside := outside_roots(path, job.roots)) is not None:
        return FileResult(path, error=outside_message(outside))
    if not (job.fixing or job.preview) and _size(path) > windows.LARGE_TEXT:
        result = _check_large_file(job, path)
        if result is not None:
            return result
    try:
        article = read_article(path)
    except ArticleError as exc:
        return FileResult(path, error=exc.message)
    linter = job.linter_for(path)
    cache = ResultCache(job.cache_dir) if job.cache_dir else None
    key = content_key(linter.fingerprint, tuple(linter.ignored_for(path)), article.raw) if cache else ""
    if not (job.fixing or job.preview):
        article = dataclasses.replace(article, raw=b"")  # a check writes nothing: free the file's bytes
    try:
        if cache is not None:
            cached = cache.get(key, linter.fingerprint, len(article.text))
            if cached is not None and not _has_work(cached.diagnostics, job):
                return _keep_text_if_needed(FileResult(path, article.text, cached.diagnostics, fixed=article.text))
        linted = lint_text(linter, article.text, path, job)
    except (ConfigError, PackError):
        raise
    except Exception as exc:  # a bug on one file must not end the run
        return FileResult(path, error=f"internal error while linting: {type(exc).__name__}: {exc}")
    final = linted.text
    if job.preview:
        original = linter.check_text(article.text, path).diagnostics
        return FileResult(path, article.text, original, fixed=final, applied=linted.applied, original=article.text,
                          notices=linted.notices)
    changed = final != article.text
    if changed:
        backup = None
        try:
            if job.backup:
                backup = _write_backup(article, job.backup)
            write_atomic(article, final, job.temp_dir, job.roots)
        except ArticleError as exc:
            if backup is not None:
                _remove_backup(*backup)  # the file was not fixed: a backup left behind would block the next run
            return FileResult(path, article.text, linter.check_text(article.text, path).diagnostics,
                              error=exc.message)
    if cache is not None and all(n.quiet for n in linted.notices):  # a failed backend may answer next time
        final_key = key if not changed else content_key(
            linter.fingerprint, tuple(linter.ignored_for(path)), article.encode(final))
        cache.put(final_key, linter.fingerprint, len(final), linted.diagnostics)
    return _keep_text_if_needed(FileResult(path, final, linted.diagnostics, fixed=final if job.fixing else None,
                                           applied=linted.applied, changed=changed, original=article.text,
                                           notices=linted.notices))


def _check_large_file(job: Job, path: str) -> FileResult | None:
    """Check a very large file without holding its text (linter/streamed.py); None: read it whole instead."""
    from linter import streamed

    linter = job.linter_for(path)
    cache = ResultCache(job.cache_dir) if job.cache_dir else None
    ignored = tuple(linter.ignored_for(path))
    digest = content_hasher(linter.fingerprint, ignored) if cache else None
    try:
        if cache is not None:
            key = content_hasher(linter.fingerprint, ignored)
            for block in read_blocks(path):
                key.update(block)
            cached = cache.get(key.hexdigest(), linter.fingerprint)
            if cached is not None:
                text = streamed.read_compressed(path, digest)
                # unchanged since it was hashed, and the entry was made for a text of this length
                if digest.hexdigest() == key.hexdigest() and cached.length == len(text):
                    return _keep_text_if_needed(FileResult(path, text, cached.diagnostics))
                digest = content_hasher(linter.fingerprint, ignored)
        checked, text = streamed.check_file(linter, path, digest)
    except streamed.ReadWhole:
        return None
    except ArticleError as exc:
        return FileResult(path, error=exc.message)
    except (ConfigError, PackError):
        raise
    except Exception as exc:  # a bug on one file must not end the run
        return FileResult(path, error=f"internal error while linting: {type(exc).__name__}: {exc}")
    if cache is not None and digest is not None and all(n.quiet for n in checked.notices):
        cache.put(digest.hexdigest(), linter.fingerprint, len(text), checked.diagnostics)  # the bytes checked
    return _keep_text_if_needed(FileResult(path, text, checked.diagnostics, notices=tuple(checked.notices)))


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0  # read as usual, which says what is wrong


def _has_work(diagnostics: Sequence[Diagnostic], job: Job) -> bool:
    """Whether a fixing job would change a text with these diagnostics."""
    if not (job.fixing or job.preview):
        return False
    return any(d.fix is not None and d.fix.applies(job.unsafe) for d in diagnostics)


def _keep_text_if_needed(result: FileResult) -> FileResult:
    """Drop the text of clean files: an archive run must not hold every article in memory."""
    if result.diagnostics or result.error or result.changed:
        return result  # a changed file keeps its texts: diffs and reports show them
    return FileResult(result.path, "", (), fixed=None, applied=result.applied, changed=result.changed,
                      notices=result.notices)


def _write_backup(article: Article, suffix: str) -> tuple[str, tuple[int, int]] | None:
    """Keep the file's original as FILE+SUFFIX, never over an existing file (the user's own ``story.md.orig``).

    Returns the backup's path and identity when this call wrote it; None when a backup holding exactly the
    original was already there. A backup is written whole or not at all (files.create_new)."""
    real = os.path.realpath(article.path)
    target = real + suffix
    try:
        mode = stat.S_IMODE(os.stat(real).st_mode) & 0o777  # as private as the original; no setuid on a copy
        return target, create_new(target, article.raw, mode)
    except FileExistsError:
        if _holds(target, article.raw):
            return None
        raise ArticleError(article.path, f"the backup {target} already exists; not fixed (move it away, or "
                                         "choose another --backup suffix)") from None
    except OSError as exc:
        raise ArticleError(article.path, f"cannot write the backup {target}: {exc.strerror or exc}; "
                                         "not fixed") from None


def _holds(path: str, data: bytes) -> bool:
    """Whether the regular file ``path`` holds exactly ``data``."""
    try:
        if os.lstat(path).st_size != len(data) or not os.path.isfile(path) or os.path.islink(path):
            return False
        return read_regular(path, len(data)) == data
    except OSError:
        return False


def _remove_backup(path: str, identity: tuple[int, int]) -> None:
    with contextlib.suppress(OSError):
        st = os.lstat(path)
        if (st.st_dev, st.st_ino) == identity:
            os.unlink(path)


def _lint_chunk(job: Job, paths: list[str]) -> list[FileResult]:
    return [lint_file(job, p) for p in paths]


def _ignore_sigint() -> None:
    # Ctrl-C goes to the whole process group: workers finish the file in hand (its write is
    # atomic) while the parent stops handing out work.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()


def _die_with_parent() -> None:
    """On Linux, a worker whose parent is killed (even by SIGKILL) is killed too, not left running."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent died before prctl took effect
            os._exit(1)


def run_files(
    paths: Sequence[str], job: Job, jobs: int = 1, on_result: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Lint files with ``jobs`` processes; results come back in input order, as a serial run gives."""
    if jobs <= 1 or len(paths) < 2:
        results = []
        for path in paths:
            result = lint_file(job, path)
            results.append(result)
            if on_result:
                on_result(result)
        return results
    # small chunks (about 32 a worker): the last ones to finish leave the other workers idle for less time
    chunk = max(1, min(32, len(paths) // (jobs * 32) or 1))
    chunks = [list(paths[i:i + chunk]) for i in range(0, len(paths), chunk)]
    slots: list[list[FileResult] | None] = [None] * len(chunks)
    from concurrent.futures import ProcessPoolExecutor  # here: a one-file run needs no process pool

    with ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_sigint) as pool:
        futures: dict[Future, int] = {pool.submit(_lint_chunk, job, c): i for i, c in enumerate(chunks)}
        try:
            for future in _as_completed(futures):
                slots[futures[future]] = future.result()
                if on_result:
                    for result in slots[futures[future]] or []:
                        on_result(result)
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return [r for part in slots for r in part or []]


def _as_completed(futures: Iterable[Future]) -> Iterator[Future]:
    from concurrent.futures import as_completed

    return as_completed(futures)


# --- JSONL corpora -------------------------------------------------------------------------

RESULT_FIELD = "copydesk"


def process_record(
    record: dict[str, Any], *, field: str = "text", config: Settings | Mapping[str, Any] | None = None,
    fix: bool = False, unsafe: bool = False,
) -> dict[str, Any]:
    """Lint one JSONL record's ``field``; return the record with a ``copydesk`` entry added.

    This is the function to map with any engine (Spark, Ray, datatrove, Dask): it is pure,
    it compiles the rule packs once per process and per configuration, and every other
    field of the record is kept as it was.

        {"text": "...", "id": 7}  ->  {"text": "...", "id": 7, "copydesk": {
            "fixed": "..." (fix only), "changed": bool, "diagnostics": [ {code, start, end, ...} ]}}
    """
    settings = config if isinstance(config, Settings) else resolve(None, None, config or {}, discover=False)
    return _process_record(record, field, linter_for(settings), Job(fixing=fix, unsafe=unsafe))


def _process_record(record: dict[str, Any], field: str, linter: Linter, job: Job) -> dict[str, Any]:
    text = record.get(field)
    out = dict(record)
    if not isinstance(text, str):
        out[RESULT_FIELD] = {"error": f"field {field!r} is missing or not a string"}
        return out
    linted = lint_text(linter, text, None, job)
    entry: dict[str, Any] = {}
    if job.fixing:
        entry["fixed"] = linted.text
        entry["changed"] = linted.text != text
        entry["applied"] = linted.applied
    entry["diagnostics"] = [to_record(d) for d in linted.diagnostics]
    out[RESULT_FIELD] = entry
    return out


def encode_record(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def _process_lines(job: Job, field: str, path: str, lines: list[tuple[int, str]]) -> list[tuple[int, str, dict]]:
    """Process raw JSONL lines; returns (line number, output line, tallies) for each."""
    linter = job.linter_for(path)
    out = []
    for number, line in lines:
        tallies: dict[str, Any] = {"records": 1}
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("a record must be a JSON object")
        except ValueError as exc:
            tallies["errors"] = [f"{path}:{number}: invalid JSON record: {exc}"]
            out.append((number, line.rstrip("\r\n"), tallies))
            continue
        result = _process_record(record, field, linter, job)
        entry = result[RESULT_FIELD]
        if "error" in entry:
            tallies["errors"] = [f"{path}:{number}: {entry['error']}"]
        tallies["codes"] = Counter(d["code"] for d in entry.get("diagnostics", ()))
        tallies["changed"] = int(bool(entry.get("changed")))
        out.append((number, encode_record(result), tallies))
    return out


@dataclass
class CorpusSummary:
    path: str
    output: str | None
    records: int = 0
    changed: int = 0
    codes: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def add(self, tallies: dict[str, Any]) -> None:
        self.records += tallies.get("records", 0)
        self.changed += tallies.get("changed", 0)
        self.codes.update(tallies.get("codes", {}))
        self.errors.extend(tallies.get("errors", []))


def output_path_for(path: str) -> str:
    """Where the annotated copy of a corpus goes: beside it, ``name.copydesk.jsonl``."""
    base = path[:-len(".jsonl")] if path.endswith(".jsonl") else path
    return base + ".copydesk.jsonl"


def process_corpus(path: str, job: Job, field: str, jobs: int = 1, output: str | None = None,
                   chunk_lines: int = 256, on_records: Callable[[int], None] | None = None) -> CorpusSummary:
    """Stream a JSONL corpus through the engine; write the annotated records beside it, in order.

    Memory stays bounded: lines are read lazily and at most ``2 * jobs`` chunks are in flight.
    The output appears only when complete (temporary file + rename).
    """
    output = output or output_path_for(path)
    summary = CorpusSummary(path, None if job.preview else output)
    writer = _AtomicLines(output) if not job.preview else None
    try:
        with open(path, encoding="utf-8") as handle:
            numbered = ((n, line) for n, line in enumerate(handle, 1) if line.strip())
            for part in _ordered_chunks(job, field, path, numbered, jobs, chunk_lines):
                for _number, line, tallies in part:
                    summary.add(tallies)
                    if writer:
                        writer.write(line)
                if on_records:
                    on_records(len(part))
    except UnicodeDecodeError as exc:
        if writer:
            writer.abort()
        summary.errors.append(f"{path}: not valid UTF-8 ({exc.reason}); corpus skipped")
        summary.output = None
        return summary
    except BaseException:
        if writer:
            writer.abort()
        raise
    if writer:
        writer.commit()
    return summary


def _ordered_chunks(job: Job, field: str, path: str, numbered: Iterator[tuple[int, str]], jobs: int,
                    chunk_lines: int) -> Iterator[list[tuple[int, str, dict]]]:
    def chunks() -> Iterator[list[tuple[int, str]]]:
        batch: list[tuple[int, str]] = []
        for item in numbered:
            batch.append(item)
            if len(batch) >= chunk_lines:
                yield batch
                batch = []
        if batch:
            yield batch

    if jobs <= 1:
        for batch in chunks():
            yield _process_lines(job, field, path, batch)
        return
    from concurrent.futures import ProcessPoolExecutor  # here: a one-file run needs no process pool

    with ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_sigint) as pool:
        pending: list[Future] = []
        try:
            for batch in chunks():
                pending.append(pool.submit(_process_lines, job, field, path, batch))
                while len(pending) >= 2 * jobs:
                    yield pending.pop(0).result()
            while pending:
                yield pending.pop(0).result()
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


class _AtomicLines:
    """Write lines to a temporary file beside ``target``; rename it into place on commit."""

    def __init__(self, target: str):
        self.target = target
        fd, self.temp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.",
                                         suffix=".copydesk-tmp", dir=os.path.dirname(target) or ".")
        self.handle = os.fdopen(fd, "w", encoding="utf-8", newline="\n")

    def write(self, line: str) -> None:
        self.handle.write(line + "\n")

    def commit(self) -> None:
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.replace(self.temp, self.target)

    def abort(self) -> None:
        self.handle.close()
        with contextlib.suppress(OSError):
            os.unlink(self.temp)
