"""Gitignore-style globs (``exclude``, ``per-file-ignores``) matched in time linear in the path.

pathspec translates a glob into a regular expression and, by default, runs it with Python's backtracking
``re``: ``*a*a*a*a*b`` against a 200-character name took 2.6 s, each extra ``*`` multiplies that by the
name's length, and nothing stops it. Here the same translation runs on RE2 (``google-re2``, pathspec's
``re2`` backend), which matches without backtracking, so the globs mean exactly what they meant and no
glob can stall a run or the language server. Without RE2 (a platform with no wheel for it), each match
runs on ``regex`` under ``GLOB_TIMEOUT``, and a glob that needs longer is a configuration error.
"""

from __future__ import annotations

import functools
from typing import Any

from linter.core.config import ConfigError
from linter.kept import regexes

GLOB_TIMEOUT = 0.5  # seconds for one path against one glob, on the fallback engine only


class GlobTooSlow(ConfigError):
    """A glob took longer than ``GLOB_TIMEOUT`` to match one path (fallback engine only)."""

    def __init__(self, glob: str, path: str, key: str | None):
        super().__init__(f"the glob {glob!r} took over {GLOB_TIMEOUT:g} s to match {path!r}: simplify it "
                         "(fewer '*'), or pip install google-re2, which matches any glob in linear time", key=key)
        self.glob, self.path = glob, path


class Glob:
    """One gitignore-style glob; ``matches(relative_path)`` as ``pathspec.GitIgnoreSpec`` answers it."""

    def __init__(self, glob: str, key: str | None = None):
        import pathspec  # here: runs without globs need none of it

        self.glob, self.key = glob, key
        self._fallback: list[tuple[Any, bool]] | None = None
        self._spec = pathspec.GitIgnoreSpec.from_lines([glob], backend="re2" if has_re2() else "simple")
        if not has_re2():  # pathspec's own regexes, run on `regex`, which can stop one
            self._fallback = [(regexes.compile(p.regex.pattern), bool(p.include))
                              for p in self._spec.patterns if p.include is not None and p.regex is not None]

    def matches(self, path: str) -> bool:
        if self._fallback is None:
            return bool(self._spec.match_file(path))
        from pathspec.util import normalize_file

        path = normalize_file(path)
        matched = False
        for pattern, include in self._fallback:  # the last pattern that matches decides, as in pathspec
            try:
                if pattern.match(path, timeout=GLOB_TIMEOUT) is not None:
                    matched = include
            except TimeoutError:
                raise GlobTooSlow(self.glob, path, self.key) from None
        return matched


@functools.lru_cache(maxsize=1)
def has_re2() -> bool:
    """Whether RE2 (the ``google-re2`` package) imports here."""
    try:
        import re2  # noqa: F401
    except ImportError:
        return False
    return True
