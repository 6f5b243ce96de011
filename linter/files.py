"""Read articles safely, find them under paths, and write them back atomically."""

from __future__ import annotations

import contextlib
import glob
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pathspec

BOM = "\ufeff"
TEMP_SUFFIX = ".copydesk-tmp"
# Never walked into: tool folders and caches.
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__",
                       ".copydesk_cache", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".tox"})
_MAGIC = {
    b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
    b"%PDF": "a PDF document", b"PK\x03\x04": "a ZIP archive (or .docx/.odt)", b"\x1f\x8b": "gzip data",
    b"\x7fELF": "an executable",
}


class ArticleError(Exception):
    """A file that cannot be linted; it is left untouched."""

    def __init__(self, path: str, message: str):
        super().__init__(message)
        self.path, self.message = path, message

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True)
class Article:
    path: str
    text: str
    bom: bool
    raw: bytes

    def encode(self, text: str) -> bytes:
        return ((BOM if self.bom else "") + text).encode("utf-8")


def decode(path: str, raw: bytes) -> Article:
    for magic, what in _MAGIC.items():
        if raw.startswith(magic):
            raise ArticleError(path, f"binary file ({what}), not an article; skipped")
    if b"\x00" in raw[:8192]:
        raise ArticleError(path, "binary file (contains NUL bytes), not an article; skipped")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ArticleError(
            path, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at line {line}, byte offset {exc.start}); "
            "skipped, convert it to UTF-8 first"
        ) from None
    bom = text.startswith(BOM)
    return Article(path, text[1:] if bom else text, bom, raw)


def read_article(path: str) -> Article:
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except IsADirectoryError:
        raise ArticleError(path, "is a directory") from None
    except FileNotFoundError:
        raise ArticleError(path, "no such file") from None
    except PermissionError:
        raise ArticleError(path, "permission denied; skipped") from None
    except OSError as exc:
        raise ArticleError(path, f"cannot read: {exc.strerror or exc}") from None
    return decode(path, raw)


def write_atomic(article: Article, text: str, temp_dir: str | None = None) -> None:
    """Replace the file with ``text`` in one rename, keeping mode and BOM.

    The new content goes to a temporary file, is flushed to disk, then renamed over the
    target: a reader or a crash sees the old file or the new one, never half of one. The
    temporary file lives in ``temp_dir`` when that is on the target's filesystem (so a run
    killed mid-write leaves nothing in the article tree), else beside the target. If the file
    changed on disk since it was read, nothing is written.
    """
    target = os.path.realpath(article.path)
    data = article.encode(text)
    try:
        st = os.stat(target)
        with open(target, "rb") as handle:
            if handle.read() != article.raw:
                raise ArticleError(article.path, "changed on disk while copydesk was fixing it; not written")
    except FileNotFoundError:
        raise ArticleError(article.path, "disappeared while copydesk was fixing it; not written") from None
    except PermissionError:
        raise ArticleError(article.path, "permission denied; not written") from None
    directory = os.path.dirname(target) or "."
    if temp_dir is not None and not _same_device(temp_dir, st.st_dev):
        temp_dir = None
    try:
        fd, temp = _open_temp(temp_dir or directory, os.path.basename(target))
    except OSError as exc:
        raise ArticleError(article.path, f"cannot write beside the file: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            os.fchmod(handle.fileno(), stat.S_IMODE(st.st_mode))
            with contextlib.suppress(OSError):  # not permitted for non-root users; the mode is what matters
                os.fchown(handle.fileno(), st.st_uid, st.st_gid)
        os.replace(temp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise ArticleError(article.path, f"cannot write: {exc.strerror or exc}") from None
        raise


def _same_device(directory: str, device: int) -> bool:
    try:
        return os.stat(directory).st_dev == device
    except OSError:
        return False


def _open_temp(directory: str, name: str) -> tuple[int, str]:
    """A new temporary file whose name carries our pid, so a later run can tell it is stale."""
    return tempfile.mkstemp(prefix=f".{name}.", suffix=f".{os.getpid()}{TEMP_SUFFIX}", dir=directory)


def remove_stale_temp_files(directory: str) -> int:
    """Delete temp files left by a copydesk process that was killed mid-write (its pid is gone)."""
    removed = 0
    try:
        names = os.listdir(directory)
    except OSError:
        return 0
    for name in names:
        if not (name.startswith(".") and name.endswith(TEMP_SUFFIX)):
            continue
        pid = name[: -len(TEMP_SUFFIX)].rsplit(".", 1)[-1]
        if pid.isdigit() and _alive(int(pid)):
            continue
        with contextlib.suppress(OSError):
            os.unlink(os.path.join(directory, name))
            removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def expand_paths(paths: Iterable[str], exclude: Iterable[tuple[str, str]] = ()) -> Iterator[str]:
    """Files named, found under directories (hidden and tool folders skipped), or matched by globs.

    A file named explicitly is always returned; ``exclude`` holds (root, glob) pairs, globs in
    gitignore syntax relative to their root, which prune what directory walks and globs find.
    """
    specs = [(Path(root).resolve(), pathspec.GitIgnoreSpec.from_lines([glob])) for root, glob in exclude]

    def excluded(path: str) -> bool:
        resolved = Path(path).resolve()
        for base, spec in specs:
            try:
                relative = resolved.relative_to(base).as_posix()
            except ValueError:
                relative = Path(path).as_posix()
            if spec.match_file(relative):
                return True
        return False

    seen: set[str] = set()
    for given in paths:
        if os.path.isdir(given):
            candidates: Iterable[str] = _walk(given, excluded)
        elif os.path.exists(given) or os.path.islink(given):
            candidates = [given]
        elif glob.has_magic(given):
            candidates = sorted(p for p in glob.glob(given, recursive=True) if os.path.isfile(p) and not excluded(p))
        else:
            candidates = [given]  # reported as missing when read
        for path in candidates:
            key = os.path.normpath(path)
            if key not in seen:
                seen.add(key)
                yield path


def _walk(top: str, excluded: object) -> Iterator[str]:
    visited: set[tuple[int, int]] = set()
    for directory, dirs, files in os.walk(top, followlinks=True):
        try:
            st = os.stat(directory)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) in visited:
            dirs[:] = []  # a symlink loop
            continue
        visited.add((st.st_dev, st.st_ino))
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith(".")
                         and not excluded(os.path.join(directory, d)))  # type: ignore[operator]
        for name in sorted(files):
            path = os.path.join(directory, name)
            if name.startswith(".") or excluded(path):  # type: ignore[operator]
                continue
            yield path
