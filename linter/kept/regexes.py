"""Compiled regular expressions, kept between runs.

`regex` compiles in Python: it parses a pattern, optimises it and generates the code its C engine runs. A
one-file run compiles about ninety patterns (the modules' own and the rules'), a large part of its start-up
(bench/PERF.md). ``compile`` keeps what the compiler hands to the C engine for each pattern (the pattern, its
flags, the generated code, its group names, its required string) in one file (a ``store.Memo``), and the
next run builds the pattern from them without compiling.

The file is keyed by the versions of copydesk, `regex` and Python; anything unexpected (no file, a damaged
one, arguments this build of `regex` does not take, a locale-dependent pattern) compiles as usual.
"""

from __future__ import annotations

import copyreg
import marshal
import sys
from typing import Any

import regex

from linter.kept import store
from linter.version import VERSION

# What the C engine is built from, and how, as `regex` itself pickles a pattern: the reducer it registers with
# copyreg gives ``(constructor, arguments)``, and unpickling calls ``constructor(*arguments)``. This is the one
# place copydesk relies on `regex`'s internals: the arguments are the private input of its C engine (what
# pickle stores too), read through the pickle protocol, never by swapping or patching the module; and they are
# kept per `regex` version (``_file_name``), so another version never reads them.
_reduce = copyreg.dispatch_table[regex.Pattern]
_build, _ = _reduce(regex.compile("", cache_pattern=False))


def _file_name() -> str:
    return f"regex-{VERSION}-{regex.__version__}-{sys.implementation.cache_tag}-m{marshal.version}.marshal"


MEMO = store.Memo("compiled regexes", "derived", "regex-*.marshal", _file_name, max_entries=5_000)


def compile(pattern: str, flags: int = 0) -> regex.Pattern:
    """``regex.compile(pattern, flags)``, built from what an earlier run's compiler produced when it can be."""
    key = (pattern, int(flags), int(regex.DEFAULT_VERSION))
    args = MEMO.get(key)
    if args is not None:
        try:
            return _build(*args)
        except Exception:  # not what this build of regex takes: compile it again
            MEMO.discard(key)
    compiled = regex.compile(pattern, flags, cache_pattern=False)
    args = _storable(compiled)
    if args is not None:
        MEMO.put(key, args)
    return compiled


def _storable(compiled: regex.Pattern) -> tuple[Any, ...] | None:
    """What ``_build`` makes ``compiled`` again from, as plain data; None for a pattern compiled each time."""
    built, args = _reduce(compiled)
    if built is not _build or not isinstance(args, tuple) or len(args) < 2 or not isinstance(args[0], str):
        return None
    if int(args[1]) & regex.LOCALE:
        return None  # its code depends on the locale of the process that compiled it
    plain = tuple(int(a) if isinstance(a, regex.RegexFlag) else a for a in args)  # flags as plain numbers
    try:
        marshal.dumps(plain)
    except ValueError:
        return None
    return plain
