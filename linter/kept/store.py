"""The one home for what copydesk keeps on disk between runs: the folder, whole-or-nothing writes, checksummed
marshal files, pruning, and the register of stores that one ``flush()`` writes out.

A store is one kind of kept file (compiled regexes, the prefilter's literals, validated packs, hyphenation
patterns); it registers here with its folder and file names, and how it writes what it derived. What a file
is keyed by (copydesk's version, the code that made it) is the store's business, given here as a file name:
this module imports nothing from the package. Everything here fails quietly: a folder that cannot be
written to, or a file that is missing, damaged or of another Python, only means that nothing is kept.
``COPYDESK_NO_PACK_CACHE`` turns keeping off. Kept files are trusted as Python trusts its own bytecode cache:
whoever can write to the user's cache folder can change what runs.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import json
import marshal
import os
import sys
import threading
import time
import zlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

OFF = "COPYDESK_NO_PACK_CACHE"  # set (to anything): nothing is read from or written to the kept folder
STALE_AFTER = 30 * 24 * 3600  # seconds: a kept file not written for this long is removed (see prune)


def folder(name: str) -> Path | None:
    """The folder of the user's cache where copydesk keeps ``name`` between runs; None when keeping is off."""
    if os.environ.get(OFF):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base, "copydesk", name)


