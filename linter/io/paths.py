"""Find articles under the paths given (folders walked, globs matched, excludes applied), and where a fix may write."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

# Never walked into: tool folders and caches.
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__",
                       ".copydesk_cache", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".tox"})

# Translation files by suffix -> what they are read as (linter/io/tmfiles.py). Here, so that telling a plain
# article from a translation file does not import the translation-file modules (start-up).
TRANSLATION_SUFFIXES = {".xlf": "xliff", ".xliff": "xliff", ".po": "po", ".tmx": "tmx"}


def translation_kind(path: str | None) -> str | None:
    """``xliff``, ``po`` or ``tmx`` for a translation file's name; None for any other file."""
    if not path:
        return None
    return TRANSLATION_SUFFIXES.get(os.path.splitext(path)[1].lower())


def expand_paths(paths: Iterable[str], exclude: Iterable[tuple[str, str]] = (),
                 skip_suffixes: Sequence[str] = ()) -> Iterator[str]:
    """Files named, found under directories (hidden and tool folders skipped), or matched by globs.

    A file named explicitly is always returned; ``exclude`` holds (root, glob) pairs, globs in
    gitignore syntax relative to their root, which prune what directory walks and globs find, as do
    ``skip_suffixes`` (the names copydesk writes beside the articles: ``--backup`` copies; a file named
    with such a suffix is left out too when the file it is the copy of is beside it).
    ``-`` (standard input) is passed through. A file reached under several names (symlinks, hard
    links) is returned once, at its first place, under its own name when that is among them.
    """
    skip_suffixes = tuple(s for s in skip_suffixes if s)
    exclude = tuple(exclude)
    specs: list[tuple[Path, Any]] = []
    if exclude:
        from linter.core.globs import Glob  # here: runs without exclude globs need none of it

        specs = [(Path(root).resolve(), Glob(glob, "exclude")) for root, glob in exclude]

    def excluded(path: str) -> bool:
        if not specs:
            return False
        resolved = Path(os.path.realpath(path))  # never raises on a symlink loop
        for base, spec in specs:
            try:
                relative = resolved.relative_to(base).as_posix()
            except ValueError:
                relative = Path(path).as_posix()
            if spec.matches(relative):
                return True
        return False

    def skipped(path: str) -> bool:  # a file found by a walk or a glob
        return (bool(skip_suffixes) and path.endswith(skip_suffixes)) or excluded(path)

    found: list[str] = []
    where: dict[object, int] = {}  # file identity -> index in found
    for given in paths:
        if given == "-":
            found.append(given)
            continue
        if os.path.isdir(given):
            candidates: Iterable[str] = _walk(given, excluded, skipped)
        elif os.path.exists(given) or os.path.islink(given):
            candidates = [] if _backup_of_a_file(given, skip_suffixes) else [given]
        elif glob.has_magic(given):
            candidates = sorted(p for p in glob.glob(given, recursive=True) if os.path.isfile(p) and not skipped(p))
        else:
            candidates = [given]  # reported as missing when read
        for path in candidates:
            key = _identity(path)
            if key not in where:
                where[key] = len(found)
                found.append(path)
            elif os.path.islink(found[where[key]]) and not os.path.islink(path):
                found[where[key]] = path
    yield from found


def _backup_of_a_file(path: str, suffixes: Sequence[str]) -> bool:
    """Whether ``path`` ends in one of ``suffixes`` and the file it would be the backup of is beside it (a
    shell glob names backups one by one: ``copydesk fix --backup .orig docs/*``)."""
    return any(path.endswith(s) and os.path.lexists(path[:-len(s)]) for s in suffixes)


def _identity(path: str) -> object:
    """What names one file: its device and inode (so hard links are one file), else its real path."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return os.path.realpath(path)
    return st.st_dev, st.st_ino


def roots_of(paths: Iterable[str]) -> tuple[str, ...]:
    """Where ``fix`` may write, as real paths: each folder given, each file given (for a symlink, its
    target: the user named it), and for a glob the folder before its first wildcard."""
    roots: list[str] = []
    for given in paths:
        if given == "-":
            continue
        if not os.path.lexists(given) and glob.has_magic(given):
            fixed = []
            for part in Path(given).parts:
                if glob.has_magic(part):
                    break
                fixed.append(part)
            given = os.path.join(*fixed) if fixed else "."
        roots.append(os.path.realpath(given))
    return tuple(dict.fromkeys(roots))


def outside_roots(path: str, roots: Sequence[str]) -> str | None:
    """The real path of ``path`` if it is under none of ``roots``; None if it is under one, or no roots are given."""
    if not roots:
        return None
    real = os.path.realpath(path)
    for root in roots:
        if real == root or real.startswith(root.rstrip(os.sep) + os.sep):
            return None
    return real


def outside_message(real: str) -> str:
    return f"a symlink to {real}, outside the paths given; not fixed (name that file itself to fix it)"


def _walk(top: str, excluded: Any, skipped: Any) -> Iterator[str]:
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
                         and not excluded(os.path.join(directory, d))
                         and not _leads_back(os.path.join(directory, d)))
        for name in sorted(files):
            path = os.path.join(directory, name)
            if name.startswith(".") or skipped(path):
                continue
            yield path


def _leads_back(path: str) -> bool:
    """A symlink to a folder that contains it (``up -> ..``): following it would walk the folders above."""
    if not os.path.islink(path):
        return False
    target = os.path.realpath(path)
    here = os.path.realpath(os.path.dirname(path))
    return here == target or here.startswith(target.rstrip(os.sep) + os.sep)
