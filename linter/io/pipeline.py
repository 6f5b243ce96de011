"""Lint or fix one document: a file (cached, written back atomically, with a backup if asked), standard input, or a
text; what every engine maps (the local pool in linter/io/pool.py, Dask in linter/io/distributed.py, JSONL corpora
in linter/io/jsonl.py).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field

from linter.core.config import ConfigError
from linter.core.engine import Linter, linter_for
from linter.core.fixer import Written, fix_until_stable
from linter.core.packs import PackError
from linter.core.regular_files import read_regular
from linter.core.resolver import Resolver
from linter.io import pairs
from linter.io.cache import ResultCache, content_hasher, content_key
from linter.io.paths import outside_message, outside_roots, translation_kind
from linter.io.reading import Article, ArticleError, decode, read_article, read_blocks
from linter.io.results import FileResult, SourceSpan
from linter.io.writing import create_new, write_atomic
from linter.kinds.base import Notice
from linter.model.diagnostics import Diagnostic
from linter.text import windows


@dataclass(frozen=True)
class Job:
    """What one run asks of every document; picklable, so workers rebuild the same settings."""

    fixing: bool = False
    unsafe: bool = False
    preview: bool = False  # compute fixes but write nothing (--diff, --dry-run, --format diff)
    backup: str | None = None
    resolver: Resolver = field(default_factory=Resolver)  # the settings and linter of each path
    cache_dir: str | None = None
    temp_dir: str | None = None  # where atomic writes stage files (same filesystem only)
    roots: tuple[str, ...] = ()  # a fixing job writes only under these real paths (paths.roots_of)
    source_field: str | None = None  # JSONL corpora: the field of each record that holds the source (--source-field)


@dataclass(frozen=True)
class Linted:
    text: str  # the final text: fixed, for a fixing job
    diagnostics: list[Diagnostic]  # in ``text``
    applied: int
    notices: tuple[Notice, ...]
    sources: tuple[SourceSpan, ...] = ()  # what parts of ``text`` translate which source
    written: tuple[Written, ...] = ()  # each applied fix, placed in the text as read (fixer.Written)


def lint_text(linter: Linter, text: str, path: str | None, job: Job, *, source: str | None = None,
              source_language: str | None = None) -> Linted:
    """Lint (and with a fixing job, fix) one text: an article, with its ``source`` when it has one, or a translation
    file (``path`` says which), unit by unit. ArticleError for a translation file that cannot be read."""
    notices: dict[Notice, None] = {}
    sources: list[tuple[SourceSpan, ...]] = [()]

    def check(t: str) -> list[Diagnostic]:
        diagnostics, found, sources[0] = check_document(linter, t, path, source, source_language)
        notices.update(dict.fromkeys(found))
        return diagnostics

    if not job.fixing and not job.preview:
        diagnostics = check(text)
        return Linted(text, diagnostics, 0, tuple(notices), sources[0])
    result = fix_until_stable(text, check, job.unsafe)
    return Linted(result.text, result.remaining, len(result.applied), tuple(notices), sources[0], result.written)


def check_document(linter: Linter, text: str, path: str | None, source: str | None = None,
                   source_language: str | None = None
                   ) -> tuple[list[Diagnostic], list[Notice], tuple[SourceSpan, ...]]:
    """The findings in ``text`` (an article, with its source if given, or a translation file by ``path``'s suffix),
    their notices, and what parts of the text translate which source."""
    if translation_kind(path):
        from linter.io import tmcheck  # the translation-file modules: only for translation files (start-up)

        checked = tmcheck.check_units(linter, text, path or "", source_language)
        return checked.diagnostics, checked.notices, checked.sources
    if source is None:
        result = linter.check_text(text, path)
        return result.diagnostics, result.notices, ()
    result = linter.check_text(text, path, None, source=source, source_language=source_language)
    return result.diagnostics, result.notices, (SourceSpan(0, len(text), source, None, source_language, 1),)


def lint_file(job: Job, path: str) -> FileResult:
    """Lint or fix one file; never raises for a bad file, only for a bad configuration."""
    if job.fixing and (outside := outside_roots(path, job.roots)) is not None:
        return FileResult(path, error=outside_message(outside))
    translation = translation_kind(path) is not None
    if not (job.fixing or job.preview) and not translation and _size(path) > windows.LARGE_TEXT:
        result = _check_large_file(job, path)
        if result is not None:
            return result
    settings = job.resolver.settings_for(path)
    if not translation and pairs.is_source(path, settings):
        return FileResult(path)  # a source of another article (source-pattern): not the copy, not checked
    try:
        article = read_article(path)
    except ArticleError as exc:
        return FileResult(path, error=exc.message)
    linter = linter_for(settings)  # the resolver's linter_for(path), without resolving the settings again
    try:
        pair = None if translation else pairs.source_of(path, article.text, settings)
    except ArticleError as exc:
        return FileResult(path, error=exc.message)
    source, language = (pair.text, pair.language) if pair else (None, settings.source_language)
    # the result cache is keyed by the file's content alone: not for a file checked with a source
    cache = ResultCache(job.cache_dir) if job.cache_dir and not translation and pair is None else None
    key = content_key(linter.fingerprint, tuple(linter.ignored_for(path)), article.raw) if cache else ""
    if not (job.fixing or job.preview):
        article = dataclasses.replace(article, raw=b"")  # a check writes nothing: free the file's bytes
    try:
        if cache is not None:
            cached = cache.get(key, linter.fingerprint, len(article.text))
            if cached is not None and not _has_work(cached.diagnostics, job):
                return _keep_text_if_needed(FileResult(path, article.text, cached.diagnostics, fixed=article.text))
        linted = lint_text(linter, article.text, path, job, source=source, source_language=language)
    except (ConfigError, PackError):
        raise
    except ArticleError as exc:  # a translation file that does not parse
        return FileResult(path, error=exc.message)
    except Exception as exc:  # a bug on one file must not end the run
        return FileResult(path, error=f"internal error while linting: {type(exc).__name__}: {exc}")
    final = linted.text

    def as_read() -> list[Diagnostic]:
        return check_document(linter, article.text, path, source, language)[0]

    if job.preview:
        return FileResult(path, article.text, as_read(), fixed=final, applied=linted.applied, original=article.text,
                          notices=linted.notices, sources=linted.sources, written=linted.written,
                          left=tuple(linted.diagnostics))
    changed = final != article.text
    if changed:
        backup = None
        try:
            if translation:  # read back through translate-toolkit: the same units, nothing changed but targets
                from linter.io import tmcheck

                tmcheck.verify(path, article.text, final)
            if job.backup:
                backup = _write_backup(article, job.backup)
            write_atomic(article, final, job.temp_dir, job.roots)
        except ArticleError as exc:
            if backup is not None:
                _remove_backup(*backup)  # the file was not fixed: a backup left behind would block the next run
            return FileResult(path, article.text, as_read(), error=exc.message)
    if cache is not None and all(n.quiet for n in linted.notices):  # a failed backend may answer next time
        final_key = key if not changed else content_key(
            linter.fingerprint, tuple(linter.ignored_for(path)), article.encode(final))
        cache.put(final_key, linter.fingerprint, len(final), linted.diagnostics)
    return _keep_text_if_needed(FileResult(path, final, linted.diagnostics, fixed=final if job.fixing else None,
                                           applied=linted.applied, changed=changed, original=article.text,
                                           notices=linted.notices, sources=linted.sources,
                                           written=linted.written if changed else ()))


def _check_large_file(job: Job, path: str) -> FileResult | None:
    """Check a very large file without holding its text (linter/io/streamed.py); None: read it whole instead."""
    from linter.io import streamed

    linter = job.resolver.linter_for(path)
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
        diagnostics, notices, text = streamed.check_file(linter, path, digest)
    except streamed.ReadWhole:
        return None
    except ArticleError as exc:
        return FileResult(path, error=exc.message)
    except (ConfigError, PackError):
        raise
    except Exception as exc:  # a bug on one file must not end the run
        return FileResult(path, error=f"internal error while linting: {type(exc).__name__}: {exc}")
    if cache is not None and digest is not None and all(n.quiet for n in notices):
        cache.put(digest.hexdigest(), linter.fingerprint, len(text), diagnostics)  # the bytes checked
    return _keep_text_if_needed(FileResult(path, text, diagnostics, notices=tuple(notices)))


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
    original was already there. A backup is written whole or not at all (writing.create_new)."""
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


def lint_bytes(job: Job, name: str, raw: bytes) -> FileResult:
    """Lint (with a fixing job, fix) an article that is not read from a file: standard input, named ``name``
    (``-`` when unnamed, and then configured as the working folder is). Nothing is written: a fixing job's
    fixed text is the result's ``fixed``, for the caller to write out."""
    try:
        article = decode(name, raw)
    except ArticleError as exc:
        return FileResult(name, error=exc.message)
    path = None if name == "-" else name
    linter = job.resolver.linter_for(path)
    settings = job.resolver.settings_for(path)
    try:
        pair = None if translation_kind(path) else pairs.source_of(path, article.text, settings)
        source, language = (pair.text, pair.language) if pair else (None, settings.source_language)
        linted = lint_text(linter, article.text, path, job, source=source, source_language=language)
        if job.fixing and translation_kind(path) and linted.text != article.text:
            from linter.io import tmcheck

            tmcheck.verify(name, article.text, linted.text)
    except ArticleError as exc:
        return FileResult(name, error=exc.message)
    if job.preview:
        original = check_document(linter, article.text, path, source, language)[0]
        return FileResult(name, article.text, original, fixed=linted.text, applied=linted.applied,
                          original=article.text, notices=linted.notices, sources=linted.sources,
                          written=linted.written, left=tuple(linted.diagnostics))
    if job.fixing:
        return FileResult(name, linted.text, linted.diagnostics, fixed=linted.text, applied=linted.applied,
                          changed=linted.text != article.text, original=article.text, notices=linted.notices,
                          sources=linted.sources, written=linted.written)
    return FileResult(name, article.text, linted.diagnostics, notices=linted.notices, sources=linted.sources)


def with_unused_suppressions(result: FileResult, resolver: Resolver) -> FileResult:
    """``result`` with its suppression comments that suppressed nothing among its findings (CD001)."""
    if result.error or not isinstance(result.text, str) or translation_kind(result.path):
        return result  # checked without holding its text (linter/io/streamed.py), which it does only without them;
        # or a translation file, whose units are checked one by one
    linter = resolver.linter_for(None if result.path == "-" else result.path)
    unused = linter.check_text(result.text, result.path).unused_suppressions
    if not unused:
        return result
    diagnostics = sorted([*result.diagnostics, *unused], key=lambda d: d.sort_key())
    return dataclasses.replace(result, diagnostics=diagnostics)