def write(path: Path, data: bytes, siblings: str) -> None:
    """Write a kept file whole or not at all (another process may be reading it), then prune the files
    matching ``siblings`` beside it. A folder that cannot be written to only means nothing is kept."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        temp.write_bytes(data)
        os.replace(temp, path)
    prune(path.parent, siblings)


def write_marshalled(path: Path, value: Any, siblings: str) -> None:
    """Keep ``value`` (plain data: marshal's types) in ``path`` with a checksum; see ``read_marshalled``."""
    data = marshal.dumps(value)
    write(path, zlib.crc32(data).to_bytes(4, "big") + data, siblings)


def read_marshalled(path: Path | None) -> Any:
    """What ``write_marshalled`` kept in ``path``; None for no file, a damaged one or one of another Python."""
    if path is None:
        return None
    with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
        raw = path.read_bytes()
        if zlib.crc32(raw[4:]).to_bytes(4, "big") == raw[:4]:
            return marshal.loads(raw[4:])
    return None


def prune(where: Path, pattern: str) -> None:
    """Remove the files matching ``pattern`` in ``where`` not written for STALE_AFTER: those of other
    copydesk versions and other pack texts pile up otherwise. Called when a file is written, so rarely;
    a file removed while still in use is only derived again."""
    now = time.time()
    with contextlib.suppress(OSError):
        for entry in where.glob(pattern):
            with contextlib.suppress(OSError):
                if now - entry.stat().st_mtime > STALE_AFTER:
                    entry.unlink()


def package_file(package: str, *parts: str) -> Path | None:
    """A data file shipped inside the installed ``package`` (pyphen's patterns, babel's locale data), found
    without importing the package; None when it is not there."""
    spec = importlib.util.find_spec(package)
    for where in (spec.submodule_search_locations or []) if spec else []:
        path = Path(where, *parts)
        if path.is_file():
            return path
    return None


def stamp(source: Path | None) -> str | None:
    """What a value derived from the file ``source`` is kept under, besides copydesk's version: the file's size and
    time and this Python's bytecode tag (marshal's format). None when there is no such file."""
    if source is None:
        return None
    try:
        stat = source.stat()
    except OSError:
        return None
    return f"{stat.st_size}-{stat.st_mtime_ns}-{sys.implementation.cache_tag}"


@functools.lru_cache(maxsize=1)
def package_stamp() -> str:
    """Size and modification time of every module of the copydesk package: what is kept from a run (findings,
    example results) may change with any of them, so a working copy (an editable install) whose code changed
    under the same version keeps nothing from before."""
    here = str(Path(__file__).resolve().parent.parent)
    parts, folders = [], [here]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        folders.append(entry.path)
                elif entry.name.endswith(".py"):
                    with contextlib.suppress(OSError):
                        st = entry.stat()
                        parts.append(f"{entry.path[len(here):]}:{st.st_size}:{st.st_mtime_ns}")
    parts.sort()
    return ",".join(parts)


# --- the register -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Store:
    """One kind of kept file: what it holds (for people), its folder in the kept folder, the pattern of its file
    names there (pruned together), and ``flush``, which writes what this process derived and has not written
    yet (None for a store that writes each file as soon as it is made)."""

    name: str
    folder: str
    files: str
    flush: Callable[[], None] | None = None

    def path(self, file_name: str) -> Path | None:
        """Where this store keeps ``file_name``; None when keeping is off."""
        where = folder(self.folder)
        return None if where is None else where / file_name

    def write(self, path: Path, data: bytes) -> None:
        write(path, data, self.files)

    def write_marshalled(self, path: Path, value: Any) -> None:
        write_marshalled(path, value, self.files)


_stores: list[Store] = []
_stores_lock = threading.Lock()


def register(store: Store) -> Store:
    """Add ``store`` to the stores that ``flush`` writes out (a module registers its store once, at import)."""
    with _stores_lock:
        _stores.append(store)
    return store


def stores() -> tuple[Store, ...]:
    """Every registered store, in the order they registered."""
    return tuple(_stores)


def flush() -> None:
    """Write what every store derived in this process and has not written yet, for the next process (the engine
    calls it once its checkers are built and after each check; a store with nothing new costs a test of a flag)."""
    for store in stores():
        if store.flush is not None:
            store.flush()


# --- a memo kept in one file, shared by the processes of a run -----------------------------------------


class Memo:
    """A dict of derived values kept in one file: read once per process, written by ``flush`` when it gained
    entries, merged with what other processes (the workers of a ``--jobs`` run) wrote since it was read, so the
    last to write does not drop their entries. Past ``max_entries`` (packs edited over months) it starts again
    from the entries this process used. It registers itself as a store."""

    def __init__(self, name: str, where: str, files: str, file_name: Callable[[], str], *, max_entries: int,
                 encoding: Literal["marshal", "json"] = "marshal"):
        self._file_name = file_name
        self.max_entries = max_entries
        self.encoding = encoding
        self.store = register(Store(name, where, files, self.flush))
        self._lock = threading.Lock()
        self._values: dict[Hashable, Any] | None = None
        self._used: set[Hashable] = set()
        self._dirty = False

    def path(self) -> Path | None:
        """The file this memo is kept in (its name may change with the code that derives the values)."""
        return self.store.path(self._file_name())

    @property
    def dirty(self) -> bool:
        """Whether this process derived entries that ``flush`` has not written yet."""
        return self._dirty

    def values(self) -> dict[Hashable, Any]:
        """Every entry, read from the file the first time (no file, or a damaged one: none)."""
        if self._values is None:
            with self._lock:  # once: two threads must not each read the file and keep different dicts
                if self._values is None:
                    self._values = self._read(self.path())
        return self._values

    def get(self, key: Hashable, default: Any = None) -> Any:
        """The value kept for ``key`` (it counts as used), or ``default``."""
        self._used.add(key)
        return self.values().get(key, default)

    def put(self, key: Hashable, value: Any) -> None:
        """Keep ``value`` for ``key``: written by the next ``flush``."""
        values = self.values()
        with self._lock:
            values[key] = value
            self._used.add(key)
            self._dirty = True

    def discard(self, key: Hashable) -> None:
        """Forget the value kept for ``key`` in this process (one that turned out unusable)."""
        self.values().pop(key, None)

    def forget(self) -> None:
        """Drop what this process read and derived, as a new process would start."""
        with self._lock:
            self._values, self._dirty = None, False
            self._used.clear()

    def flush(self) -> None:
        """Write the entries, with those other processes kept meanwhile, when this process derived new ones."""
        if not self._dirty:
            return
        path = self.path()
        on_disk = self._read(path)
        with self._lock:
            if not self._dirty or self._values is None or path is None:
                return
            for key, value in on_disk.items():
                self._values.setdefault(key, value)
            values = self._values
            kept = dict(values) if len(values) <= self.max_entries else {k: values[k] for k in self._used
                                                                         if k in values}
            self._dirty = False
        if self.encoding == "json":
            with contextlib.suppress(TypeError, ValueError):
                self.store.write(path, json.dumps(kept, ensure_ascii=False).encode("utf-8"))
        else:
            self.store.write_marshalled(path, kept)

    def _read(self, path: Path | None) -> dict[Hashable, Any]:
        values: Any = None
        if self.encoding == "json":
            if path is not None:
                with contextlib.suppress(OSError, ValueError):
                    values = json.loads(path.read_text(encoding="utf-8"))
        else:
            values = read_marshalled(path)
        return values if isinstance(values, dict) else {}
