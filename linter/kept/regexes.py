"""Compiled regular expressions, kept between runs.

`regex` compiles in Python: it parses a pattern, optimises it and generates the code its C engine runs,
from 0.3 ms for a short pattern to 4 ms for a long alternation. A one-file run compiles about ninety (the
modules' own patterns and the rules'), a fifth of its start-up. ``compile`` keeps what the compiler hands
to the C engine (the arguments of ``regex._regex.compile``: the pattern, its flags, the generated code,
its group names, its required string) in one file beside the pack cache, and the next run builds the
pattern from them in microseconds.

The file is keyed by the versions of copydesk, `regex` and Python, and checked by a checksum; anything
unexpected (no file, a damaged one, arguments of a kind not seen before, a locale-dependent pattern)
compiles as usual. It is trusted as Python trusts its own bytecode cache: whoever can write to the user's
cache folder can change what runs. ``COPYDESK_NO_PACK_CACHE`` turns it off, like the pack cache.
"""

from __future__ import annotations

import marshal
import sys
import threading
from pathlib import Path
from typing import Any

import regex
from regex import _main

from linter.kept import derived
from linter.version import VERSION

MAX_ENTRIES = 5_000  # more (packs edited over months): start again from the entries this process used

_lock = threading.Lock()
_store: dict[tuple[str, int, int], tuple[Any, ...]] | None = None
_used: set[tuple[str, int, int]] = set()
_dirty = False


def compile(pattern: str, flags: int = 0) -> regex.Pattern:
    """``regex.compile(pattern, flags)``, built from what an earlier run's compiler produced when it can be."""
    key = (pattern, int(flags), int(regex.DEFAULT_VERSION))
    store = _load()
    args = store.get(key)
    if args is not None:
        _used.add(key)
        try:
            return _main._regex.compile(*args)
        except Exception:  # not what this build of regex takes: compile it again
            store.pop(key, None)
    return _compiled(key)


def flush() -> None:
    """Write the patterns this process compiled (the engine calls it after compiling and after checking)."""
    global _dirty
    if not _dirty:
        return
    path = _path()
    # what other processes (the workers of a --jobs run) kept since this one read the file: the last to write
    # would otherwise drop their patterns, to be compiled again by the next run
    on_disk = derived.read_marshalled(path)
    with _lock:
        if not _dirty or _store is None or path is None:
            return
        if isinstance(on_disk, dict):
            for key, args in on_disk.items():
                _store.setdefault(key, args)
        kept = _store if len(_store) <= MAX_ENTRIES else {k: _store[k] for k in _used if k in _store}
        _dirty = False
    derived.write_marshalled(path, kept, "regex-*.marshal")


class _Recorder:
    """Stands in for the C module while one thread compiles: keeps that thread's arguments, passes all on."""

    def __init__(self, real: Any, thread: int):
        self._real, self._thread = real, thread
        self.recorded: list[tuple[Any, ...]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def compile(self, *args: Any) -> Any:
        if threading.get_ident() == self._thread:
            self.recorded.append(args)
        return self._real.compile(*args)


def _compiled(key: tuple[str, int, int]) -> regex.Pattern:
    global _dirty
    pattern, flags, _version = key
    with _lock:
        real = _main._regex
        recorder = _Recorder(real, threading.get_ident())
        _main._regex = recorder
        try:
            compiled = regex.compile(pattern, flags, cache_pattern=False)
        finally:
            _main._regex = real
    if len(recorder.recorded) == 1:
        args = _storable(recorder.recorded[0])
        if args is not None and _store is not None:
            with _lock:
                _store[key] = args
                _used.add(key)
                _dirty = True
    return compiled


def _storable(args: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """The arguments as plain data, or None for a pattern that must be compiled each time."""
    if not args or not isinstance(args[0], str) or len(args) < 2:
        return None
    if int(args[1]) & regex.LOCALE:
        return None  # its code depends on the locale of the process that compiled it
    plain = tuple(int(a) if isinstance(a, regex.RegexFlag) else a for a in args)  # flags as plain numbers
    try:
        marshal.dumps(plain)
    except ValueError:
        return None
    return plain


def _load() -> dict[tuple[str, int, int], tuple[Any, ...]]:
    global _store
    if _store is not None:
        return _store
    with _lock:  # once: two threads must not each read the file and keep different stores
        if _store is not None:
            return _store
        store = derived.read_marshalled(_path())
        _store = store if isinstance(store, dict) else {}
    return _store


def _path() -> Path | None:
    folder = derived.kept_folder("derived")
    if folder is None:
        return None
    return folder / f"regex-{VERSION}-{regex.__version__}-{sys.implementation.cache_tag}-m{marshal.version}.marshal"
